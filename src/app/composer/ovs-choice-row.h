/* ovs-choice-row.h: a combo row over JSON values, shown by their labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"

G_BEGIN_DECLS

#define OVS_TYPE_CHOICE_ROW (ovs_choice_row_get_type ())

G_DECLARE_FINAL_TYPE (OvsChoiceRow, ovs_choice_row, OVS, CHOICE_ROW, AdwComboRow)

typedef const char *(*OvsChoiceLabel) (const char *value);

/* @values: the JSON values offered, each shown as @label (value) (or as is when @label is
 * NULL); @with_unset puts "Not set" first, for a member that may be left out. */
GtkWidget          *ovs_choice_row_new         (const char          *title,
                                                const char * const  *values,
                                                OvsChoiceLabel       label,
                                                gboolean             with_unset);
/* The same for a row built from a template (whose "title" the template sets). */
void                ovs_choice_row_set_choices (OvsChoiceRow        *self,
                                                const char * const  *values,
                                                OvsChoiceLabel       label,
                                                gboolean             with_unset);
/* Every item's JSON value, in order; "" is "Not set". */
const char * const *ovs_choice_row_get_values  (OvsChoiceRow        *self);
/* The chosen value, NULL for "Not set" or nothing. */
const char         *ovs_choice_row_get_value   (OvsChoiceRow        *self);
/* Chooses @value (NULL: "Not set", or nothing without it). A value the row does not offer
 * (imported, or typed in the JSON) is added, shown as it is. */
void                ovs_choice_row_select      (OvsChoiceRow        *self,
                                                const char          *value);
/* Whether "true" and "false" are JSON booleans (a boolean member), not strings. */
void                ovs_choice_row_set_boolean (OvsChoiceRow        *self,
                                                gboolean             boolean);
gboolean            ovs_choice_row_get_boolean (OvsChoiceRow        *self);

/* For a row named by the JSON path it edits (gtk_widget_set_name), as the basics and
 * storyboard panels name theirs: chooses the value @request has there, */
void                ovs_choice_row_show_request  (OvsChoiceRow      *self,
                                                  OvsRequest        *request);
/* and writes the chosen one back: "Not set" removes the member, a boolean row writes
 * true or false. Nothing while no item is chosen. */
void                ovs_choice_row_write_request (OvsChoiceRow      *self,
                                                  OvsRequest        *request);

G_END_DECLS
