/* ovs-player.c: a GStreamer playbin shown as a GdkPaintable
 *
 * The pipeline is playbin with an appsink as its video sink. The appsink's callbacks run on
 * GStreamer's streaming threads: they wrap the mapped frame in an immutable GdkMemoryTexture
 * (the GstBuffer stays alive as long as the texture's GBytes) and leave it in a one-slot
 * mailbox, scheduling an idle on the main context if none is pending. Everything else —
 * properties, bus messages, the position timer — happens on the main context, so GTK is
 * never touched from GStreamer's threads and a slow main loop drops frames instead of
 * queueing them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-player"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/pbutils/missing-plugins.h>
#include <gst/video/video.h>

#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-player.h"

#define POSITION_INTERVAL_MS 100
#define FIT_STEP 64
#define MIN_RATE 0.25
#define MAX_RATE 2.0
#define MAX_REASON_LENGTH 120

G_DEFINE_ENUM_TYPE (OvsPlayerState, ovs_player_state,
                    G_DEFINE_ENUM_VALUE (OVS_PLAYER_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (OVS_PLAYER_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (OVS_PLAYER_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (OVS_PLAYER_STATE_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (OVS_PLAYER_STATE_ERROR, "error"))

struct _OvsPlayer
{
  GObject         parent_instance;

  GMainContext   *context;

  char           *uri;
  GstElement     *pipeline;
  GSource        *bus_source;
  GSource        *position_source;

  /* The mailbox between the streaming threads and the main context. */
  GMutex          frame_lock;
  GdkTexture     *pending_texture;
  int             pending_width;
  int             pending_height;
  GSource        *frame_source;   /* borrowed: the context holds it while attached */
  int             source_width;   /* the stream's picture before scaling, in square pixels */
  int             source_height;

  /* Frames are scaled in the pipeline to the size they are drawn at (fit), not by GTK. */
  GstElement     *fit;            /* the capsfilter after videoconvertscale */
  int             fit_width;      /* the box, in device pixels; 0: the video's own size */
  int             fit_height;
  int             scale_factor;
  double          rate;
  double          segment_rate;   /* the rate of the last seek: 1 until there is one */

  GdkTexture     *texture;
  int             width;
  int             height;

  gboolean        playing;
  OvsPlayerState  state;
  gint64          position;
  gint64          duration;
  gboolean        loop;
  gboolean        muted;
  double          volume;
  gboolean        has_audio;
  gboolean        has_video;
  GError         *error;

  gboolean        prerolled;
  gboolean        seeking;      /* a flushing seek whose new preroll has not come yet */
  gboolean        at_eos;
  gboolean        buffering;
  gint64          pending_seek;
  gboolean        audio_fallback;
  char           *missing_plugin;
};

static void ovs_player_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsPlayer, ovs_player, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      ovs_player_paintable_init))

