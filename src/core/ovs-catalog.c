/* ovs-catalog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-scenario-private.h"

struct _OvsCatalog
{
  GObject     parent_instance;

  GPtrArray  *scenarios;      /* OvsScenario */
  GHashTable *fields;         /* path -> OvsField */
  GHashTable *choices;        /* id -> GStrv */
  GPtrArray  *family_ids;     /* char* */
  GHashTable *family_titles;  /* id -> translated title */
  GPtrArray  *models;         /* OvsModel */
  GHashTable *model_keys;     /* ovs_model_name_key() of every spelling -> OvsModel */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsCatalog, ovs_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
ovs_catalog_get_item_type (GListModel *model)
{
  return OVS_TYPE_SCENARIO;
}

static guint
ovs_catalog_get_n_items (GListModel *model)
{
  return OVS_CATALOG (model)->scenarios->len;
}

static gpointer
ovs_catalog_get_item (GListModel *model,
                      guint       position)
{
  OvsCatalog *self = OVS_CATALOG (model);

  if (position >= self->scenarios->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->scenarios, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ovs_catalog_get_item_type;
  iface->get_n_items = ovs_catalog_get_n_items;
  iface->get_item = ovs_catalog_get_item;
}

static void
field_free (gpointer data)
{
  OvsField *field = data;

  g_free (field->path);
  g_free (field->title);
  g_free (field->media);
  g_free (field->choices_id);
  g_free (field);
}

static void
model_free (gpointer data)
{
  OvsModel *model = data;

  g_free (model->id);
  g_free (model->family);
  g_strfreev (model->names);
  g_clear_pointer (&model->seconds_values, g_array_unref);
  g_strfreev (model->resolutions);
  g_strfreev (model->aspect_ratios);
  g_free (model->inline_form);
  g_strfreev (model->docs);
  g_strfreev (model->unknown);
  g_clear_pointer (&model->fields, g_hash_table_unref);
  g_free (model);
}

static void
ovs_catalog_finalize (GObject *object)
{
  OvsCatalog *self = OVS_CATALOG (object);

  g_clear_pointer (&self->model_keys, g_hash_table_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->scenarios, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->family_ids, g_ptr_array_unref);
  g_clear_pointer (&self->family_titles, g_hash_table_unref);

  G_OBJECT_CLASS (ovs_catalog_parent_class)->finalize (object);
}

static void
ovs_catalog_class_init (OvsCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ovs_catalog_finalize;
}

static void
ovs_catalog_init (OvsCatalog *self)
{
  self->scenarios = g_ptr_array_new_with_free_func (g_object_unref);
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, field_free);
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->family_ids = g_ptr_array_new_with_free_func (g_free);
  self->family_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->models = g_ptr_array_new_with_free_func (model_free);
  self->model_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static const struct {
  const char   *name;
  OvsFieldType  type;
} field_types[] = {
  { "model", OVS_FIELD_MODEL },
  { "prompt", OVS_FIELD_PROMPT },
  { "choice", OVS_FIELD_CHOICE },
  { "seconds", OVS_FIELD_SECONDS },
  { "bool", OVS_FIELD_BOOL },
  { "url", OVS_FIELD_URL },
  { "url-list", OVS_FIELD_URL_LIST },
  { "subjects", OVS_FIELD_SUBJECTS },
  { "object-ids", OVS_FIELD_OBJECT_IDS },
  { "voice-map", OVS_FIELD_VOICE_MAP },
  { "shots", OVS_FIELD_SHOTS },
  { "elements", OVS_FIELD_ELEMENTS },
  { "content", OVS_FIELD_CONTENT },
};

static gboolean
load_choices (OvsCatalog  *self,
              JsonObject  *choices,
              GHashTable  *strictness,
              GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (choices);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (choices, l->data);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      JsonObject *def;
      JsonArray *values;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      def = json_node_get_object (node);
      if (!json_object_has_member (def, "values")
          || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (def, "values")))
        goto bad;
      values = json_object_get_array_member (def, "values");
      for (guint i = 0; i < json_array_get_length (values); i++)
        g_strv_builder_add (builder, json_array_get_string_element (values, i));

      g_hash_table_insert (self->choices, g_strdup (l->data), g_strv_builder_end (builder));
      g_hash_table_insert (strictness, g_strdup (l->data),
                           GINT_TO_POINTER (json_object_get_boolean_member_with_default (def, "strict", FALSE)));
      continue;

    bad:
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "choices %s: need {values: [...]}",
                   (const char *) l->data);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_fields (OvsCatalog  *self,
             JsonObject  *fields,
             GHashTable  *strictness,
             GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (fields, l->data);
      JsonObject *def;
      OvsField *field;
      const char *type;
      const char *title;
      const char *choices_id;
      gboolean found = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "field %s: not an object",
                       (const char *) l->data);
          return FALSE;
        }
      def = json_node_get_object (node);

      field = g_new0 (OvsField, 1);
      field->path = g_strdup (l->data);
      type = json_object_get_string_member_with_default (def, "type", "");
      for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
        if (g_str_equal (field_types[i].name, type))
          {
            field->type = field_types[i].type;
            found = TRUE;
          }
      title = json_object_get_string_member_with_default (def, "title", field->path);
      field->title = g_strdup (g_dgettext (GETTEXT_PACKAGE, title));
      field->media = g_strdup (json_object_get_string_member_with_default (def, "media", NULL));
      choices_id = json_object_get_string_member_with_default (def, "choices", NULL);
      g_hash_table_insert (self->fields, field->path, field);

      if (!found)
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "field %s: unknown type “%s”",
                       field->path, type);
          return FALSE;
        }

      if (choices_id != NULL)
        {
          field->choices_id = g_strdup (choices_id);
          field->choices = g_hash_table_lookup (self->choices, choices_id);
          field->strict = GPOINTER_TO_INT (g_hash_table_lookup (strictness, choices_id));
          if (field->choices == NULL)
            {
              g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "field %s: unknown choices “%s”",
                           field->path, choices_id);
              return FALSE;
            }
        }
    }
  return TRUE;
}

