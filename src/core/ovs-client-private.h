/* ovs-client-private.h: what the parts of OvsClient share (ovs-client.c, ovs-client-download.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ovs-client.h"

G_BEGIN_DECLS

#define MAX_ERROR_BODY_SIZE             (64 * 1024)
#define MAX_REDIRECTS                   10
#define PROGRESS_INTERVAL_US            (100 * G_TIME_SPAN_MILLISECOND)
#define READ_CHUNK_SIZE                 (64 * 1024)
/* Not in libsoup 3.2's SoupStatus */
#define STATUS_TOO_MANY_REQUESTS        429

struct _OvsClient
{
  GObject      parent_instance;

  SoupSession *session;
  gboolean     shares_session;  /* a sibling's: never aborted from here */
  OvsClient   *keeper;          /* a sibling's: whose key (as the user changes it) we send */
  GUri        *base_uri;
  char        *base_url;
  char        *api_key;
  char        *user_agent;
  OvsRoute     route;
  gboolean     allow_insecure;
  guint        max_retries;
  guint        timeout;
  guint        connect_timeout;
};

/* Exchanges: one HTTP request under its own cancellable and connect timer */
typedef struct
{
  OvsClient    *client;            /* unowned: the GTask's source object */
  GCancellable *user_cancellable;
  GCancellable *cancellable;       /* this exchange's; cancelled by the user's or our timer */
  gulong        cancel_id;
  SoupMessage  *msg;
  gulong        network_event_id;
  gulong        wrote_body_id;
  gboolean      body_sent;         /* the whole request went out: the server may act on it */
  guint         connect_timeout_id;
  gboolean      connect_timed_out;
  guint         attempt;           /* attempts made in the current series */
  guint         retry_after;       /* the last Retry-After, seconds */
  GSource      *wait_source;
  GSource      *wait_cancel_source;
} Exchange;

gboolean _ovs_client_check_secure (OvsClient *self,
                                   GError    **error);
void _ovs_client_exchange_clear (Exchange *ex);
void _ovs_client_exchange_end (Exchange *ex);
void _ovs_client_exchange_init (Exchange     *ex,
                                OvsClient    *client,
                                GCancellable *cancellable);
gboolean _ovs_client_exchange_retry (Exchange     *ex,
                                     guint        status,
                                     const GError *error,
                                     GSourceFunc  next,
                                     gpointer     data);
void _ovs_client_exchange_return_error (Exchange *ex,
                                        GTask    *task,
                                        GError   *error);
void _ovs_client_exchange_send (Exchange            *ex,
                                SoupMessage         *msg,
                                GAsyncReadyCallback callback,
                                gpointer            user_data);
GInputStream *_ovs_client_exchange_send_finish (Exchange     *ex,
                                                SoupSession  *session,
                                                GAsyncResult *result,
                                                GError       **error);
GError *_ovs_client_exchange_transport_error (Exchange *ex,
                                              GError   *error);
gboolean _ovs_client_exchange_user_cancelled (Exchange *ex);
GError *_ovs_client_http_error (OvsClient   *self,
                                SoupMessage *msg,
                                GBytes      *body);
SoupMessage *_ovs_client_new_message (OvsClient  *self,
                                      const char *method,
                                      GUri       *uri,
                                      gboolean   with_key);
void _ovs_client_read_all_async (GInputStream        *stream,
                                 gsize               limit,
                                 gboolean            truncate,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
GBytes *_ovs_client_read_all_finish (GAsyncResult *result,
                                     GError       **error);
gboolean _ovs_client_same_origin (GUri *a,
                                  GUri *b);
char *_ovs_client_server_message (OvsClient   *self,
                                  SoupMessage *msg,
                                  GBytes      *body,
                                  char        **code_out);
gboolean _ovs_client_status_is_retryable (guint status);
GUri *_ovs_client_task_uri (OvsClient  *self,
                            const char *path,
                            const char *task_id,
                            const char *suffix);
const char *_ovs_client_uri_host (GUri *uri);
gboolean _ovs_client_uri_is_http (GUri *uri);

G_END_DECLS
