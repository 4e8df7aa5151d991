/* test-tracker.c: the task state machine against the sandbox, over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <string.h>

#include "ovs-client.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-media-probe.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"
#include "ovs-tracker.h"

/* The sandbox, client, history and tracker every test here starts from. */
typedef OvsTestNet Fixture;

static const char *clip_body =
  "{\"model\":\"Kling-3.0-omni\",\"resolution\":\"720p\",\"prompt\":\"海边的小狗\",\"seconds\":\"2\","
  "\"aspect_ratio\":\"9:16\",\"images\":[\"https://example.com/a.png\"],\"audio_generation\":\"Enabled\","
  "\"input_region\":\"Mainland\"}";

static void
fixture_set_up_with (Fixture    *fixture,
                     const char *api_key)
{
  OvsSandbox *sandbox = ovs_test_sandbox_new (0.05, api_key != NULL ? "right-key" : NULL);

  ovs_sandbox_set_seed (sandbox, 7);
  ovs_test_net_set_up (fixture, "ovs-tracker-XXXXXX", sandbox,
                       api_key != NULL ? api_key : "sandbox");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ovs_test_net_tear_down (fixture);
}

/* Runs the main loop @ms, whatever comes. */
static void
spin_until_finished (Fixture *fixture,
                     guint    count,
                     guint    timeout_s)
{
  g_assert_true (ovs_test_net_wait_finished (fixture, count, timeout_s));
}

static OvsTask *
submit (Fixture    *fixture,
        const char *body)
{
  return ovs_test_net_submit (fixture, "audio-video", body);
}

static void
test_life_of_a_task (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(JsonNode) media = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saw_submitting = FALSE, saw_queued = FALSE, saw_running = FALSE;

  task = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_QUEUED);
  g_assert_nonnull (ovs_task_get_task_id (task));
  g_assert_true (g_str_has_prefix (ovs_task_get_task_id (task), "task_"));
  g_assert_true (ovs_tracker_is_tracking (fixture->tracker, task));

  spin_until_finished (fixture, 1, 60);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpint (ovs_task_get_progress (task), ==, 100);
  g_assert_nonnull (ovs_task_get_file (task));
  g_assert_true (g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_prefix (ovs_task_get_file (task), fixture->dir));
  g_assert_nonnull (ovs_task_get_media_json (task));

  /* The stored facts are the file's: 2 s, 720×1280, with sound. */
  media = ovs_json_parse_object (ovs_task_get_media_json (task), -1, NULL, NULL, &error);
  g_assert_no_error (error);
  info = ovs_media_info_from_json (media, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (info->duration, 2.0, 0.2);
  g_assert_cmpint (info->width, ==, 720);
  g_assert_cmpint (info->height, ==, 1280);
  g_assert_true (info->has_audio);

  /* The body sent is the body recorded, and every step is in the history. */
  g_assert_cmpstr (ovs_task_get_request_json (task), ==, clip_body);
  {
    g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
    g_autofree char *received = ovs_sandbox_dup_task_body (fixture->sandbox, ids[0]);

    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (received, ==, clip_body);
  }
  events = ovs_task_store_dup_events (fixture->store, ovs_task_get_id (task));
  for (guint i = 0; i < events->len; i++)
    {
      OvsTaskEvent *event = g_ptr_array_index (events, i);

      saw_submitting |= event->status == OVS_TASK_STATUS_SUBMITTING;
      saw_queued |= event->status == OVS_TASK_STATUS_QUEUED;
      saw_running |= event->status == OVS_TASK_STATUS_RUNNING;
    }
  g_assert_true (saw_submitting);
  g_assert_true (saw_queued);
  g_assert_true (saw_running);
  g_assert_cmpint (((OvsTaskEvent *) g_ptr_array_index (events, events->len - 1))->status, ==,
                   OVS_TASK_STATUS_SUCCEEDED);
}

static void
test_create_faults (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(OvsTask) limited = NULL;
  g_autoptr(OvsTask) dropped = NULL;

  /* 429 on create: nothing was created, the task failed with the server's message, and the
   * create was sent once. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_ROUTE_CREATE, 1);
  limited = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (limited), ==, OVS_TASK_STATUS_FAILED);
  g_assert_nonnull (ovs_task_get_error (limited));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);

  /* A dropped connection: no clear answer, so the task is marked unknown, never resent. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_CREATE, 1);
  dropped = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (dropped), ==, OVS_TASK_STATUS_UNKNOWN);
  g_assert_nonnull (ovs_task_get_note (dropped));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 2);
  g_assert_false (ovs_tracker_is_tracking (fixture->tracker, dropped));

  /* Both are in the history, once each. */
  g_assert_cmpuint (ovs_task_store_count (fixture->store, NULL), ==, 2);
}

