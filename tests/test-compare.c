/* test-compare.c: one request fanned out to every family, and variants
 *
 * The sources are the catalog's own examples (the API page's bodies and the providers'
 * documented ones, data/examples/); each mapped body must validate for its model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-compare"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-compare.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-validate.h"

/* One model per family, and the second Seedance generation (other fields, other limits). */
static const char * const targets[] = {
  "Kling-3.0-omni", "Kling-o1", "Vidu-q2", "Veo-3.1", "doubao-seedance-1-0-pro-250528",
  "doubao-seedance-2-0-260128", "Hunyuan-3d-scene-2.0", NULL
};

static JsonNode *
example (const char *scenario_id)
{
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), scenario_id);

  g_assert_nonnull (scenario);
  return ovs_scenario_dup_example (scenario);
}

static GPtrArray *
fan_out (const char         *scenario_id,
         const char * const *models)
{
  g_autoptr(JsonNode) source = example (scenario_id);
  g_autoptr(GError) error = NULL;
  GPtrArray *bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source, models, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (bodies->len, ==, g_strv_length ((GStrv) models));
  return bodies;
}

static const char *
body_string (OvsCompareBody *body,
             const char     *path)
{
  JsonNode *node = ovs_json_get_path (body->body, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The warning paths of @body, sorted and joined: "aspect_ratio seconds". */
static char *
warning_paths (OvsCompareBody *body)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < body->warnings->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (body->warnings, i);

      g_assert_cmpint (problem->severity, ==, OVS_SEVERITY_WARNING);
      g_assert_nonnull (problem->message);
      if (!g_ptr_array_find_with_equal_func (paths, problem->path, g_str_equal, NULL))
        g_ptr_array_add (paths, problem->path);
    }
  g_ptr_array_sort (paths, compare_strings);
  g_ptr_array_add (paths, NULL);
  return g_strjoinv (" ", (GStrv) paths->pdata);
}

static void
assert_valid (OvsCompareBody *body)
{
  g_autoptr(GPtrArray) problems = ovs_validate_node (body->body, body->scenario);

  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = ovs_json_to_string (body->body);

      if (problem->severity == OVS_SEVERITY_ERROR)
        g_error ("%s: %s: %s\n%s", body->model, problem->path, problem->message, text);
    }
}

static void
assert_mapped (OvsCompareBody *body,
               const char     *model,
               const char     *expected_warnings)
{
  g_autofree char *paths = warning_paths (body);

  g_assert_cmpstr (body->model, ==, model);
  g_assert_cmpstr (body_string (body, "model"), ==, model);
  g_assert_cmpstr (paths, ==, expected_warnings);
  assert_valid (body);
}

/* Every example of every family, to one model of every family: valid bodies, each warning
 * with the path of a field. */
static void
test_every_pair (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(GPtrArray) bodies = fan_out (ovs_scenario_get_id (scenario), targets);

      for (guint j = 0; j < bodies->len; j++)
        {
          OvsCompareBody *body = g_ptr_array_index (bodies, j);
          g_autofree char *paths = warning_paths (body);
          const OvsModel *model = ovs_catalog_find_model (catalog, targets[j], NULL);

          g_assert_cmpstr (body_string (body, "model"), ==, targets[j]);
          g_assert_true (strstr (paths, "  ") == NULL && paths[0] != ' ');
          assert_valid (body);
          g_hash_table_add (pairs, g_strconcat (ovs_scenario_get_family (scenario), ">",
                                                model->family, NULL));
        }
    }
  /* 5 families to 5 families */
  g_assert_cmpuint (g_hash_table_size (pairs), ==, 25);
}

static void
test_kling_text (void)
{
  g_autoptr(GPtrArray) bodies = fan_out ("text-to-video", targets);

  assert_mapped (bodies->pdata[0], "Kling-3.0-omni", "");
  /* Veo makes 4, 6 or 8 s: 5 becomes 6 */
  assert_mapped (bodies->pdata[3], "Veo-3.1", "seconds");
  g_assert_cmpstr (body_string (bodies->pdata[3], "seconds"), ==, "6");
  g_assert_cmpstr (body_string (bodies->pdata[3], "resolution"), ==, "1080p");
  /* Seedance keeps resolution and ratio under metadata */
  assert_mapped (bodies->pdata[4], "doubao-seedance-1-0-pro-250528", "");
  g_assert_cmpstr (body_string (bodies->pdata[4], "metadata.resolution"), ==, "1080p");
  g_assert_cmpstr (body_string (bodies->pdata[4], "metadata.ratio"), ==, "16:9");
  g_assert_null (ovs_json_get_path (((OvsCompareBody *) bodies->pdata[4])->body, "resolution"));
  /* Seedance 2.0 makes 480p and 720p only */
  assert_mapped (bodies->pdata[5], "doubao-seedance-2-0-260128", "metadata.resolution");
  g_assert_cmpstr (body_string (bodies->pdata[5], "metadata.resolution"), ==, "720p");
  assert_mapped (bodies->pdata[6], "Hunyuan-3d-scene-2.0", "aspect_ratio resolution seconds");
  g_assert_cmpstr (body_string (bodies->pdata[6], "prompt"), ==, "一个女孩在海边回头微笑");
}

