/* test-player.c: the GStreamer player, its widget and the thumbnailer, on real videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <libsoup/soup.h>

#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-player-group.h"
#include "ovs-player-widget.h"
#include "ovs-player.h"
#include "ovs-renderer.h"
#include "ovs-thumbnailer.h"
#include "ovs-test-util.h"

#define TIMEOUT_SECONDS 30
#define SECOND ((gint64) GST_SECOND)

static char *tmp_dir;
static char *clip_with_audio;
static char *clip_without_audio;
static char *clip_short;

/* Spinning the main context */

typedef gboolean (*Condition) (gpointer data);

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

#define wait_until(cond, data) wait_until_impl ((Condition) (cond), (data), #cond)

static void
wait_until_impl (Condition   condition,
                 gpointer    data,
                 const char *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("%s did not hold within %d s", what, TIMEOUT_SECONDS);
  g_source_remove (id);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer *pointer)
{
  return *pointer != NULL;
}

static void
render (gboolean    audio,
        double      seconds,
        const char *name,
        char      **out_path)
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.%s", name, ovs_renderer_file_extension ());

  spec->seconds = seconds;
  spec->width = 640;
  spec->height = 360;
  spec->audio = audio;
  spec->text = g_strdup ("Omni Video Studio");
  spec->caption = g_strdup ("player");

  *out_path = g_build_filename (tmp_dir, file, NULL);
  ovs_renderer_render_async (spec, *out_path, NULL, store_result_cb, &result);
  wait_until (is_set, &result);
  g_assert_true (ovs_renderer_render_finish (result, &error));
  g_assert_no_error (error);
}

/* Pixels */

/* videotestsrc's 75 % bars; they scroll, so a pixel is one of them rather than a given one. */
static const guint8 bar_colours[][3] = {
  { 191, 191, 191 }, { 191, 191, 0 }, { 0, 191, 191 }, { 0, 191, 0 },
  { 191, 0, 191 }, { 191, 0, 0 }, { 0, 0, 191 },
};

static int
bar_index (guint8 r,
           guint8 g,
           guint8 b)
{
  for (guint i = 0; i < G_N_ELEMENTS (bar_colours); i++)
    if (ABS (r - bar_colours[i][0]) < 40 && ABS (g - bar_colours[i][1]) < 40
        && ABS (b - bar_colours[i][2]) < 40)
      return i;
  return -1;
}

/* Samples a row near the top (the bars, above the prompt): most samples are bar colours,
 * and there are several of them — not black, not one flat colour. */
static void
assert_bars (const guint8 *rgb_at (gconstpointer, int, int),
             gconstpointer image,
             int           width,
             int           height)
{
  guint seen = 0;
  int matches = 0;
  const int n = 16;

  for (int i = 0; i < n; i++)
    {
      int x = width * (2 * i + 1) / (2 * n);
      const guint8 *rgb = rgb_at (image, x, height / 20);
      int index = bar_index (rgb[0], rgb[1], rgb[2]);

      if (index >= 0)
        {
          matches++;
          seen |= 1u << index;
        }
    }

  g_test_message ("%d of %d samples are bar colours, %d colours", matches, n,
                  __builtin_popcount (seen));
  g_assert_cmpint (matches, >=, n * 3 / 4);
  g_assert_cmpint (__builtin_popcount (seen), >=, 4);
}

typedef struct
{
  guint8 *data;
  gsize   stride;
  guint8  rgb[3];
} Downloaded;

static const guint8 *
texture_rgb_at (gconstpointer image,
                int           x,
                int           y)
{
  Downloaded *d = (Downloaded *) image;
  const guint8 *p = d->data + y * d->stride + x * 4;

  /* GDK_MEMORY_DEFAULT: B8G8R8A8_PREMULTIPLIED, opaque here. */
  d->rgb[0] = p[2];
  d->rgb[1] = p[1];
  d->rgb[2] = p[0];
  return d->rgb;
}

static const guint8 *
pixbuf_rgb_at (gconstpointer image,
               int           x,
               int           y)
{
  GdkPixbuf *pixbuf = (GdkPixbuf *) image;

  return gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf)
         + x * gdk_pixbuf_get_n_channels (pixbuf);
}

static void
assert_texture_shows_bars (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  Downloaded d = { g_malloc (width * height * 4), width * 4, { 0, } };

  gdk_texture_download (texture, d.data, d.stride);
  assert_bars (texture_rgb_at, &d, width, height);
  g_free (d.data);
}

