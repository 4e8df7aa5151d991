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

char *
ovs_data_url_describe (const char *url)
{
  const char *comma;
  g_autofree char *mime = NULL;
  g_autofree char *size = NULL;

  if (url == NULL || !g_str_has_prefix (url, "data:"))
    return NULL;

  /* base64 takes 4 characters for every 3 bytes; the "=" that pad its last group stand for
   * no byte (without this, a file one or two bytes short of a size's rounding showed the
   * next one up). */
  comma = strchr (url, ',');
  mime = g_strndup (url + 5, strcspn (url + 5, ";,"));
  if (comma != NULL)
    {
      gsize length = strlen (comma + 1);
      gsize padding = 0;

      while (padding < 2 && padding < length && comma[length - padding] == '=')
        padding++;
      size = g_format_size (length / 4 * 3 + (length % 4) * 3 / 4 - padding);
    }
  else
    size = g_format_size (0);
  /* Translators: an attached local file, e.g. "Local file, image/png, 1.2 MB" */
  return g_strdup_printf (_("Local file, %s, %s"), *mime != '\0' ? mime : "text/plain", size);
}

char *
ovs_data_url_describe_limit (gsize limit)
{
  g_autofree char *most = g_format_size (limit);

  /* Translators: said where files are added, "Local files are sent inline, up to 7.3 MB each." */
  return g_strdup_printf (_("Local files are sent inline, up to %s each."), most);
}
