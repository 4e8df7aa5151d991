/* test-background.c: closing the window while tasks run, under Xvfb on a private bus
 *
 * The whole application runs (g_application_run), with its built-in sandbox and a real
 * history file. The desktop's notification server is played by this test: it owns
 * org.freedesktop.Notifications on the session bus, records what GLib's notification
 * backend sends, and clicks like a user does (the ActionInvoked signal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ovs-application.h"
#include "ovs-core.h"
#include "ovs-task-pane.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

#define TEST_TIMEOUT_SECONDS 120

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

/* The file manager, for Show in Folder. */
static const char file_manager_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.FileManager1'>"
  "    <method name='ShowItems'>"
  "      <arg type='as' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* What the user clicks. */
typedef enum
{
  CLICK_NOTHING,    /* the user lets it be: the application quits after the last task */
  CLICK_OPEN,       /* the first "Video ready" itself: the window opens on that task */
  CLICK_SHOW_FILE,  /* its Show in Folder button */
  CLICK_QUIT,       /* Quit on "keeps working in the background" */
} Click;

typedef struct
{
  guint  id;
  char  *summary;
  char  *body;
  GStrv  actions;  /* key, label, key, label… */
} Shown;

static void
shown_free (Shown *shown)
{
  g_free (shown->summary);
  g_free (shown->body);
  g_strfreev (shown->actions);
  g_free (shown);
}

typedef struct
{
  Click            click;
  GDBusConnection *bus;
  OvsApplication  *app;
  GPtrArray       *shown;
  guint            next_id;
  GPtrArray       *tasks;          /* the tasks this test sent, in order */
  gboolean         window_closed;  /* the user closed the window once */
  gboolean         clicked;        /* the user clicked (see click) */
  char            *clicked_prompt; /* the body of the notification clicked: its task's prompt */
  guint            click_id;
  char            *click_key;
  GPtrArray       *shown_items;    /* URIs the file manager was asked to show */
  gboolean         opened_on_task; /* and the window came back showing that task */
  gboolean         stayed;         /* no window, tasks running, the application still here */
  gboolean         shutdown_early; /* it went away while a task was still running */
  gboolean         test_holds;     /* the user's click is to come, or on its way */
  guint            background_told_with_busy;
  guint            checks_after_click;
} Test;

static gboolean
click_cb (gpointer user_data)
{
  Test *t = user_data;
  g_autoptr(GError) error = NULL;

  /* As a notification server does when the user clicks: the notification itself is the
   * "default" key, a button its action's key. */
  g_dbus_connection_emit_signal (t->bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", t->click_id, t->click_key), &error);
  g_assert_no_error (error);
  t->clicked = TRUE;
  return G_SOURCE_REMOVE;
}

/* Clicks @shown's action whose key starts with @key_prefix, a moment later. */
static void
click_later (Test        *t,
             const Shown *shown,
             const char  *key_prefix)
{
  for (guint i = 0; shown->actions[i] != NULL && shown->actions[i + 1] != NULL; i += 2)
    if (g_str_has_prefix (shown->actions[i], key_prefix))
      {
        t->click_id = shown->id;
        g_free (t->clicked_prompt);
        t->clicked_prompt = g_strdup (shown->body);
        g_free (t->click_key);
        t->click_key = g_strdup (shown->actions[i]);
        g_timeout_add (200, click_cb, t);
        return;
      }
  g_error ("The notification “%s” has no action %s", shown->summary, key_prefix);
}

static gboolean
release_cb (gpointer user_data)
{
  Test *t = user_data;

  if (t->test_holds)
    {
      t->test_holds = FALSE;
      g_application_release (G_APPLICATION (t->app));
    }
  return G_SOURCE_REMOVE;
}

static void
file_manager_call_cb (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  Test *t = user_data;
  g_autofree const char **uris = NULL;

  g_variant_get (parameters, "(^a&s&s)", &uris, NULL);
  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (t->shown_items, g_strdup (uris[i]));
  g_dbus_method_invocation_return_value (invocation, NULL);
  g_idle_add (release_cb, t);
}

static const GDBusInterfaceVTable file_manager_vtable = { file_manager_call_cb, NULL, NULL, { 0 } };

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  Test *t = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      Shown *shown = g_new0 (Shown, 1);

      g_variant_get (parameters, "(&su&sss^as@a{sv}i)", NULL, NULL, NULL, &shown->summary,
                     &shown->body, &shown->actions, NULL, NULL);
      shown->id = ++t->next_id;
      g_ptr_array_add (t->shown, shown);
      g_test_message ("notification %u: %s — %s", shown->id, shown->summary, shown->body);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", shown->id));

      if (g_str_equal (shown->summary, "Omni Video Studio keeps working in the background"))
        {
          OvsTracker *tracker = ovs_application_get_tracker (t->app);

          if (ovs_tracker_get_n_busy (tracker) > 0
              && gtk_application_get_windows (GTK_APPLICATION (t->app)) == NULL)
            t->background_told_with_busy++;
          if (t->click == CLICK_QUIT && t->click_key == NULL)
            click_later (t, shown, "app.quit");
        }
      /* The first finished task: the user clicks its notification a moment later. */
      if (g_str_equal (shown->summary, "Video ready") && t->click_key == NULL)
        {
          if (t->click == CLICK_OPEN)
            click_later (t, shown, "default");
          else if (t->click == CLICK_SHOW_FILE)
            click_later (t, shown, "app.show-task-file");
        }
      return;
    }
  if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
      return;
    }
  if (g_str_equal (method_name, "GetServerInformation"))
    {
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "test", "omni", "1", "1.2"));
      return;
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, NULL, NULL, { 0 } };

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Test *t = user_data;
  g_autoptr(GError) error = NULL;
  OvsTask *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ovs_task_get_task_id (task));
  g_ptr_array_add (t->tasks, task);
}

