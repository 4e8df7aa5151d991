/* test-continue.c: `omni-video continue` — a new request from a frame of a finished task,
 * against the sandbox: the draft's image is the frame `omni-video frame` saves, the body is
 * of the right scenario for the model, and the lineage survives a restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "ovs-continue.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-validate.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

static const char *body =
  "{\n  \"model\": \"Kling-3.0-omni\",\n  \"resolution\": \"720p\",\n  \"prompt\": \"海边的女孩\",\n"
  "  \"seconds\": \"3\",\n  \"aspect_ratio\": \"16:9\"\n}\n";

typedef struct
{
  char       *home;
  char       *data_home;
  OvsSandbox *sandbox;
  char       *task_id;  /* a finished task with its video on disk */
} Fixture;


#define RUN(fixture, res, ...) \
  ovs_test_run_cli ((fixture)->sandbox, (fixture)->data_home, res, \
                    (const char * const[]) { __VA_ARGS__, NULL })

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *videos = NULL;
  g_auto(OvsTestCliRun) res = { 0 };
  g_auto(GStrv) lines = NULL;

  fixture->home = ovs_test_make_tmp_dir ("ovs-continue-XXXXXX");
  fixture->data_home = g_build_filename (fixture->home, "data", NULL);
  fixture->sandbox = ovs_test_sandbox_new (0.05, NULL);
  ovs_test_sandbox_start (fixture->sandbox);

  file = g_build_filename (fixture->home, "body.json", NULL);
  videos = g_build_filename (fixture->home, "videos", NULL);
  g_assert_true (g_file_set_contents (file, body, -1, NULL));
  RUN (fixture, &res, "submit", "--download", videos, file);
  g_assert_cmpint (res.status, ==, 0);
  lines = g_strsplit (res.out, "\n", -1);
  fixture->task_id = g_strdup (lines[0]);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ovs_test_sandbox_clear (&fixture->sandbox);
  ovs_test_remove_tree (fixture->home);
  g_free (fixture->home);
  g_free (fixture->data_home);
  g_free (fixture->task_id);
}

/* The bytes of a data: URL, or of bare base64 (Kling's inline form). */
static GBytes *
decode_image (const char *url)
{
  const char *comma = g_str_has_prefix (url, "data:") ? strchr (url, ',') : NULL;
  gsize length = 0;
  guchar *data = g_base64_decode (comma != NULL ? comma + 1 : url, &length);

  return g_bytes_new_take (data, length);
}

static GBytes *
frame_png (Fixture    *fixture,
           const char *position,
           const char *name)
{
  g_autofree char *path = g_build_filename (fixture->home, name, NULL);
  g_auto(OvsTestCliRun) res = { 0 };
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (position != NULL)
    RUN (fixture, &res, "frame", fixture->task_id, "--at", position, "-o", path);
  else
    RUN (fixture, &res, "frame", fixture->task_id, "--last", "-o", path);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static JsonObject *
read_draft (const char  *path,
            JsonNode   **root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  *root = json_from_string (text, &error);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

/* The draft's first frame is exactly the PNG `frame --at` writes; the parent's settings and
 * the new prompt are kept. */
static void
test_draft_first_frame (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *draft = g_build_filename (fixture->home, "draft.json", NULL);
  g_autoptr(GBytes) expected = frame_png (fixture, "1.0", "at-1.png");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_auto(OvsTestCliRun) res = { 0 };
  JsonObject *object;

  RUN (fixture, &res, "continue", fixture->task_id, "--at", "1.0", "--prompt", "镜头拉远",
       "-o", draft, "--json");
  g_assert_cmpint (res.status, ==, 0);
  out = json_from_string (res.out, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "scenario"), ==,
                   "first-last-frame");
  /* The PNG is kept beside the video. */
  g_assert_true (g_file_test (json_object_get_string_member (json_node_get_object (out), "frame"),
                              G_FILE_TEST_IS_REGULAR));

  object = read_draft (draft, &root);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "Kling-3.0-omni");
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, "镜头拉远");
  g_assert_cmpstr (json_object_get_string_member (object, "seconds"), ==, "3");
  g_assert_cmpstr (json_object_get_string_member (object, "resolution"), ==, "720p");
  g_assert_false (json_object_has_member (object, "lastframe"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "firstframe"),
                                   "data:image/png;base64,"));
  image = decode_image (json_object_get_string_member (object, "firstframe"));
  g_assert_true (g_bytes_equal (image, expected));
}

