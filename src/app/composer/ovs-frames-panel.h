/* ovs-frames-panel.h: the first and last frame of a video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_FRAMES_PANEL (ovs_frames_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsFramesPanel, ovs_frames_panel, OVS, FRAMES_PANEL, OvsPanel)

GtkWidget *ovs_frames_panel_new     (OvsRequest     *request);
/* The entry row of "firstframe" or "lastframe". */
GtkWidget *ovs_frames_panel_get_row (OvsFramesPanel *self,
                                     const char     *path);

G_END_DECLS
