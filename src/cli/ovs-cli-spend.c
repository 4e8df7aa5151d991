/* ovs-cli-spend.c: balance, the price table, budgets, and the sandbox's billing options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-balance-fetch.h"
#include "ovs-billing.h"
#include "ovs-budget.h"
#include "ovs-client.h"
#include "ovs-error.h"
#include "ovs-prices.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-cli.h"

gboolean
ovs_cli_sandbox_billing (OvsSandbox *sandbox,
                         const char *prices_file,
                         gint64      quota)
{
  OvsSandboxBilling *billing = ovs_sandbox_get_billing (sandbox);

  if (prices_file != NULL)
    {
      g_autoptr(GError) error = NULL;
      OvsPrices *prices = ovs_prices_new_from_file (prices_file, &error);

      if (prices == NULL)
        {
          ovs_cli_error ("sandbox", "%s", error->message);
          return FALSE;
        }
      ovs_sandbox_billing_set_prices (billing, prices);
    }
  if (quota >= 0)
    ovs_sandbox_billing_set_granted (billing, quota);
  return TRUE;
}

OvsPrices *
ovs_cli_load_prices (void)
{
  g_autofree char *path = ovs_prices_dup_default_path ();
  g_autoptr(GError) error = NULL;
  OvsPrices *prices = ovs_prices_new_from_file (path, &error);

  /* A broken table costs the estimate, never the sending. */
  if (prices == NULL)
    {
      ovs_cli_warning (_("The price table is not used: %s\n"), error->message);
      prices = ovs_prices_new ();
    }
  return prices;
}

gboolean
ovs_cli_spend_allows (const char   *command,
                      OvsTaskStore *store,
                      gint64        estimate,
                      double        daily,
                      double        monthly,
                      gboolean      yes)
{
  g_autofree char *message = NULL;
  OvsSiteMoney money;
  OvsBudget budget;

  /* Options given on the command line win over Preferences. */
  ovs_budget_init_from_settings (&budget);
  if (daily >= 0)
    budget.daily = daily;
  if (monthly >= 0)
    budget.monthly = monthly;
  ovs_site_money_init (&money);
  if (ovs_budget_check (&budget, store, &money, estimate, &message))
    return TRUE;
  if (yes)
    {
      ovs_cli_warning ("%s\n", message);
      return TRUE;
    }
  ovs_cli_error (command, _("%s Nothing was sent; --yes sends it anyway."), message);
  return FALSE;
}

static JsonNode *
get_json (OvsClient   *client,
          const char  *path,
          GError     **error)
{
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  JsonNode *node;

  ovs_client_get_json_async (client, path, NULL, ovs_cli_sync_result_cb, &sync);
  node = ovs_client_get_json_finish (client, ovs_cli_sync_wait (&sync), error);
  g_object_unref (sync.result);
  return node;
}

static gboolean
fetch_balance (OvsClient   *client,
               OvsBalance  *balance,
               GError     **error)
{
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  gboolean known;

  ovs_balance_fetch_async (client, NULL, ovs_cli_sync_result_cb, &sync);
  known = ovs_balance_fetch_finish (ovs_cli_sync_wait (&sync), balance, error);
  g_object_unref (sync.result);
  return known;
}

static void
print_balance (const OvsBalance   *balance,
               const OvsSiteMoney *money,
               gint64              today,
               gint64              month)
{
  g_autofree char *available = balance != NULL ? ovs_balance_format_available (balance, money) : NULL;
  g_autofree char *spent_today = ovs_budget_format (money, today);
  g_autofree char *spent_month = ovs_budget_format (money, month);

  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "available");
      if (balance != NULL && !balance->unlimited && balance->unit == OVS_BALANCE_UNIT_QUOTA)
        json_builder_add_int_value (builder, (gint64) balance->available);
      else if (balance != NULL && !balance->unlimited)
        json_builder_add_double_value (builder, balance->available);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, balance != NULL && balance->unit == OVS_BALANCE_UNIT_MONEY
                                              ? "money" : "quota");
      json_builder_set_member_name (builder, "unlimited");
      json_builder_add_boolean_value (builder, balance != NULL && balance->unlimited);
      json_builder_set_member_name (builder, "spent_today");
      json_builder_add_int_value (builder, today);
      json_builder_set_member_name (builder, "spent_this_month");
      json_builder_add_int_value (builder, month);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ovs_cli_print_json (root);
      return;
    }
  if (balance != NULL)
    g_print (_("Remaining: %s\n"), balance->unlimited ? _("unlimited") : available);
  g_print (_("Spent today: %s\n"), spent_today);
  g_print (_("Spent this month: %s\n"), spent_month);
}

int
ovs_cli_balance (int    argc,
                 char **argv)
{
  g_autofree char *route = NULL;
  g_autofree char *base_url = NULL;
  gboolean allow_insecure = FALSE;
  GOptionEntry entries[] = {
    OVS_CLI_GATEWAY_ENTRIES (&route, &base_url, &allow_insecure),
    { NULL }
  };
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status_node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  OvsBalance balance = { 0 };
  OvsSiteMoney money;
  gboolean known;
  gint64 today, month;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("balance", "",
                      _("Print what the key may still spend, as the gateway says, and what the "
                        "history's tasks cost today and this month."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if ((client = ovs_cli_make_client ("balance", base_url, route, allow_insecure, &status)) == NULL
      || (store = ovs_cli_open_store ("balance", &status)) == NULL)
    return status;

  /* How the site counts money; its default when it does not say. */
  ovs_site_money_init (&money);
  status_node = get_json (client, "/api/status", NULL);
  if (status_node != NULL)
    ovs_billing_parse_status (status_node, &money, NULL);

  known = fetch_balance (client, &balance, &error);
  if (!known && !ovs_balance_route_missing (error))
    {
      ovs_cli_error ("balance", "%s", error->message);
      return OVS_EXIT_NETWORK;
    }
  if (!known)
    ovs_cli_warning ("%s\n", _("The gateway does not say what the key may still spend."));

  ovs_budget_spent (store, now, &today, &month);
  print_balance (known ? &balance : NULL, &money, today, month);
  return OVS_EXIT_OK;
}
