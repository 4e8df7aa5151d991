/* ovs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-window.h"

struct _OvsWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (OvsWindow, ovs_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ovs_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_WINDOW);

  G_OBJECT_CLASS (ovs_window_parent_class)->dispose (object);
}

static void
ovs_window_class_init (OvsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/ovs-window.ui");
}

static void
ovs_window_init (OvsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OvsWindow *
ovs_window_new (OvsApplication *application)
{
  return g_object_new (OVS_TYPE_WINDOW, "application", application, NULL);
}
