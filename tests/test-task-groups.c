/* test-task-groups.c: groups in the task list (issue 16), under Xvfb
 *
 * A comparison of three models is sent through the group send to the sandbox (in process,
 * over loopback), which renders each video; the history is a real SQLite file. The list
 * shows the group as one row with its thumbnails; it opens, filters, is deleted with Undo
 * and runs again as a new group.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ovs-catalog.h"
#include "ovs-compare.h"
#include "ovs-compare-tile.h"
#include "ovs-compare-window.h"
#include "ovs-composer.h"
#include "ovs-group-send.h"
#include "ovs-prices.h"
#include "ovs-task-group-row.h"
#include "ovs-task-pane.h"
#include "ovs-task-thumbnail.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

typedef OvsTestApp Fixture;

static const char * const models[] = { "Kling-3.0-omni", "Veo-3.1", "Vidu-q2", NULL };

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **group_id = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = ovs_group_send_finish (OVS_TRACKER (source), result, group_id,
                                                      &error);

  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);
}

static gboolean
rerun_dialog_shown (gpointer data)
{
  return ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "task-rerun-group-dialog") != NULL;
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* The composer's clip fanned out to three families, sent as one group, every video in. */
static char *
send_comparison (Fixture    *f,
                 const char *prompt)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  char *group_id = NULL;

  ovs_test_app_compose_clip (f, prompt);
  json = ovs_request_to_json (ovs_composer_get_request (ovs_window_get_composer (f->window)));
  source = json_from_string (json, NULL);
  bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source, models, &error);
  g_assert_no_error (error);
  ovs_group_send_async (f->tracker, OVS_GROUP_KIND_COMPARE, bodies, NULL, sent_cb, &group_id);
  g_assert_true (ovs_test_spin_until (is_set, &group_id, 30000));
  ovs_test_app_show_tasks (f);
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, f, 120000));
  return group_id;
}

static OvsTaskGroup *
row_group (Fixture *f,
           guint    position)
{
  g_autoptr(GObject) item = g_list_model_get_item (ovs_test_app_tasks (f), position);

  g_assert_true (OVS_IS_TASK_GROUP (item));
  return OVS_TASK_GROUP (g_steal_pointer (&item));
}

static gboolean
n_rows_is (Fixture *f,
           guint    n)
{
  ovs_test_settle (20);
  return g_list_model_get_n_items (ovs_test_app_tasks (f)) == n;
}

static gboolean
one_row (gpointer data)
{
  return n_rows_is (data, 1);
}

static gboolean
four_rows (gpointer data)
{
  return n_rows_is (data, 4);
}

static gboolean
two_rows (gpointer data)
{
  return n_rows_is (data, 2);
}

static gboolean
no_rows (gpointer data)
{
  return n_rows_is (data, 0);
}

/* The mapped group row, once its three thumbnails show the videos. */
static gboolean
three_pictures (gpointer data)
{
  OvsTaskGroupRow *row = data;
  guint shown = 0;

  return ovs_task_group_row_get_n_thumbnails (row, &shown) == 3 && shown == 3;
}

static gboolean
is_thumbnail (GtkWidget     *widget,
              gconstpointer  data)
{
  return OVS_IS_TASK_THUMBNAIL (widget);
}

/* How many saturated colours @widget draws, in 64 bins: the sandbox's videos are colour
 * bars, where an empty slot is grey with a grey icon. */
static guint
saturated_colours (GtkWidget *widget)
{
  int width, height;
  g_autofree guchar *pixels = ovs_test_render_widget (widget, &width, &height);
  guint64 bins = 0;

  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      /* Premultiplied BGRA, opaque where a picture is. */
      guchar b = pixels[i * 4], g = pixels[i * 4 + 1], r = pixels[i * 4 + 2];
      guchar a = pixels[i * 4 + 3];

      if (a > 0xf0 && MAX (r, MAX (g, b)) - MIN (r, MIN (g, b)) > 96)
        bins |= G_GUINT64_CONSTANT (1) << ((r >> 6) << 4 | (g >> 6) << 2 | (b >> 6));
    }
  return __builtin_popcountll (bins);
}

/* What a frame drew: a picture arrives between frames. */
static gboolean
draws_colour_bars (gpointer data)
{
  return saturated_colours (data) >= 4;
}

