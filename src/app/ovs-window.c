/* ovs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-app-widgets.h"
#include "ovs-balance-label.h"
#include "ovs-batch-dialog.h"
#include "ovs-film-dialog.h"
#include "ovs-spend-dialog.h"
#include "ovs-budget-ask.h"
#include "ovs-catalog.h"
#include "ovs-continue.h"
#include "ovs-curl.h"
#include "ovs-draft-history-dialog.h"
#include "ovs-json.h"
#include "ovs-raster-cache.h"
#include "ovs-scenario-row.h"
#include "ovs-task-pane.h"
#include "ovs-validate.h"
#include "ovs-window.h"
#include "ovs-compare.h"
#include "ovs-compare-dialog.h"
#include "ovs-compare-window.h"
#include "ovs-group-send.h"

struct _OvsWindow
{
  AdwApplicationWindow parent_instance;

  GSettings       *settings;

  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack    *view_stack;
  AdwViewStackPage *tasks_page;
  AdwBin          *tasks_bin;
  OvsTaskPane     *task_pane;      /* NULL until built: ovs_window_get_task_pane () */
  GtkWidget       *submit_button;
  GtkMenuButton   *menu_button;    /* its menu is made when first opened */
  GtkBox          *main_box;
  GtkWidget       *switcher_bar;   /* NULL until the window is first narrow */
  GMenuModel      *primary_menu;
  OvsTracker      *tracker;
  GSignalGroup    *tracker_signals;
  AdwFlap         *flap;
  GtkPaned        *paned;
  GtkWidget       *header_bar;
  GtkListBox      *scenario_list;
  GListStore      *scenarios;      /* the sidebar's rows: families in the catalog's order */
  OvsComposer     *composer;
  OvsJsonPreview  *preview;
  GtkWidget       *preview_button;
  GtkLabel        *endpoint_label;
  OvsBalanceLabel *balance_label;
  GtkRevealer     *sandbox_banner;
  GtkRevealer     *history_banner;
  OvsEndpoint     *endpoint;
  GSignalGroup    *endpoint_signals;

  /* The last body sent (scenario id, a newline, the body) and when, to ask before the
   * same paid task is created twice by a repeated Ctrl+Enter. */
  OvsTask         *last_sent;  /* the task sent last (its scenario and body), to ask before
                                 sending the same again */
  gint64           last_sent_time;
  GtkWidget       *repeat_dialog;
  /* A send is being weighed against the budgets: another Submit waits for it. */
  gboolean         weighing;

  /* The composer's draft continues this task from a frame (set by the task view's
   * Continue from Last Frame and Use This Frame…, until it is sent or another scenario is
   * chosen): the new task then records its parent and chain. */
  OvsTask         *continue_parent;
  char            *continue_scenario;
  double           continue_at;
  gboolean         continue_last;
  OvsFrameAs       continue_as;
  gboolean         continue_video;  /* the parent's video by its URL, not a frame */
};

/* Within this long, the same body again asks first. */
#define REPEAT_WINDOW_S 60

G_DEFINE_FINAL_TYPE (OvsWindow, ovs_window, ADW_TYPE_APPLICATION_WINDOW)

void
ovs_window_add_toast (OvsWindow  *self,
                      const char *message)
{
  g_return_if_fail (OVS_IS_WINDOW (self));
  ovs_toast_overlay_add (self->toast_overlay, adw_toast_new (message));
}

OvsComposer *
ovs_window_get_composer (OvsWindow *self)
{
  g_return_val_if_fail (OVS_IS_WINDOW (self), NULL);
  return self->composer;
}

OvsJsonPreview *
ovs_window_get_preview (OvsWindow *self)
{
  g_return_val_if_fail (OVS_IS_WINDOW (self), NULL);
  return self->preview;
}

/* Sidebar rows: one per scenario (OvsScenarioRow), a heading per model family; the list
 * box is bound to self->scenarios. */
static GtkWidget *
make_scenario_row (gpointer item,
                   gpointer user_data)
{
  return ovs_scenario_row_new (item);
}

static OvsScenario *
row_scenario (GtkListBoxRow *row)
{
  return row != NULL ? ovs_scenario_row_get_scenario (OVS_SCENARIO_ROW (row)) : NULL;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  OvsScenario *scenario = row_scenario (row);
  OvsScenario *previous = row_scenario (before);
  GtkWidget *header;

  if (scenario == NULL)
    return;
  if (previous != NULL
      && g_str_equal (ovs_scenario_get_family (scenario), ovs_scenario_get_family (previous)))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (ovs_scenario_get_family_title (scenario));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "sidebar-heading");
  gtk_list_box_row_set_header (row, header);
}

static void
row_selected_cb (GtkListBox    *box,
                 GtkListBoxRow *row,
                 OvsWindow     *self)
{
  OvsScenario *scenario = row_scenario (row);

  if (scenario == NULL)
    return;
  ovs_composer_set_scenario (self->composer, scenario);
  g_settings_set_string (self->settings, "last-scenario", ovs_scenario_get_id (scenario));

  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
scenario_move_cursor_cb (GtkListBox      *box,
                         GtkMovementStep  step,
                         int              count,
                         gboolean         extend,
                         gboolean         modify,
                         gpointer         user_data)
{
  if (modify)
    return;
  /* The same move as Ctrl+arrow: the focus goes, the selection stays. */
  g_signal_stop_emission_by_name (box, "move-cursor");
  g_signal_emit_by_name (box, "move-cursor", step, count, extend, TRUE);
}

static void
scenario_toggle_cursor_cb (GtkListBox *box,
                           gpointer    user_data)
{
  /* Space chooses, as Enter does; it never leaves the sidebar with nothing chosen. */
  g_signal_stop_emission_by_name (box, "toggle-cursor-row");
  g_signal_emit_by_name (box, "activate-cursor-row");
}

/* Tab leaves the list for the form, Shift+Tab for the header bar: the list is one stop. */
static gboolean
scenario_list_key_cb (OvsWindow       *self,
                      guint            keyval,
                      guint            keycode,
                      GdkModifierType  state,
                      GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_Tab && (state & GDK_CONTROL_MASK) == 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->paned), GTK_DIR_TAB_FORWARD);
  if (keyval == GDK_KEY_ISO_Left_Tab && (state & GDK_CONTROL_MASK) == 0)
    return gtk_widget_child_focus (GTK_WIDGET (self->header_bar), GTK_DIR_TAB_BACKWARD);
  return FALSE;
}

