/* ovs-task-result.h: what a task of the history amounts to, for people and for files
 *
 * The task as JSON (the CLI's `list --json`, the sidecar next to a video) and the checks of
 * its video against the request it sent (the task view, the sidecar): once, here, rather
 * than in each place that shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ovs-media-probe.h"
#include "ovs-task.h"
#include "ovs-task-update.h"

G_BEGIN_DECLS

typedef enum
{
  OVS_TASK_JSON_DEFAULT = 0,
  /* "request": the body as sent, as JSON (null when the history has none) */
  OVS_TASK_JSON_REQUEST = 1 << 0,
  /* "media" (the video's facts, or null) and "checks" (against the request, maybe empty) */
  OVS_TASK_JSON_MEDIA   = 1 << 1,
} OvsTaskJsonFlags;

/* One history entry: "id" is the history's own number, "task_id" the server's. Absent
 * values are null; "urls" is always an array. The API key is never part of a task. */
JsonNode      *ovs_task_to_json         (OvsTask            *task,
                                         OvsTaskJsonFlags    flags);

/* The server's view of the task as the history last recorded it (what `status` prints). */
OvsTaskUpdate *ovs_task_dup_update      (OvsTask            *task);

/* The facts of the task's video as probed, or %NULL (no video yet, or an unreadable probe). */
OvsMediaInfo  *ovs_task_dup_media_info  (OvsTask            *task);

/* Compares the video's facts with what the request body asked for (seconds, resolution,
 * aspect ratio, audio), with ovs_media_check(). Pure: no I/O.
 * Returns: (transfer full) (nullable) (element-type OvsMediaCheck): the checks made, in kind
 * order; %NULL when @request_json is %NULL or not a JSON object. */
GPtrArray     *ovs_media_check_request  (const OvsMediaInfo *info,
                                         const char         *request_json);

/* ovs_media_check_request() of the task's video against its own request; %NULL when either
 * is missing. */
GPtrArray     *ovs_task_check_media     (OvsTask            *task);

G_END_DECLS
