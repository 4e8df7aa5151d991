/* ovs-client.c: talking to the Omni-Video gateway (create, query, download)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession, async API only, on the main context the client was made on. Every
 * exchange (one HTTP request) runs under its own GCancellable, chained to the caller's, so
 * that our connect time-out can stop it without the caller's cancellable being touched.
 *
 * The key: only ever in the Authorization header of requests to the base URL's origin.
 * It is never logged, and any echo of it in a server message is masked.
 */
#define G_LOG_DOMAIN "ovs-client"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ovs-client.h"
#include "ovs-paced-stream.h"
#include "ovs-client-private.h"
#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-secret.h"

#define DEFAULT_TIMEOUT_SECONDS         60
#define DEFAULT_CONNECT_TIMEOUT_SECONDS 15
#define DEFAULT_MAX_RETRIES             3
#define BACKOFF_BASE_MS                 500
#define BACKOFF_MAX_MS                  30000
/* A longer Retry-After is handed to the caller (in the error) rather than waited for. */
#define MAX_AUTO_RETRY_AFTER_SECONDS    120
#define MAX_API_BODY_SIZE               (8 * 1024 * 1024)
#define MAX_SERVER_MESSAGE_CHARS        300
#define RETRY_AFTER_KEY                 "ovs-client-retry-after"
#define REFUSED_KEY                     "ovs-client-refused"


G_DEFINE_FINAL_TYPE (OvsClient, ovs_client, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OvsRoute, ovs_route,
  G_DEFINE_ENUM_VALUE (OVS_ROUTE_VIDEOS, "videos"),
  G_DEFINE_ENUM_VALUE (OVS_ROUTE_GENERATIONS, "generations"))

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_ROUTE,
  PROP_ALLOW_INSECURE,
  PROP_MAX_RETRIES,
  PROP_USER_AGENT,
  PROP_TIMEOUT,
  PROP_CONNECT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
ovs_route_to_string (OvsRoute route)
{
  switch (route)
    {
    case OVS_ROUTE_VIDEOS:
      return "videos";
    case OVS_ROUTE_GENERATIONS:
      return "generations";
    default:
      return NULL;
    }
}

gboolean
ovs_route_from_string (const char *nick,
                       OvsRoute   *route)
{
  g_return_val_if_fail (route != NULL, FALSE);

  if (g_strcmp0 (nick, "videos") == 0)
    *route = OVS_ROUTE_VIDEOS;
  else if (g_strcmp0 (nick, "generations") == 0)
    *route = OVS_ROUTE_GENERATIONS;
  else
    return FALSE;
  return TRUE;
}

/* URLs */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  len = strlen (host);
  if (host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
ovs_client_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

gboolean
_ovs_client_uri_is_http (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

gboolean
_ovs_client_same_origin (GUri *a,
                         GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0
         && g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0
         && uri_port (a) == uri_port (b);
}

/* The host only: never the user info a URL might carry. */
const char *
_ovs_client_uri_host (GUri *uri)
{
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  return host != NULL ? host : "?";
}

gboolean
_ovs_client_check_secure (OvsClient  *self,
                          GError    **error)
{
  if (self->allow_insecure
      || g_ascii_strcasecmp (g_uri_get_scheme (self->base_uri), "https") == 0
      || host_is_loopback (g_uri_get_host (self->base_uri)))
    return TRUE;

  g_set_error (error, OVS_ERROR, OVS_ERROR_INSECURE,
               _("Refusing to send the API key in clear text to “%s”: use an https:// base URL "
                 "(plain http is only accepted for this computer, or when insecure connections "
                 "are allowed)"),
               _ovs_client_uri_host (self->base_uri));
  return FALSE;
}

/* "https://host/prefix/" → "https://host/prefix"; NULL and an error when not an http(s) URL. */
static char *
normalize_base_url (const char  *base_url,
                    GUri       **uri_out,
                    GError     **error)
{
  g_autofree char *url = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  g_autoptr(GUri) uri = NULL;
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !_ovs_client_uri_is_http (uri)
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("“%s” is not an http:// or https:// base URL"), url);
      return NULL;
    }

  *uri_out = g_steal_pointer (&uri);
  return g_steal_pointer (&url);
}

/* Messages */

static const char *
current_key (OvsClient *self)
{
  return self->keeper != NULL ? self->keeper->api_key : self->api_key;
}

/* The server's words may echo what it was sent: make sure the key never comes back out. */
static char *
mask_key (OvsClient  *self,
          const char *text)
{
  return ovs_secret_mask (text, current_key (self));
}

