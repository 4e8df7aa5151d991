/* test-composer.c: the composer driven as a user drives it, under Xvfb
 *
 * Every form widget is named after the JSON path it edits; the driver below walks a
 * documented example and sets each value through its widget (choice rows by value, spin
 * buttons, entries, text views, "[+]" rows to add list items), then compares the request
 * body, and the preview beside the form, with the documented bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovs-app-widgets.h"
#include "ovs-catalog.h"
#include "ovs-choice-row.h"
#include "ovs-composer.h"
#include "ovs-core.h"
#include "ovs-draft-history.h"
#include "ovs-json-preview.h"
#include "ovs-json.h"
#include "ovs-json-highlight.h"
#include "ovs-panel.h"
#include "ovs-scenario-row.h"
#include "ovs-task-pane.h"
#include "ovs-test-ui.h"
#include "ovs-test-util.h"
#include "ovs-validate.h"
#include "ovs-window.h"

static OvsWindow *
new_window (void)
{
  OvsWindow *window = ovs_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  ovs_test_settle (50);
  ovs_test_wait_draft (window);
  return window;
}

static char *
scalar_text (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    return g_strdup_printf ("%g", json_node_get_double (node));
  return g_strdup (json_node_get_string (node));
}

/* The spin button of @widget: itself, or the one in a row that edits a number. */
static GtkSpinButton *
spin_of (GtkWidget *widget)
{
  if (GTK_IS_SPIN_BUTTON (widget) || ADW_IS_ACTION_ROW (widget))
    return GTK_SPIN_BUTTON (ovs_test_find_of_type (widget, GTK_TYPE_SPIN_BUTTON));
  return NULL;
}

/* Sets one value through the widget named @path. FALSE when there is no such widget. */
static gboolean
drive_value (GtkWidget  *root,
             const char *path,
             JsonNode   *value)
{
  GtkWidget *widget = ovs_test_find_named (root, path);
  g_autofree char *text = scalar_text (value);

  if (widget == NULL)
    return FALSE;

  if (ADW_IS_COMBO_ROW (widget))
    {
      const char * const *values = ovs_choice_row_get_values (OVS_CHOICE_ROW (widget));
      guint position = GTK_INVALID_LIST_POSITION;

      g_assert_nonnull (values);
      for (guint i = 0; values[i] != NULL; i++)
        if (g_str_equal (values[i], text))
          position = i;
      if (position == GTK_INVALID_LIST_POSITION)
        g_error ("%s: the choices have no “%s”", path, text);
      adw_combo_row_set_selected (ADW_COMBO_ROW (widget), position);
    }
  else if (spin_of (widget) != NULL)
    {
      gtk_spin_button_set_value (spin_of (widget), g_ascii_strtod (text, NULL));
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
    }
  else if (GTK_IS_EDITABLE (widget))
    {
      gtk_editable_set_text (GTK_EDITABLE (widget), text);
    }
  else
    {
      g_error ("%s: a %s cannot be driven", path, G_OBJECT_TYPE_NAME (widget));
    }

  ovs_test_settle (5);
  return TRUE;
}

static gboolean
drive_string (GtkWidget  *root,
              const char *path,
              const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);

  return drive_value (root, path, node);
}

/* Adds item @index of the list at @path through "<path>[+]". */
static void
drive_add (GtkWidget  *root,
           const char *path,
           JsonNode   *item)
{
  g_autofree char *add_name = g_strconcat (path, "[+]", NULL);
  GtkWidget *add = ovs_test_find_named (root, add_name);

  if (add == NULL)
    g_error ("no widget named %s to add an item", add_name);

  if (GTK_IS_BUTTON (add))
    {
      g_signal_emit_by_name (add, "clicked");
    }
  else if (ADW_IS_ENTRY_ROW (add))
    {
      /* The entry takes the item itself (a URL, an id) or the member it names. */
      const char *key = g_object_get_data (G_OBJECT (add), "ovs-add-key");
      g_autofree char *member = NULL;
      JsonNode *source;
      g_autofree char *text = NULL;

      /* "{type}.url": the member is named by the item's own "type" (Seedance content). */
      if (key != NULL && g_str_has_prefix (key, "{type}") && JSON_NODE_HOLDS_OBJECT (item))
        member = g_strconcat (json_object_get_string_member_with_default (json_node_get_object (item),
                                                                          "type", ""),
                              key + strlen ("{type}"), NULL);
      else
        member = g_strdup (key);
      source = member != NULL ? ovs_json_get_path (item, member) : item;

      g_assert_nonnull (source);
      text = scalar_text (source);
      gtk_editable_set_text (GTK_EDITABLE (add), text);
      g_signal_emit_by_name (add, "apply");
    }
  else
    {
      g_error ("%s: a %s cannot add items", add_name, G_OBJECT_TYPE_NAME (add));
    }
  ovs_test_settle (5);
}

/* Walks @node in the order a user fills a form (the request's own tests build bodies in
 * reverse order, which checks where new members go). */
static void
drive (GtkWidget  *root,
       OvsRequest *request,
       JsonNode   *node,
       const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_str_equal (path, "$")
                                   ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);

          drive (root, request, json_object_get_member (json_node_get_object (node), l->data), child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
          JsonNode *item = json_array_get_element (array, i);

          if (ovs_request_get_n_items (request, path) <= i)
            drive_add (root, path, item);
          drive (root, request, item, item_path);
        }
    }
  else
    {
      /* Values with no widget of their own (a shot's index) are the form's to write; the
       * final comparison tells whether it did. */
      drive_value (root, path, node);
    }
}

static char *
preview_text (OvsWindow *window)
{
  GtkTextBuffer *buffer = ovs_json_preview_get_buffer (ovs_window_get_preview (window));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_build_every_example (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *id = ovs_test_example_scenario (name);
      g_autofree char *expected = NULL;
      g_autofree char *written = NULL;
      g_autofree char *shown = NULL;
      g_autoptr(JsonNode) example = NULL;
      OvsWindow *window = new_window ();
      OvsComposer *composer = ovs_window_get_composer (window);
      OvsRequest *request;
      gsize length;

      g_test_message ("building %s", id);
      expected = ovs_test_read_example (name, &length);
      example = ovs_json_parse_object (expected, length, NULL, NULL, NULL);

      g_assert_true (ovs_test_select_scenario (window, id));
      ovs_test_settle (10);
      ovs_composer_clear (composer);
      ovs_test_settle (10);
      request = ovs_composer_get_request (composer);
      g_assert_cmpstr (ovs_scenario_get_id (ovs_request_get_scenario (request)), ==, id);

      drive (GTK_WIDGET (window), request, example, "$");
      ovs_test_settle (600);

      written = ovs_request_to_json (request);
      g_assert_cmpstr (written, ==, expected);
      /* What the user sees beside the form is the same body. */
      shown = preview_text (window);
      g_assert_cmpstr (shown, ==, expected);
      ovs_composer_validate_now (composer);
      g_assert_cmpuint (ovs_composer_get_n_errors (composer), ==, 0);

      ovs_test_close_window (window);
    }
}

/* What a widget shows for @path, as JSON text would say it. */
static char *
widget_value (GtkWidget *widget)
{
  if (ADW_IS_COMBO_ROW (widget))
    {
      const char * const *values = ovs_choice_row_get_values (OVS_CHOICE_ROW (widget));
      guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (widget));

      return position == GTK_INVALID_LIST_POSITION ? NULL : g_strdup (values[position]);
    }
  if (spin_of (widget) != NULL)
    return g_strdup_printf ("%g", gtk_spin_button_get_value (spin_of (widget)));
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
  return NULL;
}

