/* ovs-raster-cache.c: a widget's content drawn from a picture of it while nothing in it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "ovs-raster-cache.h"

/* How long a widget must be still before it is pictured, at first and at most. */
#define SETTLE_MS 500
#define SETTLE_MAX_MS 8000
/* A picture thrown away sooner than this after it was made was not worth making. */
#define WASTED_US (2 * G_USEC_PER_SEC)
/* Larger pictures are not made: 4 Mpx is 16 MiB. */
#define MAX_PIXELS (4 * 1024 * 1024)

static gboolean enabled = TRUE;

struct _OvsRasterCache
{
  GtkWidget *widget;
  guint      settle_id;
  guint      delay_ms;
  gint64     pictured_us;   /* when the last picture was made, or 0 */
  gboolean   picture_next;  /* the widget has been still: picture it on the next frame */
  gboolean   cached;        /* the last frame drew the picture */
};

static gboolean settle_cb (gpointer data);

/* Whether pictures pay here at all: the cairo renderer, at scale 1 (the GL renderer has its
 * own caches, and a picture at another scale would be blurred). */
static gboolean
renders_pictures (OvsRasterCache *cache)
{
  GtkNative *native = gtk_widget_get_native (cache->widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return enabled && renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer)
         && gtk_widget_get_scale_factor (cache->widget) == 1;
}

/* And now: not while something inside is being typed in (the next key would throw the
 * picture away). */
static gboolean
can_picture (OvsRasterCache *cache)
{
  GtkRoot *root = gtk_widget_get_root (cache->widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && (GTK_IS_TEXT (focus) || GTK_IS_TEXT_VIEW (focus))
      && gtk_widget_is_ancestor (focus, cache->widget))
    return FALSE;
  return renders_pictures (cache);
}

/* After a change, or shown again: pictured once still, where pictures are made at all. */
static void
wait_until_still (OvsRasterCache *cache)
{
  g_clear_handle_id (&cache->settle_id, g_source_remove);
  if (renders_pictures (cache))
    cache->settle_id = g_timeout_add (cache->delay_ms, settle_cb, cache);
}

/* Shown again (a page switched to). */
static void
mapped_cb (OvsRasterCache *cache)
{
  if (!cache->cached)
    wait_until_still (cache);
}

OvsRasterCache *
ovs_raster_cache_new (GtkWidget *widget)
{
  OvsRasterCache *cache = g_new0 (OvsRasterCache, 1);

  cache->widget = widget;
  cache->delay_ms = SETTLE_MS;
  g_signal_connect_swapped (widget, "map", G_CALLBACK (mapped_cb), cache);
  return cache;
}

void
ovs_raster_cache_free (OvsRasterCache *cache)
{
  if (cache == NULL)
    return;
  g_signal_handlers_disconnect_by_data (cache->widget, cache);
  g_clear_handle_id (&cache->settle_id, g_source_remove);
  g_free (cache);
}

gboolean
ovs_raster_cache_is_cached (OvsRasterCache *cache)
{
  return cache != NULL && cache->cached;
}

void
ovs_raster_cache_set_enabled (gboolean on)
{
  enabled = on;
}

static gboolean
settle_cb (gpointer data)
{
  OvsRasterCache *cache = data;

  cache->settle_id = 0;
  /* Not on screen: pictured once still after it is shown again (mapped_cb ()), not in the
   * frame that shows it. */
  if (!gtk_widget_get_mapped (cache->widget))
    return G_SOURCE_REMOVE;
  cache->picture_next = TRUE;
  gtk_widget_queue_draw (cache->widget);
  return G_SOURCE_REMOVE;
}

/* Draws @node into a picture at whole pixels; FALSE if it is too large or empty.
 *
 * The picture is an image surface: drawn there, text is placed and hinted exactly as the
 * renderer places it in the window (an image surface, too). GTK 4.8's cairo node records
 * what is drawn into it and replays it every frame, with text placed by a recording
 * surface's rules: glyph edges then differ by a shade from the window's. So the node
 * records one thing, a paint of the picture. */
