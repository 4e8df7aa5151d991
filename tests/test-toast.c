/* test-toast.c: toasts come and go, however early they are answered
 *
 * libadwaita 1.2 (Debian 12's) frees a toast's state when its hide animation ends and
 * leaves its show animation's "done" handler connected: a toast dismissed while it still
 * comes in (its Undo clicked the moment it is there, its close button, Ctrl+Z) hides over
 * the frames it shows, and when both end in one frame the show's handler writes into the
 * freed state. That took the app down in CI (test-task-pane, SIGSEGV in
 * adw_animation_skip ()). With glibc's per-thread cache off and freed memory filled
 * (tests/meson.build sets both for every test), every such write reads garbage, so each
 * test here dies without ovs_toast_overlay_add ()'s guard, not once in a while.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ovs-app-widgets.h"
#include "ovs-test-ui.h"

typedef struct
{
  GtkWidget       *window;
  AdwToastOverlay *overlay;
  guint            clicked;    /* "button-clicked" heard */
  guint            dismissed;  /* "dismissed" heard */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->window = gtk_window_new ();
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (f->overlay, gtk_label_new ("Content"));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->overlay));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 600, 400);
  gtk_window_present (GTK_WINDOW (f->window));
  ovs_test_settle (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->overlay)));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  ovs_test_settle (50);
}

static void
clicked_cb (AdwToast *toast,
            Fixture  *f)
{
  f->clicked++;
}

static void
dismissed_cb (AdwToast *toast,
              Fixture  *f)
{
  f->dismissed++;
}

/* Added as the app adds its toasts; the fixture counts what its handlers hear. */
static AdwToast *
add_toast_full (Fixture          *f,
                const char       *title,
                const char       *button,
                AdwToastPriority  priority)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, priority);
  if (button != NULL)
    adw_toast_set_button_label (toast, button);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (clicked_cb), f);
  g_signal_connect (toast, "dismissed", G_CALLBACK (dismissed_cb), f);
  ovs_toast_overlay_add (f->overlay, g_object_ref (toast));
  return toast;
}

static AdwToast *
add_toast (Fixture    *f,
           const char *title,
           const char *button)
{
  return add_toast_full (f, title, button, ADW_TOAST_PRIORITY_NORMAL);
}

/* The toasts' widgets in the overlay: shown or hiding. */
static guint
n_toast_widgets (Fixture *f)
{
  GtkWidget *child = adw_toast_overlay_get_child (f->overlay);
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->overlay)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    n += w != child;
  return n;
}

static gboolean
no_toast_widget (gpointer data)
{
  return n_toast_widgets (data) == 0;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), data) == 0;
}

typedef struct
{
  Fixture    *f;
  const char *title;
} Shown;

static gboolean
toast_shown (gpointer data)
{
  Shown *shown = data;

  return ovs_test_find_widget (GTK_WIDGET (shown->f->overlay), is_label, shown->title) != NULL;
}

static gboolean
is_close_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "circular")
         && gtk_widget_get_mapped (widget);
}

static gboolean
close_button_shown (gpointer data)
{
  Fixture *f = data;

  return ovs_test_find_widget (GTK_WIDGET (f->overlay), is_close_button, NULL) != NULL;
}

static gboolean
block_main_loop_cb (gpointer data)
{
  /* A loaded machine: no frame for longer than either animation. */
  g_usleep (GPOINTER_TO_UINT (data) * 1000);
  return G_SOURCE_REMOVE;
}

/* "_Undo" clicked the moment the toast is there, as the deletion's toast is in
 * test-task-pane: the click is heard at once, the toast goes, the app lives. */
static void
test_button_at_once (Fixture       *f,
                     gconstpointer  data)
{
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(AdwToast) toast = add_toast (f, "Task deleted", "_Undo");
      /* Shown once the one before has gone: clicked the moment it is there. */
      GtkWidget *undo = ovs_test_wait_button (GTK_WIDGET (f->overlay), "_Undo", 5000);

      g_assert_nonnull (undo);
      g_signal_emit_by_name (undo, "clicked");
      g_assert_cmpuint (f->clicked, ==, round + 1);
      /* Every other round, the main loop is held past both animations' ends. */
      if (round % 2 == 1)
        g_timeout_add (5, block_main_loop_cb, GUINT_TO_POINTER (400));
      g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));
      /* Heard once, however late the overlay heard it. */
      g_assert_cmpuint (f->dismissed, ==, round + 1);
    }
}

/* The toast's close button, at once. */
static void
test_close_at_once (Fixture       *f,
                    gconstpointer  data)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(AdwToast) toast = add_toast (f, "Request saved", NULL);
      GtkWidget *close;

      /* Shown once the one before has gone: clicked the moment it is there. */
      g_assert_true (ovs_test_spin_until (close_button_shown, f, 5000));
      close = ovs_test_find_widget (GTK_WIDGET (f->overlay), is_close_button, NULL);
      g_signal_emit_by_name (close, "clicked");
      g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));
      g_assert_cmpuint (f->dismissed, ==, round + 1);
      g_assert_cmpuint (f->clicked, ==, 0);
    }
}

