/* ovs-cli-sandbox.c: omni-video sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "ovs-sandbox.h"
#include "ovs-cli.h"

static gboolean
parse_number (const char *text,
              double      min,
              double      max,
              double     *value)
{
  char *end = NULL;
  double parsed;

  if (text == NULL || text[0] == '\0')
    return FALSE;
  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(parsed >= min && parsed <= max))
    return FALSE;
  *value = parsed;
  return TRUE;
}

static gboolean
parse_shape (const char      *text,
             OvsSandboxShape *shape)
{
  static const struct { const char *name; OvsSandboxShape shape; } shapes[] = {
    { "default", OVS_SANDBOX_SHAPE_DEFAULT },
    { "openai", OVS_SANDBOX_SHAPE_OPENAI },
    { "generations", OVS_SANDBOX_SHAPE_GENERATIONS },
    { "mixed", OVS_SANDBOX_SHAPE_MIXED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    if (g_ascii_strcasecmp (text, shapes[i].name) == 0)
      {
        *shape = shapes[i].shape;
        return TRUE;
      }
  return FALSE;
}

#define ALL_ROUTES ((1 << OVS_SANDBOX_ROUTE_CREATE) | (1 << OVS_SANDBOX_ROUTE_QUERY) \
                    | (1 << OVS_SANDBOX_ROUTE_DOWNLOAD))

/* The fault names of --faults; the first of each fault is the one listed in messages. */
static const struct
{
  const char      *name;
  OvsSandboxFault  fault;
  guint            routes;  /* 1 << OvsSandboxRoute */
} fault_names[] = {
  { "429", OVS_SANDBOX_FAULT_RATE_LIMIT, ALL_ROUTES },
  { "rate-limit", OVS_SANDBOX_FAULT_RATE_LIMIT, ALL_ROUTES },
  { "500", OVS_SANDBOX_FAULT_SERVER, ALL_ROUTES },
  { "502", OVS_SANDBOX_FAULT_SERVER, ALL_ROUTES },
  { "5xx", OVS_SANDBOX_FAULT_SERVER, ALL_ROUTES },
  { "server", OVS_SANDBOX_FAULT_SERVER, ALL_ROUTES },
  { "drop", OVS_SANDBOX_FAULT_DROP, ALL_ROUTES },
  { "slow", OVS_SANDBOX_FAULT_SLOW, ALL_ROUTES },
  { "fail", OVS_SANDBOX_FAULT_TASK_FAILED, 1 << OVS_SANDBOX_ROUTE_CREATE },
  { "task-failed", OVS_SANDBOX_FAULT_TASK_FAILED, 1 << OVS_SANDBOX_ROUTE_CREATE },
  { "echo-key", OVS_SANDBOX_FAULT_ECHO_KEY, 1 << OVS_SANDBOX_ROUTE_CREATE },
  { "repeat-id", OVS_SANDBOX_FAULT_REPEAT_ID, 1 << OVS_SANDBOX_ROUTE_CREATE },
  { "not-video", OVS_SANDBOX_FAULT_NOT_VIDEO, 1 << OVS_SANDBOX_ROUTE_DOWNLOAD },
  { "garbage-video", OVS_SANDBOX_FAULT_GARBAGE_VIDEO, 1 << OVS_SANDBOX_ROUTE_DOWNLOAD },
  { "401", OVS_SANDBOX_FAULT_UNAUTHORIZED, 1 << OVS_SANDBOX_ROUTE_QUERY },
  { "501", OVS_SANDBOX_FAULT_NO_CONVERTER, 1 << OVS_SANDBOX_ROUTE_CREATE },
  { "unusable", OVS_SANDBOX_FAULT_UNUSABLE, 1 << OVS_SANDBOX_ROUTE_QUERY },
  { "cut", OVS_SANDBOX_FAULT_CUT_DOWNLOAD, 1 << OVS_SANDBOX_ROUTE_DOWNLOAD },
  { "concurrency", OVS_SANDBOX_FAULT_CONCURRENCY,
    (1 << OVS_SANDBOX_ROUTE_CREATE) | (1 << OVS_SANDBOX_ROUTE_QUERY) },
};

static char *
fault_list (void)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fault_names); i++)
    {
      if (i > 0 && fault_names[i - 1].fault == fault_names[i].fault)
        continue;
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, fault_names[i].name);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* "429:0.2,500:0.1,drop:0.05,slow:0.1": each fault with its probability, on every route it
 * can hit. */
