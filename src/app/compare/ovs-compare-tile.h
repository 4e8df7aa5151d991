/* ovs-compare-tile.h: one result of a comparison, with its labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-player.h"
#include "ovs-task-store.h"

G_BEGIN_DECLS

#define OVS_TYPE_COMPARE_TILE (ovs_compare_tile_get_type ())
G_DECLARE_FINAL_TYPE (OvsCompareTile, ovs_compare_tile, OVS, COMPARE_TILE, GtkWidget)

/* Shows @task's status until its video is there, then the video (ovs_compare_tile_get_player())
 * and its facts: model, time taken, duration, resolution, file size. Star, note and hide
 * are written to @store at once. Signals: ::solo (the speaker), ::open (the single view). */
GtkWidget  *ovs_compare_tile_new        (OvsTaskStore   *store,
                                         OvsTask        *task);
OvsTask    *ovs_compare_tile_get_task   (OvsCompareTile *self);
OvsPlayer  *ovs_compare_tile_get_player (OvsCompareTile *self);
gboolean    ovs_compare_tile_get_hidden (OvsCompareTile *self);
void        ovs_compare_tile_set_hidden (OvsCompareTile *self,
                                         gboolean        hidden);
void        ovs_compare_tile_set_solo   (OvsCompareTile *self,
                                         gboolean        solo);
/* "5.0 s · 1280×720 · 2.1 MB" and the like, for the tests and the export's labels. */
const char *ovs_compare_tile_get_details (OvsCompareTile *self);

G_END_DECLS
