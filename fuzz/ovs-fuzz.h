/* ovs-fuzz.h: what every harness does once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "ovs-core.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The core set up once per process; a critical is a bug the fuzzer must report. */
static inline void
ovs_fuzz_init_once (void)
{
  static gboolean initialised;

  if (initialised)
    return;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  ovs_core_init ();
  initialised = TRUE;
}