/* Player conditions */

typedef struct
{
  OvsPlayer *player;
  gint64     position;
  guint      frames;
  guint      errors;
  guint      position_updates;
} Watch;

static void
frame_cb (GdkPaintable *paintable,
          Watch        *watch)
{
  watch->frames++;
}

static void
error_cb (OvsPlayer    *player,
          const GError *error,
          Watch        *watch)
{
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  watch->errors++;
}

static void
position_cb (OvsPlayer  *player,
             GParamSpec *pspec,
             Watch      *watch)
{
  watch->position_updates++;
}

static void
watch_player (Watch     *watch,
              OvsPlayer *player)
{
  watch->player = player;
  g_signal_connect (player, "invalidate-contents", G_CALLBACK (frame_cb), watch);
  g_signal_connect (player, "error", G_CALLBACK (error_cb), watch);
  g_signal_connect (player, "notify::position", G_CALLBACK (position_cb), watch);
}

static gboolean
is_loaded (Watch *watch)
{
  return watch->frames > 0 && ovs_player_get_duration (watch->player) > 0
         && ovs_player_get_state (watch->player) == OVS_PLAYER_STATE_PAUSED;
}

static gboolean
is_past (Watch *watch)
{
  return ovs_player_get_position (watch->player) >= watch->position;
}

static gboolean
is_before (Watch *watch)
{
  return ovs_player_get_position (watch->player) < watch->position;
}

static gboolean
is_not_playing (Watch *watch)
{
  return !ovs_player_get_playing (watch->player);
}

static gboolean
has_error (Watch *watch)
{
  return ovs_player_get_error (watch->player) != NULL;
}

static gboolean
has_position_updates (Watch *watch)
{
  return watch->position_updates >= 3;
}

static OvsPlayer *
load (Watch      *watch,
      const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OvsPlayer *player = ovs_player_new ();

  watch_player (watch, player);
  ovs_player_set_file (player, file);
  wait_until (is_loaded, watch);
  return player;
}

