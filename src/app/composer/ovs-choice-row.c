/* ovs-choice-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-choice-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-choice-row.h"
#include "ovs-request.h"
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

/* The value at @path as the list knows it ("true"/"false" for booleans). */
static char *
request_value (OvsRequest *request,
               const char *path)
{
  JsonNode *node = ovs_request_get_node (request, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return NULL;
}

void
ovs_choice_row_show_request (OvsChoiceRow *self,
                             OvsRequest   *request)
{
  g_autofree char *value = NULL;

  g_return_if_fail (OVS_IS_CHOICE_ROW (self));
  g_return_if_fail (OVS_IS_REQUEST (request));

  value = request_value (request, gtk_widget_get_name (GTK_WIDGET (self)));
  ovs_choice_row_select (self, value);
}

void
ovs_choice_row_write_request (OvsChoiceRow *self,
                              OvsRequest   *request)
{
  const char *path;
  const char *value;

  g_return_if_fail (OVS_IS_CHOICE_ROW (self));
  g_return_if_fail (OVS_IS_REQUEST (request));

  /* Nothing chosen: the list is being filled. */
  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self)) == GTK_INVALID_LIST_POSITION)
    return;

  path = gtk_widget_get_name (GTK_WIDGET (self));
  value = ovs_choice_row_get_value (self);
  if (value == NULL)
    ovs_request_remove (request, path);
  /* A boolean member holding another value (imported) keeps it as the string it was. */
  else if (self->boolean && (g_str_equal (value, "true") || g_str_equal (value, "false")))
    ovs_request_set_boolean (request, path, g_str_equal (value, "true"));
  else
    ovs_request_set_string (request, path, value);
}
