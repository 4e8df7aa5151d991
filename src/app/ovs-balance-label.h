/* ovs-balance-label.h: what the key may still spend, in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-billing.h"
#include "ovs-client.h"
#include "ovs-cost-watch.h"

G_BEGIN_DECLS

#define OVS_TYPE_BALANCE_LABEL (ovs_balance_label_get_type ())

G_DECLARE_FINAL_TYPE (OvsBalanceLabel, ovs_balance_label, OVS, BALANCE_LABEL, AdwBin)

GtkWidget  *ovs_balance_label_new              (void);
/* Asks @client's gateway how the site counts money (/api/status), once. */
void        ovs_balance_label_set_client       (OvsBalanceLabel *self,
                                                OvsClient       *client);
/* Shows what @watch read: hidden until it knows, and while the gateway has no route. */
void        ovs_balance_label_set_watch        (OvsBalanceLabel *self,
                                                OvsCostWatch    *watch);
OvsCostWatch *ovs_balance_label_get_watch      (OvsBalanceLabel *self);
/* How the site counts money (/api/status), the relay's default until it said. */
const OvsSiteMoney *ovs_balance_label_get_money (OvsBalanceLabel *self);
/* The amount shown, or NULL while hidden. */
const char *ovs_balance_label_get_text         (OvsBalanceLabel *self);

G_END_DECLS
