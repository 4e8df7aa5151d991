/* ovs-group-send.h: a comparison or variant group, written down whole, then sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-tracker.h"

G_BEGIN_DECLS

/* Writes every body of @bodies (OvsCompareBody) down as one group of @kind (a new group
 * id, indexes 0…n-1 in the order given), in one transaction, before any is sent; then sends
 * each once through the tracker, which follows the accepted ones. A create is never
 * retried: a task without a clear answer stays "unknown". Fails only when the group could
 * not be written down (then nothing was sent) or @cancellable was cancelled before. */
void       ovs_group_send_async  (OvsTracker          *tracker,
                                  const char          *kind,
                                  GPtrArray           *bodies,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* The tasks, in the group's order (each queued, failed or unknown after its create), and
 * the group id. */
GPtrArray *ovs_group_send_finish (OvsTracker          *tracker,
                                  GAsyncResult        *result,
                                  char               **group_id,
                                  GError             **error);

G_END_DECLS
