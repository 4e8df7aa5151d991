/* ovs-compare-window.c: a comparison in a window of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-window"

#include "config.h"

#include "ovs-compare-window.h"

struct _OvsCompareWindow
{
  AdwWindow       parent_instance;

  OvsCompareGrid *grid;

  GtkWidget      *box;
  AdwWindowTitle *window_title;
  AdwBin         *grid_bin;
};

G_DEFINE_FINAL_TYPE (OvsCompareWindow, ovs_compare_window, ADW_TYPE_WINDOW)

static void
ovs_compare_window_class_init (OvsCompareWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, box);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareWindow, grid_bin);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ovs_compare_window_init (OvsCompareWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OvsCompareWindow *
ovs_compare_window_new (OvsTaskStore *store,
                        const char   *group_id,
                        GPtrArray    *tasks)
{
  OvsCompareWindow *self = g_object_new (OVS_TYPE_COMPARE_WINDOW, NULL);

  self->grid = OVS_COMPARE_GRID (ovs_compare_grid_new (store, tasks));
  adw_bin_set_child (self->grid_bin, GTK_WIDGET (self->grid));
  adw_window_title_set_subtitle (self->window_title, group_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid));
  return self;
}

OvsCompareGrid *
ovs_compare_window_get_grid (OvsCompareWindow *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_WINDOW (self), NULL);

  return self->grid;
}
