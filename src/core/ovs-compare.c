/* ovs-compare.c: one request fanned out to several models, or copied N times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "ovs-compare.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-validate.h"

/* Where each family keeps the shared intent. The relay reads the same top-level fields for
 * every provider but Seedance, whose adaptor takes resolution, ratio, audio and the framed
 * content only from `metadata` (new-api relay/channel/task/doubao/adaptor.go). Vidu and Veo
 * take frames as images, in order (the relay picks Vidu's start-end mode by the count). */
typedef struct
{
  const char *family;
  const char *resolution;
  const char *aspect;
  const char *first;       /* "images": prepended to the images; else a path of its own */
  const char *last;
  const char *videos;
  const char *video_type;  /* video_reference_type that goes with reference videos */
  const char *audio;
  gboolean    audio_switch; /* "Enabled"/"Disabled" rather than true/false */
  gboolean    placeholders; /* <<<image_N>>> and <<<video_N>>> name the media */
} FamilyMap;

static const FamilyMap family_maps[] = {
  { "kling", "resolution", "aspect_ratio", "firstframe", "lastframe", "videos", "feature",
    "audio_generation", TRUE, TRUE },
  { "vidu", "resolution", "aspect_ratio", "images", "images", "videos", NULL,
    "audio_generation", TRUE, FALSE },
  { "veo", "resolution", "aspect_ratio", "images", "lastframe", "videos", "asset",
    "audio_generation", TRUE, FALSE },
  { "seedance", "metadata.resolution", "metadata.ratio", "metadata.content", "metadata.content",
    "metadata.content", NULL, "metadata.generate_audio", FALSE, FALSE },
  { "hunyuan", "resolution", "aspect_ratio", "firstframe", "lastframe", "videos", NULL,
    "audio_generation", TRUE, FALSE },
};

/* The paths a source body's intent is read from: the rest is not shared between families. */
static const char * const intent_paths[] = {
  "model", "prompt", "seconds", "resolution", "aspect_ratio", "images", "videos",
  "firstframe", "lastframe", "audio_generation", "video_reference_type",
  "metadata.resolution", "metadata.ratio", "metadata.aspect_ratio", "metadata.generate_audio",
  "metadata.output_config.AudioGeneration", "metadata.content", NULL
};

typedef struct
{
  const OvsModel *model;   /* (nullable) of the source */
  const char     *family;  /* (nullable) */
  const char     *prompt;
  char           *seconds;
  const char     *resolution;
  const char     *aspect;
  const char     *first;
  const char     *last;
  GPtrArray      *images;  /* of const char *, into the source */
  GPtrArray      *videos;
  int             audio;   /* -1 not said, 0 off, 1 on */
  gboolean        content_extra; /* metadata.content has items the intent cannot carry */
} Intent;

typedef struct
{
  OvsCatalog      *catalog;
  const OvsModel  *model;
  const FamilyMap *map;
  Intent          *intent;
  JsonNode        *body;
  GPtrArray       *warnings;
} Mapping;

void
ovs_compare_body_free (OvsCompareBody *body)
{
  if (body == NULL)
    return;
  g_free (body->model);
  g_clear_pointer (&body->body, json_node_unref);
  g_clear_pointer (&body->warnings, g_ptr_array_unref);
  g_free (body);
}

static void
intent_clear (Intent *intent)
{
  g_free (intent->seconds);
  g_clear_pointer (&intent->images, g_ptr_array_unref);
  g_clear_pointer (&intent->videos, g_ptr_array_unref);
}

