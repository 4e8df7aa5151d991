/* ovs-task-row.c
 *
 * A recycled list row (ovs-task-pane.c's list factory makes them). Its labels are bound in
 * ovs-task-row.ui to the task properties they show; here are the closures that format
 * them, the status chip's colour, and the group chip or label and the progress bar, made
 * only for the tasks that need them. A list item that is a whole group shows the row's
 * OvsTaskGroupRow instead, made when the row first shows a group.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-task-group-row.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-task-thumbnail.h"

/* The prompt's least width, in characters (ovs-task-row.ui), and for a task that shows its
 * place in a group beside its status. */
#define PROMPT_MIN_CHARS 12
#define PROMPT_MIN_CHARS_GROUPED 6

struct _OvsTaskRow
{
  GtkWidget      parent_instance;

  GtkTreeListRow *list_row;        /* the list's row: the item, and its depth */
  GObject       *item;             /* the task, or its group */
  OvsTask       *task;
  GSignalGroup  *task_signals;

  GtkWidget     *box;              /* bound so that dispose_template unparents it */
  GtkLabel      *status;
  /* Made when a task first needs them, in the template's boxes: the list view makes 200
   * rows at once (GTK 4.8), when first shown and at every change of the filter, and these
   * three were half of a search's work, for what few tasks show. */
  GtkBox        *chips;            /* the status, then the group's chip or label */
  GtkBox        *texts;            /* the texts, then the progress bar */
  GtkWidget     *thumbnail;
  GtkInscription *prompt;
  GtkWidget     *group_button;     /* a comparison's or variants' tile: opens the grid */
  GtkWidget     *group_label;      /* a batch's line or a chain's step */
  GtkWidget     *progress;         /* while running */
  OvsTaskGroupRow *group_row;      /* shown instead of the box for a whole group; made
                                    * when the row first shows one */
  GMenuModel    *menu_model;
  GtkWidget     *menu;             /* its popover, made when first opened */
};

G_DEFINE_FINAL_TYPE (OvsTaskRow, ovs_task_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TASK,
  PROP_ITEM,
  PROP_LIST_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
ovs_task_status_css_class (OvsTaskStatus status)
{
  switch (status)
    {
    case OVS_TASK_STATUS_SUBMITTING: return "status-submitting";
    case OVS_TASK_STATUS_QUEUED: return "status-queued";
    case OVS_TASK_STATUS_RUNNING: return "status-running";
    case OVS_TASK_STATUS_SUCCEEDED: return "status-succeeded";
    case OVS_TASK_STATUS_FAILED: return "status-failed";
    case OVS_TASK_STATUS_UNKNOWN:
    default: return "status-unknown";
    }
}

/* The local zone is read from disk once, not once per row (g_date_time_new_from_unix_local
 * loads it again each time). */
static GDateTime *
local_time (gint64 unix_seconds)
{
  static GTimeZone *zone;
  static gsize initialized;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_seconds);

  if (g_once_init_enter (&initialized))
    {
      zone = g_time_zone_new_local ();
      g_once_init_leave (&initialized, 1);
    }
  return utc != NULL ? g_date_time_to_timezone (utc, zone) : NULL;
}

char *
ovs_format_relative_time (gint64 unix_seconds,
                          gint64 now)
{
  gint64 ago = now - unix_seconds;
  g_autoptr(GDateTime) then = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");
  if (ago < 60)
    return g_strdup (_("just now"));
  if (ago < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (int) (ago / 60)), (int) (ago / 60));
  if (ago < 24 * 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (int) (ago / 3600)), (int) (ago / 3600));
  then = local_time (unix_seconds);
  if (then == NULL)
    return g_strdup ("");
  if (ago < 2 * 24 * 3600)
    return g_date_time_format (then, _("yesterday %H:%M"));
  /* Translators: a date in the task list, see g_date_time_format() */
  return g_date_time_format (then, _("%b %-d, %H:%M"));
}

char *
ovs_format_elapsed (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds < 60)
    /* Translators: a short duration in seconds */
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                          (int) (seconds % 60));
}

