/* ovs-grid-export.c: a comparison as one side-by-side video, labelled
 *
 * One pipeline: each video decoded by its own uridecodebin, scaled early into its tile,
 * its label drawn by textoverlay, placed by compositor (which repeats a finished video's
 * last frame), then x264enc and mp4mux into "OUT.part", renamed when whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-grid-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ovs-error.h"
#include "ovs-grid-export.h"
#include "ovs-gst.h"
#include "ovs-media-probe.h"
#include "ovs-task-result.h"

#define DOING _("Could not export the comparison")
#define FPS 24
#define MAX_TILES 6

typedef struct
{
  GStrv                      paths;
  GStrv                      labels;
  char                      *out_path;
  OvsGridExportProgressFunc  progress;
  gpointer                   progress_data;
  GMainContext              *context;
  double                     duration;
  double                     fraction;
  double                     lengths[MAX_TILES];
  double                     longest;
} Export;

void
ovs_grid_export_layout (guint  n,
                        guint *columns,
                        guint *rows)
{
  *columns = n <= 2 ? MAX (n, 1) : n <= 4 ? 2 : 3;
  *rows = (MAX (n, 1) + *columns - 1) / *columns;
}

char *
ovs_grid_export_label (OvsTask *task)
{
  g_autoptr(OvsMediaInfo) info = NULL;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  info = ovs_task_dup_media_info (task);
  if (info == NULL)
    return g_strdup (ovs_task_get_model (task));
  return g_strdup_printf ("%s · %.1f s · %d×%d", ovs_task_get_model (task), info->duration,
                          info->width, info->height);
}

static void
pad_added_cb (GstElement *decoder,
              GstPad     *pad,
              GstElement *video_in)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink = gst_element_get_static_pad (video_in, "sink");

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  /* The sound is not part of the grid. */
  if (g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/")
      && !gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

static void
set_caps (GstElement *filter,
          const char *description)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (description);

  g_object_set (filter, "caps", caps, NULL);
}

/* decoder → scaled into the tile → label → the compositor at (x, y). */
static gboolean
add_tile (GstBin      *bin,
          GstElement  *compositor,
          Export      *export,
          guint        index,
          guint        columns,
          GError     **error)
{
  const char *path = export->paths[index];
  const char *label = export->labels[index];
  GstElement *decoder = ovs_gst_add (bin, "uridecodebin", DOING, error);
  GstElement *convert = ovs_gst_add (bin, "videoconvert", DOING, error);
  GstElement *scale = ovs_gst_add (bin, "videoscale", DOING, error);
  GstElement *rate = ovs_gst_add (bin, "videorate", DOING, error);
  GstElement *filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  GstElement *text = ovs_gst_add (bin, "textoverlay", DOING, error);
  GstElement *queue = ovs_gst_add (bin, "queue", DOING, error);
  g_autofree char *uri = NULL;
  g_autofree char *caps = NULL;
  g_autoptr(GstPad) pad = NULL;

  if (*error != NULL || (uri = g_filename_to_uri (path, NULL, error)) == NULL)
    return FALSE;
  /* Only the picture is decoded: an audio stream left unlinked would stall the decoder. */
  {
    g_autoptr(GstCaps) video_only = gst_caps_from_string ("video/x-raw(ANY)");

    g_object_set (decoder, "uri", uri, "caps", video_only, "expose-all-streams", FALSE, NULL);
  }
  g_signal_connect (decoder, "pad-added", G_CALLBACK (pad_added_cb), convert);
  g_object_set (scale, "add-borders", TRUE, NULL);
  caps = g_strdup_printf ("video/x-raw,width=%d,height=%d,framerate=%d/1,pixel-aspect-ratio=1/1",
                          OVS_GRID_EXPORT_TILE_WIDTH, OVS_GRID_EXPORT_TILE_HEIGHT, FPS);
  set_caps (filter, caps);
  g_object_set (text, "text", label, "font-desc", "Sans Bold 16", "shaded-background", TRUE,
                "xpad", 8, "ypad", 8, NULL);
  gst_util_set_object_arg (G_OBJECT (text), "valignment", "top");
  gst_util_set_object_arg (G_OBJECT (text), "halignment", "left");
  if (!ovs_gst_link (error, DOING, convert, scale, rate, filter, text, queue, NULL))
    return FALSE;
  pad = gst_element_request_pad_simple (compositor, "sink_%u");
  /* A shorter video holds its last frame; not the longest, or the grid would never end
   * (compositor repeats for ever when every pad repeats). */
  g_object_set (pad, "xpos", (int) (index % columns) * OVS_GRID_EXPORT_TILE_WIDTH,
                "ypos", (int) (index / columns) * OVS_GRID_EXPORT_TILE_HEIGHT,
                "repeat-after-eos", export->lengths[index] < export->longest - 0.01, NULL);
  {
    g_autoptr(GstPad) source = gst_element_get_static_pad (queue, "src");

    if (gst_pad_link (source, pad) != GST_PAD_LINK_OK)
      {
        g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, "%s: %s", DOING, "compositor");
        return FALSE;
      }
  }
  return TRUE;
}

