/* ovs-continue.h: a new request that continues from a frame of a finished task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame becomes the first frame, the last frame or a reference image of a new body, in
 * the scenario of the chosen model that takes an image that way (Kling's first/last frame,
 * the image-to-video presets of Vidu, Veo and Seedance, Seedance 1.x's first/last frame
 * content). The new task records where it came from: its parent, the chain it grows (a
 * group of kind "chain" shared by the root and every task continued from it) and, in its
 * meta, {"frame": {"from": ROW_ID, "at": SECONDS, "as": "first_frame"}}.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ovs-scenario.h"
#include "ovs-task.h"

typedef struct _OvsTaskStore OvsTaskStore;

G_BEGIN_DECLS

typedef enum
{
  OVS_FRAME_AS_FIRST_FRAME,
  OVS_FRAME_AS_LAST_FRAME,
  OVS_FRAME_AS_REFERENCE,
} OvsFrameAs;

gboolean     ovs_frame_as_from_string  (const char   *text,
                                        OvsFrameAs   *as);
const char  *ovs_frame_as_to_string    (OvsFrameAs    as);

/* The body of the new request: @model's scenario for @as (from the catalog), its prompt,
 * the image @image_url (a data: URL or an http(s) one) where that scenario takes it, and
 * the parent's duration, resolution and aspect ratio where the scenario has them.
 * @parent_body may be NULL. *@scenario (not a new reference) is the scenario chosen.
 * Fails with OVS_ERROR_INVALID when no scenario of @model takes an image as @as. */
char        *ovs_continue_build_body   (const char   *model,
                                        const char   *prompt,
                                        OvsFrameAs    as,
                                        const char   *image_url,
                                        const char   *parent_body,
                                        OvsScenario **scenario,
                                        GError      **error);

/* What ovs_continue_prepare_async() made: the new body, its scenario and the frame; or
 * what ovs_continue_prepare_video() made: the body and the video's URL. */
typedef struct
{
  char        *body;
  OvsScenario *scenario;   /* not a new reference */
  char        *png_path;   /* the frame, saved beside the video; NULL for a video */
  double       seconds;    /* the frame's time */
  gboolean     last;
  OvsFrameAs   as;
  char        *video_url;  /* the result's URL, the new body's reference video; or NULL */
  gint64       expires_at; /* when that URL stops working (unix seconds), 0 if not known */
} OvsContinuation;

void         ovs_continuation_free     (OvsContinuation *continuation);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsContinuation, ovs_continuation_free)

/* In a thread: the frame of @parent's video at @position_ns (or OVS_FRAME_LAST) saved as a
 * PNG beside it, then the body of @model (NULL: the parent's) that takes it @as, with the
 * parent's prompt. */
void         ovs_continue_prepare_async  (OvsTask             *parent,
                                          gint64               position_ns,
                                          const char          *model,
                                          OvsFrameAs           as,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
OvsContinuation *ovs_continue_prepare_finish (GAsyncResult    *result,
                                              GError         **error);

/* Makes @draft a continuation of @parent at @seconds (@last: that is its last frame): its parent,
 * the chain's group (the parent's, or a new one named after it) and the frame's origin in
 * its meta. Returns TRUE when @parent itself joined the new chain as its root (the caller
 * writes it to the history); a parent already in another group stays there. */
gboolean     ovs_continue_link         (OvsTask      *draft,
                                        OvsTask      *parent,
                                        double        seconds,
                                        gboolean      last,
                                        OvsFrameAs    as);

/* Result URLs are signed and expire; where a URL does not say when, the shortest lifetime
 * seen in the providers' answers (Vidu's, tests/data/responses/generations-success-vidu.json:
 * an hour after the task finished) is assumed. */
#define OVS_RESULT_URL_LIFETIME (60 * 60)

/* When @url stops working, in unix seconds: its own absolute "Expires"/"x-oss-expires", or
 * the lifetime of S3/TOS/GCS-style "X-…-Expires" from its signing date (else
 * @finished_at), or @finished_at + OVS_RESULT_URL_LIFETIME. 0 when nothing is known. */
gint64       ovs_continue_url_expires_at (const char *url,
                                          gint64      finished_at);

/* The scenario in which @model takes a reference video (`videos`, or Seedance 2.0's
 * content list), or NULL; and the models that have one, "A, B, C". */
OvsScenario *ovs_continue_video_scenario   (const char *model);
char        *ovs_continue_dup_video_models (void);

/* @parent's result URL while it still works at @now (unix seconds); else NULL and @error
 * says why and what to do instead (OVS_ERROR_EXPIRED once it expired). */
const char  *ovs_continue_video_url    (OvsTask      *parent,
                                        gint64        now,
                                        gint64       *expires_at,
                                        GError      **error);

/* A new draft of @model's (NULL: the parent's) scenario that takes reference videos, with
 * @parent's URL as its video and @parent's prompt; no I/O. */
OvsContinuation *ovs_continue_prepare_video (OvsTask     *parent,
                                             const char  *model,
                                             gint64       now,
                                             GError     **error);

/* As ovs_continue_link(), for a draft whose reference video is @parent's: its meta is
 * {"video": {"from": ROW_ID}}. */
gboolean     ovs_continue_link_video   (OvsTask      *draft,
                                        OvsTask      *parent);

/* The lineage of @task: its first ancestor, then every task continued from it, generation
 * by generation (ovs_task_store_dup_lineage()). Blocks on the history: the app reads it
 * with ovs_task_store_dup_lineage_async(). */
GPtrArray   *ovs_continue_dup_lineage  (OvsTaskStore *store,
                                        OvsTask      *task);

G_END_DECLS
