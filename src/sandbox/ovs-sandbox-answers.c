/* ovs-sandbox-answers.c: what the sandbox answers, as the gateway writes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A task as JSON in the shapes of shared/spec/responses.md (the flat OpenAI-style object,
 * the {code,message,data} envelope, a provider's own answer passed through raw), and the
 * gateway's error bodies (its JSON errors, a proxy's HTML page, a signed URL's XML).
 */
#define G_LOG_DOMAIN "ovs-sandbox"

#include "config.h"

#include <string.h>

#include "ovs-json.h"
#include "ovs-sandbox-private.h"

#define RATE_LIMIT_MESSAGE "当前分组上游负载已饱和,请稍后再试"

#define HTML_502 \
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" \
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
#define HTML_500 \
  "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n" \
  "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n" \
  "</body>\r\n</html>\r\n"

char *
_ovs_sandbox_make_request_id (OvsSandbox *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");

  return g_strdup_printf ("%s%08x%08x", stamp, g_rand_int (self->rand), g_rand_int (self->rand));
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonNode          *root)
{
  char *text = ovs_json_to_compact_string (root);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
_ovs_sandbox_set_builder (SoupServerMessage *msg,
                          guint              status,
                          JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  set_json (msg, status, root);
}

/* {"error":{"message","type","param","code"}}; @param and @code NULL are left out, except
 * that new_api_error always carries "param":"" and a "code" (null when NULL). */
void
_ovs_sandbox_set_gateway_error (SoupServerMessage *msg,
                                guint              status,
                                const char        *message,
                                const char        *type,
                                const char        *param,
                                const char        *code,
                                gboolean           with_param_and_code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (with_param_and_code)
    {
      json_builder_set_member_name (builder, "param");
      json_builder_add_string_value (builder, param != NULL ? param : "");
      json_builder_set_member_name (builder, "code");
      if (code != NULL)
        json_builder_add_string_value (builder, code);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  _ovs_sandbox_set_builder (msg, status, builder);
}

void
_ovs_sandbox_set_task_not_exist (SoupServerMessage *msg)
{
  static const char body[] = "{\"code\":\"task_not_exist\",\"message\":\"task_not_exist\",\"data\":null}";

  soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

void
_ovs_sandbox_set_xml_error (SoupServerMessage *msg,
                            const char        *code,
                            const char        *message,
                            const char        *resource)
{
  g_autofree char *escaped = g_markup_escape_text (resource, -1);
  char *body = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                "<Error>\n"
                                "  <Code>%s</Code>\n"
                                "  <Message>%s</Message>\n"
                                "  <Resource>%s</Resource>\n"
                                "</Error>\n",
                                code, message, escaped);

  soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_TAKE, body,
                                    strlen (body));
}

static gboolean
is_vidu (Task *task)
{
  return g_strcmp0 (task->family, "vidu") == 0;
}

gboolean
_ovs_sandbox_is_veo (Task *task)
{
  return g_strcmp0 (task->family, "veo") == 0;
}

/* Some providers count in milliseconds; the gateway passes that through. */
static gint64
task_time (Task   *task,
           gint64  real_us)
{
  if (real_us == 0)
    return 0;
  return is_vidu (task) ? real_us / 1000 : real_us / G_USEC_PER_SEC;
}

static gboolean
task_is_unknown (OvsSandbox *self,
                 Task       *task)
{
  return task->phase == PHASE_QUEUED
         && g_get_monotonic_time () - task->created_mono
              < (gint64) (_ovs_sandbox_scaled_ms (self, UNKNOWN_SECONDS) * 1000);
}

const char *
_ovs_sandbox_flat_status (OvsSandbox *self,
                          Task       *task)
{
  switch (task->phase)
    {
    case PHASE_QUEUED:
      return task_is_unknown (self, task) ? "unknown" : "queued";
    case PHASE_RUNNING:
      return "in_progress";
    case PHASE_COMPLETED:
      return "completed";
    case PHASE_FAILED:
    default:
      return "failed";
    }
}

static const char *
envelope_status (OvsSandbox *self,
                 Task       *task)
{
  switch (task->phase)
    {
    case PHASE_QUEUED:
      return task_is_unknown (self, task) ? "NOT_START" : "QUEUED";
    case PHASE_RUNNING:
      return "IN_PROGRESS";
    case PHASE_COMPLETED:
      return "SUCCESS";
    case PHASE_FAILED:
    default:
      return "FAILURE";
    }
}

char *
_ovs_sandbox_sign (OvsSandbox *self,
                   const char *task_id,
                   gint64      expires)
{
  g_autofree char *text = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, task_id, expires);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) self->secret,
                                    strlen (self->secret), text, -1);
}