gboolean
ovs_window_select_scenario (OvsWindow  *self,
                            const char *scenario_id)
{
  g_return_val_if_fail (OVS_IS_WINDOW (self), FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->scenarios)); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (self->scenarios), i);

      if (g_strcmp0 (ovs_scenario_get_id (scenario), scenario_id) == 0)
        {
          gtk_list_box_select_row (self->scenario_list,
                                   gtk_list_box_get_row_at_index (self->scenario_list, (int) i));
          return TRUE;
        }
    }
  return FALSE;
}

static void
forget_continuation (OvsWindow *self)
{
  g_clear_object (&self->continue_parent);
  g_clear_pointer (&self->continue_scenario, g_free);
  ovs_composer_set_origin (self->composer, NULL);
}

static void
composer_scenario_cb (OvsWindow *self)
{
  OvsScenario *scenario = ovs_composer_get_scenario (self->composer);

  if (scenario == NULL)
    return;
  /* The frame belongs to the draft of its scenario; another scenario is another request. */
  if (self->continue_scenario != NULL
      && g_strcmp0 (ovs_scenario_get_id (scenario), self->continue_scenario) != 0)
    forget_continuation (self);
  adw_view_switcher_title_set_title (self->window_title, ovs_scenario_get_title (scenario));
  adw_view_switcher_title_set_subtitle (self->window_title, ovs_scenario_get_family_title (scenario));
  ovs_json_preview_set_request (self->preview, ovs_composer_get_request (self->composer));

  /* An import may land in another scenario: follow it in the sidebar. */
  {
    OvsScenario *shown = row_scenario (gtk_list_box_get_selected_row (self->scenario_list));

    if (shown != scenario)
      ovs_window_select_scenario (self, ovs_scenario_get_id (scenario));
  }
}

static void
copy_text (OvsWindow  *self,
           const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
copy_json_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  g_autofree char *text = ovs_request_to_json (ovs_composer_get_request (self->composer));

  copy_text (self, text);
  ovs_window_add_toast (self, _("Request body copied"));
}

/* The command sends what Submit would: to the endpoint and route in use, with the key saved
 * in Preferences when asked (else it reads $OMNIROUTERS_API_KEY). */
static void
copy_curl (OvsWindow *self,
           gboolean   with_key)
{
  g_autofree char *body = ovs_request_to_compact_json (ovs_composer_get_request (self->composer));
  OvsClient *client = self->tracker != NULL ? ovs_tracker_get_client (self->tracker) : NULL;
  const char *base_url = client != NULL ? ovs_client_get_base_url (client) : OVS_CLIENT_DEFAULT_BASE_URL;
  gboolean generations = client != NULL && ovs_client_get_route (client) == OVS_ROUTE_GENERATIONS;
  g_autofree char *key = NULL;
  g_autofree char *command = NULL;
  const char *message;

  if (with_key && self->endpoint != NULL)
    key = ovs_endpoint_dup_key (self->endpoint);
  command = ovs_curl_command (base_url, generations ? "/v1/video/generations" : "/v1/videos",
                              body, key);
  copy_text (self, command);
  if (key != NULL)
    message = _("curl command copied, with your API key: keep it private");
  else if (with_key)
    message = _("No API key is saved in Preferences: the command reads $OMNIROUTERS_API_KEY");
  else
    message = _("curl command copied; it reads the key from $OMNIROUTERS_API_KEY");
  ovs_window_add_toast (self, message);
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  copy_curl (OVS_WINDOW (widget), FALSE);
}

static void
copy_curl_with_key_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  copy_curl (OVS_WINDOW (widget), TRUE);
}

/* After a paste, an opened file, Clear Form, an example or a restore: when a draft the
 * user wrote was replaced, the toast can put it back. A replaced draft no longer holds the
 * frame of a continuation. */
static void
toast_with_undo (OvsWindow  *self,
                 const char *message)
{
  AdwToast *toast;

  forget_continuation (self);

  if (ovs_composer_get_undo_scenario (self->composer) == NULL)
    {
      if (message != NULL)
        ovs_window_add_toast (self, message);
      return;
    }
  toast = adw_toast_new (message != NULL ? message : _("The draft was replaced"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-replace");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  ovs_toast_overlay_add (self->toast_overlay, toast);
}

static void
undo_replace_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  forget_continuation (OVS_WINDOW (widget));
  ovs_composer_undo_replace (OVS_WINDOW (widget)->composer);
}

static void
restore_draft_cb (OvsWindow  *self,
                  const char *json)
{
  ovs_composer_restore_draft (self->composer, json);
  toast_with_undo (self, _("Draft restored"));
}

static void
draft_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  GtkWidget *dialog;

  dialog = ovs_draft_history_dialog_new (GTK_WINDOW (self),
                                         ovs_composer_get_draft_history (self->composer));
  g_signal_connect_object (dialog, "restore", G_CALLBACK (restore_draft_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_text (OvsWindow  *self,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!ovs_composer_import (self->composer, text, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not a request body: %s"), error->message);

      ovs_window_add_toast (self, message);
      return;
    }
  toast_with_undo (self, _("Request imported"));
}

static void
paste_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);

  if (text == NULL)
    {
      ovs_window_add_toast (self, _("The clipboard holds no text"));
      return;
    }
  import_text (self, text);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, paste_read_cb,
                                 g_object_ref (widget));
}

static void
open_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      ovs_window_add_toast (self, error->message);
      return;
    }
  if (length > OVS_JSON_MAX_BODY_SIZE)
    {
      ovs_window_add_toast (self, _("The file is too large for a request body"));
      return;
    }
  import_text (self, contents);
}

/* What a file chooser of the window does with the file picked. */
typedef void (*FileChosen) (OvsWindow *self,
                            GFile     *file);

typedef struct
{
  OvsWindow  *self;
  FileChosen  chosen;
} Choice;

