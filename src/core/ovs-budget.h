/* ovs-budget.h: whether sending more would go over the user's daily or monthly budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Budgets are in the site's money (US dollars unless /api/status says otherwise; the
 * GSettings keys budget-daily and budget-monthly, 0 = none). What was spent comes from the
 * history's costs (ovs-spend.h), what would be spent from the price table
 * (ovs-prices.h). An unknown estimate never blocks: the budget asks only about what it can
 * count.
 */
#pragma once

#include "ovs-billing.h"
#include "ovs-task-store.h"

G_BEGIN_DECLS

typedef struct
{
  double daily;    /* in money; 0 = no budget */
  double monthly;
} OvsBudget;

/* The budgets of Preferences (GSettings budget-daily and budget-monthly) where the
 * application's schema is installed; none (0) where it is not. */
void      ovs_budget_init_from_settings (OvsBudget *budget);

/* Spent today and this month (local time) in quota units, from the history
 * (ovs_spend_read_today_month (), a connection of its own). Blocks. */
void      ovs_budget_spent    (OvsTaskStore       *store,
                               GDateTime          *now,
                               gint64             *today,
                               gint64             *this_month);
/* The same in a thread, for the application: the main loop never waits on SQLite. */
void      ovs_budget_spent_async  (OvsTaskStore        *store,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean  ovs_budget_spent_finish (GAsyncResult        *result,
                                   gint64              *today,
                                   gint64              *this_month,
                                   GError             **error);

/* FALSE when sending what costs @estimate quota units would go over @budget; @message then
 * names the amount, the budget and what was spent, in the site's money. */
gboolean  ovs_budget_allows   (const OvsBudget    *budget,
                               const OvsSiteMoney *money,
                               gint64              spent_today,
                               gint64              spent_month,
                               gint64              estimate,
                               char              **message);

/* ovs_budget_spent () now, then ovs_budget_allows (). Blocks: for the command line. */
gboolean  ovs_budget_check    (const OvsBudget    *budget,
                               OvsTaskStore       *store,
                               const OvsSiteMoney *money,
                               gint64              estimate,
                               char              **message);

/* "$2.40", "¥17.00" or "1,200,000 tokens": @quota in the site's money. */
char     *ovs_budget_format   (const OvsSiteMoney *money,
                               gint64              quota);

G_END_DECLS
