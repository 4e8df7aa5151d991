/* ovs-player-widget.c: an OvsPlayer's picture with its controls
 *
 * The widget only listens: it reads the player's properties on notify:: and calls its
 * methods from the controls and key bindings. It has no state of its own beyond what the
 * controls show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-player-widget"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ovs-player-widget.h"

#define NS_PER_SECOND 1e9

struct _OvsPlayerWidget
{
  GtkWidget   parent_instance;

  OvsPlayer  *player;

  GtkWidget  *overlay;
  GtkWidget  *picture;
  GtkWidget  *controls;
  GtkWidget  *play_button;
  GtkWidget  *time_label;
  GtkWidget  *seek_scale;
  GtkWidget  *mute_button;
  GtkWidget  *volume_scale;
  GtkWidget  *loop_button;
  GtkWidget  *fullscreen_button;
  GtkWidget  *error_box;
  GtkWidget  *error_label;

  GtkWindow  *window;   /* the root, while rooted: its fullscreen state picks an icon */
};

G_DEFINE_FINAL_TYPE (OvsPlayerWidget, ovs_player_widget, GTK_TYPE_WIDGET)

static void
set_icon_button (GtkWidget  *button,
                 const char *icon_name,
                 const char *label)
{
  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
new_icon_button (GType       type,
                 const char *icon_name,
                 const char *label)
{
  GtkWidget *button = g_object_new (type, "has-frame", FALSE, "focus-on-click", FALSE, NULL);

  set_icon_button (button, icon_name, label);
  return button;
}

/* Player → controls */

static void
update_time (OvsPlayerWidget *self)
{
  gint64 position = ovs_player_get_position (self->player);
  gint64 duration = ovs_player_get_duration (self->player);
  g_autofree char *position_text = ovs_player_format_time (position);
  g_autofree char *duration_text = ovs_player_format_time (duration);
  /* TRANSLATORS: the position and the duration of a video, like "0:03 / 0:05" */
  g_autofree char *text = g_strdup_printf (_("%s / %s"), position_text, duration_text);
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->seek_scale));

  gtk_label_set_text (GTK_LABEL (self->time_label), text);
  gtk_adjustment_configure (adjustment, position / NS_PER_SECOND, 0.0,
                            MAX (duration, 0) / NS_PER_SECOND, 1.0, 5.0, 0.0);
  gtk_widget_set_sensitive (self->seek_scale, duration > 0);
}

static void
position_changed_cb (OvsPlayerWidget *self)
{
  update_time (self);
}

static void
playing_changed_cb (OvsPlayerWidget *self)
{
  if (ovs_player_get_playing (self->player))
    set_icon_button (self->play_button, "media-playback-pause-symbolic", _("Pause"));
  else
    set_icon_button (self->play_button, "media-playback-start-symbolic", _("Play"));
}

static void
muted_changed_cb (OvsPlayerWidget *self)
{
  gboolean muted = ovs_player_get_muted (self->player);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->mute_button), muted);
  if (muted)
    set_icon_button (self->mute_button, "audio-volume-muted-symbolic", _("Unmute"));
  else
    set_icon_button (self->mute_button, "audio-volume-high-symbolic", _("Mute"));
  gtk_widget_set_sensitive (self->volume_scale, !muted);
}

static void
has_audio_changed_cb (OvsPlayerWidget *self)
{
  gboolean has_audio = ovs_player_get_has_audio (self->player);

  gtk_widget_set_visible (self->mute_button, has_audio);
  gtk_widget_set_visible (self->volume_scale, has_audio);
}

static void
error_changed_cb (OvsPlayerWidget *self)
{
  const GError *error = ovs_player_get_error (self->player);

  gtk_widget_set_visible (self->error_box, error != NULL);
  gtk_widget_set_visible (self->controls, error == NULL);
  gtk_widget_set_visible (self->picture, error == NULL);
  gtk_label_set_text (GTK_LABEL (self->error_label), error != NULL ? error->message : "");
}

static void
fullscreened_changed_cb (OvsPlayerWidget *self)
{
  if (self->window != NULL && gtk_window_is_fullscreen (self->window))
    set_icon_button (self->fullscreen_button, "view-restore-symbolic", _("Leave Fullscreen"));
  else
    set_icon_button (self->fullscreen_button, "view-fullscreen-symbolic", _("Fullscreen"));
}

/* Controls → player */

static gboolean
seek_change_value_cb (OvsPlayerWidget *self,
                      GtkScrollType    scroll,
                      double           value)
{
  ovs_player_seek (self->player, (gint64) (value * NS_PER_SECOND));
  return TRUE;
}

static void
mute_toggled_cb (OvsPlayerWidget *self)
{
  ovs_player_set_muted (self->player,
                        gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->mute_button)));
}

