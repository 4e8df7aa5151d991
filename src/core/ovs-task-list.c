/* ovs-task-list.c: the history as a list model, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only the count is computed up front; rows are read a page at a time when the view
 * asks for them, and a few pages are kept. The tasks come from the store's table of live
 * objects, so a row is always the same OvsTask while anything holds it.
 */
#define G_LOG_DOMAIN "ovs-task-list"

#include "config.h"

#include "ovs-task-group.h"
#include "ovs-task-list.h"

/* Enough for a few screens of a list view scrolled back and forth. */
#define MAX_PAGES 16

struct _OvsTaskList
{
  GObject        parent_instance;

  OvsTaskStore  *store;
  OvsTaskFilter *filter;
  guint          n_items;
  gboolean       constructed;

  GArray        *hidden;      /* row ids left out (gint64), shared with filter->hidden */
  GHashTable    *pages;       /* page number → GPtrArray of OvsTask or OvsTaskGroup */
  GQueue         recent;      /* page numbers, most recently used first */

  /* With the filter's groups collapsed: a group's row is one OvsTaskGroup, the same
   * object each time its page is read again, until the filter changes. */
  GHashTable    *groups;      /* group id → OvsTaskGroup */
  guint          refresh_id;
};

static void ovs_task_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsTaskList, ovs_task_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ovs_task_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILTER,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
drop_pages (OvsTaskList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->recent);
}

static void
set_n_items (OvsTaskList *self,
             guint        n_items)
{
  if (self->n_items == n_items)
    return;
  self->n_items = n_items;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
collapses_groups (OvsTaskList *self)
{
  return self->filter != NULL && self->filter->groups != OVS_TASK_GROUPS_FLAT;
}

/* OvsTask, and OvsTaskGroup too where the filter collapses groups (a list changes between
 * the two only with its filter, which tells its whole content anew). */
static GType
ovs_task_list_get_item_type (GListModel *model)
{
  return collapses_groups (OVS_TASK_LIST (model)) ? G_TYPE_OBJECT : OVS_TYPE_TASK;
}

/* A group's head row stands for the whole group. */
static void
collapse_groups (OvsTaskList *self,
                 GPtrArray   *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      OvsTask *task = g_ptr_array_index (items, i);
      const char *group_id = ovs_task_get_group_id (task);
      OvsTaskGroup *group;

      if (group_id == NULL)
        continue;
      group = g_hash_table_lookup (self->groups, group_id);
      if (group == NULL)
        {
          group = ovs_task_group_new (self->store, group_id);
          g_hash_table_insert (self->groups, g_strdup (group_id), group);
        }
      g_ptr_array_index (items, i) = g_object_ref (group);
      g_object_unref (task);
    }
}

static guint
ovs_task_list_get_n_items (GListModel *model)
{
  return OVS_TASK_LIST (model)->n_items;
}

static GPtrArray *
get_page (OvsTaskList *self,
          guint        page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (tasks != NULL)
    {
      if (g_queue_peek_head (&self->recent) != GUINT_TO_POINTER (page))
        {
          g_queue_remove (&self->recent, GUINT_TO_POINTER (page));
          g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
        }
      return tasks;
    }

  /* Summaries: sixteen pages of tasks with an inline image each would hold every image. */
  tasks = ovs_task_store_query_summaries (self->store, self->filter,
                                          page * OVS_TASK_LIST_PAGE_SIZE,
                                          OVS_TASK_LIST_PAGE_SIZE, &error);
  if (tasks == NULL)
    {
      g_message ("Could not read the history: %s", error->message);
      return NULL;
    }

  if (collapses_groups (self))
    collapse_groups (self, tasks);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), tasks);
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
  while (g_queue_get_length (&self->recent) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->recent));
  return tasks;
}

static gpointer
ovs_task_list_get_item (GListModel *model,
                        guint       position)
{
  OvsTaskList *self = OVS_TASK_LIST (model);
  GPtrArray *tasks;
  guint index = position % OVS_TASK_LIST_PAGE_SIZE;

  if (position >= self->n_items)
    return NULL;

  tasks = get_page (self, position / OVS_TASK_LIST_PAGE_SIZE);
  if (tasks == NULL || index >= tasks->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (tasks, index));
}

