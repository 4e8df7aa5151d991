/* ovs-continue.c: a new request that continues from a frame of a finished task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-continue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <stdio.h>
#include <string.h>

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

/* Not a frame: the result's own video, by its URL, where a scenario takes reference videos.
 * Kling's "feature" reference, Vidu's video reference, Veo's asset reference, and Seedance
 * 2.0's content list (a video_url item with the role reference_video). */
#define PLACE_VIDEO ((OvsFrameAs) 0x100)

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
  { PLACE_VIDEO, "kling-video-reference", "videos" },
  { PLACE_VIDEO, "vidu-video-reference", "videos" },
  { PLACE_VIDEO, "veo-asset-reference", "videos" },
  { PLACE_VIDEO, "seedance-2-multireference", "reference_video" },
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

/* Seedance's content list: one item, an image_url or a video_url, with its role. */
static void
set_content_item (JsonObject *body,
                  const char *type,
                  const char *role,
                  const char *url)
{
  JsonObject *metadata = object_member (body, "metadata");
  JsonArray *content = json_array_new ();
  JsonObject *item = json_object_new ();
  JsonObject *link = json_object_new ();

  json_object_set_string_member (link, "url", url);
  json_object_set_string_member (item, "type", type);
  json_object_set_object_member (item, type, link);
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
place_url (JsonObject      *body,
           const Placement *placement,
           const char      *url)
{
  /* The example's own images and videos are documentation, not the user's. */
  json_object_remove_member (body, "images");
  json_object_remove_member (body, "videos");
  json_object_remove_member (body, "firstframe");
  json_object_remove_member (body, "lastframe");

  if (g_str_equal (placement->field, "images") || g_str_equal (placement->field, "videos"))
    {
      JsonArray *list = json_array_new ();

      json_array_add_string_element (list, url);
      json_object_set_array_member (body, placement->field, list);
    }
  else if (g_str_equal (placement->field, "firstframe") || g_str_equal (placement->field, "lastframe"))
    {
      json_object_set_string_member (body, placement->field, url);
    }
  else
    {
      set_content_item (body, placement->as == PLACE_VIDEO ? "video_url" : "image_url",
                        placement->field, url);
    }
}

/* The example of @placement's scenario made @model's, with @prompt, what it keeps of the
 * parent's body, and @url where the scenario takes it. */
static char *
build_body (const Placement *placement,
            OvsScenario     *scenario,
            const char      *model,
            const char      *prompt,
            const char      *url,
            const char      *parent_body)
{
  g_autoptr(JsonNode) root = ovs_scenario_dup_example (scenario);
  g_autoptr(JsonNode) parent = NULL;
  JsonObject *body = json_node_get_object (root);

  json_object_set_string_member (body, "model", model);
  json_object_set_string_member (body, "prompt", prompt != NULL ? prompt : "");
  if (parent_body != NULL
      && (parent = ovs_json_parse_object (parent_body, -1, NULL, NULL, NULL)) != NULL)
    keep_from_parent (body, json_node_get_object (parent));
  place_url (body, placement, url);
  return ovs_json_to_string (root);
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

  if (scenario != NULL)
    *scenario = chosen;
  return build_body (placement, chosen, model, prompt, image_url, parent_body);
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

/* @draft joins @parent's chain (a new one named after @parent when it has none) with @meta
 * saying how it came from it; TRUE when @parent itself joined it as its root. */
static gboolean
link_chain (OvsTask    *draft,
            OvsTask    *parent,
            const char *meta)
{
  g_autofree char *chain_id = NULL;
  gboolean parent_joined = FALSE;
  gint64 index = 1;

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

gboolean
ovs_continue_link (OvsTask    *draft,
                   OvsTask    *parent,
                   double      seconds,
                   gboolean    last,
                   OvsFrameAs  as)
{
  g_autofree char *meta = NULL;

  g_return_val_if_fail (OVS_IS_TASK (draft) && OVS_IS_TASK (parent), FALSE);

  meta = frame_meta (parent, seconds, last, as);
  return link_chain (draft, parent, meta);
}

gboolean
ovs_continue_link_video (OvsTask *draft,
                         OvsTask *parent)
{
  g_autofree char *meta = NULL;

  g_return_val_if_fail (OVS_IS_TASK (draft) && OVS_IS_TASK (parent), FALSE);

  /* Not the URL: the body has it, and a signed URL is nothing to keep twice. */
  meta = g_strdup_printf ("{\"video\":{\"from\":%" G_GINT64_FORMAT "}}", ovs_task_get_id (parent));
  return link_chain (draft, parent, meta);
}

OvsScenario *
ovs_continue_video_scenario (const char *model)
{
  OvsScenario *scenario = NULL;

  g_return_val_if_fail (model != NULL, NULL);
  return find_placement (model, PLACE_VIDEO, &scenario) != NULL ? scenario : NULL;
}

char *
ovs_continue_dup_video_models (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < ovs_catalog_get_n_models (catalog); i++)
    {
      const OvsModel *model = ovs_catalog_get_model_at (catalog, i);

      if (ovs_continue_video_scenario (model->id) != NULL)
        g_ptr_array_add (names, model->id);
    }
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* A signed URL's own "-date" parameter (20251125T004821Z), in unix seconds, or 0. */
static gint64
signing_time (GHashTable *params)
{
  static const char * const keys[] = { "x-amz-date", "x-tos-date", "x-goog-date", "x-oss-date" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = g_hash_table_lookup (params, keys[i]);
      int y, mo, d, h, mi, se;
      g_autoptr(GDateTime) at = NULL;

      if (value == NULL || sscanf (value, "%4d%2d%2dT%2d%2d%2dZ", &y, &mo, &d, &h, &mi, &se) != 6)
        continue;
      at = g_date_time_new_utc (y, mo, d, h, mi, se);
      if (at != NULL)
        return g_date_time_to_unix (at);
    }
  return 0;
}

gint64
ovs_continue_url_expires_at (const char *url,
                             gint64      finished_at)
{
  /* OSS V1 and Vidu write an absolute time; S3, TOS and GCS (and OSS V4) a lifetime from
   * their signing date. */
  static const char * const keys[] = {
    "expires", "x-oss-expires", "x-amz-expires", "x-tos-expires", "x-goog-expires"
  };
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *query = NULL;
  const char *mark;

  g_return_val_if_fail (url != NULL, 0);

  mark = strchr (url, '?');
  if (mark != NULL)
    {
      query = g_strndup (mark + 1, strcspn (mark + 1, "#"));
      params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_CASE_INSENSITIVE, NULL);
    }
  for (guint i = 0; params != NULL && i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = g_hash_table_lookup (params, keys[i]);
      char *end = NULL;
      gint64 number = value != NULL ? g_ascii_strtoll (value, &end, 10) : 0;
      gint64 base;

      if (value == NULL || end == value || *end != '\0' || number <= 0)
        continue;
      if (number >= G_GINT64_CONSTANT (1000000000000))
        return number / 1000;
      if (number >= 1000000000)
        return number;
      base = signing_time (params);
      if (base == 0)
        base = finished_at;
      return base > 0 ? base + number : 0;
    }
  return finished_at > 0 ? finished_at + OVS_RESULT_URL_LIFETIME : 0;
}

/* When @task's result came: its finish, else its last change, else its creation. */
static gint64
result_time (OvsTask *task)
{
  if (ovs_task_get_finished_at (task) > 0)
    return ovs_task_get_finished_at (task);
  if (ovs_task_get_updated_at (task) > 0)
    return ovs_task_get_updated_at (task);
  return ovs_task_get_created_at (task);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (unix_seconds);

  return at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

const char *
ovs_continue_video_url (OvsTask  *parent,
                        gint64    now,
                        gint64   *expires_at,
                        GError  **error)
{
  const char * const *urls;
  gint64 expires;

  g_return_val_if_fail (OVS_IS_TASK (parent), NULL);

  urls = ovs_task_get_urls (parent);
  if (ovs_task_get_status (parent) != OVS_TASK_STATUS_SUCCEEDED)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                   _("This task has no video yet: only a finished task’s video can be a reference"));
      return NULL;
    }
  if (urls == NULL || urls[0] == NULL || *urls[0] == '\0')
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                   _("The gateway gave no link to this video, and a provider needs one to "
                     "fetch it: use a frame of the downloaded video with Use This Frame… instead"));
      return NULL;
    }
  expires = ovs_continue_url_expires_at (urls[0], result_time (parent));
  if (expires_at != NULL)
    *expires_at = expires;
  if (expires > 0 && now >= expires)
    {
      g_autofree char *when = format_time (expires);

      g_set_error (error, OVS_ERROR, OVS_ERROR_EXPIRED,
                   _("The link to this video expired at %s, and a provider cannot fetch it any "
                     "more: run the task again for a new link, or use a frame of the downloaded "
                     "video with Use This Frame…"), when);
      return NULL;
    }
  return urls[0];
}

