/* test-responses.c: every shape the gateway answers, and a few it should never answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ovs-error.h"
#include "ovs-secret.h"
#include "ovs-task-update.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "responses", name, NULL);
}

static char *
load_fixture_text (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static OvsTaskUpdate *
parse_fixture (const char *name)
{
  g_autofree char *text = load_fixture_text (name);
  g_autoptr(GError) error = NULL;
  OvsTaskUpdate *update;

  update = ovs_task_update_parse_text (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (update);

  return update;
}

static OvsTaskUpdate *
parse_inline (const char *text)
{
  g_autoptr(GError) error = NULL;
  OvsTaskUpdate *update;

  update = ovs_task_update_parse_text (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (update);

  return update;
}

/* Status words */

static void
test_normalize (void)
{
  static const struct
  {
    const char    *word;
    OvsTaskStatus  status;
  } cases[] = {
    { "completed", OVS_TASK_STATUS_SUCCEEDED },
    { "succeeded", OVS_TASK_STATUS_SUCCEEDED },
    { "succeed", OVS_TASK_STATUS_SUCCEEDED },
    { "SUCCESS", OVS_TASK_STATUS_SUCCEEDED },
    { "Done", OVS_TASK_STATUS_SUCCEEDED },
    { "failed", OVS_TASK_STATUS_FAILED },
    { "FAILURE", OVS_TASK_STATUS_FAILED },
    { "fail", OVS_TASK_STATUS_FAILED },
    { "error", OVS_TASK_STATUS_FAILED },
    { "cancelled", OVS_TASK_STATUS_FAILED },
    { "Canceled", OVS_TASK_STATUS_FAILED },
    { "expired", OVS_TASK_STATUS_FAILED },
    { "queued", OVS_TASK_STATUS_QUEUED },
    { "SUBMITTED", OVS_TASK_STATUS_QUEUED },
    { "NOT_START", OVS_TASK_STATUS_QUEUED },
    { "created", OVS_TASK_STATUS_QUEUED },
    { "pending", OVS_TASK_STATUS_QUEUED },
    { "queueing", OVS_TASK_STATUS_QUEUED },
    { "in_progress", OVS_TASK_STATUS_RUNNING },
    { "IN_PROGRESS", OVS_TASK_STATUS_RUNNING },
    { "In-Progress", OVS_TASK_STATUS_RUNNING },
    { " in progress ", OVS_TASK_STATUS_RUNNING },
    { "processing", OVS_TASK_STATUS_RUNNING },
    { "running", OVS_TASK_STATUS_RUNNING },
    { "generating", OVS_TASK_STATUS_RUNNING },
    { "unknown", OVS_TASK_STATUS_UNKNOWN },
    { "UNKNOWN", OVS_TASK_STATUS_UNKNOWN },
    { "warming_up", OVS_TASK_STATUS_UNKNOWN },
    { "submitting", OVS_TASK_STATUS_UNKNOWN },
    { "completedx", OVS_TASK_STATUS_UNKNOWN },
    { "成功", OVS_TASK_STATUS_UNKNOWN },
    { "", OVS_TASK_STATUS_UNKNOWN },
    { NULL, OVS_TASK_STATUS_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("word: %s", cases[i].word ? cases[i].word : "(null)");
      g_assert_cmpint (ovs_task_status_normalize (cases[i].word), ==, cases[i].status);
    }
}

static void
test_status_enum (void)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (OVS_TYPE_TASK_STATUS);
  static const char * const nicks[] = {
    "submitting", "queued", "running", "succeeded", "failed", "unknown",
  };
  static const char * const labels[] = {
    "Submitting", "Queued", "Running", "Succeeded", "Failed", "Unknown",
  };

  g_assert_true (G_TYPE_IS_ENUM (OVS_TYPE_TASK_STATUS));
  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (nicks));

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      GEnumValue *value = g_enum_get_value (klass, (int) i);
      OvsTaskStatus parsed = OVS_TASK_STATUS_SUBMITTING;

      g_assert_nonnull (value);
      g_assert_cmpstr (value->value_nick, ==, nicks[i]);
      g_assert_cmpstr (ovs_task_status_to_string ((OvsTaskStatus) i), ==, nicks[i]);
      g_assert_true (ovs_task_status_from_string (nicks[i], &parsed));
      g_assert_cmpint (parsed, ==, i);
      g_assert_cmpstr (ovs_task_status_to_label ((OvsTaskStatus) i), ==, labels[i]);
    }

  g_assert_false (ovs_task_status_from_string ("completed", NULL));
  g_assert_false (ovs_task_status_from_string ("Queued", NULL));
  g_assert_false (ovs_task_status_from_string (NULL, NULL));

  g_assert_true (ovs_task_status_is_terminal (OVS_TASK_STATUS_SUCCEEDED));
  g_assert_true (ovs_task_status_is_terminal (OVS_TASK_STATUS_FAILED));
  g_assert_false (ovs_task_status_is_terminal (OVS_TASK_STATUS_SUBMITTING));
  g_assert_false (ovs_task_status_is_terminal (OVS_TASK_STATUS_QUEUED));
  g_assert_false (ovs_task_status_is_terminal (OVS_TASK_STATUS_RUNNING));
  g_assert_false (ovs_task_status_is_terminal (OVS_TASK_STATUS_UNKNOWN));
}

/* The shapes of shared/spec/responses.md, one fixture each */

typedef struct
{
  const char    *fixture;
  const char    *task_id;
  OvsTaskStatus  status;
  const char    *server_status;
  int            progress;
  gint64         created_at;
  gint64         updated_at;
  gint64         finished_at;
  const char    *urls[8];
  const char    *error_message;
  const char    *error_code;
  gboolean       is_error_envelope;
} Shape;

#define KLING_ID "task_2c4e6a8b0d1f3a5c7e9b1d3f5a7c9e1b"
#define FLAT_ID "task_7f3c9a1e5b2d4c8fa0e16b9d3c7a2f41"

