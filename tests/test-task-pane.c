/* test-task-pane.c: the task list of the Tasks page, its rows and deletion, under Xvfb
 *
 * The sandbox (in process, over loopback) is the peer; the history is a real SQLite file;
 * the request bodies are the API page's own examples (tests/data/examples).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-composer.h"
#include "ovs-sandbox.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-task-store.h"
#include "ovs-test-keys.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

typedef OvsTestApp Fixture;

/* The task rows on screen, in tree order. */
static gboolean
is_mapped_task_row (GtkWidget     *widget,
                    gconstpointer  data)
{
  return OVS_IS_TASK_ROW (widget) && gtk_widget_get_mapped (widget);
}

/* Issue 15.1: the toast's Undo brings the task back, and it stays in the history. */
/* The queued deletion has landed in the history. */
static gboolean
one_task_left (gpointer data)
{
  OvsTestApp *f = data;

  return ovs_task_store_count (f->store, NULL) == 1;
}

/* One task sent with @prompt and finished, selected on the Tasks page. */
static OvsTask *
send_and_select (Fixture    *f,
                 const char *prompt)
{
  OvsTask *task;

  ovs_test_app_compose_clip (f, prompt);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, f, 60000));
  ovs_test_app_show_tasks (f);
  task = ovs_test_app_first_task (f);
  ovs_task_pane_select (ovs_window_get_task_pane (f->window), task);
  return task;
}

static gboolean
undo_gone (gpointer data)
{
  Fixture *f = data;

  return ovs_test_find_button (GTK_WIDGET (f->window), "_Undo") == NULL;
}

static void
test_undo_from_toast (Fixture       *f,
                      gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autoptr(OvsTask) task = NULL;
  GtkWidget *undo;

  task = send_and_select (f, "删除之后撤销");

  ovs_task_pane_delete_selected (pane, FALSE);
  ovs_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 0);

  /* The button the user sees on the toast, pressed as the user does. */
  undo = ovs_test_wait_button (GTK_WIDGET (f->window), "_Undo", 5000);
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_is_sensitive (undo));
  g_signal_emit_by_name (undo, "clicked");
  ovs_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);

  /* From the keyboard: Ctrl+Z anywhere in the pane but a text field (here the Groups
   * button: the emptied list is not on screen) brings it back, and its toast goes. */
  ovs_task_pane_select (pane, task);
  ovs_task_pane_delete_selected (pane, FALSE);
  g_assert_nonnull (ovs_test_wait_button (GTK_WIDGET (f->window), "_Undo", 5000));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 0);
  ovs_test_press_keys (ovs_test_find_button (GTK_WIDGET (pane), "_Groups"), "ctrl+z");
  ovs_test_settle (60);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  /* The toast goes once it has come in, and has hidden: 600 ms of frame time. */
  g_assert_true (ovs_test_spin_until (undo_gone, f, 3000));

  /* Whatever deletions were pending are done: this one is not among them. */
  ovs_task_pane_flush_deletions (pane);
  g_assert_true (ovs_test_spin_until (one_task_left, f, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
}

static gboolean
two_done (gpointer data)
{
  return g_list_model_get_n_items (ovs_test_app_tasks (data)) == 2
         && ovs_test_app_all_done (data);
}

/* Undone, the task is chosen again: the list had moved on to its neighbour. */
static void
test_undo_chooses_again (Fixture       *f,
                         gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autoptr(OvsTask) older = send_and_select (f, "先发的任务");
  g_autoptr(OvsTask) newer = NULL;
  GtkWidget *undo;

  /* The second: "all done" holds before it is listed, so its count is waited for too. */
  ovs_test_app_compose_clip (f, "后发的任务");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  g_assert_true (ovs_test_spin_until (two_done, f, 60000));
  ovs_test_app_show_tasks (f);
  newer = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_id (newer), !=, ovs_task_get_id (older));
  ovs_task_pane_select (pane, older);
  ovs_test_settle (50);
  ovs_task_pane_delete_selected (pane, FALSE);
  ovs_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  g_assert_cmpint (ovs_task_get_id (ovs_task_pane_get_selected (pane)), ==,
                   ovs_task_get_id (newer));

  undo = ovs_test_wait_button (GTK_WIDGET (f->window), "_Undo", 5000);
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  ovs_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);
  g_assert_cmpint (ovs_task_get_id (ovs_task_pane_get_selected (pane)), ==,
                   ovs_task_get_id (older));
}

/* Delete, then Undo at once, while another toast was on screen: libadwaita 1.2 postponed
 * that toast behind the Undo toast and, shown again while still hiding, aborted the app
 * (show_toast: assertion failed: (!info->widget)); shown while the other still hid, its
 * show animation was freed while it played. Toasts now come one at a time. */
