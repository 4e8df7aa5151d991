/* test-store.c: the task history (OvsTask, OvsTaskStore, OvsTaskList) on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ovs-continue.h"
#include "ovs-error.h"
#include "ovs-task-group.h"
#include "ovs-task-list.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-test-util.h"

/* $XDG_DATA_HOME is a temporary folder made by main () and removed at the end; each test
 * has its own database in it, named after the test. (Not G_TEST_OPTION_ISOLATE_DIRS:
 * GLib 2.74 leaks the strings of g_set_user_dirs, which LeakSanitizer reports.) */
static char *
test_db_path (void)
{
  g_autofree char *name = g_strdelimit (g_strdup (g_test_get_path ()), "/", '_');

  return g_build_filename (g_get_user_data_dir (), name, "history.sqlite3", NULL);
}

static OvsTaskStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  OvsTaskStore *store = ovs_task_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static OvsTask *
make_draft (const char *model,
            const char *prompt,
            gint64      created_at)
{
  OvsTask *task = ovs_task_new ();
  g_autofree char *json = g_strdup_printf ("{\"model\":\"%s\",\"prompt\":\"…\"}", model);

  ovs_task_set_scenario (task, "text-to-video");
  ovs_task_set_model (task, model);
  ovs_task_set_prompt (task, prompt);
  ovs_task_set_request_json (task, json);
  ovs_task_set_route (task, "videos");
  ovs_task_set_base_url (task, "https://api.example.com/v1");
  ovs_task_set_created_at (task, created_at);
  return task;
}

static OvsTask *
insert (OvsTaskStore *store,
        const char   *model,
        const char   *prompt,
        gint64        created_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) draft = make_draft (model, prompt, created_at);
  OvsTask *task = ovs_task_store_insert (store, draft, &error);

  g_assert_no_error (error);
  g_assert_true (task == draft);
  return task;
}

/* Reads one text cell with a connection of its own, as another process would. */
static char *
raw_query_text (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static guint
n_events (OvsTaskStore *store,
          gint64        id)
{
  g_autoptr(GPtrArray) events = ovs_task_store_dup_events (store, id);

  return events->len;
}

static void
count_changed_cb (OvsTaskStore *store,
                  OvsTask      *task,
                  guint        *count)
{
  (*count)++;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  const char *name = g_param_spec_get_name (pspec);

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

static guint
notified (GHashTable *counts,
          const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static void
test_task_properties (void)
{
  g_autoptr(OvsTask) task = ovs_task_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(OvsTaskUpdate) update = ovs_task_update_new ();
  const char *urls[] = { "https://cdn.example.com/a.mp4", NULL };

  g_signal_connect (task, "notify", G_CALLBACK (count_notify_cb), counts);

  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUBMITTING);
  g_assert_cmpint (ovs_task_get_progress (task), ==, -1);

  ovs_task_set_model (task, "veo3");
  ovs_task_set_model (task, "veo3");
  g_assert_cmpuint (notified (counts, "model"), ==, 1);
  ovs_task_set_progress (task, 250);
  g_assert_cmpint (ovs_task_get_progress (task), ==, 100);

  /* The key never stays in the URL */
  ovs_task_set_base_url (task, "https://me:sk-secret@api.example.com:8443/v1?key=sk-other#x");
  g_assert_cmpstr (ovs_task_get_base_url (task), ==, "https://api.example.com:8443/v1");
  ovs_task_set_base_url (task, "not a url");
  g_assert_null (ovs_task_get_base_url (task));

  /* An answer: only what changed notifies; what it does not say is kept */
  g_hash_table_remove_all (counts);
  ovs_task_set_error (task, "old");
  update->task_id = g_strdup ("task_1");
  update->status = OVS_TASK_STATUS_RUNNING;
  update->server_status = g_strdup ("in_progress");
  update->progress = 100;
  ovs_task_apply_update (task, update);
  g_assert_cmpstr (ovs_task_get_task_id (task), ==, "task_1");
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_RUNNING);
  g_assert_cmpstr (ovs_task_get_error (task), ==, "old");
  g_assert_cmpuint (notified (counts, "progress"), ==, 0);
  g_assert_cmpuint (notified (counts, "status"), ==, 1);
  g_assert_cmpuint (notified (counts, "urls"), ==, 0);
  g_assert_cmpint (ovs_task_get_finished_at (task), ==, 0);

  ovs_task_apply_update (task, update);
  g_assert_cmpuint (notified (counts, "status"), ==, 1);
  g_assert_cmpuint (notified (counts, "task-id"), ==, 1);

  update->status = OVS_TASK_STATUS_SUCCEEDED;
  update->finished_at = 1700000000;
  g_strfreev (update->urls);
  update->urls = g_strdupv ((char **) urls);
  ovs_task_apply_update (task, update);
  g_assert_true (ovs_task_is_finished (task));
  g_assert_cmpint (ovs_task_get_finished_at (task), ==, 1700000000);
  g_assert_cmpstrv (ovs_task_get_urls (task), urls);
  g_assert_cmpuint (notified (counts, "urls"), ==, 1);

  /* An error envelope says nothing about the task */
  update->is_error_envelope = TRUE;
  update->status = OVS_TASK_STATUS_UNKNOWN;
  ovs_task_apply_update (task, update);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
}

static void
test_store_insert_lookup (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskStore) other = NULL;
  g_autoptr(OvsTask) draft = make_draft ("kling-v2", "a cat surfing", 0);
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(OvsTask) again = NULL;
  g_autoptr(OvsTask) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *secrets = NULL;
  g_autofree char *mode = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 id;

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* A URL with a key in it: the key is stripped on the way in and again on the way to
   * the disk. */
  ovs_task_set_base_url (draft, "https://user:sk-live-SECRET@api.example.com/v1?api_key=sk-2");
  task = ovs_task_store_insert (store, draft, &error);
  g_assert_no_error (error);
  g_assert_true (task == draft);
  id = ovs_task_get_id (task);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (ovs_task_get_created_at (task), >=, before);

  /* On disk right away, as another process sees it */
  base_url = raw_query_text (path, "SELECT base_url FROM tasks");
  g_assert_cmpstr (base_url, ==, "https://api.example.com/v1");
  secrets = raw_query_text (path,
                            "SELECT count(*) FROM tasks WHERE "
                            "coalesce(base_url,'') || coalesce(request_json,'') LIKE '%SECRET%'");
  g_assert_cmpstr (secrets, ==, "0");
  mode = raw_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");

  /* The same object while it lives */
  again = ovs_task_store_lookup (store, id);
  g_assert_true (again == task);
  g_assert_null (ovs_task_store_lookup (store, id + 1000));

  /* Another connection builds its own object with the same content */
  other = open_store (path);
  fresh = ovs_task_store_lookup (other, id);
  g_assert_nonnull (fresh);
  g_assert_true (fresh != task);
  g_assert_cmpstr (ovs_task_get_prompt (fresh), ==, "a cat surfing");
  g_assert_cmpstr (ovs_task_get_model (fresh), ==, "kling-v2");
  g_assert_cmpstr (ovs_task_get_scenario (fresh), ==, "text-to-video");
  g_assert_cmpstr (ovs_task_get_route (fresh), ==, "videos");
  g_assert_cmpstr (ovs_task_get_request_json (fresh), ==, ovs_task_get_request_json (task));
  g_assert_cmpstr (ovs_task_get_base_url (fresh), ==, "https://api.example.com/v1");
  g_assert_cmpint (ovs_task_get_status (fresh), ==, OVS_TASK_STATUS_SUBMITTING);
  g_assert_null (ovs_task_get_task_id (fresh));
  g_assert_null (ovs_task_get_urls (fresh));
  g_assert_cmpint (ovs_task_get_created_at (fresh), ==, ovs_task_get_created_at (task));
}

