/* test-spend.c: what things cost — the price table, the sandbox's billing routes in the
 * relay's shapes, each task's cost as the gateway reports it, `omni-video balance`, and a
 * batch refused over budget unless --yes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "ovs-budget.h"
#include "ovs-core.h"
#include "ovs-cost-watch.h"
#include "ovs-error.h"
#include "ovs-prices.h"
#include "ovs-sandbox.h"
#include "ovs-spend.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

#define RUN(fixture, res, ...) \
  ovs_test_run_cli ((fixture)->sandbox, (fixture)->data_home, res, \
                    (const char * const[]) { __VA_ARGS__, NULL })

static const char *kling = "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"账单\", \"seconds\": \"3\"}";

typedef struct
{
  char       *home;
  char       *data_home;
  char       *body_file;
  OvsSandbox *sandbox;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->home = ovs_test_make_tmp_dir ("ovs-spend-XXXXXX");
  fixture->data_home = g_build_filename (fixture->home, "data", NULL);
  fixture->body_file = g_build_filename (fixture->home, "body.json", NULL);
  g_assert_true (g_file_set_contents (fixture->body_file, kling, -1, NULL));
  fixture->sandbox = ovs_test_sandbox_new (0.05, NULL);
  ovs_test_sandbox_start (fixture->sandbox);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *prices = ovs_prices_dup_default_path ();

  g_remove (prices);
  ovs_test_sandbox_clear (&fixture->sandbox);
  ovs_test_remove_tree (fixture->home);
  g_free (fixture->home);
  g_free (fixture->data_home);
  g_free (fixture->body_file);
}

static void
test_prices (void)
{
  const char *table = "{\"models\": {\"Kling-3.0-omni\": {\"per_second\": 40000},"
                      " \"Vidu-q2\": {\"per_call\": 150000}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OvsPrices) prices = ovs_prices_new_from_data (table, -1, &error);
  g_autoptr(OvsPrices) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ovs_prices_estimate (prices, kling), ==, 120000);
  /* Names match as the catalog matches them. */
  g_assert_cmpint (ovs_prices_quote (prices, "kling_3.0_OMNI", 5), ==, 200000);
  g_assert_cmpint (ovs_prices_quote (prices, "Vidu-q2", 8), ==, 150000);
  g_assert_cmpint (ovs_prices_quote (prices, "Veo-3.1", 8), ==, -1);
  /* A per-second price with no duration is not a guess. */
  g_assert_cmpint (ovs_prices_estimate (prices, "{\"model\": \"Kling-3.0-omni\"}"), ==, -1);

  bad = ovs_prices_new_from_data ("{\"models\": {\"Vidu-q2\": {\"per_second\": \"5\"}}}", -1,
                                  &error);
  g_assert_null (bad);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "models.Vidu-q2.per_second"));
}

/* The task whose id @out (a submit's standard output) printed first, as the history has it. */
static OvsTask *
lookup_submitted (Fixture    *fixture,
                  const char *out)
{
  g_autofree char *path = g_build_filename (fixture->data_home, "omni-video-studio",
                                            "history.sqlite3", NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  return ovs_task_store_lookup_by_task_id (store, lines[0]);
}

/* A finished task costs what the sandbox charged, recorded from the gateway's own task
 * object, and the balance says what is left. */
static void
test_cost_and_balance (Fixture       *fixture,
                       gconstpointer  data)
{
  OvsSandboxBilling *billing = ovs_sandbox_get_billing (fixture->sandbox);
  g_auto(OvsTestCliRun) submit = { 0 };
  g_auto(OvsTestCliRun) balance = { 0 };
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  RUN (fixture, &submit, "submit", "--route", "generations", "--wait", fixture->body_file);
  g_assert_cmpint (submit.status, ==, 0);
  /* The default sandbox price: 10 000 quota units a second. */
  g_assert_cmpint (ovs_sandbox_billing_get_used (billing), ==, 30000);

  task = lookup_submitted (fixture, submit.out);
  g_assert_cmpint (ovs_task_get_cost (task), ==, 30000);

  RUN (fixture, &balance, "balance", "--json");
  g_assert_cmpint (balance.status, ==, 0);
  root = json_from_string (balance.out, NULL);
  object = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (object, "available"), ==, 25000000 - 30000);
  g_assert_cmpint (json_object_get_int_member (object, "spent_today"), ==, 30000);
  g_assert_cmpint (json_object_get_int_member (object, "spent_this_month"), ==, 30000);

  {
    g_auto(OvsTestCliRun) text = { 0 };

    RUN (fixture, &text, "balance");
    g_assert_nonnull (strstr (text.out, "Remaining: $49.94"));
    g_assert_nonnull (strstr (text.out, "Spent today: $0.06"));
  }
}

