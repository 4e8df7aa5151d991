/* ovs-paced-stream.h: a request body read in slices of the main thread's time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OVS_TYPE_PACED_STREAM (ovs_paced_stream_get_type ())
G_DECLARE_FINAL_TYPE (OvsPacedStream, ovs_paced_stream, OVS, PACED_STREAM, GMemoryInputStream)

/* The longest stretch an upload holds its main context, and the pause after it. */
#define OVS_PACED_STREAM_SLICE_US 4000
#define OVS_PACED_STREAM_PAUSE_MS 1

/* A GMemoryInputStream of @bytes, as libsoup makes of a body. Read without blocking (as
 * libsoup sends a body), it answers "would block" once @slice_us have passed since its
 * slice began, and is readable again OVS_PACED_STREAM_PAUSE_MS later: whatever waits on the
 * same main context (the window's next frame) runs in between. Read blocking, it never
 * pauses. */
GInputStream *ovs_paced_stream_new (GBytes *bytes,
                                    gint64  slice_us);

G_END_DECLS
