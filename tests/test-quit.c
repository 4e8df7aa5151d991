/* test-quit.c: the application ended by a signal quits as Ctrl+Q does, under Xvfb on a
 * private bus
 *
 * The whole application runs (g_application_run) with its built-in sandbox. The user types
 * into the prompt, and the session ends (SIGTERM) before the pause after which the draft is
 * written: the draft is on disk all the same, the sandbox's folder of renders is gone, and
 * the application returned 0. The folders that killed sandboxes left in /tmp are removed at
 * the next start, and no other: one whose lock is held, one just made, one of an older
 * version from today.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <utime.h>

#include "ovs-application.h"
#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

#define TEST_TIMEOUT_SECONDS 120
#define TYPED "Typed a moment before the session ended"

typedef struct
{
  OvsApplication *app;
  char           *stale;  /* a folder the sweep must remove (not owned) */
  gboolean        typed;
} Test;

static OvsWindow *
main_window (Test *t)
{
  return ovs_test_main_window (GTK_APPLICATION (t->app));
}

static gboolean
tracking (gpointer data)
{
  Test *t = data;

  return ovs_application_get_tracker (t->app) != NULL;
}

static gboolean removed (gpointer data);

/* The user types; the signal comes before the draft's pause is over. */
static gboolean
drive_cb (gpointer user_data)
{
  Test *t = user_data;
  OvsWindow *window = main_window (t);
  GtkWidget *prompt;
  GtkTextBuffer *buffer;

  g_assert_nonnull (window);
  g_assert_true (ovs_test_spin_until (tracking, t, 60000));
  /* The sweep of folders left by killed sandboxes, a few seconds after start. */
  g_assert_true (ovs_test_spin_until (removed, t->stale, 20000));
  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  prompt = ovs_test_find_named (GTK_WIDGET (window), "prompt");
  g_assert_true (GTK_IS_TEXT_VIEW (prompt));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (prompt));
  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, TYPED, -1, TRUE);
  t->typed = TRUE;
  g_assert_cmpint (kill (getpid (), SIGTERM), ==, 0);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application,
             Test         *t)
{
  g_idle_add (drive_cb, t);
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_error ("The application did not quit within %d s", TEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

/* A folder as a sandbox leaves it: a lock file (@lock), or none; @age_s old. */
static char *
make_folder (const char *tmp,
             const char *name,
             gboolean    lock,
             gint64      age_s)
{
  char *path = g_build_filename (tmp, name, NULL);
  g_autofree char *render = g_build_filename (path, "task_x.mp4", NULL);
  struct utimbuf times;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (render, "not a video", -1, NULL));
  if (lock)
    {
      g_autofree char *lock_path = g_build_filename (path, ".lock", NULL);

      g_assert_true (g_file_set_contents (lock_path, "", 0, NULL));
    }
  times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - age_s;
  g_assert_cmpint (utime (path, &times), ==, 0);
  return path;
}

static gboolean
removed (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

/* The sandbox folders left in @tmp but for @kept. */
static guint
count_others (const char  *tmp,
              const char **kept)
{
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "omni-video-sandbox-") && !g_strv_contains (kept, name))
      {
        g_test_message ("left: %s", name);
        n++;
      }
  return n;
}

static void
test_signal (void)
{
  const char *tmp = g_get_tmp_dir ();
  const char *kept[] = { "omni-video-sandbox-held", "omni-video-sandbox-young",
                         "omni-video-sandbox-older-today", NULL };
  g_autofree char *stale = make_folder (tmp, "omni-video-sandbox-stale", TRUE, 120);
  g_autofree char *held = make_folder (tmp, kept[0], TRUE, 120);
  g_autofree char *young = make_folder (tmp, kept[1], TRUE, 0);
  g_autofree char *older_today = make_folder (tmp, kept[2], FALSE, 2 * 3600);
  g_autofree char *older_version = make_folder (tmp, "omni-video-sandbox-older-version", FALSE,
                                                2 * 24 * 3600);
  g_autofree char *held_lock = g_build_filename (held, ".lock", NULL);
  g_autofree char *drafts = ovs_composer_dup_drafts_dir ();
  g_autofree char *draft_path = g_build_filename (drafts, "text-to-video.json", NULL);
  g_autofree char *draft = NULL;
  Test t = { NULL, };
  guint give_up;
  int held_fd, status;

  /* A sandbox of another process, still running. */
  held_fd = g_open (held_lock, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (held_fd, >=, 0);
  g_assert_cmpint (flock (held_fd, LOCK_EX | LOCK_NB), ==, 0);

  t.stale = stale;
  t.app = ovs_application_new ();
  g_application_set_application_id (G_APPLICATION (t.app), "io.github.omnivideo.Studio.TestQuit");
  g_signal_connect_after (t.app, "activate", G_CALLBACK (activate_cb), &t);
  give_up = g_timeout_add_seconds (TEST_TIMEOUT_SECONDS, give_up_cb, NULL);
  status = g_application_run (G_APPLICATION (t.app), 0, NULL);
  g_source_remove (give_up);
  g_assert_true (t.typed);
  g_assert_cmpint (status, ==, 0);
  g_clear_object (&t.app);

  /* Nothing typed is lost. */
  g_assert_true (g_file_get_contents (draft_path, &draft, NULL, NULL));
  g_assert_nonnull (strstr (draft, TYPED));

  /* The folders killed sandboxes left are gone, the others are not, and this run's own went
   * with it. */
  g_assert_true (removed (stale));
  g_assert_true (ovs_test_spin_until (removed, older_version, 10000));
  g_assert_true (g_file_test (held, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (young, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (older_today, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_others (tmp, kept), ==, 0);

  close (held_fd);
  ovs_test_remove_tree (held);
  ovs_test_remove_tree (young);
  ovs_test_remove_tree (older_today);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *home = NULL;
  int status;

  /* A /tmp of its own, before GLib reads TMPDIR (once): the sandbox folders of other tests
   * and of the user's own app are none of this test's business. */
  tmp = g_build_filename (g_getenv ("TMPDIR") != NULL ? g_getenv ("TMPDIR") : "/tmp",
                          "test-quit-tmp-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (tmp));
  g_setenv ("TMPDIR", tmp, TRUE);
  g_assert_cmpstr (g_get_tmp_dir (), ==, tmp);

  home = ovs_test_isolate_home ("test-quit-XXXXXX");
  g_setenv ("HOME", home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/quit/signal", test_signal);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  ovs_test_remove_tree (tmp);
  return status;
}
