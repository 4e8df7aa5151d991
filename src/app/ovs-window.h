/* ovs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ovs-application.h"
#include "ovs-balance-label.h"
#include "ovs-composer.h"
#include "ovs-json-preview.h"

G_BEGIN_DECLS

#define OVS_TYPE_WINDOW (ovs_window_get_type ())

G_DECLARE_FINAL_TYPE (OvsWindow, ovs_window, OVS, WINDOW, AdwApplicationWindow)

OvsWindow      *ovs_window_new             (OvsApplication *application);
OvsComposer    *ovs_window_get_composer    (OvsWindow      *self);
OvsJsonPreview *ovs_window_get_preview     (OvsWindow      *self);
/* Selects @scenario_id in the sidebar and shows it in the composer. */
gboolean        ovs_window_select_scenario (OvsWindow      *self,
                                            const char     *scenario_id);
/* What closing the window keeps: the drafts, deletions still undoable, the window's size.
 * Quitting (Ctrl+Q, a signal) does not close windows: the application calls this. */
void            ovs_window_save_state      (OvsWindow      *self);
void            ovs_window_add_toast       (OvsWindow      *self,
                                            const char     *message);
/* The window sends and shows tasks through @tracker (the application's, or a test's). */
void            ovs_window_set_tracker     (OvsWindow      *self,
                                            OvsTracker     *tracker);
struct _OvsTaskPane *ovs_window_get_task_pane (OvsWindow   *self);
/* The remaining balance in the header bar. */
OvsBalanceLabel *ovs_window_get_balance_label (OvsWindow   *self);
void            ovs_window_submit          (OvsWindow      *self,
                                            const char     *scenario_id,
                                            const char     *body);
/* New Batch… with @file chosen: its preview, then one confirmation before sending. */
void            ovs_window_open_batch      (OvsWindow      *self,
                                            GFile          *file);

G_END_DECLS
