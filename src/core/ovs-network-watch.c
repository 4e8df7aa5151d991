/* ovs-network-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tracker asks this object, rather than the monitors themselves, so that its own code
 * keeps one question per decision (may I poll? how often? may I download?) and tests can
 * hand it a network monitor of their own.
 */
#define G_LOG_DOMAIN "ovs-network-watch"

#include "config.h"

#include "ovs-network-watch.h"

struct _OvsNetworkWatch
{
  GObject               parent_instance;

  GNetworkMonitor      *network;
  GPowerProfileMonitor *power;
  gboolean              online;
  gboolean              power_saver;
  gboolean              metered;
  gboolean              download_on_metered;
  gboolean              exempt_loopback;
};

G_DEFINE_FINAL_TYPE (OvsNetworkWatch, ovs_network_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_POWER_SAVER,
  PROP_METERED,
  PROP_DOWNLOAD_ON_METERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_flag (OvsNetworkWatch *self,
          gboolean        *field,
          gboolean         value,
          guint            prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
network_changed_cb (OvsNetworkWatch *self)
{
  set_flag (self, &self->metered, g_network_monitor_get_network_metered (self->network),
            PROP_METERED);
  set_flag (self, &self->online, g_network_monitor_get_network_available (self->network),
            PROP_ONLINE);
}

static void
power_changed_cb (OvsNetworkWatch *self)
{
  set_flag (self, &self->power_saver,
            self->power != NULL && g_power_profile_monitor_get_power_saver_enabled (self->power),
            PROP_POWER_SAVER);
}

static void
ovs_network_watch_dispose (GObject *object)
{
  OvsNetworkWatch *self = OVS_NETWORK_WATCH (object);

  if (self->network != NULL)
    g_signal_handlers_disconnect_by_data (self->network, self);
  if (self->power != NULL)
    g_signal_handlers_disconnect_by_data (self->power, self);
  g_clear_object (&self->network);
  g_clear_object (&self->power);

  G_OBJECT_CLASS (ovs_network_watch_parent_class)->dispose (object);
}

static void
ovs_network_watch_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OvsNetworkWatch *self = OVS_NETWORK_WATCH (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_POWER_SAVER:
      g_value_set_boolean (value, self->power_saver);
      break;
    case PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case PROP_DOWNLOAD_ON_METERED:
      g_value_set_boolean (value, self->download_on_metered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_network_watch_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OvsNetworkWatch *self = OVS_NETWORK_WATCH (object);

  switch (prop_id)
    {
    case PROP_DOWNLOAD_ON_METERED:
      set_flag (self, &self->download_on_metered, g_value_get_boolean (value),
                PROP_DOWNLOAD_ON_METERED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_network_watch_class_init (OvsNetworkWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = ovs_network_watch_dispose;
  object_class->get_property = ovs_network_watch_get_property;
  object_class->set_property = ovs_network_watch_set_property;

  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, TRUE,
                                                  G_PARAM_READABLE | flags);
  properties[PROP_POWER_SAVER] = g_param_spec_boolean ("power-saver", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | flags);
  properties[PROP_METERED] = g_param_spec_boolean ("metered", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | flags);
  properties[PROP_DOWNLOAD_ON_METERED] = g_param_spec_boolean ("download-on-metered", NULL, NULL,
                                                               FALSE, G_PARAM_READWRITE | flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_network_watch_init (OvsNetworkWatch *self)
{
  self->online = TRUE;
  self->exempt_loopback = TRUE;
}

OvsNetworkWatch *
ovs_network_watch_new (GNetworkMonitor      *network,
                       GPowerProfileMonitor *power)
{
  OvsNetworkWatch *self = g_object_new (OVS_TYPE_NETWORK_WATCH, NULL);

  g_return_val_if_fail (network == NULL || G_IS_NETWORK_MONITOR (network), NULL);
  g_return_val_if_fail (power == NULL || G_IS_POWER_PROFILE_MONITOR (power), NULL);

  self->network = network != NULL ? g_object_ref (network)
                                   : g_object_ref (g_network_monitor_get_default ());
  self->power = power != NULL ? g_object_ref (power) : g_power_profile_monitor_dup_default ();

  g_signal_connect_swapped (self->network, "notify::network-available",
                            G_CALLBACK (network_changed_cb), self);
  g_signal_connect_swapped (self->network, "notify::network-metered",
                            G_CALLBACK (network_changed_cb), self);
  if (self->power != NULL)
    g_signal_connect_swapped (self->power, "notify::power-saver-enabled",
                              G_CALLBACK (power_changed_cb), self);
  network_changed_cb (self);
  power_changed_cb (self);
  return self;
}

gboolean
ovs_network_watch_get_online (OvsNetworkWatch *self)
{
  g_return_val_if_fail (OVS_IS_NETWORK_WATCH (self), TRUE);
  return self->online;
}

static gboolean
is_loopback (const char *base_url)
{
  g_autoptr(GUri) uri = base_url != NULL ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
ovs_network_watch_may_reach (OvsNetworkWatch *self,
                             const char      *base_url)
{
  g_return_val_if_fail (OVS_IS_NETWORK_WATCH (self), TRUE);
  return self->online || (self->exempt_loopback && is_loopback (base_url));
}

/* On by default. A test turns it off so that its loopback sandbox stands for a gateway
 * out on the network. */
void
ovs_network_watch_set_exempt_loopback (OvsNetworkWatch *self,
                                       gboolean         exempt)
{
  g_return_if_fail (OVS_IS_NETWORK_WATCH (self));
  self->exempt_loopback = exempt;
}

double
ovs_network_watch_get_poll_factor (OvsNetworkWatch *self)
{
  g_return_val_if_fail (OVS_IS_NETWORK_WATCH (self), 1.0);
  return self->power_saver ? OVS_POWER_SAVER_POLL_FACTOR : 1.0;
}

gboolean
ovs_network_watch_get_metered (OvsNetworkWatch *self)
{
  g_return_val_if_fail (OVS_IS_NETWORK_WATCH (self), FALSE);
  return self->metered;
}

gboolean
ovs_network_watch_may_auto_download (OvsNetworkWatch *self)
{
  g_return_val_if_fail (OVS_IS_NETWORK_WATCH (self), TRUE);
  return !self->metered || self->download_on_metered;
}
