/* ovs-media-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-media-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-data-url.h"
#include "ovs-list-row.h"
#include "ovs-media-panel.h"

struct _OvsMediaPanel
{
  OvsPanel parent_instance;

  char         *path;
  GPtrArray    *rows;       /* OvsListRow, one per item */
  GtkWidget    *add_row;    /* the entry that appends a URL */
  GtkWidget    *choose_button;
};


G_DEFINE_FINAL_TYPE (OvsMediaPanel, ovs_media_panel, OVS_TYPE_PANEL)

enum {
  PROP_0,
  PROP_PATH,
};

static gboolean
is_images (OvsMediaPanel *self)
{
  return g_str_equal (self->path, "images");
}

static char *
item_path (OvsMediaPanel *self,
           guint          index)
{
  return g_strdup_printf ("%s[%u]", self->path, index);
}

static void
row_changed_cb (OvsListRow    *row,
                OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *path = item_path (self, ovs_list_row_get_index (row));
  g_autoptr(OvsPanelUpdate) update = NULL;

  /* A data: URL is shown by description, never edited as text. */
  if (ovs_panel_is_updating (OVS_PANEL (self)) || ovs_list_row_get_described (row))
    return;

  update = ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, path, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
row_move_cb (OvsListRow    *row,
             guint          from,
             guint          to,
             OvsMediaPanel *self)
{
  ovs_request_move_item (ovs_panel_get_request (OVS_PANEL (self)), self->path, from, to);
}

static void
row_remove_cb (OvsListRow    *row,
               guint          index,
               OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));

  ovs_request_remove_item (request, self->path, index);
  /* The last one gone: no empty list stays behind (the API refuses "images": []). */
  if (ovs_request_get_n_items (request, self->path) == 0)
    ovs_request_remove (request, self->path);
}

static GtkWidget *
make_row (OvsPanel *panel)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (panel);
  GtkWidget *row = ovs_list_row_new (_("Remove"));

  ovs_list_row_set_reorderable (OVS_LIST_ROW (row), TRUE);
  g_signal_connect (row, "move", G_CALLBACK (row_move_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (row_remove_cb), self);
  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), self);
  return row;
}

static void
sync_rows (OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  /* Not copied: three inline images were 27 MB to copy at each scenario switch. The rows'
   * changes do not write into the request meanwhile (row_changed_cb: updating). */
  g_autofree const char **urls = ovs_request_peek_strings (request, self->path);
  guint n = g_strv_length ((char **) urls);

  ovs_panel_begin_update (OVS_PANEL (self));

  ovs_panel_resize_rows (OVS_PANEL (self), self->rows, n, self->add_row, make_row);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      g_autofree char *title = g_strdup_printf (is_images (self) ? "<<<image_%u>>>" : "<<<video_%u>>>",
                                                i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      {
        g_autofree char *name = item_path (self, i);

        gtk_widget_set_name (row, name);
      }
      ovs_list_row_set_url (OVS_LIST_ROW (row), urls[i]);
      ovs_list_row_show_thumbnail (OVS_LIST_ROW (row), urls[i], ovs_panel_get_cancellable (OVS_PANEL (self)));
      ovs_list_row_set_position (OVS_LIST_ROW (row), i, n);
    }

  ovs_panel_end_update (OVS_PANEL (self));
}

static void
ovs_media_panel_request_changed (OvsPanel   *panel,
                                 const char *path)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (panel);

  if (ovs_panel_path_affects (path, self->path))
    sync_rows (self);
}

void
ovs_media_panel_add_url (OvsMediaPanel *self,
                         const char    *url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (OVS_IS_MEDIA_PANEL (self));

  trimmed = g_strstrip (g_strdup (url));
  if (*trimmed == '\0')
    return;
  ovs_request_insert_item (ovs_panel_get_request (OVS_PANEL (self)), self->path, -1,
                           json_node_init_string (json_node_alloc (), trimmed));
}

