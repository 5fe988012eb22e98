/* SPDX-License-Identifier: MIT */
/* cli.h: what the parts of the ostat program share. */
#ifndef OSTAT_TOOL_CLI_H
#define OSTAT_TOOL_CLI_H

#include <stddef.h>

#include <ostat.h>

/* Options that only some subcommands accept. */
#define OPT_PERCPU 0x1u
#define OPT_INTERVAL 0x2u
#define OPT_COUNT_KIND 0x4u
#define OPT_SIGNAL 0x8u
#define OPT_ENVIRON 0x10u
#define OPT_ERRORS 0x20u
#define OPT_ATTRS 0x40u
#define OPT_ONCE 0x80u
#define OPT_COUNT 0x100u
#define OPT_GROUPED 0x200u
#define OPT_ALL 0x400u
#define OPT_PERDISK 0x800u
#define OPT_NOWRAP 0x1000u
#define OPT_PERNIC 0x2000u
#define OPT_KIND 0x4000u

/* Whether a subcommand takes a PID operand. */
#define PID_NONE 0
#define PID_OPTIONAL 1
#define PID_REQUIRED 2
/* ... or an optional path instead (disk_usage). */
#define PATH_OPTIONAL 3

/* The parsed command line. */
struct opts {
    int json;
    int percpu;
    double interval;   /* seconds, when OPT_INTERVAL is in given */
    int logical;       /* cpu_count: 1 logical (default), 0 physical */
    int32_t sig;       /* kill: the signal number (default SIGTERM) */
    int environ_too;   /* procinfo: --environ */
    int errors_too;    /* procinfo, process_iter, ps: --errors */
    const char *attrs; /* process_iter: --attrs, psutil's names */
    int once;          /* top: --once */
    long count;        /* top: --count, frames to show (0: no limit) */
    int grouped;       /* pmap: --grouped */
    int32_t kind;      /* net_connections, netstat: --kind, as flags */
    int has_pid;       /* the PID operand was given */
    ostat_pid_t pid;   /* the PID operand */
    const char *path;  /* the path operand (PATH_OPTIONAL), or NULL */
    unsigned given;    /* OPT_* bits of the options that were given */
};

/* A subcommand: it returns the program's exit status. */
struct command {
    const char *name;
    int (*run)(ostat_ctx *ctx, const struct opts *o);
    unsigned accepts; /* OPT_* bits */
    int pid_arg;      /* PID_* or PATH_OPTIONAL */
};

extern const struct command commands[];
extern const size_t ncommands;

/* The overview shown without a subcommand. */
int overview_run(ostat_ctx *ctx, const struct opts *o);

/* Everything about one process, as psutil's scripts/procinfo.py. */
int procinfo_run(ostat_ctx *ctx, const struct opts *o);

/* Report bad usage on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* A string getter's result in a new buffer to free(), grown until it
 * fits; NULL with the getter's error otherwise. */
int proc_string(int (*fn)(ostat_proc *, char *, size_t *),
                ostat_proc *p,
                char **out);

/* The process subcommands: proclist.c, top.c, pstree.c and pmap.c. */
int ps_run(ostat_ctx *ctx, const struct opts *o);
int process_iter_run(ostat_ctx *ctx, const struct opts *o);
int top_run(ostat_ctx *ctx, const struct opts *o);
int pstree_run(ostat_ctx *ctx, const struct opts *o);
int pmap_run(ostat_ctx *ctx, const struct opts *o);

/* The sensor subcommands: cmd_sensors.c. */
int sensors_temperatures_run(ostat_ctx *ctx, const struct opts *o);
int sensors_fans_run(ostat_ctx *ctx, const struct opts *o);
int sensors_battery_run(ostat_ctx *ctx, const struct opts *o);
int sensors_run(ostat_ctx *ctx, const struct opts *o);
/* The disk subcommands: cmd_disks.c. */
int disk_partitions_run(ostat_ctx *ctx, const struct opts *o);
int disk_usage_run(ostat_ctx *ctx, const struct opts *o);
int disk_io_counters_run(ostat_ctx *ctx, const struct opts *o);
/* Whether a failure of ostat_disk_usage() is to be passed over quietly:
 * the filesystem went away, or is not ours to look at. */
int disk_usage_unavailable(int rc);
/* The network subcommands: cmd_net.c. */
int net_io_counters_run(ostat_ctx *ctx, const struct opts *o);
int net_if_addrs_run(ostat_ctx *ctx, const struct opts *o);
int net_if_stats_run(ostat_ctx *ctx, const struct opts *o);
int ifconfig_run(ostat_ctx *ctx, const struct opts *o);
/* The socket subcommands: cmd_conns.c. */
int net_connections_run(ostat_ctx *ctx, const struct opts *o);
int netstat_run(ostat_ctx *ctx, const struct opts *o);

/* The CPU number of each element of a per-CPU percent list of @count
 * elements, as an array to free(); NULL if it cannot be known. */
int *percpu_numbers(ostat_ctx *ctx, size_t count);

#endif
