/* ovs-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-request"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ovs-json.h"
#include "ovs-request.h"

struct _OvsRequest
{
  GObject      parent_instance;

  JsonNode     *root;      /* always an object */
  OvsScenario  *scenario;  /* never NULL */
  OvsJsonSizes *sizes;     /* its inline files' lengths, made when first asked for */
};

G_DEFINE_FINAL_TYPE (OvsRequest, ovs_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCENARIO,
  PROP_MODEL,
  PROP_PROMPT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
ovs_shot_free (OvsShot *shot)
{
  if (shot == NULL)
    return;
  g_free (shot->prompt);
  g_free (shot);
}

void
ovs_subject_free (OvsSubject *subject)
{
  if (subject == NULL)
    return;
  g_free (subject->id);
  g_free (subject->name);
  g_strfreev (subject->image_urls);
  g_free (subject);
}

void
ovs_content_item_free (OvsContentItem *item)
{
  if (item == NULL)
    return;
  g_free (item->type);
  g_free (item->url);
  g_free (item->role);
  g_free (item);
}

/* json_node_init_object() and _array() take a reference of their own: these hand over the
 * caller's, so a fresh container is not leaked. */
static JsonNode *
make_object_node (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static JsonNode *
make_array_node (JsonArray *array)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), array);

  json_array_unref (array);
  return node;
}

