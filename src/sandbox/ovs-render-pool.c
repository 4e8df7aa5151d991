/* ovs-render-pool.c: streaming threads of their own, at a lower priority, for renders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rendering stands in for a remote GPU: it must not take the CPU from the user interface
 * or from the sandbox's HTTP answers. Nice values are per thread on Linux and inherited by
 * the threads a thread creates (the encoder's), but GStreamer's default task pool runs
 * streaming threads on GLib's shared threads, spawned by a thread of their own and reused
 * by every pipeline of the process (the player's too): a nice value set there would not
 * reach the encoder, and once raised could not be taken back by an ordinary user. So each
 * render's streaming tasks get new threads, lowered before they run anything.
 */
#define G_LOG_DOMAIN "ovs-render-pool"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ovs-render-pool.h"

#define NICE_STEP 10

struct _OvsRenderPool
{
  GstTaskPool parent_instance;
};

G_DEFINE_FINAL_TYPE (OvsRenderPool, ovs_render_pool, GST_TYPE_TASK_POOL)

typedef struct
{
  GstTaskPoolFunction func;
  gpointer            user_data;
} Start;

/**
 * ovs_render_pool_lower_thread:
 *
 * Lowers the calling thread's priority by 10 nice steps (at most to 19).
 */
void
ovs_render_pool_lower_thread (void)
{
  id_t tid = (id_t) syscall (SYS_gettid);
  int nice_value;

  errno = 0;
  nice_value = getpriority (PRIO_PROCESS, tid);
  if (errno == 0)
    setpriority (PRIO_PROCESS, tid, MIN (nice_value + NICE_STEP, 19));
}

static gpointer
thread_main (gpointer data)
{
  Start *start = data;

  ovs_render_pool_lower_thread ();
  start->func (start->user_data);
  g_free (start);
  return NULL;
}

/* The default prepare and cleanup would make a GThreadPool this pool never uses. */
static void
ovs_render_pool_prepare (GstTaskPool  *pool,
                         GError      **error)
{
}

static void
ovs_render_pool_cleanup (GstTaskPool *pool)
{
}

static gpointer
ovs_render_pool_push (GstTaskPool          *pool,
                      GstTaskPoolFunction   func,
                      gpointer              user_data,
                      GError              **error)
{
  Start *start = g_new0 (Start, 1);
  GThread *thread;

  start->func = func;
  start->user_data = user_data;
  thread = g_thread_try_new ("ovs-render-stream", thread_main, start, error);
  if (thread == NULL)
    g_free (start);
  return thread;
}

static void
ovs_render_pool_join (GstTaskPool *pool,
                      gpointer     id)
{
  g_thread_join (id);
}

static void
ovs_render_pool_class_init (OvsRenderPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = ovs_render_pool_prepare;
  pool_class->cleanup = ovs_render_pool_cleanup;
  pool_class->push = ovs_render_pool_push;
  pool_class->join = ovs_render_pool_join;
}

static void
ovs_render_pool_init (OvsRenderPool *self)
{
}

GstTaskPool *
ovs_render_pool_new (void)
{
  return g_object_new (OVS_TYPE_RENDER_POOL, NULL);
}