static const char *
get_string (JsonNode   *root,
            const char *path)
{
  JsonNode *node = ovs_json_get_path (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
add_strings (GPtrArray  *into,
             JsonNode   *root,
             const char *path)
{
  JsonNode *node = ovs_json_get_path (root, path);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_ptr_array_add (into, (gpointer) json_node_get_string (item));
    }
}

/* Seedance's content: frames by role, reference images and videos. */
static void
read_content (Intent   *intent,
              JsonNode *source)
{
  JsonNode *node = ovs_json_get_path (source, "metadata.content");
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      const char *type = get_string (item, "type");
      const char *role = get_string (item, "role");
      const char *url = NULL;

      if (g_strcmp0 (type, "image_url") == 0)
        url = get_string (item, "image_url.url");
      else if (g_strcmp0 (type, "video_url") == 0)
        url = get_string (item, "video_url.url");
      if (url == NULL)
        intent->content_extra = TRUE;
      else if (g_strcmp0 (type, "video_url") == 0)
        g_ptr_array_add (intent->videos, (gpointer) url);
      else if (g_strcmp0 (role, "first_frame") == 0)
        intent->first = url;
      else if (g_strcmp0 (role, "last_frame") == 0)
        intent->last = url;
      else
        g_ptr_array_add (intent->images, (gpointer) url);
    }
}

static int
read_audio (JsonNode *source)
{
  const char *word = get_string (source, "audio_generation");
  JsonNode *node;

  if (word == NULL)
    word = get_string (source, "metadata.output_config.AudioGeneration");
  if (word != NULL)
    return g_ascii_strcasecmp (word, "Enabled") == 0;
  node = ovs_json_get_path (source, "metadata.generate_audio");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return -1;
}

static void
read_intent (OvsCatalog *catalog,
             JsonNode   *source,
             Intent     *intent)
{
  JsonNode *seconds = ovs_json_get_path (source, "seconds");
  const char *model = get_string (source, "model");

  intent->model = model != NULL ? ovs_catalog_find_model (catalog, model, NULL) : NULL;
  intent->family = intent->model != NULL ? intent->model->family : NULL;
  intent->prompt = get_string (source, "prompt");
  if (seconds != NULL && JSON_NODE_HOLDS_VALUE (seconds)
      && json_node_get_value_type (seconds) == G_TYPE_STRING)
    intent->seconds = g_strdup (json_node_get_string (seconds));
  else if (seconds != NULL && JSON_NODE_HOLDS_VALUE (seconds))
    intent->seconds = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (seconds));
  intent->resolution = get_string (source, "resolution");
  if (intent->resolution == NULL)
    intent->resolution = get_string (source, "metadata.resolution");
  intent->aspect = get_string (source, "aspect_ratio");
  if (intent->aspect == NULL)
    intent->aspect = get_string (source, "metadata.ratio");
  if (intent->aspect == NULL)
    intent->aspect = get_string (source, "metadata.aspect_ratio");
  intent->first = get_string (source, "firstframe");
  intent->last = get_string (source, "lastframe");
  intent->images = g_ptr_array_new ();
  intent->videos = g_ptr_array_new ();
  add_strings (intent->images, source, "images");
  add_strings (intent->videos, source, "videos");
  read_content (intent, source);
  intent->audio = read_audio (source);
}