static gboolean
draws_no_colour (gpointer data)
{
  return saturated_colours (data) == 0;
}

static GtkWidget *
mapped_group_row (Fixture *f)
{
  GtkWidget *found = ovs_test_find_named (GTK_WIDGET (ovs_window_get_task_pane (f->window)),
                                          "task-group-title");

  return found != NULL ? gtk_widget_get_ancestor (found, OVS_TYPE_TASK_GROUP_ROW) : NULL;
}

static gboolean
has_group_row (gpointer data)
{
  return mapped_group_row (data) != NULL;
}

static gboolean
grid_is_open (gpointer data)
{
  return ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL) != NULL;
}

/* One row with the three thumbnails and "3 of 3 done"; opened, the three members in the
 * group's order; Enter opens the grid; a member chosen elsewhere opens its group. */
static void
test_group_row (Fixture       *f,
                gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  g_autoptr(OvsTaskGroup) group = NULL;
  GtkWidget *row, *list, *arrow;
  GtkWidget *window;
  int list_width;

  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  group = row_group (f, 0);
  g_assert_cmpstr (ovs_task_group_get_id (group), ==, group_id);
  g_assert_true (ovs_test_spin_until (has_group_row, f, 10000));
  row = mapped_group_row (f);
  g_assert_true (ovs_test_spin_until (three_pictures, row, 30000));
  /* Drawn, not only loaded: each slot shows its video's colour bars (the slot draws the
   * picture itself); a slot without a task shows the grey icon again. */
  {
    g_autoptr(GPtrArray) thumbnails = ovs_test_collect_widgets (row, is_thumbnail, NULL);
    OvsTaskThumbnail *first;
    g_autoptr(OvsTask) task = NULL;

    g_assert_cmpuint (thumbnails->len, >=, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_true (ovs_test_spin_until (draws_colour_bars, g_ptr_array_index (thumbnails, i), 5000));
    first = g_ptr_array_index (thumbnails, 0);
    task = g_object_ref (ovs_task_thumbnail_get_task (first));
    ovs_task_thumbnail_set_task (first, NULL);
    g_assert_true (ovs_test_spin_until (draws_no_colour, first, 5000));
    ovs_task_thumbnail_set_task (first, task);
    g_assert_true (ovs_test_spin_until (three_pictures, row, 30000));
  }
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ovs_test_find_named (row, "task-group-summary"))),
                   ==, "3 of 3 done");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (ovs_test_find_named (row, "task-group-title"))),
                   ==, "Comparison of 3 models");

  /* Its ⋮ menu: no tooltip over the menu while it is open (GTK 4.8 leaves one shown before
   * the click on the menu's first item), the tooltip back once it is closed. */
  {
    GtkWidget *menu = ovs_test_find_named (row, "task-group-menu");
    GtkPopover *popover;

    g_assert_true (GTK_IS_MENU_BUTTON (menu));
    g_assert_true (gtk_widget_get_has_tooltip (menu));
    gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
    popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu));
    g_assert_nonnull (popover);
    ovs_test_settle (100);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
    g_assert_false (gtk_widget_get_has_tooltip (menu));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
    ovs_test_settle (100);
    g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (popover)));
    g_assert_true (gtk_widget_get_has_tooltip (menu));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (menu), ==, "Group Actions");
  }

  /* The keys a keyboard user has: Right opens the row, Left closes it. */
  list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list);
  list_width = gtk_widget_get_width (list);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.expand", NULL));
  g_assert_true (ovs_test_spin_until (four_rows, f, 10000));
  /* The members are indented, their thumbnails smaller by as much: the list keeps its
   * width (it took its widest row's, and pushed the task's view aside). */
  ovs_test_settle (200);
  g_assert_cmpint (gtk_widget_get_width (list), ==, list_width);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(OvsTask) member = g_list_model_get_item (ovs_test_app_tasks (f), i + 1);

      g_assert_true (OVS_IS_TASK (member));
      g_assert_cmpstr (ovs_task_get_model (member), ==, models[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.collapse", NULL));
  g_assert_true (ovs_test_spin_until (one_row, f, 10000));

  /* The mouse's way: the arrow at the row's end opens it, and closes it again. */
  arrow = ovs_test_find_named (row, "task-group-expander");
  g_assert_true (GTK_IS_BUTTON (arrow) && gtk_widget_is_drawable (arrow));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (arrow)), ==, "pan-down-symbolic");
  g_signal_emit_by_name (arrow, "clicked");
  g_assert_true (ovs_test_spin_until (four_rows, f, 10000));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (arrow)), ==, "pan-up-symbolic");
  g_signal_emit_by_name (arrow, "clicked");
  g_assert_true (ovs_test_spin_until (one_row, f, 10000));

  /* Enter on the group's row: its grid, one tile per model. */
  g_signal_emit_by_name (list, "activate", 0);
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 10000));
  window = ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL);
  g_assert_cmpuint (ovs_compare_grid_get_n_tiles (ovs_compare_window_get_grid (OVS_COMPARE_WINDOW (window))), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A member chosen from elsewhere (the grid, a notification): its group opens. */
  ovs_task_pane_select (pane, ovs_task_group_get_task (group, 1));
  ovs_test_settle (50);
  g_assert_true (ovs_task_pane_get_selected (pane) == ovs_task_group_get_task (group, 1));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 4);
}

