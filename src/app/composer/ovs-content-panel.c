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

#include "ovs-choice-row.h"
#include "ovs-content-panel.h"
#include "ovs-data-url.h"

#define CONTENT_PATH OVS_CONTENT_PATH

typedef struct _ItemView ItemView;

struct _OvsContentPanel
{
  OvsPanel parent_instance;

  GPtrArray    *views;      /* ItemView, one per item, in list order */
  GtkWidget    *add_row;    /* "Add a reference URL" */
  GtkWidget    *choose_button;
  GPtrArray    *problems;   /* the last problems shown (owned copies) */
};

/* The widgets of one item. Its expander owns it; @panel is NULL once the panel let go. */
struct _ItemView
{
  OvsContentPanel *panel;
  guint            index;
  GtkWidget       *expander;
  GtkWidget       *type_row;
  GtkWidget       *url_row;
  GtkWidget       *role_row;
  GtkWidget       *choose;
  GtkWidget       *up;
  GtkWidget       *down;
};


G_DEFINE_FINAL_TYPE (OvsContentPanel, ovs_content_panel, OVS_TYPE_PANEL)

static OvsContentPanel *
view_panel (ItemView *view)
{
  if (view->panel == NULL || ovs_panel_is_updating (OVS_PANEL (view->panel))
      || ovs_panel_get_request (OVS_PANEL (view->panel)) == NULL)
    return NULL;
  return view->panel;
}

static char *
item_path (guint       index,
           const char *member)
{
  return g_strdup_printf (CONTENT_PATH "[%u]%s", index, member);
}

/* "image_url" -> "image"; NULL for a type that is not a known media. */
static char *
type_media (const char *type)
{
  const char * const *types = ovs_catalog_get_choices (ovs_catalog_get_default (), "content_type");

  if (type == NULL || !g_strv_contains (types, type) || !g_str_has_suffix (type, "_url"))
    return NULL;
  return g_strndup (type, strlen (type) - strlen ("_url"));
}

static const char *
type_label (const char *type)
{
  if (g_strcmp0 (type, "image_url") == 0)
    return _("Image");
  if (g_strcmp0 (type, "video_url") == 0)
    return _("Video");
  if (g_strcmp0 (type, "audio_url") == 0)
    return _("Audio");
  return type;
}

static const char *
role_label (const char *role)
{
  static const struct { const char *role; const char *label; } labels[] = {
    { "reference_image", N_("Reference image") },
    { "reference_video", N_("Reference video") },
    { "reference_audio", N_("Reference audio") },
    { "first_frame", N_("First frame") },
    { "last_frame", N_("Last frame") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].role, role) == 0)
      return _(labels[i].label);
  return role;
}

/* ---- Messages and headers ---- */

static char *
item_messages (GPtrArray *problems,
               guint      index,
               gboolean  *error)
{
  g_autofree char *prefix = item_path (index, "");
  g_autoptr(GString) text = g_string_new (NULL);
  gsize len = strlen (prefix);

  *error = FALSE;
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);
      const char *rest = problem->path + len;
      const char *what = NULL;

      if (strncmp (problem->path, prefix, len) != 0
          || (*rest != '\0' && *rest != '.' && *rest != '['))
        continue;

      if (g_str_equal (rest, ".type"))
        what = _("Kind");
      else if (g_str_equal (rest, ".role"))
        what = _("Role");
      else if (*rest == '.')
        what = _("URL");

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (what != NULL)
        /* Translators: "URL: is missing: the item needs its URL" */
        g_string_append_printf (text, C_("field: problem", "%s: %s"), what, problem->message);
      else
        g_string_append (text, problem->message);
      if (problem->severity == OVS_SEVERITY_ERROR)
        *error = TRUE;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The expanders are titled the way the prompt counts them: "Image 2", "Video 1". */
