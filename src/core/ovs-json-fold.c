/* ovs-json-fold.c: a body to show, with its inline files folded to one short line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A text view lays out every byte it holds: a 1.6 MB base64 line cost seconds per
 * keystroke and hundreds of megabytes. The preview shows a fold instead, and when its text
 * is edited the folds are put back, so the body keeps every byte of the file.
 */
#define G_LOG_DOMAIN "ovs-json-fold"

#include "config.h"

#include <string.h>

#include "ovs-data-url.h"
#include "ovs-json.h"
#include "ovs-json-fold.h"

typedef struct
{
  JsonNode *node;  /* the request's string node, kept alive */
  gsize     skip;  /* bytes of it left out (a stripped "data:…;base64," prefix) */
} Fold;

static void
fold_free (gpointer data)
{
  Fold *fold = data;

  json_node_unref (fold->node);
  g_free (fold);
}

GHashTable *
ovs_json_folds_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, fold_free);
}

/* The length of "data:…;base64," at the start of @text, or 0. */
static gsize
data_prefix_length (const char *text)
{
  const char *comma;

  if (!g_str_has_prefix (text, "data:") || (comma = strchr (text, ',')) == NULL
      || g_strstr_len (text, comma - text, ";base64") == NULL)
    return 0;
  return comma + 1 - text;
}

/* "data:image/png;base64,… (1.6 MB)", or the first characters of a bare string; a number
 * is added when two different strings would read the same. An inline file is given the
 * size of the file, as its row in the form gives it, not the length of its base64. */
static char *
fold_text (const char *text,
           gsize       skip,
           gsize       length,
           GHashTable *folds)
{
  gsize prefix = skip > 0 ? 0 : data_prefix_length (text);
  gssize file_size = ovs_data_url_file_size_n (text, length);
  g_autofree char *size = g_format_size (file_size >= 0 ? (gsize) file_size : length - skip);
  g_autofree char *head = NULL;
  char *label;

  if (prefix == 0)
    {
      /* Bounded: a body read from the history as text may not be valid UTF-8. */
      const char *limit = text + length;
      const char *end = text + skip;

      for (int i = 0; i < 16 && end != NULL && end < limit; i++)
        end = g_utf8_find_next_char (end, limit);
      prefix = (end != NULL ? end : limit) - (text + skip);
    }
  head = g_strndup (text + skip, prefix);
  label = g_strdup_printf ("%s… (%s)", head, size);
  for (guint n = 2; g_hash_table_contains (folds, label); n++)
    {
      g_free (label);
      label = g_strdup_printf ("%s… (%s, %u)", head, size, n);
    }
  return label;
}

static JsonNode *
fold_string (JsonNode   *node,
             gsize       min_length,
             gboolean    strip,
             GHashTable *folds)
{
  const char *text = json_node_get_string (node);
  gsize skip = strip ? data_prefix_length (text) : 0;
  gsize length = ovs_json_string_length (node);
  JsonNode *copy;

  if (length - skip < min_length)
    {
      copy = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (copy, text + skip);
      return copy;
    }

  {
    g_autofree char *label = fold_text (text, skip, length, folds);
    Fold *fold = g_new0 (Fold, 1);

    fold->node = json_node_ref (node);
    fold->skip = skip;
    copy = json_node_new (JSON_NODE_VALUE);
    json_node_set_string (copy, label);
    g_hash_table_insert (folds, g_steal_pointer (&label), fold);
  }
  return copy;
}

static JsonNode *
fold_node (JsonNode   *node,
           gsize       min_length,
           gboolean    strip,
           GHashTable *folds)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (object);
      JsonNode *result = json_node_new (JSON_NODE_OBJECT);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, fold_node (json_object_get_member (object, l->data),
                                                          min_length, strip, folds));
      json_node_set_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      g_autoptr(JsonArray) copy = json_array_sized_new (n);
      JsonNode *result = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        json_array_add_element (copy, fold_node (json_array_get_element (array, i), min_length,
                                                 strip, folds));
      json_node_set_array (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return fold_string (node, min_length, strip, folds);
  return json_node_copy (node);
}

JsonNode *
ovs_json_fold (JsonNode   *root,
               gsize       min_length,
               gboolean    strip_data_prefixes,
               GHashTable *folds)
{
  g_return_val_if_fail (root != NULL, NULL);
  g_return_val_if_fail (folds != NULL, NULL);

  g_hash_table_remove_all (folds);
  return fold_node (root, MAX (min_length, 1), strip_data_prefixes, folds);
}

