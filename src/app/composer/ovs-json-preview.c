/* ovs-json-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-json-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ovs-json-preview.h"

/* Typing pauses this long before an edit flows back into the form. */
#define APPLY_DELAY_MS 400

struct _OvsJsonPreview
{
  GtkBox         parent_instance;

  OvsRequest    *request;
  GSignalGroup  *request_signals;  /* the current request's, connected once */
  GtkSourceView *view;
  GtkSourceBuffer *buffer;
  GtkLabel      *error_label;
  GtkRevealer   *error_revealer;
  char          *error;
  guint          apply_id;
  gboolean       updating;
};

G_DEFINE_FINAL_TYPE (OvsJsonPreview, ovs_json_preview, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (OvsJsonPreview *self,
           const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  /* The window keeps Submit off while the text is not a body. */
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
load_text (OvsJsonPreview *self)
{
  g_autofree char *text = NULL;

  if (self->request == NULL)
    return;

  text = ovs_request_to_json (self->request);
  self->updating = TRUE;
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  self->updating = FALSE;
  set_error (self, NULL);
}

gboolean
ovs_json_preview_apply (OvsJsonPreview *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *current = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), FALSE);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (self->request == NULL)
    return FALSE;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  current = ovs_request_to_json (self->request);
  if (g_str_equal (text, current))
    {
      set_error (self, NULL);
      return TRUE;
    }

  self->updating = TRUE;
  if (!ovs_request_replace_from_json (self->request, text, -1, &error))
    {
      self->updating = FALSE;
      set_error (self, error->message);
      return FALSE;
    }
  self->updating = FALSE;
  set_error (self, NULL);
  return TRUE;
}

static gboolean
apply_timeout_cb (gpointer user_data)
{
  OvsJsonPreview *self = user_data;

  self->apply_id = 0;
  ovs_json_preview_apply (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (OvsJsonPreview *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->apply_id = g_timeout_add (APPLY_DELAY_MS, apply_timeout_cb, self);
}

static void
request_changed_cb (OvsJsonPreview *self,
                    const char     *path)
{
  /* While the user's own unfinished edit is pending, the form does not overwrite it. */
  if (self->updating || self->apply_id != 0)
    return;
  load_text (self);
}

void
ovs_json_preview_set_request (OvsJsonPreview *self,
                              OvsRequest     *request)
{
  g_return_if_fail (OVS_IS_JSON_PREVIEW (self));
  g_return_if_fail (request == NULL || OVS_IS_REQUEST (request));

  if (self->request == request)
    return;

  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_set_object (&self->request, request);
  g_signal_group_set_target (self->request_signals, request);
  load_text (self);
}

GtkTextBuffer *
ovs_json_preview_get_buffer (OvsJsonPreview *self)
{
  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), NULL);
  return GTK_TEXT_BUFFER (self->buffer);
}

const char *
ovs_json_preview_get_error (OvsJsonPreview *self)
{
  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), NULL);
  return self->error;
}

static void
update_scheme (OvsJsonPreview *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
ovs_json_preview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_json_preview_dispose (GObject *object)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_clear_object (&self->request_signals);
  g_clear_object (&self->request);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_JSON_PREVIEW);

  G_OBJECT_CLASS (ovs_json_preview_parent_class)->dispose (object);
}

static void
ovs_json_preview_finalize (GObject *object)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  g_free (self->error);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (ovs_json_preview_parent_class)->finalize (object);
}

static void
ovs_json_preview_class_init (OvsJsonPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_json_preview_dispose;
  object_class->finalize = ovs_json_preview_finalize;
  object_class->get_property = ovs_json_preview_get_property;

  /* Why the text cannot be sent (line, column and what is wrong), or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "jsonpreview");

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-json-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, view);
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, error_label);
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, error_revealer);
}

static void
ovs_json_preview_init (OvsJsonPreview *self)
{
  GtkSourceLanguage *json =
    gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Without the JSON definition (a trimmed system) the text is still shown, uncoloured. */
  self->buffer = json != NULL ? gtk_source_buffer_new_with_language (json)
                              : gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));

  self->request_signals = g_signal_group_new (OVS_TYPE_REQUEST);
  g_signal_group_connect_swapped (self->request_signals, "changed",
                                  G_CALLBACK (request_changed_cb), self);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (update_scheme), self);
  update_scheme (self);
}

GtkWidget *
ovs_json_preview_new (void)
{
  return g_object_new (OVS_TYPE_JSON_PREVIEW, NULL);
}
