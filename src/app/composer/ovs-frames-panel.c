/* ovs-frames-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-frames-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-frames-panel.h"
#include "ovs-media-panel.h"

struct _OvsFramesPanel
{
  OvsPanel parent_instance;

  GtkWidget    *rows[2];
  GCancellable *cancellable;
};


G_DEFINE_FINAL_TYPE (OvsFramesPanel, ovs_frames_panel, OVS_TYPE_PANEL)

static const char *paths[] = { "firstframe", "lastframe" };

static void
load_row (OvsFramesPanel *self,
          guint           i)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  const char *url = ovs_request_get_string (request, paths[i]);
  GtkEditable *editable = GTK_EDITABLE (self->rows[i]);

  ovs_panel_row_show_thumbnail (self->rows[i], url, self->cancellable);

  ovs_panel_begin_update (OVS_PANEL (self));
  if (url != NULL && g_str_has_prefix (url, "data:"))
    {
      g_autofree char *mime = g_strndup (url + 5, strcspn (url + 5, ";,"));
      g_autofree char *label = g_strdup_printf (_("Local file, %s"), mime);

      gtk_editable_set_text (editable, label);
      gtk_editable_set_editable (editable, FALSE);
    }
  else
    {
      gtk_editable_set_editable (editable, TRUE);
      if (g_strcmp0 (gtk_editable_get_text (editable), url != NULL ? url : "") != 0)
        gtk_editable_set_text (editable, url != NULL ? url : "");
    }
  ovs_panel_end_update (OVS_PANEL (self));
}

static void
row_changed_cb (GtkEditable    *editable,
                OvsFramesPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint i = GTK_WIDGET (editable) == self->rows[0] ? 0 : 1;
  g_autofree char *text = NULL;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || !gtk_editable_get_editable (editable))
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, paths[i], *text != '\0' ? text : NULL);
  ovs_panel_end_update (OVS_PANEL (self));
}

typedef struct
{
  OvsFramesPanel *self;
  guint           index;
} Pick;

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pick *pick = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_media_read_data_url_finish (result, &error);

  if (url != NULL)
    ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (pick->self)),
                            paths[pick->index], url);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ovs_panel_toast (GTK_WIDGET (pick->self), error->message);
  g_object_unref (pick->self);
  g_free (pick);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     Pick            *pick)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ovs_media_read_data_url_async (file, "image", pick->self->cancellable, file_read_cb, pick);
    }
  else
    {
      g_object_unref (pick->self);
      g_free (pick);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
choose_clicked_cb (GtkButton      *button,
                   OvsFramesPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;
  Pick *pick = g_new0 (Pick, 1);

  pick->self = g_object_ref (self);
  pick->index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_filter_set_name (filter, _("Images"));
  chooser = gtk_file_chooser_native_new (pick->index == 0 ? _("Choose the First Frame")
                                                          : _("Choose the Last Frame"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), pick);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
clear_clicked_cb (GtkButton      *button,
                  OvsFramesPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  ovs_request_remove (request, paths[i]);
}

static void
ovs_frames_panel_request_changed (OvsPanel   *panel,
                                  const char *path)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (panel);

  for (guint i = 0; i < 2; i++)
    if (ovs_panel_path_affects (path, paths[i]))
      load_row (self, i);
}

static void
ovs_frames_panel_show_problems (OvsPanel  *panel,
                                GPtrArray *problems)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (panel);

  for (guint i = 0; i < 2; i++)
    ovs_panel_mark_widget (self->rows[i], problems, paths[i]);
}

static void
ovs_frames_panel_constructed (GObject *object)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (object);
  const char *titles[] = { _("First frame"), _("Last frame") };

  G_OBJECT_CLASS (ovs_frames_panel_parent_class)->constructed (object);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("First and last frame"));
  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                             _("The video starts on the first image and ends on the last."));

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
      GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");

      self->rows[i] = adw_entry_row_new ();
      gtk_widget_set_name (self->rows[i], paths[i]);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), titles[i]);
      for (GtkWidget **b = (GtkWidget *[]) { choose, clear, NULL }; *b != NULL; b++)
        {
          gtk_widget_add_css_class (*b, "flat");
          gtk_widget_set_valign (*b, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (*b), "index", GUINT_TO_POINTER (i));
        }
      gtk_widget_set_tooltip_text (choose, _("Choose an image file…"));
      gtk_widget_set_tooltip_text (clear, _("Clear"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Choose an image file…"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Clear"), -1);
      g_signal_connect (choose, "clicked", G_CALLBACK (choose_clicked_cb), self);
      g_signal_connect (clear, "clicked", G_CALLBACK (clear_clicked_cb), self);
      ovs_panel_row_add_thumbnail (ADW_ENTRY_ROW (self->rows[i]));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->rows[i]), choose);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->rows[i]), clear);
      g_signal_connect (self->rows[i], "changed", G_CALLBACK (row_changed_cb), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->rows[i]);
      load_row (self, i);
    }

}

static void
ovs_frames_panel_dispose (GObject *object)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (ovs_frames_panel_parent_class)->dispose (object);
}

static void
ovs_frames_panel_class_init (OvsFramesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_frames_panel_constructed;
  object_class->dispose = ovs_frames_panel_dispose;

  panel_class->request_changed = ovs_frames_panel_request_changed;
  panel_class->show_problems = ovs_frames_panel_show_problems;
}

static void
ovs_frames_panel_init (OvsFramesPanel *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
ovs_frames_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_FRAMES_PANEL, "request", request, NULL);
}

GtkWidget *
ovs_frames_panel_get_row (OvsFramesPanel *self,
                          const char     *path)
{
  g_return_val_if_fail (OVS_IS_FRAMES_PANEL (self), NULL);

  for (guint i = 0; i < 2; i++)
    if (g_str_equal (paths[i], path))
      return self->rows[i];
  return NULL;
}
