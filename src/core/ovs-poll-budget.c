/* ovs-poll-budget.c
 *
 * The gateway's per-key concurrency gate counts creates and both query routes of one key,
 * whoever sends them: polls of every tracker in the process that talk to one endpoint share
 * one adaptive budget (halved on 429/503, grown by about one per round of answers), and one
 * slot stays free while a create is being sent, so the user's own polling never makes their
 * next create fail. One budget per base URL, living as long as a tracker holds it. Used
 * from the main thread; only the table of budgets is locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-poll-budget"

#include "config.h"

#include "ovs-error.h"
#include "ovs-poll-budget.h"

struct _OvsPollBudget
{
  char   *base_url;
  double  budget;     /* polls at once the gateway takes now, <= max */
  guint   max;
  guint   in_flight;
  guint   creating;   /* creates being sent: each keeps a slot free */
  GQueue  waiting;    /* Waiter, first due first */
};

typedef struct
{
  OvsPollBudgetStart start;
  gpointer           data;
} Waiter;

G_LOCK_DEFINE_STATIC (budgets);
static GHashTable *budgets;  /* base URL → OvsPollBudget, not owned */

static void
budget_free (OvsPollBudget *self)
{
  G_LOCK (budgets);
  if (budgets != NULL && g_hash_table_lookup (budgets, self->base_url) == self)
    g_hash_table_remove (budgets, self->base_url);
  G_UNLOCK (budgets);
  g_queue_clear_full (&self->waiting, g_free);
  g_free (self->base_url);
}

/* The budget of @base_url, shared with every other holder of it in this process. */
OvsPollBudget *
ovs_poll_budget_for_endpoint (const char *base_url)
{
  OvsPollBudget *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  G_LOCK (budgets);
  if (budgets == NULL)
    budgets = g_hash_table_new (g_str_hash, g_str_equal);
  self = g_hash_table_lookup (budgets, base_url);
  if (self != NULL)
    self = g_atomic_rc_box_acquire (self);
  else
    {
      self = g_atomic_rc_box_new0 (OvsPollBudget);
      self->base_url = g_strdup (base_url);
      self->budget = 2;
      self->max = 8;
      g_queue_init (&self->waiting);
      g_hash_table_insert (budgets, self->base_url, self);
    }
  G_UNLOCK (budgets);
  return self;
}

OvsPollBudget *
ovs_poll_budget_ref (OvsPollBudget *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
ovs_poll_budget_unref (OvsPollBudget *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) budget_free);
}

void
ovs_poll_budget_set_max (OvsPollBudget *self,
                         guint          max_in_flight)
{
  self->max = MAX (max_in_flight, 1);
  self->budget = MIN (self->budget, (double) self->max);
}

double
ovs_poll_budget_get_budget (OvsPollBudget *self)
{
  return self->budget;
}

guint
ovs_poll_budget_get_in_flight (OvsPollBudget *self)
{
  return self->in_flight;
}

static guint
capacity (OvsPollBudget *self)
{
  guint n = CLAMP ((guint) self->budget, 1, self->max);

  if (self->creating > 0)
    n = n > 1 ? n - 1 : 0;
  return n;
}

/* Takes a slot for a poll to start now; FALSE when the endpoint has none free. */
gboolean
ovs_poll_budget_take (OvsPollBudget *self)
{
  if (self->in_flight >= capacity (self) || !g_queue_is_empty (&self->waiting))
    return FALSE;
  self->in_flight++;
  return TRUE;
}

/* @start (@data) is called, its slot taken, when one is free. */
void
ovs_poll_budget_wait (OvsPollBudget      *self,
                      OvsPollBudgetStart  start,
                      gpointer            data)
{
  Waiter *waiter = g_new (Waiter, 1);

  waiter->start = start;
  waiter->data = data;
  g_queue_push_tail (&self->waiting, waiter);
}

static int
waiter_is (gconstpointer waiter,
           gconstpointer data)
{
  return ((const Waiter *) waiter)->data == data ? 0 : 1;
}

void
ovs_poll_budget_unwait (OvsPollBudget *self,
                        gpointer       data)
{
  GList *link = g_queue_find_custom (&self->waiting, data, waiter_is);

  if (link == NULL)
    return;
  g_free (link->data);
  g_queue_delete_link (&self->waiting, link);
}

/* A poll answered: the slot is free, and the answer says whether the gateway takes more. */
void
ovs_poll_budget_answered (OvsPollBudget *self,
                          const GError  *error)
{
  ovs_poll_budget_give_back (self);
  if (error == NULL)
    self->budget = MIN (self->budget + 1.0 / self->budget, (double) self->max);
  else if (g_error_matches (error, OVS_ERROR, OVS_ERROR_RATE_LIMITED)
           || g_error_matches (error, OVS_ERROR, OVS_ERROR_SERVER))
    self->budget = MAX (self->budget / 2, 1.0);
}

/* A poll that ended without an answer (stopped, cancelled). */
void
ovs_poll_budget_give_back (OvsPollBudget *self)
{
  g_return_if_fail (self->in_flight > 0);
  self->in_flight--;
}

/* Starts waiting polls while slots are free. */
void
ovs_poll_budget_pump (OvsPollBudget *self)
{
  while (self->in_flight < capacity (self) && !g_queue_is_empty (&self->waiting))
    {
      g_autofree Waiter *waiter = g_queue_pop_head (&self->waiting);

      self->in_flight++;
      waiter->start (waiter->data);
    }
}

void
ovs_poll_budget_begin_create (OvsPollBudget *self)
{
  self->creating++;
}

/* The slot kept for the create is free again. */
void
ovs_poll_budget_end_create (OvsPollBudget *self)
{
  g_return_if_fail (self->creating > 0);
  self->creating--;
  ovs_poll_budget_pump (self);
}
