/* ovs-subjects-panel.c
 *
 * Reference subjects (`subject_infos[{id, name, image_urls[]}]`, Kling subject reference and
 * Vidu q3-mix): one expander per subject holding its id (what the prompt names as <<<id>>>),
 * its name and its ordered reference images. A subject is created from its id, so no empty
 * id is ever written by the form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-subjects-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-subject-row.h"
#include "ovs-subjects-panel.h"

#define SUBJECTS_PATH "subject_infos"

struct _OvsSubjectsPanel
{
  OvsPanel parent_instance;

  GPtrArray    *rows;        /* OvsSubjectRow, one per subject, in list order */
  GtkWidget    *add_row;     /* "Add a subject id" */
};


G_DEFINE_FINAL_TYPE (OvsSubjectsPanel, ovs_subjects_panel, OVS_TYPE_PANEL)

static GtkWidget *
make_row (OvsPanel *panel)
{
  GtkWidget *row = ovs_subject_row_new (panel);

  /* Few subjects, each worth seeing: open unless there are many. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), OVS_SUBJECTS_PANEL (panel)->rows->len < 3);
  return row;
}

static void
sync_all (OvsSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint n = ovs_request_get_n_items (request, SUBJECTS_PATH);
  g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (OVS_PANEL (self));

  ovs_panel_resize_rows (OVS_PANEL (self), self->rows, n, self->add_row, make_row);
  for (guint i = 0; i < n; i++)
    ovs_subject_row_sync (g_ptr_array_index (self->rows, i), i, n);
}

static void
add_subject_apply_cb (AdwEntryRow      *row,
                      OvsSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*id == '\0')
    return;

  ovs_request_add_subject (request, id, "", NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), "");

  /* Straight on to its name and images. */
  if (self->rows->len > 0)
    ovs_subject_row_focus_name (g_ptr_array_index (self->rows, self->rows->len - 1));
}

static void
ovs_subjects_panel_request_changed (OvsPanel   *panel,
                                    const char *path)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (panel);

  if (ovs_panel_path_affects (path, SUBJECTS_PATH))
    sync_all (self);
}

static void
ovs_subjects_panel_show_problems (OvsPanel  *panel,
                                  GPtrArray *problems)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (panel);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Problems with the list itself (missing, empty) go on the group. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, SUBJECTS_PATH))
        ovs_panel_append_problem (text, problem->message);
    }
  for (guint i = 0; i < self->rows->len; i++)
    ovs_item_row_show_problems (g_ptr_array_index (self->rows, i), problems);

  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                             text->len > 0 ? text->str
                             : _("Name a subject in the prompt by its ID, as <<<id>>>; "
                                 "its images show what it looks like."));
}

static void
ovs_subjects_panel_constructed (GObject *object)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (object);
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  const OvsField *field = ovs_scenario_get_field (scenario, SUBJECTS_PATH);

  G_OBJECT_CLASS (ovs_subjects_panel_parent_class)->constructed (object);

  if (field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), field->title);

  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_subjects_panel_dispose (GObject *object)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_SUBJECTS_PANEL);

  G_OBJECT_CLASS (ovs_subjects_panel_parent_class)->dispose (object);
}

static void
ovs_subjects_panel_finalize (GObject *object)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ovs_subjects_panel_parent_class)->finalize (object);
}

static void
ovs_subjects_panel_class_init (OvsSubjectsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-subjects-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsSubjectsPanel, add_row);
  gtk_widget_class_bind_template_callback (widget_class, add_subject_apply_cb);

  object_class->constructed = ovs_subjects_panel_constructed;
  object_class->dispose = ovs_subjects_panel_dispose;
  object_class->finalize = ovs_subjects_panel_finalize;

  panel_class->request_changed = ovs_subjects_panel_request_changed;
  panel_class->show_problems = ovs_subjects_panel_show_problems;
}

static void
ovs_subjects_panel_init (OvsSubjectsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its list's JSON path. It takes a new subject's id (for whoever drives the
   * form by the JSON). */
  gtk_widget_set_name (self->add_row, SUBJECTS_PATH "[+]");
  g_object_set_data (G_OBJECT (self->add_row), "ovs-add-key", (gpointer) "id");
  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_subjects_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_SUBJECTS_PANEL, "request", request, NULL);
}
