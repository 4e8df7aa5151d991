/* ovs-thumbnailer.c: one frame of a video, as a cached PNG
 *
 * The same decoding path as the player — playbin with an appsink — but video only, with
 * square RGBA pixels, no clock (sync=false), and pulled synchronously in a worker thread:
 * preroll, seek, pull the prerolled sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-thumbnailer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-thumbnailer.h"

#define MAX_WORKERS 2
#define POLL_INTERVAL (100 * GST_MSECOND)
#define DECODE_TIMEOUT (30 * GST_SECOND)
#define LATEST_FRAME GST_SECOND
/* playbin's GstPlayFlags: only the video stream is decoded. */
#define PLAY_FLAG_VIDEO (1 << 0)

/* A URI this long or longer has its cache path found by the worker. */
#define LOOKUP_HERE_MAX_LENGTH 4096

typedef struct
{
  GBytes     *held;   /* the URI's bytes, NUL included (a data: URL is megabytes: shared) */
  const char *uri;    /* their text */
  char       *path;   /* the cache file; NULL until the worker finds it for a long URI */
  int         max_width;
} Job;

static void
job_free (Job *job)
{
  g_bytes_unref (job->held);
  g_free (job->path);
  g_free (job);
}

char *
ovs_thumbnailer_get_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "omni-video-studio", "thumbnails", NULL);
}

/* Waits for the pipeline to preroll (again, after a seek). */
static gboolean
wait_for_preroll (GstElement    *pipeline,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstClockTime waited = 0;

  while (waited < DECODE_TIMEOUT)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      message = gst_bus_timed_pop_filtered (bus, POLL_INTERVAL,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
      waited += POLL_INTERVAL;
      if (message == NULL)
        continue;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA,
                       _("Could not make a thumbnail: %s"), gst_error->message);
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not make a thumbnail: %s"),
               _("the video took too long to decode"));
  return FALSE;
}

static GdkPixbuf *
sample_to_pixbuf (GstSample  *sample,
                  int         max_width,
                  GError    **error)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstVideoFrame frame;
  g_autoptr(GdkPixbuf) wrapped = NULL;
  GdkPixbuf *result;
  int width, height;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps)
      || !gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not make a thumbnail: %s"),
                   _("the decoder gave no picture"));
      return NULL;
    }

  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);
  wrapped = gdk_pixbuf_new_from_data (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                                      GDK_COLORSPACE_RGB, TRUE, 8, width, height,
                                      GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), NULL, NULL);

  /* Both copy out of the frame, which is unmapped right after. */
  if (width > max_width)
    {
      int scaled_height = MAX (1, (int) ((double) height * max_width / width + 0.5));

      result = gdk_pixbuf_scale_simple (wrapped, max_width, scaled_height, GDK_INTERP_BILINEAR);
    }
  else
    result = gdk_pixbuf_copy (wrapped);

  g_clear_object (&wrapped);
  gst_video_frame_unmap (&frame);
  return result;
}

static GdkPixbuf *
decode_frame (const char    *uri,
              int            max_width,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstElement *video_sink, *audio_sink;
  GdkPixbuf *pixbuf = NULL;
  gint64 duration = -1;

  if (!ovs_media_init (error))
    return NULL;

  pipeline = gst_element_factory_make ("playbin", NULL);
  video_sink = gst_element_factory_make ("appsink", NULL);
  audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (pipeline == NULL || video_sink == NULL || audio_sink == NULL)
    {
      g_clear_pointer (&video_sink, gst_object_unref);
      g_clear_pointer (&audio_sink, gst_object_unref);
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not make a thumbnail: %s"),
                   _("the GStreamer elements playbin and appsink are missing"));
      return NULL;
    }
  gst_object_ref_sink (pipeline);

  caps = gst_caps_from_string ("video/x-raw, format = (string) RGBA, "
                               "pixel-aspect-ratio = (fraction) 1/1");
  g_object_set (video_sink, "caps", caps, "sync", FALSE, NULL);
  g_object_set (pipeline,
                "uri", uri,
                "flags", PLAY_FLAG_VIDEO,
                "video-sink", video_sink,
                "audio-sink", audio_sink,
                NULL);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  if (!wait_for_preroll (pipeline, cancellable, error))
    goto out;

  if (gst_element_query_duration (pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    {
      gint64 target = MIN (LATEST_FRAME, duration / 10);

      if (target > 0
          && gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                      GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, target)
          && !wait_for_preroll (pipeline, cancellable, error))
        goto out;
    }

  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (video_sink), DECODE_TIMEOUT);
  if (sample == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not make a thumbnail: %s"),
                   _("the video has no pictures"));
      goto out;
    }
  pixbuf = sample_to_pixbuf (sample, max_width, error);

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return pixbuf;
}

