/* ovs-task.c: one task of the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ovs-json.h"
#include "ovs-task.h"

/* The string properties, in the order of their PROP_ ids. */
typedef enum
{
  S_TASK_ID,
  S_SCENARIO,
  S_MODEL,
  S_PROMPT,
  S_REQUEST_JSON,
  S_ROUTE,
  S_BASE_URL,
  S_NOTE,
  S_SERVER_STATUS,
  S_ERROR,
  S_FILE,
  S_MEDIA_JSON,
  S_GROUP_ID,
  S_GROUP_KIND,
  S_USER_NOTE,
  S_META,
  N_STRINGS
} StringField;

struct _OvsTask
{
  GObject        parent_instance;

  gint64         id;
  char          *strings[N_STRINGS];
  OvsTaskStatus  status;
  int            progress;
  GStrv          urls;
  gint64         created_at;
  gint64         updated_at;
  gint64         finished_at;
  gboolean       paused;
  gint64         group_index;
  gint64         parent;
  gint64         cost;
  gboolean       starred;
  /* The body with its inline files folded, while the body itself is not loaded (a page of
   * history read with ovs_task_store_query_summaries ()). */
  char          *request_summary;
};

G_DEFINE_FINAL_TYPE (OvsTask, ovs_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_STRING,
  PROP_LAST_STRING = PROP_FIRST_STRING + N_STRINGS - 1,
  PROP_STATUS,
  PROP_PROGRESS,
  PROP_URLS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_FINISHED_AT,
  PROP_PAUSED,
  PROP_GROUP_INDEX,
  PROP_PARENT,
  PROP_COST,
  PROP_STARRED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  const char *name;
  const char *blurb;
} string_props[N_STRINGS] = {
  [S_TASK_ID] = { "task-id", "The server's id of the task, or NULL before it answered" },
  [S_SCENARIO] = { "scenario", "The scenario id of the request" },
  [S_MODEL] = { "model", "The model asked for" },
  [S_PROMPT] = { "prompt", "The prompt of the request" },
  [S_REQUEST_JSON] = { "request-json", "The exact body sent" },
  [S_ROUTE] = { "route", "The route family used: videos or generations" },
  [S_BASE_URL] = { "base-url", "The endpoint, without credentials" },
  [S_NOTE] = { "note", "Why the status is what it is (e.g. may-exist-on-server)" },
  [S_SERVER_STATUS] = { "server-status", "The server's own status word" },
  [S_ERROR] = { "error", "The error message of a failure" },
  [S_FILE] = { "file", "The downloaded video, or NULL" },
  [S_MEDIA_JSON] = { "media-json", "The probed facts of the video, as JSON" },
  [S_GROUP_ID] = { "group-id", "The group (comparison, variants, batch) the task was sent in, or NULL" },
  [S_GROUP_KIND] = { "group-kind", "What the group is: compare, variants, batch or chain" },
  [S_USER_NOTE] = { "user-note", "The user's own note on the task" },
  [S_META] = { "meta", "A JSON object of what a group or a chain keeps per task (e.g. a batch line)" },
};

static void
ovs_task_finalize (GObject *object)
{
  OvsTask *self = OVS_TASK (object);

  for (guint i = 0; i < N_STRINGS; i++)
    g_free (self->strings[i]);
  g_strfreev (self->urls);
  g_free (self->request_summary);

  G_OBJECT_CLASS (ovs_task_parent_class)->finalize (object);
}

