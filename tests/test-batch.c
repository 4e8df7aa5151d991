/* test-batch.c: `omni-video batch` — JSONL and CSV files read as a user writes them, run
 * against the sandbox, killed with SIGKILL mid-batch and resumed with no line sent twice and
 * none lost, bad lines named by their line numbers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ovs-batch.h"
#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-sandbox.h"
#include "ovs-batch-run.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"
#include "ovs-validate.h"

/* A template as a user would write it for Kling: two columns fill it. */
static const char *template =
  "{\n  \"model\": \"Kling-3.0-omni\",\n  \"resolution\": \"720p\",\n"
  "  \"prompt\": \"{{prompt}}\",\n  \"seconds\": \"{{seconds}}\",\n  \"aspect_ratio\": \"16:9\"\n}\n";

typedef struct
{
  char       *home;
  char       *data_home;
  OvsSandbox *sandbox;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->home = ovs_test_make_tmp_dir ("ovs-batch-XXXXXX");
  fixture->data_home = g_build_filename (fixture->home, "data", NULL);
  fixture->sandbox = ovs_test_sandbox_new (GPOINTER_TO_UINT (data) / 100.0, NULL);
  ovs_sandbox_set_seed (fixture->sandbox, 17);
  ovs_test_sandbox_start (fixture->sandbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ovs_test_sandbox_clear (&fixture->sandbox);
  ovs_test_remove_tree (fixture->home);
  g_free (fixture->home);
  g_free (fixture->data_home);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (fixture->home, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static GSubprocess *
spawn (Fixture            *fixture,
       const char * const *args)
{
  return ovs_test_spawn_cli (fixture->sandbox, fixture->data_home, args);
}

#define RUN(fixture, res, ...) \
  ovs_test_run_cli ((fixture)->sandbox, (fixture)->data_home, res, \
                    (const char * const[]) { __VA_ARGS__, NULL })


/* How many creates the sandbox accepted for each prompt. */
static GHashTable *
creates_by_prompt (OvsSandbox *sandbox)
{
  g_auto(GStrv) ids = ovs_sandbox_dup_task_ids (sandbox);
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *body = ovs_sandbox_dup_task_body (sandbox, ids[i]);
      g_autoptr(JsonNode) root = json_from_string (body, NULL);
      const char *prompt = json_object_get_string_member (json_node_get_object (root), "prompt");
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, prompt));

      g_hash_table_insert (counts, g_strdup (prompt), GUINT_TO_POINTER (n + 1));
    }
  return counts;
}

static OvsTaskStore *
open_history (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->data_home, "omni-video-studio",
                                            "history.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  OvsTaskStore *store = ovs_task_store_new (path, &error);

  g_assert_no_error (error);
  return store;
}

static char *
jsonl_of (guint n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    {
      g_string_append_printf (text, "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"第 %u 行\", "
                              "\"seconds\": \"3\", \"resolution\": \"720p\"}\n", i);
      if (i == 2)
        g_string_append (text, "\n");  /* a blank line: skipped, but counted */
    }
  return g_string_free (text, FALSE);
}

/* Parsing: the quotes, commas, newlines, BOM and CRLF of a spreadsheet's export. */
static void
test_csv_split (void)
{
  const char *text = "\xef\xbb\xbfprompt,image\r\n"
                     "\"a cat, asleep\",https://example.com/a.png\r\n"
                     "\r\n"
                     "\"two\nlines \"\"quoted\"\"\",\r\n"
                     "猫,\"\"";
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ovs_batch_split_csv (text, strlen (text), lines, &error);
  GStrv record;

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpstr (record[0], ==, "prompt");
  g_assert_cmpstr (record[1], ==, "image");
  record = g_ptr_array_index (records, 1);
  g_assert_cmpstr (record[0], ==, "a cat, asleep");
  g_assert_cmpstr (record[1], ==, "https://example.com/a.png");
  record = g_ptr_array_index (records, 2);
  g_assert_cmpstr (record[0], ==, "two\nlines \"quoted\"");
  g_assert_cmpstr (record[1], ==, "");
  g_assert_null (record[2]);
  record = g_ptr_array_index (records, 3);
  g_assert_cmpstr (record[0], ==, "猫");
  g_assert_cmpstr (record[1], ==, "");
  /* Where each record starts, as an editor numbers lines. */
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (lines, guint, 2), ==, 4);
  g_assert_cmpuint (g_array_index (lines, guint, 3), ==, 6);
}

