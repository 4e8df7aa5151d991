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

#include "ovs-data-url.h"
#include "ovs-list-row.h"
#include "ovs-subjects-panel.h"

#define SUBJECTS_PATH "subject_infos"

typedef struct _SubjectView SubjectView;

struct _OvsSubjectsPanel
{
  OvsPanel parent_instance;

  GPtrArray    *views;       /* SubjectView, one per subject, in list order */
  GtkWidget    *add_row;     /* "Add a subject id" */
  GPtrArray    *problems;    /* the last problems shown (owned copy) */
};

/* The widgets of one subject. Its expander owns it; @panel is NULL once the panel has let
 * go of it, so late signals from its rows change nothing. */
struct _SubjectView
{
  OvsSubjectsPanel *panel;
  guint             index;
  GtkWidget        *expander;
  GtkWidget        *id_row;
  GtkWidget        *name_row;
  GtkWidget        *add_url_row;
  GtkWidget        *up;
  GtkWidget        *down;
  GPtrArray        *url_rows;   /* OvsListRow, one per image URL */
};


G_DEFINE_FINAL_TYPE (OvsSubjectsPanel, ovs_subjects_panel, OVS_TYPE_PANEL)

static void sync_all (OvsSubjectsPanel *self);

static void
subject_view_free (SubjectView *view)
{
  g_clear_pointer (&view->url_rows, g_ptr_array_unref);
  g_free (view);
}

/* The panel a row's signal should act on, or NULL (dropped view, or our own echo). */
static OvsSubjectsPanel *
view_panel (SubjectView *view)
{
  if (view->panel == NULL || ovs_panel_is_updating (OVS_PANEL (view->panel))
      || ovs_panel_get_request (OVS_PANEL (view->panel)) == NULL)
    return NULL;
  return view->panel;
}

static char *
subject_path (guint       index,
              const char *member)
{
  return g_strdup_printf (SUBJECTS_PATH "[%u]%s", index, member);
}

/* The messages of the problems at @path or below it, each led by what it is about. */
static char *
subject_messages (GPtrArray *problems,
                  guint      index,
                  gboolean  *error)
{
  g_autofree char *prefix = subject_path (index, "");
  g_autoptr(GString) text = g_string_new (NULL);
  gsize len = strlen (prefix);

  *error = FALSE;
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);
      const char *rest = problem->path + len;
      const char *what = NULL;

      if (strncmp (problem->path, prefix, len) != 0
          || (*rest != '\0' && *rest != '.' && *rest != '['))
        continue;

      if (g_str_has_prefix (rest, ".id"))
        what = _("ID");
      else if (g_str_has_prefix (rest, ".name"))
        what = _("Name");
      else if (g_str_has_prefix (rest, ".image_urls"))
        what = _("Reference images");

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (what != NULL)
        /* Translators: "ID: “s1” is the id of an earlier subject too" */
        g_string_append_printf (text, C_("field: problem", "%s: %s"), what, problem->message);
      else
        g_string_append (text, problem->message);
      if (problem->severity == OVS_SEVERITY_ERROR)
        *error = TRUE;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The expander's title says how the prompt names the subject; its subtitle sums it up, or
 * tells what is wrong with it. */
static void
update_header (SubjectView *view)
{
  OvsSubjectsPanel *self = view->panel;
  const char *id = gtk_editable_get_text (GTK_EDITABLE (view->id_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (view->name_row));
  guint n_images = view->url_rows->len;
  g_autofree char *title = NULL;
  g_autofree char *images = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *messages = NULL;
  gboolean error = FALSE;

  title = *id != '\0' ? g_strdup_printf ("<<<%s>>>", id) : g_strdup (_("Subject without an ID"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->expander), title);

  messages = subject_messages (self->problems, view->index, &error);
  gtk_widget_remove_css_class (view->expander, "has-error");
  gtk_widget_remove_css_class (view->expander, "has-warning");
  if (*messages != '\0')
    {
      gtk_widget_add_css_class (view->expander, error ? "has-error" : "has-warning");
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->expander), messages);
      return;
    }

  images = n_images == 0 ? g_strdup (_("No reference images"))
                         : g_strdup_printf (ngettext ("%u reference image", "%u reference images", n_images),
                                            n_images);
  if (*name != '\0')
    /* Translators: a subject's name and its number of images, "Girl · 2 reference images" */
    summary = g_strdup_printf (C_("subject summary", "%s · %s"), name, images);
  else
    summary = g_strdup (images);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->expander), summary);
}

