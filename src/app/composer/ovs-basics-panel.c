/* ovs-basics-panel.c
 *
 * One row per scalar field of the scenario, straight from the catalog: a choice list for
 * models, choices, switches and booleans ("Not set" first, which removes the field), a
 * spin button for the length. Nothing here knows a scenario by name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-basics-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-basics-panel.h"
#include "ovs-choice-row.h"

struct _OvsBasicsPanel
{
  OvsPanel parent_instance;

  GtkWidget     *seconds_row;
  GtkSpinButton *seconds;   /* in the "seconds" row, when the scenario has one */
};


G_DEFINE_FINAL_TYPE (OvsBasicsPanel, ovs_basics_panel, OVS_TYPE_PANEL)

/* Paths edited by the storyboard panel rather than here. */
#define STORYBOARD_PREFIX "metadata.ext_info.AdditionalParameters."

/* What a user reads for the API's words; the JSON keeps the API's. */
static const char *
label_for_value (const char *value)
{
  static const struct { const char *value; const char *label; } labels[] = {
    { "Enabled", N_("On") },
    { "Disabled", N_("Off") },
    { "true", N_("Yes") },
    { "false", N_("No") },
    { "feature", N_("Feature: follow its motion and rhythm") },
    { "base", N_("Base: edit this video") },
    { "asset", N_("Asset: reuse its material") },
    { "style", N_("Style: take its look") },
    { "Mainland", N_("Mainland China") },
    { "Reference", N_("Reference") },
    { "intelligence", N_("Smart: Kling cuts the shots") },
    { "customize", N_("Custom: your shot list") },
    { "template_effect", N_("Template effect") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].value, value))
      return _(labels[i].label);
  return value;
}

static void
update_seconds_row (OvsBasicsPanel *self,
                    GtkWidget      *row)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  GtkSpinButton *spin = self->seconds;
  const char *seconds = ovs_request_get_seconds (request);
  gint64 value = 0;

  if (seconds != NULL)
    g_ascii_string_to_signed (seconds, 10, 0, 600, &value, NULL);
  /* A length the scenario does not offer (typed in the JSON, imported) is shown as it is,
   * not clamped to the range: the body sends it, and the check flags the row. */
  if ((double) value > gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spin)))
    gtk_spin_button_set_range (spin, 0, (double) value);
  gtk_spin_button_set_value (spin, (double) value);
}

/* The length is a spin button; the rest are choice rows, which OvsPanel fills. */
static void
ovs_basics_panel_show_field (OvsPanel  *panel,
                             GtkWidget *row)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (panel);

  if (row == self->seconds_row)
    update_seconds_row (self, row);
  else
    OVS_PANEL_CLASS (ovs_basics_panel_parent_class)->show_field (panel, row);
}

static void
seconds_changed_cb (GtkSpinButton  *spin,
                    OvsBasicsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = NULL;

  if (ovs_panel_is_updating (OVS_PANEL (self)))
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  if (value <= 0)
    ovs_request_set_seconds (request, NULL);
  else
    {
      text = g_strdup_printf ("%d", value);
      ovs_request_set_seconds (request, text);
    }
  ovs_panel_end_update (OVS_PANEL (self));
}

static gboolean
seconds_output_cb (GtkSpinButton *spin,
                   gpointer       user_data)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = value <= 0 ? g_strdup (_("Not set")) : g_strdup_printf ("%d", value);

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GtkWidget *
make_seconds_row (OvsBasicsPanel *self,
                  const OvsField *field)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin;
  int min = 1, max = 60;

  ovs_scenario_get_limits (scenario, "seconds", &min, &max);
  spin = gtk_spin_button_new_with_range (0, MAX (max, 60), 1);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 8);
  g_signal_connect (spin, "output", G_CALLBACK (seconds_output_cb), NULL);
  g_signal_connect (spin, "value-changed", G_CALLBACK (seconds_changed_cb), self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (_("seconds")));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  self->seconds = GTK_SPIN_BUTTON (spin);
  self->seconds_row = row;
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  field->title, -1);
  return row;
}

static GtkWidget *
make_choice_row (OvsBasicsPanel *self,
                 const OvsField *field)
{
  static const char * const booleans[] = { "true", "false", NULL };
  OvsScenario *scenario = ovs_request_get_scenario (ovs_panel_get_request (OVS_PANEL (self)));
  const char * const *choices;
  GtkWidget *row;

  if (field->type == OVS_FIELD_MODEL)
    choices = ovs_scenario_get_models (scenario);
  else if (field->type == OVS_FIELD_BOOL)
    choices = booleans;
  else
    choices = ovs_scenario_get_choices (scenario, field->path, NULL);

  /* Any member but the model may be left out, when the scenario does not require it. */
  row = ovs_choice_row_new (field->title, choices, label_for_value,
                            field->type != OVS_FIELD_MODEL
                            && !ovs_scenario_is_required (scenario, field->path));
  ovs_choice_row_set_boolean (OVS_CHOICE_ROW (row), field->type == OVS_FIELD_BOOL);
  return row;
}

static gboolean
shown_here (const OvsField *field)
{
  if (g_str_has_prefix (field->path, STORYBOARD_PREFIX))
    return FALSE;
  return field->type == OVS_FIELD_MODEL || field->type == OVS_FIELD_CHOICE
         || field->type == OVS_FIELD_SECONDS || field->type == OVS_FIELD_BOOL;
}

static void
build_rows (OvsBasicsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);

  for (guint i = 0; i < ovs_scenario_get_n_fields (scenario); i++)
    {
      const OvsField *field = ovs_scenario_get_field_at (scenario, i);
      GtkWidget *row;

      if (!shown_here (field) || ovs_panel_get_field_row (OVS_PANEL (self), field->path) != NULL)
        continue;

      row = field->type == OVS_FIELD_SECONDS ? make_seconds_row (self, field)
                                             : make_choice_row (self, field);
      gtk_widget_set_name (row, field->path);
      ovs_panel_add_field_row (OVS_PANEL (self), row);
    }
}

static void
ovs_basics_panel_constructed (GObject *object)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (object);

  G_OBJECT_CLASS (ovs_basics_panel_parent_class)->constructed (object);

  build_rows (self);
}

static void
ovs_basics_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_BASICS_PANEL);

  G_OBJECT_CLASS (ovs_basics_panel_parent_class)->dispose (object);
}

static void
ovs_basics_panel_class_init (OvsBasicsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-basics-panel.ui");

  object_class->constructed = ovs_basics_panel_constructed;
  object_class->dispose = ovs_basics_panel_dispose;

  panel_class->show_field = ovs_basics_panel_show_field;
}

static void
ovs_basics_panel_init (OvsBasicsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_basics_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_BASICS_PANEL, "request", request, NULL);
}

GtkWidget *
ovs_basics_panel_get_row (OvsBasicsPanel *self,
                          const char     *path)
{
  g_return_val_if_fail (OVS_IS_BASICS_PANEL (self), NULL);
  return ovs_panel_get_field_row (OVS_PANEL (self), path);
}
