/* ovs-validate.h: what is wrong with a request body, field by field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <stdarg.h>

#include "ovs-request.h"
#include "ovs-scenario.h"

G_BEGIN_DECLS

typedef enum
{
  OVS_SEVERITY_ERROR,    /* the request cannot be sent */
  OVS_SEVERITY_WARNING,  /* it can, but the user should look */
} OvsSeverity;

typedef enum
{
  OVS_PROBLEM_SYNTAX,         /* not JSON, not UTF-8, too large, not an object */
  OVS_PROBLEM_MISSING,        /* a required field is absent */
  OVS_PROBLEM_TYPE,           /* wrong JSON type or format */
  OVS_PROBLEM_EMPTY,          /* an empty string or list */
  OVS_PROBLEM_MODEL,          /* the model does not fit the scenario */
  OVS_PROBLEM_CHOICE,         /* a value outside the choices */
  OVS_PROBLEM_RANGE,          /* out of range, too many items */
  OVS_PROBLEM_SHOT_DURATION,  /* shot durations do not add up to `seconds` */
  OVS_PROBLEM_SHOT_INDEX,     /* shot indexes are not 1..n */
  OVS_PROBLEM_PLACEHOLDER,    /* <<<image_N>>> / <<<video_N>>> with no such media */
  OVS_PROBLEM_SUBJECT,        /* <<<id>>> or @id with no such subject */
  OVS_PROBLEM_URL,            /* not http(s), nor data: of the right media type */
  OVS_PROBLEM_DUPLICATE,      /* the same subject id twice */
  OVS_PROBLEM_UNUSED,         /* a known field the scenario does not use */
  OVS_PROBLEM_UNKNOWN,        /* a field the catalog does not know */
  OVS_PROBLEM_SIZE,           /* the body is near or over the gateway's size limit */
} OvsProblemKind;

typedef struct
{
  OvsSeverity     severity;
  OvsProblemKind  kind;
  char           *path;     /* "metadata.ext_info.AdditionalParameters.multi_prompt[1].duration", "$" */
  char           *message;  /* translated */
  int             line;     /* for syntax problems, 1-based; else 0 */
  int             column;
} OvsProblem;

#define OVS_TYPE_PROBLEM (ovs_problem_get_type ())

GType        ovs_problem_get_type        (void) G_GNUC_CONST;
OvsProblem  *ovs_problem_new             (OvsSeverity     severity,
                                          OvsProblemKind  kind,
                                          const char     *path,
                                          const char     *message);
OvsProblem  *ovs_problem_copy            (const OvsProblem *problem);
/* Adds a problem whose message is @format's (translated) to @problems. */
void         ovs_problems_add_valist     (GPtrArray      *problems,
                                          OvsSeverity     severity,
                                          OvsProblemKind  kind,
                                          const char     *path,
                                          const char     *format,
                                          va_list         args) G_GNUC_PRINTF (5, 0);
void         ovs_problem_free            (OvsProblem     *problem);
const char  *ovs_problem_kind_to_string  (OvsProblemKind  kind);
const char  *ovs_severity_to_string      (OvsSeverity     severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsProblem, ovs_problem_free)

/* Each returns a GPtrArray of OvsProblem (never NULL; empty when all is well). Errors mean
 * nothing may be sent; warnings are shown and the body is sent anyway.
 *
 * With a @scenario (a preset), the body is checked against it too: fields it usually has and
 * does not, fields it does not use, a model it does not list (all warnings). A NULL
 * @scenario is detected; a body that fits no preset exactly is checked against its model
 * alone. */
GPtrArray   *ovs_validate_node           (JsonNode       *root,
                                          OvsScenario    *scenario);
/* Reads @text first: syntax, size and encoding problems come back as problems too. A NULL
 * @scenario is detected from the body. */
GPtrArray   *ovs_validate_text           (const char     *text,
                                          gssize          length,
                                          OvsScenario    *scenario);
GPtrArray   *ovs_validate_request        (OvsRequest     *request);

guint        ovs_problems_count          (GPtrArray      *problems,
                                          OvsSeverity     severity);

/* Placeholders of a prompt, in order: "image_2", "video_1", "girl1" (<<<…>>>) and, with
 * @with_mentions, "@dog" (Vidu mentions). For the editor's highlighting and the checks. */
typedef struct
{
  guint  start;   /* byte offsets in the prompt */
  guint  end;
  char  *name;    /* what is inside <<<>>>, or the @id with its @ */
} OvsPlaceholder;

GArray      *ovs_prompt_find_placeholders (const char    *prompt,
                                           gboolean       with_mentions);

G_END_DECLS