enum {
  PROP_0,
  PROP_URI,
  PROP_PLAYING,
  PROP_STATE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_LOOP,
  PROP_MUTED,
  PROP_VOLUME,
  PROP_HAS_AUDIO,
  PROP_HAS_VIDEO,
  PROP_ERROR,
  PROP_RATE,
  PROP_SCALE_FACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean ensure_pipeline (OvsPlayer *self);

/* Small setters that notify only on change */

static void
set_boolean (OvsPlayer *self,
             gboolean  *field,
             gboolean   value,
             int        prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_time (OvsPlayer *self,
          gint64    *field,
          gint64     value,
          int        prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (OvsPlayer      *self,
           OvsPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Frames: streaming threads → main context */

static void
video_frame_free (GstVideoFrame *frame)
{
  gst_video_frame_unmap (frame);
  g_free (frame);
}

static void
apply_texture (OvsPlayer  *self,
               GdkTexture *texture,
               int         width,
               int         height)
{
  gboolean size_changed = (width != self->width || height != self->height);

  g_set_object (&self->texture, texture);
  self->width = width;
  self->height = height;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static gboolean
frame_idle_cb (gpointer user_data)
{
  OvsPlayer *self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  g_mutex_lock (&self->frame_lock);
  texture = g_steal_pointer (&self->pending_texture);
  width = self->pending_width;
  height = self->pending_height;
  self->frame_source = NULL;
  g_mutex_unlock (&self->frame_lock);

  if (texture != NULL)
    apply_texture (self, texture, width, height);

  return G_SOURCE_REMOVE;
}

/* Non-square pixels widen (or narrow) the picture; the height stays the number of lines. */
static void
display_size (const GstVideoInfo *info,
              int                *width,
              int                *height)
{
  *width = GST_VIDEO_INFO_WIDTH (info);
  *height = GST_VIDEO_INFO_HEIGHT (info);
  if (GST_VIDEO_INFO_PAR_N (info) > 0 && GST_VIDEO_INFO_PAR_D (info) > 0)
    *width = (int) gst_util_uint64_scale_int_round (*width, GST_VIDEO_INFO_PAR_N (info),
                                                    GST_VIDEO_INFO_PAR_D (info));
}

/* Streaming thread. */
static GstFlowReturn
push_sample (OvsPlayer *self,
             GstSample *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoInfo info;
  GstVideoFrame *frame;
  GdkMemoryFormat format;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  gsize stride, size;
  int width, height;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps))
    return GST_FLOW_OK;

  /* Straight alpha is converted by GTK, 8 MB a 1080p frame on the main thread before it can
   * be drawn; our videos are opaque (alpha 255 everywhere, where straight and premultiplied
   * are the same bytes), so the frame is handed over as the premultiplied format GTK's
   * renderers take as it is (BGRA: cairo's own layout and GL's GL_BGRA). */
  switch (GST_VIDEO_INFO_FORMAT (&info))
    {
    case GST_VIDEO_FORMAT_RGBA:
      format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
      break;
    case GST_VIDEO_FORMAT_BGRA:
      format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
      break;
    default:
      g_assert_not_reached ();
    }

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, &info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return GST_FLOW_OK;
    }

  width = GST_VIDEO_FRAME_WIDTH (frame);
  height = GST_VIDEO_FRAME_HEIGHT (frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  size = stride * (height - 1) + (gsize) width * 4;
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0), size,
                                      (GDestroyNotify) video_frame_free, frame);
  texture = gdk_memory_texture_new (width, height, format, bytes, stride);

  g_mutex_lock (&self->frame_lock);
  g_clear_object (&self->pending_texture);
  self->pending_texture = texture;
  /* The picture keeps the stream's own size whatever the frame was scaled to, so that the
   * widget's layout (and with it the size frames are scaled to) does not follow the frame. */
  if (self->source_width > 0 && self->source_height > 0)
    {
      self->pending_width = self->source_width;
      self->pending_height = self->source_height;
    }
  else
    display_size (&info, &self->pending_width, &self->pending_height);
  if (self->frame_source == NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (source, "[ovs-player] frame");
      g_source_set_callback (source, frame_idle_cb, self, NULL);
      g_source_attach (source, self->context);
      self->frame_source = source;
      g_source_unref (source);
    }
  g_mutex_unlock (&self->frame_lock);

  return GST_FLOW_OK;
}

static GstFlowReturn
new_preroll_cb (GstAppSink *sink,
                gpointer    user_data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_preroll (sink);

  return sample != NULL ? push_sample (user_data, sample) : GST_FLOW_OK;
}

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  return sample != NULL ? push_sample (user_data, sample) : GST_FLOW_OK;
}

/* The pipeline */

static void
stop_position_timer (OvsPlayer *self)
{
  if (self->position_source != NULL)
    {
      g_source_destroy (self->position_source);
      g_clear_pointer (&self->position_source, g_source_unref);
    }
}

static void
update_position (OvsPlayer *self)
{
  gint64 position;

  if (self->pipeline == NULL || !self->prerolled)
    return;
  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0)
    set_time (self, &self->position, position, PROP_POSITION);
}

static void
update_duration (OvsPlayer *self)
{
  gint64 duration;

  if (self->pipeline == NULL)
    return;
  if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    set_time (self, &self->duration, duration, PROP_DURATION);
}

static gboolean
position_cb (gpointer user_data)
{
  update_position (user_data);
  return G_SOURCE_CONTINUE;
}

static void
start_position_timer (OvsPlayer *self)
{
  if (self->position_source != NULL)
    return;
  self->position_source = g_timeout_source_new (POSITION_INTERVAL_MS);
  g_source_set_static_name (self->position_source, "[ovs-player] position");
  g_source_set_callback (self->position_source, position_cb, self, NULL);
  g_source_attach (self->position_source, self->context);
}

/* Frees the pipeline. Once the state is NULL no streaming thread runs, so the mailbox can be
 * emptied without a race; a frame still in it becomes the contents. */
static void
teardown_pipeline (OvsPlayer *self)
{
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  stop_position_timer (self);

  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_object (&self->pipeline);
      self->fit = NULL;
    }
  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }

  g_mutex_lock (&self->frame_lock);
  if (self->frame_source != NULL)
    {
      g_source_destroy (self->frame_source);
      self->frame_source = NULL;
    }
  texture = g_steal_pointer (&self->pending_texture);
  width = self->pending_width;
  height = self->pending_height;
  g_mutex_unlock (&self->frame_lock);

  if (texture != NULL)
    apply_texture (self, texture, width, height);

  self->prerolled = FALSE;
  self->buffering = FALSE;
  self->pending_seek = -1;
  g_clear_pointer (&self->missing_plugin, g_free);
}

