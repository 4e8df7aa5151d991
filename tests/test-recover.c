/* test-recover.c: a damaged history is offered recovery in the application, as by
 * `omni-video recover`, under Xvfb on a private bus
 *
 * The whole application runs (g_application_run) on a real history file damaged as a disk
 * or a killed process damages one: bytes of its pages flipped, or cut to nothing. The test
 * clicks as a user does: the banner's Recover…, then the dialog's buttons.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovs-application.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-recover-dialog.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

#define TEST_TIMEOUT_SECONDS 120

typedef struct
{
  OvsApplication *app;
  char           *path;     /* the history the application opens */
  char           *damaged;  /* its bytes before the application started */
  gsize           size;
  guint           n_written;  /* tasks written before the damage */
  guint           n_back;     /* tasks the toast says came back */
  char           *aside;      /* where the toast says the damaged file is kept */
  gboolean        painted;    /* the window drew its first frame */
  gboolean        damaged_at_first_frame;
  GSourceFunc     drive;      /* what the user does once the window is up */
} Test;

/* A history of @n finished tasks (nothing for the tracker to follow) at the default path. */
static void
write_history (Test  *t,
               guint  n)
{
  g_autofree char *dir = g_path_get_dirname (t->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  store = ovs_task_store_new (t->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsTask) draft = ovs_task_new ();
      g_autofree char *prompt = g_strdup_printf ("A long prompt number %u, with words enough "
                                                 "to fill the pages of the history: a cat, a "
                                                 "dog, the sea at night, rain on a window.", i);

      ovs_task_set_scenario (draft, "text-to-video");
      ovs_task_set_model (draft, "Kling-3.0-omni");
      ovs_task_set_prompt (draft, prompt);
      ovs_task_set_request_json (draft, "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"…\"}");
      ovs_task_set_route (draft, "videos");
      ovs_task_set_base_url (draft, "http://127.0.0.1:9/v1");
      ovs_task_set_status (draft, OVS_TASK_STATUS_FAILED);
      ovs_task_set_created_at (draft, 1700000000 + i);
      ovs_task_set_finished_at (draft, 1700000060 + i);
      g_assert_nonnull (ovs_task_store_insert (store, draft, &error));
      g_assert_no_error (error);
    }
  t->n_written = n;
}

/* The b-tree headers of every fourth page from the third on: a few hundred bytes. */
static void
flip_bytes (Test *t)
{
  guint n_pages;

  g_assert_true (g_file_get_contents (t->path, &t->damaged, &t->size, NULL));
  n_pages = t->size / 4096;
  g_assert_cmpuint (n_pages, >, 20);
  for (guint page = 2; page < n_pages; page += 4)
    memset (t->damaged + (gsize) page * 4096, 0x5a, 12);
  g_assert_true (g_file_set_contents (t->path, t->damaged, t->size, NULL));
}

static void
assert_untouched (Test *t)
{
  g_autofree char *now = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (t->path, &now, &size, NULL));
  g_assert_cmpuint (size, ==, t->size);
  g_assert_true (memcmp (now, t->damaged, size) == 0);
}

static OvsWindow *
main_window (Test *t)
{
  return ovs_test_main_window (GTK_APPLICATION (t->app));
}

static OvsRecoverDialog *
recover_dialog (Test *t)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (t->app)); l != NULL; l = l->next)
    if (OVS_IS_RECOVER_DIALOG (l->data))
      return l->data;
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return recover_dialog (data) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return recover_dialog (data) == NULL;
}