/* The examples of RFC 4180, section 2 (https://www.rfc-editor.org/rfc/rfc4180#section-2),
 * as written there: a header, a last record without its line break, quoted fields with a
 * line break, a comma and a doubled quote inside. */
static void
test_csv_rfc4180 (void)
{
  const char *text = "field_name,field_name,field_name\r\n"
                     "aaa,bbb,ccc\r\n"
                     "\"aaa\",\"b\r\nbb\",\"ccc\"\r\n"
                     "\"aaa\",\"b\"\"bb\",\"ccc\"\r\n"
                     "zzz,yyy,xxx";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ovs_batch_split_csv (text, strlen (text), NULL, &error);
  const char * const expected[][3] = {
    { "field_name", "field_name", "field_name" },
    { "aaa", "bbb", "ccc" },
    { "aaa", "b\r\nbb", "ccc" },
    { "aaa", "b\"bb", "ccc" },
    { "zzz", "yyy", "xxx" },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GStrv record = g_ptr_array_index (records, i);

      g_assert_cmpuint (g_strv_length (record), ==, 3);
      for (guint j = 0; j < 3; j++)
        g_assert_cmpstr (record[j], ==, expected[i][j]);
    }
}

static void
test_csv_unclosed_quote (void)
{
  const char *text = "prompt\nfine\n\"never closed\n\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ovs_batch_split_csv (text, strlen (text), NULL, &error);

  g_assert_null (records);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "line 3"));
}

static void
test_csv_template (void)
{
  const char *text = "prompt,seconds,extra\n\"一只猫, \"\"睡觉\"\"\",5,x\nshort,5\n";
  const char *braces = "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"{{prompt}} {{ missing }}\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsBatch) batch = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_CSV,
                                               template, &error);
  g_autoptr(OvsBatch) unknown = NULL;
  g_autoptr(OvsBatch) again = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_CSV,
                                               template, NULL);
  g_autoptr(OvsBatch) other = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_CSV,
                                               braces, NULL);
  OvsBatchLine *line;
  g_autoptr(JsonNode) body = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->lines->len, ==, 2);
  line = g_ptr_array_index (batch->lines, 0);
  g_assert_cmpuint (line->line, ==, 2);
  g_assert_cmpuint (ovs_problems_count (line->problems, OVS_SEVERITY_ERROR), ==, 0);
  body = json_from_string (line->body, NULL);
  /* The value goes in as text: quotes in it cannot break the JSON. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "prompt"), ==,
                   "一只猫, \"睡觉\"");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "seconds"), ==, "5");
  line = g_ptr_array_index (batch->lines, 1);
  g_assert_cmpuint (line->line, ==, 3);
  g_assert_cmpuint (ovs_problems_count (line->problems, OVS_SEVERITY_ERROR), ==, 1);
  g_assert_nonnull (strstr (((OvsProblem *) g_ptr_array_index (line->problems, 0))->message,
                            "2 fields where the header has 3 columns"));
  g_assert_cmpuint (ovs_batch_count_bad (batch, OVS_SEVERITY_ERROR), ==, 1);

  /* The same file and template are the same batch; another template another. */
  g_assert_cmpstr (batch->id, ==, again->id);
  g_assert_cmpstr (batch->id, !=, other->id);
  g_assert_true (g_str_has_prefix (batch->id, "batch-"));

  unknown = ovs_batch_parse ("prompt\nhi\n", 10, OVS_BATCH_FORMAT_CSV, braces, NULL);
  line = g_ptr_array_index (unknown->lines, 0);
  g_assert_cmpstr (((OvsProblem *) g_ptr_array_index (line->problems, 0))->path, ==, "prompt");
  g_assert_nonnull (strstr (((OvsProblem *) g_ptr_array_index (line->problems, 0))->message,
                            "no column “missing”"));
}

static void
test_csv_needs_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsBatch) batch = ovs_batch_parse ("prompt\nhi\n", 10, OVS_BATCH_FORMAT_CSV, NULL,
                                               &error);

  g_assert_null (batch);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
}

