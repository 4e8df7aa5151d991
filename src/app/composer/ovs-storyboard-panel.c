/* ovs-storyboard-panel.c
 *
 * The two switches of a Kling storyboard: whether the video has several shots, and who cuts
 * them (Kling, or the user's shot list). Changing the cut mode changes the scenario; the
 * composer moves the body over, this panel only writes the value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-storyboard-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-choice-row.h"
#include "ovs-storyboard-panel.h"

#define MULTI_SHOT_PATH "metadata.ext_info.AdditionalParameters.multi_shot"
#define SHOT_TYPE_PATH "metadata.ext_info.AdditionalParameters.shot_type"

struct _OvsStoryboardPanel
{
  OvsPanel parent_instance;
};


G_DEFINE_FINAL_TYPE (OvsStoryboardPanel, ovs_storyboard_panel, OVS_TYPE_PANEL)

static const struct {
  const char *value;
  const char *label;
} value_labels[] = {
  { "true", N_("Yes") },
  { "false", N_("No") },
  { "intelligence", N_("Smart: Kling cuts the shots") },
  { "customize", N_("Custom: your shot list") },
};

static const char *
label_for_value (const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (value_labels); i++)
    if (g_str_equal (value_labels[i].value, value))
      return _(value_labels[i].label);
  return value;
}

static void
add_choice_row (OvsStoryboardPanel *self,
                const char         *path,
                const char         *title,
                gboolean            boolean,
                gboolean            with_unset,
                const char * const *choices)
{
  GtkWidget *row = ovs_choice_row_new (title, choices, label_for_value, with_unset);

  gtk_widget_set_name (row, path);
  ovs_choice_row_set_boolean (OVS_CHOICE_ROW (row), boolean);
  ovs_panel_add_field_row (OVS_PANEL (self), row);
}

static gboolean
shows_path (OvsStoryboardPanel *self,
            const char         *path)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));

  return ovs_scenario_get_field (ovs_request_get_scenario (request), path) != NULL
         || ovs_request_get_node (request, path) != NULL;
}

static void
build_rows (OvsStoryboardPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);

  if (shows_path (self, MULTI_SHOT_PATH))
    add_choice_row (self, MULTI_SHOT_PATH, _("Multi-shot"), TRUE, TRUE,
                    (const char * const[]) { "true", "false", NULL });

  if (shows_path (self, SHOT_TYPE_PATH))
    {
      static const char * const shot_types[] = { "intelligence", "customize", NULL };
      const char * const *choices = ovs_scenario_get_choices (scenario, SHOT_TYPE_PATH, NULL);

      if (choices == NULL || choices[0] == NULL)
        choices = shot_types;
      add_choice_row (self, SHOT_TYPE_PATH, _("Shots"), FALSE,
                      !ovs_scenario_is_required (scenario, SHOT_TYPE_PATH), choices);
    }
}

static void
ovs_storyboard_panel_constructed (GObject *object)
{
  OvsStoryboardPanel *self = OVS_STORYBOARD_PANEL (object);

  G_OBJECT_CLASS (ovs_storyboard_panel_parent_class)->constructed (object);

  build_rows (self);
}

static void
ovs_storyboard_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_STORYBOARD_PANEL);

  G_OBJECT_CLASS (ovs_storyboard_panel_parent_class)->dispose (object);
}

static void
ovs_storyboard_panel_class_init (OvsStoryboardPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-storyboard-panel.ui");

  object_class->constructed = ovs_storyboard_panel_constructed;
  object_class->dispose = ovs_storyboard_panel_dispose;
}

static void
ovs_storyboard_panel_init (OvsStoryboardPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_storyboard_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_STORYBOARD_PANEL, "request", request, NULL);
}
