/* ovs-task-store.h: the task history, in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-task.h"

G_BEGIN_DECLS

/**
 * OvsTaskFilter:
 * @status: an #OvsTaskStatus, or -1 for any
 * @model: (nullable): only this model
 * @text: (nullable): words that must all occur in the prompt (case-insensitive
 *   substrings; Chinese included)
 * @hidden: (nullable) (element-type gint64): row ids left out (deleted, pending undo)
 * @groups: an #OvsTaskGroups, how a group's tasks are listed
 *
 * Which tasks to list. Results always come newest first (created-at, then row id).
 * A %NULL filter is "everything".
 */
typedef struct
{
  int     status;
  char   *model;
  char   *text;
  GArray *hidden;
  int     groups;
} OvsTaskFilter;

/**
 * OvsTaskGroups:
 * @OVS_TASK_GROUPS_FLAT: every task is a result
 * @OVS_TASK_GROUPS_COLLAPSED: a group is one result, its head (the member last in the
 *   group's order that is not hidden), listed when any member passes the other criteria;
 *   tasks outside groups as in @OVS_TASK_GROUPS_FLAT
 * @OVS_TASK_GROUPS_ONLY: only the groups, collapsed
 */
typedef enum
{
  OVS_TASK_GROUPS_FLAT,
  OVS_TASK_GROUPS_COLLAPSED,
  OVS_TASK_GROUPS_ONLY,
} OvsTaskGroups;

#define OVS_TASK_FILTER_INIT { -1, NULL, NULL, NULL, OVS_TASK_GROUPS_FLAT }

#define OVS_TYPE_TASK_FILTER (ovs_task_filter_get_type ())
GType          ovs_task_filter_get_type (void) G_GNUC_CONST;
OvsTaskFilter *ovs_task_filter_new      (void);
OvsTaskFilter *ovs_task_filter_copy     (const OvsTaskFilter *filter);
void           ovs_task_filter_free     (OvsTaskFilter       *filter);
gboolean       ovs_task_filter_equal    (const OvsTaskFilter *a,
                                         const OvsTaskFilter *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsTaskFilter, ovs_task_filter_free)

/**
 * OvsTaskEvent:
 * @at: unix seconds
 * @status: the status after the change
 * @server_status: (nullable): the server's word
 * @progress: 0..100 or -1
 * @error: (nullable): the error message
 * @raw_answer: (nullable): the server's answer that caused it, at most 64 KiB
 *
 * One change of a task, as kept in the history.
 */
typedef struct
{
  gint64         at;
  OvsTaskStatus  status;
  char          *server_status;
  int            progress;
  char          *error;
  char          *raw_answer;
} OvsTaskEvent;

void ovs_task_event_free (OvsTaskEvent *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsTaskEvent, ovs_task_event_free)

#define OVS_TASK_STORE_SCHEMA_VERSION 6
#define OVS_TASK_STORE_MAX_RAW_ANSWER (64 * 1024)

#define OVS_TYPE_TASK_STORE (ovs_task_store_get_type ())
G_DECLARE_FINAL_TYPE (OvsTaskStore, ovs_task_store, OVS, TASK_STORE, GObject)

/**
 * OvsTaskStoreCheck:
 * @OVS_TASK_STORE_CHECK_NOW: the whole file is read for damage before the store is made
 * @OVS_TASK_STORE_CHECK_LATER: only what opening needs is read; the rest of the check
 *   runs in the writer thread before its first write (ovs_task_store_check_async())
 */
typedef enum
{
  OVS_TASK_STORE_CHECK_NOW,
  OVS_TASK_STORE_CHECK_LATER,
} OvsTaskStoreCheck;

OvsTaskStore *ovs_task_store_new                (const char          *path,
                                                 GError             **error);
OvsTaskStore *ovs_task_store_new_full           (const char          *path,
                                                 OvsTaskStoreCheck    check,
                                                 GError             **error);
