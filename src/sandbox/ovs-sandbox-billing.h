/* ovs-sandbox-billing.h: the sandbox's quota — the relay's billing routes, and a charge for
 * every finished task from a price table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "ovs-prices.h"

G_BEGIN_DECLS

#define OVS_TYPE_SANDBOX_BILLING (ovs_sandbox_billing_get_type ())

G_DECLARE_FINAL_TYPE (OvsSandboxBilling, ovs_sandbox_billing, OVS, SANDBOX_BILLING, GObject)

/* Quota units per US dollar, as the relay counts by default. */
#define OVS_SANDBOX_QUOTA_PER_UNIT 500000

OvsSandboxBilling *ovs_sandbox_billing_new          (void);
/* The key's grant, in quota units (default 25 000 000, $50). */
void               ovs_sandbox_billing_set_granted  (OvsSandboxBilling *self,
                                                     gint64             granted);
/* Takes @prices; NULL restores the default table (every model 10 000 units a second). */
void               ovs_sandbox_billing_set_prices   (OvsSandboxBilling *self,
                                                     OvsPrices         *prices);
/* FALSE: the routes answer 404, as on a gateway without them. */
void               ovs_sandbox_billing_set_enabled  (OvsSandboxBilling *self,
                                                     gboolean           enabled);
/* FALSE: only GET /api/usage/token answers 404 (a relay without it); the OpenAI-style
 * /dashboard/billing/subscription and /v1/dashboard/billing/usage go on answering. */
void               ovs_sandbox_billing_set_token_route (OvsSandboxBilling *self,
                                                        gboolean           enabled);
/* How many requests @route received ("/api/status", "/api/usage/token",
 * "/dashboard/billing/subscription", "/dashboard/billing/usage"; the /v1/ forms count as
 * theirs), answered or not: how tests check "never asked again". */
guint              ovs_sandbox_billing_get_n_requests  (OvsSandboxBilling *self,
                                                        const char        *route);
gint64             ovs_sandbox_billing_get_used     (OvsSandboxBilling *self);
/* Charges a finished task; returns what it cost (0 for a model the table lacks). */
gint64             ovs_sandbox_billing_charge       (OvsSandboxBilling *self,
                                                     const char        *model,
                                                     double             seconds);
/* Answers @msg when @path is a billing route: TRUE when it did. @api_key is the key the
 * sandbox accepts (NULL: any non-empty key). */
gboolean           ovs_sandbox_billing_handle       (OvsSandboxBilling *self,
                                                     SoupServerMessage *msg,
                                                     const char        *path,
                                                     const char        *api_key);

G_END_DECLS
