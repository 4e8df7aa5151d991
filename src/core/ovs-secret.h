/* ovs-secret.h: keeping the API key out of everything the server sends back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ovs-task-update.h"

G_BEGIN_DECLS

/* What replaces the key. */
#define OVS_SECRET_MASK "***"

/* @text with every appearance of @secret replaced by OVS_SECRET_MASK: as is, percent-encoded
 * (either case of hex digits) and in base64 or base64url at any byte alignment (so also inside
 * a longer encoded string such as "user:KEY"). A @secret shorter than 8 bytes is not a real
 * key (the sandbox's "sandbox") and is left alone. %NULL in, %NULL out. */
char *ovs_secret_mask        (const char    *text,
                              const char    *secret);
/* Masks every string of @update in place. */
void  ovs_secret_mask_update (OvsTaskUpdate *update,
                              const char    *secret);

G_END_DECLS