static void
test_play (void)
{
  Watch watch = { 0, };
  g_autoptr(OvsPlayer) player = load (&watch, clip_with_audio);
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GdkTexture) later = NULL;
  GdkPaintable *paintable = GDK_PAINTABLE (player);
  gint64 duration = ovs_player_get_duration (player);
  guint frames;

  /* The first frame, the size and the duration come before playing. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 640);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 360);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  640.0 / 360.0, 0.001);
  g_assert_cmpint (ABS (duration - 2 * SECOND), <, SECOND / 5);
  g_assert_true (ovs_player_get_has_video (player));
  g_assert_true (ovs_player_get_has_audio (player));
  g_assert_false (ovs_player_get_playing (player));
  g_assert_null (ovs_player_get_error (player));

  first = ovs_player_get_current_texture (player);
  g_assert_nonnull (first);
  g_assert_cmpint (gdk_texture_get_width (first), ==, 640);
  g_assert_cmpint (gdk_texture_get_height (first), ==, 360);
  assert_texture_shows_bars (first);

  /* Playing: frames arrive, the position advances, the end stops it. */
  frames = watch.frames;
  ovs_player_play (player);
  g_assert_true (ovs_player_get_playing (player));
  watch.position = SECOND / 2;
  wait_until (is_past, &watch);
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_PLAYING);
  g_assert_cmpuint (watch.frames, >, frames + 5);
  later = ovs_player_get_current_texture (player);
  g_assert_true (later != first);
  assert_texture_shows_bars (later);

  wait_until (is_not_playing, &watch);
  g_assert_cmpint (ovs_player_get_position (player), ==, duration);
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_PAUSED);

  /* Play at the end starts over. */
  ovs_player_play (player);
  g_assert_cmpint (ovs_player_get_position (player), ==, 0);
  watch.position = SECOND / 4;
  wait_until (is_past, &watch);
  ovs_player_pause (player);
  g_assert_false (ovs_player_get_playing (player));

  ovs_player_stop (player);
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_STOPPED);
  g_assert_cmpuint (watch.errors, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_loop (void)
{
  Watch watch = { 0, };
  g_autoptr(OvsPlayer) player = load (&watch, clip_without_audio);

  ovs_player_set_loop (player, TRUE);
  ovs_player_play (player);
  watch.position = 3 * SECOND / 2;
  wait_until (is_past, &watch);

  /* Past the end it starts again instead of stopping. */
  watch.position = SECOND / 2;
  wait_until (is_before, &watch);
  g_assert_true (ovs_player_get_playing (player));
  watch.position = SECOND / 4;
  wait_until (is_past, &watch);
  g_assert_true (ovs_player_get_playing (player));
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_PLAYING);

  ovs_player_stop (player);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_seek (void)
{
  Watch watch = { 0, };
  g_autoptr(OvsPlayer) player = load (&watch, clip_with_audio);
  gint64 started, elapsed, position;

  /* Paused: the position is the target at once, and the clock starts from there. */
  ovs_player_seek (player, SECOND);
  g_assert_cmpint (ovs_player_get_position (player), ==, SECOND);
  started = g_get_monotonic_time ();
  ovs_player_play (player);
  watch.position_updates = 0;
  wait_until (has_position_updates, &watch);
  elapsed = (g_get_monotonic_time () - started) * 1000;
  position = ovs_player_get_position (player);
  g_test_message ("position %" G_GINT64_FORMAT " ms after %" G_GINT64_FORMAT " ms",
                  position / GST_MSECOND, elapsed / GST_MSECOND);
  g_assert_cmpint (position, >=, SECOND - SECOND / 20);
  g_assert_cmpint (position, <=, SECOND + elapsed + SECOND / 4);

  /* Relative seeks are clamped to the video. */
  ovs_player_seek_relative (player, -OVS_PLAYER_SEEK_STEP);
  g_assert_cmpint (ovs_player_get_position (player), ==, 0);
  ovs_player_seek_relative (player, OVS_PLAYER_SEEK_STEP);
  g_assert_cmpint (ovs_player_get_position (player), ==, ovs_player_get_duration (player));
  wait_until (is_not_playing, &watch);

  ovs_player_stop (player);
  g_assert_finalize_object (g_steal_pointer (&player));
}

/* A group of tiles: the positions read from the players themselves. */

typedef struct
{
  OvsPlayerGroup *group;
  gint64          position;
} GroupWatch;

static gboolean
group_is_past (GroupWatch *watch)
{
  return ovs_player_group_get_playing (watch->group)
         && ovs_player_group_get_position (watch->group) >= watch->position;
}

static gboolean
group_is_before (GroupWatch *watch)
{
  return ovs_player_group_get_position (watch->group) < watch->position;
}

static gboolean
group_is_ready (GroupWatch *watch)
{
  for (guint i = 0; i < ovs_player_group_get_n_players (watch->group); i++)
    if (!ovs_player_get_ready (ovs_player_group_get_player (watch->group, i)))
      return FALSE;
  return TRUE;
}

/* The first @n tiles show the same moment: no two more than one frame apart. */
static void
assert_in_step (OvsPlayerGroup *group,
                guint           n,
                const char     *when)
{
  gint64 lowest = G_MAXINT64, highest = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 position = ovs_player_query_position (ovs_player_group_get_player (group, i));

      g_test_message ("%s: tile %u at %" G_GINT64_FORMAT " ms", when, i, position / GST_MSECOND);
      lowest = MIN (lowest, position);
      highest = MAX (highest, position);
    }
  g_assert_cmpint (highest - lowest, <=, GST_SECOND / OVS_PLAYER_GROUP_FPS);
}

