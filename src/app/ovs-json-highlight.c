/* ovs-json-highlight.c: JSON colours in a text buffer, without GtkSourceView's language
 *
 * Four text tags (keys, strings, numbers, true/false/null) take their colours from the
 * buffer's style scheme, under the styles GtkSourceView's json.lang maps them to. Each edit
 * notes the lines it touches before it happens (the handlers run first); when the buffer
 * says it changed, those lines are read again. A tag is never applied from inside the
 * insert or delete: tag changes invalidate the iterators later handlers get.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "ovs-json-highlight.h"

typedef enum
{
  KIND_KEY,
  KIND_STRING,
  KIND_NUMBER,
  KIND_CONSTANT,
  N_KINDS
} Kind;

/* The scheme styles json.lang's styles end at, through def.lang's fallbacks (a scheme need
 * not define def:string: strings are then coloured as constants), first found wins. */
static const char * const style_ids[N_KINDS][4] = {
  [KIND_KEY] = { "def:constant", NULL },
  [KIND_STRING] = { "def:string", "def:constant", NULL },
  [KIND_NUMBER] = { "def:decimal", "def:number", "def:constant", NULL },
  [KIND_CONSTANT] = { "def:boolean", "def:special-constant", "def:constant", NULL },
};

static const char * const tag_names[N_KINDS] = {
  "ovs-json-key", "ovs-json-string", "ovs-json-number", "ovs-json-constant",
};

typedef struct
{
  GtkTextTag *tags[N_KINDS];  /* the buffer's tag table owns them */
  int         first;          /* lines to read again, or -1 */
  int         last;
} Highlight;

#define HIGHLIGHT_KEY "ovs-json-highlight"

static void
mark_lines (Highlight *hl,
            int        first,
            int        last)
{
  if (hl->first < 0 || first < hl->first)
    hl->first = first;
  if (last > hl->last)
    hl->last = last;
}

static void
tag_span (GtkTextBuffer     *buffer,
          GtkTextTag        *tag,
          const GtkTextIter *line_start,
          gsize              from,
          gsize              to)
{
  GtkTextIter start = *line_start, end = *line_start;

  gtk_text_iter_set_line_index (&start, (int) from);
  gtk_text_iter_set_line_index (&end, (int) to);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
}