static void
check_shown (GtkWidget  *root,
             JsonNode   *node,
             const char *path,
             guint      *checked)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_str_equal (path, "$")
                                   ? g_strdup (l->data) : g_strconcat (path, ".", l->data, NULL);

          check_shown (root, json_object_get_member (json_node_get_object (node), l->data), child,
                       checked);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          g_autofree char *item = g_strdup_printf ("%s[%u]", path, i);

          check_shown (root, json_array_get_element (json_node_get_array (node), i), item, checked);
        }
    }
  else
    {
      GtkWidget *widget = ovs_test_find_named (root, path);
      g_autofree char *expected = scalar_text (node);
      g_autofree char *shown = NULL;

      if (widget == NULL)
        return;
      shown = widget_value (widget);
      if (spin_of (widget) != NULL)
        g_assert_cmpfloat (g_ascii_strtod (shown, NULL), ==, g_ascii_strtod (expected, NULL));
      else
        g_assert_cmpstr (shown, ==, expected);
      (*checked)++;
    }
}

static void
test_import_fills_the_form (void)
{
  g_autoptr(GPtrArray) names = ovs_test_example_names ();

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *id = ovs_test_example_scenario (name);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) example = NULL;
      g_autoptr(GError) error = NULL;
      OvsWindow *window = new_window ();
      OvsComposer *composer = ovs_window_get_composer (window);
      guint checked = 0;
      gsize length;

      /* Start somewhere else: the import finds the scenario by itself. */
      g_assert_true (ovs_test_select_scenario (window, i == 0 ? "hunyuan-3d-scene" : "text-to-video"));
      ovs_test_settle (10);

      text = ovs_test_read_example (name, &length);
      example = ovs_json_parse_object (text, length, NULL, NULL, NULL);
      g_assert_true (ovs_composer_import (composer, text, &error));
      g_assert_no_error (error);
      ovs_test_settle (30);

      g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, id);
      check_shown (GTK_WIDGET (window), example, "$", &checked);
      /* At least the model and the prompt are on screen. */
      g_assert_cmpuint (checked, >=, 2);

      ovs_test_close_window (window);
    }
}

/* The tag the prompt shows over the whole of the first @needle in it (the last one if
 * @last): "problem", "placeholder" or NULL. */
static const char *
prompt_tag_at (GtkTextBuffer *buffer,
               const char    *needle,
               gboolean       last)
{
  static const char * const names[] = { "problem", "placeholder" };
  GtkTextIter from, match, match_end;
  gboolean found;

  if (last)
    {
      gtk_text_buffer_get_end_iter (buffer, &from);
      found = gtk_text_iter_backward_search (&from, needle, 0, &match, &match_end, NULL);
    }
  else
    {
      gtk_text_buffer_get_start_iter (buffer, &from);
      found = gtk_text_iter_forward_search (&from, needle, 0, &match, &match_end, NULL);
    }
  if (!found)
    g_error ("“%s” is not in the prompt", needle);
  gtk_text_iter_backward_char (&match_end);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), names[i]);

      if (gtk_text_iter_has_tag (&match, tag) && gtk_text_iter_has_tag (&match_end, tag))
        return names[i];
    }
  return NULL;
}

/* Types @text at the end of the prompt. */
static void
append (GtkTextBuffer *buffer,
        const char    *text)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

/* The count under the prompt: the caption inscription in its panel. */
static gboolean
is_caption (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_INSCRIPTION (widget) && gtk_widget_has_css_class (widget, "caption");
}

static const char *
prompt_count (GtkWidget *window)
{
  GtkWidget *prompt = ovs_test_find_named (window, "prompt");
  GtkWidget *count = ovs_test_find_widget (gtk_widget_get_ancestor (prompt, OVS_TYPE_PANEL),
                                           is_caption, NULL);

  g_assert_nonnull (count);
  return gtk_inscription_get_text (GTK_INSCRIPTION (count));
}

static const char *count_expected;

static gboolean
count_shown (gpointer window)
{
  return g_strcmp0 (prompt_count (window), count_expected) == 0;
}

