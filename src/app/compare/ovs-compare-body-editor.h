/* ovs-compare-body-editor.h: one model's body of a comparison, adjusted before sending
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OVS_TYPE_COMPARE_BODY_EDITOR (ovs_compare_body_editor_get_type ())
G_DECLARE_FINAL_TYPE (OvsCompareBodyEditor, ovs_compare_body_editor, OVS, COMPARE_BODY_EDITOR, AdwWindow)

/* @body (what the comparison would send to @model) as JSON in an editor, checked as it is
 * typed: each problem with its field path (or line) and message. "Use This Body"
 * (editor.apply) is off while there is an error; it emits ::apply (JsonNode, the body as
 * edited) and closes. */
OvsCompareBodyEditor *ovs_compare_body_editor_new          (GtkWindow            *parent,
                                                            const char           *model,
                                                            JsonNode             *body);
/* The text being edited. */
GtkTextBuffer        *ovs_compare_body_editor_get_buffer   (OvsCompareBodyEditor *self);
/* The problems shown now, one a line: "path: message", or a syntax error with its line and
 * column ("" when there are none). */
const char           *ovs_compare_body_editor_get_problems (OvsCompareBodyEditor *self);
/* Checks the text now rather than after the pause in typing. */
void                  ovs_compare_body_editor_check        (OvsCompareBodyEditor *self);

G_END_DECLS
