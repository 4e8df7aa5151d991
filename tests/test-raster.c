/* test-raster.c: the widgets drawn from a picture while they are still (ovs-raster-cache.h)
 * look exactly as they do drawn as they are, follow every change, and leave a keystroke in
 * the prompt to repaint the prompt alone; on a whole application under Xvfb, drawn by the
 * renderer the app chooses there (cairo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "ovs-composer.h"
#include "ovs-panel.h"
#include "ovs-raster-cache.h"
#include "ovs-request.h"
#include "ovs-task-pane.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-window.h"

typedef struct
{
  int     width;
  int     height;
  GBytes *pixels;  /* 8-bit RGBA */
} Shot;

static void
shot_clear (Shot *shot)
{
  g_clear_pointer (&shot->pixels, g_bytes_unref);
}

/* What the window shows (its content): the render tree the frame just drawn holds, made
 * again where something changed (as a frame does), drawn by the window's own renderer, as
 * 8-bit RGBA. Taken inside a frame (shot_after_paint_cb ()). */
static Shot
take_shot_now (GtkWidget *window)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  graphene_rect_t bounds;
  Shot shot = { 0 };
  guchar *data;

  gtk_widget_snapshot_child (gtk_widget_get_parent (content), content, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  shot.width = (int) ceilf (bounds.size.width);
  shot.height = (int) ceilf (bounds.size.height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  data = g_malloc ((gsize) shot.width * shot.height * 4);
  gdk_texture_download (texture, data, (gsize) shot.width * 4);
  shot.pixels = g_bytes_new_take (data, (gsize) shot.width * shot.height * 4);
  return shot;
}

static gboolean
every_widget (GtkWidget     *widget,
              gconstpointer  data)
{
  return TRUE;
}

/* The window drawn with no picture at all: what the pictures must look like. */
static Shot
take_live_shot_now (GtkWidget *window)
{
  g_autoptr(GPtrArray) widgets = ovs_test_collect_widgets (window, every_widget, NULL);
  Shot shot;

  ovs_raster_cache_set_enabled (FALSE);
  for (guint i = 0; i < widgets->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (widgets, i));
  shot = take_shot_now (window);
  ovs_raster_cache_set_enabled (TRUE);
  for (guint i = 0; i < widgets->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (widgets, i));
  return shot;
}

typedef struct
{
  GtkWidget *window;
  Shot      *shot;
  Shot      *live;      /* or NULL */
  gboolean   taken;
} ShotRequest;

static void
shot_after_paint_cb (GdkFrameClock *clock,
                     ShotRequest   *request)
{
  if (request->taken)
    return;
  *request->shot = take_shot_now (request->window);
  if (request->live != NULL)
    *request->live = take_live_shot_now (request->window);
  request->taken = TRUE;
}

/* The window as its next frame draws it (@shot), and in the same frame as it would look
 * with no picture (@live, if not NULL: the cursor fades from frame to frame). Between
 * frames, a widget may wait for its size (a task's row or a toast just changed): GTK then
 * draws nothing of it and warns ("Trying to snapshot AdwToastOverlay … without a current
 * allocation"). After a frame's paint, every widget has its size. */
static void
take_shots (GtkWidget *window,
            Shot      *shot,
            Shot      *live)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  ShotRequest request = { window, shot, live, FALSE };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (shot_after_paint_cb), &request);

  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
  while (!request.taken && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  g_assert_true (request.taken);
}

static Shot
take_shot (GtkWidget *window)
{
  Shot shot = { 0 };

  take_shots (window, &shot, NULL);
  return shot;
}

/* How many pixels differ at all: a picture is the subtree drawn by the same renderer code
 * into the same kind of surface, at whole pixels, so nothing may differ. @largest, if not
 * NULL, gets the largest difference of any channel of any pixel. */
static guint
count_different_by (const Shot *a,
                    const Shot *b,
                    int        *largest)
{
  gsize size;
  const guchar *pa = g_bytes_get_data (a->pixels, &size);
  const guchar *pb = g_bytes_get_data (b->pixels, NULL);
  guint n = 0;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  if (largest != NULL)
    *largest = 0;
  for (gsize i = 0; i < size; i += 4)
    if (memcmp (pa + i, pb + i, 4) != 0)
      {
        n++;
        for (gsize k = i; largest != NULL && k < i + 4; k++)
          *largest = MAX (*largest, ABS (pa[k] - pb[k]));
      }
  return n;
}

static guint
count_different (const Shot *a,
                 const Shot *b)
{
  return count_different_by (a, b, NULL);
}


