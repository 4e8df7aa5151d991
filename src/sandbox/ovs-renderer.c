/* ovs-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-renderer"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "ovs-error.h"
#include "ovs-gst.h"
#include "ovs-media-probe.h"
#include "ovs-render-pool.h"
#include "ovs-renderer.h"

/* Starts the messages of a pipeline that could not be built. */
#define DOING _("Could not render the video")

#define DEFAULT_FPS 24.0
#define DEFAULT_SHORT_SIDE 1080
#define AUDIO_RATE 48000
/* 20 ms buffers: the audio ends within 10 ms of the asked length. */
#define AUDIO_BUFFERS_PER_SECOND 50
/* How often the worker looks at the cancellable while the pipeline runs. */
#define BUS_POLL (50 * GST_MSECOND)

#define FONT_FAMILIES "Noto Sans CJK SC, Sans"
/* Pango's line height for these fonts, in ems, with some room to spare. */
#define LINE_HEIGHT 1.45

typedef enum
{
  FORMAT_NONE,
  FORMAT_MP4,
  FORMAT_WEBM,
} Format;

/* OvsRenderSpec */

G_DEFINE_BOXED_TYPE (OvsRenderSpec, ovs_render_spec, ovs_render_spec_copy, ovs_render_spec_free)

OvsRenderSpec *
ovs_render_spec_new (void)
{
  return g_new0 (OvsRenderSpec, 1);
}

double
ovs_render_hue_for_model (const char *model)
{
  static const struct { const char *family; double hue; } hues[] = {
    { "vidu", 0.5 }, { "veo", -0.33 }, { "seedance", 0.25 }, { "hunyuan", -0.66 }, { "kling", 0 },
  };
  g_autofree char *lower = g_ascii_strdown (model != NULL ? model : "", -1);

  for (guint i = 0; i < G_N_ELEMENTS (hues); i++)
    if (strstr (lower, hues[i].family) != NULL)
      return hues[i].hue;
  /* A model of no known family still looks unlike Kling's. */
  return *lower != '\0' && strstr (lower, "kling") == NULL ? 0.8 : 0;
}

OvsRenderSpec *
ovs_render_spec_copy (const OvsRenderSpec *spec)
{
  OvsRenderSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->text = g_strdup (spec->text);
  copy->caption = g_strdup (spec->caption);
  return copy;
}

void
ovs_render_spec_free (OvsRenderSpec *spec)
{
  if (spec == NULL)
    return;

  g_free (spec->text);
  g_free (spec->caption);
  g_free (spec);
}

/* Sizes */

static int
round_even (double value)
{
  return (int) lround (value / 2) * 2;
}

gboolean
ovs_render_size_for (const char *resolution,
                     const char *aspect_ratio,
                     int        *width,
                     int        *height)
{
  int short_side = DEFAULT_SHORT_SIDE;
  double w = 16, h = 9;
  gboolean ok = TRUE;

  g_return_val_if_fail (width != NULL && height != NULL, FALSE);

  if (resolution != NULL && !ovs_media_parse_resolution (resolution, &short_side))
    {
      short_side = DEFAULT_SHORT_SIDE;
      ok = FALSE;
    }
  if (aspect_ratio != NULL && !ovs_media_parse_aspect_ratio (aspect_ratio, &w, &h))
    {
      w = 16;
      h = 9;
      ok = FALSE;
    }

  if (w >= h)
    {
      *height = round_even (short_side);
      *width = round_even (short_side * w / h);
    }
  else
    {
      *width = round_even (short_side);
      *height = round_even (short_side * h / w);
    }

  return ok;
}

/* Formats */

static Format
get_format (void)
{
  static gsize format = 0;

  if (g_once_init_enter (&format))
    {
      Format found = FORMAT_NONE;

      if (!ovs_media_init (NULL))
        found = FORMAT_NONE;
      else if (ovs_gst_has_element ("x264enc") && ovs_gst_has_element ("mp4mux")
               && (ovs_gst_has_element ("avenc_aac") || ovs_gst_has_element ("voaacenc")))
        found = FORMAT_MP4;
      else if (ovs_gst_has_element ("vp8enc") && ovs_gst_has_element ("vorbisenc") && ovs_gst_has_element ("webmmux"))
        found = FORMAT_WEBM;

      g_debug ("Rendering to %s", found == FORMAT_MP4 ? "MP4" : found == FORMAT_WEBM ? "WebM"
                                                                                    : "nothing");
      /* g_once_init_leave() wants non-zero. */
      g_once_init_leave (&format, (gsize) found + 1);
    }

  return (Format) (format - 1);
}