static void
submit (Test       *t,
        const char *prompt)
{
  g_autofree char *example = ovs_test_read_example ("01-text-to-video.json", NULL);
  g_autoptr(JsonNode) root = json_from_string (example, NULL);
  g_autofree char *body = NULL;

  /* Each task its own prompt: the notification's body tells which task it is about. */
  json_object_set_string_member (json_node_get_object (root), "prompt", prompt);
  body = json_to_string (root, TRUE);
  ovs_tracker_submit_async (ovs_application_get_tracker (t->app), "text-to-video", body, NULL,
                            submitted_cb, t);
}

/* The task of this test whose prompt is @prompt. */
static OvsTask *
task_with_prompt (Test       *t,
                  const char *prompt)
{
  for (guint i = 0; i < t->tasks->len; i++)
    if (g_strcmp0 (ovs_task_get_prompt (g_ptr_array_index (t->tasks, i)), prompt) == 0)
      return g_ptr_array_index (t->tasks, i);
  return NULL;
}

static gboolean
second_task_cb (gpointer user_data)
{
  submit (user_data, "second task");
  return G_SOURCE_REMOVE;
}

static gboolean
check_stayed_cb (gpointer user_data)
{
  Test *t = user_data;
  OvsTracker *tracker = ovs_application_get_tracker (t->app);

  /* Half a second after the close: no window, a task running, and here we still are (a
   * Quit clicked sooner has already let the tracker go). */
  t->stayed = gtk_application_get_windows (GTK_APPLICATION (t->app)) == NULL
              && tracker != NULL && ovs_tracker_get_n_busy (tracker) > 0;
  return G_SOURCE_REMOVE;
}

static gboolean
close_window_cb (gpointer user_data)
{
  Test *t = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (t->app));

  if (t->tasks->len == 0)
    return G_SOURCE_CONTINUE;
  g_assert_nonnull (window);
  gtk_window_close (window);
  t->window_closed = TRUE;
  g_timeout_add (500, check_stayed_cb, t);
  /* A second task while no window is open: the application follows it all the same. */
  if (t->click == CLICK_OPEN || t->click == CLICK_SHOW_FILE)
    g_timeout_add (1500, second_task_cb, t);
  return G_SOURCE_REMOVE;
}

/* After the click: the window is back, on the Tasks page, the first task selected. */
static gboolean
check_opened_cb (gpointer user_data)
{
  Test *t = user_data;
  GtkWindow *window;
  OvsTask *selected;

  if (!t->clicked)
    return G_SOURCE_CONTINUE;
  window = gtk_application_get_active_window (GTK_APPLICATION (t->app));
  if (window == NULL || !OVS_IS_WINDOW (window))
    return G_SOURCE_CONTINUE;
  selected = ovs_task_pane_get_selected (ovs_window_get_task_pane (OVS_WINDOW (window)));
  if (selected == NULL)
    return G_SOURCE_CONTINUE;
  g_test_message ("the window is back, on task %" G_GINT64_FORMAT, ovs_task_get_id (selected));
  t->opened_on_task = g_strcmp0 (ovs_task_get_prompt (selected), t->clicked_prompt) == 0
                      && gtk_widget_get_mapped (GTK_WIDGET (ovs_window_get_task_pane (OVS_WINDOW (window))));
  /* A few seconds for the window to map and its list to fill; then the user gives up. */
  if (!t->opened_on_task && ++t->checks_after_click < 50)
    return G_SOURCE_CONTINUE;
  /* The user closes it again: the application stays while a task runs, quits after. */
  gtk_window_close (window);
  release_cb (t);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application,
             Test         *t)
{
  if (t->tasks->len > 0 || t->window_closed)
    return;
  /* The last task may end before the click arrives, and the application with it; a real
   * server would then start it again to deliver the click (D-Bus activation). Here it is
   * kept until the click has done its work: held from the start, since the notification
   * itself may reach this test after the application has let go (both tasks ending
   * together on a busy machine: "t.clicked should be TRUE"). Quit needs no such care. */
  if (t->click == CLICK_OPEN || t->click == CLICK_SHOW_FILE)
    {
      t->test_holds = TRUE;
      g_application_hold (G_APPLICATION (t->app));
    }
  submit (t, "first task");
  g_timeout_add (100, close_window_cb, t);
  if (t->click == CLICK_OPEN)
    g_timeout_add (100, check_opened_cb, t);
}