static void
test_store_update_events (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskStore) other = NULL;
  g_autoptr(OvsTask) task = insert (store, "veo3", "女孩抱着小狗跳舞", 0);
  g_autoptr(OvsTask) fresh = NULL;
  g_autoptr(OvsTask) by_task_id = NULL;
  g_autoptr(OvsTaskUpdate) update = ovs_task_update_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new ("{\"x\":\"");
  const char *urls[] = { "https://cdn.example.com/v.mp4", NULL };
  OvsTaskEvent *event;
  guint changed = 0;

  g_signal_connect (store, "task-changed", G_CALLBACK (count_changed_cb), &changed);

  update->task_id = g_strdup ("task_abc");
  update->status = OVS_TASK_STATUS_QUEUED;
  update->server_status = g_strdup ("queued");
  ovs_task_apply_update (task, update);
  g_assert_true (ovs_task_store_update (store, task, "{\"id\":\"task_abc\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 1);

  /* Nothing new: the row is written, no event */
  g_assert_true (ovs_task_store_update (store, task, "{\"id\":\"task_abc\"}", &error));
  g_assert_no_error (error);

  /* A raw answer over 64 KiB is cut, on a character boundary */
  while (big->len < 100 * 1024)
    g_string_append (big, "小狗");
  ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
  ovs_task_set_progress (task, 40);
  g_assert_true (ovs_task_store_update (store, task, big->str, &error));
  g_assert_no_error (error);

  ovs_task_set_status (task, OVS_TASK_STATUS_SUCCEEDED);
  ovs_task_set_progress (task, 100);
  ovs_task_set_urls (task, urls);
  ovs_task_set_file (task, "/home/u/Videos/Omni Video Studio/a.mp4");
  ovs_task_set_media_json (task, "{\"width\":1280}");
  ovs_task_set_finished_at (task, 1700000000);
  g_assert_true (ovs_task_store_update (store, task, NULL, &error));
  g_assert_no_error (error);

  events = ovs_task_store_dup_events (store, ovs_task_get_id (task));
  g_assert_cmpuint (events->len, ==, 4);
  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (event->status, ==, OVS_TASK_STATUS_SUBMITTING);
  g_assert_null (event->raw_answer);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpint (event->status, ==, OVS_TASK_STATUS_QUEUED);
  g_assert_cmpstr (event->server_status, ==, "queued");
  g_assert_cmpstr (event->raw_answer, ==, "{\"id\":\"task_abc\"}");
  event = g_ptr_array_index (events, 2);
  g_assert_cmpint (event->status, ==, OVS_TASK_STATUS_RUNNING);
  g_assert_cmpint (event->progress, ==, 40);
  g_assert_cmpuint (strlen (event->raw_answer), <=, OVS_TASK_STORE_MAX_RAW_ANSWER);
  g_assert_cmpuint (strlen (event->raw_answer), >, OVS_TASK_STORE_MAX_RAW_ANSWER - 4);
  g_assert_true (g_utf8_validate (event->raw_answer, -1, NULL));
  event = g_ptr_array_index (events, 3);
  g_assert_cmpint (event->status, ==, OVS_TASK_STATUS_SUCCEEDED);

  /* Everything is read back by another connection */
  other = open_store (path);
  fresh = ovs_task_store_lookup (other, ovs_task_get_id (task));
  g_assert_cmpstr (ovs_task_get_task_id (fresh), ==, "task_abc");
  g_assert_cmpint (ovs_task_get_status (fresh), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpint (ovs_task_get_progress (fresh), ==, 100);
  g_assert_cmpstrv (ovs_task_get_urls (fresh), urls);
  g_assert_cmpstr (ovs_task_get_file (fresh), ==, "/home/u/Videos/Omni Video Studio/a.mp4");
  g_assert_cmpstr (ovs_task_get_media_json (fresh), ==, "{\"width\":1280}");
  g_assert_cmpint (ovs_task_get_finished_at (fresh), ==, 1700000000);
  g_assert_cmpint (ovs_task_get_updated_at (fresh), >=, ovs_task_get_created_at (fresh));
  by_task_id = ovs_task_store_lookup_by_task_id (other, "task_abc");
  g_assert_true (by_task_id == fresh);
  g_assert_null (ovs_task_store_lookup_by_task_id (other, "task_zzz"));
}

static void
test_store_live_objects (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) task = insert (store, "veo3", "a red kite", 0);
  g_autoptr(OvsTask) copy = ovs_task_new ();
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  /* An object made elsewhere for the same row (the tracker's copy, say): writing it
   * through the store notifies the live object the UI holds. */
  g_signal_connect (task, "notify", G_CALLBACK (count_notify_cb), counts);
  ovs_task_assign (copy, task);
  ovs_task_set_id (copy, ovs_task_get_id (task));
  ovs_task_set_status (copy, OVS_TASK_STATUS_FAILED);
  ovs_task_set_error (copy, "content policy");
  g_assert_true (ovs_task_store_update (store, copy, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_FAILED);
  g_assert_cmpstr (ovs_task_get_error (task), ==, "content policy");
  g_assert_cmpuint (notified (counts, "status"), ==, 1);
  g_assert_cmpuint (notified (counts, "prompt"), ==, 0);

  /* Once the last reference is gone, a new object is made */
  {
    gint64 id = ovs_task_get_id (task);
    OvsTask *weak = g_steal_pointer (&task);
    g_autoptr(OvsTask) reloaded = NULL;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_object_unref (weak);
    g_assert_null (weak);
    reloaded = ovs_task_store_lookup (store, id);
    g_assert_nonnull (reloaded);
    g_assert_cmpint (ovs_task_get_status (reloaded), ==, OVS_TASK_STATUS_FAILED);
  }
}

static void
test_store_unfinished (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  OvsTaskStatus statuses[] = {
    OVS_TASK_STATUS_SUBMITTING, OVS_TASK_STATUS_QUEUED, OVS_TASK_STATUS_RUNNING,
    OVS_TASK_STATUS_SUCCEEDED, OVS_TASK_STATUS_FAILED, OVS_TASK_STATUS_UNKNOWN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(OvsTask) task = insert (store, "veo3", ovs_task_status_to_string (statuses[i]),
                                        1000 + i);

      ovs_task_set_status (task, statuses[i]);
      if (statuses[i] == OVS_TASK_STATUS_UNKNOWN)
        ovs_task_set_note (task, "It may have been created on the server.");
      g_assert_true (ovs_task_store_update (store, task, NULL, &error));
      g_assert_no_error (error);
    }

  unfinished = ovs_task_store_dup_unfinished (store);
  g_assert_cmpuint (unfinished->len, ==, 4);
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (unfinished, 0)), ==, "submitting");
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (unfinished, 1)), ==, "queued");
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (unfinished, 2)), ==, "running");
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (unfinished, 3)), ==, "unknown");
  g_assert_cmpstr (ovs_task_get_note (g_ptr_array_index (unfinished, 3)), ==,
                   "It may have been created on the server.");
}

static const char *filter_prompts[] = {
  "女孩抱着小狗跳舞",
  "A golden SUNSET over the sea, drone shot",
  "小猫在窗台上晒太阳",
  "sunset timelapse in Shanghai 上海的日落",
  "AI robot cooking noodles",
  "100% real \"quoted\" prompt_with_underscore",
};

static guint
count_text (OvsTaskStore *store,
            const char   *text)
{
  OvsTaskFilter filter = { -1, NULL, (char *) text, NULL };
  g_autoptr(GPtrArray) tasks = ovs_task_store_query (store, &filter, 0, 100);
  guint count = ovs_task_store_count (store, &filter);

  g_assert_cmpuint (tasks->len, ==, count);
  return count;
}

static void
test_store_filters (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  OvsTaskFilter by_model = { -1, (char *) "kling-v2", NULL, NULL };
  OvsTaskFilter by_status = { OVS_TASK_STATUS_FAILED, NULL, NULL, NULL };
  OvsTaskFilter both = { OVS_TASK_STATUS_FAILED, (char *) "kling-v2", (char *) "sunset", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (filter_prompts); i++)
    {
      g_autoptr(OvsTask) task = insert (store, i % 2 ? "kling-v2" : "veo3", filter_prompts[i],
                                        2000 + i);

      if (i >= 3)
        {
          ovs_task_set_status (task, OVS_TASK_STATUS_FAILED);
          g_assert_true (ovs_task_store_update (store, task, NULL, &error));
          g_assert_no_error (error);
        }
    }

  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 6);
  g_assert_cmpuint (ovs_task_store_count (store, &by_model), ==, 3);
  g_assert_cmpuint (ovs_task_store_count (store, &by_status), ==, 3);
  g_assert_cmpuint (ovs_task_store_count (store, &both), ==, 1);

  /* Newest first */
  tasks = ovs_task_store_query (store, &by_model, 0, 10);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (tasks, 0)), ==, filter_prompts[5]);
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (tasks, 2)), ==, filter_prompts[1]);
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = ovs_task_store_query (store, &by_model, 1, 1);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (tasks, 0)), ==, filter_prompts[3]);

  /* Chinese: substrings, through the trigram index or (under 3 characters) LIKE */
  g_assert_cmpuint (count_text (store, "小狗"), ==, 1);
  g_assert_cmpuint (count_text (store, "抱着小狗"), ==, 1);
  g_assert_cmpuint (count_text (store, "晒太阳"), ==, 1);
  g_assert_cmpuint (count_text (store, "日落"), ==, 1);
  g_assert_cmpuint (count_text (store, "上海的日落"), ==, 1);
  g_assert_cmpuint (count_text (store, "小"), ==, 2);
  g_assert_cmpuint (count_text (store, "大象"), ==, 0);
  /* English: case-insensitive, words anywhere, all words, prefixes */
  g_assert_cmpuint (count_text (store, "sunset"), ==, 2);
  g_assert_cmpuint (count_text (store, "SUNSET sea"), ==, 1);
  g_assert_cmpuint (count_text (store, "sun"), ==, 2);
  g_assert_cmpuint (count_text (store, "noodl"), ==, 1);
  g_assert_cmpuint (count_text (store, "ai"), ==, 2); /* "AI robot", "Shanghai" */
  g_assert_cmpuint (count_text (store, "sunset\u3000上海"), ==, 1);
  g_assert_cmpuint (count_text (store, "  "), ==, 6);
  /* What would be FTS5 or LIKE syntax is plain text */
  g_assert_cmpuint (count_text (store, "\"quoted\""), ==, 1);
  g_assert_cmpuint (count_text (store, "\"quo"), ==, 1);
  g_assert_cmpuint (count_text (store, "100%"), ==, 1);
  g_assert_cmpuint (count_text (store, "%"), ==, 1);
  g_assert_cmpuint (count_text (store, "_"), ==, 1);
  g_assert_cmpuint (count_text (store, "NEAR(a b)"), ==, 0);
  g_assert_cmpuint (count_text (store, "sun* OR cat"), ==, 0);
  g_assert_cmpuint (count_text (store, "prompt_with"), ==, 1);

  /* A new prompt is found at once; a deleted one is gone from the index */
  {
    g_autoptr(OvsTask) task = insert (store, "veo3", "一只小狗在雪地里奔跑", 3000);

    g_assert_cmpuint (count_text (store, "小狗"), ==, 2);
    g_assert_cmpuint (count_text (store, "雪地里"), ==, 1);
    g_assert_true (ovs_task_store_delete (store, ovs_task_get_id (task), &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_text (store, "雪地里"), ==, 0);
  }

  /* An edited prompt is searched by its new words only */
  {
    g_autoptr(OvsTask) task = ovs_task_store_lookup_by_task_id (store, "task_none");
    g_autoptr(GPtrArray) cats = ovs_task_store_query (store, &(OvsTaskFilter) { -1, NULL,
                                                      (char *) "晒太阳" }, 0, 0);

    g_assert_null (task);
    g_assert_cmpuint (cats->len, ==, 1);
    ovs_task_set_prompt (g_ptr_array_index (cats, 0), "小猫在草地上打滚");
    g_assert_true (ovs_task_store_update (store, g_ptr_array_index (cats, 0), NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (count_text (store, "晒太阳"), ==, 0);
    g_assert_cmpuint (count_text (store, "草地上"), ==, 1);
    g_assert_cmpuint (count_text (store, "小猫"), ==, 1);
  }
}

static void
test_store_errors (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) first = make_draft ("veo3", "one", 0);
  g_autoptr(OvsTask) second = make_draft ("veo3", "two", 0);
  g_autoptr(OvsTask) inserted = NULL;
  g_autoptr(OvsTask) failed = NULL;
  g_autoptr(GError) error = NULL;

  ovs_task_set_task_id (first, "task_same");
  ovs_task_set_task_id (second, "task_same");
  inserted = ovs_task_store_insert (store, first, &error);
  g_assert_no_error (error);
  failed = ovs_task_store_insert (store, second, &error);
  g_assert_null (failed);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_assert_cmpint (ovs_task_get_id (second), ==, 0);
  g_clear_error (&error);

  g_assert_false (ovs_task_store_delete (store, 424242, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ovs_task_store_delete (store, ovs_task_get_id (inserted), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events (store, ovs_task_get_id (inserted)), ==, 0);
  g_assert_false (ovs_task_store_update (store, inserted, NULL, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  guint entry[3] = { position, removed, added };

  g_array_append_vals (log, entry, 3);
}

static void
test_list_model (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskList) list = NULL;
  g_autoptr(OvsTaskList) failed_list = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) first_again = NULL;
  g_autoptr(OvsTask) looked_up = NULL;
  g_autoptr(OvsTask) newest = NULL;
  OvsTaskFilter failed_filter = { OVS_TASK_STATUS_FAILED, NULL, NULL, NULL };
  const guint n = 250;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("task %u", i);

      g_ptr_array_add (drafts, make_draft (i % 3 ? "veo3" : "kling-v2", prompt, 10000 + i));
    }
  g_assert_true (ovs_task_store_insert_many (store, drafts, &error));
  g_assert_no_error (error);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  list = ovs_task_list_new (store, NULL);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == OVS_TYPE_TASK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* Newest first, across pages */
  for (guint i = 0; i < n; i += 37)
    {
      g_autoptr(OvsTask) task = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autofree char *prompt = g_strdup_printf ("task %u", n - 1 - i);

      g_assert_cmpstr (ovs_task_get_prompt (task), ==, prompt);
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  /* The same object for the same row, from the list and from the store */
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  first_again = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (first == first_again);
  looked_up = ovs_task_store_lookup (store, ovs_task_get_id (first));
  g_assert_true (looked_up == first);
  {
    /* Even after all the pages it was in have been dropped */
    g_autoptr(OvsTask) again = NULL;

    for (guint i = 0; i < n; i++)
      {
        g_clear_object (&again);
        again = g_list_model_get_item (G_LIST_MODEL (list), i);
      }
    g_clear_object (&again);
    again = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_assert_true (again == first);
  }

  /* Insert: one item at the top */
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);
  newest = insert (store, "veo3", "the newest", 99999);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, 0);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  {
    g_autoptr(OvsTask) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(OvsTask) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

    g_assert_true (top == newest);
    g_assert_true (second == first);
  }

  /* Delete: the item goes */
  g_array_set_size (log, 0);
  g_assert_true (ovs_task_store_delete (store, ovs_task_get_id (first), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* A filtered list: a task enters it when its status changes */
  failed_list = ovs_task_list_new (store, &failed_filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (failed_list)), ==, 0);
  ovs_task_set_status (newest, OVS_TASK_STATUS_FAILED);
  g_assert_true (ovs_task_store_update (store, newest, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (failed_list)), ==, 1);
  {
    g_autoptr(OvsTask) item = g_list_model_get_item (G_LIST_MODEL (failed_list), 0);

    g_assert_true (item == newest);
  }

  /* Changing the filter */
  g_array_set_size (log, 0);
  ovs_task_list_set_filter (list, &(OvsTaskFilter) { -1, (char *) "kling-v2", NULL, NULL });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 83);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, n);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 83);
}

