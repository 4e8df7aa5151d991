/* test-request.c: the request model, the catalog, detection and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-core.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-json-fold.h"
#include "ovs-request.h"
#include "ovs-validate.h"
#include "ovs-test-util.h"

static void
test_examples_round_trip (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *expected_id = ovs_test_example_scenario (name);
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsRequest) request = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *text = NULL;
      g_autofree char *written = NULL;
      OvsDetection detection;
      gsize length;

      text = ovs_test_read_example (name, &length);
      request = ovs_request_new_from_json (text, length, &detection, &error);
      g_assert_no_error (error);

      /* Same keys, order, values and types: the same bytes. */
      written = ovs_request_to_json (request);
      g_assert_cmpstr (written, ==, text);

      g_assert_cmpstr (ovs_scenario_get_id (detection.scenario), ==, expected_id);
      g_assert_true (detection.exact);
      g_hash_table_add (ids, g_strdup (ovs_scenario_get_id (detection.scenario)));

      /* The documented bodies are valid, with no warning either. */
      problems = ovs_validate_request (request);
      for (guint p = 0; p < problems->len; p++)
        {
          OvsProblem *problem = g_ptr_array_index (problems, p);

          g_test_message ("%s: %s: %s", name, problem->path, problem->message);
        }
      g_assert_cmpuint (problems->len, ==, 0);

      /* The catalog's default is the spec file. */
      {
        OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), expected_id);
        GBytes *bytes = ovs_scenario_get_example_bytes (scenario);

        g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), text, length);
      }
    }

  g_assert_cmpuint (g_hash_table_size (ids), ==, names->len);
  g_assert_cmpuint (g_hash_table_size (ids), ==, g_list_model_get_n_items (G_LIST_MODEL (ovs_catalog_get_default ())));
}

/* Sets every leaf of @node at @path, last member first, so the request has to put each new
 * member in its place. */
static void
set_leaves_backwards (OvsRequest *request,
                      JsonNode   *node,
                      const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node) && json_object_get_size (json_node_get_object (node)) > 0)
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      members = g_list_reverse (members);
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_str_equal (path, "$")
                                   ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);

          set_leaves_backwards (request, json_object_get_member (json_node_get_object (node), l->data),
                                child);
        }
    }
  else
    {
      ovs_request_set_node (request, path, json_node_copy (node));
    }
}

static void
test_build_in_any_order (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *id = ovs_test_example_scenario (name);
      OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), id);
      g_autoptr(OvsRequest) request = ovs_request_new (scenario);
      g_autoptr(JsonNode) example = ovs_scenario_dup_example (scenario);
      g_autofree char *expected = ovs_json_to_string (example);
      g_autofree char *written = NULL;

      set_leaves_backwards (request, example, "$");
      written = ovs_request_to_json (request);
      g_assert_cmpstr (written, ==, expected);
    }
}