static void
id_changed_cb (GtkEditable *editable,
               SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  g_autofree char *path = subject_path (view->index, ".id");

  if (self == NULL)
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (self)), path,
                          gtk_editable_get_text (editable));
  ovs_panel_end_update (OVS_PANEL (self));
  update_header (view);
}

static void
name_changed_cb (GtkEditable *editable,
                 SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  g_autofree char *path = subject_path (view->index, ".name");

  if (self == NULL)
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (self)), path,
                          gtk_editable_get_text (editable));
  ovs_panel_end_update (OVS_PANEL (self));
  update_header (view);
}

static void
url_changed_cb (OvsListRow  *row,
                SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  g_autofree char *path = NULL;
  g_autoptr(OvsPanelUpdate) update = NULL;

  /* A data: URL is shown by description, never edited as text. */
  if (self == NULL || ovs_list_row_get_described (row))
    return;

  path = g_strdup_printf (SUBJECTS_PATH "[%u].image_urls[%u]", view->index,
                          ovs_list_row_get_index (row));
  update = ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (self)), path,
                          gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
url_move_cb (OvsListRow  *row,
             guint        from,
             guint        to,
             SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  g_autofree char *path = subject_path (view->index, ".image_urls");

  if (self != NULL)
    ovs_request_move_item (ovs_panel_get_request (OVS_PANEL (self)), path, from, to);
}

static void
url_remove_cb (OvsListRow  *row,
               guint        index,
               SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  g_autofree char *path = subject_path (view->index, ".image_urls");

  /* The last one gone leaves [] behind: the subject keeps its shape and the check says
   * that it needs an image. */
  if (self != NULL)
    ovs_request_remove_item (ovs_panel_get_request (OVS_PANEL (self)), path, index);
}

static void
append_url (OvsSubjectsPanel *self,
            guint             subject,
            const char       *url)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *path = subject_path (subject, ".image_urls");
  g_autofree char *trimmed = g_strstrip (g_strdup (url));

  if (*trimmed == '\0' || subject >= ovs_request_get_n_items (request, SUBJECTS_PATH))
    return;
  ovs_request_insert_item (request, path, -1,
                           json_node_init_string (json_node_alloc (), trimmed));
}

