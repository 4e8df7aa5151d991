/* ovs-data-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-data-url"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ovs-data-url.h"
#include "ovs-error.h"

char *
ovs_data_url_read (GFile         *file,
                   const char    *media,
                   gsize          limit,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *mime = NULL;
  const char *content_type;
  const char *name;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  name = g_file_info_get_display_name (info);
  content_type = g_file_info_get_content_type (info);
  mime = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  if (media != NULL
      && (mime == NULL || !g_str_has_prefix (mime, media) || mime[strlen (media)] != '/'))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   /* Translators: "“notes.txt” is not an image file (it is text/plain)" */
                   _("“%s” is not an %s file (it is %s)"), name, media,
                   mime != NULL ? mime : _("of an unknown type"));
      return NULL;
    }

  if ((guint64) g_file_info_get_size (info) > limit)
    {
      g_autofree char *have = g_format_size (g_file_info_get_size (info));
      g_autofree char *most = g_format_size (limit);

      g_set_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE,
                   _("“%s” is %s; files sent inline can be at most %s. "
                     "Upload it somewhere and paste its URL instead."),
                   name, have, most);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  /* It grew since we looked. */
  if (g_bytes_get_size (bytes) > limit)
    {
      g_autofree char *most = g_format_size (limit);

      g_set_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE,
                   _("“%s” is larger than %s, the most a file sent inline can be"), name, most);
      return NULL;
    }

  encoded = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_strdup_printf ("data:%s;base64,%s",
                          mime != NULL ? mime : "application/octet-stream", encoded);
}

typedef struct
{
  char  *media;
  gsize  limit;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->media);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  char *url = ovs_data_url_read (G_FILE (source_object), data->media, data->limit,
                                 cancellable, &error);

  if (url == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, url, g_free);
}

void
ovs_data_url_read_async (GFile               *file,
                         const char          *media,
                         gsize                limit,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_data_url_read_async);
  data = g_new0 (ReadData, 1);
  data->media = g_strdup (media);
  data->limit = limit;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

char *
ovs_data_url_read_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_data_url_read_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Bare base64 this long (a Kling body's inline file, "raw-base64" in the catalog: no
 * "data:" prefix) is a file too. Shorter, it is shown as it is. */
#define BARE_MIN_LENGTH 256
/* Enough of it to tell: its first characters, and its last (the padding). */
#define BARE_LOOKED_AT 4096

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

static gboolean
looks_bare_base64 (const char *text,
                   gsize       length)
{
  if (length < BARE_MIN_LENGTH || length % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < MIN (length, BARE_LOOKED_AT); i++)
    if (!is_base64_char (text[i]) || (text[i] == '=' && i < length - 2))
      return FALSE;
  for (gsize i = length - 4; i < length; i++)
    if (!is_base64_char (text[i]))
      return FALSE;
  return TRUE;
}

/* The type of bare base64's file, by its first bytes (a PNG, an MP4…). */
static char *
sniff_mime (const char *base64)
{
  g_autofree char *head = g_strndup (base64, 64);
  g_autofree guchar *bytes = NULL;
  g_autofree char *type = NULL;
  gsize size = 0;

  bytes = g_base64_decode (head, &size);
  type = g_content_type_guess (NULL, bytes, size, NULL);
  return type != NULL ? g_content_type_get_mime_type (type) : NULL;
}

/* The size of the file whose bytes @base64 (@length bytes) holds. */
static gsize
base64_file_size_n (const char *base64,
                    gsize       length)
{
  gsize padding = 0;

  /* base64 takes 4 characters for every 3 bytes; the "=" that pad its last group stand for
   * no byte (without this, a file one or two bytes short of a size's rounding showed the
   * next one up). */
  while (padding < 2 && padding < length && base64[length - 1 - padding] == '=')
    padding++;
  return length / 4 * 3 + (length % 4) * 3 / 4 - padding;
}

static gsize
base64_file_size (const char *base64)
{
  return base64_file_size_n (base64, strlen (base64));
}

/* "SIZE local file, TYPE" for @base64, the file's bytes as base64. */
static char *
describe_base64 (const char *mime,
                 const char *base64)
{
  g_autofree char *size = g_format_size (base64_file_size (base64));

  /* Translators: an attached local file, e.g. "1.2 MB local file, image/png". The size
   * comes first: it is what a narrow row, which cuts the end, still shows. */
  return g_strdup_printf (_("%s local file, %s"), size,
                          mime != NULL && *mime != '\0' ? mime : "text/plain");
}

gssize
ovs_data_url_file_size (const char *url)
{
  return url != NULL ? ovs_data_url_file_size_n (url, strlen (url)) : -1;
}

gssize
ovs_data_url_file_size_n (const char *url,
                          gsize       length)
{
  const char *comma;

  if (url == NULL)
    return -1;
  if (!g_str_has_prefix (url, "data:"))
    return looks_bare_base64 (url, length) ? (gssize) base64_file_size_n (url, length) : -1;
  comma = strchr (url, ',');
  return comma != NULL ? (gssize) base64_file_size_n (comma + 1, length - (comma + 1 - url)) : 0;
}

char *
ovs_data_url_describe (const char *url)
{
  const char *comma;
  g_autofree char *mime = NULL;

  if (url == NULL)
    return NULL;
  if (!g_str_has_prefix (url, "data:"))
    {
      if (!looks_bare_base64 (url, strlen (url)))
        return NULL;
      mime = sniff_mime (url);
      return describe_base64 (mime != NULL ? mime : "application/octet-stream", url);
    }
  comma = strchr (url, ',');
  mime = g_strndup (url + 5, strcspn (url + 5, ";,"));
  return describe_base64 (mime, comma != NULL ? comma + 1 : "");
}

char *
ovs_data_url_describe_limit (gsize limit)
{
  g_autofree char *most = g_format_size (limit);

  /* Translators: said where files are added, "Local files are sent inline, up to 7.3 MB each." */
  return g_strdup_printf (_("Local files are sent inline, up to %s each."), most);
}
