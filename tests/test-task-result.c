/* test-task-result.c: a task as JSON, and its video checked against the request it sent
 *
 * The requests are the API page's own examples (tests/data/examples); the video facts are
 * those a probe records for a 1080p H.264 file, as the history stores them (media JSON).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-json.h"
#include "ovs-task-result.h"
#include "ovs-test-media.h"
#include "ovs-test-util.h"

static char *
media_json (const OvsMediaInfo *info)
{
  g_autoptr(JsonNode) node = ovs_media_info_to_json (info);

  return ovs_json_to_string (node);
}

static const OvsMediaCheck *
find_check (GPtrArray         *checks,
            OvsMediaCheckKind  kind)
{
  for (guint i = 0; i < checks->len; i++)
    if (((OvsMediaCheck *) g_ptr_array_index (checks, i))->kind == kind)
      return g_ptr_array_index (checks, i);
  return NULL;
}

/* Whether the check of @kind was made and met (a missing check fails the test). */
static gboolean
check_ok (GPtrArray         *checks,
          OvsMediaCheckKind  kind)
{
  const OvsMediaCheck *check = find_check (checks, kind);

  g_assert_nonnull (check);
  return check != NULL && check->ok;
}

static const char *
check_value (GPtrArray         *checks,
             OvsMediaCheckKind  kind,
             gboolean           expected)
{
  const OvsMediaCheck *check = find_check (checks, kind);

  g_assert_nonnull (check);
  if (check == NULL)
    return NULL;
  return expected ? check->expected : check->actual;
}

/* A finished task of the first documented example, with its video's facts. */
static OvsTask *
finished_task (const char         *example,
               const OvsMediaInfo *info)
{
  g_autofree char *body = ovs_test_read_example (example, NULL);
  OvsTask *task = ovs_task_new ();
  const char *urls[] = { "https://cdn.example.com/v/abc.mp4", NULL };

  ovs_task_set_id (task, 42);
  ovs_task_set_task_id (task, "video_69095b4ce0048190893a01510c0c98b0");
  ovs_task_set_scenario (task, "text-to-video");
  ovs_task_set_model (task, "Kling-3.0-omni");
  ovs_task_set_prompt (task, "一个女孩在海边回头微笑");
  ovs_task_set_request_json (task, body);
  ovs_task_set_route (task, "videos");
  ovs_task_set_base_url (task, "https://omnirouters.com/v1");
  ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
  ovs_task_set_server_status (task, "completed");
  ovs_task_set_progress (task, 100);
  ovs_task_set_urls (task, urls);
  ovs_task_set_file (task, "/home/me/Videos/Omni Video Studio/abc.mp4");
  ovs_task_set_created_at (task, 1762220000);
  ovs_task_set_finished_at (task, 1762220042);
  if (info != NULL)
    {
      g_autofree char *json = media_json (info);

      ovs_task_set_media_json (task, json);
    }
  return task;
}

static void
test_checks_match (void)
{
  g_autofree char *body = ovs_test_read_example ("01-text-to-video.json", NULL);
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 5.04, FALSE);
  g_autoptr(GPtrArray) checks = ovs_media_check_request (info, body);

  /* The example asks 5 s, 1080p, 16:9 and says nothing of sound: three checks, all met. */
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, ==, 3);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (((OvsMediaCheck *) g_ptr_array_index (checks, i))->ok);
  g_assert_cmpstr (check_value (checks, OVS_MEDIA_CHECK_RESOLUTION, TRUE), ==, "1080p");
  g_assert_null (find_check (checks, OVS_MEDIA_CHECK_AUDIO));
}

static void
test_checks_wrong_size (void)
{
  g_autofree char *body = ovs_test_read_example ("01-text-to-video.json", NULL);
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1280, 720, 5.0, FALSE);
  g_autoptr(GPtrArray) checks = ovs_media_check_request (info, body);

  g_assert_false (check_ok (checks, OVS_MEDIA_CHECK_RESOLUTION));
  g_assert_cmpstr (check_value (checks, OVS_MEDIA_CHECK_RESOLUTION, FALSE), ==, "1280x720");
  g_assert_true (check_ok (checks, OVS_MEDIA_CHECK_DURATION));
}

static void
test_checks_missing_audio (void)
{
  g_autofree char *body = ovs_test_read_example ("03-audio-video.json", NULL);
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 5.0, FALSE);
  g_autoptr(GPtrArray) checks = ovs_media_check_request (info, body);

  /* "audio_generation": "Enabled", and the file is silent. */
  g_assert_false (check_ok (checks, OVS_MEDIA_CHECK_AUDIO));
}

static void
test_checks_unreadable_request (void)
{
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 5.0, FALSE);

  g_assert_null (ovs_media_check_request (info, NULL));
  g_assert_null (ovs_media_check_request (info, "{\"model\": "));
  g_assert_null (ovs_media_check_request (info, "[1, 2]"));
}

