/* ovs-elements-panel.c
 *
 * Kling elements are subjects saved in the Kling console, referred to by a numeric id:
 * element_list[{"element_id": 12345}]. The ids are JSON integers, never strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-elements-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ovs-elements-panel.h"

/* Element ids are integers; a double holds every one up to 2^53 exactly. */
#define MAX_ELEMENT_ID 9007199254740991.0

struct _OvsElementsPanel
{
  OvsPanel parent_instance;

  GPtrArray *rows;      /* AdwActionRow, one per element */
  GPtrArray *spins;     /* GtkSpinButton, the id in each row */
  GPtrArray *removes;   /* GtkButton, the remove button of each row */
  GtkWidget *add_row;   /* AdwEntryRow named "<list path>[+]" */
};


G_DEFINE_FINAL_TYPE (OvsElementsPanel, ovs_elements_panel, OVS_TYPE_PANEL)

static char *
id_path (guint index)
{
  return g_strdup_printf ("%s[%u].element_id", OVS_ELEMENTS_PATH, index);
}

/* The place in the list of the row that holds @part (in @parts). */
static guint
part_index (GPtrArray *parts,
            gpointer   part)
{
  guint index = 0;

  /* NULL once the panel is disposed. */
  if (parts != NULL)
    g_ptr_array_find (parts, part, &index);
  return index;
}

static void
id_changed_cb (GtkSpinButton    *spin,
               OvsElementsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *path = id_path (part_index (self->spins, spin));

  if (ovs_panel_is_updating (OVS_PANEL (self)))
    return;

  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_number (request, path, floor (gtk_spin_button_get_value (spin)));
  ovs_panel_end_update (OVS_PANEL (self));
}

/* Shown as the integer the JSON holds, whatever the locale's number format. */
static gboolean
id_output_cb (GtkSpinButton *spin,
              gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                           (gint64) gtk_spin_button_get_value (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
remove_clicked_cb (GtkButton        *button,
                   OvsElementsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint index = part_index (self->removes, button);

  ovs_request_remove_item (request, OVS_ELEMENTS_PATH, index);
  /* The last one gone: no empty list stays behind. */
  if (ovs_request_get_n_items (request, OVS_ELEMENTS_PATH) == 0)
    ovs_request_remove (request, OVS_ELEMENTS_PATH);

  if (self->rows->len > 0)
    {
      gtk_widget_grab_focus (g_ptr_array_index (self->removes, MIN (index, self->removes->len - 1)));
    }
  else
    gtk_widget_grab_focus (self->add_row);
}

static GtkWidget *
make_row (OvsPanel *panel)
{
  OvsElementsPanel *self = OVS_ELEMENTS_PANEL (panel);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, MAX_ELEMENT_ID, 1);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 0);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_increments (GTK_SPIN_BUTTON (spin), 1, 10);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 12);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_signal_connect (spin, "output", G_CALLBACK (id_output_cb), NULL);
  g_signal_connect (spin, "value-changed", G_CALLBACK (id_changed_cb), self);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove element"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove element"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_ptr_array_add (self->spins, spin);
  g_ptr_array_add (self->removes, remove);
  return row;
}

static void
sync_rows (OvsElementsPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GArray) ids = ovs_request_dup_element_ids (request);

  ovs_panel_begin_update (OVS_PANEL (self));

  ovs_panel_resize_rows (OVS_PANEL (self), self->rows, ids->len, self->add_row, make_row);
  /* The spin buttons and remove buttons of rows gone go with them. */
  g_ptr_array_set_size (self->spins, self->rows->len);
  g_ptr_array_set_size (self->removes, self->rows->len);

  for (guint i = 0; i < ids->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkSpinButton *spin = g_ptr_array_index (self->spins, i);
      double id = (double) g_array_index (ids, gint64, i);
      g_autofree char *path = id_path (i);
      /* Translators: the title of an element in the list, "Element 1" */
      g_autofree char *title = g_strdup_printf (_("Element %u"), i + 1);
      g_autofree char *label = g_strdup_printf (_("Id of element %u"), i + 1);

      gtk_widget_set_name (GTK_WIDGET (spin), path);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      if (gtk_spin_button_get_value (spin) != id)
        gtk_spin_button_set_value (spin, id);
    }

  ovs_panel_end_update (OVS_PANEL (self));
}

