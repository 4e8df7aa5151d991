/* ovs-render-pool.h: streaming threads of their own, at a lower priority, for renders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define OVS_TYPE_RENDER_POOL (ovs_render_pool_get_type ())
G_DECLARE_FINAL_TYPE (OvsRenderPool, ovs_render_pool, OVS, RENDER_POOL, GstTaskPool)

GstTaskPool *ovs_render_pool_new           (void);
void         ovs_render_pool_lower_thread  (void);
void         ovs_render_pool_isolate_heap  (void);

G_END_DECLS
