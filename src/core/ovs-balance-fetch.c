/* ovs-balance-fetch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-balance-fetch"

#include "config.h"

#include "ovs-balance-fetch.h"
#include "ovs-error.h"

gboolean
ovs_balance_route_missing (const GError *error)
{
  return g_error_matches (error, OVS_ERROR, OVS_ERROR_NOT_FOUND)
         || g_error_matches (error, OVS_ERROR, OVS_ERROR_UNSUPPORTED);
}

gint64
ovs_balance_quota_available (const OvsBalance *balance)
{
  if (balance->unlimited || balance->unit != OVS_BALANCE_UNIT_QUOTA || balance->available < 0)
    return -1;
  return (gint64) balance->available;
}

static OvsBalance *
task_balance (GTask *task)
{
  return g_task_get_task_data (task);
}

static void
usage_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ovs_client_get_json_finish (OVS_CLIENT (source), result, &error);

  if (node == NULL || !ovs_billing_parse_usage (node, task_balance (task), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
subscription_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ovs_client_get_json_finish (OVS_CLIENT (source), result, &error);

  if (node == NULL || !ovs_billing_parse_subscription (node, task_balance (task), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ovs_client_get_json_async (OVS_CLIENT (source), "/dashboard/billing/usage",
                             g_task_get_cancellable (task), usage_cb, g_object_ref (task));
}

static void
token_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ovs_client_get_json_finish (OVS_CLIENT (source), result, &error);

  if (node != NULL && ovs_billing_parse_token_usage (node, task_balance (task), &error))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!ovs_balance_route_missing (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  *task_balance (task) = (OvsBalance) { 0 };
  ovs_client_get_json_async (OVS_CLIENT (source), "/dashboard/billing/subscription",
                             g_task_get_cancellable (task), subscription_cb,
                             g_object_ref (task));
}

void
ovs_balance_fetch_async (OvsClient           *client,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OVS_IS_CLIENT (client));

  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_balance_fetch_async);
  g_task_set_task_data (task, g_new0 (OvsBalance, 1), g_free);
  ovs_client_get_json_async (client, "/api/usage/token", cancellable, token_cb,
                             g_steal_pointer (&task));
}

gboolean
ovs_balance_fetch_finish (GAsyncResult  *result,
                          OvsBalance    *balance,
                          GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_async_result_is_tagged (result, ovs_balance_fetch_async), FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  if (balance != NULL)
    *balance = *task_balance (task);
  return TRUE;
}
