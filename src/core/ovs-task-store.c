/* ovs-task-store.c: the task history, in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file shared by every process of the user (the app and `omni-video`): WAL mode so
 * readers never wait for the writer, a busy timeout and BEGIN IMMEDIATE so two writers
 * queue instead of failing with "database is locked".
 *
 * Durability: the connection runs with synchronous=NORMAL, which in WAL mode loses no
 * committed transaction when a process crashes (the WAL is written before COMMIT returns)
 * but may lose the last ones on a power cut. Inserts are the one write that must survive
 * anything, since the task is about to be created (and paid for) on the server: they run
 * with synchronous=FULL, which syncs the WAL before COMMIT returns. Updates (poll answers)
 * can be recovered by asking the server again and stay cheap.
 */
#define G_LOG_DOMAIN "ovs-task-store"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ovs-error.h"
#include "ovs-json-fold.h"
#include "ovs-task-store.h"

#define BUSY_TIMEOUT_MS 5000

/* Schema migrations: step i takes user_version i to i + 1. Never edit a released step;
 * add one. */
static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE tasks ("
  "  id INTEGER PRIMARY KEY,"
  "  task_id TEXT UNIQUE,"
  "  scenario TEXT,"
  "  model TEXT,"
  "  prompt TEXT,"
  "  request_json TEXT,"
  "  route TEXT,"
  "  base_url TEXT,"
  "  status TEXT NOT NULL DEFAULT 'submitting',"
  "  server_status TEXT,"
  "  progress INTEGER NOT NULL DEFAULT -1,"
  "  error TEXT,"
  "  urls TEXT NOT NULL DEFAULT '[]',"
  "  file TEXT,"
  "  media_json TEXT,"
  "  created_at INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX tasks_by_time ON tasks (created_at, id);"
  "CREATE TABLE task_events ("
  "  id INTEGER PRIMARY KEY,"
  "  task INTEGER NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  server_status TEXT,"
  "  progress INTEGER NOT NULL DEFAULT -1,"
  "  raw_answer TEXT,"
  "  error TEXT);"
  "CREATE INDEX task_events_by_task ON task_events (task, id);",

  /* 1 → 2: the note, search over prompts (trigram: substrings in any script, Chinese
   * included), indexes for the filters */
  "ALTER TABLE tasks ADD COLUMN note TEXT;"
  "CREATE INDEX tasks_by_status ON tasks (status, created_at, id);"
  "CREATE INDEX tasks_by_model ON tasks (model, created_at, id);"
  "CREATE VIRTUAL TABLE tasks_fts USING fts5 ("
  "  prompt, content='tasks', content_rowid='id', tokenize='trigram');"
  "CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN"
  "  INSERT INTO tasks_fts (rowid, prompt) VALUES (new.id, new.prompt);"
  "END;"
  "CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN"
  "  INSERT INTO tasks_fts (tasks_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);"
  "END;"
  "CREATE TRIGGER tasks_fts_update AFTER UPDATE OF prompt ON tasks"
  "  WHEN old.prompt IS NOT new.prompt BEGIN"
  "  INSERT INTO tasks_fts (tasks_fts, rowid, prompt) VALUES ('delete', old.id, old.prompt);"
  "  INSERT INTO tasks_fts (rowid, prompt) VALUES (new.id, new.prompt);"
  "END;"
  "INSERT INTO tasks_fts (tasks_fts) VALUES ('rebuild');",

  /* 2 → 3: tasks the user stopped following stay so across restarts */
  "ALTER TABLE tasks ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;",

  /* 3 → 4: groups (a comparison, variants, a batch, a chain), lineage, cost, the user's
   * star and note, and a JSON object for what a group keeps per task */
  "ALTER TABLE tasks ADD COLUMN group_id TEXT;"
  "ALTER TABLE tasks ADD COLUMN group_kind TEXT;"
  "ALTER TABLE tasks ADD COLUMN group_index INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tasks ADD COLUMN parent INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tasks ADD COLUMN cost INTEGER NOT NULL DEFAULT -1;"
  "ALTER TABLE tasks ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE tasks ADD COLUMN user_note TEXT;"
  "ALTER TABLE tasks ADD COLUMN meta TEXT;"
  "CREATE INDEX tasks_by_group ON tasks (group_id, group_index) WHERE group_id IS NOT NULL;"
  "CREATE INDEX tasks_by_parent ON tasks (parent) WHERE parent != 0;",

  /* 4 → 5: a long body (inline files) written from now on lives in a table of its own, and
   * the task's row holds its summary (ovs_json_fold_text ()): SQLite reads a row whole to
   * reach its later columns, so a page of history read every megabyte of its bodies, and a
   * task's every update wrote its body again. Rows written before stay as they are: moving
   * a gigabyte of bodies here, at open, took 23 s and doubled the file. */
  "ALTER TABLE tasks ADD COLUMN body_elsewhere INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE task_bodies (id INTEGER PRIMARY KEY, request_json TEXT NOT NULL);"
  "CREATE TRIGGER task_bodies_delete AFTER DELETE ON tasks BEGIN"
  "  DELETE FROM task_bodies WHERE id = old.id;"
  "END;",

  /* 5 → 6: the long bodies that rows written before 5 keep are moved to task_bodies later,
   * in the writer thread, a few at a time between other work, newest first
   * (ovs_task_store_move_long_bodies_async ()). This row says there may be some left, and
   * below which task id to look (0: from the newest); it goes when none is. */
  "CREATE TABLE store_state (key TEXT PRIMARY KEY, value INTEGER);"
  "INSERT INTO store_state (key, value) SELECT 'move-long-bodies', 0"
  "  WHERE EXISTS (SELECT 1 FROM tasks);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == OVS_TASK_STORE_SCHEMA_VERSION);

#define TASK_COLUMNS \
  "id, task_id, scenario, model, prompt, request_json, route, base_url, status, " \
  "server_status, progress, error, urls, file, media_json, note, created_at, updated_at, " \
  "finished_at, paused, group_id, group_kind, group_index, parent, cost, starred, user_note, " \
  "meta, body_elsewhere"

#define ORDER_NEWEST_FIRST " ORDER BY created_at DESC, id DESC"

/* Bound in this order by bind_task (), as ?1 … ?27, then ?28 by insert_one () */
#define SQL_INSERT \
  "INSERT INTO tasks (task_id, scenario, model, prompt, request_json, route, base_url, " \
  "status, server_status, progress, error, urls, file, media_json, note, created_at, " \
  "updated_at, finished_at, paused, group_id, group_kind, group_index, parent, cost, " \
  "starred, user_note, meta, body_elsewhere) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " \
  "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, " \
  "?27, ?28)"
/* A request is never changed once written: an update binds no body (?5 NULL) and keeps
 * the one written, or its summary. */
#define SQL_UPDATE \
  "UPDATE tasks SET task_id = ?1, scenario = ?2, model = ?3, prompt = ?4, " \
  "request_json = COALESCE (?5, request_json), route = ?6, base_url = ?7, status = ?8, " \
  "server_status = ?9, progress = ?10, error = ?11, urls = ?12, file = ?13, " \
  "media_json = ?14, note = ?15, " \
  "created_at = ?16, updated_at = ?17, finished_at = ?18, paused = ?19, group_id = ?20, " \
  "group_kind = ?21, group_index = ?22, parent = ?23, cost = ?24, starred = ?25, " \
  "user_note = ?26, meta = ?27 WHERE id = ?28"
#define SQL_INSERT_EVENT \
  "INSERT INTO task_events (task, at, status, server_status, progress, raw_answer, error) " \
  "VALUES (?, ?, ?, ?, ?, ?, ?)"

typedef struct
{
  gint64   id;
  GWeakRef ref;
} LiveEntry;

struct _OvsTaskStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text → sqlite3_stmt, prepared once */

  /* The OvsTask objects alive in this process, by row id, so that the same row is
   * always the same object and a change made through the store reaches what the UI
   * shows. Weak: the table does not keep tasks alive. */
  GMutex      live_lock;
  GHashTable *live;         /* &LiveEntry.id → LiveEntry */
  guint       live_sweep_at;

  /* SQLite said the file is corrupt: from then on nothing is written to it. */
  gboolean    damaged;
  /* Opened with OVS_TASK_STORE_CHECK_LATER: the integrity check is left to the writer,
   * which runs it before its first write. Set before the writer starts, never after. */
  gboolean    check_later;

  /* Rows with writes queued or waiting for a retry: reads leave their live objects alone,
   * which are newer than the file (main thread only). */
  GHashTable *dirty;        /* row id → number of writes not landed */

  /* The writer (ovs_task_store_queue_update () and friends): one thread with a connection
   * of its own, started at the first queued write. */
  GThread     *writer;
  GAsyncQueue *jobs;
  GMainContext *context;    /* where queued writes are published */
  GMutex       pending_lock;
  GCond        pending_cond;
  guint        pending;     /* jobs queued and not written (or failed) yet */
  sqlite3     *checking;    /* the writer's connection while it runs the check (pending_lock) */
  guint        n_unsaved;   /* writes that failed and wait for a retry */
  gint         busy_timeout;  /* milliseconds, atomic */
};

G_DEFINE_FINAL_TYPE (OvsTaskStore, ovs_task_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (OvsTaskFilter, ovs_task_filter, ovs_task_filter_copy, ovs_task_filter_free)

enum {
  TASK_ADDED,
  TASK_REMOVED,
  TASK_CHANGED,
  WRITE_FAILED,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_N_UNSAVED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint signals[N_SIGNALS];

static void stop_writer (OvsTaskStore *self);

/* Filters */

OvsTaskFilter *
ovs_task_filter_new (void)
{
  OvsTaskFilter *filter = g_new0 (OvsTaskFilter, 1);

  filter->status = -1;
  return filter;
}

OvsTaskFilter *
ovs_task_filter_copy (const OvsTaskFilter *filter)
{
  OvsTaskFilter *copy = ovs_task_filter_new ();

  if (filter != NULL)
    {
      copy->status = filter->status;
      copy->model = g_strdup (filter->model);
      copy->text = g_strdup (filter->text);
      copy->groups = filter->groups;
      if (filter->hidden != NULL && filter->hidden->len > 0)
        {
          copy->hidden = g_array_sized_new (FALSE, FALSE, sizeof (gint64), filter->hidden->len);
          g_array_append_vals (copy->hidden, filter->hidden->data, filter->hidden->len);
        }
    }
  return copy;
}

void
ovs_task_filter_free (OvsTaskFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->model);
  g_free (filter->text);
  g_clear_pointer (&filter->hidden, g_array_unref);
  g_free (filter);
}

gboolean
ovs_task_filter_equal (const OvsTaskFilter *a,
                       const OvsTaskFilter *b)
{
  static const OvsTaskFilter any = OVS_TASK_FILTER_INIT;

  guint a_hidden, b_hidden;

  a = a ? a : &any;
  b = b ? b : &any;
  a_hidden = a->hidden != NULL ? a->hidden->len : 0;
  b_hidden = b->hidden != NULL ? b->hidden->len : 0;
  return a->status == b->status &&
         g_strcmp0 (a->model, b->model) == 0 &&
         g_strcmp0 (a->text, b->text) == 0 &&
         a->groups == b->groups &&
         a_hidden == b_hidden &&
         (a_hidden == 0 || memcmp (a->hidden->data, b->hidden->data, a_hidden * sizeof (gint64)) == 0);
}

void
ovs_task_event_free (OvsTaskEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->server_status);
  g_free (event->error);
  g_free (event->raw_answer);
  g_free (event);
}

/* Errors and statements */

static void
set_damaged_error (OvsTaskStore  *self,
                   const char    *what,
                   GError       **error)
{
  g_set_error (error, OVS_ERROR, OVS_ERROR_DAMAGED,
               _("The history %s is damaged (%s): nothing more is written to it. “omni-video "
                 "recover” keeps it aside and recovers what can be read."), self->path, what);
}

static void
set_sqlite_error (OvsTaskStore  *self,
                  GError       **error)
{
  int code = sqlite3_errcode (self->db) & 0xff;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    {
      self->damaged = TRUE;
      set_damaged_error (self, sqlite3_errmsg (self->db), error);
      return;
    }
  g_set_error (error, OVS_ERROR, OVS_ERROR_STORE,
               _("History database: %s"), sqlite3_errmsg (self->db));
}

