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
#include "ovs-grid-export.h"
#include "ovs-join.h"
#include "ovs-media-probe.h"
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

static char *
render_clip (const char *name,
             double      seconds,
             int         width,
             int         height,
             double      fps,
             gboolean    audio)
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  char *path = g_build_filename (tmp_dir, name, NULL);
  gboolean rendered = FALSE;

  spec->seconds = seconds;
  spec->width = width;
  spec->height = height;
  spec->fps = fps;
  spec->audio = audio;
  spec->text = g_strdup (name);
  ovs_renderer_render_async (spec, path, NULL, rendered_cb, &rendered);
  while (!rendered)
    g_main_context_iteration (NULL, TRUE);
  return path;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static gboolean
join (const char * const *clips,
      const char         *out,
      GCancellable       *cancellable,
      GArray             *fractions,
      double             *duration,
      GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ovs_join_async (clips, out, fractions != NULL ? progress_cb : NULL, fractions, cancellable,
                  grabbed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ovs_join_finish (result, duration, error);
}

/* Three clips of different sizes, rates and sound make one film as long as all three. */
static void
test_join (void)
{
  g_autofree char *a = render_clip ("a.mp4", 1.0, 320, 240, 10, TRUE);
  g_autofree char *b = render_clip ("b.mp4", 1.5, 480, 360, 15, FALSE);
  g_autofree char *c = render_clip ("c.mp4", 0.5, 320, 240, 10, TRUE);
  const char *clips[] = { a, b, c, NULL };
  g_autofree char *out = g_build_filename (tmp_dir, "film.mp4", NULL);
  g_autofree char *part = g_strconcat (out, ".part", NULL);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  double duration = 0;

  g_assert_true (join (clips, out, NULL, fractions, &duration, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  info = ovs_media_probe_sync (out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("film: %.3f s, %dx%d, audio %d", info->duration, info->width, info->height,
                  info->has_audio);
  g_assert_cmpfloat_with_epsilon (info->duration, 3.0, 0.15);
  g_assert_cmpfloat_with_epsilon (duration, info->duration, 0.001);
  /* The first clip sets the frame; the silent clip still has its place in the sound. */
  g_assert_cmpint (info->width, ==, 320);
  g_assert_cmpint (info->height, ==, 240);
  g_assert_true (info->has_audio);
  g_assert_cmpuint (fractions->len, >, 0);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
}

static gboolean
export_grid (const char * const *clips,
             const char * const *labels,
             const char         *out,
             GArray             *fractions,
             double             *duration,
             GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ovs_grid_export_async (clips, labels, out, fractions != NULL ? progress_cb : NULL, fractions,
                         NULL, grabbed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return ovs_grid_export_finish (result, duration, error);
}

/* Bright pixels (the labels' white text) in a box of an RGB frame @width wide. */
static guint
count_bright (GBytes *pixels,
              int     width,
              int     x0,
              int     y0,
              int     x1,
              int     y1)
{
  const guint8 *data = g_bytes_get_data (pixels, NULL);
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = data + (gsize) (y * width + x) * 3;

        if (p[0] > 235 && p[1] > 235 && p[2] > 235)
          count++;
      }
  return count;
}

/* Two videos of different sizes and lengths side by side: the size of two tiles, as long
 * as the longer, each label drawn at its tile's top left (and nothing there without). */
static void
test_grid_export (void)
{
  g_autofree char *a = render_clip ("grid-a.mp4", 1.0, 320, 240, 10, TRUE);
  g_autofree char *b = render_clip ("grid-b.mp4", 1.5, 480, 270, 15, FALSE);
  const char *clips[] = { a, b, NULL };
  const char *labels[] = { "Kling-3.0-omni · 1.0 s", "Veo-3.1 · 1.5 s", NULL };
  const char *no_labels[] = { "", "", NULL };
  g_autofree char *out = g_build_filename (tmp_dir, "grid.mp4", NULL);
  g_autofree char *bare = g_build_filename (tmp_dir, "grid-bare.mp4", NULL);
  g_autofree char *part = g_strconcat (out, ".part", NULL);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GArray) labelled = NULL;
  g_autoptr(GArray) plain = NULL;
  g_autoptr(GError) error = NULL;
  double duration = 0;
  int width = 2 * OVS_GRID_EXPORT_TILE_WIDTH;

  g_assert_true (export_grid (clips, labels, out, fractions, &duration, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  info = ovs_media_probe_sync (out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, width);
  g_assert_cmpint (info->height, ==, OVS_GRID_EXPORT_TILE_HEIGHT);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.5, 0.15);
  g_assert_cmpfloat_with_epsilon (duration, info->duration, 0.001);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);

  g_assert_true (export_grid (clips, no_labels, bare, NULL, NULL, &error));
  labelled = decode_video (out);
  plain = decode_video (bare);
  for (guint tile = 0; tile < 2; tile++)
    {
      int x0 = tile * OVS_GRID_EXPORT_TILE_WIDTH;
      guint with = count_bright (g_array_index (labelled, Frame, 0).pixels, width, x0, 0, x0 + 240, 48);
      guint without = count_bright (g_array_index (plain, Frame, 0).pixels, width, x0, 0, x0 + 240, 48);

      g_test_message ("tile %u: %u bright pixels in the label area, %u without a label", tile, with, without);
      g_assert_cmpuint (with, >, without + 100);
    }

  /* The shorter one holds its last frame: the last frame of the grid still shows it. */
  g_assert_cmpuint (count_bright (g_array_index (labelled, Frame, labelled->len - 1).pixels, width,
                                  0, 0, 240, 48), >, 100);

  g_assert_false (export_grid (clips, labels, "grid.avi", NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
}

static void
test_join_refused (void)
{
  g_autofree char *fake = g_build_filename (tmp_dir, "page.mp4", NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "refused.mp4", NULL);
  g_autofree char *odd = g_build_filename (tmp_dir, "film.avi", NULL);
  const char *with_fake[] = { clip_path, fake, NULL };
  const char *one[] = { clip_path, NULL };
  const char *none[] = { NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (fake, "<html>502 Bad Gateway</html>", -1, NULL));
  g_assert_false (join (with_fake, out, NULL, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_nonnull (strstr (error->message, "page.mp4"));
  g_clear_error (&error);

  g_assert_false (join (one, odd, NULL, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (join (none, out, NULL, NULL, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (join (one, out, cancellable, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* The sandbox's videos of different model families differ at a glance (a comparison grid of
 * sandbox results shows what it is for); every spelling of a model looks the same. */
static void
test_model_looks (void)
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  const char *models[] = { "Kling-3.0-omni", "Vidu-q2", "Veo-3.1", "doubao-seedance-2-0-260128" };
  GBytes *first_frames[G_N_ELEMENTS (models)];

  g_assert_cmpfloat (ovs_render_hue_for_model ("Kling-3.0-omni"), ==, 0);
  g_assert_cmpfloat (ovs_render_hue_for_model ("viduq2"), ==, ovs_render_hue_for_model ("Vidu-q2"));
  g_assert_cmpfloat (ovs_render_hue_for_model ("doubao-seedance-1-0-pro-250528"), ==,
                     ovs_render_hue_for_model ("doubao-seedance-2-0-260128"));

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *name = g_strdup_printf ("look-%u.mp4", i);
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_autoptr(GArray) frames = NULL;

      spec->seconds = 0.5;
      spec->width = 160;
      spec->height = 120;
      spec->fps = 10;
      spec->hue = ovs_render_hue_for_model (models[i]);
      {
        gboolean rendered = FALSE;

        ovs_renderer_render_async (spec, path, NULL, rendered_cb, &rendered);
        while (!rendered)
          g_main_context_iteration (NULL, TRUE);
      }
      frames = decode_video (path);
      first_frames[i] = g_bytes_ref (g_array_index (frames, Frame, 0).pixels);
    }

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (models); j++)
      {
        gsize n;
        const guint8 *a = g_bytes_get_data (first_frames[i], &n);
        const guint8 *b = g_bytes_get_data (first_frames[j], NULL);
        double difference = 0;

        for (gsize k = 0; k < n; k++)
          difference += abs ((int) a[k] - (int) b[k]);
        difference /= n;
        g_test_message ("%s vs %s: %.1f", models[i], models[j], difference);
        /* Clearly different colours, not encoder noise (which stays under 2). */
        g_assert_cmpfloat (difference, >, 15);
      }
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_bytes_unref (first_frames[i]);
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
  g_test_add_func ("/film/join", test_join);
  g_test_add_func ("/film/model-looks", test_model_looks);
  g_test_add_func ("/film/join/refused", test_join_refused);
  g_test_add_func ("/film/grid-export", test_grid_export);

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmp_dir);

    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmp_dir);
  }
  return status;
}
