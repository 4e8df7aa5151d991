/* ovs-task-thumbnail.c
 *
 * A task's video as a small picture (ovs-task-thumbnail.ui): loaded asynchronously, from
 * the cache on disk when it can, when the task gets a file; an icon on a neutral slot
 * until then. Used by the task rows and, several side by side, by a group's row.
 *
 * The slot draws the picture itself, as a GtkPicture with "contain" would, and has the
 * icon as its only child: the list view makes 200 rows at a time (GTK 4.8), and a frame,
 * an overlay and a picture in each were three widgets more per row to make, style and
 * throw away at every search (7 % of a search's work, callgrind).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-thumbnail"

#include "config.h"

#include <math.h>

#include "ovs-task-thumbnail.h"
#include "ovs-thumbnailer.h"

/* Twice the widest slot (a task row's), for screens at scale 2. */
#define THUMBNAIL_WIDTH 160

struct _OvsTaskThumbnail
{
  GtkWidget     parent_instance;

  OvsTask      *task;
  GSignalGroup *task_signals;
  GCancellable *cancellable;
  char         *file;          /* the file the picture shows, or is being made of */

  GdkPaintable *picture;       /* the video's, or NULL: the icon is shown */
  GtkImage     *placeholder;
};

G_DEFINE_FINAL_TYPE (OvsTaskThumbnail, ovs_task_thumbnail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TASK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a request remembers: the widget (weakly: rows are recycled and destroyed while
 * decoding runs) and which request it was. */
typedef struct
{
  GWeakRef      widget;
  GCancellable *cancellable;
} ThumbnailRequest;

static void
thumbnail_request_free (ThumbnailRequest *request)
{
  g_weak_ref_clear (&request->widget);
  g_clear_object (&request->cancellable);
  g_free (request);
}

/* The picture, or with NULL the icon on a neutral slot (the black of a video would hide
 * it). */
static void
show_picture (OvsTaskThumbnail *self,
              GdkPaintable     *picture)
{
  if (!g_set_object (&self->picture, picture))
    return;
  /* Out of the drawing, still measured: the slot keeps its size either way. */
  gtk_widget_set_child_visible (GTK_WIDGET (self->placeholder), picture == NULL);
  if (picture != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), "empty");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "empty");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What is looked for in a thread, never at a bind on the main thread: the video's cached
 * thumbnail and the thumbnail's pixels. A flick through finished tasks would otherwise
 * stat two more files and decode a PNG on the main thread for each row it binds. */
typedef struct
{
  char     *file;   /* the video */
  char     *path;   /* a thumbnail the thumbnailer just made, or NULL: the cache's */
  gboolean  make;   /* found no thumbnail: the thumbnailer is to make one */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->file);
  g_free (lookup->path);
  g_free (lookup);
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Lookup *lookup = data;
  g_autofree char *uri = NULL;
  g_autofree char *cached = NULL;

  if (lookup->path == NULL)
    {
      uri = g_filename_to_uri (lookup->file, NULL, NULL);
      cached = uri != NULL ? ovs_thumbnailer_dup_cached (uri, THUMBNAIL_WIDTH) : NULL;
      lookup->make = cached == NULL;
      if (cached == NULL)
        {
          g_task_return_pointer (task, NULL, NULL);
          return;
        }
    }
  g_task_return_pointer (task,
                         gdk_texture_new_from_filename (cached != NULL ? cached : lookup->path, NULL),
                         g_object_unref);
}

static void start_lookup (OvsTaskThumbnail *self,
                          const char       *path);

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ovs_thumbnailer_get_finish (result, &error);
  g_autoptr(OvsTaskThumbnail) self = g_weak_ref_get (&request->widget);
  gboolean current = self != NULL && self->cancellable == request->cancellable;

  thumbnail_request_free (request);
  if (!current)
    return;
  if (path == NULL)
    {
      /* Undecodable: the same file named again later is tried again. */
      g_clear_pointer (&self->file, g_free);
      return;
    }
  start_lookup (self, path);
}

/* The thumbnailer's workers decode the video (seconds, maybe): the row is held weakly,
 * it may be recycled or gone by then. */