static void
test_group (void)
{
  Watch watches[3] = { { 0, }, };
  OvsPlayer *long_a = load (&watches[0], clip_with_audio);
  OvsPlayer *long_b = load (&watches[1], clip_without_audio);
  OvsPlayer *short_c = load (&watches[2], clip_short);
  g_autoptr(OvsPlayerGroup) group = ovs_player_group_new ();
  GroupWatch watch = { group, 0 };
  gint64 short_duration = ovs_player_get_duration (short_c);

  ovs_player_group_add (group, long_a);
  ovs_player_group_add (group, long_b);
  ovs_player_group_add (group, short_c);
  g_object_unref (long_a);
  g_object_unref (long_b);
  g_object_unref (short_c);
  g_assert_cmpint (ABS (ovs_player_group_get_duration (group) - 2 * SECOND), <, SECOND / 5);
  /* Sound from one tile at a time: the first solo mutes the others. */
  ovs_player_group_solo (group, long_a);
  g_assert_false (ovs_player_get_muted (long_a));
  g_assert_true (ovs_player_get_muted (long_b));

  /* Play: in step once running; the short one holds its last frame. */
  ovs_player_group_play (group);
  watch.position = 3 * SECOND / 2;
  wait_until (group_is_past, &watch);
  assert_in_step (group, 2, "play");
  g_assert_false (ovs_player_get_playing (short_c));
  g_assert_cmpint (ovs_player_get_position (short_c), ==, short_duration);
  g_assert_nonnull (ovs_player_get_current_texture (short_c));

  /* A seek while playing: every tile from there, the short one playing again. */
  ovs_player_group_seek (group, SECOND / 2);
  watch.position = 3 * SECOND / 4;
  wait_until (group_is_past, &watch);
  assert_in_step (group, 3, "seek");

  /* Loop: the group starts over when the longest ends, still in step. */
  ovs_player_group_set_loop (group, TRUE);
  watch.position = SECOND / 2;
  wait_until (group_is_before, &watch);
  watch.position = SECOND / 4;
  wait_until (group_is_past, &watch);
  assert_in_step (group, 3, "loop");
  g_assert_true (ovs_player_group_get_playing (group));

  /* Speed: every pipeline plays at twice the speed, and the tiles stay in step. */
  ovs_player_group_set_loop (group, FALSE);
  ovs_player_group_seek (group, 0);
  ovs_player_group_set_rate (group, 2.0);
  g_assert_true (ovs_player_group_get_playing (group));
  watch.position = SECOND;
  wait_until (group_is_past, &watch);
  assert_in_step (group, 2, "twice the speed");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (ovs_player_query_rate (ovs_player_group_get_player (group, i)), ==, 2.0);
  ovs_player_group_set_rate (group, 0.25);
  wait_until (group_is_ready, &watch);
  assert_in_step (group, 2, "a quarter of the speed");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (ovs_player_query_rate (ovs_player_group_get_player (group, i)), ==, 0.25);
  ovs_player_group_set_rate (group, 1.0);

  /* Frame steps pause, and move every tile by one frame. */
  ovs_player_group_pause (group);
  ovs_player_group_seek (group, SECOND / 2);
  ovs_player_group_step (group, 1);
  g_assert_cmpint (ovs_player_group_get_position (group), ==, SECOND / 2 + GST_SECOND / OVS_PLAYER_GROUP_FPS);
  wait_until (group_is_ready, &watch);
  assert_in_step (group, 3, "step");
  g_assert_false (ovs_player_group_get_playing (group));

  for (guint i = 0; i < 3; i++)
    ovs_player_stop (ovs_player_group_get_player (group, i));
  g_assert_finalize_object (g_steal_pointer (&group));
}

static gboolean
frame_is_narrower (Watch *watch)
{
  g_autoptr(GdkTexture) texture = ovs_player_get_current_texture (watch->player);

  return texture != NULL && gdk_texture_get_width (texture) <= watch->position;
}

static gboolean
frame_is_wider (Watch *watch)
{
  g_autoptr(GdkTexture) texture = ovs_player_get_current_texture (watch->player);

  return texture != NULL && gdk_texture_get_width (texture) >= watch->position;
}

static gboolean
is_ready (Watch *watch)
{
  return ovs_player_get_ready (watch->player);
}

/* A speed chosen before the video is loaded is the one it plays at. */
static void
test_rate (void)
{
  g_autoptr(OvsPlayer) player = ovs_player_new ();
  g_autoptr(GFile) file = g_file_new_for_path (clip_without_audio);
  Watch watch = { 0, };

  watch_player (&watch, player);
  ovs_player_set_rate (player, 0.5);
  ovs_player_set_file (player, file);
  wait_until (is_loaded, &watch);
  wait_until (is_ready, &watch);
  g_assert_cmpfloat (ovs_player_query_rate (player), ==, 0.5);
  ovs_player_play (player);
  g_assert_cmpfloat (ovs_player_query_rate (player), ==, 0.5);
  ovs_player_stop (player);
  g_signal_handlers_disconnect_by_data (player, &watch);
}

/* The last row and the last column look like the ones next to them: not a black line. */
static void
assert_no_black_edge (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  guint black = 0, samples = 0;

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int x = 0; x < width; x += 7, samples++)
    {
      const guint8 *last = data + ((gsize) (height - 1) * width + x) * 4;
      const guint8 *above = last - (gsize) width * 4;

      if (last[0] + last[1] + last[2] < 30 && above[0] + above[1] + above[2] > 90)
        black++;
    }
  for (int y = 0; y < height; y += 7, samples++)
    {
      const guint8 *last = data + ((gsize) y * width + width - 1) * 4;

      if (last[0] + last[1] + last[2] < 30 && last[-4] + last[-3] + last[-2] > 90)
        black++;
    }
  g_test_message ("%u of %u edge samples black where their neighbour is not", black, samples);
  g_assert_cmpuint (black, <, samples / 10);
}

