/* ovs-task-row.c
 *
 * A recycled list row: it follows the task it is given (notify::) and loads the thumbnail
 * of the task's video asynchronously, from the cache on disk when it can.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-task-row.h"
#include "ovs-thumbnailer.h"

struct _OvsTaskRow
{
  GtkWidget      parent_instance;

  OvsTask       *task;
  GCancellable  *thumbnail_cancellable;

  GtkWidget     *box;
  GtkPicture    *thumbnail;
  GtkImage      *placeholder;
  GtkLabel      *prompt;
  GtkLabel      *details;
  GtkLabel      *status;
  GtkLabel      *time;
  GtkProgressBar *progress;
};

G_DEFINE_FINAL_TYPE (OvsTaskRow, ovs_task_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
ovs_task_status_css_class (OvsTaskStatus status)
{
  switch (status)
    {
    case OVS_TASK_STATUS_SUBMITTING: return "status-submitting";
    case OVS_TASK_STATUS_QUEUED: return "status-queued";
    case OVS_TASK_STATUS_RUNNING: return "status-running";
    case OVS_TASK_STATUS_SUCCEEDED: return "status-succeeded";
    case OVS_TASK_STATUS_FAILED: return "status-failed";
    case OVS_TASK_STATUS_UNKNOWN:
    default: return "status-unknown";
    }
}

char *
ovs_format_relative_time (gint64 unix_seconds,
                          gint64 now)
{
  gint64 ago = now - unix_seconds;
  g_autoptr(GDateTime) then = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");
  if (ago < 60)
    return g_strdup (_("just now"));
  if (ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (int) (ago / 60)), (int) (ago / 60));
  if (ago < 24 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (int) (ago / 3600)), (int) (ago / 3600));
  then = g_date_time_new_from_unix_local (unix_seconds);
  if (ago < 2 * 24 * 3600)
    return g_date_time_format (then, _("yesterday %H:%M"));
  /* Translators: a date in the task list, see g_date_time_format() */
  return g_date_time_format (then, _("%b %-d, %H:%M"));
}

char *
ovs_format_elapsed (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds < 60)
    /* Translators: a short duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                          (int) (seconds % 60));
}

static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL || *text == '\0')
    return g_strdup (_("(no prompt)"));
  end = strchr (text, '\n');
  return end != NULL ? g_strndup (text, end - text) : g_strdup (text);
}

/* What a thumbnail request remembers: the row (weakly: rows are recycled and destroyed
 * while decoding runs) and which request it was. */
typedef struct
{
  GWeakRef      row;
  GCancellable *cancellable;
} ThumbnailRequest;

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_weak_ref_clear (&request->row);
  g_clear_object (&request->cancellable);
  g_free (request);
}

/* The picture, or the icon on a neutral slot (the black of a video would hide it). */
static void
show_picture (OvsTaskRow *self,
              gboolean    shown)
{
  GtkWidget *frame = gtk_widget_get_ancestor (GTK_WIDGET (self->thumbnail), GTK_TYPE_FRAME);

  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), !shown);
  if (shown)
    gtk_widget_remove_css_class (frame, "empty");
  else
    gtk_widget_add_css_class (frame, "empty");
}

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ovs_thumbnailer_get_finish (result, &error);
  g_autoptr(OvsTaskRow) self = g_weak_ref_get (&request->row);
  gboolean current = self != NULL && self->thumbnail_cancellable == request->cancellable;

  thumbnail_request_free (request);
  if (!current)
    return;
  if (path != NULL)
    {
      gtk_picture_set_filename (self->thumbnail, path);
      show_picture (self, TRUE);
    }
}

static void
load_thumbnail (OvsTaskRow *self)
{
  const char *file = self->task != NULL ? ovs_task_get_file (self->task) : NULL;
  g_autofree char *uri = NULL;

  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  gtk_picture_set_paintable (self->thumbnail, NULL);
  show_picture (self, FALSE);

  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return;

  self->thumbnail_cancellable = g_cancellable_new ();
  uri = g_filename_to_uri (file, NULL, NULL);
  {
    ThumbnailRequest *request = g_new0 (ThumbnailRequest, 1);

    g_weak_ref_init (&request->row, self);
    request->cancellable = g_object_ref (self->thumbnail_cancellable);
    ovs_thumbnailer_get_async (uri, 160, self->thumbnail_cancellable, thumbnail_cb, request);
  }
}