static void
update_headers (OvsContentPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->views->len; i++)
    {
      ItemView *view = g_ptr_array_index (self->views, i);
      g_autofree char *type_path = item_path (i, ".type");
      const char *type = ovs_request_get_string (request, type_path);
      g_autofree char *title = NULL;
      g_autofree char *messages = NULL;
      gboolean error = FALSE;

      if (type != NULL)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, type)) + 1;

          g_hash_table_insert (counts, g_strdup (type), GUINT_TO_POINTER (n));
          if (g_str_equal (type, "image_url"))
            /* Translators: how the prompt counts reference items, "Image 1" */
            title = g_strdup_printf (_("Image %u"), n);
          else if (g_str_equal (type, "video_url"))
            title = g_strdup_printf (_("Video %u"), n);
          else if (g_str_equal (type, "audio_url"))
            title = g_strdup_printf (_("Audio %u"), n);
          else
            title = g_strdup_printf ("%s %u", type, n);
        }
      else
        title = g_strdup_printf (_("Item %u"), i + 1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->expander), title);

      messages = item_messages (self->problems, i, &error);
      gtk_widget_remove_css_class (view->expander, "has-error");
      gtk_widget_remove_css_class (view->expander, "has-warning");
      if (*messages != '\0')
        {
          gtk_widget_add_css_class (view->expander, error ? "has-error" : "has-warning");
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->expander), messages);
        }
      else
        {
          g_autofree char *role_path = item_path (i, ".role");
          const char *role = ovs_request_get_string (request, role_path);
          const char *url = NULL;
          g_autofree char *where = NULL;
          g_autofree char *subtitle = NULL;

          if (type != NULL)
            {
              g_autofree char *path = g_strdup_printf (CONTENT_PATH "[%u].%s.url", i, type);

              url = ovs_request_get_string (request, path);
            }
          if (url == NULL || *url == '\0')
            where = g_strdup (_("No URL yet"));
          else if (g_str_has_prefix (url, "data:"))
            where = ovs_data_url_describe (url);
          else
            {
              const char *slash = strrchr (url, '/');

              /* The file name says more than the host in a short line. */
              where = g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : url);
            }
          if (role != NULL)
            /* Translators: an item's role and where it comes from, "Reference image · a.jpg" */
            subtitle = g_strdup_printf (C_("content summary", "%s · %s"), role_label (role), where);
          else
            subtitle = g_steal_pointer (&where);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (view->expander), subtitle);
        }
    }
}

/* ---- Edits ---- */

static void
type_selected_cb (GtkWidget  *row,
                  GParamSpec *pspec,
                  ItemView   *view)
{
  OvsContentPanel *self = view_panel (view);
  g_autofree char *path = item_path (view->index, "");
  const char *type = ovs_choice_row_get_value (OVS_CHOICE_ROW (row));
  OvsRequest *request;
  JsonNode *node;
  JsonObject *old;
  JsonObject *object;
  const char *old_type;
  JsonNode *holder;
  g_autofree char *old_media = NULL;
  g_autofree char *new_media = NULL;
  g_autoptr(GList) members = NULL;

  if (self == NULL || type == NULL)
    return;

  request = ovs_panel_get_request (OVS_PANEL (self));
  node = ovs_request_get_node (request, path);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  old = json_node_get_object (node);
  old_type = json_object_has_member (old, "type")
             && JSON_NODE_HOLDS_VALUE (json_object_get_member (old, "type"))
             && json_node_get_value_type (json_object_get_member (old, "type")) == G_TYPE_STRING
             ? json_object_get_string_member (old, "type") : NULL;
  if (g_strcmp0 (old_type, type) == 0)
    return;

  /* The holder is named after the type: rebuild the item as type, <type>, role, then the
   * members we do not know, keeping the URL and whatever else the holder has. */
  object = json_object_new ();
  json_object_set_string_member (object, "type", type);
  holder = old_type != NULL ? json_object_get_member (old, old_type) : NULL;
  if (holder == NULL)
    holder = json_object_get_member (old, type);
  if (holder != NULL)
    json_object_set_member (object, type, json_node_copy (holder));

  if (json_object_has_member (old, "role"))
    {
      JsonNode *role = json_object_get_member (old, "role");
      g_autofree char *old_default = NULL;

      old_media = type_media (old_type);
      new_media = type_media (type);
      old_default = old_media != NULL ? g_strconcat ("reference_", old_media, NULL) : NULL;
      /* "Reference image" became a video: it is a reference video now. */
      if (new_media != NULL && old_default != NULL && JSON_NODE_HOLDS_VALUE (role)
          && json_node_get_value_type (role) == G_TYPE_STRING
          && g_str_equal (json_node_get_string (role), old_default))
        {
          g_autofree char *new_default = g_strconcat ("reference_", new_media, NULL);

          json_object_set_string_member (object, "role", new_default);
        }
      else
        json_object_set_member (object, "role", json_node_copy (role));
    }

  members = json_object_get_members (old);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "type") || g_str_equal (name, "role")
          || g_str_equal (name, type) || g_strcmp0 (name, old_type) == 0)
        continue;
      json_object_set_member (object, name, json_node_copy (json_object_get_member (old, name)));
    }

  /* Not guarded: the URL row is renamed after the new holder by the echo. */
  ovs_request_set_node (request, path, json_node_init_object (json_node_alloc (), object));
  json_object_unref (object);
}

