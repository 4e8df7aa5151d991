/* ovs-scenario-private.h: what the catalog needs to build scenarios
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-scenario.h"

G_BEGIN_DECLS

/* @fields maps a path to its OvsField (owned by the catalog, which outlives scenarios'
 * use of them); @family_titles maps family ids to translated titles. */
OvsScenario *_ovs_scenario_new (JsonObject  *definition,
                                GHashTable  *fields,
                                GHashTable  *family_titles,
                                GError     **error);

G_END_DECLS
