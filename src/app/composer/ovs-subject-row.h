/* ovs-subject-row.h: one reference subject (subject_infos[i]), its id, name and images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-item-row.h"

G_BEGIN_DECLS

#define OVS_TYPE_SUBJECT_ROW (ovs_subject_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsSubjectRow, ovs_subject_row, OVS, SUBJECT_ROW, OvsItemRow)

/* An expander titled the way the prompt names the subject (<<<id>>>), holding its id, its
 * name and its ordered reference images, which it edits in @panel's request. */
GtkWidget *ovs_subject_row_new        (OvsPanel      *panel);
/* Shows the subject at @index of @n_items from the request. */
void       ovs_subject_row_sync       (OvsSubjectRow *self,
                                       guint          index,
                                       guint          n_items);
/* Opens the row and puts the cursor in the name: what follows adding a subject by its id. */
void       ovs_subject_row_focus_name (OvsSubjectRow *self);

G_END_DECLS
