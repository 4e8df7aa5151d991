/* ovs-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-basics-panel.h"
#include "ovs-content-panel.h"
#include "ovs-elements-panel.h"
#include "ovs-extra-panel.h"
#include "ovs-frames-panel.h"
#include "ovs-media-panel.h"
#include "ovs-panel.h"
#include "ovs-prompt-panel.h"
#include "ovs-thumbnailer.h"
#include "ovs-shots-panel.h"
#include "ovs-storyboard-panel.h"
#include "ovs-subjects-panel.h"
#include "ovs-vidu-subjects-panel.h"

typedef struct
{
  OvsRequest *request;
  guint       updates;  /* how many updates are under way (ovs_panel_begin_update) */
} OvsPanelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OvsPanel, ovs_panel, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
request_changed_cb (OvsPanel   *self,
                    const char *path)
{
  OvsPanelClass *klass = OVS_PANEL_GET_CLASS (self);
  g_autoptr(OvsPanelUpdate) update = NULL;

  /* The echo of the panel's own write: its widgets already say it. */
  if (ovs_panel_is_updating (self) || klass->request_changed == NULL)
    return;
  update = ovs_panel_begin_update (self);
  klass->request_changed (self, path);
}

static void
ovs_panel_constructed (GObject *object)
{
  OvsPanel *self = OVS_PANEL (object);
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (self);

  G_OBJECT_CLASS (ovs_panel_parent_class)->constructed (object);

  g_signal_connect_object (priv->request, "changed", G_CALLBACK (request_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ovs_panel_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (OVS_PANEL (object));

  switch (prop_id)
    {
    case PROP_REQUEST:
      priv->request = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_panel_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (OVS_PANEL (object));

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, priv->request);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_panel_dispose (GObject *object)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (OVS_PANEL (object));

  /* Before the parent class tears the rows down: a ::changed then would reach a panel
   * without them. */
  if (priv->request != NULL)
    g_signal_handlers_disconnect_by_data (priv->request, object);
  g_clear_object (&priv->request);

  G_OBJECT_CLASS (ovs_panel_parent_class)->dispose (object);
}

static void
ovs_panel_class_init (OvsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ovs_panel_constructed;
  object_class->set_property = ovs_panel_set_property;
  object_class->get_property = ovs_panel_get_property;
  object_class->dispose = ovs_panel_dispose;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, OVS_TYPE_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_panel_init (OvsPanel *self)
{
}

OvsRequest *
ovs_panel_get_request (OvsPanel *self)
{
  g_return_val_if_fail (OVS_IS_PANEL (self), NULL);
  return ((OvsPanelPrivate *) ovs_panel_get_instance_private (self))->request;
}

OvsPanelUpdate *
ovs_panel_begin_update (OvsPanel *self)
{
  OvsPanelPrivate *priv;

  g_return_val_if_fail (OVS_IS_PANEL (self), NULL);

  priv = ovs_panel_get_instance_private (self);
  priv->updates++;
  return self;
}

void
ovs_panel_end_update (OvsPanelUpdate *update)
{
  OvsPanelPrivate *priv;

  g_return_if_fail (OVS_IS_PANEL (update));

  priv = ovs_panel_get_instance_private (update);
  g_return_if_fail (priv->updates > 0);
  priv->updates--;
}

gboolean
ovs_panel_is_updating (OvsPanel *self)
{
  g_return_val_if_fail (OVS_IS_PANEL (self), FALSE);
  return ((OvsPanelPrivate *) ovs_panel_get_instance_private (self))->updates > 0;
}

void
ovs_panel_refresh (OvsPanel *self)
{
  g_return_if_fail (OVS_IS_PANEL (self));

  {
    g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (self);

    if (OVS_PANEL_GET_CLASS (self)->request_changed != NULL)
      OVS_PANEL_GET_CLASS (self)->request_changed (self, "$");
  }
  ovs_panel_show_problems (self, NULL);
}

typedef GtkWidget *(*PanelConstructor) (OvsRequest *request);

static GtkWidget *
new_images_panel (OvsRequest *request)
{
  return ovs_media_panel_new (request, "images");
}

static GtkWidget *
new_videos_panel (OvsRequest *request)
{
  return ovs_media_panel_new (request, "videos");
}

static const struct {
  const char       *id;
  PanelConstructor  create;
} panels[] = {
  { "basics", ovs_basics_panel_new },
  { "prompt", ovs_prompt_panel_new },
  { "images", new_images_panel },
  { "videos", new_videos_panel },
  { "frames", ovs_frames_panel_new },
  { "storyboard", ovs_storyboard_panel_new },
  { "shots", ovs_shots_panel_new },
  { "elements", ovs_elements_panel_new },
  { "subjects", ovs_subjects_panel_new },
  { "vidu-subjects", ovs_vidu_subjects_panel_new },
  { "content", ovs_content_panel_new },
  { "extra", ovs_extra_panel_new },
};

GtkWidget *
ovs_panel_new (const char *panel_id,
               OvsRequest *request)
{
  g_return_val_if_fail (panel_id != NULL, NULL);
  g_return_val_if_fail (OVS_IS_REQUEST (request), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (panels); i++)
    if (g_str_equal (panels[i].id, panel_id))
      return panels[i].create (request);
  return NULL;
}

void
ovs_panel_show_problems (OvsPanel  *self,
                         GPtrArray *problems)
{
  OvsPanelClass *klass;

  g_return_if_fail (OVS_IS_PANEL (self));

  klass = OVS_PANEL_GET_CLASS (self);
  if (klass->show_problems != NULL)
    klass->show_problems (self, problems);
}

gboolean
ovs_panel_path_affects (const char *changed_path,
                        const char *path)
{
  gsize len = strlen (path);

  if (g_str_equal (changed_path, "$"))
    return TRUE;
  if (strncmp (changed_path, path, len) == 0
      && (changed_path[len] == '\0' || changed_path[len] == '.' || changed_path[len] == '['))
    return TRUE;
  /* A change above the path (its parent object replaced) affects it too. */
  len = strlen (changed_path);
  return strncmp (path, changed_path, len) == 0 && (path[len] == '.' || path[len] == '[');
}

void
ovs_panel_append_problem (GString    *text,
                          const char *message)
{
  gunichar first;

  g_return_if_fail (text != NULL);
  g_return_if_fail (message != NULL);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  first = g_utf8_get_char_validated (message, -1);
  if (first == (gunichar) -1 || first == (gunichar) -2 || !g_unichar_islower (first))
    {
      g_string_append (text, message);
      return;
    }
  g_string_append_unichar (text, g_unichar_totitle (first));
  g_string_append (text, g_utf8_next_char (message));
}

void
ovs_panel_mark_widget (GtkWidget  *widget,
                       GPtrArray  *problems,
                       const char *path)
{
  g_autoptr(GString) messages = g_string_new (NULL);
  gboolean error = FALSE;
  gboolean warning = FALSE;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const OvsProblem *problem = g_ptr_array_index (problems, i);
      gsize len = strlen (path);

      if (strncmp (problem->path, path, len) != 0
          || (problem->path[len] != '\0' && problem->path[len] != '.' && problem->path[len] != '['))
        continue;

      ovs_panel_append_problem (messages, problem->message);
      if (problem->severity == OVS_SEVERITY_ERROR)
        error = TRUE;
      else
        warning = TRUE;
    }

  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  if (warning && !error)
    gtk_widget_add_css_class (widget, "warning");
  else
    gtk_widget_remove_css_class (widget, "warning");

  /* Rows say it where the eye already is; other widgets in a tooltip. Messages quote
   * the user's text, so they are never markup. */
  if (ADW_IS_PREFERENCES_ROW (widget))
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  if (ADW_IS_ACTION_ROW (widget))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), messages->str);
  else
    gtk_widget_set_tooltip_text (widget, messages->len > 0 ? messages->str : NULL);
}