/* The short reason GStreamer gives after the element path of its debug string, if any. */
static char *
short_reason (const char *debug)
{
  const char *newline;
  g_autofree char *reason = NULL;
  char *end;

  if (debug == NULL || (newline = strchr (debug, '\n')) == NULL)
    return NULL;

  reason = g_strdup (newline + 1);
  if ((end = strchr (reason, '\n')) != NULL)
    *end = '\0';
  g_strstrip (reason);
  /* "no suitable plugins found:" introduces more of the same: say nothing rather than half. */
  if (*reason == '\0' || g_str_has_suffix (reason, ":") || strstr (reason, "():") != NULL)
    return NULL;
  if (g_utf8_strlen (reason, -1) > MAX_REASON_LENGTH)
    {
      char *cut = g_utf8_offset_to_pointer (reason, MAX_REASON_LENGTH);

      *cut = '\0';
      return g_strconcat (reason, "…", NULL);
    }
  return g_steal_pointer (&reason);
}

static void
fail (OvsPlayer  *self,
      GError     *error)
{
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  g_debug ("%s", error->message);

  teardown_pipeline (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_boolean (self, &self->playing, FALSE, PROP_PLAYING);
  set_state (self, OVS_PLAYER_STATE_ERROR);
  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[SIGNAL_ERROR], 0, self->error);
}

static void
fail_with_gst_error (OvsPlayer  *self,
                     GError     *gst_error,
                     const char *debug)
{
  g_autofree char *detail = NULL;
  g_autofree char *reason = short_reason (debug);
  GError *error;

  if (self->missing_plugin != NULL)
    /* TRANSLATORS: %s is a GStreamer plug-in's description, like "H.264 (High Profile) decoder" */
    detail = g_strdup_printf (_("%s is not installed"), self->missing_plugin);
  else
    detail = g_strdup (gst_error->message);

  if (reason != NULL && self->missing_plugin == NULL && strstr (detail, reason) == NULL)
    {
      char *with_reason = g_strdup_printf ("%s (%s)", detail, reason);

      g_free (detail);
      detail = with_reason;
    }

  /* TRANSLATORS: %s is why, e.g. "Could not determine type of stream." */
  error = g_error_new (OVS_ERROR, OVS_ERROR_MEDIA, _("This video cannot be played: %s"), detail);
  fail (self, error);
}

