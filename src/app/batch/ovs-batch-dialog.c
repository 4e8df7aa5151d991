/* ovs-batch-dialog.c: New Batch… — a CSV or JSONL file previewed, confirmed once, sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is read with GIO and parsed, checked and priced in a thread (the price table is
 * a file too). Sending goes through OvsBatchRun, as `omni-video batch` does: the same
 * group in the history, the same lock, the same resumption. Lines with errors are shown
 * with their field paths and never sent.
 */
#define G_LOG_DOMAIN "ovs-batch-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-app-widgets.h"
#include "ovs-batch.h"
#include "ovs-batch-run.h"
#include "ovs-batch-line-row.h"
#include "ovs-budget.h"
#include "ovs-prices.h"
#include "ovs-progress-cancel.h"
#include "ovs-request.h"
#include "ovs-validate.h"
#include "ovs-batch-dialog.h"

/* The relay's default per-key concurrency is small; two keeps a batch polite. */
#define PARALLEL 2

struct _OvsBatchDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *send_button;
  GtkStack       *stack;
  AdwStatusPage  *failed_page;
  GtkLabel       *summary_label;
  OvsProgressCancel *progress;
  GtkListBox     *line_list;

  OvsTracker     *tracker;
  OvsSiteMoney    money;
  char           *template_text;
  GCancellable   *cancellable;
  OvsBatch       *batch;      /* read, not sent yet */
  GArray         *costs;      /* gint64 per line, -1 unknown */
  GHashTable     *sent;       /* line numbers already in the history; NULL until read */
  OvsBatchRun    *run;
  AdwMessageDialog *confirmation;
  gboolean        weighing;   /* what was spent is being read */
};

G_DEFINE_FINAL_TYPE (OvsBatchDialog, ovs_batch_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  GBytes         *bytes;
  OvsBatchFormat  format;
  char           *template_text;
  OvsBatch       *batch;
  GArray         *costs;
} Parse;

