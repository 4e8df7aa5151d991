/* ovs-task-group-row.c
 *
 * A group of the history as one row (ovs-task-group-row.ui): what the group is, "3 of 4
 * done", the members' thumbnails side by side, their models, and at its end the arrow
 * that shows its members beneath it. It follows the group's "changed" signal, which the
 * group emits for its own members only; nothing here reads the history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-group-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-app-widgets.h"
#include "ovs-task-group-row.h"
#include "ovs-task-pane.h"
#include "ovs-task-row.h"
#include "ovs-task-thumbnail.h"

/* At most as many as a comparison has models; the count says how many there are. */
#define MAX_THUMBNAILS 6
/* Between two thumbnails, and before the "+2" of those left out. */
#define THUMBNAIL_SPACING 4

struct _OvsTaskGroupRow
{
  GtkWidget     parent_instance;

  OvsTaskGroup *group;
  GSignalGroup *group_signals;
  GtkTreeListRow *list_row;     /* the list's row, opened and closed by the arrow */
  GSignalGroup *row_signals;

  GtkWidget    *box;            /* bound so that dispose_template unparents it */
  GtkLabel     *title;
  GtkLabel     *summary;
  GtkLabel     *prompt;
  GtkBox       *thumbnails;     /* laid out by thumbnails_measure () and _allocate () */
  GtkWidget    *more;           /* "+2": the thumbnails left out where the row is narrow */
  GtkLabel     *models;
  GtkLabel     *time;
  GtkButton    *expander;
  GtkMenuButton *menu_button;
  GMenuModel   *group_menu;     /* the button's, from its first opening */
};

G_DEFINE_FINAL_TYPE (OvsTaskGroupRow, ovs_task_group_row, GTK_TYPE_WIDGET)

/**
 * ovs_task_group_dup_title:
 *
 * Returns: what the group is, in a few words: "Comparison of 4 models"
 */
char *
ovs_task_group_dup_title (OvsTaskGroup *group)
{
  const char *kind = ovs_task_group_get_kind (group);
  guint n = ovs_task_group_get_n_tasks (group);

  if (g_strcmp0 (kind, "compare") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Comparison of %u model",
                                         "Comparison of %u models", n), n);
  if (g_strcmp0 (kind, "variants") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Variants: %u copy",
                                         "Variants: %u copies", n), n);
  if (g_strcmp0 (kind, "batch") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Batch of %u task",
                                         "Batch of %u tasks", n), n);
  if (g_strcmp0 (kind, "chain") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Chain of %u step",
                                         "Chain of %u steps", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Group of %u task",
                                       "Group of %u tasks", n), n);
}

/* The chip: how far the group got, coloured by its worst news. */
static void
update_summary (OvsTaskGroupRow *self)
{
  guint n = ovs_task_group_get_n_tasks (self->group);
  guint finished = ovs_task_group_get_n_finished (self->group);
  guint succeeded = ovs_task_group_get_n_succeeded (self->group);
  g_autofree char *text = NULL;
  OvsTaskStatus status = finished < n ? OVS_TASK_STATUS_RUNNING
                         : succeeded == n ? OVS_TASK_STATUS_SUCCEEDED : OVS_TASK_STATUS_FAILED;

  /* Translators: a group's progress in the task list: "3 of 4 done" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done", "%u of %u done", n),
                          succeeded, n);
  gtk_label_set_label (self->summary, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "group.add-to-film", succeeded > 0);
  for (int s = OVS_TASK_STATUS_SUBMITTING; s <= OVS_TASK_STATUS_UNKNOWN; s++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary), ovs_task_status_css_class (s));
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), ovs_task_status_css_class (status));
}

/* The thumbnails side by side while they fit; where the row is narrower (six models, a
 * narrow list), as many as fit and "+N" for the others. Their natural width, not their
 * minimum, is the six's: a group's row never widens the list, which is as wide as its
 * widest row. */
static void
thumbnails_measure (GtkWidget      *box,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  GtkWidget *more = gtk_widget_get_first_child (box);
  int more_min, more_nat, n = 0;

  *minimum = *natural = 0;
  gtk_widget_measure (more, orientation, -1, &more_min, &more_nat, NULL, NULL);
  for (GtkWidget *child = gtk_widget_get_next_sibling (more); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, orientation, -1, &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          /* At least the first, and room for the "+N" after it when there are more. */
          if (n == 0)
            *minimum = child_min;
          else if (n == 1)
            *minimum += THUMBNAIL_SPACING + more_nat;
          *natural += (n > 0 ? THUMBNAIL_SPACING : 0) + child_nat;
        }
      n++;
    }
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = MAX (*minimum, more_min);
      *natural = MAX (*natural, more_nat);
    }
}

