/* ovs-storyboard-panel.h: a Kling storyboard's mode: multi-shot, smart or custom cuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_STORYBOARD_PANEL (ovs_storyboard_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsStoryboardPanel, ovs_storyboard_panel, OVS, STORYBOARD_PANEL,
                      OvsPanel)

GtkWidget *ovs_storyboard_panel_new (OvsRequest *request);

G_END_DECLS
