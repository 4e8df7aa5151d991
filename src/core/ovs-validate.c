/* ovs-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-validate.h"

G_DEFINE_BOXED_TYPE (OvsProblem, ovs_problem, ovs_problem_copy, ovs_problem_free)

OvsProblem *
ovs_problem_new (OvsSeverity     severity,
                 OvsProblemKind  kind,
                 const char     *path,
                 const char     *message)
{
  OvsProblem *problem = g_new0 (OvsProblem, 1);

  problem->severity = severity;
  problem->kind = kind;
  problem->path = g_strdup (path != NULL ? path : "$");
  problem->message = g_strdup (message);
  return problem;
}

void
ovs_problems_add_valist (GPtrArray      *problems,
                         OvsSeverity     severity,
                         OvsProblemKind  kind,
                         const char     *path,
                         const char     *format,
                         va_list         args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  g_ptr_array_add (problems, ovs_problem_new (severity, kind, path, message));
}

OvsProblem *
ovs_problem_copy (const OvsProblem *problem)
{
  OvsProblem *copy = ovs_problem_new (problem->severity, problem->kind, problem->path,
                                      problem->message);

  copy->line = problem->line;
  copy->column = problem->column;
  return copy;
}

void
ovs_problem_free (OvsProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->path);
  g_free (problem->message);
  g_free (problem);
}

const char *
ovs_problem_kind_to_string (OvsProblemKind kind)
{
  static const char *names[] = {
    "syntax", "missing", "type", "empty", "model", "choice", "range", "shot-duration",
    "shot-index", "placeholder", "subject", "url", "duplicate", "unused", "unknown", "size",
  };

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (names), "unknown");
  return names[kind];
}

const char *
ovs_severity_to_string (OvsSeverity severity)
{
  return severity == OVS_SEVERITY_ERROR ? "error" : "warning";
}

guint
ovs_problems_count (GPtrArray   *problems,
                    OvsSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (((OvsProblem *) g_ptr_array_index (problems, i))->severity == severity)
      n++;
  return n;
}

typedef struct
{
  GPtrArray   *problems;
  JsonNode    *root;
  OvsScenario *scenario;  /* the preset, or the closest one when checked against the model */
  gboolean     preset;    /* checked against @scenario, not only against the model */
  OvsCatalog  *catalog;
  const OvsModel *model;  /* NULL when the catalog does not know it */
} Check;

G_GNUC_PRINTF (5, 6)
static void
report (Check          *check,
        OvsSeverity     severity,
        OvsProblemKind  kind,
        const char     *path,
        const char     *format,
        ...)
{
  va_list args;

  va_start (args, format);
  ovs_problems_add_valist (check->problems, severity, kind, path, format, args);
  va_end (args);
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && (json_node_get_value_type (node) == G_TYPE_INT64
             || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static double
number_of (JsonNode *node)
{
  return json_node_get_value_type (node) == G_TYPE_INT64
         ? (double) json_node_get_int (node) : json_node_get_double (node);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A string that must not be empty. FALSE (and a problem) when it is not one. */
static gboolean
expect_string (Check      *check,
               JsonNode   *node,
               const char *path,
               gboolean    allow_empty)
{
  if (!is_string (node))
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
              _("must be a string, not %s"), ovs_json_node_type_name (node));
      return FALSE;
    }
  if (!allow_empty && is_blank (json_node_get_string (node)))
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_EMPTY, path, _("must not be empty"));
      return FALSE;
    }
  return TRUE;
}

static JsonArray *
expect_list (Check      *check,
             JsonNode   *node,
             const char *path,
             const char *limit_name)
{
  JsonArray *array;
  int min, max;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
              _("must be a list, not %s"), ovs_json_node_type_name (node));
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_EMPTY, path,
              _("must not be an empty list: remove it or add an item"));
      return array;
    }

  if (limit_name != NULL && ovs_scenario_get_limits (check->scenario, limit_name, &min, &max)
      && json_array_get_length (array) > (guint) max)
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_RANGE, path,
            g_dngettext (GETTEXT_PACKAGE, "has %u items; this scenario takes at most %d",
                         "has %u items; this scenario takes at most %d",
                         json_array_get_length (array)),
            json_array_get_length (array), max);
  return array;
}

static JsonObject *
expect_object (Check      *check,
               JsonNode   *node,
               const char *path)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
              _("must be an object, not %s"), ovs_json_node_type_name (node));
      return NULL;
    }
  return json_node_get_object (node);
}

