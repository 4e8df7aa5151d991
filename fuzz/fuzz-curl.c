/* fuzz-curl.c: the curl importer, with any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user pastes goes through ovs_curl_parse(): nothing may crash, hang or leak. And a
 * body that a command carries, once written back by "Copy as curl", must import to the same
 * bytes: export → import is a round trip.
 */
#define G_LOG_DOMAIN "fuzz-curl"

#include "config.h"

#include <string.h>

#include "ovs-curl.h"
#include "ovs-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(OvsCurlBody) body = NULL;

  ovs_fuzz_init_once ();

  /* Pasted text is a C string: what follows a NUL never reaches the parser. */
  text = g_strndup ((const char *) data, size);
  ovs_curl_looks_like (text);
  body = ovs_curl_parse (text, NULL);
  if (body != NULL && body->body != NULL && g_utf8_validate (body->body, -1, NULL))
    {
      g_autofree char *command = ovs_curl_command ("https://omnirouters.com", "/v1/videos",
                                                   body->body, NULL);
      g_autoptr(OvsCurlBody) again = ovs_curl_parse (command, NULL);

      /* What we export, we import, byte for byte. */
      g_assert (again != NULL && again->body != NULL);
      g_assert (strcmp (again->body, body->body) == 0);
    }
  return 0;
}
