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

/* What a pasted curl command sends. Commands are read as bash reads them (quotes, $'…',
 * backslash-newline inside and outside quotes), or as Windows cmd (^ continuations) and
 * PowerShell (` continuations) do, whichever wrote them. */
typedef struct
{
  char      *body;      /* the bytes of -d/--data/--data-raw/--data-binary/--json, or the JSON
                         * equivalent of -F fields; NULL when @file must be read first */
  char      *file;      /* -d @FILE: the file, as written (relative to the working folder) */
  GPtrArray *warnings;  /* translated sentences: what was changed or left out */
} OvsCurlBody;

void         ovs_curl_body_free    (OvsCurlBody *body);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OvsCurlBody, ovs_curl_body_free)

/* Fails with OVS_ERROR_PARSE and a message naming what was not understood. */
OvsCurlBody *ovs_curl_parse        (const char  *command,
                                    GError     **error);

/* The body a curl command sends, as the shell would pass it; a command that reads its
 * body from a file fails, naming the file. */
char     *ovs_curl_extract_body (const char  *command,
                                 GError     **error);

/* TRUE when @text looks like a shell command rather than JSON. */
gboolean  ovs_curl_looks_like   (const char  *text);

G_END_DECLS
