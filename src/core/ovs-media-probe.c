/* ovs-media-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-media-probe"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "ovs-error.h"
#include "ovs-media-probe.h"

/* Long enough for a slow disk, short enough that a wedged demuxer does not hold a thread. */
#define PROBE_TIMEOUT (15 * GST_SECOND)

#define DURATION_TOLERANCE 0.2
#define SHORT_SIDE_TOLERANCE 2
#define ASPECT_TOLERANCE 0.01

gboolean
ovs_media_init (GError **error)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;
  static GError *init_error = NULL;

  if (g_once_init_enter (&initialised))
    {
      if (gst_is_initialized ())
        ok = TRUE;
      else
        ok = gst_init_check (NULL, NULL, &init_error);
      g_once_init_leave (&initialised, 1);
    }

  if (!ok)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not initialise GStreamer: %s"),
                   init_error != NULL ? init_error->message : "?");
      return FALSE;
    }

  return TRUE;
}

gboolean
ovs_media_parse_resolution (const char *resolution,
                            int        *short_side)
{
  static const struct { const char *name; int short_side; } aliases[] = {
    { "2k", 1440 },
    { "4k", 2160 },
  };
  guint64 value;
  char *end = NULL;

  if (resolution == NULL || *resolution == '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (resolution, aliases[i].name) == 0)
      {
        *short_side = aliases[i].short_side;
        return TRUE;
      }

  if (!g_ascii_isdigit (resolution[0]))
    return FALSE;
  value = g_ascii_strtoull (resolution, &end, 10);
  if (end == NULL || (*end != 'p' && *end != 'P') || end[1] != '\0')
    return FALSE;
  if (value < 120 || value > 4320)
    return FALSE;

  *short_side = (int) value;
  return TRUE;
}

gboolean
ovs_media_parse_aspect_ratio (const char *aspect_ratio,
                              double     *width,
                              double     *height)
{
  double w, h;
  char *end = NULL;

  if (aspect_ratio == NULL || !g_ascii_isdigit (aspect_ratio[0]))
    return FALSE;

  w = g_ascii_strtod (aspect_ratio, &end);
  if (end == NULL || *end != ':' || !g_ascii_isdigit (end[1]))
    return FALSE;
  h = g_ascii_strtod (end + 1, &end);
  if (end == NULL || *end != '\0')
    return FALSE;
  if (!(w > 0 && h > 0 && w / h >= 0.1 && w / h <= 10))
    return FALSE;

  *width = w;
  *height = h;
  return TRUE;
}

/* OvsMediaInfo */

G_DEFINE_BOXED_TYPE (OvsMediaInfo, ovs_media_info, ovs_media_info_copy, ovs_media_info_free)

OvsMediaInfo *
ovs_media_info_new (void)
{
  OvsMediaInfo *info = g_new0 (OvsMediaInfo, 1);

  info->size_bytes = -1;
  return info;
}

OvsMediaInfo *
ovs_media_info_copy (const OvsMediaInfo *info)
{
  OvsMediaInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->video_codec = g_strdup (info->video_codec);
  copy->audio_codec = g_strdup (info->audio_codec);
  copy->container = g_strdup (info->container);
  return copy;
}

void
ovs_media_info_free (OvsMediaInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->video_codec);
  g_free (info->audio_codec);
  g_free (info->container);
  g_free (info);
}

JsonNode *
ovs_media_info_to_json (const OvsMediaInfo *info)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_double_value (builder, info->duration);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, info->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, info->height);
  json_builder_set_member_name (builder, "fps");
  json_builder_add_double_value (builder, info->fps);
  json_builder_set_member_name (builder, "video_codec");
  if (info->video_codec != NULL)
    json_builder_add_string_value (builder, info->video_codec);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "audio_codec");
  if (info->audio_codec != NULL)
    json_builder_add_string_value (builder, info->audio_codec);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "has_audio");
  json_builder_add_boolean_value (builder, info->has_audio);
  json_builder_set_member_name (builder, "container");
  if (info->container != NULL)
    json_builder_add_string_value (builder, info->container);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "size_bytes");
  json_builder_add_int_value (builder, info->size_bytes);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* A number member, integer or not; json-glib refuses to read a double as an int. */
static double
member_number (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

static char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

OvsMediaInfo *
ovs_media_info_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(OvsMediaInfo) info = NULL;
  JsonObject *object;
  double width, height;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                           _("The media information is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  info = ovs_media_info_new ();
  info->duration = member_number (object, "duration", 0);
  width = member_number (object, "width", 0);
  height = member_number (object, "height", 0);
  if (width < 0 || width > G_MAXINT || height < 0 || height > G_MAXINT || info->duration < 0)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                           _("The media information has impossible values"));
      return NULL;
    }
  info->width = (int) width;
  info->height = (int) height;
  info->fps = member_number (object, "fps", 0);
  info->video_codec = member_string (object, "video_codec");
  info->audio_codec = member_string (object, "audio_codec");
  info->has_audio = json_object_get_boolean_member_with_default (object, "has_audio",
                                                                 info->audio_codec != NULL);
  info->container = member_string (object, "container");
  info->size_bytes = (gint64) member_number (object, "size_bytes", -1);

  return g_steal_pointer (&info);
}

