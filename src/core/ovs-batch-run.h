/* ovs-batch-run.h: sending a batch's lines as tasks of one group, resumably
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `omni-video batch` and the application's New Batch… share. Every line is a task of
 * one group in the history (group_kind "batch", group_id the batch's id, group_index the
 * line number). A line is written down as "submitting" before its POST (the tracker's
 * rule), so a line that has a task in the history, in any state, was maybe sent and is
 * never sent again: a run adopts what an earlier one left and sends only the rest. Lines
 * with errors are never sent. At most @parallel tasks are sent or under way at once; a
 * refused key or an exhausted quota stops sending, as ovs_batch_run_stop () does.
 *
 * The same batch cannot run twice at once, in one process or two: a run holds an advisory
 * lock (flock) on a file beside the history, which the system drops when the process dies,
 * so a stale lock of a killed run is simply taken over.
 */
#pragma once

#include "ovs-batch.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

#define OVS_TYPE_BATCH_RUN (ovs_batch_run_get_type ())

G_DECLARE_FINAL_TYPE (OvsBatchRun, ovs_batch_run, OVS, BATCH_RUN, GObject)

/* Takes @batch. */
OvsBatchRun  *ovs_batch_run_new          (OvsTracker   *tracker,
                                          OvsBatch     *batch,
                                          guint         parallel);
OvsBatch     *ovs_batch_run_get_batch    (OvsBatchRun  *self);
/* Takes the batch's lock (G_IO_ERROR_BUSY naming the process that holds it), adopts what
 * an earlier run left (returns how many lines) and starts sending. */
gboolean      ovs_batch_run_start        (OvsBatchRun  *self,
                                          guint        *n_earlier,
                                          GError      **error);
/* Sends nothing more; what was sent stays and is followed to its end. */
void          ovs_batch_run_stop         (OvsBatchRun  *self);
gboolean      ovs_batch_run_get_done     (OvsBatchRun  *self);
/* The task of line @index (its position in the batch), or NULL: not sent. */
OvsTask      *ovs_batch_run_get_task     (OvsBatchRun  *self,
                                          guint         index);
/* A task that is "submitting" but not followed by this run was left by a killed one. */
gboolean      ovs_batch_run_is_following (OvsBatchRun  *self,
                                          OvsTask      *task);
guint         ovs_batch_run_get_n_to_send  (OvsBatchRun *self);
guint         ovs_batch_run_get_n_sent     (OvsBatchRun *self);
guint         ovs_batch_run_get_n_finished (OvsBatchRun *self);
guint         ovs_batch_run_get_n_failed   (OvsBatchRun *self);

/* The lines that would be sent now: without errors and without a task in @store. */
guint         ovs_batch_count_unsent     (OvsBatch     *batch,
                                          OvsTaskStore *store);

G_END_DECLS
