/* ovs-subject-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-subject-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-list-row.h"
#include "ovs-subject-row.h"

#define SUBJECTS_PATH "subject_infos"

struct _OvsSubjectRow
{
  OvsItemRow  parent_instance;

  GtkWidget  *id_row;
  GtkWidget  *name_row;
  GtkWidget  *add_url_row;
  GtkWidget  *choose_button;
  GPtrArray  *url_rows;   /* OvsListRow, one per image URL */
};

G_DEFINE_FINAL_TYPE (OvsSubjectRow, ovs_subject_row, OVS_TYPE_ITEM_ROW)

static void
field_changed_cb (GtkEditable   *editable,
                  OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *path = NULL;

  if (panel == NULL)
    return;

  path = ovs_item_row_dup_path (OVS_ITEM_ROW (self),
                                GTK_WIDGET (editable) == self->id_row ? ".id" : ".name");
  {
    g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (panel);

    ovs_request_set_string (ovs_panel_get_request (panel), path, gtk_editable_get_text (editable));
  }
  ovs_item_row_update_header (OVS_ITEM_ROW (self));
}

static void
url_changed_cb (OvsListRow    *row,
                OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *member = NULL;
  g_autofree char *path = NULL;
  g_autoptr(OvsPanelUpdate) update = NULL;

  /* A data: URL is shown by description, never edited as text. */
  if (panel == NULL || ovs_list_row_get_described (row))
    return;

  member = g_strdup_printf (".image_urls[%u]", ovs_list_row_get_index (row));
  path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), member);
  update = ovs_panel_begin_update (panel);
  ovs_request_set_string (ovs_panel_get_request (panel), path,
                          gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
url_move_cb (OvsListRow    *row,
             guint          from,
             guint          to,
             OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".image_urls");

  if (panel != NULL)
    ovs_request_move_item (ovs_panel_get_request (panel), path, from, to);
}

static void
url_remove_cb (OvsListRow    *row,
               guint          index,
               OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".image_urls");

  /* The last one gone leaves [] behind: the subject keeps its shape and the check says
   * that it needs an image. */
  if (panel != NULL)
    ovs_request_remove_item (ovs_panel_get_request (panel), path, index);
}

static void
append_url (OvsRequest *request,
            guint       subject,
            const char *url)
{
  g_autofree char *path = g_strdup_printf (SUBJECTS_PATH "[%u].image_urls", subject);
  g_autofree char *trimmed = g_strstrip (g_strdup (url));

  if (*trimmed == '\0' || subject >= ovs_request_get_n_items (request, SUBJECTS_PATH))
    return;
  ovs_request_insert_item (request, path, -1,
                           json_node_init_string (json_node_alloc (), trimmed));
}

static void
add_url_apply_cb (AdwEntryRow   *row,
                  OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));

  if (panel == NULL)
    return;
  append_url (ovs_panel_get_request (panel), ovs_item_row_get_index (OVS_ITEM_ROW (self)),
              gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* A local file read for the subject at GPOINTER_TO_UINT (@user_data): by its place, as the
 * row may show another subject by the time the file is read. */
static void
url_read_cb (OvsPanel   *panel,
             const char *url,
             gpointer    user_data)
{
  append_url (ovs_panel_get_request (panel), GPOINTER_TO_UINT (user_data), url);
}

static void
choose_clicked_cb (GtkButton     *button,
                   OvsSubjectRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));

  if (panel != NULL)
    ovs_panel_pick_files (panel, _("Add Subject Images"), _("_Add"), "image", TRUE, url_read_cb,
                          GUINT_TO_POINTER (ovs_item_row_get_index (OVS_ITEM_ROW (self))), NULL);
}

static GtkWidget *
make_url_row (OvsSubjectRow *self)
{
  GtkWidget *row = ovs_list_row_new (_("Remove image"));

  g_signal_connect (row, "move", G_CALLBACK (url_move_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (url_remove_cb), self);
  g_signal_connect (row, "changed", G_CALLBACK (url_changed_cb), self);
  return row;
}

/* As many image rows as @n, the "add" entry kept last. */
static void
resize_url_rows (OvsSubjectRow *self,
                 guint          n)
{
  AdwExpanderRow *expander = ADW_EXPANDER_ROW (self);

  while (self->url_rows->len > n)
    adw_expander_row_remove (expander, g_ptr_array_steal_index (self->url_rows,
                                                                self->url_rows->len - 1));
  while (self->url_rows->len < n)
    {
      GtkWidget *row = make_url_row (self);

      g_ptr_array_add (self->url_rows, row);
      g_object_ref (self->add_url_row);
      adw_expander_row_remove (expander, self->add_url_row);
      adw_expander_row_add_row (expander, row);
      adw_expander_row_add_row (expander, self->add_url_row);
      g_object_unref (self->add_url_row);
    }
}

static void
sync_urls (OvsSubjectRow *self,
           OvsRequest    *request)
{
  g_autofree char *list_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".image_urls");
  g_autofree char *add_name = g_strconcat (list_path, "[+]", NULL);
  g_auto(GStrv) urls = ovs_request_dup_strings (request, list_path);
  guint n = g_strv_length (urls);

  resize_url_rows (self, n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->url_rows, i);
      g_autofree char *name = g_strdup_printf ("%s[%u]", list_path, i);
      /* Translators: the title of a subject's reference image, "Image 1" */
      g_autofree char *title = g_strdup_printf (_("Image %u"), i + 1);

      gtk_widget_set_name (row, name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      ovs_list_row_set_url (OVS_LIST_ROW (row), urls[i]);
      ovs_list_row_set_position (OVS_LIST_ROW (row), i, n);
    }
  gtk_widget_set_name (self->add_url_row, add_name);
}

