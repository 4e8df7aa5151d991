/* ovs-client-download.c: fetching a finished video (OvsClient's downloads)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Into a .part file beside its final name, resumed with Range where the server allows it,
 * checked to be a video before it gets that name, never over an existing file.
 */
#define G_LOG_DOMAIN "ovs-client"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "ovs-client-private.h"
#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-secret.h"

/* Downloads */

typedef struct
{
  Exchange         ex;
  GUri            *url;           /* the result URL, or NULL */
  char            *task_id;
  char            *stem;          /* the file name without extension, safe */
  char            *dest_dir;      /* absolute */
  goffset          max_size;
  OvsProgressFunc  progress;
  gpointer         progress_data;

  gboolean         from_content;  /* the /content phase */
  GUri            *current;       /* this hop, after redirects */
  gboolean         with_key;
  guint            redirects;

  GInputStream    *body;
  GFile           *part;
  GOutputStream   *out;
  char            *ext;
  goffset          received;
  goffset          total;
  gint64           last_progress;
  guint            create_tries;
  gboolean         first_reported;
  gboolean         ranges;        /* the server said Accept-Ranges: bytes */
} Download;

static void
download_discard_part (Download *dl)
{
  if (dl->out != NULL)
    {
      /* Nothing is pending on it: we only get here from a finished operation. */
      g_output_stream_close (dl->out, NULL, NULL);
      g_clear_object (&dl->out);
    }
  if (dl->part != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!g_file_delete (dl->part, NULL, &error)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Could not delete the partial download: %s", error->message);
      g_clear_object (&dl->part);
    }
}

static void
download_free (Download *dl)
{
  download_discard_part (dl);
  if (dl->body != NULL)
    g_input_stream_close_async (dl->body, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&dl->body);
  _ovs_client_exchange_clear (&dl->ex);
  g_clear_pointer (&dl->url, g_uri_unref);
  g_clear_pointer (&dl->current, g_uri_unref);
  g_free (dl->task_id);
  g_free (dl->stem);
  g_free (dl->dest_dir);
  g_free (dl->ext);
  g_free (dl);
}

/* Only [A-Za-z0-9_-], at most 128 of them: the name cannot climb out of the folder, hide the
 * file or name a device. */
static char *
sanitize_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p != '\0' && out->len < 128; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != '_')
        g_string_append_c (out, '_');
    }
  if (out->len == 0)
    g_string_append (out, "video");
  return g_string_free (out, FALSE);
}

static const char *
extension_for_content_type (const char *content_type)
{
  static const struct { const char *type; const char *ext; } types[] = {
    { "video/mp4", "mp4" },
    { "video/webm", "webm" },
    { "video/quicktime", "mov" },
  };

  for (guint i = 0; content_type != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_ascii_strcasecmp (content_type, types[i].type) == 0)
      return types[i].ext;
  return NULL;
}

static const char *
extension_for_uri (GUri *uri)
{
  static const char * const known[] = { "mp4", "webm", "mov", "mkv", "m4v", NULL };
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *dot;
  const char *slash;

  if (path == NULL)
    return NULL;
  dot = strrchr (path, '.');
  slash = strrchr (path, '/');
  if (dot == NULL || (slash != NULL && dot < slash))
    return NULL;
  for (guint i = 0; known[i] != NULL; i++)
    if (g_ascii_strcasecmp (dot + 1, known[i]) == 0)
      return known[i];
  return NULL;
}

static void
download_report (Download *dl,
                 gboolean  force)
{
  gint64 now;

  if (dl->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - dl->last_progress < PROGRESS_INTERVAL_US)
    return;
  dl->last_progress = now;
  dl->progress (dl->received, dl->total, dl->progress_data);
}

static void download_start_phase (GTask *task, gboolean from_content);
static void download_send        (GTask *task);
static void download_read_next   (GTask *task);

static gboolean
download_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);

  /* A retry starts the phase over: from its first URL, without the redirects. */
  g_clear_pointer (&dl->current, g_uri_unref);
  download_send (task);
  return G_SOURCE_REMOVE;
}