/* Frames come from the pipeline at the size they are drawn at, never larger than the video,
 * while the picture keeps the video's own size for the layout. */
static void
test_fit (void)
{
  GtkWidget *window = gtk_window_new ();
  g_autoptr(OvsPlayer) player = ovs_player_new ();
  g_autoptr(GFile) file = g_file_new_for_path (clip_with_audio);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (player));
  Watch watch = { 0, };
  int box_width, box_height;

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_window_set_child (GTK_WINDOW (window), picture);
  /* About 338×190 drawn: a 384×192 box, where the height decides and 192 × 16 / 9 is not
   * whole (341.3: the frame is a little wider than the video's shape). */
  gtk_window_set_default_size (GTK_WINDOW (window), 340, 190);
  gtk_window_set_resizable (GTK_WINDOW (window), TRUE);
  watch_player (&watch, player);
  ovs_player_set_file (player, file);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_loaded, &watch);

  ovs_player_play (player);
  watch.position = 384;
  wait_until (frame_is_narrower, &watch);
  ovs_player_get_frame_box (player, &box_width, &box_height);
  g_test_message ("drawn in a %d×%d box", box_width, box_height);
  g_assert_cmpint (box_width, <=, 384);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (player)), ==, 640);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (player)), ==, 360);
  {
    g_autoptr(GdkTexture) texture = ovs_player_get_current_texture (player);

    /* Scaled whole, not cropped or squeezed: the bars are all there, and no black border
     * (the box's whole pixels are not exactly 16:9 here). */
    g_assert_cmpint (ABS (gdk_texture_get_width (texture) * 360 - gdk_texture_get_height (texture) * 640), <=, 640);
    assert_texture_shows_bars (texture);
    assert_no_black_edge (texture);
  }

  /* Paused and then drawn larger, the frame is decoded again at the new size, up to the
   * video's own. */
  ovs_player_pause (player);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  watch.position = 640;
  wait_until (frame_is_wider, &watch);
  g_assert_false (ovs_player_get_playing (player));
  {
    g_autoptr(GdkTexture) texture = ovs_player_get_current_texture (player);

    g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  }

  ovs_player_stop (player);
  gtk_window_destroy (GTK_WINDOW (window));
  g_signal_handlers_disconnect_by_data (player, &watch);
}

static gboolean
have_sound_server (void)
{
  g_autofree char *pulse = g_build_filename (g_get_user_runtime_dir (), "pulse", "native", NULL);

  return g_file_test ("/dev/snd", G_FILE_TEST_EXISTS) || g_getenv ("PULSE_SERVER") != NULL
         || g_file_test (pulse, G_FILE_TEST_EXISTS);
}