char *
ovs_model_name_key (const char *name)
{
  GString *key = g_string_new (NULL);

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (key, g_ascii_tolower (*p));
  return g_string_free (key, FALSE);
}

/* A list of strings, or NULL when the member is absent: absent means "not known". */
static GStrv
strv_member (JsonObject *object,
             const char *name)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (item));
    }
  return g_strv_builder_end (builder);
}

static gboolean
range_member (JsonObject *object,
              const char *name,
              int        *min,
              int        *max)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  *min = *max = -1;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 2)
    return FALSE;
  array = json_node_get_array (node);
  *min = json_array_get_int_element (array, 0);
  *max = json_array_get_int_element (array, 1);
  return *min <= *max;
}

/* Every spelling, the id's included, leads to the model; two models may not share one. */
static gboolean
add_model_names (OvsCatalog  *self,
                 OvsModel    *model,
                 GError     **error)
{
  for (guint n = 0; n == 0 || (model->names != NULL && model->names[n - 1] != NULL); n++)
    {
      const char *name = n == 0 ? model->id : model->names[n - 1];
      g_autofree char *key = ovs_model_name_key (name);
      OvsModel *other = g_hash_table_lookup (self->model_keys, key);

      if (other != NULL && other != model)
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       "model %s: “%s” is a spelling of %s too", model->id, name, other->id);
          return FALSE;
        }
      g_hash_table_insert (self->model_keys, g_steal_pointer (&key), model);
    }
  return TRUE;
}