static void
download_return_error (GTask  *task,
                       GError *error)
{
  Download *dl = g_task_get_task_data (task);

  download_discard_part (dl);
  _ovs_client_exchange_return_error (&dl->ex, task, error);
}

/* A result URL that failed gives way to the gateway's /content; from /content the failure
 * is the download's. Takes @error. */
static void
download_try_content (GTask  *task,
                      GError *error)
{
  Download *dl = g_task_get_task_data (task);

  if (dl->from_content)
    {
      download_return_error (task, error);
      return;
    }
  g_debug ("The result URL failed (%s); trying /content", error->message);
  g_error_free (error);
  download_start_phase (task, TRUE);
}

/* A failure of this hop: retried, then (for a result URL) /content, then reported. Takes
 * @task and @error. */
static void
download_fail (GTask    *task,
               GError   *error,
               guint     status,
               gboolean  retryable)
{
  Download *dl = g_task_get_task_data (task);
  /* Cut in the middle by a server that takes Range: the next attempt goes on from there
   * (a 2 GB video cut at 1.9 GB does not start over). */
  gboolean resumable = retryable && dl->ranges && dl->received > 0 && dl->out != NULL;

  if (!resumable)
    download_discard_part (dl);
  g_clear_object (&dl->body);
  _ovs_client_exchange_end (&dl->ex);

  if (_ovs_client_exchange_user_cancelled (&dl->ex) || g_error_matches (error, G_IO_ERROR,
                                                                        G_IO_ERROR_CANCELLED))
    {
      download_discard_part (dl);
      g_error_free (error);
      download_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                        _("Cancelled")));
      return;
    }

  if (retryable && _ovs_client_exchange_retry (&dl->ex, status, error, download_retry_cb, task))
    {
      g_error_free (error);
      return;
    }

  download_discard_part (dl);
  if (retryable)
    download_try_content (task, error);
  else
    download_return_error (task, error);
}

/* The answer was not a video: a result URL may serve anything (an HTML page, a JSON error
 * with 200), so the gateway's /content is asked before the download fails. Takes @error. */
static void
download_not_video (GTask  *task,
                    GError *error)
{
  Download *dl = g_task_get_task_data (task);

  download_discard_part (dl);
  g_clear_object (&dl->body);
  _ovs_client_exchange_end (&dl->ex);
  download_try_content (task, error);
}

/* A failure on our side (the disk, a stream): said as it is, or as "Cancelled" when the
 * user cancelled. Takes @task and @error. */
static void
download_local_fail (GTask  *task,
                     GError *error)
{
  Download *dl = g_task_get_task_data (task);

  if (_ovs_client_exchange_user_cancelled (&dl->ex))
    download_fail (task, error, 0, FALSE);
  else
    download_return_error (task, error);
}

/* Moves the finished part to "<stem>.<ext>", or "<stem> (2).<ext>" and so on: a file already
 * there (another task's video, the user's own) is never replaced. */
static GFile *
download_place (Download  *dl,
                GError   **error)
{
  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (dl->stem, ".", dl->ext, NULL)
                                     : g_strdup_printf ("%s (%u).%s", dl->stem, n, dl->ext);
      g_autoptr(GFile) final = g_file_new_build_filename (dl->dest_dir, name, NULL);
      g_autoptr(GError) local_error = NULL;

      /* A rename within the folder: instant. Without G_FILE_COPY_OVERWRITE. */
      if (g_file_move (dl->part, final, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                       &local_error))
        return g_steal_pointer (&final);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Too many files named “%s” in %s"), dl->stem, dl->dest_dir);
  return NULL;
}