static void
test_no_audio_device (void)
{
  Watch watch = { 0, };
  g_autoptr(OvsPlayer) player = load (&watch, clip_with_audio);
  gint64 started = g_get_monotonic_time ();
  double seconds;

  g_test_message ("audio fallback: %s", ovs_player_get_audio_fallback (player) ? "yes" : "no");
  if (!have_sound_server ())
    g_assert_true (ovs_player_get_audio_fallback (player));

  ovs_player_set_volume (player, 0.5);
  ovs_player_set_muted (player, TRUE);
  ovs_player_play (player);
  wait_until (is_not_playing, &watch);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  /* The fallback keeps time: the video plays at its speed, not as fast as it decodes. */
  g_test_message ("played 2 s in %.2f s", seconds);
  g_assert_cmpfloat (seconds, >=, 1.6);
  g_assert_cmpint (ovs_player_get_position (player), ==, ovs_player_get_duration (player));
  g_assert_null (ovs_player_get_error (player));
  g_assert_true (ovs_player_get_muted (player));
  g_assert_cmpfloat_with_epsilon (ovs_player_get_volume (player), 0.5, 1e-9);

  ovs_player_stop (player);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_without_audio (void)
{
  Watch watch = { 0, };
  g_autoptr(OvsPlayer) player = load (&watch, clip_without_audio);

  g_assert_false (ovs_player_get_has_audio (player));
  g_assert_true (ovs_player_get_has_video (player));
  ovs_player_play (player);
  wait_until (is_not_playing, &watch);
  g_assert_cmpint (ovs_player_get_position (player), ==, ovs_player_get_duration (player));

  ovs_player_stop (player);
  g_assert_finalize_object (g_steal_pointer (&player));
}

static void
test_invalid_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "not-a-video.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(OvsPlayer) player = ovs_player_new ();
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, };
  const GError *player_error;

  g_assert_true (g_file_set_contents (path, "This is not a video, only some text.\n", -1, NULL));
  watch_player (&watch, player);
  ovs_player_set_file (player, file);
  ovs_player_play (player);
  wait_until (has_error, &watch);

  player_error = ovs_player_get_error (player);
  g_test_message ("%s", player_error->message);
  g_assert_error (player_error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_true (g_str_has_prefix (player_error->message, "This video cannot be played: "));
  g_assert_cmpuint (strlen (player_error->message), >, strlen ("This video cannot be played: "));
  g_assert_cmpuint (watch.errors, ==, 1);
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_ERROR);
  g_assert_false (ovs_player_get_playing (player));
  g_assert_null (ovs_player_get_current_texture (player));

  /* The property is a boxed GError. */
  g_object_get (player, "error", &error, NULL);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);

  /* Trying again fails again, no worse. */
  ovs_player_play (player);
  wait_until (has_error, &watch);
  g_assert_cmpuint (watch.errors, >=, 1);

  g_assert_finalize_object (g_steal_pointer (&player));
}

/* With the video decoders out of the way, decodebin asks for a missing plug-in. */
static void
test_missing_decoder (void)
{
  GList *factories = gst_element_factory_list_get_elements (GST_ELEMENT_FACTORY_TYPE_DECODER
                                                            | GST_ELEMENT_FACTORY_TYPE_MEDIA_VIDEO,
                                                            GST_RANK_NONE);
  g_autoptr(GArray) ranks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GFile) file = g_file_new_for_path (clip_without_audio);
  g_autoptr(OvsPlayer) player = ovs_player_new ();
  Watch watch = { 0, };
  const GError *error;
  guint i = 0;

  for (GList *l = factories; l != NULL; l = l->next)
    {
      guint rank = gst_plugin_feature_get_rank (l->data);

      g_array_append_val (ranks, rank);
      gst_plugin_feature_set_rank (l->data, GST_RANK_NONE);
    }

  watch_player (&watch, player);
  ovs_player_set_file (player, file);
  wait_until (has_error, &watch);
  error = ovs_player_get_error (player);
  g_test_message ("%s", error->message);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_assert_true (g_str_has_prefix (error->message, "This video cannot be played: "));
  g_assert_nonnull (strstr (error->message, "not installed"));
  g_assert_null (strstr (error->message, ":)"));

  for (GList *l = factories; l != NULL; l = l->next, i++)
    gst_plugin_feature_set_rank (l->data, g_array_index (ranks, guint, i));
  gst_plugin_feature_list_free (factories);

  g_assert_finalize_object (g_steal_pointer (&player));
}

