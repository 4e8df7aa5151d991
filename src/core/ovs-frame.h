/* ovs-frame.h: one frame of a finished video, as a PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Use This Frame…" and "Continue from Last Frame" (and `omni-video frame`) start a new
 * request from a frame of a result. The frame is decoded exactly: at a position, the frame
 * shown at that time (an accurate seek, not the key frame before it); at the end, the last
 * frame the decoder gives, not the one a seek near the end lands on.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Position value for the video's last frame. */
#define OVS_FRAME_LAST (-1)

/* Writes the frame of @video_path at @position_ns (or OVS_FRAME_LAST) to @png_path,
 * atomically. Blocks: call it from a thread (or use the _async pair). @pts_ns, if not NULL,
 * receives the frame's time (at a position: that position, where the frame began before it). */
gboolean ovs_frame_grab        (const char          *video_path,
                                gint64               position_ns,
                                const char          *png_path,
                                gint64              *pts_ns,
                                GCancellable        *cancellable,
                                GError             **error);
void     ovs_frame_grab_async  (const char          *video_path,
                                gint64               position_ns,
                                const char          *png_path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
gboolean ovs_frame_grab_finish (GAsyncResult        *result,
                                gint64              *pts_ns,
                                GError             **error);

/* "clip-at-1.50s.png" (or "clip-last.png") beside "clip.mp4", a name not taken yet. */
char    *ovs_frame_path_beside (const char          *video,
                                double               seconds,
                                gboolean             last);

G_END_DECLS
