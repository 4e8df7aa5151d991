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
#include "ovs-json.h"

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
                          "  --data-raw %s\n",
                          quoted_url, auth, quoted_body);
}

gboolean
ovs_curl_looks_like (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  if (g_str_has_prefix (text, "curl.exe"))
    text += strlen ("curl.exe");
  else if (g_str_has_prefix (text, "curl"))
    text += strlen ("curl");
  else
    return FALSE;
  return *text != '\0' && strchr (" \t\r\n\\^`", *text) != NULL;
}

/* Reading commands as people paste them. Three shells write them: bash (and zsh), Windows
 * cmd (caret continuations, what browsers' "Copy as cURL (cmd)" writes) and PowerShell
 * (backtick continuations). Each splitter gives the words curl would receive, up to the end
 * of the first command; @rest points after it. */

typedef enum
{
  SHELL_BASH,
  SHELL_CMD,
  SHELL_POWERSHELL,
} Shell;

static void
unclosed (GError     **error,
          const char  *text,
          const char  *quote_at,
          const char  *what)
{
  int line = 1, column = 1;

  for (const char *p = text; p < quote_at; p = g_utf8_next_char (p))
    {
      if (*p == '\n')
        line++, column = 1;
      else
        column++;
    }
  g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
               _("line %d, column %d: the %s opened here is never closed"), line, column, what);
}

static gboolean
is_newline (const char *p)
{
  return p[0] == '\n' || (p[0] == '\r' && p[1] == '\n');
}

static int
newline_length (const char *p)
{
  return p[0] == '\r' ? 2 : 1;
}

static guint32
read_hex (const char **p,
          int          max_digits,
          int         *n_digits)
{
  guint32 value = 0;

  *n_digits = 0;
  while (*n_digits < max_digits && g_ascii_isxdigit (**p))
    {
      value = value * 16 + g_ascii_xdigit_value (**p);
      (*p)++;
      (*n_digits)++;
    }
  return value;
}