/* The OpenAI-style routes report no cost: around a task that ran alone, the balance
 * difference is its cost; with another task of the history under way, it stays unknown. */
static void
test_cost_from_balance (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->data_home, "omni-video-studio",
                                            "history.sqlite3", NULL);
  g_auto(OvsTestCliRun) alone = { 0 };
  g_auto(OvsTestCliRun) left = { 0 };
  g_auto(OvsTestCliRun) crowded = { 0 };
  g_auto(GStrv) alone_lines = NULL;
  g_auto(GStrv) crowded_lines = NULL;
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) second = NULL;
  g_autoptr(GError) error = NULL;

  RUN (fixture, &alone, "submit", "--wait", fixture->body_file);
  g_assert_cmpint (alone.status, ==, 0);
  alone_lines = g_strsplit (alone.out, "\n", -1);

  /* Left under way (nobody follows it), then another waited for: not alone. */
  RUN (fixture, &left, "submit", fixture->body_file);
  g_assert_cmpint (left.status, ==, 0);
  RUN (fixture, &crowded, "submit", "--wait", fixture->body_file);
  g_assert_cmpint (crowded.status, ==, 0);
  crowded_lines = g_strsplit (crowded.out, "\n", -1);

  store = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  first = ovs_task_store_lookup_by_task_id (store, alone_lines[0]);
  /* The sandbox's default price: 10 000 units a second, 3 s. */
  g_assert_cmpint (ovs_task_get_cost (first), ==, 30000);
  second = ovs_task_store_lookup_by_task_id (store, crowded_lines[0]);
  g_assert_cmpint (ovs_task_get_status (second), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpint (ovs_task_get_cost (second), ==, -1);
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds, 30 s at most: whether it did. */
static gboolean
wait_for (Condition condition,
          gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return condition (data);
}

static gboolean
balance_known (gpointer data)
{
  return ovs_cost_watch_get_balance (data) >= 0;
}

static gboolean
cost_known (gpointer data)
{
  return ovs_task_get_cost (data) >= 0;
}

/* In the app, the tracker's cost watch does what `submit --wait` does: a task that ran
 * alone costs the balance difference around it, written to the history; two tasks under
 * way together stay unpriced; the balance is never asked while something is under way. */
static void
test_cost_watch (void)
{
  OvsTestNet net = { 0 };
  g_autoptr(OvsCostWatch) watch = NULL;
  g_autoptr(OvsTask) alone = NULL;
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) second = NULL;
  g_autoptr(OvsTask) stored = NULL;
  g_autoptr(OvsTaskStore) reopened = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  ovs_test_net_set_up (&net, "ovs-cost-watch-XXXXXX", ovs_test_sandbox_new (0.05, NULL), NULL);
  watch = ovs_cost_watch_new (net.tracker);
  g_assert_true (wait_for (balance_known, watch));
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, 25000000);

  alone = ovs_test_net_submit (&net, "text-to-video", kling);
  g_assert_true (ovs_test_net_wait_finished (&net, 1, 30));
  g_assert_cmpint (ovs_task_get_status (alone), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_true (wait_for (cost_known, alone));
  /* The sandbox's default price: 10 000 units a second, 3 s. */
  g_assert_cmpint (ovs_task_get_cost (alone), ==, 30000);
  g_assert_true (wait_for (balance_known, watch));
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, 25000000 - 30000);

  first = ovs_test_net_submit (&net, "text-to-video", kling);
  second = ovs_test_net_submit (&net, "text-to-video", kling);
  g_assert_true (ovs_test_net_wait_finished (&net, 3, 30));
  g_assert_true (wait_for (balance_known, watch));
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, 25000000 - 90000);
  g_assert_cmpint (ovs_task_get_cost (first), ==, -1);
  g_assert_cmpint (ovs_task_get_cost (second), ==, -1);

  /* Written down: another reader of the history sees the cost. */
  ovs_task_store_flush (net.store);
  path = g_build_filename (net.dir, "history.sqlite3", NULL);
  reopened = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  stored = ovs_task_store_lookup_by_task_id (reopened, ovs_task_get_task_id (alone));
  g_assert_cmpint (ovs_task_get_cost (stored), ==, 30000);

  g_clear_object (&watch);
  ovs_test_net_tear_down (&net);
}

