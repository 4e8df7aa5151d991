/* ovs-shot-row.h: one shot of a storyboard's shot list, its prompt and its duration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"

G_BEGIN_DECLS

#define OVS_TYPE_SHOT_ROW (ovs_shot_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsShotRow, ovs_shot_row, OVS, SHOT_ROW, AdwPreferencesRow)

/* The row says what the user did, and the shots panel writes the request: ::prompt-changed
 * (text), ::duration-changed (seconds), ::move (from, to) by the actions row.move-up and
 * row.move-down or a drop of another row of the list, ::remove (index) by row.remove. */
GtkWidget *ovs_shot_row_new           (void);
/* The JSON path of the shot at @index ("…shots[2]"), or of its @member ("…shots[2].prompt"). */
char      *ovs_shot_row_dup_path      (guint            index,
                                       const char      *member);
guint      ovs_shot_row_get_index     (OvsShotRow      *self);
/* Shows @shot as the shot at @index of @n: its number, colour, names (its JSON paths),
 * prompt and duration. The text is only set when it differs, so a row being typed in
 * keeps its cursor. */
void       ovs_shot_row_set_shot      (OvsShotRow      *self,
                                       guint            index,
                                       guint            n,
                                       const OvsShot   *shot);
void       ovs_shot_row_show_problems (OvsShotRow      *self,
                                       GPtrArray       *problems);
void       ovs_shot_row_focus_prompt  (OvsShotRow      *self);
void       ovs_shot_row_focus_remove  (OvsShotRow      *self);
/* Focuses the button that moves the shot up (or down), or the other one at the end. */
void       ovs_shot_row_focus_move    (OvsShotRow      *self,
                                       gboolean         up);

G_END_DECLS