/* bash's $'…': @p is after the opening quote; returns after the closing one, or NULL. */
static const char *
ansi_c_quoted (const char *p,
               GString    *word)
{
  while (*p != '\0' && *p != '\'')
    {
      guint32 code;
      int n;

      if (*p != '\\')
        {
          g_string_append_c (word, *p++);
          continue;
        }
      p++;
      switch (*p)
        {
        case 'a': g_string_append_c (word, '\a'); p++; break;
        case 'b': g_string_append_c (word, '\b'); p++; break;
        case 'e': case 'E': g_string_append_c (word, '\033'); p++; break;
        case 'f': g_string_append_c (word, '\f'); p++; break;
        case 'n': g_string_append_c (word, '\n'); p++; break;
        case 'r': g_string_append_c (word, '\r'); p++; break;
        case 't': g_string_append_c (word, '\t'); p++; break;
        case 'v': g_string_append_c (word, '\v'); p++; break;
        case '\\': case '\'': case '"': case '?': g_string_append_c (word, *p++); break;
        case 'x':
          p++;
          code = read_hex (&p, 2, &n);
          if (n == 0)
            g_string_append (word, "\\x");
          else
            g_string_append_c (word, (char) code);
          break;
        case 'u': case 'U':
          {
            int max = *p == 'u' ? 4 : 8;
            char c = *p++;

            code = read_hex (&p, max, &n);
            if (n == 0 || !g_unichar_validate (code))
              g_string_append_printf (word, "\\%c", c);
            else
              g_string_append_unichar (word, code);
          }
          break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
          code = 0;
          for (n = 0; n < 3 && *p >= '0' && *p <= '7'; n++)
            code = code * 8 + (guint32) (*p++ - '0');
          g_string_append_c (word, (char) code);
          break;
        case 'c':
          if (p[1] != '\0')
            {
              g_string_append_c (word, (char) (p[1] & 0x1f));
              p += 2;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case '\0':
          g_string_append_c (word, '\\');
          break;
        default:
          g_string_append_c (word, '\\');
          g_string_append_c (word, *p++);
        }
    }
  return *p == '\'' ? p + 1 : NULL;
}

static void
finish_word (GPtrArray  *argv,
             GString   **word)
{
  if (*word != NULL)
    g_ptr_array_add (argv, g_string_free (g_steal_pointer (word), FALSE));
}

#define WORD(w) ((w) != NULL ? (w) : ((w) = g_string_new (NULL)))

/* Blanks end a word; a line break, or one of @ends, ends the command once it has a word.
 * Returns how many bytes to step over, 0 when the command ends at @p, -1 when @p is not a
 * separator. */
static int
at_separator (const char  *p,
              const char  *ends,
              GPtrArray   *argv,
              GString    **word)
{
  if (p[0] == ' ' || p[0] == '\t')
    {
      finish_word (argv, word);
      return 1;
    }
  if (is_newline (p) || (p[0] != '\0' && strchr (ends, p[0]) != NULL))
    {
      finish_word (argv, word);
      if (argv->len > 0)
        return 0;
      return is_newline (p) ? newline_length (p) : 1;
    }
  return -1;
}

/* Outside quotes: a separator is stepped over, anything else joins the word. FALSE when
 * the command ends at *@p. */
static gboolean
take_plain (const char **p,
            const char  *ends,
            GPtrArray   *argv,
            GString    **word)
{
  int step = at_separator (*p, ends, argv, word);

  if (step == 0)
    return FALSE;
  if (step > 0)
    *p += step;
  else
    g_string_append_c (WORD (*word), *(*p)++);
  return TRUE;
}

static gboolean
split_bash (const char  *text,
            GPtrArray   *argv,
            const char **rest,
            GError     **error)
{
  g_autoptr(GString) word = NULL;
  const char *p = text;

  while (*p != '\0')
    {
      if (p[0] == '\\' && is_newline (p + 1))
        p += 1 + newline_length (p + 1);  /* a continuation, even inside a word */
      else if (p[0] == '\\')
        {
          if (p[1] != '\0')
            g_string_append_c (WORD (word), p[1]);
          p += p[1] != '\0' ? 2 : 1;
        }
      else if (p[0] == '\'')
        {
          /* Nothing is special between single quotes, backslash-newline included. */
          const char *end = strchr (p + 1, '\'');

          if (end == NULL)
            {
              unclosed (error, text, p, _("single quote"));
              return FALSE;
            }
          g_string_append_len (WORD (word), p + 1, end - p - 1);
          p = end + 1;
        }
      else if (p[0] == '$' && p[1] == '\'')
        {
          const char *end = ansi_c_quoted (p + 2, WORD (word));

          if (end == NULL)
            {
              unclosed (error, text, p, _("$'…' quote"));
              return FALSE;
            }
          p = end;
        }
      else if (p[0] == '"' || (p[0] == '$' && p[1] == '"'))
        {
          const char *open = p;

          p += p[0] == '$' ? 2 : 1;
          WORD (word);
          /* Between double quotes a backslash escapes only $ ` " \ and the newline, which
           * it removes. */
          while (*p != '\0' && *p != '"')
            {
              if (p[0] == '\\' && is_newline (p + 1))
                p += 1 + newline_length (p + 1);
              else if (p[0] == '\\' && p[1] != '\0' && strchr ("$`\"\\", p[1]) != NULL)
                {
                  g_string_append_c (word, p[1]);
                  p += 2;
                }
              else
                g_string_append_c (word, *p++);
            }
          if (*p != '"')
            {
              unclosed (error, text, open, _("double quote"));
              return FALSE;
            }
          p++;
        }
      else if (p[0] == '#' && word == NULL)
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (!take_plain (&p, ";|&", argv, &word))
        break;
    }

  finish_word (argv, &word);
  *rest = p;
  return TRUE;
}

/* A PowerShell string from after its opening @quote: a doubled quote stands for one, and
 * between double quotes a backtick escapes the next character (`n and `t as in PowerShell).
 * Returns where the string ends (after its closing quote), NULL when it is never closed. */
static const char *
powershell_quoted (const char *p,
                   char        quote,
                   GString    *word)
{
  for (;;)
    {
      if (*p == '\0')
        return NULL;
      if (quote == '"' && p[0] == '`' && p[1] != '\0')
        {
          g_string_append_c (word, p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : p[1]);
          p += 2;
        }
      else if (p[0] == quote && p[1] == quote)
        {
          g_string_append_c (word, quote);
          p += 2;
        }
      else if (p[0] == quote)
        return p + 1;
      else
        g_string_append_c (word, *p++);
    }
}

static gboolean
split_powershell (const char  *text,
                  GPtrArray   *argv,
                  const char **rest,
                  GError     **error)
{
  g_autoptr(GString) word = NULL;
  const char *p = text;

  while (*p != '\0')
    {
      if (p[0] == '`' && is_newline (p + 1))
        p += 1 + newline_length (p + 1);
      else if (p[0] == '`' && p[1] != '\0')
        {
          g_string_append_c (WORD (word), p[1]);
          p += 2;
        }
      else if (p[0] == '\'' || p[0] == '"')
        {
          const char *end = powershell_quoted (p + 1, p[0], WORD (word));

          if (end == NULL)
            {
              unclosed (error, text, p, p[0] == '"' ? _("double quote") : _("single quote"));
              return FALSE;
            }
          p = end;
        }
      else if (!take_plain (&p, ";|", argv, &word))
        break;
    }

  finish_word (argv, &word);
  *rest = p;
  return TRUE;
}

/* cmd first removes its carets (outside its own quotes), then the program splits the line
 * as the Microsoft C runtime does: backslashes count only before a quote. */
static gboolean
split_cmd (const char  *text,
           GPtrArray   *argv,
           const char **rest,
           GError     **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GString) word = NULL;
  gboolean quoted = FALSE;
  const char *p = text;

  while (*p != '\0')
    {
      if (!quoted && p[0] == '^' && is_newline (p + 1))
        p += 1 + newline_length (p + 1);
      else if (!quoted && p[0] == '^' && p[1] != '\0')
        {
          g_string_append_c (line, p[1]);
          p += 2;
        }
      else if (is_newline (p))
        {
          if (line->len > 0 && strspn (line->str, " \t") < line->len)
            break;
          p += newline_length (p);
        }
      else
        {
          if (*p == '"')
            quoted = !quoted;
          g_string_append_c (line, *p++);
        }
    }
  *rest = p;

  quoted = FALSE;
  for (const char *q = line->str; *q != '\0';)
    {
      gsize backslashes = strspn (q, "\\");

      if (backslashes > 0 && q[backslashes] == '"')
        {
          for (gsize i = 0; i < backslashes / 2; i++)
            g_string_append_c (WORD (word), '\\');
          if (backslashes % 2 == 1)
            g_string_append_c (WORD (word), '"');
          else
            {
              WORD (word);
              quoted = !quoted;
            }
          q += backslashes + 1;
        }
      else if (backslashes > 0)
        {
          g_string_append_len (WORD (word), q, backslashes);
          q += backslashes;
        }
      else if (*q == '"')
        {
          WORD (word);
          if (quoted && q[1] == '"')
            g_string_append_c (word, '"'), q++;
          else
            quoted = !quoted;
          q++;
        }
      else if (!quoted && (*q == ' ' || *q == '\t'))
        {
          finish_word (argv, &word);
          q++;
        }
      else
        g_string_append_c (WORD (word), *q++);
    }
  if (quoted)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                           _("a double quote is never closed"));
      return FALSE;
    }
  finish_word (argv, &word);
  return TRUE;
}

