/* ovs-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ovs-error.h"
#include "ovs-json.h"

/* Where the serializer writes: into @text, or, when it is NULL, nowhere, only counting
 * the bytes (ovs_json_measure (): a body's size without a copy of it). */
typedef struct
{
  GString  *text;
  gsize     length;
  gboolean  bare_base64;  /* "data:…;base64,AAAA" written "AAAA" */
} Out;

static inline void
out_append_len (Out        *out,
                const char *bytes,
                gsize       n)
{
  if (out->text != NULL)
    g_string_append_len (out->text, bytes, n);
  out->length += n;
}

static inline void
out_append (Out        *out,
            const char *str)
{
  out_append_len (out, str, strlen (str));
}

static inline void
out_append_c (Out  *out,
              char  c)
{
  if (out->text != NULL)
    g_string_append_c (out->text, c);
  out->length++;
}

/* Sixteen bytes at a time (GCC's and Clang's vector extensions: SSE2 on x86-64, NEON on
 * ARM, plain code elsewhere). */
typedef guint8 Bytes16 __attribute__ ((vector_size (16)));

/* The length of the start of @str (@n bytes) that a string literal writes as it is: up to
 * the first control character, quote or backslash. Inline files are megabytes of base64,
 * which has none: 27 MB take about 1.5 ms here, against 50 ms a byte at a time. */
static gsize
plain_prefix (const char *str,
              gsize       n)
{
  const Bytes16 control = (Bytes16) { 0 } + 0x20;
  const Bytes16 quote = (Bytes16) { 0 } + '"';
  const Bytes16 backslash = (Bytes16) { 0 } + '\\';
  gsize i = 0;

  for (; i + sizeof (Bytes16) <= n; i += sizeof (Bytes16))
    {
      Bytes16 x, found;
      guint64 halves[2];

      memcpy (&x, str + i, sizeof x);
      found = (Bytes16) ((x < control) | (x == quote) | (x == backslash));
      memcpy (halves, &found, sizeof halves);
      if ((halves[0] | halves[1]) != 0)
        break;
    }
  for (; i < n; i++)
    {
      guchar c = (guchar) str[i];

      if (c < 0x20 || c == '"' || c == '\\')
        break;
    }
  return i;
}

/* Long strings (inline files: megabytes of base64) are measured once, not at every check
 * of the form's body (issue 14): the form checks its body and folds it for the preview
 * after each pause in typing, which with four 5 MB images read 27 MB six times. A request
 * keeps an OvsJsonSizes; while it is begun, ovs_json_string_length() and
 * ovs_json_measure () remember each long string's length and whether it is written as it
 * is (no character to escape). The node is held, so its string cannot be freed, and its
 * address taken by another, while remembered: the app replaces a string, it never changes
 * one in place. A string that was not met between ovs_json_sizes_begin () and
 * ovs_json_sizes_end () has left the body, and is forgotten then. */
#define LONG_STRING_LENGTH (64 * 1024)

typedef struct
{
  JsonNode   *node;
  const char *str;
  gsize       length;
  int         plain;  /* 1: written as it is, 0: has characters to escape, -1: not known */
  guint       walk;   /* the last walk that met it */
} Memo;

struct _OvsJsonSizes
{
  GHashTable *memos;  /* JsonNode -> Memo */
  guint       walk;
};

static GPrivate current_sizes;

static void
memo_free (gpointer data)
{
  Memo *memo = data;

  json_node_unref (memo->node);
  g_free (memo);
}

OvsJsonSizes *
ovs_json_sizes_new (void)
{
  OvsJsonSizes *sizes = g_new0 (OvsJsonSizes, 1);

  sizes->memos = g_hash_table_new_full (NULL, NULL, NULL, memo_free);
  return sizes;
}

void
ovs_json_sizes_free (OvsJsonSizes *sizes)
{
  if (sizes == NULL)
    return;
  g_hash_table_unref (sizes->memos);
  g_free (sizes);
}

void
ovs_json_sizes_begin (OvsJsonSizes *sizes)
{
  g_return_if_fail (sizes != NULL);
  g_return_if_fail (g_private_get (&current_sizes) == NULL);

  sizes->walk++;
  g_private_set (&current_sizes, sizes);
}

static gboolean
memo_is_gone (gpointer key,
              gpointer value,
              gpointer data)
{
  return ((Memo *) value)->walk != *(guint *) data;
}

