/* ovs-cli.h: the subcommands of omni-video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

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

/* Runs an async call to its end from a command: pass ovs_cli_sync_result_cb and the struct
 * (with the thread-default context) as callback and data, then ovs_cli_sync_wait(); the
 * result is the caller's to unref. */
typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} OvsCliSync;

void          ovs_cli_sync_result_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data);
GAsyncResult *ovs_cli_sync_wait      (OvsCliSync   *sync);

int   ovs_cli_scenarios (int argc, char **argv);
int   ovs_cli_example   (int argc, char **argv);
int   ovs_cli_validate  (int argc, char **argv);
int   ovs_cli_normalize (int argc, char **argv);
int   ovs_cli_detect    (int argc, char **argv);
int   ovs_cli_import    (int argc, char **argv);
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
int   ovs_cli_frame     (int argc, char **argv);
int   ovs_cli_join      (int argc, char **argv);
int   ovs_cli_track     (int argc, char **argv);
int   ovs_cli_recover   (int argc, char **argv);

typedef struct _OvsTaskStore OvsTaskStore;
typedef struct _OvsTask OvsTask;

/* The history, or NULL after saying why (with the exit code in *status). */
OvsTaskStore *ovs_cli_open_store       (const char *command,
                                        int        *status);

typedef struct _OvsClient OvsClient;
typedef struct _OvsTracker OvsTracker;

/* The client of --base-url (else $OMNIROUTERS_BASE_URL) with $OMNIROUTERS_API_KEY; NULL with
 * the exit code in *status after saying why. */
OvsClient    *ovs_cli_make_client         (const char *command,
                                           const char *base_url,
                                           const char *route_name,
                                           gboolean    allow_insecure,
                                           int        *status);
/* $OVS_POLL_INTERVAL (tests) or the gateway-friendly default schedule. */
void          ovs_cli_configure_schedule  (OvsTracker *tracker);

/* The options choosing the gateway, for a GOptionEntry array of a command that sends. */
#define OVS_CLI_GATEWAY_ENTRIES(route, base_url, allow_insecure) \
  { "route", 'r', 0, G_OPTION_ARG_STRING, (route), \
    N_("Which routes to use: videos (default) or generations"), N_("ROUTE") }, \
  { "base-url", 0, 0, G_OPTION_ARG_STRING, (base_url), \
    N_("The gateway (default: $OMNIROUTERS_BASE_URL, else https://omnirouters.com)"), \
    N_("URL") }, \
  { "allow-insecure", 0, 0, G_OPTION_ARG_NONE, (allow_insecure), \
    N_("Send the key over plain http to a remote host"), NULL }

/* The budget options of a command that sends (ovs_cli_spend_allows()). */
#define OVS_CLI_BUDGET_ENTRIES(daily, monthly, yes) \
  { "budget-daily", 0, 0, G_OPTION_ARG_DOUBLE, (daily), \
    N_("Today’s budget in the gateway’s money (default: the Preferences’)"), N_("AMOUNT") }, \
  { "budget-monthly", 0, 0, G_OPTION_ARG_DOUBLE, (monthly), \
    N_("This month’s budget in the gateway’s money (default: the Preferences’)"), \
    N_("AMOUNT") }, \
  { "yes", 'y', 0, G_OPTION_ARG_NONE, (yes), N_("Send even when it goes over a budget"), NULL }

int   ovs_cli_batch     (int argc, char **argv);
int   ovs_cli_continue  (int argc, char **argv);
int   ovs_cli_balance   (int argc, char **argv);

typedef struct _OvsSandbox OvsSandbox;
typedef struct _OvsPrices OvsPrices;

/* sandbox --prices FILE --quota N; FALSE after saying why. */
gboolean      ovs_cli_sandbox_billing     (OvsSandbox   *sandbox,
                                           const char   *prices_file,
                                           gint64        quota);
/* The user's price table (a broken one is said and ignored: estimates are then unknown). */
OvsPrices    *ovs_cli_load_prices         (void);
/* FALSE after naming the amount when sending what costs @estimate quota units would go over
 * the daily or monthly budget (@daily, @monthly in money; negative: the settings'), unless
 * @yes. */
gboolean      ovs_cli_spend_allows        (const char   *command,
                                           OvsTaskStore *store,
                                           gint64        estimate,
                                           double        daily,
                                           double        monthly,
                                           gboolean      yes);
/* The lineage of the task @id (server id or history number), for list --chain. */
GPtrArray    *ovs_cli_dup_lineage         (OvsTaskStore  *store,
                                           const char    *id,
                                           GError       **error);

/* The task of the server's @task_id with its video on this computer, or NULL after saying
 * why. */
OvsTask      *ovs_cli_dup_finished_task   (const char   *command,
                                           OvsTaskStore *store,
                                           const char   *task_id);

/* submit --models / --variants (ovs-cli-compare.c): a comparison or variant group. */
gboolean      ovs_cli_compare_wanted     (int         argc,
                                          char      **argv);
int           ovs_cli_compare_submit     (int         argc,
                                          char      **argv);
int           ovs_cli_export_grid        (int         argc,
                                          char      **argv);


/* Output conventions (ovs-cli-output.c): data on standard output, --json as exactly one
 * document; progress and warnings on standard error, once each, silenced by --quiet; error
 * lines start with "omni-video: ". */
void          ovs_cli_output_add_options  (GOptionContext *context);
gboolean      ovs_cli_json_wanted         (void);
gboolean      ovs_cli_quiet               (void);
/* "omni-video: COMMAND: MESSAGE" (without COMMAND when it is NULL); a final newline of
 * @format is dropped. */
void          ovs_cli_error               (const char *command,
                                           const char *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* A warning line on standard error, unless --quiet. */
void          ovs_cli_warning             (const char *format,
                                           ...) G_GNUC_PRINTF (1, 2);
/* A progress line of @key (a task id) on standard error, unless --quiet or the same as the
 * last line of @key. */
void          ovs_cli_progress            (const char *key,
                                           const char *format,
                                           ...) G_GNUC_PRINTF (2, 3);
/* The one JSON document of the command, on standard output. */
void          ovs_cli_print_json          (JsonNode   *node);
/* A problem of a request body: a "FILE: SEVERITY: PATH: MESSAGE" line on standard error, or,
 * after ovs_cli_collect_problems() and with --json, an element of the array that
 * ovs_cli_flush_problems() prints. */
void          ovs_cli_collect_problems    (void);
void          ovs_cli_problem             (const char *file,
                                           const char *severity,
                                           const char *path,
                                           const char *message);
void          ovs_cli_flush_problems      (void);
/* Frees what the output kept; main() calls it once the command has returned. */
void          ovs_cli_output_finish       (void);

G_END_DECLS
