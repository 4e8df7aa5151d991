/* ovs-sandbox.c: a local server that speaks the Omni-Video API and renders real videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs on the thread-default main context of ovs_sandbox_start(): the HTTP
 * handlers, the task timers and the renderer's completions. Only the rendering itself runs
 * in worker threads, so the server keeps answering while videos are made.
 *
 * The answers copy the gateway's (shared/spec/responses.md): its error envelopes, its
 * Chinese messages and its status words are protocol data, not user interface, and are
 * therefore not translated.
 */
#define G_LOG_DOMAIN "ovs-sandbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ovs-catalog.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-render-pool.h"
#include "ovs-renderer.h"
#include "ovs-request.h"
#include "ovs-validate.h"
#include "ovs-sandbox-private.h"

static const int running_progress[] = { 10, 20, 30, 50 };

#define MAX_RENDERS 2
#define DEFAULT_VIDEO_SECONDS 5.0
#define MAX_VIDEO_SECONDS 60.0

#define TASK_ID_PREFIX "task_"
#define TASK_ID_LENGTH 32
#define ALNUM "abcdefghijklmnopqrstuvwxyz0123456789"

#define FAIL_MESSAGE "视频生成失败:内容审核未通过 (sandbox)"
#define FAIL_CODE "content_policy"

typedef struct
{
  OvsSandboxFault fault;
  guint           count;
} Injected;

/* An answer held back: a slow one, or a connection about to be dropped. */
typedef struct
{
  OvsSandbox        *sandbox;
  SoupServerMessage *msg;
  GSource           *source;
  gboolean           drop;
  gboolean           gone;    /* the client went away meanwhile */
} Delayed;

enum
{
  REQUEST_HANDLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OvsSandbox, ovs_sandbox, G_TYPE_OBJECT)

static void task_step (Task *task);
static void pump_renders (OvsSandbox *self);

/* Tasks */

static Task *
task_ref (Task *task)
{
  task->ref_count++;
  return task;
}

static void
task_unref (Task *task)
{
  g_assert (task->ref_count > 0);
  if (--task->ref_count > 0)
    return;

  g_assert (task->timer == NULL);
  g_free (task->id);
  g_free (task->echo_key);
  g_free (task->shadow_key);
  g_free (task->body);
  g_free (task->model);
  g_free (task->family);
  g_free (task->seconds);
  g_free (task->provider_id);
  g_clear_pointer (&task->spec, ovs_render_spec_free);
  g_free (task->render_path);
  g_free (task->file);
  g_free (task->render_error);
  g_free (task->error_message);
  g_free (task->error_code);
  g_clear_object (&task->cancellable);
  g_free (task);
}

/* Drops what ties the task to the sandbox: its timer, its render. */
static void
task_detach (Task *task)
{
  if (task->timer != NULL)
    {
      g_source_destroy (task->timer);
      g_clear_pointer (&task->timer, g_source_unref);
    }
  g_cancellable_cancel (task->cancellable);
  task->sandbox = NULL;
}

static void
task_detach_and_unref (gpointer data)
{
  Task *task = data;

  task_detach (task);
  task_unref (task);
}

double
_ovs_sandbox_scaled_ms (OvsSandbox *self,
                        double      seconds)
{
  return MAX (0.0, seconds * self->speed * 1000.0);
}

static gboolean
task_timer_cb (gpointer user_data)
{
  Task *task = user_data;

  g_clear_pointer (&task->timer, g_source_unref);
  task_step (task);
  return G_SOURCE_REMOVE;
}

static void
task_schedule (Task   *task,
               double  seconds)
{
  OvsSandbox *self = task->sandbox;

  g_assert (task->timer == NULL);
  task->timer = g_timeout_source_new ((guint) _ovs_sandbox_scaled_ms (self, seconds));
  g_source_set_callback (task->timer, task_timer_cb, task, NULL);
  g_source_set_static_name (task->timer, "[ovs-sandbox] task");
  g_source_attach (task->timer, self->context);
}

static void
task_fail (Task       *task,
           const char *message,
           const char *code)
{
  task->phase = PHASE_FAILED;
  task->progress = 100;
  task->finished_at = g_get_real_time ();
  if (task->echo_key != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (task->echo_key, NULL, FALSE);
      g_autofree char *basic = g_strdup_printf ("user:%s", task->echo_key);
      g_autofree char *encoded = g_base64_encode ((const guchar *) basic, strlen (basic));

      task->error_message = g_strdup_printf ("%s (令牌 %s 无效; token=%s; Authorization: Basic %s)",
                                             message, task->echo_key, escaped, encoded);
    }
  else
    task->error_message = g_strdup (message);
  task->error_code = g_strdup (code);
  g_cancellable_cancel (task->cancellable);
  g_debug ("Task %s failed: %s", task->id, message);
}

/* A task completes when both its life (the timers) and its render are done. */
static void
task_maybe_finish (Task *task)
{
  OvsSandbox *self = task->sandbox;

  if (self == NULL || !task->life_done)
    return;
  if (task->phase == PHASE_COMPLETED || task->phase == PHASE_FAILED)
    return;

  if (task->will_fail)
    {
      task_fail (task, FAIL_MESSAGE, FAIL_CODE);
    }
  else if (task->render_error != NULL)
    {
      g_autofree char *message = g_strdup_printf ("视频渲染失败 (sandbox): %s", task->render_error);

      task_fail (task, message, "render_failed");
    }
  else if (task->file != NULL)
    {
      task->phase = PHASE_COMPLETED;
      task->progress = 100;
      task->finished_at = g_get_real_time ();
      if (self->url_expiry > 0)
        task->url_expires = (task->finished_at + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC
                            + self->url_expiry;
      task->quota = ovs_sandbox_billing_charge (self->billing, task->model, task->spec->seconds);
      g_debug ("Task %s completed", task->id);
    }
}

static void
task_step (Task *task)
{
  task->step++;
  if (task->step <= G_N_ELEMENTS (running_progress))
    {
      if (task->phase == PHASE_QUEUED)
        {
          task->phase = PHASE_RUNNING;
          task->started_at = g_get_real_time ();
        }
      task->progress = running_progress[task->step - 1];
      task_schedule (task, STEP_SECONDS);
    }
  else
    {
      task->life_done = TRUE;
      task_maybe_finish (task);
    }
}

static void
render_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Task *task = user_data;
  OvsSandbox *self = task->sandbox;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = ovs_renderer_render_finish (result, &error);
  task->rendering = FALSE;

  if (self != NULL)
    {
      g_assert (self->n_rendering > 0);
      self->n_rendering--;

      if (ok)
        task->file = g_strdup (task->render_path);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Could not render task %s: %s", task->id, error->message);
          task->render_error = g_strdup (error->message);
        }

      task_maybe_finish (task);
      pump_renders (self);
    }
  else
    {
      /* The sandbox went away while we rendered; it waits for us (see dispose). */
      g_debug ("Render of %s ended after its sandbox", task->id);
    }

  task_unref (task);
}

