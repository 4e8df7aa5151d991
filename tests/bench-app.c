/* bench-app.c: the app measured from the outside, next to a bare window in the same run
 *
 * Usage: bench-app SECTION RUNS APP BARE STORE-BENCH [PRELOAD|IMAGE]. Each figure is the median of
 * RUNS runs; where a reference is given, its runs alternate with the app's (app, bare, app,
 * bare, …), so both see the same machine. Prints one line per figure:
 *   startup:   startup-empty|startup-10k|startup-100k: X s (bare window Y s, ratio R), the
 *              bare window drawing as the app does; then startup-bare-libadwaita: the same
 *              for the bare window made with libadwaita (bench-bare.c), for scale;
 *              startup-10k-gtk-renderer: the app against the bare window left to GTK's own
 *              renderer choice (the reference); and startup-gnome-text-editor: the
 *              same as the first lines for GNOME Text Editor when it is installed (the
 *              issue's example of a native start), measured through LD_PRELOAD of PRELOAD
 *              (bench-preload.c)
 *   memory:    memory-100k-idle: X MiB (bare window Y MiB, +Z MiB)
 *   keystroke: keystroke: X ms (with the frame GTK lays out and paints F ms; plain text view
 *              Y ms, with its frame G ms; ratio X/Y), keystroke-image-5mb: the same with
 *              IMAGE (5 MB) attached, keystroke-images-4x5mb: with four of it (27 MB of
 *              base64, near the gateway's limit: the body's size is checked at each pause).
 *              X is one character's own work: the main thread's CPU time outside the frame
 *              clock's layout and paint phases, which GTK runs once per frame for whatever
 *              changed.
 *   scroll:    scroll-100k: X ms per frame (plain list Y ms, ratio R)
 * The children report through ovs-bench-hook.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"

typedef struct
{
  double first_frame_s;  /* from exec */
  double peak_mib;       /* at the first frame, or after the idle wait */
  double value;          /* keystroke or scroll ms */
  double work;           /* keystroke ms outside the frame's layout and paint */
} Sample;

typedef struct
{
  const char *app;
  const char *app_arg;   /* one argument for the app, or NULL */
  const char *bare;
  const char *store_bench;
  char       *root;
  int         runs;
} Bench;

/* Runs @argv0 (with @arg, if not NULL) once with the history in @data_home and @env
 * ("NAME=VALUE" pairs). */
/* Every run starts from the same state: the app restores its drafts, and a prompt that grew
 * by each run's typing would make every run lay out a longer paragraph than the last. */
