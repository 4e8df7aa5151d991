/* ovs-core.h: libovs-core, everything below the user interfaces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the core's resources (the scenario catalog and its examples) and binds the
 * gettext domain. Safe to call more than once, from any front end. */
void ovs_core_init (void);

/* Where finished videos go unless the user chose otherwise: "Omni Video Studio" in the
 * user's Videos folder (in the home folder when there is none). */
char *ovs_core_dup_default_download_dir (void);

G_END_DECLS