void
ovs_panel_set_description (AdwPreferencesGroup *group,
                           const char          *text)
{
  g_autofree char *escaped = text != NULL ? g_markup_escape_text (text, -1) : NULL;

  adw_preferences_group_set_description (group, escaped);
}

/* The default factory of a combo row stops at 20 characters, too short for "Smart: Kling
 * cuts the shots" or "Feature: follow its motion and rhythm"; the row shows the chosen label
 * whole when there is room. The popup keeps the default factory, with its check marks. */
static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (item, label);
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       string != NULL ? gtk_string_object_get_string (string) : NULL);
}

void
ovs_panel_combo_row_show_whole_value (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  adw_combo_row_set_list_factory (row, adw_combo_row_get_factory (row));
  g_signal_connect (factory, "setup", G_CALLBACK (value_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (value_bind_cb), NULL);
  adw_combo_row_set_factory (row, factory);
}

GtkWidget *
ovs_panel_icon_button (const char *icon,
                       const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

GtkWidget *
ovs_panel_list_row_new (guint       index,
                        const char *remove_tooltip,
                        GCallback   move_clicked,
                        GCallback   remove_clicked,
                        gpointer    user_data)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *up = ovs_panel_icon_button ("go-up-symbolic", _("Move up"));
  GtkWidget *down = ovs_panel_icon_button ("go-down-symbolic", _("Move down"));
  GtkWidget *remove = ovs_panel_icon_button ("user-trash-symbolic", remove_tooltip);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (index));
  for (GtkWidget **b = (GtkWidget *[]) { up, down, remove, NULL }; *b != NULL; b++)
    g_object_set_data (G_OBJECT (*b), "index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (up), "delta", GINT_TO_POINTER (-1));
  g_object_set_data (G_OBJECT (down), "delta", GINT_TO_POINTER (1));
  g_object_set_data (G_OBJECT (row), "up", up);
  g_object_set_data (G_OBJECT (row), "down", down);

  g_signal_connect (up, "clicked", move_clicked, user_data);
  g_signal_connect (down, "clicked", move_clicked, user_data);
  g_signal_connect (remove, "clicked", remove_clicked, user_data);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), up);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), down);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
  return row;
}

