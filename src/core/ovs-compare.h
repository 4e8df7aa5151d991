/* ovs-compare.h: one request fanned out to several models, or copied N times
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ovs-catalog.h"

G_BEGIN_DECLS

/* The group kinds of the history (ovs_task_get_group_kind()) this file makes. */
#define OVS_GROUP_KIND_COMPARE  "compare"
#define OVS_GROUP_KIND_VARIANTS "variants"

/* One body of a group: what is sent for one model, and what the mapping changed or left
 * out, as warnings with the field path (OvsProblem, OVS_SEVERITY_WARNING). */
typedef struct
{
  char        *model;     /* the catalog's id, as sent */
  OvsScenario *scenario;  /* (nullable) the preset the body fits exactly */
  JsonNode    *body;      /* an object */
  GPtrArray   *warnings;  /* of OvsProblem */
} OvsCompareBody;

void             ovs_compare_body_free   (OvsCompareBody *body);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsCompareBody, ovs_compare_body_free)

/* The shared intent of @source (prompt, images, first and last frame, reference videos,
 * seconds, resolution, aspect ratio, audio) mapped onto each of @models through the
 * catalog. A model of the source's own family keeps the rest of the source too (a Kling
 * storyboard stays for another Kling model). Returns a GPtrArray of OvsCompareBody, one per
 * model, in the order given; fails (OVS_ERROR_INVALID) naming a model the catalog does not
 * know, or when fewer than one model is given. */
GPtrArray       *ovs_compare_fan_out     (OvsCatalog          *catalog,
                                          JsonNode            *source,
                                          const char * const  *models,
                                          GError             **error);

/* @n copies of @source (2..OVS_COMPARE_MAX_VARIANTS). Where the model has a seed field
 * (metadata.seed: Vidu and Seedance, through the relay's metadata), each copy gets its own
 * seed, @first_seed + index; elsewhere one warning, on the first copy, says the copies
 * differ only by chance. */
#define OVS_COMPARE_MAX_VARIANTS 6
GPtrArray       *ovs_compare_variants    (OvsCatalog          *catalog,
                                          JsonNode            *source,
                                          guint                n,
                                          gint64               first_seed,
                                          GError             **error);

/* "compare-20261205-063012-a1b2c3": unique enough for one history, sortable by time. */
char            *ovs_compare_new_group_id (const char         *kind);

/* Splits "A,B, C" into model names, dropping empty ones. */
GStrv            ovs_compare_split_models (const char         *list);

G_END_DECLS