static void
other_sent_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  OvsTask **task = user_data;
  g_autoptr(GError) error = NULL;

  *task = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
task_finished (gpointer data)
{
  return ovs_task_is_finished (data);
}

/* The rule reads the history, every process's tasks: another process (its own store on the
 * same file and its own tracker, as the command line or a second app would have) sends a
 * task while the app's lone task runs. Both charges are in the balance difference, so the
 * app's task stays unpriced; once nothing else is under way, a lone task is priced again. */
static void
test_cost_watch_other_process (void)
{
  OvsTestNet net = { 0 };
  g_autoptr(OvsCostWatch) watch = NULL;
  g_autoptr(OvsTaskStore) other_store = NULL;
  g_autoptr(OvsTracker) other = NULL;
  g_autoptr(OvsTask) other_task = NULL;
  g_autoptr(OvsTask) crowded = NULL;
  g_autoptr(OvsTask) alone = NULL;
  g_autoptr(GError) error = NULL;

  ovs_test_net_set_up (&net, "ovs-cost-watch-XXXXXX", ovs_test_sandbox_new (0.05, NULL), NULL);
  other_store = ovs_task_store_new (ovs_task_store_get_path (net.store), &error);
  g_assert_no_error (error);
  other = ovs_tracker_new (other_store, net.client, net.dir);
  ovs_tracker_set_schedule (other, 0.05, 0.2);
  watch = ovs_cost_watch_new (net.tracker);
  g_assert_true (wait_for (balance_known, watch));

  crowded = ovs_test_net_submit (&net, "text-to-video", kling);
  ovs_tracker_submit_async (other, "text-to-video", kling, NULL, other_sent_cb, &other_task);
  g_assert_true (wait_for (task_finished, crowded));
  g_assert_nonnull (other_task);
  g_assert_true (wait_for (task_finished, other_task));
  g_assert_cmpint (ovs_task_get_status (crowded), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_true (wait_for (balance_known, watch));
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, 25000000 - 60000);
  g_assert_cmpint (ovs_task_get_cost (crowded), ==, -1);

  alone = ovs_test_net_submit (&net, "text-to-video", kling);
  g_assert_true (wait_for (task_finished, alone));
  g_assert_true (wait_for (cost_known, alone));
  g_assert_cmpint (ovs_task_get_cost (alone), ==, 30000);

  g_clear_object (&watch);
  g_clear_object (&other);
  ovs_test_net_tear_down (&net);
}

static gboolean
route_missing (gpointer data)
{
  return ovs_cost_watch_get_missing (data);
}

/* Without the routes, the watch knows no balance and prices nothing, tasks go on, and after
 * the 404s the gateway is never asked again: not when a task ends, nor once idle. */
