/* ovs-cli-tasks.c: submit, status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "ovs-client.h"
#include "ovs-core.h"
#include "ovs-cost-watch.h"
#include "ovs-request.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-catalog.h"
#include "ovs-validate.h"
#include "ovs-prices.h"
#include "ovs-cli.h"

#define DEFAULT_POLL_SECONDS     5.0
#define MAX_POLL_SECONDS         15.0
#define DEFAULT_TIMEOUT_SECONDS  (24 * 60 * 60)
#define MAX_FAILED_QUERIES       5

/* Running async calls to the end from a command (ovs-cli.h) */

void
ovs_cli_sync_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  OvsCliSync *sync = user_data;

  sync->result = g_object_ref (result);
  g_main_context_wakeup (sync->context);
}

GAsyncResult *
ovs_cli_sync_wait (OvsCliSync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  return sync->result;
}

static gboolean
keep_waking_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static int
exit_code_for (const GError *error)
{
  /* The server's 400 and 413 are about the request too. */
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_INVALID)
      || g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
    return OVS_EXIT_INVALID;
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_TASK_FAILED))
    return OVS_EXIT_TASK_FAILED;
  return OVS_EXIT_NETWORK;
}

/* The client for --base-url / OMNIROUTERS_BASE_URL and OMNIROUTERS_API_KEY; NULL with the
 * exit code in *status after saying why. */
static OvsClient *
make_client (const char *command,
             const char *base_url,
             const char *route_name,
             gboolean    allow_insecure,
             int        *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsClient) client = NULL;
  OvsRoute route = OVS_ROUTE_VIDEOS;

  if (route_name != NULL && !ovs_route_from_string (route_name, &route))
    {
      ovs_cli_error (command, _("the route is “videos” or “generations”, not “%s”"), route_name);
      *status = OVS_EXIT_USAGE;
      return NULL;
    }

  if (base_url == NULL || *base_url == '\0')
    base_url = g_getenv ("OMNIROUTERS_BASE_URL");
  if (base_url == NULL || *base_url == '\0')
    base_url = OVS_CLIENT_DEFAULT_BASE_URL;

  client = ovs_client_new_full (base_url, g_getenv ("OMNIROUTERS_API_KEY"), allow_insecure,
                                &error);
  if (client == NULL)
    {
      ovs_cli_error (command, "%s", error->message);
      if (g_error_matches (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED))
        {
          *status = OVS_EXIT_NETWORK;
        }
      else
        {
          if (g_error_matches (error, OVS_ERROR, OVS_ERROR_INSECURE))
            g_printerr (_("Use --allow-insecure to send it anyway.\n"));
          *status = OVS_EXIT_USAGE;
        }
      return NULL;
    }

  ovs_client_set_route (client, route);
  return g_steal_pointer (&client);
}

