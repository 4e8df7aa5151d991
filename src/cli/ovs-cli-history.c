/* ovs-cli-history.c: list and track, and what submit shares with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ovs-client.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-cli.h"

/* The tracker's writes are queued: one that fails is said, and tried again later. */
static void
write_failed_cb (OvsTaskStore *store,
                 OvsTask      *task,
                 const char   *message)
{
  ovs_cli_warning (_("the history could not be written (tried again): %s"), message);
}

OvsTaskStore *
ovs_cli_open_store (const char *command,
                    int        *status)
{
  g_autoptr(GError) error = NULL;
  OvsTaskStore *store = ovs_task_store_new (NULL, &error);

  if (store == NULL)
    {
      ovs_cli_error (command, _("the history cannot be opened: %s"), error->message);
      *status = OVS_EXIT_USAGE;
      return NULL;
    }
  g_signal_connect (store, "write-failed", G_CALLBACK (write_failed_cb), NULL);
  return store;
}

/* list --json and track --json: the history's entries (ovs_task_to_json()), one array. */
static void
print_tasks_json (GPtrArray *tasks)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < tasks->len; i++)
    json_array_add_element (array, ovs_task_to_json (g_ptr_array_index (tasks, i),
                                                     OVS_TASK_JSON_DEFAULT));
  json_node_set_array (root, array);
  ovs_cli_print_json (root);
}

static char *
one_line (const char *text,
          int         width)
{
  g_autofree char *flat = g_strdup (text != NULL ? text : "");
  GString *out = g_string_new (NULL);
  int used = 0;

  g_strdelimit (flat, "\n\r\t", ' ');
  for (const char *p = flat; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int w = g_unichar_iswide (c) ? 2 : 1;

      if (used + w > width - 1 && *g_utf8_next_char (p) != '\0')
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
      used += w;
    }
  return g_string_free (out, FALSE);
}

/* One line a task (id, status, time, model, prompt), then its file or its error. */
static void
print_tasks_table (GPtrArray *tasks)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (ovs_task_get_created_at (task));
      g_autofree char *when = created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M") : g_strdup ("");
      g_autofree char *prompt = one_line (ovs_task_get_prompt (task), 40);

      g_print ("%6" G_GINT64_FORMAT "  %-10s  %-16s  %-24s  %s\n", ovs_task_get_id (task),
               ovs_task_status_to_string (ovs_task_get_status (task)), when,
               ovs_task_get_model (task) != NULL ? ovs_task_get_model (task) : "",
               prompt);
      if (ovs_task_get_file (task) != NULL)
        g_print ("        %s\n", ovs_task_get_file (task));
      else if (ovs_task_get_error (task) != NULL)
        g_print ("        %s\n", ovs_task_get_error (task));
    }
}

