/* test-sandbox.c: the sandbox server, driven over loopback with a plain SoupSession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ovs-core.h"
#include "ovs-json.h"
#include "ovs-media-probe.h"
#include "ovs-renderer.h"
#include "ovs-sandbox.h"
#include "ovs-sandbox-thread.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

#if defined(__SANITIZE_ADDRESS__)
/* See test-media.c: build-aux/lsan.supp needs a full unwind to match GLib's quark block. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

#define KEY "sk-sandbox-test-key"
/* The task life takes 4 s × SPEED, plus the render. */
#define SPEED 0.05
#define TIMEOUT_SECONDS 30
#define POLL_MS 20
#define FAIL_MESSAGE "视频生成失败:内容审核未通过 (sandbox)"

#define KLING_BODY \
  "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"一个女孩在海边回头微笑\",\"seconds\":\"1\"," \
  "\"resolution\":\"360p\",\"aspect_ratio\":\"16:9\",\"audio_generation\":\"Enabled\"}"
#define VIDU_BODY \
  "{\"model\":\"Vidu-q2\",\"resolution\":\"360p\",\"prompt\":\"a cat\",\"seconds\":\"1\"," \
  "\"aspect_ratio\":\"9:16\",\"enable_bgm\":\"Disabled\"}"
#define VEO_BODY \
  "{\"model\":\"Veo-3.1\",\"resolution\":\"360p\",\"seconds\":\"1\",\"prompt\":\"a style\"," \
  "\"videos\":[\"https://example.com/ref-video.mp4\"],\"aspect_ratio\":\"1:1\"," \
  "\"video_reference_type\":\"style\"}"

typedef struct
{
  OvsSandbox  *sandbox;
  SoupSession *session;
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  GError             *error;
  SoupMessageHeaders *headers;
  JsonNode           *json;
  gboolean            done;
  gint64              elapsed;
} Reply;

static void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_error (&reply->error);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

/* Spinning the main context */

/* HTTP */

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &reply->error);
  reply->done = TRUE;
}

static Reply *
request_full (SoupSession *session,
              OvsSandbox  *sandbox,
              const char  *method,
              const char  *path,
              const char  *key,
              const char  *body)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  Reply *reply = g_new0 (Reply, 1);
  gint64 start;

  url = g_str_has_prefix (path, "http") ? g_strdup (path)
        : g_strconcat (ovs_sandbox_get_base_url (sandbox), path, NULL);
  msg = soup_message_new (method, url);
  g_assert_nonnull (msg);
  if (key != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", key);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, reply);
  ovs_test_loop_until (&reply->done, TIMEOUT_SECONDS);
  reply->elapsed = g_get_monotonic_time () - start;

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (reply->body != NULL && g_bytes_get_size (reply->body) > 0)
    {
      const char *content_type = soup_message_headers_get_content_type (reply->headers, NULL);

      if (g_strcmp0 (content_type, "application/json") == 0)
        {
          g_autoptr(GError) error = NULL;
          gsize size;
          const char *data = g_bytes_get_data (reply->body, &size);

          reply->json = ovs_json_parse_object (data, size, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
  return reply;
}

static Reply *
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body)
{
  return request_full (f->session, f->sandbox, method, path, KEY, body);
}

static const char *
json_string (Reply      *reply,
             const char *path)
{
  JsonNode *node;

  g_assert_nonnull (reply->json);
  node = ovs_json_get_path (reply->json, path);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
json_int (Reply      *reply,
          const char *path)
{
  JsonNode *node;

  g_assert_nonnull (reply->json);
  node = ovs_json_get_path (reply->json, path);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

static gboolean
json_has (Reply      *reply,
          const char *path)
{
  return reply->json != NULL && ovs_json_get_path (reply->json, path) != NULL;
}

static gboolean
json_is_null (Reply      *reply,
              const char *path)
{
  JsonNode *node = ovs_json_get_path (reply->json, path);

  return node != NULL && JSON_NODE_HOLDS_NULL (node);
}

static char *
body_text (Reply *reply)
{
  gsize size = 0;
  const char *data = reply->body != NULL ? g_bytes_get_data (reply->body, &size) : NULL;

  return g_strndup (data != NULL ? data : "", size);
}

static char *
create_task (Fixture    *f,
             const char *body)
{
  g_autoptr(Reply) reply = request (f, "POST", "/v1/videos", body);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_string (reply, "id"));
}

static gboolean
is_terminal (Reply *reply)
{
  const char *status = json_string (reply, "status");

  if (status == NULL)
    status = json_string (reply, "data.status");
  return g_strcmp0 (status, "completed") == 0 || g_strcmp0 (status, "failed") == 0
         || g_strcmp0 (status, "SUCCESS") == 0 || g_strcmp0 (status, "FAILURE") == 0;
}

/* Queries until the task ends; @seen (nullable) collects each status and progress. */
static Reply *
wait_for_end (Fixture    *f,
              const char *route,
              const char *id,
              GPtrArray  *seen)
{
  g_autofree char *path = g_strdup_printf ("%s/%s", route, id);
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      Reply *reply = request (f, "GET", path, NULL);

      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 200);
      if (seen != NULL)
        {
          JsonNode *progress = ovs_json_get_path (reply->json, "progress");

          if (progress == NULL)
            progress = ovs_json_get_path (reply->json, "data.progress");
          g_assert_nonnull (progress);
          g_ptr_array_add (seen, g_strdup_printf ("%s %s",
                                                  json_string (reply, "status") != NULL
                                                    ? json_string (reply, "status")
                                                    : json_string (reply, "data.status"),
                                                  json_node_get_value_type (progress)
                                                      == G_TYPE_STRING
                                                    ? json_node_get_string (progress)
                                                    : "int"));
        }
      if (is_terminal (reply))
        return reply;
      reply_free (reply);
      if (g_get_monotonic_time () > deadline)
        g_error ("Task %s did not end within %d s", id, TIMEOUT_SECONDS);
      ovs_test_loop_for (POLL_MS);
    }
}

static char *
save_body (Reply      *reply,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_file_set_contents (path, g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body),
                       &error);
  g_assert_no_error (error);
  return path;
}

