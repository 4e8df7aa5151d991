/* ovs-endpoint.h: where requests go, and what that needs (the key, the sandbox, the client)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application owns one. It follows the GSettings keys "endpoint", "custom-base-url" and
 * "route", looks up the key of the chosen endpoint (ovs-secret.h) and keeps a client for it.
 * With the "sandbox" endpoint, with no key for a remote endpoint (a custom base URL on this
 * computer needs none), or with a custom base URL that is refused (not https and not this
 * computer), requests go to the built-in sandbox,
 * started in-process the first time it is needed and kept for the endpoint's life.
 */
#pragma once

#include <gio/gio.h>

#include "ovs-client.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

/* The nicks are those of the GSettings key "endpoint". */
typedef enum
{
  OVS_ENDPOINT_SANDBOX,
  OVS_ENDPOINT_OMNIROUTERS,
  OVS_ENDPOINT_CUSTOM,
} OvsEndpointKind;

#define OVS_TYPE_ENDPOINT_KIND (ovs_endpoint_kind_get_type ())
GType ovs_endpoint_kind_get_type (void) G_GNUC_CONST;

#define OVS_TYPE_ENDPOINT (ovs_endpoint_get_type ())

G_DECLARE_FINAL_TYPE (OvsEndpoint, ovs_endpoint, OVS, ENDPOINT, GObject)

/* Signal "changed": once after any of the properties below changed (they are notified
 * first), for who shows several of them at once. */

OvsEndpoint     *ovs_endpoint_new                (void);

/* The endpoint chosen in the settings. */
OvsEndpointKind  ovs_endpoint_get_kind           (OvsEndpoint  *self);
/* Where requests go: the sandbox's loopback URL, https://omnirouters.com or the custom base
 * URL; NULL only when the sandbox could not start. */
const char      *ovs_endpoint_get_base_url       (OvsEndpoint  *self);
/* "Sandbox", "OmniRouters" or the custom host: where requests go, for a label. */
const char      *ovs_endpoint_get_label          (OvsEndpoint  *self);
gboolean         ovs_endpoint_get_using_sandbox  (OvsEndpoint  *self);
/* A key is known for the chosen remote endpoint (never the key itself). */
gboolean         ovs_endpoint_get_has_key        (OvsEndpoint  *self);
/* No keyring answered: keys are kept only until the application quits. */
gboolean         ovs_endpoint_get_key_memory_only (OvsEndpoint *self);
/* FALSE while the key of the chosen remote endpoint is being looked up. */
gboolean         ovs_endpoint_get_ready          (OvsEndpoint  *self);
/* A remote endpoint is chosen, its key was looked up, and there is none: requests go to the
 * sandbox instead, and the window says so. */
gboolean         ovs_endpoint_get_needs_key      (OvsEndpoint  *self);
/* Why the custom base URL is not used (the client's message), or NULL. */
const char      *ovs_endpoint_get_url_error      (OvsEndpoint  *self);
/* The client for the current base URL, key and route; replaced (notify::client) when one of
 * them changes. NULL only when the sandbox could not start. */
OvsClient       *ovs_endpoint_get_client         (OvsEndpoint  *self);

/* Stores @key (NULL or "" removes it) for the chosen remote endpoint, in the keyring or in
 * memory, then uses it. Fails with G_IO_ERROR_NOT_SUPPORTED when no remote endpoint is
 * chosen (the sandbox needs no key). */
void             ovs_endpoint_set_key            (OvsEndpoint         *self,
                                                  const char          *key,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         ovs_endpoint_set_key_finish     (OvsEndpoint         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* The key saved for the endpoint requests go to now (a copy), or NULL: for a curl command
 * the user asked to carry it. */
char            *ovs_endpoint_dup_key            (OvsEndpoint  *self);
/* The built-in sandbox's URL while it runs, else NULL: its tasks end with it. */
const char      *ovs_endpoint_get_sandbox_base_url (OvsEndpoint *self);

/* A client for a task's recorded base URL: the running sandbox's, or OmniRouters / the
 * custom base URL with its known key. NULL otherwise (a sandbox of an earlier run, an
 * endpoint with no key). */
OvsClient       *ovs_endpoint_dup_client_for     (OvsEndpoint  *self,
                                                  const char   *base_url);

/* Checks a custom base URL as the endpoint will: http(s), and https unless it is this
 * computer. The error is the client's. */
gboolean         ovs_endpoint_check_base_url     (const char   *base_url,
                                                  GError      **error);

/* Keeps @tracker in line with the endpoint and the settings: its client, the client of a
 * task's base URL (ovs_endpoint_dup_client_for()), the download folder, auto-download and
 * the first poll interval. The endpoint does not keep @tracker alive. */
/* At quit: stops the built-in sandbox (its folder of renders goes with it) and starts no
 * other. Windows may hold the endpoint after the application let go of it. */
void             ovs_endpoint_shutdown           (OvsEndpoint  *self);
void             ovs_endpoint_bind_tracker       (OvsEndpoint  *self,
                                                  OvsTracker   *tracker);

G_END_DECLS
