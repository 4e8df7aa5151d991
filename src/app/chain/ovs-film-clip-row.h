/* ovs-film-clip-row.h: one clip of Export as Film…, movable and removable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its actions row.move-up, row.move-down and row.remove, and dragging it by its handle,
 * emit ::move (from, to) and ::remove (index) (ovs-row-order.h); the dialog owns the order.
 */
#pragma once

#include <adwaita.h>

#include "ovs-task.h"

G_BEGIN_DECLS

#define OVS_TYPE_FILM_CLIP_ROW (ovs_film_clip_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsFilmClipRow, ovs_film_clip_row, OVS, FILM_CLIP_ROW, AdwActionRow)

/* The clip of @task, at @index of @n_clips. */
GtkWidget *ovs_film_clip_row_new      (OvsTask        *task,
                                       guint           index,
                                       guint           n_clips);
OvsTask   *ovs_film_clip_row_get_task (OvsFilmClipRow *self);

G_END_DECLS