static void
abandon_submitted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  OvsTask **task = user_data;

  *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, NULL);
}

/* Quitting with the built-in sandbox while a create is still on its way: the task ends
 * failed, said why, and the answer that comes after changes nothing (the history used to
 * keep it Queued, for a server no next start can reach). */
static void
test_abandon_while_sending (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *base_url = ovs_sandbox_get_base_url (fixture->sandbox);
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) stored = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_SLOW, OVS_SANDBOX_ROUTE_CREATE, 1);
  ovs_tracker_submit_async (fixture->tracker, "audio-video", clip_body, NULL,
                            abandon_submitted_cb, &task);
  /* Sent, not answered: the sandbox holds its answer back. */
  while (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_CREATE) == 0
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (task);
  g_assert_cmpuint (ovs_tracker_abandon (fixture->tracker, base_url, "Gone with the sandbox"), ==, 1);

  /* The slow answer comes, accepting the task. */
  while (task == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (task);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_FAILED);
  g_assert_cmpstr (ovs_task_get_error (task), ==, "Gone with the sandbox");
  g_assert_false (ovs_tracker_is_tracking (fixture->tracker, task));

  ovs_task_store_flush (fixture->store);
  stored = ovs_task_store_lookup (fixture->store, ovs_task_get_id (task));
  g_assert_cmpint (ovs_task_get_status (stored), ==, OVS_TASK_STATUS_FAILED);
  g_assert_cmpstr (ovs_task_get_error (stored), ==, "Gone with the sandbox");
}

/* Each way a create can go wrong says what happened: never sent, refused by the server with
 * its words, or (only when the answer was lost after the body left) unknown. */
static void
test_create_outcomes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OvsTask) not_sent = NULL;
  g_autoptr(OvsTask) no_model = NULL;
  g_autoptr(OvsTask) no_route = NULL;
  g_autoptr(OvsClient) nowhere = NULL;
  g_autoptr(OvsClient) wrong_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wrong_url = NULL;

  /* A refused connection (nothing listens on port 9 of loopback): not sent, safe to resend. */
  nowhere = ovs_client_new ("http://127.0.0.1:9", NULL, &error);
  g_assert_no_error (error);
  g_object_unref (fixture->tracker);
  fixture->tracker = ovs_tracker_new (fixture->store, nowhere, fixture->dir);
  not_sent = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (not_sent), ==, OVS_TASK_STATUS_FAILED);
  g_assert_true (g_str_has_prefix (ovs_task_get_error (not_sent), "Not sent"));
  g_assert_nonnull (strstr (ovs_task_get_error (not_sent), "safe to send again"));

  /* 503 model_not_found, with the gateway's JSON: not created, in its words. */
  g_object_unref (fixture->tracker);
  fixture->tracker = ovs_tracker_new (fixture->store, fixture->client, fixture->dir);
  no_model = submit (fixture, "{\"model\":\"no-such-model\",\"prompt\":\"x\"}");
  g_assert_cmpint (ovs_task_get_status (no_model), ==, OVS_TASK_STATUS_FAILED);
  g_assert_nonnull (strstr (ovs_task_get_error (no_model), "503"));
  g_assert_nonnull (strstr (ovs_task_get_error (no_model), "无可用渠道"));

  /* 404 on a create: a missing route, not a missing task. */
  wrong_url = g_strconcat (ovs_sandbox_get_base_url (fixture->sandbox), "/wrong", NULL);
  wrong_path = ovs_client_new (wrong_url, NULL, &error);
  g_assert_no_error (error);
  g_object_unref (fixture->tracker);
  fixture->tracker = ovs_tracker_new (fixture->store, wrong_path, fixture->dir);
  no_route = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (no_route), ==, OVS_TASK_STATUS_FAILED);
  g_assert_null (strstr (ovs_task_get_error (no_route), "No such task"));
  g_assert_nonnull (strstr (ovs_task_get_error (no_route), "route"));
}

static void
test_query_faults_and_expiry (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) failed = NULL;

  ovs_sandbox_set_url_expiry (fixture->sandbox, 1);
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_ROUTE_QUERY, 2);
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_ROUTE_QUERY, 1);
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_QUERY, 1);
  /* The result URL fails: the download falls back to /content. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_ROUTE_DOWNLOAD, 1);

  task = submit (fixture, clip_body);
  spin_until_finished (fixture, 1, 90);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_nonnull (ovs_task_get_file (task));
  g_assert_true (g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR));
  /* The transient failures are over: no note is left. */
  g_assert_null (ovs_task_get_note (task));

  /* A task the provider fails: the server's own message, kept as is. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);
  failed = submit (fixture, clip_body);
  spin_until_finished (fixture, 2, 60);
  g_assert_cmpint (ovs_task_get_status (failed), ==, OVS_TASK_STATUS_FAILED);
  g_assert_nonnull (strstr (ovs_task_get_error (failed), "内容审核"));
  g_assert_null (ovs_task_get_file (failed));
}

/* ovs_tracker_resume (), or its async form when @data says "async" (the app's). */
static void
resumed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  int *n = user_data;
  g_autoptr(GError) error = NULL;

  *n = (int) ovs_tracker_resume_finish (OVS_TRACKER (source), result, &error);
  g_assert_no_error (error);
}

