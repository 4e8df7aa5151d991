/* ovs-player-group.c: several players with one transport, in step on one clock
 *
 * Every start is the same three steps: pause every tile, seek each to the group's position
 * (flushing, accurate), and once all have prerolled there, give every pipeline the same
 * clock and base time and set it playing (ovs_player_play_synced()). The sinks then show a
 * frame when the one clock reaches its running time, so the tiles agree to the frame
 * whatever each decoder costs; a seek while playing is a new start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-player-group"

#include "config.h"

#include "ovs-player-group.h"

#define FRAME (GST_SECOND / OVS_PLAYER_GROUP_FPS)
/* From "all prerolled" to the first frame: time for every pipeline to reach PLAYING. */
#define START_MARGIN (30 * GST_MSECOND)
#define READY_POLL_MS 10
#define TICK_MS 40

struct _OvsPlayerGroup
{
  GObject    parent_instance;

  GPtrArray *players;
  GstClock  *clock;
  OvsPlayer *solo;       /* borrowed: one of players */
  gboolean   playing;    /* what the user asked for */
  gboolean   loop;
  gint64     position;
  double     rate;
  guint      ready_id;   /* waiting for every tile to preroll at position */
  guint      tick_id;
};

G_DEFINE_FINAL_TYPE (OvsPlayerGroup, ovs_player_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLAYING,
  PROP_LOOP,
  PROP_POSITION,
  PROP_DURATION,
  PROP_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_playing (OvsPlayerGroup *self,
             gboolean        playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
set_position (OvsPlayerGroup *self,
              gint64          position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/* Tiles that take part: a video is set and can be played. */
static gboolean
is_member (OvsPlayer *player)
{
  return ovs_player_get_uri (player) != NULL
         && ovs_player_get_state (player) != OVS_PLAYER_STATE_ERROR;
}

/* The frame a tile shows at the group's @position: its last one once it is over. */
static gint64
clamp_for (OvsPlayer *player,
           gint64     position)
{
  gint64 duration = ovs_player_get_duration (player);

  if (duration > 0 && position > duration - FRAME)
    return MAX (0, duration - FRAME);
  return position;
}

static void
stop_timers (OvsPlayerGroup *self)
{
  g_clear_handle_id (&self->ready_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
pause_all (OvsPlayerGroup *self)
{
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);

      if (is_member (player) && ovs_player_get_playing (player))
        ovs_player_pause (player);
    }
}

static void
seek_all (OvsPlayerGroup *self)
{
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);

      if (is_member (player))
        ovs_player_seek (player, clamp_for (player, self->position));
    }
}

static void start (OvsPlayerGroup *self);

static gboolean
tick_cb (gpointer user_data)
{
  OvsPlayerGroup *self = user_data;
  gint64 position = -1;
  gboolean any_playing = FALSE;

  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);

      if (!is_member (player) || !ovs_player_get_playing (player))
        continue;
      any_playing = TRUE;
      position = MAX (position, ovs_player_query_position (player));
    }
  if (any_playing)
    {
      set_position (self, position);
      return G_SOURCE_CONTINUE;
    }

  /* Every tile is over: the longest ended the group's run. */
  self->tick_id = 0;
  if (self->loop)
    {
      set_position (self, 0);
      seek_all (self);
      start (self);
    }
  else
    {
      set_position (self, ovs_player_group_get_duration (self));
      set_playing (self, FALSE);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
all_ready (OvsPlayerGroup *self)
{
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);

      if (is_member (player) && !ovs_player_get_ready (player))
        return FALSE;
    }
  return TRUE;
}

static gboolean
ready_cb (gpointer user_data)
{
  OvsPlayerGroup *self = user_data;
  GstClockTime base;

  if (!all_ready (self))
    return G_SOURCE_CONTINUE;
  self->ready_id = 0;

  base = gst_clock_get_time (self->clock) + START_MARGIN;
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);
      gint64 duration = ovs_player_get_duration (player);

      /* A tile already past its end keeps its last frame. */
      if (is_member (player) && (duration <= 0 || self->position < duration - FRAME))
        ovs_player_play_synced (player, self->clock, base);
    }
  self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  return G_SOURCE_REMOVE;
}

static void
start (OvsPlayerGroup *self)
{
  stop_timers (self);
  self->ready_id = g_timeout_add (READY_POLL_MS, ready_cb, self);
}

static void
ovs_player_group_dispose (GObject *object)
{
  OvsPlayerGroup *self = OVS_PLAYER_GROUP (object);

  stop_timers (self);
  self->solo = NULL;
  g_clear_pointer (&self->players, g_ptr_array_unref);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (ovs_player_group_parent_class)->dispose (object);
}

