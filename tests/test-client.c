/* test-client.c: OvsClient and omni-video submit/status against the sandbox, over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ovs-client.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-media-probe.h"
#include "ovs-renderer.h"
#include "ovs-request.h"
#include "ovs-sandbox.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

#define TIMEOUT_SECONDS 120
#define SPEED 0.05

#if defined(__SANITIZE_ADDRESS__)
/* See test-media.c: GLib's first quark block is only matched by build-aux/lsan.supp with a
 * full unwind. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

/* Spinning the main context until something holds */

typedef struct
{
  GAsyncResult *result;
  gboolean      done;
} Waiter;

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  waiter->done = TRUE;
}

static OvsTaskUpdate *
create_sync (OvsClient   *client,
             const char  *body,
             guint       *retry_after,
             GError     **error)
{
  Waiter waiter = { NULL, FALSE };
  OvsTaskUpdate *update;

  ovs_client_create_async (client, body, NULL, waiter_cb, &waiter);
  ovs_test_loop_until (&waiter.done, TIMEOUT_SECONDS);
  update = ovs_client_create_finish (client, waiter.result, error);
  if (retry_after != NULL)
    *retry_after = ovs_client_result_get_retry_after (waiter.result);
  g_object_unref (waiter.result);
  return update;
}

static OvsTaskUpdate *
query_sync (OvsClient   *client,
            const char  *task_id,
            GError     **error)
{
  Waiter waiter = { NULL, FALSE };
  OvsTaskUpdate *update;

  ovs_client_query_async (client, task_id, NULL, waiter_cb, &waiter);
  ovs_test_loop_until (&waiter.done, TIMEOUT_SECONDS);
  update = ovs_client_query_finish (client, waiter.result, error);
  g_object_unref (waiter.result);
  return update;
}

static char *
download_sync (OvsClient        *client,
               const char       *url,
               const char       *task_id,
               const char       *dir,
               goffset           max_size,
               OvsProgressFunc   progress,
               gpointer          progress_data,
               GCancellable     *cancellable,
               GError          **error)
{
  Waiter waiter = { NULL, FALSE };
  char *path;

  /* Named after the task id, as the tests have no history. */
  ovs_client_download_async (client, url, task_id, task_id, dir, max_size, progress,
                             progress_data, cancellable, waiter_cb, &waiter);
  ovs_test_loop_until (&waiter.done, TIMEOUT_SECONDS);
  path = ovs_client_download_finish (client, waiter.result, error);
  g_object_unref (waiter.result);
  return path;
}

/* Polls every 50 ms until the task ends. */
static OvsTaskUpdate *
wait_terminal (OvsClient  *client,
               const char *task_id)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsTaskUpdate) update = query_sync (client, task_id, &error);

      g_assert_no_error (error);
      g_assert_nonnull (update);
      if (ovs_task_status_is_terminal (update->status))
        return g_steal_pointer (&update);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ovs_test_loop_for (50);
    }
}

static char *
read_example (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "examples", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static GStrv
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_strv_builder_add (builder, name);
  return g_strv_builder_end (builder);
}

static void
assert_dir_empty (const char *dir)
{
  g_auto(GStrv) names = list_dir (dir);

  if (names[0] != NULL)
    g_error ("%s is not empty: %s…", dir, names[0]);
}

/* A fixture: a started sandbox, a client on it, an empty download folder */

typedef struct
{
  OvsSandbox *sandbox;
  OvsClient  *client;
  char       *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *api_key = data;

  f->sandbox = ovs_test_sandbox_new (SPEED, api_key);
  ovs_test_sandbox_start (f->sandbox);
  f->client = ovs_test_client_new (f->sandbox, api_key);
  f->dir = ovs_test_make_tmp_dir ("ovs-client-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->client);
  ovs_test_sandbox_clear (&f->sandbox);
  ovs_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Creates a task from an example and waits for its end. */
static OvsTaskUpdate *
run_task (Fixture    *f,
          const char *example)
{
  g_autofree char *body = read_example (example);
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) created = create_sync (f->client, body, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (created->task_id);
  return wait_terminal (f->client, created->task_id);
}

/* Constructor and URLs (no network) */

static void
test_insecure (void)
{
  static const char * const refused[] = {
    "http://omnirouters.com", "http://10.0.0.1:8080/", "http://example.localhost.com", NULL
  };
  static const char * const accepted[] = {
    "http://127.0.0.1:1234", "http://127.8.9.1/", "http://[::1]:8080", "http://localhost:9/",
    "https://omnirouters.com", NULL
  };

  for (guint i = 0; refused[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsClient) client = ovs_client_new (refused[i], "sk-secret-key-1234", &error);

      g_assert_error (error, OVS_ERROR, OVS_ERROR_INSECURE);
      g_assert_null (client);
      g_assert_null (strstr (error->message, "sk-secret"));
      g_assert_nonnull (strstr (error->message, "https"));

      client = ovs_client_new_full (refused[i], "sk-secret-key-1234", TRUE, NULL);
      g_assert_nonnull (client);
    }

  for (guint i = 0; accepted[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsClient) client = ovs_client_new (accepted[i], "k", &error);

      g_assert_no_error (error);
      g_assert_false (g_str_has_suffix (ovs_client_get_base_url (client), "/"));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OvsClient) client = ovs_client_new ("https://omnirouters.com/", "k", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ovs_client_get_base_url (client), ==, "https://omnirouters.com");
    g_assert_cmpstr (ovs_client_get_user_agent (client), ==, "OmniVideoStudio/" PACKAGE_VERSION);
    g_assert_cmpint (ovs_client_get_route (client), ==, OVS_ROUTE_VIDEOS);
    g_assert_cmpuint (ovs_client_get_max_retries (client), ==, 3);
  }

  /* No key: refused for a remote host, "sandbox" for this computer. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OvsClient) client = ovs_client_new ("https://omnirouters.com", NULL, &error);

    g_assert_error (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED);
    g_assert_nonnull (strstr (error->message, "OMNIROUTERS_API_KEY"));
    g_clear_error (&error);
    g_clear_object (&client);

    client = ovs_client_new ("http://127.0.0.1:9", "", &error);
    g_assert_no_error (error);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OvsClient) client = ovs_client_new ("ftp://omnirouters.com", "k", &error);

    g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  }
}

/* The 20 examples, created, polled, downloaded and probed */

typedef struct
{
  char          *name;
  OvsClient     *client;
  char          *body;
  char          *dir;
  OvsRequest    *request;
  char          *task_id;
  OvsTaskUpdate *final;
  char          *path;
  OvsMediaInfo  *info;
  GError        *error;
  guint         *n_done;
} Job;

static void job_query (Job *job);

static void
job_finish (Job    *job,
            GError *error)
{
  job->error = error;
  (*job->n_done)++;
}

static void
job_probed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;

  job->info = ovs_media_probe_finish (result, &error);
  job_finish (job, error);
}

static void
job_downloaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;

  job->path = ovs_client_download_finish (job->client, result, &error);
  if (job->path == NULL)
    {
      job_finish (job, error);
      return;
    }
  ovs_media_probe_async (job->path, NULL, job_probed_cb, job);
}