static sqlite3_stmt *
get_statement (OvsTaskStore  *self,
               const char    *sql,
               GError       **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    return stmt;
  /* Let go of after a late check found it damaged (close_damaged ()). */
  if (self->db == NULL)
    {
      set_damaged_error (self, _("found after start"), error);
      return NULL;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL)
      != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Steps a bound statement that writes, then resets it and clears its bindings for its next
 * use. */
static gboolean
step_write (OvsTaskStore  *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* Runs a statement that returns no rows. */
static gboolean
run_statement (OvsTaskStore  *self,
               const char    *sql,
               GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
begin_write (OvsTaskStore  *self,
             GError       **error)
{
  if (self->damaged)
    {
      set_damaged_error (self, _("found earlier"), error);
      return FALSE;
    }
  return run_statement (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (OvsTaskStore  *self,
        GError       **error)
{
  return run_statement (self, "COMMIT", error);
}

static void
rollback (OvsTaskStore *self)
{
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    run_statement (self, "ROLLBACK", NULL);
}

/* Live objects */

static void
live_entry_free (gpointer data)
{
  LiveEntry *entry = data;

  g_weak_ref_clear (&entry->ref);
  g_free (entry);
}

static OvsTask *
live_lookup (OvsTaskStore *self,
             gint64        id)
{
  LiveEntry *entry;
  OvsTask *task = NULL;

  g_mutex_lock (&self->live_lock);
  entry = g_hash_table_lookup (self->live, &id);
  if (entry != NULL)
    task = g_weak_ref_get (&entry->ref);
  g_mutex_unlock (&self->live_lock);
  return task;
}

static gboolean
live_entry_is_dead (gpointer key,
                    gpointer value,
                    gpointer user_data)
{
  LiveEntry *entry = value;
  g_autoptr(GObject) object = g_weak_ref_get (&entry->ref);

  return object == NULL;
}

static void
live_register (OvsTaskStore *self,
               OvsTask      *task)
{
  LiveEntry *entry = g_new0 (LiveEntry, 1);

  entry->id = ovs_task_get_id (task);
  g_weak_ref_init (&entry->ref, task);

  g_mutex_lock (&self->live_lock);
  g_hash_table_replace (self->live, &entry->id, entry);
  /* Entries of finalized tasks are dropped in sweeps, at most as often as the table
   * doubles: amortised constant time per task. */
  if (g_hash_table_size (self->live) >= self->live_sweep_at)
    {
      g_hash_table_foreach_remove (self->live, live_entry_is_dead, NULL);
      self->live_sweep_at = MAX (1024, 2 * g_hash_table_size (self->live));
    }
  g_mutex_unlock (&self->live_lock);
}

static void
live_forget (OvsTaskStore *self,
             gint64        id)
{
  g_mutex_lock (&self->live_lock);
  g_hash_table_remove (self->live, &id);
  g_mutex_unlock (&self->live_lock);
}

/* Rows ↔ tasks */

static char *
urls_to_json (const char * const *urls)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  if (urls == NULL || urls[0] == NULL)
    return g_strdup ("[]");

  json_builder_begin_array (builder);
  for (guint i = 0; urls[i] != NULL; i++)
    json_builder_add_string_value (builder, urls[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static GStrv
urls_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;
  JsonArray *array;

  if (text == NULL || strcmp (text, "[]") == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  builder = g_strv_builder_new ();
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* @with_body: the task's body as ?5 (an insert), else NULL (an update). */
static void
bind_task (sqlite3_stmt *stmt,
           OvsTask      *task,
           gboolean      with_body)
{
  g_autofree char *urls = urls_to_json (ovs_task_get_urls (task));
  /* Checked again here, whatever the task holds: no credential ever reaches the file. */
  g_autofree char *base_url = ovs_task_sanitize_base_url (ovs_task_get_base_url (task));

  bind_text (stmt, 1, ovs_task_get_task_id (task));
  bind_text (stmt, 2, ovs_task_get_scenario (task));
  bind_text (stmt, 3, ovs_task_get_model (task));
  bind_text (stmt, 4, ovs_task_get_prompt (task));
  bind_text (stmt, 5, with_body ? ovs_task_get_request_json (task) : NULL);
  bind_text (stmt, 6, ovs_task_get_route (task));
  bind_text (stmt, 7, base_url);
  bind_text (stmt, 8, ovs_task_status_to_string (ovs_task_get_status (task)));
  bind_text (stmt, 9, ovs_task_get_server_status (task));
  sqlite3_bind_int (stmt, 10, ovs_task_get_progress (task));
  bind_text (stmt, 11, ovs_task_get_error (task));
  bind_text (stmt, 12, urls);
  bind_text (stmt, 13, ovs_task_get_file (task));
  bind_text (stmt, 14, ovs_task_get_media_json (task));
  bind_text (stmt, 15, ovs_task_get_note (task));
  sqlite3_bind_int64 (stmt, 16, ovs_task_get_created_at (task));
  sqlite3_bind_int64 (stmt, 17, ovs_task_get_updated_at (task));
  sqlite3_bind_int64 (stmt, 18, ovs_task_get_finished_at (task));
  sqlite3_bind_int (stmt, 19, ovs_task_get_paused (task));
  bind_text (stmt, 20, ovs_task_get_group_id (task));
  bind_text (stmt, 21, ovs_task_get_group_kind (task));
  sqlite3_bind_int64 (stmt, 22, ovs_task_get_group_index (task));
  sqlite3_bind_int64 (stmt, 23, ovs_task_get_parent (task));
  sqlite3_bind_int64 (stmt, 24, ovs_task_get_cost (task));
  sqlite3_bind_int (stmt, 25, ovs_task_get_starred (task));
  bind_text (stmt, 26, ovs_task_get_user_note (task));
  bind_text (stmt, 27, ovs_task_get_meta (task));
}

static OvsTaskStatus
status_from_column (sqlite3_stmt *stmt,
                    int           column)
{
  OvsTaskStatus status;

  if (!ovs_task_status_from_string ((const char *) sqlite3_column_text (stmt, column), &status))
    status = OVS_TASK_STATUS_UNKNOWN;
  return status;
}

#define COLUMN_TEXT(stmt, i) ((const char *) sqlite3_column_text ((stmt), (i)))

/* The body of a task whose row holds its summary (task_bodies); NULL if it cannot be read
 * (a damaged history). */
static char *
read_body (OvsTaskStore *self,
           gint64        id)
{
  sqlite3_stmt *stmt = get_statement (self, "SELECT request_json FROM task_bodies WHERE id = ?",
                                      NULL);
  char *body = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    body = g_strdup (COLUMN_TEXT (stmt, 0));
  sqlite3_reset (stmt);
  return body;
}

/* Returns the live object of the row, brought up to date, or a new one. With
 * @summaries, a long body is given as its summary (ovs_task_get_request_summary ()) to a
 * task that does not hold it already. */
static OvsTask *
task_from_row_full (OvsTaskStore *self,
                    sqlite3_stmt *stmt,
                    gboolean      summaries)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  OvsTask *task = live_lookup (self, id);
  gboolean fresh = task == NULL;
  g_auto(GStrv) urls = urls_from_json (COLUMN_TEXT (stmt, 12));

  if (fresh)
    {
      task = ovs_task_new ();
      ovs_task_set_id (task, id);
    }
  else if (self->dirty != NULL && g_hash_table_contains (self->dirty, &id))
    {
      /* Newer than the file: its writes are queued. */
      return task;
    }

  g_object_freeze_notify (G_OBJECT (task));
  ovs_task_set_task_id (task, COLUMN_TEXT (stmt, 1));
  ovs_task_set_scenario (task, COLUMN_TEXT (stmt, 2));
  ovs_task_set_model (task, COLUMN_TEXT (stmt, 3));
  ovs_task_set_prompt (task, COLUMN_TEXT (stmt, 4));
  if (sqlite3_column_int (stmt, 28) != 0)
    {
      /* The row holds the summary; the body is read only for a whole task. A request is
       * never changed once written: a body already held is this one. */
      if (!summaries && ovs_task_get_request_json (task) == NULL)
        {
          g_autofree char *body = read_body (self, id);

          ovs_task_set_request_json (task, body);
        }
      ovs_task_set_request_summary (task, COLUMN_TEXT (stmt, 5));
    }
  else if (!summaries || sqlite3_column_bytes (stmt, 5) < OVS_JSON_SUMMARY_MIN_BYTES)
    ovs_task_set_request_json (task, COLUMN_TEXT (stmt, 5));
  else if (ovs_task_get_request_json (task) == NULL)
    {
      /* A request is never changed once written: a body already held is this one. */
      g_autofree char *summary = ovs_json_fold_text (COLUMN_TEXT (stmt, 5),
                                                     OVS_JSON_FOLD_MIN_LENGTH);

      ovs_task_set_request_summary (task, summary);
    }
  ovs_task_set_route (task, COLUMN_TEXT (stmt, 6));
  ovs_task_set_base_url (task, COLUMN_TEXT (stmt, 7));
  ovs_task_set_status (task, status_from_column (stmt, 8));
  ovs_task_set_server_status (task, COLUMN_TEXT (stmt, 9));
  ovs_task_set_progress (task, sqlite3_column_int (stmt, 10));
  ovs_task_set_error (task, COLUMN_TEXT (stmt, 11));
  ovs_task_set_urls (task, (const char * const *) urls);
  ovs_task_set_file (task, COLUMN_TEXT (stmt, 13));
  ovs_task_set_media_json (task, COLUMN_TEXT (stmt, 14));
  ovs_task_set_note (task, COLUMN_TEXT (stmt, 15));
  ovs_task_set_created_at (task, sqlite3_column_int64 (stmt, 16));
  ovs_task_set_updated_at (task, sqlite3_column_int64 (stmt, 17));
  ovs_task_set_finished_at (task, sqlite3_column_int64 (stmt, 18));
  ovs_task_set_paused (task, sqlite3_column_int (stmt, 19) != 0);
  ovs_task_set_group_id (task, COLUMN_TEXT (stmt, 20));
  ovs_task_set_group_kind (task, COLUMN_TEXT (stmt, 21));
  ovs_task_set_group_index (task, sqlite3_column_int64 (stmt, 22));
  ovs_task_set_parent (task, sqlite3_column_int64 (stmt, 23));
  ovs_task_set_cost (task, sqlite3_column_int64 (stmt, 24));
  ovs_task_set_starred (task, sqlite3_column_int (stmt, 25) != 0);
  ovs_task_set_user_note (task, COLUMN_TEXT (stmt, 26));
  ovs_task_set_meta (task, COLUMN_TEXT (stmt, 27));
  g_object_thaw_notify (G_OBJECT (task));

  if (fresh)
    live_register (self, task);
  return task;
}

static OvsTask *
task_from_row (OvsTaskStore *self,
               sqlite3_stmt *stmt)
{
  return task_from_row_full (self, stmt, FALSE);
}

/* Steps a SELECT TASK_COLUMNS statement to its end; resets it. With @summaries, see
 * task_from_row_full (). */
static gboolean
collect_tasks_full (OvsTaskStore  *self,
                    sqlite3_stmt  *stmt,
                    gboolean       summaries,
                    GPtrArray     *tasks,
                    GError       **error)
{
  gboolean summed_up = FALSE;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      summed_up |= summaries && sqlite3_column_bytes (stmt, 5) >= OVS_JSON_SUMMARY_MIN_BYTES;
      g_ptr_array_add (tasks, task_from_row_full (self, stmt, summaries));
    }
#ifdef __GLIBC__
  /* Each long body was read into memory on its own, and let go: glibc keeps what it freed
   * of blocks that size (its mmap threshold grows with them). Scrolling 300 tasks with a
   * 3 MB image each peaked at 405 MB resident without this, 219 MB with it. */
  if (summed_up)
    malloc_trim (0);
#endif
  if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
collect_tasks (OvsTaskStore  *self,
               sqlite3_stmt  *stmt,
               GPtrArray     *tasks,
               GError       **error)
{
  return collect_tasks_full (self, stmt, FALSE, tasks, error);
}

/* Opening */

static gboolean
exec_sql (OvsTaskStore  *self,
          const char    *sql,
          GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (OvsTaskStore  *self,
         GError       **error)
{
  sqlite3_stmt *stmt;
  int version = 0;
  g_autofree char *set_version = NULL;

  /* Under the write lock: two processes starting at once migrate once. */
  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    goto failed;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (version > OVS_TASK_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_STORE,
                   _("The history was written by a newer version of Omni Video Studio "
                     "(format %d, this version knows up to %d)"),
                   version, OVS_TASK_STORE_SCHEMA_VERSION);
      goto failed;
    }
  if (version == OVS_TASK_STORE_SCHEMA_VERSION)
    return commit (self, error);

  for (int v = version; v < OVS_TASK_STORE_SCHEMA_VERSION; v++)
    {
      g_debug ("Migrating %s from version %d to %d", self->path, v, v + 1);
      if (!exec_sql (self, migrations[v], error))
        {
          g_prefix_error (error, "migration %d → %d: ", v, v + 1);
          goto failed;
        }
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d", OVS_TASK_STORE_SCHEMA_VERSION);
  if (!exec_sql (self, set_version, error))
    goto failed;
  return commit (self, error);

failed:
  rollback (self);
  return FALSE;
}

/* At the first use after start: a damaged history must be found before anything is sent
 * (a task recorded in it could be lost). quick_check reads every page once, without the
 * index cross-checks of integrity_check. */
static gboolean
quick_check (OvsTaskStore  *self,
             GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *verdict = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  if (verdict != NULL && g_strcmp0 (verdict, "ok") != 0)
    {
      self->damaged = TRUE;
      set_damaged_error (self, verdict, error);
      return FALSE;
    }
  return TRUE;
}

/* Whether the file's schema is this version's, read without taking the write lock (a
 * migration takes it). FALSE with @error set when not even that can be read: page 1, the
 * header, is damaged. */
static gboolean
schema_is_current (OvsTaskStore  *self,
                   GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, "PRAGMA user_version", error);
  int version = -1;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return version == OVS_TASK_STORE_SCHEMA_VERSION;
}

/* A new history is made whole beside its name, then linked into place (never over a file
 * another process made meanwhile): a process killed while making it leaves no empty file
 * behind, which the next start would rightly take for a damaged history. */
static gboolean
create_new_history (OvsTaskStore  *self,
                    GError       **error)
{
  g_autofree char *temp = g_strdup_printf ("%s.new-%d", self->path, (int) getpid ());
  g_autofree char *temp_wal = g_strconcat (temp, "-wal", NULL);
  g_autofree char *temp_shm = g_strconcat (temp, "-shm", NULL);
  char *final_path = self->path;
  gboolean ok;

  g_unlink (temp);
  self->path = temp;
  ok = sqlite3_open_v2 (temp, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK
       && exec_sql (self, "PRAGMA journal_mode = WAL;", error)
       && migrate (self, error);
  if (!ok && error != NULL && *error == NULL)
    {
      if (self->db != NULL)
        set_sqlite_error (self, error);
      else
        g_set_error (error, OVS_ERROR, OVS_ERROR_STORE, _("History database: %s"),
                     sqlite3_errstr (SQLITE_NOMEM));
    }
  /* The statements belong to this connection; the last one to close folds the WAL in. */
  g_hash_table_remove_all (self->statements);
  sqlite3_close (self->db);
  self->db = NULL;
  self->path = final_path;

  if (ok && link (temp, final_path) != 0 && errno != EEXIST)
    {
      int errsv = errno;

      g_set_error (error, OVS_ERROR, OVS_ERROR_STORE, _("Could not create the history “%s”: %s"),
                   final_path, g_strerror (errsv));
      ok = FALSE;
    }
  g_unlink (temp);
  g_unlink (temp_wal);
  g_unlink (temp_shm);
  return ok;
}

/* @check: the first connection of the process to the file (not the writer's): makes a
 * new history, checks it and brings its schema up to date */
static gboolean
ovs_task_store_open (OvsTaskStore  *self,
                     gboolean       check,
                     GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, OVS_ERROR, OVS_ERROR_STORE,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  if (check && !g_file_test (self->path, G_FILE_TEST_EXISTS)
      && !create_new_history (self, error))
    return FALSE;

  /* SQLite would take an empty file for a new history: one cut to nothing is not. */
  {
    GStatBuf st;

    if (g_stat (self->path, &st) == 0 && st.st_size == 0)
      {
        set_damaged_error (self, _("the file is empty"), error);
        return FALSE;
      }
  }

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      if (self->db == NULL)
        g_set_error (error, OVS_ERROR, OVS_ERROR_STORE,
                     _("History database: %s"), sqlite3_errstr (SQLITE_NOMEM));
      else
        set_sqlite_error (self, error);
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, self->busy_timeout);

  if (!exec_sql (self,
                 "PRAGMA journal_mode = WAL;"
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;", error))
    {
      if (!self->damaged)
        g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }
  if (!check)
    return TRUE;
  if (self->check_later)
    {
      g_autoptr(GError) local = NULL;

      if (schema_is_current (self, &local))
        return TRUE;
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  /* Checked now: at the caller's wish, or because a migration is about to write into it. */
  self->check_later = FALSE;
  if (!quick_check (self, error))
    return FALSE;
  if (!migrate (self, error))
    {
      if (!self->damaged)
        g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }
  return TRUE;
}

static void
ovs_task_store_finalize (GObject *object)
{
  OvsTaskStore *self = OVS_TASK_STORE (object);

  stop_writer (self);
  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_mutex_clear (&self->pending_lock);
  g_cond_clear (&self->pending_cond);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_mutex_clear (&self->live_lock);
  g_free (self->path);

  G_OBJECT_CLASS (ovs_task_store_parent_class)->finalize (object);
}

static void
ovs_task_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OvsTaskStore *self = OVS_TASK_STORE (object);

  switch (prop_id)
    {
    case PROP_N_UNSAVED:
      g_value_set_uint (value, self->n_unsaved);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_store_class_init (OvsTaskStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ovs_task_store_finalize;

  /**
   * OvsTaskStore::task-added:
   * @task: the new task, with its row id
   */
  signals[TASK_ADDED] =
    g_signal_new ("task-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVS_TYPE_TASK);
  /**
   * OvsTaskStore::task-removed:
   * @id: the row id of the deleted task
   */
  signals[TASK_REMOVED] =
    g_signal_new ("task-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * OvsTaskStore::task-changed:
   * @task: the live object of the task, up to date
   */
  signals[TASK_CHANGED] =
    g_signal_new ("task-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, OVS_TYPE_TASK);
  /**
   * OvsTaskStore::write-failed:
   * @task: (nullable): the task whose queued write failed (%NULL for a delete)
   * @message: why, for the user
   *
   * A queued write did not land; it is tried again later unless the history is damaged.
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, OVS_TYPE_TASK, G_TYPE_STRING);

  object_class->get_property = ovs_task_store_get_property;
  properties[PROP_N_UNSAVED] =
    g_param_spec_uint ("n-unsaved", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_task_store_init (OvsTaskStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal,
                                            g_free, finalize_statement);
  g_mutex_init (&self->live_lock);
  self->live = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, live_entry_free);
  self->live_sweep_at = 1024;
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&self->pending_lock);
  g_cond_init (&self->pending_cond);
  self->busy_timeout = BUSY_TIMEOUT_MS;
}

/**
 * ovs_task_store_dup_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/omni-video-studio/history.sqlite3`
 */
char *
ovs_task_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "omni-video-studio", "history.sqlite3",
                           NULL);
}

/**
 * ovs_task_store_new:
 * @path: (nullable): the database file, %NULL for the default one
 * @error: return location for an error
 *
 * Opens the history (creating the file and its folder if needed) and brings its schema
 * up to date. A store is used from one thread; other threads and processes open their
 * own.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
OvsTaskStore *
ovs_task_store_new (const char  *path,
                    GError     **error)
{
  return ovs_task_store_new_full (path, OVS_TASK_STORE_CHECK_NOW, error);
}

/**
 * ovs_task_store_new_full:
 * @path: (nullable): the database file, %NULL for the default one
 * @check: when to read the whole file for damage
 * @error: return location for an error
 *
 * As ovs_task_store_new(). With %OVS_TASK_STORE_CHECK_LATER the file is opened without
 * reading all of it (a 100 000-task history is ~90 MB): a file SQLite cannot open still
 * fails here, and the rest of the check runs in the writer thread before its first write,
 * or when ovs_task_store_check_async() asks. Reads work at once.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
OvsTaskStore *
ovs_task_store_new_full (const char         *path,
                         OvsTaskStoreCheck   check,
                         GError            **error)
{
  g_autoptr(OvsTaskStore) self = g_object_new (OVS_TYPE_TASK_STORE, NULL);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->path = path ? g_strdup (path) : ovs_task_store_dup_default_path ();
  self->context = g_main_context_ref_thread_default ();
  self->check_later = check == OVS_TASK_STORE_CHECK_LATER;
  if (!ovs_task_store_open (self, TRUE, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The columns of TASK_COLUMNS, each with what to read in its place from a history
 * written before the column existed (a damaged file may be of any schema version). */
static const struct
{
  const char *name;
  const char *missing;
} task_columns[] = {
  { "id", NULL }, { "task_id", NULL }, { "scenario", NULL }, { "model", NULL },
  { "prompt", NULL }, { "request_json", NULL }, { "route", NULL }, { "base_url", NULL },
  { "status", NULL }, { "server_status", NULL }, { "progress", NULL }, { "error", NULL },
  { "urls", NULL }, { "file", NULL }, { "media_json", NULL }, { "note", "NULL" },
  { "created_at", NULL }, { "updated_at", NULL }, { "finished_at", NULL },
  { "paused", "0" }, { "group_id", "NULL" }, { "group_kind", "NULL" },
  { "group_index", "0" }, { "parent", "0" }, { "cost", "-1" }, { "starred", "0" },
  { "user_note", "NULL" }, { "meta", "NULL" }, { "body_elsewhere", "0" },
};

/* "SELECT <TASK_COLUMNS, or a stand-in for each one the file does not have> …" */
static char *
select_old_tasks_sql (sqlite3 *db)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  sqlite3_stmt *info = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA table_info (tasks)", -1, &info, NULL) == SQLITE_OK)
    while (sqlite3_step (info) == SQLITE_ROW)
      g_hash_table_add (present, g_strdup ((const char *) sqlite3_column_text (info, 1)));
  sqlite3_finalize (info);

  for (guint i = 0; i < G_N_ELEMENTS (task_columns); i++)
    {
      gboolean missing = task_columns[i].missing != NULL
                         && g_hash_table_size (present) > 0
                         && !g_hash_table_contains (present, task_columns[i].name);

      g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "",
                              missing ? task_columns[i].missing : task_columns[i].name);
    }
  g_string_append (sql, " FROM tasks WHERE id > ? ORDER BY id");
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Every task SQLite can still read from the damaged file @path, oldest first: row by row,
 * stepping over rows (and pages) it cannot read. */
static GPtrArray *
read_what_is_left (const char   *path,
                   GCancellable *cancellable)
{
  g_autoptr(OvsTaskStore) source = g_object_new (OVS_TYPE_TASK_STORE, NULL);
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  gint64 last = 0;
  guint misses = 0;
  g_autofree char *sql = NULL;

  source->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &source->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return tasks;
  sql = select_old_tasks_sql (source->db);
  if (sqlite3_prepare_v2 (source->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return tasks;

  /* A bad page fails the step that reaches it: go on after the last row read, one id
   * further each time, until a good while of nothing. */
  while (misses < 10000 && !g_cancellable_is_cancelled (cancellable))
    {
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, last);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          OvsTask *task = task_from_row (source, stmt);

          last = ovs_task_get_id (task);
          ovs_task_set_id (task, 0);
          g_ptr_array_add (tasks, task);
          misses = 0;
        }
      if (rc == SQLITE_DONE)
        break;
      last++;
      misses++;
    }
  sqlite3_finalize (stmt);
  return tasks;
}

/* Moves the history file @from to @to, its journal with it: the journal belongs to that
 * file, not to whatever comes to live at @from next. */
static gboolean
move_history_file (const char  *from,
                   const char  *to,
                   GError     **error)
{
  const char *suffixes[] = { "-wal", "-shm" };

  if (g_rename (from, to) != 0)
    {
      int errsv = errno;

      g_set_error (error, OVS_ERROR, OVS_ERROR_STORE, _("Could not move “%s” aside: %s"),
                   from, g_strerror (errsv));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *journal = g_strconcat (from, suffixes[i], NULL);
      g_autofree char *moved = g_strconcat (to, suffixes[i], NULL);

      if (g_file_test (journal, G_FILE_TEST_EXISTS) && g_rename (journal, moved) != 0)
        g_debug ("Could not move %s: %s", journal, g_strerror (errno));
    }
  return TRUE;
}

/**
 * ovs_task_store_recover:
 * @path: (nullable): the damaged history; %NULL for the default one
 * @aside_path: (out) (optional): where the damaged file now is
 * @n_recovered: (out) (optional): how many tasks came back
 * @error: return location for an error
 *
 * Keeps the damaged history aside ("<path>.damaged-<date>", never deleted), makes a new one
 * at @path and copies into it every task SQLite can still read from the old. Blocks: run it
 * in a thread from a UI.
 *
 * Returns: (transfer full) (nullable): the new history
 */
OvsTaskStore *
ovs_task_store_recover (const char  *path,
                        char       **aside_path,
                        guint       *n_recovered,
                        GError     **error)
{
  return ovs_task_store_recover_full (path, NULL, aside_path, n_recovered, error);
}

/**
 * ovs_task_store_recover_full:
 * @cancellable: (nullable): stops the reading of the damaged file
 *
 * As ovs_task_store_recover(). Cancelled before the new history is made, the damaged file
 * goes back to its name, as it was: nothing happened.
 */
OvsTaskStore *
ovs_task_store_recover_full (const char    *path,
                             GCancellable  *cancellable,
                             char         **aside_path,
                             guint         *n_recovered,
                             GError       **error)
{
  g_autofree char *own_path = path != NULL ? g_strdup (path) : ovs_task_store_dup_default_path ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", own_path, stamp);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(OvsTaskStore) fresh = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !move_history_file (own_path, aside, error))
    return NULL;

  tasks = read_what_is_left (aside, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_autoptr(GError) back_error = NULL;

      if (!move_history_file (aside, own_path, &back_error))
        g_warning ("The damaged history stays at %s: %s", aside, back_error->message);
      return NULL;
    }
  fresh = ovs_task_store_new (own_path, error);
  if (fresh == NULL || !ovs_task_store_insert_many (fresh, tasks, error))
    return NULL;

  if (aside_path != NULL)
    *aside_path = g_steal_pointer (&aside);
  if (n_recovered != NULL)
    *n_recovered = tasks->len;
  return g_steal_pointer (&fresh);
}

const char *
ovs_task_store_get_path (OvsTaskStore *self)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);
  return self->path;
}

/* Writing */

static gboolean
insert_event (OvsTaskStore  *self,
              OvsTask       *task,
              const char    *raw_answer,
              GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, SQL_INSERT_EVENT, error);
  g_autofree char *valid = NULL;

  if (stmt == NULL)
    return FALSE;

  if (raw_answer != NULL)
    {
      const char *end;
      gsize len = strlen (raw_answer);

      if (!g_utf8_validate_len (raw_answer, len, NULL))
        raw_answer = valid = g_utf8_make_valid (raw_answer, len);
      len = strlen (raw_answer);
      if (len > OVS_TASK_STORE_MAX_RAW_ANSWER)
        {
          /* Cut on a character boundary */
          g_utf8_validate_len (raw_answer, OVS_TASK_STORE_MAX_RAW_ANSWER, &end);
          len = end - raw_answer;
        }
      sqlite3_bind_text (stmt, 6, raw_answer, len, SQLITE_TRANSIENT);
    }

  sqlite3_bind_int64 (stmt, 1, ovs_task_get_id (task));
  sqlite3_bind_int64 (stmt, 2, ovs_task_get_updated_at (task));
  bind_text (stmt, 3, ovs_task_status_to_string (ovs_task_get_status (task)));
  bind_text (stmt, 4, ovs_task_get_server_status (task));
  sqlite3_bind_int (stmt, 5, ovs_task_get_progress (task));
  bind_text (stmt, 7, ovs_task_get_error (task));

  return step_write (self, stmt, error);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* A long body's place since schema 5: task_bodies, its row holding the summary. */
static gboolean
write_body_elsewhere (OvsTaskStore  *self,
                      gint64         id,
                      const char    *body,
                      GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, "INSERT OR REPLACE INTO task_bodies (id, request_json)"
                                            " VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  return step_write (self, stmt, error);
}

/* Inside a transaction */
static gboolean
insert_one (OvsTaskStore  *self,
            OvsTask       *draft,
            GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, SQL_INSERT, error);
  const char *body = ovs_task_get_request_json (draft);
  gboolean elsewhere = body != NULL && strlen (body) >= OVS_JSON_SUMMARY_MIN_BYTES;
  g_autofree char *summary = NULL;

  if (stmt == NULL)
    return FALSE;

  if (ovs_task_get_created_at (draft) == 0)
    ovs_task_set_created_at (draft, now_seconds ());
  if (ovs_task_get_updated_at (draft) == 0)
    ovs_task_set_updated_at (draft, ovs_task_get_created_at (draft));

  /* A long body goes to task_bodies, and its summary to the row. */
  bind_task (stmt, draft, !elsewhere);
  if (elsewhere)
    {
      /* The tracker made it already, for a task it sends. */
      summary = ovs_task_get_request_summary (draft) != body
                ? g_strdup (ovs_task_get_request_summary (draft))
                : ovs_json_fold_text (body, OVS_JSON_FOLD_MIN_LENGTH);
      bind_text (stmt, 5, summary);
    }
  sqlite3_bind_int (stmt, 28, elsewhere);
  if (!step_write (self, stmt, error))
    return FALSE;
  ovs_task_set_id (draft, sqlite3_last_insert_rowid (self->db));

  if (elsewhere && !write_body_elsewhere (self, ovs_task_get_id (draft), body, error))
    return FALSE;
  return insert_event (self, draft, NULL, error);
}

/* The database part of an insert: all of @drafts or none, committed with the WAL synced.
 * Sets their row ids; neither registers nor announces them (the caller's thread does). */
static gboolean
write_drafts (OvsTaskStore  *self,
              OvsTask      **drafts,
              guint          n_drafts,
              GError       **error)
{
  gboolean ok = FALSE;

  if (!run_statement (self, "PRAGMA synchronous = FULL", error))
    return FALSE;
  if (!begin_write (self, error))
    goto out;

  for (guint i = 0; i < n_drafts; i++)
    {
      if (!insert_one (self, drafts[i], error))
        {
          rollback (self);
          for (guint j = 0; j <= i; j++)
            ovs_task_set_id (drafts[j], 0);
          goto out;
        }
    }

  if (!commit (self, error))
    {
      rollback (self);
      for (guint i = 0; i < n_drafts; i++)
        ovs_task_set_id (drafts[i], 0);
      goto out;
    }
  ok = TRUE;

out:
  run_statement (self, "PRAGMA synchronous = NORMAL", NULL);
  return ok;
}

static void
publish_drafts (OvsTaskStore  *self,
                OvsTask      **drafts,
                guint          n_drafts)
{
  for (guint i = 0; i < n_drafts; i++)
    live_register (self, drafts[i]);
  for (guint i = 0; i < n_drafts; i++)
    g_signal_emit (self, signals[TASK_ADDED], 0, drafts[i]);
}

static gboolean
drafts_are_new (OvsTask **drafts,
                guint     n_drafts)
{
  for (guint i = 0; i < n_drafts; i++)
    {
      g_return_val_if_fail (OVS_IS_TASK (drafts[i]), FALSE);
      g_return_val_if_fail (ovs_task_get_id (drafts[i]) == 0, FALSE);
    }
  return TRUE;
}

/**
 * ovs_task_store_insert:
 * @self: the store
 * @draft: a task not in the history yet (row id 0), normally %OVS_TASK_STATUS_SUBMITTING
 * @error: return location for an error
 *
 * Writes @draft and its first event, and commits with the WAL synced: when this
 * returns, the task survives a crash or a power cut, so the create request may be sent.
 * Sets the row id (and created-at/updated-at when 0) on @draft, which becomes the live
 * object of the row. Blocks: on a main loop, use ovs_task_store_insert_async().
 *
 * Returns: (transfer full) (nullable): @draft, or %NULL with @error set
 */
OvsTask *
ovs_task_store_insert (OvsTaskStore  *self,
                       OvsTask       *draft,
                       GError       **error)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);
  g_return_val_if_fail (OVS_IS_TASK (draft), NULL);
  g_return_val_if_fail (ovs_task_get_id (draft) == 0, NULL);

  if (!write_drafts (self, &draft, 1, error))
    return NULL;
  publish_drafts (self, &draft, 1);
  return g_object_ref (draft);
}

/**
 * ovs_task_store_insert_many:
 * @self: the store
 * @drafts: (element-type OvsTask): tasks not in the history yet
 * @error: return location for an error
 *
 * Like ovs_task_store_insert() for many tasks (an import), in one transaction: all are
 * written or none.
 *
 * Returns: %TRUE on success
 */
gboolean
ovs_task_store_insert_many (OvsTaskStore  *self,
                            GPtrArray     *drafts,
                            GError       **error)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (drafts != NULL, FALSE);

  if (drafts->len == 0)
    return TRUE;
  if (!drafts_are_new ((OvsTask **) drafts->pdata, drafts->len)
      || !write_drafts (self, (OvsTask **) drafts->pdata, drafts->len, error))
    return FALSE;
  publish_drafts (self, (OvsTask **) drafts->pdata, drafts->len);
  return TRUE;
}

/* The database part of an update, inside a transaction: the row, and an event when the
 * status, progress or error differ from what the row held. */
static gboolean
write_update (OvsTaskStore  *self,
              OvsTask       *task,
              const char    *raw_answer,
              GError       **error)
{
  gint64 id = ovs_task_get_id (task);
  sqlite3_stmt *stmt;
  gboolean changed;
  int rc;

  stmt = get_statement (self, "SELECT status, progress, error FROM tasks WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                     _("The task is no longer in the history"));
      else
        set_sqlite_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  changed = status_from_column (stmt, 0) != ovs_task_get_status (task) ||
            sqlite3_column_int (stmt, 1) != ovs_task_get_progress (task) ||
            g_strcmp0 (COLUMN_TEXT (stmt, 2), ovs_task_get_error (task)) != 0;
  sqlite3_reset (stmt);

  stmt = get_statement (self, SQL_UPDATE, error);
  if (stmt == NULL)
    return FALSE;
  bind_task (stmt, task, FALSE);
  sqlite3_bind_int64 (stmt, 28, id);
  if (!step_write (self, stmt, error))
    return FALSE;

  return !changed || insert_event (self, task, raw_answer, error);
}

/* Brings the live object of @task's row up to date and says so. */
static void
publish_update (OvsTaskStore *self,
                OvsTask      *task)
{
  g_autoptr(OvsTask) live = live_lookup (self, ovs_task_get_id (task));

  if (live == NULL)
    {
      live_register (self, task);
      live = g_object_ref (task);
    }
  else
    {
      ovs_task_assign (live, task);
    }
  g_signal_emit (self, signals[TASK_CHANGED], 0, live);
}

/**
 * ovs_task_store_update:
 * @self: the store
 * @task: a task of the history
 * @raw_answer: (nullable): the server's answer that brought the change
 * @error: return location for an error
 *
 * Writes the current state of @task (setting its updated-at to now) and, when its
 * status, progress or error differ from what the history held, appends an event with
 * @raw_answer (cut to 64 KiB). Emits #OvsTaskStore::task-changed; if another object
 * stands for the same row in this process, it is brought up to date first. Blocks (up to
 * the busy timeout while another process writes): on a main loop, use
 * ovs_task_store_queue_update().
 *
 * Returns: %TRUE on success
 */
gboolean
ovs_task_store_update (OvsTaskStore  *self,
                       OvsTask       *task,
                       const char    *raw_answer,
                       GError       **error)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (OVS_IS_TASK (task), FALSE);
  g_return_val_if_fail (ovs_task_get_id (task) > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;
  ovs_task_set_updated_at (task, now_seconds ());
  if (!write_update (self, task, raw_answer, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  publish_update (self, task);
  return TRUE;
}

/* Runs one statement with the row id bound to its one parameter. */
static gboolean
run_with_id (OvsTaskStore  *self,
             const char    *sql,
             gint64         id,
             GError       **error)
{
  sqlite3_stmt *stmt = get_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_write (self, stmt, error);
}

static gboolean
write_delete (OvsTaskStore  *self,
              gint64         id,
              GError       **error)
{
  if (!begin_write (self, error))
    return FALSE;
  if (!run_with_id (self, "DELETE FROM task_events WHERE task = ?", id, error)
      || !run_with_id (self, "DELETE FROM tasks WHERE id = ?", id, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND,
                   _("The task is no longer in the history"));
      goto failed;
    }
  if (commit (self, error))
    return TRUE;

failed:
  rollback (self);
  return FALSE;
}

static void
publish_delete (OvsTaskStore *self,
                gint64        id)
{
  live_forget (self, id);
  g_signal_emit (self, signals[TASK_REMOVED], 0, id);
}

/**
 * ovs_task_store_delete:
 * @self: the store
 * @id: a row id
 * @error: return location for an error
 *
 * Deletes the task and its events (not its downloaded file). Blocks: on a main loop, use
 * ovs_task_store_queue_delete().
 *
 * Returns: %TRUE on success; %FALSE with %OVS_ERROR_NOT_FOUND if there was no such task
 */
gboolean
ovs_task_store_delete (OvsTaskStore  *self,
                       gint64         id,
                       GError       **error)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!write_delete (self, id, error))
    return FALSE;
  publish_delete (self, id);
  return TRUE;
}

/* Writing off the main thread
 *
 * A write may wait seconds for another process's lock (the busy timeout), so the app and
 * the tracker queue theirs: one writer thread, with a connection of its own to the same
 * file (WAL: the reads of this store's connection never wait for it), writes them in the
 * order queued, and each is published (live object, signals) on the store's thread once it
 * landed. Updates queued together share one transaction. A write that fails is announced
 * (#OvsTaskStore::write-failed) and tried again, with what the task holds by then, until
 * it lands: the task object keeps its state meanwhile, and reads of the file leave it
 * alone. */

#define MAX_BATCH 500
#define LONGEST_RETRY_S 30

typedef enum
{
  JOB_UPDATE,
  JOB_INSERT,
  JOB_DELETE,
  JOB_CHECK,
  JOB_READ,
  JOB_READ_EVENTS,
  JOB_MOVE_BODIES,
  JOB_STOP,
} JobKind;

typedef struct
{
  JobKind       kind;
  OvsTaskStore *store;      /* a reference; NULL for JOB_STOP */
  OvsTask      *task;       /* update: the caller's object, used on the store's thread only */
  OvsTask      *snapshot;   /* update: its state when queued, what the writer reads */
  char         *raw_answer;
  gint64        id;         /* update, delete */
  GTask        *gtask;      /* insert: the caller's, the draft as its task data; check; read */
  const char   *sql;        /* read: one statement selecting TASK_COLUMNS, one parameter */
  char         *text;       /* read: its parameter if text, else id is */
  gboolean      summaries;  /* read: long bodies as summaries (task_from_row_full ()) */
  GPtrArray    *rows;       /* read: what the writer's connection found, new objects */
  GPtrArray    *events;     /* events read: the task's OvsTaskEvents */
  guint         attempt;
  guint         n_moved;    /* move: bodies moved so far, by this job and those before it */
  gboolean      done;       /* move: none is left */
  GError       *error;      /* set by the writer */
} Job;

/* Stores with a writer, flushed when the process exits (the CLI returns from main with
 * writes still queued). */
static GMutex writers_lock;
static GList *writers;

static Job *
job_new (OvsTaskStore *self,
         JobKind       kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = self != NULL ? g_object_ref (self) : NULL;
  return job;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_object (&job->task);
  g_clear_object (&job->snapshot);
  g_clear_object (&job->gtask);
  g_clear_error (&job->error);
  g_free (job->raw_answer);
  g_free (job->text);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_free (job);
}

/* What the writer will write: the task as it is now, stamped now. Not its body, which an
 * update does not write: a task's every update copied megabytes of inline files here, on
 * the main thread. */
static void
take_snapshot (Job *job)
{
  ovs_task_set_updated_at (job->task, now_seconds ());
  g_clear_object (&job->snapshot);
  job->snapshot = ovs_task_new ();
  ovs_task_set_id (job->snapshot, job->id);
  ovs_task_assign_state (job->snapshot, job->task);
}

static OvsTaskStore *
open_writer_connection (OvsTaskStore  *self,
                        GError       **error)
{
  g_autoptr(OvsTaskStore) conn = g_object_new (OVS_TYPE_TASK_STORE, NULL);

  conn->path = g_strdup (self->path);
  if (!ovs_task_store_open (conn, FALSE, error))
    return NULL;
  /* Its first job, the check, reads every page once: with SQLite's default cache (2 MiB)
   * that cache stays full of pages nothing reads again, for the whole run. The writer's
   * own work (a row written, a few rows read) needs a handful (issue 14's memory). */
  exec_sql (conn, "PRAGMA cache_size = -256", NULL);
  return g_steal_pointer (&conn);
}

static void
write_updates (OvsTaskStore  *conn,
               GPtrArray     *batch,
               GError       **error)
{
  if (!begin_write (conn, error))
    return;
  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);
      g_autoptr(GError) local = NULL;

      if (write_update (conn, job->snapshot, job->raw_answer, &local))
        continue;
      /* Deleted meanwhile: that one is dropped, the others go on. */
      if (g_error_matches (local, OVS_ERROR, OVS_ERROR_NOT_FOUND))
        {
          job->error = g_steal_pointer (&local);
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      rollback (conn);
      return;
    }
  if (!commit (conn, error))
    rollback (conn);
}

/* A move's step: at most this many rows looked at, this many bytes of bodies moved. */
#define MOVE_STEP_ROWS 200
#define MOVE_STEP_BYTES (16 * 1024 * 1024)

typedef struct
{
  gint64  id;
  char   *body;
} LongBody;

static void
long_body_clear (LongBody *long_body)
{
  g_free (long_body->body);
}

/* The move's marker: below which task id to look next (G_MAXINT64: from the newest), in
 * @before; FALSE in @present when there is none (nothing is left to move). */
static gboolean
read_move_marker (OvsTaskStore  *conn,
                  gboolean      *present,
                  gint64        *before,
                  GError       **error)
{
  sqlite3_stmt *stmt = get_statement (conn, "SELECT value FROM store_state"
                                            " WHERE key = 'move-long-bodies'", error);

  if (stmt == NULL)
    return FALSE;
  *present = sqlite3_step (stmt) == SQLITE_ROW;
  /* Newest first: the Tasks page shows those first, and reads them on the main thread. */
  *before = *present && sqlite3_column_int64 (stmt, 0) > 0 ? sqlite3_column_int64 (stmt, 0)
                                                            : G_MAXINT64;
  sqlite3_reset (stmt);
  return TRUE;
}

/* The long bodies of the rows below @before, newest first, up to a step's worth, into
 * @found; @before becomes the last row looked at, and @done says whether it was the
 * oldest. */
static gboolean
collect_long_bodies (OvsTaskStore  *conn,
                     gint64        *before,
                     GArray        *found,
                     gboolean      *done,
                     GError       **error)
{
  sqlite3_stmt *stmt = get_statement (conn, "SELECT id, request_json FROM tasks"
                                            " WHERE id < ? AND body_elsewhere = 0"
                                            " ORDER BY id DESC", error);
  gsize bytes = 0;
  guint rows = 0;
  int rc = SQLITE_DONE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *before);
  while (rows < MOVE_STEP_ROWS && bytes < MOVE_STEP_BYTES
         && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int length = sqlite3_column_bytes (stmt, 1);

      *before = sqlite3_column_int64 (stmt, 0);
      rows++;
      if (length >= OVS_JSON_SUMMARY_MIN_BYTES)
        {
          LongBody long_body = { *before, g_strndup (COLUMN_TEXT (stmt, 1), length) };

          g_array_append_val (found, long_body);
          bytes += length;
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (conn, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  *done = rc == SQLITE_DONE;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* One row as rows are written since schema 5: its body in task_bodies, its summary in it. */
static gboolean
move_long_body (OvsTaskStore  *conn,
                LongBody      *long_body,
                GError       **error)
{
  g_autofree char *summary = ovs_json_fold_text (long_body->body, OVS_JSON_FOLD_MIN_LENGTH);
  sqlite3_stmt *stmt;

  if (!write_body_elsewhere (conn, long_body->id, long_body->body, error))
    return FALSE;
  stmt = get_statement (conn, "UPDATE tasks SET request_json = ?, body_elsewhere = 1"
                              " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, summary, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, long_body->id);
  return step_write (conn, stmt, error);
}

/* Where the next step starts, or, when none is left, no marker at all. */
static gboolean
write_move_marker (OvsTaskStore  *conn,
                   gboolean       done,
                   gint64         before,
                   GError       **error)
{
  sqlite3_stmt *stmt;

  if (done)
    return run_statement (conn, "DELETE FROM store_state WHERE key = 'move-long-bodies'", error);
  stmt = get_statement (conn, "UPDATE store_state SET value = ? WHERE key = 'move-long-bodies'",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, before);
  return step_write (conn, stmt, error);
}

/* In the writer thread: one step of moving the long bodies of rows written before schema 5
 * to task_bodies, each row keeping its summary, in one transaction. Sets @job's done when
 * none is left (then the marker goes). The rows are read first, then written: a step holds
 * at most MOVE_STEP_BYTES of bodies. */
static void
move_bodies (OvsTaskStore  *conn,
             Job           *job,
             GError       **error)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (LongBody));
  gboolean present;
  gint64 before;

  g_array_set_clear_func (found, (GDestroyNotify) long_body_clear);
  if (!begin_write (conn, error))
    return;
  if (!read_move_marker (conn, &present, &before, error))
    goto failed;
  if (!present)
    {
      job->done = TRUE;
      if (!commit (conn, error))
        goto failed;
      return;
    }
  if (!collect_long_bodies (conn, &before, found, &job->done, error))
    goto failed;
  for (guint i = 0; i < found->len; i++)
    {
      if (!move_long_body (conn, &g_array_index (found, LongBody, i), error))
        goto failed;
      job->n_moved++;
    }
  if (!write_move_marker (conn, job->done, before, error) || !commit (conn, error))
    goto failed;
  return;

failed:
  rollback (conn);
}

/* What the writer thread keeps between jobs. */
typedef struct
{
  OvsTaskStore *store;     /* whose writer this is */
  OvsTaskStore *conn;      /* its own connection, opened at the first job */
  gboolean      checked;   /* the file passed its integrity check (or was checked at open) */
  GError       *damage;    /* it failed it: every job fails with this, nothing is written */
} Writer;

/* Before the first write into a history opened with the check left for later: a damaged
 * file is found before anything goes into it (a task recorded there could be lost). */
static void
writer_check (Writer *writer)
{
  g_autoptr(GError) error = NULL;

  gboolean ok;

  if (writer->checked || writer->damage != NULL)
    return;
  g_mutex_lock (&writer->store->pending_lock);
  writer->store->checking = writer->conn->db;
  g_mutex_unlock (&writer->store->pending_lock);
  ok = quick_check (writer->conn, &error);
  g_mutex_lock (&writer->store->pending_lock);
  writer->store->checking = NULL;
  g_mutex_unlock (&writer->store->pending_lock);
  if (ok)
    writer->checked = TRUE;
  else if (g_error_matches (error, OVS_ERROR, OVS_ERROR_DAMAGED))
    writer->damage = g_steal_pointer (&error);
  else
    g_message ("The history could not be checked yet: %s", error->message);
}

/* In the writer thread: the rows a read asks for, as new objects (the live ones are the
 * store's, on its own thread; read_done () hands these over to them). */
static void
read_rows (OvsTaskStore  *conn,
           Job           *job,
           GError       **error)
{
  sqlite3_stmt *stmt = get_statement (conn, job->sql, error);

  if (stmt == NULL)
    return;
  if (job->text != NULL)
    sqlite3_bind_text (stmt, 1, job->text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, job->id);
  job->rows = g_ptr_array_new_with_free_func (g_object_unref);
  collect_tasks_full (conn, stmt, job->summaries, job->rows, error);
  /* The connection's own table of live objects is not where they live. */
  for (guint i = 0; i < job->rows->len; i++)
    live_forget (conn, ovs_task_get_id (g_ptr_array_index (job->rows, i)));
}

/* In the writer thread: one insert, delete, check or read, or a batch of updates. */
static void
run_jobs (OvsTaskStore  *self,
          Writer        *writer,
          GPtrArray     *batch)
{
  Job *first = g_ptr_array_index (batch, 0);
  g_autoptr(GError) error = NULL;
  OvsTaskStore **conn = &writer->conn;

  if (*conn == NULL)
    *conn = open_writer_connection (self, &error);
  if (*conn != NULL)
    writer_check (writer);
  if (writer->damage != NULL)
    error = g_error_copy (writer->damage);
  else if (*conn != NULL)
    {
      sqlite3_busy_timeout ((*conn)->db, (int) g_atomic_int_get (&self->busy_timeout));
      if (first->kind == JOB_CHECK && !writer->checked)
        g_set_error (&first->error, OVS_ERROR, OVS_ERROR_STORE,
                     _("The history could not be checked: it is busy or cannot be read"));
      else if (first->kind == JOB_INSERT)
        {
          GPtrArray *drafts = g_task_get_task_data (first->gtask);

          write_drafts (*conn, (OvsTask **) drafts->pdata, drafts->len, &first->error);
        }
      else if (first->kind == JOB_DELETE)
        write_delete (*conn, first->id, &first->error);
      else if (first->kind == JOB_READ)
        read_rows (*conn, first, &first->error);
      else if (first->kind == JOB_READ_EVENTS)
        first->events = ovs_task_store_dup_events (*conn, first->id);
      else if (first->kind == JOB_MOVE_BODIES)
        move_bodies (*conn, first, &first->error);
      else if (first->kind == JOB_UPDATE)
        write_updates (*conn, batch, &error);
    }
  for (guint i = 0; error != NULL && i < batch->len; i++)
    {
      Job *job = g_ptr_array_index (batch, i);

      if (job->error == NULL)
        job->error = g_error_copy (error);
    }
}

static gboolean job_done_cb (gpointer data);

/* Always through a source: g_main_context_invoke () would run it in this thread when
 * nobody iterates the store's context at that moment. */
static void
publish_later (OvsTaskStore *self,
               Job          *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, job_done_cb, job, NULL);
  g_source_set_static_name (source, "[ovs] history write done");
  g_source_attach (source, self->context);
}

static gpointer
writer_main (gpointer data)
{
  OvsTaskStore *self = data;  /* not a reference: finalize joins this thread */
  Writer writer = { self, NULL, !self->check_later, NULL };
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  Job *next = NULL;

  for (;;)
    {
      Job *job = next != NULL ? next : g_async_queue_pop (self->jobs);

      next = NULL;
      if (job->kind == JOB_STOP)
        {
          job_free (job);
          break;
        }
      g_ptr_array_add (batch, job);
      while (job->kind == JOB_UPDATE && batch->len < MAX_BATCH
             && (next = g_async_queue_try_pop (self->jobs)) != NULL && next->kind == JOB_UPDATE)
        {
          g_ptr_array_add (batch, next);
          next = NULL;
        }

      run_jobs (self, &writer, batch);

      g_mutex_lock (&self->pending_lock);
      self->pending -= batch->len;
      g_cond_broadcast (&self->pending_cond);
      g_mutex_unlock (&self->pending_lock);
      for (guint i = 0; i < batch->len; i++)
        publish_later (self, g_ptr_array_index (batch, i));
      g_ptr_array_set_size (batch, 0);
    }
  g_clear_object (&writer.conn);
  g_clear_error (&writer.damage);
  return NULL;
}

static void
flush_all_writers (void)
{
  g_mutex_lock (&writers_lock);
  for (GList *l = writers; l != NULL; l = l->next)
    ovs_task_store_flush (l->data);
  g_mutex_unlock (&writers_lock);
}

static void
push_job (OvsTaskStore *self,
          Job          *job)
{
  static gsize exit_hook = 0;

  /* Let go of as damaged (close_damaged ()): fails at once, as the writer would. */
  if (self->db == NULL)
    {
      set_damaged_error (self, _("found after start"), &job->error);
      publish_later (self, job);
      return;
    }
  if (self->writer == NULL)
    {
      self->jobs = g_async_queue_new ();
      self->writer = g_thread_new ("ovs-history", writer_main, self);
      g_mutex_lock (&writers_lock);
      writers = g_list_prepend (writers, self);
      g_mutex_unlock (&writers_lock);
      if (g_once_init_enter (&exit_hook))
        {
          atexit (flush_all_writers);
          g_once_init_leave (&exit_hook, 1);
        }
    }
  g_mutex_lock (&self->pending_lock);
  self->pending++;
  g_mutex_unlock (&self->pending_lock);
  g_async_queue_push (self->jobs, job);
}

static void
stop_writer (OvsTaskStore *self)
{
  if (self->writer == NULL)
    return;
  g_mutex_lock (&writers_lock);
  writers = g_list_remove (writers, self);
  g_mutex_unlock (&writers_lock);
  /* A check of a large file takes a second or more: the process does not wait for it. A
   * write still queued runs it again first (an interrupted check is not a passed one). */
  g_mutex_lock (&self->pending_lock);
  if (self->checking != NULL)
    sqlite3_interrupt (self->checking);
  g_mutex_unlock (&self->pending_lock);
  g_async_queue_push (self->jobs, job_new (NULL, JOB_STOP));
  g_thread_join (g_steal_pointer (&self->writer));
  g_clear_pointer (&self->jobs, g_async_queue_unref);
}

static void
dirty_add (OvsTaskStore *self,
           gint64        id)
{
  gpointer count = g_hash_table_lookup (self->dirty, &id);

  if (count == NULL)
    g_hash_table_insert (self->dirty, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (1));
  else
    g_hash_table_insert (self->dirty, g_memdup2 (&id, sizeof id),
                         GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
}

static void
dirty_remove (OvsTaskStore *self,
              gint64        id)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->dirty, &id));

  if (count <= 1)
    g_hash_table_remove (self->dirty, &id);
  else
    g_hash_table_insert (self->dirty, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (count - 1));
}

static void
set_n_unsaved (OvsTaskStore *self,
               guint         n_unsaved)
{
  if (self->n_unsaved == n_unsaved)
    return;
  self->n_unsaved = n_unsaved;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_UNSAVED]);
}

static gboolean
retry_cb (gpointer data)
{
  Job *job = data;

  g_clear_error (&job->error);
  if (job->kind == JOB_UPDATE)
    take_snapshot (job);
  push_job (job->store, job);
  return G_SOURCE_REMOVE;
}

/* A queued update or delete did not land. Returns whether @job was kept for a retry. */
static gboolean
job_failed (OvsTaskStore *self,
            Job          *job)
{
  guint delay;

  if (g_error_matches (job->error, OVS_ERROR, OVS_ERROR_NOT_FOUND))
    return FALSE;
  g_message ("Could not record task %" G_GINT64_FORMAT " in the history: %s", job->id,
             job->error->message);
  g_signal_emit (self, signals[WRITE_FAILED], 0, job->task, job->error->message);
  if (g_error_matches (job->error, OVS_ERROR, OVS_ERROR_DAMAGED))
    {
      self->damaged = TRUE;
      return FALSE;
    }
  if (job->attempt++ == 0)
    set_n_unsaved (self, self->n_unsaved + 1);
  delay = MIN (1u << MIN (job->attempt - 1, 5u), LONGEST_RETRY_S);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, delay, retry_cb, job, NULL);
  return TRUE;
}

static void
insert_done (OvsTaskStore *self,
             Job          *job)
{
  GPtrArray *drafts = g_task_get_task_data (job->gtask);

  if (job->error != NULL)
    {
      if (g_error_matches (job->error, OVS_ERROR, OVS_ERROR_DAMAGED))
        self->damaged = TRUE;
      g_task_return_error (job->gtask, g_steal_pointer (&job->error));
      return;
    }
  publish_drafts (self, (OvsTask **) drafts->pdata, drafts->len);
  g_task_return_pointer (job->gtask, g_ptr_array_ref (drafts), (GDestroyNotify) g_ptr_array_unref);
}

/* The late check found the file damaged: its connections are closed, so that recovery can
 * move it aside with no connection of this process left to write into it or, when closed
 * later, delete the new history's journal (named after the same path). Reads then find
 * nothing and writes fail as damaged. */
static void
close_damaged (OvsTaskStore *self)
{
  self->damaged = TRUE;
  if (self->db == NULL)
    return;
  stop_writer (self);
  g_hash_table_remove_all (self->statements);
  sqlite3_close (self->db);
  self->db = NULL;
}

static void
check_done (OvsTaskStore *self,
            Job          *job)
{
  if (job->error == NULL)
    {
      g_task_return_boolean (job->gtask, TRUE);
      return;
    }
  if (g_error_matches (job->error, OVS_ERROR, OVS_ERROR_DAMAGED))
    close_damaged (self);
  g_task_return_error (job->gtask, g_steal_pointer (&job->error));
}

/* The rows a read found, as the store's live objects: one already live is brought up to
 * date from the file (unless its own writes are still queued, which are newer), as
 * task_from_row () does for the reads on this thread. */
static void
read_done (OvsTaskStore *self,
           Job          *job)
{
  GPtrArray *tasks;

  if (job->error != NULL)
    {
      g_task_return_error (job->gtask, g_steal_pointer (&job->error));
      return;
    }
  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < job->rows->len; i++)
    {
      OvsTask *row = g_ptr_array_index (job->rows, i);
      gint64 id = ovs_task_get_id (row);
      OvsTask *live = live_lookup (self, id);

      if (live == NULL)
        {
          live_register (self, row);
          live = g_object_ref (row);
        }
      else if (self->dirty == NULL || !g_hash_table_contains (self->dirty, &id))
        ovs_task_assign (live, row);
      g_ptr_array_add (tasks, live);
    }
  g_task_return_pointer (job->gtask, tasks, (GDestroyNotify) g_ptr_array_unref);
}

/* A move's step is done: the next is queued behind whatever was asked meanwhile, or the
 * caller hears the end. Returns whether @job was queued again. */
static gboolean
move_step_done (OvsTaskStore *self,
                Job          *job)
{
  GError *error = NULL;

  if (job->error != NULL)
    g_task_return_error (job->gtask, g_steal_pointer (&job->error));
  else if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (job->gtask), &error))
    g_task_return_error (job->gtask, error);
  else if (job->done)
    g_task_return_int (job->gtask, job->n_moved);
  else
    {
      push_job (self, job);
      return TRUE;
    }
  return FALSE;
}

