/* ovs-compare-dialog.h: one request for several models, or N copies, before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-catalog.h"

G_BEGIN_DECLS

#define OVS_TYPE_COMPARE_DIALOG (ovs_compare_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OvsCompareDialog, ovs_compare_dialog, OVS, COMPARE_DIALOG, AdwWindow)

/* The catalog's models by family, @model checked, each chosen model's warnings for
 * @source. After the one confirmation it emits "send" (kind, GPtrArray of
 * OvsCompareBody) and closes. */
OvsCompareDialog *ovs_compare_dialog_new       (OvsCatalog       *catalog,
                                                JsonNode         *source,
                                                const char       *model);
/* How many tasks "Send" would create now (0 when it cannot send). */
guint             ovs_compare_dialog_get_n_tasks (OvsCompareDialog *self);

G_END_DECLS
