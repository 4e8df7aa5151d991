/* ovs-subjects-panel.h: reference subjects (subject_infos), each with its id, name and images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_SUBJECTS_PANEL (ovs_subjects_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsSubjectsPanel, ovs_subjects_panel, OVS, SUBJECTS_PANEL, OvsPanel)

GtkWidget *ovs_subjects_panel_new (OvsRequest *request);

G_END_DECLS
