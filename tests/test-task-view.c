/* test-task-view.c: the view of one task on the Tasks page, under Xvfb
 *
 * The sandbox (in process, over loopback) is the peer and writes the answers the view
 * shows; the history is a real SQLite file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ovs-composer.h"
#include "ovs-continue.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-player-widget.h"
#include "ovs-sandbox.h"
#include "ovs-task-pane.h"
#include "ovs-task-store.h"
#include "ovs-task-view.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

typedef OvsTestApp Fixture;

static OvsTaskView *
view (Fixture *f)
{
  return ovs_task_pane_get_view (ovs_window_get_task_pane (f->window));
}

static GtkWidget *
named (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = ovs_test_find_named (GTK_WIDGET (view (f)), name);

  if (widget == NULL)
    g_test_message ("no widget named %s in the task view", name);
  g_assert_nonnull (widget);
  return widget;
}

/* The text view of the request or the answer: its expander is opened (a closed expander
 * holds no child). */
static GtkWidget *
code_view (Fixture    *f,
           const char *which)
{
  g_autofree char *expander = g_strdup_printf ("task-view-%s-expander", which);
  g_autofree char *code = g_strdup_printf ("task-view-%s", which);

  gtk_expander_set_expanded (GTK_EXPANDER (named (f, expander)), TRUE);
  ovs_test_settle (50);
  return named (f, code);
}

static gboolean
is_action_row (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget);
}

static char *
text_of (GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Sends a clip and returns its task, shown in the view while it runs. */
static OvsTask *
submit_and_show (Fixture    *f,
                 const char *prompt)
{
  OvsTask *task = ovs_test_app_send_clip (f, prompt);

  ovs_test_app_show_tasks (f);
  ovs_task_pane_select (ovs_window_get_task_pane (f->window), task);
  ovs_test_settle (20);
  g_assert_true (ovs_task_view_get_task (view (f)) == task);
  return task;
}

/* The history rows shown end with Succeeded (they are read off the main loop). */
static gboolean
history_ends_succeeded (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) rows = ovs_test_collect_widgets (named (f, "task-view-history"),
                                                        is_action_row, NULL);

  return rows->len > 0
         && strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, rows->len - 1)),
                    ovs_task_status_to_label (OVS_TASK_STATUS_SUCCEEDED)) != NULL;
}

/* The first chain button of the view says @data ("Continued by", read off the main loop). */
typedef struct
{
  Fixture    *f;
  const char *says;
} LineageWant;

static gboolean
lineage_says (gpointer data)
{
  LineageWant *want = data;
  GtkWidget *lineage = named (want->f, "task-view-lineage");
  GtkWidget *first = gtk_widget_get_first_child (lineage);

  return gtk_widget_get_visible (lineage) && GTK_IS_BUTTON (first)
         && strstr (gtk_button_get_label (GTK_BUTTON (first)), want->says) != NULL;
}

static gboolean
view_shows (gpointer data)
{
  gpointer *pair = data;

  return ovs_task_view_get_task (view (pair[0])) == pair[1];
}

/* Issues 15.3 and 15.15: opened while it runs, the view follows the task to its end: the
 * history ends at Succeeded, the last answer is the server's last one, and the entries are
 * in the reader's words, not the gateway's. */
static void
test_follows_live (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *answer = NULL;
  const char *last_raw = NULL;
  AdwPreferencesRow *last;

  /* A sandbox at the pace of a real one: the task is still running when it is opened. */
  ovs_sandbox_set_speed (f->sandbox, 1.0);
  task = submit_and_show (f, "一直跟着看的任务");
  g_assert_false (ovs_task_is_finished (task));
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  g_assert_true (ovs_test_spin_until (history_ends_succeeded, f, 10000));
  g_assert_true (ovs_task_view_get_task (view (f)) == task);

  rows = ovs_test_collect_widgets (named (f, "task-view-history"), is_action_row, NULL);
  g_assert_cmpuint (rows->len, >=, 2);
  last = g_ptr_array_index (rows, rows->len - 1);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (last),
                            ovs_task_status_to_label (OVS_TASK_STATUS_SUCCEEDED)));
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));

      g_assert_true (subtitle == NULL || (strstr (subtitle, "in_progress") == NULL
                                          && strcmp (subtitle, "queued") != 0
                                          && strcmp (subtitle, "completed") != 0));
    }

  events = ovs_task_store_dup_events (f->store, ovs_task_get_id (task));
  for (guint i = 0; i < events->len; i++)
    if (((OvsTaskEvent *) g_ptr_array_index (events, i))->raw_answer != NULL)
      last_raw = ((OvsTaskEvent *) g_ptr_array_index (events, i))->raw_answer;
  g_assert_nonnull (last_raw);
  g_assert_nonnull (strstr (last_raw, "completed"));
  answer = text_of (code_view (f, "answer"));
  g_assert_cmpstr (answer, ==, last_raw);
}