static void
test_placeholder_problems_follow_media (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  GtkWidget *add;
  GtkTextBuffer *buffer;

  g_assert_true (ovs_test_select_scenario (window, "kling-image-video-mix"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  ovs_test_settle (10);

  /* Remove the image: <<<image_1>>> now points at nothing. */
  ovs_request_remove (ovs_composer_get_request (composer), "images");
  ovs_composer_validate_now (composer);
  ovs_test_settle (10);

  g_assert_true (ovs_composer_get_n_errors (composer) > 0);
  {
    gboolean placeholder = FALSE;
    GPtrArray *problems = ovs_composer_get_problems (composer);

    for (guint i = 0; i < problems->len; i++)
      {
        OvsProblem *problem = g_ptr_array_index (problems, i);

        if (problem->kind == OVS_PROBLEM_PLACEHOLDER && g_str_equal (problem->path, "prompt"))
          placeholder = TRUE;
      }
    g_assert_true (placeholder);
  }
  g_assert_null (ovs_test_find_named (GTK_WIDGET (window), "images[0]"));
  /* The prompt underlines the placeholder that points at nothing. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ovs_test_find_named (GTK_WIDGET (window),
                                                                          "prompt")));
  g_assert_cmpstr (prompt_tag_at (buffer, "<<<image_1>>>", FALSE), ==, "problem");

  /* Typing on its line, and on a line of its own, leaves it so; what is typed is plain. */
  append (buffer, " and the sea");
  append (buffer, "\nat dusk");
  ovs_composer_validate_now (composer);
  ovs_test_settle (10);
  g_assert_cmpstr (prompt_tag_at (buffer, "<<<image_1>>>", FALSE), ==, "problem");
  g_assert_null (prompt_tag_at (buffer, "the sea", FALSE));
  g_assert_null (prompt_tag_at (buffer, "at dusk", FALSE));
  /* The count follows the text by the next frame. */
  {
    g_autofree char *expected = g_strdup_printf ("%d characters",
                                                 gtk_text_buffer_get_char_count (buffer));

    count_expected = expected;
    ovs_test_spin_until (count_shown, window, 2000);
    g_assert_cmpstr (prompt_count (GTK_WIDGET (window)), ==, expected);
  }

  /* Add an image through the form: the problem clears. */
  add = ovs_test_find_named (GTK_WIDGET (window), "images[+]");
  g_assert_nonnull (add);
  gtk_editable_set_text (GTK_EDITABLE (add), "https://example.com/new.png");
  g_signal_emit_by_name (add, "apply");
  ovs_test_settle (10);
  ovs_composer_validate_now (composer);
  g_assert_cmpuint (ovs_composer_get_n_errors (composer), ==, 0);
  g_assert_nonnull (ovs_test_find_named (GTK_WIDGET (window), "images[0]"));
  /* And the placeholder is highlighted as one that points at something. */
  g_assert_cmpstr (prompt_tag_at (buffer, "<<<image_1>>>", FALSE), ==, "placeholder");

  /* A new placeholder typed after a plain word is highlighted as it is completed. */
  append (buffer, " <<<image_1>>");
  append (buffer, ">");
  ovs_test_settle (10);
  g_assert_cmpstr (prompt_tag_at (buffer, "<<<image_1>>>", TRUE), ==, "placeholder");

  ovs_test_close_window (window);
}

/* Vidu's subjects are named in the prompt as @id: the prompt highlights the ids the request
 * lists, and a line typed without an @ leaves them so. */
static void
test_prompt_mentions_highlighted (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  GtkTextBuffer *buffer;

  g_assert_true (ovs_test_select_scenario (window, "vidu-subjects-voice"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  ovs_test_settle (10);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ovs_test_find_named (GTK_WIDGET (window),
                                                                          "prompt")));
  g_assert_cmpstr (prompt_tag_at (buffer, "@girl", FALSE), ==, "placeholder");
  g_assert_cmpstr (prompt_tag_at (buffer, "@dog", FALSE), ==, "placeholder");

  append (buffer, " then they wave");
  ovs_test_settle (10);
  g_assert_cmpstr (prompt_tag_at (buffer, "@girl", FALSE), ==, "placeholder");
  g_assert_null (prompt_tag_at (buffer, "they wave", FALSE));

  /* A mention typed in, on a line of its own, is highlighted as it is typed. */
  append (buffer, "\nand @do");
  append (buffer, "g jumps");
  ovs_test_settle (10);
  g_assert_cmpstr (prompt_tag_at (buffer, "@dog", TRUE), ==, "placeholder");

  ovs_test_close_window (window);
}

static void
test_shot_editor (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  OvsRequest *request;
  g_autoptr(GPtrArray) shots = NULL;
  GtkWidget *add, *panel;
  gboolean mismatch = FALSE;

  g_assert_true (ovs_test_select_scenario (window, "kling-multishot-custom"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  ovs_test_settle (10);
  request = ovs_composer_get_request (composer);

  /* A third shot through the form: numbered 3, and 2 + 3 + 1 s no longer makes 5 s. */
  add = ovs_test_find_named (GTK_WIDGET (window), OVS_SHOTS_PATH "[+]");
  g_assert_nonnull (add);
  g_signal_emit_by_name (add, "clicked");
  ovs_test_settle (10);
  drive_string (GTK_WIDGET (window), OVS_SHOTS_PATH "[2].prompt", "特写:小狗的眼睛");
  shots = ovs_request_dup_shots (request);
  g_assert_cmpstr (((OvsShot *) g_ptr_array_index (shots, 2))->prompt, ==, "特写:小狗的眼睛");
  g_assert_cmpuint (shots->len, ==, 3);
  for (guint i = 0; i < shots->len; i++)
    g_assert_cmpint (((OvsShot *) g_ptr_array_index (shots, i))->index, ==, i + 1);

  ovs_composer_validate_now (composer);
  for (guint i = 0; i < ovs_composer_get_problems (composer)->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (ovs_composer_get_problems (composer), i);

      mismatch |= problem->kind == OVS_PROBLEM_SHOT_DURATION;
    }
  g_assert_true (mismatch);
  /* Beside the list, the message reads as a sentence (on the command line it follows a
   * path, in lower case). */
  ovs_test_settle (10);
  {
    const char *description =
      adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (ovs_composer_get_panel (composer, "shots")));

    g_assert_nonnull (description);
    g_assert_true (g_str_has_prefix (description, "The shots last 6 s in all"));
  }
  /* The Submit button says why it is off. */
  g_assert_false (gtk_widget_is_sensitive (ovs_test_find_named (GTK_WIDGET (window), "submit")));

  /* "Fit to length" from the panel makes them add up again. */
  panel = ovs_composer_get_panel (composer, "shots");
  g_assert_true (gtk_widget_activate_action (panel, "shots.fit", NULL));
  ovs_test_settle (10);
  g_assert_cmpfloat (ovs_request_get_shots_total (request), ==, 5);
  ovs_composer_validate_now (composer);
  g_assert_cmpuint (ovs_composer_get_n_errors (composer), ==, 0);

  ovs_test_close_window (window);
}

/* A picture somewhere in @widget that shows something. */
static gboolean
shows_picture (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_PICTURE (widget) && gtk_picture_get_paintable (GTK_PICTURE (widget)) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_picture (child))
      return TRUE;
  return FALSE;
}

static gboolean
thumbnail_shown (gpointer data)
{
  return shows_picture (GTK_WIDGET (data));
}

static void
test_reference_thumbnails (void)
{
  OvsWindow *window = new_window ();
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 160, 90);
  g_autofree char *png = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *url = NULL;
  gsize size = 0;
  GtkWidget *add, *row;

  gdk_pixbuf_fill (pixbuf, 0x3070c0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", NULL, NULL));
  encoded = g_base64_encode ((const guchar *) png, size);
  url = g_strconcat ("data:image/png;base64,", encoded, NULL);

  g_assert_true (ovs_test_select_scenario (window, "image-to-video"));
  ovs_test_settle (10);
  ovs_request_remove (ovs_composer_get_request (ovs_window_get_composer (window)), "images");
  ovs_test_settle (10);
  add = ovs_test_find_named (GTK_WIDGET (window), "images[+]");
  gtk_editable_set_text (GTK_EDITABLE (add), url);
  g_signal_emit_by_name (add, "apply");
  row = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
  g_assert_nonnull (row);
  /* An inline file is described, not shown as base64, and gets its thumbnail. */
  g_assert_nonnull (strstr (gtk_editable_get_text (GTK_EDITABLE (row)), "image/png"));
  ovs_test_spin_until (thumbnail_shown, row, 10000);
  g_assert_true (thumbnail_shown (row));
  ovs_test_close_window (window);
}

static char *
image_at (OvsRequest *request,
          guint       index)
{
  g_autofree char *path = g_strdup_printf ("images[%u]", index);

  return g_strdup (ovs_request_get_string (request, path));
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* The reference rows move and go by their buttons' actions, and by dragging one onto
 * another; the request follows, and the rows keep their JSON path names. */
static void
test_reference_rows_reorder (void)
{
  OvsWindow *window = new_window ();
  OvsRequest *request;
  const char *urls[] = { "https://a.example/1.png", "https://a.example/2.png",
                         "https://a.example/3.png" };
  GtkWidget *add, *row;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *last = NULL;

  g_assert_true (ovs_test_select_scenario (window, "image-to-video"));
  ovs_test_settle (10);
  request = ovs_composer_get_request (ovs_window_get_composer (window));
  ovs_request_remove (request, "images");
  ovs_test_settle (10);
  add = ovs_test_find_named (GTK_WIDGET (window), "images[+]");
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      gtk_editable_set_text (GTK_EDITABLE (add), urls[i]);
      g_signal_emit_by_name (add, "apply");
    }
  ovs_test_settle (10);
  g_assert_cmpuint (ovs_request_get_n_items (request, "images"), ==, 3);

  /* Down from the top, and nothing above the top. */
  row = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
  gtk_widget_activate_action (row, "row.move-down", NULL);
  ovs_test_settle (10);
  row = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
  gtk_widget_activate_action (row, "row.move-up", NULL);
  ovs_test_settle (10);
  first = image_at (request, 0);
  second = image_at (request, 1);
  g_assert_cmpstr (first, ==, urls[1]);
  g_assert_cmpstr (second, ==, urls[0]);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ovs_test_find_named (GTK_WIDGET (window), "images[0]"))),
                   ==, urls[1]);

  /* Drag the last onto the first: it takes the first place. */
  {
    GtkWidget *target = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
    GtkWidget *dragged = ovs_test_find_named (GTK_WIDGET (window), "images[2]");
    GtkDropTarget *drop = drop_target_of (target);
    g_auto(GValue) value = G_VALUE_INIT;
    gboolean accepted = FALSE;

    g_assert_nonnull (drop);
    g_value_init (&value, G_OBJECT_TYPE (dragged));
    g_value_set_object (&value, dragged);
    g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &accepted);
    g_assert_true (accepted);
    ovs_test_settle (10);
  }
  g_clear_pointer (&first, g_free);
  first = image_at (request, 0);
  g_assert_cmpstr (first, ==, urls[2]);

  /* Remove the last one: two are left, named images[0] and images[1]. */
  row = ovs_test_find_named (GTK_WIDGET (window), "images[2]");
  gtk_widget_activate_action (row, "row.remove", NULL);
  ovs_test_settle (10);
  g_assert_cmpuint (ovs_request_get_n_items (request, "images"), ==, 2);
  g_assert_null (ovs_test_find_named (GTK_WIDGET (window), "images[2]"));
  last = image_at (request, 1);
  g_assert_cmpstr (last, ==, urls[1]);

  ovs_test_close_window (window);
}

