/* ovs-app-widgets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-app-widgets"

#include "config.h"

#include <glib/gi18n.h>

#include "ovs-app-widgets.h"

GtkWidget *
ovs_paid_dialog_new (GtkWindow             *parent,
                     const char            *name,
                     const char            *heading,
                     const char            *body,
                     const char            *send_label,
                     AdwResponseAppearance  appearance)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  gtk_widget_set_name (dialog, name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "send", send_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", appearance);
  /* Enter, or another Ctrl+Enter, must not be the paid answer. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

void
ovs_preferences_group_clear (AdwPreferencesGroup *group,
                             GPtrArray           *rows)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* Toasts one at a time (ovs-app-widgets.h says why). */
#define TOAST_QUEUE_KEY "ovs-toast-queue"
/* On a toast while it waits in a queue, not handed to its overlay yet. */
#define TOAST_WAITING_KEY "ovs-toast-waiting"
/* How often a dismissed toast is looked for while it hides (libadwaita 1.2's
 * HIDE_DURATION is 300 ms of frame time, longer on a loaded machine). */
#define TOAST_HIDE_POLL_MS 50
/* libadwaita 1.2's SHOW_DURATION, in frame time. */
#define TOAST_SHOW_US (300 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  AdwToastOverlay *overlay;  /* owns this queue */
  AdwToast        *shown;    /* handed to the overlay, not dismissed yet */
  GQueue           waiting;  /* of AdwToast, a reference each */
  guint            hide_id;  /* the dismissed one still hiding */
  gulong           unmap_id;
  gboolean         dead;     /* the overlay is being destroyed */

  /* The toast last handed to the overlay, while its show animation plays (a reference),
   * and the overlay's own "dismissed" handler on it. A dismissal in that time reaches every
   * other handler at once, and the overlay's once the toast is in (ovs-app-widgets.h). */
  AdwToast        *incoming;
  gulong           incoming_handler;
  gboolean         incoming_dismissed;
  gint64           incoming_us;      /* the frame time its show animation started at */
  guint            incoming_tick_id;
  guint            incoming_idle_id;
} ToastQueue;

static void toast_dismissed_cb (AdwToast *toast, ToastQueue *queue);

static guint
toast_dismissed_signal (void)
{
  static guint signal_id;

  if (signal_id == 0)
    signal_id = g_signal_lookup ("dismissed", ADW_TYPE_TOAST);
  return signal_id;
}

/* Blocks every handler of @toast's "dismissed" not blocked yet, and returns them: for
 * toast_unblock_handlers (). (g_signal_handlers_block_matched () matches on a signal's id
 * alone nothing.) */
static GArray *
toast_block_handlers (AdwToast *toast)
{
  GArray *handlers = g_array_new (FALSE, FALSE, sizeof (gulong));
  gulong handler;

  while ((handler = g_signal_handler_find (toast, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED,
                                           toast_dismissed_signal (), 0, NULL, NULL, NULL)) != 0)
    {
      g_signal_handler_block (toast, handler);
      g_array_append_val (handlers, handler);
    }
  return handlers;
}

static void
toast_unblock_handlers (AdwToast *toast,
                        GArray   *handlers)
{
  for (guint i = 0; i < handlers->len; i++)
    if (g_signal_handler_is_connected (toast, g_array_index (handlers, gulong, i)))
      g_signal_handler_unblock (toast, g_array_index (handlers, gulong, i));
  g_array_unref (handlers);
}

static void
toast_queue_stop_incoming (ToastQueue *queue)
{
  if (queue->incoming_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (queue->overlay), queue->incoming_tick_id);
  queue->incoming_tick_id = 0;
  g_clear_handle_id (&queue->incoming_idle_id, g_source_remove);
  g_clear_object (&queue->incoming);
  queue->incoming_handler = 0;
  queue->incoming_dismissed = FALSE;
}

/* The incoming toast's show animation is over: a dismissal held back reaches the overlay,
 * and no other handler hears it twice. */
static gboolean
toast_incoming_in_cb (gpointer data)
{
  ToastQueue *queue = data;
  g_autoptr(AdwToast) toast = g_steal_pointer (&queue->incoming);
  gulong handler = queue->incoming_handler;
  gboolean dismissed = queue->incoming_dismissed;
  GArray *others;

  queue->incoming_idle_id = 0;
  toast_queue_stop_incoming (queue);
  if (!dismissed || !g_signal_handler_is_connected (toast, handler))
    return G_SOURCE_REMOVE;
  /* The others, blocked for this emission; the overlay's unblocked (it disconnects itself). */
  others = toast_block_handlers (toast);
  g_signal_handler_unblock (toast, handler);
  g_signal_emit (toast, toast_dismissed_signal (), 0);
  toast_unblock_handlers (toast, others);
  return G_SOURCE_REMOVE;
}

