/* SPDX-License-Identifier: MIT */
/* ostat/pressure.h: Linux pressure stall information (/proc/pressure),
 * which psutil does not offer. */
#ifndef OSTAT_PRESSURE_H
#define OSTAT_PRESSURE_H

#include "common.h"

/** The resources pressure is reported for. */
#define OSTAT_PRESSURE_CPU 0
#define OSTAT_PRESSURE_MEMORY 1
#define OSTAT_PRESSURE_IO 2
#define OSTAT_PRESSURE_IRQ 3

/**
 * Share of time some (or all, "full") runnable tasks were stalled on a
 * resource: averages in percent over 10, 60 and 300 seconds, and the total
 * stall time in microseconds since boot. The "full" line of CPU is present
 * from Linux 5.13 (always 0 system-wide); IRQ pressure (Linux 6.1) has only
 * "full".
 */
struct ostat_pressure {
    uint32_t size;
    uint64_t valid;
    double some_avg10;
    double some_avg60;
    double some_avg300;
    uint64_t some_total;
    double full_avg10;
    double full_avg60;
    double full_avg300;
    uint64_t full_total;
};

#define OSTAT_PRESSURE_SOME_AVG10 OSTAT_BIT(0)
#define OSTAT_PRESSURE_SOME_AVG60 OSTAT_BIT(1)
#define OSTAT_PRESSURE_SOME_AVG300 OSTAT_BIT(2)
#define OSTAT_PRESSURE_SOME_TOTAL OSTAT_BIT(3)
#define OSTAT_PRESSURE_FULL_AVG10 OSTAT_BIT(4)
#define OSTAT_PRESSURE_FULL_AVG60 OSTAT_BIT(5)
#define OSTAT_PRESSURE_FULL_AVG300 OSTAT_BIT(6)
#define OSTAT_PRESSURE_FULL_TOTAL OSTAT_BIT(7)
#define OSTAT_PRESSURE_INIT                                                    \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_pressure), 0, 0, 0, 0, 0, 0, 0, 0, 0     \
    }

OSTAT_BEGIN_DECLS

/**
 * Pressure stall information for @p resource (an OSTAT_PRESSURE_* value).
 * @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL (unknown resource), OSTAT_ENOTSUP (kernel without
 * PSI, or PSI disabled, or no such resource), OSTAT_EACCES, OSTAT_EPARSE.
 * @since 1.0
 */
OSTAT_API int
ostat_pressure(ostat_ctx *ctx, int32_t resource, struct ostat_pressure *out);

OSTAT_END_DECLS

#endif
