/* ovs-paced-stream.c
 *
 * Sent to a gateway on this machine (the built-in sandbox, a relay on localhost), a body of
 * megabytes of inline files goes into the socket as fast as the kernel takes it: GIO's
 * splice, which libsoup sends a body with, reads and writes it in one run of the main
 * context, and a 27 MB body held the window's frames for 65 ms after Submit (issue 14).
 * Over a real network the socket's buffer fills and the loop waits by itself; here the body
 * waits, a millisecond every few.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-client"

#include "config.h"

#include <string.h>

#include "ovs-paced-stream.h"

struct _OvsPacedStream
{
  GInputStream  parent_instance;

  GBytes       *bytes;
  gsize         position;
  gint64        slice_us;
  gint64        slice_start;  /* monotonic time the current slice began; 0: none yet */
};

static void ovs_paced_stream_pollable_init (GPollableInputStreamInterface *iface);
static void ovs_paced_stream_seekable_init (GSeekableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OvsPacedStream, ovs_paced_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      ovs_paced_stream_pollable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE,
                                                      ovs_paced_stream_seekable_init))

static gssize
copy_out (OvsPacedStream *self,
          void           *buffer,
          gsize           count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->bytes, &size);
  gsize n = self->position < size ? MIN (count, size - self->position) : 0;

  if (n > 0)
    memcpy (buffer, data + self->position, n);
  self->position += n;
  return n;
}

static gssize
ovs_paced_stream_read (GInputStream  *stream,
                       void          *buffer,
                       gsize          count,
                       GCancellable  *cancellable,
                       GError       **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  return copy_out (OVS_PACED_STREAM (stream), buffer, count);
}

static gboolean
slice_is_over (OvsPacedStream *self)
{
  return self->slice_start != 0 && g_get_monotonic_time () - self->slice_start >= self->slice_us;
}

static gboolean
ovs_paced_stream_can_poll (GPollableInputStream *stream)
{
  return TRUE;
}

static gboolean
ovs_paced_stream_is_readable (GPollableInputStream *stream)
{
  return !slice_is_over (OVS_PACED_STREAM (stream));
}

static gssize
ovs_paced_stream_read_nonblocking (GPollableInputStream  *stream,
                                   void                  *buffer,
                                   gsize                  count,
                                   GError               **error)
{
  OvsPacedStream *self = OVS_PACED_STREAM (stream);

  if (slice_is_over (self))
    {
      /* The next read, after the pause, begins the next slice. */
      self->slice_start = 0;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "paused");
      return -1;
    }
  if (self->slice_start == 0)
    self->slice_start = g_get_monotonic_time ();
  return copy_out (self, buffer, count);
}

static GSource *
ovs_paced_stream_create_source (GPollableInputStream *stream,
                                GCancellable         *cancellable)
{
  g_autoptr(GSource) pause = g_timeout_source_new (OVS_PACED_STREAM_PAUSE_MS);

  return g_pollable_source_new_full (stream, pause, cancellable);
}

static void
ovs_paced_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = ovs_paced_stream_can_poll;
  iface->is_readable = ovs_paced_stream_is_readable;
  iface->create_source = ovs_paced_stream_create_source;
  iface->read_nonblocking = ovs_paced_stream_read_nonblocking;
}

/* Seekable, as the memory stream libsoup otherwise makes of a body, for a reader that
 * looks for it. libsoup 3.2 itself never reads a body twice: a message it restarts has
 * lost its body ("needs to be set again"), and the client makes a new message for each
 * send anyway. */
static goffset
ovs_paced_stream_tell (GSeekable *seekable)
{
  return OVS_PACED_STREAM (seekable)->position;
}

static gboolean
ovs_paced_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
ovs_paced_stream_seek (GSeekable     *seekable,
                       goffset        offset,
                       GSeekType      type,
                       GCancellable  *cancellable,
                       GError       **error)
{
  OvsPacedStream *self = OVS_PACED_STREAM (seekable);
  goffset size = g_bytes_get_size (self->bytes);
  goffset target;

  switch (type)
    {
    case G_SEEK_CUR:
      target = (goffset) self->position + offset;
      break;
    case G_SEEK_END:
      target = size + offset;
      break;
    case G_SEEK_SET:
    default:
      target = offset;
      break;
    }
  if (target < 0 || target > size)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Seek outside the body");
      return FALSE;
    }
  self->position = target;
  return TRUE;
}

static gboolean
ovs_paced_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
ovs_paced_stream_truncate (GSeekable     *seekable,
                           goffset        offset,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "A body cannot be truncated");
  return FALSE;
}

static void
ovs_paced_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = ovs_paced_stream_tell;
  iface->can_seek = ovs_paced_stream_can_seek;
  iface->seek = ovs_paced_stream_seek;
  iface->can_truncate = ovs_paced_stream_can_truncate;
  iface->truncate_fn = ovs_paced_stream_truncate;
}

static void
ovs_paced_stream_finalize (GObject *object)
{
  OvsPacedStream *self = OVS_PACED_STREAM (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (ovs_paced_stream_parent_class)->finalize (object);
}

static void
ovs_paced_stream_class_init (OvsPacedStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = ovs_paced_stream_finalize;
  stream_class->read_fn = ovs_paced_stream_read;
}

static void
ovs_paced_stream_init (OvsPacedStream *self)
{
}

GInputStream *
ovs_paced_stream_new (GBytes *bytes,
                      gint64  slice_us)
{
  OvsPacedStream *self;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (slice_us > 0, NULL);

  self = g_object_new (OVS_TYPE_PACED_STREAM, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->slice_us = slice_us;
  return G_INPUT_STREAM (self);
}