static void
make_thumbnail (OvsTaskThumbnail *self)
{
  g_autofree char *uri = g_filename_to_uri (self->file, NULL, NULL);
  ThumbnailRequest *request;

  if (uri == NULL)
    return;
  request = g_new0 (ThumbnailRequest, 1);
  g_weak_ref_init (&request->widget, self);
  request->cancellable = g_object_ref (self->cancellable);
  ovs_thumbnailer_get_async (uri, THUMBNAIL_WIDTH, self->cancellable, thumbnail_cb, request);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OvsTaskThumbnail *self = OVS_TASK_THUMBNAIL (source);
  Lookup *lookup = g_task_get_task_data (G_TASK (result));
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Another file was asked for since, or none. */
  if (cancellable != self->cancellable || g_cancellable_is_cancelled (cancellable))
    return;
  if (texture != NULL)
    show_picture (self, GDK_PAINTABLE (texture));
  else if (lookup->make)
    make_thumbnail (self);
  else
    /* Undecodable: the same file named again later is tried again. */
    g_clear_pointer (&self->file, g_free);
}

static void
start_lookup (OvsTaskThumbnail *self,
              const char       *path)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, lookup_cb, NULL);
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->file = g_strdup (self->file);
  lookup->path = g_strdup (path);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

static void
load (OvsTaskThumbnail *self)
{
  const char *file = self->task != NULL ? ovs_task_get_file (self->task) : NULL;

  /* A status or progress change of the same file keeps the picture. */
  if (file != NULL && g_strcmp0 (file, self->file) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->file, g_free);
  show_picture (self, NULL);

  /* One stat here, as GtkPicture would: a thread's hand-off costs the main thread more
   * than the stat of a video gone from disk. */
  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return;
  self->file = g_strdup (file);
  self->cancellable = g_cancellable_new ();
  start_lookup (self, NULL);
}

void
ovs_task_thumbnail_set_task (OvsTaskThumbnail *self,
                             OvsTask          *task)
{
  g_return_if_fail (OVS_IS_TASK_THUMBNAIL (self));
  g_return_if_fail (task == NULL || OVS_IS_TASK (task));

  if (!g_set_object (&self->task, task))
    return;
  g_signal_group_set_target (self->task_signals, task);
  load (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

OvsTask *
ovs_task_thumbnail_get_task (OvsTaskThumbnail *self)
{
  g_return_val_if_fail (OVS_IS_TASK_THUMBNAIL (self), NULL);
  return self->task;
}

/* Whether the video's picture is shown (not the icon). */
gboolean
ovs_task_thumbnail_is_shown (OvsTaskThumbnail *self)
{
  g_return_val_if_fail (OVS_IS_TASK_THUMBNAIL (self), FALSE);
  return self->picture != NULL;
}

static void
ovs_task_thumbnail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, OVS_TASK_THUMBNAIL (object)->task);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_thumbnail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      ovs_task_thumbnail_set_task (OVS_TASK_THUMBNAIL (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_thumbnail_dispose (GObject *object)
{
  OvsTaskThumbnail *self = OVS_TASK_THUMBNAIL (object);

  ovs_task_thumbnail_set_task (self, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->file, g_free);
  g_clear_object (&self->task_signals);
  g_clear_object (&self->picture);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_TASK_THUMBNAIL);

  G_OBJECT_CLASS (ovs_task_thumbnail_parent_class)->dispose (object);
}

/* The picture contained in the slot and centred, as GtkPicture (4.8) draws "contain";
 * the slot's rounded border clips it (overflow hidden). */
static void
ovs_task_thumbnail_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OvsTaskThumbnail *self = OVS_TASK_THUMBNAIL (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double ratio, w = width, h = height;

  if (self->picture == NULL)
    {
      gtk_widget_snapshot_child (widget, GTK_WIDGET (self->placeholder), snapshot);
      return;
    }
  if (width <= 0 || height <= 0)
    return;
  ratio = gdk_paintable_get_intrinsic_aspect_ratio (self->picture);
  if (ratio > width / height)
    h = width / ratio;
  else if (ratio > 0)
    w = height * ratio;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - ceil (w)) / 2,
                                                          floor (height - ceil (h)) / 2));
  gdk_paintable_snapshot (self->picture, snapshot, w, h);
  gtk_snapshot_restore (snapshot);
}

static void
ovs_task_thumbnail_class_init (OvsTaskThumbnailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_task_thumbnail_get_property;
  object_class->set_property = ovs_task_thumbnail_set_property;
  object_class->dispose = ovs_task_thumbnail_dispose;
  widget_class->snapshot = ovs_task_thumbnail_snapshot;

  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL, OVS_TYPE_TASK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-thumbnail.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskThumbnail, placeholder);
}

static void
ovs_task_thumbnail_init (OvsTaskThumbnail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The file arrives when the download ends. */
  self->task_signals = g_signal_group_new (OVS_TYPE_TASK);
  g_signal_group_connect_object (self->task_signals, "notify::file",
                                 G_CALLBACK (load), self, G_CONNECT_SWAPPED);
}