static void
warn (Mapping    *m,
      const char *path,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static void
warn (Mapping    *m,
      const char *path,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  ovs_problems_add_valist (m->warnings, OVS_SEVERITY_WARNING, OVS_PROBLEM_UNUSED, path, format,
                           args);
  va_end (args);
}

static gboolean
model_takes (const OvsModel *model,
             const char     *path)
{
  return model->fields != NULL && g_hash_table_contains (model->fields, path);
}

static JsonObject *
ensure_parent (JsonNode   *root,
               const char *path,
               char      **last)
{
  g_autofree char *parent_path = NULL;
  JsonNode *parent;

  if (!ovs_json_path_split (path, &parent_path, last))
    return NULL;
  if (g_str_equal (parent_path, "$"))
    return json_node_get_object (root);
  parent = ovs_json_get_path (root, parent_path);
  if (parent == NULL)
    {
      g_autofree char *name = NULL;
      JsonObject *grand = ensure_parent (root, parent_path, &name);

      if (grand == NULL)
        return NULL;
      json_object_set_object_member (grand, name, json_object_new ());
      parent = json_object_get_member (grand, name);
    }
  return JSON_NODE_HOLDS_OBJECT (parent) ? json_node_get_object (parent) : NULL;
}

/* Writes @value (transfer full) at @path, in place when the member is there already, or
 * says the model does not take it. */
static gboolean
put (Mapping    *m,
     const char *path,
     JsonNode   *value)
{
  g_autoptr(JsonNode) owned = value;
  g_autofree char *name = NULL;
  JsonObject *parent;

  if (!model_takes (m->model, path))
    {
      warn (m, path, _("%s does not take this field: left out"), m->model->id);
      return FALSE;
    }
  parent = ensure_parent (m->body, path, &name);
  if (parent == NULL)
    return FALSE;
  json_object_set_member (parent, name, g_steal_pointer (&owned));
  return TRUE;
}

static JsonNode *
string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

static JsonNode *
strings_node (GPtrArray *values)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < values->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (values, i));
  json_node_take_array (node, array);
  return node;
}

static void
remove_path (JsonNode   *root,
             const char *path)
{
  g_autofree char *parent_path = NULL;
  g_autofree char *name = NULL;
  JsonNode *parent;

  if (!ovs_json_path_split (path, &parent_path, &name))
    return;
  parent = g_str_equal (parent_path, "$") ? root : ovs_json_get_path (root, parent_path);
  if (parent != NULL && JSON_NODE_HOLDS_OBJECT (parent))
    {
      json_object_remove_member (json_node_get_object (parent), name);
      if (json_object_get_size (json_node_get_object (parent)) == 0 && parent != root)
        remove_path (root, parent_path);
    }
}


static char *
describe_seconds (const OvsModel *model)
{
  GString *text = g_string_new (NULL);

  if (model->seconds_values != NULL)
    for (guint i = 0; i < model->seconds_values->len; i++)
      g_string_append_printf (text, "%s%d", i > 0 ? ", " : "",
                              g_array_index (model->seconds_values, int, i));
  else
    g_string_printf (text, "%d–%d", model->seconds_min, model->seconds_max);
  return g_string_free (text, FALSE);
}

/* Veo makes 4, 6 or 8 s only; others have a range. The nearest length, ties upwards. */
static void
map_seconds (Mapping *m)
{
  const OvsModel *model = m->model;
  gint64 asked;
  gint64 fit;

  if (m->intent->seconds == NULL)
    return;
  if (model->seconds_min < 0
      || !g_ascii_string_to_signed (m->intent->seconds, 10, 0, 100000, &asked, NULL))
    {
      put (m, "seconds", string_node (m->intent->seconds));
      return;
    }
  fit = CLAMP (asked, model->seconds_min, model->seconds_max);
  if (model->seconds_values != NULL)
    for (guint i = 0; i < model->seconds_values->len; i++)
      {
        int value = g_array_index (model->seconds_values, int, i);

        if (i == 0 || ABS (value - asked) <= ABS (fit - asked))
          fit = value;
      }
  if (fit != asked)
    {
      g_autofree char *takes = describe_seconds (model);

      warn (m, "seconds", _("%s makes %s s videos: %d s instead of %d s"), model->id, takes,
            (int) fit, (int) asked);
    }
  {
    g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, fit);
    put (m, "seconds", string_node (text));
  }
}

static int
resolution_lines (const char *resolution)
{
  return (int) g_ascii_strtoll (resolution, NULL, 10);
}

