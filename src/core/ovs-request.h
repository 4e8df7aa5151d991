/* ovs-request.h: a request body, edited field by field, sent byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ovs-catalog.h"
#include "ovs-json.h"
#include "ovs-scenario.h"

G_BEGIN_DECLS

/* A Kling shot of a custom storyboard. */
typedef struct
{
  gint64  index;
  char   *prompt;
  double  duration;
} OvsShot;

/* A reference subject (`subject_infos[]`). */
typedef struct
{
  char  *id;
  char  *name;
  GStrv  image_urls;
} OvsSubject;

/* A Seedance content item: {"type": T, T: {"url": U}, "role": R}. */
typedef struct
{
  char *type;
  char *url;
  char *role;
} OvsContentItem;

void ovs_shot_free          (OvsShot        *shot);
void ovs_subject_free       (OvsSubject     *subject);
void ovs_content_item_free  (OvsContentItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsShot, ovs_shot_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsSubject, ovs_subject_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsContentItem, ovs_content_item_free)

#define OVS_TYPE_REQUEST (ovs_request_get_type ())

G_DECLARE_FINAL_TYPE (OvsRequest, ovs_request, OVS, REQUEST, GObject)

/* The body is the truth: an ordered JSON tree. Typed accessors read and write it at the
 * places the scenario says; members the catalog does not know stay where they are, at any
 * depth; new members go where the scenario's example has them. Every change emits
 * ::changed with the path that changed ("$" for the whole body). */

OvsRequest  *ovs_request_new              (OvsScenario  *scenario);
OvsRequest  *ovs_request_new_from_example (OvsScenario  *scenario);
/* Takes a copy of @root. A NULL @scenario is detected from the body. */
OvsRequest  *ovs_request_new_from_node    (JsonNode     *root,
                                           OvsScenario  *scenario);
/* Parses and detects; @detection (nullable) tells how sure the detection is. */
OvsRequest  *ovs_request_new_from_json    (const char   *text,
                                           gssize        length,
                                           OvsDetection *detection,
                                           GError      **error);

OvsScenario *ovs_request_get_scenario     (OvsRequest   *self);
void         ovs_request_set_scenario     (OvsRequest   *self,
                                           OvsScenario  *scenario);

/* (transfer none): read it, do not change it behind the request's back. */
JsonNode    *ovs_request_get_root         (OvsRequest   *self);
/* For walks of the body on the request's thread between ovs_json_sizes_begin () and
 * _end () (the checks, the preview): its inline files are measured once, not each time. */
OvsJsonSizes *ovs_request_get_sizes       (OvsRequest   *self);
/* The body as it is sent. Where the catalog says the model's provider takes inline files
 * as bare base64 ("inline": "raw-base64", Kling), "data:…;base64," prefixes are left out. */
char        *ovs_request_to_json          (OvsRequest   *self);
/* What ovs_request_to_json () writes, for the body @root: reads @root only (a worker thread
 * may write a tree nobody changes meanwhile). */
char        *ovs_request_write_body       (JsonNode     *root);
char        *ovs_request_to_compact_json  (OvsRequest   *self);
/* The body as composed (what a draft keeps), a copy for another thread to read, freed on
 * this one (ovs_json_copy_to_read ()): inline files keep their prefix. */
JsonNode    *ovs_request_dup_body         (OvsRequest   *self);
gboolean     ovs_request_sends_raw_base64 (OvsRequest  *self);
/* Replaces the whole body with @text. On error nothing changes. */
gboolean     ovs_request_replace_from_json (OvsRequest  *self,
                                            const char  *text,
                                            gssize       length,
                                            GError     **error);
void         ovs_request_replace_root     (OvsRequest   *self,
                                           JsonNode     *root);

/* Access by path ("metadata.ext_info.AdditionalParameters.multi_prompt[1].duration"). */
JsonNode    *ovs_request_get_node         (OvsRequest   *self,
                                           const char   *path);
const char  *ovs_request_get_string       (OvsRequest   *self,
                                           const char   *path);
gboolean     ovs_request_get_boolean      (OvsRequest   *self,
                                           const char   *path,
                                           gboolean      fallback);
double       ovs_request_get_number       (OvsRequest   *self,
                                           const char   *path,
                                           double        fallback);
/* Each setter creates the objects on the way; @value (transfer full) NULL removes the member
 * and the objects it leaves empty. */
void         ovs_request_set_node         (OvsRequest   *self,
                                           const char   *path,
                                           JsonNode     *value);
void         ovs_request_set_string       (OvsRequest   *self,
                                           const char   *path,
                                           const char   *value);
