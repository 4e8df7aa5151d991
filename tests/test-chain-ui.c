/* test-chain-ui.c: spending in the application — budgets asked about before sending
 *
 * The user's way, against the sandbox over loopback (its billing routes charge what runs):
 * a price table and a daily budget in Preferences' keys, a request composed and sent with
 * the window's Submit action; a send that would go over asks first, naming the amounts,
 * and Cancel creates nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-chain-ui"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ovs-compare.h"
#include "ovs-composer.h"
#include "ovs-continue.h"
#include "ovs-film-dialog.h"
#include "ovs-group-send.h"
#include "ovs-media-probe.h"
#include "ovs-prices.h"
#include "ovs-progress-cancel.h"
#include "ovs-request.h"
#include "ovs-spend-row.h"
#include "ovs-task-group-row.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-task-view.h"
#include "ovs-test-keys.h"
#include "ovs-test-ui.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

static GtkWidget *
find_dialog (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (window) && g_strcmp0 (gtk_widget_get_name (window), name) == 0)
        return window;
    }
  return NULL;
}

static gboolean
budget_dialog_shown (gpointer data)
{
  return find_dialog ("budget-dialog") != NULL;
}

static gboolean
budget_dialog_gone (gpointer data)
{
  return find_dialog ("budget-dialog") == NULL;
}

/* As a user answers: the response's button, which also closes the dialog. */
static void
answer (const char *dialog_name,
        const char *label)
{
  GtkWidget *button = ovs_test_find_button (find_dialog (dialog_name), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  OvsSandbox *sandbox;
  guint       n;
} Count;

static gboolean
sandbox_has (gpointer data)
{
  Count *count = data;
  g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (count->sandbox);

  return g_strv_length (ids) >= count->n;
}

static guint
n_sandbox_tasks (OvsTestApp *app)
{
  g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (app->sandbox);

  return g_strv_length (ids);
}

/* The relay's own routes, whose task objects carry the quota charged, so that the history
 * knows what was spent today. */
static void
open_with_costs (OvsTestApp   *app,
                 gconstpointer data)
{
  g_autoptr(OvsClient) videos = NULL;

  app->dir = ovs_test_make_tmp_dir ("ovs-chain-ui-XXXXXX");
  app->sandbox = ovs_test_sandbox_new (0.05, NULL);
  ovs_test_sandbox_start (app->sandbox);
  videos = ovs_test_client_new (app->sandbox, NULL);
  app->client = ovs_client_new_sibling (videos, OVS_ROUTE_GENERATIONS);
  ovs_test_app_open_tracker (app);
  ovs_test_app_open_window (app);
}

static void
close_with_costs (OvsTestApp   *app,
                  gconstpointer data)
{
  g_autofree char *prices = ovs_prices_dup_default_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_remove (prices);
  g_settings_reset (settings, "budget-daily");
  g_settings_reset (settings, "budget-monthly");
  ovs_test_app_close (app);
}

static void
write_prices (const char *model,
              gint64      per_second)
{
  g_autofree char *path = ovs_prices_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = g_strdup_printf ("{\"models\": {\"%s\": {\"per_second\": %" G_GINT64_FORMAT "}}}",
                                           model, per_second);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static const char *
compose (OvsTestApp *app,
         const char *prompt)
{
  ovs_test_app_compose_clip (app, prompt);
  return ovs_request_get_model (ovs_composer_get_request (ovs_window_get_composer (app->window)));
}

static void
submit (OvsTestApp *app)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.submit", NULL));
}

/* 3 s at 100 000 units a second is $0.60: within $1.00 it goes at once; once the sandbox has
 * charged it ($0.06 at its own price), $0.65 a day no longer holds another $0.60, so the
 * window asks, names the amounts, and Cancel sends nothing; Send Anyway sends. */
static void
test_budget_asks (OvsTestApp    *app,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(OvsTask) first = NULL;
  Count count = { app->sandbox, 1 };
  AdwMessageDialog *dialog;
  const char *body;

  write_prices (compose (app, "预算内的第一个"), 100000);
  g_settings_set_double (settings, "budget-daily", 1.0);
  submit (app);
  g_assert_true (ovs_test_spin_until (sandbox_has, &count, 10000));
  g_assert_null (find_dialog ("budget-dialog"));
  first = ovs_test_app_first_task (app);
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, first, 60000));
  g_assert_cmpint (ovs_task_get_cost (first), ==, 30000);

  g_settings_set_double (settings, "budget-daily", 0.65);
  compose (app, "超出预算的第二个");
  submit (app);
  g_assert_true (ovs_test_spin_until (budget_dialog_shown, NULL, 10000));
  dialog = ADW_MESSAGE_DIALOG (find_dialog ("budget-dialog"));
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "This costs about $0.60"));
  g_assert_nonnull (strstr (body, "with $0.06 spent today"));
  g_assert_nonnull (strstr (body, "daily budget of $0.65"));
  /* Enter is not the paid answer. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  answer ("budget-dialog", "_Cancel");
  g_assert_true (ovs_test_spin_until (budget_dialog_gone, NULL, 10000));
  ovs_test_settle (300);
  g_assert_cmpuint (n_sandbox_tasks (app), ==, 1);

  submit (app);
  g_assert_true (ovs_test_spin_until (budget_dialog_shown, NULL, 10000));
  answer ("budget-dialog", "Send _Anyway");
  count.n = 2;
  g_assert_true (ovs_test_spin_until (sandbox_has, &count, 10000));
}

/* No price known: no question, whatever the budget; sending never waits on the table. */
static void
test_budget_no_price (OvsTestApp    *app,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  Count count = { app->sandbox, 1 };

  write_prices ("Some-Other-Model", 100000);
  g_settings_set_double (settings, "budget-daily", 0.01);
  compose (app, "没有价格");
  submit (app);
  g_assert_true (ovs_test_spin_until (sandbox_has, &count, 10000));
  g_assert_null (find_dialog ("budget-dialog"));
}