/* Issue 15.13: the request and the answer have room to be read, and another task opens
 * at its top, with its player in sight. */
static void
test_room_and_scroll (Fixture       *f,
                      gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  GListModel *tasks = ovs_task_pane_get_model (pane);
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) second = NULL;
  const char *names[] = { "request", "answer" };
  GtkAdjustment *adjustment;

  ovs_test_app_compose_clip (f, "第一个任务");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL);
  ovs_test_settle (20);
  ovs_test_app_compose_clip (f, "第二个任务");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL);
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, f, 60000));
  g_assert_cmpuint (g_list_model_get_n_items (tasks), ==, 2);
  first = g_list_model_get_item (tasks, 0);
  second = g_list_model_get_item (tasks, 1);
  ovs_test_app_show_tasks (f);
  ovs_task_pane_select (pane, first);
  ovs_test_settle (50);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *code = code_view (f, names[i]);

      /* At least a dozen lines of monospace text, not two. */
      g_assert_cmpint (gtk_widget_get_height (gtk_widget_get_ancestor (code, GTK_TYPE_SCROLLED_WINDOW)),
                       >=, 200);
    }

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (named (f, "task-view-scroller")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  ovs_test_settle (20);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 100);
  ovs_task_pane_select (pane, second);
  ovs_test_settle (50);
  g_assert_true (ovs_task_view_get_task (view (f)) == second);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
}

/* Issue 15.12: at 1024 px the server's task id is shown whole. */
static void
test_task_id_whole (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  GtkLabel *label;

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 700);
  ovs_test_settle (100);
  task = submit_and_show (f, "窄窗口里的任务编号");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  ovs_test_settle (50);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 1024);

  label = GTK_LABEL (named (f, "task-view-id"));
  g_assert_cmpstr (gtk_label_get_label (label), ==, ovs_task_get_task_id (task));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
}

/* Shift+Tab across the closed "Request as sent": the focus stops on the expander itself
 * (GTK 4.8 gave it to the closed expander's child, out of the window, and failed an
 * assertion: fatal here). Opened, the focus goes into its text. */
static void
test_closed_expander_focus (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(OvsTask) task = submit_and_show (f, "焦点跳过收起的请求");
  GtkWidget *expander, *code, *focus;

  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  ovs_test_settle (50);
  expander = named (f, "task-view-request-expander");
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  g_assert_true (gtk_widget_child_focus (expander, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_has_focus (expander));

  code = code_view (f, "request");
  gtk_widget_grab_focus (named (f, "task-view-answer-expander"));
  g_assert_true (gtk_widget_child_focus (expander, GTK_DIR_TAB_BACKWARD));
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (focus == code || gtk_widget_is_ancestor (focus, code));
  g_assert_true (gtk_widget_get_mapped (code));
}

/* Written whole: the file is written asynchronously, it may exist before it is complete. */
static gboolean
holds_json (gpointer path)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  node = json_from_string (text, NULL);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node);
}

/* Export Sidecar writes the history entry, the request as sent and the video's checks next
 * to the video. */
