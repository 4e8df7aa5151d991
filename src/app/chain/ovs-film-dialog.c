/* ovs-film-dialog.c: Export Chain as Film… — clips in an order the user sets, joined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clips are joined by ovs_join_async () (in GStreamer's threads, with progress and a
 * GCancellable), as `omni-video join` does, and the same sidecar lists the source tasks;
 * it is written with GIO's async API. The order changes by dragging a row, by Alt+Up and
 * Alt+Down on the focused row, or by the row's own buttons (OvsFilmClipRow). The clips are a
 * chain's (Export Chain as Film…) or any finished tasks added one by one (Add to Film): the
 * dialog is not modal, so that the task list stays in reach, and a clip is taken out by
 * its row's button.
 */
#define G_LOG_DOMAIN "ovs-film-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-continue.h"
#include "ovs-error.h"
#include "ovs-film-clip-row.h"
#include "ovs-join.h"
#include "ovs-progress-cancel.h"
#include "ovs-film-dialog.h"

struct _OvsFilmDialog
{
  AdwWindow       parent_instance;

  GtkWidget      *export_button;
  GtkListBox     *clip_list;
  OvsProgressCancel *progress;

  GPtrArray      *tasks;        /* OvsTask, in the film's order */
  GCancellable   *cancellable;  /* the join under way */
  char           *path;
  double          duration;
};

G_DEFINE_FINAL_TYPE (OvsFilmDialog, ovs_film_dialog, ADW_TYPE_WINDOW)

enum { EXPORTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void fill (OvsFilmDialog *self);

void
ovs_film_dialog_move (OvsFilmDialog *self,
                      guint          index,
                      int            delta)
{
  int to = (int) index + delta;
  gpointer task;
  GtkListBoxRow *row;

  g_return_if_fail (OVS_IS_FILM_DIALOG (self));

  if (index >= self->tasks->len || to < 0 || to >= (int) self->tasks->len
      || self->cancellable != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  task = g_ptr_array_steal_index (self->tasks, index);
  g_ptr_array_insert (self->tasks, to, task);
  fill (self);
  /* The keyboard stays on the clip it moved. */
  row = gtk_list_box_get_row_at_index (self->clip_list, to);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
clip_move_cb (OvsFilmClipRow *row,
              guint           from,
              guint           to,
              OvsFilmDialog  *self)
{
  ovs_film_dialog_move (self, from, (int) to - (int) from);
}

static void
clip_remove_cb (OvsFilmClipRow *row,
                guint           index,
                OvsFilmDialog  *self)
{
  ovs_film_dialog_remove (self, index);
}

static void
fill (OvsFilmDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->clip_list))) != NULL)
    gtk_list_box_remove (self->clip_list, child);
  for (guint i = 0; i < self->tasks->len; i++)
    {
      GtkWidget *row = ovs_film_clip_row_new (g_ptr_array_index (self->tasks, i), i, self->tasks->len);

      g_signal_connect_object (row, "move", G_CALLBACK (clip_move_cb), self, 0);
      g_signal_connect_object (row, "remove", G_CALLBACK (clip_remove_cb), self, 0);
      gtk_list_box_append (self->clip_list, row);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "film.export",
                                 self->tasks->len > 0 && self->cancellable == NULL);
}

gboolean
ovs_film_dialog_add (OvsFilmDialog *self,
                     OvsTask       *task)
{
  g_return_val_if_fail (OVS_IS_FILM_DIALOG (self), FALSE);
  g_return_val_if_fail (OVS_IS_TASK (task), FALSE);

  /* A film being joined keeps its clips; a clip is in a film once. */
  if (self->cancellable != NULL)
    return FALSE;
  for (guint i = 0; i < self->tasks->len; i++)
    if (ovs_task_get_id (g_ptr_array_index (self->tasks, i)) == ovs_task_get_id (task))
      return FALSE;
  g_ptr_array_add (self->tasks, g_object_ref (task));
  fill (self);
  return TRUE;
}

void
ovs_film_dialog_remove (OvsFilmDialog *self,
                        guint          index)
{
  GtkListBoxRow *row;

  g_return_if_fail (OVS_IS_FILM_DIALOG (self));

  if (index >= self->tasks->len || self->cancellable != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_ptr_array_remove_index (self->tasks, index);
  fill (self);
  /* The keyboard goes on to the clip that took its place. */
  row = self->tasks->len > 0
        ? gtk_list_box_get_row_at_index (self->clip_list, (int) MIN (index, self->tasks->len - 1))
        : NULL;
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* The task list offers Add to Film on any finished task, downloaded or not: the message
 * says what would make it possible, as the task view's Use as Reference Video… does. */
gboolean
ovs_film_dialog_check_clip (OvsTask  *task,
                            gint64    now,
                            GError  **error)
{
  g_autoptr(GError) link_error = NULL;

  g_return_val_if_fail (OVS_IS_TASK (task), FALSE);

  if (ovs_task_get_status (task) == OVS_TASK_STATUS_FAILED)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                   _("This task failed: it has no video to put into a film"));
      return FALSE;
    }
  if (ovs_task_get_status (task) != OVS_TASK_STATUS_SUCCEEDED)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                   _("This task has not finished yet: add it to the film once its video is in"));
      return FALSE;
    }
  if (ovs_task_get_file (task) != NULL)
    return TRUE;
  /* A task with no link at all may still be downloaded (Veo's come through /content). */
  if (ovs_continue_video_url (task, now, NULL, &link_error) != NULL
      || !g_error_matches (link_error, OVS_ERROR, OVS_ERROR_EXPIRED))
    g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                 _("This task’s video is not on this computer: download it first (Download "
                   "Again in the task’s view), then add it to the film"));
  else
    g_set_error (error, OVS_ERROR, OVS_ERROR_EXPIRED,
                 _("This task’s video is not on this computer, and the gateway’s link to it "
                   "no longer works: run the task again (Run Again…) for a new video"));
  return FALSE;
}

