/* test-cli.c: omni-video scenarios / example / validate / normalize / detect, as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
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
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, &run->err,
                                 &error);
  g_assert_no_error (error);
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
  g_assert_nonnull (strstr (run.err, "give the file as an https:// URL instead\n"));
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

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/examples", test_examples);
  g_test_add_func ("/cli/scenarios", test_scenarios);
  g_test_add_func ("/cli/validate-reports", test_validate_reports);
  g_test_add_func ("/cli/detect-closest", test_detect_closest);
  g_test_add_func ("/cli/normalize-keeps-unknown-fields", test_normalize_keeps_unknown_fields);
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/deep-nesting", test_deep_nesting);
  g_test_add_func ("/cli/import", test_import);

  return g_test_run ();
}
