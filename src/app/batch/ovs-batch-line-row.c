/* ovs-batch-line-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-batch-line-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-batch-line-row.h"

struct _OvsBatchLineRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *cost;
};

G_DEFINE_FINAL_TYPE (OvsBatchLineRow, ovs_batch_line_row, ADW_TYPE_ACTION_ROW)

static void
ovs_batch_line_row_class_init (OvsBatchLineRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/batch/ovs-batch-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsBatchLineRow, cost);
}

static void
ovs_batch_line_row_init (OvsBatchLineRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_batch_line_row_new (guint       line,
                        const char *model,
                        const char *description,
                        const char *cost,
                        gboolean    bad)
{
  OvsBatchLineRow *self = g_object_new (OVS_TYPE_BATCH_LINE_ROW, NULL);
  g_autofree char *title = NULL;

  /* Translators: a batch line in the preview, e.g. "Line 4 · Kling-3.0-omni" */
  title = model != NULL ? g_strdup_printf (_("Line %u · %s"), line, model)
                        : g_strdup_printf (_("Line %u"), line);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), description != NULL ? description : "");
  gtk_label_set_label (self->cost, cost != NULL ? cost : "");
  /* A line with errors is not sent: it reads as such. */
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  return GTK_WIDGET (self);
}

const char *
ovs_batch_line_row_get_cost (OvsBatchLineRow *self)
{
  g_return_val_if_fail (OVS_IS_BATCH_LINE_ROW (self), NULL);
  return gtk_label_get_label (self->cost);
}
