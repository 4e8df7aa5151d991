/* ovs-bench-hook.h: what build-aux/bench measures in a running app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Puts the window in the state a measure needs (the app attaches a file, say) before it
 * starts; called once, after the first painted frame. */
typedef void (*OvsBenchPrepareFunc) (GtkWindow  *window,
                                     const char *what);

/* With OVS_BENCH_FIRST_FRAME set, the first frame @window paints prints
 * "first-frame <monotonic µs> <peak RSS KiB>" on stdout. Then, by the environment:
 *   OVS_BENCH_IDLE_SECONDS=N   waits N s and prints "idle <peak RSS KiB> <RSS KiB>"
 *   OVS_BENCH_KEYSTROKES=N     types N characters into the widget named "prompt", one every
 *                              100 ms, and prints "keystroke <main-thread ms per character>
 *                              <of which outside GTK's layout and paint of the frame>"
 *                              (the main thread's CPU time while typing, less the same time
 *                              measured idle just before)
 *   OVS_BENCH_SCROLL_FRAMES=N  scrolls the longest GtkListView for N frames and prints
 *                              "scroll <median ms of main-thread work per frame>"
 *   OVS_BENCH_PREPARE=WHAT     hands WHAT to the prepare function first
 * and quits @app. Otherwise nothing. */
void ovs_bench_hook_watch       (GtkApplication      *app,
                                 GtkWindow           *window);
void ovs_bench_hook_set_prepare (OvsBenchPrepareFunc  func);

G_END_DECLS