void
ovs_json_sizes_end (OvsJsonSizes *sizes)
{
  g_return_if_fail (g_private_get (&current_sizes) == sizes);

  g_private_set (&current_sizes, NULL);
  g_hash_table_foreach_remove (sizes->memos, memo_is_gone, &sizes->walk);
}

/* What is remembered of @node's string @str, remembered now if it was not; NULL for a
 * short string or when no sizes are begun. */
static Memo *
memo_lookup (JsonNode   *node,
             const char *str)
{
  OvsJsonSizes *sizes = g_private_get (&current_sizes);
  Memo *memo;

  if (sizes == NULL || strnlen (str, LONG_STRING_LENGTH) < LONG_STRING_LENGTH)
    return NULL;
  memo = g_hash_table_lookup (sizes->memos, node);
  if (memo == NULL || memo->str != str)
    {
      memo = g_new0 (Memo, 1);
      memo->node = json_node_ref (node);
      memo->str = str;
      memo->length = strlen (str);
      memo->plain = -1;
      g_hash_table_insert (sizes->memos, node, memo);
    }
  memo->walk = sizes->walk;
  return memo;
}

gsize
ovs_json_string_length (JsonNode *node)
{
  const char *str;
  Memo *memo;

  g_return_val_if_fail (node != NULL && JSON_NODE_HOLDS_VALUE (node)
                        && json_node_get_value_type (node) == G_TYPE_STRING, 0);

  str = json_node_get_string (node);
  memo = memo_lookup (node, str);
  return memo != NULL ? memo->length : strlen (str);
}

/* @str as a string literal; @n is its length. */
static void
append_escaped (Out        *out,
                const char *str,
                gsize       n)
{
  gsize i = 0;

  out_append_c (out, '"');
  while (i < n)
    {
      gsize run = plain_prefix (str + i, n - i);
      char escape[8];

      out_append_len (out, str + i, run);
      i += run;
      if (i == n)
        break;
      switch (str[i])
        {
        case '"': out_append (out, "\\\""); break;
        case '\\': out_append (out, "\\\\"); break;
        case '\n': out_append (out, "\\n"); break;
        case '\r': out_append (out, "\\r"); break;
        case '\t': out_append (out, "\\t"); break;
        case '\b': out_append (out, "\\b"); break;
        case '\f': out_append (out, "\\f"); break;
        default:
          g_snprintf (escape, sizeof escape, "\\u%04x", (guchar) str[i]);
          out_append (out, escape);
        }
      i++;
    }
  out_append_c (out, '"');
}

static void
append_string (Out        *out,
               const char *str)
{
  append_escaped (out, str, strlen (str));
}

/* @node's string, from @skip bytes on. A long one is scanned for characters to escape
 * once while sizes are begun: measuring it again adds its length. */
static void
append_string_node (Out      *out,
                    JsonNode *node,
                    gsize     skip)
{
  const char *str = json_node_get_string (node);
  Memo *memo = memo_lookup (node, str);

  if (memo == NULL)
    {
      append_string (out, str + skip);
      return;
    }
  if (memo->plain == -1)
    memo->plain = plain_prefix (str, memo->length) == memo->length;
  if (!memo->plain)
    {
      append_escaped (out, str + skip, memo->length - skip);
      return;
    }
  out_append_c (out, '"');
  out_append_len (out, str + skip, memo->length - skip);
  out_append_c (out, '"');
}

void
ovs_json_append_string (GString    *out,
                        const char *str)
{
  Out to = { out, 0, FALSE };

  append_string (&to, str);
}

static void
append_double (Out    *out,
               double  value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      /* JSON has no infinities; json-glib never parses them, but a caller might set one. */
      out_append (out, "null");
      return;
    }

  /* The shortest text that reads back as the same double, like Python's repr(). */
  for (int precision = 1; precision <= 17; precision++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }

  out_append (out, buf);
  if (strpbrk (buf, ".eEn") == NULL)
    out_append (out, ".0");
}

static void append_node (Out      *out,
                         JsonNode *node,
                         int       depth,
                         gboolean  pretty);

/* Pretty output puts each member on a line of its own, indented by its depth. */
static void
append_break (Out      *out,
              int       depth,
              gboolean  pretty)
{
  if (!pretty)
    return;
  out_append_c (out, '\n');
  for (int i = 0; i < depth; i++)
    out_append (out, "  ");
}