static void
pump_renders (OvsSandbox *self)
{
  while (!self->disposing && self->n_rendering < MAX_RENDERS
         && !g_queue_is_empty (&self->render_queue))
    {
      Task *task = g_queue_pop_head (&self->render_queue);

      if (task->sandbox == self && task->phase != PHASE_FAILED)
        {
          self->n_rendering++;
          task->rendering = TRUE;
          /* The renderer's GTask calls back on the thread-default context: ours. */
          g_main_context_push_thread_default (self->context);
          ovs_renderer_render_async (task->spec, task->render_path, task->cancellable,
                                     render_cb, task_ref (task));
          g_main_context_pop_thread_default (self->context);
        }
      task_unref (task);
    }
}

/* Helpers for answers */

static gboolean
fault_is_task_property (OvsSandboxFault fault)
{
  return fault == OVS_SANDBOX_FAULT_TASK_FAILED || fault == OVS_SANDBOX_FAULT_ECHO_KEY
         || fault == OVS_SANDBOX_FAULT_REPEAT_ID || fault == OVS_SANDBOX_FAULT_NO_CONVERTER;
}

static gboolean
take_fault (OvsSandbox      *self,
            OvsSandboxRoute  route,
            OvsSandboxFault *fault)
{
  Injected *injected = g_queue_peek_head (&self->injected[route]);

  if (injected != NULL)
    {
      *fault = injected->fault;
      if (--injected->count == 0)
        g_free (g_queue_pop_head (&self->injected[route]));
      return TRUE;
    }

  for (guint f = 0; f < N_FAULTS; f++)
    {
      double p = self->fault_rates[f][route];

      if (fault_is_task_property (f) || p <= 0)
        continue;
      if (g_rand_double (self->rand) < p)
        {
          *fault = f;
          return TRUE;
        }
    }
  return FALSE;
}

static void
delayed_free (Delayed *delayed)
{
  if (delayed->source != NULL)
    {
      g_source_destroy (delayed->source);
      g_source_unref (delayed->source);
    }
  g_signal_handlers_disconnect_by_data (delayed->msg, delayed);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
emit_handled (OvsSandbox        *self,
              SoupServerMessage *msg,
              guint              status)
{
  GUri *uri = soup_server_message_get_uri (msg);

  g_signal_emit (self, signals[REQUEST_HANDLED], 0, soup_server_message_get_method (msg),
                 uri != NULL ? g_uri_get_path (uri) : "", status);
}

static gboolean
delayed_cb (gpointer user_data)
{
  Delayed *delayed = user_data;
  OvsSandbox *self = delayed->sandbox;

  self->delayed = g_list_remove (self->delayed, delayed);
  g_clear_pointer (&delayed->source, g_source_unref);

  if (delayed->gone)
    {
      /* Nothing to answer nor to drop. */
    }
  else if (delayed->drop)
    {
      /* Stolen from an idle, not from the handler: the server's I/O code still uses the
       * message after the handler returns. */
      g_autoptr(GIOStream) stream = NULL;

      g_object_set_data (G_OBJECT (delayed->msg), "ovs-dropped", GINT_TO_POINTER (TRUE));
      emit_handled (self, delayed->msg, 0);
      stream = soup_server_message_steal_connection (delayed->msg);
      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
  else
    {
      soup_server_message_unpause (delayed->msg);
    }

  delayed_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
delayed_gone_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Delayed *delayed = user_data;

  delayed->gone = TRUE;
}

/* Holds @msg's answer @ms (or drops its connection from an idle). */
static void
delay_ms (OvsSandbox        *self,
          SoupServerMessage *msg,
          gboolean           drop,
          guint              ms)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->sandbox = self;
  delayed->msg = g_object_ref (msg);
  delayed->drop = drop;
  delayed->source = drop ? g_idle_source_new () : g_timeout_source_new (ms);
  g_source_set_callback (delayed->source, delayed_cb, delayed, NULL);
  g_source_set_static_name (delayed->source, drop ? "[ovs-sandbox] drop" : "[ovs-sandbox] slow");
  g_source_attach (delayed->source, self->context);
  self->delayed = g_list_prepend (self->delayed, delayed);
  g_signal_connect (msg, "disconnected", G_CALLBACK (delayed_gone_cb), delayed);
  g_signal_connect (msg, "finished", G_CALLBACK (delayed_gone_cb), delayed);

  soup_server_message_pause (msg);
}

static void
delay (OvsSandbox        *self,
       SoupServerMessage *msg,
       gboolean           drop)
{
  delay_ms (self, msg, drop, drop ? 0 : (guint) _ovs_sandbox_scaled_ms (self, SLOW_SECONDS));
}

/* Routing */

static Endpoint
parse_endpoint (const char  *path,
                char       **id)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  *id = NULL;
  if (path == NULL || path[0] != '/')
    return ENDPOINT_NONE;

  parts = g_strsplit (path + 1, "/", -1);
  n = g_strv_length (parts);
  /* A trailing slash is forgiven. */
  if (n > 1 && parts[n - 1][0] == '\0')
    {
      g_free (parts[n - 1]);
      parts[--n] = NULL;
    }
  for (guint i = 0; i < n; i++)
    if (parts[i][0] == '\0')
      return ENDPOINT_NONE;

  if (n == 2 && g_str_equal (parts[0], "files"))
    {
      *id = g_strdup (parts[1]);
      return ENDPOINT_FILE;
    }
  if (n < 2 || !g_str_equal (parts[0], "v1"))
    return ENDPOINT_NONE;

  if (g_str_equal (parts[1], "videos"))
    {
      if (n == 2)
        return ENDPOINT_CREATE;
      *id = g_strdup (parts[2]);
      if (n == 3)
        return ENDPOINT_QUERY_FLAT;
      if (n == 4 && g_str_equal (parts[3], "content"))
        return ENDPOINT_CONTENT;
    }
  else if (n >= 3 && g_str_equal (parts[1], "video") && g_str_equal (parts[2], "generations"))
    {
      if (n == 3)
        return ENDPOINT_CREATE;
      *id = g_strdup (parts[3]);
      if (n == 4)
        return ENDPOINT_QUERY_ENVELOPE;
    }

  g_clear_pointer (id, g_free);
  return ENDPOINT_NONE;
}

