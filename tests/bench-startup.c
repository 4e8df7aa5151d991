/* bench-startup.c: from exec to the first painted frame, the app next to a bare window
 *
 * Usage: bench-startup RUNS APP BARE STORE-BENCH. Prints, medians of RUNS:
 *   startup-empty: 0.412 s (bare window 0.301 s, ratio 1.37)
 *   startup-10k: …
 *   memory-10k: 61.2 MiB (peak RSS)
 *   memory-100k: …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct
{
  double seconds;
  double rss_mib;
} Sample;

/* Runs @argv0 once with the history in @data_home; the child prints its first frame. */
static Sample
run_once (const char *argv0,
          const char *data_home)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gint64 start, frame = 0;
  long rss = 0;
  Sample sample = { -1, -1 };

  g_subprocess_launcher_setenv (launcher, "OVS_BENCH_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);

  start = g_get_monotonic_time ();
  child = g_subprocess_launcher_spawn (launcher, &error, argv0, NULL);
  if (child == NULL)
    g_error ("%s", error->message);
  if (!g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    g_error ("%s", error->message);
  if (out == NULL || sscanf (out, "first-frame %" G_GINT64_FORMAT " %ld", &frame, &rss) != 2)
    g_error ("%s printed no first frame (did it start?): %s", argv0, out != NULL ? out : "");

  sample.seconds = (frame - start) / (double) G_USEC_PER_SEC;
  sample.rss_mib = rss / 1024.0;
  return sample;
}

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof *values, compare);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
measure (const char *argv0,
         const char *data_home,
         int         runs,
         double     *seconds,
         double     *rss)
{
  g_autofree double *times = g_new0 (double, runs);
  g_autofree double *sizes = g_new0 (double, runs);

  /* One run to warm the caches, not counted. */
  run_once (argv0, data_home);
  for (int i = 0; i < runs; i++)
    {
      Sample sample = run_once (argv0, data_home);

      times[i] = sample.seconds;
      sizes[i] = sample.rss_mib;
    }
  *seconds = median (times, runs);
  *rss = median (sizes, runs);
}

static char *
make_history (const char *root,
              const char *name,
              const char *store_bench,
              int         n_tasks)
{
  char *data_home = g_build_filename (root, name, NULL);
  g_autofree char *dir = g_build_filename (data_home, "omni-video-studio", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autofree char *count = g_strdup_printf ("%d", n_tasks);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;

  g_mkdir_with_parents (dir, 0700);
  if (n_tasks > 0)
    {
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, store_bench, "--generate", path,
                                count, NULL);
      if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
        g_error ("%s", error->message);
    }
  return data_home;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = NULL;
  int runs;

  if (argc != 5)
    {
      g_printerr ("usage: bench-startup RUNS APP BARE STORE-BENCH\n");
      return 2;
    }
  runs = CLAMP (atoi (argv[1]), 1, 31);
  root = g_dir_make_tmp ("ovs-bench-startup-XXXXXX", NULL);

  {
    g_autofree char *bare_home = make_history (root, "bare", argv[4], 0);
    g_autofree char *empty = make_history (root, "empty", argv[4], 0);
    g_autofree char *ten = make_history (root, "10k", argv[4], 10000);
    g_autofree char *hundred = make_history (root, "100k", argv[4], 100000);
    double bare, bare_rss, t, rss;

    measure (argv[3], bare_home, runs, &bare, &bare_rss);

    measure (argv[2], empty, runs, &t, &rss);
    printf ("startup-empty: %.3f s (bare window %.3f s, ratio %.2f)\n", t, bare, t / bare);
    printf ("memory-empty: %.1f MiB (bare window %.1f MiB)\n", rss, bare_rss);
    fflush (stdout);

    measure (argv[2], ten, runs, &t, &rss);
    printf ("startup-10k: %.3f s (bare window %.3f s, ratio %.2f)\n", t, bare, t / bare);
    printf ("memory-10k: %.1f MiB\n", rss);
    fflush (stdout);

    measure (argv[2], hundred, runs, &t, &rss);
    printf ("startup-100k: %.3f s (bare window %.3f s, ratio %.2f)\n", t, bare, t / bare);
    printf ("memory-100k: %.1f MiB\n", rss);
    fflush (stdout);
  }

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);

    if (system (command) != 0)
      g_printerr ("bench-startup: could not remove %s\n", root);
  }
  return 0;
}
