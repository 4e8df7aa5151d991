/* ovs-scenario.h: one scenario of the API page (its models, fields, panels and example)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  OVS_FIELD_MODEL,
  OVS_FIELD_PROMPT,
  OVS_FIELD_CHOICE,     /* a string, with choices (strict or suggested) */
  OVS_FIELD_SECONDS,    /* a string of digits */
  OVS_FIELD_BOOL,
  OVS_FIELD_URL,        /* one http(s) or data: URL */
  OVS_FIELD_URL_LIST,   /* images[], videos[] */
  OVS_FIELD_SUBJECTS,   /* subject_infos[{id, name, image_urls[]}] */
  OVS_FIELD_OBJECT_IDS, /* Vidu subject ids */
  OVS_FIELD_VOICE_MAP,  /* Vidu {subject id: voice} */
  OVS_FIELD_SHOTS,      /* Kling multi_prompt[{index, prompt, duration}] */
  OVS_FIELD_ELEMENTS,   /* Kling element_list[{element_id}] */
  OVS_FIELD_CONTENT,    /* Seedance content[{type, <type>: {url}, role}] */
} OvsFieldType;

/* A field the catalog knows, wherever it lives in the body. Owned by the catalog. */
typedef struct
{
  char               *path;     /* "metadata.ext_info.AdditionalParameters.multi_prompt" */
  OvsFieldType        type;
  char               *title;    /* translated */
  char               *media;    /* "image" / "video" for URL fields, else NULL */
  char               *choices_id;
  const char * const *choices;  /* NULL-terminated, or NULL */
  gboolean            strict;   /* a value outside the choices is an error, not a warning */
} OvsField;

#define OVS_TYPE_SCENARIO (ovs_scenario_get_type ())

G_DECLARE_FINAL_TYPE (OvsScenario, ovs_scenario, OVS, SCENARIO, GObject)

const char         *ovs_scenario_get_id           (OvsScenario *self);
const char         *ovs_scenario_get_title        (OvsScenario *self);
const char         *ovs_scenario_get_description  (OvsScenario *self);
const char         *ovs_scenario_get_family       (OvsScenario *self);
const char         *ovs_scenario_get_family_title (OvsScenario *self);
const char * const *ovs_scenario_get_models       (OvsScenario *self);
gboolean            ovs_scenario_has_model        (OvsScenario *self,
                                                   const char  *model);
const char * const *ovs_scenario_get_panels       (OvsScenario *self);
gboolean            ovs_scenario_has_panel        (OvsScenario *self,
                                                   const char  *panel);

/* The fields this scenario uses, in the order of its example (then its optional ones). */
guint               ovs_scenario_get_n_fields     (OvsScenario *self);
const OvsField     *ovs_scenario_get_field_at     (OvsScenario *self,
                                                   guint        position);
const OvsField     *ovs_scenario_get_field        (OvsScenario *self,
                                                   const char  *path);
/* The path of the first field of @type this scenario uses ("aspect_ratio" may live at
 * "metadata.aspect_ratio" or "metadata.ratio"), or NULL. */
const char         *ovs_scenario_find_path        (OvsScenario *self,
                                                   const char  *top_level_name);
gboolean            ovs_scenario_is_required      (OvsScenario *self,
                                                   const char  *path);
/* The choices for @path in this scenario (its own restriction, or the field's). */
const char * const *ovs_scenario_get_choices      (OvsScenario *self,
                                                   const char  *path,
                                                   gboolean    *strict);
/* The value this scenario is recognised by at @path (e.g. shot_type "customize"), or NULL. */
const char         *ovs_scenario_get_match        (OvsScenario *self,
                                                   const char  *path);
gboolean            ovs_scenario_get_limits       (OvsScenario *self,
                                                   const char  *name,
                                                   int         *min,
                                                   int         *max);

/* The documented request body, exactly as the API page gives it. */
GBytes             *ovs_scenario_get_example_bytes (OvsScenario *self);
JsonNode           *ovs_scenario_dup_example       (OvsScenario *self);

/* Where @key goes among the members of the object at @object_path (a path shape, "[]" for
 * any index): its rank in the example, or -1 when the example does not have it. */
int                 ovs_scenario_get_key_rank      (OvsScenario *self,
                                                    const char  *object_path,
                                                    const char  *key);

G_END_DECLS
