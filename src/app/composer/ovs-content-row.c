/* ovs-content-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-content-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-choice-row.h"
#include "ovs-content-row.h"
#include "ovs-data-url.h"

struct _OvsContentRow
{
  OvsItemRow  parent_instance;

  GtkWidget  *type_row;
  GtkWidget  *url_row;
  GtkWidget  *role_row;
  GtkWidget  *choose_button;

  guint       number;   /* among the items of its kind, from 1; 0 without a kind */
};

G_DEFINE_FINAL_TYPE (OvsContentRow, ovs_content_row, OVS_TYPE_ITEM_ROW)

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

/* The item's "type", when it is a string. */
static const char *
item_type (JsonObject *item)
{
  JsonNode *type = json_object_get_member (item, "type");

  if (type == NULL || !JSON_NODE_HOLDS_VALUE (type) || json_node_get_value_type (type) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (type);
}

/* The role of an item of @old_type become of @type: "Reference image" became a video, so it
 * is a reference video now; any other role stays. */
static JsonNode *
retyped_role (JsonNode   *role,
              const char *old_type,
              const char *type)
{
  g_autofree char *old_media = type_media (old_type);
  g_autofree char *new_media = type_media (type);
  g_autofree char *old_default = old_media != NULL ? g_strconcat ("reference_", old_media, NULL) : NULL;

  if (new_media != NULL && old_default != NULL && JSON_NODE_HOLDS_VALUE (role)
      && json_node_get_value_type (role) == G_TYPE_STRING
      && g_str_equal (json_node_get_string (role), old_default))
    {
      g_autofree char *new_default = g_strconcat ("reference_", new_media, NULL);

      return json_node_init_string (json_node_alloc (), new_default);
    }
  return json_node_copy (role);
}

/* The holder is named after the type: the item rebuilt as type, <type>, role, then the
 * members we do not know, keeping the URL and whatever else the holder has. */
static JsonNode *
retyped_item (JsonObject *old,
              const char *type)
{
  const char *old_type = item_type (old);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (old);
  JsonNode *holder = old_type != NULL ? json_object_get_member (old, old_type) : NULL;

  json_object_set_string_member (object, "type", type);
  if (holder == NULL)
    holder = json_object_get_member (old, type);
  if (holder != NULL)
    json_object_set_member (object, type, json_node_copy (holder));
  if (json_object_has_member (old, "role"))
    json_object_set_member (object, "role",
                            retyped_role (json_object_get_member (old, "role"), old_type, type));

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_str_equal (name, "type") || g_str_equal (name, "role")
          || g_str_equal (name, type) || g_strcmp0 (name, old_type) == 0)
        continue;
      json_object_set_member (object, name, json_node_copy (json_object_get_member (old, name)));
    }
  return json_node_init_object (json_node_alloc (), object);
}

static void
type_selected_cb (GtkWidget     *row,
                  GParamSpec    *pspec,
                  OvsContentRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  const char *type = ovs_choice_row_get_value (OVS_CHOICE_ROW (row));
  g_autofree char *path = NULL;
  OvsRequest *request;
  JsonNode *node;

  if (panel == NULL || type == NULL)
    return;

  request = ovs_panel_get_request (panel);
  path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), NULL);
  node = ovs_request_get_node (request, path);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node)
      || g_strcmp0 (item_type (json_node_get_object (node)), type) == 0)
    return;
  /* Not guarded: the URL row is renamed after the new holder by the echo. */
  ovs_request_set_node (request, path, retyped_item (json_node_get_object (node), type));
}

static void
role_selected_cb (GtkWidget     *row,
                  GParamSpec    *pspec,
                  OvsContentRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *path = NULL;

  /* Nothing chosen (the list is being filled); "Not set" is a NULL role. */
  if (panel == NULL || adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == GTK_INVALID_LIST_POSITION)
    return;

  path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".role");
  {
    g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (panel);

    ovs_request_set_string (ovs_panel_get_request (panel), path,
                            ovs_choice_row_get_value (OVS_CHOICE_ROW (row)));
  }
  ovs_item_row_update_header (OVS_ITEM_ROW (self));
}