static void
shutdown_cb (GApplication *application,
             Test         *t)
{
  OvsTracker *tracker = ovs_application_get_tracker (t->app);

  t->shutdown_early = tracker == NULL || ovs_tracker_get_n_busy (tracker) > 0;
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_error ("The application did not quit within %d s", TEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static const Shown *
find_shown (Test       *t,
            const char *summary,
            guint       nth)
{
  for (guint i = 0; i < t->shown->len; i++)
    {
      const Shown *shown = g_ptr_array_index (t->shown, i);

      if (g_str_equal (shown->summary, summary) && nth-- == 0)
        return shown;
    }
  return NULL;
}

static gboolean
has_action (const Shown *shown,
            const char  *key_prefix,
            const char  *label)
{
  for (guint i = 0; shown->actions[i] != NULL && shown->actions[i + 1] != NULL; i += 2)
    if (g_str_has_prefix (shown->actions[i], key_prefix) && g_str_equal (shown->actions[i + 1], label))
      return TRUE;
  return FALSE;
}

/* Runs the whole application until it quits, this test playing the notification server
 * and the file manager; the user clicks as @click says. */
static void
run_app (Test  *t,
         Click  click)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusNodeInfo) fm_info = g_dbus_node_info_new_for_xml (file_manager_xml, NULL);
  g_autoptr(GError) error = NULL;
  guint object_id, owner_id, fm_object_id, fm_owner_id, give_up;
  int status;

  t->click = click;
  t->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  t->shown = g_ptr_array_new_with_free_func ((GDestroyNotify) shown_free);
  t->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  t->shown_items = g_ptr_array_new_with_free_func (g_free);
  object_id = g_dbus_connection_register_object (t->bus, "/org/freedesktop/Notifications",
                                                 info->interfaces[0], &vtable, t, NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (t->bus, "org.freedesktop.Notifications",
                                           G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  fm_object_id = g_dbus_connection_register_object (t->bus, "/org/freedesktop/FileManager1",
                                                    fm_info->interfaces[0], &file_manager_vtable,
                                                    t, NULL, &error);
  g_assert_no_error (error);
  fm_owner_id = g_bus_own_name_on_connection (t->bus, "org.freedesktop.FileManager1",
                                              G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);

  t->app = ovs_application_new ();
  /* An id of its own: another test or a running copy on this bus is not disturbed. */
  g_application_set_application_id (G_APPLICATION (t->app), "io.github.omnivideo.Studio.TestBackground");
  g_signal_connect_after (t->app, "activate", G_CALLBACK (activate_cb), t);
  g_signal_connect (t->app, "shutdown", G_CALLBACK (shutdown_cb), t);
  give_up = g_timeout_add_seconds (TEST_TIMEOUT_SECONDS, give_up_cb, NULL);

  status = g_application_run (G_APPLICATION (t->app), 0, NULL);
  g_source_remove (give_up);
  g_assert_cmpint (status, ==, 0);

  g_bus_unown_name (owner_id);
  g_bus_unown_name (fm_owner_id);
  g_dbus_connection_unregister_object (t->bus, object_id);
  g_dbus_connection_unregister_object (t->bus, fm_object_id);
}

static void
test_clear (Test *t)
{
  g_clear_object (&t->app);
  g_clear_pointer (&t->tasks, g_ptr_array_unref);
  g_clear_pointer (&t->shown, g_ptr_array_unref);
  g_clear_pointer (&t->shown_items, g_ptr_array_unref);
  g_clear_pointer (&t->click_key, g_free);
  g_clear_pointer (&t->clicked_prompt, g_free);
  g_clear_object (&t->bus);
}

static void
test_close_while_running_body (void)
{
  Test t = { 0 };
  const Shown *ready;

  run_app (&t, CLICK_OPEN);

  g_assert_true (t.window_closed);
  g_assert_true (t.stayed);
  /* It quit by itself, once the last task had ended. */
  g_assert_false (t.shutdown_early);
  g_assert_cmpuint (t.tasks->len, ==, 2);
  for (guint i = 0; i < t.tasks->len; i++)
    g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (t.tasks, i)), ==,
                     OVS_TASK_STATUS_SUCCEEDED);

  /* Said once, though the window may have been closed twice while tasks ran. */
  g_assert_cmpuint (t.background_told_with_busy, ==, 1);
  g_assert_null (find_shown (&t, "Omni Video Studio keeps working in the background", 1));
  g_assert_true (has_action (find_shown (&t, "Omni Video Studio keeps working in the background", 0),
                             "app.quit", "Quit"));

  /* The video announced, with a default action and the buttons. (The second one ends
   * while the window may be back in front: then no notification is needed.) */
  ready = find_shown (&t, "Video ready", 0);
  g_assert_nonnull (ready);
  g_assert_true (has_action (ready, "default", ""));
  g_assert_true (has_action (ready, "app.play-task", "Play"));
  g_assert_true (has_action (ready, "app.show-task-file", "Show in Folder"));

  /* Clicking it opened the window on that task. */
  g_assert_true (t.clicked);
  g_assert_true (t.opened_on_task);

  test_clear (&t);
}

