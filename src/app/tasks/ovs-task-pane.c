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

#include "ovs-app-widgets.h"
#include "ovs-catalog.h"
#include "ovs-compare.h"
#include "ovs-error.h"
#include "ovs-panel.h"
#include "ovs-raster-cache.h"
#include "ovs-row-items.h"
#include "ovs-task-group-row.h"
#include "ovs-task-group.h"
#include "ovs-task-list.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"

#define SEARCH_DELAY_MS 250

struct _OvsTaskPane
{
  AdwBin              parent_instance;

  OvsTracker         *tracker;
  OvsTaskList        *tasks;         /* groups collapsed: a group is one OvsTaskGroup */
  GtkTreeListModel   *tree;          /* the list with the groups opened */
  GtkSingleSelection *selection;     /* of GtkTreeListRow, over the tree */
  OvsRowItems        *items;         /* the selection's tasks and groups, for callers */
  GHashTable         *pending;       /* row id -> PendingDelete */

  GtkStack           *list_stack;    /* "list" / "empty" / "no-match" */
  GtkListView        *list_view;
  GtkSearchEntry     *search;
  GtkDropDown        *status_filter;
  GtkDropDown        *model_filter;
  GtkToggleButton    *groups_filter;
  GStrv               models;        /* the model filter's values, [0] = all */
  OvsTaskView        *view;
  guint               search_id;
  GtkCheckButton     *delete_file_check;  /* in the open delete dialog, if any */
  GPtrArray          *rerun_bodies;  /* OvsCompareBody of the group Run Again asks about */
  char               *rerun_kind;
  gboolean            refocus_list;  /* the keyboard was on a row when the list changed */
  guint               settle_id;     /* settle_cb (), after the list changed */
  gboolean            keyboard_parked; /* on the Groups button, the last row gone */
  char               *choose_group;      /* expect_group_row () */
  gboolean            choose_group_back;  /* undone: it, else deleted: the row now in its place */
  guint               choose_position;
  gint64              choose_until;
};

/* A deletion waiting for its toast to go; Undo on the toast takes it back. A group's
 * deletion is all its members. */
typedef struct
{
  GPtrArray *tasks;
  gboolean   delete_file;
  AdwToast  *toast;
  char      *group_id;  /* a whole group's deletion */
  guint      position;  /* its row's, when deleted */
} PendingDelete;

G_DEFINE_FINAL_TYPE (OvsTaskPane, ovs_task_pane, ADW_TYPE_BIN)

enum {
  SEND_GROUP,
  ADD_TO_FILM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pending_free (PendingDelete *pending)
{
  g_clear_pointer (&pending->tasks, g_ptr_array_unref);
  g_clear_object (&pending->toast);
  g_clear_pointer (&pending->group_id, g_free);
  g_free (pending);
}

static void
update_empty_state (OvsTaskPane *self)
{
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
  const OvsTaskFilter *filter = self->tasks != NULL ? ovs_task_list_get_filter (self->tasks) : NULL;
  gboolean filtered = filter != NULL && (filter->status >= 0 || filter->model != NULL
                                         || filter->groups == OVS_TASK_GROUPS_ONLY
                                         || (filter->text != NULL && *filter->text != '\0'));

  gtk_stack_set_visible_child_name (self->list_stack,
                                    n > 0 ? "list" : filtered ? "no-match" : "empty");
}

/* The selected row's task or group (transfer full), or NULL. */
static GObject *
dup_selected_item (OvsTaskPane *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

/* A group shows its first task beside the list. */
static void
selection_changed_cb (OvsTaskPane *self)
{
  g_autoptr(GObject) item = dup_selected_item (self);

  if (item != NULL && OVS_IS_TASK_GROUP (item))
    ovs_task_view_set_task (self->view, ovs_task_group_get_task (OVS_TASK_GROUP (item), 0));
  else
    ovs_task_view_set_task (self->view, item != NULL ? OVS_TASK (item) : NULL);
}

static GListModel *
create_members_cb (gpointer item,
                   gpointer user_data)
{
  return OVS_IS_TASK_GROUP (item) ? g_object_ref (G_LIST_MODEL (item)) : NULL;
}

/* The history is read and its rows made when the page is first shown (or asked about),
 * not while the window makes its first frame (issue 14: that was the whole cost of a
 * 10 000-task history at start-up). */
static void
ensure_tasks (OvsTaskPane *self)
{
  OvsTaskFilter filter = OVS_TASK_FILTER_INIT;

  if (self->tasks != NULL || self->tracker == NULL)
    return;
  filter.groups = OVS_TASK_GROUPS_COLLAPSED;
  self->tasks = ovs_task_list_new (ovs_tracker_get_store (self->tracker), &filter);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->tasks)), FALSE, FALSE,
                                        create_members_cb, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
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

  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->tree);
  g_clear_object (&self->tasks);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_tasks (self);
}