/* The first continuation or escape outside bash's single quotes tells the shell: a body
 * in single quotes may hold anything ("smile ^_^" in a prompt is not a cmd escape). */
static Shell
guess_shell (const char *text)
{
  gboolean single_quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        single_quoted = !single_quoted;
      if (single_quoted)
        continue;
      /* Outside quotes bash's backslash escapes the next character: '\'' is an apostrophe
       * inside a single-quoted body, not the end of it. */
      if (p[0] == '\\' && p[1] == '\'')
        {
          p++;
          continue;
        }
      if ((p[0] == '^' && is_newline (p + 1)) || (p[0] == '^' && p[1] == '"'))
        return SHELL_CMD;
      if (p[0] == '`' && is_newline (p + 1))
        return SHELL_POWERSHELL;
    }
  return SHELL_BASH;
}

void
ovs_curl_body_free (OvsCurlBody *body)
{
  if (body == NULL)
    return;
  g_free (body->body);
  g_free (body->file);
  g_clear_pointer (&body->warnings, g_ptr_array_unref);
  g_free (body);
}

/* curl's options that take a value, so that the value is not read as an option. */
static const char * const options_with_value[] = {
  "-H", "--header", "-X", "--request", "-u", "--user", "-o", "--output", "-A", "--user-agent",
  "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-m", "--max-time",
  "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time", "-w", "--write-out",
  "-x", "--proxy", "--cacert", "--capath", "-E", "--cert", "--key", "--url", "-K", "--config",
  "--resolve", "--connect-to", "--interface", "-T", "--upload-file", "--limit-rate",
  "-r", "--range", "-U", "--proxy-user", "--oauth2-bearer", "--aws-sigv4", "--max-filesize",
  "-z", "--time-cond", "--unix-socket", "--dns-servers", "-Y", "--speed-limit",
  "-y", "--speed-time", "--stderr", "--trace", "--trace-ascii",
  NULL
};

