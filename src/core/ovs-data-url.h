/* ovs-data-url.h: a local file as a data: URL, the way the API takes inline media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gateway takes an image or a video either as a URL it can fetch or inline, as
 * "data:<mime>;base64,<bytes>". These read a file into that form, refusing what the API
 * would refuse (the wrong kind of file, too big), and describe one for people.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest file sent inline (the API's limit on a request body leaves room for the
 * base64 growth and the rest of the body). */
#define OVS_DATA_URL_LIMIT (7 * 1024 * 1024)

/* Reads @file into a data: URL. @media is "image" or "video" to refuse other kinds of file
 * (by content type), or NULL for any; @limit is the largest size in bytes.
 * Errors: OVS_ERROR_INVALID (wrong kind), OVS_ERROR_TOO_LARGE, or GIO's; their messages
 * name the file. Blocks: from the main loop, use the _async form. */
char     *ovs_data_url_read        (GFile               *file,
                                    const char          *media,
                                    gsize                limit,
                                    GCancellable        *cancellable,
                                    GError             **error);
/* The same in a worker thread. */
void      ovs_data_url_read_async  (GFile               *file,
                                    const char          *media,
                                    gsize                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *ovs_data_url_read_finish (GAsyncResult        *result,
                                    GError             **error);

/* "1.2 MB local file, image/png" for a data: URL (whose base64 nobody wants to read), or
 * for a long run of bare base64 (a Kling body's inline file: its type told by its first
 * bytes); NULL for any other text. */
char     *ovs_data_url_describe    (const char          *url);
/* The size of the file a base64 data: URL or a long run of bare base64 carries (what
 * ovs_data_url_describe() says), or -1 for any other text. */
gssize    ovs_data_url_file_size   (const char          *url);
/* The same for @url of @length bytes, when its length is known. */
gssize    ovs_data_url_file_size_n (const char          *url,
                                    gsize                length);
/* "The largest file that can be sent inline is 7.3 MB." for @limit, to say where files
 * are added. */
char     *ovs_data_url_describe_limit (gsize             limit);

G_END_DECLS
