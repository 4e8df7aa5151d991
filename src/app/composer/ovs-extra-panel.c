/* ovs-extra-panel.c
 *
 * The members of the body that are none of the scenario's fields nor objects holding them
 * (a top-level "x_trace", a "metadata.future_flag"), as one small JSON object in the body's
 * own shape. A valid edit writes back what changed, member by member; invalid text shows
 * the reader's error and changes nothing. While the body has no such members only "Add a
 * custom field" shows: the JSON editor is made when the body first has one (issue 14:
 * GtkSourceView's first buffer reads every style scheme, which no first frame needs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-extra-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ovs-app-widgets.h"
#include "ovs-error.h"
#include "ovs-extra-panel.h"
#include "ovs-json.h"
#include "ovs-json-highlight.h"

struct _OvsExtraPanel
{
  OvsPanel parent_instance;

  GtkSourceBuffer *buffer;      /* NULL until ensure_editor () */
  GtkWidget       *view;
  GtkWidget       *frame;
  GtkWidget       *error_label;
  GtkWidget       *add_list;
  GtkWidget       *add_row;     /* "Add a custom field" */
  GtkWidget       *name_row;    /* its name… (NULL until it is first activated) */
  GtkWidget       *value_row;   /* …and its value */
};


G_DEFINE_FINAL_TYPE (OvsExtraPanel, ovs_extra_panel, OVS_TYPE_PANEL)

static gboolean
is_field (OvsScenario *scenario,
          const char  *path)
{
  return ovs_scenario_get_field (scenario, path) != NULL;
}

/* TRUE when @path is an object on the way to one of the scenario's fields ("metadata"). */
static gboolean
is_container (OvsScenario *scenario,
              const char  *path)
{
  gsize len = strlen (path);

  for (guint i = 0; i < ovs_scenario_get_n_fields (scenario); i++)
    {
      const OvsField *field = ovs_scenario_get_field_at (scenario, i);

      if (strncmp (field->path, path, len) == 0 && field->path[len] == '.')
        return TRUE;
    }
  return FALSE;
}

static char *
child_path (const char *prefix,
            const char *name)
{
  return prefix == NULL ? g_strdup (name) : g_strconcat (prefix, ".", name, NULL);
}

static void
collect_unknown (OvsScenario *scenario,
                 JsonObject  *object,
                 const char  *prefix,
                 JsonObject  *out)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = child_path (prefix, name);
      JsonNode *child = json_object_get_member (object, name);

      if (is_field (scenario, path))
        continue;
      if (is_container (scenario, path))
        {
          JsonObject *inner;

          /* A container of the wrong type is the checks' business, not a custom field. */
          if (!JSON_NODE_HOLDS_OBJECT (child))
            continue;
          inner = json_object_new ();
          collect_unknown (scenario, json_node_get_object (child), path, inner);
          if (json_object_get_size (inner) > 0)
            json_object_set_object_member (out, name, inner);
          else
            json_object_unref (inner);
        }
      else
        json_object_set_member (out, name, json_node_copy (child));
    }
}

JsonNode *
ovs_extra_panel_dup_unknown (OvsRequest *request)
{
  JsonNode *root;
  JsonObject *out = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (OVS_IS_REQUEST (request), NULL);

  root = ovs_request_get_root (request);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    collect_unknown (ovs_request_get_scenario (request), json_node_get_object (root), NULL, out);
  node = json_node_init_object (json_node_alloc (), out);
  json_object_unref (out);
  return node;
}

/* The leaves of an object in the unknown shape: path -> node (transfer none), in order.
 * With @strict, refuses what cannot be written back member by member. */
