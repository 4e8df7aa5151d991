/* ovs-task-pane.c
 *
 * The Tasks page (ovs-task-pane.ui): the history list with its search and filters, the view
 * of the chosen task, and deletion with its Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-catalog.h"
#include "ovs-panel.h"
#include "ovs-task-list.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"

#define SEARCH_DELAY_MS 250

struct _OvsTaskPane
{
  AdwBin              parent_instance;

  OvsTracker         *tracker;
  OvsTaskList        *tasks;
  GtkSingleSelection *selection;
  GHashTable         *pending;       /* row id -> PendingDelete */

  GtkStack           *list_stack;    /* "list" / "empty" / "no-match" */
  GtkListView        *list_view;
  GtkSearchEntry     *search;
  GtkDropDown        *status_filter;
  GtkDropDown        *model_filter;
  GStrv               models;        /* the model filter's values, [0] = all */
  OvsTaskView        *view;
  guint               search_id;
  GtkCheckButton     *delete_file_check;  /* in the open delete dialog, if any */
};

/* A deletion waiting for its toast to go; Undo on the toast takes it back. */
typedef struct
{
  OvsTask  *task;
  gboolean  delete_file;
  AdwToast *toast;
} PendingDelete;

G_DEFINE_FINAL_TYPE (OvsTaskPane, ovs_task_pane, ADW_TYPE_BIN)

static void
pending_free (PendingDelete *pending)
{
  g_clear_object (&pending->task);
  g_clear_object (&pending->toast);
  g_free (pending);
}

static void
update_empty_state (OvsTaskPane *self)
{
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
  const OvsTaskFilter *filter = self->tasks != NULL ? ovs_task_list_get_filter (self->tasks) : NULL;
  gboolean filtered = filter != NULL && (filter->status >= 0 || filter->model != NULL
                                         || (filter->text != NULL && *filter->text != '\0'));

  gtk_stack_set_visible_child_name (self->list_stack,
                                    n > 0 ? "list" : filtered ? "no-match" : "empty");
}

static void
selection_changed_cb (OvsTaskPane *self)
{
  ovs_task_view_set_task (self->view, ovs_task_pane_get_selected (self));
}

/* The history is read and its rows made when the page is first shown (or asked about),
 * not while the window makes its first frame (issue 14: that was the whole cost of a
 * 10 000-task history at start-up). */
static void
ensure_tasks (OvsTaskPane *self)
{
  if (self->tasks != NULL || self->tracker == NULL)
    return;
  self->tasks = ovs_task_list_new (ovs_tracker_get_store (self->tracker), NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tasks));
  update_empty_state (self);
  selection_changed_cb (self);
}

void
ovs_task_pane_set_tracker (OvsTaskPane *self,
                           OvsTracker  *tracker)
{
  g_return_if_fail (OVS_IS_TASK_PANE (self));
  g_return_if_fail (OVS_IS_TRACKER (tracker));

  g_set_object (&self->tracker, tracker);
  ovs_task_view_set_tracker (self->view, tracker);

  g_clear_object (&self->tasks);
  gtk_single_selection_set_model (self->selection, NULL);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_tasks (self);
}

GListModel *
ovs_task_pane_get_model (OvsTaskPane *self)
{
  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  ensure_tasks (self);
  return G_LIST_MODEL (self->selection);
}

OvsTaskView *
ovs_task_pane_get_view (OvsTaskPane *self)
{
  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  return self->view;
}

OvsTask *
ovs_task_pane_get_selected (OvsTaskPane *self)
{
  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  ensure_tasks (self);
  return gtk_single_selection_get_selected_item (self->selection);
}

