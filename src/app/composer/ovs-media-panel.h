/* ovs-media-panel.h: an ordered list of reference images or videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_MEDIA_PANEL (ovs_media_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsMediaPanel, ovs_media_panel, OVS, MEDIA_PANEL, OvsPanel)

/* @path: "images" or "videos". */
GtkWidget *ovs_media_panel_new      (OvsRequest    *request,
                                     const char    *path);
/* Appends @url, as the URL entry's apply button does. */
void       ovs_media_panel_add_url  (OvsMediaPanel *self,
                                     const char    *url);
/* Reads a local file and appends it as a data: URL (asynchronous). */
void       ovs_media_panel_add_file (OvsMediaPanel *self,
                                     GFile         *file);

/* The limit for one inline file: bodies are refused over 10 MiB, and base64 grows by 4/3. */
#define OVS_MEDIA_INLINE_LIMIT (7 * 1024 * 1024)

/* Reads @file and makes a data: URL of it, for images, videos and audio. */
void       ovs_media_read_data_url_async  (GFile               *file,
                                           const char          *media,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char      *ovs_media_read_data_url_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