static void
parse_free (Parse *parse)
{
  g_clear_pointer (&parse->bytes, g_bytes_unref);
  g_free (parse->template_text);
  g_clear_pointer (&parse->batch, ovs_batch_free);
  g_clear_pointer (&parse->costs, g_array_unref);
  g_free (parse);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Parse *parse = task_data;
  g_autofree char *prices_path = ovs_prices_dup_default_path ();
  g_autoptr(OvsPrices) prices = ovs_prices_new_from_file (prices_path, NULL);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *text = g_bytes_get_data (parse->bytes, &length);

  parse->batch = ovs_batch_parse (text != NULL ? text : "", length, parse->format,
                                  parse->template_text, &error);
  if (parse->batch == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A broken table costs the estimate, never the batch. */
  if (prices == NULL)
    prices = ovs_prices_new ();
  parse->costs = g_array_sized_new (FALSE, FALSE, sizeof (gint64), parse->batch->lines->len);
  for (guint i = 0; i < parse->batch->lines->len; i++)
    {
      OvsBatchLine *line = g_ptr_array_index (parse->batch->lines, i);
      gint64 cost = line->body != NULL ? ovs_prices_estimate (prices, line->body) : -1;

      g_array_append_val (parse->costs, cost);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
line_is_bad (OvsBatchLine *line)
{
  return line->body == NULL || ovs_problems_count (line->problems, OVS_SEVERITY_ERROR) > 0;
}

/* "line 4: prompt: is empty" for the problems, else the prompt's start. */
static char *
describe_line (OvsBatchLine *line)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(OvsRequest) request = NULL;
  const char *prompt;

  for (guint i = 0; i < line->problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (line->problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", problem->path, problem->message);
    }
  if (text->len > 0 || line->body == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);
  request = ovs_request_new_from_json (line->body, -1, NULL, NULL);
  prompt = request != NULL ? ovs_request_get_prompt (request) : NULL;
  if (prompt == NULL)
    return g_strdup ("");
  /* One line of the list: the first 80 characters, on one line. */
  g_string_append (text, prompt);
  if (g_utf8_strlen (text->str, -1) > 80)
    g_string_truncate (text, g_utf8_offset_to_pointer (text->str, 80) - text->str);
  g_strdelimit (text->str, "\r\n\t", ' ');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_cost (OvsBatchDialog *self,
             gint64          cost)
{
  return cost >= 0 ? ovs_budget_format (&self->money, cost) : g_strdup (_("no price"));
}

static char *
line_model (OvsBatchLine *line)
{
  g_autoptr(OvsRequest) request = NULL;

  if (line->body == NULL)
    return NULL;
  request = ovs_request_new_from_json (line->body, -1, NULL, NULL);
  return request != NULL ? g_strdup (ovs_request_get_model (request)) : NULL;
}

static GtkWidget *
make_row (OvsBatchDialog *self,
          guint           index)
{
  OvsBatchLine *line = g_ptr_array_index (self->batch->lines, index);
  g_autofree char *model = line_model (line);
  g_autofree char *subtitle = describe_line (line);
  g_autofree char *cost = format_cost (self, g_array_index (self->costs, gint64, index));

  return ovs_batch_line_row_new (line->line, model, subtitle, cost, line_is_bad (line));
}

/* The lines a send would create: neither bad nor in the history already. */
static gboolean
line_is_unsent (OvsBatchDialog *self,
                OvsBatchLine   *line)
{
  return !line_is_bad (line) && !g_hash_table_contains (self->sent, GUINT_TO_POINTER (line->line));
}

static guint
count_unsent (OvsBatchDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->sent != NULL && i < self->batch->lines->len; i++)
    if (line_is_unsent (self, g_ptr_array_index (self->batch->lines, i)))
      n++;
  return n;
}

static gint64
estimate_unsent (OvsBatchDialog *self,
                 guint          *n_unknown)
{
  gint64 total = 0;

  *n_unknown = 0;
  for (guint i = 0; self->sent != NULL && i < self->batch->lines->len; i++)
    {
      gint64 cost = g_array_index (self->costs, gint64, i);

      if (!line_is_unsent (self, g_ptr_array_index (self->batch->lines, i)))
        continue;
      if (cost >= 0)
        total += cost;
      else
        (*n_unknown)++;
    }
  return total;
}

/* "about $2.40", "about $2.40 and 3 lines with no price", "no price known" */
static char *
describe_estimate (OvsBatchDialog *self,
                   gint64          total,
                   guint           n_unknown,
                   guint           n)
{
  g_autofree char *amount = ovs_budget_format (&self->money, total);

  if (n_unknown == 0)
    return g_strdup_printf (_("about %s"), amount);
  if (n_unknown < n)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %s, and %u line with no price",
                                         "about %s, and %u lines with no price", n_unknown),
                            amount, n_unknown);
  return g_strdup (_("no price known"));
}

static void
show_summary (OvsBatchDialog *self)
{
  guint n = self->batch->lines->len;
  guint n_bad = ovs_batch_count_bad (self->batch, OVS_SEVERITY_ERROR);
  guint n_new = count_unsent (self);
  guint n_unknown = 0;
  gint64 total = estimate_unsent (self, &n_unknown);
  g_autofree char *estimate = describe_estimate (self, total, n_unknown, n_new);
  g_autofree char *lines = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u line", "%u lines", n), n);
  g_autofree char *bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "%u with errors, not sent",
                                                       "%u with errors, not sent", n_bad), n_bad);
  g_autofree char *to_send = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to send (%s)",
                                                           "%u to send (%s)", n_new),
                                              n_new, estimate);
  g_autofree char *text = g_strdup_printf ("%s · %s · %s", lines, bad, to_send);

  gtk_label_set_label (self->summary_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", n_new > 0 && self->run == NULL);
}

