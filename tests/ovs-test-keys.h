/* ovs-test-keys.h: real key presses for the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Focuses @widget, gives its window the X input focus and presses @keys as xdotool names
 * them ("ctrl+Return", "Tab Tab Down"): real events from the X server, through GTK's own
 * dispatch, as a user's keyboard sends them. Needs Xvfb (the ui suite runs under it). */
void ovs_test_press_keys (GtkWidget  *widget,
                          const char *keys);

G_END_DECLS