static gboolean
job_poll_cb (gpointer user_data)
{
  job_query (user_data);
  return G_SOURCE_REMOVE;
}

static void
job_queried_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;
  g_autoptr(OvsTaskUpdate) update = ovs_client_query_finish (job->client, result, &error);

  if (update == NULL)
    {
      job_finish (job, error);
      return;
    }
  if (!ovs_task_status_is_terminal (update->status))
    {
      g_timeout_add (100, job_poll_cb, job);
      return;
    }

  job->final = g_steal_pointer (&update);
  if (job->final->status != OVS_TASK_STATUS_SUCCEEDED)
    {
      job_finish (job, g_error_new (OVS_ERROR, OVS_ERROR_TASK_FAILED, "%s",
                                    job->final->error_message));
      return;
    }
  ovs_client_download_async (job->client, job->final->urls[0], job->task_id, job->task_id,
                             job->dir, 0, NULL, NULL, NULL, job_downloaded_cb, job);
}

static void
job_query (Job *job)
{
  ovs_client_query_async (job->client, job->task_id, NULL, job_queried_cb, job);
}

static void
job_created_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;
  g_autoptr(OvsTaskUpdate) created = ovs_client_create_finish (job->client, result, &error);

  if (created == NULL)
    {
      job_finish (job, error);
      return;
    }
  job->task_id = g_strdup (created->task_id);
  job_query (job);
}

static void
job_free (Job *job)
{
  g_free (job->name);
  g_free (job->body);
  g_clear_object (&job->request);
  g_free (job->task_id);
  g_clear_pointer (&job->final, ovs_task_update_free);
  g_free (job->path);
  g_clear_pointer (&job->info, ovs_media_info_free);
  g_clear_error (&job->error);
  g_free (job);
}

static void
check_job (Job *job)
{
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *expected_name = NULL;
  const char *seconds;

  if (job->error != NULL)
    g_error ("%s: %s", job->name, job->error->message);
  g_assert_cmpint (job->final->status, ==, OVS_TASK_STATUS_SUCCEEDED);

  /* The file has the app's name, in the folder asked for, and nothing else is left. */
  g_assert_true (g_path_is_absolute (job->path));
  basename = g_path_get_basename (job->path);
  expected_name = g_strconcat (job->task_id, ".", ovs_renderer_file_extension (), NULL);
  g_assert_cmpstr (basename, ==, expected_name);

  seconds = ovs_request_get_seconds (job->request);
  checks = ovs_media_check (job->info, seconds != NULL ? seconds : "5",
                            ovs_request_get_resolution (job->request),
                            ovs_request_get_aspect_ratio (job->request),
                            ovs_request_wants_audio (job->request) == 1 ? 1 : 0);
  g_assert_cmpuint (checks->len, >=, 2);
  for (guint i = 0; i < checks->len; i++)
    {
      OvsMediaCheck *check = g_ptr_array_index (checks, i);

      if (!check->ok)
        g_error ("%s (%s): %s: expected %s, got %s", job->name,
                 ovs_client_get_route (job->client) == OVS_ROUTE_VIDEOS ? "videos" : "generations",
                 ovs_media_check_kind_to_string (check->kind), check->expected, check->actual);
    }
}