/* The schema of version 1, as the first release wrote it */
static const char v1_schema[] =
  "CREATE TABLE tasks (id INTEGER PRIMARY KEY, task_id TEXT UNIQUE, scenario TEXT,"
  "  model TEXT, prompt TEXT, request_json TEXT, route TEXT, base_url TEXT,"
  "  status TEXT NOT NULL DEFAULT 'submitting', server_status TEXT,"
  "  progress INTEGER NOT NULL DEFAULT -1, error TEXT, urls TEXT NOT NULL DEFAULT '[]',"
  "  file TEXT, media_json TEXT, created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0, finished_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tasks_by_time ON tasks (created_at, id);"
  "CREATE TABLE task_events (id INTEGER PRIMARY KEY,"
  "  task INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE, at INTEGER NOT NULL,"
  "  status TEXT NOT NULL, server_status TEXT, progress INTEGER NOT NULL DEFAULT -1,"
  "  raw_answer TEXT, error TEXT);"
  "CREATE INDEX task_events_by_task ON task_events (task, id);"
  "INSERT INTO tasks (task_id, model, prompt, status, urls, created_at) VALUES"
  "  ('task_old1', 'veo3', '海边的小狗在追逐海浪', 'succeeded',"
  "   '[\"https://cdn.example.com/1.mp4\"]', 100),"
  "  ('task_old2', 'kling-v2', 'a lighthouse in a storm', 'running', '[]', 200);"
  "INSERT INTO task_events (task, at, status) VALUES (1, 100, 'submitting');"
  "PRAGMA user_version = 1;";

static void
write_raw (const char *path,
           const char *sql)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_store_migrate_v1 (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) old = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  const char *urls[] = { "https://cdn.example.com/1.mp4", NULL };

  write_raw (path, v1_schema);
  store = open_store (path);

  version = raw_query_text (path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, OVS_TASK_STORE_SCHEMA_VERSION);

  old = ovs_task_store_lookup_by_task_id (store, "task_old1");
  g_assert_nonnull (old);
  g_assert_cmpint (ovs_task_get_status (old), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpstrv (ovs_task_get_urls (old), urls);
  g_assert_cmpuint (n_events (store, ovs_task_get_id (old)), ==, 1);

  /* The old rows are in the new search index; the new column works */
  g_assert_cmpuint (count_text (store, "追逐海浪"), ==, 1);
  g_assert_cmpuint (count_text (store, "lighthouse"), ==, 1);
  unfinished = ovs_task_store_dup_unfinished (store);
  g_assert_cmpuint (unfinished->len, ==, 1);
  /* An old running task is followed, as before; "Stop Tracking" is remembered now. */
  g_assert_false (ovs_task_get_paused (g_ptr_array_index (unfinished, 0)));
  ovs_task_set_note (g_ptr_array_index (unfinished, 0), "checked");
  ovs_task_set_paused (g_ptr_array_index (unfinished, 0), TRUE);
  g_assert_true (ovs_task_store_update (store, g_ptr_array_index (unfinished, 0), NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&unfinished, g_ptr_array_unref);
  g_clear_object (&store);

  /* Opening again changes nothing */
  store = open_store (path);
  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 2);
  g_clear_object (&old);
  old = ovs_task_store_lookup_by_task_id (store, "task_old2");
  g_assert_true (ovs_task_get_paused (old));
  g_assert_cmpstr (ovs_task_get_note (old), ==, "checked");
}

/* A history of an older version with a body of inline files in a task's row, as every
 * release before version 5 wrote it: the migration leaves it there (moving a gigabyte of
 * bodies at open took 23 s), and the task reads as before: listed, its summary; read
 * whole, its body; updated, its body kept; deleted, gone. A long body written since goes
 * to task_bodies, its summary in its row. */
static void
test_store_migrate_long_body (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) whole = NULL;
  g_autoptr(OvsTask) draft = make_draft ("Kling-3.0-omni", "新的", 400);
  g_autoptr(OvsTask) inserted = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("{\"model\":\"Kling-3.0-omni\",\"prompt\":\"海边\","
                                          "\"images\":[\"data:image/png;base64,");
  g_autofree char *sql = NULL;
  g_autofree char *version = NULL;
  g_autofree char *in_row = NULL;
  g_autofree char *count = NULL;
  g_autofree char *moved = NULL;
  const char *summary;
  gint64 id;

  for (guint i = 0; i < 200 * 1024; i++)
    g_string_append_c (body, "QUJD"[i % 4]);
  g_string_append (body, "\"],\"seconds\":\"5\"}");
  sql = g_strdup_printf ("%s"
                         "INSERT INTO tasks (task_id, model, prompt, request_json, status, urls,"
                         "  created_at) VALUES ('task_big', 'Kling-3.0-omni', '海边', '%s',"
                         "  'succeeded', '[]', 300);",
                         v1_schema, body->str);
  write_raw (path, sql);
  store = open_store (path);

  version = raw_query_text (path, "PRAGMA user_version");
  g_assert_cmpint (atoi (version), ==, OVS_TASK_STORE_SCHEMA_VERSION);
  count = raw_query_text (path, "SELECT count (*) FROM task_bodies");
  g_assert_cmpstr (count, ==, "0");

  page = ovs_task_store_query_summaries (store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 3);
  g_assert_cmpstr (ovs_task_get_prompt (g_ptr_array_index (page, 0)), ==, "海边");
  g_assert_null (ovs_task_get_request_json (g_ptr_array_index (page, 0)));
  summary = ovs_task_get_request_summary (g_ptr_array_index (page, 0));
  g_assert_cmpuint (strlen (summary), <, 1024);
  g_assert_nonnull (strstr (summary, "\"data:image/png;base64,… (153.6"));
  g_clear_pointer (&page, g_ptr_array_unref);

  whole = ovs_task_store_lookup_by_task_id (store, "task_big");
  g_assert_nonnull (whole);
  g_assert_cmpstr (ovs_task_get_request_json (whole), ==, body->str);
  id = ovs_task_get_id (whole);
  ovs_task_set_progress (whole, 100);
  ovs_task_set_note (whole, "kept");
  g_assert_true (ovs_task_store_update (store, whole, NULL, &error));
  g_assert_no_error (error);
  in_row = raw_query_text (path, "SELECT request_json FROM tasks WHERE task_id = 'task_big'");
  g_assert_cmpstr (in_row, ==, body->str);
  g_assert_true (ovs_task_store_delete (store, id, &error));
  g_assert_no_error (error);

  /* Written now: the body in task_bodies, the summary in the row; deleted with the task. */
  ovs_task_set_request_json (draft, body->str);
  inserted = ovs_task_store_insert (store, draft, &error);
  g_assert_no_error (error);
  g_free (in_row);
  in_row = raw_query_text (path, "SELECT request_json FROM tasks WHERE prompt = '新的'");
  moved = raw_query_text (path, "SELECT request_json FROM task_bodies");
  g_assert_cmpstr (moved, ==, body->str);
  g_assert_cmpuint (strlen (in_row), <, 1024);
  g_assert_nonnull (strstr (in_row, "\"data:image/png;base64,… (153.6"));
  g_assert_true (ovs_task_store_delete (store, ovs_task_get_id (inserted), &error));
  g_assert_no_error (error);
  g_free (count);
  count = raw_query_text (path, "SELECT count (*) FROM task_bodies");
  g_assert_cmpstr (count, ==, "0");
}

