/* ovs-task-update.c: read what the gateway says about a task, whatever its shape
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-task-update"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ovs-error.h"
#include "ovs-task-update.h"

/* The gateway's answers are a few levels deep (the provider's answer sits in
 * data.data.data); anything deeper is not looked into, so a hostile body cannot
 * exhaust the stack. */
#define MAX_DEPTH 16

/* Checked on the text before json-glib sees it: its parser recurses once per level. */
#define MAX_TEXT_NESTING 512

/* Longer "URLs" are not links a server means us to download. */
#define MAX_URL_LENGTH 16384

/* A timestamp after the year 9999 is garbage, not a date. */
#define MAX_UNIX_SECONDS G_GINT64_CONSTANT (253402300799)

G_DEFINE_ENUM_TYPE (OvsTaskStatus, ovs_task_status,
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_SUBMITTING, "submitting"),
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (OVS_TASK_STATUS_UNKNOWN, "unknown"))

G_DEFINE_BOXED_TYPE (OvsTaskUpdate, ovs_task_update, ovs_task_update_copy, ovs_task_update_free)

static const char * const status_nicks[] = {
  [OVS_TASK_STATUS_SUBMITTING] = "submitting",
  [OVS_TASK_STATUS_QUEUED] = "queued",
  [OVS_TASK_STATUS_RUNNING] = "running",
  [OVS_TASK_STATUS_SUCCEEDED] = "succeeded",
  [OVS_TASK_STATUS_FAILED] = "failed",
  [OVS_TASK_STATUS_UNKNOWN] = "unknown",
};

/* The words of shared/spec/responses.md, lower case, with '-' and ' ' read as '_'.
 * Anything else (the gateway's own "unknown" included) is UNKNOWN: still going. Words
 * are not guessed into QUEUED or RUNNING, nor into a terminal state, which would stop
 * the polling of a task that may still finish. */
static const struct
{
  const char    *word;
  OvsTaskStatus  status;
} server_words[] = {
  { "completed", OVS_TASK_STATUS_SUCCEEDED },
  { "succeeded", OVS_TASK_STATUS_SUCCEEDED },
  { "succeed", OVS_TASK_STATUS_SUCCEEDED },
  { "success", OVS_TASK_STATUS_SUCCEEDED },
  { "done", OVS_TASK_STATUS_SUCCEEDED },
  { "failed", OVS_TASK_STATUS_FAILED },
  { "failure", OVS_TASK_STATUS_FAILED },
  { "fail", OVS_TASK_STATUS_FAILED },
  { "error", OVS_TASK_STATUS_FAILED },
  { "cancelled", OVS_TASK_STATUS_FAILED },
  { "canceled", OVS_TASK_STATUS_FAILED },
  { "expired", OVS_TASK_STATUS_FAILED },
  /* Jimeng's word for a task it no longer has: it will not finish. */
  { "not_found", OVS_TASK_STATUS_FAILED },
  { "queued", OVS_TASK_STATUS_QUEUED },
  { "submitted", OVS_TASK_STATUS_QUEUED },
  { "not_start", OVS_TASK_STATUS_QUEUED },
  { "created", OVS_TASK_STATUS_QUEUED },
  { "pending", OVS_TASK_STATUS_QUEUED },
  { "queueing", OVS_TASK_STATUS_QUEUED },
  { "in_queue", OVS_TASK_STATUS_QUEUED },
  { "in_progress", OVS_TASK_STATUS_RUNNING },
  { "processing", OVS_TASK_STATUS_RUNNING },
  { "running", OVS_TASK_STATUS_RUNNING },
  /* Tencent Cloud's (Hunyuan, Kling there): WAIT, RUN, DONE, FAIL */
  { "wait", OVS_TASK_STATUS_QUEUED },
  { "run", OVS_TASK_STATUS_RUNNING },
  { "generating", OVS_TASK_STATUS_RUNNING },
};

