/* ovs-sandbox-gate.h: the gateway's per-key concurrency gate, counted for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _OvsSandboxGate OvsSandboxGate;

OvsSandboxGate *ovs_sandbox_gate_new              (void);
void            ovs_sandbox_gate_unref            (OvsSandboxGate    *self);

void            ovs_sandbox_gate_set_limit        (OvsSandboxGate    *self,
                                                   guint              limit,
                                                   guint              hold_ms);
gboolean        ovs_sandbox_gate_is_on            (OvsSandboxGate    *self);
guint           ovs_sandbox_gate_get_hold_ms      (OvsSandboxGate    *self);
gboolean        ovs_sandbox_gate_enter            (OvsSandboxGate    *self,
                                                   SoupServerMessage *msg,
                                                   const char        *key);
guint           ovs_sandbox_gate_get_max_in_flight (OvsSandboxGate   *self);
guint           ovs_sandbox_gate_get_n_refused    (OvsSandboxGate    *self);

G_END_DECLS
