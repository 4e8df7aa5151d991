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
 *      data/scenarios.json's "panels"; its files in po/POTFILES.in.
 * A row for one value, named by its JSON path, needs none of 2–4: ovs_panel_add_field_row ().
 * docs/architecture.md ("Adding a panel, step by step") walks through an example.
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
  /* Fills @row, one of the panel's field rows (ovs_panel_add_field_row), from the request.
   * The default shows an OvsChoiceRow's value; a panel with other field rows overrides it
   * and chains up for the rest. Called while an update is held. */
  void (*show_field)      (OvsPanel   *self,
                           GtkWidget  *row);
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
/* Cancelled when the panel goes: for the panel's file reads and thumbnails. */
GCancellable *ovs_panel_get_cancellable (OvsPanel *self);
/* Whether the panel is drawn from a picture while it is still (ovs-raster-cache.h; the
 * default): a panel typed in most of the time gains nothing from one. */
void        ovs_panel_set_pictured  (OvsPanel   *self,
                                     gboolean    pictured);
/* Whether the last frame drew the panel from its picture. */
gboolean    ovs_panel_is_pictured   (OvsPanel   *self);
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

/* Field rows: a row that edits the one value at the JSON path it is named after
 * (gtk_widget_set_name). The panel adds it to the group, fills it (show_field) whenever the
 * request changes at its path, marks it with the problems at its path, and, for an
 * OvsChoiceRow, writes the value the user chooses (ovs_choice_row_write_request). */
void        ovs_panel_add_field_row (OvsPanel   *self,
                                     GtkWidget  *row);
/* The field row named @path, or NULL. */
GtkWidget  *ovs_panel_get_field_row (OvsPanel   *self,
                                     const char *path);

/* Local files into the request: each file is read into a data: URL off the main loop
 * (ovs-data-url.h) and handed to @added, which puts it where it belongs; a file that cannot
 * be sent (wrong kind, over the inline limit, unreadable) is said in a toast. @media is
 * "image", "video" or "audio", or NULL for any of the three. */
typedef void (*OvsPanelUrlRead) (OvsPanel   *self,
                                 const char *url,
                                 gpointer    user_data);

/* An OvsPanelUrlRead that sets the URL at the request path @path (the user_data, a string). */
void ovs_panel_set_url_at  (OvsPanel        *self,
                            const char      *url,
                            gpointer         path);

void ovs_panel_read_files  (OvsPanel        *self,
                            GFile          **files,
                            guint            n_files,
                            const char      *media,
                            OvsPanelUrlRead  added,
                            gpointer         user_data,
                            GDestroyNotify   destroy);
/* The same, from the files the user picks in a file chooser titled @title, whose accept
 * button says @accept_label; @multiple lets them pick several. */
void ovs_panel_pick_files  (OvsPanel        *self,
                            const char      *title,
                            const char      *accept_label,
                            const char      *media,
                            gboolean         multiple,
                            OvsPanelUrlRead  added,
                            gpointer         user_data,
                            GDestroyNotify   destroy);
/* A flat "open" button for adding files: @tooltip, then the inline limit, as its tooltip;
 * @tooltip as its accessible name. */
GtkWidget *ovs_panel_file_button     (const char *tooltip);
/* Adds the inline limit to the tooltip of @button, a button that adds files (from a .ui). */
void       ovs_panel_tell_file_limit (GtkWidget  *button);

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
/* Moves the item at @from of the list at @path to @to, where the expander rows
 * @from_row and @to_row show them: the open/closed state goes with the item, not with its
 * place. */
void        ovs_panel_move_expander_item (OvsPanel       *self,
                                          const char     *path,
                                          AdwExpanderRow *from_row,
                                          guint           from,
                                          AdwExpanderRow *to_row,
                                          guint           to);
/* Makes one row of a list panel. */
typedef GtkWidget *(*OvsPanelMakeRow) (OvsPanel *self);

/* Grows or shrinks @rows (the panel's rows of one list) to @n, new rows made by @make_row,
 * the panel's @add_row kept last. */
void        ovs_panel_resize_rows   (OvsPanel        *self,
                                     GPtrArray       *rows,
                                     guint            n,
                                     GtkWidget       *add_row,
                                     OvsPanelMakeRow  make_row);
/* Says @message in the window's toast overlay. */
void        ovs_panel_toast         (GtkWidget  *widget,
                                     const char *message);
/* TRUE when @changed_path is @path, lies below it, or is the whole body ("$"). */
gboolean    ovs_panel_path_affects  (const char *changed_path,
                                     const char *path);

G_END_DECLS