static void
moved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = ((gpointer *) user_data)[1];
  gint *n_moved = ((gpointer *) user_data)[0];

  *n_moved = ovs_task_store_move_long_bodies_finish (OVS_TASK_STORE (source), result, error);
}

/* Moves the long bodies, waiting for the end: how many it moved, or -1 with @error set. */
static gint
move_long_bodies (OvsTaskStore  *store,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint n_moved = G_MININT;
  gpointer data[2] = { &n_moved, error };

  ovs_task_store_move_long_bodies_async (store, cancellable, moved_cb, data);
  while (n_moved == G_MININT)
    g_main_context_iteration (NULL, TRUE);
  return n_moved;
}

/* An older history's long bodies (schema 4 and before kept them in the rows) are moved out
 * of the rows, a step at a time in the writer thread, the summary left in each row; a step
 * cut short resumes where it stopped, and once done nothing is read again. */
static void
test_store_move_long_bodies (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTaskStore) again = NULL;
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) last = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("{\"model\":\"Kling-3.0-omni\",\"prompt\":\"海边\","
                                          "\"images\":[\"data:image/png;base64,");
  g_autoptr(GString) sql = g_string_new (v1_schema);
  g_autofree char *value = NULL;
  g_autofree char *count = NULL;
  g_autofree char *in_row = NULL;
  const guint n_short = 450;

  for (guint i = 0; i < 200 * 1024; i++)
    g_string_append_c (body, "QUJD"[i % 4]);
  g_string_append (body, "\"],\"seconds\":\"5\"}");
  /* A long body first and last, with more short ones between than a step looks at. */
  g_string_append_printf (sql, "INSERT INTO tasks (task_id, model, prompt, request_json, status,"
                          " urls, created_at) VALUES ('task_first', 'Kling-3.0-omni', '海边', '%s',"
                          " 'succeeded', '[]', 300);", body->str);
  for (guint i = 0; i < n_short; i++)
    g_string_append_printf (sql, "INSERT INTO tasks (task_id, model, prompt, request_json, status,"
                            " urls, created_at) VALUES ('task_short%u', 'Vidu-q2', 'short',"
                            " '{\"model\":\"Vidu-q2\",\"prompt\":\"short\"}', 'succeeded',"
                            " '[]', %u);", i, 400 + i);
  g_string_append_printf (sql, "INSERT INTO tasks (task_id, model, prompt, request_json, status,"
                          " urls, created_at) VALUES ('task_last', 'Kling-3.0-omni', '海边', '%s',"
                          " 'succeeded', '[]', 9000);", body->str);
  write_raw (path, sql->str);
  store = open_store (path);
  value = raw_query_text (path, "SELECT value FROM store_state WHERE key = 'move-long-bodies'");
  g_assert_cmpstr (value, ==, "0");

  /* Stopped after its first step: the newest body moved (the Tasks page shows it first),
   * the oldest not yet. */
  g_cancellable_cancel (cancelled);
  g_assert_cmpint (move_long_bodies (store, cancelled, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  count = raw_query_text (path, "SELECT count (*) FROM task_bodies");
  g_assert_cmpstr (count, ==, "1");
  g_free (value);
  value = raw_query_text (path, "SELECT value FROM store_state WHERE key = 'move-long-bodies'");
  g_assert_cmpint (atoi (value), >, 3);
  g_assert_cmpint (atoi (value), <, n_short + 4);
  g_free (count);
  count = raw_query_text (path, "SELECT count (*) FROM tasks WHERE body_elsewhere = 1"
                                " AND task_id = 'task_last'");
  g_assert_cmpstr (count, ==, "1");

  /* Resumed: the rest, then the marker goes. */
  g_assert_cmpint (move_long_bodies (store, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_free (count);
  count = raw_query_text (path, "SELECT count (*) FROM task_bodies");
  g_assert_cmpstr (count, ==, "2");
  g_free (count);
  count = raw_query_text (path, "SELECT count (*) FROM store_state");
  g_assert_cmpstr (count, ==, "0");
  g_free (count);
  count = raw_query_text (path, "SELECT count (*) FROM tasks WHERE body_elsewhere = 1");
  g_assert_cmpstr (count, ==, "2");
  in_row = raw_query_text (path, "SELECT request_json FROM tasks WHERE task_id = 'task_last'");
  g_assert_cmpuint (strlen (in_row), <, 1024);
  g_assert_nonnull (strstr (in_row, "\"data:image/png;base64,… (153.6"));
  g_free (in_row);
  in_row = raw_query_text (path, "SELECT request_json FROM tasks WHERE task_id = 'task_short7'");
  g_assert_cmpstr (in_row, ==, "{\"model\":\"Vidu-q2\",\"prompt\":\"short\"}");

  /* Read back whole, by another process's store; and done: nothing more to move. */
  again = open_store (path);
  first = ovs_task_store_lookup_by_task_id (again, "task_first");
  last = ovs_task_store_lookup_by_task_id (again, "task_last");
  g_assert_cmpstr (ovs_task_get_request_json (first), ==, body->str);
  g_assert_cmpstr (ovs_task_get_request_json (last), ==, body->str);
  g_assert_cmpstr (ovs_task_get_prompt (last), ==, "海边");
  g_assert_cmpint (move_long_bodies (again, NULL, &error), ==, 0);
  g_assert_no_error (error);
  /* v1_schema has two tasks of its own. */
  g_assert_cmpuint (ovs_task_store_count (again, NULL), ==, n_short + 4);
}

static void
test_store_newer_schema (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;

  write_raw (path, "CREATE TABLE future (x); PRAGMA user_version = 99;");
  store = ovs_task_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_STORE);
}

static void
test_store_default_path (void)
{
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "omni-video-studio",
                                                "history.sqlite3", NULL);

  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  store = ovs_task_store_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ovs_task_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

typedef struct
{
  const char *path;
  guint       worker;
  guint       n_tasks;
} Worker;

/* One "process": its own connection, inserting and updating as fast as it can. */
static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = ovs_task_store_new (worker->path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < worker->n_tasks; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("%s task %u",
                                               worker->worker ? "bravo" : "alpha", i);
      g_autofree char *task_id = g_strdup_printf ("task_%u_%u", worker->worker, i);
      g_autoptr(OvsTask) draft = make_draft ("veo3", prompt, 0);
      g_autoptr(OvsTask) task = ovs_task_store_insert (store, draft, &error);
      g_autoptr(GPtrArray) page = NULL;

      g_assert_no_error (error);
      ovs_task_set_task_id (task, task_id);
      ovs_task_set_status (task, OVS_TASK_STATUS_QUEUED);
      g_assert_true (ovs_task_store_update (store, task, "{}", &error));
      g_assert_no_error (error);
      ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
      ovs_task_set_progress (task, 50);
      g_assert_true (ovs_task_store_update (store, task, "{}", &error));
      g_assert_no_error (error);
      page = ovs_task_store_query (store, NULL, 0, 20);
      g_assert_cmpuint (page->len, >, 0);
    }
  return NULL;
}

typedef struct
{
  guint  added;
  guint  changed;
  guint  removed;
  guint  failed;
  char  *message;
  OvsTask *inserted;
} Queued;

static void
queued_added_cb (OvsTaskStore *store,
                 OvsTask      *task,
                 Queued       *queued)
{
  queued->added++;
}

static void
queued_changed_cb (OvsTaskStore *store,
                   OvsTask      *task,
                   Queued       *queued)
{
  queued->changed++;
}

static void
queued_removed_cb (OvsTaskStore *store,
                   gint64        id,
                   Queued       *queued)
{
  queued->removed++;
}

static void
queued_failed_cb (OvsTaskStore *store,
                  OvsTask      *task,
                  const char   *message,
                  Queued       *queued)
{
  queued->failed++;
  g_free (queued->message);
  queued->message = g_strdup (message);
}

static void
queued_inserted_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Queued *queued = data;
  g_autoptr(GError) error = NULL;

  queued->inserted = ovs_task_store_insert_finish (OVS_TASK_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
connect_queued (OvsTaskStore *store,
                Queued       *queued)
{
  g_signal_connect (store, "task-added", G_CALLBACK (queued_added_cb), queued);
  g_signal_connect (store, "task-changed", G_CALLBACK (queued_changed_cb), queued);
  g_signal_connect (store, "task-removed", G_CALLBACK (queued_removed_cb), queued);
  g_signal_connect (store, "write-failed", G_CALLBACK (queued_failed_cb), queued);
}

/* Inserts, updates and deletes through the writer thread land in the file in the order
 * queued, and are announced on the main loop once they did. */
static void
test_store_queued_writes (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) draft = make_draft ("viduq3-pro", "a lighthouse at dusk", 1700000000);
  g_autoptr(OvsTaskStore) other = NULL;
  g_autoptr(OvsTask) seen = NULL;
  g_autofree char *status = NULL;
  Queued queued = { 0 };
  gint64 id;

  connect_queued (store, &queued);
  ovs_task_store_insert_async (store, draft, queued_inserted_cb, &queued);
  while (queued.inserted == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (queued.inserted == draft);
  g_assert_cmpuint (queued.added, ==, 1);
  id = ovs_task_get_id (draft);
  g_assert_cmpint (id, >, 0);
  /* Durable by then: another connection reads it. */
  status = raw_query_text (path, "SELECT status FROM tasks");
  g_assert_cmpstr (status, ==, "submitting");

  /* Many changes in a row (as at resume): every one lands, each with its event. */
  ovs_task_set_task_id (draft, "task_queued_1");
  for (int progress = 0; progress < 50; progress++)
    {
      ovs_task_set_status (draft, OVS_TASK_STATUS_RUNNING);
      ovs_task_set_progress (draft, progress * 2);
      ovs_task_store_queue_update (store, draft, "{\"status\":\"IN_PROGRESS\"}");
    }
  while (queued.changed < 50)
    g_main_context_iteration (NULL, TRUE);
  other = open_store (path);
  seen = ovs_task_store_lookup_by_task_id (other, "task_queued_1");
  g_assert_nonnull (seen);
  g_assert_cmpint (ovs_task_get_progress (seen), ==, 98);
  g_assert_cmpuint (n_events (other, id), ==, 51);

  ovs_task_store_queue_delete (store, id);
  while (queued.removed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (ovs_task_store_count (other, NULL), ==, 0);
  g_assert_cmpuint (queued.failed, ==, 0);
  g_clear_object (&queued.inserted);
}

/* Another process holds the history's write lock: queuing returns at once, the task keeps
 * its new state (reads of the file do not take it back), the failure is said once the
 * lock outlasts the busy timeout, and the write lands after the lock is gone, with what
 * the task held by then. */
static void
test_store_queued_write_locked (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) task = insert (store, "Kling-3.0-omni", "a paper boat", 1700000000);
  g_autoptr(OvsTaskStore) other = NULL;
  g_autoptr(OvsTask) seen = NULL;
  g_autoptr(OvsTask) again = NULL;
  g_autofree char *status = NULL;
  Queued queued = { 0 };
  sqlite3 *holder = NULL;

  connect_queued (store, &queued);
  ovs_task_store_set_busy_timeout (store, 200);
  g_assert_cmpint (sqlite3_open_v2 (path, &holder, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  ovs_task_set_task_id (task, "task_locked_1");
  ovs_task_set_status (task, OVS_TASK_STATUS_QUEUED);
  ovs_task_store_queue_update (store, task, "{\"status\":\"SUBMITTED\"}");
  while (queued.failed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (queued.message, "locked"));
  g_assert_cmpuint (ovs_task_store_get_n_unsaved (store), ==, 1);
  g_assert_cmpuint (queued.changed, ==, 0);

  /* Nothing landed, yet a read of the page keeps what the task holds. */
  status = raw_query_text (path, "SELECT status FROM tasks");
  g_assert_cmpstr (status, ==, "submitting");
  again = ovs_task_store_lookup (store, ovs_task_get_id (task));
  g_assert_true (again == task);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_QUEUED);

  /* Changed again while waiting; then the lock goes. */
  ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
  ovs_task_set_progress (task, 30);
  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);
  while (ovs_task_store_get_n_unsaved (store) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (queued.changed, ==, 1);

  other = open_store (path);
  seen = ovs_task_store_lookup_by_task_id (other, "task_locked_1");
  g_assert_nonnull (seen);
  g_assert_cmpint (ovs_task_get_status (seen), ==, OVS_TASK_STATUS_RUNNING);
  g_assert_cmpint (ovs_task_get_progress (seen), ==, 30);
  g_assert_cmpuint (n_events (other, ovs_task_get_id (task)), ==, 2);
  g_free (queued.message);
}

static void
test_store_concurrent (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autofree char *integrity = NULL;
  g_autofree char *events = NULL;
  Worker workers[2] = { { path, 0, 40 }, { path, 1, 40 } };
  GThread *threads[2];

  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("writer", worker_thread, &workers[i]);
  for (guint i = 0; i < 2; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 80);
  integrity = raw_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  events = raw_query_text (path, "SELECT count(*) FROM task_events");
  g_assert_cmpstr (events, ==, "240");
  {
    OvsTaskFilter running = { OVS_TASK_STATUS_RUNNING, NULL, (char *) "bravo", NULL };

    g_assert_cmpuint (ovs_task_store_count (store, &running), ==, 40);
  }
}

static void
test_list_hide (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTaskList) list = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) log = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) hidden = NULL;
  g_autoptr(OvsTask) next = NULL;
  const guint n = 5000;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("%s %u", i % 2 ? "sunset" : "lighthouse", i);

      g_ptr_array_add (drafts, make_draft ("veo3", prompt, 10000 + i));
    }
  g_assert_true (ovs_task_store_insert_many (store, drafts, &error));
  g_assert_no_error (error);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  list = ovs_task_list_new (store, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);
  hidden = g_list_model_get_item (G_LIST_MODEL (list), 4);
  next = g_list_model_get_item (G_LIST_MODEL (list), 5);
  g_assert_true (g_str_has_prefix (ovs_task_get_prompt (hidden), "sunset"));

  /* Hiding a row (a deletion pending undo) takes it out at its place, at once. */
  ovs_task_list_hide (list, hidden);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 4);
  g_assert_cmpuint (g_array_index (log, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);
  {
    g_autoptr(OvsTask) fifth = g_list_model_get_item (G_LIST_MODEL (list), 4);

    g_assert_true (fifth == next);
  }
  g_assert_cmpuint (ovs_task_store_count (store, ovs_task_list_get_filter (list)), ==, n - 1);

  /* Searching meanwhile: it stays hidden. */
  ovs_task_list_set_filter (list, &(OvsTaskFilter) { -1, NULL, (char *) "sunset", NULL });
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n / 2 - 1);
  ovs_task_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);

  /* Undo: back in its place. */
  g_array_set_size (log, 0);
  ovs_task_list_unhide (list, hidden);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (g_array_index (log, guint, 0), ==, 4);
  g_assert_cmpuint (g_array_index (log, guint, 2), ==, 1);
  {
    g_autoptr(OvsTask) fifth = g_list_model_get_item (G_LIST_MODEL (list), 4);

    g_assert_true (fifth == hidden);
  }

  /* Hidden while the filter leaves it out: nothing to remove, but still hidden once the
   * filter would list it again. */
  ovs_task_list_set_filter (list, &(OvsTaskFilter) { -1, NULL, (char *) "lighthouse", NULL });
  g_array_set_size (log, 0);
  ovs_task_list_hide (list, hidden);
  g_assert_cmpuint (log->len, ==, 0);
  ovs_task_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);
  ovs_task_list_unhide (list, hidden);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);

  /* Deleted for good while hidden: the list does not change again, and forgets it. */
  ovs_task_list_hide (list, hidden);
  g_array_set_size (log, 0);
  g_assert_true (ovs_task_store_delete (store, ovs_task_get_id (hidden), &error));
  g_assert_no_error (error);
  ovs_task_list_unhide (list, hidden);
  g_assert_cmpuint (log->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n - 1);
  g_assert_null (ovs_task_list_get_filter (list)->hidden);
}