/* @media: "image", "video", "audio" or NULL for any. */
static void
check_url (Check      *check,
           JsonNode   *node,
           const char *path,
           const char *media)
{
  const char *url;

  if (!expect_string (check, node, path, FALSE))
    return;
  url = json_node_get_string (node);

  if (g_ascii_strncasecmp (url, "data:", 5) == 0)
    {
      const char *comma = strchr (url, ',');
      g_autofree char *header = comma != NULL ? g_strndup (url + 5, comma - url - 5) : NULL;
      g_autofree char *mime = header != NULL ? g_strndup (header, strcspn (header, ";")) : NULL;
      g_autofree char *prefix = media != NULL ? g_strconcat (media, "/", NULL) : NULL;

      if (header == NULL)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_URL, path,
                _("is a data: URL without data (no comma)"));
      else if (prefix != NULL && g_ascii_strncasecmp (header, prefix, strlen (prefix)) != 0)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_URL, path,
                _("is a data: URL of type “%s”; this field takes %s/…"),
                *mime != '\0' ? mime : "text/plain", media);
      else if (strstr (header, ";base64") == NULL)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_URL, path,
                _("is a data: URL that is not base64-encoded"));
      return;
    }

  /* Kling's own API takes inline files as bare base64: so does the catalog for its models. */
  if (check->model != NULL && g_str_equal (check->model->inline_form, "raw-base64")
      && strlen (url) >= 16 && strspn (url, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                            "0123456789+/=") == strlen (url))
    return;

  {
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
    const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

    if (uri == NULL || scheme == NULL || host == NULL || *host == '\0'
        || strpbrk (url, " \t\n\r") != NULL)
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_URL, path,
              _("is not a valid URL: “%s”"), url);
    else if (g_ascii_strcasecmp (scheme, "asset") == 0)
      report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_URL, path,
              _("is an asset:// reference: Seedance 2.0 takes the ids of its own assets, "
                "other models may not"));
    else if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_URL, path,
              _("must be an http(s) URL or a data: URL, not %s:"), scheme);
  }
}

/* One item of a list, at @item_path ("path[2]"); @data is the list's checker's. */
typedef void (*CheckItem) (Check      *check,
                           JsonNode   *item,
                           const char *item_path,
                           gpointer    data);

/* Each item of @array (the list at @path; NULL when it is not a list) through @check_item. */
static void
check_items (Check      *check,
             JsonArray  *array,
             const char *path,
             CheckItem   check_item,
             gpointer    data)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      check_item (check, json_array_get_element (array, i), item_path, data);
    }
}

static void
check_url_item (Check      *check,
                JsonNode   *item,
                const char *item_path,
                gpointer    media)
{
  check_url (check, item, item_path, media);
}

static void
check_url_list (Check      *check,
                JsonNode   *node,
                const char *path,
                const char *media,
                const char *limit_name)
{
  check_items (check, expect_list (check, node, path, limit_name), path, check_url_item,
               (gpointer) media);
}

static void
check_choice (Check      *check,
              JsonNode   *node,
              const char *path)
{
  gboolean strict = FALSE;
  const char * const *choices;
  const char *value;

  if (!expect_string (check, node, path, FALSE))
    return;
  value = json_node_get_string (node);
  choices = ovs_scenario_get_choices (check->scenario, path, &strict);
  if (choices == NULL || g_strv_contains (choices, value))
    return;

  {
    g_autofree char *list = g_strjoinv (", ", (GStrv) choices);

    /* Field names are case-sensitive, and so are the API's words. */
    for (guint i = 0; choices[i] != NULL; i++)
      if (g_ascii_strcasecmp (choices[i], value) == 0)
        {
          report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_CHOICE, path,
                  _("“%s” must be written “%s” (values are case-sensitive)"), value, choices[i]);
          return;
        }

    /* Outside the known choices is worth a look, not a refusal: providers add values
     * before the API page lists them. */
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_CHOICE, path,
            strict ? _("“%s” is not one of: %s") : _("“%s” is not one of the known values: %s"),
            value, list);
    return;
  }
}

/* Resolutions and aspect ratios the model's provider documents; a warning, never more. */
static void
check_model_choice (Check      *check,
                    JsonNode   *node,
                    const char *path)
{
  const char *name = strrchr (path, '.') != NULL ? strrchr (path, '.') + 1 : path;
  GStrv known = NULL;
  const char *value;

  if (check->model == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return;
  if (g_str_equal (name, "resolution"))
    known = check->model->resolutions;
  else if (g_str_equal (name, "aspect_ratio") || g_str_equal (name, "ratio"))
    known = check->model->aspect_ratios;
  value = json_node_get_string (node);
  if (known == NULL || g_strv_contains ((const char * const *) known, value)
      || g_str_equal (value, "adaptive"))
    return;

  {
    g_autofree char *list = g_strjoinv (", ", known);

    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_CHOICE, path,
            _("“%s” is not among the values documented for %s: %s"), value, check->model->id, list);
  }
}

