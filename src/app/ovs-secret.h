/* ovs-secret.h: where the API key is kept (the keyring, or this run's memory)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are stored with libsecret under the schema "io.github.omnivideo.Studio.ApiKey", one
 * per endpoint (the attribute "endpoint" is the base URL). When no keyring answers (no Secret
 * Service on the bus, a keyring that cannot be unlocked), every later call keeps the key in
 * this process's memory only, and ovs_secret_is_memory_only() says so. A key is never
 * written anywhere else, nor put in a log or an error message.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The key stored for @endpoint, or %NULL with no error when there is none. Free the
 * result with ovs_secret_free(). */
void      ovs_secret_lookup_async   (const char          *endpoint,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
char     *ovs_secret_lookup_finish  (GAsyncResult        *result,
                                     GError             **error);

void      ovs_secret_store_async    (const char          *endpoint,
                                     const char          *key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  ovs_secret_store_finish   (GAsyncResult        *result,
                                     GError             **error);

/* Forgets the key of @endpoint; succeeds when there was none. */
void      ovs_secret_clear_async    (const char          *endpoint,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  ovs_secret_clear_finish   (GAsyncResult        *result,
                                     GError             **error);

/* TRUE once a keyring failed to answer: keys are then kept until the application quits. */
gboolean  ovs_secret_is_memory_only (void);

/* Overwrites the key's bytes, then frees it. */
void      ovs_secret_free           (char                *key);

G_END_DECLS
