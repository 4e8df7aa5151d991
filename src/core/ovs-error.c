/* ovs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-error"

#include "config.h"

#include "ovs-error.h"

G_DEFINE_QUARK (ovs-error-quark, ovs_error)
