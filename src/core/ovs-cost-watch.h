/* ovs-cost-watch.h: a task's cost from the balance difference around it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_COST_WATCH (ovs_cost_watch_get_type ())
G_DECLARE_FINAL_TYPE (OvsCostWatch, ovs_cost_watch, OVS, COST_WATCH, GObject)

/* Watches @tracker: a task sent while nothing else was under way, with no other task sent
 * until it ended, that succeeded and whose answers carried no charge gets the key's balance
 * before minus after as its cost, written to the history. The balance is asked only while
 * the tracker is idle; a gateway without the balance routes, or one that counts in money,
 * is never asked again. */
OvsCostWatch *ovs_cost_watch_new         (OvsTracker   *tracker);
/* The key's balance in quota units, taken while the tracker was idle and not yet the
 * "before" of a task under way; -1 while not known ("balance" is notified). */
gint64        ovs_cost_watch_get_balance (OvsCostWatch *self);

G_END_DECLS