/* The Insert Reference menu lists the references: typing the prompt leaves it alone (it was
 * rebuilt at each keystroke, closing it under the pointer), adding an image updates it in
 * place, open. Its popover is made when first opened (issue 14: not before the first
 * frame, nor at each change of the media). */
static gboolean
is_label_text (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static void
test_insert_menu_follows_references (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  OvsRequest *request;
  GtkMenuButton *insert;
  GtkTextBuffer *buffer;
  GMenuModel *before;
  GtkWidget *popover;
  guint items_before;
  g_autofree char *new_item = NULL;

  g_assert_true (ovs_test_select_scenario (window, "kling-image-video-mix"));
  ovs_test_settle (10);
  request = ovs_composer_get_request (composer);
  insert = GTK_MENU_BUTTON (ovs_test_find_of_type (ovs_composer_get_panel (composer, "prompt"),
                                                   GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (insert);
  g_assert_null (gtk_menu_button_get_popover (insert));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ovs_test_find_named (GTK_WIDGET (window), "prompt")));

  gtk_menu_button_popup (insert);
  ovs_test_settle (10);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (insert));
  g_assert_true (popover != NULL && gtk_widget_get_visible (popover));
  before = g_object_ref (gtk_menu_button_get_menu_model (insert));
  {
    g_autoptr(GMenuModel) media = g_menu_model_get_item_link (before, 0, G_MENU_LINK_SECTION);

    items_before = g_menu_model_get_n_items (media);
  }

  for (const char *c = "a cat"; *c != '\0'; c++)
    {
      gtk_text_buffer_insert_at_cursor (buffer, (char[]) { *c, '\0' }, -1);
      ovs_test_settle (5);
    }
  g_assert_true (gtk_menu_button_get_menu_model (insert) == before);
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (insert)) == popover);

  ovs_request_insert_item (request, "images", -1,
                           json_node_init_string (json_node_alloc (), "https://a.example/new.png"));
  ovs_test_settle (10);
  {
    GMenuModel *media = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (insert), 0,
                                                    G_MENU_LINK_SECTION);

    g_assert_cmpint (g_menu_model_get_n_items (media), ==, items_before + 1);
    g_object_unref (media);
  }
  /* The open menu shows it. */
  new_item = g_strdup_printf ("Reference image %u", ovs_request_get_n_items (request, "images"));
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (insert)) == popover);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_nonnull (ovs_test_find_widget (popover, is_label_text, new_item));
  gtk_menu_button_popdown (insert);
  g_object_unref (before);
  ovs_test_close_window (window);
}

/* "seconds": "99" typed in the JSON: the form shows 99, as the body sends it, and flags
 * the row; it used to show the end of its range, 60 (issue 15). */
static void
test_length_beyond_range_shown (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  GtkWidget *row;
  g_autofree char *shown = NULL;

  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_settle (10);
  ovs_request_set_seconds (ovs_composer_get_request (composer), "99");
  ovs_composer_validate_now (composer);
  ovs_test_settle (10);

  row = ovs_test_find_named (GTK_WIDGET (window), "seconds");
  g_assert_nonnull (row);
  shown = widget_value (row);
  g_assert_cmpstr (shown, ==, "99");
  g_assert_true (gtk_widget_has_css_class (row, "error") || gtk_widget_has_css_class (row, "warning"));
  ovs_test_close_window (window);
}

static void
test_draft_survives_restart (void)
{
  const char *prompt = "草稿:一只猫在月球上散步";
  OvsWindow *window = new_window ();
  GtkWidget *view;
  g_autofree char *path = NULL;

  g_assert_true (ovs_test_select_scenario (window, "vidu-bgm"));
  ovs_test_settle (10);
  view = ovs_test_find_named (GTK_WIDGET (window), "prompt");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), prompt, -1);
  drive_string (GTK_WIDGET (window), "seconds", "7");
  ovs_test_settle (10);

  /* Closing writes the draft at once: no waiting for the pause. */
  ovs_test_close_window (window);
  {
    g_autofree char *dir = ovs_composer_dup_drafts_dir ();

    path = g_build_filename (dir, "vidu-bgm.json", NULL);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  /* A new window (a new composer, nothing in memory) restores it from disk. */
  window = new_window ();
  g_assert_true (ovs_test_select_scenario (window, "vidu-bgm"));
  ovs_test_settle (10);
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (ovs_window_get_composer (window))),
                   ==, prompt);
  g_assert_cmpstr (ovs_request_get_seconds (ovs_composer_get_request (ovs_window_get_composer (window))),
                   ==, "7");
  {
    g_autofree char *shown = widget_value (ovs_test_find_named (GTK_WIDGET (window), "prompt"));

    g_assert_cmpstr (shown, ==, prompt);
  }
  ovs_test_close_window (window);
}

static void
test_preview_edits_flow_back (void)
{
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  OvsJsonPreview *preview = ovs_window_get_preview (window);
  GtkTextBuffer *buffer = ovs_json_preview_get_buffer (preview);
  g_autofree char *before = NULL;

  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  ovs_test_settle (10);

  /* A valid edit: the form follows. */
  gtk_text_buffer_set_text (buffer,
                            "{\n  \"model\": \"Kling-3.0\",\n  \"prompt\": \"雪山\",\n  \"seconds\": \"8\",\n"
                            "  \"my_note\": [1, 2]\n}\n", -1);
  g_assert_true (ovs_json_preview_apply (preview));
  ovs_test_settle (10);
  g_assert_cmpstr (widget_value (ovs_test_find_named (GTK_WIDGET (window), "model")), ==, "Kling-3.0");
  g_assert_cmpstr (ovs_request_get_seconds (ovs_composer_get_request (composer)), ==, "8");
  g_assert_nonnull (ovs_request_get_node (ovs_composer_get_request (composer), "my_note"));

  /* An invalid edit: the reader's error shows, nothing changes. */
  before = ovs_request_to_json (ovs_composer_get_request (composer));
  gtk_text_buffer_set_text (buffer, "{\n  \"model\": \"Kling-3.0\",\n  \"prompt\": \n", -1);
  g_assert_false (ovs_json_preview_apply (preview));
  g_assert_nonnull (ovs_json_preview_get_error (preview));
  g_assert_nonnull (strstr (ovs_json_preview_get_error (preview), "line"));
  {
    g_autofree char *after = ovs_request_to_json (ovs_composer_get_request (composer));

    g_assert_cmpstr (after, ==, before);
  }
  ovs_test_close_window (window);
}

/* A first window, drawn and idle, has not loaded librsvg (6.5 MiB resident, a sixth of
 * issue 14's memory budget): a visible icon that only exists as an SVG loads it, as the
 * custom fields' expander arrow did. In a process of its own, the first window there. */
