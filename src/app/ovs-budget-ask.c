/* ovs-budget-ask.c: before sending, ask when it would go over a budget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-budget-ask"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ovs-app-widgets.h"
#include "ovs-budget.h"
#include "ovs-prices.h"
#include "ovs-budget-ask.h"

typedef struct
{
  GtkWindow    *parent;
  OvsTaskStore *store;
  OvsSiteMoney  money;
  OvsBudget     budget;
  gint64        estimate;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->parent);
  g_clear_object (&ask->store);
  g_free (ask);
}

static void
estimate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GPtrArray *bodies = task_data;
  g_autofree char *path = ovs_prices_dup_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsPrices) prices = ovs_prices_new_from_file (path, &error);
  guint n_unknown = 0;
  gint64 total;

  /* A broken table costs the estimate, never the sending. */
  if (prices == NULL)
    {
      g_message ("The price table is not used: %s", error->message);
      g_task_return_int (task, -1);
      return;
    }
  total = ovs_prices_estimate_all (prices, bodies, &n_unknown);
  g_task_return_int (task, n_unknown < bodies->len ? total : -1);
}

void
ovs_budget_estimate_async (GPtrArray           *bodies,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ovs_budget_estimate_async);
  /* Kept, not copied: a body with inline files is megabytes. */
  g_task_set_task_data (task, g_ptr_array_ref (bodies), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, estimate_thread);
}

gint64
ovs_budget_estimate_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             GTask            *task)
{
  /* Answered once: closing the dialog afterwards would answer again. */
  g_signal_handlers_disconnect_by_func (dialog, response_cb, task);
  g_task_return_boolean (task, g_str_equal (response, "send"));
  g_object_unref (task);
}

static void
ask_user (GTask      *task,
          const char *message)
{
  Ask *ask = g_task_get_task_data (task);
  /* Enter, or another Ctrl+Enter, must not spend over the budget. */
  GtkWidget *dialog = ovs_paid_dialog_new (ask->parent, "budget-dialog", _("Over Budget"),
                                           message, _("Send _Anyway"), ADW_RESPONSE_DESTRUCTIVE);

  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), g_object_ref (task));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
spent_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Ask *ask = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 today, month;

  /* A history that cannot be read counts nothing spent: it never blocks sending. */
  if (!ovs_budget_spent_finish (result, &today, &month, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_message ("%s", error->message);
    }
  if (ovs_budget_allows (&ask->budget, &ask->money, today, month, ask->estimate, &message))
    g_task_return_boolean (task, TRUE);
  else
    ask_user (task, message);
}

static void
estimated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Ask *ask = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  ask->estimate = ovs_budget_estimate_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* No price known: no question, and no read of the history. */
  if (ask->estimate < 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  ovs_budget_spent_async (ask->store, cancellable, spent_cb, g_steal_pointer (&task));
}

void
ovs_budget_ask_async (GtkWindow           *parent,
                      OvsTaskStore        *store,
                      const OvsSiteMoney  *money,
                      GPtrArray           *bodies,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Ask *ask;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (OVS_IS_TASK_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_budget_ask_async);
  ask = g_new0 (Ask, 1);
  ask->parent = g_object_ref (parent);
  ask->store = g_object_ref (store);
  if (money != NULL)
    ask->money = *money;
  else
    ovs_site_money_init (&ask->money);
  ovs_budget_init_from_settings (&ask->budget);
  g_task_set_task_data (task, ask, (GDestroyNotify) ask_free);

  /* Without a budget the price table is not even read. */
  if (ask->budget.daily <= 0 && ask->budget.monthly <= 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  ovs_budget_estimate_async (bodies, cancellable, estimated_cb, g_steal_pointer (&task));
}

gboolean
ovs_budget_ask_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
