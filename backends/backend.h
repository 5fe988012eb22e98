/* SPDX-License-Identifier: MIT */
/* backend.h: the contract each OS backend implements. Exactly one backend is
 * linked into a build. The core has already checked the arguments, set up
 * the context, and will copy results out and handle size and valid; a
 * backend fills complete internal structs (sizes set, valid bits for what it
 * filled) and records error detail with ostat__err(). */
#ifndef OSTAT_BACKEND_H
#define OSTAT_BACKEND_H

#include "internal.h"

/* Called at the end of ostat_ctx_new() (probes go here) and at free. */
int ostat__os_ctx_init(ostat_ctx *ctx);
void ostat__os_ctx_fini(ostat_ctx *ctx);

/* Sleep for @seconds (> 0) for the interval of a percentage. */
void ostat__os_sleep(double seconds);

/* CPU times: @total and/or @percpu (a list of OSTAT__LIST_CPU_TIMES);
 * either may be NULL. */
int ostat__os_cpu_times(ostat_ctx *ctx,
                        struct ostat_cpu_times *total,
                        ostat_list *percpu);
int ostat__os_cpu_count(ostat_ctx *ctx, int logical, int32_t *out);
int ostat__os_cpu_stats(ostat_ctx *ctx, struct ostat_cpu_stats *out);
/* One element per online CPU in an OSTAT__LIST_CPU_FREQ list; the core
 * averages. OSTAT_ENOTSUP when nothing is known. */
int ostat__os_cpu_freq(ostat_ctx *ctx, ostat_list *percpu);
int ostat__os_getloadavg(ostat_ctx *ctx, struct ostat_loadavg *out);

int ostat__os_virtual_memory(ostat_ctx *ctx, struct ostat_virtual_memory *out);
int ostat__os_swap_memory(ostat_ctx *ctx, struct ostat_swap_memory *out);

int ostat__os_boot_time(ostat_ctx *ctx, double *out);
int ostat__os_uptime(ostat_ctx *ctx, double *out);
int ostat__os_heap_info(ostat_ctx *ctx, struct ostat_heap_info *out);
int ostat__os_heap_trim(ostat_ctx *ctx);

/* Fill an OSTAT__LIST_USER list. */
int ostat__os_users(ostat_ctx *ctx, ostat_list *list);

int ostat__os_pressure(ostat_ctx *ctx,
                       int32_t resource,
                       struct ostat_pressure *out);

#endif