void
ovs_json_unfold (JsonNode   *root,
                 GHashTable *folds)
{
  g_return_if_fail (root != NULL);

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        ovs_json_unfold (json_object_get_member (object, l->data), folds);
    }
  else if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        ovs_json_unfold (json_array_get_element (array, i), folds);
    }
  else if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
    {
      Fold *fold = g_hash_table_lookup (folds, json_node_get_string (root));

      if (fold != NULL)
        json_node_set_string (root, json_node_get_string (fold->node) + fold->skip);
    }
}

/* The end of the string literal whose contents start at @start: its closing quote, or
 * @end when there is none. Backslashes escape; base64 has none, so a long inline file is
 * crossed by memchr () alone. */
static const char *
string_end (const char *start,
            const char *end)
{
  const char *quote = start;

  while ((quote = memchr (quote, '"', end - quote)) != NULL)
    {
      gsize backslashes = 0;

      while (quote - backslashes > start && quote[-1 - (gssize) backslashes] == '\\')
        backslashes++;
      if (backslashes % 2 == 0)
        return quote;
      quote++;
    }
  return end;
}

/* The four hex digits at @p as a number, or -1. */
static int
hex4 (const char *p,
      const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The text a string literal's contents (@raw, @len bytes, escapes included) stand for, as
 * a tree's string node holds it. An escape that is not one is kept as written. */
static char *
json_unescape (const char *raw,
               gsize       len)
{
  const char *end = raw + len;
  GString *out = g_string_sized_new (len);

  for (const char *p = raw; p < end;)
    {
      const char *backslash = memchr (p, '\\', end - p);
      int unit;

      if (backslash == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, backslash - p);
      p = backslash + 1;
      if (p == end)
        {
          g_string_append_c (out, '\\');
          break;
        }
      switch (*p)
        {
        case '"': case '\\': case '/': g_string_append_c (out, *p); p++; break;
        case 'b': g_string_append_c (out, '\b'); p++; break;
        case 'f': g_string_append_c (out, '\f'); p++; break;
        case 'n': g_string_append_c (out, '\n'); p++; break;
        case 'r': g_string_append_c (out, '\r'); p++; break;
        case 't': g_string_append_c (out, '\t'); p++; break;
        case 'u':
          if ((unit = hex4 (p + 1, end)) < 0)
            {
              g_string_append_c (out, '\\');
              break;
            }
          p += 5;
          if (unit >= 0xd800 && unit < 0xdc00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u')
            {
              int low = hex4 (p + 2, end);

              if (low >= 0xdc00 && low < 0xe000)
                {
                  unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                  p += 6;
                }
            }
          if (g_unichar_validate ((gunichar) unit) && unit != 0)
            g_string_append_unichar (out, (gunichar) unit);
          else
            g_string_append (out, "\xef\xbf\xbd");
          break;
        default:
          g_string_append_c (out, '\\');
          break;
        }
    }
  return g_string_free (out, FALSE);
}

char *
ovs_json_fold_text (const char *json,
                    gsize       min_length)
{
  g_autoptr(GHashTable) labels = NULL;
  GString *out;
  const char *p, *end;

  if (json == NULL)
    return NULL;
  labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  end = json + strlen (json);
  out = g_string_sized_new (MIN ((gsize) (end - json), 4096));
  for (p = json; p < end;)
    {
      const char *open = memchr (p, '"', end - p);
      const char *close;
      char *contents;

      if (open == NULL)
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      close = string_end (open + 1, end);
      /* The length of what the literal stands for, as ovs_json_fold () measures it: only
       * a literal this long written out can be. */
      contents = (gsize) (close - open - 1) >= min_length
                 ? json_unescape (open + 1, close - open - 1) : NULL;
      if (contents == NULL || strlen (contents) < min_length)
        g_string_append_len (out, p, MIN (close + 1, end) - p);
      else
        {
          char *label = fold_text (contents, 0, strlen (contents), labels);

          g_string_append_len (out, p, open - p);
          ovs_json_append_string (out, label);
          g_hash_table_add (labels, label);
        }
      g_clear_pointer (&contents, g_free);
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}
