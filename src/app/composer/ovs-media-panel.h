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

G_END_DECLS
