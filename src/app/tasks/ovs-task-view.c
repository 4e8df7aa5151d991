/* ovs-task-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "ovs-json.h"
#include "ovs-media-probe.h"
#include "ovs-panel.h"
#include "ovs-player-widget.h"
#include "ovs-task-result.h"
#include "ovs-task-row.h"
#include "ovs-task-view.h"

struct _OvsTaskView
{
  AdwBin           parent_instance;

  OvsTracker      *tracker;
  OvsTask         *task;
  GPtrArray       *checks;

  GtkWidget       *stack;        /* "empty" / "task" */
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkLabel        *status;
  GtkProgressBar  *progress;
  GtkWidget       *message_box;
  GtkLabel        *message;
  GtkWidget       *player_slot;
  GtkWidget       *player;
  AdwPreferencesGroup *facts_group;
  GPtrArray       *fact_rows;
  GtkSourceBuffer *request_buffer;
  GtkSourceBuffer *answer_buffer;
  AdwPreferencesGroup *history_group;
  GPtrArray       *history_rows;
  GtkWidget       *actions;
  GtkWidget       *follow_button;  /* "Stop Tracking", or "Follow Again" once stopped */
};

G_DEFINE_FINAL_TYPE (OvsTaskView, ovs_task_view, ADW_TYPE_BIN)

enum {
  EDIT_AS_NEW,
  RERUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (OvsTaskView *self,
       const char  *message)
{
  ovs_panel_toast (GTK_WIDGET (self), message);
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle,
         const char          *icon)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

/* The facts of the video and the checks against what was asked. */
static void
update_facts (OvsTaskView *self)
{
  g_autoptr(OvsMediaInfo) info = ovs_task_dup_media_info (self->task);

  clear_rows (self->facts_group, self->fact_rows);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), info != NULL);
  if (info == NULL)
    return;

  {
    g_autofree char *size = g_strdup_printf ("%d × %d", info->width, info->height);
    g_autofree char *length = g_strdup_printf (_("%.2f s at %.0f frames per second"),
                                               info->duration, info->fps);
    g_autofree char *bytes = g_format_size (info->size_bytes);
    g_autofree char *codecs = g_strdup_printf ("%s%s%s",
                                               info->video_codec != NULL ? info->video_codec : "?",
                                               info->has_audio ? " + " : "",
                                               info->has_audio && info->audio_codec != NULL ? info->audio_codec : "");
    g_autofree char *file = g_strdup_printf ("%s, %s", info->container != NULL ? info->container : "?", bytes);

    add_row (self->facts_group, self->fact_rows, _("Picture"), size, "video-display-symbolic");
    add_row (self->facts_group, self->fact_rows, _("Length"), length, "preferences-system-time-symbolic");
    add_row (self->facts_group, self->fact_rows, _("Codecs"), codecs, NULL);
    add_row (self->facts_group, self->fact_rows, _("File"), file, NULL);
  }

  self->checks = ovs_media_check_request (info, ovs_task_get_request_json (self->task));
  if (self->checks == NULL)
    return;
  for (guint i = 0; i < self->checks->len; i++)
    {
      OvsMediaCheck *check = g_ptr_array_index (self->checks, i);
      GtkWidget *row = add_row (self->facts_group, self->fact_rows, check->message, NULL,
                                check->ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");

      gtk_widget_add_css_class (row, check->ok ? "check-ok" : "check-failed");
      gtk_widget_set_name (row, ovs_media_check_kind_to_string (check->kind));
    }
}

static void
update_history (OvsTaskView *self)
{
  g_autoptr(GPtrArray) events = NULL;
  OvsTaskStore *store = self->tracker != NULL ? ovs_tracker_get_store (self->tracker) : NULL;
  const char *last_raw = NULL;

  clear_rows (self->history_group, self->history_rows);
  if (store == NULL || ovs_task_get_id (self->task) == 0)
    return;

  events = ovs_task_store_dup_events (store, ovs_task_get_id (self->task));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      OvsTaskEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (event->at);
      g_autofree char *when = at != NULL ? g_date_time_format (at, "%H:%M:%S") : g_strdup ("");
      g_autofree char *title = NULL;

      if (event->progress >= 0 && event->status == OVS_TASK_STATUS_RUNNING)
        title = g_strdup_printf ("%s · %s %d%%", when, ovs_task_status_to_label (event->status),
                                 event->progress);
      else
        title = g_strdup_printf ("%s · %s", when, ovs_task_status_to_label (event->status));
      add_row (self->history_group, self->history_rows, title,
               event->error != NULL ? event->error : event->server_status, NULL);
      if (event->raw_answer != NULL)
        last_raw = event->raw_answer;
    }

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->answer_buffer),
                            last_raw != NULL ? last_raw : _("No answer from the server yet."), -1);
}