static guint
resume (OvsTracker    *tracker,
        gconstpointer  data)
{
  int n = -1;

  if (g_strcmp0 (data, "async") != 0)
    return ovs_tracker_resume (tracker);
  ovs_tracker_resume_async (tracker, NULL, resumed_cb, &n);
  /* The tasks come from the history's thread: nothing is followed before they do. */
  g_assert_cmpint (n, ==, -1);
  g_assert_cmpuint (ovs_tracker_get_n_tracking (tracker), ==, 0);
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       n < 0 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (n, >=, 0);
  return (guint) n;
}

static void
test_resume_after_a_crash (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OvsTask) orphan_draft = ovs_task_new ();
  g_autoptr(OvsTask) orphan = NULL;
  g_autoptr(OvsTask) accepted_draft = ovs_task_new ();
  g_autoptr(OvsTask) accepted = NULL;
  g_autoptr(OvsTracker) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* A process wrote a task down, then died before the answer. */
  ovs_task_set_status (orphan_draft, OVS_TASK_STATUS_SUBMITTING);
  ovs_task_set_request_json (orphan_draft, clip_body);
  ovs_task_set_base_url (orphan_draft, ovs_client_get_base_url (fixture->client));
  ovs_task_set_created_at (orphan_draft, now - 600);
  orphan = ovs_task_store_insert (fixture->store, orphan_draft, &error);
  g_assert_no_error (error);

  /* Another got its answer, then died while the task ran: created on the sandbox now. */
  {
    OvsTask *created = submit (fixture, clip_body);

    ovs_tracker_untrack (fixture->tracker, created);
    accepted = created;
  }
  (void) accepted_draft;
  g_assert_cmpint (ovs_task_get_status (accepted), ==, OVS_TASK_STATUS_QUEUED);

  /* The next start. */
  g_clear_object (&fixture->tracker);
  after = ovs_tracker_new (fixture->store, fixture->client, downloads);
  ovs_tracker_set_schedule (after, 0.05, 0.2);
  ovs_test_net_follow (fixture, after);
  g_assert_cmpuint (resume (after, data), ==, 1);

  g_assert_cmpint (ovs_task_get_status (orphan), ==, OVS_TASK_STATUS_UNKNOWN);
  g_assert_nonnull (strstr (ovs_task_get_note (orphan), "may have been created"));

  spin_until_finished (fixture, 1, 60);
  g_assert_cmpint (ovs_task_get_status (accepted), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_true (g_file_test (ovs_task_get_file (accepted), G_FILE_TEST_IS_REGULAR));

  /* The orphan was never sent again. */
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);

  /* A deleted file is offered again. */
  g_unlink (ovs_task_get_file (accepted));
  {
    g_autoptr(GPtrArray) missing = ovs_tracker_dup_missing_files (after);

    g_assert_cmpuint (missing->len, ==, 1);
    g_assert_true (g_ptr_array_index (missing, 0) == accepted);
  }
  fixture->tracker = g_steal_pointer (&after);
}

/* A task of the app's built-in sandbox, left running by a process that was killed, ends at
 * the next start with a clear error instead of waiting for a server that is gone. */
