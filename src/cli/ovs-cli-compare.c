/* ovs-cli-compare.c: submit --models A,B,C and submit --variants N
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "ovs-catalog.h"
#include "ovs-client.h"
#include "ovs-compare.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-grid-export.h"
#include "ovs-group-send.h"
#include "ovs-media-probe.h"
#include "ovs-json.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-validate.h"
#include "ovs-prices.h"
#include "ovs-cli.h"

#define DEFAULT_TIMEOUT_SECONDS (24 * 60 * 60)

typedef struct
{
  char     *models;
  int       variants;
  gboolean  dry_run;
  gboolean  wait;
  gboolean  strict;
  gboolean  allow_insecure;
  char     *download_dir;
  char     *route;
  char     *base_url;
  double    timeout;
  double    budget_daily;
  double    budget_monthly;
  gboolean  over_budget_ok;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->models);
  g_free (options->download_dir);
  g_free (options->route);
  g_free (options->base_url);
}

gboolean
ovs_cli_compare_wanted (int    argc,
                        char **argv)
{
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--models") || g_str_has_prefix (argv[i], "--models=")
        || g_str_equal (argv[i], "--variants") || g_str_has_prefix (argv[i], "--variants="))
      return TRUE;
  return FALSE;
}

static gboolean
parse_options (Options  *options,
               int      *argc,
               char   ***argv)
{
  GOptionEntry entries[] = {
    { "models", 'M', 0, G_OPTION_ARG_STRING, &options->models,
      N_("Send the body to each of these models, as one comparison"), N_("A,B,C") },
    { "variants", 'V', 0, G_OPTION_ARG_INT, &options->variants,
      N_("Send N copies of the body (with their own seeds where the model has one)"), N_("N") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &options->dry_run,
      N_("Print the bodies of the group, send nothing"), NULL },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &options->wait,
      N_("Wait until the task ends"), NULL },
    { "download", 'd', 0, G_OPTION_ARG_FILENAME, &options->download_dir,
      N_("Wait, then download the video into DIR and print its path"), N_("DIR") },
    { "route", 'r', 0, G_OPTION_ARG_STRING, &options->route,
      N_("Which routes to use: videos (default) or generations"), N_("ROUTE") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &options->base_url,
      N_("The gateway (default: $OMNIROUTERS_BASE_URL, else https://omnirouters.com)"),
      N_("URL") },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &options->allow_insecure,
      N_("Send the key over plain http to a remote host"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &options->timeout,
      N_("Give up waiting after this many seconds (default: 24 hours)"), N_("SECONDS") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &options->strict,
      N_("Send nothing when there are warnings either"), NULL },
    OVS_CLI_BUDGET_ENTRIES (&options->budget_daily, &options->budget_monthly,
                            &options->over_budget_ok),
    { NULL }
  };

  options->timeout = DEFAULT_TIMEOUT_SECONDS;
  options->budget_daily = options->budget_monthly = -1;
  if (!ovs_cli_parse ("submit", _("FILE"),
                      _("Send one request body to several models (--models) or N times "
                        "(--variants) as one group of the history. Prints each model's "
                        "warnings first, then the group id and one line per task; with "
                        "--wait every task's result; with --json one document."),
                      entries, argc, argv))
    return FALSE;
  if (*argc != 2)
    ovs_cli_error ("submit", _("name one file (or - for standard input)"));
  else if ((options->models != NULL) == (options->variants != 0))
    ovs_cli_error ("submit", _("give either --models or --variants, not both"));
  else if (options->variants != 0 && (options->variants < 2
                                      || options->variants > OVS_COMPARE_MAX_VARIANTS))
    ovs_cli_error ("submit", _("--variants takes a number from 2 to %d"), OVS_COMPARE_MAX_VARIANTS);
  else if (!(options->timeout > 0) || !isfinite (options->timeout))
    ovs_cli_error ("submit", _("the timeout must be a positive number of seconds"));
  else
    {
      options->wait = options->wait || options->download_dir != NULL;
      return TRUE;
    }
  return FALSE;
}

/* The group's bodies, or NULL with the exit code in *status after saying why. */
static GPtrArray *
make_bodies (const Options *options,
             const char    *file,
             int           *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_auto(GStrv) models = NULL;
  GPtrArray *bodies;
  gsize length = 0;
  int line = 0, column = 0;

  *status = OVS_EXIT_INVALID;
  text = ovs_cli_read_body (file, &length, &error);
  if (text == NULL && !g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
    {
      ovs_cli_error ("submit", "%s: %s", file, error->message);
      *status = OVS_EXIT_USAGE;
      return NULL;
    }
  if (text != NULL)
    source = ovs_json_parse_object (text, length, &line, &column, &error);
  if (source == NULL)
    {
      ovs_cli_problem (file, "error", "$", error->message);
      return NULL;
    }
  if (options->models != NULL)
    {
      models = ovs_compare_split_models (options->models);
      bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source,
                                    (const char * const *) models, &error);
    }
  else
    bodies = ovs_compare_variants (ovs_catalog_get_default (), source, options->variants,
                                   g_random_int_range (1, G_MAXINT32 - OVS_COMPARE_MAX_VARIANTS),
                                   &error);
  *status = OVS_EXIT_OK;
  if (bodies == NULL)
    {
      ovs_cli_error ("submit", "%s", error->message);
      *status = OVS_EXIT_USAGE;
    }
  return bodies;
}

