/* ovs-item-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-item-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-item-row.h"
#include "ovs-row-order.h"

typedef struct
{
  OvsPanel  *panel;     /* weak: the panel owns the row */
  guint      index;
  GPtrArray *problems;  /* OvsProblem: the last problems of the item (owned copies) */
} OvsItemRowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OvsItemRow, ovs_item_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_PANEL,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
list_path (OvsItemRow *self)
{
  return OVS_ITEM_ROW_GET_CLASS (self)->list_path;
}

/* The row beside this one that shows the item at @index, for the open state to follow it. */
static OvsItemRow *
neighbour (OvsItemRow *self,
           guint       index)
{
  GtkWidget *other = index < ovs_item_row_get_index (self)
                     ? gtk_widget_get_prev_sibling (GTK_WIDGET (self))
                     : gtk_widget_get_next_sibling (GTK_WIDGET (self));

  if (other == NULL || G_OBJECT_TYPE (other) != G_OBJECT_TYPE (self)
      || ovs_item_row_get_index (OVS_ITEM_ROW (other)) != index)
    return NULL;
  return OVS_ITEM_ROW (other);
}

static void
ovs_item_row_real_move (OvsItemRow *self,
                        guint       from,
                        guint       to)
{
  OvsPanel *panel = ovs_item_row_edit_panel (self);
  OvsItemRow *other;

  if (panel == NULL || to >= ovs_request_get_n_items (ovs_panel_get_request (panel),
                                                      list_path (self)))
    return;
  other = neighbour (self, to);
  if (other != NULL)
    ovs_panel_move_expander_item (panel, list_path (self), ADW_EXPANDER_ROW (self), from,
                                  ADW_EXPANDER_ROW (other), to);
  else
    ovs_request_move_item (ovs_panel_get_request (panel), list_path (self), from, to);
}

static void
ovs_item_row_real_remove (OvsItemRow *self,
                          guint       index)
{
  OvsPanel *panel = ovs_item_row_edit_panel (self);
  OvsRequest *request;

  if (panel == NULL)
    return;
  request = ovs_panel_get_request (panel);
  ovs_request_remove_item (request, list_path (self), index);
  /* No empty list stays behind: the API refuses "subject_infos": [] like a missing one. */
  if (ovs_request_get_n_items (request, list_path (self)) == 0)
    ovs_request_remove (request, list_path (self));
}