GListModel *
ovs_task_pane_get_model (OvsTaskPane *self)
{
  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  ensure_tasks (self);
  return G_LIST_MODEL (self->items);
}

OvsTaskView *
ovs_task_pane_get_view (OvsTaskPane *self)
{
  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  return self->view;
}

/* The selected task; NULL when a whole group is (ovs_task_pane_get_selected_group ()). */
OvsTask *
ovs_task_pane_get_selected (OvsTaskPane *self)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  ensure_tasks (self);
  item = dup_selected_item (self);
  /* The row holds its item as long as the selection holds the row. */
  return item != NULL && OVS_IS_TASK (item) ? OVS_TASK (item) : NULL;
}

OvsTaskGroup *
ovs_task_pane_get_selected_group (OvsTaskPane *self)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (OVS_IS_TASK_PANE (self), NULL);
  ensure_tasks (self);
  item = dup_selected_item (self);
  return item != NULL && OVS_IS_TASK_GROUP (item) ? OVS_TASK_GROUP (item) : NULL;
}

/* The row of group @group_id among the list's rows (at its head, the last member the list
 * lets through), or NULL. The place is counted in the history, so the caller brings the
 * list's rows up to it first (ovs_task_list_flush); the row found there must be that
 * group's, never another group opened in its stead. */
static GtkTreeListRow *
find_group_row (OvsTaskPane *self,
                const char  *group_id)
{
  OvsTaskStore *store = ovs_task_list_get_store (self->tasks);
  g_autoptr(GPtrArray) members = ovs_task_store_dup_group (store, group_id);
  guint position;

  for (guint i = members->len; i > 0; i--)
    if (ovs_task_store_locate (store, ovs_task_list_get_filter (self->tasks),
                               g_ptr_array_index (members, i - 1), &position))
      {
        g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, position);
        g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

        if (item != NULL && OVS_IS_TASK_GROUP (item)
            && g_strcmp0 (ovs_task_group_get_id (OVS_TASK_GROUP (item)), group_id) == 0)
          return g_steal_pointer (&row);
        return NULL;
      }
  return NULL;
}

/* The keyboard is on a row of the list (or a button in one). */
static gboolean
focus_in_list (OvsTaskPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && self->list_view != NULL && gtk_widget_get_mapped (focus)
         && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view));
}

/* The keyboard onto the selected row. GTK 4.8's list view has no call for it (scrolling to
 * a row does not move its focus): the row's own widget takes it, once the list has made it. */
static gboolean
focus_selected_row (OvsTaskPane *self)
{
  GtkTreeListRow *selected = gtk_single_selection_get_selected_item (self->selection);

  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       selected != NULL && item != NULL; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *row = gtk_widget_get_first_child (item);
      g_autoptr(GtkTreeListRow) shown = NULL;

      if (row == NULL || !OVS_IS_TASK_ROW (row) || !gtk_widget_get_child_visible (item))
        continue;
      g_object_get (row, "list-row", &shown, NULL);
      if (shown == selected)
        return gtk_widget_grab_focus (item);
    }
  return FALSE;
}