static void
update_player (OvsTaskView *self)
{
  const char *file = self->task != NULL ? ovs_task_get_file (self->task) : NULL;
  gboolean has_file = file != NULL && g_file_test (file, G_FILE_TEST_IS_REGULAR);

  /* A video no one sees holds no pipeline: the player comes when the view is shown. */
  if (!has_file || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->player != NULL)
        {
          gtk_box_remove (GTK_BOX (self->player_slot), self->player);
          self->player = NULL;
        }
      gtk_widget_set_visible (self->player_slot, FALSE);
      return;
    }

  if (self->player == NULL)
    {
      self->player = ovs_player_widget_new ();
      gtk_widget_set_vexpand (self->player, TRUE);
      gtk_box_append (GTK_BOX (self->player_slot), self->player);
    }
  {
    g_autoptr(GFile) gfile = g_file_new_for_path (file);

    ovs_player_widget_set_file (OVS_PLAYER_WIDGET (self->player), gfile);
  }
  gtk_widget_set_visible (self->player_slot, TRUE);
}

static void
update_actions (OvsTaskView *self)
{
  OvsTaskStatus status = ovs_task_get_status (self->task);
  const char *file = ovs_task_get_file (self->task);
  gboolean has_file = file != NULL && g_file_test (file, G_FILE_TEST_IS_REGULAR);
  const char * const *urls = ovs_task_get_urls (self->task);
  gboolean tracking = self->tracker != NULL && ovs_tracker_is_tracking (self->tracker, self->task);
  gboolean paused = ovs_task_get_paused (self->task) && !ovs_task_is_finished (self->task);
  AdwButtonContent *follow = ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (self->follow_button)));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.open", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.show-in-folder", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.export", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.copy-url", urls != NULL && urls[0] != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.download",
                                 self->tracker != NULL && status == OVS_TASK_STATUS_SUCCEEDED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.stop-tracking", tracking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.follow", self->tracker != NULL && paused);
  /* One button: Stop Tracking, and once stopped, Follow Again. */
  adw_button_content_set_label (follow, paused ? _("Follow _Again") : _("_Stop Tracking"));
  adw_button_content_set_icon_name (follow, paused ? "emblem-synchronizing-symbolic"
                                                   : "process-stop-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->follow_button),
                                  paused ? "task.follow" : "task.stop-tracking");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.rerun",
                                 ovs_task_get_request_json (self->task) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.edit-as-new",
                                 ovs_task_get_request_json (self->task) != NULL);
}

