/* fuzz-request.c: the request reader and the validator, with any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user's file, a pasted body or an imported one goes through: nothing may crash,
 * hang or leak whatever the bytes, and a body that reads must write back and read again.
 */
#define G_LOG_DOMAIN "fuzz-request"

#include "config.h"

#include "ovs-fuzz.h"
#include "ovs-json.h"
#include "ovs-request.h"
#include "ovs-validate.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(OvsRequest) request = NULL;

  ovs_fuzz_init_once ();

  problems = ovs_validate_text ((const char *) data, size, NULL);
  request = ovs_request_new_from_json ((const char *) data, size, NULL, NULL);
  if (request != NULL)
    {
      g_autofree char *written = ovs_request_to_json (request);
      g_autoptr(OvsRequest) again = ovs_request_new_from_json (written, -1, NULL, NULL);

      /* What we write, we read. */
      g_assert (again != NULL);
    }
  return 0;
}
