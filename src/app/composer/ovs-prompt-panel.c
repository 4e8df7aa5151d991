/* ovs-prompt-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-prompt-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-app-widgets.h"
#include "ovs-prompt-panel.h"

struct _OvsPromptPanel
{
  OvsPanel parent_instance;

  GtkTextView   *view;
  GtkTextBuffer *buffer;
  GtkInscription *count;
  GtkMenuButton *insert_button;
  GMenu         *insert_menu;  /* its menu, changed in place: its popover is made when the
                                * button is first opened, not at each change */
  GtkTextTag    *placeholder_tag;
  GtkTextTag    *problem_tag;
  GtkWidget     *frame;
  GPtrArray     *problems;  /* the last ones, for the problem underline */
  int            dirty_first;  /* the lines an edit touched, for the next "changed"; -1: none */
  int            dirty_last;
  guint          count_id;     /* the tick that shows the count again */
};


G_DEFINE_FINAL_TYPE (OvsPromptPanel, ovs_prompt_panel, OVS_TYPE_PANEL)

static gboolean
wants_mentions (OvsPromptPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));

  return ovs_request_get_node (request, OVS_OBJECT_IDS_PATH) != NULL
         || ovs_scenario_get_field (ovs_request_get_scenario (request),
                                   OVS_OBJECT_IDS_PATH) != NULL;
}

/* Removing a tag redraws its range even where it is not: a keystroke in plain prose (most
 * of them) has none to remove. */
static void
remove_tag_in (OvsPromptPanel    *self,
               GtkTextTag        *tag,
               const GtkTextIter *start,
               const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  if (gtk_text_iter_has_tag (&iter, tag)
      || (gtk_text_iter_forward_to_tag_toggle (&iter, tag) && gtk_text_iter_compare (&iter, end) < 0))
    gtk_text_buffer_remove_tag (self->buffer, tag, start, end);
}

/* Highlights placeholders; underlines those a problem names. A placeholder never spans a
 * line, so after an edit only the lines it touched are tagged again: a keystroke in a long
 * prompt costs one line, not the whole text (issue 14). G_MAXINT as @last: to the end. */
static void
update_tags_in_lines (OvsPromptPanel *self,
                      int             first,
                      int             last)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  GArray *found;
  int base;

  gtk_text_buffer_get_iter_at_line (self->buffer, &start, first);
  gtk_text_buffer_get_iter_at_line (self->buffer, &end, last);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  base = gtk_text_iter_get_offset (&start);
  remove_tag_in (self, self->placeholder_tag, &start, &end);
  remove_tag_in (self, self->problem_tag, &start, &end);

  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  /* Whether @mentions count asks the request and its scenario: only for a line with an @. */
  found = ovs_prompt_find_placeholders (text, strchr (text, '@') != NULL && wants_mentions (self));

  for (guint i = 0; i < found->len; i++)
    {
      OvsPlaceholder *p = &g_array_index (found, OvsPlaceholder, i);
      g_autofree char *needle = p->name[0] == '@' ? g_strdup (p->name)
                                                  : g_strdup_printf ("<<<%s>>>", p->name);
      gboolean faulty = FALSE;
      GtkTextIter a, b;

      for (guint j = 0; self->problems != NULL && j < self->problems->len; j++)
        {
          OvsProblem *problem = g_ptr_array_index (self->problems, j);

          if (g_str_equal (problem->path, "prompt") && strstr (problem->message, needle) != NULL)
            faulty = TRUE;
        }

      gtk_text_buffer_get_iter_at_offset (self->buffer, &a,
                                          base + g_utf8_pointer_to_offset (text, text + p->start));
      gtk_text_buffer_get_iter_at_offset (self->buffer, &b,
                                          base + g_utf8_pointer_to_offset (text, text + p->end));
      gtk_text_buffer_apply_tag (self->buffer, faulty ? self->problem_tag : self->placeholder_tag,
                                 &a, &b);
      g_free (p->name);
    }
  g_array_unref (found);
}

static void
update_tags (OvsPromptPanel *self)
{
  update_tags_in_lines (self, 0, G_MAXINT);
}

/* Lines move with every edit: a second edit before "changed" makes the whole text dirty. */
static void
mark_dirty (OvsPromptPanel *self,
            int             first,
            int             last)
{
  if (self->dirty_first >= 0)
    {
      first = 0;
      last = G_MAXINT;
    }
  self->dirty_first = first;
  self->dirty_last = last;
}

static void
insert_text_cb (OvsPromptPanel *self,
                GtkTextIter    *location,
                const char     *text,
                int             len)
{
  int line = gtk_text_iter_get_line (location);
  int newlines = 0;

  for (int i = 0; i < len; i++)
    newlines += text[i] == '\n';
  mark_dirty (self, line, line + newlines);
}

static void
delete_range_cb (OvsPromptPanel *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end)
{
  int line = MIN (gtk_text_iter_get_line (start), gtk_text_iter_get_line (end));

  mark_dirty (self, line, line);
}