static void
test_ephemeral_sandbox (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OvsTracker) after = NULL;
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  g_autoptr(OvsTask) plain = NULL;
  g_autoptr(OvsTask) marked = NULL;

  plain = submit (fixture, clip_body);
  g_assert_null (ovs_task_get_meta (plain));
  ovs_tracker_set_ephemeral_base_url (fixture->tracker, ovs_client_get_base_url (fixture->client));
  marked = submit (fixture, clip_body);
  g_assert_nonnull (strstr (ovs_task_get_meta (marked), "\"ephemeral\":true"));
  ovs_tracker_untrack (fixture->tracker, plain);
  ovs_tracker_untrack (fixture->tracker, marked);

  /* The next start has a sandbox of its own, elsewhere. */
  g_clear_object (&fixture->tracker);
  after = ovs_tracker_new (fixture->store, fixture->client, downloads);
  ovs_tracker_set_schedule (after, 0.05, 0.2);
  ovs_tracker_set_ephemeral_base_url (after, "http://127.0.0.1:1");
  ovs_test_net_follow (fixture, after);
  g_assert_cmpuint (resume (after, data), ==, 1);

  g_assert_cmpint (ovs_task_get_status (marked), ==, OVS_TASK_STATUS_FAILED);
  g_assert_nonnull (strstr (ovs_task_get_error (marked), "built-in sandbox was closed"));
  spin_until_finished (fixture, 1, 60);
  g_assert_cmpint (ovs_task_get_status (plain), ==, OVS_TASK_STATUS_SUCCEEDED);
  fixture->tracker = g_steal_pointer (&after);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;

  fixture_tear_down (fixture, data);
  fixture_set_up_with (fixture, "wrong-key");

  task = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_FAILED);
  /* The server's own words, never the key. */
  g_assert_nonnull (strstr (ovs_task_get_error (task), "无效的令牌"));
  g_assert_null (strstr (ovs_task_get_error (task), "wrong-key"));
}

static void
many_submitted_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  guint *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);

  g_assert_no_error (error);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_QUEUED);
  (*done)++;
}

static void
test_many_in_flight (Fixture       *fixture,
                     gconstpointer  data)
{
  const guint n = g_test_thorough () ? 500 : 500;
  const char *body = "{\"model\":\"Hunyuan-3d-scene-2.0\",\"prompt\":\"展厅\",\"seconds\":\"1\","
                     "\"resolution\":\"360p\"}";
  OvsTestStall *stall;
  gint64 worst;
  guint submitted = 0;
  guint queries;
  gint64 started = g_get_monotonic_time ();
  double elapsed;

  /* Only what these tasks need: a short, small video each. */
  ovs_tracker_set_auto_download (fixture->tracker, FALSE);
  ovs_tracker_set_schedule (fixture->tracker, 0.5, 2.0);

  stall = ovs_test_stall_watch (10);
  for (guint i = 0; i < n; i++)
    ovs_tracker_submit_async (fixture->tracker, "hunyuan-3d-scene", body, NULL, many_submitted_cb,
                              &submitted);
  spin_until_finished (fixture, n, 300);
  worst = ovs_test_stall_stop (stall);
  elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  g_assert_cmpuint (submitted, ==, n);
  for (guint i = 0; i < fixture->finished->len; i++)
    g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (fixture->finished, i)), ==,
                     OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpuint (ovs_task_store_count (fixture->store, NULL), ==, n);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, n);

  /* The schedule: polls back off from 0.5 s to 2 s, so a task alive for T seconds is asked
   * at most about T / 0.4 + 2 times (with the −20 % jitter). */
  queries = ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_QUERY);
  g_test_message ("%u tasks in %.1f s: %u queries (%.1f a task), longest stall %.0f ms",
                  n, elapsed, queries, (double) queries / n, worst / 1000.0);
  g_assert_cmpfloat ((double) queries / n, <=, elapsed / 0.4 + 2);
  /* The loop kept answering: no stall of seconds (a blocked loop, like the 5 s of a held
   * write lock). Shorter stalls are build-aux/bench's to measure (db-lock-stall): here the
   * 500 tasks' history writes on a fresh disk took 0.7 s in a clean CI run, which says
   * nothing about the code under test. */
  g_assert_cmpint (worst, <, 2 * G_USEC_PER_SEC);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = ovs_task_get_id (*(OvsTask **) a), y = ovs_task_get_id (*(OvsTask **) b);

  return x < y ? -1 : x > y;
}

typedef struct
{
  GPtrArray *tasks;   /* in the order the submits answered */
  GPtrArray *errors;
} Ordered;

static void
ordered_submitted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Ordered *ordered = user_data;
  GError *error = NULL;
  OvsTask *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);

  if (task != NULL)
    g_ptr_array_add (ordered->tasks, task);
  else
    g_ptr_array_add (ordered->errors, error);
}

/* A body is read in a worker thread before the task is written down (one of megabytes of
 * inline files took a tenth of a second of the window's time): tasks are still written down
 * in the order they were sent, a large body first included, each with its own model and
 * prompt, and a body that is not JSON is refused without holding up the others. */
