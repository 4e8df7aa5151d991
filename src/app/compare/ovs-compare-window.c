/* ovs-compare-window.c: a comparison in a window of its own, and its export
 *
 * Export… writes the tiles side by side into one MP4 (ovs-grid-export.c, the same as
 * `omni-video export-grid`) from the tiles not hidden, with its progress and Cancel at the bottom of the window and a
 * toast to open the file at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-app-widgets.h"
#include "ovs-compare-tile.h"
#include "ovs-compare-window.h"
#include "ovs-grid-export.h"
#include "ovs-progress-cancel.h"

struct _OvsCompareWindow
{
  AdwWindow       parent_instance;

  OvsCompareGrid *grid;
  char           *group_id;
  GCancellable   *export_cancellable;  /* while an export runs */
  GFile          *exported;            /* the last file written */

  GtkWidget       *box;
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  AdwBin          *grid_bin;
  GtkRevealer     *export_revealer;
  OvsProgressCancel *export_progress;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (OvsCompareWindow, ovs_compare_window, ADW_TYPE_WINDOW)

static void
toast (OvsCompareWindow *self,
       const char       *message)
{
  ovs_toast_overlay_add (self->toast_overlay, adw_toast_new (message));
}

static void
set_exporting (OvsCompareWindow *self,
               gboolean          exporting)
{
  gtk_revealer_set_reveal_child (self->export_revealer, exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.export", !exporting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel-export", exporting);
}

static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  OvsCompareWindow *self = user_data;

  ovs_progress_cancel_set_fraction (self->export_progress, fraction);
}

/* "Exported “grid.mp4”", Open, and Show in Files beside the title. */
static void
toast_exported (OvsCompareWindow *self)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/omnivideo/Studio/compare/ovs-compare-exported.ui");
  g_autofree char *name = g_file_get_basename (self->exported);
  /* Translators: %s is the file name of the exported comparison */
  g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);
  AdwToast *done = adw_toast_new (title);

  gtk_label_set_label (GTK_LABEL (gtk_builder_get_object (builder, "exported_label")), title);
  adw_toast_set_custom_title (done, GTK_WIDGET (gtk_builder_get_object (builder, "exported")));
  adw_toast_set_button_label (done, _("_Open"));
  adw_toast_set_action_name (done, "compare.open-export");
  adw_toast_set_timeout (done, 0);
  ovs_toast_overlay_add (self->toast_overlay, done);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OvsCompareWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->export_cancellable);
  set_exporting (self, FALSE);
  if (ovs_grid_export_finish (result, NULL, &error))
    toast_exported (self);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, _("Export cancelled"));
  else
    toast (self, error->message);
}

void
ovs_compare_window_export (OvsCompareWindow *self,
                           GFile            *file)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *name = NULL;
  g_autofree char *doing = NULL;

  g_return_if_fail (OVS_IS_COMPARE_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->export_cancellable != NULL)
    return;
  /* What the grid shows: the tiles not hidden, whose video is here. */
  for (guint i = 0; i < ovs_compare_grid_get_n_tiles (self->grid); i++)
    {
      OvsCompareTile *tile = OVS_COMPARE_TILE (ovs_compare_grid_get_tile (self->grid, i));
      OvsTask *task = ovs_compare_tile_get_task (tile);

      if (ovs_compare_tile_get_hidden (tile) || ovs_task_get_file (task) == NULL)
        continue;
      g_ptr_array_add (paths, g_strdup (ovs_task_get_file (task)));
      g_ptr_array_add (labels, ovs_grid_export_label (task));
    }
  if (paths->len == 0)
    {
      toast (self, _("No video of this comparison has been downloaded yet"));
      return;
    }
  g_ptr_array_add (paths, NULL);
  g_ptr_array_add (labels, NULL);

  out = g_file_get_path (file);
  g_set_object (&self->exported, file);
  name = g_file_get_basename (file);
  /* Translators: %s is the file name being written */
  doing = g_strdup_printf (_("Exporting “%s”…"), name);
  ovs_progress_cancel_set_text (self->export_progress, doing);
  ovs_progress_cancel_set_fraction (self->export_progress, 0.0);
  self->export_cancellable = g_cancellable_new ();
  set_exporting (self, TRUE);
  ovs_grid_export_async ((const char * const *) paths->pdata, (const char * const *) labels->pdata,
                         out, export_progress_cb, self, self->export_cancellable, exported_cb,
                         g_object_ref (self));
}

