/* ovs-endpoint.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-endpoint"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-core.h"
#include "ovs-endpoint.h"
#include "ovs-error.h"
#include "ovs-sandbox-thread.h"
#include "ovs-secret.h"

/* Later queries back off to this many seconds (the schema's description says so). */
#define LONGEST_POLL_INTERVAL 30.0

struct _OvsEndpoint
{
  GObject          parent_instance;

  GSettings       *settings;
  OvsSandboxThread *sandbox;      /* the built-in sandbox, in a thread of its own */
  OvsClient       *client;
  char            *client_key;     /* the key @client was made with */
  OvsTracker      *tracker;        /* weak */

  GHashTable      *keys;           /* remote base URL → key, for the keys known */
  GHashTable      *looked_up;      /* remote base URLs whose key was looked up */
  GCancellable    *lookup_cancellable;
  char            *lookup_url;     /* the base URL being looked up */

  OvsEndpointKind  kind;
  OvsRoute         route;
  char            *remote_url;     /* the chosen remote base URL, normalized; NULL for none */
  char            *base_url;
  char            *label;
  char            *url_error;
  gboolean         using_sandbox;
  gboolean         has_key;
  gboolean         memory_only;
  gboolean         ready;
  gboolean         needs_key;
  gboolean         shut_down;      /* ovs_endpoint_shutdown (): no sandbox any more */
};

G_DEFINE_FINAL_TYPE (OvsEndpoint, ovs_endpoint, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OvsEndpointKind, ovs_endpoint_kind,
  G_DEFINE_ENUM_VALUE (OVS_ENDPOINT_SANDBOX, "sandbox"),
  G_DEFINE_ENUM_VALUE (OVS_ENDPOINT_OMNIROUTERS, "omnirouters"),
  G_DEFINE_ENUM_VALUE (OVS_ENDPOINT_CUSTOM, "custom"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_BASE_URL,
  PROP_LABEL,
  PROP_USING_SANDBOX,
  PROP_HAS_KEY,
  PROP_KEY_MEMORY_ONLY,
  PROP_READY,
  PROP_NEEDS_KEY,
  PROP_URL_ERROR,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update (OvsEndpoint *self);

/* Checking a base URL */

/* The client decides what it accepts; a placeholder key makes it check the URL alone. */
static char *
normalize_base_url (const char  *base_url,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (base_url != NULL ? base_url : ""));
  g_autoptr(OvsClient) client = NULL;

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID, _("No base URL is set"));
      return NULL;
    }
  client = ovs_client_new_full (trimmed, "placeholder", FALSE, error);
  if (client == NULL)
    return NULL;
  return g_strdup (ovs_client_get_base_url (client));
}

gboolean
ovs_endpoint_check_base_url (const char  *base_url,
                             GError     **error)
{
  g_autofree char *normalized = normalize_base_url (base_url, error);

  return normalized != NULL;
}

/* "gateway.example.com", or with its port when it has one */
static char *
dup_host_label (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (base_url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* The sandbox */

static const char *
ensure_sandbox (OvsEndpoint *self)
{
  g_autoptr(GError) error = NULL;

  if (self->shut_down)
    return NULL;
  if (self->sandbox == NULL
      && (self->sandbox = ovs_sandbox_thread_start (&error)) == NULL)
    g_message ("Could not start the built-in sandbox: %s", error->message);
  return self->sandbox != NULL ? ovs_sandbox_thread_get_base_url (self->sandbox) : NULL;
}

static void cancel_lookup (OvsEndpoint *self);

void
ovs_endpoint_shutdown (OvsEndpoint *self)
{
  g_return_if_fail (OVS_IS_ENDPOINT (self));

  self->shut_down = TRUE;
  cancel_lookup (self);
  g_clear_pointer (&self->sandbox, ovs_sandbox_thread_stop);
}

/* Key lookups */

typedef struct
{
  OvsEndpoint *self;
  char        *url;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_free (lookup->url);
  g_free (lookup);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;
  OvsEndpoint *self = lookup->self;
  g_autoptr(GError) error = NULL;
  char *key = ovs_secret_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      lookup_free (lookup);
      return;
    }
  if (error != NULL)
    g_debug ("Could not look up the key of %s: %s", lookup->url, error->message);

  if (g_strcmp0 (self->lookup_url, lookup->url) == 0)
    {
      g_clear_pointer (&self->lookup_url, g_free);
      g_clear_object (&self->lookup_cancellable);
    }
  g_hash_table_add (self->looked_up, g_strdup (lookup->url));
  if (key != NULL && *key != '\0')
    g_hash_table_replace (self->keys, g_strdup (lookup->url), g_steal_pointer (&key));
  ovs_secret_free (key);

  update (self);
  lookup_free (lookup);
}

static void
cancel_lookup (OvsEndpoint *self)
{
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->lookup_url, g_free);
}