/* The signed URL of a finished task's file; NULL for Veo, whose videos only come from
 * /content. */
static char *
task_dup_result_url (OvsSandbox *self,
                     Task       *task)
{
  g_autofree char *sig = NULL;

  if (task->phase != PHASE_COMPLETED || _ovs_sandbox_is_veo (task) || self->base_url == NULL)
    return NULL;

  sig = _ovs_sandbox_sign (self, task->id, task->url_expires);
  if (task->echo_key != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (task->echo_key, NULL, FALSE);

      return g_strdup_printf ("%s/files/%s.%s?expires=%" G_GINT64_FORMAT "&sig=%s&token=%s",
                              self->base_url, task->id, ovs_renderer_file_extension (),
                              task->url_expires, sig, escaped);
    }
  return g_strdup_printf ("%s/files/%s.%s?expires=%" G_GINT64_FORMAT "&sig=%s", self->base_url,
                          task->id, ovs_renderer_file_extension (), task->url_expires, sig);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* A task that echoes the key says it in its status word too, while it waits. */
static void
add_status (JsonBuilder *builder,
            Task        *task,
            const char  *word)
{
  g_autofree char *echoed = NULL;

  if (task->echo_key != NULL && task->phase == PHASE_QUEUED)
    word = echoed = g_strdup_printf ("%s:%s", word, task->echo_key);
  add_string (builder, "status", word);
}

void
_ovs_sandbox_add_flat (OvsSandbox  *self,
                       JsonBuilder *builder,
                       Task        *task,
                       gboolean     created)
{
  g_autofree char *size = g_strdup_printf ("%dx%d", task->spec->width, task->spec->height);

  json_builder_begin_object (builder);
  add_string (builder, "id", task->id);
  add_string (builder, "task_id", task->id);
  add_string (builder, "object", "video");
  add_string (builder, "model", task->model);
  if (created)
    {
      /* The gateway's own answer to a create: seconds, whatever the provider. */
      add_string (builder, "status", "queued");
      add_int (builder, "progress", 0);
      add_int (builder, "created_at", task->created_at / G_USEC_PER_SEC);
      json_builder_end_object (builder);
      return;
    }

  add_status (builder, task, _ovs_sandbox_flat_status (self, task));
  add_int (builder, "progress", task->progress);
  add_int (builder, "created_at", task_time (task, task->created_at));
  if (task->finished_at != 0)
    add_int (builder, "completed_at", task_time (task, task->finished_at));
  if (task->url_expires != 0 && task->phase == PHASE_COMPLETED && !_ovs_sandbox_is_veo (task))
    add_int (builder, "expires_at", is_vidu (task) ? task->url_expires * 1000 : task->url_expires);
  add_string (builder, "seconds", task->seconds);
  add_string (builder, "size", size);
  if (task->phase == PHASE_COMPLETED)
    {
      g_autofree char *url = task_dup_result_url (self, task);

      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      if (url != NULL)
        add_string (builder, "url", url);
      json_builder_end_object (builder);
    }
  if (task->phase == PHASE_FAILED)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      add_string (builder, "message", task->error_message);
      add_string (builder, "code", task->error_code);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

/* A provider's word for the task's phase. */
static const char *
phase_word (Task       *task,
            const char *queued,
            const char *running,
            const char *done,
            const char *failed)
{
  switch (task->phase)
    {
    case PHASE_RUNNING:
      return running;
    case PHASE_COMPLETED:
      return done;
    case PHASE_FAILED:
      return failed;
    case PHASE_QUEUED:
    default:
      return queued;
    }
}

/* Kling: {code,message,request_id,data:{task_status,task_status_msg,task_result}}, times in ms. */
static void
add_raw_kling (JsonBuilder *builder,
               Task        *task,
               const char  *url)
{
  gboolean done = task->phase == PHASE_COMPLETED;
  gboolean failed = task->phase == PHASE_FAILED;
  gint64 now = g_get_real_time ();

  add_int (builder, "code", 0);
  add_string (builder, "message", "SUCCEED");
  add_string (builder, "request_id", task->provider_id);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_string (builder, "task_id", task->provider_id);
  add_string (builder, "task_status",
              phase_word (task, "submitted", "processing", "succeed", "failed"));
  add_string (builder, "task_status_msg", failed ? task->error_message : "");
  if (done)
    {
      g_autofree char *duration = g_strdup_printf ("%.1f", task->spec->seconds);

      json_builder_set_member_name (builder, "task_result");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "videos");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "id", task->provider_id);
      if (url != NULL)
        add_string (builder, "url", url);
      add_string (builder, "duration", duration);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  add_int (builder, "created_at", task->created_at / 1000);
  add_int (builder, "updated_at", now / 1000);
  json_builder_end_object (builder);
}

/* Vidu: {id,state,err_code,creations[]}. */
static void
add_raw_vidu (JsonBuilder *builder,
              Task        *task,
              const char  *url)
{
  gboolean done = task->phase == PHASE_COMPLETED;
  gboolean failed = task->phase == PHASE_FAILED;

  add_string (builder, "id", task->provider_id);
  add_string (builder, "state", phase_word (task, "queueing", "processing", "success", "failed"));
  add_string (builder, "err_code", failed ? task->error_code : "");
  if (done)
    {
      json_builder_set_member_name (builder, "creations");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      add_string (builder, "id", task->provider_id);
      if (url != NULL)
        add_string (builder, "url", url);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
}

/* Volcengine Ark Seedance: {id,model,status,content.video_url,error{code,message}}, times in s. */
static void
add_raw_seedance (JsonBuilder *builder,
                  Task        *task,
                  const char  *url)
{
  gboolean done = task->phase == PHASE_COMPLETED;
  gboolean failed = task->phase == PHASE_FAILED;
  gint64 now = g_get_real_time ();

  add_string (builder, "id", task->provider_id);
  add_string (builder, "model", task->model);
  add_string (builder, "status", phase_word (task, "queued", "running", "succeeded", "failed"));
  if (done && url != NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_begin_object (builder);
      add_string (builder, "video_url", url);
      json_builder_end_object (builder);
    }
  if (failed)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      add_string (builder, "code", task->error_code);
      add_string (builder, "message", task->error_message);
      json_builder_end_object (builder);
    }
  add_int (builder, "created_at", task->created_at / G_USEC_PER_SEC);
  add_int (builder, "updated_at", now / G_USEC_PER_SEC);
}

/* Vertex AI Veo, a long-running operation: {name,done,error{code,message}}. */
static void
add_raw_veo (JsonBuilder *builder,
             Task        *task,
             const char  *url)
{
  gboolean done = task->phase == PHASE_COMPLETED;
  gboolean failed = task->phase == PHASE_FAILED;
  g_autofree char *name = g_strdup_printf ("operations/%s", task->provider_id);

  add_string (builder, "name", name);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, done || failed);
  if (failed)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      add_int (builder, "code", 3);
      add_string (builder, "message", task->error_message);
      json_builder_end_object (builder);
    }
}

