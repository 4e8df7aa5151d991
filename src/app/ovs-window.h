/* ovs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-application.h"

G_BEGIN_DECLS

#define OVS_TYPE_WINDOW (ovs_window_get_type ())

G_DECLARE_FINAL_TYPE (OvsWindow, ovs_window, OVS, WINDOW, AdwApplicationWindow)

OvsWindow *ovs_window_new (OvsApplication *application);

G_END_DECLS