static void
file_chosen_cb (GtkNativeDialog *dialog,
                int              response,
                Choice          *choice)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      choice->chosen (choice->self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* A modal chooser of one file (a new one's @name when saving), limited to @filter unless
 * NULL; @chosen gets the file picked. */
static void
choose_file (OvsWindow            *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label,
             GtkFileFilter        *filter,
             const char           *name,
             FileChosen            chosen)
{
  GtkFileChooserNative *chooser;
  Choice *choice = g_new (Choice, 1);

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label,
                                         _("_Cancel"));
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  choice->self = self;
  choice->chosen = chosen;
  g_signal_connect_data (chooser, "response", G_CALLBACK (file_chosen_cb), choice,
                         (GClosureNotify) G_CALLBACK (g_free), 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_file (OvsWindow *self,
           GFile     *file)
{
  g_file_load_contents_async (file, NULL, open_loaded_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("JSON request bodies"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  choose_file (OVS_WINDOW (widget), _("Open a Request"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
               filter, NULL, open_file);
}

/* The composer's request is the template a CSV's rows fill. */
void
ovs_window_open_batch (OvsWindow *self,
                       GFile     *file)
{
  g_autofree char *template_text = NULL;
  OvsBatchDialog *dialog;

  g_return_if_fail (OVS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->tracker == NULL)
    return;
  template_text = ovs_request_to_json (ovs_composer_get_request (self->composer));
  dialog = ovs_batch_dialog_new (self->tracker, ovs_balance_label_get_money (self->balance_label),
                                 template_text);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  ovs_batch_dialog_load (dialog, file);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_batch_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Batches (CSV, JSONL)"));
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.jsonl");
  gtk_file_filter_add_pattern (filter, "*.ndjson");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  choose_file (OVS_WINDOW (widget), _("Open a Batch"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
               filter, NULL, ovs_window_open_batch);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    ovs_window_add_toast (self, error->message);
  else
    ovs_window_add_toast (self, _("Request saved"));
}

static void
save_file (OvsWindow *self,
           GFile     *file)
{
  char *text = ovs_request_to_json (ovs_composer_get_request (self->composer));
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, strlen (text));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, save_done_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  OvsScenario *scenario = ovs_composer_get_scenario (self->composer);
  g_autofree char *name = g_strconcat (ovs_scenario_get_id (scenario), ".json", NULL);

  choose_file (self, _("Save the Request"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL, name,
               save_file);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ovs_composer_reset (OVS_WINDOW (widget)->composer);
  toast_with_undo (OVS_WINDOW (widget), NULL);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ovs_composer_clear (OVS_WINDOW (widget)->composer);
  toast_with_undo (OVS_WINDOW (widget), _("Form cleared"));
}

static void
toggle_preview_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);

  g_settings_set_boolean (self->settings, "json-preview-visible",
                          !g_settings_get_boolean (self->settings, "json-preview-visible"));
}

static void
preview_visible_changed_cb (OvsWindow *self)
{
  gboolean visible = g_settings_get_boolean (self->settings, "json-preview-visible");

  gtk_widget_set_visible (GTK_WIDGET (self->preview), visible);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->preview_button), visible);
}

/* Families in the catalog's order, the scenarios of a family together in theirs. */
static void
populate_sidebar (OvsWindow *self)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  self->scenarios = g_list_store_new (OVS_TYPE_SCENARIO);
  for (guint f = 0; f < ovs_catalog_get_n_families (catalog); f++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);

        if (g_str_equal (ovs_scenario_get_family (scenario), ovs_catalog_get_family_id (catalog, f)))
          g_list_store_append (self->scenarios, scenario);
      }
  gtk_list_box_set_header_func (self->scenario_list, header_func, NULL, NULL);
  gtk_list_box_bind_model (self->scenario_list, G_LIST_MODEL (self->scenarios), make_scenario_row,
                           NULL, NULL);
}

/* Where requests go: the pill in the header bar, and the banner under it while a remote
 * endpoint is chosen but has no key. Without an application (tests), the sandbox. */

static void
update_endpoint (OvsWindow *self)
{
  OvsEndpoint *endpoint = self->endpoint;
  GtkWidget *pill = GTK_WIDGET (self->endpoint_label);
  g_autofree char *tooltip = NULL;

  if (endpoint != NULL && !ovs_endpoint_get_using_sandbox (endpoint))
    {
      gtk_label_set_label (self->endpoint_label, ovs_endpoint_get_label (endpoint));
      tooltip = g_strdup_printf (_("Requests go to %s"), ovs_endpoint_get_base_url (endpoint));
      gtk_widget_add_css_class (pill, "live");
    }
  else
    {
      gtk_label_set_label (self->endpoint_label, _("Sandbox"));
      tooltip = g_strdup (_("Requests go to the built-in sandbox, which makes test videos"));
      gtk_widget_remove_css_class (pill, "live");
    }
  gtk_widget_set_tooltip_text (pill, tooltip);
  gtk_revealer_set_reveal_child (self->sandbox_banner,
                                 endpoint != NULL && ovs_endpoint_get_needs_key (endpoint));
}


/* Sending and following tasks. */

static void update_submit (OvsWindow *self);

static gboolean
history_damaged (OvsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return OVS_IS_APPLICATION (application)
         && ovs_application_get_history_damaged (OVS_APPLICATION (application));
}

static void
update_history_banner (OvsWindow *self)
{
  gtk_revealer_set_reveal_child (self->history_banner, history_damaged (self));
  update_submit (self);
}

/* Why nothing can be sent now, or NULL: no history (damaged or not opened), a request body
 * that is not JSON (the preview's text is what would be sent, so the form's last body is
 * not), or errors. */
static char *
dup_submit_blocker (OvsWindow *self)
{
  guint errors = ovs_composer_get_n_errors (self->composer);
  const char *json_error = ovs_json_preview_get_error (self->preview);
  GPtrArray *problems;
  const OvsProblem *first = NULL;

  if (self->tracker == NULL && history_damaged (self))
    return g_strdup (_("The task history is damaged: recover it first"));
  if (self->tracker == NULL)
    return g_strdup (_("The task history cannot be opened, so nothing can be sent"));
  if (ovs_composer_is_loading (self->composer) || ovs_composer_get_request (self->composer) == NULL)
    return g_strdup (_("The draft is still being read"));
  if (json_error != NULL)
    return g_strdup_printf (_("Fix the request body first — %s"), json_error);
  if (errors == 0)
    return NULL;

  problems = ovs_composer_get_problems (self->composer);
  for (guint i = 0; problems != NULL && i < problems->len && first == NULL; i++)
    if (((OvsProblem *) g_ptr_array_index (problems, i))->severity == OVS_SEVERITY_ERROR)
      first = g_ptr_array_index (problems, i);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Fix %u problem first — %s: %s",
                                       "Fix %u problems first — %s: %s", errors),
                          errors, first != NULL ? first->path : "$",
                          first != NULL ? first->message : "");
}

/* Submit is possible with a tracker and a body without errors; its tooltip says why not. */
static void
update_submit (OvsWindow *self)
{
  g_autofree char *blocker = dup_submit_blocker (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit", blocker == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", blocker == NULL);
  gtk_widget_set_tooltip_text (self->submit_button,
                               blocker != NULL ? blocker : _("Send the request (Ctrl+Enter)"));
}

/* While the composer reads a scenario's draft, the request it has is the previous
 * scenario's (or none): nothing copies, saves or restores into it. Clear Form and Reset go
 * to the scenario being read. */
static void
composer_loading_cb (OvsWindow *self)
{
  static const char * const actions[] = {
    "win.copy-json", "win.copy-curl", "win.copy-curl-with-key", "win.save", "win.new-batch",
    "win.draft-history", NULL
  };
  gboolean loading = ovs_composer_is_loading (self->composer);
  gboolean shown = ovs_composer_get_request (self->composer) != NULL;

  for (guint i = 0; actions[i] != NULL; i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], shown && !loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", shown || loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.clear", shown || loading);
  update_submit (self);
}

