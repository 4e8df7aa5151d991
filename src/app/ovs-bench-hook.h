/* ovs-bench-hook.h: what build-aux/bench measures in a running app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With OVS_BENCH_FIRST_FRAME set, the first frame @window paints prints
 * "first-frame <monotonic µs> <peak RSS KiB>" on stdout and quits @app. Otherwise nothing. */
void ovs_bench_hook_watch (GtkApplication *app,
                           GtkWindow      *window);

G_END_DECLS
