/* test-compare-dialog.c: Compare… in the composer, and groups in the task list
 *
 * The user's way: a request composed, Compare… opened, two more models checked (their
 * warnings listed), one confirmation naming the paid tasks, the group sent to the sandbox
 * over loopback and written to the history in order, the grid opened; then the task list
 * names the group in each row and opens it from there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-compare-dialog"

#include "config.h"

#include "ovs-catalog.h"
#include "ovs-compare-body-editor.h"
#include "ovs-json.h"
#include "ovs-compare-dialog.h"
#include "ovs-compare-grid.h"
#include "ovs-compare-window.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-test-ui.h"

static gboolean
grid_is_open (gpointer data)
{
  return ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL) != NULL;
}

static void
count_named (GtkWidget  *widget,
             const char *name,
             guint      *n)
{
  /* A model row counts when it lists what that model gets: checked models only. */
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_visible (widget)
      && (!ADW_IS_ACTION_ROW (widget)
          || *adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) != '\0'))
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_named (child, name, n);
}

/* The current model, then the first model of two other families, in the catalog's order
 * (the order the dialog lists and sends them). */
static GStrv
pick_models (const char *current)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  const OvsModel *model = ovs_catalog_find_model (catalog, current, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) families = g_hash_table_new (g_str_hash, g_str_equal);
  guint extra = 0;

  g_assert_nonnull (model);
  g_hash_table_add (families, model->family);
  for (guint i = 0; i < ovs_catalog_get_n_models (catalog); i++)
    {
      const OvsModel *other = ovs_catalog_get_model_at (catalog, i);

      if (other == model)
        g_strv_builder_add (builder, other->id);
      else if (extra < 2 && !g_hash_table_contains (families, other->family))
        {
          g_hash_table_add (families, other->family);
          g_strv_builder_add (builder, other->id);
          extra++;
        }
    }
  return g_strv_builder_end (builder);
}

static OvsCompareDialog *
open_dialog (OvsTestApp *app)
{
  OvsCompareDialog *dialog;

  ovs_test_app_compose_clip (app, "a lighthouse at dusk");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.compare", NULL));
  ovs_test_settle (10);
  dialog = OVS_COMPARE_DIALOG (ovs_test_find_toplevel (OVS_TYPE_COMPARE_DIALOG, NULL));
  g_assert_nonnull (dialog);
  return dialog;
}

static void
check (OvsCompareDialog *dialog,
       const char       *model)
{
  g_autofree char *name = g_strconcat ("check-", model, NULL);
  GtkWidget *button = ovs_test_find_named (GTK_WIDGET (dialog), name);

  g_assert_nonnull (button);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (button), TRUE);
}

/* Sends the comparison of three models through the dialog; returns the models in order. */
static GStrv
send_three (OvsTestApp *app)
{
  OvsCompareDialog *dialog = open_dialog (app);
  const char *current = ovs_request_get_model (ovs_composer_get_request (ovs_window_get_composer (app->window)));
  g_auto(GStrv) models = pick_models (current);
  g_autofree char *current_name = g_strconcat ("check-", current, NULL);
  GtkWidget *send_button = ovs_test_find_named (GTK_WIDGET (dialog), "compare-send");
  AdwMessageDialog *confirm;
  guint n_rows = 0;

  g_assert_cmpuint (g_strv_length (models), ==, 3);
  /* The model being composed is checked already; one model is no comparison yet. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (ovs_test_find_named (GTK_WIDGET (dialog), current_name))));
  g_assert_false (gtk_widget_is_sensitive (send_button));
  for (guint i = 0; models[i] != NULL; i++)
    check (dialog, models[i]);
  ovs_test_settle (10);
  g_assert_cmpuint (ovs_compare_dialog_get_n_tasks (dialog), ==, 3);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "_Send 3 Tasks");
  count_named (GTK_WIDGET (dialog), "compare-model", &n_rows);
  g_assert_cmpuint (n_rows, ==, 3);

  /* One question, naming the paid tasks; nothing is sent before the answer. */
  g_signal_emit_by_name (send_button, "clicked");
  ovs_test_settle (10);
  confirm = ADW_MESSAGE_DIALOG (ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "compare-confirm"));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Create 3 Paid Tasks?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  g_assert_null (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL));
  adw_message_dialog_response (confirm, "send");
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 30000));
  return g_steal_pointer (&models);
}