/* The template's closures: each gets the row, then the task properties it shows. */

static char *
prompt_text_cb (OvsTaskRow *self,
                const char *prompt)
{
  GString *text = g_string_sized_new (prompt != NULL ? strlen (prompt) : 0);

  /* Two lines of the prompt, whatever its own line breaks: a paragraph break or an indent
   * is one space, not a blank run in the middle of a line (the text is copied anyway). */
  for (const char *p = prompt; p != NULL && *p != '\0'; p++)
    {
      if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
        g_string_append_c (text, *p);
      else if (text->len > 0 && text->str[text->len - 1] != ' ')
        g_string_append_c (text, ' ');
    }
  if (text->len > 0 && text->str[text->len - 1] == ' ')
    g_string_truncate (text, text->len - 1);
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return g_strdup (_("(no prompt)"));
    }
  return g_string_free (text, FALSE);
}

static char *
status_label_cb (OvsTaskRow    *self,
                 OvsTaskStatus  status)
{
  return g_strdup (ovs_task_status_to_label (status));
}

/* What tells rows of the same prompt apart: the model, the size and length asked for,
 * and the kind of task in the reader's words (the scenario's title, not its id). */
static char *
dup_details (OvsTask *task)
{
  const char *model = ovs_task_get_model (task);
  /* The size, length and ratio asked for: the summary tells them as well as the body. */
  const char *request_json = ovs_task_get_request_summary (task);
  const char *scenario_id = ovs_task_get_scenario (task);
  OvsScenario *scenario = scenario_id != NULL
                          ? ovs_catalog_lookup (ovs_catalog_get_default (), scenario_id) : NULL;
  g_autoptr(JsonNode) root = request_json != NULL
                             ? ovs_json_parse_object (request_json, -1, NULL, NULL, NULL) : NULL;
  /* The scenario is known: no detection (it scored every scenario at each bind). */
  g_autoptr(OvsRequest) request = root != NULL && scenario != NULL
                                  ? ovs_request_new_from_node (root, scenario) : NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *resolution = request != NULL ? ovs_request_get_resolution (request) : NULL;
  const char *ratio = request != NULL ? ovs_request_get_aspect_ratio (request) : NULL;
  const char *seconds = request != NULL ? ovs_request_get_seconds (request) : NULL;

  g_ptr_array_add (parts, g_strdup (model != NULL ? model : "—"));
  if (resolution != NULL && *resolution != '\0')
    g_ptr_array_add (parts, g_strdup (resolution));
  if (ratio != NULL && *ratio != '\0')
    g_ptr_array_add (parts, g_strdup (ratio));
  if (seconds != NULL && *seconds != '\0')
    /* Translators: the length asked for, in seconds, in the task list */
    g_ptr_array_add (parts, g_strdup_printf (_("%s s"), seconds));
  if (scenario != NULL)
    g_ptr_array_add (parts, g_strdup (ovs_scenario_get_title (scenario)));
  else if (scenario_id != NULL)
    g_ptr_array_add (parts, g_strdup (scenario_id));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A task's request never changes once written: its details are read once per task, not
 * at every bind while scrolling (the body may hold megabytes of inline files). Keyed by
 * row id and creation time (SQLite may give a deleted task's id to the next one). The
 * cache is emptied when it grows past a few pages of history. */
#define DETAILS_CACHE_SIZE 4096

static char *
details_text_cb (OvsTaskRow *self,
                 OvsTask    *task)
{
  static GHashTable *cache;
  g_autofree char *key = NULL;
  const char *details;
  char *text;

  if (task == NULL)
    return g_strdup ("");
  if (cache == NULL || g_hash_table_size (cache) >= DETAILS_CACHE_SIZE)
    {
      g_clear_pointer (&cache, g_hash_table_unref);
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
  key = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT, ovs_task_get_id (task),
                         ovs_task_get_created_at (task));
  details = g_hash_table_lookup (cache, key);
  if (details != NULL)
    return g_strdup (details);
  text = dup_details (task);
  if (ovs_task_get_id (task) > 0)
    g_hash_table_insert (cache, g_steal_pointer (&key), g_strdup (text));
  return text;
}

static char *
time_text_cb (OvsTaskRow *self,
              gint64      created_at,
              gint64      finished_at)
{
  g_autofree char *when = ovs_format_relative_time (created_at, g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *took = NULL;

  if (finished_at <= 0 || created_at <= 0)
    return g_steal_pointer (&when);
  took = ovs_format_elapsed (finished_at - created_at);
  return g_strdup_printf (_("%s · took %s"), when, took);
}

/* Comparisons and variants open as a grid; a batch or a chain is only named. */
static gboolean
is_grid_kind (const char *kind)
{
  return g_strcmp0 (kind, "compare") == 0 || g_strcmp0 (kind, "variants") == 0;
}

/* The task's place in its group, counted from one as the grid and a batch file do. */
static char *
dup_group_text (const char *group_kind,
                gint64      group_index)
{
  int place = (int) group_index + 1;

  if (g_strcmp0 (group_kind, "compare") == 0)
    /* Translators: the task list's chip for a task of a comparison; %d is its tile */
    return g_strdup_printf (_("Comparison · %d"), place);
  if (g_strcmp0 (group_kind, "variants") == 0)
    return g_strdup_printf (_("Variants · copy %d"), place);
  if (g_strcmp0 (group_kind, "batch") == 0)
    return g_strdup_printf (_("Batch · line %d"), place);
  if (g_strcmp0 (group_kind, "chain") == 0)
    return g_strdup_printf (_("Chain · step %d"), place);
  return g_strdup (group_kind != NULL ? group_kind : "");
}

/* A GtkInscription is as tall as its lines in its font's own metrics; a line that mixes
 * Latin and CJK text takes the taller of both fonts and would lose its bottom. Room for
 * both, measured once when the row is made, never at a bind. */
static void
text_realize_cb (GtkInscription *text,
                 OvsTaskRow     *self)
{
  /* One line's height for each font the rows use (three), measured once: the list makes
   * 200 rows at a time, and shaping a CJK character for each text of each was 3 % of a
   * search's work. The key is the font the row's style gives, so another font from the
   * user's settings is measured again. */
  static GHashTable *heights;
  const PangoFontDescription *font;
  int height;

  if (heights == NULL)
    heights = g_hash_table_new_full ((GHashFunc) pango_font_description_hash,
                                     (GEqualFunc) pango_font_description_equal,
                                     (GDestroyNotify) pango_font_description_free, NULL);
  font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (text)));
  height = GPOINTER_TO_INT (g_hash_table_lookup (heights, font));
  if (height == 0)
    {
      /* "Ag中" */
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (text), "Ag\u4e2d");

      pango_layout_get_pixel_size (layout, NULL, &height);
      g_hash_table_insert (heights, pango_font_description_copy (font), GINT_TO_POINTER (MAX (height, 1)));
    }
  gtk_widget_set_size_request (GTK_WIDGET (text), -1,
                               height * (int) MAX (gtk_inscription_get_min_lines (text), 1));
}