int
ovs_cli_list (int    argc,
              char **argv)
{
  g_autofree char *status_name = NULL;
  g_autofree char *search = NULL;
  g_autofree char *model = NULL;
  int limit = 0;
  gboolean ids_only = FALSE;
  g_autofree char *group = NULL;
  g_autofree char *chain = NULL;
  GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_name,
      N_("Only tasks with this status (submitting, queued, running, succeeded, failed, unknown)"),
      N_("STATUS") },
    { "search", 'q', 0, G_OPTION_ARG_STRING, &search, N_("Only tasks whose prompt has these words"),
      N_("TEXT") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("Only tasks of this model"), N_("MODEL") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many tasks (newest first)"),
      N_("N") },
    { "ids", 0, 0, G_OPTION_ARG_NONE, &ids_only,
      N_("Print only the server’s task ids, one a line"), NULL },
    { "group", 'g', 0, G_OPTION_ARG_STRING, &group,
      N_("Only the tasks of this group (a comparison, variants, a batch), in its order"),
      N_("ID") },
    { "chain", 0, 0, G_OPTION_ARG_STRING, &chain,
      N_("Only the lineage of this task: where it was continued from, and what continued it"),
      N_("TASK_ID") },
    { NULL }
  };
  OvsTaskFilter filter = OVS_TASK_FILTER_INIT;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("list", "", _("List the task history, newest first."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (status_name != NULL)
    {
      OvsTaskStatus wanted;

      if (!ovs_task_status_from_string (status_name, &wanted))
        {
          ovs_cli_error ("list", _("no status “%s” (submitting, queued, running, succeeded, "
                                   "failed, unknown)"), status_name);
          return OVS_EXIT_USAGE;
        }
      filter.status = wanted;
    }
  filter.model = model;
  filter.text = search;

  store = ovs_cli_open_store ("list", &status);
  if (store == NULL)
    return status;

  if (group != NULL)
    tasks = ovs_task_store_dup_group (store, group);
  else if (chain != NULL)
    tasks = ovs_cli_dup_lineage (store, chain, &error);
  else
    tasks = ovs_task_store_query_full (store, &filter, 0, limit > 0 ? (guint) limit : 0, &error);
  if (tasks == NULL)
    {
      ovs_cli_error ("list", "%s", error->message);
      return OVS_EXIT_USAGE;
    }

  if (ovs_cli_json_wanted ())
    {
      print_tasks_json (tasks);
      return OVS_EXIT_OK;
    }

  if (ids_only)
    {
      /* For scripts and the shell completions: the server's task ids, one a line. */
      for (guint i = 0; i < tasks->len; i++)
        if (ovs_task_get_task_id (g_ptr_array_index (tasks, i)) != NULL)
          g_print ("%s\n", ovs_task_get_task_id (g_ptr_array_index (tasks, i)));
      return OVS_EXIT_OK;
    }

  if (tasks->len == 0)
    {
      ovs_cli_warning ("%s\n", filter.status >= 0 || search != NULL || model != NULL || group != NULL
                          || chain != NULL
                          ? _("No task matches.") : _("No task yet: send one with “omni-video submit”."));
      return OVS_EXIT_OK;
    }

  print_tasks_table (tasks);
  return OVS_EXIT_OK;
}

/* A client for a task sent to another endpoint than the environment's. */
static OvsClient *
client_for_base_url (const char *base_url,
                     gpointer    user_data)
{
  return ovs_client_new (base_url, g_getenv ("OMNIROUTERS_API_KEY"), NULL);
}

static void
report_cb (OvsTask    *task,
           GParamSpec *pspec,
           gpointer    user_data)
{
  const char *id = ovs_task_get_task_id (task);

  if (ovs_task_get_status (task) == OVS_TASK_STATUS_RUNNING && ovs_task_get_progress (task) >= 0)
    ovs_cli_progress (id, _("%s: running %d%%\n"), id, ovs_task_get_progress (task));
  else
    ovs_cli_progress (id, "%s: %s", id, ovs_task_status_to_label (ovs_task_get_status (task)));
}

/* Stopped by the tracker (a refused key): the user must see why at once. */
static void
paused_cb (OvsTask    *task,
           GParamSpec *pspec,
           gpointer    user_data)
{
  if (ovs_task_get_paused (task))
    g_printerr ("%s: %s\n", ovs_task_get_task_id (task), ovs_task_get_shown_note (task));
}

/* The tasks named on the command line: followed again (even if stopped in the app), or
 * their missing video fetched. FALSE (said) for a name the history does not have. */
static gboolean
watch_named (OvsTracker   *tracker,
             OvsTaskStore *store,
             char        **task_ids,
             int           n_task_ids,
             GPtrArray    *watched)
{
  for (int i = 0; i < n_task_ids; i++)
    {
      g_autoptr(OvsTask) task = ovs_task_store_lookup_by_task_id (store, task_ids[i]);

      if (task == NULL)
        {
          ovs_cli_error ("track", _("no task “%s” in the history"), task_ids[i]);
          return FALSE;
        }
      g_ptr_array_add (watched, g_object_ref (task));
      if (!ovs_task_is_finished (task))
        ovs_tracker_set_following (tracker, task, TRUE);
      else if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED
               && (ovs_task_get_file (task) == NULL
                   || !g_file_test (ovs_task_get_file (task), G_FILE_TEST_EXISTS)))
        ovs_tracker_download_async (tracker, task, NULL, NULL, NULL);
    }
  return TRUE;
}

/* Every unfinished task of the history, and (asked for by the user) the finished videos
 * missing from disk. */
static void
watch_all (OvsTracker   *tracker,
           OvsTaskStore *store,
           GPtrArray    *watched)
{
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;

  ovs_tracker_resume (tracker);
  missing = ovs_tracker_dup_missing_files (tracker);
  for (guint i = 0; i < missing->len; i++)
    ovs_tracker_download_async (tracker, g_ptr_array_index (missing, i), NULL, NULL, NULL);
  unfinished = ovs_task_store_dup_unfinished (store);
  for (guint i = 0; i < unfinished->len; i++)
    g_ptr_array_add (watched, g_object_ref (g_ptr_array_index (unfinished, i)));
}

/* 0 when every task of the history ended (a failure is an outcome too) and every video is
 * here; else the network's exit code. */
static int
outcome_status (OvsTaskStore *store)
{
  /* Statuses and files: summaries, not every body with its inline images. */
  g_autoptr(GPtrArray) all = ovs_task_store_query_summaries (store, NULL, 0, 0, NULL);
  int status = OVS_EXIT_OK;

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      OvsTask *task = g_ptr_array_index (all, i);

      if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED && ovs_task_get_file (task) != NULL)
        continue;
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_FAILED)
        continue;
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN && ovs_task_get_task_id (task) == NULL)
        continue;
      /* Still unfinished, or a video that could not be downloaded. */
      status = OVS_EXIT_NETWORK;
    }
  return status;
}

