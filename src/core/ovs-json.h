/* ovs-json.h: reading and writing request bodies exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bodies larger than this are refused before parsing: well above the gateway's limit, so
 * that a body over that limit can still be read and the file that makes it so named. */
#define OVS_JSON_MAX_BODY_SIZE (64 * 1024 * 1024)

/* new-api answers 413 above MAX_REQUEST_BODY_MB, 32 MB by default (MiB, as it computes it);
 * from 3/4 of it, a warning. */
#define OVS_GATEWAY_MAX_BODY_SIZE (32 * 1024 * 1024)
#define OVS_GATEWAY_WARN_BODY_SIZE (24 * 1024 * 1024)

/* Bodies nesting objects and lists deeper than this are refused before parsing. */
#define OVS_JSON_MAX_DEPTH 64

/* The body as the API page prints it: two-space indent, `": "`, UTF-8 kept as is,
 * a final newline. The same bytes as Python's json.dumps(indent=2, ensure_ascii=False). */
char     *ovs_json_to_string          (JsonNode     *node);
/* One line, no spaces: for curl command lines and compact logs. */
char     *ovs_json_to_compact_string  (JsonNode     *node);
/* Either of the two; with @bare_base64, each "data:…;base64,AAAA" string written "AAAA"
 * (Kling's own API refuses the prefix), without a copy of the tree. */
char     *ovs_json_write              (JsonNode     *node,
                                       gboolean      pretty,
                                       gboolean      bare_base64);
/* The length in bytes of ovs_json_to_string (@node), counted without making it. */
gsize     ovs_json_measure            (JsonNode     *node);
/* The length in bytes of @node's string. */
gsize     ovs_json_string_length      (JsonNode     *node);

/* Long strings' lengths, remembered between walks of one body (a request's): between
 * begin and end, ovs_json_string_length() and ovs_json_measure() count each long string
 * (an inline file) of the body once, not at every walk; what a walk did not meet is
 * forgotten at its end. One walk at a time per thread; the body's strings must be
 * replaced, never changed in place. */
typedef struct _OvsJsonSizes OvsJsonSizes;

OvsJsonSizes *ovs_json_sizes_new      (void);
void      ovs_json_sizes_free         (OvsJsonSizes *sizes);
void      ovs_json_sizes_begin        (OvsJsonSizes *sizes);
void      ovs_json_sizes_end          (OvsJsonSizes *sizes);
/* @str as a JSON string literal, quotes included, written as the two above write it. */
void      ovs_json_append_string      (GString      *out,
                                       const char   *str);

/* Parses @text (not necessarily NUL-terminated when @length >= 0) into a mutable tree whose
 * root is an object. Fails with OVS_ERROR_TOO_LARGE, OVS_ERROR_TOO_DEEP (see
 * ovs_json_check_depth()), or OVS_ERROR_PARSE for invalid UTF-8,
 * syntax errors and a root that is not an object; @line and @column (1-based, 0 when not
 * known) tell where. The message names them too. */
JsonNode *ovs_json_parse_object       (const char   *text,
                                       gssize        length,
                                       int          *line,
                                       int          *column,
                                       GError      **error);

/* Fails with OVS_ERROR_TOO_DEEP when @text nests objects and lists deeper than
 * OVS_JSON_MAX_DEPTH, without recursing; @line and @column tell where. Called by
 * ovs_json_parse_object(); for other texts that go to json-glib. */
gboolean  ovs_json_check_depth        (const char   *text,
                                       gsize         length,
                                       int          *line,
                                       int          *column,
                                       GError      **error);

/* Paths: `metadata.ext_info.AdditionalParameters.multi_prompt[1].duration`, indexes 0-based.
 * The root is "$". */
JsonNode *ovs_json_get_path           (JsonNode     *root,
                                       const char   *path);
/* A copy that shares nothing with @node (json_node_copy() shares objects and arrays). */
JsonNode *ovs_json_deep_copy          (JsonNode     *node);
/* A copy of @node's objects and lists, for another thread to read while @node changes: its
 * long strings (inline files) are @node's own nodes, shared, not copied (megabytes each
 * time). Such a node's refcount is atomic, its value's is not: the copy must be freed
 * on the thread that changes @node, and nobody may change a string of either in place. */
JsonNode *ovs_json_copy_to_read       (JsonNode     *node);
/* The length of the list at @path; 0 when there is none (or it is not a list). */
guint     ovs_json_get_length         (JsonNode     *root,
                                       const char   *path);
/* `multi_prompt[1].duration` -> `multi_prompt[].duration`: the shape of a path. */
char     *ovs_json_path_shape         (const char   *path);
/* Splits "a.b[2].c" into "a.b[2]" and "c" (or "a.b" and "[2]"); FALSE for the root. */
gboolean  ovs_json_path_split         (const char   *path,
                                       char        **parent,
                                       char        **last);

const char *ovs_json_node_type_name   (JsonNode     *node);

/* Moves the member @name of @object to @position (0 = first) keeping every other member in
 * its order. json-glib appends new members; this is how we insert in the middle. */
void      ovs_json_object_move_member (JsonObject   *object,
                                       const char   *name,
                                       guint         position);

G_END_DECLS
