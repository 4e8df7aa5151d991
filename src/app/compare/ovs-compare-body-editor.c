/* ovs-compare-body-editor.c: one model's body of a comparison, adjusted before sending
 *
 * The body is checked a moment after typing stops (not at every key): ovs_validate_text ()
 * reads it as the composer's checks do, and the model must stay the one of the row, since
 * the comparison names its tiles by model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-body-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ovs-compare-body-editor.h"
#include "ovs-json-highlight.h"
#include "ovs-json.h"
#include "ovs-validate.h"

#define CHECK_DELAY_MS 150

struct _OvsCompareBodyEditor
{
  AdwWindow        parent_instance;

  char            *model;
  char            *problems;
  JsonNode        *parsed;    /* the text as a body, when it has no error */
  guint            check_id;

  AdwWindowTitle  *window_title;
  GtkSourceBuffer *buffer;
  GtkWidget       *view;
  GtkLabel        *problems_label;
};

G_DEFINE_FINAL_TYPE (OvsCompareBodyEditor, ovs_compare_body_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The syntax by its line, the rest as "path: message"; errors first. */
static void
append_problems (GString    *text,
                 GPtrArray  *problems,
                 OvsSeverity severity)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity != severity)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* A syntax problem's message names its line and column already. */
      if (problem->line > 0)
        g_string_append (text, problem->message);
      else
        g_string_append_printf (text, "%s: %s", problem->path, problem->message);
    }
}

void
ovs_compare_body_editor_check (OvsCompareBodyEditor *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *body = NULL;
  GtkTextIter start, end;
  gboolean ok;

  g_return_if_fail (OVS_IS_COMPARE_BODY_EDITOR (self));

  g_clear_handle_id (&self->check_id, g_source_remove);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  body = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  problems = ovs_validate_text (body, -1, NULL);
  append_problems (text, problems, OVS_SEVERITY_ERROR);
  ok = text->len == 0;

  g_clear_pointer (&self->parsed, json_node_unref);
  if (ok)
    {
      JsonNode *parsed = ovs_json_parse_object (body, -1, NULL, NULL, NULL);
      JsonObject *object = parsed != NULL ? json_node_get_object (parsed) : NULL;
      const char *model = object != NULL && json_object_has_member (object, "model")
                          ? json_object_get_string_member_with_default (object, "model", NULL)
                          : NULL;

      if (g_strcmp0 (model, self->model) != 0)
        {
          /* Translators: %s is a model id; the comparison's tile belongs to it */
          g_string_append_printf (text, _("model: this body is the one for %s; choose other "
                                          "models in the list instead"), self->model);
          ok = FALSE;
          g_clear_pointer (&parsed, json_node_unref);
        }
      self->parsed = parsed;
    }
  append_problems (text, problems, OVS_SEVERITY_WARNING);

  g_free (self->problems);
  self->problems = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_label_set_label (self->problems_label, self->problems);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), *self->problems != '\0');
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->problems_label), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->problems_label), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.apply", ok);
}

static gboolean
check_cb (gpointer user_data)
{
  OvsCompareBodyEditor *self = user_data;

  self->check_id = 0;
  ovs_compare_body_editor_check (self);
  return G_SOURCE_REMOVE;
}

static void
changed_cb (OvsCompareBodyEditor *self)
{
  /* Until it is checked, what was fine may not be any more. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.apply", FALSE);
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_cb, self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OvsCompareBodyEditor *self = OVS_COMPARE_BODY_EDITOR (widget);

  ovs_compare_body_editor_check (self);
  if (self->parsed == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_APPLY], 0, self->parsed);
  gtk_window_close (GTK_WINDOW (self));
}


static void
ovs_compare_body_editor_dispose (GObject *object)
{
  OvsCompareBodyEditor *self = OVS_COMPARE_BODY_EDITOR (object);

  g_clear_handle_id (&self->check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_COMPARE_BODY_EDITOR);

  G_OBJECT_CLASS (ovs_compare_body_editor_parent_class)->dispose (object);
}

static void
ovs_compare_body_editor_finalize (GObject *object)
{
  OvsCompareBodyEditor *self = OVS_COMPARE_BODY_EDITOR (object);

  g_free (self->model);
  g_free (self->problems);
  g_clear_pointer (&self->parsed, json_node_unref);

  G_OBJECT_CLASS (ovs_compare_body_editor_parent_class)->finalize (object);
}

static void
ovs_compare_body_editor_class_init (OvsCompareBodyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_compare_body_editor_dispose;
  object_class->finalize = ovs_compare_body_editor_finalize;

  /* The body as edited (a JsonNode, an object with the row's model). */
  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_NODE);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-body-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareBodyEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareBodyEditor, buffer);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareBodyEditor, view);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareBodyEditor, problems_label);
  gtk_widget_class_install_action (widget_class, "editor.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.apply", NULL);
}

static void
ovs_compare_body_editor_init (OvsCompareBodyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_json_highlight_attach (self->buffer);
}

OvsCompareBodyEditor *
ovs_compare_body_editor_new (GtkWindow  *parent,
                             const char *model,
                             JsonNode   *body)
{
  OvsCompareBodyEditor *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  self = g_object_new (OVS_TYPE_COMPARE_BODY_EDITOR, "transient-for", parent, NULL);
  self->model = g_strdup (model);
  adw_window_title_set_subtitle (self->window_title, model);
  text = ovs_json_to_string (body);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), text, -1);
  ovs_compare_body_editor_check (self);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (changed_cb), self);
  gtk_widget_grab_focus (self->view);
  return self;
}

GtkTextBuffer *
ovs_compare_body_editor_get_buffer (OvsCompareBodyEditor *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_BODY_EDITOR (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

const char *
ovs_compare_body_editor_get_problems (OvsCompareBodyEditor *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_BODY_EDITOR (self), NULL);

  return self->problems;
}
