/* SPDX-License-Identifier: MIT */
/* ctx.c: context options (validation, older and newer option structs),
 * oneshot sections and the log callback. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/* Something that is not a valid context, to see that failures reset *out. */
#define NOT_A_CTX ((ostat_ctx *)(void *)&sentinel)
static int sentinel;

static int ctx_new_rc(const ostat_ctx_options *opts)
{
    ostat_ctx *ctx = NOT_A_CTX;
    int rc = ostat_ctx_new(opts, &ctx);

    if (rc == 0) {
        ck_assert_ptr_nonnull(ctx);
        ck_assert_ptr_ne(ctx, NOT_A_CTX);
        ostat_ctx_free(ctx);
    } else {
        ck_assert_ptr_null(ctx);
    }
    return rc;
}

START_TEST(test_ctx_new_defaults)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;

    ut_assert_rc(ctx_new_rc(NULL), 0);
    ut_assert_rc(ctx_new_rc(&opts), 0);
    ut_assert_rc(ostat_ctx_new(NULL, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_new(&opts, NULL), OSTAT_EINVAL);
}
END_TEST

START_TEST(test_ctx_options_init_macro)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;

    ck_assert_uint_eq(opts.size, sizeof(ostat_ctx_options));
    ck_assert_uint_eq(opts.flags, 0);
    ck_assert_ptr_null(opts.procfs_root);
    ck_assert_ptr_null(opts.sysfs_root);
    ck_assert_ptr_null(opts.host_prefix);
}
END_TEST

START_TEST(test_ctx_new_paths)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;

    opts.procfs_root = "proc";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.procfs_root = "./proc";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.procfs_root = "";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.procfs_root = "/proc/";
    ut_assert_rc(ctx_new_rc(&opts), 0);

    opts.sysfs_root = "sys/";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.sysfs_root = "";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.sysfs_root = "/sys";
    ut_assert_rc(ctx_new_rc(&opts), 0);

    opts.host_prefix = "host";
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.host_prefix = "";
    ut_assert_rc(ctx_new_rc(&opts), 0);
    opts.host_prefix = "/";
    ut_assert_rc(ctx_new_rc(&opts), 0);
    opts.host_prefix = "/host/";
    ut_assert_rc(ctx_new_rc(&opts), 0);
}
END_TEST

START_TEST(test_ctx_new_flags)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;

    opts.flags = 1;
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.flags = 0x80000000u;
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.flags = 0;
    ut_assert_rc(ctx_new_rc(&opts), 0);
}
END_TEST

START_TEST(test_ctx_new_size)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;

    opts.size = 0;
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.size = 1;
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
    opts.size = (uint32_t)sizeof(uint32_t);
    ut_assert_rc(ctx_new_rc(&opts), OSTAT_EINVAL);
}
END_TEST

/* Options as a header with only the first two fields declared them. */
struct old_options {
    uint32_t size;
    uint32_t flags;
};

struct old_options_guarded {
    struct old_options o;
    unsigned char guard[32];
};

/* Options as a later header might declare them. */
struct new_options {
    ostat_ctx_options base;
    const char *future_path;
    uint64_t future_bits;
};

START_TEST(test_ctx_options_init_older)
{
    struct old_options_guarded w;
    size_t i;

    ck_assert_uint_eq(offsetof(struct old_options_guarded, guard), sizeof(w.o));
    memset(&w, 0xA5, sizeof(w));
    ut_assert_rc(
        ostat_ctx_options_init((ostat_ctx_options *)(void *)&w.o, sizeof(w.o)),
        0);
    ck_assert_uint_eq(w.o.size, sizeof(w.o));
    ck_assert_uint_eq(w.o.flags, 0);
    for (i = 0; i < sizeof(w.guard); i++) {
        ck_assert_msg(w.guard[i] == 0xA5, "byte %zu past the struct written",
                      i);
    }
    /* A context accepts the older options and uses the defaults. */
    ut_assert_rc(ctx_new_rc((const ostat_ctx_options *)(void *)&w.o), 0);

    /* Just the size field still fits. */
    memset(&w, 0xA5, sizeof(w));
    ut_assert_rc(ostat_ctx_options_init((ostat_ctx_options *)(void *)&w.o,
                                        sizeof(uint32_t)),
                 0);
    ck_assert_uint_eq(w.o.size, sizeof(uint32_t));
    for (i = sizeof(uint32_t); i < sizeof(w); i++) {
        ck_assert_msg(((unsigned char *)&w)[i] == 0xA5,
                      "byte %zu past the size written", i);
    }
}
END_TEST