/* Another model, the frame as a reference image: that model's image-to-video body. */
static void
test_draft_reference_other_model (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GBytes) expected = frame_png (fixture, NULL, "last.png");
  g_autoptr(GBytes) image = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(OvsTestCliRun) res = { 0 };
  g_auto(OvsTestCliRun) refused = { 0 };
  JsonObject *object;
  JsonArray *images;

  RUN (fixture, &res, "continue", fixture->task_id, "--last", "--as", "reference",
       "--model", "Vidu-q2");
  g_assert_cmpint (res.status, ==, 0);
  root = json_from_string (res.out, NULL);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "Vidu-q2");
  /* The parent's prompt when none is given. */
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, "海边的女孩");
  images = json_object_get_array_member (object, "images");
  g_assert_cmpuint (json_array_get_length (images), ==, 1);
  image = decode_image (json_array_get_string_element (images, 0));
  g_assert_true (g_bytes_equal (image, expected));

  /* Veo takes no image as a last frame: said, nothing written. */
  RUN (fixture, &refused, "continue", fixture->task_id, "--last", "--as", "last_frame",
       "--model", "Veo-3.1");
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "no scenario of the model “Veo-3.1” takes an image as its last frame"));
}

/* Sent: the gateway gets the frame (in Kling's bare base64), and the history, read again
 * by a new process and a new store, knows the parent and the chain. */
