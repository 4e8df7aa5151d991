/* ovs-cli.h: the subcommands of omni-video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the architecture doc. */
enum
{
  OVS_EXIT_OK = 0,
  OVS_EXIT_INVALID = 1,
  OVS_EXIT_USAGE = 2,
  OVS_EXIT_TASK_FAILED = 3,
  OVS_EXIT_NETWORK = 4,
  OVS_EXIT_GAVE_UP = 5,
};

typedef int (*OvsCliCommand) (int argc, char **argv);

int   ovs_cli_scenarios (int argc, char **argv);
int   ovs_cli_example   (int argc, char **argv);
int   ovs_cli_validate  (int argc, char **argv);
int   ovs_cli_normalize (int argc, char **argv);
int   ovs_cli_detect    (int argc, char **argv);
int   ovs_cli_submit    (int argc, char **argv);
int   ovs_cli_status    (int argc, char **argv);
int   ovs_cli_sandbox   (int argc, char **argv);

/* Parses the options of one subcommand; prints the error and returns FALSE on bad usage.
 * @parameter is e.g. "FILE…"; @summary one translated sentence. */
gboolean ovs_cli_parse  (const char    *command,
                         const char    *parameter,
                         const char    *summary,
                         GOptionEntry  *entries,
                         int           *argc,
                         char        ***argv);

/* Reads a request body from FILE ("-" for standard input), refusing files over the body
 * limit before reading them. */
char    *ovs_cli_read_body (const char  *file,
                            gsize       *length,
                            GError     **error);

int   ovs_cli_list      (int argc, char **argv);
int   ovs_cli_track     (int argc, char **argv);

typedef struct _OvsTaskStore OvsTaskStore;
typedef struct _OvsTask OvsTask;

/* The history, or NULL after saying why (with the exit code in *status). */
OvsTaskStore *ovs_cli_open_store       (const char *command,
                                        int        *status);

G_END_DECLS