static char *
collapse_whitespace (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
truncate_message (char *text)
{
  if (g_utf8_strlen (text, -1) > MAX_SERVER_MESSAGE_CHARS)
    {
      char *end = g_utf8_offset_to_pointer (text, MAX_SERVER_MESSAGE_CHARS);
      char *shorter;

      *end = '\0';
      shorter = g_strconcat (text, "…", NULL);
      g_free (text);
      return shorter;
    }
  return text;
}

/* An HTML error page: its <title>, else its text without the tags. */
static char *
html_message (const char *html)
{
  g_autofree char *lower = g_ascii_strdown (html, -1);
  const char *title = strstr (lower, "<title");
  GString *text = g_string_new (NULL);
  const char *start = html;
  const char *stop = NULL;
  gboolean in_tag = FALSE;

  if (title != NULL && (title = strchr (title, '>')) != NULL)
    {
      const char *end = strstr (title, "</title");

      if (end != NULL && end > title + 1)
        {
          start = html + (title + 1 - lower);
          stop = html + (end - lower);
        }
    }
  else
    {
      /* Skip what is not text: the head, scripts and styles. */
      const char *body = strstr (lower, "<body");

      if (body != NULL)
        start = html + (body - lower);
    }

  for (const char *p = start; *p != '\0' && (stop == NULL || p < stop); p++)
    {
      if (*p == '<')
        {
          in_tag = TRUE;
          g_string_append_c (text, ' ');
        }
      else if (*p == '>')
        in_tag = FALSE;
      else if (!in_tag)
        g_string_append_c (text, *p);
    }

  {
    g_autofree char *raw = g_string_free (text, FALSE);

    return collapse_whitespace (raw);
  }
}

static gboolean
looks_like_html (const char *text,
                 const char *content_type)
{
  const char *p = text;

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    return TRUE;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '<';
}

/* The server's own words about a failure, from any body it sends; NULL when it said
 * nothing. @code_out: the error code of a JSON body. */
char *
_ovs_client_server_message (OvsClient   *self,
                            SoupMessage *msg,
                            GBytes      *body,
                            char       **code_out)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  const char *content_type;

  if (data == NULL || size == 0)
    return NULL;

  text = g_utf8_make_valid (data, size);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                       NULL);

  if (!looks_like_html (text, content_type))
    {
      g_autoptr(OvsTaskUpdate) update = ovs_task_update_parse_text (data, size, NULL);

      if (update != NULL)
        {
          if (code_out != NULL)
            *code_out = g_strdup (update->error_code);
          if (update->error_message != NULL)
            message = collapse_whitespace (update->error_message);
        }
      else
        {
          message = collapse_whitespace (text);
        }
    }
  else
    {
      message = html_message (text);
    }

  if (message == NULL || *message == '\0')
    return NULL;
  {
    g_autofree char *masked = mask_key (self, message);

    return truncate_message (g_steal_pointer (&masked));
  }
}

/* Is @body a JSON error the gateway wrote ({"error":{…}}, {"code":…,"message":…})? */
static gboolean
answer_is_json_error (SoupMessage *msg,
                      GBytes      *body)
{
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;

  if (data == NULL || size == 0)
    return FALSE;
  update = ovs_task_update_parse_text (data, size, NULL);
  return update != NULL && update->is_error_envelope;
}

/* The relay's per-key concurrency gate stands in front of everything else: its 429/503
 * means the request never reached the relay, so even a create may be sent again. */
static gboolean
answer_is_gate_refusal (OvsClient   *self,
                        SoupMessage *msg,
                        GBytes      *body)
{
  g_autofree char *code = NULL;

  /* Only the code tells the gate's refusal; the message is the error's business. */
  g_free (_ovs_client_server_message (self, msg, body, &code));
  return g_strcmp0 (code, "token_concurrency_limit_reached") == 0
         || g_strcmp0 (code, "token_concurrency_unavailable") == 0;
}

/* Maps a non-2xx answer onto OVS_ERROR, keeping the server's message. */
GError *
_ovs_client_http_error (OvsClient   *self,
                        SoupMessage *msg,
                        GBytes      *body)
{
  guint status = soup_message_get_status (msg);
  g_autofree char *code = NULL;
  g_autofree char *message = _ovs_client_server_message (self, msg, body, &code);
  const char *words;
  OvsError error_code;
  const char *what;

  if (message != NULL)
    words = message;
  else if (soup_message_get_reason_phrase (msg) != NULL && *soup_message_get_reason_phrase (msg))
    words = soup_message_get_reason_phrase (msg);
  else
    words = soup_status_get_phrase (status);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      error_code = OVS_ERROR_UNAUTHORIZED;
      what = _("The server refused the key");
    }
  else if (status == SOUP_STATUS_FORBIDDEN || g_strcmp0 (code, "insufficient_user_quota") == 0)
    {
      error_code = OVS_ERROR_QUOTA;
      what = _("The account is out of quota or not allowed");
    }
  else if (status == STATUS_TOO_MANY_REQUESTS)
    {
      error_code = OVS_ERROR_RATE_LIMITED;
      what = _("The server is busy: too many requests");
    }
  else if ((status == SOUP_STATUS_NOT_FOUND || g_strcmp0 (code, "task_not_exist") == 0)
           && soup_message_get_method (msg) == SOUP_METHOD_POST)
    {
      /* No task is named in a create: the route itself is missing (a wrong base URL). */
      error_code = OVS_ERROR_NOT_FOUND;
      what = _("The server does not offer this route");
    }
  else if (status == SOUP_STATUS_NOT_FOUND || g_strcmp0 (code, "task_not_exist") == 0)
    {
      error_code = OVS_ERROR_NOT_FOUND;
      what = _("No such task");
    }
  else if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      error_code = OVS_ERROR_TOO_LARGE;
      what = _("The request is larger than the server accepts");
    }
  else if (status == SOUP_STATUS_NOT_IMPLEMENTED)
    {
      error_code = OVS_ERROR_UNSUPPORTED;
      what = _("The server cannot answer this route for this task");
    }
  else if (status >= 500)
    {
      error_code = OVS_ERROR_SERVER;
      what = _("The server failed");
    }
  else if (status >= 400)
    {
      error_code = OVS_ERROR_INVALID;
      what = _("The server refused the request");
    }
  else
    {
      error_code = OVS_ERROR_BAD_RESPONSE;
      what = _("Unexpected answer from the server");
    }

  /* Translators: "The server refused the key (401): 无效的令牌": what went wrong, the HTTP
   * status, and the server's own message */
  return g_error_new (OVS_ERROR, error_code, _("%s (%u): %s"), what, status, words);
}