const char *
ovs_task_status_to_string (OvsTaskStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_nicks))
    return status_nicks[OVS_TASK_STATUS_UNKNOWN];

  return status_nicks[status];
}

gboolean
ovs_task_status_from_string (const char    *nick,
                             OvsTaskStatus *status)
{
  if (nick == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (status_nicks); i++)
    {
      if (g_strcmp0 (nick, status_nicks[i]) == 0)
        {
          if (status != NULL)
            *status = (OvsTaskStatus) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ovs_task_status_to_label (OvsTaskStatus status)
{
  switch (status)
    {
    case OVS_TASK_STATUS_SUBMITTING:
      return C_("task status", "Submitting");
    case OVS_TASK_STATUS_QUEUED:
      return C_("task status", "Queued");
    case OVS_TASK_STATUS_RUNNING:
      return C_("task status", "Running");
    case OVS_TASK_STATUS_SUCCEEDED:
      return C_("task status", "Succeeded");
    case OVS_TASK_STATUS_FAILED:
      return C_("task status", "Failed");
    case OVS_TASK_STATUS_UNKNOWN:
    default:
      return C_("task status", "Unknown");
    }
}

gboolean
ovs_task_status_is_terminal (OvsTaskStatus status)
{
  return status == OVS_TASK_STATUS_SUCCEEDED || status == OVS_TASK_STATUS_FAILED;
}

OvsTaskStatus
ovs_task_status_normalize (const char *server_word)
{
  g_autofree char *word = NULL;

  if (server_word == NULL || *server_word == '\0')
    return OVS_TASK_STATUS_UNKNOWN;

  word = g_ascii_strdown (server_word, -1);
  g_strstrip (word);
  for (char *p = word; *p != '\0'; p++)
    {
      if (*p == '-' || *p == ' ')
        *p = '_';
    }

  for (guint i = 0; i < G_N_ELEMENTS (server_words); i++)
    {
      if (strcmp (word, server_words[i].word) == 0)
        return server_words[i].status;
    }

  return OVS_TASK_STATUS_UNKNOWN;
}

OvsTaskUpdate *
ovs_task_update_new (void)
{
  OvsTaskUpdate *update = g_new0 (OvsTaskUpdate, 1);

  update->status = OVS_TASK_STATUS_UNKNOWN;
  update->progress = -1;
  update->quota = -1;
  update->urls = g_new0 (char *, 1);

  return update;
}

OvsTaskUpdate *
ovs_task_update_copy (const OvsTaskUpdate *update)
{
  OvsTaskUpdate *copy;

  g_return_val_if_fail (update != NULL, NULL);

  copy = g_new0 (OvsTaskUpdate, 1);
  copy->task_id = g_strdup (update->task_id);
  copy->status = update->status;
  copy->server_status = g_strdup (update->server_status);
  copy->progress = update->progress;
  copy->created_at = update->created_at;
  copy->updated_at = update->updated_at;
  copy->finished_at = update->finished_at;
  copy->urls = update->urls != NULL ? g_strdupv (update->urls) : g_new0 (char *, 1);
  copy->error_message = g_strdup (update->error_message);
  copy->error_code = g_strdup (update->error_code);
  copy->is_error_envelope = update->is_error_envelope;
  copy->quota = update->quota;

  return copy;
}

void
ovs_task_update_free (OvsTaskUpdate *update)
{
  if (update == NULL)
    return;

  g_free (update->task_id);
  g_free (update->server_status);
  g_strfreev (update->urls);
  g_free (update->error_message);
  g_free (update->error_code);
  g_free (update);
}

/* Reading JSON without trusting its types */

static const char *
node_string (JsonNode *node)
{
  if (node != NULL
      && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

static const char *
node_nonempty_string (JsonNode *node)
{
  const char *s = node_string (node);

  return s != NULL && *s != '\0' ? s : NULL;
}

static JsonObject *
node_object (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  return NULL;
}

static gboolean
node_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return !isnan (*out);
}

/* A number written as text, "30", " 30.5 ", "30%" (when allow_percent). */
static gboolean
parse_number_text (const char *text,
                   gboolean    allow_percent,
                   double     *out)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  gsize len;

  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  len = strlen (copy);
  if (allow_percent && len > 0 && copy[len - 1] == '%')
    {
      copy[--len] = '\0';
      g_strchomp (copy);
    }
  if (*copy == '\0')
    return FALSE;

  /* strtod also reads "nan", "inf" and hex; a progress or a date is plain decimal. */
  for (const char *p = copy; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && *p != '.' && *p != '-' && *p != '+' && *p != 'e' && *p != 'E')
        return FALSE;
    }

  *out = g_ascii_strtod (copy, &end);
  return end != NULL && *end == '\0' && end != copy && isfinite (*out);
}

/* An error code as text: a non-empty string, or an integer. */
static char *
node_code (JsonNode *node)
{
  const char *s;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  if ((s = node_nonempty_string (node)) != NULL)
    return g_strdup (s);

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  return NULL;
}

static gboolean
is_success_word (const char *word)
{
  static const char * const words[] = { "success", "succeed", "succeeded", "ok", "0", "200" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (g_ascii_strcasecmp (word, words[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The objects that may describe the task, shallowest first: the root, the objects in
 * its members, theirs, and so on. Arrays are not entered (they list results or inputs,
 * not the task) nor are `error` objects (read on their own). The gateway's own level
 * therefore comes before the provider's answer nested in `data.data`. */
static GPtrArray *
collect_levels (JsonNode *root)
{
  GPtrArray *levels = g_ptr_array_new ();
  JsonObject *root_object = node_object (root);
  guint level_start = 0;
  guint level_end;

  if (root_object == NULL)
    return levels;

  g_ptr_array_add (levels, root_object);
  level_end = levels->len;

  for (guint depth = 1; depth < MAX_DEPTH && level_start < level_end; depth++)
    {
      for (guint i = level_start; i < level_end; i++)
        {
          JsonObject *object = g_ptr_array_index (levels, i);
          g_autoptr(GList) members = json_object_get_members (object);

          for (const GList *l = members; l != NULL; l = l->next)
            {
              const char *name = l->data;
              JsonObject *child;

              if (strcmp (name, "error") == 0)
                continue;

              child = node_object (json_object_get_member (object, name));
              if (child != NULL)
                g_ptr_array_add (levels, child);
            }
        }

      level_start = level_end;
      level_end = levels->len;
    }

  return levels;
}

/* Does member @name spell @key, ignoring case and '_' ("ErrorMessage", "error_message")? */
static gboolean
key_matches_loosely (const char *name,
                     const char *key)
{
  while (*name != '\0' || *key != '\0')
    {
      if (*name == '_')
        name++;
      else if (*key == '_')
        key++;
      else if (*name == '\0' || *key == '\0'
               || g_ascii_tolower (*name) != g_ascii_tolower (*key))
        return FALSE;
      else
        name++, key++;
    }
  return TRUE;
}

/* @object's member @key, else one spelled like it in another case or without '_' (Tencent
 * Cloud writes "Status", "ErrorMessage"). */
static JsonNode *
member_loosely (JsonObject *object,
                const char *key)
{
  JsonNode *node = json_object_get_member (object, key);
  g_autoptr(GList) members = NULL;

  if (node != NULL)
    return node;
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    if (key_matches_loosely (l->data, key))
      return json_object_get_member (object, l->data);
  return NULL;
}

/* The first non-empty string under one of @keys, shallowest level first, then in the
 * order of @keys. */
static const char *
find_string (GPtrArray         *levels,
             const char * const *keys)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonObject *object = g_ptr_array_index (levels, i);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          const char *s = node_nonempty_string (member_loosely (object, keys[k]));

          if (s != NULL)
            return s;
        }
    }

  return NULL;
}

/* The first boolean under @key, shallowest level first; -1 when there is none. */
static int
find_boolean (GPtrArray  *levels,
              const char *key)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (levels, i), key);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (node);
    }
  return -1;
}

/* Is there a non-empty "videos" or "generatedSamples" list (a Veo result, whose gs:// or
 * inline videos are not among the URLs)? */
static gboolean
find_media_samples (GPtrArray *levels)
{
  static const char * const keys[] = { "videos", "generatedSamples" };

  for (guint i = 0; i < levels->len; i++)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        JsonNode *node = json_object_get_member (g_ptr_array_index (levels, i), keys[k]);

        if (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
            && json_array_get_length (json_node_get_array (node)) > 0)
          return TRUE;
      }
  return FALSE;
}

