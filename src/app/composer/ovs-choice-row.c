/* ovs-choice-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-choice-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-choice-row.h"
#include "ovs-panel.h"

struct _OvsChoiceRow
{
  AdwComboRow  parent_instance;

  GStrv        values;      /* the JSON value of each item of the model */
  gboolean     with_unset;  /* the first item is "Not set" ("") */
  gboolean     boolean;
};

G_DEFINE_FINAL_TYPE (OvsChoiceRow, ovs_choice_row, ADW_TYPE_COMBO_ROW)

static void
ovs_choice_row_finalize (GObject *object)
{
  OvsChoiceRow *self = OVS_CHOICE_ROW (object);

  g_strfreev (self->values);

  G_OBJECT_CLASS (ovs_choice_row_parent_class)->finalize (object);
}

static void
ovs_choice_row_class_init (OvsChoiceRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ovs_choice_row_finalize;
}

static void
ovs_choice_row_init (OvsChoiceRow *self)
{
  /* The labels are the user's text (values shown as they are), never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  ovs_panel_combo_row_show_whole_value (ADW_COMBO_ROW (self));
}

GtkWidget *
ovs_choice_row_new (const char          *title,
                    const char * const  *values,
                    OvsChoiceLabel       label,
                    gboolean             with_unset)
{
  GtkWidget *self = g_object_new (OVS_TYPE_CHOICE_ROW, "title", title, NULL);

  ovs_choice_row_set_choices (OVS_CHOICE_ROW (self), values, label, with_unset);
  return self;
}

void
ovs_choice_row_set_choices (OvsChoiceRow       *self,
                            const char * const *values,
                            OvsChoiceLabel      label,
                            gboolean            with_unset)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_return_if_fail (OVS_IS_CHOICE_ROW (self));

  self->with_unset = with_unset;
  if (with_unset)
    {
      g_strv_builder_add (builder, "");
      gtk_string_list_append (labels, _("Not set"));
    }
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_strv_builder_add (builder, values[i]);
      gtk_string_list_append (labels, label != NULL ? label (values[i]) : values[i]);
    }
  g_strfreev (self->values);
  self->values = g_strv_builder_end (builder);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
}

const char * const *
ovs_choice_row_get_values (OvsChoiceRow *self)
{
  g_return_val_if_fail (OVS_IS_CHOICE_ROW (self), NULL);
  return (const char * const *) self->values;
}

const char *
ovs_choice_row_get_value (OvsChoiceRow *self)
{
  guint position;

  g_return_val_if_fail (OVS_IS_CHOICE_ROW (self), NULL);

  position = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (position == GTK_INVALID_LIST_POSITION || position >= g_strv_length (self->values)
      || *self->values[position] == '\0')
    return NULL;
  return self->values[position];
}

void
ovs_choice_row_select (OvsChoiceRow *self,
                       const char   *value)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (OVS_IS_CHOICE_ROW (self));

  if (value == NULL)
    position = self->with_unset ? 0 : GTK_INVALID_LIST_POSITION;
  else
    {
      for (guint i = self->with_unset ? 1 : 0; self->values[i] != NULL; i++)
        if (g_str_equal (self->values[i], value))
          position = i;

      if (position == GTK_INVALID_LIST_POSITION)
        {
          GtkStringList *labels = GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (self)));
          guint n = g_strv_length (self->values);

          self->values = g_renew (char *, self->values, n + 2);
          self->values[n] = g_strdup (value);
          self->values[n + 1] = NULL;
          gtk_string_list_append (labels, value);
          position = n;
        }
    }

  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self)) != position)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self), position);
}

void
ovs_choice_row_set_boolean (OvsChoiceRow *self,
                            gboolean      boolean)
{
  g_return_if_fail (OVS_IS_CHOICE_ROW (self));
  self->boolean = boolean;
}

gboolean
ovs_choice_row_get_boolean (OvsChoiceRow *self)
{
  g_return_val_if_fail (OVS_IS_CHOICE_ROW (self), FALSE);
  return self->boolean;
}

