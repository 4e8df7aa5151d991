/* test-polish.c: what a new user tripped over (issue 15), driven with real key presses
 * under Xvfb on a whole application: the sandbox on loopback, a real history, the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <libintl.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-composer.h"
#include "ovs-data-url.h"
#include "ovs-json-preview.h"
#include "ovs-request.h"
#include "ovs-task-group.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-task-store.h"
#include "ovs-test-keys.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-validate.h"
#include "ovs-window.h"

static guint
n_tasks (OvsTestApp *app)
{
  return g_list_model_get_n_items (ovs_test_app_tasks (app));
}

typedef struct
{
  OvsTestApp *app;
  guint       n;
} TaskCount;

static gboolean
has_n_tasks (gpointer data)
{
  TaskCount *count = data;

  return n_tasks (count->app) >= count->n;
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GtkWidget *
named (OvsTestApp *app,
       const char *name)
{
  GtkWidget *widget = ovs_test_find_named (GTK_WIDGET (app->window), name);

  g_assert_nonnull (widget);
  return widget;
}

/* The prompt is a field of the form: Tab moves on to the next one, as in the shot list,
 * and types nothing. */
static void
test_tab_leaves_the_prompt (OvsTestApp    *app,
                            gconstpointer  data)
{
  GtkWidget *prompt, *focus;
  g_autofree char *typed = NULL;

  ovs_test_app_compose_clip (app, "A red kite over the dunes");
  ovs_test_settle (50);
  prompt = named (app, "prompt");

  ovs_test_press_keys (prompt, "End Tab");
  typed = buffer_text (GTK_TEXT_VIEW (prompt));
  g_assert_cmpstr (typed, ==, "A red kite over the dunes");
  focus = gtk_root_get_focus (GTK_ROOT (app->window));
  g_assert_nonnull (focus);
  g_assert_false (focus == prompt || gtk_widget_is_ancestor (focus, prompt));
}

/* 15.2: Ctrl+Enter in a text view of the composer sends; Enter and Shift+Enter still
 * break the line. */
static void
test_ctrl_enter_submits (OvsTestApp    *app,
                         gconstpointer  data)
{
  GtkWidget *prompt;
  GtkWidget *preview_view;
  OvsRequest *request;
  TaskCount count = { app, 1 };
  g_autofree char *typed = NULL;

  ovs_test_app_compose_clip (app, "A red kite over the dunes");
  ovs_test_settle (50);
  prompt = named (app, "prompt");

  ovs_test_press_keys (prompt, "End Return shift+Return");
  typed = buffer_text (GTK_TEXT_VIEW (prompt));
  g_assert_cmpstr (typed, ==, "A red kite over the dunes\n\n");
  g_assert_cmpuint (n_tasks (app), ==, 0);

  ovs_test_press_keys (prompt, "ctrl+Return");
  g_assert_true (ovs_test_spin_until (has_n_tasks, &count, 20000));
  g_clear_pointer (&typed, g_free);
  typed = buffer_text (GTK_TEXT_VIEW (prompt));
  g_assert_cmpstr (typed, ==, "A red kite over the dunes\n\n");

  /* From the request body beside the form too, after a change (the same body again would
   * ask first, 15.7). */
  request = ovs_composer_get_request (ovs_window_get_composer (app->window));
  ovs_request_set_prompt (request, "A blue kite over the dunes");
  ovs_test_settle (50);
  preview_view = GTK_WIDGET (ovs_test_find_named (GTK_WIDGET (ovs_window_get_preview (app->window)),
                                                  "json-preview"));
  g_assert_nonnull (preview_view);
  ovs_test_press_keys (preview_view, "ctrl+KP_Enter");
  count.n = 2;
  g_assert_true (ovs_test_spin_until (has_n_tasks, &count, 20000));
  ovs_test_spin_until (ovs_test_app_all_done, app, 20000);
}

static GtkWidget *
find_toplevel (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0
          && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
repeat_dialog_shown (gpointer data)
{
  return find_toplevel ("repeat-dialog") != NULL;
}

/* 15.7: four Ctrl+Enter in a row make one task and one question; Send Again sends. */
static void
test_repeat_asks_first (OvsTestApp    *app,
                        gconstpointer  data)
{
  TaskCount count = { app, 1 };
  GtkWidget *dialog;
  const char *body;

  ovs_test_app_compose_clip (app, "Four presses, one kite");
  ovs_test_settle (50);
  ovs_test_press_keys (named (app, "prompt"), "ctrl+Return ctrl+Return ctrl+Return ctrl+Return");
  g_assert_true (ovs_test_spin_until (has_n_tasks, &count, 20000));
  g_assert_true (ovs_test_spin_until (repeat_dialog_shown, NULL, 10000));
  ovs_test_settle (300);
  g_assert_cmpuint (n_tasks (app), ==, 1);

  dialog = find_toplevel ("repeat-dialog");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_assert_true (g_str_has_prefix (body, "You sent this exact request "));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "send");
  count.n = 2;
  g_assert_true (ovs_test_spin_until (has_n_tasks, &count, 20000));
  ovs_test_settle (100);
  g_assert_cmpuint (n_tasks (app), ==, 2);
  ovs_test_spin_until (ovs_test_app_all_done, app, 20000);
}

/* 15.8: text in the preview that is not JSON blocks Submit and Ctrl+Enter, even before
 * the typing pause; once fixed, what is sent is the preview's text. */