/* The Groups button leaves only the groups; a search finds a group by any member. */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  GtkWidget *groups;

  ovs_test_app_compose_clip (f, "一只会飞的猫");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  /* Written down by the history's writer first: until then the group alone is all done. */
  g_assert_true (ovs_test_spin_until (two_rows, f, 10000));
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, f, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);

  groups = ovs_test_find_named (GTK_WIDGET (pane), "task-groups-filter");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (groups));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (groups), TRUE);
  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  g_object_unref (row_group (f, 0));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (groups), FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);

  ovs_task_pane_set_filter (pane, "lighthouse", -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  g_object_unref (row_group (f, 0));
  /* One member's model is enough. */
  ovs_task_pane_set_filter (pane, NULL, -1, models[2]);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  g_object_unref (row_group (f, 0));
  ovs_task_pane_set_filter (pane, "飞的猫", -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  {
    g_autoptr(GObject) item = g_list_model_get_item (ovs_test_app_tasks (f), 0);

    g_assert_true (OVS_IS_TASK (item));
  }
}

static gboolean
history_empty (gpointer data)
{
  Fixture *f = data;

  return ovs_task_store_count (f->store, NULL) == 0;
}

/* The whole group goes at once; the toast's Undo brings every member back, in the list
 * and in the history. */
static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  g_autoptr(GPtrArray) members = NULL;
  GtkWidget *undo;

  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  g_assert_nonnull (ovs_task_pane_get_selected_group (pane));
  ovs_task_pane_delete_selected (pane, FALSE);
  g_assert_true (ovs_test_spin_until (no_rows, f, 10000));
  /* Not yet gone from the history: the toast is still up. */
  g_assert_cmpuint (ovs_task_store_count (f->store, NULL), ==, 3);

  undo = ovs_test_wait_button (GTK_WIDGET (f->window), "_Undo", 5000);
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  {
    g_autoptr(OvsTaskGroup) group = row_group (f, 0);

    g_assert_cmpuint (ovs_task_group_get_n_tasks (group), ==, 3);
  }
  ovs_task_pane_flush_deletions (pane);
  ovs_test_settle (100);
  members = ovs_task_store_dup_group (f->store, group_id);
  g_assert_cmpuint (members->len, ==, 3);

  /* Without Undo: every member leaves the history. */
  g_clear_pointer (&members, g_ptr_array_unref);
  g_assert_nonnull (ovs_task_pane_get_selected_group (pane));
  ovs_task_pane_delete_selected (pane, FALSE);
  ovs_task_pane_flush_deletions (pane);
  g_assert_true (ovs_test_spin_until (history_empty, f, 10000));
  members = ovs_task_store_dup_group (f->store, group_id);
  g_assert_cmpuint (members->len, ==, 0);
  g_assert_true (ovs_test_spin_until (no_rows, f, 10000));
}

/* The two first groups are in the history, the third is not. */
static gboolean
two_groups_left (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) old = ovs_task_store_dup_group (f->store, "group-old");
  g_autoptr(GPtrArray) newer = ovs_task_store_dup_group (f->store, "group-new");
  g_autoptr(GPtrArray) newest = ovs_task_store_dup_group (f->store, "group-newest");

  ovs_test_settle (20);
  return old->len == 3 && newer->len == 3 && newest->len == 0;
}

