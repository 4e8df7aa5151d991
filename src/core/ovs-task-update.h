/* ovs-task-update.h: what one answer of the gateway says about a task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * OvsTaskStatus:
 * @OVS_TASK_STATUS_SUBMITTING: written to the history, the create request not answered yet
 *   (the client's own state; the server never says it)
 * @OVS_TASK_STATUS_QUEUED: accepted, waiting upstream
 * @OVS_TASK_STATUS_RUNNING: being generated
 * @OVS_TASK_STATUS_SUCCEEDED: finished well (terminal)
 * @OVS_TASK_STATUS_FAILED: finished badly: failed, cancelled or expired (terminal)
 * @OVS_TASK_STATUS_UNKNOWN: still going as far as we know: the gateway said `unknown`
 *   (it does for the first ~15 s), used a word we do not know, or said nothing.
 *   Not terminal.
 */
typedef enum
{
  OVS_TASK_STATUS_SUBMITTING,
  OVS_TASK_STATUS_QUEUED,
  OVS_TASK_STATUS_RUNNING,
  OVS_TASK_STATUS_SUCCEEDED,
  OVS_TASK_STATUS_FAILED,
  OVS_TASK_STATUS_UNKNOWN,
} OvsTaskStatus;

#define OVS_TYPE_TASK_STATUS (ovs_task_status_get_type ())
GType ovs_task_status_get_type (void) G_GNUC_CONST;

const char    *ovs_task_status_to_string   (OvsTaskStatus  status);
gboolean       ovs_task_status_from_string (const char    *nick,
                                            OvsTaskStatus *status);
const char    *ovs_task_status_to_label    (OvsTaskStatus  status);
gboolean       ovs_task_status_is_terminal (OvsTaskStatus  status);
OvsTaskStatus  ovs_task_status_normalize   (const char    *server_word);

/**
 * OvsTaskUpdate:
 * @task_id: the task id (the gateway's public one when several are present), or %NULL
 * @status: the status, normalised
 * @server_status: the server's own status word, exactly as given, or %NULL
 * @progress: 0..100, or -1 when the answer has none
 * @created_at: unix seconds, 0 when absent
 * @updated_at: unix seconds, 0 when absent
 * @finished_at: unix seconds, 0 when absent
 * @urls: the video URLs (http and https only), shallowest first, without duplicates;
 *   never %NULL, empty when there are none
 * @error_message: the server's message for a failure, exactly as given, or %NULL
 * @error_code: the server's error code as a string, or %NULL
 * @quota: what the gateway charged for the task, in quota units (the relay's task
 *   objects carry it as "quota"), or -1 when the answer does not say
 * @is_error_envelope: the body is an error answer (`{"error":{…}}`,
 *   `{"code":"task_not_exist",…}`), not a task; @status is then
 *   %OVS_TASK_STATUS_UNKNOWN and the caller turns it into a #GError
 *
 * A plain copyable struct: everything one answer says about a task.
 */
typedef struct
{
  char          *task_id;
  OvsTaskStatus  status;
  char          *server_status;
  int            progress;
  gint64         created_at;
  gint64         updated_at;
  gint64         finished_at;
  GStrv          urls;
  char          *error_message;
  char          *error_code;
  gboolean       is_error_envelope;
  gint64         quota;
} OvsTaskUpdate;

#define OVS_TYPE_TASK_UPDATE (ovs_task_update_get_type ())
GType          ovs_task_update_get_type   (void) G_GNUC_CONST;

OvsTaskUpdate *ovs_task_update_new        (void);
OvsTaskUpdate *ovs_task_update_copy       (const OvsTaskUpdate *update);
void           ovs_task_update_free       (OvsTaskUpdate       *update);

OvsTaskUpdate *ovs_task_update_parse      (JsonNode            *root);
OvsTaskUpdate *ovs_task_update_parse_text (const char          *text,
                                           gssize               len,
                                           GError             **error);
char          *ovs_task_update_to_json    (const OvsTaskUpdate *update);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsTaskUpdate, ovs_task_update_free)

G_END_DECLS