static void
test_start_loads_no_svg_library (void)
{
  if (g_test_subprocess ())
    {
      OvsWindow *window = ovs_window_new (NULL);
      g_autofree char *maps = NULL;

      /* As released: a development build's header bar is striped, with an SVG. */
      gtk_widget_remove_css_class (GTK_WIDGET (window), "devel");
      gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
      gtk_window_present (GTK_WINDOW (window));
      ovs_test_wait_draft (window);
      ovs_test_settle (1000);
      g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
      g_assert_null (strstr (maps, "librsvg"));
      ovs_test_close_window (window);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gboolean
switcher_bar_shown (gpointer data)
{
  GtkWidget *bar = ovs_test_find_of_type (data, ADW_TYPE_VIEW_SWITCHER_BAR);

  return bar != NULL && gtk_widget_get_mapped (bar)
         && adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (bar));
}

/* The switcher between Compose and Tasks moves to the bottom of a narrow window: the bar
 * there is made when the window is first narrow, and follows it after. */
static void
test_narrow_window_switcher_bar (void)
{
  OvsWindow *window = new_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  ovs_test_settle (100);
  g_assert_null (ovs_test_find_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR));

  gtk_window_set_default_size (GTK_WINDOW (window), 560, 700);
  g_assert_true (ovs_test_spin_until (switcher_bar_shown, window, 5000));

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  ovs_test_settle (600);
  g_assert_false (adw_view_switcher_bar_get_reveal (ADW_VIEW_SWITCHER_BAR (ovs_test_find_of_type (GTK_WIDGET (window),
                                                                                                  ADW_TYPE_VIEW_SWITCHER_BAR))));
  ovs_test_close_window (window);
}

/* An icon outlives whoever asked for it (ovs_icons_keep_alive ()), so GTK never
 * finalizes one in its loader thread while the main thread takes it from the icon cache.
 * An icon made for a file is in no cache: the last reference given back would finalize it. */
static void
test_icons_kept_for_the_process (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "icons", "hicolor", "symbolic",
                                                "apps", "io.github.omnivideo.Studio-symbolic.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkIconPaintable *icon = gtk_icon_paintable_new_for_file (file, 16, 1);

  g_object_add_weak_pointer (G_OBJECT (icon), (gpointer *) &icon);
  g_object_unref (icon);
  ovs_test_settle (10);
  g_assert_nonnull (icon);
  g_object_remove_weak_pointer (G_OBJECT (icon), (gpointer *) &icon);
}

/* ovs_widget_after_frame (): what waits for the first frame runs once, after it, and not
 * at all for a window closed before it was drawn. The window's lazy Tasks page and the
 * preview's view wait this way: the pane is there once the window has drawn, unasked. */
static guint after_frame_calls;

static void
count_after_frame_cb (GtkWidget *widget)
{
  g_assert_true (gtk_widget_get_realized (widget));
  after_frame_calls++;
}

static gboolean
after_frame_called (gpointer data)
{
  return after_frame_calls > 0;
}

static gboolean
has_task_pane (gpointer window)
{
  return ovs_test_find_of_type (GTK_WIDGET (window), OVS_TYPE_TASK_PANE) != NULL;
}

static void
test_after_first_frame (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *closed = gtk_window_new ();
  OvsWindow *app_window = ovs_window_new (NULL);

  after_frame_calls = 0;
  ovs_widget_after_frame (window, count_after_frame_cb);
  ovs_widget_after_frame (closed, count_after_frame_cb);
  ovs_test_settle (100);
  g_assert_cmpuint (after_frame_calls, ==, 0);  /* not drawn yet */
  gtk_window_destroy (GTK_WINDOW (closed));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ovs_test_spin_until (after_frame_called, NULL, 2000));
  g_assert_cmpuint (after_frame_calls, ==, 1);
  /* Once only, whatever frames come after. */
  gtk_widget_queue_draw (window);
  ovs_test_settle (200);
  g_assert_cmpuint (after_frame_calls, ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The app's window: its Tasks page's pane is built after its first frame, unasked. */
  g_assert_null (ovs_test_find_of_type (GTK_WIDGET (app_window), OVS_TYPE_TASK_PANE));
  gtk_window_present (GTK_WINDOW (app_window));
  g_assert_true (ovs_test_spin_until (has_task_pane, app_window, 2000));
  ovs_test_wait_draft (app_window);
  ovs_test_close_window (app_window);
}

/* The preview colours JSON itself (ovs-json-highlight.c, not GtkSourceView's language):
 * keys, strings, numbers and constants as the scheme colours them, and a line typed into is
 * coloured again. */
static const char *
json_kind_at (GtkTextBuffer *buffer,
              const char    *needle,
              int            skip)
{
  static const char * const names[] = { "ovs-json-key", "ovs-json-string", "ovs-json-number",
                                        "ovs-json-constant" };
  GtkTextIter start, match;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, needle, 0, &match, NULL, NULL))
    g_error ("“%s” is not in the text", needle);
  gtk_text_iter_forward_chars (&match, skip);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), names[i]);

      if (tag != NULL && gtk_text_iter_has_tag (&match, tag))
        return names[i] + strlen ("ovs-json-");
    }
  return "none";
}

static void
test_preview_colours_json (void)
{
  OvsWindow *window = new_window ();
  OvsJsonPreview *preview = ovs_window_get_preview (window);
  GtkTextBuffer *buffer = ovs_json_preview_get_buffer (preview);
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer));
  GtkTextTag *key = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "ovs-json-key");
  g_autofree char *scheme_colour = NULL;
  g_autoptr(GdkRGBA) tag_colour = NULL;
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer,
                            "{\n  \"prompt\": \"雪山 \\\"night\\\": 1\",\n"
                            "  \"a \\\"q\\\"\" : -1.5e3, \"on\": true, \"off\": null,\n"
                            "  \"url\": \"http://x/y\", \"list\": [false, 12]\n}\n", -1);
  g_assert_cmpstr (json_kind_at (buffer, "\"prompt\"", 1), ==, "key");
  g_assert_cmpstr (json_kind_at (buffer, "雪山", 0), ==, "string");
  /* An escaped quote and a colon inside a string end neither it nor make it a key. */
  g_assert_cmpstr (json_kind_at (buffer, "night", 0), ==, "string");
  g_assert_cmpstr (json_kind_at (buffer, ": 1\"", 2), ==, "string");
  g_assert_cmpstr (json_kind_at (buffer, "\"a ", 1), ==, "key");
  g_assert_cmpstr (json_kind_at (buffer, "-1.5e3", 3), ==, "number");
  g_assert_cmpstr (json_kind_at (buffer, "true", 0), ==, "constant");
  g_assert_cmpstr (json_kind_at (buffer, "null", 3), ==, "constant");
  g_assert_cmpstr (json_kind_at (buffer, "http", 0), ==, "string");
  g_assert_cmpstr (json_kind_at (buffer, "false", 0), ==, "constant");
  g_assert_cmpstr (json_kind_at (buffer, "12", 1), ==, "number");
  g_assert_cmpstr (json_kind_at (buffer, "[false", 0), ==, "none");

  /* Typed in, as the user does: the value becomes a key once its colon comes. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_interactive (buffer, &end, "\"later\"", -1, TRUE);
  g_assert_cmpstr (json_kind_at (buffer, "later", 0), ==, "string");
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert_interactive (buffer, &end, ": 7,\n\"next\"", -1, TRUE);
  g_assert_cmpstr (json_kind_at (buffer, "later", 0), ==, "key");
  g_assert_cmpstr (json_kind_at (buffer, ": 7", 2), ==, "number");
  g_assert_cmpstr (json_kind_at (buffer, "next", 0), ==, "string");

  /* In the scheme's colour for json.lang's keys (def:constant). */
  g_assert_nonnull (scheme);
  g_object_get (gtk_source_style_scheme_get_style (scheme, "def:constant"), "foreground",
                &scheme_colour, NULL);
  g_object_get (key, "foreground-rgba", &tag_colour, NULL);
  {
    GdkRGBA expected;

    g_assert_true (gdk_rgba_parse (&expected, scheme_colour));
    g_assert_true (gdk_rgba_equal (&expected, tag_colour));
  }

  /* Any buffer coloured so takes libadwaita's scheme (the task view's took GtkSourceView's
   * "classic" before); a scheme without def:string colours strings as constants, as
   * def.lang says, instead of leaving them uncoloured. */
  {
    g_autoptr(GtkSourceBuffer) other = gtk_source_buffer_new (NULL);
    GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
    GtkSourceStyleScheme *classic = gtk_source_style_scheme_manager_get_scheme (schemes, "classic");
    g_autofree char *constant = NULL;
    g_autoptr(GdkRGBA) string_colour = NULL;
    GdkRGBA expected;

    ovs_json_highlight_attach (other);
    g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (other)), ==,
                     "Adwaita");
    g_assert_null (gtk_source_style_scheme_get_style (classic, "def:string"));
    gtk_source_buffer_set_style_scheme (other, classic);
    g_object_get (gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (GTK_TEXT_BUFFER (other)),
                                             "ovs-json-string"),
                  "foreground-rgba", &string_colour, NULL);
    g_object_get (gtk_source_style_scheme_get_style (classic, "def:constant"), "foreground",
                  &constant, NULL);
    g_assert_nonnull (string_colour);
    g_assert_true (gdk_rgba_parse (&expected, constant));
    g_assert_true (gdk_rgba_equal (&expected, string_colour));
  }
  ovs_test_close_window (window);
}