/* A history of 400 tasks at @path, whatever an earlier run left there, then the b-tree
 * headers of every fourth page from the third on flipped: a few hundred bytes, as a disk
 * damages a file. Returns the damaged bytes. */
static char *
write_damaged_history (const char *path,
                       gsize      *size)
{
  char *bytes = NULL;
  guint n_pages, n_flipped = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i],
                                           NULL);

      g_unlink (file);
    }

  {
    g_autoptr(OvsTaskStore) store = open_store (path);

    for (guint i = 0; i < 400; i++)
      {
        g_autofree char *prompt = g_strdup_printf ("A long prompt number %u, with words enough to "
                                                   "fill the pages of the history: a cat, a dog, "
                                                   "the sea at night, rain on a window.", i);
        g_autoptr(OvsTask) task = insert (store, "Kling-3.0-omni", prompt, 1700000000 + i);
      }
  }

  g_assert_true (g_file_get_contents (path, &bytes, size, NULL));
  n_pages = *size / 4096;
  g_assert_cmpuint (n_pages, >, 20);
  for (guint page = 2; page < n_pages; page += 4)
    {
      memset (bytes + (gsize) page * 4096, 0x5a, 12);
      n_flipped += 12;
    }
  g_test_message ("%u pages, %u bytes flipped", n_pages, n_flipped);
  g_assert_true (g_file_set_contents (path, bytes, *size, NULL));
  return bytes;
}

/* A history with bytes flipped is found out at open, before anything is written into it;
 * recovery keeps it aside untouched and brings back what SQLite can read. */
static void
test_store_damaged (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *after = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(OvsTaskStore) recovered = NULL;
  gsize size = 0, after_size = 0, kept_size = 0;
  guint n_back = 0;

  bytes = write_damaged_history (path, &size);

  g_assert_null (ovs_task_store_new (path, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "omni-video recover"));
  g_clear_error (&error);
  /* Not a byte written. */
  g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
  g_assert_cmpuint (after_size, ==, size);
  g_assert_true (memcmp (after, bytes, size) == 0);

  recovered = ovs_task_store_recover (path, &aside, &n_back, &error);
  g_assert_no_error (error);
  g_assert_nonnull (recovered);
  g_test_message ("%u of 400 tasks came back", n_back);
  g_assert_cmpuint (n_back, >, 0);
  g_assert_cmpuint (n_back, <=, 400);
  g_assert_cmpuint (ovs_task_store_count (recovered, NULL), ==, n_back);
  /* The damaged file is kept as it was. */
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_true (g_file_get_contents (aside, &kept, &kept_size, NULL));
  g_assert_cmpuint (kept_size, ==, size);
  g_assert_true (memcmp (kept, bytes, size) == 0);
  g_unlink (aside);
}

