/* ovs-json-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-json-preview"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "ovs-app-widgets.h"
#include "ovs-json.h"
#include "ovs-json-fold.h"
#include "ovs-json-highlight.h"
#include "ovs-json-preview.h"

/* Typing pauses this long before an edit flows back into the form. */
#define APPLY_DELAY_MS 400
/* Typing in the form pauses this long before the text follows: laying out and painting a
 * second text view at every keystroke cost more than the keystroke itself (issue 14). */
#define LOAD_DELAY_MS 150

/* Keeping a keystroke in the form cheap (issue 14): the text is made again when typing
 * pauses, in the frame after, not while the preview is hidden, with inline files folded (ovs-json-fold.c), and
 * only the part that differs is replaced, so the view lays out and colours a line or two. */

struct _OvsJsonPreview
{
  GtkBox         parent_instance;

  OvsRequest    *request;
  GSignalGroup  *request_signals;  /* the current request's, connected once */
  GtkScrolledWindow *scroller;
  GtkSourceView *view;      /* NULL until after the first frame it could be part of */
  gboolean       view_asked;  /* waiting for that frame */
  GtkSourceBuffer *buffer;  /* made with the view, or when asked for */
  GtkLabel      *error_label;
  GtkRevealer   *error_revealer;
  char          *error;
  guint          apply_id;
  gboolean       updating;

  GHashTable    *folds;     /* what the folded strings shown stand for */
  char          *shown;     /* the buffer's text, as last put there or applied */
  guint          pause_id;  /* a load waits for typing to pause */
  guint          tick_id;   /* then for the next frame */
  gboolean       stale;     /* the request changed while the preview was hidden */
  gboolean       edited;    /* the user typed in the buffer since it was loaded */
};

G_DEFINE_FINAL_TYPE (OvsJsonPreview, ovs_json_preview, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (OvsJsonPreview *self,
           const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
  /* The window keeps Submit off while the text is not a body. */
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void buffer_changed_cb (OvsJsonPreview *self);

/* GtkSourceView's first buffer reads every style scheme installed (a thirtieth of the work
 * before the first frame, issue 14): the buffer comes with the view, after that frame. */
static void
ensure_buffer (OvsJsonPreview *self)
{
  if (self->buffer != NULL)
    return;
  self->buffer = ovs_json_highlight_new_buffer ();
  g_signal_connect_swapped (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self);
}

/* Replaces only what differs between the text shown and @text. */
static void
show_text (OvsJsonPreview *self,
           const char     *text)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  const char *old = self->shown != NULL && !self->edited ? self->shown : NULL;
  gsize old_len, new_len = strlen (text), prefix = 0, suffix = 0;
  GtkTextIter start, end;

  self->updating = TRUE;
  if (old == NULL)
    {
      gtk_text_buffer_set_text (buffer, text, -1);
      goto done;
    }

  old_len = strlen (old);
  while (prefix < old_len && prefix < new_len && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (text[prefix] & 0xc0) == 0x80)
    prefix--;
  while (suffix < old_len - prefix && suffix < new_len - prefix
         && old[old_len - 1 - suffix] == text[new_len - 1 - suffix])
    suffix++;
  while (suffix > 0 && (text[new_len - suffix] & 0xc0) == 0x80)
    suffix--;
  if (prefix == old_len && prefix == new_len)
    goto done;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, (int) g_utf8_strlen (old, prefix));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, (int) g_utf8_strlen (old, old_len - suffix));
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text + prefix, (int) (new_len - suffix - prefix));

done:
  self->updating = FALSE;
  g_free (self->shown);
  self->shown = g_strdup (text);
  self->edited = FALSE;
}