static void
test_examples (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *examples_dir = g_test_build_filename (G_TEST_DIST, "data", "examples", NULL);
  g_auto(GStrv) names = list_dir (examples_dir);
  g_autoptr(OvsClient) generations = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  g_autoptr(GError) error = NULL;
  guint n_examples = 0;
  guint n_done = 0;
  gboolean all_done = FALSE;
  gint64 start = g_get_monotonic_time ();
  g_auto(GStrv) ids = NULL;

  generations = ovs_test_client_new (f->sandbox, NULL);
  ovs_client_set_route (generations, OVS_ROUTE_GENERATIONS);

  qsort (names, g_strv_length (names), sizeof (char *), (GCompareFunc) g_strcmp0);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      n_examples++;

      for (guint r = 0; r < 2; r++)
        {
          Job *job;

          /* Through both route families: two tasks per preset. */
          job = g_new0 (Job, 1);
          job->name = g_strdup (names[i]);
          job->client = r == 0 ? f->client : generations;
          job->body = read_example (names[i]);
          job->dir = f->dir;
          job->n_done = &n_done;
          job->request = ovs_request_new_from_json (job->body, -1, NULL, &error);
          g_assert_no_error (error);
          g_ptr_array_add (jobs, job);
        }
    }
  /* The 20 of the API page and the presets added for the providers' basic modes. */
  g_assert_cmpuint (n_examples, >=, 20);

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      ovs_client_create_async (job->client, job->body, NULL, job_created_cb, job);
    }

  {
    gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;

    while (!all_done && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, TRUE);
        all_done = n_done == jobs->len;
      }
    g_assert_true (all_done);
  }

  for (guint i = 0; i < jobs->len; i++)
    check_job (g_ptr_array_index (jobs, i));

  /* The sandbox received each body byte for byte. */
  ids = ovs_sandbox_dup_task_ids (f->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, jobs->len);
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);
      g_autofree char *received = ovs_sandbox_dup_task_body (f->sandbox, job->task_id);

      g_assert_cmpstr (received, ==, job->body);
    }

  g_test_message ("%u tasks (%u examples) created, polled, downloaded and probed in %.1f s",
                  jobs->len, n_examples, (g_get_monotonic_time () - start) / 1e6);
  g_assert_finalize_object (g_steal_pointer (&generations));
}

/* A body of megabytes (four inline files near the gateway's limit) goes in slices of the
 * main context's time (ovs-paced-stream.c), and arrives whole. */
static void
test_create_large_body (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\n  \"model\": \"Kling-3.0-omni\",\n"
                                          "  \"prompt\": \"<<<image_1>>> turns and smiles\",\n"
                                          "  \"images\": [\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) created = NULL;
  g_autofree char *received = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_string_append_printf (body, "%s    \"data:image/png;base64,", i > 0 ? ",\n" : "");
      for (guint j = 0; j < 6 * 1024 * 1024 / 4; j++)
        g_string_append (body, "QUJD");
      g_string_append_c (body, '"');
    }
  g_string_append (body, "\n  ]\n}\n");

  created = create_sync (f->client, body->str, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created->task_id);
  received = ovs_sandbox_dup_task_body (f->sandbox, created->task_id);
  g_assert_cmpuint (strlen (received), ==, body->len);
  g_assert_true (strcmp (received, body->str) == 0);
}

/* The bodies of the cited corpus (tests/data/corpus: provider and gateway docs) that the
 * checks accept, sent as the app sends them to a gateway on this machine (paced): each
 * arrives byte for byte, or the sandbox says why it was refused, and a refused one was
 * refused for its model, not its bytes. */
static void
test_create_corpus_bodies (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *listing = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_sent = 0;

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "corpus",
                                                           "expected.txt", NULL),
                                      &listing, NULL, NULL));
  lines = g_strsplit (listing, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
      g_autofree char *body = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsTaskUpdate) created = NULL;
      g_autofree char *received = NULL;

      if (g_strv_length (fields) < 2 || !g_str_equal (fields[1], "accept")
          || !g_str_has_prefix (fields[0], "bodies/"))
        continue;
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "corpus",
                                                               fields[0], NULL),
                                          &body, NULL, NULL));
      created = create_sync (f->client, body, NULL, &error);
      if (created == NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (body, NULL);
          const char *model = json_object_get_string_member_with_default (json_node_get_object (node),
                                                                          "model", "");

          /* The relay's own answer for a model it has no channel for (503), naming it. */
          g_test_message ("%s: refused: %s", fields[0], error->message);
          g_assert_cmpstr (model, !=, "");
          g_assert_nonnull (strstr (error->message, "(503)"));
          g_assert_nonnull (strstr (error->message, model));
          continue;
        }
      received = ovs_sandbox_dup_task_body (f->sandbox, created->task_id);
      g_assert_cmpstr (received, ==, body);
      n_sent++;
    }
  g_test_message ("%u corpus bodies sent and received whole", n_sent);
  g_assert_cmpuint (n_sent, >=, 8);
}

/* Faults */

/* A task created from the Hunyuan example, for the query faults. */
static OvsTaskUpdate *
create_for_query (Fixture *f)
{
  g_autofree char *body = read_example ("20-hunyuan-3d-scene.json");
  g_autoptr(GError) error = NULL;
  OvsTaskUpdate *created = create_sync (f->client, body, NULL, &error);

  g_assert_no_error (error);
  return created;
}

/* One @fault on the next query of @created: it is sent again once, and the answer comes. */
static void
assert_query_retried (Fixture             *f,
                      const OvsTaskUpdate *created,
                      OvsSandboxFault      fault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) update = NULL;
  guint before = ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY);

  ovs_sandbox_inject_fault (f->sandbox, fault, OVS_SANDBOX_ROUTE_QUERY, 1);
  update = query_sync (f->client, created->task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (update->task_id, ==, created->task_id);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==,
                    before + 2);
}

static void
test_query_rate_limited (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) created = create_for_query (f);
  gint64 start = g_get_monotonic_time ();

  assert_query_retried (f, created, OVS_SANDBOX_FAULT_RATE_LIMIT);
  /* Retry-After: 1 was honoured. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * G_TIME_SPAN_MILLISECOND);
}

static void
test_query_server_error (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) created = create_for_query (f);
  g_autoptr(OvsTaskUpdate) update = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  /* One HTML 502: retried, and the answer comes. */
  assert_query_retried (f, created, OVS_SANDBOX_FAULT_SERVER);

  /* More than the retries: SERVER, with the page's title, without its tags. */
  before = ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY);
  ovs_client_set_max_retries (f->client, 1);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_ROUTE_QUERY, 2);
  update = query_sync (f->client, created->task_id, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_SERVER);
  g_assert_null (update);
  g_test_message ("%s", error->message);
  g_assert_true (strstr (error->message, "Internal Server Error") != NULL
                 || strstr (error->message, "Bad Gateway") != NULL);
  g_assert_null (strchr (error->message, '<'));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==,
                    before + 2);
}

