/* ovs-task-view.c
 *
 * The view of one task (ovs-task-view.ui). It follows its task live: the task's own
 * properties through a signal group, the history's events through the store's
 * task-changed (written after the properties change), the tracker's following through
 * its busy count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-view"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "ovs-app-widgets.h"
#include "ovs-catalog.h"
#include "ovs-continue.h"
#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-json.h"
#include "ovs-json-fold.h"
#include "ovs-json-highlight.h"
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
  GSignalGroup    *task_signals;
  GSignalGroup    *store_signals;
  GSignalGroup    *tracker_signals;

  GtkStack        *stack;        /* "empty" / "task" */
  AdwStatusPage   *empty_page;
  GtkScrolledWindow *scroller;
  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkLabel        *task_id;
  GtkLabel        *status;
  GtkProgressBar  *progress;
  GtkWidget       *message_box;
  GtkLabel        *message;
  GtkWidget       *player_slot;
  GtkWidget       *player;
  AdwPreferencesGroup *facts_group;
  GPtrArray       *fact_rows;
  GtkSourceBuffer *request_buffer;
  GtkExpander   *request_expander;
  GtkExpander   *answer_expander;
  GtkSourceBuffer *answer_buffer;
  AdwPreferencesGroup *history_group;
  GPtrArray       *history_rows;
  GtkWidget       *follow_button;  /* "Stop Tracking", or "Follow Again" once stopped */
  AdwButtonContent *follow_content;
  GtkWidget       *use_frame_button;
  GtkPopover      *use_frame_popover;
  GtkDropDown     *frame_as;       /* in the order of OvsFrameAs */
  GtkDropDown     *frame_model;
  GtkStringList   *models;
  GtkWidget       *use_video_button;
  GtkPopover      *use_video_popover;
  GtkLabel        *video_expiry;
  GtkDropDown     *video_model;
  GtkLabel        *video_note;
  GtkWidget       *use_video;
  GtkWidget       *lineage_box;
  GCancellable    *continue_cancellable;  /* the frame being taken, one at a time */
  GCancellable    *history_cancellable;   /* the events being read, the newest ask only */
  GCancellable    *lineage_cancellable;   /* the parent and children being read */
};

G_DEFINE_FINAL_TYPE (OvsTaskView, ovs_task_view, ADW_TYPE_BIN)

enum {
  EDIT_AS_NEW,
  RERUN,
  CONTINUE,
  SHOW_TASK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void fill_models (OvsTaskView *self);
static void update_video_action (OvsTaskView *self);

static void
toast (OvsTaskView *self,
       const char  *message)
{
  ovs_panel_toast (GTK_WIDGET (self), message);
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

  ovs_preferences_group_clear (self->facts_group, self->fact_rows);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), info != NULL);
  if (info == NULL)
    return;

  {
    g_autofree char *size = g_strdup_printf ("%d × %d", info->width, info->height);
    /* A variable frame rate, or one not known, is 0: not "at 0 frames per second". */
    g_autofree char *length = info->fps > 0
                              ? g_strdup_printf (_("%.2f s at %.0f frames per second"),
                                                 info->duration, info->fps)
                              /* Translators: a video's length, in seconds */
                              : g_strdup_printf (_("%.2f s"), info->duration);
    g_autofree char *codecs = g_strdup_printf ("%s%s%s",
                                               info->video_codec != NULL ? info->video_codec : "?",
                                               info->has_audio ? " + " : "",
                                               !info->has_audio ? ""
                                               : info->audio_codec != NULL ? info->audio_codec : "?");
    /* No size for a file not on this computer (-1), not "18.4 EB". */
    g_autofree char *bytes = info->size_bytes >= 0 ? g_format_size (info->size_bytes) : NULL;
    g_autofree char *file = bytes != NULL
                            ? g_strdup_printf ("%s, %s", info->container != NULL ? info->container : "?",
                                               bytes)
                            : g_strdup (info->container != NULL ? info->container : "?");

    add_row (self->facts_group, self->fact_rows, _("Picture"), size, "video-display-symbolic");
    add_row (self->facts_group, self->fact_rows, _("Length"), length, "preferences-system-time-symbolic");
    add_row (self->facts_group, self->fact_rows, _("Codecs"), codecs, NULL);
    add_row (self->facts_group, self->fact_rows, _("File"), file, NULL);
  }

  /* The size, length and ratio asked for: the summary tells them as well as the body. */
  self->checks = ovs_media_check_request (info, ovs_task_get_request_summary (self->task));
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

