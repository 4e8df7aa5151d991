/* ovs-task-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-result"

#include "config.h"

#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-task-result.h"

/* Absent values are null members, so a reader sees every member of every entry. */
static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
  else
    json_object_set_null_member (object, name);
}

/* A stored JSON text as a tree; null when there is none or it does not parse (a damaged
 * history must not make the whole entry unreadable). */
static void
set_parsed (JsonObject *object,
            const char *name,
            const char *text)
{
  JsonNode *node = text != NULL ? ovs_json_parse_object (text, -1, NULL, NULL, NULL) : NULL;

  if (node != NULL)
    json_object_set_member (object, name, node);
  else
    json_object_set_null_member (object, name);
}

static JsonArray *
checks_to_json (GPtrArray *checks)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      OvsMediaCheck *check = g_ptr_array_index (checks, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "kind", ovs_media_check_kind_to_string (check->kind));
      json_object_set_boolean_member (item, "ok", check->ok);
      set_string (item, "expected", check->expected);
      set_string (item, "actual", check->actual);
      json_array_add_object_element (array, item);
    }
  return array;
}

JsonNode *
ovs_task_to_json (OvsTask          *task,
                  OvsTaskJsonFlags  flags)
{
  JsonObject *object;
  JsonArray *urls;
  JsonNode *node;
  const char * const *task_urls;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "id", ovs_task_get_id (task));
  set_string (object, "task_id", ovs_task_get_task_id (task));
  set_string (object, "status", ovs_task_status_to_string (ovs_task_get_status (task)));
  set_string (object, "server_status", ovs_task_get_server_status (task));
  if (ovs_task_get_progress (task) >= 0)
    json_object_set_int_member (object, "progress", ovs_task_get_progress (task));
  else
    json_object_set_null_member (object, "progress");
  set_string (object, "scenario", ovs_task_get_scenario (task));
  set_string (object, "model", ovs_task_get_model (task));
  set_string (object, "prompt", ovs_task_get_prompt (task));
  set_string (object, "error", ovs_task_get_error (task));
  set_string (object, "note", ovs_task_get_note (task));
  json_object_set_boolean_member (object, "paused", ovs_task_get_paused (task));
  set_string (object, "file", ovs_task_get_file (task));
  urls = json_array_new ();
  task_urls = ovs_task_get_urls (task);
  for (guint i = 0; task_urls != NULL && task_urls[i] != NULL; i++)
    json_array_add_string_element (urls, task_urls[i]);
  json_object_set_array_member (object, "urls", urls);
  set_string (object, "route", ovs_task_get_route (task));
  set_string (object, "base_url", ovs_task_get_base_url (task));
  if (ovs_task_get_group_id (task) != NULL)
    {
      JsonObject *group = json_object_new ();

      set_string (group, "id", ovs_task_get_group_id (task));
      set_string (group, "kind", ovs_task_get_group_kind (task));
      json_object_set_int_member (group, "index", ovs_task_get_group_index (task));
      json_object_set_object_member (object, "group", group);
    }
  if (ovs_task_get_parent (task) > 0)
    json_object_set_int_member (object, "parent", ovs_task_get_parent (task));
  if (ovs_task_get_cost (task) >= 0)
    json_object_set_int_member (object, "cost", ovs_task_get_cost (task));
  if (ovs_task_get_starred (task))
    json_object_set_boolean_member (object, "starred", TRUE);
  if (ovs_task_get_user_note (task) != NULL)
    set_string (object, "user_note", ovs_task_get_user_note (task));
  if (ovs_task_get_meta (task) != NULL)
    set_parsed (object, "meta", ovs_task_get_meta (task));
  json_object_set_int_member (object, "created_at", ovs_task_get_created_at (task));
  if (ovs_task_get_finished_at (task) > 0)
    json_object_set_int_member (object, "finished_at", ovs_task_get_finished_at (task));
  else
    json_object_set_null_member (object, "finished_at");

  if (flags & OVS_TASK_JSON_REQUEST)
    set_parsed (object, "request", ovs_task_get_request_json (task));
  if (flags & OVS_TASK_JSON_MEDIA)
    {
      g_autoptr(GPtrArray) checks = ovs_task_check_media (task);

      set_parsed (object, "media", ovs_task_get_media_json (task));
      json_object_set_array_member (object, "checks", checks_to_json (checks));
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

OvsTaskUpdate *
ovs_task_dup_update (OvsTask *task)
{
  OvsTaskUpdate *update;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  update = ovs_task_update_new ();
  update->task_id = g_strdup (ovs_task_get_task_id (task));
  update->status = ovs_task_get_status (task);
  update->server_status = g_strdup (ovs_task_get_server_status (task));
  update->progress = ovs_task_get_progress (task);
  update->created_at = ovs_task_get_created_at (task);
  update->updated_at = ovs_task_get_updated_at (task);
  update->finished_at = ovs_task_get_finished_at (task);
  g_strfreev (update->urls);
  update->urls = g_strdupv ((GStrv) ovs_task_get_urls (task));
  if (update->urls == NULL)
    update->urls = g_new0 (char *, 1);
  update->error_message = g_strdup (ovs_task_get_error (task));
  return update;
}

OvsMediaInfo *
ovs_task_dup_media_info (OvsTask *task)
{
  const char *json;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  json = ovs_task_get_media_json (task);
  node = json != NULL ? ovs_json_parse_object (json, -1, NULL, NULL, NULL) : NULL;
  return node != NULL ? ovs_media_info_from_json (node, NULL) : NULL;
}

GPtrArray *
ovs_media_check_request (const OvsMediaInfo *info,
                         const char         *request_json)
{
  g_autoptr(OvsRequest) request = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  request = request_json != NULL ? ovs_request_new_from_json (request_json, -1, NULL, NULL) : NULL;
  if (request == NULL)
    return NULL;
  return ovs_media_check (info, ovs_request_get_seconds (request),
                          ovs_request_get_resolution (request),
                          ovs_request_get_aspect_ratio (request),
                          ovs_request_wants_audio (request));
}

GPtrArray *
ovs_task_check_media (OvsTask *task)
{
  g_autoptr(OvsMediaInfo) info = NULL;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  info = ovs_task_dup_media_info (task);
  /* The size, length and ratio asked for: the summary tells them as well as the body. */
  return info != NULL ? ovs_media_check_request (info, ovs_task_get_request_summary (task)) : NULL;
}
