/* ovs-bench-hook.c
 *
 * Shared by the app and the bare window build-aux/bench compares it with, so both are
 * measured the same way. Only environment variables that build-aux/bench sets turn it on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ovs-bench-hook.h"

static OvsBenchPrepareFunc prepare_func;

typedef struct
{
  GtkApplication *app;
  GtkWindow      *window;
  GtkWidget      *target;        /* the prompt, or the list being scrolled */
  guint           n_wanted;      /* characters to type, or frames to scroll */
  guint           n_done;
  gint64          idle_cpu_ns;   /* CPU time of the idle phase */
  gint64          idle_frame_ns; /* of which in frames GTK laid out and painted */
  gint64          frame_cpu_ns;  /* CPU time in the frame clock's layout and paint phases */
  gint64          frame_mark_ns; /* when this frame's layout or paint began, or 0 */
  gulong          hook_ids[2];   /* those marks' emission hooks on "layout" and "paint" */
  gint64          phase_start_ns;
  gint64          frame_start_us;
  GArray         *frame_ms;
} Bench;

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  return line != NULL ? strtol (line + strlen (field), NULL, 10) : -1;
}

/* The main thread's CPU time: unlike wall time, what other processes on the machine do
 * does not count. */
static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void frame_done_cb (GdkFrameClock *clock,
                           Bench         *bench);

static void
finish (Bench *bench)
{
  static const char * const phases[] = { "layout", "paint" };

  for (guint i = 0; i < G_N_ELEMENTS (phases); i++)
    if (bench->hook_ids[i] != 0)
      g_signal_remove_emission_hook (g_signal_lookup (phases[i], GDK_TYPE_FRAME_CLOCK),
                                     bench->hook_ids[i]);
  g_signal_handlers_disconnect_by_func (gtk_widget_get_frame_clock (GTK_WIDGET (bench->window)),
                                        frame_done_cb, bench);
  g_application_quit (G_APPLICATION (bench->app));
  g_clear_pointer (&bench->frame_ms, g_array_unref);
  g_free (bench);
}

static gboolean
idle_done_cb (gpointer data)
{
  Bench *bench = data;

  printf ("idle %ld %ld\n", status_kib ("VmHWM:"), status_kib ("VmRSS:"));
  fflush (stdout);
  finish (bench);
  return G_SOURCE_REMOVE;
}

/* Keystrokes: one character every 100 ms (a fast typist), then a second for whatever the
 * app defers (the preview's pause, validation); the same span measured idle first. */
#define KEY_INTERVAL_MS 100
#define KEY_SETTLE_MS 1000

static gboolean
type_one_cb (gpointer data)
{
  Bench *bench = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (bench->target));

  if (bench->n_done == bench->n_wanted)
    {
      gint64 spent = thread_cpu_ns () - bench->phase_start_ns - bench->idle_cpu_ns;
      gint64 in_frames = bench->frame_cpu_ns - bench->idle_frame_ns;

      printf ("keystroke %.3f %.3f\n", MAX (spent, 0) / 1e6 / bench->n_wanted,
              MAX (spent - in_frames, 0) / 1e6 / bench->n_wanted);
      fflush (stdout);
      finish (bench);
      return G_SOURCE_REMOVE;
    }
  gtk_text_buffer_insert_interactive_at_cursor (buffer, bench->n_done % 6 == 5 ? " " : "a", 1,
                                                TRUE);
  bench->n_done++;
  if (bench->n_done == bench->n_wanted)
    {
      /* The last one: wait out the deferred work before counting. */
      g_timeout_add (KEY_SETTLE_MS, type_one_cb, bench);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
idle_measured_cb (gpointer data)
{
  Bench *bench = data;

  bench->idle_cpu_ns = thread_cpu_ns () - bench->phase_start_ns;
  bench->idle_frame_ns = bench->frame_cpu_ns;
  bench->frame_cpu_ns = 0;
  bench->phase_start_ns = thread_cpu_ns ();
  g_timeout_add (KEY_INTERVAL_MS, type_one_cb, bench);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A frame's layout and paint: what GTK does once per frame for whatever changed, as it does
 * for a plain text view, told apart from the work a keystroke itself causes (the app's
 * handlers, the text view's own update, the preview's tick). An emission hook runs before
 * any handler, so the mark is set before GTK's own layout or paint handler starts. */
static gboolean
frame_phase_hook (GSignalInvocationHint *hint,
                  guint                  n_values,
                  const GValue          *values,
                  gpointer               data)
{
  Bench *bench = data;

  if (bench->frame_mark_ns == 0)
    bench->frame_mark_ns = thread_cpu_ns ();
  return TRUE;
}

static void
frame_done_cb (GdkFrameClock *clock,
               Bench         *bench)
{
  if (bench->frame_mark_ns != 0)
    bench->frame_cpu_ns += thread_cpu_ns () - bench->frame_mark_ns;
  bench->frame_mark_ns = 0;
}

static void
count_frames (Bench *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (bench->window));

  bench->hook_ids[0] = g_signal_add_emission_hook (g_signal_lookup ("layout", GDK_TYPE_FRAME_CLOCK),
                                                   0, frame_phase_hook, bench, NULL);
  bench->hook_ids[1] = g_signal_add_emission_hook (g_signal_lookup ("paint", GDK_TYPE_FRAME_CLOCK),
                                                   0, frame_phase_hook, bench, NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (frame_done_cb), bench);
}

static gboolean
start_idle_phase_cb (gpointer data)
{
  Bench *bench = data;

  count_frames (bench);
  /* The idle phase lasts as long as the typing phase will. */
  bench->phase_start_ns = thread_cpu_ns ();
  g_timeout_add (KEY_INTERVAL_MS * bench->n_wanted + KEY_SETTLE_MS, idle_measured_cb, bench);
  return G_SOURCE_REMOVE;
}

/* The app and the plain text view type after the same prompt (the API page's own example),
 * whatever draft the app restored: laying out a paragraph costs by its length and script,
 * so both must lay out the same one. */
#define BENCH_PROMPT "一个女孩在海边回头微笑"

static gboolean
start_keystrokes_cb (gpointer data)
{
  Bench *bench = data;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  bench->target = find_named (GTK_WIDGET (bench->window), "prompt");
  if (bench->target == NULL || !GTK_IS_TEXT_VIEW (bench->target))
    g_error ("bench: no text view named “prompt” in the window");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (bench->target));
  gtk_text_buffer_set_text (buffer, BENCH_PROMPT, -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_widget_grab_focus (bench->target);
  /* What the app defers after that change (its draft, the preview) is over before the idle
   * phase, which is subtracted from the typing. */
  g_timeout_add (2 * KEY_SETTLE_MS, start_idle_phase_cb, bench);
  return G_SOURCE_REMOVE;
}

static void
find_longest_list (GtkWidget  *root,
                   GtkWidget **best,
                   guint      *best_n)
{
  if (GTK_IS_LIST_VIEW (root) && gtk_widget_get_mapped (root))
    {
      GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (root));
      guint n = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;

      if (*best == NULL || n > *best_n)
        {
          *best = root;
          *best_n = n;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_longest_list (child, best, best_n);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
scroll_update_cb (GdkFrameClock *clock,
                  Bench         *bench)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench->target));
  double value = gtk_adjustment_get_value (adjustment) + 3 * 48;

  bench->frame_start_us = g_get_monotonic_time ();
  /* A flick through the list: new rows are bound every frame. */
  gtk_adjustment_set_value (adjustment, MIN (value, gtk_adjustment_get_upper (adjustment)
                                                    - gtk_adjustment_get_page_size (adjustment)));
}