static void
add_row_apply_cb (AdwEntryRow   *row,
                  OvsMediaPanel *self)
{
  ovs_media_panel_add_url (self, gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
url_read_cb (OvsPanel   *panel,
             const char *url,
             gpointer    user_data)
{
  ovs_media_panel_add_url (OVS_MEDIA_PANEL (panel), url);
}

static const char *
media (OvsMediaPanel *self)
{
  return is_images (self) ? "image" : "video";
}

void
ovs_media_panel_add_file (OvsMediaPanel *self,
                          GFile         *file)
{
  g_return_if_fail (OVS_IS_MEDIA_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  ovs_panel_read_files (OVS_PANEL (self), &file, 1, media (self), url_read_cb, NULL, NULL);
}

static void
choose_clicked_cb (GtkButton     *button,
                   OvsMediaPanel *self)
{
  ovs_panel_pick_files (OVS_PANEL (self),
                        is_images (self) ? _("Add Reference Images") : _("Add Reference Videos"),
                        _("_Add"), media (self), TRUE, url_read_cb, NULL, NULL);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         OvsMediaPanel *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new ();

      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (files, l->data);
      ovs_panel_read_files (OVS_PANEL (self), (GFile **) files->pdata, files->len, media (self),
                            url_read_cb, NULL, NULL);
      return TRUE;
    }
  if (G_VALUE_HOLDS_STRING (value))
    {
      g_auto(GStrv) lines = g_strsplit (g_value_get_string (value), "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        ovs_media_panel_add_url (self, lines[i]);
      return TRUE;
    }
  return FALSE;
}

static void
ovs_media_panel_show_problems (OvsPanel  *panel,
                               GPtrArray *problems)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (panel);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *path = item_path (self, i);

      ovs_panel_mark_widget (g_ptr_array_index (self->rows, i), problems, path);
    }

  /* Problems with the list itself (missing, too many) go on the group. */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; problems != NULL && i < problems->len; i++)
      {
        OvsProblem *problem = g_ptr_array_index (problems, i);

        if (g_str_equal (problem->path, self->path))
          ovs_panel_append_problem (text, problem->message);
      }
    ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                               text->len > 0 ? text->str
                                           : is_images (self)
                                             ? _("Refer to them in the prompt as <<<image_1>>>, <<<image_2>>>…")
                                             : _("Refer to them in the prompt as <<<video_1>>>…"));
  }
}

static void
ovs_media_panel_constructed (GObject *object)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (object);
  OvsScenario *scenario = ovs_request_get_scenario (ovs_panel_get_request (OVS_PANEL (self)));
  const OvsField *field = ovs_scenario_get_field (scenario, self->path);
  const char *choose = is_images (self) ? _("Add image files…") : _("Add video files…");
  g_autofree char *add_name = g_strconcat (self->path, "[+]", NULL);

  G_OBJECT_CLASS (ovs_media_panel_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   field != NULL ? field->title
                                   : is_images (self) ? _("Reference images") : _("Reference videos"));
  gtk_widget_set_tooltip_text (self->choose_button, choose);
  ovs_panel_tell_file_limit (self->choose_button);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row),
                                 is_images (self) ? _("Add an image URL") : _("Add a video URL"));
  gtk_widget_set_name (self->add_row, add_name);

  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_media_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_media_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_media_panel_dispose (GObject *object)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_MEDIA_PANEL);

  G_OBJECT_CLASS (ovs_media_panel_parent_class)->dispose (object);
}

static void
ovs_media_panel_finalize (GObject *object)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (object);

  g_free (self->path);

  G_OBJECT_CLASS (ovs_media_panel_parent_class)->finalize (object);
}

static void
ovs_media_panel_class_init (OvsMediaPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-media-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsMediaPanel, add_row);
  gtk_widget_class_bind_template_child (widget_class, OvsMediaPanel, choose_button);
  gtk_widget_class_bind_template_callback (widget_class, add_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);

  object_class->constructed = ovs_media_panel_constructed;
  object_class->set_property = ovs_media_panel_set_property;
  object_class->get_property = ovs_media_panel_get_property;
  object_class->dispose = ovs_media_panel_dispose;
  object_class->finalize = ovs_media_panel_finalize;

  g_object_class_install_property (object_class, PROP_PATH,
    g_param_spec_string ("path", NULL, NULL, "images",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  panel_class->request_changed = ovs_media_panel_request_changed;
  panel_class->show_problems = ovs_media_panel_show_problems;
}

static void
ovs_media_panel_init (OvsMediaPanel *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Files from a file manager, URLs from a browser. */
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_STRING }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_media_panel_new (OvsRequest *request,
                     const char *path)
{
  return g_object_new (OVS_TYPE_MEDIA_PANEL, "request", request, "path", path, NULL);
}
