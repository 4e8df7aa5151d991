/* ovs-vidu-subjects-panel.c
 *
 * Vidu subjects: the ordered ids of `metadata.vidu_q2_object_ids`, which the prompt mentions
 * as @id, and `metadata.vidu_q2_voice_map`, a voice for some of them. A voice is free text
 * with the catalog's voices as suggestions; an empty one removes the subject's key. Renaming
 * an id takes its voice along.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-vidu-subjects-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-list-row.h"
#include "ovs-vidu-subjects-panel.h"

/* The panel is the group of ids; the group of voices follows it inside, below its rows. */
struct _OvsViduSubjectsPanel
{
  OvsPanel    parent_instance;

  GtkWidget  *voices_group;
  GPtrArray  *id_rows;     /* OvsListRow, one per id */
  GPtrArray  *id_owners;   /* char *, per id row: the last id it had, whose voice it keeps */
  GtkWidget  *add_row;     /* "Add a subject ID" */
  GPtrArray  *voice_rows;  /* AdwEntryRow, one per subject with an id, then stray voices */
  GPtrArray  *voice_subjects; /* char *, per voice row: the subject it is for */
  guint       n_listed;    /* the voice rows of listed subjects, before the stray ones */
};


G_DEFINE_FINAL_TYPE (OvsViduSubjectsPanel, ovs_vidu_subjects_panel, OVS_TYPE_PANEL)

/* Words for the voices the catalog suggests; the JSON keeps their ids. */
static const char *
voice_label (const char *voice)
{
  static const struct { const char *voice; const char *label; } labels[] = {
    { "female-shaonv", N_("Girl") },
    { "female-yujie", N_("Poised woman") },
    { "female-chengshu", N_("Mature woman") },
    { "female-tianmei", N_("Sweet woman") },
    { "male-qn-qingse", N_("Shy young man") },
    { "male-qn-jingying", N_("Elite young man") },
    { "male-qn-badao", N_("Bold young man") },
    { "male-qn-daxuesheng", N_("Male student") },
    { "presenter_male", N_("Male presenter") },
    { "presenter_female", N_("Female presenter") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].voice, voice))
      return _(labels[i].label);
  return NULL;
}

static char *
id_path (guint index)
{
  return g_strdup_printf (OVS_OBJECT_IDS_PATH "[%u]", index);
}

static void
set_text (GtkWidget  *row,
          const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* The subject a voice row is for, and whether it is listed. */
static const char *
row_subject (OvsViduSubjectsPanel *self,
             GtkWidget            *row,
             gboolean             *listed)
{
  guint i;

  if (!g_ptr_array_find (self->voice_rows, row, &i) || i >= self->voice_subjects->len)
    return NULL;
  if (listed != NULL)
    *listed = i < self->n_listed;
  return g_ptr_array_index (self->voice_subjects, i);
}

static void
id_row_set_title (GtkWidget  *row,
                  const char *id)
{
  g_autofree char *title = NULL;

  if (id != NULL && *id != '\0')
    /* Translators: how the prompt mentions a Vidu subject, "In the prompt: @girl" */
    title = g_strdup_printf (_("In the prompt: @%s"), id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 title != NULL ? title : _("Subject ID"));
}

/* ---- Voices ---- */

/* "Voice of @girl: Girl" once the voice is one we have words for. */
static void
update_voice_title (OvsViduSubjectsPanel *self,
                    GtkWidget            *row)
{
  gboolean listed = FALSE;
  const char *subject = row_subject (self, row, &listed);
  const char *voice = subject != NULL ? ovs_request_get_voice (ovs_panel_get_request (OVS_PANEL (self)), subject) : NULL;
  const char *label = voice != NULL ? voice_label (voice) : NULL;
  g_autofree char *title = NULL;

  if (subject == NULL)
    return;
  if (!listed)
    /* Translators: a voice given to an id that is not in the subject list */
    title = g_strdup_printf (_("Voice of @%s, not a listed subject"), subject);
  else if (label != NULL)
    /* Translators: "Voice of @girl: Girl", the voice's name after the colon */
    title = g_strdup_printf (_("Voice of @%s: %s"), subject, label);
  else
    /* Translators: "Voice of @girl" */
    title = g_strdup_printf (_("Voice of @%s"), subject);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
}

static void
voice_changed_cb (GtkEditable          *editable,
                  OvsViduSubjectsPanel *self)
{
  const char *subject = row_subject (self, GTK_WIDGET (editable), NULL);
  g_autofree char *voice = NULL;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || ovs_panel_get_request (OVS_PANEL (self)) == NULL || subject == NULL)
    return;

  voice = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_voice (ovs_panel_get_request (OVS_PANEL (self)), subject, *voice != '\0' ? voice : NULL);
  ovs_panel_end_update (OVS_PANEL (self));
  update_voice_title (self, GTK_WIDGET (editable));
}

