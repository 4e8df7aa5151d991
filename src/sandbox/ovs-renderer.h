/* ovs-renderer.h: a real, short video for a sandbox task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OVS_TYPE_RENDER_SPEC (ovs_render_spec_get_type ())

/**
 * OvsRenderSpec:
 * @seconds: the exact length of the video
 * @width, @height: even numbers of pixels (see ovs_render_size_for())
 * @fps: frames per second; 0 means 24
 * @audio: add a quiet 440 Hz tone; without it the file has no audio stream at all
 * @text: (nullable): the prompt, wrapped and drawn in the middle of the frames
 * @caption: (nullable): a short line at the bottom, followed by the elapsed time
 * @hue: turns the colours of the bars (-1 to 1; 0 leaves them), so videos of different
 *   models look different side by side
 *
 * Plain data; ovs_renderer_render_async() copies what it needs.
 */
typedef struct
{
  double   seconds;
  int      width;
  int      height;
  double   fps;
  gboolean audio;
  char    *text;
  char    *caption;
  double   hue;
} OvsRenderSpec;

GType          ovs_render_spec_get_type (void) G_GNUC_CONST;
/* The hue the sandbox gives a model's videos: one per model family (Kling keeps the plain
 * bars), the same for every spelling of the name. */
double         ovs_render_hue_for_model (const char *model);
OvsRenderSpec *ovs_render_spec_new      (void);
OvsRenderSpec *ovs_render_spec_copy     (const OvsRenderSpec *spec);
void           ovs_render_spec_free     (OvsRenderSpec       *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsRenderSpec, ovs_render_spec_free)

/* The frame size for the API's resolution ("1080p", "720p", "2k", "4k", …) and aspect ratio
 * ("16:9", "9:16", "1:1", …): the short side is the p-number, both sides even.
 * %NULL or unparsable values fall back to 1080p and 16:9 and make it return FALSE. */
gboolean    ovs_render_size_for         (const char *resolution,
                                         const char *aspect_ratio,
                                         int        *width,
                                         int        *height);

/* What ovs_renderer_render_async() writes on this system: H.264 + AAC in MP4 when the
 * plug-ins are there, else VP8 + Vorbis in WebM. */
const char *ovs_renderer_file_extension (void);
const char *ovs_renderer_content_type   (void);

/* Renders in a worker thread into "@path.part" and renames it onto @path on success.
 * On error or cancellation no file is left behind.
 * Errors: OVS_ERROR_INVALID (spec), OVS_ERROR_MEDIA (GStreamer), G_IO_ERROR_CANCELLED. */
void        ovs_renderer_render_async   (const OvsRenderSpec *spec,
                                         const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    ovs_renderer_render_finish  (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
