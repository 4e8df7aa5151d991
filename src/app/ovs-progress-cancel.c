/* ovs-progress-cancel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-progress-cancel"

#include "config.h"

#include "ovs-progress-cancel.h"

struct _OvsProgressCancel
{
  GtkBox          parent_instance;

  GtkProgressBar *bar;
  GtkWidget      *button;
  GtkLabel       *label;
};

G_DEFINE_FINAL_TYPE (OvsProgressCancel, ovs_progress_cancel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_TEXT,
  PROP_CANCEL_LABEL,
  PROP_CANCEL_ACTION,
  PROP_CANCEL_TOOLTIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ovs_progress_cancel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OvsProgressCancel *self = OVS_PROGRESS_CANCEL (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, gtk_progress_bar_get_fraction (self->bar));
      break;
    case PROP_TEXT:
      g_value_set_string (value, ovs_progress_cancel_get_text (self));
      break;
    case PROP_CANCEL_LABEL:
      g_value_set_string (value, gtk_button_get_label (GTK_BUTTON (self->button)));
      break;
    case PROP_CANCEL_ACTION:
      g_value_set_string (value, gtk_actionable_get_action_name (GTK_ACTIONABLE (self->button)));
      break;
    case PROP_CANCEL_TOOLTIP:
      g_value_take_string (value, gtk_widget_get_tooltip_text (self->button) != NULL
                                  ? g_strdup (gtk_widget_get_tooltip_text (self->button)) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_progress_cancel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OvsProgressCancel *self = OVS_PROGRESS_CANCEL (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      ovs_progress_cancel_set_fraction (self, g_value_get_double (value));
      break;
    case PROP_TEXT:
      ovs_progress_cancel_set_text (self, g_value_get_string (value));
      break;
    case PROP_CANCEL_LABEL:
      gtk_button_set_label (GTK_BUTTON (self->button), g_value_get_string (value));
      break;
    case PROP_CANCEL_ACTION:
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), g_value_get_string (value));
      break;
    case PROP_CANCEL_TOOLTIP:
      gtk_widget_set_tooltip_text (self->button, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_progress_cancel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_PROGRESS_CANCEL);

  G_OBJECT_CLASS (ovs_progress_cancel_parent_class)->dispose (object);
}

static void
ovs_progress_cancel_class_init (OvsProgressCancelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_progress_cancel_get_property;
  object_class->set_property = ovs_progress_cancel_set_property;
  object_class->dispose = ovs_progress_cancel_dispose;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The button's words, with a mnemonic: "Ca_ncel Export", "S_top Sending". */
  properties[PROP_CANCEL_LABEL] =
    g_param_spec_string ("cancel-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* The owner's action that stops the work: "film.cancel". */
  properties[PROP_CANCEL_ACTION] =
    g_param_spec_string ("cancel-action", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANCEL_TOOLTIP] =
    g_param_spec_string ("cancel-tooltip", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-progress-cancel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsProgressCancel, bar);
  gtk_widget_class_bind_template_child (widget_class, OvsProgressCancel, button);
  gtk_widget_class_bind_template_child (widget_class, OvsProgressCancel, label);
}

static void
ovs_progress_cancel_init (OvsProgressCancel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
ovs_progress_cancel_set_fraction (OvsProgressCancel *self,
                                  double             fraction)
{
  g_return_if_fail (OVS_IS_PROGRESS_CANCEL (self));

  fraction = CLAMP (fraction, 0, 1);
  if (gtk_progress_bar_get_fraction (self->bar) == fraction)
    return;
  gtk_progress_bar_set_fraction (self->bar, fraction);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

double
ovs_progress_cancel_get_fraction (OvsProgressCancel *self)
{
  g_return_val_if_fail (OVS_IS_PROGRESS_CANCEL (self), 0);
  return gtk_progress_bar_get_fraction (self->bar);
}

void
ovs_progress_cancel_set_text (OvsProgressCancel *self,
                              const char        *text)
{
  g_return_if_fail (OVS_IS_PROGRESS_CANCEL (self));

  if (g_strcmp0 (ovs_progress_cancel_get_text (self), text) == 0)
    return;
  gtk_label_set_label (self->label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->label), text != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
ovs_progress_cancel_get_text (OvsProgressCancel *self)
{
  g_return_val_if_fail (OVS_IS_PROGRESS_CANCEL (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->label)) ? gtk_label_get_label (self->label) : NULL;
}

void
ovs_progress_cancel_set_can_cancel (OvsProgressCancel *self,
                                    gboolean           can_cancel)
{
  g_return_if_fail (OVS_IS_PROGRESS_CANCEL (self));
  gtk_widget_set_visible (self->button, can_cancel);
}
