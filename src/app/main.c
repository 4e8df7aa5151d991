/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ovs-application.h"
#include "ovs-bench-hook.h"
#include "ovs-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OvsApplication) app = NULL;

  setlocale (LC_ALL, "");
  ovs_core_init ();
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Omni Video Studio"));
  app = ovs_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (ovs_bench_hook_watch), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
