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

static gboolean
row_is_boolean (GtkWidget *row)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "boolean"));
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
  GStrv values = g_object_get_data (G_OBJECT (row), "ovs-values");
  gboolean with_unset = values[0] != NULL && values[0][0] == '\0';
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; values[i] != NULL; i++)
    if (value != NULL && g_str_equal (values[i], value))
      position = i;

  /* A value this panel does not offer (imported, or typed in the JSON) is shown as is. */
  if (value != NULL && position == GTK_INVALID_LIST_POSITION)
    {
      GtkStringList *labels = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (row)));
      guint n = g_strv_length (values);

      values = g_renew (char *, values, n + 2);
      values[n] = g_strdup (value);
      values[n + 1] = NULL;
      g_object_steal_data (G_OBJECT (row), "ovs-values");
      g_object_set_data_full (G_OBJECT (row), "ovs-values", values, (GDestroyNotify) g_strfreev);
      gtk_string_list_append (labels, value);
      position = n;
    }

  if (value == NULL && with_unset)
    position = 0;

  ovs_panel_begin_update (OVS_PANEL (self));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
selected_cb (AdwComboRow        *row,
             GParamSpec         *pspec,
             OvsStoryboardPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  GStrv values = g_object_get_data (G_OBJECT (row), "ovs-values");
  guint position = adw_combo_row_get_selected (row);
  const char *path = row_path (GTK_WIDGET (row));
  const char *value;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || position == GTK_INVALID_LIST_POSITION)
    return;

  value = values[position];
  ovs_panel_begin_update (OVS_PANEL (self));
  if (*value == '\0')
    ovs_request_remove (request, path);
  else if (row_is_boolean (GTK_WIDGET (row)) && (g_str_equal (value, "true")
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
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  if (with_unset)
    {
      g_strv_builder_add (values, "");
      gtk_string_list_append (labels, _("Not set"));
    }
  for (guint i = 0; choices[i] != NULL; i++)
    {
      g_strv_builder_add (values, choices[i]);
      gtk_string_list_append (labels, label_for_value (choices[i]));
    }

  gtk_widget_set_name (row, path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  ovs_panel_combo_row_show_whole_value (ADW_COMBO_ROW (row));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_unref (labels);
  /* The JSON value of each item, for whoever drives the row by value (the tests). */
  g_object_set_data_full (G_OBJECT (row), "ovs-values", g_strv_builder_end (values),
                          (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (row), "boolean", GINT_TO_POINTER (boolean));
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

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Storyboard"));
  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                               _("Several shots in one video. Kling can choose where "
                                 "to cut, or follow the shot list you write."));
  build_rows (self);
}

static void
ovs_storyboard_panel_dispose (GObject *object)
{
  OvsStoryboardPanel *self = OVS_STORYBOARD_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ovs_storyboard_panel_parent_class)->dispose (object);
}

static void
ovs_storyboard_panel_class_init (OvsStoryboardPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_storyboard_panel_constructed;
  object_class->dispose = ovs_storyboard_panel_dispose;

  panel_class->request_changed = ovs_storyboard_panel_request_changed;
  panel_class->show_problems = ovs_storyboard_panel_show_problems;
}

static void
ovs_storyboard_panel_init (OvsStoryboardPanel *self)
{
  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_storyboard_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_STORYBOARD_PANEL, "request", request, NULL);
}
