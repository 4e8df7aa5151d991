/* ovs-recover-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-task-store.h"

G_BEGIN_DECLS

#define OVS_TYPE_RECOVER_DIALOG (ovs_recover_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OvsRecoverDialog, ovs_recover_dialog, OVS, RECOVER_DIALOG, AdwWindow)

/* Offers to recover the damaged history at @path (NULL: the default one). On success it
 * emits ::recovered (the new store, where the damaged file is kept, how many tasks came
 * back) and closes. */
OvsRecoverDialog *ovs_recover_dialog_new (GtkWindow  *parent,
                                          const char *path);

G_END_DECLS