static void
allocate_centred (GtkWidget *child,
                  int        x,
                  int        width,
                  int        height)
{
  int child_height;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL, NULL);
  child_height = MIN (child_height, height);
  gtk_widget_size_allocate (child, &(GtkAllocation) { x, (height - child_height) / 2,
                                                      width, child_height }, -1);
}

static void
thumbnails_allocate (GtkWidget *box,
                     int        width,
                     int        height,
                     int        baseline)
{
  GtkWidget *more = gtk_widget_get_first_child (box);
  int natural, more_width, x = 0;
  guint n = 0, shown = 0;

  /* All of them where all fit; otherwise the first always, the others while the "+N" still
   * fits after them. */
  thumbnails_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &(int) { 0 }, &natural, NULL, NULL);
  gtk_widget_measure (more, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &more_width, NULL, NULL);
  for (GtkWidget *child = gtk_widget_get_next_sibling (more); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width;
      gboolean fits;

      if (!gtk_widget_get_visible (child))
        continue;
      n++;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &child_width, NULL, NULL);
      fits = natural <= width || shown == 0
             || x + child_width + THUMBNAIL_SPACING + more_width <= width;
      gtk_widget_set_child_visible (child, fits);
      if (!fits)
        continue;
      allocate_centred (child, x, child_width, height);
      x += child_width + THUMBNAIL_SPACING;
      shown++;
    }

  gtk_widget_set_child_visible (more, shown < n);
  if (shown < n)
    {
      g_autofree char *text = g_strdup_printf ("+%u", n - shown);

      gtk_inscription_set_text (GTK_INSCRIPTION (more), text);
      allocate_centred (more, x, more_width, height);
    }
}

/* Reuses the thumbnails it has: a member's change keeps the others' pictures. */
static void
update_thumbnails (OvsTaskGroupRow *self)
{
  guint n = MIN (ovs_task_group_get_n_tasks (self->group), MAX_THUMBNAILS);
  /* The "+2" is the first child: the thumbnails follow it. */
  GtkWidget *child = gtk_widget_get_next_sibling (self->more);

  for (guint i = 0; i < n; i++)
    {
      if (child == NULL)
        {
          child = g_object_new (OVS_TYPE_TASK_THUMBNAIL, "width-request", 44,
                                "height-request", 25, NULL);
          gtk_box_append (self->thumbnails, child);
        }
      ovs_task_thumbnail_set_task (OVS_TASK_THUMBNAIL (child),
                                   ovs_task_group_get_task (self->group, i));
      gtk_widget_set_visible (child, TRUE);
      child = gtk_widget_get_next_sibling (child);
    }
  for (; child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      ovs_task_thumbnail_set_task (OVS_TASK_THUMBNAIL (child), NULL);
      gtk_widget_set_visible (child, FALSE);
    }
}