/* submit --json: the task as "status" prints it, with "file" once it was downloaded. */
static void
print_task_json (OvsTask *task)
{
  g_autoptr(OvsTaskUpdate) update = ovs_task_dup_update (task);
  g_autofree char *text = ovs_task_update_to_json (update);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_return_if_fail (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  if (ovs_task_get_file (task) != NULL)
    json_object_set_string_member (json_node_get_object (node), "file", ovs_task_get_file (task));
  ovs_cli_print_json (node);
}

static OvsTaskUpdate *
query_once (OvsClient   *client,
            const char  *task_id,
            GError     **error)
{
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  OvsTaskUpdate *update;

  ovs_client_query_async (client, task_id, NULL, ovs_cli_sync_result_cb, &sync);
  update = ovs_client_query_finish (client, ovs_cli_sync_wait (&sync), error);
  g_object_unref (sync.result);
  return update;
}

/* OVS_POLL_INTERVAL (seconds) makes tests fast; users get the gateway-friendly default. */
static void
configure_schedule (OvsTracker *tracker)
{
  const char *interval = g_getenv ("OVS_POLL_INTERVAL");
  double seconds = interval != NULL ? g_ascii_strtod (interval, NULL) : 0;

  if (seconds > 0 && isfinite (seconds))
    ovs_tracker_set_schedule (tracker, seconds, MAX (seconds, 3 * seconds));
}

static void
task_finished_cb (OvsTracker *tracker,
                  OvsTask    *task,
                  gboolean   *finished)
{
  *finished = TRUE;
}

/* Answers nobody can read would keep the wait silent: said as they happen. */
static void
note_cb (OvsTask    *task,
         GParamSpec *pspec,
         gpointer    user_data)
{
  const char *note = ovs_task_get_note (task);

  if (note != NULL && g_str_has_prefix (note, _("Unusable answers:")))
    ovs_cli_warning ("%s", note);
}

/* The tracker stopped following it (a refused key, the quota): waiting longer is useless. */
static void
task_paused_cb (OvsTask    *task,
                GParamSpec *pspec,
                gboolean   *finished)
{
  if (ovs_task_get_paused (task))
    *finished = TRUE;
}

static void
progress_cb (OvsTask    *task,
             GParamSpec *pspec,
             gpointer    user_data)
{
  const char *key = ovs_task_get_task_id (task);

  /* Status and progress change together: ovs_cli_progress() says each change once. */
  switch (ovs_task_get_status (task))
    {
    case OVS_TASK_STATUS_QUEUED:
      ovs_cli_progress (key, "%s", _("queued…"));
      break;
    case OVS_TASK_STATUS_RUNNING:
      if (ovs_task_get_progress (task) >= 0)
        /* Translators: a task's progress, e.g. "running 30%" */
        ovs_cli_progress (key, _("running %d%%\n"), ovs_task_get_progress (task));
      else
        ovs_cli_progress (key, "%s", _("running…"));
      break;
    case OVS_TASK_STATUS_UNKNOWN:
    case OVS_TASK_STATUS_SUBMITTING:
      ovs_cli_progress (key, "%s", _("waiting for the server…"));
      break;
    case OVS_TASK_STATUS_SUCCEEDED:
      ovs_cli_progress (key, "%s", _("succeeded"));
      break;
    case OVS_TASK_STATUS_FAILED:
    default:
      break;
    }
}

/* The body of @file and the scenario it is checked against (--scenario); NULL with
 * *@status the exit code when either is wrong. */
static char *
read_body (const char   *file,
           const char   *scenario_id,
           OvsScenario **scenario,
           gsize        *length,
           int          *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ovs_cli_read_body (file, length, &error);

  if (text == NULL)
    {
      if (g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
        {
          ovs_cli_problem (file, "error", "$", error->message);
          *status = OVS_EXIT_INVALID;
          return NULL;
        }
      ovs_cli_error ("submit", "%s: %s", file, error->message);
      *status = OVS_EXIT_USAGE;
      return NULL;
    }
  if (scenario_id != NULL)
    {
      *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), scenario_id);
      if (*scenario == NULL)
        {
          ovs_cli_error ("submit", _("no scenario “%s” (see “omni-video scenarios”)"), scenario_id);
          *status = OVS_EXIT_USAGE;
          return NULL;
        }
    }
  return g_steal_pointer (&text);
}

/* At once, so that a script has the id even if it stops waiting; with --json the id is part
 * of the one document printed at the end. */
static void
print_task_id (OvsTask *task)
{
  if (!ovs_cli_json_wanted ())
    {
      g_print ("%s\n", ovs_task_get_task_id (task));
      fflush (stdout);
    }
  else
    {
      ovs_cli_progress (NULL, "%s", ovs_task_get_task_id (task));
    }
}

/* Prints the problems of the body; FALSE when it must not be sent (errors, or warnings
 * with --strict). */
static gboolean
check_body (const char  *file,
            const char  *text,
            gsize        length,
            OvsScenario *scenario,
            gboolean     strict)
{
  g_autoptr(GPtrArray) problems = ovs_validate_text (text, length, scenario);

  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      ovs_cli_problem (file, ovs_severity_to_string (problem->severity), problem->path,
                       problem->message);
    }
  return ovs_problems_count (problems, OVS_SEVERITY_ERROR) == 0
         && !(strict && ovs_problems_count (problems, OVS_SEVERITY_WARNING) > 0);
}

/* The bytes as given, unless the model's provider wants inline files in another form (bare
 * base64 for Kling): then the body as the request writes it. */
static OvsRequest *
prepare_body (char        **text,
              gsize         length,
              OvsScenario  *scenario)
{
  OvsRequest *request = ovs_request_new_from_json (*text, length, NULL, NULL);
  g_autofree char *as_read = NULL;
  g_autofree char *to_send = NULL;

  if (scenario != NULL)
    ovs_request_set_scenario (request, scenario);
  as_read = ovs_json_to_string (ovs_request_get_root (request));
  to_send = ovs_request_to_json (request);
  if (!g_str_equal (as_read, to_send))
    {
      g_free (*text);
      *text = g_steal_pointer (&to_send);
    }
  return request;
}

/* Writes the task into the history, then sends it, once. NULL (with *@status the exit
 * code, the reason printed) when it was not created. */
