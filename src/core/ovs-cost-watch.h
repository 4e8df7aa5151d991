/* ovs-cost-watch.h: the key's balance, and a task's cost from the balance difference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-billing.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_COST_WATCH (ovs_cost_watch_get_type ())
G_DECLARE_FINAL_TYPE (OvsCostWatch, ovs_cost_watch, OVS, COST_WATCH, GObject)

/* The one rule for a cost from the balance, used by the app and by `submit --wait`: a task
 * that succeeded, whose answers carried no charge, and while which no other task of the
 * history (this process's or another's: the history file is read, in a thread) was under
 * way, costs the balance before it was sent minus the balance after it ended; the cost is
 * written to the history. The watch is also the one place that asks the gateway for the
 * balance: at once (@tracker idle) when a cost or the next task's "before" needs it, else
 * when a task ended, at most once per interval. A gateway without the routes is never asked
 * again (until the tracker's client changes); one that counts in money is shown, never
 * used for a cost (the OpenAI-style routes round to cents). */
OvsCostWatch *ovs_cost_watch_new              (OvsTracker   *tracker);
/* The "before" of the next task, in quota units: taken while nothing of the history was
 * under way and nothing sent since; -1 otherwise ("balance" is notified). */
gint64        ovs_cost_watch_get_balance      (OvsCostWatch *self);
/* The balance last read, whatever its unit, to show: FALSE while not known. */
gboolean      ovs_cost_watch_get_shown        (OvsCostWatch *self,
                                               OvsBalance   *balance);
/* The gateway has no balance route (404/501): nothing to show. */
gboolean      ovs_cost_watch_get_missing      (OvsCostWatch *self);
/* No ask under way and no task waiting for its "after": what `submit --wait` waits for. */
gboolean      ovs_cost_watch_is_settled       (OvsCostWatch *self);
/* At most one refresh per interval when a task ends while others go on: 60 s unless set. */
void          ovs_cost_watch_set_min_interval (OvsCostWatch *self,
                                               guint         seconds);

G_END_DECLS
