/* ovs-billing.h: what the gateway says a key may still spend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over the answers of the new-api relay's quota routes (see
 * tests/data/billing/README.md for the shapes and where they come from):
 *   GET /api/usage/token                    the key's own quota, in quota units
 *   GET /dashboard/billing/subscription     OpenAI-style: the limit, in money
 *   GET /dashboard/billing/usage            OpenAI-style: what was used, in cents
 *   GET /api/status                         public: quota units per unit of money
 * Each answer may be an error although its HTTP status is 200; numbers may come as strings.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* How the figures of an OvsBalance count. */
typedef enum
{
  OVS_BALANCE_UNIT_QUOTA,  /* the relay's quota units: turn into money with an OvsSiteMoney */
  OVS_BALANCE_UNIT_MONEY,  /* already in the site's display currency (or tokens) */
} OvsBalanceUnit;

typedef struct
{
  OvsBalanceUnit unit;
  gboolean       unlimited;
  gboolean       has_granted;
  gboolean       has_used;
  double         granted;
  double         used;
  double         available;   /* granted - used where the route does not say */
  gint64         expires_at;  /* unix seconds; 0 = never */
} OvsBalance;

/* How a site shows money (from /api/status). */
typedef struct
{
  double quota_per_unit;     /* quota units per US dollar; 500 000 unless the site says */
  double usd_exchange_rate;  /* for CNY; 0 = not given */
  char   currency[8];        /* "USD", "CNY" or "TOKENS" */
} OvsSiteMoney;

/* The relay's largest figure for an unlimited key on the OpenAI-style routes. */
#define OVS_BALANCE_UNLIMITED_MONEY 100000000.0

gboolean ovs_billing_parse_token_usage  (JsonNode      *root,
                                         OvsBalance    *balance,
                                         GError       **error);
/* Starts a balance from the subscription's hard limit; ovs_billing_parse_usage() then adds
 * what was used. */
gboolean ovs_billing_parse_subscription (JsonNode      *root,
                                         OvsBalance    *balance,
                                         GError       **error);
gboolean ovs_billing_parse_usage        (JsonNode      *root,
                                         OvsBalance    *balance,
                                         GError       **error);
gboolean ovs_billing_parse_status       (JsonNode      *root,
                                         OvsSiteMoney  *money,
                                         GError       **error);
void     ovs_site_money_init            (OvsSiteMoney  *money);

/* @quota (in quota units) in the site's money, e.g. 35.5 for 17 750 000 units at 500 000
 * per dollar; TOKENS sites get the units back. */
double   ovs_site_money_from_quota      (const OvsSiteMoney *money,
                                         double              quota);
/* What is left, in the site's money: "$35.50", "¥248.50", "17,750,000 tokens". NULL for an
 * unlimited key. */
char    *ovs_balance_format_available   (const OvsBalance   *balance,
                                         const OvsSiteMoney *money);

G_END_DECLS