static void
do_seek (OvsPlayer *self,
         gint64     position)
{
  if (!gst_element_seek (self->pipeline, self->rate, GST_FORMAT_TIME,
                         GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                         GST_SEEK_TYPE_SET, position, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    g_debug ("Seek to %" GST_TIME_FORMAT " refused", GST_TIME_ARGS (position));
  else
    {
      self->seeking = TRUE;
      self->segment_rate = self->rate;
    }
}

static void
handle_eos (OvsPlayer *self)
{
  if (self->loop && self->playing)
    {
      do_seek (self, 0);
      set_time (self, &self->position, 0, PROP_POSITION);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  stop_position_timer (self);
  self->at_eos = TRUE;
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  set_boolean (self, &self->playing, FALSE, PROP_PLAYING);
  if (self->duration > 0)
    set_time (self, &self->position, self->duration, PROP_POSITION);
  set_state (self, OVS_PLAYER_STATE_PAUSED);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
handle_async_done (OvsPlayer *self)
{
  int n_audio = 0, n_video = 0;

  self->prerolled = TRUE;
  self->seeking = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_get (self->pipeline, "n-audio", &n_audio, "n-video", &n_video, NULL);
  set_boolean (self, &self->has_audio, n_audio > 0, PROP_HAS_AUDIO);
  set_boolean (self, &self->has_video, n_video > 0, PROP_HAS_VIDEO);
  update_duration (self);

  if (self->pending_seek >= 0)
    {
      gint64 position = self->pending_seek;

      self->pending_seek = -1;
      do_seek (self, position);
    }
  /* A rate set before the first preroll travels with a seek from where it is. */
  else if (!G_APPROX_VALUE (self->segment_rate, self->rate, 1e-6))
    {
      update_position (self);
      do_seek (self, self->position);
    }
  else
    update_position (self);

  if (!self->buffering)
    set_state (self, self->playing ? OVS_PLAYER_STATE_PLAYING : OVS_PLAYER_STATE_PAUSED);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  OvsPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("GStreamer error from %s: %s (%s)", GST_MESSAGE_SRC_NAME (message),
                 gst_error->message, debug != NULL ? debug : "");
        fail_with_gst_error (self, gst_error, debug);
        /* The pipeline, and with it this watch, is gone. */
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_warning (message, &gst_error, &debug);
        g_debug ("GStreamer warning: %s (%s)", gst_error->message, debug != NULL ? debug : "");
        break;
      }

    case GST_MESSAGE_ELEMENT:
      if (gst_is_missing_plugin_message (message))
        {
          g_free (self->missing_plugin);
          self->missing_plugin = gst_missing_plugin_message_get_description (message);
        }
      break;

    case GST_MESSAGE_EOS:
      handle_eos (self);
      break;

    case GST_MESSAGE_ASYNC_DONE:
      handle_async_done (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      update_duration (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline) && self->prerolled
          && !self->buffering)
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            set_state (self, OVS_PLAYER_STATE_PLAYING);
          else if (new_state == GST_STATE_PAUSED)
            set_state (self, OVS_PLAYER_STATE_PAUSED);
        }
      break;

    case GST_MESSAGE_BUFFERING:
      {
        int percent = 100;

        gst_message_parse_buffering (message, &percent);
        if (percent < 100 && !self->buffering)
          {
            self->buffering = TRUE;
            set_state (self, OVS_PLAYER_STATE_LOADING);
            if (self->playing)
              gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
          }
        else if (percent >= 100 && self->buffering)
          {
            self->buffering = FALSE;
            if (self->playing)
              gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
            else if (self->prerolled)
              set_state (self, OVS_PLAYER_STATE_PAUSED);
          }
        break;
      }

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
is_fakesink (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  return factory != NULL
         && g_strcmp0 (gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory)), "fakesink") == 0;
}

/* autoaudiosink when it can open a real device, else a fakesink that still keeps time, so a
 * machine without a sound card plays the pictures at the right speed. autoaudiosink itself
 * settles for a fakesink without saying so: look inside it. */
static GstElement *
make_audio_sink (gboolean *fallback)
{
  /* Looking for a device that is not there (ALSA, then OpenAL…) costs tens of milliseconds
   * before the first frame of every video: once found missing, it is not looked for again. */
  static gint no_device = FALSE;
  GstElement *sink = g_atomic_int_get (&no_device) ? NULL
                     : gst_element_factory_make ("autoaudiosink", NULL);
  gboolean usable = FALSE;

  if (sink != NULL)
    {
      gst_object_ref_sink (sink);
      if (gst_element_set_state (sink, GST_STATE_READY) != GST_STATE_CHANGE_FAILURE)
        {
          g_autoptr(GstIterator) it = gst_bin_iterate_elements (GST_BIN (sink));
          GValue item = G_VALUE_INIT;

          while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
            {
              usable = !is_fakesink (g_value_get_object (&item));
              g_value_reset (&item);
            }
          g_value_unset (&item);
        }
      if (!usable)
        {
          gst_element_set_state (sink, GST_STATE_NULL);
          g_clear_object (&sink);
        }
    }

  *fallback = !usable;
  if (usable)
    return sink;
  g_atomic_int_set (&no_device, TRUE);

  g_debug ("No audio device; the sound goes to a fakesink");
  sink = gst_element_factory_make ("fakesink", "ovs-fake-audio-sink");
  g_object_set (sink, "sync", TRUE, NULL);
  return gst_object_ref_sink (sink);
}

/* Frames no larger than the box they are drawn in (never larger than the video), square
 * pixels, in the layouts GTK takes as they are. */
static GstCaps *
fit_caps (int width,
          int height)
{
  GstCaps *caps = gst_caps_from_string ("video/x-raw, format = (string) { BGRA, RGBA }");

  if (width > 0 && height > 0)
    gst_caps_set_simple (caps,
                         "width", GST_TYPE_INT_RANGE, 1, width,
                         "height", GST_TYPE_INT_RANGE, 1, height,
                         "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                         NULL);
  return caps;
}

/* Streaming thread: the stream's size before it is scaled is the picture's size. */
static GstPadProbeReturn
source_caps_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  OvsPlayer *self = user_data;
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstCaps *caps;
  GstVideoInfo video;

  if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
    return GST_PAD_PROBE_OK;
  gst_event_parse_caps (event, &caps);
  if (gst_video_info_from_caps (&video, caps))
    {
      g_mutex_lock (&self->frame_lock);
      display_size (&video, &self->source_width, &self->source_height);
      g_mutex_unlock (&self->frame_lock);
    }
  return GST_PAD_PROBE_OK;
}

/* videoconvertscale → capsfilter (the box) → appsink: the decoded picture is converted and
 * scaled in one pass to the size it is drawn at, so a 1080p video in a 640-pixel tile
 * costs a 640-pixel frame to convert, hand over and upload. */
static GstElement *
make_video_sink (OvsPlayer *self)
{
  GstAppSinkCallbacks callbacks = { NULL, new_preroll_cb, new_sample_cb, };
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw, format = (string) { BGRA, RGBA }");
  g_autoptr(GstCaps) fit = fit_caps (self->fit_width, self->fit_height);
  g_autoptr(GstPad) pad = NULL;
  GstElement *bin, *scale, *appsink;

  scale = gst_element_factory_make ("videoconvertscale", NULL);
  self->fit = gst_element_factory_make ("capsfilter", "ovs-video-fit");
  appsink = gst_element_factory_make ("appsink", "ovs-video-sink");
  if (scale == NULL || self->fit == NULL || appsink == NULL)
    {
      GstElement *made[] = { scale, self->fit, appsink };

      for (guint i = 0; i < G_N_ELEMENTS (made); i++)
        if (made[i] != NULL)
          gst_object_unref (gst_object_ref_sink (made[i]));
      self->fit = NULL;
      return NULL;
    }

  /* The box's whole pixels rarely give the video's exact shape; a black line along the
   * edge (add-borders, the default) would show under the picture. */
  g_object_set (scale, "add-borders", FALSE, NULL);
  g_object_set (self->fit, "caps", fit, NULL);
  g_object_set (appsink,
                "caps", caps,
                "enable-last-sample", FALSE,
                "qos", TRUE,
                "max-buffers", 2,
                NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks, self, NULL);

  bin = gst_bin_new ("ovs-video-bin");
  gst_bin_add_many (GST_BIN (bin), scale, self->fit, appsink, NULL);
  gst_element_link_many (scale, self->fit, appsink, NULL);
  pad = gst_element_get_static_pad (scale, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, source_caps_cb, self, NULL);
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));
  return bin;
}

