/* ovs-poll-budget.h: how many polls an endpoint takes at once, shared by every tracker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _OvsPollBudget OvsPollBudget;

/* Called with the slot already taken: start the poll, and hand the slot back with
 * ovs_poll_budget_answered() or ovs_poll_budget_give_back(). */
typedef void (*OvsPollBudgetStart) (gpointer data);

OvsPollBudget *ovs_poll_budget_for_endpoint (const char         *base_url);
OvsPollBudget *ovs_poll_budget_ref          (OvsPollBudget      *self);
void           ovs_poll_budget_unref        (OvsPollBudget      *self);

void           ovs_poll_budget_set_max      (OvsPollBudget      *self,
                                             guint               max_in_flight);
double         ovs_poll_budget_get_budget   (OvsPollBudget      *self);
guint          ovs_poll_budget_get_in_flight (OvsPollBudget     *self);

gboolean       ovs_poll_budget_take         (OvsPollBudget      *self);
void           ovs_poll_budget_wait         (OvsPollBudget      *self,
                                             OvsPollBudgetStart  start,
                                             gpointer            data);
void           ovs_poll_budget_unwait       (OvsPollBudget      *self,
                                             gpointer            data);
void           ovs_poll_budget_answered     (OvsPollBudget      *self,
                                             const GError       *error);
void           ovs_poll_budget_give_back    (OvsPollBudget      *self);
void           ovs_poll_budget_pump         (OvsPollBudget      *self);

void           ovs_poll_budget_begin_create (OvsPollBudget      *self);
void           ovs_poll_budget_end_create   (OvsPollBudget      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsPollBudget, ovs_poll_budget_unref)

G_END_DECLS
