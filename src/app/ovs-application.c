/* ovs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gtksourceview/gtksource.h>
#include <signal.h>

#include "ovs-app-widgets.h"
#include "ovs-application.h"
#include "ovs-cost-watch.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-endpoint.h"
#include "ovs-preferences-window.h"
#include "ovs-recover-dialog.h"
#include "ovs-task-pane.h"
#include "ovs-window.h"

struct _OvsApplication
{
  AdwApplication parent_instance;

  OvsEndpoint   *endpoint;
  OvsTaskStore  *store;
  OvsTracker    *tracker;
  OvsNetworkWatch *network_watch;
  OvsCostWatch  *cost_watch;

  /* Held while tasks run with no window open: the application stays until they end. */
  gboolean       holding;
  /* "Still working in the background" is said once per run, not at every close. */
  gboolean       told_background;
  /* Quit chosen, or shutting down: closing windows then is no reason to stay. */
  gboolean       quitting;
  /* The history failed its check: nothing is written to it until recovered. */
  gboolean       history_damaged;
  /* The history's integrity check, asked for after the first window's first frame. */
  gboolean       check_asked;
  GCancellable  *cancellable;
  guint          signal_ids[3];  /* SIGTERM, SIGINT, SIGHUP: quit as Ctrl+Q does */
};

G_DEFINE_FINAL_TYPE (OvsApplication, ovs_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_HISTORY_DAMAGED,
  PROP_COST_WATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_tracking (OvsApplication *self);
static void check_history_after_frame (OvsApplication *self,
                                       GtkWindow      *window);

static void
ovs_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (ovs_window_new (OVS_APPLICATION (app)));

  check_history_after_frame (OVS_APPLICATION (app), window);
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  OVS_APPLICATION (user_data)->quitting = TRUE;
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The Omni Video Studio developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Omni Video Studio"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Omni Video Studio developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/omnivideo/studio",
                        "issue-url", "https://github.com/omnivideo/studio/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("Omni-Video API documentation"),
                             "https://omnirouters.com");
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about), _("OmniRouters terms of service"),
                             "https://omnirouters.com/terms");
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OvsApplication *self = OVS_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  OvsPreferencesWindow *preferences;

  /* Already open: bring it back rather than open a second one. */
  if (OVS_IS_PREFERENCES_WINDOW (window))
    {
      gtk_window_present (window);
      return;
    }
  preferences = ovs_preferences_window_new (window, self->endpoint);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (preferences));
}

/* @pane: the Tasks pane of the window the click brought, if it did and it is still there */
typedef void (*TaskActionFunc) (OvsApplication *self,
                                OvsTask        *task,
                                OvsTaskPane    *pane);

typedef struct
{
  OvsApplication *self;
  TaskActionFunc  func;
  GWeakRef        pane;  /* the pane of the window the click brought, if it did */
} TaskLookup;

static void
task_looked_up_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TaskLookup *lookup = user_data;
  g_autoptr(OvsTask) task = ovs_task_store_lookup_finish (OVS_TASK_STORE (source), result,
                                                          NULL);
  g_autoptr(OvsTaskPane) pane = g_weak_ref_get (&lookup->pane);

  lookup->func (lookup->self, task, pane);
  g_application_release (G_APPLICATION (lookup->self));
  g_object_unref (lookup->self);
  g_weak_ref_clear (&lookup->pane);
  g_free (lookup);
}

/* Hands @func the task of the history whose id a notification's action carries (NULL if
 * the history has none), read in the store's writer thread: a click never waits on the
 * history. The app stays up meanwhile, as it was maybe started by that click. */
