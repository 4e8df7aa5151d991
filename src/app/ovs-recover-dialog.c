/* ovs-recover-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-recover-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-recover-dialog.h"

struct _OvsRecoverDialog
{
  AdwWindow     parent_instance;

  GtkLabel     *path_label;
  GtkWidget    *progress_box;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;

  char         *path;
  /* Set while the recovery runs in its thread. */
  GCancellable *cancellable;
  /* Closing was asked while it ran: close once the thread has put everything back. */
  gboolean      close_when_done;
};

G_DEFINE_FINAL_TYPE (OvsRecoverDialog, ovs_recover_dialog, ADW_TYPE_WINDOW)

enum {
  RECOVERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What the thread is given and what it finds, besides the new store it returns. */
typedef struct
{
  char  *path;
  char  *aside;
  guint  n_recovered;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->aside);
  g_free (job);
}

/* In the worker thread: the damaged file is read and copied there, never on the main loop. */
static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  OvsTaskStore *store;

  store = ovs_task_store_recover_full (job->path, cancellable, &job->aside, &job->n_recovered,
                                       &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    /* From here on only the main thread uses the store. */
    g_task_return_pointer (task, store, g_object_unref);
}

static void
set_running (OvsRecoverDialog *self,
             gboolean          running)
{
  gtk_widget_set_visible (self->progress_box, running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "recover.start", !running);
}

static void
recover_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OvsRecoverDialog *self = OVS_RECOVER_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_object (&self->cancellable);
  /* Destroyed meanwhile (the application quit): its template children are gone. */
  if (self->progress_box == NULL)
    return;
  set_running (self, FALSE);
  if (store == NULL)
    {
      /* Cancelled: the damaged file is back where it was, as if nothing happened. */
      if (self->close_when_done || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[RECOVERED], 0, store, job->aside, job->n_recovered);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OvsRecoverDialog *self = OVS_RECOVER_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Job, 1);
  job->path = g_strdup (self->path);
  task = g_task_new (self, self->cancellable, recover_done_cb, NULL);
  g_task_set_source_tag (task, start_action);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* The error of a cancelled run comes from the thread itself, once the file is back. */
  g_task_set_check_cancellable (task, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_running (self, TRUE);
  g_task_run_in_thread (task, recover_thread);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Closing while the thread runs cancels it; the window goes once the file is back. */
static gboolean
ovs_recover_dialog_close_request (GtkWindow *window)
{
  OvsRecoverDialog *self = OVS_RECOVER_DIALOG (window);

  if (self->cancellable == NULL)
    return GTK_WINDOW_CLASS (ovs_recover_dialog_parent_class)->close_request (window);
  self->close_when_done = TRUE;
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

static void
ovs_recover_dialog_dispose (GObject *object)
{
  OvsRecoverDialog *self = OVS_RECOVER_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_RECOVER_DIALOG);

  G_OBJECT_CLASS (ovs_recover_dialog_parent_class)->dispose (object);
}

static void
ovs_recover_dialog_finalize (GObject *object)
{
  g_free (OVS_RECOVER_DIALOG (object)->path);

  G_OBJECT_CLASS (ovs_recover_dialog_parent_class)->finalize (object);
}

static void
ovs_recover_dialog_class_init (OvsRecoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ovs_recover_dialog_dispose;
  object_class->finalize = ovs_recover_dialog_finalize;
  window_class->close_request = ovs_recover_dialog_close_request;

  /**
   * OvsRecoverDialog::recovered:
   * @store: the new history
   * @aside_path: where the damaged file is kept
   * @n_recovered: how many tasks came back
   */
  signals[RECOVERED] =
    g_signal_new ("recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, OVS_TYPE_TASK_STORE, G_TYPE_STRING, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-recover-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsRecoverDialog, path_label);
  gtk_widget_class_bind_template_child (widget_class, OvsRecoverDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, OvsRecoverDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, OvsRecoverDialog, error_label);

  gtk_widget_class_install_action (widget_class, "recover.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "recover.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "recover.cancel", NULL);
}

static void
ovs_recover_dialog_init (OvsRecoverDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OvsRecoverDialog *
ovs_recover_dialog_new (GtkWindow  *parent,
                        const char *path)
{
  OvsRecoverDialog *self = g_object_new (OVS_TYPE_RECOVER_DIALOG, "transient-for", parent, NULL);
  g_autofree char *label = NULL;

  self->path = path != NULL ? g_strdup (path) : ovs_task_store_dup_default_path ();
  label = g_strdup_printf (_("History: %s"), self->path);
  gtk_label_set_label (self->path_label, label);
  return self;
}
