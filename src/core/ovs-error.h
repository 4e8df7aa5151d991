/* ovs-error.h: the one error domain of Omni Video Studio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OVS_ERROR (ovs_error_quark ())

/**
 * OvsError:
 * @OVS_ERROR_INVALID: the request (or a file given as one) is not valid
 * @OVS_ERROR_PARSE: the text is not JSON, not UTF-8, or not an object
 * @OVS_ERROR_TOO_LARGE: a body or a download is over its size limit
 * @OVS_ERROR_NETWORK: DNS, connection refused or reset, TLS, time-out
 * @OVS_ERROR_UNAUTHORIZED: 401, the key was refused
 * @OVS_ERROR_QUOTA: 403 or `insufficient_user_quota`
 * @OVS_ERROR_RATE_LIMITED: 429; the delay asked for is kept by the client
 * @OVS_ERROR_SERVER: a 5xx answer, HTML pages included
 * @OVS_ERROR_BAD_RESPONSE: an answer that could not be understood
 * @OVS_ERROR_NOT_FOUND: no such task (or route)
 * @OVS_ERROR_TASK_FAILED: the task ended in failure on the server
 * @OVS_ERROR_EXPIRED: a result URL expired or the gateway gave up
 * @OVS_ERROR_INSECURE: refused to send the key over plain HTTP to a remote host
 * @OVS_ERROR_STORE: the history database failed
 * @OVS_ERROR_MEDIA: a video could not be rendered, decoded or probed
 * @OVS_ERROR_TOO_DEEP: a JSON text nests deeper than any request needs
 * @OVS_ERROR_NOT_SENT: a create never left (DNS failure, connection refused, no connection
 *   within the time-out): nothing was created, it is safe to send again
 * @OVS_ERROR_UNSUPPORTED: 501, the gateway cannot answer this route for this task (it has
 *   no converter for that provider); the other route family may
 * @OVS_ERROR_DAMAGED: the history file is damaged (or empty): nothing is written to it until
 *   it is recovered (ovs_task_store_recover())
 */
typedef enum
{
  OVS_ERROR_INVALID,
  OVS_ERROR_PARSE,
  OVS_ERROR_TOO_LARGE,
  OVS_ERROR_NETWORK,
  OVS_ERROR_UNAUTHORIZED,
  OVS_ERROR_QUOTA,
  OVS_ERROR_RATE_LIMITED,
  OVS_ERROR_SERVER,
  OVS_ERROR_BAD_RESPONSE,
  OVS_ERROR_NOT_FOUND,
  OVS_ERROR_TASK_FAILED,
  OVS_ERROR_EXPIRED,
  OVS_ERROR_INSECURE,
  OVS_ERROR_STORE,
  OVS_ERROR_MEDIA,
  OVS_ERROR_TOO_DEEP,
  OVS_ERROR_NOT_SENT,
  OVS_ERROR_UNSUPPORTED,
  OVS_ERROR_DAMAGED,
} OvsError;

GQuark ovs_error_quark (void);

G_END_DECLS