static void
ovs_request_finalize (GObject *object)
{
  OvsRequest *self = OVS_REQUEST (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_object (&self->scenario);
  g_clear_pointer (&self->sizes, ovs_json_sizes_free);

  G_OBJECT_CLASS (ovs_request_parent_class)->finalize (object);
}

static void
ovs_request_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OvsRequest *self = OVS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      g_value_set_object (value, self->scenario);
      break;
    case PROP_MODEL:
      g_value_set_string (value, ovs_request_get_model (self));
      break;
    case PROP_PROMPT:
      g_value_set_string (value, ovs_request_get_prompt (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_request_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OvsRequest *self = OVS_REQUEST (object);

  switch (prop_id)
    {
    case PROP_SCENARIO:
      ovs_request_set_scenario (self, g_value_get_object (value));
      break;
    case PROP_MODEL:
      ovs_request_set_model (self, g_value_get_string (value));
      break;
    case PROP_PROMPT:
      ovs_request_set_prompt (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_request_class_init (OvsRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ovs_request_finalize;
  object_class->get_property = ovs_request_get_property;
  object_class->set_property = ovs_request_set_property;

  properties[PROP_SCENARIO] =
    g_param_spec_object ("scenario", NULL, NULL, OVS_TYPE_SCENARIO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OvsRequest::changed:
   * @path: the path that changed, "$" for the whole body
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ovs_request_init (OvsRequest *self)
{
  self->root = make_object_node (json_object_new ());
}

static void
emit_changed (OvsRequest *self,
              const char *path)
{
  gboolean whole = g_str_equal (path, "$");

  if (whole || g_str_equal (path, "model"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  if (whole || g_str_equal (path, "prompt"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
  g_signal_emit (self, signals[CHANGED], 0, path);
}

OvsRequest *
ovs_request_new (OvsScenario *scenario)
{
  OvsRequest *self;

  g_return_val_if_fail (OVS_IS_SCENARIO (scenario), NULL);

  self = g_object_new (OVS_TYPE_REQUEST, NULL);
  self->scenario = g_object_ref (scenario);
  return self;
}

OvsRequest *
ovs_request_new_from_example (OvsScenario *scenario)
{
  g_autoptr(JsonNode) example = NULL;

  g_return_val_if_fail (OVS_IS_SCENARIO (scenario), NULL);

  example = ovs_scenario_dup_example (scenario);
  return ovs_request_new_from_node (example, scenario);
}

OvsRequest *
ovs_request_new_from_node (JsonNode    *root,
                           OvsScenario *scenario)
{
  OvsRequest *self;

  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);
  g_return_val_if_fail (scenario == NULL || OVS_IS_SCENARIO (scenario), NULL);

  if (scenario == NULL)
    {
      OvsDetection detection;

      ovs_catalog_detect (ovs_catalog_get_default (), root, &detection);
      scenario = detection.scenario;
    }

  self = g_object_new (OVS_TYPE_REQUEST, NULL);
  self->scenario = g_object_ref (scenario);
  g_clear_pointer (&self->root, json_node_unref);
  self->root = json_node_copy (root);
  return self;
}

OvsRequest *
ovs_request_new_from_json (const char    *text,
                           gssize         length,
                           OvsDetection  *detection,
                           GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  OvsDetection local;

  root = ovs_json_parse_object (text, length, NULL, NULL, error);
  if (root == NULL)
    return NULL;

  if (detection == NULL)
    detection = &local;
  ovs_catalog_detect (ovs_catalog_get_default (), root, detection);
  return ovs_request_new_from_node (root, detection->scenario);
}

OvsScenario *
ovs_request_get_scenario (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);
  return self->scenario;
}

void
ovs_request_set_scenario (OvsRequest  *self,
                          OvsScenario *scenario)
{
  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (OVS_IS_SCENARIO (scenario));

  if (g_set_object (&self->scenario, scenario))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCENARIO]);
}

JsonNode *
ovs_request_get_root (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);
  return self->root;
}

OvsJsonSizes *
ovs_request_get_sizes (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  if (self->sizes == NULL)
    self->sizes = ovs_json_sizes_new ();
  return self->sizes;
}

/**
 * ovs_request_sends_raw_base64:
 *
 * Returns: whether the model's provider takes inline files as bare base64 (Kling's own API
 *   refuses the "data:" prefix): ovs_request_to_json() then leaves the prefixes out
 */
/* The catalog is read-only once loaded: any thread may ask. */
static gboolean
model_sends_raw_base64 (const char *model_id)
{
  const OvsModel *model = model_id != NULL
                          ? ovs_catalog_find_model (ovs_catalog_get_default (), model_id, NULL)
                          : NULL;

  return model != NULL && g_str_equal (model->inline_form, "raw-base64");
}

gboolean
ovs_request_sends_raw_base64 (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), FALSE);

  return model_sends_raw_base64 (ovs_request_get_model (self));
}

/* The body as it is sent: where the model's provider takes inline files as bare base64,
 * without the "data:" prefixes (written so, the tree is not copied). */
char *
ovs_request_to_json (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  return ovs_json_write (self->root, TRUE, ovs_request_sends_raw_base64 (self));
}

char *
ovs_request_write_body (JsonNode *root)
{
  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);

  return ovs_json_write (root, TRUE, model_sends_raw_base64 (
    json_object_get_string_member_with_default (json_node_get_object (root), "model", NULL)));
}

/* A copy another thread may serialise while the user goes on typing (the draft writer,
 * issue 14): its objects and lists are its own, its inline files the request's (see
 * ovs_json_copy_to_read (): a string is replaced, never changed, and the copy is freed on
 * the request's thread). It is the body as composed, inline files with their "data:"
 * prefixes even for a model sent bare base64: read back, the draft names each file by its
 * type, not by megabytes of base64. */
JsonNode *
ovs_request_dup_body (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  return ovs_json_copy_to_read (self->root);
}

char *
ovs_request_to_compact_json (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  return ovs_json_write (self->root, FALSE, ovs_request_sends_raw_base64 (self));
}

gboolean
ovs_request_replace_from_json (OvsRequest  *self,
                               const char  *text,
                               gssize       length,
                               GError     **error)
{
  JsonNode *root;

  g_return_val_if_fail (OVS_IS_REQUEST (self), FALSE);

  root = ovs_json_parse_object (text, length, NULL, NULL, error);
  if (root == NULL)
    return FALSE;

  g_clear_pointer (&self->root, json_node_unref);
  self->root = root;
  emit_changed (self, "$");
  return TRUE;
}

/**
 * ovs_request_replace_root:
 * @self: the request
 * @root: (transfer none): an object node, taken as the whole body
 *
 * Like ovs_request_replace_from_json() for a tree already read (the preview's, with its
 * folds put back), without writing and reading the body again.
 */
void
ovs_request_replace_root (OvsRequest *self,
                          JsonNode   *root)
{
  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root));

  g_clear_pointer (&self->root, json_node_unref);
  self->root = json_node_ref (root);
  emit_changed (self, "$");
}

JsonNode *
ovs_request_get_node (OvsRequest *self,
                      const char *path)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  return ovs_json_get_path (self->root, path);
}

