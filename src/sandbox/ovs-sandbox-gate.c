/* ovs-sandbox-gate.c
 *
 * The relay's token concurrency middleware (new-api, middleware/token_concurrency.go), as
 * the sandbox plays it: after authentication, each create or query of a key takes a lease
 * that it holds until its answer is written (or its connection lost); one more request of
 * the key than the limit is answered 429 token_concurrency_limit_reached at once. The
 * counts are real, so a client's own polling can make its next create fail, which is what
 * the tracker's shared poll budget is there to prevent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-sandbox"

#include "config.h"

#include "ovs-sandbox-gate.h"

struct _OvsSandboxGate
{
  gboolean    on;
  guint       limit;      /* 0: counted, never refused */
  guint       hold_ms;    /* how long a gated answer takes, as the relay's call upstream */
  GHashTable *in_flight;  /* key → count */
  guint       max_in_flight;
  guint       n_refused;
};

typedef struct
{
  OvsSandboxGate *gate;
  char           *key;
  gboolean        ended;
} Lease;

static void
gate_free (OvsSandboxGate *self)
{
  g_hash_table_unref (self->in_flight);
}

OvsSandboxGate *
ovs_sandbox_gate_new (void)
{
  OvsSandboxGate *self = g_atomic_rc_box_new0 (OvsSandboxGate);

  self->in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
ovs_sandbox_gate_unref (OvsSandboxGate *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) gate_free);
}

/* At most @limit gated requests of one key at once (0: count them, refuse none); each
 * gated answer is held @hold_ms, so that they really overlap. */
void
ovs_sandbox_gate_set_limit (OvsSandboxGate *self,
                            guint           limit,
                            guint           hold_ms)
{
  self->on = TRUE;
  self->limit = limit;
  self->hold_ms = hold_ms;
}

gboolean
ovs_sandbox_gate_is_on (OvsSandboxGate *self)
{
  return self->on;
}

guint
ovs_sandbox_gate_get_hold_ms (OvsSandboxGate *self)
{
  return self->hold_ms;
}

static void
lease_end (Lease *lease)
{
  guint n;

  if (lease->ended)
    return;
  lease->ended = TRUE;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (lease->gate->in_flight, lease->key));
  if (n <= 1)
    g_hash_table_remove (lease->gate->in_flight, lease->key);
  else
    g_hash_table_insert (lease->gate->in_flight, g_strdup (lease->key), GUINT_TO_POINTER (n - 1));
}

static void
lease_free (Lease *lease)
{
  lease_end (lease);
  ovs_sandbox_gate_unref (lease->gate);
  g_free (lease->key);
  g_free (lease);
}

static void
lease_end_cb (SoupServerMessage *msg,
              Lease             *lease)
{
  lease_end (lease);
}

/* Takes a lease for @msg of @key, kept until its answer is written; FALSE (nothing taken)
 * when the key is at its limit: the caller answers 429. */
gboolean
ovs_sandbox_gate_enter (OvsSandboxGate    *self,
                        SoupServerMessage *msg,
                        const char        *key)
{
  guint n;
  Lease *lease;

  if (key == NULL)
    key = "";
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->in_flight, key));
  if (self->limit > 0 && n >= self->limit)
    {
      self->n_refused++;
      return FALSE;
    }
  g_hash_table_insert (self->in_flight, g_strdup (key), GUINT_TO_POINTER (n + 1));
  self->max_in_flight = MAX (self->max_in_flight, n + 1);

  lease = g_new0 (Lease, 1);
  lease->gate = g_atomic_rc_box_acquire (self);
  lease->key = g_strdup (key);
  g_signal_connect (msg, "finished", G_CALLBACK (lease_end_cb), lease);
  g_signal_connect (msg, "disconnected", G_CALLBACK (lease_end_cb), lease);
  g_object_set_data_full (G_OBJECT (msg), "ovs-gate-lease", lease, (GDestroyNotify) lease_free);
  return TRUE;
}

/* The most requests of one key that were in flight at once. */
guint
ovs_sandbox_gate_get_max_in_flight (OvsSandboxGate *self)
{
  return self->max_in_flight;
}

guint
ovs_sandbox_gate_get_n_refused (OvsSandboxGate *self)
{
  return self->n_refused;
}