static void
update_badge (OvsWindow *self)
{
  adw_view_stack_page_set_badge_number (self->tasks_page,
                                        self->tracker != NULL ? ovs_tracker_get_n_busy (self->tracker) : 0);
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);
  AdwToast *toast;

  update_badge (self);
  if (task == NULL)
    {
      ovs_window_add_toast (self, error->message);
      return;
    }

  ovs_task_pane_select (ovs_window_get_task_pane (self), task);
  if (ovs_task_get_status (task) == OVS_TASK_STATUS_FAILED)
    {
      g_autofree char *message = g_strdup_printf (_("Not sent: %s"), ovs_task_get_error (task));

      toast = adw_toast_new (message);
    }
  else if (ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN)
    toast = adw_toast_new (_("No clear answer: the task may exist on the server; it is not sent again"));
  else
    toast = adw_toast_new (_("Task submitted"));
  adw_toast_set_button_label (toast, _("Vie_w"));
  adw_toast_set_action_name (toast, "win.show-tasks");
  ovs_toast_overlay_add (self->toast_overlay, toast);
}

/* The task about to be sent, holding @body (taken: with inline files it is megabytes, and
 * each copy of it at Submit held the window), remembered as the last one sent. */
static OvsTask *
draft_to_send (OvsWindow  *self,
               const char *scenario_id,
               char       *body)
{
  OvsTask *draft = ovs_task_new ();

  ovs_task_set_scenario (draft, scenario_id);
  ovs_task_take_request_json (draft, body);
  g_set_object (&self->last_sent, draft);
  self->last_sent_time = g_get_monotonic_time ();
  return draft;
}

/* Takes @body. */
static void
send_now (OvsWindow  *self,
          const char *scenario_id,
          char       *body)
{
  g_autoptr(OvsTask) draft = draft_to_send (self, scenario_id, body);

  ovs_tracker_submit_draft_async (self->tracker, draft, NULL, submitted_cb, g_object_ref (self));
  update_badge (self);
}

/* A draft whose reference video is a result's link is not sent once that link expired:
 * the provider could not fetch it, and the task would fail after being paid for. */
static gboolean
continuation_link_dead (OvsWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->continue_parent == NULL || !self->continue_video
      || ovs_continue_video_url (self->continue_parent, g_get_real_time () / G_USEC_PER_SEC,
                                 NULL, &error) != NULL)
    return FALSE;
  ovs_window_add_toast (self, error->message);
  return TRUE;
}

/* The composer's draft as a continuation: the task is written down with its parent, chain
 * and frame, as `omni-video continue --submit` does. */
static void
submit_continuation (OvsWindow  *self,
                     const char *scenario_id,
                     char       *body)
{
  g_autoptr(OvsTask) draft = draft_to_send (self, scenario_id, body);
  gboolean root_joined;

  /* The root joins the chain it starts: written before the new task is. */
  if (self->continue_video)
    root_joined = ovs_continue_link_video (draft, self->continue_parent);
  else
    root_joined = ovs_continue_link (draft, self->continue_parent, self->continue_at,
                                     self->continue_last, self->continue_as);
  if (root_joined)
    ovs_task_store_queue_update (ovs_tracker_get_store (self->tracker), self->continue_parent, NULL);
  forget_continuation (self);

  ovs_tracker_submit_draft_async (self->tracker, draft, NULL, submitted_cb, g_object_ref (self));
  update_badge (self);
}

static void group_sent_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

/* What waits for the budgets' answer: one body, or a group's (OvsCompareBody). */
typedef struct
{
  OvsWindow *self;
  char      *scenario_id;
  char      *body;
  gboolean   continuation;
  char      *kind;
  GPtrArray *group;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_free (pending->scenario_id);
  g_free (pending->body);
  g_free (pending->kind);
  g_clear_pointer (&pending->group, g_ptr_array_unref);
  g_free (pending);
}

static void
weighed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;
  OvsWindow *self = pending->self;
  g_autoptr(GError) error = NULL;
  gboolean send = ovs_budget_ask_finish (result, &error);

  self->weighing = FALSE;
  if (send && self->tracker != NULL)
    {
      if (pending->group != NULL)
        ovs_group_send_async (self->tracker, pending->kind, pending->group, NULL, group_sent_cb,
                              g_object_ref (self));
      /* The continuation is kept while the user answers; sent only as it still stands. */
      else if (pending->continuation && self->continue_parent != NULL)
        {
          if (!continuation_link_dead (self))
            submit_continuation (self, pending->scenario_id, g_steal_pointer (&pending->body));
        }
      else
        send_now (self, pending->scenario_id, g_steal_pointer (&pending->body));
      update_badge (self);
    }
  pending_free (pending);
}

/* Every paid send goes through here: over a budget it asks first (ovs-budget-ask.h). */
static void
weigh_and_send (OvsWindow *self,
                Pending   *pending)
{
  g_autoptr(GPtrArray) texts = NULL;

  if (pending->group != NULL)
    {
      texts = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < pending->group->len; i++)
        {
          OvsCompareBody *body = g_ptr_array_index (pending->group, i);

          g_ptr_array_add (texts, json_to_string (body->body, FALSE));
        }
    }
  else
    {
      /* Not copied: read by the estimate before the answer, and the body stays as it is
       * until then (pending_free ()). */
      texts = g_ptr_array_new ();
      g_ptr_array_add (texts, pending->body);
    }
  pending->self = g_object_ref (self);
  self->weighing = TRUE;
  ovs_budget_ask_async (GTK_WINDOW (self), ovs_tracker_get_store (self->tracker),
                        ovs_balance_label_get_money (self->balance_label), texts, NULL,
                        weighed_cb, pending);
}

/* Takes @body. */
static void
weigh_one (OvsWindow  *self,
           const char *scenario_id,
           char       *body,
           gboolean    continuation)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->scenario_id = g_strdup (scenario_id);
  pending->body = body;
  pending->continuation = continuation;
  weigh_and_send (self, pending);
}

void
ovs_window_submit (OvsWindow   *self,
                   const char  *scenario_id,
                   const char  *body)
{
  g_return_if_fail (OVS_IS_WINDOW (self));
  g_return_if_fail (self->tracker != NULL);

  weigh_one (self, scenario_id, g_strdup (body), FALSE);
}

static void
repeat_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OvsWindow        *self)
{
  self->repeat_dialog = NULL;
  if (g_str_equal (response, "send"))
    {
      g_autoptr(OvsTask) last = g_object_ref (self->last_sent);

      ovs_window_submit (self, ovs_task_get_scenario (last), ovs_task_get_request_json (last));
    }
}