static void
test_query_drop (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) created = create_for_query (f);

  assert_query_retried (f, created, OVS_SANDBOX_FAULT_DROP);
}

static void
test_query_not_found (Fixture       *f,
                      gconstpointer  data)
{
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsTaskUpdate) update = NULL;

      ovs_client_set_route (f->client, r == 0 ? OVS_ROUTE_VIDEOS : OVS_ROUTE_GENERATIONS);
      update = query_sync (f->client, "task_doesnotexist", &error);
      g_assert_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "task_not_exist"));
    }
}

static void
test_create_rate_limited (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *body = read_example ("01-text-to-video.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) created = NULL;
  g_auto(GStrv) ids = NULL;
  guint retry_after = 0;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_ROUTE_CREATE, 1);
  created = create_sync (f->client, body, &retry_after, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_RATE_LIMITED);
  g_assert_null (created);
  g_assert_nonnull (strstr (error->message, "429"));
  /* The server's own words (the sandbox's first 429 carries a JSON message). */
  g_assert_nonnull (strstr (error->message, "当前分组上游负载已饱和"));
  g_assert_cmpuint (retry_after, ==, 1);

  /* Never retried: a create costs money. */
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);
  ovs_test_loop_for (1500);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);
  ids = ovs_sandbox_dup_task_ids (f->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}

static void
test_create_drop (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *body = read_example ("01-text-to-video.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskUpdate) created = NULL;

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_CREATE, 1);
  created = create_sync (f->client, body, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_NETWORK);
  g_assert_null (created);
  ovs_test_loop_for (1000);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);
}

static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *body = read_example ("01-text-to-video.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTaskUpdate) created = NULL;

  client = ovs_test_client_new (f->sandbox, "sk-wrong-key-5678");
  created = create_sync (client, body, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED);
  g_assert_null (created);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_nonnull (strstr (error->message, "无效的令牌"));
  g_assert_null (strstr (error->message, "sk-wrong"));
  g_assert_null (strstr (error->message, "right-key"));
  g_clear_error (&error);

  created = query_sync (client, "task_whatever", &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* The right key is accepted. */
  created = create_sync (f->client, body, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created->task_id);
  g_assert_finalize_object (g_steal_pointer (&client));
}

static void
test_task_failed (Fixture       *f,
                  gconstpointer  data)
{
  for (guint r = 0; r < 2; r++)
    {
      g_autoptr(OvsTaskUpdate) final = NULL;

      ovs_client_set_route (f->client, r == 0 ? OVS_ROUTE_VIDEOS : OVS_ROUTE_GENERATIONS);
      ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED,
                                OVS_SANDBOX_ROUTE_CREATE, 1);
      final = run_task (f, "01-text-to-video.json");
      g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_FAILED);
      g_assert_cmpstr (final->error_message, ==, "视频生成失败:内容审核未通过 (sandbox)");
    }
}

static void
test_expired_url (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rendered = NULL;
  g_auto(GStrv) names = NULL;
  guint before;
  gint64 size_got, size_rendered;
  GStatBuf st;

  ovs_test_sandbox_clear (&f->sandbox);
  g_clear_object (&f->client);
  f->sandbox = ovs_test_sandbox_new (SPEED, NULL);
  ovs_sandbox_set_url_expiry (f->sandbox, 1);
  ovs_test_sandbox_start (f->sandbox);
  f->client = ovs_test_client_new (f->sandbox, NULL);

  final = run_task (f, "01-text-to-video.json");
  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_nonnull (final->urls[0]);
  ovs_test_loop_for (1500);
  /* The sandbox rounds the finishing time up to the second: wait for the signed expiry. */
  {
    const char *expires = strstr (final->urls[0], "expires=");
    gint64 at;

    g_assert_nonnull (expires);
    at = g_ascii_strtoll (expires + strlen ("expires="), NULL, 10);
    g_assert_cmpint (at, >, 0);
    while (g_get_real_time () / G_USEC_PER_SEC < at)
      ovs_test_loop_for (100);
  }

  before = ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_DOWNLOAD);
  path = download_sync (f->client, final->urls[0], final->task_id, f->dir, 0, NULL, NULL, NULL,
                        &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  /* The result URL (refused), then /content. */
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_DOWNLOAD), ==,
                    before + 2);

  rendered = ovs_sandbox_dup_task_file (f->sandbox, final->task_id);
  g_assert_cmpint (g_stat (rendered, &st), ==, 0);
  size_rendered = st.st_size;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  size_got = st.st_size;
  g_assert_cmpint (size_got, ==, size_rendered);

  names = list_dir (f->dir);
  g_assert_cmpuint (g_strv_length (names), ==, 1);
}

static void
test_veo_content (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = run_task (f, "17-veo-asset-reference.json");
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint before;

  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  /* Veo gives no URL: the video comes from /content. */
  g_assert_null (final->urls[0]);

  before = ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_DOWNLOAD);
  path = download_sync (f->client, NULL, final->task_id, f->dir, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_DOWNLOAD), ==,
                    before + 1);

  info = ovs_media_probe_sync (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (info->duration, >, 1.0);
}

typedef struct
{
  GCancellable *cancellable;
  char         *dir;
  guint         calls;
  guint         parts_seen;
  goffset       cancelled_at;
} CancelState;

