/* SPDX-License-Identifier: MIT */
/* w2.h: the W2 "process table" benchmark. One snapshot is, for every
 * process: pid, ppid, name, status, username, cpu user and system, rss,
 * vms, num_threads, create_time and the command line. Every C contender
 * writes the same rows into w2_rows, so the work of handing the values to
 * the caller is the same and the values can be compared. */
#ifndef W2_H
#define W2_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

#define W2_MAX_ROWS 16384
/* Bytes of the command line a row keeps (the rest is counted, not kept). */
#define W2_CMD_CAP 4096

struct w2_row {
    int64_t pid, ppid;
    char name[64];
    char status; /* the letter of /proc/PID/stat, '?' if unknown */
    char user[32];
    double cpu_user, cpu_system; /* seconds */
    uint64_t rss, vms;           /* bytes */
    int64_t num_threads;
    double create_time; /* seconds since the epoch */
    size_t cmd_len;     /* the whole command line's length */
    char cmd[W2_CMD_CAP];
    uint32_t missing; /* W2_M_* bits: fields the contender did not give */
};

#define W2_M_NAME 1u
#define W2_M_USER 2u
#define W2_M_CPU 4u /* no user/system split */
#define W2_M_THREADS 8u
#define W2_M_CMD 16u
#define W2_M_MEM 32u

extern struct w2_row w2_rows[W2_MAX_ROWS];

/* Boot time as ostat computes it (CLOCK_REALTIME - CLOCK_BOOTTIME), the
 * clock tick and the page size, read once. */
extern double w2_boot_time;
extern double w2_tck;
extern uint64_t w2_page;
int w2_sysinfo(void);

/* The status letter of an OSTAT_STATUS_* value. */
char w2_status_letter(int32_t status);

extern const struct bench_contender w2_floor;
extern const struct bench_contender w2_ostat_cold;
extern const struct bench_contender w2_ostat_refresh;
#ifdef W2_HAVE_PROCPS
extern const struct bench_contender w2_procps;
#endif
#ifdef W2_HAVE_STATGRAB
extern const struct bench_contender w2_statgrab;
#endif

#endif
