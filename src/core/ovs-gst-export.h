/* ovs-gst-export.h: a file written by a pipeline, whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a film (ovs-join.c) and a comparison grid (ovs-grid-export.c) share: the pipeline
 * writes "OUT.part" in a worker thread, which is renamed to OUT when whole and removed
 * otherwise (on an error or a cancel); the result is probed for its length; progress goes to
 * the caller's main context.
 */
#pragma once

#include <gio/gio.h>

#include "ovs-media-probe.h"

G_BEGIN_DECLS

/* Called on the caller's main context, @fraction from 0 to 1. */
typedef void     (*OvsGstExportProgressFunc) (double         fraction,
                                              gpointer       user_data);
/* Writes @part in the worker thread; @task's data is the caller's (ovs_gst_export_get_data)
 * and ovs_gst_export_report () says how far it got. */
typedef gboolean (*OvsGstExportWriteFunc)    (GTask         *task,
                                              const char    *part,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* Runs @write into "@out_path.part" in a thread. @doing starts the message of a file that
 * could not be renamed ("Could not join the videos"); @data (freed by @data_free) stays with
 * the task. */
void     ovs_gst_export_async    (gpointer                   source_tag,
                                  const char                *out_path,
                                  const char                *doing,
                                  OvsGstExportWriteFunc      write,
                                  gpointer                   data,
                                  GDestroyNotify             data_free,
                                  OvsGstExportProgressFunc   progress,
                                  gpointer                   progress_data,
                                  GCancellable              *cancellable,
                                  GAsyncReadyCallback        callback,
                                  gpointer                   user_data);
/* @duration, if not NULL, receives the written file's length in seconds (0 if unknown). */
gboolean ovs_gst_export_finish   (GAsyncResult              *result,
                                  double                    *duration,
                                  GError                   **error);
gpointer ovs_gst_export_get_data (GTask                     *task);
/* @path's video, probed in the worker thread, or NULL with "@doing: “NAME” is not a video
 * (why)". */
OvsMediaInfo *ovs_gst_export_probe_video (const char        *path,
                                          const char        *doing,
                                          GCancellable      *cancellable,
                                          GError           **error);
/* From any thread; an OvsGstProgressFunc, so it can be handed to ovs_gst_run_to_end (). */
void     ovs_gst_export_report   (GTask                     *task,
                                  double                     fraction);

G_END_DECLS
