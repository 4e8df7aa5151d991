/* fuzz-response.c: the gateway's answers, whatever their shape
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every answer goes through the parser and the key masking before anything is stored:
 * neither may crash, hang or leak, and a parsed answer must write back as JSON.
 */
#define G_LOG_DOMAIN "fuzz-response"

#include "config.h"

#include "ovs-fuzz.h"
#include "ovs-json-fold.h"
#include "ovs-secret.h"
#include "ovs-task-update.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(OvsTaskUpdate) update = NULL;
  g_autofree char *text = NULL;
  g_autofree char *masked = NULL;

  ovs_fuzz_init_once ();

  update = ovs_task_update_parse_text ((const char *) data, size, NULL);
  if (update != NULL)
    {
      g_autofree char *json = NULL;

      ovs_secret_mask_update (update, "sk-fuzz/Key+0123456789");
      json = ovs_task_update_to_json (update);
      g_assert (json != NULL);
    }

  text = g_strndup ((const char *) data, size);
  masked = ovs_secret_mask (text, "sk-fuzz/Key+0123456789");
  g_assert (masked != NULL);

  /* A stored body summed up for the history's list (ovs_task_store_query_summaries ()):
   * whatever the file holds, a summary is made. */
  {
    g_autofree char *folded = ovs_json_fold_text (text, 8);

    g_assert (folded != NULL);
  }
  return 0;
}