static void
focus_selected_after_frame (GtkWidget *list_view)
{
  OvsTaskPane *self = OVS_TASK_PANE (gtk_widget_get_ancestor (list_view, OVS_TYPE_TASK_PANE));

  if (self != NULL && focus_in_list (self))
    focus_selected_row (self);
}

/* The row chosen, brought into view; the keyboard, if it is in the list, goes with it. */
static void
select_position (OvsTaskPane *self,
                 guint        position)
{
  gboolean keyboard = focus_in_list (self);

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  /* A row just brought into view is made in the next frame. */
  if (keyboard && !focus_selected_row (self))
    ovs_widget_after_frame (GTK_WIDGET (self->list_view), focus_selected_after_frame);
}

/* The row chosen, in view again once a frame is drawn (select_member ()); if the user
 * chose another meanwhile, that one, which is in view already. */
static void
reveal_selected_after_frame (GtkWidget *list_view)
{
  OvsTaskPane *self = OVS_TASK_PANE (gtk_widget_get_ancestor (list_view, OVS_TYPE_TASK_PANE));
  guint selected = self != NULL && self->selection != NULL
                   ? gtk_single_selection_get_selected (self->selection) : GTK_INVALID_LIST_POSITION;

  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", selected);
}

/* A member of a group: the group opened, the member selected. */
static gboolean
select_member (OvsTaskPane *self,
               OvsTask     *task)
{
  g_autoptr(GtkTreeListRow) row = find_group_row (self, ovs_task_get_group_id (task));
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (item == NULL || !OVS_IS_TASK_GROUP (item))
    return FALSE;
  gtk_tree_list_row_set_expanded (row, TRUE);
  for (guint i = 0; i < ovs_task_group_get_n_tasks (OVS_TASK_GROUP (item)); i++)
    if (ovs_task_get_id (ovs_task_group_get_task (OVS_TASK_GROUP (item), i)) == ovs_task_get_id (task))
      {
        g_autoptr(GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, i);

        if (child == NULL)
          return FALSE;
        select_position (self, gtk_tree_list_row_get_position (child));
        /* Its group's own row in view too: brought in from above (a group just sent,
         * inserted at the top), the member alone went to the top edge, its group's title
         * out of sight. GTK 4.8's list takes the last place asked for in a frame, so the
         * group's row now, and the member again once that is drawn, for a member too far
         * down its group to be in view with it. */
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                    gtk_tree_list_row_get_position (row));
        ovs_widget_after_frame (GTK_WIDGET (self->list_view), reveal_selected_after_frame);
        return TRUE;
      }
  return FALSE;
}

