/* ovs-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-cost-watch.h"
#include "ovs-tracker.h"

#include "ovs-endpoint.h"

G_BEGIN_DECLS

#define OVS_TYPE_APPLICATION (ovs_application_get_type ())

G_DECLARE_FINAL_TYPE (OvsApplication, ovs_application, OVS, APPLICATION, AdwApplication)

OvsApplication *ovs_application_new          (void);
OvsEndpoint    *ovs_application_get_endpoint (OvsApplication *self);
OvsTracker     *ovs_application_get_tracker  (OvsApplication *self);
gboolean        ovs_application_get_history_damaged (OvsApplication *self);
OvsCostWatch   *ovs_application_get_cost_watch (OvsApplication *self);

G_END_DECLS
