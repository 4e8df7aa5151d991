/* ovs-batch-line-row.h: one line of New Batch…'s preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OVS_TYPE_BATCH_LINE_ROW (ovs_batch_line_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsBatchLineRow, ovs_batch_line_row, OVS, BATCH_LINE_ROW, AdwActionRow)

/* Line @line of the file (@model: NULL when the line has no body), what it asks or its
 * problems (@bad: it has errors and is not sent), and its estimated @cost. */
GtkWidget  *ovs_batch_line_row_new      (guint            line,
                                         const char      *model,
                                         const char      *description,
                                         const char      *cost,
                                         gboolean         bad);
const char *ovs_batch_line_row_get_cost (OvsBatchLineRow *self);

G_END_DECLS