static void
chooser_response_cb (OvsCompareWindow *self,
                     int               response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    ovs_compare_window_export (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsCompareWindow *self = OVS_COMPARE_WINDOW (widget);
  g_autofree char *name = g_strdup_printf ("%s.mp4", self->group_id != NULL ? self->group_id
                                                                            : "comparison");
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *folder = NULL;

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export the Comparison"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_file_filter_set_name (filter, _("MP4 video"));
  gtk_file_filter_add_suffix (filter, "mp4");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  /* Among videos (the Videos folder, else the tiles' own), not wherever the app started. */
  folder = g_strdup (g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS));
  for (guint i = 0; folder == NULL && i < ovs_compare_grid_get_n_tiles (self->grid); i++)
    {
      OvsTask *task = ovs_compare_tile_get_task (OVS_COMPARE_TILE (ovs_compare_grid_get_tile (self->grid, i)));

      if (ovs_task_get_file (task) != NULL)
        folder = g_path_get_dirname (ovs_task_get_file (task));
    }
  if (folder != NULL)
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), start, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_export_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  OvsCompareWindow *self = OVS_COMPARE_WINDOW (widget);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OvsCompareWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (g_app_info_launch_default_for_uri_finish (result, &error) || self->exported == NULL)
    return;
  g_debug ("Could not open the export: %s", error->message);
  path = g_file_get_path (self->exported);
  message = g_strdup_printf (_("No application here plays this video: install a video player "
                               "such as Videos or Celluloid, or open %s from your file manager"),
                             path);
  toast (self, message);
}

static void
open_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  OvsCompareWindow *self = OVS_COMPARE_WINDOW (widget);
  g_autofree char *uri = NULL;

  if (self->exported == NULL)
    return;
  /* Show in Files opens the folder; Open, the video. */
  if (g_str_equal (action_name, "compare.show-export"))
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->exported);

      uri = g_file_get_uri (folder);
    }
  else
    uri = g_file_get_uri (self->exported);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launched_cb, g_object_ref (self));
}

static void
ovs_compare_window_dispose (GObject *object)
{
  OvsCompareWindow *self = OVS_COMPARE_WINDOW (object);

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_COMPARE_WINDOW);

  G_OBJECT_CLASS (ovs_compare_window_parent_class)->dispose (object);
}

static void
ovs_compare_window_finalize (GObject *object)
{
  OvsCompareWindow *self = OVS_COMPARE_WINDOW (object);

  g_free (self->group_id);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->exported);

  G_OBJECT_CLASS (ovs_compare_window_parent_class)->finalize (object);
}

static void
ovs_compare_window_class_init (OvsCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_compare_window_dispose;
  object_class->finalize = ovs_compare_window_finalize;

  g_type_ensure (OVS_TYPE_PROGRESS_CANCEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, box);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, grid_bin);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, export_progress);

  gtk_widget_class_install_action (widget_class, "compare.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "compare.cancel-export", NULL, cancel_export_action);
  gtk_widget_class_install_action (widget_class, "compare.open-export", NULL, open_export_action);
  gtk_widget_class_install_action (widget_class, "compare.show-export", NULL, open_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "compare.export", NULL);
}

static void
ovs_compare_window_init (OvsCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_exporting (self, FALSE);
}

OvsCompareWindow *
ovs_compare_window_new (OvsTaskStore *store,
                        const char   *group_id,
                        GPtrArray    *tasks)
{
  OvsCompareWindow *self = g_object_new (OVS_TYPE_COMPARE_WINDOW, NULL);

  self->group_id = g_strdup (group_id);
  self->grid = OVS_COMPARE_GRID (ovs_compare_grid_new (store, tasks));
  adw_bin_set_child (self->grid_bin, GTK_WIDGET (self->grid));
  adw_window_title_set_subtitle (self->window_title, group_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
  return self;
}

OvsCompareGrid *
ovs_compare_window_get_grid (OvsCompareWindow *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_WINDOW (self), NULL);

  return self->grid;
}

gboolean
ovs_compare_window_get_exporting (OvsCompareWindow *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_WINDOW (self), FALSE);

  return self->export_cancellable != NULL;
}