void
ovs_task_pane_select (OvsTaskPane *self,
                      OvsTask     *task)
{
  g_autoptr(GtkTreeListRow) row = NULL;
  guint position;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  ensure_tasks (self);
  if (task == NULL || self->tasks == NULL)
    return;
  /* The rows as the history is now: a task just written may wait for the list's refresh. */
  ovs_task_list_flush (self->tasks);
  /* A group's head is listed as the group's row: a member is selected in its group. */
  if (ovs_task_get_group_id (task) != NULL && select_member (self, task))
    return;
  /* Its place is counted in the history, not searched for row by row. */
  if (ovs_task_store_locate (ovs_task_list_get_store (self->tasks),
                             ovs_task_list_get_filter (self->tasks), task, &position))
    {
      row = gtk_tree_list_model_get_child_row (self->tree, position);
      if (row != NULL)
        select_position (self, gtk_tree_list_row_get_position (row));
    }
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
  filter.groups = gtk_toggle_button_get_active (self->groups_filter) ? OVS_TASK_GROUPS_ONLY
                                                                     : OVS_TASK_GROUPS_COLLAPSED;
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

/* The keyboard was on a row when the list changed (a deletion, a refresh): if that row has
 * gone, the keyboard goes back to the list, on the row now chosen, where Ctrl+Z undoes a
 * deletion. GTK would give it to the window's first button, the header bar's. */
static void
refocus_list (OvsTaskPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean lost = self->refocus_list && !focus_in_list (self);
  /* Rows are back (Undo) while the keyboard still waits where it was parked. */
  gboolean unpark = self->keyboard_parked && root != NULL
                    && gtk_root_get_focus (root) == GTK_WIDGET (self->groups_filter);
  gboolean shown = g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "list") == 0;

  self->refocus_list = FALSE;
  if (shown)
    self->keyboard_parked = FALSE;
  if (!lost && !(unpark && shown))
    return;
  if (!shown)
    {
      /* No row left: the pane's first button, still where Ctrl+Z reaches. */
      gtk_widget_grab_focus (GTK_WIDGET (self->groups_filter));
      self->keyboard_parked = TRUE;
    }
  else if (!focus_selected_row (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* The row of group @group_id at @position, or a row lower (a task sent meanwhile is listed
 * above it); GTK_INVALID_LIST_POSITION if it is not there. */
static guint
find_group_near (OvsTaskPane *self,
                 const char  *group_id,
                 guint        position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  for (guint i = position; i < MIN (n, position + 2); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (OVS_IS_TASK_GROUP (item)
          && g_strcmp0 (ovs_task_group_get_id (OVS_TASK_GROUP (item)), group_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* A group's row comes and goes only with the list's next refresh, which loses the
 * selection. Once the row of group @group_id, at @position when deleted, is back (@back),
 * it is to be chosen; once it has gone, the row now in its place is, as after a task's
 * deletion (choose_after_refresh ()). */
static void
expect_group_row (OvsTaskPane *self,
                  const char  *group_id,
                  guint        position,
                  gboolean     back)
{
  g_free (self->choose_group);
  self->choose_group = g_strdup (group_id);
  self->choose_group_back = back;
  self->choose_position = position;
  /* Not for ever: a refresh that never comes (the deletion failed) changes nothing. */
  self->choose_until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
}

/* After a change of the list: whether the row expect_group_row () waits for is back, or
 * gone, and if so the choice. */
static void
choose_after_refresh (OvsTaskPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint found;

  if (self->choose_group == NULL)
    return;
  if (g_get_monotonic_time () > self->choose_until)
    {
      g_clear_pointer (&self->choose_group, g_free);
      return;
    }
  found = find_group_near (self, self->choose_group, self->choose_position);
  if (self->choose_group_back && found != GTK_INVALID_LIST_POSITION)
    {
      g_clear_pointer (&self->choose_group, g_free);
      select_position (self, found);
    }
  else if (!self->choose_group_back && found == GTK_INVALID_LIST_POSITION && n > 0)
    {
      g_clear_pointer (&self->choose_group, g_free);
      select_position (self, MIN (self->choose_position, n - 1));
    }
}

static void
unhide_all (OvsTaskPane   *self,
            PendingDelete *pending)
{
  OvsTask *first = g_ptr_array_index (pending->tasks, 0);

  for (guint i = 0; self->tasks != NULL && i < pending->tasks->len; i++)
    ovs_task_list_unhide (self->tasks, g_ptr_array_index (pending->tasks, i));
  /* Undone: the task or group is chosen again, as it was when deleted. */
  if (pending->group_id != NULL)
    expect_group_row (self, pending->group_id, pending->position, TRUE);
  else if (pending->tasks->len == 1 && ovs_task_get_group_id (first) == NULL)
    ovs_task_pane_select (self, first);
}

static void
finish_delete (OvsTaskPane *self,
               gint64       id)
{
  PendingDelete *pending = g_hash_table_lookup (self->pending, &id);

  if (pending == NULL)
    return;
  /* A failure is the user's to know (the task comes back in the list), not a bug. The
   * deletion itself is queued: the list forgets the task once it is gone from the history
   * (a write that fails is retried, and said by the application). */
  for (guint i = 0; self->tracker != NULL && i < pending->tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (pending->tasks, i);
      g_autoptr(GError) error = NULL;

      if (!ovs_tracker_delete (self->tracker, task, pending->delete_file, &error))
        {
          g_autofree char *message = g_strdup_printf (_("The task could not be deleted: %s"),
                                                      error->message);

          ovs_panel_toast (GTK_WIDGET (self), message);
          if (self->tasks != NULL)
            ovs_task_list_unhide (self->tasks, task);
        }
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
  unhide_all (self, pending);
  g_hash_table_remove (self->pending, &id);
  update_empty_state (self);
}

/* Left out of the list at once, without reading the other rows of a long history; gone
 * from the history when the toast goes without its Undo. */
static void
delete_later (OvsTaskPane *self,
              GPtrArray   *tasks,
              const char  *group_id,
              gboolean     delete_file,
              const char  *message)
{
  PendingDelete *pending;
  GtkWidget *overlay;
  gint64 id = ovs_task_get_id (g_ptr_array_index (tasks, 0));

  pending = g_new0 (PendingDelete, 1);
  pending->tasks = g_ptr_array_ref (tasks);
  pending->delete_file = delete_file;
  pending->group_id = g_strdup (group_id);
  pending->position = gtk_single_selection_get_selected (self->selection);
  if (group_id != NULL)
    expect_group_row (self, group_id, pending->position, FALSE);
  pending->toast = g_object_ref_sink (adw_toast_new (message));
  g_hash_table_insert (self->pending, g_memdup2 (&id, sizeof id), pending);
  for (guint i = 0; i < tasks->len; i++)
    ovs_task_list_hide (self->tasks, g_ptr_array_index (tasks, i));
  update_empty_state (self);

  adw_toast_set_button_label (pending->toast, _("_Undo"));
  adw_toast_set_priority (pending->toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (pending->toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);
  g_signal_connect_object (pending->toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    ovs_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), g_object_ref (pending->toast));
  else
    finish_delete (self, id);
}

/* The selected task, or every task of the selected group. */
void
ovs_task_pane_delete_selected (OvsTaskPane *self,
                               gboolean     delete_file)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  OvsTaskGroup *group;
  OvsTask *task;
  g_autofree char *message = NULL;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  task = ovs_task_pane_get_selected (self);
  group = ovs_task_pane_get_selected_group (self);
  if (task != NULL)
    g_ptr_array_add (tasks, g_object_ref (task));
  for (guint i = 0; group != NULL && i < ovs_task_group_get_n_tasks (group); i++)
    g_ptr_array_add (tasks, g_object_ref (ovs_task_group_get_task (group, i)));
  if (tasks->len == 0)
    return;

  if (group != NULL)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Group of %u task deleted",
                                            "Group of %u tasks deleted", tasks->len), tasks->len);
  else
    message = g_strdup (delete_file ? _("Task and video deleted") : _("Task deleted"));
  delete_later (self, tasks, group != NULL ? ovs_task_group_get_id (group) : NULL,
                delete_file, message);
}

void
ovs_task_pane_undo_delete (OvsTaskPane *self)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (OVS_IS_TASK_PANE (self));

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      PendingDelete *pending = value;

      unhide_all (self, pending);
      g_ptr_array_add (toasts, g_object_ref (pending->toast));
    }
  g_hash_table_remove_all (self->pending);
  update_empty_state (self);
  /* Undone from the keyboard: their toasts go too, and find nothing pending. */
  for (guint i = 0; i < toasts->len; i++)
    ovs_toast_dismiss (g_ptr_array_index (toasts, i));
}

/* tasks.undo-delete (Ctrl+Z): every deletion whose toast is still up comes back. */
static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ovs_task_pane_undo_delete (OVS_TASK_PANE (widget));
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

/* What the dialog asks: one task, or a whole group. */
static GtkWidget *
new_delete_dialog (OvsTaskPane  *self,
                   OvsTask      *task,
                   OvsTaskGroup *group,
                   GtkWidget   **check)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  g_autofree char *body = NULL;
  gboolean has_file = FALSE;

  if (task != NULL)
    {
      *check = gtk_check_button_new_with_mnemonic (_("Also delete the _video file"));
      gtk_widget_set_sensitive (*check, ovs_task_get_file (task) != NULL);
      return adw_message_dialog_new (parent, _("Delete This Task?"),
                                     _("Its record is removed from this computer. The server "
                                       "keeps its own copy for a while."));
    }
  for (guint i = 0; i < ovs_task_group_get_n_tasks (group); i++)
    has_file |= ovs_task_get_file (ovs_task_group_get_task (group, i)) != NULL;
  *check = gtk_check_button_new_with_mnemonic (_("Also delete the _video files"));
  gtk_widget_set_sensitive (*check, has_file);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The record of its %u task is removed from this computer. "
                                       "The server keeps its own copy for a while.",
                                       "The records of its %u tasks are removed from this "
                                       "computer. The server keeps its own copies for a while.",
                                       ovs_task_group_get_n_tasks (group)),
                          ovs_task_group_get_n_tasks (group));
  return adw_message_dialog_new (parent, _("Delete This Group?"), body);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);
  OvsTask *task = ovs_task_pane_get_selected (self);
  OvsTaskGroup *group = ovs_task_pane_get_selected_group (self);
  GtkWidget *dialog, *check = NULL;

  if (task == NULL && group == NULL)
    return;

  dialog = new_delete_dialog (self, task, group, &check);
  gtk_widget_set_name (dialog, "task-delete-dialog");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), check);
  g_set_weak_pointer (&self->delete_file_check, GTK_CHECK_BUTTON (check));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  /* The keyboard starts on the default answer: presenting put it on the check button, and
   * Enter ticked "Also delete the video file" instead of answering. */
  if (gtk_window_get_default_widget (GTK_WINDOW (dialog)) != NULL)
    gtk_window_set_focus (GTK_WINDOW (dialog), gtk_window_get_default_widget (GTK_WINDOW (dialog)));
}

