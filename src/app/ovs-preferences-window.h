/* ovs-preferences-window.h: the endpoint, the key, and how tasks are followed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-endpoint.h"

G_BEGIN_DECLS

#define OVS_TYPE_PREFERENCES_WINDOW (ovs_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OvsPreferencesWindow, ovs_preferences_window, OVS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Everything but the key is kept in GSettings; the key goes through @endpoint. */
OvsPreferencesWindow *ovs_preferences_window_new          (GtkWindow            *parent,
                                                           OvsEndpoint          *endpoint);
OvsEndpoint          *ovs_preferences_window_get_endpoint (OvsPreferencesWindow *self);

G_END_DECLS