static void
ovs_task_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  OvsTask *self = OVS_TASK (object);

  if (prop_id >= PROP_FIRST_STRING && prop_id <= PROP_LAST_STRING)
    {
      g_value_set_string (value, self->strings[prop_id - PROP_FIRST_STRING]);
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_PROGRESS:
      g_value_set_int (value, self->progress);
      break;
    case PROP_URLS:
      g_value_set_boxed (value, self->urls);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_int64 (value, self->finished_at);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_GROUP_INDEX:
      g_value_set_int64 (value, self->group_index);
      break;
    case PROP_PARENT:
      g_value_set_int64 (value, self->parent);
      break;
    case PROP_COST:
      g_value_set_int64 (value, self->cost);
      break;
    case PROP_STARRED:
      g_value_set_boolean (value, self->starred);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void set_string (OvsTask *self, StringField field, const char *value);

static void
ovs_task_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  OvsTask *self = OVS_TASK (object);

  if (prop_id == PROP_FIRST_STRING + S_BASE_URL)
    {
      ovs_task_set_base_url (self, g_value_get_string (value));
      return;
    }
  if (prop_id == PROP_FIRST_STRING + S_REQUEST_JSON)
    {
      ovs_task_set_request_json (self, g_value_get_string (value));
      return;
    }
  if (prop_id >= PROP_FIRST_STRING && prop_id <= PROP_LAST_STRING)
    {
      set_string (self, prop_id - PROP_FIRST_STRING, g_value_get_string (value));
      return;
    }

  switch (prop_id)
    {
    case PROP_ID:
      ovs_task_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_STATUS:
      ovs_task_set_status (self, g_value_get_enum (value));
      break;
    case PROP_PROGRESS:
      ovs_task_set_progress (self, g_value_get_int (value));
      break;
    case PROP_URLS:
      ovs_task_set_urls (self, g_value_get_boxed (value));
      break;
    case PROP_CREATED_AT:
      ovs_task_set_created_at (self, g_value_get_int64 (value));
      break;
    case PROP_UPDATED_AT:
      ovs_task_set_updated_at (self, g_value_get_int64 (value));
      break;
    case PROP_FINISHED_AT:
      ovs_task_set_finished_at (self, g_value_get_int64 (value));
      break;
    case PROP_PAUSED:
      ovs_task_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_GROUP_INDEX:
      ovs_task_set_group_index (self, g_value_get_int64 (value));
      break;
    case PROP_PARENT:
      ovs_task_set_parent (self, g_value_get_int64 (value));
      break;
    case PROP_COST:
      ovs_task_set_cost (self, g_value_get_int64 (value));
      break;
    case PROP_STARRED:
      ovs_task_set_starred (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_task_class_init (OvsTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ovs_task_finalize;
  object_class->get_property = ovs_task_get_property;
  object_class->set_property = ovs_task_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, "The row id in the history, 0 before it is stored",
                        0, G_MAXINT64, 0, flags);
  for (guint i = 0; i < N_STRINGS; i++)
    properties[PROP_FIRST_STRING + i] =
      g_param_spec_string (string_props[i].name, NULL, string_props[i].blurb, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, "The status, normalised",
                       OVS_TYPE_TASK_STATUS, OVS_TASK_STATUS_SUBMITTING, flags);
  properties[PROP_PROGRESS] =
    g_param_spec_int ("progress", NULL, "0..100, or -1 when unknown", -1, 100, -1, flags);
  properties[PROP_URLS] =
    g_param_spec_boxed ("urls", NULL, "The result URLs", G_TYPE_STRV, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, "Unix seconds", 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, "Unix seconds", 0, G_MAXINT64, 0, flags);
  properties[PROP_FINISHED_AT] =
    g_param_spec_int64 ("finished-at", NULL, "Unix seconds, 0 while not finished",
                        0, G_MAXINT64, 0, flags);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL,
                          "The user stopped following this unfinished task: not polled, not resumed",
                          FALSE, flags);
  properties[PROP_GROUP_INDEX] =
    g_param_spec_int64 ("group-index", NULL, "The task's place in its group (a batch's line)",
                        0, G_MAXINT64, 0, flags);
  properties[PROP_PARENT] =
    g_param_spec_int64 ("parent", NULL,
                        "The row id of the task this one continues (its frame or video), 0 if none",
                        0, G_MAXINT64, 0, flags);
  properties[PROP_COST] =
    g_param_spec_int64 ("cost", NULL, "What the task cost, in the gateway's quota units; -1 unknown",
                        -1, G_MAXINT64, -1, flags);
  properties[PROP_STARRED] =
    g_param_spec_boolean ("starred", NULL, "The user's favourite (e.g. of a comparison)",
                          FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_task_init (OvsTask *self)
{
  self->status = OVS_TASK_STATUS_SUBMITTING;
  self->progress = -1;
  self->cost = -1;
}

OvsTask *
ovs_task_new (void)
{
  return g_object_new (OVS_TYPE_TASK, NULL);
}

static void
set_string (OvsTask    *self,
            StringField field,
            const char *value)
{
  g_assert (field < N_STRINGS);

  if (g_strcmp0 (self->strings[field], value) == 0)
    return;
  g_free (self->strings[field]);
  self->strings[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_STRING + field]);
}

static void
set_int64 (OvsTask *self,
           gint64  *field,
           gint64   value,
           guint    prop_id)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

#define STRING_ACCESSORS(name, FIELD)                                   \
  const char *                                                          \
  ovs_task_get_##name (OvsTask *self)                                   \
  {                                                                     \
    g_return_val_if_fail (OVS_IS_TASK (self), NULL);                    \
    return self->strings[FIELD];                                        \
  }                                                                     \
  void                                                                  \
  ovs_task_set_##name (OvsTask *self, const char *value)                \
  {                                                                     \
    g_return_if_fail (OVS_IS_TASK (self));                              \
    set_string (self, FIELD, value);                                    \
  }

STRING_ACCESSORS (task_id, S_TASK_ID)
STRING_ACCESSORS (scenario, S_SCENARIO)
STRING_ACCESSORS (model, S_MODEL)
STRING_ACCESSORS (prompt, S_PROMPT)
/* The exact body sent; NULL while only its summary is loaded (see below). */
const char *
ovs_task_get_request_json (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), NULL);
  return self->strings[S_REQUEST_JSON];
}