/* A 2xx answer that is an error envelope ({"code":"task_not_exist",…}). */
static GError *
envelope_error (OvsClient     *self,
                OvsTaskUpdate *update)
{
  g_autofree char *message = mask_key (self, update->error_message != NULL
                                               ? update->error_message
                                               : update->error_code);
  OvsError code = OVS_ERROR_BAD_RESPONSE;

  if (g_strcmp0 (update->error_code, "task_not_exist") == 0)
    code = OVS_ERROR_NOT_FOUND;
  else if (g_strcmp0 (update->error_code, "insufficient_user_quota") == 0)
    code = OVS_ERROR_QUOTA;

  return g_error_new (OVS_ERROR, code, _("The server answered with an error: %s"),
                      message != NULL ? message : "?");
}

/* Seconds, or an HTTP date; 0 when absent or unreadable. */
static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  char *end = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;
  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      return seconds > G_MAXINT ? G_MAXINT : (guint) seconds;
    }
  else
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span;

      if (date == NULL)
        return 0;
      span = g_date_time_difference (date, now);
      if (span <= 0)
        return 0;
      return (guint) MIN ((span + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, G_MAXINT);
    }
}

gboolean
_ovs_client_status_is_retryable (guint status)
{
  /* 501: asking again gets the same answer. */
  return status == STATUS_TOO_MANY_REQUESTS
         || (status >= 500 && status <= 599 && status != SOUP_STATUS_NOT_IMPLEMENTED);
}

/* Exchanges: one HTTP request under its own cancellable and connect timer */


void
_ovs_client_exchange_init (Exchange     *ex,
                           OvsClient    *client,
                           GCancellable *cancellable)
{
  ex->client = client;
  g_set_object (&ex->user_cancellable, cancellable);
}

void
_ovs_client_exchange_end (Exchange *ex)
{
  g_clear_handle_id (&ex->connect_timeout_id, g_source_remove);
  if (ex->msg != NULL && ex->network_event_id != 0)
    g_clear_signal_handler (&ex->network_event_id, ex->msg);
  if (ex->msg != NULL && ex->wrote_body_id != 0)
    g_clear_signal_handler (&ex->wrote_body_id, ex->msg);
  if (ex->user_cancellable != NULL && ex->cancel_id != 0)
    g_cancellable_disconnect (ex->user_cancellable, ex->cancel_id);
  ex->cancel_id = 0;
}

/* The wait before a retry is two sources (the timer and the user's cancellable): whichever
 * ends it, both go. */
static void
exchange_stop_wait (Exchange *ex)
{
  if (ex->wait_source != NULL)
    {
      g_source_destroy (ex->wait_source);
      g_clear_pointer (&ex->wait_source, g_source_unref);
    }
  if (ex->wait_cancel_source != NULL)
    {
      g_source_destroy (ex->wait_cancel_source);
      g_clear_pointer (&ex->wait_cancel_source, g_source_unref);
    }
}

void
_ovs_client_exchange_clear (Exchange *ex)
{
  _ovs_client_exchange_end (ex);
  exchange_stop_wait (ex);
  g_clear_object (&ex->msg);
  g_clear_object (&ex->cancellable);
  g_clear_object (&ex->user_cancellable);
}

gboolean
_ovs_client_exchange_user_cancelled (Exchange *ex)
{
  return g_cancellable_is_cancelled (ex->user_cancellable);
}

static void
chain_cancel_cb (GCancellable *user_cancellable,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  Exchange *ex = user_data;

  ex->connect_timeout_id = 0;
  ex->connect_timed_out = TRUE;
  g_debug ("No connection to %s after %u s", _ovs_client_uri_host (soup_message_get_uri (ex->msg)),
           ex->client->connect_timeout);
  g_cancellable_cancel (ex->cancellable);
  return G_SOURCE_REMOVE;
}

/* The connect time-out runs while a new connection is made (name resolution, TCP, TLS);
 * not while the message waits for a free connection, nor on a connection kept alive.
 * Once connected, the session's I/O time-out applies. */
static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Exchange *ex = user_data;

  if (event == G_SOCKET_CLIENT_COMPLETE)
    g_clear_handle_id (&ex->connect_timeout_id, g_source_remove);
  else if (ex->connect_timeout_id == 0 && ex->client->connect_timeout > 0)
    ex->connect_timeout_id = g_timeout_add_seconds (ex->client->connect_timeout,
                                                    connect_timeout_cb, ex);
}

static void
wrote_body_cb (SoupMessage *msg,
               gpointer     user_data)
{
  Exchange *ex = user_data;

  ex->body_sent = TRUE;
}