static gboolean
preview_shown (gpointer data)
{
  GtkWidget *dialog = find_dialog ("batch-dialog");
  GtkWidget *label = dialog != NULL ? ovs_test_find_named (dialog, "batch-summary") : NULL;

  return label != NULL && *gtk_label_get_label (GTK_LABEL (label)) != '\0';
}

static gboolean
failed_shown (gpointer data)
{
  GtkWidget *dialog = find_dialog ("batch-dialog");
  GtkWidget *page = dialog != NULL ? ovs_test_find_named (dialog, "batch-failed") : NULL;

  return page != NULL && gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (page))) == page;
}

static gboolean
confirm_shown (gpointer data)
{
  return find_dialog ("batch-confirm") != NULL;
}

static gboolean
batch_done (gpointer data)
{
  GtkWidget *progress = ovs_test_find_named (find_dialog ("batch-dialog"), "batch-progress");
  const char *text = ovs_progress_cancel_get_text (OVS_PROGRESS_CANCEL (progress));

  return text != NULL && g_str_has_prefix (text, "Done.");
}

/* The row of the preview that names @line, or NULL. */
static AdwActionRow *
row_of_line (GtkWidget *list,
             guint      line)
{
  g_autofree char *prefix = g_strdup_printf ("Line %u ", line);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), prefix))
      return ADW_ACTION_ROW (row);
  return NULL;
}

/* New Batch… with a CSV of five rows filling the composer's {{prompt}}, one of them empty:
 * blank: the preview names that line's problem by its field, one confirmation names four tasks,
 * and the sandbox gets four creates, written to the history as one batch group. */