void
ovs_task_set_request_json (OvsTask    *self,
                           const char *request_json)
{
  g_return_if_fail (OVS_IS_TASK (self));
  /* A summary of another body is no summary of this one. */
  if (request_json != NULL && g_strcmp0 (request_json, self->strings[S_REQUEST_JSON]) != 0)
    g_clear_pointer (&self->request_summary, g_free);
  set_string (self, S_REQUEST_JSON, request_json);
}

void
ovs_task_take_request_json (OvsTask *self,
                            char    *request_json)
{
  g_return_if_fail (OVS_IS_TASK (self));

  g_clear_pointer (&self->request_summary, g_free);
  g_free (self->strings[S_REQUEST_JSON]);
  self->strings[S_REQUEST_JSON] = request_json;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_STRING + S_REQUEST_JSON]);
}

/* What a task's row and its checks read of the request: the body with its inline files
 * folded (ovs_json_fold_text ()) when the task has that summary, else the body. A page of
 * history gives a long body's summary in its place, so that a page of tasks with inline
 * images does not hold every image (issue 14); the tracker gives a task it sends a long
 * body's summary beside the body, so that its row and view do not parse megabytes on the
 * main thread. Its strings may be folds: to show or to read the size, the length and the
 * aspect ratio asked for, never to send or to edit. Read the task with
 * ovs_task_store_lookup_async () for the body itself: "notify::request-json" says when. */
const char *
ovs_task_get_request_summary (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), NULL);
  return self->request_summary != NULL ? self->request_summary
                                       : self->strings[S_REQUEST_JSON];
}

