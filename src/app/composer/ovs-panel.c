/* ovs-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-basics-panel.h"
#include "ovs-choice-row.h"
#include "ovs-content-panel.h"
#include "ovs-data-url.h"
#include "ovs-elements-panel.h"
#include "ovs-extra-panel.h"
#include "ovs-frames-panel.h"
#include "ovs-media-panel.h"
#include "ovs-app-widgets.h"
#include "ovs-panel.h"
#include "ovs-prompt-panel.h"
#include "ovs-raster-cache.h"
#include "ovs-shots-panel.h"
#include "ovs-storyboard-panel.h"
#include "ovs-subjects-panel.h"
#include "ovs-vidu-subjects-panel.h"

typedef struct
{
  OvsRequest   *request;
  GCancellable *cancellable;
  guint         updates;  /* how many updates are under way (ovs_panel_begin_update) */
  GPtrArray    *field_rows; /* GtkWidget, each named by its path; the group owns them */
  OvsRasterCache *raster;   /* the panel drawn from a picture while it is still */
} OvsPanelPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (OvsPanel, ovs_panel, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* With an update held: the field rows at @path, then the panel's own widgets. */
static void
show_changed (OvsPanel   *self,
              const char *path)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (self);
  OvsPanelClass *klass = OVS_PANEL_GET_CLASS (self);

  for (guint i = 0; i < priv->field_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (priv->field_rows, i);

      if (ovs_panel_path_affects (path, gtk_widget_get_name (row)))
        klass->show_field (self, row);
    }
  if (klass->request_changed != NULL)
    klass->request_changed (self, path);
}

static void
request_changed_cb (OvsPanel   *self,
                    const char *path)
{
  g_autoptr(OvsPanelUpdate) update = NULL;

  /* The echo of the panel's own write: its widgets already say it. */
  if (ovs_panel_is_updating (self))
    return;
  update = ovs_panel_begin_update (self);
  show_changed (self, path);
}

static void
ovs_panel_real_show_field (OvsPanel  *self,
                           GtkWidget *row)
{
  if (OVS_IS_CHOICE_ROW (row))
    ovs_choice_row_show_request (OVS_CHOICE_ROW (row), ovs_panel_get_request (self));
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
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_ptr_array_set_size (priv->field_rows, 0);
  g_clear_pointer (&priv->raster, ovs_raster_cache_free);

  G_OBJECT_CLASS (ovs_panel_parent_class)->dispose (object);
}

static void
ovs_panel_finalize (GObject *object)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (OVS_PANEL (object));

  g_ptr_array_unref (priv->field_rows);

  G_OBJECT_CLASS (ovs_panel_parent_class)->finalize (object);
}

static void
ovs_panel_snapshot_content (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  GTK_WIDGET_CLASS (ovs_panel_parent_class)->snapshot (widget, snapshot);
}

/* A form has several panels and one is typed in at a time: the others are drawn from a
 * picture (ovs-raster-cache.h). */
static void
ovs_panel_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (OVS_PANEL (widget));

  if (priv->raster == NULL)
    ovs_panel_snapshot_content (widget, snapshot);
  else
    ovs_raster_cache_snapshot (priv->raster, snapshot, ovs_panel_snapshot_content);
}

