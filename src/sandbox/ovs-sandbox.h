/* ovs-sandbox.h: a local server that speaks the Omni-Video API and renders real videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The contract between the sandbox and its users (the app, the CLI, the tests). The
 * implementation lives in ovs-sandbox.c.
 */
#pragma once

#include <gio/gio.h>

#include "ovs-sandbox-billing.h"

G_BEGIN_DECLS

/* The answer shapes of shared/spec/responses.md. DEFAULT: what each route really returns
 * (/v1/videos flat, /v1/video/generations the {code,message,data} envelope). */
typedef enum
{
  OVS_SANDBOX_SHAPE_DEFAULT,
  OVS_SANDBOX_SHAPE_OPENAI,
  OVS_SANDBOX_SHAPE_GENERATIONS,
  OVS_SANDBOX_SHAPE_MIXED,
} OvsSandboxShape;

typedef enum
{
  OVS_SANDBOX_FAULT_RATE_LIMIT,  /* 429 with Retry-After: 1 (a JSON message, or an empty body) */
  OVS_SANDBOX_FAULT_SERVER,      /* 500/502 with an HTML page */
  OVS_SANDBOX_FAULT_DROP,        /* the connection is closed without an answer */
  OVS_SANDBOX_FAULT_SLOW,        /* the answer comes after a delay (2 s × speed) */
  OVS_SANDBOX_FAULT_TASK_FAILED, /* the next task created fails, with a Chinese message */
  /* The next task created echoes the key it was sent with, as a careless gateway does: in its
   * status word while queued, in its result URL (&token=KEY) and, when it fails, in its
   * message (as is, URL-encoded and in base64). A property of the task, like TASK_FAILED. */
  OVS_SANDBOX_FAULT_ECHO_KEY,
  /* The next task created gets the id of the task created before it (which the sandbox still
   * runs, under the same id's shadow): a gateway handing out an id twice. A task property. */
  OVS_SANDBOX_FAULT_REPEAT_ID,
  /* Downloads: 200 with an HTML page (text/html) instead of the video. */
  OVS_SANDBOX_FAULT_NOT_VIDEO,
  /* Downloads: 200 video/mp4 whose bytes are no video at all. */
  OVS_SANDBOX_FAULT_GARBAGE_VIDEO,
  /* 401 "无效的令牌" although the key was right: a key revoked (or a quota run out) while
   * its tasks run. */
  OVS_SANDBOX_FAULT_UNAUTHORIZED,
  /* The next task created is of a provider the gateway has no converter for: GET
   * /v1/videos/{id} answers it 501 not_implemented for good, /v1/video/generations/{id}
   * answers. A task property. */
  OVS_SANDBOX_FAULT_NO_CONVERTER,
  /* The gateway's per-key concurrency gate: 429 token_concurrency_limit_reached, every other
   * time 503 token_concurrency_unavailable (creates and both query routes). */
  OVS_SANDBOX_FAULT_CONCURRENCY,
  /* Queries: 200 with an answer no parser can use, in turn an HTML page, a status of the
   * wrong type ({"status":3}) and a shape of no known provider. */
  OVS_SANDBOX_FAULT_UNUSABLE,
  /* Downloads: the video's first 32 KiB, then the connection closes. The sandbox takes
   * Range (206), as the gateway's /content does. */
  OVS_SANDBOX_FAULT_CUT_DOWNLOAD,
} OvsSandboxFault;

/* Which requests a fault hits. */
typedef enum
{
  OVS_SANDBOX_ROUTE_CREATE,   /* POST /v1/videos, POST /v1/video/generations */
  OVS_SANDBOX_ROUTE_QUERY,    /* GET  /v1/videos/{id}, GET /v1/video/generations/{id} */
  OVS_SANDBOX_ROUTE_DOWNLOAD, /* GET  the result URL and /v1/videos/{id}/content */
} OvsSandboxRoute;

#define OVS_TYPE_SANDBOX (ovs_sandbox_get_type ())

