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

G_END_DECLS
