/* ovs-compare-window.h: a comparison in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-compare-grid.h"

G_BEGIN_DECLS

#define OVS_TYPE_COMPARE_WINDOW (ovs_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (OvsCompareWindow, ovs_compare_window, OVS, COMPARE_WINDOW, AdwWindow)

/* The grid of @tasks (one group, in its order); the subtitle names the group. */
OvsCompareWindow *ovs_compare_window_new      (OvsTaskStore     *store,
                                               const char       *group_id,
                                               GPtrArray        *tasks);
OvsCompareGrid   *ovs_compare_window_get_grid (OvsCompareWindow *self);
/* Writes the tiles' videos side by side into @file (what Export… does once a file is
 * chosen), with progress and Cancel in the window and a toast at the end. */
void              ovs_compare_window_export   (OvsCompareWindow *self,
                                               GFile            *file);
gboolean          ovs_compare_window_get_exporting (OvsCompareWindow *self);

G_END_DECLS