/* Bad lines are named by their line numbers, and nothing at all is sent. */
static void
test_bad_lines (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *file = write_file (fixture, "bad.jsonl",
                                      "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"ok\", \"seconds\": \"3\"}\n"
                                      "\n"
                                      "{\"model\": \"Kling-3.0-omni\", \"seconds\": \"3\"}\n"
                                      "{\"model\": \"Kling-3.0-omni\", \"prompt\": 5}\n"
                                      "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"x\",\n");
  g_auto(OvsTestCliRun) res = { 0 };
  g_autofree char *expect_3 = g_strdup_printf ("%s:3: error: prompt: ", file);
  g_autofree char *expect_4 = g_strdup_printf ("%s:4: error: prompt: ", file);
  g_autofree char *expect_5 = g_strdup_printf ("%s:5: error: $: ", file);
  g_auto(GStrv) ids = NULL;

  RUN (fixture, &res, "batch", file);
  g_assert_cmpint (res.status, ==, 1);
  g_assert_nonnull (strstr (res.err, expect_3));
  g_assert_nonnull (strstr (res.err, expect_4));
  g_assert_nonnull (strstr (res.err, expect_5));
  g_assert_null (strstr (res.err, ":1: error"));
  g_assert_nonnull (strstr (res.err, "3 of 4 lines have errors; nothing was sent"));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
}

/* JSONL: every line is one task of the batch's group; the dry run counts, sends nothing. */
static void
test_jsonl (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *text = jsonl_of (4);
  g_autofree char *file = write_file (fixture, "prompts.jsonl", text);
  g_autofree char *downloads = g_build_filename (fixture->home, "videos", NULL);
  g_autoptr(OvsBatch) batch = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_JSONL, NULL,
                                               NULL);
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GHashTable) creates = NULL;
  g_auto(OvsTestCliRun) dry = { 0 };
  g_auto(OvsTestCliRun) res = { 0 };
  g_auto(GStrv) none = NULL;
  const guint lines[] = { 1, 2, 4, 5 };

  RUN (fixture, &dry, "batch", "--dry-run", file);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_nonnull (strstr (dry.out, "4 tasks would be created"));
  none = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_null (none[0]);

  RUN (fixture, &res, "batch", "--parallel", "3", "--download", downloads, file);
  g_assert_cmpint (res.status, ==, 0);
  creates = creates_by_prompt (fixture->sandbox);
  g_assert_cmpuint (g_hash_table_size (creates), ==, 4);

  store = open_history (fixture);
  tasks = ovs_task_store_dup_group (store, batch->id);
  g_assert_cmpuint (tasks->len, ==, 4);
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *row = NULL;

      g_assert_cmpstr (ovs_task_get_group_kind (task), ==, "batch");
      g_assert_cmpint (ovs_task_get_group_index (task), ==, lines[i]);
      g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
      g_assert_true (g_file_test (ovs_task_get_file (task), G_FILE_TEST_IS_REGULAR));
      g_assert_true (g_str_has_prefix (ovs_task_get_file (task), downloads));
      /* The summary's row for the line: its number, task, status and file. */
      row = g_strdup_printf ("%-6u %-38s %-11s", lines[i], ovs_task_get_task_id (task), "succeeded");
      g_assert_nonnull (strstr (res.out, row));
      g_assert_nonnull (strstr (res.out, ovs_task_get_file (task)));
    }
}

