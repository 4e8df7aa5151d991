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

  GPtrArray *rows;      /* AdwComboRow, each named by its path */
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

static const char *
row_path (GtkWidget *row)
{
  return gtk_widget_get_name (row);
}

/* The value at @path as the choice list knows it ("true"/"false" for booleans). */
static char *
current_value (OvsStoryboardPanel *self,
               const char         *path)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  JsonNode *node = ovs_request_get_node (request, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static void
update_row (OvsStoryboardPanel *self,
            GtkWidget          *row)
{
  g_autofree char *value = current_value (self, row_path (row));

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_choice_row_select (OVS_CHOICE_ROW (row), value);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
selected_cb (OvsChoiceRow       *row,
             GParamSpec         *pspec,
             OvsStoryboardPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  const char *path = row_path (GTK_WIDGET (row));
  const char *value = ovs_choice_row_get_value (row);

  if (ovs_panel_is_updating (OVS_PANEL (self))
      || adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == GTK_INVALID_LIST_POSITION)
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  if (value == NULL)
    ovs_request_remove (request, path);
  else if (ovs_choice_row_get_boolean (row) && (g_str_equal (value, "true")
                                                || g_str_equal (value, "false")))
    ovs_request_set_boolean (request, path, g_str_equal (value, "true"));
  else
    ovs_request_set_string (request, path, value);
  ovs_panel_end_update (OVS_PANEL (self));
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
  g_signal_connect (row, "notify::selected", G_CALLBACK (selected_cb), self);

  g_ptr_array_add (self->rows, row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  update_row (self, row);
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
ovs_storyboard_panel_request_changed (OvsPanel   *panel,
                                      const char *path)
{
  OvsStoryboardPanel *self = OVS_STORYBOARD_PANEL (panel);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (ovs_panel_path_affects (path, row_path (row)))
        update_row (self, row);
    }
}

static void
ovs_storyboard_panel_show_problems (OvsPanel  *panel,
                                    GPtrArray *problems)
{
  OvsStoryboardPanel *self = OVS_STORYBOARD_PANEL (panel);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      ovs_panel_mark_widget (row, problems, row_path (row));
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
  OvsStoryboardPanel *self = OVS_STORYBOARD_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_STORYBOARD_PANEL);

  G_OBJECT_CLASS (ovs_storyboard_panel_parent_class)->dispose (object);
}

static void
ovs_storyboard_panel_class_init (OvsStoryboardPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-storyboard-panel.ui");

  object_class->constructed = ovs_storyboard_panel_constructed;
  object_class->dispose = ovs_storyboard_panel_dispose;

  panel_class->request_changed = ovs_storyboard_panel_request_changed;
  panel_class->show_problems = ovs_storyboard_panel_show_problems;
}

static void
ovs_storyboard_panel_init (OvsStoryboardPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_storyboard_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_STORYBOARD_PANEL, "request", request, NULL);
}