static gboolean
toast_incoming_tick_cb (GtkWidget     *overlay,
                        GdkFrameClock *clock,
                        gpointer       data)
{
  ToastQueue *queue = data;

  if (gdk_frame_clock_get_frame_time (clock) < queue->incoming_us + TOAST_SHOW_US)
    return G_SOURCE_CONTINUE;
  /* The show animation ends in this frame, its tick after this one (GTK runs the newer tick
   * callback first): the toast is in once the frame is over. */
  queue->incoming_tick_id = 0;
  queue->incoming_idle_id = g_idle_add (toast_incoming_in_cb, queue);
  return G_SOURCE_REMOVE;
}

/* An unmapped overlay skips its animations: the toast is in once the unmapping is over (the
 * show animation's own "unmap" handler runs after this one). */
static void
toast_queue_unmapped (ToastQueue *queue)
{
  if (queue->incoming_tick_id == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (queue->overlay), queue->incoming_tick_id);
  queue->incoming_tick_id = 0;
  queue->incoming_idle_id = g_idle_add (toast_incoming_in_cb, queue);
}

/* adw_toast_overlay_add_toast (), taking @toast, noting the overlay's "dismissed" handler
 * while the toast comes in. */
static void
toast_queue_hand_over (ToastQueue *queue,
                       AdwToast   *toast)
{
  GtkWidget *widget = GTK_WIDGET (queue->overlay);
  /* As libadwaita decides whether the show animation plays. */
  gboolean plays = gtk_widget_get_mapped (widget) && adw_get_enable_animations (widget);
  GArray *others;
  gulong handler;

  toast_queue_stop_incoming (queue);
  /* Its handlers blocked for a moment: the only one not blocked after is the overlay's. */
  others = toast_block_handlers (toast);
  adw_toast_overlay_add_toast (queue->overlay, g_object_ref (toast));
  handler = g_signal_handler_find (toast, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_UNBLOCKED,
                                   toast_dismissed_signal (), 0, NULL, NULL, NULL);
  toast_unblock_handlers (toast, others);

  /* Not played (not mapped, or animations off): shown at once, nothing to hold back. */
  if (!plays || handler == 0)
    return;
  queue->incoming = g_object_ref (toast);
  queue->incoming_handler = handler;
  queue->incoming_us = gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (widget));
  queue->incoming_tick_id = gtk_widget_add_tick_callback (widget, toast_incoming_tick_cb,
                                                          queue, NULL);
}

static void
toast_queue_pump (ToastQueue *queue)
{
  AdwToast *next;

  if (queue->dead || queue->shown != NULL || queue->hide_id != 0)
    return;
  next = g_queue_pop_head (&queue->waiting);
  if (next == NULL)
    return;
  queue->shown = next;
  g_object_set_data (G_OBJECT (next), TOAST_WAITING_KEY, NULL);
  toast_queue_hand_over (queue, next);
  /* The queue's reference: the overlay has its own. */
  g_object_unref (next);
}

/* Whether a toast's widget is still in the overlay (hiding): the next one must wait until
 * it is gone, or libadwaita 1.2 shows it over 500 ms and may free its animation while it
 * plays (ovs-app-widgets.h). Frame time, not a timer, ends the hiding. */
static gboolean
toast_still_hiding (ToastQueue *queue)
{
  GtkWidget *child = adw_toast_overlay_get_child (queue->overlay);

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (queue->overlay)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (w != child)
      return TRUE;
  return FALSE;
}

static gboolean
toast_hidden_cb (gpointer data)
{
  ToastQueue *queue = data;

  if (toast_still_hiding (queue))
    return G_SOURCE_CONTINUE;
  queue->hide_id = 0;
  toast_queue_pump (queue);
  return G_SOURCE_REMOVE;
}