/* Answers with no status word but a long-running operation's "done" (Google's Veo): not
 * done is running; done with an error, or with every video withheld by a safety filter
 * ("raiMediaFilteredCount" and no video), finished badly; otherwise well. @reason gets the
 * filter's reason. */
static OvsTaskStatus
operation_status (GPtrArray  *levels,
                  gboolean    has_error,
                  gboolean    has_urls,
                  char      **reason)
{
  int done = find_boolean (levels, "done");
  double filtered = 0;

  if (done < 0)
    return OVS_TASK_STATUS_UNKNOWN;
  if (!done)
    return OVS_TASK_STATUS_RUNNING;
  if (has_error)
    return OVS_TASK_STATUS_FAILED;

  for (guint i = 0; i < levels->len; i++)
    {
      JsonObject *object = g_ptr_array_index (levels, i);
      JsonNode *reasons;

      if (!node_number (json_object_get_member (object, "raiMediaFilteredCount"), &filtered)
          || filtered <= 0)
        continue;
      reasons = json_object_get_member (object, "raiMediaFilteredReasons");
      if (reasons != NULL && JSON_NODE_HOLDS_ARRAY (reasons)
          && json_array_get_length (json_node_get_array (reasons)) > 0)
        *reason = g_strdup (node_string (json_array_get_element (json_node_get_array (reasons),
                                                                 0)));
      break;
    }
  if (filtered > 0 && !has_urls && !find_media_samples (levels))
    return OVS_TASK_STATUS_FAILED;
  g_clear_pointer (reason, g_free);
  return OVS_TASK_STATUS_SUCCEEDED;
}