static OvsTask *
send_body (OvsTracker   *tracker,
           char        **text,
           gsize         length,
           OvsScenario  *scenario,
           int          *status)
{
  g_autoptr(OvsRequest) request = prepare_body (text, length, scenario);
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) task = NULL;
  const GError *create_error;

  ovs_tracker_submit_async (tracker, ovs_scenario_get_id (ovs_request_get_scenario (request)),
                            *text, NULL, ovs_cli_sync_result_cb, &sync);
  task = ovs_tracker_submit_finish (tracker, ovs_cli_sync_wait (&sync), &error);
  create_error = ovs_tracker_submit_get_create_error (sync.result);
  if (task == NULL)
    {
      ovs_cli_error ("submit", "%s", error->message);
      *status = OVS_EXIT_USAGE;
    }
  else if (create_error != NULL)
    {
      ovs_cli_error ("submit", "%s", create_error->message);
      *status = ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN
                ? OVS_EXIT_NETWORK : exit_code_for (create_error);
      if (ovs_task_get_note (task) != NULL)
        ovs_cli_error ("submit", "%s", ovs_task_get_note (task));
      g_clear_object (&task);
    }
  g_object_unref (sync.result);
  return g_steal_pointer (&task);
}

/* Follows @task, its progress and notes on stderr, until it ends, stops on a refused key
 * or @timeout seconds pass; FALSE (and said) when the time ran out. */
static gboolean
wait_for_task (OvsTracker *tracker,
               OvsTask    *task,
               double      timeout)
{
  gboolean finished = ovs_task_is_finished (task);
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);
  gulong handler;
  guint wakeup;

  handler = g_signal_connect (tracker, "task-finished", G_CALLBACK (task_finished_cb), &finished);
  g_signal_connect (task, "notify::paused", G_CALLBACK (task_paused_cb), &finished);
  g_signal_connect (task, "notify::note", G_CALLBACK (note_cb), NULL);
  g_signal_connect (task, "notify::status", G_CALLBACK (progress_cb), NULL);
  g_signal_connect (task, "notify::progress", G_CALLBACK (progress_cb), NULL);
  /* A wake-up now and then, so the deadline is noticed even when nothing happens. */
  wakeup = g_timeout_add (250, keep_waking_cb, NULL);
  while (!finished && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wakeup);
  g_signal_handler_disconnect (tracker, handler);

  if (!finished)
    {
      if (ovs_cli_json_wanted ())
        print_task_json (task);
      ovs_cli_error ("submit", _("Gave up waiting after %.0f s; the task %s is still going "
                                 "(“omni-video track” follows it).\n"),
                     timeout, ovs_task_get_task_id (task));
      ovs_tracker_untrack (tracker, task);
    }
  return finished;
}

/* Runs the main loop until @watch has what it asked for (the balance before a task, or
 * its cost after), a minute at most: the command must not hang on a slow billing route. */
static void
wait_for_cost_watch (OvsCostWatch *watch)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wakeup = g_timeout_add (250, keep_waking_cb, NULL);

  while (!ovs_cost_watch_is_settled (watch) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wakeup);
}

/* Without --wait: the task is followed later by the app or "omni-video track". */
static int
leave_for_later (OvsTracker *tracker,
                 OvsTask    *task)
{
  ovs_tracker_untrack (tracker, task);
  if (ovs_cli_json_wanted ())
    print_task_json (task);
  return OVS_EXIT_OK;
}

/* The end of a task followed to its end: printed, and its exit code. */
static int
report_outcome (OvsTask    *task,
                const char *download_dir)
{
  /* Stopped on a refused key (401/403): the user has to act; "track" resumes it. */
  if (ovs_task_get_paused (task))
    {
      if (ovs_cli_json_wanted ())
        print_task_json (task);
      ovs_cli_error ("submit", "%s", ovs_task_get_shown_note (task));
      return OVS_EXIT_NETWORK;
    }

  if (ovs_cli_json_wanted ())
    print_task_json (task);

  if (ovs_task_get_status (task) == OVS_TASK_STATUS_FAILED)
    {
      ovs_cli_error ("submit", _("The task failed: %s\n"),
                     ovs_task_get_error (task) != NULL ? ovs_task_get_error (task)
                                                       : _("the server gave no reason"));
      return OVS_EXIT_TASK_FAILED;
    }

  if (download_dir != NULL)
    {
      if (ovs_task_get_file (task) == NULL)
        {
          ovs_cli_error ("submit", "%s",
                         ovs_task_get_note (task) != NULL ? ovs_task_get_note (task)
                                                          : _("The video could not be downloaded"));
          return OVS_EXIT_NETWORK;
        }
      if (!ovs_cli_json_wanted ())
        g_print ("%s\n", ovs_task_get_file (task));
    }

  return OVS_EXIT_OK;
}