static void
download_probed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsMediaInfo) info = ovs_media_probe_finish (result, &error);
  g_autoptr(GFile) final = NULL;

  if (info == NULL || info->width <= 0)
    {
      GError *not_video;

      if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          download_fail (task, g_steal_pointer (&error), 0, FALSE);
          return;
        }
      not_video = g_error_new (OVS_ERROR, OVS_ERROR_MEDIA,
                               _("The server sent something that is not a video (%s)"),
                               error != NULL ? error->message : _("no picture in it"));
      download_not_video (task, not_video);
      return;
    }

  final = download_place (dl, &error);
  if (final == NULL)
    {
      download_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&dl->part);

  if (dl->total < 0)
    dl->total = dl->received;
  download_report (dl, TRUE);
  _ovs_client_exchange_end (&dl->ex);
  g_debug ("Downloaded %" G_GOFFSET_FORMAT " bytes into %s", dl->received, dl->stem);
  g_task_return_pointer (task, g_file_get_path (final), g_free);
  g_object_unref (task);
}

static void
download_closed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      g_clear_object (&dl->out);
      download_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_object (&dl->out);

  if (g_task_return_error_if_cancelled (task))
    {
      download_discard_part (dl);
      _ovs_client_exchange_end (&dl->ex);
      g_object_unref (task);
      return;
    }

  /* Nothing gets a video's name before GStreamer has read it as one. */
  {
    g_autofree char *part_path = g_file_get_path (dl->part);

    ovs_media_probe_async (part_path, dl->ex.cancellable, download_probed_cb, task);
  }
}

static void
download_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      download_local_fail (task, g_steal_pointer (&error));
      return;
    }

  /* The first bytes are shown at once: the user sees the download start. */
  download_report (dl, !dl->first_reported);
  dl->first_reported = TRUE;
  download_read_next (task);
}

static void
download_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);
  gsize size;

  if (bytes == NULL)
    {
      download_fail (task, _ovs_client_exchange_transport_error (&dl->ex, error), 0, TRUE);
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      if (dl->total >= 0 && dl->received < dl->total)
        {
          download_fail (task, g_error_new (OVS_ERROR, OVS_ERROR_NETWORK,
                                            _("The connection to %s closed before the end of "
                                              "the video"), _ovs_client_uri_host (dl->current)),
                         0, TRUE);
          return;
        }
      g_input_stream_close_async (dl->body, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&dl->body);
      g_output_stream_close_async (dl->out, G_PRIORITY_DEFAULT, dl->ex.cancellable,
                                   download_closed_cb, task);
      return;
    }

  dl->received += size;
  if (dl->received > dl->max_size)
    {
      g_autofree char *limit = g_format_size (dl->max_size);

      download_return_error (task, g_error_new (OVS_ERROR, OVS_ERROR_TOO_LARGE,
                                                _("The video is larger than %s, the limit for "
                                                  "a download"), limit));
      return;
    }

  g_output_stream_write_all_async (dl->out, g_bytes_get_data (bytes, NULL), size,
                                   G_PRIORITY_DEFAULT, dl->ex.cancellable,
                                   download_written_cb, task);
  /* write_all_async does not keep the buffer alive */
  g_object_set_data_full (G_OBJECT (task), "ovs-client-chunk", g_steal_pointer (&bytes),
                          (GDestroyNotify) g_bytes_unref);
}

static void
download_read_next (GTask *task)
{
  Download *dl = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (dl->body, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   dl->ex.cancellable, download_read_cb, task);
}

static void download_create_part (GTask *task);

static void
download_part_created_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) part = G_FILE (g_object_ref (source));
  GFileOutputStream *out = g_file_create_finish (part, result, &error);

  if (out == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && dl->create_tries < 10)
        {
          download_create_part (task);
          return;
        }
      download_local_fail (task, g_steal_pointer (&error));
      return;
    }

  dl->part = g_steal_pointer (&part);
  dl->out = G_OUTPUT_STREAM (out);
  download_report (dl, TRUE);
  download_read_next (task);
}

