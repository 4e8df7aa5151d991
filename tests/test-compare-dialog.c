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

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);
  ovs_test_add_app ("/compare-dialog/send", test_send);
  ovs_test_add_app ("/compare-dialog/variants", test_variants);
  ovs_test_add_app ("/compare-dialog/task-list", test_task_list);
  return g_test_run ();
}