/* The limits of @model from @def: the ranges, the fixed lengths, the inline form. */
static gboolean
read_model_limits (OvsModel    *model,
                   JsonObject  *def,
                   GError     **error)
{
  if (!range_member (def, "seconds", &model->seconds_min, &model->seconds_max)
      || !range_member (def, "images", &model->images_min, &model->images_max))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   "model %s: seconds and images are [min, max]", model->id);
      return FALSE;
    }
  if (json_object_has_member (def, "seconds_values"))
    {
      JsonArray *values = json_object_get_array_member (def, "seconds_values");

      model->seconds_values = g_array_new (FALSE, FALSE, sizeof (int));
      for (guint v = 0; values != NULL && v < json_array_get_length (values); v++)
        {
          int value = json_array_get_int_element (values, v);

          g_array_append_val (model->seconds_values, value);
        }
    }
  if (!g_str_equal (model->inline_form, "data-url") && !g_str_equal (model->inline_form, "raw-base64"))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   "model %s: inline is data-url or raw-base64, not “%s”", model->id,
                   model->inline_form);
      return FALSE;
    }
  return TRUE;
}

/* Model @i of the catalog, from @node. */
static gboolean
load_model (OvsCatalog  *self,
            guint        i,
            JsonNode    *node,
            GError     **error)
{
  JsonObject *def;
  OvsModel *model;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "model %u: not an object", i);
      return FALSE;
    }
  def = json_node_get_object (node);

  model = g_new0 (OvsModel, 1);
  g_ptr_array_add (self->models, model);
  model->id = g_strdup (json_object_get_string_member_with_default (def, "id", ""));
  model->family = g_strdup (json_object_get_string_member_with_default (def, "family", ""));
  model->names = strv_member (def, "names");
  model->prompt_required = g_strcmp0 (json_object_get_string_member_with_default (def, "prompt", "required"),
                                      "required") == 0;
  model->resolutions = strv_member (def, "resolutions");
  model->aspect_ratios = strv_member (def, "aspect_ratios");
  model->inline_form = g_strdup (json_object_get_string_member_with_default (def, "inline", "data-url"));
  model->docs = strv_member (def, "docs");
  model->unknown = strv_member (def, "unknown");
  model->fields = g_hash_table_new (g_str_hash, g_str_equal);

  if (model->id[0] == '\0' || g_hash_table_lookup (self->family_titles, model->family) == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   "model %u (%s): needs an id and a known family", i, model->id);
      return FALSE;
    }
  return read_model_limits (model, def, error) && add_model_names (self, model, error);
}

static gboolean
load_models (OvsCatalog  *self,
             JsonArray   *models,
             GError     **error)
{
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    if (!load_model (self, i, json_array_get_element (models, i), error))
      return FALSE;

  /* What a model takes: the fields of every preset that lists it. */
  for (guint i = 0; i < self->scenarios->len; i++)
    {
      OvsScenario *scenario = g_ptr_array_index (self->scenarios, i);
      const char * const *ids = ovs_scenario_get_models (scenario);

      for (guint m = 0; ids[m] != NULL; m++)
        {
          const OvsModel *model = ovs_catalog_find_model (self, ids[m], NULL);

          if (model == NULL || !g_str_equal (model->id, ids[m]))
            {
              g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                           "scenario %s: “%s” is not the id of a model in “models”",
                           ovs_scenario_get_id (scenario), ids[m]);
              return FALSE;
            }
          for (guint f = 0; f < ovs_scenario_get_n_fields (scenario); f++)
            g_hash_table_add (model->fields, ovs_scenario_get_field_at (scenario, f)->path);
        }
    }
  return TRUE;
}