OvsFilmDialog *
ovs_film_dialog_find (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (OVS_IS_FILM_DIALOG (window) && gtk_window_get_transient_for (window) == parent
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return OVS_FILM_DIALOG (window);
    }
  return NULL;
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  guint index;
  int delta;

  g_variant_get (parameter, "(ui)", &index, &delta);
  ovs_film_dialog_move (OVS_FILM_DIALOG (widget), index, delta);
}

/* Alt+Up and Alt+Down: the clip whose row has the focus. */
static void
move_focused (OvsFilmDialog *self,
              int            delta)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row = focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (row == NULL || gtk_widget_get_parent (row) != GTK_WIDGET (self->clip_list))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  ovs_film_dialog_move (self, (guint) gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)), delta);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_focused (OVS_FILM_DIALOG (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_focused (OVS_FILM_DIALOG (widget), 1);
}

static void
set_busy (OvsFilmDialog *self,
          gboolean       busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "film.export", !busy && self->tasks->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "film.cancel", busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->clip_list), !busy);
  if (!busy)
    g_clear_object (&self->cancellable);
}

static void
say_failure (OvsFilmDialog *self,
             const GError  *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Film Was Not Made"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sidecar_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(OvsFilmDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  /* The film is whole even when its list of tasks could not be written: say so, keep it. */
  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_message ("%s", error->message);
  g_signal_emit (self, signals[EXPORTED], 0, self->path);
  gtk_window_close (GTK_WINDOW (self));
}

static void
joined_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OvsFilmDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *sidecar_path = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  if (!ovs_join_finish (result, &self->duration, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say_failure (self, error);
      return;
    }
  text = ovs_join_dup_sidecar (self->path, self->tasks, self->duration);
  bytes = g_bytes_new_take (text, strlen (text));
  sidecar_path = ovs_join_dup_sidecar_path (self->path);
  sidecar = g_file_new_for_path (sidecar_path);
  g_file_replace_contents_bytes_async (sidecar, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, sidecar_written_cb, g_object_ref (self));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  OvsFilmDialog *self = user_data;

  ovs_progress_cancel_set_fraction (self->progress, fraction);
}

void
ovs_film_dialog_export_to (OvsFilmDialog *self,
                           const char    *path)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  g_return_if_fail (OVS_IS_FILM_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->cancellable != NULL)
    return;
  for (guint i = 0; i < self->tasks->len; i++)
    g_ptr_array_add (files, (gpointer) ovs_task_get_file (g_ptr_array_index (self->tasks, i)));
  g_ptr_array_add (files, NULL);
  g_free (self->path);
  self->path = g_strdup (path);
  self->cancellable = g_cancellable_new ();
  ovs_progress_cancel_set_fraction (self->progress, 0);
  set_busy (self, TRUE);
  /* The progress callback holds no reference: the dialog cancels the join when it goes. */
  ovs_join_async ((const char * const *) files->pdata, path, progress_cb, self, self->cancellable,
                  joined_cb, g_object_ref (self));
}

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  OvsFilmDialog   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        ovs_film_dialog_export_to (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OvsFilmDialog *self = OVS_FILM_DIALOG (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Film"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* Translators: the default file name of an exported film */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("film.mp4"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (OVS_FILM_DIALOG (widget)->cancellable);
}

GPtrArray *
ovs_film_dialog_get_tasks (OvsFilmDialog *self)
{
  g_return_val_if_fail (OVS_IS_FILM_DIALOG (self), NULL);
  return self->tasks;
}

OvsFilmDialog *
ovs_film_dialog_new (GPtrArray *tasks)
{
  OvsFilmDialog *self;

  g_return_val_if_fail (tasks != NULL, NULL);

  self = g_object_new (OVS_TYPE_FILM_DIALOG, NULL);
  for (guint i = 0; i < tasks->len; i++)
    g_ptr_array_add (self->tasks, g_object_ref (g_ptr_array_index (tasks, i)));
  fill (self);
  return self;
}

static void
ovs_film_dialog_dispose (GObject *object)
{
  OvsFilmDialog *self = OVS_FILM_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_FILM_DIALOG);
  G_OBJECT_CLASS (ovs_film_dialog_parent_class)->dispose (object);
}

static void
ovs_film_dialog_finalize (GObject *object)
{
  OvsFilmDialog *self = OVS_FILM_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_free (self->path);
  G_OBJECT_CLASS (ovs_film_dialog_parent_class)->finalize (object);
}

static void
ovs_film_dialog_class_init (OvsFilmDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_film_dialog_dispose;
  object_class->finalize = ovs_film_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/chain/ovs-film-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsFilmDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, OvsFilmDialog, clip_list);
  gtk_widget_class_bind_template_child (widget_class, OvsFilmDialog, progress);

  gtk_widget_class_install_action (widget_class, "film.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "film.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "film.move", "(ui)", move_action);
  gtk_widget_class_install_action (widget_class, "film.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "film.move-down", NULL, move_down_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "film.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "film.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  /* Its template's progress bar. */
  g_type_ensure (OVS_TYPE_PROGRESS_CANCEL);

  /* The film was written (its path); the dialog then closes. */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ovs_film_dialog_init (OvsFilmDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "film.cancel", FALSE);
}