/* On the store's thread, once the writer is done with @data. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  OvsTaskStore *self = job->store;

  if (job->kind == JOB_INSERT)
    insert_done (self, job);
  else if (job->kind == JOB_CHECK)
    check_done (self, job);
  else if (job->kind == JOB_READ)
    read_done (self, job);
  else if (job->kind == JOB_READ_EVENTS && job->error != NULL)
    g_task_return_error (job->gtask, g_steal_pointer (&job->error));
  else if (job->kind == JOB_READ_EVENTS)
    g_task_return_pointer (job->gtask, g_steal_pointer (&job->events),
                           (GDestroyNotify) g_ptr_array_unref);
  else if (job->kind == JOB_MOVE_BODIES)
    {
      if (move_step_done (self, job))
        return G_SOURCE_REMOVE;
    }
  else if (job->error != NULL && job_failed (self, job))
    return G_SOURCE_REMOVE;
  else if (job->kind == JOB_UPDATE && job->error == NULL)
    publish_update (self, job->task);
  else if (job->kind == JOB_DELETE)
    publish_delete (self, job->id);

  if (job->kind == JOB_UPDATE)
    dirty_remove (self, job->id);
  if (job->attempt > 0)
    set_n_unsaved (self, self->n_unsaved - 1);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/**
 * ovs_task_store_queue_update:
 * @self: the store
 * @task: a task of the history
 * @raw_answer: (nullable): the server's answer that brought the change
 *
 * Like ovs_task_store_update(), without waiting: the task's current state (stamped now)
 * is written by the store's writer thread, then #OvsTaskStore::task-changed is emitted.
 * A write that fails emits #OvsTaskStore::write-failed and is tried again later with
 * the task's state by then.
 */