static void
test_new_batch (OvsTestApp    *app,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (app->dir, "shots.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(GPtrArray) group = NULL;
  Count count = { app->sandbox, 4 };
  GtkWidget *dialog, *list, *summary;
  AdwActionRow *bad;
  const guint lines[] = { 2, 3, 5, 6 };

  g_assert_true (g_file_set_contents (path, "prompt\n雨夜的霓虹街道\n\"a cat, on a \"\"red\"\" sofa\"\n"
                                      "\"  \"\n海边日出\n雪山\n", -1, NULL));
  /* A request with no placeholder would send every row the same: refused, saying why. */
  compose (app, "没有占位符");
  ovs_window_open_batch (app->window, file);
  g_assert_true (ovs_test_spin_until (failed_shown, NULL, 10000));
  dialog = find_dialog ("batch-dialog");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (ovs_test_find_named (dialog, "batch-failed"))),
                            "{{prompt}}"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  compose (app, "{{prompt}}");
  ovs_window_open_batch (app->window, file);
  g_assert_true (ovs_test_spin_until (preview_shown, NULL, 10000));
  dialog = find_dialog ("batch-dialog");
  summary = ovs_test_find_named (dialog, "batch-summary");
  g_test_message ("%s", gtk_label_get_label (GTK_LABEL (summary)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (summary)),
                            "5 lines · 1 with errors, not sent · 4 to send"));
  list = ovs_test_find_named (dialog, "batch-lines");
  bad = row_of_line (list, 4);
  g_assert_nonnull (bad);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (bad), "error"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (bad), "prompt: "));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row_of_line (list, 3)), "a cat, on a \"red\" sofa"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_of_line (list, 3)), "error"));

  /* Nothing is sent before the one question is answered. */
  g_assert_true (gtk_widget_activate_action (dialog, "batch.send", NULL));
  g_assert_true (ovs_test_spin_until (confirm_shown, NULL, 10000));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (find_dialog ("batch-confirm"))),
                   ==, "Send 4 Paid Tasks?");
  g_assert_cmpuint (n_sandbox_tasks (app), ==, 0);
  answer ("batch-confirm", "_Send 4 Tasks");
  g_assert_true (ovs_test_spin_until (sandbox_has, &count, 20000));
  g_assert_true (ovs_test_spin_until (batch_done, NULL, 60000));
  g_assert_cmpuint (n_sandbox_tasks (app), ==, 4);

  first = ovs_test_app_first_task (app);
  g_assert_cmpstr (ovs_task_get_group_kind (first), ==, "batch");
  group = ovs_task_store_dup_group (app->store, ovs_task_get_group_id (first));
  g_assert_cmpuint (group->len, ==, 4);
  for (guint i = 0; i < group->len; i++)
    g_assert_cmpint (ovs_task_get_group_index (g_ptr_array_index (group, i)), ==, lines[i]);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The same file again: every line was sent, none would be sent twice. */
  ovs_window_open_batch (app->window, file);
  g_assert_true (ovs_test_spin_until (preview_shown, NULL, 10000));
  dialog = find_dialog ("batch-dialog");
  summary = ovs_test_find_named (dialog, "batch-summary");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (summary)), "0 to send"));
  g_assert_false (gtk_widget_activate_action (dialog, "batch.send", NULL)
                  && find_dialog ("batch-confirm") != NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
task_has_file (gpointer data)
{
  return ovs_task_get_status (data) == OVS_TASK_STATUS_SUCCEEDED && ovs_task_get_file (data) != NULL;
}

static void
sent_draft_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  OvsTask **task = user_data;

  *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, NULL);
}

static gboolean
is_set (gpointer data)
{
  return *(OvsTask **) data != NULL;
}

static double
duration_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = ovs_media_probe_sync (path, NULL, &error);

  g_assert_no_error (error);
  return info->duration;
}

static gboolean
film_dialog_gone (gpointer data)
{
  return find_dialog ("film-dialog") == NULL;
}

static gboolean
film_dialog_shown (gpointer data)
{
  return find_dialog ("film-dialog") != NULL;
}

