/* ovs-test-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ovs-test-media.h"

OvsMediaInfo *
ovs_test_media_info (int      width,
                     int      height,
                     double   duration,
                     gboolean has_audio)
{
  OvsMediaInfo *info = ovs_media_info_new ();

  info->width = width;
  info->height = height;
  info->duration = duration;
  info->fps = 24;
  info->video_codec = g_strdup ("H.264");
  info->has_audio = has_audio;
  info->audio_codec = has_audio ? g_strdup ("AAC") : NULL;
  info->container = g_strdup ("MP4");
  info->size_bytes = 123456;
  return info;
}
