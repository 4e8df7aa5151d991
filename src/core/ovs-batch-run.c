/* ovs-batch-run.c: sending a batch's lines as tasks of one group, resumably
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-batch-run"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovs-batch-run.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-validate.h"

struct _OvsBatchRun
{
  GObject     parent_instance;

  OvsBatch   *batch;
  OvsTracker *tracker;
  GPtrArray  *tasks;      /* per line: OvsTask or NULL (not sent) */
  GHashTable *busy;       /* row ids sent or followed and not ended yet */
  guint       sending;    /* creates under way */
  guint       next;       /* the next line to consider */
  guint       parallel;
  gboolean    stop;       /* stopped, or the key or the quota was refused */
  gboolean    done;
  int         lock_fd;
  guint       n_to_send;
  guint       n_sent;
  guint       n_finished;
  guint       n_failed;
};

G_DEFINE_FINAL_TYPE (OvsBatchRun, ovs_batch_run, G_TYPE_OBJECT)

enum { PROP_0, PROP_DONE, PROP_N_SENT, PROP_N_FINISHED, PROP_N_FAILED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { LINE_TASK, LINE_ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void pump (OvsBatchRun *self);

static OvsBatchLine *
line_at (OvsBatchRun *self,
         guint        index)
{
  return g_ptr_array_index (self->batch->lines, index);
}

static gboolean
line_is_bad (OvsBatchLine *line)
{
  return line->body == NULL || ovs_problems_count (line->problems, OVS_SEVERITY_ERROR) > 0;
}

static void
check_done (OvsBatchRun *self)
{
  gboolean nothing_left = self->stop || self->next >= self->batch->lines->len;

  if (self->done || !nothing_left || self->sending > 0 || g_hash_table_size (self->busy) > 0)
    return;
  self->done = TRUE;
  /* Nothing more to send: another run may adopt what is left. */
  if (self->lock_fd >= 0)
    {
      close (self->lock_fd);
      self->lock_fd = -1;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
}

static void
count_end (OvsBatchRun *self,
           OvsTask     *task)
{
  if (ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED)
    {
      self->n_finished++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINISHED]);
    }
  else if (ovs_task_get_status (task) == OVS_TASK_STATUS_FAILED)
    {
      self->n_failed++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
}

static void
forget (OvsBatchRun *self,
        OvsTask     *task)
{
  gint64 id = ovs_task_get_id (task);

  if (!g_hash_table_remove (self->busy, &id))
    return;
  count_end (self, task);
  pump (self);
}

static void
task_finished_cb (OvsTracker  *tracker,
                  OvsTask     *task,
                  OvsBatchRun *self)
{
  forget (self, task);
}

/* Stopped being followed (a refused key while polling): it will not end in this run. */
static void
paused_cb (OvsTask     *task,
           GParamSpec  *pspec,
           OvsBatchRun *self)
{
  if (ovs_task_get_paused (task))
    forget (self, task);
}

static void
follow (OvsBatchRun *self,
        OvsTask     *task)
{
  g_hash_table_add (self->busy, g_memdup2 (&(gint64) { ovs_task_get_id (task) }, sizeof (gint64)));
  g_signal_connect_object (task, "notify::paused", G_CALLBACK (paused_cb), self, 0);
}

typedef struct
{
  OvsBatchRun *self;
  guint        index;
} Send;

static void
line_error (OvsBatchRun  *self,
            guint         index,
            const GError *error)
{
  g_signal_emit (self, signals[LINE_ERROR], 0, index, error);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autofree Send *send = user_data;
  g_autoptr(OvsBatchRun) self = send->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsTask) task = ovs_tracker_submit_finish (self->tracker, result, &error);
  const GError *create_error = ovs_tracker_submit_get_create_error (result);

  self->sending--;
  if (task == NULL)
    {
      /* Not written down, so not sent; nothing else can be written either. */
      line_error (self, send->index, error);
      self->stop = TRUE;
    }
  else
    {
      g_ptr_array_index (self->tasks, send->index) = g_object_ref (task);
      g_signal_emit (self, signals[LINE_TASK], 0, send->index, task);
      if (create_error != NULL)
        {
          line_error (self, send->index, create_error);
          self->n_failed++;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
          /* Every other line would be refused the same way. */
          if (g_error_matches (create_error, OVS_ERROR, OVS_ERROR_UNAUTHORIZED)
              || g_error_matches (create_error, OVS_ERROR, OVS_ERROR_QUOTA))
            self->stop = TRUE;
        }
      else
        {
          self->n_sent++;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SENT]);
          if (!ovs_task_is_finished (task))
            follow (self, task);
          else
            count_end (self, task);
        }
    }
  pump (self);
}

/* The body as submit sends it: as written, unless the model's provider wants inline files
 * in another form (bare base64 for Kling). */