const char *
ovs_renderer_file_extension (void)
{
  return get_format () == FORMAT_MP4 ? "mp4" : "webm";
}

const char *
ovs_renderer_content_type (void)
{
  return get_format () == FORMAT_MP4 ? "video/mp4" : "video/webm";
}

/* The prompt */

/* Ideographs take a square em, Latin about half of one. */
static double
char_units (const char *p)
{
  return g_unichar_iswide (g_utf8_get_char (p)) ? 1.0 : 0.55;
}

static double
text_units (const char *text)
{
  double units = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    units += char_units (p);

  return units;
}

static guint
count_lines (const char *text)
{
  guint lines = 1;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      lines++;

  return lines;
}

static gboolean
text_fits (const char *text,
           int         px,
           double      area_width,
           double      area_height)
{
  double lines = ceil (text_units (text) * px / area_width) + count_lines (text) - 1;

  return lines * px * LINE_HEIGHT <= area_height;
}

/* Picks the largest readable pixel size at which the prompt fits in the middle of the
 * frame, and cuts the prompt when even the smallest is too large. */
static char *
fit_prompt (const char *prompt,
            int         width,
            int         height,
            int        *px)
{
  int short_side = MIN (width, height);
  int largest = MAX (12, short_side / 18);
  int smallest = MAX (12, short_side / 36);
  double area_width = width * 0.9;
  double area_height = height * 0.6;
  g_autofree char *text = g_utf8_make_valid (prompt, -1);
  GString *cut;
  double budget;
  double used = 0;

  g_strstrip (text);

  for (*px = largest; *px > smallest; *px -= 2)
    if (text_fits (text, *px, area_width, area_height))
      return g_steal_pointer (&text);

  *px = smallest;
  if (text_fits (text, *px, area_width, area_height))
    return g_steal_pointer (&text);

  /* Word wrapping wastes part of each line: keep a margin. */
  budget = floor (area_height / (*px * LINE_HEIGHT)) * (area_width / *px) * 0.85;
  cut = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *next = g_utf8_next_char (p);

      if (*p == '\n')
        budget -= area_width / *px;
      used += char_units (p);
      if (used > budget)
        break;
      g_string_append_len (cut, p, next - p);
    }
  g_string_append (cut, "…");

  return g_string_free (cut, FALSE);
}

/* The pipeline */

/* Fast, constant quality, a key frame every 2 s: a sandbox video is made while one waits. */
static void
configure_video_encoder (GstElement *encoder,
                         Format      format,
                         double      fps,
                         guint       kbps)
{
  if (format == FORMAT_MP4)
    {
      gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "ultrafast");
      gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
      /* x264enc turns trellis on whatever the preset says; it was a fifth of the time. */
      gst_util_set_object_arg (G_OBJECT (encoder), "trellis", "false");
      /* Constant quality: with a bitrate the first key frame, the one a thumbnail shows,
       * comes out smeared whenever the prompt is long. About 2 Mbit/s at 1080p. */
      gst_util_set_object_arg (G_OBJECT (encoder), "pass", "qual");
      ovs_gst_set_number (encoder, "quantizer", 28);
      ovs_gst_set_number (encoder, "key-int-max", MAX (1, lround (fps * 2)));
    }
  else
    {
      ovs_gst_set_number (encoder, "deadline", 1);
      ovs_gst_set_number (encoder, "cpu-used", 16);
      ovs_gst_set_number (encoder, "threads", MAX (1, g_get_num_processors ()));
      ovs_gst_set_number (encoder, "target-bitrate", (gint64) kbps * 1000);
      ovs_gst_set_number (encoder, "keyframe-max-dist", MAX (1, lround (fps * 2)));
      ovs_gst_set_number (encoder, "lag-in-frames", 0);
    }
}

/* The prompt in the middle (@text may be NULL: no prompt) and, at the bottom, the caption
 * and the running time. */