static char *
find_task_id (GPtrArray *levels)
{
  static const char * const keys[] = { "task_id", "taskId", "id", NULL };
  const char *id;

  /* The gateway's task_id is a string; an integer `id` beside it is a database row
   * number. Integers are only taken when no level has a string. */
  if ((id = find_string (levels, keys)) != NULL)
    return g_strdup (id);

  for (guint i = 0; i < levels->len; i++)
    {
      JsonObject *object = g_ptr_array_index (levels, i);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          JsonNode *node = json_object_get_member (object, keys[k]);

          if (node != NULL
              && JSON_NODE_HOLDS_VALUE (node)
              && json_node_get_value_type (node) == G_TYPE_INT64)
            return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        }
    }

  return NULL;
}

/* The relay's task object (TaskDto) says what the task was charged: "quota", a whole
 * number of quota units. Anything else is not a charge. */
static gint64
find_quota (GPtrArray *levels)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (levels, i), "quota");
      double value;

      if (node != NULL && node_number (node, &value) && value >= 0 && value < 1e15
          && value == floor (value))
        return (gint64) value;
    }
  return -1;
}

static int
find_progress (GPtrArray *levels)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (levels, i), "progress");
      double value;

      if (node == NULL)
        continue;

      if (node_number (node, &value)
          || parse_number_text (node_string (node), TRUE, &value))
        {
          if (value <= 0.0)
            return 0;
          if (value >= 100.0)
            return 100;
          return (int) floor (value + 0.5);
        }
    }

  return -1;
}

/* Unix seconds from seconds, milliseconds (13 digits), microseconds, a number in a
 * string, or an ISO-8601 date; 0 for anything else. */