/* tasks.delete-group(s): a group's menu, the group selected first. */
static void
delete_group_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);
  g_autoptr(GtkTreeListRow) row = NULL;

  ensure_tasks (self);
  if (self->tasks == NULL)
    return;
  ovs_task_list_flush (self->tasks);
  row = find_group_row (self, g_variant_get_string (parameter, NULL));
  if (row == NULL)
    return;
  select_position (self, gtk_tree_list_row_get_position (row));
  delete_action (widget, "tasks.delete", NULL);
}

/* The selected group's row opened or closed; closed from a member, as in a tree, the
 * group's row is selected. */
static void
expand_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);
  GtkTreeListRow *row = self->tree != NULL
                        ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  gboolean expand = g_str_equal (action_name, "tasks.expand");
  g_autoptr(GtkTreeListRow) parent = NULL;

  if (row == NULL)
    return;
  if (gtk_tree_list_row_is_expandable (row))
    {
      gtk_tree_list_row_set_expanded (row, expand);
      return;
    }
  parent = gtk_tree_list_row_get_parent (row);
  if (parent != NULL && !expand)
    {
      gtk_tree_list_row_set_expanded (parent, FALSE);
      select_position (self, gtk_tree_list_row_get_position (parent));
    }
}

/* Run Again on a group: the same bodies sent as a new group of the same kind, through
 * the group send (all written down first, no create retried). */
