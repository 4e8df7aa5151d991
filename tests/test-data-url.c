/* test-data-url.c: local files read into data: URLs, and described
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files are ones this test did not make: the project's screenshots (a real PNG) and its
 * scenario catalog (JSON, not an image).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ovs-data-url.h"
#include "ovs-error.h"

static GFile *
screenshot (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "screenshots",
                                                 "main.png", NULL);

  return g_file_new_for_path (path);
}

static void
test_png_round_trip (void)
{
  g_autoptr(GFile) file = screenshot ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);
  g_autofree char *url = NULL;
  g_autofree guchar *decoded = NULL;
  gsize size = 0;

  g_assert_no_error (error);
  url = ovs_data_url_read (file, "image", OVS_DATA_URL_LIMIT, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "data:image/png;base64,"));
  decoded = g_base64_decode (url + strlen ("data:image/png;base64,"), &size);
  g_assert_cmpmem (decoded, size, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_wrong_kind (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "scenarios.json",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) png = screenshot ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_data_url_read (file, "image", OVS_DATA_URL_LIMIT, NULL, &error);

  /* The message names the file and what it is. */
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_assert_null (url);
  g_assert_nonnull (strstr (error->message, "scenarios.json"));
  g_assert_nonnull (strstr (error->message, "application/json"));

  /* A PNG is not a video either. */
  g_clear_error (&error);
  url = ovs_data_url_read (png, "video", OVS_DATA_URL_LIMIT, NULL, &error);
  g_assert_error (error, OVS_ERROR, OVS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "image/png"));
}

static void
test_over_the_limit (void)
{
  g_autoptr(GFile) file = screenshot ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_data_url_read (file, "image", 100 * 1000, NULL, &error);
  g_autofree char *limit = g_format_size (100 * 1000);

  /* The size and the limit are both said, in units people read. */
  g_assert_error (error, OVS_ERROR, OVS_ERROR_TOO_LARGE);
  g_assert_null (url);
  g_assert_nonnull (strstr (error->message, "main.png"));
  g_assert_nonnull (strstr (error->message, limit));
}

static void
test_missing (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/omni-video/a.png");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = ovs_data_url_read (file, NULL, OVS_DATA_URL_LIMIT, NULL, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (url);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **url = user_data;
  g_autoptr(GError) error = NULL;

  *url = ovs_data_url_read_finish (result, &error);
  g_assert_no_error (error);
}

/* The size part of what ovs_data_url_describe () says of @url. */
static char *
size_said (const char *url)
{
  g_autofree char *description = ovs_data_url_describe (url);

  return g_strndup (description, strstr (description, " local file, ") - description);
}

static void
test_async_describe (void)
{
  g_autoptr(GFile) file = screenshot ();
  g_autofree char *url = NULL;
  g_autofree char *description = NULL;
  g_autofree char *size = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  ovs_data_url_read_async (file, "image", OVS_DATA_URL_LIMIT, NULL, read_cb, &url);
  while (url == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* What the form shows instead of the base64: the type and the file's own size. */
  description = ovs_data_url_describe (url);
  size = g_format_size (g_file_info_get_size (info));
  expected = g_strconcat (size, " local file, image/png", NULL);
  g_assert_cmpstr (description, ==, expected);
  /* The "=" padding stands for no byte. */
  {
    g_autofree char *one = size_said ("data:text/plain;base64,YQ==");
    g_autofree char *two = size_said ("data:text/plain;base64,YWI=");
    g_autofree char *three = size_said ("data:text/plain;base64,YWJj");

    g_assert_cmpstr (one, ==, "1 byte");
    g_assert_cmpstr (two, ==, "2 bytes");
    g_assert_cmpstr (three, ==, "3 bytes");
  }
  g_assert_null (ovs_data_url_describe ("https://a.example/a.png"));
  g_assert_null (ovs_data_url_describe (NULL));
}

/* A Kling body carries its inline files as bare base64 (no "data:" prefix): opened in the
 * composer, such a file is described by its type (told by its first bytes) and size, as a
 * data: URL is, not shown as megabytes of text. Short or non-base64 text stays text. */
static void
test_describe_bare (void)
{
  g_autoptr(GFile) file = screenshot ();
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, NULL);
  g_autofree char *bare = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char *description = ovs_data_url_describe (bare);
  g_autofree char *size = g_format_size (g_bytes_get_size (bytes));
  g_autofree char *expected = g_strconcat (size, " local file, image/png", NULL);
  g_autofree char *url = g_strconcat ("data:image/png;base64,", bare, NULL);
  g_autofree char *as_url = ovs_data_url_describe (url);
  g_autofree char *short_one = g_base64_encode ((const guchar *) "a short text", 12);
  g_autofree char *prose = g_strnfill (400, 'a');
  g_autofree char *spaced = NULL;

  g_assert_cmpstr (description, ==, expected);
  g_assert_cmpstr (as_url, ==, expected);
  g_assert_null (ovs_data_url_describe (short_one));
  /* 400 letters are base64 characters too, but of no file anyone knows. */
  {
    g_autofree char *unknown = ovs_data_url_describe (prose);

    g_assert_nonnull (unknown);
    g_assert_nonnull (strstr (unknown, " local file, "));
  }
  spaced = g_strdup (bare);
  spaced[100] = ' ';
  g_assert_null (ovs_data_url_describe (spaced));
  g_assert_null (ovs_data_url_describe ("https://a.example/a-very-long-path/"
                                        "0123456789012345678901234567890123456789012345678901234567890123456789"
                                        "0123456789012345678901234567890123456789012345678901234567890123456789"
                                        "0123456789012345678901234567890123456789012345678901234567890123456789"
                                        "0123456789012345678901234567890123456789.png"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/data-url/png-round-trip", test_png_round_trip);
  g_test_add_func ("/data-url/wrong-kind", test_wrong_kind);
  g_test_add_func ("/data-url/over-the-limit", test_over_the_limit);
  g_test_add_func ("/data-url/missing", test_missing);
  g_test_add_func ("/data-url/async-describe", test_async_describe);
  g_test_add_func ("/data-url/describe-bare", test_describe_bare);

  return g_test_run ();
}