/* The custom fields follow what the body holds beyond the form, and typing in the prompt
 * leaves them as they are (the panel skips fields the form edits: issue 14). */
static char *
extra_text (GtkWidget *window)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ovs_test_find_named (window, "extra-json")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* The custom fields panel of a text-to-video form reset to its example. */
static GtkWidget *
show_clean_extra_panel (OvsWindow   *window,
                        OvsRequest **request)
{
  OvsComposer *composer = ovs_window_get_composer (window);

  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_settle (10);
  ovs_composer_reset (composer);
  ovs_test_settle (10);
  *request = ovs_composer_get_request (composer);
  return ovs_composer_get_panel (composer, "extra");
}

static void
test_custom_fields_follow_the_body (void)
{
  OvsWindow *window = new_window ();
  OvsJsonPreview *preview = ovs_window_get_preview (window);
  GtkWidget *view, *panel;
  GtkTextBuffer *prompt;
  OvsRequest *request;
  g_autofree char *shown = NULL;

  panel = show_clean_extra_panel (window, &request);
  g_assert_nonnull (panel);
  /* Only "Add a custom field" shows: the JSON editor is hidden, or not even made yet. */
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_true (gtk_widget_is_visible (ovs_test_find_named (panel, "extra-add")));
  view = ovs_test_find_named (panel, "extra-json");
  g_assert_true (view == NULL || !gtk_widget_is_visible (view));

  /* A member the form does not know appears in the panel's editor. */
  ovs_request_set_node (request, "my_note", json_node_init_string (json_node_alloc (), "keep"));
  ovs_test_settle (10);
  view = ovs_test_find_named (panel, "extra-json");
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_is_visible (view));
  shown = extra_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (shown, "\"my_note\": \"keep\""));

  /* Typing in the prompt changes neither the panel nor its text. */
  prompt = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ovs_test_find_named (GTK_WIDGET (window), "prompt")));
  gtk_text_buffer_insert_at_cursor (prompt, "雪山", -1);
  ovs_test_settle (10);
  {
    g_autofree char *after = extra_text (GTK_WIDGET (window));

    g_assert_cmpstr (after, ==, shown);
    g_assert_true (gtk_widget_is_visible (view));
  }

  /* A body without it, from the preview: the panel empties and hides. */
  gtk_text_buffer_set_text (ovs_json_preview_get_buffer (preview),
                            "{\n  \"model\": \"Kling-3.0\",\n  \"prompt\": \"雪山\",\n"
                            "  \"other\": 1\n}\n", -1);
  g_assert_true (ovs_json_preview_apply (preview));
  ovs_test_settle (10);
  {
    g_autofree char *after = extra_text (GTK_WIDGET (window));

    g_assert_null (strstr (after, "my_note"));
    g_assert_nonnull (strstr (after, "\"other\": 1"));
  }
  ovs_request_remove (request, "other");
  ovs_test_settle (10);
  g_assert_false (gtk_widget_is_visible (view));
  g_assert_true (gtk_widget_get_visible (panel));
  ovs_test_close_window (window);
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* Wholly inside the page's scrolled window. */
static gboolean
name_in_sight (gpointer data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (data, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (data, scroller, &bounds) && bounds.origin.y >= 0
         && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller);
}

static gboolean
name_has_focus (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (data));

  return focus != NULL && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* On a form with no custom field yet, "Add a custom field" is there to be used: a dotted
 * name goes into an object, a value that is not JSON is text, a name the form edits is
 * refused with the reason. */
static void
test_add_custom_field_on_a_clean_form (void)
{
  OvsWindow *window = new_window ();
  OvsRequest *request;
  GtkWidget *panel, *name, *value, *error_label;
  g_autofree char *shown = NULL;

  panel = show_clean_extra_panel (window, &request);
  g_assert_true (gtk_widget_is_visible (panel));
  /* The smallest window the app is laid out for: the rows are at the page's foot. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  ovs_test_settle (100);
  g_signal_emit_by_name (ovs_test_find_named (panel, "extra-add"), "activated");
  ovs_test_settle (10);
  name = ovs_test_find_named (panel, "extra-name");
  value = ovs_test_find_named (panel, "extra-value");
  g_assert_true (gtk_widget_is_visible (name));

  gtk_editable_set_text (GTK_EDITABLE (name), "metadata.trace");
  gtk_editable_set_text (GTK_EDITABLE (value), "abc 123");
  g_signal_emit_by_name (value, "apply");
  ovs_test_settle (10);
  g_assert_cmpstr (ovs_request_get_string (request, "metadata.trace"), ==, "abc 123");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");
  /* The name has the focus for the next field, and is in sight: the editor that appeared
   * above it did not push it out of the page. */
  g_assert_true (ovs_test_spin_until (name_has_focus, name, 5000));
  g_assert_true (ovs_test_spin_until (name_in_sight, name, 5000));
  g_assert_true (gtk_widget_is_visible (ovs_test_find_named (panel, "extra-json")));
  shown = extra_text (GTK_WIDGET (window));
  g_assert_nonnull (strstr (shown, "\"trace\": \"abc 123\""));

  /* A value in JSON keeps its type. */
  gtk_editable_set_text (GTK_EDITABLE (name), "x_flag");
  gtk_editable_set_text (GTK_EDITABLE (value), "true");
  g_signal_emit_by_name (value, "apply");
  ovs_test_settle (10);
  g_assert_true (json_node_get_boolean (ovs_request_get_node (request, "x_flag")));

  /* The form's own field: refused, said why, nothing changed. */
  gtk_editable_set_text (GTK_EDITABLE (name), "prompt");
  gtk_editable_set_text (GTK_EDITABLE (value), "overwritten");
  g_signal_emit_by_name (value, "apply");
  ovs_test_settle (10);
  g_assert_cmpstr (ovs_request_get_prompt (request), !=, "overwritten");
  error_label = ovs_test_find_widget (panel, has_css_class, "extra-error");
  g_assert_true (gtk_widget_is_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "“prompt”"));
  ovs_test_close_window (window);
}

/* What the composer showed each time its request changed: "scenario\nprompt\nN", N the
 * length of images[0] (megabytes are not compared in a message). */
static void
record_shown_cb (OvsComposer *composer,
                 GParamSpec  *pspec,
                 GPtrArray   *shown)
{
  OvsRequest *request = ovs_composer_get_request (composer);
  const char *image = ovs_request_get_string (request, "images[0]");

  g_ptr_array_add (shown, g_strdup_printf ("%s\n%s\n%zu",
                                           ovs_scenario_get_id (ovs_request_get_scenario (request)),
                                           ovs_request_get_prompt (request),
                                           image != NULL ? strlen (image) : 0));
}

