/* ovs-prices.h: what a request will cost, from a price table the user can edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gateway publishes no per-request price to an API key, so estimates come from a JSON
 * file (docs/spend.md), by default $XDG_CONFIG_HOME/omni-video-studio/prices.json:
 *
 *   { "models": { "Kling-3.0-omni": { "per_second": 40000 },
 *                 "Vidu-q2":        { "per_call": 150000, "per_second": 0 } } }
 *
 * in the relay's quota units (500 000 make one US dollar unless the site says otherwise).
 * Model names match as the catalog matches them (case and separators do not count). The
 * sandbox charges from the same table.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OvsPrices OvsPrices;

/* An empty table: every estimate is unknown. */
OvsPrices *ovs_prices_new              (void);
/* Reads a table; fails with OVS_ERROR_INVALID naming the member that is wrong. */
OvsPrices *ovs_prices_new_from_data    (const char   *text,
                                        gssize        length,
                                        GError      **error);
/* The table at @path; a missing file is an empty table, a bad one an error. */
OvsPrices *ovs_prices_new_from_file    (const char   *path,
                                        GError      **error);
char      *ovs_prices_dup_default_path (void);
void       ovs_prices_free             (OvsPrices    *prices);

/* Quota units for @model running @seconds; -1 when the table has no price for it. */
gint64     ovs_prices_quote            (OvsPrices    *prices,
                                        const char   *model,
                                        double        seconds);
/* The same for a request body (its "model" and "seconds"); -1 when unknown. */
gint64     ovs_prices_estimate         (OvsPrices    *prices,
                                        const char   *body_json);
/* The sum of the estimates of @bodies that are known; @n_unknown gets how many are not
 * (an unknown one never counts as free: callers say it). */
gint64     ovs_prices_estimate_all     (OvsPrices    *prices,
                                        GPtrArray    *bodies,
                                        guint        *n_unknown);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsPrices, ovs_prices_free)

G_END_DECLS