static void
configure_overlays (const OvsRenderSpec *spec,
                    GstElement          *text,
                    GstElement          *time)
{
  int short_side = MIN (spec->width, spec->height);
  g_autofree char *caption_font = NULL;
  g_autofree char *caption = NULL;

  if (text != NULL)
    {
      int px;
      g_autofree char *fitted = fit_prompt (spec->text, spec->width, spec->height, &px);
      g_autofree char *markup = g_markup_escape_text (fitted, -1);
      g_autofree char *font = g_strdup_printf (FONT_FAMILIES " %dpx", px);

      g_object_set (text,
                    "text", markup,
                    "font-desc", font,
                    "auto-resize", FALSE,
                    "shaded-background", TRUE,
                    NULL);
      gst_util_set_object_arg (G_OBJECT (text), "valignment", "center");
      gst_util_set_object_arg (G_OBJECT (text), "halignment", "center");
      gst_util_set_object_arg (G_OBJECT (text), "line-alignment", "center");
      gst_util_set_object_arg (G_OBJECT (text), "wrap-mode", "wordchar");
    }

  /* timeoverlay draws its text, a space, then the running time. */
  if (spec->caption != NULL && *spec->caption != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (spec->caption, -1);

      caption = g_strconcat (escaped, " ·", NULL);
    }
  caption_font = g_strdup_printf (FONT_FAMILIES " %dpx", MAX (10, short_side / 30));
  g_object_set (time,
                "text", caption != NULL ? caption : "",
                "font-desc", caption_font,
                "auto-resize", FALSE,
                "shaded-background", TRUE,
                "ypad", MAX (4, short_side / 27),
                NULL);
  gst_util_set_object_arg (G_OBJECT (time), "valignment", "bottom");
  gst_util_set_object_arg (G_OBJECT (time), "halignment", "center");
}

static GstElement *
build_video_branch (GstBin              *bin,
                    const OvsRenderSpec *spec,
                    double               fps,
                    Format               format,
                    GError             **error)
{
  GstElement *src, *filter, *src_queue, *balance = NULL, *text = NULL, *time, *queue, *encoder, *out_queue;
  g_autoptr(GstCaps) caps = NULL;
  int fps_n, fps_d;
  int frames = MAX (1, (int) lround (spec->seconds * fps));
  guint kbps = CLAMP ((guint) ((double) spec->width * spec->height / 1500), 300, 12000);

  gst_util_double_to_fraction (fps, &fps_n, &fps_d);
  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, spec->width,
                              "height", G_TYPE_INT, spec->height,
                              "framerate", GST_TYPE_FRACTION, fps_n, fps_d,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);

  src = ovs_gst_add (bin, "videotestsrc", DOING, error);
  filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  src_queue = ovs_gst_add (bin, "queue", DOING, error);
  if (spec->hue != 0)
    balance = ovs_gst_add (bin, "videobalance", DOING, error);
  if (spec->text != NULL && *spec->text != '\0')
    text = ovs_gst_add (bin, "textoverlay", DOING, error);
  time = ovs_gst_add (bin, "timeoverlay", DOING, error);
  queue = ovs_gst_add (bin, "queue", DOING, error);
  encoder = ovs_gst_add (bin, format == FORMAT_MP4 ? "x264enc" : "vp8enc", DOING, error);
  out_queue = ovs_gst_add (bin, "queue", DOING, error);
  if (error != NULL && *error != NULL)
    return NULL;

  /* Scrolling bars: moving, colourful and cheap to draw, so a player shows it plays. Not
   * "smpte", whose noise patch starves the encoder and smears the first frames. */
  gst_util_set_object_arg (G_OBJECT (src), "pattern", "smpte75");
  g_object_set (src,
                "num-buffers", frames,
                "horizontal-speed", MAX (1, (int) (spec->width / (fps * 8))),
                NULL);
  g_object_set (filter, "caps", caps, NULL);

  configure_overlays (spec, text, time);

  configure_video_encoder (encoder, format, fps, kbps);

  /* The queues put the pattern, the overlays and the encoder on threads of their own: each
   * costs about as much as the others at 1080p. */
  if (balance != NULL)
    g_object_set (balance, "hue", CLAMP (spec->hue, -1.0, 1.0), NULL);

  if (!ovs_gst_link (error, DOING, src, filter, src_queue, NULL)
      || (balance != NULL && !ovs_gst_link (error, DOING, src_queue, balance, NULL))
      || !ovs_gst_link (error, DOING, balance != NULL ? balance : src_queue,
                        text != NULL ? text : time, NULL)
      || (text != NULL && !ovs_gst_link (error, DOING, text, time, NULL))
      || !ovs_gst_link (error, DOING, time, queue, encoder, out_queue, NULL))
    return NULL;

  return out_queue;
}