static void
test_send (OvsTestApp    *app,
           gconstpointer  data)
{
  g_auto(GStrv) models = send_three (app);
  OvsCompareWindow *window = OVS_COMPARE_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL));
  g_autoptr(OvsTask) first = ovs_test_app_first_task (app);
  g_autoptr(GPtrArray) group = NULL;

  g_assert_null (ovs_test_find_toplevel (OVS_TYPE_COMPARE_DIALOG, NULL));
  g_assert_nonnull (first);
  g_assert_cmpstr (ovs_task_get_group_kind (first), ==, "compare");
  group = ovs_task_store_dup_group (app->store, ovs_task_get_group_id (first));
  g_assert_cmpuint (group->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      OvsTask *task = g_ptr_array_index (group, i);

      g_assert_cmpstr (ovs_task_get_model (task), ==, models[i]);
      g_assert_cmpint (ovs_task_get_group_index (task), ==, i);
      g_assert_cmpstr (ovs_task_get_prompt (task), ==, "a lighthouse at dusk");
    }
  g_assert_cmpuint (ovs_compare_grid_get_n_tiles (ovs_compare_window_get_grid (window)), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_variants (OvsTestApp    *app,
               gconstpointer  data)
{
  OvsCompareDialog *dialog = open_dialog (app);
  AdwViewStack *stack = NULL;
  GtkWidget *spin = ovs_test_find_named (GTK_WIDGET (dialog), "compare-copies");
  AdwMessageDialog *confirm;
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(GPtrArray) group = NULL;

  for (GtkWidget *w = spin; w != NULL && stack == NULL; w = gtk_widget_get_parent (w))
    if (ADW_IS_VIEW_STACK (w))
      stack = ADW_VIEW_STACK (w);
  g_assert_nonnull (stack);
  adw_view_stack_set_visible_child_name (stack, "variants");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  ovs_test_settle (10);
  g_assert_cmpuint (ovs_compare_dialog_get_n_tasks (dialog), ==, 2);
  g_signal_emit_by_name (ovs_test_find_named (GTK_WIDGET (dialog), "compare-send"), "clicked");
  ovs_test_settle (10);
  confirm = ADW_MESSAGE_DIALOG (ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "compare-confirm"));
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Create 2 Paid Tasks?");
  adw_message_dialog_response (confirm, "send");
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 30000));
  first = ovs_test_app_first_task (app);
  g_assert_cmpstr (ovs_task_get_group_kind (first), ==, "variants");
  group = ovs_task_store_dup_group (app->store, ovs_task_get_group_id (first));
  g_assert_cmpuint (group->len, ==, 2);
  gtk_window_destroy (GTK_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)));
}

/* The tasks whose rows show a group chip (a recycled row kept for the focus may show one
 * of them twice). */
