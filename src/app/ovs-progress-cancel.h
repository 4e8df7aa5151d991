/* ovs-progress-cancel.h: a progress bar, what it is doing, and the button that stops it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one shape of "something slow under way" in the application's dialogs: New Batch…'s
 * sending, Export as Film…'s joining, the comparison window's export. The button runs the
 * owner's action (cancel-action); the owner says what it is called (cancel-label).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OVS_TYPE_PROGRESS_CANCEL (ovs_progress_cancel_get_type ())

G_DECLARE_FINAL_TYPE (OvsProgressCancel, ovs_progress_cancel, OVS, PROGRESS_CANCEL, GtkBox)

void        ovs_progress_cancel_set_fraction   (OvsProgressCancel *self,
                                                double             fraction);
double      ovs_progress_cancel_get_fraction   (OvsProgressCancel *self);
/* What is being done, under the bar; NULL hides it. */
void        ovs_progress_cancel_set_text       (OvsProgressCancel *self,
                                                const char        *text);
const char *ovs_progress_cancel_get_text       (OvsProgressCancel *self);
/* Once there is nothing left to stop (a batch sent whole), the button goes. */
void        ovs_progress_cancel_set_can_cancel (OvsProgressCancel *self,
                                                gboolean           can_cancel);

G_END_DECLS
