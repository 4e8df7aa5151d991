/* ovs-prices.c: what a request will cost, from a price table the user can edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-prices"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ovs-catalog.h"
#include "ovs-error.h"
#include "ovs-json.h"
#include "ovs-prices.h"

typedef struct
{
  double per_call;
  double per_second;
} Price;

struct _OvsPrices
{
  GHashTable *by_key;  /* ovs_model_name_key () -> Price */
};

OvsPrices *
ovs_prices_new (void)
{
  OvsPrices *prices = g_new0 (OvsPrices, 1);

  prices->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return prices;
}

void
ovs_prices_free (OvsPrices *prices)
{
  if (prices == NULL)
    return;
  g_clear_pointer (&prices->by_key, g_hash_table_unref);
  g_free (prices);
}

/* A price member: absent is 0; anything but a finite number ≥ 0 is an error. */
static gboolean
read_amount (JsonObject  *object,
             const char  *model,
             const char  *member,
             double      *amount,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *amount = 0;
  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node)
      && (json_node_get_value_type (node) == G_TYPE_INT64
          || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    *amount = json_node_get_double (node);
  if (!JSON_NODE_HOLDS_VALUE (node) || !isfinite (*amount) || *amount < 0
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                   _("models.%s.%s: a price is a number of quota units, 0 or more"), model, member);
      return FALSE;
    }
  return TRUE;
}

OvsPrices *
ovs_prices_new_from_data (const char  *text,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(OvsPrices) prices = ovs_prices_new ();
  g_autoptr(JsonNode) root = ovs_json_parse_object (text, length, NULL, NULL, error);
  JsonNode *models;
  g_autoptr(GList) names = NULL;

  if (root == NULL)
    return NULL;
  models = json_object_get_member (json_node_get_object (root), "models");
  if (models == NULL || !JSON_NODE_HOLDS_OBJECT (models))
    {
      g_set_error_literal (error, OVS_ERROR, OVS_ERROR_INVALID,
                           _("models: the price table needs an object of models"));
      return NULL;
    }

  names = json_object_get_members (json_node_get_object (models));
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *entry = json_object_get_member (json_node_get_object (models), l->data);
      Price price;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       _("models.%s: an object with per_call and per_second"), (char *) l->data);
          return NULL;
        }
      if (!read_amount (json_node_get_object (entry), l->data, "per_call", &price.per_call, error)
          || !read_amount (json_node_get_object (entry), l->data, "per_second", &price.per_second,
                           error))
        return NULL;
      g_hash_table_replace (prices->by_key, ovs_model_name_key (l->data),
                            g_memdup2 (&price, sizeof price));
    }
  return g_steal_pointer (&prices);
}

OvsPrices *
ovs_prices_new_from_file (const char  *path,
                          GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  OvsPrices *prices;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return ovs_prices_new ();
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  prices = ovs_prices_new_from_data (text, length, error);
  if (prices == NULL)
    g_prefix_error (error, "%s: ", path);
  return prices;
}

char *
ovs_prices_dup_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "omni-video-studio", "prices.json", NULL);
}

gint64
ovs_prices_quote (OvsPrices  *prices,
                  const char *model,
                  double      seconds)
{
  g_autofree char *key = NULL;
  const Price *price;

  g_return_val_if_fail (prices != NULL, -1);

  if (model == NULL)
    return -1;
  key = ovs_model_name_key (model);
  price = g_hash_table_lookup (prices->by_key, key);
  if (price == NULL || (price->per_second > 0 && !(seconds > 0)))
    return -1;
  return (gint64) llround (price->per_call + price->per_second * MAX (seconds, 0));
}

gint64
ovs_prices_estimate (OvsPrices  *prices,
                     const char *body_json)
{
  g_autoptr(JsonNode) root = ovs_json_parse_object (body_json, -1, NULL, NULL, NULL);
  JsonObject *object;
  JsonNode *seconds;
  double value = 0;

  if (root == NULL)
    return -1;
  object = json_node_get_object (root);
  /* The API takes "seconds" as a string ("5"); numbers are read too. */
  seconds = json_object_get_member (object, "seconds");
  if (seconds != NULL && JSON_NODE_HOLDS_VALUE (seconds))
    {
      if (json_node_get_value_type (seconds) == G_TYPE_STRING)
        value = g_ascii_strtod (json_node_get_string (seconds), NULL);
      else if (json_node_get_value_type (seconds) != G_TYPE_BOOLEAN)
        value = json_node_get_double (seconds);
    }
  return ovs_prices_quote (prices, json_object_get_string_member_with_default (object, "model", NULL),
                           isfinite (value) ? value : 0);
}

gint64
ovs_prices_estimate_all (OvsPrices *prices,
                         GPtrArray *bodies,
                         guint     *n_unknown)
{
  gint64 total = 0;

  *n_unknown = 0;
  for (guint i = 0; i < bodies->len; i++)
    {
      gint64 cost = ovs_prices_estimate (prices, g_ptr_array_index (bodies, i));

      if (cost >= 0)
        total += cost;
      else
        (*n_unknown)++;
    }
  return total;
}