static void
download_create_part (GTask *task)
{
  Download *dl = g_task_get_task_data (task);
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char random[7];
  g_autofree char *name = NULL;
  g_autoptr(GFile) part = NULL;

  for (guint i = 0; i < 6; i++)
    random[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  random[6] = '\0';

  dl->create_tries++;
  /* The pid says whose it is: a later start removes it only once that process is gone. */
  name = g_strdup_printf (".%s.pid%d-%s.part", dl->stem, (int) getpid (), random);
  part = g_file_new_build_filename (dl->dest_dir, name, NULL);
  g_file_create_async (part, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT, dl->ex.cancellable,
                       download_part_created_cb, task);
}

static void
download_error_body_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = _ovs_client_read_all_finish (result, &error);
  guint status = soup_message_get_status (dl->ex.msg);

  if (body == NULL && _ovs_client_exchange_user_cancelled (&dl->ex))
    {
      download_fail (task, g_steal_pointer (&error), 0, FALSE);
      return;
    }

  /* A signed URL that expired (or never was): the gateway keeps the video. */
  if (!dl->from_content
      && (status == SOUP_STATUS_FORBIDDEN || status == SOUP_STATUS_NOT_FOUND
          || status == SOUP_STATUS_GONE))
    {
      g_debug ("The result URL answered %u; trying /content", status);
      _ovs_client_exchange_end (&dl->ex);
      download_start_phase (task, TRUE);
      return;
    }

  download_fail (task, _ovs_client_http_error (dl->ex.client, dl->ex.msg, body), status,
                 _ovs_client_status_is_retryable (status));
}

/* Text, JSON, XML and HTML are never a video; anything else (a video type, octet-stream,
 * none) is probed once it is here. */
static gboolean
content_type_may_be_video (const char *content_type)
{
  if (content_type == NULL)
    return TRUE;
  return !(g_ascii_strncasecmp (content_type, "text/", 5) == 0
           || g_ascii_strcasecmp (content_type, "application/json") == 0
           || g_ascii_strcasecmp (content_type, "application/xml") == 0
           || g_ascii_strcasecmp (content_type, "application/xhtml+xml") == 0
           || g_str_has_suffix (content_type, "+json"));
}

static void
download_text_body_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = _ovs_client_read_all_finish (result, &error);
  g_autofree char *words = NULL;
  const char *content_type;

  if (body == NULL && _ovs_client_exchange_user_cancelled (&dl->ex))
    {
      download_fail (task, g_steal_pointer (&error), 0, FALSE);
      return;
    }
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (dl->ex.msg),
                                                       NULL);
  words = _ovs_client_server_message (dl->ex.client, dl->ex.msg, body, NULL);
  /* Translators: "The server sent text/html instead of the video: Access denied" */
  download_not_video (task, g_error_new (OVS_ERROR, OVS_ERROR_MEDIA,
                                         _("The server sent %s instead of the video: %s"),
                                         content_type, words != NULL ? words : "…"));
}

/* A 3xx with a Location: the same download, from there. */
static void
download_follow_redirect (GTask      *task,
                          const char *location)
{
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GUri) next = g_uri_parse_relative (dl->current, location, G_URI_FLAGS_ENCODED, NULL);

  _ovs_client_exchange_end (&dl->ex);
  if (next == NULL || !_ovs_client_uri_is_http (next))
    {
      download_return_error (task, g_error_new_literal (OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                                                        _("The server redirected the "
                                                          "download to a URL that is not "
                                                          "http or https")));
      return;
    }
  if (++dl->redirects > MAX_REDIRECTS)
    {
      download_return_error (task, g_error_new_literal (OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                                                        _("Too many redirects")));
      return;
    }
  /* The key never follows a redirect to another origin (nor comes back after one). */
  if (!_ovs_client_same_origin (next, dl->current))
    dl->with_key = FALSE;
  g_clear_pointer (&dl->current, g_uri_unref);
  dl->current = g_steal_pointer (&next);
  /* A redirect is not a new attempt. */
  dl->ex.attempt--;
  download_send (task);
}

