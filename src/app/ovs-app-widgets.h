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

/* adw_toast_overlay_add_toast () (taking @toast), one toast at a time. libadwaita 1.2
 * shows the next toast while the last one still hides, over 500 ms instead of 300; a toast
 * dismissed in that time (Delete, then Undo at once) has its show animation freed while it
 * plays, and a postponed toast shown again while still hiding fails an assertion: either
 * way the app dies. Here a toast is handed to the overlay only once the one before it has
 * gone, and a high-priority toast dismisses the one shown instead of postponing it.
 * A toast dismissed while it still comes in (its Undo clicked at once, Ctrl+Z, Escape)
 * would crash 1.2 too, when its hiding and its showing end in one frame: its handlers hear
 * of it at once, the overlay only once it is in (up to 300 ms later). */
void       ovs_toast_overlay_add       (AdwToastOverlay       *overlay,
                                        AdwToast              *toast);
/* adw_toast_dismiss () for a toast given to ovs_toast_overlay_add (): one still waiting for
 * its turn is dismissed too ("dismissed" is emitted), where libadwaita ignores it. */
void       ovs_toast_dismiss           (AdwToast              *toast);

/* GTK 4.8's GtkExpander gives Shift+Tab to its child when closed, although a closed
 * expander's child is out of the window (no root): GTK then fails an assertion
 * (gtk_window_get_focus) at each such press. It skips a child that is not child-visible:
 * @expander's child is kept so while @expander is closed, whatever child it is given. */
void       ovs_expander_keep_closed_child_out (GtkExpander *expander);

/* Gives @page @icon_name once it is first shown. A page never shown then loads no icon:
 * at 128 pixels the theme's icon is an SVG, and GTK loads it (with librsvg, 6.5 MiB of
 * library) as soon as the hidden page is measured (issue 14's memory figure). */
void       ovs_status_page_icon_when_shown (AdwStatusPage *page,
                                            const char    *icon_name);

/* Calls @callback (@widget) once, from an idle after the next frame @widget's window paints
 * (its first, when it is not drawn yet), unless @widget is destroyed before: for what can
 * wait until the window is on screen (issue 14). */
void       ovs_widget_after_frame      (GtkWidget             *widget,
                                        void                 (*callback) (GtkWidget *widget));

/* Gives @button @model as its menu when it is first opened (a click, or a key), not now: a
 * menu's GtkPopoverMenu holds a widget per item, made for a button that may never be
 * opened (the main menu's 80 before the first frame; a ⋮ per group row of the task list,
 * which GTK 4.8 makes 200 at a time). While the menu is open, the button shows no tooltip
 * (4.8 would leave one up over the menu's first item). */
void       ovs_menu_button_set_menu_when_opened (GtkMenuButton *button,
                                                 GMenuModel    *model);

/* Keeps every themed icon GTK makes alive until the process ends. GTK 4.8 loads an icon's
 * texture in a worker thread that holds a reference; when the widget that asked for it is
 * gone first (a form rebuilt at once), the icon is finalized in that thread, while the
 * main thread may be taking it from the icon cache: g_object_ref () on a finalized object,
 * then a crash. An icon never finalized cannot race. There are a few dozen icons, mostly
 * 16 pixels. Call once, after gtk_init (). */
void       ovs_icons_keep_alive        (void);

G_END_DECLS