static void
cancel_tick (OvsJsonPreview *self)
{
  g_clear_handle_id (&self->pause_id, g_source_remove);
  if (self->tick_id == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
}

/* The body as sent, inline files folded (each measured once while it stays in the body). */
static char *
dup_folded_text (OvsJsonPreview *self)
{
  OvsJsonSizes *sizes = ovs_request_get_sizes (self->request);
  g_autoptr(JsonNode) folded = NULL;

  ovs_json_sizes_begin (sizes);
  folded = ovs_json_fold (ovs_request_get_root (self->request), OVS_JSON_FOLD_MIN_LENGTH,
                          ovs_request_sends_raw_base64 (self->request), self->folds);
  ovs_json_sizes_end (sizes);
  return ovs_json_to_string (folded);
}

static void
load_text (OvsJsonPreview *self)
{
  g_autofree char *text = NULL;

  cancel_tick (self);
  if (self->buffer == NULL)
    {
      /* Loaded when the buffer is made. */
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  if (self->request == NULL)
    return;

  text = dup_folded_text (self);
  show_text (self, text);
  set_error (self, NULL);
}

static gboolean
load_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (widget);

  self->tick_id = 0;
  load_text (self);
  return G_SOURCE_REMOVE;
}

static gboolean
pause_cb (gpointer user_data)
{
  OvsJsonPreview *self = user_data;

  self->pause_id = 0;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), load_tick_cb, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_load (OvsJsonPreview *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  g_clear_handle_id (&self->pause_id, g_source_remove);
  self->pause_id = g_timeout_add (LOAD_DELAY_MS, pause_cb, self);
}

gboolean
ovs_json_preview_apply (OvsJsonPreview *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *current = NULL;
  g_autoptr(JsonNode) root = NULL;
  GtkTextIter start, end;

  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), FALSE);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (self->request == NULL)
    return FALSE;
  /* Nothing typed here: the request is the body, whatever the text shows yet (it is
   * brought up to date once per frame, and not at all while hidden). */
  if (!self->edited)
    {
      set_error (self, NULL);
      return TRUE;
    }

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  text = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (self->buffer), &start, &end, FALSE);
  current = dup_folded_text (self);
  if (g_str_equal (text, current))
    {
      set_error (self, NULL);
      return TRUE;
    }

  root = ovs_json_parse_object (text, -1, NULL, NULL, &error);
  if (root == NULL)
    {
      set_error (self, error->message);
      return FALSE;
    }
  /* The folded files as they were: editing elsewhere in the text loses no byte of them. */
  ovs_json_unfold (root, self->folds);
  self->updating = TRUE;
  ovs_request_replace_root (self->request, root);
  self->updating = FALSE;
  g_free (self->shown);
  self->shown = g_steal_pointer (&text);
  self->edited = FALSE;
  set_error (self, NULL);
  return TRUE;
}

static gboolean
apply_timeout_cb (gpointer user_data)
{
  OvsJsonPreview *self = user_data;

  self->apply_id = 0;
  ovs_json_preview_apply (self);
  return G_SOURCE_REMOVE;
}

static void
buffer_changed_cb (OvsJsonPreview *self)
{
  if (self->updating)
    return;
  /* The user's edit wins over a load still waiting for the form's typing to pause. */
  cancel_tick (self);
  self->edited = TRUE;
  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->apply_id = g_timeout_add (APPLY_DELAY_MS, apply_timeout_cb, self);
}

static void
request_changed_cb (OvsJsonPreview *self,
                    const char     *path)
{
  /* While the user's own unfinished edit is pending, the form does not overwrite it. */
  if (self->updating || self->apply_id != 0)
    return;
  schedule_load (self);
}

void
ovs_json_preview_set_request (OvsJsonPreview *self,
                              OvsRequest     *request)
{
  g_return_if_fail (OVS_IS_JSON_PREVIEW (self));
  g_return_if_fail (request == NULL || OVS_IS_REQUEST (request));

  if (self->request == request)
    return;

  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_set_object (&self->request, request);
  g_signal_group_set_target (self->request_signals, request);
  g_clear_pointer (&self->shown, g_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_text (self);
  else
    self->stale = TRUE;
}

GtkTextBuffer *
ovs_json_preview_get_buffer (OvsJsonPreview *self)
{
  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), NULL);

  if (self->buffer == NULL)
    {
      ensure_buffer (self);
      if (self->stale)
        load_text (self);
    }
  return GTK_TEXT_BUFFER (self->buffer);
}