static gboolean
tracking (gpointer data)
{
  Test *t = data;

  return ovs_application_get_tracker (t->app) != NULL;
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *button = ovs_test_find_named (root, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The first label under @root whose text has @part in it. */
static gboolean
label_has (GtkWidget     *widget,
           gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL;
}

static const char *
find_text (GtkWidget  *root,
           const char *part)
{
  GtkWidget *label = ovs_test_find_widget (root, label_has, part);

  return label != NULL ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

static gboolean
toast_shown (gpointer data)
{
  Test *t = data;

  return find_text (GTK_WIDGET (main_window (t)), "came back") != NULL;
}

static gboolean
banner_shown (Test *t)
{
  GtkWidget *banner = ovs_test_find_named (GTK_WIDGET (main_window (t)), "history-banner");

  g_assert_nonnull (banner);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (banner));
}

static gboolean
found_damaged (gpointer data)
{
  Test *t = data;

  return ovs_application_get_history_damaged (t->app);
}

static gboolean
can_submit (Test *t)
{
  return gtk_widget_is_sensitive (ovs_test_find_named (GTK_WIDGET (main_window (t)), "submit"));
}

/* "N tasks came back into a new history. The damaged one is kept beside it as NAME". */
static void
read_toast (Test *t)
{
  const char *text = find_text (GTK_WIDGET (main_window (t)), "came back");
  const char *kept = strstr (text, "kept beside it as ");
  g_autofree char *dir = g_path_get_dirname (t->path);

  g_test_message ("toast: %s", text);
  t->n_back = strtoul (text, NULL, 10);
  g_assert_nonnull (kept);
  t->aside = g_build_filename (dir, kept + strlen ("kept beside it as "), NULL);
}

/* The user sees the banner, opens the dialog, thinks better of it, opens it again and
 * recovers. */
static gboolean
drive_cb (gpointer user_data)
{
  Test *t = user_data;
  OvsWindow *window = main_window (t);

  g_assert_nonnull (window);
  /* Found at open (the empty file) or by the check after the first frame. */
  g_assert_true (ovs_test_spin_until (found_damaged, t, 60000));
  g_assert_null (ovs_application_get_tracker (t->app));
  g_assert_true (banner_shown (t));
  g_assert_false (can_submit (t));

  click (GTK_WIDGET (window), "recover-history");
  g_assert_true (ovs_test_spin_until (dialog_shown, t, 5000));
  click (GTK_WIDGET (recover_dialog (t)), "cancel");
  g_assert_true (ovs_test_spin_until (dialog_gone, t, 5000));
  g_assert_true (banner_shown (t));
  assert_untouched (t);

  click (GTK_WIDGET (window), "recover-history");
  g_assert_true (ovs_test_spin_until (dialog_shown, t, 5000));
  g_assert_nonnull (find_text (GTK_WIDGET (recover_dialog (t)), t->path));
  click (GTK_WIDGET (recover_dialog (t)), "recover");
  g_assert_true (ovs_test_spin_until (tracking, t, 60000));
  g_assert_true (ovs_test_spin_until (dialog_gone, t, 5000));
  g_assert_true (ovs_test_spin_until (toast_shown, t, 5000));
  read_toast (t);
  g_assert_false (ovs_application_get_history_damaged (t->app));
  g_assert_false (banner_shown (t));
  g_assert_true (can_submit (t));

  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

/* The history is read for damage after the first frame, not before it: the window was up
 * with no banner, then the check said the file is damaged and the banner came on its own;
 * Submit went off and not a byte was written into the file. */
static gboolean
drive_found_later_cb (gpointer user_data)
{
  Test *t = user_data;

  g_assert_true (ovs_test_spin_until (found_damaged, t, 60000));
  g_assert_true (t->painted);
  g_assert_false (t->damaged_at_first_frame);
  g_assert_true (banner_shown (t));
  g_assert_false (can_submit (t));
  g_assert_null (ovs_application_get_tracker (t->app));
  assert_untouched (t);
  g_application_quit (G_APPLICATION (t->app));
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Test          *t)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, t);
  t->painted = TRUE;
  t->damaged_at_first_frame = ovs_application_get_history_damaged (t->app);
}

static void
activate_cb (GApplication *application,
             Test         *t)
{
  GtkWidget *window = GTK_WIDGET (main_window (t));

  g_assert_true (gtk_widget_get_realized (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), t);
  g_idle_add (t->drive != NULL ? t->drive : drive_cb, t);
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_error ("The application did not quit within %d s", TEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
run_app (Test *t)
{
  guint give_up;
  int status;

  t->app = ovs_application_new ();
  /* An id of its own: test-background or a running copy on this bus is not disturbed. */
  g_application_set_application_id (G_APPLICATION (t->app), "io.github.omnivideo.Studio.TestRecover");
  g_signal_connect_after (t->app, "activate", G_CALLBACK (activate_cb), t);
  give_up = g_timeout_add_seconds (TEST_TIMEOUT_SECONDS, give_up_cb, NULL);
  status = g_application_run (G_APPLICATION (t->app), 0, NULL);
  g_source_remove (give_up);
  g_assert_cmpint (status, ==, 0);
}

/* What the toast said is what happened: the damaged bytes kept as they were, beside the
 * history, and the new history holding the tasks it counted. */
static void
assert_recovered (Test *t)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autofree char *kept = NULL;
  gsize size = 0;

  g_assert_true (g_str_has_prefix (t->aside, t->path));
  g_assert_true (g_file_get_contents (t->aside, &kept, &size, NULL));
  g_assert_cmpuint (size, ==, t->size);
  g_assert_true (memcmp (kept, t->damaged, size) == 0);
  store = ovs_task_store_new (t->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, t->n_back);
}

static void
remove_history (Test *t)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (t->path, (const char *[]) { "", "-wal", "-shm" }[i],
                                           NULL);

      g_unlink (file);
    }
}

static void
test_clear (Test *t)
{
  g_clear_object (&t->app);
  g_free (t->path);
  g_free (t->damaged);
  g_free (t->aside);
}

static void
test_flipped_bytes (void)
{
  Test t = { NULL, };

  t.path = ovs_task_store_dup_default_path ();
  write_history (&t, 400);
  flip_bytes (&t);
  run_app (&t);
  assert_recovered (&t);
  g_test_message ("%u of %u tasks came back", t.n_back, t.n_written);
  g_assert_cmpuint (t.n_back, >, 0);
  g_assert_cmpuint (t.n_back, <=, t.n_written);
  g_unlink (t.aside);
  test_clear (&t);
}

static void
test_found_after_start (void)
{
  Test t = { NULL, };

  t.path = ovs_task_store_dup_default_path ();
  write_history (&t, 400);
  flip_bytes (&t);
  t.drive = drive_found_later_cb;
  run_app (&t);
  assert_untouched (&t);
  remove_history (&t);
  test_clear (&t);
}

/* A history cut to nothing is not silently a new empty one: it is damaged, and recovering
 * it says that no task came back. */
static void
test_empty_file (void)
{
  Test t = { NULL, };
  g_autofree char *dir = NULL;

  t.path = ovs_task_store_dup_default_path ();
  dir = g_path_get_dirname (t.path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  remove_history (&t);
  t.damaged = g_strdup ("");
  g_assert_true (g_file_set_contents (t.path, "", 0, NULL));
  run_app (&t);
  g_assert_cmpuint (t.n_back, ==, 0);
  assert_recovered (&t);
  g_unlink (t.aside);
  test_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  home = ovs_test_isolate_home ("test-recover-XXXXXX");
  g_setenv ("HOME", home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  /* First: the others leave their recovered history open in this process. */
  g_test_add_func ("/recover/found-after-start", test_found_after_start);
  g_test_add_func ("/recover/flipped-bytes", test_flipped_bytes);
  g_test_add_func ("/recover/empty-file", test_empty_file);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
