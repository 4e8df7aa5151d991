/* ovs-raster-cache.h: a widget's content drawn from a picture of it while nothing in it changes
 *
 * Without a GPU the app draws with GTK 4.8's cairo renderer, which walks the whole window's
 * render tree on every frame, however small the part that changed: typing one character in
 * the prompt drew some 550 nodes (the scenario list, the header bar, every panel) to repaint
 * a few glyphs, and scrolling the task list drew the header bar's icons on every frame. A
 * widget that draws through an OvsRasterCache hands the renderer one node instead of its
 * subtree once it has been still for a moment.
 *
 * How it decides (all on the main loop, nothing blocks):
 *   - a change is always drawn as it is (the subtree's own nodes), so a widget being typed
 *     in, scrolled or animated costs what it did;
 *   - once nothing in the widget has changed for a while (half a second, longer each time
 *     a picture was thrown away soon after it was made: a blinking cursor or a spinner
 *     never gets one), the subtree is drawn once into an image, and frames draw that image;
 *   - only with the cairo renderer, at scale 1, for a picture of at most 4 Mpx, and not
 *     while a text field inside has the focus (the next key would throw it away); the GL
 *     renderer has its own caches, and a picture at another scale would be blurred.
 * Pictures cost memory (4 bytes a pixel, and a larger upload to the X server when one is
 * made), so only widgets with many nodes for their area use one: the header bar, the
 * scenario list, the form's panels and the Tasks page's task view (still while the list
 * beside it is flicked through); not the prompt (typed in), nor the request preview (its
 * picture saved the least and cost the most).
 * The image is the subtree drawn by the same renderer code, at whole-pixel positions: drawn
 * to a texture, the window is identical with pictures and without (test-raster), but for a
 * video's frame (below). On screen, where a picture with translucent parts (a selected row,
 * a card's shadow) is composited over what lies under it rather than drawn onto it, about a
 * thousand antialiased pixels of the window differ by 1-3 levels of 255 (two by 12), from
 * rounding; none that can be seen.
 * A video's frame, scaled as it is drawn, is sampled a little differently into a picture:
 * some 330 pixels at its sharp edges differ by 1 or 2 levels, in the texture too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _OvsRasterCache OvsRasterCache;

/* @widget is not referenced; free the cache in its dispose. */
OvsRasterCache *ovs_raster_cache_new      (GtkWidget      *widget);
void            ovs_raster_cache_free     (OvsRasterCache *cache);

/* What draws the widget's content: usually its parent class's snapshot vfunc. */
typedef void (*OvsRasterContentFunc) (GtkWidget   *widget,
                                      GtkSnapshot *snapshot);

/* Call from the widget's snapshot vfunc. */
void            ovs_raster_cache_snapshot (OvsRasterCache      *cache,
                                           GtkSnapshot         *snapshot,
                                           OvsRasterContentFunc content);

/* Whether the last frame drew @cache's widget from its picture. */
gboolean        ovs_raster_cache_is_cached (OvsRasterCache *cache);

/* Whether any picture is made (TRUE by default): off, every widget is drawn as it is from
 * its next change on, which is what pictures must look like (the tests compare both). */
void            ovs_raster_cache_set_enabled (gboolean enabled);

#define OVS_TYPE_RASTER_BIN (ovs_raster_bin_get_type ())

G_DECLARE_FINAL_TYPE (OvsRasterBin, ovs_raster_bin, OVS, RASTER_BIN, AdwBin)

/* An AdwBin whose child draws through an OvsRasterCache, for widgets the app does not define
 * (the header bar, the scenario list's scroller). */
gboolean   ovs_raster_bin_is_cached  (OvsRasterBin *self);

G_END_DECLS
