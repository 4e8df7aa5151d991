/* ovs-sandbox-billing.c: the sandbox's quota, in the relay's own answer shapes
 *
 * The shapes are those of tests/data/billing (QuantumNous/new-api, controller/token.go
 * GetTokenUsage and controller/billing.go GetSubscription/GetUsage, as cited there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-sandbox"

#include "config.h"

#include <string.h>

#include "ovs-sandbox-billing.h"

#define DEFAULT_GRANTED     25000000
#define DEFAULT_PER_SECOND  10000

struct _OvsSandboxBilling
{
  GObject    parent_instance;

  gint64     granted;
  gint64     used;
  OvsPrices *prices;
  gboolean   enabled;
  gboolean   token_route;  /* FALSE: /api/usage/token answers 404, the OpenAI-style pair stays */
  GHashTable *n_requests;  /* route → guint, every billing request seen, answered or not */
};

G_DEFINE_FINAL_TYPE (OvsSandboxBilling, ovs_sandbox_billing, G_TYPE_OBJECT)

static void
ovs_sandbox_billing_finalize (GObject *object)
{
  OvsSandboxBilling *self = OVS_SANDBOX_BILLING (object);

  g_clear_pointer (&self->prices, ovs_prices_free);
  g_clear_pointer (&self->n_requests, g_hash_table_unref);
  G_OBJECT_CLASS (ovs_sandbox_billing_parent_class)->finalize (object);
}

static void
ovs_sandbox_billing_class_init (OvsSandboxBillingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ovs_sandbox_billing_finalize;
}

static void
ovs_sandbox_billing_init (OvsSandboxBilling *self)
{
  self->granted = DEFAULT_GRANTED;
  self->enabled = TRUE;
  self->token_route = TRUE;
  self->n_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

OvsSandboxBilling *
ovs_sandbox_billing_new (void)
{
  return g_object_new (OVS_TYPE_SANDBOX_BILLING, NULL);
}

void
ovs_sandbox_billing_set_granted (OvsSandboxBilling *self,
                                 gint64             granted)
{
  g_return_if_fail (OVS_IS_SANDBOX_BILLING (self));
  self->granted = MAX (granted, 0);
}

void
ovs_sandbox_billing_set_prices (OvsSandboxBilling *self,
                                OvsPrices         *prices)
{
  g_return_if_fail (OVS_IS_SANDBOX_BILLING (self));
  g_clear_pointer (&self->prices, ovs_prices_free);
  self->prices = prices;
}

void
ovs_sandbox_billing_set_enabled (OvsSandboxBilling *self,
                                 gboolean           enabled)
{
  g_return_if_fail (OVS_IS_SANDBOX_BILLING (self));
  self->enabled = enabled;
}

void
ovs_sandbox_billing_set_token_route (OvsSandboxBilling *self,
                                     gboolean           enabled)
{
  g_return_if_fail (OVS_IS_SANDBOX_BILLING (self));
  self->token_route = enabled;
}

guint
ovs_sandbox_billing_get_n_requests (OvsSandboxBilling *self,
                                    const char        *route)
{
  g_return_val_if_fail (OVS_IS_SANDBOX_BILLING (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->n_requests, route));
}

gint64
ovs_sandbox_billing_get_used (OvsSandboxBilling *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX_BILLING (self), 0);
  return self->used;
}

gint64
ovs_sandbox_billing_charge (OvsSandboxBilling *self,
                            const char        *model,
                            double             seconds)
{
  gint64 cost;

  g_return_val_if_fail (OVS_IS_SANDBOX_BILLING (self), 0);

  if (self->prices != NULL)
    cost = MAX (ovs_prices_quote (self->prices, model, seconds), 0);
  else
    cost = (gint64) (DEFAULT_PER_SECOND * MAX (seconds, 0) + 0.5);
  self->used += cost;
  return cost;
}

/* The answers are written as the relay's fixtures read (tests/data/billing), member for
 * member; numbers with a dot whatever the locale. */
static void
reply (SoupServerMessage *msg,
       guint              status,
       char              *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

static char *
money (double amount)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.6g", amount));
}