/* Recovery brings a long body back whole, from task_bodies, not the summary its row holds. */
static void
test_store_recover_long_body (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTaskStore) recovered = NULL;
  g_autoptr(OvsTask) draft = make_draft ("Kling-3.0-omni", "海边", 100);
  g_autoptr(OvsTask) inserted = NULL;
  g_autoptr(OvsTask) back = NULL;
  g_autoptr(GString) body = g_string_new ("{\"model\":\"Kling-3.0-omni\",\"prompt\":\"海边\","
                                          "\"images\":[\"data:image/png;base64,");
  g_autofree char *aside = NULL;
  guint n_back = 0;

  for (guint i = 0; i < 200 * 1024; i++)
    g_string_append_c (body, "QUJD"[i % 4]);
  g_string_append (body, "\"]}");
  store = open_store (path);
  ovs_task_set_task_id (draft, "task_long");
  ovs_task_set_request_json (draft, body->str);
  inserted = ovs_task_store_insert (store, draft, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  recovered = ovs_task_store_recover (path, &aside, &n_back, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_back, ==, 1);
  back = ovs_task_store_lookup_by_task_id (recovered, "task_long");
  g_assert_nonnull (back);
  g_assert_cmpstr (ovs_task_get_request_json (back), ==, body->str);
  g_unlink (aside);
}

typedef struct
{
  gboolean  done;
  gboolean  passed;
  GError   *error;
} Checked;

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Checked *checked = data;

  checked->passed = ovs_task_store_check_finish (OVS_TASK_STORE (source), result,
                                                 &checked->error);
  checked->done = TRUE;
}

static void
damaged_insert_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  GError **error = data;

  g_assert_null (ovs_task_store_insert_finish (OVS_TASK_STORE (source), result, error));
  g_assert_nonnull (*error);
}

/* Opened with the check left for later (the app's start-up), a damaged history opens and
 * reads at once; the writer checks it before its first write, so an insert queued first
 * fails as damaged with nothing written, the check says so too, and the store lets go of
 * the file (recovery moves it aside). A healthy one passes and takes writes. */
static void
test_store_damaged_found_later (void)
{
  g_autofree char *path = test_db_path ();
  g_autofree char *bytes = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) insert_error = NULL;
  Checked checked = { FALSE, };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) draft = make_draft ("viduq3-pro", "a lighthouse at dusk", 1800000000);
  gsize size = 0, after_size = 0;

  bytes = write_damaged_history (path, &size);
  store = ovs_task_store_new_full (path, OVS_TASK_STORE_CHECK_LATER, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  ovs_task_store_insert_async (store, draft, damaged_insert_cb, &insert_error);
  ovs_task_store_check_async (store, NULL, checked_cb, &checked);
  while (insert_error == NULL || !checked.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (insert_error, OVS_ERROR, OVS_ERROR_DAMAGED);
  g_assert_false (checked.passed);
  g_assert_error (checked.error, OVS_ERROR, OVS_ERROR_DAMAGED);
  g_assert_nonnull (strstr (checked.error->message, "omni-video recover"));
  g_clear_error (&checked.error);
  g_assert_cmpint (ovs_task_get_id (draft), ==, 0);

  /* Let go of: reads find nothing, writes fail at once, and not a byte was written. */
  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 0);
  g_assert_null (ovs_task_store_insert (store, draft, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, &after_size, NULL));
  g_assert_cmpuint (after_size, ==, size);
  g_assert_true (memcmp (after, bytes, size) == 0);
  g_clear_object (&store);

  /* A healthy history passes the same way and is written to. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *file = g_strconcat (path, (const char *[]) { "", "-wal", "-shm" }[i],
                                           NULL);

      g_unlink (file);
    }
  store = ovs_task_store_new_full (path, OVS_TASK_STORE_CHECK_LATER, &error);
  g_assert_no_error (error);
  checked.done = FALSE;
  ovs_task_store_check_async (store, NULL, checked_cb, &checked);
  while (!checked.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (checked.error);
  g_assert_true (checked.passed);
  g_clear_object (&draft);
  draft = insert (store, "viduq3-pro", "a lighthouse at dusk", 1800000000);
  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 1);
}

/* Groups, lineage, cost, the star and the user's note outlive the process, and a task
 * lists as JSON with them. */
static void
test_store_groups (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) group = NULL;
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(JsonNode) json = NULL;
  gint64 parent_id;

  {
    g_autoptr(OvsTaskStore) store = open_store (path);
    const char *models[] = { "veo3.1", "kling-v2-6", "viduq2" };

    parent = insert (store, "kling-v2-6", "a lighthouse at dusk", 1700000000);
    parent_id = ovs_task_get_id (parent);
    /* Inserted out of order: the group comes back in its own order. */
    for (guint i = 0; i < G_N_ELEMENTS (models); i++)
      {
        guint index = G_N_ELEMENTS (models) - 1 - i;
        g_autoptr(OvsTask) draft = make_draft (models[index], "the same shot, three models",
                                               1700000100 + i);

        ovs_task_set_group_id (draft, "cmp-1");
        ovs_task_set_group_kind (draft, "compare");
        ovs_task_set_group_index (draft, index);
        ovs_task_set_parent (draft, parent_id);
        ovs_task_set_cost (draft, 1000 * (index + 1));
        ovs_task_set_starred (draft, index == 1);
        ovs_task_set_user_note (draft, index == 1 ? "the best light" : NULL);
        ovs_task_set_meta (draft, index == 2 ? "{\"hidden\": true}" : NULL);
        g_autoptr(OvsTask) stored = ovs_task_store_insert (store, draft, &error);

        g_assert_no_error (error);
        g_assert_true (stored == draft);
      }
    g_clear_object (&parent);
  }

  {
    g_autoptr(OvsTaskStore) store = open_store (path);
    OvsTask *second;

    group = ovs_task_store_dup_group (store, "cmp-1");
    g_assert_cmpuint (group->len, ==, 3);
    g_assert_cmpstr (ovs_task_get_model (g_ptr_array_index (group, 0)), ==, "veo3.1");
    g_assert_cmpstr (ovs_task_get_model (g_ptr_array_index (group, 2)), ==, "viduq2");
    second = g_ptr_array_index (group, 1);
    g_assert_cmpstr (ovs_task_get_group_kind (second), ==, "compare");
    g_assert_cmpint (ovs_task_get_group_index (second), ==, 1);
    g_assert_cmpint (ovs_task_get_cost (second), ==, 2000);
    g_assert_true (ovs_task_get_starred (second));
    g_assert_false (ovs_task_get_starred (g_ptr_array_index (group, 0)));
    g_assert_cmpstr (ovs_task_get_user_note (second), ==, "the best light");
    g_assert_cmpstr (ovs_task_get_meta (g_ptr_array_index (group, 2)), ==, "{\"hidden\": true}");
    /* One flag changes, whatever else the object holds stays. */
    {
      OvsTask *third = g_ptr_array_index (group, 2);

      g_assert_true (ovs_task_get_meta_flag (third, "hidden"));
      ovs_task_set_meta (third, "{\"line\": 7, \"hidden\": true}");
      ovs_task_set_meta_flag (third, "hidden", FALSE);
      g_assert_cmpstr (ovs_task_get_meta (third), ==, "{\"line\":7}");
      ovs_task_set_meta_flag (third, "ephemeral", TRUE);
      g_assert_true (ovs_task_get_meta_flag (third, "ephemeral"));
      g_assert_false (ovs_task_get_meta_flag (third, "hidden"));
      ovs_task_set_meta (third, "{\"hidden\": true}");
      ovs_task_set_meta_flag (third, "hidden", FALSE);
      g_assert_null (ovs_task_get_meta (third));
    }

    children = ovs_task_store_dup_children (store, parent_id);
    g_assert_cmpuint (children->len, ==, 3);
    parent = ovs_task_store_lookup (store, parent_id);
    g_assert_cmpint (ovs_task_get_cost (parent), ==, -1);
    g_assert_null (ovs_task_get_group_id (parent));
    g_clear_pointer (&children, g_ptr_array_unref);
    children = ovs_task_store_dup_children (store, ovs_task_get_id (second));
    g_assert_cmpuint (children->len, ==, 0);

    json = ovs_task_to_json (second, 0);
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (json_node_get_object (json), "group"),
                       "kind"), ==, "compare");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "parent"), ==,
                     parent_id);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "cost"), ==, 2000);
  }
}

/* A damaged history written by an older release still gives its tasks back. */
static void
test_store_recover_old_schema (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(OvsTaskStore) recovered = NULL;
  g_autoptr(OvsTask) old = NULL;
  guint n_back = 0;

  write_raw (path, v1_schema);
  recovered = ovs_task_store_recover (path, &aside, &n_back, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_back, ==, 2);
  old = ovs_task_store_lookup_by_task_id (recovered, "task_old2");
  g_assert_nonnull (old);
  g_assert_cmpstr (ovs_task_get_prompt (old), ==, "a lighthouse in a storm");
  g_assert_cmpint (ovs_task_get_cost (old), ==, -1);
  g_unlink (aside);
}

/* A history cut to nothing is not a new empty one. */
static void
test_store_empty_file (void)
{
  g_autofree char *path = test_db_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_null (ovs_task_store_new (path, &error));
  g_assert_error (error, OVS_ERROR, OVS_ERROR_DAMAGED);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
}

/* Groups collapsed: a group is one row, at its head, found by any member; groups only;
 * a hidden group (its deletion pending undo) is gone until unhidden. */
static GPtrArray *
insert_group (OvsTaskStore *store,
              const char   *group_id,
              const char   *kind,
              const char   *prompts[],
              guint         n,
              gint64        created_at)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      OvsTask *draft = make_draft (i % 2 ? "veo3" : "kling-v2", prompts[i], created_at);

      ovs_task_set_group_id (draft, group_id);
      ovs_task_set_group_kind (draft, kind);
      ovs_task_set_group_index (draft, i);
      g_ptr_array_add (drafts, draft);
    }
  g_assert_true (ovs_task_store_insert_many (store, drafts, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&drafts);
}

