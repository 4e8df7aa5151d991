/* bench-util.h: what the benchmark programs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The median of @n values (sorts them in place). */
double ovs_bench_median      (double *values,
                              int     n);
/* The value below which @percent % of the @n values lie (sorts them in place). */
double ovs_bench_percentile  (double *values,
                              int     n,
                              int     percent);

G_END_DECLS
