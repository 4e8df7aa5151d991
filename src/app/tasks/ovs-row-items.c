/* ovs-row-items.c
 *
 * A list model of the items of a list of GtkTreeListRows, position for position: what
 * the task pane gives its callers (a task or a group per row). Nothing is cached, so an
 * insertion is never answered with the item that was there before (GTK 4.8's
 * GtkMapListModel does that for an insertion at a position it has cached).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-row-items"

#include "config.h"

#include "ovs-row-items.h"

struct _OvsRowItems
{
  GObject     parent_instance;

  GListModel *rows;
};

static void ovs_row_items_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsRowItems, ovs_row_items, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ovs_row_items_model_init))

static GType
ovs_row_items_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
ovs_row_items_get_n_items (GListModel *model)
{
  OvsRowItems *self = OVS_ROW_ITEMS (model);

  return self->rows != NULL ? g_list_model_get_n_items (self->rows) : 0;
}

static gpointer
ovs_row_items_get_item (GListModel *model,
                        guint       position)
{
  OvsRowItems *self = OVS_ROW_ITEMS (model);
  g_autoptr(GtkTreeListRow) row = self->rows != NULL ? g_list_model_get_item (self->rows, position)
                                                     : NULL;

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
ovs_row_items_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ovs_row_items_get_item_type;
  iface->get_n_items = ovs_row_items_get_n_items;
  iface->get_item = ovs_row_items_get_item;
}

static void
rows_changed_cb (OvsRowItems *self,
                 guint        position,
                 guint        removed,
                 guint        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
ovs_row_items_dispose (GObject *object)
{
  OvsRowItems *self = OVS_ROW_ITEMS (object);

  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (ovs_row_items_parent_class)->dispose (object);
}

static void
ovs_row_items_class_init (OvsRowItemsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ovs_row_items_dispose;
}

static void
ovs_row_items_init (OvsRowItems *self)
{
}

/**
 * ovs_row_items_new:
 * @rows: a #GListModel of #GtkTreeListRow
 *
 * Returns: (transfer full): the rows' items, following @rows
 */
OvsRowItems *
ovs_row_items_new (GListModel *rows)
{
  OvsRowItems *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (rows), NULL);

  self = g_object_new (OVS_TYPE_ROW_ITEMS, NULL);
  self->rows = g_object_ref (rows);
  g_signal_connect_swapped (rows, "items-changed", G_CALLBACK (rows_changed_cb), self);
  return self;
}