void
ovs_task_store_queue_update (OvsTaskStore *self,
                             OvsTask      *task,
                             const char   *raw_answer)
{
  Job *job;

  g_return_if_fail (OVS_IS_TASK_STORE (self));
  g_return_if_fail (OVS_IS_TASK (task));
  g_return_if_fail (ovs_task_get_id (task) > 0);

  job = job_new (self, JOB_UPDATE);
  job->task = g_object_ref (task);
  job->id = ovs_task_get_id (task);
  job->raw_answer = g_strdup (raw_answer);
  take_snapshot (job);
  dirty_add (self, job->id);
  push_job (self, job);
}

/**
 * ovs_task_store_queue_delete:
 * @self: the store
 * @id: a row id
 *
 * Like ovs_task_store_delete(), without waiting; #OvsTaskStore::task-removed follows
 * (also when the row was gone already).
 */
void
ovs_task_store_queue_delete (OvsTaskStore *self,
                             gint64        id)
{
  Job *job;

  g_return_if_fail (OVS_IS_TASK_STORE (self));

  job = job_new (self, JOB_DELETE);
  job->id = id;
  push_job (self, job);
}

/**
 * ovs_task_store_insert_async:
 * @self: the store
 * @draft: a task not in the history yet (row id 0)
 *
 * Like ovs_task_store_insert(), in the writer thread: when the callback runs and
 * ovs_task_store_insert_finish() returns the task, it is durably written (the create may
 * be sent). Not cancellable: once queued, the task is written.
 */