/* Sends @msg (transfer full) under a fresh cancellable. */
void
_ovs_client_exchange_send (Exchange            *ex,
                           SoupMessage         *msg,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  _ovs_client_exchange_end (ex);
  g_clear_object (&ex->msg);
  g_clear_object (&ex->cancellable);

  ex->msg = msg;
  ex->cancellable = g_cancellable_new ();
  ex->connect_timed_out = FALSE;
  ex->body_sent = FALSE;
  ex->attempt++;
  if (ex->user_cancellable != NULL)
    ex->cancel_id = g_cancellable_connect (ex->user_cancellable, G_CALLBACK (chain_cancel_cb),
                                           g_object_ref (ex->cancellable), g_object_unref);
  ex->network_event_id = g_signal_connect (msg, "network-event", G_CALLBACK (network_event_cb),
                                           ex);
  ex->wrote_body_id = g_signal_connect (msg, "wrote-body", G_CALLBACK (wrote_body_cb), ex);

  g_debug ("%s %s (attempt %u)", soup_message_get_method (msg),
           g_uri_get_path (soup_message_get_uri (msg)), ex->attempt);
  soup_session_send_async (ex->client->session, msg, G_PRIORITY_DEFAULT, ex->cancellable,
                           callback, user_data);
}

/* Turns a transport failure into the error to report: G_IO_ERROR_CANCELLED when the user
 * cancelled, else OVS_ERROR_NETWORK (our connect time-out included). */
GError *
_ovs_client_exchange_transport_error (Exchange *ex,
                                      GError   *error)
{
  GUri *uri = ex->msg != NULL ? soup_message_get_uri (ex->msg) : NULL;

  if (_ovs_client_exchange_user_cancelled (ex))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  /* A create that never left cannot have made a task: say so, the user may send it again.
   * Once the body went out, only the server knows. */
  if (ex->msg != NULL && soup_message_get_method (ex->msg) == SOUP_METHOD_POST && !ex->body_sent)
    {
      g_autofree char *masked = mask_key (ex->client, error->message);

      if (ex->connect_timed_out)
        return g_error_new (OVS_ERROR, OVS_ERROR_NOT_SENT,
                            _("Not sent: could not connect to %s within %u seconds. Nothing was "
                              "created; it is safe to send again."),
                            _ovs_client_uri_host (uri), ex->client->connect_timeout);
      return g_error_new (OVS_ERROR, OVS_ERROR_NOT_SENT,
                          _("Not sent: could not reach %s (%s). Nothing was created; it is safe "
                            "to send again."), _ovs_client_uri_host (uri), masked);
    }
  if (ex->connect_timed_out)
    return g_error_new (OVS_ERROR, OVS_ERROR_NETWORK,
                        _("Could not connect to %s within %u seconds"),
                        _ovs_client_uri_host (uri), ex->client->connect_timeout);
  if (g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE)
      || g_error_matches (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE))
    return g_error_copy (error);
  {
    g_autofree char *masked = mask_key (ex->client, error->message);

    return g_error_new (OVS_ERROR, OVS_ERROR_NETWORK, _("Could not talk to %s: %s"),
                        _ovs_client_uri_host (uri), masked);
  }
}

/* The answer's body, its Retry-After kept for exchange_retry() and the caller; NULL and the
 * error to report when no answer came. */
GInputStream *
_ovs_client_exchange_send_finish (Exchange      *ex,
                                  SoupSession   *session,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GInputStream *stream = soup_session_send_finish (session, result, &local_error);
  guint status;

  if (stream == NULL)
    {
      g_propagate_error (error, _ovs_client_exchange_transport_error (ex, local_error));
      return NULL;
    }

  status = soup_message_get_status (ex->msg);
  ex->retry_after = _ovs_client_status_is_retryable (status) ? parse_retry_after (ex->msg) : 0;
  return stream;
}