static void
ovs_item_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OvsItemRowPrivate *priv = ovs_item_row_get_instance_private (OVS_ITEM_ROW (object));

  switch (prop_id)
    {
    case PROP_PANEL:
      g_set_weak_pointer (&priv->panel, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_item_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OvsItemRowPrivate *priv = ovs_item_row_get_instance_private (OVS_ITEM_ROW (object));

  switch (prop_id)
    {
    case PROP_PANEL:
      g_value_set_object (value, priv->panel);
      break;
    case PROP_INDEX:
      g_value_set_uint (value, priv->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_item_row_dispose (GObject *object)
{
  OvsItemRowPrivate *priv = ovs_item_row_get_instance_private (OVS_ITEM_ROW (object));

  /* Late signals of the rows being torn down change nothing. */
  g_clear_weak_pointer (&priv->panel);
  g_clear_pointer (&priv->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (ovs_item_row_parent_class)->dispose (object);
}

static void
ovs_item_row_class_init (OvsItemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = ovs_item_row_set_property;
  object_class->get_property = ovs_item_row_get_property;
  object_class->dispose = ovs_item_row_dispose;
  klass->move = ovs_item_row_real_move;
  klass->remove = ovs_item_row_real_remove;

  properties[PROP_PANEL] =
    g_param_spec_object ("panel", NULL, NULL, OVS_TYPE_PANEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Its place in the list, for ::move and ::remove (see ovs-row-order.h). */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ovs_row_order_class_add_signals (object_class, G_STRUCT_OFFSET (OvsItemRowClass, move),
                                   G_STRUCT_OFFSET (OvsItemRowClass, remove));

  ovs_row_order_install_actions (GTK_WIDGET_CLASS (klass));
}

static void
ovs_item_row_init (OvsItemRow *self)
{
}

OvsPanel *
ovs_item_row_get_panel (OvsItemRow *self)
{
  g_return_val_if_fail (OVS_IS_ITEM_ROW (self), NULL);
  return ((OvsItemRowPrivate *) ovs_item_row_get_instance_private (self))->panel;
}

OvsPanel *
ovs_item_row_edit_panel (OvsItemRow *self)
{
  OvsPanel *panel = ovs_item_row_get_panel (self);

  if (panel == NULL || ovs_panel_is_updating (panel) || ovs_panel_get_request (panel) == NULL)
    return NULL;
  return panel;
}

OvsRequest *
ovs_item_row_get_request (OvsItemRow *self)
{
  OvsPanel *panel = ovs_item_row_get_panel (self);

  return panel != NULL ? ovs_panel_get_request (panel) : NULL;
}

guint
ovs_item_row_get_index (OvsItemRow *self)
{
  g_return_val_if_fail (OVS_IS_ITEM_ROW (self), 0);
  return ((OvsItemRowPrivate *) ovs_item_row_get_instance_private (self))->index;
}

void
ovs_item_row_set_position (OvsItemRow *self,
                           guint       index,
                           guint       n_items)
{
  OvsItemRowPrivate *priv;

  g_return_if_fail (OVS_IS_ITEM_ROW (self));

  priv = ovs_item_row_get_instance_private (self);
  priv->index = index;
  ovs_row_order_set_position (GTK_WIDGET (self), index, n_items);
}

char *
ovs_item_row_dup_path (OvsItemRow *self,
                       const char *member)
{
  g_return_val_if_fail (OVS_IS_ITEM_ROW (self), NULL);
  return g_strdup_printf ("%s[%u]%s", list_path (self), ovs_item_row_get_index (self),
                          member != NULL ? member : "");
}

/* Whether @path is the item at @prefix or lies below it; @member: the rest. */
static gboolean
is_below (const char  *path,
          const char  *prefix,
          const char **member)
{
  gsize len = strlen (prefix);

  if (strncmp (path, prefix, len) != 0
      || (path[len] != '\0' && path[len] != '.' && path[len] != '['))
    return FALSE;
  *member = path + len;
  return TRUE;
}

void
ovs_item_row_show_problems (OvsItemRow *self,
                            GPtrArray  *problems)
{
  OvsItemRowPrivate *priv;
  OvsItemRowClass *klass;
  g_autofree char *prefix = NULL;

  g_return_if_fail (OVS_IS_ITEM_ROW (self));

  priv = ovs_item_row_get_instance_private (self);
  klass = OVS_ITEM_ROW_GET_CLASS (self);
  prefix = ovs_item_row_dup_path (self, NULL);
  g_clear_pointer (&priv->problems, g_ptr_array_unref);
  priv->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);
      const char *member;

      if (is_below (problem->path, prefix, &member))
        g_ptr_array_add (priv->problems, ovs_problem_copy (problem));
    }
  if (klass->show_problems != NULL)
    klass->show_problems (self, problems);
  ovs_item_row_update_header (self);
}

void
ovs_item_row_update_header (OvsItemRow *self)
{
  g_return_if_fail (OVS_IS_ITEM_ROW (self));

  if (OVS_ITEM_ROW_GET_CLASS (self)->update_header != NULL)
    OVS_ITEM_ROW_GET_CLASS (self)->update_header (self);
}

gboolean
ovs_item_row_show_messages (OvsItemRow *self)
{
  OvsItemRowPrivate *priv;
  OvsItemRowClass *klass;
  g_autofree char *prefix = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean error = FALSE;

  g_return_val_if_fail (OVS_IS_ITEM_ROW (self), FALSE);

  priv = ovs_item_row_get_instance_private (self);
  klass = OVS_ITEM_ROW_GET_CLASS (self);
  prefix = ovs_item_row_dup_path (self, NULL);
  for (guint i = 0; priv->problems != NULL && i < priv->problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (priv->problems, i);
      const char *member;
      const char *what;

      /* Kept for an index the item has since left (a move): not its own any more. */
      if (!is_below (problem->path, prefix, &member))
        continue;
      what = klass->member_label != NULL ? klass->member_label (self, member) : NULL;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (what != NULL)
        /* Translators: "ID: “s1” is the id of an earlier subject too" */
        g_string_append_printf (text, C_("field: problem", "%s: %s"), what, problem->message);
      else
        g_string_append (text, problem->message);
      error |= problem->severity == OVS_SEVERITY_ERROR;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self), "has-error");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "has-warning");
  if (text->len == 0)
    return FALSE;
  gtk_widget_add_css_class (GTK_WIDGET (self), error ? "has-error" : "has-warning");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), text->str);
  return TRUE;
}
