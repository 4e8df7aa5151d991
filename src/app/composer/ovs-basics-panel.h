/* ovs-basics-panel.h: model, resolution, length, ratio and the scenario's on/off options
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_BASICS_PANEL (ovs_basics_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsBasicsPanel, ovs_basics_panel, OVS, BASICS_PANEL, OvsPanel)

GtkWidget *ovs_basics_panel_new (OvsRequest *request);

/* The row that edits @path, for tests and keyboard focus; NULL when not shown. */
GtkWidget *ovs_basics_panel_get_row (OvsBasicsPanel *self,
                                     const char     *path);

G_END_DECLS