static void
with_task (OvsApplication *self,
           GVariant       *parameter,
           OvsTaskPane    *pane,
           TaskActionFunc  func)
{
  TaskLookup *lookup;

  if (self->store == NULL || parameter == NULL)
    {
      func (self, NULL, pane);
      return;
    }
  lookup = g_new0 (TaskLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->func = func;
  g_weak_ref_init (&lookup->pane, pane);
  g_application_hold (G_APPLICATION (self));
  ovs_task_store_lookup_async (self->store, g_variant_get_int64 (parameter), NULL,
                               task_looked_up_cb, lookup);
}

static OvsWindow *
present_window (OvsApplication *self)
{
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (OVS_IS_WINDOW (l->data))
      {
        window = l->data;
        break;
      }
  if (window == NULL)
    window = GTK_WINDOW (ovs_window_new (self));
  gtk_window_present (window);
  return OVS_WINDOW (window);
}

static gboolean
select_task (OvsTaskPane *pane,
             OvsTask     *task)
{
  OvsTask *selected;

  ovs_task_pane_select (pane, task);
  selected = ovs_task_pane_get_selected (pane);
  return selected != NULL && ovs_task_get_id (selected) == ovs_task_get_id (task);
}

typedef struct
{
  GWeakRef  pane;
  OvsTask  *task;
} PendingSelection;

static void
pending_selection_free (gpointer data,
                        GClosure *closure)
{
  PendingSelection *pending = data;

  g_weak_ref_clear (&pending->pane);
  g_object_unref (pending->task);
  g_free (pending);
}

static void
pane_items_changed_cb (GListModel       *model,
                       guint             position,
                       guint             removed,
                       guint             added,
                       PendingSelection *pending)
{
  g_autoptr(OvsTaskPane) pane = g_weak_ref_get (&pending->pane);

  if (pane == NULL || select_task (pane, pending->task))
    g_signal_handlers_disconnect_by_func (model, pane_items_changed_cb, pending);
}

/* @task selected in @pane's list; a window opened just now fills its list a moment later,
 * the task is selected then. */
static void
select_in_pane (OvsTaskPane *pane,
                OvsTask     *task)
{
  GListModel *model = ovs_task_pane_get_model (pane);
  PendingSelection *pending;

  if (task == NULL || select_task (pane, task) || model == NULL)
    return;
  pending = g_new0 (PendingSelection, 1);
  g_weak_ref_init (&pending->pane, pane);
  pending->task = g_object_ref (task);
  g_signal_connect_data (model, "items-changed", G_CALLBACK (pane_items_changed_cb), pending,
                         pending_selection_free, 0);
}

/* The window, on its Tasks page; @task selected there, if any. */
static OvsTaskPane *
show_task (OvsApplication *self,
           OvsTask        *task)
{
  OvsWindow *window = present_window (self);
  OvsTaskPane *pane = ovs_window_get_task_pane (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-tasks", NULL);
  select_in_pane (pane, task);
  return pane;
}

/* The history's answer for the window a click brought: if that window is still open (the
 * user may have closed it meanwhile), the task is selected in it. */
static void
select_task_found (OvsApplication *self,
                   OvsTask        *task,
                   OvsTaskPane    *pane)
{
  if (pane != NULL && gtk_widget_get_mapped (GTK_WIDGET (pane)))
    select_in_pane (pane, task);
}

/* app.show-task(int64 id): a notification's default action, the window on that task: the
 * window comes at once, the task is selected once the history has answered. */
static void
show_task_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  OvsApplication *self = OVS_APPLICATION (user_data);
  OvsTaskPane *pane = show_task (self, NULL);

  if (parameter != NULL)
    with_task (self, parameter, pane, select_task_found);
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("The video could not be opened: %s", error->message);
}

/* app.play-task(int64 id): the finished video in the user's player. Without its file (not
 * downloaded yet, or removed) the window shows the task, which says why. */
static void
play_task (OvsApplication *self,
           OvsTask        *task,
           OvsTaskPane    *pane)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (task == NULL || ovs_task_get_file (task) == NULL
      || !g_file_test (ovs_task_get_file (task), G_FILE_TEST_EXISTS))
    {
      show_task (self, task);
      return;
    }
  file = g_file_new_for_path (ovs_task_get_file (task));
  uri = g_file_get_uri (file);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, NULL);
}

static void
play_task_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  with_task (OVS_APPLICATION (user_data), parameter, NULL, play_task);
}

static void
show_items_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree char *folder_uri = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  /* No file manager that shows items: the folder itself, in whatever opens folders. */
  if (reply == NULL)
    g_app_info_launch_default_for_uri_async (folder_uri, NULL, NULL, launch_done_cb, NULL);
}

/* app.show-task-file(int64 id): the video selected in the file manager. */
static void
show_task_file (OvsApplication *self,
                OvsTask        *task,
                OvsTaskPane    *pane)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  if (task == NULL || ovs_task_get_file (task) == NULL || bus == NULL)
    {
      show_task (self, task);
      return;
    }
  file = g_file_new_for_path (ovs_task_get_file (task));
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (file);
  uris[0] = uri;
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, show_items_done_cb,
                          folder != NULL ? g_file_get_uri (folder) : g_strdup (uri));
}