static void
update (OvsTaskView *self)
{
  OvsTaskStatus status;
  const char *error;
  const char *note;
  g_autofree char *subtitle = NULL;

  if (self->task == NULL)
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "task");

  status = ovs_task_get_status (self->task);
  gtk_label_set_label (self->title, ovs_task_get_prompt (self->task) != NULL
                                    ? ovs_task_get_prompt (self->task) : _("(no prompt)"));
  subtitle = g_strdup_printf ("%s · %s · %s",
                              ovs_task_get_model (self->task) != NULL ? ovs_task_get_model (self->task) : "—",
                              ovs_task_get_scenario (self->task) != NULL ? ovs_task_get_scenario (self->task) : "—",
                              ovs_task_get_task_id (self->task) != NULL ? ovs_task_get_task_id (self->task)
                                                                       : _("no server id"));
  gtk_label_set_label (self->subtitle, subtitle);

  gtk_label_set_label (self->status, ovs_task_status_to_label (status));
  for (int s = OVS_TASK_STATUS_SUBMITTING; s <= OVS_TASK_STATUS_UNKNOWN; s++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (s));
  gtk_widget_add_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (status));

  gtk_widget_set_visible (GTK_WIDGET (self->progress),
                          status == OVS_TASK_STATUS_RUNNING || status == OVS_TASK_STATUS_QUEUED);
  if (ovs_task_get_progress (self->task) >= 0)
    gtk_progress_bar_set_fraction (self->progress, ovs_task_get_progress (self->task) / 100.0);

  error = ovs_task_get_error (self->task);
  note = ovs_task_get_shown_note (self->task);
  gtk_widget_set_visible (self->message_box, error != NULL || note != NULL);
  gtk_widget_remove_css_class (self->message_box, "error");
  if (status == OVS_TASK_STATUS_FAILED || status == OVS_TASK_STATUS_UNKNOWN)
    gtk_widget_add_css_class (self->message_box, "error");
  {
    g_autofree char *text = g_strjoin ("\n", error != NULL ? error : "", note != NULL ? note : "", NULL);

    gtk_label_set_label (self->message, g_strstrip (text));
  }

  update_actions (self);
}

static void
task_notify_cb (OvsTaskView *self,
                GParamSpec  *pspec)
{
  update (self);
  if (g_str_equal (pspec->name, "file"))
    update_player (self);
  if (g_str_equal (pspec->name, "media-json"))
    update_facts (self);
  if (g_str_equal (pspec->name, "status") || g_str_equal (pspec->name, "progress")
      || g_str_equal (pspec->name, "error"))
    update_history (self);
}

void
ovs_task_view_set_task (OvsTaskView *self,
                        OvsTask     *task)
{
  g_return_if_fail (OVS_IS_TASK_VIEW (self));

  if (self->task == task)
    return;

  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_set_object (&self->task, task);

  /* The old video stops and lets its pipeline go before another one starts. */
  if (self->player != NULL)
    {
      gtk_box_remove (GTK_BOX (self->player_slot), self->player);
      self->player = NULL;
    }

  if (task != NULL)
    {
      g_autofree char *pretty = NULL;

      g_signal_connect_swapped (task, "notify", G_CALLBACK (task_notify_cb), self);
      if (ovs_task_get_request_json (task) != NULL)
        {
          g_autoptr(JsonNode) node = ovs_json_parse_object (ovs_task_get_request_json (task), -1,
                                                            NULL, NULL, NULL);

          pretty = node != NULL ? ovs_json_to_string (node) : g_strdup (ovs_task_get_request_json (task));
        }
      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->request_buffer), pretty != NULL ? pretty : "", -1);
      update_player (self);
      update_facts (self);
      update_history (self);
    }
  update (self);
}

OvsTask *
ovs_task_view_get_task (OvsTaskView *self)
{
  g_return_val_if_fail (OVS_IS_TASK_VIEW (self), NULL);
  return self->task;
}

GPtrArray *
ovs_task_view_get_checks (OvsTaskView *self)
{
  g_return_val_if_fail (OVS_IS_TASK_VIEW (self), NULL);
  return self->checks;
}

GtkWidget *
ovs_task_view_get_player (OvsTaskView *self)
{
  g_return_val_if_fail (OVS_IS_TASK_VIEW (self), NULL);
  return self->player;
}

void
ovs_task_view_set_tracker (OvsTaskView *self,
                           OvsTracker  *tracker)
{
  g_return_if_fail (OVS_IS_TASK_VIEW (self));
  g_set_object (&self->tracker, tracker);
}

/* Actions. */

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast (self, error->message);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  g_autofree char *uri = g_filename_to_uri (ovs_task_get_file (self->task), NULL, NULL);

  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