static void
role_selected_cb (GtkWidget  *row,
                  GParamSpec *pspec,
                  ItemView   *view)
{
  OvsContentPanel *self = view_panel (view);
  g_autofree char *path = item_path (view->index, ".role");
  const char *role = ovs_choice_row_get_value (OVS_CHOICE_ROW (row));
  OvsRequest *request;

  /* Nothing chosen (the list is being filled); "Not set" is a NULL role. */
  if (self == NULL || adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == GTK_INVALID_LIST_POSITION)
    return;

  request = ovs_panel_get_request (OVS_PANEL (self));
  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, path, role);
  ovs_panel_end_update (OVS_PANEL (self));
  update_headers (self);
}

static void
url_changed_cb (GtkEditable *editable,
                ItemView    *view)
{
  OvsContentPanel *self = view_panel (view);
  OvsRequest *request;

  /* A data: URL is shown by description, never edited as text. */
  if (self == NULL || !gtk_editable_get_editable (editable))
    return;

  request = ovs_panel_get_request (OVS_PANEL (self));
  ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (request, gtk_widget_get_name (GTK_WIDGET (editable)),
                          gtk_editable_get_text (editable));
  ovs_panel_end_update (OVS_PANEL (self));
  update_headers (self);
}

static void
move_clicked_cb (GtkButton *button,
                 ItemView  *view)
{
  OvsContentPanel *self = view_panel (view);
  int delta = GTK_WIDGET (button) == view->up ? -1 : 1;
  guint from = view->index;
  ItemView *other;

  if (self == NULL || (delta < 0 && from == 0) || from + delta >= self->views->len)
    return;
  other = g_ptr_array_index (self->views, from + delta);
  ovs_panel_move_expander_item (OVS_PANEL (self), CONTENT_PATH,
                                ADW_EXPANDER_ROW (view->expander), from,
                                ADW_EXPANDER_ROW (other->expander), from + delta);
}

static void
remove_clicked_cb (GtkButton *button,
                   ItemView  *view)
{
  OvsContentPanel *self = view_panel (view);
  OvsRequest *request;

  if (self == NULL)
    return;
  request = ovs_panel_get_request (OVS_PANEL (self));
  ovs_request_remove_item (request, CONTENT_PATH, view->index);
  /* No empty list stays behind. */
  if (ovs_request_get_n_items (request, CONTENT_PATH) == 0)
    ovs_request_remove (request, CONTENT_PATH);
}

/* ---- Local files ---- */

/* A file picked for an item's URL (@user_data: its path), or for a new item (NULL). */
static void
url_read_cb (OvsPanel   *panel,
             const char *url,
             gpointer    user_data)
{
  OvsRequest *request = ovs_panel_get_request (panel);
  const char *url_path = user_data;
  g_autofree char *media = NULL;
  g_autofree char *type = NULL;
  g_autofree char *role = NULL;

  if (url_path != NULL)
    {
      ovs_request_set_string (request, url_path, url);
      return;
    }
  /* A new item's kind is the file's: "data:video/mp4;…" is a reference video. */
  media = g_strndup (url + 5, strcspn (url + 5, "/"));
  type = g_strconcat (media, "_url", NULL);
  role = g_strconcat ("reference_", media, NULL);
  ovs_request_add_content (request, type, url, role);
}