const char *
ovs_request_get_string (OvsRequest *self,
                        const char *path)
{
  JsonNode *node = ovs_request_get_node (self, path);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

gboolean
ovs_request_get_boolean (OvsRequest *self,
                         const char *path,
                         gboolean    fallback)
{
  JsonNode *node = ovs_request_get_node (self, path);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return fallback;
}

double
ovs_request_get_number (OvsRequest *self,
                        const char *path,
                        double      fallback)
{
  JsonNode *node = ovs_request_get_node (self, path);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        return (double) json_node_get_int (node);
      if (type == G_TYPE_DOUBLE)
        return json_node_get_double (node);
    }
  return fallback;
}

/* Sets @key in @object (the object at @object_path), placing a new member where the
 * scenario's example has it: before the first member the example puts after it. */
static void
object_set_ordered (OvsRequest *self,
                    JsonObject *object,
                    const char *object_path,
                    const char *key,
                    JsonNode   *value)
{
  gboolean existed = json_object_has_member (object, key);
  int rank;

  json_object_set_member (object, key, value);
  if (existed)
    return;

  rank = ovs_scenario_get_key_rank (self->scenario, object_path, key);
  if (rank < 0)
    return;

  {
    g_autoptr(GList) members = json_object_get_members (object);
    guint position = 0;

    for (GList *l = members; l != NULL; l = l->next)
      {
        int other;

        if (g_str_equal (l->data, key))
          continue;
        other = ovs_scenario_get_key_rank (self->scenario, object_path, l->data);
        if (other > rank)
          {
            ovs_json_object_move_member (object, key, position);
            return;
          }
        position++;
      }
  }
}

/* The steps of @path: "a.b[2].c" is "a", "b", "[2]", "c"; NULL when it is empty or
 * malformed (an unclosed "[", an empty name). */
static GPtrArray *
split_path (const char *path)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *p = path;

  while (*p != '\0')
    {
      gsize len;

      if (*p == '.')
        p++;
      if (*p == '[')
        {
          const char *end = strchr (p, ']');

          if (end == NULL)
            return NULL;
          g_ptr_array_add (parts, g_strndup (p, end - p + 1));
          p = end + 1;
          continue;
        }
      len = strcspn (p, ".[");
      if (len == 0)
        return NULL;
      g_ptr_array_add (parts, g_strndup (p, len));
      p += len;
    }
  return parts->len > 0 ? g_steal_pointer (&parts) : NULL;
}

/* Walks to the container that holds the last step of @path, creating objects on the way
 * when @create. Returns the container node and the last step's name or index. */
static JsonNode *
walk_to_parent (OvsRequest  *self,
                const char  *path,
                gboolean     create,
                char       **last_name,
                gint64      *last_index,
                char       **parent_path)
{
  g_autoptr(GString) walked = g_string_new ("$");
  g_autoptr(GPtrArray) parts = split_path (path);
  JsonNode *node = self->root;

  if (parts == NULL)
    return NULL;

  for (guint i = 0; i + 1 < parts->len; i++)
    {
      const char *step = g_ptr_array_index (parts, i);
      const char *next = g_ptr_array_index (parts, i + 1);
      g_autofree char *here = g_strdup (walked->str);

      if (step[0] == '[')
        {
          gint64 index = g_ascii_strtoll (step + 1, NULL, 10);
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          if (array == NULL || index < 0 || index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, (guint) index);
          g_string_append (walked, step);
        }
      else
        {
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          JsonNode *child;

          if (object == NULL)
            return NULL;
          child = json_object_get_member (object, step);
          if (child == NULL || JSON_NODE_HOLDS_NULL (child))
            {
              if (!create)
                return NULL;
              child = next[0] == '['
                      ? make_array_node (json_array_new ())
                      : make_object_node (json_object_new ());
              object_set_ordered (self, object, here, step, child);
            }
          node = child;
          if (g_str_equal (walked->str, "$"))
            g_string_assign (walked, step);
          else
            g_string_append_printf (walked, ".%s", step);
        }
    }

  {
    const char *last = g_ptr_array_index (parts, parts->len - 1);

    *last_name = NULL;
    *last_index = -1;
    if (last[0] == '[')
      *last_index = g_ascii_strtoll (last + 1, NULL, 10);
    else
      *last_name = g_strdup (last);
    *parent_path = g_strdup (walked->str);
  }
  return node;
}