static gint64
node_timestamp (JsonNode *node)
{
  const char *text = node_nonempty_string (node);
  double value;

  if (node == NULL)
    return 0;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      if (v >= G_GINT64_CONSTANT (100000000000000000))
        v /= G_GINT64_CONSTANT (1000000000);
      else if (v >= G_GINT64_CONSTANT (100000000000000))
        v /= 1000000;
      else if (v >= G_GINT64_CONSTANT (100000000000))
        v /= 1000;

      return v > 0 && v <= MAX_UNIX_SECONDS ? v : 0;
    }

  if (node_number (node, &value) || parse_number_text (text, FALSE, &value))
    {
      if (!isfinite (value) || value <= 0.0)
        return 0;
      if (value >= 1e17)
        value /= 1e9;
      else if (value >= 1e14)
        value /= 1e6;
      else if (value >= 1e11)
        value /= 1e3;
      if (value > (double) MAX_UNIX_SECONDS)
        return 0;
      return (gint64) value;
    }

  if (text != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, utc);

      if (date != NULL)
        {
          gint64 v = g_date_time_to_unix (date);

          return v > 0 && v <= MAX_UNIX_SECONDS ? v : 0;
        }
    }

  return 0;
}

static gint64
find_timestamp (GPtrArray         *levels,
                const char * const *keys)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonObject *object = g_ptr_array_index (levels, i);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          gint64 v = node_timestamp (json_object_get_member (object, keys[k]));

          if (v > 0)
            return v;
        }
    }

  return 0;
}

/* Video URLs
 *
 * Only members with these names are looked into; any other member (`images`,
 * `cover_url`, `thumbnail_url`, `image_url`, `callback_url`, `error`, the request's
 * own fields…) is not, so pictures and inputs never pass for results. */

typedef enum
{
  KEY_OTHER,
  KEY_URL,          /* strings taken, alone or in arrays; objects looked into */
  KEY_CONTAINER,    /* the same: `output` and `result` may be the URL itself */
  KEY_OBJECTS,      /* objects looked into, bare strings not taken */
  KEY_OBJECT_ONLY,  /* an object looked into; not an array */
} KeyKind;

static const struct
{
  const char *name;
  KeyKind     kind;
} url_keys[] = {
  { "url", KEY_URL },
  { "urls", KEY_URL },
  { "video_url", KEY_URL },
  { "video_urls", KEY_URL },
  { "videoUrl", KEY_URL },
  { "result_url", KEY_URL },
  { "result_urls", KEY_URL },
  { "resultUrl", KEY_URL },
  { "download_url", KEY_URL },
  { "file_url", KEY_URL },
  { "output_url", KEY_URL },
  { "result_video_url", KEY_URL },
  /* Gemini's Veo: response.generateVideoResponse.generatedSamples[].video.uri */
  { "uri", KEY_URL },
  { "generate_video_response", KEY_CONTAINER },
  { "generated_samples", KEY_OBJECTS },
  { "data", KEY_CONTAINER },
  { "output", KEY_CONTAINER },
  { "outputs", KEY_CONTAINER },
  { "result", KEY_CONTAINER },
  { "results", KEY_CONTAINER },
  { "metadata", KEY_CONTAINER },
  { "task_result", KEY_CONTAINER },
  { "creations", KEY_CONTAINER },
  { "video", KEY_CONTAINER },
  { "response", KEY_CONTAINER },
  /* a request's `videos` is a list of reference URLs; Kling's results are objects */
  { "videos", KEY_OBJECTS },
  /* Seedance answers `content: {video_url}`; a request's `content` is an array of inputs */
  { "content", KEY_OBJECT_ONLY },
};

static KeyKind
classify_key (const char *name)
{
  /* Loosely: "videoUrl", "ResultVideoUrl", "generatedSamples" are the same words. */
  for (guint i = 0; i < G_N_ELEMENTS (url_keys); i++)
    {
      if (key_matches_loosely (name, url_keys[i].name))
        return url_keys[i].kind;
    }

  return KEY_OTHER;
}