static void
suggestion_activated_cb (GtkListBox    *list,
                         GtkListBoxRow *item,
                         GtkWidget     *row)
{
  const char * const *voices = ovs_catalog_get_choices (ovs_catalog_get_default (), "voice");
  int index = gtk_list_box_row_get_index (item);
  /* The first item is "No voice", then the catalog's in its order. */
  const char *voice = index > 0 ? voices[index - 1] : "";
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (row), voice);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static GtkWidget *
suggestion_item (const char *title,
                 const char *caption)
{
  GtkWidget *item = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  if (caption != NULL)
    {
      GtkWidget *small = gtk_label_new (caption);

      gtk_label_set_xalign (GTK_LABEL (small), 0);
      gtk_widget_add_css_class (small, "caption");
      gtk_widget_add_css_class (small, "dim-label");
      gtk_box_append (GTK_BOX (box), small);
    }
  gtk_widget_add_css_class (box, "voice-suggestion");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item), box);
  return item;
}

static GtkWidget *
make_suggestions (GtkWidget *row)
{
  const char * const *voices = ovs_catalog_get_choices (ovs_catalog_get_default (), "voice");
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_list_box_append (GTK_LIST_BOX (list), suggestion_item (_("No voice"), NULL));
  for (guint i = 0; voices[i] != NULL; i++)
    {
      const char *label = voice_label (voices[i]);

      gtk_list_box_append (GTK_LIST_BOX (list),
                           label != NULL ? suggestion_item (label, voices[i])
                                         : suggestion_item (voices[i], NULL));
    }
  g_signal_connect (list, "row-activated", G_CALLBACK (suggestion_activated_cb), row);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Suggested voices"), -1);

  gtk_popover_set_child (GTK_POPOVER (popover), list);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "pan-down-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Suggested voices"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Suggested voices"), -1);
  return button;
}

static GtkWidget *
make_voice_row (OvsViduSubjectsPanel *self)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), make_suggestions (row));
  g_signal_connect (row, "changed", G_CALLBACK (voice_changed_cb), self);
  return row;
}

static gboolean
strv_has (GPtrArray  *strings,
          const char *value)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), value))
      return TRUE;
  return FALSE;
}

/* One voice row for each distinct id, in list order, then one for each voice given to a
 * subject that is not listed (imported, or left behind), so that it can be seen and cleared. */
static void
sync_voices (OvsViduSubjectsPanel *self)
{
  g_auto(GStrv) ids = ovs_request_dup_strings (ovs_panel_get_request (OVS_PANEL (self)), OVS_OBJECT_IDS_PATH);
  JsonNode *map = ovs_request_get_node (ovs_panel_get_request (OVS_PANEL (self)), OVS_VOICE_MAP_PATH);
  g_autoptr(GPtrArray) subjects = g_ptr_array_new ();
  guint n_listed;

  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0' && !strv_has (subjects, ids[i]))
      g_ptr_array_add (subjects, ids[i]);
  n_listed = subjects->len;
  if (map != NULL && JSON_NODE_HOLDS_OBJECT (map))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (map));

      for (GList *l = members; l != NULL; l = l->next)
        if (!strv_has (subjects, l->data))
          g_ptr_array_add (subjects, l->data);
    }

  ovs_panel_begin_update (OVS_PANEL (self));

  while (self->voice_rows->len > subjects->len)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->voice_rows, self->voice_rows->len - 1);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->voices_group), row);
    }
  while (self->voice_rows->len < subjects->len)
    {
      GtkWidget *row = make_voice_row (self);

      g_ptr_array_add (self->voice_rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->voices_group), row);
    }

  g_ptr_array_set_size (self->voice_subjects, 0);
  self->n_listed = n_listed;
  for (guint i = 0; i < subjects->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->voice_rows, i);
      const char *subject = g_ptr_array_index (subjects, i);
      g_autofree char *name = g_strconcat (OVS_VOICE_MAP_PATH ".", subject, NULL);

      g_ptr_array_add (self->voice_subjects, g_strdup (subject));
      gtk_widget_set_name (row, name);
      set_text (row, ovs_request_get_voice (ovs_panel_get_request (OVS_PANEL (self)), subject));
      update_voice_title (self, row);
    }

  ovs_panel_end_update (OVS_PANEL (self));
}