static void
collect_chip_tasks (GtkWidget  *widget,
                    GHashTable *tasks,
                    GtkWidget **chip)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), "task-row-group") == 0
      && gtk_widget_get_visible (widget))
    {
      GtkWidget *row = gtk_widget_get_ancestor (widget, OVS_TYPE_TASK_ROW);

      if (row != NULL && ovs_task_row_get_task (OVS_TASK_ROW (row)) != NULL)
        {
          g_hash_table_add (tasks, ovs_task_row_get_task (OVS_TASK_ROW (row)));
          *chip = widget;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_chip_tasks (child, tasks, chip);
}

/* The group and its three members, the group opened. */
static gboolean
four_rows (gpointer data)
{
  return g_list_model_get_n_items (ovs_test_app_tasks (data)) >= 4;
}

static gboolean
one_group_row (gpointer data)
{
  GListModel *rows = ovs_test_app_tasks (data);
  g_autoptr(GObject) first = g_list_model_get_n_items (rows) > 0 ? g_list_model_get_item (rows, 0) : NULL;

  return first != NULL && OVS_IS_TASK_GROUP (first)
         && ovs_task_group_get_n_tasks (OVS_TASK_GROUP (first)) == 3;
}

/* The group is one row; opened, each member names its place and its chip opens the
 * group's grid. */
static void
test_task_list (OvsTestApp    *app,
                gconstpointer  data)
{
  g_auto(GStrv) models = send_three (app);
  GtkWidget *pane = GTK_WIDGET (ovs_window_get_task_pane (app->window));
  g_autoptr(GHashTable) chip_tasks = g_hash_table_new (NULL, NULL);
  GtkWidget *chip = NULL;

  gtk_window_destroy (GTK_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)));
  ovs_test_app_show_tasks (app);
  g_assert_true (ovs_test_spin_until (one_group_row, app, 10000));
  /* Sending selected the first task: its group opened. Closed from the member (Left, as in
   * a tree), the members' rows go. */
  g_assert_true (gtk_widget_activate_action (pane, "tasks.collapse", NULL));
  ovs_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (app)), ==, 1);
  g_assert_true (gtk_widget_activate_action (pane, "tasks.expand", NULL));
  g_assert_true (ovs_test_spin_until (four_rows, app, 10000));
  ovs_test_settle (50);
  collect_chip_tasks (pane, chip_tasks, &chip);
  g_assert_cmpuint (g_hash_table_size (chip_tasks), ==, 3);
  g_assert_nonnull (chip);
  g_assert_true (g_str_has_prefix (gtk_button_get_label (GTK_BUTTON (chip)), "Comparison · "));
  g_assert_null (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL));
  g_signal_emit_by_name (chip, "clicked");
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 10000));
  g_assert_cmpuint (ovs_compare_grid_get_n_tiles (ovs_compare_window_get_grid (OVS_COMPARE_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)))), ==, 3);
  gtk_window_destroy (GTK_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)));
}

typedef struct
{
  OvsTestApp *app;
  GPtrArray  *group;
} GroupWait;

static gboolean
group_created (GroupWait *wait)
{
  g_autoptr(OvsTask) first = ovs_test_app_first_task (wait->app);

  g_clear_pointer (&wait->group, g_ptr_array_unref);
  if (first == NULL || ovs_task_get_group_id (first) == NULL)
    return FALSE;
  wait->group = ovs_task_store_dup_group (wait->app->store, ovs_task_get_group_id (first));
  for (guint i = 0; i < wait->group->len; i++)
    if (ovs_task_get_task_id (g_ptr_array_index (wait->group, i)) == NULL)
      return FALSE;
  return wait->group->len == 3;
}

/* The text of @node with its prompt replaced. */
static char *
with_prompt (const char *text,
             const char *prompt)
{
  g_autoptr(JsonNode) node = ovs_json_parse_object (text, -1, NULL, NULL, NULL);

  g_assert_nonnull (node);
  json_object_set_string_member (json_node_get_object (node), "prompt", prompt);
  return ovs_json_to_string (node);
}

/* One model's body opened from its row, checked as it is typed (line, field path), adjusted
 * and sent: the sandbox receives that body for that model, the mapped ones for the others. */