static const Shape shapes[] = {
  {
    .fixture = "create-video-object.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_QUEUED, .server_status = "queued", .progress = 0,
    .created_at = 1764032716,
  },
  {
    .fixture = "create-minimal.json",
    .task_id = "task_0b1e2d3c4f5a69788796a5b4c3d2e1f0",
    .status = OVS_TASK_STATUS_QUEUED, .server_status = "queued", .progress = -1,
    .created_at = 1764032800,
  },
  {
    .fixture = "query-queued.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_QUEUED, .server_status = "queued", .progress = 0,
    .created_at = 1764032716,
  },
  {
    .fixture = "query-in-progress.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_RUNNING, .server_status = "in_progress", .progress = 30,
    .created_at = 1764032716,
  },
  {
    .fixture = "query-completed.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "completed", .progress = 100,
    .created_at = 1764032716, .finished_at = 1764032901,
    .urls = { "https://cdn.klingai.example/bs2/upload-kling-api/7f3c/output.mp4"
              "?x-oss-expires=1764119301&x-oss-signature=abc%2Fdef" },
  },
  {
    .fixture = "query-failed.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_FAILED, .server_status = "failed", .progress = 100,
    .created_at = 1764032716, .finished_at = 1764032760,
    .error_message = "图片内容不符合平台规范，请更换后重试",
  },
  {
    .fixture = "query-unknown.json",
    .task_id = FLAT_ID,
    .status = OVS_TASK_STATUS_UNKNOWN, .server_status = "unknown", .progress = 0,
    .created_at = 1764032716,
  },
  {
    .fixture = "query-completed-no-url.json",
    .task_id = "task_5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "completed", .progress = 100,
    .created_at = 1764033000, .finished_at = 1764033090,
  },
  {
    .fixture = "query-milliseconds.json",
    .task_id = "task_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d",
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "completed", .progress = 100,
    .created_at = 1764032716, .updated_at = 1764032890, .finished_at = 1764032901,
    .urls = { "https://prod-ss-vidu.example/infer/tasks/25/1125/output.mp4?Expires=1764119301" },
  },
  {
    .fixture = "query-newer-flat.json",
    .task_id = "task_9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",
    .status = OVS_TASK_STATUS_RUNNING, .server_status = "IN_PROGRESS", .progress = 50,
    .created_at = 1764032716,
  },
  {
    .fixture = "query-newer-flat-done.json",
    .task_id = "task_9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a",
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "SUCCESS", .progress = 100,
    .created_at = 1764032716, .finished_at = 1764032901,
  },
  {
    .fixture = "generations-not-start.json",
    .task_id = KLING_ID,
    .status = OVS_TASK_STATUS_QUEUED, .server_status = "NOT_START", .progress = 0,
    .created_at = 1764032716, .updated_at = 1764032716,
  },
  {
    .fixture = "generations-in-progress.json",
    .task_id = KLING_ID,
    .status = OVS_TASK_STATUS_RUNNING, .server_status = "IN_PROGRESS", .progress = 30,
    .created_at = 1764032716, .updated_at = 1764032760,
  },
  {
    .fixture = "generations-success-kling.json",
    .task_id = KLING_ID,
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "SUCCESS", .progress = 100,
    .created_at = 1764032716, .updated_at = 1764032901, .finished_at = 1764032900,
    .urls = { "https://cdn.klingai.example/kling/860012345678901234/video.mp4",
              "https://cdn.klingai.example/kling/860012345678901234/video-2.mp4" },
  },
  {
    .fixture = "generations-success-seedance.json",
    .task_id = "task_b7d9f1a3c5e7092b4d6f8a1c3e5b7d9f",
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "SUCCESS", .progress = 100,
    .created_at = 1764040000, .updated_at = 1764040200, .finished_at = 1764040199,
    .urls = { "https://ark-content-generation.tos-cn-beijing.volces.example/doubao-seedance/"
              "cgt-abcde.mp4?X-Tos-Expires=86400" },
  },
  {
    .fixture = "generations-success-vidu.json",
    .task_id = "task_c0ffee00c0ffee00c0ffee00c0ffee00",
    .status = OVS_TASK_STATUS_SUCCEEDED, .server_status = "SUCCESS", .progress = 100,
    .created_at = 1764050000, .updated_at = 1764050150, .finished_at = 1764050149,
    .urls = { "https://prod-ss-vidu.example/infer/tasks/25/1125/creation.mp4?Expires=1764053750" },
  },
  {
    .fixture = "generations-failure.json",
    .task_id = "task_dead0000beef1111dead0000beef1111",
    .status = OVS_TASK_STATUS_FAILED, .server_status = "FAILURE", .progress = 100,
    .created_at = 1764032716, .updated_at = 1764032790, .finished_at = 1764032789,
    .error_message = "任务失败：图片审核未通过",
  },
  {
    .fixture = "generations-failure-provider-reason.json",
    .task_id = "task_dead0000beef1111dead0000beef2222",
    .status = OVS_TASK_STATUS_FAILED, .server_status = "FAILURE", .progress = 100,
    .error_message = "Failure to pass the risk control system",
  },
  {
    .fixture = "generations-unknown.json",
    .task_id = KLING_ID,
    .status = OVS_TASK_STATUS_UNKNOWN, .server_status = "UNKNOWN", .progress = -1,
  },
  {
    .fixture = "error-unauthorized.json",
    .status = OVS_TASK_STATUS_UNKNOWN, .progress = -1,
    .error_message = "无效的令牌 (request id: 20251125090516123456789abcdef)",
    .is_error_envelope = TRUE,
  },
  {
    .fixture = "error-quota.json",
    .status = OVS_TASK_STATUS_UNKNOWN, .progress = -1,
    .error_message = "用户额度不足, 剩余额度: ＄0.012000 "
                     "(request id: 2025112509051698765)",
    .error_code = "insufficient_user_quota",
    .is_error_envelope = TRUE,
  },
  {
    .fixture = "error-model-not-found.json",
    .status = OVS_TASK_STATUS_UNKNOWN, .progress = -1,
    .error_message = "当前分组 default 下对于模型 Kling-9.0 无可用渠道 "
                     "(request id: 2025112509051611111)",
    .error_code = "model_not_found",
    .is_error_envelope = TRUE,
  },
  {
    .fixture = "error-task-not-exist.json",
    .status = OVS_TASK_STATUS_UNKNOWN, .progress = -1,
    .error_message = "task_not_exist",
    .error_code = "task_not_exist",
    .is_error_envelope = TRUE,
  },
  {
    .fixture = "error-content-not-completed.json",
    .status = OVS_TASK_STATUS_UNKNOWN, .progress = -1,
    .error_message = "Task is not completed yet, current status: in_progress",
    .is_error_envelope = TRUE,
  },
  {
    /* Every URL key at once, with pictures, inputs and junk among them: shallowest
     * first, then in the order found, no duplicates. */
    .fixture = "mixture.json",
    .task_id = "task_mixmixmixmixmixmixmixmixmixmix01",
    .status = OVS_TASK_STATUS_RUNNING, .server_status = "Processing", .progress = 43,
    .urls = {
      "https://cdn.example/a.mp4",
      "https://cdn.example/c.mp4",
      "HTTPS://cdn.example/d.mp4",
      "https://cdn.example/b.mp4",
      "https://cdn.example/e.mp4",
      "https://cdn.example/f.mp4",
      "https://cdn.example/g.mp4",
      "https://cdn.example/h.mp4",
    },
  },
};

