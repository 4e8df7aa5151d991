/* ovs-draft-history.h: the last states of a scenario's draft, kept beside the draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* At most this many states per scenario, newest first. */
#define OVS_DRAFT_HISTORY_MAX 20

typedef struct
{
  gint64  time;   /* Unix seconds */
  char   *json;   /* the body, as the draft holds it */
} OvsDraftState;

void       ovs_draft_state_free          (OvsDraftState *state);
/* The first words of the state's prompt, or a placeholder when it has none. */
char      *ovs_draft_state_dup_summary   (const OvsDraftState *state);
/* The time, as the user's locale writes it. */
char      *ovs_draft_state_dup_time      (const OvsDraftState *state);

/* The states stored at @path (an array of OvsDraftState, newest first); empty when there
 * is no file or it is damaged (a warning then: the draft itself is not affected). */
GPtrArray *ovs_draft_history_load        (const char *path);
gboolean   ovs_draft_history_save        (GPtrArray  *history,
                                          const char *path,
                                          GError    **error);
/* Puts @json first, unless it is the newest state already or a body with nothing but the
 * model; drops the oldest past OVS_DRAFT_HISTORY_MAX. Returns whether it was added. */
gboolean   ovs_draft_history_push        (GPtrArray  *history,
                                          const char *json,
                                          gint64      time);
/* Whether @json holds nothing the user wrote: no member, or only the model. */
gboolean   ovs_draft_is_blank            (const char *json);

G_END_DECLS
