/* ovs-gst.h: the small steps every pipeline of ours takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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

G_END_DECLS