static OvsTask *
draft_for (OvsBatchRun  *self,
           OvsBatchLine *line)
{
  g_autoptr(OvsRequest) request = ovs_request_new_from_json (line->body, -1, NULL, NULL);
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autofree char *meta = ovs_batch_line_dup_meta (line);
  g_autofree char *as_read = ovs_json_to_string (ovs_request_get_root (request));
  g_autofree char *to_send = ovs_request_to_json (request);

  ovs_task_set_scenario (draft, ovs_scenario_get_id (ovs_request_get_scenario (request)));
  ovs_task_set_request_json (draft, g_str_equal (as_read, to_send) ? line->body : to_send);
  ovs_task_set_group_id (draft, self->batch->id);
  ovs_task_set_group_kind (draft, "batch");
  ovs_task_set_group_index (draft, line->line);
  ovs_task_set_meta (draft, meta);
  return g_steal_pointer (&draft);
}

static void
pump (OvsBatchRun *self)
{
  while (!self->stop && self->next < self->batch->lines->len
         && self->sending + g_hash_table_size (self->busy) < self->parallel)
    {
      guint index = self->next++;
      Send *send;
      g_autoptr(OvsTask) draft = NULL;

      /* Sent by an earlier run, or not sendable. */
      if (g_ptr_array_index (self->tasks, index) != NULL || line_is_bad (line_at (self, index)))
        continue;

      draft = draft_for (self, line_at (self, index));
      send = g_new0 (Send, 1);
      send->self = g_object_ref (self);
      send->index = index;
      self->sending++;
      ovs_tracker_submit_draft_async (self->tracker, draft, NULL, sent_cb, send);
    }
  check_done (self);
}

/* The tasks an earlier run of this batch left: never sent again; followed when under way. */
static guint
adopt_earlier (OvsBatchRun *self)
{
  OvsTaskStore *store = ovs_tracker_get_store (self->tracker);
  g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group (store, self->batch->id);
  g_autoptr(GHashTable) by_line = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = 0;

  for (guint i = 0; i < self->batch->lines->len; i++)
    g_hash_table_insert (by_line, GUINT_TO_POINTER (line_at (self, i)->line), GUINT_TO_POINTER (i + 1));

  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    {
      OvsTask *task = g_ptr_array_index (earlier, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (by_line,
                                                           GUINT_TO_POINTER (ovs_task_get_group_index (task))));

      if (index == 0 || g_ptr_array_index (self->tasks, index - 1) != NULL)
        continue;
      g_ptr_array_index (self->tasks, index - 1) = g_object_ref (task);
      n++;
      g_signal_emit (self, signals[LINE_TASK], 0, index - 1, task);
      if (!ovs_task_is_finished (task) && ovs_task_get_task_id (task) != NULL
          && !ovs_task_get_paused (task))
        {
          follow (self, task);
          ovs_tracker_track (self->tracker, task);
        }
      else
        count_end (self, task);
    }
  return n;
}

static char *
lock_path (OvsBatchRun *self)
{
  const char *history = ovs_task_store_get_path (ovs_tracker_get_store (self->tracker));
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  if (history == NULL || !g_path_is_absolute (history))
    return NULL;
  dir = g_path_get_dirname (history);
  name = g_strdup_printf ("%s.lock", self->batch->id);
  return g_build_filename (dir, name, NULL);
}

/* Whose lock it is, for the message: the pid the holder wrote. */
static void
set_busy_error (int          fd,
                GError     **error)
{
  char text[32] = { 0 };
  ssize_t n = pread (fd, text, sizeof text - 1, 0);
  guint64 pid = n > 0 ? g_ascii_strtoull (text, NULL, 10) : 0;

  if (pid > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, pid);

      /* Translators: %s is a process id */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("This batch is already being sent (by process %s); it continues there"),
                   number);
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                         _("This batch is already being sent; it continues there"));
}

/* flock, not fcntl: a second open in the same process conflicts too, and the system drops
 * the lock of a process that died, so a stale file is taken over. */
static gboolean
take_lock (OvsBatchRun  *self,
           GError      **error)
{
  g_autofree char *path = lock_path (self);
  g_autofree char *pid = g_strdup_printf ("%d\n", (int) getpid ());
  int fd;

  if (path == NULL)
    return TRUE;
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      set_busy_error (fd, error);
      close (fd);
      return FALSE;
    }
  if (ftruncate (fd, 0) != 0 || pwrite (fd, pid, strlen (pid), 0) < 0)
    g_debug ("%s: the pid was not written", path);
  self->lock_fd = fd;
  return TRUE;
}

gboolean
ovs_batch_run_start (OvsBatchRun  *self,
                     guint        *n_earlier,
                     GError      **error)
{
  guint n;

  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), FALSE);
  g_return_val_if_fail (self->lock_fd < 0 && !self->done, FALSE);

  if (!take_lock (self, error))
    return FALSE;
  n = adopt_earlier (self);
  for (guint i = 0; i < self->batch->lines->len; i++)
    if (g_ptr_array_index (self->tasks, i) == NULL && !line_is_bad (line_at (self, i)))
      self->n_to_send++;
  if (n_earlier != NULL)
    *n_earlier = n;
  pump (self);
  return TRUE;
}