/* The widget */

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0))
        return child;
      if ((found = find_widget (child, type, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return GTK_LABEL (child);
      if ((found = find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkLabel   *label;
  const char *prefix;
} LabelWait;

static gboolean
label_has_prefix (LabelWait *wait)
{
  return g_str_has_prefix (gtk_label_get_text (wait->label), wait->prefix);
}

static gboolean
is_mapped (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget);
}

static void
test_widget (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = ovs_player_widget_new ();
  g_autoptr(GFile) file = g_file_new_for_path (clip_with_audio);
  OvsPlayer *player = g_object_ref (ovs_player_widget_get_player (OVS_PLAYER_WIDGET (widget)));
  GtkWidget *picture, *play, *mute, *error_label;
  LabelWait label_wait;
  Watch watch = { 0, };

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 400);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  watch_player (&watch, player);
  ovs_player_widget_set_file (OVS_PLAYER_WIDGET (widget), file);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (is_mapped, widget);
  wait_until (is_loaded, &watch);

  picture = find_widget (widget, GTK_TYPE_PICTURE, NULL);
  g_assert_nonnull (picture);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) == GDK_PAINTABLE (player));
  g_assert_true (gtk_widget_get_visible (picture));

  label_wait.label = find_label (widget, " / ");
  g_assert_nonnull (label_wait.label);
  g_assert_cmpstr (gtk_label_get_text (label_wait.label), ==, "0:00 / 0:02");

  /* The play button plays, and turns into a pause button. */
  play = find_widget (widget, GTK_TYPE_BUTTON, "Play");
  g_assert_nonnull (play);
  g_signal_emit_by_name (play, "clicked");
  g_assert_true (ovs_player_get_playing (player));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (play), ==, "Pause");
  label_wait.prefix = "0:01 / 0:02";
  wait_until (label_has_prefix, &label_wait);
  g_signal_emit_by_name (play, "clicked");
  g_assert_false (ovs_player_get_playing (player));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (play), ==, "Play");

  /* The keys' actions. */
  g_assert_true (gtk_widget_activate_action (widget, "player.seek-backward", NULL));
  g_assert_cmpint (ovs_player_get_position (player), ==, 0);
  label_wait.prefix = "0:00 / 0:02";
  wait_until (label_has_prefix, &label_wait);
  g_assert_true (gtk_widget_activate_action (widget, "player.mute", NULL));
  g_assert_true (ovs_player_get_muted (player));
  mute = find_widget (widget, GTK_TYPE_TOGGLE_BUTTON, "Unmute");
  g_assert_nonnull (mute);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mute)));
  g_assert_true (gtk_widget_activate_action (widget, "player.loop", NULL));
  g_assert_true (ovs_player_get_loop (player));
  g_assert_true (gtk_widget_activate_action (widget, "player.toggle", NULL));
  g_assert_true (ovs_player_get_playing (player));

  /* Hidden, it stops and frees the pipeline. */
  gtk_widget_set_visible (widget, FALSE);
  g_assert_false (ovs_player_get_playing (player));
  g_assert_cmpint (ovs_player_get_state (player), ==, OVS_PLAYER_STATE_STOPPED);
  gtk_widget_set_visible (widget, TRUE);

  /* An error replaces the picture with the message. */
  {
    g_autofree char *path = g_build_filename (tmp_dir, "widget-not-a-video.mp4", NULL);
    g_autoptr(GFile) bad = g_file_new_for_path (path);

    g_assert_true (g_file_set_contents (path, "not a video", -1, NULL));
    ovs_player_widget_set_file (OVS_PLAYER_WIDGET (widget), bad);
    wait_until (has_error, &watch);
    g_assert_false (gtk_widget_get_visible (picture));
    error_label = GTK_WIDGET (find_label (widget, "This video cannot be played: "));
    g_assert_nonnull (error_label);
    g_assert_true (gtk_widget_is_visible (error_label));
    g_assert_false (gtk_widget_is_visible (GTK_WIDGET (label_wait.label)));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_signal_handlers_disconnect_by_data (player, &watch);
  g_assert_finalize_object (player);
}

/* The thumbnailer */

static char *
thumbnail (const char    *uri,
           int            max_width,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ovs_thumbnailer_get_async (uri, max_width, cancellable, store_result_cb, &result);
  wait_until (is_set, &result);
  return ovs_thumbnailer_get_finish (result, error);
}

static guint
count_files (const char *dir_path,
             const char *suffix)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (suffix == NULL || g_str_has_suffix (name, suffix))
      n++;
  return n;
}