/* After a removal: drop objects the removal left empty, up to (not including) the root. */
static void
prune_empty (OvsRequest *self,
             const char *path)
{
  g_autofree char *current = g_strdup (path);

  for (;;)
    {
      g_autofree char *parent = NULL;
      g_autofree char *last = NULL;
      JsonNode *node = ovs_json_get_path (self->root, current);
      JsonNode *parent_node;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
          || json_object_get_size (json_node_get_object (node)) > 0)
        return;
      if (!ovs_json_path_split (current, &parent, &last) || last[0] == '[')
        return;
      parent_node = ovs_json_get_path (self->root, parent);
      if (parent_node == NULL || !JSON_NODE_HOLDS_OBJECT (parent_node))
        return;
      json_object_remove_member (json_node_get_object (parent_node), last);
      if (g_str_equal (parent, "$"))
        return;
      g_free (current);
      current = g_steal_pointer (&parent);
    }
}

void
ovs_request_set_node (OvsRequest *self,
                      const char *path,
                      JsonNode   *value)
{
  g_autofree char *name = NULL;
  g_autofree char *parent_path = NULL;
  gint64 index;
  JsonNode *parent;

  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (path != NULL);

  parent = walk_to_parent (self, path, value != NULL, &name, &index, &parent_path);
  if (parent == NULL)
    {
      if (value != NULL)
        {
          g_debug ("Cannot set %s: a list item on the way does not exist or is not a container",
                      path);
          json_node_unref (value);
        }
      return;
    }

  if (name != NULL)
    {
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (parent))
        {
          g_debug ("Cannot set %s: its parent is not an object", path);
          g_clear_pointer (&value, json_node_unref);
          return;
        }
      object = json_node_get_object (parent);
      if (value == NULL)
        {
          if (!json_object_has_member (object, name))
            return;
          json_object_remove_member (object, name);
          if (!g_str_equal (parent_path, "$"))
            prune_empty (self, parent_path);
        }
      else
        {
          object_set_ordered (self, object, parent_path, name, value);
        }
    }
  else
    {
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (parent) ? json_node_get_array (parent) : NULL;

      if (array == NULL || index < 0 || index >= json_array_get_length (array))
        {
          g_debug ("Cannot set %s: no such list item", path);
          g_clear_pointer (&value, json_node_unref);
          return;
        }
      if (value == NULL)
        {
          json_array_remove_element (array, (guint) index);
        }
      else
        {
          /* JsonArray has no "replace": rebuild the tail. */
          g_autoptr(GPtrArray) tail = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
          guint n = json_array_get_length (array);

          for (guint i = (guint) index + 1; i < n; i++)
            g_ptr_array_add (tail, json_node_ref (json_array_get_element (array, i)));
          for (guint i = n; i > (guint) index; i--)
            json_array_remove_element (array, i - 1);
          json_array_add_element (array, value);
          for (guint i = 0; i < tail->len; i++)
            json_array_add_element (array, json_node_ref (g_ptr_array_index (tail, i)));
        }
    }

  emit_changed (self, path);
}

void
ovs_request_set_string (OvsRequest *self,
                        const char *path,
                        const char *value)
{
  const char *current;

  g_return_if_fail (OVS_IS_REQUEST (self));

  current = ovs_request_get_string (self, path);
  if (value != NULL && current != NULL && g_str_equal (current, value))
    return;
  if (value == NULL && ovs_request_get_node (self, path) == NULL)
    return;

  ovs_request_set_node (self, path,
                        value != NULL ? json_node_init_string (json_node_alloc (), value) : NULL);
}

void
ovs_request_set_boolean (OvsRequest *self,
                         const char *path,
                         gboolean    value)
{
  JsonNode *node;

  g_return_if_fail (OVS_IS_REQUEST (self));

  node = ovs_request_get_node (self, path);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN
      && json_node_get_boolean (node) == !!value)
    return;
  ovs_request_set_node (self, path, json_node_init_boolean (json_node_alloc (), !!value));
}

void
ovs_request_set_number (OvsRequest *self,
                        const char *path,
                        double      value)
{
  JsonNode *node;
  gboolean whole = isfinite (value) && value == floor (value) && fabs (value) < 9.0e15;

  g_return_if_fail (OVS_IS_REQUEST (self));

  node = ovs_request_get_node (self, path);
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if ((whole && type == G_TYPE_INT64 && json_node_get_int (node) == (gint64) value)
          || (!whole && type == G_TYPE_DOUBLE && json_node_get_double (node) == value))
        return;
    }

  ovs_request_set_node (self, path,
                        whole ? json_node_init_int (json_node_alloc (), (gint64) value)
                              : json_node_init_double (json_node_alloc (), value));
}

