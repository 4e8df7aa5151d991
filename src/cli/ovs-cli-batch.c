/* ovs-cli-batch.c: batch — many requests from one JSONL or CSV file, resumable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every line is a task of one group in the history (group_kind "batch", group_id the
 * batch's id, group_index the line number). A line is written down as "submitting" before
 * its POST (the tracker's rule), so a line that has a task in the history, in any state,
 * was maybe sent and is never sent again: running the same command after a crash sends
 * only the lines that have none, and follows those still under way.
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ovs-batch.h"
#include "ovs-billing.h"
#include "ovs-budget.h"
#include "ovs-client.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-prices.h"
#include "ovs-request.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-validate.h"
#include "ovs-cli.h"

/* The relay's default per-key concurrency is small; two keeps a batch polite. */
#define DEFAULT_PARALLEL 2
#define MAX_PARALLEL     16

typedef struct
{
  OvsBatch     *batch;
  OvsTracker   *tracker;
  GPtrArray    *tasks;       /* per line: OvsTask or NULL (not sent) */
  GHashTable   *busy;        /* row ids sent or followed and not ended yet */
  guint         sending;     /* creates under way */
  guint         next;        /* the next line to consider */
  guint         parallel;
  gboolean      stop;        /* the key or the quota was refused: send nothing more */
} Run;

typedef struct
{
  Run   *run;
  guint  index;
} Send;

static void pump (Run *run);

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->tasks, g_ptr_array_unref);
  g_clear_pointer (&run->busy, g_hash_table_unref);
  g_clear_object (&run->tracker);
}

static OvsBatchLine *
line_at (Run   *run,
         guint  index)
{
  return g_ptr_array_index (run->batch->lines, index);
}

static gboolean
run_is_done (Run *run)
{
  gboolean nothing_left = run->stop || run->next >= run->batch->lines->len;

  return nothing_left && run->sending == 0 && g_hash_table_size (run->busy) == 0;
}

static void
say_status (OvsTask    *task,
            GParamSpec *pspec,
            gpointer    user_data)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, ovs_task_get_id (task));

  /* Translators: progress of a batch line, e.g. "line 4: running" */
  ovs_cli_progress (key, _("line %u: %s\n"), (guint) ovs_task_get_group_index (task),
                    ovs_task_status_to_string (ovs_task_get_status (task)));
}

static void
forget (Run     *run,
        OvsTask *task)
{
  gint64 id = ovs_task_get_id (task);

  if (g_hash_table_remove (run->busy, &id))
    pump (run);
}

static void
task_finished_cb (OvsTracker *tracker,
                  OvsTask    *task,
                  Run        *run)
{
  forget (run, task);
}

/* Stopped being followed (a refused key while polling): it will not end in this run. */
static void
paused_cb (OvsTask    *task,
           GParamSpec *pspec,
           Run        *run)
{
  if (ovs_task_get_paused (task))
    forget (run, task);
}

static void
follow (Run     *run,
        OvsTask *task)
{
  g_hash_table_add (run->busy, g_memdup2 (&(gint64) { ovs_task_get_id (task) }, sizeof (gint64)));
  g_signal_connect (task, "notify::status", G_CALLBACK (say_status), NULL);
  g_signal_connect (task, "notify::paused", G_CALLBACK (paused_cb), run);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Send *send = user_data;
  Run *run = send->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) task = ovs_tracker_submit_finish (run->tracker, result, &error);
  const GError *create_error = ovs_tracker_submit_get_create_error (result);
  guint line = line_at (run, send->index)->line;

  run->sending--;
  if (task == NULL)
    {
      /* Not written down, so not sent; nothing else can be written either. */
      ovs_cli_error ("batch", _("line %u: %s"), line, error->message);
      run->stop = TRUE;
    }
  else
    {
      g_ptr_array_index (run->tasks, send->index) = g_object_ref (task);
      if (create_error != NULL)
        {
          ovs_cli_error ("batch", _("line %u: %s"), line, create_error->message);
          /* Every other line would be refused the same way. */
          if (g_error_matches (create_error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED)
              || g_error_matches (create_error, OVS_ERROR, OVS_ERROR_QUOTA))
            run->stop = TRUE;
        }
      else if (!ovs_task_is_finished (task))
        {
          follow (run, task);
          say_status (task, NULL, NULL);
        }
    }
  pump (run);
}

