/* ovs-row-order.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-row-order"

#include "config.h"

#include "ovs-row-order.h"

static guint
row_index (gpointer row)
{
  guint index = 0;

  g_object_get (row, "index", &index, NULL);
  return index;
}

static void
move_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  guint index = row_index (widget);

  if (g_str_equal (action_name, "row.move-up"))
    {
      if (index > 0)
        g_signal_emit_by_name (widget, "move", index, index - 1);
    }
  else
    g_signal_emit_by_name (widget, "move", index, index + 1);
}

static void
remove_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit_by_name (widget, "remove", row_index (widget));
}

/* The dragged content is the row itself: only rows of the same list take it. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_OBJECT_TYPE (row), row);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 24, 24);
}

void
ovs_row_order_class_add_signals (GObjectClass *object_class,
                                 guint         move_offset,
                                 guint         remove_offset)
{
  GType type = G_TYPE_FROM_CLASS (object_class);

  /* (from, to): the user asked to move the item at @from to @to. */
  g_signal_new ("move", type, G_SIGNAL_RUN_LAST, move_offset, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* (index): the user asked to remove the item. */
  g_signal_new ("remove", type, G_SIGNAL_RUN_LAST, remove_offset, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_UINT);
}

void
ovs_row_order_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "row.move-up", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "row.move-down", NULL, move_action_cb);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, remove_action_cb);
}

void
ovs_row_order_class_install (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, drag_prepare_cb);
  gtk_widget_class_bind_template_callback (widget_class, drag_begin_cb);
  ovs_row_order_install_actions (widget_class);
}

void
ovs_row_order_set_position (GtkWidget *row,
                            guint      index,
                            guint      n_items)
{
  gtk_widget_action_set_enabled (row, "row.move-up", index > 0);
  gtk_widget_action_set_enabled (row, "row.move-down", index + 1 < n_items);
}

gboolean
ovs_row_order_drop (GtkWidget    *row,
                    const GValue *value)
{
  GtkWidget *dragged;

  if (!G_VALUE_HOLDS (value, G_OBJECT_TYPE (row)))
    return FALSE;
  dragged = g_value_get_object (value);
  /* A row of another list (images onto videos) is not a move within this one. */
  if (dragged == NULL || dragged == row
      || gtk_widget_get_parent (dragged) != gtk_widget_get_parent (row))
    return FALSE;
  g_signal_emit_by_name (row, "move", row_index (dragged), row_index (row));
  return TRUE;
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  return ovs_row_order_drop (row, value);
}

GtkDropTarget *
ovs_row_order_drop_target (GtkWidget *row)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_OBJECT_TYPE (row), GDK_ACTION_MOVE);

  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), row);
  return drop;
}