static void
show_task_file_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  with_task (OVS_APPLICATION (user_data), parameter, NULL, show_task_file);
}

static void
history_recovered_cb (OvsApplication *self,
                      OvsTaskStore   *store,
                      const char     *aside_path,
                      guint           n_recovered)
{
  g_autofree char *message = NULL;
  /* Beside the history: its name says where, and fits in a toast. */
  g_autofree char *aside_name = g_path_get_basename (aside_path);

  g_set_object (&self->store, store);
  self->history_damaged = FALSE;
  start_tracking (self);
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u task came back into a new history. "
                                          "The damaged one is kept beside it as %s",
                                          "%u tasks came back into a new history. "
                                          "The damaged one is kept beside it as %s",
                                          n_recovered),
                             n_recovered, aside_name);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (OVS_IS_WINDOW (l->data))
      {
        ovs_window_set_tracker (l->data, self->tracker);
        ovs_window_add_toast (l->data, message);
      }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_DAMAGED]);
}

/* app.recover-history: what `omni-video recover` does, in a dialog that says what happens
 * to the damaged file and runs the recovery off the main loop. */
static void
recover_history_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  OvsApplication *self = OVS_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  OvsRecoverDialog *dialog;

  if (!self->history_damaged)
    return;
  dialog = ovs_recover_dialog_new (window, NULL);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_object (dialog, "recovered", G_CALLBACK (history_recovered_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "show-tasks", show_task_activated },
  { "show-task", show_task_activated, "x" },
  { "play-task", play_task_activated, "x" },
  { "show-task-file", show_task_file_activated, "x" },
  { "recover-history", recover_history_activated },
};

/* Background work */

static gboolean
has_window (OvsApplication *self)
{
  return gtk_application_get_windows (GTK_APPLICATION (self)) != NULL;
}

static void
background_reply_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_message ("The Background portal did not take the request: %s", error->message);
}

/* Inside the Flatpak, the sandbox may stop an application without a window unless the
 * Background portal allows it. libportal is too old on Debian 12 to have the request, so
 * the portal's D-Bus method is called directly; the answer (the user's choice) arrives as
 * a Request::Response signal that nothing needs to wait for: tracking goes on either
 * way, and a refusal only means the session may end it. */
static void
request_background (OvsApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  GVariantBuilder options;

  if (bus == NULL || !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Follow video tasks until they end")));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, background_reply_cb, NULL);
}

static void
tell_background (OvsApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  guint n = self->tracker != NULL ? ovs_tracker_get_n_busy (self->tracker) : 0;
  g_autofree char *body = NULL;

  if (self->told_background)
    return;
  self->told_background = TRUE;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u task is still being followed. You will be told when it ends.",
                                       "%u tasks are still being followed. You will be told when they end.",
                                       n), n);
  notification = g_notification_new (_("Omni Video Studio keeps working in the background"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action (notification, "app.show-tasks");
  g_notification_add_button (notification, _("Quit"), "app.quit");
  g_application_send_notification (G_APPLICATION (self), "background", notification);
}

/* The last window closed while tasks run: stay until they end. */
static void
update_hold (OvsApplication *self)
{
  gboolean busy = self->tracker != NULL && ovs_tracker_get_n_busy (self->tracker) > 0;

  if (busy && !has_window (self) && !self->holding && !self->quitting)
    {
      self->holding = TRUE;
      g_application_hold (G_APPLICATION (self));
      request_background (self);
      tell_background (self);
    }
  else if (!busy && self->holding)
    {
      self->holding = FALSE;
      g_application_withdraw_notification (G_APPLICATION (self), "background");
      /* With no window left, the application quits here. */
      g_application_release (G_APPLICATION (self));
    }
}

static void
task_finished_cb (OvsApplication *self,
                  OvsTask        *task)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GNotification) notification = NULL;
  gboolean ok = ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED;
  g_autofree char *id = NULL;
  GVariant *target;

  /* Only news: a task that ended just now while no window was in front, not a video
   * downloaded again at start-up. */
  if ((window != NULL && gtk_window_is_active (window))
      || g_get_real_time () / G_USEC_PER_SEC - ovs_task_get_finished_at (task) > 120)
    return;

  notification = g_notification_new (ok ? _("Video ready") : _("Task failed"));
  g_notification_set_body (notification, ok ? ovs_task_get_prompt (task) : ovs_task_get_error (task));
  target = g_variant_new_int64 (ovs_task_get_id (task));
  g_notification_set_default_action_and_target_value (notification, "app.show-task", target);
  if (ok)
    {
      target = g_variant_new_int64 (ovs_task_get_id (task));
      g_notification_add_button_with_target_value (notification, _("Play"), "app.play-task", target);
      target = g_variant_new_int64 (ovs_task_get_id (task));
      g_notification_add_button_with_target_value (notification, _("Show in Folder"),
                                                   "app.show-task-file", target);
    }
  id = g_strdup_printf ("task-%" G_GINT64_FORMAT, ovs_task_get_id (task));
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* Unfinished tasks are followed again once the endpoint knows its key (otherwise tasks
 * sent to OmniRouters would look unreachable for a moment). */
