/* test-network.c: the tracker and the network: offline, back online, power saver, metered
 *
 * The network and the power profile are played by monitors of this test (GNetworkMonitor
 * and GPowerProfileMonitor implementations whose state it sets); the gateway is the
 * sandbox over loopback, the history a real SQLite file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-network-watch.h"
#include "ovs-sandbox.h"
#include "ovs-task-store.h"
#include "ovs-test-net.h"
#include "ovs-test-util.h"
#include "ovs-tracker.h"

/* A network monitor whose state the test sets */

#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
  gboolean metered;
};

enum {
  NET_PROP_0,
  NET_PROP_AVAILABLE,
  NET_PROP_METERED,
  NET_PROP_CONNECTIVITY,
};

static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);
static void test_network_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_network_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_network_monitor_iface_init))

static gboolean
test_network_monitor_initable (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_initable;
}

static gboolean
test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                GSocketConnectable  *connectable,
                                GCancellable        *cancellable,
                                GError             **error)
{
  if (TEST_NETWORK_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "offline");
  return FALSE;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = test_network_monitor_can_reach;
}

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case NET_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case NET_PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case NET_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;
  g_object_class_override_property (object_class, NET_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, NET_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, NET_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
  self->available = TRUE;
}

/* As GLib's monitors do: the property changes, then network-changed. */
static void
test_network_monitor_set (TestNetworkMonitor *self,
                          gboolean            available,
                          gboolean            metered)
{
  if (self->available != available)
    {
      self->available = available;
      g_object_notify (G_OBJECT (self), "network-available");
      g_object_notify (G_OBJECT (self), "connectivity");
    }
  if (self->metered != metered)
    {
      self->metered = metered;
      g_object_notify (G_OBJECT (self), "network-metered");
    }
  g_signal_emit_by_name (self, "network-changed", available);
}

/* A power profile monitor whose state the test sets */

#define TEST_TYPE_POWER_MONITOR (test_power_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestPowerMonitor, test_power_monitor, TEST, POWER_MONITOR, GObject)

struct _TestPowerMonitor
{
  GObject  parent_instance;
  gboolean power_saver;
};

static void test_power_monitor_iface_init (GPowerProfileMonitorInterface *iface);
static void test_power_monitor_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPowerMonitor, test_power_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_power_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_POWER_PROFILE_MONITOR, test_power_monitor_iface_init))

static void
test_power_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_initable;
}

static void
test_power_monitor_iface_init (GPowerProfileMonitorInterface *iface)
{
}

static void
test_power_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  g_value_set_boolean (value, TEST_POWER_MONITOR (object)->power_saver);
}

static void
test_power_monitor_class_init (TestPowerMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_power_monitor_get_property;
  g_object_class_override_property (object_class, 1, "power-saver-enabled");
}

static void
test_power_monitor_init (TestPowerMonitor *self)
{
}

/* The fixture: sandbox, history, tracker, and the watch over the test's monitors */

typedef struct
{
  OvsTestNet          net;
  TestNetworkMonitor *network;
  TestPowerMonitor   *power;
  OvsNetworkWatch    *watch;
} Fixture;

static const char *clip_body =
  "{\"model\":\"Kling-3.0-omni\",\"resolution\":\"720p\",\"prompt\":\"断网又恢复\",\"seconds\":\"2\","
  "\"aspect_ratio\":\"9:16\",\"images\":[\"https://example.com/a.png\"],\"audio_generation\":\"Enabled\","
  "\"input_region\":\"Mainland\"}";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ovs_test_net_set_up (&f->net, "ovs-network-XXXXXX", ovs_test_sandbox_new (0.05, NULL), NULL);
  f->network = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  f->power = g_object_new (TEST_TYPE_POWER_MONITOR, NULL);
  f->watch = ovs_network_watch_new (G_NETWORK_MONITOR (f->network),
                                    G_POWER_PROFILE_MONITOR (f->power));
  /* The sandbox on loopback stands for a gateway out on the network. */
  ovs_network_watch_set_exempt_loopback (f->watch, GPOINTER_TO_INT (data) == 0);
  ovs_tracker_set_network_watch (f->net.tracker, f->watch);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* The tracker first: it holds the watch. */
  g_clear_object (&f->net.tracker);
  g_clear_object (&f->watch);
  g_clear_object (&f->network);
  g_clear_object (&f->power);
  ovs_test_net_tear_down (&f->net);
}

static gboolean
spin_until_finished (Fixture *f,
                     guint    count,
                     guint    timeout_s)
{
  return ovs_test_net_wait_finished (&f->net, count, timeout_s);
}

