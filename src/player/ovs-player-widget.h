/* ovs-player-widget.h: an OvsPlayer's picture with its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-player.h"

G_BEGIN_DECLS

#define OVS_TYPE_PLAYER_WIDGET (ovs_player_widget_get_type ())

G_DECLARE_FINAL_TYPE (OvsPlayerWidget, ovs_player_widget, OVS, PLAYER_WIDGET, GtkWidget)

/* The widget owns its player; it stops it (and frees its pipeline) when unmapped.
 * Keys: Space plays or pauses, Left and Right seek 5 s, F toggles fullscreen, M mutes. */
GtkWidget *ovs_player_widget_new        (void);
void       ovs_player_widget_set_file   (OvsPlayerWidget *self,
                                         GFile           *file);
void       ovs_player_widget_set_uri    (OvsPlayerWidget *self,
                                         const char      *uri);
OvsPlayer *ovs_player_widget_get_player (OvsPlayerWidget *self);

G_END_DECLS