static void
test_invalid_json_blocks_submit (OvsTestApp    *app,
                                 gconstpointer  data)
{
  OvsJsonPreview *preview = ovs_window_get_preview (app->window);
  GtkTextBuffer *buffer = ovs_json_preview_get_buffer (preview);
  GtkWidget *view = ovs_test_find_named (GTK_WIDGET (preview), "json-preview");
  GtkWidget *submit = named (app, "submit");
  TaskCount count = { app, 1 };
  g_autofree char *fixed = NULL;
  g_autoptr(OvsTask) task = NULL;

  ovs_test_app_compose_clip (app, "A kite");
  ovs_test_settle (50);
  g_assert_true (gtk_widget_is_sensitive (submit));

  gtk_text_buffer_set_text (buffer, "{\n  \"model\": \"Kling-3.0-omni\",\n  \"prompt\": \"A kite\"", -1);
  ovs_test_press_keys (view, "ctrl+Return");
  ovs_test_settle (200);
  g_assert_cmpuint (n_tasks (app), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (submit));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (submit), "line 3"));

  fixed = g_strdup ("{\"model\": \"Kling-3.0-omni\", \"resolution\": \"720p\", "
                    "\"prompt\": \"A kite from the preview\", \"seconds\": \"3\", "
                    "\"aspect_ratio\": \"16:9\"}");
  gtk_text_buffer_set_text (buffer, fixed, -1);
  ovs_test_press_keys (view, "ctrl+Return");
  g_assert_true (ovs_test_spin_until (has_n_tasks, &count, 20000));
  task = ovs_test_app_first_task (app);
  g_assert_nonnull (strstr (ovs_task_get_request_json (task), "A kite from the preview"));
  g_assert_true (gtk_widget_is_sensitive (submit));
  ovs_test_spin_until (ovs_test_app_all_done, app, 20000);
}

/* A visible widget at or under @root with @css_class, or one whose action is @action. */
static GtkWidget *
find_visible (GtkWidget  *root,
              const char *css_class,
              const char *action)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (css_class != NULL && gtk_widget_has_css_class (root, css_class))
    return root;
  if (action != NULL && GTK_IS_ACTIONABLE (root)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible (child, css_class, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
current_prompt (OvsTestApp *app)
{
  return ovs_request_get_prompt (ovs_composer_get_request (ovs_window_get_composer (app->window)));
}

static gboolean
prompt_is (gpointer data)
{
  OvsTestApp *app = ((gpointer *) data)[0];

  return g_strcmp0 (current_prompt (app), ((gpointer *) data)[1]) == 0;
}

static gboolean
undo_offered (gpointer data)
{
  return find_visible (data, NULL, "win.undo-replace") != NULL;
}

#define PASTED_CURL "curl https://omnirouters.com/v1/videos -H 'Content-Type: application/json' " \
  "-H \"Authorization: Bearer $OMNIROUTERS_API_KEY\" " \
  "-d '{\"model\": \"Kling-3.0-omni\", \"prompt\": \"A pasted prompt\", " \
  "\"seconds\": \"5\", \"resolution\": \"720p\", \"aspect_ratio\": \"16:9\"}'"

/* Opens Draft History: its row whose title starts with @prefix, or NULL. */
static GtkWidget *
draft_history_row (OvsTestApp *app,
                   const char *prefix)
{
  GtkWidget *dialog, *list;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.draft-history", NULL));
  ovs_test_settle (100);
  dialog = find_toplevel ("draft-history");
  g_assert_nonnull (dialog);
  list = GTK_WIDGET (gtk_widget_get_template_child (dialog, g_type_from_name ("OvsDraftHistoryDialog"), "list"));
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child)
        && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), prefix))
      return child;
  return NULL;
}

/* Whether the drafts' file @name holds @text yet. */
static gboolean
drafts_file_holds (const char *name,
                   const char *text)
{
  g_autofree char *dir = ovs_composer_dup_drafts_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

static gboolean
draft_written (gpointer data)
{
  return drafts_file_holds ("veo-text-to-video.json", data);
}

/* Issue 14: the snapshot typing makes every two minutes (the first one at once, the history
 * being empty) is made and written by the drafts' writer thread, not the main thread; it is
 * in Draft History after a restart, and restores. */
static void
test_draft_snapshot_after_restart (OvsTestApp    *app,
                                   gconstpointer  data)
{
  const char *typed = "A fox crossing a frozen river at dawn";
  gpointer wait_typed[] = { app, (gpointer) typed };
  GtkWidget *row;

  g_assert_true (ovs_test_select_scenario (app->window, "veo-text-to-video"));
  ovs_test_settle (10);
  g_assert_null (draft_history_row (app, typed));
  gtk_window_destroy (GTK_WINDOW (find_toplevel ("draft-history")));
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (app->window)), typed);
  g_assert_true (ovs_test_spin_until (draft_written, (gpointer) typed, 10000));

  ovs_test_app_close_window (app);
  ovs_test_app_open_window (app);
  g_assert_true (ovs_test_select_scenario (app->window, "veo-text-to-video"));
  ovs_test_settle (50);
  g_assert_true (prompt_is (wait_typed));
  /* Typed over, not replaced (a replacement would keep the state itself). */
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (app->window)),
                          "Typed over");
  row = draft_history_row (app, typed);
  g_assert_nonnull (row);
  gtk_widget_activate (row);
  g_assert_true (ovs_test_spin_until (prompt_is, wait_typed, 10000));
}

/* A scenario of its own: a state kept here would hold back the snapshot another test waits
 * for in its scenario (one every two minutes). */