/* Writes "<name>-XXXXXX.part" beside @path, then renames it onto @path. */
static gboolean
save_png (GdkPixbuf     *pixbuf,
          const char    *path,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *part = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", error, NULL))
    return FALSE;

  part = g_strdup_printf ("%s/%s-XXXXXX.part", dir, base);
  fd = g_mkstemp_full (part, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the thumbnail: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  {
    const char *p = data;
    gsize left = size;
    int saved_errno = 0;

    while (left > 0)
      {
        gssize n = write (fd, p, left);

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          {
            saved_errno = n < 0 ? errno : EIO;
            break;
          }
        p += n;
        left -= n;
      }
    if (close (fd) != 0 && saved_errno == 0)
      saved_errno = errno;

    if (saved_errno != 0)
      {
        g_unlink (part);
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("Could not write the thumbnail: %s"), g_strerror (saved_errno));
        return FALSE;
      }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      {
        g_unlink (part);
        return FALSE;
      }
  }

  if (g_rename (part, path) != 0)
    {
      int saved_errno = errno;

      g_unlink (part);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write the thumbnail: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

static char *cache_path_for (const char  *uri,
                             int          max_width,
                             GError     **error);

static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  /* A long URI's cache path is found here (see ovs_thumbnailer_get_async ()). */
  if (job->path == NULL && (job->path = cache_path_for (job->uri, job->max_width, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Another call for the same video may have made it while this one waited. */
  if (g_file_test (job->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_strdup (job->path), g_free);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error)
      || (pixbuf = decode_frame (job->uri, job->max_width, cancellable, &error)) == NULL
      || !save_png (pixbuf, job->path, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (job->path), g_free);
}

static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool = NULL;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (worker_func, NULL, MAX_WORKERS, FALSE, NULL);

      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

/* The cache file's path: the URI, and for a local file its modification time and size. */
static char *
cache_path_for (const char  *uri,
                int          max_width,
                GError     **error)
{
  g_autoptr(GString) key = g_string_new (uri);
  g_autofree char *sha1 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                     G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                     G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                     G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                     G_FILE_QUERY_INFO_NONE, NULL, error);

      if (info == NULL)
        return NULL;
      g_string_append_printf (key, "\n%" G_GUINT64_FORMAT ".%06u\n%" G_GOFFSET_FORMAT,
                              g_file_info_get_attribute_uint64 (info,
                                                                G_FILE_ATTRIBUTE_TIME_MODIFIED),
                              g_file_info_get_attribute_uint32 (info,
                                                                G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC),
                              g_file_info_get_size (info));
    }
  g_string_append_printf (key, "\n%d", max_width);

  sha1 = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key->str, key->len);
  name = g_strconcat (sha1, ".png", NULL);
  dir = ovs_thumbnailer_get_cache_dir ();
  return g_build_filename (dir, name, NULL);
}

/**
 * ovs_thumbnailer_dup_cached:
 * @uri: the video
 * @max_width: as for ovs_thumbnailer_get_async ()
 *
 * The cache's thumbnail of @uri, if it has one; nothing is decoded. It reads the disk:
 * for a worker thread, where ovs_thumbnailer_get_async () would make one.
 *
 * Returns: (transfer full) (nullable): the PNG's path
 */
char *
ovs_thumbnailer_dup_cached (const char *uri,
                            int         max_width)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  path = cache_path_for (uri, max_width, NULL);
  return path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR) ? g_steal_pointer (&path)
                                                                    : NULL;
}

void
ovs_thumbnailer_get_async (const char          *uri,
                           int                  max_width,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GBytes) held = NULL;

  g_return_if_fail (uri != NULL);

  held = g_bytes_new (uri, strlen (uri) + 1);
  ovs_thumbnailer_get_bytes_async (held, max_width, cancellable, callback, user_data);
}

void
ovs_thumbnailer_get_bytes_async (GBytes              *uri_bytes,
                                 int                  max_width,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *uri;
  gsize size;
  Job *job;

  g_return_if_fail (uri_bytes != NULL);
  uri = g_bytes_get_data (uri_bytes, &size);
  g_return_if_fail (size > 0 && uri[size - 1] == '\0');
  g_return_if_fail (max_width > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  /* One tag for both ways in: ovs_thumbnailer_get_finish () checks it. */
  g_task_set_source_tag (task, ovs_thumbnailer_get_async);
  g_task_set_return_on_cancel (task, FALSE);

  /* The cache's path is a checksum of the URI: for an inline image (a data: URL of
   * megabytes) that took 13 ms of the main thread per image, with a copy of it; the worker
   * finds it instead. */
  if (size - 1 < LOOKUP_HERE_MAX_LENGTH)
    {
      path = cache_path_for (uri, max_width, &error);
      if (path == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_task_return_pointer (task, g_steal_pointer (&path), g_free);
          return;
        }
    }

  job = g_new0 (Job, 1);
  job->held = g_bytes_ref (uri_bytes);
  job->uri = uri;
  job->path = g_steal_pointer (&path);
  job->max_width = max_width;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  g_thread_pool_push (get_pool (), g_steal_pointer (&task), NULL);
}

char *
ovs_thumbnailer_get_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_thumbnailer_get_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
