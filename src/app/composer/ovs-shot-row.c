/* ovs-shot-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-shot-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-panel.h"
#include "ovs-row-order.h"
#include "ovs-shot-row.h"
#include "ovs-shots-timeline.h"

struct _OvsShotRow
{
  AdwPreferencesRow  parent_instance;

  GtkDropTarget     *drop;
  GtkLabel          *badge;
  GtkLabel          *title;
  GtkSpinButton     *duration;
  GtkWidget         *up_button;
  GtkWidget         *down_button;
  GtkWidget         *remove_button;
  GtkWidget         *frame;
  GtkTextView       *prompt;
  GtkWidget         *placeholder;

  guint              index;
};

G_DEFINE_FINAL_TYPE (OvsShotRow, ovs_shot_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  SIGNAL_PROMPT_CHANGED,
  SIGNAL_DURATION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
ovs_shot_row_dup_path (guint       index,
                       const char *member)
{
  if (member == NULL)
    return g_strdup_printf ("%s[%u]", OVS_SHOTS_PATH, index);
  return g_strdup_printf ("%s[%u].%s", OVS_SHOTS_PATH, index, member);
}

static void
prompt_changed_cb (GtkTextBuffer *buffer,
                   OvsShotRow    *self)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  gtk_widget_set_visible (self->placeholder, *text == '\0');
  g_signal_emit (self, signals[SIGNAL_PROMPT_CHANGED], 0, text);
}

static void
duration_changed_cb (GtkSpinButton *spin,
                     OvsShotRow    *self)
{
  g_signal_emit (self, signals[SIGNAL_DURATION_CHANGED], 0, gtk_spin_button_get_value (spin));
}

/* "2.5", never "2.50" nor "2,5": what the JSON says. */
static gboolean
duration_output_cb (GtkSpinButton *spin,
                    OvsShotRow    *self)
{
  g_autofree char *text = ovs_shots_format_seconds (gtk_spin_button_get_value (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               OvsShotRow    *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-target");
  return GDK_ACTION_MOVE;
}

static void
drop_leave_cb (GtkDropTarget *target,
               OvsShotRow    *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         OvsShotRow    *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-target");
  return ovs_row_order_drop (GTK_WIDGET (self), value);
}

enum {
  PROP_0,
  PROP_INDEX,
};

static void
ovs_shot_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, OVS_SHOT_ROW (object)->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_shot_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_SHOT_ROW);

  G_OBJECT_CLASS (ovs_shot_row_parent_class)->dispose (object);
}

static void
ovs_shot_row_class_init (OvsShotRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_shot_row_get_property;
  object_class->dispose = ovs_shot_row_dispose;

  /* Its place in the list, for ::move and ::remove (see ovs-row-order.h). */
  g_object_class_install_property (object_class, PROP_INDEX,
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  signals[SIGNAL_PROMPT_CHANGED] =
    g_signal_new ("prompt-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_DURATION_CHANGED] =
    g_signal_new ("duration-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
  ovs_row_order_class_add_signals (object_class, 0, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-shot-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, drop);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, badge);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, title);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, duration);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, frame);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, prompt);
  gtk_widget_class_bind_template_child (widget_class, OvsShotRow, placeholder);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, duration_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_enter_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, drop_cb);

  ovs_row_order_class_install (widget_class);
}

static void
ovs_shot_row_init (OvsShotRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_target_set_gtypes (self->drop, (GType[]) { OVS_TYPE_SHOT_ROW }, 1);
  g_signal_connect (gtk_text_view_get_buffer (self->prompt), "changed",
                    G_CALLBACK (prompt_changed_cb), self);
}

GtkWidget *
ovs_shot_row_new (void)
{
  return g_object_new (OVS_TYPE_SHOT_ROW, NULL);
}

guint
ovs_shot_row_get_index (OvsShotRow *self)
{
  g_return_val_if_fail (OVS_IS_SHOT_ROW (self), 0);
  return self->index;
}

/* The number, the title, the colour and the names, which follow the place in the list. */
static void
set_place (OvsShotRow *self,
           guint       index,
           guint       n)
{
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  /* Translators: the title of a shot in the list, "Shot 1" */
  g_autofree char *title = g_strdup_printf (_("Shot %u"), index + 1);
  g_autofree char *row_name = ovs_shot_row_dup_path (index, NULL);
  g_autofree char *prompt_name = ovs_shot_row_dup_path (index, "prompt");
  g_autofree char *duration_name = ovs_shot_row_dup_path (index, "duration");
  g_autofree char *prompt_label = g_strdup_printf (_("Prompt of shot %u"), index + 1);
  g_autofree char *duration_label = g_strdup_printf (_("Duration of shot %u, in seconds"),
                                                     index + 1);
  g_autofree char *color_class = g_strdup_printf ("shot-color-%u", index % OVS_SHOTS_N_COLORS);

  self->index = index;
  gtk_widget_set_name (GTK_WIDGET (self), row_name);
  gtk_widget_set_name (GTK_WIDGET (self->prompt), prompt_name);
  gtk_widget_set_name (GTK_WIDGET (self->duration), duration_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->badge, number);
  gtk_widget_set_css_classes (GTK_WIDGET (self->badge),
                              (const char *[]) { "shot-badge", color_class, NULL });
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  prompt_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->duration), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  duration_label, -1);
  ovs_row_order_set_position (GTK_WIDGET (self), index, n);
}

void
ovs_shot_row_set_shot (OvsShotRow    *self,
                       guint          index,
                       guint          n,
                       const OvsShot *shot)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  const char *prompt;

  g_return_if_fail (OVS_IS_SHOT_ROW (self));
  g_return_if_fail (shot != NULL);

  set_place (self, index, n);

  prompt = shot->prompt != NULL ? shot->prompt : "";
  buffer = gtk_text_view_get_buffer (self->prompt);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!g_str_equal (text, prompt))
    gtk_text_buffer_set_text (buffer, prompt, -1);
  gtk_widget_set_visible (self->placeholder, *prompt == '\0');
  if (gtk_spin_button_get_value (self->duration) != shot->duration)
    gtk_spin_button_set_value (self->duration, shot->duration);
}

void
ovs_shot_row_show_problems (OvsShotRow *self,
                            GPtrArray  *problems)
{
  g_autofree char *prompt = ovs_shot_row_dup_path (self->index, "prompt");
  g_autofree char *duration = ovs_shot_row_dup_path (self->index, "duration");
  g_autofree char *index = ovs_shot_row_dup_path (self->index, "index");

  g_return_if_fail (OVS_IS_SHOT_ROW (self));

  ovs_panel_mark_widget (self->frame, problems, prompt);
  ovs_panel_mark_widget (GTK_WIDGET (self->duration), problems, duration);
  ovs_panel_mark_widget (GTK_WIDGET (self->title), problems, index);
}

void
ovs_shot_row_focus_prompt (OvsShotRow *self)
{
  g_return_if_fail (OVS_IS_SHOT_ROW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt));
}

void
ovs_shot_row_focus_remove (OvsShotRow *self)
{
  g_return_if_fail (OVS_IS_SHOT_ROW (self));
  gtk_widget_grab_focus (self->remove_button);
}

void
ovs_shot_row_focus_move (OvsShotRow *self,
                         gboolean    up)
{
  GtkWidget *button;

  g_return_if_fail (OVS_IS_SHOT_ROW (self));

  button = up ? self->up_button : self->down_button;
  if (!gtk_widget_get_sensitive (button))
    button = up ? self->down_button : self->up_button;
  if (gtk_widget_get_sensitive (button))
    gtk_widget_grab_focus (button);
}