static void
cancel_progress_cb (goffset  current,
                    goffset  total,
                    gpointer user_data)
{
  CancelState *state = user_data;
  g_auto(GStrv) names = list_dir (state->dir);

  state->calls++;
  /* The partial file sits in the folder, hidden, while the download runs. */
  for (guint i = 0; names[i] != NULL; i++)
    if (names[i][0] == '.' && g_str_has_suffix (names[i], ".part"))
      state->parts_seen++;

  if (current > 0 && current < total && state->cancelled_at == 0)
    {
      state->cancelled_at = current;
      g_cancellable_cancel (state->cancellable);
    }
}

static void
test_cancel_download (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = run_task (f, "01-text-to-video.json");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CancelState state = { cancellable, f->dir, 0, 0, 0 };

  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  path = download_sync (f->client, final->urls[0], final->task_id, f->dir, 0,
                        cancel_progress_cb, &state, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (path);
  g_assert_cmpint (state.cancelled_at, >, 0);
  g_assert_cmpuint (state.parts_seen, >, 0);
  assert_dir_empty (f->dir);

  /* An operation cancelled before it starts leaves nothing either. */
  g_clear_error (&error);
  path = download_sync (f->client, final->urls[0], final->task_id, f->dir, 0, NULL, NULL,
                        cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_dir_empty (f->dir);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = run_task (f, "01-text-to-video.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  path = download_sync (f->client, final->urls[0], final->task_id, f->dir, 10000, NULL, NULL,
                        NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE);
  g_assert_null (path);
  assert_dir_empty (f->dir);

  /* Through /content too. */
  g_clear_error (&error);
  path = download_sync (f->client, NULL, final->task_id, f->dir, 10000, NULL, NULL, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE);
  assert_dir_empty (f->dir);
}

static void
test_download_faults (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = run_task (f, "20-hunyuan-3d-scene.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);

  /* A dropped connection and a 502 on the download: retried. */
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_SERVER, OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  path = download_sync (f->client, final->urls[0], "../evil/../id with spaces", f->dir, 0, NULL,
                        NULL, NULL, &error);
  g_assert_no_error (error);
  /* The name is the app's: sanitised, in the folder. */
  expected = g_strconcat (f->dir, "/evil_id_with_spaces.", ovs_renderer_file_extension (), NULL);
  g_assert_cmpstr (path, ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Unsupported schemes are refused. */
  g_clear_pointer (&path, g_free);
  path = download_sync (f->client, "file:///etc/passwd", final->task_id, f->dir, 0, NULL, NULL,
                        NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
}

static void
statuses_cb (OvsSandbox *sandbox,
             const char *method,
             const char *path,
             guint       status,
             GArray     *statuses)
{
  g_array_append_val (statuses, status);
}

/* A download cut in the middle goes on from where it stopped (Range, 206), and the file is
 * the server's, byte for byte. */
static void
test_download_resume (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OvsTaskUpdate) final = run_task (f, "01-text-to-video.json");
  g_autoptr(GArray) statuses = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *rendered = ovs_sandbox_dup_task_file (f->sandbox, final->task_id);
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  gsize got_size = 0, want_size = 0;
  gboolean partial = FALSE;

  g_assert_cmpint (final->status, ==, OVS_TASK_STATUS_SUCCEEDED);
  g_signal_connect (f->sandbox, "request-handled", G_CALLBACK (statuses_cb), statuses);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_CUT_DOWNLOAD,
                            OVS_SANDBOX_ROUTE_DOWNLOAD, 1);
  path = download_sync (f->client, final->urls[0], final->task_id, f->dir, 0, NULL, NULL, NULL,
                        &error);
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (f->sandbox, statuses_cb, statuses);

  for (guint i = 0; i < statuses->len; i++)
    partial |= g_array_index (statuses, guint, i) == SOUP_STATUS_PARTIAL_CONTENT;
  g_assert_true (partial);
  g_assert_true (g_file_get_contents (path, &got, &got_size, NULL));
  g_assert_true (g_file_get_contents (rendered, &want, &want_size, NULL));
  g_assert_cmpuint (got_size, ==, want_size);
  g_assert_true (memcmp (got, want, want_size) == 0);
}

/* The key never leaves the gateway's origin: a result URL elsewhere, redirects */

typedef struct
{
  SoupServer *server;
  GUri       *uri;
  GPtrArray  *seen;   /* "PATH AUTH" */
  char       *other;  /* the base URL of the other origin */
  GBytes     *video;  /* a real one: downloads are probed */
} KeyServer;

/* A short real video, rendered into @dir. */
static GBytes *
render_small_video (const char *dir)
{
  g_autoptr(OvsRenderSpec) spec = ovs_render_spec_new ();
  g_autofree char *path = g_build_filename (dir, "small.video", NULL);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, FALSE };
  GBytes *bytes;

  spec->seconds = 0.5;
  spec->width = 64;
  spec->height = 64;
  ovs_renderer_render_async (spec, path, NULL, waiter_cb, &waiter);
  ovs_test_loop_until (&waiter.done, TIMEOUT_SECONDS);
  ovs_renderer_render_finish (waiter.result, &error);
  g_assert_no_error (error);
  g_object_unref (waiter.result);
  mapped = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  g_unlink (path);
  return bytes;
}

static void
key_server_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  KeyServer *ks = user_data;
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  GUri *uri = soup_server_message_get_uri (msg);

  g_ptr_array_add (ks->seen, g_strdup_printf ("%s %s %s", g_uri_get_host (uri), path,
                                              auth != NULL ? auth : "-"));

  if (g_str_has_suffix (path, "/content"))
    {
      g_autofree char *location = g_strconcat (ks->other, "/blob/v.webm", NULL);

      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, location);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, g_str_has_suffix (path, ".webm") ? "video/webm"
                                                                          : "application/octet-stream",
                                    SOUP_MEMORY_COPY, g_bytes_get_data (ks->video, NULL),
                                    g_bytes_get_size (ks->video));
}

