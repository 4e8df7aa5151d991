/* bench-first-frame.c: from selecting a finished 1080p task to its first frame on screen
 *
 * Prints "first-frame-1080p: X ms (preroll Y ms)": the medians of RUNS selections, to the
 * painted frame, and of GStreamer's own preroll of the same file to fake sinks, alternated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "ovs-test-util.h"
#include "ovs-core.h"
#include "ovs-gsk-choice.h"
#include "ovs-player-widget.h"
#include "ovs-player.h"
#include "ovs-renderer.h"
#include "ovs-task-view.h"

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ovs_renderer_render_finish (result, &error))
    g_error ("%s", error->message);
  *(gboolean *) user_data = TRUE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted)
{
  *painted = g_get_monotonic_time ();
}

/* From selecting the task to the frame clock's paint that follows the first decoded frame:
 * what the user sees. The loop sleeps between wake-ups; nothing spins. */
static double
time_to_painted_frame (GtkWidget *view,
                       OvsTask   *task)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);
  gint64 start = g_get_monotonic_time ();
  gint64 textured = 0, painted = 0;
  guint wake = g_timeout_add (2, wake_cb, NULL);
  gulong handler;

  ovs_task_view_set_task (OVS_TASK_VIEW (view), task);
  while (textured == 0)
    {
      GtkWidget *widget = ovs_task_view_get_player (OVS_TASK_VIEW (view));
      OvsPlayer *player = widget != NULL ? ovs_player_widget_get_player (OVS_PLAYER_WIDGET (widget)) : NULL;

      if (player != NULL && ovs_player_get_current_texture (player) != NULL)
        textured = g_get_monotonic_time ();
      else
        g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - start > 20 * G_USEC_PER_SEC)
        g_error ("no frame after 20 s");
    }
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  while (painted == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_source_remove (wake);
  return (painted - start) / 1000.0;
}

/* GStreamer's own preroll of the same file, to fake sinks: the floor for the figure above. */
static double
time_to_preroll (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);
  g_autoptr(GstBus) bus = gst_element_get_bus (playbin);
  g_autoptr(GstMessage) message = NULL;
  gint64 start;

  g_object_set (playbin, "uri", uri,
                "video-sink", gst_element_factory_make ("fakesink", NULL),
                "audio-sink", gst_element_factory_make ("fakesink", NULL), NULL);
  start = g_get_monotonic_time ();
  gst_element_set_state (playbin, GST_STATE_PAUSED);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  if (message == NULL || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    g_error ("the file does not preroll");
  gst_element_set_state (playbin, GST_STATE_NULL);
  gst_object_unref (playbin);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("ovs-bench-frame-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "task_bench.mp4", NULL);
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(OvsTask) task = ovs_task_new ();
  int runs = argc > 1 ? CLAMP (atoi (argv[1]), 1, 31) : 5;
  g_autofree double *times = g_new0 (double, runs);
  g_autofree double *prerolls = g_new0 (double, runs);
  gboolean rendered = FALSE;
  GtkWidget *window, *view;

  gtk_init ();
  ovs_gsk_choose_renderer ();  /* as the app does (main.c) */
  adw_init ();
  gtk_source_init ();
  ovs_core_init ();
  gst_init (NULL, NULL);

  spec->seconds = 3;
  spec->width = 1920;
  spec->height = 1080;
  spec->audio = TRUE;
  spec->text = g_strdup ("first frame benchmark");
  ovs_renderer_render_async (spec, path, NULL, rendered_cb, &rendered);
  while (!rendered)
    g_main_context_iteration (NULL, TRUE);

  ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
  ovs_task_set_file (task, path);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = ovs_task_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  ovs_test_loop_for (500);

  /* The view and the bare preroll alternate, so both see the same machine. */
  for (int i = 0; i < runs; i++)
    {
      times[i] = time_to_painted_frame (view, task);
      ovs_task_view_set_task (OVS_TASK_VIEW (view), NULL);
      ovs_test_loop_for (100);
      prerolls[i] = time_to_preroll (path);
      ovs_test_loop_for (100);
    }

  printf ("first-frame-1080p: %.0f ms (preroll %.0f ms)\n", ovs_bench_median (times, runs),
          ovs_bench_median (prerolls, runs));

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
