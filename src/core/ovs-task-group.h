/* ovs-task-group.h: the tasks of one group of the history, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task-store.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_GROUP (ovs_task_group_get_type ())
G_DECLARE_FINAL_TYPE (OvsTaskGroup, ovs_task_group, OVS, TASK_GROUP, GObject)

OvsTaskGroup *ovs_task_group_new             (OvsTaskStore *store,
                                              const char   *group_id);
const char   *ovs_task_group_get_id          (OvsTaskGroup *self);
const char   *ovs_task_group_get_kind        (OvsTaskGroup *self);
OvsTask      *ovs_task_group_get_task        (OvsTaskGroup *self,
                                              guint         index);
guint         ovs_task_group_get_n_tasks     (OvsTaskGroup *self);
guint         ovs_task_group_get_n_succeeded (OvsTaskGroup *self);
guint         ovs_task_group_get_n_finished  (OvsTaskGroup *self);
gint64        ovs_task_group_get_created_at  (OvsTaskGroup *self);
void          ovs_task_group_reload          (OvsTaskGroup *self);

G_END_DECLS
