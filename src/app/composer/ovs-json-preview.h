/* ovs-json-preview.h: the exact body that will be sent, editable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"

G_BEGIN_DECLS

#define OVS_TYPE_JSON_PREVIEW (ovs_json_preview_get_type ())

G_DECLARE_FINAL_TYPE (OvsJsonPreview, ovs_json_preview, OVS, JSON_PREVIEW, GtkBox)

GtkWidget     *ovs_json_preview_new         (void);
void           ovs_json_preview_set_request (OvsJsonPreview *self,
                                             OvsRequest     *request);
GtkTextBuffer *ovs_json_preview_get_buffer  (OvsJsonPreview *self);
/* Applies the buffer's text now instead of after the typing pause. FALSE (and the reader's
 * error shown) when it is not a valid body; the request is then left as it was. */
gboolean       ovs_json_preview_apply       (OvsJsonPreview *self);
/* The reader's error shown under the text, or NULL. */
const char    *ovs_json_preview_get_error   (OvsJsonPreview *self);

G_END_DECLS
