/* test-cli.c: omni-video as a user and a script run it: the request commands, and the output
 * conventions of every command (--json, --quiet, error lines), against a real sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <locale.h>
#include <string.h>

#include "ovs-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* The gateway the commands talk to: a sandbox started by the test that needs one. */
static char *sandbox_url;

/* Runs omni-video with @args (NULL-terminated) in the C locale, feeding @input if given. */
static void
run_cli (Run                *run,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("OMNI_VIDEO");

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OMNIROUTERS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "OVS_POLL_INTERVAL", "0.1", TRUE);
  if (sandbox_url != NULL)
    g_subprocess_launcher_setenv (launcher, "OMNIROUTERS_BASE_URL", sandbox_url, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "OMNIROUTERS_BASE_URL");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err,
                                 &error);
  g_assert_no_error (error);
  /* A crash (or a sanitizer's report, which aborts) says why before the test fails. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("omni-video %s ended by signal %d; stderr:\n%s", args[0],
             g_subprocess_get_term_sig (process), run->err);
  run->status = g_subprocess_get_exit_status (process);
}

#define RUN(run, input, ...) run_cli (run, input, (const char * const[]) { __VA_ARGS__, NULL })

static void
test_examples (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();
  g_autoptr(GHashTable) detected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *id = ovs_test_example_scenario (name);
      g_autofree char *path = ovs_test_example_path (name);
      g_autofree char *expected = NULL;
      g_autofree char *id_line = g_strconcat (id, "\n", NULL);
      g_auto(Run) example = { 0 };
      g_auto(Run) normalize = { 0 };
      g_auto(Run) detect = { 0 };
      g_auto(Run) validate = { 0 };

      g_assert_true (g_file_get_contents (path, &expected, NULL, NULL));

      RUN (&example, NULL, "example", id);
      g_assert_cmpint (example.status, ==, 0);
      g_assert_cmpstr (example.out, ==, expected);

      RUN (&normalize, NULL, "normalize", path);
      g_assert_cmpint (normalize.status, ==, 0);
      g_assert_cmpstr (normalize.out, ==, expected);
      g_assert_cmpstr (normalize.err, ==, "");

      RUN (&detect, NULL, "detect", path);
      g_assert_cmpint (detect.status, ==, 0);
      g_assert_cmpstr (detect.out, ==, id_line);
      g_assert_cmpstr (detect.err, ==, "");
      g_hash_table_add (detected, g_strdup (id));

      RUN (&validate, NULL, "validate", path);
      g_assert_cmpint (validate.status, ==, 0);
      g_assert_cmpstr (validate.err, ==, "");
    }

  g_assert_cmpuint (g_hash_table_size (detected), ==, names->len);
}

static void
test_scenarios (void)
{
  g_auto(Run) table = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) names = ovs_test_example_names ();

  RUN (&table, NULL, "scenarios");
  g_assert_cmpint (table.status, ==, 0);
  lines = g_strsplit (table.out, "\n", -1);
  /* A heading, one line per preset (each has its example), the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, names->len + 2);
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_nonnull (strstr (table.out, "seedance-2-multireference"));
  g_assert_nonnull (strstr (table.out, "doubao-seedance-2-0-260128, doubao-seedance-2-0-fast-260128"));

  RUN (&json, NULL, "scenarios", "--json");
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (g_str_has_prefix (json.out, "[\n  {\n    \"id\": \"text-to-video\",\n"));
}

static void
test_validate_reports (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ovs-cli-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autofree char *good = ovs_test_example_path ("11-kling-multishot-custom.json");
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *big = NULL;
  g_autofree char *expected = NULL;
  g_auto(Run) run = { 0 };
  gsize big_size = 33 * 1024 * 1024;

  g_assert_true (g_file_set_contents (bad,
    "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"看 <<<image_2>>>\",\"seconds\":5,"
    "\"images\":[\"https://e.com/a.png\"]}", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{\n  \"model\": \"Kling-3.0-omni\",\n  \"prompt\": \n}", -1, NULL));
  /* An inline file that takes the body over the gateway's 32 MiB. */
  big = g_malloc (big_size);
  memset (big, 'A', big_size);
  memcpy (big, "{\"model\":\"Vidu-q2\",\"prompt\":\"p\",\"images\":[\"data:image/png;base64,", 65);
  memcpy (big + big_size - 3, "\"]}", 3);
  g_assert_true (g_file_set_contents (huge, big, big_size, NULL));

  /* Every problem on its own line, in the documented form; exit 1. */
  RUN (&run, NULL, "validate", good, bad);
  g_assert_cmpint (run.status, ==, 1);
  expected = g_strdup_printf ("%s: error: prompt: uses <<<image_2>>>, but there is 1 reference image\n"
                              "%s: error: seconds: must be a string of digits, like \"5\", not a number\n",
                              bad, bad);
  g_assert_cmpstr (run.err, ==, expected);
  run_clear (&run);

  RUN (&run, NULL, "validate", broken);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, broken));
  g_assert_nonnull (strstr (run.err, ": error: $: line 4, column"));
  run_clear (&run);

  RUN (&run, NULL, "validate", huge);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, ": error: images[0]: makes the body 33.0"));
  g_assert_nonnull (strstr (run.err, "give this file (26.0"));
  g_assert_nonnull (strstr (run.err, "as an https:// URL instead\n"));
  run_clear (&run);

  /* A file that cannot be read is a usage error (2), even next to an invalid one. */
  RUN (&run, NULL, "validate", bad, missing);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, missing));
  run_clear (&run);

  /* Standard input, and a root that is not an object. */
  RUN (&run, "[1, 2]", "validate", "-");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "-: error: $: The body must be a JSON object, not an array\n");
  run_clear (&run);

  /* A forced scenario the model does not belong to: warnings, shown; the body is valid
   * (exit 0) unless --strict. */
  RUN (&run, NULL, "validate", "--scenario", "vidu-bgm", good);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, ": warning: model: “Kling-3.0-omni” is not listed for the "
                                     "“Background music” scenario, which takes Vidu-q2, Vidu-q2-pro\n"));
  g_assert_nonnull (strstr (run.err, ": warning: enable_bgm: is missing: the “Background music” "
                                     "scenario usually has Background music\n"));
  g_assert_null (strstr (run.err, ": error: "));
  run_clear (&run);

  RUN (&run, NULL, "validate", "--strict", "--scenario", "vidu-bgm", good);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);

  g_unlink (bad);
  g_unlink (broken);
  g_unlink (huge);
  g_rmdir (dir);
}