static GstElement *
build (Export      *export,
       const char  *part,
       GError     **error)
{
  g_autoptr(GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new ("ovs-grid-export"));
  GstBin *bin = GST_BIN (pipeline);
  GstElement *compositor = ovs_gst_add (bin, "compositor", DOING, error);
  GstElement *convert = ovs_gst_add (bin, "videoconvert", DOING, error);
  GstElement *filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  GstElement *encoder = ovs_gst_add (bin, "x264enc", DOING, error);
  GstElement *parse = ovs_gst_add (bin, "h264parse", DOING, error);
  GstElement *mux = ovs_gst_add (bin, "mp4mux", DOING, error);
  GstElement *sink = ovs_gst_add (bin, "filesink", DOING, error);
  guint n = g_strv_length (export->paths), columns, rows;
  g_autofree char *caps = NULL;

  if (*error != NULL)
    return NULL;
  ovs_grid_export_layout (n, &columns, &rows);
  caps = g_strdup_printf ("video/x-raw,format=I420,width=%u,height=%u,framerate=%d/1",
                          columns * OVS_GRID_EXPORT_TILE_WIDTH, rows * OVS_GRID_EXPORT_TILE_HEIGHT,
                          FPS);
  set_caps (filter, caps);
  gst_util_set_object_arg (G_OBJECT (compositor), "background", "black");
  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
  ovs_gst_set_number (encoder, "key-int-max", FPS * 2);
  g_object_set (mux, "faststart", TRUE, NULL);
  g_object_set (sink, "location", part, NULL);
  if (!ovs_gst_link (error, DOING, compositor, convert, filter, encoder, parse, mux, sink, NULL))
    return NULL;
  for (guint i = 0; i < n; i++)
    if (!add_tile (bin, compositor, export, i, columns, error))
      return NULL;
  return g_steal_pointer (&pipeline);
}

static gboolean
report_cb (gpointer data)
{
  GTask *task = data;
  Export *export = g_task_get_task_data (task);

  export->progress (export->fraction, export->progress_data);
  return G_SOURCE_REMOVE;
}

static void
report (GTask  *task,
        double  fraction)
{
  Export *export = g_task_get_task_data (task);

  if (export->progress == NULL)
    return;
  export->fraction = CLAMP (fraction, 0, 1);
  g_main_context_invoke_full (export->context, G_PRIORITY_DEFAULT, report_cb,
                              g_object_ref (task), g_object_unref);
}

/* The longest video sets the length; one that is not a video is named. */
static gboolean
probe_all (Export        *export,
           GCancellable  *cancellable,
           GError       **error)
{
  export->longest = 0;
  for (guint i = 0; export->paths[i] != NULL; i++)
    {
      g_autoptr(GError) probe_error = NULL;
      g_autoptr(OvsMediaInfo) info = ovs_media_probe_sync (export->paths[i], cancellable, &probe_error);

      if (info == NULL || info->width <= 0)
        {
          g_autofree char *name = g_filename_display_basename (export->paths[i]);

          g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("%s: “%s” is not a video (%s)"), DOING,
                       name, probe_error != NULL ? probe_error->message : _("it has no picture"));
          return FALSE;
        }
      export->lengths[i] = info->duration;
      export->longest = MAX (export->longest, info->duration);
    }
  return TRUE;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autofree char *part = g_strconcat (export->out_path, ".part", NULL);
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  GError *error = NULL;
  gboolean ok;

  ok = ovs_media_init (&error) && probe_all (export, cancellable, &error)
       && (pipeline = build (export, part, &error)) != NULL;
  ok = ok && ovs_gst_run_to_end (pipeline, export->longest, DOING, report, task, cancellable,
                                 &error);
  if (pipeline != NULL)
    gst_element_set_state (pipeline, GST_STATE_NULL);
  if (ok && g_rename (part, export->out_path) != 0)
    {
      int saved = errno;

      g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save the comparison as %s: %s"), export->out_path,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (part);
      g_task_return_error (task, error);
      return;
    }
  info = ovs_media_probe_sync (export->out_path, NULL, NULL);
  export->duration = info != NULL ? info->duration : 0;
  report (task, 1);
  g_task_return_boolean (task, TRUE);
}

static void
export_free (gpointer data)
{
  Export *export = data;

  g_strfreev (export->paths);
  g_strfreev (export->labels);
  g_free (export->out_path);
  g_main_context_unref (export->context);
  g_free (export);
}

void
ovs_grid_export_async (const char * const        *video_paths,
                       const char * const        *labels,
                       const char                *out_path,
                       OvsGridExportProgressFunc  progress,
                       gpointer                   progress_data,
                       GCancellable              *cancellable,
                       GAsyncReadyCallback        callback,
                       gpointer                   user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  guint n = video_paths != NULL ? g_strv_length ((GStrv) video_paths) : 0;
  Export *export;

  g_return_if_fail (out_path != NULL);
  g_task_set_source_tag (task, ovs_grid_export_async);
  if (n == 0 || n > MAX_TILES || labels == NULL || g_strv_length ((GStrv) labels) != n)
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                               _("A comparison has from 1 to %d videos with a label each"),
                               MAX_TILES);
      return;
    }
  if (!g_str_has_suffix (out_path, ".mp4"))
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                               _("The comparison’s name must end in .mp4: %s"), out_path);
      return;
    }
  export = g_new0 (Export, 1);
  export->paths = g_strdupv ((GStrv) video_paths);
  export->labels = g_strdupv ((GStrv) labels);
  export->out_path = g_strdup (out_path);
  export->progress = progress;
  export->progress_data = progress_data;
  export->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ovs_grid_export_finish (GAsyncResult  *result,
                        double        *duration,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (duration != NULL)
    *duration = ((Export *) g_task_get_task_data (G_TASK (result)))->duration;
  return TRUE;
}