static void
test_undo_at_once (Fixture       *f,
                   gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autoptr(OvsTask) task = NULL;
  GtkWidget *undo;

  task = send_and_select (f, "马上撤销");

  for (guint round = 0; round < 3; round++)
    {
      /* A toast fully shown, then the deletion's, then its Undo within the hide animation. */
      ovs_window_add_toast (f->window, "Request saved");
      ovs_test_settle (400);
      ovs_task_pane_delete_selected (pane, FALSE);
      g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 0);
      /* Clicked the moment it is there, as its toast slides in. */
      undo = ovs_test_wait_button (GTK_WIDGET (f->window), "_Undo", 5000);
      g_assert_nonnull (undo);
      g_signal_emit_by_name (undo, "clicked");
      ovs_test_settle (600);
      g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
      ovs_task_pane_select (pane, task);
    }
  ovs_task_pane_flush_deletions (pane);
  g_assert_true (ovs_test_spin_until (one_task_left, f, 10000));
}


/* The rows' texts are GtkInscriptions (issue 14: a label measured its text at each bind). */
static GtkInscription *
row_text (GtkWidget  *row,
          const char *name)
{
  GtkWidget *text = ovs_test_find_named (row, name);

  g_assert_true (GTK_IS_INSCRIPTION (text));
  return GTK_INSCRIPTION (text);
}

/* How many lines @text shows: its text laid out as it lays it out, in the room it was
 * given (GTK 4.8 does not let us read its own layout). */
static int
shown_lines (GtkInscription *text)
{
  GtkWidget *widget = GTK_WIDGET (text);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget,
                                                                  gtk_inscription_get_text (text));

  pango_layout_set_wrap (layout, gtk_inscription_get_wrap_mode (text));
  pango_layout_set_width (layout, gtk_widget_get_width (widget) * PANGO_SCALE);
  pango_layout_set_height (layout, gtk_widget_get_height (widget) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return pango_layout_get_line_count (layout);
}

/* Issue 15.12 and 15.15: rows of the same prompt can be told apart, a long prompt shows two
 * lines, and the kind of task is in words, not the scenario's id. */
static void
test_rows_tell_apart (Fixture       *f,
                      gconstpointer  data)
{
  const char *prompt = "一只橘猫在清晨的厨房里跳上窗台,阳光穿过玻璃照在它的毛上,窗外是下着小雨的城市街道,"
                       "远处有电车缓缓驶过,镜头慢慢推近猫的眼睛";
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *kling_scenario = ovs_test_example_scenario ("01-text-to-video.json");
  OvsScenario *kling = ovs_catalog_lookup (ovs_catalog_get_default (), kling_scenario);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *first, *second;

  ovs_test_app_insert_example (f, "01-text-to-video.json", prompt, now - 120, NULL, 0);
  ovs_test_app_insert_example (f, "05-vidu-bgm.json", prompt, now - 60, NULL, 0);
  ovs_test_app_show_tasks (f);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);

  rows = ovs_test_collect_widgets (GTK_WIDGET (ovs_window_get_task_pane (f->window)),
                                  is_mapped_task_row, NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  first = gtk_inscription_get_text (row_text (g_ptr_array_index (rows, 0), "task-row-details"));
  second = gtk_inscription_get_text (row_text (g_ptr_array_index (rows, 1), "task-row-details"));
  g_assert_cmpstr (first, !=, second);
  /* The older one, below: the documented Kling body, 1080p, 16:9, 5 s. */
  g_assert_nonnull (strstr (second, "Kling-3.0-omni"));
  g_assert_nonnull (strstr (second, "1080p"));
  g_assert_nonnull (strstr (second, "16:9"));
  g_assert_nonnull (strstr (second, ovs_scenario_get_title (kling)));
  g_assert_null (strstr (second, kling_scenario));

  for (guint i = 0; i < rows->len; i++)
    {
      g_assert_cmpint (shown_lines (row_text (g_ptr_array_index (rows, i), "task-row-prompt")), ==, 2);
    }
}

static gboolean
is_status_chip (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "status-chip");
}

/* The rows of the ink @widget draws (its text: the widget alone, on no background). */
static void
ink_rows (GtkWidget *widget,
          int       *top,
          int       *bottom)
{
  int width, height;
  g_autofree guchar *pixels = ovs_test_render_widget (widget, &width, &height);

  *top = -1;
  *bottom = -1;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixels[((gsize) y * width + x) * 4 + 3] > 0x40)
        {
          if (*top < 0)
            *top = y;
          *bottom = y;
          break;
        }
}

/* Review of issue 14's rows: a one-line prompt does not leave an empty line under it. The
 * row is as tall as a row with a long prompt (scrolling counts on it), and its line is drawn
 * in the middle of the prompt's room, across from the status chip. A prompt of several
 * paragraphs runs on as one text. */
