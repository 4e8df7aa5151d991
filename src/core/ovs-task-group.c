/* ovs-task-group.c: the tasks of one group of the history, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the task list shows as one row for a comparison, variants, a batch or a chain,
 * and the rows it expands to. The members are the store's live tasks, read once in the
 * group's order; the group follows the store's signals for its own members only, so a
 * status that changes shows in the row's summary without a query.
 */
#define G_LOG_DOMAIN "ovs-task-group"

#include "config.h"

#include "ovs-task-group.h"

struct _OvsTaskGroup
{
  GObject       parent_instance;

  OvsTaskStore *store;
  char         *id;
  char         *kind;
  GPtrArray    *tasks;    /* OvsTask, in the group's order */
};

static void ovs_task_group_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsTaskGroup, ovs_task_group, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ovs_task_group_model_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
ovs_task_group_get_item_type (GListModel *model)
{
  return OVS_TYPE_TASK;
}

static guint
ovs_task_group_get_n_items (GListModel *model)
{
  return OVS_TASK_GROUP (model)->tasks->len;
}

static gpointer
ovs_task_group_get_item (GListModel *model,
                         guint       position)
{
  OvsTaskGroup *self = OVS_TASK_GROUP (model);

  return position < self->tasks->len ? g_object_ref (g_ptr_array_index (self->tasks, position))
                                     : NULL;
}

static void
ovs_task_group_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ovs_task_group_get_item_type;
  iface->get_n_items = ovs_task_group_get_n_items;
  iface->get_item = ovs_task_group_get_item;
}

static gboolean
is_member (OvsTaskGroup *self,
           gint64        id)
{
  for (guint i = 0; i < self->tasks->len; i++)
    if (ovs_task_get_id (g_ptr_array_index (self->tasks, i)) == id)
      return TRUE;
  return FALSE;
}

/**
 * ovs_task_group_reload:
 * @self: a group
 *
 * Reads the members again (one indexed query): a member was added or removed.
 */
void
ovs_task_group_reload (OvsTaskGroup *self)
{
  g_autoptr(GPtrArray) tasks = NULL;
  guint old_n;

  g_return_if_fail (OVS_IS_TASK_GROUP (self));

  tasks = ovs_task_store_dup_group (self->store, self->id);
  old_n = self->tasks->len;
  g_ptr_array_unref (self->tasks);
  self->tasks = g_steal_pointer (&tasks);
  if (self->tasks->len > 0)
    {
      g_free (self->kind);
      self->kind = g_strdup (ovs_task_get_group_kind (g_ptr_array_index (self->tasks, 0)));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->tasks->len);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
task_added_cb (OvsTaskGroup *self,
               OvsTask      *task)
{
  if (g_strcmp0 (ovs_task_get_group_id (task), self->id) == 0)
    ovs_task_group_reload (self);
}

static void
task_removed_cb (OvsTaskGroup *self,
                 gint64        id)
{
  if (is_member (self, id))
    ovs_task_group_reload (self);
}

static void
task_changed_cb (OvsTaskGroup *self,
                 OvsTask      *task)
{
  gboolean member = is_member (self, ovs_task_get_id (task));
  gboolean in_group = g_strcmp0 (ovs_task_get_group_id (task), self->id) == 0;

  /* A chain takes in the task it continues: its group changes. */
  if (member != in_group)
    ovs_task_group_reload (self);
  else if (member)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
ovs_task_group_dispose (GObject *object)
{
  OvsTaskGroup *self = OVS_TASK_GROUP (object);

  g_clear_object (&self->store);
  if (self->tasks->len > 0)
    g_ptr_array_set_size (self->tasks, 0);

  G_OBJECT_CLASS (ovs_task_group_parent_class)->dispose (object);
}

static void
ovs_task_group_finalize (GObject *object)
{
  OvsTaskGroup *self = OVS_TASK_GROUP (object);

  g_ptr_array_unref (self->tasks);
  g_free (self->id);
  g_free (self->kind);

  G_OBJECT_CLASS (ovs_task_group_parent_class)->finalize (object);
}

static void
ovs_task_group_class_init (OvsTaskGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_task_group_dispose;
  object_class->finalize = ovs_task_group_finalize;

  /**
   * OvsTaskGroup::changed:
   *
   * A member changed (its status, progress or file), or members came or went.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
ovs_task_group_init (OvsTaskGroup *self)
{
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * ovs_task_group_new:
 * @store: the history
 * @group_id: the group
 *
 * Reads the members of @group_id (one indexed query) and follows them.
 *
 * Returns: (transfer full): the group, a #GListModel of #OvsTask in the group's order
 */
OvsTaskGroup *
ovs_task_group_new (OvsTaskStore *store,
                    const char   *group_id)
{
  OvsTaskGroup *self;

  g_return_val_if_fail (OVS_IS_TASK_STORE (store), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  self = g_object_new (OVS_TYPE_TASK_GROUP, NULL);
  self->store = g_object_ref (store);
  self->id = g_strdup (group_id);
  g_ptr_array_unref (self->tasks);
  self->tasks = ovs_task_store_dup_group (store, group_id);
  if (self->tasks->len > 0)
    self->kind = g_strdup (ovs_task_get_group_kind (g_ptr_array_index (self->tasks, 0)));
  g_signal_connect_object (store, "task-added", G_CALLBACK (task_added_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "task-removed", G_CALLBACK (task_removed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "task-changed", G_CALLBACK (task_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

const char *
ovs_task_group_get_id (OvsTaskGroup *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), NULL);
  return self->id;
}

/* "compare", "variants", "batch" or "chain" */
const char *
ovs_task_group_get_kind (OvsTaskGroup *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), NULL);
  return self->kind;
}

/**
 * ovs_task_group_get_task:
 *
 * Returns: (transfer none) (nullable): member @index, in the group's order
 */
OvsTask *
ovs_task_group_get_task (OvsTaskGroup *self,
                         guint         index)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), NULL);
  return index < self->tasks->len ? g_ptr_array_index (self->tasks, index) : NULL;
}

guint
ovs_task_group_get_n_tasks (OvsTaskGroup *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), 0);
  return self->tasks->len;
}

static guint
count_status (OvsTaskGroup *self,
              gboolean      finished_only)
{
  guint n = 0;

  for (guint i = 0; i < self->tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (self->tasks, i);

      if (finished_only ? ovs_task_is_finished (task)
                        : ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED)
        n++;
    }
  return n;
}

guint
ovs_task_group_get_n_succeeded (OvsTaskGroup *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), 0);
  return count_status (self, FALSE);
}

guint
ovs_task_group_get_n_finished (OvsTaskGroup *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), 0);
  return count_status (self, TRUE);
}

/* When the group's newest member was created: where the list puts the group. */
gint64
ovs_task_group_get_created_at (OvsTaskGroup *self)
{
  gint64 newest = 0;

  g_return_val_if_fail (OVS_IS_TASK_GROUP (self), 0);
  for (guint i = 0; i < self->tasks->len; i++)
    newest = MAX (newest, ovs_task_get_created_at (g_ptr_array_index (self->tasks, i)));
  return newest;
}