void
ovs_request_remove (OvsRequest *self,
                    const char *path)
{
  ovs_request_set_node (self, path, NULL);
}

static JsonArray *
get_array (OvsRequest *self,
           const char *path)
{
  JsonNode *node = ovs_request_get_node (self, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

guint
ovs_request_get_n_items (OvsRequest *self,
                         const char *path)
{
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), 0);

  array = get_array (self, path);
  return array != NULL ? json_array_get_length (array) : 0;
}

/* Rewrites @array as @nodes (transfer none). */
static void
array_assign (JsonArray *array,
              GPtrArray *nodes)
{
  while (json_array_get_length (array) > 0)
    json_array_remove_element (array, json_array_get_length (array) - 1);
  for (guint i = 0; i < nodes->len; i++)
    json_array_add_element (array, json_node_ref (g_ptr_array_index (nodes, i)));
}

static GPtrArray *
array_nodes (JsonArray *array)
{
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (nodes, json_node_ref (json_array_get_element (array, i)));
  return nodes;
}

void
ovs_request_insert_item (OvsRequest *self,
                         const char *path,
                         int         position,
                         JsonNode   *item)
{
  JsonArray *array;
  g_autoptr(GPtrArray) nodes = NULL;

  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (item != NULL);

  array = get_array (self, path);
  if (array == NULL)
    {
      ovs_request_set_node (self, path, make_array_node (json_array_new ()));
      array = get_array (self, path);
      if (array == NULL)
        {
          json_node_unref (item);
          return;
        }
    }

  nodes = array_nodes (array);
  if (position < 0 || (guint) position > nodes->len)
    position = nodes->len;
  g_ptr_array_insert (nodes, position, item);
  array_assign (array, nodes);
  emit_changed (self, path);
}

void
ovs_request_remove_item (OvsRequest *self,
                         const char *path,
                         guint       position)
{
  JsonArray *array;

  g_return_if_fail (OVS_IS_REQUEST (self));

  array = get_array (self, path);
  if (array == NULL || position >= json_array_get_length (array))
    return;
  json_array_remove_element (array, position);
  emit_changed (self, path);
}

void
ovs_request_move_item (OvsRequest *self,
                       const char *path,
                       guint       from,
                       guint       to)
{
  JsonArray *array;
  g_autoptr(GPtrArray) nodes = NULL;
  JsonNode *moved;

  g_return_if_fail (OVS_IS_REQUEST (self));

  array = get_array (self, path);
  if (array == NULL || from >= json_array_get_length (array) || from == to)
    return;
  to = MIN (to, json_array_get_length (array) - 1);

  nodes = array_nodes (array);
  moved = g_ptr_array_steal_index (nodes, from);
  g_ptr_array_insert (nodes, to, moved);
  array_assign (array, nodes);
  emit_changed (self, path);
}

const char **
ovs_request_peek_strings (OvsRequest *self,
                          const char *path)
{
  JsonArray *array;
  const char **strings;
  guint n;

  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  array = get_array (self, path);
  n = array != NULL ? json_array_get_length (array) : 0;
  strings = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      strings[i] = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                   ? json_node_get_string (node) : "";
    }
  return strings;
}

GStrv
ovs_request_dup_strings (OvsRequest *self,
                         const char *path)
{
  g_autofree const char **strings = NULL;

  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  strings = ovs_request_peek_strings (self, path);
  return g_strdupv ((char **) strings);
}

void
ovs_request_set_strings (OvsRequest         *self,
                         const char         *path,
                         const char * const *values)
{
  JsonArray *array;

  g_return_if_fail (OVS_IS_REQUEST (self));

  if (values == NULL)
    {
      ovs_request_remove (self, path);
      return;
    }

  array = json_array_new ();
  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  ovs_request_set_node (self, path, json_node_init_array (json_node_alloc (), array));
  json_array_unref (array);
}

const char *
ovs_request_get_model (OvsRequest *self)
{
  return ovs_request_get_string (self, "model");
}

void
ovs_request_set_model (OvsRequest *self,
                       const char *model)
{
  ovs_request_set_string (self, "model", model);
}

