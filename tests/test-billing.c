/* test-billing.c: the balance a key has left, from the relay's own answers
 *
 * The fixtures in tests/data/billing/ copy the shapes of the new-api relay's handlers
 * (README.md there says which).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ovs-billing.h"
#include "ovs-error.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "billing", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_token_usage (void)
{
  g_autoptr(JsonNode) usage = load ("token-usage.json");
  g_autoptr(JsonNode) status = load ("status.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  OvsBalance balance;
  OvsSiteMoney money;

  g_assert_true (ovs_billing_parse_token_usage (usage, &balance, &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance.unit, ==, OVS_BALANCE_UNIT_QUOTA);
  g_assert_false (balance.unlimited);
  g_assert_cmpfloat (balance.granted, ==, 25000000);
  g_assert_cmpfloat (balance.used, ==, 7250000);
  g_assert_cmpfloat (balance.available, ==, 17750000);
  g_assert_cmpint (balance.expires_at, ==, 0);

  g_assert_true (ovs_billing_parse_status (status, &money, &error));
  g_assert_cmpfloat (money.quota_per_unit, ==, 500000);
  g_assert_cmpstr (money.currency, ==, "USD");
  shown = ovs_balance_format_available (&balance, &money);
  g_assert_cmpstr (shown, ==, "$35.50");
}

static void
test_token_usage_unlimited (void)
{
  g_autoptr(JsonNode) usage = load ("token-usage-unlimited.json");
  g_autoptr(GError) error = NULL;
  OvsBalance balance;

  g_assert_true (ovs_billing_parse_token_usage (usage, &balance, &error));
  g_assert_true (balance.unlimited);
  g_assert_cmpfloat (balance.available, ==, 0);
  g_assert_cmpint (balance.expires_at, ==, 1798761600);
  /* Nothing to show: an unlimited key has no balance to run out of. */
  g_assert_null (ovs_balance_format_available (&balance, NULL));
}

static void
test_bad_key (void)
{
  g_autoptr(JsonNode) usage = load ("token-usage-bad-key.json");
  g_autoptr(GError) error = NULL;
  OvsBalance balance;

  g_assert_false (ovs_billing_parse_token_usage (usage, &balance, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_SERVER);
  /* The gateway's own words reach the user. */
  g_assert_nonnull (strstr (error->message, "无效的令牌"));
}

static void
test_subscription_and_usage (void)
{
  g_autoptr(JsonNode) subscription = load ("subscription.json");
  g_autoptr(JsonNode) usage = load ("usage.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  OvsBalance balance;

  g_assert_true (ovs_billing_parse_subscription (subscription, &balance, &error));
  g_assert_true (ovs_billing_parse_usage (usage, &balance, &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance.unit, ==, OVS_BALANCE_UNIT_MONEY);
  /* hard_limit_usd is left + used; total_usage counts cents. */
  g_assert_cmpfloat_with_epsilon (balance.used, 14.50, 1e-9);
  g_assert_cmpfloat_with_epsilon (balance.available, 35.50, 1e-9);
  shown = ovs_balance_format_available (&balance, NULL);
  g_assert_cmpstr (shown, ==, "$35.50");
}

static void
test_subscription_unlimited (void)
{
  g_autoptr(JsonNode) subscription = load ("subscription-unlimited.json");
  g_autoptr(GError) error = NULL;
  OvsBalance balance;

  g_assert_true (ovs_billing_parse_subscription (subscription, &balance, &error));
  g_assert_true (balance.unlimited);
  g_assert_cmpint (balance.expires_at, ==, 1798761600);
}

static void
test_error_with_200 (void)
{
  g_autoptr(JsonNode) answer = load ("billing-error.json");
  g_autoptr(GError) error = NULL;
  OvsBalance balance;

  g_assert_false (ovs_billing_parse_subscription (answer, &balance, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "record not found"));
  g_clear_error (&error);
  g_assert_false (ovs_billing_parse_usage (answer, &balance, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_SERVER);
}

static void
test_cny_strings (void)
{
  g_autoptr(JsonNode) status = load ("status-cny.json");
  g_autoptr(JsonNode) usage = load ("token-usage.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  OvsSiteMoney money;
  OvsBalance balance;

  /* Numbers as strings: 100 units a dollar, 7 yuan a dollar. */
  g_assert_true (ovs_billing_parse_status (status, &money, &error));
  g_assert_cmpfloat (money.quota_per_unit, ==, 100);
  g_assert_cmpfloat (money.usd_exchange_rate, ==, 7);
  g_assert_cmpstr (money.currency, ==, "CNY");
  g_assert_true (ovs_billing_parse_token_usage (usage, &balance, &error));
  shown = ovs_balance_format_available (&balance, &money);
  g_assert_cmpstr (shown, ==, "¥1242500.00");
}

static void
test_not_an_answer (void)
{
  static const char *bodies[] = {
    "[]", "\"ok\"", "{\"code\":true,\"data\":[]}", "{\"code\":true,\"data\":{\"total_used\":\"x\"}}",
    "{\"object\":\"list\"}", "{\"data\":{\"total_available\":1e999}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      OvsBalance balance;

      json_parser_load_from_data (parser, bodies[i], -1, NULL);
      g_assert_false (ovs_billing_parse_token_usage (json_parser_get_root (parser), &balance, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
      g_assert_false (ovs_billing_parse_usage (json_parser_get_root (parser), &balance, &error));
      g_assert_nonnull (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/billing/token-usage", test_token_usage);
  g_test_add_func ("/billing/token-usage-unlimited", test_token_usage_unlimited);
  g_test_add_func ("/billing/bad-key", test_bad_key);
  g_test_add_func ("/billing/subscription-and-usage", test_subscription_and_usage);
  g_test_add_func ("/billing/subscription-unlimited", test_subscription_unlimited);
  g_test_add_func ("/billing/error-with-200", test_error_with_200);
  g_test_add_func ("/billing/cny-strings", test_cny_strings);
  g_test_add_func ("/billing/not-an-answer", test_not_an_answer);

  return g_test_run ();
}