/* Probing */

/* Short names for the codecs we meet; pbutils' descriptions carry profiles and versions. */
static char *
codec_name (const GstCaps *caps)
{
  const GstStructure *s;
  const char *name;
  g_autofree char *description = NULL;
  char *paren;

  if (caps == NULL || gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return NULL;

  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (s);

  if (g_str_equal (name, "video/x-h264"))
    return g_strdup ("H.264");
  if (g_str_equal (name, "video/x-h265"))
    return g_strdup ("H.265");
  if (g_str_equal (name, "video/x-vp8"))
    return g_strdup ("VP8");
  if (g_str_equal (name, "video/x-vp9"))
    return g_strdup ("VP9");
  if (g_str_equal (name, "video/x-av1"))
    return g_strdup ("AV1");
  if (g_str_equal (name, "audio/x-vorbis"))
    return g_strdup ("Vorbis");
  if (g_str_equal (name, "audio/x-opus"))
    return g_strdup ("Opus");
  if (g_str_equal (name, "audio/mpeg"))
    {
      int version = 0, layer = 0;

      gst_structure_get_int (s, "mpegversion", &version);
      gst_structure_get_int (s, "layer", &layer);
      if (version == 2 || version == 4)
        return g_strdup ("AAC");
      if (version == 1 && layer == 3)
        return g_strdup ("MP3");
    }

  description = gst_pb_utils_get_codec_description (caps);
  if (description == NULL)
    return g_strdup (name);
  paren = strstr (description, " (");
  if (paren != NULL)
    *paren = '\0';
  return g_steal_pointer (&description);
}

static char *
container_name (const GstCaps *caps)
{
  const GstStructure *s;
  const char *name;
  const char *variant;

  if (caps == NULL || gst_caps_is_empty (caps) || gst_caps_is_any (caps))
    return NULL;

  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_name (s);

  if (g_str_equal (name, "video/quicktime"))
    {
      variant = gst_structure_get_string (s, "variant");
      if (variant != NULL && g_str_equal (variant, "apple"))
        return g_strdup ("QuickTime");
      return g_strdup ("MP4");
    }
  if (g_str_equal (name, "video/webm") || g_str_equal (name, "audio/webm"))
    return g_strdup ("WebM");
  if (g_str_equal (name, "video/x-matroska") || g_str_equal (name, "audio/x-matroska"))
    return g_strdup ("Matroska");
  if (g_str_equal (name, "application/ogg"))
    return g_strdup ("Ogg");

  return codec_name (caps);
}

static char *
to_uri (const char  *path_or_uri,
        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *uri;

  if (!g_path_is_absolute (path_or_uri) && g_uri_peek_scheme (path_or_uri) != NULL)
    return g_strdup (path_or_uri);

  uri = gst_filename_to_uri (path_or_uri, &local_error);
  if (uri == NULL)
    g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("“%s” is not a file name: %s"),
                 path_or_uri, local_error->message);
  return uri;
}

static void
fill_from_streams (OvsMediaInfo      *info,
                   GstDiscovererInfo *dinfo)
{
  GList *videos = gst_discoverer_info_get_video_streams (dinfo);
  GList *audios = gst_discoverer_info_get_audio_streams (dinfo);
  g_autoptr(GstDiscovererStreamInfo) top = gst_discoverer_info_get_stream_info (dinfo);

  if (videos != NULL)
    {
      GstDiscovererVideoInfo *v = videos->data;
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (videos->data);
      guint num = gst_discoverer_video_info_get_framerate_num (v);
      guint denom = gst_discoverer_video_info_get_framerate_denom (v);

      info->width = (int) gst_discoverer_video_info_get_width (v);
      info->height = (int) gst_discoverer_video_info_get_height (v);
      info->fps = denom > 0 ? (double) num / denom : 0;
      info->video_codec = codec_name (caps);
    }

  if (audios != NULL)
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (audios->data);

      info->has_audio = TRUE;
      info->audio_codec = codec_name (caps);
    }

  if (top != NULL && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    {
      g_autoptr(GstCaps) caps = gst_discoverer_stream_info_get_caps (top);

      info->container = container_name (caps);
    }

  gst_discoverer_stream_info_list_free (videos);
  gst_discoverer_stream_info_list_free (audios);
}

