/* ovs-spend-row.h: one day or month of the Spending dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-billing.h"
#include "ovs-spend.h"

G_BEGIN_DECLS

#define OVS_TYPE_SPEND_ROW (ovs_spend_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsSpendRow, ovs_spend_row, OVS, SPEND_ROW, AdwActionRow)

GtkWidget  *ovs_spend_row_new        (const OvsSpendPeriod *period,
                                      OvsSpendBy            by,
                                      const OvsSiteMoney   *money);
/* What the row shows as the period's cost: "$2.40". */
const char *ovs_spend_row_get_amount (OvsSpendRow          *self);

G_END_DECLS
