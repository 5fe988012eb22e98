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

/* Whether a subcommand takes a PID operand. */
#define PID_NONE 0
#define PID_OPTIONAL 1
#define PID_REQUIRED 2

/* The parsed command line. */
struct opts {
    int json;
    int percpu;
    double interval; /* seconds, when OPT_INTERVAL is in given */
    int logical;     /* cpu_count: 1 logical (default), 0 physical */
    int32_t sig;     /* kill: the signal number (default SIGTERM) */
    int environ_too; /* procinfo: --environ */
    int errors_too;  /* procinfo: --errors */
    int has_pid;     /* the PID operand was given */
    ostat_pid_t pid; /* the PID operand */
    unsigned given;  /* OPT_* bits of the options that were given */
};

/* A subcommand: it returns the program's exit status. */
struct command {
    const char *name;
    int (*run)(ostat_ctx *ctx, const struct opts *o);
    unsigned accepts; /* OPT_* bits */
    int pid_arg;      /* PID_* */
};

extern const struct command commands[];
extern const size_t ncommands;

/* The overview shown without a subcommand. */
int overview_run(ostat_ctx *ctx, const struct opts *o);

/* Everything about one process, as psutil's scripts/procinfo.py. */
int procinfo_run(ostat_ctx *ctx, const struct opts *o);

/* The CPU number of each element of a per-CPU percent list of @count
 * elements, as an array to free(); NULL if it cannot be known. */
int *percpu_numbers(ostat_ctx *ctx, size_t count);

#endif