static gboolean
resume_idle_cb (gpointer user_data)
{
  OvsApplication *self = user_data;

  if (self->tracker == NULL)
    return G_SOURCE_REMOVE;
  /* Before the resumed tasks make the tracker busy: its first balance is taken idle. */
  if (self->cost_watch == NULL)
    {
      self->cost_watch = ovs_cost_watch_new (self->tracker);
      /* The windows' balance shows what it reads: the gateway is asked in one place. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST_WATCH]);
    }
  /* Read in the history's own thread: thousands of unfinished tasks are a moment's work. */
  ovs_tracker_resume_async (self->tracker, self->cancellable, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
endpoint_ready_cb (OvsApplication *self)
{
  if (self->tracker == NULL || !ovs_endpoint_get_ready (self->endpoint))
    return;
  g_signal_handlers_disconnect_by_func (self->endpoint, endpoint_ready_cb, self);
  /* After the window is on screen: the user sees the app first, then its tasks move. */
  g_idle_add_full (G_PRIORITY_LOW, resume_idle_cb, g_object_ref (self), g_object_unref);
}

/* Said once per run of failures (the store retries each write until it lands), in the
 * window the user looks at. */
static void
write_failed_cb (OvsApplication *self,
                 OvsTask        *task,
                 const char     *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *text = NULL;

  if (self->store == NULL || ovs_task_store_get_n_unsaved (self->store) > 0
      || !OVS_IS_WINDOW (window))
    return;
  text = g_strdup_printf (_("The history could not be saved; trying again: %s"), message);
  ovs_window_add_toast (OVS_WINDOW (window), text);
}

/* The late check found the history damaged: it is let go of (the store closed its file
 * for recovery), and every window says so as if it had been found at open. */
static void
let_go_of_damaged_history (OvsApplication *self)
{
  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_signal_handlers_disconnect_by_data (self->store, self);
  g_signal_handlers_disconnect_by_func (self->endpoint, endpoint_ready_cb, self);
  g_clear_object (&self->cost_watch);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST_WATCH]);
  g_clear_object (&self->tracker);
  g_clear_object (&self->network_watch);
  g_clear_object (&self->store);
  self->history_damaged = TRUE;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (OVS_IS_WINDOW (l->data))
      ovs_window_set_tracker (l->data, NULL);
  update_hold (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_DAMAGED]);
}

static void
bodies_moved_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gint n_moved = ovs_task_store_move_long_bodies_finish (OVS_TASK_STORE (source), result, &error);

  if (n_moved > 0)
    g_debug ("Moved %d long bodies of the history out of its rows", n_moved);
  else if (n_moved < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The history's long bodies could not be moved yet: %s", error->message);
}

static void
history_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  /* Held by the check: its answer may come while the application is torn down. */
  g_autoptr(OvsApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (ovs_task_store_check_finish (OVS_TASK_STORE (source), result, &error))
    {
      /* Checked: what an older history keeps in its rows can be moved, a step at a time. */
      if (self->store == OVS_TASK_STORE (source))
        ovs_task_store_move_long_bodies_async (self->store, self->cancellable,
                                               bodies_moved_cb, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!g_error_matches (error, OVS_ERROR, OVS_ERROR_DAMAGED)
      || self->store != OVS_TASK_STORE (source))
    {
      g_message ("The task history could not be checked: %s", error->message);
      return;
    }
  g_message ("The task history is damaged: %s", error->message);
  let_go_of_damaged_history (self);
}

static void
check_after_frame_cb (GtkWidget *window)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));
  OvsApplication *self = OVS_IS_APPLICATION (application) ? OVS_APPLICATION (application) : NULL;

  if (self != NULL && self->store != NULL)
    ovs_task_store_check_async (self->store, self->cancellable, history_checked_cb,
                                g_object_ref (self));
}

