/* ovs-continue.c: a new request that continues from a frame of a finished task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-continue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "ovs-catalog.h"
#include "ovs-continue.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-json.h"
#include "ovs-task-store.h"

/* Where each family's scenarios take one image as a first frame, last frame or reference,
 * in order of preference (the first whose models include the chosen model wins). Seedance
 * 1.x takes a last frame alone in its content list; Kling's last frame needs a first one,
 * which validation then asks for. */
typedef struct
{
  OvsFrameAs  as;
  const char *scenario;
  const char *field;  /* "images", "firstframe", "lastframe", or a content role */
} Placement;

static const Placement placements[] = {
  { OVS_FRAME_AS_FIRST_FRAME, "first-last-frame", "firstframe" },
  { OVS_FRAME_AS_FIRST_FRAME, "vidu-image-to-video", "images" },
  { OVS_FRAME_AS_FIRST_FRAME, "veo-image-to-video", "images" },
  { OVS_FRAME_AS_FIRST_FRAME, "seedance-image-to-video", "images" },
  { OVS_FRAME_AS_FIRST_FRAME, "seedance-2-image-to-video", "images" },
  { OVS_FRAME_AS_LAST_FRAME, "first-last-frame", "lastframe" },
  { OVS_FRAME_AS_LAST_FRAME, "seedance-first-last-frame", "last_frame" },
  { OVS_FRAME_AS_REFERENCE, "image-to-video", "images" },
  { OVS_FRAME_AS_REFERENCE, "vidu-image-to-video", "images" },
  { OVS_FRAME_AS_REFERENCE, "veo-image-to-video", "images" },
  { OVS_FRAME_AS_REFERENCE, "seedance-image-to-video", "images" },
  { OVS_FRAME_AS_REFERENCE, "seedance-2-image-to-video", "images" },
};

/* What the new clip keeps of its parent, where its scenario has the same field. */
static const char * const kept_fields[] = { "seconds", "resolution", "aspect_ratio", NULL };
static const char * const kept_metadata[] = { "resolution", "ratio", NULL };

/* The object member @name, or NULL when absent or not an object. */
static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char * const as_names[] = { "first_frame", "last_frame", "reference" };

gboolean
ovs_frame_as_from_string (const char *text,
                          OvsFrameAs *as)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (as_names); i++)
    if (g_str_equal (text, as_names[i]))
      {
        *as = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ovs_frame_as_to_string (OvsFrameAs as)
{
  g_return_val_if_fail (as < G_N_ELEMENTS (as_names), NULL);
  return as_names[as];
}

static const Placement *
find_placement (const char   *model,
                OvsFrameAs    as,
                OvsScenario **scenario)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();

  for (guint i = 0; i < G_N_ELEMENTS (placements); i++)
    {
      OvsScenario *candidate;

      if (placements[i].as != as)
        continue;
      candidate = ovs_catalog_lookup (catalog, placements[i].scenario);
      if (candidate != NULL && ovs_scenario_has_model (candidate, model))
        {
          *scenario = candidate;
          return &placements[i];
        }
    }
  return NULL;
}

static void
keep_from_parent (JsonObject *body,
                  JsonObject *parent)
{
  JsonObject *metadata, *parent_metadata;

  for (guint i = 0; kept_fields[i] != NULL; i++)
    if (json_object_has_member (body, kept_fields[i])
        && json_object_has_member (parent, kept_fields[i]))
      json_object_set_member (body, kept_fields[i],
                              json_node_copy (json_object_get_member (parent, kept_fields[i])));

  metadata = object_member (body, "metadata");
  parent_metadata = object_member (parent, "metadata");
  for (guint i = 0; metadata != NULL && parent_metadata != NULL && kept_metadata[i] != NULL; i++)
    if (json_object_has_member (metadata, kept_metadata[i])
        && json_object_has_member (parent_metadata, kept_metadata[i]))
      json_object_set_member (metadata, kept_metadata[i],
                              json_node_copy (json_object_get_member (parent_metadata,
                                                                      kept_metadata[i])));
}

/* Seedance's content list: one image_url item with the frame's role. */
static void
set_content_image (JsonObject *body,
                   const char *role,
                   const char *image_url)
{
  JsonObject *metadata = object_member (body, "metadata");
  JsonArray *content = json_array_new ();
  JsonObject *item = json_object_new ();
  JsonObject *url = json_object_new ();

  json_object_set_string_member (url, "url", image_url);
  json_object_set_string_member (item, "type", "image_url");
  json_object_set_object_member (item, "image_url", url);
  json_object_set_string_member (item, "role", role);
  json_array_add_object_element (content, item);
  if (metadata == NULL)
    {
      metadata = json_object_new ();
      json_object_set_object_member (body, "metadata", metadata);
    }
  json_object_set_array_member (metadata, "content", content);
}