static gboolean
ensure_pipeline (OvsPlayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) audio_sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *video_sink;

  if (self->pipeline != NULL)
    return TRUE;
  if (self->uri == NULL)
    return FALSE;

  if (!ovs_media_init (&error))
    {
      fail (self, g_steal_pointer (&error));
      return FALSE;
    }

  self->pipeline = gst_element_factory_make ("playbin", "ovs-player");
  video_sink = make_video_sink (self);
  if (self->pipeline == NULL || video_sink == NULL)
    {
      if (video_sink != NULL)
        gst_object_unref (gst_object_ref_sink (video_sink));
      g_clear_object (&self->pipeline);
      self->fit = NULL;
      fail (self, g_error_new (OVS_ERROR, OVS_ERROR_MEDIA, _("This video cannot be played: %s"),
                               _("the GStreamer elements playbin and appsink are missing")));
      return FALSE;
    }
  gst_object_ref_sink (self->pipeline);
  g_mutex_lock (&self->frame_lock);
  self->source_width = self->source_height = 0;
  g_mutex_unlock (&self->frame_lock);

  audio_sink = make_audio_sink (&self->audio_fallback);

  g_object_set (self->pipeline,
                "uri", self->uri,
                "video-sink", video_sink,
                "audio-sink", audio_sink,
                "volume", self->volume,
                "mute", self->muted,
                NULL);
  /* native-video: playbin's own converter would otherwise scale (after converting the
   * whole frame) before our bin sees the picture; ours does both in one pass. */
  gst_util_set_object_arg (G_OBJECT (self->pipeline), "flags",
                           "audio+video+soft-volume+native-video");

  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_static_name (self->bus_source, "[ovs-player] bus");
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) bus_cb, self, NULL);
  g_source_attach (self->bus_source, self->context);

  self->prerolled = FALSE;
  self->pending_seek = -1;
  self->at_eos = FALSE;
  self->segment_rate = 1.0;

  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  set_state (self, OVS_PLAYER_STATE_LOADING);

  /* A failure here also posts an error on the bus, which says why. */
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  return TRUE;
}

/* The box frames are scaled into: the size the picture was last drawn at, rounded up to
 * FIT_STEP so that dragging a window's edge does not renegotiate at every pixel. */