/* @summary is of the body the task holds, if it holds one. */
void
ovs_task_set_request_summary (OvsTask    *self,
                              const char *summary)
{
  g_return_if_fail (OVS_IS_TASK (self));
  g_free (self->request_summary);
  self->request_summary = g_strdup (summary);
}
STRING_ACCESSORS (route, S_ROUTE)
STRING_ACCESSORS (note, S_NOTE)
STRING_ACCESSORS (server_status, S_SERVER_STATUS)
STRING_ACCESSORS (error, S_ERROR)
STRING_ACCESSORS (file, S_FILE)
STRING_ACCESSORS (media_json, S_MEDIA_JSON)
STRING_ACCESSORS (group_id, S_GROUP_ID)
STRING_ACCESSORS (group_kind, S_GROUP_KIND)
STRING_ACCESSORS (user_note, S_USER_NOTE)
STRING_ACCESSORS (meta, S_META)

#define INT64_ACCESSORS(name, PROP)                                     \
  gint64                                                                \
  ovs_task_get_##name (OvsTask *self)                                   \
  {                                                                     \
    g_return_val_if_fail (OVS_IS_TASK (self), 0);                       \
    return self->name;                                                  \
  }                                                                     \
  void                                                                  \
  ovs_task_set_##name (OvsTask *self, gint64 value)                     \
  {                                                                     \
    g_return_if_fail (OVS_IS_TASK (self));                              \
    set_int64 (self, &self->name, MAX (value, 0), PROP);                \
  }

INT64_ACCESSORS (id, PROP_ID)
INT64_ACCESSORS (created_at, PROP_CREATED_AT)
INT64_ACCESSORS (updated_at, PROP_UPDATED_AT)
INT64_ACCESSORS (finished_at, PROP_FINISHED_AT)
INT64_ACCESSORS (group_index, PROP_GROUP_INDEX)
INT64_ACCESSORS (parent, PROP_PARENT)

gint64
ovs_task_get_cost (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), -1);
  return self->cost;
}

void
ovs_task_set_cost (OvsTask *self,
                   gint64   quota)
{
  g_return_if_fail (OVS_IS_TASK (self));
  set_int64 (self, &self->cost, MAX (quota, -1), PROP_COST);
}

gboolean
ovs_task_get_starred (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), FALSE);
  return self->starred;
}

void
ovs_task_set_starred (OvsTask  *self,
                      gboolean  starred)
{
  g_return_if_fail (OVS_IS_TASK (self));

  starred = !!starred;
  if (self->starred == starred)
    return;
  self->starred = starred;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
}

/* The task's meta object, or a new empty one when it has none (or not an object). */
static JsonNode *
dup_meta_object (OvsTask *self)
{
  JsonNode *root = NULL;

  if (self->strings[S_META] != NULL)
    root = ovs_json_parse_object (self->strings[S_META], -1, NULL, NULL, NULL);
  if (root == NULL)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
    }
  return root;
}

/**
 * ovs_task_get_meta_flag:
 *
 * Returns: whether the task's meta object has @key set to true
 */
gboolean
ovs_task_get_meta_flag (OvsTask    *self,
                        const char *key)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (OVS_IS_TASK (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->strings[S_META] == NULL)
    return FALSE;
  root = dup_meta_object (self);
  return json_object_get_boolean_member_with_default (json_node_get_object (root), key, FALSE);
}

/**
 * ovs_task_set_meta_flag:
 *
 * Sets @key to true in the task's meta object, or removes it, keeping what else the object
 * holds; an object left empty makes the meta %NULL.
 */
void
ovs_task_set_meta_flag (OvsTask    *self,
                        const char *key,
                        gboolean    value)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  g_return_if_fail (OVS_IS_TASK (self));
  g_return_if_fail (key != NULL);

  root = dup_meta_object (self);
  object = json_node_get_object (root);
  if (value)
    json_object_set_boolean_member (object, key, TRUE);
  else
    json_object_remove_member (object, key);
  text = json_object_get_size (object) > 0 ? ovs_json_to_compact_string (root) : NULL;
  set_string (self, S_META, text);
}