static void
test_seedance_frames (void)
{
  const char * const models[] = { "Kling-3.0-omni", "Vidu-q2", "Veo-3.1", NULL };
  g_autoptr(GPtrArray) bodies = fan_out ("seedance-first-last-frame", models);
  const char *first = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seepro_first_frame.jpeg";
  const char *last = "https://ark-project.tos-cn-beijing.volces.com/doc_image/seepro_last_frame.jpeg";

  /* "adaptive" is Seedance's own ratio; watermark is Seedance's own field */
  assert_mapped (bodies->pdata[0], "Kling-3.0-omni", "aspect_ratio metadata.watermark");
  g_assert_cmpstr (body_string (bodies->pdata[0], "firstframe"), ==, first);
  g_assert_cmpstr (body_string (bodies->pdata[0], "lastframe"), ==, last);
  assert_mapped (bodies->pdata[1], "Vidu-q2", "aspect_ratio images[0] metadata.watermark");
  g_assert_cmpstr (body_string (bodies->pdata[1], "images[0]"), ==, first);
  g_assert_cmpstr (body_string (bodies->pdata[1], "images[1]"), ==, last);
  /* the catalog does not know how Veo takes a last frame */
  assert_mapped (bodies->pdata[2], "Veo-3.1",
                 "aspect_ratio images[0] lastframe metadata.watermark seconds");
  g_assert_cmpuint (ovs_json_get_length (((OvsCompareBody *) bodies->pdata[2])->body, "images"), ==, 1);
}

static void
test_video_reference (void)
{
  const char * const models[] = { "Kling-3.0", "Vidu-q2-pro", "Veo-3.1",
                                  "doubao-seedance-2-0-260128", NULL };
  g_autoptr(GPtrArray) bodies = fan_out ("kling-video-reference", models);
  OvsCompareBody *seedance = bodies->pdata[3];

  /* Kling-3.0 takes no reference videos, so <<<video_1>>> names nothing */
  assert_mapped (bodies->pdata[0], "Kling-3.0", "prompt videos");
  g_assert_null (ovs_json_get_path (((OvsCompareBody *) bodies->pdata[0])->body, "videos"));
  /* <<<video_1>>> means nothing outside Kling */
  assert_mapped (bodies->pdata[1], "Vidu-q2-pro", "prompt");
  g_assert_cmpstr (body_string (bodies->pdata[1], "prompt"), ==,
                   "参考 video 1 的动作和镜头节奏,生成一个新视频");
  assert_mapped (bodies->pdata[2], "Veo-3.1", "prompt seconds");
  g_assert_cmpstr (body_string (bodies->pdata[2], "video_reference_type"), ==, "asset");
  assert_mapped (seedance, "doubao-seedance-2-0-260128", "metadata.resolution prompt");
  g_assert_cmpstr (body_string (seedance, "metadata.content[0].role"), ==, "reference_video");
  g_assert_cmpstr (body_string (seedance, "metadata.content[0].video_url.url"), ==,
                   "https://example.com/ref-video.mp4");
}

static void
test_vidu_mentions (void)
{
  const char * const models[] = { "Kling-3.0-omni", "Vidu-q2-pro", NULL };
  g_autoptr(GPtrArray) bodies = fan_out ("vidu-subjects-voice", models);

  assert_mapped (bodies->pdata[0], "Kling-3.0-omni",
                 "metadata.vidu_q2_object_ids metadata.vidu_q2_voice_map prompt");
  /* the audio switch is shared: Kling's own field says it */
  g_assert_cmpstr (body_string (bodies->pdata[0], "audio_generation"), ==, "Enabled");
  /* the same family keeps the subjects */
  assert_mapped (bodies->pdata[1], "Vidu-q2-pro", "");
  g_assert_nonnull (ovs_json_get_path (((OvsCompareBody *) bodies->pdata[1])->body,
                                       "metadata.vidu_q2_voice_map.girl"));
}