static gboolean
flatten (OvsScenario *scenario,
         JsonObject  *object,
         const char  *prefix,
         gboolean     strict,
         GHashTable  *leaves,
         GPtrArray   *order,
         GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = child_path (prefix, name);
      JsonNode *child = json_object_get_member (object, name);

      if (strict && (*name == '\0' || strpbrk (name, ".[]") != NULL))
        {
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       _("“%s”: a name that is empty or holds . [ or ] can only be written "
                         "in the request body"), name);
          return FALSE;
        }
      if (is_field (scenario, path))
        {
          if (!strict)
            continue;
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       _("“%s” is a field the form edits; change it there"), path);
          return FALSE;
        }
      if (is_container (scenario, path))
        {
          if (JSON_NODE_HOLDS_OBJECT (child))
            {
              if (!flatten (scenario, json_node_get_object (child), path, strict, leaves, order,
                            error))
                return FALSE;
              continue;
            }
          if (!strict)
            continue;
          g_set_error (error, OVS_ERROR, OVS_ERROR_INVALID,
                       _("“%s” holds fields the form edits: write your members inside it, "
                         "as an object"), path);
          return FALSE;
        }
      g_hash_table_insert (leaves, g_strdup (path), child);
      g_ptr_array_add (order, g_strdup (path));
    }
  return TRUE;
}

static void
show_error (OvsExtraPanel *self,
            const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (self->frame, "error");
  else
    gtk_widget_remove_css_class (self->frame, "error");
}

static char *
buffer_text (OvsExtraPanel *self)
{
  GtkTextIter start, end;

  if (self->buffer == NULL)
    return g_strdup ("");
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  return gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
}

static void buffer_changed_cb (OvsExtraPanel *self);

static void
ensure_editor (OvsExtraPanel *self)
{
  if (self->view != NULL)
    return;

  self->buffer = ovs_json_highlight_new_buffer ();
  self->view = g_object_new (GTK_SOURCE_TYPE_VIEW,
                             "buffer", self->buffer,
                             "name", "extra-json",
                             "monospace", TRUE,
                             "wrap-mode", GTK_WRAP_WORD_CHAR,
                             "tab-width", 2,
                             "auto-indent", TRUE,
                             "top-margin", 8,
                             "bottom-margin", 8,
                             "left-margin", 12,
                             "right-margin", 12,
                             NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Custom fields, as JSON"), -1);
  gtk_frame_set_child (GTK_FRAME (self->frame), self->view);
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
}

/* The editor shows while the body has members of this kind, and never vanishes under the
 * user's fingers: emptying it by hand keeps it on screen. */
static void
update_editor_visible (OvsExtraPanel *self,
                       gboolean       any)
{
  gtk_widget_set_visible (self->frame,
                          any || (self->view != NULL && gtk_widget_has_focus (self->view)));
}

/* Shows the unknown members, unless the text already says the same (the user's spacing
 * and the cursor stay where they are then). */
static void
refresh (OvsExtraPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(JsonNode) unknown = ovs_extra_panel_dup_unknown (request);
  gboolean any = json_object_get_size (json_node_get_object (unknown)) > 0;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) typed = NULL;

  if (any)
    ensure_editor (self);
  if (self->buffer != NULL)
    {
      text = buffer_text (self);
      typed = ovs_json_parse_object (text, -1, NULL, NULL, NULL);
      if (typed == NULL || !json_node_equal (typed, unknown))
        {
          g_autofree char *shown = ovs_json_to_string (unknown);

          ovs_panel_begin_update (OVS_PANEL (self));
          gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), shown, -1);
          ovs_panel_end_update (OVS_PANEL (self));
          show_error (self, NULL);
        }
    }
  update_editor_visible (self, any);
}