static void
map_resolution (Mapping *m)
{
  const char *asked = m->intent->resolution;
  const char *fit = asked;
  GStrv known = m->model->resolutions;

  if (asked == NULL)
    return;
  if (known != NULL && !g_strv_contains ((const char * const *) known, asked))
    {
      fit = known[0];
      for (guint i = 0; known[i] != NULL; i++)
        if (ABS (resolution_lines (known[i]) - resolution_lines (asked))
            < ABS (resolution_lines (fit) - resolution_lines (asked)))
          fit = known[i];
      warn (m, m->map->resolution, _("%s does not make %s: %s instead"), m->model->id, asked, fit);
    }
  put (m, m->map->resolution, string_node (fit));
}

static void
map_aspect (Mapping *m)
{
  const char *asked = m->intent->aspect;
  GStrv known = m->model->aspect_ratios;

  if (asked == NULL)
    return;
  if (known != NULL && !g_strv_contains ((const char * const *) known, asked))
    {
      g_autofree char *list = g_strjoinv (", ", known);

      warn (m, m->map->aspect, _("%s takes the aspect ratios %s, not %s: left out (the "
                                 "provider picks)"), m->model->id, list, asked);
      return;
    }
  put (m, m->map->aspect, string_node (asked));
}

/* Whether the media or subject a Kling placeholder names is in the mapped body. */
static gboolean
placeholder_resolves (JsonNode   *body,
                      const char *name)
{
  JsonNode *subjects = ovs_json_get_path (body, "subject_infos");
  guint64 n = 0;

  if (g_str_has_prefix (name, "image_")
      && g_ascii_string_to_unsigned (name + 6, 10, 1, G_MAXUINT, &n, NULL))
    return n <= ovs_json_get_length (body, "images");
  if (g_str_has_prefix (name, "video_")
      && g_ascii_string_to_unsigned (name + 6, 10, 1, G_MAXUINT, &n, NULL))
    return n <= ovs_json_get_length (body, "videos");
  if (subjects == NULL || !JSON_NODE_HOLDS_ARRAY (subjects))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (subjects)); i++)
    if (g_strcmp0 (get_string (json_array_get_element (json_node_get_array (subjects), i), "id"),
                   name) == 0)
      return TRUE;
  return FALSE;
}

/* Kling names attached media <<<image_1>>>; the others read the prompt as plain words, so
 * the placeholders become words, and Vidu's @subject mentions mean nothing to Kling. */
static void
map_prompt (Mapping *m)
{
  const char *prompt = m->intent->prompt;
  g_autoptr(GString) text = NULL;
  GArray *found;
  guint done = 0;

  if (prompt == NULL)
    return;
  found = ovs_prompt_find_placeholders (prompt, m->map->placeholders);
  text = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      OvsPlaceholder *p = &g_array_index (found, OvsPlaceholder, i);

      if (p->name[0] == '@')
        {
          warn (m, "prompt", _("“%s” is a Vidu subject mention; %s names subjects <<<%s>>> "
                               "in subject_infos"), p->name, m->model->id, p->name + 1);
          continue;
        }
      if (m->map->placeholders && placeholder_resolves (m->body, p->name))
        continue;
      g_string_append_len (text, prompt + done, p->start - done);
      if (g_str_has_prefix (p->name, "image_") || g_str_has_prefix (p->name, "video_"))
        g_string_append_printf (text, "%.5s %s", p->name, p->name + 6);
      else
        g_string_append (text, p->name);
      done = p->end;
      if (m->map->placeholders)
        warn (m, "prompt", _("%s gets nothing that <<<%s>>> names: it is sent as plain words"),
              m->model->id, p->name);
      else
        warn (m, "prompt", _("%s has no <<<…>>> placeholders: <<<%s>>> is sent as plain words"),
              m->model->id, p->name);
    }
  g_string_append (text, prompt + done);
  for (guint i = 0; i < found->len; i++)
    g_free (g_array_index (found, OvsPlaceholder, i).name);
  g_array_unref (found);
  put (m, "prompt", string_node (text->str));
}

/* How many reference images the model takes: the catalog's figure, else the most any of
 * its presets takes. */
