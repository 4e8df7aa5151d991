/* ovs-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "ovs-test-util.h"

/* A test that crashes prints every thread's stack before it dies.
 *
 * A crash seen once in CI and never again by hand is found from its stacks, and CI keeps no
 * core file. On a fatal signal the handler lets gdb (if installed: .ci/run installs it)
 * attach and print every thread's backtrace to stderr, which meson keeps in the test's log;
 * then the signal is raised again, so the test still fails as it would have. Not under
 * AddressSanitizer, whose own report says more. Every test program that links this file
 * gets it, from a constructor. */
#if !defined(__SANITIZE_ADDRESS__)
static char crash_pid[24];

static void
crash_trace (int sig)
{
  pid_t child;

  /* Only async-signal-safe calls from here on. */
  prctl (PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  child = fork ();
  if (child == 0)
    {
      dup2 (STDERR_FILENO, STDOUT_FILENO);
      execlp ("gdb", "gdb", "-nx", "-batch", "-p", crash_pid,
              "-ex", "info threads", "-ex", "thread apply all bt", (char *) NULL);
      _exit (127);
    }
  if (child > 0)
    {
      int child_status;

      while (waitpid (child, &child_status, 0) < 0 && errno == EINTR)
        ;
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

__attribute__ ((constructor)) static void
crash_trace_install (void)
{
  static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL };
  struct sigaction action = { 0 };

  snprintf (crash_pid, sizeof crash_pid, "%ld", (long) getpid ());
  action.sa_handler = crash_trace;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&action.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (fatal); i++)
    sigaction (fatal[i], &action, NULL);
}
#endif

GPtrArray *
ovs_test_example_names (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "examples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  /* The 20 of the API page, then the presets added for the other modes the providers document. */
  g_assert_cmpuint (names->len, >=, 20);
  return names;
}

char *
ovs_test_example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "examples", name, NULL);
}

char *
ovs_test_read_example (const char *name,
                       gsize      *length)
{
  g_autofree char *path = ovs_test_example_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, length, &error);
  g_assert_no_error (error);
  return text;
}

char *
ovs_test_example_with_inline_image (const char *name,
                                    const char *png,
                                    char      **data_url,
                                    gsize      *png_size)
{
  g_autofree char *png_path = g_test_build_filename (G_TEST_DIST, "..", "data", "screenshots", png,
                                                      NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *text = ovs_test_read_example (name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *images;
  gsize length;

  g_assert_true (g_file_get_contents (png_path, &bytes, &length, &error));
  g_assert_no_error (error);
  base64 = g_base64_encode ((const guchar *) bytes, length);
  *data_url = g_strconcat ("data:image/png;base64,", base64, NULL);
  if (png_size != NULL)
    *png_size = length;
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  images = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "images");
  g_assert_nonnull (images);
  json_array_remove_element (images, 0);
  json_array_add_string_element (images, *data_url);
  return json_to_string (json_parser_get_root (parser), FALSE);
}

char *
ovs_test_example_scenario (const char *name)
{
  g_assert_true (strlen (name) > 3 + strlen (".json"));
  return g_strndup (name + 3, strlen (name) - 3 - strlen (".json"));
}

char *
ovs_test_make_tmp_dir (const char *template)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
ovs_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ovs_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

char *
ovs_test_isolate_home (const char *template)
{
  char *home = ovs_test_make_tmp_dir (template);

  for (const char **var = (const char *[]) { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                             "XDG_STATE_HOME", NULL }; *var != NULL; var++)
    {
      g_autofree char *dir = g_build_filename (home, *var, NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (*var, dir, TRUE);
    }
  return home;
}

struct _OvsTestStall
{
  gint64 last;
  gint64 worst;
  guint  source;
};

static gboolean
stall_tick_cb (gpointer data)
{
  OvsTestStall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->worst = MAX (stall->worst, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

OvsTestStall *
ovs_test_stall_watch (guint interval_ms)
{
  OvsTestStall *stall = g_new0 (OvsTestStall, 1);

  stall->source = g_timeout_add (interval_ms, stall_tick_cb, stall);
  return stall;
}

gint64
ovs_test_stall_stop (OvsTestStall *stall)
{
  gint64 worst = stall->worst;

  g_source_remove (stall->source);
  g_free (stall);
  return worst;
}

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ovs_test_loop_until (const gboolean *flag,
                     guint           timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, set_flag_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!*flag)
    g_error ("Nothing happened within %u s", timeout_s);
  g_source_remove (id);
}

void
ovs_test_loop_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}
