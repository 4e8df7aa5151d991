/* test-media.c: the sandbox renderer and the media probe, on real files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-renderer.h"
#include "ovs-test-media.h"

#define ASYNC_TIMEOUT_SECONDS 60

#if defined(__SANITIZE_ADDRESS__)
/* GStreamer's quarks make GLib orphan its first quark block, allocated in GLib's constructor.
 * build-aux/lsan.supp matches it by that constructor, which only a full unwind sees: the
 * fast unwinder stops in GLib. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

static char *tmp_dir;

/* Spinning the main context until the callback lands */

typedef struct
{
  GAsyncResult *result;
  gboolean      timed_out;
} Waiter;

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  guint timeout_id = g_timeout_add_seconds (ASYNC_TIMEOUT_SECONDS, timeout_cb, waiter);

  while (waiter->result == NULL && !waiter->timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (waiter->timed_out)
    g_error ("No answer within %d s", ASYNC_TIMEOUT_SECONDS);
  g_source_remove (timeout_id);

  return waiter->result;
}

static gboolean
render (const OvsRenderSpec  *spec,
        const char           *path,
        GCancellable         *cancellable,
        GError              **error)
{
  Waiter waiter = { NULL, FALSE };
  gboolean ok;

  ovs_renderer_render_async (spec, path, cancellable, store_result_cb, &waiter);
  ok = ovs_renderer_render_finish (wait_for (&waiter), error);
  g_object_unref (waiter.result);
  return ok;
}

static OvsMediaInfo *
probe (const char  *path,
       GError     **error)
{
  Waiter waiter = { NULL, FALSE };
  OvsMediaInfo *info;

  ovs_media_probe_async (path, NULL, store_result_cb, &waiter);
  info = ovs_media_probe_finish (wait_for (&waiter), error);
  g_object_unref (waiter.result);
  return info;
}

static char *
tmp_path (const char *name)
{
  g_autofree char *file = g_strdup_printf ("%s.%s", name, ovs_renderer_file_extension ());

  return g_build_filename (tmp_dir, file, NULL);
}

static guint
count_dir_entries (void)
{
  g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The mean luma of the frame at @seconds, 0-255. */
static double
mean_luma_at (const char *path,
              double      seconds)
{
  g_autofree char *uri = gst_filename_to_uri (path, NULL);
  g_autofree char *description =
    g_strdup_printf ("uridecodebin uri=\"%s\" ! videoconvert ! video/x-raw,format=GRAY8 ! "
                     "appsink name=sink sync=false", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstBuffer *buffer;
  GstMapInfo map;
  GstVideoInfo vinfo;
  guint64 sum = 0;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PAUSED), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint (gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND), ==,
                   GST_STATE_CHANGE_SUCCESS);
  g_assert_true (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
                                          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                          (GstClockTime) (seconds * GST_SECOND)));
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 10 * GST_SECOND);
  g_assert_nonnull (sample);

  g_assert_true (gst_video_info_from_caps (&vinfo, gst_sample_get_caps (sample)));
  buffer = gst_sample_get_buffer (sample);
  g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
  for (int y = 0; y < vinfo.height; y++)
    for (int x = 0; x < vinfo.width; x++)
      sum += map.data[y * vinfo.stride[0] + x];
  gst_buffer_unmap (buffer, &map);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return (double) sum / (vinfo.width * vinfo.height);
}

/* Sizes */

