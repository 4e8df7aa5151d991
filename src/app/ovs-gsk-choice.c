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
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>
#include <unistd.h>

#ifdef GDK_WINDOWING_X11
#include <epoxy/glx.h>
#include <gdk/x11/gdkx.h>
#endif
#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/wayland/gdkwayland.h>
#endif
#include <epoxy/egl.h>

#include "ovs-gsk-choice.h"

typedef enum
{
  GL_UNKNOWN,
  GL_HARDWARE,
  GL_SOFTWARE,
} GlKind;

static gboolean
is_software_name (const char *renderer)
{
  return renderer != NULL
         && (strstr (renderer, "llvmpipe") != NULL || strstr (renderer, "softpipe") != NULL
             || strstr (renderer, "SWR") != NULL);
}

/* The cheap ways, asked of the display GTK opened and made ready for GL, with no context of
 * our own: making one (and making it current) cost 17-67 ms on these machines, a few
 * percent of start-up, and more on some GPU drivers. GLX: GLX_MESA_query_renderer names the
 * renderer. EGL: a software device has EGL_MESA_device_software. */
static GlKind
ask_display (GdkDisplay *display)
{
  EGLDisplay egl = NULL;

#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (display);
      int screen = gdk_x11_screen_get_screen_number (gdk_x11_display_get_screen (display));

      if (gdk_x11_display_get_glx_version (display, NULL, NULL)
          && epoxy_has_glx_extension (xdisplay, screen, "GLX_MESA_query_renderer"))
        return is_software_name (glXQueryRendererStringMESA (xdisplay, screen, 0,
                                                              GLX_RENDERER_DEVICE_ID_MESA))
               ? GL_SOFTWARE : GL_HARDWARE;
      egl = gdk_x11_display_get_egl_display (display);
    }
#endif
#ifdef GDK_WINDOWING_WAYLAND
  if (GDK_IS_WAYLAND_DISPLAY (display))
    egl = gdk_wayland_display_get_egl_display (display);
#endif
  if (egl != NULL && epoxy_has_egl_extension (EGL_NO_DISPLAY, "EGL_EXT_device_query"))
    {
      EGLAttrib device = 0;
      const char *extensions;

      if (!eglQueryDisplayAttribEXT (egl, EGL_DEVICE_EXT, &device))
        return GL_UNKNOWN;
      extensions = eglQueryDeviceStringEXT ((EGLDeviceEXT) device, EGL_EXTENSIONS);
      if (extensions == NULL)
        return GL_UNKNOWN;
      return strstr (extensions, "EGL_MESA_device_software") != NULL ? GL_SOFTWARE : GL_HARDWARE;
    }
  return GL_UNKNOWN;
}

/* Where the display cannot say: a context of our own, and its GL_RENDERER. */
static gboolean
ask_context (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  gboolean software;

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  software = is_software_name ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return software;
}

static gboolean
gl_is_software (GdkDisplay *display)
{
  GlKind kind;

  if (!gdk_display_prepare_gl (display, NULL))
    return FALSE;
  kind = ask_display (display);
  if (kind != GL_UNKNOWN)
    return kind == GL_SOFTWARE;
  return ask_context (display);
}

/* What ovs_gsk_choose_before_init () changed, put back once GDK has read it: programs the
 * app starts (a video player, a browser) must not inherit a GDK_DEBUG of ours. */
static gboolean changed_gdk_debug;
static char *saved_gdk_debug;
static const char *chosen;

/* Whether this process can open a GPU: a DRM node (Mesa, and NVIDIA's driver with its DRM
 * module), NVIDIA's own node, or WSL's. Without one, OpenGL can only be a software one. */
static gboolean
has_gpu_device (void)
{
  static const char * const nodes[] = { "/dev/nvidia0", "/dev/dxg" };
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    if (g_access (nodes[i], R_OK | W_OK) == 0)
      return TRUE;
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/dev/dri", name, NULL);

      if ((g_str_has_prefix (name, "renderD") || g_str_has_prefix (name, "card"))
          && g_access (path, R_OK | W_OK) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Called once in main (), before gtk_init (). GDK 4.8 loads OpenGL when it opens the display
 * even if cairo will draw: with no GPU that is Mesa's llvmpipe and LLVM, a third of
 * gtk_init () on these machines (~100-400 ms). Where no GPU can be opened, or the user chose
 * cairo (nothing else of the app draws with GL: the player hands GTK memory textures), GDK
 * is told not to load it (GDK_DEBUG=gl-disable, until ovs_gsk_choose_renderer () puts
 * GDK_DEBUG back) and cairo is chosen. Another GSK_RENDERER, or a GL setting of GDK_DEBUG,
 * the user set is left alone. Returns the renderer chosen, or NULL when the choice waits for
 * the display. */
const char *
ovs_gsk_choose_before_init (void)
{
  const char *debug = g_getenv ("GDK_DEBUG");
  const char *renderer = g_getenv ("GSK_RENDERER");
  g_autofree char *disabled = NULL;

  if ((debug != NULL && strstr (debug, "gl") != NULL)
      || (renderer != NULL && g_strcmp0 (renderer, "cairo") != 0)
      || (renderer == NULL && has_gpu_device ()))
    return NULL;
  saved_gdk_debug = g_strdup (debug);
  changed_gdk_debug = TRUE;
  disabled = debug != NULL && *debug != '\0' ? g_strconcat (debug, ",gl-disable", NULL)
                                             : g_strdup ("gl-disable");
  g_setenv ("GDK_DEBUG", disabled, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  chosen = "cairo";
  return chosen;
}

/* Called once in main (), after gtk_init () and before any window exists: GSK reads
 * GSK_RENDERER when it makes the first window's renderer. A GSK_RENDERER the user set is
 * left alone. Returns the renderer chosen, or NULL when GTK's own choice stands. */
const char *
ovs_gsk_choose_renderer (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (changed_gdk_debug)
    {
      if (saved_gdk_debug != NULL)
        g_setenv ("GDK_DEBUG", saved_gdk_debug, TRUE);
      else
        g_unsetenv ("GDK_DEBUG");
      g_clear_pointer (&saved_gdk_debug, g_free);
      changed_gdk_debug = FALSE;
    }
  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return chosen;
  if (!gl_is_software (display))
    return NULL;
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  chosen = "cairo";
  return chosen;
}