static OvsMediaInfo *
probe_download (Reply *reply)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("download.%s", ovs_renderer_file_extension ());
  g_autofree char *path = NULL;
  OvsMediaInfo *info;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply->headers, NULL), ==,
                   ovs_renderer_content_type ());
  g_assert_cmpint (soup_message_headers_get_content_length (reply->headers), ==,
                   g_bytes_get_size (reply->body));

  path = save_body (reply, name);
  info = ovs_media_probe_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_unlink (path);
  return info;
}

/* The test environment has no GSettings schemas for the desktop's proxy settings: go direct. */
static SoupSession *
new_session (void)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("proxy-resolver", direct, NULL);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->sandbox = ovs_test_sandbox_new (SPEED, KEY);
  ovs_sandbox_set_seed (f->sandbox, 20251125);
  ovs_test_sandbox_start (f->sandbox);

  f->session = new_session ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_assert_finalize_object (f->sandbox);
}

static guint
n_tasks (Fixture *f)
{
  g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (f->sandbox);

  return g_strv_length (ids);
}

/* Tests */

static void
assert_unauthorized (Reply      *reply,
                     const char *words)
{
  const char *message;

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 401);
  message = json_string (reply, "error.message");
  g_assert_nonnull (message);
  g_assert_true (g_str_has_prefix (message, words));
  g_assert_nonnull (strstr (message, "(request id: "));
  g_assert_cmpstr (json_string (reply, "error.type"), ==, "new_api_error");
  g_assert_cmpstr (json_string (reply, "error.param"), ==, "");
  g_assert_true (json_is_null (reply, "error.code"));
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Reply) none = NULL;
  g_autoptr(Reply) wrong = NULL;
  g_autoptr(Reply) empty = NULL;
  g_autoptr(Reply) query = NULL;
  g_autoptr(Reply) not_found = NULL;

  none = request_full (f->session, f->sandbox, "POST", "/v1/videos", NULL, KLING_BODY);
  assert_unauthorized (none, "未提供令牌");
  wrong = request_full (f->session, f->sandbox, "POST", "/v1/video/generations", "sk-wrong",
                        KLING_BODY);
  assert_unauthorized (wrong, "无效的令牌");
  empty = request_full (f->session, f->sandbox, "POST", "/v1/videos", "", KLING_BODY);
  assert_unauthorized (empty, "无效的令牌");
  query = request_full (f->session, f->sandbox, "GET", "/v1/videos/task_x", "sk-wrong", NULL);
  assert_unauthorized (query, "无效的令牌");

  g_assert_cmpuint (n_tasks (f), ==, 0);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 3);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==, 1);

  /* Unknown routes answer 404 whatever the key. */
  not_found = request_full (f->session, f->sandbox, "GET", "/v1/models/x", NULL, NULL);
  g_assert_cmpuint (not_found->status, ==, 404);
  g_assert_nonnull (strstr (json_string (not_found, "error.message"), "/v1/models/x"));
}

