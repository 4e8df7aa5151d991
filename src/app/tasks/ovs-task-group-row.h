/* ovs-task-group-row.h: a group of the history as one row of the task list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-task-group.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_GROUP_ROW (ovs_task_group_row_get_type ())
G_DECLARE_FINAL_TYPE (OvsTaskGroupRow, ovs_task_group_row, OVS, TASK_GROUP_ROW, GtkWidget)

void          ovs_task_group_row_set_group        (OvsTaskGroupRow *self,
                                                   OvsTaskGroup    *group);
OvsTaskGroup *ovs_task_group_row_get_group        (OvsTaskGroupRow *self);
void          ovs_task_group_row_set_list_row     (OvsTaskGroupRow *self,
                                                   GtkTreeListRow  *list_row);
guint         ovs_task_group_row_get_n_thumbnails (OvsTaskGroupRow *self,
                                                   guint           *n_shown);
char         *ovs_task_group_dup_title            (OvsTaskGroup    *group);
void          ovs_task_group_row_popup_menu       (OvsTaskGroupRow *self);

G_END_DECLS