static void
set_text (GtkWidget  *row,
          const char *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text != NULL ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
ovs_subject_row_sync (OvsSubjectRow *self,
                      guint          index,
                      guint          n_items)
{
  OvsRequest *request = ovs_item_row_get_request (OVS_ITEM_ROW (self));
  g_autofree char *id_path = NULL;
  g_autofree char *name_path = NULL;

  g_return_if_fail (OVS_IS_SUBJECT_ROW (self));
  g_return_if_fail (request != NULL);

  ovs_item_row_set_position (OVS_ITEM_ROW (self), index, n_items);
  id_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".id");
  name_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".name");
  gtk_widget_set_name (self->id_row, id_path);
  gtk_widget_set_name (self->name_row, name_path);
  set_text (self->id_row, ovs_request_get_string (request, id_path));
  set_text (self->name_row, ovs_request_get_string (request, name_path));
  sync_urls (self, request);
  ovs_item_row_update_header (OVS_ITEM_ROW (self));
}

void
ovs_subject_row_focus_name (OvsSubjectRow *self)
{
  g_return_if_fail (OVS_IS_SUBJECT_ROW (self));

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  gtk_widget_grab_focus (self->name_row);
}

static const char *
ovs_subject_row_member_label (OvsItemRow *row,
                              const char *member)
{
  if (g_str_has_prefix (member, ".id"))
    return _("ID");
  if (g_str_has_prefix (member, ".name"))
    return _("Name");
  if (g_str_has_prefix (member, ".image_urls"))
    return _("Reference images");
  return NULL;
}

static void
ovs_subject_row_show_problems (OvsItemRow *row,
                               GPtrArray  *problems)
{
  OvsSubjectRow *self = OVS_SUBJECT_ROW (row);

  ovs_panel_mark_widget (self->id_row, problems, gtk_widget_get_name (self->id_row));
  ovs_panel_mark_widget (self->name_row, problems, gtk_widget_get_name (self->name_row));
  for (guint i = 0; i < self->url_rows->len; i++)
    {
      GtkWidget *url_row = g_ptr_array_index (self->url_rows, i);

      ovs_panel_mark_widget (url_row, problems, gtk_widget_get_name (url_row));
    }
}

/* The title says how the prompt names the subject; the subtitle sums it up, or tells what
 * is wrong with it. */
static void
ovs_subject_row_update_header (OvsItemRow *row)
{
  OvsSubjectRow *self = OVS_SUBJECT_ROW (row);
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  guint n_images = self->url_rows->len;
  g_autofree char *title = NULL;
  g_autofree char *images = NULL;
  g_autofree char *summary = NULL;

  title = *id != '\0' ? g_strdup_printf ("<<<%s>>>", id) : g_strdup (_("Subject without an ID"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  if (ovs_item_row_show_messages (row))
    return;

  images = n_images == 0 ? g_strdup (_("No reference images"))
                         : g_strdup_printf (ngettext ("%u reference image", "%u reference images",
                                                      n_images), n_images);
  if (*name != '\0')
    /* Translators: a subject's name and its number of images, "Girl · 2 reference images" */
    summary = g_strdup_printf (C_("subject summary", "%s · %s"), name, images);
  else
    summary = g_strdup (images);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
}

static void
ovs_subject_row_dispose (GObject *object)
{
  OvsSubjectRow *self = OVS_SUBJECT_ROW (object);

  g_ptr_array_set_size (self->url_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_SUBJECT_ROW);

  G_OBJECT_CLASS (ovs_subject_row_parent_class)->dispose (object);
}

static void
ovs_subject_row_finalize (GObject *object)
{
  g_ptr_array_unref (OVS_SUBJECT_ROW (object)->url_rows);

  G_OBJECT_CLASS (ovs_subject_row_parent_class)->finalize (object);
}

static void
ovs_subject_row_class_init (OvsSubjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsItemRowClass *item_class = OVS_ITEM_ROW_CLASS (klass);

  object_class->dispose = ovs_subject_row_dispose;
  object_class->finalize = ovs_subject_row_finalize;
  item_class->list_path = SUBJECTS_PATH;
  item_class->member_label = ovs_subject_row_member_label;
  item_class->show_problems = ovs_subject_row_show_problems;
  item_class->update_header = ovs_subject_row_update_header;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-subject-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsSubjectRow, id_row);
  gtk_widget_class_bind_template_child (widget_class, OvsSubjectRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, OvsSubjectRow, add_url_row);
  gtk_widget_class_bind_template_child (widget_class, OvsSubjectRow, choose_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
ovs_subject_row_init (OvsSubjectRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_panel_tell_file_limit (self->choose_button);
  /* Rows added to the list, not the template's: removed by hand, so not owned here. */
  self->url_rows = g_ptr_array_new ();
}

GtkWidget *
ovs_subject_row_new (OvsPanel *panel)
{
  return g_object_new (OVS_TYPE_SUBJECT_ROW, "panel", panel, NULL);
}