static gboolean
vidu_draft_written (gpointer data)
{
  return drafts_file_holds ("vidu-text-to-video.json", data);
}

static gboolean
history_written (gpointer data)
{
  return drafts_file_holds ("vidu-text-to-video.history.json", data);
}

/* Issue 14: a scenario's Draft History is read by the drafts' writer thread the first time
 * the scenario is shown. A replacement made before that read is back (Clear Form at once)
 * is neither lost nor put behind the states read: both are in Draft History, newest first. */
static void
test_draft_history_read_while_replacing (OvsTestApp    *app,
                                         gconstpointer  data)
{
  GtkWidget *first, *second;

  g_assert_true (ovs_test_select_scenario (app->window, "vidu-text-to-video"));
  ovs_test_settle (10);
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (app->window)),
                          "First state of a harbour");
  g_assert_true (ovs_test_spin_until (vidu_draft_written, (gpointer) "First state", 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.clear", NULL));
  g_assert_true (ovs_test_spin_until (history_written, (gpointer) "First state", 10000));
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (app->window)),
                          "Second state of a harbour");
  g_assert_true (ovs_test_spin_until (vidu_draft_written, (gpointer) "Second state", 10000));
  /* The window opens again on another scenario: this one is first shown below. */
  g_assert_true (ovs_test_select_scenario (app->window, "text-to-video"));
  ovs_test_settle (10);

  ovs_test_app_close_window (app);
  ovs_test_app_open_window (app);
  /* Shown and cleared in one go: the history and the draft are still being read. */
  g_assert_true (ovs_window_select_scenario (app->window, "vidu-text-to-video"));
  g_assert_true (ovs_composer_is_loading (ovs_window_get_composer (app->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.clear", NULL));
  g_assert_true (ovs_test_spin_until (history_written, (gpointer) "Second state", 10000));

  second = draft_history_row (app, "Second state");
  g_assert_nonnull (second);
  first = NULL;
  for (GtkWidget *row = gtk_widget_get_next_sibling (second); row != NULL && first == NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "First state"))
      first = row;
  /* The older state, read from the file, comes after the one kept since. */
  g_assert_nonnull (first);
  gtk_window_destroy (GTK_WINDOW (find_toplevel ("draft-history")));
}

/* 15.9: a paste and Clear Form replace a draft with Undo; a cleared form is not red until
 * a send; the replaced drafts are in Draft History after a restart, and restore. */
static void
test_draft_replace_undo_history (OvsTestApp    *app,
                                 gconstpointer  data)
{
  const char *mine = "My own draft of a lighthouse at dusk";
  gpointer wait_mine[] = { app, (gpointer) mine };
  gpointer wait_pasted[] = { app, (gpointer) "A pasted prompt" };
  GtkWidget *composer, *row = NULL;

  ovs_test_app_compose_clip (app, mine);
  ovs_test_settle (50);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (app->window)), PASTED_CURL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.paste", NULL));
  g_assert_true (ovs_test_spin_until (prompt_is, wait_pasted, 10000));
  g_assert_true (ovs_test_spin_until (undo_offered, app->window, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.undo-replace", NULL));
  g_assert_true (ovs_test_spin_until (prompt_is, wait_mine, 10000));

  /* Clear Form: nothing red until the user sends; Undo brings the draft back. */
  composer = GTK_WIDGET (ovs_window_get_composer (app->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.clear", NULL));
  ovs_test_settle (400);
  g_assert_null (current_prompt (app));
  g_assert_null (find_visible (composer, "error", NULL));
  g_assert_false (gtk_widget_is_sensitive (named (app, "submit")));
  g_assert_true (undo_offered (app->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.try-submit", NULL));
  ovs_test_settle (50);
  g_assert_nonnull (find_visible (composer, "error", NULL));
  g_assert_cmpuint (n_tasks (app), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.undo-replace", NULL));
  g_assert_true (ovs_test_spin_until (prompt_is, wait_mine, 10000));

  /* After a restart, the pasted state is in the history and comes back from it. */
  ovs_test_app_close_window (app);
  ovs_test_app_open_window (app);
  g_assert_true (ovs_test_select_scenario (app->window, "text-to-video"));
  ovs_test_settle (50);
  g_assert_true (prompt_is (wait_mine));
  row = draft_history_row (app, "A pasted prompt");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  gtk_widget_activate (row);
  g_assert_true (ovs_test_spin_until (prompt_is, wait_pasted, 10000));
  g_assert_true (undo_offered (app->window));
}

static const char *
shown_scenario (OvsTestApp *app)
{
  return ovs_scenario_get_id (ovs_composer_get_scenario (ovs_window_get_composer (app->window)));
}

static GtkWidget *
focus_of (OvsTestApp *app)
{
  return gtk_root_get_focus (GTK_ROOT (app->window));
}

/* 15.11: arrows move the focus in the scenario list without switching; Enter or Space
 * switch; Tab leaves for the form in one press, Shift+Tab from the form comes back to the
 * chosen row. */
static void
test_scenario_list_keys (OvsTestApp    *app,
                         gconstpointer  data)
{
  GtkListBox *list = NULL;
  GtkListBoxRow *selected;
  GtkWidget *composer = GTK_WIDGET (ovs_window_get_composer (app->window));
  g_autofree char *before = NULL;
  const char *after;

  g_assert_true (ovs_test_select_scenario (app->window, "text-to-video"));
  ovs_test_settle (50);
  list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (app->window), OVS_TYPE_WINDOW,
                                                      "scenario_list"));
  selected = gtk_list_box_get_selected_row (list);
  g_assert_nonnull (selected);
  before = g_strdup (shown_scenario (app));

  ovs_test_press_keys (GTK_WIDGET (selected), "Down Down Down");
  g_assert_cmpstr (shown_scenario (app), ==, before);
  g_assert_true (gtk_list_box_get_selected_row (list) == selected);
  g_assert_true (GTK_IS_LIST_BOX_ROW (focus_of (app)));
  g_assert_cmpint (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus_of (app))), ==,
                   gtk_list_box_row_get_index (selected) + 3);

  ovs_test_press_keys (GTK_WIDGET (app->window), "Return");
  after = shown_scenario (app);
  g_assert_cmpstr (after, !=, before);
  selected = gtk_list_box_get_selected_row (list);
  g_assert_cmpint (gtk_list_box_row_get_index (selected), ==,
                   gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (focus_of (app))));

  /* Space chooses too, and on the chosen row keeps it chosen. */
  ovs_test_press_keys (GTK_WIDGET (app->window), "Up space");
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==,
                   gtk_list_box_row_get_index (selected) - 1);
  ovs_test_press_keys (GTK_WIDGET (app->window), "space");
  g_assert_nonnull (gtk_list_box_get_selected_row (list));
  selected = gtk_list_box_get_selected_row (list);

  /* One Tab: in the form. One Shift+Tab from its first field: back on the chosen row. */
  ovs_test_press_keys (GTK_WIDGET (app->window), "Tab");
  g_assert_nonnull (focus_of (app));
  g_assert_true (gtk_widget_is_ancestor (focus_of (app), composer));
  ovs_test_press_keys (GTK_WIDGET (app->window), "shift+Tab");
  g_assert_true (focus_of (app) == GTK_WIDGET (selected));
}

/* The key of the mnemonic in @label ("_Submit", "提交(_S)"), or 0. */
static gunichar
mnemonic_of (const char *label)
{
  for (const char *p = label; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (*p == '_')
      {
        if (p[1] == '_')
          {
            p++;
            continue;
          }
        return p[1] != '\0' ? g_unichar_tolower (g_utf8_get_char (p + 1)) : 0;
      }
  return 0;
}

static void
add_mnemonic (GHashTable *seen,
              GString    *clashes,
              const char *label)
{
  gunichar key = mnemonic_of (label);
  const char *before;

  if (key == 0)
    return;
  before = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));
  if (before != NULL)
    g_string_append_printf (clashes, "“%s” and “%s”; ", before, label);
  else
    g_hash_table_insert (seen, GUINT_TO_POINTER (key), g_strdup (label));
}

