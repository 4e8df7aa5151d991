/* ovs-player.h: a GStreamer playbin shown as a GdkPaintable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * OvsPlayerState:
 * @OVS_PLAYER_STATE_STOPPED: no pipeline: nothing loaded, stopped, or never started
 * @OVS_PLAYER_STATE_LOADING: the pipeline is prerolling (or buffering)
 * @OVS_PLAYER_STATE_PAUSED: a frame is shown and the clock is stopped
 * @OVS_PLAYER_STATE_PLAYING: the clock runs
 * @OVS_PLAYER_STATE_ERROR: the video cannot be played; see OvsPlayer:error
 */
typedef enum
{
  OVS_PLAYER_STATE_STOPPED,
  OVS_PLAYER_STATE_LOADING,
  OVS_PLAYER_STATE_PAUSED,
  OVS_PLAYER_STATE_PLAYING,
  OVS_PLAYER_STATE_ERROR,
} OvsPlayerState;

GType ovs_player_state_get_type (void) G_GNUC_CONST;
#define OVS_TYPE_PLAYER_STATE (ovs_player_state_get_type ())

#define OVS_PLAYER_SEEK_STEP (5 * G_GINT64_CONSTANT (1000000000))

#define OVS_TYPE_PLAYER (ovs_player_get_type ())

G_DECLARE_FINAL_TYPE (OvsPlayer, ovs_player, OVS, PLAYER, GObject)

/* Every function runs on the thread whose thread-default main context was current when the
 * player was made (the main thread); so do the notify:: emissions and the ::error signal. */
OvsPlayer      *ovs_player_new                 (void);

/* Setting a URI (or file) drops the previous pipeline and prerolls the new one: the first
 * frame, the size and the duration arrive without playing. %NULL unloads. */
void            ovs_player_set_uri             (OvsPlayer  *self,
                                                const char *uri);
const char     *ovs_player_get_uri             (OvsPlayer  *self);
void            ovs_player_set_file            (OvsPlayer  *self,
                                                GFile      *file);

void            ovs_player_play                (OvsPlayer  *self);
void            ovs_player_pause               (OvsPlayer  *self);
void            ovs_player_toggle              (OvsPlayer  *self);
/* Sets the pipeline to NULL and frees it; the last frame stays the paintable's contents.
 * ovs_player_play() or ovs_player_pause() builds a new pipeline. */
void            ovs_player_stop                (OvsPlayer  *self);
/* Accurate seeks, clamped to [0, duration]. */
void            ovs_player_seek                (OvsPlayer  *self,
                                                gint64      position);
void            ovs_player_seek_relative       (OvsPlayer  *self,
                                                gint64      delta);

gboolean        ovs_player_get_playing         (OvsPlayer  *self);
void            ovs_player_set_playing         (OvsPlayer  *self,
                                                gboolean    playing);
OvsPlayerState  ovs_player_get_state           (OvsPlayer  *self);
gint64          ovs_player_get_position        (OvsPlayer  *self);
gint64          ovs_player_get_duration        (OvsPlayer  *self);
gboolean        ovs_player_get_loop            (OvsPlayer  *self);
void            ovs_player_set_loop            (OvsPlayer  *self,
                                                gboolean    loop);
gboolean        ovs_player_get_muted           (OvsPlayer  *self);
void            ovs_player_set_muted           (OvsPlayer  *self,
                                                gboolean    muted);
double          ovs_player_get_volume          (OvsPlayer  *self);
void            ovs_player_set_volume          (OvsPlayer  *self,
                                                double      volume);
gboolean        ovs_player_get_has_audio       (OvsPlayer  *self);
gboolean        ovs_player_get_has_video       (OvsPlayer  *self);
/* (nullable): OVS_ERROR_MEDIA, with a message the UI can show as is. */
const GError   *ovs_player_get_error           (OvsPlayer  *self);

/* (nullable) (transfer full): the frame shown now. */
GdkTexture     *ovs_player_get_current_texture (OvsPlayer  *self);
/* Whether the audio goes to a fakesink because no audio device could be opened. */
gboolean        ovs_player_get_audio_fallback  (OvsPlayer  *self);

/* Playing in step with other players (OvsPlayerGroup): prerolled, no seek under way. */
gboolean        ovs_player_get_ready           (OvsPlayer  *self);
/* The position now, asked of the pipeline rather than the last one notified. */
gint64          ovs_player_query_position      (OvsPlayer  *self);
/* Plays from the position it is paused at with the running time starting at @base_time of
 * @clock: players paused at one position and given the same clock and base time show the
 * same frame at the same moment. A later pause then play must go through here again. */
void            ovs_player_play_synced         (OvsPlayer    *self,
                                                GstClock     *clock,
                                                GstClockTime  base_time);
/* Speed, 0.25 to 2 (1: as recorded); it applies with the next seek, or at once when the
 * pipeline is prerolled. */
double          ovs_player_get_rate            (OvsPlayer    *self);
void            ovs_player_set_rate            (OvsPlayer    *self,
                                                double        rate);
/* The rate of the segment the pipeline plays now (0 without a pipeline). */
double          ovs_player_query_rate          (OvsPlayer    *self);
/* Frames are scaled in the pipeline to fit the size the paintable was last drawn at, times
 * this (the widget's scale-factor: device pixels per drawn unit), and never enlarged; the
 * paintable's intrinsic size stays the video's own. */
void            ovs_player_set_scale_factor    (OvsPlayer    *self,
                                                int           scale_factor);
/* Sets that box before the picture is drawn (a view that knows its size), so the first
 * frame already comes scaled; the next draw sets it again. */
void            ovs_player_set_frame_box       (OvsPlayer    *self,
                                                int           width,
                                                int           height);
/* The box frames are scaled into now, in device pixels (0×0: not drawn yet). */
void            ovs_player_get_frame_box       (OvsPlayer    *self,
                                                int          *width,
                                                int          *height);
/* "m:ss", or "h:mm:ss" from an hour on; negative (unknown) times are "0:00". */
char           *ovs_player_format_time         (gint64      nanoseconds);

G_END_DECLS