static char *
drafts_file (const char *name)
{
  g_autofree char *dir = ovs_composer_dup_drafts_dir ();

  return g_build_filename (dir, name, NULL);
}

/* A PNG of noise, so it does not compress: megabytes of base64 in a data: URL. */
static char *
noise_png_url (int width,
               int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gsize n = (gsize) gdk_pixbuf_get_rowstride (pixbuf) * (gsize) height;
  g_autofree char *png = NULL;
  g_autofree char *encoded = NULL;
  gsize size = 0;

  for (gsize i = 0; i < n; i++)
    pixels[i] = (guchar) g_rand_int_range (rand, 0, 256);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &size, "png", NULL, NULL));
  encoded = g_base64_encode ((const guchar *) png, size);
  return g_strconcat ("data:image/png;base64,", encoded, NULL);
}

/* The draft file is read off the main thread: a draft with a 4.6 MB image inline comes back
 * after a restart with every byte, and the scenario's form is first shown with it, never
 * with the example before it. */
static void
test_large_draft_read_back (void)
{
  g_autofree char *url = noise_png_url (1200, 960);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = NULL;
  g_autofree char *written = NULL;
  g_autofree char *read = NULL;
  OvsWindow *window = new_window ();
  OvsComposer *composer;
  const char *image;
  GtkWidget *row;

  g_assert_cmpuint (strlen (url), >, 4 * 1024 * 1024);
  g_assert_true (ovs_test_select_scenario (window, "image-to-video"));
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (window)),
                          "A lighthouse keeper's drawing, animated");
  ovs_request_set_string (ovs_composer_get_request (ovs_window_get_composer (window)),
                          "images[0]", url);
  written = ovs_request_to_json (ovs_composer_get_request (ovs_window_get_composer (window)));
  /* The next window opens on another scenario: image-to-video is read when chosen. */
  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_close_window (window);

  window = new_window ();
  composer = ovs_window_get_composer (window);
  g_signal_connect (composer, "notify::request", G_CALLBACK (record_shown_cb), shown);
  g_assert_true (ovs_window_select_scenario (window, "image-to-video"));
  g_assert_true (ovs_composer_is_loading (composer));
  /* Meanwhile nothing can send or copy the request shown, which is text-to-video's. */
  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, "text-to-video");
  g_assert_false (gtk_widget_is_sensitive (ovs_test_find_named (GTK_WIDGET (window), "submit")));
  ovs_test_wait_draft (window);
  g_signal_handlers_disconnect_by_func (composer, record_shown_cb, shown);

  /* Every byte (as the body is sent: the model may take bare base64, not the data: URL). */
  read = ovs_request_to_json (ovs_composer_get_request (composer));
  g_assert_cmpuint (strlen (read), ==, strlen (written));
  g_assert_true (g_str_equal (read, written));
  image = ovs_request_get_string (ovs_composer_get_request (composer), "images[0]");
  g_assert_nonnull (image);
  /* As composed, its data: prefix too (Kling's own API is sent bare base64): the file
   * keeps its type, and the row names it rather than showing its base64. */
  g_assert_cmpuint (strlen (image), ==, strlen (url));
  g_assert_true (g_str_equal (image, url));
  expected = g_strdup_printf ("image-to-video\nA lighthouse keeper's drawing, animated\n%zu",
                              strlen (image));
  g_assert_cmpuint (shown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, expected);
  row = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_is_sensitive (row));
  ovs_test_close_window (window);
}

/* A task's body from Kling (its inline files bare base64, as Kling's own API takes them)
 * opened in the composer: the image row names the file by its type and size, as it does a
 * data: URL, rather than showing megabytes of base64; the body keeps every byte. */
static void
test_bare_base64_described (void)
{
  g_autofree char *url = noise_png_url (200, 160);
  const char *bare = strchr (url, ',') + 1;
  g_autofree char *body = g_strdup_printf ("{\"model\": \"Kling-3.0\", \"prompt\": \"一只猫\", "
                                           "\"images\": [\"%s\"]}", bare);
  g_autoptr(GError) error = NULL;
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  GtkWidget *row;

  g_assert_true (ovs_test_select_scenario (window, "image-to-video"));
  g_assert_true (ovs_composer_import (composer, body, &error));
  g_assert_no_error (error);
  ovs_test_settle (100);
  g_assert_cmpstr (ovs_request_get_string (ovs_composer_get_request (composer), "images[0]"), ==, bare);
  row = ovs_test_find_named (GTK_WIDGET (window), "images[0]");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (row)), " local file, image/png"));
  ovs_test_close_window (window);
}

/* Changes made before the draft is read back win (an import, then Clear Form); neither the
 * draft read nor the import is lost: both are states of Draft History, and restore. */
static void
test_change_before_read_wins (void)
{
  const char *mine = "My own seedance draft: paper boats on a flooded street";
  g_autofree char *example = NULL;
  g_autofree char *example_prompt = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  OvsWindow *window = new_window ();
  OvsComposer *composer;
  GPtrArray *history;
  const char *kept = NULL;
  const char *imported = NULL;
  gsize length;

  g_assert_true (ovs_test_select_scenario (window, "seedance-text-to-video"));
  ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (window)), mine);
  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_close_window (window);

  window = new_window ();
  composer = ovs_window_get_composer (window);
  example = ovs_test_read_example ("26-seedance-text-to-video.json", &length);
  root = ovs_json_parse_object (example, length, NULL, NULL, NULL);
  example_prompt = g_strdup (json_object_get_string_member (json_node_get_object (root), "prompt"));
  /* Chosen, and a body pasted before the main loop ran: the read is still under way. */
  g_assert_true (ovs_window_select_scenario (window, "seedance-text-to-video"));
  g_assert_true (ovs_composer_is_loading (composer));
  g_assert_true (ovs_composer_import (composer, example, &error));
  g_assert_no_error (error);
  g_assert_false (ovs_composer_is_loading (composer));
  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==,
                   "seedance-text-to-video");
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (composer)), ==, example_prompt);
  ovs_composer_clear (composer);
  ovs_test_settle (100);

  g_assert_null (ovs_request_get_prompt (ovs_composer_get_request (composer)));
  history = ovs_composer_get_draft_history (composer);
  g_assert_nonnull (history);
  for (guint i = 0; i < history->len; i++)
    {
      const char *json = ((OvsDraftState *) g_ptr_array_index (history, i))->json;

      if (strstr (json, mine) != NULL)
        kept = json;
      else if (strstr (json, example_prompt) != NULL)
        imported = json;
    }
  g_assert_nonnull (imported);
  g_assert_nonnull (kept);
  ovs_composer_restore_draft (composer, kept);
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (composer)), ==, mine);
  ovs_test_close_window (window);
}

