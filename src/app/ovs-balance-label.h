/* ovs-balance-label.h: what the key may still spend, in the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-billing.h"
#include "ovs-client.h"

G_BEGIN_DECLS

#define OVS_TYPE_BALANCE_LABEL (ovs_balance_label_get_type ())

G_DECLARE_FINAL_TYPE (OvsBalanceLabel, ovs_balance_label, OVS, BALANCE_LABEL, AdwBin)

GtkWidget  *ovs_balance_label_new              (void);
/* Asks @client's gateway now; hidden until it answers, and for good when it has no route. */
void        ovs_balance_label_set_client       (OvsBalanceLabel *self,
                                                OvsClient       *client);
/* Asks again (a task ended), at most once per interval: a later ask waits for its turn. */
void        ovs_balance_label_refresh          (OvsBalanceLabel *self);
/* 60 s unless set (tests set 0). */
void        ovs_balance_label_set_min_interval (OvsBalanceLabel *self,
                                                guint            seconds);
/* How the site counts money (/api/status), the relay's default until it said. */
const OvsSiteMoney *ovs_balance_label_get_money (OvsBalanceLabel *self);
/* The amount shown, or NULL while hidden. */
const char *ovs_balance_label_get_text         (OvsBalanceLabel *self);

G_END_DECLS