static GPtrArray *
dup_group_bodies (GPtrArray  *members,
                  GError    **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_compare_body_free);
  OvsCatalog *catalog = ovs_catalog_get_default ();

  for (guint i = 0; i < members->len; i++)
    {
      OvsTask *task = g_ptr_array_index (members, i);
      const char *json = ovs_task_get_request_json (task);
      const char *scenario = ovs_task_get_scenario (task);
      g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;
      OvsCompareBody *body;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       _("Task %u of the group has no request body to send again"), i + 1);
          return NULL;
        }
      body = g_new0 (OvsCompareBody, 1);
      body->model = g_strdup (ovs_task_get_model (task));
      body->scenario = scenario != NULL ? ovs_catalog_lookup (catalog, scenario) : NULL;
      body->body = g_steal_pointer (&node);
      g_ptr_array_add (bodies, body);
    }
  return g_steal_pointer (&bodies);
}

static void
rerun_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   OvsTaskPane      *self)
{
  g_autoptr(GPtrArray) bodies = g_steal_pointer (&self->rerun_bodies);
  g_autofree char *kind = g_steal_pointer (&self->rerun_kind);

  if (!g_str_equal (response, "send") || bodies == NULL || self->tracker == NULL)
    return;
  /* Sent as every group is, by the window (Compare… too): its budgets asked first, the
   * new group's grid opened. */
  g_signal_emit (self, signals[SEND_GROUP], 0, kind, bodies);
}