static void
fit_to (OvsPlayer *self,
        int        width,
        int        height)
{
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GdkTexture) shown = NULL;
  int source_width, source_height, needed;

  if (width <= 0 || height <= 0)
    return;
  width = (width + FIT_STEP - 1) / FIT_STEP * FIT_STEP;
  height = (height + FIT_STEP - 1) / FIT_STEP * FIT_STEP;
  if (width == self->fit_width && height == self->fit_height)
    return;
  self->fit_width = width;
  self->fit_height = height;
  if (self->fit == NULL)
    return;

  caps = fit_caps (width, height);
  g_object_set (self->fit, "caps", caps, NULL);

  /* Playing, the next frame comes at the new size. Paused, a frame now smaller than its
   * box is decoded again at the new size. */
  g_mutex_lock (&self->frame_lock);
  source_width = self->source_width;
  source_height = self->source_height;
  g_mutex_unlock (&self->frame_lock);
  if (self->playing || !self->prerolled || self->seeking || self->at_eos || self->texture == NULL
      || source_width <= 0 || source_height <= 0)
    return;
  needed = MIN (MIN (width, source_width), (int) ((gint64) height * source_width / source_height));
  if (gdk_texture_get_width (self->texture) + 1 < needed)
    do_seek (self, self->position);
}

/* GdkPaintable */

static void
ovs_player_snapshot (GdkPaintable *paintable,
                     GdkSnapshot  *snapshot,
                     double        width,
                     double        height)
{
  OvsPlayer *self = OVS_PLAYER (paintable);

  fit_to (self, (int) ceil (width * self->scale_factor), (int) ceil (height * self->scale_factor));
  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
ovs_player_get_current_image (GdkPaintable *paintable)
{
  OvsPlayer *self = OVS_PLAYER (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (self->width, self->height);
}

static int
ovs_player_get_intrinsic_width (GdkPaintable *paintable)
{
  return OVS_PLAYER (paintable)->width;
}

static int
ovs_player_get_intrinsic_height (GdkPaintable *paintable)
{
  return OVS_PLAYER (paintable)->height;
}

static double
ovs_player_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  OvsPlayer *self = OVS_PLAYER (paintable);

  if (self->width <= 0 || self->height <= 0)
    return 0.0;
  return (double) self->width / self->height;
}

static void
ovs_player_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = ovs_player_snapshot;
  iface->get_current_image = ovs_player_get_current_image;
  iface->get_intrinsic_width = ovs_player_get_intrinsic_width;
  iface->get_intrinsic_height = ovs_player_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = ovs_player_get_intrinsic_aspect_ratio;
}

/* GObject */

static void
ovs_player_dispose (GObject *object)
{
  OvsPlayer *self = OVS_PLAYER (object);

  teardown_pipeline (self);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (ovs_player_parent_class)->dispose (object);
}

static void
ovs_player_finalize (GObject *object)
{
  OvsPlayer *self = OVS_PLAYER (object);

  g_assert (self->pipeline == NULL);
  g_assert (self->pending_texture == NULL);

  g_free (self->uri);
  g_clear_error (&self->error);
  g_free (self->missing_plugin);
  g_mutex_clear (&self->frame_lock);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ovs_player_parent_class)->finalize (object);
}

