/* ovs-secret.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ovs-secret.h"

/* Set once a keyring failed to answer; from then on keys live in memory_keys only. */
static gboolean memory_only;
static GHashTable *memory_keys; /* endpoint → key */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.omnivideo.Studio.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "endpoint", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

void
ovs_secret_free (char *key)
{
  if (key != NULL)
    {
      explicit_bzero (key, strlen (key));
      g_free (key);
    }
}

static GHashTable *
get_memory_keys (void)
{
  if (memory_keys == NULL)
    memory_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) ovs_secret_free);
  return memory_keys;
}

gboolean
ovs_secret_is_memory_only (void)
{
  return memory_only;
}

/* Any failure but our own cancellation means no keyring answers: the service is missing,
 * the bus is, or the keyring could not be unlocked. libsecret's messages never hold the
 * secret itself. */
static gboolean
fall_back_to_memory (GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;

  if (!memory_only)
    g_debug ("No keyring answered (%s): keeping API keys in memory for this run",
             error->message);
  memory_only = TRUE;
  return TRUE;
}

static GTask *
new_task (const char          *endpoint,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (endpoint), g_free);
  return task;
}

/* A keyring that failed is left for this run (fall_back_to_memory): TRUE when the operation
 * is to be done in memory, FALSE when @task has been answered with the error (a cancel). */
static gboolean
keep_in_memory (GTask   *task,
                GError **error)
{
  if (fall_back_to_memory (*error))
    return TRUE;
  g_task_return_error (task, g_steal_pointer (error));
  return FALSE;
}

/* Lookup */

static void
lookup_in_memory (GTask *task)
{
  g_task_return_pointer (task,
                         g_strdup (g_hash_table_lookup (get_memory_keys (),
                                                        g_task_get_task_data (task))),
                         (GDestroyNotify) ovs_secret_free);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_finish (result, &error);

  if (error == NULL)
    g_task_return_pointer (task, key, (GDestroyNotify) ovs_secret_free);
  else if (keep_in_memory (task, &error))
    lookup_in_memory (task);
}

void
ovs_secret_lookup_async (const char          *endpoint,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (endpoint != NULL);

  task = new_task (endpoint, cancellable, callback, user_data, ovs_secret_lookup_async);
  if (memory_only)
    {
      lookup_in_memory (task);
      return;
    }
  secret_password_lookup (get_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "endpoint", endpoint,
                          NULL);
}

char *
ovs_secret_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_secret_lookup_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Store */

typedef struct
{
  char *endpoint;
  char *key;
} StoreData;

static void
store_data_free (StoreData *data)
{
  g_free (data->endpoint);
  ovs_secret_free (data->key);
  g_free (data);
}

static void
store_in_memory (GTask *task)
{
  StoreData *data = g_task_get_task_data (task);

  g_hash_table_replace (get_memory_keys (), g_strdup (data->endpoint), g_strdup (data->key));
  g_task_return_boolean (task, TRUE);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else if (keep_in_memory (task, &error))
    store_in_memory (task);
}

void
ovs_secret_store_async (const char          *endpoint,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;
  StoreData *data;

  g_return_if_fail (endpoint != NULL);
  g_return_if_fail (key != NULL && *key != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ovs_secret_store_async);
  data = g_new0 (StoreData, 1);
  data->endpoint = g_strdup (endpoint);
  data->key = g_strdup (key);
  g_task_set_task_data (task, data, (GDestroyNotify) store_data_free);

  if (memory_only)
    {
      store_in_memory (task);
      return;
    }

  /* Translators: the name of the key in the keyring (Passwords and Keys); %s is a URL */
  label = g_strdup_printf (_("Omni Video Studio API key for %s"), endpoint);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, key, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "endpoint", endpoint,
                         NULL);
}

gboolean
ovs_secret_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_secret_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Clear */

static void
clear_in_memory (GTask *task)
{
  g_hash_table_remove (get_memory_keys (), g_task_get_task_data (task));
  g_task_return_boolean (task, TRUE);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE with no error: there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error == NULL)
    g_task_return_boolean (task, TRUE);
  else if (keep_in_memory (task, &error))
    clear_in_memory (task);
}

void
ovs_secret_clear_async (const char          *endpoint,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (endpoint != NULL);

  task = new_task (endpoint, cancellable, callback, user_data, ovs_secret_clear_async);
  if (memory_only)
    {
      clear_in_memory (task);
      return;
    }
  secret_password_clear (get_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "endpoint", endpoint,
                         NULL);
}

gboolean
ovs_secret_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ovs_secret_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
