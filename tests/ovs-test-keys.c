/* ovs-test-keys.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "ovs-test-keys.h"
#include "ovs-test-ui.h"

static gboolean
window_active (gpointer data)
{
  return GTK_IS_WINDOW (data) && gtk_window_is_active (GTK_WINDOW (data));
}

static Window
window_xid (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  g_assert_nonnull (surface);
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  return gdk_x11_surface_get_xid (surface);
}

static void
run_xdotool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xdotool failed: %s", err);
}

void
ovs_test_press_keys (GtkWidget  *widget,
                     const char *keys)
{
  g_autofree char *xid = NULL;
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;

  /* No window manager under Xvfb: the window is given the X focus by hand, then waits for
   * GTK to see it active, else the keys would go nowhere. */
  xid = g_strdup_printf ("%lu", (gulong) window_xid (widget));
  run_xdotool ((const char * const[]) { "xdotool", "windowfocus", "--sync", xid, NULL });
  /* Another window presented just before (a dialog the last keys opened) may still hold
   * GTK's idea of the active window for a while on a loaded machine. */
  ovs_test_spin_until (window_active, gtk_widget_get_root (widget), 2000);
  ovs_test_settle (30);
  if (gtk_widget_get_focusable (widget) || GTK_IS_TEXT_VIEW (widget))
    gtk_widget_grab_focus (widget);
  ovs_test_settle (10);

  g_strv_builder_add_many (builder, "xdotool", "key", "--delay", "40", NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      g_strv_builder_add (builder, names[i]);
  argv = g_strv_builder_end (builder);
  run_xdotool ((const char * const *) argv);
  ovs_test_settle (60);
}
