/* test-curl.c: the importer reads curl commands as the shells that wrote them do
 *
 * Bash cases are checked against bash itself: the same text runs in /bin/bash with a
 * `curl` function that prints the body it was given, and the importer must agree byte for
 * byte. cmd and PowerShell cases give the body those shells would hand to curl.exe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ovs-catalog.h"
#include "ovs-core.h"
#include "ovs-curl.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-test-util.h"

/* What bash passes as the body (the value of -d/--data…/--json) when it runs @command;
 * several are joined with "&", as curl joins them. */
static char *
bash_body (const char *command)
{
  static const char *fake_curl =
    "curl() { sep=; while [ $# -gt 0 ]; do case \"$1\" in "
    "-d|--data|--data-raw|--data-binary|--data-ascii|--json) printf '%s%s' \"$sep\" \"$2\"; sep='&'; shift;; "
    "-d?*) printf '%s%s' \"$sep\" \"${1#-d}\"; sep='&';; "
    "esac; shift; done; }\n";
  g_autofree char *script = g_strconcat (fake_curl, command, NULL);
  const char *argv[] = { "/bin/bash", "--norc", "--noprofile", "-c", script, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  return g_steal_pointer (&out);
}

static const char *bash_cases[] = {
  /* What "Copy as curl" and most docs write. */
  "curl -X POST https://omnirouters.com/v1/videos \\\n"
  "  -H \"Authorization: Bearer $OMNIROUTERS_API_KEY\" \\\n"
  "  -H 'Content-Type: application/json' \\\n"
  "  -d '{\"model\":\"Vidu-q2\",\"prompt\":\"a cat\",\"seconds\":\"5\"}'\n",
  /* A body over several lines inside single quotes: newlines kept, backslash-newline too. */
  "curl https://e.com/v1/videos -d '{\n  \"model\": \"Veo-3.1\",\n  \"prompt\": \"a \\\n dog\"\n}'",
  /* Double quotes: \" is a quote, backslash-newline disappears, other backslashes stay. */
  "curl https://e.com/v1/videos --data \"{\\\"model\\\":\\\"Kling-3.0\\\",\\\"prompt\\\":\\\"a\\\n b\\\\n\\\"}\"",
  /* $'…' as browsers write it when the body has a quote: \\' \\n \\u and \\x escapes. */
  "curl 'https://e.com/v1/videos' \\\n  -H 'content-type: application/json' \\\n"
  "  --data-raw $'{\"model\":\"Vidu-q2\",\"prompt\":\"it\\'s \\u4e2d\\x41\\\\n\\\\\"q\\\\\" \\t.\"}'",
  /* Quotes glued together, and backslash-newline in the middle of a word. */
  "curl https://e.com/v1/videos -d '{\"model\":'\"\\\"Vidu-q2\\\"\"',\"prompt\":\"p\"}' -H Accept:\\\n*/*",
  /* --json, --data-binary, -d glued to its value, several -d joined with &. */
  "curl --json '{\"model\":\"Veo-3.1\",\"prompt\":\"p\"}' https://e.com/v1/videos",
  "curl --data-binary '{\"model\":\"Veo-3.1\",\"prompt\":\"p\"}' https://e.com/v1/videos",
  "curl -d'{\"model\":\"Veo-3.1\",\"prompt\":\"p\"}' https://e.com/v1/videos",
  "curl -s -L -d 'a=1' -d 'b=2' https://e.com/v1/videos",
  /* A comment line before the command; flags before and after. */
  "# create a task\ncurl -sS --compressed -X POST -m 30 'https://e.com/v1/videos' -d '{\"model\":\"x\",\"prompt\":\"#not a comment\"}' -o out.json",
  /* $"…" behaves as "…" (no translation catalogue). */
  "curl https://e.com/v1/videos -d $\"{\\\"model\\\":\\\"Vidu-q2\\\",\\\"prompt\\\":\\\"p\\\"}\"",
};

static void
test_bash_agrees (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bash_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = bash_body (bash_cases[i]);
      g_autofree char *body = ovs_curl_extract_body (bash_cases[i], &error);

      g_test_message ("case %u: %s", i, bash_cases[i]);
      g_assert_no_error (error);
      g_assert_cmpstr (body, ==, expected);
    }
}

typedef struct
{
  const char *command;
  const char *body;
} Literal;

