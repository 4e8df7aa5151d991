/* ovs-test-net.h: what the programs that talk to the sandbox over loopback share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-client.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"

G_BEGIN_DECLS

/* A sandbox at @speed that takes only @api_key (NULL: any non-empty key). It is not started,
 * so that a test can set more first (a seed, an expiry). */
OvsSandbox *ovs_test_sandbox_new    (double       speed,
                                     const char  *api_key);
/* Starts @sandbox on a free port of 127.0.0.1; the test fails if it cannot. */
void        ovs_test_sandbox_start  (OvsSandbox  *sandbox);
/* Stops *@sandbox before dropping it, so that its port is closed even while something else
 * still holds it. */
void        ovs_test_sandbox_clear  (OvsSandbox **sandbox);

/* A client of the started @sandbox that sends @api_key (NULL: OVS_CLIENT_SANDBOX_KEY). */
OvsClient  *ovs_test_client_new     (OvsSandbox  *sandbox,
                                     const char  *api_key);

/* What the tests of the tracker share: a sandbox on loopback, a client of it, a history in
 * a fresh folder and a tracker over both, which polls fast (0.05 s, then 0.2 s) and
 * downloads into the folder's "Videos". */
typedef struct
{
  char         *dir;       /* removed with everything in it at tear-down */
  OvsSandbox   *sandbox;
  OvsClient    *client;
  OvsTaskStore *store;     /* dir/history.sqlite3 */
  OvsTracker   *tracker;
  GPtrArray    *finished;  /* OvsTask, in the order the tracker said they finished */
} OvsTestNet;

/* @dir_template: the folder's name, "ovs-tracker-XXXXXX"; @sandbox: made by
 * ovs_test_sandbox_new (and set up further), taken and started here; @client_key as for
 * ovs_test_client_new. */
void        ovs_test_net_set_up        (OvsTestNet  *net,
                                        const char  *dir_template,
                                        OvsSandbox  *sandbox,
                                        const char  *client_key);
void        ovs_test_net_tear_down     (OvsTestNet  *net);
/* Adds the tasks @tracker (another tracker of the same history) finishes to net->finished. */
void        ovs_test_net_follow        (OvsTestNet  *net,
                                        OvsTracker  *tracker);
/* Sends @body as a task of @scenario through net->tracker and runs the main loop until
 * the tracker has written it down (30 s at most): the task, never NULL. */
OvsTask    *ovs_test_net_submit        (OvsTestNet  *net,
                                        const char  *scenario,
                                        const char  *body);
/* Runs the main loop until @count tasks have finished, for @timeout_s at most: whether
 * they did. */
gboolean    ovs_test_net_wait_finished (OvsTestNet  *net,
                                        guint        count,
                                        guint        timeout_s);

/* omni-video ($OMNI_VIDEO) with @args, talking to @sandbox, its history in @data_home, in
 * the C locale, stdout and stderr piped. */
GSubprocess *ovs_test_spawn_cli     (OvsSandbox          *sandbox,
                                     const char          *data_home,
                                     const char * const  *args);
/* What a command run by ovs_test_run_cli() left. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} OvsTestCliRun;

void         ovs_test_cli_run_clear (OvsTestCliRun       *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OvsTestCliRun, ovs_test_cli_run_clear)

/* ovs_test_spawn_cli() run to its end while this thread's main loop serves the sandbox. */
void         ovs_test_run_cli       (OvsSandbox          *sandbox,
                                     const char          *data_home,
                                     OvsTestCliRun       *run,
                                     const char * const  *args);

G_END_DECLS
