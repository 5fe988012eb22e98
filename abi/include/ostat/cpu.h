/* SPDX-License-Identifier: MIT */
/* ostat/cpu.h: CPU times, percentages, counts, statistics, frequencies and
 * load average (psutil's cpu_* functions and getloadavg). */
#ifndef OSTAT_CPU_H
#define OSTAT_CPU_H

#include "common.h"
#include "list.h"

/*
 * Snapshot structs are caller-allocated and size-prefixed: set them up with
 * their *_INIT macro, which stores sizeof the struct in @c size. The library
 * writes no more than @c size bytes and sets one bit in @c valid for each
 * field it filled; a field whose bit is clear was not available and must not
 * be read as zero. Fields are only ever appended. As with struct stat and
 * stat(), the struct shares its name with the function that fills it, so it
 * is always written with the struct keyword. Each *_INIT macro lists every
 * member, so that it compiles quietly under -Wmissing-field-initializers in
 * C89, C99 and C++ alike.
 */

/** CPU times in seconds (psutil's scputimes). */
struct ostat_cpu_times {
    uint32_t size;
    uint64_t valid;
    double user; /**< includes guest on Linux */
    double system;
    double idle;
    double nice; /**< includes guest_nice on Linux */
    double iowait;
    double irq;
    double softirq;
    double steal;
    double guest;
    double guest_nice;
    int32_t cpu; /**< the CPU's number (cpuN), -1 for the total */
};

#define OSTAT_CPU_TIMES_USER OSTAT_BIT(0)
#define OSTAT_CPU_TIMES_SYSTEM OSTAT_BIT(1)
#define OSTAT_CPU_TIMES_IDLE OSTAT_BIT(2)
#define OSTAT_CPU_TIMES_NICE OSTAT_BIT(3)
#define OSTAT_CPU_TIMES_IOWAIT OSTAT_BIT(4)
#define OSTAT_CPU_TIMES_IRQ OSTAT_BIT(5)
#define OSTAT_CPU_TIMES_SOFTIRQ OSTAT_BIT(6)
#define OSTAT_CPU_TIMES_STEAL OSTAT_BIT(7)
#define OSTAT_CPU_TIMES_GUEST OSTAT_BIT(8)
#define OSTAT_CPU_TIMES_GUEST_NICE OSTAT_BIT(9)
#define OSTAT_CPU_TIMES_CPU OSTAT_BIT(10)
#define OSTAT_CPU_TIMES_INIT                                                   \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_cpu_times), 0, 0, 0, 0, 0, 0, 0, 0, 0,   \
            0, 0, 0                                                            \
    }

/** System-wide CPU statistics, cumulative since boot (psutil's scpustats). */
struct ostat_cpu_stats {
    uint32_t size;
    uint64_t valid;
    uint64_t ctx_switches;
    uint64_t interrupts;
    uint64_t soft_interrupts;
    uint64_t syscalls;      /**< not available on Linux */
    uint64_t forks;         /**< processes created since boot */
    uint64_t procs_running; /**< runnable threads now */
    uint64_t procs_blocked; /**< threads blocked on I/O now */
};

#define OSTAT_CPU_STATS_CTX_SWITCHES OSTAT_BIT(0)
#define OSTAT_CPU_STATS_INTERRUPTS OSTAT_BIT(1)
#define OSTAT_CPU_STATS_SOFT_INTERRUPTS OSTAT_BIT(2)
#define OSTAT_CPU_STATS_SYSCALLS OSTAT_BIT(3)
#define OSTAT_CPU_STATS_FORKS OSTAT_BIT(4)
#define OSTAT_CPU_STATS_PROCS_RUNNING OSTAT_BIT(5)
#define OSTAT_CPU_STATS_PROCS_BLOCKED OSTAT_BIT(6)
#define OSTAT_CPU_STATS_INIT                                                   \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_cpu_stats), 0, 0, 0, 0, 0, 0, 0, 0       \
    }

/** CPU frequency in MHz (psutil's scpufreq). */
struct ostat_cpu_freq {
    uint32_t size;
    uint64_t valid;
    double current;
    double min;  /**< not valid when unknown (psutil reports 0.0) */
    double max;  /**< not valid when unknown (psutil reports 0.0) */
    int32_t cpu; /**< the CPU's number, -1 for the average */
};

#define OSTAT_CPU_FREQ_CURRENT OSTAT_BIT(0)
#define OSTAT_CPU_FREQ_MIN OSTAT_BIT(1)
#define OSTAT_CPU_FREQ_MAX OSTAT_BIT(2)
#define OSTAT_CPU_FREQ_CPU OSTAT_BIT(3)
#define OSTAT_CPU_FREQ_INIT                                                    \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_cpu_freq), 0, 0, 0, 0, 0                 \
    }

/** Load average over 1, 5 and 15 minutes (psutil's getloadavg tuple). */
struct ostat_loadavg {
    uint32_t size;
    uint64_t valid;
    double load1;
    double load5;
    double load15;
    uint64_t runnable; /**< runnable scheduling entities now */
    uint64_t entities; /**< scheduling entities (threads) in all */
};

