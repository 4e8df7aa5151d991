/* ovs-cli-request.c: scenarios, example, validate, normalize, detect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-curl.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-validate.h"
#include "ovs-cli.h"

gboolean
ovs_cli_parse (const char    *command,
               const char    *parameter,
               const char    *summary,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *full = g_strdup_printf ("%s %s", command, parameter != NULL ? parameter : "");

  context = g_option_context_new (full);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ovs_cli_output_add_options (context);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      ovs_cli_error (command, "%s", error->message);
      g_printerr (_("Try “omni-video %s --help”.\n"), command);
      return FALSE;
    }
  return TRUE;
}

char *
ovs_cli_read_body (const char  *file,
                   gsize       *length,
                   GError     **error)
{
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[65536];

  if (g_strcmp0 (file, "-") == 0)
    {
      stream = g_unix_input_stream_new (0, FALSE);
    }
  else
    {
      gfile = g_file_new_for_commandline_arg (file);
      stream = G_INPUT_STREAM (g_file_read (gfile, NULL, error));
      if (stream == NULL)
        return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, n);
      if (data->len > OVS_JSON_MAX_BODY_SIZE)
        {
          g_autofree char *limit = g_format_size (OVS_JSON_MAX_BODY_SIZE);

          g_set_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE,
                       _("The file is larger than %s, the limit for a request body"), limit);
          return NULL;
        }
    }

  *length = data->len;
  g_byte_array_append (data, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&data), FALSE);
}

/* Columns that line up with Chinese titles too: wide characters take two cells. */
static int
display_width (const char *text)
{
  int width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
print_padded (const char *text,
              int         width)
{
  g_print ("%s%*s", text, MAX (0, width - display_width (text)), "");
}

int
ovs_cli_scenarios (int    argc,
                   char **argv)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  int id_width = 2, family_width = 6, title_width = 5;

  if (!ovs_cli_parse ("scenarios", "", _("List the scenarios, their titles and models."),
                      NULL, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
          const char * const *models = ovs_scenario_get_models (scenario);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, ovs_scenario_get_id (scenario));
          json_builder_set_member_name (builder, "family");
          json_builder_add_string_value (builder, ovs_scenario_get_family (scenario));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, ovs_scenario_get_title (scenario));
          json_builder_set_member_name (builder, "models");
          json_builder_begin_array (builder);
          for (guint m = 0; models[m] != NULL; m++)
            json_builder_add_string_value (builder, models[m]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      ovs_cli_print_json (root);
      return OVS_EXIT_OK;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);

      id_width = MAX (id_width, display_width (ovs_scenario_get_id (scenario)));
      family_width = MAX (family_width, display_width (ovs_scenario_get_family_title (scenario)));
      title_width = MAX (title_width, display_width (ovs_scenario_get_title (scenario)));
    }

  /* Translators: column headings of "omni-video scenarios" */
  print_padded (C_("column", "ID"), id_width + 2);
  print_padded (C_("column", "FAMILY"), family_width + 2);
  print_padded (C_("column", "TITLE"), title_width + 2);
  g_print ("%s\n", C_("column", "MODELS"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *models = g_strjoinv (", ", (GStrv) ovs_scenario_get_models (scenario));

      print_padded (ovs_scenario_get_id (scenario), id_width + 2);
      print_padded (ovs_scenario_get_family_title (scenario), family_width + 2);
      print_padded (ovs_scenario_get_title (scenario), title_width + 2);
      g_print ("%s\n", models);
    }
  return OVS_EXIT_OK;
}

int
ovs_cli_example (int    argc,
                 char **argv)
{
  OvsScenario *scenario;
  GBytes *bytes;
  gsize size;
  const char *data;

  if (!ovs_cli_parse ("example", _("SCENARIO"),
                      _("Print the documented request body of a scenario."),
                      NULL, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc != 2)
    {
      ovs_cli_error ("example", _("name one scenario (see “omni-video scenarios”)"));
      return OVS_EXIT_USAGE;
    }

  scenario = ovs_catalog_lookup (ovs_catalog_get_default (), argv[1]);
  if (scenario == NULL)
    {
      ovs_cli_error ("example", _("no scenario “%s” (see “omni-video scenarios”)"),
                     argv[1]);
      return OVS_EXIT_USAGE;
    }

  bytes = ovs_scenario_get_example_bytes (scenario);
  data = g_bytes_get_data (bytes, &size);
  fwrite (data, 1, size, stdout);
  return OVS_EXIT_OK;
}

/* A body nested absurdly deep is not a request someone wrote: treated like an unreadable
 * file (exit 2), not like a request with a mistake in it (exit 1). */
static int
parse_exit_status (const GError *error)
{
  return g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_DEEP) ? OVS_EXIT_USAGE
                                                                 : OVS_EXIT_INVALID;
}

static void
print_problem (const char       *file,
               const OvsProblem *problem)
{
  ovs_cli_problem (file, ovs_severity_to_string (problem->severity), problem->path,
                   problem->message);
}