/* The history the task shown is in, or NULL (no tracker yet, or a task not recorded). */
static OvsTaskStore *
store_of_task (OvsTaskView *self)
{
  if (self->tracker == NULL || self->task == NULL || ovs_task_get_id (self->task) == 0)
    return NULL;
  return ovs_tracker_get_store (self->tracker);
}

/* A new cancellable for a read of one kind; the read before it, if any, is abandoned. */
static GCancellable *
restart_read (GCancellable **cancellable)
{
  g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
  *cancellable = g_cancellable_new ();
  return *cancellable;
}

static void
forget_history (OvsTaskView *self)
{
  ovs_preferences_group_clear (self->history_group, self->history_rows);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->answer_buffer), "", -1);
}

static void
history_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GPtrArray) events = ovs_task_store_dup_events_finish (OVS_TASK_STORE (source),
                                                                  result, NULL);
  const char *last_raw = NULL;

  /* NULL when a newer read replaced this one (or the view went). */
  if (events == NULL)
    return;
  ovs_preferences_group_clear (self->history_group, self->history_rows);
  for (guint i = 0; i < events->len; i++)
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
      /* The status in the reader's words is the title; the server's own word
       * ("in_progress") is not repeated under it, only an error is. */
      add_row (self->history_group, self->history_rows, title, event->error, NULL);
      if (event->raw_answer != NULL)
        last_raw = event->raw_answer;
    }

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->answer_buffer),
                            last_raw != NULL ? last_raw : _("No answer from the server yet."), -1);
}

/* The task's events, read in the store's writer thread (a task polled for an hour has
 * hundreds, each with the server's answer): the rows shown stay until the read is back. */
static void
update_history (OvsTaskView *self)
{
  OvsTaskStore *store = store_of_task (self);

  if (store == NULL)
    {
      g_cancellable_cancel (self->history_cancellable);
      forget_history (self);
      return;
    }
  ovs_task_store_dup_events_async (store, ovs_task_get_id (self->task),
                                   restart_read (&self->history_cancellable),
                                   history_read_cb, g_object_ref (self));
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
      int width = gtk_widget_get_width (GTK_WIDGET (self)) * gtk_widget_get_scale_factor (GTK_WIDGET (self));

      self->player = ovs_player_widget_new ();
      gtk_widget_set_vexpand (self->player, TRUE);
      gtk_box_append (GTK_BOX (self->player_slot), self->player);
      /* The new player is not drawn yet: without a size, its first frame would be decoded
       * whole and GTK would upload and scale all of it (8 MB at 1080p) before painting. The
       * view's width bounds the picture; its first draw narrows the box. */
      ovs_player_set_frame_box (ovs_player_widget_get_player (OVS_PLAYER_WIDGET (self->player)),
                                width, width);
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
  AdwButtonContent *follow = self->follow_content;
  /* Or only its summary yet (read_body ()): the sidecar holds the body itself. */
  gboolean body_read = ovs_task_get_request_json (self->task) != NULL
                       || ovs_task_get_request_summary (self->task) == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.open", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.show-in-folder", has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.export", has_file && body_read);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.copy-url", urls != NULL && urls[0] != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.download",
                                 self->tracker != NULL && status == OVS_TASK_STATUS_SUCCEEDED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.stop-tracking", tracking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.follow", self->tracker != NULL && paused);
  /* One button: Stop Tracking, and once stopped, Follow Again. */
  adw_button_content_set_label (follow, paused ? _("Follow _Again") : _("Stop _Tracking"));
  adw_button_content_set_icon_name (follow, paused ? "emblem-synchronizing-symbolic"
                                                   : "process-stop-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->follow_button),
                                  paused ? "task.follow" : "task.stop-tracking");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.rerun",
                                 ovs_task_get_request_json (self->task) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.edit-as-new",
                                 ovs_task_get_request_json (self->task) != NULL);
  /* A frame is taken from the video on this computer, one at a time. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.continue-last",
                                 has_file && self->continue_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.use-frame",
                                 has_file && self->continue_cancellable == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_frame_button), has_file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.add-to-film",
                                 has_file && status == OVS_TASK_STATUS_SUCCEEDED);
  update_video_action (self);
}

static void
add_lineage_button (OvsTaskView *self,
                    gboolean     is_parent,
                    OvsTask     *other)
{
  const char *prompt = ovs_task_get_prompt (other);
  const char *shown = prompt != NULL && *prompt != '\0' ? prompt : _("(no prompt)");
  g_autofree char *label = is_parent ? g_strdup_printf (_("Continued from “%s”"), shown)
                                     : g_strdup_printf (_("Continued by “%s”"), shown);
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (child), 0);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "task.show-related");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", ovs_task_get_id (other));
  gtk_box_append (GTK_BOX (self->lineage_box), button);
}

static void
clear_lineage (OvsTaskView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->lineage_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->lineage_box), child);
  gtk_widget_set_visible (self->lineage_box, FALSE);
}

static void
lineage_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GPtrArray) family = ovs_task_store_dup_family_finish (OVS_TASK_STORE (source),
                                                                  result, NULL);

  if (family == NULL || self->task == NULL)
    return;
  clear_lineage (self);
  for (guint i = 0; i < family->len; i++)
    {
      OvsTask *other = g_ptr_array_index (family, i);

      add_lineage_button (self, ovs_task_get_id (other) == ovs_task_get_parent (self->task), other);
    }
  if (family->len > 0)
    {
      /* A chain: its clips can become one film (the window's dialog). */
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Export Chain as Fil_m…"));

      gtk_widget_set_name (button, "task-view-export-chain");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.export-chain");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", ovs_task_get_id (self->task));
      gtk_box_append (GTK_BOX (self->lineage_box), button);
    }
  gtk_widget_set_visible (self->lineage_box, family->len > 0);
}

