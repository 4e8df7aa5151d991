/* ovs-curl.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-curl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ovs-curl.h"
#include "ovs-error.h"

char *
ovs_curl_command (const char *base_url,
                  const char *route,
                  const char *body,
                  const char *api_key)
{
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;
  g_autofree char *quoted_body = NULL;
  g_autofree char *auth = NULL;

  g_return_val_if_fail (base_url != NULL && route != NULL && body != NULL, NULL);

  url = g_strconcat (base_url, route, NULL);
  quoted_url = g_shell_quote (url);
  quoted_body = g_shell_quote (body);

  if (api_key != NULL)
    {
      g_autofree char *header = g_strconcat ("Authorization: Bearer ", api_key, NULL);

      auth = g_shell_quote (header);
    }
  else
    {
      /* Double quotes: the shell fills in the key, which never appears in the text. */
      auth = g_strdup ("\"Authorization: Bearer $OMNIROUTERS_API_KEY\"");
    }

  return g_strdup_printf ("curl -X POST %s \\\n"
                          "  -H %s \\\n"
                          "  -H 'Content-Type: application/json' \\\n"
                          "  -d %s\n",
                          quoted_url, auth, quoted_body);
}

gboolean
ovs_curl_looks_like (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return g_str_has_prefix (text, "curl ") || g_str_has_prefix (text, "curl\t")
         || g_str_has_prefix (text, "curl\\");
}

char *
ovs_curl_extract_body (const char  *command,
                       GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) joined = g_string_new (NULL);
  int argc = 0;

  /* Line continuations: the shell removes backslash-newline. */
  for (const char *p = command; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == '\n')
        {
          p++;
          continue;
        }
      if (p[0] == '\\' && p[1] == '\r' && p[2] == '\n')
        {
          p += 2;
          continue;
        }
      g_string_append_c (joined, *p);
    }

  if (!g_shell_parse_argv (joined->str, &argc, &argv, &local_error))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE, _("The command cannot be read: %s"),
                   local_error->message);
      return NULL;
    }

  if (argc == 0 || !g_str_equal (argv[0], "curl"))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE, _("This is not a curl command"));
      return NULL;
    }

  for (int i = 1; i < argc; i++)
    {
      static const char *options[] = { "-d", "--data", "--data-raw", "--data-binary",
                                       "--data-ascii", "--json", NULL };
      const char *arg = argv[i];

      for (guint o = 0; options[o] != NULL; o++)
        {
          gsize len = strlen (options[o]);

          if (g_str_equal (arg, options[o]) && i + 1 < argc)
            return g_strdup (argv[i + 1]);
          /* --data=… and -d… */
          if (strncmp (arg, options[o], len) == 0 && arg[len] == '=')
            return g_strdup (arg + len + 1);
          if (g_str_equal (options[o], "-d") && g_str_has_prefix (arg, "-d") && arg[2] != '\0'
              && arg[1] != '-')
            return g_strdup (arg + 2);
        }
    }

  g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                       _("The curl command sends no body (no -d or --data)"));
  return NULL;
}