static void
test_edit_body (OvsTestApp    *app,
                gconstpointer  data)
{
  OvsCompareDialog *dialog = open_dialog (app);
  const char *current = ovs_request_get_model (ovs_composer_get_request (ovs_window_get_composer (app->window)));
  g_auto(GStrv) models = pick_models (current);
  g_autofree char *edit_name = g_strconcat ("edit-", models[1], NULL);
  g_autofree char *prompt = g_strconcat ("a lighthouse at dawn, only for ", models[1], NULL);
  g_autofree char *mapped = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *other_model = NULL;
  OvsCompareBodyEditor *editor;
  GtkTextBuffer *buffer;
  GtkWidget *edit, *apply;
  GtkTextIter start, end;
  GroupWait wait = { app, NULL };

  for (guint i = 0; models[i] != NULL; i++)
    check (dialog, models[i]);
  ovs_test_settle (10);
  edit = ovs_test_find_named (GTK_WIDGET (dialog), edit_name);
  g_assert_nonnull (edit);
  g_assert_true (gtk_widget_get_visible (edit));
  g_signal_emit_by_name (edit, "clicked");
  ovs_test_settle (10);
  editor = OVS_COMPARE_BODY_EDITOR (ovs_test_find_toplevel (OVS_TYPE_COMPARE_BODY_EDITOR, NULL));
  g_assert_nonnull (editor);
  apply = ovs_test_find_named (GTK_WIDGET (editor), "body-editor-apply");
  buffer = ovs_compare_body_editor_get_buffer (editor);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  mapped = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_nonnull (strstr (mapped, models[1]));
  g_assert_true (gtk_widget_is_sensitive (apply));

  /* A syntax error, by its line; a wrong value, by its field path; another model. */
  gtk_text_buffer_set_text (buffer, "{\n  \"model\": \"x\",\n  \"prompt\": }\n", -1);
  ovs_compare_body_editor_check (editor);
  g_test_message ("%s", ovs_compare_body_editor_get_problems (editor));
  g_assert_true (g_str_has_prefix (ovs_compare_body_editor_get_problems (editor), "line 3, column "));
  g_assert_false (gtk_widget_is_sensitive (apply));
  gtk_text_buffer_set_text (buffer, with_prompt (mapped, ""), -1);
  ovs_compare_body_editor_check (editor);
  g_test_message ("%s", ovs_compare_body_editor_get_problems (editor));
  g_assert_true (g_str_has_prefix (ovs_compare_body_editor_get_problems (editor), "prompt: "));
  g_assert_false (gtk_widget_is_sensitive (apply));
  other_model = g_strdup_printf ("{\"model\": \"%s\", \"prompt\": \"x\"}", models[0]);
  gtk_text_buffer_set_text (buffer, other_model, -1);
  ovs_compare_body_editor_check (editor);
  g_assert_nonnull (strstr (ovs_compare_body_editor_get_problems (editor), "model: "));
  g_assert_false (gtk_widget_is_sensitive (apply));

  /* The adjusted body is used, and the row says so. */
  edited = with_prompt (mapped, prompt);
  gtk_text_buffer_set_text (buffer, edited, -1);
  ovs_compare_body_editor_check (editor);
  g_assert_true (gtk_widget_is_sensitive (apply));
  g_signal_emit_by_name (apply, "clicked");
  ovs_test_settle (10);
  g_assert_null (ovs_test_find_toplevel (OVS_TYPE_COMPARE_BODY_EDITOR, NULL));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_ancestor (edit, ADW_TYPE_ACTION_ROW))),
                                   "Edited by hand"));

  g_signal_emit_by_name (ovs_test_find_named (GTK_WIDGET (dialog), "compare-send"), "clicked");
  ovs_test_settle (10);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ovs_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG, "compare-confirm")), "send");
  g_assert_true (ovs_test_spin_until (grid_is_open, NULL, 30000));
  g_assert_true (ovs_test_spin_until ((OvsTestCondition) group_created, &wait, 30000));

  /* What the sandbox received, per model. */
  for (guint i = 0; i < 3; i++)
    {
      OvsTask *task = g_ptr_array_index (wait.group, i);
      g_autofree char *received = ovs_sandbox_dup_task_body (app->sandbox, ovs_task_get_task_id (task));
      g_autoptr(JsonNode) node = ovs_json_parse_object (received, -1, NULL, NULL, NULL);
      JsonObject *object = json_node_get_object (node);

      g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, models[i]);
      g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==,
                       i == 1 ? prompt : "a lighthouse at dusk");
    }
  g_ptr_array_unref (wait.group);
  gtk_window_destroy (GTK_WINDOW (ovs_test_find_toplevel (OVS_TYPE_COMPARE_WINDOW, NULL)));
}

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);
  ovs_test_add_app ("/compare-dialog/send", test_send);
  ovs_test_add_app ("/compare-dialog/variants", test_variants);
  ovs_test_add_app ("/compare-dialog/task-list", test_task_list);
  ovs_test_add_app ("/compare-dialog/edit-body", test_edit_body);
  return g_test_run ();
}