/* Every label of the window that has a mnemonic, shown or ready to be (a revealer's
 * child, another page of the stack): what Alt+key can reach in this window. */
static void
collect_mnemonics (GtkWidget  *widget,
                   GHashTable *seen,
                   GString    *clashes)
{
  if (!gtk_widget_get_visible (widget) || (GTK_IS_NATIVE (widget) && !GTK_IS_WINDOW (widget)))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    add_mnemonic (seen, clashes, gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, seen, clashes);
}

/* The labels of a menu model, each section and submenu included: one popover's scope. */
static void
collect_menu_mnemonics (GMenuModel *menu,
                        GHashTable *seen,
                        GString    *clashes)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        add_mnemonic (seen, clashes, g_dgettext (GETTEXT_PACKAGE, label));
      if (section != NULL)
        collect_menu_mnemonics (section, seen, clashes);
    }
}

/* The main menu's button: the one F10 opens. */
static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* 15.6: no two mnemonics of the window, nor of its main menu, share a key; in Chinese the
 * header bar's buttons carry no "(S)", and the API key's placeholder no "(A)". Run in
 * English, and in Chinese in a process of its own (the language is read at start). */
static void
check_mnemonics (OvsTestApp *app)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) menu_seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GString) clashes = g_string_new (NULL);
  GtkWidget *menu_button;
  const char *submit;

  /* The task view's buttons are made when it shows a task. */
  ovs_test_app_compose_clip (app, "Mnemonics");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.try-submit", NULL));
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, app, 30000));
  ovs_test_app_show_tasks (app);

  collect_mnemonics (GTK_WIDGET (app->window), seen, clashes);
  menu_button = ovs_test_find_widget (GTK_WIDGET (app->window), is_menu_button, NULL);
  g_assert_nonnull (menu_button);
  /* Its menu is made when first opened, as a user does. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
  collect_menu_mnemonics (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)),
                          menu_seen, clashes);
  g_test_message ("%u mnemonics in the window, %u in the main menu",
                  g_hash_table_size (seen), g_hash_table_size (menu_seen));
  g_assert_cmpuint (g_hash_table_size (seen), >, 3);
  g_assert_cmpstr (clashes->str, ==, "");

  /* GTK 4.8 sizes a tooltip to its longest unbreakable run: "主菜单" stood one character
   * per line. In the header bar, a short tooltip keeps no break inside, and a longer one a
   * run of four characters at least. */
  for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_parent (menu_button));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      const char *tip = gtk_widget_get_tooltip_text (w);
      g_autofree PangoLogAttr *attrs = NULL;
      int n, run = 0, longest = 0;

      /* A translation that breaks its own lines is laid out as it says (seen whole at
       * 1024×700), whatever its runs. */
      if (tip == NULL || strchr (tip, '\n') != NULL)
        continue;
      n = g_utf8_strlen (tip, -1) + 1;
      attrs = g_new0 (PangoLogAttr, n);
      pango_get_log_attrs (tip, -1, -1, pango_language_from_string ("zh-cn"), attrs, n);
      for (int i = 1; i < n; i++)
        {
          run = attrs[i].is_line_break || i == n - 1 ? (longest = MAX (longest, run + 1), 0) : run + 1;
        }
      if (longest < MIN (4, n - 1))
        g_error ("The tooltip “%s” breaks into runs of %d characters", tip, longest);
    }

  submit = gtk_button_get_label (GTK_BUTTON (named (app, "submit")));
  g_assert_null (strchr (submit, '('));
  g_assert_null (strstr (g_dgettext (GETTEXT_PACKAGE, "_API key"), "(_"));
}

