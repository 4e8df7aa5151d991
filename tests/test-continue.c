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

#include "ovs-core.h"
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

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add ("/continue/draft-first-frame", Fixture, NULL, fixture_set_up,
              test_draft_first_frame, fixture_tear_down);
  g_test_add ("/continue/draft-reference-other-model", Fixture, NULL, fixture_set_up,
              test_draft_reference_other_model, fixture_tear_down);
  g_test_add ("/continue/submit-lineage", Fixture, NULL, fixture_set_up, test_submit_lineage,
              fixture_tear_down);
  return g_test_run ();
}