static void
assert_update (const OvsTaskUpdate *update,
               const Shape         *shape)
{
  g_assert_cmpstr (update->task_id, ==, shape->task_id);
  g_assert_cmpstr (ovs_task_status_to_string (update->status), ==,
                   ovs_task_status_to_string (shape->status));
  g_assert_cmpstr (update->server_status, ==, shape->server_status);
  g_assert_cmpint (update->progress, ==, shape->progress);
  g_assert_cmpint (update->created_at, ==, shape->created_at);
  g_assert_cmpint (update->updated_at, ==, shape->updated_at);
  g_assert_cmpint (update->finished_at, ==, shape->finished_at);
  g_assert_nonnull (update->urls);
  g_assert_cmpstrv (update->urls, (const char * const *) shape->urls);
  g_assert_cmpstr (update->error_message, ==, shape->error_message);
  g_assert_cmpstr (update->error_code, ==, shape->error_code);
  g_assert_cmpint (update->is_error_envelope, ==, shape->is_error_envelope);
}

static void
test_shape (gconstpointer data)
{
  const Shape *shape = data;
  g_autoptr(OvsTaskUpdate) update = parse_fixture (shape->fixture);
  g_autoptr(OvsTaskUpdate) copy = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = fixture_path (shape->fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) from_node = NULL;

  assert_update (update, shape);

  /* The boxed copy is deep and equal. */
  copy = g_boxed_copy (OVS_TYPE_TASK_UPDATE, update);
  assert_update (copy, shape);
  g_assert_true (copy->urls != update->urls);

  /* The tree entry point agrees with the text one. */
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  from_node = ovs_task_update_parse (json_parser_get_root (parser));
  assert_update (from_node, shape);
}

/* Bodies that carry nothing, or nothing we should take */

static void
test_empty_bodies (void)
{
  static const char * const bodies[] = {
    "[]", "null", "\"str\"", "{}", "42", "true", "-0.5", "\"https://cdn.example/a.mp4\"",
    "[{\"id\":\"task_x\",\"status\":\"completed\",\"url\":\"https://cdn.example/a.mp4\"}]",
    "{\"data\":null,\"status\":null,\"id\":null,\"progress\":null,\"url\":null}",
    "{\"id\":\"\",\"status\":\"\",\"progress\":\"\",\"url\":\"\"}",
    "{\"status\":{\"status\":[]},\"progress\":[50],\"urls\":{},\"created_at\":\"yesterday\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(OvsTaskUpdate) update = parse_inline (bodies[i]);

      g_test_message ("body: %s", bodies[i]);
      g_assert_null (update->task_id);
      g_assert_cmpint (update->status, ==, OVS_TASK_STATUS_UNKNOWN);
      g_assert_null (update->server_status);
      g_assert_cmpint (update->progress, ==, -1);
      g_assert_cmpint (update->created_at, ==, 0);
      g_assert_nonnull (update->urls);
      g_assert_cmpuint (g_strv_length (update->urls), ==, 0);
      g_assert_null (update->error_message);
      g_assert_null (update->error_code);
      g_assert_false (update->is_error_envelope);
    }

  {
    g_autoptr(OvsTaskUpdate) update = ovs_task_update_parse (NULL);

    g_assert_nonnull (update->urls);
    g_assert_cmpint (update->progress, ==, -1);
  }
}

