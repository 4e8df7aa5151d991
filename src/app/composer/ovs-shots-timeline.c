/* ovs-shots-timeline.c
 *
 * How the shots of a storyboard fill the video's length: one coloured block per shot in
 * proportion to its duration, the overflow hatched in red, what is left to fill dashed,
 * and a tick per second under it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-shots-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ovs-shots-timeline.h"

/* The GNOME palette, one colour per shot, as the .shot-color-N classes of the row badges;
 * red is left out: it means "wrong" here. */
static const char * const shot_colors[OVS_SHOTS_N_COLORS] = {
  "#3584e4", "#2ec27e", "#e5a50a", "#9141ac", "#ff7800", "#986a44",
};

struct _OvsShotsTimeline
{
  GtkWidget  parent_instance;

  GArray    *durations;  /* double */
  double     seconds;    /* the video's length; 0 when not set */
};

G_DEFINE_FINAL_TYPE (OvsShotsTimeline, ovs_shots_timeline, GTK_TYPE_WIDGET)

#define BAR_HEIGHT 32.0
#define TICKS_GAP 6.0

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
show_centered (GtkWidget  *widget,
               cairo_t    *cr,
               const char *text,
               double      x,
               double      y,
               double      max_width,
               gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width, height;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &width, &height);
  if (max_width > 0 && width > max_width)
    return;
  cairo_move_to (cr, x - width / 2.0, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Too long: hatch what lies beyond the end, and mark the end. */
static void
draw_overflow (cairo_t       *cr,
               double         width,
               double         end_x,
               const GdkRGBA *error)
{
  cairo_save (cr);
  cairo_rectangle (cr, end_x, 0, width - end_x, BAR_HEIGHT);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, error->red, error->green, error->blue, 0.3);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, error->red, error->green, error->blue, 0.75);
  cairo_set_line_width (cr, 2);
  for (double hx = end_x - BAR_HEIGHT; hx < width; hx += 7)
    {
      cairo_move_to (cr, hx, BAR_HEIGHT);
      cairo_line_to (cr, hx + BAR_HEIGHT, 0);
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_set_source_rgba (cr, error->red, error->green, error->blue, 1);
  cairo_rectangle (cr, end_x - 1, 0, 2, BAR_HEIGHT + TICKS_GAP);
  cairo_fill (cr);
}

/* Too short: the part still to fill, dashed. */
static void
draw_missing (OvsShotsTimeline *self,
              cairo_t          *cr,
              double            x,
              double            end_x,
              double            total,
              const GdkRGBA    *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *missing = ovs_shots_format_seconds (self->seconds - total);
  g_autofree char *text = g_strdup_printf (_("+%s s"), missing);
  double dashes[] = { 4, 3 };

  rounded_rect (cr, x + 1.5, 1.5, MAX (end_x - x - 3, 1), BAR_HEIGHT - 3, 5);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.45);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  show_centered (widget, cr, text, (x + end_x) / 2, BAR_HEIGHT / 2, end_x - x - 6, FALSE);
}

/* The shot numbers, over the hatching too. */
static void
draw_numbers (OvsShotsTimeline *self,
              cairo_t          *cr,
              double            width,
              double            scale)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA white = { 1, 1, 1, 1 };
  double x = 0;

  for (guint i = 0; i < self->durations->len; i++)
    {
      double w = MAX (g_array_index (self->durations, double, i), 0) / scale * width;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      gdk_cairo_set_source_rgba (cr, &white);
      if (w > 0)
        show_centered (widget, cr, number, x + w / 2, BAR_HEIGHT / 2, w - 4, TRUE);
      x += w;
    }
}

