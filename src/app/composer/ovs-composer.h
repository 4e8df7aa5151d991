/* ovs-composer.h: the form of the current scenario, its draft and its problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-request.h"

G_BEGIN_DECLS

#define OVS_TYPE_COMPOSER (ovs_composer_get_type ())

G_DECLARE_FINAL_TYPE (OvsComposer, ovs_composer, OVS, COMPOSER, AdwBin)

GtkWidget   *ovs_composer_new            (void);

/* Shows @scenario with its draft (restored from disk, else the documented example). The
 * first time, the draft file is read off the main thread: until it is, the composer is
 * loading and its scenario and request stay the ones shown before (NULL at start-up), the
 * form insensitive; then both change together ("notify::scenario", "notify::request"). */
void         ovs_composer_set_scenario   (OvsComposer  *self,
                                          OvsScenario  *scenario);
/* Whether a scenario asked for waits for its draft to be read ("loading"): nothing should
 * send or copy the request shown meanwhile, which is the previous one. An import, a
 * restore (a Continue), Clear Form or Reset goes to the scenario asked for and wins over
 * its draft. */
gboolean     ovs_composer_is_loading     (OvsComposer  *self);
OvsScenario *ovs_composer_get_scenario   (OvsComposer  *self);
OvsRequest  *ovs_composer_get_request    (OvsComposer  *self);

/* Imports a JSON body (or a curl command carrying one): the scenario is detected, the
 * form filled, unknown fields kept. */
gboolean     ovs_composer_import         (OvsComposer  *self,
                                          const char   *text,
                                          GError      **error);
/* Empties the form of the current scenario, or of the one being read (keeps the model). */
void         ovs_composer_clear          (OvsComposer  *self);
/* Puts the documented example back (in the scenario being read, if one is). */
void         ovs_composer_reset          (OvsComposer  *self);

/* After import, clear, reset or a restore replaced a draft the user had written: the
 * scenario whose draft it was (the window then offers Undo); NULL when nothing was lost. */
const char  *ovs_composer_get_undo_scenario (OvsComposer *self);
/* Puts back the draft the last replacement replaced, and shows it. */
void         ovs_composer_undo_replace   (OvsComposer  *self);
/* The last states of the current scenario's draft (OvsDraftState), newest first. */
GPtrArray   *ovs_composer_get_draft_history (OvsComposer *self);
/* Makes @json the current scenario's draft (or the one being read's), keeping the replaced
 * one in the history. */
void         ovs_composer_restore_draft  (OvsComposer  *self,
                                          const char   *json);
/* A cleared form shows no problems until it is touched; this shows them (a send). */
void         ovs_composer_reveal_problems (OvsComposer *self);

/* (element-type OvsProblem): the current problems, after the typing pause. */
GPtrArray   *ovs_composer_get_problems   (OvsComposer  *self);
guint        ovs_composer_get_n_errors   (OvsComposer  *self);
/* Validates now rather than after the pause. */
void         ovs_composer_validate_now   (OvsComposer  *self);
/* Writes pending drafts now (the window does it when it closes). */
void         ovs_composer_save_drafts    (OvsComposer  *self);

/* The line saying where the draft's image came from (a continued shot), or NULL. */
void         ovs_composer_set_origin     (OvsComposer  *self,
                                          const char   *origin);
const char  *ovs_composer_get_origin     (OvsComposer  *self);

/* The panel widget for @panel_id, for tests; NULL when the scenario has none. */
GtkWidget   *ovs_composer_get_panel      (OvsComposer  *self,
                                          const char   *panel_id);

/* Where drafts live: $XDG_DATA_HOME/omni-video-studio/drafts. */
char        *ovs_composer_dup_drafts_dir (void);

G_END_DECLS