static void
ovs_panel_class_init (OvsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ovs_panel_constructed;
  object_class->set_property = ovs_panel_set_property;
  object_class->get_property = ovs_panel_get_property;
  object_class->dispose = ovs_panel_dispose;
  object_class->finalize = ovs_panel_finalize;
  klass->show_field = ovs_panel_real_show_field;
  widget_class->snapshot = ovs_panel_snapshot;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, OVS_TYPE_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ovs_panel_init (OvsPanel *self)
{
  OvsPanelPrivate *priv = ovs_panel_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->field_rows = g_ptr_array_new ();
  priv->raster = ovs_raster_cache_new (GTK_WIDGET (self));
}

void
ovs_panel_set_pictured (OvsPanel *self,
                        gboolean  pictured)
{
  OvsPanelPrivate *priv;

  g_return_if_fail (OVS_IS_PANEL (self));
  priv = ovs_panel_get_instance_private (self);
  if (!pictured)
    g_clear_pointer (&priv->raster, ovs_raster_cache_free);
  else if (priv->raster == NULL)
    priv->raster = ovs_raster_cache_new (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ovs_panel_is_pictured (OvsPanel *self)
{
  g_return_val_if_fail (OVS_IS_PANEL (self), FALSE);
  return ovs_raster_cache_is_cached (((OvsPanelPrivate *) ovs_panel_get_instance_private (self))->raster);
}

GCancellable *
ovs_panel_get_cancellable (OvsPanel *self)
{
  g_return_val_if_fail (OVS_IS_PANEL (self), NULL);
  return ((OvsPanelPrivate *) ovs_panel_get_instance_private (self))->cancellable;
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

    show_changed (self, "$");
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
  OvsPanelPrivate *priv;

  g_return_if_fail (OVS_IS_PANEL (self));

  klass = OVS_PANEL_GET_CLASS (self);
  priv = ovs_panel_get_instance_private (self);
  for (guint i = 0; i < priv->field_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (priv->field_rows, i);

      ovs_panel_mark_widget (row, problems, gtk_widget_get_name (row));
    }
  if (klass->show_problems != NULL)
    klass->show_problems (self, problems);
}

static void
field_selected_cb (OvsChoiceRow *row,
                   GParamSpec   *pspec,
                   OvsPanel     *self)
{
  g_autoptr(OvsPanelUpdate) update = NULL;

  if (ovs_panel_is_updating (self) || ovs_panel_get_request (self) == NULL)
    return;
  update = ovs_panel_begin_update (self);
  ovs_choice_row_write_request (row, ovs_panel_get_request (self));
}

void
ovs_panel_add_field_row (OvsPanel  *self,
                         GtkWidget *row)
{
  OvsPanelPrivate *priv;

  g_return_if_fail (OVS_IS_PANEL (self));
  g_return_if_fail (gtk_widget_get_name (row) != NULL);

  priv = ovs_panel_get_instance_private (self);
  g_ptr_array_add (priv->field_rows, row);
  if (OVS_IS_CHOICE_ROW (row))
    g_signal_connect_object (row, "notify::selected", G_CALLBACK (field_selected_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  {
    g_autoptr(OvsPanelUpdate) update = ovs_panel_begin_update (self);

    OVS_PANEL_GET_CLASS (self)->show_field (self, row);
  }
}

GtkWidget *
ovs_panel_get_field_row (OvsPanel   *self,
                         const char *path)
{
  OvsPanelPrivate *priv;

  g_return_val_if_fail (OVS_IS_PANEL (self), NULL);

  priv = ovs_panel_get_instance_private (self);
  for (guint i = 0; i < priv->field_rows->len; i++)
    if (g_str_equal (gtk_widget_get_name (g_ptr_array_index (priv->field_rows, i)), path))
      return g_ptr_array_index (priv->field_rows, i);
  return NULL;
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

void
ovs_panel_move_expander_item (OvsPanel       *self,
                              const char     *path,
                              AdwExpanderRow *from_row,
                              guint           from,
                              AdwExpanderRow *to_row,
                              guint           to)
{
  gboolean expanded_from = adw_expander_row_get_expanded (from_row);
  gboolean expanded_to = adw_expander_row_get_expanded (to_row);

  g_return_if_fail (OVS_IS_PANEL (self));

  ovs_request_move_item (ovs_panel_get_request (self), path, from, to);
  adw_expander_row_set_expanded (to_row, expanded_from);
  adw_expander_row_set_expanded (from_row, expanded_to);
}

void
ovs_panel_toast (GtkWidget  *widget,
                 const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    ovs_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

/* One pick of files: shared by the reads it starts, freed after the last. */
typedef struct
{
  OvsPanel        *self;
  char            *media;
  OvsPanelUrlRead  added;
  gpointer         user_data;
  GDestroyNotify   destroy;
} Pick;

static void
pick_clear (Pick *pick)
{
  if (pick->destroy != NULL)
    pick->destroy (pick->user_data);
  g_free (pick->media);
  g_object_unref (pick->self);
}

static Pick *
pick_new (OvsPanel        *self,
          const char      *media,
          OvsPanelUrlRead  added,
          gpointer         user_data,
          GDestroyNotify   destroy)
{
  Pick *pick = g_rc_box_new0 (Pick);

  pick->self = g_object_ref (self);
  pick->media = g_strdup (media);
  pick->added = added;
  pick->user_data = user_data;
  pick->destroy = destroy;
  return pick;
}

static void
pick_release (Pick *pick)
{
  g_rc_box_release_full (pick, (GDestroyNotify) pick_clear);
}

static void
file_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pick *pick = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_data_url_read_finish (result, &error);

  /* Cancelled: the panel is gone. */
  if (url != NULL)
    pick->added (pick->self, url, pick->user_data);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ovs_panel_toast (GTK_WIDGET (pick->self), error->message);
  pick_release (pick);
}

/* Audio, video or image, from the file's name: what a file of any of the three is checked
 * against (the reader then checks the bytes). */
static const char *
guess_media (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *content_type = g_content_type_guess (basename, NULL, 0, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (content_type);

  if (mime != NULL && g_str_has_prefix (mime, "video/"))
    return "video";
  if (mime != NULL && g_str_has_prefix (mime, "audio/"))
    return "audio";
  return "image";
}

static void
read_files (Pick   *pick,
            GFile **files,
            guint   n_files)
{
  for (guint i = 0; i < n_files; i++)
    ovs_data_url_read_async (files[i], pick->media != NULL ? pick->media : guess_media (files[i]),
                             OVS_DATA_URL_LIMIT, ovs_panel_get_cancellable (pick->self),
                             file_read_cb, g_rc_box_acquire (pick));
}

void
ovs_panel_read_files (OvsPanel        *self,
                      GFile          **files,
                      guint            n_files,
                      const char      *media,
                      OvsPanelUrlRead  added,
                      gpointer         user_data,
                      GDestroyNotify   destroy)
{
  Pick *pick;

  g_return_if_fail (OVS_IS_PANEL (self));
  g_return_if_fail (added != NULL);

  pick = pick_new (self, media, added, user_data, destroy);
  read_files (pick, files, n_files);
  pick_release (pick);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     Pick            *pick)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      read_files (pick, (GFile **) files->pdata, files->len);
    }
  pick_release (pick);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

void
ovs_panel_set_url_at (OvsPanel   *self,
                      const char *url,
                      gpointer    path)
{
  ovs_request_set_string (ovs_panel_get_request (self), path, url);
}

void
ovs_panel_pick_files (OvsPanel        *self,
                      const char      *title,
                      const char      *accept_label,
                      const char      *media,
                      gboolean         multiple,
                      OvsPanelUrlRead  added,
                      gpointer         user_data,
                      GDestroyNotify   destroy)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (OVS_IS_PANEL (self));
  g_return_if_fail (added != NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  for (const char * const *m = (const char *[]) { "image", "video", "audio", NULL }; *m != NULL; m++)
    if (media == NULL || g_str_equal (media, *m))
      {
        g_autofree char *pattern = g_strconcat (*m, "/*", NULL);

        gtk_file_filter_add_mime_type (filter, pattern);
      }
  gtk_file_filter_set_name (filter, media == NULL ? _("Images, videos and audio")
                                    : g_str_equal (media, "video") ? _("Videos")
                                    : g_str_equal (media, "audio") ? _("Audio")
                                    : _("Images"));

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, accept_label, _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), multiple);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb),
                    pick_new (self, media, added, user_data, destroy));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
ovs_panel_tell_file_limit (GtkWidget *button)
{
  g_autofree char *tooltip = g_strdup (gtk_widget_get_tooltip_text (button));
  g_autofree char *limit = ovs_data_url_describe_limit (OVS_DATA_URL_LIMIT);
  g_autofree char *text = g_strdup_printf ("%s\n%s", tooltip != NULL ? tooltip : "", limit);

  /* Said before the user picks a file, not only after one is refused; the accessible name
   * stays the short one. */
  if (tooltip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    tooltip, -1);
  gtk_widget_set_tooltip_text (button, text);
}

GtkWidget *
ovs_panel_file_button (const char *tooltip)
{
  GtkWidget *button = ovs_panel_icon_button ("document-open-symbolic", tooltip);

  ovs_panel_tell_file_limit (button);
  return button;
}

void
ovs_panel_resize_rows (OvsPanel        *self,
                       GPtrArray       *rows,
                       guint            n,
                       GtkWidget       *add_row,
                       OvsPanelMakeRow  make_row)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);

  g_return_if_fail (OVS_IS_PANEL (self));

  while (rows->len > n)
    {
      GtkWidget *row = g_ptr_array_steal_index (rows, rows->len - 1);

      adw_preferences_group_remove (group, row);
    }
  while (rows->len < n)
    {
      GtkWidget *row = make_row (self);

      g_ptr_array_add (rows, row);
      /* Moved to the end: the group holds the only other reference to it meanwhile. */
      g_object_ref (add_row);
      adw_preferences_group_remove (group, add_row);
      adw_preferences_group_add (group, row);
      adw_preferences_group_add (group, add_row);
      g_object_unref (add_row);
    }
}
