/* ovs-budget-ask.h: before sending, ask when it would go over a budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The budgets of Preferences against the price table's estimate of what is about to be
 * sent and what the history says was spent today and this month (ovs-budget.h). Within
 * them, or with no budget or no price known, it answers "send" at once and asks nothing;
 * over one it shows a message dialog naming the amounts, with Cancel as the default.
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-billing.h"
#include "ovs-task-store.h"

G_BEGIN_DECLS

/* @bodies: the request bodies (char *) about to be sent; @money: how the site counts
 * money (NULL: the relay's default). */
void     ovs_budget_ask_async  (GtkWindow           *parent,
                                OvsTaskStore        *store,
                                const OvsSiteMoney  *money,
                                GPtrArray           *bodies,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
/* TRUE to send; FALSE when the user cancelled (or @error: G_IO_ERROR_CANCELLED). */
gboolean ovs_budget_ask_finish (GAsyncResult        *result,
                                GError             **error);

/* The price table's estimate of @bodies, read off the main thread: the known part's sum,
 * or -1 when none of them has a price. @bodies is kept until then, not copied: it must not
 * change meanwhile. */
void     ovs_budget_estimate_async  (GPtrArray           *bodies,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gint64   ovs_budget_estimate_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