static void
ask_before_repeat (OvsWindow *self,
                   guint      seconds)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "You sent this exact request %u second ago. Sending it "
                                       "again creates another task, and the gateway charges for "
                                       "every task it creates.",
                                       "You sent this exact request %u seconds ago. Sending it "
                                       "again creates another task, and the gateway charges for "
                                       "every task it creates.", seconds),
                          seconds);
  self->repeat_dialog = ovs_paid_dialog_new (GTK_WINDOW (self), "repeat-dialog",
                                             _("Send This Request Again?"), text,
                                             _("_Send Again"), ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (self->repeat_dialog, "response", G_CALLBACK (repeat_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->repeat_dialog));
}

/* The preview's pending edit applied and the checks run now (they run after a typing
 * pause); when something blocks sending, a toast says what. */
static gboolean
ready_to_send (OvsWindow *self)
{
  g_autofree char *blocker = NULL;

  ovs_json_preview_apply (self->preview);
  ovs_composer_reveal_problems (self->composer);
  update_submit (self);
  blocker = dup_submit_blocker (self);
  if (blocker != NULL)
    ovs_window_add_toast (self, blocker);
  return blocker == NULL;
}

/* Submit and Ctrl+Enter: the preview's pending edit first, the checks now (they run after a
 * typing pause), then the body, asking first when it was just sent. Ctrl+Enter works even
 * when Submit is off, to say why. */
static void
submit_from_composer (OvsWindow *self)
{
  g_autofree char *body = NULL;
  OvsRequest *request;
  const char *scenario_id;
  gboolean continuation;
  gint64 elapsed;

  if (self->repeat_dialog != NULL || self->weighing || !ready_to_send (self))
    return;

  request = ovs_composer_get_request (self->composer);
  scenario_id = ovs_scenario_get_id (ovs_request_get_scenario (request));
  body = ovs_request_to_json (request);
  elapsed = (g_get_monotonic_time () - self->last_sent_time) / G_USEC_PER_SEC;
  if (self->last_sent != NULL && elapsed < REPEAT_WINDOW_S
      && g_strcmp0 (scenario_id, ovs_task_get_scenario (self->last_sent)) == 0
      && g_strcmp0 (body, ovs_task_get_request_json (self->last_sent)) == 0)
    {
      ask_before_repeat (self, (guint) elapsed);
      return;
    }
  continuation = self->continue_parent != NULL
                 && g_strcmp0 (scenario_id, self->continue_scenario) == 0;
  if (continuation && continuation_link_dead (self))
    return;
  weigh_one (self, scenario_id, g_steal_pointer (&body), continuation);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  submit_from_composer (OVS_WINDOW (widget));
}

static void
show_tasks_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (OVS_WINDOW (widget)->view_stack, "tasks");
}

static void
compare_open_task_cb (OvsCompareGrid *grid,
                      OvsTask        *task,
                      OvsWindow      *self)
{
  ovs_task_pane_select (ovs_window_get_task_pane (self), task);
  adw_view_stack_set_visible_child_name (self->view_stack, "tasks");
  gtk_window_present (GTK_WINDOW (self));
}

static void
group_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = ovs_task_store_dup_group_finish (OVS_TASK_STORE (source), result,
                                                                &error);
  OvsCompareWindow *window;

  if (tasks == NULL)
    {
      ovs_window_add_toast (self, error->message);
      return;
    }
  /* Deleted meanwhile: nothing to show. */
  if (tasks->len == 0 || self->tracker == NULL)
    return;
  window = ovs_compare_window_new (OVS_TASK_STORE (source),
                                   ovs_task_get_group_id (g_ptr_array_index (tasks, 0)), tasks);
  g_signal_connect_object (ovs_compare_window_get_grid (window), "open-task",
                           G_CALLBACK (compare_open_task_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

/* A group (a comparison, variants, a batch) as a grid of its own, once its tasks are read
 * off the main thread. */
static void
open_group (OvsWindow  *self,
            const char *group_id)
{
  ovs_task_store_dup_group_async (ovs_tracker_get_store (self->tracker), group_id, NULL,
                                  group_read_cb, g_object_ref (self));
}

static void
open_comparison_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  /* No pane yet, nothing selected in it. */
  OvsTask *task = self->task_pane != NULL ? ovs_task_pane_get_selected (self->task_pane)
                                          : NULL;
  const char *group_id = task != NULL ? ovs_task_get_group_id (task) : NULL;

  if (group_id == NULL || self->tracker == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  open_group (self, group_id);
}

static void
open_group_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);

  if (self->tracker != NULL)
    open_group (self, g_variant_get_string (parameter, NULL));
}

static void
group_sent_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *group_id = NULL;
  g_autoptr(GPtrArray) tasks = ovs_group_send_finish (OVS_TRACKER (source), result, &group_id, &error);

  update_badge (self);
  if (tasks == NULL)
    {
      ovs_window_add_toast (self, error->message);
      return;
    }
  /* The grid says per tile what became of each create, so one toast is enough. */
  ovs_task_pane_select (ovs_window_get_task_pane (self), g_ptr_array_index (tasks, 0));
  open_group (self, group_id);
}

/* A group to send: from Compare…, or Run Group Again in the task list. */
static void
group_send_cb (GObject    *source,
               const char *kind,
               GPtrArray  *bodies,
               OvsWindow  *self)
{
  Pending *pending;

  if (self->tracker == NULL)
    return;
  pending = g_new0 (Pending, 1);
  pending->kind = g_strdup (kind);
  pending->group = g_ptr_array_ref (bodies);
  weigh_and_send (self, pending);
}

/* Compare…: the body as Submit would send it, fanned out in a dialog that asks before
 * anything is paid for. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) source = NULL;
  OvsRequest *request;
  OvsCompareDialog *dialog;

  if (!ready_to_send (self))
    return;
  request = ovs_composer_get_request (self->composer);
  body = ovs_request_to_json (request);
  source = json_from_string (body, NULL);
  g_return_if_fail (source != NULL);
  dialog = ovs_compare_dialog_new (ovs_catalog_get_default (), source,
                                   ovs_request_get_model (request));
  g_signal_connect_object (dialog, "send", G_CALLBACK (group_send_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_film_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autofree char *uri = g_filename_to_uri (g_variant_get_string (parameter, NULL), NULL, NULL);

  if (uri != NULL)
    g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
film_exported_cb (OvsFilmDialog *dialog,
                  const char    *path,
                  OvsWindow     *self)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *title = g_strdup_printf (_("Film saved as %s"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-film");
  adw_toast_set_action_target_value (toast, g_variant_new_string (path));
  ovs_toast_overlay_add (self->toast_overlay, toast);
}

/* The history, for an action on one of its tasks; without one (no tracker yet), a bell. */
static OvsTaskStore *
history_or_bell (OvsWindow *self)
{
  if (self->tracker == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return NULL;
    }
  return ovs_tracker_get_store (self->tracker);
}