static gboolean
has_image_extension (const char *url)
{
  static const char * const extensions[] = {
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic", ".avif", ".svg",
  };
  gsize path_len = strcspn (url, "?#");

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      gsize ext_len = strlen (extensions[i]);

      if (path_len > ext_len
          && g_ascii_strncasecmp (url + path_len - ext_len, extensions[i], ext_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
looks_like_video_url (const char *s)
{
  const char *host;
  gsize len;

  if (s == NULL)
    return FALSE;

  if (g_ascii_strncasecmp (s, "https://", 8) == 0)
    host = s + 8;
  else if (g_ascii_strncasecmp (s, "http://", 7) == 0)
    host = s + 7;
  else
    return FALSE;

  if (*host == '\0' || strchr ("/?#:@", *host) != NULL)
    return FALSE;

  len = strlen (s);
  if (len > MAX_URL_LENGTH)
    return FALSE;

  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      if (*p <= ' ' || *p == 0x7f)
        return FALSE;
    }

  return !has_image_extension (s);
}

typedef struct
{
  guint       depth;
  guint       seq;
  const char *url;
} UrlHit;

static void
walk_urls (GArray   *hits,
           JsonNode *node,
           KeyKind   kind,
           guint     depth,
           guint     nesting)
{
  if (node == NULL || nesting > MAX_DEPTH)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      if (kind == KEY_URL || kind == KEY_CONTAINER)
        {
          const char *s = node_string (node);

          if (looks_like_video_url (s))
            {
              UrlHit hit = { depth, hits->len, s };

              g_array_append_val (hits, hit);
            }
        }
      break;

    case JSON_NODE_ARRAY:
      if (kind != KEY_OBJECT_ONLY)
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);

          for (guint i = 0; i < n; i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (kind == KEY_OBJECTS && !JSON_NODE_HOLDS_OBJECT (element))
                continue;
              walk_urls (hits, element, kind, depth, nesting + 1);
            }
        }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        for (const GList *l = members; l != NULL; l = l->next)
          {
            KeyKind child_kind = classify_key (l->data);

            if (child_kind != KEY_OTHER)
              walk_urls (hits, json_object_get_member (object, l->data), child_kind,
                         depth + 1, nesting + 1);
          }
      }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const UrlHit *ha = a;
  const UrlHit *hb = b;

  if (ha->depth != hb->depth)
    return ha->depth < hb->depth ? -1 : 1;
  if (ha->seq != hb->seq)
    return ha->seq < hb->seq ? -1 : 1;
  return 0;
}

static GStrv
find_urls (JsonNode *root)
{
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (UrlHit));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* The root itself is not a URL nor a list of them: only its members are read. */
  if (node_object (root) != NULL)
    walk_urls (hits, root, KEY_OBJECT_ONLY, 0, 0);

  g_array_sort (hits, compare_hits);

  for (guint i = 0; i < hits->len; i++)
    {
      const UrlHit *hit = &g_array_index (hits, UrlHit, i);

      if (g_hash_table_add (seen, (gpointer) hit->url))
        g_strv_builder_add (builder, hit->url);
    }

  return g_strv_builder_end (builder);
}

/* Errors */

/* The first meaningful `error` member, shallowest first: a non-empty string, or an
 * object with a non-empty `message` (or `msg`) or `code`. */
static void
find_error_member (GPtrArray  *levels,
                   char      **message,
                   char      **code)
{
  for (guint i = 0; i < levels->len; i++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (levels, i), "error");
      JsonObject *object;
      const char *s;

      if ((s = node_nonempty_string (node)) != NULL)
        {
          *message = g_strdup (s);
          return;
        }

      if ((object = node_object (node)) != NULL)
        {
          g_autofree char *c = node_code (json_object_get_member (object, "code"));

          s = node_nonempty_string (json_object_get_member (object, "message"));
          if (s == NULL)
            s = node_nonempty_string (json_object_get_member (object, "msg"));

          if (s != NULL || c != NULL)
            {
              *message = g_strdup (s);
              *code = g_steal_pointer (&c);
              return;
            }
        }
    }
}

