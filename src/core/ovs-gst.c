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