/* Where this shot came from and what was grown from it, read in the store's writer thread;
 * the buttons shown stay until the read is back. */
static void
update_lineage (OvsTaskView *self)
{
  OvsTaskStore *store = store_of_task (self);

  if (store == NULL)
    {
      g_cancellable_cancel (self->lineage_cancellable);
      clear_lineage (self);
      return;
    }
  ovs_task_store_dup_family_async (store, ovs_task_get_id (self->task),
                                   restart_read (&self->lineage_cancellable),
                                   lineage_read_cb, g_object_ref (self));
}

static void
update (OvsTaskView *self)
{
  OvsTaskStatus status;
  const char *error;
  const char *note;
  OvsScenario *scenario;
  g_autofree char *subtitle = NULL;

  if (self->task == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "task");

  status = ovs_task_get_status (self->task);
  gtk_label_set_label (self->title, ovs_task_get_prompt (self->task) != NULL
                                    ? ovs_task_get_prompt (self->task) : _("(no prompt)"));
  scenario = ovs_task_get_scenario (self->task) != NULL
             ? ovs_catalog_lookup (ovs_catalog_get_default (), ovs_task_get_scenario (self->task)) : NULL;
  subtitle = g_strdup_printf ("%s · %s",
                              ovs_task_get_model (self->task) != NULL ? ovs_task_get_model (self->task) : "—",
                              scenario != NULL ? ovs_scenario_get_title (scenario)
                              : ovs_task_get_scenario (self->task) != NULL ? ovs_task_get_scenario (self->task) : "—");
  gtk_label_set_label (self->subtitle, subtitle);
  gtk_label_set_label (self->task_id, ovs_task_get_task_id (self->task) != NULL
                                      ? ovs_task_get_task_id (self->task) : _("no server id"));

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

static void show_request (OvsTaskView *self);

static void
task_notify_cb (OvsTaskView *self,
                GParamSpec  *pspec)
{
  update (self);
  if (g_str_equal (pspec->name, "request-json"))
    show_request (self);
  if (g_str_equal (pspec->name, "file"))
    update_player (self);
  if (g_str_equal (pspec->name, "media-json"))
    update_facts (self);
}

/* The history's events and the last answer are written after the task's properties
 * change: they are read again when the store says the task was recorded. */
static void
store_task_changed_cb (OvsTaskView *self,
                       OvsTask     *task)
{
  if (self->task == NULL)
    return;
  if (ovs_task_get_id (task) == ovs_task_get_id (self->task))
    update_history (self);
  /* A task continued from this one was just written down. */
  if (ovs_task_get_id (task) == ovs_task_get_id (self->task)
      || ovs_task_get_parent (task) == ovs_task_get_id (self->task))
    update_lineage (self);
}

/* The body as sent, its inline files folded as the composer's preview folds them
 * ("data:image/png;base64,… (1.6 MB)"): a text view lays out every byte it holds, and
 * json-glib would parse megabytes at each task shown. */
static void
show_request (OvsTaskView *self)
{
  g_autofree char *json = ovs_json_fold_text (ovs_task_get_request_summary (self->task),
                                              OVS_JSON_FOLD_MIN_LENGTH);
  g_autoptr(JsonNode) node = json != NULL ? ovs_json_parse_object (json, -1, NULL, NULL, NULL) : NULL;
  g_autofree char *pretty = node != NULL ? ovs_json_to_string (node) : g_strdup (json);

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->request_buffer), pretty != NULL ? pretty : "", -1);
}

