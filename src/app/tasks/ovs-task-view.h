/* ovs-task-view.h: one task: its video, facts, checks, request, answers and actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-task.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_VIEW (ovs_task_view_get_type ())

G_DECLARE_FINAL_TYPE (OvsTaskView, ovs_task_view, OVS, TASK_VIEW, AdwBin)

GtkWidget  *ovs_task_view_new         (void);
void        ovs_task_view_set_tracker (OvsTaskView *self,
                                       OvsTracker  *tracker);
OvsTask    *ovs_task_view_get_task    (OvsTaskView *self);
void        ovs_task_view_set_task    (OvsTaskView *self,
                                       OvsTask     *task);
/* The checks of the video against the request, as shown (OvsMediaCheck), or NULL. */
GPtrArray  *ovs_task_view_get_checks  (OvsTaskView *self);
/* The player widget, once the task has a video. */
GtkWidget  *ovs_task_view_get_player  (OvsTaskView *self);

G_END_DECLS
