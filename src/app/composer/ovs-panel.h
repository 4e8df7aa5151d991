/* ovs-panel.h: one section of the composer, bound to the request it edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A panel is built for a request (construct-only property "request") and edits it through
 * OvsRequest's accessors. OvsPanel, the base class of every panel, owns the connection to
 * OvsRequest::changed: it calls the panel's request_changed() with the path that changed,
 * except while the panel writes the request itself, and the composer calls show_problems()
 * with the current problems, of which a panel shows those whose path it owns.
 *
 * Adding a panel, the one way:
 *   1. ovs-foo-panel.{c,h}: G_DECLARE_FINAL_TYPE (OvsFooPanel, …, OvsPanel); its layout in
 *      ovs-foo-panel.ui (a template whose parent is OvsPanel), listed in composer.gresource.xml;
 *   2. in class_init, set OvsPanelClass's request_changed and show_problems;
 *   3. write the request from the widgets' *_cb callbacks inside
 *        g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (OVS_PANEL (self));
 *      so that the echo of your own change does not come back into request_changed();
 *   4. end constructed() with ovs_panel_refresh (), which fills the widgets from the request;
 *   5. list it in meson.build, in ovs_panel_new()'s table, and name it in
 *      data/scenarios.json's "panels".
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"
#include "ovs-validate.h"

G_BEGIN_DECLS

#define OVS_TYPE_PANEL (ovs_panel_get_type ())

G_DECLARE_DERIVABLE_TYPE (OvsPanel, ovs_panel, OVS, PANEL, AdwPreferencesGroup)

struct _OvsPanelClass
{
  AdwPreferencesGroupClass parent_class;

  /* @path: the JSON path that changed, "$" for the whole body (see ovs_panel_path_affects,
   * to skip what the panel does not show). Not called while the panel updates itself. */
  void (*request_changed) (OvsPanel   *self,
                           const char *path);
  /* @problems: every problem of the request (OvsProblem), or NULL for none; show yours. */
  void (*show_problems)   (OvsPanel   *self,
                           GPtrArray  *problems);
};

/* NULL once the panel is disposed, which is what late signals from its rows check for. */
OvsRequest *ovs_panel_get_request   (OvsPanel   *self);

/* The panel for a catalog panel id ("basics", "prompt", "images", "videos", "frames",
 * "subjects", "vidu-subjects", "storyboard", "shots", "elements", "content", "extra"),
 * or NULL for an id this build does not know. */
GtkWidget  *ovs_panel_new           (const char *panel_id,
                                     OvsRequest *request);
void        ovs_panel_show_problems (OvsPanel   *self,
                                     GPtrArray  *problems);
/* Fills the panel from the whole request, as after a change of "$", and clears its marks. */
void        ovs_panel_refresh       (OvsPanel   *self);

/* The guard against re-entrant updates: while one is held, the panel's own writes to the
 * request do not come back into request_changed(), and its widget callbacks can tell
 * (ovs_panel_is_updating) that the widgets are being filled, not edited. Updates nest;
 * hold one as g_autoptr(OvsPanelUpdate), or end it with ovs_panel_end_update(). */
typedef OvsPanel OvsPanelUpdate;

OvsPanelUpdate *ovs_panel_begin_update (OvsPanel       *self);
void            ovs_panel_end_update   (OvsPanelUpdate *update);
gboolean        ovs_panel_is_updating  (OvsPanel       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsPanelUpdate, ovs_panel_end_update)

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