/**
 * ovs_task_get_shown_note:
 *
 * What to show as the task's note, in the reader's language: for a task no longer
 * followed, why its status may be stale (written at display time, not stored, so it
 * follows the language in use); otherwise the stored note.
 *
 * Returns: (nullable): the note
 */
const char *
ovs_task_get_shown_note (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), NULL);

  /* A note on a paused task is the tracker's reason for stopping ("Needs attention: …"):
   * "Stop Tracking" clears the note. */
  if (self->paused && !ovs_task_is_finished (self) && self->strings[S_NOTE] == NULL)
    return _("Not followed any more: the status shown is the last one seen. "
             "Follow it again to know how it ended.");
  return self->strings[S_NOTE];
}

gboolean
ovs_task_get_paused (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), FALSE);
  return self->paused;
}

void
ovs_task_set_paused (OvsTask  *self,
                     gboolean  paused)
{
  g_return_if_fail (OVS_IS_TASK (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

const char *
ovs_task_get_base_url (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), NULL);
  return self->strings[S_BASE_URL];
}

/* The history may be shared, backed up or attached to a bug report: a key written into
 * the URL (user:key@host, ?key=…) must never reach it. */
void
ovs_task_set_base_url (OvsTask    *self,
                       const char *base_url)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (OVS_IS_TASK (self));

  clean = ovs_task_sanitize_base_url (base_url);
  set_string (self, S_BASE_URL, clean);
}

/**
 * ovs_task_sanitize_base_url:
 * @url: (nullable): an endpoint URL
 *
 * Returns: (transfer full) (nullable): @url without user info, query or fragment;
 *   %NULL when @url is %NULL or not an absolute URL (it cannot then be shown to hold
 *   no secret)
 */
char *
ovs_task_sanitize_base_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_uri_join (G_URI_FLAGS_ENCODED,
                     g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri),
                     g_uri_get_path (uri), NULL, NULL);
}

OvsTaskStatus
ovs_task_get_status (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), OVS_TASK_STATUS_UNKNOWN);
  return self->status;
}

void
ovs_task_set_status (OvsTask       *self,
                     OvsTaskStatus  status)
{
  g_return_if_fail (OVS_IS_TASK (self));
  g_return_if_fail (status <= OVS_TASK_STATUS_UNKNOWN);

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

int
ovs_task_get_progress (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), -1);
  return self->progress;
}

void
ovs_task_set_progress (OvsTask *self,
                       int      progress)
{
  g_return_if_fail (OVS_IS_TASK (self));

  progress = CLAMP (progress, -1, 100);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/**
 * ovs_task_get_urls:
 *
 * Returns: (transfer none) (nullable): the result URLs, %NULL when there are none
 */
const char * const *
ovs_task_get_urls (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), NULL);
  return (const char * const *) self->urls;
}

void
ovs_task_set_urls (OvsTask            *self,
                   const char * const *urls)
{
  g_return_if_fail (OVS_IS_TASK (self));

  /* NULL and empty are the same: no URLs. */
  if (urls != NULL && urls[0] == NULL)
    urls = NULL;
  if (self->urls == NULL && urls == NULL)
    return;
  if (self->urls != NULL && urls != NULL &&
      g_strv_equal ((const char * const *) self->urls, urls))
    return;

  g_strfreev (self->urls);
  self->urls = g_strdupv ((char **) urls);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URLS]);
}

gboolean
ovs_task_is_finished (OvsTask *self)
{
  g_return_val_if_fail (OVS_IS_TASK (self), FALSE);
  return ovs_task_status_is_terminal (self->status);
}

/**
 * ovs_task_apply_update:
 * @self: a task
 * @update: what one answer of the server says
 *
 * Copies what @update says onto @self, notifying only what changed. What the answer
 * does not say (no progress, no URLs, no message) is kept. An error envelope says
 * nothing about the task and changes nothing. The first terminal status sets
 * #OvsTask:finished-at (the server's time when it gives one, else now).
 */
