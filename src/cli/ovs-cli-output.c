/* ovs-cli-output.c: the one place omni-video writes to its terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conventions, so that scripts can rely on them:
 *  - standard output carries data only: with --json exactly one JSON document;
 *  - progress and warnings go to standard error, each line once, and --quiet silences them;
 *  - every error line starts with "omni-video: " (then the command, when there is one);
 *  - no colour is used; should some ever be, NO_COLOR and a non-terminal turn it off.
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ovs-json.h"
#include "ovs-validate.h"
#include "ovs-cli.h"

static gboolean json_wanted;
static gboolean quiet;
/* The last progress line of each task (or other key): a task's status and progress change
 * together, and each change is announced once. */
static GHashTable *last_progress;
/* validate --json: its problems are its data, one array at the end. */
static JsonArray *collected_problems;

void
ovs_cli_output_add_options (GOptionContext *context)
{
  /* In the main group, so that every command's --help shows them. */
  static GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json_wanted,
      N_("Print the result as exactly one JSON document"), NULL },
    { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print no progress and no warnings, only results and errors"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
ovs_cli_json_wanted (void)
{
  return json_wanted;
}

gboolean
ovs_cli_quiet (void)
{
  return quiet;
}

/* One line: the translated messages of older versions end with a newline, which goes. */
static char *
format_line (const char *format,
             va_list     args)
{
  char *line = g_strdup_vprintf (format, args);

  return g_strchomp (line);
}

void
ovs_cli_error (const char *command,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = format_line (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr ("omni-video: %s: %s\n", command, message);
  else
    g_printerr ("omni-video: %s\n", message);
}

void
ovs_cli_warning (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (quiet)
    return;
  va_start (args, format);
  message = format_line (format, args);
  va_end (args);
  g_printerr ("%s\n", message);
}

void
ovs_cli_progress (const char *key,
                  const char *format,
                  ...)
{
  g_autofree char *line = NULL;
  va_list args;

  if (quiet)
    return;
  va_start (args, format);
  line = format_line (format, args);
  va_end (args);

  if (last_progress == NULL)
    last_progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_strcmp0 (g_hash_table_lookup (last_progress, key != NULL ? key : ""), line) == 0)
    return;
  g_hash_table_insert (last_progress, g_strdup (key != NULL ? key : ""), g_strdup (line));
  g_printerr ("%s\n", line);
}

void
ovs_cli_print_json (JsonNode *node)
{
  g_autofree char *text = ovs_json_to_string (node);

  /* ovs_json_to_string ends with a newline: the document is one whole line-ended text. */
  fputs (text, stdout);
  fflush (stdout);
}

void
ovs_cli_collect_problems (void)
{
  if (collected_problems == NULL)
    collected_problems = json_array_new ();
}

void
ovs_cli_problem (const char *file,
                 const char *severity,
                 const char *path,
                 const char *message)
{
  if (collected_problems != NULL && json_wanted)
    {
      JsonObject *problem = json_object_new ();

      json_object_set_string_member (problem, "file", file);
      json_object_set_string_member (problem, "severity", severity);
      json_object_set_string_member (problem, "path", path);
      json_object_set_string_member (problem, "message", message);
      json_array_add_object_element (collected_problems, problem);
      return;
    }
  /* Warnings about a body are warnings: --quiet hides them, never an error. */
  if (quiet && g_strcmp0 (severity, "error") != 0)
    return;
  g_printerr ("%s: %s: %s: %s\n", file, severity, path, message);
}

void
ovs_cli_flush_problems (void)
{
  g_autoptr(JsonNode) root = NULL;

  if (collected_problems == NULL || !json_wanted)
    return;
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, g_steal_pointer (&collected_problems));
  ovs_cli_print_json (root);
}

void
ovs_cli_output_finish (void)
{
  g_clear_pointer (&last_progress, g_hash_table_unref);
  g_clear_pointer (&collected_problems, json_array_unref);
}
