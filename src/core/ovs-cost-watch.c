/* ovs-cost-watch.c
 *
 * The relay pre-charges a task when it accepts the create and settles it when the task
 * ends, so the balance taken while nothing is under way, before a lone task is sent, and
 * again when the tracker is idle after it, differs by what that task cost. Anything else
 * under way in between (another task sent, a resumed one followed) spoils the difference,
 * and then no cost is written: a missing cost is honest, a wrong one is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-cost-watch"

#include "config.h"

#include "ovs-balance-fetch.h"
#include "ovs-cost-watch.h"
#include "ovs-task-store.h"

struct _OvsCostWatch
{
  GObject       parent_instance;

  OvsTracker   *tracker;
  GCancellable *cancellable;   /* the balance ask under way */
  gboolean      missing;       /* no route, or not in quota units: never asked again */
  gboolean      spoiled;       /* a task was sent while the ask was under way */
  gint64        before;        /* taken while idle, since nothing was sent; -1 = unknown */

  /* The task sent while nothing else was under way, as long as nothing else is sent. */
  OvsTask      *alone;
  gint64        alone_before;  /* the balance before it was sent */
  gboolean      alone_done;    /* it succeeded, and its answers carried no charge */
};

G_DEFINE_FINAL_TYPE (OvsCostWatch, ovs_cost_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BALANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
forget_alone (OvsCostWatch *self)
{
  g_clear_object (&self->alone);
  self->alone_before = -1;
  self->alone_done = FALSE;
}

/* The lone task that ended well, priced with the balance @after it. */
static void
settle (OvsCostWatch *self,
        gint64        after)
{
  OvsTask *task = self->alone;

  if (after < 0 || after > self->alone_before || ovs_task_get_cost (task) >= 0)
    return;
  ovs_task_set_cost (task, self->alone_before - after);
  ovs_task_store_queue_update (ovs_tracker_get_store (self->tracker), task, NULL);
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OvsCostWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  OvsBalance balance = { 0 };
  gint64 after = -1;

  if (!ovs_balance_fetch_finish (result, &balance, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (error != NULL && ovs_balance_route_missing (error))
    self->missing = TRUE;
  else if (error != NULL)
    g_debug ("No balance: %s", error->message);
  else if ((after = ovs_balance_quota_available (&balance)) < 0)
    self->missing = TRUE;

  /* A task sent before the answer: whether its charge is in it is unknown. */
  if (self->spoiled)
    after = -1;
  if (self->alone != NULL && self->alone_done)
    {
      settle (self, after);
      forget_alone (self);
    }
  self->before = after;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
}

/* The balance is asked only while nothing is under way: as the "before" of the next task,
 * or as the "after" of a lone one that ended (which is also the next one's "before"). */
static void
maybe_ask (OvsCostWatch *self)
{
  OvsClient *client = ovs_tracker_get_client (self->tracker);

  if (self->missing || client == NULL || self->cancellable != NULL
      || ovs_tracker_get_n_busy (self->tracker) > 0)
    return;
  /* n-busy touches 0 for a moment between a task's last poll and its download. */
  if (self->alone != NULL && !self->alone_done)
    return;
  if (self->alone == NULL && self->before >= 0)
    return;
  self->cancellable = g_cancellable_new ();
  self->spoiled = FALSE;
  ovs_balance_fetch_async (client, self->cancellable, fetch_cb, g_object_ref (self));
}

static void
task_sent_cb (OvsCostWatch *self,
              OvsTask      *task)
{
  gboolean idle_before = self->before >= 0 && self->cancellable == NULL
                         && ovs_tracker_get_n_busy (self->tracker) == 1;

  self->spoiled = TRUE;
  if (self->alone == NULL && idle_before)
    {
      self->alone = g_object_ref (task);
      self->alone_before = self->before;
    }
  else
    forget_alone (self);
  self->before = -1;
}

static gboolean
same_task (OvsTask *a,
           OvsTask *b)
{
  return a != NULL && b != NULL && ovs_task_get_id (a) == ovs_task_get_id (b);
}

static void
task_finished_cb (OvsCostWatch *self,
                  OvsTask      *task)
{
  if (!same_task (task, self->alone))
    return;
  if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED && ovs_task_get_cost (task) < 0)
    {
      /* The history's own object, which the rest of the app shows. */
      g_set_object (&self->alone, task);
      self->alone_done = TRUE;
    }
  else
    forget_alone (self);
  maybe_ask (self);
}

static void
ovs_cost_watch_dispose (GObject *object)
{
  OvsCostWatch *self = OVS_COST_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->tracker);
  forget_alone (self);

  G_OBJECT_CLASS (ovs_cost_watch_parent_class)->dispose (object);
}

static void
ovs_cost_watch_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BALANCE:
      g_value_set_int64 (value, ovs_cost_watch_get_balance (OVS_COST_WATCH (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_cost_watch_class_init (OvsCostWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_cost_watch_dispose;
  object_class->get_property = ovs_cost_watch_get_property;

  properties[PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, "The balance taken while idle, in quota units",
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_cost_watch_init (OvsCostWatch *self)
{
  self->before = -1;
  self->alone_before = -1;
}

OvsCostWatch *
ovs_cost_watch_new (OvsTracker *tracker)
{
  OvsCostWatch *self;

  g_return_val_if_fail (OVS_IS_TRACKER (tracker), NULL);

  self = g_object_new (OVS_TYPE_COST_WATCH, NULL);
  self->tracker = g_object_ref (tracker);
  g_signal_connect_swapped (tracker, "notify::n-busy", G_CALLBACK (maybe_ask), self);
  g_signal_connect_swapped (tracker, "task-sent", G_CALLBACK (task_sent_cb), self);
  g_signal_connect_swapped (tracker, "task-finished", G_CALLBACK (task_finished_cb), self);
  maybe_ask (self);
  return self;
}

gint64
ovs_cost_watch_get_balance (OvsCostWatch *self)
{
  g_return_val_if_fail (OVS_IS_COST_WATCH (self), -1);

  return self->before;
}