/* The body as submit sends it: as written, unless the model's provider wants inline files
 * in another form (bare base64 for Kling). */
static OvsTask *
draft_for (Run          *run,
           OvsBatchLine *line)
{
  g_autoptr(OvsRequest) request = ovs_request_new_from_json (line->body, -1, NULL, NULL);
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autofree char *meta = ovs_batch_line_dup_meta (line);
  g_autofree char *as_read = ovs_json_to_string (ovs_request_get_root (request));
  g_autofree char *to_send = ovs_request_to_json (request);

  ovs_task_set_scenario (draft, ovs_scenario_get_id (ovs_request_get_scenario (request)));
  ovs_task_set_request_json (draft, g_str_equal (as_read, to_send) ? line->body : to_send);
  ovs_task_set_group_id (draft, run->batch->id);
  ovs_task_set_group_kind (draft, "batch");
  ovs_task_set_group_index (draft, line->line);
  ovs_task_set_meta (draft, meta);
  return g_steal_pointer (&draft);
}

static void
pump (Run *run)
{
  while (!run->stop && run->next < run->batch->lines->len
         && run->sending + g_hash_table_size (run->busy) < run->parallel)
    {
      guint index = run->next++;
      Send *send;
      g_autoptr(OvsTask) draft = NULL;

      if (g_ptr_array_index (run->tasks, index) != NULL)
        continue;  /* sent by an earlier run */

      draft = draft_for (run, line_at (run, index));
      send = g_new0 (Send, 1);
      send->run = run;
      send->index = index;
      run->sending++;
      ovs_tracker_submit_draft_async (run->tracker, draft, NULL, sent_cb, send);
    }
}

/* The tasks an earlier run of this batch left: never sent again; followed when under way. */
static guint
adopt_earlier (Run          *run,
               OvsTaskStore *store)
{
  g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group (store, run->batch->id);
  g_autoptr(GHashTable) by_line = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = 0;

  for (guint i = 0; i < run->batch->lines->len; i++)
    g_hash_table_insert (by_line, GUINT_TO_POINTER (line_at (run, i)->line), GUINT_TO_POINTER (i + 1));

  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    {
      OvsTask *task = g_ptr_array_index (earlier, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (by_line,
                                                           GUINT_TO_POINTER (ovs_task_get_group_index (task))));

      if (index == 0 || g_ptr_array_index (run->tasks, index - 1) != NULL)
        continue;
      g_ptr_array_index (run->tasks, index - 1) = g_object_ref (task);
      n++;
      if (!ovs_task_is_finished (task) && ovs_task_get_task_id (task) != NULL
          && !ovs_task_get_paused (task))
        {
          follow (run, task);
          ovs_tracker_track (run->tracker, task);
        }
    }
  return n;
}

/* A task an earlier process left "submitting" had no answer recorded: it is unknown. */
static OvsTaskStatus
shown_status (Run     *run,
              OvsTask *task)
{
  OvsTaskStatus status = ovs_task_get_status (task);
  gint64 id = ovs_task_get_id (task);

  if (status == OVS_TASK_STATUS_SUBMITTING && !g_hash_table_contains (run->busy, &id))
    return OVS_TASK_STATUS_UNKNOWN;
  return status;
}

