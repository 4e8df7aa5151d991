/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ovs-app-widgets.h"
#include "ovs-application.h"
#include "ovs-bench-hook.h"
#include "ovs-catalog.h"
#include "ovs-core.h"
#include "ovs-gsk-choice.h"
#include "ovs-render-pool.h"
#include "ovs-window.h"

/* build-aux/bench's preparations (OVS_BENCH_PREPARE): "tasks" shows the history;
 * "attach:FILE[,FILE…]" composes an image-to-video request with each FILE inline as one of
 * its images, as the file chooser does. */
static void
bench_prepare (GtkWindow  *window,
               const char *what)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (what, "tasks"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
    }
  else if (g_str_has_prefix (what, "attach:"))
    {
      g_auto(GStrv) files = g_strsplit (what + strlen ("attach:"), ",", -1);
      g_autoptr(GString) body = g_string_new ("{\"model\": \"Kling-3.0-omni\", "
                                              "\"prompt\": \"A cat\", \"images\": [");

      for (guint i = 0; files[i] != NULL; i++)
        {
          g_autofree char *contents = NULL;
          g_autofree char *encoded = NULL;
          gsize length;

          if (!g_file_get_contents (files[i], &contents, &length, &error))
            g_error ("bench: %s", error->message);
          encoded = g_base64_encode ((const guchar *) contents, length);
          g_string_append_printf (body, "%s\"data:image/png;base64,%s\"", i > 0 ? ", " : "",
                                  encoded);
        }
      g_string_append (body, "]}");
      ovs_window_select_scenario (OVS_WINDOW (window), "image-to-video");
      if (!ovs_composer_import (ovs_window_get_composer (OVS_WINDOW (window)), body->str, &error))
        g_error ("bench: %s", error->message);
    }
}

/* GTK parses its own stylesheet when it starts: a tenth of the main thread's work before
 * the first frame (callgrind). libadwaita replaces it at once, setting the theme to
 * "Adwaita-empty", an empty stylesheet it ships. Naming that theme from the start spares the
 * parse. GTK_THEME is how GTK takes a theme before its settings exist. It is set only while
 * they are made, and only when the user has not set it: libadwaita leaves all styling to
 * GTK_THEME when it finds the variable set. */
static gboolean
init_gtk_without_its_theme (void)
{
  gboolean ok;

  if (g_getenv ("GTK_THEME") != NULL)
    return gtk_init_check ();
  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  /* GTK reads its theme when the display's settings are made, on first use. */
  ok = gtk_init_check () && gtk_settings_get_default () != NULL;
  g_unsetenv ("GTK_THEME");
  return ok;
}

static gpointer
load_catalog_cb (gpointer data)
{
  ovs_catalog_get_default ();
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OvsApplication) app = NULL;

  /* While the process has one thread: the built-in sandbox renders in this process later,
   * when GTK, GStreamer and GDBus have made many (ovs_render_pool_isolate_heap () says
   * why that would be too late). */
  ovs_render_pool_isolate_heap ();
  setlocale (LC_ALL, "");
  ovs_core_init ();
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Omni Video Studio"));
  /* Before any window: the renderer is chosen when the first one is realized. Without a
   * display GtkApplication says so itself, later. */
  ovs_gsk_choose_before_init ();
  if (init_gtk_without_its_theme ())
    {
      ovs_gsk_choose_renderer ();
      ovs_icons_keep_alive ();
    }
  /* The scenario catalog is read while libadwaita starts, on the other core; the window
   * waits for it only if it comes first. Not before the environment's last change above:
   * setenv () may move the environment while gettext, in that thread, reads it. */
  g_thread_unref (g_thread_new ("catalog", load_catalog_cb, NULL));
  app = ovs_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (ovs_bench_hook_watch), NULL);
  ovs_bench_hook_set_prepare (bench_prepare);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
