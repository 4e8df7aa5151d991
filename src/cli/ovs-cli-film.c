/* ovs-cli-film.c: frame and join, from the videos of finished tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "ovs-core.h"
#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-join.h"
#include "ovs-task-store.h"
#include "ovs-cli.h"

/* The downloaded video of @id (the server's task id), or NULL after saying why. */
static OvsTask *
finished_task (const char   *command,
               OvsTaskStore *store,
               const char   *id)
{
  g_autoptr(OvsTask) task = ovs_task_store_lookup_by_task_id (store, id);
  const char *file;

  if (task == NULL)
    {
      ovs_cli_error (command, _("no task “%s” in the history"), id);
      return NULL;
    }
  file = ovs_task_get_file (task);
  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      ovs_cli_error (command, _("task “%s” has no video on this computer; “omni-video track %s” "
                                "downloads it once it has finished"), id, id);
      return NULL;
    }
  return g_steal_pointer (&task);
}

int
ovs_cli_frame (int    argc,
               char **argv)
{
  double at = -1;
  gboolean last = FALSE;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &at, N_("The frame shown at SECONDS"), N_("SECONDS") },
    { "last", 0, 0, G_OPTION_ARG_NONE, &last, N_("The video’s last frame"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write the PNG (default: beside the video)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gint64 pts = -1;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("frame", _("TASK_ID"),
                      _("Save one frame of a finished task’s video as a PNG, to start a new "
                        "request from it."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (argc != 2 || (at < 0) == !last || (at >= 0 && !isfinite (at)))
    {
      ovs_cli_error ("frame", _("give one task id and either --at SECONDS or --last"));
      return OVS_EXIT_USAGE;
    }
  if ((store = ovs_cli_open_store ("frame", &status)) == NULL)
    return status;
  if ((task = finished_task ("frame", store, argv[1])) == NULL)
    return OVS_EXIT_USAGE;

  path = output != NULL ? g_strdup (output) : ovs_frame_path_beside (ovs_task_get_file (task), at, last);
  if (!ovs_frame_grab (ovs_task_get_file (task), last ? OVS_FRAME_LAST : (gint64) (at * GST_SECOND),
                       path, &pts, NULL, &error))
    {
      ovs_cli_error ("frame", "%s", error->message);
      return OVS_EXIT_INVALID;
    }

  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "task_id");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "video");
      json_builder_add_string_value (builder, ovs_task_get_file (task));
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "position");
      json_builder_add_double_value (builder, pts >= 0 ? pts / (double) GST_SECOND : 0);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      ovs_cli_print_json (node);
    }
  else
    g_print ("%s\n", path);
  return OVS_EXIT_OK;
}

static void
join_progress_cb (double   fraction,
                  gpointer user_data)
{
  ovs_cli_progress ("join", _("joining: %d %%"), (int) floor (fraction * 100));
}

/* film.mp4 → film.json: what the film is made of, task by task. */
static gboolean
write_sidecar (const char  *film,
               GPtrArray   *tasks,
               double       duration,
               char       **sidecar_path,
               GError     **error)
{
  g_autofree char *text = ovs_join_dup_sidecar (film, tasks, duration);

  *sidecar_path = ovs_join_dup_sidecar_path (film);
  return g_file_set_contents_full (*sidecar_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

int
ovs_cli_join (int    argc,
              char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The film to write (.mp4 or .webm)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sidecar = NULL;
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  double duration = 0;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("join", _("TASK_ID…"),
                      _("Join the videos of finished tasks, in the order given, into one film; "
                        "a JSON file beside it lists the tasks."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (argc < 2 || output == NULL)
    {
      ovs_cli_error ("join", _("give at least one task id and -o FILM"));
      return OVS_EXIT_USAGE;
    }
  if ((store = ovs_cli_open_store ("join", &status)) == NULL)
    return status;
  for (int i = 1; i < argc; i++)
    {
      OvsTask *task = finished_task ("join", store, argv[i]);

      if (task == NULL)
        return OVS_EXIT_USAGE;
      g_ptr_array_add (tasks, task);
      g_ptr_array_add (files, (gpointer) ovs_task_get_file (task));
    }
  g_ptr_array_add (files, NULL);

  ovs_join_async ((const char * const *) files->pdata, output, join_progress_cb, NULL, NULL,
                  ovs_cli_sync_result_cb, &sync);
  if (!ovs_join_finish (ovs_cli_sync_wait (&sync), &duration, &error)
      || !write_sidecar (output, tasks, duration, &sidecar, &error))
    {
      g_clear_object (&sync.result);
      ovs_cli_error ("join", "%s", error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_INVALID) ? OVS_EXIT_USAGE : OVS_EXIT_INVALID;
    }
  g_clear_object (&sync.result);

  if (ovs_cli_json_wanted ())
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_file (parser, sidecar, NULL))
        ovs_cli_print_json (json_parser_get_root (parser));
    }
  else
    /* Translators: FILM (DURATION seconds) and the file listing its tasks */
    g_print (_("%s (%.1f s), its tasks in %s\n"), output, duration, sidecar);
  return OVS_EXIT_OK;
}

/* What continue shares with frame. */

OvsTask *
ovs_cli_dup_finished_task (const char   *command,
                           OvsTaskStore *store,
                           const char   *task_id)
{
  return finished_task (command, store, task_id);
}
