/* ovs-cli-continue.c: continue — a new request from a frame of a finished task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "omni-video"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <math.h>
#include <stdio.h>

#include "ovs-client.h"
#include "ovs-continue.h"
#include "ovs-core.h"
#include "ovs-data-url.h"
#include "ovs-error.h"
#include "ovs-frame.h"
#include "ovs-json.h"
#include "ovs-prices.h"
#include "ovs-request.h"
#include "ovs-task-result.h"
#include "ovs-task-store.h"
#include "ovs-tracker.h"
#include "ovs-validate.h"
#include "ovs-cli.h"

typedef struct
{
  char     *prompt;
  char     *model;
  char     *as_name;
  double    at;
  gboolean  last;
  gboolean  submit;
  char     *output;
  char     *route;
  char     *base_url;
  gboolean  allow_insecure;
  double    budget_daily;
  double    budget_monthly;
  gboolean  yes;
} Options;

static void
options_clear (Options *options)
{
  g_free (options->prompt);
  g_free (options->model);
  g_free (options->as_name);
  g_free (options->output);
  g_free (options->route);
  g_free (options->base_url);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* The frame as a PNG beside the video, read back as the data: URL the body carries. */
static char *
take_frame (OvsTask   *parent,
            Options   *options,
            char     **png_path,
            double    *seconds,
            GError   **error)
{
  const char *video = ovs_task_get_file (parent);
  g_autoptr(GFile) file = NULL;
  gint64 pts = -1;

  *png_path = ovs_frame_path_beside (video, options->at, options->last);
  if (!ovs_frame_grab (video, options->last ? OVS_FRAME_LAST : (gint64) (options->at * GST_SECOND),
                       *png_path, &pts, NULL, error))
    return NULL;
  *seconds = pts >= 0 ? pts / (double) GST_SECOND : MAX (options->at, 0);
  file = g_file_new_for_path (*png_path);
  return ovs_data_url_read (file, "image", OVS_DATA_URL_LIMIT, NULL, error);
}

/* "FILE: SEVERITY: PATH: MESSAGE" for each problem; the number of errors. */
static guint
report (const char  *name,
        const char  *body,
        OvsScenario *scenario)
{
  g_autoptr(GPtrArray) problems = ovs_validate_text (body, -1, scenario);

  for (guint i = 0; i < problems->len; i++)
    {
      OvsProblem *problem = g_ptr_array_index (problems, i);

      ovs_cli_problem (name, ovs_severity_to_string (problem->severity), problem->path,
                       problem->message);
    }
  return ovs_problems_count (problems, OVS_SEVERITY_ERROR);
}

/* Sends @body as a continuation of @parent; the new task, or NULL after saying why. */
static OvsTask *
send_continuation (OvsTaskStore *store,
                   OvsTask      *parent,
                   const char   *body,
                   OvsScenario  *scenario,
                   double        seconds,
                   OvsFrameAs    as,
                   Options      *options,
                   int          *status)
{
  g_autoptr(OvsClient) client = NULL;
  g_autoptr(OvsTracker) tracker = NULL;
  g_autoptr(OvsRequest) request = ovs_request_new_from_json (body, -1, NULL, NULL);
  g_autoptr(OvsTask) draft = ovs_task_new ();
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to_send = NULL;
  g_autofree char *dir = ovs_core_dup_default_download_dir ();
  g_autoptr(OvsPrices) prices = ovs_cli_load_prices ();
  OvsCliSync sync = { g_main_context_get_thread_default (), NULL };
  const GError *create_error;

  if (!ovs_cli_spend_allows ("continue", store, ovs_prices_estimate (prices, body),
                             options->budget_daily, options->budget_monthly, options->yes))
    {
      *status = OVS_EXIT_USAGE;
      return NULL;
    }
  client = ovs_cli_make_client ("continue", options->base_url, options->route,
                                options->allow_insecure, status);
  if (client == NULL)
    return NULL;
  tracker = ovs_tracker_new (store, client, dir);

  /* The provider's form of inline files (bare base64 for Kling), as submit sends it. */
  ovs_request_set_scenario (request, scenario);
  to_send = ovs_request_to_json (request);
  ovs_task_set_scenario (draft, ovs_scenario_get_id (scenario));
  ovs_task_set_request_json (draft, to_send);
  if (ovs_continue_link (draft, parent, seconds, options->last, as)
      && !ovs_task_store_update (store, parent, NULL, &error))
    {
      ovs_cli_error ("continue", "%s", error->message);
      *status = OVS_EXIT_USAGE;
      return NULL;
    }

  ovs_tracker_submit_draft_async (tracker, draft, NULL, ovs_cli_sync_result_cb, &sync);
  task = ovs_tracker_submit_finish (tracker, ovs_cli_sync_wait (&sync), &error);
  create_error = ovs_tracker_submit_get_create_error (sync.result);
  if (task == NULL || create_error != NULL)
    {
      ovs_cli_error ("continue", "%s", task == NULL ? error->message : create_error->message);
      *status = task == NULL ? OVS_EXIT_USAGE
                : g_error_matches (create_error, OVS_ERROR, OVS_ERROR_INVALID) ? OVS_EXIT_INVALID
                : OVS_EXIT_NETWORK;
      g_object_unref (sync.result);
      return NULL;
    }
  g_object_unref (sync.result);
  /* Followed later by the app or "omni-video track", as after submit. */
  ovs_tracker_untrack (tracker, task);
  return g_steal_pointer (&task);
}