static int
images_max (OvsCatalog     *catalog,
            const OvsModel *model)
{
  int most = -1;

  if (model->images_max >= 0)
    return model->images_max;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      int min, max;

      if (ovs_scenario_has_model (scenario, model->id)
          && ovs_scenario_get_limits (scenario, "images", &min, &max))
        most = MAX (most, max);
    }
  return most;
}

static JsonNode *
content_item (const char *type,
              const char *url,
              const char *role)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, type);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Seedance: frames and reference videos are content items of their own roles. */
static void
map_content (Mapping *m)
{
  Intent *intent = m->intent;
  JsonArray *items = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, items);
  if (intent->first != NULL)
    json_array_add_element (items, content_item ("image_url", intent->first, "first_frame"));
  if (intent->last != NULL)
    json_array_add_element (items, content_item ("image_url", intent->last, "last_frame"));
  for (guint i = 0; i < intent->videos->len; i++)
    json_array_add_element (items, content_item ("video_url", g_ptr_array_index (intent->videos, i),
                                                 "reference_video"));
  if (json_array_get_length (items) == 0)
    {
      json_node_unref (node);
      return;
    }
  put (m, "metadata.content", node);
}

static void
map_images (Mapping *m)
{
  Intent *intent = m->intent;
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  int most = images_max (m->catalog, m->model);
  gboolean framed = g_str_equal (m->map->first, "images") && intent->first != NULL;

  if (framed)
    {
      g_ptr_array_add (images, (gpointer) intent->first);
      warn (m, "images[0]", _("%s takes the first frame as its first image"), m->model->id);
      if (intent->last != NULL && g_str_equal (m->map->last, "images"))
        g_ptr_array_add (images, (gpointer) intent->last);
      if (intent->images->len > 0)
        warn (m, "images", _("%s reads further images as references, not frames: the %u "
                             "reference images are left out"), m->model->id, intent->images->len);
    }
  else
    g_ptr_array_extend (images, intent->images, NULL, NULL);
  if (most >= 0 && images->len > (guint) most)
    {
      warn (m, "images", _("%s takes at most %d images: %u left out"),
            m->model->id, most, images->len - most);
      g_ptr_array_set_size (images, most);
    }
  if (images->len > 0)
    put (m, "images", strings_node (images));
}

static void
map_media (Mapping *m)
{
  const FamilyMap *map = m->map;
  Intent *intent = m->intent;

  map_images (m);
  if (g_str_equal (map->first, "metadata.content"))
    {
      map_content (m);
      return;
    }
  if (intent->first != NULL && !g_str_equal (map->first, "images"))
    put (m, map->first, string_node (intent->first));
  if (intent->last != NULL && !g_str_equal (map->last, "images"))
    put (m, map->last, string_node (intent->last));
  if (intent->videos->len > 0 && put (m, map->videos, strings_node (intent->videos))
      && map->video_type != NULL)
    put (m, "video_reference_type", string_node (map->video_type));
}

static const char * const audio_paths[] = {
  "audio_generation", "metadata.generate_audio", "metadata.output_config.AudioGeneration", NULL
};

static gboolean
is_audio_path (const char *path)
{
  return g_strv_contains (audio_paths, path);
}

/* Within a family the audio switch stays where the source has it (Vidu keeps it under
 * metadata.output_config with subjects); elsewhere it goes to the family's own field. */
static void
map_audio (Mapping *m)
{
  JsonNode *node;

  if (m->intent->audio < 0)
    return;
  for (guint i = 0; audio_paths[i] != NULL; i++)
    if (ovs_json_get_path (m->body, audio_paths[i]) != NULL)
      return;
  if (m->map->audio_switch)
    node = string_node (m->intent->audio ? "Enabled" : "Disabled");
  else
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, m->intent->audio);
    }
  put (m, m->map->audio, node);
}