static void
test_sidecar (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(OvsTask) task = submit_and_show (f, "导出附属文件");
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *checks;

  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  ovs_test_settle (20);
  stem = g_strndup (ovs_task_get_file (task), strrchr (ovs_task_get_file (task), '.') - ovs_task_get_file (task));
  path = g_strconcat (stem, ".json", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view (f)), "task.export", NULL));
  g_assert_true (ovs_test_spin_until (holds_json, path, 10000));

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "task_id"), ==, ovs_task_get_task_id (task));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  sent = json_from_string (ovs_task_get_request_json (task), NULL);
  g_assert_true (json_node_equal (json_object_get_member (object, "request"), sent));
  checks = json_object_get_array_member (object, "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 3);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (checks, i), "ok"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "media"), "width"),
                   ==, 1280);
}

static gboolean
body_read (gpointer data)
{
  return ovs_task_get_request_json (data) != NULL;
}

static gboolean
composer_holds (gpointer data)
{
  gpointer *pair = data;
  OvsComposer *composer = ovs_window_get_composer (((Fixture *) pair[0])->window);
  g_autofree char *body = ovs_request_to_json (ovs_composer_get_request (composer));

  return strstr (body, pair[1]) != NULL;
}

/* A task sent with a local image inline (a real PNG), listed from the history after a
 * restart: the list holds the body's summary, not the image. Its view shows the request
 * with the image folded and its size told, as the composer's preview does; Edit as New
 * waits for the body, read off the main loop, and fills the composer with every byte. */
static void
test_inline_image_listed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *data_url = NULL;
  g_autofree char *size = NULL;
  g_autofree char *fold = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  gsize png_size = 0;
  g_autoptr(OvsTask) listed = NULL;
  gpointer want[2];

  body = ovs_test_example_with_inline_image ("02-image-to-video.json", "composer.png", &data_url,
                                             &png_size);
  {
    g_autoptr(OvsTask) draft = ovs_task_new ();
    g_autoptr(OvsTask) inserted = NULL;

    ovs_task_set_scenario (draft, "image-to-video");
    ovs_task_set_model (draft, "Kling-3.0-omni");
    ovs_task_set_prompt (draft, "一个女孩在海边回头微笑");
    ovs_task_set_request_json (draft, body);
    ovs_task_set_route (draft, "videos");
    ovs_task_set_base_url (draft, "https://api.example.com/v1");
    ovs_task_set_status (draft, OVS_TASK_STATUS_FAILED);
    ovs_task_set_error (draft, "content policy");
    ovs_task_set_created_at (draft, g_get_real_time () / G_USEC_PER_SEC);
    inserted = ovs_task_store_insert (f->store, draft, &error);
    g_assert_no_error (error);
  }
  /* A newer task, the one the page shows first: the image's task is not opened. */
  {
    g_autoptr(OvsTask) newer = ovs_test_app_send_clip (f, "更新的任务");

    g_assert_true (ovs_test_spin_until (ovs_test_task_done, newer, 60000));
  }
  ovs_test_app_restart (f);
  ovs_test_app_show_tasks (f);

  listed = g_list_model_get_item (ovs_test_app_tasks (f), 1);
  g_assert_cmpstr (ovs_task_get_prompt (listed), ==, "一个女孩在海边回头微笑");
  g_assert_null (ovs_task_get_request_json (listed));

  ovs_task_pane_select (ovs_window_get_task_pane (f->window), listed);
  ovs_test_settle (20);
  g_assert_true (ovs_task_view_get_task (view (f)) == listed);
  shown = text_of (code_view (f, "request"));
  size = g_format_size (png_size);
  fold = g_strdup_printf ("\"data:image/png;base64,… (%s)\"", size);
  g_assert_nonnull (strstr (shown, fold));
  g_assert_nonnull (strstr (shown, "\"seconds\": \"5\""));
  g_assert_cmpuint (strlen (shown), <, 2048);

  g_assert_true (ovs_test_spin_until (body_read, listed, 10000));
  g_assert_cmpstr (ovs_task_get_request_json (listed), ==, body);
  ovs_test_settle (20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view (f)), "task.edit-as-new", NULL));
  want[0] = f;
  /* The image's bytes (Kling's bodies are written without the data: prefix). */
  want[1] = data_url + strlen ("data:image/png;base64,");
  g_assert_true (ovs_test_spin_until (composer_holds, want, 10000));
}