/* What the top level says beside any task: an `error` member, a `code` that means success
 * or failure, a `message` that is not a success word. */
static void
read_top_level (JsonObject  *root_object,
                gboolean    *has_error,
                gboolean    *success,
                char       **code,
                const char **message)
{
  JsonNode *error_node = json_object_get_member (root_object, "error");
  JsonNode *code_node = json_object_get_member (root_object, "code");

  *has_error = node_object (error_node) != NULL || node_nonempty_string (error_node) != NULL;

  if (code_node != NULL && JSON_NODE_HOLDS_VALUE (code_node))
    {
      GType type = json_node_get_value_type (code_node);

      if (type == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (code_node);

          if (*s == '\0' || is_success_word (s))
            *success = TRUE;
          else
            *code = g_strdup (s);
        }
      else if (type == G_TYPE_INT64)
        {
          gint64 c = json_node_get_int (code_node);

          if (c == 0 || c == 200)
            *success = TRUE;
          else
            *code = g_strdup_printf ("%" G_GINT64_FORMAT, c);
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          *success = json_node_get_boolean (code_node);
        }
    }

  *message = node_nonempty_string (json_object_get_member (root_object, "message"));
  if (*message == NULL)
    *message = node_nonempty_string (json_object_get_member (root_object, "msg"));
  if (*message != NULL && is_success_word (*message))
    *message = NULL;
}

/* The reason of a failed task or an error answer, from the surest place to the loosest. */
static void
find_reason (OvsTaskUpdate  *update,
             GPtrArray      *levels,
             char          **operation_reason,
             const char     *top_message,
             char          **top_code)
{
  static const char * const reason_keys[] = {
    "fail_reason", "failure_reason", "failed_reason", "fail_msg", "error_message", "error_msg",
    "err_msg", "task_status_msg", NULL
  };
  static const char * const code_keys[] = { "error_code", "err_code", NULL };

  if (update->error_message == NULL)
    update->error_message = g_steal_pointer (operation_reason);

  if (update->error_message == NULL)
    update->error_message = g_strdup (find_string (levels, reason_keys));

  if (update->error_message == NULL)
    update->error_message = g_strdup (top_message);

  /* A provider's own "message" beside its status (DashScope's output.message), unless it
   * only says all is well. */
  if (update->error_message == NULL)
    {
      static const char * const message_keys[] = { "message", NULL };
      const char *message = find_string (levels, message_keys);

      if (message != NULL && !is_success_word (message))
        update->error_message = g_strdup (message);
    }

  if (update->error_code == NULL)
    update->error_code = g_steal_pointer (top_code);

  if (update->error_code == NULL)
    update->error_code = g_strdup (find_string (levels, code_keys));
}

