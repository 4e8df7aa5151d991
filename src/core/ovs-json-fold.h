/* ovs-json-fold.h: a body to show, with its inline files folded to one short line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strings at least this long are folded (an inline image is megabytes). */
#define OVS_JSON_FOLD_MIN_LENGTH 1024
/* A body this long (inline files) is given a summary in its place where it is listed:
 * ovs_task_get_request_summary (), the history's task_bodies. */
#define OVS_JSON_SUMMARY_MIN_BYTES (64 * 1024)

/* What each fold stands for, by its folded text; made empty by ovs_json_fold(). */
GHashTable *ovs_json_folds_new (void);

/* A copy of @root to show: every string of at least @min_length bytes becomes a short text
 * ("data:image/png;base64,… (1.6 MB)") recorded in @folds; the long strings are never
 * copied. With @strip_data_prefixes, "data:…;base64," is left out of every inline file, as
 * it is sent to providers that take bare base64 (see ovs_request_to_json()). */
JsonNode   *ovs_json_fold      (JsonNode   *root,
                                gsize       min_length,
                                gboolean    strip_data_prefixes,
                                GHashTable *folds);
/* The same folding done on the text of a JSON document, without parsing it: every string
 * literal of at least @min_length bytes becomes its fold ("data:image/png;base64,… (1.6 MB)").
 * A body of megabytes is read once, at the speed of memchr (). For what is shown or
 * summed up, never for what is sent: the folds cannot be put back. Text that is not JSON
 * comes back with its long strings folded all the same, or unchanged. */
char       *ovs_json_fold_text (const char *json,
                                gsize       min_length);
/* Puts back, in place, what every folded text of @root stands for. */
void        ovs_json_unfold    (JsonNode   *root,
                                GHashTable *folds);

G_END_DECLS
