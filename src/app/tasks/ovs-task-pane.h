/* ovs-task-pane.h: the history — search, filters, the list, and the selected task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-task-group.h"
#include "ovs-task-view.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_TASK_PANE (ovs_task_pane_get_type ())

G_DECLARE_FINAL_TYPE (OvsTaskPane, ovs_task_pane, OVS, TASK_PANE, AdwBin)

GtkWidget   *ovs_task_pane_new          (void);
void         ovs_task_pane_set_tracker  (OvsTaskPane *self,
                                         OvsTracker  *tracker);
/* The rows shown (after search, filters and pending deletions), newest first: an OvsTask,
 * or an OvsTaskGroup for a whole group, followed by its OvsTasks while it is open. */
GListModel  *ovs_task_pane_get_model    (OvsTaskPane *self);
OvsTaskView *ovs_task_pane_get_view     (OvsTaskPane *self);
void         ovs_task_pane_select       (OvsTaskPane *self,
                                         OvsTask     *task);
OvsTask     *ovs_task_pane_get_selected (OvsTaskPane *self);
OvsTaskGroup *ovs_task_pane_get_selected_group (OvsTaskPane *self);
/* Search text (prompts), a status (-1 for all) and a model (NULL for all). */
void         ovs_task_pane_set_filter   (OvsTaskPane *self,
                                         const char  *text,
                                         int          status,
                                         const char  *model);
/* Deletes the selected task (or every task of the selected group) after the undo toast
 * goes; @delete_file takes the videos too. */
void         ovs_task_pane_delete_selected (OvsTaskPane *self,
                                            gboolean     delete_file);
void         ovs_task_pane_undo_delete  (OvsTaskPane *self);
/* Carries out pending deletions now (the window does it when it closes). */
void         ovs_task_pane_flush_deletions (OvsTaskPane *self);
void         ovs_task_pane_add_to_film  (GtkWidget   *row,
                                         GPtrArray   *tasks);

/* Puts the keyboard in the prompt search, with its text selected. */
void         ovs_task_pane_focus_search    (OvsTaskPane *self);

G_END_DECLS