static OvsSandboxRoute
endpoint_route (Endpoint endpoint)
{
  switch (endpoint)
    {
    case ENDPOINT_CREATE:
      return OVS_SANDBOX_ROUTE_CREATE;
    case ENDPOINT_QUERY_FLAT:
    case ENDPOINT_QUERY_ENVELOPE:
      return OVS_SANDBOX_ROUTE_QUERY;
    case ENDPOINT_CONTENT:
    case ENDPOINT_FILE:
    case ENDPOINT_NONE:
    default:
      return OVS_SANDBOX_ROUTE_DOWNLOAD;
    }
}

/* NULL when the request may go on, else the 401 message (without the request id). */
/* The key of the request's "Authorization: Bearer KEY", or NULL. */
static const char *
bearer_token (SoupServerMessage *msg)
{
  const char *header;
  const char *token;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  token = header + 7;
  while (*token == ' ')
    token++;
  return *token != '\0' ? token : NULL;
}

static const char *
check_auth (OvsSandbox        *self,
            SoupServerMessage *msg)
{
  const char *header;
  const char *token;

  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                         "Authorization");
  if (header == NULL || header[0] == '\0')
    return "未提供令牌";
  if (g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return "无效的令牌";

  token = header + 7;
  while (*token == ' ')
    token++;
  if (token[0] == '\0')
    return "无效的令牌";
  if (self->api_key != NULL && !g_str_equal (token, self->api_key))
    return "无效的令牌";
  return NULL;
}

static char *
make_task_id (OvsSandbox *self)
{
  GString *id = g_string_new (TASK_ID_PREFIX);

  for (guint i = 0; i < TASK_ID_LENGTH; i++)
    g_string_append_c (id, ALNUM[g_rand_int_range (self->rand, 0, sizeof ALNUM - 1)]);
  return g_string_free (id, FALSE);
}

static double
parse_seconds (const char *seconds)
{
  double value;
  char *end = NULL;

  if (seconds == NULL)
    return DEFAULT_VIDEO_SECONDS;
  value = g_ascii_strtod (seconds, &end);
  if (end == seconds || !isfinite (value) || value <= 0)
    return DEFAULT_VIDEO_SECONDS;
  return MIN (value, MAX_VIDEO_SECONDS);
}

/* A fault that is a property of the next task created (TASK_FAILED, ECHO_KEY, REPEAT_ID,
 * NO_CONVERTER): an injected one first, else a draw at its rate. */
static gboolean
take_task_fault (OvsSandbox      *self,
                 guint           *pending,
                 OvsSandboxFault  fault)
{
  double p = self->fault_rates[fault][OVS_SANDBOX_ROUTE_CREATE];

  if (*pending > 0)
    {
      (*pending)--;
      return TRUE;
    }
  return p > 0 && g_rand_double (self->rand) < p;
}

/* A new id, or (the REPEAT_ID fault) the id of the task created before: TRUE then. */
static gboolean
assign_task_id (OvsSandbox *self,
                Task       *task)
{
  const char *last;
  Task *earlier;

  do
    {
      g_free (task->id);
      task->id = make_task_id (self);
    }
  while (g_hash_table_contains (self->tasks, task->id));
  if (!take_task_fault (self, &self->pending_repeats, OVS_SANDBOX_FAULT_REPEAT_ID)
      || self->task_ids->len == 0)
    return FALSE;

  last = g_ptr_array_index (self->task_ids, self->task_ids->len - 1);
  earlier = g_hash_table_lookup (self->tasks, last);
  /* The earlier task lives on (its timers, its render), out of reach by its id. */
  if (earlier != NULL)
    {
      g_hash_table_steal (self->tasks, last);
      earlier->shadow_key = g_strconcat ("~", earlier->id, NULL);
      g_hash_table_insert (self->tasks, earlier->shadow_key, earlier);
    }
  g_free (task->id);
  task->id = g_strdup (last);
  return TRUE;
}

static Task *
create_task (OvsSandbox *self,
             const char *body,
             gsize       length,
             OvsRequest *request,
             const char *key)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  const char *resolution = ovs_request_get_resolution (request);
  const char *aspect_ratio = ovs_request_get_aspect_ratio (request);
  const char *family;
  gboolean repeated;
  Task *task;
  int width, height;

  task = g_new0 (Task, 1);
  task->ref_count = 1;
  task->sandbox = self;
  repeated = assign_task_id (self, task);
  task->provider_id = g_strdup_printf ("%" G_GUINT32_FORMAT "%09u", g_rand_int (self->rand),
                                       (guint) g_rand_int_range (self->rand, 0, 1000000000));
  task->body = g_strndup (body, length);
  task->model = g_strdup (ovs_request_get_model (request));
  family = task->model != NULL ? ovs_catalog_find_model_family (catalog, task->model) : NULL;
  task->family = g_strdup (family);
  task->seconds = g_strdup (ovs_request_get_seconds (request) != NULL
                              ? ovs_request_get_seconds (request) : "5");
  task->created_at = g_get_real_time ();
  task->created_mono = g_get_monotonic_time ();
  task->cancellable = g_cancellable_new ();

  ovs_render_size_for (resolution, aspect_ratio, &width, &height);
  task->spec = ovs_render_spec_new ();
  task->spec->seconds = parse_seconds (task->seconds);
  task->spec->width = width;
  task->spec->height = height;
  task->spec->audio = ovs_request_wants_audio (request) == 1;
  task->spec->text = g_strdup (ovs_request_get_prompt (request));
  /* Side by side in a comparison, each model's videos are told apart at a glance. */
  task->spec->hue = ovs_render_hue_for_model (task->model);
  task->spec->caption = g_strdup_printf ("%s · %s · %s", task->model != NULL ? task->model : "?",
                                         resolution != NULL ? resolution : "1080p",
                                         aspect_ratio != NULL ? aspect_ratio : "16:9");
  /* A repeated id still gets a video of its own. */
  task->render_path = g_strdup_printf ("%s/%s%s.%s", self->dir, task->id, repeated ? "-again" : "",
                                       ovs_renderer_file_extension ());

  /* The share of failing tasks is drawn before the fault's own rate. */
  task->will_fail = (self->pending_task_failures == 0 && self->fail_rate > 0
                     && g_rand_double (self->rand) < self->fail_rate)
                    || take_task_fault (self, &self->pending_task_failures,
                                        OVS_SANDBOX_FAULT_TASK_FAILED);
  if (take_task_fault (self, &self->pending_echoes, OVS_SANDBOX_FAULT_ECHO_KEY))
    task->echo_key = g_strdup (key);
  task->no_converter = take_task_fault (self, &self->pending_no_converters,
                                        OVS_SANDBOX_FAULT_NO_CONVERTER);

  g_hash_table_insert (self->tasks, task->id, task);
  g_ptr_array_add (self->task_ids, g_strdup (task->id));

  task_schedule (task, QUEUED_SECONDS);
  /* A task bound to fail needs no video. */
  if (!task->will_fail)
    {
      g_queue_push_tail (&self->render_queue, task_ref (task));
      pump_renders (self);
    }

  g_debug ("Task %s created (%s, %dx%d, %.1f s%s%s)", task->id, task->model, width, height,
           task->spec->seconds, task->spec->audio ? ", audio" : "",
           task->will_fail ? ", will fail" : "");
  return task;
}