static void
download_sent_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Download *dl = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  SoupMessageHeaders *headers;
  const char *ext;
  guint status;

  stream = _ovs_client_exchange_send_finish (&dl->ex, SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      download_fail (task, g_steal_pointer (&error), 0, TRUE);
      return;
    }

  status = soup_message_get_status (dl->ex.msg);
  headers = soup_message_get_response_headers (dl->ex.msg);
  g_debug ("GET %s%s → %u", dl->from_content ? "" : "(result URL) ",
           g_uri_get_path (dl->current), status);

  if (SOUP_STATUS_IS_REDIRECTION (status)
      && soup_message_headers_get_one (headers, "Location") != NULL)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      download_follow_redirect (task, soup_message_headers_get_one (headers, "Location"));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      _ovs_client_read_all_async (stream, MAX_ERROR_BODY_SIZE, TRUE, dl->ex.cancellable,
                                  download_error_body_cb, task);
      return;
    }

  if (dl->out != NULL && dl->received > 0)
    {
      goffset start = -1, end = -1, total = -1;

      if (status == SOUP_STATUS_PARTIAL_CONTENT
          && soup_message_headers_get_content_range (headers, &start, &end, &total)
          && start == dl->received)
        {
          g_debug ("Resuming the download at %" G_GOFFSET_FORMAT " bytes", start);
          dl->total = total;
          g_set_object (&dl->body, stream);
          download_read_next (task);
          return;
        }
      /* The whole video again: what we had goes. */
      download_discard_part (dl);
      dl->received = 0;
    }
  dl->ranges = g_strcmp0 (soup_message_headers_get_one (headers, "Accept-Ranges"), "bytes") == 0;

  if (!content_type_may_be_video (soup_message_headers_get_content_type (headers, NULL)))
    {
      /* Read for the words in it (an error page, a JSON error sent with 200). */
      _ovs_client_read_all_async (stream, MAX_ERROR_BODY_SIZE, TRUE, dl->ex.cancellable,
                                  download_text_body_cb, task);
      return;
    }

  dl->total = -1;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    dl->total = soup_message_headers_get_content_length (headers);
  if (dl->total > dl->max_size)
    {
      g_autofree char *limit = g_format_size (dl->max_size);
      g_autofree char *size = g_format_size (dl->total);

      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      download_return_error (task, g_error_new (OVS_ERROR, OVS_ERROR_TOO_LARGE,
                                                _("The video is %s, over the limit of %s for a "
                                                  "download"), size, limit));
      return;
    }

  ext = extension_for_content_type (soup_message_headers_get_content_type (headers, NULL));
  if (ext == NULL)
    ext = extension_for_uri (dl->current);
  if (ext == NULL && !dl->from_content)
    ext = extension_for_uri (dl->url);
  g_free (dl->ext);
  dl->ext = g_strdup (ext != NULL ? ext : "mp4");

  g_set_object (&dl->body, stream);
  dl->received = 0;
  dl->create_tries = 0;
  dl->first_reported = FALSE;
  download_create_part (task);
}

static void
download_send (GTask *task)
{
  Download *dl = g_task_get_task_data (task);
  OvsClient *self = dl->ex.client;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (dl->current == NULL)
    {
      dl->redirects = 0;
      if (dl->from_content)
        {
          dl->current = _ovs_client_task_uri (self, "/v1/videos", dl->task_id, "/content");
          if (!_ovs_client_check_secure (self, &error))
            {
              download_return_error (task, g_steal_pointer (&error));
              return;
            }
          if (dl->current == NULL)
            {
              download_return_error (task, g_error_new_literal (OVS_ERROR, OVS_ERROR_INVALID,
                                                                _("Could not make a URL for "
                                                                  "the request")));
              return;
            }
        }
      else
        {
          dl->current = g_uri_ref (dl->url);
        }
      /* The key goes to the gateway, and to nobody else. */
      dl->with_key = _ovs_client_same_origin (dl->current, self->base_uri)
                     && _ovs_client_check_secure (self, NULL);
    }

  {
    SoupMessage *msg = _ovs_client_new_message (self, "GET", dl->current, dl->with_key);

    if (dl->out != NULL && dl->received > 0)
      soup_message_headers_set_range (soup_message_get_request_headers (msg), dl->received, -1);
    _ovs_client_exchange_send (&dl->ex, msg, download_sent_cb, task);
  }
}

