/* ovs-core.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "ovs-core.h"
#include "ovs-core-resources.h"

void
ovs_core_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* OVS_LOCALEDIR lets the uninstalled build (build-aux/run, the tests) find the
       * catalogs compiled into the build tree. */
      const char *localedir = g_getenv ("OVS_LOCALEDIR");

      ovs_core_register_resource ();
      bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&initialized, 1);
    }
}

char *
ovs_core_dup_default_download_dir (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  if (videos == NULL || *videos == '\0')
    return g_build_filename (g_get_home_dir (), "Videos", "Omni Video Studio", NULL);
  return g_build_filename (videos, "Omni Video Studio", NULL);
}
