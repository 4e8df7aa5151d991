/* ovs-balance-label.c
 *
 * The relay's own quota route first (/api/usage/token), the OpenAI-style pair where it
 * lacks it, and /api/status once for the site's money. A gateway without these routes
 * hides the label; nothing else depends on them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-balance-label"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-balance-fetch.h"
#include "ovs-balance-label.h"
#include "ovs-billing.h"

struct _OvsBalanceLabel
{
  AdwBin        parent_instance;

  GtkLabel     *label;
  OvsClient    *client;
  GCancellable *cancellable;   /* the ask under way */
  OvsSiteMoney  money;
  gboolean      has_money;
  OvsBalance    balance;
  gboolean      missing;       /* the gateway has no billing route: never asked again */
  gint64        last_ask;      /* monotonic µs */
  guint         min_interval;  /* seconds */
  guint         wait_id;       /* a refresh waiting for its turn */
};

G_DEFINE_FINAL_TYPE (OvsBalanceLabel, ovs_balance_label, ADW_TYPE_BIN)

static void ask (OvsBalanceLabel *self);

static void
show (OvsBalanceLabel *self)
{
  g_autofree char *text = ovs_balance_format_available (&self->balance, &self->money);

  gtk_label_set_label (self->label, text != NULL ? text : _("Unlimited"));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OvsBalanceLabel) self = user_data;
  g_autoptr(GError) error = NULL;
  OvsBalance balance = { 0 };

  if (!ovs_balance_fetch_finish (result, &balance, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      /* A failure that is not a missing route (offline, a hiccup) keeps what was shown. */
      if (ovs_balance_route_missing (error))
        {
          self->missing = TRUE;
          gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
        }
      else
        g_debug ("No balance: %s", error->message);
      return;
    }
  g_clear_object (&self->cancellable);
  self->balance = balance;
  show (self);
}

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OvsBalanceLabel *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ovs_client_get_json_finish (OVS_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  /* Without the site's money, the relay's default (500 000 units a dollar) is right. */
  if (node != NULL)
    ovs_billing_parse_status (node, &self->money, NULL);
  self->has_money = TRUE;
  ovs_balance_fetch_async (self->client, self->cancellable, fetch_cb, self);
}

static void
ask (OvsBalanceLabel *self)
{
  if (self->client == NULL || self->missing || self->cancellable != NULL)
    return;
  self->last_ask = g_get_monotonic_time ();
  self->cancellable = g_cancellable_new ();
  if (!self->has_money)
    ovs_client_get_json_async (self->client, "/api/status", self->cancellable, status_cb,
                               g_object_ref (self));
  else
    ovs_balance_fetch_async (self->client, self->cancellable, fetch_cb, g_object_ref (self));
}

static gboolean
wait_done_cb (gpointer user_data)
{
  OvsBalanceLabel *self = user_data;

  self->wait_id = 0;
  ask (self);
  return G_SOURCE_REMOVE;
}

void
ovs_balance_label_refresh (OvsBalanceLabel *self)
{
  gint64 since;
  gint64 interval;

  g_return_if_fail (OVS_IS_BALANCE_LABEL (self));

  if (self->client == NULL || self->missing || self->wait_id != 0)
    return;
  since = g_get_monotonic_time () - self->last_ask;
  interval = (gint64) self->min_interval * G_USEC_PER_SEC;
  if (self->last_ask == 0 || since >= interval)
    {
      ask (self);
      return;
    }
  /* The gateway is asked at most once per interval; the last change still shows. */
  self->wait_id = g_timeout_add_seconds ((guint) ((interval - since) / G_USEC_PER_SEC) + 1,
                                         wait_done_cb, self);
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
  g_clear_handle_id (&self->wait_id, g_source_remove);
  ovs_site_money_init (&self->money);
  self->has_money = FALSE;
  self->missing = FALSE;
  self->last_ask = 0;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  ask (self);
}

void
ovs_balance_label_set_min_interval (OvsBalanceLabel *self,
                                    guint            seconds)
{
  g_return_if_fail (OVS_IS_BALANCE_LABEL (self));
  self->min_interval = seconds;
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
  g_clear_handle_id (&self->wait_id, g_source_remove);
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
  self->min_interval = 60;
  ovs_site_money_init (&self->money);
}

GtkWidget *
ovs_balance_label_new (void)
{
  return g_object_new (OVS_TYPE_BALANCE_LABEL, NULL);
}