static void
test_one_line_centred (Fixture       *f,
                       gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *short_row, *long_row, *text, *chip;
  graphene_rect_t text_box, chip_box;
  int top, bottom, middle;

  ovs_test_app_insert_example (f, "01-text-to-video.json",
                               "A slow dolly shot through a rain-soaked neon market at night, "
                               "steam rising from the food stalls, reflections everywhere",
                               now - 120, NULL, 0);
  ovs_test_app_insert_example (f, "01-text-to-video.json", "日落 sunset", now - 60, NULL, 0);
  ovs_test_app_insert_example (f, "01-text-to-video.json",
                               "Shot one: a lighthouse.\n\n  Shot two: the waves.\r\n", now - 180,
                               NULL, 0);
  ovs_test_app_show_tasks (f);
  rows = ovs_test_collect_widgets (GTK_WIDGET (ovs_window_get_task_pane (f->window)),
                                  is_mapped_task_row, NULL);
  g_assert_cmpuint (rows->len, ==, 3);
  /* Paragraphs run on with one space between them, not a gap in the line. */
  g_assert_cmpstr (gtk_inscription_get_text (row_text (g_ptr_array_index (rows, 2), "task-row-prompt")),
                   ==, "Shot one: a lighthouse. Shot two: the waves.");
  short_row = g_ptr_array_index (rows, 0);
  long_row = g_ptr_array_index (rows, 1);
  g_assert_cmpint (shown_lines (row_text (short_row, "task-row-prompt")), ==, 1);
  g_assert_cmpint (shown_lines (row_text (long_row, "task-row-prompt")), ==, 2);
  g_assert_cmpint (gtk_widget_get_height (short_row), ==, gtk_widget_get_height (long_row));

  text = GTK_WIDGET (row_text (short_row, "task-row-prompt"));
  ink_rows (text, &top, &bottom);
  g_assert_cmpint (top, >=, 0);
  middle = gtk_widget_get_height (text) / 2;
  g_assert_cmpint (ABS ((top + bottom) / 2 - middle), <=, gtk_widget_get_height (text) / 8);

  /* The chip stands across from the prompt, not above it. */
  chip = ovs_test_find_widget (short_row, is_status_chip, NULL);
  g_assert_true (gtk_widget_compute_bounds (text, short_row, &text_box));
  g_assert_true (gtk_widget_compute_bounds (chip, short_row, &chip_box));
  g_assert_cmpfloat (fabsf ((text_box.origin.y + text_box.size.height / 2)
                            - (chip_box.origin.y + chip_box.size.height / 2)), <=, 4);
}

static gboolean
is_progress_bar (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_PROGRESS_BAR (widget);
}