static void
test_key_stays_home (void)
{
  KeyServer ks = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsClient) client = NULL;
  g_autofree char *base = NULL;
  g_autofree char *result_url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = ovs_test_make_tmp_dir ("ovs-client-XXXXXX");
  GSList *uris;
  int port;

  ks.server = soup_server_new (NULL, NULL);
  ks.seen = g_ptr_array_new_with_free_func (g_free);
  ks.video = render_small_video (dir);
  soup_server_add_handler (ks.server, NULL, key_server_cb, &ks, NULL);
  soup_server_listen_local (ks.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (ks.server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* The same server under two names: two origins. */
  base = g_strdup_printf ("http://localhost:%d", port);
  ks.other = g_strdup_printf ("http://127.0.0.1:%d", port);
  client = ovs_client_new (base, "sk-the-key", &error);
  g_assert_no_error (error);

  /* A result URL on another host: no key. */
  result_url = g_strconcat (ks.other, "/files/v.mov?sig=1", NULL);
  path = download_sync (client, result_url, "t1", dir, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "/t1.mov"));
  g_assert_cmpuint (ks.seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ks.seen, 0), ==, "127.0.0.1 /files/v.mov -");

  /* /content with the key, redirected elsewhere: not followed by the key. */
  g_clear_pointer (&path, g_free);
  path = download_sync (client, NULL, "t2", dir, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "/t2.webm"));
  g_assert_cmpuint (ks.seen->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (ks.seen, 1), ==,
                   "localhost /v1/videos/t2/content Bearer sk-the-key");
  g_assert_cmpstr (g_ptr_array_index (ks.seen, 2), ==, "127.0.0.1 /blob/v.webm -");

  g_assert_finalize_object (g_steal_pointer (&client));
  soup_server_disconnect (ks.server);
  g_object_unref (ks.server);
  g_ptr_array_unref (ks.seen);
  g_bytes_unref (ks.video);
  g_free (ks.other);
  ovs_test_remove_tree (dir);
}

/* omni-video submit / status */

static GSubprocess *
spawn (GSubprocessLauncher  *launcher,
       GSubprocessFlags      flags,
       GError              **error,
       ...)
{
  const char *omni_video = g_getenv ("OMNI_VIDEO");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  const char *arg;

  g_assert_nonnull (omni_video);
  g_ptr_array_add (args, (gpointer) omni_video);
  va_start (ap, error);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_set_flags (launcher, flags);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, error);
}

/* Under ASan the children need the full unwind too (see __asan_default_options above). */
static void
launcher_set_asan (GSubprocessLauncher *launcher)
{
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *options = NULL;

  if (asan == NULL)
    return;
  options = g_strconcat (asan, *asan != '\0' ? ":" : "", "fast_unwind_on_malloc=0", NULL);
  g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
}

static GSubprocessLauncher *
cli_launcher (const char *base_url,
              const char *api_key)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  launcher_set_asan (launcher);

  if (api_key != NULL)
    g_subprocess_launcher_setenv (launcher, "OMNIROUTERS_API_KEY", api_key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "OMNIROUTERS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "OMNIROUTERS_BASE_URL", base_url, TRUE);
  g_subprocess_launcher_setenv (launcher, "OVS_POLL_INTERVAL", "0.1", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  return launcher;
}

typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Run;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static void
run_cli_va (const char *base_url,
            const char *api_key,
            const char *data_home,
            Run        *run,
            va_list     ap)
{
  g_autoptr(GSubprocessLauncher) launcher = cli_launcher (base_url, api_key);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;

  if (data_home != NULL)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_ptr_array_add (args, (gpointer) g_getenv ("OMNI_VIDEO"));
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  g_ptr_array_add (args, NULL);

  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                             | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  ovs_test_loop_until (&run->done, TIMEOUT_SECONDS);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

/* Runs the CLI while the main context turns (the in-process sandbox answers meanwhile). */
static void
run_cli (const char *base_url,
         Run        *run,
         ...)
{
  va_list ap;

  va_start (ap, run);
  run_cli_va (base_url, NULL, NULL, run, ap);
  va_end (ap);
}

/* The same with OMNIROUTERS_API_KEY=@api_key and the history in @data_home. */
static void
run_cli_key (const char *base_url,
             const char *api_key,
             const char *data_home,
             Run        *run,
             ...)
{
  va_list ap;

  va_start (ap, run);
  run_cli_va (base_url, api_key, data_home, run, ap);
  va_end (ap);
}

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static void
test_cli_submit_download (void)
{
  g_autoptr(GSubprocessLauncher) sandbox_launcher = g_subprocess_launcher_new (0);
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *dir = ovs_test_make_tmp_dir ("ovs-cli-XXXXXX");
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "examples",
                                                 "01-text-to-video.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(OvsMediaInfo) info = NULL;
  g_autofree char *expected_path = NULL;
  const char *task_id;
  const char *base_url;
  JsonObject *task;
  Run run = { 0 };

  launcher_set_asan (sandbox_launcher);
  sandbox = spawn (sandbox_launcher, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                   "sandbox", "--port", "0", "--speed", "0.05", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Sandbox listening on http://127.0.0.1:"));
  base_url = line + strlen ("Sandbox listening on ");

  run_cli (base_url, &run, "submit", "--download", dir, "--json", file, NULL);
  g_assert_cmpint (run.status, ==, 0);

  /* One JSON document: the final task, with the path of its video. */
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  task = json_node_get_object (json_parser_get_root (parser));
  task_id = json_object_get_string_member (task, "id");
  g_assert_true (g_str_has_prefix (task_id, "task_"));
  g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "succeeded");

  /* Named after the history's own id and the model (the prompt is Chinese), not the
   * server's id. */
  expected_path = g_strdup (json_object_get_string_member (task, "file"));
  {
    g_autofree char *prefix = g_strconcat (dir, "/video-", NULL);
    g_autofree char *suffix = g_strconcat ("-kling-3-0-omni.", ovs_renderer_file_extension (), NULL);

    g_assert_true (g_str_has_prefix (expected_path, prefix));
    g_assert_true (g_str_has_suffix (expected_path, suffix));
  }
  info = ovs_media_probe_sync (expected_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (info->duration, 5.0, 0.2);
  {
    g_auto(GStrv) names = list_dir (dir);

    g_assert_cmpuint (g_strv_length (names), ==, 1);
  }

  /* status: the same task, queried once. */
  run_clear (&run);
  memset (&run, 0, sizeof run);
  run_cli (base_url, &run, "status", "--route", "generations", task_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"succeeded\""));
  run_clear (&run);

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  ovs_test_remove_tree (dir);
}

/* Warnings are printed and the body goes; --strict sends nothing. */
static void
test_cli_warnings (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "warned.json", NULL);
  Run run = { 0 };

  /* Vidu text to video with a field the catalog does not know. */
  g_file_set_contents (file, "{\"model\":\"Vidu-q2\",\"prompt\":\"a cat\",\"seconds\":\"5\","
                             "\"movement_amplitude\":\"auto\"}", -1, NULL);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", "--strict", file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, ": warning: movement_amplitude: "));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 0);
  run_clear (&run);

  memset (&run, 0, sizeof run);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", file, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, ": warning: movement_amplitude: is not a field this app knows"));
  g_assert_true (g_str_has_prefix (run.out, "task_"));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);
  run_clear (&run);
  g_unlink (file);
}