/* A chain of two clips (the second continued from the first), exported from the task
 * view's Export Chain as Film…: both clips listed root first, moved by the dialog's own
 * action, joined into one film whose length is the sum of theirs, with the sidecar naming
 * the tasks in the order chosen. */
static void
test_export_chain (OvsTestApp    *app,
                   gconstpointer  data)
{
  g_autofree char *film = g_build_filename (app->dir, "chain.mp4", NULL);
  g_autofree char *sidecar_path = g_build_filename (app->dir, "chain.json", NULL);
  g_autofree char *sidecar = NULL;
  g_autoptr(OvsTask) root = NULL;
  g_autoptr(OvsTask) draft = ovs_task_new ();
  OvsTask *second = NULL;
  OvsFilmDialog *dialog;
  GPtrArray *order;
  double sum;

  compose (app, "第一个镜头");
  submit (app);
  root = ovs_test_app_first_task (app);
  g_assert_true (ovs_test_spin_until (task_has_file, root, 30000));

  ovs_task_set_scenario (draft, ovs_task_get_scenario (root));
  ovs_task_set_request_json (draft, "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"第二个镜头\", "
                             "\"seconds\": \"5\", \"resolution\": \"720p\"}");
  ovs_continue_link (draft, root, 2.0, TRUE, OVS_FRAME_AS_FIRST_FRAME);
  ovs_task_store_queue_update (app->store, root, NULL);
  ovs_tracker_submit_draft_async (app->tracker, draft, NULL, sent_draft_cb, &second);
  g_assert_true (ovs_test_spin_until (is_set, &second, 10000));
  g_assert_true (ovs_test_spin_until (task_has_file, second, 30000));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.export-chain", "x",
                                             ovs_task_get_id (second)));
  /* The chain is read off the main loop. */
  g_assert_true (ovs_test_spin_until (film_dialog_shown, NULL, 10000));
  dialog = OVS_FILM_DIALOG (find_dialog ("film-dialog"));
  order = ovs_film_dialog_get_tasks (dialog);
  g_assert_cmpuint (order->len, ==, 2);
  g_assert_cmpint (ovs_task_get_id (g_ptr_array_index (order, 0)), ==, ovs_task_get_id (root));
  /* The second clip first, as Alt+Up on it would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "film.move", "(ui)", 1, -1));
  g_assert_cmpint (ovs_task_get_id (g_ptr_array_index (order, 0)), ==, ovs_task_get_id (second));

  sum = duration_of (ovs_task_get_file (root)) + duration_of (ovs_task_get_file (second));
  ovs_film_dialog_export_to (dialog, film);
  g_assert_true (ovs_test_spin_until (film_dialog_gone, NULL, 120000));
  g_assert_cmpfloat_with_epsilon (duration_of (film), sum, 0.15);
  g_assert_true (g_file_get_contents (sidecar_path, &sidecar, NULL, NULL));
  g_assert_true (strstr (sidecar, ovs_task_get_task_id (second)) < strstr (sidecar, ovs_task_get_task_id (root)));
  g_clear_object (&second);
}

typedef struct
{
  OvsTestApp *app;
  const char *prompt;
} Newest;

static gboolean
newest_is (gpointer data)
{
  Newest *newest = data;
  g_autoptr(OvsTask) task = ovs_test_app_first_task (newest->app);

  return task != NULL && g_strcmp0 (ovs_task_get_prompt (task), newest->prompt) == 0;
}

static OvsTask *
finished_clip (OvsTestApp *app,
               const char *prompt)
{
  Newest newest = { app, prompt };
  OvsTask *task;

  compose (app, prompt);
  submit (app);
  g_assert_true (ovs_test_spin_until (newest_is, &newest, 10000));
  task = ovs_test_app_first_task (app);
  g_assert_true (ovs_test_spin_until (task_has_file, task, 30000));
  return task;
}

static gboolean
film_has (gpointer data)
{
  GtkWidget *dialog = find_dialog ("film-dialog");
  GPtrArray *tasks = dialog != NULL ? ovs_film_dialog_get_tasks (OVS_FILM_DIALOG (dialog)) : NULL;

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    if (ovs_task_get_id (g_ptr_array_index (tasks, i)) == ovs_task_get_id (data))
      return TRUE;
  return FALSE;
}

/* As a user adds a clip: the task shown in the view, its Add to Film. */
static void
add_to_film (OvsTestApp *app,
             OvsTask    *task)
{
  OvsTaskView *view = ovs_task_pane_get_view (ovs_window_get_task_pane (app->window));
  GtkWidget *button;

  ovs_test_app_show_tasks (app);
  ovs_task_pane_select (ovs_window_get_task_pane (app->window), task);
  ovs_test_settle (20);
  g_assert_true (ovs_task_view_get_task (view) == task);
  button = ovs_test_find_named (GTK_WIDGET (view), "task-add-to-film");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  /* The task is read from the history off the main thread first. */
  g_assert_true (ovs_test_spin_until (film_has, task, 10000));
}

