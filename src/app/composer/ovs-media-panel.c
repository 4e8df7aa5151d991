/* ovs-media-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-media-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-error.h"
#include "ovs-media-panel.h"

struct _OvsMediaPanel
{
  OvsPanel parent_instance;

  char         *path;
  GPtrArray    *rows;       /* AdwEntryRow, one per item */
  GtkWidget    *add_row;    /* the entry that appends a URL */
  GCancellable *cancellable;
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

/* "data:image/png;base64,…" is long: show what it is and how big. */
static char *
describe_url (const char *url)
{
  if (g_str_has_prefix (url, "data:"))
    {
      const char *comma = strchr (url, ',');
      g_autofree char *mime = g_strndup (url + 5, strcspn (url + 5, ";,"));
      g_autofree char *size = g_format_size (comma != NULL ? strlen (comma + 1) * 3 / 4 : 0);

      /* Translators: an attached local file, e.g. "Local file, image/png, 1.2 MB" */
      return g_strdup_printf (_("Local file, %s, %s"), mime, size);
    }
  return g_strdup (url);
}

static void
row_changed_cb (AdwEntryRow   *row,
                OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  g_autofree char *path = item_path (self, index);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  /* A data: URL is shown by description, never edited as text. */
  if (ovs_panel_is_updating (OVS_PANEL (self)) || g_object_get_data (G_OBJECT (row), "inline") != NULL)
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, path, text);
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
move_clicked_cb (GtkButton     *button,
                 OvsMediaPanel *self)
{
  ovs_panel_list_row_move (button, ovs_panel_get_request (OVS_PANEL (self)),
                           self->path);
}

static void
remove_clicked_cb (GtkButton     *button,
                   OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  ovs_request_remove_item (request, self->path, index);
  /* The last one gone: no empty list stays behind (the API refuses "images": []). */
  if (ovs_request_get_n_items (request, self->path) == 0)
    ovs_request_remove (request, self->path);
}

/* Drag a reference by its handle onto another to put it there. */
static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_UINT,
                                         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index")));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkWidget     *row)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 24, 24);
}

static gboolean
reorder_drop_cb (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  OvsMediaPanel *self = OVS_MEDIA_PANEL (gtk_widget_get_ancestor (row, OVS_TYPE_MEDIA_PANEL));

  if (self == NULL || !G_VALUE_HOLDS_UINT (value))
    return FALSE;
  ovs_request_move_item (ovs_panel_get_request (OVS_PANEL (self)), self->path,
                         g_value_get_uint (value),
                         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index")));
  return TRUE;
}

static GtkWidget *
make_row (OvsMediaPanel *self,
          guint          index)
{
  GtkWidget *row = ovs_panel_list_row_new (index, _("Remove"), G_CALLBACK (move_clicked_cb),
                                           G_CALLBACK (remove_clicked_cb), self);

  /* A frame of the reference, when it can be fetched and decoded. */
  ovs_panel_row_add_thumbnail (ADW_ENTRY_ROW (row));

  /* Prefixes stack leftwards: the handle, added last, comes first. */
  {
    GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");
    GtkDragSource *drag = gtk_drag_source_new ();
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_UINT, GDK_ACTION_MOVE);

    gtk_widget_set_tooltip_text (handle, _("Drag to reorder"));
    gtk_widget_add_css_class (handle, "dim-label");
    gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
    g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), row);
    g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), row);
    gtk_widget_add_controller (handle, GTK_EVENT_CONTROLLER (drag));
    g_signal_connect (drop, "drop", G_CALLBACK (reorder_drop_cb), row);
    gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
    adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), handle);
  }

  g_signal_connect (row, "changed", G_CALLBACK (row_changed_cb), self);
  return row;
}