void          ovs_task_store_check_async        (OvsTaskStore        *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      ovs_task_store_check_finish       (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          ovs_task_store_move_long_bodies_async  (OvsTaskStore        *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gint          ovs_task_store_move_long_bodies_finish (OvsTaskStore        *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
const char   *ovs_task_store_get_path           (OvsTaskStore        *self);
/* A damaged history (ovs_task_store_new() failed with OVS_ERROR_DAMAGED): kept aside, never
 * deleted, and what SQLite can read copied into a new one. Blocks. */
OvsTaskStore *ovs_task_store_recover            (const char          *path,
                                                 char               **aside_path,
                                                 guint               *n_recovered,
                                                 GError             **error);
OvsTaskStore *ovs_task_store_recover_full       (const char          *path,
                                                 GCancellable        *cancellable,
                                                 char               **aside_path,
                                                 guint               *n_recovered,
                                                 GError             **error);
char         *ovs_task_store_dup_default_path   (void);

OvsTask      *ovs_task_store_insert             (OvsTaskStore        *self,
                                                 OvsTask             *draft,
                                                 GError             **error);
gboolean      ovs_task_store_insert_many        (OvsTaskStore        *self,
                                                 GPtrArray           *drafts,
                                                 GError             **error);
gboolean      ovs_task_store_update             (OvsTaskStore        *self,
                                                 OvsTask             *task,
                                                 const char          *raw_answer,
                                                 GError             **error);
gboolean      ovs_task_store_delete             (OvsTaskStore        *self,
                                                 gint64               id,
                                                 GError             **error);

/* The same writes without blocking, in the store's writer thread (see the .c file) */
void          ovs_task_store_insert_async       (OvsTaskStore        *self,
                                                 OvsTask             *draft,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
OvsTask      *ovs_task_store_insert_finish      (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          ovs_task_store_insert_many_async  (OvsTaskStore        *self,
                                                 GPtrArray           *drafts,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean      ovs_task_store_insert_many_finish (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          ovs_task_store_queue_update       (OvsTaskStore        *self,
                                                 OvsTask             *task,
                                                 const char          *raw_answer);
void          ovs_task_store_queue_delete       (OvsTaskStore        *self,
                                                 gint64               id);
void          ovs_task_store_flush              (OvsTaskStore        *self);
guint         ovs_task_store_get_n_unsaved      (OvsTaskStore        *self);
void          ovs_task_store_set_busy_timeout   (OvsTaskStore        *self,
                                                 guint                milliseconds);

OvsTask      *ovs_task_store_lookup             (OvsTaskStore        *self,
                                                 gint64               id);
OvsTask      *ovs_task_store_lookup_by_task_id  (OvsTaskStore        *self,
                                                 const char          *task_id);
GPtrArray    *ovs_task_store_dup_unfinished     (OvsTaskStore        *self);
GPtrArray    *ovs_task_store_dup_group          (OvsTaskStore        *self,
                                                 const char          *group_id);
/* The same reads, run in the store's writer thread: the main thread never waits. */
void          ovs_task_store_lookup_async       (OvsTaskStore        *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
OvsTask      *ovs_task_store_lookup_finish      (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          ovs_task_store_dup_group_async    (OvsTaskStore        *self,
                                                 const char          *group_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *ovs_task_store_dup_group_finish   (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void          ovs_task_store_dup_unfinished_async (OvsTaskStore      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *ovs_task_store_dup_unfinished_finish (OvsTaskStore     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The task's parent first (if any), then its children. */
void          ovs_task_store_dup_family_async   (OvsTaskStore        *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *ovs_task_store_dup_family_finish  (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
GPtrArray    *ovs_task_store_dup_children       (OvsTaskStore        *self,
                                                 gint64               parent_id);
GPtrArray    *ovs_task_store_dup_lineage        (OvsTaskStore        *self,
                                                 gint64               id);
void          ovs_task_store_dup_lineage_async  (OvsTaskStore        *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *ovs_task_store_dup_lineage_finish (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gint64        ovs_task_store_sum_cost           (OvsTaskStore        *self,
                                                 gint64               since,
                                                 gint64               until,
                                                 guint               *n_costed);
GPtrArray    *ovs_task_store_dup_events         (OvsTaskStore        *self,
                                                 gint64               id);
void          ovs_task_store_dup_events_async   (OvsTaskStore        *self,
                                                 gint64               id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GPtrArray    *ovs_task_store_dup_events_finish  (OvsTaskStore        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

GPtrArray    *ovs_task_store_query              (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter,
                                                 guint                offset,
                                                 guint                limit);
GPtrArray    *ovs_task_store_query_full         (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter,
                                                 guint                offset,
                                                 guint                limit,
                                                 GError             **error);
GPtrArray    *ovs_task_store_query_summaries    (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter,
                                                 guint                offset,
                                                 guint                limit,
                                                 GError             **error);
guint         ovs_task_store_count              (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter);
gboolean      ovs_task_store_count_full         (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter,
                                                 guint               *count,
                                                 GError             **error);
gboolean      ovs_task_store_locate             (OvsTaskStore        *self,
                                                 const OvsTaskFilter *filter,
                                                 OvsTask             *task,
                                                 guint               *position);

G_END_DECLS