static GtkWidget *
clip_row (OvsFilmDialog *dialog,
          guint          index)
{
  GtkWidget *list = ovs_test_find_named (GTK_WIDGET (dialog), "film-clips");

  return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index));
}

/* Export as Film… with clips of no chain, picked one by one from their views: each Add to
 * Film lands in the one open dialog (once), a row's button takes a clip out, another moves
 * one up, and the film is those clips joined in that order. */
static void
test_hand_picked_film (OvsTestApp    *app,
                       gconstpointer  data)
{
  g_autofree char *film = g_build_filename (app->dir, "picked.mp4", NULL);
  g_autofree char *sidecar_path = g_build_filename (app->dir, "picked.json", NULL);
  g_autofree char *sidecar = NULL;
  g_autoptr(OvsTask) a = finished_clip (app, "第一个挑选的镜头");
  g_autoptr(OvsTask) b = finished_clip (app, "不要的镜头");
  g_autoptr(OvsTask) c = finished_clip (app, "最后挑选的镜头");
  OvsFilmDialog *dialog;
  GPtrArray *order;
  double sum;

  g_assert_null (ovs_task_get_group_id (a));
  g_assert_null (ovs_task_get_group_id (c));
  add_to_film (app, a);
  dialog = OVS_FILM_DIALOG (find_dialog ("film-dialog"));
  g_assert_nonnull (dialog);
  add_to_film (app, b);
  add_to_film (app, c);
  add_to_film (app, a);
  g_assert_true (OVS_FILM_DIALOG (find_dialog ("film-dialog")) == dialog);
  order = ovs_film_dialog_get_tasks (dialog);
  g_assert_cmpuint (order->len, ==, 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (clip_row (dialog, 1))), ==,
                   ovs_task_get_task_id (b));

  g_assert_true (gtk_widget_activate_action (clip_row (dialog, 1), "row.remove", NULL));
  g_assert_cmpuint (order->len, ==, 2);
  g_assert_true (gtk_widget_activate_action (clip_row (dialog, 1), "row.move-up", NULL));
  g_assert_cmpint (ovs_task_get_id (g_ptr_array_index (order, 0)), ==, ovs_task_get_id (c));
  g_assert_cmpint (ovs_task_get_id (g_ptr_array_index (order, 1)), ==, ovs_task_get_id (a));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (clip_row (dialog, 0))),
                                   "1. 最后挑选的镜头"));

  sum = duration_of (ovs_task_get_file (c)) + duration_of (ovs_task_get_file (a));
  ovs_film_dialog_export_to (dialog, film);
  g_assert_true (ovs_test_spin_until (film_dialog_gone, NULL, 120000));
  g_assert_cmpfloat_with_epsilon (duration_of (film), sum, 0.15);
  g_assert_true (g_file_get_contents (sidecar_path, &sidecar, NULL, NULL));
  g_assert_true (strstr (sidecar, ovs_task_get_task_id (c)) < strstr (sidecar, ovs_task_get_task_id (a)));
  g_assert_null (strstr (sidecar, ovs_task_get_task_id (b)));
}

