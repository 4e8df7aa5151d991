/* bench-db-lock.c: does the main loop stall while another process holds the history's lock?
 *
 * Usage: bench-db-lock RUNS STORE-BENCH. The tracker follows tasks sent to an in-process
 * sandbox and writes their changes to a real history file, on this program's main loop as
 * in the app, while `bench-store --hold-lock` holds the file's write lock for 5 s. A 5 ms
 * ticker measures the longest gap in the main loop from the lock to a second after its
 * release. Prints the median over RUNS: "db-lock-stall: X ms".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "ovs-core.h"
#include "ovs-client.h"
#include "ovs-sandbox.h"
#include "ovs-test-util.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"

#define N_TASKS 6
#define LOCK_MS 5000

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  guint *n_submitted = data;
  g_autoptr(OvsTask) task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, NULL);

  (*n_submitted)++;
}

static double
run_once (OvsSandbox *sandbox,
          const char *store_bench)
{
  g_autofree char *dir = g_dir_make_tmp ("ovs-bench-lock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autofree char *videos = g_build_filename (dir, "videos", NULL);
  g_autofree char *lock_ms = g_strdup_printf ("%d", LOCK_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = ovs_task_store_new (path, &error);
  g_autoptr(OvsClient) client = ovs_client_new (ovs_sandbox_get_base_url (sandbox), "bench", &error);
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(GSubprocess) holder = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  OvsTestStall *stall;
  guint n_submitted = 0;
  gint64 longest;

  if (store == NULL)
    g_error ("%s", error->message);
  tracker = ovs_tracker_new (store, client, videos);
  ovs_tracker_set_schedule (tracker, 0.2, 0.5);
  ovs_tracker_set_auto_download (tracker, FALSE);
  for (int i = 0; i < N_TASKS; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"model\": \"Kling-3.0-omni\", \"prompt\": "
                                               "\"lock benchmark %d\", \"resolution\": \"360p\", "
                                               "\"seconds\": \"3\"}", i);

      ovs_tracker_submit_async (tracker, "text-to-video", body, NULL, submitted_cb, &n_submitted);
    }
  while (n_submitted < N_TASKS)
    g_main_context_iteration (NULL, TRUE);

  /* The tasks are being followed; now another process takes the lock. */
  holder = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, store_bench, "--hold-lock",
                             path, lock_ms, NULL);
  if (holder == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (g_strcmp0 (line, "locked") != 0)
    g_error ("the lock holder did not lock the history");

  stall = ovs_test_stall_watch (5);
  ovs_test_loop_for (LOCK_MS + 1000);
  longest = ovs_test_stall_stop (stall);
  g_subprocess_wait (holder, NULL, NULL);

  g_clear_object (&tracker);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (command) != 0)
      g_printerr ("bench-db-lock: could not remove %s\n", dir);
  }
  return longest / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OvsSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree double *stalls = NULL;
  int runs;

  if (argc != 3)
    {
      g_printerr ("usage: bench-db-lock RUNS STORE-BENCH\n");
      return 2;
    }
  ovs_core_init ();
  runs = CLAMP (atoi (argv[1]), 1, 31);
  stalls = g_new0 (double, runs);
  sandbox = ovs_sandbox_new ();
  ovs_sandbox_set_speed (sandbox, 2.0);
  if (!ovs_sandbox_start (sandbox, 0, &error))
    g_error ("%s", error->message);

  for (int i = 0; i < runs; i++)
    stalls[i] = run_once (sandbox, argv[2]);
  printf ("db-lock-stall: %.0f ms\n", ovs_bench_median (stalls, runs));
  ovs_sandbox_stop (sandbox);
  return 0;
}