static void
handle_create (OvsSandbox        *self,
               SoupServerMessage *msg)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(OvsRequest) request = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  JsonNode *model;
  const char *data;
  gsize length;
  Task *task;

  data = g_bytes_get_data (bytes, &length);
  if (data == NULL)
    data = "";

  root = ovs_json_parse_object (data, length, NULL, NULL, &error);
  if (root == NULL)
    {
      g_autofree char *message = g_strdup_printf ("invalid request body: %s", error->message);

      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_BAD_REQUEST, message,
                                      "invalid_request_error", "",
                                      "invalid_request", TRUE);
      return;
    }

  model = json_object_get_member (json_node_get_object (root), "model");
  if (model != NULL && JSON_NODE_HOLDS_VALUE (model)
      && json_node_get_value_type (model) == G_TYPE_STRING
      && ovs_catalog_find_model_family (ovs_catalog_get_default (),
                                        json_node_get_string (model)) == NULL)
    {
      g_autofree char *request_id = _ovs_sandbox_make_request_id (self);
      g_autofree char *message = g_strdup_printf ("当前分组 default 下对于模型 %s 无可用渠道 "
                                                  "(request id: %s)",
                                                  json_node_get_string (model), request_id);

      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, message,
                                      "new_api_error", "",
                                      "model_not_found", TRUE);
      return;
    }

  problems = ovs_validate_text (data, length, NULL);
  if (ovs_problems_count (problems, OVS_SEVERITY_ERROR) > 0)
    {
      g_autoptr(GString) message = g_string_new (NULL);
      const char *first_path = NULL;

      for (guint i = 0; i < problems->len; i++)
        {
          OvsProblem *problem = g_ptr_array_index (problems, i);

          if (problem->severity != OVS_SEVERITY_ERROR)
            continue;
          if (first_path == NULL)
            first_path = problem->path;
          else
            g_string_append (message, "; ");
          g_string_append_printf (message, "%s: %s", problem->path, problem->message);
        }
      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_BAD_REQUEST, message->str,
                                      "invalid_request_error",
                                      first_path, "invalid_request", TRUE);
      return;
    }

  request = ovs_request_new_from_json (data, length, NULL, &error);
  if (request == NULL)
    {
      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_BAD_REQUEST, error->message,
                                      "invalid_request_error",
                                      "", "invalid_request", TRUE);
      return;
    }

  task = create_task (self, data, length, request, bearer_token (msg));

  builder = json_builder_new ();
  _ovs_sandbox_add_flat (self, builder, task, TRUE);
  _ovs_sandbox_set_builder (msg, SOUP_STATUS_OK, builder);
}

static gboolean
use_envelope (OvsSandbox *self,
              Endpoint    endpoint)
{
  switch (self->shape)
    {
    case OVS_SANDBOX_SHAPE_OPENAI:
      return FALSE;
    case OVS_SANDBOX_SHAPE_GENERATIONS:
      return TRUE;
    case OVS_SANDBOX_SHAPE_MIXED:
      return self->mixed_count++ % 2 == 1;
    case OVS_SANDBOX_SHAPE_DEFAULT:
    default:
      return endpoint == ENDPOINT_QUERY_ENVELOPE;
    }
}

static void
handle_query (OvsSandbox        *self,
              SoupServerMessage *msg,
              Endpoint           endpoint,
              const char        *id)
{
  Task *task = g_hash_table_lookup (self->tasks, id);
  g_autoptr(JsonBuilder) builder = NULL;

  if (task == NULL)
    {
      _ovs_sandbox_set_task_not_exist (msg);
      return;
    }
  if (task->no_converter && endpoint == ENDPOINT_QUERY_FLAT)
    {
      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_NOT_IMPLEMENTED,
                                      "not implemented: no converter to the OpenAI video "
                                      "object for this channel",
                                      "new_api_error", "", "not_implemented", TRUE);
      return;
    }

  builder = json_builder_new ();
  if (use_envelope (self, endpoint))
    _ovs_sandbox_add_envelope (self, builder, task);
  else
    _ovs_sandbox_add_flat (self, builder, task, FALSE);
  _ovs_sandbox_set_builder (msg, SOUP_STATUS_OK, builder);
}

#define CUT_AFTER (32 * 1024)

/* The start of the answer, written by hand on the connection, which then closes: what a
 * dropped download looks like to the client. */
static void
cut_download (SoupServerMessage *msg,
              GBytes            *bytes)
{
  gsize size = g_bytes_get_size (bytes);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Accept-Ranges: bytes\r\n\r\n",
                                           ovs_renderer_content_type (), size);
  GIOStream *stream;
  GOutputStream *out;

  g_object_set_data (G_OBJECT (msg), "ovs-dropped", GINT_TO_POINTER (TRUE));
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  out = g_io_stream_get_output_stream (stream);
  /* Small enough for the loopback socket's buffer: the write cannot wait on the reader,
   * which may run on this very thread. */
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), MIN (size / 2, CUT_AFTER),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static void
send_file (SoupServerMessage *msg,
           Task              *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* Mapped, not read: the pages come from the file as they are sent. */
  mapped = g_mapped_file_new (task->file, FALSE, &error);
  if (mapped == NULL)
    {
      g_warning ("Could not open %s: %s", task->file, error->message);
      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message,
                                      "new_api_error",
                                      "", NULL, TRUE);
      return;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  if (g_object_get_data (G_OBJECT (msg), "ovs-cut") != NULL)
    {
      cut_download (msg, bytes);
      return;
    }

  /* SoupServer answers a Range itself (206) from the whole body, and sets the length. */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, ovs_renderer_content_type (), NULL);
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}