static void
test_task_without_video (void)
{
  g_autoptr(OvsTask) task = finished_task ("01-text-to-video.json", NULL);

  g_assert_null (ovs_task_dup_media_info (task));
  g_assert_null (ovs_task_check_media (task));

  /* A damaged probe in the history is no video, not a crash. */
  ovs_task_set_media_json (task, "{\"width\": ");
  g_assert_null (ovs_task_dup_media_info (task));
  g_assert_null (ovs_task_check_media (task));
}

static void
test_task_checks (void)
{
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 4.98, FALSE);
  g_autoptr(OvsTask) task = finished_task ("01-text-to-video.json", info);
  g_autoptr(OvsMediaInfo) read = ovs_task_dup_media_info (task);
  g_autoptr(GPtrArray) checks = ovs_task_check_media (task);

  g_assert_nonnull (read);
  g_assert_cmpint (read->width, ==, 1920);
  g_assert_cmpstr (read->video_codec, ==, "H.264");
  g_assert_nonnull (checks);
  g_assert_cmpuint (checks->len, ==, 3);
}

static void
test_json_entry (void)
{
  g_autoptr(OvsTask) task = finished_task ("01-text-to-video.json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  ovs_task_set_finished_at (task, 0);
  ovs_task_set_progress (task, -1);
  node = ovs_task_to_json (task, OVS_TASK_JSON_DEFAULT);
  object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (object, "task_id"), ==,
                   "video_69095b4ce0048190893a01510c0c98b0");
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, "一个女孩在海边回头微笑");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "urls")), ==, 1);
  /* What is not known is null, not 0 or "". */
  g_assert_true (json_object_get_null_member (object, "finished_at"));
  g_assert_true (json_object_get_null_member (object, "progress"));
  g_assert_true (json_object_get_null_member (object, "error"));
  /* The request and the video facts only when asked for. */
  g_assert_false (json_object_has_member (object, "request"));
  g_assert_false (json_object_has_member (object, "media"));
}

static void
test_json_sidecar (void)
{
  g_autoptr(OvsMediaInfo) info = ovs_test_media_info (1920, 1080, 5.0, TRUE);
  g_autoptr(OvsTask) task = finished_task ("03-audio-video.json", info);
  g_autoptr(JsonNode) node = ovs_task_to_json (task, OVS_TASK_JSON_REQUEST | OVS_TASK_JSON_MEDIA);
  JsonObject *object = json_node_get_object (node);
  JsonObject *request = json_object_get_object_member (object, "request");
  JsonArray *checks = json_object_get_array_member (object, "checks");

  /* The body as sent, as JSON rather than as a string inside JSON. */
  g_assert_nonnull (request);
  g_assert_cmpstr (json_object_get_string_member (request, "audio_generation"), ==, "Enabled");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "media"), "width"),
                   ==, 1920);
  g_assert_cmpuint (json_array_get_length (checks), ==, 4);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (checks, i), "ok"));
  g_assert_cmpint (json_object_get_int_member (object, "finished_at"), ==, 1762220042);
}

static void
test_json_damaged_request (void)
{
  g_autoptr(OvsTask) task = finished_task ("01-text-to-video.json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  ovs_task_set_request_json (task, "{\"model\": \"Kling");
  node = ovs_task_to_json (task, OVS_TASK_JSON_REQUEST | OVS_TASK_JSON_MEDIA);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_null_member (object, "request"));
  g_assert_true (json_object_get_null_member (object, "media"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "checks")), ==, 0);
}

static void
test_update (void)
{
  g_autoptr(OvsTask) task = finished_task ("01-text-to-video.json", NULL);
  g_autoptr(OvsTaskUpdate) update = ovs_task_dup_update (task);
  g_autofree char *json = ovs_task_update_to_json (update);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  JsonObject *object = json_node_get_object (node);

  /* The server's view: "id" is the server's task id, not the history's number. */
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==,
                   "video_69095b4ce0048190893a01510c0c98b0");
  g_assert_cmpint (update->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpstr (update->urls[0], ==, "https://cdn.example.com/v/abc.mp4");
}

int
main (int   argc,
      char *argv[])
{
  /* The checks' messages in English, whatever the machine's language. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/task-result/checks/documented-request-met", test_checks_match);
  g_test_add_func ("/task-result/checks/wrong-resolution", test_checks_wrong_size);
  g_test_add_func ("/task-result/checks/sound-asked-none-made", test_checks_missing_audio);
  g_test_add_func ("/task-result/checks/unreadable-request", test_checks_unreadable_request);
  g_test_add_func ("/task-result/task/without-video", test_task_without_video);
  g_test_add_func ("/task-result/task/checks", test_task_checks);
  g_test_add_func ("/task-result/json/history-entry", test_json_entry);
  g_test_add_func ("/task-result/json/sidecar", test_json_sidecar);
  g_test_add_func ("/task-result/json/damaged-request", test_json_damaged_request);
  g_test_add_func ("/task-result/json/server-view", test_update);

  return g_test_run ();
}