/* As a batch does: a body whose estimate goes over a budget is not sent without --yes. */
static gboolean
within_budget (OvsTaskStore *store,
               const char   *body,
               double        daily,
               double        monthly,
               gboolean      yes)
{
  g_autoptr(OvsPrices) prices = ovs_cli_load_prices ();

  return ovs_cli_spend_allows ("submit", store, ovs_prices_estimate (prices, body), daily,
                               monthly, yes);
}

static gboolean
arguments_valid (int    argc,
                 double timeout)
{
  if (argc != 2)
    ovs_cli_error ("submit", _("name one file (or - for standard input)"));
  else if (!(timeout > 0) || !isfinite (timeout))
    ovs_cli_error ("submit", _("the timeout must be a positive number of seconds"));
  else
    return TRUE;
  return FALSE;
}

/* Without a @timeout (no --wait), left for later; else followed to its end and reported. */
static int
follow_to_end (OvsTracker   *tracker,
               OvsTask      *task,
               double        timeout,
               OvsCostWatch *watch,
               const char   *download_dir)
{
  if (timeout <= 0)
    return leave_for_later (tracker, task);
  if (!wait_for_task (tracker, task, timeout))
    return OVS_EXIT_GAVE_UP;
  /* The gateway reported no cost: the app's rule, the balance around a task that ran alone. */
  wait_for_cost_watch (watch);
  ovs_task_store_flush (ovs_tracker_get_store (tracker));
  return report_outcome (task, download_dir);
}