static void
body_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  /* The store brought the live task up to date: "notify::request-json" did the rest. */
  g_autoptr(OvsTask) task = ovs_task_store_lookup_finish (OVS_TASK_STORE (source), result, NULL);
}

/* A task listed from a page of history may hold only its body's summary: Send Again and
 * Edit as New need the body itself, read in the store's thread. */
static void
read_body (OvsTaskView *self)
{
  OvsTaskStore *store = store_of_task (self);

  if (store != NULL && ovs_task_get_request_json (self->task) == NULL
      && ovs_task_get_request_summary (self->task) != NULL)
    ovs_task_store_lookup_async (store, ovs_task_get_id (self->task), NULL, body_read_cb, NULL);
}

void
ovs_task_view_set_task (OvsTaskView *self,
                        OvsTask     *task)
{
  g_return_if_fail (OVS_IS_TASK_VIEW (self));

  if (!g_set_object (&self->task, task))
    return;
  g_signal_group_set_target (self->task_signals, task);
  /* Its link and its models were another task's. */
  gtk_popover_popdown (self->use_video_popover);
  g_cancellable_cancel (self->continue_cancellable);
  g_clear_object (&self->continue_cancellable);
  fill_models (self);

  /* The old video stops and lets its pipeline go before another one starts. */
  if (self->player != NULL)
    {
      gtk_box_remove (GTK_BOX (self->player_slot), self->player);
      self->player = NULL;
    }

  /* Another task's history and chain are not shown while this one's are read. */
  forget_history (self);
  clear_lineage (self);
  if (task != NULL)
    {
      show_request (self);
      read_body (self);
      update_player (self);
      update_facts (self);
      update_history (self);
      update_lineage (self);
      /* Another task starts at its top, its player in sight. */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
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

  if (!g_set_object (&self->tracker, tracker))
    return;
  g_signal_group_set_target (self->tracker_signals, tracker);
  g_signal_group_set_target (self->store_signals, tracker != NULL ? ovs_tracker_get_store (tracker) : NULL);
  if (self->task != NULL)
    {
      update_history (self);
      update_lineage (self);
      update (self);
    }
}

/* Actions. */

/* GLib's "No application is registered as handling this file" says nothing of what to do:
 * the toast says it, with where the file is. */
static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *file;

  if (g_app_info_launch_default_for_uri_finish (result, &error) || self->task == NULL
      || (file = ovs_task_get_file (self->task)) == NULL)
    return;
  g_debug ("Could not open %s: %s", file, error->message);
  message = g_strdup_printf (_("No application here plays this video: install a video player "
                               "such as Videos or Celluloid, or open %s from your file manager"),
                             file);
  toast (self, message);
}

static void
folder_launch_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *dir = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error) || self->task == NULL
      || ovs_task_get_file (self->task) == NULL)
    return;
  g_debug ("Could not open the folder: %s", error->message);
  dir = g_path_get_dirname (ovs_task_get_file (self->task));
  message = g_strdup_printf (_("No file manager answered: the video is in %s"), dir);
  toast (self, message);
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
      && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
      && ovs_task_get_file (self->task) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (ovs_task_get_file (self->task));
      g_autofree char *message = g_strdup_printf (_("No file manager answered: the video is in %s"), dir);

      toast (self, message);
    }
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

      g_app_info_launch_default_for_uri_async (uri, NULL, NULL, folder_launch_done_cb,
                                               g_object_ref (self));
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
continue_prepared_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsContinuation) continuation = ovs_continue_prepare_finish (result, &error);

  if (continuation == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->continue_cancellable);
  if (self->task != NULL)
    update_actions (self);
  if (continuation == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The frame could not be used: %s"), error->message);

      toast (self, message);
      return;
    }
  if (self->task != NULL)
    g_signal_emit (self, signals[CONTINUE], 0, self->task, continuation);
}