static gint64
check_seconds (Check      *check,
               JsonNode   *node,
               const char *path)
{
  const char *text;
  gint64 seconds;
  int min, max;

  if (is_number (node))
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
              _("must be a string of digits, like \"5\", not a number"));
      return -1;
    }
  if (!expect_string (check, node, path, FALSE))
    return -1;

  text = json_node_get_string (node);
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      {
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
                _("must be a string of digits, like \"5\", not “%s”"), text);
        return -1;
      }

  if (!g_ascii_string_to_signed (text, 10, 0, 100000, &seconds, NULL) || seconds == 0)
    {
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_RANGE, path,
              _("must be a length of at least 1 second, not “%s”"), text);
      return -1;
    }

  /* The model's documented lengths when the catalog knows them, else the preset's. */
  if (check->model != NULL && check->model->seconds_values != NULL)
    {
      GArray *values = check->model->seconds_values;
      g_autoptr(GString) list = g_string_new (NULL);
      gboolean found = FALSE;

      for (guint i = 0; i < values->len; i++)
        {
          found |= g_array_index (values, int, i) == seconds;
          g_string_append_printf (list, "%s%d", i > 0 ? ", " : "", g_array_index (values, int, i));
        }
      if (!found)
        report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_RANGE, path,
                _("%s seconds is not a length documented for %s (%s)"), text, check->model->id,
                list->str);
    }
  else if (check->model != NULL && check->model->seconds_min > 0)
    {
      if (seconds < check->model->seconds_min || seconds > check->model->seconds_max)
        report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_RANGE, path,
                _("%s seconds is outside what %s is documented to take (%d to %d)"),
                text, check->model->id, check->model->seconds_min, check->model->seconds_max);
    }
  else if (check->preset && ovs_scenario_get_limits (check->scenario, "seconds", &min, &max)
           && (seconds < min || seconds > max))
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_RANGE, path,
            _("%s seconds is outside what this scenario usually takes (%d to %d)"),
            text, min, max);
  return seconds;
}

static void
check_bool (Check      *check,
            JsonNode   *node,
            const char *path)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, path,
            _("must be true or false, not %s"), ovs_json_node_type_name (node));
}

static void
check_model (Check      *check,
             JsonNode   *node,
             const char *path)
{
  const char *model;
  gboolean listed = FALSE;

  if (!expect_string (check, node, path, FALSE))
    return;

  model = json_node_get_string (node);
  check->model = ovs_catalog_find_model (check->catalog, model, &listed);

  /* The gateway matches names exactly, but which spellings each of its builds takes is
   * not known: a spelling the catalog has not seen is shown, and sent. */
  if (check->model == NULL)
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_MODEL, path,
            _("“%s” is not a model this app knows; it is sent as written and checked only "
              "for what every request needs"), model);
  else if (!listed)
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_MODEL, path,
            _("“%s” is taken to mean %s; the gateway may know it only as “%s”"),
            model, check->model->id, check->model->id);

  if (check->preset
      && !ovs_scenario_has_model (check->scenario, check->model != NULL ? check->model->id : model))
    {
      g_autofree char *allowed = g_strjoinv (", ", (GStrv) ovs_scenario_get_models (check->scenario));

      report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_MODEL, path,
              _("“%s” is not listed for the “%s” scenario, which takes %s"),
              model, ovs_scenario_get_title (check->scenario), allowed);
    }
}

static GPtrArray *
subject_ids (Check *check)
{
  GPtrArray *ids = g_ptr_array_new ();
  JsonNode *node = ovs_json_get_path (check->root, "subject_infos");

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          JsonNode *id = JSON_NODE_HOLDS_OBJECT (item)
                         ? json_object_get_member (json_node_get_object (item), "id") : NULL;

          if (is_string (id))
            g_ptr_array_add (ids, (gpointer) json_node_get_string (id));
        }
    }
  return ids;
}

/* An id of a list, a string that must not be empty: TRUE when an earlier item has it too. The
 * caller says what a repeat means in its list. */
static gboolean
check_repeated_id (Check      *check,
                   GHashTable *seen,
                   JsonNode   *id,
                   const char *path)
{
  const char *value;

  if (!expect_string (check, id, path, FALSE))
    return FALSE;
  value = json_node_get_string (id);
  if (g_hash_table_contains (seen, value))
    return TRUE;
  g_hash_table_add (seen, (gpointer) value);
  return FALSE;
}

/* A list whose ids must differ: @check_item gets the earlier items' ids (the body's own
 * strings) as its data, a GHashTable for check_repeated_id(). */
static void
check_id_list (Check      *check,
               JsonNode   *node,
               const char *path,
               CheckItem   check_item)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  check_items (check, expect_list (check, node, path, NULL), path, check_item, seen);
}

static void
check_subject (Check      *check,
               JsonNode   *item,
               const char *item_path,
               gpointer    seen)
{
  g_autofree char *id_path = g_strconcat (item_path, ".id", NULL);
  g_autofree char *name_path = g_strconcat (item_path, ".name", NULL);
  g_autofree char *urls_path = g_strconcat (item_path, ".image_urls", NULL);
  JsonObject *subject = expect_object (check, item, item_path);
  JsonNode *id;

  if (subject == NULL)
    return;

  id = json_object_get_member (subject, "id");
  if (id == NULL)
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, id_path,
            _("is missing: every subject needs an id"));
  else if (check_repeated_id (check, seen, id, id_path))
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_DUPLICATE, id_path,
            _("“%s” is the id of an earlier subject too"), json_node_get_string (id));

  if (json_object_has_member (subject, "name"))
    expect_string (check, json_object_get_member (subject, "name"), name_path, TRUE);

  if (!json_object_has_member (subject, "image_urls"))
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, urls_path,
            _("is missing: every subject needs at least one reference image"));
  else
    check_url_list (check, json_object_get_member (subject, "image_urls"), urls_path,
                    "image", NULL);
}