/* A film dialog over this window, its export told here, not shown yet. */
static OvsFilmDialog *
new_film_dialog (OvsWindow *self,
                 GPtrArray *clips)
{
  OvsFilmDialog *dialog = ovs_film_dialog_new (clips);

  g_signal_connect_object (dialog, "exported", G_CALLBACK (film_exported_cb), self, 0);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

/* Export Chain: the chain's finished clips, in its order (root first), read off the main
 * loop. */
static void
chain_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lineage = ovs_task_store_dup_lineage_finish (OVS_TASK_STORE (source),
                                                                    result, &error);
  g_autoptr(GPtrArray) clips = g_ptr_array_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (lineage == NULL)
    {
      ovs_window_add_toast (self, error->message);
      return;
    }
  /* The same rule as Add to Film's: finished, its video on this computer. */
  for (guint i = 0; i < lineage->len; i++)
    if (ovs_film_dialog_check_clip (g_ptr_array_index (lineage, i), now, NULL))
      g_ptr_array_add (clips, g_ptr_array_index (lineage, i));
  if (clips->len == 0)
    {
      ovs_window_add_toast (self, _("No finished clip of this chain is downloaded yet"));
      return;
    }
  gtk_window_present (GTK_WINDOW (new_film_dialog (self, clips)));
}

/* The chain of task @id. */
static void
export_chain_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  OvsTaskStore *store = history_or_bell (self);

  if (store != NULL)
    ovs_task_store_dup_lineage_async (store, g_variant_get_int64 (parameter), NULL,
                                      chain_read_cb, g_object_ref (self));
}

/* What Add to Film left out, said once: why for a lone task, how many for a group. */
static void
toast_left_out (OvsWindow    *self,
                guint         n_tasks,
                guint         left_out,
                const GError *first_error)
{
  g_autofree char *message = NULL;

  if (n_tasks == 0)
    ovs_window_add_toast (self, _("No task of this group has finished yet"));
  else if (n_tasks == 1 && left_out == 1)
    ovs_window_add_toast (self, first_error->message);
  else if (left_out > 0)
    {
      message = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE,
                     "%u finished task of the group was left out: its video is not on this "
                     "computer. Download it in its view first, then add it",
                     "%u finished tasks of the group were left out: their videos are not on "
                     "this computer. Download them in their views first, then add them",
                     left_out), left_out);
      ovs_window_add_toast (self, message);
    }
}

/* Add to Film, from the task view and the task list's menus alike: the tasks whose video
 * is on this computer join the film dialog open over this window, or a new one; any
 * finished tasks, from any chain, in an order the dialog lets the user change. For the
 * others a toast says what to do. */
static void
add_to_film (OvsWindow *self,
             GPtrArray *tasks)
{
  g_autoptr(GPtrArray) clips = g_ptr_array_new ();
  g_autoptr(GError) first_error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  OvsFilmDialog *dialog;
  guint left_out = 0, refused = 0;

  for (guint i = 0; i < tasks->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (ovs_film_dialog_check_clip (g_ptr_array_index (tasks, i), now, &error))
        g_ptr_array_add (clips, g_ptr_array_index (tasks, i));
      else if (left_out++ == 0)
        first_error = g_steal_pointer (&error);
    }
  toast_left_out (self, tasks->len, left_out, first_error);
  if (clips->len == 0)
    return;

  dialog = ovs_film_dialog_find (GTK_WINDOW (self));
  if (dialog == NULL)
    {
      g_autoptr(GPtrArray) none = g_ptr_array_new ();

      dialog = new_film_dialog (self, none);
    }
  for (guint i = 0; i < clips->len; i++)
    refused += !ovs_film_dialog_add (dialog, g_ptr_array_index (clips, i));
  if (refused > 0)
    ovs_window_add_toast (self, _("This clip is in the film already, or the film is being made"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The task view's Add to Film: the task read off the main loop. */
static void
film_task_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OvsWindow) self = user_data;
  g_autoptr(OvsTask) task = ovs_task_store_lookup_finish (OVS_TASK_STORE (source), result, NULL);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();

  if (task == NULL)
    return;
  g_ptr_array_add (tasks, task);
  add_to_film (self, tasks);
}

static void
add_to_film_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  OvsTaskStore *store = history_or_bell (self);

  if (store != NULL)
    ovs_task_store_lookup_async (store, g_variant_get_int64 (parameter), NULL,
                                 film_task_read_cb, g_object_ref (self));
}

/* The task list's Add to Film (a row's or a group's menu). */
static void
film_add_cb (OvsTaskPane *pane,
             GPtrArray   *tasks,
             OvsWindow   *self)
{
  add_to_film (self, tasks);
}

/* Spending per day and month: read from the history in the dialog's own thread. */
static void
spending_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);
  OvsTaskStore *store = self->tracker != NULL ? ovs_tracker_get_store (self->tracker) : NULL;
  OvsSpendDialog *dialog;

  if (store == NULL)
    return;
  dialog = ovs_spend_dialog_new (ovs_task_store_get_path (store),
                                 ovs_balance_label_get_money (self->balance_label));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
search_tasks_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OvsWindow *self = OVS_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "tasks");
  ovs_task_pane_focus_search (ovs_window_get_task_pane (self));
}

static void
show_compose_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  adw_view_stack_set_visible_child_name (OVS_WINDOW (widget)->view_stack, "compose");
}

static void
edit_as_new_cb (OvsWindow  *self,
                const char *body)
{
  g_autoptr(GError) error = NULL;

  if (!ovs_composer_import (self->composer, body, &error))
    {
      ovs_window_add_toast (self, error->message);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, "compose");
  toast_with_undo (self, _("The request is in the composer: change it and submit"));
}

