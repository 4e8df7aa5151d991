/* ovs-network-watch.h: what the network and the power profile allow the tracker to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Polling is this many times slower in power-saver mode. */
#define OVS_POWER_SAVER_POLL_FACTOR 3.0

#define OVS_TYPE_NETWORK_WATCH (ovs_network_watch_get_type ())

G_DECLARE_FINAL_TYPE (OvsNetworkWatch, ovs_network_watch, OVS, NETWORK_WATCH, GObject)

/* NULL: the system's monitors (g_network_monitor_get_default(), and
 * g_power_profile_monitor_dup_default()). */
OvsNetworkWatch *ovs_network_watch_new          (GNetworkMonitor      *network,
                                                 GPowerProfileMonitor *power);
/* notify::online: the network came or went. */
gboolean         ovs_network_watch_get_online   (OvsNetworkWatch      *self);
/* Whether a server at @base_url can be asked now: online, or a server on this computer
 * (the sandbox answers without a network) unless exempt-loopback is off. */
gboolean         ovs_network_watch_may_reach    (OvsNetworkWatch      *self,
                                                 const char           *base_url);
void             ovs_network_watch_set_exempt_loopback (OvsNetworkWatch *self,
                                                        gboolean         exempt);
/* 1, or OVS_POWER_SAVER_POLL_FACTOR while the power profile saves power. */
double           ovs_network_watch_get_poll_factor (OvsNetworkWatch   *self);
gboolean         ovs_network_watch_get_metered  (OvsNetworkWatch      *self);
/* Whether finished videos may be downloaded without asking: not on a metered connection
 * unless the user allowed it ("download-on-metered", default FALSE). */
gboolean         ovs_network_watch_may_auto_download (OvsNetworkWatch *self);

G_END_DECLS