static void
check_object_id (Check      *check,
                 JsonNode   *id,
                 const char *path,
                 gpointer    seen)
{
  if (check_repeated_id (check, seen, id, path))
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_DUPLICATE, path,
            _("“%s” is listed twice"), json_node_get_string (id));
}

static void
check_voice_map (Check      *check,
                 JsonNode   *node,
                 const char *path)
{
  JsonObject *map = expect_object (check, node, path);
  JsonNode *ids_node = ovs_json_get_path (check->root, OVS_OBJECT_IDS_PATH);
  g_autoptr(GList) members = NULL;

  if (map == NULL)
    return;

  members = json_object_get_members (map);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *id = l->data;
      g_autofree char *item_path = g_strconcat (path, ".", id, NULL);
      gboolean known = FALSE;

      expect_string (check, json_object_get_member (map, id), item_path, FALSE);

      if (ids_node != NULL && JSON_NODE_HOLDS_ARRAY (ids_node))
        {
          JsonArray *ids = json_node_get_array (ids_node);

          for (guint i = 0; i < json_array_get_length (ids); i++)
            if (is_string (json_array_get_element (ids, i))
                && g_str_equal (json_node_get_string (json_array_get_element (ids, i)), id))
              known = TRUE;
        }
      if (!known)
        report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_SUBJECT, item_path,
                _("gives a voice to “%s”, which is not one of the subject IDs"), id);
    }
}

static void
check_shots (Check      *check,
             JsonNode   *node,
             const char *path,
             gint64      seconds)
{
  JsonArray *array = expect_list (check, node, path, "shots");
  double total = 0;
  gboolean durations_ok = TRUE;

  if (array == NULL || json_array_get_length (array) == 0)
    return;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *index_path = g_strconcat (item_path, ".index", NULL);
      g_autofree char *prompt_path = g_strconcat (item_path, ".prompt", NULL);
      g_autofree char *duration_path = g_strconcat (item_path, ".duration", NULL);
      JsonObject *shot = expect_object (check, json_array_get_element (array, i), item_path);
      JsonNode *index, *prompt, *duration;

      if (shot == NULL)
        {
          durations_ok = FALSE;
          continue;
        }

      index = json_object_get_member (shot, "index");
      if (index == NULL)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, index_path,
                _("is missing: shot %u needs \"index\": %u"), i + 1, i + 1);
      else if (!is_number (index) || json_node_get_value_type (index) != G_TYPE_INT64)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, index_path,
                _("must be a whole number, not %s"), ovs_json_node_type_name (index));
      else if (json_node_get_int (index) != (gint64) i + 1)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SHOT_INDEX, index_path,
                _("is %" PRId64 "; shots are numbered 1 to %u in order, so this one is %u"),
                json_node_get_int (index), json_array_get_length (array), i + 1);

      prompt = json_object_get_member (shot, "prompt");
      if (prompt == NULL)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, prompt_path,
                _("is missing: every shot needs a prompt"));
      else
        expect_string (check, prompt, prompt_path, FALSE);

      duration = json_object_get_member (shot, "duration");
      if (duration == NULL)
        {
          report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, duration_path,
                  _("is missing: every shot needs a duration in seconds"));
          durations_ok = FALSE;
        }
      else if (!is_number (duration))
        {
          report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, duration_path,
                  _("must be a number of seconds, like 2, not %s"),
                  ovs_json_node_type_name (duration));
          durations_ok = FALSE;
        }
      else if (number_of (duration) <= 0)
        {
          report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_RANGE, duration_path,
                  _("must be more than 0 seconds"));
          durations_ok = FALSE;
        }
      else
        {
          total += number_of (duration);
        }
    }

  if (durations_ok && seconds > 0 && fabs (total - (double) seconds) > 1e-6)
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SHOT_DURATION, path,
            _("the shots last %g s in all, but the video is %" PRId64 " s (\"seconds\"): "
              "they must add up"), total, seconds);
}

static void
check_elements (Check      *check,
                JsonNode   *node,
                const char *path)
{
  JsonArray *array = expect_list (check, node, path, NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *id_path = g_strconcat (item_path, ".element_id", NULL);
      JsonObject *element = expect_object (check, json_array_get_element (array, i), item_path);
      JsonNode *id;

      if (element == NULL)
        continue;
      id = json_object_get_member (element, "element_id");
      if (id == NULL)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, id_path,
                _("is missing: every element needs its numeric id"));
      else if (!is_number (id) || json_node_get_value_type (id) != G_TYPE_INT64)
        report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, id_path,
                _("must be a whole number, like 12345, not %s"), ovs_json_node_type_name (id));
    }
}