static void
collect_leaves (JsonNode   *node,
                const char *path,
                OvsCatalog *catalog,
                GPtrArray  *into)
{
  g_autoptr(GList) members = NULL;

  if (path != NULL && (ovs_catalog_get_field (catalog, path) != NULL
                       || !JSON_NODE_HOLDS_OBJECT (node)))
    {
      g_ptr_array_add (into, g_strdup (path));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *child = path != NULL ? g_strconcat (path, ".", l->data, NULL)
                                            : g_strdup (l->data);

      collect_leaves (json_object_get_member (json_node_get_object (node), l->data),
                      child, catalog, into);
    }
}

static gboolean
is_intent_path (const char *path)
{
  return g_strv_contains (intent_paths, path);
}

/* A model of the source's family keeps the rest of the body, but for the fields it does
 * not take; another family gets the intent alone, and is told what stayed behind. */
static void
map_rest (Mapping  *m,
          JsonNode *source,
          gboolean  same_family)
{
  g_autoptr(GPtrArray) leaves = g_ptr_array_new_with_free_func (g_free);

  collect_leaves (source, NULL, m->catalog, leaves);
  for (guint i = 0; i < leaves->len; i++)
    {
      const char *path = g_ptr_array_index (leaves, i);

      if (is_intent_path (path))
        continue;
      if (!same_family)
        warn (m, path, _("not carried over to %s: only the prompt, images, frames, videos, "
                         "seconds, resolution, aspect ratio and audio are shared"),
              m->model->id);
      else if (ovs_catalog_get_field (m->catalog, path) != NULL && !model_takes (m->model, path))
        {
          warn (m, path, _("%s does not take this field: left out"), m->model->id);
          remove_path (m->body, path);
        }
    }
  if (m->intent->content_extra && !g_str_equal (m->map->videos, "metadata.content"))
    warn (m, "metadata.content", _("not carried over to %s: only the prompt, images, frames, "
                                   "videos, seconds, resolution, aspect ratio and audio are "
                                   "shared"), m->model->id);
}

static const FamilyMap *
find_family_map (const char *family)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_maps); i++)
    if (g_strcmp0 (family_maps[i].family, family) == 0)
      return &family_maps[i];
  return &family_maps[G_N_ELEMENTS (family_maps) - 1];
}

static void
detect_scenario (OvsCompareBody *result)
{
  OvsDetection detection;

  ovs_catalog_detect (ovs_catalog_get_default (), result->body, &detection);
  if (detection.exact && ovs_scenario_has_model (detection.scenario, result->model))
    result->scenario = detection.scenario;
}

static OvsCompareBody *
map_one (OvsCatalog     *catalog,
         Intent         *intent,
         JsonNode       *source,
         const OvsModel *model)
{
  OvsCompareBody *result = g_new0 (OvsCompareBody, 1);
  gboolean same_family = g_strcmp0 (intent->family, model->family) == 0;
  Mapping m = { catalog, model, find_family_map (model->family), intent, NULL, NULL };

  result->model = g_strdup (model->id);
  result->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  m.warnings = result->warnings;
  if (same_family)
    {
      m.body = ovs_json_deep_copy (source);
      for (guint i = 0; intent_paths[i] != NULL; i++)
        if (!g_str_equal (intent_paths[i], "model") && !g_str_equal (intent_paths[i], "prompt")
            && !(is_audio_path (intent_paths[i]) && model_takes (model, intent_paths[i])))
          remove_path (m.body, intent_paths[i]);
    }
  else
    {
      /* json_node_init_object () takes its own reference: the object is given, not lent. */
      m.body = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (m.body, json_object_new ());
    }
  json_object_set_string_member (json_node_get_object (m.body), "model", model->id);
  /* its place, after the model as every example has it; the words come last */
  if (intent->prompt != NULL && model_takes (model, "prompt"))
    json_object_set_string_member (json_node_get_object (m.body), "prompt", intent->prompt);
  map_media (&m);
  map_seconds (&m);
  map_resolution (&m);
  map_aspect (&m);
  map_audio (&m);
  map_rest (&m, source, same_family);
  /* last: whether a placeholder still names something depends on what was kept */
  map_prompt (&m);
  result->body = m.body;
  detect_scenario (result);
  return result;
}

