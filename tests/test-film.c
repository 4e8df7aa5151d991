/* test-film.c: frames taken from finished videos, on real files
 *
 * The sandbox renders a clip whose bars scroll, so every frame differs from the last; the
 * frames ovs_frame_grab() writes are compared, pixel for pixel, with the frames of a plain
 * sequential decode of the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-renderer.h"

static char *tmp_dir;
static char *clip_path;

#define CLIP_FPS 10
#define CLIP_SECONDS 2

typedef struct
{
  GstClockTime pts;
  GstClockTime duration;
  GBytes      *pixels;
} Frame;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_bytes_unref (frame->pixels);
}

/* Every frame of @launch's appsink "sink", as RGB bytes, in order. */
static GArray *
decode_all (const char *launch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (launch, &error);
  g_autoptr(GstElement) sink = NULL;
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  GstSample *sample;

  g_assert_no_error (error);
  g_array_set_clear_func (frames, frame_clear);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 20 * GST_SECOND)) != NULL)
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;
      Frame frame = { GST_BUFFER_PTS (buffer), GST_BUFFER_DURATION (buffer), NULL };

      g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
      frame.pixels = g_bytes_new (map.data, map.size);
      gst_buffer_unmap (buffer, &map);
      gst_sample_unref (sample);
      g_array_append_val (frames, frame);
    }
  g_assert_true (gst_app_sink_is_eos (GST_APP_SINK (sink)));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return frames;
}

static GArray *
decode_video (const char *path)
{
  g_autofree char *launch = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! videoconvert "
                                             "! video/x-raw,format=RGB ! appsink name=sink sync=false",
                                             path);

  return decode_all (launch);
}

/* The pixels of a PNG, decoded the same way. */
static GBytes *
decode_png (const char *path)
{
  g_autofree char *launch = g_strdup_printf ("filesrc location=\"%s\" ! pngdec ! videoconvert "
                                             "! video/x-raw,format=RGB ! appsink name=sink sync=false",
                                             path);
  g_autoptr(GArray) frames = decode_all (launch);

  g_assert_cmpuint (frames->len, ==, 1);
  return g_bytes_ref (g_array_index (frames, Frame, 0).pixels);
}

static void
rendered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ovs_renderer_render_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
grabbed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_frame_at (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "at.png", NULL);
  g_autoptr(GArray) frames = decode_video (clip_path);
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GError) error = NULL;
  gint64 at = 1050 * GST_MSECOND, pts = -1;
  const Frame *expected = NULL;

  g_assert_cmpuint (frames->len, ==, CLIP_FPS * CLIP_SECONDS);
  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *frame = &g_array_index (frames, Frame, i);

      if (frame->pts <= (GstClockTime) at && (GstClockTime) at < frame->pts + frame->duration)
        expected = frame;
    }
  g_assert_nonnull (expected);

  g_assert_true (ovs_frame_grab (clip_path, at, png, &pts, NULL, &error));
  g_assert_no_error (error);
  /* An accurate seek clips the frame to where it was asked for. */
  g_assert_cmpint (pts, >=, (gint64) expected->pts);
  g_assert_cmpint (pts, <=, at);
  pixels = decode_png (png);
  /* The frame shown at 1.05 s, not the key frame before it nor the first frame. */
  g_assert_true (g_bytes_equal (pixels, expected->pixels));
  g_assert_false (g_bytes_equal (pixels, g_array_index (frames, Frame, 0).pixels));
}

static void
test_frame_last (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "last.png", NULL);
  g_autoptr(GArray) frames = decode_video (clip_path);
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const Frame *last = &g_array_index (frames, Frame, frames->len - 1);
  gint64 pts = -1;

  /* The async pair, as the app uses it: the main loop keeps going meanwhile. */
  ovs_frame_grab_async (clip_path, OVS_FRAME_LAST, png, NULL, grabbed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ovs_frame_grab_finish (result, &pts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pts, ==, (gint64) last->pts);
  pixels = decode_png (png);
  g_assert_true (g_bytes_equal (pixels, last->pixels));
  g_assert_false (g_bytes_equal (pixels, g_array_index (frames, Frame, frames->len - 2).pixels));
}

static void
test_frame_past_end (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "past.png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ovs_frame_grab (clip_path, 9 * GST_SECOND, png, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "9.00 s"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_frame_not_video (void)
{
  g_autofree char *fake = g_build_filename (tmp_dir, "not-a-video.mp4", NULL);
  g_autofree char *png = g_build_filename (tmp_dir, "fake.png", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (fake, "<html>gateway error</html>", -1, NULL));
  g_assert_false (ovs_frame_grab (fake, 0, png, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_nonnull (strstr (error->message, "not-a-video.mp4"));
  g_clear_error (&error);
  g_assert_false (ovs_frame_grab (missing, OVS_FRAME_LAST, png, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  gboolean rendered = FALSE;
  int status;

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  tmp_dir = g_dir_make_tmp ("ovs-test-film-XXXXXX", NULL);
  clip_path = g_build_filename (tmp_dir, "clip.mp4", NULL);

  spec->seconds = CLIP_SECONDS;
  spec->fps = CLIP_FPS;
  spec->width = 320;
  spec->height = 240;
  spec->audio = TRUE;
  spec->text = g_strdup ("frames");
  ovs_renderer_render_async (spec, clip_path, NULL, rendered_cb, &rendered);
  while (!rendered)
    g_main_context_iteration (NULL, TRUE);

  g_test_add_func ("/film/frame/at", test_frame_at);
  g_test_add_func ("/film/frame/last", test_frame_last);
  g_test_add_func ("/film/frame/past-end", test_frame_past_end);
  g_test_add_func ("/film/frame/not-video", test_frame_not_video);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return status;
}
