/* ovs-test-net.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ovs-test-net.h"

OvsSandbox *
ovs_test_sandbox_new (double      speed,
                      const char *api_key)
{
  OvsSandbox *sandbox = ovs_sandbox_new ();

  ovs_sandbox_set_speed (sandbox, speed);
  ovs_sandbox_set_api_key (sandbox, api_key);
  return sandbox;
}

void
ovs_test_sandbox_start (OvsSandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  gboolean started = ovs_sandbox_start (sandbox, 0, &error);

  g_assert_no_error (error);
  g_assert_true (started);
  g_assert_cmpuint (ovs_sandbox_get_port (sandbox), >, 0);
  g_assert_true (g_str_has_prefix (ovs_sandbox_get_base_url (sandbox), "http://127.0.0.1:"));
}

void
ovs_test_sandbox_clear (OvsSandbox **sandbox)
{
  ovs_sandbox_stop (*sandbox);
  g_clear_object (sandbox);
}

OvsClient *
ovs_test_client_new (OvsSandbox *sandbox,
                     const char *api_key)
{
  g_autoptr(GError) error = NULL;
  OvsClient *client = ovs_client_new (ovs_sandbox_get_base_url (sandbox), api_key, &error);

  g_assert_no_error (error);
  return client;
}