static void
test_invalid_body (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) number = NULL;
  g_autoptr(Reply) syntax = NULL;
  g_autoptr(Reply) model = NULL;
  g_autoptr(Reply) method = NULL;

  number = request (f, "POST", "/v1/videos",
                    "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"x\",\"seconds\":5}");
  g_assert_cmpuint (number->status, ==, 400);
  g_assert_true (g_str_has_prefix (json_string (number, "error.message"), "seconds: "));
  g_assert_cmpstr (json_string (number, "error.param"), ==, "seconds");
  g_assert_cmpstr (json_string (number, "error.type"), ==, "invalid_request_error");
  g_assert_cmpstr (json_string (number, "error.code"), ==, "invalid_request");

  syntax = request (f, "POST", "/v1/video/generations", "{\"model\": ");
  g_assert_cmpuint (syntax->status, ==, 400);
  g_assert_cmpstr (json_string (syntax, "error.code"), ==, "invalid_request");
  g_assert_nonnull (json_string (syntax, "error.message"));

  model = request (f, "POST", "/v1/videos", "{\"model\":\"Kling-9.0\",\"prompt\":\"x\"}");
  g_assert_cmpuint (model->status, ==, 503);
  g_assert_cmpstr (json_string (model, "error.code"), ==, "model_not_found");
  g_assert_nonnull (strstr (json_string (model, "error.message"), "Kling-9.0"));

  method = request (f, "GET", "/v1/videos", NULL);
  g_assert_cmpuint (method->status, ==, 405);

  g_assert_cmpuint (n_tasks (f), ==, 0);
}

static void
test_flat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Reply) created = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) file = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) ids = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  const char *id;
  const char *url;

  created = request (f, "POST", "/v1/videos", KLING_BODY);
  g_assert_cmpuint (created->status, ==, 200);
  id = json_string (created, "id");
  g_assert_true (g_str_has_prefix (id, "task_"));
  g_assert_cmpuint (strlen (id), ==, 5 + 32);
  g_assert_cmpstr (json_string (created, "task_id"), ==, id);
  g_assert_cmpstr (json_string (created, "object"), ==, "video");
  g_assert_cmpstr (json_string (created, "model"), ==, "Kling-3.0-omni");
  g_assert_cmpstr (json_string (created, "status"), ==, "queued");
  g_assert_cmpint (json_int (created, "progress"), ==, 0);
  g_assert_cmpint (json_int (created, "created_at"), >, 1600000000);
  g_assert_cmpint (json_int (created, "created_at"), <, 10000000000);

  ids = ovs_sandbox_dup_task_ids (f->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, id);
  body = ovs_sandbox_dup_task_body (f->sandbox, id);
  g_assert_cmpstr (body, ==, KLING_BODY);

  done = wait_for_end (f, "/v1/videos", id, seen);
  g_assert_cmpstr (json_string (done, "status"), ==, "completed");
  g_assert_cmpint (json_int (done, "progress"), ==, 100);
  g_assert_cmpint (json_int (done, "completed_at"), >=, json_int (done, "created_at"));
  g_assert_cmpstr (json_string (done, "size"), ==, "640x360");
  for (guint i = 0; i < seen->len; i++)
    {
      const char *entry = g_ptr_array_index (seen, i);

      g_assert_true (g_str_has_prefix (entry, "unknown ") || g_str_has_prefix (entry, "queued ")
                     || g_str_has_prefix (entry, "in_progress ")
                     || g_str_has_prefix (entry, "completed "));
      g_assert_true (g_str_has_suffix (entry, " int"));
    }

  url = json_string (done, "metadata.url");
  g_assert_nonnull (url);
  g_assert_false (json_has (done, "url"));
  path = ovs_sandbox_dup_task_file (f->sandbox, id);
  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The result URL is signed: no key needed. */
  file = request_full (f->session, f->sandbox, "GET", url, NULL, NULL);
  info = probe_download (file);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.0, 0.2);
  g_assert_cmpint (info->width, ==, 640);
  g_assert_cmpint (info->height, ==, 360);
  g_assert_true (info->has_audio);
}

