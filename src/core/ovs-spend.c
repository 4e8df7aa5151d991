/* ovs-spend.c: what the history's tasks cost, per day and per month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-spend"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ovs-error.h"
#include "ovs-spend.h"

/* As long as the store waits for a lock (another process writing a batch). */
#define BUSY_TIMEOUT_MS 5000

void
ovs_spend_period_free (OvsSpendPeriod *period)
{
  if (period == NULL)
    return;
  g_free (period->period);
  g_free (period);
}

static gboolean
fail (sqlite3     *db,
      const char  *path,
      GError     **error)
{
  g_set_error (error, OVS_ERROR, OVS_ERROR_STORE, _("The history %s could not be read: %s"), path,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
  return FALSE;
}

/* NULL with no error when there is no history yet: nothing was spent. */
static sqlite3 *
open_reader (const char  *path,
             GError     **error)
{
  sqlite3 *db = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      fail (db, path, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  return db;
}

/* FALSE with @error when the history cannot be read; TRUE with *@db NULL when there is none
 * yet. */
static gboolean
open_history (const char  *path,
              sqlite3    **db,
              GError     **error)
{
  GError *local_error = NULL;

  *db = open_reader (path, &local_error);
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, local_error);
  return FALSE;
}

GPtrArray *
ovs_spend_read (const char    *history_path,
                OvsSpendBy     by,
                GCancellable  *cancellable,
                GError       **error)
{
  /* SQLite's 'localtime' is the C library's, as GLib's local time is. */
  static const char sql[] =
    "SELECT strftime (?, created_at, 'unixepoch', 'localtime') AS period,"
    "  COALESCE (SUM (CASE WHEN cost >= 0 THEN cost END), 0),"
    "  COUNT (CASE WHEN cost >= 0 THEN 1 END),"
    "  COUNT (CASE WHEN cost < 0 AND status <> 'failed' THEN 1 END)"
    " FROM tasks WHERE created_at > 0 GROUP BY period ORDER BY period DESC";
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_spend_period_free);
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = open_reader (history_path, &local_error);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (db == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return g_steal_pointer (&periods);
    }
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail (db, history_path, error);
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, by == OVS_SPEND_BY_MONTH ? "%Y-%m" : "%Y-%m-%d", -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OvsSpendPeriod *period = g_new0 (OvsSpendPeriod, 1);

      period->period = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      period->cost = sqlite3_column_int64 (stmt, 1);
      period->n_costed = (guint) sqlite3_column_int64 (stmt, 2);
      period->n_unknown = (guint) sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (periods, period);
    }
  if (rc != SQLITE_DONE)
    fail (db, history_path, &local_error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (local_error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&periods);
}

typedef struct
{
  char       *path;
  OvsSpendBy  by;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  GPtrArray *periods = ovs_spend_read (data->path, data->by, cancellable, &error);

  if (periods == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, periods, (GDestroyNotify) g_ptr_array_unref);
}

void
ovs_spend_read_async (const char          *history_path,
                      OvsSpendBy           by,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  g_return_if_fail (history_path != NULL);

  g_task_set_source_tag (task, ovs_spend_read_async);
  data->path = g_strdup (history_path);
  data->by = by;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

GPtrArray *
ovs_spend_read_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
sum_since (sqlite3      *db,
           sqlite3_stmt *stmt,
           gint64        since,
           gboolean     *ok)
{
  gint64 sum = 0;

  sqlite3_bind_int64 (stmt, 1, since);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sum = sqlite3_column_int64 (stmt, 0);
  else
    *ok = FALSE;
  sqlite3_reset (stmt);
  return sum;
}

gboolean
ovs_spend_read_today_month (const char  *history_path,
                            GDateTime   *now,
                            gint64      *today,
                            gint64      *this_month,
                            GError     **error)
{
  g_autoptr(GDateTime) day = g_date_time_new_local (g_date_time_get_year (now),
                                                    g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now), 1, 0, 0, 0);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;

  *today = *this_month = 0;
  if (!open_history (history_path, &db, error))
    return FALSE;
  if (db == NULL)
    return TRUE;
  /* Tasks created "in the future" by a clock that jumped back still count. */
  if (sqlite3_prepare_v2 (db, "SELECT COALESCE (SUM (cost), 0) FROM tasks"
                              " WHERE cost >= 0 AND created_at >= ?", -1, &stmt, NULL) != SQLITE_OK)
    ok = FALSE;
  if (ok)
    *today = sum_since (db, stmt, g_date_time_to_unix (day), &ok);
  if (ok)
    *this_month = sum_since (db, stmt, g_date_time_to_unix (month), &ok);
  if (!ok)
    fail (db, history_path, error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* Whether the history shows another task than @except_id (0: none) under way, or created
 * after @since_id; @last_id gets the newest row id. */
static gboolean
look_quiet (const char  *history_path,
            gint64       except_id,
            gint64       since_id,
            gint64      *last_id,
            GError     **error)
{
  static const char sql[] =
    "SELECT COALESCE (MAX (id), 0),"
    "  COUNT (CASE WHEN id <> ?1 AND (id > ?2"
    "    OR status IN ('submitting', 'queued', 'running', 'unknown')) THEN 1 END)"
    " FROM tasks";
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean quiet = FALSE;

  *last_id = 0;
  if (!open_history (history_path, &db, error))
    return FALSE;
  if (db == NULL)
    return TRUE;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, except_id);
      sqlite3_bind_int64 (stmt, 2, since_id);
    }
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      *last_id = sqlite3_column_int64 (stmt, 0);
      quiet = sqlite3_column_int64 (stmt, 1) == 0;
    }
  else
    fail (db, history_path, error);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return quiet;
}

typedef struct
{
  OvsTaskStore *store;
  gint64        except_id;
  gint64        since_id;
} QuietData;

static void
quiet_data_free (QuietData *data)
{
  g_clear_object (&data->store);
  g_free (data);
}

static void
quiet_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  QuietData *data = task_data;
  GError *error = NULL;
  gint64 *last_id = g_new0 (gint64, 1);

  /* This process's own last changes (a task that just ended) are read as written. */
  ovs_task_store_flush (data->store);
  if (!look_quiet (ovs_task_store_get_path (data->store), data->except_id, data->since_id,
                   last_id, &error))
    {
      g_free (last_id);
      if (error != NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_task_return_pointer (task, last_id, g_free);
}

void
ovs_spend_quiet_async (OvsTaskStore        *store,
                       gint64               except_id,
                       gint64               since_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  QuietData *data = g_new0 (QuietData, 1);

  g_return_if_fail (OVS_IS_TASK_STORE (store));

  g_task_set_source_tag (task, ovs_spend_quiet_async);
  data->store = g_object_ref (store);
  data->except_id = except_id;
  data->since_id = since_id;
  g_task_set_task_data (task, data, (GDestroyNotify) quiet_data_free);
  g_task_run_in_thread (task, quiet_thread);
}

gboolean
ovs_spend_quiet_finish (GAsyncResult  *result,
                        gint64        *last_id,
                        GError       **error)
{
  g_autofree gint64 *newest = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  newest = g_task_propagate_pointer (G_TASK (result), error);
  if (last_id != NULL)
    *last_id = newest != NULL ? *newest : 0;
  return newest != NULL;
}
