/* ovs-scenario.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-scenario"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-catalog.h"
#include "ovs-scenario-private.h"

struct _OvsScenario
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *description;
  char       *family;
  char       *family_title;
  GStrv       models;
  GStrv       panels;
  GStrv       required;
  char       *example_resource;

  GHashTable *all_fields;  /* path -> OvsField, shared with the catalog */
  GPtrArray  *fields;      /* OvsField*, borrowed from all_fields */
  GHashTable *matches;     /* path -> value */
  GHashTable *restricts;   /* path -> GStrv */
  GHashTable *limits;      /* name -> GArray of 2 ints */
  GHashTable *key_ranks;   /* "shape\x1fkey" -> rank + 1 */
  GBytes     *example;
};

G_DEFINE_FINAL_TYPE (OvsScenario, ovs_scenario, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_FAMILY,
  PROP_FAMILY_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ovs_scenario_finalize (GObject *object)
{
  OvsScenario *self = OVS_SCENARIO (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->family);
  g_free (self->family_title);
  g_strfreev (self->models);
  g_strfreev (self->panels);
  g_strfreev (self->required);
  g_free (self->example_resource);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->all_fields, g_hash_table_unref);
  g_clear_pointer (&self->matches, g_hash_table_unref);
  g_clear_pointer (&self->restricts, g_hash_table_unref);
  g_clear_pointer (&self->limits, g_hash_table_unref);
  g_clear_pointer (&self->key_ranks, g_hash_table_unref);
  g_clear_pointer (&self->example, g_bytes_unref);

  G_OBJECT_CLASS (ovs_scenario_parent_class)->finalize (object);
}

static void
ovs_scenario_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OvsScenario *self = OVS_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_FAMILY:
      g_value_set_string (value, self->family);
      break;
    case PROP_FAMILY_TITLE:
      g_value_set_string (value, self->family_title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_scenario_class_init (OvsScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ovs_scenario_finalize;
  object_class->get_property = ovs_scenario_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAMILY] =
    g_param_spec_string ("family", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAMILY_TITLE] =
    g_param_spec_string ("family-title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_scenario_init (OvsScenario *self)
{
  self->fields = g_ptr_array_new ();
  self->matches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->restricts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_strfreev);
  self->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  self->key_ranks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GStrv
dup_string_array (JsonObject *object,
                  const char *member)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;

  if (json_object_has_member (object, member)
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, member)))
    array = json_object_get_array_member (object, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

static void
record_rank (OvsScenario *self,
             const char  *shape,
             const char  *key,
             int          rank)
{
  char *id = g_strdup_printf ("%s\x1f%s", shape, key);

  if (g_hash_table_contains (self->key_ranks, id))
    {
      g_free (id);
      return;
    }
  g_hash_table_insert (self->key_ranks, id, GINT_TO_POINTER (rank + 1));
}

static int
count_ranks_for (OvsScenario *self,
                 const char  *shape)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *prefix = g_strdup_printf ("%s\x1f", shape);
  int n = 0;

  g_hash_table_iter_init (&iter, self->key_ranks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      n++;
  return n;
}

/* Walks the example and remembers, for every object (by path shape), the order of its keys,
 * and which catalog fields the example uses. */
static void
learn_from_example (OvsScenario *self,
                    JsonNode    *node,
                    const char  *path,
                    const char  *shape)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      int rank = 0;

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          g_autofree char *child_path = g_str_equal (path, "$")
                                        ? g_strdup (key) : g_strconcat (path, ".", key, NULL);
          g_autofree char *child_shape = g_str_equal (shape, "$")
                                         ? g_strdup (key) : g_strconcat (shape, ".", key, NULL);
          OvsField *field;

          record_rank (self, shape, key, rank++);

          field = g_hash_table_lookup (self->all_fields, child_path);
          if (field != NULL)
            g_ptr_array_add (self->fields, field);

          learn_from_example (self, json_object_get_member (object, key), child_path, child_shape);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autofree char *item_shape = g_strconcat (shape, "[]", NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

          learn_from_example (self, json_array_get_element (array, i), item_path, item_shape);
        }
    }
}

/* What tells the scenario's bodies apart (match), the values it allows (restrict) and the
 * numbers' ranges (limits). */
