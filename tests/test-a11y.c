/* test-a11y.c: what a keyboard or screen-reader user meets, under Xvfb
 *
 * - every button that shows only an icon has an accessible name, on every composer panel
 *   of the 20 scenarios, in the task view of a finished task (player controls included)
 *   and in the preferences window;
 * - every keyboard shortcut the window and the task pane answer to is in the keyboard
 *   shortcuts window, and every shortcut that window shows is bound to an action.
 *
 * Runs with GTK_A11Y=test, so the accessible properties the widgets set can be read back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>

#include "ovs-application.h"
#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-endpoint.h"
#include "ovs-preferences-window.h"
#include "ovs-task-pane.h"
#include "ovs-task-view.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

/* A button whose face is only an icon: nothing a screen reader could read out. */
static gboolean
is_icon_only (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (widget))
    {
      const char *label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      return (label == NULL || *label == '\0')
             && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;
    }
  if (!GTK_IS_BUTTON (widget))
    return FALSE;
  /* The toggle inside a GtkMenuButton: the menu button is the accessible one. */
  if (GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    return FALSE;
  {
    const char *label = gtk_button_get_label (GTK_BUTTON (widget));

    if (label != NULL && *label != '\0' && gtk_button_get_icon_name (GTK_BUTTON (widget)) == NULL)
      return FALSE;
  }
  child = gtk_button_get_child (GTK_BUTTON (widget));
  return child == NULL || GTK_IS_IMAGE (child);
}

/* Parts that GTK and libadwaita draw and name themselves (or fail to: in libadwaita 1.2,
 * AdwEntryRow's apply button, a toast's close button and the preferences window's search
 * toggle have a tooltip at most; later versions name them). */
static gboolean
inside_toolkit_part (GtkWidget *widget)
{
  GtkWidget *prefs = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW);

  if (prefs != NULL && gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_PAGE) == NULL)
    return TRUE;
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SPIN_BUTTON (w) || GTK_IS_WINDOW_CONTROLS (w) || GTK_IS_SEARCH_ENTRY (w)
        || GTK_IS_PASSWORD_ENTRY (w) || GTK_IS_POPOVER_MENU (w) || GTK_IS_CALENDAR (w)
        || ADW_IS_ENTRY_ROW (w) || ADW_IS_TAB_BAR (w)
        || g_str_equal (G_OBJECT_TYPE_NAME (w), "AdwToastWidget"))
      return TRUE;
  return FALSE;
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);
  const char *icon = NULL;

  if (GTK_IS_MENU_BUTTON (widget))
    icon = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget))
    icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  if (icon == NULL && GTK_IS_BUTTON (widget) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))))
    icon = gtk_image_get_icon_name (GTK_IMAGE (gtk_button_get_child (GTK_BUTTON (widget))));

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Ovs") || w == widget)
      {
        g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
        g_string_prepend_c (path, '/');
      }
  g_string_append_printf (path, " (icon %s, name \"%s\", tooltip \"%s\")",
                          icon != NULL ? icon : "none", gtk_widget_get_name (widget),
                          gtk_widget_get_tooltip_text (widget) != NULL ? gtk_widget_get_tooltip_text (widget) : "");
  return g_string_free (path, FALSE);
}

static void
collect_unnamed (GtkWidget *root,
                 GPtrArray *unnamed,
                 guint     *n_checked)
{
  if (is_icon_only (root) && !inside_toolkit_part (root))
    {
      (*n_checked)++;
      /* LABELLED_BY cannot be told apart from its empty default here (GTK 4.8 reports
       * it on every button); the app names its buttons with LABEL. */
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_ptr_array_add (unnamed, describe (root));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unnamed (child, unnamed, n_checked);
}

/* Fails naming every icon-only button under @root without an accessible name. */
static guint
assert_buttons_named (GtkWidget  *root,
                      const char *where)
{
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  guint n_checked = 0;

  collect_unnamed (root, unnamed, &n_checked);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("%s: icon-only button without an accessible name: %s", where,
                    (char *) g_ptr_array_index (unnamed, i));
  if (unnamed->len > 0)
    g_test_fail_printf ("%s: %u icon-only buttons have no accessible name (see above)", where, unnamed->len);
  return n_checked;
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static void
test_icon_buttons_named (void)
{
  OvsTestApp app = { 0 };
  g_autoptr(GPtrArray) examples = ovs_test_example_names ();
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsEndpoint) endpoint = NULL;
  OvsPreferencesWindow *preferences;
  guint n_checked = 0;

  /* The check itself tells a named icon button from an unnamed one. */
  {
    GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));
    GtkWidget *named = gtk_button_new_from_icon_name ("edit-delete-symbolic");
    g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
    guint n = 0;

    gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove", -1);
    gtk_box_append (GTK_BOX (box), named);
    gtk_box_append (GTK_BOX (box), gtk_button_new_from_icon_name ("list-add-symbolic"));
    gtk_box_append (GTK_BOX (box), gtk_button_new_with_label ("Add"));
    collect_unnamed (box, unnamed, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (unnamed->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (unnamed, 0), "list-add-symbolic"));
    g_object_unref (box);
  }

  ovs_test_app_open (&app);

  /* The composer, for every scenario: each shows its own panels. */
  for (guint i = 0; i < examples->len; i++)
    {
      g_autofree char *scenario = ovs_test_example_scenario (g_ptr_array_index (examples, i));

      g_assert_true (ovs_test_select_scenario (app.window, scenario));
      ovs_test_settle (20);
      n_checked += assert_buttons_named (GTK_WIDGET (app.window), scenario);
    }

  /* A finished task: the task view, its actions and the player. */
  task = ovs_test_app_send_clip (&app, "无障碍检查");
  g_assert_true (ovs_test_spin_until (ovs_test_task_done, task, 60000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app.window), "win.show-tasks", NULL));
  ovs_task_pane_select (ovs_window_get_task_pane (app.window), task);
  ovs_test_settle (100);
  g_assert_nonnull (ovs_task_view_get_player (ovs_task_pane_get_view (ovs_window_get_task_pane (app.window))));
  n_checked += assert_buttons_named (GTK_WIDGET (app.window), "tasks");

  /* Preferences. */
  endpoint = ovs_endpoint_new ();
  preferences = ovs_preferences_window_new (GTK_WINDOW (app.window), endpoint);
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (ovs_test_spin_until (window_mapped, preferences, 5000));
  n_checked += assert_buttons_named (GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_test_message ("%u icon-only buttons checked", n_checked);
  /* The walk found the buttons it is meant to check (player, rows, header bar). */
  g_assert_cmpuint (n_checked, >=, 20);
  ovs_test_app_close (&app);
}