static void
test_unknown_fields_survive (void)
{
  const char *body =
    "{\n"
    "  \"model\": \"Kling-3.0-omni\",\n"
    "  \"x_trace\": {\n"
    "    \"id\": \"abc\",\n"
    "    \"tags\": [\n"
    "      1,\n"
    "      2.5,\n"
    "      null,\n"
    "      true\n"
    "    ]\n"
    "  },\n"
    "  \"resolution\": \"1080p\",\n"
    "  \"seconds\": \"5\",\n"
    "  \"prompt\": \"女孩抱着小狗跳舞\",\n"
    "  \"metadata\": {\n"
    "    \"aspect_ratio\": \"16:9\",\n"
    "    \"future_flag\": false,\n"
    "    \"ext_info\": {\n"
    "      \"AdditionalParameters\": {\n"
    "        \"multi_shot\": true,\n"
    "        \"shot_type\": \"customize\",\n"
    "        \"multi_prompt\": [\n"
    "          {\n"
    "            \"index\": 1,\n"
    "            \"camera\": \"dolly\",\n"
    "            \"prompt\": \"近景\",\n"
    "            \"duration\": 2\n"
    "          },\n"
    "          {\n"
    "            \"index\": 2,\n"
    "            \"prompt\": \"远景\",\n"
    "            \"duration\": 3,\n"
    "            \"weights\": {\n"
    "              \"motion\": 0.75\n"
    "            }\n"
    "          }\n"
    "        ],\n"
    "        \"seed\": 42\n"
    "      }\n"
    "    }\n"
    "  },\n"
    "  \"zz_last\": \"end\"\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsRequest) request = ovs_request_new_from_json (body, -1, NULL, &error);
  g_autofree char *written = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(GPtrArray) shots = NULL;

  g_assert_no_error (error);
  written = ovs_request_to_json (request);
  g_assert_cmpstr (written, ==, body);
  g_assert_cmpstr (ovs_scenario_get_id (ovs_request_get_scenario (request)), ==,
                   "kling-multishot-custom");

  /* Editing through the typed accessors keeps them all. */
  ovs_request_set_prompt (request, "新的提示词");
  ovs_request_move_item (request, OVS_SHOTS_PATH, 1, 0);
  ovs_request_renumber_shots (request);
  ovs_request_add_shot (request, -1, "第三个镜头", 1);
  ovs_request_set_seconds (request, "6");
  edited = ovs_request_to_json (request);

  g_assert_nonnull (strstr (edited, "\"x_trace\": {\n    \"id\": \"abc\""));
  g_assert_nonnull (strstr (edited, "\"future_flag\": false"));
  g_assert_nonnull (strstr (edited, "\"camera\": \"dolly\""));
  g_assert_nonnull (strstr (edited, "\"motion\": 0.75"));
  g_assert_nonnull (strstr (edited, "\"seed\": 42"));
  g_assert_true (g_str_has_suffix (edited, "  \"zz_last\": \"end\"\n}\n"));

  shots = ovs_request_dup_shots (request);
  g_assert_cmpuint (shots->len, ==, 3);
  for (guint i = 0; i < shots->len; i++)
    g_assert_cmpint (((OvsShot *) g_ptr_array_index (shots, i))->index, ==, i + 1);
  g_assert_cmpstr (((OvsShot *) g_ptr_array_index (shots, 0))->prompt, ==, "远景");
  /* The moved shot took its unknown member along. */
  g_assert_cmpfloat (ovs_request_get_number (request, OVS_SHOTS_PATH "[0].weights.motion", 0),
                     ==, 0.75);
  g_assert_cmpstr (ovs_request_get_string (request, OVS_SHOTS_PATH "[1].camera"), ==, "dolly");
}

static void
test_shot_list (void)
{
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "kling-multishot-custom");
  g_autoptr(OvsRequest) request = ovs_request_new_from_example (scenario);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) shots = NULL;
  gboolean mismatch = FALSE;

  ovs_request_add_shot (request, 0, "开场", 2);
  ovs_request_add_shot (request, -1, "结尾", 1);
  ovs_request_remove_item (request, OVS_SHOTS_PATH, 1);
  ovs_request_renumber_shots (request);
  ovs_request_move_item (request, OVS_SHOTS_PATH, 2, 0);
  ovs_request_renumber_shots (request);

  shots = ovs_request_dup_shots (request);
  g_assert_cmpuint (shots->len, ==, 3);
  for (guint i = 0; i < shots->len; i++)
    g_assert_cmpint (((OvsShot *) g_ptr_array_index (shots, i))->index, ==, i + 1);
  g_assert_cmpstr (((OvsShot *) g_ptr_array_index (shots, 0))->prompt, ==, "结尾");

  /* 1 + 2 + 3 = 6 s against "seconds": "5". */
  g_assert_cmpfloat (ovs_request_get_shots_total (request), ==, 6);
  problems = ovs_validate_request (request);
  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      if (problem->kind == OVS_PROBLEM_SHOT_DURATION)
        {
          mismatch = TRUE;
          g_assert_cmpstr (problem->path, ==, OVS_SHOTS_PATH);
          g_assert_cmpint (problem->severity, ==, OVS_SEVERITY_ERROR);
        }
    }
  g_assert_true (mismatch);
  g_clear_pointer (&problems, g_ptr_array_unref);

  g_assert_true (ovs_request_fit_shots (request));
  g_assert_cmpfloat (ovs_request_get_shots_total (request), ==, 5);
  problems = ovs_validate_request (request);
  g_assert_cmpuint (problems->len, ==, 0);

  /* Nothing to fit to without a length. */
  ovs_request_set_seconds (request, NULL);
  g_assert_false (ovs_request_fit_shots (request));
}

