/* ovs-compare-dialog.c: one request for several models, or N copies, before it is sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-app-widgets.h"
#include "ovs-compare.h"
#include "ovs-compare-body-editor.h"
#include "ovs-compare-dialog.h"
#include "ovs-validate.h"

/* The grid holds up to six tiles; more would be sent and never seen side by side. */
#define MAX_MODELS 6

struct _OvsCompareDialog
{
  AdwWindow             parent_instance;

  AdwViewStack         *stack;
  AdwPreferencesPage   *models_page;
  AdwPreferencesGroup  *variants_group;
  GtkSpinButton        *copies_spin;
  GtkWidget            *send_button;

  OvsCatalog           *catalog;
  JsonNode             *source;
  /* One check button per model of the catalog, in its order: the index is the model's. */
  GPtrArray            *checks;
  /* The model rows, in the same order: a checked model's warnings are its subtitle, where
   * the user checks it, not in a list below every family. */
  GPtrArray            *rows;
  /* The rows the last update added, removed by the next one. */
  GPtrArray            *variant_rows;
  /* The "Edit Body…" button of each model row, in the same order. */
  GPtrArray            *edit_buttons;
  /* Bodies adjusted by hand: model id → JsonNode, sent instead of the mapped body, kept
   * when the model is unchecked and checked again. */
  GHashTable           *edited;
  /* What "Send" would send now (OvsCompareBody), or NULL. */
  GPtrArray            *bodies;
  AdwMessageDialog     *confirmation;
};

G_DEFINE_FINAL_TYPE (OvsCompareDialog, ovs_compare_dialog, ADW_TYPE_WINDOW)

enum {
  SEND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
showing_variants (OvsCompareDialog *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "variants") == 0;
}

static GStrv
dup_checked_models (OvsCompareDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder, ovs_catalog_get_model_at (self->catalog, i)->id);
  return g_strv_builder_end (builder);
}

