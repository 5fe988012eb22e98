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
/* ostat__os_ctx_idle() is declared in internal.h, whose inline
 * ostat__ctx_done() calls it. */

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

/* Fill an OSTAT__LIST_SENSORS_TEMPERATURE or OSTAT__LIST_SENSORS_FAN list;
 * OSTAT_ENOTSUP when the system cannot report them at all. */
int ostat__os_sensors_temperatures(ostat_ctx *ctx, ostat_list *list);
int ostat__os_sensors_fans(ostat_ctx *ctx, ostat_list *list);
/* OSTAT_ENOTSUP when there is no battery. */
int ostat__os_sensors_battery(ostat_ctx *ctx,
                              struct ostat_sensors_battery *out);
/* Disks. Fill an OSTAT__LIST_DISK_PARTITION list. */
int ostat__os_disk_partitions(ostat_ctx *ctx, int all, ostat_list *list);
/* @path is neither NULL nor empty. */
int ostat__os_disk_usage(ostat_ctx *ctx,
                         const char *path,
                         struct ostat_disk_usage *out);
/* The total over whole disks into @total and/or every device into @perdisk
 * (an OSTAT__LIST_DISK_IO_COUNTERS list); either may be NULL. @flags holds
 * only known OSTAT_DISK_IO_* bits; with OSTAT_DISK_IO_NOWRAP the counters
 * go through ostat__nowrap_row() first. OSTAT_ENOTSUP for a total without
 * disks. */
int ostat__os_disk_io_counters(ostat_ctx *ctx,
                               uint32_t flags,
                               struct ostat_disk_io_counters *total,
                               ostat_list *perdisk);
/* Network. The counters of struct ostat_net_io_counters before its name, in
 * valid-bit order, are at these offsets (abi/src/net.c). */
#define OSTAT__NET_IO_NCOUNTERS 16
extern const size_t ostat__net_io_offsets[OSTAT__NET_IO_NCOUNTERS];

/* An element of an OSTAT__LIST_NET_IO_COUNTERS list: the public struct
 * first, so the list accessor copies it, then what tells the instance of
 * the interface behind the name (for nowrap). */
struct ostat__nic_io {
    struct ostat_net_io_counters c;
    uint64_t generation; /* the ifindex; 0 when unknown */
};

/* The raw counters of every interface, in the kernel's order, names set;
 * with @generations also each one's generation (a lookup per interface). */
int ostat__os_net_io_counters(ostat_ctx *ctx,
                              ostat_list *list,
                              int generations);
/* Fill an OSTAT__LIST_NET_IF_ADDR list. */
int ostat__os_net_if_addrs(ostat_ctx *ctx, ostat_list *list);
/* Fill an OSTAT__LIST_NET_IF_STATS list. */
int ostat__os_net_if_stats(ostat_ctx *ctx, ostat_list *list);
/* Fill an OSTAT__LIST_CONNECTION list with the sockets of the kinds in
 * @kind (OSTAT_CONN_KIND_* flags, checked by the core) that process @p has
 * open, or of the whole system when @p is NULL. */
int ostat__os_net_connections(ostat_ctx *ctx,
                              ostat_proc *p,
                              int32_t kind,
                              ostat_list *list);

/* Processes. Each backend allocates its handle, which starts with struct
 * ostat_proc; the core has checked every pointer and the pid. */

