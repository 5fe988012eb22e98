/* SPDX-License-Identifier: MIT */
/* w3_ostat.c: W3 through the public ostat API. One context and one
 * handle on the target, made once; each snapshot is ostat_proc_refresh,
 * then memory_footprint, num_fds, open_files (every element read through
 * ostat_list_open_file, the list freed), io_counters and
 * num_ctx_switches. An open_files that is not supported yet
 * (OSTAT_ENOTSUP) leaves the snapshot incomplete instead of failing it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ostat.h>

#include "bench_ostat.h"
#include "w3.h"

struct ostat_state {
    ostat_ctx *ctx;
    ostat_proc *proc;
};

static int ostat_init(void **state)
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
    if ((rc = ostat_proc_open(s->ctx, w3_target, &s->proc)) != 0) {
        ostat_ctx_free(s->ctx);
        free(s);
        return bench_ostat_fail("ostat_proc_open", rc);
    }
    *state = s;
    return 0;
}

static int open_files(ostat_proc *p, struct w3_snap *out)
{
    ostat_list *l = NULL;
    size_t i, n;
    int rc = ostat_proc_open_files(p, &l);

    out->nfiles = 0;
    out->files_sum = 0;
    out->files_complete = 0;
    if (rc == OSTAT_ENOTSUP) {
        return 0; /* not there yet: the row is incomplete */
    }
    if (rc != 0) {
        return bench_ostat_fail("ostat_proc_open_files", rc);
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_proc_open_file f = OSTAT_PROC_OPEN_FILE_INIT;

        if ((rc = ostat_list_open_file(l, i, &f)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_open_file", rc);
        }
        out->files_sum +=
            (uint64_t)f.fd + f.position + (f.path ? strlen(f.path) : 0);
    }
    out->nfiles = (int64_t)n;
    out->files_complete = 1;
    ostat_list_free(l);
    return 0;
}

static long ostat_snap(void *state)
{
    struct ostat_state *s = state;
    struct w3_snap *out = &w3_last;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    int32_t nfds = 0;
    int rc;

    if ((rc = ostat_proc_refresh(s->proc)) != 0) {
        return bench_ostat_fail("ostat_proc_refresh", rc);
    }
    if ((rc = ostat_proc_memory_footprint(s->proc, &mf)) != 0) {
        return bench_ostat_fail("ostat_proc_memory_footprint", rc);
    }
    out->uss = mf.uss;
    out->pss = mf.pss;
    out->swap = mf.swap;
    if ((rc = ostat_proc_num_fds(s->proc, &nfds)) != 0) {
        return bench_ostat_fail("ostat_proc_num_fds", rc);
    }
    out->num_fds = nfds;
    if (open_files(s->proc, out) != 0) {
        return -1;
    }
    if ((rc = ostat_proc_io_counters(s->proc, &io)) != 0) {
        return bench_ostat_fail("ostat_proc_io_counters", rc);
    }
    out->io[0] = io.read_count;
    out->io[1] = io.write_count;
    out->io[2] = io.read_bytes;
    out->io[3] = io.write_bytes;
    out->io[4] = io.read_chars;
    out->io[5] = io.write_chars;
    if ((rc = ostat_proc_num_ctx_switches(s->proc, &cs)) != 0) {
        return bench_ostat_fail("ostat_proc_num_ctx_switches", rc);
    }
    out->vol = cs.voluntary;
    out->invol = cs.involuntary;
    return 1;
}

static void ostat_fini(void *state)
{
    struct ostat_state *s = state;

    if (s != NULL) {
        ostat_proc_free(s->proc);
        ostat_ctx_free(s->ctx);
        free(s);
    }
}

const struct bench_contender w3_ostat = {
    "ostat",
    "ostat",
    "ostat: one handle; per snapshot ostat_proc_refresh, "
    "memory_footprint, num_fds, open_files (every element read, the list "
    "freed), io_counters, num_ctx_switches",
    ostat_init,
    ostat_snap,
    ostat_fini,
};
