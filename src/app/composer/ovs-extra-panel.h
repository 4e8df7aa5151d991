/* ovs-extra-panel.h: the members of the body the form does not know, as one JSON object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_EXTRA_PANEL (ovs_extra_panel_get_type ())

G_DECLARE_FINAL_TYPE (OvsExtraPanel, ovs_extra_panel, OVS, EXTRA_PANEL, OvsPanel)

GtkWidget *ovs_extra_panel_new          (OvsRequest    *request);

/* The unknown members of @request's body, as an object of the body's shape holding only
 * them ({"x_trace": …, "metadata": {"future_flag": …}}); for tests. (transfer full) */
JsonNode  *ovs_extra_panel_dup_unknown  (OvsRequest    *request);

G_END_DECLS
