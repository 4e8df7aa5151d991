/* ovs-catalog.h: the scenarios of the API page, from data/scenarios.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ovs-scenario.h"

G_BEGIN_DECLS

#define OVS_TYPE_CATALOG (ovs_catalog_get_type ())

/* A GListModel of OvsScenario, in the catalog's order. */
G_DECLARE_FINAL_TYPE (OvsCatalog, ovs_catalog, OVS, CATALOG, GObject)

typedef struct
{
  OvsScenario *scenario;  /* (transfer none) the best match; never NULL */
  gboolean     exact;     /* every known field belongs to it, its model and required fields fit */
  int          score;
  OvsScenario *runner_up; /* (transfer none) (nullable) the next best, for messages */
} OvsDetection;

/* The catalog compiled into the program. Call ovs_core_init() first. */
OvsCatalog     *ovs_catalog_get_default      (void);
OvsCatalog     *ovs_catalog_new_from_bytes   (GBytes      *bytes,
                                              GError     **error);

OvsScenario    *ovs_catalog_lookup           (OvsCatalog  *self,
                                              const char  *id);
/* Every field the catalog knows, by its path (NULL when unknown). */
const OvsField *ovs_catalog_get_field        (OvsCatalog  *self,
                                              const char  *path);
/* A list of values by its id ("content_role", "voice"…); never NULL (empty when unknown). */
const char * const *ovs_catalog_get_choices  (OvsCatalog  *self,
                                              const char  *choices_id);
guint           ovs_catalog_get_n_families   (OvsCatalog  *self);
const char     *ovs_catalog_get_family_id    (OvsCatalog  *self,
                                              guint        position);
const char     *ovs_catalog_get_family_title (OvsCatalog  *self,
                                              const char  *family_id);
/* The family whose scenarios list @model (case-insensitive), or NULL. */
const char     *ovs_catalog_find_model_family (OvsCatalog *self,
                                               const char *model);

/* Names the scenario @root matches (model plus the fields present). Ambiguous or unknown
 * bodies get the closest one with exact = FALSE: detection never refuses. */
void            ovs_catalog_detect           (OvsCatalog   *self,
                                              JsonNode     *root,
                                              OvsDetection *result);

G_END_DECLS