static void
test_submit_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GString) large = g_string_new ("{\"model\":\"Kling-3.0-omni\",\"prompt\":\"first\","
                                           "\"seconds\":\"5\",\"images\":[\"data:image/png;base64,");
  Ordered ordered = { g_ptr_array_new_with_free_func (g_object_unref),
                      g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free) };
  /* In the order sent: ids ascending. */
  const char *prompts[] = { "first", "second", "third", "fourth" };

  ovs_tracker_set_auto_download (fixture->tracker, FALSE);
  for (guint i = 0; i < 8 * 1024 * 1024; i++)
    g_string_append_c (large, "iVBO"[i % 4]);
  g_string_append (large, "\"]}");

  ovs_tracker_submit_async (fixture->tracker, "image-to-video", large->str, NULL,
                            ordered_submitted_cb, &ordered);
  ovs_tracker_submit_async (fixture->tracker, "text-to-video",
                            "{\"model\":\"Vidu-q2\",\"prompt\":\"second\",\"seconds\":\"5\"}",
                            NULL, ordered_submitted_cb, &ordered);
  ovs_tracker_submit_async (fixture->tracker, "text-to-video", "[\"not an object\"]", NULL,
                            ordered_submitted_cb, &ordered);
  ovs_tracker_submit_async (fixture->tracker, "text-to-video",
                            "{\"model\":\"Kling-3.0\",\"prompt\":\"third\",\"seconds\":\"5\"}",
                            NULL, ordered_submitted_cb, &ordered);
  ovs_tracker_submit_async (fixture->tracker, "text-to-video",
                            "{\"model\":\"Veo-3.1\",\"prompt\":\"fourth\",\"seconds\":\"8\"}",
                            NULL, ordered_submitted_cb, &ordered);
  /* Busy at once: the first is on its way to being written down. */
  g_assert_cmpuint (ovs_tracker_get_n_busy (fixture->tracker), >=, 1);
  while (ordered.tasks->len + ordered.errors->len < 5)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (ordered.errors->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (ordered.errors, 0), OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_cmpuint (ordered.tasks->len, ==, 4);
  /* The answers come as the server gives them: the order written down is the ids'. */
  g_ptr_array_sort (ordered.tasks, compare_ids);
  for (guint i = 0; i < ordered.tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (ordered.tasks, i);

      g_assert_cmpstr (ovs_task_get_prompt (task), ==, prompts[i]);
      /* Accepted (queued, or running already when the machine is slow to get here). */
      g_assert_cmpint (ovs_task_get_status (task), <=, OVS_TASK_STATUS_RUNNING);
      g_assert_cmpint (ovs_task_get_status (task), >=, OVS_TASK_STATUS_QUEUED);
      g_assert_nonnull (ovs_task_get_task_id (task));
      g_assert_cmpint (ovs_task_get_id (task), >, 0);
    }
  g_assert_cmpstr (ovs_task_get_model (g_ptr_array_index (ordered.tasks, 0)), ==, "Kling-3.0-omni");
  /* The large body is kept whole to send, and summed up (its file folded) for its row and
   * view to read; a small one is its own summary. */
  {
    OvsTask *first = g_ptr_array_index (ordered.tasks, 0);
    OvsTask *second = g_ptr_array_index (ordered.tasks, 1);

    g_assert_cmpstr (ovs_task_get_request_json (first), ==, large->str);
    g_assert_cmpuint (strlen (ovs_task_get_request_summary (first)), <, 1024);
    g_assert_nonnull (strstr (ovs_task_get_request_summary (first), "(6.3"));
    g_assert_nonnull (strstr (ovs_task_get_request_summary (first), "\"prompt\":\"first\""));
    g_assert_true (ovs_task_get_request_summary (second) == ovs_task_get_request_json (second));
  }
  g_assert_cmpstr (ovs_task_get_model (g_ptr_array_index (ordered.tasks, 3)), ==, "Veo-3.1");
  g_assert_cmpuint (ovs_task_store_count (fixture->store, NULL), ==, 4);
  g_ptr_array_unref (ordered.tasks);
  g_ptr_array_unref (ordered.errors);
}

/* A gateway that hands out one id twice: the fault is shown on both tasks, the second keeps no
 * id (so nothing of it can touch the first's video), and a file already where a video would
 * go is never replaced. */
