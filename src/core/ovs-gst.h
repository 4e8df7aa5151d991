/* ovs-gst.h: the small steps every pipeline of ours takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

gboolean    ovs_gst_has_element (const char  *factory);
/* Makes a @factory element and adds it to @bin. Does nothing when @error is already set, so
 * a pipeline can be built in a row of calls and checked once; @doing starts the message
 * ("Could not render the video"). */
GstElement *ovs_gst_add         (GstBin      *bin,
                                 const char  *factory,
                                 const char  *doing,
                                 GError     **error);
/* Links the elements in order, up to NULL; does nothing when @error is already set. */
gboolean    ovs_gst_link        (GError     **error,
                                 const char  *doing,
                                 GstElement  *first,
                                 ...) G_GNUC_NULL_TERMINATED;
/* Encoders disagree on the integer types of their properties (avenc_aac's bitrate is 64-bit,
 * voaacenc's is not): GStreamer converts from text. */
void        ovs_gst_set_number  (GstElement  *element,
                                 const char  *property,
                                 gint64       value);
/* Sets a capsfilter's caps from their text ("video/x-raw,width=640"). */
void        ovs_gst_set_caps    (GstElement  *filter,
                                 const char  *description);

/* Called in the pipeline's thread with how far it got, 0..1. */
typedef void (*OvsGstProgressFunc) (GTask  *task,
                                    double  fraction);
/* Plays @pipeline to its end as fast as it goes, in the calling thread, telling @report how
 * far it got (of @total seconds) about five times a second. FALSE with @error (starting
 * with @doing) on an error or when @cancellable is cancelled. The caller sets it to NULL. */
gboolean    ovs_gst_run_to_end  (GstElement          *pipeline,
                                 double               total,
                                 const char          *doing,
                                 OvsGstProgressFunc   report,
                                 GTask               *task,
                                 GCancellable        *cancellable,
                                 GError             **error);

G_END_DECLS
