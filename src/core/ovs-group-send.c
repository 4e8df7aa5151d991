/* ovs-group-send.c: a comparison or variant group, written down whole, then sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-group-send"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ovs-compare.h"
#include "ovs-group-send.h"
#include "ovs-request.h"

typedef struct
{
  GPtrArray *tasks;
  GPtrArray *bodies;    /* the caller's, held while the tracker writes them */
  GPtrArray *nodes;     /* each body's tree (borrowed from @bodies) */
  char      *group_id;
  guint      pending;
} GroupSend;

static void
group_send_free (GroupSend *send)
{
  g_clear_pointer (&send->tasks, g_ptr_array_unref);
  g_clear_pointer (&send->nodes, g_ptr_array_unref);
  g_clear_pointer (&send->bodies, g_ptr_array_unref);
  g_free (send->group_id);
  g_free (send);
}

/* The drafts, without their bodies: the tracker writes them as they go out (bare base64
 * for the models whose provider wants it: Kling) and reads them, in a worker. */
static GPtrArray *
make_drafts (const char *kind,
             const char *group_id,
             GPtrArray  *bodies,
             GPtrArray  *nodes)
{
  GPtrArray *drafts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < bodies->len; i++)
    {
      OvsCompareBody *body = g_ptr_array_index (bodies, i);
      OvsTask *draft = ovs_task_new ();

      ovs_task_set_scenario (draft, body->scenario != NULL ? ovs_scenario_get_id (body->scenario)
                                                           : NULL);
      ovs_task_set_group_id (draft, group_id);
      ovs_task_set_group_kind (draft, kind);
      ovs_task_set_group_index (draft, i);
      g_ptr_array_add (drafts, draft);
      g_ptr_array_add (nodes, body->body);
    }
  return drafts;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  GroupSend *send = g_task_get_task_data (gtask);
  g_autoptr(OvsTask) task = NULL;

  /* Whatever the answer, the tracker recorded it on the task, which the group holds. */
  task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, NULL);
  if (--send->pending == 0)
    g_task_return_pointer (gtask, g_ptr_array_ref (send->tasks),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *tracker = g_task_get_source_object (gtask);
  GroupSend *send = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;

  if (!ovs_task_store_insert_many_finish (OVS_TASK_STORE (source), result, &error))
    {
      g_prefix_error (&error, _("The group could not be recorded, so nothing was sent: "));
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  send->pending = send->tasks->len;
  for (guint i = 0; i < send->tasks->len; i++)
    ovs_tracker_send_async (tracker, g_ptr_array_index (send->tasks, i), NULL, sent_cb,
                            g_object_ref (gtask));
}

static void
filled_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) gtask = user_data;
  OvsTracker *tracker = OVS_TRACKER (source);
  GroupSend *send = g_task_get_task_data (gtask);
  g_autoptr(GError) error = NULL;

  if (!ovs_tracker_fill_drafts_finish (tracker, result, &error))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }
  /* All written down and committed (by the history's writer, off the main loop) before
   * the first create leaves. */
  ovs_task_store_insert_many_async (ovs_tracker_get_store (tracker), send->tasks, recorded_cb,
                                    g_steal_pointer (&gtask));
}

void
ovs_group_send_async (OvsTracker          *tracker,
                      const char          *kind,
                      GPtrArray           *bodies,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) gtask = NULL;
  g_autoptr(GError) error = NULL;
  GroupSend *send;

  g_return_if_fail (OVS_IS_TRACKER (tracker));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (bodies != NULL && bodies->len > 0);

  gtask = g_task_new (tracker, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, ovs_group_send_async);
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  send = g_new0 (GroupSend, 1);
  send->group_id = ovs_compare_new_group_id (kind);
  g_task_set_task_data (gtask, send, (GDestroyNotify) group_send_free);
  send->bodies = g_ptr_array_ref (bodies);
  send->nodes = g_ptr_array_new ();
  send->tasks = make_drafts (kind, send->group_id, bodies, send->nodes);
  /* Written and read in a worker: three bodies with 8 MB of inline files each kept the
   * window's main thread for a tenth of a second when that was done here. */
  ovs_tracker_fill_drafts_async (tracker, send->tasks, send->nodes, NULL, filled_cb,
                                 g_steal_pointer (&gtask));
}

GPtrArray *
ovs_group_send_finish (OvsTracker    *tracker,
                       GAsyncResult  *result,
                       char         **group_id,
                       GError       **error)
{
  GroupSend *send;

  g_return_val_if_fail (g_task_is_valid (result, tracker), NULL);

  send = g_task_get_task_data (G_TASK (result));
  if (group_id != NULL)
    *group_id = send != NULL ? g_strdup (send->group_id) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}