static void
read_rules (OvsScenario *self,
            JsonObject  *definition)
{
  if (json_object_has_member (definition, "match")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (definition, "match")))
    {
      JsonObject *match = json_object_get_object_member (definition, "match");
      g_autoptr(GList) members = json_object_get_members (match);

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_insert (self->matches, g_strdup (l->data),
                             g_strdup (json_object_get_string_member_with_default (match, l->data, "")));
    }

  if (json_object_has_member (definition, "restrict")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (definition, "restrict")))
    {
      JsonObject *restrict_ = json_object_get_object_member (definition, "restrict");
      g_autoptr(GList) members = json_object_get_members (restrict_);

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_insert (self->restricts, g_strdup (l->data),
                             dup_string_array (restrict_, l->data));
    }

  if (json_object_has_member (definition, "limits")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (definition, "limits")))
    {
      JsonObject *limits = json_object_get_object_member (definition, "limits");
      g_autoptr(GList) members = json_object_get_members (limits);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *range = json_object_get_member (limits, l->data);
          GArray *pair = g_array_sized_new (FALSE, TRUE, sizeof (int), 2);

          if (JSON_NODE_HOLDS_ARRAY (range) && json_array_get_length (json_node_get_array (range)) == 2)
            {
              int min = (int) json_array_get_int_element (json_node_get_array (range), 0);
              int max = (int) json_array_get_int_element (json_node_get_array (range), 1);

              g_array_append_val (pair, min);
              g_array_append_val (pair, max);
              g_hash_table_insert (self->limits, g_strdup (l->data), pair);
            }
          else
            {
              g_array_unref (pair);
            }
        }
    }
}

/* The fields a scenario may have beyond its example, each placed after the example's members
 * of the same object (the order a new key takes in the body). */
static gboolean
add_optional_fields (OvsScenario  *self,
                     char        **optional,
                     GHashTable   *fields,
                     GError      **error)
{
  for (guint i = 0; optional[i] != NULL; i++)
    {
      OvsField *field = g_hash_table_lookup (fields, optional[i]);
      g_autofree char *parent = NULL;
      g_autofree char *last = NULL;
      g_autofree char *shape = NULL;

      if (field == NULL || !ovs_json_path_split (optional[i], &parent, &last))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       "scenario %s: unknown optional field %s", self->id, optional[i]);
          return FALSE;
        }
      if (ovs_scenario_get_field (self, optional[i]) == NULL)
        g_ptr_array_add (self->fields, field);
      shape = ovs_json_path_shape (parent);
      record_rank (self, shape, last, count_ranks_for (self, shape));
    }
  return TRUE;
}

OvsScenario *
_ovs_scenario_new (JsonObject  *definition,
                   GHashTable  *fields,
                   GHashTable  *family_titles,
                   GError     **error)
{
  g_autoptr(OvsScenario) self = g_object_new (OVS_TYPE_SCENARIO, NULL);
  g_autofree char *resource = NULL;
  g_autoptr(JsonNode) example = NULL;
  g_auto(GStrv) optional = NULL;
  const char *example_name;
  const char *title;
  const char *description;
  gsize size;
  const char *data;

  self->id = g_strdup (json_object_get_string_member_with_default (definition, "id", ""));
  if (*self->id == '\0')
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID, "a scenario has no id");
      return NULL;
    }

  title = json_object_get_string_member_with_default (definition, "title", self->id);
  description = json_object_get_string_member_with_default (definition, "description", "");
  self->title = g_strdup (g_dgettext (GETTEXT_PACKAGE, title));
  self->description = g_strdup (*description ? g_dgettext (GETTEXT_PACKAGE, description) : "");
  self->family = g_strdup (json_object_get_string_member_with_default (definition, "family", ""));
  self->family_title = g_strdup (g_hash_table_lookup (family_titles, self->family));
  if (self->family_title == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "scenario %s: unknown family “%s”",
                   self->id, self->family);
      return NULL;
    }

  self->models = dup_string_array (definition, "models");
  self->panels = dup_string_array (definition, "panels");
  self->required = dup_string_array (definition, "required");
  optional = dup_string_array (definition, "optional");
  self->all_fields = g_hash_table_ref (fields);

  read_rules (self, definition);

  example_name = json_object_get_string_member_with_default (definition, "example", "");
  resource = g_strconcat ("/io/github/omnivideo/Studio/core/", example_name, NULL);
  self->example = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (self->example == NULL)
    {
      g_prefix_error (error, "scenario %s: ", self->id);
      return NULL;
    }
  self->example_resource = g_steal_pointer (&resource);

  data = g_bytes_get_data (self->example, &size);
  example = ovs_json_parse_object (data, size, NULL, NULL, error);
  if (example == NULL)
    {
      g_prefix_error (error, "scenario %s: example: ", self->id);
      return NULL;
    }

  learn_from_example (self, example, "$", "$");

  /* Optional fields come after the example's members of the same object. */
  if (!add_optional_fields (self, optional, fields, error))
    return NULL;

  for (guint i = 0; self->required[i] != NULL; i++)
    {
      if (ovs_scenario_get_field (self, self->required[i]) == NULL)
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       "scenario %s: required field %s is not in its example",
                       self->id, self->required[i]);
          return NULL;
        }
    }

  if (self->models[0] == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "scenario %s: no models", self->id);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