static void
choose_clicked_cb (GtkButton *button,
                   ItemView  *view)
{
  OvsContentPanel *self = view_panel (view);
  g_autofree char *type_path = item_path (view->index, ".type");
  g_autofree char *media = NULL;
  OvsRequest *request;

  if (self == NULL)
    return;
  request = ovs_panel_get_request (OVS_PANEL (self));
  media = type_media (ovs_request_get_string (request, type_path));
  ovs_panel_pick_files (OVS_PANEL (self), _("Choose a File"), _("_Choose"),
                        media != NULL ? media : "image", FALSE, url_read_cb,
                        g_strdup (gtk_widget_get_name (view->url_row)), g_free);
}

static void
add_files_clicked_cb (GtkButton       *button,
                      OvsContentPanel *self)
{
  ovs_panel_pick_files (OVS_PANEL (self), _("Add Files"), _("_Add"), NULL, TRUE, url_read_cb,
                        NULL, NULL);
}

/* ---- Rows ---- */

static ItemView *
make_view (OvsContentPanel *self,
           guint            index)
{
  ItemView *view = g_new0 (ItemView, 1);
  OvsCatalog *catalog = ovs_catalog_get_default ();
  GtkWidget *remove;

  view->panel = self;
  view->index = index;

  view->expander = adw_expander_row_new ();
  g_object_set_data_full (G_OBJECT (view->expander), "view", view, g_free);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (view->expander), FALSE);
  view->up = ovs_panel_icon_button ("go-up-symbolic", _("Move up"));
  view->down = ovs_panel_icon_button ("go-down-symbolic", _("Move down"));
  remove = ovs_panel_icon_button ("user-trash-symbolic", _("Remove"));
  g_signal_connect (view->up, "clicked", G_CALLBACK (move_clicked_cb), view);
  g_signal_connect (view->down, "clicked", G_CALLBACK (move_clicked_cb), view);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), view);
  /* Actions are packed from the end: this reads up, down, remove. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), remove);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), view->down);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (view->expander), view->up);

  view->type_row = ovs_choice_row_new (_("Kind"), ovs_catalog_get_choices (catalog, "content_type"),
                                    type_label, FALSE);
  g_signal_connect (view->type_row, "notify::selected", G_CALLBACK (type_selected_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->type_row);

  view->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (view->url_row), _("URL"));
  view->choose = ovs_panel_file_button (_("Choose a local file…"));
  g_signal_connect (view->choose, "clicked", G_CALLBACK (choose_clicked_cb), view);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (view->url_row), view->choose);
  g_signal_connect (view->url_row, "changed", G_CALLBACK (url_changed_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->url_row);

  view->role_row = ovs_choice_row_new (_("Role"), ovs_catalog_get_choices (catalog, "content_role"),
                                    role_label, TRUE);
  g_signal_connect (view->role_row, "notify::selected", G_CALLBACK (role_selected_cb), view);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (view->expander), view->role_row);

  return view;
}

static void
sync_view (ItemView *view)
{
  OvsContentPanel *self = view->panel;
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autofree char *type_path = item_path (view->index, ".type");
  g_autofree char *role_path = item_path (view->index, ".role");
  const char *type = ovs_request_get_string (request, type_path);
  g_autofree char *url_path = NULL;
  const char *url;
  GtkEditable *editable = GTK_EDITABLE (view->url_row);

  gtk_widget_set_name (view->type_row, type_path);
  gtk_widget_set_name (view->role_row, role_path);
  ovs_choice_row_select (OVS_CHOICE_ROW (view->type_row), type);
  ovs_choice_row_select (OVS_CHOICE_ROW (view->role_row), ovs_request_get_string (request, role_path));

  /* Without a type there is no holder to put a URL in. */
  url_path = g_strdup_printf (CONTENT_PATH "[%u].%s.url", view->index,
                              type != NULL ? type : "image_url");
  gtk_widget_set_name (view->url_row, url_path);
  gtk_widget_set_sensitive (view->url_row, type != NULL);
  url = ovs_request_get_string (request, url_path);
  if (url != NULL && g_str_has_prefix (url, "data:"))
    {
      g_autofree char *description = ovs_data_url_describe (url);

      gtk_editable_set_editable (editable, FALSE);
      if (g_strcmp0 (gtk_editable_get_text (editable), description) != 0)
        gtk_editable_set_text (editable, description);
    }
  else
    {
      gtk_editable_set_editable (editable, TRUE);
      if (g_strcmp0 (gtk_editable_get_text (editable), url != NULL ? url : "") != 0)
        gtk_editable_set_text (editable, url != NULL ? url : "");
    }

  gtk_widget_set_sensitive (view->up, view->index > 0);
  gtk_widget_set_sensitive (view->down, view->index + 1 < self->views->len);
}

