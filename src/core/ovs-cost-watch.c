/* ovs-cost-watch.c
 *
 * The relay pre-charges a task when it accepts the create and settles it when the task
 * ends, so the balance taken while nothing is under way, before a lone task is sent, and
 * again once it ended, differs by what that task cost. Anything else under way in between
 * spoils the difference: another task of this tracker, or a task of the history that
 * another process (the command line, a second window of the app) sent or followed. The
 * history file says the latter: it is looked at in a thread before each "before" (nothing
 * under way) and after each "after" (nothing under way, nothing created since the
 * "before"). Then no cost is written: a missing cost is honest, a wrong one is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-cost-watch"

#include "config.h"

#include "ovs-balance-fetch.h"
#include "ovs-cost-watch.h"
#include "ovs-spend.h"
#include "ovs-task-store.h"

struct _OvsCostWatch
{
  GObject       parent_instance;

  OvsTracker   *tracker;
  OvsClient    *client;        /* the client asked; another one starts afresh */
  GCancellable *cancellable;   /* the ask under way */
  gboolean      missing;       /* no route: never asked again */
  gboolean      known;
  OvsBalance    shown;         /* the balance last read */
  guint         min_interval;  /* seconds */
  gint64        last_ask;      /* monotonic µs; 0 = never */
  guint         wait_id;       /* a refresh waiting for its turn */
  gboolean      stale;         /* a task ended since the last ask */
  gboolean      want_before;   /* a task was sent since the last ask made while idle */
  guint         relook;        /* seconds until the history is looked at again */
  guint         relook_id;     /* another process's task was under way: looked at again */

  /* The ask under way */
  gboolean      for_display;   /* a task ended before it: the balance is asked anyway */
  gboolean      idle_at_ask;   /* nothing of this tracker was under way when it started */
  gboolean      spoiled;       /* a task was sent since it started */
  gboolean      look_quiet;    /* nothing else of the history was under way then */
  gint64        look_id;       /* the history's newest row then */
  gint64        after;         /* its balance in quota units; -1 = none */

  gint64        before;        /* the next task's "before"; -1 = unknown */
  gint64        before_id;     /* the history's newest row when it was taken */

  /* The task sent while nothing else was under way, as long as nothing else is sent. */
  OvsTask      *alone;
  gint64        alone_before;  /* the balance before it was sent */
  gint64        alone_since;   /* the history's newest row before it was sent */
  gboolean      alone_done;    /* it succeeded, and its answers carried no charge */
};

