/* ovs-compare-grid.c: a group's results side by side, with one transport
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-compare-grid.h"
#include "ovs-compare-tile.h"

struct _OvsCompareGrid
{
  GtkWidget       parent_instance;

  OvsPlayerGroup *group;
  GPtrArray      *tiles;     /* borrowed: the flow box holds them */
  gboolean        updating;  /* the scale follows the group, not the user */

  GtkWidget      *box;
  GtkButton      *play_button;
  GtkToggleButton *loop_button;
  GtkMenuButton  *rate_button;
  GtkAdjustment  *adjustment;
  GtkLabel       *time_label;
  GtkButton      *show_hidden_button;
  GtkFlowBox     *flow;
};

G_DEFINE_FINAL_TYPE (OvsCompareGrid, ovs_compare_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The speeds of the menu, in order: [ and ] move along them. */
static const double rates[] = { 0.25, 0.5, 1.0, 1.5, 2.0 };

enum {
  SIGNAL_OPEN_TASK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_time (OvsCompareGrid *self)
{
  gint64 position = ovs_player_group_get_position (self->group);
  gint64 duration = ovs_player_group_get_duration (self->group);
  g_autofree char *now = ovs_player_format_time (position);
  g_autofree char *total = ovs_player_format_time (duration);
  g_autofree char *text = g_strdup_printf ("%s / %s", now, total);

  self->updating = TRUE;
  gtk_adjustment_set_upper (self->adjustment, MAX (duration, 1) / (double) GST_SECOND);
  gtk_adjustment_set_value (self->adjustment, position / (double) GST_SECOND);
  self->updating = FALSE;
  gtk_label_set_label (self->time_label, text);
}

static void
playing_cb (OvsCompareGrid *self)
{
  gboolean playing = ovs_player_group_get_playing (self->group);

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause All") : _("Play All"));
}

static void
rate_cb (OvsCompareGrid *self)
{
  double rate = ovs_player_group_get_rate (self->group);
  /* Translators: a playback speed, e.g. "0.5×" */
  g_autofree char *label = g_strdup_printf (_("%g×"), rate);

  gtk_menu_button_set_label (self->rate_button, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

static void
rate_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (widget);
  double rate = ovs_player_group_get_rate (self->group);
  int step = g_variant_get_int32 (parameter);
  guint i = 0;

  while (i + 1 < G_N_ELEMENTS (rates) && rates[i] < rate - 1e-6)
    i++;
  i = (guint) CLAMP ((int) i + step, 0, (int) G_N_ELEMENTS (rates) - 1);
  ovs_player_group_set_rate (self->group, rates[i]);
}

static void
update_hidden (OvsCompareGrid *self)
{
  guint n_hidden = 0;

  for (guint i = 0; i < self->tiles->len; i++)
    if (ovs_compare_tile_get_hidden (g_ptr_array_index (self->tiles, i)))
      n_hidden++;
  if (n_hidden > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Show %u Hidden Tile",
                                                             "Show %u Hidden Tiles", n_hidden),
                                                n_hidden);

      gtk_button_set_label (self->show_hidden_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->show_hidden_button), n_hidden > 0);
}

static void
loop_toggled_cb (OvsCompareGrid *self)
{
  ovs_player_group_set_loop (self->group, gtk_toggle_button_get_active (self->loop_button));
}

static void
scale_changed_cb (OvsCompareGrid *self)
{
  if (!self->updating)
    ovs_player_group_seek (self->group,
                           (gint64) (gtk_adjustment_get_value (self->adjustment) * GST_SECOND));
}

static void
solo_cb (OvsCompareTile *tile,
         gboolean        solo,
         OvsCompareGrid *self)
{
  OvsPlayer *player = solo ? ovs_compare_tile_get_player (tile) : NULL;

  ovs_player_group_solo (self->group, player);
  for (guint i = 0; i < self->tiles->len; i++)
    {
      OvsCompareTile *each = g_ptr_array_index (self->tiles, i);

      ovs_compare_tile_set_solo (each, player != NULL && each == tile);
    }
}

static void
open_cb (OvsCompareTile *tile,
         OvsCompareGrid *self)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_TASK], 0, ovs_compare_tile_get_task (tile));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ovs_player_group_toggle (OVS_COMPARE_GRID (widget)->group);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ovs_player_group_step (OVS_COMPARE_GRID (widget)->group, g_variant_get_int32 (parameter));
}

static void
loop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (widget);

  gtk_toggle_button_set_active (self->loop_button, !gtk_toggle_button_get_active (self->loop_button));
}

