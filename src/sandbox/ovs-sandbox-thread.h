/* ovs-sandbox-thread.h: the sandbox run in a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app's built-in sandbox answers in a thread with its own main context: reading a
 * body of megabytes of inline files and validating it (a third of a second for 27 MB) never
 * holds up the window. The app only speaks to it over loopback HTTP.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OvsSandboxThread OvsSandboxThread;

/* Starts a sandbox with its defaults on a free loopback port, in a new thread; returns once
 * it listens, or NULL with @error when it could not start. */
OvsSandboxThread *ovs_sandbox_thread_start        (GError          **error);
/* Its base URL, "http://127.0.0.1:PORT". */
const char       *ovs_sandbox_thread_get_base_url (OvsSandboxThread *self);
/* Stops the server, waits for its renders to end and for the thread. */
void              ovs_sandbox_thread_stop         (OvsSandboxThread *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsSandboxThread, ovs_sandbox_thread_stop)

G_END_DECLS
