/* bench-bare.c: a bare GtkApplicationWindow, measured like the app (build-aux/bench)
 *
 * With OVS_BENCH_SCROLL_FRAMES set, the window holds a plain GtkListView of 100 000 labels
 * instead: the reference for scrolling the task history. With OVS_BENCH_KEYSTROKES set, a
 * plain GtkTextView named "prompt", wrapped like the app's: the floor of what painting a
 * typed character costs GTK on this machine, whatever the app does around it.
 *
 * With OVS_BENCH_BARE_ADW set, the same bare window made with libadwaita (an AdwApplication,
 * which loads libadwaita's stylesheet, and an AdwApplicationWindow with a header bar): what
 * any libadwaita app pays before its own first widget, for scale.
 *
 * It chooses its renderer as the app does (ovs-gsk-choice.c, main.c): without a GPU, cairo,
 * with OpenGL never loaded. A bare window left to GTK 4.8 would load Mesa and LLVM there
 * (about 0.25 s and 120 MiB on these machines), and every ratio would then flatter the app
 * by what it saves on that choice rather than measure what it adds to a GTK window.
 * With OVS_BENCH_GTK_CHOICE set, it is left to GTK's choice all the same: the bare window
 * the issue on start-up measured against, for its own figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "ovs-bench-hook.h"
#include "ovs-gsk-choice.h"

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static GtkWidget *
plain_list_new (void)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view;

  for (int i = 0; i < 100000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Task %d: a red fox runs through the snow", i);

      gtk_string_list_append (strings, text);
    }
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&strings)))),
                            factory);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  return scroller;
}

static GtkWidget *
plain_text_view_new (void)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_name (view, "prompt");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  return view;
}

static GtkWidget *
bare_adw_window_new (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Omni Video Studio"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  return window;
}

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window;

  if (g_getenv ("OVS_BENCH_BARE_ADW") != NULL)
    {
      window = bare_adw_window_new (app);
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
      ovs_bench_hook_watch (app, GTK_WINDOW (window));
      gtk_window_present (GTK_WINDOW (window));
      return;
    }
  window = gtk_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 820);
  if (g_getenv ("OVS_BENCH_SCROLL_FRAMES") != NULL)
    gtk_window_set_child (GTK_WINDOW (window), plain_list_new ());
  else if (g_getenv ("OVS_BENCH_KEYSTROKES") != NULL)
    gtk_window_set_child (GTK_WINDOW (window), plain_text_view_new ());
  else
    gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Omni Video Studio"));
  ovs_bench_hook_watch (app, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  /* OVS_BENCH_GTK_CHOICE: left to GTK 4.8's own choice, as the bare window was. */
  gboolean as_the_app = g_getenv ("OVS_BENCH_GTK_CHOICE") == NULL;
  g_autoptr(GtkApplication) app = NULL;

  if (as_the_app)
    ovs_gsk_choose_before_init ();
  if (gtk_init_check () && as_the_app)
    ovs_gsk_choose_renderer ();
  if (g_getenv ("OVS_BENCH_BARE_ADW") != NULL)
    app = GTK_APPLICATION (adw_application_new ("io.github.omnivideo.BenchBare",
                                                G_APPLICATION_NON_UNIQUE));
  else
    app = gtk_application_new ("io.github.omnivideo.BenchBare", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