void         ovs_request_set_boolean      (OvsRequest   *self,
                                           const char   *path,
                                           gboolean      value);
/* Writes an integer when @value is whole (durations, ids), a double otherwise. */
void         ovs_request_set_number       (OvsRequest   *self,
                                           const char   *path,
                                           double        value);
void         ovs_request_remove           (OvsRequest   *self,
                                           const char   *path);

/* Lists. */
guint        ovs_request_get_n_items      (OvsRequest   *self,
                                           const char   *path);
/* @position -1 appends; the list is created when missing. @item is (transfer full). */
void         ovs_request_insert_item      (OvsRequest   *self,
                                           const char   *path,
                                           int           position,
                                           JsonNode     *item);
void         ovs_request_remove_item      (OvsRequest   *self,
                                           const char   *path,
                                           guint         position);
void         ovs_request_move_item        (OvsRequest   *self,
                                           const char   *path,
                                           guint         from,
                                           guint         to);
GStrv        ovs_request_dup_strings      (OvsRequest   *self,
                                           const char   *path);
/* The same strings, not copied (an inline file is megabytes): valid until @self next
 * changes. Free the array, not its strings, with g_free (). */
const char **ovs_request_peek_strings    (OvsRequest   *self,
                                           const char   *path);
/* NULL removes the list; an empty array writes []. */
void         ovs_request_set_strings      (OvsRequest   *self,
                                           const char   *path,
                                           const char * const *values);

/* The common fields, wherever the scenario keeps them. */
const char  *ovs_request_get_model        (OvsRequest   *self);
void         ovs_request_set_model        (OvsRequest   *self,
                                           const char   *model);
const char  *ovs_request_get_prompt       (OvsRequest   *self);
void         ovs_request_set_prompt       (OvsRequest   *self,
                                           const char   *prompt);
const char  *ovs_request_get_seconds      (OvsRequest   *self);
void         ovs_request_set_seconds      (OvsRequest   *self,
                                           const char   *seconds);
const char  *ovs_request_get_resolution   (OvsRequest   *self);
void         ovs_request_set_resolution   (OvsRequest   *self,
                                           const char   *resolution);
const char  *ovs_request_get_aspect_ratio (OvsRequest   *self);
void         ovs_request_set_aspect_ratio (OvsRequest   *self,
                                           const char   *aspect_ratio);
/* 1 when the body asks for sound (audio_generation, enable_bgm, generate_audio,
 * output_config.AudioGeneration, keep_original_sound), 0 when it says no, -1 when silent. */
int          ovs_request_wants_audio      (OvsRequest   *self);

/* Kling storyboard shots (metadata.ext_info.AdditionalParameters.multi_prompt). */
#define OVS_SHOTS_PATH "metadata.ext_info.AdditionalParameters.multi_prompt"
GPtrArray   *ovs_request_dup_shots        (OvsRequest   *self);
void         ovs_request_add_shot         (OvsRequest   *self,
                                           int           position,
                                           const char   *prompt,
                                           double        duration);
/* Sets `index` to 1..n in list order. */
void         ovs_request_renumber_shots   (OvsRequest   *self);
double       ovs_request_get_shots_total  (OvsRequest   *self);
/* Scales the shot durations (whole seconds, at least 1 each) to add up to `seconds`.
 * FALSE when there is nothing to fit to. */
gboolean     ovs_request_fit_shots        (OvsRequest   *self);

GPtrArray   *ovs_request_dup_subjects     (OvsRequest   *self);
void         ovs_request_add_subject      (OvsRequest   *self,
                                           const char   *id,
                                           const char   *name,
                                           const char * const *image_urls);

#define OVS_CONTENT_PATH "metadata.content"
GPtrArray   *ovs_request_dup_content      (OvsRequest   *self);
void         ovs_request_add_content      (OvsRequest   *self,
                                           const char   *type,
                                           const char   *url,
                                           const char   *role);

#define OVS_ELEMENTS_PATH "metadata.ext_info.AdditionalParameters.element_list"
GArray      *ovs_request_dup_element_ids  (OvsRequest   *self);
void         ovs_request_add_element      (OvsRequest   *self,
                                           gint64        element_id);

#define OVS_OBJECT_IDS_PATH "metadata.vidu_q2_object_ids"
#define OVS_VOICE_MAP_PATH "metadata.vidu_q2_voice_map"
const char  *ovs_request_get_voice        (OvsRequest   *self,
                                           const char   *subject_id);
/* NULL removes the subject's voice. */
void         ovs_request_set_voice        (OvsRequest   *self,
                                           const char   *subject_id,
                                           const char   *voice);

G_END_DECLS