/* The delay before attempt number ex->attempt + 1; 0 when no retry should be made. */
static guint
exchange_retry_delay_ms (Exchange *ex,
                         guint     status)
{
  guint delay;

  if (ex->attempt > ex->client->max_retries)
    return 0;

  if ((status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
      && ex->retry_after > 0)
    {
      if (ex->retry_after > MAX_AUTO_RETRY_AFTER_SECONDS)
        return 0;
      /* Jitter upwards only: the server asked for at least this long. */
      return ex->retry_after * 1000 + g_random_int_range (0, 250);
    }

  delay = BACKOFF_BASE_MS << MIN (ex->attempt - 1, 10);
  delay = MIN (delay, BACKOFF_MAX_MS);
  /* ±25 % */
  return (guint) (delay * g_random_double_range (0.75, 1.25));
}

static gboolean
wait_done_cb (gpointer user_data)
{
  Exchange *ex = ((gpointer *) user_data)[0];
  GSourceFunc next = (GSourceFunc) ((gpointer *) user_data)[1];
  gpointer data = ((gpointer *) user_data)[2];

  exchange_stop_wait (ex);
  next (data);
  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  return wait_done_cb (user_data);
}

/* After a failed attempt: when the retry policy allows another, calls @next (@data) after the
 * delay, or at once when the user cancels, and returns TRUE. @error is only logged. */
gboolean
_ovs_client_exchange_retry (Exchange     *ex,
                            guint         status,
                            const GError *error,
                            GSourceFunc   next,
                            gpointer      data)
{
  GUri *uri = soup_message_get_uri (ex->msg);
  guint delay_ms = exchange_retry_delay_ms (ex, status);
  gpointer *closure;

  if (delay_ms == 0)
    return FALSE;

  g_debug ("%s %s%s failed (%s); retrying in %u ms", soup_message_get_method (ex->msg),
           _ovs_client_uri_host (uri), g_uri_get_path (uri), error->message, delay_ms);

  g_assert (ex->wait_source == NULL);
  closure = g_new (gpointer, 3);
  closure[0] = ex;
  closure[1] = (gpointer) next;
  closure[2] = data;

  ex->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (ex->wait_source, wait_done_cb, closure, g_free);
  g_source_attach (ex->wait_source, g_main_context_get_thread_default ());

  if (ex->user_cancellable != NULL)
    {
      ex->wait_cancel_source = g_cancellable_source_new (ex->user_cancellable);
      g_source_set_callback (ex->wait_cancel_source, G_SOURCE_FUNC (wait_cancelled_cb),
                             closure, NULL);
      g_source_attach (ex->wait_cancel_source, g_main_context_get_thread_default ());
    }
  return TRUE;
}

/* Reading a whole (small) body */

typedef struct
{
  GInputStream *stream;
  GByteArray   *data;
  gsize         limit;
  gboolean      truncate;
} ReadAll;

static void
read_all_free (ReadAll *state)
{
  g_clear_object (&state->stream);
  g_clear_pointer (&state->data, g_byte_array_unref);
  g_free (state);
}

static void read_all_next (GTask *task);

static void
read_all_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadAll *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (state->stream, result, &error);
  gsize size;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      g_input_stream_close_async (state->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&state->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (state->data->len + size > state->limit)
    {
      if (state->truncate)
        {
          g_byte_array_append (state->data, g_bytes_get_data (bytes, NULL),
                               state->limit - state->data->len);
          g_task_return_pointer (task,
                                 g_byte_array_free_to_bytes (g_steal_pointer (&state->data)),
                                 (GDestroyNotify) g_bytes_unref);
          return;
        }
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                               _("The server’s answer is larger than %u MiB"),
                               (guint) (state->limit / (1024 * 1024)));
      return;
    }

  g_byte_array_append (state->data, g_bytes_get_data (bytes, NULL), size);
  read_all_next (g_steal_pointer (&task));
}

static void
read_all_next (GTask *task)
{
  ReadAll *state = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (state->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_all_cb, task);
}

/* @truncate: keep the first @limit bytes of a longer body instead of failing. */
void
_ovs_client_read_all_async (GInputStream        *stream,
                            gsize                limit,
                            gboolean             truncate,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  ReadAll *state = g_new0 (ReadAll, 1);

  state->stream = g_object_ref (stream);
  state->data = g_byte_array_new ();
  state->limit = limit;
  state->truncate = truncate;
  g_task_set_task_data (task, state, (GDestroyNotify) read_all_free);
  read_all_next (task);
}

GBytes *
_ovs_client_read_all_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Building requests */

SoupMessage *
_ovs_client_new_message (OvsClient  *self,
                         const char *method,
                         GUri       *uri,
                         gboolean    with_key)
{
  SoupMessage *msg = soup_message_new_from_uri (method, uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  /* Redirects are followed by hand, so that the key never follows one to another host. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (with_key && current_key (self) != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", current_key (self), NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  soup_message_headers_replace (headers, "Accept", "application/json, */*;q=0.5");
  return msg;
}

/* {base}{path}/{escaped id}{suffix} */
GUri *
_ovs_client_task_uri (OvsClient  *self,
                      const char *path,
                      const char *task_id,
                      const char *suffix)
{
  g_autofree char *escaped = task_id != NULL ? g_uri_escape_string (task_id, NULL, FALSE) : NULL;
  g_autofree char *text = g_strconcat (self->base_url, path,
                                       escaped != NULL ? "/" : "", escaped != NULL ? escaped : "",
                                       suffix != NULL ? suffix : "", NULL);

  return g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
}

static const char *
route_path (OvsClient *self)
{
  return self->route == OVS_ROUTE_GENERATIONS ? "/v1/video/generations" : "/v1/videos";
}

static void
set_retry_after (GTask *task,
                 guint  seconds)
{
  g_object_set_data (G_OBJECT (task), RETRY_AFTER_KEY, GUINT_TO_POINTER (seconds));
}

gboolean
ovs_client_result_was_refused (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), REFUSED_KEY));
}

guint
ovs_client_result_get_retry_after (GAsyncResult *result)
{
  g_return_val_if_fail (G_IS_TASK (result), 0);

  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), RETRY_AFTER_KEY));
}

/* Ends @task (the reference we hold on it goes) with @error, handing the server's last
 * Retry-After on to the caller. */
