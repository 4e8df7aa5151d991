/* test-compare-grid.c: one prompt, three models, one grid playing in step
 *
 * The whole way: the body fanned out, the group sent to the sandbox over loopback, the grid
 * opened at once (tiles show each task's status), filled in as the videos arrive, played,
 * and the star, note and hidden tile kept in the history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-compare-grid"

#include "config.h"

#include <glib/gstdio.h>

#include "ovs-compare.h"
#include "ovs-compare-grid.h"
#include "ovs-compare-tile.h"
#include "ovs-compare-window.h"
#include "ovs-group-send.h"
#include "ovs-grid-export.h"
#include "ovs-media-probe.h"
#include "ovs-test-ui.h"

static const char *body =
  "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"a lighthouse at dusk\",\"seconds\":\"3\","
  "\"resolution\":\"720p\",\"aspect_ratio\":\"16:9\"}";
static const char * const models[] = {
  "Kling-3.0-omni", "Vidu-q2", "doubao-seedance-1-0-pro-250528", NULL
};

typedef struct
{
  OvsCompareGrid *grid;
  gint64          position;
  GAsyncResult   *result;
} Wait;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static gboolean
is_sent (Wait *wait)
{
  return wait->result != NULL;
}

static gboolean
all_filled_in (Wait *wait)
{
  for (guint i = 0; i < ovs_compare_grid_get_n_tiles (wait->grid); i++)
    {
      OvsCompareTile *tile = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (wait->grid, i));

      if (!ovs_player_get_ready (ovs_compare_tile_get_player (tile))
          || ovs_task_get_media_json (ovs_compare_tile_get_task (tile)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_past (Wait *wait)
{
  OvsPlayerGroup *group = ovs_compare_grid_get_group (wait->grid);

  return ovs_player_group_get_playing (group)
         && ovs_player_group_get_position (group) >= wait->position;
}

static gboolean
wait_while_playing (Wait *wait,
                    int   seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!is_past (wait) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return is_past (wait);
}

static GPtrArray *
send_comparison (OvsTestApp *app,
                 char      **group_id)
{
  g_autoptr(JsonNode) source = json_from_string (body, NULL);
  g_autoptr(GPtrArray) bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source, models, NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  GPtrArray *tasks;

  ovs_group_send_async (app->tracker, OVS_GROUP_KIND_COMPARE, bodies, NULL, sent_cb, &wait);
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) is_sent, &wait, 30000));
  tasks = ovs_group_send_finish (app->tracker, wait.result, group_id, &error);
  g_assert_no_error (error);
  g_object_unref (wait.result);
  return tasks;
}

static gboolean
all_ready (OvsCompareGrid *grid)
{
  for (guint i = 0; i < ovs_compare_grid_get_n_tiles (grid); i++)
    if (!ovs_player_get_ready (ovs_compare_tile_get_player (OVS_COMPARE_TILE (ovs_compare_grid_get_tile (grid, i)))))
      return FALSE;
  return TRUE;
}

/* Every tile's pipeline plays its segment at @rate. */
static void
assert_rate (OvsCompareGrid *grid,
             double          rate)
{
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) all_ready, grid, 30000));
  for (guint i = 0; i < ovs_compare_grid_get_n_tiles (grid); i++)
    {
      OvsCompareTile *tile = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (grid, i));

      g_assert_cmpfloat (ovs_player_query_rate (ovs_compare_tile_get_player (tile)), ==, rate);
    }
}

