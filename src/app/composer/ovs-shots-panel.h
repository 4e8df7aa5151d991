/* ovs-shots-panel.h: the shot list of a custom Kling storyboard, with its timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_SHOTS_PANEL (ovs_shots_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsShotsPanel, ovs_shots_panel, OVS, SHOTS_PANEL, OvsPanel)

GtkWidget *ovs_shots_panel_new (OvsRequest *request);

G_END_DECLS
