/* ovs-budget.c: whether sending more would go over the user's daily or monthly budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-budget"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ovs-budget.h"
#include "ovs-spend.h"

void
ovs_budget_init_from_settings (OvsBudget *budget)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL
                                      ? g_settings_schema_source_lookup (source, APP_ID, TRUE)
                                      : NULL;

  budget->daily = budget->monthly = 0;
  /* The command line runs where the application may not be installed. */
  if (schema != NULL && g_settings_schema_has_key (schema, "budget-daily")
      && g_settings_schema_has_key (schema, "budget-monthly"))
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);

      budget->daily = g_settings_get_double (settings, "budget-daily");
      budget->monthly = g_settings_get_double (settings, "budget-monthly");
    }
}

void
ovs_budget_spent (OvsTaskStore *store,
                  GDateTime    *now,
                  gint64       *today,
                  gint64       *this_month)
{
  g_autoptr(GError) error = NULL;

  if (!ovs_spend_read_today_month (ovs_task_store_get_path (store), now, today, this_month, &error))
    g_message ("%s", error->message);
}

typedef struct
{
  gint64 today;
  gint64 month;
} Spent;

/* Another connection, in a thread: the main loop never waits on the history. */
static void
spent_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree Spent *spent = g_new0 (Spent, 1);
  GError *error = NULL;

  if (!ovs_spend_read_today_month (task_data, now, &spent->today, &spent->month, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&spent), g_free);
}

void
ovs_budget_spent_async (OvsTaskStore        *store,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (OVS_IS_TASK_STORE (store));

  g_task_set_source_tag (task, ovs_budget_spent_async);
  g_task_set_task_data (task, g_strdup (ovs_task_store_get_path (store)), g_free);
  g_task_run_in_thread (task, spent_thread);
}

gboolean
ovs_budget_spent_finish (GAsyncResult  *result,
                         gint64        *today,
                         gint64        *this_month,
                         GError       **error)
{
  g_autofree Spent *spent = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  spent = g_task_propagate_pointer (G_TASK (result), error);
  *today = spent != NULL ? spent->today : 0;
  *this_month = spent != NULL ? spent->month : 0;
  return spent != NULL;
}

gboolean
ovs_budget_check (const OvsBudget    *budget,
                  OvsTaskStore       *store,
                  const OvsSiteMoney *money,
                  gint64              estimate,
                  char              **message)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 today, month;

  /* No question, and no read of the history, without a budget or an estimate. */
  if ((budget->daily <= 0 && budget->monthly <= 0) || estimate < 0)
    return TRUE;
  ovs_budget_spent (store, now, &today, &month);
  return ovs_budget_allows (budget, money, today, month, estimate, message);
}

char *
ovs_budget_format (const OvsSiteMoney *money,
                   gint64              quota)
{
  OvsBalance balance = { .unit = OVS_BALANCE_UNIT_QUOTA, .available = (double) quota };

  return ovs_balance_format_available (&balance, money);
}

static gboolean
within (double              budget,
        const OvsSiteMoney *money,
        gint64              spent,
        gint64              estimate)
{
  if (!(budget > 0) || estimate < 0)
    return TRUE;
  return ovs_site_money_from_quota (money, (double) (spent + estimate)) <= budget + 1e-9;
}

gboolean
ovs_budget_allows (const OvsBudget    *budget,
                   const OvsSiteMoney *money,
                   gint64              spent_today,
                   gint64              spent_month,
                   gint64              estimate,
                   char              **message)
{
  g_autofree char *amount = ovs_budget_format (money, estimate);
  gboolean daily_ok = within (budget->daily, money, spent_today, estimate);
  gboolean monthly_ok = within (budget->monthly, money, spent_month, estimate);
  g_autofree char *spent = NULL;
  g_autofree char *limit = NULL;

  if (daily_ok && monthly_ok)
    return TRUE;
  if (message == NULL)
    return FALSE;

  if (!daily_ok)
    {
      OvsBalance b = { .unit = OVS_BALANCE_UNIT_MONEY, .available = budget->daily };

      spent = ovs_budget_format (money, spent_today);
      limit = ovs_balance_format_available (&b, money);
      /* Translators: "This costs about $2.40; with $9.00 spent today it goes over the daily budget of $10.00." */
      *message = g_strdup_printf (_("This costs about %s; with %s spent today it goes over the "
                                    "daily budget of %s."), amount, spent, limit);
    }
  else
    {
      OvsBalance b = { .unit = OVS_BALANCE_UNIT_MONEY, .available = budget->monthly };

      spent = ovs_budget_format (money, spent_month);
      limit = ovs_balance_format_available (&b, money);
      *message = g_strdup_printf (_("This costs about %s; with %s spent this month it goes over "
                                    "the monthly budget of %s."), amount, spent, limit);
    }
  return FALSE;
}