static void
place_image (JsonObject      *body,
             const Placement *placement,
             const char      *image_url)
{
  /* The example's own images are documentation, not the user's. */
  json_object_remove_member (body, "images");
  json_object_remove_member (body, "firstframe");
  json_object_remove_member (body, "lastframe");

  if (g_str_equal (placement->field, "images"))
    {
      JsonArray *images = json_array_new ();

      json_array_add_string_element (images, image_url);
      json_object_set_array_member (body, "images", images);
    }
  else if (g_str_equal (placement->field, "firstframe") || g_str_equal (placement->field, "lastframe"))
    {
      json_object_set_string_member (body, placement->field, image_url);
    }
  else
    {
      set_content_image (body, placement->field, image_url);
    }
}

char *
ovs_continue_build_body (const char   *model,
                         const char   *prompt,
                         OvsFrameAs    as,
                         const char   *image_url,
                         const char   *parent_body,
                         OvsScenario **scenario,
                         GError      **error)
{
  const Placement *placement;
  OvsScenario *chosen = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) parent = NULL;
  JsonObject *body;

  g_return_val_if_fail (model != NULL && image_url != NULL, NULL);

  placement = find_placement (model, as, &chosen);
  if (placement == NULL)
    {
      if (as == OVS_FRAME_AS_FIRST_FRAME)
        g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                     _("no scenario of the model “%s” takes an image as its first frame"), model);
      else if (as == OVS_FRAME_AS_LAST_FRAME)
        g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                     _("no scenario of the model “%s” takes an image as its last frame"), model);
      else
        g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                     _("no scenario of the model “%s” takes a reference image"), model);
      return NULL;
    }

  root = ovs_scenario_dup_example (chosen);
  body = json_node_get_object (root);
  json_object_set_string_member (body, "model", model);
  json_object_set_string_member (body, "prompt", prompt != NULL ? prompt : "");
  if (parent_body != NULL
      && (parent = ovs_json_parse_object (parent_body, -1, NULL, NULL, NULL)) != NULL)
    keep_from_parent (body, json_node_get_object (parent));
  place_image (body, placement, image_url);

  if (scenario != NULL)
    *scenario = chosen;
  return ovs_json_to_string (root);
}

static char *
frame_meta (OvsTask    *parent,
            double      seconds,
            gboolean    last,
            OvsFrameAs  as)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "frame");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_int_value (builder, ovs_task_get_id (parent));
  json_builder_set_member_name (builder, "at");
  json_builder_add_double_value (builder, seconds);
  if (last)
    {
      json_builder_set_member_name (builder, "last");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "as");
  json_builder_add_string_value (builder, ovs_frame_as_to_string (as));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ovs_json_to_compact_string (root);
}

gboolean
ovs_continue_link (OvsTask    *draft,
                   OvsTask    *parent,
                   double      seconds,
                   gboolean    last,
                   OvsFrameAs  as)
{
  g_autofree char *meta = frame_meta (parent, seconds, last, as);
  g_autofree char *chain_id = NULL;
  gboolean parent_joined = FALSE;
  gint64 index = 1;

  g_return_val_if_fail (OVS_IS_TASK (draft) && OVS_IS_TASK (parent), FALSE);

  ovs_task_set_parent (draft, ovs_task_get_id (parent));
  ovs_task_set_meta (draft, meta);

  if (g_strcmp0 (ovs_task_get_group_kind (parent), "chain") == 0)
    {
      chain_id = g_strdup (ovs_task_get_group_id (parent));
      index = ovs_task_get_group_index (parent) + 1;
    }
  else
    {
      chain_id = g_strdup_printf ("chain-%" G_GINT64_FORMAT, ovs_task_get_id (parent));
      if (ovs_task_get_group_id (parent) == NULL)
        {
          ovs_task_set_group_id (parent, chain_id);
          ovs_task_set_group_kind (parent, "chain");
          ovs_task_set_group_index (parent, 0);
          parent_joined = TRUE;
        }
    }
  ovs_task_set_group_id (draft, chain_id);
  ovs_task_set_group_kind (draft, "chain");
  ovs_task_set_group_index (draft, index);
  return parent_joined;
}