/* A bin on screen: the Tasks page's, hidden, is never pictured. */
static gboolean
is_raster_bin (GtkWidget     *widget,
               gconstpointer  data)
{
  return OVS_IS_RASTER_BIN (widget) && gtk_widget_get_mapped (widget);
}

typedef struct
{
  OvsTestApp *app;
  const char *panels[4];  /* NULL-terminated */
} Pictured;

/* The header bar, the scenario list and @panels are each drawn from a picture. */
static gboolean
all_pictured (gpointer data)
{
  Pictured *pictured = data;
  OvsComposer *composer = ovs_window_get_composer (pictured->app->window);
  g_autoptr(GPtrArray) bins = ovs_test_collect_widgets (GTK_WIDGET (pictured->app->window),
                                                        is_raster_bin, NULL);

  if (bins->len < 2)
    return FALSE;
  for (guint i = 0; i < bins->len; i++)
    if (!ovs_raster_bin_is_cached (g_ptr_array_index (bins, i)))
      return FALSE;
  for (guint i = 0; pictured->panels[i] != NULL; i++)
    {
      GtkWidget *panel = ovs_composer_get_panel (composer, pictured->panels[i]);

      if (panel == NULL || !ovs_panel_is_pictured (OVS_PANEL (panel)))
        return FALSE;
    }
  return TRUE;
}

/* The window drawn with its pictures is the window drawn without them: exactly, or with
 * @tolerance, within that many levels of 255 in every channel (see
 * test_task_view_pictured ()). */
static void
assert_looks_live_within (OvsTestApp *app,
                          const char *when,
                          int         tolerance)
{
  Shot pictured = { 0 }, live = { 0 };
  int largest;
  guint n;

  take_shots (GTK_WIDGET (app->window), &pictured, &live);
  n = count_different_by (&pictured, &live, &largest);

  if (largest > tolerance)
    g_error ("%s: %u pixels of the window differ from the window drawn without pictures, "
             "by up to %d levels", when, n, largest);
  if (n > 0)
    g_test_message ("%s: %u pixels differ by at most %d levels", when, n, largest);
  shot_clear (&pictured);
  shot_clear (&live);
}

static void
assert_looks_live (OvsTestApp *app,
                   const char *when)
{
  assert_looks_live_within (app, when, 0);
}

/* Once still, the header bar, the scenario list and the panels are pictures, and the window
 * looks exactly as it does without them. */
static void
test_pictures_look_live (OvsTestApp   *app,
                         gconstpointer data)
{
  Pictured pictured = { app, { "basics", "extra", NULL } };

  ovs_test_wait_draft (app->window);
  if (!ovs_test_spin_until (all_pictured, &pictured, 10000))
    g_error ("the header bar, the scenario list and the panels were not pictured in 10 s");
  assert_looks_live (app, "still");
}

/* A change in a pictured panel shows at once (the panel is drawn as it is), the picture
 * made again later shows it too, and typing in the prompt leaves the other panels pictured. */
static void
test_pictures_follow_changes (OvsTestApp   *app,
                              gconstpointer data)
{
  Pictured pictured = { app, { "basics", "extra", NULL } };
  OvsComposer *composer = ovs_window_get_composer (app->window);
  OvsRequest *request = ovs_composer_get_request (composer);
  GtkWidget *basics;
  GtkWidget *prompt;
  GtkTextBuffer *buffer;
  Shot before, after;

  ovs_test_wait_draft (app->window);
  g_assert_true (ovs_test_spin_until (all_pictured, &pictured, 10000));
  basics = ovs_composer_get_panel (composer, "basics");
  before = take_shot (GTK_WIDGET (app->window));

  /* The resolution row of the Basics panel changes with the request. */
  ovs_request_set_resolution (request,
                              g_strcmp0 (ovs_request_get_resolution (request), "720p") == 0
                              ? "1080p" : "720p");
  ovs_test_settle (60);
  after = take_shot (GTK_WIDGET (app->window));
  g_assert_false (ovs_panel_is_pictured (OVS_PANEL (basics)));
  g_assert_cmpuint (count_different (&before, &after), >, 0);
  assert_looks_live (app, "right after a change");
  g_assert_true (ovs_test_spin_until (all_pictured, &pictured, 10000));
  assert_looks_live (app, "pictured again after a change");

  /* Typing in the prompt: the prompt is drawn as it is, everything else stays a picture. */
  prompt = ovs_test_find_named (GTK_WIDGET (app->window), "prompt");
  g_assert_nonnull (prompt);
  gtk_widget_grab_focus (prompt);
  /* The focus leaving the header bar's button changes it once. */
  g_assert_true (ovs_test_spin_until (all_pictured, &pictured, 10000));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (prompt));
  for (guint i = 0; i < 5; i++)
    {
      gtk_text_buffer_insert_interactive_at_cursor (buffer, "a", 1, TRUE);
      ovs_test_settle (30);
      g_assert_true (all_pictured (&pictured));
    }
  assert_looks_live (app, "while typing in the prompt");
  shot_clear (&before);
  shot_clear (&after);
}

