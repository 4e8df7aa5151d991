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

/* One model the gateway takes, from the catalog's "models" (see docs/models.md). What the
 * providers do not document is left unset (-1, NULL) and named in @unknown. */
typedef struct
{
  char        *id;             /* the spelling of the API page, "Vidu-q2" */
  char        *family;
  GStrv        names;          /* every spelling known to work, the id first */
  gboolean     prompt_required;
  int          seconds_min;    /* -1 when not known */
  int          seconds_max;
  GArray      *seconds_values; /* of int; NULL when any whole number in the range goes */
  GStrv        resolutions;    /* NULL when not known */
  GStrv        aspect_ratios;  /* NULL when not known */
  int          images_min;     /* -1 when not known */
  int          images_max;
  char        *inline_form;    /* "data-url", or "raw-base64" (base64 without "data:…,") */
  GStrv        docs;           /* the providers' pages this comes from */
  GStrv        unknown;        /* what the catalog does not know, in words */
  GHashTable  *fields;         /* set of field paths: those of the presets listing it */
} OvsModel;

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
/* Every field the catalog knows: path -> OvsField. */
GHashTable     *ovs_catalog_get_fields       (OvsCatalog  *self);
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

/* The model @name stands for, compared without regard to case or separators ("viduq2",
 * "VIDU_Q2" and "Vidu-q2" are one model); NULL when unknown. @listed, when given, says
 * whether @name is one of the model's known spellings exactly. */
const OvsModel *ovs_catalog_find_model       (OvsCatalog  *self,
                                              const char  *name,
                                              gboolean    *listed);
guint           ovs_catalog_get_n_models     (OvsCatalog  *self);
const OvsModel *ovs_catalog_get_model_at     (OvsCatalog  *self,
                                              guint        position);
/* "Vidu-q2" -> "viduq2": lower case, letters and digits only. */
char           *ovs_model_name_key           (const char  *name);

/* Why @root is closest to @scenario, in words ("the model “Vidu-q2” is one of its
 * models; it has images and seconds; it lacks enable_bgm"). */
char           *ovs_catalog_explain          (OvsCatalog  *self,
                                              JsonNode    *root,
                                              OvsScenario *scenario);

/* Names the scenario @root matches (model plus the fields present). Ambiguous or unknown
 * bodies get the closest one with exact = FALSE: detection never refuses. */
void            ovs_catalog_detect           (OvsCatalog   *self,
                                              JsonNode     *root,
                                              OvsDetection *result);

G_END_DECLS