/* The history was opened without reading all of it (90 MB for 100 000 tasks): the rest of
 * the check runs in its writer thread once the first window has drawn its first frame.
 * Nothing is written before it passes, and failing it brings the damaged-history banner. */
static void
check_history_after_frame (OvsApplication *self,
                           GtkWindow      *window)
{
  if (self->check_asked || self->store == NULL)
    return;
  self->check_asked = TRUE;
  ovs_widget_after_frame (GTK_WIDGET (window), check_after_frame_cb);
}

static void
open_history (OvsApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->store = ovs_task_store_new_full (NULL, OVS_TASK_STORE_CHECK_LATER, &error);
  if (self->store == NULL)
    {
      /* The composer still works; the window says why nothing can be sent and, for a
       * damaged history, offers to recover it. */
      self->history_damaged = g_error_matches (error, OVS_ERROR, OVS_ERROR_DAMAGED);
      if (self->history_damaged)
        g_message ("The task history is damaged: %s", error->message);
      else
        g_warning ("The task history cannot be opened: %s", error->message);
      return;
    }
  start_tracking (self);
}

/* The tracker of the history just opened (or recovered): sends, follows, downloads. */
static void
start_tracking (OvsApplication *self)
{
  g_autofree char *downloads = ovs_core_dup_default_download_dir ();
  g_autoptr(GSettings) settings = NULL;

  /* Queued writes may still be announced after the application let the store go. */
  g_signal_connect_object (self->store, "write-failed", G_CALLBACK (write_failed_cb), self,
                           G_CONNECT_SWAPPED);

  if (ovs_endpoint_get_client (self->endpoint) == NULL)
    {
      g_warning ("No endpoint can be reached: tasks cannot be sent");
      return;
    }
  self->tracker = ovs_tracker_new (self->store, ovs_endpoint_get_client (self->endpoint), downloads);
  ovs_endpoint_bind_tracker (self->endpoint, self->tracker);
  g_signal_connect_swapped (self->tracker, "task-finished", G_CALLBACK (task_finished_cb), self);

  /* Offline: polls wait and resume the moment the network is back; power saver: slower;
   * metered: finished videos wait unless the user allowed downloads there. */
  self->network_watch = ovs_network_watch_new (NULL, NULL);
  settings = g_settings_new (APP_ID);
  g_settings_bind (settings, "download-on-metered", self->network_watch, "download-on-metered",
                   G_SETTINGS_BIND_GET);
  ovs_tracker_set_network_watch (self->tracker, self->network_watch);
  g_signal_connect_swapped (self->tracker, "notify::n-busy", G_CALLBACK (update_hold), self);
  g_signal_connect_swapped (self->endpoint, "notify::ready", G_CALLBACK (endpoint_ready_cb), self);
  endpoint_ready_cb (self);
}

/* A session ending, a `kill` or Ctrl+C in the terminal: the process would otherwise die on
 * the spot, losing the draft typed in the last half second and the history writes still
 * queued, and leaving the built-in sandbox's folder in /tmp. Quits as Ctrl+Q does. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  OvsApplication *self = user_data;

  g_debug ("Quitting on a signal");
  self->quitting = TRUE;
  g_application_quit (G_APPLICATION (self));
  return G_SOURCE_CONTINUE;
}

static void
ovs_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  OvsApplication *self = OVS_APPLICATION (app);

  G_APPLICATION_CLASS (ovs_application_parent_class)->startup (app);

  self->signal_ids[0] = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
  self->signal_ids[1] = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  self->signal_ids[2] = g_unix_signal_add (SIGHUP, quit_on_signal_cb, self);
  gtk_source_init ();
  self->endpoint = ovs_endpoint_new ();
  open_history (self);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
ovs_application_window_removed (GtkApplication *app,
                                GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (ovs_application_parent_class)->window_removed (app, window);
  /* Before the main loop looks at the use count again: no gap in which it would quit. */
  update_hold (OVS_APPLICATION (app));
}

