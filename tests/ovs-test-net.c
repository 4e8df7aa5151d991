/* ovs-test-net.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ovs-test-net.h"
#include "ovs-test-util.h"

OvsSandbox *
ovs_test_sandbox_new (double      speed,
                      const char *api_key)
{
  OvsSandbox *sandbox = ovs_sandbox_new ();

  ovs_sandbox_set_speed (sandbox, speed);
  ovs_sandbox_set_api_key (sandbox, api_key);
  return sandbox;
}

void
ovs_test_sandbox_start (OvsSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  gboolean started = ovs_sandbox_start (sandbox, 0, &error);

  g_assert_no_error (error);
  g_assert_true (started);
  g_assert_cmpuint (ovs_sandbox_get_port (sandbox), >, 0);
  g_assert_true (g_str_has_prefix (ovs_sandbox_get_base_url (sandbox), "http://127.0.0.1:"));
}

void
ovs_test_sandbox_clear (OvsSandbox **sandbox)
{
  ovs_sandbox_stop (*sandbox);
  g_clear_object (sandbox);
}

OvsClient *
ovs_test_client_new (OvsSandbox *sandbox,
                     const char *api_key)
{
  g_autoptr(GError) error = NULL;
  OvsClient *client = ovs_client_new (ovs_sandbox_get_base_url (sandbox), api_key, &error);

  g_assert_no_error (error);
  return client;
}

GSubprocess *
ovs_test_spawn_cli (OvsSandbox         *sandbox,
                    const char         *data_home,
                    const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OMNI_VIDEO"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "OMNIROUTERS_BASE_URL",
                                ovs_sandbox_get_base_url (sandbox), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OMNIROUTERS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "OVS_POLL_INTERVAL", "0.05", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

typedef struct
{
  gboolean  done;
  char    **out;
  char    **err;
} Communicate;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Communicate *communicate = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, communicate->out,
                                        communicate->err, &error);
  g_assert_no_error (error);
  communicate->done = TRUE;
}

void
ovs_test_cli_run_clear (OvsTestCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
ovs_test_run_cli (OvsSandbox         *sandbox,
                  const char         *data_home,
                  OvsTestCliRun      *run,
                  const char * const *args)
{
  g_autoptr(GSubprocess) process = ovs_test_spawn_cli (sandbox, data_home, args);
  Communicate communicate = { FALSE, &run->out, &run->err };

  /* Not g_subprocess_communicate_utf8 (): the sandbox answers from this thread's loop. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &communicate);
  while (!communicate.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
finished_cb (OvsTracker *tracker,
             OvsTask    *task,
             OvsTestNet *net)
{
  g_ptr_array_add (net->finished, g_object_ref (task));
}

void
ovs_test_net_set_up (OvsTestNet *net,
                     const char *dir_template,
                     OvsSandbox *sandbox,
                     const char *client_key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *downloads = NULL;

  net->dir = ovs_test_make_tmp_dir (dir_template);
  db = g_build_filename (net->dir, "history.sqlite3", NULL);
  downloads = g_build_filename (net->dir, "Videos", NULL);

  net->sandbox = sandbox;
  ovs_test_sandbox_start (net->sandbox);
  net->client = ovs_test_client_new (net->sandbox, client_key);
  net->store = ovs_task_store_new (db, &error);
  g_assert_no_error (error);
  net->tracker = ovs_tracker_new (net->store, net->client, downloads);
  ovs_tracker_set_schedule (net->tracker, 0.05, 0.2);
  net->finished = g_ptr_array_new_with_free_func (g_object_unref);
  ovs_test_net_follow (net, net->tracker);
}

void
ovs_test_net_follow (OvsTestNet *net,
                     OvsTracker *tracker)
{
  g_signal_connect (tracker, "task-finished", G_CALLBACK (finished_cb), net);
}

void
ovs_test_net_tear_down (OvsTestNet *net)
{
  g_clear_object (&net->tracker);
  g_clear_object (&net->store);
  g_clear_object (&net->client);
  ovs_test_sandbox_clear (&net->sandbox);
  g_clear_pointer (&net->finished, g_ptr_array_unref);
  ovs_test_remove_tree (net->dir);
  g_clear_pointer (&net->dir, g_free);
}

static gboolean
deadline_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
ovs_test_net_wait_finished (OvsTestNet *net,
                            guint       count,
                            guint       timeout_s)
{
  gboolean late = FALSE;
  guint deadline = g_timeout_add_seconds (timeout_s, deadline_cb, &late);

  /* The deadline wakes the loop even when nothing else would (a tracker held offline). */
  while (net->finished->len < count && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (deadline);
  return net->finished->len >= count;
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OvsTask **task = user_data;
  g_autoptr(GError) error = NULL;

  *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);
  g_assert_no_error (error);
}

OvsTask *
ovs_test_net_submit (OvsTestNet *net,
                     const char *scenario,
                     const char *body)
{
  OvsTask *task = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  ovs_tracker_submit_async (net->tracker, scenario, body, NULL, submitted_cb, &task);
  while (task == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (task);
  return task;
}