static gboolean
apply_faults (OvsSandbox  *sandbox,
              const char  *text,
              GError     **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      double probability;
      int found = -1;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      pair = g_strsplit (items[i], ":", 2);
      if (g_strv_length (pair) == 2)
        for (guint f = 0; f < G_N_ELEMENTS (fault_names) && found < 0; f++)
          if (g_ascii_strcasecmp (g_strstrip (pair[0]), fault_names[f].name) == 0)
            found = f;
      if (found < 0 || !parse_number (g_strstrip (pair[1]), 0, 1, &probability))
        {
          g_autofree char *list = fault_list ();

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       /* Translators: the second %s is the list of fault names */
                       _("“%s” is not a fault with a probability, like “429:0.2” (faults: %s)"),
                       items[i], list);
          return FALSE;
        }

      for (guint r = OVS_SANDBOX_ROUTE_CREATE; r <= OVS_SANDBOX_ROUTE_DOWNLOAD; r++)
        if (fault_names[found].routes & (1u << r))
          ovs_sandbox_set_fault_rate (sandbox, fault_names[found].fault, r, probability);
    }
  return TRUE;
}

static void
request_handled_cb (OvsSandbox *sandbox,
                    const char *method,
                    const char *path,
                    guint       status,
                    gpointer    user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");

  /* The request log is progress: --quiet silences it. */
  if (ovs_cli_quiet ())
    return;
  /* Only the method, the path and the status: never a header, never the key. */
  if (status == 0)
    fprintf (stderr, "%s %s %s %s\n", stamp, method, path, _("(connection dropped)"));
  else
    fprintf (stderr, "%s %s %s %u\n", stamp, method, path, status);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* No argument but the options, and a port that exists. */
static gboolean
check_arguments (int    argc,
                 char **argv,
                 int    port)
{
  if (argc > 1)
    {
      ovs_cli_error ("sandbox", _("unexpected argument “%s”"), argv[1]);
      return FALSE;
    }
  if (port < 0 || port > G_MAXUINT16)
    {
      ovs_cli_error ("sandbox", _("--port must be between 0 and 65535"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_seed (OvsSandbox *sandbox,
            const char *seed_text)
{
  guint64 seed;

  if (!g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      ovs_cli_error ("sandbox", _("--seed must be a whole number from 0 to %u"), G_MAXUINT32);
      return FALSE;
    }
  ovs_sandbox_set_seed (sandbox, (guint32) seed);
  return TRUE;
}

/* Scripts and tests read the port from this line: it is not translated. With --json, one
 * document instead, the same for every language. */
static void
print_listening (OvsSandbox *sandbox)
{
  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "base_url", ovs_sandbox_get_base_url (sandbox));
      json_node_take_object (node, object);
      ovs_cli_print_json (node);
    }
  else
    {
      printf ("Sandbox listening on %s\n", ovs_sandbox_get_base_url (sandbox));
      fflush (stdout);
    }
}

/* Serves until Ctrl+C or a SIGTERM. */
static void
serve_until_signal (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint sigint_id, sigterm_id;

  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
}

/* --speed, --shape, --fail-rate and --url-expiry read and checked; FALSE after saying which
 * is wrong. */
static gboolean
parse_settings (const char      *speed_text,
                const char      *shape_text,
                const char      *fail_rate_text,
                int              url_expiry,
                double          *speed,
                OvsSandboxShape *shape,
                double          *fail_rate)
{
  if (speed_text != NULL && !parse_number (speed_text, 0, 1000, speed))
    {
      ovs_cli_error ("sandbox", _("--speed must be a number between 0 and 1000"));
      return FALSE;
    }
  if (shape_text != NULL && !parse_shape (shape_text, shape))
    {
      ovs_cli_error ("sandbox", _("--shape must be default, openai, generations or "
                                  "mixed"));
      return FALSE;
    }
  if (fail_rate_text != NULL && !parse_number (fail_rate_text, 0, 1, fail_rate))
    {
      ovs_cli_error ("sandbox", _("--fail-rate must be a number between 0 and 1"));
      return FALSE;
    }
  if (url_expiry < 0)
    {
      ovs_cli_error ("sandbox", _("--url-expiry must not be negative"));
      return FALSE;
    }
  return TRUE;
}

int
ovs_cli_sandbox (int    argc,
                 char **argv)
{
  int port = 0;
  g_autofree char *api_key = NULL;
  g_autofree char *speed_text = NULL;
  g_autofree char *shape_text = NULL;
  g_autofree char *fail_rate_text = NULL;
  g_autofree char *faults_text = NULL;
  int url_expiry = 0;
  g_autofree char *seed_text = NULL;
  g_autofree char *prices_file = NULL;
  gint64 quota = -1;
  gboolean no_token_route = FALSE;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The port on 127.0.0.1 (default: a free one)"), N_("N") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key,
      N_("Accept only this Bearer key (default: any non-empty key)"), N_("KEY") },
    { "speed", 0, 0, G_OPTION_ARG_STRING, &speed_text,
      N_("Time factor of the task life: 1 is about 4 s per task, 0.1 ten times faster"),
      N_("F") },
    { "shape", 0, 0, G_OPTION_ARG_STRING, &shape_text,
      N_("Answer shapes: default, openai, generations or mixed"), N_("SHAPE") },
    { "fail-rate", 0, 0, G_OPTION_ARG_STRING, &fail_rate_text,
      N_("The share of tasks that fail, from 0 to 1"), N_("P") },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults_text,
      N_("Random faults on every route, e.g. 429:0.2,500:0.1,drop:0.05,slow:0.1"),
      N_("LIST") },
    { "url-expiry", 0, 0, G_OPTION_ARG_INT, &url_expiry,
      N_("Result URLs expire this many seconds after the task finished (0: never)"),
      N_("S") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the random draws (task ids, failures, faults)"), N_("N") },
    { "prices", 0, 0, G_OPTION_ARG_FILENAME, &prices_file,
      N_("Charge finished tasks from this price table (default: 10000 quota units a second)"),
      N_("FILE") },
    { "quota", 0, 0, G_OPTION_ARG_INT64, &quota,
      N_("The key's grant in quota units (default: 25000000, $50)"), N_("N") },
    { "no-token-route", 0, 0, G_OPTION_ARG_NONE, &no_token_route,
      N_("Answer 404 on /api/usage/token, as an older relay: the balance comes from the OpenAI-style routes, in dollars"),
      NULL },
    { NULL }
  };
  g_autoptr(OvsSandbox) sandbox = NULL;
  g_autoptr(GError) error = NULL;
  OvsSandboxShape shape = OVS_SANDBOX_SHAPE_DEFAULT;
  double speed = 1.0;
  double fail_rate = 0;

  if (!ovs_cli_parse ("sandbox", "", _("Run a local server that speaks the Omni-Video API "
                                       "and renders real videos."),
                      entries, &argc, &argv))
    return OVS_EXIT_USAGE;

  if (!check_arguments (argc, argv, port))
    return OVS_EXIT_USAGE;
  if (!parse_settings (speed_text, shape_text, fail_rate_text, url_expiry,
                       &speed, &shape, &fail_rate))
    return OVS_EXIT_USAGE;

  /* Standard output carries only the line below; debug messages go with the log. */
  g_log_writer_default_set_use_stderr (TRUE);

  sandbox = ovs_sandbox_new ();
  if (seed_text != NULL && !apply_seed (sandbox, seed_text))
    return OVS_EXIT_USAGE;
  if (faults_text != NULL && !apply_faults (sandbox, faults_text, &error))
    {
      ovs_cli_error ("sandbox", "%s", error->message);
      return OVS_EXIT_USAGE;
    }
  if (api_key != NULL && api_key[0] != '\0')
    ovs_sandbox_set_api_key (sandbox, api_key);
  ovs_sandbox_set_speed (sandbox, speed);
  ovs_sandbox_set_shape (sandbox, shape);
  ovs_sandbox_set_fail_rate (sandbox, fail_rate);
  ovs_sandbox_set_url_expiry (sandbox, (guint) url_expiry);
  if (!ovs_cli_sandbox_billing (sandbox, prices_file, quota))
    return OVS_EXIT_USAGE;
  ovs_sandbox_billing_set_token_route (ovs_sandbox_get_billing (sandbox), !no_token_route);
  g_signal_connect (sandbox, "request-handled", G_CALLBACK (request_handled_cb), NULL);

  if (!ovs_sandbox_start (sandbox, (guint) port, &error))
    {
      ovs_cli_error ("sandbox", "%s", error->message);
      return OVS_EXIT_NETWORK;
    }

  print_listening (sandbox);

  serve_until_signal ();
  ovs_sandbox_stop (sandbox);
  ovs_cli_warning ("%s", _("Sandbox stopped"));
  return OVS_EXIT_OK;
}
