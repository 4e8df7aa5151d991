/* ovs-shots-panel.c
 *
 * The shot list of a custom Kling storyboard: a timeline that shows how the shots fill the
 * video's length, then one row per shot (its prompt and its duration), then "Add Shot".
 * Indexes are kept 1..n in list order after every add, remove and move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-shots-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ovs-shot-row.h"
#include "ovs-shots-panel.h"
#include "ovs-shots-timeline.h"

#define DEFAULT_MAX_SHOTS 6

static const char shots_css[] =
  "shotstimeline { min-height: 56px; }\n"
  ".shots-timeline-row { padding: 12px; }\n"
  ".shot-row { padding: 10px 12px 12px 12px; }\n"
  ".shot-row.drop-target { box-shadow: inset 0 2px @accent_color; }\n"
  ".shot-badge { min-width: 22px; min-height: 22px; border-radius: 11px; color: white;"
  "  font-weight: bold; font-size: smaller; }\n"
  ".shot-handle { opacity: 0.55; }\n"
  ".shot-prompt { border-radius: 8px; background-color: alpha(currentColor, 0.06); }\n"
  ".shot-prompt textview, .shot-prompt textview text { background-color: transparent; }\n"
  ".shot-prompt:focus-within { box-shadow: inset 0 0 0 2px alpha(@accent_color, 0.5); }\n"
  ".shot-prompt.error { box-shadow: inset 0 0 0 1px @error_color; }\n"
  ".shot-prompt.warning { box-shadow: inset 0 0 0 1px @warning_color; }\n"
  ".shot-prompt .placeholder { opacity: 0.5; }\n"
  ".shot-add-button { min-height: 44px; border-radius: 0; }\n"
  ".shot-color-0 { background-color: #3584e4; }\n"
  ".shot-color-1 { background-color: #2ec27e; }\n"
  ".shot-color-2 { background-color: #e5a50a; }\n"
  ".shot-color-3 { background-color: #9141ac; }\n"
  ".shot-color-4 { background-color: #ff7800; }\n"
  ".shot-color-5 { background-color: #986a44; }\n";

static void
ensure_css (void)
{
  static gboolean done;
  GtkCssProvider *provider;

  if (done || gdk_display_get_default () == NULL)
    return;
  done = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, shots_css, -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (provider);
}


struct _OvsShotsPanel
{
  OvsPanel parent_instance;

  OvsShotsTimeline *timeline;
  GtkLabel         *summary;
  GtkWidget        *fit_button;
  GPtrArray        *rows;        /* OvsShotRow, one per shot */
  GtkWidget        *add_row;
  GtkWidget        *add_button;  /* named "<list path>[+]" */
  int               max_shots;
};


G_DEFINE_FINAL_TYPE (OvsShotsPanel, ovs_shots_panel, OVS_TYPE_PANEL)

static gint64
get_seconds (OvsShotsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  const char *text = ovs_request_get_seconds (request);
  gint64 seconds = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, 3600, &seconds, NULL))
    return 0;
  return seconds;
}