/* The frame is taken off the main loop; another task shown meanwhile cancels it. */
static void
start_continue (OvsTaskView *self,
                gint64       position_ns,
                const char  *model,
                OvsFrameAs   as)
{
  g_cancellable_cancel (self->continue_cancellable);
  g_clear_object (&self->continue_cancellable);
  self->continue_cancellable = g_cancellable_new ();
  update_actions (self);
  ovs_continue_prepare_async (self->task, position_ns, model, as, self->continue_cancellable,
                              continue_prepared_cb, g_object_ref (self));
}

static void
continue_last_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  start_continue (OVS_TASK_VIEW (widget), OVS_FRAME_LAST, NULL, OVS_FRAME_AS_FIRST_FRAME);
}

static void
choose_frame_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  gtk_popover_popup (OVS_TASK_VIEW (widget)->use_frame_popover);
}

static void
use_frame_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  OvsPlayer *player = self->player != NULL
                      ? ovs_player_widget_get_player (OVS_PLAYER_WIDGET (self->player)) : NULL;
  GtkStringObject *model = gtk_drop_down_get_selected_item (self->frame_model);
  gint64 position = 0;

  /* Paused after a scrub or a frame step, the position set is the frame shown; playing,
   * the pipeline knows better than the last notification. */
  if (player != NULL)
    position = MAX (ovs_player_get_playing (player) ? ovs_player_query_position (player)
                                                    : ovs_player_get_position (player), 0);

  gtk_popover_popdown (self->use_frame_popover);
  start_continue (self, position, model != NULL ? gtk_string_object_get_string (model) : NULL,
                  (OvsFrameAs) gtk_drop_down_get_selected (self->frame_as));
}

/* The parent's model first (the likeliest choice), then every model of the catalog. */
static void
fill_models (OvsTaskView *self)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  const char *own = self->task != NULL ? ovs_task_get_model (self->task) : NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->models));

  gtk_string_list_splice (self->models, 0, n, NULL);
  if (own != NULL)
    gtk_string_list_append (self->models, own);
  for (guint i = 0; i < ovs_catalog_get_n_models (catalog); i++)
    {
      const OvsModel *model = ovs_catalog_get_model_at (catalog, i);

      if (g_strcmp0 (model->id, own) != 0)
        gtk_string_list_append (self->models, model->id);
    }
  gtk_drop_down_set_selected (self->frame_model, 0);
}

/* Use as Reference Video… asks for the result's URL, which only a finished task has. */
static void
update_video_action (OvsTaskView *self)
{
  g_autoptr(GError) error = NULL;
  gboolean has_url = ovs_continue_video_url (self->task, G_MAXINT64 - 1, NULL, &error) != NULL
                     || g_error_matches (error, OVS_ERROR, OVS_ERROR_EXPIRED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.choose-video", has_url);
  gtk_widget_set_tooltip_text (self->use_video_button,
                               has_url ? _("A new request that takes this video as its reference, "
                                           "by the gateway’s link to it")
                                       : error->message);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The popover says whether the link still works, and whether the chosen model takes a
 * reference video; Use Video is off, saying why, when either is not so. */
static void
update_video_popover (OvsTaskView *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->video_model);
  const char *model = item != NULL ? gtk_string_object_get_string (item) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  gint64 expires = 0;
  gboolean valid, capable;

  if (self->task == NULL)
    return;
  valid = ovs_continue_video_url (self->task, now_seconds (), &expires, &error) != NULL;
  if (!valid)
    {
      gtk_label_set_label (self->video_expiry, error->message);
    }
  else if (expires > 0)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (expires);
      g_autofree char *when = g_date_time_format (at, "%Y-%m-%d %H:%M");
      g_autofree char *text = g_strdup_printf (_("The gateway’s link to this video works until "
                                                 "about %s: send the new request before then"),
                                               when);

      gtk_label_set_label (self->video_expiry, text);
    }
  else
    {
      gtk_label_set_label (self->video_expiry, _("The gateway’s link to this video becomes the "
                                                 "new request’s reference video"));
    }
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->video_expiry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->video_expiry), "error");

  capable = model != NULL && ovs_continue_video_scenario (model) != NULL;
  if (!capable && model != NULL)
    {
      g_autofree char *models = ovs_continue_dup_video_models ();

      note = g_strdup_printf (_("%s takes no reference video. These models do: %s"), model, models);
    }
  gtk_label_set_label (self->video_note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->video_note), note != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.use-video", valid && capable);
  gtk_widget_set_tooltip_text (self->use_video, !valid ? error->message : note);
}