static void
test_thumbnailer (void)
{
  g_autofree char *uri = g_filename_to_uri (clip_with_audio, NULL, NULL);
  g_autofree char *cache_dir = ovs_thumbnailer_get_cache_dir ();
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GStatBuf before, after;
  gint64 started;
  guint files;

  path = thumbnail (uri, 320, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, cache_dir));
  g_assert_true (g_str_has_suffix (path, ".png"));

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 180);
  assert_bars (pixbuf_rgb_at, pixbuf, 320, 180);

  /* A cache hit: the same file, not written again, at once. */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  started = g_get_monotonic_time ();
  again = thumbnail (uri, 320, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, path);
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC / 5);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpint (before.st_mtim.tv_sec, ==, after.st_mtim.tv_sec);
  g_assert_cmpint (before.st_mtim.tv_nsec, ==, after.st_mtim.tv_nsec);
  g_assert_cmpint (before.st_ino, ==, after.st_ino);

  /* The cache alone (what the task rows ask for in a thread): this one, none at a width
   * not made yet. */
  g_clear_pointer (&again, g_free);
  again = ovs_thumbnailer_dup_cached (uri, 320);
  g_assert_cmpstr (again, ==, path);
  g_clear_pointer (&again, g_free);
  g_assert_null (ovs_thumbnailer_dup_cached (uri, 321));

  /* Another width is another thumbnail; a cancelled one leaves nothing. */
  files = count_files (cache_dir, NULL);
  g_cancellable_cancel (cancellable);
  g_clear_pointer (&again, g_free);
  again = thumbnail (uri, 200, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (again);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (cache_dir, NULL), ==, files);
  g_assert_cmpuint (count_files (cache_dir, ".part"), ==, 0);

  /* Cancelled while decoding. */
  g_clear_object (&cancellable);
  cancellable = g_cancellable_new ();
  {
    g_autoptr(GAsyncResult) result = NULL;

    ovs_thumbnailer_get_async (uri, 160, cancellable, store_result_cb, &result);
    g_timeout_add_once (1, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
    wait_until (is_set, &result);
    again = ovs_thumbnailer_get_finish (result, &error);
    if (again != NULL)
      g_test_message ("finished before the cancellation");
    else
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (count_files (cache_dir, ".part"), ==, 0);
    g_assert_cmpuint (count_files (cache_dir, NULL), ==, files + (again != NULL ? 1 : 0));
    g_clear_pointer (&again, g_free);
  }

  /* The video without audio, narrower than the limit: its own size. */
  {
    g_autofree char *uri2 = g_filename_to_uri (clip_without_audio, NULL, NULL);
    g_autofree char *path2 = thumbnail (uri2, 1000, NULL, &error);
    g_autoptr(GdkPixbuf) pixbuf2 = NULL;

    g_assert_no_error (error);
    pixbuf2 = gdk_pixbuf_new_from_file (path2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf2), ==, 640);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf2), ==, 360);
  }
}

static void
test_thumbnailer_errors (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "thumb-not-a-video.mp4", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *missing = g_filename_to_uri ("/nonexistent/video.mp4", NULL, NULL);
  g_autofree char *cache_dir = ovs_thumbnailer_get_cache_dir ();
  g_autoptr(GError) error = NULL;
  char *result;

  g_assert_true (g_file_set_contents (path, "not a video", -1, NULL));
  result = thumbnail (uri, 320, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_MEDIA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (cache_dir, ".part"), ==, 0);

  result = thumbnail (missing, 320, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* Over HTTP, from a loopback server */

static void
serve_file_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (clip_without_audio, FALSE, NULL);
  g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (mapped);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_set_content_type (headers, ovs_renderer_content_type (), NULL);
  soup_server_message_set_response (msg, ovs_renderer_content_type (), SOUP_MEMORY_COPY,
                                    g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
test_thumbnailer_http (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GSList *uris;

  soup_server_add_handler (server, "/video", serve_file_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/video", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  path = thumbnail (url, 320, NULL, &error);
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  assert_bars (pixbuf_rgb_at, pixbuf, 320, 180);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("ovs-test-player-XXXXXX", &error);
  g_assert_no_error (error);

  /* The cache is private to the run; the system's folders (icons) stay visible. */
  {
    g_autofree char *cache = g_build_filename (tmp_dir, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }

  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();
  gtk_init ();
  gst_init (NULL, NULL);

  render (TRUE, 2.0, "with-audio", &clip_with_audio);
  render (FALSE, 2.0, "without-audio", &clip_without_audio);
  render (FALSE, 1.0, "short", &clip_short);

  g_test_add_func ("/player/play", test_play);
  g_test_add_func ("/player/loop", test_loop);
  g_test_add_func ("/player/seek", test_seek);
  g_test_add_func ("/player/group", test_group);
  g_test_add_func ("/player/fit", test_fit);
  g_test_add_func ("/player/rate", test_rate);
  g_test_add_func ("/player/no-audio-device", test_no_audio_device);
  g_test_add_func ("/player/without-audio", test_without_audio);
  g_test_add_func ("/player/invalid-file", test_invalid_file);
  g_test_add_func ("/player/missing-decoder", test_missing_decoder);
  g_test_add_func ("/player/widget", test_widget);
  g_test_add_func ("/player/thumbnailer/local", test_thumbnailer);
  g_test_add_func ("/player/thumbnailer/errors", test_thumbnailer_errors);
  g_test_add_func ("/player/thumbnailer/http", test_thumbnailer_http);

  status = g_test_run ();

  ovs_test_remove_tree (tmp_dir);
  g_free (clip_with_audio);
  g_free (clip_without_audio);
  g_free (clip_short);
  g_free (tmp_dir);
  return status;
}
