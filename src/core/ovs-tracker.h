/* ovs-tracker.h: the task state machine — write down, send, follow, download, probe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ovs-client.h"
#include "ovs-task-store.h"
#include "ovs-network-watch.h"

G_BEGIN_DECLS

#define OVS_TYPE_TRACKER (ovs_tracker_get_type ())

G_DECLARE_FINAL_TYPE (OvsTracker, ovs_tracker, OVS, TRACKER, GObject)

/* The client of a task's base URL, for tasks sent elsewhere than the default client's.
 * Returns a new reference or NULL when that endpoint cannot be reached any more. */
typedef OvsClient *(*OvsClientForFunc) (const char *base_url,
                                        gpointer    user_data);

/* Every finished task is downloaded into @download_dir (created when needed). */
OvsTracker *ovs_tracker_new                (OvsTaskStore     *store,
                                            OvsClient        *client,
                                            const char       *download_dir);
OvsTaskStore *ovs_tracker_get_store        (OvsTracker       *self);
OvsClient  *ovs_tracker_get_client         (OvsTracker       *self);
void        ovs_tracker_set_client         (OvsTracker       *self,
                                            OvsClient        *client);
void        ovs_tracker_set_ephemeral_base_url (OvsTracker   *self,
                                                const char   *base_url);
void        ovs_tracker_set_client_func    (OvsTracker       *self,
                                            OvsClientForFunc  func,
                                            gpointer          user_data,
                                            GDestroyNotify    destroy);
const char *ovs_tracker_get_download_dir   (OvsTracker       *self);
void        ovs_tracker_set_download_dir   (OvsTracker       *self,
                                            const char       *download_dir);
void        ovs_tracker_set_auto_download  (OvsTracker       *self,
                                            gboolean          auto_download);
/* The polling schedule: the first query after @first seconds, then backing off (×1.6 with
 * ±20 % jitter) to @longest seconds. Defaults 5 and 30. */
void        ovs_tracker_set_schedule       (OvsTracker       *self,
                                            double            first,
                                            double            longest);
/* Queries under way at once (default 8). */
void        ovs_tracker_set_max_in_flight  (OvsTracker       *self,
                                            guint             max_in_flight);
/* Asks @watch before each poll and download (NULL, the default: no network awareness). */
void        ovs_tracker_set_network_watch  (OvsTracker       *self,
                                            OvsNetworkWatch  *watch);
/* Seconds after which an unfinished task is given up (default 24 h). */
void        ovs_tracker_set_give_up_after  (OvsTracker       *self,
                                            gint64            seconds);

/* Writes the task down as "submitting" (committed) BEFORE sending it, then sends it once.
 * The result is the task as the answer left it: queued (with the server's id), failed
 * (the server said no: nothing was created), or unknown (no clear answer: it may exist on
 * the server). It fails only when the task could not be written down (nothing was sent)
 * or was cancelled before sending. Queued tasks are then followed to their end. */