/* The speed menu's item and the [ and ] keys' action set every tile's speed. */
static void
check_speed (OvsCompareGrid *grid)
{
  GtkWidget *button = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.rate", "d", 2.0));
  assert_rate (grid, 2.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.rate-step", "i", -1));
  assert_rate (grid, 1.5);
  /* The menu button says the speed. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (grid)); w != NULL && button == NULL;)
    {
      if (GTK_IS_MENU_BUTTON (w))
        button = w;
      else if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
        }
    }
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==, "1.5×");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.rate", "d", 1.0));
  assert_rate (grid, 1.0);
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
has_file_chooser (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
is_exporting (OvsCompareWindow *window)
{
  return ovs_compare_window_get_exporting (window);
}

static gboolean
is_not_exporting (OvsCompareWindow *window)
{
  return !ovs_compare_window_get_exporting (window);
}

/* Export…: the file chosen in the chooser, written while the window shows its progress,
 * three tiles (2 × 2 layout) as long as the longest video. */
static void
check_export (OvsTestApp       *app,
              OvsCompareWindow *window)
{
  g_autofree char *path = g_build_filename (app->dir, "side-by-side.mp4", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (app->dir);
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *chooser;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "compare.export", NULL));
  g_assert_true (ovs_test_spin_until (has_file_chooser, NULL, 10000));
  chooser = find_file_chooser ();
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "side-by-side.mp4");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) is_exporting, window, 10000));
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) is_not_exporting, window, 120000));

  info = ovs_media_probe_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 2 * OVS_GRID_EXPORT_TILE_WIDTH);
  g_assert_cmpint (info->height, ==, 2 * OVS_GRID_EXPORT_TILE_HEIGHT);
  g_assert_cmpfloat_with_epsilon (info->duration, 3.0, 0.2);

  /* Cancel: nothing is left behind, neither the file nor its part. */
  {
    g_autofree char *cancelled = g_build_filename (app->dir, "cancelled.mp4", NULL);
    g_autofree char *part = g_strconcat (cancelled, ".part", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (cancelled);

    ovs_compare_window_export (window, file);
    g_assert_true (ovs_compare_window_get_exporting (window));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "compare.cancel-export", NULL));
    g_assert_true (ovs_test_spin_until ((OvsTestCondition) is_not_exporting, window, 30000));
    g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
  g_unlink (path);
}

static void
test_grid (OvsTestApp    *app,
           gconstpointer  data)
{
  g_autofree char *group_id = NULL;
  g_autoptr(GPtrArray) tasks = send_comparison (app, &group_id);
  OvsCompareWindow *window = ovs_compare_window_new (app->store, group_id, tasks);
  OvsCompareGrid *grid = ovs_compare_window_get_grid (window);
  OvsCompareTile *first = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (grid, 0));
  OvsCompareTile *second = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (grid, 1));
  OvsPlayerGroup *group = ovs_compare_grid_get_group (grid);
  Wait wait = { grid, 0, NULL };
  g_autoptr(OvsTask) stored = NULL;
  gint64 lowest = G_MAXINT64, highest = 0;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (ovs_compare_grid_get_n_tiles (grid), ==, 3);
  /* Straight after sending, no tile has a video yet: they say where their task is. */
  g_assert_null (ovs_player_get_uri (ovs_compare_tile_get_player (first)));

  /* The tiles fill in as the tracker downloads each video. */
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) all_filled_in, &wait, 120000));
  g_test_message ("details: %s", ovs_compare_tile_get_details (first));
  g_assert_nonnull (strstr (ovs_compare_tile_get_details (first), "3.0 s"));
  g_assert_nonnull (strstr (ovs_compare_tile_get_details (first), "1280×720"));

  /* One click plays all; the positions, read from the players, agree to the frame. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.toggle", NULL));
  wait.position = GST_SECOND;
  /* Not ovs_test_spin_until (): it drains what is pending, and a playing group always
   * has a frame pending, up to its end. */
  g_assert_true (wait_while_playing (&wait, 30));
  for (guint i = 0; i < 3; i++)
    {
      OvsCompareTile *tile = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (grid, i));
      gint64 position = ovs_player_query_position (ovs_compare_tile_get_player (tile));

      lowest = MIN (lowest, position);
      highest = MAX (highest, position);
    }
  g_assert_cmpint (highest - lowest, <=, GST_SECOND / OVS_PLAYER_GROUP_FPS);
  ovs_player_group_pause (group);

  /* Kept in the history: the favourite, and the hidden tile in the task's meta. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (second), "tile.hide", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (second)));
  stored = ovs_task_store_lookup (app->store, ovs_task_get_id (ovs_compare_tile_get_task (second)));
  g_assert_cmpstr (ovs_task_get_meta (stored), ==, "{\"hidden\":true}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.show-hidden", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (second)));
  g_assert_null (ovs_task_get_meta (stored));

  check_speed (grid);
  check_export (app, window);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);
  ovs_test_add_app ("/compare-grid/play-in-step", test_grid);
  return g_test_run ();
}