static void
ovs_application_shutdown (GApplication *app)
{
  OvsApplication *self = OVS_APPLICATION (app);

  self->quitting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->signal_ids); i++)
    g_clear_handle_id (&self->signal_ids[i], g_source_remove);
  /* Quitting closes no window: what closing one keeps is kept here (the draft typed in the
   * last half second was lost to Ctrl+Q). Before the history is flushed below, so that the
   * deletions still undoable are in it. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (OVS_IS_WINDOW (l->data))
      ovs_window_save_state (l->data);
  G_APPLICATION_CLASS (ovs_application_parent_class)->shutdown (app);
  g_cancellable_cancel (self->cancellable);

  /* The built-in sandbox lives in this process: its tasks end with it, said plainly,
   * rather than waiting forever at the next start for a server that is gone. */
  if (self->tracker != NULL && self->endpoint != NULL
      && ovs_endpoint_get_sandbox_base_url (self->endpoint) != NULL)
    ovs_tracker_abandon (self->tracker, ovs_endpoint_get_sandbox_base_url (self->endpoint),
                         _("The built-in sandbox was closed before this task finished: send it again"));

  /* What the history says at quit is on disk before the application lets go of it: a
   * window may hold the store past this point, and its writer thread would write the
   * abandoned tasks only when the last reference goes (a test reading the history right
   * after quitting found them still Queued, 1 run in 18 on a loaded machine). Bounded by
   * the store's busy timeout: every queued write is tried once. */
  if (self->store != NULL)
    ovs_task_store_flush (self->store);

  /* Stops the tracker's work, then the sandbox and a key lookup still under way. */
  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->cost_watch);
  g_clear_object (&self->tracker);
  g_clear_object (&self->network_watch);
  g_clear_object (&self->store);
  /* The windows, which GTK does not destroy at quit, hold the endpoint: its sandbox would
   * outlive the process's last moment, and its folder of renders stay in /tmp. */
  if (self->endpoint != NULL)
    ovs_endpoint_shutdown (self->endpoint);
  g_clear_object (&self->endpoint);
}

static void
ovs_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OvsApplication *self = OVS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_HISTORY_DAMAGED:
      g_value_set_boolean (value, self->history_damaged);
      break;
    case PROP_COST_WATCH:
      g_value_set_object (value, self->cost_watch);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_application_dispose (GObject *object)
{
  OvsApplication *self = OVS_APPLICATION (object);

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->cost_watch);
  g_clear_object (&self->tracker);
  g_clear_object (&self->network_watch);
  g_clear_object (&self->store);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ovs_application_parent_class)->dispose (object);
}

static void
ovs_application_class_init (OvsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  gtk_app_class->window_removed = ovs_application_window_removed;
  object_class->dispose = ovs_application_dispose;
  object_class->get_property = ovs_application_get_property;
  app_class->activate = ovs_application_activate;
  app_class->startup = ovs_application_startup;
  app_class->shutdown = ovs_application_shutdown;

  /**
   * OvsApplication:history-damaged:
   *
   * The history failed its check (at open, or in its writer thread after the first frame)
   * and has not been recovered yet.
   */
  properties[PROP_HISTORY_DAMAGED] =
    g_param_spec_boolean ("history-damaged", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COST_WATCH] =
    g_param_spec_object ("cost-watch", NULL, NULL, OVS_TYPE_COST_WATCH,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_application_init (OvsApplication *self)
{
  self->cancellable = g_cancellable_new ();
}

OvsApplication *
ovs_application_new (void)
{
  return g_object_new (OVS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/omnivideo/Studio",
                       NULL);
}

/* Where requests go; NULL before the application started up. */
OvsEndpoint *
ovs_application_get_endpoint (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), NULL);
  return self->endpoint;
}

/* Sends and follows tasks; NULL when the history could not be opened. */
OvsTracker *
ovs_application_get_tracker (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), NULL);
  return self->tracker;
}

/* The key's balance and the tasks' costs from it, once the tracker started (else NULL;
 * "cost-watch" is notified). */
OvsCostWatch *
ovs_application_get_cost_watch (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), NULL);
  return self->cost_watch;
}

/* The history is damaged and not recovered yet: nothing can be sent. */
gboolean
ovs_application_get_history_damaged (OvsApplication *self)
{
  g_return_val_if_fail (OVS_IS_APPLICATION (self), FALSE);
  return self->history_damaged;
}