#define OSTAT_LOADAVG_LOAD1 OSTAT_BIT(0)
#define OSTAT_LOADAVG_LOAD5 OSTAT_BIT(1)
#define OSTAT_LOADAVG_LOAD15 OSTAT_BIT(2)
#define OSTAT_LOADAVG_RUNNABLE OSTAT_BIT(3)
#define OSTAT_LOADAVG_ENTITIES OSTAT_BIT(4)
#define OSTAT_LOADAVG_INIT                                                     \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_loadavg), 0, 0, 0, 0, 0, 0               \
    }

/** The longest interval, in seconds, the percentage functions sleep. */
#define OSTAT_INTERVAL_MAX 86400

OSTAT_BEGIN_DECLS

/**
 * System-wide CPU times (psutil cpu_times()). @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL, OSTAT_EPARSE, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.0
 */
OSTAT_API int ostat_cpu_times(ostat_ctx *ctx, struct ostat_cpu_times *out);

/**
 * CPU times of each online CPU (psutil cpu_times(percpu=True)), in the
 * kernel's order; read elements with ostat_list_cpu_times(). With CPUs
 * offline, an element's index is not its CPU number: see the cpu field.
 * @param out receives a list to free with ostat_list_free().
 * @since 1.0
 */
OSTAT_API int ostat_cpu_times_percpu(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list of CPU times (or of CPU time percentages).
 * @return 0, OSTAT_EINVAL (NULL argument, index out of range, a list of
 * another kind, or out->size too small for the size and valid fields).
 * @since 1.0
 */
OSTAT_API int ostat_list_cpu_times(const ostat_list *list,
                                   size_t index,
                                   struct ostat_cpu_times *out);

/**
 * System-wide CPU utilisation in percent, 0..100 (psutil cpu_percent()).
 * With @p interval > 0, samples, sleeps @p interval seconds and samples
 * again. With 0, compares with the sample the previous call on @p ctx left
 * (the first call compares two back-to-back reads and gives about 0). Each
 * call's last sample becomes the next call's baseline. Deltas are clamped at
 * 0 (counters can go backwards on VMs), guest time is not counted twice,
 * and busy = total - idle - iowait.
 * @param ctx required when @p interval is 0.
 * @return 0, OSTAT_EINVAL (NULL @p out, @p interval negative, NaN or above
 * OSTAT_INTERVAL_MAX), or the errors of ostat_cpu_times().
 * @since 1.0
 */
OSTAT_API int ostat_cpu_percent(ostat_ctx *ctx, double interval, double *out);

/**
 * Utilisation of each online CPU in percent, as ostat_cpu_percent(), with
 * its own baseline; read elements with ostat_list_double(). Elements are in
 * the kernel's order of online CPUs, as ostat_cpu_times_percpu(); when CPUs
 * may be offline, ostat_cpu_times_percent_percpu() tells each element's CPU
 * number. A CPU that came online since the baseline reads 0.
 * @since 1.0
 */
OSTAT_API int
ostat_cpu_percent_percpu(ostat_ctx *ctx, double interval, ostat_list **out);

/**
 * Each CPU time field as a percentage of the elapsed CPU time, 0..100
 * (psutil cpu_times_percent()), with the same interval and baseline rules
 * as ostat_cpu_percent() but a baseline of its own. Unlike psutil, a total
 * under one second is not rounded up to one, so short intervals are not
 * understated (psutil #1586); values are not rounded.
 * @since 1.0
 */
OSTAT_API int ostat_cpu_times_percent(ostat_ctx *ctx,
                                      double interval,
                                      struct ostat_cpu_times *out);

/**
 * ostat_cpu_times_percent() for each online CPU; read elements with
 * ostat_list_cpu_times().
 * @since 1.0
 */
OSTAT_API int ostat_cpu_times_percent_percpu(ostat_ctx *ctx,
                                             double interval,
                                             ostat_list **out);

/**
 * Number of CPUs (psutil cpu_count()). @p logical non-zero: online logical
 * CPUs; zero: physical cores. Neither honours affinity or cgroup limits.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOTSUP when it cannot be determined
 * (psutil's None).
 * @since 1.0
 */
OSTAT_API int ostat_cpu_count(ostat_ctx *ctx, int logical, int32_t *out);

/**
 * Context switches, interrupts, soft interrupts, forks and run-queue counts
 * (psutil cpu_stats(), with more fields).
 * @since 1.0
 */
OSTAT_API int ostat_cpu_stats(ostat_ctx *ctx, struct ostat_cpu_stats *out);

/**
 * Current, minimum and maximum frequency averaged over the online CPUs
 * (psutil cpu_freq()).
 * @return 0, OSTAT_ENOTSUP when the system reports no frequency (many VMs
 * and containers), OSTAT_EINVAL, OSTAT_EPARSE.
 * @since 1.0
 */
OSTAT_API int ostat_cpu_freq(ostat_ctx *ctx, struct ostat_cpu_freq *out);

/**
 * Frequency of each online CPU (psutil cpu_freq(percpu=True)); read
 * elements with ostat_list_cpu_freq().
 * @since 1.0
 */
OSTAT_API int ostat_cpu_freq_percpu(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list of CPU frequencies.
 * @since 1.0
 */
OSTAT_API int ostat_list_cpu_freq(const ostat_list *list,
                                  size_t index,
                                  struct ostat_cpu_freq *out);

/**
 * Load average (psutil getloadavg()), plus the run-queue counts of
 * /proc/loadavg.
 * @since 1.0
 */
OSTAT_API int ostat_getloadavg(ostat_ctx *ctx, struct ostat_loadavg *out);

OSTAT_END_DECLS

#endif