static guint
count_groups (GListModel *list)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      n += OVS_IS_TASK_GROUP (item);
    }
  return n;
}

static void
test_list_groups (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  const char *compare[] = { "a lighthouse at dusk", "a lighthouse at dusk", "a lighthouse at dusk" };
  const char *batch[] = { "a cat on a roof", "a dog in the rain", "一只飞的猫", "a fox" };
  g_autoptr(GPtrArray) cmp = NULL;
  g_autoptr(GPtrArray) bat = NULL;
  g_autoptr(OvsTaskList) list = NULL;
  OvsTaskFilter filter = OVS_TASK_FILTER_INIT;
  g_autoptr(GObject) first = NULL;
  g_autoptr(GObject) third = NULL;

  g_object_unref (insert (store, "veo3", "a lone task, oldest", 1000));
  bat = insert_group (store, "batch-1", "batch", batch, G_N_ELEMENTS (batch), 2000);
  g_object_unref (insert (store, "veo3", "a lone task between", 3000));
  cmp = insert_group (store, "cmp-1", "compare", compare, G_N_ELEMENTS (compare), 4000);

  /* Flat: every task. */
  g_assert_cmpuint (ovs_task_store_count (store, NULL), ==, 9);

  filter.groups = OVS_TASK_GROUPS_COLLAPSED;
  list = ovs_task_list_new (store, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  third = g_list_model_get_item (G_LIST_MODEL (list), 2);
  g_assert_true (OVS_IS_TASK_GROUP (first));
  g_assert_cmpstr (ovs_task_group_get_id (OVS_TASK_GROUP (first)), ==, "cmp-1");
  g_assert_cmpstr (ovs_task_group_get_kind (OVS_TASK_GROUP (first)), ==, "compare");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (first)), ==, 3);
  g_assert_true (OVS_IS_TASK_GROUP (third));
  g_assert_cmpuint (ovs_task_group_get_n_tasks (OVS_TASK_GROUP (third)), ==, 4);
  /* The members are the store's live tasks, in the group's order. */
  g_assert_true (ovs_task_group_get_task (OVS_TASK_GROUP (third), 2) == g_ptr_array_index (bat, 2));
  /* The same count without criteria (from the indexes) and with them (row by row). */
  filter.status = OVS_TASK_STATUS_SUBMITTING;
  g_assert_cmpuint (ovs_task_store_count (store, &filter), ==, 4);
  filter.status = -1;

  /* A search matches a group when any member matches: one row for the batch. */
  filter.text = (char *) "飞的猫";
  ovs_task_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (count_groups (G_LIST_MODEL (list)), ==, 1);
  filter.text = (char *) "lone";
  ovs_task_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (count_groups (G_LIST_MODEL (list)), ==, 0);

  /* Groups only. */
  filter.text = NULL;
  filter.groups = OVS_TASK_GROUPS_ONLY;
  ovs_task_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (count_groups (G_LIST_MODEL (list)), ==, 2);
  filter.model = (char *) "veo3";
  ovs_task_list_set_filter (list, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  filter.model = NULL;

  /* Its head hidden, a group stays, at its next member; all hidden, it goes. */
  filter.groups = OVS_TASK_GROUPS_COLLAPSED;
  ovs_task_list_set_filter (list, &filter);
  ovs_task_list_hide (list, g_ptr_array_index (cmp, 2));
  ovs_task_store_flush (store);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
  ovs_task_list_hide (list, g_ptr_array_index (cmp, 0));
  ovs_task_list_hide (list, g_ptr_array_index (cmp, 1));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  {
    g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (list), 0);

    g_assert_true (OVS_IS_TASK (item));
  }
  for (guint i = 0; i < cmp->len; i++)
    ovs_task_list_unhide (list, g_ptr_array_index (cmp, i));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The reads the app makes on its main thread run in the writer's thread: the live objects
 * come back, a change still queued is read back as written, a group in its order, and an
 * id the history does not have is no task and no error. */
static void
test_store_async_reads (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  const char *prompts[] = { "first", "second", "third" };
  g_autoptr(GPtrArray) group = insert_group (store, "grp-a", "compare", prompts, 3, 1700000000);
  g_autoptr(OvsTask) other = insert (store, "viduq2", "on its own", 1700000500);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing = NULL;
  g_autoptr(GAsyncResult) members = NULL;
  g_autoptr(OvsTask) found = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *note = NULL;

  ovs_task_set_user_note (other, "kept for the film");
  ovs_task_store_queue_update (store, other, NULL);
  ovs_task_store_lookup_async (store, ovs_task_get_id (other), NULL, read_done_cb, &result);
  found = ovs_task_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (found == other);
  g_assert_cmpstr (ovs_task_get_user_note (found), ==, "kept for the film");
  /* Read after the queued write, in the same thread: the file has it too. */
  sql = g_strdup_printf ("SELECT user_note FROM tasks WHERE id = %" G_GINT64_FORMAT,
                         ovs_task_get_id (other));
  note = raw_query_text (path, sql);
  g_assert_cmpstr (note, ==, "kept for the film");

  ovs_task_store_lookup_async (store, 424242, NULL, read_done_cb, &missing);
  g_assert_null (ovs_task_store_lookup_finish (store, wait_result (&missing), &error));
  g_assert_no_error (error);

  ovs_task_store_dup_group_async (store, "grp-a", NULL, read_done_cb, &members);
  read = ovs_task_store_dup_group_finish (store, wait_result (&members), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_true (g_ptr_array_index (read, i) == g_ptr_array_index (group, i));
}

static OvsTask *
insert_child (OvsTaskStore *store,
              const char   *prompt,
              gint64        created_at,
              OvsTask      *parent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) draft = make_draft ("kling-v2-6", prompt, created_at);
  OvsTask *task;

  if (parent != NULL)
    ovs_task_set_parent (draft, ovs_task_get_id (parent));
  task = ovs_task_store_insert (store, draft, &error);
  g_assert_no_error (error);
  return task;
}

static char *
prompts_of (GPtrArray *tasks)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            ovs_task_get_prompt (g_ptr_array_index (tasks, i)));
  return g_string_free (text, FALSE);
}

static char *
lineage_async (OvsTaskStore *store,
               OvsTask      *task)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lineage = NULL;

  ovs_task_store_dup_lineage_async (store, ovs_task_get_id (task), NULL, read_done_cb, &result);
  lineage = ovs_task_store_dup_lineage_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  /* The store's live objects, as a lookup gives them. */
  for (guint i = 0; i < lineage->len; i++)
    {
      g_autoptr(OvsTask) live = ovs_task_store_lookup (store,
                                                       ovs_task_get_id (g_ptr_array_index (lineage, i)));

      g_assert_true (live == g_ptr_array_index (lineage, i));
    }
  return prompts_of (lineage);
}

static char *
family_async (OvsTaskStore *store,
              OvsTask      *task)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) family = NULL;

  ovs_task_store_dup_family_async (store, ovs_task_get_id (task), NULL, read_done_cb, &result);
  family = ovs_task_store_dup_family_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  return prompts_of (family);
}

/* Export Chain's read: the chain from its first task, generation by generation, in the
 * order of the parents (B's child before A's, though made later), the same from any of its
 * tasks, read in one query; a damaged history whose parents loop still ends. */
/* @id is among @unfinished, with @fold in its summary and no body. */
static void
check_resumed_summary (GPtrArray  *unfinished,
                       gint64      id,
                       const char *fold)
{
  for (guint i = 0; i < unfinished->len; i++)
    {
      OvsTask *task = g_ptr_array_index (unfinished, i);

      if (ovs_task_get_id (task) != id)
        continue;
      g_assert_null (ovs_task_get_request_json (task));
      g_assert_nonnull (strstr (ovs_task_get_request_summary (task), fold));
      return;
    }
  g_assert_not_reached ();
}

/* A page of history read as summaries: a task with a local image inline (a real PNG, the
 * body as the app sends it) comes with its body folded, the image's size told, and without
 * the image; the body itself is kept in the file through an update of that task, and comes
 * back whole with a read of the task. A small body and a body this process holds already
 * are given as they are. The tasks resumed at start-up are read as summaries too. */