static void
scroll_after_paint_cb (GdkFrameClock *clock,
                       Bench         *bench)
{
  double ms;

  if (bench->frame_start_us == 0)
    return;
  ms = (g_get_monotonic_time () - bench->frame_start_us) / 1000.0;
  bench->frame_start_us = 0;
  g_array_append_val (bench->frame_ms, ms);
  if (bench->frame_ms->len < bench->n_wanted)
    return;

  g_signal_handlers_disconnect_by_data (clock, bench);
  g_array_sort (bench->frame_ms, compare_doubles);
  printf ("scroll %.3f\n", g_array_index (bench->frame_ms, double, bench->frame_ms->len / 2));
  fflush (stdout);
  finish (bench);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Bench *bench = data;

  /* Keeps a frame coming every refresh while the bench runs. */
  return bench->frame_ms != NULL && bench->frame_ms->len < bench->n_wanted
         ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
start_scroll_cb (gpointer data)
{
  Bench *bench = data;
  GdkFrameClock *clock;
  guint n = 0;

  find_longest_list (GTK_WIDGET (bench->window), &bench->target, &n);
  if (bench->target == NULL)
    g_error ("bench: no list view on screen");
  bench->frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (bench->target);
  g_signal_connect (clock, "update", G_CALLBACK (scroll_update_cb), bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (scroll_after_paint_cb), bench);
  gtk_widget_add_tick_callback (bench->target, scroll_tick_cb, bench, NULL);
  return G_SOURCE_REMOVE;
}

static guint
env_count (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) CLAMP (atoi (value), 1, 100000) : 0;
}

static gboolean
start_cb (gpointer data)
{
  Bench *bench = data;
  const char *prepare = g_getenv ("OVS_BENCH_PREPARE");

  if (prepare != NULL && prepare_func != NULL)
    prepare_func (bench->window, prepare);

  if ((bench->n_wanted = env_count ("OVS_BENCH_IDLE_SECONDS")) > 0)
    g_timeout_add_seconds (bench->n_wanted, idle_done_cb, bench);
  else if ((bench->n_wanted = env_count ("OVS_BENCH_KEYSTROKES")) > 0)
    /* Half a second for what the preparation started (an attachment's preview). */
    g_timeout_add (500, start_keystrokes_cb, bench);
  else if ((bench->n_wanted = env_count ("OVS_BENCH_SCROLL_FRAMES")) > 0)
    g_timeout_add (500, start_scroll_cb, bench);
  else
    finish (bench);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, bench);
  printf ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (),
          status_kib ("VmHWM:"));
  fflush (stdout);
  g_idle_add (start_cb, bench);
}

static void
realized_cb (GtkWidget *window,
             Bench     *bench)
{
  g_signal_handlers_disconnect_by_func (window, realized_cb, bench);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), bench);
}

void
ovs_bench_hook_watch (GtkApplication *app,
                      GtkWindow      *window)
{
  Bench *bench;

  if (g_getenv ("OVS_BENCH_FIRST_FRAME") == NULL)
    return;
  /* A blinking cursor fades in and out, a frame at every refresh, while idle and not while
   * typing: the idle phase subtracted would take those frames off the keystrokes' cost.
   * Off before any text view has the focus (and started blinking). */
  if (g_getenv ("OVS_BENCH_KEYSTROKES") != NULL)
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  bench = g_new0 (Bench, 1);
  bench->app = app;
  bench->window = window;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realized_cb (GTK_WIDGET (window), bench);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realized_cb), bench);
}

void
ovs_bench_hook_set_prepare (OvsBenchPrepareFunc func)
{
  prepare_func = func;
}
