/* SPDX-License-Identifier: MIT */
/* w1.h: the W1 "system snapshot" benchmark. One snapshot is cpu_times (total
 * and per CPU), virtual_memory, swap_memory, getloadavg, boot_time and users.
 * Each contender fills the same struct w1_snap, so their values can be
 * compared and the work they do is the same. */
#ifndef W1_H
#define W1_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

/* Fixed capacity of the floor's per-CPU table. */
#define W1_MAX_CPU 1024

/* CPU times in seconds, in /proc/stat column order: user nice system idle
 * iowait irq softirq steal guest guest_nice. */
struct w1_cpu {
    double v[10];
    int32_t cpu; /* -1 for the total */
};

struct w1_snap {
    struct w1_cpu total;
    size_t ncpu; /* 0 when the contender has no per-CPU times */
    struct w1_cpu percpu[W1_MAX_CPU];

    /* virtual_memory, bytes */
    uint64_t mem_total, mem_available, mem_used, mem_free, mem_active,
        mem_inactive, mem_buffers, mem_cached, mem_shared, mem_slab;
    double mem_percent;

    /* swap_memory, bytes */
    uint64_t swap_total, swap_used, swap_free, swap_sin, swap_sout;
    double swap_percent;

    /* getloadavg */
    double load1, load5, load15;

    /* boot_time, seconds since the epoch */
    double boot_time;

    /* users: the count, and a checksum of what each record gave (pid,
     * login time and the lengths of name, terminal and host) */
    size_t nusers;
    uint64_t users_sum;
};

/* Each contender's snap fills this one (it is large: not on the stack) and
 * returns 1, or -1 with a sentence in bench_err. */
extern struct w1_snap w1_last;

extern const struct bench_contender w1_floor;
extern const struct bench_contender w1_ostat_oneshot;
extern const struct bench_contender w1_ostat_plain;
#ifdef W1_HAVE_STATGRAB
extern const struct bench_contender w1_statgrab;
#endif

#endif