static void
check_content (Check      *check,
               JsonNode   *node,
               const char *path)
{
  JsonArray *array = expect_list (check, node, path, "content");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      g_autofree char *type_path = g_strconcat (item_path, ".type", NULL);
      g_autofree char *role_path = g_strconcat (item_path, ".role", NULL);
      JsonObject *item = expect_object (check, json_array_get_element (array, i), item_path);
      JsonNode *type_node;
      const char *type;
      const char * const *types = ovs_catalog_get_choices (check->catalog, "content_type");
      const char * const *roles = ovs_catalog_get_choices (check->catalog, "content_role");

      if (item == NULL)
        continue;

      type_node = json_object_get_member (item, "type");
      if (type_node == NULL)
        {
          report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, type_path,
                  _("is missing: say what the item is (image_url, video_url or audio_url)"));
          continue;
        }
      if (!expect_string (check, type_node, type_path, FALSE))
        continue;
      type = json_node_get_string (type_node);
      if (!g_strv_contains (types, type))
        {
          g_autofree char *list = g_strjoinv (", ", (GStrv) types);

          report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_CHOICE, type_path,
                  _("“%s” is not one of: %s"), type, list);
          continue;
        }

      {
        g_autofree char *holder_path = g_strconcat (item_path, ".", type, NULL);
        g_autofree char *url_path = g_strconcat (holder_path, ".url", NULL);
        JsonNode *holder = json_object_get_member (item, type);
        g_autofree char *media = g_strndup (type, strlen (type) - strlen ("_url"));

        if (holder == NULL)
          report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, holder_path,
                  _("is missing: a “%s” item needs {\"url\": …} under “%s”"), type, type);
        else if (expect_object (check, holder, holder_path) != NULL)
          {
            JsonNode *url = json_object_get_member (json_node_get_object (holder), "url");

            if (url == NULL)
              report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, url_path,
                      _("is missing: the item needs its URL"));
            else
              check_url (check, url, url_path, media);
          }
      }

      if (json_object_has_member (item, "role"))
        {
          JsonNode *role = json_object_get_member (item, "role");

          if (expect_string (check, role, role_path, FALSE)
              && !g_strv_contains (roles, json_node_get_string (role)))
            {
              g_autofree char *list = g_strjoinv (", ", (GStrv) roles);

              report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_CHOICE, role_path,
                      _("“%s” is not one of the known roles: %s"), json_node_get_string (role),
                      list);
            }
        }
    }
}

GArray *
ovs_prompt_find_placeholders (const char *prompt,
                              gboolean    with_mentions)
{
  GArray *found = g_array_new (FALSE, TRUE, sizeof (OvsPlaceholder));
  const char *p = prompt;

  while (p != NULL && *p != '\0')
    {
      if (g_str_has_prefix (p, "<<<"))
        {
          const char *end = strstr (p + 3, ">>>");

          if (end != NULL && end > p + 3 && memchr (p + 3, '\n', end - p - 3) == NULL)
            {
              OvsPlaceholder placeholder = {
                .start = p - prompt,
                .end = end + 3 - prompt,
                .name = g_strndup (p + 3, end - p - 3),
              };

              g_array_append_val (found, placeholder);
              p = end + 3;
              continue;
            }
        }
      else if (with_mentions && *p == '@' && (p == prompt || !g_ascii_isalnum (p[-1])))
        {
          const char *q = p + 1;

          while (*q != '\0' && (g_ascii_isalnum (*q) || *q == '_' || *q == '-'))
            q++;
          if (q > p + 1)
            {
              OvsPlaceholder placeholder = {
                .start = p - prompt,
                .end = q - prompt,
                .name = g_strndup (p, q - p),
              };

              g_array_append_val (found, placeholder);
              p = q;
              continue;
            }
        }
      p++;
    }
  return found;
}

static void
free_placeholders (GArray *placeholders)
{
  for (guint i = 0; i < placeholders->len; i++)
    g_free (g_array_index (placeholders, OvsPlaceholder, i).name);
  g_array_unref (placeholders);
}

/* "image_2" is @prefix "image_" and 2 in @n. */
static gboolean
numbered (const char *name,
          const char *prefix,
          guint64    *n)
{
  return g_str_has_prefix (name, prefix)
         && g_ascii_string_to_unsigned (name + strlen (prefix), 10, 0, G_MAXUINT, n, NULL);
}