static void
test_mnemonics_unique (void)
{
  OvsTestApp app = { 0 };

  ovs_test_app_open (&app);
  check_mnemonics (&app);
  ovs_test_app_close (&app);
}

static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

/* 15.16: the API page's own words in Chinese. Model families in Latin as the page writes
 * them (Kling, Hunyuan), content roles as 用途, references as Seedance prompts write them
 * (图片1), one verb for sending a task again. */
static void
check_terms_zh (void)
{
  OvsTestApp app = { 0 };
  g_autoptr(GString) labels = g_string_new (NULL);
  GListModel *catalog = G_LIST_MODEL (ovs_catalog_get_default ());

  ovs_test_app_open (&app);
  for (guint i = 0; i < g_list_model_get_n_items (catalog); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (catalog, i);

      g_assert_true (ovs_test_select_scenario (app.window, ovs_scenario_get_id (scenario)));
      ovs_test_settle (20);
      ovs_composer_reset (ovs_window_get_composer (app.window));
      ovs_test_settle (20);
      collect_labels (GTK_WIDGET (app.window), labels);
    }
  g_assert_null (strstr (labels->str, "可灵"));
  g_assert_null (strstr (labels->str, "混元"));
  g_assert_null (strstr (labels->str, "角色"));
  g_assert_nonnull (strstr (labels->str, "\n用途\n"));
  g_assert_nonnull (strstr (labels->str, "图片1"));
  g_assert_null (strstr (labels->str, "图片 1"));
  g_assert_nonnull (strstr (labels->str, "\n关闭\n"));
  g_assert_nonnull (strstr (g_dgettext (GETTEXT_PACKAGE, "_Run Again…"), "再次发送"));
  g_assert_nonnull (strstr (g_dgettext (GETTEXT_PACKAGE, "Send This Request Again?"), "再次发送"));
  ovs_test_app_close (&app);
}

static void
test_mnemonics_unique_zh (void)
{
  if (g_test_subprocess ())
    {
      test_mnemonics_unique ();
      check_terms_zh ();
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Task submitted"), !=, "Task submitted");
      return;
    }
  g_setenv ("OVS_TEST_LANGUAGE", "zh_CN", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("OVS_TEST_LANGUAGE");
  g_test_trap_assert_passed ();
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static GtkWidget *
find_label_prefix (GtkWidget  *root,
                   const char *prefix)
{
  return ovs_test_find_widget (root, label_starts_with, prefix);
}

static gboolean
toast_says (gpointer data)
{
  OvsTestApp *app = ((gpointer *) data)[0];

  return find_label_prefix (GTK_WIDGET (app->window), ((gpointer *) data)[1]) != NULL;
}

/* 15.14: Open and Show in Folder with no application to answer say what to do, not
 * GLib's "No application is registered as handling this file". */
static void
test_open_without_application (OvsTestApp    *app,
                               gconstpointer  data)
{
  g_autoptr(GAppInfo) player = g_app_info_get_default_for_type ("video/mp4", FALSE);
  g_autoptr(GAppInfo) files = g_app_info_get_default_for_type ("inode/directory", FALSE);
  gpointer open_msg[] = { app, "No application here plays this video: install a video player" };
  gpointer folder_msg[] = { app, "No file manager answered: the video is in " };
  GtkWidget *view;

  if (player != NULL || files != NULL)
    {
      g_test_skip ("This system has a video player or a file manager: nothing to refuse");
      return;
    }
  ovs_test_app_compose_clip (app, "Nobody to play this");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.try-submit", NULL));
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, app, 30000));
  ovs_test_app_show_tasks (app);
  view = GTK_WIDGET (ovs_task_pane_get_view (ovs_window_get_task_pane (app->window)));

  g_assert_true (gtk_widget_activate_action (view, "task.open", NULL));
  g_assert_true (ovs_test_spin_until (toast_says, open_msg, 10000));
  g_assert_null (find_label_prefix (GTK_WIDGET (app->window), "No application is registered"));
  g_assert_true (gtk_widget_activate_action (view, "task.show-in-folder", NULL));
  g_assert_true (ovs_test_spin_until (toast_says, folder_msg, 10000));
}

/* Counts the shown file buttons under @root, failing on one whose tooltip lacks @limit. */
static guint
check_file_buttons (GtkWidget  *root,
                    const char *limit)
{
  guint n = 0;

  if (!gtk_widget_get_visible (root))
    return 0;
  if (GTK_IS_BUTTON (root)
      && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "document-open-symbolic") == 0)
    {
      const char *tip = gtk_widget_get_tooltip_text (root);

      if (tip == NULL || strstr (tip, limit) == NULL)
        g_error ("The file button “%s” does not say the limit", tip);
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_file_buttons (child, limit);
  return n;
}