static const char * const data_options[] = {
  "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json", NULL
};

/* -F key=value (and --form-string): one member of a JSON object, the way OpenAI-style
 * video APIs take multipart forms; a value that is JSON itself stays JSON. */
static gboolean
add_form_field (JsonObject  *object,
                const char  *option,
                const char  *field,
                gboolean     literal,
                GError     **error)
{
  const char *equals = strchr (field, '=');
  g_autofree char *name = NULL;
  const char *value;

  if (equals == NULL || equals == field)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("%s %s: a form field is written name=value"), option, field);
      return FALSE;
    }
  name = g_strndup (field, equals - field);
  value = equals + 1;

  /* curl takes -F 'name="value"' as value, with \" for a quote inside. */
  if (!literal && value[0] == '"' && strlen (value) >= 2 && g_str_has_suffix (value, "\""))
    {
      g_autoptr(GString) unquoted = g_string_new_len (value + 1, strlen (value) - 2);

      g_string_replace (unquoted, "\\\"", "\"", 0);
      json_object_set_string_member (object, name, unquoted->str);
      return TRUE;
    }

  if (!literal && (value[0] == '@' || value[0] == '<'))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("%s %s: a file in a form is not turned into JSON; give the file as an "
                     "https:// URL (for example in \"images\") instead"), option, field);
      return FALSE;
    }

  if (!literal && (value[0] == '{' || value[0] == '['))
    {
      g_autoptr(JsonNode) parsed = NULL;

      if (ovs_json_check_depth (value, strlen (value), NULL, NULL, NULL))
        parsed = json_from_string (value, NULL);
      if (parsed != NULL)
        {
          json_object_set_member (object, name, g_steal_pointer (&parsed));
          return TRUE;
        }
    }
  json_object_set_string_member (object, name, value);
  return TRUE;
}

/* Is argv[*@i] an option that sends a body (-d, --data…, --json…, written -dVALUE,
 * --data=VALUE or with VALUE after it)? Then *@option is its name and *@value its value,
 * *@i past a separate value. FALSE with @error set when the value is missing. */