static void
print_result (const char  *frame,
              double       seconds,
              const char  *body,
              OvsScenario *scenario,
              Options     *options,
              OvsTask     *task)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!ovs_cli_json_wanted ())
    {
      if (task != NULL)
        g_print ("%s\n", ovs_task_get_task_id (task));
      else if (options->output == NULL)
        g_print ("%s\n", body);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scenario");
  json_builder_add_string_value (builder, ovs_scenario_get_id (scenario));
  json_builder_set_member_name (builder, "frame");
  json_builder_add_string_value (builder, frame);
  json_builder_set_member_name (builder, "position");
  json_builder_add_double_value (builder, seconds);
  json_builder_set_member_name (builder, "draft");
  if (options->output != NULL)
    json_builder_add_string_value (builder, options->output);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "task");
  if (task != NULL)
    json_builder_add_value (builder, ovs_task_to_json (task, OVS_TASK_JSON_DEFAULT));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  ovs_cli_print_json (root);
}

static gboolean
check_options (Options    *options,
               int         argc,
               OvsFrameAs *as)
{
  if (argc != 2 || (options->at >= 0) == options->last
      || (options->at >= 0 && !isfinite (options->at)))
    {
      ovs_cli_error ("continue", _("give one task id and either --at SECONDS or --last"));
      return FALSE;
    }
  if (!ovs_frame_as_from_string (options->as_name != NULL ? options->as_name : "first_frame", as))
    {
      ovs_cli_error ("continue", _("--as is first_frame, last_frame or reference, not “%s”"),
                     options->as_name);
      return FALSE;
    }
  return TRUE;
}

int
ovs_cli_continue (int    argc,
                  char **argv)
{
  g_auto(Options) options = { .at = -1, .budget_daily = -1, .budget_monthly = -1 };
  GOptionEntry entries[] = {
    { "prompt", 'p', 0, G_OPTION_ARG_STRING, &options.prompt,
      N_("The new clip’s prompt (default: the parent’s)"), N_("TEXT") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &options.model,
      N_("The model of the new request (default: the parent’s)"), N_("MODEL") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &options.as_name,
      N_("How the frame is used: first_frame (default), last_frame or reference"), N_("ROLE") },
    { "at", 0, 0, G_OPTION_ARG_DOUBLE, &options.at, N_("The frame shown at SECONDS"), N_("SECONDS") },
    { "last", 0, 0, G_OPTION_ARG_NONE, &options.last, N_("The video’s last frame"), NULL },
    { "submit", 0, 0, G_OPTION_ARG_NONE, &options.submit,
      N_("Send the new request and print its task id"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output,
      N_("Write the new request body to FILE"), N_("FILE") },
    OVS_CLI_BUDGET_ENTRIES (&options.budget_daily, &options.budget_monthly, &options.yes),
    OVS_CLI_GATEWAY_ENTRIES (&options.route, &options.base_url, &options.allow_insecure),
    { NULL }
  };
  g_autoptr(OvsTaskStore) store = NULL;
  g_autoptr(OvsTask) parent = NULL;
  g_autoptr(OvsTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *image = NULL;
  g_autofree char *body = NULL;
  OvsScenario *scenario = NULL;
  OvsFrameAs as;
  double seconds = 0;
  int status = OVS_EXIT_OK;

  if (!ovs_cli_parse ("continue", _("TASK_ID"),
                      _("Start a new request from a frame of a finished task: the frame is "
                        "saved beside its video and becomes the first frame, last frame or a "
                        "reference image of a body of the right scenario for the model. Prints "
                        "the body (or writes it with -o); with --submit sends it, recording "
                        "the task it continues."), entries, &argc, &argv))
    return OVS_EXIT_USAGE;
  if (!check_options (&options, argc, &as))
    return OVS_EXIT_USAGE;
  if ((store = ovs_cli_open_store ("continue", &status)) == NULL)
    return status;
  if ((parent = ovs_cli_dup_finished_task ("continue", store, argv[1])) == NULL)
    return OVS_EXIT_USAGE;

  if ((image = take_frame (parent, &options, &png, &seconds, &error)) == NULL
      || (body = ovs_continue_build_body (options.model != NULL ? options.model
                                                                : ovs_task_get_model (parent),
                                          options.prompt != NULL ? options.prompt
                                                                 : ovs_task_get_prompt (parent),
                                          as, image, ovs_task_get_request_json (parent),
                                          &scenario, &error)) == NULL)
    {
      ovs_cli_error ("continue", "%s", error->message);
      return g_error_matches (error, OVS_ERROR, OVS_ERROR_INVALID) ? OVS_EXIT_INVALID
                                                                   : OVS_EXIT_USAGE;
    }

  if (options.output != NULL && !g_file_set_contents (options.output, body, -1, &error))
    {
      ovs_cli_error ("continue", "%s", error->message);
      return OVS_EXIT_USAGE;
    }
  if (report (options.output != NULL ? options.output : "continue", body, scenario) > 0
      && options.submit)
    return OVS_EXIT_INVALID;
  if (options.submit
      && (task = send_continuation (store, parent, body, scenario, seconds, as, &options,
                                    &status)) == NULL)
    return status;

  print_result (png, seconds, body, scenario, &options, task);
  return OVS_EXIT_OK;
}

/* list --chain: the lineage of a task named by the server's id or the history's number. */
GPtrArray *
ovs_cli_dup_lineage (OvsTaskStore  *store,
                     const char    *id,
                     GError       **error)
{
  g_autoptr(OvsTask) task = ovs_task_store_lookup_by_task_id (store, id);
  guint64 row = 0;

  if (task == NULL && g_ascii_string_to_unsigned (id, 10, 1, G_MAXINT64, &row, NULL))
    task = ovs_task_store_lookup (store, (gint64) row);
  if (task == NULL)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_NOT_FOUND, _("no task “%s” in the history"), id);
      return NULL;
    }
  return ovs_continue_dup_lineage (store, task);
}
