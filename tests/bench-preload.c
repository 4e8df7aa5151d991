/* bench-preload.c: another GTK app's first painted frame, measured as the app's is
 *
 * Loaded with LD_PRELOAD into a program we did not write (build-aux/bench measures GNOME Text
 * Editor with it, when installed: the app the issue on start-up gives as the example of a
 * native start). It wraps gtk_window_present (): the first window presented is watched, and
 * after its first painted frame the line ovs-bench-hook.c prints is printed, "first-frame
 * TIME PEAK-KIB", and the program ends at once, leaving nothing behind to save. Before the
 * program's main (), the renderer is chosen as the app and the bare window choose theirs
 * (ovs-gsk-choice.c): the three are measured drawing the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovs-gsk-choice.h"

__attribute__ ((constructor)) static void
choose_renderer (void)
{
  ovs_gsk_choose_before_init ();
}

static long
peak_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static void
after_paint_cb (GdkFrameClock *clock)
{
  printf ("first-frame %" G_GINT64_FORMAT " %ld\n", g_get_monotonic_time (), peak_kib ());
  fflush (stdout);
  _exit (0);
}

static void
realized_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real_present) (GtkWindow *window);
  static gboolean watching;

  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");
  if (!watching)
    {
      watching = TRUE;
      if (gtk_widget_get_realized (GTK_WIDGET (window)))
        realized_cb (GTK_WIDGET (window));
      else
        g_signal_connect (window, "realize", G_CALLBACK (realized_cb), NULL);
    }
  real_present (window);
}