static OvsTask *
submit (Fixture *f)
{
  OvsTask *task = ovs_test_net_submit (&f->net, "audio-video", clip_body);

  g_assert_nonnull (ovs_task_get_task_id (task));
  return task;
}

static guint
queries (Fixture *f)
{
  return ovs_sandbox_get_n_requests (f->net.sandbox, OVS_SANDBOX_ROUTE_QUERY);
}

/* Offline: no query goes out, however long. Back online: the task is asked at once, not
 * after its next backoff step (set to ten minutes while offline, far beyond the test's
 * patience: a task left to its timer would never be asked again here). */
static void
test_offline_then_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OvsTask) task = submit (f);
  guint before;

  /* Followed normally first. */
  while (queries (f) < 2)
    g_main_context_iteration (NULL, TRUE);

  test_network_monitor_set (f->network, FALSE, FALSE);
  g_assert_false (ovs_network_watch_get_online (f->watch));
  /* A query that was on its way may still land; then nothing more. */
  ovs_test_loop_for (300);
  before = queries (f);
  ovs_tracker_set_schedule (f->net.tracker, 600, 600);
  ovs_test_loop_for (1500);
  g_assert_cmpuint (queries (f), ==, before);
  g_assert_false (ovs_task_is_finished (task));
  /* Still followed: the application stays busy while it waits for the network. */
  g_assert_cmpuint (ovs_tracker_get_n_busy (f->net.tracker), >, 0);

  /* The query goes out now; its answer (the sandbox may still be rendering) is followed
   * at the usual pace again. */
  test_network_monitor_set (f->network, TRUE, FALSE);
  ovs_tracker_set_schedule (f->net.tracker, 0.05, 0.2);
  g_assert_true (spin_until_finished (f, 1, 60));
  g_assert_cmpuint (queries (f), >, before);
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
}

/* A server on this computer (the built-in sandbox) answers without a network: offline
 * does not stop its tasks. */
static void
test_offline_loopback (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(OvsTask) task = NULL;

  test_network_monitor_set (f->network, FALSE, FALSE);
  task = submit (f);
  g_assert_true (spin_until_finished (f, 1, 60));
  g_assert_cmpint (ovs_task_get_status (task), ==, OVS_TASK_STATUS_SUCCEEDED);
}

static void
test_power_saver (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_cmpfloat (ovs_network_watch_get_poll_factor (f->watch), ==, 1.0);
  f->power->power_saver = TRUE;
  g_object_notify (G_OBJECT (f->power), "power-saver-enabled");
  g_assert_cmpfloat (ovs_network_watch_get_poll_factor (f->watch), ==, OVS_POWER_SAVER_POLL_FACTOR);
  f->power->power_saver = FALSE;
  g_object_notify (G_OBJECT (f->power), "power-saver-enabled");
  g_assert_cmpfloat (ovs_network_watch_get_poll_factor (f->watch), ==, 1.0);
}

/* Metered: the finished video waits for the user (a note says why); allowed, it comes. */
static void
test_metered (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(OvsTask) first = NULL;
  g_autoptr(OvsTask) second = NULL;

  ovs_tracker_set_auto_download (f->net.tracker, TRUE);
  test_network_monitor_set (f->network, TRUE, TRUE);
  g_assert_true (ovs_network_watch_get_metered (f->watch));

  first = submit (f);
  g_assert_true (spin_until_finished (f, 1, 60));
  g_assert_cmpint (ovs_task_get_status (first), ==, OVS_TASK_STATUS_SUCCEEDED);
  g_assert_null (ovs_task_get_file (first));
  g_assert_cmpuint (ovs_sandbox_get_n_requests (f->net.sandbox, OVS_SANDBOX_ROUTE_DOWNLOAD), ==, 0);
  g_assert_nonnull (strstr (ovs_task_get_note (first), "metered"));

  g_object_set (f->watch, "download-on-metered", TRUE, NULL);
  second = submit (f);
  g_assert_true (spin_until_finished (f, 2, 60));
  g_assert_nonnull (ovs_task_get_file (second));
  g_assert_true (g_file_test (ovs_task_get_file (second), G_FILE_TEST_IS_REGULAR));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  ovs_core_init ();

#define ADD(path, func, remote) \
  g_test_add ("/network/" path, Fixture, GINT_TO_POINTER (remote), fixture_set_up, func, fixture_tear_down)
  ADD ("offline-then-online", test_offline_then_online, 1);
  ADD ("offline-loopback", test_offline_loopback, 0);
  ADD ("power-saver", test_power_saver, 0);
  ADD ("metered", test_metered, 0);
#undef ADD

  return g_test_run ();
}
