/* SPDX-License-Identifier: MIT */
/* test_wait_procs.c: ostat_wait_procs() on real children: some end, one
 * does not, and the timeout holds. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <ostat.h>

#include "live.h"

/* A child that sleeps @secs seconds, then exits with @code. It returns
 * once the child has put back the default handlers: the test runner's
 * would turn a SIGTERM meant for the child against the whole test. */
static pid_t child(unsigned secs, int code)
{
    int fds[2];
    char c;
    pid_t pid;

    if (pipe(fds) != 0) {
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGALRM, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(fds[0]);
        if (write(fds[1], "r", 1) != 1) {
            _exit(1);
        }
        close(fds[1]);
        if (secs > 0) {
            sleep(secs);
        }
        _exit(code);
    }
    close(fds[1]);
    if (pid > 0 && read(fds[0], &c, 1) != 1) {
        pid = -1;
    }
    close(fds[0]);
    return pid;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(wait_procs_mixed)
{
    ostat_ctx *ctx;
    ostat_proc *procs[3];
    pid_t pids[3];
    int gone[3], i;
    int32_t codes[3] = { 99, 99, 99 };
    double t0, elapsed;

    ck_assert_int_eq(ostat_ctx_new(NULL, &ctx), 0);
    pids[0] = child(0, 3);  /* exits at once with 3 */
    pids[1] = child(30, 0); /* killed by SIGTERM below */
    pids[2] = child(30, 0); /* still running at the timeout */
    for (i = 0; i < 3; i++) {
        ck_assert_int_gt(pids[i], 0);
        ck_assert_int_eq(ostat_proc_open(ctx, pids[i], &procs[i]), 0);
    }
    ck_assert_int_eq(kill(pids[1], SIGTERM), 0);

    t0 = now();
    ck_assert_int_eq(ostat_wait_procs(procs, 3, 0.5, gone, codes), 0);
    elapsed = now() - t0;

    ck_assert_int_eq(gone[0], 1);
    ck_assert_int_eq(codes[0], 3);
    ck_assert_int_eq(gone[1], 1);
    ck_assert_int_eq(codes[1], -SIGTERM);
    ck_assert_int_eq(gone[2], 0);
    ck_assert_int_eq(codes[2], 99); /* untouched */
    /* The timeout holds: not much less, not much more (a loaded VM). */
    ck_assert(elapsed >= 0.45 && elapsed < 3.0);

    /* With the last one killed, no timeout: all gone. */
    ck_assert_int_eq(kill(pids[2], SIGKILL), 0);
    ck_assert_int_eq(ostat_wait_procs(procs + 2, 1, -1, gone, codes), 0);
    ck_assert_int_eq(gone[0], 1);
    ck_assert_int_eq(codes[0], -SIGKILL);

    /* Arguments. */
    ck_assert_int_eq(ostat_wait_procs(NULL, 1, 0, gone, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_wait_procs(procs, 1, 0, NULL, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_wait_procs(NULL, 0, 0, NULL, NULL), 0);
    for (i = 0; i < 3; i++) {
        ostat_proc_free(procs[i]);
    }
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_wait_procs(Suite *s)
{
    TCase *tc = tcase_create("wait_procs");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, wait_procs_mixed);
    suite_add_tcase(s, tc);
}