static void
test_size_for (void)
{
  static const struct
  {
    const char *resolution, *aspect_ratio;
    int width, height;
    gboolean ok;
  } cases[] = {
    { "1080p", "16:9", 1920, 1080, TRUE },
    { "1080p", "9:16", 1080, 1920, TRUE },
    { "1080p", "1:1", 1080, 1080, TRUE },
    { "1080p", "4:3", 1440, 1080, TRUE },
    { "1080p", "3:4", 1080, 1440, TRUE },
    { "1080p", "21:9", 2520, 1080, TRUE },
    { "720p", "16:9", 1280, 720, TRUE },
    { "720p", "9:16", 720, 1280, TRUE },
    { "480p", "16:9", 854, 480, TRUE },
    { "540p", "16:9", 960, 540, TRUE },
    { "2k", "16:9", 2560, 1440, TRUE },
    { "1440p", "16:9", 2560, 1440, TRUE },
    { "4K", "16:9", 3840, 2160, TRUE },
    { "2160p", "9:16", 2160, 3840, TRUE },
    { NULL, NULL, 1920, 1080, TRUE },
    { "720p", NULL, 1280, 720, TRUE },
    { "huge", "16:9", 1920, 1080, FALSE },
    { "720p", "wide", 1280, 720, FALSE },
    { "720p", "16:0", 1280, 720, FALSE },
    { "", "", 1920, 1080, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int width = -1, height = -1;
      gboolean ok = ovs_render_size_for (cases[i].resolution, cases[i].aspect_ratio,
                                         &width, &height);

      g_test_message ("%s %s", cases[i].resolution, cases[i].aspect_ratio);
      g_assert_cmpint (ok, ==, cases[i].ok);
      g_assert_cmpint (width, ==, cases[i].width);
      g_assert_cmpint (height, ==, cases[i].height);
    }
}

/* Rendering and probing */

static void
test_render_landscape_with_audio (void)
{
  g_autofree char *path = tmp_path ("landscape");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  gboolean mp4 = g_str_equal (ovs_renderer_file_extension (), "mp4");

  spec->seconds = 2;
  g_assert_true (ovs_render_size_for ("720p", "16:9", &spec->width, &spec->height));
  spec->audio = TRUE;
  spec->text = g_strdup ("A <red> fox & a hound run through the snow");
  spec->caption = g_strdup ("Kling-3.0-omni · 720p · 16:9");

  g_assert_true (render (spec, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  info = probe (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpfloat_with_epsilon (info->duration, 2.0, 0.2);
  g_assert_cmpint (info->width, ==, 1280);
  g_assert_cmpint (info->height, ==, 720);
  g_assert_cmpfloat_with_epsilon (info->fps, 24.0, 0.01);
  g_assert_true (info->has_audio);
  g_assert_cmpstr (info->video_codec, ==, mp4 ? "H.264" : "VP8");
  g_assert_cmpstr (info->audio_codec, ==, mp4 ? "AAC" : "Vorbis");
  g_assert_cmpstr (info->container, ==, mp4 ? "MP4" : "WebM");
  g_assert_cmpint (info->size_bytes, >, 10000);

  /* What a player shows is a picture, not black. */
  g_assert_cmpfloat (mean_luma_at (path, 1.0), >, 40);

  checks = ovs_media_check (info, "2", "720p", "16:9", 1);
  g_assert_cmpuint (checks->len, ==, 4);
  for (guint i = 0; i < checks->len; i++)
    {
      OvsMediaCheck *check = g_ptr_array_index (checks, i);

      g_test_message ("%s: %s", ovs_media_check_kind_to_string (check->kind), check->message);
      g_assert_true (check->ok);
    }
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* The same file against another request. */
  checks = ovs_media_check (info, "5", "1080p", "9:16", 0);
  g_assert_cmpuint (checks->len, ==, 4);
  for (guint i = 0; i < checks->len; i++)
    {
      OvsMediaCheck *check = g_ptr_array_index (checks, i);

      g_assert_cmpint (check->kind, ==, i);
      g_assert_false (check->ok);
    }
  g_assert_cmpstr (((OvsMediaCheck *) checks->pdata[2])->expected, ==, "9:16");
  g_assert_cmpstr (((OvsMediaCheck *) checks->pdata[2])->actual, ==, "16:9");
  g_assert_cmpstr (((OvsMediaCheck *) checks->pdata[1])->actual, ==, "1280x720");
  g_assert_cmpstr (((OvsMediaCheck *) checks->pdata[3])->actual, ==, "yes");
}

static void
test_render_portrait_without_audio (void)
{
  g_autofree char *path = tmp_path ("portrait");
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  GString *prompt = g_string_new (NULL);

  /* Long enough that it has to be shrunk and cut. */
  for (int i = 0; i < 30; i++)
    g_string_append (prompt, "一只橘猫在雨后的东京街头慢慢走过，霓虹灯倒映在积水里，镜头缓缓推近。");

  spec->seconds = 1.5;
  g_assert_true (ovs_render_size_for ("540p", "9:16", &spec->width, &spec->height));
  spec->audio = FALSE;
  spec->text = g_string_free (prompt, FALSE);
  spec->caption = g_strdup ("Kling-3.0-omni · 540p · 9:16");

  g_assert_true (render (spec, path, NULL, &error));
  g_assert_no_error (error);

  info = probe (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.5, 0.2);
  g_assert_cmpint (info->width, ==, 540);
  g_assert_cmpint (info->height, ==, 960);
  g_assert_false (info->has_audio);
  g_assert_null (info->audio_codec);

  checks = ovs_media_check (info, "1.5", "540p", "9:16", 0);
  g_assert_cmpuint (checks->len, ==, 4);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (((OvsMediaCheck *) checks->pdata[i])->ok);
  g_clear_pointer (&checks, g_ptr_array_unref);

  checks = ovs_media_check (info, NULL, NULL, NULL, 1);
  g_assert_cmpuint (checks->len, ==, 1);
  g_assert_cmpint (((OvsMediaCheck *) checks->pdata[0])->kind, ==, OVS_MEDIA_CHECK_AUDIO);
  g_assert_false (((OvsMediaCheck *) checks->pdata[0])->ok);
}

static void
test_render_cancelled (void)
{
  g_autofree char *path = tmp_path ("cancelled");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint before = count_dir_entries ();
  Waiter waiter = { NULL, FALSE };
  guint timeout_id;

  /* Long enough that it is still running when cancelled. */
  spec->seconds = 60;
  spec->width = 1920;
  spec->height = 1080;
  spec->audio = TRUE;
  spec->text = g_strdup ("never finished");

  ovs_renderer_render_async (spec, path, cancellable, store_result_cb, &waiter);

  /* Cancel mid-way, once the file is being written. */
  timeout_id = g_timeout_add_seconds (ASYNC_TIMEOUT_SECONDS, timeout_cb, &waiter);
  while (!g_file_test (part, G_FILE_TEST_EXISTS) && waiter.result == NULL && !waiter.timed_out)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (timeout_id);
  g_assert_false (waiter.timed_out);
  g_assert_null (waiter.result);
  g_cancellable_cancel (cancellable);

  g_assert_false (ovs_renderer_render_finish (wait_for (&waiter), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_object_unref (waiter.result);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_dir_entries (), ==, before);

  /* Cancelled before it starts. */
  g_clear_error (&error);
  g_assert_false (render (spec, path, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_dir_entries (), ==, before);
}

static void
test_render_invalid (void)
{
  g_autofree char *path = tmp_path ("invalid");
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(GError) error = NULL;

  spec->seconds = 1;
  spec->width = 641;
  spec->height = 360;
  g_assert_false (render (spec, path, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_clear_error (&error);

  spec->width = 640;
  spec->seconds = 0;
  g_assert_false (render (spec, path, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_probe_not_video (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (tmp_dir, "missing.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;

  g_assert_true (g_file_set_contents (path, "This is not a video, only a few words.\n", -1,
                                      NULL));
  info = probe (path, &error);
  g_assert_null (info);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_nonnull (strstr (error->message, "notes.txt"));
  g_clear_error (&error);

  info = ovs_media_probe_sync (missing, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_nonnull (strstr (error->message, "missing.mp4"));
}

/* Pure checks and JSON */

static const OvsMediaCheck *
check_of (GPtrArray         *checks,
          OvsMediaCheckKind  kind)
{
  for (guint i = 0; i < checks->len; i++)
    if (((OvsMediaCheck *) checks->pdata[i])->kind == kind)
      return checks->pdata[i];

  g_assert_not_reached ();
}

static void
test_check (void)
{
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 5.02, TRUE);
  g_autoptr(OvsMediaInfo) near = ovs_test_media_info (1918, 1080, 5.19, FALSE);
  g_autoptr(OvsMediaInfo) square = ovs_test_media_info (1080, 1080, 4.75, FALSE);
  g_autoptr(OvsMediaInfo) none = ovs_test_media_info (0, 0, 5, TRUE);
  g_autoptr(GPtrArray) checks = NULL;
  const OvsMediaCheck *check;

  checks = ovs_media_check (info, "5", "1080p", "16:9", 1);
  check = check_of (checks, OVS_MEDIA_CHECK_DURATION);
  g_assert_true (check->ok);
  g_assert_cmpstr (check->expected, ==, "5");
  g_assert_cmpstr (check->actual, ==, "5.02");
  g_assert_nonnull (strstr (check->message, "5"));
  g_assert_true (check_of (checks, OVS_MEDIA_CHECK_RESOLUTION)->ok);
  g_assert_true (check_of (checks, OVS_MEDIA_CHECK_ASPECT_RATIO)->ok);
  g_assert_true (check_of (checks, OVS_MEDIA_CHECK_AUDIO)->ok);
  g_clear_pointer (&checks, g_ptr_array_unref);

  checks = ovs_media_check (info, "10", "720p", "9:16", 0);
  for (guint i = 0; i < checks->len; i++)
    g_assert_false (((OvsMediaCheck *) checks->pdata[i])->ok);
  g_assert_cmpstr (check_of (checks, OVS_MEDIA_CHECK_AUDIO)->expected, ==, "no");
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Inside the tolerances: 0.2 s, 2 px, 1 %. */
  checks = ovs_media_check (near, "5", "1080p", "16:9", 0);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (((OvsMediaCheck *) checks->pdata[i])->ok);
  g_clear_pointer (&checks, g_ptr_array_unref);

  checks = ovs_media_check (square, "5", "1080p", "4:3", -1);
  g_assert_cmpuint (checks->len, ==, 3);
  g_assert_false (check_of (checks, OVS_MEDIA_CHECK_DURATION)->ok);
  g_assert_true (check_of (checks, OVS_MEDIA_CHECK_RESOLUTION)->ok);
  g_assert_false (check_of (checks, OVS_MEDIA_CHECK_ASPECT_RATIO)->ok);
  g_assert_cmpstr (check_of (checks, OVS_MEDIA_CHECK_ASPECT_RATIO)->actual, ==, "1:1");
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* Nothing asked, nothing checked. */
  checks = ovs_media_check (info, NULL, "", NULL, -1);
  g_assert_cmpuint (checks->len, ==, 0);
  g_clear_pointer (&checks, g_ptr_array_unref);

  /* No video, or a request it cannot read, is never "ok". */
  checks = ovs_media_check (none, "abc", "1080p", "16:9", 1);
  g_assert_false (check_of (checks, OVS_MEDIA_CHECK_DURATION)->ok);
  g_assert_false (check_of (checks, OVS_MEDIA_CHECK_RESOLUTION)->ok);
  g_assert_false (check_of (checks, OVS_MEDIA_CHECK_ASPECT_RATIO)->ok);
  g_assert_true (check_of (checks, OVS_MEDIA_CHECK_AUDIO)->ok);
}

static void
test_info_json (void)
{
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1080, 1920, 5.04, FALSE);
  g_autoptr(OvsMediaInfo) back = NULL;
  g_autoptr(OvsMediaInfo) copy = NULL;
  g_autoptr(JsonNode) node = ovs_media_info_to_json (info);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_cmpstr (text, ==,
                   "{\"duration\":5.04,\"width\":1080,\"height\":1920,\"fps\":24.0,"
                   "\"video_codec\":\"H.264\",\"audio_codec\":null,\"has_audio\":false,"
                   "\"container\":\"MP4\",\"size_bytes\":123456}");

  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  back = ovs_media_info_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (back->duration, ==, 5.04);
  g_assert_cmpint (back->width, ==, 1080);
  g_assert_cmpint (back->height, ==, 1920);
  g_assert_cmpfloat (back->fps, ==, 24);
  g_assert_cmpstr (back->video_codec, ==, "H.264");
  g_assert_null (back->audio_codec);
  g_assert_false (back->has_audio);
  g_assert_cmpstr (back->container, ==, "MP4");
  g_assert_cmpint (back->size_bytes, ==, 123456);

  copy = ovs_media_info_copy (back);
  g_assert_cmpstr (copy->video_codec, ==, "H.264");
  g_assert_true (copy->video_codec != back->video_codec);

  g_clear_pointer (&parsed, json_node_unref);
  parsed = json_from_string ("[1, 2]", &error);
  g_assert_null (ovs_media_info_from_json (parsed, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("ovs-test-media-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/media/size-for", test_size_for);
  g_test_add_func ("/media/check", test_check);
  g_test_add_func ("/media/info-json", test_info_json);
  g_test_add_func ("/media/render/landscape-with-audio", test_render_landscape_with_audio);
  g_test_add_func ("/media/render/portrait-without-audio", test_render_portrait_without_audio);
  g_test_add_func ("/media/render/cancelled", test_render_cancelled);
  g_test_add_func ("/media/render/invalid", test_render_invalid);
  g_test_add_func ("/media/probe/not-video", test_probe_not_video);

  status = g_test_run ();

  /* Only files of our own making are in there. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);

  return status;
}