static void
url_changed_cb (GtkEditable   *editable,
                OvsContentRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));

  /* A data: URL is shown by description, never edited as text. */
  if (panel == NULL || !gtk_editable_get_editable (editable))
    return;

  {
    g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (panel);

    /* The row is named after the URL's path, which follows the item's type. */
    ovs_request_set_string (ovs_panel_get_request (panel), gtk_widget_get_name (GTK_WIDGET (editable)),
                            gtk_editable_get_text (editable));
  }
  ovs_item_row_update_header (OVS_ITEM_ROW (self));
}

static void
choose_clicked_cb (GtkButton     *button,
                   OvsContentRow *self)
{
  OvsPanel *panel = ovs_item_row_edit_panel (OVS_ITEM_ROW (self));
  g_autofree char *media = NULL;

  if (panel == NULL)
    return;
  media = type_media (ovs_choice_row_get_value (OVS_CHOICE_ROW (self->type_row)));
  ovs_panel_pick_files (panel, _("Choose a File"), _("_Choose"), media != NULL ? media : "image",
                        FALSE, ovs_panel_set_url_at, g_strdup (gtk_widget_get_name (self->url_row)),
                        g_free);
}

static void
set_url (OvsContentRow *self,
         const char    *url)
{
  GtkEditable *editable = GTK_EDITABLE (self->url_row);
  g_autofree char *description = ovs_data_url_describe (url);
  const char *text = description != NULL ? description : url != NULL ? url : "";

  gtk_editable_set_editable (editable, description == NULL);
  if (g_strcmp0 (gtk_editable_get_text (editable), text) != 0)
    gtk_editable_set_text (editable, text);
}

void
ovs_content_row_sync (OvsContentRow *self,
                      guint          index,
                      guint          n_items)
{
  OvsRequest *request = ovs_item_row_get_request (OVS_ITEM_ROW (self));
  g_autofree char *type_path = NULL;
  g_autofree char *role_path = NULL;
  g_autofree char *url_member = NULL;
  g_autofree char *url_path = NULL;
  const char *type;

  g_return_if_fail (OVS_IS_CONTENT_ROW (self));
  g_return_if_fail (request != NULL);

  ovs_item_row_set_position (OVS_ITEM_ROW (self), index, n_items);
  type_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".type");
  role_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), ".role");
  type = ovs_request_get_string (request, type_path);
  gtk_widget_set_name (self->type_row, type_path);
  gtk_widget_set_name (self->role_row, role_path);
  ovs_choice_row_select (OVS_CHOICE_ROW (self->type_row), type);
  ovs_choice_row_select (OVS_CHOICE_ROW (self->role_row), ovs_request_get_string (request, role_path));

  /* Without a type there is no holder to put a URL in. */
  url_member = g_strdup_printf (".%s.url", type != NULL ? type : "image_url");
  url_path = ovs_item_row_dup_path (OVS_ITEM_ROW (self), url_member);
  gtk_widget_set_name (self->url_row, url_path);
  gtk_widget_set_sensitive (self->url_row, type != NULL);
  set_url (self, ovs_request_get_string (request, url_path));
}

void
ovs_content_row_set_number (OvsContentRow *self,
                            guint          number)
{
  g_return_if_fail (OVS_IS_CONTENT_ROW (self));

  self->number = number;
  ovs_item_row_update_header (OVS_ITEM_ROW (self));
}

static const char *
ovs_content_row_member_label (OvsItemRow *row,
                              const char *member)
{
  if (g_str_equal (member, ".type"))
    return _("Kind");
  if (g_str_equal (member, ".role"))
    return _("Role");
  if (*member == '.')
    return _("URL");
  return NULL;
}

static void
ovs_content_row_show_problems (OvsItemRow *row,
                               GPtrArray  *problems)
{
  OvsContentRow *self = OVS_CONTENT_ROW (row);
  const char *type = ovs_choice_row_get_value (OVS_CHOICE_ROW (self->type_row));
  g_autofree char *member = g_strconcat (".", type != NULL ? type : "image_url", NULL);
  g_autofree char *holder_path = ovs_item_row_dup_path (row, member);

  ovs_panel_mark_widget (self->type_row, problems, gtk_widget_get_name (self->type_row));
  ovs_panel_mark_widget (self->role_row, problems, gtk_widget_get_name (self->role_row));
  /* The URL row answers for the holder too ("a video_url item needs {url}"). */
  ovs_panel_mark_widget (self->url_row, problems, holder_path);
}