/* The timeline, the sentence under it and whether "Fit to Length" can do anything. */
static void
update_summary (OvsShotsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GPtrArray) shots = ovs_request_dup_shots (request);
  gint64 seconds = get_seconds (self);
  double total = 0;
  g_autofree char *total_text = NULL;
  g_autofree char *seconds_text = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
  g_autofree char *text = NULL;
  gboolean fits;

  for (guint i = 0; i < shots->len; i++)
    total += ((OvsShot *) g_ptr_array_index (shots, i))->duration;
  total_text = ovs_shots_format_seconds (total);
  fits = seconds > 0 && fabs (total - (double) seconds) < 1e-6;

  if (seconds <= 0)
    /* Translators: %s is a number of seconds */
    text = g_strdup_printf (_("%s s in all; the video’s length is not set"), total_text);
  else if (fits)
    /* Translators: the shots' total and the video's length, in seconds: "5 s of 5 s" */
    text = g_strdup_printf (_("%s s of %s s"), total_text, seconds_text);
  else if (total > seconds)
    {
      g_autofree char *over = ovs_shots_format_seconds (total - seconds);

      /* Translators: "6 s of 5 s: 1 s too long" */
      text = g_strdup_printf (_("%s s of %s s: %s s too long"), total_text, seconds_text, over);
    }
  else
    {
      g_autofree char *left = ovs_shots_format_seconds (seconds - total);

      /* Translators: "4 s of 5 s: 1 s left to fill" */
      text = g_strdup_printf (_("%s s of %s s: %s s left to fill"), total_text, seconds_text,
                              left);
    }

  gtk_label_set_label (self->summary, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "success");
  if (fits)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary), "success");
  else if (seconds > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary), total > seconds ? "error" : "warning");

  ovs_shots_timeline_set (self->timeline, shots, (double) seconds, text);

  /* ovs_request_fit_shots gives each shot at least 1 s. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shots.fit",
                                 seconds > 0 && !fits && shots->len > 0
                                 && (gint64) shots->len <= seconds);
}

static void
row_prompt_changed_cb (OvsShotRow    *row,
                       const char    *text,
                       OvsShotsPanel *self)
{
  g_autofree char *path = ovs_shot_row_dup_path (ovs_shot_row_get_index (row), "prompt");

  if (ovs_panel_is_updating (OVS_PANEL (self)))
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (self)), path, text);
  ovs_panel_end_update (OVS_PANEL (self));
  update_summary (self);
}

static void
row_duration_changed_cb (OvsShotRow    *row,
                         double         seconds,
                         OvsShotsPanel *self)
{
  g_autofree char *path = ovs_shot_row_dup_path (ovs_shot_row_get_index (row), "duration");

  if (ovs_panel_is_updating (OVS_PANEL (self)))
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_number (ovs_panel_get_request (OVS_PANEL (self)), path, seconds);
  ovs_panel_end_update (OVS_PANEL (self));
  update_summary (self);
}

static void
row_move_cb (OvsShotRow    *row,
             guint          from,
             guint          to,
             OvsShotsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint n = ovs_request_get_n_items (request, OVS_SHOTS_PATH);

  if (from == to || from >= n || to >= n)
    return;
  ovs_request_move_item (request, OVS_SHOTS_PATH, from, to);
  ovs_request_renumber_shots (request);
  /* The shot moved by a button: so does the focus, to keep moving it with the same key. */
  if ((from == to + 1 || to == from + 1) && gtk_widget_get_focus_child (GTK_WIDGET (row)) != NULL)
    ovs_shot_row_focus_move (g_ptr_array_index (self->rows, to), to < from);
}

static void
row_remove_cb (OvsShotRow    *row,
               guint          index,
               OvsShotsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));

  ovs_request_remove_item (request, OVS_SHOTS_PATH, index);
  ovs_request_renumber_shots (request);
  /* The last one gone: no empty list stays behind. */
  if (ovs_request_get_n_items (request, OVS_SHOTS_PATH) == 0)
    ovs_request_remove (request, OVS_SHOTS_PATH);

  if (self->rows->len > 0)
    ovs_shot_row_focus_remove (g_ptr_array_index (self->rows, MIN (index, self->rows->len - 1)));
  else
    gtk_widget_grab_focus (self->add_button);
}

static void
add_clicked_cb (GtkButton     *button,
                OvsShotsPanel *self)
{
  ovs_request_add_shot (ovs_panel_get_request (OVS_PANEL (self)), -1, "", 1);

  if (self->rows->len > 0)
    {
      ovs_shot_row_focus_prompt (g_ptr_array_index (self->rows, self->rows->len - 1));
    }
}

static void
fit_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (widget);

  ovs_request_fit_shots (ovs_panel_get_request (OVS_PANEL (self)));
}

static GtkWidget *
make_row (OvsPanel *panel)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (panel);
  GtkWidget *row = ovs_shot_row_new ();

  g_signal_connect (row, "prompt-changed", G_CALLBACK (row_prompt_changed_cb), self);
  g_signal_connect (row, "duration-changed", G_CALLBACK (row_duration_changed_cb), self);
  g_signal_connect (row, "move", G_CALLBACK (row_move_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (row_remove_cb), self);
  return row;
}