void        ovs_tracker_submit_async       (OvsTracker          *self,
                                            const char          *scenario_id,
                                            const char          *body_json,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* The same for a task the caller prepared: its scenario and request_json are what is sent,
 * and its group, parent and meta are written down with it, before the POST (a batch line, a
 * continued shot). The tracker sets the rest. Finish with ovs_tracker_submit_finish(). */
void        ovs_tracker_submit_draft_async (OvsTracker          *self,
                                            OvsTask             *draft,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
OvsTask    *ovs_tracker_submit_finish      (OvsTracker          *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Makes each of @drafts (OvsTask, with a scenario) what ovs_tracker_submit_async() writes
 * down ("submitting", its body's model and prompt, the client's route and base URL), not
 * yet written: a group then sets its group fields on each, writes them all
 * (ovs_task_store_insert_many()), and sends each with ovs_tracker_send_async(). Each body
 * is the draft's own, or, where @bodies (JsonNode, one per draft, or NULL) gives one, that
 * tree written as it is sent (ovs_request_write_body ()). The bodies are written and read
 * in a worker thread, after the submits asked before, and must not change until the
 * callback. Fails when a body is not a JSON object. */
void        ovs_tracker_fill_drafts_async  (OvsTracker          *self,
                                            GPtrArray           *drafts,
                                            GPtrArray           *bodies,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    ovs_tracker_fill_drafts_finish (OvsTracker          *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Sends @task, already written down as "submitting", once (never again, whatever the
 * answer); finish with ovs_tracker_submit_finish(). */
void        ovs_tracker_send_async         (OvsTracker          *self,
                                            OvsTask             *task,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* After ovs_tracker_submit_finish(): why the create failed (the client's error, with its
 * code: unauthorized, quota, invalid…), or NULL when the server accepted the task. */
const GError *ovs_tracker_submit_get_create_error (GAsyncResult *result);

/* Follows @task (which has a server id) until it ends. */
void        ovs_tracker_track              (OvsTracker       *self,
                                            OvsTask          *task);
void        ovs_tracker_untrack            (OvsTracker       *self,
                                            OvsTask          *task);
/* Ends every task followed at @base_url as failed with @error: the server that had them
 * is going away with them (the built-in sandbox at quit). Returns how many. */
guint       ovs_tracker_abandon            (OvsTracker       *self,
                                            const char       *base_url,
                                            const char       *error);
gboolean    ovs_tracker_is_tracking        (OvsTracker       *self,
                                            OvsTask          *task);
/* The user's "Stop Tracking" and "Follow Again". A task not followed is marked paused in
 * the history (ovs_task_get_shown_note() says its status may be stale): no later start,
 * nor `omni-video track`, polls it. Following an unfinished task tracks it, paused or not. */
void        ovs_tracker_set_following      (OvsTracker       *self,
                                            OvsTask          *task,
                                            gboolean          following);
guint       ovs_tracker_get_n_tracking     (OvsTracker       *self);
/* Tasks being sent, followed or downloaded: 0 when the tracker has nothing left to do. */
guint       ovs_tracker_get_n_busy         (OvsTracker       *self);  /* notify::n-busy */

/* After a start: tasks left "submitting" by a process that died are marked unknown (never
 * sent again) and every other unfinished task is followed again, but for those the user
 * stopped following (ovs_tracker_set_following()). Returns how many are tracked. It reads
 * only unfinished tasks: start-up stays fast with a long history. Videos missing from disk
 * are offered (ovs_tracker_dup_missing_files(), "Download Again"), not fetched behind the
 * user's back. */
guint       ovs_tracker_resume             (OvsTracker       *self);
/* ovs_tracker_resume() with the unfinished tasks read in the store's writer thread (a
 * long history's thousands of them took the main thread a moment); @callback (may be NULL)
 * when they are followed. */
void        ovs_tracker_resume_async       (OvsTracker       *self,
                                            GCancellable     *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer          user_data);
guint       ovs_tracker_resume_finish      (OvsTracker       *self,
                                            GAsyncResult     *result,
                                            GError          **error);
/* Succeeded tasks with no file on disk. */
GPtrArray  *ovs_tracker_dup_missing_files  (OvsTracker       *self);

/* Downloads (again) the video of a succeeded task, then probes it. */
void        ovs_tracker_download_async     (OvsTracker          *self,
                                            OvsTask             *task,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    ovs_tracker_download_finish    (OvsTracker          *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* "video-<history id>-<slug of the prompt>": what the video is saved as, before ".mp4". */
char       *ovs_tracker_dup_file_name      (OvsTask             *task);

/* Forgets the task (and, with @delete_file, deletes its video). */
gboolean    ovs_tracker_delete             (OvsTracker       *self,
                                            OvsTask          *task,
                                            gboolean          delete_file,
                                            GError          **error);

G_END_DECLS