/* A damaged draft file gives the example, with the warning; an absent one the example. */
static void
test_damaged_draft_gives_example (void)
{
  g_autofree char *path = drafts_file ("seedance-image-to-video.json");
  g_autofree char *dir = g_path_get_dirname (path);
  OvsScenario *scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "seedance-image-to-video");
  g_autoptr(OvsRequest) example = ovs_request_new_from_example (scenario);
  g_autofree char *expected = ovs_request_to_json (example);
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* Cut short, as a full disk leaves a file written without the atomic rename. */
  g_assert_true (g_file_set_contents (path, "{\"model\": \"doubao-seedance-1-0-pro\", \"prom", -1,
                                      NULL));
  g_test_expect_message ("ovs-composer", G_LOG_LEVEL_WARNING,
                         "The draft *seedance-image-to-video.json is damaged; starting from the example");
  g_assert_true (ovs_test_select_scenario (window, "seedance-image-to-video"));
  g_test_assert_expected_messages ();
  {
    g_autofree char *json = ovs_request_to_json (ovs_composer_get_request (composer));

    g_assert_cmpstr (json, ==, expected);
  }
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (composer)));

  /* Earlier tests write drafts for every scenario: this one has none again. */
  g_free (path);
  path = drafts_file ("vidu-first-last-frame.json");
  g_remove (path);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  scenario = ovs_catalog_lookup (ovs_catalog_get_default (), "vidu-first-last-frame");
  g_clear_object (&example);
  example = ovs_request_new_from_example (scenario);
  g_free (expected);
  expected = ovs_request_to_json (example);
  g_assert_true (ovs_test_select_scenario (window, "vidu-first-last-frame"));
  {
    g_autofree char *json = ovs_request_to_json (ovs_composer_get_request (composer));

    g_assert_cmpstr (json, ==, expected);
  }
  ovs_test_close_window (window);
}

/* Back and forth between two scenarios while their drafts are read: the composer ends on
 * the last one chosen, with its own draft, and showed no other draft or example on the way. */
static void
test_quick_switching (void)
{
  const char *scenarios[] = { "veo-image-to-video", "vidu-image-to-video" };
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  OvsWindow *window = new_window ();
  OvsComposer *composer;

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *prompt = g_strdup_printf ("Draft of %s", scenarios[i]);

      g_assert_true (ovs_test_select_scenario (window, scenarios[i]));
      ovs_request_set_prompt (ovs_composer_get_request (ovs_window_get_composer (window)), prompt);
    }
  g_assert_true (ovs_test_select_scenario (window, "text-to-video"));
  ovs_test_close_window (window);

  window = new_window ();
  composer = ovs_window_get_composer (window);
  g_signal_connect (composer, "notify::request", G_CALLBACK (record_shown_cb), shown);
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (ovs_window_select_scenario (window, scenarios[i % 2]));
      /* Now and then the main loop runs: some reads come back between two choices. */
      if (i % 3 == 1)
        g_main_context_iteration (NULL, FALSE);
    }
  ovs_test_wait_draft (window);
  ovs_test_settle (50);
  g_signal_handlers_disconnect_by_func (composer, record_shown_cb, shown);

  g_assert_cmpstr (ovs_scenario_get_id (ovs_composer_get_scenario (composer)), ==, scenarios[0]);
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (composer)), ==,
                   "Draft of veo-image-to-video");
  {
    GtkListBox *list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), OVS_TYPE_WINDOW,
                                                                    "scenario_list"));
    GtkListBoxRow *row = gtk_list_box_get_selected_row (list);

    g_assert_nonnull (row);
    g_assert_true (ovs_scenario_row_get_scenario (OVS_SCENARIO_ROW (row))
                   == ovs_composer_get_scenario (composer));
    g_assert_cmpstr (adw_view_switcher_title_get_title (ADW_VIEW_SWITCHER_TITLE (
                       gtk_widget_get_template_child (GTK_WIDGET (window), OVS_TYPE_WINDOW,
                                                      "window_title"))),
                     ==, ovs_scenario_get_title (ovs_composer_get_scenario (composer)));
  }
  for (guint i = 0; i < shown->len; i++)
    {
      const char *line = g_ptr_array_index (shown, i);

      g_assert_true (g_str_has_prefix (line, "veo-image-to-video\nDraft of veo-image-to-video\n")
                     || g_str_has_prefix (line, "vidu-image-to-video\nDraft of vidu-image-to-video\n"));
    }
  /* The other one is in memory now: shown at once. */
  g_assert_true (ovs_window_select_scenario (window, scenarios[1]));
  g_assert_false (ovs_composer_is_loading (composer));
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (composer)), ==,
                   "Draft of vidu-image-to-video");
  ovs_test_close_window (window);
}

/* A read that takes a while (the draft file is a pipe nobody writes yet) shows "Reading the
 * draft…" instead of a frozen form; the draft shows when it arrives. */
static void
test_slow_read_says_so (void)
{
  const char *body = "{\"model\": \"Veo-3.1\", \"prompt\": \"Read through a pipe\"}";
  g_autofree char *path = drafts_file ("veo-asset-reference.json");
  g_autofree char *dir = g_path_get_dirname (path);
  OvsWindow *window = new_window ();
  OvsComposer *composer = ovs_window_get_composer (window);
  GtkWidget *notice;
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_remove (path);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_true (ovs_window_select_scenario (window, "veo-asset-reference"));
  ovs_test_settle (400);
  g_assert_true (ovs_composer_is_loading (composer));
  notice = ovs_test_find_of_type (GTK_WIDGET (composer), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (notice);
  g_assert_true (gtk_widget_get_mapped (notice));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (notice)), ==, "Reading the draft…");

  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, body, strlen (body)), ==, (gssize) strlen (body));
  close (fd);
  ovs_test_wait_draft (window);
  g_assert_false (gtk_widget_get_mapped (notice));
  g_assert_cmpstr (ovs_request_get_prompt (ovs_composer_get_request (composer)), ==,
                   "Read through a pipe");
  ovs_test_close_window (window);
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ovs_test_isolate_home ("ovs-ui-XXXXXX");
  int status;

  ovs_test_ui_init (&argc, &argv);

  g_test_add_func ("/composer/build-every-example", test_build_every_example);
  g_test_add_func ("/composer/import-fills-the-form", test_import_fills_the_form);
  g_test_add_func ("/composer/placeholder-problems-follow-media", test_placeholder_problems_follow_media);
  g_test_add_func ("/composer/draft-survives-restart", test_draft_survives_restart);
  g_test_add_func ("/composer/reference-thumbnails", test_reference_thumbnails);
  g_test_add_func ("/composer/reference-rows-reorder", test_reference_rows_reorder);
  g_test_add_func ("/composer/insert-menu-follows-references", test_insert_menu_follows_references);
  g_test_add_func ("/composer/length-beyond-range-shown", test_length_beyond_range_shown);
  g_test_add_func ("/composer/prompt-mentions-highlighted", test_prompt_mentions_highlighted);
  g_test_add_func ("/composer/shot-editor", test_shot_editor);
  g_test_add_func ("/composer/preview-edits-flow-back", test_preview_edits_flow_back);
  g_test_add_func ("/composer/preview-colours-json", test_preview_colours_json);
  g_test_add_func ("/composer/after-first-frame", test_after_first_frame);
  g_test_add_func ("/composer/icons-kept-for-the-process", test_icons_kept_for_the_process);
  g_test_add_func ("/composer/narrow-window-switcher-bar", test_narrow_window_switcher_bar);
  g_test_add_func ("/composer/start-loads-no-svg-library", test_start_loads_no_svg_library);
  g_test_add_func ("/composer/custom-fields-follow-the-body", test_custom_fields_follow_the_body);
  g_test_add_func ("/composer/add-custom-field-on-a-clean-form", test_add_custom_field_on_a_clean_form);
  g_test_add_func ("/composer/large-draft-read-back", test_large_draft_read_back);
  g_test_add_func ("/composer/bare-base64-described", test_bare_base64_described);
  g_test_add_func ("/composer/change-before-read-wins", test_change_before_read_wins);
  g_test_add_func ("/composer/damaged-draft-gives-example", test_damaged_draft_gives_example);
  g_test_add_func ("/composer/quick-switching", test_quick_switching);
  g_test_add_func ("/composer/slow-read-says-so", test_slow_read_says_so);

  status = g_test_run ();
  ovs_test_remove_tree (home);
  return status;
}