static JsonNode *
summary_json (Run *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_string_value (builder, run->batch->id);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->batch->lines->len; i++)
    {
      OvsTask *task = g_ptr_array_index (run->tasks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, line_at (run, i)->line);
      json_builder_set_member_name (builder, "task");
      if (task != NULL)
        json_builder_add_value (builder, ovs_task_to_json (task, OVS_TASK_JSON_DEFAULT));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* line, task, status, file, cost: one row per line; and the exit code they make. */
static int
print_summary (Run *run)
{
  gboolean any_failed = FALSE, all_succeeded = TRUE;

  if (!ovs_cli_json_wanted ())
    g_print ("%-6s %-38s %-11s %-8s %s\n", _("LINE"), _("TASK"), _("STATUS"), _("COST"),
             _("FILE"));
  for (guint i = 0; i < run->batch->lines->len; i++)
    {
      OvsTask *task = g_ptr_array_index (run->tasks, i);
      OvsTaskStatus status = task != NULL ? shown_status (run, task) : OVS_TASK_STATUS_UNKNOWN;
      g_autofree char *cost = NULL;

      any_failed |= task != NULL && status == OVS_TASK_STATUS_FAILED;
      all_succeeded &= task != NULL && status == OVS_TASK_STATUS_SUCCEEDED;
      if (ovs_cli_json_wanted ())
        continue;
      cost = task != NULL && ovs_task_get_cost (task) >= 0
             ? g_strdup_printf ("%" G_GINT64_FORMAT, ovs_task_get_cost (task)) : g_strdup ("-");
      g_print ("%-6u %-38s %-11s %-8s %s\n", line_at (run, i)->line,
               task != NULL && ovs_task_get_task_id (task) != NULL ? ovs_task_get_task_id (task) : "-",
               task != NULL ? ovs_task_status_to_string (status) : _("not-sent"), cost,
               task != NULL && ovs_task_get_file (task) != NULL ? ovs_task_get_file (task) : "-");
    }
  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonNode) root = summary_json (run);

      ovs_cli_print_json (root);
    }
  if (all_succeeded)
    return OVS_EXIT_OK;
  return any_failed ? OVS_EXIT_TASK_FAILED : OVS_EXIT_NETWORK;
}

/* Every problem as "FILE:LINE: SEVERITY: PATH: MESSAGE"; FALSE when the batch may not go. */
static gboolean
report_problems (OvsBatch   *batch,
                 const char *file,
                 gboolean    strict)
{
  guint bad;

  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsBatchLine *line = g_ptr_array_index (batch->lines, i);
      g_autofree char *where = g_strdup_printf ("%s:%u", file, line->line);

      for (guint j = 0; j < line->problems->len; j++)
        {
          OvsProblem *problem = g_ptr_array_index (line->problems, j);

          ovs_cli_problem (where, ovs_severity_to_string (problem->severity), problem->path,
                           problem->message);
        }
    }
  bad = ovs_batch_count_bad (batch, strict ? OVS_SEVERITY_WARNING : OVS_SEVERITY_ERROR);
  if (bad > 0)
    /* Translators: "3 of 100 lines have errors; nothing was sent" */
    ovs_cli_error ("batch", ngettext ("%u of %u lines has errors; nothing was sent",
                                      "%u of %u lines have errors; nothing was sent", bad),
                   bad, batch->lines->len);
  return bad == 0;
}

/* What the lines not sent yet would cost: the sum of the estimates that are known. */
static gint64
estimate_unsent (OvsBatch   *batch,
                 GPtrArray  *earlier,
                 guint      *n_unknown)
{
  g_autoptr(OvsPrices) prices = ovs_cli_load_prices ();
  g_autoptr(GHashTable) sent = g_hash_table_new (g_direct_hash, g_direct_equal);
  gint64 total = 0;

  *n_unknown = 0;
  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    g_hash_table_add (sent, GINT_TO_POINTER (ovs_task_get_group_index (g_ptr_array_index (earlier, i))));
  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsBatchLine *line = g_ptr_array_index (batch->lines, i);
      gint64 cost;

      if (g_hash_table_contains (sent, GUINT_TO_POINTER (line->line)))
        continue;
      cost = ovs_prices_estimate (prices, line->body);
      if (cost >= 0)
        total += cost;
      else
        (*n_unknown)++;
    }
  return total;
}