START_TEST(test_ctx_options_init_newer)
{
    struct new_options n;

    memset(&n, 0xAA, sizeof(n));
    ut_assert_rc(ostat_ctx_options_init(&n.base, sizeof(n)), 0);
    ck_assert_uint_eq(n.base.size, sizeof(n));
    ck_assert_uint_eq(n.base.flags, 0);
    ck_assert_ptr_null(n.base.procfs_root);
    ck_assert_ptr_null(n.base.sysfs_root);
    ck_assert_ptr_null(n.base.host_prefix);
    ck_assert_ptr_null(n.future_path);
    ck_assert_uint_eq(n.future_bits, 0);
    ut_assert_rc(ctx_new_rc(&n.base), 0);
}
END_TEST

START_TEST(test_ctx_options_init_bad)
{
    ostat_ctx_options opts;

    memset(&opts, 0xA5, sizeof(opts));
    ut_assert_rc(ostat_ctx_options_init(NULL, sizeof(opts)), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_options_init(&opts, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_options_init(&opts, sizeof(uint32_t) - 1),
                 OSTAT_EINVAL);
    ck_assert_uint_eq(opts.flags, 0xA5A5A5A5u); /* left alone */
    ut_assert_rc(ostat_ctx_options_init(&opts, sizeof(opts)), 0);
    ck_assert_uint_eq(opts.size, sizeof(opts));
    ck_assert_uint_eq(opts.flags, 0);
    ck_assert_ptr_null(opts.procfs_root);
    ck_assert_ptr_null(opts.sysfs_root);
    ck_assert_ptr_null(opts.host_prefix);
}
END_TEST

START_TEST(test_ctx_free_null)
{
    ostat_ctx_free(NULL);
}
END_TEST

START_TEST(test_oneshot_balance)
{
    ostat_ctx *ctx = ut_fixture_ctx();

    ut_assert_rc(ostat_ctx_oneshot_begin(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_oneshot_end(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), OSTAT_EINVAL);

    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), OSTAT_EINVAL);

    /* Nested sections. */
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), OSTAT_EINVAL);

    /* The context is still usable, and freeing inside a section is fine. */
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ostat_ctx_free(ctx);
}
END_TEST

#define UT_STAT_CHANGED                                                        \
    "cpu  2000 200 3000 40000 500 60 70 80 90 10\n"                            \
    "cpu0 1600 100 1500 20000 250 30 35 40 45 5\n"                             \
    "cpu1 400 100 1500 20000 250 30 35 40 45 5\n"                              \
    "ctxt 67890\n"                                                             \
    "btime 1700000000\n"

/* Inside a section /proc/stat is read once; after the outermost end, it is
 * read again. */