static void
ovs_player_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OvsPlayer *self = OVS_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case PROP_HAS_AUDIO:
      g_value_set_boolean (value, self->has_audio);
      break;
    case PROP_HAS_VIDEO:
      g_value_set_boolean (value, self->has_video);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_SCALE_FACTOR:
      g_value_set_int (value, self->scale_factor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_player_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OvsPlayer *self = OVS_PLAYER (object);

  switch (prop_id)
    {
    case PROP_URI:
      ovs_player_set_uri (self, g_value_get_string (value));
      break;
    case PROP_PLAYING:
      ovs_player_set_playing (self, g_value_get_boolean (value));
      break;
    case PROP_POSITION:
      ovs_player_seek (self, g_value_get_int64 (value));
      break;
    case PROP_LOOP:
      ovs_player_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_MUTED:
      ovs_player_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_VOLUME:
      ovs_player_set_volume (self, g_value_get_double (value));
      break;
    case PROP_RATE:
      ovs_player_set_rate (self, g_value_get_double (value));
      break;
    case PROP_SCALE_FACTOR:
      ovs_player_set_scale_factor (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_player_class_init (OvsPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ovs_player_dispose;
  object_class->finalize = ovs_player_finalize;
  object_class->get_property = ovs_player_get_property;
  object_class->set_property = ovs_player_set_property;

  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, NULL, rw);
  properties[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, OVS_TYPE_PLAYER_STATE,
                                              OVS_PLAYER_STATE_STOPPED, ro);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL,
                                                  0, G_MAXINT64, 0, rw);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL,
                                                  0, G_MAXINT64, 0, ro);
  properties[PROP_LOOP] = g_param_spec_boolean ("loop", NULL, NULL, FALSE, rw);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0.0, 1.0, 1.0, rw);
  properties[PROP_HAS_AUDIO] = g_param_spec_boolean ("has-audio", NULL, NULL, FALSE, ro);
  properties[PROP_HAS_VIDEO] = g_param_spec_boolean ("has-video", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, MIN_RATE, MAX_RATE, 1.0, rw);
  properties[PROP_SCALE_FACTOR] = g_param_spec_int ("scale-factor", NULL, NULL, 1, 16, 1, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OvsPlayer::error:
   * @error: OVS_ERROR_MEDIA, with a message for the user
   *
   * The video cannot be played; the pipeline is already gone.
   */
  signals[SIGNAL_ERROR] = g_signal_new ("error",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1,
                                        G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ovs_player_init (OvsPlayer *self)
{
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->frame_lock);
  self->volume = 1.0;
  self->rate = 1.0;
  self->segment_rate = 1.0;
  self->scale_factor = 1;
  self->pending_seek = -1;
  self->state = OVS_PLAYER_STATE_STOPPED;
}

/* Public API */

OvsPlayer *
ovs_player_new (void)
{
  return g_object_new (OVS_TYPE_PLAYER, NULL);
}

void
ovs_player_set_uri (OvsPlayer  *self,
                    const char *uri)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (g_strcmp0 (self->uri, uri) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  teardown_pipeline (self);
  g_free (self->uri);
  self->uri = g_strdup (uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);

  if (self->texture != NULL || self->width != 0 || self->height != 0)
    apply_texture (self, NULL, 0, 0);
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  self->at_eos = FALSE;
  set_boolean (self, &self->playing, FALSE, PROP_PLAYING);
  set_time (self, &self->position, 0, PROP_POSITION);
  set_time (self, &self->duration, 0, PROP_DURATION);
  set_boolean (self, &self->has_audio, FALSE, PROP_HAS_AUDIO);
  set_boolean (self, &self->has_video, FALSE, PROP_HAS_VIDEO);
  set_state (self, OVS_PLAYER_STATE_STOPPED);

  if (self->uri != NULL)
    ensure_pipeline (self);

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
ovs_player_get_uri (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), NULL);

  return self->uri;
}

void
ovs_player_set_file (OvsPlayer *self,
                     GFile     *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (OVS_IS_PLAYER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (file != NULL)
    uri = g_file_get_uri (file);
  ovs_player_set_uri (self, uri);
}

void
ovs_player_play (OvsPlayer *self)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (!ensure_pipeline (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->at_eos)
    {
      self->at_eos = FALSE;
      if (self->prerolled)
        do_seek (self, 0);
      else
        self->pending_seek = 0;
      set_time (self, &self->position, 0, PROP_POSITION);
    }
  set_boolean (self, &self->playing, TRUE, PROP_PLAYING);
  if (!self->buffering)
    gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
  start_position_timer (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ovs_player_pause (OvsPlayer *self)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (!ensure_pipeline (self))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_boolean (self, &self->playing, FALSE, PROP_PLAYING);
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
  stop_position_timer (self);
  update_position (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ovs_player_toggle (OvsPlayer *self)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (self->playing)
    ovs_player_pause (self);
  else
    ovs_player_play (self);
}

void
ovs_player_stop (OvsPlayer *self)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  g_object_freeze_notify (G_OBJECT (self));
  teardown_pipeline (self);
  self->at_eos = FALSE;
  set_boolean (self, &self->playing, FALSE, PROP_PLAYING);
  set_time (self, &self->position, 0, PROP_POSITION);
  if (self->state != OVS_PLAYER_STATE_ERROR)
    set_state (self, OVS_PLAYER_STATE_STOPPED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ovs_player_seek (OvsPlayer *self,
                 gint64     position)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  position = MAX (position, 0);
  if (self->duration > 0)
    position = MIN (position, self->duration);

  if (!ensure_pipeline (self))
    return;

  self->at_eos = FALSE;
  if (self->prerolled)
    do_seek (self, position);
  else
    self->pending_seek = position;
  set_time (self, &self->position, position, PROP_POSITION);
}

void
ovs_player_seek_relative (OvsPlayer *self,
                          gint64     delta)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  update_position (self);
  ovs_player_seek (self, self->position + delta);
}

gboolean
ovs_player_get_playing (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->playing;
}

void
ovs_player_set_playing (OvsPlayer *self,
                        gboolean   playing)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (playing)
    ovs_player_play (self);
  else if (self->pipeline != NULL)
    ovs_player_pause (self);
}

OvsPlayerState
ovs_player_get_state (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), OVS_PLAYER_STATE_STOPPED);

  return self->state;
}

