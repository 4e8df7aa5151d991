/* ovs-panel.h: one section of the composer, bound to the request it edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A panel is built for a request (construct-only property "request"), edits it through
 * OvsRequest's accessors, and refreshes itself on OvsRequest::changed for the paths it
 * shows. The composer hands every panel the current problems; a panel shows those whose
 * path it owns next to the field. Adding a panel: write the widget (usually an
 * OvsGroupPanel), implement this interface, add it to ovs_panel_new().
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"
#include "ovs-validate.h"

G_BEGIN_DECLS

#define OVS_TYPE_PANEL (ovs_panel_get_type ())

G_DECLARE_INTERFACE (OvsPanel, ovs_panel, OVS, PANEL, GtkWidget)

struct _OvsPanelInterface
{
  GTypeInterface parent_iface;

  /* @problems: every problem of the request (OvsProblem); show yours. */
  void (*show_problems) (OvsPanel  *self,
                         GPtrArray *problems);
};

/* A panel that is one preferences group: it holds the "request" property, so that a
 * subclass only builds its rows and implements OvsPanel again for its show_problems. */
#define OVS_TYPE_GROUP_PANEL (ovs_group_panel_get_type ())

G_DECLARE_DERIVABLE_TYPE (OvsGroupPanel, ovs_group_panel, OVS, GROUP_PANEL, AdwPreferencesGroup)

struct _OvsGroupPanelClass
{
  AdwPreferencesGroupClass parent_class;
};

/* NULL once the panel is disposed, which is what late signals from its rows check for. */
OvsRequest *ovs_group_panel_get_request (OvsGroupPanel *self);

/* The panel for a catalog panel id ("basics", "prompt", "images", "videos", "frames",
 * "subjects", "vidu-subjects", "storyboard", "shots", "elements", "content", "extra"),
 * or NULL for an id this build does not know. */
GtkWidget  *ovs_panel_new           (const char *panel_id,
                                     OvsRequest *request);
void        ovs_panel_show_problems (OvsPanel   *self,
                                     GPtrArray  *problems);

/* Shared by panels: marks @widget (a row or an entry) with the worst problem whose path is
 * @path or lies below it, with the messages as tooltip; clears the mark when there is none. */
void        ovs_panel_mark_widget   (GtkWidget  *widget,
                                     GPtrArray  *problems,
                                     const char *path);
/* Appends @message (an OvsProblem's) to @text as a sentence of its own, on a new line
 * when @text holds some already. The messages are written to follow "PATH: " on the
 * command line, so they begin in lower case; beside a field they begin a sentence. */
void        ovs_panel_append_problem (GString    *text,
                                      const char *message);
/* Group descriptions are markup: this sets plain text (prompts hold <<<…>>>). */
void        ovs_panel_set_description (AdwPreferencesGroup *group,
                                       const char          *text);
/* Shows the chosen item's whole label in the row (AdwComboRow cuts it at 20 characters). */
void        ovs_panel_combo_row_show_whole_value (AdwComboRow *row);
/* A flat icon button whose tooltip is also its accessible name. */
GtkWidget  *ovs_panel_icon_button   (const char *icon,
                                     const char *tooltip);
/* An entry row for the item at @index of an ordered list, with move up, move down and remove
 * (@remove_tooltip) buttons. The row and its buttons carry "index"; @move_clicked and
 * @remove_clicked get the button and @user_data. */
GtkWidget  *ovs_panel_list_row_new  (guint       index,
                                     const char *remove_tooltip,
                                     GCallback   move_clicked,
                                     GCallback   remove_clicked,
                                     gpointer    user_data);
/* Greys out the arrows that would leave a list of @n_items. */
void        ovs_panel_list_row_update_arrows (GtkWidget *row,
                                              guint      n_items);
/* Moves the item of @button's row one up or down the list at @path. */
void        ovs_panel_list_row_move (GtkButton  *button,
                                     OvsRequest *request,
                                     const char *path);
/* Says @message in the window's toast overlay. */
void        ovs_panel_toast         (GtkWidget  *widget,
                                     const char *message);
/* A thumbnail slot at the start of an entry row, and what fills it: a frame of @url (http,
 * https or data:), fetched asynchronously and cached; nothing when it cannot be decoded. */
void        ovs_panel_row_add_thumbnail  (AdwEntryRow  *row);
void        ovs_panel_row_show_thumbnail (GtkWidget    *row,
                                          const char   *url,
                                          GCancellable *cancellable);
/* TRUE when @changed_path is @path, lies below it, or is the whole body ("$"). */
gboolean    ovs_panel_path_affects  (const char *changed_path,
                                     const char *path);

G_END_DECLS