/* Each model's warnings (what the mapping changed), then what validation says of its body:
 * "FILE (MODEL): SEVERITY: PATH: MESSAGE". Returns FALSE when nothing may be sent. */
static gboolean
report_problems (const Options *options,
                 const char    *file,
                 GPtrArray     *bodies)
{
  guint n_errors = 0, n_warnings = 0;

  for (guint i = 0; i < bodies->len; i++)
    {
      OvsCompareBody *body = g_ptr_array_index (bodies, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", file, body->model);
      g_autoptr(GPtrArray) problems = ovs_validate_node (body->body, body->scenario);

      for (guint j = 0; j < body->warnings->len; j++)
        g_ptr_array_add (problems, ovs_problem_copy (g_ptr_array_index (body->warnings, j)));
      for (guint j = 0; j < problems->len; j++)
        {
          OvsProblem *problem = g_ptr_array_index (problems, j);

          ovs_cli_problem (label, ovs_severity_to_string (problem->severity), problem->path,
                           problem->message);
        }
      n_errors += ovs_problems_count (problems, OVS_SEVERITY_ERROR);
      n_warnings += ovs_problems_count (problems, OVS_SEVERITY_WARNING);
    }
  return n_errors == 0 && !(options->strict && n_warnings > 0);
}

static JsonNode *
body_to_json (OvsCompareBody *body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, body->model);
  json_builder_set_member_name (builder, "scenario");
  if (body->scenario != NULL)
    json_builder_add_string_value (builder, ovs_scenario_get_id (body->scenario));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_value (builder, ovs_json_deep_copy (body->body));
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < body->warnings->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (body->warnings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, problem->path);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, problem->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_dry_run (GPtrArray *bodies)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  if (!ovs_cli_json_wanted ())
    {
      for (guint i = 0; i < bodies->len; i++)
        {
          OvsCompareBody *body = g_ptr_array_index (bodies, i);
          g_autofree char *text = ovs_json_to_string (body->body);

          g_print ("%s# %s\n%s", i > 0 ? "\n" : "", body->model, text);
        }
      return;
    }
  for (guint i = 0; i < bodies->len; i++)
    json_array_add_element (array, body_to_json (g_ptr_array_index (bodies, i)));
  json_node_set_array (root, array);
  ovs_cli_print_json (root);
}

static gboolean
keep_waking_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
status_cb (OvsTask    *task,
           GParamSpec *pspec,
           gpointer    user_data)
{
  const char *key = ovs_task_get_task_id (task);

  if (key != NULL)
    ovs_cli_progress (key, "%s: %s", ovs_task_get_model (task),
                      ovs_task_status_to_string (ovs_task_get_status (task)));
}

static gboolean
all_ended (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);

      /* Paused: the tracker stopped (a refused key, the quota); waiting is useless. */
      if (!ovs_task_is_finished (task) && !ovs_task_get_paused (task)
          && ovs_task_get_status (task) != OVS_TASK_STATUS_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

static gboolean
wait_for_group (OvsTracker *tracker,
                GPtrArray  *tasks,
                double      timeout)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);
  guint wakeup;

  for (guint i = 0; i < tasks->len; i++)
    g_signal_connect (g_ptr_array_index (tasks, i), "notify::status", G_CALLBACK (status_cb), NULL);
  /* A wake-up now and then, so the deadline is noticed even when nothing happens. */
  wakeup = g_timeout_add (250, keep_waking_cb, NULL);
  /* Busy: a finished task may still be downloading. */
  while ((!all_ended (tasks) || ovs_tracker_get_n_busy (tracker) > 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wakeup);
  for (guint i = 0; i < tasks->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (tasks, i), status_cb, NULL);
  return all_ended (tasks);
}