/* Loads FILE and its problems. Returns the exit code so far: OK, INVALID, or USAGE when the
 * file cannot be read. */
static int
load_and_check (const char   *file,
                OvsScenario  *forced,
                gboolean      quiet_detection,
                gboolean      strict,
                OvsRequest  **request_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(JsonNode) root = NULL;
  OvsDetection detection = { 0 };
  gsize length = 0;
  int line = 0, column = 0;

  text = ovs_cli_read_body (file, &length, &error);
  if (text == NULL)
    {
      if (g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE))
        {
          ovs_cli_problem (file, "error", "$", error->message);
          return OVS_EXIT_INVALID;
        }
      ovs_cli_error (NULL, "%s: %s", file, error->message);
      return OVS_EXIT_USAGE;
    }

  root = ovs_json_parse_object (text, length, &line, &column, &error);
  if (root == NULL)
    {
      ovs_cli_problem (file, "error", "$", error->message);
      return parse_exit_status (error);
    }

  ovs_catalog_detect (ovs_catalog_get_default (), root, &detection);
  if (forced != NULL)
    detection.scenario = forced;
  else if (!detection.exact && !quiet_detection)
    {
      g_autofree char *why = ovs_catalog_explain (ovs_catalog_get_default (), root,
                                                  detection.scenario);

      ovs_cli_warning (_("%s: note: $: no scenario matches exactly, so the body is checked "
                         "against its model; the closest is “%s” (%s)\n"),
                       file, ovs_scenario_get_id (detection.scenario), why);
    }

  /* Forced: checked against that preset; else against the one it fits, or its model. */
  problems = ovs_validate_node (root, forced);
  for (guint i = 0; i < problems->len; i++)
    print_problem (file, g_ptr_array_index (problems, i));

  if (request_out != NULL)
    *request_out = ovs_request_new_from_node (root, detection.scenario);

  if (ovs_problems_count (problems, OVS_SEVERITY_ERROR) > 0
      || (strict && ovs_problems_count (problems, OVS_SEVERITY_WARNING) > 0))
    return OVS_EXIT_INVALID;
  return OVS_EXIT_OK;
}

static OvsScenario *
scenario_option (const char *id,
                 const char *command,
                 gboolean   *ok)
{
  OvsScenario *scenario;

  *ok = TRUE;
  if (id == NULL)
    return NULL;
  scenario = ovs_catalog_lookup (ovs_catalog_get_default (), id);
  if (scenario == NULL)
    {
      ovs_cli_error (command, _("no scenario “%s” (see “omni-video scenarios”)"), id);
      *ok = FALSE;
    }
  return scenario;
}