static void
test_store_summaries (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autofree char *data_url = NULL;
  g_autofree char *body = NULL;
  g_autofree char *size = NULL;
  g_autofree char *fold = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OvsTask) read = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gsize png_size = 0;
  gint64 big_id, small_id;
  OvsTask *big, *small;

  body = ovs_test_example_with_inline_image ("02-image-to-video.json", "composer-zh_CN.png",
                                             &data_url, &png_size);
  g_assert_cmpuint (strlen (body), >, 64 * 1024);
  {
    g_autoptr(OvsTask) draft = make_draft ("Kling-3.0-omni", "一个女孩在海边回头微笑", 1700000000);
    g_autoptr(OvsTask) other = insert (store, "veo3", "a red kite", 1700000100);

    g_autoptr(OvsTask) inserted = NULL;

    ovs_task_set_request_json (draft, body);
    inserted = ovs_task_store_insert (store, draft, &error);
    g_assert_no_error (error);
    g_assert_true (inserted == draft);
    big_id = ovs_task_get_id (draft);
    small_id = ovs_task_get_id (other);
    /* Held here: a page read leaves the body it has. */
    page = ovs_task_store_query_summaries (store, NULL, 0, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->len, ==, 2);
    g_assert_cmpstr (ovs_task_get_request_json (draft), ==, body);
    g_clear_pointer (&page, g_ptr_array_unref);
  }

  /* Nobody holds them now: the page makes them. */
  page = ovs_task_store_query_summaries (store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  small = g_ptr_array_index (page, 0);
  big = g_ptr_array_index (page, 1);
  g_assert_cmpint (ovs_task_get_id (small), ==, small_id);
  g_assert_cmpint (ovs_task_get_id (big), ==, big_id);
  g_assert_nonnull (ovs_task_get_request_json (small));
  g_assert_null (ovs_task_get_request_json (big));
  g_assert_cmpuint (strlen (ovs_task_get_request_summary (big)), <, 1024);
  size = g_format_size (png_size);
  fold = g_strdup_printf ("\"data:image/png;base64,… (%s)\"", size);
  g_assert_nonnull (strstr (ovs_task_get_request_summary (big), fold));
  g_assert_nonnull (strstr (ovs_task_get_request_summary (big), "\"seconds\":\"5\""));
  g_assert_null (strstr (ovs_task_get_request_summary (big), data_url + 64));

  /* The list's object is written (a star, say): the body stays in the file. */
  ovs_task_set_starred (big, TRUE);
  g_assert_true (ovs_task_store_update (store, big, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT request_json FROM task_bodies WHERE id = %"
                                            G_GINT64_FORMAT, big_id);
    g_autofree char *in_file = raw_query_text (path, sql);
    g_autofree char *row_sql = g_strdup_printf ("SELECT request_json FROM tasks WHERE id = %"
                                                G_GINT64_FORMAT, big_id);
    g_autofree char *in_row = raw_query_text (path, row_sql);

    g_assert_cmpstr (in_file, ==, body);
    /* The task's row holds the summary: a page read reads no megabytes, an update writes
     * none. */
    g_assert_cmpstr (in_row, ==, ovs_task_get_request_summary (big));
  }

  /* Read whole, the same object gets its body, and says so. */
  g_signal_connect (big, "notify", G_CALLBACK (count_notify_cb), counts);
  ovs_task_store_lookup_async (store, big_id, NULL, read_done_cb, &result);
  read = ovs_task_store_lookup_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (read == big);
  g_assert_cmpstr (ovs_task_get_request_json (big), ==, body);
  /* …and keeps its summary, for its row and view to read. */
  g_assert_nonnull (strstr (ovs_task_get_request_summary (big), fold));
  g_assert_cmpuint (notified (counts, "request-json"), ==, 1);
  g_assert_true (ovs_task_get_starred (big));

  /* A task resumed at start-up is asked for by its id: read as a summary, in both ways. */
  {
    g_autoptr(OvsTask) draft = make_draft ("Kling-3.0-omni", "还在生成", 1700000200);
    g_autoptr(OvsTask) inserted = NULL;
    g_autoptr(GPtrArray) unfinished = NULL;
    g_autoptr(GAsyncResult) unfinished_result = NULL;
    gint64 running_id;

    ovs_task_set_request_json (draft, body);
    ovs_task_set_task_id (draft, "task-running-1");
    ovs_task_set_status (draft, OVS_TASK_STATUS_RUNNING);
    inserted = ovs_task_store_insert (store, draft, &error);
    g_assert_no_error (error);
    running_id = ovs_task_get_id (inserted);
    g_clear_object (&inserted);
    g_clear_object (&draft);

    unfinished = ovs_task_store_dup_unfinished (store);
    check_resumed_summary (unfinished, running_id, fold);
    g_clear_pointer (&unfinished, g_ptr_array_unref);

    ovs_task_store_dup_unfinished_async (store, NULL, read_done_cb, &unfinished_result);
    unfinished = ovs_task_store_dup_unfinished_finish (store, wait_result (&unfinished_result), &error);
    g_assert_no_error (error);
    check_resumed_summary (unfinished, running_id, fold);
  }

  /* A copy made from a summary (a queued write's snapshot) takes no body away. */
  {
    g_autoptr(OvsTask) summary_only = ovs_task_new ();

    ovs_task_set_request_summary (summary_only, "{}");
    ovs_task_set_status (summary_only, OVS_TASK_STATUS_FAILED);
    ovs_task_assign (big, summary_only);
    g_assert_cmpstr (ovs_task_get_request_json (big), ==, body);
    g_assert_cmpint (ovs_task_get_status (big), ==, OVS_TASK_STATUS_FAILED);
  }
}

static void
test_store_lineage (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) root = insert_child (store, "R", 100, NULL);
  g_autoptr(OvsTask) a = insert_child (store, "A", 200, root);
  g_autoptr(OvsTask) b = insert_child (store, "B", 150, root);
  g_autoptr(OvsTask) a1 = insert_child (store, "A1", 300, a);
  g_autoptr(OvsTask) b1 = insert_child (store, "B1", 400, b);
  g_autoptr(OvsTask) other = insert_child (store, "U", 120, NULL);
  g_autoptr(OvsTask) x = insert_child (store, "X", 500, NULL);
  g_autoptr(OvsTask) y = insert_child (store, "Y", 600, x);
  g_autoptr(OvsTask) orphan = insert_child (store, "Z", 700, NULL);
  g_autoptr(GPtrArray) from_leaf = ovs_task_store_dup_lineage (store, ovs_task_get_id (a1));
  g_autoptr(GPtrArray) missing = ovs_task_store_dup_lineage (store, 424242);
  g_autoptr(GPtrArray) continued = ovs_continue_dup_lineage (store, b);
  g_autofree char *leaf_text = prompts_of (from_leaf);
  g_autofree char *continued_text = prompts_of (continued);
  g_autofree char *root_async = lineage_async (store, root);
  g_autofree char *other_async = lineage_async (store, other);
  g_autofree char *loop_async = NULL;
  g_autofree char *orphan_async = NULL;

  g_assert_cmpstr (leaf_text, ==, "R B A B1 A1");
  g_assert_cmpstr (continued_text, ==, "R B A B1 A1");
  g_assert_cmpstr (root_async, ==, "R B A B1 A1");
  g_assert_cmpstr (other_async, ==, "U");
  g_assert_cmpuint (missing->len, ==, 0);

  /* X and Y made each other's parent (a queued write, read back in order), and Z's parent
   * is gone from the history. */
  ovs_task_set_parent (x, ovs_task_get_id (y));
  ovs_task_store_queue_update (store, x, NULL);
  ovs_task_set_parent (orphan, 424242);
  ovs_task_store_queue_update (store, orphan, NULL);
  loop_async = lineage_async (store, x);
  orphan_async = lineage_async (store, orphan);
  g_assert_cmpstr (loop_async, ==, "Y X");
  g_assert_cmpstr (orphan_async, ==, "Z");

  /* The task view's read: the parent first, then the children oldest first. */
  {
    g_autofree char *of_a = family_async (store, a);
    g_autofree char *of_root = family_async (store, root);
    g_autofree char *of_leaf = family_async (store, b1);
    g_autofree char *of_orphan = family_async (store, orphan);

    g_assert_cmpstr (of_a, ==, "R A1");
    g_assert_cmpstr (of_root, ==, "B A");
    g_assert_cmpstr (of_leaf, ==, "B");
    g_assert_cmpstr (of_orphan, ==, "");
  }
}

/* The task view's history: the events read in the writer thread, after the update queued
 * before the read (its event too), as the main thread's read gives them. */
static void
test_store_events_async (void)
{
  g_autofree char *path = test_db_path ();
  g_autoptr(OvsTaskStore) store = open_store (path);
  g_autoptr(OvsTask) task = insert (store, "viduq2", "events", 1700000000);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) read_here = NULL;
  g_autoptr(GError) error = NULL;
  OvsTaskEvent *last;

  ovs_task_set_status (task, OVS_TASK_STATUS_RUNNING);
  ovs_task_set_progress (task, 40);
  ovs_task_store_queue_update (store, task, "{\"status\":\"in_progress\"}");
  ovs_task_store_dup_events_async (store, ovs_task_get_id (task), NULL, read_done_cb, &result);
  events = ovs_task_store_dup_events_finish (store, wait_result (&result), &error);
  g_assert_no_error (error);
  read_here = ovs_task_store_dup_events (store, ovs_task_get_id (task));
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (read_here->len, ==, events->len);
  last = g_ptr_array_index (events, 1);
  g_assert_cmpint (last->status, ==, OVS_TASK_STATUS_RUNNING);
  g_assert_cmpint (last->progress, ==, 40);
  g_assert_cmpstr (last->raw_answer, ==, "{\"status\":\"in_progress\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("test-store-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/task/properties", test_task_properties);
  g_test_add_func ("/store/insert-lookup", test_store_insert_lookup);
  g_test_add_func ("/store/update-events", test_store_update_events);
  g_test_add_func ("/store/live-objects", test_store_live_objects);
  g_test_add_func ("/store/async-reads", test_store_async_reads);
  g_test_add_func ("/store/lineage", test_store_lineage);
  g_test_add_func ("/store/summaries", test_store_summaries);
  g_test_add_func ("/store/events-async", test_store_events_async);
  g_test_add_func ("/store/unfinished", test_store_unfinished);
  g_test_add_func ("/store/filters", test_store_filters);
  g_test_add_func ("/store/errors", test_store_errors);
  g_test_add_func ("/store/migrate-v1", test_store_migrate_v1);
  g_test_add_func ("/store/migrate-long-body", test_store_migrate_long_body);
  g_test_add_func ("/store/move-long-bodies", test_store_move_long_bodies);
  g_test_add_func ("/store/newer-schema", test_store_newer_schema);
  g_test_add_func ("/store/default-path", test_store_default_path);
  g_test_add_func ("/store/concurrent", test_store_concurrent);
  g_test_add_func ("/store/queued-writes", test_store_queued_writes);
  g_test_add_func ("/store/queued-write-locked", test_store_queued_write_locked);
  g_test_add_func ("/store/damaged", test_store_damaged);
  g_test_add_func ("/store/damaged-found-later", test_store_damaged_found_later);
  g_test_add_func ("/store/empty-file", test_store_empty_file);
  g_test_add_func ("/store/groups", test_store_groups);
  g_test_add_func ("/store/recover-old-schema", test_store_recover_old_schema);
  g_test_add_func ("/store/recover-long-body", test_store_recover_long_body);
  g_test_add_func ("/list/model", test_list_model);
  g_test_add_func ("/list/hide", test_list_hide);
  g_test_add_func ("/list/groups", test_list_groups);

  status = g_test_run ();
  ovs_test_remove_tree (data_home);
  return status;
}