/* A frame of a result becomes a new draft of the scenario that takes it, prompt and all. */
static void
continue_cb (OvsWindow       *self,
             OvsTask         *parent,
             OvsContinuation *continuation)
{
  const char *scenario_id = ovs_scenario_get_id (continuation->scenario);
  const char *name = ovs_task_get_task_id (parent);
  g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, ovs_task_get_id (parent));
  g_autofree char *origin = NULL;

  if (!ovs_window_select_scenario (self, scenario_id))
    {
      ovs_window_add_toast (self, _("No scenario of this application takes that frame"));
      return;
    }
  ovs_composer_restore_draft (self->composer, continuation->body);
  toast_with_undo (self, continuation->video_url != NULL
                         ? _("The video is in a new draft: change the prompt and submit")
                         : _("The frame is in a new draft: change the prompt and submit"));
  g_set_object (&self->continue_parent, parent);
  g_free (self->continue_scenario);
  self->continue_scenario = g_strdup (scenario_id);
  self->continue_at = continuation->seconds;
  self->continue_last = continuation->last;
  self->continue_as = continuation->as;
  self->continue_video = continuation->video_url != NULL;
  if (continuation->video_url != NULL)
    origin = g_strdup_printf (_("The video of task %s, by the gateway’s link to it"),
                              name != NULL ? name : number);
  else if (continuation->last)
    origin = g_strdup_printf (_("From task %s: its last frame, at %.1f s"),
                              name != NULL ? name : number, continuation->seconds);
  else
    origin = g_strdup_printf (_("From task %s at %.1f s"), name != NULL ? name : number,
                              continuation->seconds);
  ovs_composer_set_origin (self->composer, origin);
  adw_view_stack_set_visible_child_name (self->view_stack, "compose");
}

static void
show_task_cb (OvsWindow *self,
              OvsTask   *task)
{
  ovs_task_pane_select (ovs_window_get_task_pane (self), task);
}

static void
rerun_cb (OvsWindow  *self,
          const char *scenario_id,
          const char *body)
{
  ovs_window_submit (self, scenario_id, body);
}

/* The notification is the application's: it is sent with no window open too. */
static void
task_finished_cb (OvsWindow  *self,
                  OvsTask    *task)
{
  update_badge (self);
}

/* The balance shows the application's cost watch (the one that asks the gateway); a window
 * of its own (tests, previews) watches its tracker itself. */
static void
update_cost_watch (OvsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(OvsCostWatch) own = NULL;

  if (OVS_IS_APPLICATION (application))
    ovs_balance_label_set_watch (self->balance_label,
                                 ovs_application_get_cost_watch (OVS_APPLICATION (application)));
  else if (self->tracker != NULL)
    ovs_balance_label_set_watch (self->balance_label, own = ovs_cost_watch_new (self->tracker));
  else
    ovs_balance_label_set_watch (self->balance_label, NULL);
}

void
ovs_window_set_tracker (OvsWindow  *self,
                        OvsTracker *tracker)
{
  g_return_if_fail (OVS_IS_WINDOW (self));
  g_return_if_fail (tracker == NULL || OVS_IS_TRACKER (tracker));

  if (!g_set_object (&self->tracker, tracker))
    return;
  g_signal_group_set_target (self->tracker_signals, tracker);
  if (tracker != NULL && self->task_pane != NULL)
    ovs_task_pane_set_tracker (self->task_pane, tracker);
  ovs_balance_label_set_client (self->balance_label,
                                tracker != NULL ? ovs_tracker_get_client (tracker) : NULL);
  update_cost_watch (self);
  update_submit (self);
  update_badge (self);
}

OvsBalanceLabel *
ovs_window_get_balance_label (OvsWindow *self)
{
  g_return_val_if_fail (OVS_IS_WINDOW (self), NULL);
  return self->balance_label;
}

/**
 * ovs_window_get_task_pane:
 *
 * The Tasks page's pane. It is built after the window's first frame (an eighth of the main
 * thread's work before that frame, for a page not shown then), or here at once if
 * something needs it sooner: the page shown, a notification's task, a task just sent.
 */
OvsTaskPane *
ovs_window_get_task_pane (OvsWindow *self)
{
  g_return_val_if_fail (OVS_IS_WINDOW (self), NULL);

  if (self->task_pane != NULL)
    return self->task_pane;
  self->task_pane = g_object_new (OVS_TYPE_TASK_PANE, NULL);
  g_signal_connect (self->task_pane, "send-group", G_CALLBACK (group_send_cb), self);
  g_signal_connect (self->task_pane, "add-to-film", G_CALLBACK (film_add_cb), self);
  g_signal_connect_swapped (ovs_task_pane_get_view (self->task_pane), "edit-as-new",
                            G_CALLBACK (edit_as_new_cb), self);
  g_signal_connect_swapped (ovs_task_pane_get_view (self->task_pane), "rerun",
                            G_CALLBACK (rerun_cb), self);
  g_signal_connect_swapped (ovs_task_pane_get_view (self->task_pane), "continue",
                            G_CALLBACK (continue_cb), self);
  g_signal_connect_swapped (ovs_task_pane_get_view (self->task_pane), "show-task",
                            G_CALLBACK (show_task_cb), self);
  adw_bin_set_child (self->tasks_bin, GTK_WIDGET (self->task_pane));
  if (self->tracker != NULL)
    ovs_task_pane_set_tracker (self->task_pane, self->tracker);
  return self->task_pane;
}

/* After the first frame (ovs_widget_after_frame ()), if nothing asked for it sooner. */
static void
build_pane_cb (GtkWidget *widget)
{
  ovs_window_get_task_pane (OVS_WINDOW (widget));
}

static void
application_changed_cb (OvsWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  OvsEndpoint *endpoint = NULL;

  if (OVS_IS_APPLICATION (application))
    endpoint = ovs_application_get_endpoint (OVS_APPLICATION (application));

  if (g_set_object (&self->endpoint, endpoint))
    g_signal_group_set_target (self->endpoint_signals, endpoint);
  update_endpoint (self);
  if (OVS_IS_APPLICATION (application))
    g_signal_connect_object (application, "notify::history-damaged",
                             G_CALLBACK (update_history_banner), self, G_CONNECT_SWAPPED);
  if (OVS_IS_APPLICATION (application))
    g_signal_connect_object (application, "notify::cost-watch",
                             G_CALLBACK (update_cost_watch), self, G_CONNECT_SWAPPED);
  update_history_banner (self);
  if (OVS_IS_APPLICATION (application) && ovs_application_get_tracker (OVS_APPLICATION (application)) != NULL)
    ovs_window_set_tracker (self, ovs_application_get_tracker (OVS_APPLICATION (application)));
}

