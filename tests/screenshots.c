/* screenshots.c: the pictures of data/screenshots/, taken from the real window
 *
 * usage: screenshots OUTPUT_DIR [SUFFIX]     (build-aux/screenshots runs it under Xvfb)
 *
 * Fills a private history through the sandbox with a few documented requests, then paints
 * the window at 1280×800 into PNG files: main (the history with a finished video in the
 * player), composer (a Kling shot list beside its request body) and problems (a shot list
 * whose durations do not add up, the message beside the field). SUFFIX goes before
 * ".png" ("-zh_CN"). The language is the environment's (LANGUAGE).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-gsk-choice.h"
#include "ovs-player-widget.h"
#include "ovs-player.h"
#include "ovs-task-pane.h"
#include "ovs-task-view.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"

#define WIDTH 1280
#define HEIGHT 800

/* Oldest first: the last one is on top of the list and shown in the player. */
static const char *history[] = {
  "17-veo-asset-reference.json",
  "01-text-to-video.json",
  "05-vidu-bgm.json",
  "19-seedance-2-multireference.json",
  "11-kling-multishot-custom.json",
};

static gboolean
all_done (gpointer data)
{
  GListModel *tasks = data;

  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(OvsTask) task = g_list_model_get_item (tasks, i);

      if (!ovs_test_task_done (task))
        return FALSE;
    }
  return g_list_model_get_n_items (tasks) == G_N_ELEMENTS (history);
}

static gboolean
has_texture (gpointer data)
{
  return ovs_player_get_current_texture (data) != NULL;
}

static void
save (GtkWidget  *window,
      const char *dir,
      const char *name,
      const char *suffix)
{
  g_autofree char *file = g_strdup_printf ("%s%s.png", name, suffix);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  /* Let the last layout, the thumbnails and the toasts' timeouts settle first. */
  ovs_test_settle (400);
  paintable = gtk_widget_paintable_new (window);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s (%d×%d)\n", path, width, height);
}

/* Scrolls the scrolled window around @widget until @widget is at its top (twice: the
 * thumbnails that arrive meanwhile change the layout). */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled == NULL)
    g_error ("%s is not in a scrolled window", G_OBJECT_TYPE_NAME (widget));
  for (int i = 0; i < 2; i++)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      graphene_point_t point;

      ovs_test_settle (200);
      if (!gtk_widget_compute_point (widget, scrolled, &GRAPHENE_POINT_INIT (0, 0), &point))
        g_error ("%s cannot be placed", G_OBJECT_TYPE_NAME (widget));
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  OvsTestApp app = { 0 };
  OvsTaskPane *pane;
  OvsComposer *composer;
  const char *dir;
  const char *suffix;

  /* For the example files (G_TEST_SRCDIR); warnings are fatal, as in the tests. */
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s OUTPUT_DIR [SUFFIX]\n", argv[0]);
      return 2;
    }
  dir = argv[1];
  suffix = argc > 2 ? argv[2] : "";

  home = ovs_test_isolate_home ("ovs-screenshots-XXXXXX");
  setlocale (LC_ALL, "");
  textdomain (GETTEXT_PACKAGE);
  ovs_core_init ();
  gtk_init ();
  ovs_gsk_choose_renderer ();  /* as the app does (main.c) */
  adw_init ();
  gtk_source_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* What AdwApplication loads for the real app: the status chips, the endpoint pill. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", WIDTH);
    g_settings_set_int (settings, "window-height", HEIGHT);
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }
  ovs_test_app_open (&app);
  /* A release build has no development stripes in its header bar. */
  gtk_widget_remove_css_class (GTK_WIDGET (app.window), "devel");
  pane = ovs_window_get_task_pane (app.window);
  composer = ovs_window_get_composer (app.window);

  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    {
      g_autofree char *scenario = ovs_test_example_scenario (history[i]);
      g_autofree char *body = ovs_test_read_example (history[i], NULL);

      /* Through the tracker, as the window does, but without its "submitted" toasts. */
      ovs_tracker_submit_async (app.tracker, scenario, body, NULL, NULL, NULL);
      ovs_test_settle (300);
    }
  if (!ovs_test_spin_until (all_done, ovs_task_pane_get_model (pane), 300000))
    g_error ("The sandbox did not finish the tasks in 5 minutes");

  /* The history, the newest task in the player, paused on a frame with its prompt. */
  gtk_widget_activate_action (GTK_WIDGET (app.window), "win.show-tasks", NULL);
  {
    g_autoptr(OvsTask) newest = ovs_test_app_first_task (&app);
    GtkWidget *player_widget;
    OvsPlayer *player;

    ovs_task_pane_select (pane, newest);
    ovs_test_settle (300);
    player_widget = ovs_task_view_get_player (ovs_task_pane_get_view (pane));
    player = ovs_player_widget_get_player (OVS_PLAYER_WIDGET (player_widget));
    ovs_player_seek (player, 2 * G_GINT64_CONSTANT (1000000000));
    if (!ovs_test_spin_until (has_texture, player, 10000))
      g_error ("The player showed no frame");
  }
  save (GTK_WIDGET (app.window), dir, "main", suffix);

  /* The composer: the documented Kling shot list, its body beside the form. */
  gtk_widget_activate_action (GTK_WIDGET (app.window), "win.show-compose", NULL);
  g_assert_true (ovs_test_select_scenario (app.window, "kling-multishot-custom"));
  ovs_composer_reset (composer);
  ovs_composer_validate_now (composer);
  scroll_to (ovs_composer_get_panel (composer, "shots"));
  save (GTK_WIDGET (app.window), dir, "composer", suffix);

  /* The same list with a shot made longer: the durations no longer add up. */
  {
    g_autofree char *body = ovs_test_read_example ("11-kling-multishot-custom.json", NULL);
    g_autoptr(GError) error = NULL;
    char *duration = strstr (body, "\"duration\": ");

    if (duration == NULL || !g_ascii_isdigit (duration[strlen ("\"duration\": ")]))
      g_error ("The Kling example has no shot duration");
    duration[strlen ("\"duration\": ")] += 2;
    if (!ovs_composer_import (composer, body, &error))
      g_error ("%s", error->message);
    ovs_composer_validate_now (composer);
    if (ovs_composer_get_n_errors (composer) == 0)
      g_error ("The longer shot was not found wrong");
    scroll_to (ovs_composer_get_panel (composer, "shots"));
    save (GTK_WIDGET (app.window), dir, "problems", suffix);
  }

  ovs_test_app_close (&app);
  ovs_test_remove_tree (home);
  return 0;
}
