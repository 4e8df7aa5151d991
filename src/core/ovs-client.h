/* ovs-client.h: talking to the Omni-Video gateway (create, query, download)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task-update.h"

G_BEGIN_DECLS

/**
 * OvsRoute:
 * @OVS_ROUTE_VIDEOS: `POST /v1/videos`, `GET /v1/videos/{id}` (flat answers)
 * @OVS_ROUTE_GENERATIONS: `POST /v1/video/generations`, `GET /v1/video/generations/{id}`
 *   (the `{code,message,data}` envelope)
 *
 * The route family a task is created and queried through.
 */
typedef enum
{
  OVS_ROUTE_VIDEOS,
  OVS_ROUTE_GENERATIONS,
} OvsRoute;

#define OVS_TYPE_ROUTE (ovs_route_get_type ())
GType        ovs_route_get_type    (void) G_GNUC_CONST;
/* "videos" / "generations" */
const char  *ovs_route_to_string   (OvsRoute    route);
gboolean     ovs_route_from_string (const char *nick,
                                    OvsRoute   *route);

/* Called on the client's main context, at most every 100 ms and once at the end.
 * @total is -1 when the server did not say. */
typedef void (*OvsProgressFunc) (goffset  current,
                                 goffset  total,
                                 gpointer user_data);

#define OVS_CLIENT_DEFAULT_BASE_URL "https://omnirouters.com"
/* The key used for a loopback base URL (the sandbox) when none is given. */
#define OVS_CLIENT_SANDBOX_KEY "sandbox"
#define OVS_CLIENT_DEFAULT_MAX_DOWNLOAD_SIZE ((goffset) 2 * 1024 * 1024 * 1024)

#define OVS_TYPE_CLIENT (ovs_client_get_type ())

G_DECLARE_FINAL_TYPE (OvsClient, ovs_client, OVS, CLIENT, GObject)

/* Is @url's host 127.0.0.0/8, ::1 or localhost? */
gboolean     ovs_client_url_is_loopback (const char *url);

/* @base_url must be https, or http to a loopback host (OVS_ERROR_INSECURE otherwise; see
 * ovs_client_new_full() to allow it); a trailing slash is dropped. A %NULL or empty
 * @api_key is replaced by "sandbox" for a loopback host and refused (OVS_ERROR_UNAUTHORIZED)
 * for any other. The client uses the thread-default main context of its creation. */
OvsClient   *ovs_client_new             (const char  *base_url,
                                         const char  *api_key,
                                         GError     **error);
OvsClient   *ovs_client_new_full        (const char  *base_url,
                                         const char  *api_key,
                                         gboolean     allow_insecure,
                                         GError     **error);
/* A client of @other's endpoint, with its key and settings, for @route; it shares @other's
 * SoupSession (one connection pool for creates, polls and downloads of an endpoint). */
OvsClient   *ovs_client_new_sibling     (OvsClient   *other,
                                         OvsRoute     route);
/* OMNIROUTERS_BASE_URL (default https://omnirouters.com) and OMNIROUTERS_API_KEY. */
OvsClient   *ovs_client_new_from_environment (GError **error);

const char  *ovs_client_get_base_url       (OvsClient *self);
OvsRoute     ovs_client_get_route          (OvsClient *self);
void         ovs_client_set_route          (OvsClient *self,
                                            OvsRoute   route);
void         ovs_client_set_api_key        (OvsClient  *self,
                                            const char *api_key);
gboolean     ovs_client_get_allow_insecure (OvsClient *self);
/* Allows plain http to a remote host for later requests (the key then travels in clear). */
void         ovs_client_set_allow_insecure (OvsClient *self,
                                            gboolean   allow_insecure);
/* Retries after the first attempt for queries and downloads (default 3: four attempts). */
guint        ovs_client_get_max_retries    (OvsClient *self);
void         ovs_client_set_max_retries    (OvsClient *self,
                                            guint      max_retries);
const char  *ovs_client_get_user_agent     (OvsClient *self);

/* POST the body, byte for byte. Never retried: a create costs money and is not idempotent.
 * The result has a task id (OVS_ERROR_BAD_RESPONSE otherwise). OVS_ERROR_NOT_SENT when the
 * request never left; OVS_ERROR_NETWORK only when the answer was lost after the body went
 * out (the task may exist). See ovs_client_result_was_refused(). */
void           ovs_client_create_async  (OvsClient           *self,
                                         const char          *body_json,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* The same, for a body already held as bytes (megabytes of inline files: not copied). */
void           ovs_client_create_bytes_async (OvsClient      *self,
                                         GBytes              *body,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
OvsTaskUpdate *ovs_client_create_finish (OvsClient           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* GET the task; retried with backoff and jitter on network errors, 429 and 5xx, waiting
 * what Retry-After asks (up to two minutes; a longer wait is returned as the error). */
void           ovs_client_query_async   (OvsClient           *self,
                                         const char          *task_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
OvsTaskUpdate *ovs_client_query_finish  (OvsClient           *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* GET @path of the gateway with the key; the answer as JSON. 404 and 501 fail with
 * OVS_ERROR_NOT_FOUND and OVS_ERROR_UNSUPPORTED: the caller hides what the gateway lacks. */
void           ovs_client_get_json_async  (OvsClient           *self,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonNode      *ovs_client_get_json_finish (OvsClient           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Downloads the video of @task_id into @dest_dir as "<name>.<ext>" (@name sanitised, the
 * extension from the Content-Type or the URL, "mp4" otherwise), or "<name> (2).<ext>" and so
 * on: an existing file is never replaced. It goes through a hidden ".<name>.pid<PID>-….part"
 * file in @dest_dir that gets its name only once GStreamer has read it as a video.
 * @url (http or https; never sent the key unless it is on the base URL's host) is tried
 * first; with no URL, or when it answers 403/404/410, keeps failing or sends no video (text,
 * JSON, HTML, a body GStreamer cannot read), the video comes from
 * {base}/v1/videos/{id}/content; no video from there either fails with OVS_ERROR_MEDIA.
 * @max_size <= 0 means 2 GiB; a larger video fails with OVS_ERROR_TOO_LARGE. On any failure
 * or cancellation (G_IO_ERROR_CANCELLED) nothing is left in @dest_dir.
 * Returns: (transfer full): the absolute path of the file. */
void           ovs_client_download_async  (OvsClient           *self,
                                           const char          *url,
                                           const char          *task_id,
                                           const char          *name,
                                           const char          *dest_dir,
                                           goffset              max_size,
                                           OvsProgressFunc      progress,
                                           gpointer             progress_data,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char          *ovs_client_download_finish (OvsClient           *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Removes from @dest_dir the ".part" files of downloads whose process is gone (killed, or
 * crashed): not those of a live process, and files of the older naming only once a day old.
 * Blocks (reads the folder): run it in a thread. Returns how many went. */
guint          ovs_client_remove_stale_parts (const char    *dest_dir,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* The side channel for Retry-After: after a *_finish() that failed with
 * OVS_ERROR_RATE_LIMITED (or OVS_ERROR_SERVER on a 503), the delay in seconds the server
 * asked for, from the same @result; 0 when it asked none. */
guint          ovs_client_result_get_retry_after (GAsyncResult *result);
/* After ovs_client_create_finish() failed: TRUE when the server answered with an error it
 * wrote itself (any 4xx; a 5xx with a JSON error body, as 503 model_not_found), so no task
 * was created. A create that never left fails with OVS_ERROR_NOT_SENT instead. */
gboolean       ovs_client_result_was_refused     (GAsyncResult *result);

G_END_DECLS
