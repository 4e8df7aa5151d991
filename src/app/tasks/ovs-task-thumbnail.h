/* ovs-task-thumbnail.h: a task's video as a small 16:9 picture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-task.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_THUMBNAIL (ovs_task_thumbnail_get_type ())
G_DECLARE_FINAL_TYPE (OvsTaskThumbnail, ovs_task_thumbnail, OVS, TASK_THUMBNAIL, GtkWidget)

void      ovs_task_thumbnail_set_task  (OvsTaskThumbnail *self,
                                        OvsTask          *task);
OvsTask  *ovs_task_thumbnail_get_task  (OvsTaskThumbnail *self);
gboolean  ovs_task_thumbnail_is_shown  (OvsTaskThumbnail *self);

G_END_DECLS