void
ovs_window_save_state (OvsWindow *self)
{
  int width, height;

  g_return_if_fail (OVS_IS_WINDOW (self));

  ovs_composer_save_drafts (self->composer);
  if (self->task_pane != NULL)
    ovs_task_pane_flush_deletions (self->task_pane);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
ovs_window_close_request (GtkWindow *window)
{
  ovs_window_save_state (OVS_WINDOW (window));

  return GTK_WINDOW_CLASS (ovs_window_parent_class)->close_request (window);
}

static void ensure_switcher_bar (OvsWindow *self);

static void
ovs_window_dispose (GObject *object)
{
  OvsWindow *self = OVS_WINDOW (object);

  g_signal_handlers_disconnect_by_func (self, application_changed_cb, NULL);
  /* Taking the header bar apart changes what its title shows: no bar made then. */
  if (self->window_title != NULL)
    g_signal_handlers_disconnect_by_func (self->window_title, ensure_switcher_bar, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_WINDOW);
  self->task_pane = NULL;  /* went with its page */
  g_clear_object (&self->settings);
  g_clear_object (&self->endpoint_signals);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->tracker_signals);
  g_clear_object (&self->tracker);
  g_clear_object (&self->scenarios);
  g_clear_object (&self->last_sent);
  g_clear_object (&self->continue_parent);
  g_clear_pointer (&self->continue_scenario, g_free);

  G_OBJECT_CLASS (ovs_window_parent_class)->dispose (object);
}

static void
ovs_window_class_init (OvsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ovs_window_dispose;
  window_class->close_request = ovs_window_close_request;

  g_type_ensure (OVS_TYPE_RASTER_BIN);
  g_type_ensure (OVS_TYPE_COMPOSER);
  g_type_ensure (OVS_TYPE_JSON_PREVIEW);
  g_type_ensure (OVS_TYPE_TASK_PANE);
  g_type_ensure (OVS_TYPE_BALANCE_LABEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, header_bar);
  gtk_widget_class_bind_template_callback (widget_class, scenario_move_cursor_cb);
  gtk_widget_class_bind_template_callback (widget_class, scenario_toggle_cursor_cb);
  gtk_widget_class_bind_template_callback (widget_class, scenario_list_key_cb);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, scenario_list);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, preview_button);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, endpoint_label);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, balance_label);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, sandbox_banner);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, history_banner);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, tasks_page);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, tasks_bin);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, submit_button);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, OvsWindow, primary_menu);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.copy-json", NULL, copy_json_action);
  gtk_widget_class_install_action (widget_class, "win.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "win.copy-curl-with-key", NULL,
                                   copy_curl_with_key_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.new-batch", NULL, new_batch_action);
  gtk_widget_class_install_action (widget_class, "win.export-chain", "x", export_chain_action);
  gtk_widget_class_install_action (widget_class, "win.spending", NULL, spending_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-film", "x", add_to_film_action);
  gtk_widget_class_install_action (widget_class, "win.open-film", "s", open_film_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK, "win.new-batch", NULL);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_action);
  gtk_widget_class_install_action (widget_class, "win.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "win.undo-replace", NULL, undo_replace_action);
  gtk_widget_class_install_action (widget_class, "win.draft-history", NULL, draft_history_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-preview", NULL, toggle_preview_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, submit_action);
  /* Ctrl+Enter: never disabled, so that it explains when Submit is off. */
  gtk_widget_class_install_action (widget_class, "win.try-submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "win.show-tasks", NULL, show_tasks_action);
  gtk_widget_class_install_action (widget_class, "win.open-comparison", NULL, open_comparison_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.open-group", "s", open_group_action);
  gtk_widget_class_install_action (widget_class, "win.show-compose", NULL, show_compose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-compose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-tasks", NULL);
  gtk_widget_class_install_action (widget_class, "win.search-tasks", NULL, search_tasks_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search-tasks", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.copy-json", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-preview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.try-submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.try-submit", NULL);
}

/* The Tasks page shown before its pane was built (Alt+2 at once): built now. */
static void
visible_page_cb (OvsWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "tasks") == 0)
    ovs_window_get_task_pane (self);
}

/* The view switcher at the bottom of a narrow window (its title then has no room for
 * one): made the first time it is needed, not for every wide window's first frame. */
static void
ensure_switcher_bar (OvsWindow *self)
{
  if (self->switcher_bar != NULL || gtk_widget_in_destruction (GTK_WIDGET (self))
      || !adw_view_switcher_title_get_title_visible (self->window_title))
    return;
  self->switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), self->view_stack);
  g_object_bind_property (self->window_title, "title-visible", self->switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
  gtk_box_append (self->main_box, self->switcher_bar);
}

static void
ovs_window_init (OvsWindow *self)
{
  g_autofree char *last = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its popover holds some 80 widgets: made when first opened (a click or F10), not
   * before the first frame. */
  ovs_menu_button_set_menu_when_opened (self->menu_button, self->primary_menu);
  g_signal_connect_swapped (self->window_title, "notify::title-visible",
                            G_CALLBACK (ensure_switcher_bar), self);
  ensure_switcher_bar (self);
  /* The Tasks page's pane: built when first asked for (ovs_window_get_task_pane ()), or
   * after the first frame. */
  ovs_widget_after_frame (GTK_WIDGET (self), build_pane_cb);

  /* The tracker and the endpoint may be replaced (the application's come after the
   * window's creation); the groups move the connections with them. */
  self->tracker_signals = g_signal_group_new (OVS_TYPE_TRACKER);
  g_signal_group_connect_object (self->tracker_signals, "task-finished",
                                 G_CALLBACK (task_finished_cb), self, G_CONNECT_SWAPPED);
  /* Every change: a task followed again, a download ending after its task finished. */
  g_signal_group_connect_object (self->tracker_signals, "notify::n-busy",
                                 G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);
  self->endpoint_signals = g_signal_group_new (OVS_TYPE_ENDPOINT);
  g_signal_group_connect_object (self->endpoint_signals, "changed",
                                 G_CALLBACK (update_endpoint), self, G_CONNECT_SWAPPED);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_swapped (self->composer, "problems-changed", G_CALLBACK (update_submit), self);
  g_signal_connect_swapped (self->preview, "notify::error", G_CALLBACK (update_submit), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (visible_page_cb), self);
  update_submit (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  application_changed_cb (self);

  g_signal_connect_swapped (self->settings, "changed::json-preview-visible",
                            G_CALLBACK (preview_visible_changed_cb), self);
  preview_visible_changed_cb (self);

  g_signal_connect_swapped (self->composer, "notify::scenario", G_CALLBACK (composer_scenario_cb), self);
  g_signal_connect_swapped (self->composer, "notify::loading", G_CALLBACK (composer_loading_cb), self);
  g_signal_connect_swapped (self->composer, "notify::request", G_CALLBACK (composer_loading_cb), self);
  composer_loading_cb (self);
  g_signal_connect (self->scenario_list, "row-selected", G_CALLBACK (row_selected_cb), self);
  populate_sidebar (self);

  last = g_settings_get_string (self->settings, "last-scenario");
  if (!ovs_window_select_scenario (self, last))
    ovs_window_select_scenario (self, "text-to-video");
}

OvsWindow *
ovs_window_new (OvsApplication *application)
{
  return g_object_new (OVS_TYPE_WINDOW, "application", application, NULL);
}
