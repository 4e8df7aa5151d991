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
#include "ovs-error.h"
#include "ovs-validate.h"
#include "ovs-cli.h"

#define DEFAULT_POLL_SECONDS     5.0
#define MAX_POLL_SECONDS         15.0
#define DEFAULT_TIMEOUT_SECONDS  (24 * 60 * 60)
#define MAX_FAILED_QUERIES       5

/* Running async calls to the end from a command */

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} Sync;

static void
sync_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Sync *sync = user_data;

  sync->result = g_object_ref (result);
  g_main_context_wakeup (sync->context);
}

static GAsyncResult *
sync_wait (Sync *sync)
{
  while (sync->result == NULL)
    g_main_context_iteration (sync->context, TRUE);
  return sync->result;
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sleeps while the main context runs. */
static void
sleep_seconds (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) MAX (1, seconds * 1000), sleep_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
exit_code_for (const GError *error)
{
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_INVALID))
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
      g_printerr (_("omni-video %s: the route is “videos” or “generations”, not “%s”\n"),
                  command, route_name);
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
      g_printerr ("omni-video %s: %s\n", command, error->message);
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

static void
print_task (const OvsTaskUpdate *update)
{
  g_autofree char *json = ovs_task_update_to_json (update);

  g_print ("%s\n", json);
}

static OvsTaskUpdate *
query_once (OvsClient   *client,
            const char  *task_id,
            GError     **error)
{
  Sync sync = { g_main_context_get_thread_default (), NULL };
  OvsTaskUpdate *update;

  ovs_client_query_async (client, task_id, NULL, sync_result_cb, &sync);
  update = ovs_client_query_finish (client, sync_wait (&sync), error);
  g_object_unref (sync.result);
  return update;
}

static void
report_progress (const OvsTaskUpdate *update,
                 OvsTaskStatus       *last_status,
                 int                 *last_progress)
{
  if (update->status == *last_status && update->progress == *last_progress)
    return;
  *last_status = update->status;
  *last_progress = update->progress;

  switch (update->status)
    {
    case OVS_TASK_STATUS_QUEUED:
      g_printerr ("%s\n", _("queued…"));
      break;
    case OVS_TASK_STATUS_RUNNING:
      if (update->progress >= 0)
        /* Translators: a task's progress, e.g. "running 30%" */
        g_printerr (_("running %d%%\n"), update->progress);
      else
        g_printerr ("%s\n", _("running…"));
      break;
    case OVS_TASK_STATUS_UNKNOWN:
    case OVS_TASK_STATUS_SUBMITTING:
      g_printerr ("%s\n", _("waiting for the server…"));
      break;
    case OVS_TASK_STATUS_SUCCEEDED:
    case OVS_TASK_STATUS_FAILED:
    default:
      break;
    }
}

/* Polls until the task ends. Returns the exit code; *final_out is the last answer. */
static int
wait_for_task (OvsClient      *client,
               const char     *task_id,
               double          timeout,
               OvsTaskUpdate **final_out)
{
  const char *interval_env = g_getenv ("OVS_POLL_INTERVAL");
  gboolean fixed = FALSE;
  double interval = DEFAULT_POLL_SECONDS;
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout * G_USEC_PER_SEC);
  OvsTaskStatus last_status = OVS_TASK_STATUS_SUBMITTING;
  int last_progress = -2;
  guint failures = 0;

  if (interval_env != NULL && *interval_env != '\0')
    {
      double value = g_ascii_strtod (interval_env, NULL);

      if (value > 0 && isfinite (value))
        {
          interval = value;
          fixed = TRUE;
        }
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsTaskUpdate) update = NULL;
      double left = (deadline - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC;

      if (left <= 0)
        {
          g_printerr (_("Gave up waiting after %.0f s; the task %s is still going.\n"),
                      timeout, task_id);
          return OVS_EXIT_GAVE_UP;
        }

      /* The gateway refreshes a task about every 15 s: polling faster gains nothing. */
      sleep_seconds (MIN (interval, left));
      if (!fixed)
        interval = MIN (interval * 1.5, MAX_POLL_SECONDS);

      update = query_once (client, task_id, &error);
      if (update == NULL)
        {
          /* The query was retried already; a passing outage is not the end of the task. */
          if ((g_error_matches (error, OVS_ERROR, OVS_ERROR_NETWORK)
               || g_error_matches (error, OVS_ERROR, OVS_ERROR_SERVER)
               || g_error_matches (error, OVS_ERROR, OVS_ERROR_RATE_LIMITED))
              && ++failures < MAX_FAILED_QUERIES)
            {
              g_printerr (_("warning: %s\n"), error->message);
              continue;
            }
          g_printerr ("%s\n", error->message);
          return exit_code_for (error);
        }

      failures = 0;
      report_progress (update, &last_status, &last_progress);
      if (ovs_task_status_is_terminal (update->status))
        {
          *final_out = g_steal_pointer (&update);
          return OVS_EXIT_OK;
        }
    }
}

typedef struct
{
  gboolean tty;
  gboolean shown;
} DownloadProgress;

static void
download_progress_cb (goffset  current,
                      goffset  total,
                      gpointer user_data)
{
  DownloadProgress *progress = user_data;
  g_autofree char *size = NULL;

  if (!progress->tty)
    return;
  size = g_format_size (current);
  if (total > 0)
    /* Translators: "downloading 4.2 MB (45%)" */
    g_printerr (_("\rdownloading %s (%d%%)   "), size, (int) (current * 100 / total));
  else
    g_printerr (_("\rdownloading %s   "), size);
  progress->shown = TRUE;
}

