/* ovs-content-panel.h: Seedance 2.0 reference content (metadata.content[{type, <type>, role}])
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_CONTENT_PANEL (ovs_content_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsContentPanel, ovs_content_panel, OVS, CONTENT_PANEL, OvsPanel)

GtkWidget *ovs_content_panel_new (OvsRequest *request);

G_END_DECLS
