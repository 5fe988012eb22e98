/* SPDX-License-Identifier: MIT */
/* w2_statgrab.c: W2 with libstatgrab: sg_get_process_stats_r per snapshot
 * (a list the caller frees). It lacks fields W2 asks for: no user name
 * (uids only: the row gets the uid in decimal), no user/system split of
 * the CPU time (only time_spent, whole seconds), no thread count, start
 * time in whole seconds, the command line cut short (proctitle keeps a
 * few dozen bytes). It reads stat, status and cmdline per process,
 * through stdio. */
#ifdef W2_HAVE_STATGRAB
#include <stdio.h>
#include <string.h>

#include <statgrab.h>

#include "w2.h"

static int sg_state_dummy;

static int sg_w2_init(void **state)
{
    if (sg_init(1) != SG_ERROR_NONE) {
        snprintf(bench_err, sizeof(bench_err), "libstatgrab: sg_init: %s",
                 sg_str_error(sg_get_error()));
        return -1;
    }
    *state = &sg_state_dummy;
    return 0;
}

static char state_letter(sg_process_state s)
{
    switch (s) {
    case SG_PROCESS_STATE_RUNNING:
        return 'R';
    case SG_PROCESS_STATE_SLEEPING:
        return 'S';
    case SG_PROCESS_STATE_STOPPED:
        return 'T';
    case SG_PROCESS_STATE_ZOMBIE:
        return 'Z';
    default:
        return '?';
    }
}

static long sg_w2_snap(void *state)
{
    size_t n = 0, i;
    sg_process_stats *ps = sg_get_process_stats_r(&n);

    (void)state;
    if (ps == NULL) {
        snprintf(bench_err, sizeof(bench_err),
                 "libstatgrab: sg_get_process_stats_r: %s",
                 sg_str_error(sg_get_error()));
        return -1;
    }
    if (n > W2_MAX_ROWS) {
        sg_free_process_stats(ps);
        snprintf(bench_err, sizeof(bench_err), "too many processes");
        return -1;
    }
    for (i = 0; i < n; i++) {
        const sg_process_stats *p = &ps[i];
        struct w2_row *r = &w2_rows[i];
        const char *s;
        size_t len, k;

        r->pid = p->pid;
        r->ppid = p->parent;
        s = p->process_name ? p->process_name : "";
        len = strlen(s);
        k = len < sizeof(r->name) - 1 ? len : sizeof(r->name) - 1;
        memcpy(r->name, s, k);
        r->name[k] = '\0';
        r->status = state_letter(p->state);
        snprintf(r->user, sizeof(r->user), "%u", (unsigned)p->uid);
        r->cpu_user = (double)p->time_spent;
        r->cpu_system = 0;
        r->rss = p->proc_resident;
        r->vms = p->proc_size;
        r->num_threads = -1;
        r->create_time = (double)p->start_time;
        s = p->proctitle ? p->proctitle : "";
        len = strlen(s);
        k = len < sizeof(r->cmd) - 1 ? len : sizeof(r->cmd) - 1;
        memcpy(r->cmd, s, k);
        r->cmd[k] = '\0';
        r->cmd_len = len;
        r->missing = W2_M_NAME | W2_M_USER | W2_M_CPU | W2_M_THREADS | W2_M_CMD;
    }
    sg_free_process_stats(ps);
    return (long)n;
}

static void sg_w2_fini(void *state)
{
    (void)state;
    sg_shutdown();
}

const struct bench_contender w2_statgrab = {
    "statgrab",
    "libstatgrab",
    "libstatgrab: sg_get_process_stats_r + sg_free_process_stats per "
    "snapshot; it has no user name (uid only), no user/system CPU split "
    "(time_spent, whole seconds), no thread count, start time in whole "
    "seconds, command lines cut short",
    sg_w2_init,
    sg_w2_snap,
    sg_w2_fini,
};
#endif