/* The whole lineage @task belongs to: its first ancestor, then every task continued from
 * it, generation by generation. Parents form a tree (a task names its parent when it is
 * created), but a damaged history could loop: each row is taken once. */
GPtrArray *
ovs_continue_dup_lineage (OvsTaskStore *store,
                          OvsTask      *task)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *lineage = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OvsTask) root = g_object_ref (task);

  g_return_val_if_fail (OVS_IS_TASK_STORE (store) && OVS_IS_TASK (task), lineage);

  g_hash_table_add (seen, g_memdup2 (&(gint64) { ovs_task_get_id (root) }, sizeof (gint64)));
  while (ovs_task_get_parent (root) > 0)
    {
      gint64 parent_id = ovs_task_get_parent (root);
      OvsTask *parent = g_hash_table_contains (seen, &parent_id)
                        ? NULL : ovs_task_store_lookup (store, parent_id);

      if (parent == NULL)
        break;
      g_hash_table_add (seen, g_memdup2 (&parent_id, sizeof parent_id));
      g_object_unref (root);
      root = parent;
    }

  g_hash_table_remove_all (seen);
  g_ptr_array_add (lineage, g_steal_pointer (&root));
  g_hash_table_add (seen, g_memdup2 (&(gint64) { ovs_task_get_id (g_ptr_array_index (lineage, 0)) },
                                     sizeof (gint64)));
  for (guint i = 0; i < lineage->len; i++)
    {
      g_autoptr(GPtrArray) children = ovs_task_store_dup_children (store,
                                                                    ovs_task_get_id (g_ptr_array_index (lineage, i)));

      for (guint j = 0; children != NULL && j < children->len; j++)
        {
          OvsTask *child = g_ptr_array_index (children, j);
          gint64 id = ovs_task_get_id (child);

          if (g_hash_table_contains (seen, &id))
            continue;
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
          g_ptr_array_add (lineage, g_object_ref (child));
        }
    }
  return lineage;
}

void
ovs_continuation_free (OvsContinuation *continuation)
{
  if (continuation == NULL)
    return;
  g_free (continuation->body);
  g_free (continuation->png_path);
  g_free (continuation);
}

typedef struct
{
  char       *video;
  gint64      position_ns;
  char       *model;
  char       *prompt;
  char       *parent_body;
  OvsFrameAs  as;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  g_free (data->video);
  g_free (data->model);
  g_free (data->prompt);
  g_free (data->parent_body);
  g_free (data);
}

/* The decoding, the PNG and its base64 are all slow: none of it runs on the main loop. */
static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(OvsContinuation) result = g_new0 (OvsContinuation, 1);
  g_autoptr(GFile) file = NULL;
  g_autofree char *image = NULL;
  g_autoptr(GError) error = NULL;
  gboolean last = data->position_ns == OVS_FRAME_LAST;
  gint64 pts = -1;

  result->last = last;
  result->as = data->as;
  result->png_path = ovs_frame_path_beside (data->video, data->position_ns / (double) GST_SECOND,
                                            last);
  if (!ovs_frame_grab (data->video, data->position_ns, result->png_path, &pts, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->seconds = pts >= 0 ? pts / (double) GST_SECOND : MAX (data->position_ns, 0) / (double) GST_SECOND;
  file = g_file_new_for_path (result->png_path);
  image = ovs_data_url_read (file, "image", OVS_DATA_URL_LIMIT, cancellable, &error);
  if (image != NULL)
    result->body = ovs_continue_build_body (data->model, data->prompt, data->as, image,
                                            data->parent_body, &result->scenario, &error);
  if (result->body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) ovs_continuation_free);
}

void
ovs_continue_prepare_async (OvsTask             *parent,
                            gint64               position_ns,
                            const char          *model,
                            OvsFrameAs           as,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PrepareData *data = g_new0 (PrepareData, 1);

  g_return_if_fail (OVS_IS_TASK (parent));

  g_task_set_source_tag (task, ovs_continue_prepare_async);
  data->video = g_strdup (ovs_task_get_file (parent));
  data->position_ns = position_ns;
  data->model = g_strdup (model != NULL ? model : ovs_task_get_model (parent));
  data->prompt = g_strdup (ovs_task_get_prompt (parent));
  data->parent_body = g_strdup (ovs_task_get_request_json (parent));
  data->as = as;
  g_task_set_task_data (task, data, (GDestroyNotify) prepare_data_free);
  if (data->video == NULL)
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                               _("This task has no video on this computer"));
      return;
    }
  g_task_run_in_thread (task, prepare_thread);
}

OvsContinuation *
ovs_continue_prepare_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
