/* ovs-test-media.h: what the tests of media facts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ovs-media-probe.h"

G_BEGIN_DECLS

/* The facts a probe gives of a 24 fps H.264 MP4 of @width×@height, @duration seconds long,
 * with AAC sound when @has_audio; 123456 bytes. */
OvsMediaInfo *ovs_test_media_info (int      width,
                                   int      height,
                                   double   duration,
                                   gboolean has_audio);

G_END_DECLS