static void
buffer_changed_cb (OvsExtraPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) typed = NULL;
  g_autoptr(JsonNode) unknown = NULL;
  g_autoptr(GHashTable) old_leaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) new_leaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) old_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) new_order = g_ptr_array_new_with_free_func (g_free);

  if (ovs_panel_is_updating (OVS_PANEL (self)) || request == NULL)
    return;

  text = buffer_text (self);
  typed = ovs_json_parse_object (text, -1, NULL, NULL, &error);
  if (typed == NULL
      || !flatten (scenario, json_node_get_object (typed), NULL, TRUE, new_leaves, new_order,
                   &error))
    {
      show_error (self, error->message);
      return;
    }
  show_error (self, NULL);

  unknown = ovs_extra_panel_dup_unknown (request);
  flatten (scenario, json_node_get_object (unknown), NULL, FALSE, old_leaves, old_order, NULL);

  ovs_panel_begin_update (OVS_PANEL (self));
  for (guint i = 0; i < old_order->len; i++)
    {
      const char *path = g_ptr_array_index (old_order, i);

      if (!g_hash_table_contains (new_leaves, path))
        ovs_request_remove (request, path);
    }
  for (guint i = 0; i < new_order->len; i++)
    {
      const char *path = g_ptr_array_index (new_order, i);
      JsonNode *before = g_hash_table_lookup (old_leaves, path);
      JsonNode *after = g_hash_table_lookup (new_leaves, path);

      if (before == NULL || !json_node_equal (before, after))
        ovs_request_set_node (request, path, json_node_copy (after));
    }
  ovs_panel_end_update (OVS_PANEL (self));

  {
    g_autoptr(JsonNode) now = ovs_extra_panel_dup_unknown (request);

    update_editor_visible (self, json_object_get_size (json_node_get_object (now)) > 0);
  }
}

/* Scrolls the page until all of @widget is in sight, if it lies below. */
static void
scroll_into_sight (GtkWidget *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  if (scroller != NULL && gtk_widget_compute_bounds (widget, scroller, &bounds))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      double below = bounds.origin.y + bounds.size.height - gtk_widget_get_height (scroller);

      if (below > 0)
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + below);
    }
}

/* The page keeps growing for a few frames after the JSON editor appears above the row (a
 * text view lays its lines out in idle time, more of them on a loaded machine): the row is
 * kept in sight while the page's height changes, for three frames without a change or a
 * second at most. Scrolling by the user changes the value, not the height: not fought. */
typedef struct
{
  double upper;
  guint  stable;
  gint64 until;
} InSight;

static gboolean
in_sight_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  InSight *sight = data;
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  double upper;

  if (scroller == NULL)
    return G_SOURCE_REMOVE;
  upper = gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
  if (upper != sight->upper)
    {
      sight->upper = upper;
      sight->stable = 0;
      scroll_into_sight (widget);
    }
  else
    sight->stable++;
  return sight->stable < 3 && gdk_frame_clock_get_frame_time (clock) < sight->until
         ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Focuses @widget and scrolls the page until all of it is in sight. */
static void
focus_cb (GtkWidget *widget)
{
  InSight *sight = g_new0 (InSight, 1);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  gtk_widget_grab_focus (widget);
  scroll_into_sight (widget);
  sight->upper = -1;
  sight->until = (clock != NULL ? gdk_frame_clock_get_frame_time (clock) : g_get_monotonic_time ())
                 + G_USEC_PER_SEC;
  gtk_widget_add_tick_callback (widget, in_sight_tick_cb, sight, g_free);
}

/* "Add a custom field": a name (dots go into objects) and a value, JSON or else text. */
static void
add_field_cb (OvsExtraPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  g_auto(GStrv) steps = NULL;
  g_autoptr(GString) walked = g_string_new (NULL);
  JsonNode *value = NULL;

  if (*name == '\0')
    {
      gtk_widget_grab_focus (self->name_row);
      return;
    }

  steps = g_strsplit (name, ".", -1);
  for (guint i = 0; steps[i] != NULL; i++)
    {
      gboolean last = steps[i + 1] == NULL;

      if (*steps[i] == '\0' || strpbrk (steps[i], "[]") != NULL)
        {
          show_error (self, _("A field name is words joined by dots, like metadata.my_flag"));
          return;
        }
      if (walked->len > 0)
        g_string_append_c (walked, '.');
      g_string_append (walked, steps[i]);
      if (is_field (scenario, walked->str)
          || (last && is_container (scenario, walked->str)))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is a field the form edits; change it there"),
                                                      walked->str);

          show_error (self, message);
          return;
        }
    }

  /* json-glib recurses per level: a pasted value nested absurdly deep stays a string. */
  if (ovs_json_check_depth (text, strlen (text), NULL, NULL, NULL))
    value = json_from_string (text, NULL);
  if (value == NULL)
    value = json_node_init_string (json_node_alloc (), text);

  show_error (self, NULL);
  ovs_request_set_node (request, name, value);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), "");
  /* Once laid out: the editor that may just have appeared pushes the row down, out of
   * the page at 700 pixels. */
  ovs_widget_after_frame (self->name_row, focus_cb);
}