/* The row's own task, not the selected one: the chip is clicked without selecting. */
static void
open_group_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OvsTaskRow *self = OVS_TASK_ROW (widget);
  const char *group_id = self->task != NULL ? ovs_task_get_group_id (self->task) : NULL;

  if (group_id != NULL)
    gtk_widget_activate_action (widget, "win.open-group", "s", group_id);
}

/* Asked for only when the pointer rests on the row, not written at every bind. */
static gboolean
query_tooltip_cb (OvsTaskRow *self,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip)
{
  const char *text;

  if (self->task == NULL)
    return FALSE;
  text = ovs_task_get_error (self->task) != NULL ? ovs_task_get_error (self->task)
                                                 : ovs_task_get_shown_note (self->task);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The row's own task, which the menu was opened on (it is selected first). */
static void
add_to_film_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsTaskRow *self = OVS_TASK_ROW (widget);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();

  if (self->task == NULL)
    return;
  g_ptr_array_add (tasks, self->task);
  ovs_task_pane_add_to_film (widget, tasks);
}

/* The states are set when the menu opens, not at every bind while scrolling; once it
 * closes, the action is on again for whatever task the recycled row shows next. */
static void
menu_closed_cb (OvsTaskRow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.add-to-film", TRUE);
}

/**
 * ovs_task_row_popup_menu:
 * @x, @y: where the pointer was, or -1 for the whole row (the keyboard's Menu key)
 *
 * Opens the row's menu, or its group's, with the row selected: the menu's Delete… acts on
 * the selection.
 */