gint64
ovs_player_get_position (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), 0);

  return self->position;
}

gint64
ovs_player_get_duration (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), 0);

  return self->duration;
}

gboolean
ovs_player_get_loop (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->loop;
}

void
ovs_player_set_loop (OvsPlayer *self,
                     gboolean   loop)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  set_boolean (self, &self->loop, loop, PROP_LOOP);
}

gboolean
ovs_player_get_muted (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->muted;
}

void
ovs_player_set_muted (OvsPlayer *self,
                      gboolean   muted)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  if (self->muted == !!muted)
    return;
  if (self->pipeline != NULL)
    g_object_set (self->pipeline, "mute", !!muted, NULL);
  set_boolean (self, &self->muted, muted, PROP_MUTED);
}

double
ovs_player_get_volume (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), 0.0);

  return self->volume;
}

void
ovs_player_set_volume (OvsPlayer *self,
                       double     volume)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (G_APPROX_VALUE (self->volume, volume, 1e-6))
    return;
  self->volume = volume;
  if (self->pipeline != NULL)
    g_object_set (self->pipeline, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
ovs_player_get_has_audio (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->has_audio;
}

gboolean
ovs_player_get_has_video (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->has_video;
}

const GError *
ovs_player_get_error (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), NULL);

  return self->error;
}

GdkTexture *
ovs_player_get_current_texture (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), NULL);

  return self->texture != NULL ? g_object_ref (self->texture) : NULL;
}

gboolean
ovs_player_get_audio_fallback (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->audio_fallback;
}

char *
ovs_player_format_time (gint64 nanoseconds)
{
  gint64 seconds = nanoseconds > 0 ? nanoseconds / GST_SECOND : 0;

  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

/* For OvsPlayerGroup: tiles that play in step. */

gboolean
ovs_player_get_ready (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), FALSE);

  return self->pipeline != NULL && self->prerolled && !self->seeking;
}

gint64
ovs_player_query_position (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), 0);

  update_position (self);
  return self->position;
}

void
ovs_player_play_synced (OvsPlayer    *self,
                        GstClock     *clock,
                        GstClockTime  base_time)
{
  g_return_if_fail (OVS_IS_PLAYER (self));
  g_return_if_fail (GST_IS_CLOCK (clock));

  if (!ensure_pipeline (self))
    return;
  /* No start time: the pipeline keeps the base time given, instead of picking its own
   * when it goes to PLAYING; the running time after the flushing seek starts at 0. */
  gst_pipeline_use_clock (GST_PIPELINE (self->pipeline), clock);
  gst_element_set_start_time (self->pipeline, GST_CLOCK_TIME_NONE);
  gst_element_set_base_time (self->pipeline, base_time);
  ovs_player_play (self);
}

double
ovs_player_get_rate (OvsPlayer *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER (self), 1.0);

  return self->rate;
}

void
ovs_player_set_rate (OvsPlayer *self,
                     double     rate)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  rate = CLAMP (rate, MIN_RATE, MAX_RATE);
  if (G_APPROX_VALUE (self->rate, rate, 1e-6))
    return;
  self->rate = rate;
  /* The rate travels with a seek: from where it is now, at once. */
  if (self->pipeline != NULL && self->prerolled && !self->at_eos)
    {
      update_position (self);
      do_seek (self, self->position);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

double
ovs_player_query_rate (OvsPlayer *self)
{
  g_autoptr(GstQuery) query = NULL;
  double rate = 0.0;

  g_return_val_if_fail (OVS_IS_PLAYER (self), 0.0);

  if (self->pipeline == NULL)
    return 0.0;
  query = gst_query_new_segment (GST_FORMAT_TIME);
  if (!gst_element_query (self->pipeline, query))
    return 0.0;
  gst_query_parse_segment (query, &rate, NULL, NULL, NULL);
  return rate;
}

void
ovs_player_set_scale_factor (OvsPlayer *self,
                             int        scale_factor)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  scale_factor = MAX (scale_factor, 1);
  if (self->scale_factor == scale_factor)
    return;
  self->scale_factor = scale_factor;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_FACTOR]);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

void
ovs_player_get_frame_box (OvsPlayer *self,
                          int       *width,
                          int       *height)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  *width = self->fit_width;
  *height = self->fit_height;
}

void
ovs_player_set_frame_box (OvsPlayer *self,
                          int        width,
                          int        height)
{
  g_return_if_fail (OVS_IS_PLAYER (self));

  fit_to (self, width, height);
}
