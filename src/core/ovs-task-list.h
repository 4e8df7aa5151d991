/* ovs-task-list.h: the history as a list model, loaded lazily
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task-store.h"

G_BEGIN_DECLS

#define OVS_TASK_LIST_PAGE_SIZE 100

#define OVS_TYPE_TASK_LIST (ovs_task_list_get_type ())
G_DECLARE_FINAL_TYPE (OvsTaskList, ovs_task_list, OVS, TASK_LIST, GObject)

OvsTaskList         *ovs_task_list_new        (OvsTaskStore        *store,
                                               const OvsTaskFilter *filter);
OvsTaskStore        *ovs_task_list_get_store  (OvsTaskList         *self);
const OvsTaskFilter *ovs_task_list_get_filter (OvsTaskList         *self);
void                 ovs_task_list_set_filter (OvsTaskList         *self,
                                               const OvsTaskFilter *filter);
void                 ovs_task_list_refresh    (OvsTaskList         *self);
void                 ovs_task_list_flush      (OvsTaskList         *self);
void                 ovs_task_list_hide       (OvsTaskList         *self,
                                               OvsTask             *task);
void                 ovs_task_list_unhide     (OvsTaskList         *self,
                                               OvsTask             *task);

G_END_DECLS
