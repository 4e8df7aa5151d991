/* ovs-film-dialog.h: Export Chain as Film… — clips in an order the user sets, joined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-task.h"

G_BEGIN_DECLS

#define OVS_TYPE_FILM_DIALOG (ovs_film_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OvsFilmDialog, ovs_film_dialog, OVS, FILM_DIALOG, AdwWindow)

/* @tasks: finished tasks with a file (OvsTask), in the order first shown. */
OvsFilmDialog *ovs_film_dialog_new       (GPtrArray     *tasks);
/* The tasks in the order they would be joined now. */
GPtrArray     *ovs_film_dialog_get_tasks (OvsFilmDialog *self);
/* Moves the clip at @index by @delta places (keyboard, buttons and drops come here). */
void           ovs_film_dialog_move      (OvsFilmDialog *self,
                                          guint          index,
                                          int            delta);
/* Joins the clips into @path (what Export… does once a file is chosen); "exported" follows,
 * with the film's path, or a message in the dialog. */
void           ovs_film_dialog_export_to (OvsFilmDialog *self,
                                          const char    *path);

G_END_DECLS