static gboolean
balance_label_shown (gpointer data)
{
  OvsTestApp *app = data;

  return ovs_balance_label_get_text (ovs_window_get_balance_label (app->window)) != NULL;
}

static gboolean
spend_list_shown (gpointer data)
{
  GtkWidget *dialog = find_dialog ("spend-dialog");
  GtkWidget *list = dialog != NULL ? ovs_test_find_named (dialog, "spend-periods") : NULL;
  GtkWidget *page = list != NULL ? gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkStack *stack = page != NULL ? GTK_STACK (gtk_widget_get_ancestor (page, GTK_TYPE_STACK)) : NULL;

  return stack != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "list") == 0
         && gtk_widget_get_first_child (list) != NULL
         && g_strcmp0 (gtk_widget_get_name (gtk_widget_get_first_child (list)), data) == 0;
}

static OvsSpendRow *
spend_row (guint index)
{
  GtkWidget *list = ovs_test_find_named (find_dialog ("spend-dialog"), "spend-periods");

  return OVS_SPEND_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) index));
}

static void
add_old_task (OvsTestApp *app,
              GDateTime  *at,
              gint64      cost)
{
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  ovs_task_set_scenario (draft, "text-to-video");
  ovs_task_set_request_json (draft, "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"旧账\"}");
  ovs_task_set_created_at (draft, g_date_time_to_unix (at));
  task = ovs_task_store_insert (app->store, draft, &error);
  g_assert_no_error (error);
  ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
  ovs_task_set_cost (task, cost);
  g_assert_true (ovs_task_store_update (app->store, task, NULL, &error));
}

/* Spending, opened from the balance in the header bar: today's task as the sandbox charged
 * it ($0.06), an older day of another month with its own cost, newest first; Months sums
 * them per month. Read from the real history file, off the main loop. */
static void
test_spending (OvsTestApp    *app,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first_of_month = g_date_time_new_local (g_date_time_get_year (now),
                                                               g_date_time_get_month (now), 1, 9, 0, 0);
  g_autoptr(GDateTime) last_month = g_date_time_add_days (first_of_month, -3);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  g_autofree char *old_day = g_date_time_format (last_month, "%Y-%m-%d");
  g_autoptr(OvsTask) task = NULL;
  GtkWidget *balance, *button;

  compose (app, "记账的镜头");
  submit (app);
  task = ovs_test_app_first_task (app);
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  g_assert_cmpint (ovs_task_get_cost (task), ==, 30000);
  add_old_task (app, last_month, 250000);

  g_assert_true (ovs_test_spin_until (balance_label_shown, app, 10000));
  balance = ovs_test_find_named (GTK_WIDGET (app->window), "balance-label");
  button = gtk_widget_get_ancestor (balance, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ovs_test_spin_until (spend_list_shown, today, 10000));
  g_assert_cmpstr (ovs_spend_row_get_amount (spend_row (0)), ==, "$0.06");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (spend_row (0))),
                            "1 task with a known cost"));
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (spend_row (1))), ==, old_day);
  g_assert_cmpstr (ovs_spend_row_get_amount (spend_row (1)), ==, "$0.50");
  g_assert_null (spend_row (2));

  g_assert_true (gtk_widget_activate_action (find_dialog ("spend-dialog"), "spend.by", "s", "month"));
  g_assert_true (ovs_test_spin_until (spend_list_shown, month, 10000));
  g_assert_cmpstr (ovs_spend_row_get_amount (spend_row (0)), ==, "$0.06");
  g_assert_cmpstr (ovs_spend_row_get_amount (spend_row (1)), ==, "$0.50");
  gtk_window_destroy (GTK_WINDOW (find_dialog ("spend-dialog")));
}

