/* ovs-draft-history-dialog.h: the last states of a draft, to pick one to restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OVS_TYPE_DRAFT_HISTORY_DIALOG (ovs_draft_history_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OvsDraftHistoryDialog, ovs_draft_history_dialog, OVS, DRAFT_HISTORY_DIALOG, AdwWindow)

/* @history: OvsDraftState, newest first (copied). "restore" (const char *json) is emitted
 * when the user picks a state; the dialog then closes. */
GtkWidget *ovs_draft_history_dialog_new (GtkWindow *parent,
                                         GPtrArray *history);

G_END_DECLS