/* ---- Subject ids ---- */

static gboolean
id_listed (OvsViduSubjectsPanel *self,
           const char           *id)
{
  g_auto(GStrv) ids = ovs_request_dup_strings (ovs_panel_get_request (OVS_PANEL (self)), OVS_OBJECT_IDS_PATH);

  return g_strv_contains ((const char * const *) ids, id);
}

static void
id_changed_cb (OvsListRow           *row,
               OvsViduSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint index = ovs_list_row_get_index (row);
  g_autofree char *path = id_path (index);
  g_autofree char *text = NULL;
  const char *before;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || request == NULL
      || index >= self->id_owners->len)
    return;

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  /* The last id this row had: clearing the entry to type a new one keeps the voice with it. */
  before = g_ptr_array_index (self->id_owners, index);

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, path, text);
  if (*text != '\0')
    {
      if (before != NULL && !g_str_equal (before, text) && !id_listed (self, before)
          && ovs_request_get_voice (request, before) != NULL
          && ovs_request_get_voice (request, text) == NULL)
        {
          g_autofree char *voice = g_strdup (ovs_request_get_voice (request, before));

          ovs_request_set_voice (request, text, voice);
          ovs_request_set_voice (request, before, NULL);
        }
      g_free (g_ptr_array_index (self->id_owners, index));
      g_ptr_array_index (self->id_owners, index) = g_strdup (text);
    }
  id_row_set_title (GTK_WIDGET (row), text);
  sync_voices (self);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
id_move_cb (OvsListRow           *row,
            guint                 from,
            guint                 to,
            OvsViduSubjectsPanel *self)
{
  ovs_request_move_item (ovs_panel_get_request (OVS_PANEL (self)), OVS_OBJECT_IDS_PATH, from, to);
}

static void
id_remove_cb (OvsListRow           *row,
              guint                 index,
              OvsViduSubjectsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *path = id_path (index);
  g_autofree char *id = g_strdup (ovs_request_get_string (request, path));

  ovs_request_remove_item (request, OVS_OBJECT_IDS_PATH, index);
  /* Its voice goes with it, unless the id is listed twice. */
  if (id != NULL && !id_listed (self, id))
    ovs_request_set_voice (request, id, NULL);
  if (ovs_request_get_n_items (request, OVS_OBJECT_IDS_PATH) == 0)
    ovs_request_remove (request, OVS_OBJECT_IDS_PATH);
}

static GtkWidget *
make_id_row (OvsViduSubjectsPanel *self)
{
  GtkWidget *row = ovs_list_row_new (_("Remove subject"));

  g_signal_connect (row, "move", G_CALLBACK (id_move_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (id_remove_cb), self);
  g_signal_connect (row, "changed", G_CALLBACK (id_changed_cb), self);
  return row;
}

static void
sync_ids (OvsViduSubjectsPanel *self)
{
  g_auto(GStrv) ids = ovs_request_dup_strings (ovs_panel_get_request (OVS_PANEL (self)), OVS_OBJECT_IDS_PATH);
  guint n = g_strv_length (ids);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);

  ovs_panel_begin_update (OVS_PANEL (self));

  while (self->id_rows->len > n)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->id_rows, self->id_rows->len - 1);

      adw_preferences_group_remove (group, row);
    }
  while (self->id_rows->len < n)
    {
      GtkWidget *row = make_id_row (self);

      g_ptr_array_add (self->id_rows, row);
      /* Keep the "add" entry last. */
      g_object_ref (self->add_row);
      adw_preferences_group_remove (group, self->add_row);
      adw_preferences_group_add (group, row);
      adw_preferences_group_add (group, self->add_row);
      g_object_unref (self->add_row);
    }

  g_ptr_array_set_size (self->id_owners, 0);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->id_rows, i);
      g_autofree char *name = id_path (i);

      g_ptr_array_add (self->id_owners, *ids[i] != '\0' ? g_strdup (ids[i]) : NULL);
      gtk_widget_set_name (row, name);
      set_text (row, ids[i]);
      id_row_set_title (row, ids[i]);
      ovs_list_row_set_position (OVS_LIST_ROW (row), i, n);
    }

  sync_voices (self);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
