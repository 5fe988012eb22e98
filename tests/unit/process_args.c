/* SPDX-License-Identifier: MIT */
/* process_args.c: argument checking of ostat/process.h: NULL handles,
 * contexts and out pointers, negative pids, short buffers, unknown
 * resources, ionice classes and memtypes, status names, list kinds and
 * size-prefixed copying. With the unsupported backend no handle can be
 * opened: that is checked, and the checks that need one are skipped. */
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

/* A pointer a failing call must reset to NULL. */
static int sentinel;
#define NOT_NULL ((void *)&sentinel)

/* A handle on the test process, or NULL with the unsupported backend
 * (after checking that it says so). @ctx receives the context. */
static ostat_proc *self_handle(ostat_ctx **ctx)
{
    ostat_proc *p = NOT_NULL;
    int rc;

    *ctx = NULL;
    ck_assert_int_eq(ostat_ctx_new(NULL, ctx), 0);
    rc = ostat_proc_open(*ctx, (ostat_pid_t)getpid(), &p);
    if (!UT_HAVE_BACKEND) {
        ut_assert_rc(rc, OSTAT_ENOTSUP);
        ck_assert_ptr_null(p);
        p = NOT_NULL;
        ut_assert_rc(ostat_proc_open_self(*ctx, &p), OSTAT_ENOTSUP);
        ck_assert_ptr_null(p);
        return NULL;
    }
    ut_assert_rc(rc, 0);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(ostat_proc_pid(p), (ostat_pid_t)getpid());
    return p;
}

