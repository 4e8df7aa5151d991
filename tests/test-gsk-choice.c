/* test-gsk-choice.c: the window draws with cairo where OpenGL is only software
 *
 * Under Xvfb, OpenGL is Mesa's software rasterizer (or missing): the app's windows must
 * then use GTK's cairo renderer (ovs-gsk-choice.c says why), and a GSK_RENDERER the
 * user set must win.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ovs-gsk-choice.h"

static GskRenderer *
realized_window_renderer (GtkWidget **window)
{
  *window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (*window));
  while (!gtk_widget_get_realized (*window))
    g_main_context_iteration (NULL, TRUE);
  return gtk_native_get_renderer (GTK_NATIVE (*window));
}

static void
assert_window_draws_with_cairo (void)
{
  GtkWidget *window;
  GskRenderer *renderer = realized_window_renderer (&window);

  g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* @backend: what GDK_DEBUG asks of GDK ("gl-glx", "gl-egl"), NULL for its own choice. The
 * renderer is asked of the display in each of GLX and EGL, without a context of ours. */
static void
assert_software_gl_draws_with_cairo (const char *backend)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("GSK_RENDERER");
      if (backend != NULL)
        g_setenv ("GDK_DEBUG", backend, TRUE);
      gtk_init ();
      ovs_gsk_choose_renderer ();
      assert_window_draws_with_cairo ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_software_gl (void)
{
  assert_software_gl_draws_with_cairo (NULL);
}

static void
test_software_glx (void)
{
  assert_software_gl_draws_with_cairo ("gl-glx");
}

static void
test_software_egl (void)
{
  assert_software_gl_draws_with_cairo ("gl-egl");
}

/* With no GPU device to open, or cairo chosen by the user (@renderer), GDK does not even
 * load OpenGL (Mesa and LLVM cost a third of gtk_init () here), the window draws with
 * cairo, and GDK_DEBUG is the user's again for the programs the app starts. */
static void
assert_gl_not_loaded (const char *renderer)
{
  if (g_test_subprocess ())
    {
      g_autofree char *maps = NULL;

      if (renderer != NULL)
        g_setenv ("GSK_RENDERER", renderer, TRUE);
      else
        g_unsetenv ("GSK_RENDERER");
      g_setenv ("GDK_DEBUG", "interactive", TRUE);
      if (ovs_gsk_choose_before_init () == NULL)
        {
          g_test_skip ("this machine has a GPU device");
          return;
        }
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive,gl-disable");
      gtk_init ();
      g_assert_cmpstr (ovs_gsk_choose_renderer (), ==, "cairo");
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, "interactive");
      g_assert_false (gdk_display_prepare_gl (gdk_display_get_default (), NULL));
      g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
      g_assert_null (strstr (maps, "libGLX_mesa"));
      g_assert_null (strstr (maps, "libEGL_mesa"));
      assert_window_draws_with_cairo ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_no_gpu_no_gl (void)
{
  assert_gl_not_loaded (NULL);
}

static void
test_user_cairo_no_gl (void)
{
  assert_gl_not_loaded ("cairo");
}

static void
test_user_setting_wins (void)
{
  if (g_test_subprocess ())
    {
      GtkWidget *window;
      GskRenderer *renderer;

      /* What a user would set to compare; GTK falls back to cairo only if GL fails. */
      g_setenv ("GSK_RENDERER", "gl", TRUE);
      gtk_init ();
      g_assert_null (ovs_gsk_choose_renderer ());
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      renderer = realized_window_renderer (&window);
      if (!gdk_display_prepare_gl (gdk_display_get_default (), NULL))
        g_test_skip ("no OpenGL on this display");
      else
        g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskGLRenderer");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gsk-choice/software-gl", test_software_gl);
  g_test_add_func ("/gsk-choice/software-glx", test_software_glx);
  g_test_add_func ("/gsk-choice/software-egl", test_software_egl);
  g_test_add_func ("/gsk-choice/no-gpu-no-gl", test_no_gpu_no_gl);
  g_test_add_func ("/gsk-choice/user-cairo-no-gl", test_user_cairo_no_gl);
  g_test_add_func ("/gsk-choice/user-setting-wins", test_user_setting_wins);
  return g_test_run ();
}
