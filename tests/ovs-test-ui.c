/* ovs-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "ovs-app-widgets.h"
#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-gsk-choice.h"
#include "ovs-task-pane.h"
#include "ovs-test-net.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"

void
ovs_test_ui_init (int    *argc,
                  char ***argv)
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (argc, argv, NULL);
  ovs_core_init ();
  gtk_init ();
  /* The renderer the app itself chooses (main.c), so the tests draw as users see. */
  ovs_gsk_choose_renderer ();
  ovs_icons_keep_alive ();
  adw_init ();
  gtk_source_init ();
}

gboolean
ovs_test_spin_until (OvsTestCondition condition,
                     gpointer         data,
                     guint            timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return condition (data);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ovs_test_settle (guint ms)
{
  ovs_test_spin_until (never, NULL, ms);
}

GtkWidget *
ovs_test_find_widget (GtkWidget         *root,
                      OvsTestWidgetMatch match,
                      gconstpointer      data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ovs_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_widgets (GtkWidget         *root,
                 OvsTestWidgetMatch match,
                 gconstpointer      data,
                 GPtrArray         *found)
{
  if (match (root, data))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, match, data, found);
}

GPtrArray *
ovs_test_collect_widgets (GtkWidget         *root,
                          OvsTestWidgetMatch match,
                          gconstpointer      data)
{
  GPtrArray *found = g_ptr_array_new ();

  collect_widgets (root, match, data, found);
  return found;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, *(const GType *) data);
}

guchar *
ovs_test_render_widget (GtkWidget *widget,
                        int       *width,
                        int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guchar *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);
  g_assert_cmpint (*height, >, 0);
  pixels = g_malloc0 ((gsize) *width * *height * 4);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* Nothing drawn at all: every pixel stays clear. */
  if (node == NULL)
    return pixels;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

