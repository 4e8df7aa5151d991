/* ovs-app-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-app-widgets"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-app-widgets.h"

GtkWidget *
ovs_paid_dialog_new (GtkWindow             *parent,
                     const char            *name,
                     const char            *heading,
                     const char            *body,
                     const char            *send_label,
                     AdwResponseAppearance  appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  gtk_widget_set_name (dialog, name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "send", send_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", appearance);
  /* Enter, or another Ctrl+Enter, must not be the paid answer. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

void
ovs_preferences_group_clear (AdwPreferencesGroup *group,
                             GPtrArray           *rows)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}
