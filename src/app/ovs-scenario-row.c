/* ovs-scenario-row.c
 *
 * The row's labels are bound in ovs-scenario-row.ui to the scenario's properties; the
 * widget is named after the scenario's id, which is how tests and the window find it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-scenario-row"

#include "config.h"

#include "ovs-scenario-row.h"

struct _OvsScenarioRow
{
  GtkListBoxRow  parent_instance;

  OvsScenario   *scenario;
  GtkLabel      *models;
};

G_DEFINE_FINAL_TYPE (OvsScenarioRow, ovs_scenario_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_SCENARIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ovs_scenario_row_constructed (GObject *object)
{
  OvsScenarioRow *self = OVS_SCENARIO_ROW (object);
  g_autofree char *models = NULL;

  G_OBJECT_CLASS (ovs_scenario_row_parent_class)->constructed (object);

  g_return_if_fail (OVS_IS_SCENARIO (self->scenario));
  models = g_strjoinv (" · ", (GStrv) ovs_scenario_get_models (self->scenario));
  gtk_label_set_label (self->models, models);
  gtk_widget_set_name (GTK_WIDGET (self), ovs_scenario_get_id (self->scenario));
  /* Not a tooltip: it covered the rows under it while the pointer moved down the list. The
   * composer shows the description under the title; screen readers get it here. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  ovs_scenario_get_description (self->scenario), -1);
  /* The template's bindings were made before the scenario was set. */
  g_object_notify_by_pspec (object, properties[PROP_SCENARIO]);
}

static void
ovs_scenario_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, OVS_SCENARIO_ROW (object)->scenario);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_scenario_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SCENARIO:
      OVS_SCENARIO_ROW (object)->scenario = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_scenario_row_dispose (GObject *object)
{
  OvsScenarioRow *self = OVS_SCENARIO_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_SCENARIO_ROW);
  g_clear_object (&self->scenario);

  G_OBJECT_CLASS (ovs_scenario_row_parent_class)->dispose (object);
}

static void
ovs_scenario_row_class_init (OvsScenarioRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ovs_scenario_row_constructed;
  object_class->get_property = ovs_scenario_row_get_property;
  object_class->set_property = ovs_scenario_row_set_property;
  object_class->dispose = ovs_scenario_row_dispose;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, OVS_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-scenario-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsScenarioRow, models);
}

static void
ovs_scenario_row_init (OvsScenarioRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_scenario_row_new (OvsScenario *scenario)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (scenario), NULL);
  return g_object_new (OVS_TYPE_SCENARIO_ROW, "scenario", scenario, NULL);
}

OvsScenario *
ovs_scenario_row_get_scenario (OvsScenarioRow *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO_ROW (self), NULL);
  return self->scenario;
}