OvsMediaInfo *
ovs_media_probe_sync (const char    *path_or_uri,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) dinfo = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) file_info = NULL;
  GstDiscovererResult result;

  g_return_val_if_fail (path_or_uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!ovs_media_init (error))
    return NULL;
  uri = to_uri (path_or_uri, error);
  if (uri == NULL)
    return NULL;

  discoverer = gst_discoverer_new (PROBE_TIMEOUT, &local_error);
  if (discoverer == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not probe “%s”: %s"),
                   path_or_uri, local_error->message);
      return NULL;
    }

  /* Synchronous discovery polls its own bus: no main context is involved. */
  dinfo = gst_discoverer_discover_uri (discoverer, uri, &local_error);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  result = dinfo != NULL ? gst_discoverer_info_get_result (dinfo) : GST_DISCOVERER_ERROR;
  switch (result)
    {
    case GST_DISCOVERER_OK:
      break;

    case GST_DISCOVERER_TIMEOUT:
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA,
                   _("Could not probe “%s”: it took too long"), path_or_uri);
      return NULL;

    case GST_DISCOVERER_MISSING_PLUGINS:
      {
        const char **details = gst_discoverer_info_get_missing_elements_installer_details (dinfo);
        g_autofree char *joined = details != NULL ? g_strjoinv (", ", (char **) details) : NULL;

        g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA,
                     _("Could not probe “%s”: a GStreamer plug-in is missing (%s)"), path_or_uri,
                     joined != NULL && *joined != '\0' ? joined : _("unknown format"));
        return NULL;
      }

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    default:
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("Could not probe “%s”: %s"),
                   path_or_uri,
                   local_error != NULL ? local_error->message : _("not a media file"));
      return NULL;
    }

  info = ovs_media_info_new ();
  info->duration = (double) gst_discoverer_info_get_duration (dinfo) / GST_SECOND;
  fill_from_streams (info, dinfo);

  if (info->width == 0 && !info->has_audio)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA,
                   _("Could not probe “%s”: it has neither video nor audio"), path_or_uri);
      return NULL;
    }

  file = g_file_new_for_uri (uri);
  if (g_file_is_native (file))
    file_info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                   cancellable, NULL);
  if (file_info != NULL)
    info->size_bytes = g_file_info_get_size (file_info);

  return g_steal_pointer (&info);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  OvsMediaInfo *info = ovs_media_probe_sync (task_data, cancellable, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) ovs_media_info_free);
}

void
ovs_media_probe_async (const char          *path_or_uri,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path_or_uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_media_probe_async);
  g_task_set_task_data (task, g_strdup (path_or_uri), g_free);
  g_task_run_in_thread (task, probe_thread);
}

OvsMediaInfo *
ovs_media_probe_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_media_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Checks */

void
ovs_media_check_free (OvsMediaCheck *check)
{
  if (check == NULL)
    return;

  g_free (check->expected);
  g_free (check->actual);
  g_free (check->message);
  g_free (check);
}

const char *
ovs_media_check_kind_to_string (OvsMediaCheckKind kind)
{
  switch (kind)
    {
    case OVS_MEDIA_CHECK_DURATION:
      return "duration";
    case OVS_MEDIA_CHECK_RESOLUTION:
      return "resolution";
    case OVS_MEDIA_CHECK_ASPECT_RATIO:
      return "aspect-ratio";
    case OVS_MEDIA_CHECK_AUDIO:
      return "audio";
    default:
      g_return_val_if_reached (NULL);
    }
}

static OvsMediaCheck *
check_new (OvsMediaCheckKind  kind,
           gboolean           ok,
           const char        *expected,
           char              *actual,
           char              *message)
{
  OvsMediaCheck *check = g_new0 (OvsMediaCheck, 1);

  check->kind = kind;
  check->ok = ok;
  check->expected = g_strdup (expected);
  check->actual = actual;
  check->message = message;
  return check;
}

static char *
format_seconds (double seconds)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", seconds));
}

/* The name of a common ratio within the tolerance, else "1.85:1". */
static char *
format_ratio (int width,
              int height)
{
  static const int common[][2] = {
    { 16, 9 }, { 9, 16 }, { 1, 1 }, { 4, 3 }, { 3, 4 }, { 21, 9 }, { 9, 21 }, { 3, 2 }, { 2, 3 },
  };
  double ratio = (double) width / height;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    {
      double c = (double) common[i][0] / common[i][1];

      if (fabs (ratio / c - 1) <= ASPECT_TOLERANCE)
        return g_strdup_printf ("%d:%d", common[i][0], common[i][1]);
    }

  return g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%.2f", ratio), ":1", NULL);
}