int
ovs_cli_validate (int    argc,
                  char **argv)
{
  g_autofree char *scenario_id = NULL;
  gboolean strict = FALSE;
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_id,
      N_("Check against this scenario instead of the detected one"), N_("ID") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Exit 1 when there are warnings too"), NULL },
    { NULL }
  };
  OvsScenario *scenario;
  gboolean ok;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("validate", _("FILE…"),
                      _("Check request bodies. Prints “FILE: error: PATH: MESSAGE” and “FILE: "
                        "warning: PATH: MESSAGE” lines; exits 0 when no body has errors (warnings "
                        "alone do not stop a body), 1 when one has, 2 when a file cannot be "
                        "read."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  scenario = scenario_option (scenario_id, "validate", &ok);
  if (!ok)
    return OVS_EXIT_USAGE;

  if (argc < 2)
    {
      ovs_cli_error ("validate", _("name at least one file (or - for standard input)"));
      return OVS_EXIT_USAGE;
    }

  /* With --json the problems of every file are one array on standard output. */
  ovs_cli_collect_problems ();
  for (int i = 1; i < argc; i++)
    {
      int file_status = load_and_check (argv[i], scenario, FALSE, strict, NULL);

      status = MAX (status, file_status);
    }
  ovs_cli_flush_problems ();
  return status;
}

int
ovs_cli_normalize (int    argc,
                   char **argv)
{
  g_autofree char *scenario_id = NULL;
  GOptionEntry entries[] = {
    { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario_id,
      N_("Treat the body as this scenario instead of the detected one"), N_("ID") },
    { NULL }
  };
  g_autoptr(OvsRequest) request = NULL;
  g_autofree char *text = NULL;
  OvsScenario *scenario;
  gboolean ok;
  int status;

  if (!ovs_cli_parse ("normalize", _("FILE"),
                      _("Print the body exactly as it would be sent. Problems go to standard "
                        "error; the exit code is 1 when there are errors."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  scenario = scenario_option (scenario_id, "normalize", &ok);
  if (!ok)
    return OVS_EXIT_USAGE;

  if (argc != 2)
    {
      ovs_cli_error ("normalize", _("name one file (or - for standard input)"));
      return OVS_EXIT_USAGE;
    }

  status = load_and_check (argv[1], scenario, TRUE, FALSE, &request);
  if (request == NULL)
    return status;

  text = ovs_request_to_json (request);
  g_print ("%s", text);
  return status;
}

int
ovs_cli_detect (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *why = NULL;
  gboolean explain = FALSE;
  GOptionEntry entries[] = {
    { "explain", 'e', 0, G_OPTION_ARG_NONE, &explain,
      N_("Say why, on a second line"), NULL },
    { NULL }
  };
  OvsDetection detection;
  gsize length = 0;

  if (!ovs_cli_parse ("detect", _("FILE"),
                      _("Print the id of the scenario a request body matches; with --explain, "
                        "why on the next line."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc != 2)
    {
      ovs_cli_error ("detect", _("name one file (or - for standard input)"));
      return OVS_EXIT_USAGE;
    }

  text = ovs_cli_read_body (argv[1], &length, &error);
  if (text == NULL)
    {
      ovs_cli_error ("detect", "%s: %s", argv[1], error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE) ? OVS_EXIT_INVALID
                                                                    : OVS_EXIT_USAGE;
    }

  root = ovs_json_parse_object (text, length, NULL, NULL, &error);
  if (root == NULL)
    {
      ovs_cli_problem (argv[1], "error", "$", error->message);
      return parse_exit_status (error);
    }

  ovs_catalog_detect (ovs_catalog_get_default (), root, &detection);
  why = ovs_catalog_explain (ovs_catalog_get_default (), root, detection.scenario);
  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "scenario", ovs_scenario_get_id (detection.scenario));
      json_object_set_boolean_member (object, "exact", detection.exact);
      json_object_set_string_member (object, "why", why);
      if (detection.runner_up != NULL)
        json_object_set_string_member (object, "runner_up",
                                       ovs_scenario_get_id (detection.runner_up));
      else
        json_object_set_null_member (object, "runner_up");
      json_node_take_object (node, object);
      ovs_cli_print_json (node);
    }
  else
    {
      g_print ("%s\n", ovs_scenario_get_id (detection.scenario));
      if (explain)
        g_print ("%s\n", why);
    }
  if (!detection.exact)
    ovs_cli_warning (_("%s: warning: $: no scenario matches exactly; “%s” is the closest (%s)%s%s\n"),
                     argv[1], ovs_scenario_get_id (detection.scenario), why,
                detection.runner_up != NULL ? _(", then ") : "",
                detection.runner_up != NULL ? ovs_scenario_get_id (detection.runner_up) : "");
  return OVS_EXIT_OK;
}

int
ovs_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsCurlBody) curl = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(OvsRequest) request = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  g_autofree char *written = NULL;
  const char *file;
  gsize length = 0;
  gsize body_length;

  if (!ovs_cli_parse ("import", _("[FILE|-]"),
                      _("Read a request body as people paste it: JSON, or a curl command "
                        "(bash, Windows cmd or PowerShell; -d, --data-raw, --json, -d @FILE, "
                        "-F fields). Prints the body as it would be sent; problems go to "
                        "standard error. Exits 1 when it cannot be read as a request or has "
                        "errors, 2 when the file cannot be read."),
                      NULL, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (argc > 2)
    {
      ovs_cli_error ("import", _("name one file (or - for standard input)"));
      return OVS_EXIT_USAGE;
    }
  file = argc == 2 ? argv[1] : "-";

  text = ovs_cli_read_body (file, &length, &error);
  if (text == NULL)
    {
      ovs_cli_error ("import", "%s: %s", file, error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_TOO_LARGE) ? OVS_EXIT_INVALID
                                                                    : OVS_EXIT_USAGE;
    }

  if (!ovs_curl_looks_like (text))
    {
      body = g_steal_pointer (&text);
      body_length = length;
    }
  else
    {
      curl = ovs_curl_parse (text, &error);
      if (curl == NULL)
        {
          ovs_cli_problem (file, "error", "$", error->message);
          return OVS_EXIT_INVALID;
        }
      for (guint i = 0; i < curl->warnings->len; i++)
        ovs_cli_problem (file, "warning", "$", g_ptr_array_index (curl->warnings, i));

      /* -d @FILE: curl reads it from the working folder; so does this. */
      if (curl->body == NULL)
        {
          g_free (body);
          body = ovs_cli_read_body (curl->file, &body_length, &error);
          if (body == NULL)
            {
              ovs_cli_error ("import", "%s: %s", curl->file, error->message);
              return OVS_EXIT_USAGE;
            }
        }
      else
        {
          body = g_steal_pointer (&curl->body);
          body_length = strlen (body);
        }
    }

  root = ovs_json_parse_object (body, body_length, NULL, NULL, &error);
  if (root == NULL)
    {
      ovs_cli_problem (file, "error", "$", error->message);
      return parse_exit_status (error);
    }

  problems = ovs_validate_node (root, NULL);
  for (guint i = 0; i < problems->len; i++)
    print_problem (file, g_ptr_array_index (problems, i));

  request = ovs_request_new_from_node (root, NULL);
  written = ovs_request_to_json (request);
  g_print ("%s", written);
  return ovs_problems_count (problems, OVS_SEVERITY_ERROR) > 0 ? OVS_EXIT_INVALID : OVS_EXIT_OK;
}