/* CSV through the template: the sandbox receives exactly the filled bodies. */
static void
test_csv (Fixture       *fixture,
          gconstpointer  data)
{
  g_autofree char *template_file = write_file (fixture, "template.json", template);
  g_autofree char *file = write_file (fixture, "shots.csv",
                                      "\xef\xbb\xbfprompt,seconds\r\n"
                                      "\"雨夜, 霓虹\",3\r\n"
                                      "\"a \"\"quoted\"\"\nsecond line\",4\r\n");
  g_auto(OvsTestCliRun) res = { 0 };
  g_autoptr(GHashTable) creates = NULL;
  g_auto(GStrv) ids = NULL;

  RUN (fixture, &res, "batch", "--json", "--template", template_file, file);
  g_assert_cmpint (res.status, ==, 0);
  creates = creates_by_prompt (fixture->sandbox);
  g_assert_cmpuint (g_hash_table_size (creates), ==, 2);
  g_assert_true (g_hash_table_contains (creates, "雨夜, 霓虹"));
  g_assert_true (g_hash_table_contains (creates, "a \"quoted\"\nsecond line"));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *body = ovs_sandbox_dup_task_body (fixture->sandbox, ids[i]);
      g_autoptr(JsonNode) root = json_from_string (body, NULL);
      JsonObject *object = json_node_get_object (root);

      g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "Kling-3.0-omni");
      g_assert_cmpstr (json_object_get_string_member (object, "aspect_ratio"), ==, "16:9");
      g_assert_null (strstr (body, "{{"));
    }

  /* --json: one document, a task per line, with the group printed. */
  {
    g_autoptr(JsonNode) root = json_from_string (res.out, NULL);
    JsonArray *lines = json_object_get_array_member (json_node_get_object (root), "lines");
    JsonObject *first = json_array_get_object_element (lines, 0);
    JsonObject *task = json_object_get_object_member (first, "task");

    g_assert_cmpuint (json_array_get_length (lines), ==, 2);
    g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (task, "status"), ==, "succeeded");
  }
}

/* Killed with SIGKILL while lines are under way, then run again: every line has exactly one
 * task, no prompt was created twice, and every line that reached the gateway ends. */
static void
test_kill_and_resume (Fixture       *fixture,
                      gconstpointer  data)
{
  const guint n = 8;
  g_autofree char *text = jsonl_of (n);
  g_autofree char *file = write_file (fixture, "night.jsonl", text);
  g_autoptr(OvsBatch) batch = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_JSONL, NULL,
                                               NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GHashTable) creates = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_auto(OvsTestCliRun) res = { 0 };
  g_auto(GStrv) before = NULL;
  GHashTableIter iter;
  gpointer count;
  guint n_unknown = 0, n_succeeded = 0;

  process = spawn (fixture, (const char * const[]) { "batch", "--parallel", "3", file, NULL });
  /* Killed once the gateway has some of the lines, while others are still to be sent. */
  while (g_strv_length ((before = ovs_sandbox_dup_task_ids (fixture->sandbox))) < 3)
    {
      g_clear_pointer (&before, g_strfreev);
      g_main_context_iteration (NULL, TRUE);
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_assert_true (g_subprocess_wait (process, NULL, NULL));
  g_assert_false (g_subprocess_get_if_exited (process));
  g_assert_cmpuint (g_strv_length (before), <, n);

  RUN (fixture, &res, "batch", "--parallel", "3", file);
  g_assert_nonnull (strstr (res.err, "were sent before; they are not sent again"));

  creates = creates_by_prompt (fixture->sandbox);
  g_hash_table_iter_init (&iter, creates);
  while (g_hash_table_iter_next (&iter, NULL, &count))
    g_assert_cmpuint (GPOINTER_TO_UINT (count), ==, 1);

  store = open_history (fixture);
  tasks = ovs_task_store_dup_group (store, batch->id);
  g_assert_cmpuint (tasks->len, ==, n);
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);

      if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED)
        n_succeeded++;
      else
        n_unknown++;
      /* Killed between writing a line down and its answer: maybe sent, so not again. */
      if (ovs_task_get_status (task) != OVS_TASK_STATUS_SUCCEEDED)
        g_assert_true (ovs_task_get_status (task) == OVS_TASK_STATUS_SUBMITTING
                       || ovs_task_get_status (task) == OVS_TASK_STATUS_UNKNOWN);
    }
  g_test_message ("%u lines succeeded, %u unknown after the kill", n_succeeded, n_unknown);
  g_assert_cmpuint (n_succeeded + n_unknown, ==, n);
  g_assert_cmpuint (n_succeeded, >=, n - 3);
  g_assert_cmpuint (g_hash_table_size (creates), >=, n_succeeded);
  g_assert_cmpint (res.status, ==, n_unknown > 0 ? 4 : 0);

  /* A third run sends nothing at all. */
  {
    g_auto(OvsTestCliRun) third = { 0 };
    g_auto(GStrv) after = NULL;
    guint n_before = g_hash_table_size (creates);

    RUN (fixture, &third, "batch", file);
    after = ovs_sandbox_dup_task_ids (fixture->sandbox);
    g_assert_cmpuint (g_strv_length (after), ==, n_before);
  }
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Until @run is done, or a minute passed (then FALSE). */
static gboolean
wait_done (OvsBatchRun *run)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (100, wake_cb, NULL);

  while (!ovs_batch_run_get_done (run) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ovs_batch_run_get_done (run);
}