static void
test_repeated_id (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) second = NULL;
  g_autofree char *name = NULL;
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  g_autofree char *mine = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *first_named = NULL;
  g_autofree char *first_id = NULL;

  first = submit (fixture, clip_body);
  first_id = g_strdup (ovs_task_get_task_id (first));
  /* The user's own file sits where the first video would go. */
  name = ovs_tracker_dup_file_name (first);
  g_assert_cmpstr (name, ==, "video-1-kling-3-0-omni");
  g_assert_cmpint (g_mkdir_with_parents (downloads, 0755), ==, 0);
  mine = g_build_filename (downloads, "video-1-kling-3-0-omni.mp4", NULL);
  g_assert_true (g_file_set_contents (mine, "mine", -1, NULL));

  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_REPEAT_ID,
                            OVS_SANDBOX_ROUTE_CREATE, 1);
  second = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (second), ==, OVS_TASK_STATUS_UNKNOWN);
  g_assert_null (ovs_task_get_task_id (second));
  g_assert_false (ovs_tracker_is_tracking (fixture->tracker, second));
  spin_until_finished (fixture, 1, 120);

  /* Both are told, each naming the other. */
  first_named = g_strdup_printf ("task %" G_GINT64_FORMAT, ovs_task_get_id (first));
  g_assert_true (g_str_has_prefix (ovs_task_get_shown_note (second), "Server fault:"));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (second), first_named));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (second), first_id));
  g_assert_true (g_str_has_prefix (ovs_task_get_shown_note (first), "Server fault:"));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (first), first_id));
  g_assert_cmpint (ovs_task_get_status (first), ==, OVS_TASK_STATUS_SUCCEEDED);

  /* The first video beside the user's file, which is untouched. */
  g_assert_nonnull (ovs_task_get_file (first));
  g_assert_true (g_str_has_suffix (ovs_task_get_file (first), "video-1-kling-3-0-omni (2).mp4"));
  g_assert_true (g_file_get_contents (mine, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "mine");
}

/* Answers that are no video never get a video's name: the gateway's /content is asked, and
 * when it has no video either the download fails saying so, leaving nothing behind. */
static void
test_not_a_video (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OvsTask) saved = NULL;
  g_autoptr(OvsTask) refused = NULL;
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  guint n_files = 0;

  /* An HTML page from the result URL: /content stands in. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_NOT_VIDEO,
                            OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  saved = submit (fixture, clip_body);
  spin_until_finished (fixture, 1, 120);
  g_assert_nonnull (ovs_task_get_file (saved));
  g_assert_nonnull (ovs_task_get_media_json (saved));

  /* An HTML page, then bytes that only say they are a video. */
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_NOT_VIDEO,
                            OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_GARBAGE_VIDEO,
                            OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  refused = submit (fixture, clip_body);
  spin_until_finished (fixture, 2, 120);
  while (ovs_task_get_shown_note (refused) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ovs_task_get_status (refused), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_null (ovs_task_get_file (refused));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (refused), "not a video"));

  /* The first video only: no .part, no page saved as .mp4. */
  dir = g_dir_open (downloads, 0, NULL);
  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_suffix (entry, ".part"));
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 1);
}

/* Partial downloads of killed processes go at the next start; those of a live process, and
 * recent ones of the older naming that says not whose they are, stay. */
static void
test_stale_parts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  const char *argv[] = { "true", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTracker) tracker = NULL;
  g_autofree char *dead = NULL;
  g_autofree char *live = NULL;
  g_autofree char *old = NULL;
  g_autofree char *recent = NULL;
  GPid pid;
  gint64 end;

  /* A pid that was a process and is no more. */
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (waitpid (pid, NULL, 0), ==, pid);

  g_assert_cmpint (g_mkdir_with_parents (downloads, 0755), ==, 0);
  dead = g_strdup_printf ("%s/.video-9-cat.pid%d-AbCdEf.part", downloads, (int) pid);
  live = g_strdup_printf ("%s/.video-8-cat.pid%d-AbCdEf.part", downloads, (int) getpid ());
  old = g_strdup_printf ("%s/.task_old.AbCdEf.part", downloads);
  recent = g_strdup_printf ("%s/.task_recent.AbCdEf.part", downloads);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_file_set_contents ((const char *[]) { dead, live, old, recent }[i], "part",
                                        -1, NULL));
  {
    struct utimbuf two_days_ago = { time (NULL) - 2 * 86400, time (NULL) - 2 * 86400 };

    g_assert_cmpint (g_utime (old, &two_days_ago), ==, 0);
  }

  tracker = ovs_tracker_new (fixture->store, fixture->client, downloads);
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((g_file_test (dead, G_FILE_TEST_EXISTS) || g_file_test (old, G_FILE_TEST_EXISTS))
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_EXISTS));
}

/* A tracker dropped before the main loop ever ran (a command that stops at a bad task id)
 * goes at once, its store and client with it: no thread is started for the stale parts
 * that would keep them alive while the process exits. */
static void
test_dropped_unused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  OvsTracker *tracker = ovs_tracker_new (fixture->store, fixture->client, downloads);

  g_object_add_weak_pointer (G_OBJECT (tracker), (gpointer *) &tracker);
  g_object_unref (tracker);
  g_assert_null (tracker);
}

/* A key refused while polling ends the following of that task at once, saying why; following
 * it again (once the key is fixed) takes it to its end. */