static void
video_model_changed_cb (OvsTaskView *self)
{
  update_video_popover (self);
}

/* The parent's model when it takes a reference video, else the first that does. */
static void
choose_video_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  GListModel *models = G_LIST_MODEL (self->models);

  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      const char *model = gtk_string_list_get_string (self->models, i);

      if (ovs_continue_video_scenario (model) != NULL)
        {
          gtk_drop_down_set_selected (self->video_model, i);
          break;
        }
    }
  update_video_popover (self);
  gtk_popover_popup (self->use_video_popover);
}

static void
use_video_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  GtkStringObject *model = gtk_drop_down_get_selected_item (self->video_model);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsContinuation) continuation = NULL;

  continuation = ovs_continue_prepare_video (self->task,
                                             model != NULL ? gtk_string_object_get_string (model) : NULL,
                                             now_seconds (), &error);
  if (continuation == NULL)
    {
      /* The link expired while the popover was open: it says so. */
      update_video_popover (self);
      toast (self, error->message);
      return;
    }
  gtk_popover_popdown (self->use_video_popover);
  g_signal_emit (self, signals[CONTINUE], 0, self->task, continuation);
}

/* The window keeps the film being put together (its dialog). */
static void
add_to_film_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  gtk_widget_activate_action (widget, "win.add-to-film", "x", ovs_task_get_id (self->task));
}

static void
related_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(OvsTask) task = ovs_task_store_lookup_finish (OVS_TASK_STORE (source), result, NULL);

  if (task != NULL)
    g_signal_emit (self, signals[SHOW_TASK], 0, task);
}

