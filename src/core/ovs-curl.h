/* ovs-curl.h: requests as curl command lines, both ways
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A shell-safe command that sends @body (JSON) to @base_url + @route ("/v1/videos").
 * With @api_key NULL the key stays out: the command reads $OMNIROUTERS_API_KEY. */
char     *ovs_curl_command      (const char  *base_url,
                                 const char  *route,
                                 const char  *body,
                                 const char  *api_key);

/* The body a curl command sends (-d, --data, --data-raw, --data-binary, --json), as the
 * shell would pass it. Text that is not a curl command fails with OVS_ERROR_PARSE. */
char     *ovs_curl_extract_body (const char  *command,
                                 GError     **error);

/* TRUE when @text looks like a shell command rather than JSON. */
gboolean  ovs_curl_looks_like   (const char  *text);

G_END_DECLS