static void
test_not_json (void)
{
  static const char * const texts[] = {
    "",
    "   \n",
    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    "{",
    "{\"id\":\"task_x\"} trailing",
    "\xff\xfe{}",
    "{\"status\":\"\xc3\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsTaskUpdate) update = ovs_task_update_parse_text (texts[i], -1, &error);

      g_test_message ("text %u", i);
      g_assert_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE);
      g_assert_null (update);
    }

  /* An explicit length is honoured: the text need not end in a NUL. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OvsTaskUpdate) update = NULL;
    const char text[] = "{\"id\":\"task_len\",\"status\":\"queued\"}GARBAGE";

    update = ovs_task_update_parse_text (text, strlen (text) - strlen ("GARBAGE"), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (update->task_id, ==, "task_len");
    g_assert_cmpint (update->status, ==, OVS_TASK_STATUS_QUEUED);
  }
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;

  /* A hostile body nested far beyond any answer is refused, not recursed into. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, ']');
  update = ovs_task_update_parse_text (text->str, text->len, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE);
  g_assert_null (update);
  g_clear_error (&error);

  /* Brackets inside strings are not nesting. */
  g_string_assign (text, "{\"id\":\"task_brackets\",\"message\":\"");
  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "[{");
  g_string_append (text, "\"}");
  update = ovs_task_update_parse_text (text->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (update->task_id, ==, "task_brackets");
  g_clear_pointer (&update, ovs_task_update_free);

  /* Moderately deep: parsed, but nothing is taken past the search depth. */
  g_string_assign (text, "{\"status\":\"queued\",\"data\":");
  for (guint i = 0; i < 40; i++)
    g_string_append (text, "{\"data\":");
  g_string_append (text, "{\"url\":\"https://cdn.example/deep.mp4\",\"id\":\"deep\"}");
  for (guint i = 0; i < 40; i++)
    g_string_append_c (text, '}');
  g_string_append_c (text, '}');
  update = ovs_task_update_parse_text (text->str, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (update->status, ==, OVS_TASK_STATUS_QUEUED);
  g_assert_null (update->task_id);
  g_assert_cmpuint (g_strv_length (update->urls), ==, 0);
  g_clear_pointer (&update, ovs_task_update_free);

  /* …and taken within it. */
  update = parse_inline ("{\"data\":{\"data\":{\"data\":{\"output\":{\"url\":"
                         "\"https://cdn.example/shallow.mp4\",\"id\":\"shallow\"}}}}}");
  g_assert_cmpstr (update->task_id, ==, "shallow");
  g_assert_cmpstr (update->urls[0], ==, "https://cdn.example/shallow.mp4");
  g_assert_null (update->urls[1]);
}

/* Precedence: the gateway's own level over the provider's answer, the top over `data` */

static void
test_precedence (void)
{
  g_autoptr(OvsTaskUpdate) a = NULL;
  g_autoptr(OvsTaskUpdate) b = NULL;
  g_autoptr(OvsTaskUpdate) c = NULL;
  g_autoptr(OvsTaskUpdate) d = NULL;
  g_autoptr(OvsTaskUpdate) e = NULL;

  a = parse_inline ("{\"status\":\"queued\",\"data\":{\"status\":\"SUCCESS\","
                    "\"data\":{\"status\":\"failed\"}}}");
  g_assert_cmpint (a->status, ==, OVS_TASK_STATUS_QUEUED);
  g_assert_cmpstr (a->server_status, ==, "queued");

  /* No gateway status: the provider's word is all there is. */
  b = parse_inline ("{\"data\":{\"progress\":\"abc\",\"data\":{\"task_status\":\"succeed\","
                    "\"task_id\":\"8600\",\"progress\":\"7.6 %\"}}}");
  g_assert_cmpint (b->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpstr (b->server_status, ==, "succeed");
  g_assert_cmpstr (b->task_id, ==, "8600");
  g_assert_cmpint (b->progress, ==, 8);

  /* An integer id (the gateway's row number) only when there is no string anywhere. */
  c = parse_inline ("{\"data\":{\"id\":42,\"data\":{\"task_id\":\"upstream-1\"}}}");
  g_assert_cmpstr (c->task_id, ==, "upstream-1");
  d = parse_inline ("{\"id\":42,\"status\":\"queued\",\"progress\":-5,"
                    "\"created_at\":1764032716.9}");
  g_assert_cmpstr (d->task_id, ==, "42");
  g_assert_cmpint (d->progress, ==, 0);
  g_assert_cmpint (d->created_at, ==, 1764032716);

  /* Progress over 100, microsecond and ISO timestamps, error objects not searched
   * for the task itself. */
  e = parse_inline ("{\"error\":{\"id\":\"not-this\",\"status\":\"failed\"},\"task_id\":\"t\","
                    "\"status\":\"running\",\"progress\":250,"
                    "\"updated_at\":1764032716000000,\"created_at\":\"2025-11-25T01:05:16.5Z\","
                    "\"finished_at\":99999999999999999999}");
  g_assert_cmpstr (e->task_id, ==, "t");
  g_assert_cmpint (e->status, ==, OVS_TASK_STATUS_RUNNING);
  g_assert_cmpint (e->progress, ==, 100);
  g_assert_cmpint (e->updated_at, ==, 1764032716);
  g_assert_cmpint (e->created_at, ==, 1764032716);
  g_assert_cmpint (e->finished_at, >=, 0);
}

/* What is, and is not, an error */

typedef struct
{
  const char *body;
  const char *message;
  const char *code;
  gboolean    envelope;
  OvsTaskStatus status;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    /* the generations envelope of a healthy task */
    { "{\"code\":\"success\",\"message\":\"\",\"data\":{\"task_id\":\"t\",\"status\":\"SUCCESS\"}}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_SUCCEEDED },
    { "{\"code\":\"success\",\"message\":\"\",\"data\":null}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_UNKNOWN },
    { "{\"code\":\"task_not_exist\",\"message\":\"任务不存在\",\"data\":null}",
      "任务不存在", "task_not_exist", TRUE, OVS_TASK_STATUS_UNKNOWN },
    { "{\"code\":1201,\"message\":\"参数错误\",\"data\":null}",
      "参数错误", "1201", TRUE, OVS_TASK_STATUS_UNKNOWN },
    { "{\"code\":0,\"message\":\"SUCCEED\","
      "\"data\":{\"task_id\":\"k\",\"task_status\":\"submitted\"}}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_QUEUED },
    { "{\"message\":\"当前分组上游负载已饱和，请稍后再试\"}",
      "当前分组上游负载已饱和，请稍后再试", NULL, TRUE, OVS_TASK_STATUS_UNKNOWN },
    { "{\"error\":\"upstream timeout\"}",
      "upstream timeout", NULL, TRUE, OVS_TASK_STATUS_UNKNOWN },
    { "{\"error\":{\"message\":\"\",\"type\":\"new_api_error\",\"code\":\"bad_request_body\"}}",
      NULL, "bad_request_body", TRUE, OVS_TASK_STATUS_UNKNOWN },
    /* a task's own message is not an error while it goes well */
    { "{\"id\":\"t\",\"status\":\"queued\",\"message\":\"queued ok\",\"code\":\"weird\"}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_QUEUED },
    { "{\"id\":\"t\",\"status\":\"completed\",\"fail_reason\":\"stale reason\"}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_SUCCEEDED },
    { "{\"id\":\"t\",\"status\":\"failed\",\"message\":\"boom\"}",
      "boom", NULL, FALSE, OVS_TASK_STATUS_FAILED },
    { "{\"id\":\"t\",\"status\":\"failed\",\"message\":\"success\"}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_FAILED },
    { "{\"id\":\"t\",\"status\":\"failed\",\"error\":{\"message\":\"m\",\"code\":500}}",
      "m", "500", FALSE, OVS_TASK_STATUS_FAILED },
    { "{\"id\":\"t\",\"status\":\"failed\",\"error\":null}",
      NULL, NULL, FALSE, OVS_TASK_STATUS_FAILED },
    { "{\"id\":\"t\",\"status\":\"expired\",\"error\":{\"message\":7,\"msg\":\"链接已过期\"}}",
      "链接已过期", NULL, FALSE, OVS_TASK_STATUS_FAILED },
    /* Vidu: the reason is a code only */
    { "{\"data\":{\"task_id\":\"v\",\"status\":\"FAILURE\",\"fail_reason\":\"\","
      "\"data\":{\"state\":\"failed\",\"err_code\":\"CreationPolicyViolation\"}}}",
      NULL, "CreationPolicyViolation", FALSE, OVS_TASK_STATUS_FAILED },
    /* Seedance: a nested error object */
    { "{\"data\":{\"task_id\":\"s\",\"status\":\"FAILURE\",\"data\":{\"status\":\"failed\","
      "\"error\":{\"code\":\"OutputVideoSensitiveContentDetected\","
      "\"message\":\"输出视频可能包含敏感信息\"}}}}",
      "输出视频可能包含敏感信息", "OutputVideoSensitiveContentDetected", FALSE,
      OVS_TASK_STATUS_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OvsTaskUpdate) update = parse_inline (cases[i].body);

      g_test_message ("body: %s", cases[i].body);
      g_assert_cmpstr (update->error_message, ==, cases[i].message);
      g_assert_cmpstr (update->error_code, ==, cases[i].code);
      g_assert_cmpint (update->is_error_envelope, ==, cases[i].envelope);
      g_assert_cmpint (update->status, ==, cases[i].status);
    }
}

/* URLs: only videos, only http(s) */

static void
test_urls (void)
{
  static const struct
  {
    const char *body;
    const char *urls[4];
  } cases[] = {
    { "{\"url\":\"https://a.example/v.mp4\"}", { "https://a.example/v.mp4" } },
    { "{\"urls\":\"http://a.example/v.mp4\"}", { "http://a.example/v.mp4" } },
    { "{\"video_url\":{\"url\":\"https://a.example/v.mp4\"}}", { "https://a.example/v.mp4" } },
    { "{\"output\":[\"https://a.example/1.mp4\",\"https://a.example/2.mp4\"]}",
      { "https://a.example/1.mp4", "https://a.example/2.mp4" } },
    { "{\"result\":\"https://a.example/v\"}", { "https://a.example/v" } },
    { "{\"data\":[{\"url\":\"https://a.example/v.mp4\",\"revised_prompt\":\"x\"}]}",
      { "https://a.example/v.mp4" } },
    { "{\"data\":{\"result_url\":\"https://a.example/v.mp4\"}}", { "https://a.example/v.mp4" } },
    /* pictures and inputs */
    { "{\"cover_url\":\"https://a.example/c\",\"thumbnail_url\":\"https://a.example/t\","
      "\"image_url\":\"https://a.example/i\",\"images\":[\"https://a.example/i2\"],"
      "\"firstframe\":\"https://a.example/f\",\"callback_url\":\"https://a.example/cb\"}",
      { NULL } },
    { "{\"url\":\"https://a.example/poster.png\",\"urls\":[\"https://a.example/p.JPEG#x\","
      "\"https://a.example/p.webp?sig=1\",\"https://a.example/v.mp4?x=.png\"]}",
      { "https://a.example/v.mp4?x=.png" } },
    { "{\"videos\":[\"https://a.example/reference.mp4\"]}", { NULL } },
    { "{\"metadata\":{\"content\":[{\"type\":\"video_url\",\"video_url\":{\"url\":"
      "\"https://a.example/reference.mp4\"}}]}}", { NULL } },
    /* not http(s), or not a URL */
    { "{\"urls\":[\"ftp://a.example/v.mp4\",\"file:///etc/passwd\",\"javascript:alert(1)\","
      "\"https://\",\"https:///path\",\"https://a.example/with space.mp4\",\"//a.example/v.mp4\","
      "\"data:video/mp4;base64,AAAA\",\"https://a.example/v\\n.mp4\",\"\"]}", { NULL } },
    /* a URL twice is listed once */
    { "{\"url\":\"https://a.example/v.mp4\",\"metadata\":{\"url\":\"https://a.example/v.mp4\"},"
      "\"data\":{\"result_url\":\"https://a.example/v.mp4\"}}", { "https://a.example/v.mp4" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OvsTaskUpdate) update = parse_inline (cases[i].body);

      g_test_message ("body: %s", cases[i].body);
      g_assert_cmpstrv (update->urls, (const char * const *) cases[i].urls);
    }
}

/* The CLI's `status` output */

static void
test_to_json (void)
{
  g_autoptr(OvsTaskUpdate) update = parse_fixture ("query-completed.json");
  g_autoptr(OvsTaskUpdate) empty = ovs_task_update_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *empty_json = NULL;
  JsonObject *object;
  JsonArray *urls;

  json = ovs_task_update_to_json (update);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpuint (json_object_get_size (object), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, FLAT_ID);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "succeeded");
  g_assert_cmpstr (json_object_get_string_member (object, "server_status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (object, "progress"), ==, 100);
  urls = json_object_get_array_member (object, "urls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (urls, 0), ==, update->urls[0]);
  g_assert_true (json_object_get_null_member (object, "error"));
  g_assert_true (json_object_get_null_member (object, "error_code"));
  g_assert_cmpint (json_object_get_int_member (object, "created_at"), ==, 1764032716);
  g_assert_true (json_object_get_null_member (object, "updated_at"));
  g_assert_cmpint (json_object_get_int_member (object, "finished_at"), ==, 1764032901);

  empty_json = ovs_task_update_to_json (empty);
  json_parser_load_from_data (parser, empty_json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_null_member (object, "id"));
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "unknown");
  g_assert_true (json_object_get_null_member (object, "server_status"));
  g_assert_true (json_object_get_null_member (object, "progress"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "urls")), ==, 0);
  g_assert_true (json_object_get_null_member (object, "created_at"));
}

static void
test_to_json_error (void)
{
  g_autoptr(OvsTaskUpdate) update = parse_fixture ("error-quota.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = ovs_task_update_to_json (update);
  JsonObject *object;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, update->error_message);
  g_assert_cmpstr (json_object_get_string_member (object, "error_code"), ==,
                   "insufficient_user_quota");
  /* The server's message goes out as UTF-8, not escaped away. */
  g_assert_nonnull (strstr (json, "用户额度不足"));
}

/* Fuzz: the fixtures, mutated at random with a fixed seed */

static const char * const fuzz_keys[] = {
  "id", "task_id", "taskId", "status", "state", "task_status", "progress", "url", "urls",
  "video_url", "output", "result", "result_url", "data", "metadata", "error", "message",
  "code", "fail_reason", "created_at", "updated_at", "finished_at", "completed_at",
  "content", "videos", "creations", "task_result", "cover_url", "msg", "err_code",
};

static const char * const fuzz_strings[] = {
  "", " ", "30%", "100%", "-5%", "1e999", "nan", "inf", "0x10", "30", "abc%",
  "https://cdn.example/fuzz.mp4", "http://x", "https://", "HTTPS://CDN.EXAMPLE/X",
  "completed", "FAILURE", "unknown", "NOT_START", "in_progress", "success",
  "1764032716", "1764032716123", "2025-11-25T01:05:16Z", "2025-13-45T99:99:99Z",
  "任务失败", "task_not_exist", "\xe2\x80\x8b", "null",
};

static JsonNode *
fuzz_value (GRand *rand,
            guint  budget)
{
  JsonNode *node = json_node_alloc ();

  switch (g_rand_int_range (rand, 0, budget > 0 ? 9 : 6))
    {
    case 0:
      json_node_init_null (node);
      break;
    case 1:
      {
        static const gint64 ints[] = {
          0, -1, 1, 30, 100, 101, 1764032716, G_GINT64_CONSTANT (1764032716123),
          G_MAXINT64, G_MININT64, G_GINT64_CONSTANT (253402300800),
        };

        json_node_init_int (node, ints[g_rand_int_range (rand, 0, G_N_ELEMENTS (ints))]);
      }
      break;
    case 2:
      {
        static const double doubles[] = { 0.5, -0.0, 42.6, 99.5, -1e300, 1e300, 1.7640327e12 };

        json_node_init_double (node, doubles[g_rand_int_range (rand, 0, G_N_ELEMENTS (doubles))]);
      }
      break;
    case 3:
      json_node_init_boolean (node, g_rand_boolean (rand));
      break;
    case 4:
    case 5:
      json_node_init_string (node, fuzz_strings[g_rand_int_range (rand, 0,
                                                                   G_N_ELEMENTS (fuzz_strings))]);
      break;
    case 6:
      {
        JsonObject *object = json_object_new ();
        guint n = g_rand_int_range (rand, 0, 4);

        for (guint i = 0; i < n; i++)
          json_object_set_member (object,
                                  fuzz_keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (fuzz_keys))],
                                  fuzz_value (rand, budget - 1));
        json_node_init_object (node, object);
        json_object_unref (object);
      }
      break;
    case 7:
    default:
      {
        JsonArray *array = json_array_new ();
        guint n = g_rand_int_range (rand, 0, 4);

        for (guint i = 0; i < n; i++)
          json_array_add_element (array, fuzz_value (rand, budget - 1));
        json_node_init_array (node, array);
        json_array_unref (array);
      }
      break;
    }

  return node;
}

/* json_node_copy () shares objects and arrays; the fuzzer needs trees of its own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  JsonNode *copy = json_from_string (text, &error);

  g_assert_no_error (error);
  return copy;
}

/* Where a node sits: the member @key of the object @parent, element @index of the
 * array @parent, or the root (@parent NULL). Nodes are replaced through their parent:
 * json-glib 1.6 cannot re-initialise an object node in place. */
typedef struct
{
  JsonNode   *parent;
  const char *key;
  guint       index;
  JsonNode   *node;
} Slot;

static void
collect_slots (JsonNode   *parent,
               const char *key,
               guint       index,
               JsonNode   *node,
               GArray     *slots)
{
  Slot slot = { parent, key, index, node };

  g_array_append_val (slots, slot);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (const GList *l = members; l != NULL; l = l->next)
        collect_slots (node, l->data, 0, json_object_get_member (object, l->data), slots);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_slots (node, NULL, i, json_array_get_element (array, i), slots);
    }
}

/* Puts @replacement (owned) where @slot's node was; returns the (new) root. */
static JsonNode *
replace_slot (JsonNode   *root,
              const Slot *slot,
              JsonNode   *replacement)
{
  if (slot->parent == NULL)
    {
      json_node_unref (root);
      return replacement;
    }

  if (JSON_NODE_HOLDS_OBJECT (slot->parent))
    {
      g_autofree char *key = g_strdup (slot->key);

      json_object_set_member (json_node_get_object (slot->parent), key, replacement);
    }
  else
    {
      JsonArray *old = json_node_get_array (slot->parent);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < json_array_get_length (old); i++)
        {
          if (i == slot->index)
            json_array_add_element (array, replacement);
          else
            json_array_add_element (array, json_node_ref (json_array_get_element (old, i)));
        }
      json_node_take_array (slot->parent, array);
    }

  return root;
}

/* Changes one place of the tree; returns the (new) root. */
static JsonNode *
mutate (JsonNode *root,
        GRand    *rand)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  const Slot *slot;

  collect_slots (NULL, NULL, 0, root, slots);
  slot = &g_array_index (slots, Slot, g_rand_int_range (rand, 0, slots->len));

  switch (g_rand_int_range (rand, 0, 5))
    {
    case 0:
      /* replace by a value of any type */
      return replace_slot (root, slot, fuzz_value (rand, 2));

    case 1:
      /* drop a key */
      if (JSON_NODE_HOLDS_OBJECT (slot->node))
        {
          JsonObject *object = json_node_get_object (slot->node);
          g_autoptr(GList) members = json_object_get_members (object);
          guint n = g_list_length (members);

          if (n > 0)
            {
              g_autofree char *name = g_strdup (g_list_nth_data (members,
                                                                 g_rand_int_range (rand, 0, n)));

              json_object_remove_member (object, name);
            }
        }
      return root;

    case 2:
      /* add a key that matters */
      if (JSON_NODE_HOLDS_OBJECT (slot->node))
        json_object_set_member (json_node_get_object (slot->node),
                                fuzz_keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (fuzz_keys))],
                                fuzz_value (rand, 2));
      return root;

    case 3:
      /* nest: the node moves one level down, into {"data": …} or […] */
      {
        JsonNode *inner = deep_copy (slot->node);
        JsonNode *outer;

        if (g_rand_boolean (rand))
          {
            JsonObject *object = json_object_new ();

            json_object_set_member (object, g_rand_boolean (rand) ? "data" : "result", inner);
            outer = json_node_init_object (json_node_alloc (), object);
            json_object_unref (object);
          }
        else
          {
            JsonArray *array = json_array_new ();

            json_array_add_element (array, inner);
            outer = json_node_init_array (json_node_alloc (), array);
            json_array_unref (array);
          }
        return replace_slot (root, slot, outer);
      }

    case 4:
    default:
      /* graft a copy of another part of the tree under a key that matters */
      if (JSON_NODE_HOLDS_OBJECT (slot->node))
        {
          const Slot *other = &g_array_index (slots, Slot,
                                              g_rand_int_range (rand, 0, slots->len));

          json_object_set_member (json_node_get_object (slot->node),
                                  fuzz_keys[g_rand_int_range (rand, 0, G_N_ELEMENTS (fuzz_keys))],
                                  deep_copy (other->node));
        }
      return root;
    }
}

static void
assert_sane (const OvsTaskUpdate *update)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (update);
  g_assert_nonnull (update->urls);
  for (guint i = 0; update->urls[i] != NULL; i++)
    {
      g_assert_true (g_ascii_strncasecmp (update->urls[i], "https://", 8) == 0
                     || g_ascii_strncasecmp (update->urls[i], "http://", 7) == 0);
      g_assert_true (g_hash_table_add (seen, update->urls[i]));
    }
  g_assert_cmpint (update->progress, >=, -1);
  g_assert_cmpint (update->progress, <=, 100);
  g_assert_cmpint (update->status, >=, OVS_TASK_STATUS_QUEUED);
  g_assert_cmpint (update->status, <=, OVS_TASK_STATUS_UNKNOWN);
  g_assert_cmpint (update->status, ==, ovs_task_status_normalize (update->server_status));
  g_assert_cmpint (update->created_at, >=, 0);
  g_assert_cmpint (update->updated_at, >=, 0);
  g_assert_cmpint (update->finished_at, >=, 0);
  g_assert_true (update->task_id == NULL || *update->task_id != '\0');
  if (update->is_error_envelope)
    {
      g_assert_null (update->server_status);
      g_assert_cmpint (update->status, ==, OVS_TASK_STATUS_UNKNOWN);
    }
}

