/* ovs-gsk-choice.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *ovs_gsk_choose_before_init (void);
const char *ovs_gsk_choose_renderer    (void);

G_END_DECLS
