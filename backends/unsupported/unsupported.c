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

void ostat__os_ctx_idle(ostat_ctx *ctx)
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

int ostat__os_sensors_temperatures(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("sensors_temperatures");
}

int ostat__os_sensors_fans(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("sensors_fans");
}

int ostat__os_sensors_battery(ostat_ctx *ctx, struct ostat_sensors_battery *out)
{
    (void)ctx;
    (void)out;
    return nope("sensors_battery");
}

int ostat__os_disk_partitions(ostat_ctx *ctx, int all, ostat_list *list)
{
    (void)ctx;
    (void)all;
    (void)list;
    return nope("disk_partitions");
}

int ostat__os_disk_usage(ostat_ctx *ctx,
                         const char *path,
                         struct ostat_disk_usage *out)
{
    (void)ctx;
    (void)path;
    (void)out;
    return nope("disk_usage");
}

int ostat__os_disk_io_counters(ostat_ctx *ctx,
                               uint32_t flags,
                               struct ostat_disk_io_counters *total,
                               ostat_list *perdisk)
{
    (void)ctx;
    (void)flags;
    (void)total;
    (void)perdisk;
    return nope("disk_io_counters");
}

int ostat__os_net_io_counters(ostat_ctx *ctx, ostat_list *list, int generations)
{
    (void)ctx;
    (void)list;
    (void)generations;
    return nope("net_io_counters");
}

int ostat__os_net_if_addrs(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("net_if_addrs");
}

int ostat__os_net_if_stats(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("net_if_stats");
}

int ostat__os_net_connections(ostat_ctx *ctx,
                              ostat_proc *p,
                              int32_t kind,
                              ostat_list *list)
{
    (void)ctx;
    (void)p;
    (void)kind;
    (void)list;
    return nope("net_connections");
}

int ostat__os_pids(ostat_ctx *ctx, ostat_list *list)
{
    (void)ctx;
    (void)list;
    return nope("pids");
}

int ostat__os_pid_exists(ostat_ctx *ctx, ostat_pid_t pid, int *out)
{
    (void)ctx;
    (void)pid;
    (void)out;
    return nope("pid_exists");
}

int ostat__os_proc_open(ostat_ctx *ctx, ostat_pid_t pid, ostat_proc **out)
{
    (void)ctx;
    (void)pid;
    (void)out;
    return nope("processes");
}

/* No handle can exist, so nothing below is ever reached. */
void ostat__os_proc_free(ostat_proc *p)
{
    (void)p;
}

void ostat__os_proc_refresh(ostat_proc *p)
{
    (void)p;
}

int ostat__os_proc_is_running(ostat_proc *p, int *out)
{
    (void)p;
    (void)out;
    return nope("processes");
}

int ostat__os_proc_string(ostat_proc *p,
                          enum ostat__proc_item what,
                          const char **s,
                          size_t *len)
{
    (void)p;
    (void)what;
    (void)s;
    (void)len;
    return nope("processes");
}

int ostat__os_proc_list(ostat_proc *p,
                        enum ostat__proc_item what,
                        ostat_list *list)
{
    (void)p;
    (void)what;
    (void)list;
    return nope("processes");
}

int ostat__os_proc_struct(ostat_proc *p, enum ostat__proc_item what, void *out)
{
    (void)p;
    (void)what;
    (void)out;
    return nope("processes");
}

int ostat__os_proc_int(ostat_proc *p, enum ostat__proc_item what, int64_t *out)
{
    (void)p;
    (void)what;
    (void)out;
    return nope("processes");
}

int ostat__os_proc_cpu_total(ostat_proc *p, double *out)
{
    (void)p;
    (void)out;
    return nope("processes");
}

int ostat__os_proc_rlimit(ostat_proc *p,
                          int32_t resource,
                          const int64_t *set,
                          int64_t *soft,
                          int64_t *hard)
{
    (void)p;
    (void)resource;
    (void)set;
    (void)soft;
    (void)hard;
    return nope("rlimit");
}

int ostat__os_proc_set_nice(ostat_proc *p, int32_t value)
{
    (void)p;
    (void)value;
    return nope("nice");
}

int ostat__os_proc_set_ionice(ostat_proc *p, int32_t ioclass, int32_t value)
{
    (void)p;
    (void)ioclass;
    (void)value;
    return nope("ionice");
}

int ostat__os_proc_set_cpu_affinity(ostat_proc *p,
                                    const int32_t *cpus,
                                    size_t count)
{
    (void)p;
    (void)cpus;
    (void)count;
    return nope("cpu_affinity");
}

int ostat__os_proc_send_signal(ostat_proc *p, int32_t sig)
{
    (void)p;
    (void)sig;
    return nope("signals");
}

int ostat__os_proc_wait(ostat_proc *p, double timeout, int32_t *out)
{
    (void)p;
    (void)timeout;
    (void)out;
    return nope("wait");
}

double ostat__os_monotonic(void)
{
    return 0;
}

int64_t ostat__os_self_pid(void)
{
    return 0;
}

int ostat__os_cgroup_stats(ostat_ctx *ctx,
                           const char *path,
                           struct ostat_cgroup *out)
{
    (void)ctx;
    (void)path;
    (void)out;
    return nope("cgroups");
}

int ostat__os_proc_iter_new(ostat_ctx *ctx,
                            uint64_t fields,
                            ostat_proc_iter **out)
{
    (void)ctx;
    (void)fields;
    (void)out;
    return nope("process iteration");
}

/* No iterator can exist, so nothing below is ever reached. */
int ostat__os_proc_iter_next(ostat_proc_iter *it, ostat_proc **out)
{
    (void)it;
    (void)out;
    return nope("process iteration");
}

void ostat__os_proc_iter_rewind(ostat_proc_iter *it)
{
    (void)it;
}

void ostat__os_proc_iter_free(ostat_proc_iter *it)
{
    (void)it;
}

ostat_ctx *ostat__os_proc_iter_ctx(ostat_proc_iter *it)
{
    (void)it;
    return NULL;
}
