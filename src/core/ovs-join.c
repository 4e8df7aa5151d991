/* ovs-join.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pipeline: every clip decoded by its own uridecodebin, its video brought to the first
 * clip's size and frame rate, its audio to one rate (or silence of its length), the clips
 * queued in order by two `concat` elements, then one encoder each and a muxer.
 */
#define G_LOG_DOMAIN "ovs-join"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "ovs-error.h"
#include "ovs-gst.h"
#include "ovs-gst-export.h"
#include "ovs-join.h"
#include "ovs-media-probe.h"
#include "ovs-task.h"

#define AUDIO_RATE 48000
#define AUDIO_BUFFER_SAMPLES 480  /* 10 ms */

typedef enum { FORMAT_MP4, FORMAT_WEBM } Format;

/* Starts the messages of a pipeline that could not be built. */
#define DOING _("Could not join the videos")

typedef struct
{
  GStrv  clips;
  char  *out_path;
} JoinData;

/* What a clip's decoder links to once it knows its streams. */
typedef struct
{
  GstElement *video_in;
  GstElement *audio_in;  /* NULL: the clip's sound, if any, is not wanted */
} Clip;

static void
pad_added_cb (GstElement *decoder,
              GstPad     *pad,
              Clip       *clip)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *media;
  GstElement *target = NULL;
  g_autoptr(GstPad) sink = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_has_prefix (media, "video/"))
    target = clip->video_in;
  else if (g_str_has_prefix (media, "audio/"))
    target = clip->audio_in;
  if (target == NULL)
    return;
  sink = gst_element_get_static_pad (target, "sink");
  if (!gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

/* The clip's video, brought to the film's frame: size (with borders), rate, format. */
static GstElement *
video_branch (GstBin      *bin,
              const char  *film_caps,
              GstElement  *concat,
              GError     **error)
{
  GstElement *convert = ovs_gst_add (bin, "videoconvert", DOING, error);
  GstElement *scale = ovs_gst_add (bin, "videoscale", DOING, error);
  GstElement *rate = ovs_gst_add (bin, "videorate", DOING, error);
  GstElement *filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  GstElement *queue = ovs_gst_add (bin, "queue", DOING, error);

  if (error != NULL && *error != NULL)
    return NULL;
  g_object_set (scale, "add-borders", TRUE, NULL);
  ovs_gst_set_caps (filter, film_caps);
  if (!ovs_gst_link (error, DOING, convert, scale, rate, filter, queue, concat, NULL))
    return NULL;
  return convert;
}

static GstElement *
audio_branch (GstBin      *bin,
              GstElement  *concat,
              GError     **error)
{
  GstElement *convert = ovs_gst_add (bin, "audioconvert", DOING, error);
  GstElement *resample = ovs_gst_add (bin, "audioresample", DOING, error);
  GstElement *filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  GstElement *queue = ovs_gst_add (bin, "queue", DOING, error);

  if (error != NULL && *error != NULL)
    return NULL;
  ovs_gst_set_caps (filter, "audio/x-raw,format=F32LE,rate=48000,channels=2,layout=interleaved");
  if (!ovs_gst_link (error, DOING, convert, resample, filter, queue, concat, NULL))
    return NULL;
  return convert;
}

/* Silence as long as a clip without sound, so the sound of the next clip stays in step. */
static gboolean
silence_branch (GstBin      *bin,
                double       seconds,
                GstElement  *concat,
                GError     **error)
{
  GstElement *source = ovs_gst_add (bin, "audiotestsrc", DOING, error);
  GstElement *filter = ovs_gst_add (bin, "capsfilter", DOING, error);
  GstElement *queue = ovs_gst_add (bin, "queue", DOING, error);

  if (error != NULL && *error != NULL)
    return FALSE;
  gst_util_set_object_arg (G_OBJECT (source), "wave", "silence");
  g_object_set (source,
                "samplesperbuffer", AUDIO_BUFFER_SAMPLES,
                "num-buffers", MAX (1, (int) ceil (seconds * AUDIO_RATE / AUDIO_BUFFER_SAMPLES)),
                NULL);
  ovs_gst_set_caps (filter, "audio/x-raw,format=F32LE,rate=48000,channels=2,layout=interleaved");
  return ovs_gst_link (error, DOING, source, filter, queue, concat, NULL);
}

static gboolean
encoders (GstBin      *bin,
          Format       format,
          GstElement  *video_concat,
          GstElement  *audio_concat,
          const char  *location,
          double       fps,
          GError     **error)
{
  GstElement *mux = ovs_gst_add (bin, format == FORMAT_MP4 ? "mp4mux" : "webmmux", DOING, error);
  GstElement *sink = ovs_gst_add (bin, "filesink", DOING, error);
  GstElement *venc = ovs_gst_add (bin, format == FORMAT_MP4 ? "x264enc" : "vp8enc", DOING, error);
  GstElement *vqueue = ovs_gst_add (bin, "queue", DOING, error);
  GstElement *aenc = NULL, *aqueue = NULL;

  if (audio_concat != NULL)
    {
      const char *audio_encoder = format == FORMAT_WEBM ? "vorbisenc"
                                  : ovs_gst_has_element ("avenc_aac") ? "avenc_aac" : "voaacenc";

      aenc = ovs_gst_add (bin, audio_encoder, DOING, error);
      aqueue = ovs_gst_add (bin, "queue", DOING, error);
    }
  if (error != NULL && *error != NULL)
    return FALSE;

  g_object_set (sink, "location", location, NULL);
  if (format == FORMAT_MP4)
    {
      gst_util_set_object_arg (G_OBJECT (venc), "speed-preset", "veryfast");
      /* No B-frames nor look-ahead: with them the muxed video starts late (x264 shifts its
       * time stamps by the reorder delay) and the film reads longer than its clips. */
      gst_util_set_object_arg (G_OBJECT (venc), "tune", "zerolatency");
      gst_util_set_object_arg (G_OBJECT (venc), "pass", "qual");
      ovs_gst_set_number (venc, "quantizer", 20);
      ovs_gst_set_number (venc, "key-int-max", MAX (1, lround (fps * 2)));
      g_object_set (mux, "faststart", TRUE, NULL);
      if (aenc != NULL)
        ovs_gst_set_number (aenc, "bitrate", 128000);
    }
  else
    {
      ovs_gst_set_number (venc, "deadline", 1);
      ovs_gst_set_number (venc, "cpu-used", 8);
      ovs_gst_set_number (venc, "target-bitrate", 4000000);
    }

  if (!ovs_gst_link (error, DOING, video_concat, venc, vqueue, mux, sink, NULL))
    return FALSE;
  return audio_concat == NULL || ovs_gst_link (error, DOING, audio_concat, aenc, aqueue, mux, NULL);
}

static gboolean
join_clips (GTask         *task,
            const char    *part,
            GCancellable  *cancellable,
            GError       **error)
{
  JoinData *join = ovs_gst_export_get_data (task);
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_media_info_free);
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *film_caps = NULL;
  GstElement *video_concat, *audio_concat = NULL;
  gboolean any_audio = FALSE, ok;
  double total = 0, fps;
  int fps_n, fps_d;
  Format format;

  if (g_str_has_suffix (join->out_path, ".mp4"))
    format = FORMAT_MP4;
  else if (g_str_has_suffix (join->out_path, ".webm"))
    format = FORMAT_WEBM;
  else
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("The film’s name must end in .mp4 or .webm: %s"), join->out_path);
      return FALSE;
    }

  for (guint i = 0; join->clips[i] != NULL; i++)
    {
      OvsMediaInfo *info = ovs_gst_export_probe_video (join->clips[i], DOING, cancellable, error);

      if (info == NULL)
        return FALSE;
      any_audio |= info->has_audio;
      total += info->duration;
      g_ptr_array_add (infos, info);
    }

  /* The first clip sets the frame: its size and rate. */
  {
    const OvsMediaInfo *first = g_ptr_array_index (infos, 0);

    fps = first->fps > 0 ? first->fps : 24;
    gst_util_double_to_fraction (fps, &fps_n, &fps_d);
    film_caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,framerate=%d/%d,"
                                 "pixel-aspect-ratio=1/1", first->width & ~1, first->height & ~1,
                                 fps_n, fps_d);
  }

  pipeline = gst_object_ref_sink (gst_pipeline_new ("ovs-join"));
  video_concat = ovs_gst_add (GST_BIN (pipeline), "concat", DOING, error);
  if (any_audio)
    audio_concat = ovs_gst_add (GST_BIN (pipeline), "concat", DOING, error);
  if (!encoders (GST_BIN (pipeline), format, video_concat, audio_concat, part, fps, error))
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    {
      const OvsMediaInfo *info = g_ptr_array_index (infos, i);
      Clip *clip = g_new0 (Clip, 1);
      g_autofree char *uri = g_filename_to_uri (join->clips[i], NULL, error);
      GstElement *decoder;

      g_ptr_array_add (clips, clip);
      if (uri == NULL)
        return FALSE;
      decoder = ovs_gst_add (GST_BIN (pipeline), "uridecodebin", DOING, error);
      clip->video_in = video_branch (GST_BIN (pipeline), film_caps, video_concat, error);
      if (audio_concat != NULL && info->has_audio)
        clip->audio_in = audio_branch (GST_BIN (pipeline), audio_concat, error);
      else if (audio_concat != NULL
               && !silence_branch (GST_BIN (pipeline), info->duration, audio_concat, error))
        return FALSE;
      if (decoder == NULL || clip->video_in == NULL || (error != NULL && *error != NULL))
        return FALSE;
      g_object_set (decoder, "uri", uri, NULL);
      g_signal_connect (decoder, "pad-added", G_CALLBACK (pad_added_cb), clip);
    }

  ok = ovs_gst_run_to_end (pipeline, total, DOING, ovs_gst_export_report, task, cancellable,
                           error);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static void
