/* ovs-draft-history-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-draft-history-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-draft-history.h"
#include "ovs-draft-history-dialog.h"

struct _OvsDraftHistoryDialog
{
  AdwWindow   parent_instance;

  GtkStack   *stack;
  GtkListBox *list;
  GPtrArray  *states;   /* the bodies, in the rows' order */
};

G_DEFINE_FINAL_TYPE (OvsDraftHistoryDialog, ovs_draft_history_dialog, ADW_TYPE_WINDOW)

enum {
  RESTORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
row_activated_cb (GtkListBox            *list,
                  GtkListBoxRow         *row,
                  OvsDraftHistoryDialog *self)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index >= self->states->len)
    return;
  g_signal_emit (self, signals[RESTORE], 0, g_ptr_array_index (self->states, index));
  gtk_window_close (GTK_WINDOW (self));
}

/* A row per state: the prompt's first words, the time under them. */
static void
add_row (OvsDraftHistoryDialog *self,
         const OvsDraftState   *state)
{
  g_autofree char *summary = ovs_draft_state_dup_summary (state);
  g_autofree char *time = ovs_draft_state_dup_time (state);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), summary);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), time);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("edit-undo-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Restore this draft"));
  gtk_list_box_append (self->list, row);
  g_ptr_array_add (self->states, g_strdup (state->json));
}

static void
ovs_draft_history_dialog_finalize (GObject *object)
{
  OvsDraftHistoryDialog *self = OVS_DRAFT_HISTORY_DIALOG (object);

  g_clear_pointer (&self->states, g_ptr_array_unref);
  G_OBJECT_CLASS (ovs_draft_history_dialog_parent_class)->finalize (object);
}

static void
ovs_draft_history_dialog_class_init (OvsDraftHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ovs_draft_history_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-draft-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsDraftHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsDraftHistoryDialog, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  signals[RESTORE] =
    g_signal_new ("restore", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ovs_draft_history_dialog_init (OvsDraftHistoryDialog *self)
{
  self->states = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_draft_history_dialog_new (GtkWindow *parent,
                              GPtrArray *history)
{
  OvsDraftHistoryDialog *self = g_object_new (OVS_TYPE_DRAFT_HISTORY_DIALOG,
                                              "transient-for", parent, NULL);

  for (guint i = 0; history != NULL && i < history->len; i++)
    add_row (self, g_ptr_array_index (history, i));
  gtk_stack_set_visible_child_name (self->stack, self->states->len > 0 ? "list" : "empty");
  return GTK_WIDGET (self);
}