START_TEST(test_open_args)
{
    ostat_ctx *ctx = NULL;
    ostat_proc *p = NOT_NULL;

    ck_assert_int_eq(ostat_ctx_new(NULL, &ctx), 0);
    ut_assert_rc(ostat_proc_open(NULL, 1, &p), OSTAT_EINVAL);
    ck_assert_ptr_null(p);
    ut_assert_rc(ostat_proc_open(ctx, 1, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_open(NULL, 1, NULL), OSTAT_EINVAL);
    p = NOT_NULL;
    ut_assert_rc(ostat_proc_open(ctx, -1, &p), OSTAT_EINVAL);
    ck_assert_ptr_null(p);
    p = NOT_NULL;
    ut_assert_rc(ostat_proc_open(ctx, INT32_MIN, &p), OSTAT_EINVAL);
    ck_assert_ptr_null(p);
    ut_assert_rc(ostat_proc_open_self(NULL, &p), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_open_self(ctx, NULL), OSTAT_EINVAL);

    /* Functions on pids. */
    ut_assert_rc(ostat_pids(ctx, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_pids(NULL, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_pid_exists(ctx, 1, NULL), OSTAT_EINVAL);
    {
        int e = -7;

        ut_assert_rc(ostat_pid_exists(ctx, -1, &e), OSTAT_EINVAL);
        ut_assert_rc(ostat_pid_exists(ctx, 1, &e),
                     UT_HAVE_BACKEND ? 0 : OSTAT_ENOTSUP);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* Every function on a handle refuses a NULL one without crashing. */
START_TEST(test_null_handle)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint f = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_ionice in = OSTAT_PROC_IONICE_INIT;
    static const int32_t cpus[] = { 0 };
    ostat_proc *q = NOT_NULL;
    ostat_list *l = NULL;
    char buf[64];
    size_t len = sizeof(buf);
    ostat_pid_t pid;
    int64_t soft, hard;
    int32_t i32;
    double d;
    int e;

    ck_assert_int_eq(ostat_proc_pid(NULL), -1);
    ostat_proc_free(NULL);
    ut_assert_rc(ostat_proc_refresh(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_is_running(NULL, &e), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_name(NULL, buf, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_exe(NULL, buf, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cwd(NULL, buf, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_username(NULL, buf, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_terminal(NULL, buf, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cmdline(NULL, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_environ(NULL, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_parents(NULL, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_children(NULL, 0, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_children(NULL, 1, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_threads(NULL, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_affinity(NULL, &l), OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ut_assert_rc(ostat_proc_create_time(NULL, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_ppid(NULL, &pid), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_parent(NULL, &q), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_status(NULL, &i32), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_uids(NULL, &ids), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_gids(NULL, &ids), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_nice(NULL, &i32), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_nice(NULL, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_ionice(NULL, &in), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(NULL, OSTAT_IOPRIO_CLASS_BE, 4),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_rlimit(NULL, OSTAT_RLIMIT_NOFILE, &soft, &hard),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_rlimit(NULL, OSTAT_RLIMIT_NOFILE, 10, 10),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_io_counters(NULL, &io), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_ctx_switches(NULL, &cs), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_fds(NULL, &i32), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_threads(NULL, &i32), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_times(NULL, &t), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_percent(NULL, 0, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_num(NULL, &i32), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_cpu_affinity(NULL, cpus, 1), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_info(NULL, &m), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_footprint(NULL, &f), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_percent(NULL, "rss", &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_percent(NULL, NULL, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_page_faults(NULL, &pf), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_send_signal(NULL, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_suspend(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_resume(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_terminate(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_kill(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_wait(NULL, 0, &i32), OSTAT_EINVAL);
}
END_TEST

/* NULL out pointers on a valid handle. */
START_TEST(test_null_out)
{
    ostat_ctx *ctx;
    ostat_proc *p = self_handle(&ctx);
    char buf[8];
    size_t len;

    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    ut_assert_rc(ostat_proc_is_running(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_name(p, buf, NULL), OSTAT_EINVAL);
    len = sizeof(buf);
    ut_assert_rc(ostat_proc_name(p, NULL, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_exe(p, buf, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cwd(p, buf, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_username(p, buf, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_terminal(p, buf, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cmdline(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_environ(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_parents(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_children(p, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_threads(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_affinity(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_create_time(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_ppid(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_parent(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_status(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_uids(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_gids(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_nice(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_ionice(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, NULL, NULL),
                 OSTAT_EINVAL);
    {
        int64_t v;

        ut_assert_rc(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, &v, NULL),
                     OSTAT_EINVAL);
        ut_assert_rc(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, NULL, &v),
                     OSTAT_EINVAL);
    }
    ut_assert_rc(ostat_proc_io_counters(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_ctx_switches(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_fds(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_num_threads(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_times(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_percent(p, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_num(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_cpu_affinity(p, NULL, 1), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_info(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_footprint(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_percent(p, "rss", NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_page_faults(p, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_wait(p, 0, NULL), OSTAT_EINVAL);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Structs whose size does not even cover size and valid. */
START_TEST(test_struct_too_small)
{
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    ostat_ctx *ctx;
    ostat_proc *p = self_handle(&ctx);

    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    m.size = 4;
    ut_assert_rc(ostat_proc_memory_info(p, &m), OSTAT_EINVAL);
    t.size = 0;
    ut_assert_rc(ostat_proc_cpu_times(p, &t), OSTAT_EINVAL);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* ostat_proc_name with a short buffer: OSTAT_EBUFS and the size needed,
 * then success with that size. */
START_TEST(test_name_buffer)
{
    ostat_ctx *ctx;
    ostat_proc *p = self_handle(&ctx);
    char buf[256], small[2] = { 'x', 'y' };
    size_t len, need;

    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    len = 0;
    ut_assert_rc(ostat_proc_name(p, NULL, &len), OSTAT_EBUFS);
    ck_assert_uint_gt(len, 1);
    need = len;
    len = sizeof(small);
    if (need > sizeof(small)) {
        ut_assert_rc(ostat_proc_name(p, small, &len), OSTAT_EBUFS);
        ck_assert_uint_eq(len, need);
        ck_assert_int_eq(ostat_error_last()->code, OSTAT_EBUFS);
    }
    len = need - 1;
    ut_assert_rc(ostat_proc_name(p, buf, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, need);
    memset(buf, 'z', sizeof(buf));
    len = need;
    ut_assert_rc(ostat_proc_name(p, buf, &len), 0);
    ck_assert_uint_eq(len, need - 1);
    ck_assert_uint_eq(strlen(buf), need - 1);
    ck_assert_int_eq(buf[need], 'z');
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Setters and actions refuse bad values before they change anything. */
START_TEST(test_bad_values)
{
    static const int32_t bad_cpu[] = { -1 };
    ostat_ctx *ctx;
    ostat_proc *p = self_handle(&ctx);
    int64_t soft = 5, hard = 5;
    int32_t out;
    double d = -1;

    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    /* Unknown resources. */
    ut_assert_rc(ostat_proc_rlimit(p, -1, &soft, &hard), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_rlimit(p, OSTAT_RLIMIT_RTTIME + 1, &soft, &hard),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_rlimit(p, INT32_MAX, &soft, &hard), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_rlimit(p, -1, 1, 1), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_rlimit(p, OSTAT_RLIMIT_RTTIME + 1, 1, 1),
                 OSTAT_EINVAL);
    /* A limit below OSTAT_RLIM_INFINITY. */
    ut_assert_rc(ostat_proc_set_rlimit(p, OSTAT_RLIMIT_CORE, -2, 0),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_rlimit(p, OSTAT_RLIMIT_CORE, 0, -2),
                 OSTAT_EINVAL);
    /* A known resource reads. */
    ut_assert_rc(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, &soft, &hard), 0);
    ck_assert(soft == OSTAT_RLIM_INFINITY || soft >= 0);

    /* ionice: value 0..7, and 0 for classes NONE and IDLE. */
    ut_assert_rc(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_NONE, 3),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_IDLE, 3),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_BE, 8),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_RT, -1),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(p, 4, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_set_ionice(p, -1, 0), OSTAT_EINVAL);

    /* memory_percent of a field no struct has. */
    ut_assert_rc(ostat_proc_memory_percent(p, "bogus", &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_percent(p, "", &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_memory_percent(p, "RSS", &d), OSTAT_EINVAL);
    ck_assert_double_eq(d, -1);
    ut_assert_rc(ostat_proc_memory_percent(p, "rss", &d), 0);
    ck_assert(d > 0 && d <= 100);

    /* cpu_percent and wait: intervals and timeouts. */
    ut_assert_rc(ostat_proc_cpu_percent(p, -1, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_percent(p, NAN, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_cpu_percent(p, OSTAT_INTERVAL_MAX + 1.0, &d),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_wait(p, NAN, &out), OSTAT_EINVAL);
    ut_assert_rc(ostat_proc_wait(p, OSTAT_INTERVAL_MAX + 1.0, &out),
                 OSTAT_EINVAL);

    /* No CPU -1. */
    ut_assert_rc(ostat_proc_set_cpu_affinity(p, bad_cpu, 1), OSTAT_EINVAL);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_status_names)
{
    static const struct {
        int32_t status;
        const char *name;
    } names[] = {
        { OSTAT_STATUS_UNKNOWN, "?" },
        { OSTAT_STATUS_RUNNING, "running" },
        { OSTAT_STATUS_SLEEPING, "sleeping" },
        { OSTAT_STATUS_DISK_SLEEP, "disk-sleep" },
        { OSTAT_STATUS_STOPPED, "stopped" },
        { OSTAT_STATUS_TRACING_STOP, "tracing-stop" },
        { OSTAT_STATUS_ZOMBIE, "zombie" },
        { OSTAT_STATUS_DEAD, "dead" },
        { OSTAT_STATUS_WAKE_KILL, "wake-kill" },
        { OSTAT_STATUS_WAKING, "waking" },
        { OSTAT_STATUS_IDLE, "idle" },
        { OSTAT_STATUS_PARKED, "parked" },
        { OSTAT_STATUS_LOCKED, "locked" },
        { OSTAT_STATUS_WAITING, "waiting" },
        { OSTAT_STATUS_SUSPENDED, "suspended" },
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        ck_assert_ptr_nonnull(ostat_status_name(names[i].status));
        ck_assert_str_eq(ostat_status_name(names[i].status), names[i].name);
    }
    ck_assert_str_eq(ostat_status_name(OSTAT_STATUS_SUSPENDED + 1), "?");
    ck_assert_str_eq(ostat_status_name(-1), "?");
    ck_assert_str_eq(ostat_status_name(INT32_MAX), "?");
    ck_assert_str_eq(ostat_status_name(INT32_MIN), "?");
}
END_TEST

/* The four accessors of process lists against NULL lists and against each
 * other's lists. */
START_TEST(test_list_kinds)
{
    struct ostat_proc_environ_var ev = OSTAT_PROC_ENVIRON_VAR_INIT;
    struct ostat_proc_thread th = OSTAT_PROC_THREAD_INIT;
    ostat_list *ints = NULL, *strs = NULL, *env = NULL, *thr = NULL;
    ostat_list *dbl = NULL;
    ostat_ctx *ctx, *fx;
    ostat_proc *p;
    const char *s = NOT_NULL;
    size_t len = 7;
    int64_t v = 7;
    double d;

    ut_assert_rc(ostat_list_int64(NULL, 0, &v), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_int64(NULL, 0, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(v, 7);
    ut_assert_rc(ostat_list_string(NULL, 0, &s, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(NULL, 0, NULL, &len), OSTAT_EINVAL);
    ck_assert_uint_eq(len, 7);
    ut_assert_rc(ostat_list_environ_var(NULL, 0, &ev), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(NULL, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(NULL, 0, &th), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(NULL, 0, NULL), OSTAT_EINVAL);

    p = self_handle(&ctx);
    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    fx = ut_fixture_ctx();
    ut_assert_rc(ostat_proc_cpu_affinity(p, &ints), 0);
    ut_assert_rc(ostat_proc_cmdline(p, &strs), 0);
    ut_assert_rc(ostat_proc_environ(p, &env), 0);
    ut_assert_rc(ostat_proc_threads(p, &thr), 0);
    ut_assert_rc(ostat_cpu_percent_percpu(fx, 0, &dbl), 0);
    ck_assert_uint_gt(ostat_list_count(ints), 0);
    ck_assert_uint_gt(ostat_list_count(strs), 0);
    ck_assert_uint_gt(ostat_list_count(thr), 0);
    ck_assert_uint_gt(ostat_list_count(dbl), 0);

    /* Each accessor on its own kind, in range and past the end. */
    ut_assert_rc(ostat_list_int64(ints, 0, &v), 0);
    ut_assert_rc(ostat_list_int64(ints, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_int64(ints, ostat_list_count(ints), &v),
                 OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(strs, 0, &s, NULL), 0);
    ut_assert_rc(ostat_list_string(strs, 0, &s, &len), 0);
    ck_assert_uint_eq(len, strlen(s));
    ut_assert_rc(ostat_list_string(strs, 0, NULL, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(strs, ostat_list_count(strs), &s, &len),
                 OSTAT_EINVAL);
    if (ostat_list_count(env) > 0) {
        ut_assert_rc(ostat_list_environ_var(env, 0, &ev), 0);
        ck_assert_ptr_nonnull(ev.name);
    }
    ut_assert_rc(ostat_list_environ_var(env, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(env, ostat_list_count(env), &ev),
                 OSTAT_EINVAL);
    ck_assert_uint_eq(ev.valid, 0);
    ut_assert_rc(ostat_list_thread(thr, 0, &th), 0);
    ck_assert_uint_ne(th.valid, 0);
    ut_assert_rc(ostat_list_thread(thr, 0, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(thr, ostat_list_count(thr), &th),
                 OSTAT_EINVAL);
    ck_assert_uint_eq(th.valid, 0);

    /* The wrong kinds. */
    ut_assert_rc(ostat_list_int64(strs, 0, &v), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_int64(env, 0, &v), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_int64(thr, 0, &v), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_int64(dbl, 0, &v), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(ints, 0, &s, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(env, 0, &s, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(thr, 0, &s, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_string(dbl, 0, &s, &len), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(ints, 0, &ev), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(strs, 0, &ev), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(thr, 0, &ev), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_environ_var(dbl, 0, &ev), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(ints, 0, &th), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(strs, 0, &th), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(env, 0, &th), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_thread(dbl, 0, &th), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(ints, 0, &d), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_double(thr, 0, &d), OSTAT_EINVAL);

    /* Element structs too small for size and valid. */
    th.size = 4;
    ut_assert_rc(ostat_list_thread(thr, 0, &th), OSTAT_EINVAL);
    ev.size = 0;
    ut_assert_rc(ostat_list_environ_var(env, 0, &ev), OSTAT_EINVAL);

    ostat_list_free(ints);
    ostat_list_free(strs);
    ostat_list_free(env);
    ostat_list_free(thr);
    ostat_list_free(dbl);
    ostat_proc_free(p);
    ostat_ctx_free(fx);
    ostat_ctx_free(ctx);
}
END_TEST

/* A caller built against a header whose struct ostat_proc_memory_info
 * ended after data (psutil's memory_info() fields): the library writes no
 * byte past its size and sets no bit of a field it cannot hold. */
START_TEST(test_memory_info_older_size)
{
    const size_t old = offsetof(struct ostat_proc_memory_info, peak_rss);
    const uint64_t first5 =
        OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS |
        OSTAT_PROC_MEMORY_INFO_SHARED | OSTAT_PROC_MEMORY_INFO_TEXT |
        OSTAT_PROC_MEMORY_INFO_DATA;
    struct ostat_proc_memory_info full = OSTAT_PROC_MEMORY_INFO_INIT;
    union {
        struct ostat_proc_memory_info m;
        unsigned char b[sizeof(struct ostat_proc_memory_info) + 16];
    } u;
    ostat_ctx *ctx;
    ostat_proc *p = self_handle(&ctx);
    size_t i;
    uint32_t size;

    if (p == NULL) {
        ostat_ctx_free(ctx);
        return;
    }
    ut_assert_rc(ostat_proc_memory_info(p, &full), 0);
    ck_assert_uint_eq(full.valid & first5, first5);

    /* Exactly the older size, then one cutting peak_rss in half. */
    for (size = (uint32_t)old; size <= (uint32_t)old + 4; size += 4) {
        memset(u.b, 0xa5, sizeof(u.b));
        memcpy(u.b, &size, sizeof(size));
        ut_assert_rc(ostat_proc_memory_info(p, &u.m), 0);
        ck_assert_uint_eq(u.m.size, size);
        ck_assert_uint_eq(u.m.valid, first5);
        /* The handle keeps statm until a refresh: the same values. */
        ck_assert_uint_eq(u.m.rss, full.rss);
        ck_assert_uint_eq(u.m.vms, full.vms);
        ck_assert_uint_eq(u.m.shared, full.shared);
        ck_assert_uint_eq(u.m.text, full.text);
        ck_assert_uint_eq(u.m.data, full.data);
        for (i = size; i < sizeof(u.b); i++) {
            ck_assert_msg(u.b[i] == 0xa5, "byte %zu written (size %u)", i,
                          (unsigned)size);
        }
    }

    /* A larger struct: the bytes past this header's are zeroed. */
    memset(u.b, 0xa5, sizeof(u.b));
    size = (uint32_t)sizeof(u.b);
    memcpy(u.b, &size, sizeof(size));
    ut_assert_rc(ostat_proc_memory_info(p, &u.m), 0);
    ck_assert_uint_eq(u.m.valid, full.valid);
    for (i = sizeof(struct ostat_proc_memory_info); i < sizeof(u.b); i++) {
        ck_assert_int_eq(u.b[i], 0);
    }
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

TCase *ut_process_args_tcase(void)
{
    TCase *tc = tcase_create("process_args");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_open_args);
    tcase_add_test(tc, test_null_handle);
    tcase_add_test(tc, test_null_out);
    tcase_add_test(tc, test_struct_too_small);
    tcase_add_test(tc, test_name_buffer);
    tcase_add_test(tc, test_bad_values);
    tcase_add_test(tc, test_status_names);
    tcase_add_test(tc, test_list_kinds);
    tcase_add_test(tc, test_memory_info_older_size);
    return tc;
}