ovs_scenario_get_id (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->id;
}

const char *
ovs_scenario_get_title (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->title;
}

const char *
ovs_scenario_get_description (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->description;
}

const char *
ovs_scenario_get_family (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->family;
}

const char *
ovs_scenario_get_family_title (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->family_title;
}

const char * const *
ovs_scenario_get_models (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return (const char * const *) self->models;
}

gboolean
ovs_scenario_has_model (OvsScenario *self,
                        const char  *model)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (OVS_IS_SCENARIO (self), FALSE);

  if (model == NULL)
    return FALSE;
  /* Case and separators do not make another model: "viduq2" is "Vidu-q2". */
  key = ovs_model_name_key (model);
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      g_autofree char *listed = ovs_model_name_key (self->models[i]);

      if (g_str_equal (listed, key))
        return TRUE;
    }
  return FALSE;
}

const char * const *
ovs_scenario_get_panels (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return (const char * const *) self->panels;
}

gboolean
ovs_scenario_has_panel (OvsScenario *self,
                        const char  *panel)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), FALSE);
  return panel != NULL && g_strv_contains ((const char * const *) self->panels, panel);
}

guint
ovs_scenario_get_n_fields (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), 0);
  return self->fields->len;
}

const OvsField *
ovs_scenario_get_field_at (OvsScenario *self,
                           guint        position)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (position < self->fields->len, NULL);
  return g_ptr_array_index (self->fields, position);
}

const OvsField *
ovs_scenario_get_field (OvsScenario *self,
                        const char  *path)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      const OvsField *field = g_ptr_array_index (self->fields, i);

      if (g_str_equal (field->path, path))
        return field;
    }
  return NULL;
}

const char *
ovs_scenario_find_path (OvsScenario *self,
                        const char  *top_level_name)
{
  g_autofree char *nested = NULL;

  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);

  if (ovs_scenario_get_field (self, top_level_name) != NULL)
    return ovs_scenario_get_field (self, top_level_name)->path;

  nested = g_strconcat ("metadata.", top_level_name, NULL);
  if (ovs_scenario_get_field (self, nested) != NULL)
    return ovs_scenario_get_field (self, nested)->path;

  /* Seedance calls the aspect ratio "ratio". */
  if (g_str_equal (top_level_name, "aspect_ratio"))
    {
      const OvsField *ratio = ovs_scenario_get_field (self, "metadata.ratio");

      if (ratio != NULL)
        return ratio->path;
    }

  return NULL;
}

gboolean
ovs_scenario_is_required (OvsScenario *self,
                          const char  *path)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), FALSE);

  if (g_str_equal (path, "model") || g_str_equal (path, "prompt"))
    return TRUE;
  return g_strv_contains ((const char * const *) self->required, path);
}

const char * const *
ovs_scenario_get_choices (OvsScenario *self,
                          const char  *path,
                          gboolean    *strict)
{
  const OvsField *field;
  GStrv restricted;

  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);

  field = g_hash_table_lookup (self->all_fields, path);
  restricted = g_hash_table_lookup (self->restricts, path);

  if (strict != NULL)
    *strict = field != NULL && field->strict;

  if (restricted != NULL)
    return (const char * const *) restricted;
  return field != NULL ? field->choices : NULL;
}

const char *
ovs_scenario_get_match (OvsScenario *self,
                        const char  *path)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return g_hash_table_lookup (self->matches, path);
}

gboolean
ovs_scenario_get_limits (OvsScenario *self,
                         const char  *name,
                         int         *min,
                         int         *max)
{
  GArray *pair;

  g_return_val_if_fail (OVS_IS_SCENARIO (self), FALSE);

  pair = g_hash_table_lookup (self->limits, name);
  if (pair == NULL)
    return FALSE;
  if (min != NULL)
    *min = g_array_index (pair, int, 0);
  if (max != NULL)
    *max = g_array_index (pair, int, 1);
  return TRUE;
}

GBytes *
ovs_scenario_get_example_bytes (OvsScenario *self)
{
  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);
  return self->example;
}

JsonNode *
ovs_scenario_dup_example (OvsScenario *self)
{
  gsize size;
  const char *data;

  g_return_val_if_fail (OVS_IS_SCENARIO (self), NULL);

  data = g_bytes_get_data (self->example, &size);
  /* Checked when the catalog was loaded. */
  return ovs_json_parse_object (data, size, NULL, NULL, NULL);
}

int
ovs_scenario_get_key_rank (OvsScenario *self,
                           const char  *object_path,
                           const char  *key)
{
  g_autofree char *shape = ovs_json_path_shape (object_path);
  g_autofree char *id = g_strdup_printf ("%s\x1f%s", shape, key);

  g_return_val_if_fail (OVS_IS_SCENARIO (self), -1);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->key_ranks, id)) - 1;
}