const char *
ovs_request_get_prompt (OvsRequest *self)
{
  return ovs_request_get_string (self, "prompt");
}

void
ovs_request_set_prompt (OvsRequest *self,
                        const char *prompt)
{
  ovs_request_set_string (self, "prompt", prompt);
}

const char *
ovs_request_get_seconds (OvsRequest *self)
{
  return ovs_request_get_string (self, "seconds");
}

void
ovs_request_set_seconds (OvsRequest *self,
                         const char *seconds)
{
  ovs_request_set_string (self, "seconds", seconds);
}

/* The path of a common field in this request: the scenario's, else wherever the body has
 * it, else the top level. */
static const char *
common_path (OvsRequest  *self,
             const char  *name,
             const char **candidates)
{
  const char *path = ovs_scenario_find_path (self->scenario, name);

  if (path != NULL)
    return path;
  for (guint i = 0; candidates[i] != NULL; i++)
    if (ovs_json_get_path (self->root, candidates[i]) != NULL)
      return candidates[i];
  return name;
}

static const char *resolution_paths[] = { "resolution", "metadata.resolution", NULL };
static const char *aspect_paths[] = { "aspect_ratio", "metadata.aspect_ratio", "metadata.ratio", NULL };

const char *
ovs_request_get_resolution (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);
  return ovs_request_get_string (self, common_path (self, "resolution", resolution_paths));
}

void
ovs_request_set_resolution (OvsRequest *self,
                            const char *resolution)
{
  g_return_if_fail (OVS_IS_REQUEST (self));
  ovs_request_set_string (self, common_path (self, "resolution", resolution_paths), resolution);
}

const char *
ovs_request_get_aspect_ratio (OvsRequest *self)
{
  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);
  return ovs_request_get_string (self, common_path (self, "aspect_ratio", aspect_paths));
}

void
ovs_request_set_aspect_ratio (OvsRequest *self,
                              const char *aspect_ratio)
{
  g_return_if_fail (OVS_IS_REQUEST (self));
  ovs_request_set_string (self, common_path (self, "aspect_ratio", aspect_paths), aspect_ratio);
}

int
ovs_request_wants_audio (OvsRequest *self)
{
  static const char *switches[] = {
    "audio_generation", "enable_bgm", "metadata.output_config.AudioGeneration",
    "keep_original_sound",
  };
  int answer = -1;
  JsonNode *node;

  g_return_val_if_fail (OVS_IS_REQUEST (self), -1);

  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    {
      const char *value = ovs_request_get_string (self, switches[i]);

      if (value == NULL)
        continue;
      if (g_ascii_strcasecmp (value, "Enabled") == 0)
        return 1;
      answer = 0;
    }

  node = ovs_request_get_node (self, "metadata.generate_audio");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;

  return answer;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static double
member_number (JsonObject *object,
               const char *member,
               double      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return (double) json_node_get_int (node);
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        return json_node_get_double (node);
    }
  return fallback;
}

static JsonObject *
item_object (JsonArray *array,
             guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

GPtrArray *
ovs_request_dup_shots (OvsRequest *self)
{
  GPtrArray *shots = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_shot_free);
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), shots);

  array = get_array (self, OVS_SHOTS_PATH);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = item_object (array, i);
      OvsShot *shot = g_new0 (OvsShot, 1);

      shot->index = (gint64) member_number (object, "index", 0);
      shot->prompt = g_strdup (member_string (object, "prompt"));
      shot->duration = member_number (object, "duration", 0);
      g_ptr_array_add (shots, shot);
    }
  return shots;
}

void
ovs_request_add_shot (OvsRequest *self,
                      int         position,
                      const char *prompt,
                      double      duration)
{
  JsonObject *object = json_object_new ();
  double whole = floor (duration);

  g_return_if_fail (OVS_IS_REQUEST (self));

  json_object_set_int_member (object, "index", ovs_request_get_n_items (self, OVS_SHOTS_PATH) + 1);
  json_object_set_string_member (object, "prompt", prompt != NULL ? prompt : "");
  if (whole == duration)
    json_object_set_int_member (object, "duration", (gint64) duration);
  else
    json_object_set_double_member (object, "duration", duration);

  g_signal_handlers_block_matched (self, G_SIGNAL_MATCH_ID, signals[CHANGED], 0, NULL, NULL, NULL);
  ovs_request_insert_item (self, OVS_SHOTS_PATH, position, make_object_node (object));
  g_signal_handlers_unblock_matched (self, G_SIGNAL_MATCH_ID, signals[CHANGED], 0, NULL, NULL, NULL);
  ovs_request_renumber_shots (self);
  emit_changed (self, OVS_SHOTS_PATH);
}