static void
test_detect_closest (void)
{
  g_auto(Run) run = { 0 };

  RUN (&run, "{\"model\":\"Sora-2\",\"prompt\":\"a cat\",\"videos\":[\"https://e.com/v.mp4\"]}",
       "detect", "-");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "no scenario matches exactly"));
  g_assert_cmpstr (run.out, !=, "");
}

static void
test_normalize_keeps_unknown_fields (void)
{
  const char *body = "{\"x\":{\"deep\":[1,{\"k\":null}]},\"model\":\"Hunyuan-3d-scene-2.0\","
                     "\"prompt\":\"展厅\",\"y\":1.5}";
  g_auto(Run) run = { 0 };

  RUN (&run, body, "normalize", "-");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "{\n"
                   "  \"x\": {\n"
                   "    \"deep\": [\n"
                   "      1,\n"
                   "      {\n"
                   "        \"k\": null\n"
                   "      }\n"
                   "    ]\n"
                   "  },\n"
                   "  \"model\": \"Hunyuan-3d-scene-2.0\",\n"
                   "  \"prompt\": \"展厅\",\n"
                   "  \"y\": 1.5\n"
                   "}\n");
}

/* A body nested 80 000 levels deep used to overflow the stack of every command reading it. */
static void
test_deep_nesting (void)
{
  static const char *commands[] = { "validate", "normalize", "detect", "import" };
  g_autoptr(GString) deep = g_string_new ("{\"model\":\"Vidu-q2\",\"prompt\":");

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      g_auto(Run) run = { 0 };

      RUN (&run, deep->str, commands[c], "-");
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, ==, "-: error: $: line 1, column 92: the body nests deeper than 64 "
                                    "levels of objects and lists; no request needs that many\n");
    }
}