static void
test_cost_watch_no_routes (void)
{
  OvsTestNet net = { 0 };
  OvsSandbox *sandbox = ovs_test_sandbox_new (0.05, NULL);
  OvsSandboxBilling *billing = ovs_sandbox_get_billing (sandbox);
  g_autoptr(OvsCostWatch) watch = NULL;
  g_autoptr(OvsTask) task = NULL;

  ovs_sandbox_billing_set_enabled (billing, FALSE);
  ovs_test_net_set_up (&net, "ovs-cost-watch-XXXXXX", sandbox, NULL);
  watch = ovs_cost_watch_new (net.tracker);
  ovs_cost_watch_set_min_interval (watch, 0);
  g_assert_true (wait_for (route_missing, watch));
  /* The relay's route, then the OpenAI-style one: both 404. */
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/api/usage/token"), ==, 1);
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/dashboard/billing/subscription"), ==, 1);

  task = ovs_test_net_submit (&net, "text-to-video", kling);
  g_assert_true (ovs_test_net_wait_finished (&net, 1, 30));
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ovs_task_get_cost (task), ==, -1);
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, -1);
  g_assert_false (ovs_cost_watch_get_shown (watch, NULL));
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/api/usage/token"), ==, 1);
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/dashboard/billing/subscription"), ==, 1);
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/dashboard/billing/usage"), ==, 0);

  g_clear_object (&watch);
  ovs_test_net_tear_down (&net);
}

static gboolean
shown_below_50 (gpointer data)
{
  OvsBalance balance = { 0 };

  return ovs_cost_watch_get_shown (data, &balance) && balance.available < 50.0;
}

/* A relay without /api/usage/token (404) but with the OpenAI-style pair (controller/
 * billing.go): the watch shows the balance from them, in dollars, and still after a task;
 * dollars rounded to cents are never subtracted into a cost. */
static void
test_cost_watch_openai_fallback (void)
{
  OvsTestNet net = { 0 };
  OvsSandbox *sandbox = ovs_test_sandbox_new (0.05, NULL);
  OvsSandboxBilling *billing = ovs_sandbox_get_billing (sandbox);
  g_autoptr(OvsCostWatch) watch = NULL;
  g_autoptr(OvsTask) task = NULL;
  OvsBalance balance = { 0 };

  ovs_sandbox_billing_set_token_route (billing, FALSE);
  ovs_test_net_set_up (&net, "ovs-cost-watch-XXXXXX", sandbox, NULL);
  watch = ovs_cost_watch_new (net.tracker);
  ovs_cost_watch_set_min_interval (watch, 0);
  g_assert_true (wait_for ((Condition) ovs_cost_watch_is_settled, watch));
  g_assert_true (ovs_cost_watch_get_shown (watch, &balance));
  g_assert_cmpint (balance.unit, ==, OVS_BALANCE_UNIT_MONEY);
  g_assert_cmpfloat_with_epsilon (balance.available, 50.0, 0.001);
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, -1);
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/dashboard/billing/usage"), ==, 1);

  task = ovs_test_net_submit (&net, "text-to-video", kling);
  g_assert_true (ovs_test_net_wait_finished (&net, 1, 30));
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_true (wait_for (shown_below_50, watch));
  g_assert_true (ovs_cost_watch_get_shown (watch, &balance));
  /* 30 000 units at 500 000 a dollar. */
  g_assert_cmpfloat_with_epsilon (balance.available, 49.94, 0.001);
  g_assert_cmpint (ovs_task_get_cost (task), ==, -1);
  g_assert_cmpint (ovs_cost_watch_get_balance (watch), ==, -1);

  g_clear_object (&watch);
  ovs_test_net_tear_down (&net);
}

/* The same relay through the command line: `balance` reads the OpenAI-style pair, and
 * `submit --wait` records no cost from it. */