/* "Image 2", as the prompt counts it. */
static char *
title_text (OvsContentRow *self,
            const char    *type)
{
  if (type == NULL || self->number == 0)
    return g_strdup_printf (_("Item %u"), ovs_item_row_get_index (OVS_ITEM_ROW (self)) + 1);
  if (g_str_equal (type, "image_url"))
    /* Translators: how the prompt counts reference items, "Image 1" */
    return g_strdup_printf (_("Image %u"), self->number);
  if (g_str_equal (type, "video_url"))
    return g_strdup_printf (_("Video %u"), self->number);
  if (g_str_equal (type, "audio_url"))
    return g_strdup_printf (_("Audio %u"), self->number);
  return g_strdup_printf ("%s %u", type, self->number);
}

/* Where the item comes from, in a few words: the file name says more than the host. */
static char *
where_text (const char *url)
{
  char *inline_file = ovs_data_url_describe (url);
  const char *slash;

  if (url == NULL || *url == '\0')
    return g_strdup (_("No URL yet"));
  /* A data: URL or bare base64 (whose "/" are no path's). */
  if (inline_file != NULL)
    return inline_file;
  slash = strrchr (url, '/');
  return g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : url);
}

static void
ovs_content_row_update_header (OvsItemRow *row)
{
  OvsContentRow *self = OVS_CONTENT_ROW (row);
  OvsRequest *request = ovs_item_row_get_request (row);
  g_autofree char *type_path = ovs_item_row_dup_path (row, ".type");
  g_autofree char *role_path = ovs_item_row_dup_path (row, ".role");
  const char *type = request != NULL ? ovs_request_get_string (request, type_path) : NULL;
  const char *role = request != NULL ? ovs_request_get_string (request, role_path) : NULL;
  g_autofree char *title = title_text (self, type);
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  if (request == NULL || ovs_item_row_show_messages (row))
    return;

  where = where_text (type != NULL ? ovs_request_get_string (request, gtk_widget_get_name (self->url_row))
                                   : NULL);
  if (role != NULL)
    /* Translators: an item's role and where it comes from, "Reference image · a.jpg" */
    subtitle = g_strdup_printf (C_("content summary", "%s · %s"), role_label (role), where);
  else
    subtitle = g_steal_pointer (&where);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

static void
ovs_content_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_CONTENT_ROW);

  G_OBJECT_CLASS (ovs_content_row_parent_class)->dispose (object);
}

static void
ovs_content_row_class_init (OvsContentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsItemRowClass *item_class = OVS_ITEM_ROW_CLASS (klass);

  object_class->dispose = ovs_content_row_dispose;
  item_class->list_path = OVS_CONTENT_PATH;
  item_class->member_label = ovs_content_row_member_label;
  item_class->show_problems = ovs_content_row_show_problems;
  item_class->update_header = ovs_content_row_update_header;

  g_type_ensure (OVS_TYPE_CHOICE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-content-row.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsContentRow, type_row);
  gtk_widget_class_bind_template_child (widget_class, OvsContentRow, url_row);
  gtk_widget_class_bind_template_child (widget_class, OvsContentRow, role_row);
  gtk_widget_class_bind_template_child (widget_class, OvsContentRow, choose_button);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, role_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
}

static void
ovs_content_row_init (OvsContentRow *self)
{
  OvsCatalog *catalog = ovs_catalog_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_choice_row_set_choices (OVS_CHOICE_ROW (self->type_row),
                              ovs_catalog_get_choices (catalog, "content_type"), type_label, FALSE);
  ovs_choice_row_set_choices (OVS_CHOICE_ROW (self->role_row),
                              ovs_catalog_get_choices (catalog, "content_role"), role_label, TRUE);
  ovs_panel_tell_file_limit (self->choose_button);
}

GtkWidget *
ovs_content_row_new (OvsPanel *panel)
{
  return g_object_new (OVS_TYPE_CONTENT_ROW, "panel", panel, NULL);
}