/* omni-video import: JSON or a curl command in, the body as it would be sent out. */
static void
test_import (void)
{
  g_autofree char *dir = ovs_test_make_tmp_dir ("ovs-cli-import-XXXXXX");
  g_autofree char *body_file = g_build_filename (dir, "body.json", NULL);
  g_autofree char *command = NULL;
  g_autofree char *expected = ovs_test_read_example ("21-vidu-text-to-video.json", NULL);
  g_autofree char *compact = NULL;
  g_auto(Run) run = { 0 };

  /* The example, on one line, in a command as browsers copy it. */
  {
    g_autoptr(GString) line = g_string_new (NULL);

    for (const char *p = expected; *p != '\0'; p++)
      if (*p != '\n' && !(*p == ' ' && (p[1] == ' ' || p[-1] == ' ' || p[-1] == '\n')))
        g_string_append_c (line, *p);
    compact = g_string_free (g_steal_pointer (&line), FALSE);
  }
  command = g_strdup_printf ("curl 'https://omnirouters.com/v1/videos' \\\n"
                             "  -H 'content-type: application/json' \\\n"
                             "  --data-raw '%s'\n", compact);
  RUN (&run, command, "import", "-");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  /* -d @FILE: read from the file (here by its full path). */
  g_assert_true (g_file_set_contents (body_file, expected, -1, NULL));
  g_free (command);
  command = g_strdup_printf ("curl https://omnirouters.com/v1/videos -d @%s", body_file);
  RUN (&run, command, "import");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, expected);
  run_clear (&run);

  /* A form: JSON out, with a warning. */
  RUN (&run, "curl https://e.com/v1/videos -F model=Veo-3.1 -F 'prompt=a cat' -F seconds=8",
       "import", "-");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "{\n  \"model\": \"Veo-3.1\",\n  \"prompt\": \"a cat\",\n  \"seconds\": \"8\"\n}\n");
  g_assert_nonnull (strstr (run.err, "-: warning: $: The command sends a multipart form (-F)"));
  run_clear (&run);

  /* What cannot be read: exit 1 and the reason; nothing on standard output. */
  RUN (&run, "curl https://e.com/v1/videos -H 'Accept: */*'", "import", "-");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "-: error: $: The curl command sends no body (no -d, --data, --json or -F)\n");
  run_clear (&run);

  RUN (&run, "curl https://e.com/v1/videos -d '{\"model\": }'", "import", "-");
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "-: error: $: line 1, column"));
  run_clear (&run);

  ovs_test_remove_tree (dir);
}

static void
test_usage (void)
{
  static const char *commands[] = { "scenarios", "example", "validate", "normalize", "detect",
                                    "import" };
  g_auto(Run) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      RUN (&run, NULL, commands[i], "--help");
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "omni-video"));
      g_assert_nonnull (strstr (run.out, commands[i]));
      run_clear (&run);
    }

  RUN (&run, NULL, "frobnicate");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no command “frobnicate”"));
  run_clear (&run);

  RUN (&run, NULL, "example", "no-such-scenario");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no scenario “no-such-scenario”"));
  run_clear (&run);

  RUN (&run, NULL, "validate", "--bogus");
  g_assert_cmpint (run.status, ==, 2);
}

/* `omni-video sandbox --json` in the background: its one document gives the address. */
static GSubprocess *
start_sandbox (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GString) document = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OMNI_VIDEO"), "sandbox",
                                         "--port", "0", "--speed", "0.05", "--json", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_string_append_printf (document, "%s\n", line);
      if (g_str_equal (line, "}"))
        break;
    }
  json_parser_load_from_data (parser, document->str, -1, &error);
  g_assert_no_error (error);
  g_free (sandbox_url);
  sandbox_url = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                         "base_url"));
  g_assert_true (g_str_has_prefix (sandbox_url, "http://127.0.0.1:"));
  return process;
}

static void
stop_sandbox (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
  g_clear_pointer (&sandbox_url, g_free);
}

/* How many objects or arrays stand side by side at the top of @text: json-glib reads
 * "{}\n{}" as one document without a word, so the tests count them. */
static guint
count_top_level (const char *text)
{
  gboolean in_string = FALSE;
  int depth = 0;
  guint count = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        count++;
    }
  return count;
}

