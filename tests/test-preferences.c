/* test-preferences.c: the endpoint, the API key and the preferences window, under Xvfb
 *
 * Runs on a private session bus with no Secret Service (build-aux/test uses
 * dbus-run-session), so keys are kept in memory: nothing here touches a real keyring, and
 * no request leaves the computer (clients are made, never used).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ovs-application.h"
#include "ovs-core.h"
#include "ovs-endpoint.h"
#include "ovs-error.h"
#include "ovs-preferences-window.h"
#include "ovs-test-ui.h"
#include "ovs-window.h"

#define TEST_KEY "sk-test-4f1c9a7e0b2d"

static GSettings *settings;

static gboolean
endpoint_ready (gpointer data)
{
  return ovs_endpoint_get_ready (OVS_ENDPOINT (data));
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
endpoint_has_key (gpointer data)
{
  return ovs_endpoint_get_has_key (OVS_ENDPOINT (data));
}

static gboolean
endpoint_needs_key (gpointer data)
{
  return ovs_endpoint_get_needs_key (OVS_ENDPOINT (data));
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
reset_settings (void)
{
  const char *keys[] = { "endpoint", "custom-base-url", "route", "poll-interval",
                         "download-folder", "auto-download", "budget-daily", "budget-monthly" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* Chooses an endpoint and waits for its key to be looked up. */
static void
choose (OvsEndpoint *endpoint,
        const char  *kind)
{
  g_settings_set_string (settings, "endpoint", kind);
  ovs_test_spin_until (endpoint_ready, endpoint, 5000);
  g_assert_true (ovs_endpoint_get_ready (endpoint));
}

static void
set_key (OvsEndpoint *endpoint,
         const char  *key)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ovs_endpoint_set_key (endpoint, key, NULL, store_result_cb, &result);
  ovs_test_spin_until (pointer_set, &result, 5000);
  g_assert_nonnull (result);
  g_assert_true (ovs_endpoint_set_key_finish (endpoint, result, &error));
  g_assert_no_error (error);
}

/* No keyring may answer here: a test must never write to a real one. */
static gboolean
require_memory_only (OvsEndpoint *endpoint)
{
  if (!ovs_endpoint_get_key_memory_only (endpoint))
    {
      g_test_skip ("A Secret Service answers on this bus: run under dbus-run-session");
      return FALSE;
    }
  return TRUE;
}

static void
assert_key_not_in_settings (const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) names = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  names = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (names), >, 5);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, names[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      if (strstr (text, key) != NULL)
        g_error ("The key is in the GSettings key “%s”", names[i]);
    }
}

static void
assert_sandbox (OvsEndpoint *endpoint)
{
  OvsClient *client = ovs_endpoint_get_client (endpoint);

  g_assert_true (ovs_endpoint_get_using_sandbox (endpoint));
  g_assert_true (g_str_has_prefix (ovs_endpoint_get_base_url (endpoint), "http://127.0.0.1:"));
  g_assert_nonnull (client);
  g_assert_cmpstr (ovs_client_get_base_url (client), ==, ovs_endpoint_get_base_url (endpoint));
  g_assert_cmpstr (ovs_endpoint_get_label (endpoint), ==, "Sandbox");
}