static void
test_cli_invalid (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "bad.json", NULL);
  Run run = { 0 };

  /* A Kling storyboard whose shots do not add up. */
  g_file_set_contents (file, "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"\",\"seconds\":5}", -1,
                       NULL);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", "--wait", file, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, ": error: "));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 0);
  run_clear (&run);

  /* Unreadable file: 2. */
  memset (&run, 0, sizeof run);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", "/nonexistent/x.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  g_unlink (file);
}

static void
test_cli_failed (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "examples",
                                                 "01-text-to-video.json", NULL);
  Run run = { 0 };

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", "--wait", "--json", "--route",
           "generations", file, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "视频生成失败"));
  g_assert_nonnull (strstr (run.out, "\"failed\""));
  run_clear (&run);

  /* A refused key: 4, with the server's words. */
  memset (&run, 0, sizeof run);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_RATE_LIMIT, OVS_SANDBOX_ROUTE_CREATE, 1);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", file, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "429"));
  run_clear (&run);

  /* Gave up waiting: 5, the task id printed all the same. */
  memset (&run, 0, sizeof run);
  run_cli (ovs_sandbox_get_base_url (f->sandbox), &run, "submit", "--wait", "--timeout", "0.05",
           file, NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_true (g_str_has_prefix (run.out, "task_"));
  run_clear (&run);

  /* No key for a remote gateway: said clearly, 4, nothing sent. */
  memset (&run, 0, sizeof run);
  run_cli ("https://omnirouters.invalid", &run, "submit", file, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "OMNIROUTERS_API_KEY"));
  run_clear (&run);
}

/* A key refused while waiting: exit 4 at once with the server's words, not a 24 h wait. */
static void
test_cli_needs_attention (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "examples",
                                                 "01-text-to-video.json", NULL);
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);
  Run run = { 0 };

  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_UNAUTHORIZED, OVS_SANDBOX_ROUTE_QUERY,
                            1);
  run_cli_key (ovs_sandbox_get_base_url (f->sandbox), NULL, data_home, &run, "submit", "--wait",
               file, NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "Needs attention: "));
  g_assert_nonnull (strstr (run.err, "无效的令牌"));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_QUERY), ==, 1);
  run_clear (&run);
}

/* A damaged history: nothing is sent until "recover" has kept it aside and made a new one. */
static void
test_cli_damaged_history (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "examples",
                                                 "01-text-to-video.json", NULL);
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);
  g_autofree char *history_dir = g_build_filename (data_home, "omni-video-studio", NULL);
  g_autofree char *history = g_build_filename (history_dir, "history.sqlite3", NULL);
  const char *base_url = ovs_sandbox_get_base_url (f->sandbox);
  char garbage[8192];
  Run refused = { 0 };
  Run recovered = { 0 };
  Run sent = { 0 };

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7 + 3);
  g_assert_cmpint (g_mkdir_with_parents (history_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (history, garbage, sizeof garbage, NULL));

  run_cli_key (base_url, NULL, data_home, &refused, "submit", file, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "damaged"));
  g_assert_nonnull (strstr (refused.err, "omni-video recover"));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 0);

  run_cli_key (base_url, NULL, data_home, &recovered, "recover", NULL);
  g_assert_cmpint (recovered.status, ==, 0);
  g_assert_nonnull (strstr (recovered.out, "came back into a new history: 0"));
  g_assert_nonnull (strstr (recovered.out, ".damaged-"));

  run_cli_key (base_url, NULL, data_home, &sent, "submit", file, NULL);
  g_assert_cmpint (sent.status, ==, 0);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 1);
  run_clear (&refused);
  run_clear (&recovered);
  run_clear (&sent);
}

