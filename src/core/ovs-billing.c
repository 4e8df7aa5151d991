/* ovs-billing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-billing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ovs-billing.h"
#include "ovs-error.h"

/* A number, or a string holding one (the relay's settings come back as either). */
static gboolean
member_number (JsonObject *object,
               const char *name,
               double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  const char *text;
  char *end = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return isfinite (*value);
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      *value = g_ascii_strtod (text, &end);
      return end != text && *end == '\0' && isfinite (*value);
    default:
      return FALSE;
    }
}

static gboolean
member_true (JsonObject *object,
             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The relay answers errors with HTTP 200 too: {"error":{"message"}} on the OpenAI-style
 * routes, {"success":false,"message"} on its own. Sets @error and returns NULL then, or
 * when the answer is not an object. */
static JsonObject *
answer_object (JsonNode    *root,
               const char  *route,
               GError     **error)
{
  JsonObject *object;
  JsonNode *node;
  const char *message = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                   _("The gateway’s answer to %s is not a JSON object"), route);
      return NULL;
    }
  object = json_node_get_object (root);
  node = json_object_get_member (object, "error");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    message = json_object_get_string_member_with_default (json_node_get_object (node), "message", "");
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    message = json_node_get_string (node);
  else if ((node = json_object_get_member (object, "success")) != NULL
           && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN
           && !json_node_get_boolean (node))
    message = json_object_get_string_member_with_default (object, "message", "");
  if (message != NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_SERVER, _("The gateway could not say the balance: %s"),
                   *message != '\0' ? message : _("no reason given"));
      return NULL;
    }
  return object;
}

/* The relay's own routes wrap their figures in "data". */
static JsonObject *
data_object (JsonObject  *object,
             const char  *route,
             GError     **error)
{
  JsonNode *data = json_object_get_member (object, "data");

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                   _("The gateway’s answer to %s has no “%s” object"), route, "data");
      return NULL;
    }
  return json_node_get_object (data);
}

static void
balance_init (OvsBalance     *balance,
              OvsBalanceUnit  unit)
{
  memset (balance, 0, sizeof *balance);
  balance->unit = unit;
}

gboolean
ovs_billing_parse_token_usage (JsonNode    *root,
                               OvsBalance  *balance,
                               GError     **error)
{
  JsonObject *object = answer_object (root, "/api/usage/token", error);
  double expires = 0;

  g_return_val_if_fail (balance != NULL, FALSE);
  if (object == NULL)
    return FALSE;
  if ((object = data_object (object, "/api/usage/token", error)) == NULL)
    return FALSE;
  balance_init (balance, OVS_BALANCE_UNIT_QUOTA);
  balance->unlimited = member_true (object, "unlimited_quota");
  balance->has_granted = member_number (object, "total_granted", &balance->granted);
  balance->has_used = member_number (object, "total_used", &balance->used);
  if (!member_number (object, "total_available", &balance->available))
    {
      if (!balance->has_granted || !balance->has_used)
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                       _("The gateway’s answer to %s does not say what is available"),
                       "/api/usage/token");
          return FALSE;
        }
      balance->available = balance->granted - balance->used;
    }
  if (member_number (object, "expires_at", &expires) && expires > 0)
    balance->expires_at = (gint64) expires;
  return TRUE;
}

gboolean
ovs_billing_parse_subscription (JsonNode    *root,
                                OvsBalance  *balance,
                                GError     **error)
{
  const char *route = "/dashboard/billing/subscription";
  JsonObject *object = answer_object (root, route, error);
  double access_until = 0;

  g_return_val_if_fail (balance != NULL, FALSE);
  if (object == NULL)
    return FALSE;
  balance_init (balance, OVS_BALANCE_UNIT_MONEY);
  if (!member_number (object, "hard_limit_usd", &balance->granted)
      && !member_number (object, "soft_limit_usd", &balance->granted))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                   _("The gateway’s answer to %s has no “%s”"), route, "hard_limit_usd");
      return FALSE;
    }
  balance->has_granted = TRUE;
  balance->unlimited = balance->granted >= OVS_BALANCE_UNLIMITED_MONEY;
  balance->available = balance->granted;
  if (member_number (object, "access_until", &access_until) && access_until > 0)
    balance->expires_at = (gint64) access_until;
  return TRUE;
}