static void
print_estimate (gint64 total,
                guint  n_unknown,
                guint  n_new)
{
  OvsSiteMoney money;
  g_autofree char *amount = NULL;

  ovs_site_money_init (&money);
  amount = ovs_budget_format (&money, total);
  if (n_unknown == 0)
    g_print (_("Estimated cost: %s\n"), amount);
  else if (n_unknown < n_new)
    /* Translators: "Estimated cost: $2.40, and 3 lines with no price in the price table" */
    g_print (ngettext ("Estimated cost: %s, and %u line with no price in the price table\n",
                       "Estimated cost: %s, and %u lines with no price in the price table\n",
                       n_unknown), amount, n_unknown);
  else
    g_print ("%s\n", _("Estimated cost: unknown (no price in the price table)"));
}

static int
dry_run (OvsBatch *batch)
{
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) earlier = NULL;
  guint n_sent = 0, n_new, n_unknown = 0;
  gint64 estimate;
  int status = OVS_EXIT_OK;

  store = ovs_cli_open_store ("batch", &status);
  if (store == NULL)
    return status;
  earlier = ovs_task_store_dup_group (store, batch->id);
  n_sent = earlier != NULL ? MIN (earlier->len, batch->lines->len) : 0;
  n_new = batch->lines->len - n_sent;
  estimate = estimate_unsent (batch, earlier, &n_unknown);

  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "batch");
      json_builder_add_string_value (builder, batch->id);
      json_builder_set_member_name (builder, "lines");
      json_builder_add_int_value (builder, batch->lines->len);
      json_builder_set_member_name (builder, "already_sent");
      json_builder_add_int_value (builder, n_sent);
      json_builder_set_member_name (builder, "to_send");
      json_builder_add_int_value (builder, n_new);
      json_builder_set_member_name (builder, "estimated_cost");
      if (n_unknown == 0)
        json_builder_add_int_value (builder, estimate);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ovs_cli_print_json (root);
      return OVS_EXIT_OK;
    }
  /* Translators: "Batch batch-0123456789abcdef: 10 tasks would be created (2 lines already sent)" */
  g_print (ngettext ("Batch %s: %u task would be created (%u lines already sent)\n",
                     "Batch %s: %u tasks would be created (%u lines already sent)\n", n_new),
           batch->id, n_new, n_sent);
  print_estimate (estimate, n_unknown, n_new);
  return OVS_EXIT_OK;
}

typedef struct
{
  double   daily;
  double   monthly;
  gboolean yes;
} Budget;

static int
run_batch (OvsBatch     *batch,
           OvsClient    *client,
           const char   *download_dir,
           guint         parallel,
           const Budget *budget)
{
  g_autoptr(OvsTaskStore) store = NULL;
  g_autofree char *dir = NULL;
  Run run = { 0 };
  guint n_earlier;
  int status = OVS_EXIT_OK;

  store = ovs_cli_open_store ("batch", &status);
  if (store == NULL)
    return status;

  /* The whole batch is weighed once, before its first line goes. */
  {
    g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group (store, batch->id);
    guint n_unknown = 0;
    gint64 estimate = estimate_unsent (batch, earlier, &n_unknown);

    if (!ovs_cli_spend_allows ("batch", store, estimate, budget->daily, budget->monthly,
                               budget->yes))
      return OVS_EXIT_USAGE;
  }

  dir = download_dir != NULL ? g_strdup (download_dir) : ovs_core_dup_default_download_dir ();
  run.batch = batch;
  run.parallel = parallel;
  run.tracker = ovs_tracker_new (store, client, dir);
  ovs_tracker_set_auto_download (run.tracker, download_dir != NULL);
  ovs_cli_configure_schedule (run.tracker);
  run.tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_set_size (run.tasks, batch->lines->len);
  run.busy = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect (run.tracker, "task-finished", G_CALLBACK (task_finished_cb), &run);

  n_earlier = adopt_earlier (&run, store);
  if (n_earlier > 0)
    ovs_cli_warning (ngettext ("Batch %s: %u line was sent before; it is not sent again.",
                               "Batch %s: %u lines were sent before; they are not sent again.",
                               n_earlier), batch->id, n_earlier);
  pump (&run);
  while (!run_is_done (&run))
    g_main_context_iteration (NULL, TRUE);

  g_signal_handlers_disconnect_by_data (run.tracker, &run);
  for (guint i = 0; i < run.tasks->len; i++)
    if (g_ptr_array_index (run.tasks, i) != NULL)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (run.tasks, i), &run);
  status = print_summary (&run);
  run_clear (&run);
  return status;
}