/* The whole of standard output is one JSON document. */
static JsonNode *
assert_one_document (const Run  *run,
                     const char *what)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_test_message ("%s: exit %d\nstdout:\n%s\nstderr:\n%s", what, run->status, run->out, run->err);
  g_assert_true (g_str_has_suffix (run->out, "\n"));
  g_assert_cmpuint (count_top_level (run->out), ==, 1);
  json_parser_load_from_data (parser, run->out, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json_documents (void)
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autofree char *good = ovs_test_example_path ("01-text-to-video.json");
  g_autofree char *task_id = NULL;
  const char *bad = "{\"model\":\"Kling-3.0-omni\",\"prompt\":\"\",\"seconds\":5}";
  g_auto(Run) run = { 0 };
  JsonNode *node;

  RUN (&run, NULL, "scenarios", "--json");
  node = assert_one_document (&run, "scenarios");
  /* One scenario per example body. */
  {
    g_autoptr(GPtrArray) names = ovs_test_example_names ();

    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, names->len);
  }
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "example", "--json", "kling-multishot-custom");
  json_node_unref (assert_one_document (&run, "example"));
  run_clear (&run);

  RUN (&run, NULL, "normalize", "--json", good);
  json_node_unref (assert_one_document (&run, "normalize"));
  run_clear (&run);

  RUN (&run, NULL, "detect", "--json", good);
  node = assert_one_document (&run, "detect");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "scenario"), ==,
                   "text-to-video");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "exact"));
  json_node_unref (node);
  run_clear (&run);

  /* validate: the problems are the data, every file's in one array; nothing else printed. */
  RUN (&run, bad, "validate", "--json", good, "-");
  g_assert_cmpint (run.status, ==, 1);
  node = assert_one_document (&run, "validate");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), >, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0),
                                                  "file"), ==, "-");
  g_assert_cmpstr (run.err, ==, "");
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "validate", "--json", good);
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "validate (valid)");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  json_node_unref (node);
  run_clear (&run);

  sandbox = start_sandbox ();

  /* submit --wait --json: the final task alone, not the id line before it. */
  RUN (&run, NULL, "submit", "--wait", "--json", good);
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "submit --wait");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==,
                   "succeeded");
  task_id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "submit", "--json", good);
  g_assert_cmpint (run.status, ==, 0);
  json_node_unref (assert_one_document (&run, "submit"));
  run_clear (&run);

  RUN (&run, NULL, "status", "--json", task_id);
  node = assert_one_document (&run, "status");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "id"), ==, task_id);
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "track", "--json");
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "track");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "list", "--json");
  node = assert_one_document (&run, "list");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), >=, 2);
  json_node_unref (node);
  run_clear (&run);

  /* The completions' source of task ids: the same history, one id a line. */
  RUN (&run, NULL, "list", "--ids");
  g_assert_nonnull (strstr (run.out, task_id));
  run_clear (&run);

  stop_sandbox (g_steal_pointer (&sandbox));
}

static gboolean
has_repeated_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    for (guint j = i + 1; lines[j] != NULL; j++)
      if (lines[i][0] != '\0' && g_str_equal (lines[i], lines[j]))
        return TRUE;
  return FALSE;
}

static void
test_progress_and_quiet (void)
{
  g_autoptr(GSubprocess) sandbox = start_sandbox ();
  g_autofree char *good = ovs_test_example_path ("01-text-to-video.json");
  g_autofree char *bad = g_strdup ("{\"model\":\"Sora-2\",\"prompt\":\"a cat\",\"videos\":[\"https://e.com/v.mp4\"]}");
  g_auto(Run) run = { 0 };

  /* Progress on standard error, each change once; only the id on standard output. */
  RUN (&run, NULL, "submit", "--wait", good);
  g_test_message ("stdout:\n%s\nstderr:\n%s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "task_"));
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  g_assert_null (strchr (run.out, '\n')[1] != '\0' ? run.out : NULL);
  g_assert_nonnull (strstr (run.err, "succeeded"));
  g_assert_false (has_repeated_line (run.err));
  run_clear (&run);

  RUN (&run, NULL, "submit", "--wait", "--quiet", good);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "task_"));
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  /* A warning about the body is hidden by --quiet; the result is not. */
  RUN (&run, bad, "detect", "-");
  g_assert_nonnull (strstr (run.err, "warning"));
  run_clear (&run);
  RUN (&run, bad, "detect", "--quiet", "-");
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, !=, "");
  run_clear (&run);

  stop_sandbox (g_steal_pointer (&sandbox));
}