static void
test_needs_attention (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;

  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_UNAUTHORIZED,
                            OVS_SANDBOX_ROUTE_QUERY, 1);
  task = submit (fixture, clip_body);
  while (!ovs_task_get_paused (task))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ovs_tracker_is_tracking (fixture->tracker, task));
  g_assert_true (g_str_has_prefix (ovs_task_get_shown_note (task), "Needs attention: "));
  g_assert_nonnull (strstr (ovs_task_get_shown_note (task), "无效的令牌"));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==, 1);

  /* Follow Again. */
  ovs_tracker_set_following (fixture->tracker, task, TRUE);
  spin_until_finished (fixture, 1, 60);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_null (ovs_task_get_note (task));
}

/* 501 on GET /v1/videos/{id}: the task goes on through /v1/video/generations/{id}, and the
 * history keeps the switch. */
static void
test_no_converter (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) stored = NULL;

  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_NO_CONVERTER,
                            OVS_SANDBOX_ROUTE_CREATE, 1);
  task = submit (fixture, clip_body);
  g_assert_cmpstr (ovs_task_get_route (task), ==, "videos");
  spin_until_finished (fixture, 1, 60);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpstr (ovs_task_get_route (task), ==, "generations");
  g_assert_nonnull (ovs_task_get_file (task));
  /* One 501, not a loop of them. */
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->sandbox, OVS_SANDBOX_ROUTE_QUERY), <, 40);
}

/* The per-key concurrency gate answering polls 429/503: the tracker backs off and every task
 * still ends well; a create sent meanwhile goes through. */
static void
test_concurrency_gate (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OvsTask) late = NULL;

  ovs_tracker_set_auto_download (fixture->tracker, FALSE);
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (tasks, submit (fixture, clip_body));
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_CONCURRENCY,
                            OVS_SANDBOX_ROUTE_QUERY, 6);
  late = submit (fixture, clip_body);
  g_assert_cmpint (ovs_task_get_status (late), ==, OVS_TASK_STATUS_QUEUED);
  spin_until_finished (fixture, 7, 120);
  for (guint i = 0; i < tasks->len; i++)
    g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (tasks, i)), ==,
                     OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpint (ovs_task_get_status (late), ==, OVS_TASK_STATUS_SUCCEEDED);
}

/* The gate counted for real (as the relay's middleware does: a lease per create or query,
 * held until its answer is written): a tracker following many tasks keeps within it, a
 * create sent while they are followed is never lost, and every task ends well. */
static void
test_concurrency_real (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) ids = NULL;

  ovs_sandbox_set_concurrency_limit (fixture->sandbox, 3, 100);
  ovs_tracker_set_auto_download (fixture->tracker, FALSE);
  for (guint i = 0; i < 16; i++)
    g_ptr_array_add (tasks, submit (fixture, clip_body));
  /* While the sixteen are polled, often as many at once as the gate lets through. */
  for (guint i = 0; i < 4; i++)
    {
      OvsTask *late;

      ovs_test_loop_for (150);
      late = submit (fixture, clip_body);
      g_assert_nonnull (ovs_task_get_task_id (late));
      g_assert_cmpint (ovs_task_get_status (late), !=, OVS_TASK_STATUS_FAILED);
      g_ptr_array_add (tasks, late);
    }
  spin_until_finished (fixture, tasks->len, 240);
  for (guint i = 0; i < tasks->len; i++)
    g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (tasks, i)), ==,
                     OVS_TASK_STATUS_SUCCEEDED);
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, tasks->len);
  g_test_message ("at most %u in flight, %u refused by the gate",
                  ovs_sandbox_get_max_in_flight (fixture->sandbox),
                  ovs_sandbox_get_n_gate_refusals (fixture->sandbox));
}

/* Two trackers of one process talking to one endpoint share its poll budget: together they
 * never have more polls in flight than one of them may, plus the create being sent. */
