/* ovs-join.h: finished videos joined into one film
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Export a chain" (and `omni-video join`): clips joined in order and re-encoded, so clips
 * of different sizes, frame rates and codecs make one file. Every clip keeps its length: a
 * clip without sound gets silence, a clip of another shape is scaled into the first clip's
 * frame with borders. The film is written beside its final name and renamed when complete.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called on the caller's main context, @fraction from 0 to 1. */
typedef void (*OvsJoinProgressFunc) (double   fraction,
                                     gpointer user_data);

/* The container follows @out_path's extension: ".mp4" (H.264 and AAC) or ".webm" (VP8 and
 * Vorbis). Errors: OVS_ERROR_MEDIA naming the clip at fault, OVS_ERROR_INVALID for fewer
 * than one clip or an unknown extension, G_IO_ERROR_CANCELLED. */
void     ovs_join_async  (const char * const   *clip_paths,
                          const char           *out_path,
                          OvsJoinProgressFunc   progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data);
/* @duration, if not NULL, receives the film's length in seconds. */
gboolean ovs_join_finish (GAsyncResult         *result,
                          double               *duration,
                          GError              **error);

/* film.mp4 → film.json: the sidecar that lists a film's source tasks (OvsTask), in order:
 * {"film", "duration", "clips": [{"task_id", "model", "prompt", "file"}]}. */
char    *ovs_join_dup_sidecar      (const char           *film,
                                    GPtrArray            *tasks,
                                    double                duration);
char    *ovs_join_dup_sidecar_path (const char           *film);

G_END_DECLS