static void
ovs_elements_panel_request_changed (OvsPanel   *panel,
                                    const char *path)
{
  OvsElementsPanel *self = OVS_ELEMENTS_PANEL (panel);

  if (ovs_panel_path_affects (path, OVS_ELEMENTS_PATH))
    sync_rows (self);
}

void
ovs_elements_panel_add_id (OvsElementsPanel *self,
                           gint64            element_id)
{
  g_return_if_fail (OVS_IS_ELEMENTS_PANEL (self));
  g_return_if_fail (element_id >= 0);

  ovs_request_add_element (ovs_panel_get_request (OVS_PANEL (self)), element_id);
}

static void
add_row_apply_cb (AdwEntryRow      *row,
                  OvsElementsPanel *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  guint64 id = 0;

  if (*text == '\0')
    return;
  if (!g_ascii_string_to_unsigned (text, 10, 0, (guint64) MAX_ELEMENT_ID, &id, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_error_bell (GTK_WIDGET (row));
      return;
    }
  ovs_elements_panel_add_id (self, (gint64) id);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
add_row_changed_cb (AdwEntryRow *row)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* Ids are digits only: refuse anything else as it is typed or pasted. */
static void
add_row_insert_text_cb (GtkEditable *editable,
                        const char  *text,
                        int          length,
                        int         *position,
                        gpointer     user_data)
{
  if (length < 0)
    length = strlen (text);
  for (int i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_signal_stop_emission_by_name (editable, "insert-text");
        gtk_widget_error_bell (GTK_WIDGET (editable));
        return;
      }
}

static void
ovs_elements_panel_show_problems (OvsPanel  *panel,
                                  GPtrArray *problems)
{
  OvsElementsPanel *self = OVS_ELEMENTS_PANEL (panel);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", OVS_ELEMENTS_PATH, i);

      ovs_panel_mark_widget (g_ptr_array_index (self->rows, i), problems, path);
    }

  /* Problems of the list itself (missing, not a list) go on the group. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, OVS_ELEMENTS_PATH))
        ovs_panel_append_problem (text, problem->message);
    }
  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                               text->len > 0 ? text->str
                               : _("Saved subjects, by their numeric id. Element ids "
                                   "come from the Kling console, where you create "
                                   "the elements."));
}

static void
ovs_elements_panel_constructed (GObject *object)
{
  OvsElementsPanel *self = OVS_ELEMENTS_PANEL (object);
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  const OvsField *field = ovs_scenario_get_field (scenario, OVS_ELEMENTS_PATH);

  G_OBJECT_CLASS (ovs_elements_panel_parent_class)->constructed (object);

  if (field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), field->title);

  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_elements_panel_dispose (GObject *object)
{
  OvsElementsPanel *self = OVS_ELEMENTS_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->spins, g_ptr_array_unref);
  g_clear_pointer (&self->removes, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_ELEMENTS_PANEL);

  G_OBJECT_CLASS (ovs_elements_panel_parent_class)->dispose (object);
}

static void
ovs_elements_panel_class_init (OvsElementsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-elements-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsElementsPanel, add_row);
  gtk_widget_class_bind_template_callback (widget_class, add_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_row_changed_cb);

  object_class->constructed = ovs_elements_panel_constructed;
  object_class->dispose = ovs_elements_panel_dispose;

  panel_class->request_changed = ovs_elements_panel_request_changed;
  panel_class->show_problems = ovs_elements_panel_show_problems;
}

static void
ovs_elements_panel_init (OvsElementsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->add_row));

    /* Named by its list's JSON path; digits only. */
    gtk_widget_set_name (self->add_row, OVS_ELEMENTS_PATH "[+]");
    if (delegate != NULL)
      g_signal_connect (delegate, "insert-text", G_CALLBACK (add_row_insert_text_cb), NULL);
    /* The entry takes the item's "element_id", for whoever drives the row by value. */
    g_object_set_data (G_OBJECT (self->add_row), "ovs-add-key", (gpointer) "element_id");
  }

  self->rows = g_ptr_array_new ();
  self->spins = g_ptr_array_new ();
  self->removes = g_ptr_array_new ();
}

GtkWidget *
ovs_elements_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_ELEMENTS_PANEL, "request", request, NULL);
}
