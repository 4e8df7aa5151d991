/* ovs-test-ui.h: what the programs that drive a real window under Xvfb share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-window.h"

G_BEGIN_DECLS

typedef gboolean (*OvsTestCondition) (gpointer data);

/* g_test_init, then the libraries the window needs, in English (LANGUAGE=C). */
void       ovs_test_ui_init     (int             *argc,
                                 char          ***argv);

/* Runs the main loop until @condition holds or @timeout_ms pass, then whatever is pending;
 * returns whether it holds. */
gboolean   ovs_test_spin_until  (OvsTestCondition condition,
                                 gpointer         data,
                                 guint            timeout_ms);
/* Lets idles and short timeouts (the composer's checks, the preview's pause) run. */
void       ovs_test_settle      (guint            ms);
/* Whether @widget is the one looked for; @data is the finder's. */
typedef gboolean (*OvsTestWidgetMatch) (GtkWidget     *widget,
                                        gconstpointer  data);
/* The first widget at or under @root, in tree order, that @match takes. */
GtkWidget *ovs_test_find_widget (GtkWidget         *root,
                                 OvsTestWidgetMatch match,
                                 gconstpointer      data);
/* Every widget at or under @root, in tree order, that @match takes. */
GPtrArray *ovs_test_collect_widgets (GtkWidget         *root,
                                     OvsTestWidgetMatch match,
                                     gconstpointer      data);
/* The first widget at or under @root that is a @type. */
GtkWidget *ovs_test_find_of_type (GtkWidget      *root,
                                  GType           type);
/* The first mapped button at or under @root labelled @label ("_Undo"): one a user can press. */
GtkWidget *ovs_test_find_button (GtkWidget      *root,
                                 const char     *label);
/* ovs_test_find_button () once there, waiting up to @timeout_ms (a toast comes only once
 * the one before it has gone): NULL if it never came. */
GtkWidget *ovs_test_wait_button (GtkWidget      *root,
                                 const char     *label,
                                 guint           timeout_ms);
/* @widget as its window's last frame drew it (GTK keeps each widget's render nodes from
 * that frame: a change shows only after the next one), alone, on nothing, by its window's
 * renderer: premultiplied BGRA (GDK's default memory format), @width × @height pixels,
 * 4 × @width bytes a row. */
guchar    *ovs_test_render_widget (GtkWidget     *widget,
                                   int           *width,
                                   int           *height);
/* Waits for the dialog window named @name, clicks its button labelled @button ("_Delete")
 * and waits for the dialog to go. */
void       ovs_test_answer_dialog (const char    *name,
                                   const char    *button);
/* The first widget at or under @root whose name (gtk_widget_set_name) is @name. */
GtkWidget *ovs_test_find_named  (GtkWidget       *root,
                                 const char      *name);
/* The first visible window of @type, named @name unless NULL. */
GtkWidget *ovs_test_find_toplevel (GType          type,
                                   const char    *name);

/* @application's first main window, or NULL. */
OvsWindow *ovs_test_main_window   (GtkApplication *application);

/* Waits until the window's composer shows the draft it was asked for (the writer thread
 * reads it); fails after five seconds. */
void       ovs_test_wait_draft    (OvsWindow      *window);
/* Chooses @scenario_id in the sidebar and waits for its draft: whether it is shown. */
gboolean   ovs_test_select_scenario (OvsWindow    *window,
                                     const char   *scenario_id);

/* A whole application as the user meets it, minus GApplication: a sandbox on loopback
 * (fast), a client, a real history file in a folder of its own, the tracker, the window. */
typedef struct
{
  char         *dir;
  OvsSandbox   *sandbox;
  OvsClient    *client;
  OvsTaskStore *store;
  OvsTracker   *tracker;
  OvsWindow    *window;
} OvsTestApp;

void       ovs_test_app_open         (OvsTestApp *app);
/* The history and tracker alone (open_window does the window), for restarts. */
void       ovs_test_app_open_tracker (OvsTestApp *app);
void       ovs_test_app_open_window  (OvsTestApp *app);
/* Closes @window as the user does (close-request runs: the draft is written), then destroys
 * it; it may be finalized later. */
void       ovs_test_close_window     (OvsWindow  *window);
/* Closes the window as the user does (close-request runs: the draft is written). */
void       ovs_test_app_close_window (OvsTestApp *app);
void       ovs_test_app_close        (OvsTestApp *app);

/* g_test_add () fixture functions: ovs_test_app_open () and ovs_test_app_close (). */
void       ovs_test_app_set_up       (OvsTestApp   *app,
                                      gconstpointer data);
void       ovs_test_app_tear_down    (OvsTestApp   *app,
                                      gconstpointer data);
/* Registers @func as a test of a whole application, opened before and closed after. */
#define ovs_test_add_app(path, func) \
  g_test_add ((path), OvsTestApp, NULL, ovs_test_app_set_up, (func), ovs_test_app_tear_down)

/* The Tasks page's list (what the user sees, filters applied), and the page shown. */
GListModel *ovs_test_app_tasks       (OvsTestApp *app);
void       ovs_test_app_show_tasks   (OvsTestApp *app);

/* Composes a short, small text-to-video clip (the sandbox renders it at once). */
void       ovs_test_app_compose_clip (OvsTestApp *app,
                                      const char *prompt);
/* The newest task of the history list (waiting up to 10 s for one), or NULL. */
OvsTask   *ovs_test_app_first_task   (OvsTestApp *app);
/* Composes a clip of @prompt, sends it with win.submit and returns its task (a reference)
 * as soon as the history lists it. */
OvsTask   *ovs_test_app_send_clip    (OvsTestApp *app,
                                      const char *prompt);
/* The same, returned once the create has been answered: queued or running, or over. */
OvsTask   *ovs_test_app_submit_clip  (OvsTestApp *app,
                                      const char *prompt);
/* A failed task of the API page's example @example with @prompt, created at @created_at
 * (Unix seconds), written straight into the history; a member of @group_id at @group_index
 * (a comparison) unless @group_id is NULL. Listed with the history's next refresh. */
void       ovs_test_app_insert_example (OvsTestApp *app,
                                        const char *example,
                                        const char *prompt,
                                        gint64      created_at,
                                        const char *group_id,
                                        gint64      group_index);
/* Quits and starts again as the user does: the window closed (its draft written), the
 * tracker and history closed, then opened again on the same folder. */
void       ovs_test_app_restart      (OvsTestApp *app);
/* The Tasks page lists at least one task, and every one is done (ovs_test_task_done). */
gboolean   ovs_test_app_all_done     (gpointer    app);
/* Finished, and downloaded and probed when it succeeded. */
gboolean   ovs_test_task_done        (gpointer    task);

G_END_DECLS
