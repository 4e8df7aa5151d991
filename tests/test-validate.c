/* test-validate.c: one test per validation case, so a failure names the case
 *
 * Each case is a body (and the preset it is checked against, or none: detected), and the
 * problem a user must see: its path, kind and severity. Errors mean nothing is sent;
 * warnings are shown and the body goes. (Before issue 11 these sat in one function of
 * test-request.c; several errors there are warnings now, as the issue asks.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-core.h"
#include "ovs-curl.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-validate.h"

typedef struct
{
  const char     *body;
  const char     *scenario;  /* NULL: detected */
  const char     *path;
  OvsProblemKind  kind;
  OvsSeverity     severity;
} Case;

#define T2V "\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\""
#define SHOTS_HEAD "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\",\"seconds\":\"5\",\"metadata\":{\"ext_info\":{\"AdditionalParameters\":{\"multi_shot\":true,\"shot_type\":\"customize\",\"multi_prompt\":"
#define SHOTS_TAIL "}}}}"

static const Case cases[] = {
  { "[1, 2]", NULL, "$", OVS_PROBLEM_SYNTAX, OVS_SEVERITY_ERROR },
  { "\"text\"", NULL, "$", OVS_PROBLEM_SYNTAX, OVS_SEVERITY_ERROR },
  { "{\"model\": }", NULL, "$", OVS_PROBLEM_SYNTAX, OVS_SEVERITY_ERROR },
  { "", NULL, "$", OVS_PROBLEM_SYNTAX, OVS_SEVERITY_ERROR },
  { "{\"prompt\":\"p\"}", "text-to-video", "model", OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\"}", NULL, "prompt", OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"seconds\":5}", NULL, "seconds", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"seconds\":\"5s\"}", NULL, "seconds", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"seconds\":\"0\"}", NULL, "seconds", OVS_PROBLEM_RANGE, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"seconds\":\"60\"}", NULL, "seconds", OVS_PROBLEM_RANGE, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"   \"}", NULL, "prompt", OVS_PROBLEM_EMPTY, OVS_SEVERITY_ERROR },
  { "{\"model\":42,\"prompt\":\"p\"}", "text-to-video", "model", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\"}", "text-to-video", "model", OVS_PROBLEM_MODEL, OVS_SEVERITY_WARNING },
  { "{\"model\":\"kling-3.0-omni\",\"prompt\":\"p\"}", NULL, "model", OVS_PROBLEM_MODEL, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Kling-9\",\"prompt\":\"p\"}", "text-to-video", "model", OVS_PROBLEM_MODEL, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"resolution\":\"1080P\"}", NULL, "resolution", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"resolution\":\"8k\"}", NULL, "resolution", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"images\":[\"https://e.com/a.png\"],\"audio_generation\":\"On\"}", NULL, "audio_generation", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"videos\":[\"https://e.com/v.mp4\"],\"video_reference_type\":\"asset\"}", "kling-video-reference", "video_reference_type", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"images\":[]}", NULL, "images", OVS_PROBLEM_EMPTY, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"images\":\"https://e.com/a.png\"}", NULL, "images", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"images\":[\"ftp://e.com/a.png\"]}", NULL, "images[0]", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"images\":[\"https://e.com/a.png\",\"not a url\"]}", NULL, "images[1]", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"images\":[\"data:video/mp4;base64,AAAA\"]}", NULL, "images[0]", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"images\":[\"data:image/png,raw\"]}", NULL, "images[0]", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"firstframe\":\"file:///home/me/a.png\"}", NULL, "firstframe", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"看 <<<image_2>>>\",\"images\":[\"https://e.com/a.png\"]}", NULL, "prompt", OVS_PROBLEM_PLACEHOLDER, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"参考 <<<video_1>>>\",\"video_reference_type\":\"feature\"}", "kling-video-reference", "prompt", OVS_PROBLEM_PLACEHOLDER, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"<<<image_0>>>\",\"images\":[\"https://e.com/a.png\"]}", NULL, "prompt", OVS_PROBLEM_PLACEHOLDER, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0\",\"prompt\":\"让 <<<boy>>> 跳舞\",\"subject_infos\":[{\"id\":\"girl1\",\"name\":\"女孩\",\"image_urls\":[\"https://e.com/g.png\"]}]}", NULL, "prompt", OVS_PROBLEM_SUBJECT, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"让 @cat 跳\",\"images\":[\"https://e.com/a.png\"],\"metadata\":{\"vidu_q2_object_ids\":[\"girl\"]}}", NULL, "prompt", OVS_PROBLEM_SUBJECT, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0\",\"prompt\":\"p\",\"subject_infos\":[{\"id\":\"a\",\"image_urls\":[\"https://e.com/1.png\"]},{\"id\":\"a\",\"image_urls\":[\"https://e.com/2.png\"]}]}", NULL, "subject_infos[1].id", OVS_PROBLEM_DUPLICATE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0\",\"prompt\":\"p\",\"subject_infos\":[{\"id\":\"a\"}]}", NULL, "subject_infos[0].image_urls", OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0\",\"prompt\":\"p\",\"subject_infos\":[]}", NULL, "subject_infos", OVS_PROBLEM_EMPTY, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"https://e.com/a.png\"],\"metadata\":{\"vidu_q2_object_ids\":[\"girl\",\"girl\"]}}", NULL, "metadata.vidu_q2_object_ids[1]", OVS_PROBLEM_DUPLICATE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"https://e.com/a.png\"],\"metadata\":{\"vidu_q2_object_ids\":[\"girl\"],\"vidu_q2_voice_map\":{\"dog\":\"female-shaonv\"}}}", NULL, "metadata.vidu_q2_voice_map.dog", OVS_PROBLEM_SUBJECT, OVS_SEVERITY_WARNING },
  { SHOTS_HEAD "[{\"index\":1,\"prompt\":\"a\",\"duration\":2},{\"index\":2,\"prompt\":\"b\",\"duration\":2}]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH, OVS_PROBLEM_SHOT_DURATION, OVS_SEVERITY_ERROR },
  { SHOTS_HEAD "[{\"index\":1,\"prompt\":\"a\",\"duration\":2},{\"index\":3,\"prompt\":\"b\",\"duration\":3}]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH "[1].index", OVS_PROBLEM_SHOT_INDEX, OVS_SEVERITY_ERROR },
  { SHOTS_HEAD "[{\"index\":1,\"prompt\":\"a\",\"duration\":2},{\"index\":2,\"prompt\":\"b\",\"duration\":\"3\"}]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH "[1].duration", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { SHOTS_HEAD "[{\"index\":1,\"prompt\":\"\",\"duration\":5}]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH "[0].prompt", OVS_PROBLEM_EMPTY, OVS_SEVERITY_ERROR },
  { SHOTS_HEAD "[{\"index\":1,\"prompt\":\"a\",\"duration\":0},{\"index\":2,\"prompt\":\"b\",\"duration\":5}]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH "[0].duration", OVS_PROBLEM_RANGE, OVS_SEVERITY_ERROR },
  { SHOTS_HEAD "[]" SHOTS_TAIL, NULL, OVS_SHOTS_PATH, OVS_PROBLEM_EMPTY, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\",\"metadata\":{\"ext_info\":{\"AdditionalParameters\":{\"multi_shot\":\"yes\",\"shot_type\":\"intelligence\"}}}}", NULL, "metadata.ext_info.AdditionalParameters.multi_shot", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\",\"metadata\":{\"ext_info\":{\"AdditionalParameters\":{\"multi_shot\":true,\"shot_type\":\"customize\"}}}}", "kling-multishot-custom", OVS_SHOTS_PATH, OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\",\"metadata\":{\"ext_info\":{\"AdditionalParameters\":{\"element_list\":[{\"element_id\":\"12345\"}]}}}}", NULL, OVS_ELEMENTS_PATH "[0].element_id", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"gif_url\",\"gif_url\":{\"url\":\"https://e.com/a.gif\"}}]}}", NULL, "metadata.content[0].type", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"image_url\"}]}}", NULL, "metadata.content[0].image_url", OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"video_url\",\"video_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}}", NULL, "metadata.content[0].video_url.url", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://e.com/a.png\"},\"role\":\"hero\"}]}}", NULL, "metadata.content[0].role", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://e.com/a.png\"}}],\"generate_audio\":\"true\"}}", NULL, "metadata.generate_audio", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{" T2V ",\"firstframe\":\"https://e.com/a.png\",\"enable_bgm\":\"Enabled\"}", "first-last-frame", "enable_bgm", OVS_PROBLEM_UNUSED, OVS_SEVERITY_WARNING },
  { "{" T2V ",\"aspect_ratio\":null}", NULL, "aspect_ratio", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  /* The honest severities of issue 11. */
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"seconds\":\"5\",\"negative_promt\":\"x\"}", NULL, "negative_promt", OVS_PROBLEM_UNKNOWN, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Kling-3.0\",\"prompt\":\"p\",\"metadata\":{\"cfg_scale\":0.5}}", NULL, "metadata.cfg_scale", OVS_PROBLEM_UNKNOWN, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Veo-3.1\",\"seconds\":\"8\"}", NULL, "prompt", OVS_PROBLEM_MISSING, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Veo-3.1\",\"prompt\":\"p\",\"seconds\":\"5\"}", NULL, "seconds", OVS_PROBLEM_RANGE, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Veo-3.1\",\"prompt\":\"p\",\"resolution\":\"4k\"}", NULL, "resolution", OVS_PROBLEM_CHOICE, OVS_SEVERITY_WARNING },
  { "{\"model\":\"VIDU_Q2\",\"prompt\":\"p\"}", NULL, "model", OVS_PROBLEM_MODEL, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Sora-2\",\"prompt\":\"p\"}", NULL, "model", OVS_PROBLEM_MODEL, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Veo-3.1\",\"prompt\":\"p\",\"subject_infos\":[{\"id\":\"a\",\"image_urls\":[\"https://e.com/a.png\"]}]}", NULL, "subject_infos", OVS_PROBLEM_UNUSED, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\"}", "vidu-bgm", "enable_bgm", OVS_PROBLEM_MISSING, OVS_SEVERITY_WARNING },
  { "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"p\",\"metadata\":{\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"asset://asset-2026-a1b2\"},\"role\":\"reference_image\"}]}}", NULL, "metadata.content[0].image_url.url", OVS_PROBLEM_URL, OVS_SEVERITY_WARNING },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"s3://bucket/a.png\"]}", NULL, "images[0]", OVS_PROBLEM_URL, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"seconds\":\"5\",\"resolution\":720}", NULL, "resolution", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":{\"0\":\"https://e.com/a.png\"}}", NULL, "images", OVS_PROBLEM_TYPE, OVS_SEVERITY_ERROR },
  /* json-glib decodes a lone surrogate into bytes that are not UTF-8. */
  { "{\"model\":\"Vidu-q2\",\"prompt\":\"a\\ud800b\"}", NULL, "$", OVS_PROBLEM_SYNTAX, OVS_SEVERITY_ERROR },
};

/* Every problem must carry a message; the expected one must be there. */
static void
test_case (gconstpointer data)
{
  const Case *t = data;
  OvsScenario *scenario = t->scenario != NULL
                          ? ovs_catalog_lookup (ovs_catalog_get_default (), t->scenario) : NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean found = FALSE;

  g_assert_true (t->scenario == NULL || scenario != NULL);
  problems = ovs_validate_text (t->body, -1, scenario);

  for (guint p = 0; p < problems->len; p++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, p);

      g_assert_nonnull (problem->message);
      g_assert_cmpstr (problem->message, !=, "");
      g_test_message ("got %s %s %s: %s", ovs_severity_to_string (problem->severity),
                      ovs_problem_kind_to_string (problem->kind), problem->path, problem->message);
      if (g_str_equal (problem->path, t->path) && problem->kind == t->kind
          && problem->severity == t->severity)
        found = TRUE;
    }

  if (!found)
    g_error ("%s: expected %s %s at %s", t->body, ovs_severity_to_string (t->severity),
             ovs_problem_kind_to_string (t->kind), t->path);

  /* A warning alone never stops a body: no error may come with it unless one is expected. */
  if (t->severity == OVS_SEVERITY_WARNING)
    for (guint p = 0; p < problems->len; p++)
      {
        OvsProblem *problem = g_ptr_array_index (problems, p);

        if (problem->severity == OVS_SEVERITY_ERROR)
          g_error ("%s: a warning case has an error too: %s: %s", t->body, problem->path,
                   problem->message);
      }
}

/* A body whose inline file is @file_size bytes of base64, for @model. */
/* A body with a URL, then @n_files inline files of @file_size bytes of base64 each, the
 * last of them @last_extra bytes longer. */
static char *
body_with_inline_files (const char *model,
                        guint       n_files,
                        gsize       file_size,
                        gsize       last_extra)
{
  g_autoptr(GString) body = g_string_sized_new (n_files * file_size + last_extra + 200);

  g_string_append_printf (body, "{\"model\":\"%s\",\"prompt\":\"p\",\"images\":[\"https://e.com/a.png\"",
                          model);
  for (guint f = 0; f < n_files; f++)
    {
      gsize size = file_size + (f == n_files - 1 ? last_extra : 0);

      g_string_append (body, ",\"data:image/png;base64,");
      for (gsize i = 0; i < size; i++)
        g_string_append_c (body, "QUJD"[i % 4]);
      g_string_append_c (body, '"');
    }
  g_string_append (body, "]}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static char *
body_with_inline_file (const char *model,
                       gsize       file_size)
{
  return body_with_inline_files (model, 1, file_size, 0);
}

static const OvsProblem *
find_problem (GPtrArray      *problems,
              OvsProblemKind  kind)
{
  for (guint i = 0; i < problems->len; i++)
    if (((OvsProblem *) g_ptr_array_index (problems, i))->kind == kind)
      return g_ptr_array_index (problems, i);
  return NULL;
}

/* @body's size problem: of @severity, on @path, its message holding @needle (g_format_size ()
 * puts a no-break space before the unit: a needle stops at the number). */
static void
assert_size_problem (const char    *body,
                     const char    *what,
                     OvsSeverity    severity,
                     const char    *path,
                     const char    *needle)
{
  g_autoptr(GPtrArray) problems = ovs_validate_text (body, -1, NULL);
  const OvsProblem *problem = find_problem (problems, OVS_PROBLEM_SIZE);

  if (problem == NULL)
    g_error ("%s: no size problem", what);
  g_test_message ("%s: %s", what, problem->message);
  g_assert_cmpint (problem->severity, ==, severity);
  g_assert_cmpstr (problem->path, ==, path);
  g_assert_nonnull (strstr (problem->message, needle));
  if (severity == OVS_SEVERITY_WARNING)
    g_assert_cmpuint (ovs_problems_count (problems, OVS_SEVERITY_ERROR), ==, 0);
}

static void
assert_no_size_problem (const char *body)
{
  g_autoptr(GPtrArray) problems = ovs_validate_text (body, -1, NULL);

  g_assert_null (find_problem (problems, OVS_PROBLEM_SIZE));
}

/* new-api answers 413 above MAX_REQUEST_BODY_MB (32 MB): refused here first, naming the
 * file and what to do; warned from 24 MB. */
static void
test_size_limit (void)
{
  g_autofree char *near = body_with_inline_file ("Vidu-q2", 26 * 1024 * 1024);
  g_autofree char *over = body_with_inline_file ("Vidu-q2", 33 * 1024 * 1024);
  g_autofree char *small = body_with_inline_file ("Vidu-q2", 2 * 1024 * 1024);

  assert_size_problem (near, "a 26 MiB file", OVS_SEVERITY_WARNING, "images[1]",
                       "near the gateway's limit of 32.0");
  assert_size_problem (over, "a 33 MiB file", OVS_SEVERITY_ERROR, "images[1]",
                       "over the gateway's limit of 32.0");
  assert_size_problem (over, "a 33 MiB file", OVS_SEVERITY_ERROR, "images[1]",
                       "give this file (26.0");
  assert_no_size_problem (small);
}

/* Files chosen in the app are at most OVS_DATA_URL_LIMIT (7 MiB, 9.3 MiB as base64): the
 * gateway's limit is reached by several of them together, each well under it. The largest
 * is blamed. */
static void
test_size_limit_several_files (void)
{
  gsize file_size = (OVS_DATA_URL_LIMIT + 2) / 3 * 4;
  g_autofree char *three = body_with_inline_files ("Vidu-q2", 3, file_size - 1000, 1000);
  g_autofree char *four = body_with_inline_files ("Vidu-q2", 4, file_size - 1000, 1000);
  g_autofree char *two = body_with_inline_files ("Vidu-q2", 2, file_size, 0);

  assert_size_problem (three, "three files of 9.3 MiB", OVS_SEVERITY_WARNING, "images[3]",
                       "makes the body 28.0");
  assert_size_problem (three, "three files of 9.3 MiB", OVS_SEVERITY_WARNING, "images[3]",
                       "with 2 other inline files, near the gateway's limit");
  /* The file's size as its row says it: 7 MiB of file, not 9.3 MiB of base64. */
  assert_size_problem (three, "three files of 9.3 MiB", OVS_SEVERITY_WARNING, "images[3]",
                       "an https:// URL for this file (7.3");
  assert_size_problem (four, "four files of 9.3 MiB", OVS_SEVERITY_ERROR, "images[4]",
                       "makes the body 37.3");
  assert_size_problem (four, "four files of 9.3 MiB", OVS_SEVERITY_ERROR, "images[4]",
                       "with 3 other inline files, over the gateway's limit");
  assert_no_size_problem (two);
}

/* The form checks its body after each pause in typing, and counts each inline file once
 * while it stays (issue 14): what it says must follow each file added, replaced or
 * removed, and the size it counts must be the bytes written. */
static const OvsProblem *
check_request (OvsRequest *request,
               GPtrArray **problems)
{
  OvsJsonSizes *sizes = ovs_request_get_sizes (request);
  g_autofree char *written = ovs_json_to_string (ovs_request_get_root (request));
  gsize measured;

  g_clear_pointer (problems, g_ptr_array_unref);
  *problems = ovs_validate_request (request);
  ovs_json_sizes_begin (sizes);
  measured = ovs_json_measure (ovs_request_get_root (request));
  ovs_json_sizes_end (sizes);
  g_assert_cmpuint (measured, ==, strlen (written));
  return find_problem (*problems, OVS_PROBLEM_SIZE);
}

static void
test_size_follows_the_form (void)
{
  gsize file_size = (OVS_DATA_URL_LIMIT + 2) / 3 * 4;
  g_autofree char *four = body_with_inline_files ("Vidu-q2", 4, file_size - 1000, 1000);
  g_autofree char *one = body_with_inline_files ("Vidu-q2", 1, file_size + 4000, 0);
  g_autoptr(OvsRequest) request = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GString) quoted = g_string_new (NULL);
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  const OvsProblem *problem;
  JsonNode *file;

  request = ovs_request_new_from_json (four, -1, NULL, &error);
  g_assert_no_error (error);
  problem = check_request (request, &problems);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->severity, ==, OVS_SEVERITY_ERROR);
  g_assert_cmpstr (problem->path, ==, "images[4]");
  g_assert_nonnull (strstr (problem->message, "makes the body 37.3"));

  /* Checked again unchanged: the same. */
  problem = check_request (request, &problems);
  g_assert_cmpstr (problem->path, ==, "images[4]");
  g_assert_nonnull (strstr (problem->message, "makes the body 37.3"));

  /* The largest file given as a URL: three are left, near the limit. */
  ovs_request_set_string (request, "images[4]", "https://e.com/b.png");
  problem = check_request (request, &problems);
  g_assert_nonnull (problem);
  g_assert_cmpint (problem->severity, ==, OVS_SEVERITY_WARNING);
  /* Three of one size: the first is blamed. */
  g_assert_cmpstr (problem->path, ==, "images[1]");
  g_assert_nonnull (strstr (problem->message, "near the gateway's limit"));

  /* A larger file in the second one's place is the one blamed now. */
  parsed = ovs_json_parse_object (one, -1, NULL, NULL, NULL);
  file = ovs_json_get_path (parsed, "images[1]");
  ovs_request_set_string (request, "images[2]", json_node_get_string (file));
  problem = check_request (request, &problems);
  g_assert_nonnull (problem);
  g_assert_cmpstr (problem->path, ==, "images[2]");

  /* A long prompt of quotes and new lines: each one written as two bytes. */
  for (guint i = 0; i < 40000; i++)
    g_string_append (quoted, "\"\n");
  ovs_request_set_prompt (request, quoted->str);
  g_assert_nonnull (check_request (request, &problems));

  /* Two files gone: under the warning. */
  ovs_request_remove_item (request, "images", 1);
  ovs_request_remove_item (request, "images", 1);
  g_assert_null (check_request (request, &problems));
}

/* Kling's own API takes inline files as bare base64: the body is sent that way, and a
 * bare base64 image is valid for Kling (only). */
static void
test_inline_form (void)
{
  const char *kling = "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"p\",\"images\":[\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\"]}";
  const char *vidu = "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\"]}";
  g_autoptr(OvsRequest) request = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *sent = NULL;
  g_autoptr(GError) error = NULL;

  request = ovs_request_new_from_json (kling, -1, NULL, &error);
  g_assert_no_error (error);
  sent = ovs_request_to_json (request);
  g_assert_cmpstr (sent, ==, "{\n  \"model\": \"Kling-3.0-omni\",\n  \"prompt\": \"p\",\n  \"images\": [\n"
                             "    \"iVBORw0KGgoAAAANSUhEUgAA\"\n  ]\n}\n");
  /* The request itself keeps what it was given. */
  g_assert_nonnull (strstr (json_node_get_string (ovs_json_get_path (ovs_request_get_root (request), "images[0]")),
                            "data:image/png"));
  problems = ovs_validate_text (sent, -1, NULL);
  g_assert_cmpuint (ovs_problems_count (problems, OVS_SEVERITY_ERROR), ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_object (&request);
  g_clear_pointer (&sent, g_free);

  request = ovs_request_new_from_json (vidu, -1, NULL, &error);
  g_assert_no_error (error);
  sent = ovs_request_to_json (request);
  g_assert_nonnull (strstr (sent, "\"data:image/png;base64,iVBOR"));

  /* Bare base64 for Vidu is not a URL. */
  problems = ovs_validate_text ("{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"iVBORw0KGgoAAAANSUhEUgAA\"]}",
                                -1, NULL);
  g_assert_nonnull (find_problem (problems, OVS_PROBLEM_URL));
}

/* One file of tests/data/corpus and what the docs say must happen to it. */
typedef struct
{
  char *file;     /* "bodies/x.json", "curl/y.sh" */
  char *outcome;  /* "accept", "error PATH KIND", "import MESSAGE" */
} CorpusCase;

static void
test_corpus_case (gconstpointer data)
{
  const CorpusCase *c = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus", c->file, NULL);
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));

  if (g_str_has_prefix (c->file, "curl/"))
    {
      g_autoptr(OvsCurlBody) curl = ovs_curl_parse (text, &error);

      if (g_str_has_prefix (c->outcome, "import "))
        {
          g_assert_null (curl);
          g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, c->outcome + strlen ("import ")));
          return;
        }
      g_assert_no_error (error);
      g_assert_nonnull (curl->body);
      body = g_steal_pointer (&curl->body);
    }
  else
    body = g_strndup (text, length);

  root = ovs_json_parse_object (body, -1, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The writer on bodies we did not write: its size counted without writing agrees with
   * what it writes, and bare base64 (Kling's form) changes nothing of a body with no
   * inline file (URLs, "data" in prompts and names). */
  {
    g_autofree char *pretty = ovs_json_to_string (root);
    g_autofree char *bare = ovs_json_write (root, TRUE, TRUE);

    g_assert_cmpuint (ovs_json_measure (root), ==, strlen (pretty));
    if (strstr (body, "\"data:") == NULL)
      g_assert_cmpstr (bare, ==, pretty);
  }
  problems = ovs_validate_node (root, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s %s %s: %s", ovs_severity_to_string (problem->severity),
                      ovs_problem_kind_to_string (problem->kind), problem->path, problem->message);
    }

  if (g_str_equal (c->outcome, "accept"))
    {
      g_autoptr(OvsRequest) request = ovs_request_new_from_node (root, NULL);
      g_autofree char *written = ovs_request_to_json (request);
      /* What a group's worker writes from the tree alone (no OvsRequest) is the same. */
      g_autofree char *from_tree = ovs_request_write_body (root);

      g_autoptr(GPtrArray) form_problems = ovs_validate_request (request);
      OvsJsonSizes *sizes = ovs_request_get_sizes (request);
      g_autofree char *composed = ovs_json_to_string (ovs_request_get_root (request));
      g_autoptr(JsonNode) draft = ovs_request_dup_body (request);
      g_autofree char *draft_text = ovs_json_to_string (draft);
      gsize measured;

      g_assert_cmpuint (ovs_problems_count (problems, OVS_SEVERITY_ERROR), ==, 0);
      g_assert_cmpstr (from_tree, ==, written);
      /* The form's own path: checked with its sizes remembered, measured as written, and
       * its draft's copy written the same. */
      g_assert_cmpuint (ovs_problems_count (form_problems, OVS_SEVERITY_ERROR), ==, 0);
      ovs_json_sizes_begin (sizes);
      measured = ovs_json_measure (ovs_request_get_root (request));
      ovs_json_sizes_end (sizes);
      g_assert_cmpuint (measured, ==, strlen (composed));
      g_assert_cmpstr (draft_text, ==, composed);
      /* Sent as given: the bodies are in the writer's form, so byte for byte. */
      if (g_str_has_prefix (c->file, "bodies/"))
        g_assert_cmpstr (written, ==, text);
    }
  else
    {
      g_auto(GStrv) words = g_strsplit (c->outcome, " ", 3);
      gboolean found = FALSE;

      g_assert_cmpstr (words[0], ==, "error");
      g_assert_cmpuint (g_strv_length (words), ==, 3);
      for (guint i = 0; i < problems->len; i++)
        {
          OvsProblem *problem = g_ptr_array_index (problems, i);

          found |= problem->severity == OVS_SEVERITY_ERROR && g_str_equal (problem->path, words[1])
                   && g_str_equal (ovs_problem_kind_to_string (problem->kind), words[2]);
        }
      if (!found)
        g_error ("%s: expected %s", c->file, c->outcome);
    }
}

static void
corpus_case_free (CorpusCase *c)
{
  g_free (c->file);
  g_free (c->outcome);
  g_free (c);
}

/* Registers one test per line of expected.txt; @keep holds them until the tests have run. */
static void
add_corpus_cases (GPtrArray *keep)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "corpus", "expected.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint bodies = 0, commands = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
      CorpusCase *c;
      g_autofree char *name = NULL;

      if (lines[i][0] == '\0')
        continue;
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      c = g_new0 (CorpusCase, 1);
      c->file = g_strdup (fields[0]);
      c->outcome = g_strdup (fields[1]);
      g_ptr_array_add (keep, c);
      bodies += g_str_has_prefix (c->file, "bodies/");
      commands += g_str_has_prefix (c->file, "curl/");
      name = g_strdup_printf ("/corpus/%s", c->file);
      g_test_add_data_func (name, c, test_corpus_case);
    }
  g_assert_cmpuint (bodies, >=, 30);
  g_assert_cmpuint (commands, >=, 15);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) corpus_case_free);

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_assert_cmpuint (G_N_ELEMENTS (cases), >=, 60);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *t = &cases[i];
      g_autofree char *shape = g_strdelimit (g_strdup (t->path), "$[].", '-');
      g_autofree char *name = g_strdup_printf ("/validate/%02u-%s-%s-%s", i + 1,
                                               ovs_severity_to_string (t->severity),
                                               ovs_problem_kind_to_string (t->kind), shape);

      g_test_add_data_func (name, t, test_case);
    }

  g_test_add_func ("/validate/size-limit", test_size_limit);
  g_test_add_func ("/validate/size-limit-several-files", test_size_limit_several_files);
  g_test_add_func ("/validate/size-follows-the-form", test_size_follows_the_form);
  add_corpus_cases (corpus);
  g_test_add_func ("/validate/inline-form", test_inline_form);

  return g_test_run ();
}