static gboolean
match_data_option (GPtrArray   *argv,
                   guint       *i,
                   char       **option,
                   const char **value,
                   GError     **error)
{
  const char *arg = g_ptr_array_index (argv, *i);

  *option = NULL;
  *value = NULL;
  for (guint o = 0; data_options[o] != NULL; o++)
    {
      gsize len = strlen (data_options[o]);

      if (g_str_equal (arg, data_options[o]))
        {
          if (*i + 1 >= argv->len)
            {
              g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE, _("%s has no value"), arg);
              return FALSE;
            }
          *option = g_strdup (arg);
          *value = g_ptr_array_index (argv, ++(*i));
          return TRUE;
        }
      if (strncmp (arg, data_options[o], len) == 0 && arg[len] == '='
          && g_str_has_prefix (arg, "--"))
        {
          *option = g_strndup (arg, len);
          *value = arg + len + 1;
          return TRUE;
        }
      if (g_str_equal (data_options[o], "-d") && g_str_has_prefix (arg, "-d") && arg[2] != '\0')
        {
          *option = g_strdup ("-d");
          *value = arg + 2;
          return TRUE;
        }
    }
  return TRUE;
}

/* The value of a body option: a file to read (@file), or text joined to the body so far. */
static gboolean
take_data (OvsCurlBody  *result,
           GString     **data,
           const char   *option,
           const char   *value,
           GError      **error)
{
  /* Only --data-raw and --json... --json reads @file too; --data-raw never does. */
  if (value[0] == '@' && !g_str_equal (option, "--data-raw"))
    {
      if (g_str_equal (value, "@-"))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                       _("%s @- reads the body from standard input: give the body "
                         "itself instead"), option);
          return FALSE;
        }
      if (result->file != NULL || *data != NULL)
        {
          g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                               _("The command sends several bodies; give one"));
          return FALSE;
        }
      result->file = g_strdup (value + 1);
      return TRUE;
    }
  /* curl joins several -d with "&". */
  if (*data == NULL)
    *data = g_string_new (value);
  else
    g_string_append_printf (*data, "&%s", value);
  return TRUE;
}

/* The body from what the options gave (a form becomes JSON), and what the text after the
 * command means. */
static gboolean
finish_body (OvsCurlBody  *result,
             JsonObject   *form,
             GString     **data,
             const char   *rest,
             Shell         shell,
             GError      **error)
{
  if ((*data != NULL || result->file != NULL) && form != NULL)
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                           _("The command sends both -d and -F; curl refuses that too"));
      return FALSE;
    }

  if (form != NULL)
    {
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), form);

      result->body = ovs_json_to_string (root);
      g_ptr_array_add (result->warnings,
                       g_strdup (_("The command sends a multipart form (-F); it was turned into "
                                   "the equivalent JSON body, which is what this app sends")));
    }
  else if (*data != NULL)
    result->body = g_string_free (g_steal_pointer (data), FALSE);
  /* What follows the command is another command: bash would run it separately. */
  while (rest != NULL && (*rest == '\n' || *rest == '\r' || *rest == ' ' || *rest == '\t'))
    rest++;

  if (result->body == NULL && result->file == NULL)
    {
      if (rest != NULL && *rest == '-')
        g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                             _("The curl command ends at the first line break and sends no "
                               "body; the lines after it are not part of it: end every line but "
                               "the last with “\\”"));
      else
        g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                             _("The curl command sends no body (no -d, --data, --json or -F)"));
      return FALSE;
    }

  if (rest != NULL && *rest == '-')
    g_ptr_array_add (result->warnings,
                     g_strdup (_("The lines after the first line break are not part of the "
                                 "command (a “\\” at the end of a line continues it); they were "
                                 "left out")));

  /* PowerShell 5 and cmd hand \" to curl as is; people write it inside JSON for them. */
  if (shell != SHELL_BASH && result->body != NULL && strstr (result->body, "\\\"") != NULL
      && ovs_json_check_depth (result->body, strlen (result->body), NULL, NULL, NULL))
    {
      g_autoptr(JsonNode) as_is = json_from_string (result->body, NULL);

      if (as_is == NULL)
        {
          g_autoptr(GString) unescaped = g_string_new (result->body);

          g_string_replace (unescaped, "\\\"", "\"", 0);
          g_free (result->body);
          result->body = g_string_free (g_steal_pointer (&unescaped), FALSE);
        }
    }
  return TRUE;
}