/* Tencent Cloud (Hunyuan): {id,status WAIT/RUN/DONE/FAIL,video_url,error_message}. */
static void
add_raw_tencent (JsonBuilder *builder,
                 Task        *task,
                 const char  *url)
{
  gboolean done = task->phase == PHASE_COMPLETED;
  gboolean failed = task->phase == PHASE_FAILED;

  add_string (builder, "id", task->provider_id);
  add_string (builder, "status", phase_word (task, "WAIT", "RUN", "DONE", "FAIL"));
  if (done && url != NULL)
    add_string (builder, "video_url", url);
  if (failed)
    add_string (builder, "error_message", task->error_message);
}

/* The provider's own answer, as the gateway nests it in data.data. */
static void
add_raw (OvsSandbox  *self,
         JsonBuilder *builder,
         Task        *task,
         const char  *url)
{
  json_builder_begin_object (builder);
  if (g_strcmp0 (task->family, "kling") == 0)
    add_raw_kling (builder, task, url);
  else if (g_strcmp0 (task->family, "vidu") == 0)
    add_raw_vidu (builder, task, url);
  else if (g_strcmp0 (task->family, "seedance") == 0)
    add_raw_seedance (builder, task, url);
  else if (_ovs_sandbox_is_veo (task))
    add_raw_veo (builder, task, url);
  else
    add_raw_tencent (builder, task, url);
  json_builder_end_object (builder);
}