/* GtkFileLauncher asks the OpenURI portal inside a Flatpak (where the file manager's bus
 * name is out of reach) and the file manager outside. The version bounds of meson.build
 * make 4.10 API a warning: this is its guarded use. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
show_in_folder_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_open_containing_folder_finish (GTK_FILE_LAUNCHER (source), result, &error)
      && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    toast (self, error->message);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  g_autoptr(GFile) file = g_file_new_for_path (ovs_task_get_file (self->task));
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_file_launcher_open_containing_folder (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            NULL, show_in_folder_done_cb, g_object_ref (self));
}

G_GNUC_END_IGNORE_DEPRECATIONS
#else
static void
show_in_folder_done_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GVariant) reply = NULL;

  if (source != NULL)
    reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  /* No file manager on the bus: open the folder instead. */
  if (reply == NULL && self->task != NULL && ovs_task_get_file (self->task) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (ovs_task_get_file (self->task));
      g_autofree char *uri = g_filename_to_uri (dir, NULL, NULL);

      g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, g_object_ref (self));
    }
}

/* GTK 4.8 has no GtkFileLauncher: ask the file manager to select the file. */
static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  g_autofree char *uri = g_filename_to_uri (ovs_task_get_file (self->task), NULL, NULL);
  GDBusConnection *bus = g_application_get_default () != NULL
                         ? g_application_get_dbus_connection (g_application_get_default ()) : NULL;
  const char *uris[] = { uri, NULL };

  if (bus == NULL)
    {
      show_in_folder_done_cb (NULL, NULL, g_object_ref (self));
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 3000,
                          NULL, show_in_folder_done_cb, g_object_ref (self));
}
#endif

static void
copy_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  const char * const *urls = ovs_task_get_urls (self->task);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), urls[0]);
  toast (self, _("Video URL copied; signed URLs expire, the downloaded file stays"));
}

static void
download_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ovs_tracker_download_finish (OVS_TRACKER (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The download failed: %s"), error->message);

      toast (self, message);
      return;
    }
  toast (self, _("Video downloaded"));
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  ovs_tracker_download_async (self->tracker, self->task, NULL, download_done_cb, g_object_ref (self));
  toast (self, _("Downloading the video again…"));
}

static void
stop_tracking_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  ovs_tracker_set_following (self->tracker, self->task, FALSE);
  update_actions (self);
  toast (self, _("No longer following this task, now or at the next start"));
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  ovs_tracker_set_following (self->tracker, self->task, TRUE);
  update_actions (self);
  toast (self, _("Following this task again"));
}

static void
edit_as_new_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  g_signal_emit (self, signals[EDIT_AS_NEW], 0, ovs_task_get_request_json (self->task));
}

static void
rerun_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   OvsTaskView      *self)
{
  if (g_str_equal (response, "send") && self->task != NULL)
    g_signal_emit (self, signals[RERUN], 0, ovs_task_get_scenario (self->task),
                   ovs_task_get_request_json (self->task));
}

static void
rerun_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Send This Request Again?"),
                                   _("The same body is sent as a new task. The gateway charges "
                                     "for every task it creates."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "send", _("_Send Again"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (rerun_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The sidecar: the request and the result's facts, next to the video. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  g_autoptr(JsonNode) root = ovs_task_to_json (self->task, OVS_TASK_JSON_REQUEST | OVS_TASK_JSON_MEDIA);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stem = NULL;
  const char *file = ovs_task_get_file (self->task);
  const char *dot = strrchr (file, '.');

  text = ovs_json_to_string (root);
  stem = dot != NULL ? g_strndup (file, dot - file) : g_strdup (file);
  path = g_strconcat (stem, ".json", NULL);
  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    toast (self, error->message);
  else
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved %s next to the video"), name);

      toast (self, message);
    }
}

static GtkWidget *
action_button (const char *icon,
               const char *label,
               const char *action)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "small");
  return button;
}

static GtkWidget *
code_view (GtkSourceBuffer *buffer)
{
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "card");
  return scroller;
}

static void
ovs_task_view_dispose (GObject *object)
{
  OvsTaskView *self = OVS_TASK_VIEW (object);

  ovs_task_view_set_task (self, NULL);
  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->fact_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->request_buffer);
  g_clear_object (&self->answer_buffer);

  G_OBJECT_CLASS (ovs_task_view_parent_class)->dispose (object);
}