void
ovs_task_row_popup_menu (OvsTaskRow *self,
                         double      x,
                         double      y)
{
  GdkRectangle at = { 0, 0, gtk_widget_get_width (GTK_WIDGET (self)),
                      gtk_widget_get_height (GTK_WIDGET (self)) };

  g_return_if_fail (OVS_IS_TASK_ROW (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "listitem.select", "(bb)", FALSE, FALSE);
  if (self->item != NULL && OVS_IS_TASK_GROUP (self->item))
    {
      ovs_task_group_row_popup_menu (self->group_row);
      return;
    }
  if (self->task == NULL)
    return;
  if (self->menu == NULL)
    {
      self->menu = gtk_popover_menu_new_from_model (self->menu_model);
      gtk_widget_set_name (self->menu, "task-row-menu");
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      g_signal_connect_object (self->menu, "closed", G_CALLBACK (menu_closed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  /* Offered on every finished task: one whose video is not here says what to do. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.add-to-film",
                                 ovs_task_get_status (self->task) == OVS_TASK_STATUS_SUCCEEDED);
  if (x >= 0 && y >= 0)
    at = (GdkRectangle) { (int) x, (int) y, 1, 1 };
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      OvsTaskRow      *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  ovs_task_row_popup_menu (self, x, y);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 OvsTaskRow          *self)
{
  ovs_task_row_popup_menu (self, x, y);
}

/* The group's chip or label and the progress bar: made the first time the row's task
 * needs one, then shown and hidden. */
static void
update_extras (OvsTaskRow *self)
{
  const char *kind = self->task != NULL ? ovs_task_get_group_kind (self->task) : NULL;
  gboolean grid = is_grid_kind (kind);
  gboolean other = kind != NULL && !grid;
  gboolean running = self->task != NULL
                     && ovs_task_get_status (self->task) == OVS_TASK_STATUS_RUNNING;
  g_autofree char *group_text = grid || other
                                ? dup_group_text (kind, ovs_task_get_group_index (self->task))
                                : NULL;

  if (grid && self->group_button == NULL)
    {
      self->group_button = gtk_button_new ();
      gtk_widget_set_name (self->group_button, "task-row-group");
      gtk_widget_set_halign (self->group_button, GTK_ALIGN_END);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->group_button), "row.open-group");
      gtk_widget_set_tooltip_text (self->group_button, _("Open the group as a grid"));
      gtk_widget_add_css_class (self->group_button, "flat");
      gtk_widget_add_css_class (self->group_button, "group-chip");
      gtk_box_insert_child_after (self->chips, self->group_button, GTK_WIDGET (self->status));
    }
  if (self->group_button != NULL)
    {
      if (grid)
        gtk_button_set_label (GTK_BUTTON (self->group_button), group_text);
      gtk_widget_set_visible (self->group_button, grid);
    }

  if (other && self->group_label == NULL)
    {
      self->group_label = gtk_label_new (NULL);
      gtk_widget_set_name (self->group_label, "task-row-group-label");
      gtk_widget_set_halign (self->group_label, GTK_ALIGN_END);
      gtk_widget_add_css_class (self->group_label, "dim-label");
      gtk_widget_add_css_class (self->group_label, "caption");
      gtk_box_append (self->chips, self->group_label);
    }
  if (self->group_label != NULL)
    {
      if (other)
        gtk_label_set_label (GTK_LABEL (self->group_label), group_text);
      gtk_widget_set_visible (self->group_label, other);
    }

  /* "Comparison · 2" is wider than a status chip: the prompt gives up the room at its
   * least, so that the row is no wider at its least than a row without (the list is as wide
   * as its widest row). */
  gtk_inscription_set_min_chars (self->prompt, grid || other ? PROMPT_MIN_CHARS_GROUPED
                                                             : PROMPT_MIN_CHARS);

  if (running && self->progress == NULL)
    {
      self->progress = gtk_progress_bar_new ();
      gtk_widget_add_css_class (self->progress, "osd");
      gtk_box_append (self->texts, self->progress);
    }
  if (self->progress != NULL)
    {
      int progress = running ? ovs_task_get_progress (self->task) : -1;

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                     progress >= 0 ? progress / 100.0 : 0.0);
      gtk_widget_set_visible (self->progress, running);
    }
}

static void
update_status_class (OvsTaskRow *self)
{
  OvsTaskStatus status;

  if (self->task == NULL)
    return;
  status = ovs_task_get_status (self->task);
  /* Most rows bound while scrolling have the status the row showed: taking the class off
   * and putting it back would restyle the chip twice for nothing. */
  if (gtk_widget_has_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (status)))
    return;
  for (int s = OVS_TASK_STATUS_SUBMITTING; s <= OVS_TASK_STATUS_UNKNOWN; s++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (s));
  gtk_widget_add_css_class (GTK_WIDGET (self->status), ovs_task_status_css_class (status));
}

void
ovs_task_row_set_task (OvsTaskRow *self,
                       OvsTask    *task)
{
  g_return_if_fail (OVS_IS_TASK_ROW (self));
  g_return_if_fail (task == NULL || OVS_IS_TASK (task));

  if (!g_set_object (&self->task, task))
    return;
  g_signal_group_set_target (self->task_signals, task);
  update_status_class (self);
  update_extras (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK]);
}