/* Five rows: the newest group on top, opened, its first member selected, and the group
 * sent before it, closed, at the end. */
static gboolean
new_group_opened (gpointer data)
{
  Fixture *f = data;
  GListModel *rows = ovs_test_app_tasks (f);
  OvsTask *selected;
  g_autoptr(GObject) top = NULL;
  g_autoptr(GObject) last = NULL;

  ovs_test_settle (20);
  selected = ovs_task_pane_get_selected (ovs_window_get_task_pane (f->window));
  if (g_list_model_get_n_items (rows) != 5)
    return FALSE;
  top = g_list_model_get_item (rows, 0);
  last = g_list_model_get_item (rows, 4);
  return OVS_IS_TASK_GROUP (top) && OVS_IS_TASK_GROUP (last) && selected != NULL
         && selected == ovs_task_group_get_task (OVS_TASK_GROUP (top), 0);
}

/* Run Again on a group asks once, naming the paid tasks, and sends a new group of the same
 * kind with the same models. */
static void
test_run_again (Fixture       *f,
                gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  g_autoptr(OvsTaskGroup) newest = NULL;
  AdwMessageDialog *confirm;
  GtkWidget *window, *tile;
  OvsCompareGrid *grid;

  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.rerun-group", "s", group_id));
  /* The group is read off the main loop, then the question comes. */
  g_assert_true (ovs_test_spin_until (rerun_dialog_shown, NULL, 10000));
  confirm = ADW_MESSAGE_DIALOG (ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG,
                                                        "task-rerun-group-dialog"));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Create 3 Paid Tasks?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  /* Nothing is sent before the answer. */
  g_assert_cmpuint (ovs_task_store_count (f->store, NULL), ==, 3);
  adw_message_dialog_response (confirm, "send");

  /* Sent: the new group's row on top, opened on its first member, which is selected; the
   * first group below it, closed. Whether the list had taken the new group in before the
   * send's answer or not (it does so at the next turn of the main loop), it is the new
   * group that opens, never the one that was on top before. */
  g_assert_true (ovs_test_spin_until (new_group_opened, f, 30000));
  newest = row_group (f, 0);
  g_assert_cmpstr (ovs_task_group_get_id (newest), !=, group_id);
  {
    g_autoptr(OvsTaskGroup) first = row_group (f, 4);

    g_assert_cmpstr (ovs_task_group_get_id (first), ==, group_id);
  }
  g_assert_cmpstr (ovs_task_group_get_kind (newest), ==, OVS_GROUP_KIND_COMPARE);
  g_assert_cmpuint (ovs_task_group_get_n_tasks (newest), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (ovs_task_get_model (ovs_task_group_get_task (newest, i)), ==, models[i]);
  g_assert_cmpuint (ovs_task_store_count (f->store, NULL), ==, 6);
  /* Sent as Compare… sends: the new group's grid opens. */
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 10000));
  window = ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL);
  grid = ovs_compare_window_get_grid (OVS_COMPARE_WINDOW (window));
  g_assert_cmpuint (ovs_compare_grid_get_n_tiles (grid), ==, 3);
  tile = ovs_compare_grid_get_tile (grid, 0);
  g_assert_cmpstr (ovs_task_get_group_id (ovs_compare_tile_get_task (OVS_COMPARE_TILE (tile))), ==,
                   ovs_task_group_get_id (newest));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Run Again on the group, and Send Again in its question. */
static void
send_again (OvsTaskPane *pane,
            const char  *group_id)
{
  GtkWidget *confirm;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.rerun-group", "s", group_id));
  g_assert_true (ovs_test_spin_until (rerun_dialog_shown, NULL, 10000));
  confirm = ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "task-rerun-group-dialog");
  g_assert_nonnull (confirm);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "send");
}

/* The app closed right after Run Group Again sent: the three new tasks still under way,
 * their grid open and its players starting. Nothing reaches an object already gone (the
 * suite makes any critical fatal), and the history keeps all six tasks. */