/* The words of @command's first command into @argv, as @shell splits them (@rest: what
 * follows that command), when it is a curl command. */
static gboolean
split_curl (const char  *command,
            Shell        shell,
            GPtrArray   *argv,
            const char **rest,
            GError     **error)
{
  const char *program;
  gboolean ok;

  switch (shell)
    {
    case SHELL_CMD:
      ok = split_cmd (command, argv, rest, error);
      break;
    case SHELL_POWERSHELL:
      ok = split_powershell (command, argv, rest, error);
      break;
    case SHELL_BASH:
    default:
      ok = split_bash (command, argv, rest, error);
      break;
    }
  if (!ok)
    return FALSE;

  program = argv->len > 0 ? g_ptr_array_index (argv, 0) : "";
  if (!g_str_equal (program, "curl") && !g_str_equal (program, "curl.exe")
      && !g_str_has_suffix (program, "/curl"))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("This is not a curl command: it starts with “%s”"), program);
      return FALSE;
    }
  return TRUE;
}

OvsCurlBody *
ovs_curl_parse (const char  *command,
                GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) data = NULL;
  g_autoptr(JsonObject) form = NULL;
  g_autoptr(OvsCurlBody) result = g_new0 (OvsCurlBody, 1);
  Shell shell = guess_shell (command);
  const char *rest = NULL;

  g_return_val_if_fail (command != NULL, NULL);

  result->warnings = g_ptr_array_new_with_free_func (g_free);

  if (!split_curl (command, shell, argv, &rest, error))
    return NULL;

  for (guint i = 1; i < argv->len; i++)
    {
      const char *arg = g_ptr_array_index (argv, i);
      const char *value = NULL;
      g_autofree char *option = NULL;

      if (!match_data_option (argv, &i, &option, &value, error))
        return NULL;
      if (option != NULL)
        {
          if (!take_data (result, &data, option, value, error))
            return NULL;
          continue;
        }

      if (g_str_equal (arg, "-F") || g_str_equal (arg, "--form")
          || g_str_equal (arg, "--form-string"))
        {
          if (i + 1 >= argv->len)
            {
              g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE, _("%s has no value"), arg);
              return NULL;
            }
          if (form == NULL)
            form = json_object_new ();
          if (!add_form_field (form, arg, g_ptr_array_index (argv, i + 1),
                               g_str_equal (arg, "--form-string"), error))
            return NULL;
          i++;
          continue;
        }

      if (g_str_equal (arg, "--data-urlencode") || g_str_has_prefix (arg, "--data-urlencode="))
        {
          g_set_error_literal (error, OVS_ERROR, OVS_ERROR_PARSE,
                               _("--data-urlencode sends a URL-encoded form, not JSON: give the "
                                 "JSON body with -d instead"));
          return NULL;
        }

      if (g_strv_contains (options_with_value, arg))
        {
          i++;
          continue;
        }
      /* Anything else is a flag (-s, -L, --compressed…) or the URL: neither changes the body. */
    }

  if (!finish_body (result, form, &data, rest, shell, error))
    return NULL;

  return g_steal_pointer (&result);
}

char *
ovs_curl_extract_body (const char  *command,
                       GError     **error)
{
  g_autoptr(OvsCurlBody) body = ovs_curl_parse (command, error);

  if (body == NULL)
    return NULL;
  if (body->body == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_PARSE,
                   _("The command reads its body from the file “%s”: open that file instead"),
                   body->file);
      return NULL;
    }
  return g_steal_pointer (&body->body);
}
