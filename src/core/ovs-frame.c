/* ovs-frame.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-frame"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-media-probe.h"

/* No single step of a local decode takes this long unless something is wrong. */
#define STEP_TIMEOUT (20 * GST_SECOND)

static gboolean
fail (GError    **error,
      const char *path,
      const char *why)
{
  g_autofree char *name = g_filename_display_basename (path);

  g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not take a frame of “%s”: %s"), name, why);
  return FALSE;
}

/* Waits for the pipeline to settle (ASYNC_DONE), or for its error. */
static gboolean
wait_settled (GstElement  *pipeline,
              const char  *path,
              GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered (bus, STEP_TIMEOUT,
                                                               GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;

  if (message == NULL)
    return fail (error, path, _("the decoder did not answer"));
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &gst_error, NULL);
      return fail (error, path, gst_error->message);
    }
  return TRUE;
}

/* The frame at @position: an accurate seek, then the frame the sink prerolls on. */
static GstSample *
sample_at (GstElement  *pipeline,
           GstAppSink  *sink,
           gint64       position,
           const char  *path,
           GError     **error)
{
  gint64 duration = -1;

  if (!wait_settled (pipeline, path, error))
    return NULL;
  if (gst_element_query_duration (pipeline, GST_FORMAT_TIME, &duration) && duration > 0
      && position >= duration)
    {
      g_autofree char *why = g_strdup_printf (_("the video lasts %.2f s, there is no frame at %.2f s"),
                                              duration / (double) GST_SECOND,
                                              position / (double) GST_SECOND);

      fail (error, path, why);
      return NULL;
    }
  if (!gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    {
      fail (error, path, _("the video cannot be searched"));
      return NULL;
    }
  if (!wait_settled (pipeline, path, error))
    return NULL;
  return gst_app_sink_try_pull_preroll (sink, STEP_TIMEOUT);
}

/* The last frame: every frame decoded in turn, as fast as the decoder goes, keeping the
 * last. A seek near the end would land on a key frame, not on the end. */
static GstSample *
last_sample (GstElement   *pipeline,
             GstAppSink   *sink,
             GCancellable *cancellable,
             const char   *path,
             GError      **error)
{
  g_autoptr(GstSample) last = NULL;
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  g_object_set (sink, "sync", FALSE, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  for (;;)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (sink, STEP_TIMEOUT);
      g_autoptr(GstMessage) message = NULL;

      if (sample != NULL)
        {
          g_clear_pointer (&last, gst_sample_unref);
          last = sample;
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          continue;
        }
      if (gst_app_sink_is_eos (sink))
        break;
      message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (message != NULL)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          fail (error, path, gst_error->message);
        }
      else
        fail (error, path, _("the decoder did not answer"));
      return NULL;
    }
  if (last == NULL)
    fail (error, path, _("it has no video frames"));
  return g_steal_pointer (&last);
}