/* Nobody clicks: the process stays while the task runs, and quits by itself after it. */
static void
test_quits_after_last_task_body (void)
{
  Test t = { 0 };

  run_app (&t, CLICK_NOTHING);

  g_assert_true (t.window_closed);
  g_assert_true (t.stayed);
  g_assert_false (t.shutdown_early);
  g_assert_cmpuint (t.tasks->len, ==, 1);
  g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (t.tasks, 0)), ==,
                   OVS_TASK_STATUS_SUCCEEDED);
  g_assert_nonnull (find_shown (&t, "Video ready", 0));
  g_assert_cmpuint (t.background_told_with_busy, ==, 1);

  test_clear (&t);
}

/* Show in Folder: the file manager is asked to show that very video. */
static void
test_show_in_folder_body (void)
{
  Test t = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  OvsTask *first;

  run_app (&t, CLICK_SHOW_FILE);

  g_assert_true (t.clicked);
  /* The task whose notification was clicked: the first to end, whichever it was. */
  first = task_with_prompt (&t, t.clicked_prompt);
  g_assert_nonnull (first);
  g_assert_nonnull (ovs_task_get_file (first));
  g_assert_true (g_file_test (ovs_task_get_file (first), G_FILE_TEST_IS_REGULAR));
  file = g_file_new_for_path (ovs_task_get_file (first));
  uri = g_file_get_uri (file);
  g_assert_cmpuint (t.shown_items->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (t.shown_items, 0), ==, uri);

  test_clear (&t);
}

/* Quit on the background notification: the application goes at once. Its task was sent
 * to the built-in sandbox, which goes with it: the history says so (issue 15.10), rather
 * than leaving it Queued for a server that no next start can reach. */
static void
test_quit_from_background_body (void)
{
  Test t = { 0 };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) stored = NULL;
  g_autoptr(GError) error = NULL;

  run_app (&t, CLICK_QUIT);

  g_assert_true (t.clicked);
  g_assert_true (t.shutdown_early);
  g_assert_cmpuint (t.tasks->len, ==, 1);
  g_assert_null (find_shown (&t, "Video ready", 0));

  store = ovs_task_store_new (NULL, &error);
  g_assert_no_error (error);
  stored = ovs_task_store_lookup (store, ovs_task_get_id (g_ptr_array_index (t.tasks, 0)));
  g_assert_nonnull (stored);
  g_assert_cmpint (ovs_task_get_status (stored), ==, OVS_TASK_STATUS_FAILED);
  g_assert_cmpstr (ovs_task_get_error (stored), ==,
                   "The built-in sandbox was closed before this task finished: send it again");

  test_clear (&t);
}

/* Each case is a whole application run: one per process, as in real life (GTK and GIO
 * keep per-process state that a second application in the same process trips over). */
#define IN_SUBPROCESS(name) \
  static void \
  name (void) \
  { \
    if (g_test_subprocess ()) \
      { \
        name##_body (); \
        return; \
      } \
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR); \
    g_test_trap_assert_passed (); \
  }

IN_SUBPROCESS (test_quits_after_last_task)
IN_SUBPROCESS (test_close_while_running)
IN_SUBPROCESS (test_show_in_folder)
IN_SUBPROCESS (test_quit_from_background)

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  /* A home of its own before anything reads it: the videos go into its Videos folder. */
  home = ovs_test_isolate_home ("test-background-XXXXXX");
  g_setenv ("HOME", home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/background/quits-after-last-task", test_quits_after_last_task);
  g_test_add_func ("/background/close-while-running", test_close_while_running);
  g_test_add_func ("/background/show-in-folder", test_show_in_folder);
  g_test_add_func ("/background/quit-from-background", test_quit_from_background);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