static char *
download (OvsClient            *client,
          const OvsTaskUpdate  *update,
          const char           *task_id,
          const char           *dir,
          GError              **error)
{
  Sync sync = { g_main_context_get_thread_default (), NULL };
  DownloadProgress progress = { isatty (STDERR_FILENO), FALSE };
  const char *url = update->urls != NULL ? update->urls[0] : NULL;
  char *path;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not make the folder “%s”: %s"), dir, g_strerror (saved));
      return NULL;
    }

  ovs_client_download_async (client, url, task_id, dir, 0, download_progress_cb, &progress,
                             NULL, sync_result_cb, &sync);
  path = ovs_client_download_finish (client, sync_wait (&sync), error);
  g_object_unref (sync.result);
  if (progress.shown)
    g_printerr ("\n");
  return path;
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
  GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait until the task ends and print it as JSON"), NULL },
    { "download", 'd', 0, G_OPTION_ARG_FILENAME, &download_dir,
      N_("Wait, then download the video into DIR and print its path"), N_("DIR") },
    { "route", 'r', 0, G_OPTION_ARG_STRING, &route,
      N_("Which routes to use: videos (default) or generations"), N_("ROUTE") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The gateway (default: $OMNIROUTERS_BASE_URL, else https://omnirouters.com)"),
      N_("URL") },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure,
      N_("Send the key over plain http to a remote host"), NULL },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout,
      N_("Give up waiting after this many seconds (default: 24 hours)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskUpdate) created = NULL;
  g_autoptr(OvsTaskUpdate) final = NULL;
  g_autofree char *task_id = NULL;
  gsize length = 0;
  const char *file;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("submit", _("FILE"),
                      _("Validate a request body, then create the task. Prints the task id; "
                        "with --wait the final task as JSON; with --download the path of the "
                        "video last. The key comes from OMNIROUTERS_API_KEY (not needed for "
                        "the sandbox on this computer). Exit codes: 0 ok, 1 invalid request, "
                        "2 usage or unreadable file, 3 task failed, 4 network/HTTP/auth error, "
                        "5 gave up waiting."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc != 2)
    {
      g_printerr (_("omni-video submit: name one file (or - for standard input)\n"));
      return OVS_EXIT_USAGE;
    }
  if (!(timeout > 0) || !isfinite (timeout))
    {
      g_printerr (_("omni-video submit: the timeout must be a positive number of seconds\n"));
      return OVS_EXIT_USAGE;
    }
  file = argv[1];
  if (download_dir != NULL)
    wait = TRUE;

  text = ovs_cli_read_body (file, &length, &error);
  if (text == NULL)
    {
      if (g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
        {
          g_printerr ("%s: error: $: %s\n", file, error->message);
          return OVS_EXIT_INVALID;
        }
      g_printerr ("%s: %s\n", file, error->message);
      return OVS_EXIT_USAGE;
    }

  /* Nothing is sent unless the body is valid: a create costs money. */
  problems = ovs_validate_text (text, length, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      g_printerr ("%s: %s: %s: %s\n", file, ovs_severity_to_string (problem->severity),
                  problem->path, problem->message);
    }
  if (ovs_problems_count (problems, OVS_SEVERITY_ERROR) > 0)
    return OVS_EXIT_INVALID;

  client = make_client ("submit", base_url, route, allow_insecure, &status);
  if (client == NULL)
    return status;

  {
    Sync sync = { g_main_context_get_thread_default (), NULL };

    ovs_client_create_async (client, text, NULL, sync_result_cb, &sync);
    created = ovs_client_create_finish (client, sync_wait (&sync), &error);
    g_object_unref (sync.result);
  }
  if (created == NULL)
    {
      g_printerr ("%s\n", error->message);
      return exit_code_for (error);
    }

  task_id = g_strdup (created->task_id);
  g_print ("%s\n", task_id);
  fflush (stdout);

  if (created->status == OVS_TASK_STATUS_FAILED)
    {
      final = g_steal_pointer (&created);
    }
  else if (wait)
    {
      status = wait_for_task (client, task_id, timeout, &final);
      if (final == NULL)
        return status;
    }
  else
    {
      return OVS_EXIT_OK;
    }

  print_task (final);
  fflush (stdout);

  if (final->status == OVS_TASK_STATUS_FAILED)
    {
      g_printerr (_("The task failed: %s\n"),
                  final->error_message != NULL ? final->error_message
                                               : _("the server gave no reason"));
      return OVS_EXIT_TASK_FAILED;
    }

  if (download_dir != NULL)
    {
      g_autofree char *path = download (client, final, task_id, download_dir, &error);

      if (path == NULL)
        {
          g_printerr ("%s\n", error->message);
          return OVS_EXIT_NETWORK;
        }
      g_print ("%s\n", path);
    }

  return OVS_EXIT_OK;
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
                      _("Ask the server once about a task and print it as JSON. Exits 3 when "
                        "the task failed, 4 on a network, HTTP or key error."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc != 2 || *argv[1] == '\0')
    {
      g_printerr (_("omni-video status: name one task id\n"));
      return OVS_EXIT_USAGE;
    }

  client = make_client ("status", base_url, route, allow_insecure, &status);
  if (client == NULL)
    return status;

  update = query_once (client, argv[1], &error);
  if (update == NULL)
    {
      g_printerr ("%s\n", error->message);
      return exit_code_for (error);
    }

  print_task (update);
  return update->status == OVS_TASK_STATUS_FAILED ? OVS_EXIT_TASK_FAILED : OVS_EXIT_OK;
}
