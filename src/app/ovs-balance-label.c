/* ovs-balance-label.c
 *
 * Shows what the cost watch read (the one place that asks the gateway for the balance, and
 * decides when: see ovs-cost-watch.h); asks only /api/status, once, for the site's money.
 * A gateway without the balance routes hides the label; nothing else depends on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-balance-label"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-balance-label.h"
#include "ovs-billing.h"

struct _OvsBalanceLabel
{
  AdwBin        parent_instance;

  GtkLabel     *label;
  OvsClient    *client;
  GCancellable *cancellable;   /* /api/status under way */
  OvsSiteMoney  money;
  OvsCostWatch *watch;
};

G_DEFINE_FINAL_TYPE (OvsBalanceLabel, ovs_balance_label, ADW_TYPE_BIN)

static void
update (OvsBalanceLabel *self)
{
  g_autofree char *text = NULL;
  OvsBalance balance = { 0 };

  if (self->watch != NULL && ovs_cost_watch_get_shown (self->watch, &balance))
    {
      text = ovs_balance_format_available (&balance, &self->money);
      gtk_label_set_label (self->label, text != NULL ? text : _("Unlimited"));
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
    }
  /* A failure that is not a missing route (offline, a hiccup) keeps what was shown. */
  else if (self->watch == NULL || ovs_cost_watch_get_missing (self->watch))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OvsBalanceLabel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ovs_client_get_json_finish (OVS_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  /* Without the site's money, the relay's default (500 000 units a dollar) is right. */
  if (node != NULL)
    ovs_billing_parse_status (node, &self->money, NULL);
  update (self);
}

void
ovs_balance_label_set_client (OvsBalanceLabel *self,
                              OvsClient       *client)
{
  g_return_if_fail (OVS_IS_BALANCE_LABEL (self));

  if (!g_set_object (&self->client, client))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  ovs_site_money_init (&self->money);
  if (client == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  ovs_client_get_json_async (client, "/api/status", self->cancellable, status_cb,
                             g_object_ref (self));
}

void
ovs_balance_label_set_watch (OvsBalanceLabel *self,
                             OvsCostWatch    *watch)
{
  g_return_if_fail (OVS_IS_BALANCE_LABEL (self));
  g_return_if_fail (watch == NULL || OVS_IS_COST_WATCH (watch));

  if (self->watch == watch)
    return;
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_set_object (&self->watch, watch);
  if (watch != NULL)
    g_signal_connect_object (watch, "notify::balance", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  update (self);
}

OvsCostWatch *
ovs_balance_label_get_watch (OvsBalanceLabel *self)
{
  g_return_val_if_fail (OVS_IS_BALANCE_LABEL (self), NULL);
  return self->watch;
}

const OvsSiteMoney *
ovs_balance_label_get_money (OvsBalanceLabel *self)
{
  g_return_val_if_fail (OVS_IS_BALANCE_LABEL (self), NULL);
  return &self->money;
}

const char *
ovs_balance_label_get_text (OvsBalanceLabel *self)
{
  g_return_val_if_fail (OVS_IS_BALANCE_LABEL (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self)) ? gtk_label_get_label (self->label) : NULL;
}

static void
ovs_balance_label_dispose (GObject *object)
{
  OvsBalanceLabel *self = OVS_BALANCE_LABEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  g_clear_object (&self->client);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_BALANCE_LABEL);

  G_OBJECT_CLASS (ovs_balance_label_parent_class)->dispose (object);
}

static void
ovs_balance_label_class_init (OvsBalanceLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_balance_label_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-balance-label.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsBalanceLabel, label);
}

static void
ovs_balance_label_init (OvsBalanceLabel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_site_money_init (&self->money);
}

GtkWidget *
ovs_balance_label_new (void)
{
  return g_object_new (OVS_TYPE_BALANCE_LABEL, NULL);
}