/* Both tasks sent are in the history and finished (the second may not be listed yet when
 * the first is done). */
static gboolean
two_done (gpointer data)
{
  OvsTestApp *app = data;

  return g_list_model_get_n_items (ovs_test_app_tasks (app)) == 2 && ovs_test_app_all_done (app);
}

/* A view is pictured once it has been still for a while: 0.5 s at first, twice as long
 * each time a picture was thrown away within 2 s, up to 8 s (ovs-raster-cache.c). A view
 * that changed a few times as its video's frame, facts and cost came in (slowly, on a
 * loaded machine: a CI run's renders took twice their time) may need one full 8 s wait. */
#define PICTURED_WITHIN_MS 30000

/* The task view on the Tasks page. */
static gboolean
task_view_pictured (gpointer data)
{
  OvsTestApp *app = data;
  GtkWidget *bin = ovs_test_find_widget (GTK_WIDGET (ovs_window_get_task_pane (app->window)),
                                         is_raster_bin, NULL);

  return bin != NULL && ovs_raster_bin_is_cached (OVS_RASTER_BIN (bin));
}

/* The Tasks page: the chosen task's view is a picture while the list is flicked through,
 * and the window looks as it does without it; choosing another task shows it at once.
 * Not exactly: the video's frame is scaled as it is drawn, and drawn into the picture
 * rather than onto the window its sampling rounds differently at sharp edges (the bars'
 * borders, the burnt-in text): some 330 pixels by 1 or 2 levels of 255, seen in a dump of
 * both renderings. */
static void
test_task_view_pictured (OvsTestApp   *app,
                         gconstpointer data)
{
  OvsTaskPane *pane;
  GtkWidget *bin;
  Shot before, after;
  gint64 shown_us;

  ovs_test_app_compose_clip (app, "A lighthouse at dusk");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.submit", NULL));
  g_assert_true (ovs_test_spin_until (ovs_test_app_all_done, app, 60000));
  ovs_test_app_compose_clip (app, "A fox in the snow");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (app->window), "win.submit", NULL));
  g_assert_true (ovs_test_spin_until (two_done, app, 60000));
  ovs_test_app_show_tasks (app);
  pane = ovs_window_get_task_pane (app->window);
  shown_us = g_get_monotonic_time ();
  g_assert_true (ovs_test_spin_until (task_view_pictured, app, PICTURED_WITHIN_MS));
  g_test_message ("the task view was pictured %" G_GINT64_FORMAT " ms after it was shown",
                  (g_get_monotonic_time () - shown_us) / 1000);
  assert_looks_live_within (app, "the Tasks page, still", 2);

  /* The other task: drawn as it is at once, then pictured again. */
  before = take_shot (GTK_WIDGET (app->window));
  {
    g_autoptr(GObject) item = g_list_model_get_item (ovs_task_pane_get_model (pane), 1);

    g_assert_true (OVS_IS_TASK (item));
    ovs_task_pane_select (pane, OVS_TASK (item));
  }
  ovs_test_settle (60);
  bin = ovs_test_find_widget (GTK_WIDGET (pane), is_raster_bin, NULL);
  g_assert_false (ovs_raster_bin_is_cached (OVS_RASTER_BIN (bin)));
  after = take_shot (GTK_WIDGET (app->window));
  g_assert_cmpuint (count_different (&before, &after), >, 0);
  assert_looks_live_within (app, "right after choosing another task", 2);
  g_assert_true (ovs_test_spin_until (task_view_pictured, app, PICTURED_WITHIN_MS));
  assert_looks_live_within (app, "the other task, pictured", 2);
  shot_clear (&before);
  shot_clear (&after);
}

int
main (int   argc,
      char *argv[])
{
  ovs_test_ui_init (&argc, &argv);
  ovs_test_add_app ("/raster/pictures-look-live", test_pictures_look_live);
  ovs_test_add_app ("/raster/pictures-follow-changes", test_pictures_follow_changes);
  ovs_test_add_app ("/raster/task-view-pictured", test_task_view_pictured);
  return g_test_run ();
}