static void
test_submit_lineage (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) expected = frame_png (fixture, NULL, "last.png");
  g_autofree char *path = g_build_filename (fixture->data_home, "omni-video-studio",
                                            "history.sqlite3", NULL);
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(OvsTask) child = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) meta = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autofree char *sent_body = NULL;
  g_auto(OvsTestCliRun) res = { 0 };
  g_auto(OvsTestCliRun) list = { 0 };
  g_auto(GStrv) lines = NULL;
  JsonObject *frame;
  JsonArray *chain;

  RUN (fixture, &res, "continue", fixture->task_id, "--last", "--prompt", "她转身离开", "--submit");
  g_assert_cmpint (res.status, ==, 0);
  lines = g_strsplit (res.out, "\n", -1);

  sent_body = ovs_sandbox_dup_task_body (fixture->sandbox, lines[0]);
  g_assert_nonnull (sent_body);
  sent = json_from_string (sent_body, NULL);
  image = decode_image (json_object_get_string_member (json_node_get_object (sent), "firstframe"));
  g_assert_true (g_bytes_equal (image, expected));

  store = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  parent = ovs_task_store_lookup_by_task_id (store, fixture->task_id);
  child = ovs_task_store_lookup_by_task_id (store, lines[0]);
  g_assert_cmpint (ovs_task_get_parent (child), ==, ovs_task_get_id (parent));
  g_assert_cmpstr (ovs_task_get_group_kind (child), ==, "chain");
  g_assert_cmpstr (ovs_task_get_group_kind (parent), ==, "chain");
  g_assert_cmpstr (ovs_task_get_group_id (child), ==, ovs_task_get_group_id (parent));
  g_assert_cmpint (ovs_task_get_group_index (parent), ==, 0);
  g_assert_cmpint (ovs_task_get_group_index (child), ==, 1);
  children = ovs_task_store_dup_children (store, ovs_task_get_id (parent));
  g_assert_cmpuint (children->len, ==, 1);
  meta = json_from_string (ovs_task_get_meta (child), NULL);
  frame = json_object_get_object_member (json_node_get_object (meta), "frame");
  g_assert_cmpint (json_object_get_int_member (frame, "from"), ==, ovs_task_get_id (parent));
  g_assert_cmpstr (json_object_get_string_member (frame, "as"), ==, "first_frame");
  g_assert_true (json_object_get_boolean_member (frame, "last"));
  g_assert_cmpfloat (json_object_get_double_member (frame, "at"), >, 2.5);

  /* list --chain from the child: the root first, then what continued it. */
  RUN (fixture, &list, "list", "--chain", lines[0], "--json");
  g_assert_cmpint (list.status, ==, 0);
  listed = json_from_string (list.out, NULL);
  chain = json_node_get_array (listed);
  g_assert_cmpuint (json_array_get_length (chain), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (chain, 0), "task_id"),
                   ==, fixture->task_id);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (chain, 1), "parent"),
                   ==, ovs_task_get_id (parent));

  /* status: the server's answer, and the lineage the history knows, both ways. */
  {
    g_auto(OvsTestCliRun) of_child = { 0 };
    g_auto(OvsTestCliRun) of_parent = { 0 };
    g_autoptr(JsonNode) child_node = NULL;
    g_autoptr(JsonNode) parent_node = NULL;
    JsonObject *object;
    JsonArray *by;

    RUN (fixture, &of_child, "status", lines[0], "--json");
    g_assert_cmpint (of_child.status, ==, 0);
    child_node = json_from_string (of_child.out, NULL);
    object = json_node_get_object (child_node);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "continued_from"),
                                                    "task_id"), ==, fixture->task_id);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "continued_by")), ==, 0);

    RUN (fixture, &of_parent, "status", fixture->task_id);
    g_assert_cmpint (of_parent.status, ==, 0);
    parent_node = json_from_string (of_parent.out, NULL);
    object = json_node_get_object (parent_node);
    g_assert_true (json_object_get_null_member (object, "continued_from"));
    by = json_object_get_array_member (object, "continued_by");
    g_assert_cmpuint (json_array_get_length (by), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (by, 0), "task_id"),
                     ==, lines[0]);
  }
}

/* A finished task as the history keeps it, from one of the gateway's real answers
 * (tests/data/responses/, each with its source) and the body it was sent. */
static OvsTask *
task_from_answer (const char *fixture,
                  const char *sent)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "responses", fixture, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;
  OvsTask *task = ovs_task_new ();

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  update = ovs_task_update_parse_text (text, -1, &error);
  g_assert_no_error (error);
  ovs_task_set_id (task, 41);
  ovs_task_set_request_json (task, sent);
  ovs_task_set_prompt (task, "海边的女孩");
  ovs_task_apply_update (task, update);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  return task;
}

/* The draft is the model's reference-video scenario, the result's URL its one video, the
 * parent's prompt and duration kept; validation finds nothing to block sending. */
static JsonObject *
video_draft (OvsTask      *parent,
             const char   *model,
             gint64        now,
             const char   *scenario,
             JsonNode    **root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsContinuation) draft = ovs_continue_prepare_video (parent, model, now, &error);
  g_autoptr(GPtrArray) problems = NULL;
  JsonObject *object;

  g_assert_no_error (error);
  g_assert_cmpstr (ovs_scenario_get_id (draft->scenario), ==, scenario);
  g_assert_cmpstr (draft->video_url, ==, ovs_task_get_urls (parent)[0]);
  g_assert_null (draft->png_path);
  problems = ovs_validate_text (draft->body, -1, draft->scenario);
  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s: %s", problem->path, problem->message);
    }
  g_assert_cmpuint (ovs_problems_count (problems, OVS_SEVERITY_ERROR), ==, 0);
  *root = json_from_string (draft->body, NULL);
  object = json_node_get_object (*root);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, model);
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, "海边的女孩");
  return object;
}