static void
handle_content (OvsSandbox        *self,
                SoupServerMessage *msg,
                const char        *id)
{
  Task *task = g_hash_table_lookup (self->tasks, id);

  if (task == NULL)
    {
      _ovs_sandbox_set_task_not_exist (msg);
      return;
    }
  if (task->phase != PHASE_COMPLETED)
    {
      g_autofree char *message = g_strdup_printf ("Task is not completed yet, current status: %s",
                                                  _ovs_sandbox_flat_status (self, task));

      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_BAD_REQUEST, message,
                                      "invalid_request_error", NULL,
                                      NULL, FALSE);
      return;
    }
  send_file (msg, task);
}

static void
handle_file (OvsSandbox        *self,
             SoupServerMessage *msg,
             const char        *name,
             GHashTable        *query)
{
  g_autofree char *id = NULL;
  g_autofree char *expected = NULL;
  const char *dot = strrchr (name, '.');
  const char *expires_text = query != NULL ? g_hash_table_lookup (query, "expires") : NULL;
  const char *sig = query != NULL ? g_hash_table_lookup (query, "sig") : NULL;
  g_autofree char *resource = g_strdup_printf ("/files/%s", name);
  gint64 expires;
  char *end = NULL;
  Task *task;

  if (dot != NULL && g_str_equal (dot + 1, ovs_renderer_file_extension ()))
    id = g_strndup (name, dot - name);
  task = id != NULL ? g_hash_table_lookup (self->tasks, id) : NULL;
  if (task == NULL || task->phase != PHASE_COMPLETED || _ovs_sandbox_is_veo (task))
    {
      static const char body[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                 "<Error>\n  <Code>NoSuchKey</Code>\n"
                                 "  <Message>The specified key does not exist.</Message>\n"
                                 "</Error>\n";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC, body,
                                        strlen (body));
      return;
    }

  expires = expires_text != NULL ? g_ascii_strtoll (expires_text, &end, 10) : -1;
  if (expires_text == NULL || end == expires_text || *end != '\0' || sig == NULL
      || !g_str_equal (sig, (expected = _ovs_sandbox_sign (self, task->id, expires))))
    {
      _ovs_sandbox_set_xml_error (msg, "SignatureDoesNotMatch",
                                  "The request signature we calculated does not match the "
                                  "signature you provided.", resource);
      return;
    }
  if (expires != 0 && g_get_real_time () / G_USEC_PER_SEC >= expires)
    {
      _ovs_sandbox_set_xml_error (msg, "AccessDenied", "Request has expired", resource);
      return;
    }

  send_file (msg, task);
}

/* What a CDN or a proxy sends with 200 instead of the video: a login or error page, or bytes
 * that only claim to be a video. */
static void
set_not_video (OvsSandbox        *self,
               SoupServerMessage *msg,
               gboolean           html)
{
  static const char page[] = "<!DOCTYPE html><html><head><title>Verification</title></head>"
                             "<body><h1>Please verify you are human</h1></body></html>";
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guchar noise[4096];

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (html)
    {
      soup_message_headers_set_content_type (headers, "text/html", NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                page, strlen (page));
      return;
    }
  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guchar) g_rand_int_range (self->rand, 0, 256);
  soup_message_headers_set_content_type (headers, ovs_renderer_content_type (), NULL);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                            noise, sizeof noise);
}

/* The per-key concurrency gate, after authentication as in the relay: TRUE when it refused
 * @msg (answered 429). /content and result files are not gated. */
static gboolean
gate_refuses (OvsSandbox        *self,
              SoupServerMessage *msg,
              Endpoint           endpoint)
{
  g_autofree char *request_id = NULL;
  g_autofree char *message = NULL;

  if (!ovs_sandbox_gate_is_on (self->gate) || endpoint == ENDPOINT_CONTENT
      || endpoint == ENDPOINT_FILE
      || ovs_sandbox_gate_enter (self->gate, msg, bearer_token (msg)))
    return FALSE;
  request_id = _ovs_sandbox_make_request_id (self);
  message = g_strdup_printf ("token_concurrency_limit_reached (request id: %s)", request_id);
  _ovs_sandbox_set_gateway_error (msg, STATUS_TOO_MANY_REQUESTS, message, "new_api_error", "",
                                  "token_concurrency_limit_reached", TRUE);
  return TRUE;
}

