/* ovs-draft-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-draft-history"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ovs-draft-history.h"
#include "ovs-json.h"

/* Bodies with inline files can be megabytes: those are not copied 20 times over. */
#define MAX_STATE_SIZE (256 * 1024)
#define SUMMARY_CHARS 48

void
ovs_draft_state_free (OvsDraftState *state)
{
  if (state == NULL)
    return;
  g_free (state->json);
  g_free (state);
}

static JsonObject *
parse_object (const char *json,
              JsonNode  **root)
{
  *root = ovs_json_parse_object (json, -1, NULL, NULL, NULL);
  return *root != NULL ? json_node_get_object (*root) : NULL;
}

gboolean
ovs_draft_is_blank (const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object (json, &root);
  guint size;

  if (object == NULL)
    return FALSE;
  size = json_object_get_size (object);
  return size == 0 || (size == 1 && json_object_has_member (object, "model"));
}

char *
ovs_draft_state_dup_summary (const OvsDraftState *state)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object (state->json, &root);
  const char *prompt = NULL;
  g_autofree char *flat = NULL;

  if (object != NULL && json_object_has_member (object, "prompt")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "prompt")))
    prompt = json_object_get_string_member (object, "prompt");
  if (prompt == NULL || *prompt == '\0')
    return g_strdup (_("No prompt"));

  /* One line, cut at a character count: Chinese prompts have no spaces to cut at. */
  flat = g_strdelimit (g_strstrip (g_strdup (prompt)), "\n\t", ' ');
  if (g_utf8_strlen (flat, -1) <= SUMMARY_CHARS)
    return g_steal_pointer (&flat);
  {
    g_autofree char *cut = g_utf8_substring (flat, 0, SUMMARY_CHARS);

    return g_strconcat (cut, "…", NULL);
  }
}

char *
ovs_draft_state_dup_time (const OvsDraftState *state)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (state->time);

  /* %x %X: the locale's own date and time, so Chinese users read 2026年12月05日. */
  return time != NULL ? g_date_time_format (time, "%x %X") : g_strdup ("");
}

GPtrArray *
ovs_draft_history_load (const char *path)
{
  GPtrArray *history = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_draft_state_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *array;

  /* A few kilobytes from the user's own data folder, read with the draft beside it. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return history;
  if (!json_parser_load_from_file (parser, path, &error)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_warning ("The draft history %s is damaged; it starts again: %s", path,
                 error != NULL ? error->message : "not an array");
      return history;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array) && history->len < OVS_DRAFT_HISTORY_MAX; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *body = object != NULL ? json_object_get_member (object, "body") : NULL;
      OvsDraftState *state;

      if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
        continue;
      state = g_new0 (OvsDraftState, 1);
      state->time = json_object_get_int_member_with_default (object, "time", 0);
      state->json = ovs_json_to_string (body);
      g_ptr_array_add (history, state);
    }
  return history;
}

gboolean
ovs_draft_history_save (GPtrArray  *history,
                        const char *path,
                        GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < history->len; i++)
    {
      OvsDraftState *state = g_ptr_array_index (history, i);
      g_autoptr(JsonNode) body = ovs_json_parse_object (state->json, -1, NULL, NULL, NULL);

      if (body == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time");
      json_builder_add_int_value (builder, state->time);
      json_builder_set_member_name (builder, "body");
      json_builder_add_value (builder, g_steal_pointer (&body));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = ovs_json_to_string (root);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

gboolean
ovs_draft_history_push (GPtrArray  *history,
                        const char *json,
                        gint64      time)
{
  OvsDraftState *state;

  if (strlen (json) > MAX_STATE_SIZE || ovs_draft_is_blank (json))
    return FALSE;
  if (history->len > 0
      && g_str_equal (((OvsDraftState *) g_ptr_array_index (history, 0))->json, json))
    return FALSE;

  state = g_new0 (OvsDraftState, 1);
  state->time = time;
  state->json = g_strdup (json);
  g_ptr_array_insert (history, 0, state);
  if (history->len > OVS_DRAFT_HISTORY_MAX)
    g_ptr_array_set_size (history, OVS_DRAFT_HISTORY_MAX);
  return TRUE;
}
