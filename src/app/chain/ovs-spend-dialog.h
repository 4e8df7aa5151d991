/* ovs-spend-dialog.h: Spending — what the history's tasks cost, per day and per month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-billing.h"
#include "ovs-spend.h"

G_BEGIN_DECLS

#define OVS_TYPE_SPEND_DIALOG (ovs_spend_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OvsSpendDialog, ovs_spend_dialog, OVS, SPEND_DIALOG, AdwWindow)

/* Reads the history at @history_path in a thread (ovs_spend_read_async ()); @money: how the
 * site counts money (NULL: the relay's default). */
OvsSpendDialog *ovs_spend_dialog_new    (const char         *history_path,
                                         const OvsSiteMoney *money);
OvsSpendBy      ovs_spend_dialog_get_by (OvsSpendDialog     *self);
void            ovs_spend_dialog_set_by (OvsSpendDialog     *self,
                                         OvsSpendBy          by);

G_END_DECLS