static OvsMediaCheck *
check_duration (const OvsMediaInfo *info,
                const char         *seconds)
{
  double asked;
  char *end = NULL;
  gboolean ok;

  asked = g_ascii_strtod (seconds, &end);
  if (end == seconds || *end != '\0' || !(asked > 0))
    return check_new (OVS_MEDIA_CHECK_DURATION, FALSE, seconds, format_seconds (info->duration),
                      g_strdup_printf (_("Duration %.2f s, but the asked “%s” is not a number"),
                                       info->duration, seconds));

  ok = fabs (info->duration - asked) <= DURATION_TOLERANCE;
  return check_new (OVS_MEDIA_CHECK_DURATION, ok, seconds, format_seconds (info->duration),
                    g_strdup_printf (_("Duration %.2f s, asked %s s"), info->duration, seconds));
}

static OvsMediaCheck *
check_resolution (const OvsMediaInfo *info,
                  const char         *resolution)
{
  int asked = 0;
  int short_side = MIN (info->width, info->height);
  char *actual = g_strdup_printf ("%dx%d", info->width, info->height);

  if (info->width <= 0 || info->height <= 0)
    return check_new (OVS_MEDIA_CHECK_RESOLUTION, FALSE, resolution, actual,
                      g_strdup_printf (_("No video stream, asked %s"), resolution));

  if (!ovs_media_parse_resolution (resolution, &asked))
    return check_new (OVS_MEDIA_CHECK_RESOLUTION, FALSE, resolution, actual,
                      g_strdup_printf (_("Resolution %d×%d, but the asked “%s” is not understood"),
                                       info->width, info->height, resolution));

  return check_new (OVS_MEDIA_CHECK_RESOLUTION, ABS (short_side - asked) <= SHORT_SIDE_TOLERANCE,
                    resolution, actual,
                    g_strdup_printf (_("Resolution %d×%d (%dp), asked %s"),
                                     info->width, info->height, short_side, resolution));
}

static OvsMediaCheck *
check_aspect_ratio (const OvsMediaInfo *info,
                    const char         *aspect_ratio)
{
  double w, h;
  char *actual;

  if (info->width <= 0 || info->height <= 0)
    return check_new (OVS_MEDIA_CHECK_ASPECT_RATIO, FALSE, aspect_ratio, g_strdup (""),
                      g_strdup_printf (_("No video stream, asked %s"), aspect_ratio));

  actual = format_ratio (info->width, info->height);

  if (!ovs_media_parse_aspect_ratio (aspect_ratio, &w, &h))
    return check_new (OVS_MEDIA_CHECK_ASPECT_RATIO, FALSE, aspect_ratio, actual,
                      g_strdup_printf (_("Aspect ratio %s, but the asked “%s” is not understood"),
                                       actual, aspect_ratio));

  return check_new (OVS_MEDIA_CHECK_ASPECT_RATIO,
                    fabs (((double) info->width / info->height) / (w / h) - 1) <= ASPECT_TOLERANCE,
                    aspect_ratio, actual,
                    g_strdup_printf (_("Aspect ratio %s, asked %s"), actual, aspect_ratio));
}

static OvsMediaCheck *
check_audio (const OvsMediaInfo *info,
             gboolean            want_audio)
{
  const char *message;

  if (want_audio && info->has_audio)
    message = _("Audio track present, as asked");
  else if (want_audio)
    message = _("No audio track, but sound was asked for");
  else if (info->has_audio)
    message = _("Audio track present, but no sound was asked for");
  else
    message = _("No audio track, as asked");

  return check_new (OVS_MEDIA_CHECK_AUDIO, !want_audio == !info->has_audio,
                    want_audio ? "yes" : "no", g_strdup (info->has_audio ? "yes" : "no"),
                    g_strdup (message));
}

GPtrArray *
ovs_media_check (const OvsMediaInfo *info,
                 const char         *seconds,
                 const char         *resolution,
                 const char         *aspect_ratio,
                 int                 want_audio)
{
  GPtrArray *checks;

  g_return_val_if_fail (info != NULL, NULL);

  checks = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_media_check_free);

  if (seconds != NULL && *seconds != '\0')
    g_ptr_array_add (checks, check_duration (info, seconds));
  if (resolution != NULL && *resolution != '\0')
    g_ptr_array_add (checks, check_resolution (info, resolution));
  /* Seedance's "adaptive" follows the input image: there is no ratio to hold it to. */
  if (aspect_ratio != NULL && *aspect_ratio != '\0' && g_strcmp0 (aspect_ratio, "adaptive") != 0)
    g_ptr_array_add (checks, check_aspect_ratio (info, aspect_ratio));
  if (want_audio >= 0)
    g_ptr_array_add (checks, check_audio (info, want_audio > 0));

  return checks;
}