/* The task list's own rows: the mapped one that shows @data (a task or a group). */
static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  data)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (OVS_IS_TASK_ROW (widget))
    return ovs_task_row_get_task (OVS_TASK_ROW (widget)) == data;
  return OVS_IS_TASK_GROUP_ROW (widget)
         && ovs_task_group_row_get_group (OVS_TASK_GROUP_ROW (widget)) == data;
}

static GtkWidget *
list_row (OvsTestApp *app,
          gpointer    item)
{
  GtkWidget *row = ovs_test_find_widget (GTK_WIDGET (ovs_window_get_task_pane (app->window)),
                                         is_row_of, item);

  g_assert_nonnull (row);
  return row;
}

static gboolean
is_shown_popover (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_POPOVER_MENU (widget) && gtk_widget_get_visible (widget);
}

static gboolean
menu_is_open (gpointer data)
{
  return ovs_test_find_widget (data, is_shown_popover, NULL) != NULL;
}

static gboolean
has_label_prefix (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), data);
}

static gboolean
toast_says (gpointer data)
{
  OvsTestApp *app = ((gpointer *) data)[0];

  return ovs_test_find_widget (GTK_WIDGET (app->window), has_label_prefix,
                               ((gpointer *) data)[1]) != NULL;
}

/* The film dialog's clips are @expected, in that order (the rows the user sees too). */
static void
assert_film (OvsTask * const *expected,
             guint            n)
{
  OvsFilmDialog *dialog = OVS_FILM_DIALOG (find_dialog ("film-dialog"));
  GPtrArray *order;

  g_assert_nonnull (dialog);
  order = ovs_film_dialog_get_tasks (dialog);
  g_assert_cmpuint (order->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (ovs_task_get_id (g_ptr_array_index (order, i)), ==,
                       ovs_task_get_id (expected[i]));
      g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (clip_row (dialog, i))), ==,
                       ovs_task_get_task_id (expected[i]));
    }
}

static void
variants_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = ovs_group_send_finish (OVS_TRACKER (source), result,
                                                      user_data, &error);

  g_assert_no_error (error);
}

/* Two copies of the composer's clip, sent as one group, both downloaded. */
static OvsTaskGroup *
finished_variants (OvsTestApp *app,
                   const char *prompt)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;
  g_autoptr(GObject) head = NULL;

  compose (app, prompt);
  json = ovs_request_to_json (ovs_composer_get_request (ovs_window_get_composer (app->window)));
  source = json_from_string (json, NULL);
  bodies = ovs_compare_variants (ovs_catalog_get_default (), source, 2, 7, &error);
  g_assert_no_error (error);
  ovs_group_send_async (app->tracker, OVS_GROUP_KIND_VARIANTS, bodies, NULL, variants_sent_cb,
                        &group_id);
  g_assert_true (ovs_test_spin_until (is_set, &group_id, 30000));
  ovs_test_app_show_tasks (app);
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, app, 120000));
  head = g_list_model_get_item (ovs_test_app_tasks (app), 0);
  g_assert_true (OVS_IS_TASK_GROUP (head));
  g_assert_cmpstr (ovs_task_group_get_id (OVS_TASK_GROUP (head)), ==, group_id);
  return OVS_TASK_GROUP (g_steal_pointer (&head));
}

/* Add to Film from the task list itself: a row's menu, opened from the keyboard alone
 * (the Menu key on the focused row, then the item), its action, and a group's menu, which
 * adds the group's finished clips in the group's order. A finished task whose video is not
 * on this computer says what to do, and the film stays as it was. */