static void
test_envelope (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) flat = NULL;
  g_autoptr(Reply) file = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *flat_path = NULL;
  const char *url;

  id = create_task (f, VIDU_BODY);
  done = wait_for_end (f, "/v1/video/generations", id, seen);
  g_assert_cmpstr (json_string (done, "code"), ==, "success");
  g_assert_cmpstr (json_string (done, "message"), ==, "");
  g_assert_cmpstr (json_string (done, "data.task_id"), ==, id);
  g_assert_cmpstr (json_string (done, "data.status"), ==, "SUCCESS");
  g_assert_cmpstr (json_string (done, "data.progress"), ==, "100%");
  g_assert_cmpstr (json_string (done, "data.fail_reason"), ==, "");
  /* Vidu counts in milliseconds. */
  g_assert_cmpint (json_int (done, "data.submit_time"), >, 1000000000000);
  g_assert_cmpint (json_int (done, "data.finish_time"), >=, json_int (done, "data.submit_time"));

  for (guint i = 0; i < seen->len; i++)
    {
      const char *entry = g_ptr_array_index (seen, i);
      g_auto(GStrv) words = g_strsplit (entry, " ", 2);
      g_autoptr(GRegex) percent = g_regex_new ("^(0|10|20|30|50|100)%$", 0, 0, NULL);

      g_assert_true (g_strv_contains ((const char * const[]) { "NOT_START", "SUBMITTED", "QUEUED",
                                                               "IN_PROGRESS", "SUCCESS", NULL },
                                      words[0]));
      g_assert_true (g_regex_match (percent, words[1], 0, NULL));
    }

  url = json_string (done, "data.result_url");
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, ovs_sandbox_get_base_url (f->sandbox)));
  /* The provider's own answer, nested. */
  g_assert_cmpstr (json_string (done, "data.data.state"), ==, "success");
  g_assert_cmpstr (json_string (done, "data.data.creations[0].url"), ==, url);

  flat_path = g_strdup_printf ("/v1/videos/%s", id);
  flat = request (f, "GET", flat_path, NULL);
  g_assert_cmpstr (json_string (flat, "status"), ==, "completed");
  g_assert_cmpint (json_int (flat, "created_at"), >, 1000000000000);
  g_assert_cmpstr (json_string (flat, "metadata.url"), ==, url);

  file = request_full (f->session, f->sandbox, "GET", url, NULL, NULL);
  info = probe_download (file);
  g_assert_cmpint (info->width, ==, 360);
  g_assert_cmpint (info->height, ==, 640);
  g_assert_false (info->has_audio);
}

static void
test_veo_content (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *envelope_path = NULL;
  g_autofree char *content_path = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) envelope = NULL;
  g_autoptr(Reply) content = NULL;
  g_autoptr(Reply) anonymous = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;

  id = create_task (f, VEO_BODY);
  done = wait_for_end (f, "/v1/videos", id, NULL);
  g_assert_cmpstr (json_string (done, "status"), ==, "completed");
  g_assert_true (json_has (done, "metadata"));
  g_assert_false (json_has (done, "metadata.url"));
  g_assert_null (strstr (g_bytes_get_data (done->body, NULL), "http"));

  envelope_path = g_strdup_printf ("/v1/video/generations/%s", id);
  envelope = request (f, "GET", envelope_path, NULL);
  g_assert_cmpstr (json_string (envelope, "data.status"), ==, "SUCCESS");
  g_assert_cmpstr (json_string (envelope, "data.result_url"), ==, "");

  content_path = g_strdup_printf ("/v1/videos/%s/content", id);
  anonymous = request_full (f->session, f->sandbox, "GET", content_path, NULL, NULL);
  g_assert_cmpuint (anonymous->status, ==, 401);
  content = request (f, "GET", content_path, NULL);
  info = probe_download (content);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.0, 0.2);
  g_assert_cmpint (info->width, ==, 360);
  g_assert_cmpint (info->height, ==, 360);
}