/* 15.14: every button that adds a local file, in every scenario, says the inline limit
 * before a file is picked. */
static void
test_file_limit_shown (OvsTestApp    *app,
                       gconstpointer  data)
{
  g_autofree char *limit = ovs_data_url_describe_limit (OVS_DATA_URL_LIMIT);
  GListModel *catalog = G_LIST_MODEL (ovs_catalog_get_default ());
  guint buttons = 0;

  for (guint i = 0; i < g_list_model_get_n_items (catalog); i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (catalog, i);

      g_assert_true (ovs_test_select_scenario (app->window, ovs_scenario_get_id (scenario)));
      ovs_test_settle (20);
      buttons += check_file_buttons (GTK_WIDGET (ovs_window_get_composer (app->window)), limit);
    }
  g_test_message ("%u file buttons", buttons);
  g_assert_cmpuint (buttons, >, 5);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

/* 15.5: Copy as curl sends where Submit sends: the endpoint and the route in use. */
static void
test_copy_curl_follows_endpoint (OvsTestApp    *app,
                                 gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (app->window));
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  ovs_test_app_compose_clip (app, "Copied as curl");
  ovs_client_set_route (app->client, OVS_ROUTE_GENERATIONS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.copy-curl", NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &text);
  g_assert_true (ovs_test_spin_until (text_read, &text, 5000));
  expected = g_strconcat (ovs_client_get_base_url (app->client), "/v1/video/generations", NULL);
  g_assert_nonnull (strstr (text, expected));
  g_assert_null (strstr (text, "omnirouters.com"));
  g_assert_nonnull (strstr (text, "Copied as curl"));
  g_assert_nonnull (strstr (text, "$OMNIROUTERS_API_KEY"));
}

/* 15.15: a long prompt's box grows with it (up to its limit), rather than staying at the
 * few lines of a short one. */
static void
test_prompt_box_grows (OvsTestApp    *app,
                       gconstpointer  data)
{
  OvsComposer *composer = ovs_window_get_composer (app->window);
  GtkWidget *prompt;
  int short_height, long_height;

  gtk_window_set_default_size (GTK_WINDOW (app->window), 1400, 900);
  g_assert_true (ovs_test_select_scenario (app->window, "seedance-2-multireference"));
  ovs_test_settle (50);
  ovs_request_set_prompt (ovs_composer_get_request (composer), "A short one");
  ovs_test_settle (300);
  prompt = named (app, "prompt");
  short_height = gtk_widget_get_height (gtk_widget_get_parent (prompt));

  ovs_composer_reset (composer);
  ovs_test_settle (1500);
  long_height = gtk_widget_get_height (gtk_widget_get_parent (prompt));
  {
    int natural = 0;

    /* All of the text is in view: the box is as tall as the text needs. */
    gtk_widget_measure (prompt, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (prompt),
                        NULL, &natural, NULL, NULL);
    g_test_message ("prompt box: %d px short, %d px long, the text needs %d px",
                    short_height, long_height, natural);
    g_assert_cmpint (long_height, >, short_height);
    g_assert_cmpint (gtk_widget_get_height (prompt), >=, natural);
  }

  /* <<<图片1>>> and (…) are prose, not brackets to match: with the cursor just after one,
   * no tag but the prompt's own (a reference's colour, a problem's underline) marks the
   * text, so no box is drawn around its other end. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (prompt));
    GtkTextIter at;

    ovs_request_set_prompt (ovs_composer_get_request (composer), "<<<图片1>>> 回头 (微笑)");
    ovs_test_settle (300);
    for (int offset = 1; offset <= 18; offset++)
      {
        gtk_text_buffer_get_iter_at_offset (buffer, &at, offset);
        gtk_text_buffer_place_cursor (buffer, &at);
        ovs_test_settle (20);
        gtk_text_buffer_get_start_iter (buffer, &at);
        do
          {
            g_autoptr(GSList) tags = gtk_text_iter_get_tags (&at);

            for (GSList *l = tags; l != NULL; l = l->next)
              {
                g_autofree char *name = NULL;

                g_object_get (l->data, "name", &name, NULL);
                g_assert_true (g_strcmp0 (name, "placeholder") == 0
                               || g_strcmp0 (name, "problem") == 0);
              }
          }
        while (gtk_text_iter_forward_char (&at));
      }
  }
}

static char *
prompt_messages (OvsComposer *composer)
{
  GPtrArray *problems;
  GString *text = g_string_new (NULL);

  ovs_composer_reveal_problems (composer);
  problems = ovs_composer_get_problems (composer);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, "prompt"))
        g_string_append_printf (text, "%s;", problem->message);
    }
  return g_string_free (text, FALSE);
}

/* 15.15: an empty prompt gets one message, the same whether the user deleted the text or
 * cleared the form. */
static void
test_empty_prompt_one_message (OvsTestApp    *app,
                               gconstpointer  data)
{
  OvsComposer *composer = ovs_window_get_composer (app->window);
  GtkWidget *prompt;
  g_autofree char *deleted = NULL;
  g_autofree char *cleared = NULL;

  ovs_test_app_compose_clip (app, "Soon gone");
  prompt = named (app, "prompt");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (prompt)), "", -1);
  ovs_test_settle (50);
  deleted = prompt_messages (composer);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.clear", NULL));
  ovs_test_settle (50);
  cleared = prompt_messages (composer);
  g_test_message ("deleted: %s cleared: %s", deleted, cleared);
  g_assert_cmpstr (deleted, !=, "");
  /* One message: one ';' ends it. */
  g_assert_true (strchr (deleted, ';') == deleted + strlen (deleted) - 1);
  g_assert_cmpstr (deleted, ==, cleared);
}