static void
show_count (OvsPromptPanel *self)
{
  int chars = gtk_text_buffer_get_char_count (self->buffer);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d character",
                                                          "%d characters", chars), chars);

  gtk_inscription_set_text (self->count, label);
}

static gboolean
count_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  OvsPromptPanel *self = OVS_PROMPT_PANEL (widget);

  self->count_id = 0;
  show_count (self);
  return G_SOURCE_REMOVE;
}

/* Shown in the frame that shows the text: once per frame, however many edits came. Not on
 * screen yet (a form just made, a draft loaded), at once: its first frame shows it. */
static void
update_count (OvsPromptPanel *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      show_count (self);
      return;
    }
  if (self->count_id == 0)
    self->count_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), count_tick_cb, NULL, NULL);
}

/* The insert menu offers what the attached media and subjects allow. */
static void
update_insert_menu (OvsPromptPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GMenu) media = g_menu_new ();
  g_autoptr(GMenu) subjects = g_menu_new ();
  guint n_images = ovs_request_get_n_items (request, "images");
  guint n_videos = ovs_request_get_n_items (request, "videos");
  g_autoptr(GPtrArray) infos = ovs_request_dup_subjects (request);
  g_auto(GStrv) ids = ovs_request_dup_strings (request, OVS_OBJECT_IDS_PATH);
  gboolean any = FALSE;

  for (guint i = 1; i <= n_images; i++)
    {
      g_autofree char *text = g_strdup_printf ("<<<image_%u>>>", i);
      g_autofree char *label = g_strdup_printf (_("Reference image %u"), i);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "prompt.insert", "s", text);
      g_menu_append_item (media, item);
      any = TRUE;
    }
  for (guint i = 1; i <= n_videos; i++)
    {
      g_autofree char *text = g_strdup_printf ("<<<video_%u>>>", i);
      g_autofree char *label = g_strdup_printf (_("Reference video %u"), i);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "prompt.insert", "s", text);
      g_menu_append_item (media, item);
      any = TRUE;
    }
  for (guint i = 0; i < infos->len; i++)
    {
      OvsSubject *subject = g_ptr_array_index (infos, i);
      g_autofree char *text = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (subject->id == NULL || *subject->id == '\0')
        continue;
      text = g_strdup_printf ("<<<%s>>>", subject->id);
      label = g_strdup_printf (_("Subject “%s”"), subject->name && *subject->name ? subject->name : subject->id);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "prompt.insert", "s", text);
      g_menu_append_item (subjects, item);
      any = TRUE;
    }
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (*ids[i] == '\0')
        continue;
      text = g_strdup_printf ("@%s", ids[i]);
      item = g_menu_item_new (text, NULL);
      g_menu_item_set_action_and_target (item, "prompt.insert", "s", text);
      g_menu_append_item (subjects, item);
      any = TRUE;
    }

  /* A popover already made follows the menu's change. */
  g_menu_remove_all (self->insert_menu);
  g_menu_append_section (self->insert_menu, NULL, G_MENU_MODEL (media));
  g_menu_append_section (self->insert_menu, NULL, G_MENU_MODEL (subjects));
  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_button), any);
  /* Only to say why it is off: on, the tooltip repeated the label over the menu it opens. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->insert_button),
                               any ? NULL : _("Attach images, videos or subjects to refer to them"));
}

static void
buffer_changed_cb (OvsPromptPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  update_count (self);
  if (self->dirty_first >= 0)
    update_tags_in_lines (self, self->dirty_first, self->dirty_last);
  else
    update_tags (self);
  self->dirty_first = -1;
  if (ovs_panel_is_updating (OVS_PANEL (self)))
    return;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  ovs_panel_begin_update (OVS_PANEL (self));
  /* An emptied box is no prompt, as after Clear Form: one message for one state, not
   * "must not be empty" here and "is missing" there. */
  ovs_request_set_prompt (request, *text != '\0' ? text : NULL);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
load_prompt (OvsPromptPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  const char *prompt = ovs_request_get_prompt (request);
  GtkTextIter start, end;
  g_autofree char *current = NULL;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  current = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
  if (g_strcmp0 (current, prompt != NULL ? prompt : "") == 0)
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  gtk_text_buffer_set_text (self->buffer, prompt != NULL ? prompt : "", -1);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
ovs_prompt_panel_request_changed (OvsPanel   *panel,
                                  const char *path)
{
  OvsPromptPanel *self = OVS_PROMPT_PANEL (panel);

  if (ovs_panel_path_affects (path, "prompt"))
    load_prompt (self);
  /* The menu lists what can be referred to: rebuilt when that changes, not at each edit. */
  if (ovs_panel_path_affects (path, "images") || ovs_panel_path_affects (path, "videos")
      || ovs_panel_path_affects (path, "subject_infos")
      || ovs_panel_path_affects (path, OVS_OBJECT_IDS_PATH))
    update_insert_menu (self);
  /* Whether @mentions count depends on the subjects' ids; edits re-tag only their lines. */
  if (ovs_panel_path_affects (path, OVS_OBJECT_IDS_PATH))
    update_tags (self);
}

static void
insert_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ovs_prompt_panel_insert (OVS_PROMPT_PANEL (widget), g_variant_get_string (parameter, NULL));
}