/* Each warning as "path: message", one a line. */
static char *
dup_warnings_text (OvsCompareBody *body)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < body->warnings->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (body->warnings, i);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", problem->path, problem->message);
    }
  if (body->warnings->len == 0)
    g_string_append (text, _("Takes the whole request"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A copy's row on the Variants page (plain text: paths and messages carry < and &). */
static void
add_body_row (AdwPreferencesGroup *group,
              GPtrArray           *rows,
              OvsCompareBody      *body,
              const char          *title)
{
  g_autofree char *text = dup_warnings_text (body);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_set_name (row, "compare-warnings");
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

/* A body adjusted by hand replaces the mapped one; its warnings are then its own. */
static gboolean
use_edited (OvsCompareDialog *self,
            OvsCompareBody   *body)
{
  JsonNode *edited = g_hash_table_lookup (self->edited, body->model);
  g_autoptr(GPtrArray) problems = NULL;

  if (edited == NULL)
    return FALSE;
  json_node_unref (body->body);
  body->body = json_node_copy (edited);
  g_ptr_array_set_size (body->warnings, 0);
  problems = ovs_validate_node (body->body, NULL);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (body->warnings, ovs_problem_copy (g_ptr_array_index (problems, i)));
  return TRUE;
}

static void
update_send (OvsCompareDialog *self,
             const char       *blocker)
{
  guint n = ovs_compare_dialog_get_n_tasks (self);
  /* "Send 0 Tasks" reads as a broken count: the tooltip says what is missing. */
  g_autofree char *label = n == 0 ? g_strdup (_("_Send"))
                                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Send %u Task",
                                                                  "_Send %u Tasks", n), n);

  gtk_button_set_label (GTK_BUTTON (self->send_button), label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.send", n > 0);
  gtk_widget_set_tooltip_text (self->send_button, blocker);
}

/* The bodies for what is chosen now, and what each model cannot take. */
static void
update (OvsCompareDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = dup_checked_models (self);
  guint n_models = g_strv_length (models);
  const char *blocker = NULL;

  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  for (guint i = 0; i < self->rows->len; i++)
    {
      adw_action_row_set_subtitle (g_ptr_array_index (self->rows, i), "");
      gtk_widget_set_visible (g_ptr_array_index (self->edit_buttons, i), FALSE);
    }
  ovs_preferences_group_clear (self->variants_group, self->variant_rows);
  if (showing_variants (self))
    self->bodies = ovs_compare_variants (self->catalog, self->source,
                                         (guint) gtk_spin_button_get_value_as_int (self->copies_spin),
                                         g_random_int_range (1, G_MAXINT32 - OVS_COMPARE_MAX_VARIANTS),
                                         &error);
  else if (n_models >= 2 && n_models <= MAX_MODELS)
    self->bodies = ovs_compare_fan_out (self->catalog, self->source,
                                        (const char * const *) models, &error);
  else
    blocker = n_models < 2 ? _("Choose at least two models")
                           : _("A comparison shows up to six models side by side");

  if (error != NULL)
    blocker = error->message;
  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    {
      OvsCompareBody *body = g_ptr_array_index (self->bodies, i);
      g_autofree char *title = NULL;

      if (showing_variants (self))
        {
          /* Translators: "Vidu-q2 · copy 2" in the list of what each copy gets. */
          title = g_strdup_printf (_("%s · copy %u"), body->model, i + 1);
          add_body_row (self->variants_group, self->variant_rows, body, title);
        }
      else
        {
          g_autofree char *text = NULL;
          guint position = 0;

          if (use_edited (self, body) && body->warnings->len == 0)
            text = g_strdup (_("Edited by hand: sent as it is"));
          else if (g_hash_table_contains (self->edited, body->model))
            {
              g_autofree char *warnings = dup_warnings_text (body);

              text = g_strdup_printf ("%s\n%s", _("Edited by hand: sent as it is"), warnings);
            }
          else
            text = dup_warnings_text (body);
          for (; position < self->rows->len; position++)
            if (g_strcmp0 (ovs_catalog_get_model_at (self->catalog, position)->id, body->model) == 0)
              break;
          if (position < self->rows->len)
            {
              adw_action_row_set_subtitle (g_ptr_array_index (self->rows, position), text);
              gtk_widget_set_visible (g_ptr_array_index (self->edit_buttons, position), TRUE);
            }
        }
    }
  update_send (self, blocker);
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
confirmation_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          OvsCompareDialog *self)
{
  self->confirmation = NULL;
  if (!g_str_equal (response, "send") || self->bodies == NULL)
    return;
  g_signal_emit (self, signals[SEND], 0,
                 showing_variants (self) ? OVS_GROUP_KIND_VARIANTS : OVS_GROUP_KIND_COMPARE,
                 self->bodies);
  /* Not closed yet: the message dialog, transient for this one, is still answering. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* Asked once for the whole group: every task is paid for, and none is sent again. */
static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsCompareDialog *self = OVS_COMPARE_DIALOG (widget);
  guint n = ovs_compare_dialog_get_n_tasks (self);
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  g_autofree char *send = NULL;

  if (n == 0 || self->confirmation != NULL)
    return;
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Create %u Paid Task?",
                                          "Create %u Paid Tasks?", n), n);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "This sends %u request, and the gateway charges for "
                                       "every task it creates. No create is sent twice.",
                                       "This sends %u requests, one per tile of the grid, and "
                                       "the gateway charges for every task it creates. No "
                                       "create is sent twice.", n), n);
  send = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Send %u Task", "_Send %u Tasks", n), n);
  self->confirmation = ADW_MESSAGE_DIALOG (ovs_paid_dialog_new (GTK_WINDOW (self), "compare-confirm",
                                                                 heading, text, send,
                                                                 ADW_RESPONSE_SUGGESTED));
  g_signal_connect_object (self->confirmation, "response",
                           G_CALLBACK (confirmation_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->confirmation));
}

static void
body_applied_cb (OvsCompareBodyEditor *editor,
                 JsonNode             *body,
                 OvsCompareDialog     *self)
{
  JsonObject *object = json_node_get_object (body);

  g_hash_table_replace (self->edited, g_strdup (json_object_get_string_member (object, "model")),
                        json_node_copy (body));
  update (self);
}

/* "Edit Body…" of a model's row: what would be sent to it, in an editor of its own. */
static void
edit_body_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OvsCompareDialog *self = OVS_COMPARE_DIALOG (widget);
  const char *model = g_variant_get_string (parameter, NULL);

  for (guint i = 0; self->bodies != NULL && i < self->bodies->len; i++)
    {
      OvsCompareBody *body = g_ptr_array_index (self->bodies, i);
      OvsCompareBodyEditor *editor;

      if (g_strcmp0 (body->model, model) != 0)
        continue;
      editor = ovs_compare_body_editor_new (GTK_WINDOW (self), body->model, body->body);
      g_signal_connect_object (editor, "apply", G_CALLBACK (body_applied_cb), self, 0);
      gtk_window_present (GTK_WINDOW (editor));
      return;
    }
}