GtkWidget *
ovs_test_find_of_type (GtkWidget *root,
                       GType      type)
{
  return ovs_test_find_widget (root, is_of_type, &type);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
ovs_test_find_button (GtkWidget  *root,
                      const char *label)
{
  return ovs_test_find_widget (root, is_button_labelled, label);
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} ButtonWait;

static gboolean
button_there (gpointer data)
{
  ButtonWait *wait = data;

  return ovs_test_find_button (wait->root, wait->label) != NULL;
}

GtkWidget *
ovs_test_wait_button (GtkWidget  *root,
                      const char *label,
                      guint       timeout_ms)
{
  ButtonWait wait = { root, label };

  ovs_test_spin_until (button_there, &wait, timeout_ms);
  return ovs_test_find_button (root, label);
}

static gboolean
dialog_shown (gpointer data)
{
  return ovs_test_find_toplevel (GTK_TYPE_WINDOW, data) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return !dialog_shown (data);
}

void
ovs_test_answer_dialog (const char *name,
                        const char *button)
{
  GtkWidget *answer;

  if (!ovs_test_spin_until (dialog_shown, (gpointer) name, 5000))
    g_error ("no dialog “%s” came", name);
  answer = ovs_test_find_button (ovs_test_find_toplevel (GTK_TYPE_WINDOW, name), button);
  if (answer == NULL)
    g_error ("the dialog “%s” has no button “%s”", name, button);
  g_signal_emit_by_name (answer, "clicked");
  if (!ovs_test_spin_until (dialog_gone, (gpointer) name, 5000))
    g_error ("the dialog “%s” stayed after “%s”", name, button);
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

GtkWidget *
ovs_test_find_named (GtkWidget  *root,
                     const char *name)
{
  return ovs_test_find_widget (root, is_named, name);
}

void
ovs_test_app_open_tracker (OvsTestApp *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (app->dir, "history.sqlite3", NULL);
  g_autofree char *videos = g_build_filename (app->dir, "Videos", NULL);

  app->store = ovs_task_store_new (db, &error);
  g_assert_no_error (error);
  app->tracker = ovs_tracker_new (app->store, app->client, videos);
  ovs_tracker_set_schedule (app->tracker, 0.05, 0.2);
}

static gboolean
draft_shown (gpointer data)
{
  return !ovs_composer_is_loading (ovs_window_get_composer (data));
}

OvsWindow *
ovs_test_main_window (GtkApplication *application)
{
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (OVS_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

void
ovs_test_wait_draft (OvsWindow *window)
{
  g_assert_true (ovs_test_spin_until (draft_shown, window, 5000));
}

gboolean
ovs_test_select_scenario (OvsWindow  *window,
                          const char *scenario_id)
{
  OvsScenario *shown;

  if (!ovs_window_select_scenario (window, scenario_id))
    return FALSE;
  ovs_test_wait_draft (window);
  shown = ovs_composer_get_scenario (ovs_window_get_composer (window));
  return shown != NULL && g_strcmp0 (ovs_scenario_get_id (shown), scenario_id) == 0;
}

void
ovs_test_app_open_window (OvsTestApp *app)
{
  app->window = ovs_window_new (NULL);
  ovs_window_set_tracker (app->window, app->tracker);
  gtk_window_present (GTK_WINDOW (app->window));
  ovs_test_settle (50);
  ovs_test_wait_draft (app->window);
}

void
ovs_test_close_window (OvsWindow *window)
{
  /* Watched through this local pointer, let go before returning: something may hold the
   * window past the settle (a draft still being written on a loaded machine). A weak
   * pointer left behind is cleared whenever the window goes: into a stack frame long
   * returned, or into the fixture after a restart put the new window there or after the
   * fixture was freed, and the process crashes somewhere later. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  ovs_test_settle (20);
  if (window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (window), (gpointer *) &window);
}

void
ovs_test_app_close_window (OvsTestApp *app)
{
  ovs_test_close_window (g_steal_pointer (&app->window));
  /* What the tracker queued is in the file before the next start reads it. */
  if (app->store != NULL)
    ovs_task_store_flush (app->store);
}

void
ovs_test_app_open (OvsTestApp *app)
{
  app->dir = ovs_test_make_tmp_dir ("ovs-app-XXXXXX");
  app->sandbox = ovs_test_sandbox_new (0.05, NULL);
  ovs_test_sandbox_start (app->sandbox);
  app->client = ovs_test_client_new (app->sandbox, NULL);
  ovs_test_app_open_tracker (app);
  ovs_test_app_open_window (app);
}

void
ovs_test_app_close (OvsTestApp *app)
{
  if (app->window != NULL)
    ovs_test_app_close_window (app);
  g_clear_object (&app->tracker);
  g_clear_object (&app->store);
  g_clear_object (&app->client);
  ovs_test_sandbox_clear (&app->sandbox);
  ovs_test_remove_tree (app->dir);
  g_clear_pointer (&app->dir, g_free);
}

void
ovs_test_app_set_up (OvsTestApp   *app,
                     gconstpointer data)
{
  ovs_test_app_open (app);
}

void
ovs_test_app_tear_down (OvsTestApp   *app,
                        gconstpointer data)
{
  ovs_test_app_close (app);
}

/* The first visible window of @type (and name @name, unless NULL). */
GtkWidget *
ovs_test_find_toplevel (GType       type,
                        const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (window)
          && (name == NULL || g_strcmp0 (gtk_widget_get_name (window), name) == 0))
        return window;
    }
  return NULL;
}

GListModel *
ovs_test_app_tasks (OvsTestApp *app)
{
  return ovs_task_pane_get_model (ovs_window_get_task_pane (app->window));
}

void
ovs_test_app_show_tasks (OvsTestApp *app)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.show-tasks", NULL));
  ovs_test_settle (50);
}

void
ovs_test_app_compose_clip (OvsTestApp *app,
                           const char *prompt)
{
  OvsComposer *composer = ovs_window_get_composer (app->window);
  OvsRequest *request;

  g_assert_true (ovs_test_select_scenario (app->window, "text-to-video"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  request = ovs_composer_get_request (composer);
  ovs_request_set_prompt (request, prompt);
  ovs_request_set_resolution (request, "720p");
  ovs_request_set_seconds (request, "3");
  ovs_composer_validate_now (composer);
  g_assert_cmpuint (ovs_composer_get_n_errors (composer), ==, 0);
}

static gboolean
has_tasks (gpointer data)
{
  OvsTestApp *app = data;

  return g_list_model_get_n_items (ovs_task_pane_get_model (ovs_window_get_task_pane (app->window))) > 0;
}

/* The newest row's task: a group's row stands for its newest member, last in its order. */
OvsTask *
ovs_test_app_first_task (OvsTestApp *app)
{
  GListModel *tasks = ovs_task_pane_get_model (ovs_window_get_task_pane (app->window));
  g_autoptr(GObject) item = NULL;

  /* Just sent, the history's writer thread may still be writing it down. */
  if (!ovs_test_spin_until (has_tasks, app, 10000))
    return NULL;
  item = g_list_model_get_item (tasks, 0);
  if (OVS_IS_TASK_GROUP (item))
    return g_object_ref (ovs_task_group_get_task (OVS_TASK_GROUP (item),
                                                  ovs_task_group_get_n_tasks (OVS_TASK_GROUP (item)) - 1));
  return OVS_TASK (g_steal_pointer (&item));
}

OvsTask *
ovs_test_app_send_clip (OvsTestApp *app,
                        const char *prompt)
{
  OvsTask *task;

  ovs_test_app_compose_clip (app, prompt);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.submit", NULL));
  task = ovs_test_app_first_task (app);
  g_assert_nonnull (task);
  return task;
}

OvsTask *
ovs_test_app_submit_clip (OvsTestApp *app,
                          const char *prompt)
{
  OvsTask *task = ovs_test_app_send_clip (app, prompt);

  while (ovs_task_get_status (task) == OVS_TASK_STATUS_SUBMITTING)
    g_main_context_iteration (NULL, TRUE);
  return task;
}

void
ovs_test_app_insert_example (OvsTestApp *app,
                             const char *example,
                             const char *prompt,
                             gint64      created_at,
                             const char *group_id,
                             gint64      group_index)
{
  g_autofree char *body = ovs_test_read_example (example, NULL);
  g_autofree char *scenario = ovs_test_example_scenario (example);
  g_autoptr(JsonNode) node = json_from_string (body, NULL);
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  ovs_task_set_scenario (draft, scenario);
  ovs_task_set_model (draft, json_object_get_string_member (json_node_get_object (node), "model"));
  ovs_task_set_prompt (draft, prompt);
  ovs_task_set_request_json (draft, body);
  ovs_task_set_route (draft, "videos");
  ovs_task_set_base_url (draft, "http://127.0.0.1:1/v1");
  ovs_task_set_created_at (draft, created_at);
  ovs_task_set_status (draft, OVS_TASK_STATUS_FAILED);
  if (group_id != NULL)
    {
      ovs_task_set_group_id (draft, group_id);
      ovs_task_set_group_kind (draft, "compare");
      ovs_task_set_group_index (draft, group_index);
    }
  task = ovs_task_store_insert (app->store, draft, &error);
  g_assert_no_error (error);
}

void
ovs_test_app_restart (OvsTestApp *app)
{
  ovs_test_app_close_window (app);
  g_clear_object (&app->tracker);
  g_clear_object (&app->store);
  ovs_test_app_open_tracker (app);
  ovs_test_app_open_window (app);
}

gboolean
ovs_test_task_done (gpointer data)
{
  OvsTask *task = data;

  return ovs_task_is_finished (task)
         && (ovs_task_get_status (task) != OVS_TASK_STATUS_SUCCEEDED
             || ovs_task_get_media_json (task) != NULL);
}

gboolean
ovs_test_app_all_done (gpointer data)
{
  GListModel *tasks = ovs_test_app_tasks (data);
  guint n = g_list_model_get_n_items (tasks);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (tasks, i);

      if (OVS_IS_TASK_GROUP (item))
        {
          for (guint m = 0; m < ovs_task_group_get_n_tasks (OVS_TASK_GROUP (item)); m++)
            if (!ovs_test_task_done (ovs_task_group_get_task (OVS_TASK_GROUP (item), m)))
              return FALSE;
        }
      else if (!ovs_test_task_done (OVS_TASK (item)))
        {
          return FALSE;
        }
    }
  return n > 0;
}
