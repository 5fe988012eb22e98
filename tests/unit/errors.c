/* SPDX-License-Identifier: MIT */
/* errors.c: error codes, names, messages, the class hierarchy and the
 * thread-local error detail. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* The codes as ostat/error.h specifies them; codes are never renumbered. */
static const struct {
    int code;
    int value;
    const char *name;
    const char *message;
} codes[] = {
    { OSTAT_ENOPROC, -1, "OSTAT_ENOPROC", "no such process" },
    { OSTAT_ENOPROC_ZOMBIE, -257, "OSTAT_ENOPROC_ZOMBIE",
      "process is a zombie" },
    { OSTAT_EACCES, -2, "OSTAT_EACCES", "access denied" },
    { OSTAT_ETIMEDOUT, -3, "OSTAT_ETIMEDOUT", "timeout expired" },
    { OSTAT_ENOTSUP, -4, "OSTAT_ENOTSUP", "not supported on this system" },
    { OSTAT_EINVAL, -5, "OSTAT_EINVAL", "invalid argument" },
    { OSTAT_ENOMEM, -6, "OSTAT_ENOMEM", "out of memory" },
    { OSTAT_EBUFS, -7, "OSTAT_EBUFS", "buffer too small" },
    { OSTAT_EPARSE, -8, "OSTAT_EPARSE",
      "could not parse data from the operating system" },
    { OSTAT_EOS, -9, "OSTAT_EOS", "operating system error" },
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

/* Class and subclass, as ostat/error.h defines them: the low byte of -code
 * is the class, the bits above it the subclass. */
static int class_of(int code)
{
    return (-code) & 0xff;
}

static int subclass_of(int code)
{
    return (-code) >> 8;
}

START_TEST(test_code_values)
{
    size_t i;

    ck_assert_int_eq(OSTAT_OK, 0);
    for (i = 0; i < NCODES; i++) {
        ck_assert_msg(codes[i].code == codes[i].value, "%s is %d, want %d",
                      codes[i].name, codes[i].code, codes[i].value);
        ck_assert_int_lt(codes[i].code, 0);
    }
    ck_assert_int_eq(OSTAT_ENOPROC_ZOMBIE, -(1 | (1 << 8)));
}
END_TEST

START_TEST(test_names_and_messages)
{
    size_t i;

    for (i = 0; i < NCODES; i++) {
        ck_assert_str_eq(ostat_err_name(codes[i].code), codes[i].name);
        ck_assert_str_eq(ostat_strerror(codes[i].code), codes[i].message);
    }
    ck_assert_str_eq(ostat_err_name(OSTAT_OK), "OSTAT_OK");
    ck_assert_ptr_nonnull(ostat_strerror(OSTAT_OK));
    ck_assert_str_ne(ostat_strerror(OSTAT_OK), "unknown error");
    ck_assert_str_ne(ostat_strerror(OSTAT_OK), "");
}
END_TEST

/* The X-macro table in the header is the one source of names: every entry
 * has a distinct name, value and message. */
START_TEST(test_error_map_consistent)
{
#define UT_XX(name, value, msg) { OSTAT_##name, "OSTAT_" #name, msg },
    static const struct {
        int code;
        const char *name;
        const char *msg;
    } map[] = { OSTAT_ERROR_MAP(UT_XX) };
#undef UT_XX
    size_t n = sizeof(map) / sizeof(map[0]), i, j;

    ck_assert_uint_eq(n, NCODES);
    for (i = 0; i < n; i++) {
        ck_assert_str_eq(ostat_err_name(map[i].code), map[i].name);
        ck_assert_str_eq(ostat_strerror(map[i].code), map[i].msg);
        ck_assert_uint_gt(strlen(map[i].msg), 0);
        for (j = i + 1; j < n; j++) {
            ck_assert_int_ne(map[i].code, map[j].code);
            ck_assert_str_ne(map[i].name, map[j].name);
        }
        /* A subclass's class is itself a code. */
        if (subclass_of(map[i].code) != 0) {
            ck_assert_str_ne(ostat_err_name(-class_of(map[i].code)),
                             "OSTAT_EUNKNOWN");
        }
    }
}
END_TEST

START_TEST(test_unknown_codes)
{
    static const int unknown[] = {
        -10, -100,    -256,    -258, -513,   -1000,          1,
        42,  INT_MAX, INT_MIN, -255, -65536, -(4 | (7 << 8))
    };
    size_t i;

    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        ck_assert_msg(strcmp(ostat_err_name(unknown[i]), "OSTAT_EUNKNOWN") == 0,
                      "ostat_err_name(%d) = %s", unknown[i],
                      ostat_err_name(unknown[i]));
        ck_assert_msg(strcmp(ostat_strerror(unknown[i]), "unknown error") == 0,
                      "ostat_strerror(%d) = %s", unknown[i],
                      ostat_strerror(unknown[i]));
    }
}
END_TEST