static void
test_openai_fallback (Fixture       *fixture,
                      gconstpointer  data)
{
  OvsSandboxBilling *billing = ovs_sandbox_get_billing (fixture->sandbox);
  g_auto(OvsTestCliRun) submit = { 0 };
  g_auto(OvsTestCliRun) json = { 0 };
  g_auto(OvsTestCliRun) text = { 0 };
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  ovs_sandbox_billing_set_token_route (billing, FALSE);
  RUN (fixture, &submit, "submit", "--wait", fixture->body_file);
  g_assert_cmpint (submit.status, ==, 0);
  task = lookup_submitted (fixture, submit.out);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_cmpint (ovs_task_get_cost (task), ==, -1);

  RUN (fixture, &json, "balance", "--json");
  g_assert_cmpint (json.status, ==, 0);
  root = json_from_string (json.out, NULL);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "unit"), ==, "money");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "available"), 49.94, 0.001);
  RUN (fixture, &text, "balance");
  g_assert_nonnull (strstr (text.out, "Remaining: $49.94"));
  g_assert_cmpuint (ovs_sandbox_billing_get_n_requests (billing, "/dashboard/billing/usage"), >=, 2);
}

/* A gateway without the routes: balance says so quietly, sending goes on. */
static void
test_no_billing_routes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(OvsTestCliRun) balance = { 0 };
  g_auto(OvsTestCliRun) submit = { 0 };

  ovs_sandbox_billing_set_enabled (ovs_sandbox_get_billing (fixture->sandbox), FALSE);
  RUN (fixture, &balance, "balance");
  g_assert_cmpint (balance.status, ==, 0);
  g_assert_nonnull (strstr (balance.err, "does not say what the key may still spend"));
  g_assert_null (strstr (balance.out, "Remaining"));

  RUN (fixture, &submit, "submit", fixture->body_file);
  g_assert_cmpint (submit.status, ==, 0);
}

/* Two lines of 3 s at 100 000 units a second are $1.20: over a $1 daily budget the batch
 * is refused with the amount named, and nothing is created; --yes sends it. */
static void
test_batch_budget (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *prices = ovs_prices_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (prices);
  g_autofree char *file = g_build_filename (fixture->home, "two.jsonl", NULL);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", kling,
                                           "{\"model\": \"Kling-3.0-omni\", \"prompt\": \"第二\", \"seconds\": \"3\"}");
  g_auto(OvsTestCliRun) dry = { 0 };
  g_auto(OvsTestCliRun) refused = { 0 };
  g_auto(OvsTestCliRun) sent = { 0 };
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (prices, "{\"models\": {\"Kling-3.0-omni\": {\"per_second\": 100000}}}",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (file, text, -1, NULL));

  RUN (fixture, &dry, "batch", "--dry-run", file);
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_nonnull (strstr (dry.out, "Estimated cost: $1.20"));

  RUN (fixture, &refused, "batch", "--budget-daily", "1", file);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "This costs about $1.20"));
  g_assert_nonnull (strstr (refused.err, "daily budget of $1.00"));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 0);

  RUN (fixture, &sent, "batch", "--budget-daily", "1", "--yes", file);
  g_assert_cmpint (sent.status, ==, 0);
  g_clear_pointer (&ids, g_strfreev);
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
}

/* continue --submit weighs its one task the same way. */
static void
test_continue_budget (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *prices = ovs_prices_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (prices);
  g_autofree char *videos = g_build_filename (fixture->home, "videos", NULL);
  g_auto(OvsTestCliRun) submit = { 0 };
  g_auto(OvsTestCliRun) refused = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (prices, "{\"models\": {\"Kling-3.0-omni\": {\"per_second\": 100000}}}",
                                      -1, NULL));
  RUN (fixture, &submit, "submit", "--download", videos, fixture->body_file);
  g_assert_cmpint (submit.status, ==, 0);
  lines = g_strsplit (submit.out, "\n", -1);

  RUN (fixture, &refused, "continue", lines[0], "--last", "--submit", "--budget-monthly", "0.5");
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "This costs about $0.60"));
  g_assert_nonnull (strstr (refused.err, "monthly budget of $0.50"));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
}

