/* SPDX-License-Identifier: MIT */
/* test_pidfd_ids.c: the ids of iterator rows through PIDFD_GET_INFO
 * (backends/linux/proc.c), on this machine. This program links the
 * library's static copy, to see which way the ids came:
 *
 * - the way is on exactly when the kernel has the ioctl (asked here
 *   directly) and the context reads the running system's /proc;
 * - a context on the same /proc named another way ("/proc/.") is not
 *   live, reads status, and must give the same ids for the same
 *   processes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fx.h"
#include "linux/proc.h"

#define MAXP 65536

struct row {
    int64_t pid, start_ppid;
    double create_time;
    struct ostat_proc_ids u, g;
    int ok;
};

/* The kernel's own answer: pidfd_open and PIDFD_GET_INFO on this process. */
static int kernel_has_info(void)
{
    struct {
        uint64_t mask, cgroupid;
        uint32_t v[12];
    } in;
    int fd, rc;

#ifdef SYS_pidfd_open
    fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
#else
    fd = -1;
#endif
    if (fd < 0) {
        return 0;
    }
    memset(&in, 0, sizeof(in));
    in.mask = 2;
    rc = ioctl(fd, _IOWR(0xFF, 11, in), &in);
    close(fd);
    return rc == 0;
}

/* One scan of @ctx for the ids; rows by pid into @rows (MAXP). */
static size_t scan_ids(ostat_ctx *ctx, struct row *rows)
{
    ostat_proc_iter *it = NULL;
    ostat_proc *p;
    size_t n = 0;
    int rc;

    ck_assert_int_eq(ostat_proc_iter_new(ctx,
                                         OSTAT_PF_UIDS | OSTAT_PF_GIDS |
                                             OSTAT_PF_PPID |
                                             OSTAT_PF_CREATE_TIME,
                                         &it),
                     0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1 && n < MAXP) {
        struct row *r = &rows[n++];
        ostat_pid_t ppid = -1;

        r->pid = ostat_proc_pid(p);
        r->u = (struct ostat_proc_ids)OSTAT_PROC_IDS_INIT;
        r->g = (struct ostat_proc_ids)OSTAT_PROC_IDS_INIT;
        r->ok = ostat_proc_uids(p, &r->u) == 0 &&
                ostat_proc_gids(p, &r->g) == 0 &&
                ostat_proc_ppid(p, &ppid) == 0 &&
                ostat_proc_create_time(p, &r->create_time) == 0;
        r->start_ppid = ppid;
    }
    ck_assert_int_eq(rc, 0);
    ostat_proc_iter_free(it);
    return n;
}

START_TEST(pidfd_way_matches_status_way)
{
    static struct row live[MAXP], other[MAXP];
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *a = NULL, *b = NULL;
    size_t na, nb, i, j, same = 0;
    int want = kernel_has_info() ? 1 : -1;

    ck_assert_int_eq(ostat_ctx_new(NULL, &a), 0);
    o.procfs_root = "/proc/.";
    ck_assert_int_eq(ostat_ctx_new(&o, &b), 0);
    ck_assert_int_eq(a->live, 1);
    ck_assert_int_eq(b->live, 0);
    na = scan_ids(a, live);
    nb = scan_ids(b, other);
    ck_assert_msg(a->os->pidfd_ids == want, "pidfd ids %d, the kernel says %d",
                  a->os->pidfd_ids, want);
    ck_assert_int_eq(b->os->pidfd_ids, -1);
    for (i = 0, j = 0; i < na && j < nb;) {
        if (live[i].pid < other[j].pid) {
            i++;
        } else if (live[i].pid > other[j].pid) {
            j++;
        } else {
            /* The same process (pid, parent and start: the live context
             * counts from the boot time to the nanosecond, the other from
             * /proc/stat's whole seconds), whose ids did not change
             * between the scans: one that changes them while the test
             * runs would be a false alarm. */
            if (live[i].ok && other[j].ok &&
                live[i].start_ppid == other[j].start_ppid &&
                live[i].create_time - other[j].create_time < 1.5 &&
                other[j].create_time - live[i].create_time < 1.5) {
                ck_assert_msg(live[i].u.real == other[j].u.real &&
                                  live[i].u.effective == other[j].u.effective &&
                                  live[i].u.saved == other[j].u.saved &&
                                  live[i].g.real == other[j].g.real &&
                                  live[i].g.effective == other[j].g.effective &&
                                  live[i].g.saved == other[j].g.saved,
                              "pid %lld: ids differ between the two ways",
                              (long long)live[i].pid);
                same++;
            }
            i++;
            j++;
        }
    }
    ck_assert_uint_gt(same, 0);
    ostat_ctx_free(a);
    ostat_ctx_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pidfd-ids");
    TCase *tc = tcase_create("pidfd-ids");

    tcase_add_test(tc, pidfd_way_matches_status_way);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return fx_run(s);
}