/* Dismissed by the app in the frame it came (Ctrl+Z), and replaced at once by a toast of
 * high priority (another Delete): the next one shows once the first has gone. */
static void
test_dismissed_and_replaced_at_once (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(AdwToast) first = add_toast (f, "First", NULL);
  g_autoptr(AdwToast) second = NULL;
  g_autoptr(AdwToast) third = NULL;
  Shown shown = { f, "Third" };

  /* The first, dismissed by the app at once. */

  ovs_toast_dismiss (first);
  /* Its own handlers hear it now; only the overlay waits. */
  g_assert_cmpuint (f->dismissed, ==, 1);
  g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));

  second = add_toast (f, "Second", "_Undo");
  /* Shown once the first has gone; the next comes the moment it is there. */
  shown.title = "Second";
  g_assert_true (ovs_test_spin_until (toast_shown, &shown, 5000));
  shown.title = "Third";
  third = add_toast_full (f, "Third", "_Undo", ADW_TOAST_PRIORITY_HIGH);
  /* "Second" came in and went at once, dismissed by the toast of high priority. */
  g_assert_cmpuint (f->dismissed, ==, 2);
  g_assert_true (ovs_test_spin_until (toast_shown, &shown, 5000));
  g_assert_cmpuint (n_toast_widgets (f), ==, 1);
  ovs_toast_dismiss (third);
  g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));
  g_assert_cmpuint (f->dismissed, ==, 3);
}

/* Dismissed while coming in, then the window hidden (closed to the background) before it
 * is in: the toast goes without a frame, and the next one shows when the window is back. */
static void
test_hidden_while_coming_in (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(AdwToast) first = add_toast (f, "First", "_Undo");
  g_autoptr(AdwToast) second = NULL;
  Shown shown = { f, "Second" };

  ovs_toast_dismiss (first);
  gtk_widget_set_visible (f->window, FALSE);
  g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));
  g_assert_cmpuint (f->dismissed, ==, 1);

  gtk_window_present (GTK_WINDOW (f->window));
  ovs_test_settle (200);
  second = add_toast (f, "Second", "_Undo");
  g_assert_true (ovs_test_spin_until (toast_shown, &shown, 5000));
  g_signal_emit_by_name (ovs_test_find_button (GTK_WIDGET (f->overlay), "_Undo"), "clicked");
  g_assert_true (ovs_test_spin_until (no_toast_widget, f, 5000));
  g_assert_cmpuint (f->dismissed, ==, 2);
  g_assert_cmpuint (f->clicked, ==, 1);
}

/* The overlay destroyed while a dismissed toast still comes in: nothing is heard twice. */
static void
test_destroyed_while_coming_in (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(AdwToast) toast = add_toast (f, "Task deleted", "_Undo");

  g_signal_emit_by_name (ovs_test_find_button (GTK_WIDGET (f->overlay), "_Undo"), "clicked");
  ovs_test_settle (20);
  gtk_window_destroy (GTK_WINDOW (f->window));
  ovs_test_settle (600);
  g_assert_cmpuint (f->dismissed, ==, 1);
  g_assert_cmpuint (f->clicked, ==, 1);
  /* fixture_tear_down () destroys a window again: a fresh one. */
  f->window = gtk_window_new ();
}

/* The window closed the moment a toast came: the overlay dismisses it as it goes. */
static void
test_destroyed_as_it_comes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(AdwToast) toast = add_toast (f, "Request saved", NULL);

  gtk_window_destroy (GTK_WINDOW (f->window));
  ovs_test_settle (600);
  g_assert_cmpuint (f->dismissed, ==, 1);
  f->window = gtk_window_new ();
}

int
main (int    argc,
      char **argv)
{
  ovs_test_ui_init (&argc, &argv);

  g_test_add ("/toast/button-at-once", Fixture, NULL,
              fixture_set_up, test_button_at_once, fixture_tear_down);
  g_test_add ("/toast/close-at-once", Fixture, NULL,
              fixture_set_up, test_close_at_once, fixture_tear_down);
  g_test_add ("/toast/dismissed-and-replaced-at-once", Fixture, NULL,
              fixture_set_up, test_dismissed_and_replaced_at_once, fixture_tear_down);
  g_test_add ("/toast/hidden-while-coming-in", Fixture, NULL,
              fixture_set_up, test_hidden_while_coming_in, fixture_tear_down);
  g_test_add ("/toast/destroyed-while-coming-in", Fixture, NULL,
              fixture_set_up, test_destroyed_while_coming_in, fixture_tear_down);
  g_test_add ("/toast/destroyed-as-it-comes", Fixture, NULL,
              fixture_set_up, test_destroyed_as_it_comes, fixture_tear_down);
  return g_test_run ();
}