/* A task or a group (OvsTaskGroup): the list items of a history with its groups
 * collapsed. */
void
ovs_task_row_set_item (OvsTaskRow *self,
                       GObject    *item)
{
  gboolean is_group;

  g_return_if_fail (OVS_IS_TASK_ROW (self));

  if (!g_set_object (&self->item, item))
    return;
  is_group = item != NULL && OVS_IS_TASK_GROUP (item);
  ovs_task_row_set_task (self, item != NULL && OVS_IS_TASK (item) ? OVS_TASK (item) : NULL);
  /* The list view makes its 200 rows at once when first shown (GTK 4.8), most of them for
   * single tasks: a group row each was two thirds of a row's making. */
  if (is_group && self->group_row == NULL)
    {
      self->group_row = g_object_new (OVS_TYPE_TASK_GROUP_ROW, NULL);
      gtk_widget_insert_after (GTK_WIDGET (self->group_row), GTK_WIDGET (self), self->box);
    }
  if (self->group_row != NULL)
    {
      ovs_task_group_row_set_group (self->group_row, is_group ? OVS_TASK_GROUP (item) : NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->group_row), is_group);
    }
  gtk_widget_set_visible (self->box, !is_group);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/* A thumbnail's width at the top of the list, and a member's indent (style.css,
 * taskrow.member). */
#define THUMBNAIL_WIDTH 96
#define MEMBER_INDENT 24

/* A row of the task list's tree: a task or a group at the top, or a group's member
 * (indented beneath its group). */
