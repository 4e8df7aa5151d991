/* ovs-balance-fetch.h: asking the gateway what a key may still spend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The relay's own route first (GET /api/usage/token, in quota units); where a relay lacks it
 * (404/501), the OpenAI-style pair (GET /dashboard/billing/subscription, then
 * /dashboard/billing/usage, in money). A gateway without either answers
 * OVS_ERROR_NOT_FOUND or OVS_ERROR_UNSUPPORTED: see ovs_balance_route_missing().
 */
#pragma once

#include <gio/gio.h>

#include "ovs-billing.h"
#include "ovs-client.h"

G_BEGIN_DECLS

void     ovs_balance_fetch_async      (OvsClient           *client,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean ovs_balance_fetch_finish     (GAsyncResult        *result,
                                       OvsBalance          *balance,
                                       GError             **error);

/* TRUE when @error says the gateway has no such route: the feature hides, nothing else. */
gboolean ovs_balance_route_missing    (const GError        *error);

/* What @balance leaves in quota units, or -1 when it cannot be subtracted exactly (an
 * unlimited key, or figures in money, which the OpenAI-style routes round to cents). */
gint64   ovs_balance_quota_available  (const OvsBalance    *balance);

G_END_DECLS