static void
update (OvsTaskGroupRow *self)
{
  g_autoptr(GString) models = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  OvsTask *first;
  const char *prompt;

  if (self->group == NULL)
    return;
  first = ovs_task_group_get_task (self->group, 0);
  title = ovs_task_group_dup_title (self->group);
  gtk_label_set_label (self->title, title);
  prompt = first != NULL ? ovs_task_get_prompt (first) : NULL;
  gtk_label_set_label (self->prompt, prompt != NULL && *prompt != '\0' ? prompt : _("(no prompt)"));
  for (guint i = 0; i < ovs_task_group_get_n_tasks (self->group); i++)
    {
      const char *model = ovs_task_get_model (ovs_task_group_get_task (self->group, i));

      if (model != NULL && g_hash_table_add (seen, (gpointer) model))
        g_string_append_printf (models, "%s%s", models->len > 0 ? " · " : "", model);
    }
  gtk_label_set_label (self->models, models->str);
  when = ovs_format_relative_time (ovs_task_group_get_created_at (self->group),
                                   g_get_real_time () / G_USEC_PER_SEC);
  gtk_label_set_label (self->time, when);
  update_summary (self);
  update_thumbnails (self);
}

void
ovs_task_group_row_set_group (OvsTaskGroupRow *self,
                              OvsTaskGroup    *group)
{
  g_return_if_fail (OVS_IS_TASK_GROUP_ROW (self));
  g_return_if_fail (group == NULL || OVS_IS_TASK_GROUP (group));

  if (!g_set_object (&self->group, group))
    return;
  g_signal_group_set_target (self->group_signals, group);
  update (self);
}

/* Down when closed, up when open, as an AdwExpanderRow's arrow. */
static void
update_expander (OvsTaskGroupRow *self)
{
  gboolean expanded = self->list_row != NULL && gtk_tree_list_row_get_expanded (self->list_row);

  gtk_widget_set_visible (GTK_WIDGET (self->expander),
                          self->list_row != NULL && gtk_tree_list_row_is_expandable (self->list_row));
  gtk_button_set_icon_name (self->expander, expanded ? "pan-up-symbolic" : "pan-down-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->expander),
                               GTK_ACCESSIBLE_STATE_EXPANDED, expanded, -1);
}

/* The list's row of the group, whose members the arrow shows and hides. */
void
ovs_task_group_row_set_list_row (OvsTaskGroupRow *self,
                                 GtkTreeListRow  *list_row)
{
  g_return_if_fail (OVS_IS_TASK_GROUP_ROW (self));
  g_return_if_fail (list_row == NULL || GTK_IS_TREE_LIST_ROW (list_row));

  if (!g_set_object (&self->list_row, list_row))
    return;
  g_signal_group_set_target (self->row_signals, list_row);
  update_expander (self);
}

OvsTaskGroup *
ovs_task_group_row_get_group (OvsTaskGroupRow *self)
{
  g_return_val_if_fail (OVS_IS_TASK_GROUP_ROW (self), NULL);
  return self->group;
}

/**
 * ovs_task_group_row_get_n_thumbnails:
 * @n_shown: (out) (optional): how many of them show the video's picture
 *
 * Returns: how many thumbnails the row shows
 */
guint
ovs_task_group_row_get_n_thumbnails (OvsTaskGroupRow *self,
                                     guint           *n_shown)
{
  guint n = 0, shown = 0;

  g_return_val_if_fail (OVS_IS_TASK_GROUP_ROW (self), 0);
  for (GtkWidget *child = gtk_widget_get_next_sibling (self->more);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && gtk_widget_get_child_visible (child))
      {
        n++;
        shown += ovs_task_thumbnail_is_shown (OVS_TASK_THUMBNAIL (child));
      }
  if (n_shown != NULL)
    *n_shown = shown;
  return n;
}

/* The row's own group, not the selected one: the menu opens without selecting. */
static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  OvsTaskGroupRow *self = OVS_TASK_GROUP_ROW (widget);

  if (self->group == NULL)
    return;
  if (g_str_equal (action_name, "group.open"))
    gtk_widget_activate_action (widget, "win.open-group", "s", ovs_task_group_get_id (self->group));
  else if (g_str_equal (action_name, "group.rerun"))
    gtk_widget_activate_action (widget, "tasks.rerun-group", "s", ovs_task_group_get_id (self->group));
  else
    gtk_widget_activate_action (widget, "tasks.delete-group", "s", ovs_task_group_get_id (self->group));
}