static void
test_reader_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *big = NULL;
  gsize big_size = OVS_JSON_MAX_BODY_SIZE + 16;
  int line = 0, column = 0;

  /* Invalid UTF-8 on line 2: the position is given. */
  root = ovs_json_parse_object ("{\n  \"prompt\": \"ab\xff\"\n}", -1, &line, &column, &error);
  g_assert_null (root);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_cmpint (line, ==, 2);
  g_assert_cmpint (column, ==, 16);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_clear_error (&error);

  /* The reader's own error, with line and column. */
  root = ovs_json_parse_object ("{\n  \"model\": \"x\",\n  \"prompt\": \n}", -1, &line, &column, &error);
  g_assert_null (root);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_cmpint (line, ==, 4);
  g_assert_true (g_str_has_prefix (error->message, "line 4, column"));
  g_clear_error (&error);

  /* Over 10 MiB: refused before parsing. */
  big = g_malloc (big_size);
  memset (big, ' ', big_size);
  big[0] = '{';
  big[big_size - 1] = '}';
  root = ovs_json_parse_object (big, big_size, NULL, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE);
  g_clear_error (&error);

  root = ovs_json_parse_object ("[\"a\"]", -1, NULL, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "an array"));
  g_clear_error (&error);

  /* A byte-order mark is accepted. */
  root = ovs_json_parse_object ("\xEF\xBB\xBF{\"a\":1}", -1, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
}

/* Appends @levels empty lists nested in each other, then closes the root object. */
static void
close_with_lists (GString *text,
                  guint    levels)
{
  for (guint i = 0; i < levels; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (text, ']');
  g_string_append_c (text, '}');
}

/* Tens of thousands of levels used to overflow json-glib's recursive parser: refused before
 * it runs, with the place where the limit is crossed. */
static void
test_deep_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"model\":\"Vidu-q2\",\"x\":");
  g_autoptr(GString) ok = g_string_new ("{\"prompt\":\"[[[[{{{{ inside a string: not nesting\",\"x\":");
  int line = 0, column = 0;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, i % 2 == 0 ? '[' : '{');
  root = ovs_json_parse_object (deep->str, deep->len, &line, &column, &error);
  g_assert_null (root);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_DEEP);
  g_assert_cmpint (line, ==, 1);
  /* The root object is level 1: the 64th "[" or "{" after "x": is level 65. */
  g_assert_cmpint (column, ==, (int) strlen ("{\"model\":\"Vidu-q2\",\"x\":") + 64);
  g_assert_nonnull (strstr (error->message, "deeper than 64 levels"));
  g_clear_error (&error);

  /* Exactly 64 levels, the root included, with brackets inside strings: accepted. */
  close_with_lists (ok, 63);
  root = ovs_json_parse_object (ok->str, ok->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_clear_pointer (&root, json_node_unref);

  /* One more level is refused, and an escaped quote does not end a string early. */
  g_string_assign (ok, "{\"prompt\":\"a \\\" quote, then ]]]] inside\",\"x\":");
  close_with_lists (ok, 64);
  root = ovs_json_parse_object (ok->str, ok->len, NULL, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_DEEP);
  g_assert_null (root);
  g_clear_error (&error);

  /* The same through the request reader. */
  g_assert_null (ovs_request_new_from_json (deep->str, deep->len, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_DEEP);
}

/* A body with a real PNG inline, as the preview shows it: folded to one short line, and
 * after an edit elsewhere in that text, every byte of the image is still in the body. */
static void
check_fold_round_trip (const char *example,
                       gboolean    strip)
{
  g_autofree char *data_url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *size = NULL;
  g_autofree char *label = NULL;
  g_autofree char *described = NULL;
  g_autoptr(GHashTable) folds = ovs_json_folds_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) folded = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(GError) error = NULL;
  gsize png_length;
  const char *base64;
  JsonArray *images;

  text = ovs_test_example_with_inline_image (example, "composer-zh_CN.png", &data_url,
                                             &png_length);
  base64 = data_url + strlen ("data:image/png;base64,");
  root = ovs_json_parse_object (text, -1, NULL, NULL, &error);
  g_assert_no_error (error);

  folded = ovs_json_fold (root, OVS_JSON_FOLD_MIN_LENGTH, strip, folds);
  shown = ovs_json_to_string (folded);
  g_assert_cmpuint (strlen (shown), <, 2048);
  /* The size is the image's, as its row in the form says it, not its base64's. */
  size = g_format_size (png_length);
  label = g_strdup_printf ("\"%s… (%s)\"", strip ? "iVBORw0KGgoAAAAN" : "data:image/png;base64,",
                           size);
  g_assert_nonnull (strstr (shown, label));
  described = ovs_data_url_describe (strip ? base64 : data_url);
  g_assert_true (g_str_has_prefix (described, size));
  g_assert_cmpuint (g_hash_table_size (folds), ==, 1);

  /* The user changes the prompt in the folded text. */
  {
    g_autoptr(GRegex) prompt = g_regex_new ("\"prompt\": \"[^\"]*\"", 0, 0, NULL);

    edited = g_regex_replace_literal (prompt, shown, -1, 0, "\"prompt\": \"雪山日出\"", 0, NULL);
  }
  back = ovs_json_parse_object (edited, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  ovs_json_unfold (back, folds);
  images = json_object_get_array_member (json_node_get_object (back), "images");
  g_assert_cmpstr (json_array_get_string_element (images, json_array_get_length (images) - 1),
                   ==, strip ? base64 : data_url);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "prompt"), ==,
                   "雪山日出");
}

