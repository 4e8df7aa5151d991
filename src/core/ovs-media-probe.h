/* ovs-media-probe.h: what a finished video really is, and whether it is what was asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Initialises GStreamer once, from any thread, if nobody did yet. */
gboolean ovs_media_init (GError **error);

/* "1080p" → 1080, "720P" → 720, "2k"/"1440p" → 1440, "4k"/"2160p" → 2160: the short side
 * of the frame. FALSE (and *short_side untouched) for anything else. */
gboolean ovs_media_parse_resolution (const char *resolution,
                                     int        *short_side);
/* "16:9" → 16, 9; decimals ("2.39:1") are accepted. FALSE for anything else. */
gboolean ovs_media_parse_aspect_ratio (const char *aspect_ratio,
                                       double     *width,
                                       double     *height);

#define OVS_TYPE_MEDIA_INFO (ovs_media_info_get_type ())

/**
 * OvsMediaInfo:
 * @duration: seconds
 * @width, @height: pixels of the first video stream, 0 without video
 * @fps: frames per second, 0 when unknown or variable
 * @video_codec: "H.264", "VP8", …; %NULL without video
 * @audio_codec: "AAC", "Vorbis", …; %NULL without audio
 * @has_audio: the file has an audio stream
 * @container: "MP4", "WebM", …; %NULL for a bare stream
 * @size_bytes: the size of the file, -1 when not a local file
 */
typedef struct
{
  double   duration;
  int      width;
  int      height;
  double   fps;
  char    *video_codec;
  char    *audio_codec;
  gboolean has_audio;
  char    *container;
  gint64   size_bytes;
} OvsMediaInfo;

GType         ovs_media_info_get_type  (void) G_GNUC_CONST;
OvsMediaInfo *ovs_media_info_new       (void);
OvsMediaInfo *ovs_media_info_copy      (const OvsMediaInfo *info);
void          ovs_media_info_free      (OvsMediaInfo       *info);
/* A JSON object with the members named as the fields; absent codecs/container are null. */
JsonNode     *ovs_media_info_to_json   (const OvsMediaInfo *info);
OvsMediaInfo *ovs_media_info_from_json (JsonNode           *node,
                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsMediaInfo, ovs_media_info_free)

/* Probes a local path or a URI with GstDiscoverer in a worker thread.
 * Errors: OVS_ERROR_MEDIA (not a video, unreadable, missing plug-in), G_IO_ERROR_CANCELLED. */
void          ovs_media_probe_async  (const char          *path_or_uri,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
OvsMediaInfo *ovs_media_probe_finish (GAsyncResult        *result,
                                      GError             **error);
/* Blocks; for the CLI and tests. */
OvsMediaInfo *ovs_media_probe_sync   (const char          *path_or_uri,
                                      GCancellable        *cancellable,
                                      GError             **error);

typedef enum
{
  OVS_MEDIA_CHECK_DURATION,
  OVS_MEDIA_CHECK_RESOLUTION,
  OVS_MEDIA_CHECK_ASPECT_RATIO,
  OVS_MEDIA_CHECK_AUDIO,
} OvsMediaCheckKind;

/**
 * OvsMediaCheck:
 * @kind: what was compared
 * @ok: the file matches the request
 * @expected: what was asked, e.g. "5", "1080p", "9:16", "yes"
 * @actual: what the file has, e.g. "5.02", "1920x1080", "16:9", "no"
 * @message: a translated sentence for the user, e.g. "Duration 5.02 s, asked 5 s"
 */
typedef struct
{
  OvsMediaCheckKind kind;
  gboolean          ok;
  char             *expected;
  char             *actual;
  char             *message;
} OvsMediaCheck;

void        ovs_media_check_free           (OvsMediaCheck    *check);
/* "duration", "resolution", "aspect-ratio", "audio" */
const char *ovs_media_check_kind_to_string (OvsMediaCheckKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsMediaCheck, ovs_media_check_free)

/* Compares @info with the request's values as the API takes them ("5", "1080p", "16:9").
 * A %NULL (or empty) expectation, or @want_audio of -1, was not asked and is not checked.
 * Duration: within 0.2 s. Resolution: the short side within 2 px. Aspect ratio: within 1 %.
 * Returns: (transfer full) (element-type OvsMediaCheck): the checks made, in kind order. */
GPtrArray  *ovs_media_check                (const OvsMediaInfo *info,
                                            const char         *seconds,
                                            const char         *resolution,
                                            const char         *aspect_ratio,
                                            int                 want_audio);

G_END_DECLS
