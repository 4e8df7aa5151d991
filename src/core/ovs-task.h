/* ovs-task.h: one task of the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ovs-task-update.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK (ovs_task_get_type ())
G_DECLARE_FINAL_TYPE (OvsTask, ovs_task, OVS, TASK, GObject)

OvsTask            *ovs_task_new               (void);

gint64              ovs_task_get_id            (OvsTask            *self);
void                ovs_task_set_id            (OvsTask            *self,
                                                gint64              id);
const char         *ovs_task_get_task_id       (OvsTask            *self);
void                ovs_task_set_task_id       (OvsTask            *self,
                                                const char         *task_id);
const char         *ovs_task_get_scenario      (OvsTask            *self);
void                ovs_task_set_scenario      (OvsTask            *self,
                                                const char         *scenario);
const char         *ovs_task_get_model         (OvsTask            *self);
void                ovs_task_set_model         (OvsTask            *self,
                                                const char         *model);
const char         *ovs_task_get_prompt        (OvsTask            *self);
void                ovs_task_set_prompt        (OvsTask            *self,
                                                const char         *prompt);
const char         *ovs_task_get_request_json  (OvsTask            *self);
void                ovs_task_set_request_json  (OvsTask            *self,
                                                const char         *request_json);
/* As ovs_task_set_request_json (), keeping @request_json itself (megabytes: no copy). */
void                ovs_task_take_request_json (OvsTask            *self,
                                                char               *request_json);
const char         *ovs_task_get_request_summary (OvsTask          *self);
void                ovs_task_set_request_summary (OvsTask          *self,
                                                  const char       *summary);
const char         *ovs_task_get_route         (OvsTask            *self);
void                ovs_task_set_route         (OvsTask            *self,
                                                const char         *route);
const char         *ovs_task_get_base_url      (OvsTask            *self);
void                ovs_task_set_base_url      (OvsTask            *self,
                                                const char         *base_url);
OvsTaskStatus       ovs_task_get_status        (OvsTask            *self);
void                ovs_task_set_status        (OvsTask            *self,
                                                OvsTaskStatus       status);
const char         *ovs_task_get_note          (OvsTask            *self);
void                ovs_task_set_note          (OvsTask            *self,
                                                const char         *note);
const char         *ovs_task_get_server_status (OvsTask            *self);
void                ovs_task_set_server_status (OvsTask            *self,
                                                const char         *server_status);
int                 ovs_task_get_progress      (OvsTask            *self);
void                ovs_task_set_progress      (OvsTask            *self,
                                                int                 progress);
const char         *ovs_task_get_error         (OvsTask            *self);
void                ovs_task_set_error         (OvsTask            *self,
                                                const char         *error);
const char * const *ovs_task_get_urls          (OvsTask            *self);
void                ovs_task_set_urls          (OvsTask            *self,
                                                const char * const *urls);
const char         *ovs_task_get_file          (OvsTask            *self);
void                ovs_task_set_file          (OvsTask            *self,
                                                const char         *file);
const char         *ovs_task_get_media_json    (OvsTask            *self);
void                ovs_task_set_media_json    (OvsTask            *self,
                                                const char         *media_json);
gint64              ovs_task_get_created_at    (OvsTask            *self);
void                ovs_task_set_created_at    (OvsTask            *self,
                                                gint64              unix_seconds);
gint64              ovs_task_get_updated_at    (OvsTask            *self);
void                ovs_task_set_updated_at    (OvsTask            *self,
                                                gint64              unix_seconds);
gint64              ovs_task_get_finished_at   (OvsTask            *self);
void                ovs_task_set_finished_at   (OvsTask            *self,
                                                gint64              unix_seconds);

/* Set when the user stops following an unfinished task: the tracker leaves it alone, at
 * every start too, until it is followed again. */
gboolean            ovs_task_get_paused        (OvsTask            *self);
void                ovs_task_set_paused        (OvsTask            *self,
                                                gboolean            paused);
/* Groups: the tasks sent together as one comparison ("compare"), the same body N times
 * ("variants"), one batch file ("batch") or one chain of continued shots ("chain").
 * A task belongs to at most one group; its index orders it there (a batch's line). */
const char         *ovs_task_get_group_id      (OvsTask            *self);
void                ovs_task_set_group_id      (OvsTask            *self,
                                                const char         *group_id);
const char         *ovs_task_get_group_kind    (OvsTask            *self);
void                ovs_task_set_group_kind    (OvsTask            *self,
                                                const char         *group_kind);
gint64              ovs_task_get_group_index   (OvsTask            *self);
void                ovs_task_set_group_index   (OvsTask            *self,
                                                gint64              index);
/* Lineage: the row id of the task this one was continued from (its frame, its video). */
gint64              ovs_task_get_parent        (OvsTask            *self);
void                ovs_task_set_parent        (OvsTask            *self,
                                                gint64              parent_id);
/* What the task cost, in the gateway's quota units, -1 when not known. */
gint64              ovs_task_get_cost          (OvsTask            *self);
void                ovs_task_set_cost          (OvsTask            *self,
                                                gint64              quota);
gboolean            ovs_task_get_starred       (OvsTask            *self);
void                ovs_task_set_starred       (OvsTask            *self,
                                                gboolean            starred);
/* The user's own words about the task (the tracker's reason is the note). */
const char         *ovs_task_get_user_note     (OvsTask            *self);
void                ovs_task_set_user_note     (OvsTask            *self,
                                                const char         *user_note);
/* A JSON object of what a group or chain keeps per task: {"hidden": true} for a
 * comparison tile, {"line": 7, "values": {…}} for a batch line, {"frame": {"from": id,
 * "at": seconds, "as": "first_frame"}} for a continued shot. NULL when empty. */
const char         *ovs_task_get_meta          (OvsTask            *self);
void                ovs_task_set_meta          (OvsTask            *self,
                                                const char         *meta_json);
/* One boolean member of it, the rest kept: {"hidden": true}, {"ephemeral": true}. */
gboolean            ovs_task_get_meta_flag     (OvsTask            *self,
                                                const char         *key);
void                ovs_task_set_meta_flag     (OvsTask            *self,
                                                const char         *key,
                                                gboolean            value);

/* The note to show: the stored one, or for a paused task why its status may be stale. */
const char         *ovs_task_get_shown_note    (OvsTask            *self);

gboolean            ovs_task_is_finished       (OvsTask            *self);

void                ovs_task_apply_update      (OvsTask            *self,
                                                const OvsTaskUpdate *update);
void                ovs_task_assign            (OvsTask            *self,
                                                OvsTask            *other);
void                ovs_task_assign_state      (OvsTask            *self,
                                                OvsTask            *other);

char               *ovs_task_sanitize_base_url (const char         *url);

G_END_DECLS