gboolean
ovs_frame_grab (const char    *video_path,
                gint64         position_ns,
                const char    *png_path,
                gint64        *pts_ns,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) rgb = NULL;
  g_autoptr(GstCaps) png = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstSample) encoded = NULL;
  g_autoptr(GError) convert_error = NULL;
  g_autofree char *uri = NULL;
  GstElement *sink, *audio_sink;
  GstBuffer *buffer;
  GstMapInfo map;
  gboolean ok;

  g_return_val_if_fail (video_path != NULL && png_path != NULL, FALSE);
  g_return_val_if_fail (position_ns >= 0 || position_ns == OVS_FRAME_LAST, FALSE);

  /* GStreamer first: caps need it. */
  if (!ovs_media_init (error))
    return FALSE;
  rgb = gst_caps_from_string ("video/x-raw,format=RGB,pixel-aspect-ratio=1/1");
  png = gst_caps_new_empty_simple ("image/png");
  if (!g_file_test (video_path, G_FILE_TEST_IS_REGULAR))
    return fail (error, video_path, _("the file does not exist"));
  uri = g_filename_to_uri (video_path, NULL, error);
  if (uri == NULL)
    return FALSE;

  pipeline = gst_element_factory_make ("playbin", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (pipeline == NULL || sink == NULL || audio_sink == NULL)
    return fail (error, video_path, _("GStreamer’s playbin, appsink or fakesink is missing"));
  gst_object_ref_sink (pipeline);
  /* The decoder's frames as they are: RGB, one frame kept, no clock. */
  g_object_set (sink, "caps", rgb, "max-buffers", 1, "sync", FALSE, NULL);
  g_object_set (audio_sink, "sync", FALSE, NULL);
  g_object_set (pipeline, "uri", uri, "video-sink", sink, "audio-sink", audio_sink, NULL);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  if (position_ns == OVS_FRAME_LAST)
    sample = last_sample (pipeline, GST_APP_SINK (sink), cancellable, video_path, error);
  else
    sample = sample_at (pipeline, GST_APP_SINK (sink), position_ns, video_path, error);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL)
    {
      if (error != NULL && *error == NULL)
        fail (error, video_path, _("no frame came out of the decoder"));
      return FALSE;
    }

  if (pts_ns != NULL)
    *pts_ns = GST_BUFFER_PTS_IS_VALID (gst_sample_get_buffer (sample))
              ? (gint64) GST_BUFFER_PTS (gst_sample_get_buffer (sample)) : -1;

  /* PNG is lossless: the file holds exactly the decoded pixels. */
  encoded = gst_video_convert_sample (sample, png, STEP_TIMEOUT, &convert_error);
  if (encoded == NULL)
    return fail (error, video_path, convert_error != NULL ? convert_error->message
                                                          : _("the frame could not be encoded as PNG"));
  buffer = gst_sample_get_buffer (encoded);
  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    return fail (error, video_path, _("the frame could not be encoded as PNG"));
  /* Written beside, then renamed: never half a picture under the final name. */
  ok = g_file_set_contents_full (png_path, (const char *) map.data, (gssize) map.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  gst_buffer_unmap (buffer, &map);
  return ok;
}

typedef struct
{
  char   *video_path;
  char   *png_path;
  gint64  position_ns;
  gint64  pts_ns;
} GrabData;

static void
grab_data_free (gpointer data)
{
  GrabData *grab = data;

  g_free (grab->video_path);
  g_free (grab->png_path);
  g_free (grab);
}

static void
grab_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GrabData *grab = task_data;
  GError *error = NULL;

  if (ovs_frame_grab (grab->video_path, grab->position_ns, grab->png_path, &grab->pts_ns,
                      cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ovs_frame_grab_async (const char          *video_path,
                      gint64               position_ns,
                      const char          *png_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GrabData *grab = g_new0 (GrabData, 1);

  g_task_set_source_tag (task, ovs_frame_grab_async);
  grab->video_path = g_strdup (video_path);
  grab->png_path = g_strdup (png_path);
  grab->position_ns = position_ns;
  grab->pts_ns = -1;
  g_task_set_task_data (task, grab, grab_data_free);
  g_task_run_in_thread (task, grab_thread);
}

gboolean
ovs_frame_grab_finish (GAsyncResult  *result,
                       gint64        *pts_ns,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (pts_ns != NULL)
    *pts_ns = ((GrabData *) g_task_get_task_data (G_TASK (result)))->pts_ns;
  return TRUE;
}

/* "clip-at-1.50s.png" beside "clip.mp4"; a free name, never one that exists. */
char *
ovs_frame_path_beside (const char *video,
                       double      seconds,
                       gboolean    last)
{
  g_autofree char *stem = g_strdup (video);
  char *dot = strrchr (stem, '.');

  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL)
    *dot = '\0';
  for (guint n = 1;; n++)
    {
      g_autofree char *suffix = n == 1 ? g_strdup ("") : g_strdup_printf ("-%u", n);
      char *path = last ? g_strdup_printf ("%s-last%s.png", stem, suffix)
                        : g_strdup_printf ("%s-at-%.2fs%s.png", stem, seconds, suffix);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}