static void
test_fold_round_trip (void)
{
  check_fold_round_trip ("22-vidu-image-to-video.json", FALSE);
  /* Kling's own API takes bare base64: shown and kept as sent. */
  check_fold_round_trip ("15-kling-image-video-mix.json", TRUE);
}

/* A body folded as text, without parsing it (a page of history, the task view), reads as
 * the same body folded as a tree (the composer's preview): here the API page's example with
 * a real PNG inline. Strings with escapes, a body cut short and text that is not JSON are
 * folded or left alone, never made longer or broken further. */
static void
test_fold_text (void)
{
  g_autofree char *data_url = NULL;
  g_autofree char *body = ovs_test_example_with_inline_image ("02-image-to-video.json",
                                                              "composer.png", &data_url, NULL);
  g_autoptr(GHashTable) folds = ovs_json_folds_new ();
  g_autoptr(JsonNode) root = ovs_json_parse_object (body, -1, NULL, NULL, NULL);
  g_autoptr(JsonNode) by_tree = ovs_json_fold (root, OVS_JSON_FOLD_MIN_LENGTH, FALSE, folds);
  g_autofree char *folded = ovs_json_fold_text (body, OVS_JSON_FOLD_MIN_LENGTH);
  g_autoptr(JsonNode) by_text = ovs_json_parse_object (folded, -1, NULL, NULL, NULL);
  g_autofree char *tree_text = ovs_json_to_string (by_tree);
  g_autofree char *text_text = NULL;
  g_autofree char *long_escaped = NULL;
  g_autofree char *escaped_body = NULL;
  g_autofree char *escaped_folded = NULL;
  g_autoptr(JsonNode) escaped_root = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *cut_folded = NULL;

  g_assert_nonnull (by_text);
  text_text = ovs_json_to_string (by_text);
  g_assert_cmpstr (text_text, ==, tree_text);
  g_assert_cmpuint (strlen (folded), <, 1024);
  /* Short strings, numbers and the structure untouched. */
  g_assert_nonnull (strstr (folded, "\"prompt\":\"一个女孩在海边回头微笑\""));

  /* A long string full of escaped quotes and backslashes ends where it ends. */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (int i = 0; i < 200; i++)
      g_string_append (text, "say \\\"hi\\\" \\\\ ");
    long_escaped = g_string_free (g_steal_pointer (&text), FALSE);
  }
  escaped_body = g_strdup_printf ("{\"note\":\"%s\",\"after\":\"kept\",\"n\":[1,2]}",
                                  long_escaped);
  escaped_folded = ovs_json_fold_text (escaped_body, OVS_JSON_FOLD_MIN_LENGTH);
  escaped_root = ovs_json_parse_object (escaped_folded, -1, NULL, NULL, NULL);
  g_assert_nonnull (escaped_root);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (escaped_root), "after"),
                   ==, "kept");
  /* As a tree folds it: the fold starts with the text the escapes stand for. */
  {
    g_autoptr(GHashTable) escaped_folds = ovs_json_folds_new ();
    g_autoptr(JsonNode) parsed = ovs_json_parse_object (escaped_body, -1, NULL, NULL, NULL);
    g_autoptr(JsonNode) tree = ovs_json_fold (parsed, OVS_JSON_FOLD_MIN_LENGTH, FALSE,
                                              escaped_folds);
    g_autofree char *tree_folded = ovs_json_to_string (tree);
    g_autofree char *text_folded = ovs_json_to_string (escaped_root);

    g_assert_cmpstr (text_folded, ==, tree_folded);
    g_assert_nonnull (strstr (text_folded, "say \\\"hi\\\" \\\\ say"));
  }

  /* Long only as written (600 escaped quotes stand for 600 characters): not folded, as
   * the tree does not fold it. */
  {
    g_autoptr(GString) quotes = g_string_new ("{\"q\":\"");
    g_autofree char *quotes_folded = NULL;

    for (int i = 0; i < 600; i++)
      g_string_append (quotes, "\\\"");
    g_string_append (quotes, "\"}");
    quotes_folded = ovs_json_fold_text (quotes->str, OVS_JSON_FOLD_MIN_LENGTH);
    g_assert_cmpstr (quotes_folded, ==, quotes->str);
  }

  /* Cut in the middle of the image: folded all the same, and short. */
  cut = g_strndup (body, strlen (body) / 2);
  cut_folded = ovs_json_fold_text (cut, OVS_JSON_FOLD_MIN_LENGTH);
  g_assert_cmpuint (strlen (cut_folded), <, 1024);
  g_assert_nonnull (strstr (cut_folded, "data:image/png;base64,…"));

  /* Not JSON, or nothing long: as it was. */
  {
    g_autofree char *plain = ovs_json_fold_text ("not json at all", OVS_JSON_FOLD_MIN_LENGTH);
    g_autofree char *small = ovs_json_fold_text ("{\"a\":\"b\\\"c\"}", OVS_JSON_FOLD_MIN_LENGTH);

    g_assert_cmpstr (plain, ==, "not json at all");
    g_assert_cmpstr (small, ==, "{\"a\":\"b\\\"c\"}");
    g_assert_null (ovs_json_fold_text (NULL, OVS_JSON_FOLD_MIN_LENGTH));
  }
}

