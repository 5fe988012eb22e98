/* SPDX-License-Identifier: MIT */
/* proclist.h: rows read from the process iterator, shared by ps,
 * process_iter, top and pstree. */
#ifndef OSTAT_TOOL_PROCLIST_H
#define OSTAT_TOOL_PROCLIST_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <ostat.h>

#include "json.h"
#include "out.h"

/* psutil's attrs, in the order of psutil's documentation. */
enum attr_id {
    A_PID,
    A_PPID,
    A_NAME,
    A_EXE,
    A_CMDLINE,
    A_STATUS,
    A_USERNAME,
    A_UIDS,
    A_GIDS,
    A_CREATE_TIME,
    A_CPU_TIMES,
    A_CPU_PERCENT,
    A_CPU_NUM,
    A_MEMORY_INFO,
    A_MEMORY_INFO_EX,
    A_MEMORY_FOOTPRINT,
    A_MEMORY_PERCENT,
    A_NUM_THREADS,
    A_NUM_FDS,
    A_NUM_CTX_SWITCHES,
    A_IO_COUNTERS,
    A_NICE,
    A_TERMINAL,
    A_CWD,
    A_PAGE_FAULTS,
    A_CGROUP,
    A_COUNT
};

#define ATTR_BIT(id) ((uint64_t)1 << (id))
/* Not a psutil attr: the command line as one string, for tables. */
#define WANT_CMDLINE_STRING ATTR_BIT(A_COUNT)

/* What was read about one process: rc[A_*] is 0 or that field's error. */
struct prow {
    int rc[A_COUNT + 1];
    ostat_pid_t pid, ppid;
    char *name, *exe, *username, *terminal, *cwd, *cgroup;
    char *cmdstr; /* WANT_CMDLINE_STRING */
    char **cmdline;
    size_t ncmdline;
    int32_t status, cpu_num, num_threads, num_fds, nice;
    double create_time, cpu_percent, memory_percent;
    struct ostat_proc_ids uids, gids;
    struct ostat_proc_cpu_times cpu_times;
    struct ostat_proc_memory_info memory;
    struct ostat_proc_memory_footprint footprint;
    struct ostat_proc_ctx_switches ctx_switches;
    struct ostat_proc_io_counters io;
    struct ostat_proc_page_faults page_faults;
};

/* The rows of one scan. */
struct rowset {
    struct prow *v;
    size_t n, cap;
    int status; /* the exit status so far */
};

/* psutil's name of each attr. */
extern const char *const attr_names[A_COUNT];

/* The attr called @name, or -1. */
int attr_lookup(const char *name);
/* The OSTAT_PF_* fields the ATTR_BITs in @want need. */
uint64_t attr_fields(uint64_t want);

/* Give every process a CPU baseline: a scan that only asks for
 * cpu_percent, whose values are all 0. */
int rows_prime(ostat_proc_iter *it);
/* Read the attrs in @want of every process into @rs (emptied first).
 * Processes that end meanwhile are left out; an error other than access
 * denied, not supported or a zombie is reported on stderr (once) and sets
 * rs->status. Returns 0, or the status of a failed scan (reported). */
int rows_scan(ostat_proc_iter *it, uint64_t want, struct rowset *rs);
void rows_free(struct rowset *rs);

/* Attr @id of @r as JSON; null when it failed. */
void row_json(struct json *j, const struct prow *r, enum attr_id id);
/* Attr @id of @r as a table cell to free(); "-" when it failed. */
char *row_text(const struct prow *r, enum attr_id id);
/* Is attr @id a column of text (left aligned)? */
int attr_left(enum attr_id id);

/* The command line to show: the joined arguments, or the name when there
 * are none (kernel threads) or they cannot be read; sanitized, to free(). */
char *row_command(const struct prow *r);
/* user + system CPU seconds as "M:SS", or "-". */
void row_cputime(const struct prow *r, char *buf, size_t size);

/* Sleep @seconds, resuming after signals unless *@stop becomes set
 * (@stop may be NULL). */
void rows_sleep(double seconds, volatile sig_atomic_t *stop);

#endif