static gboolean
is_number_char (char c)
{
  return g_ascii_isdigit (c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

/* One line, as JSON reads: byte offsets within it. */
static void
highlight_line (GtkTextBuffer *buffer,
                Highlight     *hl,
                int            line)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gsize i = 0, n;

  if (!gtk_text_buffer_get_iter_at_line (buffer, &start, line))
    return;
  end = start;
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  for (Kind kind = 0; kind < N_KINDS; kind++)
    gtk_text_buffer_remove_tag (buffer, hl->tags[kind], &start, &end);
  /* With the paintables' U+FFFC: byte offsets are line indexes. */
  text = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  n = strlen (text);

  while (i < n)
    {
      char c = text[i];
      gsize j = i + 1;

      if (c == '"')
        {
          gsize k;

          /* To the closing quote, or the line's end (unfinished: still a string). */
          while (j < n && text[j] != '"')
            j += text[j] == '\\' && j + 1 < n ? 2 : 1;
          if (j < n)
            j++;
          for (k = j; k < n && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'); k++)
            ;
          tag_span (buffer, hl->tags[k < n && text[k] == ':' ? KIND_KEY : KIND_STRING], &start, i, j);
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          while (j < n && is_number_char (text[j]))
            j++;
          tag_span (buffer, hl->tags[KIND_NUMBER], &start, i, j);
        }
      else if (g_ascii_isalpha (c))
        {
          while (j < n && (g_ascii_isalnum (text[j]) || text[j] == '_'))
            j++;
          if ((j - i == 4 && (strncmp (text + i, "true", 4) == 0 || strncmp (text + i, "null", 4) == 0))
              || (j - i == 5 && strncmp (text + i, "false", 5) == 0))
            tag_span (buffer, hl->tags[KIND_CONSTANT], &start, i, j);
        }
      i = j;
    }
}

static void
highlight_marked (GtkTextBuffer *buffer,
                  Highlight     *hl)
{
  int last;

  if (hl->first < 0)
    return;
  last = MIN (hl->last, gtk_text_buffer_get_line_count (buffer) - 1);
  for (int line = hl->first; line <= last; line++)
    highlight_line (buffer, hl, line);
  hl->first = hl->last = -1;
}

static void
insert_text_cb (GtkTextBuffer *buffer,
                GtkTextIter   *location,
                const char    *text,
                int            len,
                Highlight     *hl)
{
  int line = gtk_text_iter_get_line (location);
  int newlines = 0;

  for (const char *p = text; len < 0 ? *p != '\0' : p < text + len; p++)
    newlines += *p == '\n';
  mark_lines (hl, line, line + newlines);
}

static void
delete_range_cb (GtkTextBuffer *buffer,
                 GtkTextIter   *start,
                 GtkTextIter   *end,
                 Highlight     *hl)
{
  int line = MIN (gtk_text_iter_get_line (start), gtk_text_iter_get_line (end));

  mark_lines (hl, line, line);
}

static void
changed_cb (GtkTextBuffer *buffer,
            Highlight     *hl)
{
  highlight_marked (buffer, hl);
}

static void
update_colours (GtkSourceBuffer *buffer,
                GParamSpec      *pspec,
                Highlight       *hl)
{
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);

  for (Kind kind = 0; kind < N_KINDS; kind++)
    {
      GtkSourceStyle *style = NULL;

      for (guint i = 0; scheme != NULL && style == NULL && style_ids[kind][i] != NULL; i++)
        style = gtk_source_style_scheme_get_style (scheme, style_ids[kind][i]);
      gtk_source_style_apply (style, hl->tags[kind]);
    }
}

/* libadwaita's light or dark scheme, as the style manager says. */
static void
follow_style (GtkSourceBuffer *buffer)
{
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark"
                                                                                 : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer,
                                      gtk_source_style_scheme_manager_get_scheme (
                                        gtk_source_style_scheme_manager_get_default (), id));
}

void
ovs_json_highlight_attach (GtkSourceBuffer *buffer)
{
  GtkTextBuffer *text_buffer = GTK_TEXT_BUFFER (buffer);
  Highlight *hl;

  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  if (g_object_get_data (G_OBJECT (buffer), HIGHLIGHT_KEY) != NULL)
    return;
  hl = g_new0 (Highlight, 1);
  hl->first = hl->last = -1;
  for (Kind kind = 0; kind < N_KINDS; kind++)
    hl->tags[kind] = gtk_text_buffer_create_tag (text_buffer, tag_names[kind], NULL);
  g_object_set_data_full (G_OBJECT (buffer), HIGHLIGHT_KEY, hl, g_free);

  g_signal_connect (buffer, "insert-text", G_CALLBACK (insert_text_cb), hl);
  g_signal_connect (buffer, "delete-range", G_CALLBACK (delete_range_cb), hl);
  g_signal_connect (buffer, "changed", G_CALLBACK (changed_cb), hl);
  g_signal_connect (buffer, "notify::style-scheme", G_CALLBACK (update_colours), hl);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (follow_style), buffer, G_CONNECT_SWAPPED);
  follow_style (buffer);
  update_colours (buffer, NULL, hl);

  mark_lines (hl, 0, gtk_text_buffer_get_line_count (text_buffer) - 1);
  highlight_marked (text_buffer, hl);
}

GtkSourceBuffer *
ovs_json_highlight_new_buffer (void)
{
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);

  gtk_source_buffer_set_highlight_matching_brackets (buffer, TRUE);
  ovs_json_highlight_attach (buffer);
  return buffer;
}