/* The group, read off the main loop: asks once, naming how many paid tasks it creates. */
static void
rerun_group_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OvsTaskPane) self = user_data;
  g_autoptr(GPtrArray) members = ovs_task_store_dup_group_finish (OVS_TASK_STORE (source),
                                                                 result, NULL);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  guint n;

  if (members == NULL || members->len == 0 || root == NULL)
    return;
  g_clear_pointer (&self->rerun_bodies, g_ptr_array_unref);
  self->rerun_bodies = dup_group_bodies (members, &error);
  if (self->rerun_bodies == NULL)
    {
      ovs_panel_toast (GTK_WIDGET (self), error->message);
      return;
    }
  g_free (self->rerun_kind);
  self->rerun_kind = g_strdup (ovs_task_get_group_kind (g_ptr_array_index (members, 0)));
  n = members->len;
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Create %u Paid Task?",
                                          "Create %u Paid Tasks?", n), n);
  dialog = ovs_paid_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                "task-rerun-group-dialog", heading,
                                _("The group's requests are sent again, unchanged, as a new "
                                  "group. Each task is paid for."),
                                _("_Send Again"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rerun_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* tasks.rerun-group(s) */
static void
rerun_group_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);

  if (self->tracker == NULL)
    return;
  ovs_task_store_dup_group_async (ovs_tracker_get_store (self->tracker),
                                  g_variant_get_string (parameter, NULL), NULL,
                                  rerun_group_read_cb, g_object_ref (self));
}

/**
 * ovs_task_pane_add_to_film:
 * @row: a row of the pane's list
 * @tasks: (element-type OvsTask): the row's task, or its group's finished members in order
 *
 * Add to Film from the list's menus: the tasks go to the window ("add-to-film"), which
 * checks them as it checks the task view's.
 */
void
ovs_task_pane_add_to_film (GtkWidget *row,
                           GPtrArray *tasks)
{
  OvsTaskPane *self = OVS_TASK_PANE (gtk_widget_get_ancestor (row, OVS_TYPE_TASK_PANE));

  g_return_if_fail (self != NULL);
  g_signal_emit (self, signals[ADD_TO_FILM], 0, tasks);
}

/* The Menu key and Shift+F10: the menu of the row that has the keyboard focus. */
static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OvsTaskPane *self = OVS_TASK_PANE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_view)))
    return;
  /* The list item has the focus, or a button of the row inside it. */
  row = gtk_widget_get_ancestor (focus, OVS_TYPE_TASK_ROW);
  for (GtkWidget *child = gtk_widget_get_first_child (focus); row == NULL && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (OVS_IS_TASK_ROW (child))
      row = child;
  if (row != NULL)
    ovs_task_row_popup_menu (OVS_TASK_ROW (row), -1, -1);
}

/* Enter or a double click: a group opens as a grid. */
static void
activate_cb (OvsTaskPane *self,
             guint        position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(GObject) item = row != NULL ? gtk_tree_list_row_get_item (row) : NULL;

  if (item != NULL && OVS_IS_TASK_GROUP (item))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-group", "s",
                                ovs_task_group_get_id (OVS_TASK_GROUP (item)));
}

/* After a change of the list: a group undone is chosen again, and the keyboard of a row
 * deleted goes back to the list. */