void
_ovs_client_exchange_return_error (Exchange *ex,
                                   GTask    *task,
                                   GError   *error)
{
  g_autofree char *masked = mask_key (ex->client, error->message);

  /* Every message that leaves the client, whatever made it. */
  g_free (error->message);
  error->message = g_steal_pointer (&masked);
  _ovs_client_exchange_end (ex);
  set_retry_after (task, ex->retry_after);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* API calls: create and query */

typedef struct
{
  Exchange  ex;
  char     *method;
  GUri     *uri;
  GBytes   *body;
  gboolean  retry;
  gboolean  want_task_id;
  gboolean  gate_refused;   /* the last answer was the concurrency gate's refusal */
  gboolean  want_json;     /* any JSON answer (the billing routes), not a task */
} ApiCall;

static void
api_call_free (ApiCall *call)
{
  _ovs_client_exchange_clear (&call->ex);
  g_free (call->method);
  g_clear_pointer (&call->uri, g_uri_unref);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call);
}

static void api_call_send (GTask *task);

static gboolean
api_call_retry_cb (gpointer user_data)
{
  api_call_send (user_data);
  return G_SOURCE_REMOVE;
}

/* Retries when allowed and worth it; else returns @error. Takes @task and @error. */
static void
api_call_fail (GTask  *task,
               GError *error,
               guint   status)
{
  ApiCall *call = g_task_get_task_data (task);

  _ovs_client_exchange_end (&call->ex);

  if ((call->retry || call->gate_refused) && !_ovs_client_exchange_user_cancelled (&call->ex)
      && (g_error_matches (error, OVS_ERROR, OVS_ERROR_NETWORK)
          || _ovs_client_status_is_retryable (status))
      && _ovs_client_exchange_retry (&call->ex, status, error, api_call_retry_cb, task))
    {
      g_error_free (error);
      return;
    }

  _ovs_client_exchange_return_error (&call->ex, task, error);
}

/* A billing route's answer, returned as the JSON it is (its own parsers judge it). */
static void
api_json_return (GTask      *task,
                 const char *data,
                 gsize       size)
{
  ApiCall *call = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, data, (gssize) size, &error)
      || json_parser_get_root (parser) == NULL)
    {
      api_call_fail (task, g_error_new (OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                                        _("The server’s answer is not JSON: %s"),
                                        error != NULL ? error->message : ""),
                     soup_message_get_status (call->ex.msg));
      return;
    }
  _ovs_client_exchange_end (&call->ex);
  g_task_return_pointer (task, json_node_copy (json_parser_get_root (parser)),
                         (GDestroyNotify) json_node_unref);
  g_object_unref (task);
}

static void
api_body_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  ApiCall *call = g_task_get_task_data (task);
  OvsClient *self = call->ex.client;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = _ovs_client_read_all_finish (result, &error);
  g_autoptr(OvsTaskUpdate) update = NULL;
  guint status = soup_message_get_status (call->ex.msg);
  gsize size = 0;
  const char *data;

  if (body == NULL)
    {
      api_call_fail (task, _ovs_client_exchange_transport_error (&call->ex, error), 0);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* A create answered with an error the gateway wrote (a 4xx, or a 5xx with its JSON
       * error body, as 503 model_not_found) made no task; a bare 5xx page from a proxy in
       * front may have come after the gateway acted. */
      if (call->want_task_id && (status < 500 || answer_is_json_error (call->ex.msg, body)))
        g_object_set_data (G_OBJECT (task), REFUSED_KEY, GINT_TO_POINTER (TRUE));
      call->gate_refused = answer_is_gate_refusal (self, call->ex.msg, body);
      api_call_fail (task, _ovs_client_http_error (self, call->ex.msg, body), status);
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (call->want_json)
    {
      api_json_return (task, data, size);
      return;
    }
  update = ovs_task_update_parse_text (data, size, &error);
  if (update == NULL)
    {
      api_call_fail (task, g_steal_pointer (&error), status);
      return;
    }
  /* Before anything of it is stored, printed or shown. */
  ovs_secret_mask_update (update, current_key (self));
  if (update->is_error_envelope)
    {
      api_call_fail (task, envelope_error (self, update), status);
      return;
    }
  if (call->want_task_id && update->task_id == NULL)
    {
      api_call_fail (task, g_error_new_literal (OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                                                _("The server accepted the request but gave no "
                                                  "task id")),
                     status);
      return;
    }

  _ovs_client_exchange_end (&call->ex);
  g_task_return_pointer (task, g_steal_pointer (&update), (GDestroyNotify) ovs_task_update_free);
  g_object_unref (task);
}

static void
api_sent_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  ApiCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;

  stream = _ovs_client_exchange_send_finish (&call->ex, SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      api_call_fail (task, g_steal_pointer (&error), 0);
      return;
    }

  status = soup_message_get_status (call->ex.msg);
  g_debug ("%s %s → %u", call->method, g_uri_get_path (call->uri), status);

  _ovs_client_read_all_async (stream, SOUP_STATUS_IS_SUCCESSFUL (status) ? MAX_API_BODY_SIZE
                                                                         : MAX_ERROR_BODY_SIZE,
                              !SOUP_STATUS_IS_SUCCESSFUL (status), call->ex.cancellable,
                              api_body_cb, task);
}

