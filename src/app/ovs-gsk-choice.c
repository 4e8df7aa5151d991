/* ovs-gsk-choice.c: GTK's cairo renderer where OpenGL is only a software rasterizer
 *
 * GTK 4.8 draws with OpenGL whenever a GL context can be made, even when that context is
 * Mesa's llvmpipe (no GPU: virtual machines, remote X, Xvfb, a sandbox without /dev/dri).
 * There the GL renderer repaints the whole window every frame in software: scrolling the
 * history cost 37 ms a frame where the cairo renderer, which repaints only what changed,
 * takes a few. GTK itself stopped using GL on llvmpipe in 4.14 ("gsk: Don't use gpu
 * renderers with llvmpipe"); this makes the same choice on the GTK this app runs on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-gsk-choice"

#include "config.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ovs-gsk-choice.h"

static gboolean
gl_is_software (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean software;

  if (!gdk_display_prepare_gl (display, NULL))
    return FALSE;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL
             && (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL
                 || strstr (renderer, "SWR") != NULL);
  gdk_gl_context_clear_current ();
  return software;
}

/* Called once in main (), after gtk_init () and before any window exists: GSK reads
 * GSK_RENDERER when it makes the first window's renderer. A GSK_RENDERER the user set is
 * left alone. Returns the renderer chosen, or NULL when GTK's own choice stands. */
const char *
ovs_gsk_choose_renderer (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return NULL;
  if (!gl_is_software (display))
    return NULL;
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return "cairo";
}