/* The same batch twice at once: the second run (in this process, or the command line in
 * another) is refused naming the process that holds it; a lock file a dead process left is
 * taken over; once the first is done, a run again adopts every line and sends none. */
static void
test_lock (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *text = jsonl_of (2);
  g_autofree char *file = write_file (fixture, "twice.jsonl", text);
  g_autofree char *videos = g_build_filename (fixture->home, "videos", NULL);
  g_autoptr(OvsTaskStore) store = open_history (fixture);
  g_autoptr(OvsClient) client = ovs_test_client_new (fixture->sandbox, NULL);
  g_autoptr(OvsTracker) tracker = ovs_tracker_new (store, client, videos);
  OvsBatch *batch = ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_JSONL, NULL, NULL);
  g_autofree char *dir = g_path_get_dirname (ovs_task_store_get_path (store));
  g_autofree char *lock_name = g_strdup_printf ("%s.lock", batch->id);
  g_autofree char *lock = g_build_filename (dir, lock_name, NULL);
  g_autofree char *holder = g_strdup_printf ("(by process %d)", (int) getpid ());
  g_autoptr(OvsBatchRun) first = NULL;
  g_autoptr(OvsBatchRun) second = NULL;
  g_autoptr(OvsBatchRun) third = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(OvsTestCliRun) cli = { 0 };
  g_auto(GStrv) ids = NULL;
  guint n_earlier = 0;

  ovs_tracker_set_schedule (tracker, 0.05, 0.2);
  g_assert_true (g_file_set_contents (lock, "999999\n", -1, NULL));
  first = ovs_batch_run_new (tracker, batch, 2);
  g_assert_true (ovs_batch_run_start (first, NULL, &error));
  g_assert_no_error (error);

  second = ovs_batch_run_new (tracker, ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_JSONL,
                                                        NULL, NULL), 2);
  g_assert_false (ovs_batch_run_start (second, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, holder));

  RUN (fixture, &cli, "batch", file);
  g_assert_cmpint (cli.status, ==, 2);
  g_assert_nonnull (strstr (cli.err, "already being sent"));
  g_assert_nonnull (strstr (cli.err, holder));

  g_assert_true (wait_done (first));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);

  third = ovs_batch_run_new (tracker, ovs_batch_parse (text, strlen (text), OVS_BATCH_FORMAT_JSONL,
                                                       NULL, NULL), 2);
  g_assert_true (ovs_batch_run_start (third, &n_earlier, NULL));
  g_assert_cmpuint (n_earlier, ==, 2);
  g_assert_true (ovs_batch_run_get_done (third));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/batch/csv-split", test_csv_split);
  g_test_add_func ("/batch/csv-rfc4180", test_csv_rfc4180);
  g_test_add_func ("/batch/csv-unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/batch/csv-template", test_csv_template);
  g_test_add_func ("/batch/csv-needs-template", test_csv_needs_template);
  g_test_add ("/batch/bad-lines", Fixture, GUINT_TO_POINTER (5), fixture_set_up, test_bad_lines,
              fixture_tear_down);
  g_test_add ("/batch/jsonl", Fixture, GUINT_TO_POINTER (5), fixture_set_up, test_jsonl,
              fixture_tear_down);
  g_test_add ("/batch/csv", Fixture, GUINT_TO_POINTER (5), fixture_set_up, test_csv,
              fixture_tear_down);
  g_test_add ("/batch/lock", Fixture, GUINT_TO_POINTER (100), fixture_set_up, test_lock,
              fixture_tear_down);
  g_test_add ("/batch/kill-and-resume", Fixture, GUINT_TO_POINTER (30), fixture_set_up,
              test_kill_and_resume, fixture_tear_down);
  return g_test_run ();
}
