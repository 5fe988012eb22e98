/* SPDX-License-Identifier: MIT */
/* bench_ostat.h: what the ostat contenders share: a failed ostat call
 * told in bench_err. */
#ifndef BENCH_OSTAT_H
#define BENCH_OSTAT_H

#include <stdio.h>

#include <ostat.h>

#include "bench.h"

/* Put "ostat: CALL: NAME (message)" of the failed @call, which returned
 * @rc, in bench_err; returns -1. */
static inline int bench_ostat_fail(const char *call, int rc)
{
    const ostat_error *e = ostat_error_last();

    snprintf(bench_err, sizeof(bench_err), "ostat: %s: %s (%s)", call,
             ostat_err_name(rc), e ? e->message : ostat_strerror(rc));
    return -1;
}

#endif