void
ovs_panel_list_row_update_arrows (GtkWidget *row,
                                  guint      n_items)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));

  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "up"), index > 0);
  gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "down"), index + 1 < n_items);
}

void
ovs_panel_list_row_move (GtkButton  *button,
                         OvsRequest *request,
                         const char *path)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  int delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));

  if (delta < 0 && index == 0)
    return;
  ovs_request_move_item (request, path, index, index + delta);
}

void
ovs_panel_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

void
ovs_panel_row_add_thumbnail (AdwEntryRow *row)
{
  GtkWidget *thumb = gtk_picture_new ();

  gtk_picture_set_content_fit (GTK_PICTURE (thumb), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (thumb, 64, 36);
  gtk_widget_set_valign (thumb, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (thumb, "reference-thumbnail");
  gtk_widget_set_visible (thumb, FALSE);
  adw_entry_row_add_prefix (row, thumb);
  g_object_set_data (G_OBJECT (row), "thumb", thumb);
}

typedef struct
{
  GWeakRef  row;
  char     *url;
} ThumbnailRequest;

static void
thumbnail_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ThumbnailRequest *request = user_data;
  g_autofree char *path = ovs_thumbnailer_get_finish (result, NULL);
  g_autoptr(GtkWidget) row = g_weak_ref_get (&request->row);

  /* Still the same reference on the same row: show it. */
  if (row != NULL && path != NULL
      && g_strcmp0 (g_object_get_data (G_OBJECT (row), "thumb-url"), request->url) == 0)
    {
      GtkWidget *thumb = g_object_get_data (G_OBJECT (row), "thumb");

      gtk_picture_set_filename (GTK_PICTURE (thumb), path);
      gtk_widget_set_visible (thumb, TRUE);
    }
  g_weak_ref_clear (&request->row);
  g_free (request->url);
  g_free (request);
}

void
ovs_panel_row_show_thumbnail (GtkWidget    *row,
                              const char   *url,
                              GCancellable *cancellable)
{
  GtkWidget *thumb = g_object_get_data (G_OBJECT (row), "thumb");
  ThumbnailRequest *request;

  if (thumb == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (row), "thumb-url"), url) == 0)
    return;
  g_object_set_data_full (G_OBJECT (row), "thumb-url", g_strdup (url), g_free);
  gtk_picture_set_paintable (GTK_PICTURE (thumb), NULL);
  gtk_widget_set_visible (thumb, FALSE);
  if (url == NULL || (!g_str_has_prefix (url, "http://") && !g_str_has_prefix (url, "https://")
                      && !g_str_has_prefix (url, "data:")))
    return;

  request = g_new0 (ThumbnailRequest, 1);
  g_weak_ref_init (&request->row, row);
  request->url = g_strdup (url);
  ovs_thumbnailer_get_async (url, 128, cancellable, thumbnail_cb, request);
}