OvsContinuation *
ovs_continue_prepare_video (OvsTask     *parent,
                            const char  *model,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(OvsContinuation) result = g_new0 (OvsContinuation, 1);
  const Placement *placement;
  const char *url;

  g_return_val_if_fail (OVS_IS_TASK (parent), NULL);

  if (model == NULL)
    model = ovs_task_get_model (parent);
  placement = model != NULL ? find_placement (model, PLACE_VIDEO, &result->scenario) : NULL;
  if (placement == NULL)
    {
      g_autofree char *models = ovs_continue_dup_video_models ();

      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("The model “%s” takes no reference video; these do: %s"),
                   model != NULL ? model : "?", models);
      return NULL;
    }
  url = ovs_continue_video_url (parent, now, &result->expires_at, error);
  if (url == NULL)
    return NULL;
  result->video_url = g_strdup (url);
  result->body = build_body (placement, result->scenario, model, ovs_task_get_prompt (parent),
                             url, ovs_task_get_request_summary (parent));
  return g_steal_pointer (&result);
}

/* The whole lineage @task belongs to, in one read of the history
 * (ovs_task_store_dup_lineage()); a task not in it yet is a lineage of its own. */
GPtrArray *
ovs_continue_dup_lineage (OvsTaskStore *store,
                          OvsTask      *task)
{
  GPtrArray *lineage;

  g_return_val_if_fail (OVS_IS_TASK_STORE (store) && OVS_IS_TASK (task), NULL);

  lineage = ovs_task_store_dup_lineage (store, ovs_task_get_id (task));
  if (lineage->len == 0)
    g_ptr_array_add (lineage, g_object_ref (task));
  return lineage;
}

void
ovs_continuation_free (OvsContinuation *continuation)
{
  if (continuation == NULL)
    return;
  g_free (continuation->body);
  g_free (continuation->png_path);
  g_free (continuation->video_url);
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
  /* Only the settings it keeps are read (kept_fields): the summary tells them. */
  data->parent_body = g_strdup (ovs_task_get_request_summary (parent));
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
