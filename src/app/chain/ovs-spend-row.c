/* ovs-spend-row.c: one day or month of the Spending dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-spend-row"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "ovs-budget.h"
#include "ovs-spend-row.h"

struct _OvsSpendRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *amount;
};

G_DEFINE_FINAL_TYPE (OvsSpendRow, ovs_spend_row, ADW_TYPE_ACTION_ROW)

static void
ovs_spend_row_class_init (OvsSpendRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/chain/ovs-spend-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsSpendRow, amount);
}

static void
ovs_spend_row_init (OvsSpendRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* "2026-12-05" as the reader's date ("Sat 2026-12-05"), "2026-12" as a month ("December
 * 2026"); the period as stored where it does not parse. */
static char *
format_period (const char *period,
               OvsSpendBy  by)
{
  int year = 0, month = 0, day = 1;
  g_autoptr(GDateTime) at = NULL;

  if (by == OVS_SPEND_BY_MONTH ? sscanf (period, "%d-%d", &year, &month) == 2
                               : sscanf (period, "%d-%d-%d", &year, &month, &day) == 3)
    at = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (at == NULL)
    return g_strdup (period);
  /* Translators: a month of the Spending dialog, strftime style: "December 2026". */
  return g_date_time_format (at, by == OVS_SPEND_BY_MONTH ? _("%B %Y")
                                 /* Translators: a day of the Spending dialog: "Sat 2026-12-05". */
                                 : _("%a %Y-%m-%d"));
}

static char *
describe_tasks (const OvsSpendPeriod *period)
{
  g_autofree char *known = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u task with a known cost",
                                                         "%u tasks with a known cost",
                                                         period->n_costed),
                                            period->n_costed);
  g_autofree char *unknown = NULL;

  if (period->n_unknown == 0)
    return g_steal_pointer (&known);
  unknown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u task whose cost is not known",
                                          "%u tasks whose cost is not known",
                                          period->n_unknown),
                             period->n_unknown);
  return g_strconcat (known, " · ", unknown, NULL);
}

GtkWidget *
ovs_spend_row_new (const OvsSpendPeriod *period,
                   OvsSpendBy            by,
                   const OvsSiteMoney   *money)
{
  OvsSpendRow *self = g_object_new (OVS_TYPE_SPEND_ROW, NULL);
  g_autofree char *title = format_period (period->period, by);
  g_autofree char *subtitle = describe_tasks (period);
  g_autofree char *amount = ovs_budget_format (money, period->cost);

  g_return_val_if_fail (period != NULL && money != NULL, NULL);

  gtk_widget_set_name (GTK_WIDGET (self), period->period);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_label (self->amount, amount);
  return GTK_WIDGET (self);
}

const char *
ovs_spend_row_get_amount (OvsSpendRow *self)
{
  g_return_val_if_fail (OVS_IS_SPEND_ROW (self), NULL);
  return gtk_label_get_label (self->amount);
}