/* A request built from nothing and one read from text hold no more than their tree. Under
 * LeakSanitizer with G_SLICE=always-malloc (.ci/run) a container kept alive by an extra
 * reference fails the run; here, the nodes must be freed exactly when the request is. */
static void
test_request_frees_its_tree (void)
{
  g_autoptr(OvsRequest) empty = ovs_request_new (ovs_catalog_lookup (ovs_catalog_get_default (),
                                                                     "kling-multishot-custom"));
  g_autoptr(OvsRequest) built = ovs_request_new (ovs_catalog_lookup (ovs_catalog_get_default (),
                                                                     "kling-multishot-custom"));
  JsonNode *root;

  root = ovs_request_get_root (empty);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (root)), ==, 0);

  /* Containers made on the way to a path (an object, then a list). */
  ovs_request_set_string (built, "metadata.ext_info.note", "x");
  ovs_request_add_shot (built, -1, "a shot", 5);
  g_assert_nonnull (ovs_json_get_path (ovs_request_get_root (built), "metadata.ext_info.note"));
}

/* The draft writer's copy (issue 14): its inline files are the request's own, not copied
 * at each pause; what the user changes next never reaches the copy being written. */
static void
test_draft_copy_shares_files (void)
{
  g_autoptr(OvsRequest) request = ovs_request_new (ovs_catalog_lookup (ovs_catalog_get_default (),
                                                                       "vidu-subjects-voice"));
  g_autoptr(GString) url = g_string_new ("data:image/png;base64,");
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonNode *file;

  while (url->len < 300 * 1024)
    g_string_append (url, "QUJD");
  ovs_request_set_prompt (request, "a girl turns and smiles");
  ovs_request_insert_item (request, "images", -1, json_node_init_string (json_node_alloc (), url->str));
  ovs_request_insert_item (request, "images", -1,
                          json_node_init_string (json_node_alloc (), "https://e.com/a.png"));
  before = ovs_request_to_json (request);

  copy = ovs_request_dup_body (request);
  file = ovs_json_get_path (ovs_request_get_root (request), "images[0]");
  g_assert_true (json_node_get_string (ovs_json_get_path (copy, "images[0]"))
                 == json_node_get_string (file));
  g_assert_false (json_node_get_string (ovs_json_get_path (copy, "images[1]"))
                  == json_node_get_string (ovs_json_get_path (ovs_request_get_root (request),
                                                              "images[1]")));

  /* The user goes on: the copy is the body as it was. */
  ovs_request_set_prompt (request, "a boy");
  ovs_request_set_string (request, "images[0]", "https://e.com/b.png");
  ovs_request_remove_item (request, "images", 1);
  after = ovs_request_write_body (copy);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (ovs_request_get_n_items (request, "images"), ==, 1);
}

static void
test_writer (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  root = ovs_json_parse_object ("{\"s\":\"引号\\\"\\\\ \\n\\t\\u0001 /\",\"d\":0.1,\"e\":1e+20,"
                                "\"w\":2.0,\"n\":-3,\"l\":[],\"o\":{},\"b\":[true,false,null]}",
                                -1, NULL, NULL, NULL);
  text = ovs_json_to_string (root);
  /* The bytes Python's json.dumps(indent=2, ensure_ascii=False) writes. */
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"s\": \"引号\\\"\\\\ \\n\\t\\u0001 /\",\n"
                   "  \"d\": 0.1,\n"
                   "  \"e\": 1e+20,\n"
                   "  \"w\": 2.0,\n"
                   "  \"n\": -3,\n"
                   "  \"l\": [],\n"
                   "  \"o\": {},\n"
                   "  \"b\": [\n"
                   "    true,\n"
                   "    false,\n"
                   "    null\n"
                   "  ]\n"
                   "}\n");
  g_assert_cmpuint (ovs_json_measure (root), ==, strlen (text));
}

