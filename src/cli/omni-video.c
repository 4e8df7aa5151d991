/* omni-video.c: the command-line tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-cli.h"

typedef struct
{
  const char    *name;
  OvsCliCommand  run;
  const char    *summary;
} Command;

static const Command commands[] = {
  { "scenarios", ovs_cli_scenarios, N_("List scenario ids, titles and models") },
  { "example", ovs_cli_example, N_("Print a scenario’s documented request body") },
  { "validate", ovs_cli_validate, N_("Check request bodies; exit 1 when one is invalid") },
  { "normalize", ovs_cli_normalize, N_("Print a body exactly as it would be sent") },
  { "detect", ovs_cli_detect, N_("Print the scenario a body matches") },
  { "import", ovs_cli_import, N_("Read a JSON body or a curl command; print the body") },
  { "submit", ovs_cli_submit, N_("Validate a body, create the task; wait and download") },
  { "status", ovs_cli_status, N_("Query a task once and print it as JSON") },
  { "list", ovs_cli_list, N_("The task history, newest first") },
  { "track", ovs_cli_track, N_("Follow unfinished tasks to their end and download them") },
  { "frame", ovs_cli_frame, N_("Save one frame of a finished task’s video as a PNG") },
  { "join", ovs_cli_join, N_("Join finished tasks’ videos into one film") },
  { "export-grid", ovs_cli_export_grid, N_("Write a comparison side by side into one video") },
  { "continue", ovs_cli_continue, N_("Start a new request from a frame of a finished task") },
  { "batch", ovs_cli_batch, N_("Create a task per line of a JSONL or CSV file; resumable") },
  { "balance", ovs_cli_balance, N_("What the key may still spend; spend today and this month") },
  { "recover", ovs_cli_recover, N_("Keep a damaged history aside and recover its tasks") },
  { "sandbox", ovs_cli_sandbox, N_("Run the local sandbox server in the foreground") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: omni-video COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n", _("Compose, check and send Omni-Video API requests."));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("“omni-video COMMAND --help” tells more about each command."));
  fprintf (out, "%s\n", _("Exit codes: 0 ok, 1 invalid request, 2 usage or unreadable file, "
                          "3 task failed, 4 network/HTTP/auth error, 5 gave up waiting."));
}

int
main (int   argc,
      char *argv[])
{
  const char *name;

  setlocale (LC_ALL, "");
  ovs_core_init ();
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("omni-video");

  if (argc < 2)
    {
      print_usage (stderr);
      return OVS_EXIT_USAGE;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      if (argc > 2 && !g_str_equal (name, "--help"))
        {
          char *help_argv[] = { argv[2], (char *) "--help", NULL };

          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (g_str_equal (commands[i].name, argv[2]))
              return commands[i].run (2, help_argv);
        }
      print_usage (stdout);
      return OVS_EXIT_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      g_print ("omni-video %s\n", PACKAGE_VERSION);
      return OVS_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      {
        int status = commands[i].run (argc - 1, argv + 1);

        ovs_cli_output_finish ();
        return status;
      }

  g_printerr (_("omni-video: no command “%s”\n\n"), name);
  print_usage (stderr);
  return OVS_EXIT_USAGE;
}
