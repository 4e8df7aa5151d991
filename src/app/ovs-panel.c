/* ovs-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ovs-basics-panel.h"
#include "ovs-frames-panel.h"
#include "ovs-media-panel.h"
#include "ovs-panel.h"
#include "ovs-prompt-panel.h"

G_DEFINE_INTERFACE (OvsPanel, ovs_panel, GTK_TYPE_WIDGET)

static void
ovs_panel_default_init (OvsPanelInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_object ("request", NULL, NULL, OVS_TYPE_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
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
  OvsPanelInterface *iface;

  g_return_if_fail (OVS_IS_PANEL (self));

  iface = OVS_PANEL_GET_IFACE (self);
  if (iface->show_problems != NULL)
    iface->show_problems (self, problems);
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

      if (messages->len > 0)
        g_string_append_c (messages, '\n');
      g_string_append (messages, problem->message);
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

  /* Rows say it where the eye already is; other widgets in a tooltip. */
  if (ADW_IS_ACTION_ROW (widget))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), messages->str);
  else
    gtk_widget_set_tooltip_text (widget, messages->len > 0 ? messages->str : NULL);
}
