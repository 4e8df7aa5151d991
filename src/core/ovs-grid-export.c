/* ovs-grid-export.c: a comparison as one side-by-side video, labelled
 *
 * One pipeline: each video decoded by its own uridecodebin, scaled early into its tile,
 * its label drawn by textoverlay, placed by compositor (which repeats a finished video's
 * last frame), then x264enc and mp4mux into "OUT.part", renamed when whole (ovs-gst-export.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-grid-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "ovs-error.h"
#include "ovs-grid-export.h"
#include "ovs-gst.h"
#include "ovs-gst-export.h"
#include "ovs-media-probe.h"
#include "ovs-task-result.h"

#define DOING _("Could not export the comparison")
#define FPS 24
#define MAX_TILES 6

typedef struct
{
  GStrv   paths;
  GStrv   labels;
  double  lengths[MAX_TILES];
  double  longest;
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
  ovs_gst_set_caps (filter, caps);
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
  ovs_gst_set_caps (filter, caps);
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

/* The longest video sets the length; one that is not a video is named. */
static gboolean
probe_all (Export        *export,
           GCancellable  *cancellable,
           GError       **error)
{
  export->longest = 0;
  for (guint i = 0; export->paths[i] != NULL; i++)
    {
      g_autoptr(OvsMediaInfo) info = ovs_gst_export_probe_video (export->paths[i], DOING,
                                                                 cancellable, error);

      if (info == NULL)
        return FALSE;
      export->lengths[i] = info->duration;
      export->longest = MAX (export->longest, info->duration);
    }
  return TRUE;
}

static gboolean
write_grid (GTask         *task,
            const char    *part,
            GCancellable  *cancellable,
            GError       **error)
{
  Export *export = ovs_gst_export_get_data (task);
  g_autoptr(GstElement) pipeline = NULL;
  gboolean ok;

  ok = probe_all (export, cancellable, error) && (pipeline = build (export, part, error)) != NULL;
  ok = ok && ovs_gst_run_to_end (pipeline, export->longest, DOING, ovs_gst_export_report, task,
                                 cancellable, error);
  if (pipeline != NULL)
    gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static void
export_free (gpointer data)
{
  Export *export = data;

  g_strfreev (export->paths);
  g_strfreev (export->labels);
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
  guint n = video_paths != NULL ? g_strv_length ((GStrv) video_paths) : 0;
  Export *export;

  g_return_if_fail (out_path != NULL);
  if (n == 0 || n > MAX_TILES || labels == NULL || g_strv_length ((GStrv) labels) != n)
    {
      g_task_report_new_error (NULL, callback, user_data, ovs_grid_export_async, OVS_ERROR,
                               OVS_ERROR_INVALID,
                               _("A comparison has from 1 to %d videos with a label each"),
                               MAX_TILES);
      return;
    }
  if (!g_str_has_suffix (out_path, ".mp4"))
    {
      g_task_report_new_error (NULL, callback, user_data, ovs_grid_export_async, OVS_ERROR,
                               OVS_ERROR_INVALID, _("The comparison’s name must end in .mp4: %s"),
                               out_path);
      return;
    }
  export = g_new0 (Export, 1);
  export->paths = g_strdupv ((GStrv) video_paths);
  export->labels = g_strdupv ((GStrv) labels);
  ovs_gst_export_async (ovs_grid_export_async, out_path, DOING, write_grid, export, export_free,
                        progress, progress_data, cancellable, callback, user_data);
}

gboolean
ovs_grid_export_finish (GAsyncResult  *result,
                        double        *duration,
                        GError       **error)
{
  return ovs_gst_export_finish (result, duration, error);
}
