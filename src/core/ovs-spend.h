/* ovs-spend.h: what the history's tasks cost, per day and per month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read with a connection of its own (read-only, opened and closed by each call), so that
 * the application reads it in a thread, off the main loop, and the command line the same
 * way; WAL lets it read while the store's writer writes. Costs are in quota units; a task
 * whose cost is not known and that did not fail (the relay gives back the quota of a failed
 * task) is counted as such, so that a sum is never mistaken for the whole.
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task-store.h"

G_BEGIN_DECLS

typedef enum
{
  OVS_SPEND_BY_DAY,
  OVS_SPEND_BY_MONTH,
} OvsSpendBy;

typedef struct
{
  char   *period;     /* local time: "2026-12-05" by day, "2026-12" by month */
  gint64  cost;       /* the known costs, in quota units */
  guint   n_costed;   /* tasks with a known cost */
  guint   n_unknown;  /* tasks that may have cost something, cost not known */
} OvsSpendPeriod;

void         ovs_spend_period_free      (OvsSpendPeriod *period);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsSpendPeriod, ovs_spend_period_free)

/* Every day (or month) of the history at @history_path that has tasks, newest first.
 * Blocks; empty when the file does not exist yet. */
GPtrArray   *ovs_spend_read             (const char           *history_path,
                                         OvsSpendBy            by,
                                         GCancellable         *cancellable,
                                         GError              **error);
void         ovs_spend_read_async       (const char           *history_path,
                                         OvsSpendBy            by,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray   *ovs_spend_read_finish      (GAsyncResult         *result,
                                         GError              **error);

/* The known costs of the tasks created since the start of @now's local day and month.
 * Blocks; 0 and 0 when the file does not exist yet. */
gboolean     ovs_spend_read_today_month (const char           *history_path,
                                         GDateTime            *now,
                                         gint64               *today,
                                         gint64               *this_month,
                                         GError              **error);

/* Whether a balance difference can be one task's cost, as far as the history at @store's
 * path tells (every process's tasks): TRUE when no task but @except_id (0: none) is under
 * way and none was created after row @since_id (G_MAXINT64: no matter when). @last_id:
 * the newest row id then (0 when not quiet). @store's queued writes land first (the look runs in a thread, off
 * the main loop); an unreadable history is FALSE with its error. */
void         ovs_spend_quiet_async      (OvsTaskStore         *store,
                                         gint64                except_id,
                                         gint64                since_id,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean     ovs_spend_quiet_finish     (GAsyncResult         *result,
                                         gint64               *last_id,
                                         GError              **error);

G_END_DECLS