/* The next problem of the prompt itself in @problems from *@i on, or NULL. */
static const OvsProblem *
next_prompt_problem (GPtrArray *problems,
                     guint     *i)
{
  while (problems != NULL && *i < problems->len)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, (*i)++);

      if (g_str_equal (problem->path, "prompt"))
        return problem;
    }
  return NULL;
}

/* Whether @a and @b hold the same problems of the prompt itself, in the same order: all the
 * prompt's tags show of them. */
static gboolean
same_prompt_problems (GPtrArray *a,
                      GPtrArray *b)
{
  guint i = 0, j = 0;
  const OvsProblem *p, *q;

  do
    {
      p = next_prompt_problem (a, &i);
      q = next_prompt_problem (b, &j);
      if (p == NULL || q == NULL)
        return p == q;
    }
  while (g_str_equal (p->message, q->message));
  return FALSE;
}

static void
ovs_prompt_panel_show_problems (OvsPanel  *panel,
                                GPtrArray *problems)
{
  OvsPromptPanel *self = OVS_PROMPT_PANEL (panel);
  g_autoptr(GPtrArray) before = g_steal_pointer (&self->problems);

  self->problems = problems != NULL ? g_ptr_array_ref (problems) : NULL;
  /* Validation after each pause in the typing leaves the prompt's problems as they were,
   * most times: the whole text is not tagged again for nothing. */
  if (!same_prompt_problems (before, problems))
    update_tags (self);
  ovs_panel_mark_widget (self->frame, problems, "prompt");
  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                             gtk_widget_get_tooltip_text (self->frame));
}

static void
ovs_prompt_panel_constructed (GObject *object)
{
  G_OBJECT_CLASS (ovs_prompt_panel_parent_class)->constructed (object);

  ovs_panel_refresh (OVS_PANEL (object));
  update_count (OVS_PROMPT_PANEL (object));
}

static void
ovs_prompt_panel_dispose (GObject *object)
{
  OvsPromptPanel *self = OVS_PROMPT_PANEL (object);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->buffer);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (self->count_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->count_id);
  self->count_id = 0;
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_PROMPT_PANEL);
  g_clear_object (&self->insert_menu);

  G_OBJECT_CLASS (ovs_prompt_panel_parent_class)->dispose (object);
}

static void
ovs_prompt_panel_class_init (OvsPromptPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_prompt_panel_constructed;
  object_class->dispose = ovs_prompt_panel_dispose;

  panel_class->request_changed = ovs_prompt_panel_request_changed;
  panel_class->show_problems = ovs_prompt_panel_show_problems;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-prompt-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsPromptPanel, view);
  gtk_widget_class_bind_template_child (widget_class, OvsPromptPanel, frame);
  gtk_widget_class_bind_template_child (widget_class, OvsPromptPanel, count);
  gtk_widget_class_bind_template_child (widget_class, OvsPromptPanel, insert_button);

  /* The Insert Reference menu's items. */
  gtk_widget_class_install_action (widget_class, "prompt.insert", "s", insert_action_cb);
}

static void
ovs_prompt_panel_init (OvsPromptPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->insert_menu = g_menu_new ();
  ovs_menu_button_set_menu_when_opened (self->insert_button, G_MENU_MODEL (self->insert_menu));
  /* Typed in most of the time: a picture of it would not last. */
  ovs_panel_set_pictured (OVS_PANEL (self), FALSE);

  /* A plain text buffer: prompts are prose with <<<…>>> references, not code (a source
   * buffer drew boxes around matching "brackets", and its handlers cost every keystroke
   * more than the text view's own insert). */
  self->buffer = gtk_text_buffer_new (NULL);
  self->placeholder_tag = gtk_text_buffer_create_tag (self->buffer, "placeholder",
                                                      "foreground", "#1c71d8",
                                                      "weight", PANGO_WEIGHT_BOLD, NULL);
  self->problem_tag = gtk_text_buffer_create_tag (self->buffer, "problem",
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  "foreground", "#c01c28", NULL);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), self->buffer);
  self->dirty_first = -1;
  g_signal_connect_swapped (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self);
  g_signal_connect_swapped (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
}

GtkWidget *
ovs_prompt_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_PROMPT_PANEL, "request", request, NULL);
}

GtkTextBuffer *
ovs_prompt_panel_get_buffer (OvsPromptPanel *self)
{
  g_return_val_if_fail (OVS_IS_PROMPT_PANEL (self), NULL);
  return self->buffer;
}

void
ovs_prompt_panel_insert (OvsPromptPanel *self,
                         const char     *text)
{
  g_return_if_fail (OVS_IS_PROMPT_PANEL (self));

  gtk_text_buffer_insert_at_cursor (self->buffer, text, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}