/* At full speed the first half second is "unknown", then "queued": /content refuses both. */
static void
test_not_completed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *flat_path = NULL;
  g_autofree char *envelope_path = NULL;
  g_autofree char *content_path = NULL;
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) envelope = NULL;
  g_autoptr(Reply) content = NULL;
  gint64 deadline;

  ovs_sandbox_set_speed (f->sandbox, 1.0);
  id = create_task (f, KLING_BODY);
  flat_path = g_strdup_printf ("/v1/videos/%s", id);
  envelope_path = g_strdup_printf ("/v1/video/generations/%s", id);
  content_path = g_strdup_printf ("/v1/videos/%s/content", id);

  first = request (f, "GET", flat_path, NULL);
  envelope = request (f, "GET", envelope_path, NULL);
  /* Both within the first half second, unless the machine is very slow. */
  if (first->elapsed + envelope->elapsed < 300 * 1000)
    {
      g_assert_cmpstr (json_string (first, "status"), ==, "unknown");
      g_assert_cmpint (json_int (first, "progress"), ==, 0);
      g_assert_cmpstr (json_string (envelope, "data.status"), ==, "NOT_START");
      g_assert_cmpstr (json_string (envelope, "data.progress"), ==, "0%");
      g_assert_true (json_is_null (envelope, "data.data"));
    }

  deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(Reply) reply = request (f, "GET", flat_path, NULL);

      if (g_strcmp0 (json_string (reply, "status"), "queued") == 0)
        break;
      g_assert_cmpstr (json_string (reply, "status"), ==, "unknown");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ovs_test_loop_for (POLL_MS);
    }

  content = request (f, "GET", content_path, NULL);
  g_assert_cmpuint (content->status, ==, 400);
  g_assert_cmpstr (json_string (content, "error.message"), ==,
                   "Task is not completed yet, current status: queued");
  g_assert_cmpstr (json_string (content, "error.type"), ==, "invalid_request_error");
  g_assert_null (ovs_sandbox_dup_task_file (f->sandbox, id));
}

static void
assert_task_not_exist (Reply *reply)
{
  g_assert_cmpuint (reply->status, ==, 404);
  g_assert_cmpstr (json_string (reply, "code"), ==, "task_not_exist");
  g_assert_cmpstr (json_string (reply, "message"), ==, "task_not_exist");
  g_assert_true (json_is_null (reply, "data"));
}

static void
test_unknown_id (Fixture       *f,
                 gconstpointer  data)
{
  const char *paths[] = {
    "/v1/videos/task_doesnotexist",
    "/v1/video/generations/task_doesnotexist",
    "/v1/videos/task_doesnotexist/content",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(Reply) reply = request (f, "GET", paths[i], NULL);

      assert_task_not_exist (reply);
    }
}

static void
test_fault_rate_limit (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autoptr(Reply) third = NULL;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_ROUTE_QUERY, 2);

  first = request (f, "GET", "/v1/videos/task_x", NULL);
  g_assert_cmpuint (first->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Retry-After"), ==, "1");
  g_assert_cmpstr (json_string (first, "error.message"), ==, "当前分组上游负载已饱和,请稍后再试");

  second = request (f, "GET", "/v1/video/generations/task_x", NULL);
  g_assert_cmpuint (second->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Retry-After"), ==, "1");
  g_assert_cmpuint (g_bytes_get_size (second->body), ==, 0);

  third = request (f, "GET", "/v1/videos/task_x", NULL);
  assert_task_not_exist (third);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==, 3);
}

static void
test_fault_server (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Reply) first = NULL;
  g_autoptr(Reply) second = NULL;
  g_autofree char *html = NULL;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_ROUTE_QUERY, 2);

  first = request (f, "GET", "/v1/videos/task_x", NULL);
  g_assert_cmpuint (first->status, ==, 502);
  g_assert_cmpstr (soup_message_headers_get_content_type (first->headers, NULL), ==, "text/html");
  html = body_text (first);
  g_assert_nonnull (strstr (html, "<title>502 Bad Gateway</title>"));
  g_assert_nonnull (strstr (html, "<center>nginx</center>"));

  second = request (f, "GET", "/v1/videos/task_x", NULL);
  g_assert_cmpuint (second->status, ==, 500);
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) dropped = NULL;
  g_autoptr(Reply) after = NULL;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_QUERY, 1);

  dropped = request (f, "GET", "/v1/videos/task_x", NULL);
  g_assert_nonnull (dropped->error);
  g_assert_true (dropped->error->domain == G_IO_ERROR);
  g_assert_null (dropped->json);

  after = request (f, "GET", "/v1/videos/task_x", NULL);
  assert_task_not_exist (after);
}