/* One insert job for @drafts, written in one transaction. */
static void
queue_insert (OvsTaskStore        *self,
              GPtrArray           *drafts,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  Job *job = job_new (self, JOB_INSERT);

  job->gtask = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (job->gtask, source_tag);
  g_task_set_task_data (job->gtask, g_ptr_array_ref (drafts), (GDestroyNotify) g_ptr_array_unref);
  push_job (self, job);
}

void
ovs_task_store_insert_async (OvsTaskStore        *self,
                             OvsTask             *draft,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (OVS_IS_TASK_STORE (self));
  g_return_if_fail (OVS_IS_TASK (draft));
  g_return_if_fail (ovs_task_get_id (draft) == 0);

  g_ptr_array_add (drafts, g_object_ref (draft));
  queue_insert (self, drafts, ovs_task_store_insert_async, callback, user_data);
}

/**
 * ovs_task_store_insert_finish:
 *
 * Returns: (transfer full) (nullable): the draft, now in the history, or %NULL with
 *   @error set
 */
OvsTask *
ovs_task_store_insert_finish (OvsTaskStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GPtrArray) drafts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  drafts = g_task_propagate_pointer (G_TASK (result), error);
  return drafts != NULL ? g_object_ref (g_ptr_array_index (drafts, 0)) : NULL;
}