/* The gateway's answer to an authenticated request that passed the gate. */
static void
handle_endpoint (OvsSandbox        *self,
                 SoupServerMessage *msg,
                 Endpoint           endpoint,
                 const char        *id,
                 GHashTable        *query)
{
  switch (endpoint)
    {
    case ENDPOINT_CREATE:
      handle_create (self, msg);
      break;
    case ENDPOINT_QUERY_FLAT:
    case ENDPOINT_QUERY_ENVELOPE:
      handle_query (self, msg, endpoint, id);
      break;
    case ENDPOINT_CONTENT:
      handle_content (self, msg, id);
      break;
    case ENDPOINT_FILE:
      handle_file (self, msg, id, query);
      break;
    case ENDPOINT_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* A fault in front of the gateway, before authentication and before any task: TRUE when
 * it answered @msg (or dropped it); FALSE to go on, with *@slow set for a slow answer. */
static gboolean
answer_fault (OvsSandbox        *self,
              SoupServerMessage *msg,
              Endpoint           endpoint,
              OvsSandboxFault    fault,
              gboolean          *slow)
{
  switch (fault)
    {
    case OVS_SANDBOX_FAULT_RATE_LIMIT:
      _ovs_sandbox_set_rate_limited (self, msg);
      return TRUE;
    case OVS_SANDBOX_FAULT_SERVER:
      _ovs_sandbox_set_server_error (self, msg);
      return TRUE;
    case OVS_SANDBOX_FAULT_DROP:
      delay (self, msg, TRUE);
      return TRUE;
    case OVS_SANDBOX_FAULT_SLOW:
      *slow = TRUE;
      break;
    case OVS_SANDBOX_FAULT_NOT_VIDEO:
    case OVS_SANDBOX_FAULT_GARBAGE_VIDEO:
      set_not_video (self, msg, fault == OVS_SANDBOX_FAULT_NOT_VIDEO);
      return TRUE;
    case OVS_SANDBOX_FAULT_UNAUTHORIZED:
      {
        g_autofree char *request_id = _ovs_sandbox_make_request_id (self);
        g_autofree char *message = g_strdup_printf ("无效的令牌 (request id: %s)", request_id);

        _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_UNAUTHORIZED, message, "new_api_error",
                                        "", NULL,
                                        TRUE);
      }
      return TRUE;
    case OVS_SANDBOX_FAULT_CUT_DOWNLOAD:
      /* Cut once the file is found: errors before it are answered whole. */
      g_object_set_data (G_OBJECT (msg), "ovs-cut", GINT_TO_POINTER (TRUE));
      break;
    case OVS_SANDBOX_FAULT_UNUSABLE:
      {
        static const char * const answers[] = {
          "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>",
          "{\"status\":3,\"progress\":\"half\"}",
          "{\"result\":{\"stage\":{\"name\":\"rendering\"}},\"ts\":1765000000}",
        };
        guint which = self->unusable_count++ % G_N_ELEMENTS (answers);

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, which == 0 ? "text/html" : "application/json",
                                          SOUP_MEMORY_STATIC, answers[which],
                                          strlen (answers[which]));
      }
      return TRUE;
    case OVS_SANDBOX_FAULT_CONCURRENCY:
      /* The gate stands before the routes: /content is not gated. */
      if (endpoint == ENDPOINT_CONTENT || endpoint == ENDPOINT_FILE)
        break;
      if (self->concurrency_count++ % 2 == 0)
        _ovs_sandbox_set_gateway_error (msg, STATUS_TOO_MANY_REQUESTS,
                                        "该令牌并发请求数已达上限，请稍后再试", "new_api_error", "",
                                        "token_concurrency_limit_reached", TRUE);
      else
        _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                                        "令牌并发控制暂不可用，请稍后再试", "new_api_error", "",
                                        "token_concurrency_unavailable", TRUE);
      return TRUE;
    case OVS_SANDBOX_FAULT_TASK_FAILED:
    case OVS_SANDBOX_FAULT_ECHO_KEY:
    case OVS_SANDBOX_FAULT_REPEAT_ID:
    case OVS_SANDBOX_FAULT_NO_CONVERTER:
    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  OvsSandbox *self = OVS_SANDBOX (user_data);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *id = NULL;
  Endpoint endpoint;
  OvsSandboxRoute route;
  OvsSandboxFault fault;
  gboolean faulty;
  gboolean slow = FALSE;
  guint hold_ms = 0;
  gboolean method_ok;
  const char *auth_problem;

  if (ovs_sandbox_billing_handle (self->billing, msg, path, self->api_key))
    return;

  endpoint = parse_endpoint (path, &id);
  if (endpoint == ENDPOINT_NONE)
    {
      g_autofree char *message = g_strdup_printf ("Invalid URL (%s %s)", method, path);

      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_NOT_FOUND, message, "invalid_request_error",
                                      "", "",
                                      TRUE);
      return;
    }

  if (endpoint == ENDPOINT_CREATE)
    method_ok = method == SOUP_METHOD_POST;
  else
    method_ok = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;
  if (!method_ok)
    {
      g_autofree char *message = g_strdup_printf ("Method %s is not allowed on %s", method, path);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    endpoint == ENDPOINT_CREATE ? "POST" : "GET, HEAD");
      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, message,
                                      "invalid_request_error",
                                      "", "method_not_allowed", TRUE);
      return;
    }

  route = endpoint_route (endpoint);
  self->n_requests[route]++;

  /* Faults come from in front of the gateway: before authentication, before any task. */
  faulty = take_fault (self, route, &fault);
  if (faulty && answer_fault (self, msg, endpoint, fault, &slow))
    return;

  /* Result URLs are signed instead. */
  auth_problem = endpoint != ENDPOINT_FILE ? check_auth (self, msg) : NULL;
  if (auth_problem != NULL)
    {
      g_autofree char *request_id = _ovs_sandbox_make_request_id (self);
      g_autofree char *message = g_strdup_printf ("%s (request id: %s)", auth_problem, request_id);

      _ovs_sandbox_set_gateway_error (msg, SOUP_STATUS_UNAUTHORIZED, message, "new_api_error", "",
                                      NULL, TRUE);
    }
  else if (!gate_refuses (self, msg, endpoint))
    {
      /* A gated answer takes a moment, as the relay's own call to the provider does: that
       * is what makes requests of one key overlap. */
      if (g_object_get_data (G_OBJECT (msg), "ovs-gate-lease") != NULL)
        hold_ms = ovs_sandbox_gate_get_hold_ms (self->gate);
      handle_endpoint (self, msg, endpoint, id, query);
    }

  if (slow)
    delay (self, msg, FALSE);
  else if (hold_ms > 0)
    delay_ms (self, msg, FALSE, hold_ms);
}

static void
request_finished_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     gpointer           user_data)
{
  emit_handled (OVS_SANDBOX (user_data), msg, soup_server_message_get_status (msg));
}

static void
request_aborted_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  if (g_object_get_data (G_OBJECT (msg), "ovs-dropped") == NULL)
    emit_handled (OVS_SANDBOX (user_data), msg, 0);
}

/* The object */