static void
assert_expired (OvsTask    *parent,
                const char *model,
                gint64      now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsContinuation) draft = ovs_continue_prepare_video (parent, model, now, &error);

  g_assert_null (draft);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_nonnull (strstr (error->message, "run the task again"));
  g_assert_nonnull (strstr (error->message, "Use This Frame…"));
}

/* Vidu's answer names its URL's end ("Expires=", an hour after the task finished): the
 * draft is Vidu's video reference until then, and refused from that second on. */
static void
test_video_draft_vidu (void)
{
  g_autoptr(OvsTask) parent = task_from_answer ("generations-success-vidu.json",
                                                "{\"model\": \"Vidu-q2\", \"prompt\": \"海边的女孩\", "
                                                "\"seconds\": \"4\"}");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *videos;

  g_assert_cmpint (ovs_continue_url_expires_at (ovs_task_get_urls (parent)[0],
                                                ovs_task_get_finished_at (parent)), ==, 1764053750);
  object = video_draft (parent, "Vidu-q2", 1764053749, "vidu-video-reference", &root);
  videos = json_object_get_array_member (object, "videos");
  g_assert_cmpuint (json_array_get_length (videos), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (videos, 0), ==, ovs_task_get_urls (parent)[0]);
  g_assert_cmpstr (json_object_get_string_member (object, "seconds"), ==, "4");
  assert_expired (parent, "Vidu-q2", 1764053750);
}

/* Kling's OSS URL ("x-oss-expires", absolute) to Kling's "feature" reference; the same
 * result to Seedance 2.0, whose content list takes it as a reference_video item. */
static void
test_video_draft_kling_seedance (void)
{
  g_autoptr(OvsTask) parent = task_from_answer ("query-completed.json",
                                                "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"海边的女孩\"}");
  g_autoptr(JsonNode) kling = NULL;
  g_autoptr(JsonNode) seedance = NULL;
  JsonObject *object;
  JsonObject *item;
  JsonArray *content;

  object = video_draft (parent, "Kling-3.0-omni", 1764032901, "kling-video-reference", &kling);
  g_assert_cmpstr (json_object_get_string_member (object, "video_reference_type"), ==, "feature");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "videos"), 0),
                   ==, ovs_task_get_urls (parent)[0]);

  object = video_draft (parent, "doubao-seedance-2-0-260128", 1764032901,
                        "seedance-2-multireference", &seedance);
  content = json_object_get_array_member (json_object_get_object_member (object, "metadata"), "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  item = json_array_get_object_element (content, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, "video_url");
  g_assert_cmpstr (json_object_get_string_member (item, "role"), ==, "reference_video");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "video_url"), "url"),
                   ==, ovs_task_get_urls (parent)[0]);
  assert_expired (parent, "Kling-3.0-omni", 1764119301);
}

/* What a URL says of its own end, else the task's finish and the shortest known lifetime. */
static void
test_url_expiry (void)
{
  g_autoptr(OvsTask) seedance = task_from_answer ("generations-success-seedance.json",
                                                  "{\"model\": \"doubao-seedance-1-0-pro-250528\"}");
  g_autoptr(OvsTask) kling = task_from_answer ("generations-success-kling.json",
                                               "{\"model\": \"Kling-3.0-omni\"}");
  gint64 expires = 0;

  /* TOS: a lifetime (86400 s), no signing date: from the finish. */
  g_assert_cmpint (ovs_continue_url_expires_at (ovs_task_get_urls (seedance)[0], 1764040199),
                   ==, 1764040199 + 86400);
  /* S3-style signing date and lifetime. */
  g_assert_cmpint (ovs_continue_url_expires_at ("https://b.s3.example/v.mp4?X-Amz-Date=20251125T000000Z"
                                                "&X-Amz-Expires=600&X-Amz-Signature=ab", 1), ==,
                   1764028800 + 600);
  /* Milliseconds. */
  g_assert_cmpint (ovs_continue_url_expires_at ("https://x.example/v.mp4?expires=1764053750000", 1),
                   ==, 1764053750);
  /* No word of it: an hour after the finish. */
  g_assert_cmpint (ovs_continue_url_expires_at (ovs_task_get_urls (kling)[0], 1764032900), ==,
                   1764032900 + OVS_RESULT_URL_LIFETIME);
  g_assert_nonnull (ovs_continue_video_url (kling, 1764032900 + 60, &expires, NULL));
  g_assert_cmpint (expires, ==, 1764032900 + OVS_RESULT_URL_LIFETIME);
  assert_expired (kling, "Kling-o1", 1764032900 + OVS_RESULT_URL_LIFETIME);
}

