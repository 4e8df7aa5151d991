/* ovs-list-row.h: one item of an ordered list of strings (reference URLs, subject ids)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OVS_TYPE_LIST_ROW (ovs_list_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsListRow, ovs_list_row, OVS, LIST_ROW, AdwEntryRow)

/* An entry row with move up, move down and remove (@remove_label, its tooltip and
 * accessible name) as the actions row.move-up, row.move-down and row.remove. It only says
 * what the user asked for, by ::move (from, to) and ::remove (index): the panel edits the
 * request, which then renumbers the rows with ovs_list_row_set_position(). A row that is
 * not "listed" (a first frame) has the thumbnail and the described URL without them. */
GtkWidget *ovs_list_row_new              (const char   *remove_label);
guint      ovs_list_row_get_index        (OvsListRow   *self);
/* The row's place in a list of @n_items; the arrows that would leave it are off. */
void       ovs_list_row_set_position     (OvsListRow   *self,
                                          guint         index,
                                          guint         n_items);
/* A drag handle before the text: dropping a row of the same list on this one moves it here. */
void       ovs_list_row_set_reorderable  (OvsListRow   *self,
                                          gboolean      reorderable);
/* Shows @url: as it is, to edit, or for a data: URL its description (described). */
void       ovs_list_row_set_url          (OvsListRow   *self,
                                          const char   *url);
/* Whether the text is a description of the value (an inline file), not the value: then it
 * is not editable, and the row does not emit ::changed for it. */
void       ovs_list_row_set_described    (OvsListRow   *self,
                                          gboolean      described);
gboolean   ovs_list_row_get_described    (OvsListRow   *self);
/* A frame of @url (http, https or data:) before the text, fetched asynchronously and
 * cached; nothing when it cannot be decoded or @url is NULL. */
void       ovs_list_row_show_thumbnail   (OvsListRow   *self,
                                          const char   *url,
                                          GCancellable *cancellable);

G_END_DECLS
