/* ovs-grid-export.h: a comparison as one side-by-side video, labelled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task.h"

G_BEGIN_DECLS

/* Each tile's size in the exported video; the grid is 1, 2 or 3 tiles wide. */
#define OVS_GRID_EXPORT_TILE_WIDTH  640
#define OVS_GRID_EXPORT_TILE_HEIGHT 360

typedef void (*OvsGridExportProgressFunc) (double   fraction,
                                           gpointer user_data);

/* @video_paths (1 to 6) side by side in one H.264 MP4 at @out_path, each scaled into its
 * tile (with borders) under its label from @labels (same length), drawn at its top left.
 * As long as the longest video: the others hold their last frame. Written beside the
 * name and renamed when whole. Progress on the caller's main context; cancellable. */
void     ovs_grid_export_async  (const char * const        *video_paths,
                                 const char * const        *labels,
                                 const char                *out_path,
                                 OvsGridExportProgressFunc  progress,
                                 gpointer                   progress_data,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data);
gboolean ovs_grid_export_finish (GAsyncResult              *result,
                                 double                    *duration,
                                 GError                   **error);
/* A task's label in the grid: "MODEL · 5.0 s · 1280×720" (the model alone until its video
 * has been probed). */
char    *ovs_grid_export_label  (OvsTask                   *task);
/* Columns and rows for @n tiles: 2×1, 2×2, 3×2… */
void     ovs_grid_export_layout (guint                      n,
                                 guint                     *columns,
                                 guint                     *rows);

G_END_DECLS
