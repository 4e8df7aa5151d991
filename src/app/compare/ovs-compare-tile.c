/* ovs-compare-tile.c: one result of a comparison, with its labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-compare-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-compare-tile.h"
#include "ovs-json.h"
#include "ovs-task-result.h"

struct _OvsCompareTile
{
  GtkWidget     parent_instance;

  OvsTaskStore *store;
  OvsTask      *task;
  OvsPlayer    *player;
  char         *details;
  gboolean      hidden;
  gboolean      syncing;  /* buttons being set from the task, not by the user */

  GtkWidget    *box;
  GtkPicture   *picture;
  GtkLabel     *status_label;
  GtkLabel     *model_label;
  GtkLabel     *details_label;
  GtkToggleButton *solo_button;
  GtkToggleButton *star_button;
  GtkEditable  *note_entry;
};

G_DEFINE_FINAL_TYPE (OvsCompareTile, ovs_compare_tile, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SOLO,
  SIGNAL_OPEN,
  SIGNAL_HIDDEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Through the store's writer thread: another process holding the history's lock must not
 * hold the grid (a write that finally fails is the store's to report). */
static void
save (OvsCompareTile *self)
{
  if (self->store != NULL && ovs_task_get_id (self->task) > 0)
    ovs_task_store_queue_update (self->store, self->task, NULL);
}

/* "12 s to make · 5.0 s · 1280×720 · 2.1 MB": what is known of it. */
static char *
describe (OvsTask *task)
{
  g_autoptr(OvsMediaInfo) info = ovs_task_dup_media_info (task);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 took = ovs_task_get_finished_at (task) - ovs_task_get_created_at (task);

  if (ovs_task_get_finished_at (task) > 0 && took >= 0)
    /* Translators: how long the task took, e.g. "made in 42 s" */
    g_ptr_array_add (parts, g_strdup_printf (_("made in %d s"), (int) took));
  if (info != NULL)
    {
      g_ptr_array_add (parts, g_strdup_printf ("%.1f s", info->duration));
      g_ptr_array_add (parts, g_strdup_printf ("%d×%d", info->width, info->height));
      if (info->size_bytes > 0)
        g_ptr_array_add (parts, g_format_size (info->size_bytes));
    }
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (GStrv) parts->pdata);
}

static void
sync_from_task (OvsCompareTile *self)
{
  const char *file = ovs_task_get_file (self->task);
  const char *note = ovs_task_get_user_note (self->task);

  self->syncing = TRUE;
  gtk_label_set_label (self->model_label, ovs_task_get_model (self->task));
  g_free (self->details);
  self->details = describe (self->task);
  gtk_label_set_label (self->details_label, self->details);
  gtk_toggle_button_set_active (self->star_button, ovs_task_get_starred (self->task));
  if (note != NULL && !gtk_widget_has_focus (GTK_WIDGET (self->note_entry)))
    gtk_editable_set_text (self->note_entry, note);
  /* The status, in the list's words, until the video can be shown. */
  gtk_label_set_label (self->status_label, file != NULL ? ""
                       : ovs_task_status_to_label (ovs_task_get_status (self->task)));
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), file == NULL);
  if (file != NULL && ovs_player_get_uri (self->player) == NULL)
    {
      g_autoptr(GFile) video = g_file_new_for_path (file);

      ovs_player_set_file (self->player, video);
    }
  self->syncing = FALSE;
}

static void
task_notify_cb (OvsCompareTile *self)
{
  sync_from_task (self);
}

static void
solo_toggled_cb (OvsCompareTile *self)
{
  if (!self->syncing)
    g_signal_emit (self, signals[SIGNAL_SOLO], 0, gtk_toggle_button_get_active (self->solo_button));
}

static void
star_toggled_cb (OvsCompareTile *self)
{
  if (self->syncing)
    return;
  ovs_task_set_starred (self->task, gtk_toggle_button_get_active (self->star_button));
  save (self);
}

static void
note_save_cb (OvsCompareTile *self)
{
  const char *text = gtk_editable_get_text (self->note_entry);

  if (g_strcmp0 (text, ovs_task_get_user_note (self->task) != NULL
                          ? ovs_task_get_user_note (self->task) : "") == 0)
    return;
  ovs_task_set_user_note (self->task, *text != '\0' ? text : NULL);
  save (self);
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ovs_compare_tile_set_hidden (OVS_COMPARE_TILE (widget), TRUE);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_OPEN], 0);
}

