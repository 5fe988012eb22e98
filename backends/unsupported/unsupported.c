/* SPDX-License-Identifier: MIT */
/* unsupported.c: the backend for systems ostat does not know. Every metric
 * is OSTAT_ENOTSUP; a new port starts as a copy of this file. */
#include "backend.h"

static int nope(const char *what)
{
    return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                      "%s is not supported on this system", what);
}

int ostat__os_ctx_init(ostat_ctx *ctx)
{
    ctx->clk_tck = 100;
    ctx->page_size = 4096;
    return 0;
}

void ostat__os_ctx_fini(ostat_ctx *ctx)
{
    (void)ctx;
}

void ostat__os_sleep(double seconds)
{
    (void)seconds;
}

int ostat__os_cpu_times(ostat_ctx *ctx,
                        struct ostat_cpu_times *total,
                        ostat_list *percpu)
{
    (void)ctx;
    (void)total;
    (void)percpu;
    return nope("cpu_times");
}

int ostat__os_cpu_count(ostat_ctx *ctx, int logical, int32_t *out)
{
    (void)ctx;
    (void)logical;
    (void)out;
    return nope("cpu_count");
}

int ostat__os_cpu_stats(ostat_ctx *ctx, struct ostat_cpu_stats *out)
{
    (void)ctx;
    (void)out;
    return nope("cpu_stats");
}

int ostat__os_cpu_freq(ostat_ctx *ctx, ostat_list *percpu)
{
    (void)ctx;
    (void)percpu;
    return nope("cpu_freq");
}

int ostat__os_getloadavg(ostat_ctx *ctx, struct ostat_loadavg *out)
{
    (void)ctx;
    (void)out;
    return nope("getloadavg");
}

int ostat__os_virtual_memory(ostat_ctx *ctx, struct ostat_virtual_memory *out)
{
    (void)ctx;
    (void)out;
    return nope("virtual_memory");
}

int ostat__os_swap_memory(ostat_ctx *ctx, struct ostat_swap_memory *out)
{
    (void)ctx;
    (void)out;
    return nope("swap_memory");
}

int ostat__os_boot_time(ostat_ctx *ctx, double *out)
{
    (void)ctx;
    (void)out;
    return nope("boot_time");
}

int ostat__os_uptime(ostat_ctx *ctx, double *out)
{
    (void)ctx;
    (void)out;
    return nope("uptime");
}

int ostat__os_heap_info(ostat_ctx *ctx, struct ostat_heap_info *out)
{
    (void)ctx;
    (void)out;
    return nope("heap_info");
}

int ostat__os_heap_trim(ostat_ctx *ctx)
{
    (void)ctx;
    return nope("heap_trim");
}

int ostat__os_users(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("users");
}

int ostat__os_pressure(ostat_ctx *ctx,
                       int32_t resource,
                       struct ostat_pressure *out)
{
    (void)ctx;
    (void)resource;
    (void)out;
    return nope("pressure");
}
