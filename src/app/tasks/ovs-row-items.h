/* ovs-row-items.h: the items of a list of GtkTreeListRows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OVS_TYPE_ROW_ITEMS (ovs_row_items_get_type ())
G_DECLARE_FINAL_TYPE (OvsRowItems, ovs_row_items, OVS, ROW_ITEMS, GObject)

OvsRowItems *ovs_row_items_new (GListModel *rows);

G_END_DECLS