/* Every error line starts with "omni-video: ", whichever command and whatever went wrong. */
static void
test_error_prefix (void)
{
  static const char *cases[][5] = {
    { "status", NULL },
    { "status", "task_no_such_task", NULL },
    { "example", "no-such-scenario", NULL },
    { "validate", "/nonexistent/x.json", NULL },
    { "submit", "/nonexistent/x.json", NULL },
    { "list", "--status", "bogus", NULL },
    { "track", "task_not_in_history", NULL },
    { "sandbox", "--port", "99999", NULL },
    { "detect", "--bogus-option", NULL },
    { "frobnicate", NULL },
  };
  g_autoptr(GSubprocess) sandbox = start_sandbox ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };
      g_auto(GStrv) lines = NULL;

      run_cli (&run, NULL, cases[i]);
      g_test_message ("%s: exit %d, stderr:\n%s", cases[i][0], run.status, run.err);
      g_assert_cmpint (run.status, !=, 0);
      g_assert_cmpstr (run.out, ==, "");
      lines = g_strsplit (run.err, "\n", -1);
      g_assert_true (g_str_has_prefix (lines[0], "omni-video: "));
    }

  stop_sandbox (g_steal_pointer (&sandbox));
}

/* A task sent and downloaded, for frame and join: its server id. */
static char *
submit_small (const char *dir,
              const char *prompt)
{
  g_autofree char *body = g_strdup_printf ("{\"model\": \"Kling-3.0-omni\", \"prompt\": \"%s\", "
                                           "\"resolution\": \"360p\", \"seconds\": \"3\"}", prompt);
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *task;

  RUN (&run, body, "submit", "--download", dir, "--json", "-");
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "submit --download");
  task = json_node_get_object (node);
  g_assert_true (g_file_test (json_object_get_string_member (task, "file"), G_FILE_TEST_IS_REGULAR));
  return g_strdup (json_object_get_string_member (task, "id"));
}

/* submit --models: each model's warnings, the bodies with --dry-run, then one group whose
 * tasks list --group gives back in order. */
static void
test_compare_group (void)
{
  g_autoptr(GSubprocess) sandbox = start_sandbox ();
  g_autofree char *dir = g_dir_make_tmp ("ovs-test-cli-compare-XXXXXX", NULL);
  g_autofree char *body = g_build_filename (dir, "body.json", NULL);
  g_auto(Run) run = { 0 };
  JsonNode *node;
  JsonArray *tasks;
  const char *group;

  /* Short and small: the sandbox renders three of them. */
  g_assert_true (g_file_set_contents (body, "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"a lighthouse\", "
                                      "\"seconds\": \"3\", \"resolution\": \"720p\", "
                                      "\"aspect_ratio\": \"16:9\"}\n", -1, NULL));

  RUN (&run, NULL, "submit", "--models", "Kling-3.0-omni,Veo-3.1", "--dry-run", body);
  g_assert_cmpint (run.status, ==, 0);
  /* Veo makes 4, 6 or 8 s: said with the field path, before anything is sent */
  g_assert_nonnull (strstr (run.err, "(Veo-3.1): warning: seconds: "));
  g_assert_nonnull (strstr (run.out, "# Veo-3.1\n"));
  g_assert_nonnull (strstr (run.out, "\"seconds\": \"4\""));
  run_clear (&run);

  RUN (&run, NULL, "submit", "--models", "Kling-3.0-omni,Sora-2", body);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“Sora-2”"));
  run_clear (&run);

  RUN (&run, NULL, "submit", "--models", "Kling-3.0-omni,Veo-3.1,Vidu-q2", "--download", dir, "--json", body);
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "submit --models");
  group = json_object_get_string_member (json_node_get_object (node), "group");
  tasks = json_object_get_array_member (json_node_get_object (node), "tasks");
  g_assert_cmpuint (json_array_get_length (tasks), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tasks, i), "status"),
                     ==, "succeeded");
  {
    g_auto(Run) list = { 0 };
    g_autoptr(JsonNode) listed = NULL;
    JsonArray *array;

    RUN (&list, NULL, "list", "--group", group, "--json");
    g_assert_cmpint (list.status, ==, 0);
    listed = assert_one_document (&list, "list --group");
    array = json_node_get_array (listed);
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "model"),
                     ==, "Vidu-q2");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "task_id"),
                     ==, json_object_get_string_member (json_array_get_object_element (tasks, 0), "task_id"));
  }
  {
    g_auto(Run) exported = { 0 };
    g_autofree char *grid = g_build_filename (dir, "grid.mp4", NULL);
    g_autoptr(JsonNode) document = NULL;

    RUN (&exported, NULL, "export-grid", group, "-o", grid, "--json");
    g_assert_cmpint (exported.status, ==, 0);
    document = assert_one_document (&exported, "export-grid");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (document), "tiles"), ==, 3);
    g_assert_true (g_file_test (grid, G_FILE_TEST_IS_REGULAR));
  }
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "export-grid", "no-such-group", "-o", "x.mp4");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "“no-such-group”"));
  run_clear (&run);

  stop_sandbox (g_steal_pointer (&sandbox));
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