static void
ovs_compare_tile_dispose (GObject *object)
{
  OvsCompareTile *self = OVS_COMPARE_TILE (object);

  /* The note typed and not confirmed is kept too. */
  if (self->task != NULL)
    note_save_cb (self);
  /* The task outlives the tile (the tracker still follows it): no change of it may reach
   * a tile whose children are being disposed. */
  if (self->task != NULL)
    g_signal_handlers_disconnect_by_func (self->task, task_notify_cb, self);
  if (self->player != NULL)
    ovs_player_stop (self->player);
  gtk_widget_dispose_template (GTK_WIDGET (self), OVS_TYPE_COMPARE_TILE);
  g_clear_object (&self->task);
  g_clear_object (&self->player);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ovs_compare_tile_parent_class)->dispose (object);
}

static void
ovs_compare_tile_finalize (GObject *object)
{
  g_free (OVS_COMPARE_TILE (object)->details);

  G_OBJECT_CLASS (ovs_compare_tile_parent_class)->finalize (object);
}

static void
ovs_compare_tile_class_init (OvsCompareTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_compare_tile_dispose;
  object_class->finalize = ovs_compare_tile_finalize;

  signals[SIGNAL_SOLO] = g_signal_new ("solo", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_HIDDEN] = g_signal_new ("hidden-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/compare/ovs-compare-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, box);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, picture);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, model_label);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, details_label);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, solo_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, star_button);
  gtk_widget_class_bind_template_child (widget_class, OvsCompareTile, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, solo_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, star_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_save_cb);
  gtk_widget_class_install_action (widget_class, "tile.hide", NULL, hide_action);
  gtk_widget_class_install_action (widget_class, "tile.open", NULL, open_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "compare-tile");
}

static void
ovs_compare_tile_init (OvsCompareTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->player = ovs_player_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->player));
  /* Frames are scaled in the pipeline to the tile's size in device pixels. */
  g_object_bind_property (self->picture, "scale-factor", self->player, "scale-factor",
                          G_BINDING_SYNC_CREATE);
}

GtkWidget *
ovs_compare_tile_new (OvsTaskStore *store,
                      OvsTask      *task)
{
  OvsCompareTile *self;

  g_return_val_if_fail (OVS_IS_TASK (task), NULL);

  self = g_object_new (OVS_TYPE_COMPARE_TILE, NULL);
  self->store = store != NULL ? g_object_ref (store) : NULL;
  self->task = g_object_ref (task);
  self->hidden = ovs_task_get_meta_flag (task, "hidden");
  gtk_widget_set_visible (GTK_WIDGET (self), !self->hidden);
  g_signal_connect_swapped (task, "notify", G_CALLBACK (task_notify_cb), self);
  sync_from_task (self);
  return GTK_WIDGET (self);
}

OvsTask *
ovs_compare_tile_get_task (OvsCompareTile *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_TILE (self), NULL);

  return self->task;
}

OvsPlayer *
ovs_compare_tile_get_player (OvsCompareTile *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_TILE (self), NULL);

  return self->player;
}

gboolean
ovs_compare_tile_get_hidden (OvsCompareTile *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_TILE (self), FALSE);

  return self->hidden;
}

/* Kept in the task's meta, {"hidden": true}, beside whatever else a group keeps there. */
void
ovs_compare_tile_set_hidden (OvsCompareTile *self,
                             gboolean        hidden)
{
  g_return_if_fail (OVS_IS_COMPARE_TILE (self));

  if (self->hidden == hidden)
    return;
  self->hidden = hidden;
  ovs_task_set_meta_flag (self->task, "hidden", hidden);
  save (self);
  gtk_widget_set_visible (GTK_WIDGET (self), !hidden);
  g_signal_emit (self, signals[SIGNAL_HIDDEN], 0);
}

void
ovs_compare_tile_set_solo (OvsCompareTile *self,
                           gboolean        solo)
{
  g_return_if_fail (OVS_IS_COMPARE_TILE (self));

  self->syncing = TRUE;
  gtk_toggle_button_set_active (self->solo_button, solo);
  self->syncing = FALSE;
}

const char *
ovs_compare_tile_get_details (OvsCompareTile *self)
{
  g_return_val_if_fail (OVS_IS_COMPARE_TILE (self), NULL);

  return self->details;
}