static void
ovs_task_view_class_init (OvsTaskViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_task_view_dispose;

  /**
   * OvsTaskView::edit-as-new:
   * @body: the request body the task sent
   */
  signals[EDIT_AS_NEW] =
    g_signal_new ("edit-as-new", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * OvsTaskView::rerun:
   * @scenario: the scenario id
   * @body: the request body to send again (the user confirmed the cost)
   */
  signals[RERUN] =
    g_signal_new ("rerun", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "task.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "task.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "task.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "task.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "task.stop-tracking", NULL, stop_tracking_action);
  gtk_widget_class_install_action (widget_class, "task.follow", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "task.edit-as-new", NULL, edit_as_new_action);
  gtk_widget_class_install_action (widget_class, "task.rerun", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "task.export", NULL, export_action);
}

static void
ovs_task_view_init (OvsTaskView *self)
{
  GtkWidget *empty, *scroller, *clamp, *box, *header, *titles, *flow, *expander;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (languages, "json");

  self->fact_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  self->request_buffer = json != NULL ? gtk_source_buffer_new_with_language (json) : gtk_source_buffer_new (NULL);
  self->answer_buffer = json != NULL ? gtk_source_buffer_new_with_language (json) : gtk_source_buffer_new (NULL);

  self->stack = gtk_stack_new ();
  adw_bin_set_child (ADW_BIN (self), self->stack);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "camera-video-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Task Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Choose a task to see its video, its facts and what the server said."));
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (titles, TRUE);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_lines (self->title, 3);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (self->title, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-3");
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_label_set_ellipsize (self->subtitle, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (self->subtitle, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (titles), GTK_WIDGET (self->subtitle));
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->status), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "status-chip");
  gtk_box_append (GTK_BOX (header), titles);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (box), header);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));

  self->message_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->message_box, "task-message");
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_wrap_mode (self->message, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_selectable (self->message, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->message), TRUE);
  gtk_box_append (GTK_BOX (self->message_box), gtk_image_new_from_icon_name ("dialog-information-symbolic"));
  gtk_box_append (GTK_BOX (self->message_box), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (box), self->message_box);

  self->player_slot = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (self->player_slot, -1, 260);
  gtk_widget_add_css_class (self->player_slot, "player-slot");
  gtk_box_append (GTK_BOX (box), self->player_slot);

  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 8);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("media-playback-start-symbolic", _("_Open"), "task.open"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("folder-open-symbolic", _("Show in _Folder"), "task.show-in-folder"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("edit-copy-symbolic", _("Copy _URL"), "task.copy-url"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("folder-download-symbolic", _("_Download Again"), "task.download"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("document-edit-symbolic", _("_Edit as New"), "task.edit-as-new"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("view-refresh-symbolic", _("_Run Again…"), "task.rerun"));
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("document-save-symbolic", _("E_xport Sidecar"), "task.export"));
  self->follow_button = action_button ("process-stop-symbolic", _("_Stop Tracking"), "task.stop-tracking");
  gtk_widget_set_name (self->follow_button, "task-follow");
  gtk_flow_box_append (GTK_FLOW_BOX (flow), self->follow_button);
  gtk_flow_box_append (GTK_FLOW_BOX (flow), action_button ("user-trash-symbolic", _("De_lete…"), "tasks.delete"));
  self->actions = flow;
  gtk_box_append (GTK_BOX (box), flow);

  self->facts_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->facts_group, _("The Video"));
  adw_preferences_group_set_description (self->facts_group, _("What the file is, and whether it is what was asked for"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->facts_group));

  expander = gtk_expander_new (_("Request as sent"));
  gtk_expander_set_child (GTK_EXPANDER (expander), code_view (self->request_buffer));
  gtk_box_append (GTK_BOX (box), expander);

  expander = gtk_expander_new (_("The server’s last answer"));
  gtk_expander_set_child (GTK_EXPANDER (expander), code_view (self->answer_buffer));
  gtk_box_append (GTK_BOX (box), expander);

  self->history_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->history_group, _("History"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->history_group));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (GTK_STACK (self->stack), scroller, "task");

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
  g_signal_connect (self, "map", G_CALLBACK (update_player), NULL);
}

GtkWidget *
ovs_task_view_new (void)
{
  return g_object_new (OVS_TYPE_TASK_VIEW, NULL);
}
