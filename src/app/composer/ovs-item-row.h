/* ovs-item-row.h: one object of a list of objects (a subject, a Seedance content item)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base of the expander rows that edit one item of a list of JSON objects, at
 * "<list_path>[index]". The row edits the members of its item through its panel (under the
 * panel's update guard); the list itself is the panel's. It has the "index" property and the
 * ::move (from, to) and ::remove (index) signals of ovs-row-order.h, with the actions
 * row.move-up, row.move-down and row.remove: by default they move the item in the request
 * (its open or closed state going with it) or remove it, and the list once it is empty.
 *
 * A subclass sets list_path in class_init, puts its up, down and remove buttons in its
 * template (action-name row.move-up, …), and fills the header in update_header, with
 * ovs_item_row_show_messages () first.
 */
#pragma once

#include <adwaita.h>

#include "ovs-panel.h"

G_BEGIN_DECLS

#define OVS_TYPE_ITEM_ROW (ovs_item_row_get_type ())

G_DECLARE_DERIVABLE_TYPE (OvsItemRow, ovs_item_row, OVS, ITEM_ROW, AdwExpanderRow)

struct _OvsItemRowClass
{
  AdwExpanderRowClass parent_class;

  /* The JSON path of the list, "subject_infos". */
  const char *list_path;

  /* What a problem at @member (the path below the item, ".id" or ".image_urls[0]") is
   * about, "ID", to lead its message in the header; NULL for none. */
  const char *(*member_label)  (OvsItemRow *self,
                                const char *member);
  /* Marks the row's own fields with @problems (every problem of the request). */
  void        (*show_problems) (OvsItemRow *self,
                                GPtrArray  *problems);
  /* Sets the expander's title and subtitle from the item. */
  void        (*update_header) (OvsItemRow *self);

  /* Class closures of ::move and ::remove. */
  void        (*move)          (OvsItemRow *self,
                                guint       from,
                                guint       to);
  void        (*remove)        (OvsItemRow *self,
                                guint       index);
};

/* The panel the row writes to; NULL once it has gone. */
OvsPanel   *ovs_item_row_get_panel     (OvsItemRow *self);
/* The panel, for a callback of a field the user edited; NULL when the panel is gone or is
 * filling the widgets itself (then the field's change is not the user's). */
OvsPanel   *ovs_item_row_edit_panel    (OvsItemRow *self);
/* The request, NULL once the panel has gone. */
OvsRequest *ovs_item_row_get_request   (OvsItemRow *self);
guint       ovs_item_row_get_index     (OvsItemRow *self);
/* The row's place in a list of @n_items; the moves that would leave it are off. */
void        ovs_item_row_set_position  (OvsItemRow *self,
                                        guint       index,
                                        guint       n_items);
/* "<list_path>[index]<member>", "subject_infos[2].name" for ".name". */
char       *ovs_item_row_dup_path      (OvsItemRow *self,
                                        const char *member);
/* Keeps the problems of the item (of @problems, every problem of the request), marks the
 * fields (show_problems) and refreshes the header (update_header). */
void        ovs_item_row_show_problems (OvsItemRow *self,
                                        GPtrArray  *problems);
/* Refreshes the header, after a change of one of the item's fields. */
void        ovs_item_row_update_header (OvsItemRow *self);
/* Shows the item's problems in the header (the subtitle, an error or warning style);
 * FALSE when it has none, and the subtitle is the caller's to fill. */
gboolean    ovs_item_row_show_messages (OvsItemRow *self);

G_END_DECLS