/* 15.15: no tooltip over what the pointer moves on to: the scenario rows (each covered the
 * next), the task filters (covering the list they open), Insert Reference (over its menu). */
static void
test_no_covering_tooltips (OvsTestApp    *app,
                           gconstpointer  data)
{
  GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (app->window),
                                                                  OVS_TYPE_WINDOW, "scenario_list"));
  GtkListBoxRow *row;
  GtkWidget *insert;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (row)));
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_row_at_index (list, 5)), ==, 5);

  g_assert_null (gtk_widget_get_tooltip_text (named (app, "task-status-filter")));
  g_assert_null (gtk_widget_get_tooltip_text (named (app, "task-model-filter")));

  /* A scenario with images: the menu has something to insert. */
  g_assert_true (ovs_test_select_scenario (app->window, "image-to-video"));
  ovs_test_settle (50);
  ovs_composer_reset (ovs_window_get_composer (app->window));
  ovs_test_settle (200);
  insert = find_label_prefix (GTK_WIDGET (app->window), "Insert Reference");
  g_assert_nonnull (insert);
  insert = gtk_widget_get_ancestor (insert, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (insert);
  g_assert_true (gtk_widget_get_sensitive (insert));
  g_assert_null (gtk_widget_get_tooltip_text (insert));
}

static gboolean
is_mapped_list (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_get_mapped (widget);
}

/* The Tasks page shown with its @n rows, and the keyboard given to its list, on the first
 * row: the list (the filters' drop-downs have list views too, unmapped). */
static GtkWidget *
list_with_keyboard (OvsTestApp *app,
                    guint       n)
{
  GtkWidget *list;

  ovs_test_app_show_tasks (app);
  g_assert_cmpuint (n_tasks (app), ==, n);
  list = ovs_test_find_widget (GTK_WIDGET (ovs_window_get_task_pane (app->window)),
                               is_mapped_list, NULL);
  g_assert_nonnull (list);
  g_assert_true (gtk_widget_grab_focus (list));
  return list;
}

/* What the row the keyboard is on shows: a task or a group (not a reference). */
static GObject *
focused_item (GtkWidget *list)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (list));
  GtkWidget *row = NULL;
  g_autoptr(GObject) item = NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, list))
    row = ovs_test_find_of_type (focus, OVS_TYPE_TASK_ROW);
  if (row == NULL)
    g_error ("the keyboard is on %s, not on a row of the list",
             focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  g_object_get (row, "item", &item, NULL);
  return item;
}

static const char *
focused_prompt (GtkWidget *list)
{
  GObject *item = focused_item (list);

  g_assert_true (OVS_IS_TASK (item));
  return ovs_task_get_prompt (OVS_TASK (item));
}

/* Deletes the chosen task as Delete on its row does (the same dialog, answered Delete),
 * leaving @n_left tasks; GTK moves a focus that was lost at the next frame. */
static void
delete_chosen_task (OvsTestApp *app,
                    guint       n_left)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ovs_window_get_task_pane (app->window)),
                                             "tasks.delete", NULL));
  ovs_test_answer_dialog ("task-delete-dialog", "_Delete");
  g_assert_cmpuint (n_tasks (app), ==, n_left);
  ovs_test_settle (300);
}

/* Deleted from a row that has the keyboard (Delete opens the same dialog), the keyboard
 * stays in the list, on the task now chosen, and Ctrl+Z brings the task back, the keyboard
 * on it again. GTK handed the focus of the row that went to the header bar's first button,
 * where Ctrl+Z undid nothing. */
static void
test_delete_keeps_keyboard (OvsTestApp    *app,
                            gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (app->window);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GtkWidget *list;

  ovs_test_app_insert_example (app, "01-text-to-video.json", "older", now - 120, NULL, 0);
  ovs_test_app_insert_example (app, "05-vidu-bgm.json", "newer", now - 60, NULL, 0);
  list = list_with_keyboard (app, 2);
  g_assert_cmpstr (focused_prompt (list), ==, "newer");

  delete_chosen_task (app, 1);
  g_assert_cmpstr (ovs_task_get_prompt (ovs_task_pane_get_selected (pane)), ==, "older");
  g_assert_cmpstr (focused_prompt (list), ==, "older");

  /* The keys a user presses, to the window: they reach the pane's Undo from the list. */
  ovs_test_press_keys (GTK_WIDGET (app->window), "ctrl+z");
  g_assert_cmpuint (n_tasks (app), ==, 2);
  g_assert_cmpstr (ovs_task_get_prompt (ovs_task_pane_get_selected (pane)), ==, "newer");
  g_assert_cmpstr (focused_prompt (list), ==, "newer");
}

/* The last task deleted from the keyboard: no row is left, and the keyboard waits on the
 * pane's Groups button, where Ctrl+Z still undoes; back, the task has the keyboard again. */