static void
test_fault_slow (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Reply) slow = NULL;
  g_autoptr(Reply) fast = NULL;

  /* 2 s × 0.2 = 400 ms */
  ovs_sandbox_set_speed (f->sandbox, 0.2);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_SLOW, OVS_SANDBOX_ROUTE_QUERY, 1);

  slow = request (f, "GET", "/v1/videos/task_x", NULL);
  assert_task_not_exist (slow);
  g_assert_cmpint (slow->elapsed, >=, 380 * 1000);

  fast = request (f, "GET", "/v1/videos/task_x", NULL);
  assert_task_not_exist (fast);
  g_assert_cmpint (fast->elapsed, <, 380 * 1000);
}

static void
test_fault_task_failed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *failing = NULL;
  g_autofree char *envelope_path = NULL;
  g_autoptr(Reply) failed = NULL;
  g_autoptr(Reply) envelope = NULL;
  g_autofree char *content_path = NULL;
  g_autoptr(Reply) content = NULL;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);

  failing = create_task (f, KLING_BODY);
  failed = wait_for_end (f, "/v1/videos", failing, NULL);
  g_assert_cmpstr (json_string (failed, "status"), ==, "failed");
  g_assert_cmpstr (json_string (failed, "error.message"), ==, FAIL_MESSAGE);
  g_assert_cmpstr (json_string (failed, "error.code"), ==, "content_policy");
  g_assert_false (json_has (failed, "metadata"));
  g_assert_null (ovs_sandbox_dup_task_file (f->sandbox, failing));

  envelope_path = g_strdup_printf ("/v1/video/generations/%s", failing);
  envelope = request (f, "GET", envelope_path, NULL);
  g_assert_cmpstr (json_string (envelope, "data.status"), ==, "FAILURE");
  g_assert_cmpstr (json_string (envelope, "data.fail_reason"), ==, FAIL_MESSAGE);
  g_assert_cmpstr (json_string (envelope, "data.data.data.task_status"), ==, "failed");

  content_path = g_strdup_printf ("/v1/videos/%s/content", failing);
  content = request (f, "GET", content_path, NULL);
  g_assert_cmpuint (content->status, ==, 400);
}

/* Only a slow create makes a task; a refused or dropped one does not. */
static void
test_fault_create (Fixture       *f,
                   gconstpointer  data)
{
  const OvsSandboxFault refusing[] = {
    OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_FAULT_DROP,
  };
  g_autoptr(Reply) slow = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (refusing); i++)
    {
      /* A fresh connection: libsoup retries a request that failed on a reused one. */
      g_autoptr(SoupSession) session = new_session ();
      g_autoptr(Reply) reply = NULL;

      ovs_sandbox_inject_fault (f->sandbox, refusing[i], OVS_SANDBOX_ROUTE_CREATE, 1);
      reply = request_full (session, f->sandbox, "POST", "/v1/videos", KEY, KLING_BODY);
      if (refusing[i] == OVS_SANDBOX_FAULT_DROP)
        g_assert_nonnull (reply->error);
      else
        g_assert_cmpuint (reply->status, >=, 429);
      g_assert_cmpuint (n_tasks (f), ==, 0);
    }

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_SLOW, OVS_SANDBOX_ROUTE_CREATE, 1);
  slow = request (f, "POST", "/v1/video/generations", KLING_BODY);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (slow->elapsed, >=, 2 * SPEED * G_USEC_PER_SEC * 0.9);
  g_assert_cmpuint (n_tasks (f), ==, 1);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 4);
}