static void
ovs_task_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ovs_task_list_get_item_type;
  iface->get_n_items = ovs_task_list_get_n_items;
  iface->get_item = ovs_task_list_get_item;
}

/* The position of row @id among the loaded pages */
static gboolean
find_loaded (OvsTaskList *self,
             gint64       id,
             guint       *position)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *tasks = value;

      for (guint i = 0; i < tasks->len; i++)
        {
          GObject *item = g_ptr_array_index (tasks, i);

          if (OVS_IS_TASK (item) && ovs_task_get_id (OVS_TASK (item)) == id)
            {
              *position = GPOINTER_TO_UINT (key) * OVS_TASK_LIST_PAGE_SIZE + i;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
refresh_cb (gpointer data)
{
  OvsTaskList *self = data;

  self->refresh_id = 0;
  ovs_task_list_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Where a group's row goes when a member comes, goes or changes is not one count away:
 * the list is read again, once for all the changes of one turn of the main loop (a group
 * is written in one transaction). Until then the pages loaded stay as they were, so
 * what the view reads agrees with the count it was given. */
static void
queue_refresh (OvsTaskList *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (refresh_cb, self);
}

static gboolean
in_loaded_group (OvsTaskList *self,
                 gint64       id)
{
  GHashTableIter iter;
  gpointer group;

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, NULL, &group))
    for (guint i = 0; i < ovs_task_group_get_n_tasks (group); i++)
      if (ovs_task_get_id (ovs_task_group_get_task (group, i)) == id)
        return TRUE;
  return FALSE;
}

static void
task_added_cb (OvsTaskList  *self,
               OvsTask      *task,
               OvsTaskStore *store)
{
  guint position;

  if (collapses_groups (self) && ovs_task_get_group_id (task) != NULL)
    {
      queue_refresh (self);
      return;
    }

  if (!ovs_task_store_locate (self->store, self->filter, task, &position))
    return;

  drop_pages (self);
  position = MIN (position, self->n_items);
  set_n_items (self, self->n_items + 1);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static int  hidden_index  (OvsTaskList         *self,
                           gint64               id);
static void set_hidden_in (OvsTaskList         *self,
                           OvsTaskFilter       *filter);

static void
task_removed_cb (OvsTaskList  *self,
                 gint64        id,
                 OvsTaskStore *store)
{
  guint position;
  int index = hidden_index (self, id);

  /* Hidden while its deletion was pending, and now gone: not listed, nothing to say. */
  if (index >= 0)
    {
      g_array_remove_index (self->hidden, index);
      set_hidden_in (self, self->filter);
      return;
    }
  if (collapses_groups (self) && in_loaded_group (self, id))
    {
      queue_refresh (self);
      return;
    }
  if (find_loaded (self, id, &position))
    {
      drop_pages (self);
      set_n_items (self, self->n_items - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  else if (ovs_task_store_count (self->store, self->filter) != self->n_items)
    {
      /* It was in a page not loaded: where is not known any more. */
      ovs_task_list_refresh (self);
    }
}

static void
task_changed_cb (OvsTaskList  *self,
                 OvsTask      *task,
                 OvsTaskStore *store)
{
  guint old_position, new_position, count;
  gboolean was_loaded, matches;

  /* A task taken into a chain leaves its own row for the group's; a member's change may
   * let its group through the filter, or not any more. */
  if (collapses_groups (self) && ovs_task_get_group_id (task) != NULL)
    {
      if (find_loaded (self, ovs_task_get_id (task), &old_position)
          || self->filter->status >= 0 || self->filter->model != NULL
          || self->filter->text != NULL)
        queue_refresh (self);
      return;
    }

  /* The object itself notifies its rows. Only a filter on what can change (status,
   * model, prompt) can make a task enter or leave the list. */
  if (self->filter == NULL ||
      (self->filter->status < 0 && self->filter->model == NULL && self->filter->text == NULL))
    return;

  was_loaded = find_loaded (self, ovs_task_get_id (task), &old_position);
  matches = ovs_task_store_locate (self->store, self->filter, task, &new_position);

  if (was_loaded && matches && old_position == new_position)
    return;

  if (was_loaded)
    {
      drop_pages (self);
      set_n_items (self, self->n_items - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
      if (matches)
        task_added_cb (self, task, store);
      return;
    }

  count = ovs_task_store_count (self->store, self->filter);
  if (count == self->n_items)
    return;
  if (matches && count == self->n_items + 1)
    {
      drop_pages (self);
      set_n_items (self, count);
      g_list_model_items_changed (G_LIST_MODEL (self), MIN (new_position, count - 1), 0, 1);
      return;
    }
  ovs_task_list_refresh (self);
}

/**
 * ovs_task_list_flush:
 * @self: a task list
 *
 * Applies now a refresh queued for the changes of this turn of the main loop (a group's
 * members added, say), so that a caller about to find a row by its position in the history
 * finds it in the list's rows too.
 */
void
ovs_task_list_flush (OvsTaskList *self)
{
  g_return_if_fail (OVS_IS_TASK_LIST (self));

  if (self->refresh_id != 0)
    ovs_task_list_refresh (self);
}

/**
 * ovs_task_list_refresh:
 * @self: a task list
 *
 * Reads the count again and forgets the loaded pages, for changes made by other
 * processes. Emits #GListModel::items-changed over the whole list when anything may
 * have changed.
 */
void
ovs_task_list_refresh (OvsTaskList *self)
{
  guint old_n_items;

  g_return_if_fail (OVS_IS_TASK_LIST (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  old_n_items = self->n_items;
  drop_pages (self);
  set_n_items (self, ovs_task_store_count (self->store, self->filter));
  if (old_n_items > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
}

static void
ovs_task_list_constructed (GObject *object)
{
  OvsTaskList *self = OVS_TASK_LIST (object);

  G_OBJECT_CLASS (ovs_task_list_parent_class)->constructed (object);

  g_assert (OVS_IS_TASK_STORE (self->store));

  self->n_items = ovs_task_store_count (self->store, self->filter);
  g_signal_connect_object (self->store, "task-added",
                           G_CALLBACK (task_added_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "task-removed",
                           G_CALLBACK (task_removed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "task-changed",
                           G_CALLBACK (task_changed_cb), self, G_CONNECT_SWAPPED);
  self->constructed = TRUE;
}

static void
ovs_task_list_dispose (GObject *object)
{
  OvsTaskList *self = OVS_TASK_LIST (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  drop_pages (self);
  g_hash_table_remove_all (self->groups);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ovs_task_list_parent_class)->dispose (object);
}

static void
ovs_task_list_finalize (GObject *object)
{
  OvsTaskList *self = OVS_TASK_LIST (object);

  g_hash_table_unref (self->pages);
  g_hash_table_unref (self->groups);
  ovs_task_filter_free (self->filter);
  g_array_unref (self->hidden);

  G_OBJECT_CLASS (ovs_task_list_parent_class)->finalize (object);
}

static void
ovs_task_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OvsTaskList *self = OVS_TASK_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_FILTER:
      g_value_set_boxed (value, self->filter);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OvsTaskList *self = OVS_TASK_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      ovs_task_list_set_filter (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_list_class_init (OvsTaskListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ovs_task_list_constructed;
  object_class->dispose = ovs_task_list_dispose;
  object_class->finalize = ovs_task_list_finalize;
  object_class->get_property = ovs_task_list_get_property;
  object_class->set_property = ovs_task_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, "The history", OVS_TYPE_TASK_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_boxed ("filter", NULL, "Which tasks are listed", OVS_TYPE_TASK_FILTER,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, "The number of tasks listed", 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_task_list_init (OvsTaskList *self)
{
  self->filter = ovs_task_filter_new ();
  self->hidden = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->recent);
}

/**
 * ovs_task_list_new:
 * @store: the history
 * @filter: (nullable): which tasks, %NULL for all
 *
 * Returns: (transfer full): a #GListModel of #OvsTask, newest first; where @filter
 *   collapses groups, a group is one #OvsTaskGroup, placed by its head
 */
OvsTaskList *
ovs_task_list_new (OvsTaskStore        *store,
                   const OvsTaskFilter *filter)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (store), NULL);

  return g_object_new (OVS_TYPE_TASK_LIST, "store", store, "filter", filter, NULL);
}

OvsTaskStore *
ovs_task_list_get_store (OvsTaskList *self)
{
  g_return_val_if_fail (OVS_IS_TASK_LIST (self), NULL);
  return self->store;
}

const OvsTaskFilter *
ovs_task_list_get_filter (OvsTaskList *self)
{
  g_return_val_if_fail (OVS_IS_TASK_LIST (self), NULL);
  return self->filter;
}

/* Points @filter at the rows hidden for an undo (NULL while there are none): they stay
 * hidden whatever the user filters by. */
static void
set_hidden_in (OvsTaskList   *self,
               OvsTaskFilter *filter)
{
  g_clear_pointer (&filter->hidden, g_array_unref);
  if (self->hidden->len > 0)
    filter->hidden = g_array_ref (self->hidden);
}

/* The position of @id among the hidden rows, or -1. */
static int
hidden_index (OvsTaskList *self,
              gint64       id)
{
  for (guint i = 0; i < self->hidden->len; i++)
    if (g_array_index (self->hidden, gint64, i) == id)
      return (int) i;
  return -1;
}

void
ovs_task_list_set_filter (OvsTaskList         *self,
                          const OvsTaskFilter *filter)
{
  g_autoptr(OvsTaskFilter) wanted = NULL;

  g_return_if_fail (OVS_IS_TASK_LIST (self));

  wanted = ovs_task_filter_copy (filter);
  set_hidden_in (self, wanted);
  if (ovs_task_filter_equal (self->filter, wanted))
    return;

  ovs_task_filter_free (self->filter);
  self->filter = g_steal_pointer (&wanted);
  g_hash_table_remove_all (self->groups);
  if (self->constructed)
    ovs_task_list_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * ovs_task_list_hide:
 * @self: a task list
 * @task: a task of the list
 *
 * Leaves @task out of the list, at once and without reading the other rows (a deletion
 * waiting for its undo): one #GListModel::items-changed for its row, if it was listed.
 * It stays out when the filter changes, until ovs_task_list_unhide().
 */
void
ovs_task_list_hide (OvsTaskList *self,
                    OvsTask     *task)
{
  gint64 id;
  guint position;
  gboolean listed;

  g_return_if_fail (OVS_IS_TASK_LIST (self));
  g_return_if_fail (OVS_IS_TASK (task));

  id = ovs_task_get_id (task);
  if (hidden_index (self, id) >= 0)
    return;
  if (collapses_groups (self) && ovs_task_get_group_id (task) != NULL)
    {
      /* The group's row goes when its last member does, or gets another head. */
      g_array_append_val (self->hidden, id);
      set_hidden_in (self, self->filter);
      queue_refresh (self);
      return;
    }
  listed = ovs_task_store_locate (self->store, self->filter, task, &position);
  g_array_append_val (self->hidden, id);
  set_hidden_in (self, self->filter);
  if (!listed)
    return;

  drop_pages (self);
  set_n_items (self, self->n_items - 1);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * ovs_task_list_unhide:
 * @self: a task list
 * @task: a task hidden with ovs_task_list_hide()
 *
 * Puts @task back in its place (an undo), if it is still in the history and the filter
 * lets it through; forgets it otherwise (the deletion went through).
 */
void
ovs_task_list_unhide (OvsTaskList *self,
                      OvsTask     *task)
{
  int index;

  g_return_if_fail (OVS_IS_TASK_LIST (self));
  g_return_if_fail (OVS_IS_TASK (task));

  index = hidden_index (self, ovs_task_get_id (task));
  if (index < 0)
    return;
  g_array_remove_index (self->hidden, index);
  set_hidden_in (self, self->filter);
  if (collapses_groups (self) && ovs_task_get_group_id (task) != NULL)
    queue_refresh (self);
  else
    task_added_cb (self, task, self->store);
}