static GtkWidget *
follow_button (Fixture *f)
{
  OvsTaskView *view = ovs_task_pane_get_view (ovs_window_get_task_pane (f->window));
  GtkWidget *button = ovs_test_find_named (GTK_WIDGET (view), "task-follow");

  g_assert_nonnull (button);
  return button;
}

static const char *
follow_label (Fixture *f)
{
  return adw_button_content_get_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (follow_button (f)))));
}

static void
test_stop_tracking_is_remembered (Fixture       *f,
                                  gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (f->window);
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) again = NULL;
  OvsTaskView *view;
  gint64 id;

  /* A slow sandbox: the task is still running when the user stops following it. */
  ovs_sandbox_set_speed (f->sandbox, 1.0);
  task = ovs_test_app_submit_clip (f, "不再跟踪的任务");
  id = ovs_task_get_id (task);
  ovs_task_pane_select (pane, task);
  ovs_test_settle (20);
  view = ovs_task_pane_get_view (pane);
  g_assert_cmpstr (follow_label (f), ==, "Stop _Tracking");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "task.stop-tracking", NULL));
  g_assert_false (ovs_tracker_is_tracking (f->tracker, task));
  g_assert_true (ovs_task_get_paused (task));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (task), "Not followed"));
  g_assert_cmpstr (follow_label (f), ==, "Follow _Again");

  /* The next start leaves it alone: it is not polled, it says why. */
  g_clear_object (&task);
  ovs_test_app_restart (f);
  g_assert_cmpuint (ovs_tracker_resume (f->tracker), ==, 0);
  again = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_id (again), ==, id);
  g_assert_false (ovs_task_is_finished (again));
  g_assert_true (ovs_task_get_paused (again));
  ovs_task_pane_select (ovs_window_get_task_pane (f->window), again);
  ovs_test_settle (20);
  g_assert_cmpstr (follow_label (f), ==, "Follow _Again");

  /* Followed again: it runs to its end, and the note is gone. */
  ovs_sandbox_set_speed (f->sandbox, 0.05);
  view = ovs_task_pane_get_view (ovs_window_get_task_pane (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "task.follow", NULL));
  g_assert_true (ovs_tracker_is_tracking (f->tracker, again));
  g_assert_false (ovs_task_get_paused (again));
  g_assert_null (ovs_task_get_shown_note (again));
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, again, 60000));
  g_assert_cmpint (ovs_task_get_status (again), ==, OVS_TASK_STATUS_SUCCEEDED);
}

static gboolean
composer_has_origin (gpointer data)
{
  Fixture *f = data;

  return ovs_composer_get_origin (ovs_window_get_composer (f->window)) != NULL;
}

typedef struct
{
  Fixture *f;
  OvsTask *not;
} OtherTask;

static gboolean
newest_is_another (gpointer data)
{
  OtherTask *other = data;
  GListModel *tasks = ovs_task_pane_get_model (ovs_window_get_task_pane (other->f->window));
  g_autoptr(OvsTask) first = g_list_model_get_n_items (tasks) > 0 ? ovs_test_app_first_task (other->f) : NULL;

  return first != NULL && ovs_task_get_id (first) != ovs_task_get_id (other->not);
}

/* Issue 17: Continue from Last Frame puts the real last frame (saved beside the video) into
 * a new draft with the parent's prompt, says where it came from, and the task sent from it
 * records its parent; each task's view then names the other. */
