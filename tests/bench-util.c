/* bench-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "bench-util.h"

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
ovs_bench_median (double *values,
                  int     n)
{
  qsort (values, n, sizeof *values, compare);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
ovs_bench_percentile (double *values,
                      int     n,
                      int     percent)
{
  qsort (values, n, sizeof *values, compare);
  return values[MIN (n - 1, n * percent / 100)];
}