/* Kling's own API takes inline files as bare base64: the body is written without the
 * "data:…;base64," prefix of each, and nothing else changes. */
static void
test_writer_bare_base64 (void)
{
  g_autoptr(JsonNode) root = ovs_json_parse_object (
    "{\"images\":[\"data:image/png;base64,iVBORw0K\",\"https://e.com/a.png\"],"
    "\"note\":\"data:text/plain,hello\",\"prompt\":\"data:, base64\"}", -1, NULL, NULL, NULL);
  g_autofree char *bare = ovs_json_write (root, FALSE, TRUE);
  g_autofree char *kept = ovs_json_write (root, FALSE, FALSE);
  g_autofree char *pretty = ovs_json_write (root, TRUE, TRUE);

  g_assert_cmpstr (bare, ==, "{\"images\":[\"iVBORw0K\",\"https://e.com/a.png\"],"
                             "\"note\":\"data:text/plain,hello\",\"prompt\":\"data:, base64\"}");
  g_assert_cmpstr (kept, ==, "{\"images\":[\"data:image/png;base64,iVBORw0K\",\"https://e.com/a.png\"],"
                             "\"note\":\"data:text/plain,hello\",\"prompt\":\"data:, base64\"}");
  g_assert_true (g_str_has_prefix (pretty, "{\n  \"images\": [\n    \"iVBORw0K\",\n"));
}

/* Inline files are megabytes: the writer copies runs of plain bytes 16 at a time. A
 * character to escape anywhere in a run, at every offset from a word's start, and bytes that
 * stay as they are on either side of the ones that do not (space, DEL, UTF-8). */