/* GET /api/usage/token (controller/token.go, GetTokenUsage) */
static char *
token_usage (OvsSandboxBilling *self)
{
  return g_strdup_printf ("{\"code\":true,\"message\":\"ok\",\"data\":{\"object\":\"token_usage\","
                          "\"name\":\"sandbox\",\"total_granted\":%" G_GINT64_FORMAT ","
                          "\"total_used\":%" G_GINT64_FORMAT ",\"total_available\":%" G_GINT64_FORMAT ","
                          "\"unlimited_quota\":false,\"model_limits\":{},"
                          "\"model_limits_enabled\":false,\"expires_at\":0}}",
                          self->granted, self->used, self->granted - self->used);
}

/* GET /dashboard/billing/subscription: the limit is what is left plus what was used. */
static char *
subscription (OvsSandboxBilling *self)
{
  g_autofree char *limit = money ((double) self->granted / OVS_SANDBOX_QUOTA_PER_UNIT);

  return g_strdup_printf ("{\"object\":\"billing_subscription\",\"has_payment_method\":true,"
                          "\"soft_limit_usd\":%s,\"hard_limit_usd\":%s,"
                          "\"system_hard_limit_usd\":%s,\"access_until\":0}", limit, limit, limit);
}

/* GET /dashboard/billing/usage: in hundredths of a dollar. */
static char *
usage (OvsSandboxBilling *self)
{
  g_autofree char *total = money ((double) self->used * 100 / OVS_SANDBOX_QUOTA_PER_UNIT);

  return g_strdup_printf ("{\"object\":\"list\",\"total_usage\":%s}", total);
}

static gboolean
key_accepted (SoupServerMessage *msg,
              const char        *api_key)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  const char *token;

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return FALSE;
  token = header + 7;
  while (*token == ' ')
    token++;
  return *token != '\0' && (api_key == NULL || g_str_equal (token, api_key));
}

static gboolean
is_billing_route (const char *route)
{
  return g_str_equal (route, "/api/status") || g_str_equal (route, "/api/usage/token")
         || g_str_equal (route, "/dashboard/billing/subscription")
         || g_str_equal (route, "/dashboard/billing/usage");
}

gboolean
ovs_sandbox_billing_handle (OvsSandboxBilling *self,
                            SoupServerMessage *msg,
                            const char        *path,
                            const char        *api_key)
{
  const char *route = g_str_has_prefix (path, "/v1/dashboard/") ? path + 3 : path;

  g_return_val_if_fail (OVS_IS_SANDBOX_BILLING (self), FALSE);

  if (is_billing_route (route))
    g_hash_table_replace (self->n_requests, g_strdup (route),
                          GUINT_TO_POINTER (ovs_sandbox_billing_get_n_requests (self, route) + 1));
  if (!self->enabled || soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    return FALSE;
  /* Public: how quota units become money. */
  if (g_str_equal (path, "/api/status"))
    reply (msg, SOUP_STATUS_OK,
           g_strdup_printf ("{\"success\":true,\"message\":\"\",\"data\":{\"version\":\"sandbox\","
                            "\"quota_per_unit\":%d,\"quota_display_type\":\"USD\"}}",
                            OVS_SANDBOX_QUOTA_PER_UNIT));
  else if (!is_billing_route (route) || g_str_equal (route, "/api/status"))
    return FALSE;
  /* A relay older than the token route: the sandbox's 404, as for any unknown path. */
  else if (!self->token_route && g_str_equal (route, "/api/usage/token"))
    return FALSE;
  else if (!key_accepted (msg, api_key))
    /* The relay's token middleware on a refused key. */
    reply (msg, SOUP_STATUS_UNAUTHORIZED,
           g_strdup ("{\"success\":false,\"message\":\"无效的令牌\"}"));
  else if (g_str_equal (route, "/api/usage/token"))
    reply (msg, SOUP_STATUS_OK, token_usage (self));
  else if (g_str_equal (route, "/dashboard/billing/subscription"))
    reply (msg, SOUP_STATUS_OK, subscription (self));
  else
    reply (msg, SOUP_STATUS_OK, usage (self));
  return TRUE;
}