static GtkWidget *
family_group (OvsCompareDialog *self,
              const char       *family_id,
              const char       *current)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                   ovs_catalog_get_family_title (self->catalog, family_id));
  for (guint i = 0; i < ovs_catalog_get_n_models (self->catalog); i++)
    {
      const OvsModel *model = ovs_catalog_get_model_at (self->catalog, i);
      GtkWidget *row, *check;
      g_autofree char *name = NULL;

      if (g_strcmp0 (model->family, family_id) != 0)
        continue;
      name = g_strconcat ("check-", model->id, NULL);
      check = g_ptr_array_index (self->checks, i);
      gtk_widget_set_name (check, name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_strcmp0 (model->id, current) == 0);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (update), self);
      row = g_ptr_array_index (self->rows, i);
      gtk_widget_set_name (row, "compare-model");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), model->id);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_ptr_array_index (self->edit_buttons, i));
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

static GtkWidget *
edit_button (const char *model)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Edit Body…"));
  g_autofree char *name = g_strconcat ("edit-", model, NULL);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (button, FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "compare.edit-body");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", model);
  return button;
}

/* One group per family, below the explanation. */
static void
fill_models (OvsCompareDialog *self,
             const char       *model)
{
  const OvsModel *current = model != NULL ? ovs_catalog_find_model (self->catalog, model, NULL) : NULL;

  for (guint i = 0; i < ovs_catalog_get_n_models (self->catalog); i++)
    {
      g_ptr_array_add (self->checks, gtk_check_button_new ());
      g_ptr_array_add (self->rows, adw_action_row_new ());
      g_ptr_array_add (self->edit_buttons, edit_button (ovs_catalog_get_model_at (self->catalog, i)->id));
    }
  for (guint i = 0; i < ovs_catalog_get_n_families (self->catalog); i++)
    adw_preferences_page_add (self->models_page,
                              ADW_PREFERENCES_GROUP (family_group (self, ovs_catalog_get_family_id (self->catalog, i),
                                                                   current != NULL ? current->id : NULL)));
}

static void
ovs_compare_dialog_dispose (GObject *object)
{
  OvsCompareDialog *self = OVS_COMPARE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_COMPARE_DIALOG);
  G_OBJECT_CLASS (ovs_compare_dialog_parent_class)->dispose (object);
}

static void
ovs_compare_dialog_finalize (GObject *object)
{
  OvsCompareDialog *self = OVS_COMPARE_DIALOG (object);

  g_clear_object (&self->catalog);
  g_clear_pointer (&self->source, json_node_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->edit_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->edited, g_hash_table_unref);
  g_clear_pointer (&self->variant_rows, g_ptr_array_unref);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  G_OBJECT_CLASS (ovs_compare_dialog_parent_class)->finalize (object);
}

static void
ovs_compare_dialog_class_init (OvsCompareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_compare_dialog_dispose;
  object_class->finalize = ovs_compare_dialog_finalize;

  /* The group's kind (OVS_GROUP_KIND_COMPARE or _VARIANTS) and its bodies, confirmed. */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2,
                                G_TYPE_STRING, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareDialog, models_page);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareDialog, variants_group);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareDialog, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareDialog, send_button);
  gtk_widget_class_install_action (widget_class, "compare.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "compare.edit-body", "s", edit_body_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ovs_compare_dialog_init (OvsCompareDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  self->edit_buttons = g_ptr_array_new ();
  self->edited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_node_unref);
  self->variant_rows = g_ptr_array_new ();
}

OvsCompareDialog *
ovs_compare_dialog_new (OvsCatalog *catalog,
                        JsonNode   *source,
                        const char *model)
{
  OvsCompareDialog *self;

  g_return_val_if_fail (OVS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (OVS_TYPE_COMPARE_DIALOG, NULL);
  self->catalog = g_object_ref (catalog);
  self->source = json_node_ref (source);
  fill_models (self, model);
  g_signal_connect_swapped (self->stack, "notify::visible-child-name", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->copies_spin, "value-changed", G_CALLBACK (update), self);
  update (self);
  return self;
}

guint
ovs_compare_dialog_get_n_tasks (OvsCompareDialog *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_DIALOG (self), 0);

  return self->bodies != NULL ? self->bodies->len : 0;
}