static void
test_url_expiry (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *content_path = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *text = NULL;
  g_autoptr(Reply) done = NULL;
  g_autoptr(Reply) expired = NULL;
  g_autoptr(Reply) bad_sig = NULL;
  g_autoptr(Reply) content = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  const char *url;
  gint64 deadline;

  ovs_sandbox_set_url_expiry (f->sandbox, 1);
  id = create_task (f, KLING_BODY);
  done = wait_for_end (f, "/v1/videos", id, NULL);
  url = json_string (done, "metadata.url");
  g_assert_nonnull (url);
  g_assert_nonnull (strstr (url, "expires="));

  tampered = g_strconcat (url, "0", NULL);
  bad_sig = request_full (f->session, f->sandbox, "GET", tampered, NULL, NULL);
  g_assert_cmpuint (bad_sig->status, ==, 403);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;)
    {
      expired = request_full (f->session, f->sandbox, "GET", url, NULL, NULL);
      if (expired->status == 403)
        break;
      g_assert_cmpuint (expired->status, ==, 200);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_clear_pointer (&expired, reply_free);
      ovs_test_loop_for (100);
    }
  g_assert_cmpstr (soup_message_headers_get_content_type (expired->headers, NULL), ==,
                   "application/xml");
  text = body_text (expired);
  g_assert_nonnull (strstr (text, "Request has expired"));

  content_path = g_strdup_printf ("/v1/videos/%s/content", id);
  content = request (f, "GET", content_path, NULL);
  info = probe_download (content);
  g_assert_cmpfloat_with_epsilon (info->duration, 1.0, 0.2);
}

static void
test_shapes (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *flat_path = NULL;
  g_autofree char *envelope_path = NULL;

  /* A failing task renders nothing: cheap. */
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);
  id = create_task (f, KLING_BODY);
  flat_path = g_strdup_printf ("/v1/videos/%s", id);
  envelope_path = g_strdup_printf ("/v1/video/generations/%s", id);

  {
    g_autoptr(Reply) flat = NULL;
    g_autoptr(Reply) envelope = NULL;

    ovs_sandbox_set_shape (f->sandbox, OVS_SANDBOX_SHAPE_OPENAI);
    flat = request (f, "GET", flat_path, NULL);
    envelope = request (f, "GET", envelope_path, NULL);
    g_assert_cmpstr (json_string (flat, "object"), ==, "video");
    g_assert_cmpstr (json_string (envelope, "object"), ==, "video");
  }
  {
    g_autoptr(Reply) flat = NULL;
    g_autoptr(Reply) envelope = NULL;

    ovs_sandbox_set_shape (f->sandbox, OVS_SANDBOX_SHAPE_GENERATIONS);
    flat = request (f, "GET", flat_path, NULL);
    envelope = request (f, "GET", envelope_path, NULL);
    g_assert_cmpstr (json_string (flat, "code"), ==, "success");
    g_assert_cmpstr (json_string (envelope, "code"), ==, "success");
  }
  {
    g_autoptr(Reply) first = NULL;
    g_autoptr(Reply) second = NULL;
    g_autoptr(Reply) third = NULL;

    ovs_sandbox_set_shape (f->sandbox, OVS_SANDBOX_SHAPE_MIXED);
    first = request (f, "GET", flat_path, NULL);
    second = request (f, "GET", flat_path, NULL);
    third = request (f, "GET", flat_path, NULL);
    g_assert_cmpstr (json_string (first, "object"), ==, "video");
    g_assert_cmpstr (json_string (second, "code"), ==, "success");
    g_assert_cmpstr (json_string (third, "object"), ==, "video");
  }
}

/* The render runs in a worker: the server answers while it does. */
static void
test_responsive (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  guint answered = 0;

  id = create_task (f, "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"海边\",\"seconds\":\"8\","
                       "\"resolution\":\"1080p\",\"aspect_ratio\":\"16:9\"}");
  path = g_strdup_printf ("/v1/videos/%s", id);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(Reply) reply = request (f, "GET", path, NULL);

      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpint (reply->elapsed, <, G_USEC_PER_SEC / 2);
      /* Still rendering: an 8 s 1080p video takes longer than 20 quick queries. */
      g_assert_cmpstr (json_string (reply, "status"), !=, "completed");
      answered++;
    }
  g_assert_cmpuint (answered, ==, 20);
  g_assert_null (ovs_sandbox_dup_task_file (f->sandbox, id));
  /* The teardown cancels the render. */
}

/* A synchronous request from this thread, whose main context nobody iterates meanwhile. */
static GBytes *
send_blocking (SoupSession  *session,
               const char   *method,
               const char   *url,
               const char   *body,
               guint        *status,
               GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  GBytes *answer;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer sk-any");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, error);
  *status = soup_message_get_status (msg);
  return answer;
}

/* The app's sandbox runs in a thread of its own: it answers while the main thread is busy
 * (here, blocked in a synchronous request: served from the main context, that request would
 * wait for its timeout), a body of megabytes included. Stopped with a render running, it
 * cancels the render and ends; then nothing listens. */