static void
test_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20251125);
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  guint iterations = g_test_slow () ? 40000 : 4000;

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *path = fixture_path (shapes[i].fixture);
      g_autoptr(GError) error = NULL;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      g_ptr_array_add (roots, deep_copy (json_parser_get_root (parser)));
    }

  for (guint i = 0; i < iterations; i++)
    {
      JsonNode *original = g_ptr_array_index (roots, g_rand_int_range (rand, 0, roots->len));
      g_autoptr(JsonNode) root = deep_copy (original);
      guint n_mutations = g_rand_int_range (rand, 1, 6);
      g_autoptr(OvsTaskUpdate) update = NULL;
      g_autoptr(OvsTaskUpdate) reparsed = NULL;
      g_autoptr(OvsTaskUpdate) copy = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_reparsed = NULL;
      g_autofree char *json_copy = NULL;
      g_autoptr(JsonParser) check = json_parser_new ();

      for (guint m = 0; m < n_mutations; m++)
        root = mutate (g_steal_pointer (&root), rand);

      update = ovs_task_update_parse (root);
      assert_sane (update);

      /* The same tree as text gives the same answer. */
      text = json_to_string (root, FALSE);
      reparsed = ovs_task_update_parse_text (text, -1, &error);
      g_assert_no_error (error);
      assert_sane (reparsed);

      json = ovs_task_update_to_json (update);
      json_reparsed = ovs_task_update_to_json (reparsed);
      g_assert_cmpstr (json, ==, json_reparsed);

      copy = ovs_task_update_copy (update);
      json_copy = ovs_task_update_to_json (copy);
      g_assert_cmpstr (json, ==, json_copy);

      json_parser_load_from_data (check, json, -1, &error);
      g_assert_no_error (error);

      /* Truncated text is either an error or an answer, never a crash. */
      {
        gsize cut = g_rand_int_range (rand, 0, (gint32) strlen (text) + 1);
        g_autoptr(GError) cut_error = NULL;
        g_autoptr(OvsTaskUpdate) partial = ovs_task_update_parse_text (text, cut, &cut_error);

        g_assert_true ((partial == NULL) != (cut_error == NULL));
        if (partial != NULL)
          assert_sane (partial);
        else
          g_assert_error (cut_error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE);
      }
    }
}

