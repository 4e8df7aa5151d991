/* ovs-task-row.h: one task in the history list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-task.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_ROW (ovs_task_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsTaskRow, ovs_task_row, OVS, TASK_ROW, GtkWidget)

GtkWidget  *ovs_task_row_new      (void);
OvsTask    *ovs_task_row_get_task (OvsTaskRow *self);
void        ovs_task_row_set_task (OvsTaskRow *self,
                                   OvsTask    *task);
void        ovs_task_row_set_item (OvsTaskRow *self,
                                   GObject    *item);
void        ovs_task_row_popup_menu (OvsTaskRow *self,
                                     double      x,
                                     double      y);

/* "3 minutes ago", "yesterday", a date: how long ago @unix_seconds was. */
char       *ovs_format_relative_time (gint64 unix_seconds,
                                      gint64 now);
/* "1:05", "12 s": a duration in seconds. */
char       *ovs_format_elapsed       (gint64 seconds);
/* The translated status word and the CSS class of its chip. */
const char *ovs_task_status_css_class (OvsTaskStatus status);

G_END_DECLS