/* A plain submit (and a comparison) is weighed as a batch is: over the daily budget it is
 * refused naming the amounts, with nothing created; --yes sends it. */
static void
test_submit_budget (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *prices = ovs_prices_dup_default_path ();
  g_autofree char *dir = g_path_get_dirname (prices);
  g_auto(OvsTestCliRun) first = { 0 };
  g_auto(OvsTestCliRun) refused = { 0 };
  g_auto(OvsTestCliRun) group = { 0 };
  g_auto(OvsTestCliRun) sent = { 0 };
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (prices, "{\"models\": {\"Kling-3.0-omni\": {\"per_second\": 100000}}}",
                                      -1, NULL));
  /* $0.60 of $1.00: sent; the sandbox charges it and the history records that cost. */
  RUN (fixture, &first, "submit", "--route", "generations", "--wait", "--budget-daily", "1",
       fixture->body_file);
  g_assert_cmpint (first.status, ==, 0);

  /* The sandbox charged 30 000 units ($0.06): with it, another $0.60 goes over $0.50. */
  RUN (fixture, &refused, "submit", "--budget-daily", "0.5", fixture->body_file);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "This costs about $0.60"));
  g_assert_nonnull (strstr (refused.err, "with $0.06 spent today"));
  g_assert_nonnull (strstr (refused.err, "daily budget of $0.50"));
  g_assert_nonnull (strstr (refused.err, "--yes"));

  RUN (fixture, &group, "submit", "--variants", "2", "--budget-monthly", "1", fixture->body_file);
  g_assert_cmpint (group.status, ==, 2);
  g_assert_nonnull (strstr (group.err, "This costs about $1.20"));
  g_assert_nonnull (strstr (group.err, "monthly budget of $1.00"));
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);

  RUN (fixture, &sent, "submit", "--budget-daily", "0.5", "--yes", fixture->body_file);
  g_assert_cmpint (sent.status, ==, 0);
  g_assert_nonnull (strstr (sent.err, "daily budget of $0.50"));
  g_clear_pointer (&ids, g_strfreev);
  ids = ovs_sandbox_dup_task_ids (fixture->sandbox);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
}

static void
add_task (OvsTaskStore  *store,
          int            month,
          int            day,
          int            hour,
          gint64         cost,
          OvsTaskStatus  status)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (2026, month, day, hour, 30, 0);
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;

  ovs_task_set_scenario (draft, "text-to-video");
  ovs_task_set_request_json (draft, kling);
  ovs_task_set_created_at (draft, g_date_time_to_unix (at));
  task = ovs_task_store_insert (store, draft, &error);
  g_assert_no_error (error);
  ovs_task_set_status (task, status);
  ovs_task_set_cost (task, cost);
  g_assert_true (ovs_task_store_update (store, task, NULL, &error));
}

static void
assert_period (GPtrArray  *periods,
               guint       i,
               const char *name,
               gint64      cost,
               guint       n_costed,
               guint       n_unknown)
{
  OvsSpendPeriod *period = g_ptr_array_index (periods, i);

  g_assert_cmpstr (period->period, ==, name);
  g_assert_cmpint (period->cost, ==, cost);
  g_assert_cmpuint (period->n_costed, ==, n_costed);
  g_assert_cmpuint (period->n_unknown, ==, n_unknown);
}

/* A real history file with costs across days and months (local time), read by a connection
 * of its own while the store holds it open: the known costs summed per day and per month,
 * newest first; a task of unknown cost counted as such, unless it failed (the relay gives
 * a failed task's quota back). */