add_apply_cb (AdwEntryRow          *row,
              OvsViduSubjectsPanel *self)
{
  g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  /* Mentions are @id: a leading @ typed out of habit is not part of the id. */
  if (*id == '@')
    memmove (id, id + 1, strlen (id));
  if (*id == '\0')
    return;
  ovs_request_insert_item (ovs_panel_get_request (OVS_PANEL (self)), OVS_OBJECT_IDS_PATH, -1,
                           json_node_init_string (json_node_alloc (), id));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
ovs_vidu_subjects_panel_request_changed (OvsPanel   *panel,
                                         const char *path)
{
  OvsViduSubjectsPanel *self = OVS_VIDU_SUBJECTS_PANEL (panel);

  if (ovs_panel_path_affects (path, OVS_OBJECT_IDS_PATH))
    sync_ids (self);
  else if (ovs_panel_path_affects (path, OVS_VOICE_MAP_PATH))
    sync_voices (self);
}

static char *
list_messages (GPtrArray  *problems,
               const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, path))
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", problem->message);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
ovs_vidu_subjects_panel_show_problems (OvsPanel  *panel,
                                       GPtrArray *problems)
{
  OvsViduSubjectsPanel *self = OVS_VIDU_SUBJECTS_PANEL (panel);
  g_autofree char *ids_text = list_messages (problems, OVS_OBJECT_IDS_PATH);
  g_autofree char *voices_text = list_messages (problems, OVS_VOICE_MAP_PATH);

  for (guint i = 0; i < self->id_rows->len; i++)
    {
      g_autofree char *path = id_path (i);

      ovs_panel_mark_widget (g_ptr_array_index (self->id_rows, i), problems, path);
    }
  for (guint i = 0; i < self->voice_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->voice_rows, i);

      ovs_panel_mark_widget (row, problems, gtk_widget_get_name (row));
    }

  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                             ids_text != NULL ? ids_text
                             : _("Mention each subject in the prompt as @id, for example @girl."));
  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self->voices_group),
                             voices_text != NULL ? voices_text
                             : self->id_rows->len == 0
                               ? _("Add a subject ID to give it a voice.")
                               : _("Pick a suggested voice or type any voice ID; leave it "
                                   "empty for none."));
}

static void
ovs_vidu_subjects_panel_constructed (GObject *object)
{
  OvsViduSubjectsPanel *self = OVS_VIDU_SUBJECTS_PANEL (object);
  OvsScenario *scenario = ovs_request_get_scenario (ovs_panel_get_request (OVS_PANEL (self)));
  const OvsField *ids_field = ovs_scenario_get_field (scenario, OVS_OBJECT_IDS_PATH);
  const OvsField *voices_field = ovs_scenario_get_field (scenario, OVS_VOICE_MAP_PATH);

  G_OBJECT_CLASS (ovs_vidu_subjects_panel_parent_class)->constructed (object);

  /* The catalog's titles, when it has them. */
  if (ids_field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), ids_field->title);
  if (voices_field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->voices_group),
                                     voices_field->title);
  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_vidu_subjects_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_VIDU_SUBJECTS_PANEL);

  G_OBJECT_CLASS (ovs_vidu_subjects_panel_parent_class)->dispose (object);
}

static void
ovs_vidu_subjects_panel_finalize (GObject *object)
{
  OvsViduSubjectsPanel *self = OVS_VIDU_SUBJECTS_PANEL (object);

  g_clear_pointer (&self->id_rows, g_ptr_array_unref);
  g_clear_pointer (&self->voice_rows, g_ptr_array_unref);
  g_clear_pointer (&self->id_owners, g_ptr_array_unref);
  g_clear_pointer (&self->voice_subjects, g_ptr_array_unref);

  G_OBJECT_CLASS (ovs_vidu_subjects_panel_parent_class)->finalize (object);
}

static void
ovs_vidu_subjects_panel_class_init (OvsViduSubjectsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_vidu_subjects_panel_constructed;
  object_class->dispose = ovs_vidu_subjects_panel_dispose;
  object_class->finalize = ovs_vidu_subjects_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-vidu-subjects-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsViduSubjectsPanel, add_row);
  gtk_widget_class_bind_template_child (widget_class, OvsViduSubjectsPanel, voices_group);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);

  panel_class->request_changed = ovs_vidu_subjects_panel_request_changed;
  panel_class->show_problems = ovs_vidu_subjects_panel_show_problems;
}

static void
ovs_vidu_subjects_panel_init (OvsViduSubjectsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its JSON path, like every field of the form. */
  gtk_widget_set_name (self->add_row, OVS_OBJECT_IDS_PATH "[+]");

  self->id_rows = g_ptr_array_new ();
  self->voice_rows = g_ptr_array_new ();
  self->id_owners = g_ptr_array_new_with_free_func (g_free);
  self->voice_subjects = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
ovs_vidu_subjects_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_VIDU_SUBJECTS_PANEL, "request", request, NULL);
}
