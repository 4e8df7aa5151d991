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
#include "ovs-batch-run.h"
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
line_task_cb (OvsBatchRun *run,
              guint        index,
              OvsTask     *task)
{
  if (ovs_task_is_finished (task))
    return;
  g_signal_connect_object (task, "notify::status", G_CALLBACK (say_status), run, 0);
  say_status (task, NULL, NULL);
}

static void
line_error_cb (OvsBatchRun  *run,
               guint         index,
               const GError *error)
{
  OvsBatchLine *line = g_ptr_array_index (ovs_batch_run_get_batch (run)->lines, index);

  ovs_cli_error ("batch", _("line %u: %s"), line->line, error->message);
}

/* A task an earlier process left "submitting" had no answer recorded: it is unknown. */
static OvsTaskStatus
shown_status (OvsBatchRun *run,
              OvsTask     *task)
{
  OvsTaskStatus status = ovs_task_get_status (task);

  if (status == OVS_TASK_STATUS_SUBMITTING && !ovs_batch_run_is_following (run, task))
    return OVS_TASK_STATUS_UNKNOWN;
  return status;
}

static JsonNode *
summary_json (OvsBatchRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OvsBatch *batch = ovs_batch_run_get_batch (run);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch");
  json_builder_add_string_value (builder, batch->id);
  json_builder_set_member_name (builder, "lines");
  json_builder_begin_array (builder);
  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsTask *task = ovs_batch_run_get_task (run, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, ((OvsBatchLine *) g_ptr_array_index (batch->lines, i))->line);
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
print_summary (OvsBatchRun *run)
{
  OvsBatch *batch = ovs_batch_run_get_batch (run);
  gboolean any_failed = FALSE, all_succeeded = TRUE;

  if (!ovs_cli_json_wanted ())
    g_print ("%-6s %-38s %-11s %-8s %s\n", _("LINE"), _("TASK"), _("STATUS"), _("COST"),
             _("FILE"));
  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsTask *task = ovs_batch_run_get_task (run, i);
      OvsBatchLine *line = g_ptr_array_index (batch->lines, i);
      OvsTaskStatus status = task != NULL ? shown_status (run, task) : OVS_TASK_STATUS_UNKNOWN;
      g_autofree char *cost = NULL;

      any_failed |= task != NULL && status == OVS_TASK_STATUS_FAILED;
      all_succeeded &= task != NULL && status == OVS_TASK_STATUS_SUCCEEDED;
      if (ovs_cli_json_wanted ())
        continue;
      cost = task != NULL && ovs_task_get_cost (task) >= 0
             ? g_strdup_printf ("%" G_GINT64_FORMAT, ovs_task_get_cost (task)) : g_strdup ("-");
      g_print ("%-6u %-38s %-11s %-8s %s\n", line->line,
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
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(OvsBatchRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  guint n_earlier = 0;
  int status = OVS_EXIT_OK;

  store = ovs_cli_open_store ("batch", &status);
  if (store == NULL)
    {
      ovs_batch_free (batch);
      return status;
    }

  /* The whole batch is weighed once, before its first line goes. */
  {
    g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group (store, batch->id);
    guint n_unknown = 0;
    gint64 estimate = estimate_unsent (batch, earlier, &n_unknown);

    if (!ovs_cli_spend_allows ("batch", store, estimate, budget->daily, budget->monthly,
                               budget->yes))
      {
        ovs_batch_free (batch);
        return OVS_EXIT_USAGE;
      }
  }

  dir = download_dir != NULL ? g_strdup (download_dir) : ovs_core_dup_default_download_dir ();
  tracker = ovs_tracker_new (store, client, dir);
  ovs_tracker_set_auto_download (tracker, download_dir != NULL);
  ovs_cli_configure_schedule (tracker);
  run = ovs_batch_run_new (tracker, batch, parallel);
  g_signal_connect (run, "line-task", G_CALLBACK (line_task_cb), NULL);
  g_signal_connect (run, "line-error", G_CALLBACK (line_error_cb), NULL);
  if (!ovs_batch_run_start (run, &n_earlier, &error))
    {
      ovs_cli_error ("batch", "%s", error->message);
      return OVS_EXIT_USAGE;
    }
  if (n_earlier > 0)
    ovs_cli_warning (ngettext ("Batch %s: %u line was sent before; it is not sent again.",
                               "Batch %s: %u lines were sent before; they are not sent again.",
                               n_earlier), batch->id, n_earlier);
  while (!ovs_batch_run_get_done (run))
    g_main_context_iteration (NULL, TRUE);
  return print_summary (run);
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
  return run_batch (g_steal_pointer (&batch), client, download_dir, parallel, &budget);
}