OvsTaskUpdate *
ovs_task_update_parse (JsonNode *root)
{
  static const char * const status_keys[] = { "status", "task_status", "state", NULL };
  static const char * const created_keys[] = {
    "created_at", "createdAt", "create_time", "submit_time", "submitted_at", NULL
  };
  static const char * const updated_keys[] = {
    "updated_at", "updatedAt", "update_time", NULL
  };
  static const char * const finished_keys[] = {
    "finished_at", "finishedAt", "completed_at", "completedAt", "finish_time", "end_time", NULL
  };
  g_autoptr(GPtrArray) levels = NULL;
  OvsTaskUpdate *update = ovs_task_update_new ();
  JsonObject *root_object = node_object (root);
  const char *server_status;
  const char *top_message = NULL;
  gboolean has_top_error = FALSE;
  gboolean success_code = FALSE;
  gboolean failure_code = FALSE;
  g_autofree char *top_code = NULL;
  g_autofree char *operation_reason = NULL;
  gboolean operation = FALSE;
  gboolean erroneous;

  if (root_object == NULL)
    return update;

  levels = collect_levels (root);

  update->task_id = find_task_id (levels);
  server_status = find_string (levels, status_keys);
  update->server_status = g_strdup (server_status);
  update->status = ovs_task_status_normalize (server_status);
  update->progress = find_progress (levels);
  update->quota = find_quota (levels);
  update->created_at = find_timestamp (levels, created_keys);
  update->updated_at = find_timestamp (levels, updated_keys);
  update->finished_at = find_timestamp (levels, finished_keys);
  g_strfreev (update->urls);
  update->urls = find_urls (root);

  if (server_status == NULL)
    {
      JsonNode *error_node = json_object_get_member (root_object, "error");
      gboolean has_error = node_object (error_node) != NULL;

      /* The error of a long-running operation sits beside "done", at any depth. */
      for (guint i = 0; !has_error && i < levels->len; i++)
        has_error = find_boolean (levels, "done") >= 0
                    && node_object (json_object_get_member (g_ptr_array_index (levels, i),
                                                            "error")) != NULL;
      update->status = operation_status (levels, has_error, update->urls[0] != NULL,
                                         &operation_reason);
      if (update->status != OVS_TASK_STATUS_UNKNOWN)
        operation = TRUE;
    }

  /* Is the body an error answer rather than a task? Only when it carries no status:
   * a failed task also has an `error` member. */
  read_top_level (root_object, &has_top_error, &success_code, &top_code, &top_message);
  failure_code = top_code != NULL;

  update->is_error_envelope =
    server_status == NULL && !operation
    && (has_top_error
        || failure_code
        || (update->task_id == NULL && top_message != NULL && !success_code));

  erroneous = update->is_error_envelope || update->status == OVS_TASK_STATUS_FAILED;

  /* An explicit `error` is always reported; the looser places only when the task
   * failed or the body is an error, so that a stale reason or the envelope's
   * `"message":""` never reads as a failure. */
  find_error_member (levels, &update->error_message, &update->error_code);

  if (erroneous)
    find_reason (update, levels, &operation_reason, top_message, &top_code);

  return update;
}

/* json-glib's parser recurses once per level: refuse absurd nesting before it does. */
static gboolean
text_nests_too_deep (const char *text,
                     gsize       len)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        {
          in_string = TRUE;
        }
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_TEXT_NESTING)
            return TRUE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        {
          depth--;
        }
    }

  return FALSE;
}

OvsTaskUpdate *
ovs_task_update_parse_text (const char  *text,
                            gssize       len,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL || len <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  if (len < 0)
    len = strlen (text);

  if (text_nests_too_deep (text, len))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                           _("The server’s answer is nested too deeply"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                   _("The server’s answer is not JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_BAD_RESPONSE,
                           _("The server’s answer is empty"));
      return NULL;
    }

  return ovs_task_update_parse (root);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time_or_null (JsonBuilder *builder,
                  const char  *name,
                  gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value > 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
ovs_task_update_to_json (const OvsTaskUpdate *update)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (update != NULL, NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  add_string_or_null (builder, "id", update->task_id);
  add_string_or_null (builder, "status", ovs_task_status_to_string (update->status));
  add_string_or_null (builder, "server_status", update->server_status);

  json_builder_set_member_name (builder, "progress");
  if (update->progress >= 0)
    json_builder_add_int_value (builder, update->progress);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "urls");
  json_builder_begin_array (builder);
  for (guint i = 0; update->urls != NULL && update->urls[i] != NULL; i++)
    json_builder_add_string_value (builder, update->urls[i]);
  json_builder_end_array (builder);

  add_string_or_null (builder, "error", update->error_message);
  add_string_or_null (builder, "error_code", update->error_code);
  add_time_or_null (builder, "created_at", update->created_at);
  add_time_or_null (builder, "updated_at", update->updated_at);
  add_time_or_null (builder, "finished_at", update->finished_at);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}
