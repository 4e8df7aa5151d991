/* ovs-gst-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-gst-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "ovs-error.h"
#include "ovs-gst-export.h"

typedef struct
{
  char                     *out_path;
  char                     *doing;
  OvsGstExportWriteFunc     write;
  gpointer                  data;
  GDestroyNotify            data_free;
  OvsGstExportProgressFunc  progress;
  gpointer                  progress_data;
  GMainContext             *context;
  double                    duration;
} Export;

typedef struct
{
  GTask  *task;  /* keeps the Export alive until the report is made */
  double  fraction;
} Progress;

static gboolean
report_cb (gpointer data)
{
  Progress *progress = data;
  Export *export = g_task_get_task_data (progress->task);

  export->progress (progress->fraction, export->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->task);
  g_free (progress);
}

void
ovs_gst_export_report (GTask  *task,
                       double  fraction)
{
  Export *export = g_task_get_task_data (task);
  Progress *progress;

  if (export->progress == NULL)
    return;
  /* Each report carries its own fraction: one made later must not overwrite one not yet
   * shown. */
  progress = g_new (Progress, 1);
  progress->task = g_object_ref (task);
  progress->fraction = CLAMP (fraction, 0, 1);
  g_main_context_invoke_full (export->context, G_PRIORITY_DEFAULT, report_cb, progress,
                              progress_free);
}

gpointer
ovs_gst_export_get_data (GTask *task)
{
  return ((Export *) g_task_get_task_data (task))->data;
}

OvsMediaInfo *
ovs_gst_export_probe_video (const char    *path,
                            const char    *doing,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GError) probe_error = NULL;
  g_autoptr(OvsMediaInfo) info = ovs_media_probe_sync (path, cancellable, &probe_error);
  g_autofree char *name = NULL;

  if (info != NULL && info->width > 0)
    return g_steal_pointer (&info);
  name = g_filename_display_basename (path);
  g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("%s: “%s” is not a video (%s)"), doing, name,
               probe_error != NULL ? probe_error->message : _("it has no picture"));
  return NULL;
}

/* Renamed only when whole: an export is either complete or not there. */
static gboolean
save_whole (Export      *export,
            const char  *part,
            GError     **error)
{
  int saved;

  if (g_rename (part, export->out_path) == 0)
    return TRUE;
  saved = errno;
  /* Translators: the first %s says what failed ("Could not join the videos"), the second is
   * a file name, the last the system's reason */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("%s: could not save %s: %s"),
               export->doing, export->out_path, g_strerror (saved));
  return FALSE;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Export *export = task_data;
  g_autofree char *part = g_strconcat (export->out_path, ".part", NULL);
  g_autoptr(OvsMediaInfo) info = NULL;
  GError *error = NULL;

  if (!ovs_media_init (&error) || !export->write (task, part, cancellable, &error)
      || !save_whole (export, part, &error))
    {
      g_unlink (part);
      g_task_return_error (task, error);
      return;
    }
  info = ovs_media_probe_sync (export->out_path, NULL, NULL);
  export->duration = info != NULL ? info->duration : 0;
  ovs_gst_export_report (task, 1);
  g_task_return_boolean (task, TRUE);
}

static void
export_free (gpointer data)
{
  Export *export = data;

  if (export->data_free != NULL)
    export->data_free (export->data);
  g_free (export->out_path);
  g_free (export->doing);
  g_main_context_unref (export->context);
  g_free (export);
}

void
ovs_gst_export_async (gpointer                  source_tag,
                      const char               *out_path,
                      const char               *doing,
                      OvsGstExportWriteFunc     write,
                      gpointer                  data,
                      GDestroyNotify            data_free,
                      OvsGstExportProgressFunc  progress,
                      gpointer                  progress_data,
                      GCancellable             *cancellable,
                      GAsyncReadyCallback       callback,
                      gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Export *export;

  g_return_if_fail (out_path != NULL && doing != NULL && write != NULL);

  g_task_set_source_tag (task, source_tag);
  export = g_new0 (Export, 1);
  export->out_path = g_strdup (out_path);
  export->doing = g_strdup (doing);
  export->write = write;
  export->data = data;
  export->data_free = data_free;
  export->progress = progress;
  export->progress_data = progress_data;
  export->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ovs_gst_export_finish (GAsyncResult  *result,
                       double        *duration,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (duration != NULL)
    *duration = ((Export *) g_task_get_task_data (G_TASK (result)))->duration;
  return TRUE;
}