static void
check_placeholders (Check      *check,
                    const char *prompt,
                    const char *path)
{
  JsonNode *ids_node = ovs_json_get_path (check->root, OVS_OBJECT_IDS_PATH);
  gboolean mentions = ids_node != NULL && JSON_NODE_HOLDS_ARRAY (ids_node);
  GArray *found = ovs_prompt_find_placeholders (prompt, mentions);
  g_autoptr(GPtrArray) subjects = subject_ids (check);
  guint n_images = ovs_json_get_length (check->root, "images");
  guint n_videos = ovs_json_get_length (check->root, "videos");

  for (guint i = 0; i < found->len; i++)
    {
      const char *name = g_array_index (found, OvsPlaceholder, i).name;
      guint64 n = 0;

      if (name[0] == '@')
        {
          JsonArray *ids = json_node_get_array (ids_node);
          gboolean known = FALSE;

          for (guint j = 0; j < json_array_get_length (ids); j++)
            if (is_string (json_array_get_element (ids, j))
                && g_str_equal (json_node_get_string (json_array_get_element (ids, j)), name + 1))
              known = TRUE;
          if (!known)
            report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SUBJECT, path,
                    _("mentions %s, but “%s” is not one of the subject IDs (%s)"),
                    name, name + 1, OVS_OBJECT_IDS_PATH);
        }
      else if (numbered (name, "image_", &n))
        {
          if (n == 0 || n > n_images)
            report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_PLACEHOLDER, path,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "uses <<<%s>>>, but there is %u reference image",
                                 "uses <<<%s>>>, but there are %u reference images", n_images),
                    name, n_images);
        }
      else if (numbered (name, "video_", &n))
        {
          if (n == 0 || n > n_videos)
            report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_PLACEHOLDER, path,
                    g_dngettext (GETTEXT_PACKAGE,
                                 "uses <<<%s>>>, but there is %u reference video",
                                 "uses <<<%s>>>, but there are %u reference videos", n_videos),
                    name, n_videos);
        }
      else
        {
          gboolean known = FALSE;

          for (guint j = 0; j < subjects->len; j++)
            if (g_str_equal (g_ptr_array_index (subjects, j), name))
              known = TRUE;
          if (!known)
            report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SUBJECT, path,
                    _("uses <<<%s>>>, but no subject has the id “%s” (subject_infos)"),
                    name, name);
        }
    }

  free_placeholders (found);
}

static gint64
seconds_value (JsonNode *root)
{
  JsonNode *node = ovs_json_get_path (root, "seconds");
  gint64 seconds;

  if (is_string (node) && g_ascii_string_to_signed (json_node_get_string (node), 10, 1, 100000,
                                                    &seconds, NULL))
    return seconds;
  return -1;
}

static void
check_field (Check          *check,
             const OvsField *field,
             JsonNode       *node)
{
  const char *path = field->path;

  switch (field->type)
    {
    case OVS_FIELD_MODEL:
      check_model (check, node, path);
      break;
    case OVS_FIELD_PROMPT:
      if (expect_string (check, node, path, FALSE))
        check_placeholders (check, json_node_get_string (node), path);
      break;
    case OVS_FIELD_CHOICE:
      check_choice (check, node, path);
      check_model_choice (check, node, path);
      break;
    case OVS_FIELD_SECONDS:
      check_seconds (check, node, path);
      break;
    case OVS_FIELD_BOOL:
      check_bool (check, node, path);
      break;
    case OVS_FIELD_URL:
      check_url (check, node, path, field->media);
      break;
    case OVS_FIELD_URL_LIST:
      check_url_list (check, node, path, field->media,
                      g_str_equal (path, "images") ? "images" : g_str_equal (path, "videos") ? "videos" : NULL);
      break;
    case OVS_FIELD_SUBJECTS:
      check_id_list (check, node, path, check_subject);
      break;
    case OVS_FIELD_OBJECT_IDS:
      check_id_list (check, node, path, check_object_id);
      break;
    case OVS_FIELD_VOICE_MAP:
      check_voice_map (check, node, path);
      break;
    case OVS_FIELD_SHOTS:
      check_shots (check, node, path, seconds_value (check->root));
      break;
    case OVS_FIELD_ELEMENTS:
      check_elements (check, node, path);
      break;
    case OVS_FIELD_CONTENT:
      check_content (check, node, path);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* What the body's strings weigh: how many bytes in all, how many are inline files, and the
 * longest (where an inline file is). */
typedef struct
{
  gsize     total;
  guint     n_files;
  gsize     longest;
  char     *longest_path;
  JsonNode *longest_node;
} Weight;

static void
weigh_strings (JsonNode   *node,
               const char *path,
               Weight     *weight)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_str_equal (path, "$")
                                   ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);

          weigh_strings (json_object_get_member (json_node_get_object (node), l->data), child,
                         weight);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", path, i);

          weigh_strings (json_array_get_element (array, i), child, weight);
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      gsize length = ovs_json_string_length (node);

      weight->total += length;
      weight->n_files += g_str_has_prefix (text, "data:");
      if (length > weight->longest)
        {
          weight->longest = length;
          weight->longest_node = node;
          g_free (weight->longest_path);
          weight->longest_path = g_strdup (path);
        }
    }
}

/* The gateway refuses bodies over its limit with 413, after the upload: measured as the
 * bytes the app sends, and blamed on the largest inline file. A file chosen in the app is
 * at most 7 MiB: it is mostly several together that reach the limit. The file's size is
 * given as its row in the form gives it (the file's, not its base64's). */