static void
ovs_extra_panel_request_changed (OvsPanel   *panel,
                                 const char *path)
{
  OvsExtraPanel *self = OVS_EXTRA_PANEL (panel);
  OvsRequest *request = ovs_panel_get_request (panel);

  /* A change to one of the form's own fields (each keystroke in the prompt) leaves the
   * unknown members as they were: no need to collect and compare them again (issue 14).
   * Anything else (a whole new body, a member the form does not know) may add or drop one. */
  if (path != NULL && request != NULL && is_field (ovs_request_get_scenario (request), path)
      && !is_container (ovs_request_get_scenario (request), path))
    return;
  refresh (self);
}

static void
ovs_extra_panel_show_problems (OvsPanel  *panel,
                               GPtrArray *problems)
{
  /* The checks know nothing about these members: nothing of theirs to show here. */
}

static void
name_activated_cb (AdwEntryRow   *row,
                   OvsExtraPanel *self)
{
  gtk_widget_grab_focus (self->value_row);
}

/* The rows under "Add a custom field", made when it is first activated. */
static void
ensure_add_rows (OvsExtraPanel *self)
{
  if (self->name_row != NULL)
    return;

  self->name_row = g_object_new (ADW_TYPE_ENTRY_ROW,
                                 "name", "extra-name",
                                 "title", _("Name"),
                                 NULL);
  g_signal_connect (self->name_row, "entry-activated", G_CALLBACK (name_activated_cb), self);
  self->value_row = g_object_new (ADW_TYPE_ENTRY_ROW,
                                  "name", "extra-value",
                                  "title", _("Value: JSON, or else text"),
                                  "show-apply-button", TRUE,
                                  NULL);
  g_signal_connect_swapped (self->value_row, "apply", G_CALLBACK (add_field_cb), self);
  g_signal_connect_swapped (self->value_row, "entry-activated", G_CALLBACK (add_field_cb), self);
  gtk_list_box_append (GTK_LIST_BOX (self->add_list), self->name_row);
  gtk_list_box_append (GTK_LIST_BOX (self->add_list), self->value_row);
}

static void
add_row_activated_cb (OvsExtraPanel *self)
{
  ensure_add_rows (self);
  gtk_widget_grab_focus (self->name_row);
}

static void
ovs_extra_panel_constructed (GObject *object)
{
  OvsExtraPanel *self = OVS_EXTRA_PANEL (object);

  G_OBJECT_CLASS (ovs_extra_panel_parent_class)->constructed (object);

  refresh (self);
}

static void
ovs_extra_panel_dispose (GObject *object)
{
  OvsExtraPanel *self = OVS_EXTRA_PANEL (object);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_EXTRA_PANEL);

  G_OBJECT_CLASS (ovs_extra_panel_parent_class)->dispose (object);
}

static void
ovs_extra_panel_finalize (GObject *object)
{
  OvsExtraPanel *self = OVS_EXTRA_PANEL (object);

  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (ovs_extra_panel_parent_class)->finalize (object);
}

static void
ovs_extra_panel_class_init (OvsExtraPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-extra-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsExtraPanel, frame);
  gtk_widget_class_bind_template_child (widget_class, OvsExtraPanel, error_label);
  gtk_widget_class_bind_template_child (widget_class, OvsExtraPanel, add_list);
  gtk_widget_class_bind_template_child (widget_class, OvsExtraPanel, add_row);
  gtk_widget_class_bind_template_callback (widget_class, add_row_activated_cb);

  object_class->constructed = ovs_extra_panel_constructed;
  object_class->dispose = ovs_extra_panel_dispose;
  object_class->finalize = ovs_extra_panel_finalize;

  panel_class->request_changed = ovs_extra_panel_request_changed;
  panel_class->show_problems = ovs_extra_panel_show_problems;
}

static void
ovs_extra_panel_init (OvsExtraPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ovs_extra_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_EXTRA_PANEL, "request", request, NULL);
}