static void
test_audio (void)
{
  const char * const models[] = { "Kling-3.0-omni", "Vidu-q2", "doubao-seedance-1-0-pro-250528", NULL };
  g_autoptr(GPtrArray) bodies = fan_out ("seedance-2-text-to-video", models);

  assert_mapped (bodies->pdata[0], "Kling-3.0-omni", "metadata.watermark");
  g_assert_cmpstr (body_string (bodies->pdata[0], "audio_generation"), ==, "Enabled");
  assert_mapped (bodies->pdata[1], "Vidu-q2", "audio_generation metadata.watermark");
  /* Seedance 1.0 is not known to make sound; the same family keeps watermark */
  assert_mapped (bodies->pdata[2], "doubao-seedance-1-0-pro-250528", "metadata.generate_audio");
  g_assert_false (json_node_get_boolean (ovs_json_get_path (((OvsCompareBody *) bodies->pdata[2])->body,
                                                            "metadata.watermark")));
}

static void
test_same_family_storyboard (void)
{
  const char * const models[] = { "Kling-3.0", "Kling-o1", NULL };
  g_autoptr(GPtrArray) bodies = fan_out ("kling-multishot-custom", models);
  OvsCompareBody *o1 = bodies->pdata[1];
  g_autofree char *o1_paths = warning_paths (o1);

  assert_mapped (bodies->pdata[0], "Kling-3.0", "");
  g_assert_nonnull (ovs_json_get_path (((OvsCompareBody *) bodies->pdata[0])->body,
                                       "metadata.ext_info.AdditionalParameters.multi_prompt"));
  /* Kling-o1 has no storyboard: left out, each field named */
  g_assert_nonnull (strstr (o1_paths, "metadata.ext_info.AdditionalParameters.multi_prompt"));
  g_assert_null (ovs_json_get_path (o1->body, "metadata"));
  assert_valid (o1);
}

static void
test_unknown_model (void)
{
  g_autoptr(JsonNode) source = example ("text-to-video");
  const char * const models[] = { "Kling-3.0", "Sora-2", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source,
                                                     models, &error);

  g_assert_null (bodies);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Sora-2”"));
}

static void
test_variants (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  g_autoptr(JsonNode) vidu = example ("vidu-text-to-video");
  g_autoptr(JsonNode) kling = example ("text-to-video");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seeded = ovs_compare_variants (catalog, vidu, 3, 100, &error);
  g_autoptr(GPtrArray) unseeded = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (seeded->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      OvsCompareBody *body = seeded->pdata[i];

      g_assert_cmpint (json_node_get_int (ovs_json_get_path (body->body, "metadata.seed")), ==, 100 + i);
      g_assert_cmpuint (body->warnings->len, ==, 0);
      g_assert_cmpstr (body_string (body, "prompt"), ==, json_node_get_string (ovs_json_get_path (vidu, "prompt")));
      g_assert_nonnull (body->scenario);
    }

  unseeded = ovs_compare_variants (catalog, kling, 2, 100, &error);
  g_assert_no_error (error);
  assert_mapped (unseeded->pdata[0], "Kling-3.0-omni", "metadata.seed");
  assert_mapped (unseeded->pdata[1], "Kling-3.0-omni", "");
  g_assert_null (ovs_json_get_path (((OvsCompareBody *) unseeded->pdata[1])->body, "metadata"));

  g_assert_null (ovs_compare_variants (catalog, kling, 7, 0, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
}

static void
test_group_id_and_split (void)
{
  g_autofree char *a = ovs_compare_new_group_id (OVS_GROUP_KIND_COMPARE);
  g_autofree char *b = ovs_compare_new_group_id (OVS_GROUP_KIND_COMPARE);
  g_auto(GStrv) models = ovs_compare_split_models (" Kling-3.0, ,Vidu-q2,");

  g_assert_true (g_str_has_prefix (a, "compare-"));
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[1], ==, "Vidu-q2");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/compare/every-pair", test_every_pair);
  g_test_add_func ("/compare/kling-text", test_kling_text);
  g_test_add_func ("/compare/seedance-frames", test_seedance_frames);
  g_test_add_func ("/compare/video-reference", test_video_reference);
  g_test_add_func ("/compare/vidu-mentions", test_vidu_mentions);
  g_test_add_func ("/compare/audio", test_audio);
  g_test_add_func ("/compare/same-family-storyboard", test_same_family_storyboard);
  g_test_add_func ("/compare/unknown-model", test_unknown_model);
  g_test_add_func ("/compare/variants", test_variants);
  g_test_add_func ("/compare/group-id", test_group_id_and_split);

  return g_test_run ();
}
