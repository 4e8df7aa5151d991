/* ovs-bench-hook.c
 *
 * Shared by the app and the bare window build-aux/bench compares it with, so both are
 * measured the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ovs-bench-hook.h"

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
after_paint_cb (GdkFrameClock  *clock,
                GtkApplication *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, app);
  printf ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (), peak_rss_kib ());
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

static void
realized_cb (GtkWidget      *window,
             GtkApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), app);
}

void
ovs_bench_hook_watch (GtkApplication *app,
                      GtkWindow      *window)
{
  if (g_getenv ("OVS_BENCH_FIRST_FRAME") == NULL)
    return;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    realized_cb (GTK_WIDGET (window), app);
  else
    g_signal_connect (window, "realize", G_CALLBACK (realized_cb), app);
}
