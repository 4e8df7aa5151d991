/* ovs-app-widgets.h: small steps the app's widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A question asked before something is paid for: "_Cancel" and @send_label (response
 * "send", drawn with @appearance). Enter and Escape answer "cancel": no key alone spends.
 * @name is the dialog's widget name (tests find it by it). Not presented yet. */
GtkWidget *ovs_paid_dialog_new         (GtkWindow             *parent,
                                        const char            *name,
                                        const char            *heading,
                                        const char            *body,
                                        const char            *send_label,
                                        AdwResponseAppearance  appearance);

/* Removes @rows, added to @group before, and empties @rows. */
void       ovs_preferences_group_clear (AdwPreferencesGroup   *group,
                                        GPtrArray             *rows);

G_END_DECLS
