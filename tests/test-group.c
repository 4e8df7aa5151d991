/* test-group.c: comparison and variant groups sent to the sandbox over loopback
 *
 * One create per model, each body as the catalog mapped it, the group written down before
 * the first create leaves, its order kept, and a create never retried.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-group"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-compare.h"
#include "ovs-core.h"
#include "ovs-group-send.h"
#include "ovs-json.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"

typedef struct
{
  OvsTestNet    net;
  GArray       *creates_when_added; /* of guint: the sandbox's creates at each task-added */
} Fixture;

/* A source body of each family (the catalog's examples), and a model of each family. */
static const char * const sources[] = {
  "image-to-video", "vidu-first-last-frame", "veo-image-to-video", "seedance-2-text-to-video",
  "hunyuan-3d-scene", NULL
};
static const char * const one_per_family[] = {
  "Kling-3.0-omni", "Vidu-q2", "Veo-3.1", "doubao-seedance-1-0-pro-250528",
  "Hunyuan-3d-scene-2.0", NULL
};

static void
task_added_cb (OvsTaskStore *store,
               OvsTask      *task,
               Fixture      *fixture)
{
  guint creates = ovs_sandbox_get_n_requests (fixture->net.sandbox, OVS_SANDBOX_ROUTE_CREATE);

  g_array_append_val (fixture->creates_when_added, creates);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ovs_test_net_set_up (&fixture->net, "ovs-group-XXXXXX", ovs_test_sandbox_new (0.05, NULL), NULL);
  ovs_tracker_set_auto_download (fixture->net.tracker, FALSE);
  fixture->creates_when_added = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (fixture->net.store, "task-added", G_CALLBACK (task_added_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ovs_test_net_tear_down (&fixture->net);
  g_clear_pointer (&fixture->creates_when_added, g_array_unref);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
send_group (Fixture    *fixture,
            const char *kind,
            GPtrArray  *bodies,
            char      **group_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  GPtrArray *tasks;

  ovs_group_send_async (fixture->net.tracker, kind, bodies, NULL, sent_cb, &result);
  while (result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (result);
  tasks = ovs_group_send_finish (fixture->net.tracker, result, group_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, bodies->len);
  return tasks;
}

/* The group as the history keeps it: in order, of one kind, each body as the sandbox got it. */
static void
assert_group_stored (Fixture    *fixture,
                     const char *group_id,
                     const char *kind,
                     GPtrArray  *tasks)
{
  g_autoptr(GPtrArray) stored = ovs_task_store_dup_group (fixture->net.store, group_id);

  g_assert_cmpuint (stored->len, ==, tasks->len);
  for (guint i = 0; i < stored->len; i++)
    {
      OvsTask *task = g_ptr_array_index (stored, i);
      g_autofree char *received = NULL;
      g_autoptr(JsonNode) sent = NULL;
      g_autoptr(JsonNode) got = NULL;

      g_assert_cmpint (ovs_task_get_id (task), ==, ovs_task_get_id (g_ptr_array_index (tasks, i)));
      g_assert_cmpstr (ovs_task_get_group_kind (task), ==, kind);
      g_assert_cmpint (ovs_task_get_group_index (task), ==, i);
      /* Accepted: the sandbox's id, and a status it gave. The tracker follows the first
       * tasks while the last are still being sent (every 50 ms here), so a busy machine may
       * already see one running. */
      g_assert_nonnull (ovs_task_get_task_id (task));
      g_assert_true (ovs_task_get_status (task) == OVS_TASK_STATUS_QUEUED
                     || ovs_task_get_status (task) == OVS_TASK_STATUS_RUNNING
                     || ovs_task_get_status (task) == OVS_TASK_STATUS_SUCCEEDED);
      received = ovs_sandbox_dup_task_body (fixture->net.sandbox, ovs_task_get_task_id (task));
      g_assert_nonnull (received);
      sent = json_from_string (ovs_task_get_request_json (task), NULL);
      got = json_from_string (received, NULL);
      g_assert_true (json_node_equal (sent, got));
    }
}

/* Every family's body to every family: one create each, after the whole group was written. */
static void
test_every_family_pair (Fixture       *fixture,
                        gconstpointer  data)
{
  guint creates = 0;

  for (guint s = 0; sources[s] != NULL; s++)
    {
      OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), sources[s]);
      g_autoptr(JsonNode) source = ovs_scenario_dup_example (scenario);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source,
                                                         one_per_family, &error);
      g_autoptr(GPtrArray) tasks = NULL;
      g_autofree char *group_id = NULL;

      g_assert_no_error (error);
      g_array_set_size (fixture->creates_when_added, 0);
      tasks = send_group (fixture, OVS_GROUP_KIND_COMPARE, bodies, &group_id);
      g_assert_true (g_str_has_prefix (group_id, "compare-"));

      /* journal before POST: all five rows were there before the first create */
      g_assert_cmpuint (fixture->creates_when_added->len, ==, 5);
      for (guint i = 0; i < 5; i++)
        g_assert_cmpuint (g_array_index (fixture->creates_when_added, guint, i), ==, creates);
      creates += 5;
      g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->net.sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, creates);
      for (guint i = 0; i < tasks->len; i++)
        g_assert_cmpstr (ovs_task_get_model (g_ptr_array_index (tasks, i)), ==, one_per_family[i]);
      assert_group_stored (fixture, group_id, OVS_GROUP_KIND_COMPARE, tasks);
    }
}