/* Connected before the overlay's own handler: runs first. */
static void
toast_dismissed_cb (AdwToast   *toast,
                    ToastQueue *queue)
{
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed_cb, queue);
  /* (The overlay being disposed dismisses its toasts after disconnecting its handler.) */
  if (toast == queue->incoming && !queue->incoming_dismissed
      && g_signal_handler_is_connected (toast, queue->incoming_handler))
    {
      /* Still coming in: libadwaita 1.2 would hide it over the same frames as it shows,
       * free its state when the hiding ends, and then, when the showing ends in that same
       * frame, write into the freed state. The overlay hears of it once it is in. */
      g_signal_handler_block (toast, queue->incoming_handler);
      queue->incoming_dismissed = TRUE;
    }
  if (toast == queue->shown)
    {
      queue->shown = NULL;
      if (!queue->dead)
        queue->hide_id = g_timeout_add (TOAST_HIDE_POLL_MS, toast_hidden_cb, queue);
      return;
    }
  if (g_queue_remove (&queue->waiting, toast))
    {
      g_object_set_data (G_OBJECT (toast), TOAST_WAITING_KEY, NULL);
      g_object_unref (toast);
    }
}

static void
toast_queue_drop (ToastQueue *queue)
{
  AdwToast *toast;

  g_clear_handle_id (&queue->hide_id, g_source_remove);
  toast_queue_stop_incoming (queue);
  if (queue->unmap_id != 0)
    g_signal_handler_disconnect (queue->overlay, queue->unmap_id);
  queue->unmap_id = 0;
  queue->dead = TRUE;
  if (queue->shown != NULL)
    g_signal_handlers_disconnect_by_func (queue->shown, toast_dismissed_cb, queue);
  queue->shown = NULL;
  while ((toast = g_queue_pop_head (&queue->waiting)) != NULL)
    {
      g_signal_handlers_disconnect_by_func (toast, toast_dismissed_cb, queue);
      g_object_set_data (G_OBJECT (toast), TOAST_WAITING_KEY, NULL);
      /* Never shown: its own "dismissed" all the same (a deletion's toast finishes the
       * deletion). adw_toast_dismiss () says nothing for a toast never added. */
      g_signal_emit_by_name (toast, "dismissed");
      g_object_unref (toast);
    }
}

static void
toast_queue_free (gpointer data)
{
  ToastQueue *queue = data;

  if (!queue->dead)
    toast_queue_drop (queue);
  g_free (queue);
}

void
ovs_toast_overlay_add (AdwToastOverlay *overlay,
                       AdwToast        *toast)
{
  ToastQueue *queue;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  queue = g_object_get_data (G_OBJECT (overlay), TOAST_QUEUE_KEY);
  if (queue == NULL)
    {
      queue = g_new0 (ToastQueue, 1);
      queue->overlay = overlay;
      g_queue_init (&queue->waiting);
      g_object_set_data_full (G_OBJECT (overlay), TOAST_QUEUE_KEY, queue, toast_queue_free);
      g_signal_connect_swapped (overlay, "destroy", G_CALLBACK (toast_queue_drop), queue);
      queue->unmap_id = g_signal_connect_swapped (overlay, "unmap",
                                                  G_CALLBACK (toast_queue_unmapped), queue);
    }
  /* The caller's reference is the queue's now. */
  if (queue->dead)
    {
      g_object_unref (toast);
      return;
    }

  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), queue);
  g_object_set_data (G_OBJECT (toast), TOAST_WAITING_KEY, GINT_TO_POINTER (TRUE));
  if (adw_toast_get_priority (toast) == ADW_TOAST_PRIORITY_HIGH)
    {
      /* First in line, and the one shown goes: dismissed (a deletion's toast then makes
       * the deletion final), since 1.2 cannot take a toast back without. */
      g_queue_push_head (&queue->waiting, toast);
      /* toast_dismissed_cb () then waits for it to hide. */
      if (queue->shown != NULL)
        adw_toast_dismiss (queue->shown);
    }
  else
    g_queue_push_tail (&queue->waiting, toast);
  toast_queue_pump (queue);
}

static void
status_page_mapped_cb (AdwStatusPage *page,
                       const char    *icon_name)
{
  adw_status_page_set_icon_name (page, icon_name);
  /* Frees @icon_name: last. */
  g_signal_handlers_disconnect_by_func (page, status_page_mapped_cb, (gpointer) icon_name);
}

void
ovs_status_page_icon_when_shown (AdwStatusPage *page,
                                 const char    *icon_name)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  if (gtk_widget_get_mapped (GTK_WIDGET (page)))
    {
      adw_status_page_set_icon_name (page, icon_name);
      return;
    }
  g_signal_connect_data (page, "map", G_CALLBACK (status_page_mapped_cb), g_strdup (icon_name),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
}

static void
expander_child_follows (GtkExpander *expander)
{
  GtkWidget *child = gtk_expander_get_child (expander);

  if (child != NULL)
    gtk_widget_set_child_visible (child, gtk_expander_get_expanded (expander));
}