static gboolean
append_picture (GtkSnapshot   *snapshot,
                GskRenderNode *node)
{
  graphene_rect_t bounds;
  cairo_surface_t *picture;
  cairo_t *cr;
  int x0, y0, x1, y1;

  gsk_render_node_get_bounds (node, &bounds);
  x0 = (int) floorf (bounds.origin.x);
  y0 = (int) floorf (bounds.origin.y);
  x1 = (int) ceilf (bounds.origin.x + bounds.size.width);
  y1 = (int) ceilf (bounds.origin.y + bounds.size.height);
  if (x1 <= x0 || y1 <= y0 || (double) (x1 - x0) * (y1 - y0) > MAX_PIXELS)
    return FALSE;

  picture = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, x1 - x0, y1 - y0);
  if (cairo_surface_status (picture) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (picture);
      return FALSE;
    }
  cr = cairo_create (picture);
  cairo_translate (cr, -x0, -y0);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y0, x1 - x0, y1 - y0));
  cairo_set_source_surface (cr, picture, x0, y0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (picture);
  return TRUE;
}

void
ovs_raster_cache_snapshot (OvsRasterCache      *cache,
                           GtkSnapshot         *snapshot,
                           OvsRasterContentFunc content)
{
  GtkSnapshot *inner = gtk_snapshot_new ();
  GskRenderNode *node;
  gboolean picture = cache->picture_next;

  content (cache->widget, inner);
  node = gtk_snapshot_free_to_node (inner);
  cache->picture_next = FALSE;
  if (node == NULL)
    {
      cache->cached = FALSE;
      return;
    }

  if (picture)
    {
      /* Still since the last change: pictured, or drawn as it is until the next change. */
      cache->cached = can_picture (cache) && append_picture (snapshot, node);
      if (cache->cached)
        cache->pictured_us = g_get_monotonic_time ();
      else
        gtk_snapshot_append_node (snapshot, node);
      gsk_render_node_unref (node);
      return;
    }

  /* Something changed: drawn as it is, and pictured once it has been still for a while; for
   * longer each time a picture did not last. */
  if (cache->cached)
    {
      gint64 lasted = g_get_monotonic_time () - cache->pictured_us;

      cache->delay_ms = lasted < WASTED_US ? MIN (cache->delay_ms * 2, SETTLE_MAX_MS)
                                           : SETTLE_MS;
    }
  cache->cached = FALSE;
  gtk_snapshot_append_node (snapshot, node);
  gsk_render_node_unref (node);
  wait_until_still (cache);
}

/* OvsRasterBin */

struct _OvsRasterBin
{
  AdwBin          parent_instance;

  OvsRasterCache *cache;
};

G_DEFINE_FINAL_TYPE (OvsRasterBin, ovs_raster_bin, ADW_TYPE_BIN)

gboolean
ovs_raster_bin_is_cached (OvsRasterBin *self)
{
  g_return_val_if_fail (OVS_IS_RASTER_BIN (self), FALSE);
  return ovs_raster_cache_is_cached (self->cache);
}

/* The content: the child, as AdwBin draws it. */
static void
ovs_raster_bin_snapshot_content (GtkWidget   *widget,
                                 GtkSnapshot *snapshot)
{
  GTK_WIDGET_CLASS (ovs_raster_bin_parent_class)->snapshot (widget, snapshot);
}

static void
ovs_raster_bin_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  ovs_raster_cache_snapshot (OVS_RASTER_BIN (widget)->cache, snapshot,
                             ovs_raster_bin_snapshot_content);
}

static void
ovs_raster_bin_dispose (GObject *object)
{
  OvsRasterBin *self = OVS_RASTER_BIN (object);

  g_clear_pointer (&self->cache, ovs_raster_cache_free);
  G_OBJECT_CLASS (ovs_raster_bin_parent_class)->dispose (object);
}

static void
ovs_raster_bin_class_init (OvsRasterBinClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ovs_raster_bin_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = ovs_raster_bin_snapshot;
}

static void
ovs_raster_bin_init (OvsRasterBin *self)
{
  self->cache = ovs_raster_cache_new (GTK_WIDGET (self));
}