static void
append_value (Out      *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);
  char number[32];

  if (type == G_TYPE_BOOLEAN)
    out_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_INT64)
    {
      g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, json_node_get_int (node));
      out_append (out, number);
    }
  else if (type == G_TYPE_DOUBLE)
    append_double (out, json_node_get_double (node));
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      const char *comma = out->bare_base64 && g_str_has_prefix (text, "data:")
                          ? strchr (text, ',') : NULL;

      append_string_node (out, node,
                          comma != NULL && g_strstr_len (text, comma - text, ";base64") != NULL
                          ? (gsize) (comma + 1 - text) : 0);
    }
  else
    out_append (out, "null");
}

static void
append_array (Out       *out,
              JsonArray *array,
              int        depth,
              gboolean   pretty)
{
  guint n = json_array_get_length (array);

  if (n == 0)
    {
      out_append (out, "[]");
      return;
    }
  out_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        out_append_c (out, ',');
      append_break (out, depth + 1, pretty);
      append_node (out, json_array_get_element (array, i), depth + 1, pretty);
    }
  append_break (out, depth, pretty);
  out_append_c (out, ']');
}

static void
append_object (Out        *out,
               JsonObject *object,
               int         depth,
               gboolean    pretty)
{
  g_autoptr(GList) members = json_object_get_members (object);

  if (members == NULL)
    {
      out_append (out, "{}");
      return;
    }
  out_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        out_append_c (out, ',');
      append_break (out, depth + 1, pretty);
      append_string (out, l->data);
      out_append (out, pretty ? ": " : ":");
      append_node (out, json_object_get_member (object, l->data), depth + 1, pretty);
    }
  append_break (out, depth, pretty);
  out_append_c (out, '}');
}

static void
append_node (Out      *out,
             JsonNode *node,
             int       depth,
             gboolean  pretty)
{
  switch (node != NULL ? json_node_get_node_type (node) : JSON_NODE_NULL)
    {
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node), depth, pretty);
      break;
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), depth, pretty);
      break;
    case JSON_NODE_NULL:
    default:
      out_append (out, "null");
      break;
    }
}

char *
ovs_json_write (JsonNode *node,
                gboolean  pretty,
                gboolean  bare_base64)
{
  Out out = { g_string_new (NULL), 0, bare_base64 };

  append_node (&out, node, 0, pretty);
  if (pretty)
    out_append_c (&out, '\n');
  return g_string_free (out.text, FALSE);
}

char *
ovs_json_to_string (JsonNode *node)
{
  return ovs_json_write (node, TRUE, FALSE);
}

char *
ovs_json_to_compact_string (JsonNode *node)
{
  return ovs_json_write (node, FALSE, FALSE);
}

gsize
ovs_json_measure (JsonNode *node)
{
  Out out = { NULL, 0, FALSE };

  append_node (&out, node, 0, TRUE);
  out_append_c (&out, '\n');
  return out.length;
}

static void
offset_to_position (const char *text,
                    gsize       offset,
                    int        *line,
                    int        *column)
{
  int l = 1;
  int c = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          l++;
          c = 1;
        }
      else if (((guchar) text[i] & 0xC0) != 0x80)
        {
          c++;
        }
    }
  *line = l;
  *column = c;
}

/* json-glib says "<data>:3:15: Parse error: unexpected character…"; keep the position apart
 * and the rest as the reader's own words. */
static char *
split_parser_message (const char *message,
                      int        *line,
                      int        *column)
{
  const char *p = message;
  char *end;
  long l, c;

  if (g_str_has_prefix (p, "<data>:"))
    p += strlen ("<data>:");

  l = strtol (p, &end, 10);
  if (end != p && *end == ':')
    {
      const char *q = end + 1;

      c = strtol (q, &end, 10);
      if (end != q && *end == ':')
        {
          *line = (int) l;
          *column = (int) c;
          p = end + 1;
          while (*p == ' ')
            p++;
          if (g_str_has_prefix (p, "Parse error: "))
            p += strlen ("Parse error: ");
          return g_strdup (p);
        }
    }

  return g_strdup (message);
}

/* json-glib decodes "\\ud800" and other lone surrogates into bytes that are not UTF-8; the
 * writer would then send text no one can read back. */
