/* ovs-scenario-row.h: one scenario in the window's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-scenario.h"

G_BEGIN_DECLS

#define OVS_TYPE_SCENARIO_ROW (ovs_scenario_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsScenarioRow, ovs_scenario_row, OVS, SCENARIO_ROW, GtkListBoxRow)

GtkWidget   *ovs_scenario_row_new          (OvsScenario    *scenario);
OvsScenario *ovs_scenario_row_get_scenario (OvsScenarioRow *self);

G_END_DECLS
