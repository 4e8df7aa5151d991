/* ovs-test-util.h: what several test programs need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The request bodies of every preset (tests/data/examples: the 20 of the spec, then ours), sorted:
 * "01-text-to-video.json" … "20-hunyuan-3d-scene.json". */
GPtrArray *ovs_test_example_names     (void);
char      *ovs_test_example_path      (const char *name);
char      *ovs_test_read_example      (const char *name,
                                       gsize      *length);
/* "11-kling-multishot-custom.json" -> "kling-multishot-custom" */
char      *ovs_test_example_scenario  (const char *name);

/* The example @name (a body with an "images" list) with its first image replaced by a real
 * PNG, data/screenshots/@png, inline as a data: URL, which @data_url gets; @png_size gets the
 * file's size. What the app sends for a local image: the body is then hundreds of kB. */
char      *ovs_test_example_with_inline_image (const char *name,
                                               const char *png,
                                               char      **data_url,
                                               gsize      *png_size);

/* A new empty folder in g_get_tmp_dir(), named after @template as g_dir_make_tmp() does; the
 * test fails if it cannot be made. Remove it with ovs_test_remove_tree. */
char      *ovs_test_make_tmp_dir      (const char *template);
/* Removes @path and everything under it (symbolic links are removed, not followed). */
void       ovs_test_remove_tree       (const char *path);
/* Points XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME at folders of a
 * new private home and returns it (remove it with ovs_test_remove_tree). The system's
 * folders (icons, MIME types) stay visible, which G_TEST_OPTION_ISOLATE_DIRS would hide. */
char      *ovs_test_isolate_home      (const char *template);

/* Runs the main loop until *@flag is TRUE; the test fails after @timeout_s seconds. */
void       ovs_test_loop_until        (const gboolean *flag,
                                       guint           timeout_s);
/* Runs the main loop for @ms milliseconds. */
void       ovs_test_loop_for          (guint           ms);

/* The main loop's longest stall while it is watched: a timeout every @interval_ms notes the
 * longest gap between two of its runs. */
typedef struct _OvsTestStall OvsTestStall;
OvsTestStall *ovs_test_stall_watch    (guint         interval_ms);
/* Stops watching and frees @stall: the longest gap, in microseconds. */
gint64        ovs_test_stall_stop     (OvsTestStall *stall);

G_END_DECLS
