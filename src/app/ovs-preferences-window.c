/* ovs-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-preferences-window.h"

struct _OvsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  OvsEndpoint          *endpoint;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;

  AdwComboRow          *endpoint_row;
  AdwEntryRow          *custom_url_row;
  GtkLabel             *url_error_label;
  AdwPreferencesGroup  *key_group;
  AdwActionRow         *key_status_row;
  GtkWidget            *remove_key_button;
  AdwEntryRow          *key_row;
  GtkWidget            *memory_only_label;
  AdwComboRow          *route_row;
  GtkSpinButton        *poll_spin;
  GtkSpinButton        *budget_daily_spin;
  GtkSpinButton        *budget_monthly_spin;
  AdwActionRow         *folder_row;
  GtkWidget            *reset_folder_button;
  GtkSwitch            *auto_download_switch;
  GtkSwitch            *metered_download_switch;
};

G_DEFINE_FINAL_TYPE (OvsPreferencesWindow, ovs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Combo rows ↔ enum keys: the row's position is the enum's value. */

static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  GType enum_type = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value_by_nick (klass, g_variant_get_string (variant, NULL));

  if (enum_value == NULL)
    return FALSE;
  g_value_set_uint (value, enum_value->value);
  return TRUE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  GType enum_type = GPOINTER_TO_SIZE (user_data);
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);
  GEnumValue *enum_value = g_enum_get_value (klass, g_value_get_uint (value));

  if (enum_value == NULL)
    return NULL;
  return g_variant_new_string (enum_value->value_nick);
}

static void
bind_combo_row (OvsPreferencesWindow *self,
                const char           *key,
                AdwComboRow          *row,
                GType                 enum_type)
{
  g_settings_bind_with_mapping (self->settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum,
                                GSIZE_TO_POINTER (enum_type), NULL);
}

/* The endpoint */

static void
show_url_error (OvsPreferencesWindow *self,
                const char           *message)
{
  gtk_label_set_label (self->url_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label),
                          message != NULL && gtk_widget_get_visible (GTK_WIDGET (self->custom_url_row)));
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->custom_url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->custom_url_row), "error");
}

/* While the field shows the saved URL, the endpoint's verdict on it is shown. */
static void
update_url_error (OvsPreferencesWindow *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "custom-base-url");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row));

  if (self->endpoint == NULL || !g_str_equal (saved, text))
    return;
  if (ovs_endpoint_get_kind (self->endpoint) == OVS_ENDPOINT_CUSTOM)
    show_url_error (self, ovs_endpoint_get_url_error (self->endpoint));
  else
    show_url_error (self, NULL);
}

static void
custom_url_changed_cb (OvsPreferencesWindow *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "custom-base-url");

  /* Typing: no verdict until the URL is applied. */
  if (!g_str_equal (saved, gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row))))
    show_url_error (self, NULL);
  else
    update_url_error (self);
}

static void
custom_url_apply_cb (OvsPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_url_row)));

  if (!ovs_endpoint_check_base_url (text, &error))
    {
      show_url_error (self, error->message);
      return;
    }
  show_url_error (self, NULL);
  g_settings_set_string (self->settings, "custom-base-url", g_strstrip (text));
}

static void
update_endpoint_rows (OvsPreferencesWindow *self)
{
  gboolean custom = adw_combo_row_get_selected (self->endpoint_row) == OVS_ENDPOINT_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row), custom);
  update_url_error (self);
  if (!custom)
    gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
}

static void
update_route_row (OvsPreferencesWindow *self)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->route_row),
                               adw_combo_row_get_selected (self->route_row) == OVS_ROUTE_GENERATIONS
                               ? "/v1/video/generations" : "/v1/videos");
}

/* The key */

static void
update_key_group (OvsPreferencesWindow *self)
{
  OvsEndpoint *endpoint = self->endpoint;
  gboolean remote, has_key, memory_only;
  const char *title, *subtitle;
  g_autofree char *local = NULL;

  remote = endpoint != NULL && ovs_endpoint_get_kind (endpoint) != OVS_ENDPOINT_SANDBOX
           && ovs_endpoint_get_url_error (endpoint) == NULL;
  has_key = remote && ovs_endpoint_get_has_key (endpoint);
  memory_only = endpoint != NULL && ovs_endpoint_get_key_memory_only (endpoint);

  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), remote);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_status_row), remote);

  if (!remote)
    {
      title = _("No key is needed");
      subtitle = endpoint != NULL && ovs_endpoint_get_kind (endpoint) == OVS_ENDPOINT_CUSTOM
                 ? _("Set a valid base URL first")
                 : _("The built-in sandbox accepts requests without a key");
    }
  else if (has_key)
    {
      title = _("A key is saved");
      subtitle = memory_only ? _("Kept only until you quit") : _("In the keyring");
    }
  else if (!ovs_endpoint_get_ready (endpoint))
    {
      title = _("Looking up the key…");
      subtitle = NULL;
    }
  else if (!ovs_endpoint_get_using_sandbox (endpoint))
    {
      /* A server on this computer is used as it is, key or not: saying "the sandbox" here
       * contradicted the header bar, which names 127.0.0.1. */
      title = _("No key is set");
      local = g_strdup_printf (_("A server on this computer needs none: requests go to %s"),
                               ovs_endpoint_get_base_url (endpoint));
      subtitle = local;
    }
  else
    {
      title = _("No key is set");
      subtitle = _("Requests go to the built-in sandbox until a key is set");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_status_row), title);
  adw_action_row_set_subtitle (self->key_status_row, subtitle);
  gtk_widget_set_visible (self->remove_key_button, has_key);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                 has_key ? _("_Replace the key") : _("_API key"));
  gtk_widget_set_visible (self->memory_only_label, remote && memory_only);
}