static void
test_delete_last_keeps_keyboard (OvsTestApp    *app,
                                 gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (app->window);
  GtkWidget *list;

  ovs_test_app_insert_example (app, "01-text-to-video.json", "alone",
                               g_get_real_time () / G_USEC_PER_SEC - 60, NULL, 0);
  list = list_with_keyboard (app, 1);
  g_assert_cmpstr (focused_prompt (list), ==, "alone");

  delete_chosen_task (app, 0);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (app->window))
                 == ovs_test_find_button (GTK_WIDGET (pane), "_Groups"));

  ovs_test_press_keys (GTK_WIDGET (app->window), "ctrl+z");
  g_assert_cmpuint (n_tasks (app), ==, 1);
  ovs_test_settle (100);
  g_assert_cmpstr (focused_prompt (list), ==, "alone");
}

static gboolean
two_rows (gpointer data)
{
  return n_tasks (data) == 2;
}

static gboolean
three_rows (gpointer data)
{
  return n_tasks (data) == 3;
}

/* The same for a group, deleted from its menu (Delete Group… takes the keyboard to its row
 * first). Its row goes only with the list's next refresh: the row now in its place is
 * chosen then, as after a task's deletion, the keyboard on it (the refresh chose the row
 * above). Undone, the group comes back with the next refresh, chosen again, the keyboard on
 * it. */
static void
test_delete_group_keeps_keyboard (OvsTestApp    *app,
                                  gconstpointer  data)
{
  OvsTaskPane *pane = ovs_window_get_task_pane (app->window);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  static const char * const examples[] = { "01-text-to-video.json", "05-vidu-bgm.json",
                                           "17-veo-asset-reference.json" };
  GtkWidget *list;
  GObject *item;

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    ovs_test_app_insert_example (app, examples[i], "a lighthouse at dusk", now - 120,
                                 "group-1", i);
  ovs_test_app_insert_example (app, "01-text-to-video.json", "a single clip", now - 60, NULL, 0);
  ovs_test_app_insert_example (app, "05-vidu-bgm.json", "an older clip", now - 180, NULL, 0);
  list = list_with_keyboard (app, 3);
  g_assert_cmpstr (focused_prompt (list), ==, "a single clip");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "tasks.delete-group", "s", "group-1"));
  item = focused_item (list);
  g_assert_true (OVS_IS_TASK_GROUP (item));
  ovs_test_answer_dialog ("task-delete-dialog", "_Delete");
  g_assert_true (ovs_test_spin_until (two_rows, app, 10000));
  ovs_test_settle (300);
  g_assert_cmpstr (ovs_task_get_prompt (ovs_task_pane_get_selected (pane)), ==, "an older clip");
  g_assert_cmpstr (focused_prompt (list), ==, "an older clip");

  ovs_test_press_keys (GTK_WIDGET (app->window), "ctrl+z");
  g_assert_true (ovs_test_spin_until (three_rows, app, 10000));
  ovs_test_settle (300);
  g_assert_nonnull (ovs_task_pane_get_selected_group (pane));
  g_assert_cmpstr (ovs_task_group_get_id (ovs_task_pane_get_selected_group (pane)), ==, "group-1");
  item = focused_item (list);
  g_assert_true (OVS_IS_TASK_GROUP (item));
  g_assert_cmpstr (ovs_task_group_get_id (OVS_TASK_GROUP (item)), ==, "group-1");
  g_assert_cmpuint (ovs_task_store_count (app->store, NULL), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-polish-XXXXXX");
  int status;

  ovs_test_ui_init (&argc, &argv);
  /* The Chinese runs of a test (a subprocess): before any window or string is made. */
  if (g_getenv ("OVS_TEST_LANGUAGE") != NULL)
    g_setenv ("LANGUAGE", g_getenv ("OVS_TEST_LANGUAGE"), TRUE);
  /* As main.c does: the templates' strings are looked up in the default domain. */
  textdomain (GETTEXT_PACKAGE);

  ovs_test_add_app ("/polish/ctrl-enter-submits", test_ctrl_enter_submits);
  ovs_test_add_app ("/polish/repeat-asks-first", test_repeat_asks_first);
  ovs_test_add_app ("/polish/invalid-json-blocks-submit", test_invalid_json_blocks_submit);
  ovs_test_add_app ("/polish/draft-replace-undo-history", test_draft_replace_undo_history);
  ovs_test_add_app ("/polish/draft-history-read-while-replacing", test_draft_history_read_while_replacing);
  ovs_test_add_app ("/polish/draft-snapshot-after-restart", test_draft_snapshot_after_restart);
  ovs_test_add_app ("/polish/scenario-list-keys", test_scenario_list_keys);
  ovs_test_add_app ("/polish/open-without-application", test_open_without_application);
  ovs_test_add_app ("/polish/tab-leaves-the-prompt", test_tab_leaves_the_prompt);
  ovs_test_add_app ("/polish/file-limit-shown", test_file_limit_shown);
  ovs_test_add_app ("/polish/prompt-box-grows", test_prompt_box_grows);
  ovs_test_add_app ("/polish/empty-prompt-one-message", test_empty_prompt_one_message);
  ovs_test_add_app ("/polish/no-covering-tooltips", test_no_covering_tooltips);
  ovs_test_add_app ("/polish/copy-curl-follows-endpoint", test_copy_curl_follows_endpoint);
  ovs_test_add_app ("/polish/delete-keeps-keyboard", test_delete_keeps_keyboard);
  ovs_test_add_app ("/polish/delete-group-keeps-keyboard", test_delete_group_keeps_keyboard);
  ovs_test_add_app ("/polish/delete-last-keeps-keyboard", test_delete_last_keeps_keyboard);
  g_test_add_func ("/polish/mnemonics-unique", test_mnemonics_unique);
  g_test_add_func ("/polish/mnemonics-unique-zh", test_mnemonics_unique_zh);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