static void
start_lookup (OvsEndpoint *self,
              const char  *url)
{
  Lookup *lookup;

  if (g_strcmp0 (self->lookup_url, url) == 0)
    return;

  cancel_lookup (self);
  self->lookup_cancellable = g_cancellable_new ();
  self->lookup_url = g_strdup (url);

  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->url = g_strdup (url);
  ovs_secret_lookup_async (url, self->lookup_cancellable, lookup_cb, lookup);
}

/* The state */

static gboolean
set_string (OvsEndpoint  *self,
            char        **field,
            const char   *value,
            int           prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static gboolean
set_boolean (OvsEndpoint *self,
             gboolean    *field,
             gboolean     value,
             int          prop)
{
  value = !!value;
  if (*field == value)
    return FALSE;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
apply_tracker_client (OvsEndpoint *self)
{
  if (self->tracker != NULL && self->client != NULL)
    ovs_tracker_set_client (self->tracker, self->client);
  /* The built-in sandbox's tasks die with this process: the tracker marks them. */
  if (self->tracker != NULL)
    ovs_tracker_set_ephemeral_base_url (self->tracker, ovs_endpoint_get_sandbox_base_url (self));
}

static gboolean
update_client (OvsEndpoint *self,
               const char  *key)
{
  g_autoptr(GError) error = NULL;

  if (self->client != NULL
      && g_strcmp0 (ovs_client_get_base_url (self->client), self->base_url) == 0
      && g_strcmp0 (self->client_key, key) == 0
      && ovs_client_get_route (self->client) == self->route)
    return FALSE;

  g_clear_object (&self->client);
  g_clear_pointer (&self->client_key, ovs_secret_free);
  if (self->base_url != NULL)
    {
      self->client = ovs_client_new_full (self->base_url, key, FALSE, &error);
      if (self->client == NULL)
        g_message ("Could not make a client for %s: %s", self->base_url, error->message);
      else
        {
          ovs_client_set_route (self->client, self->route);
          self->client_key = g_strdup (key);
        }
    }

  apply_tracker_client (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  return TRUE;
}

/* The server the settings name, NULL for the sandbox (also for an unknown @kind, which
 * becomes OVS_ENDPOINT_SANDBOX); @error says what is wrong with a custom URL. */
static char *
settings_remote_url (OvsEndpoint      *self,
                     OvsEndpointKind  *kind,
                     GError          **error)
{
  switch (*kind)
    {
    case OVS_ENDPOINT_OMNIROUTERS:
      return g_strdup (OVS_CLIENT_DEFAULT_BASE_URL);

    case OVS_ENDPOINT_CUSTOM:
      {
        g_autofree char *custom = g_settings_get_string (self->settings, "custom-base-url");

        return normalize_base_url (custom, error);
      }

    case OVS_ENDPOINT_SANDBOX:
    default:
      *kind = OVS_ENDPOINT_SANDBOX;
      return NULL;
    }
}

/* Reads the settings and what is known of the keys, and brings every property in line. */
static void
update (OvsEndpoint *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *label = NULL;
  OvsEndpointKind kind = g_settings_get_enum (self->settings, "endpoint");
  const char *key = NULL;
  const char *base_url;
  gboolean changed = FALSE;
  gboolean ready;
  gboolean direct;

  g_object_freeze_notify (G_OBJECT (self));

  remote = settings_remote_url (self, &kind, &error);

  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
      changed = TRUE;
    }
  self->route = g_settings_get_enum (self->settings, "route");
  changed |= set_string (self, &self->url_error, error != NULL ? error->message : NULL,
                         PROP_URL_ERROR);
  g_free (self->remote_url);
  self->remote_url = g_strdup (remote);

  if (remote != NULL)
    {
      if (!g_hash_table_contains (self->looked_up, remote))
        start_lookup (self, remote);
      else if (g_strcmp0 (self->lookup_url, remote) != 0)
        cancel_lookup (self);
      key = g_hash_table_lookup (self->keys, remote);
    }
  else
    cancel_lookup (self);
  ready = remote == NULL || g_hash_table_contains (self->looked_up, remote);
  /* A server on this computer (an `omni-video sandbox` of one's own) needs no key. */
  direct = remote != NULL && (key != NULL || ovs_client_url_is_loopback (remote));

  if (direct)
    {
      base_url = remote;
      if (kind == OVS_ENDPOINT_OMNIROUTERS)
        label = g_strdup (_("OmniRouters"));
      else
        label = dup_host_label (remote);
    }
  else
    {
      base_url = ensure_sandbox (self);
      label = g_strdup (_("Sandbox"));
    }

  changed |= set_string (self, &self->base_url, base_url, PROP_BASE_URL);
  changed |= set_string (self, &self->label, label, PROP_LABEL);
  changed |= set_boolean (self, &self->using_sandbox, !direct, PROP_USING_SANDBOX);
  changed |= set_boolean (self, &self->has_key, key != NULL, PROP_HAS_KEY);
  changed |= set_boolean (self, &self->memory_only, ovs_secret_is_memory_only (),
                          PROP_KEY_MEMORY_ONLY);
  changed |= set_boolean (self, &self->ready, ready, PROP_READY);
  changed |= set_boolean (self, &self->needs_key, remote != NULL && ready && !direct,
                          PROP_NEEDS_KEY);
  changed |= update_client (self, key);

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
settings_changed_cb (OvsEndpoint *self,
                     const char  *key)
{
  if (g_str_equal (key, "endpoint") || g_str_equal (key, "custom-base-url")
      || g_str_equal (key, "route"))
    update (self);
}

/* Setting the key */

typedef struct
{
  char *url;
  char *key;
} SetKey;

static void
set_key_free (SetKey *data)
{
  g_free (data->url);
  ovs_secret_free (data->key);
  g_free (data);
}

static void
set_key_done (GTask    *task,
              gboolean  ok,
              GError   *error)
{
  OvsEndpoint *self = g_task_get_source_object (task);
  SetKey *data = g_task_get_task_data (task);

  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->key != NULL)
    g_hash_table_replace (self->keys, g_strdup (data->url), g_strdup (data->key));
  else
    g_hash_table_remove (self->keys, data->url);
  g_hash_table_add (self->looked_up, g_strdup (data->url));
  update (self);
  g_task_return_boolean (task, TRUE);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok = ovs_secret_store_finish (result, &error);

  set_key_done (task, ok, error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean ok = ovs_secret_clear_finish (result, &error);

  set_key_done (task, ok, error);
}

void
ovs_endpoint_set_key (OvsEndpoint         *self,
                      const char          *key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SetKey *data;

  g_return_if_fail (OVS_IS_ENDPOINT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_endpoint_set_key);

  if (self->remote_url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The built-in sandbox needs no key"));
      return;
    }

  data = g_new0 (SetKey, 1);
  data->url = g_strdup (self->remote_url);
  if (key != NULL && *key != '\0')
    data->key = g_strstrip (g_strdup (key));
  g_task_set_task_data (task, data, (GDestroyNotify) set_key_free);

  /* What the keyring said before no longer matters. */
  if (g_strcmp0 (self->lookup_url, data->url) == 0)
    cancel_lookup (self);

  if (data->key != NULL && *data->key != '\0')
    ovs_secret_store_async (data->url, data->key, cancellable, store_cb, g_steal_pointer (&task));
  else
    {
      g_clear_pointer (&data->key, ovs_secret_free);
      ovs_secret_clear_async (data->url, cancellable, clear_cb, g_steal_pointer (&task));
    }
}

gboolean
ovs_endpoint_set_key_finish (OvsEndpoint   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_endpoint_set_key, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Clients for tasks */

char *
ovs_endpoint_dup_key (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  if (self->base_url == NULL || self->using_sandbox)
    return NULL;
  return g_strdup (g_hash_table_lookup (self->keys, self->base_url));
}

const char *
ovs_endpoint_get_sandbox_base_url (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  return self->sandbox != NULL ? ovs_sandbox_thread_get_base_url (self->sandbox) : NULL;
}

OvsClient *
ovs_endpoint_dup_client_for (OvsEndpoint *self,
                             const char  *base_url)
{
  g_autoptr(GError) error = NULL;
  OvsClient *client = NULL;
  const char *key;

  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);

  if (base_url == NULL)
    return NULL;

  if (self->client != NULL && g_str_equal (ovs_client_get_base_url (self->client), base_url))
    return g_object_ref (self->client);

  if (self->sandbox != NULL
      && g_strcmp0 (ovs_sandbox_thread_get_base_url (self->sandbox), base_url) == 0)
    client = ovs_client_new_full (base_url, NULL, FALSE, &error);
  else if ((key = g_hash_table_lookup (self->keys, base_url)) != NULL)
    client = ovs_client_new_full (base_url, key, FALSE, &error);

  if (client == NULL)
    {
      if (error != NULL)
        g_debug ("No client for %s: %s", base_url, error->message);
      return NULL;
    }
  ovs_client_set_route (client, self->route);
  return client;
}

static OvsClient *
tracker_client_for (const char *base_url,
                    gpointer    user_data)
{
  return ovs_endpoint_dup_client_for (OVS_ENDPOINT (user_data), base_url);
}

static void
apply_tracker_settings (OvsEndpoint *self)
{
  g_autofree char *folder = NULL;

  if (self->tracker == NULL)
    return;

  folder = g_settings_get_string (self->settings, "download-folder");
  if (*folder == '\0')
    {
      g_free (folder);
      folder = ovs_core_dup_default_download_dir ();
    }
  ovs_tracker_set_download_dir (self->tracker, folder);
  ovs_tracker_set_auto_download (self->tracker,
                                 g_settings_get_boolean (self->settings, "auto-download"));
  ovs_tracker_set_schedule (self->tracker,
                            g_settings_get_uint (self->settings, "poll-interval"),
                            LONGEST_POLL_INTERVAL);
}

static void
tracker_settings_changed_cb (OvsEndpoint *self,
                             const char  *key)
{
  if (g_str_equal (key, "download-folder") || g_str_equal (key, "auto-download")
      || g_str_equal (key, "poll-interval"))
    apply_tracker_settings (self);
}

void
ovs_endpoint_bind_tracker (OvsEndpoint *self,
                           OvsTracker  *tracker)
{
  g_return_if_fail (OVS_IS_ENDPOINT (self));
  g_return_if_fail (tracker == NULL || OVS_IS_TRACKER (tracker));

  g_set_weak_pointer (&self->tracker, tracker);
  if (tracker == NULL)
    return;

  /* The function holds the endpoint; the endpoint does not hold the tracker. */
  ovs_tracker_set_client_func (tracker, tracker_client_for, g_object_ref (self), g_object_unref);
  apply_tracker_client (self);
  apply_tracker_settings (self);
}

/* GObject */

static void
ovs_endpoint_dispose (GObject *object)
{
  OvsEndpoint *self = OVS_ENDPOINT (object);

  cancel_lookup (self);
  g_clear_weak_pointer (&self->tracker);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->client);
  g_clear_pointer (&self->sandbox, ovs_sandbox_thread_stop);

  G_OBJECT_CLASS (ovs_endpoint_parent_class)->dispose (object);
}

static void
ovs_endpoint_finalize (GObject *object)
{
  OvsEndpoint *self = OVS_ENDPOINT (object);

  g_clear_pointer (&self->client_key, ovs_secret_free);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->looked_up, g_hash_table_unref);
  g_free (self->remote_url);
  g_free (self->base_url);
  g_free (self->label);
  g_free (self->url_error);

  G_OBJECT_CLASS (ovs_endpoint_parent_class)->finalize (object);
}

static void
ovs_endpoint_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OvsEndpoint *self = OVS_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_USING_SANDBOX:
      g_value_set_boolean (value, self->using_sandbox);
      break;
    case PROP_HAS_KEY:
      g_value_set_boolean (value, self->has_key);
      break;
    case PROP_KEY_MEMORY_ONLY:
      g_value_set_boolean (value, self->memory_only);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_NEEDS_KEY:
      g_value_set_boolean (value, self->needs_key);
      break;
    case PROP_URL_ERROR:
      g_value_set_string (value, self->url_error);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_endpoint_class_init (OvsEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ovs_endpoint_dispose;
  object_class->finalize = ovs_endpoint_finalize;
  object_class->get_property = ovs_endpoint_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, OVS_TYPE_ENDPOINT_KIND, OVS_ENDPOINT_SANDBOX, flags);
  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_USING_SANDBOX] =
    g_param_spec_boolean ("using-sandbox", NULL, NULL, TRUE, flags);
  properties[PROP_HAS_KEY] = g_param_spec_boolean ("has-key", NULL, NULL, FALSE, flags);
  properties[PROP_KEY_MEMORY_ONLY] =
    g_param_spec_boolean ("key-memory-only", NULL, NULL, FALSE, flags);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, TRUE, flags);
  properties[PROP_NEEDS_KEY] = g_param_spec_boolean ("needs-key", NULL, NULL, FALSE, flags);
  properties[PROP_URL_ERROR] = g_param_spec_string ("url-error", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, OVS_TYPE_CLIENT, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ovs_endpoint_init (OvsEndpoint *self)
{
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) ovs_secret_free);
  self->looked_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->using_sandbox = TRUE;
  self->ready = TRUE;

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (tracker_settings_changed_cb),
                            self);
  update (self);
}

OvsEndpoint *
ovs_endpoint_new (void)
{
  return g_object_new (OVS_TYPE_ENDPOINT, NULL);
}

OvsEndpointKind
ovs_endpoint_get_kind (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), OVS_ENDPOINT_SANDBOX);
  return self->kind;
}

const char *
ovs_endpoint_get_base_url (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  return self->base_url;
}

const char *
ovs_endpoint_get_label (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  return self->label;
}

gboolean
ovs_endpoint_get_using_sandbox (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), TRUE);
  return self->using_sandbox;
}

gboolean
ovs_endpoint_get_has_key (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), FALSE);
  return self->has_key;
}

gboolean
ovs_endpoint_get_key_memory_only (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), FALSE);
  return self->memory_only;
}

gboolean
ovs_endpoint_get_ready (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), TRUE);
  return self->ready;
}

gboolean
ovs_endpoint_get_needs_key (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), FALSE);
  return self->needs_key;
}

const char *
ovs_endpoint_get_url_error (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  return self->url_error;
}

OvsClient *
ovs_endpoint_get_client (OvsEndpoint *self)
{
  g_return_val_if_fail (OVS_IS_ENDPOINT (self), NULL);
  return self->client;
}
