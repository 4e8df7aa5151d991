/* ovs-list-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-data-url.h"
#include "ovs-list-row.h"
#include "ovs-row-order.h"
#include "ovs-thumbnailer.h"

struct _OvsListRow
{
  AdwEntryRow    parent_instance;

  GtkPicture    *thumbnail;
  GtkWidget     *handle;
  GtkWidget     *list_buttons;
  GtkWidget     *remove_button;
  GtkDropTarget *drop;         /* only while reorderable */

  guint          index;
  gboolean       described;
  GBytes        *thumbnail_url; /* what the thumbnail shows or is being fetched for, its
                                  NUL included (shared with the thumbnailer: megabytes) */
};

G_DEFINE_FINAL_TYPE (OvsListRow, ovs_list_row, ADW_TYPE_ENTRY_ROW)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_LISTED,
  PROP_REORDERABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The entry row's box of prefixes takes room even when all it holds is hidden: the
 * rows with neither a handle nor a thumbnail line up with plain entry rows. */
static void
update_prefixes (OvsListRow *self)
{
  GtkWidget *prefixes = gtk_widget_get_parent (GTK_WIDGET (self->thumbnail));

  if (prefixes != NULL)
    gtk_widget_set_visible (prefixes, gtk_widget_get_visible (GTK_WIDGET (self->thumbnail))
                                      || gtk_widget_get_visible (self->handle));
}

static void
ovs_list_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OvsListRow *self = OVS_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_LISTED:
      gtk_widget_set_visible (self->list_buttons, g_value_get_boolean (value));
      break;
    case PROP_REORDERABLE:
      ovs_list_row_set_reorderable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_list_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OvsListRow *self = OVS_LIST_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_LISTED:
      g_value_set_boolean (value, gtk_widget_get_visible (self->list_buttons));
      break;
    case PROP_REORDERABLE:
      g_value_set_boolean (value, self->drop != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_list_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_LIST_ROW);

  G_OBJECT_CLASS (ovs_list_row_parent_class)->dispose (object);
}

static void
ovs_list_row_finalize (GObject *object)
{
  OvsListRow *self = OVS_LIST_ROW (object);

  g_clear_pointer (&self->thumbnail_url, g_bytes_unref);

  G_OBJECT_CLASS (ovs_list_row_parent_class)->finalize (object);
}

static void
ovs_list_row_class_init (OvsListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = ovs_list_row_set_property;
  object_class->get_property = ovs_list_row_get_property;
  object_class->dispose = ovs_list_row_dispose;
  object_class->finalize = ovs_list_row_finalize;

  /* Its place in the list, for ::move and ::remove (see ovs-row-order.h). */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* FALSE for a row on its own (a first frame): no move or remove buttons. */
  properties[PROP_LISTED] =
    g_param_spec_boolean ("listed", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REORDERABLE] =
    g_param_spec_boolean ("reorderable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ovs_row_order_class_add_signals (object_class, 0, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsListRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, OvsListRow, handle);
  gtk_widget_class_bind_template_child (widget_class, OvsListRow, list_buttons);
  gtk_widget_class_bind_template_child (widget_class, OvsListRow, remove_button);
  ovs_row_order_class_install (widget_class);
}

static void
ovs_list_row_init (OvsListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_prefixes (self);
}

GtkWidget *
ovs_list_row_new (const char *remove_label)
{
  OvsListRow *self = g_object_new (OVS_TYPE_LIST_ROW, NULL);

  gtk_widget_set_tooltip_text (self->remove_button, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  return GTK_WIDGET (self);
}

guint
ovs_list_row_get_index (OvsListRow *self)
{
  g_return_val_if_fail (OVS_IS_LIST_ROW (self), 0);
  return self->index;
}

void
ovs_list_row_set_position (OvsListRow *self,
                           guint       index,
                           guint       n_items)
{
  g_return_if_fail (OVS_IS_LIST_ROW (self));

  self->index = index;
  ovs_row_order_set_position (GTK_WIDGET (self), index, n_items);
}

void
ovs_list_row_set_reorderable (OvsListRow *self,
                              gboolean    reorderable)
{
  g_return_if_fail (OVS_IS_LIST_ROW (self));

  gtk_widget_set_visible (self->handle, reorderable);
  update_prefixes (self);
  if (reorderable && self->drop == NULL)
    {
      self->drop = ovs_row_order_drop_target (GTK_WIDGET (self));
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop));
    }
  else if (!reorderable && self->drop != NULL)
    {
      gtk_widget_remove_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop));
      self->drop = NULL;
    }
}

void
ovs_list_row_set_described (OvsListRow *self,
                            gboolean    described)
{
  g_return_if_fail (OVS_IS_LIST_ROW (self));

  self->described = described;
  gtk_editable_set_editable (GTK_EDITABLE (self), !described);
}

void
ovs_list_row_set_url (OvsListRow *self,
                      const char *url)
{
  g_autofree char *description = ovs_data_url_describe (url);
  const char *text = description != NULL ? description : url != NULL ? url : "";

  g_return_if_fail (OVS_IS_LIST_ROW (self));

  ovs_list_row_set_described (self, description != NULL);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self), text);
}

gboolean
ovs_list_row_get_described (OvsListRow *self)
{
  g_return_val_if_fail (OVS_IS_LIST_ROW (self), FALSE);
  return self->described;
}

typedef struct
{
  GWeakRef  row;
  GBytes   *url;     /* the row's thumbnail_url when asked: still it, the same bytes */
} ThumbnailRequest;

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autofree char *path = ovs_thumbnailer_get_finish (result, NULL);
  g_autoptr(OvsListRow) self = g_weak_ref_get (&request->row);

  /* Still the same reference on the same row: show it. */
  if (self != NULL && path != NULL && self->thumbnail_url == request->url)
    {
      gtk_picture_set_filename (self->thumbnail, path);
      gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), TRUE);
      update_prefixes (self);
    }
  g_weak_ref_clear (&request->row);
  g_bytes_unref (request->url);
  g_free (request);
}

void
ovs_list_row_show_thumbnail (OvsListRow   *self,
                             const char   *url,
                             GCancellable *cancellable)
{
  ThumbnailRequest *request;

  g_return_if_fail (OVS_IS_LIST_ROW (self));

  if (g_strcmp0 (self->thumbnail_url != NULL ? g_bytes_get_data (self->thumbnail_url, NULL) : NULL,
                 url) == 0)
    return;
  g_clear_pointer (&self->thumbnail_url, g_bytes_unref);
  self->thumbnail_url = url != NULL ? g_bytes_new (url, strlen (url) + 1) : NULL;
  gtk_picture_set_paintable (self->thumbnail, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), FALSE);
  update_prefixes (self);
  if (url == NULL || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")
                      && !g_str_has_prefix (url, "data:")))
    return;

  request = g_new0 (ThumbnailRequest, 1);
  g_weak_ref_init (&request->row, self);
  request->url = g_bytes_ref (self->thumbnail_url);
  ovs_thumbnailer_get_bytes_async (self->thumbnail_url, 128, cancellable, thumbnail_cb, request);
}