/* "<Control>Return" for a key trigger, NULL for other triggers. */
static char *
trigger_accel (GtkShortcutTrigger *trigger)
{
  if (!GTK_IS_KEYVAL_TRIGGER (trigger))
    return NULL;
  return gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                               gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
}

/* accelerator → action name, from the class shortcuts of our own widgets under @root. */
static void
collect_bindings (GtkWidget  *root,
                  GHashTable *bindings)
{
  if (g_str_has_prefix (G_OBJECT_TYPE_NAME (root), "Ovs"))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (root);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              char *accel = trigger_accel (gtk_shortcut_get_trigger (shortcut));

              if (accel != NULL && GTK_IS_NAMED_ACTION (action))
                g_hash_table_insert (bindings, accel,
                                     g_strdup (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action))));
              else
                g_free (accel);
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_bindings (child, bindings);
}

static void
collect_shown (GtkWidget  *root,
               GHashTable *shown)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_autofree char *accelerators = NULL;
      g_auto(GStrv) keys = NULL;

      g_object_get (root, "accelerator", &accelerators, NULL);
      keys = g_strsplit (accelerators != NULL ? accelerators : "", " ", -1);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          guint keyval;
          GdkModifierType mods;

          if (*keys[i] == '\0')
            continue;
          g_assert_true (gtk_accelerator_parse (keys[i], &keyval, &mods));
          g_hash_table_add (shown, gtk_accelerator_name (keyval, mods));
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown (child, shown);
}

static void
test_shortcuts_window_complete (void)
{
  g_autoptr(OvsApplication) application = ovs_application_new ();
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GHashTable) bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) documented_actions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) app_actions = NULL;
  OvsTestApp app = { 0 };
  GtkWidget *overlay;
  GHashTableIter iter;
  gpointer key, value;

  /* The application's own accelerators (quit, preferences), as it sets them at start-up. */
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  app_actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  for (guint i = 0; app_actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                                                    app_actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          g_hash_table_insert (bindings, gtk_accelerator_name (keyval, mods), g_strdup (app_actions[i]));
        }
    }
  /* GtkApplication opens the shortcuts window itself, on Ctrl+? */
  g_hash_table_insert (bindings, g_strdup ("<Control>question"), g_strdup ("win.show-help-overlay"));

  ovs_test_app_open (&app);
  collect_bindings (GTK_WIDGET (app.window), bindings);
  g_assert_true (g_hash_table_contains (bindings, "<Control>Return"));

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  g_assert_nonnull (overlay);
  collect_shown (overlay, shown);

  /* Every key shown does something. */
  g_hash_table_iter_init (&iter, shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (bindings, key))
        g_test_fail_printf ("the shortcuts window shows %s, which nothing is bound to", (char *) key);
      else
        g_hash_table_add (documented_actions, g_hash_table_lookup (bindings, key));
    }

  /* Every action bound to a key is shown under at least one of its keys (Ctrl+Enter on the
   * keypad need not be listed beside Ctrl+Return). */
  g_hash_table_iter_init (&iter, bindings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (documented_actions, value))
      g_test_fail_printf ("%s (%s) is not in the shortcuts window", (char *) key, (char *) value);

  /* Ctrl+F from the composer: the history, with the keyboard in its search. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app.window), "win.search-tasks", NULL));
  ovs_test_settle (20);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (app.window));
    GtkWidget *search = ovs_test_find_named (GTK_WIDGET (app.window), "task-search");

    g_assert_nonnull (focus);
    g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  }

  gtk_window_destroy (GTK_WINDOW (overlay));
  ovs_test_app_close (&app);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-a11y-XXXXXX");
  int status;

  /* The test backend keeps what widgets tell assistive technologies, for reading back. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ovs_test_ui_init (&argc, &argv);

  g_test_add_func ("/a11y/icon-buttons-named", test_icon_buttons_named);
  g_test_add_func ("/a11y/shortcuts-window-complete", test_shortcuts_window_complete);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
