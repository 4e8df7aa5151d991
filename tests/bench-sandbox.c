/* bench-sandbox.c: how fast the sandbox answers a poll while it renders four 1080p videos
 *
 * Usage: bench-sandbox RUNS. The sandbox runs on this program's main thread, as it does in
 * the app; a client thread creates four 1080p tasks, then polls them, one GET every 10 ms,
 * in RUNS batches of 200 while the renders go on. A task whose render has ended is replaced
 * by a new one (between two polls, untimed), so that four renders are under way, two at a
 * time as the sandbox runs them, until the last poll. Prints the median of the batches'
 * 99th percentiles: "sandbox-get-p99-rendering: X ms (no render Y ms)".
 *
 * The reference, measured first in the same run, polls four tasks that render nothing (they
 * are told to fail): the same answers on the same path, with only the machine's own load.
 * On a machine shared with other work it says how much of the figure is not the renders'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-sandbox"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "ovs-core.h"
#include "ovs-sandbox.h"

#define N_TASKS 4
#define BATCH 200

typedef struct
{
  char      *base_url;
  int        runs;
  GMainLoop *loop;
  double     p99_ms;
  double     reference_p99_ms;
  guint      n_replaced;        /* render tasks that ended during the polls */
} Bench;

static JsonObject *
send_json (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *body,
           JsonParser  *parser)
{
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                               "Bearer bench");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, message, NULL, &error);
  if (answer == NULL)
    g_error ("%s %s: %s", method, url, error->message);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                   g_bytes_get_size (answer), &error))
    g_error ("%s %s: %s", method, url, error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s %s: not an object", method, url);
  return json_node_get_object (root);
}

static char *
create_task (Bench       *bench,
             SoupSession *session,
             JsonParser  *parser,
             const char  *what,
             guint        n)
{
  g_autofree char *create_url = g_strconcat (bench->base_url, "/v1/videos", NULL);
  g_autofree char *body = g_strdup_printf ("{\"model\": \"Kling-3.0-omni\", \"prompt\": "
                                           "\"%s %u\", \"resolution\": \"1080p\", "
                                           "\"seconds\": \"15\", \"aspect_ratio\": \"16:9\"}",
                                           what, n);
  JsonObject *answer = send_json (session, "POST", create_url, body, parser);

  return g_strdup (json_object_get_string_member_with_default (answer, "id", ""));
}

/* RUNS batches of BATCH polls of @ids, one every 10 ms: the median of their 99th percentiles.
 * With @replace, a task found completed is replaced by a new one, after its poll is timed. */
static double
poll_batches (Bench       *bench,
              SoupSession *session,
              JsonParser  *parser,
              char       **ids,
              gboolean     replace)
{
  g_autofree double *p99s = g_new0 (double, bench->runs);
  double latencies[BATCH];

  for (int run = 0; run < bench->runs; run++)
    {
      for (int i = 0; i < BATCH; i++)
        {
          char **id = &ids[i % N_TASKS];
          g_autofree char *url = g_strdup_printf ("%s/v1/videos/%s", bench->base_url, *id);
          gint64 start = g_get_monotonic_time ();
          JsonObject *answer = send_json (session, "GET", url, NULL, parser);

          latencies[i] = (g_get_monotonic_time () - start) / 1000.0;
          if (replace && g_strcmp0 (json_object_get_string_member_with_default (answer, "status", ""),
                                    "completed") == 0)
            {
              g_free (*id);
              *id = create_task (bench, session, parser, "benchmark render",
                                 N_TASKS + bench->n_replaced++);
            }
          g_usleep (10000);
        }
      p99s[run] = ovs_bench_percentile (latencies, BATCH, 99);
    }
  return ovs_bench_median (p99s, bench->runs);
}

static gpointer
client_thread (gpointer data)
{
  Bench *bench = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  char *reference_ids[N_TASKS];
  char *ids[N_TASKS];

  /* The sync API runs on the thread-default context: this thread's own. */
  g_main_context_push_thread_default (context);
  session = soup_session_new ();

  /* main () told the sandbox that the first N_TASKS tasks fail: they render nothing. */
  for (guint i = 0; i < N_TASKS; i++)
    reference_ids[i] = create_task (bench, session, parser, "benchmark reference", i);
  g_usleep (G_USEC_PER_SEC);
  bench->reference_p99_ms = poll_batches (bench, session, parser, reference_ids, FALSE);

  for (guint i = 0; i < N_TASKS; i++)
    ids[i] = create_task (bench, session, parser, "benchmark render", i);
  g_usleep (G_USEC_PER_SEC);
  bench->p99_ms = poll_batches (bench, session, parser, ids, TRUE);

  for (int i = 0; i < N_TASKS; i++)
    {
      g_free (ids[i]);
      g_free (reference_ids[i]);
    }
  g_main_context_pop_thread_default (context);
  g_main_loop_quit (bench->loop);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OvsSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Bench bench = { 0 };
  GThread *thread;

  ovs_core_init ();
  bench.runs = argc > 1 ? CLAMP (atoi (argv[1]), 1, 31) : 5;
  bench.loop = loop;
  sandbox = ovs_sandbox_new ();
  if (!ovs_sandbox_start (sandbox, 0, &error))
    g_error ("%s", error->message);
  bench.base_url = g_strdup (ovs_sandbox_get_base_url (sandbox));
  ovs_sandbox_inject_fault (sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE,
                            N_TASKS);

  thread = g_thread_new ("bench-client", client_thread, &bench);
  g_main_loop_run (loop);
  g_thread_join (thread);

  printf ("sandbox-get-p99-rendering: %.1f ms (no render %.1f ms)\n", bench.p99_ms,
          bench.reference_p99_ms);
  g_printerr ("bench-sandbox: %u renders ended during the polls, each replaced by a new one\n",
              bench.n_replaced);
  ovs_sandbox_stop (sandbox);
  g_free (bench.base_url);
  return 0;
}