/* A tick per second; numbers where they fit. */
static void
draw_ticks (OvsShotsTimeline *self,
            cairo_t          *cr,
            double            width,
            double            scale,
            const GdkRGBA    *fg)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double per_second = width / scale;
  int every = per_second >= 24 ? 1 : per_second >= 10 ? 5 : 10;

  for (int s = 0; s <= (int) floor (scale + 1e-6); s++)
    {
      double tx = CLAMP (s * per_second, 0.5, width - 0.5);
      gboolean labelled = s % every == 0 || (self->seconds > 0 && s == (int) self->seconds);

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, labelled ? 0.5 : 0.25);
      cairo_rectangle (cr, tx - 0.5, BAR_HEIGHT + 2, 1, labelled ? 5 : 3);
      cairo_fill (cr);
      if (labelled)
        {
          g_autofree char *label = g_strdup_printf ("%d", s);
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, label);
          PangoAttrList *attrs = pango_attr_list_new ();
          int lw, lh;
          double lx;

          pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          lx = CLAMP (tx - lw / 2.0, 0, width - lw);
          cairo_move_to (cr, lx, BAR_HEIGHT + 8);
          cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue,
                                 self->seconds > 0 && s == (int) self->seconds ? 0.9 : 0.55);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
ovs_shots_timeline_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OvsShotsTimeline *self = OVS_SHOTS_TIMELINE (widget);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double total = 0, scale, x = 0, end_x;
  GdkRGBA fg, error;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "error_color", &error))
    gdk_rgba_parse (&error, "#e01b24");

  for (guint i = 0; i < self->durations->len; i++)
    total += MAX (g_array_index (self->durations, double, i), 0);
  scale = MAX (total, self->seconds);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* The track. */
  rounded_rect (cr, 0, 0, width, BAR_HEIGHT, 6);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
  cairo_fill (cr);

  if (scale <= 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
      show_centered (widget, cr, self->durations->len == 0 ? _("No shots yet") : _("No length"),
                     width / 2, BAR_HEIGHT / 2, width, FALSE);
      cairo_destroy (cr);
      return;
    }

  /* The shots, in proportion; a 2 px gap between them. */
  for (guint i = 0; i < self->durations->len; i++)
    {
      double duration = MAX (g_array_index (self->durations, double, i), 0);
      double w = duration / scale * width;
      GdkRGBA color;

      if (w <= 0)
        continue;
      gdk_rgba_parse (&color, shot_colors[i % G_N_ELEMENTS (shot_colors)]);
      rounded_rect (cr, x + 1, 0, MAX (w - 2, 1), BAR_HEIGHT, 6);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_fill (cr);
      x += w;
    }

  end_x = self->seconds > 0 ? self->seconds / scale * width : width;

  if (self->seconds > 0 && total > self->seconds + 1e-6)
    draw_overflow (cr, width, end_x, &error);
  else if (self->seconds > 0 && total < self->seconds - 1e-6)
    draw_missing (self, cr, x, end_x, total, &fg);
  draw_numbers (self, cr, width, scale);
  draw_ticks (self, cr, width, scale, &fg);
  cairo_destroy (cr);
}

static void
ovs_shots_timeline_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 360;
    }
  else
    {
      *minimum = *natural = 56;
    }
}

static void
ovs_shots_timeline_finalize (GObject *object)
{
  OvsShotsTimeline *self = OVS_SHOTS_TIMELINE (object);

  g_array_unref (self->durations);

  G_OBJECT_CLASS (ovs_shots_timeline_parent_class)->finalize (object);
}

static void
ovs_shots_timeline_class_init (OvsShotsTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ovs_shots_timeline_finalize;
  widget_class->snapshot = ovs_shots_timeline_snapshot;
  widget_class->measure = ovs_shots_timeline_measure;
  gtk_widget_class_set_css_name (widget_class, "shotstimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ovs_shots_timeline_init (OvsShotsTimeline *self)
{
  self->durations = g_array_new (FALSE, FALSE, sizeof (double));
}

void
ovs_shots_timeline_set (OvsShotsTimeline *self,
                        GPtrArray        *shots,
                        double            seconds,
                        const char       *description)
{
  g_array_set_size (self->durations, 0);
  for (guint i = 0; i < shots->len; i++)
    g_array_append_val (self->durations, ((OvsShot *) g_ptr_array_index (shots, i))->duration);
  self->seconds = seconds;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
ovs_shots_format_seconds (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", value));
}

GtkWidget *
ovs_shots_timeline_new (void)
{
  return g_object_new (OVS_TYPE_SHOTS_TIMELINE, NULL);
}