START_TEST(test_oneshot_caches_reads)
{
    struct ostat_cpu_times a = OSTAT_CPU_TIMES_INIT, b = OSTAT_CPU_TIMES_INIT;
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    double tck = ut_clk_tck();
    ostat_ctx *ctx = NULL;
    char *dir;

    if (!UT_HAVE_BACKEND) {
        return;
    }
    dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(dir);
    opts.host_prefix = dir;
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);

    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_cpu_times(ctx, &a), 0);
    ck_assert_double_eq(a.user, 1000 / tck);
    ck_assert_int_eq(ut_write_file(dir, "proc/stat", UT_STAT_CHANGED,
                                   sizeof(UT_STAT_CHANGED) - 1),
                     0);
    ut_assert_rc(ostat_cpu_times(ctx, &b), 0);
    ck_assert_double_eq(b.user, 1000 / tck);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);
    /* Still inside the outer section. */
    ut_assert_rc(ostat_cpu_times(ctx, &b), 0);
    ck_assert_double_eq(b.user, 1000 / tck);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);

    ut_assert_rc(ostat_cpu_times(ctx, &b), 0);
    ck_assert_double_eq(b.user, 2000 / tck);

    /* A new section reads afresh. */
    ck_assert_int_eq(
        ut_write_file(dir, "proc/stat", UT_STAT, sizeof(UT_STAT) - 1), 0);
    ut_assert_rc(ostat_ctx_oneshot_begin(ctx), 0);
    ut_assert_rc(ostat_cpu_times(ctx, &b), 0);
    ck_assert_double_eq(b.user, 1000 / tck);
    ut_assert_rc(ostat_ctx_oneshot_end(ctx), 0);

    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);
}
END_TEST

struct log_seen {
    int calls;
    int32_t level;
    char first[256];
};

static void on_log(int32_t level, const char *message, void *payload)
{
    struct log_seen *s = payload;

    if (s->calls++ == 0) {
        s->level = level;
        strncpy(s->first, message ? message : "(null)", sizeof(s->first) - 1);
    }
}

/* The library reports through the callback only when one is set. A
 * meminfo without Buffers/Cached/Shmem makes the Linux backend warn. */
START_TEST(test_log_callback)
{
    static const char meminfo[] = "MemTotal: 1000 kB\n"
                                  "MemFree: 400 kB\n"
                                  "MemAvailable: 500 kB\n";
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    struct log_seen seen;
    ostat_ctx *ctx = NULL;
    char *dir;

    ostat_ctx_set_log(NULL, on_log, NULL);
    ostat_ctx_set_log(NULL, NULL, NULL);
    if (!UT_HAVE_BACKEND) {
        return;
    }
    memset(&seen, 0, sizeof(seen));
    dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(dir);
    ck_assert_int_eq(
        ut_write_file(dir, "proc/meminfo", meminfo, sizeof(meminfo) - 1), 0);
    opts.host_prefix = dir;
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);

    ut_assert_rc(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_int_eq(seen.calls, 0);

    ostat_ctx_set_log(ctx, on_log, &seen);
    ut_assert_rc(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_int_gt(seen.calls, 0);
    ck_assert_int_eq(seen.level, OSTAT_LOG_WARNING);
    ck_assert_uint_gt(strlen(seen.first), 0);
    ck_assert_uint_eq(vm.total, 1000 * 1024);
    ck_assert_uint_eq(vm.available, 500 * 1024);
    ck_assert_uint_eq(vm.valid & OSTAT_VIRTUAL_MEMORY_BUFFERS, 0);

    seen.calls = 0;
    ostat_ctx_set_log(ctx, NULL, NULL);
    ut_assert_rc(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_int_eq(seen.calls, 0);

    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);
}
END_TEST

TCase *ut_ctx_tcase(void)
{
    TCase *tc = tcase_create("ctx");

    tcase_add_test(tc, test_ctx_new_defaults);
    tcase_add_test(tc, test_ctx_options_init_macro);
    tcase_add_test(tc, test_ctx_new_paths);
    tcase_add_test(tc, test_ctx_new_flags);
    tcase_add_test(tc, test_ctx_new_size);
    tcase_add_test(tc, test_ctx_options_init_older);
    tcase_add_test(tc, test_ctx_options_init_newer);
    tcase_add_test(tc, test_ctx_options_init_bad);
    tcase_add_test(tc, test_ctx_free_null);
    tcase_add_test(tc, test_oneshot_balance);
    tcase_add_test(tc, test_oneshot_caches_reads);
    tcase_add_test(tc, test_log_callback);
    return tc;
}