static void
picture_pressed_cb (OvsPlayerWidget *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Actions */

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ovs_player_toggle (OVS_PLAYER_WIDGET (widget)->player);
}

static void
seek_backward_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ovs_player_seek_relative (OVS_PLAYER_WIDGET (widget)->player, -OVS_PLAYER_SEEK_STEP);
}

static void
seek_forward_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ovs_player_seek_relative (OVS_PLAYER_WIDGET (widget)->player, OVS_PLAYER_SEEK_STEP);
}

static void
mute_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsPlayer *player = OVS_PLAYER_WIDGET (widget)->player;

  ovs_player_set_muted (player, !ovs_player_get_muted (player));
}

static void
loop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OvsPlayer *player = OVS_PLAYER_WIDGET (widget)->player;

  ovs_player_set_loop (player, !ovs_player_get_loop (player));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!GTK_IS_WINDOW (root))
    return;
  if (gtk_window_is_fullscreen (GTK_WINDOW (root)))
    gtk_window_unfullscreen (GTK_WINDOW (root));
  else
    gtk_window_fullscreen (GTK_WINDOW (root));
}

/* GtkWidget */

static void
ovs_player_widget_root (GtkWidget *widget)
{
  OvsPlayerWidget *self = OVS_PLAYER_WIDGET (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (ovs_player_widget_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->window = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::fullscreened",
                               G_CALLBACK (fullscreened_changed_cb), self, G_CONNECT_SWAPPED);
    }
  fullscreened_changed_cb (self);
}

static void
ovs_player_widget_unroot (GtkWidget *widget)
{
  OvsPlayerWidget *self = OVS_PLAYER_WIDGET (widget);

  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, fullscreened_changed_cb, self);
      self->window = NULL;
    }

  GTK_WIDGET_CLASS (ovs_player_widget_parent_class)->unroot (widget);
}

static void
ovs_player_widget_unmap (GtkWidget *widget)
{
  OvsPlayerWidget *self = OVS_PLAYER_WIDGET (widget);

  /* A hidden video neither plays nor holds a pipeline. (A widget unmapped as its window
   * goes may have let go of its player already.) */
  if (self->player != NULL)
    ovs_player_stop (self->player);

  GTK_WIDGET_CLASS (ovs_player_widget_parent_class)->unmap (widget);
}

static void
ovs_player_widget_dispose (GObject *object)
{
  OvsPlayerWidget *self = OVS_PLAYER_WIDGET (object);

  if (self->player != NULL)
    {
      ovs_player_stop (self->player);
      g_signal_handlers_disconnect_by_data (self->player, self);
      gtk_picture_set_paintable (GTK_PICTURE (self->picture), NULL);
    }
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->player);

  G_OBJECT_CLASS (ovs_player_widget_parent_class)->dispose (object);
}

static void
ovs_player_widget_class_init (OvsPlayerWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_player_widget_dispose;
  widget_class->root = ovs_player_widget_root;
  widget_class->unroot = ovs_player_widget_unroot;
  widget_class->unmap = ovs_player_widget_unmap;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ovs-player");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "player.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "player.seek-backward", NULL,
                                   seek_backward_action);
  gtk_widget_class_install_action (widget_class, "player.seek-forward", NULL,
                                   seek_forward_action);
  gtk_widget_class_install_action (widget_class, "player.mute", NULL, mute_action);
  gtk_widget_class_install_action (widget_class, "player.loop", NULL, loop_action);
  gtk_widget_class_install_action (widget_class, "player.fullscreen", NULL, fullscreen_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "player.toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0,
                                       "player.seek-backward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0,
                                       "player.seek-forward", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "player.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, 0, "player.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "player.mute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, 0, "player.mute", NULL);
}

/* The video sits on black, whatever the theme. */
static void
ensure_style (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GdkDisplay *display = gdk_display_get_default ();

      if (display != NULL)
        {
          g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

          gtk_css_provider_load_from_data (provider,
                                           "ovs-player { background-color: black; }\n"
                                           "ovs-player .ovs-player-error { color: white; }\n",
                                           -1);
          gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
        }
      g_once_init_leave (&done, 1);
    }
}

static GtkWidget *
build_error_box (OvsPlayerWidget *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *title = gtk_label_new (_("Cannot Play Video"));

  gtk_widget_add_css_class (box, "ovs-player-error");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 64);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_widget_add_css_class (title, "title-2");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->error_label), GTK_JUSTIFY_CENTER);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->error_label), 60);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static GtkWidget *
