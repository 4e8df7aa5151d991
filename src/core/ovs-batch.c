/* ovs-batch.c: a list of requests read from one file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-batch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ovs-batch.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-validate.h"

#define UTF8_BOM "\xef\xbb\xbf"

static void
batch_line_free (OvsBatchLine *line)
{
  g_free (line->body);
  g_clear_pointer (&line->values, json_node_unref);
  g_clear_pointer (&line->problems, g_ptr_array_unref);
  g_free (line);
}

void
ovs_batch_free (OvsBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->id);
  g_clear_pointer (&batch->lines, g_ptr_array_unref);
  g_free (batch);
}

OvsBatchFormat
ovs_batch_format_for (const char *file_name,
                      gboolean    has_template)
{
  g_autofree char *lower = file_name != NULL ? g_ascii_strdown (file_name, -1) : NULL;

  if (has_template || (lower != NULL && g_str_has_suffix (lower, ".csv")))
    return OVS_BATCH_FORMAT_CSV;
  return OVS_BATCH_FORMAT_JSONL;
}

guint
ovs_batch_count_bad (OvsBatch *batch,
                     int       severity)
{
  guint n = 0;

  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsBatchLine *line = g_ptr_array_index (batch->lines, i);

      for (guint j = 0; j < line->problems->len; j++)
        if ((int) ((OvsProblem *) g_ptr_array_index (line->problems, j))->severity <= severity)
          {
            n++;
            break;
          }
    }
  return n;
}

static OvsBatchLine *
batch_line_new (guint line_number)
{
  OvsBatchLine *line = g_new0 (OvsBatchLine, 1);

  line->line = line_number;
  line->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  return line;
}

/* The digest of what decides which lines there are: the same file and template give the
 * same id, a changed file a new batch. */
static char *
batch_id_for (const char *text,
              gsize       length,
              const char *template_text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *digest = NULL;

  g_checksum_update (checksum, (const guchar *) text, length);
  if (template_text != NULL)
    {
      /* A separator no text contains, so that moving bytes between file and template
       * changes the id. */
      g_checksum_update (checksum, (const guchar *) "\0template\0", 10);
      g_checksum_update (checksum, (const guchar *) template_text, strlen (template_text));
    }
  digest = g_strdup (g_checksum_get_string (checksum));
  digest[16] = '\0';
  return g_strconcat ("batch-", digest, NULL);
}

static void
check_body (OvsBatchLine *line)
{
  g_autoptr(GPtrArray) problems = ovs_validate_text (line->body, -1, NULL);

  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (line->problems, ovs_problem_copy (g_ptr_array_index (problems, i)));
}

static gboolean
is_blank (const char *start,
          const char *end)
{
  for (const char *p = start; p < end; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static void
parse_jsonl (OvsBatch   *batch,
             const char *text,
             gsize       length)
{
  const char *end = text + length;
  const char *start = text;
  guint number = 1;

  while (start < end)
    {
      const char *newline = memchr (start, '\n', end - start);
      const char *stop = newline != NULL ? newline : end;

      if (!is_blank (start, stop))
        {
          OvsBatchLine *line = batch_line_new (number);

          line->body = g_strndup (start, stop - start);
          g_strchomp (line->body);  /* a CRLF file's \r */
          check_body (line);
          g_ptr_array_add (batch->lines, line);
        }
      number++;
      start = stop + 1;
    }
}

/* RFC 4180 with the leniencies spreadsheets need: LF or CRLF, quotes only around a whole
 * field, a last record without its newline. */
GPtrArray *
ovs_batch_split_csv (const char  *text,
                     gsize        length,
                     GArray      *lines,
                     GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;
  guint line = 1, record_line = 1, quote_line = 0;
  gboolean quoted = FALSE, was_quoted = FALSE, at_field_start = TRUE;

  if (length >= 3 && memcmp (p, UTF8_BOM, 3) == 0)
    p += 3;

  for (; p <= end; p++)
    {
      char c = p < end ? *p : '\n';
      gboolean at_end = p == end;

      if (quoted)
        {
          if (at_end)
            {
              g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                           _("line %u: a quoted field is never closed"), quote_line);
              return NULL;
            }
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            {
              quoted = FALSE;
            }
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          continue;
        }

      if (c == '"' && at_field_start)
        {
          quoted = was_quoted = TRUE;
          quote_line = line;
          at_field_start = FALSE;
        }
      else if (c == ',' || c == '\n')
        {
          /* The \r of a CRLF ends no unquoted field's value. */
          if (c == '\n' && !was_quoted && field->len > 0 && field->str[field->len - 1] == '\r')
            g_string_truncate (field, field->len - 1);
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          at_field_start = TRUE;
          was_quoted = FALSE;
          if (c == '\n')
            {
              gboolean empty = fields->len == 1 && *(char *) g_ptr_array_index (fields, 0) == '\0';

              /* Blank lines (and the end of a file ending with a newline) are no records. */
              if (!empty)
                {
                  g_ptr_array_add (fields, NULL);
                  g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
                  if (lines != NULL)
                    g_array_append_val (lines, record_line);
                }
              g_ptr_array_set_size (fields, 0);
              line++;
              record_line = line;
            }
        }
      else if (!(was_quoted && c == '\r'))
        {
          g_string_append_c (field, c);
          at_field_start = FALSE;
        }
    }

  return g_steal_pointer (&records);
}

/* Replaces every {{name}} of @text by the column's value; unknown names are problems. */
static char *
fill_string (const char   *text,
             JsonObject   *values,
             const char   *path,
             OvsBatchLine *line)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strstr (p, "{{");
      const char *close = open != NULL ? strstr (open + 2, "}}") : NULL;
      g_autofree char *name = NULL;

      if (open == NULL || close == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      if (json_object_has_member (values, name))
        {
          g_string_append (out, json_object_get_string_member (values, name));
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("no column “%s” fills “{{%s}}”"),
                                                      name, name);

          g_ptr_array_add (line->problems, ovs_problem_new (OVS_SEVERITY_ERROR,
                                                            OVS_PROBLEM_PLACEHOLDER, path,
                                                            message));
          g_string_append_len (out, open, close + 2 - open);
        }
      p = close + 2;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
fill_node (JsonNode     *node,
           JsonObject   *values,
           const char   *path,
           OvsBatchLine *line)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_str_equal (path, "$")
                                   ? g_strdup (l->data)
                                   : g_strdup_printf ("%s.%s", path, (char *) l->data);

          fill_node (json_object_get_member (object, l->data), values, child, line);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          fill_node (json_array_get_element (array, i), values, child, line);
        }
    }
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *filled = fill_string (json_node_get_string (node), values, path, line);

      json_node_set_string (node, filled);
    }
}

