/* ovs-shots-timeline.h: how the shots of a storyboard fill the video's length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ovs-request.h"

G_BEGIN_DECLS

/* How many colours the shots take in turn (the timeline's blocks, the rows' badges). */
#define OVS_SHOTS_N_COLORS 6

#define OVS_TYPE_SHOTS_TIMELINE (ovs_shots_timeline_get_type ())

G_DECLARE_FINAL_TYPE (OvsShotsTimeline, ovs_shots_timeline, OVS, SHOTS_TIMELINE, GtkWidget)

GtkWidget *ovs_shots_timeline_new (void);
/* @shots: OvsShot; @seconds: the video's length, 0 when not set; @description: what it
 * shows, in words, for screen readers. */
void       ovs_shots_timeline_set (OvsShotsTimeline *self,
                                   GPtrArray        *shots,
                                   double            seconds,
                                   const char       *description);

/* "2.5" for 2.5 seconds: the shortest exact form, with a dot in every language (the JSON's). */
char      *ovs_shots_format_seconds (double value);

G_END_DECLS