static void
test_close_in_flight (Fixture       *f,
                      gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  g_autofree char *db = g_build_filename (f->dir, "history.sqlite3", NULL);
  g_autoptr(OvsTaskStore) reopened = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  send_again (pane, group_id);
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 10000));

  gtk_window_destroy (GTK_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)));
  ovs_test_app_close_window (f);
  g_clear_object (&f->tracker);
  g_clear_object (&f->store);
  ovs_test_settle (200);

  reopened = ovs_task_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ovs_task_store_count (reopened, NULL), ==, 6);
}

static gboolean
seven_rows (gpointer data)
{
  return n_rows_is (data, 7);
}

/* The task list: the pane's list of tree rows (its filters' drop-downs have lists too). */
static gboolean
is_task_list (GtkWidget     *widget,
              gconstpointer  data)
{
  GtkSelectionModel *model = GTK_IS_LIST_VIEW (widget) ? gtk_list_view_get_model (GTK_LIST_VIEW (widget))
                                                       : NULL;

  return GTK_IS_SINGLE_SELECTION (model)
         && GTK_IS_TREE_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)));
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The title label of group @group_id's row as the list shows it, or NULL. */
static GtkWidget *
title_of_group (Fixture    *f,
                const char *group_id)
{
  GtkWidget *pane = GTK_WIDGET (ovs_window_get_task_pane (f->window));
  g_autoptr(GPtrArray) titles = ovs_test_collect_widgets (pane, is_named, "task-group-title");

  for (guint i = 0; i < titles->len; i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (g_ptr_array_index (titles, i),
                                                OVS_TYPE_TASK_GROUP_ROW);
      OvsTaskGroup *group = row != NULL ? ovs_task_group_row_get_group (OVS_TASK_GROUP_ROW (row))
                                        : NULL;

      if (group != NULL && gtk_widget_get_child_visible (gtk_widget_get_parent (row))
          && g_strcmp0 (ovs_task_group_get_id (group), group_id) == 0)
        return g_ptr_array_index (titles, i);
    }
  return NULL;
}

/* The row @list shows for its selected item, or NULL if it shows none. */
static GtkWidget *
selected_row_widget (GtkWidget *list)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  guint selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));

  for (GtkWidget *item = gtk_widget_get_first_child (list); item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      g_autoptr(GtkTreeListRow) shown = NULL;

      if (row == NULL || !gtk_widget_get_child_visible (item)
          || g_object_class_find_property (G_OBJECT_GET_CLASS (row), "list-row") == NULL)
        continue;
      g_object_get (row, "list-row", &shown, NULL);
      if (shown != NULL && gtk_tree_list_row_get_position (shown) == selected)
        return row;
    }
  return NULL;
}

/* Whether all of @widget's top edge lies inside @list's height. */
static gboolean
top_in_view (GtkWidget *widget,
             GtkWidget *list)
{
  graphene_point_t at;

  return gtk_widget_compute_point (widget, list, &GRAPHENE_POINT_INIT (0, 0), &at)
         && at.y >= 0 && at.y < gtk_widget_get_height (list);
}

/* Three members of group @group_id, written at @created_at (seconds). */
static void
insert_group_of (Fixture    *f,
                 const char *group_id,
                 gint64      created_at,
                 guint       n_members)
{
  static const char * const examples[] = { "01-text-to-video.json", "05-vidu-bgm.json",
                                           "17-veo-asset-reference.json" };

  for (guint i = 0; i < n_members; i++)
    ovs_test_app_insert_example (f, examples[i % G_N_ELEMENTS (examples)], "a lighthouse at dusk",
                                 created_at, group_id, i);
}

static void
insert_group (Fixture    *f,
              const char *group_id,
              gint64      created_at)
{
  insert_group_of (f, group_id, created_at, 3);
}

/* A group just written is listed at the next turn of the main loop. Asked for before that
 * (the window selects a group's first member as soon as its send is answered, which on a
 * busy machine comes first), the pane opens that group, not the one whose row it is about
 * to replace; and a group deleted by name is that group. */