static char *
read_text (const char  *file,
           gsize       *length,
           GError     **error)
{
  char *text = NULL;

  if (!g_file_get_contents (file, &text, length, error))
    return NULL;
  return text;
}

int
ovs_cli_batch (int    argc,
               char **argv)
{
  g_autofree char *template_file = NULL;
  g_autofree char *download_dir = NULL;
  g_autofree char *route = NULL;
  g_autofree char *base_url = NULL;
  gboolean dry = FALSE, strict = FALSE, allow_insecure = FALSE;
  int parallel = DEFAULT_PARALLEL;
  Budget budget = { -1, -1, FALSE };
  GOptionEntry entries[] = {
    { "template", 'T', 0, G_OPTION_ARG_FILENAME, &template_file,
      N_("The body whose {{column}} placeholders each CSV row fills"), N_("FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry,
      N_("Check every line and say how many tasks would be created; send nothing"), NULL },
    { "parallel", 'p', 0, G_OPTION_ARG_INT, &parallel,
      N_("Tasks under way at once (default 2)"), N_("N") },
    { "download", 'd', 0, G_OPTION_ARG_FILENAME, &download_dir,
      N_("Download each video into DIR"), N_("DIR") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Send nothing when there are warnings either"), NULL },
    OVS_CLI_BUDGET_ENTRIES (&budget.daily, &budget.monthly, &budget.yes),
    OVS_CLI_GATEWAY_ENTRIES (&route, &base_url, &allow_insecure),
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *template_text = NULL;
  g_autoptr(OvsBatch) batch = NULL;
  g_autoptr(OvsClient) client = NULL;
  gsize length = 0;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("batch", _("FILE"),
                      _("Create one task per line of a JSONL file (a body per line) or per row "
                        "of a CSV file (filling the {{column}} placeholders of --template). "
                        "Every line is checked first; nothing is sent if one has errors. "
                        "Running the same command again continues the batch: a line sent "
                        "before is never sent again. Ends with a table of every line; exits 0 "
                        "when every task succeeded, 3 when one failed, 4 when one did not end."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (argc != 2)
    {
      ovs_cli_error ("batch", _("name one JSONL or CSV file"));
      return OVS_EXIT_USAGE;
    }
  if (parallel < 1 || parallel > MAX_PARALLEL)
    {
      ovs_cli_error ("batch", _("--parallel is between 1 and %d, not %d"), MAX_PARALLEL, parallel);
      return OVS_EXIT_USAGE;
    }

  text = read_text (argv[1], &length, &error);
  if (text == NULL || (template_file != NULL
                       && (template_text = read_text (template_file, NULL, &error)) == NULL))
    {
      ovs_cli_error ("batch", "%s", error->message);
      return OVS_EXIT_USAGE;
    }

  if (template_text != NULL)
    {
      g_autoptr(JsonNode) template = ovs_json_parse_object (template_text, -1, NULL, NULL, &error);

      if (template == NULL)
        {
          ovs_cli_problem (template_file, "error", "$", error->message);
          return OVS_EXIT_INVALID;
        }
    }

  batch = ovs_batch_parse (text, length, ovs_batch_format_for (argv[1], template_file != NULL),
                           template_text, &error);
  if (batch == NULL)
    {
      ovs_cli_error ("batch", "%s: %s", argv[1], error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_PARSE) ? OVS_EXIT_INVALID
                                                                 : OVS_EXIT_USAGE;
    }
  if (!report_problems (batch, argv[1], strict))
    return OVS_EXIT_INVALID;
  if (dry)
    return dry_run (batch);

  client = ovs_cli_make_client ("batch", base_url, route, allow_insecure, &status);
  if (client == NULL)
    return status;
  return run_batch (batch, client, download_dir, parallel, &budget);
}