static void
forget_drafts (const char *data_home)
{
  g_autofree char *dir = g_build_filename (data_home, "omni-video-studio", "drafts", NULL);
  g_autoptr(GDir) drafts = g_dir_open (dir, 0, NULL);
  const char *name;

  while (drafts != NULL && (name = g_dir_read_name (drafts)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

static Sample
run_once (const char         *argv0,
          const char         *arg,
          const char         *data_home,
          const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;
  gint64 start, frame = 0;
  long rss = 0, idle_rss = 0, now_rss = 0;
  Sample sample = { -1, -1, -1, -1 };

  forget_drafts (data_home);
  g_subprocess_launcher_setenv (launcher, "OVS_BENCH_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }

  start = g_get_monotonic_time ();
  child = g_subprocess_launcher_spawn (launcher, &error, argv0, arg, NULL);
  if (child == NULL)
    g_error ("%s", error->message);
  if (!g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    g_error ("%s", error->message);
  if (out == NULL || sscanf (out, "first-frame %" G_GINT64_FORMAT " %ld", &frame, &rss) != 2)
    g_error ("%s printed no first frame (did it start?): %s", argv0, out != NULL ? out : "");

  /* A run that broke after its first frame (a crash while typing, say) is no figure. */
  if (!g_subprocess_get_successful (child))
    g_error ("%s ended badly (%s %d) after its first frame", argv0,
             g_subprocess_get_if_signaled (child) ? "signal" : "status",
             g_subprocess_get_if_signaled (child) ? g_subprocess_get_term_sig (child)
                                                  : g_subprocess_get_exit_status (child));

  sample.first_frame_s = (frame - start) / (double) G_USEC_PER_SEC;
  sample.peak_mib = rss / 1024.0;
  if ((line = strstr (out, "\nidle ")) != NULL && sscanf (line, "\nidle %ld %ld", &idle_rss, &now_rss) == 2)
    sample.peak_mib = idle_rss / 1024.0;
  if ((line = strstr (out, "\nkeystroke ")) != NULL)
    {
      char *end = NULL;

      sample.value = g_ascii_strtod (line + strlen ("\nkeystroke "), &end);
      sample.work = g_ascii_strtod (end, NULL);
    }
  if ((line = strstr (out, "\nscroll ")) != NULL)
    sample.value = g_ascii_strtod (line + strlen ("\nscroll "), NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    if ((g_str_has_prefix (env[i], "OVS_BENCH_KEYSTROKES=") && sample.work < 0)
        || (g_str_has_prefix (env[i], "OVS_BENCH_SCROLL_FRAMES=") && sample.value < 0))
      g_error ("%s printed no figure for %s: %s", argv0, env[i], out);
  return sample;
}

typedef enum { FIELD_TIME, FIELD_PEAK, FIELD_VALUE, FIELD_WORK } Field;

static double
field_of (const Sample *sample,
          Field         field)
{
  return field == FIELD_TIME ? sample->first_frame_s
         : field == FIELD_PEAK ? sample->peak_mib
         : field == FIELD_WORK ? sample->work : sample->value;
}

/* The median of each field of @samples on its own. */
static Sample
medians (const Sample *samples,
         int           n)
{
  g_autofree double *values = g_new0 (double, n);
  double result[FIELD_WORK + 1];

  for (Field field = FIELD_TIME; field <= FIELD_WORK; field++)
    {
      for (int i = 0; i < n; i++)
        values[i] = field_of (&samples[i], field);
      result[field] = ovs_bench_median (values, n);
    }
  return (Sample) { result[FIELD_TIME], result[FIELD_PEAK], result[FIELD_VALUE], result[FIELD_WORK] };
}

/* Medians of every field for the app and (when @bare_env is not NULL) the bare window, their
 * runs interleaved after one warm-up run of each. */
static void
measure_all (Bench              *bench,
             const char         *data_home,
             const char * const *app_env,
             const char * const *bare_env,
             Sample             *app_median,
             Sample             *bare_median)
{
  g_autofree Sample *app = g_new0 (Sample, bench->runs);
  g_autofree Sample *bare = g_new0 (Sample, bench->runs);
  g_autofree char *bare_home = g_build_filename (bench->root, "bare", NULL);

  run_once (bench->app, bench->app_arg, data_home, app_env);
  if (bare_env != NULL)
    run_once (bench->bare, NULL, bare_home, bare_env);
  for (int i = 0; i < bench->runs; i++)
    {
      app[i] = run_once (bench->app, bench->app_arg, data_home, app_env);
      if (bare_env != NULL)
        bare[i] = run_once (bench->bare, NULL, bare_home, bare_env);
    }
  *app_median = medians (app, bench->runs);
  if (bare_median != NULL)
    *bare_median = bare_env != NULL ? medians (bare, bench->runs) : (Sample) { 0 };
}

/* The median of @field alone (see measure_all ()). */
static void
measure (Bench              *bench,
         Field               field,
         const char         *data_home,
         const char * const *app_env,
         const char * const *bare_env,
         double             *app_value,
         double             *bare_value)
{
  Sample app, bare;

  measure_all (bench, data_home, app_env, bare_env, &app, &bare);
  *app_value = field_of (&app, field);
  if (bare_value != NULL)
    *bare_value = field_of (&bare, field);
}

/* A history of @n_tasks tasks in a data folder of its own (made once per run of the bench). */
static char *
history (Bench *bench,
         int    n_tasks)
{
  g_autofree char *name = g_strdup_printf ("history-%d", n_tasks);
  char *data_home = g_build_filename (bench->root, name, NULL);
  g_autofree char *dir = g_build_filename (data_home, "omni-video-studio", NULL);
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autofree char *count = g_strdup_printf ("%d", n_tasks);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return data_home;
  g_mkdir_with_parents (dir, 0700);
  if (n_tasks > 0)
    {
      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, bench->store_bench, "--generate",
                                path, count, NULL);
      if (child == NULL || !g_subprocess_wait_check (child, NULL, &error))
        g_error ("%s", error->message);
    }
  return data_home;
}

static void
section_startup (Bench      *bench,
                 const char *preload)
{
  static const struct { const char *name; int n_tasks; } sizes[] = {
    { "startup-empty", 0 }, { "startup-10k", 10000 }, { "startup-100k", 100000 },
  };
  const char * const none[] = { NULL };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *home = history (bench, sizes[i].n_tasks);
      double app, bare;

      measure (bench, FIELD_TIME, home, none, none, &app, &bare);
      printf ("%s: %.3f s (bare window %.3f s, ratio %.2f)\n", sizes[i].name, app, bare,
              app / bare);
      fflush (stdout);
    }

  /* For scale: the bare window made with libadwaita, against the bare GTK one. */
  {
    const char * const adw[] = { "OVS_BENCH_BARE_ADW=1", NULL };
    g_autofree char *home = history (bench, 0);
    const char *app_path = bench->app;
    double adw_bare, bare;

    bench->app = bench->bare;
    measure (bench, FIELD_TIME, home, adw, none, &adw_bare, &bare);
    bench->app = app_path;
    printf ("startup-bare-libadwaita: %.3f s (bare window %.3f s, ratio %.2f)\n", adw_bare, bare,
            adw_bare / bare);
    fflush (stdout);
  }

  /* The issue's own figure: against the bare window left to GTK 4.8's renderer choice, as it
   * was when the issue measured (OpenGL wherever it loads, Mesa's software rasterizer
   * included). This ratio counts what the app saves by its own choice as well as what it
   * adds; the lines above count only what it adds. */
  {
    const char * const gtk_choice[] = { "OVS_BENCH_GTK_CHOICE=1", NULL };
    g_autofree char *home = history (bench, 10000);
    double app, bare;

    measure (bench, FIELD_TIME, home, none, gtk_choice, &app, &bare);
    printf ("startup-10k-gtk-renderer: %.3f s (bare window left to GTK's renderer %.3f s, "
            "ratio %.2f)\n", app, bare, app / bare);
    fflush (stdout);
  }

  /* For scale: GNOME Text Editor, which the issue gives as a native start (1.34×), measured
   * here in the same way, if it is installed. */
  {
    g_autofree char *editor = g_find_program_in_path ("gnome-text-editor");
    g_autofree char *ld_preload = g_strconcat ("LD_PRELOAD=", preload, NULL);
    const char * const editor_env[] = { ld_preload, NULL };
    g_autofree char *home = history (bench, 0);
    const char *app_path = bench->app;
    double editor_s, bare;

    if (editor == NULL || preload == NULL)
      return;
    bench->app = editor;
    bench->app_arg = "--standalone";
    measure (bench, FIELD_TIME, home, editor_env, none, &editor_s, &bare);
    bench->app = app_path;
    bench->app_arg = NULL;
    printf ("startup-gnome-text-editor: %.3f s (bare window %.3f s, ratio %.2f)\n", editor_s,
            bare, editor_s / bare);
    fflush (stdout);
  }
}

static void
section_memory (Bench *bench)
{
  const char * const idle[] = { "OVS_BENCH_IDLE_SECONDS=15", NULL };
  g_autofree char *home = history (bench, 100000);
  double app, bare;

  measure (bench, FIELD_PEAK, home, idle, idle, &app, &bare);
  printf ("memory-100k-idle: %.1f MiB (bare window %.1f MiB, %+.1f MiB)\n", app, bare, app - bare);
  fflush (stdout);
}

/* One typed character's own work (the handlers it runs, the text view's update, whatever the
 * app defers, less GTK's layout and paint of the frame), then with that frame. */
static void
print_keystroke (const char   *name,
                 const Sample *app,
                 const Sample *plain)
{
  printf ("%s: %.2f ms (with the frame GTK lays out and paints %.2f ms; "
          "plain text view %.2f ms, with its frame %.2f ms; ratio %.2f)\n",
          name, app->work, app->value, plain->work, plain->value,
          plain->work > 0 ? app->work / plain->work : 0);
  fflush (stdout);
}

static void
section_keystroke (Bench      *bench,
                   const char *image)
{
  const char * const typing[] = { "OVS_BENCH_KEYSTROKES=30", NULL };
  g_autofree char *attach = g_strdup_printf ("OVS_BENCH_PREPARE=attach:%s", image);
  g_autofree char *attach4 = g_strdup_printf ("OVS_BENCH_PREPARE=attach:%s,%s,%s,%s",
                                              image, image, image, image);
  const char * const typing_image[] = { "OVS_BENCH_KEYSTROKES=30", attach, NULL };
  const char * const typing_images[] = { "OVS_BENCH_KEYSTROKES=30", attach4, NULL };
  g_autofree char *home = history (bench, 0);
  Sample app, plain;

  measure_all (bench, home, typing, typing, &app, &plain);
  print_keystroke ("keystroke", &app, &plain);
  if (image == NULL)
    return;
  /* The plain text view again, interleaved with these runs: the same floor, this run's. */
  measure_all (bench, home, typing_image, typing, &app, &plain);
  print_keystroke ("keystroke-image-5mb", &app, &plain);
  measure_all (bench, home, typing_images, typing, &app, &plain);
  print_keystroke ("keystroke-images-4x5mb", &app, &plain);
}

static void
section_scroll (Bench *bench)
{
  const char * const app_env[] = { "OVS_BENCH_SCROLL_FRAMES=120", "OVS_BENCH_PREPARE=tasks", NULL };
  const char * const bare_env[] = { "OVS_BENCH_SCROLL_FRAMES=120", NULL };
  g_autofree char *home = history (bench, 100000);
  double app, bare;

  measure (bench, FIELD_VALUE, home, app_env, bare_env, &app, &bare);
  printf ("scroll-100k: %.1f ms per frame (plain list %.1f ms, ratio %.2f)\n", app, bare,
          app / bare);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  const char *section;

  if (argc < 6)
    {
      g_printerr ("usage: bench-app startup|memory|keystroke|scroll RUNS APP BARE STORE-BENCH"
                  " [PRELOAD|IMAGE]\n");
      return 2;
    }
  section = argv[1];
  bench.runs = CLAMP (atoi (argv[2]), 1, 31);
  bench.app = argv[3];
  bench.bare = argv[4];
  bench.store_bench = argv[5];
  bench.root = g_dir_make_tmp ("ovs-bench-app-XXXXXX", NULL);

  if (g_str_equal (section, "startup"))
    section_startup (&bench, argc > 6 ? argv[6] : NULL);
  else if (g_str_equal (section, "memory"))
    section_memory (&bench);
  else if (g_str_equal (section, "keystroke"))
    section_keystroke (&bench, argc > 6 ? argv[6] : NULL);
  else if (g_str_equal (section, "scroll"))
    section_scroll (&bench);
  else
    g_printerr ("bench-app: no section “%s”\n", section);

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", bench.root);

    if (system (command) != 0)
      g_printerr ("bench-app: could not remove %s\n", bench.root);
  }
  g_free (bench.root);
  return 0;
}