static void
test_select_new_member (Fixture       *f,
                        gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(OvsTaskGroup) top = NULL;
  g_autoptr(OvsTaskGroup) last = NULL;
  OvsTask *selected;

  /* Older groups enough to fill the list: it scrolls. */
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("group-older-%u", i);

      insert_group (f, id, now - 600 + i);
    }
  insert_group (f, "group-old", now - 120);
  ovs_test_app_show_tasks (f);
  g_assert_true (ovs_test_spin_until (seven_rows, f, 10000));

  /* Written, and at once a member asked for: no turn of the main loop between. */
  insert_group (f, "group-new", now - 60);
  members = ovs_task_store_dup_group (f->store, "group-new");
  g_assert_cmpuint (members->len, ==, 3);
  ovs_task_pane_select (pane, g_ptr_array_index (members, 0));
  selected = ovs_task_pane_get_selected (pane);
  g_assert_nonnull (selected);
  g_assert_cmpint (ovs_task_get_id (selected), ==, ovs_task_get_id (g_ptr_array_index (members, 0)));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 11);
  top = row_group (f, 0);
  last = row_group (f, 4);
  g_assert_cmpstr (ovs_task_group_get_id (top), ==, "group-new");
  g_assert_cmpstr (ovs_task_group_get_id (last), ==, "group-old");
  /* In view: the member, and above it its group's own row, title and all (brought in from
   * above, the member alone went to the list's top edge). */
  ovs_test_settle (300);
  {
    GtkWidget *title = title_of_group (f, "group-new");
    GtkWidget *list = title != NULL ? gtk_widget_get_ancestor (title, GTK_TYPE_LIST_VIEW) : NULL;
    GtkWidget *member = NULL;

    g_assert_nonnull (title);
    g_assert_nonnull (list);
    g_assert_cmpint (gtk_widget_get_height (list), >, 0);
    g_assert_true (top_in_view (title, list));
    member = selected_row_widget (list);
    g_assert_nonnull (member);
    g_assert_true (top_in_view (member, list));
  }

  /* The same for a group deleted by name just after it is written: that group is the one
   * asked about. */
  g_clear_object (&top);
  insert_group (f, "group-newest", now - 30);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.delete-group", "s",
                                             "group-newest"));
  top = ovs_task_pane_get_selected_group (pane) != NULL
        ? g_object_ref (ovs_task_pane_get_selected_group (pane)) : NULL;
  g_assert_nonnull (top);
  g_assert_cmpstr (ovs_task_group_get_id (top), ==, "group-newest");
  ovs_test_answer_dialog ("task-delete-dialog", "_Delete");
  ovs_task_pane_flush_deletions (pane);
  g_assert_true (ovs_test_spin_until (two_groups_left, f, 10000));

  /* A member far down a big group: its group's row is brought into view first, and the
   * member once that frame is drawn, so the member is what the list shows. */
  g_clear_pointer (&members, g_ptr_array_unref);
  insert_group_of (f, "group-big", now - 10, 24);
  members = ovs_task_store_dup_group (f->store, "group-big");
  g_assert_cmpuint (members->len, ==, 24);
  ovs_task_pane_select (pane, g_ptr_array_index (members, 23));
  ovs_test_settle (300);
  {
    g_autoptr(GPtrArray) lists = ovs_test_collect_widgets (GTK_WIDGET (pane), is_task_list, NULL);
    GtkWidget *list = NULL;
    GtkWidget *member = NULL;

    g_assert_cmpuint (lists->len, ==, 1);
    list = g_ptr_array_index (lists, 0);
    member = selected_row_widget (list);
    g_assert_nonnull (member);
    g_assert_true (top_in_view (member, list));
  }
}

static gboolean
budget_asks (gpointer data)
{
  return ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "budget-dialog") != NULL;
}

/* Run Again on a group is a paid send like Compare…: over the daily budget it asks first,
 * and Cancel there sends nothing. */
static void
test_run_again_budget (Fixture       *f,
                       gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autofree char *group_id = send_comparison (f, "a lighthouse at dusk");
  g_autofree char *prices = ovs_prices_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (prices);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GString) table = g_string_new ("{\"models\": {");
  GtkWidget *budget;

  g_assert_true (ovs_test_spin_until (one_row, f, 10000));
  for (guint i = 0; models[i] != NULL; i++)
    g_string_append_printf (table, "%s\"%s\": {\"per_second\": 100000}", i > 0 ? ", " : "",
                            models[i]);
  g_string_append (table, "}}");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (prices, table->str, -1, NULL));
  g_settings_set_double (settings, "budget-daily", 0.01);

  send_again (pane, group_id);
  g_assert_true (ovs_test_spin_until (budget_asks, NULL, 10000));
  budget = ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "budget-dialog");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (budget)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (budget), "cancel");
  ovs_test_settle (300);
  g_assert_cmpuint (ovs_task_store_count (f->store, NULL), ==, 3);

  g_settings_reset (settings, "budget-daily");
  g_assert_cmpint (g_remove (prices), ==, 0);
}

