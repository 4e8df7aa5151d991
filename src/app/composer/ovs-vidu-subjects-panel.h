/* ovs-vidu-subjects-panel.h: Vidu subject ids (mentioned as @id) and the voice of each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_VIDU_SUBJECTS_PANEL (ovs_vidu_subjects_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsViduSubjectsPanel, ovs_vidu_subjects_panel, OVS, VIDU_SUBJECTS_PANEL, OvsPanel)

GtkWidget *ovs_vidu_subjects_panel_new (OvsRequest *request);

G_END_DECLS