static void
test_continue_from_last_frame (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(OvsTask) child = NULL;
  g_autoptr(GFile) png = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *stem = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *image = NULL;
  g_autofree char *body = NULL;
  OvsComposer *composer = ovs_window_get_composer (f->window);
  OtherTask other = { f, NULL };
  GtkWidget *lineage;
  const char *comma;

  parent = submit_and_show (f, "雨夜的第一个镜头");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, parent, 60000));
  g_assert_cmpint (ovs_task_get_status (parent), ==, OVS_TASK_STATUS_SUCCEEDED);
  ovs_test_settle (50);

  g_assert_true (gtk_widget_activate_action (named (f, "task-continue-last"), "task.continue-last", NULL));
  g_assert_true (ovs_test_spin_until (composer_has_origin, f, 30000));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (composer)));
  g_assert_nonnull (strstr (ovs_composer_get_origin (composer), "last frame"));
  ovs_test_settle (50);
  g_assert_true (gtk_widget_get_mapped (ovs_test_find_named (GTK_WIDGET (composer), "composer-origin")));

  stem = g_strndup (ovs_task_get_file (parent), strrchr (ovs_task_get_file (parent), '.') - ovs_task_get_file (parent));
  png_path = g_strconcat (stem, "-last.png", NULL);
  g_assert_true (g_file_test (png_path, G_FILE_TEST_IS_REGULAR));
  png = g_file_new_for_path (png_path);
  image = ovs_data_url_read (png, "image", OVS_DATA_URL_LIMIT, NULL, NULL);
  g_assert_nonnull (image);
  comma = strchr (image, ',');
  body = ovs_request_to_json (ovs_composer_get_request (composer));
  /* Inline as a data: URL, or bare base64 for a provider that wants it. */
  g_assert_nonnull (strstr (body, comma + 1));
  g_assert_nonnull (strstr (body, "雨夜的第一个镜头"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  other.not = parent;
  g_assert_true (ovs_test_spin_until (newest_is_another, &other, 10000));
  child = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_parent (child), ==, ovs_task_get_id (parent));
  g_assert_null (ovs_composer_get_origin (composer));

  /* The parent's view names the task continued from it, and its button opens it. */
  ovs_test_app_show_tasks (f);
  ovs_task_pane_select (ovs_window_get_task_pane (f->window), parent);
  g_assert_true (ovs_test_spin_until (lineage_says, &(LineageWant) { f, "Continued by" }, 10000));
  lineage = named (f, "task-view-lineage");
  g_signal_emit_by_name (gtk_widget_get_first_child (lineage), "clicked");
  g_assert_true (ovs_test_spin_until (view_shows, (gpointer []) { f, child }, 10000));
  g_assert_true (ovs_test_spin_until (lineage_says, &(LineageWant) { f, "Continued from" }, 10000));
}

static gboolean
player_ready (gpointer data)
{
  OvsPlayer *player = data;

  return ovs_player_get_duration (player) > 0;
}

/* Issue 17: Use This Frame… takes the frame at the player's position (after a seek), as the
 * role and model chosen in its popover. */
static void
test_use_this_frame (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OvsTask) parent = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *png_path = NULL;
  OvsComposer *composer = ovs_window_get_composer (f->window);
  OvsPlayer *player;

  parent = submit_and_show (f, "一帧当参考");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, parent, 60000));
  ovs_test_settle (50);
  g_assert_nonnull (ovs_task_view_get_player (view (f)));
  player = ovs_player_widget_get_player (OVS_PLAYER_WIDGET (ovs_task_view_get_player (view (f))));
  g_assert_true (ovs_test_spin_until (player_ready, player, 10000));
  ovs_player_seek (player, GST_SECOND);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (named (f, "task-frame-as")), OVS_FRAME_AS_REFERENCE);
  g_assert_true (gtk_widget_activate_action (named (f, "task-use-frame"), "task.use-frame", NULL));
  g_assert_true (ovs_test_spin_until (composer_has_origin, f, 30000));
  g_assert_nonnull (strstr (ovs_composer_get_origin (composer), "at 1.0 s"));
  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, "image-to-video");
  stem = g_strndup (ovs_task_get_file (parent), strrchr (ovs_task_get_file (parent), '.') - ovs_task_get_file (parent));
  png_path = g_strconcat (stem, "-at-1.00s.png", NULL);
  g_assert_true (g_file_test (png_path, G_FILE_TEST_IS_REGULAR));

  /* A cleared form holds no frame: it says so no longer, and a send is a plain one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  g_assert_null (ovs_composer_get_origin (composer));
}

static void
select_model (GtkWidget  *drop_down,
              const char *model)
{
  GListModel *models = gtk_drop_down_get_model (GTK_DROP_DOWN (drop_down));

  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (models), i), model))
      {
        gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), i);
        return;
      }
  g_assert_not_reached ();
}

static gboolean
has_server_id (gpointer data)
{
  return ovs_task_get_task_id (data) != NULL;
}

static gboolean
link_expired (gpointer data)
{
  g_autoptr(GError) error = NULL;

  return ovs_continue_video_url (data, g_get_real_time () / G_USEC_PER_SEC, NULL, &error) == NULL
         && g_error_matches (error, OVS_ERROR, OVS_ERROR_EXPIRED);
}

/* Issue 17: Use as Reference Video… puts the result's URL into a new draft of the chosen
 * model's reference-video scenario, prompt and all; a model that takes none leaves Use
 * Video off and says why; the task sent from it records its parent, and the gateway gets
 * the URL. A link past its end is said to be dead, with what to do, and never sent. */