G_DECLARE_FINAL_TYPE (OvsSandbox, ovs_sandbox, OVS, SANDBOX, GObject)

/* Signal "request-handled" (const char *method, const char *path, guint status): once per
 * request, after its answer was sent, for logs; @status 0 = connection dropped. The path has
 * no query, and headers (so the key) are never passed on. */

OvsSandbox *ovs_sandbox_new              (void);

/* Settings; set them before ovs_sandbox_start(). */
/* NULL (the default): any non-empty Bearer key is accepted. */
void        ovs_sandbox_set_api_key      (OvsSandbox      *self,
                                          const char      *api_key);
/* The time factor: 1.0 = a task is queued ~1 s then runs ~3 s with coarse progress (0/10/
 * 20/30/50/100); 0.1 is ten times faster. Rendering itself takes what it takes. */
void        ovs_sandbox_set_speed        (OvsSandbox      *self,
                                          double           speed);
void        ovs_sandbox_set_shape        (OvsSandbox      *self,
                                          OvsSandboxShape  shape);
/* The share (0..1) of tasks that end in failure, drawn with the seed. */
void        ovs_sandbox_set_fail_rate    (OvsSandbox      *self,
                                          double           fail_rate);
/* Random faults for demos: each request of @route gets @fault with @probability. */
void        ovs_sandbox_set_fault_rate   (OvsSandbox      *self,
                                          OvsSandboxFault  fault,
                                          OvsSandboxRoute  route,
                                          double           probability);
void        ovs_sandbox_set_seed         (OvsSandbox      *self,
                                          guint32          seed);
/* Result URLs stop working (403 with an XML/JSON error, like a signed URL) this many seconds
 * after the task finished; 0 = never. /content keeps working. */
void        ovs_sandbox_set_url_expiry   (OvsSandbox      *self,
                                          guint            seconds);

/* The gateway's per-key concurrency gate, counted for real: at most @limit creates and
 * queries of one key in flight (0: counted, none refused), each answer held @hold_ms; one
 * more is answered 429 token_concurrency_limit_reached. */
void        ovs_sandbox_set_concurrency_limit (OvsSandbox *self,
                                               guint       limit,
                                               guint       hold_ms);

/* Deterministic faults for tests: the next @count requests of @route get @fault. */
void        ovs_sandbox_inject_fault     (OvsSandbox      *self,
                                          OvsSandboxFault  fault,
                                          OvsSandboxRoute  route,
                                          guint            count);

/* Listens on 127.0.0.1 only; @port 0 picks a free one. */
gboolean    ovs_sandbox_start            (OvsSandbox      *self,
                                          guint            port,
                                          GError         **error);
void        ovs_sandbox_stop             (OvsSandbox      *self);
/* "http://127.0.0.1:PORT" (no trailing slash), NULL before start. */
const char *ovs_sandbox_get_base_url     (OvsSandbox      *self);
guint       ovs_sandbox_get_port         (OvsSandbox      *self);

/* What the sandbox has seen, for tests: */
guint       ovs_sandbox_get_n_requests   (OvsSandbox      *self,
                                          OvsSandboxRoute  route);
/* The concurrency gate: the most requests of one key in flight at once, and refusals. */
guint       ovs_sandbox_get_max_in_flight   (OvsSandbox      *self);
guint       ovs_sandbox_get_n_gate_refusals (OvsSandbox      *self);
/* Ids of every task created (accepted creates), oldest first. */
GStrv       ovs_sandbox_dup_task_ids     (OvsSandbox      *self);
/* The body of the task's create request as received, or NULL. */
char       *ovs_sandbox_dup_task_body    (OvsSandbox      *self,
                                          const char      *task_id);
/* The rendered file of a finished task, or NULL. */
char       *ovs_sandbox_dup_task_file    (OvsSandbox      *self,
                                          const char      *task_id);

/* The key's quota: the billing routes and what each finished task is charged. */
OvsSandboxBilling *ovs_sandbox_get_billing (OvsSandbox *self);

G_END_DECLS
