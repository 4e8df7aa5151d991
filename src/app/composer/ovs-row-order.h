/* ovs-row-order.h: moving and removing the rows of an ordered list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the row classes of ordered lists (OvsListRow, OvsShotRow, OvsItemRow). Such a class has a
 * read-only "index" property (its place in the list) and the signals ::move (guint from,
 * guint to) and ::remove (guint index); these give it the actions row.move-up,
 * row.move-down and row.remove, and the reordering by dragging a row (by a GtkDragSource
 * bound to drag_prepare_cb and drag_begin_cb in its template) onto another of the same list.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* In class_init: the signals ::move and ::remove, with their class closures at
 * @move_offset and @remove_offset in the class structure (0: none). */
void                ovs_row_order_class_add_signals (GObjectClass *object_class,
                                                     guint         move_offset,
                                                     guint         remove_offset);
/* In class_init, after gtk_widget_class_set_template_*(): the actions and the dragging. */
void                ovs_row_order_class_install (GtkWidgetClass *widget_class);
/* The actions alone, for a class without a template (a base class) or without dragging. */
void                ovs_row_order_install_actions (GtkWidgetClass *widget_class);
/* Greys out the moves that would leave a list of @n_items. */
void                ovs_row_order_set_position  (GtkWidget      *row,
                                                 guint           index,
                                                 guint           n_items);
/* A GtkDropTarget for rows of @row's type on @row. */
GtkDropTarget      *ovs_row_order_drop_target   (GtkWidget      *row);
/* What a drop on @row does: moves the dropped row to @row's place, when it is of the same
 * list. */
gboolean            ovs_row_order_drop          (GtkWidget      *row,
                                                 const GValue   *value);

G_END_DECLS