static void
test_key_memory_only (void)
{
  g_autoptr(OvsEndpoint) endpoint = NULL;
  g_autoptr(OvsEndpoint) second = NULL;
  g_autoptr(OvsClient) sandbox_client = NULL;
  g_autoptr(OvsClient) remote_client = NULL;
  g_autoptr(OvsClient) other_client = NULL;
  g_autofree char *sandbox_url = NULL;
  OvsClient *client;

  reset_settings ();
  endpoint = ovs_endpoint_new ();
  /* A new user is pointed at OmniRouters; with no key yet, requests go to the sandbox. */
  g_assert_cmpint (ovs_endpoint_get_kind (endpoint), ==, OVS_ENDPOINT_OMNIROUTERS);
  choose (endpoint, "sandbox");

  /* The sandbox, chosen on purpose: no key needed, no banner. */
  g_assert_cmpint (ovs_endpoint_get_kind (endpoint), ==, OVS_ENDPOINT_SANDBOX);
  assert_sandbox (endpoint);
  g_assert_false (ovs_endpoint_get_needs_key (endpoint));
  sandbox_url = g_strdup (ovs_endpoint_get_base_url (endpoint));

  /* OmniRouters with no key: still the sandbox, and the key is asked for. */
  choose (endpoint, "omnirouters");
  if (!require_memory_only (endpoint))
    return;
  g_assert_cmpint (ovs_endpoint_get_kind (endpoint), ==, OVS_ENDPOINT_OMNIROUTERS);
  assert_sandbox (endpoint);
  g_assert_cmpstr (ovs_endpoint_get_base_url (endpoint), ==, sandbox_url);
  g_assert_false (ovs_endpoint_get_has_key (endpoint));
  g_assert_true (ovs_endpoint_get_needs_key (endpoint));

  set_key (endpoint, TEST_KEY);
  g_assert_true (ovs_endpoint_get_key_memory_only (endpoint));
  g_assert_true (ovs_endpoint_get_has_key (endpoint));
  g_assert_false (ovs_endpoint_get_using_sandbox (endpoint));
  g_assert_false (ovs_endpoint_get_needs_key (endpoint));
  g_assert_cmpstr (ovs_endpoint_get_base_url (endpoint), ==, OVS_CLIENT_DEFAULT_BASE_URL);
  g_assert_cmpstr (ovs_endpoint_get_label (endpoint), ==, "OmniRouters");
  client = ovs_endpoint_get_client (endpoint);
  g_assert_nonnull (client);
  g_assert_cmpstr (ovs_client_get_base_url (client), ==, OVS_CLIENT_DEFAULT_BASE_URL);
  assert_key_not_in_settings (TEST_KEY);

  /* The route comes from the settings, and a change makes a new client (from a known
   * start: the settings backend lives as long as the test program). */
  g_settings_set_string (settings, "route", "videos");
  {
    /* Held, so a new client cannot be allocated at the old one's address. */
    g_autoptr(OvsClient) before = g_object_ref (ovs_endpoint_get_client (endpoint));

    g_settings_set_string (settings, "route", "generations");
    g_assert_true (ovs_endpoint_get_client (endpoint) != before);
  }
  g_assert_cmpint (ovs_client_get_route (ovs_endpoint_get_client (endpoint)), ==,
                   OVS_ROUTE_GENERATIONS);

  /* Clients for the base URLs tasks were sent to. */
  sandbox_client = ovs_endpoint_dup_client_for (endpoint, sandbox_url);
  g_assert_nonnull (sandbox_client);
  g_assert_cmpstr (ovs_client_get_base_url (sandbox_client), ==, sandbox_url);
  remote_client = ovs_endpoint_dup_client_for (endpoint, OVS_CLIENT_DEFAULT_BASE_URL);
  g_assert_nonnull (remote_client);
  other_client = ovs_endpoint_dup_client_for (endpoint, "https://elsewhere.example.com");
  g_assert_null (other_client);
  g_assert_null (ovs_endpoint_dup_client_for (endpoint, "http://127.0.0.1:1"));

  /* Kept for the run: another endpoint of the same process finds it. */
  second = ovs_endpoint_new ();
  ovs_test_spin_until (endpoint_ready, second, 5000);
  g_assert_true (ovs_endpoint_get_has_key (second));
  g_assert_false (ovs_endpoint_get_using_sandbox (second));

  /* Removing it goes back to the sandbox, the same one. */
  set_key (endpoint, NULL);
  g_assert_false (ovs_endpoint_get_has_key (endpoint));
  g_assert_true (ovs_endpoint_get_needs_key (endpoint));
  assert_sandbox (endpoint);
  g_assert_cmpstr (ovs_endpoint_get_base_url (endpoint), ==, sandbox_url);
  g_assert_null (ovs_endpoint_dup_client_for (endpoint, OVS_CLIENT_DEFAULT_BASE_URL));

  /* The sandbox needs no key. */
  choose (endpoint, "sandbox");
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    ovs_endpoint_set_key (endpoint, TEST_KEY, NULL, store_result_cb, &result);
    ovs_test_spin_until (pointer_set, &result, 5000);
    g_assert_false (ovs_endpoint_set_key_finish (endpoint, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  }
  g_assert_false (ovs_endpoint_get_has_key (endpoint));
}

static void
test_custom_url (void)
{
  g_autoptr(OvsEndpoint) endpoint = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  OvsPreferencesWindow *window;
  GtkWidget *row, *label;

  reset_settings ();
  endpoint = ovs_endpoint_new ();

  g_assert_false (ovs_endpoint_check_base_url ("http://example.com", &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_true (ovs_endpoint_check_base_url ("http://127.0.0.1:9", &error));
  g_assert_no_error (error);
  g_assert_true (ovs_endpoint_check_base_url ("https://gateway.example.com/", &error));
  g_assert_no_error (error);

  /* Refused: the sandbox, and the client's message. */
  g_settings_set_string (settings, "custom-base-url", "http://example.com");
  choose (endpoint, "custom");
  g_assert_cmpint (ovs_endpoint_get_kind (endpoint), ==, OVS_ENDPOINT_CUSTOM);
  g_assert_nonnull (ovs_endpoint_get_url_error (endpoint));
  g_assert_nonnull (strstr (ovs_endpoint_get_url_error (endpoint), "“example.com”"));
  g_assert_nonnull (strstr (ovs_endpoint_get_url_error (endpoint), "https://"));
  g_assert_false (ovs_endpoint_get_needs_key (endpoint));
  assert_sandbox (endpoint);

  /* This computer: accepted, and no key is needed. */
  g_settings_set_string (settings, "custom-base-url", "http://127.0.0.1:9");
  ovs_test_spin_until (endpoint_ready, endpoint, 5000);
  g_assert_null (ovs_endpoint_get_url_error (endpoint));
  g_assert_false (ovs_endpoint_get_using_sandbox (endpoint));
  g_assert_cmpstr (ovs_endpoint_get_base_url (endpoint), ==, "http://127.0.0.1:9");
  g_assert_cmpstr (ovs_client_get_base_url (ovs_endpoint_get_client (endpoint)), ==,
                   "http://127.0.0.1:9");
  g_assert_cmpstr (ovs_endpoint_get_label (endpoint), ==, "127.0.0.1:9");

  /* The same through the window: a refused URL is not saved, and the reason is shown. */
  window = ovs_preferences_window_new (NULL, endpoint);
  gtk_window_present (GTK_WINDOW (window));
  row = ovs_test_find_named (GTK_WIDGET (window), "custom-base-url");
  label = ovs_test_find_named (GTK_WIDGET (window), "custom-base-url-error");
  g_assert_nonnull (row);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "http://127.0.0.1:9");
  g_assert_false (gtk_widget_get_visible (label));
  /* Issue 15.15: the key row says where requests go, as the header bar does: not "the
   * built-in sandbox" while they go to this server. */
  {
    AdwActionRow *status = ADW_ACTION_ROW (ovs_test_find_named (GTK_WIDGET (window), "key-status"));

    g_assert_null (strstr (adw_action_row_get_subtitle (status), "sandbox"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (status), "http://127.0.0.1:9"));
  }

  gtk_editable_set_text (GTK_EDITABLE (row), "http://example.com");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "“example.com”"));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  saved = g_settings_get_string (settings, "custom-base-url");
  g_assert_cmpstr (saved, ==, "http://127.0.0.1:9");
  g_clear_pointer (&saved, g_free);

  gtk_editable_set_text (GTK_EDITABLE (row), "https://gateway.example.com");
  g_assert_false (gtk_widget_get_visible (label));
  g_signal_emit_by_name (row, "apply");
  saved = g_settings_get_string (settings, "custom-base-url");
  g_assert_cmpstr (saved, ==, "https://gateway.example.com");
  ovs_test_spin_until (endpoint_ready, endpoint, 5000);
  g_assert_null (ovs_endpoint_get_url_error (endpoint));
  /* A remote custom URL with no key: the sandbox, and the key is asked for. */
  g_assert_true (ovs_endpoint_get_needs_key (endpoint));
  assert_sandbox (endpoint);

  /* A refused URL saved by other means is reported under the field too. */
  g_settings_set_string (settings, "custom-base-url", "http://example.com");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==,
                   ovs_endpoint_get_url_error (endpoint));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bindings (void)
{
  g_autoptr(OvsEndpoint) endpoint = NULL;
  g_autofree char *route = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *folder = NULL;
  OvsPreferencesWindow *window;
  GtkWidget *spin, *toggle, *route_row, *endpoint_row, *folder_row, *reset, *key_row;

  reset_settings ();
  endpoint = ovs_endpoint_new ();
  window = ovs_preferences_window_new (NULL, endpoint);
  g_assert_true (ovs_preferences_window_get_endpoint (window) == endpoint);
  gtk_window_present (GTK_WINDOW (window));

  spin = ovs_test_find_named (GTK_WIDGET (window), "poll-interval");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 5);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 42);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 42);
  g_settings_set_uint (settings, "poll-interval", 17);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 17);
  /* The range of the key: 5..300. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 1000);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval"), ==, 300);

  /* Issue 17: the budgets are the keys the CLI's and the app's sends read. */
  spin = ovs_test_find_named (GTK_WIDGET (window), "budget-daily");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 12.5);
  g_assert_cmpfloat (g_settings_get_double (settings, "budget-daily"), ==, 12.5);
  spin = ovs_test_find_named (GTK_WIDGET (window), "budget-monthly");
  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  g_settings_set_double (settings, "budget-monthly", 200);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 200);

  toggle = ovs_test_find_named (GTK_WIDGET (window), "auto-download");
  g_assert_true (GTK_IS_SWITCH (toggle));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  gtk_switch_set_active (GTK_SWITCH (toggle), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "auto-download"));

  route_row = ovs_test_find_named (GTK_WIDGET (window), "route");
  g_assert_true (ADW_IS_COMBO_ROW (route_row));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (route_row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (route_row), 1);
  route = g_settings_get_string (settings, "route");
  g_assert_cmpstr (route, ==, "generations");
  g_settings_set_string (settings, "route", "videos");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (route_row)), ==, 0);

  endpoint_row = ovs_test_find_named (GTK_WIDGET (window), "endpoint");
  g_assert_true (ADW_IS_COMBO_ROW (endpoint_row));
  g_assert_false (gtk_widget_get_visible (ovs_test_find_named (GTK_WIDGET (window), "custom-base-url")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (endpoint_row), 2);
  kind = g_settings_get_string (settings, "endpoint");
  g_assert_cmpstr (kind, ==, "custom");
  g_assert_true (gtk_widget_get_visible (ovs_test_find_named (GTK_WIDGET (window), "custom-base-url")));
  g_settings_set_string (settings, "endpoint", "omnirouters");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (endpoint_row)), ==, 1);
  ovs_test_spin_until (endpoint_ready, endpoint, 5000);

  /* The key field: usable for OmniRouters, emptied once applied, never showing the key. */
  key_row = ovs_test_find_named (GTK_WIDGET (window), "api-key");
  g_assert_true (gtk_widget_get_sensitive (key_row));
  if (require_memory_only (endpoint))
    {
      GtkWidget *status = ovs_test_find_named (GTK_WIDGET (window), "key-status");
      GtkWidget *remove = ovs_test_find_named (GTK_WIDGET (window), "remove-key");

      g_assert_true (gtk_widget_get_visible (ovs_test_find_named (GTK_WIDGET (window), "key-memory-only")));
      g_assert_false (gtk_widget_get_visible (remove));
      gtk_editable_set_text (GTK_EDITABLE (key_row), TEST_KEY);
      g_signal_emit_by_name (key_row, "apply");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
      ovs_test_spin_until (endpoint_has_key, endpoint, 5000);
      g_assert_true (ovs_endpoint_get_has_key (endpoint));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (status)), ==,
                       "A key is saved");
      g_assert_true (gtk_widget_get_visible (remove));
      assert_key_not_in_settings (TEST_KEY);

      g_signal_emit_by_name (remove, "clicked");
      ovs_test_spin_until (endpoint_needs_key, endpoint, 5000);
      g_assert_false (ovs_endpoint_get_has_key (endpoint));
      g_assert_false (gtk_widget_get_visible (remove));
    }
  g_settings_set_string (settings, "endpoint", "sandbox");
  g_assert_false (gtk_widget_get_sensitive (key_row));

  /* The download folder: shown, and reset to the default. */
  folder_row = ovs_test_find_named (GTK_WIDGET (window), "download-folder");
  reset = ovs_test_find_named (GTK_WIDGET (window), "reset-download-folder");
  g_assert_false (gtk_widget_get_sensitive (reset));
  g_settings_set_string (settings, "download-folder", "/srv/videos");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (folder_row)), ==, "/srv/videos");
  g_assert_true (gtk_widget_get_sensitive (reset));
  g_signal_emit_by_name (reset, "clicked");
  folder = g_settings_get_string (settings, "download-folder");
  g_assert_cmpstr (folder, ==, "");
  g_assert_false (gtk_widget_get_sensitive (reset));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
