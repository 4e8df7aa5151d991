/* ovs-sandbox-private.h: what the parts of OvsSandbox share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ovs-sandbox.c serves (routes, faults, the task life), ovs-sandbox-answers.c writes what the
 * gateway answers (task JSON in each shape, provider raw shapes, error bodies).
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ovs-renderer.h"
#include "ovs-sandbox.h"
#include "ovs-sandbox-gate.h"

G_BEGIN_DECLS

#define N_FAULTS (OVS_SANDBOX_FAULT_CUT_DOWNLOAD + 1)
#define N_ROUTES (OVS_SANDBOX_ROUTE_DOWNLOAD + 1)

/* The task life at speed 1.0, in seconds. */
#define UNKNOWN_SECONDS 0.5
#define QUEUED_SECONDS 1.0
#define STEP_SECONDS 0.75
#define SLOW_SECONDS 2.0

/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  PHASE_QUEUED,
  PHASE_RUNNING,
  PHASE_COMPLETED,
  PHASE_FAILED,
} Phase;

typedef enum
{
  ENDPOINT_NONE,
  ENDPOINT_CREATE,
  ENDPOINT_QUERY_FLAT,
  ENDPOINT_QUERY_ENVELOPE,
  ENDPOINT_CONTENT,
  ENDPOINT_FILE,
} Endpoint;

typedef struct
{
  guint          ref_count;
  OvsSandbox    *sandbox;       /* unowned; NULL once the sandbox is gone */
  char          *id;
  char          *body;
  char          *model;
  char          *family;        /* the catalog's family id, or NULL */
  char          *seconds;       /* as asked ("5") */
  char          *provider_id;   /* the upstream's own id, for the raw answers */
  OvsRenderSpec *spec;
  char          *render_path;
  char          *file;          /* set once rendered */
  char          *render_error;
  gint64         created_at;    /* real time, µs */
  gint64         created_mono;
  gint64         started_at;
  gint64         finished_at;
  gint64         url_expires;   /* unix seconds, 0 = never */
  Phase          phase;
  int            progress;
  guint          step;
  gboolean       life_done;
  gboolean       will_fail;
  gint64         quota;         /* charged when it completed */
  char          *echo_key;      /* the ECHO_KEY fault: the key this task repeats */
  char          *shadow_key;    /* REPEAT_ID: its key in the table once another took its id */
  gboolean       no_converter;  /* NO_CONVERTER: 501 on GET /v1/videos/{id} */
  gboolean       rendering;
  char          *error_message;
  char          *error_code;
  GSource       *timer;
  GCancellable  *cancellable;
} Task;

struct _OvsSandbox
{
  GObject parent_instance;

  /* settings */
  char *api_key;
  double speed;
  OvsSandboxShape shape;
  double fail_rate;
  double fault_rates[N_FAULTS][N_ROUTES];
  guint url_expiry;
  GRand *rand;

  /* faults */
  GQueue injected[N_ROUTES];
  guint pending_task_failures;
  guint pending_echoes;
  guint pending_repeats;
  guint pending_no_converters;
  guint concurrency_count;
  guint unusable_count;
  guint rate_limit_count;
  guint server_error_count;
  guint mixed_count;
  OvsSandboxGate *gate;

  /* the server */
  SoupServer *server;
  GMainContext *context;
  char *base_url;
  guint port;
  GList *delayed;

  /* tasks */
  guint n_requests[N_ROUTES];
  GHashTable *tasks;          /* id → Task */
  GPtrArray *task_ids;        /* oldest first */
  GQueue render_queue;        /* Task (ref'd), waiting for a render slot */
  guint n_rendering;
  char *dir;
  int dir_lock;               /* holds a lock on dir's .lock while the sandbox lives, or -1 */
  char *secret;
  gboolean disposing;

  OvsSandboxBilling *billing;  /* the key's quota and the billing routes */
};

/* Whether @path is a sandbox's folder of renders left by a process that is gone. */
gboolean _ovs_sandbox_dir_is_stale (const char *path);
char *_ovs_sandbox_make_request_id (OvsSandbox *self);
void _ovs_sandbox_set_builder (SoupServerMessage *msg,
                               guint             status,
                               JsonBuilder       *builder);
void _ovs_sandbox_set_gateway_error (SoupServerMessage *msg,
                                     guint             status,
                                     const char        *message,
                                     const char        *type,
                                     const char        *param,
                                     const char        *code,
                                     gboolean          with_param_and_code);
void _ovs_sandbox_set_task_not_exist (SoupServerMessage *msg);
void _ovs_sandbox_set_xml_error (SoupServerMessage *msg,
                                 const char        *code,
                                 const char        *message,
                                 const char        *resource);
gboolean _ovs_sandbox_is_veo (Task *task);
const char *_ovs_sandbox_flat_status (OvsSandbox *self,
                                      Task       *task);
char *_ovs_sandbox_sign (OvsSandbox *self,
                         const char *task_id,
                         gint64     expires);
void _ovs_sandbox_add_flat (OvsSandbox  *self,
                            JsonBuilder *builder,
                            Task        *task,
                            gboolean    created);
void _ovs_sandbox_add_envelope (OvsSandbox  *self,
                                JsonBuilder *builder,
                                Task        *task);
void _ovs_sandbox_set_rate_limited (OvsSandbox        *self,
                                    SoupServerMessage *msg);
void _ovs_sandbox_set_server_error (OvsSandbox        *self,
                                    SoupServerMessage *msg);
double _ovs_sandbox_scaled_ms (OvsSandbox *self,
                               double     seconds);

G_END_DECLS
