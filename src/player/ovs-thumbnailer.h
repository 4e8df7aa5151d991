/* ovs-thumbnailer.h: one frame of a video, as a cached PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Decodes one frame of the video at @uri (a local file or an http(s) URL) — at 10 % of the
 * duration but no later than 1 s, else the first — scales it to at most @max_width pixels
 * wide, keeping its shape, and writes it as a PNG into
 * $XDG_CACHE_HOME/omni-video-studio/thumbnails/. The file's name hashes the URI, the local
 * file's modification time and size, and @max_width, so a changed file gets a new thumbnail
 * and a cache hit answers without decoding anything.
 *
 * At most two videos are decoded at once, each in a worker thread. The PNG appears by a
 * rename: cancelled or failed calls leave no file behind.
 * Errors: OVS_ERROR_MEDIA (not decodable), G_IO_ERROR_* (the file), G_IO_ERROR_CANCELLED. */
void   ovs_thumbnailer_get_async  (const char           *uri,
                                   int                   max_width,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* The same for a URI held as bytes, its NUL included: a data: URL of megabytes is kept by
 * reference, not copied. Finish with ovs_thumbnailer_get_finish (). */
void   ovs_thumbnailer_get_bytes_async (GBytes          *uri_bytes,
                                   int                   max_width,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
/* Returns: (transfer full): the PNG's path. */
char  *ovs_thumbnailer_get_finish (GAsyncResult         *result,
                                   GError              **error);

/* The folder the thumbnails are cached in. */
char  *ovs_thumbnailer_dup_cached  (const char           *uri,
                                   int                   max_width);

char  *ovs_thumbnailer_get_cache_dir (void);

G_END_DECLS