static void
sync_rows (OvsShotsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GPtrArray) shots = ovs_request_dup_shots (request);
  guint n = shots->len;

  ovs_panel_begin_update (OVS_PANEL (self));

  ovs_panel_resize_rows (OVS_PANEL (self), self->rows, n, self->add_row, make_row);

  for (guint i = 0; i < n; i++)
    ovs_shot_row_set_shot (g_ptr_array_index (self->rows, i), i, n, g_ptr_array_index (shots, i));

  gtk_widget_set_sensitive (self->add_button, self->max_shots <= 0 || (int) n < self->max_shots);
  if (self->max_shots > 0 && (int) n >= self->max_shots)
    {
      /* Translators: %d is the most shots a storyboard can have */
      g_autofree char *tooltip = g_strdup_printf (_("A storyboard has at most %d shots"),
                                                  self->max_shots);

      gtk_widget_set_tooltip_text (self->add_row, tooltip);
    }
  else
    gtk_widget_set_tooltip_text (self->add_row, NULL);

  ovs_panel_end_update (OVS_PANEL (self));
}

static void
ovs_shots_panel_request_changed (OvsPanel   *panel,
                                 const char *path)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (panel);

  if (ovs_panel_path_affects (path, OVS_SHOTS_PATH))
    sync_rows (self);
  /* The length lives elsewhere ("seconds"); the timeline is cheap to redo. */
  update_summary (self);
}

static void
ovs_shots_panel_show_problems (OvsPanel  *panel,
                               GPtrArray *problems)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (panel);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    ovs_shot_row_show_problems (g_ptr_array_index (self->rows, i), problems);

  /* Problems of the list itself (missing, empty, durations that do not add up) and of a
   * shot that is not an object go on the group. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);
      const char *rest;

      if (!g_str_has_prefix (problem->path, OVS_SHOTS_PATH))
        continue;
      rest = problem->path + strlen (OVS_SHOTS_PATH);
      if (*rest == '\0' || (*rest == '[' && strchr (rest, '.') == NULL))
        ovs_panel_append_problem (text, problem->message);
    }

  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                               text->len > 0 ? text->str
                               : _("Each shot has its own prompt and duration; "
                                   "together they fill the video’s length."));
}

static void
ovs_shots_panel_constructed (GObject *object)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (object);
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  const OvsField *field = ovs_scenario_get_field (scenario, OVS_SHOTS_PATH);
  int min = 1, max = DEFAULT_MAX_SHOTS;

  G_OBJECT_CLASS (ovs_shots_panel_parent_class)->constructed (object);

  ensure_css ();
  if (ovs_scenario_get_limits (scenario, "shots", &min, &max))
    self->max_shots = max;
  else
    self->max_shots = DEFAULT_MAX_SHOTS;

  if (field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), field->title);

  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_shots_panel_dispose (GObject *object)
{
  OvsShotsPanel *self = OVS_SHOTS_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_SHOTS_PANEL);

  G_OBJECT_CLASS (ovs_shots_panel_parent_class)->dispose (object);
}

static void
ovs_shots_panel_class_init (OvsShotsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ovs_shots_panel_constructed;
  object_class->dispose = ovs_shots_panel_dispose;

  g_type_ensure (OVS_TYPE_SHOTS_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-shots-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsShotsPanel, timeline);
  gtk_widget_class_bind_template_child (widget_class, OvsShotsPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, OvsShotsPanel, fit_button);
  gtk_widget_class_bind_template_child (widget_class, OvsShotsPanel, add_row);
  gtk_widget_class_bind_template_child (widget_class, OvsShotsPanel, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_install_action (widget_class, "shots.fit", NULL, fit_action_cb);

  panel_class->request_changed = ovs_shots_panel_request_changed;
  panel_class->show_problems = ovs_shots_panel_show_problems;
}

static void
ovs_shots_panel_init (OvsShotsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its list's JSON path, as the form's other "add" widgets. */
  gtk_widget_set_name (self->add_button, OVS_SHOTS_PATH "[+]");

  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_shots_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_SHOTS_PANEL, "request", request, NULL);
}