static void
print_group_json (const char *group_id,
                  const char *kind,
                  GPtrArray  *tasks)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "group");
  json_builder_add_string_value (builder, group_id);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "tasks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tasks->len; i++)
    json_builder_add_value (builder, ovs_task_to_json (g_ptr_array_index (tasks, i),
                                                       OVS_TASK_JSON_DEFAULT));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ovs_cli_print_json (root);
}

/* One line a task: its place, model, the server's id (or "-"), status, and the file or
 * the error once it ended. */
static void
print_task_lines (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      const char *detail = ovs_task_get_file (task) != NULL ? ovs_task_get_file (task)
                           : ovs_task_get_error (task);

      g_print ("%u\t%s\t%s\t%s%s%s\n", i + 1, ovs_task_get_model (task),
               ovs_task_get_task_id (task) != NULL ? ovs_task_get_task_id (task) : "-",
               ovs_task_status_to_string (ovs_task_get_status (task)),
               detail != NULL ? "\t" : "", detail != NULL ? detail : "");
    }
}

/* 0 when every task did what was asked; else the worst: unknown or paused 4, failed 3. */
static int
group_exit_code (GPtrArray *tasks,
                 gboolean   waited,
                 gboolean   downloaded)
{
  int status = OVS_EXIT_OK;

  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      OvsTaskStatus state = ovs_task_get_status (task);

      if (state == OVS_TASK_STATUS_UNKNOWN || ovs_task_get_paused (task)
          || (downloaded && state == OVS_TASK_STATUS_SUCCEEDED && ovs_task_get_file (task) == NULL))
        status = OVS_EXIT_NETWORK;
      else if (state == OVS_TASK_STATUS_FAILED && status == OVS_EXIT_OK)
        status = OVS_EXIT_TASK_FAILED;
      else if (waited && !ovs_task_is_finished (task) && status == OVS_EXIT_OK)
        status = OVS_EXIT_GAVE_UP;
    }
  return status;
}

/* The whole group is weighed once, as a batch is. */
static gboolean
group_within_budget (const Options *options,
                     OvsTaskStore  *store,
                     GPtrArray     *bodies)
{
  g_autoptr(OvsPrices) prices = ovs_cli_load_prices ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  guint n_unknown = 0;
  gint64 estimate;

  for (guint i = 0; i < bodies->len; i++)
    {
      OvsCompareBody *body = g_ptr_array_index (bodies, i);

      g_ptr_array_add (texts, json_to_string (body->body, FALSE));
    }
  estimate = ovs_prices_estimate_all (prices, texts, &n_unknown);
  return ovs_cli_spend_allows ("submit", store, n_unknown < texts->len ? estimate : -1,
                               options->budget_daily, options->budget_monthly,
                               options->over_budget_ok);
}

static int
send_group (const Options *options,
            GPtrArray     *bodies)
{
  const char *kind = options->models != NULL ? OVS_GROUP_KIND_COMPARE : OVS_GROUP_KIND_VARIANTS;
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;
  g_autofree char *dir = NULL;
  int status = OVS_EXIT_OK;

  client = ovs_cli_make_client ("submit", options->base_url, options->route,
                                options->allow_insecure, &status);
  if (client == NULL)
    return status;
  store = ovs_cli_open_store ("submit", &status);
  if (store == NULL)
    return status;
  if (!group_within_budget (options, store, bodies))
    return OVS_EXIT_USAGE;
  dir = options->download_dir != NULL ? g_strdup (options->download_dir)
                                      : ovs_core_dup_default_download_dir ();
  tracker = ovs_tracker_new (store, client, dir);
  ovs_tracker_set_auto_download (tracker, options->download_dir != NULL);
  ovs_cli_configure_schedule (tracker);

  ovs_group_send_async (tracker, kind, bodies, NULL, ovs_cli_sync_result_cb, &sync);
  tasks = ovs_group_send_finish (tracker, ovs_cli_sync_wait (&sync), &group_id, &error);
  g_object_unref (sync.result);
  if (tasks == NULL)
    {
      ovs_cli_error ("submit", "%s", error->message);
      return OVS_EXIT_USAGE;
    }
  /* At once, so that a script has the group even if it stops waiting. */
  if (!ovs_cli_json_wanted ())
    {
      g_print ("%s\n", group_id);
      fflush (stdout);
    }
  if (options->wait && !wait_for_group (tracker, tasks, options->timeout))
    ovs_cli_error ("submit", _("Gave up waiting after %.0f s; the group %s is still going "
                               "(“omni-video track” follows it)."), options->timeout, group_id);
  for (guint i = 0; i < tasks->len; i++)
    ovs_tracker_untrack (tracker, g_ptr_array_index (tasks, i));
  if (ovs_cli_json_wanted ())
    print_group_json (group_id, kind, tasks);
  else
    print_task_lines (tasks);
  return group_exit_code (tasks, options->wait, options->download_dir != NULL);
}

