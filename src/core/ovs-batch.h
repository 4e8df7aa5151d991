/* ovs-batch.h: a list of requests read from one file, for `omni-video batch`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two formats (docs/batch.md):
 *   JSONL  one request body per line; blank lines are skipped.
 *   CSV    a header row naming the columns, then one row per task; each row fills the
 *          {{column}} placeholders in the string values of a template body. Fields may be
 *          quoted ("a, b", "say ""hi""", newlines inside quotes); UTF-8, an optional BOM,
 *          LF or CRLF.
 * Each line keeps where it starts in the file (1-based, as an editor counts), so that its
 * problems and its task can be named by that number. The batch's id is a digest of the
 * file and the template: the same command run again finds its tasks in the history.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  OVS_BATCH_FORMAT_JSONL,
  OVS_BATCH_FORMAT_CSV,
} OvsBatchFormat;

typedef struct
{
  guint      line;      /* where the line (or CSV record) starts in the file, 1-based */
  char      *body;      /* the request body, or NULL when none could be made */
  JsonNode  *values;    /* CSV: {"column": "value", …}; NULL for JSONL */
  GPtrArray *problems;  /* of OvsProblem: the body's, or why there is none */
} OvsBatchLine;

typedef struct
{
  char           *id;        /* "batch-" and 16 hex digits */
  OvsBatchFormat  format;
  GPtrArray      *lines;     /* of OvsBatchLine, in file order */
} OvsBatch;

/* The format a file name implies: CSV for ".csv" (any case) or when a template is given,
 * else JSONL. */
OvsBatchFormat ovs_batch_format_for     (const char     *file_name,
                                         gboolean        has_template);

/* Reads @text as @format and checks every line with ovs_validate_text(). @template_text is
 * the CSV's template body (NULL for JSONL). Fails only when the file as a whole cannot be
 * read as a batch (a CSV without a header or a template, a template that is not a JSON
 * object); a bad line is a line with problems. */
OvsBatch      *ovs_batch_parse          (const char     *text,
                                         gsize           length,
                                         OvsBatchFormat  format,
                                         const char     *template_text,
                                         GError        **error);
void           ovs_batch_free           (OvsBatch       *batch);

/* Lines with at least one problem of @severity (OvsSeverity) or worse. */
guint          ovs_batch_count_bad      (OvsBatch       *batch,
                                         int             severity);

/* Splits CSV text into records of fields (a GPtrArray of GStrv); @lines gets each record's
 * first line number. Exposed for tests. */
GPtrArray     *ovs_batch_split_csv      (const char     *text,
                                         gsize           length,
                                         GArray         *lines,
                                         GError        **error);

/* {"line": N, "values": {…}}: what a batch keeps in the task's meta. */
char          *ovs_batch_line_dup_meta  (const OvsBatchLine *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsBatch, ovs_batch_free)

G_END_DECLS