/* Every finished member, in the group's order (the grid's, the batch file's, the
 * chain's); the pane says which of them could not go in, and why. */
static void
add_to_film_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsTaskGroupRow *self = OVS_TASK_GROUP_ROW (widget);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new ();

  if (self->group == NULL)
    return;
  for (guint i = 0; i < ovs_task_group_get_n_tasks (self->group); i++)
    {
      OvsTask *task = ovs_task_group_get_task (self->group, i);

      if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED)
        g_ptr_array_add (tasks, task);
    }
  ovs_task_pane_add_to_film (widget, tasks);
}

/* The ⋮ menu, opened from the keyboard's Menu key or a right click on the row. */
void
ovs_task_group_row_popup_menu (OvsTaskGroupRow *self)
{
  g_return_if_fail (OVS_IS_TASK_GROUP_ROW (self));
  gtk_menu_button_popup (self->menu_button);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsTaskGroupRow *self = OVS_TASK_GROUP_ROW (widget);

  if (self->list_row != NULL)
    gtk_tree_list_row_set_expanded (self->list_row, !gtk_tree_list_row_get_expanded (self->list_row));
}

static void
ovs_task_group_row_dispose (GObject *object)
{
  OvsTaskGroupRow *self = OVS_TASK_GROUP_ROW (object);

  ovs_task_group_row_set_group (self, NULL);
  ovs_task_group_row_set_list_row (self, NULL);
  g_clear_object (&self->group_signals);
  g_clear_object (&self->row_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_TASK_GROUP_ROW);

  G_OBJECT_CLASS (ovs_task_group_row_parent_class)->dispose (object);
}

static void
ovs_task_group_row_class_init (OvsTaskGroupRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_task_group_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (OVS_TYPE_TASK_THUMBNAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/tasks/ovs-task-group-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, box);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, title);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, summary);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, prompt);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, thumbnails);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, models);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, time);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, expander);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, OvsTaskGroupRow, group_menu);
  gtk_widget_class_install_action (widget_class, "group.open", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "group.rerun", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "group.delete", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "group.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "group.add-to-film", NULL, add_to_film_action);
}

static void
ovs_task_group_row_init (OvsTaskGroupRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_menu_button_set_menu_when_opened (self->menu_button, self->group_menu);
  gtk_widget_set_layout_manager (GTK_WIDGET (self->thumbnails),
                                 gtk_custom_layout_new (NULL, thumbnails_measure,
                                                        thumbnails_allocate));
  /* Its size does not follow its text: setting "+2" while allocating resizes nothing. */
  self->more = g_object_new (GTK_TYPE_INSCRIPTION, "name", "task-group-more",
                             "min-chars", 2, "nat-chars", 3, "xalign", 0.0f, NULL);
  gtk_widget_add_css_class (self->more, "dim-label");
  gtk_widget_add_css_class (self->more, "caption");
  gtk_widget_set_child_visible (self->more, FALSE);
  gtk_box_prepend (self->thumbnails, self->more);

  self->group_signals = g_signal_group_new (OVS_TYPE_TASK_GROUP);
  g_signal_group_connect_object (self->group_signals, "changed", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  /* Opened by the arrow, or by the keys the list has (Right and Left, + and -). */
  self->row_signals = g_signal_group_new (GTK_TYPE_TREE_LIST_ROW);
  g_signal_group_connect_object (self->row_signals, "notify::expanded",
                                 G_CALLBACK (update_expander), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->row_signals, "notify::expandable",
                                 G_CALLBACK (update_expander), self, G_CONNECT_SWAPPED);
}