static GstElement *
build_audio_branch (GstBin              *bin,
                    const OvsRenderSpec *spec,
                    Format               format,
                    GError             **error)
{
  GstElement *src, *filter, *convert, *encoder, *queue;
  g_autoptr(GstCaps) caps = NULL;
  int buffers = MAX (1, (int) lround (spec->seconds * AUDIO_BUFFERS_PER_SECOND));

  src = ovs_gst_add (bin, "audiotestsrc", DOING, error);
  filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  convert = ovs_gst_add (bin, "audioconvert", DOING, error);
  if (format == FORMAT_MP4)
    encoder = ovs_gst_add (bin, ovs_gst_has_element ("avenc_aac") ? "avenc_aac" : "voaacenc", DOING, error);
  else
    encoder = ovs_gst_add (bin, "vorbisenc", DOING, error);
  queue = ovs_gst_add (bin, "queue", DOING, error);
  if (error != NULL && *error != NULL)
    return NULL;

  gst_util_set_object_arg (G_OBJECT (src), "wave", "sine");
  g_object_set (src,
                "freq", 440.0,
                "volume", 0.2,
                "samplesperbuffer", AUDIO_RATE / AUDIO_BUFFERS_PER_SECOND,
                "num-buffers", buffers,
                NULL);
  caps = gst_caps_new_simple ("audio/x-raw",
                              "rate", G_TYPE_INT, AUDIO_RATE,
                              "channels", G_TYPE_INT, 2,
                              NULL);
  g_object_set (filter, "caps", caps, NULL);
  if (format == FORMAT_MP4)
    ovs_gst_set_number (encoder, "bitrate", 96000);
  else
    gst_util_set_object_arg (G_OBJECT (encoder), "quality", "0.1");

  if (!ovs_gst_link (error, DOING, src, filter, convert, encoder, queue, NULL))
    return NULL;

  return queue;
}

/* Every streaming task of the render, as it is made, gets the render's own pool. */
static GstBusSyncReply
stream_status_cb (GstBus     *bus,
                  GstMessage *message,
                  gpointer    pool)
{
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *value;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;
  gst_message_parse_stream_status (message, &type, &owner);
  value = gst_message_get_stream_status_object (message);
  if (type == GST_STREAM_STATUS_TYPE_CREATE && value != NULL && G_VALUE_HOLDS (value, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (value), pool);
  return GST_BUS_PASS;
}

static GstElement *
build_pipeline (const OvsRenderSpec *spec,
                double               fps,
                Format               format,
                const char          *location,
                const char          *faststart_location,
                GError             **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("ovs-renderer");
  GstBin *bin = GST_BIN (pipeline);
  GstElement *mux, *sink, *video, *audio = NULL;

  mux = ovs_gst_add (bin, format == FORMAT_MP4 ? "mp4mux" : "webmmux", DOING, error);
  sink = ovs_gst_add (bin, "filesink", DOING, error);
  if (mux == NULL || sink == NULL)
    return NULL;

  /* Headers first, so a player can start before the download ends. */
  if (format == FORMAT_MP4)
    g_object_set (mux, "faststart", TRUE, "faststart-file", faststart_location, NULL);
  g_object_set (sink, "location", location, NULL);

  video = build_video_branch (bin, spec, fps, format, error);
  if (video == NULL)
    return NULL;
  if (spec->audio)
    {
      audio = build_audio_branch (bin, spec, format, error);
      if (audio == NULL)
        return NULL;
    }

  if (!ovs_gst_link (error, DOING, video, mux, sink, NULL)
      || (audio != NULL && !ovs_gst_link (error, DOING, audio, mux, NULL)))
    return NULL;

  {
    g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

    gst_bus_set_sync_handler (bus, stream_status_cb, ovs_render_pool_new (), gst_object_unref);
  }
  return g_steal_pointer (&pipeline);
}

static void
set_error_from_message (GstMessage  *message,
                        GError     **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("GStreamer error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
           gst_error->message, debug != NULL ? debug : "");
  g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not render the video: %s"),
               gst_error->message);
}