static void
test_writer_runs (void)
{
  static const struct { char c; const char *written; } special[] = {
    { '"', "\\\"" }, { '\\', "\\\\" }, { '\n', "\\n" }, { '\x01', "\\u0001" },
    { '\x1f', "\\u001f" }, { ' ', " " }, { '\x7f', "\x7f" }, { '/', "/" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (special); k++)
    for (guint before = 0; before < 40; before++)
      for (guint after = 0; after < 12; after += 5)
        {
          g_autoptr(GString) raw = g_string_new (NULL);
          g_autoptr(GString) expected = g_string_new ("\"");
          g_autoptr(GString) written = g_string_new (NULL);
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
          g_autofree char *whole = NULL;

          for (guint i = 0; i < before; i++)
            g_string_append (raw, i % 3 == 0 ? "é" : "Q");
          g_string_append (expected, raw->str);
          g_string_append_c (raw, special[k].c);
          g_string_append (expected, special[k].written);
          for (guint i = 0; i < after; i++)
            {
              g_string_append_c (raw, "a\"z"[i % 3]);
              g_string_append (expected, i % 3 == 1 ? "\\\"" : i % 3 == 0 ? "a" : "z");
            }
          g_string_append_c (expected, '"');

          ovs_json_append_string (written, raw->str);
          g_assert_cmpstr (written->str, ==, expected->str);
          json_node_set_string (node, raw->str);
          whole = ovs_json_to_string (node);
          g_assert_cmpuint (ovs_json_measure (node), ==, strlen (whole));
          g_assert_cmpuint (strlen (whole), ==, expected->len + 1);
        }
}

static void
test_detection_never_refuses (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  g_autoptr(JsonNode) unknown = ovs_json_parse_object ("{\"model\":\"Sora-2\",\"prompt\":\"p\"}",
                                                       -1, NULL, NULL, NULL);
  g_autoptr(JsonNode) mixed = ovs_json_parse_object (
    "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"firstframe\":\"https://e.com/a.png\"}",
    -1, NULL, NULL, NULL);
  g_autoptr(JsonNode) empty = ovs_json_parse_object ("{}", -1, NULL, NULL, NULL);
  OvsDetection detection;

  ovs_catalog_detect (catalog, unknown, &detection);
  g_assert_nonnull (detection.scenario);
  g_assert_false (detection.exact);

  /* A Vidu model with a Kling-only field: the closest scenario, not a refusal. */
  ovs_catalog_detect (catalog, mixed, &detection);
  g_assert_nonnull (detection.scenario);
  g_assert_false (detection.exact);

  ovs_catalog_detect (catalog, empty, &detection);
  g_assert_nonnull (detection.scenario);
  g_assert_false (detection.exact);
}

static void
test_common_fields_follow_scenario (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  g_autoptr(OvsRequest) seedance = ovs_request_new (ovs_catalog_lookup (catalog, "seedance-2-multireference"));
  g_autoptr(OvsRequest) storyboard = ovs_request_new (ovs_catalog_lookup (catalog, "kling-multishot-intelligent"));
  g_autoptr(OvsRequest) vidu = ovs_request_new_from_example (ovs_catalog_lookup (catalog, "vidu-subjects-voice"));
  g_autoptr(OvsRequest) clip = ovs_request_new_from_example (ovs_catalog_lookup (catalog, "text-to-video"));
  g_autofree char *seedance_json = NULL;

  ovs_request_set_aspect_ratio (seedance, "9:16");
  ovs_request_set_resolution (seedance, "720p");
  ovs_request_set_model (seedance, "doubao-seedance-2-0-fast-260128");
  seedance_json = ovs_request_to_json (seedance);
  g_assert_cmpstr (seedance_json, ==,
                   "{\n"
                   "  \"model\": \"doubao-seedance-2-0-fast-260128\",\n"
                   "  \"metadata\": {\n"
                   "    \"resolution\": \"720p\",\n"
                   "    \"ratio\": \"9:16\"\n"
                   "  }\n"
                   "}\n");

  ovs_request_set_aspect_ratio (storyboard, "1:1");
  g_assert_cmpstr (ovs_request_get_string (storyboard, "metadata.aspect_ratio"), ==, "1:1");
  g_assert_null (ovs_request_get_string (storyboard, "aspect_ratio"));

  /* Removing the last member of an object the setter made removes the object too. */
  ovs_request_set_aspect_ratio (storyboard, NULL);
  g_assert_null (ovs_request_get_node (storyboard, "metadata"));

  g_assert_cmpint (ovs_request_wants_audio (vidu), ==, 1);
  g_assert_cmpint (ovs_request_wants_audio (clip), ==, -1);
  ovs_request_set_voice (vidu, "dog", "male-qn-qingse");
  g_assert_cmpstr (ovs_request_get_voice (vidu, "dog"), ==, "male-qn-qingse");
  ovs_request_set_voice (vidu, "girl", NULL);
  ovs_request_set_voice (vidu, "dog", NULL);
  g_assert_null (ovs_request_get_node (vidu, OVS_VOICE_MAP_PATH));
  g_assert_nonnull (ovs_request_get_node (vidu, OVS_OBJECT_IDS_PATH));
}

static void
record_path_cb (OvsRequest *request,
                const char *path,
                GPtrArray  *paths)
{
  g_ptr_array_add (paths, g_strdup (path));
}

static void
test_changed_signal (void)
{
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "text-to-video");
  g_autoptr(OvsRequest) request = ovs_request_new_from_example (scenario);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_signal_connect (request, "changed", G_CALLBACK (record_path_cb), paths);

  ovs_request_set_prompt (request, "新提示词");
  ovs_request_set_prompt (request, "新提示词");   /* no change, no signal */
  ovs_request_set_string (request, "seconds", "8");
  g_assert_false (ovs_request_replace_from_json (request, "{oops", -1, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_cmpstr (ovs_request_get_prompt (request), ==, "新提示词");

  g_assert_cmpuint (paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, "prompt");
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, "seconds");
}

/* Random mutations of the examples: the reader, the validator and the writer must never
 * crash, and what reads back writes the same bytes again. */
static JsonNode *
random_value (GRand *rand,
              int    depth)
{
  JsonNode *node;

  switch (g_rand_int_range (rand, 0, depth > 3 ? 6 : 8))
    {
    case 0: return json_node_init_null (json_node_alloc ());
    case 1: return json_node_init_boolean (json_node_alloc (), g_rand_boolean (rand));
    case 2: return json_node_init_int (json_node_alloc (), g_rand_int_range (rand, -5, 100000));
    case 3: return json_node_init_double (json_node_alloc (), g_rand_double_range (rand, -10, 10));
    case 4:
      {
        static const char *strings[] = { "", "5", "<<<image_9>>>", "@x", "data:image/png;base64,AA",
                                         "https://e.com/x.mp4", "customize", "Enabled", "中文" };

        return json_node_init_string (json_node_alloc (),
                                      strings[g_rand_int_range (rand, 0, G_N_ELEMENTS (strings))]);
      }
    case 5: return json_node_init_string (json_node_alloc (), "\x01\x1f\"\\");
    case 6:
      {
        JsonArray *array = json_array_new ();
        int n = g_rand_int_range (rand, 0, 3);

        for (int i = 0; i < n; i++)
          json_array_add_element (array, random_value (rand, depth + 1));
        /* The node takes a reference of its own. */
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    default:
      {
        JsonObject *object = json_object_new ();
        int n = g_rand_int_range (rand, 0, 3);

        for (int i = 0; i < n; i++)
          json_object_set_member (object, i == 0 ? "url" : "id", random_value (rand, depth + 1));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    }
}

static void
mutate (GRand    *rand,
        JsonNode *node,
        int       depth)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);
      guint n = g_list_length (members);
      const char *name;

      if (n == 0)
        return;
      name = g_list_nth_data (members, g_rand_int_range (rand, 0, n));
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          json_object_remove_member (object, name);
          break;
        case 1:
          json_object_set_member (object, name, random_value (rand, depth));
          break;
        default:
          mutate (rand, json_object_get_member (object, name), depth + 1);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0 || g_rand_int_range (rand, 0, 4) == 0)
        json_array_add_element (array, random_value (rand, depth));
      else
        mutate (rand, json_array_get_element (array, g_rand_int_range (rand, 0, n)), depth + 1);
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  guint rounds = g_test_thorough () ? 20000 : 3000;

  for (guint round = 0; round < rounds; round++)
    {
      const char *name = g_ptr_array_index (names, round % names->len);
      g_autofree char *text = NULL;
      g_autofree char *mutated = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      gsize length;

      text = ovs_test_read_example (name, &length);
      root = ovs_json_parse_object (text, length, NULL, NULL, NULL);
      for (int m = g_rand_int_range (rand, 1, 5); m > 0; m--)
        mutate (rand, root, 0);
      mutated = ovs_json_to_string (root);
      g_assert_cmpuint (ovs_json_measure (root), ==, strlen (mutated));

      /* Byte-level damage too: cut it short or flip a byte. */
      if (round % 3 == 1)
        mutated[g_rand_int_range (rand, 0, strlen (mutated))] = '\0';
      else if (round % 3 == 2)
        mutated[g_rand_int_range (rand, 0, strlen (mutated))] ^= (char) g_rand_int_range (rand, 1, 255);

      problems = ovs_validate_text (mutated, -1, NULL);
      g_assert_nonnull (problems);

      /* The history's summary of a damaged body (every string of 4 bytes or more folded):
       * made, whatever the damage. */
      {
        g_autofree char *summary = ovs_json_fold_text (mutated, 4);

        g_assert_nonnull (summary);
      }

      {
        g_autoptr(OvsRequest) request = ovs_request_new_from_json (mutated, -1, NULL, NULL);

        if (request != NULL)
          {
            g_autofree char *once = ovs_request_to_json (request);
            g_autoptr(GError) error = NULL;
            g_autoptr(OvsRequest) again = ovs_request_new_from_json (once, -1, NULL, &error);
            g_autofree char *twice = NULL;
            g_autoptr(GPtrArray) shots = NULL;

            if (again == NULL)
              g_error ("round %u (%s): what was written does not read back: %s\n%s", round, name,
                       error->message, once);
            twice = ovs_request_to_json (again);
            g_assert_cmpstr (once, ==, twice);

            /* The typed views cope with whatever is there. */
            shots = ovs_request_dup_shots (request);
            g_clear_pointer (&shots, g_ptr_array_unref);
            shots = ovs_request_dup_subjects (request);
            g_clear_pointer (&shots, g_ptr_array_unref);
            shots = ovs_request_dup_content (request);
            ovs_request_renumber_shots (request);
            ovs_request_fit_shots (request);
            ovs_request_set_aspect_ratio (request, "1:1");
            ovs_request_wants_audio (request);
          }
      }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/request/examples-round-trip", test_examples_round_trip);
  g_test_add_func ("/request/build-in-any-order", test_build_in_any_order);
  g_test_add_func ("/request/unknown-fields-survive", test_unknown_fields_survive);
  g_test_add_func ("/request/shot-list", test_shot_list);
  g_test_add_func ("/request/common-fields-follow-scenario", test_common_fields_follow_scenario);
  g_test_add_func ("/request/changed-signal", test_changed_signal);
  g_test_add_func ("/json/reader-errors", test_reader_errors);
  g_test_add_func ("/json/writer", test_writer);
  g_test_add_func ("/json/writer-runs", test_writer_runs);
  g_test_add_func ("/json/writer-bare-base64", test_writer_bare_base64);
  g_test_add_func ("/json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/json/fold-round-trip", test_fold_round_trip);
  g_test_add_func ("/json/fold-text", test_fold_text);
  g_test_add_func ("/request/frees-its-tree", test_request_frees_its_tree);
  g_test_add_func ("/request/draft-copy-shares-files", test_draft_copy_shares_files);
  g_test_add_func ("/catalog/detection-never-refuses", test_detection_never_refuses);
  g_test_add_func ("/fuzz/mutated-examples", test_fuzz);

  return g_test_run ();
}