static void
endpoint_changed_cb (OvsPreferencesWindow *self)
{
  update_key_group (self);
  update_url_error (self);
}

static void
set_key_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OvsPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  OvsEndpoint *endpoint = OVS_ENDPOINT (source);
  const char *message;

  if (!ovs_endpoint_set_key_finish (endpoint, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (error->message));
      return;
    }

  if (!ovs_endpoint_get_has_key (endpoint))
    message = _("The key was removed");
  else if (ovs_endpoint_get_key_memory_only (endpoint))
    message = _("The key is kept until you quit");
  else
    message = _("The key was saved in the keyring");
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
key_apply_cb (OvsPreferencesWindow *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->key_row);
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->endpoint == NULL || *key == '\0')
    return;

  ovs_endpoint_set_key (self->endpoint, key, self->cancellable, set_key_cb, g_object_ref (self));
  /* The field never shows a key once it is applied. */
  gtk_editable_set_text (editable, "");
  memset (key, 0, strlen (key));
}

static void
remove_key_clicked_cb (OvsPreferencesWindow *self)
{
  if (self->endpoint != NULL)
    ovs_endpoint_set_key (self->endpoint, NULL, self->cancellable, set_key_cb,
                          g_object_ref (self));
}

/* The download folder */

static void
update_folder_row (OvsPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "download-folder");
  g_autofree char *shown = NULL;
  const char *home = g_get_home_dir ();
  gboolean is_default = *folder == '\0';

  if (is_default)
    {
      g_free (folder);
      folder = ovs_core_dup_default_download_dir ();
    }
  if (g_str_has_prefix (folder, home) && folder[strlen (home)] == G_DIR_SEPARATOR)
    shown = g_strconcat ("~", folder + strlen (home), NULL);
  else
    shown = g_strdup (folder);

  adw_action_row_set_subtitle (self->folder_row, shown);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_row), folder);
  gtk_widget_set_sensitive (self->reset_folder_button, !is_default);
}

static void
chooser_response_cb (OvsPreferencesWindow *self,
                     int                   response,
                     GtkNativeDialog      *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "download-folder", path);
      else
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                          adw_toast_new (_("Choose a folder on this computer")));
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
choose_folder_clicked_cb (OvsPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "download-folder");
  g_autoptr(GFile) current = NULL;

  if (self->chooser != NULL)
    return;

  if (*folder == '\0')
    {
      g_free (folder);
      folder = ovs_core_dup_default_download_dir ();
    }
  self->chooser = gtk_file_chooser_native_new (_("Download Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      current = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_folder_clicked_cb (OvsPreferencesWindow *self)
{
  g_settings_reset (self->settings, "download-folder");
}

/* GObject */

static void
ovs_preferences_window_constructed (GObject *object)
{
  OvsPreferencesWindow *self = OVS_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (ovs_preferences_window_parent_class)->constructed (object);

  bind_combo_row (self, "endpoint", self->endpoint_row, OVS_TYPE_ENDPOINT_KIND);
  bind_combo_row (self, "route", self->route_row, OVS_TYPE_ROUTE);
  /* Applied, not saved on each keystroke: see custom_url_apply_cb(). */
  g_settings_bind (self->settings, "custom-base-url", self->custom_url_row, "text",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "poll-interval", self->poll_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "budget-daily", self->budget_daily_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "budget-monthly", self->budget_monthly_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "auto-download", self->auto_download_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "download-on-metered", self->metered_download_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->settings, "changed::download-folder",
                           G_CALLBACK (update_folder_row), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint_row, "notify::selected",
                           G_CALLBACK (update_endpoint_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->route_row, "notify::selected",
                           G_CALLBACK (update_route_row), self, G_CONNECT_SWAPPED);
  if (self->endpoint != NULL)
    g_signal_connect_object (self->endpoint, "changed", G_CALLBACK (endpoint_changed_cb), self,
                             G_CONNECT_SWAPPED);

  update_endpoint_rows (self);
  update_route_row (self);
  update_key_group (self);
  update_folder_row (self);
}

static void
ovs_preferences_window_dispose (GObject *object)
{
  OvsPreferencesWindow *self = OVS_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (ovs_preferences_window_parent_class)->dispose (object);
}

static void
ovs_preferences_window_finalize (GObject *object)
{
  OvsPreferencesWindow *self = OVS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ovs_preferences_window_parent_class)->finalize (object);
}

static void
ovs_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OvsPreferencesWindow *self = OVS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OvsPreferencesWindow *self = OVS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_preferences_window_class_init (OvsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ovs_preferences_window_constructed;
  object_class->dispose = ovs_preferences_window_dispose;
  object_class->finalize = ovs_preferences_window_finalize;
  object_class->get_property = ovs_preferences_window_get_property;
  object_class->set_property = ovs_preferences_window_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, OVS_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, custom_url_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, key_group);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, remove_key_button);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, memory_only_label);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, route_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, poll_spin);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, budget_daily_spin);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, budget_monthly_spin);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, auto_download_switch);
  gtk_widget_class_bind_template_child (widget_class, OvsPreferencesWindow, metered_download_switch);
  gtk_widget_class_bind_template_callback (widget_class, custom_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_key_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_folder_clicked_cb);
}

static void
ovs_preferences_window_init (OvsPreferencesWindow *self)
{
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

OvsPreferencesWindow *
ovs_preferences_window_new (GtkWindow   *parent,
                            OvsEndpoint *endpoint)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OVS_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (OVS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "endpoint", endpoint,
                       NULL);
}

OvsEndpoint *
ovs_preferences_window_get_endpoint (OvsPreferencesWindow *self)
{
  g_return_val_if_fail (OVS_IS_PREFERENCES_WINDOW (self), NULL);
  return self->endpoint;
}