static void
test_per_day_and_month (void)
{
  g_autofree char *home = ovs_test_make_tmp_dir ("ovs-spend-periods-XXXXXX");
  g_autofree char *path = g_build_filename (home, "history.sqlite3", NULL);
  g_autofree char *missing = g_build_filename (home, "none.sqlite3", NULL);
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) months = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 12, 5, 15, 0, 0);
  g_autoptr(GError) error = NULL;
  gint64 today = -1, month = -1;

  store = ovs_task_store_new (path, &error);
  g_assert_no_error (error);
  add_task (store, 10, 15, 8, 1000, OVS_TASK_STATUS_SUCCEEDED);
  add_task (store, 11, 30, 23, 100, OVS_TASK_STATUS_SUCCEEDED);
  add_task (store, 12, 1, 0, 200, OVS_TASK_STATUS_SUCCEEDED);
  add_task (store, 12, 1, 10, 300, OVS_TASK_STATUS_SUCCEEDED);
  add_task (store, 12, 1, 11, -1, OVS_TASK_STATUS_SUCCEEDED);
  add_task (store, 12, 1, 12, -1, OVS_TASK_STATUS_FAILED);
  add_task (store, 12, 5, 9, 50, OVS_TASK_STATUS_SUCCEEDED);

  days = ovs_spend_read (path, OVS_SPEND_BY_DAY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 4);
  assert_period (days, 0, "2026-12-05", 50, 1, 0);
  assert_period (days, 1, "2026-12-01", 500, 2, 1);
  assert_period (days, 2, "2026-11-30", 100, 1, 0);
  assert_period (days, 3, "2026-10-15", 1000, 1, 0);

  months = ovs_spend_read (path, OVS_SPEND_BY_MONTH, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (months->len, ==, 3);
  assert_period (months, 0, "2026-12", 550, 3, 1);
  assert_period (months, 1, "2026-11", 100, 1, 0);
  assert_period (months, 2, "2026-10", 1000, 1, 0);

  g_assert_true (ovs_spend_read_today_month (path, now, &today, &month, &error));
  g_assert_cmpint (today, ==, 50);
  g_assert_cmpint (month, ==, 550);
  /* The budget's figures are the same query's. */
  ovs_budget_spent (store, now, &today, &month);
  g_assert_cmpint (today, ==, 50);
  g_assert_cmpint (month, ==, 550);

  /* No history yet: nothing spent, no error. */
  nothing = ovs_spend_read (missing, OVS_SPEND_BY_DAY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_clear_object (&store);
  ovs_test_remove_tree (home);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add_func ("/spend/prices", test_prices);
  g_test_add_func ("/spend/per-day-and-month", test_per_day_and_month);
  g_test_add ("/spend/cost-and-balance", Fixture, NULL, fixture_set_up, test_cost_and_balance,
              fixture_tear_down);
  g_test_add ("/spend/cost-from-balance", Fixture, NULL, fixture_set_up, test_cost_from_balance,
              fixture_tear_down);
  g_test_add_func ("/spend/cost-watch", test_cost_watch);
  g_test_add_func ("/spend/cost-watch-no-routes", test_cost_watch_no_routes);
  g_test_add_func ("/spend/cost-watch-other-process", test_cost_watch_other_process);
  g_test_add_func ("/spend/cost-watch-openai-fallback", test_cost_watch_openai_fallback);
  g_test_add ("/spend/openai-fallback", Fixture, NULL, fixture_set_up, test_openai_fallback,
              fixture_tear_down);
  g_test_add ("/spend/no-billing-routes", Fixture, NULL, fixture_set_up, test_no_billing_routes,
              fixture_tear_down);
  g_test_add ("/spend/batch-budget", Fixture, NULL, fixture_set_up, test_batch_budget,
              fixture_tear_down);
  g_test_add ("/spend/submit-budget", Fixture, NULL, fixture_set_up, test_submit_budget,
              fixture_tear_down);
  g_test_add ("/spend/continue-budget", Fixture, NULL, fixture_set_up, test_continue_budget,
              fixture_tear_down);
  return g_test_run ();
}