static void
ovs_player_group_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OvsPlayerGroup *self = OVS_PLAYER_GROUP (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, ovs_player_group_get_duration (self));
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_player_group_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OvsPlayerGroup *self = OVS_PLAYER_GROUP (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      if (g_value_get_boolean (value))
        ovs_player_group_play (self);
      else
        ovs_player_group_pause (self);
      break;
    case PROP_LOOP:
      ovs_player_group_set_loop (self, g_value_get_boolean (value));
      break;
    case PROP_RATE:
      ovs_player_group_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_player_group_class_init (OvsPlayerGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_player_group_dispose;
  object_class->get_property = ovs_player_group_get_property;
  object_class->set_property = ovs_player_group_set_property;

  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, OVS_PLAYER_GROUP_MIN_RATE, OVS_PLAYER_GROUP_MAX_RATE,
                         1.0, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_player_group_init (OvsPlayerGroup *self)
{
  self->players = g_ptr_array_new_with_free_func (g_object_unref);
  self->rate = 1.0;
  /* The system's monotonic clock, shared: no tile's audio sink drives the others. */
  self->clock = gst_system_clock_obtain ();
}

OvsPlayerGroup *
ovs_player_group_new (void)
{
  return g_object_new (OVS_TYPE_PLAYER_GROUP, NULL);
}

static void
duration_cb (OvsPlayer      *player,
             GParamSpec     *pspec,
             OvsPlayerGroup *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

void
ovs_player_group_add (OvsPlayerGroup *self,
                      OvsPlayer      *player)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));
  g_return_if_fail (OVS_IS_PLAYER (player));

  ovs_player_set_loop (player, FALSE);
  ovs_player_set_rate (player, self->rate);
  ovs_player_set_muted (player, player != self->solo);
  g_ptr_array_add (self->players, g_object_ref (player));
  g_signal_connect_object (player, "notify::duration", G_CALLBACK (duration_cb), self, 0);
  /* A tile that fills in joins at the group's moment. */
  ovs_player_group_seek (self, self->position);
}

void
ovs_player_group_remove (OvsPlayerGroup *self,
                         OvsPlayer      *player)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  g_signal_handlers_disconnect_by_func (player, duration_cb, self);
  if (self->solo == player)
    self->solo = NULL;
  g_ptr_array_remove (self->players, player);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

guint
ovs_player_group_get_n_players (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), 0);

  return self->players->len;
}

OvsPlayer *
ovs_player_group_get_player (OvsPlayerGroup *self,
                             guint           index)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), NULL);
  g_return_val_if_fail (index < self->players->len, NULL);

  return g_ptr_array_index (self->players, index);
}

/* The longest tile still running says where the group is. */
static void
catch_up (OvsPlayerGroup *self)
{
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *player = g_ptr_array_index (self->players, i);

      if (is_member (player) && ovs_player_get_duration (player) > self->position)
        set_position (self, MAX (self->position, ovs_player_query_position (player)));
    }
}

void
ovs_player_group_play (OvsPlayerGroup *self)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  /* Play at the end starts over. */
  if (self->position >= ovs_player_group_get_duration (self) - FRAME)
    set_position (self, 0);
  stop_timers (self);
  pause_all (self);
  seek_all (self);
  set_playing (self, TRUE);
  start (self);
}

void
ovs_player_group_pause (OvsPlayerGroup *self)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  stop_timers (self);
  pause_all (self);
  catch_up (self);
  set_playing (self, FALSE);
}

void
ovs_player_group_toggle (OvsPlayerGroup *self)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  if (self->playing)
    ovs_player_group_pause (self);
  else
    ovs_player_group_play (self);
}

gboolean
ovs_player_group_get_playing (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), FALSE);

  return self->playing;
}

void
ovs_player_group_seek (OvsPlayerGroup *self,
                       gint64          position)
{
  gint64 duration;

  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  duration = ovs_player_group_get_duration (self);
  position = MAX (position, 0);
  if (duration > 0)
    position = MIN (position, duration);
  stop_timers (self);
  pause_all (self);
  set_position (self, position);
  seek_all (self);
  if (self->playing)
    start (self);
}

void
ovs_player_group_step (OvsPlayerGroup *self,
                       int             frames)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  if (self->playing)
    ovs_player_group_pause (self);
  ovs_player_group_seek (self, self->position + frames * FRAME);
}

gboolean
ovs_player_group_get_loop (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), FALSE);

  return self->loop;
}

void
ovs_player_group_set_loop (OvsPlayerGroup *self,
                           gboolean        loop)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  if (self->loop == loop)
    return;
  self->loop = loop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

gint64
ovs_player_group_get_position (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), 0);

  return self->position;
}

gint64
ovs_player_group_get_duration (OvsPlayerGroup *self)
{
  gint64 longest = 0;

  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), 0);

  for (guint i = 0; i < self->players->len; i++)
    if (is_member (g_ptr_array_index (self->players, i)))
      longest = MAX (longest, ovs_player_get_duration (g_ptr_array_index (self->players, i)));
  return longest;
}

void
ovs_player_group_solo (OvsPlayerGroup *self,
                       OvsPlayer      *player)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  self->solo = player;
  for (guint i = 0; i < self->players->len; i++)
    {
      OvsPlayer *each = g_ptr_array_index (self->players, i);

      ovs_player_set_muted (each, each != player);
    }
}

OvsPlayer *
ovs_player_group_get_solo (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), NULL);

  return self->solo;
}

double
ovs_player_group_get_rate (OvsPlayerGroup *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_GROUP (self), 1.0);

  return self->rate;
}

void
ovs_player_group_set_rate (OvsPlayerGroup *self,
                           double          rate)
{
  g_return_if_fail (OVS_IS_PLAYER_GROUP (self));

  rate = CLAMP (rate, OVS_PLAYER_GROUP_MIN_RATE, OVS_PLAYER_GROUP_MAX_RATE);
  if (G_APPROX_VALUE (self->rate, rate, 1e-6))
    return;
  self->rate = rate;
  /* A new start from where the group is, every tile at the new speed on the one clock. */
  stop_timers (self);
  pause_all (self);
  catch_up (self);
  for (guint i = 0; i < self->players->len; i++)
    ovs_player_set_rate (g_ptr_array_index (self->players, i), rate);
  seek_all (self);
  if (self->playing)
    start (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}
