/* ovs-film-dialog.h: Export as Film… — a chain's clips, or hand-picked ones, in an order
 * the user sets, joined
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
/* Adds @task (finished, its video on this computer) at the end; FALSE when it is in the
 * film already or the film is being joined. */
gboolean       ovs_film_dialog_add       (OvsFilmDialog *self,
                                          OvsTask       *task);
/* Takes the clip at @index out of the film. */
void           ovs_film_dialog_remove    (OvsFilmDialog *self,
                                          guint          index);
/* Whether @task can go into a film at @now (unix seconds); if not, @error says why and
 * what to do instead (download it, or run it again once its link expired). */
gboolean       ovs_film_dialog_check_clip (OvsTask      *task,
                                           gint64        now,
                                           GError      **error);
/* The film dialog open over @parent, if any: Add to Film adds to it. */
OvsFilmDialog *ovs_film_dialog_find      (GtkWindow     *parent);
/* Joins the clips into @path (what Export… does once a file is chosen); "exported" follows,
 * with the film's path, or a message in the dialog. */
void           ovs_film_dialog_export_to (OvsFilmDialog *self,
                                          const char    *path);

G_END_DECLS