/* The relay's own task object (QuantumNous/new-api dto/task.go, TaskDto, in its
 * TaskResponse envelope {code, message, data}) carries what the task was charged as
 * "quota", a whole number of quota units: generations-success-relay-quota.json has every
 * field of TaskDto by its json tag. An answer without it says nothing of the cost. */
static void
test_relay_task_quota (void)
{
  g_autoptr(OvsTaskUpdate) charged = parse_fixture ("generations-success-relay-quota.json");
  g_autoptr(OvsTaskUpdate) silent = parse_fixture ("generations-success-kling.json");

  g_assert_cmpint (charged->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpstr (charged->task_id, ==, "task_5e7a9c1b3d5f7a9c1e3b5d7f9a1c3e5b");
  g_assert_cmpstr (charged->urls[0], ==,
                   "https://cdn.klingai.example/kling/860099887766554433/video.mp4");
  g_assert_cmpint (charged->quota, ==, 150000);
  g_assert_cmpint (silent->quota, ==, -1);
}

/* Providers' own answers, passed through raw (tests/data/responses/providers/README.md):
 * status, URL and reason found by searching, and nothing that finished badly read as still
 * going. */
static const struct
{
  const char    *file;
  OvsTaskStatus  status;
  const char    *url;     /* a part of the first URL, or NULL for none */
  const char    *reason;  /* a part of the message, or NULL for none */
} provider_answers[] = {
  { "veo-operation-running.json", OVS_TASK_STATUS_RUNNING, NULL, NULL },
  { "veo-operation-succeeded.json", OVS_TASK_STATUS_SUCCEEDED, NULL, NULL },
  { "veo-operation-filtered.json", OVS_TASK_STATUS_FAILED, NULL, "violate our policies" },
  { "veo-operation-error.json", OVS_TASK_STATUS_FAILED, NULL, "could not be processed" },
  { "veo-gemini-succeeded.json", OVS_TASK_STATUS_SUCCEEDED, "generativelanguage.googleapis.com",
    NULL },
  { "dashscope-pending.json", OVS_TASK_STATUS_QUEUED, NULL, NULL },
  { "dashscope-running.json", OVS_TASK_STATUS_RUNNING, NULL, NULL },
  { "dashscope-succeeded.json", OVS_TASK_STATUS_SUCCEEDED, "dashscope-result-sh", NULL },
  { "dashscope-failed.json", OVS_TASK_STATUS_FAILED, NULL, "inappropriate content" },
  { "dashscope-canceled.json", OVS_TASK_STATUS_FAILED, NULL, NULL },
  { "ark-seedance-expired.json", OVS_TASK_STATUS_FAILED, NULL, NULL },
  { "ark-seedance-cancelled.json", OVS_TASK_STATUS_FAILED, NULL, NULL },
  { "ark-seedance-failed.json", OVS_TASK_STATUS_FAILED, NULL, "sensitive information" },
  { "sora-video-failed.json", OVS_TASK_STATUS_FAILED, NULL, "moderation" },
  { "sora-video-in-progress.json", OVS_TASK_STATUS_RUNNING, NULL, NULL },
  { "kling-failed.json", OVS_TASK_STATUS_FAILED, NULL, "risk control" },
  { "tencent-hunyuan-fail.json", OVS_TASK_STATUS_FAILED, NULL, "驱动失败" },
  { "tencent-hunyuan-run.json", OVS_TASK_STATUS_RUNNING, NULL, NULL },
  { "vidu-processing.json", OVS_TASK_STATUS_RUNNING, NULL, NULL },
  { "vidu-success.json", OVS_TASK_STATUS_SUCCEEDED, "your_generated_results.mp4", NULL },
  { "vidu-failed.json", OVS_TASK_STATUS_FAILED, NULL, "CreationPolicyViolation" },
};

static void
test_provider_answer (gconstpointer data)
{
  const typeof (provider_answers[0]) *answer = data;
  g_autofree char *name = g_build_filename ("providers", answer->file, NULL);
  g_autoptr(OvsTaskUpdate) update = parse_fixture (name);

  g_assert_false (update->is_error_envelope);
  g_assert_cmpstr (ovs_task_status_to_string (update->status), ==,
                   ovs_task_status_to_string (answer->status));
  if (answer->url != NULL)
    g_assert_nonnull (strstr (update->urls[0] != NULL ? update->urls[0] : "", answer->url));
  else
    g_assert_null (update->urls[0]);
  /* The reason in words, or as the only thing some providers give: a code (Vidu). */
  if (answer->reason != NULL)
    g_assert_nonnull (strstr (update->error_message != NULL ? update->error_message
                              : update->error_code != NULL ? update->error_code : "",
                              answer->reason));
  if (update->status != OVS_TASK_STATUS_FAILED)
    g_assert_null (update->error_message);
}

/* The key in every form an answer may carry it: as is, percent-encoded in either case, and
 * inside base64 or base64url at each of the three byte alignments. */
static void
test_mask_secret (void)
{
  const char *key = "sk-Omni/Key+0123456789?xyz";
  const char *prefixes[] = { "", "u", "us", "use" };
  g_autofree char *escaped = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *lower = g_strdup (escaped);
  g_autofree char *plain = ovs_secret_mask ("no key here, just sk- and words", key);
  g_autofree char *short_key = ovs_secret_mask ("the sandbox says sandbox", "sandbox");
  g_autoptr(OvsTaskUpdate) update = ovs_task_update_new ();
  const char *texts[] = { key, escaped, lower };

  /* Lower-case hex digits, as some servers write them. */
  for (char *p = lower; *p != '\0'; p++)
    if (*p == '%')
      {
        p[1] = g_ascii_tolower (p[1]);
        p[2] = g_ascii_tolower (p[2]);
      }
  g_assert_cmpstr (lower, !=, escaped);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = g_strdup_printf ("error: token %s rejected", texts[i]);
      g_autofree char *masked = ovs_secret_mask (text, key);

      g_assert_cmpstr (masked, ==, "error: token *** rejected");
    }

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (guint url_safe = 0; url_safe < 2; url_safe++)
      {
        g_autofree char *inner = g_strconcat (prefixes[i], ":", key, "@host", NULL);
        g_autofree char *encoded = g_base64_encode ((const guchar *) inner, strlen (inner));
        g_autofree char *masked = NULL;
        g_autofree char *middle = NULL;

        if (url_safe)
          g_strdelimit (g_strdelimit (encoded, "+", '-'), "/", '_');
        masked = ovs_secret_mask (encoded, key);
        g_assert_nonnull (strstr (masked, "***"));
        /* Nothing of the key's own characters is left: at most the 3 at each edge that mix
         * with the bytes around it. */
        middle = g_strndup (encoded + (strlen (prefixes[i]) + 1) * 4 / 3 + 3,
                            strlen (key) * 4 / 3 - 6);
        g_assert_null (strstr (masked, middle));
      }

  g_assert_cmpstr (plain, ==, "no key here, just sk- and words");
  g_assert_cmpstr (short_key, ==, "the sandbox says sandbox");
  g_assert_null (ovs_secret_mask (NULL, key));

  update->task_id = g_strdup ("task_1");
  update->server_status = g_strconcat ("queued:", key, NULL);
  update->error_message = g_strconcat ("bad token ", escaped, NULL);
  g_strfreev (update->urls);
  update->urls = g_new0 (char *, 2);
  update->urls[0] = g_strconcat ("https://cdn.example/v.mp4?token=", escaped, NULL);
  ovs_secret_mask_update (update, key);
  g_assert_cmpstr (update->task_id, ==, "task_1");
  g_assert_cmpstr (update->server_status, ==, "queued:***");
  g_assert_cmpstr (update->error_message, ==, "bad token ***");
  g_assert_cmpstr (update->urls[0], ==, "https://cdn.example/v.mp4?token=***");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task-update/status/normalize", test_normalize);
  g_test_add_func ("/task-update/status/enum", test_status_enum);

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *name = g_strndup (shapes[i].fixture,
                                         strlen (shapes[i].fixture) - strlen (".json"));
      g_autofree char *test_path = g_strconcat ("/task-update/shape/", name, NULL);

      g_test_add_data_func (test_path, &shapes[i], test_shape);
    }

  g_test_add_func ("/task-update/empty-bodies", test_empty_bodies);
  g_test_add_func ("/task-update/not-json", test_not_json);
  g_test_add_func ("/task-update/deep-nesting", test_deep_nesting);
  g_test_add_func ("/task-update/precedence", test_precedence);
  g_test_add_func ("/task-update/errors", test_errors);
  g_test_add_func ("/task-update/urls", test_urls);
  g_test_add_func ("/task-update/to-json", test_to_json);
  g_test_add_func ("/task-update/to-json-error", test_to_json_error);
  g_test_add_func ("/task-update/relay-task-quota", test_relay_task_quota);
  g_test_add_func ("/task-update/fuzz", test_fuzz);
  g_test_add_func ("/task-update/mask-secret", test_mask_secret);
  for (guint i = 0; i < G_N_ELEMENTS (provider_answers); i++)
    {
      g_autofree char *test_path = g_strconcat ("/task-update/providers/",
                                                provider_answers[i].file, NULL);

      g_test_add_data_func (test_path, &provider_answers[i], test_provider_answer);
    }

  return g_test_run ();
}
