/* bench-first-frame.c: from selecting a finished 1080p task to its first frame on screen
 *
 * Prints "first-frame-1080p: 0.084 s", the median of RUNS selections (build-aux/bench).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>
#include <stdlib.h>

#include "ovs-core.h"
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

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
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
  gboolean rendered = FALSE;
  GtkWidget *window, *view;

  gtk_init ();
  adw_init ();
  gtk_source_init ();
  ovs_core_init ();

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
  for (gint64 end = g_get_monotonic_time () + 500000; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);

  for (int i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      OvsPlayer *player = NULL;

      ovs_task_view_set_task (OVS_TASK_VIEW (view), task);
      while (player == NULL || ovs_player_get_current_texture (player) == NULL)
        {
          GtkWidget *widget = ovs_task_view_get_player (OVS_TASK_VIEW (view));

          player = widget != NULL ? ovs_player_widget_get_player (OVS_PLAYER_WIDGET (widget)) : NULL;
          g_main_context_iteration (NULL, FALSE);
          if (g_get_monotonic_time () - start > 20 * G_USEC_PER_SEC)
            g_error ("no frame after 20 s");
        }
      times[i] = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      ovs_task_view_set_task (OVS_TASK_VIEW (view), NULL);
      for (gint64 end = g_get_monotonic_time () + 100000; g_get_monotonic_time () < end;)
        g_main_context_iteration (NULL, FALSE);
    }

  qsort (times, runs, sizeof *times, compare);
  printf ("first-frame-1080p: %.3f s\n", times[runs / 2]);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