/* The lines of this batch the history has: read off the main thread, then the summary. */
static void
sent_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OvsBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) earlier = ovs_task_store_dup_group_finish (OVS_TASK_STORE (source), result,
                                                                  &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->batch == NULL)
    return;
  /* Unreadable: every line counts as unsent here; the run itself skips those sent. */
  if (error != NULL)
    g_message ("%s", error->message);
  self->sent = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; earlier != NULL && i < earlier->len; i++)
    g_hash_table_add (self->sent,
                      GINT_TO_POINTER (ovs_task_get_group_index (g_ptr_array_index (earlier, i))));
  show_summary (self);
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OvsBatchDialog) self = user_data;
  Parse *parse = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  self->batch = g_steal_pointer (&parse->batch);
  self->costs = g_steal_pointer (&parse->costs);
  for (guint i = 0; i < self->batch->lines->len; i++)
    gtk_list_box_append (self->line_list, make_row (self, i));
  /* Sent once the lines already in the history are known (a batch opened again). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  ovs_task_store_dup_group_async (ovs_tracker_get_store (self->tracker), self->batch->id,
                                  self->cancellable, sent_read_cb, g_object_ref (self));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OvsBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  Parse *parse;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  name = g_file_get_basename (G_FILE (source));
  /* Without a placeholder every row would send the same body: say so before anything. */
  if (ovs_batch_format_for (name, FALSE) == OVS_BATCH_FORMAT_CSV
      && (self->template_text == NULL || strstr (self->template_text, "{{") == NULL))
    {
      adw_status_page_set_description (self->failed_page,
                                       _("The columns of a CSV fill the {{column}} placeholders "
                                         "of the request in the composer, and it has none: "
                                         "write {{prompt}} as its prompt (or any column’s "
                                         "name in any field), then open the file again."));
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  parse = g_new0 (Parse, 1);
  parse->bytes = g_steal_pointer (&bytes);
  /* A CSV fills the composer's request; JSONL lines are whole bodies. */
  parse->format = ovs_batch_format_for (name, FALSE);
  parse->template_text = parse->format == OVS_BATCH_FORMAT_CSV ? g_strdup (self->template_text) : NULL;
  task = g_task_new (NULL, self->cancellable, parsed_cb, g_object_ref (self));
  g_task_set_task_data (task, parse, (GDestroyNotify) parse_free);
  g_task_run_in_thread (task, parse_thread);
}

void
ovs_batch_dialog_load (OvsBatchDialog *self,
                       GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (OVS_IS_BATCH_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->batch == NULL && self->run == NULL);

  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_file_load_bytes_async (file, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
update_progress (OvsBatchDialog *self)
{
  guint n = ovs_batch_run_get_n_to_send (self->run);
  guint sent = ovs_batch_run_get_n_sent (self->run);
  guint finished = ovs_batch_run_get_n_finished (self->run);
  guint failed = ovs_batch_run_get_n_failed (self->run);
  gboolean done = ovs_batch_run_get_done (self->run);
  g_autofree char *text = NULL;

  /* Translators: "Sent 3 of 4 · 2 finished · 1 failed" */
  text = g_strdup_printf (_("Sent %u of %u · %u finished · %u failed"), sent, n, finished, failed);
  if (done)
    {
      g_autofree char *ended = g_strdup_printf (_("Done. %s"), text);

      ovs_progress_cancel_set_text (self->progress, ended);
    }
  else
    ovs_progress_cancel_set_text (self->progress, text);
  ovs_progress_cancel_set_fraction (self->progress, n > 0 ? (double) (finished + failed) / n : 1);
  ovs_progress_cancel_set_can_cancel (self->progress, !done);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.stop", !done);
}

static void
run_changed_cb (OvsBatchDialog *self)
{
  update_progress (self);
}

static void
start_run (OvsBatchDialog *self)
{
  g_autoptr(GError) error = NULL;
  OvsBatchRun *run = ovs_batch_run_new (self->tracker, g_steal_pointer (&self->batch), PARALLEL);

  /* The lines stay listed; the costs stay known. */
  self->batch = ovs_batch_run_get_batch (run);
  if (!ovs_batch_run_start (run, NULL, &error))
    {
      /* The batch went with the run: this dialog is only a preview now. */
      gtk_label_set_label (self->summary_label, error->message);
      g_object_unref (run);
      self->batch = NULL;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", FALSE);
      return;
    }
  self->run = run;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", FALSE);
  gtk_widget_set_visible (self->send_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  g_signal_connect_object (run, "notify", G_CALLBACK (run_changed_cb), self, G_CONNECT_SWAPPED);
  update_progress (self);
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          OvsBatchDialog   *self)
{
  self->confirmation = NULL;
  g_signal_handlers_disconnect_by_func (dialog, confirmation_response_cb, self);
  if (g_str_equal (response, "send") && self->batch != NULL && self->run == NULL)
    start_run (self);
}

/* One question for the whole batch: how many paid tasks, what they cost, and the budgets
 * (@over: the budget's sentence when it would go over, else NULL). */
static void
confirm (OvsBatchDialog *self,
         const char     *over)
{
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *send = NULL;
  g_autofree char *estimate = NULL;
  guint n, n_unknown = 0, n_bad;
  gint64 total;

  n = count_unsent (self);
  n_bad = ovs_batch_count_bad (self->batch, OVS_SEVERITY_ERROR);
  total = estimate_unsent (self, &n_unknown);
  estimate = describe_estimate (self, total, n_unknown, n);
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Send %u Paid Task?",
                                          "Send %u Paid Tasks?", n), n);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This creates %u task, %s; the gateway charges for "
                                       "every task it creates. %u lines with errors are not "
                                       "sent. No line is ever sent twice.",
                                       "This creates %u tasks, %s; the gateway charges for "
                                       "every task it creates. %u lines with errors are not "
                                       "sent. No line is ever sent twice.", n),
                          n, estimate, n_bad);
  if (over != NULL)
    {
      char *both = g_strconcat (body, "\n\n", over, NULL);

      g_free (body);
      body = both;
    }
  send = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Send %u Task", "_Send %u Tasks", n), n);
  self->confirmation = ADW_MESSAGE_DIALOG (ovs_paid_dialog_new (GTK_WINDOW (self), "batch-confirm",
                                                                 heading, body, send,
                                                                 over == NULL ? ADW_RESPONSE_SUGGESTED
                                                                              : ADW_RESPONSE_DESTRUCTIVE));
  g_signal_connect_object (self->confirmation, "response",
                           G_CALLBACK (confirmation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->confirmation));
}