void
ovs_batch_run_stop (OvsBatchRun *self)
{
  g_return_if_fail (OVS_IS_BATCH_RUN (self));
  self->stop = TRUE;
  check_done (self);
}

OvsBatchRun *
ovs_batch_run_new (OvsTracker *tracker,
                   OvsBatch   *batch,
                   guint       parallel)
{
  OvsBatchRun *self;

  g_return_val_if_fail (OVS_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (batch != NULL, NULL);

  self = g_object_new (OVS_TYPE_BATCH_RUN, NULL);
  self->tracker = g_object_ref (tracker);
  self->batch = batch;
  self->parallel = MAX (parallel, 1);
  g_ptr_array_set_size (self->tasks, batch->lines->len);
  g_signal_connect_object (tracker, "task-finished", G_CALLBACK (task_finished_cb), self, 0);
  return self;
}

OvsBatch *
ovs_batch_run_get_batch (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), NULL);
  return self->batch;
}

gboolean
ovs_batch_run_get_done (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), FALSE);
  return self->done;
}

OvsTask *
ovs_batch_run_get_task (OvsBatchRun *self,
                        guint        index)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), NULL);
  g_return_val_if_fail (index < self->tasks->len, NULL);
  return g_ptr_array_index (self->tasks, index);
}

gboolean
ovs_batch_run_is_following (OvsBatchRun *self,
                            OvsTask     *task)
{
  gint64 id = ovs_task_get_id (task);

  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), FALSE);
  return g_hash_table_contains (self->busy, &id);
}

guint
ovs_batch_run_get_n_to_send (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), 0);
  return self->n_to_send;
}

guint
ovs_batch_run_get_n_sent (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), 0);
  return self->n_sent;
}

guint
ovs_batch_run_get_n_finished (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), 0);
  return self->n_finished;
}

guint
ovs_batch_run_get_n_failed (OvsBatchRun *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_RUN (self), 0);
  return self->n_failed;
}

guint
ovs_batch_count_unsent (OvsBatch     *batch,
                        OvsTaskStore *store)
{
  g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group (store, batch->id);
  g_autoptr(GHashTable) sent = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = 0;

  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    g_hash_table_add (sent, GINT_TO_POINTER (ovs_task_get_group_index (g_ptr_array_index (earlier, i))));
  for (guint i = 0; i < batch->lines->len; i++)
    {
      OvsBatchLine *line = g_ptr_array_index (batch->lines, i);

      if (!line_is_bad (line) && !g_hash_table_contains (sent, GUINT_TO_POINTER (line->line)))
        n++;
    }
  return n;
}

static void
ovs_batch_run_dispose (GObject *object)
{
  OvsBatchRun *self = OVS_BATCH_RUN (object);

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  for (guint i = 0; self->tasks != NULL && i < self->tasks->len; i++)
    if (g_ptr_array_index (self->tasks, i) != NULL)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->tasks, i), self);
  g_clear_object (&self->tracker);
  G_OBJECT_CLASS (ovs_batch_run_parent_class)->dispose (object);
}

static void
ovs_batch_run_finalize (GObject *object)
{
  OvsBatchRun *self = OVS_BATCH_RUN (object);

  /* Closing the file drops the lock. */
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->batch, ovs_batch_free);
  G_OBJECT_CLASS (ovs_batch_run_parent_class)->finalize (object);
}

static void
ovs_batch_run_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OvsBatchRun *self = OVS_BATCH_RUN (object);

  switch (prop_id)
    {
    case PROP_DONE:
      g_value_set_boolean (value, self->done);
      break;
    case PROP_N_SENT:
      g_value_set_uint (value, self->n_sent);
      break;
    case PROP_N_FINISHED:
      g_value_set_uint (value, self->n_finished);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_batch_run_class_init (OvsBatchRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ovs_batch_run_dispose;
  object_class->finalize = ovs_batch_run_finalize;
  object_class->get_property = ovs_batch_run_get_property;

  properties[PROP_DONE] = g_param_spec_boolean ("done", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SENT] = g_param_spec_uint ("n-sent", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FINISHED] = g_param_spec_uint ("n-finished", NULL, NULL, 0, G_MAXUINT, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                   | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                 | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A line got its task: sent now, or left by an earlier run. */
  signals[LINE_TASK] = g_signal_new ("line-task", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                     OVS_TYPE_TASK);
  /* A line's create was not written or was refused. */
  signals[LINE_ERROR] = g_signal_new ("line-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                      G_TYPE_ERROR);
}

/* Lines not sent are NULL. */
static void
unref_task (gpointer task)
{
  if (task != NULL)
    g_object_unref (task);
}

static void
ovs_batch_run_init (OvsBatchRun *self)
{
  self->lock_fd = -1;
  self->tasks = g_ptr_array_new_with_free_func (unref_task);
  self->busy = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}
