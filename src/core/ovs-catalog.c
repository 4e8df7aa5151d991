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
ovs_catalog_finalize (GObject *object)
{
  OvsCatalog *self = OVS_CATALOG (object);

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
      || !json_object_has_member (object, "scenarios"))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           "the catalog needs families, choices, fields and scenarios");
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
  g_return_val_if_fail (OVS_IS_CATALOG (self), NULL);

  for (guint i = 0; model != NULL && i < self->scenarios->len; i++)
    {
      OvsScenario *scenario = g_ptr_array_index (self->scenarios, i);

      if (ovs_scenario_has_model (scenario, model))
        return ovs_scenario_get_family (scenario);
    }
  return NULL;
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

/* A score: the model counts most, then every known field the body has that the scenario
 * uses (or does not), the scenario's required fields, and its distinguishing values. */
static int
score_scenario (OvsCatalog  *self,
                OvsScenario *scenario,
                JsonNode    *root,
                gboolean    *exact)
{
  const char *model = string_at (root, "model");
  const char *family = ovs_catalog_find_model_family (self, model);
  GHashTableIter iter;
  gpointer key, value;
  int score = 0;

  *exact = TRUE;

  if (ovs_scenario_has_model (scenario, model))
    score += 20;
  else if (family != NULL && g_str_equal (family, ovs_scenario_get_family (scenario)))
    score += 8, *exact = FALSE;
  else
    *exact = FALSE;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *path = key;
      gboolean present = ovs_json_get_path (root, path) != NULL;
      gboolean used = ovs_scenario_get_field (scenario, path) != NULL;
      const char *match = ovs_scenario_get_match (scenario, path);

      if (present && used)
        score += 2;
      else if (present)
        score -= 3, *exact = FALSE;

      if (!present && ovs_scenario_is_required (scenario, path))
        score -= 4, *exact = FALSE;

      if (match != NULL && present)
        {
          const char *actual = string_at (root, path);

          if (actual != NULL && g_str_equal (actual, match))
            score += 4;
          else
            score -= 4, *exact = FALSE;
        }
    }

  return score;
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
      int score = score_scenario (self, scenario, root, &exact);

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