static gboolean
strings_are_utf8 (JsonNode    *node,
                  const char  *path,
                  char       **bad_path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = NULL;

          if (!g_utf8_validate (l->data, -1, NULL))
            {
              *bad_path = g_strdup (path);
              return FALSE;
            }
          child = g_str_equal (path, "$") ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);
          if (!strings_are_utf8 (json_object_get_member (json_node_get_object (node), l->data),
                                 child, bad_path))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          if (!strings_are_utf8 (json_array_get_element (array, i), child, bad_path))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           && !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      *bad_path = g_strdup (path);
      return FALSE;
    }
  return TRUE;
}

gboolean
ovs_json_check_depth (const char  *text,
                      gsize        length,
                      int         *line,
                      int         *column,
                      GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  /* json-glib's parser recurses once per level: tens of thousands of "[" overflow the
   * stack before it can report anything. Brackets inside strings do not count. */
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > OVS_JSON_MAX_DEPTH)
            {
              int dummy_line, dummy_column;

              if (line == NULL)
                line = &dummy_line;
              if (column == NULL)
                column = &dummy_column;
              offset_to_position (text, i, line, column);
              g_set_error (error, OVS_ERROR, OVS_ERROR_TOO_DEEP,
                           _("line %d, column %d: the body nests deeper than %d levels of "
                             "objects and lists; no request needs that many"),
                           *line, *column, OVS_JSON_MAX_DEPTH);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* What json-glib is not asked to judge: the size, the encoding, NUL bytes and the depth,
 * each with where it goes wrong. A byte-order mark is harmless (editors on other systems
 * add one): *@text and *@length are moved past it. */
static gboolean
check_text (const char **text_inout,
            gssize      *length_inout,
            int         *line,
            int         *column,
            GError     **error)
{
  const char *text = *text_inout;
  gssize length = *length_inout;
  const char *end = NULL;

  if (length > OVS_JSON_MAX_BODY_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (OVS_JSON_MAX_BODY_SIZE);

      g_set_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE,
                   _("The body is %s; the limit is %s"), size, limit);
      return FALSE;
    }

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  *text_inout = text;
  *length_inout = length;

  if (!g_utf8_validate_len (text, length, &end))
    {
      offset_to_position (text, end - text, line, column);
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("line %d, column %d: the text is not valid UTF-8"), *line, *column);
      return FALSE;
    }

  if (memchr (text, '\0', length) != NULL)
    {
      offset_to_position (text, (const char *) memchr (text, '\0', length) - text, line, column);
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("line %d, column %d: the text contains a NUL byte"), *line, *column);
      return FALSE;
    }

  return ovs_json_check_depth (text, length, line, column, error);
}

JsonNode *
ovs_json_parse_object (const char  *text,
                       gssize       length,
                       int         *line,
                       int         *column,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  int dummy_line, dummy_column;
  JsonNode *root;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (line == NULL)
    line = &dummy_line;
  if (column == NULL)
    column = &dummy_column;
  *line = 0;
  *column = 0;

  if (length < 0)
    length = strlen (text);

  if (!check_text (&text, &length, line, column, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      g_autofree char *what = split_parser_message (local_error->message, line, column);

      if (*line > 0)
        g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                     _("line %d, column %d: %s"), *line, *column, what);
      else
        g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE, "%s", what);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE, _("The body is empty"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("The body must be a JSON object, not %s"), ovs_json_node_type_name (root));
      return NULL;
    }

  {
    g_autofree char *bad_path = NULL;

    if (!strings_are_utf8 (root, "$", &bad_path))
      {
        g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                     _("%s: a \\u escape stands for no character (a lone surrogate)"), bad_path);
        return NULL;
      }
  }

  return json_node_ref (root);
}

static JsonNode *
copy_tree (JsonNode *node,
           gboolean  share_long)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);

      /* Members in their order: json_object_get_members() keeps it. */
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data,
                                copy_tree (json_object_get_member (object, l->data), share_long));
      return json_node_init_object (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, copy_tree (json_array_get_element (array, i), share_long));
      return json_node_init_array (json_node_alloc (), copy);
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      /* json_node_copy() shares the value itself: setting the copy's string would set the
       * original's too. */
      g_auto(GValue) value = G_VALUE_INIT;
      JsonNode *copy = json_node_new (JSON_NODE_VALUE);

      /* A string copied once, not into a GValue and again out of it: inline files are
       * megabytes, and the draft's copy is made on the main thread at each pause. */
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *str = json_node_get_string (node);

          if (share_long && strnlen (str, LONG_STRING_LENGTH) == LONG_STRING_LENGTH)
            {
              json_node_unref (copy);
              return json_node_ref (node);
            }
          json_node_set_string (copy, str);
          return copy;
        }
      json_node_get_value (node, &value);
      json_node_set_value (copy, &value);
      return copy;
    }
  return json_node_copy (node);
}

