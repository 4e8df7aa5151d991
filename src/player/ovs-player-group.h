/* ovs-player-group.h: several players with one transport, in step on one clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-player.h"

G_BEGIN_DECLS

#define OVS_TYPE_PLAYER_GROUP (ovs_player_group_get_type ())
G_DECLARE_FINAL_TYPE (OvsPlayerGroup, ovs_player_group, OVS, PLAYER_GROUP, GObject)

/* The tiles of a comparison: play, pause, seek, frame steps and loop act on all; every
 * start goes through one paused, prerolled position and one base time on one clock, so
 * the players show the same moment. A video shorter than the longest holds its last frame.
 * Properties: playing, loop, rate, position (of the longest), duration (the longest). */
OvsPlayerGroup *ovs_player_group_new          (void);
void            ovs_player_group_add          (OvsPlayerGroup *self,
                                               OvsPlayer      *player);
void            ovs_player_group_remove       (OvsPlayerGroup *self,
                                               OvsPlayer      *player);
guint           ovs_player_group_get_n_players (OvsPlayerGroup *self);
OvsPlayer      *ovs_player_group_get_player   (OvsPlayerGroup *self,
                                               guint           index);
void            ovs_player_group_play         (OvsPlayerGroup *self);
void            ovs_player_group_pause        (OvsPlayerGroup *self);
void            ovs_player_group_toggle       (OvsPlayerGroup *self);
gboolean        ovs_player_group_get_playing  (OvsPlayerGroup *self);
/* Pauses, then shows the frame at @position in every tile (clamped per video). */
void            ovs_player_group_seek         (OvsPlayerGroup *self,
                                               gint64          position);
/* One frame (of @fps) forwards or backwards (, and .): pauses first. */
void            ovs_player_group_step         (OvsPlayerGroup *self,
                                               int             frames);
gboolean        ovs_player_group_get_loop     (OvsPlayerGroup *self);
void            ovs_player_group_set_loop     (OvsPlayerGroup *self,
                                               gboolean        loop);
gint64          ovs_player_group_get_position (OvsPlayerGroup *self);
gint64          ovs_player_group_get_duration (OvsPlayerGroup *self);
/* Sound from @player alone (NULL: all muted). */
void            ovs_player_group_solo         (OvsPlayerGroup *self,
                                               OvsPlayer      *player);
OvsPlayer      *ovs_player_group_get_solo     (OvsPlayerGroup *self);

/* Speed for all tiles (OVS_PLAYER_GROUP_MIN_RATE to _MAX_RATE), kept in step. */
double          ovs_player_group_get_rate     (OvsPlayerGroup *self);
void            ovs_player_group_set_rate     (OvsPlayerGroup *self,
                                               double          rate);

#define OVS_PLAYER_GROUP_FPS 24
#define OVS_PLAYER_GROUP_MIN_RATE 0.25
#define OVS_PLAYER_GROUP_MAX_RATE 2.0

G_END_DECLS