static void
add_url_apply_cb (AdwEntryRow *row,
                  SubjectView *view)
{
  if (view_panel (view) == NULL)
    return;
  append_url (view->panel, view->index, gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* A local file read for the subject at GPOINTER_TO_UINT (@user_data). */
static void
url_read_cb (OvsPanel   *panel,
             const char *url,
             gpointer    user_data)
{
  append_url (OVS_SUBJECTS_PANEL (panel), GPOINTER_TO_UINT (user_data), url);
}

static void
choose_clicked_cb (GtkButton   *button,
                   SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);

  if (self != NULL)
    ovs_panel_pick_files (OVS_PANEL (self), _("Add Subject Images"), _("_Add"), "image", TRUE,
                          url_read_cb, GUINT_TO_POINTER (view->index), NULL);
}

static void
subject_move_clicked_cb (GtkButton   *button,
                         SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  int delta = GTK_WIDGET (button) == view->up ? -1 : 1;
  guint from = view->index;
  SubjectView *other;

  if (self == NULL || (delta < 0 && from == 0) || from + delta >= self->views->len)
    return;
  other = g_ptr_array_index (self->views, from + delta);
  ovs_panel_move_expander_item (OVS_PANEL (self), SUBJECTS_PATH,
                                ADW_EXPANDER_ROW (view->expander), from,
                                ADW_EXPANDER_ROW (other->expander), from + delta);
}

static void
subject_remove_clicked_cb (GtkButton   *button,
                           SubjectView *view)
{
  OvsSubjectsPanel *self = view_panel (view);
  OvsRequest *request;

  if (self == NULL)
    return;
  request = ovs_panel_get_request (OVS_PANEL (self));
  ovs_request_remove_item (request, SUBJECTS_PATH, view->index);
  /* No empty list stays behind: "subject_infos": [] is refused like a missing one. */
  if (ovs_request_get_n_items (request, SUBJECTS_PATH) == 0)
    ovs_request_remove (request, SUBJECTS_PATH);
}

static GtkWidget *
make_url_row (SubjectView *view)
{
  GtkWidget *row = ovs_list_row_new (_("Remove image"));

  g_signal_connect (row, "move", G_CALLBACK (url_move_cb), view);
  g_signal_connect (row, "remove", G_CALLBACK (url_remove_cb), view);
  g_signal_connect (row, "changed", G_CALLBACK (url_changed_cb), view);
  return row;
}

static void
sync_urls (SubjectView *view)
{
  OvsSubjectsPanel *self = view->panel;
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (view->expander);
  g_autofree char *list_path = subject_path (view->index, ".image_urls");
  g_auto(GStrv) urls = ovs_request_dup_strings (request, list_path);
  guint n = g_strv_length (urls);

  while (view->url_rows->len > n)
    {
      GtkWidget *row = g_ptr_array_steal_index (view->url_rows, view->url_rows->len - 1);

      adw_expander_row_remove (expander, row);
    }
  while (view->url_rows->len < n)
    {
      GtkWidget *row = make_url_row (view);

      g_ptr_array_add (view->url_rows, row);
      /* Keep the "add" entry last. */
      g_object_ref (view->add_url_row);
      adw_expander_row_remove (expander, view->add_url_row);
      adw_expander_row_add_row (expander, row);
      adw_expander_row_add_row (expander, view->add_url_row);
      g_object_unref (view->add_url_row);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (view->url_rows, i);
      g_autofree char *name = g_strdup_printf ("%s[%u]", list_path, i);
      /* Translators: the title of a subject's reference image, "Image 1" */
      g_autofree char *title = g_strdup_printf (_("Image %u"), i + 1);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      ovs_list_row_set_url (OVS_LIST_ROW (row), urls[i]);
      ovs_list_row_set_position (OVS_LIST_ROW (row), i, n);
    }

  {
    g_autofree char *name = g_strconcat (list_path, "[+]", NULL);

    gtk_widget_set_name (view->add_url_row, name);
  }
}

static void
set_text (GtkWidget  *row,
          const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static void
sync_view (SubjectView *view)
{
  OvsSubjectsPanel *self = view->panel;
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *id_path = subject_path (view->index, ".id");
  g_autofree char *name_path = subject_path (view->index, ".name");

  gtk_widget_set_name (view->id_row, id_path);
  gtk_widget_set_name (view->name_row, name_path);
  set_text (view->id_row, ovs_request_get_string (request, id_path));
  set_text (view->name_row, ovs_request_get_string (request, name_path));
  sync_urls (view);

  gtk_widget_set_sensitive (view->up, view->index > 0);
  gtk_widget_set_sensitive (view->down, view->index + 1 < self->views->len);
  update_header (view);
}

static SubjectView *
make_view (OvsSubjectsPanel *self,
           guint             index)
{
  SubjectView *view = g_new0 (SubjectView, 1);
  GtkWidget *remove, *choose;

  view->panel = self;
  view->index = index;
  view->url_rows = g_ptr_array_new ();

  view->expander = adw_expander_row_new ();
  g_object_set_data_full (G_OBJECT (view->expander), "view", view,
                          (GDestroyNotify) subject_view_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->expander), FALSE);
  gtk_widget_add_css_class (view->expander, "subject-row");
  view->up = ovs_panel_icon_button ("go-up-symbolic", _("Move subject up"));
  view->down = ovs_panel_icon_button ("go-down-symbolic", _("Move subject down"));
  remove = ovs_panel_icon_button ("user-trash-symbolic", _("Remove subject"));
  g_signal_connect (view->up, "clicked", G_CALLBACK (subject_move_clicked_cb), view);
  g_signal_connect (view->down, "clicked", G_CALLBACK (subject_move_clicked_cb), view);
  g_signal_connect (remove, "clicked", G_CALLBACK (subject_remove_clicked_cb), view);
  /* Actions are packed from the end: this reads up, down, remove. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), remove);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), view->down);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), view->up);

  view->id_row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->id_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->id_row),
                                 _("ID, as the prompt names it in <<<…>>>"));
  g_signal_connect (view->id_row, "changed", G_CALLBACK (id_changed_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->id_row);

  view->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->name_row), _("Name"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->name_row), FALSE);
  g_signal_connect (view->name_row, "changed", G_CALLBACK (name_changed_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->name_row);

  view->add_url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->add_url_row),
                                 _("Add a reference image URL"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (view->add_url_row), TRUE);
  gtk_widget_add_css_class (view->add_url_row, "add-row");
  choose = ovs_panel_file_button (_("Add image files…"));
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), view);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (view->add_url_row), choose);
  g_signal_connect (view->add_url_row, "apply", G_CALLBACK (add_url_apply_cb), view);
  g_signal_connect (view->add_url_row, "entry-activated", G_CALLBACK (add_url_apply_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->add_url_row);

  /* Few subjects, each worth seeing: open unless there are many. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (view->expander), index < 3);
  return view;
}

static void
sync_all (OvsSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint n = ovs_request_get_n_items (request, SUBJECTS_PATH);

  ovs_panel_begin_update (OVS_PANEL (self));

  while (self->views->len > n)
    {
      SubjectView *view = g_ptr_array_index (self->views, self->views->len - 1);

      view->panel = NULL;
      g_ptr_array_remove_index (self->views, self->views->len - 1);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), view->expander);
    }
  while (self->views->len < n)
    {
      SubjectView *view = make_view (self, self->views->len);

      g_ptr_array_add (self->views, view);
      g_object_ref (self->add_row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->add_row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), view->expander);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);
      g_object_unref (self->add_row);
    }

  for (guint i = 0; i < n; i++)
    sync_view (g_ptr_array_index (self->views, i));

  ovs_panel_end_update (OVS_PANEL (self));
}

static void
add_subject_apply_cb (AdwEntryRow      *row,
                      OvsSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  SubjectView *view;

  if (*id == '\0')
    return;

  ovs_request_add_subject (request, id, "", NULL);
  gtk_editable_set_text (GTK_EDITABLE (row), "");

  /* Straight on to its name and images. */
  if (self->views->len == 0)
    return;
  view = g_ptr_array_index (self->views, self->views->len - 1);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (view->expander), TRUE);
  gtk_widget_grab_focus (view->name_row);
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

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (ovs_panel_path_affects (problem->path, SUBJECTS_PATH)
          && !g_str_equal (problem->path, "$"))
        g_ptr_array_add (self->problems, ovs_problem_copy (problem));
      /* Problems with the list itself (missing, empty) go on the group. */
      if (g_str_equal (problem->path, SUBJECTS_PATH))
        ovs_panel_append_problem (text, problem->message);
    }

  for (guint i = 0; i < self->views->len; i++)
    {
      SubjectView *view = g_ptr_array_index (self->views, i);
      g_autofree char *id_path = subject_path (i, ".id");
      g_autofree char *name_path = subject_path (i, ".name");

      ovs_panel_mark_widget (view->id_row, problems, id_path);
      ovs_panel_mark_widget (view->name_row, problems, name_path);
      for (guint j = 0; j < view->url_rows->len; j++)
        {
          g_autofree char *url_path = g_strdup_printf (SUBJECTS_PATH "[%u].image_urls[%u]", i, j);

          ovs_panel_mark_widget (g_ptr_array_index (view->url_rows, j), problems, url_path);
        }
      update_header (view);
    }

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

  for (guint i = 0; self->views != NULL && i < self->views->len; i++)
    ((SubjectView *) g_ptr_array_index (self->views, i))->panel = NULL;
  g_ptr_array_set_size (self->views, 0);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_SUBJECTS_PANEL);

  G_OBJECT_CLASS (ovs_subjects_panel_parent_class)->dispose (object);
}

static void
ovs_subjects_panel_finalize (GObject *object)
{
  OvsSubjectsPanel *self = OVS_SUBJECTS_PANEL (object);

  g_clear_pointer (&self->views, g_ptr_array_unref);

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
  self->views = g_ptr_array_new ();
}

GtkWidget *
ovs_subjects_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_SUBJECTS_PANEL, "request", request, NULL);
}
