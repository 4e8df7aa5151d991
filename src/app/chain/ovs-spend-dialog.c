/* ovs-spend-dialog.c: Spending — what the history's tasks cost, per day and per month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history is read by ovs_spend_read_async (): a connection of its own in a thread, so
 * the main loop never waits on SQLite, even while a batch is being written.
 */
#define G_LOG_DOMAIN "ovs-spend-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-spend-row.h"
#include "ovs-spend-dialog.h"

struct _OvsSpendDialog
{
  AdwWindow      parent_instance;

  GtkStack      *stack;
  AdwStatusPage *failed_page;
  GtkListBox    *period_list;

  char          *path;
  OvsSiteMoney   money;
  OvsSpendBy     by;
  GCancellable  *cancellable;   /* the read under way */
};

G_DEFINE_FINAL_TYPE (OvsSpendDialog, ovs_spend_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_rows (OvsSpendDialog *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->period_list))) != NULL)
    gtk_list_box_remove (self->period_list, row);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OvsSpendDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) periods = ovs_spend_read_finish (result, &error);

  if (periods == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (periods == NULL)
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  clear_rows (self);
  for (guint i = 0; i < periods->len; i++)
    gtk_list_box_append (self->period_list,
                         ovs_spend_row_new (g_ptr_array_index (periods, i), self->by, &self->money));
  gtk_stack_set_visible_child_name (self->stack, periods->len > 0 ? "list" : "empty");
}

static void
reload (OvsSpendDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  ovs_spend_read_async (self->path, self->by, self->cancellable, read_cb, g_object_ref (self));
}

OvsSpendBy
ovs_spend_dialog_get_by (OvsSpendDialog *self)
{
  g_return_val_if_fail (OVS_IS_SPEND_DIALOG (self), OVS_SPEND_BY_DAY);
  return self->by;
}

void
ovs_spend_dialog_set_by (OvsSpendDialog *self,
                         OvsSpendBy      by)
{
  g_return_if_fail (OVS_IS_SPEND_DIALOG (self));

  if (self->by == by)
    return;
  self->by = by;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY]);
}

static void
ovs_spend_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OvsSpendDialog *self = OVS_SPEND_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BY:
      g_value_set_string (value, self->by == OVS_SPEND_BY_MONTH ? "month" : "day");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_spend_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OvsSpendDialog *self = OVS_SPEND_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BY:
      ovs_spend_dialog_set_by (self, g_strcmp0 (g_value_get_string (value), "month") == 0
                                     ? OVS_SPEND_BY_MONTH : OVS_SPEND_BY_DAY);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_spend_dialog_dispose (GObject *object)
{
  OvsSpendDialog *self = OVS_SPEND_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_SPEND_DIALOG);

  G_OBJECT_CLASS (ovs_spend_dialog_parent_class)->dispose (object);
}

static void
ovs_spend_dialog_finalize (GObject *object)
{
  OvsSpendDialog *self = OVS_SPEND_DIALOG (object);

  g_free (self->path);

  G_OBJECT_CLASS (ovs_spend_dialog_parent_class)->finalize (object);
}

static void
ovs_spend_dialog_class_init (OvsSpendDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_spend_dialog_get_property;
  object_class->set_property = ovs_spend_dialog_set_property;
  object_class->dispose = ovs_spend_dialog_dispose;
  object_class->finalize = ovs_spend_dialog_finalize;

  /* "day" or "month": a string, so that the header's toggles are one property action. */
  properties[PROP_BY] =
    g_param_spec_string ("by", NULL, NULL, "day",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "spend.by", "by");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/chain/ovs-spend-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsSpendDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsSpendDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, OvsSpendDialog, period_list);
}

static void
ovs_spend_dialog_init (OvsSpendDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_site_money_init (&self->money);
}

OvsSpendDialog *
ovs_spend_dialog_new (const char         *history_path,
                      const OvsSiteMoney *money)
{
  OvsSpendDialog *self = g_object_new (OVS_TYPE_SPEND_DIALOG, NULL);

  g_return_val_if_fail (history_path != NULL, NULL);

  self->path = g_strdup (history_path);
  if (money != NULL)
    self->money = *money;
  reload (self);
  return self;
}