static OvsBatchLine *
csv_line (const char  *template_text,
          GStrv        header,
          GStrv        record,
          guint        number)
{
  OvsBatchLine *line = batch_line_new (number);
  /* Parsed again per line: json_node_copy() shares the objects inside. */
  g_autoptr(JsonNode) body = ovs_json_parse_object (template_text, -1, NULL, NULL, NULL);
  JsonObject *values = json_object_new ();
  guint n_header = g_strv_length (header);
  guint n_record = g_strv_length (record);

  line->values = json_node_init_object (json_node_alloc (), values);
  json_object_unref (values);
  for (guint i = 0; i < n_header; i++)
    json_object_set_string_member (values, header[i], i < n_record ? record[i] : "");

  if (n_record != n_header)
    {
      g_autofree char *message = g_strdup_printf (_("%u fields where the header has %u columns"),
                                                  n_record, n_header);

      g_ptr_array_add (line->problems, ovs_problem_new (OVS_SEVERITY_ERROR, OVS_PROBLEM_SYNTAX,
                                                        "$", message));
      return line;
    }

  fill_node (body, values, "$", line);
  line->body = ovs_json_to_string (body);
  if (line->problems->len == 0)
    check_body (line);
  return line;
}

static gboolean
parse_csv (OvsBatch    *batch,
           const char  *text,
           gsize        length,
           const char  *template_text,
           GError     **error)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonNode) template = NULL;
  GStrv header;

  if (template_text == NULL)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           _("a CSV batch needs a template body (--template FILE)"));
      return FALSE;
    }
  template = ovs_json_parse_object (template_text, -1, NULL, NULL, error);
  if (template == NULL)
    {
      g_prefix_error (error, _("the template: "));
      return FALSE;
    }

  records = ovs_batch_split_csv (text, length, lines, error);
  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           _("the CSV file has no header row naming its columns"));
      return FALSE;
    }

  header = g_ptr_array_index (records, 0);
  for (guint i = 0; header[i] != NULL; i++)
    g_strstrip (header[i]);
  for (guint i = 1; i < records->len; i++)
    g_ptr_array_add (batch->lines, csv_line (template_text, header, g_ptr_array_index (records, i),
                                             g_array_index (lines, guint, i)));
  return TRUE;
}

OvsBatch *
ovs_batch_parse (const char      *text,
                 gsize            length,
                 OvsBatchFormat   format,
                 const char      *template_text,
                 GError         **error)
{
  g_autoptr(OvsBatch) batch = g_new0 (OvsBatch, 1);

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE, _("the file is not UTF-8 text"));
      return NULL;
    }

  batch->id = batch_id_for (text, length, template_text);
  batch->format = format;
  batch->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_line_free);

  if (format == OVS_BATCH_FORMAT_CSV)
    {
      if (!parse_csv (batch, text, length, template_text, error))
        return NULL;
    }
  else
    {
      if (length >= 3 && memcmp (text, UTF8_BOM, 3) == 0)
        parse_jsonl (batch, text + 3, length - 3);
      else
        parse_jsonl (batch, text, length);
    }
  return g_steal_pointer (&batch);
}

char *
ovs_batch_line_dup_meta (const OvsBatchLine *line)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "line");
  json_builder_add_int_value (builder, line->line);
  if (line->values != NULL)
    {
      json_builder_set_member_name (builder, "values");
      json_builder_add_value (builder, json_node_copy (line->values));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return ovs_json_to_compact_string (root);
}