int
ovs_cli_compare_submit (int    argc,
                        char **argv)
{
  Options options = { 0 };
  g_autoptr(GPtrArray) bodies = NULL;
  int status = OVS_EXIT_OK;

  if (!parse_options (&options, &argc, &argv))
    {
      options_clear (&options);
      return OVS_EXIT_USAGE;
    }
  bodies = make_bodies (&options, argv[1], &status);
  if (bodies != NULL && !report_problems (&options, argv[1], bodies))
    status = OVS_EXIT_INVALID;
  if (bodies != NULL && status == OVS_EXIT_OK)
    {
      if (options.dry_run)
        print_dry_run (bodies);
      else
        status = send_group (&options, bodies);
    }
  options_clear (&options);
  return status;
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  /* Translators: how far the export of a comparison got, e.g. "exporting 40%" */
  ovs_cli_progress ("export-grid", _("exporting %d%%"), (int) (fraction * 100));
}

/* The group's downloaded videos and their labels; a task without one is said and left out. */
static gboolean
collect_tiles (GPtrArray *tasks,
               GPtrArray *paths,
               GPtrArray *labels)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);

      if (ovs_task_get_file (task) == NULL || !g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR))
        {
          ovs_cli_warning (_("Task %d (%s) has no video on this computer: left out\n"),
                           (int) ovs_task_get_id (task), ovs_task_get_model (task));
          continue;
        }
      if (paths->len == 6)
        {
          ovs_cli_warning (_("A grid has at most 6 tiles: the rest of the group is left out\n"));
          break;
        }
      g_ptr_array_add (paths, g_strdup (ovs_task_get_file (task)));
      g_ptr_array_add (labels, ovs_grid_export_label (task));
    }
  g_ptr_array_add (paths, NULL);
  g_ptr_array_add (labels, NULL);
  return paths->len > 1;
}

int
ovs_cli_export_grid (int    argc,
                     char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The video to write (.mp4)"), N_("FILE") },
    { NULL }
  };
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  double duration = 0;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("export-grid", _("GROUP"),
                      _("Write a comparison's videos side by side into one MP4, each under its "
                        "model's label; as long as the longest, the others holding their last "
                        "frame."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (argc != 2 || output == NULL)
    {
      ovs_cli_error ("export-grid", _("name one group id and -o FILE"));
      return OVS_EXIT_USAGE;
    }
  store = ovs_cli_open_store ("export-grid", &status);
  if (store == NULL)
    return status;
  tasks = ovs_task_store_dup_group (store, argv[1]);
  if (tasks->len == 0)
    {
      ovs_cli_error ("export-grid", _("no group “%s” in the history (“omni-video list --json” "
                                      "shows each task's group)"), argv[1]);
      return OVS_EXIT_USAGE;
    }
  if (!collect_tiles (tasks, paths, labels))
    {
      ovs_cli_error ("export-grid", _("the group “%s” has no video downloaded yet"), argv[1]);
      return OVS_EXIT_TASK_FAILED;
    }
  ovs_grid_export_async ((const char * const *) paths->pdata, (const char * const *) labels->pdata,
                         output, export_progress_cb, NULL, NULL, ovs_cli_sync_result_cb, &sync);
  if (!ovs_grid_export_finish (ovs_cli_sync_wait (&sync), &duration, &error))
    {
      g_object_unref (sync.result);
      ovs_cli_error ("export-grid", "%s", error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_INVALID) ? OVS_EXIT_USAGE : OVS_EXIT_TASK_FAILED;
    }
  g_object_unref (sync.result);
  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, output);
      json_builder_set_member_name (builder, "duration");
      json_builder_add_double_value (builder, duration);
      json_builder_set_member_name (builder, "tiles");
      json_builder_add_int_value (builder, paths->len - 1);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ovs_cli_print_json (root);
    }
  else
    g_print ("%s\n", output);
  return OVS_EXIT_OK;
}