static void
test_use_as_reference_video (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(OvsTask) child = NULL;
  g_autoptr(OvsTask) expired = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *sent_body = NULL;
  g_autofree char *body = NULL;
  OvsComposer *composer = ovs_window_get_composer (f->window);
  OtherTask other = { f, NULL };
  GtkWidget *use, *note, *expiry;
  const char *url;

  parent = submit_and_show (f, "当作参考视频");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, parent, 60000));
  ovs_test_settle (50);
  url = ovs_task_get_urls (parent)[0];
  g_assert_nonnull (url);

  g_assert_true (gtk_widget_activate_action (named (f, "task-use-as-video"), "task.choose-video", NULL));
  ovs_test_settle (50);
  expiry = named (f, "task-video-expiry");
  g_assert_true (gtk_widget_get_mapped (expiry));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (expiry)), "works until"));

  /* Kling-3.0 has no reference-video scenario: Use Video is off, and the popover says so. */
  use = named (f, "task-use-video");
  note = named (f, "task-video-note");
  select_model (named (f, "task-video-model"), "Kling-3.0");
  ovs_test_settle (20);
  g_assert_false (gtk_widget_is_sensitive (use));
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (note)), "Kling-3.0 takes no reference video"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (use), "Vidu-q2"));

  select_model (named (f, "task-video-model"), "Vidu-q2");
  ovs_test_settle (20);
  g_assert_true (gtk_widget_is_sensitive (use));
  g_assert_false (gtk_widget_get_visible (note));
  g_assert_true (gtk_widget_activate_action (use, "task.use-video", NULL));
  g_assert_true (ovs_test_spin_until (composer_has_origin, f, 10000));
  g_assert_nonnull (strstr (ovs_composer_get_origin (composer), "The video of task"));
  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, "vidu-video-reference");
  body = ovs_request_to_json (ovs_composer_get_request (composer));
  g_assert_nonnull (strstr (body, "当作参考视频"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  other.not = parent;
  g_assert_true (ovs_test_spin_until (newest_is_another, &other, 10000));
  child = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_parent (child), ==, ovs_task_get_id (parent));
  g_assert_true (ovs_test_spin_until (has_server_id, child, 10000));
  sent_body = ovs_sandbox_dup_task_body (f->sandbox, ovs_task_get_task_id (child));
  sent = json_from_string (sent_body, NULL);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_node_get_object (sent),
                                                                                "videos"), 0), ==, url);

  /* The sandbox's links now end a second after their task: the popover says this one is
   * dead and what to do, and Use Video stays off. */
  ovs_sandbox_set_url_expiry (f->sandbox, 1);
  expired = submit_and_show (f, "链接会过期");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, expired, 60000));
  g_assert_true (ovs_test_spin_until (link_expired, expired, 10000));
  g_assert_true (gtk_widget_activate_action (named (f, "task-use-as-video"), "task.choose-video", NULL));
  ovs_test_settle (50);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (named (f, "task-video-expiry"))), "expired"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (named (f, "task-video-expiry"))),
                            "Use This Frame…"));
  g_assert_false (gtk_widget_is_sensitive (named (f, "task-use-video")));
  /* Closed as a user would, before the window goes: GTK 4.8's tooltip timer would
   * otherwise ask for the position on the popover's destroyed surface. */
  gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (named (f, "task-use-video"), GTK_TYPE_POPOVER)));
  ovs_test_settle (800);
}

/* A draft made while the link worked is not sent once it no longer does: the send says
 * why, and the gateway gets nothing. */