/* Windows: cmd carets (what Chrome's "Copy as cURL (cmd)" writes) and PowerShell backticks. */
static const Literal windows_cases[] = {
  { "curl \"https://e.com/v1/videos\" ^\n  -H \"Content-Type: application/json\" ^\n"
    "  -d \"{\\\"model\\\":\\\"Vidu-q2\\\",\\\"prompt\\\":\\\"p\\\"}\"",
    "{\"model\":\"Vidu-q2\",\"prompt\":\"p\"}" },
  { "curl ^\"https://e.com/v1/videos^\" ^\r\n  -H ^\"content-type: application/json^\" ^\r\n"
    "  --data-raw ^\"^{^\\^\"model^\\^\":^\\^\"Vidu-q2^\\^\",^\\^\"prompt^\\^\":^\\^\"a ^& b^\\^\"^}^\"",
    "{\"model\":\"Vidu-q2\",\"prompt\":\"a & b\"}" },
  /* A bash command with CRLF line ends, as Windows editors save it: bash itself would read
   * "\\\r" as an escaped CR and end the command; the importer reads it as meant. */
  { "curl https://e.com/v1/videos \\\r\n  -d '{\"model\":\"Vidu-q2\",\"prompt\":\"p\"}'\r\n",
    "{\"model\":\"Vidu-q2\",\"prompt\":\"p\"}" },
  { "curl.exe -X POST https://e.com/v1/videos `\n  -H 'Content-Type: application/json' `\n"
    "  -d '{\"model\":\"Veo-3.1\",\"prompt\":\"it''s\"}'",
    "{\"model\":\"Veo-3.1\",\"prompt\":\"it's\"}" },
  { "curl.exe https://e.com/v1/videos `\n  -d '{\\\"model\\\":\\\"Veo-3.1\\\",\\\"prompt\\\":\\\"p\\\"}'",
    "{\"model\":\"Veo-3.1\",\"prompt\":\"p\"}" },
  { "curl https://e.com/v1/videos `\n  --data \"{`\"model`\":`\"Veo-3.1`\",`\"prompt`\":`\"p`\"}\"",
    "{\"model\":\"Veo-3.1\",\"prompt\":\"p\"}" },
};

static void
test_windows_shells (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (windows_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *body = ovs_curl_extract_body (windows_cases[i].command, &error);

      g_test_message ("case %u: %s", i, windows_cases[i].command);
      g_assert_no_error (error);
      g_assert_cmpstr (body, ==, windows_cases[i].body);
    }
}

/* What cannot be imported says what was not understood. */
static const Literal refused[] = {
  { "wget --post-data '{}' https://e.com", "This is not a curl command: it starts with “wget”" },
  { "curl https://e.com/v1/videos -d '{\"model\":\n\"x\"}'\n", NULL },
  { "curl https://e.com/v1/videos \\\n  -d '{\"model\":\"x\"", "line 2, column 6: the single quote opened here is never closed" },
  { "curl https://e.com/v1/videos\n  -d '{\"model\":\"x\"}'", "The curl command ends at the first line break and sends no body; the lines after it are not part of it: end every line but the last with “\\”" },
  { "curl -X POST https://e.com/v1/videos -H 'Content-Type: application/json'", "The curl command sends no body (no -d, --data, --json or -F)" },
  { "curl https://e.com --data-urlencode 'prompt=a cat'", "--data-urlencode sends a URL-encoded form, not JSON: give the JSON body with -d instead" },
  { "curl https://e.com -d @-", "-d @- reads the body from standard input: give the body itself instead" },
  { "curl https://e.com -F 'model=Veo-3.1' -F 'input_reference=@cat.png'", "-F input_reference=@cat.png: a file in a form is not turned into JSON; give the file as an https:// URL (for example in \"images\") instead" },
  { "curl https://e.com -d '{\"a\":1}' -F 'model=x'", "The command sends both -d and -F; curl refuses that too" },
  { "curl https://e.com -d", "-d has no value" },
};

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OvsCurlBody) body = ovs_curl_parse (refused[i].command, &error);

      g_test_message ("case %u: %s", i, refused[i].command);
      if (refused[i].body == NULL)
        {
          /* Valid for bash: the body spans two lines inside its quotes. */
          g_assert_no_error (error);
          continue;
        }
      g_assert_null (body);
      g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
      g_assert_cmpstr (error->message, ==, refused[i].body);
    }
}

/* -d @file: the importer names the file; reading it is the caller's (the app asks first). */
static void
test_data_from_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsCurlBody) body = ovs_curl_parse ("curl https://e.com/v1/videos -H 'Content-Type: application/json' -d @\"my body.json\"", &error);
  g_autoptr(OvsCurlBody) raw = NULL;
  g_autofree char *extracted = NULL;

  g_assert_no_error (error);
  g_assert_null (body->body);
  g_assert_cmpstr (body->file, ==, "my body.json");

  extracted = ovs_curl_extract_body ("curl https://e.com -d @body.json", &error);
  g_assert_null (extracted);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "“body.json”"));
  g_clear_error (&error);

  /* --data-raw never reads a file. */
  raw = ovs_curl_parse ("curl https://e.com --data-raw '@not a file'", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (raw->body, ==, "@not a file");
  g_assert_null (raw->file);
}

