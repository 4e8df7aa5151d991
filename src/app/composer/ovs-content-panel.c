/* ovs-content-panel.c
 *
 * Seedance 2.0 references (`metadata.content[{type, <type>: {url}, role}]`): one expander per
 * item with its kind (image, video or audio), its URL or local file and its role. The prompt
 * counts them per kind ("image 1", "video 1"), which is what the expanders are titled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-content-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-content-panel.h"
#include "ovs-content-row.h"

#define CONTENT_PATH OVS_CONTENT_PATH

struct _OvsContentPanel
{
  OvsPanel parent_instance;

  GPtrArray    *rows;       /* OvsContentRow, one per item, in list order */
  GtkWidget    *add_row;    /* "Add a reference URL" */
  GtkWidget    *choose_button;
};


G_DEFINE_FINAL_TYPE (OvsContentPanel, ovs_content_panel, OVS_TYPE_PANEL)

/* The rows are titled the way the prompt counts the items: "Image 2", "Video 1". */
static void
number_rows (OvsContentPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autofree char *type_path = g_strdup_printf (CONTENT_PATH "[%u].type", i);
      const char *type = ovs_request_get_string (request, type_path);
      guint n = 0;

      if (type != NULL)
        {
          n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, type)) + 1;
          g_hash_table_insert (counts, g_strdup (type), GUINT_TO_POINTER (n));
        }
      ovs_content_row_set_number (g_ptr_array_index (self->rows, i), n);
    }
}

static GtkWidget *
make_row (OvsPanel *panel)
{
  return ovs_content_row_new (panel);
}

static void
sync_all (OvsContentPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint n = ovs_request_get_n_items (request, CONTENT_PATH);
  guint old_n = self->rows->len;
  g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (OVS_PANEL (self));

  ovs_panel_resize_rows (OVS_PANEL (self), self->rows, n, self->add_row, make_row);
  for (guint i = 0; i < n; i++)
    {
      /* One item is worth seeing whole; many read better as their one-line summaries. */
      if (i >= old_n)
        adw_expander_row_set_expanded (g_ptr_array_index (self->rows, i), n == 1);
      ovs_content_row_sync (g_ptr_array_index (self->rows, i), i, n);
    }
  number_rows (self);
}

/* A file picked for a new item: its kind is the file's, "data:video/mp4;…" is a reference
 * video. */
static void
url_read_cb (OvsPanel   *panel,
             const char *url,
             gpointer    user_data)
{
  g_autofree char *media = g_strndup (url + 5, strcspn (url + 5, "/"));
  g_autofree char *type = g_strconcat (media, "_url", NULL);
  g_autofree char *role = g_strconcat ("reference_", media, NULL);

  ovs_request_add_content (ovs_panel_get_request (panel), type, url, role);
}

static void
add_files_clicked_cb (GtkButton       *button,
                      OvsContentPanel *self)
{
  ovs_panel_pick_files (OVS_PANEL (self), _("Add Files"), _("_Add"), NULL, TRUE, url_read_cb,
                        NULL, NULL);
}

/* The kind a URL's file name says ("…/clip.mp4" is a video); an image when it says nothing. */
static const char *
guess_media (const char *url)
{
  g_autofree char *path = g_strndup (url, strcspn (url, "?#"));
  const char *slash = strrchr (path, '/');
  g_autofree char *content_type = NULL;

  if (g_str_has_prefix (url, "data:video/"))
    return "video";
  if (g_str_has_prefix (url, "data:audio/"))
    return "audio";
  if (g_str_has_prefix (url, "data:") || slash == NULL || strchr (slash, '.') == NULL)
    return "image";
  content_type = g_content_type_guess (slash + 1, NULL, 0, NULL);
  if (g_content_type_is_a (content_type, "video/*") || g_str_has_prefix (content_type, "video/"))
    return "video";
  if (g_content_type_is_a (content_type, "audio/*") || g_str_has_prefix (content_type, "audio/"))
    return "audio";
  return "image";
}

static void
add_apply_cb (AdwEntryRow     *row,
              OvsContentPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  const char *media;
  g_autofree char *type = NULL;
  g_autofree char *role = NULL;

  if (*url == '\0')
    return;
  /* An image unless the URL plainly says otherwise; the kind and role rows change it. */
  media = guess_media (url);
  type = g_strconcat (media, "_url", NULL);
  role = g_strconcat ("reference_", media, NULL);
  ovs_request_add_content (request, type, url, role);
  gtk_editable_set_text (GTK_EDITABLE (row), "");

  /* Open it: its kind and role may need changing. */
  if (self->rows->len > 0)
    adw_expander_row_set_expanded (g_ptr_array_index (self->rows, self->rows->len - 1), TRUE);
}

static void
ovs_content_panel_request_changed (OvsPanel   *panel,
                                   const char *path)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (panel);

  if (ovs_panel_path_affects (path, CONTENT_PATH))
    sync_all (self);
}

static void
ovs_content_panel_show_problems (OvsPanel  *panel,
                                 GPtrArray *problems)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (panel);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Problems with the list itself (missing, too many) go on the group. */
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_equal (problem->path, CONTENT_PATH))
        ovs_panel_append_problem (text, problem->message);
    }
  for (guint i = 0; i < self->rows->len; i++)
    ovs_item_row_show_problems (g_ptr_array_index (self->rows, i), problems);

  ovs_panel_set_description (ADW_PREFERENCES_GROUP (self),
                             text->len > 0 ? text->str
                             : _("The prompt counts them by kind: image 1, image 2, video 1, "
                                 "audio 1…"));
}

static void
ovs_content_panel_constructed (GObject *object)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (object);
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  OvsScenario *scenario = ovs_request_get_scenario (request);
  const OvsField *field = ovs_scenario_get_field (scenario, CONTENT_PATH);

  G_OBJECT_CLASS (ovs_content_panel_parent_class)->constructed (object);

  if (field != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), field->title);

  ovs_panel_refresh (OVS_PANEL (self));
}

static void
ovs_content_panel_dispose (GObject *object)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_CONTENT_PANEL);

  G_OBJECT_CLASS (ovs_content_panel_parent_class)->dispose (object);
}

static void
ovs_content_panel_finalize (GObject *object)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ovs_content_panel_parent_class)->finalize (object);
}

static void
ovs_content_panel_class_init (OvsContentPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-content-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsContentPanel, add_row);
  gtk_widget_class_bind_template_child (widget_class, OvsContentPanel, choose_button);
  gtk_widget_class_bind_template_callback (widget_class, add_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_files_clicked_cb);

  object_class->constructed = ovs_content_panel_constructed;
  object_class->dispose = ovs_content_panel_dispose;
  object_class->finalize = ovs_content_panel_finalize;

  panel_class->request_changed = ovs_content_panel_request_changed;
  panel_class->show_problems = ovs_content_panel_show_problems;
}

static void
ovs_content_panel_init (OvsContentPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Named by its list's JSON path. It takes a new item's URL, which lives under the
   * member its type names. */
  gtk_widget_set_name (self->add_row, CONTENT_PATH "[+]");
  g_object_set_data (G_OBJECT (self->add_row), "ovs-add-key", (gpointer) "{type}.url");
  ovs_panel_tell_file_limit (self->choose_button);
  self->rows = g_ptr_array_new ();
}

GtkWidget *
ovs_content_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_CONTENT_PANEL, "request", request, NULL);
}