/* A model with no reference-video scenario is refused, naming those that have one; a
 * result the gateway gave no link to (Veo's come through /content only) says what to do. */
static void
test_video_draft_refused (void)
{
  g_autoptr(OvsTask) parent = task_from_answer ("query-completed.json",
                                                "{\"model\": \"Kling-3.0\"}");
  g_autoptr(OvsTask) no_url = task_from_answer ("query-completed-no-url.json",
                                                "{\"model\": \"Veo-3.1\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) no_link = NULL;
  g_autoptr(OvsContinuation) draft = NULL;
  g_autoptr(OvsContinuation) veo = NULL;

  g_assert_null (ovs_continue_video_scenario ("Kling-3.0"));
  g_assert_null (ovs_continue_video_scenario ("Hunyuan-3d-scene-2.0"));
  draft = ovs_continue_prepare_video (parent, "Kling-3.0", 1764032901, &error);
  g_assert_null (draft);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Kling-3.0” takes no reference video"));
  g_assert_nonnull (strstr (error->message, "Kling-3.0-omni"));
  g_assert_nonnull (strstr (error->message, "Veo-3.1"));

  veo = ovs_continue_prepare_video (no_url, "Veo-3.1", 1764033100, &no_link);
  g_assert_null (veo);
  g_assert_error (no_link, OVS_ERROR, OVS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (no_link->message, "no link"));
}

/* The lineage of a task made from a result's video: its parent, the chain, and its meta. */
static void
test_video_link (void)
{
  g_autoptr(OvsTask) parent = task_from_answer ("query-completed.json",
                                                "{\"model\": \"Kling-3.0-omni\"}");
  g_autoptr(OvsTask) draft = ovs_task_new ();

  g_assert_true (ovs_continue_link_video (draft, parent));
  g_assert_cmpint (ovs_task_get_parent (draft), ==, 41);
  g_assert_cmpstr (ovs_task_get_group_id (draft), ==, "chain-41");
  g_assert_cmpstr (ovs_task_get_group_kind (parent), ==, "chain");
  g_assert_cmpint (ovs_task_get_group_index (draft), ==, 1);
  g_assert_cmpstr (ovs_task_get_meta (draft), ==, "{\"video\":{\"from\":41}}");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/continue/video-draft-vidu", test_video_draft_vidu);
  g_test_add_func ("/continue/video-draft-kling-seedance", test_video_draft_kling_seedance);
  g_test_add_func ("/continue/url-expiry", test_url_expiry);
  g_test_add_func ("/continue/video-draft-refused", test_video_draft_refused);
  g_test_add_func ("/continue/video-link", test_video_link);
  g_test_add ("/continue/draft-first-frame", Fixture, NULL, fixture_set_up,
              test_draft_first_frame, fixture_tear_down);
  g_test_add ("/continue/draft-reference-other-model", Fixture, NULL, fixture_set_up,
              test_draft_reference_other_model, fixture_tear_down);
  g_test_add ("/continue/submit-lineage", Fixture, NULL, fixture_set_up, test_submit_lineage,
              fixture_tear_down);
  return g_test_run ();
}