void
ovs_request_renumber_shots (OvsRequest *self)
{
  JsonArray *array;
  gboolean changed = FALSE;

  g_return_if_fail (OVS_IS_REQUEST (self));

  array = get_array (self, OVS_SHOTS_PATH);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = item_object (array, i);
      JsonNode *index;

      if (object == NULL)
        continue;
      index = json_object_get_member (object, "index");
      if (index != NULL && JSON_NODE_HOLDS_VALUE (index)
          && json_node_get_value_type (index) == G_TYPE_INT64
          && json_node_get_int (index) == (gint64) i + 1)
        continue;
      /* Replacing keeps the member where it is. */
      if (index != NULL)
        json_object_set_int_member (object, "index", (gint64) i + 1);
      else
        {
          json_object_set_int_member (object, "index", (gint64) i + 1);
          ovs_json_object_move_member (object, "index", 0);
        }
      changed = TRUE;
    }

  if (changed)
    emit_changed (self, OVS_SHOTS_PATH);
}

double
ovs_request_get_shots_total (OvsRequest *self)
{
  g_autoptr(GPtrArray) shots = ovs_request_dup_shots (self);
  double total = 0;

  for (guint i = 0; i < shots->len; i++)
    total += ((OvsShot *) g_ptr_array_index (shots, i))->duration;
  return total;
}

gboolean
ovs_request_fit_shots (OvsRequest *self)
{
  g_autoptr(GPtrArray) shots = NULL;
  const char *seconds_text;
  gint64 seconds;
  gint64 assigned = 0;
  double total;
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), FALSE);

  seconds_text = ovs_request_get_seconds (self);
  if (seconds_text == NULL || !g_ascii_string_to_signed (seconds_text, 10, 1, 3600, &seconds, NULL))
    return FALSE;

  shots = ovs_request_dup_shots (self);
  array = get_array (self, OVS_SHOTS_PATH);
  if (shots->len == 0 || array == NULL || (gint64) shots->len > seconds)
    return FALSE;

  total = ovs_request_get_shots_total (self);

  /* Share the length in proportion to the current durations (equally when they are all 0),
   * whole seconds, at least 1 each, the remainder going to the last shot. */
  for (guint i = 0; i < shots->len; i++)
    {
      OvsShot *shot = g_ptr_array_index (shots, i);
      gint64 left = shots->len - i - 1;
      gint64 share;

      if (i + 1 == shots->len)
        share = seconds - assigned;
      else
        {
          double part = total > 0 ? shot->duration / total : 1.0 / shots->len;

          share = (gint64) llround (part * seconds);
          share = CLAMP (share, 1, seconds - assigned - left);
        }
      assigned += share;
      if (item_object (array, i) != NULL)
        json_object_set_int_member (item_object (array, i), "duration", share);
    }

  emit_changed (self, OVS_SHOTS_PATH);
  return TRUE;
}

GPtrArray *
ovs_request_dup_subjects (OvsRequest *self)
{
  GPtrArray *subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_subject_free);
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), subjects);

  array = get_array (self, "subject_infos");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = item_object (array, i);
      OvsSubject *subject = g_new0 (OvsSubject, 1);
      g_autofree char *urls_path = g_strdup_printf ("subject_infos[%u].image_urls", i);

      subject->id = g_strdup (member_string (object, "id"));
      subject->name = g_strdup (member_string (object, "name"));
      subject->image_urls = ovs_request_dup_strings (self, urls_path);
      g_ptr_array_add (subjects, subject);
    }
  return subjects;
}

void
ovs_request_add_subject (OvsRequest         *self,
                         const char         *id,
                         const char         *name,
                         const char * const *image_urls)
{
  JsonObject *object = json_object_new ();
  JsonArray *urls = json_array_new ();

  g_return_if_fail (OVS_IS_REQUEST (self));

  for (guint i = 0; image_urls != NULL && image_urls[i] != NULL; i++)
    json_array_add_string_element (urls, image_urls[i]);

  json_object_set_string_member (object, "id", id != NULL ? id : "");
  json_object_set_string_member (object, "name", name != NULL ? name : "");
  json_object_set_array_member (object, "image_urls", urls);
  ovs_request_insert_item (self, "subject_infos", -1, make_object_node (object));
}