/**
 * ovs_task_store_insert_many_async:
 * @drafts: (element-type OvsTask): tasks not in the history yet
 *
 * Writes all of @drafts in one transaction, in the writer thread: all are in the history
 * when it finishes, or none (a group is written down whole before any of it is sent).
 */
void
ovs_task_store_insert_many_async (OvsTaskStore        *self,
                                  GPtrArray           *drafts,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));
  g_return_if_fail (drafts != NULL && drafts->len > 0);

  queue_insert (self, drafts, ovs_task_store_insert_many_async, callback, user_data);
}

gboolean
ovs_task_store_insert_many_finish (OvsTaskStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr(GPtrArray) drafts = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  drafts = g_task_propagate_pointer (G_TASK (result), error);
  return drafts != NULL;
}

/**
 * ovs_task_store_check_async:
 * @self: the store
 * @cancellable: (nullable): stops the wait for the answer (not the check itself)
 *
 * Reads the whole file for damage in the writer thread, for a store opened with
 * %OVS_TASK_STORE_CHECK_LATER (others were checked at open: the answer comes at once).
 * A damaged file fails with %OVS_ERROR_DAMAGED; the store then closes its connections,
 * which recovery needs, and every later read or write finds it damaged.
 */
void
ovs_task_store_check_async (OvsTaskStore        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OVS_IS_TASK_STORE (self));

  job = job_new (self, JOB_CHECK);
  job->gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->gtask, ovs_task_store_check_async);
  if (!self->check_later && self->db != NULL)
    {
      g_task_return_boolean (job->gtask, TRUE);
      job_free (job);
      return;
    }
  push_job (self, job);
}

gboolean
ovs_task_store_check_finish (OvsTaskStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * ovs_task_store_move_long_bodies_async:
 * @self: the store
 * @cancellable: (nullable): stops after the step under way
 *
 * Moves the long bodies (inline files) that the rows of a history written before schema 5
 * keep into task_bodies, each row keeping its summary, as rows are written now: a page of
 * such a history read every megabyte of its bodies (1.3 s for a hundred tasks with a 7 MB
 * image each). In the writer thread, in steps of a few rows, each its own transaction and
 * queued behind whatever was asked meanwhile; resumed at the next start where it stopped.
 * Does nothing once done. Finish with ovs_task_store_move_long_bodies_finish ().
 */
void
ovs_task_store_move_long_bodies_async (OvsTaskStore        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OVS_IS_TASK_STORE (self));

  job = job_new (self, JOB_MOVE_BODIES);
  job->gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->gtask, ovs_task_store_move_long_bodies_async);
  push_job (self, job);
}

/* Returns: how many bodies were moved, or -1 with @error set. */
gint
ovs_task_store_move_long_bodies_finish (OvsTaskStore  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return (gint) g_task_propagate_int (G_TASK (result), error);
}

/**
 * ovs_task_store_flush:
 * @self: the store
 *
 * Blocks until every queued write has been tried once (not for retries waiting their
 * turn). Their signals follow on the store's main context.
 */
void
ovs_task_store_flush (OvsTaskStore *self)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  g_mutex_lock (&self->pending_lock);
  while (self->pending > 0)
    g_cond_wait (&self->pending_cond, &self->pending_lock);
  g_mutex_unlock (&self->pending_lock);
}

/**
 * ovs_task_store_get_n_unsaved:
 *
 * Returns: how many queued writes failed and wait for a retry (#OvsTaskStore:n-unsaved)
 */
guint
ovs_task_store_get_n_unsaved (OvsTaskStore *self)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), 0);
  return self->n_unsaved;
}

/**
 * ovs_task_store_set_busy_timeout:
 * @self: the store
 * @milliseconds: how long a write waits for another process's lock before it fails
 *
 * 5 s unless changed (tests shorten it).
 */
void
ovs_task_store_set_busy_timeout (OvsTaskStore *self,
                                 guint         milliseconds)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  g_atomic_int_set (&self->busy_timeout, (gint) milliseconds);
  if (self->db != NULL)
    sqlite3_busy_timeout (self->db, (int) milliseconds);
}

/* Reading */

static OvsTask *
lookup_one (OvsTaskStore *self,
            const char   *sql,
            gint64        id,
            const char   *text)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = get_statement (self, sql, &error);

  if (stmt == NULL)
    {
      g_message ("%s", error->message);
      return NULL;
    }
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  if (!collect_tasks (self, stmt, tasks, &error))
    g_message ("%s", error->message);
  if (tasks->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (tasks, 0));
}

/**
 * ovs_task_store_lookup:
 *
 * Returns: (transfer full) (nullable): the task of row @id (the live object if there is
 *   one, brought up to date), or %NULL
 */
