/* bench-grid.c: four 1080p results playing in step in the grid's player group
 *
 * Prints "grid-4x1080p: X dropped frames of Y" and, measured in alternation in the same
 * run as the reference, "grid-1x1080p: X dropped frames of Y" for one video alone: the
 * frames the players did not show (Y: the frames of the seconds played, X: those of them
 * never handed to the picture). Medians of RUNS runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-grid"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdlib.h>

#include "bench-util.h"
#include "ovs-test-util.h"
#include "ovs-core.h"
#include "ovs-gsk-choice.h"
#include "ovs-player-group.h"
#include "ovs-renderer.h"

#define SECONDS 3
#define FPS 24

static const char * const models[] = {
  "Kling-3.0-omni", "Vidu-q2", "Veo-3.1", "doubao-seedance-2-0-260128"
};

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

static char *
render (const char *dir,
        guint       index)
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autofree char *name = g_strdup_printf ("tile-%u.%s", index, ovs_renderer_file_extension ());
  char *path = g_build_filename (dir, name, NULL);
  gboolean done = FALSE;

  spec->seconds = SECONDS + 1;
  spec->width = 1920;
  spec->height = 1080;
  spec->fps = FPS;
  spec->audio = TRUE;
  spec->text = g_strdup (models[index]);
  spec->hue = ovs_render_hue_for_model (models[index]);
  ovs_renderer_render_async (spec, path, NULL, rendered_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return path;
}

static void
frame_cb (GdkPaintable *paintable,
          guint        *frames)
{
  (*frames)++;
}

static gboolean
all_ready (OvsPlayerGroup *group)
{
  for (guint i = 0; i < ovs_player_group_get_n_players (group); i++)
    if (!ovs_player_get_ready (ovs_player_group_get_player (group, i)))
      return FALSE;
  return TRUE;
}

/* Plays @n of the videos in step in one window for SECONDS; returns the frames not shown. */
static double
run_once (char  **paths,
          guint   n,
          double *expected)
{
  g_autoptr(OvsPlayerGroup) group = ovs_player_group_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *grid = gtk_grid_new ();
  guint frames = 0;
  gint64 start;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_set_child (GTK_WINDOW (window), grid);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsPlayer) player = ovs_player_new ();
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (player));

      gtk_widget_set_hexpand (picture, TRUE);
      gtk_widget_set_vexpand (picture, TRUE);
      gtk_grid_attach (GTK_GRID (grid), picture, i % 2, i / 2, 1, 1);
      ovs_player_set_file (player, file);
      ovs_player_group_add (group, player);
    }
  gtk_window_present (GTK_WINDOW (window));
  while (!all_ready (group))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < n; i++)
    g_signal_connect (ovs_player_group_get_player (group, i), "invalidate-contents",
                      G_CALLBACK (frame_cb), &frames);
  ovs_player_group_play (group);
  start = g_get_monotonic_time ();
  ovs_test_loop_for (SECONDS * 1000);
  ovs_player_group_pause (group);
  *expected = n * FPS * (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  for (guint i = 0; i < n; i++)
    {
      g_signal_handlers_disconnect_by_func (ovs_player_group_get_player (group, i), frame_cb, &frames);
      ovs_player_stop (ovs_player_group_get_player (group, i));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  return MAX (0, *expected - frames);
}

int
main (int   argc,
      char *argv[])
{
  int runs = argc > 1 ? MAX (1, atoi (argv[1])) : 5;
  g_autofree char *dir = g_dir_make_tmp ("ovs-bench-grid-XXXXXX", NULL);
  g_autofree double *four = g_new0 (double, runs);
  g_autofree double *four_of = g_new0 (double, runs);
  g_autofree double *one = g_new0 (double, runs);
  g_autofree double *one_of = g_new0 (double, runs);
  char *paths[G_N_ELEMENTS (models)];

  ovs_core_init ();
  gtk_init ();
  ovs_gsk_choose_renderer ();  /* as the app does (main.c) */
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    paths[i] = render (dir, i);

  /* Alternating, so that the machine's load weighs on both alike. */
  for (int r = 0; r < runs; r++)
    {
      one[r] = run_once (paths, 1, &one_of[r]);
      four[r] = run_once (paths, 4, &four_of[r]);
    }
  g_print ("grid-4x1080p: %.0f dropped frames of %.0f\n", ovs_bench_median (four, runs),
           ovs_bench_median (four_of, runs));
  g_print ("grid-1x1080p: %.0f dropped frames of %.0f\n", ovs_bench_median (one, runs),
           ovs_bench_median (one_of, runs));

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_unlink (paths[i]);
      g_free (paths[i]);
    }
  g_rmdir (dir);
  return 0;
}