int
ovs_cli_track (int    argc,
               char **argv)
{
  g_autofree char *download_dir = NULL;
  gboolean allow_insecure = FALSE;
  g_autofree char *base_url = NULL;
  GOptionEntry entries[] = {
    { "download", 'd', 0, G_OPTION_ARG_FILENAME, &download_dir,
      N_("Save finished videos into DIR (default: Omni Video Studio in your Videos folder)"),
      N_("DIR") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The gateway for new clients (default: $OMNIROUTERS_BASE_URL)"), N_("URL") },
    { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure,
      N_("Send the key over plain http to a remote host"), NULL },
    { NULL }
  };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(GPtrArray) watched = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("track", _("[TASK_ID…]"),
                      _("Follow unfinished tasks of the history (all of them, or those named) "
                        "until they end, and download their videos. Tasks left “submitting” "
                        "by a command that was stopped are marked unknown, never sent again. "
                        "Tasks stopped with “Stop Tracking” in the app are left alone, unless "
                        "named."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  store = ovs_cli_open_store ("track", &status);
  if (store == NULL)
    return status;

  if (base_url == NULL)
    base_url = g_strdup (g_getenv ("OMNIROUTERS_BASE_URL"));
  client = ovs_client_new_full (base_url != NULL && *base_url != '\0' ? base_url : OVS_CLIENT_DEFAULT_BASE_URL,
                                g_getenv ("OMNIROUTERS_API_KEY"), allow_insecure, &error);
  if (client == NULL)
    {
      ovs_cli_error ("track", "%s", error->message);
      return OVS_EXIT_NETWORK;
    }

  dir = download_dir != NULL ? g_strdup (download_dir) : ovs_core_dup_default_download_dir ();
  tracker = ovs_tracker_new (store, client, dir);
  ovs_tracker_set_client_func (tracker, client_for_base_url, NULL, NULL);
  {
    const char *interval = g_getenv ("OVS_POLL_INTERVAL");
    double seconds = interval != NULL ? g_ascii_strtod (interval, NULL) : 0;

    if (seconds > 0)
      ovs_tracker_set_schedule (tracker, seconds, MAX (seconds, 30 * seconds / 5));
  }

  if (argc > 1 && !watch_named (tracker, store, argv + 1, argc - 1, watched))
    return OVS_EXIT_USAGE;
  if (argc <= 1)
    watch_all (tracker, store, watched);

  for (guint i = 0; i < watched->len; i++)
    {
      g_signal_connect (g_ptr_array_index (watched, i), "notify::paused",
                        G_CALLBACK (paused_cb), NULL);
      g_signal_connect (g_ptr_array_index (watched, i), "notify::status", G_CALLBACK (report_cb), NULL);
      g_signal_connect (g_ptr_array_index (watched, i), "notify::progress", G_CALLBACK (report_cb), NULL);
    }

  if (ovs_tracker_get_n_busy (tracker) == 0)
    {
      ovs_cli_warning ("%s", _("Nothing to track: every task of the history has ended."));
    }

  while (ovs_tracker_get_n_busy (tracker) > 0)
    g_main_context_iteration (NULL, TRUE);

  /* The outcome of what was followed: failures first. */
  status = outcome_status (store);

  /* --json: what was followed, as it ended, in the form of "list --json". */
  if (ovs_cli_json_wanted ())
    print_tasks_json (watched);
  return status;
}

int
ovs_cli_recover (int    argc,
                 char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autofree char *aside = NULL;
  guint n_back = 0;

  if (!ovs_cli_parse ("recover", "",
                      _("When the history is damaged: move it aside (it is never deleted), "
                        "make a new one and copy into it every task that can still be read. "
                        "Until then nothing is sent, so that no task goes unrecorded."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (argc != 1)
    {
      g_printerr (_("omni-video recover: takes no arguments\n"));
      return OVS_EXIT_USAGE;
    }

  store = ovs_task_store_new (NULL, &error);
  if (store != NULL)
    {
      g_print ("%s\n", _("The history is not damaged: nothing to do."));
      return OVS_EXIT_OK;
    }
  if (!g_error_matches (error, OVS_ERROR, OVS_ERROR_DAMAGED))
    {
      g_printerr (_("omni-video recover: the history cannot be opened: %s\n"), error->message);
      return OVS_EXIT_USAGE;
    }
  g_clear_error (&error);

  store = ovs_task_store_recover (NULL, &aside, &n_back, &error);
  if (store == NULL)
    {
      g_printerr (_("omni-video recover: %s\n"), error->message);
      return OVS_EXIT_USAGE;
    }
  g_print (_("Tasks that came back into a new history: %u. The damaged one is kept as %s.\n"),
           n_back, aside);
  return OVS_EXIT_OK;
}