static void
show_hidden_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (widget);

  for (guint i = 0; i < self->tiles->len; i++)
    ovs_compare_tile_set_hidden (g_ptr_array_index (self->tiles, i), FALSE);
}

static void
ovs_compare_grid_dispose (GObject *object)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (object);

  if (self->group != NULL)
    {
      ovs_player_group_pause (self->group);
      g_signal_handlers_disconnect_by_data (self->group, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_COMPARE_GRID);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_object (&self->group);

  G_OBJECT_CLASS (ovs_compare_grid_parent_class)->dispose (object);
}

static void
ovs_compare_grid_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (object);

  switch (prop_id)
    {
    case PROP_RATE:
      g_value_set_double (value, ovs_player_group_get_rate (self->group));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_compare_grid_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OvsCompareGrid *self = OVS_COMPARE_GRID (object);

  switch (prop_id)
    {
    case PROP_RATE:
      ovs_player_group_set_rate (self->group, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_compare_grid_class_init (OvsCompareGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_compare_grid_dispose;
  object_class->get_property = ovs_compare_grid_get_property;
  object_class->set_property = ovs_compare_grid_set_property;

  /* The group's speed, for the menu's radio items (grid.rate). */
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, OVS_PLAYER_GROUP_MIN_RATE, OVS_PLAYER_GROUP_MAX_RATE,
                         1.0, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OPEN_TASK] = g_signal_new ("open-task", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, box);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, play_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, loop_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, rate_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, adjustment);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, time_label);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, show_hidden_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareGrid, flow);
  gtk_widget_class_bind_template_callback (widget_class, loop_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, scale_changed_cb);

  gtk_widget_class_install_action (widget_class, "grid.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "grid.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "grid.loop", NULL, loop_action);
  gtk_widget_class_install_action (widget_class, "grid.show-hidden", NULL, show_hidden_action);
  gtk_widget_class_install_property_action (widget_class, "grid.rate", "rate");
  gtk_widget_class_install_action (widget_class, "grid.rate-step", "i", rate_step_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "grid.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "grid.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "grid.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "grid.loop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "grid.rate-step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "grid.rate-step", "i", 1);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ovs_compare_grid_init (OvsCompareGrid *self)
{
  /* First: the template's actions read the group's rate. */
  self->group = ovs_player_group_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tiles = g_ptr_array_new ();
  g_signal_connect_swapped (self->group, "notify::position", G_CALLBACK (update_time), self);
  g_signal_connect_swapped (self->group, "notify::duration", G_CALLBACK (update_time), self);
  g_signal_connect_swapped (self->group, "notify::playing", G_CALLBACK (playing_cb), self);
  g_signal_connect_swapped (self->group, "notify::rate", G_CALLBACK (rate_cb), self);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

GtkWidget *
ovs_compare_grid_new (OvsTaskStore *store,
                      GPtrArray    *tasks)
{
  OvsCompareGrid *self;

  g_return_val_if_fail (tasks != NULL, NULL);

  self = g_object_new (OVS_TYPE_COMPARE_GRID, NULL);
  for (guint i = 0; i < MIN (tasks->len, OVS_COMPARE_GRID_MAX_TILES); i++)
    {
      GtkWidget *tile = ovs_compare_tile_new (store, g_ptr_array_index (tasks, i));

      g_ptr_array_add (self->tiles, tile);
      gtk_flow_box_append (self->flow, tile);
      g_signal_connect (tile, "solo", G_CALLBACK (solo_cb), self);
      g_signal_connect (tile, "open", G_CALLBACK (open_cb), self);
      g_signal_connect_swapped (tile, "hidden-changed", G_CALLBACK (update_hidden), self);
      ovs_player_group_add (self->group, ovs_compare_tile_get_player (OVS_COMPARE_TILE (tile)));
    }
  update_hidden (self);
  update_time (self);
  return GTK_WIDGET (self);
}

OvsPlayerGroup *
ovs_compare_grid_get_group (OvsCompareGrid *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_GRID (self), NULL);

  return self->group;
}

guint
ovs_compare_grid_get_n_tiles (OvsCompareGrid *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_GRID (self), 0);

  return self->tiles->len;
}

GtkWidget *
ovs_compare_grid_get_tile (OvsCompareGrid *self,
                           guint           index)
{
  g_return_val_if_fail (OVS_IS_COMPARE_GRID (self), NULL);
  g_return_val_if_fail (index < self->tiles->len, NULL);

  return g_ptr_array_index (self->tiles, index);
}