static void
test_reference_video_expires_in_draft (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(OvsTask) newest = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  OvsComposer *composer = ovs_window_get_composer (f->window);

  parent = submit_and_show (f, "草稿里过期");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, parent, 60000));
  ovs_test_settle (50);
  g_assert_true (gtk_widget_activate_action (named (f, "task-use-as-video"), "task.choose-video", NULL));
  select_model (named (f, "task-video-model"), "Kling-o1");
  g_assert_true (gtk_widget_activate_action (named (f, "task-use-video"), "task.use-video", NULL));
  g_assert_true (ovs_test_spin_until (composer_has_origin, f, 10000));
  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, "kling-video-reference");

  /* The sandbox's URL names no end: it is taken to last an hour from the finish. Two hours
   * on, it is dead. */
  ovs_task_set_finished_at (parent, g_get_real_time () / G_USEC_PER_SEC - 2 * 60 * 60);
  before = ovs_sandbox_dup_task_ids (f->sandbox);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));
  ovs_test_settle (300);
  after = ovs_sandbox_dup_task_ids (f->sandbox);
  g_assert_cmpuint (g_strv_length (after), ==, g_strv_length (before));
  newest = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_id (newest), ==, ovs_task_get_id (parent));
  /* The draft and where it came from stay, for the user to decide. */
  g_assert_nonnull (ovs_composer_get_origin (composer));
}

static gboolean
balance_shown (gpointer data)
{
  Fixture *f = data;

  return ovs_balance_label_get_text (ovs_window_get_balance_label (f->window)) != NULL;
}

typedef struct
{
  Fixture    *f;
  const char *was;
} BalanceChange;

static gboolean
balance_changed (gpointer data)
{
  BalanceChange *change = data;
  const char *now = ovs_balance_label_get_text (ovs_window_get_balance_label (change->f->window));

  return now != NULL && g_strcmp0 (now, change->was) != 0;
}

/* Issue 17: the header bar shows what the key may still spend (the sandbox grants $50), and
 * what a finished task cost comes off it. */
static void
test_balance_in_header (Fixture       *f,
                        gconstpointer  data)
{
  OvsBalanceLabel *label = ovs_window_get_balance_label (f->window);
  g_autoptr(OvsTask) task = NULL;
  g_autofree char *before = NULL;
  BalanceChange change = { f, NULL };

  /* Every refresh goes to the gateway at once, not a minute later. */
  ovs_cost_watch_set_min_interval (ovs_balance_label_get_watch (label), 0);
  g_assert_true (ovs_test_spin_until (balance_shown, f, 10000));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  before = g_strdup (ovs_balance_label_get_text (label));
  g_assert_cmpstr (before, ==, "$50.00");

  task = submit_and_show (f, "花钱的镜头");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  change.was = before;
  g_assert_true (ovs_test_spin_until (balance_changed, &change, 10000));
  g_assert_cmpfloat (g_ascii_strtod (ovs_balance_label_get_text (label) + 1, NULL), <, 50.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-ui-XXXXXX");
  int status;

  ovs_test_ui_init (&argc, &argv);

  ovs_test_add_app ("/task-view/follows-live", test_follows_live);
  ovs_test_add_app ("/task-view/room-and-scroll", test_room_and_scroll);
  ovs_test_add_app ("/task-view/task-id-whole", test_task_id_whole);
  ovs_test_add_app ("/task-view/closed-expander-focus", test_closed_expander_focus);
  ovs_test_add_app ("/task-view/sidecar", test_sidecar);
  ovs_test_add_app ("/task-view/inline-image-listed", test_inline_image_listed);
  ovs_test_add_app ("/task-view/stop-tracking-is-remembered", test_stop_tracking_is_remembered);
  ovs_test_add_app ("/task-view/continue-from-last-frame", test_continue_from_last_frame);
  ovs_test_add_app ("/task-view/use-this-frame", test_use_this_frame);
  ovs_test_add_app ("/task-view/balance-in-header", test_balance_in_header);
  ovs_test_add_app ("/task-view/use-as-reference-video", test_use_as_reference_video);
  ovs_test_add_app ("/task-view/reference-video-expires-in-draft", test_reference_video_expires_in_draft);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
