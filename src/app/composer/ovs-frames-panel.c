/* ovs-frames-panel.c
 *
 * The first and the last frame of an image-to-video request ("firstframe", "lastframe"):
 * a URL each, or a local file sent inline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-frames-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-frames-panel.h"
#include "ovs-list-row.h"

struct _OvsFramesPanel
{
  OvsPanel    parent_instance;

  OvsListRow *first_row;
  OvsListRow *last_row;
  GtkWidget  *first_row_choose;
  GtkWidget  *last_row_choose;
};

G_DEFINE_FINAL_TYPE (OvsFramesPanel, ovs_frames_panel, OVS_TYPE_PANEL)

/* The JSON path a row edits is its name. */
static const char *
row_path (OvsListRow *row)
{
  return gtk_widget_get_name (GTK_WIDGET (row));
}

static void
load_row (OvsFramesPanel *self,
          OvsListRow     *row)
{
  const char *url = ovs_request_get_string (ovs_panel_get_request (OVS_PANEL (self)),
                                            row_path (row));

  ovs_list_row_show_thumbnail (row, url, ovs_panel_get_cancellable (OVS_PANEL (self)));
  ovs_list_row_set_url (row, url);
}

static void
row_changed_cb (OvsListRow     *row,
                OvsFramesPanel *self)
{
  g_autofree char *text = NULL;
  g_autoptr(OvsPanelUpdate) update = NULL;

  if (ovs_panel_is_updating (OVS_PANEL (self)) || ovs_list_row_get_described (row))
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  update = ovs_panel_begin_update (OVS_PANEL (self));
  ovs_request_set_string (ovs_panel_get_request (OVS_PANEL (self)), row_path (row),
                          *text != '\0' ? text : NULL);
}

static void
choose_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  const char *path = g_variant_get_string (parameter, NULL);

  ovs_panel_pick_files (OVS_PANEL (widget),
                        g_str_equal (path, "firstframe") ? _("Choose the First Frame")
                                                         : _("Choose the Last Frame"),
                        _("_Choose"), "image", FALSE, ovs_panel_set_url_at, g_strdup (path),
                        g_free);
}

static void
clear_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ovs_request_remove (ovs_panel_get_request (OVS_PANEL (widget)),
                      g_variant_get_string (parameter, NULL));
}

static void
ovs_frames_panel_request_changed (OvsPanel   *panel,
                                  const char *path)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (panel);

  for (OvsListRow **row = (OvsListRow *[]) { self->first_row, self->last_row, NULL }; *row != NULL; row++)
    if (ovs_panel_path_affects (path, row_path (*row)))
      load_row (self, *row);
}

static void
ovs_frames_panel_show_problems (OvsPanel  *panel,
                                GPtrArray *problems)
{
  OvsFramesPanel *self = OVS_FRAMES_PANEL (panel);

  for (OvsListRow **row = (OvsListRow *[]) { self->first_row, self->last_row, NULL }; *row != NULL; row++)
    ovs_panel_mark_widget (GTK_WIDGET (*row), problems, row_path (*row));
}

static void
ovs_frames_panel_constructed (GObject *object)
{
  G_OBJECT_CLASS (ovs_frames_panel_parent_class)->constructed (object);

  ovs_panel_refresh (OVS_PANEL (object));
}

static void
ovs_frames_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_FRAMES_PANEL);

  G_OBJECT_CLASS (ovs_frames_panel_parent_class)->dispose (object);
}

static void
ovs_frames_panel_class_init (OvsFramesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  OvsPanelClass *panel_class = OVS_PANEL_CLASS (klass);

  object_class->constructed = ovs_frames_panel_constructed;
  object_class->dispose = ovs_frames_panel_dispose;

  panel_class->request_changed = ovs_frames_panel_request_changed;
  panel_class->show_problems = ovs_frames_panel_show_problems;

  g_type_ensure (OVS_TYPE_LIST_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-frames-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsFramesPanel, first_row);
  gtk_widget_class_bind_template_child (widget_class, OvsFramesPanel, last_row);
  gtk_widget_class_bind_template_child (widget_class, OvsFramesPanel, first_row_choose);
  gtk_widget_class_bind_template_child (widget_class, OvsFramesPanel, last_row_choose);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);

  gtk_widget_class_install_action (widget_class, "frames.choose", "s", choose_action_cb);
  gtk_widget_class_install_action (widget_class, "frames.clear", "s", clear_action_cb);
}

static void
ovs_frames_panel_init (OvsFramesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ovs_panel_tell_file_limit (self->first_row_choose);
  ovs_panel_tell_file_limit (self->last_row_choose);
}

GtkWidget *
ovs_frames_panel_new (OvsRequest *request)
{
  return g_object_new (OVS_TYPE_FRAMES_PANEL, "request", request, NULL);
}

GtkWidget *
ovs_frames_panel_get_row (OvsFramesPanel *self,
                          const char     *path)
{
  g_return_val_if_fail (OVS_IS_FRAMES_PANEL (self), NULL);

  if (g_str_equal (path, "firstframe"))
    return GTK_WIDGET (self->first_row);
  if (g_str_equal (path, "lastframe"))
    return GTK_WIDGET (self->last_row);
  return NULL;
}