static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_unlink (child) != 0)
        g_debug ("Could not remove %s: %s", child, g_strerror (errno));
    }
  if (g_rmdir (path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not remove %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* The folder of renders, in /tmp, is removed with the sandbox; a process that died (killed,
 * crashed, a session that ended) leaves it. Each sandbox holds a lock on a file in its
 * folder while it lives, and a few seconds after the first sandbox a process starts, the
 * folders whose lock nobody holds are removed, in a thread of their own. */
#define DIR_PREFIX "omni-video-sandbox-"
#define DIR_LOCK ".lock"
/* Younger folders are left alone: theirs may be a sandbox that has yet to take its lock. */
#define SWEEP_MIN_AGE_S 60
/* A folder with no lock file is an older version's, which took none: removed after a day. */
#define SWEEP_UNLOCKED_AGE_S (24 * 3600)
/* How long after the first sandbox starts the sweep begins. */
#define SWEEP_DELAY_S 5

static int
lock_dir (const char  *dir,
          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, DIR_LOCK, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;

  {
    int saved_errno = errno;

    if (fd >= 0)
      close (fd);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 "Could not lock %s: %s", path, g_strerror (saved_errno));
    return -1;
  }
}

gboolean
_ovs_sandbox_dir_is_stale (const char *path)
{
  g_autofree char *lock = g_build_filename (path, DIR_LOCK, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GStatBuf st;
  gboolean stale;
  int fd;

  if (g_lstat (path, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    return FALSE;
  fd = g_open (lock, O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    return errno == ENOENT && now - (gint64) st.st_mtime > SWEEP_UNLOCKED_AGE_S;
  /* The lock is let go when the process holding it ends, however it ends. */
  stale = now - (gint64) st.st_mtime > SWEEP_MIN_AGE_S && flock (fd, LOCK_EX | LOCK_NB) == 0;
  close (fd);
  return stale;
}

static gpointer
sweep_stale_dirs_cb (gpointer data)
{
  g_autofree char *tmp = data;
  g_autoptr(GDir) dir = g_dir_open (tmp, 0, NULL);
  const char *name;
  guint n_removed = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!g_str_has_prefix (name, DIR_PREFIX))
        continue;
      path = g_build_filename (tmp, name, NULL);
      if (_ovs_sandbox_dir_is_stale (path) && remove_tree (path, NULL))
        n_removed++;
    }
  if (n_removed > 0)
    g_debug ("Removed %u folders left by sandboxes that are gone", n_removed);
  return NULL;
}

static gboolean
start_sweep_cb (gpointer data)
{
  g_thread_unref (g_thread_new ("sandbox-sweep", sweep_stale_dirs_cb,
                                g_strdup (g_get_tmp_dir ())));
  return G_SOURCE_REMOVE;
}

static void
ovs_sandbox_dispose (GObject *object)
{
  OvsSandbox *self = OVS_SANDBOX (object);
  GHashTableIter iter;
  gpointer value;

  ovs_sandbox_stop (self);

  self->disposing = TRUE;
  g_queue_clear_full (&self->render_queue, (GDestroyNotify) task_unref);
  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Task *task = value;

      if (task->timer != NULL)
        {
          g_source_destroy (task->timer);
          g_clear_pointer (&task->timer, g_source_unref);
        }
      g_cancellable_cancel (task->cancellable);
    }

  /* Renders stop at the next frame once cancelled; wait for them, so that no worker writes
   * into the directory finalize removes and no completion is left undelivered. */
  if (self->n_rendering > 0 && self->context != NULL && g_main_context_acquire (self->context))
    {
      while (self->n_rendering > 0)
        g_main_context_iteration (self->context, TRUE);
      g_main_context_release (self->context);
    }
  else if (self->n_rendering > 0)
    g_warning ("Disposed of the sandbox with %u renders running in a context it does not own",
               self->n_rendering);

  g_hash_table_remove_all (self->tasks);

  G_OBJECT_CLASS (ovs_sandbox_parent_class)->dispose (object);
}

static void
ovs_sandbox_finalize (GObject *object)
{
  OvsSandbox *self = OVS_SANDBOX (object);

  g_clear_object (&self->billing);
  if (self->dir != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!remove_tree (self->dir, &error))
        g_warning ("%s", error->message);
    }
  if (self->dir_lock >= 0)
    close (self->dir_lock);

  for (guint r = 0; r < N_ROUTES; r++)
    g_queue_clear_full (&self->injected[r], g_free);
  g_hash_table_unref (self->tasks);
  g_ptr_array_unref (self->task_ids);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->gate, ovs_sandbox_gate_unref);
  g_free (self->api_key);
  g_free (self->base_url);
  g_free (self->dir);
  g_free (self->secret);

  G_OBJECT_CLASS (ovs_sandbox_parent_class)->finalize (object);
}

static void
ovs_sandbox_class_init (OvsSandboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_sandbox_dispose;
  object_class->finalize = ovs_sandbox_finalize;

  /**
   * OvsSandbox::request-handled:
   * @method: "GET", "POST", …
   * @path: the path, without the query
   * @status: the HTTP status answered; 0 when the connection was dropped or aborted
   *
   * Emitted once per request, when its answer has been sent, for logs. Headers (and so the
   * key) are never passed on.
   */
  signals[REQUEST_HANDLED] = g_signal_new ("request-handled", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

static void
ovs_sandbox_init (OvsSandbox *self)
{
  self->speed = 1.0;
  self->dir_lock = -1;
  self->shape = OVS_SANDBOX_SHAPE_DEFAULT;
  self->rand = g_rand_new ();
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, task_detach_and_unref);
  self->task_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < N_ROUTES; r++)
    g_queue_init (&self->injected[r]);
  g_queue_init (&self->render_queue);
  self->gate = ovs_sandbox_gate_new ();
  self->billing = ovs_sandbox_billing_new ();
  /* Before any render thread exists: ovs_render_pool_isolate_heap () says why. */
  ovs_render_pool_isolate_heap ();
}

OvsSandbox *
ovs_sandbox_new (void)
{
  return g_object_new (OVS_TYPE_SANDBOX, NULL);
}

void
ovs_sandbox_set_api_key (OvsSandbox *self,
                         const char *api_key)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
ovs_sandbox_set_speed (OvsSandbox *self,
                       double      speed)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));
  g_return_if_fail (speed >= 0 && isfinite (speed));

  self->speed = speed;
}

void
ovs_sandbox_set_shape (OvsSandbox      *self,
                       OvsSandboxShape  shape)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));
  g_return_if_fail (shape <= OVS_SANDBOX_SHAPE_MIXED);

  self->shape = shape;
}

void
ovs_sandbox_set_fail_rate (OvsSandbox *self,
                           double      fail_rate)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));
  g_return_if_fail (fail_rate >= 0 && fail_rate <= 1);

  self->fail_rate = fail_rate;
}

void
ovs_sandbox_set_fault_rate (OvsSandbox      *self,
                            OvsSandboxFault  fault,
                            OvsSandboxRoute  route,
                            double           probability)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));
  g_return_if_fail (fault < N_FAULTS);
  g_return_if_fail (route < N_ROUTES);
  g_return_if_fail (probability >= 0 && probability <= 1);

  self->fault_rates[fault][route] = probability;
}

void
ovs_sandbox_set_seed (OvsSandbox *self,
                      guint32     seed)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));

  g_rand_set_seed (self->rand, seed);
}

void
ovs_sandbox_set_url_expiry (OvsSandbox *self,
                            guint       seconds)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));

  self->url_expiry = seconds;
}