void
ovs_task_pane_select (OvsTaskPane *self,
                      OvsTask     *task)
{
  guint position;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  ensure_tasks (self);
  /* Its place is counted in the history, not searched for row by row. */
  if (task == NULL || self->tasks == NULL
      || !ovs_task_store_locate (ovs_task_list_get_store (self->tasks),
                                 ovs_task_list_get_filter (self->tasks), task, &position)
      || position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

void
ovs_task_pane_set_filter (OvsTaskPane *self,
                          const char  *text,
                          int          status,
                          const char  *model)
{
  OvsTaskFilter filter = OVS_TASK_FILTER_INIT;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  ensure_tasks (self);
  if (self->tasks == NULL)
    return;
  filter.status = status;
  filter.model = (char *) model;
  filter.text = text != NULL && *text != '\0' ? (char *) text : NULL;
  ovs_task_list_set_filter (self->tasks, &filter);
  update_empty_state (self);
}

static void
filter_changed_cb (OvsTaskPane *self)
{
  guint status = gtk_drop_down_get_selected (self->status_filter);
  guint model = gtk_drop_down_get_selected (self->model_filter);

  g_clear_handle_id (&self->search_id, g_source_remove);
  ovs_task_pane_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->search)),
                            status == 0 || status == GTK_INVALID_LIST_POSITION ? -1 : (int) status - 1,
                            model == 0 || model == GTK_INVALID_LIST_POSITION ? NULL : self->models[model]);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  OvsTaskPane *self = user_data;

  self->search_id = 0;
  filter_changed_cb (self);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (OvsTaskPane *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);
}

/* Deletion waits for the undo toast to go. */

static void
finish_delete (OvsTaskPane *self,
               gint64       id)
{
  PendingDelete *pending = g_hash_table_lookup (self->pending, &id);
  g_autoptr(GError) error = NULL;

  if (pending == NULL)
    return;
  /* A failure is the user's to know (the task comes back in the list), not a bug. The
   * deletion itself is queued: the list forgets the task once it is gone from the history
   * (a write that fails is retried, and said by the application). */
  if (self->tracker != NULL
      && !ovs_tracker_delete (self->tracker, pending->task, pending->delete_file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The task could not be deleted: %s"),
                                                  error->message);

      ovs_panel_toast (GTK_WIDGET (self), message);
      if (self->tasks != NULL)
        ovs_task_list_unhide (self->tasks, pending->task);
    }
  g_hash_table_remove (self->pending, &id);
}

static PendingDelete *
find_pending (OvsTaskPane *self,
              AdwToast    *toast,
              gint64      *id)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((PendingDelete *) value)->toast == toast)
      {
        *id = *(gint64 *) key;
        return value;
      }
  return NULL;
}

static void
toast_dismissed_cb (AdwToast    *toast,
                    OvsTaskPane *self)
{
  gint64 id;

  if (find_pending (self, toast, &id) != NULL)
    finish_delete (self, id);
}

/* The toast's own button, not an action: the toast lives in the window's overlay, above
 * this pane, where the pane's actions are out of reach. */
static void
toast_undo_cb (AdwToast    *toast,
               OvsTaskPane *self)
{
  PendingDelete *pending;
  gint64 id;

  pending = find_pending (self, toast, &id);
  if (pending == NULL)
    return;
  if (self->tasks != NULL)
    ovs_task_list_unhide (self->tasks, pending->task);
  g_hash_table_remove (self->pending, &id);
  update_empty_state (self);
}

void
ovs_task_pane_delete_selected (OvsTaskPane *self,
                               gboolean     delete_file)
{
  OvsTask *task;
  PendingDelete *pending;
  GtkWidget *overlay;
  gint64 id;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  task = ovs_task_pane_get_selected (self);
  if (task == NULL)
    return;

  id = ovs_task_get_id (task);
  pending = g_new0 (PendingDelete, 1);
  pending->task = g_object_ref (task);
  pending->delete_file = delete_file;
  pending->toast = g_object_ref_sink (adw_toast_new (delete_file ? _("Task and video deleted")
                                                                 : _("Task deleted")));
  g_hash_table_insert (self->pending, g_memdup2 (&id, sizeof id), pending);
  /* Left out of the list at once, without reading the other rows of a long history. */
  ovs_task_list_hide (self->tasks, task);
  update_empty_state (self);

  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (pending->toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
  g_signal_connect_object (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), g_object_ref (pending->toast));
  else
    finish_delete (self, id);
}