static void
test_shared_budget (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *db = g_build_filename (fixture->dir, "second.sqlite3", NULL);
  g_autofree char *downloads = g_build_filename (fixture->dir, "Videos", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = ovs_task_store_new (db, &error);
  g_autoptr(OvsTracker) second = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  OvsTracker *first = fixture->tracker;

  g_assert_no_error (error);
  second = ovs_tracker_new (store, fixture->client, downloads);
  ovs_tracker_set_schedule (second, 0.05, 0.2);
  ovs_test_net_follow (fixture, second);
  /* Counted, none refused; each answer takes 100 ms, so polls of both overlap. */
  ovs_sandbox_set_concurrency_limit (fixture->sandbox, 0, 100);
  for (guint t = 0; t < 2; t++)
    {
      OvsTracker *tracker = t == 0 ? first : second;

      ovs_tracker_set_auto_download (tracker, FALSE);
      ovs_tracker_set_max_in_flight (tracker, 2);
    }
  for (guint i = 0; i < 12; i++)
    {
      fixture->tracker = i % 2 == 0 ? first : second;
      g_ptr_array_add (tasks, submit (fixture, clip_body));
    }
  fixture->tracker = first;
  spin_until_finished (fixture, tasks->len, 240);
  for (guint i = 0; i < tasks->len; i++)
    g_assert_cmpint (ovs_task_get_status (g_ptr_array_index (tasks, i)), ==,
                     OVS_TASK_STATUS_SUCCEEDED);
  g_test_message ("at most %u in flight", ovs_sandbox_get_max_in_flight (fixture->sandbox));
  g_assert_cmpuint (ovs_sandbox_get_max_in_flight (fixture->sandbox), <=, 2 + 1);
}

/* Answers no parser can use, several in a row: the task says so, and still ends well. */
static void
test_unusable_answers (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;
  gboolean said = FALSE;

  ovs_tracker_set_auto_download (fixture->tracker, FALSE);
  ovs_sandbox_inject_fault (fixture->sandbox, OVS_SANDBOX_FAULT_UNUSABLE,
                            OVS_SANDBOX_ROUTE_QUERY, 3);
  task = submit (fixture, clip_body);
  while (fixture->finished->len < 1)
    {
      g_main_context_iteration (NULL, TRUE);
      said |= ovs_task_get_note (task) != NULL
              && g_str_has_prefix (ovs_task_get_note (task), "Unusable answers: the last 3");
    }
  g_assert_true (said);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add ("/tracker/life-of-a-task", Fixture, NULL, fixture_set_up, test_life_of_a_task,
              fixture_tear_down);
  g_test_add ("/tracker/abandon-while-sending", Fixture, NULL, fixture_set_up,
              test_abandon_while_sending, fixture_tear_down);
  g_test_add ("/tracker/create-faults", Fixture, NULL, fixture_set_up, test_create_faults,
              fixture_tear_down);
  g_test_add ("/tracker/query-faults-and-expiry", Fixture, NULL, fixture_set_up,
              test_query_faults_and_expiry, fixture_tear_down);
  g_test_add ("/tracker/resume-after-a-crash", Fixture, NULL, fixture_set_up,
              test_resume_after_a_crash, fixture_tear_down);
  g_test_add ("/tracker/resume-after-a-crash-async", Fixture, "async", fixture_set_up,
              test_resume_after_a_crash, fixture_tear_down);
  g_test_add ("/tracker/ephemeral-sandbox", Fixture, NULL, fixture_set_up, test_ephemeral_sandbox,
              fixture_tear_down);
  g_test_add ("/tracker/ephemeral-sandbox-async", Fixture, "async", fixture_set_up,
              test_ephemeral_sandbox, fixture_tear_down);
  g_test_add ("/tracker/unauthorized", Fixture, NULL, fixture_set_up, test_unauthorized,
              fixture_tear_down);
  g_test_add ("/tracker/many-in-flight", Fixture, NULL, fixture_set_up, test_many_in_flight,
              fixture_tear_down);
  g_test_add ("/tracker/submit-order", Fixture, NULL, fixture_set_up, test_submit_order,
              fixture_tear_down);
  g_test_add ("/tracker/repeated-id", Fixture, NULL, fixture_set_up, test_repeated_id,
              fixture_tear_down);
  g_test_add ("/tracker/not-a-video", Fixture, NULL, fixture_set_up, test_not_a_video,
              fixture_tear_down);
  g_test_add ("/tracker/stale-parts", Fixture, NULL, fixture_set_up, test_stale_parts,
              fixture_tear_down);
  g_test_add ("/tracker/dropped-unused", Fixture, NULL, fixture_set_up, test_dropped_unused,
              fixture_tear_down);
  g_test_add ("/tracker/create-outcomes", Fixture, NULL, fixture_set_up, test_create_outcomes,
              fixture_tear_down);
  g_test_add ("/tracker/needs-attention", Fixture, NULL, fixture_set_up, test_needs_attention,
              fixture_tear_down);
  g_test_add ("/tracker/no-converter", Fixture, NULL, fixture_set_up, test_no_converter,
              fixture_tear_down);
  g_test_add ("/tracker/concurrency-gate", Fixture, NULL, fixture_set_up, test_concurrency_gate,
              fixture_tear_down);
  g_test_add ("/tracker/concurrency-real", Fixture, NULL, fixture_set_up, test_concurrency_real,
              fixture_tear_down);
  g_test_add ("/tracker/shared-budget", Fixture, NULL, fixture_set_up, test_shared_budget,
              fixture_tear_down);
  g_test_add ("/tracker/unusable-answers", Fixture, NULL, fixture_set_up, test_unusable_answers,
              fixture_tear_down);

  return g_test_run ();
}