OvsTask *
ovs_task_store_lookup (OvsTaskStore *self,
                       gint64        id)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);

  return lookup_one (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?", id, NULL);
}

/**
 * ovs_task_store_lookup_by_task_id:
 *
 * Returns: (transfer full) (nullable): the task the server knows as @task_id, or %NULL
 */
OvsTask *
ovs_task_store_lookup_by_task_id (OvsTaskStore *self,
                                  const char   *task_id)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);
  g_return_val_if_fail (task_id != NULL, NULL);

  return lookup_one (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE task_id = ?", 0, task_id);
}

/* Unfinished, in no order: sorting thousands of whole rows in SQLite held them all in its
 * sorter's memory at once (issue 14's memory figure); the pointers are sorted instead. */
#define UNFINISHED_SQL \
  "SELECT " TASK_COLUMNS " FROM tasks " \
  "WHERE status IN ('submitting', 'queued', 'running', 'unknown')"

/* Oldest first, as the history's time index orders them. */
static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  OvsTask *ta = *(OvsTask * const *) a, *tb = *(OvsTask * const *) b;
  gint64 ca = ovs_task_get_created_at (ta), cb = ovs_task_get_created_at (tb);
  gint64 ia = ovs_task_get_id (ta), ib = ovs_task_get_id (tb);

  if (ca != cb)
    return ca < cb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

/**
 * ovs_task_store_dup_unfinished:
 *
 * Returns: (transfer container) (element-type OvsTask): the tasks still going
 *   (submitting, queued, running, unknown), oldest first: what to resume on start-up
 */
GPtrArray *
ovs_task_store_dup_unfinished (OvsTaskStore *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OVS_IS_TASK_STORE (self), tasks);

  stmt = get_statement (self, UNFINISHED_SQL, &error);
  /* Summaries, as ovs_task_store_dup_unfinished_async () says. */
  if (stmt == NULL || !collect_tasks_full (self, stmt, TRUE, tasks, &error))
    g_message ("%s", error->message);
  g_ptr_array_sort (tasks, compare_created);
  return tasks;
}

/* Every task one statement with one bound parameter selects, in its order. */
static GPtrArray *
dup_selected (OvsTaskStore *self,
              const char   *sql,
              gint64        id,
              const char   *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = get_statement (self, sql, &error);

  if (stmt != NULL)
    {
      if (text != NULL)
        sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, 1, id);
    }
  if (stmt == NULL || !collect_tasks (self, stmt, tasks, &error))
    g_message ("%s", error->message);
  return tasks;
}

/**
 * ovs_task_store_dup_group:
 *
 * Returns: (transfer container) (element-type OvsTask): the tasks of group @group_id, in
 *   their group order (then oldest first)
 */
GPtrArray *
ovs_task_store_dup_group (OvsTaskStore *self,
                          const char   *group_id)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);
  g_return_val_if_fail (group_id != NULL, NULL);

  return dup_selected (self,
                       "SELECT " TASK_COLUMNS " FROM tasks WHERE group_id = ? "
                       "ORDER BY group_index, created_at, id", 0, group_id);
}

/* A read run by the writer thread with its own connection: the main thread never waits
 * for SQLite (another process's checkpoint can hold the file for a while), and what was
 * queued before is read back as written. */
static void
read_async (OvsTaskStore        *self,
            const char          *sql,
            gint64               id,
            const char          *text,
            gboolean             summaries,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Job *job = job_new (self, JOB_READ);

  job->gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->gtask, source_tag);
  job->sql = sql;
  job->id = id;
  job->text = g_strdup (text);
  job->summaries = summaries;
  push_job (self, job);
}

/**
 * ovs_task_store_lookup_async:
 * @self: the store
 * @id: a row id
 *
 * ovs_task_store_lookup() read in the store's writer thread; the answer comes on the
 * store's main context.
 */
void
ovs_task_store_lookup_async (OvsTaskStore        *self,
                             gint64               id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  read_async (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE id = ?", id, NULL, FALSE,
              ovs_task_store_lookup_async, cancellable, callback, user_data);
}

/**
 * ovs_task_store_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the task of the row (the live object), or %NULL
 *   with @error unset when the history has no such row
 */
OvsTask *
ovs_task_store_lookup_finish (OvsTaskStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  tasks = g_task_propagate_pointer (G_TASK (result), error);
  return tasks != NULL && tasks->len > 0 ? g_object_ref (g_ptr_array_index (tasks, 0)) : NULL;
}

/**
 * ovs_task_store_dup_unfinished_async:
 * @self: the store
 *
 * ovs_task_store_dup_unfinished() read in the store's writer thread; the answer comes on
 * the store's main context.
 */
void
ovs_task_store_dup_unfinished_async (OvsTaskStore        *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  /* Summaries: a task followed again is asked for by its id; its body is never sent again
   * (ovs_tracker_resume ()), and what its result is checked against is in the summary. */
  read_async (self, UNFINISHED_SQL, 0, NULL, TRUE, ovs_task_store_dup_unfinished_async,
              cancellable, callback, user_data);
}

/**
 * ovs_task_store_dup_unfinished_finish:
 *
 * Returns: (transfer container) (element-type OvsTask) (nullable): as
 *   ovs_task_store_dup_unfinished(), or %NULL with @error set
 */
GPtrArray *
ovs_task_store_dup_unfinished_finish (OvsTaskStore  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  GPtrArray *tasks;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_task_store_dup_unfinished_async,
                        NULL);

  tasks = g_task_propagate_pointer (G_TASK (result), error);
  if (tasks != NULL)
    g_ptr_array_sort (tasks, compare_created);
  return tasks;
}

/**
 * ovs_task_store_dup_group_async:
 * @self: the store
 * @group_id: a group's id
 *
 * ovs_task_store_dup_group() read in the store's writer thread; the answer comes on the
 * store's main context.
 */
void
ovs_task_store_dup_group_async (OvsTaskStore        *self,
                                const char          *group_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));
  g_return_if_fail (group_id != NULL);

  read_async (self, "SELECT " TASK_COLUMNS " FROM tasks WHERE group_id = ? "
              "ORDER BY group_index, created_at, id", 0, group_id, FALSE,
              ovs_task_store_dup_group_async, cancellable, callback, user_data);
}

/**
 * ovs_task_store_dup_group_finish:
 *
 * Returns: (transfer container) (element-type OvsTask): the tasks of the group in their
 *   group order, or %NULL with @error set
 */
GPtrArray *
ovs_task_store_dup_group_finish (OvsTaskStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The whole lineage of task ?1: its first ancestor (parents followed up while they are in
 * the history), then every task continued from it, generation by generation; within one,
 * in the order of their parents, then oldest first. Each row's path (the created_at and id
 * of each of its ancestors, fixed width) gives that order. A damaged history could make
 * parents loop: a task already on a path is not followed again. */
#define LINEAGE_SQL \
  "WITH RECURSIVE " \
  "up (uid, upar, n, seen) AS (" \
  "  SELECT id, parent, 0, ',' || id || ',' FROM tasks WHERE id = ?1 " \
  "  UNION ALL " \
  "  SELECT t.id, t.parent, up.n + 1, up.seen || t.id || ',' FROM tasks AS t " \
  "  JOIN up ON t.id = up.upar WHERE up.upar != 0 AND instr (up.seen, ',' || t.id || ',') = 0), " \
  "root (rid) AS (SELECT uid FROM up ORDER BY n DESC LIMIT 1), " \
  "down (did, gen, path) AS (" \
  "  SELECT t.id, 0, printf ('%020d.%020d/', t.created_at, t.id) FROM tasks AS t " \
  "  JOIN root ON t.id = root.rid " \
  "  UNION ALL " \
  "  SELECT t.id, down.gen + 1, down.path || printf ('%020d.%020d/', t.created_at, t.id) " \
  "  FROM tasks AS t JOIN down ON t.parent = down.did " \
  "  WHERE instr (down.path, printf ('.%020d/', t.id)) = 0), " \
  "lineage (lid, lgen, lpath) AS (SELECT did, MIN (gen), path FROM down GROUP BY did) " \
  "SELECT " TASK_COLUMNS " FROM tasks JOIN lineage ON tasks.id = lineage.lid " \
  "ORDER BY lgen, lpath"

/**
 * ovs_task_store_dup_lineage:
 * @id: a row id
 *
 * Returns: (transfer container) (element-type OvsTask): the chain task @id belongs to,
 *   its first ancestor first, then its continuations generation by generation; empty
 *   when the history has no such row
 */
GPtrArray *
ovs_task_store_dup_lineage (OvsTaskStore *self,
                            gint64        id)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);

  return dup_selected (self, LINEAGE_SQL, id, NULL);
}

/**
 * ovs_task_store_dup_lineage_async:
 * @self: the store
 * @id: a row id
 *
 * ovs_task_store_dup_lineage() read in the store's writer thread; the answer comes on the
 * store's main context.
 */
void
ovs_task_store_dup_lineage_async (OvsTaskStore        *self,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  read_async (self, LINEAGE_SQL, id, NULL, FALSE, ovs_task_store_dup_lineage_async, cancellable,
              callback, user_data);
}

/**
 * ovs_task_store_dup_lineage_finish:
 *
 * Returns: (transfer container) (element-type OvsTask): the lineage, as
 *   ovs_task_store_dup_lineage() gives it, or %NULL with @error set
 */
GPtrArray *
ovs_task_store_dup_lineage_finish (OvsTaskStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ovs_task_store_dup_family_async:
 * @self: the store
 * @id: a task's row id
 *
 * What the task view shows of a chain, read in the store's writer thread: the task's
 * parent first, if the history has it, then the tasks continued from it, oldest first.
 */
void
ovs_task_store_dup_family_async (OvsTaskStore        *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (OVS_IS_TASK_STORE (self));

  read_async (self, "SELECT " TASK_COLUMNS " FROM tasks "
              "WHERE (parent = ?1 AND id != ?1) OR id = (SELECT parent FROM tasks WHERE id = ?1) "
              "ORDER BY parent = ?1, created_at, id", id, NULL, FALSE,
              ovs_task_store_dup_family_async, cancellable, callback, user_data);
}

/**
 * ovs_task_store_dup_family_finish:
 *
 * Returns: (transfer container) (element-type OvsTask): the task's parent first (if the
 *   history has it), then its children, oldest first; or %NULL with @error set
 */
GPtrArray *
ovs_task_store_dup_family_finish (OvsTaskStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_task_store_dup_family_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ovs_task_store_dup_children:
 *
 * Returns: (transfer container) (element-type OvsTask): the tasks continued from task
 *   @parent_id, oldest first
 */
GPtrArray *
ovs_task_store_dup_children (OvsTaskStore *self,
                             gint64        parent_id)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);

  return dup_selected (self,
                       "SELECT " TASK_COLUMNS " FROM tasks WHERE parent = ? "
                       "ORDER BY created_at, id", parent_id, NULL);
}

/**
 * ovs_task_store_sum_cost:
 * @since: unix seconds, the first second counted
 * @until: unix seconds, the first second not counted
 * @n_costed: (out) (optional): how many tasks of that time have a known cost
 *
 * What the tasks created in [@since, @until) cost, in quota units, counting only those
 * whose cost is known (spend per day and month; budgets).
 *
 * Returns: the sum, 0 when none is known
 */
gint64
ovs_task_store_sum_cost (OvsTaskStore *self,
                         gint64        since,
                         gint64        until,
                         guint        *n_costed)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 sum = 0;

  g_return_val_if_fail (OVS_IS_TASK_STORE (self), 0);

  stmt = get_statement (self, "SELECT COALESCE (SUM (cost), 0), COUNT (*) FROM tasks "
                              "WHERE cost >= 0 AND created_at >= ? AND created_at < ?", &error);
  if (n_costed != NULL)
    *n_costed = 0;
  if (stmt == NULL)
    {
      g_message ("%s", error->message);
      return 0;
    }
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, until);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sum = sqlite3_column_int64 (stmt, 0);
      if (n_costed != NULL)
        *n_costed = (guint) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  return sum;
}

/**
 * ovs_task_store_dup_events:
 *
 * Returns: (transfer container) (element-type OvsTaskEvent): the changes of task @id,
 *   oldest first
 */
GPtrArray *
ovs_task_store_dup_events (OvsTaskStore *self,
                           gint64        id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_task_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OVS_IS_TASK_STORE (self), events);

  stmt = get_statement (self,
                        "SELECT at, status, server_status, progress, error, raw_answer "
                        "FROM task_events WHERE task = ? ORDER BY id", &error);
  if (stmt == NULL)
    {
      g_message ("%s", error->message);
      return events;
    }
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OvsTaskEvent *event = g_new0 (OvsTaskEvent, 1);

      event->at = sqlite3_column_int64 (stmt, 0);
      event->status = status_from_column (stmt, 1);
      event->server_status = g_strdup (COLUMN_TEXT (stmt, 2));
      event->progress = sqlite3_column_int (stmt, 3);
      event->error = g_strdup (COLUMN_TEXT (stmt, 4));
      event->raw_answer = g_strdup (COLUMN_TEXT (stmt, 5));
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, &error);
      g_message ("%s", error->message);
    }
  sqlite3_reset (stmt);
  return events;
}

/**
 * ovs_task_store_dup_events_async:
 * @self: the store
 * @id: a task's row id
 *
 * ovs_task_store_dup_events() read in the store's writer thread, after the writes queued
 * before it; the answer comes on the store's main context.
 */