void
ovs_expander_keep_closed_child_out (GtkExpander *expander)
{
  g_return_if_fail (GTK_IS_EXPANDER (expander));

  expander_child_follows (expander);
  g_signal_connect (expander, "notify::expanded", G_CALLBACK (expander_child_follows), NULL);
  g_signal_connect (expander, "notify::child", G_CALLBACK (expander_child_follows), NULL);
}

void
ovs_toast_dismiss (AdwToast *toast)
{
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* Still waiting for its turn: libadwaita does not know it yet, and would say nothing. */
  if (g_object_get_data (G_OBJECT (toast), TOAST_WAITING_KEY) != NULL)
    g_signal_emit_by_name (toast, "dismissed");
  else
    adw_toast_dismiss (toast);
}

typedef struct
{
  GtkWidget      *widget;  /* not a reference: its destroy ends the wait */
  void          (*callback) (GtkWidget *widget);
  GdkFrameClock  *clock;   /* once realized */
  guint           idle_id;
} AfterFrame;

static void
after_frame_free (AfterFrame *wait)
{
  if (wait->clock != NULL)
    g_signal_handlers_disconnect_by_data (wait->clock, wait);
  g_clear_object (&wait->clock);
  g_signal_handlers_disconnect_by_data (wait->widget, wait);
  g_clear_handle_id (&wait->idle_id, g_source_remove);
  g_free (wait);
}

static gboolean
after_frame_idle_cb (gpointer data)
{
  AfterFrame *wait = data;
  GtkWidget *widget = wait->widget;
  void (*callback) (GtkWidget *) = wait->callback;

  wait->idle_id = 0;
  after_frame_free (wait);
  callback (widget);
  return G_SOURCE_REMOVE;
}

static void
after_frame_painted_cb (GdkFrameClock *clock,
                        AfterFrame    *wait)
{
  g_signal_handlers_disconnect_by_data (clock, wait);
  /* An idle: the frames GTK draws meanwhile come first. */
  wait->idle_id = g_idle_add (after_frame_idle_cb, wait);
}

static void
after_frame_realized_cb (GtkWidget  *widget,
                         AfterFrame *wait)
{
  wait->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect (wait->clock, "after-paint", G_CALLBACK (after_frame_painted_cb), wait);
}

void
ovs_widget_after_frame (GtkWidget  *widget,
                        void      (*callback) (GtkWidget *widget))
{
  AfterFrame *wait;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  wait = g_new0 (AfterFrame, 1);
  wait->widget = widget;
  wait->callback = callback;
  g_signal_connect_swapped (widget, "destroy", G_CALLBACK (after_frame_free), wait);
  if (gtk_widget_get_realized (widget))
    after_frame_realized_cb (widget, wait);
  else
    g_signal_connect (widget, "realize", G_CALLBACK (after_frame_realized_cb), wait);
}

static GPtrArray *kept_icons;
static void (*icon_constructed) (GObject *object);

static void
keep_icon_constructed (GObject *object)
{
  static GMutex lock;

  if (icon_constructed != NULL)
    icon_constructed (object);
  g_mutex_lock (&lock);
  g_ptr_array_add (kept_icons, g_object_ref (object));
  g_mutex_unlock (&lock);
}

void
ovs_icons_keep_alive (void)
{
  GObjectClass *klass;

  if (kept_icons != NULL)
    return;
  kept_icons = g_ptr_array_new ();
  /* Every icon paintable, however GTK makes it, goes through constructed. */
  klass = g_type_class_ref (GTK_TYPE_ICON_PAINTABLE);
  icon_constructed = klass->constructed;
  klass->constructed = keep_icon_constructed;
}

static void
menu_closed_cb (GtkPopover *popover,
                GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, gtk_widget_get_tooltip_text (button) != NULL);
}

static void
set_menu_cb (GtkMenuButton *button,
             gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    {
      gtk_menu_button_set_menu_model (button, user_data);
      g_signal_connect_object (gtk_menu_button_get_popover (button), "closed",
                               G_CALLBACK (menu_closed_cb), button, 0);
    }
  /* GTK 4.8 leaves a tooltip shown before the click up over the menu it opens, on its
   * first item: the button has none while its menu is open. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (button), FALSE);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (button));
}

void
ovs_menu_button_set_menu_when_opened (GtkMenuButton *button,
                                      GMenuModel    *model)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (G_IS_MENU_MODEL (model));

  gtk_menu_button_set_create_popup_func (button, set_menu_cb, g_object_ref (model),
                                         g_object_unref);
}
