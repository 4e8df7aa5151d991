/* ovs-sandbox-thread.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-sandbox"

#include "config.h"

#include "ovs-sandbox-thread.h"
#include "ovs-sandbox.h"

struct _OvsSandboxThread
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  GMutex        lock;
  GCond         cond;
  gboolean      started;   /* under @lock: the sandbox listens, or could not */
  char         *base_url;  /* set before @started, then read only */
  GError       *error;
};

/* The sandbox is made, used and disposed of in this thread only: its server, timers and
 * renders' completions are sources of @context (ovs_sandbox_start () takes the
 * thread-default context). */
static gpointer
thread_main (gpointer data)
{
  OvsSandboxThread *self = data;
  g_autoptr(OvsSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  sandbox = ovs_sandbox_new ();
  ok = ovs_sandbox_start (sandbox, 0, &error);

  g_mutex_lock (&self->lock);
  self->base_url = ok ? g_strdup (ovs_sandbox_get_base_url (sandbox)) : NULL;
  self->error = g_steal_pointer (&error);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (ok)
    g_main_loop_run (self->loop);
  ovs_sandbox_stop (sandbox);
  /* Its dispose cancels the renders and waits for them, iterating this context. */
  g_clear_object (&sandbox);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
thread_free (OvsSandboxThread *self)
{
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->base_url);
  g_clear_error (&self->error);
  g_free (self);
}

OvsSandboxThread *
ovs_sandbox_thread_start (GError **error)
{
  OvsSandboxThread *self = g_new0 (OvsSandboxThread, 1);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("ovs-sandbox", thread_main, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->base_url == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      thread_free (self);
      return NULL;
    }
  return self;
}

const char *
ovs_sandbox_thread_get_base_url (OvsSandboxThread *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->base_url;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
ovs_sandbox_thread_stop (OvsSandboxThread *self)
{
  if (self == NULL)
    return;
  /* Run in the loop, not before it: the thread may not have entered it yet. */
  g_main_context_invoke (self->context, quit_cb, self->loop);
  thread_free (self);
}