/* A comparison of six models in a list of usual width: as many thumbnails as fit, "+N" for
 * the others, and the row no wider at its least than a group of three (the list is as wide
 * as its widest row: six in a row widened it by 150 pixels). Wider, all six. */
static OvsTaskGroupRow *
group_row_of (OvsTaskStore *store,
              const char   *group_id,
              guint         n)
{
  g_autoptr(OvsTaskGroup) group = NULL;
  OvsTaskGroupRow *row;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsTask) draft = ovs_task_new ();
      g_autoptr(OvsTask) task = NULL;
      g_autoptr(GError) error = NULL;

      ovs_task_set_prompt (draft, "a lighthouse at dusk");
      ovs_task_set_model (draft, models[i % 3]);
      ovs_task_set_group_id (draft, group_id);
      ovs_task_set_group_kind (draft, "compare");
      ovs_task_set_group_index (draft, (int) i);
      task = ovs_task_store_insert (store, draft, &error);
      g_assert_no_error (error);
    }
  group = ovs_task_group_new (store, group_id);
  g_assert_cmpuint (ovs_task_group_get_n_tasks (group), ==, n);
  row = g_object_new (OVS_TYPE_TASK_GROUP_ROW, NULL);
  ovs_task_group_row_set_group (row, group);
  return row;
}

static int
min_width (GtkWidget *widget)
{
  int minimum;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

static void
test_six_fit (void)
{
  g_autofree char *dir = ovs_test_make_tmp_dir ("ovs-six-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "history.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = ovs_task_store_new (path, &error);
  OvsTaskGroupRow *three, *six;
  GtkWidget *window, *box, *more;
  guint shown;

  g_assert_no_error (error);
  three = group_row_of (store, "three", 3);
  six = group_row_of (store, "six", 6);
  g_assert_cmpint (min_width (GTK_WIDGET (six)), <=, min_width (GTK_WIDGET (three)));

  window = gtk_window_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (three));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (six));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 340, -1);
  gtk_window_present (GTK_WINDOW (window));
  ovs_test_settle (300);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (six)), <, 400);
  /* The three fit; of the six, some, and the count of the others. */
  g_assert_cmpuint (ovs_task_group_row_get_n_thumbnails (three, NULL), ==, 3);
  shown = ovs_task_group_row_get_n_thumbnails (six, NULL);
  g_assert_cmpuint (shown, >=, 1);
  g_assert_cmpuint (shown, <, 6);
  more = ovs_test_find_named (GTK_WIDGET (six), "task-group-more");
  g_assert_true (gtk_widget_get_child_visible (more) && gtk_widget_is_drawable (more));
  {
    g_autofree char *expected = g_strdup_printf ("+%u", 6 - shown);

    g_assert_cmpstr (gtk_inscription_get_text (GTK_INSCRIPTION (more)), ==, expected);
  }
  g_assert_false (gtk_widget_get_child_visible (ovs_test_find_named (GTK_WIDGET (three),
                                                                     "task-group-more")));

  /* Room for all: six, and no count. */
  gtk_window_set_default_size (GTK_WINDOW (window), 700, -1);
  ovs_test_settle (300);
  g_assert_cmpuint (ovs_task_group_row_get_n_thumbnails (six, NULL), ==, 6);
  g_assert_false (gtk_widget_get_child_visible (more));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  ovs_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);
  ovs_test_add_app ("/task-groups/row", test_group_row);
  ovs_test_add_app ("/task-groups/filter", test_filter);
  ovs_test_add_app ("/task-groups/delete-undo", test_delete_undo);
  ovs_test_add_app ("/task-groups/run-again", test_run_again);
  ovs_test_add_app ("/task-groups/run-again-budget", test_run_again_budget);
  ovs_test_add_app ("/task-groups/close-in-flight", test_close_in_flight);
  ovs_test_add_app ("/task-groups/select-new-member", test_select_new_member);
  g_test_add_func ("/task-groups/six-fit", test_six_fit);
  return g_test_run ();
}