static gboolean
check_source (JsonNode  *source,
              GError   **error)
{
  if (source == NULL || !JSON_NODE_HOLDS_OBJECT (source))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, _("The body must be a JSON object"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
ovs_compare_fan_out (OvsCatalog          *catalog,
                     JsonNode            *source,
                     const char * const  *models,
                     GError             **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_compare_body_free);
  Intent intent = { 0 };

  g_return_val_if_fail (OVS_IS_CATALOG (catalog), NULL);

  if (!check_source (source, error))
    return NULL;
  if (models == NULL || models[0] == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID, _("models: name at least one model"));
      return NULL;
    }
  for (guint i = 0; models[i] != NULL; i++)
    if (ovs_catalog_find_model (catalog, models[i], NULL) == NULL)
      {
        g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                     _("models: “%s” is not a model of the catalog (omni-video scenarios "
                       "lists them)"), models[i]);
        return NULL;
      }
  read_intent (catalog, source, &intent);
  for (guint i = 0; models[i] != NULL; i++)
    g_ptr_array_add (bodies, map_one (catalog, &intent, source,
                                      ovs_catalog_find_model (catalog, models[i], NULL)));
  intent_clear (&intent);
  return g_steal_pointer (&bodies);
}

/* The relay hands `metadata` to Vidu's and Seedance's request structs, both of which have
 * a `seed` (relay/channel/task/vidu/adaptor.go, doubao/adaptor.go). */
static gboolean
family_has_seed (const char *family)
{
  return g_strcmp0 (family, "vidu") == 0 || g_strcmp0 (family, "seedance") == 0;
}

GPtrArray *
ovs_compare_variants (OvsCatalog  *catalog,
                      JsonNode    *source,
                      guint        n,
                      gint64       first_seed,
                      GError     **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_compare_body_free);
  const char *name;
  const OvsModel *model;

  g_return_val_if_fail (OVS_IS_CATALOG (catalog), NULL);

  if (!check_source (source, error))
    return NULL;
  if (n < 2 || n > OVS_COMPARE_MAX_VARIANTS)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("variants: %u is not a number of copies from 2 to %d"),
                   n, OVS_COMPARE_MAX_VARIANTS);
      return NULL;
    }
  name = get_string (source, "model");
  model = name != NULL ? ovs_catalog_find_model (catalog, name, NULL) : NULL;
  for (guint i = 0; i < n; i++)
    {
      OvsCompareBody *copy = g_new0 (OvsCompareBody, 1);
      Mapping m = { catalog, model, NULL, NULL, NULL, NULL };

      copy->model = g_strdup (name != NULL ? name : "");
      copy->body = ovs_json_deep_copy (source);
      copy->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
      m.body = copy->body;
      m.warnings = copy->warnings;
      if (model != NULL && family_has_seed (model->family))
        {
          g_autofree char *member = NULL;
          JsonObject *metadata = ensure_parent (copy->body, "metadata.seed", &member);

          if (metadata != NULL)
            json_object_set_int_member (metadata, member, first_seed + i);
        }
      else if (i == 0)
        warn (&m, "metadata.seed", _("%s has no seed field: the copies differ only by chance"),
              name != NULL ? name : "?");
      detect_scenario (copy);
      g_ptr_array_add (bodies, copy);
    }
  return g_steal_pointer (&bodies);
}

char *
ovs_compare_new_group_id (const char *kind)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  return g_strdup_printf ("%s-%s-%06x", kind, stamp, g_random_int_range (0, 0xffffff));
}

GStrv
ovs_compare_split_models (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list != NULL ? list : "", ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}
