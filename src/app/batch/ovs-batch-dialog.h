/* ovs-batch-dialog.h: New Batch… — a CSV or JSONL file previewed, confirmed once, sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-billing.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_BATCH_DIALOG (ovs_batch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OvsBatchDialog, ovs_batch_dialog, OVS, BATCH_DIALOG, AdwWindow)

/* @template_text: the body a CSV's rows fill (the composer's request); @money: how the
 * site counts money (NULL: the relay's default). */
OvsBatchDialog *ovs_batch_dialog_new  (OvsTracker         *tracker,
                                       const OvsSiteMoney *money,
                                       const char         *template_text);
/* Reads and checks @file off the main thread, then shows each line. */
void            ovs_batch_dialog_load (OvsBatchDialog     *self,
                                       GFile              *file);

G_END_DECLS