/* OpenAI-style multipart forms become the equivalent JSON body, with a warning. */
static void
test_form_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsCurlBody) body = NULL;

  body = ovs_curl_parse ("curl https://e.com/v1/videos -H \"Authorization: Bearer $KEY\" \\\n"
                         "  -F model=\"Veo-3.1\" -F 'prompt=A calico kitten, sleeping' \\\n"
                         "  -F seconds=8 -F 'metadata={\"resolution\":\"720p\"}' --form-string 'size={x}'",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpstr (body->body, ==,
                   "{\n  \"model\": \"Veo-3.1\",\n  \"prompt\": \"A calico kitten, sleeping\",\n"
                   "  \"seconds\": \"8\",\n  \"metadata\": {\n    \"resolution\": \"720p\"\n  },\n"
                   "  \"size\": \"{x}\"\n}\n");
  g_assert_cmpuint (body->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (body->warnings, 0), "multipart form (-F)"));
}

/* "Copy as curl" then import gives back the same body, for every preset, whatever the
 * quotes in it. */
static void
test_export_import_round_trip (void)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OvsScenario) scenario = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autoptr(OvsRequest) request = ovs_request_new_from_example (scenario);
      g_autofree char *compact = ovs_request_to_compact_json (request);
      g_autofree char *pretty = ovs_request_to_json (request);
      const char *bodies[] = { compact, pretty };

      /* A quote and a backslash in the prompt, as users write them. */
      for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
        {
          g_autofree char *command = ovs_curl_command ("https://omnirouters.com", "/v1/videos",
                                                       bodies[b], NULL);
          g_autofree char *keyed = ovs_curl_command ("https://omnirouters.com", "/v1/videos",
                                                     bodies[b], "sk-it's-a-key");
          g_autoptr(GError) error = NULL;
          g_autofree char *back = ovs_curl_extract_body (command, &error);
          g_autofree char *back_keyed = NULL;

          g_assert_no_error (error);
          g_assert_cmpstr (back, ==, bodies[b]);
          back_keyed = ovs_curl_extract_body (keyed, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (back_keyed, ==, bodies[b]);
        }
    }

  {
    const char *tricky = "{\"model\":\"Vidu-q2\",\"prompt\":\"it's \\\"quoted\\\" \\\\ $HOME `x`\"}";
    g_autofree char *command = ovs_curl_command ("https://e.com", "/v1/videos", tricky, NULL);
    g_autofree char *back = ovs_curl_extract_body (command, NULL);
    g_autofree char *by_bash = bash_body (command);

    g_assert_cmpstr (back, ==, tricky);
    g_assert_cmpstr (by_bash, ==, tricky);
  }

  /* Carets before a quote are cmd's escape, but not inside bash's single quotes: prompts with
   * emoticons ("^_^") and a line break in the body (the fuzzer found it) come back. */
  {
    const char *bodies[] = {
      "{\"model\":\"Vidu-q2\",\"prompt\":\"一只猫微笑 ^_^\"}",
      "{\n  \"model\": \"sora-2\",\n  \"prompt\": \"a calico cat p^^^\"\n}\n",
      "{\n  \"model\": \"Kling-3.0\",\n  \"prompt\": \"it's o^\"\n}\n",
    };

    for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
      {
        g_autofree char *command = ovs_curl_command ("https://e.com", "/v1/videos", bodies[b], NULL);
        g_autoptr(GError) error = NULL;
        g_autofree char *back = ovs_curl_extract_body (command, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (back, ==, bodies[b]);
      }
  }
}

static void
test_looks_like (void)
{
  g_assert_true (ovs_curl_looks_like ("  curl https://e.com"));
  g_assert_true (ovs_curl_looks_like ("curl \\\n -d x"));
  g_assert_true (ovs_curl_looks_like ("curl.exe -d x"));
  g_assert_false (ovs_curl_looks_like ("{\"model\":\"curl\"}"));
  g_assert_false (ovs_curl_looks_like ("curly"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/curl/bash-agrees", test_bash_agrees);
  g_test_add_func ("/curl/windows-shells", test_windows_shells);
  g_test_add_func ("/curl/refused", test_refused);
  g_test_add_func ("/curl/data-from-file", test_data_from_file);
  g_test_add_func ("/curl/form-fields", test_form_fields);
  g_test_add_func ("/curl/export-import-round-trip", test_export_import_round_trip);
  g_test_add_func ("/curl/looks-like", test_looks_like);

  return g_test_run ();
}