static void
sync_rows (OvsMediaPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_auto(GStrv) urls = ovs_request_dup_strings (request, self->path);
  guint n = g_strv_length (urls);

  ovs_panel_begin_update (OVS_PANEL (self));

  while (self->rows->len > n)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->rows, self->rows->len - 1);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
    }
  while (self->rows->len < n)
    {
      GtkWidget *row = make_row (self, self->rows->len);

      g_ptr_array_add (self->rows, row);
      /* Keep the "add" entry last (the group holds the only other reference to it). */
      g_object_ref (self->add_row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->add_row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);
      g_object_unref (self->add_row);
    }

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      gboolean inline_file = g_str_has_prefix (urls[i], "data:");
      g_autofree char *title = g_strdup_printf (is_images (self) ? "<<<image_%u>>>" : "<<<video_%u>>>",
                                                i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      {
        g_autofree char *name = item_path (self, i);

        gtk_widget_set_name (row, name);
      }
      g_object_set_data (G_OBJECT (row), "inline", GINT_TO_POINTER (inline_file));
      if (inline_file)
        {
          g_autofree char *description = describe_url (urls[i]);

          gtk_editable_set_text (GTK_EDITABLE (row), description);
          gtk_editable_set_editable (GTK_EDITABLE (row), FALSE);
        }
      else
        {
          gtk_editable_set_editable (GTK_EDITABLE (row), TRUE);
          if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), urls[i]) != 0)
            gtk_editable_set_text (GTK_EDITABLE (row), urls[i]);
        }
      ovs_panel_row_show_thumbnail (row, urls[i], self->cancellable);
      ovs_panel_list_row_update_arrows (row, n);
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
read_data_url_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GFile *file = source_object;
  const char *media = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *encoded = NULL;
  const char *content_type;
  g_autofree char *mime = NULL;
  goffset size;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  size = g_file_info_get_size (info);
  content_type = g_file_info_get_content_type (info);
  mime = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;

  if (mime == NULL || !g_str_has_prefix (mime, media) || mime[strlen (media)] != '/')
    {
      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_INVALID,
                               _("“%s” is not an %s file (it is %s)"),
                               g_file_info_get_display_name (info), media,
                               mime != NULL ? mime : _("of an unknown type"));
      return;
    }

  if (size > OVS_MEDIA_INLINE_LIMIT)
    {
      g_autofree char *have = g_format_size (size);
      g_autofree char *limit = g_format_size (OVS_MEDIA_INLINE_LIMIT);

      g_task_return_new_error (task, OVS_ERROR, OVS_ERROR_TOO_LARGE,
                               _("“%s” is %s; files sent inline can be at most %s. "
                                 "Upload it somewhere and paste its URL instead."),
                               g_file_info_get_display_name (info), have, limit);
      return;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  encoded = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_task_return_pointer (task, g_strdup_printf ("data:%s;base64,%s", mime, encoded), g_free);
}

void
ovs_media_read_data_url_async (GFile               *file,
                               const char          *media,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (file, cancellable, callback, user_data);

  g_task_set_source_tag (task, ovs_media_read_data_url_async);
  g_task_set_task_data (task, g_strdup (media), g_free);
  g_task_run_in_thread (task, read_data_url_thread);
}

char *
ovs_media_read_data_url_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OvsMediaPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_media_read_data_url_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (url == NULL)
    {
      ovs_panel_toast (GTK_WIDGET (self), error->message);
      return;
    }
  ovs_media_panel_add_url (self, url);
}

void
ovs_media_panel_add_file (OvsMediaPanel *self,
                          GFile         *file)
{
  g_return_if_fail (OVS_IS_MEDIA_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  ovs_media_read_data_url_async (file, is_images (self) ? "image" : "video", self->cancellable,
                                 file_read_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     OvsMediaPanel   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          ovs_media_panel_add_file (self, file);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_clicked_cb (GtkButton     *button,
                   OvsMediaPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_add_mime_type (filter, is_images (self) ? "image/*" : "video/*");
  gtk_file_filter_set_name (filter, is_images (self) ? _("Images") : _("Videos"));

  chooser = gtk_file_chooser_native_new (is_images (self) ? _("Add Reference Images")
                                                          : _("Add Reference Videos"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
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
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        ovs_media_panel_add_file (self, l->data);
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
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  const OvsField *field = ovs_scenario_get_field (scenario, self->path);
  GtkWidget *choose;
  GtkDropTarget *drop;

  G_OBJECT_CLASS (ovs_media_panel_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self),
                                   field != NULL ? field->title
                                   : is_images (self) ? _("Reference images") : _("Reference videos"));

  choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  gtk_widget_add_css_class (choose, "flat");
  gtk_widget_set_tooltip_text (choose, is_images (self) ? _("Add image files…") : _("Add video files…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (choose), -1);
  g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), choose);

  self->add_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row),
                                 is_images (self) ? _("Add an image URL") : _("Add a video URL"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->add_row), TRUE);
  gtk_widget_add_css_class (self->add_row, "add-row");
  {
    g_autofree char *name = g_strconcat (self->path, "[+]", NULL);

    gtk_widget_set_name (self->add_row, name);
  }
  g_signal_connect (self->add_row, "apply", G_CALLBACK (add_row_apply_cb), self);
  g_signal_connect (self->add_row, "entry-activated", G_CALLBACK (add_row_apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[]) { GDK_TYPE_FILE_LIST, G_TYPE_STRING }, 2);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

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

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

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
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

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
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ovs_media_panel_new (OvsRequest *request,
                     const char *path)
{
  return g_object_new (OVS_TYPE_MEDIA_PANEL, "request", request, "path", path, NULL);
}