G_DEFINE_FINAL_TYPE (OvsCostWatch, ovs_cost_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BALANCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RELOOK_FIRST_SECONDS 1
#define RELOOK_MAX_SECONDS   64

static void maybe_ask (OvsCostWatch *self);

static void
forget_alone (OvsCostWatch *self)
{
  g_clear_object (&self->alone);
  self->alone_before = -1;
  self->alone_since = -1;
  self->alone_done = FALSE;
}

/* The lone task that ended well, priced with the balance after it. */
static void
settle (OvsCostWatch *self)
{
  OvsTask *task = self->alone;

  if (self->after < 0 || self->after > self->alone_before || ovs_task_get_cost (task) >= 0)
    return;
  ovs_task_set_cost (task, self->alone_before - self->after);
  ovs_task_store_queue_update (ovs_tracker_get_store (self->tracker), task, NULL);
}

static gboolean
relook_cb (gpointer user_data)
{
  OvsCostWatch *self = user_data;

  self->relook_id = 0;
  maybe_ask (self);
  return G_SOURCE_REMOVE;
}

/* Another process's task was under way: nothing tells this one when it ends, so the
 * history is looked at again, less and less often (a task left paused may stay for days). */
static void
wait_for_quiet (OvsCostWatch *self)
{
  self->want_before = TRUE;
  if (self->relook_id != 0)
    return;
  self->relook_id = g_timeout_add_seconds (self->relook, relook_cb, self);
  self->relook = MIN (self->relook * 2, RELOOK_MAX_SECONDS);
}

/* The ask is over: @looked_after says whether it was the "after" of the lone task that
 * ended, and @quiet whether the history stayed quiet around that task. */
static void
conclude (OvsCostWatch *self,
          gboolean      looked_after,
          gboolean      quiet)
{
  gboolean baseline = self->idle_at_ask && self->look_quiet && !self->spoiled;

  g_clear_object (&self->cancellable);
  if (self->alone != NULL && self->alone_done && looked_after)
    {
      if (quiet && !self->spoiled)
        settle (self);
      forget_alone (self);
    }
  self->before = baseline ? self->after : -1;
  self->before_id = self->look_id;
  if (self->idle_at_ask && !self->look_quiet && !self->spoiled)
    wait_for_quiet (self);
  else
    self->relook = RELOOK_FIRST_SECONDS;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
  /* A task ended while the ask was under way: its turn, or its "after". */
  maybe_ask (self);
}

static gint64
alone_id (OvsCostWatch *self)
{
  return self->alone != NULL ? ovs_task_get_id (self->alone) : 0;
}

static void
look_after_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OvsCostWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean quiet = ovs_spend_quiet_finish (result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("%s", error->message);
  conclude (self, TRUE, quiet);
}

/* What the gateway answered: shown, and in quota units the "after" of the ask. */
static void
take_answer (OvsCostWatch     *self,
             const OvsBalance *balance,
             const GError     *error)
{
  self->after = -1;
  if (error != NULL && ovs_balance_route_missing (error))
    {
      self->missing = TRUE;
      self->known = FALSE;
    }
  else if (error != NULL)
    g_debug ("No balance: %s", error->message);
  else
    {
      self->shown = *balance;
      self->known = TRUE;
      self->after = ovs_balance_quota_available (balance);
    }
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OvsCostWatch) self = user_data;
  g_autoptr(GError) error = NULL;
  OvsBalance balance = { 0 };

  if (!ovs_balance_fetch_finish (result, &balance, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  take_answer (self, &balance, error);
  if (self->idle_at_ask && self->alone != NULL && self->alone_done && !self->spoiled
      && self->after >= 0)
    {
      /* Read after the balance: whatever the history shows then was under way before. */
      ovs_spend_quiet_async (ovs_tracker_get_store (self->tracker), alone_id (self),
                             self->alone_since, self->cancellable, look_after_cb,
                             g_object_ref (self));
      return;
    }
  conclude (self, self->idle_at_ask, FALSE);
}

static void
look_before_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OvsCostWatch) self = user_data;
  g_autoptr(GError) error = NULL;

  self->look_quiet = ovs_spend_quiet_finish (result, &self->look_id, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("%s", error->message);
  /* Something else is under way: no "before" now, and the "after" of a lone task is spoilt. */
  if (!self->look_quiet && !self->for_display)
    {
      self->after = -1;
      conclude (self, TRUE, FALSE);
      return;
    }
  /* Read before the balance: what ended before it is in it, what starts after it is newer. */
  ovs_balance_fetch_async (self->client, self->cancellable, fetch_cb, g_object_ref (self));
}

static void
ask (OvsCostWatch *self)
{
  self->cancellable = g_cancellable_new ();
  self->last_ask = g_get_monotonic_time ();
  self->for_display = self->stale;
  self->stale = FALSE;
  self->spoiled = FALSE;
  self->look_quiet = FALSE;
  self->look_id = 0;
  self->idle_at_ask = ovs_tracker_get_n_busy (self->tracker) == 0;
  if (!self->idle_at_ask)
    {
      /* Only to show: nothing is priced with it. */
      ovs_balance_fetch_async (self->client, self->cancellable, fetch_cb, g_object_ref (self));
      return;
    }
  self->want_before = FALSE;
  ovs_spend_quiet_async (ovs_tracker_get_store (self->tracker), alone_id (self), G_MAXINT64,
                         self->cancellable, look_before_cb, g_object_ref (self));
}

static gboolean
turn_came_cb (gpointer user_data)
{
  OvsCostWatch *self = user_data;

  self->wait_id = 0;
  maybe_ask (self);
  return G_SOURCE_REMOVE;
}

/* Another client (the user changed the endpoint) is another gateway: asked afresh. */
static void
follow_client (OvsCostWatch *self,
               OvsClient    *client)
{
  if (!g_set_object (&self->client, client))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->missing = FALSE;
  self->known = FALSE;
  self->before = -1;
  self->stale = TRUE;
  self->want_before = TRUE;
  self->last_ask = 0;
  forget_alone (self);
}

/* At once when a cost or the next task's "before" needs the balance (nothing under way);
 * otherwise, after a task ended, at most once per interval. */
static void
maybe_ask (OvsCostWatch *self)
{
  gboolean idle = ovs_tracker_get_n_busy (self->tracker) == 0;
  gboolean urgent;
  gint64 since, interval;

  follow_client (self, ovs_tracker_get_client (self->tracker));
  if (self->missing || self->client == NULL || self->cancellable != NULL)
    return;
  /* n-busy touches 0 for a moment between a task's last poll and its download. */
  if (idle && self->alone != NULL && !self->alone_done)
    return;
  urgent = idle && (self->alone_done || (self->want_before && self->relook_id == 0));
  if (!urgent && !self->stale)
    return;
  since = g_get_monotonic_time () - self->last_ask;
  interval = (gint64) self->min_interval * G_USEC_PER_SEC;
  if (!urgent && self->last_ask != 0 && since < interval)
    {
      if (self->wait_id == 0)
        self->wait_id = g_timeout_add_seconds ((guint) ((interval - since) / G_USEC_PER_SEC) + 1,
                                               turn_came_cb, self);
      return;
    }
  g_clear_handle_id (&self->wait_id, g_source_remove);
  ask (self);
}

static void
task_sent_cb (OvsCostWatch *self,
              OvsTask      *task)
{
  gboolean idle_before = self->before >= 0 && self->cancellable == NULL
                         && ovs_tracker_get_n_busy (self->tracker) == 1;

  self->spoiled = TRUE;
  self->want_before = TRUE;
  if (self->alone == NULL && idle_before)
    {
      self->alone = g_object_ref (task);
      self->alone_before = self->before;
      self->alone_since = self->before_id;
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
  self->stale = TRUE;
  if (same_task (task, self->alone))
    {
      if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED && ovs_task_get_cost (task) < 0)
        {
          /* The history's own object, which the rest of the app shows. */
          g_set_object (&self->alone, task);
          self->alone_done = TRUE;
        }
      else
        forget_alone (self);
    }
  maybe_ask (self);
}

static void
ovs_cost_watch_dispose (GObject *object)
{
  OvsCostWatch *self = OVS_COST_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->wait_id, g_source_remove);
  g_clear_handle_id (&self->relook_id, g_source_remove);
  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->tracker);
  g_clear_object (&self->client);
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

  /* Notified after every ask, whatever changed: what ovs_cost_watch_get_shown() says too. */
  properties[PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, "The next task's balance before, in quota units",
                        -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_cost_watch_init (OvsCostWatch *self)
{
  self->before = -1;
  self->before_id = -1;
  self->alone_before = -1;
  self->alone_since = -1;
  self->min_interval = 60;
  self->relook = RELOOK_FIRST_SECONDS;
  self->want_before = TRUE;
  self->stale = TRUE;
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

gboolean
ovs_cost_watch_get_shown (OvsCostWatch *self,
                          OvsBalance   *balance)
{
  g_return_val_if_fail (OVS_IS_COST_WATCH (self), FALSE);

  if (self->known && balance != NULL)
    *balance = self->shown;
  return self->known;
}

gboolean
ovs_cost_watch_get_missing (OvsCostWatch *self)
{
  g_return_val_if_fail (OVS_IS_COST_WATCH (self), FALSE);

  return self->missing;
}

gboolean
ovs_cost_watch_is_settled (OvsCostWatch *self)
{
  g_return_val_if_fail (OVS_IS_COST_WATCH (self), TRUE);

  /* Without the routes, the lone task's "after" is never asked. */
  return self->cancellable == NULL
         && (self->missing || self->client == NULL || self->alone == NULL || !self->alone_done);
}

void
ovs_cost_watch_set_min_interval (OvsCostWatch *self,
                                 guint         seconds)
{
  g_return_if_fail (OVS_IS_COST_WATCH (self));

  self->min_interval = seconds;
}