static gboolean
settle_cb (gpointer data)
{
  OvsTaskPane *self = data;

  self->settle_id = 0;
  choose_after_refresh (self);
  refocus_list (self);
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (OvsTaskPane *self)
{
  /* Heard before the list view hears it (its handler was connected later): the row with the
   * keyboard, if any, is still there. */
  self->refocus_list |= focus_in_list (self);
  update_empty_state (self);
  /* Once the list view has heard of the change too: the selection is not to change while
   * the model's change is told. */
  if ((self->refocus_list || self->keyboard_parked || self->choose_group != NULL)
      && self->settle_id == 0)
    self->settle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, settle_cb, self, NULL);
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
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->rerun_bodies, g_ptr_array_unref);
  g_clear_pointer (&self->rerun_kind, g_free);
  g_clear_pointer (&self->choose_group, g_free);
  g_clear_object (&self->items);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
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

  /**
   * OvsTaskPane::send-group:
   * @kind: the group's kind ("compare", "variants", …)
   * @bodies: (element-type OvsCompareBody): what to send, one body per member
   *
   * Run Group Again was confirmed: the group's bodies, to be sent as a new group.
   */
  signals[SEND_GROUP] = g_signal_new ("send-group", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                      G_TYPE_STRING, G_TYPE_PTR_ARRAY);
  /**
   * OvsTaskPane::add-to-film:
   * @tasks: (element-type OvsTask): a row's task, or a group's finished members in order
   *
   * Add to Film was chosen in a row's or a group's menu: the handler checks each task (its
   * video must be on this computer) and says what to do about the others.
   */
  signals[ADD_TO_FILM] = g_signal_new ("add-to-film", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_install_action (widget_class, "tasks.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "tasks.delete-group", "s", delete_group_action);
  gtk_widget_class_install_action (widget_class, "tasks.rerun-group", "s", rerun_group_action);
  gtk_widget_class_install_action (widget_class, "tasks.expand", NULL, expand_action);
  gtk_widget_class_install_action (widget_class, "tasks.collapse", NULL, expand_action);
  gtk_widget_class_install_action (widget_class, "tasks.row-menu", NULL, row_menu_action);
  gtk_widget_class_install_action (widget_class, "tasks.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tasks.delete", NULL);
  /* Bubbling from the focus: the search entry's own Ctrl+Z undoes its typing first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "tasks.undo-delete", NULL);

  g_type_ensure (OVS_TYPE_TASK_ROW);
  g_type_ensure (OVS_TYPE_TASK_GROUP_ROW);
  g_type_ensure (OVS_TYPE_TASK_VIEW);
  g_type_ensure (OVS_TYPE_RASTER_BIN);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, search);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, status_filter);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, model_filter);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, groups_filter);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskPane, view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
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

/* The list's rows: an OvsTaskRow each, given the tree's row it shows. Made in code
 * rather than by a GtkBuilderListItemFactory: GTK 4.8 makes 200 rows whenever the list is
 * first shown or its filter changes, and a builder and an expression watch per row were
 * 6 % of a search's work on the main thread (callgrind). */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  gtk_list_item_set_child (item, ovs_task_row_new ());
}

/* From one row to the next at once, without an unbind in between: a row scrolled into
 * view formats its labels once. */
static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  g_object_set (gtk_list_item_get_child (item), "list-row", gtk_list_item_get_item (item), NULL);
}

static void
ovs_task_pane_init (OvsTaskPane *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                         (GDestroyNotify) pending_free);
  /* The history may hold 100 000 tasks: the list loads only the rows on screen, and
   * nothing here may read them all (deletions pending undo are hidden by the list). */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (items_changed_cb), self);
  self->items = ovs_row_items_new (G_LIST_MODEL (self->selection));

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  fill_filters (self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  update_empty_state (self);
}

GtkWidget *
ovs_task_pane_new (void)
{
  return g_object_new (OVS_TYPE_TASK_PANE, NULL);
}