void
_ovs_sandbox_add_envelope (OvsSandbox  *self,
                           JsonBuilder *builder,
                           Task        *task)
{
  g_autofree char *url = task_dup_result_url (self, task);
  g_autofree char *progress = g_strdup_printf ("%d%%", task->progress);
  gboolean not_started = task_is_unknown (self, task);

  json_builder_begin_object (builder);
  add_string (builder, "code", "success");
  add_string (builder, "message", "");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_string (builder, "task_id", task->id);
  add_string (builder, "platform", task->family != NULL ? task->family : "sandbox");
  add_string (builder, "action", "generate");
  add_status (builder, task, envelope_status (self, task));
  add_string (builder, "fail_reason", task->phase == PHASE_FAILED ? task->error_message : "");
  add_string (builder, "result_url", url != NULL ? url : "");
  add_int (builder, "submit_time", task_time (task, task->created_at));
  add_int (builder, "start_time", task_time (task, task->started_at));
  add_int (builder, "finish_time", task_time (task, task->finished_at));
  add_string (builder, "progress", progress);
  /* The relay's task object says what the task cost (TaskDto.quota). */
  if (task->phase == PHASE_COMPLETED)
    add_int (builder, "quota", task->quota);
  json_builder_set_member_name (builder, "data");
  if (not_started)
    json_builder_add_null_value (builder);
  else
    add_raw (self, builder, task, url);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* Faults */

/* Faults that shape the next tasks created rather than one answer. */
void
_ovs_sandbox_set_rate_limited (OvsSandbox        *self,
                               SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, STATUS_TOO_MANY_REQUESTS, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                "1");
  if (self->rate_limit_count++ % 2 == 0)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      add_string (builder, "message", RATE_LIMIT_MESSAGE);
      add_string (builder, "type", "new_api_error");
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      _ovs_sandbox_set_builder (msg, STATUS_TOO_MANY_REQUESTS, builder);
    }
}

void
_ovs_sandbox_set_server_error (OvsSandbox        *self,
                               SoupServerMessage *msg)
{
  gboolean bad_gateway = self->server_error_count++ % 2 == 0;
  const char *page = bad_gateway ? HTML_502 : HTML_500;

  soup_server_message_set_status (msg, bad_gateway ? SOUP_STATUS_BAD_GATEWAY
                                                   : SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
}
