/* SPDX-License-Identifier: MIT */
/* w2_ostat.c: W2 through the public ostat API, as an application would
 * call it. One context, made once. "cold" makes an iterator per snapshot
 * (ostat_proc_iter_new, a full scan, ostat_proc_iter_free); "refresh"
 * keeps one iterator, and each snapshot is one more scan of it (next until
 * 0). Each row calls the getters of the W2 fields; the command line goes
 * through ostat_proc_cmdline_string straight into the row's buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ostat.h>

#include "bench_ostat.h"
#include "w2.h"

#define W2_FIELDS                                                              \
    (OSTAT_PF_PPID | OSTAT_PF_NAME | OSTAT_PF_STATUS | OSTAT_PF_USERNAME |     \
     OSTAT_PF_CPU_TIMES | OSTAT_PF_MEMORY_INFO | OSTAT_PF_NUM_THREADS |        \
     OSTAT_PF_CREATE_TIME | OSTAT_PF_CMDLINE)

struct ostat_state {
    ostat_ctx *ctx;
    ostat_proc_iter *it; /* kept across snapshots by "refresh" only */
    int keep;
};

char w2_status_letter(int32_t status)
{
    static const char letters[] = "?RSDTtZXKWIP";

    return status >= 0 && (size_t)status < sizeof(letters) - 1 ? letters[status]
                                                               : '?';
}

static int init(void **state, int keep)
{
    struct ostat_state *s = calloc(1, sizeof(*s));
    int rc;

    if (s == NULL) {
        snprintf(bench_err, sizeof(bench_err), "ostat: out of memory");
        return -1;
    }
    if ((rc = ostat_ctx_new(NULL, &s->ctx)) != 0) {
        free(s);
        return bench_ostat_fail("ostat_ctx_new", rc);
    }
    s->keep = keep;
    if (keep && (rc = ostat_proc_iter_new(s->ctx, W2_FIELDS, &s->it)) != 0) {
        ostat_ctx_free(s->ctx);
        free(s);
        return bench_ostat_fail("ostat_proc_iter_new", rc);
    }
    *state = s;
    return 0;
}

static int init_cold(void **state)
{
    return init(state, 0);
}

static int init_refresh(void **state)
{
    return init(state, 1);
}

/* The getters of one row. A field's own error (a zombie's command line,
 * a process that vanished between two getters) leaves the field empty. */
static void fill(ostat_proc *p, struct w2_row *r)
{
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    ostat_pid_t ppid = -1;
    int32_t st = 0, nt = 0;
    size_t len;

    r->pid = ostat_proc_pid(p);
    r->ppid = ostat_proc_ppid(p, &ppid) == 0 ? ppid : -1;
    len = sizeof(r->name);
    if (ostat_proc_name(p, r->name, &len) != 0) {
        r->name[0] = '\0';
    }
    r->status = ostat_proc_status(p, &st) == 0 ? w2_status_letter(st) : '?';
    len = sizeof(r->user);
    if (ostat_proc_username(p, r->user, &len) != 0) {
        r->user[0] = '\0';
    }
    ostat_proc_cpu_times(p, &t);
    r->cpu_user = t.user;
    r->cpu_system = t.system;
    ostat_proc_memory_info(p, &m);
    r->rss = m.rss;
    r->vms = m.vms;
    r->num_threads = ostat_proc_num_threads(p, &nt) == 0 ? nt : -1;
    if (ostat_proc_create_time(p, &r->create_time) != 0) {
        r->create_time = 0;
    }
    len = sizeof(r->cmd);
    switch (ostat_proc_cmdline_string(p, r->cmd, &len)) {
    case 0:
        r->cmd_len = len;
        break;
    case OSTAT_EBUFS:
        /* Longer than the row keeps: as the floor, keep the start. */
        r->cmd_len = len - 1;
        r->cmd[0] = '\0';
        break;
    default:
        r->cmd_len = 0;
        r->cmd[0] = '\0';
        break;
    }
    r->missing = 0;
}

static long scan(ostat_proc_iter *it)
{
    ostat_proc *p;
    long rows = 0;
    int rc;

    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        if (rows == W2_MAX_ROWS) {
            snprintf(bench_err, sizeof(bench_err), "too many processes");
            return -1;
        }
        fill(p, &w2_rows[rows++]);
    }
    if (rc != 0) {
        return bench_ostat_fail("ostat_proc_iter_next", rc);
    }
    return rows;
}

static long snap(void *state)
{
    struct ostat_state *s = state;
    ostat_proc_iter *it;
    long rows;
    int rc;

    if (s->keep) {
        return scan(s->it);
    }
    if ((rc = ostat_proc_iter_new(s->ctx, W2_FIELDS, &it)) != 0) {
        return bench_ostat_fail("ostat_proc_iter_new", rc);
    }
    rows = scan(it);
    ostat_proc_iter_free(it);
    return rows;
}

static void fini(void *state)
{
    struct ostat_state *s = state;

    if (s != NULL) {
        ostat_proc_iter_free(s->it);
        ostat_ctx_free(s->ctx);
        free(s);
    }
}

const struct bench_contender w2_ostat_cold = {
    "ostat-cold",
    "ostat cold",
    "ostat cold: ostat_proc_iter_new + a full scan + ostat_proc_iter_free "
    "per snapshot (the context, and its uid->name cache, made once)",
    init_cold,
    snap,
    fini,
};

const struct bench_contender w2_ostat_refresh = {
    "ostat-refresh",
    "ostat refresh",
    "ostat refresh: one iterator for the whole run, one scan (next until 0) "
    "per snapshot; rows seen before read their stat again through a kept "
    "descriptor (the driver raises RLIMIT_NOFILE's soft limit to the hard "
    "one, as monitoring agents run; ostat keeps at most a quarter)",
    init_refresh,
    snap,
    fini,
};
