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
/* On a toast handed to its overlay: its ToastQueue. */
#define TOAST_SHOWN_KEY "ovs-toast-shown"
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
  gint64           shown_us; /* the frame time @shown's show animation started at, or 0 */
  guint            show_tick_id;    /* a dismissal of @shown waits for its show to end */
  guint            dismiss_idle_id; /* then for that frame to be over */
  gboolean         dead;     /* the overlay is being destroyed */
} ToastQueue;

static void toast_dismissed_cb (AdwToast *toast, ToastQueue *queue);

static void
toast_queue_pump (ToastQueue *queue)
{
  AdwToast *next;

  if (queue->dead || queue->shown != NULL || queue->hide_id != 0)
    return;
  next = g_queue_pop_head (&queue->waiting);
  if (next == NULL)
    return;
  queue->shown = next;  /* the queue's reference goes to the overlay */
  g_object_set_data (G_OBJECT (next), TOAST_WAITING_KEY, NULL);
  g_object_set_data (G_OBJECT (next), TOAST_SHOWN_KEY, queue);
  adw_toast_overlay_add_toast (queue->overlay, next);
  /* The frame time its show animation took as its start (or a later one), if it plays:
   * libadwaita skips animations of a widget not mapped. */
  queue->shown_us = gtk_widget_get_mapped (GTK_WIDGET (queue->overlay))
                    ? gdk_frame_clock_get_frame_time (gtk_widget_get_frame_clock (GTK_WIDGET (queue->overlay)))
                    : 0;
}

static void
toast_queue_cancel_dismissal (ToastQueue *queue)
{
  if (queue->show_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (queue->overlay), queue->show_tick_id);
  queue->show_tick_id = 0;
  g_clear_handle_id (&queue->dismiss_idle_id, g_source_remove);
}

static gboolean
toast_dismiss_idle_cb (gpointer data)
{
  ToastQueue *queue = data;

  queue->dismiss_idle_id = 0;
  if (queue->shown != NULL)
    adw_toast_dismiss (queue->shown);
  return G_SOURCE_REMOVE;
}

static gboolean
toast_show_over_cb (GtkWidget     *overlay,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  ToastQueue *queue = data;

  if (gdk_frame_clock_get_frame_time (clock) < queue->shown_us + TOAST_SHOW_US)
    return G_SOURCE_CONTINUE;
  /* This frame ends the show animation: the dismissal comes after it. */
  queue->show_tick_id = 0;
  queue->dismiss_idle_id = g_idle_add (toast_dismiss_idle_cb, queue);
  return G_SOURCE_REMOVE;
}

/* Dismisses the toast shown, once its show animation is over. libadwaita 1.2 frees a toast's
 * state when its hide animation ends, but leaves its show animation's "done" handler
 * connected: a toast dismissed in the frame it appeared (Ctrl+Z, or Delete, at once) hides
 * over the same 300 ms of frame time as it shows, both end in one frame, the hide first
 * (GTK runs the newer tick callback first), and the show's "done" then writes into the freed
 * state (a SIGSEGV in adw_animation_skip). Undoing at once still undoes at once: only the
 * toast goes up to 300 ms later. */
static void
toast_queue_dismiss_shown (ToastQueue *queue)
{
  if (queue->shown == NULL || queue->show_tick_id != 0 || queue->dismiss_idle_id != 0)
    return;
  if (queue->shown_us == 0 || !gtk_widget_get_mapped (GTK_WIDGET (queue->overlay)))
    {
      adw_toast_dismiss (queue->shown);
      return;
    }
  queue->show_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (queue->overlay),
                                                      toast_show_over_cb, queue, NULL);
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

static void
toast_dismissed_cb (AdwToast   *toast,
                    ToastQueue *queue)
{
  g_signal_handlers_disconnect_by_func (toast, toast_dismissed_cb, queue);
  if (toast == queue->shown)
    {
      g_object_set_data (G_OBJECT (toast), TOAST_SHOWN_KEY, NULL);
      toast_queue_cancel_dismissal (queue);
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

  queue->dead = TRUE;
  g_clear_handle_id (&queue->hide_id, g_source_remove);
  toast_queue_cancel_dismissal (queue);
  if (queue->shown != NULL)
    {
      g_signal_handlers_disconnect_by_func (queue->shown, toast_dismissed_cb, queue);
      g_object_set_data (G_OBJECT (queue->shown), TOAST_SHOWN_KEY, NULL);
    }
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
      toast_queue_dismiss_shown (queue);
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

void
ovs_toast_dismiss (AdwToast *toast)
{
  ToastQueue *queue;

  g_return_if_fail (ADW_IS_TOAST (toast));

  queue = g_object_get_data (G_OBJECT (toast), TOAST_SHOWN_KEY);
  /* Still waiting for its turn: libadwaita does not know it yet, and would say nothing. */
  if (g_object_get_data (G_OBJECT (toast), TOAST_WAITING_KEY) != NULL)
    g_signal_emit_by_name (toast, "dismissed");
  else if (queue != NULL && queue->shown == toast)
    toast_queue_dismiss_shown (queue);
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
set_menu_cb (GtkMenuButton *button,
             gpointer       user_data)
{
  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, user_data);
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
