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

#include "ovs-compare.h"
#include "ovs-compare-grid.h"
#include "ovs-compare-tile.h"
#include "ovs-compare-window.h"
#include "ovs-group-send.h"
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