static void
sync_all (OvsContentPanel *self)
{
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  guint n = ovs_request_get_n_items (request, CONTENT_PATH);

  ovs_panel_begin_update (OVS_PANEL (self));

  while (self->views->len > n)
    {
      ItemView *view = g_ptr_array_steal_index (self->views, self->views->len - 1);

      view->panel = NULL;
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), view->expander);
    }
  while (self->views->len < n)
    {
      ItemView *view = make_view (self, self->views->len);

      /* One item is worth seeing whole; many read better as their one-line summaries. */
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (view->expander), n == 1);
      g_ptr_array_add (self->views, view);
      g_object_ref (self->add_row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->add_row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), view->expander);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->add_row);
      g_object_unref (self->add_row);
    }

  for (guint i = 0; i < n; i++)
    sync_view (g_ptr_array_index (self->views, i));
  update_headers (self);

  ovs_panel_end_update (OVS_PANEL (self));
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
  ItemView *view;

  if (*url == '\0')
    return;
  /* An image unless the URL plainly says otherwise; the kind and role rows change it. */
  media = guess_media (url);
  type = g_strconcat (media, "_url", NULL);
  role = g_strconcat ("reference_", media, NULL);
  ovs_request_add_content (request, type, url, role);
  gtk_editable_set_text (GTK_EDITABLE (row), "");

  /* Open it: its kind and role may need changing. */
  if (self->views->len > 0)
    {
      view = g_ptr_array_index (self->views, self->views->len - 1);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (view->expander), TRUE);
    }
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
  OvsRequest *request = ovs_panel_get_request (OVS_PANEL (self));
  g_autoptr(GString) text = g_string_new (NULL);

  g_clear_pointer (&self->problems, g_ptr_array_unref);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) ovs_problem_free);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);

      if (g_str_has_prefix (problem->path, CONTENT_PATH "["))
        g_ptr_array_add (self->problems, ovs_problem_copy (problem));
      /* Problems with the list itself (missing, too many) go on the group. */
      if (g_str_equal (problem->path, CONTENT_PATH))
        ovs_panel_append_problem (text, problem->message);
    }

  for (guint i = 0; i < self->views->len; i++)
    {
      ItemView *view = g_ptr_array_index (self->views, i);
      g_autofree char *type_path = item_path (i, ".type");
      g_autofree char *role_path = item_path (i, ".role");
      g_autofree char *holder_path = NULL;
      const char *type = ovs_request_get_string (request, type_path);

      ovs_panel_mark_widget (view->type_row, problems, type_path);
      ovs_panel_mark_widget (view->role_row, problems, role_path);
      /* The URL row answers for the holder too ("a video_url item needs {url}"). */
      holder_path = g_strdup_printf (CONTENT_PATH "[%u].%s", i, type != NULL ? type : "image_url");
      ovs_panel_mark_widget (view->url_row, problems, holder_path);
    }
  update_headers (self);

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

  for (guint i = 0; self->views != NULL && i < self->views->len; i++)
    ((ItemView *) g_ptr_array_index (self->views, i))->panel = NULL;
  if (self->views != NULL)
    g_ptr_array_set_size (self->views, 0);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_CONTENT_PANEL);

  G_OBJECT_CLASS (ovs_content_panel_parent_class)->dispose (object);
}

static void
ovs_content_panel_finalize (GObject *object)
{
  OvsContentPanel *self = OVS_CONTENT_PANEL (object);

  g_clear_pointer (&self->views, g_ptr_array_unref);

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
  self->views = g_ptr_array_new ();
}

GtkWidget *
ovs_content_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_CONTENT_PANEL, "request", request, NULL);
}