OvsCatalog *
ovs_catalog_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(OvsCatalog) self = g_object_new (OVS_TYPE_CATALOG, NULL);
  g_autoptr(GHashTable) strictness = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  root = ovs_json_parse_object (data, size, NULL, NULL, error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  if (!json_object_has_member (object, "families")
      || !json_object_has_member (object, "choices")
      || !json_object_has_member (object, "fields")
      || !json_object_has_member (object, "models")
      || !json_object_has_member (object, "scenarios"))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           "the catalog needs families, choices, fields, models and scenarios");
      return NULL;
    }

  {
    JsonArray *families = json_object_get_array_member (object, "families");

    for (guint i = 0; families != NULL && i < json_array_get_length (families); i++)
      {
        JsonObject *family = json_array_get_object_element (families, i);
        const char *id = json_object_get_string_member_with_default (family, "id", "");
        const char *title = json_object_get_string_member_with_default (family, "title", id);

        g_ptr_array_add (self->family_ids, g_strdup (id));
        g_hash_table_insert (self->family_titles, g_strdup (id),
                             g_strdup (g_dgettext (GETTEXT_PACKAGE, title)));
      }
  }

  if (!load_choices (self, json_object_get_object_member (object, "choices"), strictness, error)
      || !load_fields (self, json_object_get_object_member (object, "fields"), strictness, error))
    return NULL;

  {
    JsonArray *scenarios = json_object_get_array_member (object, "scenarios");

    for (guint i = 0; scenarios != NULL && i < json_array_get_length (scenarios); i++)
      {
        JsonNode *node = json_array_get_element (scenarios, i);
        OvsScenario *scenario;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          {
            g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "scenario %u: not an object", i);
            return NULL;
          }
        scenario = _ovs_scenario_new (json_node_get_object (node), self->fields,
                                      self->family_titles, error);
        if (scenario == NULL)
          return NULL;
        if (ovs_catalog_lookup (self, ovs_scenario_get_id (scenario)) != NULL)
          {
            g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, "scenario %s: listed twice",
                         ovs_scenario_get_id (scenario));
            g_object_unref (scenario);
            return NULL;
          }
        g_ptr_array_add (self->scenarios, scenario);
      }
  }

  if (!load_models (self, json_object_get_array_member (object, "models"), error))
    return NULL;

  return g_steal_pointer (&self);
}

OvsCatalog *
ovs_catalog_get_default (void)
{
  static OvsCatalog *catalog;

  if (g_once_init_enter (&catalog))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      OvsCatalog *loaded;

      bytes = g_resources_lookup_data ("/io/github/omnivideo/Studio/core/scenarios.json",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      loaded = bytes != NULL ? ovs_catalog_new_from_bytes (bytes, &error) : NULL;
      /* The catalog is part of the program: a broken one is a build defect. */
      if (loaded == NULL)
        g_error ("The scenario catalog cannot be loaded (was ovs_core_init() called?): %s",
                 error->message);
      g_once_init_leave (&catalog, loaded);
    }

  return catalog;
}

OvsScenario *
ovs_catalog_lookup (OvsCatalog *self,
                    const char *id)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < self->scenarios->len; i++)
    {
      OvsScenario *scenario = g_ptr_array_index (self->scenarios, i);

      if (g_str_equal (ovs_scenario_get_id (scenario), id))
        return scenario;
    }
  return NULL;
}

const OvsField *
ovs_catalog_get_field (OvsCatalog *self,
                       const char *path)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  return g_hash_table_lookup (self->fields, path);
}

GHashTable *
ovs_catalog_get_fields (OvsCatalog *self)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  return self->fields;
}

const char * const *
ovs_catalog_get_choices (OvsCatalog *self,
                         const char *choices_id)
{
  static const char *none[] = { NULL };
  GStrv choices;

  g_return_val_if_fail (OVS_IS_CATALOG (self), none);

  choices = g_hash_table_lookup (self->choices, choices_id);
  return choices != NULL ? (const char * const *) choices : none;
}

guint
ovs_catalog_get_n_families (OvsCatalog *self)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), 0);
  return self->family_ids->len;
}

const char *
ovs_catalog_get_family_id (OvsCatalog *self,
                           guint       position)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (position < self->family_ids->len, NULL);
  return g_ptr_array_index (self->family_ids, position);
}

const char *
ovs_catalog_get_family_title (OvsCatalog *self,
                              const char *family_id)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  return g_hash_table_lookup (self->family_titles, family_id);
}

