/* ovs-content-row.h: one Seedance 2.0 reference item (metadata.content[i]): kind, URL, role
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-item-row.h"

G_BEGIN_DECLS

#define OVS_TYPE_CONTENT_ROW (ovs_content_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsContentRow, ovs_content_row, OVS, CONTENT_ROW, OvsItemRow)

/* An expander titled the way the prompt counts the item ("Image 2"), holding its kind, its
 * URL or local file and its role, which it edits in @panel's request. */
GtkWidget *ovs_content_row_new        (OvsPanel      *panel);
/* Shows the item at @index of @n_items from the request. */
void       ovs_content_row_sync       (OvsContentRow *self,
                                       guint          index,
                                       guint          n_items);
/* The item's place among the items of its kind, from 1 ("Image 2"); 0 when it has no kind. */
void       ovs_content_row_set_number (OvsContentRow *self,
                                       guint          number);

G_END_DECLS