static void
ovs_task_row_set_list_row (OvsTaskRow     *self,
                           GtkTreeListRow *list_row)
{
  g_autoptr(GObject) item = NULL;

  if (!g_set_object (&self->list_row, list_row))
    return;
  item = list_row != NULL ? gtk_tree_list_row_get_item (list_row) : NULL;
  ovs_task_row_set_item (self, item);
  if (self->group_row != NULL)
    ovs_task_group_row_set_list_row (self->group_row,
                                     item != NULL && OVS_IS_TASK_GROUP (item) ? list_row : NULL);
  /* A member's thumbnail is smaller by its indent: the row is no wider than a row at the
   * top, and opening a group does not widen the list (its width is its widest row's). */
  if (list_row != NULL && gtk_tree_list_row_get_depth (list_row) > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "member");
      gtk_widget_set_size_request (self->thumbnail, THUMBNAIL_WIDTH - MEMBER_INDENT,
                                   (THUMBNAIL_WIDTH - MEMBER_INDENT) * 9 / 16);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "member");
      gtk_widget_set_size_request (self->thumbnail, THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 9 / 16);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIST_ROW]);
}

OvsTask *
ovs_task_row_get_task (OvsTaskRow *self)
{
  g_return_val_if_fail (OVS_IS_TASK_ROW (self), NULL);
  return self->task;
}

static void
ovs_task_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      g_value_set_object (value, OVS_TASK_ROW (object)->task);
      break;
    case PROP_ITEM:
      g_value_set_object (value, OVS_TASK_ROW (object)->item);
      break;
    case PROP_LIST_ROW:
      g_value_set_object (value, OVS_TASK_ROW (object)->list_row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_TASK:
      ovs_task_row_set_task (OVS_TASK_ROW (object), g_value_get_object (value));
      break;
    case PROP_ITEM:
      ovs_task_row_set_item (OVS_TASK_ROW (object), g_value_get_object (value));
      break;
    case PROP_LIST_ROW:
      ovs_task_row_set_list_row (OVS_TASK_ROW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_row_dispose (GObject *object)
{
  OvsTaskRow *self = OVS_TASK_ROW (object);

  ovs_task_row_set_task (self, NULL);
  g_clear_object (&self->list_row);
  g_clear_object (&self->item);
  g_clear_object (&self->task_signals);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer ((GtkWidget **) &self->group_row, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_TASK_ROW);
  /* Inside the template's boxes: gone with them. */
  self->group_button = self->group_label = self->progress = NULL;

  G_OBJECT_CLASS (ovs_task_row_parent_class)->dispose (object);
}

static void
ovs_task_row_class_init (OvsTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_task_row_get_property;
  object_class->set_property = ovs_task_row_set_property;
  object_class->dispose = ovs_task_row_dispose;

  properties[PROP_TASK] =
    g_param_spec_object ("task", NULL, NULL, OVS_TYPE_TASK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST_ROW] =
    g_param_spec_object ("list-row", NULL, NULL, GTK_TYPE_TREE_LIST_ROW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taskrow");

  g_type_ensure (OVS_TYPE_TASK_THUMBNAIL);
  g_type_ensure (OVS_TYPE_TASK_GROUP_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, box);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, status);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, chips);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, texts);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, prompt);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskRow, menu_model);
  gtk_widget_class_bind_template_callback (widget_class, secondary_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, long_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, prompt_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_label_cb);
  gtk_widget_class_bind_template_callback (widget_class, details_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, time_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_realize_cb);
  gtk_widget_class_install_action (widget_class, "row.open-group", NULL, open_group_action);
  gtk_widget_class_install_action (widget_class, "row.add-to-film", NULL, add_to_film_action);
}

static void
ovs_task_row_init (OvsTaskRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The labels and the thumbnail follow the task through their bindings; the chip's
   * colour through this. */
  self->task_signals = g_signal_group_new (OVS_TYPE_TASK);
  g_signal_group_connect_object (self->task_signals, "notify::status",
                                 G_CALLBACK (update_status_class), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->task_signals, "notify::status",
                                 G_CALLBACK (update_extras), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->task_signals, "notify::progress",
                                 G_CALLBACK (update_extras), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->task_signals, "notify::group-kind",
                                 G_CALLBACK (update_extras), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->task_signals, "notify::group-index",
                                 G_CALLBACK (update_extras), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ovs_task_row_new (void)
{
  return g_object_new (OVS_TYPE_TASK_ROW, NULL);
}