/* A create without a clear answer stays unknown; the others go on; nothing is sent twice. */
static void
test_create_not_retried (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const models[] = { "Kling-3.0", "Veo-3", "Vidu-q2", NULL };
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "text-to-video");
  g_autoptr(JsonNode) source = ovs_scenario_dup_example (scenario);
  g_autoptr(GPtrArray) bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source, models, NULL);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *group_id = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  guint n_unknown = 0;

  ovs_sandbox_inject_fault (fixture->net.sandbox, OVS_SANDBOX_FAULT_DROP, OVS_SANDBOX_ROUTE_CREATE, 1);
  tasks = send_group (fixture, OVS_GROUP_KIND_COMPARE, bodies, &group_id);
  g_assert_cmpuint (ovs_sandbox_get_n_requests (fixture->net.sandbox, OVS_SANDBOX_ROUTE_CREATE), ==, 3);
  for (guint i = 0; i < tasks->len; i++)
    if (ovs_task_get_status (g_ptr_array_index (tasks, i)) == OVS_TASK_STATUS_UNKNOWN)
      n_unknown++;
  g_assert_cmpuint (n_unknown, ==, 1);
  stored = ovs_task_store_dup_group (fixture->net.store, group_id);
  g_assert_cmpuint (stored->len, ==, 3);
}

/* Variants: N creates of one model, each with its own seed where the model has one. */
static void
test_variants (Fixture       *fixture,
               gconstpointer  data)
{
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "seedance-text-to-video");
  g_autoptr(JsonNode) source = ovs_scenario_dup_example (scenario);
  g_autoptr(GPtrArray) bodies = ovs_compare_variants (ovs_catalog_get_default (), source, 3, 41, NULL);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *group_id = NULL;

  tasks = send_group (fixture, OVS_GROUP_KIND_VARIANTS, bodies, &group_id);
  g_assert_true (g_str_has_prefix (group_id, "variants-"));
  assert_group_stored (fixture, group_id, OVS_GROUP_KIND_VARIANTS, tasks);
  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *received = ovs_sandbox_dup_task_body (fixture->net.sandbox, ovs_task_get_task_id (task));
      g_autoptr(JsonNode) got = json_from_string (received, NULL);

      g_assert_cmpint (json_node_get_int (ovs_json_get_path (got, "metadata.seed")), ==, 41 + i);
    }
}

static void
submitted_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OvsTask **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ovs_tracker_submit_finish (OVS_TRACKER (source), result, &error);
  g_assert_no_error (error);
}

/* Bodies of megabytes (an inline image) are read in a worker, the single submit's before the
 * group's, which was sent after it: the history keeps them in that order, each task with
 * its model and prompt, its body whole and a short summary for its row. */
static void
test_large_bodies_in_order (Fixture       *fixture,
                            gconstpointer  data)
{
  const char * const models[] = { "Kling-3.0-omni", "Vidu-q2", "Veo-3.1", NULL };
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "image-to-video");
  g_autoptr(JsonNode) source = ovs_scenario_dup_example (scenario);
  g_autoptr(GString) image = g_string_new ("data:image/png;base64,");
  g_autoptr(GPtrArray) bodies = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(OvsTask) single = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *single_body = NULL;
  JsonArray *images;

  for (guint i = 0; i < 8 * 1024 * 1024; i++)
    g_string_append_c (image, "iVBO"[i % 4]);
  images = json_object_get_array_member (json_node_get_object (source), "images");
  json_array_remove_element (images, 0);
  json_array_add_string_element (images, image->str);
  single_body = json_to_string (source, FALSE);
  bodies = ovs_compare_fan_out (ovs_catalog_get_default (), source, models, &error);
  g_assert_no_error (error);

  ovs_tracker_submit_async (fixture->net.tracker, "image-to-video", single_body, NULL,
                            submitted_cb, &single);
  ovs_group_send_async (fixture->net.tracker, OVS_GROUP_KIND_COMPARE, bodies, NULL, sent_cb,
                        &result);
  /* Busy at once: both are on their way to being written down. */
  g_assert_cmpuint (ovs_tracker_get_n_busy (fixture->net.tracker), ==, 2);
  while (result == NULL || single == NULL)
    g_main_context_iteration (NULL, TRUE);
  tasks = ovs_group_send_finish (fixture->net.tracker, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);

  for (guint i = 0; i < tasks->len; i++)
    {
      OvsTask *task = g_ptr_array_index (tasks, i);
      const char *summary = ovs_task_get_request_summary (task);

      g_assert_cmpint (ovs_task_get_id (task), >, ovs_task_get_id (single));
      g_assert_cmpstr (ovs_task_get_model (task), ==, models[i]);
      g_assert_cmpstr (ovs_task_get_prompt (task), ==, ovs_task_get_prompt (single));
      /* Accepted by the sandbox: its answer gave the task an id. */
      g_assert_nonnull (ovs_task_get_task_id (task));
      g_assert_cmpuint (strlen (ovs_task_get_request_json (task)), >, 8 * 1024 * 1024);
      g_assert_cmpuint (strlen (summary), <, 2048);
      g_assert_nonnull (strstr (summary, "(6.3"));
    }
  g_assert_nonnull (ovs_task_get_prompt (single));
  g_assert_nonnull (ovs_task_get_task_id (single));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

  g_test_add ("/group/every-family-pair", Fixture, NULL, fixture_set_up, test_every_family_pair,
              fixture_tear_down);
  g_test_add ("/group/create-not-retried", Fixture, NULL, fixture_set_up, test_create_not_retried,
              fixture_tear_down);
  g_test_add ("/group/variants", Fixture, NULL, fixture_set_up, test_variants, fixture_tear_down);
  g_test_add ("/group/large-bodies-in-order", Fixture, NULL, fixture_set_up,
              test_large_bodies_in_order, fixture_tear_down);

  return g_test_run ();
}