static void
download_start_phase (GTask    *task,
                      gboolean  from_content)
{
  Download *dl = g_task_get_task_data (task);

  dl->from_content = from_content;
  dl->ex.attempt = 0;
  dl->ex.retry_after = 0;
  g_clear_pointer (&dl->current, g_uri_unref);
  download_send (task);
}

void
ovs_client_download_async (OvsClient           *self,
                           const char          *url,
                           const char          *task_id,
                           const char          *name,
                           const char          *dest_dir,
                           goffset              max_size,
                           OvsProgressFunc      progress,
                           gpointer             progress_data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  Download *dl;

  g_return_if_fail (OVS_IS_CLIENT (self));
  g_return_if_fail (task_id != NULL && *task_id != '\0');
  g_return_if_fail (name != NULL);
  g_return_if_fail (dest_dir != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_client_download_async);
  dl = g_new0 (Download, 1);
  _ovs_client_exchange_init (&dl->ex, self, cancellable);
  dl->task_id = g_strdup (task_id);
  dl->stem = sanitize_name (name);
  dl->dest_dir = g_canonicalize_filename (dest_dir, NULL);
  dl->max_size = max_size > 0 ? max_size : OVS_CLIENT_DEFAULT_MAX_DOWNLOAD_SIZE;
  dl->progress = progress;
  dl->progress_data = progress_data;
  dl->total = -1;
  g_task_set_task_data (task, dl, (GDestroyNotify) download_free);

  if (url != NULL && *url != '\0')
    {
      dl->url = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
      if (dl->url == NULL || !_ovs_client_uri_is_http (dl->url))
        {
          g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                                   _("Only http and https URLs can be downloaded"));
          g_object_unref (task);
          return;
        }
    }

  if (!g_file_test (dl->dest_dir, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The folder “%s” does not exist"), dl->dest_dir);
      g_object_unref (task);
      return;
    }

  download_start_phase (task, dl->url == NULL);
}

/* ".<name>.pid<PID>-<random>.part": the pid of the process that writes it, or -1 for the
 * older ".<name>.<random>.part" and anything else. */
static int
part_owner (const char *file_name)
{
  const char *pid;
  char *end = NULL;
  gint64 value;

  if (file_name[0] != '.' || !g_str_has_suffix (file_name, ".part"))
    return -1;
  pid = g_strrstr (file_name, ".pid");
  if (pid == NULL)
    return -1;
  value = g_ascii_strtoll (pid + 4, &end, 10);
  if (end == pid + 4 || *end != '-' || value <= 0 || value > G_MAXINT)
    return -1;
  return (int) value;
}

static gboolean
process_is_alive (int pid)
{
  /* EPERM: it exists, under another user. */
  return kill (pid, 0) == 0 || errno == EPERM;
}

guint
ovs_client_remove_stale_parts (const char    *dest_dir,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint removed = 0;

  g_return_val_if_fail (dest_dir != NULL, 0);

  dir = g_dir_open (dest_dir, 0, error);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL
         && !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *path = NULL;
      int owner;
      GStatBuf st;

      if (name[0] != '.' || !g_str_has_suffix (name, ".part"))
        continue;
      path = g_build_filename (dest_dir, name, NULL);
      owner = part_owner (name);
      if (owner > 0)
        {
          if (owner == (int) getpid () || process_is_alive (owner))
            continue;
        }
      else
        {
          /* An older name says not whose it is: only its age tells it is abandoned. */
          if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode)
              || now - (gint64) st.st_mtime < 24 * 60 * 60)
            continue;
        }
      if (g_unlink (path) == 0)
        removed++;
      else
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
    }
  if (removed > 0)
    g_debug ("Removed %u abandoned partial downloads from %s", removed, dest_dir);
  return removed;
}

char *
ovs_client_download_finish (OvsClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (OVS_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_client_download_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

