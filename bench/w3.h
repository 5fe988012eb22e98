/* SPDX-License-Identifier: MIT */
/* w3.h: the W3 "one process deep" benchmark. One snapshot of one process
 * is memory_footprint, num_fds, open_files, io_counters and
 * num_ctx_switches, read afresh. Each contender fills struct w3_snap. */
#ifndef W3_H
#define W3_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench.h"

struct w3_snap {
    uint64_t uss, pss, swap; /* bytes */
    int64_t num_fds;
    int64_t nfiles;      /* regular files open */
    uint64_t files_sum;  /* sum over them of fd + position + path length */
    int files_complete;  /* 0: open_files was not available */
    uint64_t io[6];      /* read/write count, bytes, chars */
    uint64_t vol, invol; /* context switches */
};

/* The process every contender looks at, set before init. */
extern pid_t w3_target;
/* What the last snapshot gave. */
extern struct w3_snap w3_last;

extern const struct bench_contender w3_floor;
extern const struct bench_contender w3_ostat;

#endif
