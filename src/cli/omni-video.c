/* omni-video.c: the command-line tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ovs-core.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  ovs_core_init ();
  textdomain (GETTEXT_PACKAGE);
  g_print ("omni-video %s\n", PACKAGE_VERSION);
  return 0;
}