/* Runs to EOS. The caller sets the pipeline to NULL whatever happens. */
static gboolean
run_pipeline (GstElement    *pipeline,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        set_error_from_message (message, error);
      else
        g_set_error_literal (error, OVS_ERROR, OVS_ERROR_MEDIA,
                             _("Could not render the video: the pipeline did not start"));
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      /* Messages of other types are dropped, so the bus does not grow. */
      message = gst_bus_timed_pop_filtered (bus, BUS_POLL, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;

      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        return TRUE;

      set_error_from_message (message, error);
      return FALSE;
    }
}

typedef struct
{
  OvsRenderSpec *spec;
  char          *path;
} RenderData;

static void
render_data_free (RenderData *data)
{
  ovs_render_spec_free (data->spec);
  g_free (data->path);
  g_free (data);
}

static gboolean
check_spec (const OvsRenderSpec  *spec,
            double                fps,
            GError              **error)
{
  if (!(spec->seconds > 0 && spec->seconds <= 3600))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("Cannot render a video of %g seconds"), spec->seconds);
      return FALSE;
    }
  if (spec->width < 16 || spec->height < 16 || spec->width > 8192 || spec->height > 8192
      || spec->width % 2 != 0 || spec->height % 2 != 0)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("Cannot render a video of %d×%d pixels: both sides must be even, "
                     "from 16 to 8192"), spec->width, spec->height);
      return FALSE;
    }
  if (!(fps > 0 && fps <= 120))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("Cannot render a video at %g frames per second"), fps);
      return FALSE;
    }

  return TRUE;
}

static gboolean
render (const OvsRenderSpec  *spec,
        const char           *path,
        GCancellable         *cancellable,
        GError              **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *faststart = g_strconcat (path, ".moov.part", NULL);
  double fps = spec->fps == 0 ? DEFAULT_FPS : spec->fps;
  gint64 start = g_get_monotonic_time ();
  Format format;
  gboolean ok;

  if (!check_spec (spec, fps, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error) || !ovs_media_init (error))
    return FALSE;

  format = get_format ();
  if (format == FORMAT_NONE)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_MEDIA,
                           _("Could not render the video: neither x264enc, mp4mux and an AAC "
                             "encoder nor vp8enc, vorbisenc and webmmux are installed"));
      return FALSE;
    }

  pipeline = build_pipeline (spec, fps, format, part, faststart, error);
  if (pipeline == NULL)
    return FALSE;

  ok = run_pipeline (pipeline, cancellable, error);
  /* NULL closes the file; after EOS that is when the muxer's last bytes are on disk. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_clear_object (&pipeline);

  if (ok && g_rename (part, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not save the video to “%s”: %s"),
                   path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    g_unlink (part);
  g_unlink (faststart);

  g_debug ("Rendered %s (%d×%d, %.2f s, %s) in %.2f s%s", path, spec->width, spec->height,
           spec->seconds, spec->audio ? "audio" : "no audio",
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, ok ? "" : ", failed");

  return ok;
}

/* Each render has a thread of its own, at a lower priority, and so have its streaming
 * threads (OvsRenderPool says why). */
static gpointer
render_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RenderData *data = g_task_get_task_data (task);
  GError *error = NULL;

  ovs_render_pool_lower_thread ();

  if (render (data->spec, data->path, g_task_get_cancellable (task), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  return NULL;
}

void
ovs_renderer_render_async (const OvsRenderSpec *spec,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data;

  g_return_if_fail (spec != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Does nothing if the sandbox did it already, as it does. */
  ovs_render_pool_isolate_heap ();
  data = g_new0 (RenderData, 1);
  data->spec = ovs_render_spec_copy (spec);
  data->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_renderer_render_async);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_thread_unref (g_thread_new ("ovs-render", render_thread, g_steal_pointer (&task)));
}

gboolean
ovs_renderer_render_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_renderer_render_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
