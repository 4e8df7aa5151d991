/* ovs-compare-grid.h: a group's results side by side, with one transport
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-player-group.h"
#include "ovs-task-store.h"

G_BEGIN_DECLS

#define OVS_TYPE_COMPARE_GRID (ovs_compare_grid_get_type ())
G_DECLARE_FINAL_TYPE (OvsCompareGrid, ovs_compare_grid, OVS, COMPARE_GRID, GtkWidget)

#define OVS_COMPARE_GRID_MAX_TILES 6

/* One tile per task of @tasks (a group, in its order; at most 6), filling in as tasks
 * finish. Keys: Space plays or pauses, comma and period step one frame, L loops, [ and ]
 * change the speed (also the rate property and grid.rate).
 * ::open-task (OvsTask) asks for the single-task view. */
GtkWidget      *ovs_compare_grid_new        (OvsTaskStore   *store,
                                             GPtrArray      *tasks);
OvsPlayerGroup *ovs_compare_grid_get_group  (OvsCompareGrid *self);
guint           ovs_compare_grid_get_n_tiles (OvsCompareGrid *self);
GtkWidget      *ovs_compare_grid_get_tile   (OvsCompareGrid *self,
                                             guint           index);

G_END_DECLS
