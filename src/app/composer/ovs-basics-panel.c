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

struct _OvsBasicsPanel
{
  OvsPanel parent_instance;

  GHashTable *rows;      /* path -> GtkWidget (row) */
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

/* A row's choices: GtkStringList of display labels; the values ride along as object data. */
typedef struct
{
  const char *path;
  GStrv       values;  /* values[0] is NULL-as-"" for "Not set" when optional */
  gboolean    with_unset;
} Choice;

static void
choice_free (Choice *choice)
{
  g_strfreev (choice->values);
  g_free (choice);
}

static void
update_seconds_row (OvsBasicsPanel *self,
                    GtkWidget      *row)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "spin");
  const char *seconds = ovs_request_get_seconds (request);
  gint64 value = 0;

  if (seconds != NULL)
    g_ascii_string_to_signed (seconds, 10, 0, 600, &value, NULL);
  gtk_spin_button_set_value (spin, (double) value);
}

/* The value at @path as the choice list knows it ("true"/"false" for booleans). */
static char *
current_value (OvsBasicsPanel *self,
               const char     *path)
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
update_choice_row (OvsBasicsPanel *self,
                   GtkWidget      *row)
{
  Choice *choice = g_object_get_data (G_OBJECT (row), "choice");
  g_autofree char *value = current_value (self, choice->path);
  GtkStringList *labels = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (row)));
  guint position = 0;
  gboolean found = FALSE;

  for (guint i = 0; choice->values[i] != NULL; i++)
    {
      if (value != NULL && g_str_equal (choice->values[i], value))
        {
          position = i;
          found = TRUE;
        }
    }

  /* A value the catalog does not list (imported, or typed in the JSON) is shown as is. */
  if (value != NULL && !found)
    {
      guint n = g_strv_length (choice->values);

      choice->values = g_renew (char *, choice->values, n + 2);
      choice->values[n] = g_strdup (value);
      choice->values[n + 1] = NULL;
      g_object_set_data (G_OBJECT (row), "ovs-values", choice->values);
      gtk_string_list_append (labels, value);
      position = n;
    }

  /* Nothing chosen yet, and no "Not set" item to show it with. */
  if (value == NULL && !choice->with_unset)
    position = GTK_INVALID_LIST_POSITION;

  adw_combo_row_set_selected (ADW_COMBO_ROW (row), position);
}

static void
update_row (OvsBasicsPanel *self,
            GtkWidget      *row)
{
  ovs_panel_begin_update (OVS_PANEL (self));
  if (g_object_get_data (G_OBJECT (row), "spin") != NULL)
    update_seconds_row (self, row);
  else
    update_choice_row (self, row);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
choice_selected_cb (AdwComboRow    *row,
                    GParamSpec     *pspec,
                    OvsBasicsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  Choice *choice = g_object_get_data (G_OBJECT (row), "choice");
  guint position = adw_combo_row_get_selected (row);
  const OvsField *field;
  const char *value;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || position == GTK_INVALID_LIST_POSITION)
    return;

  value = choice->values[position];
  field = ovs_scenario_get_field (ovs_request_get_scenario (request), choice->path);

  ovs_panel_begin_update (OVS_PANEL (self));
  if (choice->with_unset && position == 0)
    ovs_request_remove (request, choice->path);
  else if (field != NULL && field->type == OVS_FIELD_BOOL)
    ovs_request_set_boolean (request, choice->path, g_str_equal (value, "true"));
  else
    ovs_request_set_string (request, choice->path, value);
  ovs_panel_end_update (OVS_PANEL (self));
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
  g_object_set_data (G_OBJECT (row), "spin", spin);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  field->title, -1);
  return row;
}

static GtkWidget *
make_choice_row (OvsBasicsPanel *self,
                 const OvsField *field)
{
  static const char * const booleans[] = { "true", "false", NULL };
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  Choice *choice = g_new0 (Choice, 1);
  GtkWidget *row = adw_combo_row_new ();
  const char * const *choices = NULL;

  choice->path = field->path;
  choice->with_unset = field->type != OVS_FIELD_MODEL
                       && !ovs_scenario_is_required (scenario, field->path);

  if (choice->with_unset)
    {
      g_strv_builder_add (values, "");
      gtk_string_list_append (labels, _("Not set"));
    }

  if (field->type == OVS_FIELD_MODEL)
    choices = ovs_scenario_get_models (scenario);
  else if (field->type == OVS_FIELD_BOOL)
    choices = booleans;
  else
    choices = ovs_scenario_get_choices (scenario, field->path, NULL);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      g_strv_builder_add (values, choices[i]);
      gtk_string_list_append (labels, label_for_value (choices[i]));
    }
  choice->values = g_strv_builder_end (values);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  ovs_panel_combo_row_show_whole_value (ADW_COMBO_ROW (row));
  g_object_unref (labels);
  g_object_set_data_full (G_OBJECT (row), "choice", choice, (GDestroyNotify) choice_free);
  /* The JSON value of each item, for whoever drives the row by value (the tests). */
  g_object_set_data (G_OBJECT (row), "ovs-values", choice->values);
  g_signal_connect (row, "notify::selected", G_CALLBACK (choice_selected_cb), self);
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
ovs_basics_panel_request_changed (OvsPanel   *panel,
                                  const char *path)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (panel);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (ovs_panel_path_affects (path, key))
      update_row (self, value);
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

      if (!shown_here (field) || g_hash_table_contains (self->rows, field->path))
        continue;

      row = field->type == OVS_FIELD_SECONDS ? make_seconds_row (self, field)
                                             : make_choice_row (self, field);
      gtk_widget_set_name (row, field->path);
      g_hash_table_insert (self->rows, g_strdup (field->path), row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      update_row (self, row);
    }
}

static void
ovs_basics_panel_show_problems (OvsPanel  *panel,
                                GPtrArray *problems)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (panel);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    ovs_panel_mark_widget (value, problems, key);
}

static void
ovs_basics_panel_constructed (GObject *object)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (object);

  G_OBJECT_CLASS (ovs_basics_panel_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Basics"));
  build_rows (self);
}

static void
ovs_basics_panel_dispose (GObject *object)
{
  OvsBasicsPanel *self = OVS_BASICS_PANEL (object);

  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (ovs_basics_panel_parent_class)->dispose (object);
}

static void
ovs_basics_panel_class_init (OvsBasicsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_basics_panel_constructed;
  object_class->dispose = ovs_basics_panel_dispose;

  panel_class->request_changed = ovs_basics_panel_request_changed;
  panel_class->show_problems = ovs_basics_panel_show_problems;
}

static void
ovs_basics_panel_init (OvsBasicsPanel *self)
{
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  return g_hash_table_lookup (self->rows, path);
}