int
ovs_cli_submit (int    argc,
                char **argv)
{
  gboolean wait = FALSE;
  gboolean allow_insecure = FALSE;
  g_autofree char *download_dir = NULL;
  g_autofree char *route = NULL;
  g_autofree char *base_url = NULL;
  double timeout = DEFAULT_TIMEOUT_SECONDS;
  g_autofree char *scenario_id = NULL;
  gboolean strict = FALSE;
  double budget_daily = -1, budget_monthly = -1;
  gboolean over_budget_ok = FALSE;
  GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait until the task ends"), NULL },
    { "download", 'd', 0, G_OPTION_ARG_FILENAME, &download_dir,
      N_("Wait, then download the video into DIR and print its path"), N_("DIR") },
    OVS_CLI_GATEWAY_ENTRIES (&route, &base_url, &allow_insecure),
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give up waiting after this many seconds (default: 24 hours)"), N_("SECONDS") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Send nothing when there are warnings either"), NULL },
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_id,
      N_("Check against this scenario instead of the detected one"), N_("ID") },
    OVS_CLI_BUDGET_ENTRIES (&budget_daily, &budget_monthly, &over_budget_ok),
    { NULL }
  };
  g_autofree char *text = NULL;
  OvsScenario *scenario = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(OvsCostWatch) watch = NULL;
  g_autoptr(OvsTask) task = NULL;
  g_autofree char *dir = NULL;
  gsize length = 0;
  const char *file;
  int status = OVS_EXIT_OK;

  /* A group (ovs-cli-compare.c) has options and output of its own. */
  if (ovs_cli_compare_wanted (argc, argv))
    return ovs_cli_compare_submit (argc, argv);

  if (!ovs_cli_parse ("submit", _("FILE"),
                      _("Validate a request body, then create the task. Prints the task id; "
                        "with --download the path of the video last; with --json only the "
                        "task as JSON (once it ended, with --wait). The key comes from OMNIROUTERS_API_KEY (not needed for "
                        "the sandbox on this computer). Exit codes: 0 ok, 1 invalid request, "
                        "2 usage or unreadable file, 3 task failed, 4 network/HTTP/auth error, "
                        "5 gave up waiting."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (!arguments_valid (argc, timeout))
    return OVS_EXIT_USAGE;
  file = argv[1];
  if (download_dir != NULL)
    wait = TRUE;

  text = read_body (file, scenario_id, &scenario, &length, &status);
  if (text == NULL)
    return status;

  /* Nothing is sent when there are errors (a create costs money); warnings are printed and
   * the body goes, unless --strict. */
  if (!check_body (file, text, length, scenario, strict))
    return OVS_EXIT_INVALID;

  client = make_client ("submit", base_url, route, allow_insecure, &status);
  if (client == NULL)
    return status;

  store = ovs_cli_open_store ("submit", &status);
  if (store == NULL)
    return status;
  if (!within_budget (store, text, budget_daily, budget_monthly, over_budget_ok))
    return OVS_EXIT_USAGE;

  dir = download_dir != NULL ? g_strdup (download_dir) : ovs_core_dup_default_download_dir ();
  tracker = ovs_tracker_new (store, client, dir);
  ovs_tracker_set_auto_download (tracker, download_dir != NULL);
  configure_schedule (tracker);

  /* The balance before the create: the relay takes a task's quota when it accepts it. */
  if (wait)
    {
      watch = ovs_cost_watch_new (tracker);
      wait_for_cost_watch (watch);
    }

  /* Recorded in the history before it is sent (the app sees it too); sent once. */
  task = send_body (tracker, &text, length, scenario, &status);
  if (task == NULL)
    return status;

  print_task_id (task);
  return follow_to_end (tracker, task, wait ? timeout : 0, watch, download_dir);
}

/* What `continue` recorded about @task_id in the history: "continued_from" (the parent, or
 * null) and "continued_by" (the tasks grown from it). A status query never creates a
 * history, and a history that cannot be read leaves these members out. */
static void
add_lineage (JsonObject *object,
             const char *task_id)
{
  g_autofree char *path = ovs_task_store_dup_default_path ();
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(JsonArray) by = json_array_new ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
      || (store = ovs_task_store_new (path, NULL)) == NULL
      || (task = ovs_task_store_lookup_by_task_id (store, task_id)) == NULL)
    return;
  if (ovs_task_get_parent (task) > 0)
    parent = ovs_task_store_lookup (store, ovs_task_get_parent (task));
  if (parent != NULL)
    json_object_set_member (object, "continued_from", ovs_task_to_json (parent, OVS_TASK_JSON_DEFAULT));
  else
    json_object_set_null_member (object, "continued_from");
  children = ovs_task_store_dup_children (store, ovs_task_get_id (task));
  for (guint i = 0; children != NULL && i < children->len; i++)
    json_array_add_element (by, ovs_task_to_json (g_ptr_array_index (children, i), OVS_TASK_JSON_DEFAULT));
  json_object_set_array_member (object, "continued_by", g_steal_pointer (&by));
}

static void
print_status (const OvsTaskUpdate *update,
              const char          *task_id)
{
  g_autofree char *text = ovs_task_update_to_json (update);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_return_if_fail (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  add_lineage (json_node_get_object (node), task_id);
  ovs_cli_print_json (node);
}

int
ovs_cli_status (int    argc,
                char **argv)
{
  gboolean allow_insecure = FALSE;
  g_autofree char *route = NULL;
  g_autofree char *base_url = NULL;
  GOptionEntry entries[] = {
    { "route", 'r', 0, G_OPTION_ARG_STRING, &route,
      N_("Which routes to use: videos (default) or generations"), N_("ROUTE") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The gateway (default: $OMNIROUTERS_BASE_URL, else https://omnirouters.com)"),
      N_("URL") },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure,
      N_("Send the key over plain http to a remote host"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("status", _("TASK_ID"),
                      _("Ask the server once about a task and print it as JSON, with what the "
                        "history knows of its lineage (continued_from, continued_by). Exits 3 "
                        "when the task failed, 4 on a network, HTTP or key error."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc != 2 || *argv[1] == '\0')
    {
      ovs_cli_error ("status", _("name one task id"));
      return OVS_EXIT_USAGE;
    }

  client = make_client ("status", base_url, route, allow_insecure, &status);
  if (client == NULL)
    return status;

  update = query_once (client, argv[1], &error);
  if (update == NULL)
    {
      ovs_cli_error ("status", "%s", error->message);
      return exit_code_for (error);
    }

  print_status (update, argv[1]);
  return update->status == OVS_TASK_STATUS_FAILED ? OVS_EXIT_TASK_FAILED : OVS_EXIT_OK;
}

/* What the other commands that send share with submit (ovs-cli-compare.c, ovs-cli-batch.c,
 * ovs-cli-continue.c): the same client and schedule. */
OvsClient *
ovs_cli_make_client (const char *command,
                     const char *base_url,
                     const char *route_name,
                     gboolean    allow_insecure,
                     int        *status)
{
  return make_client (command, base_url, route_name, allow_insecure, status);
}

void
ovs_cli_configure_schedule (OvsTracker *tracker)
{
  configure_schedule (tracker);
}
