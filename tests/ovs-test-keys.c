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

/* The widget (or, for a container, a widget inside it) holds the keyboard focus of its
 * window, and that window is the active one. */
static gboolean
has_keyboard (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return window_active (root) && focus != NULL
         && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
focus_window (GtkWidget *widget)
{
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) window_xid (widget));
  GtkRoot *root = gtk_widget_get_root (widget);

  /* No window manager under Xvfb: the window is given the X focus by hand, then waits for
   * GTK to see it active, else the keys would go nowhere. */
  run_xdotool ((const char * const[]) { "xdotool", "windowfocus", "--sync", xid, NULL });
  if (ovs_test_spin_until (window_active, root, 2000))
    return;
  /* Another window presented just before (a dialog the last keys opened) took it back
   * after we asked, as happens on a loaded machine: ask again, once it has settled. Keys
   * typed anyway would go to that other window, so a window that never becomes active
   * fails here, saying so, not in a later check that would only find nothing happened. */
  ovs_test_settle (200);
  gtk_window_present (GTK_WINDOW (root));
  run_xdotool ((const char * const[]) { "xdotool", "windowfocus", "--sync", xid, NULL });
  if (!ovs_test_spin_until (window_active, root, 10000))
    g_error ("the window of %s never became active: the keys would go elsewhere",
             G_OBJECT_TYPE_NAME (widget));
}

void
ovs_test_press_keys (GtkWidget  *widget,
                     const char *keys)
{
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  gboolean takes_focus = !GTK_IS_ROOT (widget)
                         && (gtk_widget_get_focusable (widget) || GTK_IS_TEXT_VIEW (widget));

  focus_window (widget);
  ovs_test_settle (30);
  /* The focus is checked again after a pause: a popover closed by the last keys gives the
   * focus back to where it was when it opened, on its own time. */
  for (guint tries = 0; takes_focus && tries < 3; tries++)
    {
      /* A dialog presented by the last keys (the film's) may take the window's activeness
       * back on a loaded machine, after focus_window () saw it given. */
      if (!window_active (gtk_widget_get_root (widget)))
        focus_window (widget);
      gtk_widget_grab_focus (widget);
      if (ovs_test_spin_until (has_keyboard, widget, 5000))
        {
          ovs_test_settle (30);
          if (has_keyboard (widget))
            break;
        }
    }
  if (takes_focus && !has_keyboard (widget))
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

      g_error ("%s did not take or keep the keyboard focus (its window %s; the focus on %s)",
               G_OBJECT_TYPE_NAME (widget), window_active (root) ? "active" : "not active",
               focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
    }
  if (!takes_focus)
    ovs_test_settle (10);

  g_strv_builder_add_many (builder, "xdotool", "key", "--delay", "40", NULL);
  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      g_strv_builder_add (builder, names[i]);
  argv = g_strv_builder_end (builder);
  run_xdotool ((const char * const *) argv);
  ovs_test_settle (60);
}
