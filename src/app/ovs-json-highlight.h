/* ovs-json-highlight.h: JSON colours in a text buffer, without GtkSourceView's language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* Colours the JSON in @buffer as GtkSourceView's "json" language does with the buffer's
 * style scheme (keys and constants, strings, numbers, true/false/null), and keeps doing so as
 * the text changes, a line at a time. GtkSourceView's language costs a RelaxNG-checked XML
 * definition, its regexes and ~50-100 ms of the main thread when first loaded (issue 14);
 * JSON needs none of it: a string never spans lines, so each line is read on its own.
 * The buffer takes libadwaita's scheme, Adwaita or Adwaita-dark, and follows it. */
void ovs_json_highlight_attach (GtkSourceBuffer *buffer);
/* A buffer for JSON the user edits: coloured (ovs_json_highlight_attach ()), its brackets
 * matched. */
GtkSourceBuffer *ovs_json_highlight_new_buffer (void);

G_END_DECLS