static void
api_call_send (GTask *task)
{
  ApiCall *call = g_task_get_task_data (task);
  OvsClient *self = call->ex.client;
  g_autoptr(GError) error = NULL;
  SoupMessage *msg;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  if (!_ovs_client_check_secure (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  call->gate_refused = FALSE;
  msg = _ovs_client_new_message (self, call->method, call->uri, TRUE);
  /* A gateway on this machine (the built-in sandbox, a relay on localhost) takes a body as
   * fast as the main context writes it, in slices of its time then (ovs-paced-stream.c);
   * over a network the socket's buffer fills and the write waits by itself. */
  if (call->body != NULL && host_is_loopback (g_uri_get_host (call->uri)))
    {
      g_autoptr(GInputStream) body = ovs_paced_stream_new (call->body,
                                                           OVS_PACED_STREAM_SLICE_US);

      soup_message_set_request_body (msg, "application/json", body,
                                     g_bytes_get_size (call->body));
    }
  else if (call->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", call->body);
  _ovs_client_exchange_send (&call->ex, msg, api_sent_cb, task);
}

static void
api_call_start (OvsClient           *self,
                const char          *method,
                GUri                *uri,
                GBytes              *body,
                gboolean             retry,
                gboolean             want_task_id,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ApiCall *call = g_new0 (ApiCall, 1);

  g_task_set_source_tag (task, source_tag);
  _ovs_client_exchange_init (&call->ex, self, cancellable);
  call->method = g_strdup (method);
  call->uri = uri;
  call->body = body;
  call->retry = retry;
  call->want_task_id = want_task_id;
  g_task_set_task_data (task, call, (GDestroyNotify) api_call_free);

  if (uri == NULL)
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                               _("Could not make a URL for the request"));
      g_object_unref (task);
      return;
    }

  api_call_send (task);
}

void
ovs_client_create_bytes_async (OvsClient           *self,
                               GBytes              *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  api_call_start (self, "POST", _ovs_client_task_uri (self, route_path (self), NULL, NULL),
                  g_bytes_ref (body), FALSE, TRUE, ovs_client_create_async, cancellable,
                  callback, user_data);
}

void
ovs_client_create_async (OvsClient           *self,
                         const char          *body_json,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (body_json != NULL);

  body = g_bytes_new (body_json, strlen (body_json));
  ovs_client_create_bytes_async (self, body, cancellable, callback, user_data);
}

OvsTaskUpdate *
ovs_client_create_finish (OvsClient     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_client_create_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ovs_client_query_async (OvsClient           *self,
                        const char          *task_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (task_id != NULL && *task_id != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  api_call_start (self, "GET", _ovs_client_task_uri (self, route_path (self), task_id, NULL), NULL,
                  TRUE, FALSE, ovs_client_query_async, cancellable, callback, user_data);
}

OvsTaskUpdate *
ovs_client_query_finish (OvsClient     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_client_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GET @path (e.g. "/api/usage/token") of the gateway with the key: the answer as JSON. A
 * 404 or 501 fails with OVS_ERROR_NOT_FOUND or OVS_ERROR_UNSUPPORTED, so that a feature
 * can hide where the gateway lacks the route. */
void
ovs_client_get_json_async (OvsClient           *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  ApiCall *call;

  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_client_get_json_async);
  call = g_new0 (ApiCall, 1);
  _ovs_client_exchange_init (&call->ex, self, cancellable);
  call->method = g_strdup ("GET");
  call->uri = _ovs_client_task_uri (self, path, NULL, NULL);
  call->want_json = TRUE;
  g_task_set_task_data (task, call, (GDestroyNotify) api_call_free);
  if (call->uri == NULL)
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                               _("Could not make a URL for the request"));
      g_object_unref (task);
      return;
    }
  api_call_send (task);
}

JsonNode *
ovs_client_get_json_finish (OvsClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The object */

static void
ovs_client_set_base_url (OvsClient  *self,
                         const char *base_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = normalize_base_url (base_url, &uri, &error);

  if (url == NULL)
    {
      /* ovs_client_new*() check first; a bad URL set otherwise is a programmer error. */
      g_warning ("%s", error->message);
      url = g_strdup (OVS_CLIENT_DEFAULT_BASE_URL);
      uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    }

  g_free (self->base_url);
  self->base_url = g_steal_pointer (&url);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  self->base_uri = g_steal_pointer (&uri);
}

static void
ovs_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  OvsClient *self = OVS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_ROUTE:
      g_value_set_enum (value, self->route);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_USER_AGENT:
      g_value_set_string (value, self->user_agent);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_client_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  OvsClient *self = OVS_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      ovs_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      ovs_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_ROUTE:
      ovs_client_set_route (self, g_value_get_enum (value));
      break;
    case PROP_ALLOW_INSECURE:
      ovs_client_set_allow_insecure (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_RETRIES:
      ovs_client_set_max_retries (self, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          g_object_set (self->session, "timeout", self->timeout, NULL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CONNECT_TIMEOUT:
      if (self->connect_timeout != g_value_get_uint (value))
        {
          self->connect_timeout = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_client_dispose (GObject *object)
{
  OvsClient *self = OVS_CLIENT (object);

  if (self->session != NULL && !self->shares_session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->keeper);

  G_OBJECT_CLASS (ovs_client_parent_class)->dispose (object);
}

static void
ovs_client_finalize (GObject *object)
{
  OvsClient *self = OVS_CLIENT (object);

  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->base_url);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_free (self->user_agent);

  G_OBJECT_CLASS (ovs_client_parent_class)->finalize (object);
}

static void
ovs_client_class_init (OvsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ovs_client_get_property;
  object_class->set_property = ovs_client_set_property;
  object_class->dispose = ovs_client_dispose;
  object_class->finalize = ovs_client_finalize;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, OVS_CLIENT_DEFAULT_BASE_URL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: the key is not handed out again. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROUTE] =
    g_param_spec_enum ("route", NULL, NULL, OVS_TYPE_ROUTE, OVS_ROUTE_VIDEOS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_INSECURE] =
    g_param_spec_boolean ("allow-insecure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_RETRIES] =
    g_param_spec_uint ("max-retries", NULL, NULL, 0, 20, DEFAULT_MAX_RETRIES,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_AGENT] =
    g_param_spec_string ("user-agent", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, 3600, DEFAULT_CONNECT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_client_init (OvsClient *self)
{
  self->route = OVS_ROUTE_VIDEOS;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT_SECONDS;
  self->user_agent = g_strdup ("OmniVideoStudio/" PACKAGE_VERSION);
  self->session = soup_session_new_with_options ("user-agent", self->user_agent,
                                                 "timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 /* Downloads must not hold up polling */
                                                 "max-conns-per-host", 6,
                                                 NULL);
}

OvsClient *
ovs_client_new_full (const char  *base_url,
                     const char  *api_key,
                     gboolean     allow_insecure,
                     GError     **error)
{
  g_autoptr(OvsClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = normalize_base_url (base_url, &uri, error);
  if (url == NULL)
    return NULL;

  if (api_key == NULL || *api_key == '\0')
    {
      if (!host_is_loopback (g_uri_get_host (uri)))
        {
          g_set_error_literal (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED,
                               _("No API key is set: put it in the environment variable "
                                 "OMNIROUTERS_API_KEY"));
          return NULL;
        }
      api_key = OVS_CLIENT_SANDBOX_KEY;
    }

  self = g_object_new (OVS_TYPE_CLIENT,
                       "base-url", url,
                       "api-key", api_key,
                       "allow-insecure", allow_insecure,
                       NULL);
  if (!_ovs_client_check_secure (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

OvsClient *
ovs_client_new_sibling (OvsClient *other,
                        OvsRoute   route)
{
  OvsClient *self;

  g_return_val_if_fail (OVS_IS_CLIENT (other), NULL);

  self = g_object_new (OVS_TYPE_CLIENT,
                       "base-url", other->base_url,
                       "api-key", other->api_key,
                       "allow-insecure", other->allow_insecure,
                       "max-retries", other->max_retries,
                       "timeout", other->timeout,
                       "connect-timeout", other->connect_timeout,
                       "route", route,
                       NULL);
  /* One connection pool per endpoint: the gateway counts our connections, not our clients. */
  g_object_unref (self->session);
  self->session = g_object_ref (other->session);
  self->shares_session = TRUE;
  self->keeper = g_object_ref (other);
  return self;
}

OvsClient *
ovs_client_new (const char  *base_url,
                const char  *api_key,
                GError     **error)
{
  return ovs_client_new_full (base_url, api_key, FALSE, error);
}

OvsClient *
ovs_client_new_from_environment (GError **error)
{
  const char *base_url = g_getenv ("OMNIROUTERS_BASE_URL");

  if (base_url == NULL || *base_url == '\0')
    base_url = OVS_CLIENT_DEFAULT_BASE_URL;
  return ovs_client_new (base_url, g_getenv ("OMNIROUTERS_API_KEY"), error);
}

const char *
ovs_client_get_base_url (OvsClient *self)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);

  return self->base_url;
}

OvsRoute
ovs_client_get_route (OvsClient *self)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), OVS_ROUTE_VIDEOS);

  return self->route;
}

void
ovs_client_set_route (OvsClient *self,
                      OvsRoute   route)
{
  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (route == OVS_ROUTE_VIDEOS || route == OVS_ROUTE_GENERATIONS);

  if (self->route == route)
    return;
  self->route = route;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

void
ovs_client_set_api_key (OvsClient  *self,
                        const char *api_key)
{
  g_return_if_fail (OVS_IS_CLIENT (self));

  if (g_strcmp0 (self->api_key, api_key) == 0)
    return;
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
}

gboolean
ovs_client_get_allow_insecure (OvsClient *self)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), FALSE);

  return self->allow_insecure;
}

void
ovs_client_set_allow_insecure (OvsClient *self,
                               gboolean   allow_insecure)
{
  g_return_if_fail (OVS_IS_CLIENT (self));

  allow_insecure = !!allow_insecure;
  if (self->allow_insecure == allow_insecure)
    return;
  self->allow_insecure = allow_insecure;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_INSECURE]);
}

guint
ovs_client_get_max_retries (OvsClient *self)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), 0);

  return self->max_retries;
}

void
ovs_client_set_max_retries (OvsClient *self,
                            guint      max_retries)
{
  g_return_if_fail (OVS_IS_CLIENT (self));

  if (self->max_retries == max_retries)
    return;
  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

const char *
ovs_client_get_user_agent (OvsClient *self)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);

  return self->user_agent;
}