const char *
ovs_catalog_find_model_family (OvsCatalog *self,
                               const char *model)
{
  const OvsModel *known;

  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);

  known = ovs_catalog_find_model (self, model, NULL);
  if (known != NULL)
    return known->family;

  for (guint i = 0; model != NULL && i < self->scenarios->len; i++)
    {
      OvsScenario *scenario = g_ptr_array_index (self->scenarios, i);

      if (ovs_scenario_has_model (scenario, model))
        return ovs_scenario_get_family (scenario);
    }
  return NULL;
}

const OvsModel *
ovs_catalog_find_model (OvsCatalog *self,
                        const char *name,
                        gboolean   *listed)
{
  g_autofree char *key = NULL;
  OvsModel *model;

  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);

  if (listed != NULL)
    *listed = FALSE;
  if (name == NULL)
    return NULL;

  key = ovs_model_name_key (name);
  model = g_hash_table_lookup (self->model_keys, key);
  if (model != NULL && listed != NULL)
    *listed = g_str_equal (model->id, name)
              || (model->names != NULL && g_strv_contains ((const char * const *) model->names, name));
  return model;
}

guint
ovs_catalog_get_n_models (OvsCatalog *self)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), 0);
  return self->models->len;
}

const OvsModel *
ovs_catalog_get_model_at (OvsCatalog *self,
                          guint       position)
{
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (position < self->models->len, NULL);
  return g_ptr_array_index (self->models, position);
}

static const char *
string_at (JsonNode   *root,
           const char *path)
{
  JsonNode *node = ovs_json_get_path (root, path);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* The lists whose length tells presets apart (one image, or a first and a last one). */
static const struct {
  const char *limit;
  const char *path;
} counted[] = {
  { "images", "images" },
  { "videos", "videos" },
  { "content", "metadata.content" },
};

static void
append_names (GString    *why,
              const char *intro,
              GPtrArray  *names)
{
  if (names->len == 0)
    return;
  if (why->len > 0)
    g_string_append (why, "; ");
  g_string_append (why, intro);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (why, "%s%s", i > 0 ? ", " : *intro != '\0' ? " " : "",
                            (const char *) g_ptr_array_index (names, i));
}

/* The model's part of score_scenario (): one of the scenario's, or of its family. */
static int
score_model (OvsCatalog  *self,
             OvsScenario *scenario,
             JsonNode    *root,
             gboolean    *exact,
             GString     *why)
{
  const char *model = string_at (root, "model");
  const OvsModel *known = ovs_catalog_find_model (self, model, NULL);
  const char *family = ovs_catalog_find_model_family (self, model);
  gboolean same_family = family != NULL && g_str_equal (family, ovs_scenario_get_family (scenario));

  if (ovs_scenario_has_model (scenario, known != NULL ? known->id : model))
    {
      if (why != NULL)
        g_string_append_printf (why, _("“%s” is one of its models"), model);
      return 20;
    }

  *exact = FALSE;
  if (why == NULL)
    ;
  else if (model == NULL)
    g_string_append (why, _("the body names no model"));
  else if (same_family)
    g_string_append_printf (why, _("“%s” is a %s model, but not one it lists"), model,
                            ovs_catalog_get_family_title (self, family));
  else
    g_string_append_printf (why, _("“%s” is not one of its models"), model);
  return same_family ? 8 : 0;
}

/* The counted lists' part: a list longer or shorter than the scenario takes. With
 * @reasons, each in words. */
static int
score_counts (OvsScenario *scenario,
              JsonNode    *root,
              gboolean    *exact,
              GPtrArray   *reasons)
{
  int score = 0;

  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    {
      int min, max;
      guint n = ovs_json_get_length (root, counted[i].path);

      if (n > 0 && ovs_scenario_get_limits (scenario, counted[i].limit, &min, &max)
          && ((int) n < min || (int) n > max))
        {
          score -= 4, *exact = FALSE;
          if (reasons != NULL)
            g_ptr_array_add (reasons, min == max
                                      ? g_strdup_printf (_("%s has %u items, not %d"), counted[i].path, n, min)
                                      : g_strdup_printf (_("%s has %u items, not %d to %d"),
                                                         counted[i].path, n, min, max));
        }
    }
  return score;
}

/* A score: the model counts most, then every known field the body has that the scenario
 * uses (or does not), the scenario's required fields, its distinguishing values and the
 * number of media it takes. With @why, the reasons in words. */
static int
score_scenario (OvsCatalog  *self,
                OvsScenario *scenario,
                JsonNode    *root,
                gboolean    *exact,
                GString     *why)
{
  g_autoptr(GPtrArray) uses = g_ptr_array_new ();
  g_autoptr(GPtrArray) foreign = g_ptr_array_new ();
  g_autoptr(GPtrArray) lacks = g_ptr_array_new ();
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) paths = NULL;
  int score = 0;

  *exact = TRUE;

  score += score_model (self, scenario, root, exact, why);

  /* Sorted, so that the reasons read the same every time. */
  paths = g_list_sort (g_hash_table_get_keys (self->fields), (GCompareFunc) g_strcmp0);
  for (GList *l = paths; l != NULL; l = l->next)
    {
      const char *path = l->data;
      gboolean present = ovs_json_get_path (root, path) != NULL;
      gboolean used = ovs_scenario_get_field (scenario, path) != NULL;
      const char *match = ovs_scenario_get_match (scenario, path);

      if (present && used)
        score += 2, g_ptr_array_add (uses, (gpointer) path);
      else if (present)
        score -= 3, *exact = FALSE, g_ptr_array_add (foreign, (gpointer) path);

      if (!present && ovs_scenario_is_required (scenario, path))
        score -= 4, *exact = FALSE, g_ptr_array_add (lacks, (gpointer) path);

      if (match != NULL && present)
        {
          const char *actual = string_at (root, path);

          if (actual != NULL && g_str_equal (actual, match))
            score += 4;
          else
            {
              score -= 4, *exact = FALSE;
              if (why != NULL)
                g_ptr_array_add (counts, g_strdup_printf (_("%s is not “%s”"), path, match));
            }
        }
    }

  score += score_counts (scenario, root, exact, why != NULL ? counts : NULL);

  if (why != NULL)
    {
      append_names (why, _("it uses"), uses);
      append_names (why, _("it lacks"), lacks);
      append_names (why, _("it does not use"), foreign);
      append_names (why, "", counts);
    }
  return score;
}

