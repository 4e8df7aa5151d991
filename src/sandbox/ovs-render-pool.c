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
 *
 * A lowered thread must also hold nothing the server needs: if it is preempted while it
 * holds a lock, the server waits for its next turn, which comes after the other render
 * threads' (docs/sandbox-faults.md, "Answer times while rendering", has the traces). The
 * lock they shared was malloc's: see ovs_render_pool_isolate_heap ().
 */
#define G_LOG_DOMAIN "ovs-render-pool"

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ovs-render-pool.h"

#define NICE_STEP 10
/* Arenas glibc may make: one per thread, for the server's, the client's and about 15 per
 * render (pattern, overlays, encoder and its own threads, muxer, audio). */
#define ARENA_MAX 256

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

/**
 * ovs_render_pool_isolate_heap:
 *
 * Lets each thread of the process have a malloc arena of its own, so that no render thread
 * shares one with the server's. glibc makes at most 8 arenas per core and then has new
 * threads share them, the main thread's among them: a lowered render thread then holds
 * that arena's lock while it waits for the CPU, and every allocation of the server waits
 * with it (7 ms polls on an idle 2-core machine, 200 ms on a loaded one). glibc fixes its
 * limit when the 9th arena is made, so this is called before any render, from
 * ovs_sandbox_new () and first thing in the app's main (). A limit the user set in
 * GLIBC_TUNABLES is left alone.
 */
void
ovs_render_pool_isolate_heap (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
#ifdef M_ARENA_MAX
      const char *tunables = g_getenv ("GLIBC_TUNABLES");

      if (tunables == NULL || strstr (tunables, "arena_max") == NULL)
        mallopt (M_ARENA_MAX, ARENA_MAX);
#endif
      g_once_init_leave (&done, 1);
    }
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
