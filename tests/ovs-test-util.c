/* ovs-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ovs-test-util.h"

GPtrArray *
ovs_test_example_names (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "examples", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (names->len, ==, 20);
  return names;
}

char *
ovs_test_example_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "examples", name, NULL);
}

char *
ovs_test_read_example (const char *name,
                       gsize      *length)
{
  g_autofree char *path = ovs_test_example_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, length, &error);
  g_assert_no_error (error);
  return text;
}

char *
ovs_test_example_scenario (const char *name)
{
  g_assert_true (strlen (name) > 3 + strlen (".json"));
  return g_strndup (name + 3, strlen (name) - 3 - strlen (".json"));
}