banner_revealed (OvsWindow *window)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (ovs_test_find_named (GTK_WIDGET (window),
                                                                  "sandbox-banner")));
}

static void
test_banner (void)
{
  g_autoptr(OvsApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  OvsWindow *bare, *window;
  OvsEndpoint *endpoint;
  GtkLabel *pill;

  reset_settings ();

  /* No application (as in other tests): the sandbox pill, no banner. */
  bare = ovs_window_new (NULL);
  g_assert_nonnull (ovs_test_find_named (GTK_WIDGET (bare), "sandbox-banner"));
  g_assert_false (banner_revealed (bare));
  gtk_window_destroy (GTK_WINDOW (bare));

  app = ovs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  endpoint = ovs_application_get_endpoint (app);
  g_assert_true (OVS_IS_ENDPOINT (endpoint));
  g_assert_nonnull (g_action_map_lookup_action (G_ACTION_MAP (app), "preferences"));

  window = ovs_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  pill = GTK_LABEL (ovs_test_find_named (GTK_WIDGET (window), "endpoint-pill"));
  g_assert_nonnull (pill);

  /* The sandbox on purpose: just the pill. */
  g_assert_false (banner_revealed (window));
  g_assert_cmpstr (gtk_label_get_label (pill), ==, "Sandbox");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (pill), "live"));

  /* OmniRouters with no key: the banner. */
  choose (endpoint, "omnirouters");
  g_assert_true (banner_revealed (window));
  g_assert_cmpstr (gtk_label_get_label (pill), ==, "Sandbox");
  if (!require_memory_only (endpoint))
    return;

  set_key (endpoint, TEST_KEY);
  g_assert_false (banner_revealed (window));
  g_assert_cmpstr (gtk_label_get_label (pill), ==, "OmniRouters");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pill), "live"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (pill)),
                            OVS_CLIENT_DEFAULT_BASE_URL));

  /* A custom remote URL has its own key, which is not set. */
  g_settings_set_string (settings, "custom-base-url", "https://gateway.example.com");
  choose (endpoint, "custom");
  g_assert_true (banner_revealed (window));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (pill), "live"));
  /* A refused custom URL: Preferences says why; no banner about a key. */
  g_settings_set_string (settings, "custom-base-url", "http://example.com");
  g_assert_false (banner_revealed (window));

  choose (endpoint, "sandbox");
  g_assert_false (banner_revealed (window));
  choose (endpoint, "omnirouters");
  g_assert_false (banner_revealed (window));
  set_key (endpoint, NULL);
  g_assert_true (banner_revealed (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();
  gtk_init ();
  adw_init ();

  settings = g_settings_new (APP_ID);

  g_test_add_func ("/preferences/key/memory-only", test_key_memory_only);
  g_test_add_func ("/preferences/custom-url", test_custom_url);
  g_test_add_func ("/preferences/bindings", test_bindings);
  g_test_add_func ("/preferences/banner", test_banner);

  status = g_test_run ();
  g_clear_object (&settings);
  return status;
}