join_data_free (gpointer data)
{
  JoinData *join = data;

  g_strfreev (join->clips);
  g_free (join->out_path);
  g_free (join);
}

void
ovs_join_async (const char * const  *clip_paths,
                const char          *out_path,
                OvsJoinProgressFunc  progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  JoinData *join;

  g_return_if_fail (out_path != NULL);
  if (clip_paths == NULL || clip_paths[0] == NULL)
    {
      g_task_report_new_error (NULL, callback, user_data, ovs_join_async, OVS_ERROR,
                               OVS_ERROR_INVALID, _("There is no video to join"));
      return;
    }
  join = g_new0 (JoinData, 1);
  join->clips = g_strdupv ((char **) clip_paths);
  join->out_path = g_strdup (out_path);
  ovs_gst_export_async (ovs_join_async, out_path, DOING, join_clips, join, join_data_free,
                        progress, progress_data, cancellable, callback, user_data);
}

gboolean
ovs_join_finish (GAsyncResult  *result,
                 double        *duration,
                 GError       **error)
{
  return ovs_gst_export_finish (result, duration, error);
}

char *
ovs_join_dup_sidecar_path (const char *film)
{
  g_autofree char *stem = g_strdup (film);
  char *dot = strrchr (stem, '.');
  char *slash = strrchr (stem, '/');

  if (dot != NULL && (slash == NULL || dot > slash))
    *dot = '\0';
  return g_strconcat (stem, ".json", NULL);
}

char *
ovs_join_dup_sidecar (const char *film,
                      GPtrArray  *tasks,
                      double      duration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "film");
  json_builder_add_string_value (builder, film);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, round (duration * 1000) / 1000);
  json_builder_set_member_name (builder, "clips");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, ovs_task_get_task_id (task));
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, ovs_task_get_model (task));
      json_builder_set_member_name (builder, "prompt");
      json_builder_add_string_value (builder, ovs_task_get_prompt (task));
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, ovs_task_get_file (task));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