void
ovs_task_apply_update (OvsTask             *self,
                       const OvsTaskUpdate *update)
{
  g_return_if_fail (OVS_IS_TASK (self));
  g_return_if_fail (update != NULL);

  if (update->is_error_envelope)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (update->task_id != NULL && *update->task_id != '\0')
    set_string (self, S_TASK_ID, update->task_id);
  ovs_task_set_status (self, update->status);
  if (update->server_status != NULL)
    set_string (self, S_SERVER_STATUS, update->server_status);
  if (update->progress >= 0)
    ovs_task_set_progress (self, update->progress);
  else if (update->status == OVS_TASK_STATUS_SUCCEEDED)
    ovs_task_set_progress (self, 100);
  if (update->urls != NULL && update->urls[0] != NULL)
    ovs_task_set_urls (self, (const char * const *) update->urls);
  if (update->error_message != NULL)
    set_string (self, S_ERROR, update->error_message);
  if (update->quota >= 0)
    ovs_task_set_cost (self, update->quota);
  if (update->created_at > 0 && self->created_at == 0)
    ovs_task_set_created_at (self, update->created_at);

  if (ovs_task_status_is_terminal (update->status))
    {
      if (update->finished_at > 0)
        ovs_task_set_finished_at (self, update->finished_at);
      else if (self->finished_at == 0)
        ovs_task_set_finished_at (self, g_get_real_time () / G_USEC_PER_SEC);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ovs_task_assign:
 * @self: a task
 * @other: another task
 *
 * Makes every property of @self but its id equal to @other's, notifying what changed. A
 * body @other does not hold (read as a summary) does not take away the one @self holds.
 */
static void
assign (OvsTask  *self,
        OvsTask  *other,
        gboolean  with_body)
{
  if (self == other)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < N_STRINGS; i++)
    if (i != S_REQUEST_JSON)
      set_string (self, i, other->strings[i]);
  /* A task read as a summary has no body to give: the one held stays. A body given without
   * a summary keeps the one held, when it is the same body. */
  if (with_body && other->strings[S_REQUEST_JSON] != NULL)
    {
      ovs_task_set_request_json (self, other->strings[S_REQUEST_JSON]);
      if (other->request_summary != NULL)
        ovs_task_set_request_summary (self, other->request_summary);
    }
  else if (with_body)
    {
      ovs_task_set_request_summary (self, other->request_summary);
    }
  ovs_task_set_status (self, other->status);
  ovs_task_set_progress (self, other->progress);
  ovs_task_set_urls (self, (const char * const *) other->urls);
  ovs_task_set_created_at (self, other->created_at);
  ovs_task_set_updated_at (self, other->updated_at);
  ovs_task_set_finished_at (self, other->finished_at);
  ovs_task_set_paused (self, other->paused);
  ovs_task_set_group_index (self, other->group_index);
  ovs_task_set_parent (self, other->parent);
  ovs_task_set_cost (self, other->cost);
  ovs_task_set_starred (self, other->starred);
  g_object_thaw_notify (G_OBJECT (self));
}

void
ovs_task_assign (OvsTask *self,
                 OvsTask *other)
{
  g_return_if_fail (OVS_IS_TASK (self));
  g_return_if_fail (OVS_IS_TASK (other));

  assign (self, other, TRUE);
}

/**
 * ovs_task_assign_state:
 * @self: a task
 * @other: another task
 *
 * As ovs_task_assign(), leaving @self's body and summary as they are: what an update of
 * the history writes (a request is never changed once written), without a copy of
 * megabytes of inline files at each of them.
 */
void
ovs_task_assign_state (OvsTask *self,
                       OvsTask *other)
{
  g_return_if_fail (OVS_IS_TASK (self));
  g_return_if_fail (OVS_IS_TASK (other));

  assign (self, other, FALSE);
}
