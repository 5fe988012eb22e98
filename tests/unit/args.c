/* SPDX-License-Identifier: MIT */
/* args.c: argument checking of every public function: NULL pointers, NULL
 * contexts, lists of the wrong kind, indexes out of range, intervals and
 * pressure resources. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "unit.h"

/* A list pointer that must be reset to NULL by a failing call. */
#define NOT_A_LIST ((ostat_list *)(void *)&not_a_list)
static int not_a_list;

START_TEST(test_null_out_snapshots)
{
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_ctx *none = NULL;
    int pass;

    /* With a context and without one: the NULL out is refused first. */
    for (pass = 0; pass < 2; pass++) {
        ostat_ctx *c = pass ? none : ctx;

        ut_assert_rc(ostat_cpu_times(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_stats(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_freq(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_getloadavg(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_virtual_memory(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_swap_memory(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_heap_info(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_pressure(c, OSTAT_PRESSURE_CPU, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_boot_time(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_uptime(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_count(c, 1, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_count(c, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_percent(c, 0.01, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_times_percent(c, 0.01, NULL), OSTAT_EINVAL);
    }
    ut_assert_rc(ostat_cpu_percent(ctx, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_cpu_times_percent(ctx, 0, NULL), OSTAT_EINVAL);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_null_out_lists)
{
    ostat_ctx *ctx = ut_fixture_ctx();
    int pass;

    for (pass = 0; pass < 2; pass++) {
        ostat_ctx *c = pass ? NULL : ctx;

        ut_assert_rc(ostat_cpu_times_percpu(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_freq_percpu(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_users(c, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_percent_percpu(c, 0.01, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_cpu_times_percent_percpu(c, 0.01, NULL),
                     OSTAT_EINVAL);
    }
    ut_assert_rc(ostat_cpu_percent_percpu(ctx, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_cpu_times_percent_percpu(ctx, 0, NULL), OSTAT_EINVAL);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_null_list)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
    struct ostat_user u = OSTAT_USER_INIT;
    double d = 1.5;

    ck_assert_uint_eq(ostat_list_count(NULL), 0);
    ut_assert_rc(ostat_list_cpu_times(NULL, 0, &t), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_freq(NULL, 0, &f), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_user(NULL, 0, &u), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(NULL, 0, &d), OSTAT_EINVAL);
    ck_assert_double_eq(d, 1.5);
    ut_assert_rc(ostat_list_cpu_times(NULL, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_freq(NULL, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_user(NULL, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(NULL, 0, NULL), OSTAT_EINVAL);
    ostat_list_free(NULL);
}
END_TEST

START_TEST(test_free_null)
{
    ostat_free(NULL);
    ostat_list_free(NULL);
    ostat_ctx_free(NULL);
}
END_TEST

/* Functions that may take a NULL context work on the defaults (the running
 * system) or say the metric is not supported; lists they return outlive
 * the temporary context. */
START_TEST(test_null_ctx_allowed)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats cs = OSTAT_CPU_STATS_INIT;
    struct ostat_cpu_freq cf = OSTAT_CPU_FREQ_INIT;
    struct ostat_loadavg la = OSTAT_LOADAVG_INIT;
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    struct ostat_heap_info hi = OSTAT_HEAP_INFO_INIT;
    struct ostat_pressure ps = OSTAT_PRESSURE_INIT;
    ostat_list *list;
    int32_t n;
    double d;
    int rc;

    ut_assert_live_rc(ostat_cpu_times(NULL, &t));
    ut_assert_live_rc(ostat_cpu_stats(NULL, &cs));
    ut_assert_live_rc(ostat_cpu_freq(NULL, &cf));
    ut_assert_live_rc(ostat_getloadavg(NULL, &la));
    ut_assert_live_rc(ostat_virtual_memory(NULL, &vm));
    ut_assert_live_rc(ostat_swap_memory(NULL, &sw));
    ut_assert_live_rc(ostat_heap_info(NULL, &hi));
    ut_assert_live_rc(ostat_heap_trim(NULL));
    ut_assert_live_rc(ostat_boot_time(NULL, &d));
    ut_assert_live_rc(ostat_uptime(NULL, &d));
    ut_assert_live_rc(ostat_cpu_count(NULL, 1, &n));
    ut_assert_live_rc(ostat_cpu_count(NULL, 0, &n));
    ut_assert_live_rc(ostat_cpu_percent(NULL, 0.01, &d));
    ut_assert_live_rc(ostat_cpu_times_percent(NULL, 0.01, &t));
    ut_assert_live_rc(ostat_pressure(NULL, OSTAT_PRESSURE_MEMORY, &ps));

    list = NOT_A_LIST;
    rc = ostat_cpu_times_percpu(NULL, &list);
    ut_assert_live_rc(rc);
    if (rc == 0) {
        ck_assert_uint_gt(ostat_list_count(list), 0);
        ut_assert_rc(ostat_list_cpu_times(list, 0, &t), 0);
    } else {
        ck_assert_ptr_null(list);
    }
    ostat_list_free(list);

    list = NOT_A_LIST;
    rc = ostat_cpu_freq_percpu(NULL, &list);
    ut_assert_live_rc(rc);
    if (rc != 0) {
        ck_assert_ptr_null(list);
    }
    ostat_list_free(list);

    list = NOT_A_LIST;
    rc = ostat_users(NULL, &list);
    ut_assert_live_rc(rc);
    if (rc != 0) {
        ck_assert_ptr_null(list);
    }
    ostat_list_free(list);

    list = NOT_A_LIST;
    rc = ostat_cpu_percent_percpu(NULL, 0.01, &list);
    ut_assert_live_rc(rc);
    if (rc == 0) {
        ck_assert_uint_gt(ostat_list_count(list), 0);
        ut_assert_rc(ostat_list_double(list, 0, &d), 0);
        ck_assert(d >= 0 && d <= 100);
    } else {
        ck_assert_ptr_null(list);
    }
    ostat_list_free(list);

    list = NOT_A_LIST;
    rc = ostat_cpu_times_percent_percpu(NULL, 0.01, &list);
    ut_assert_live_rc(rc);
    if (rc != 0) {
        ck_assert_ptr_null(list);
    }
    ostat_list_free(list);
}
END_TEST

/* Functions that need a context refuse NULL. */
START_TEST(test_null_ctx_refused)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *list = NOT_A_LIST;
    double d = -1;

    ut_assert_rc(ostat_ctx_oneshot_begin(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_oneshot_end(NULL), OSTAT_EINVAL);
    /* An interval of 0 compares with the context's previous sample. */
    ut_assert_rc(ostat_cpu_percent(NULL, 0, &d), OSTAT_EINVAL);
    ck_assert_double_eq(d, -1);
    t.valid = ~(uint64_t)0;
    ut_assert_rc(ostat_cpu_times_percent(NULL, 0, &t), OSTAT_EINVAL);
    ck_assert_uint_eq(t.valid, 0);
    ut_assert_rc(ostat_cpu_percent_percpu(NULL, 0, &list), OSTAT_EINVAL);
    ck_assert_ptr_null(list);
    list = NOT_A_LIST;
    ut_assert_rc(ostat_cpu_times_percent_percpu(NULL, 0, &list), OSTAT_EINVAL);
    ck_assert_ptr_null(list);
}
END_TEST

/* Each list kind refuses the accessors of the others, and indexes past the
 * end. */
START_TEST(test_list_kinds_and_range)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
    struct ostat_user u = OSTAT_USER_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_list *times = NULL, *pct = NULL, *users = NULL;
    double d = 0;
    size_t n;

    ut_assert_fixture_rc(ostat_cpu_times_percpu(ctx, &times));
    ut_assert_fixture_rc(ostat_cpu_percent_percpu(ctx, 0, &pct));
    ut_assert_fixture_rc(ostat_users(ctx, &users));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_ptr_null(times);
        ck_assert_ptr_null(pct);
        ck_assert_ptr_null(users);
        return;
    }

    /* Per-CPU times. */
    n = ostat_list_count(times);
    ck_assert_uint_eq(n, 2);
    ut_assert_rc(ostat_list_cpu_times(times, 0, &t), 0);
    ut_assert_rc(ostat_list_cpu_times(times, n - 1, &t), 0);
    ut_assert_rc(ostat_list_cpu_times(times, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_times(times, n, &t), OSTAT_EINVAL);
    ck_assert_uint_eq(t.valid, 0);
    ut_assert_rc(ostat_list_cpu_times(times, (size_t)-1, &t), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(times, 0, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_user(times, 0, &u), OSTAT_EINVAL);
    ck_assert_uint_eq(u.valid, 0);
    ut_assert_rc(ostat_list_cpu_freq(times, 0, &f), OSTAT_EINVAL);

    /* Per-CPU percentages are doubles: the fixture does not change, so
     * every CPU was idle. */
    n = ostat_list_count(pct);
    ck_assert_uint_eq(n, 2);
    ut_assert_rc(ostat_list_double(pct, 1, &d), 0);
    ck_assert_double_eq(d, 0.0);
    ut_assert_rc(ostat_list_double(pct, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(pct, n, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_times(pct, 0, &t), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_user(pct, 0, &u), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_freq(pct, 0, &f), OSTAT_EINVAL);

    /* Users. */
    n = ostat_list_count(users);
    ck_assert_uint_eq(n, 2);
    ut_assert_rc(ostat_list_user(users, n - 1, &u), 0);
    ut_assert_rc(ostat_list_user(users, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_user(users, n, &u), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_times(users, 0, &t), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(users, 0, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_cpu_freq(users, 0, &f), OSTAT_EINVAL);

    /* A list element struct too small for size and valid. */
    t.size = 4;
    ut_assert_rc(ostat_list_cpu_times(times, 0, &t), OSTAT_EINVAL);
    u.size = 0;
    ut_assert_rc(ostat_list_user(users, 0, &u), OSTAT_EINVAL);

    ostat_list_free(times);
    ostat_list_free(pct);
    ostat_list_free(users);
}
END_TEST

static int call_interval(int which, ostat_ctx *ctx, double interval)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *list = NOT_A_LIST;
    double d = -1;
    int rc;

    switch (which) {
    case 0:
        rc = ostat_cpu_percent(ctx, interval, &d);
        if (rc != 0) {
            ck_assert_double_eq(d, -1);
        }
        return rc;
    case 1:
        return ostat_cpu_times_percent(ctx, interval, &t);
    case 2:
        rc = ostat_cpu_percent_percpu(ctx, interval, &list);
        break;
    default:
        rc = ostat_cpu_times_percent_percpu(ctx, interval, &list);
        break;
    }
    if (rc != 0) {
        ck_assert_ptr_null(list);
    } else {
        ostat_list_free(list);
    }
    return rc;
}

START_TEST(test_percent_intervals)
{
    const double bad[] = { -1.0, -DBL_MIN, -1e300,   NAN,
                           -NAN, INFINITY, -INFINITY };
    ostat_ctx *ctx = ut_fixture_ctx();
    size_t i;
    int which;

    for (which = 0; which < 4; which++) {
        for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            ck_assert_msg(call_interval(which, ctx, bad[i]) == OSTAT_EINVAL,
                          "function %d accepted interval %g", which, bad[i]);
            ck_assert_msg(call_interval(which, NULL, bad[i]) == OSTAT_EINVAL,
                          "function %d accepted interval %g without a context",
                          which, bad[i]);
        }
        ut_assert_rc(call_interval(which, NULL, 0), OSTAT_EINVAL);
        ut_assert_fixture_rc(call_interval(which, ctx, 0));
        ut_assert_fixture_rc(call_interval(which, ctx, 0.001));
    }
    ostat_ctx_free(ctx);
}
END_TEST

/*
 * An interval too long to sleep (above OSTAT_INTERVAL_MAX, one day) is
 * refused with OSTAT_EINVAL before anything sleeps, rather than converted to
 * a time_t it may not fit in.
 */
START_TEST(test_percent_interval_too_long)
{
    const double huge[] = { 1e300, DBL_MAX, 1e19 };
    ostat_ctx *ctx = ut_fixture_ctx();
    size_t i;
    int which;

    for (which = 0; which < 4; which++) {
        for (i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
            int rc = call_interval(which, ctx, huge[i]);

            ck_assert_msg(rc == OSTAT_EINVAL,
                          "function %d: interval %g: got %s, want EINVAL",
                          which, huge[i], ostat_err_name(rc));
        }
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* The fixture's /proc/stat does not change, so CPU use is 0 percent. */
START_TEST(test_percent_of_fixture)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    double d = -1;

    ut_assert_fixture_rc(ostat_cpu_percent(ctx, 0, &d));
    if (UT_HAVE_BACKEND) {
        ck_assert_double_eq(d, 0.0);
        ut_assert_rc(ostat_cpu_percent(ctx, 0, &d), 0);
        ck_assert_double_eq(d, 0.0);
        ut_assert_rc(ostat_cpu_times_percent(ctx, 0, &t), 0);
        ck_assert_double_eq(t.user, 0.0);
        ck_assert_double_eq(t.idle, 0.0);
        ck_assert_int_eq(t.cpu, -1);
        ck_assert_uint_ne(t.valid & OSTAT_CPU_TIMES_CPU, 0);
    }
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_pressure_resource)
{
    static const int32_t bad[] = { -1, 4, 5, 100, INT32_MIN, INT32_MAX };
    struct ostat_pressure p = OSTAT_PRESSURE_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        p.valid = ~(uint64_t)0;
        ck_assert_msg(ostat_pressure(ctx, bad[i], &p) == OSTAT_EINVAL,
                      "resource %d accepted", (int)bad[i]);
        ck_assert_uint_eq(p.valid, 0);
        ck_assert_msg(ostat_pressure(NULL, bad[i], &p) == OSTAT_EINVAL,
                      "resource %d accepted without a context", (int)bad[i]);
    }
    ut_assert_fixture_rc(ostat_pressure(ctx, OSTAT_PRESSURE_CPU, &p));
    if (UT_HAVE_BACKEND) {
        ck_assert_double_eq(p.some_avg10, 1.5);
        ck_assert_double_eq(p.some_avg60, 2.25);
        ck_assert_double_eq(p.some_avg300, 3.0);
        ck_assert_uint_eq(p.some_total, 123456);
        ck_assert_uint_eq(p.full_total, 0);
        ck_assert_uint_eq(p.valid, 0xff);
    }
    /* The fixture has no memory pressure file. */
    p.valid = ~(uint64_t)0;
    ut_assert_rc(ostat_pressure(ctx, OSTAT_PRESSURE_MEMORY, &p), OSTAT_ENOTSUP);
    ck_assert_uint_eq(p.valid, 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* A snapshot call that fails clears the caller's valid bits. */
START_TEST(test_failure_clears_valid)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;

    opts.procfs_root = "/nonexistent/ostat-unit/proc";
    opts.sysfs_root = "/nonexistent/ostat-unit/sys";
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);
    t.valid = ~(uint64_t)0;
    ck_assert_int_lt(ostat_cpu_times(ctx, &t), 0);
    ck_assert_uint_eq(t.valid, 0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_counts_of_fixture)
{
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    double bt = 0;

    ut_assert_fixture_rc(ostat_cpu_stats(ctx, &s));
    ut_assert_fixture_rc(ostat_boot_time(ctx, &bt));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        return;
    }
    ck_assert_uint_eq(s.ctx_switches, 67890);
    ck_assert_uint_eq(s.interrupts, 12345);
    ck_assert_uint_eq(s.soft_interrupts, 999);
    ck_assert_uint_eq(s.forks, 4242);
    ck_assert_uint_eq(s.procs_running, 3);
    ck_assert_uint_eq(s.procs_blocked, 1);
    ck_assert_uint_eq(s.valid & OSTAT_CPU_STATS_SYSCALLS, 0); /* not Linux */
    ck_assert_double_eq(bt, 1700000000.0);
}
END_TEST

TCase *ut_args_tcase(void)
{
    TCase *tc = tcase_create("args");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_null_out_snapshots);
    tcase_add_test(tc, test_null_out_lists);
    tcase_add_test(tc, test_null_list);
    tcase_add_test(tc, test_free_null);
    tcase_add_test(tc, test_null_ctx_allowed);
    tcase_add_test(tc, test_null_ctx_refused);
    tcase_add_test(tc, test_list_kinds_and_range);
    tcase_add_test(tc, test_percent_intervals);
    tcase_add_test(tc, test_percent_interval_too_long);
    tcase_add_test(tc, test_percent_of_fixture);
    tcase_add_test(tc, test_pressure_resource);
    tcase_add_test(tc, test_failure_clears_valid);
    tcase_add_test(tc, test_counts_of_fixture);
    return tc;
}