/* frame and join work from the history: a task id in, a PNG or a film out. */
static void
test_frame_and_join (void)
{
  g_autoptr(GSubprocess) sandbox = start_sandbox ();
  g_autofree char *dir = g_dir_make_tmp ("ovs-test-cli-film-XXXXXX", NULL);
  g_autofree char *first = submit_small (dir, "first shot");
  g_autofree char *second = submit_small (dir, "second shot");
  g_autofree char *film = g_build_filename (dir, "film.mp4", NULL);
  g_auto(Run) run = { 0 };
  JsonNode *node;
  JsonObject *object;

  RUN (&run, NULL, "frame", "--last", "--json", first);
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "frame --last");
  object = json_node_get_object (node);
  g_assert_true (g_file_test (json_object_get_string_member (object, "file"), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "file"), "-last.png"));
  /* The last frame of a 3 s clip. */
  g_assert_cmpfloat (json_object_get_double_member (object, "position"), >, 2.5);
  json_node_unref (node);
  run_clear (&run);

  /* Beside the video, under a name of its own; a second grab does not replace the first. */
  RUN (&run, NULL, "frame", "--at", "1", first);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "-at-1.00s.png\n"));
  run_clear (&run);
  RUN (&run, NULL, "frame", "--at", "1", first);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_suffix (run.out, "-at-1.00s-2.png\n"));
  run_clear (&run);

  RUN (&run, NULL, "frame", "--at", "99", first);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_true (g_str_has_prefix (run.err, "omni-video: frame: "));
  g_assert_nonnull (strstr (run.err, "99.00 s"));
  run_clear (&run);

  RUN (&run, NULL, "frame", first);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  RUN (&run, NULL, "join", "--json", first, second, "-o", film);
  g_assert_cmpint (run.status, ==, 0);
  node = assert_one_document (&run, "join");
  object = json_node_get_object (node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "clips")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (object, "clips"), 1),
                                                  "task_id"), ==, second);
  /* Two clips of 3 s make 6 s. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "duration"), 6.0, 0.2);
  g_assert_true (g_file_test (film, G_FILE_TEST_IS_REGULAR));
  json_node_unref (node);
  run_clear (&run);

  RUN (&run, NULL, "join", "no-such-task", "-o", film);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "no-such-task"));
  run_clear (&run);

  stop_sandbox (g_steal_pointer (&sandbox));
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* A history of this run's own: the commands below count what they put in it. */
  home = ovs_test_isolate_home ("test-cli-XXXXXX");

  g_test_add_func ("/cli/examples", test_examples);
  g_test_add_func ("/cli/scenarios", test_scenarios);
  g_test_add_func ("/cli/validate-reports", test_validate_reports);
  g_test_add_func ("/cli/detect-closest", test_detect_closest);
  g_test_add_func ("/cli/normalize-keeps-unknown-fields", test_normalize_keeps_unknown_fields);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/json-documents", test_json_documents);
  g_test_add_func ("/cli/progress-and-quiet", test_progress_and_quiet);
  g_test_add_func ("/cli/error-prefix", test_error_prefix);
  g_test_add_func ("/cli/frame-and-join", test_frame_and_join);
  g_test_add_func ("/cli/compare-group", test_compare_group);
  g_test_add_func ("/cli/deep-nesting", test_deep_nesting);
  g_test_add_func ("/cli/import", test_import);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