JsonNode *
ovs_json_deep_copy (JsonNode *node)
{
  return copy_tree (node, FALSE);
}

JsonNode *
ovs_json_copy_to_read (JsonNode *node)
{
  return copy_tree (node, TRUE);
}

guint
ovs_json_get_length (JsonNode   *root,
                     const char *path)
{
  JsonNode *node = ovs_json_get_path (root, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
         ? json_array_get_length (json_node_get_array (node)) : 0;
}

const char *
ovs_json_node_type_name (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    case G_TYPE_STRING:
      return _("a string");
    default:
      return _("a value");
    }
}

/* Reads one path step: a member name up to '.' or '[', or an index "[n]". */
static gboolean
next_step (const char **cursor,
           char       **name,
           gint64      *index)
{
  const char *p = *cursor;

  *name = NULL;
  *index = -1;

  if (*p == '\0')
    return FALSE;

  if (*p == '.')
    p++;

  if (*p == '[')
    {
      char *end;
      gint64 n = g_ascii_strtoll (p + 1, &end, 10);

      if (end == p + 1 || *end != ']' || n < 0)
        return FALSE;
      *index = n;
      *cursor = end + 1;
      return TRUE;
    }

  {
    gsize len = strcspn (p, ".[");

    if (len == 0)
      return FALSE;
    *name = g_strndup (p, len);
    *cursor = p + len;
  }
  return TRUE;
}

JsonNode *
ovs_json_get_path (JsonNode   *root,
                   const char *path)
{
  JsonNode *node = root;
  const char *cursor = path;
  char *name;
  gint64 index;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, "$"))
    return root;

  while (node != NULL && next_step (&cursor, &name, &index))
    {
      if (name != NULL)
        {
          node = JSON_NODE_HOLDS_OBJECT (node)
                 ? json_object_get_member (json_node_get_object (node), name)
                 : NULL;
          g_free (name);
        }
      else
        {
          JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

          node = array != NULL && index < json_array_get_length (array)
                 ? json_array_get_element (array, (guint) index)
                 : NULL;
        }
    }

  return *cursor == '\0' ? node : NULL;
}

char *
ovs_json_path_shape (const char *path)
{
  GString *out = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      g_string_append_c (out, *p);
      if (*p == '[')
        {
          while (p[1] != '\0' && p[1] != ']')
            p++;
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
ovs_json_path_split (const char  *path,
                     char       **parent,
                     char       **last)
{
  const char *dot = strrchr (path, '.');
  const char *bracket = strrchr (path, '[');
  const char *cut = MAX (dot, bracket);

  if (g_str_equal (path, "$") || *path == '\0')
    return FALSE;

  if (cut == NULL)
    {
      *parent = g_strdup ("$");
      *last = g_strdup (path);
    }
  else if (cut == dot)
    {
      *parent = g_strndup (path, cut - path);
      *last = g_strdup (cut + 1);
    }
  else
    {
      *parent = cut == path ? g_strdup ("$") : g_strndup (path, cut - path);
      *last = g_strdup (cut);
    }
  return TRUE;
}

void
ovs_json_object_move_member (JsonObject *object,
                             const char *name,
                             guint       position)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) tail_names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) tail_nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonNode *moved;
  guint i = 0;

  if (!json_object_has_member (object, name))
    return;

  moved = json_node_ref (json_object_get_member (object, name));

  /* Take out the moved member and everything from @position on, then put them back in the
   * order we want. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;

      if (g_str_equal (member, name))
        continue;
      if (i++ >= position)
        {
          g_ptr_array_add (tail_names, g_strdup (member));
          g_ptr_array_add (tail_nodes, json_node_ref (json_object_get_member (object, member)));
        }
    }

  json_object_remove_member (object, name);
  for (guint j = 0; j < tail_names->len; j++)
    json_object_remove_member (object, g_ptr_array_index (tail_names, j));

  json_object_set_member (object, name, moved);
  for (guint j = 0; j < tail_names->len; j++)
    json_object_set_member (object, g_ptr_array_index (tail_names, j),
                            json_node_ref (g_ptr_array_index (tail_nodes, j)));
}