static void
check_size (Check *check)
{
  Weight weight = { 0 };
  g_autofree char *size = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *file_size = NULL;
  gboolean over;
  gssize decoded;
  gsize length;
  guint others;

  weigh_strings (check->root, "$", &weight);
  /* Cheap first: only bodies with megabytes of strings can come near the limit. */
  if (weight.total < OVS_GATEWAY_WARN_BODY_SIZE / 2
      || (length = ovs_json_measure (check->root)) < OVS_GATEWAY_WARN_BODY_SIZE)
    {
      g_free (weight.longest_path);
      return;
    }

  over = length > OVS_GATEWAY_MAX_BODY_SIZE;
  size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
  limit = g_format_size_full (OVS_GATEWAY_MAX_BODY_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  decoded = ovs_data_url_file_size_n (json_node_get_string (weight.longest_node),
                                      weight.longest);
  file_size = g_format_size (decoded >= 0 ? (gsize) decoded : weight.longest);
  others = weight.n_files - (decoded >= 0 ? 1 : 0);
  if (others == 0)
    report (check, over ? OVS_SEVERITY_ERROR : OVS_SEVERITY_WARNING, OVS_PROBLEM_SIZE,
            weight.longest_path,
            over ? _("makes the body %s, over the gateway's limit of %s: give this file (%s) "
                     "as an https:// URL instead")
                 : _("makes the body %s, near the gateway's limit of %s: an https:// URL for "
                     "this file (%s) is safer"),
            size, limit, file_size);
  else if (over)
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SIZE, weight.longest_path,
            g_dngettext (GETTEXT_PACKAGE,
                         "makes the body %s with %u other inline file, over the gateway's limit "
                         "of %s: give this file (%s) or the other as an https:// URL instead",
                         "makes the body %s with %u other inline files, over the gateway's limit "
                         "of %s: give this file (%s) or others as https:// URLs instead", others),
            size, others, limit, file_size);
  else
    report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_SIZE, weight.longest_path,
            g_dngettext (GETTEXT_PACKAGE,
                         "makes the body %s with %u other inline file, near the gateway's limit "
                         "of %s: an https:// URL for this file (%s) is safer",
                         "makes the body %s with %u other inline files, near the gateway's limit "
                         "of %s: an https:// URL for this file (%s) is safer", others),
            size, others, limit, file_size);
  g_free (weight.longest_path);
}

/* Whether known fields live under @path ("metadata", "metadata.ext_info"). */
static gboolean
is_container (Check      *check,
              const char *path)
{
  g_autofree char *prefix = g_strconcat (path, ".", NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, ovs_catalog_get_fields (check->catalog));
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      return TRUE;
  return FALSE;
}

/* The catalog's fields in the order they stand in the body, so problems read top to bottom;
 * fields it does not know are reported on the way. Known fields are not looked into. */
static void
collect_known (Check      *check,
               JsonNode   *node,
               const char *path,
               GPtrArray  *out)
{
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *child = g_str_equal (path, "$")
                               ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);
      const OvsField *field = ovs_catalog_get_field (check->catalog, child);

      if (field != NULL)
        g_ptr_array_add (out, (gpointer) field);
      else if (is_container (check, child))
        collect_known (check, json_object_get_member (json_node_get_object (node), l->data),
                       child, out);
      else
        /* Kept and sent, but worth a look: a typo in a name is silently ignored upstream. */
        report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_UNKNOWN, child,
                _("is not a field this app knows; it is sent as written"));
    }
}

/* What a body must have (its model, a prompt where the model needs one, a storyboard's
 * shots) and what its preset usually has. */
