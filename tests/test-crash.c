/* test-crash.c: omni-video killed at random moments never loses a task
 *
 * `omni-video submit --wait` runs against the sandbox and is killed with SIGKILL at random
 * moments, many times. Afterwards every task the sandbox created is in the history exactly
 * once — except those killed between the server's answer and its recording, each of which
 * leaves a task marked unknown — the database is intact, and `omni-video track` brings every
 * accepted task to its end with its video on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

static const char *body =
  "{\n  \"model\": \"Kling-3.0-omni\",\n  \"resolution\": \"720p\",\n  \"prompt\": \"被打断的任务\",\n"
  "  \"seconds\": \"1\",\n  \"aspect_ratio\": \"16:9\"\n}\n";

typedef struct
{
  char       *home;
  char       *data_home;
  char       *downloads;
  char       *body_file;
  OvsSandbox *sandbox;
} Crash;

static GSubprocessLauncher *
launcher_for (Crash *crash)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                                             | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", crash->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "OMNIROUTERS_BASE_URL",
                                ovs_sandbox_get_base_url (crash->sandbox), TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OMNIROUTERS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "OVS_POLL_INTERVAL", "0.05", TRUE);
  return launcher;
}

static void
exited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Runs the main loop (the sandbox lives in it) until *@exited or @ms pass. The caller
 * started g_subprocess_wait_async() with @exited once. */
static gboolean
run_for (gboolean *exited,
         guint     ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!*exited && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return *exited;
}

static char *
history_path (Crash *crash)
{
  return g_build_filename (crash->data_home, "omni-video-studio", "history.sqlite3", NULL);
}

static void
check_integrity (Crash *crash)
{
  g_autofree char *path = history_path (crash);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_kill_at_random_moments (void)
{
  Crash crash = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1125);
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_auto(GStrv) created = NULL;
  g_autofree char *path = NULL;
  guint rounds = g_test_thorough () ? 120 : 40;
  guint killed = 0, missing = 0, unknown = 0;
  guint run_ms;

  crash.home = ovs_test_make_tmp_dir ("ovs-crash-XXXXXX");
  crash.data_home = g_build_filename (crash.home, "data", NULL);
  crash.downloads = g_build_filename (crash.home, "Videos", NULL);
  crash.body_file = g_build_filename (crash.home, "body.json", NULL);
  g_assert_true (g_file_set_contents (crash.body_file, body, -1, NULL));

  crash.sandbox = ovs_test_sandbox_new (0.05, NULL);
  ovs_sandbox_set_seed (crash.sandbox, 5);
  ovs_test_sandbox_start (crash.sandbox);

  /* Two whole runs first, the second timed (the first also pays for GStreamer's registry and
   * the sanitizers' start): the kills fall anywhere in a run's life, however slow this build
   * is (under the sanitizers a run lasts several times longer). */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = launcher_for (&crash);
      g_autoptr(GSubprocess) process = NULL;
      gboolean exited = FALSE;
      gint64 start = g_get_monotonic_time ();

      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OMNI_VIDEO"), "submit",
                                             "--wait", crash.body_file, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_async (process, NULL, exited_cb, &exited);
      g_assert_true (run_for (&exited, 120000));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      run_ms = MAX (900, (g_get_monotonic_time () - start) / 1000);
    }
  g_test_message ("a whole run takes %u ms", run_ms);

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GSubprocessLauncher) launcher = launcher_for (&crash);
      g_autoptr(GSubprocess) process = NULL;
      guint delay = g_rand_int_range (rand, 0, (gint32) run_ms);
      gboolean exited = FALSE;
      gint64 start = g_get_monotonic_time ();

      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OMNI_VIDEO"), "submit",
                                             "--wait", crash.body_file, NULL);
      g_assert_no_error (error);
      g_subprocess_wait_async (process, NULL, exited_cb, &exited);

      if (!run_for (&exited, delay))
        {
          g_subprocess_send_signal (process, SIGKILL);
          run_for (&exited, G_MAXUINT / 1000);
          killed++;
        }
      else
        {
          /* It ended before its kill: the timed run was slower than runs are now (the
           * sanitized suites run side by side, so the load comes and goes). The kills keep
           * falling inside a run's life. */
          run_ms = MIN (run_ms, MAX (900, (g_get_monotonic_time () - start) / 1000));
        }
    }
  g_test_message ("%u of %u runs killed (the shortest whole run: %u ms)", killed, rounds, run_ms);
  g_assert_cmpuint (killed, >=, rounds / 8);

  check_integrity (&crash);

  /* The next start: track resumes everything and marks the orphans. */
  {
    g_autoptr(GSubprocessLauncher) launcher = launcher_for (&crash);
    g_autoptr(GSubprocess) process = NULL;
    gboolean exited = FALSE;

    process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OMNI_VIDEO"), "track",
                                           "--download", crash.downloads, NULL);
    g_assert_no_error (error);
    g_subprocess_wait_async (process, NULL, exited_cb, &exited);
    g_assert_true (run_for (&exited, 120000));
    g_assert_true (g_subprocess_get_if_exited (process));
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  }

  check_integrity (&crash);

  path = history_path (&crash);
  store = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  tasks = ovs_task_store_query (store, NULL, 0, 0);
  created = ovs_sandbox_dup_task_ids (crash.sandbox);

  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);

      /* Nothing is left half-way. */
      g_assert_cmpint (ovs_task_get_status (task), !=, OVS_TASK_STATUS_SUBMITTING);
      g_assert_cmpint (ovs_task_get_status (task), !=, OVS_TASK_STATUS_QUEUED);
      g_assert_cmpint (ovs_task_get_status (task), !=, OVS_TASK_STATUS_RUNNING);
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN)
        {
          g_assert_null (ovs_task_get_task_id (task));
          g_assert_nonnull (ovs_task_get_note (task));
          unknown++;
        }
      else
        {
          /* Every accepted task ended with its video on disk. */
          g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
          g_assert_nonnull (ovs_task_get_file (task));
          g_assert_true (g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR));
        }
    }

  for (guint i = 0; created[i] != NULL; i++)
    {
      guint found = 0;

      for (guint j = 0; j < tasks->len; j++)
        if (g_strcmp0 (ovs_task_get_task_id (g_ptr_array_index (tasks, j)), created[i]) == 0)
          found++;
      /* Never twice; missing only when killed between the answer and its recording. */
      g_assert_cmpuint (found, <=, 1);
      if (found == 0)
        missing++;
    }
  g_test_message ("%u tasks created by the sandbox, %u in the history, %u missing, %u unknown",
                  g_strv_length (created), tasks->len, missing, unknown);
  g_assert_cmpuint (missing, <=, unknown);
  /* No create was ever sent twice: at most one sandbox task per history entry. */
  g_assert_cmpuint (g_strv_length (created), <=, tasks->len);

  g_clear_object (&store);
  ovs_test_sandbox_clear (&crash.sandbox);
  ovs_test_remove_tree (crash.home);
  g_free (crash.home);
  g_free (crash.data_home);
  g_free (crash.downloads);
  g_free (crash.body_file);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/crash/kill-at-random-moments", test_kill_at_random_moments);

  return g_test_run ();
}