START_TEST(test_hierarchy)
{
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC), 1);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC, OSTAT_ENOPROC_ZOMBIE), 0);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC, OSTAT_ENOPROC), 1);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC_ZOMBIE),
                     1);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_EACCES), 0);
    ck_assert_int_eq(ostat_err_is(OSTAT_EACCES, OSTAT_ENOPROC), 0);
    ck_assert_int_eq(ostat_err_is(OSTAT_EINVAL, OSTAT_EBUFS), 0);
    ck_assert_int_eq(ostat_err_is(0, 0), 1);
    ck_assert_int_eq(ostat_err_is(0, OSTAT_ENOPROC), 0);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC, 0), 0);
    ck_assert_int_eq(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, 0), 0);
    /* A subclass added by a later release is still its class. */
    ck_assert_int_eq(ostat_err_is(-(1 | (2 << 8)), OSTAT_ENOPROC), 1);
    ck_assert_int_eq(ostat_err_is(-(1 | (2 << 8)), OSTAT_ENOPROC_ZOMBIE), 0);
    ck_assert_int_eq(ostat_err_is(-(2 | (1 << 8)), OSTAT_ENOPROC), 0);
}
END_TEST

/* Every pair of known codes: a code is its own class, a subclass is its
 * class, and nothing else matches. */
START_TEST(test_hierarchy_matrix)
{
    size_t i, j;

    for (i = 0; i < NCODES; i++) {
        for (j = 0; j < NCODES; j++) {
            int a = codes[i].code, b = codes[j].code;
            int want =
                a == b || (subclass_of(b) == 0 && class_of(a) == class_of(b));

            ck_assert_msg(ostat_err_is(a, b) == want,
                          "ostat_err_is(%s, %s) = %d, want %d", codes[i].name,
                          codes[j].name, ostat_err_is(a, b), want);
        }
        ck_assert_int_eq(ostat_err_is(codes[i].code, 0), 0);
        ck_assert_int_eq(ostat_err_is(0, codes[i].code), 0);
    }
}
END_TEST

START_TEST(test_error_last_after_failure)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    const ostat_error *e;
    ostat_ctx *ctx = NULL;
    double pct;

    ostat_error_clear();
    ck_assert_ptr_null(ostat_error_last());

    /* An argument error that concerns a path names it in where. */
    opts.procfs_root = "relative/proc";
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), OSTAT_EINVAL);
    ck_assert_ptr_null(ctx);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OSTAT_EINVAL);
    ck_assert_int_eq(e->os_errno, 0);
    ck_assert_int_eq(e->pid, -1);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_uint_gt(strlen(e->message), 0);
    ck_assert_ptr_nonnull(strstr(e->message, "procfs_root"));
    ck_assert_ptr_nonnull(e->where);
    ck_assert_str_eq(e->where, "relative/proc");

    /* One that concerns no path has where "", never NULL. */
    ctx = ut_fixture_ctx();
    ut_assert_rc(ostat_cpu_percent(ctx, -1.0, &pct), OSTAT_EINVAL);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OSTAT_EINVAL);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_uint_gt(strlen(e->message), 0);
    ck_assert_ptr_nonnull(e->where);
    ck_assert_str_eq(e->where, "");
    ostat_ctx_free(ctx);
}
END_TEST

/* An OS error keeps errno and names the file. */
START_TEST(test_error_last_os_error)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    const ostat_error *e;
    ostat_ctx *ctx = NULL;
    char missing[4200];
    int rc;

    snprintf(missing, sizeof(missing), "%s/no-such-proc", ut_fixture_root());
    opts.procfs_root = missing;
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);
    ostat_error_clear();
    rc = ostat_cpu_times(ctx, &t);
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ut_assert_rc(rc, OSTAT_ENOTSUP);
        return;
    }
    ck_assert_int_lt(rc, 0);
    ck_assert_uint_eq(t.valid, 0);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, rc);
    ck_assert_int_eq(e->os_errno, ENOENT);
    ck_assert_msg(strncmp(e->where, missing, strlen(missing)) == 0,
                  "where is \"%s\", want a path under %s", e->where, missing);
}
END_TEST