static void
test_thread (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(GBytes) created = NULL;
  g_autoptr(GBytes) queried = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) body = g_string_new ("{\"model\":\"Kling-3.0-omni\",\"prompt\":\"海边\","
                                          "\"seconds\":\"8\",\"resolution\":\"1080p\","
                                          "\"images\":[\"data:image/png;base64,");
  g_autofree char *create_url = NULL;
  g_autofree char *task_url = NULL;
  OvsSandboxThread *sandbox;
  const char *id;
  guint status = 0;

  soup_session_set_timeout (session, TIMEOUT_SECONDS);
  for (guint i = 0; i < 4 * 1024 * 1024; i++)
    g_string_append_c (body, "iVBO"[i % 4]);
  g_string_append (body, "\"]}");

  sandbox = ovs_sandbox_thread_start (&error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ovs_sandbox_thread_get_base_url (sandbox), "http://127.0.0.1:"));
  create_url = g_strconcat (ovs_sandbox_thread_get_base_url (sandbox), "/v1/videos", NULL);

  created = send_blocking (session, "POST", create_url, body->str, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  root = ovs_json_parse_object (g_bytes_get_data (created, NULL), g_bytes_get_size (created), NULL,
                                NULL, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member_with_default (json_node_get_object (root), "id", NULL);
  g_assert_nonnull (id);

  task_url = g_strconcat (create_url, "/", id, NULL);
  queried = send_blocking (session, "GET", task_url, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (queried, NULL), id));

  /* The 8 s 1080p render is still running. */
  ovs_sandbox_thread_stop (sandbox);
  after = send_blocking (session, "GET", task_url, NULL, &status, &error);
  g_assert_null (after);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* omni-video sandbox: the port on stdout, a log on stderr without the key, a clean stop. */
static void
test_cli (void)
{
  const char *omni_video = g_getenv ("OMNI_VIDEO");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *log = NULL;
  Reply reply = { 0 };

  if (omni_video == NULL)
    {
      g_test_skip ("OMNI_VIDEO is not set");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, omni_video, "sandbox", "--port", "0", "--api-key",
                              "sk-cli-secret", "--speed", "0.05", "--seed", "7", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpstr (line, !=, "");
  g_assert_true (g_str_has_prefix (line, "Sandbox listening on http://127.0.0.1:"));

  url = g_strdup_printf ("%s/v1/videos/task_cli", line + strlen ("Sandbox listening on "));
  session = new_session ();
  msg = soup_message_new ("GET", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer sk-cli-secret");
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &reply);
  ovs_test_loop_until (&reply.done, TIMEOUT_SECONDS);
  g_assert_no_error (reply.error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  g_clear_pointer (&reply.body, g_bytes_unref);

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &rest, &log, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  g_assert_nonnull (strstr (log, "GET /v1/videos/task_cli 404"));
  g_assert_null (strstr (log, "sk-cli-secret"));
  g_assert_null (strstr (rest, "sk-cli-secret"));
}

int
main (int   argc,
      char *argv[])
{
  /* The GNOME proxy resolver reads schemas the test environment does not have. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sandbox/auth", test_auth);
  ADD ("/sandbox/invalid-body", test_invalid_body);
  ADD ("/sandbox/flat", test_flat);
  ADD ("/sandbox/envelope", test_envelope);
  ADD ("/sandbox/veo-content", test_veo_content);
  ADD ("/sandbox/not-completed", test_not_completed);
  ADD ("/sandbox/unknown-id", test_unknown_id);
  ADD ("/sandbox/fault/rate-limit", test_fault_rate_limit);
  ADD ("/sandbox/fault/server", test_fault_server);
  ADD ("/sandbox/fault/drop", test_fault_drop);
  ADD ("/sandbox/fault/slow", test_fault_slow);
  ADD ("/sandbox/fault/task-failed", test_fault_task_failed);
  ADD ("/sandbox/fault/create", test_fault_create);
  ADD ("/sandbox/url-expiry", test_url_expiry);
  ADD ("/sandbox/shapes", test_shapes);
  ADD ("/sandbox/responsive", test_responsive);
#undef ADD
  g_test_add_func ("/sandbox/cli", test_cli);
  g_test_add_func ("/sandbox/thread", test_thread);

  return g_test_run ();
}