build_controls (OvsPlayerWidget *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_add_css_class (bar, "osd");
  gtk_widget_set_valign (bar, GTK_ALIGN_END);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);

  self->play_button = new_icon_button (GTK_TYPE_BUTTON, "media-playback-start-symbolic",
                                       _("Play"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->play_button), "player.toggle");

  self->time_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->time_label, "numeric");

  self->seek_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.0, 1.0, 1.0);
  gtk_scale_set_draw_value (GTK_SCALE (self->seek_scale), FALSE);
  gtk_widget_set_hexpand (self->seek_scale, TRUE);
  gtk_widget_set_focus_on_click (self->seek_scale, FALSE);
  gtk_widget_set_tooltip_text (self->seek_scale, _("Position"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->seek_scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Position"),
                                  -1);
  g_signal_connect_object (self->seek_scale, "change-value",
                           G_CALLBACK (seek_change_value_cb), self, G_CONNECT_SWAPPED);

  self->mute_button = new_icon_button (GTK_TYPE_TOGGLE_BUTTON, "audio-volume-high-symbolic",
                                       _("Mute"));
  g_signal_connect_object (self->mute_button, "toggled",
                           G_CALLBACK (mute_toggled_cb), self, G_CONNECT_SWAPPED);

  self->volume_scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.0, 1.0, 0.05);
  gtk_scale_set_draw_value (GTK_SCALE (self->volume_scale), FALSE);
  gtk_widget_set_size_request (self->volume_scale, 80, -1);
  gtk_widget_set_focus_on_click (self->volume_scale, FALSE);
  gtk_widget_set_tooltip_text (self->volume_scale, _("Volume"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->volume_scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Volume"),
                                  -1);
  g_object_bind_property (self->player, "volume",
                          gtk_range_get_adjustment (GTK_RANGE (self->volume_scale)), "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->loop_button = new_icon_button (GTK_TYPE_TOGGLE_BUTTON, "media-playlist-repeat-symbolic",
                                       _("Loop"));
  g_object_bind_property (self->player, "loop", self->loop_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  self->fullscreen_button = new_icon_button (GTK_TYPE_BUTTON, "view-fullscreen-symbolic",
                                             _("Fullscreen"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->fullscreen_button),
                                  "player.fullscreen");

  gtk_box_append (GTK_BOX (bar), self->play_button);
  gtk_box_append (GTK_BOX (bar), self->time_label);
  gtk_box_append (GTK_BOX (bar), self->seek_scale);
  gtk_box_append (GTK_BOX (bar), self->mute_button);
  gtk_box_append (GTK_BOX (bar), self->volume_scale);
  gtk_box_append (GTK_BOX (bar), self->loop_button);
  gtk_box_append (GTK_BOX (bar), self->fullscreen_button);
  return bar;
}

static void
ovs_player_widget_init (OvsPlayerWidget *self)
{
  ensure_style ();

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->player = ovs_player_new ();

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (self->player));
  gtk_picture_set_content_fit (GTK_PICTURE (self->picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_picture_set_alternative_text (GTK_PICTURE (self->picture), _("Video"));
  /* Frames are scaled in the pipeline to the picture's size in device pixels. */
  g_object_bind_property (self->picture, "scale-factor", self->player, "scale-factor",
                          G_BINDING_SYNC_CREATE);
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), self->picture);

  self->error_box = build_error_box (self);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->error_box);

  self->controls = build_controls (self);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->controls);

  /* A click on the picture gives the keys to the player. */
  {
    GtkGesture *click = gtk_gesture_click_new ();

    g_signal_connect_object (click, "pressed", G_CALLBACK (picture_pressed_cb), self,
                             G_CONNECT_SWAPPED);
    gtk_widget_add_controller (self->picture, GTK_EVENT_CONTROLLER (click));
  }

  g_signal_connect_object (self->player, "notify::position",
                           G_CALLBACK (position_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::duration",
                           G_CALLBACK (position_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::playing",
                           G_CALLBACK (playing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::muted",
                           G_CALLBACK (muted_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::has-audio",
                           G_CALLBACK (has_audio_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::error",
                           G_CALLBACK (error_changed_cb), self, G_CONNECT_SWAPPED);

  update_time (self);
  playing_changed_cb (self);
  muted_changed_cb (self);
  has_audio_changed_cb (self);
  error_changed_cb (self);
}

GtkWidget *
ovs_player_widget_new (void)
{
  return g_object_new (OVS_TYPE_PLAYER_WIDGET, NULL);
}

void
ovs_player_widget_set_uri (OvsPlayerWidget *self,
                           const char      *uri)
{
  g_return_if_fail (OVS_IS_PLAYER_WIDGET (self));

  ovs_player_set_uri (self->player, uri);
}

void
ovs_player_widget_set_file (OvsPlayerWidget *self,
                            GFile           *file)
{
  g_return_if_fail (OVS_IS_PLAYER_WIDGET (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  ovs_player_set_file (self->player, file);
}

OvsPlayer *
ovs_player_widget_get_player (OvsPlayerWidget *self)
{
  g_return_val_if_fail (OVS_IS_PLAYER_WIDGET (self), NULL);

  return self->player;
}