static void
check_missing (Check    *check,
               JsonNode *root)
{
  JsonNode *model;
  JsonNode *prompt;
  gboolean prompt_reported;

  model = ovs_json_get_path (root, "model");
  if (model == NULL || JSON_NODE_HOLDS_NULL (model))
    report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, "model",
            _("is missing: every request names its model"));
  else if (JSON_NODE_HOLDS_VALUE (model) && json_node_get_value_type (model) == G_TYPE_STRING)
    check->model = ovs_catalog_find_model (check->catalog, json_node_get_string (model), NULL);

  /* Kling ignores the prompt of a "customize" storyboard: each shot has its own. */
  prompt = ovs_json_get_path (root, "prompt");
  prompt_reported = (prompt == NULL || JSON_NODE_HOLDS_NULL (prompt))
                    && (check->model == NULL || check->model->prompt_required)
                    && ovs_json_get_path (root, OVS_SHOTS_PATH) == NULL;
  if (prompt_reported)
    report (check, check->model != NULL ? OVS_SEVERITY_ERROR : OVS_SEVERITY_WARNING,
            OVS_PROBLEM_MISSING, "prompt",
            check->model != NULL ? _("is missing: %s needs a prompt")
                                : _("is missing: most models need a prompt (%s is not known)"),
            check->model != NULL ? check->model->id
                                : (model != NULL && JSON_NODE_HOLDS_VALUE (model)
                                   && json_node_get_value_type (model) == G_TYPE_STRING
                                   ? json_node_get_string (model) : "?"));

  /* What the preset usually has: a hint, the body can be sent without it. */
  for (guint i = 0; check->preset && i < ovs_scenario_get_n_fields (check->scenario); i++)
    {
      const OvsField *field = ovs_scenario_get_field_at (check->scenario, i);
      JsonNode *node = ovs_json_get_path (root, field->path);

      /* A missing prompt is said once, above: not again as what the preset usually has. */
      if ((node == NULL || JSON_NODE_HOLDS_NULL (node))
          && ovs_scenario_is_required (check->scenario, field->path)
          && !g_str_equal (field->path, OVS_SHOTS_PATH)
          && !(prompt_reported && g_str_equal (field->path, "prompt")))
        report (check, OVS_SEVERITY_WARNING, OVS_PROBLEM_MISSING, field->path,
                _("is missing: the “%s” scenario usually has %s"),
                ovs_scenario_get_title (check->scenario), field->title);
    }

  /* Kling documents multi_prompt as required with a "customize" storyboard. */
  {
    JsonNode *shot_type = ovs_json_get_path (root,
                                             "metadata.ext_info.AdditionalParameters.shot_type");

    if (is_string (shot_type) && g_str_equal (json_node_get_string (shot_type), "customize")
        && ovs_json_get_path (root, OVS_SHOTS_PATH) == NULL)
      report (check, OVS_SEVERITY_ERROR, OVS_PROBLEM_MISSING, OVS_SHOTS_PATH,
              _("is missing: a “customize” storyboard needs its list of shots"));
  }
}

GPtrArray *
ovs_validate_node (JsonNode    *root,
                   OvsScenario *scenario)
{
  Check check = { 0 };
  g_autoptr(GPtrArray) present = g_ptr_array_new ();

  check.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  check.root = root;
  check.catalog = ovs_catalog_get_default ();

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      report (&check, OVS_SEVERITY_ERROR, OVS_PROBLEM_SYNTAX, "$",
              _("The body must be a JSON object, not %s"), ovs_json_node_type_name (root));
      return check.problems;
    }

  /* A body that fits no preset is checked against its model alone: a preset it does not
   * belong to would call the fields it lacks missing. */
  check.preset = scenario != NULL;
  if (scenario == NULL)
    {
      OvsDetection detection;

      ovs_catalog_detect (check.catalog, root, &detection);
      scenario = detection.scenario;
      check.preset = detection.exact;
    }
  check.scenario = scenario;

  check_missing (&check, root);

  collect_known (&check, root, "$", present);
  for (guint i = 0; i < present->len; i++)
    {
      const OvsField *field = g_ptr_array_index (present, i);
      JsonNode *node = ovs_json_get_path (root, field->path);

      if (JSON_NODE_HOLDS_NULL (node))
        {
          if (!g_str_equal (field->path, "model") && !g_str_equal (field->path, "prompt"))
            report (&check, OVS_SEVERITY_ERROR, OVS_PROBLEM_TYPE, field->path,
                    _("is null: remove it or give it a value"));
          continue;
        }

      if (check.preset && ovs_scenario_get_field (scenario, field->path) == NULL)
        report (&check, OVS_SEVERITY_WARNING, OVS_PROBLEM_UNUSED, field->path,
                _("is not part of the “%s” scenario; the gateway may ignore it"),
                ovs_scenario_get_title (scenario));
      else if (!check.preset && check.model != NULL
               && !g_hash_table_contains (check.model->fields, field->path))
        report (&check, OVS_SEVERITY_WARNING, OVS_PROBLEM_UNUSED, field->path,
                _("is not known to be taken by %s; the gateway may ignore it"), check.model->id);

      check_field (&check, field, node);
    }

  check_size (&check);
  return check.problems;
}

GPtrArray *
ovs_validate_text (const char  *text,
                   gssize       length,
                   OvsScenario *scenario)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  int line = 0, column = 0;

  root = ovs_json_parse_object (text, length, &line, &column, &error);
  if (root == NULL)
    {
      GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
      OvsProblem *problem = ovs_problem_new (OVS_SEVERITY_ERROR, OVS_PROBLEM_SYNTAX, "$",
                                             error->message);

      problem->line = line;
      problem->column = column;
      g_ptr_array_add (problems, problem);
      return problems;
    }

  return ovs_validate_node (root, scenario);
}

GPtrArray *
ovs_validate_request (OvsRequest *request)
{
  OvsJsonSizes *sizes;
  GPtrArray *problems;

  g_return_val_if_fail (OVS_IS_REQUEST (request), NULL);

  sizes = ovs_request_get_sizes (request);
  ovs_json_sizes_begin (sizes);
  problems = ovs_validate_node (ovs_request_get_root (request),
                                ovs_request_get_scenario (request));
  ovs_json_sizes_end (sizes);
  return problems;
}
