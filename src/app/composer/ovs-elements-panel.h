/* ovs-elements-panel.h: the Kling elements (saved subjects, by numeric id) of a request
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_ELEMENTS_PANEL (ovs_elements_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsElementsPanel, ovs_elements_panel, OVS, ELEMENTS_PANEL, OvsPanel)

GtkWidget *ovs_elements_panel_new (OvsRequest *request);
/* Appends @element_id, as the add row's apply button does. */
void       ovs_elements_panel_add_id (OvsElementsPanel *self,
                                      gint64            element_id);

G_END_DECLS