void
ovs_task_pane_undo_delete (OvsTaskPane *self)
{
  g_return_if_fail (OVS_IS_TASK_PANE (self));

  /* The toast's dismissal finds nothing pending any more. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->pending);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (self->tasks != NULL)
        ovs_task_list_unhide (self->tasks, ((PendingDelete *) value)->task);
  }
  g_hash_table_remove_all (self->pending);
  update_empty_state (self);
}

void
ovs_task_pane_flush_deletions (OvsTaskPane *self)
{
  g_autoptr(GList) ids = NULL;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  ids = g_hash_table_get_keys (self->pending);
  for (GList *l = ids; l != NULL; l = l->next)
    finish_delete (self, *(gint64 *) l->data);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OvsTaskPane      *self)
{
  gboolean with_file = self->delete_file_check != NULL
                       && gtk_check_button_get_active (self->delete_file_check);

  g_clear_weak_pointer (&self->delete_file_check);
  if (g_str_equal (response, "delete"))
    ovs_task_pane_delete_selected (self, with_file);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);
  OvsTask *task = ovs_task_pane_get_selected (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog, *check;

  if (task == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Delete This Task?"),
                                   _("Its record is removed from this computer. The server keeps "
                                     "its own copy for a while."));
  check = gtk_check_button_new_with_mnemonic (_("Also delete the _video file"));
  gtk_widget_set_sensitive (check, ovs_task_get_file (task) != NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
  g_set_weak_pointer (&self->delete_file_check, GTK_CHECK_BUTTON (check));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
items_changed_cb (OvsTaskPane *self)
{
  update_empty_state (self);
  /* A first task: show it. */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION
      && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

static void
ovs_task_pane_dispose (GObject *object)
{
  OvsTaskPane *self = OVS_TASK_PANE (object);

  if (self->pending != NULL)
    ovs_task_pane_flush_deletions (self);
  /* The list view goes first: its rows and models call back into the pane. */
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_TASK_PANE);
  g_clear_weak_pointer (&self->delete_file_check);
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->tasks);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->models, g_strfreev);

  G_OBJECT_CLASS (ovs_task_pane_parent_class)->dispose (object);
}

void
ovs_task_pane_focus_search (OvsTaskPane *self)
{
  g_return_if_fail (OVS_IS_TASK_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search));
  gtk_editable_select_region (GTK_EDITABLE (self->search), 0, -1);
}

static void
ovs_task_pane_map (GtkWidget *widget)
{
  ensure_tasks (OVS_TASK_PANE (widget));
  GTK_WIDGET_CLASS (ovs_task_pane_parent_class)->map (widget);
}

static void
ovs_task_pane_class_init (OvsTaskPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_task_pane_dispose;
  widget_class->map = ovs_task_pane_map;

  gtk_widget_class_install_action (widget_class, "tasks.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tasks.delete", NULL);

  g_type_ensure (OVS_TYPE_TASK_ROW);
  g_type_ensure (OVS_TYPE_TASK_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, search);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, status_filter);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, model_filter);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
}

/* The filters' choices: the statuses, and every model of the catalog once. */
static void
fill_filters (OvsTaskPane *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) model_labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) models = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  OvsCatalog *catalog = ovs_catalog_get_default ();

  gtk_string_list_append (statuses, _("All statuses"));
  for (int s = OVS_TASK_STATUS_SUBMITTING; s <= OVS_TASK_STATUS_UNKNOWN; s++)
    gtk_string_list_append (statuses, ovs_task_status_to_label (s));

  g_strv_builder_add (models, "");
  gtk_string_list_append (model_labels, _("All models"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char * const *names = ovs_scenario_get_models (scenario);

      for (guint m = 0; names[m] != NULL; m++)
        if (g_hash_table_add (seen, (gpointer) names[m]))
          {
            g_strv_builder_add (models, names[m]);
            gtk_string_list_append (model_labels, names[m]);
          }
    }
  self->models = g_strv_builder_end (models);
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  gtk_drop_down_set_model (self->model_filter, G_LIST_MODEL (model_labels));
}

static void
ovs_task_pane_init (OvsTaskPane *self)
{
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) pending_free);
  /* The history may hold 100 000 tasks: the list loads only the rows on screen, and
   * nothing here may read them all (deletions pending undo are hidden by the list). */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self);

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_filters (self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_empty_state (self);
}

GtkWidget *
ovs_task_pane_new (void)
{
  return g_object_new (OVS_TYPE_TASK_PANE, NULL);
}