static void
update (OvsTaskRow *self)
{
  OvsTaskStatus status;
  g_autofree char *prompt = NULL;
  g_autofree char *details = NULL;
  g_autofree char *when = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->task == NULL)
    return;

  status = ovs_task_get_status (self->task);
  prompt = first_line (ovs_task_get_prompt (self->task));
  gtk_label_set_label (self->prompt, prompt);

  details = g_strdup_printf ("%s · %s",
                             ovs_task_get_scenario (self->task) != NULL ? ovs_task_get_scenario (self->task) : "—",
                             ovs_task_get_model (self->task) != NULL ? ovs_task_get_model (self->task) : "—");
  gtk_label_set_label (self->details, details);

  gtk_label_set_label (self->status, ovs_task_status_to_label (status));
  for (int s = OVS_TASK_STATUS_SUBMITTING; s <= OVS_TASK_STATUS_UNKNOWN; s++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (s));
  gtk_widget_add_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (status));

  gtk_widget_set_visible (GTK_WIDGET (self->progress), status == OVS_TASK_STATUS_RUNNING);
  if (ovs_task_get_progress (self->task) >= 0)
    gtk_progress_bar_set_fraction (self->progress, ovs_task_get_progress (self->task) / 100.0);
  else
    gtk_progress_bar_pulse (self->progress);

  when = ovs_format_relative_time (ovs_task_get_created_at (self->task), now);
  if (ovs_task_get_finished_at (self->task) > 0 && ovs_task_get_created_at (self->task) > 0)
    {
      g_autofree char *took = ovs_format_elapsed (ovs_task_get_finished_at (self->task)
                                                  - ovs_task_get_created_at (self->task));
      g_autofree char *both = g_strdup_printf (_("%s · took %s"), when, took);

      gtk_label_set_label (self->time, both);
    }
  else
    {
      gtk_label_set_label (self->time, when);
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), ovs_task_get_error (self->task) != NULL
                                                  ? ovs_task_get_error (self->task)
                                                  : ovs_task_get_shown_note (self->task));
}

static void
task_notify_cb (OvsTaskRow *self,
                GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "file"))
    load_thumbnail (self);
  update (self);
}

void
ovs_task_row_set_task (OvsTaskRow *self,
                       OvsTask    *task)
{
  g_return_if_fail (OVS_IS_TASK_ROW (self));
  g_return_if_fail (task == NULL || OVS_IS_TASK (task));

  if (self->task == task)
    return;

  if (self->task != NULL)
    g_signal_handlers_disconnect_by_data (self->task, self);
  g_set_object (&self->task, task);
  if (task != NULL)
    g_signal_connect_swapped (task, "notify", G_CALLBACK (task_notify_cb), self);

  load_thumbnail (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

OvsTask *
ovs_task_row_get_task (OvsTaskRow *self)
{
  g_return_val_if_fail (OVS_IS_TASK_ROW (self), NULL);
  return self->task;
}

static void
ovs_task_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, OVS_TASK_ROW (object)->task);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      ovs_task_row_set_task (OVS_TASK_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_row_dispose (GObject *object)
{
  OvsTaskRow *self = OVS_TASK_ROW (object);

  ovs_task_row_set_task (self, NULL);
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (ovs_task_row_parent_class)->dispose (object);
}

static void
ovs_task_row_class_init (OvsTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_task_row_get_property;
  object_class->set_property = ovs_task_row_set_property;
  object_class->dispose = ovs_task_row_dispose;

  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL, OVS_TYPE_TASK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taskrow");
}

static void
ovs_task_row_init (OvsTaskRow *self)
{
  GtkWidget *frame, *text, *top, *bottom, *overlay;

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 8);
  gtk_widget_set_margin_start (self->box, 8);
  gtk_widget_set_margin_end (self->box, 8);

  /* A 16:9 thumbnail slot; an icon until the video is there. */
  overlay = gtk_overlay_new ();
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "thumbnail");
  gtk_widget_set_size_request (frame, 96, 54);
  gtk_widget_set_valign (frame, GTK_ALIGN_CENTER);
  self->thumbnail = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->thumbnail, TRUE);
  gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_CONTAIN);
  self->placeholder = GTK_IMAGE (gtk_image_new_from_icon_name ("camera-video-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim-label");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->thumbnail));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->placeholder));
  gtk_frame_set_child (GTK_FRAME (frame), overlay);
  gtk_box_append (GTK_BOX (self->box), frame);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->prompt = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->prompt, 0);
  gtk_label_set_ellipsize (self->prompt, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->prompt), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->prompt), "heading");
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "status-chip");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->prompt));
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->status));
  gtk_box_append (GTK_BOX (text), top);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->details = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->details, 0);
  gtk_label_set_ellipsize (self->details, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->details), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->details), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->details), "caption");
  self->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->time), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->time), "caption");
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->details));
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->time));
  gtk_box_append (GTK_BOX (text), bottom);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->progress), "osd");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->progress));

  gtk_box_append (GTK_BOX (self->box), text);
}

GtkWidget *
ovs_task_row_new (void)
{
  return g_object_new (OVS_TYPE_TASK_ROW, NULL);
}