void
ovs_task_store_dup_events_async (OvsTaskStore        *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (OVS_IS_TASK_STORE (self));

  job = job_new (self, JOB_READ_EVENTS);
  job->gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->gtask, ovs_task_store_dup_events_async);
  job->id = id;
  push_job (self, job);
}

/**
 * ovs_task_store_dup_events_finish:
 *
 * Returns: (transfer container) (element-type OvsTaskEvent): the task's events, oldest
 *   first, or %NULL with @error set
 */
GPtrArray *
ovs_task_store_dup_events_finish (OvsTaskStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Filtered queries */

typedef struct
{
  int        status;     /* -1: any */
  const char *model;
  char      *fts;        /* an FTS5 query over the words of 3 characters or more */
  GPtrArray *likes;      /* LIKE patterns for the shorter ones (trigrams need 3) */
  GArray    *hidden;     /* (nullable) row ids left out */
  int        groups;     /* OvsTaskGroups */
} Where;

static void
where_clear (Where *where)
{
  g_clear_pointer (&where->fts, g_free);
  g_clear_pointer (&where->likes, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Where, where_clear)

static void
add_word (Where      *where,
          GString    *fts,
          const char *word,
          gsize       len)
{
  if (g_utf8_strlen (word, len) >= 3)
    {
      /* A quoted string is a phrase: nothing the user types is FTS5 syntax. With the
       * trigram tokenizer a phrase matches anywhere in the prompt, so it is also a
       * prefix match. */
      if (fts->len > 0)
        g_string_append_c (fts, ' ');
      g_string_append_c (fts, '"');
      for (gsize i = 0; i < len; i++)
        {
          if (word[i] == '"')
            g_string_append_c (fts, '"');
          g_string_append_c (fts, word[i]);
        }
      g_string_append_c (fts, '"');
    }
  else
    {
      GString *like = g_string_new ("%");

      for (gsize i = 0; i < len; i++)
        {
          if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
            g_string_append_c (like, '\\');
          g_string_append_c (like, word[i]);
        }
      g_string_append_c (like, '%');
      g_ptr_array_add (where->likes, g_string_free (like, FALSE));
    }
}

static void
where_init (Where               *where,
            const OvsTaskFilter *filter)
{
  g_autoptr(GString) fts = g_string_new (NULL);
  const char *p, *word = NULL;

  where->status = filter ? filter->status : -1;
  where->model = filter ? filter->model : NULL;
  where->fts = NULL;
  where->likes = g_ptr_array_new_with_free_func (g_free);
  where->hidden = filter != NULL && filter->hidden != NULL && filter->hidden->len > 0
                  ? filter->hidden : NULL;
  where->groups = filter != NULL ? filter->groups : OVS_TASK_GROUPS_FLAT;

  if (filter == NULL || filter->text == NULL || !g_utf8_validate (filter->text, -1, NULL))
    return;

  /* Words are separated by any Unicode space (the ideographic one included). */
  for (p = filter->text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0 || g_unichar_isspace (c))
        {
          if (word != NULL)
            add_word (where, fts, word, p - word);
          word = NULL;
          if (c == 0)
            break;
        }
      else if (word == NULL)
        {
          word = p;
        }
    }
  if (fts->len > 0)
    where->fts = g_strdup (fts->str);
}

static gboolean
where_has_matches (const Where *where)
{
  return where->status >= 0 || where->model != NULL || where->fts != NULL || where->likes->len > 0;
}

/* The criteria a task must meet, on the columns of the innermost table: the same text
 * serves a task and, in a subquery, the members of a group. */
static void
append_matches (const Where *where,
                GString     *sql)
{
  if (where->status >= 0)
    g_string_append (sql, " AND status = ?");
  if (where->model != NULL)
    g_string_append (sql, " AND model = ?");
  if (where->fts != NULL)
    g_string_append (sql, " AND id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)");
  for (guint i = 0; i < where->likes->len; i++)
    g_string_append (sql, " AND prompt LIKE ? ESCAPE '\\'");
}

static int
bind_matches (const Where  *where,
              sqlite3_stmt *stmt,
              int           i)
{
  if (where->status >= 0)
    bind_text (stmt, i++, ovs_task_status_to_string (where->status));
  if (where->model != NULL)
    bind_text (stmt, i++, where->model);
  if (where->fts != NULL)
    bind_text (stmt, i++, where->fts);
  for (guint j = 0; j < where->likes->len; j++)
    bind_text (stmt, i++, g_ptr_array_index (where->likes, j));
  return i;
}

static void
append_hidden (const Where *where,
               GString     *sql,
               const char  *column)
{
  if (where->hidden == NULL)
    return;
  /* One statement per number of hidden rows: a handful, as deletions wait for undo. */
  g_string_append_printf (sql, " AND %s NOT IN (?", column);
  for (guint i = 1; i < where->hidden->len; i++)
    g_string_append (sql, ", ?");
  g_string_append_c (sql, ')');
}

static int
bind_hidden (const Where  *where,
             sqlite3_stmt *stmt,
             int           i)
{
  for (guint j = 0; where->hidden != NULL && j < where->hidden->len; j++)
    sqlite3_bind_int64 (stmt, i++, g_array_index (where->hidden, gint64, j));
  return i;
}

/* A group is listed at its head, the member last in its order that is not hidden (the
 * group index (group_id, group_index) finds it without reading the other rows), when any
 * of its members meets the criteria. where_bind () binds in this order. */
static void
where_append_sql (const Where *where,
                  GString     *sql)
{
  if (where->groups == OVS_TASK_GROUPS_FLAT)
    {
      g_string_append (sql, " WHERE 1");
      append_matches (where, sql);
      append_hidden (where, sql, "id");
      return;
    }
  g_string_append (sql, " WHERE (");
  if (where->groups == OVS_TASK_GROUPS_COLLAPSED)
    {
      g_string_append (sql, "(group_id IS NULL");
      append_matches (where, sql);
      append_hidden (where, sql, "id");
      g_string_append (sql, ") OR ");
    }
  g_string_append (sql, "(group_id IS NOT NULL");
  append_hidden (where, sql, "id");
  g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM tasks n WHERE n.group_id = tasks.group_id"
                        " AND (n.group_index > tasks.group_index"
                        " OR (n.group_index = tasks.group_index AND n.id > tasks.id))");
  append_hidden (where, sql, "n.id");
  g_string_append_c (sql, ')');
  if (where_has_matches (where))
    {
      g_string_append (sql, " AND EXISTS (SELECT 1 FROM tasks m WHERE m.group_id = tasks.group_id");
      append_matches (where, sql);
      append_hidden (where, sql, "m.id");
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, "))");
}

/* Returns the next parameter index */
static int
where_bind (const Where  *where,
            sqlite3_stmt *stmt)
{
  int i = 1;

  if (where->groups == OVS_TASK_GROUPS_FLAT)
    return bind_hidden (where, stmt, bind_matches (where, stmt, i));
  if (where->groups == OVS_TASK_GROUPS_COLLAPSED)
    i = bind_hidden (where, stmt, bind_matches (where, stmt, i));
  i = bind_hidden (where, stmt, i);
  i = bind_hidden (where, stmt, i);
  if (where_has_matches (where))
    i = bind_hidden (where, stmt, bind_matches (where, stmt, i));
  return i;
}

/**
 * ovs_task_store_query_full:
 * @self: the store
 * @filter: (nullable): which tasks
 * @offset: how many to skip
 * @limit: how many at most, 0 for all
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type OvsTask) (nullable): the tasks, newest
 *   first, or %NULL with @error set
 */
static GPtrArray *
query (OvsTaskStore         *self,
       const OvsTaskFilter  *filter,
       guint                 offset,
       guint                 limit,
       gboolean              summaries,
       GError              **error)
{
  g_auto(Where) where = { 0, };
  g_autoptr(GString) sql = g_string_new ("SELECT " TASK_COLUMNS " FROM tasks");
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int i;

  g_return_val_if_fail (OVS_IS_TASK_STORE (self), NULL);

  where_init (&where, filter);
  where_append_sql (&where, sql);
  g_string_append (sql, ORDER_NEWEST_FIRST " LIMIT ? OFFSET ?");

  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  i = where_bind (&where, stmt);
  sqlite3_bind_int64 (stmt, i++, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, i++, offset);
  if (!collect_tasks_full (self, stmt, summaries, tasks, error))
    return NULL;
  return g_steal_pointer (&tasks);
}

GPtrArray *
ovs_task_store_query_full (OvsTaskStore         *self,
                           const OvsTaskFilter  *filter,
                           guint                 offset,
                           guint                 limit,
                           GError              **error)
{
  return query (self, filter, offset, limit, FALSE, error);
}

/**
 * ovs_task_store_query_summaries:
 *
 * Like ovs_task_store_query_full(), for a page of history to list: a task this process
 * does not hold already is given, in place of a long body (inline files), its summary
 * (ovs_task_get_request_summary()), and ovs_task_get_request_json() returns %NULL for it
 * until the task is read whole (ovs_task_store_lookup_async()). A page of a hundred tasks
 * with a 4 MB image each held 400 MB, and sixteen pages are kept while scrolling.
 *
 * Returns: (transfer container) (element-type OvsTask) (nullable): the tasks, newest
 *   first, or %NULL with @error set
 */
GPtrArray *
ovs_task_store_query_summaries (OvsTaskStore         *self,
                                const OvsTaskFilter  *filter,
                                guint                 offset,
                                guint                 limit,
                                GError              **error)
{
  return query (self, filter, offset, limit, TRUE, error);
}

/**
 * ovs_task_store_query:
 *
 * Like ovs_task_store_query_full(), logging errors and returning an empty array.
 *
 * Returns: (transfer container) (element-type OvsTask): the tasks, newest first
 */
GPtrArray *
ovs_task_store_query (OvsTaskStore        *self,
                      const OvsTaskFilter *filter,
                      guint                offset,
                      guint                limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = ovs_task_store_query_full (self, filter, offset, limit, &error);

  if (tasks == NULL)
    {
      g_message ("%s", error->message);
      tasks = g_ptr_array_new_with_free_func (g_object_unref);
    }
  return tasks;
}

static gboolean
count_where (OvsTaskStore         *self,
             const OvsTaskFilter  *filter,
             OvsTask              *before,
             gboolean              only_this,
             guint                *count,
             GError              **error)
{
  g_auto(Where) where = { 0, };
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM tasks");
  sqlite3_stmt *stmt;
  int rc, i;

  where_init (&where, filter);
  if (before == NULL && where.groups == OVS_TASK_GROUPS_COLLAPSED && where.hidden == NULL
      && !where_has_matches (&where))
    {
      /* The whole history with its groups collapsed, from the indexes alone: evaluating
       * the head of every row reads all 100 000 of them (30 ms). */
      g_string_assign (sql, "SELECT (SELECT count(*) FROM tasks)"
                            " - (SELECT count(*) FROM tasks WHERE group_id IS NOT NULL)"
                            " + (SELECT count(DISTINCT group_id) FROM tasks"
                            " WHERE group_id IS NOT NULL)");
    }
  else
    where_append_sql (&where, sql);
  if (before != NULL && only_this)
    g_string_append (sql, " AND id = ?");
  else if (before != NULL)
    g_string_append (sql, " AND (created_at > ? OR (created_at = ? AND id > ?))");

  stmt = get_statement (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  i = where_bind (&where, stmt);
  if (before != NULL && only_this)
    {
      sqlite3_bind_int64 (stmt, i, ovs_task_get_id (before));
    }
  else if (before != NULL)
    {
      sqlite3_bind_int64 (stmt, i, ovs_task_get_created_at (before));
      sqlite3_bind_int64 (stmt, i + 1, ovs_task_get_created_at (before));
      sqlite3_bind_int64 (stmt, i + 2, ovs_task_get_id (before));
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = (guint) sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW;
}

/**
 * ovs_task_store_count_full:
 *
 * Counts the tasks @filter lets through.
 *
 * Returns: %TRUE on success
 */
gboolean
ovs_task_store_count_full (OvsTaskStore         *self,
                           const OvsTaskFilter  *filter,
                           guint                *count,
                           GError              **error)
{
  g_return_val_if_fail (OVS_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  *count = 0;
  return count_where (self, filter, NULL, FALSE, count, error);
}

/**
 * ovs_task_store_count:
 *
 * Returns: the number of tasks @filter lets through (0 on an error, which is logged)
 */
guint
ovs_task_store_count (OvsTaskStore        *self,
                      const OvsTaskFilter *filter)
{
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (!ovs_task_store_count_full (self, filter, &count, &error))
    g_message ("%s", error->message);
  return count;
}

/**
 * ovs_task_store_locate:
 * @self: the store
 * @filter: (nullable): which tasks
 * @task: a task of the history
 * @position: (out) (optional): where @task is among the results of @filter
 *
 * Returns: %TRUE if @filter lets @task through
 */
gboolean
ovs_task_store_locate (OvsTaskStore        *self,
                       const OvsTaskFilter *filter,
                       OvsTask             *task,
                       guint               *position)
{
  g_autoptr(GError) error = NULL;
  guint matches = 0, before = 0;

  g_return_val_if_fail (OVS_IS_TASK_STORE (self), FALSE);
  g_return_val_if_fail (OVS_IS_TASK (task), FALSE);

  if (!count_where (self, filter, task, TRUE, &matches, &error) ||
      (matches > 0 && !count_where (self, filter, task, FALSE, &before, &error)))
    {
      g_message ("%s", error->message);
      return FALSE;
    }
  if (position != NULL)
    *position = before;
  return matches > 0;
}
