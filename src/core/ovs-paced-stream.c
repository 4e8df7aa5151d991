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

#include "ovs-paced-stream.h"

struct _OvsPacedStream
{
  GMemoryInputStream  parent_instance;

  gint64              slice_us;
  gint64              slice_start;  /* monotonic time the current slice began; 0: none yet */
};

static GPollableInputStreamInterface *parent_pollable;

static void ovs_paced_stream_pollable_init (GPollableInputStreamInterface *iface);

/* GIO's memory stream (what libsoup makes of a body given as bytes) reads, seeks and
 * polls; this one only says "would block" at the end of each slice. */
G_DEFINE_FINAL_TYPE_WITH_CODE (OvsPacedStream, ovs_paced_stream, G_TYPE_MEMORY_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      ovs_paced_stream_pollable_init))

static gboolean
slice_is_over (OvsPacedStream *self)
{
  return self->slice_start != 0 && g_get_monotonic_time () - self->slice_start >= self->slice_us;
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
  return parent_pollable->read_nonblocking (stream, buffer, count, error);
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
  parent_pollable = g_type_interface_peek_parent (iface);
  iface->is_readable = ovs_paced_stream_is_readable;
  iface->create_source = ovs_paced_stream_create_source;
  iface->read_nonblocking = ovs_paced_stream_read_nonblocking;
}

static void
ovs_paced_stream_class_init (OvsPacedStreamClass *klass)
{
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
  g_memory_input_stream_add_bytes (G_MEMORY_INPUT_STREAM (self), bytes);
  self->slice_us = slice_us;
  return G_INPUT_STREAM (self);
}