static void
show_related_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);

  if (self->tracker != NULL)
    ovs_task_store_lookup_async (ovs_tracker_get_store (self->tracker),
                                 g_variant_get_int64 (parameter), NULL, related_read_cb,
                                 g_object_ref (self));
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

  dialog = ovs_paid_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, "rerun-dialog",
                                _("Send This Request Again?"),
                                _("The same body is sent as a new task. The gateway charges "
                                  "for every task it creates."),
                                _("_Send Again"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect (dialog, "response", G_CALLBACK (rerun_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OvsTaskView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("The sidecar could not be saved: %s"), error->message);
  else
    message = g_strdup_printf (_("Saved %s next to the video"), name);
  toast (self, message);
}

/* The sidecar: the whole history entry, with the request and the result's facts and
 * checks, next to the video; written off the main loop. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskView *self = OVS_TASK_VIEW (widget);
  g_autoptr(JsonNode) root = ovs_task_to_json (self->task, OVS_TASK_JSON_REQUEST | OVS_TASK_JSON_MEDIA);
  g_autofree char *text = ovs_json_to_string (root);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stem = NULL;
  const char *file = ovs_task_get_file (self->task);
  const char *dot = strrchr (file, '.');
  gsize length = strlen (text);

  stem = dot != NULL ? g_strndup (file, dot - file) : g_strdup (file);
  path = g_strconcat (stem, ".json", NULL);
  sidecar = g_file_new_for_path (path);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  g_file_replace_contents_bytes_async (sidecar, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_done_cb, g_object_ref (self));
}

static void
ovs_task_view_dispose (GObject *object)
{
  OvsTaskView *self = OVS_TASK_VIEW (object);

  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_cancellable_cancel (self->lineage_cancellable);
  g_clear_object (&self->lineage_cancellable);
  ovs_task_view_set_task (self, NULL);
  /* Not the button's own child: it would not let it go. */
  if (self->use_frame_popover != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->use_frame_popover));
  if (self->use_video_popover != NULL)
    {
      /* Closed first: an open popover unparented takes its surface from under GTK's
       * tooltip and pointer tracking. */
      gtk_popover_popdown (self->use_video_popover);
      gtk_widget_unparent (GTK_WIDGET (self->use_video_popover));
    }
  /* AdwBin forgets its child first, or it would unparent it again after the template did. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_TASK_VIEW);
  g_clear_object (&self->task_signals);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->tracker_signals);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->fact_rows, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->continue_cancellable);

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
  /**
   * OvsTaskView::continue:
   * @parent: the task the frame comes from
   * @continuation: (type gpointer): the OvsContinuation, valid during the emission
   */
  signals[CONTINUE] =
    g_signal_new ("continue", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, OVS_TYPE_TASK, G_TYPE_POINTER);
  /**
   * OvsTaskView::show-task:
   * @task: the task to show (the parent or a child of this one)
   */
  signals[SHOW_TASK] =
    g_signal_new ("show-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, OVS_TYPE_TASK);

  gtk_widget_class_install_action (widget_class, "task.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "task.show-in-folder", NULL, show_in_folder_action);
  gtk_widget_class_install_action (widget_class, "task.copy-url", NULL, copy_url_action);
  gtk_widget_class_install_action (widget_class, "task.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "task.stop-tracking", NULL, stop_tracking_action);
  gtk_widget_class_install_action (widget_class, "task.follow", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "task.edit-as-new", NULL, edit_as_new_action);
  gtk_widget_class_install_action (widget_class, "task.rerun", NULL, rerun_action);
  gtk_widget_class_install_action (widget_class, "task.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "task.continue-last", NULL, continue_last_action);
  gtk_widget_class_install_action (widget_class, "task.use-frame", NULL, use_frame_action);
  gtk_widget_class_install_action (widget_class, "task.choose-frame", NULL, choose_frame_action);
  gtk_widget_class_install_action (widget_class, "task.show-related", "x", show_related_action);
  gtk_widget_class_install_action (widget_class, "task.choose-video", NULL, choose_video_action);
  gtk_widget_class_install_action (widget_class, "task.use-video", NULL, use_video_action);
  gtk_widget_class_install_action (widget_class, "task.add-to-film", NULL, add_to_film_action);

  g_type_ensure (GTK_SOURCE_TYPE_BUFFER);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, scroller);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, title);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, subtitle);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, task_id);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, status);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, progress);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, message_box);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, message);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, player_slot);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, facts_group);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, request_buffer);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, request_expander);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, answer_expander);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, answer_buffer);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, history_group);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, follow_content);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, use_frame_button);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, use_frame_popover);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, frame_as);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, frame_model);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, models);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, lineage_box);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, use_video_button);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, use_video_popover);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, video_expiry);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, video_model);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, video_note);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskView, use_video);
  gtk_widget_class_bind_template_callback (widget_class, video_model_changed_cb);
}

static void
ovs_task_view_init (OvsTaskView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_expander_keep_closed_child_out (self->request_expander);
  ovs_expander_keep_closed_child_out (self->answer_expander);
  gtk_widget_set_parent (GTK_WIDGET (self->use_frame_popover), self->use_frame_button);
  gtk_widget_set_parent (GTK_WIDGET (self->use_video_popover), self->use_video_button);
  ovs_status_page_icon_when_shown (self->empty_page, "camera-video-symbolic");

  self->fact_rows = g_ptr_array_new ();
  self->history_rows = g_ptr_array_new ();
  ovs_json_highlight_attach (self->request_buffer);
  ovs_json_highlight_attach (self->answer_buffer);

  self->task_signals = g_signal_group_new (OVS_TYPE_TASK);
  g_signal_group_connect_object (self->task_signals, "notify", G_CALLBACK (task_notify_cb),
                                 self, G_CONNECT_SWAPPED);
  self->store_signals = g_signal_group_new (OVS_TYPE_TASK_STORE);
  g_signal_group_connect_object (self->store_signals, "task-changed",
                                 G_CALLBACK (store_task_changed_cb), self, G_CONNECT_SWAPPED);
  /* Whether the tracker follows the task decides Stop Tracking. */
  self->tracker_signals = g_signal_group_new (OVS_TYPE_TRACKER);
  g_signal_group_connect_object (self->tracker_signals, "notify::n-busy",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  g_signal_connect (self, "map", G_CALLBACK (update_player), NULL);
}

GtkWidget *
ovs_task_view_new (void)
{
  return g_object_new (OVS_TYPE_TASK_VIEW, NULL);
}