/* The one task row on screen. */
static GtkWidget *
only_row (Fixture *f)
{
  g_autoptr(GPtrArray) rows = NULL;

  ovs_test_settle (50);
  rows = ovs_test_collect_widgets (GTK_WIDGET (ovs_window_get_task_pane (f->window)),
                                  is_mapped_task_row, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_ptr_array_index (rows, 0);
}

/* Shown: visible, in a mapped row. */
static gboolean
shown (GtkWidget *widget)
{
  return widget != NULL && gtk_widget_is_drawable (widget);
}

/* Issue 14: GTK 4.8 makes 200 rows at once, at the page's first showing and at every
 * search, so a row's group chip or label and its progress bar are made only when its task
 * first needs them. They still follow the task live, and a search, which makes the rows
 * again, shows them as before. */
static void
test_row_follows_task (Fixture       *f,
                       gconstpointer  data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *bar, *label, *chip;

  ovs_test_app_insert_example (f, "01-text-to-video.json", "A lighthouse at dusk", now - 60, NULL, 0);
  ovs_test_app_show_tasks (f);
  task = ovs_test_app_first_task (f);
  g_assert_nonnull (task);
  row = only_row (f);
  /* A failed task of no group: none of the three. */
  g_assert_null (ovs_test_find_widget (row, is_progress_bar, NULL));
  g_assert_null (ovs_test_find_named (row, "task-row-group-label"));
  g_assert_null (ovs_test_find_named (row, "task-row-group"));

  /* Running: the bar, at the task's progress, and following it. */
  ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
  ovs_task_set_progress (task, 40);
  ovs_test_settle (20);
  bar = ovs_test_find_widget (row, is_progress_bar, NULL);
  g_assert_true (shown (bar));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.4);
  ovs_task_set_progress (task, 75);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 0.75);

  /* A batch's third line: the label, and no grid chip. */
  ovs_task_set_group_kind (task, "batch");
  ovs_task_set_group_index (task, 2);
  label = ovs_test_find_named (row, "task-row-group-label");
  g_assert_true (shown (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Batch · line 3");
  g_assert_false (shown (ovs_test_find_named (row, "task-row-group")));

  /* Finished: the bar goes. */
  ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_false (shown (bar));
  g_assert_true (ovs_task_store_update (f->store, task, NULL, &error));
  g_assert_no_error (error);

  /* A search makes the rows again: the label is there, the bar is not. */
  ovs_task_pane_set_filter (ovs_window_get_task_pane (f->window), "lighthouse", -1, NULL);
  row = only_row (f);
  label = ovs_test_find_named (row, "task-row-group-label");
  g_assert_true (shown (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Batch · line 3");
  g_assert_false (shown (ovs_test_find_widget (row, is_progress_bar, NULL)));

  /* A comparison's tile: the chip that opens the grid, in place of the label. */
  ovs_task_set_group_kind (task, "compare");
  chip = ovs_test_find_named (row, "task-row-group");
  g_assert_true (shown (chip));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (chip)), ==, "Comparison · 3");
  g_assert_false (shown (label));
}

static gboolean
sandbox_has_a_task (gpointer data)
{
  g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (data);

  return ids != NULL && ids[0] != NULL;
}

static void
test_failure_delete_filter_edit (Fixture       *f,
                                 gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autoptr(OvsTask) failed = NULL;
  g_autoptr(OvsTask) good = NULL;
  g_autofree char *sent = NULL;

  ovs_test_app_compose_clip (f, "a lighthouse at dusk");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL);
  /* Created first, whatever the machine's load: the fault is for the second task. */
  g_assert_true (ovs_test_spin_until (sandbox_has_a_task, f->sandbox, 10000));
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);
  ovs_test_app_compose_clip (f, "一只会飞的猫");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL);
  /* Both listed and done ("all done" alone holds while only the first is listed). */
  g_assert_true (ovs_test_spin_until (two_done, f, 60000));

  failed = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_status (failed), ==, OVS_TASK_STATUS_FAILED);
  ovs_task_pane_select (pane, failed);
  ovs_test_settle (20);
  /* The server's own message, shown as is. */
  g_assert_nonnull (strstr (ovs_task_get_error (failed), "内容审核"));

  /* Filter and search. */
  ovs_task_pane_set_filter (pane, NULL, OVS_TASK_STATUS_FAILED, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  ovs_task_pane_set_filter (pane, "lighthouse", -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  good = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_status (good), ==, OVS_TASK_STATUS_SUCCEEDED);
  ovs_task_pane_set_filter (pane, "飞的猫", -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  ovs_task_pane_set_filter (pane, "nothing like this", -1, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 0);
  ovs_task_pane_set_filter (pane, NULL, -1, "Kling-3.0-omni");
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);
  ovs_task_pane_set_filter (pane, NULL, -1, NULL);

  /* Delete, then undo: it comes back; delete for good: it is gone from the history. */
  ovs_task_pane_select (pane, failed);
  ovs_task_pane_delete_selected (pane, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  ovs_task_pane_undo_delete (pane);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 2);
  ovs_task_pane_select (pane, failed);
  ovs_task_pane_delete_selected (pane, FALSE);
  ovs_task_pane_flush_deletions (pane);
  g_assert_true (ovs_test_spin_until (one_task_left, f, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);

  /* Edit as new: the composer gets the very body that was sent. */
  ovs_task_pane_select (pane, good);
  ovs_test_settle (10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ovs_task_pane_get_view (pane)), "task.edit-as-new", NULL));
  ovs_test_settle (10);
  sent = ovs_request_to_compact_json (ovs_composer_get_request (ovs_window_get_composer (f->window)));
  {
    g_autoptr(JsonNode) node = json_from_string (ovs_task_get_request_json (good), NULL);
    g_autofree char *expected = json_to_string (node, FALSE);
    g_autoptr(JsonNode) got_node = json_from_string (sent, NULL);
    g_autofree char *got = json_to_string (got_node, FALSE);

    g_assert_cmpstr (got, ==, expected);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-ui-XXXXXX");
  int status;

  ovs_test_ui_init (&argc, &argv);

  ovs_test_add_app ("/task-pane/undo-from-toast", test_undo_from_toast);
  ovs_test_add_app ("/task-pane/undo-at-once", test_undo_at_once);
  ovs_test_add_app ("/task-pane/undo-chooses-again", test_undo_chooses_again);
  ovs_test_add_app ("/task-pane/rows-tell-apart", test_rows_tell_apart);
  ovs_test_add_app ("/task-pane/one-line-centred", test_one_line_centred);
  ovs_test_add_app ("/task-pane/failure-delete-filter-edit", test_failure_delete_filter_edit);
  ovs_test_add_app ("/task-pane/row-follows-task", test_row_follows_task);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