static void
test_row_menu_add_to_film (OvsTestApp    *app,
                           gconstpointer  data)
{
  g_autoptr(OvsTask) a = finished_clip (app, "行菜单加入的第一个镜头");
  g_autoptr(OvsTask) b = finished_clip (app, "picked with the keyboard");
  g_autoptr(OvsTaskGroup) group = finished_variants (app, "两个变体");
  GtkWidget *row, *item;
  gpointer says[] = { app, "This task’s video is not on this computer: download it first" };

  /* The row's action, as its menu item activates it. */
  ovs_test_settle (50);
  g_assert_true (gtk_widget_activate_action (list_row (app, a), "row.add-to-film", NULL));
  g_assert_true (ovs_test_spin_until (film_dialog_shown, NULL, 5000));
  assert_film ((OvsTask *[]) { a }, 1);

  /* The keyboard: the row focused, Menu, the first item. */
  row = list_row (app, b);
  item = gtk_widget_get_parent (row);
  ovs_test_press_keys (item, "Menu");
  g_assert_true (ovs_test_spin_until (menu_is_open, row, 5000));
  g_assert_true (ovs_task_pane_get_selected (ovs_window_get_task_pane (app->window)) == b);
  /* The menu has the keyboard: its first item is Add to Film. (The row is not focusable:
   * the keys go to the window as they are, the list item keeping the focus.) */
  g_assert_false (gtk_widget_get_focusable (row));
  ovs_test_press_keys (row, "Return");
  g_assert_false (menu_is_open (row));
  assert_film ((OvsTask *[]) { a, b }, 2);
  /* Shift+F10 opens it too; Escape closes it, adding nothing. */
  ovs_test_press_keys (item, "shift+F10");
  g_assert_true (ovs_test_spin_until (menu_is_open, row, 5000));
  ovs_test_press_keys (row, "Escape");
  g_assert_false (menu_is_open (row));
  assert_film ((OvsTask *[]) { a, b }, 2);

  /* A group's menu (its ⋮), from the keyboard too: every finished member, in the group's
   * order. Add to Film is its third item. */
  row = list_row (app, group);
  item = gtk_widget_get_ancestor (row, OVS_TYPE_TASK_ROW);
  ovs_test_press_keys (gtk_widget_get_parent (item), "Menu");
  g_assert_true (ovs_test_spin_until (menu_is_open, row, 5000));
  ovs_test_press_keys (row, "Down Down Return");
  g_assert_false (menu_is_open (row));
  assert_film ((OvsTask *[]) { a, b, ovs_task_group_get_task (group, 0),
                               ovs_task_group_get_task (group, 1) }, 4);

  /* Its video gone from this computer (as after Delete with the file): it says so. */
  ovs_task_set_file (a, NULL);
  g_assert_true (gtk_widget_activate_action (list_row (app, a), "row.add-to-film", NULL));
  /* Toasts take turns: those of the tasks sent before ("Task submitted") may still hold
   * the overlay, a few seconds each. */
  g_assert_true (ovs_test_spin_until (toast_says, says, 30000));
  assert_film ((OvsTask *[]) { a, b, ovs_task_group_get_task (group, 0),
                               ovs_task_group_get_task (group, 1) }, 4);
}

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);

  g_test_add ("/chain-ui/budget-asks", OvsTestApp, NULL, open_with_costs, test_budget_asks,
              close_with_costs);
  g_test_add ("/chain-ui/budget-no-price", OvsTestApp, NULL, open_with_costs,
              test_budget_no_price, close_with_costs);
  ovs_test_add_app ("/chain-ui/new-batch", test_new_batch);
  g_test_add ("/chain-ui/spending", OvsTestApp, NULL, open_with_costs, test_spending,
              close_with_costs);
  ovs_test_add_app ("/chain-ui/export-chain", test_export_chain);
  ovs_test_add_app ("/chain-ui/hand-picked-film", test_hand_picked_film);
  ovs_test_add_app ("/chain-ui/row-menu-add-to-film", test_row_menu_add_to_film);
  return g_test_run ();
}