gboolean
ovs_billing_parse_usage (JsonNode    *root,
                         OvsBalance  *balance,
                         GError     **error)
{
  const char *route = "/dashboard/billing/usage";
  JsonObject *object = answer_object (root, route, error);
  double cents;

  g_return_val_if_fail (balance != NULL, FALSE);
  if (object == NULL)
    return FALSE;
  if (!member_number (object, "total_usage", &cents))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                   _("The gateway’s answer to %s has no “%s”"), route, "total_usage");
      return FALSE;
    }
  /* "total_usage" counts hundredths (OpenAI's cents), whatever the site's currency. */
  balance->used = cents / 100.0;
  balance->has_used = TRUE;
  /* The subscription's limit is what was left plus what was used. */
  if (balance->has_granted)
    balance->available = MAX (balance->granted - balance->used, 0);
  return TRUE;
}

void
ovs_site_money_init (OvsSiteMoney *money)
{
  memset (money, 0, sizeof *money);
  money->quota_per_unit = 500000;
  g_strlcpy (money->currency, "USD", sizeof money->currency);
}

gboolean
ovs_billing_parse_status (JsonNode      *root,
                          OvsSiteMoney  *money,
                          GError       **error)
{
  JsonObject *object = answer_object (root, "/api/status", error);
  const char *type;
  double per_unit = 0;

  g_return_val_if_fail (money != NULL, FALSE);
  ovs_site_money_init (money);
  if (object == NULL)
    return FALSE;
  if ((object = data_object (object, "/api/status", error)) == NULL)
    return FALSE;
  if (member_number (object, "quota_per_unit", &per_unit) && per_unit > 0)
    money->quota_per_unit = per_unit;
  member_number (object, "usd_exchange_rate", &money->usd_exchange_rate);
  type = json_object_get_string_member_with_default (object, "quota_display_type", NULL);
  if (type != NULL && (g_ascii_strcasecmp (type, "CNY") == 0 || g_ascii_strcasecmp (type, "USD") == 0))
    g_strlcpy (money->currency, type, sizeof money->currency);
  else if (type != NULL && (g_ascii_strcasecmp (type, "TOKENS") == 0 || g_ascii_strcasecmp (type, "quota") == 0))
    g_strlcpy (money->currency, "TOKENS", sizeof money->currency);
  for (char *c = money->currency; *c != '\0'; c++)
    *c = g_ascii_toupper (*c);
  return TRUE;
}

double
ovs_site_money_from_quota (const OvsSiteMoney *money,
                           double              quota)
{
  double dollars;

  if (g_str_equal (money->currency, "TOKENS"))
    return quota;
  dollars = quota / (money->quota_per_unit > 0 ? money->quota_per_unit : 500000);
  if (g_str_equal (money->currency, "CNY") && money->usd_exchange_rate > 0)
    return dollars * money->usd_exchange_rate;
  return dollars;
}

char *
ovs_balance_format_available (const OvsBalance   *balance,
                              const OvsSiteMoney *money)
{
  OvsSiteMoney fallback;
  double amount;

  if (balance->unlimited)
    return NULL;
  if (money == NULL)
    {
      ovs_site_money_init (&fallback);
      money = &fallback;
    }
  amount = balance->unit == OVS_BALANCE_UNIT_QUOTA
           ? ovs_site_money_from_quota (money, balance->available) : balance->available;
  if (g_str_equal (money->currency, "TOKENS"))
    /* Translators: a gateway balance counted in its quota units, e.g. "17750000 tokens" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%.0f token", "%.0f tokens",
                                         amount >= 1 && amount < 2 ? 1 : 2), amount);
  if (g_str_equal (money->currency, "CNY"))
    return g_strdup_printf ("¥%.2f", amount);
  return g_strdup_printf ("$%.2f", amount);
}
