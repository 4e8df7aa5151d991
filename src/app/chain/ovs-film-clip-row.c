/* ovs-film-clip-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-film-clip-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-row-order.h"
#include "ovs-film-clip-row.h"

struct _OvsFilmClipRow
{
  AdwActionRow  parent_instance;

  OvsTask      *task;
  guint         index;
};

G_DEFINE_FINAL_TYPE (OvsFilmClipRow, ovs_film_clip_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ovs_film_clip_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OvsFilmClipRow *self = OVS_FILM_CLIP_ROW (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ovs_film_clip_row_dispose (GObject *object)
{
  OvsFilmClipRow *self = OVS_FILM_CLIP_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_FILM_CLIP_ROW);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (ovs_film_clip_row_parent_class)->dispose (object);
}

static void
ovs_film_clip_row_class_init (OvsFilmClipRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ovs_film_clip_row_get_property;
  object_class->dispose = ovs_film_clip_row_dispose;

  /* Its place in the film, for ::move and ::remove (see ovs-row-order.h). */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  ovs_row_order_class_add_signals (object_class, 0, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/chain/ovs-film-clip-row.ui");
  ovs_row_order_class_install (widget_class);
}

static void
ovs_film_clip_row_init (OvsFilmClipRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A clip dropped on another takes its place. */
  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (ovs_row_order_drop_target (GTK_WIDGET (self))));
}

GtkWidget *
ovs_film_clip_row_new (OvsTask *task,
                       guint    index,
                       guint    n_clips)
{
  OvsFilmClipRow *self;
  const char *prompt;
  const char *name;
  g_autofree char *title = NULL;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  self = g_object_new (OVS_TYPE_FILM_CLIP_ROW, NULL);
  self->task = g_object_ref (task);
  self->index = index;
  prompt = ovs_task_get_prompt (task);
  name = ovs_task_get_task_id (task);
  title = g_strdup_printf ("%u. %s", index + 1,
                           prompt != NULL && *prompt != '\0' ? prompt : _("(no prompt)"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), name != NULL ? name : "");
  ovs_row_order_set_position (GTK_WIDGET (self), index, n_clips);
  return GTK_WIDGET (self);
}

OvsTask *
ovs_film_clip_row_get_task (OvsFilmClipRow *self)
{
  g_return_val_if_fail (OVS_IS_FILM_CLIP_ROW (self), NULL);
  return self->task;
}