/* A key with characters that URL-encoding changes, so that each form differs. */
#define ECHOED_KEY "sk-omni/Echo+0123456789abcdefGHIJ"

/* Fails if @data holds the key in any form the sandbox echoes it in. */
static void
assert_no_key (const char *what,
               const char *data,
               gsize       length)
{
  g_autofree char *escaped = g_uri_escape_string (ECHOED_KEY, NULL, FALSE);
  g_autofree char *basic = g_base64_encode ((const guchar *) "user:" ECHOED_KEY,
                                            strlen ("user:" ECHOED_KEY));
  /* The part of the base64 that comes from the key alone. */
  g_autofree char *window = g_strndup (basic + 8, 24);
  const char *forms[] = { ECHOED_KEY, escaped, window };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      gsize n = strlen (forms[i]);

      /* The history is binary: no strstr. */
      for (gsize at = 0; at + n <= length; at++)
        if (memcmp (data + at, forms[i], n) == 0)
          g_error ("The key (as “%s”) is in %s", forms[i], what);
    }
}

static void
test_key_never_echoed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "examples",
                                                 "01-text-to-video.json", NULL);
  /* A history of its own: no other test's tasks in it. */
  g_autofree char *data_home = g_build_filename (f->dir, "data", NULL);
  g_autofree char *history_dir = g_build_filename (data_home, "omni-video-studio", NULL);
  const char *base_url = ovs_sandbox_get_base_url (f->sandbox);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  Run failed = { 0 };
  Run done = { 0 };
  Run list = { 0 };

  /* Two tasks that repeat the key in every answer: the first also fails with it. */
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_ECHO_KEY, OVS_SANDBOX_ROUTE_CREATE, 2);
  ovs_sandbox_inject_fault (f->sandbox, OVS_SANDBOX_FAULT_TASK_FAILED, OVS_SANDBOX_ROUTE_CREATE, 1);

  run_cli_key (base_url, ECHOED_KEY, data_home, &failed, "submit", "--wait", "--route",
               "generations", file, NULL);
  g_assert_cmpint (failed.status, ==, 3);
  /* The failure is still told, the key in it masked. */
  g_assert_nonnull (strstr (failed.err, "视频生成失败"));
  g_assert_nonnull (strstr (failed.err, "***"));
  assert_no_key ("the failed task's stdout", failed.out, strlen (failed.out));
  assert_no_key ("the failed task's stderr", failed.err, strlen (failed.err));

  run_cli_key (base_url, ECHOED_KEY, data_home, &done, "submit", "--download", f->dir, "--json",
               file, NULL);
  g_assert_cmpint (done.status, ==, 0);
  /* The result URL keeps working with its token masked: /content stands in. */
  g_assert_nonnull (strstr (done.out, "token=***"));
  assert_no_key ("the finished task's stdout", done.out, strlen (done.out));
  assert_no_key ("the finished task's stderr", done.err, strlen (done.err));

  run_cli_key (base_url, ECHOED_KEY, data_home, &list, "list", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "***"));
  assert_no_key ("list --json", list.out, strlen (list.out));

  /* Nor in the history's bytes (the database and its journal). */
  dir = g_dir_open (history_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (history_dir, name, NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
          && g_file_get_contents (path, &bytes, &length, NULL))
        assert_no_key (path, bytes, length);
    }

  run_clear (&failed);
  run_clear (&done);
  run_clear (&list);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "test-client-XXXXXX", NULL);
  int status;

  /* A private temporary folder, for the sandbox's renders and the downloads alike: nothing
   * else on the machine cleaning up /tmp can pull files from under the tests. */
  g_assert_nonnull (g_mkdtemp (tmp));
  g_setenv ("TMPDIR", tmp, TRUE);

  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/client/insecure", test_insecure);
  g_test_add_func ("/client/key-stays-home", test_key_stays_home);
#define ADD(path, func, key) \
  g_test_add ("/client/" path, Fixture, key, fixture_set_up, func, fixture_tear_down)
  ADD ("query/rate-limited", test_query_rate_limited, NULL);
  ADD ("query/server-error", test_query_server_error, NULL);
  ADD ("query/drop", test_query_drop, NULL);
  ADD ("query/not-found", test_query_not_found, NULL);
  ADD ("create/rate-limited", test_create_rate_limited, NULL);
  ADD ("create/drop", test_create_drop, NULL);
  ADD ("create/large-body", test_create_large_body, NULL);
  ADD ("create/corpus-bodies", test_create_corpus_bodies, NULL);
  ADD ("create/unauthorized", test_unauthorized, "right-key");
  ADD ("task-failed", test_task_failed, NULL);
  ADD ("download/expired-url", test_expired_url, NULL);
  ADD ("download/veo-content", test_veo_content, NULL);
  ADD ("download/cancel", test_cancel_download, NULL);
  ADD ("download/too-large", test_too_large, NULL);
  ADD ("download/faults", test_download_faults, NULL);
  ADD ("download/resume", test_download_resume, NULL);
  ADD ("examples", test_examples, NULL);
  ADD ("cli/invalid", test_cli_invalid, NULL);
  ADD ("cli/warnings", test_cli_warnings, NULL);
  ADD ("cli/failed", test_cli_failed, NULL);
  ADD ("cli/key-never-echoed", test_key_never_echoed, ECHOED_KEY);
  ADD ("cli/needs-attention", test_cli_needs_attention, NULL);
  ADD ("cli/damaged-history", test_cli_damaged_history, NULL);
#undef ADD
  g_test_add_func ("/client/cli/submit-download", test_cli_submit_download);

  status = g_test_run ();
  g_rmdir (tmp);
  return status;
}
