/* SPDX-License-Identifier: MIT */
/* w2_procps.c: W2 with libproc2 (procps-ng 4, <libproc2/pids.h>). One
 * pids_info with the W2 items, made once; each snapshot is one
 * procps_pids_reap(PIDS_FETCH_TASKS_ONLY), whose stacks are copied into
 * the rows. libproc2 reads status for RUSER, NLWP and the VM items, and
 * keeps its own uid->name cache. PIDS_CMD is the 15-byte comm: it does not
 * extend the name from argv[0] as psutil does. */
#ifdef W2_HAVE_PROCPS
#include <stdio.h>
#include <string.h>

#include <libproc2/pids.h>

#include "w2.h"

enum {
    I_PID,
    I_PPID,
    I_CMD,
    I_STATE,
    I_RUSER,
    I_UTIME,
    I_STIME,
    I_RSS,
    I_VSIZE,
    I_NLWP,
    I_START,
    I_CMDLINE,
    I_COUNT
};

static enum pids_item items[I_COUNT] = {
    PIDS_ID_PID,   PIDS_ID_PPID,   PIDS_CMD,         PIDS_STATE,
    PIDS_ID_RUSER, PIDS_TICS_USER, PIDS_TICS_SYSTEM, PIDS_VM_RSS,
    PIDS_VM_SIZE,  PIDS_NLWP,      PIDS_TIME_START,  PIDS_CMDLINE,
};

static int procps_init(void **state)
{
    struct pids_info *info = NULL;
    int rc = procps_pids_new(&info, items, I_COUNT);

    if (rc < 0) {
        snprintf(bench_err, sizeof(bench_err), "libproc2: procps_pids_new: %s",
                 strerror(-rc));
        return -1;
    }
    *state = info;
    return 0;
}

static void copy_str(char *d, size_t cap, const char *s, size_t *len)
{
    size_t n = s ? strlen(s) : 0;
    size_t k = n < cap - 1 ? n : cap - 1;

    if (k > 0) {
        memcpy(d, s, k);
    }
    d[k] = '\0';
    if (len != NULL) {
        *len = n;
    }
}

static long procps_snap(void *state)
{
    struct pids_info *info = state;
    struct pids_fetch *f = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
    long rows, i;

    if (f == NULL) {
        snprintf(bench_err, sizeof(bench_err),
                 "libproc2: procps_pids_reap failed");
        return -1;
    }
    rows = f->counts->total;
    if (rows > W2_MAX_ROWS) {
        snprintf(bench_err, sizeof(bench_err), "too many processes");
        return -1;
    }
    for (i = 0; i < rows; i++) {
        struct pids_stack *s = f->stacks[i];
        struct w2_row *r = &w2_rows[i];
        const char *cmd;

        r->pid = PIDS_VAL(I_PID, s_int, s, info);
        r->ppid = PIDS_VAL(I_PPID, s_int, s, info);
        copy_str(r->name, sizeof(r->name), PIDS_VAL(I_CMD, str, s, info), NULL);
        r->status = (char)PIDS_VAL(I_STATE, s_ch, s, info);
        copy_str(r->user, sizeof(r->user), PIDS_VAL(I_RUSER, str, s, info),
                 NULL);
        r->cpu_user = (double)PIDS_VAL(I_UTIME, ull_int, s, info) / w2_tck;
        r->cpu_system = (double)PIDS_VAL(I_STIME, ull_int, s, info) / w2_tck;
        r->rss = (uint64_t)PIDS_VAL(I_RSS, ul_int, s, info) * 1024;
        r->vms = (uint64_t)PIDS_VAL(I_VSIZE, ul_int, s, info) * 1024;
        r->num_threads = PIDS_VAL(I_NLWP, s_int, s, info);
        r->create_time = w2_boot_time + PIDS_VAL(I_START, real, s, info);
        /* libproc2 shows an empty command line as "[comm]" (ps's way). */
        cmd = PIDS_VAL(I_CMDLINE, str, s, info);
        copy_str(r->cmd, sizeof(r->cmd), cmd, &r->cmd_len);
        r->missing = W2_M_NAME;
    }
    return rows;
}

static void procps_fini(void *state)
{
    struct pids_info *info = state;

    procps_pids_unref(&info);
}

const struct bench_contender w2_procps = {
    "libproc2",
    "libproc2",
    "libproc2: procps_pids_reap(PIDS_FETCH_TASKS_ONLY) per snapshot with "
    "the 12 W2 items; its name is the 15-byte comm (no argv[0] extension), "
    "an empty command line comes back as \"[comm]\", rss and vms are in "
    "whole KiB from status",
    procps_init,
    procps_snap,
    procps_fini,
};
#endif