void
ovs_sandbox_inject_fault (OvsSandbox      *self,
                          OvsSandboxFault  fault,
                          OvsSandboxRoute  route,
                          guint            count)
{
  Injected *injected;

  g_return_if_fail (OVS_IS_SANDBOX (self));
  g_return_if_fail (fault < N_FAULTS);
  g_return_if_fail (route < N_ROUTES);

  if (count == 0)
    return;
  /* A task failure is a property of the next tasks, whatever the route. */
  if (fault == OVS_SANDBOX_FAULT_TASK_FAILED)
    {
      self->pending_task_failures += count;
      return;
    }
  if (fault == OVS_SANDBOX_FAULT_ECHO_KEY)
    {
      self->pending_echoes += count;
      return;
    }
  if (fault == OVS_SANDBOX_FAULT_REPEAT_ID)
    {
      self->pending_repeats += count;
      return;
    }
  if (fault == OVS_SANDBOX_FAULT_NO_CONVERTER)
    {
      self->pending_no_converters += count;
      return;
    }

  injected = g_new0 (Injected, 1);
  injected->fault = fault;
  injected->count = count;
  g_queue_push_tail (&self->injected[route], injected);
}

gboolean
ovs_sandbox_start (OvsSandbox  *self,
                   guint        port,
                   GError     **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *secret = NULL;

  g_return_val_if_fail (OVS_IS_SANDBOX (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->dir == NULL)
    {
      static gsize swept = 0;

      self->dir = g_dir_make_tmp (DIR_PREFIX "XXXXXX", error);
      if (self->dir == NULL)
        return FALSE;
      self->dir_lock = lock_dir (self->dir, error);
      if (self->dir_lock < 0)
        return FALSE;
      if (g_once_init_enter (&swept))
        {
          /* Not at start-up: a /tmp of thousands of entries is no reason to delay the
           * first frame, on a machine of two cores. */
          g_autoptr(GSource) later = g_timeout_source_new_seconds (SWEEP_DELAY_S);

          g_source_set_callback (later, start_sweep_cb, NULL, NULL);
          g_source_set_static_name (later, "[ovs] sandbox folders sweep");
          g_source_attach (later, g_main_context_get_thread_default ());
          g_once_init_leave (&swept, 1);
        }
    }
  if (self->secret == NULL)
    self->secret = g_strdup_printf ("%08x%08x%08x%08x", g_rand_int (self->rand),
                                    g_rand_int (self->rand), g_rand_int (self->rand),
                                    g_rand_int (self->rand));
  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
  else if (self->context != g_main_context_get_thread_default ()
           && !(g_main_context_get_thread_default () == NULL
                && self->context == g_main_context_default ()))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           "The sandbox must be restarted in the main context it started in");
      return FALSE;
    }

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, server_cb, self, NULL);
  g_signal_connect_object (server, "request-finished", G_CALLBACK (request_finished_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (server, "request-aborted", G_CALLBACK (request_aborted_cb), self,
                           G_CONNECT_DEFAULT);

  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_prefix_error (error, "Could not listen on 127.0.0.1:%u: ", port);
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  g_assert (uris != NULL);
  self->port = g_uri_get_port (uris->data);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->server = g_steal_pointer (&server);

  g_debug ("Listening on %s", self->base_url);
  return TRUE;
}

void
ovs_sandbox_stop (OvsSandbox *self)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));

  if (self->server == NULL)
    return;

  soup_server_disconnect (self->server);
  g_list_free_full (g_steal_pointer (&self->delayed), (GDestroyNotify) delayed_free);
  g_signal_handlers_disconnect_by_data (self->server, self);
  g_clear_object (&self->server);
  g_clear_pointer (&self->base_url, g_free);
  self->port = 0;
}

const char *
ovs_sandbox_get_base_url (OvsSandbox *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), NULL);

  return self->base_url;
}

guint
ovs_sandbox_get_port (OvsSandbox *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), 0);

  return self->port;
}

guint
ovs_sandbox_get_n_requests (OvsSandbox      *self,
                            OvsSandboxRoute  route)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), 0);
  g_return_val_if_fail (route < N_ROUTES, 0);

  return self->n_requests[route];
}

GStrv
ovs_sandbox_dup_task_ids (OvsSandbox *self)
{
  GStrvBuilder *builder;
  GStrv ids;

  g_return_val_if_fail (OVS_IS_SANDBOX (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->task_ids->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->task_ids, i));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

char *
ovs_sandbox_dup_task_body (OvsSandbox *self,
                           const char *task_id)
{
  Task *task;

  g_return_val_if_fail (OVS_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  task = g_hash_table_lookup (self->tasks, task_id);
  return task != NULL ? g_strdup (task->body) : NULL;
}

char *
ovs_sandbox_dup_task_file (OvsSandbox *self,
                           const char *task_id)
{
  Task *task;

  g_return_val_if_fail (OVS_IS_SANDBOX (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  task = g_hash_table_lookup (self->tasks, task_id);
  return task != NULL && task->phase == PHASE_COMPLETED ? g_strdup (task->file) : NULL;
}

/**
 * ovs_sandbox_set_concurrency_limit:
 * @limit: requests of one key in flight at once; 0 counts them and refuses none
 * @hold_ms: how long each create or query answer takes (0: at once)
 *
 * The gateway's per-key concurrency gate, counted for real: a create or a query of a key
 * holds a lease until its answer is written; one more than @limit is answered 429
 * token_concurrency_limit_reached. Creates and both query routes are gated, downloads not.
 */
void
ovs_sandbox_set_concurrency_limit (OvsSandbox *self,
                                   guint       limit,
                                   guint       hold_ms)
{
  g_return_if_fail (OVS_IS_SANDBOX (self));
  ovs_sandbox_gate_set_limit (self->gate, limit, hold_ms);
}

/* The most gated requests of one key that were in flight at once. */
guint
ovs_sandbox_get_max_in_flight (OvsSandbox *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), 0);
  return ovs_sandbox_gate_get_max_in_flight (self->gate);
}

/* How many requests the concurrency gate refused. */
guint
ovs_sandbox_get_n_gate_refusals (OvsSandbox *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), 0);
  return ovs_sandbox_gate_get_n_refused (self->gate);
}

OvsSandboxBilling *
ovs_sandbox_get_billing (OvsSandbox *self)
{
  g_return_val_if_fail (OVS_IS_SANDBOX (self), NULL);
  return self->billing;
}
