/* test-paced-stream.c: a request body sent in slices of the main context's time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ovs-paced-stream.h"

/* The window's frames wait at this priority (GDK_PRIORITY_REDRAW). */
#define FRAME_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)

static GBytes *
make_body (gsize size)
{
  guint8 *data = g_malloc (size);
  guint32 x = 12345;

  for (gsize i = 0; i < size; i++)
    {
      x = x * 1103515245 + 12345;
      data[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(x >> 16) & 63];
    }
  return g_bytes_new_take (data, size);
}

typedef struct
{
  gboolean  done;
  GError   *error;
  guint     frames;  /* how often a frame's turn came during the copy */
} Copy;

static void
spliced_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Copy *copy = data;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &copy->error);
  copy->done = TRUE;
}

static gboolean
frame_cb (gpointer data)
{
  Copy *copy = data;

  if (!copy->done)
    copy->frames++;
  return G_SOURCE_CONTINUE;
}

/* Copies @input into memory as libsoup sends a body (GIO's splice, at the default
 * priority), while a source of a frame's priority is always ready. */
static GBytes *
copy_as_sent (GInputStream *input,
              guint        *frames)
{
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GSource) frame = g_timeout_source_new (0);
  Copy copy = { FALSE, NULL, 0 };

  g_source_set_priority (frame, FRAME_PRIORITY);
  g_source_set_callback (frame, frame_cb, &copy, NULL);
  g_source_attach (frame, NULL);
  g_output_stream_splice_async (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, spliced_cb, &copy);
  while (!copy.done)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (frame);
  g_assert_no_error (copy.error);
  *frames = copy.frames;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}

static void
test_frames_get_their_turn (void)
{
  g_autoptr(GBytes) body = make_body (24 * 1024 * 1024);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (body);
  g_autoptr(GInputStream) paced = ovs_paced_stream_new (body, 500);
  g_autoptr(GBytes) plain_copy = NULL;
  g_autoptr(GBytes) paced_copy = NULL;
  guint plain_frames, paced_frames;

  /* As the bytes were sent before: the copy runs to its end, no frame in between. */
  plain_copy = copy_as_sent (plain, &plain_frames);
  g_test_message ("memory stream: %u frames during the copy", plain_frames);
  g_assert_cmpuint (plain_frames, ==, 0);

  paced_copy = copy_as_sent (paced, &paced_frames);
  g_test_message ("paced stream: %u frames during the copy", paced_frames);
  g_assert_cmpuint (paced_frames, >=, 3);
  g_assert_true (g_bytes_equal (paced_copy, body));
}

/* Read blocking, every byte comes at once, with no pause; it seeks as the memory stream it is. */
static void
test_blocking_and_seek (void)
{
  g_autoptr(GBytes) body = make_body (3 * 1024 * 1024 + 7);
  g_autoptr(GInputStream) paced = ovs_paced_stream_new (body, 1);
  g_autofree guint8 *buffer = g_malloc (g_bytes_get_size (body));
  g_autoptr(GError) error = NULL;
  gsize n = 0;

  g_assert_true (g_input_stream_read_all (paced, buffer, 1000, &n, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1000);
  g_assert_true (g_seekable_can_seek (G_SEEKABLE (paced)));
  g_assert_cmpint (g_seekable_tell (G_SEEKABLE (paced)), ==, 1000);
  g_assert_true (g_seekable_seek (G_SEEKABLE (paced), 0, G_SEEK_SET, NULL, &error));
  g_assert_true (g_input_stream_read_all (paced, buffer, g_bytes_get_size (body), &n, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, g_bytes_get_size (body));
  g_assert_cmpmem (buffer, n, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_assert_false (g_seekable_seek (G_SEEKABLE (paced), 1, G_SEEK_END, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/paced-stream/frames-get-their-turn", test_frames_get_their_turn);
  g_test_add_func ("/paced-stream/blocking-and-seek", test_blocking_and_seek);
  return g_test_run ();
}