static void
spent_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OvsBatchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *over = NULL;
  OvsBudget budget;
  guint n_unknown = 0;
  gint64 total, today, month;

  self->weighing = FALSE;
  if (!ovs_budget_spent_finish (result, &today, &month, &error))
    g_message ("%s", error->message);
  if (self->batch == NULL || self->run != NULL || self->confirmation != NULL)
    return;
  total = estimate_unsent (self, &n_unknown);
  ovs_budget_init_from_settings (&budget);
  ovs_budget_allows (&budget, &self->money, today, month,
                     n_unknown < count_unsent (self) ? total : -1, &over);
  confirm (self, over);
}

/* What was spent today and this month is read in a thread; with no budget, not at all. */
static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsBatchDialog *self = OVS_BATCH_DIALOG (widget);
  OvsBudget budget;

  if (self->batch == NULL || self->run != NULL || self->confirmation != NULL || self->weighing
      || count_unsent (self) == 0)
    return;
  ovs_budget_init_from_settings (&budget);
  if (budget.daily <= 0 && budget.monthly <= 0)
    {
      confirm (self, NULL);
      return;
    }
  self->weighing = TRUE;
  ovs_budget_spent_async (ovs_tracker_get_store (self->tracker), NULL, spent_cb,
                          g_object_ref (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsBatchDialog *self = OVS_BATCH_DIALOG (widget);

  if (self->run != NULL)
    ovs_batch_run_stop (self->run);
}

OvsBatchDialog *
ovs_batch_dialog_new (OvsTracker         *tracker,
                      const OvsSiteMoney *money,
                      const char         *template_text)
{
  OvsBatchDialog *self;

  g_return_val_if_fail (OVS_IS_TRACKER (tracker), NULL);

  self = g_object_new (OVS_TYPE_BATCH_DIALOG, NULL);
  self->tracker = g_object_ref (tracker);
  if (money != NULL)
    self->money = *money;
  self->template_text = g_strdup (template_text);
  return self;
}

static void
ovs_batch_dialog_dispose (GObject *object)
{
  OvsBatchDialog *self = OVS_BATCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  /* Closed while sending: the rest is not sent; what was sent goes on in the history. */
  if (self->run != NULL)
    {
      ovs_batch_run_stop (self->run);
      g_signal_handlers_disconnect_by_data (self->run, self);
      g_clear_object (&self->run);
      self->batch = NULL;
    }
  g_clear_pointer (&self->batch, ovs_batch_free);
  g_clear_object (&self->tracker);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_BATCH_DIALOG);
  G_OBJECT_CLASS (ovs_batch_dialog_parent_class)->dispose (object);
}

static void
ovs_batch_dialog_finalize (GObject *object)
{
  OvsBatchDialog *self = OVS_BATCH_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->costs, g_array_unref);
  g_clear_pointer (&self->sent, g_hash_table_unref);
  g_free (self->template_text);
  G_OBJECT_CLASS (ovs_batch_dialog_parent_class)->finalize (object);
}

static void
ovs_batch_dialog_class_init (OvsBatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_batch_dialog_dispose;
  object_class->finalize = ovs_batch_dialog_finalize;

  g_type_ensure (OVS_TYPE_PROGRESS_CANCEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/batch/ovs-batch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, OvsBatchDialog, line_list);

  gtk_widget_class_install_action (widget_class, "batch.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "batch.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ovs_batch_dialog_init (OvsBatchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  ovs_site_money_init (&self->money);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.send", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "batch.stop", FALSE);
}