char *
ovs_catalog_explain (OvsCatalog  *self,
                     JsonNode    *root,
                     OvsScenario *scenario)
{
  g_autoptr(GString) why = g_string_new (NULL);
  gboolean exact;

  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (OVS_IS_SCENARIO (scenario), NULL);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return g_strdup (_("the body is not an object"));
  score_scenario (self, scenario, root, &exact, why);
  return g_string_free (g_steal_pointer (&why), FALSE);
}

void
ovs_catalog_detect (OvsCatalog   *self,
                    JsonNode     *root,
                    OvsDetection *result)
{
  int best = G_MININT;
  int second = G_MININT;

  g_return_if_fail (OVS_IS_CATALOG (self));
  g_return_if_fail (result != NULL);

  memset (result, 0, sizeof *result);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) || self->scenarios->len == 0)
    {
      result->scenario = self->scenarios->len > 0 ? g_ptr_array_index (self->scenarios, 0) : NULL;
      return;
    }

  for (guint i = 0; i < self->scenarios->len; i++)
    {
      OvsScenario *scenario = g_ptr_array_index (self->scenarios, i);
      gboolean exact;
      int score = score_scenario (self, scenario, root, &exact, NULL);

      if (score > best)
        {
          second = best;
          result->runner_up = result->scenario;
          best = score;
          result->scenario = scenario;
          result->exact = exact;
          result->score = score;
        }
      else if (score > second)
        {
          second = score;
          result->runner_up = scenario;
        }
    }

  /* A tie is not a match we can be sure of. */
  if (second == best)
    result->exact = FALSE;
}
