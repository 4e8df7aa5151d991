/* ovs-gst.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ovs-gst"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ovs-error.h"
#include "ovs-gst.h"

gboolean
ovs_gst_has_element (const char *factory)
{
  g_autoptr(GstElementFactory) found = gst_element_factory_find (factory);

  return found != NULL;
}

GstElement *
ovs_gst_add (GstBin      *bin,
             const char  *factory,
             const char  *doing,
             GError     **error)
{
  GstElement *element;

  if (error != NULL && *error != NULL)
    return NULL;
  element = gst_element_factory_make (factory, NULL);
  if (element == NULL)
    {
      /* Translators: the first %s says what failed ("Could not render the video") */
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("%s: the GStreamer element “%s” is missing"),
                   doing, factory);
      return NULL;
    }
  gst_bin_add (bin, element);
  return element;
}

gboolean
ovs_gst_link (GError     **error,
              const char  *doing,
              GstElement  *first,
              ...)
{
  GstElement *previous = first, *next;
  gboolean ok = error == NULL || *error == NULL;
  va_list args;

  va_start (args, first);
  while (ok && (next = va_arg (args, GstElement *)) != NULL)
    {
      if (!gst_element_link (previous, next))
        {
          /* Translators: the first %s says what failed ("Could not render the video") */
          g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("%s: cannot link %s to %s"), doing,
                       GST_OBJECT_NAME (previous), GST_OBJECT_NAME (next));
          ok = FALSE;
        }
      previous = next;
    }
  va_end (args);
  return ok;
}

void
ovs_gst_set_number (GstElement *element,
                    const char *property,
                    gint64      value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  gst_util_set_object_arg (G_OBJECT (element), property, buffer);
}

void
ovs_gst_set_caps (GstElement *filter,
                  const char *description)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (description);

  g_object_set (filter, "caps", caps, NULL);
}

gboolean
ovs_gst_run_to_end (GstElement          *pipeline,
                    double               total,
                    const char          *doing,
                    OvsGstProgressFunc   report,
                    GTask               *task,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, _("%s: the pipeline did not start"), doing);
      return FALSE;
    }
  for (;;)
    {
      g_autoptr(GstMessage) message = gst_bus_timed_pop_filtered (bus, 200 * GST_MSECOND,
                                                                   GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;
      gint64 position = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (message == NULL)
        {
          if (report != NULL && total > 0
              && gst_element_query_position (pipeline, GST_FORMAT_TIME, &position))
            report (task, position / (double) GST_SECOND / total);
          continue;
        }
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        return TRUE;
      gst_message_parse_error (message, &gst_error, &debug);
      g_debug ("%s", debug != NULL ? debug : "");
      g_set_error (error, OVS_ERROR, OVS_ERROR_MEDIA, "%s: %s", doing, gst_error->message);
      return FALSE;
    }
}