GPtrArray *
ovs_request_dup_content (OvsRequest *self)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_content_item_free);
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), items);

  array = get_array (self, OVS_CONTENT_PATH);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = item_object (array, i);
      OvsContentItem *item = g_new0 (OvsContentItem, 1);
      const char *type = member_string (object, "type");
      JsonNode *holder = type != NULL ? json_object_get_member (object, type) : NULL;

      item->type = g_strdup (type);
      item->role = g_strdup (member_string (object, "role"));
      if (holder != NULL && JSON_NODE_HOLDS_OBJECT (holder))
        item->url = g_strdup (member_string (json_node_get_object (holder), "url"));
      else if (holder != NULL && JSON_NODE_HOLDS_VALUE (holder)
               && json_node_get_value_type (holder) == G_TYPE_STRING)
        item->url = g_strdup (json_node_get_string (holder));
      g_ptr_array_add (items, item);
    }
  return items;
}

void
ovs_request_add_content (OvsRequest *self,
                         const char *type,
                         const char *url,
                         const char *role)
{
  JsonObject *object = json_object_new ();
  JsonObject *holder = json_object_new ();

  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (type != NULL);

  json_object_set_string_member (holder, "url", url != NULL ? url : "");
  json_object_set_string_member (object, "type", type);
  json_object_set_object_member (object, type, holder);
  if (role != NULL)
    json_object_set_string_member (object, "role", role);
  ovs_request_insert_item (self, OVS_CONTENT_PATH, -1, make_object_node (object));
}

GArray *
ovs_request_dup_element_ids (OvsRequest *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *array;

  g_return_val_if_fail (OVS_IS_REQUEST (self), ids);

  array = get_array (self, OVS_ELEMENTS_PATH);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      gint64 id = (gint64) member_number (item_object (array, i), "element_id", 0);

      g_array_append_val (ids, id);
    }
  return ids;
}

void
ovs_request_add_element (OvsRequest *self,
                         gint64      element_id)
{
  JsonObject *object = json_object_new ();

  g_return_if_fail (OVS_IS_REQUEST (self));

  json_object_set_int_member (object, "element_id", element_id);
  ovs_request_insert_item (self, OVS_ELEMENTS_PATH, -1, make_object_node (object));
}

const char *
ovs_request_get_voice (OvsRequest *self,
                       const char *subject_id)
{
  JsonNode *map;

  g_return_val_if_fail (OVS_IS_REQUEST (self), NULL);

  map = ovs_request_get_node (self, OVS_VOICE_MAP_PATH);
  if (map == NULL || !JSON_NODE_HOLDS_OBJECT (map) || subject_id == NULL)
    return NULL;
  return member_string (json_node_get_object (map), subject_id);
}

void
ovs_request_set_voice (OvsRequest *self,
                       const char *subject_id,
                       const char *voice)
{
  JsonNode *map;
  JsonObject *object;

  g_return_if_fail (OVS_IS_REQUEST (self));
  g_return_if_fail (subject_id != NULL);

  map = ovs_request_get_node (self, OVS_VOICE_MAP_PATH);
  if (map == NULL || !JSON_NODE_HOLDS_OBJECT (map))
    {
      if (voice == NULL)
        return;
      ovs_request_set_node (self, OVS_VOICE_MAP_PATH,
                            make_object_node (json_object_new ()));
      map = ovs_request_get_node (self, OVS_VOICE_MAP_PATH);
    }
  object = json_node_get_object (map);

  /* Subject ids may hold dots, so this does not go through paths. */
  if (voice == NULL)
    {
      if (!json_object_has_member (object, subject_id))
        return;
      json_object_remove_member (object, subject_id);
      if (json_object_get_size (object) == 0)
        ovs_request_remove (self, OVS_VOICE_MAP_PATH);
    }
  else
    {
      const char *current = member_string (object, subject_id);

      if (current != NULL && g_str_equal (current, voice))
        return;
      json_object_set_string_member (object, subject_id, voice);
    }
  emit_changed (self, OVS_VOICE_MAP_PATH);
}
