/* test-tasks.c: from the composer to the player, and across a restart, under Xvfb
 *
 * The sandbox (in process, over loopback) is the peer; the history is a real SQLite file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>

#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-media-probe.h"
#include "ovs-player-widget.h"
#include "ovs-player.h"
#include "ovs-sandbox.h"
#include "ovs-task-pane.h"
#include "ovs-task-store.h"
#include "ovs-task-view.h"
#include "ovs-tracker.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

typedef OvsTestApp Fixture;

static void
record_status_cb (OvsTask    *task,
                  GParamSpec *pspec,
                  GArray     *seen)
{
  OvsTaskStatus status = ovs_task_get_status (task);

  g_array_append_val (seen, status);
}

/* The number on the Tasks tab: how many tasks are being sent, followed or downloaded. */
static int
tasks_badge (Fixture *f)
{
  GtkWidget *child = GTK_WIDGET (ovs_window_get_task_pane (f->window));
  GtkWidget *stack = gtk_widget_get_ancestor (child, ADW_TYPE_VIEW_STACK);

  while (gtk_widget_get_parent (child) != stack)
    child = gtk_widget_get_parent (child);
  return (int) adw_view_stack_page_get_badge_number (adw_view_stack_get_page (ADW_VIEW_STACK (stack), child));
}

static gboolean
badge_cleared (gpointer data)
{
  return tasks_badge (data) == 0;
}

static gboolean
has_texture (gpointer data)
{
  return ovs_player_get_current_texture (data) != NULL;
}

static void
test_submit_to_playing (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (OvsTaskStatus));
  g_autoptr(OvsTask) task = NULL;
  OvsTaskView *view;
  GtkWidget *player_widget;
  OvsPlayer *player;
  GPtrArray *checks;

  ovs_test_app_compose_clip (f, "海边的灯塔,黄昏");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.submit", NULL));

  /* It is in the history within a moment, written down before it was sent: the first
   * state the history holds is "submitting". */
  task = ovs_test_app_first_task (f);
  g_assert_nonnull (task);
  {
    g_autoptr(GPtrArray) events = ovs_task_store_dup_events (f->store, ovs_task_get_id (task));
    OvsTaskEvent *first;

    g_assert_cmpuint (events->len, >=, 1);
    first = g_ptr_array_index (events, 0);
    g_assert_cmpint (first->status, ==, OVS_TASK_STATUS_SUBMITTING);
  }
  g_assert_cmpstr (ovs_task_get_prompt (task), ==, "海边的灯塔,黄昏");
  g_signal_connect (task, "notify::status", G_CALLBACK (record_status_cb), seen);

  g_assert_cmpint (tasks_badge (f), ==, 1);

  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  /* Nothing left under way: the tab says so. */
  g_assert_true (ovs_test_spin_until (badge_cleared, f, 5000));
  {
    /* Every step went by, and the history kept each one. */
    g_autoptr(GPtrArray) events = ovs_task_store_dup_events (f->store, ovs_task_get_id (task));
    gboolean queued = FALSE, running = FALSE;

    for (guint i = 0; i < events->len; i++)
      {
        OvsTaskEvent *event = g_ptr_array_index (events, i);

        queued |= event->status == OVS_TASK_STATUS_QUEUED;
        running |= event->status == OVS_TASK_STATUS_RUNNING;
      }
    g_assert_true (queued);
    g_assert_true (running);
    g_assert_true (seen->len > 0);
  }
  g_assert_true (g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR));

  /* The view shows it: the checks pass, the player paints the sandbox's colour bars. */
  ovs_task_pane_select (ovs_window_get_task_pane (f->window), task);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (ovs_window_get_task_pane (f->window)),
                                                                                  ADW_TYPE_VIEW_STACK)), "tasks");
  ovs_test_settle (50);
  view = ovs_task_pane_get_view (ovs_window_get_task_pane (f->window));
  g_assert_true (ovs_task_view_get_task (view) == task);
  checks = ovs_task_view_get_checks (view);
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (((OvsMediaCheck *) g_ptr_array_index (checks, i))->ok);

  player_widget = ovs_task_view_get_player (view);
  g_assert_nonnull (player_widget);
  player = ovs_player_widget_get_player (OVS_PLAYER_WIDGET (player_widget));
  ovs_player_play (player);
  g_assert_true (ovs_test_spin_until (has_texture, player, 10000));
  {
    GdkTexture *texture = ovs_player_get_current_texture (player);
    int width = gdk_texture_get_width (texture);
    int height = gdk_texture_get_height (texture);
    g_autofree guchar *pixels = g_malloc ((gsize) width * height * 4);
    guint bright = 0;

    /* The video is 1280×720; the frame comes scaled to the size the view draws it at. */
    g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (player)), ==, 1280);
    g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (player)), ==, 720);
    g_assert_cmpint (width, <=, 1280);
    g_assert_cmpint (ABS (width * 720 - height * 1280), <=, 1280);
    gdk_texture_download (texture, pixels, (gsize) width * 4);
    /* The top of the frame is colour bars: most samples are far from black. */
    for (int x = 10; x < width; x += width / 16)
      {
        guchar *p = pixels + (gsize) (height / 8) * width * 4 + (gsize) x * 4;

        if (p[0] + p[1] + p[2] > 150)
          bright++;
      }
    g_assert_cmpuint (bright, >=, 10);
  }
  ovs_player_stop (player);

  /* The result's address can be copied, and what lands on the clipboard is it. */
  g_assert_nonnull (ovs_task_get_urls (task));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "task.copy-url", NULL));
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (view));
    g_autofree char *text = NULL;
    GValue value = G_VALUE_INIT;

    g_value_init (&value, G_TYPE_STRING);
    g_assert_true (gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, NULL));
    text = g_value_dup_string (&value);
    g_value_unset (&value);
    g_assert_cmpstr (text, ==, ovs_task_get_urls (task)[0]);
  }
}

static void
test_restart_resumes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) again = NULL;
  gint64 id;

  task = ovs_test_app_submit_clip (f, "重启之后继续");
  id = ovs_task_get_id (task);

  /* Quit while it is queued or running: window, tracker and history close. The next start:
   * the same history, and the task followed to its end. */
  g_assert_false (ovs_task_is_finished (task));
  g_clear_object (&task);
  ovs_test_app_restart (f);
  g_assert_cmpuint (g_list_model_get_n_items (ovs_test_app_tasks (f)), ==, 1);
  again = ovs_test_app_first_task (f);
  g_assert_cmpint (ovs_task_get_id (again), ==, id);
  g_assert_cmpuint (ovs_tracker_resume (f->tracker), ==, 1);
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, again, 60000));
  g_assert_cmpint (ovs_task_get_status (again), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_true (g_file_test (ovs_task_get_file (again), G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-ui-XXXXXX");
  int status;

  ovs_test_ui_init (&argc, &argv);

  ovs_test_add_app ("/tasks/submit-to-playing", test_submit_to_playing);
  ovs_test_add_app ("/tasks/restart-resumes", test_restart_resumes);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