const char *
ovs_json_preview_get_error (OvsJsonPreview *self)
{
  g_return_val_if_fail (OVS_IS_JSON_PREVIEW (self), NULL);
  return self->error;
}

static void
ovs_json_preview_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}


/* The view and its buffer come after the window's first frame (issue 14). */
static void
build_view (OvsJsonPreview *self)
{
  if (self->view != NULL)
    return;
  ensure_buffer (self);
  if (self->stale && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_text (self);

  self->view = g_object_new (GTK_SOURCE_TYPE_VIEW,
                             "buffer", self->buffer,
                             "name", "json-preview",
                             "monospace", TRUE,
                             "wrap-mode", GTK_WRAP_WORD_CHAR,
                             "show-line-numbers", TRUE,
                             "tab-width", 2,
                             "auto-indent", TRUE,
                             "top-margin", 6,
                             "bottom-margin", 6,
                             NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Request body"), -1);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->view));
}

static void
build_view_cb (GtkWidget *widget)
{
  build_view (OVS_JSON_PREVIEW (widget));
}

static void
ovs_json_preview_map (GtkWidget *widget)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (widget);

  GTK_WIDGET_CLASS (ovs_json_preview_parent_class)->map (widget);
  if (self->stale)
    load_text (self);
  if (self->view == NULL && !self->view_asked)
    {
      self->view_asked = TRUE;
      ovs_widget_after_frame (widget, build_view_cb);
    }
}

static void
ovs_json_preview_unmap (GtkWidget *widget)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (widget);

  /* A load still waiting happens when the preview is shown again. */
  if (self->pause_id != 0 || self->tick_id != 0)
    {
      cancel_tick (self);
      self->stale = TRUE;
    }
  GTK_WIDGET_CLASS (ovs_json_preview_parent_class)->unmap (widget);
}

static void
ovs_json_preview_dispose (GObject *object)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  cancel_tick (self);
  g_clear_object (&self->request_signals);
  g_clear_object (&self->request);
  gtk_widget_dispose_template (GTK_WIDGET (object), OVS_TYPE_JSON_PREVIEW);

  G_OBJECT_CLASS (ovs_json_preview_parent_class)->dispose (object);
}

static void
ovs_json_preview_finalize (GObject *object)
{
  OvsJsonPreview *self = OVS_JSON_PREVIEW (object);

  g_free (self->error);
  g_free (self->shown);
  g_clear_pointer (&self->folds, g_hash_table_unref);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (ovs_json_preview_parent_class)->finalize (object);
}

static void
ovs_json_preview_class_init (OvsJsonPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ovs_json_preview_dispose;
  object_class->finalize = ovs_json_preview_finalize;
  object_class->get_property = ovs_json_preview_get_property;

  /* Why the text cannot be sent (line, column and what is wrong), or NULL. */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = ovs_json_preview_map;
  widget_class->unmap = ovs_json_preview_unmap;
  gtk_widget_class_set_css_name (widget_class, "jsonpreview");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/omnivideo/Studio/composer/ovs-json-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, scroller);
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, error_label);
  gtk_widget_class_bind_template_child (widget_class, OvsJsonPreview, error_revealer);
}

static void
ovs_json_preview_init (OvsJsonPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->folds = ovs_json_folds_new ();

  /* The view and its buffer after the first frame (build_view). */
  self->request_signals = g_signal_group_new (OVS_TYPE_REQUEST);
  g_signal_group_connect_swapped (self->request_signals, "changed",
                                  G_CALLBACK (request_changed_cb), self);
}

GtkWidget *
ovs_json_preview_new (void)
{
  return g_object_new (OVS_TYPE_JSON_PREVIEW, NULL);
}