/* What the dispatching entry points below are asked for. */
enum ostat__proc_item {
    /* strings: ostat__os_proc_string() */
    OSTAT__PS_NAME,
    OSTAT__PS_EXE,
    OSTAT__PS_CWD,
    OSTAT__PS_USERNAME,
    OSTAT__PS_TERMINAL,
    OSTAT__PS_CMDLINE_STRING,
    OSTAT__PS_CGROUP,
    /* lists: ostat__os_proc_list() */
    OSTAT__PL_CMDLINE,
    OSTAT__PL_ENVIRON,
    OSTAT__PL_PARENTS,
    OSTAT__PL_CHILDREN,
    OSTAT__PL_CHILDREN_RECURSIVE,
    OSTAT__PL_THREADS,
    OSTAT__PL_CPU_AFFINITY,
    OSTAT__PL_MEMORY_MAPS,
    OSTAT__PL_MEMORY_MAPS_GROUPED,
    OSTAT__PL_OPEN_FILES,
    /* snapshot structs: ostat__os_proc_struct() */
    OSTAT__PT_UIDS,
    OSTAT__PT_GIDS,
    OSTAT__PT_CPU_TIMES,
    OSTAT__PT_MEMORY_INFO,
    OSTAT__PT_MEMORY_FOOTPRINT,
    OSTAT__PT_PAGE_FAULTS,
    OSTAT__PT_CTX_SWITCHES,
    OSTAT__PT_IO_COUNTERS,
    OSTAT__PT_IONICE,
    /* integers: ostat__os_proc_int() */
    OSTAT__PI_PPID,
    OSTAT__PI_STATUS,
    OSTAT__PI_NICE,
    OSTAT__PI_NUM_FDS,
    OSTAT__PI_NUM_THREADS,
    OSTAT__PI_CPU_NUM
};

int ostat__os_pids(ostat_ctx *ctx, ostat_list *list);
int ostat__os_pid_exists(ostat_ctx *ctx, ostat_pid_t pid, int *out);
int ostat__os_proc_open(ostat_ctx *ctx, ostat_pid_t pid, ostat_proc **out);
void ostat__os_proc_free(ostat_proc *p);
void ostat__os_proc_refresh(ostat_proc *p);
/* 1 = same process running, 0 = gone or reused. */
int ostat__os_proc_is_running(ostat_proc *p, int *out);
/* The string stays valid until the next call on the handle. */
int ostat__os_proc_string(ostat_proc *p,
                          enum ostat__proc_item what,
                          const char **s,
                          size_t *len);
int ostat__os_proc_list(ostat_proc *p,
                        enum ostat__proc_item what,
                        ostat_list *list);
int ostat__os_proc_struct(ostat_proc *p, enum ostat__proc_item what, void *out);
int ostat__os_proc_int(ostat_proc *p, enum ostat__proc_item what, int64_t *out);
/* The process's user + system CPU seconds now, read afresh. */
int ostat__os_proc_cpu_total(ostat_proc *p, double *out);
int ostat__os_proc_rlimit(ostat_proc *p,
                          int32_t resource,
                          const int64_t *set_soft_hard,
                          int64_t *soft,
                          int64_t *hard);
int ostat__os_proc_set_nice(ostat_proc *p, int32_t value);
int ostat__os_proc_set_ionice(ostat_proc *p, int32_t ioclass, int32_t value);
int ostat__os_proc_set_cpu_affinity(ostat_proc *p,
                                    const int32_t *cpus,
                                    size_t count);
/* After a reuse check; a zombie's signal is a no-op. */
int ostat__os_proc_send_signal(ostat_proc *p, int32_t sig);
int ostat__os_proc_wait(ostat_proc *p, double timeout, int32_t *out);
double ostat__os_monotonic(void);

/* The group at @path under the cgroup v2 mount. */
int ostat__os_cgroup_stats(ostat_ctx *ctx,
                           const char *path,
                           struct ostat_cgroup *out);

/* Process iteration: see ostat_proc_iter_new(). */
int ostat__os_proc_iter_new(ostat_ctx *ctx,
                            uint64_t fields,
                            ostat_proc_iter **out);
int ostat__os_proc_iter_next(ostat_proc_iter *it, ostat_proc **out);
void ostat__os_proc_iter_rewind(ostat_proc_iter *it);
void ostat__os_proc_iter_free(ostat_proc_iter *it);
ostat_ctx *ostat__os_proc_iter_ctx(ostat_proc_iter *it);
int64_t ostat__os_self_pid(void);

#endif