START_TEST(test_error_clear_and_success)
{
    char buf[2];
    size_t len = sizeof(buf);
    char ok[16];
    size_t oklen = sizeof(ok);

    ostat_error_clear();
    ut_assert_rc(ostat_bytes2human(1024, buf, &len), OSTAT_EBUFS);
    ck_assert_ptr_nonnull(ostat_error_last());
    ck_assert_int_eq(ostat_error_last()->code, OSTAT_EBUFS);
    /* A successful call leaves the detail alone. */
    ut_assert_rc(ostat_bytes2human(1024, ok, &oklen), 0);
    ck_assert_uint_eq(ostat_version(), OSTAT_VERSION_NUMBER);
    ck_assert_ptr_nonnull(ostat_error_last());
    ck_assert_int_eq(ostat_error_last()->code, OSTAT_EBUFS);
    /* A later failure replaces it. */
    ut_assert_rc(ostat_ctx_oneshot_end(NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_error_last()->code, OSTAT_EINVAL);
    ostat_error_clear();
    ck_assert_ptr_null(ostat_error_last());
    ostat_error_clear();
    ck_assert_ptr_null(ostat_error_last());
}
END_TEST

/*
 * ostat/error.h: "Successful calls do not clear it". The Linux backend
 * swallows expected errors on the way (no pswpin in vmstat, no zoneinfo, a
 * CPU without topology or cpufreq files); a call that still succeeds must
 * leave the caller's earlier detail as it was.
 */
START_TEST(test_success_keeps_error_detail)
{
    static const char vmstat[] = "nr_free_pages 1234\n";
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    int32_t n = 0;
    char *dir;
    int rc;

    if (!UT_HAVE_BACKEND) {
        return; /* every metric fails, so none can show this */
    }
    dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(dir);
    ck_assert_int_eq(
        ut_write_file(dir, "proc/vmstat", vmstat, sizeof(vmstat) - 1), 0);
    opts.host_prefix = dir;
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);

    ostat_error_clear();
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), OSTAT_EINVAL);
    ut_assert_rc(ostat_swap_memory(ctx, &sw), 0);
    ck_assert_uint_eq(sw.valid & OSTAT_SWAP_MEMORY_SIN, 0);
    ck_assert_msg(ostat_error_last() != NULL &&
                      ostat_error_last()->code == OSTAT_EINVAL,
                  "a successful ostat_swap_memory() cleared the thread's "
                  "error detail");
    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);

    /* Physical cores of this machine, where it can tell. */
    ut_assert_rc(ostat_ctx_oneshot_end(NULL), OSTAT_EINVAL);
    rc = ostat_cpu_count(NULL, 0, &n);
    if (rc == 0) {
        ck_assert_msg(ostat_error_last() != NULL &&
                          ostat_error_last()->code == OSTAT_EINVAL,
                      "a successful ostat_cpu_count(logical = 0) cleared "
                      "the thread's error detail");
    }
}
END_TEST

struct thread_result {
    const ostat_error *at_start;
    const ostat_error *after;
    int code;
    char message[256];
};

static void *other_thread(void *arg)
{
    struct thread_result *r = arg;
    char buf[1];
    size_t len = sizeof(buf);

    r->at_start = ostat_error_last();
    ostat_bytes2human(123456789, buf, &len); /* OSTAT_EBUFS */
    r->after = ostat_error_last();
    if (r->after != NULL) {
        r->code = r->after->code;
        snprintf(r->message, sizeof(r->message), "%s", r->after->message);
    }
    return NULL;
}

START_TEST(test_error_thread_local)
{
    struct thread_result r;
    const ostat_error *mine;
    char message[256];
    pthread_t th;

    memset(&r, 0, sizeof(r));
    ostat_error_clear();
    ut_assert_rc(ostat_cpu_percent(NULL, 0, &(double){ 0 }), OSTAT_EINVAL);
    mine = ostat_error_last();
    ck_assert_ptr_nonnull(mine);
    snprintf(message, sizeof(message), "%s", mine->message);

    ck_assert_int_eq(pthread_create(&th, NULL, other_thread, &r), 0);
    ck_assert_int_eq(pthread_join(th, NULL), 0);

    /* The other thread did not see this thread's error ... */
    ck_assert_ptr_null(r.at_start);
    ck_assert_ptr_nonnull(r.after);
    ck_assert_int_eq(r.code, OSTAT_EBUFS);
    ck_assert_ptr_ne(r.after, mine);
    /* ... and its own error did not replace this one. */
    ck_assert_ptr_eq(ostat_error_last(), mine);
    ck_assert_int_eq(ostat_error_last()->code, OSTAT_EINVAL);
    ck_assert_str_eq(ostat_error_last()->message, message);
    ck_assert_str_ne(r.message, message);
}
END_TEST

TCase *ut_errors_tcase(void)
{
    TCase *tc = tcase_create("errors");

    tcase_add_test(tc, test_code_values);
    tcase_add_test(tc, test_names_and_messages);
    tcase_add_test(tc, test_error_map_consistent);
    tcase_add_test(tc, test_unknown_codes);
    tcase_add_test(tc, test_hierarchy);
    tcase_add_test(tc, test_hierarchy_matrix);
    tcase_add_test(tc, test_error_last_after_failure);
    tcase_add_test(tc, test_error_last_os_error);
    tcase_add_test(tc, test_error_clear_and_success);
    tcase_add_test(tc, test_success_keeps_error_detail);
    tcase_add_test(tc, test_error_thread_local);
    return tc;
}
