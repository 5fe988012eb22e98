/* SPDX-License-Identifier: MIT */
/* test_malformed.c: files the backend cannot make sense of give
 * OSTAT_EPARSE with a detail naming the file (and the line when known),
 * never a crash or a made-up value. The trees are in
 * tests/fixtures/linux/malformed/<case>/. */
#include "fx.h"

/* FIXTURES/malformed/@name/@sub into @out (FX_PATH_MAX bytes). */
static void case_dir(char *out, const char *name, const char *sub)
{
    snprintf(out, FX_PATH_MAX, "%s/malformed/%s%s%s", FIXTURES, name,
             sub[0] ? "/" : "", sub);
}

static ostat_ctx *case_ctx(const char *name)
{
    char dir[FX_PATH_MAX];

    case_dir(dir, name, "");
    return fx_ctx_at(dir);
}

/* Check an EPARSE from procfs file @rel of case @name. */
static void
expect_proc_parse(int rc, const char *name, const char *rel, int line)
{
    char root[FX_PATH_MAX];

    case_dir(root, name, "proc");
    fx_check_error(rc, OSTAT_EPARSE, root, rel, line);
}

static void expect_sys_parse(int rc, const char *name, const char *rel)
{
    char root[FX_PATH_MAX];

    case_dir(root, name, "sys");
    fx_check_error(rc, OSTAT_EPARSE, root, rel, 1);
}

/* ---- /proc/stat ------------------------------------------------------------
 */

START_TEST(stat_truncated)
{
    ostat_ctx *ctx = case_ctx("stat-truncated");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *l = (ostat_list *)&t;
    double pct = -1;
    int32_t n = -1;

    /* "cpu  12 34" without a newline: two of at least four columns. */
    ostat_error_clear();
    t.valid = ~(uint64_t)0;
    expect_proc_parse(ostat_cpu_times(ctx, &t), "stat-truncated", "stat", 1);
    ck_assert_uint_eq(t.valid, 0);
    /* The per-CPU read skips the total line and finds no cpuN line. */
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times_percpu(ctx, &l), "stat-truncated", "stat",
                      0);
    ck_assert_ptr_null(l);
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_percent(ctx, 0, &pct), "stat-truncated", "stat",
                      1);
    ck_assert_close(pct, -1.0);
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times_percent(ctx, 0, &t), "stat-truncated",
                      "stat", 1);
    /* Counting falls back to the cpuN lines, of which there are none. */
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_count(ctx, 1, &n), "stat-truncated", "stat", 0);
    ck_assert_int_eq(n, -1);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(stat_truncated_percpu)
{
    ostat_ctx *ctx = case_ctx("stat-truncated-percpu");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *l = NULL;

    /* cpu  200 10 100 4000 20 0 5 0 0 0 / cpu0 12 34 */
    ck_assert_int_eq(ostat_cpu_times(ctx, &t), 0);
    ck_assert_close(t.user, 200 / fx_tck());
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times_percpu(ctx, &l), "stat-truncated-percpu",
                      "stat", 2);
    ck_assert_ptr_null(l);
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_percent_percpu(ctx, 0, &l),
                      "stat-truncated-percpu", "stat", 2);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(stat_empty)
{
    ostat_ctx *ctx = case_ctx("stat-empty");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;
    double bt = -1;

    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times(ctx, &t), "stat-empty", "stat", 0);
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_stats(ctx, &s), "stat-empty", "stat", 0);
    ostat_error_clear();
    expect_proc_parse(ostat_boot_time(ctx, &bt), "stat-empty", "stat", 0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(stat_overflow)
{
    ostat_ctx *ctx = case_ctx("stat-overflow");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;

    /* cpu  99999999999999999999999 0 0 ...: more than 2^64 - 1 */
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times(ctx, &t), "stat-overflow", "stat", 1);
    /* The other lines are fine: ctxt 1 */
    ck_assert_int_eq(ostat_cpu_stats(ctx, &s), 0);
    ck_assert_uint_eq(s.ctx_switches, 1);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(stat_bad_cpu_number)
{
    ostat_ctx *ctx = case_ctx("stat-bad-cpu-number");
    ostat_list *l = NULL;

    /* line 3: cpu99999999999999999999999 1 2 ... */
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_times_percpu(ctx, &l), "stat-bad-cpu-number",
                      "stat", 3);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(stat_garbage)
{
    /* Binary bytes with no cpu line, written at run time so that the
     * fixture tree stays text. */
    static const unsigned char junk[] = {
        0x7f, 'E',  'L',  'F',  0x02, 0x01, 0x01, 0x00, 0x00, 0xff,
        0xfe, '\n', 0xc3, 0x28, 'c',  'p',  0x00, 'u',  ' ',  '1',
        0x80, '\n', 0xa0, 0xa1, '\t', 0xe2, 0x82, '\n', 0x00, 0x01,
    };
    char dir[FX_PATH_MAX], root[FX_PATH_MAX + 8];
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write_bytes(dir, "proc/stat", junk, sizeof(junk));
    ctx = fx_ctx_at(dir);
    snprintf(root, sizeof(root), "%s/proc", dir);
    ostat_error_clear();
    fx_check_error(ostat_cpu_times(ctx, &t), OSTAT_EPARSE, root, "stat", 0);
    ostat_error_clear();
    fx_check_error(ostat_cpu_times_percpu(ctx, &l), OSTAT_EPARSE, root, "stat",
                   0);
    ostat_error_clear();
    fx_check_error(ostat_cpu_stats(ctx, &s), OSTAT_EPARSE, root, "stat", 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- /proc/meminfo ---------------------------------------------------------
 */

START_TEST(meminfo_abc)
{
    ostat_ctx *ctx = case_ctx("meminfo-abc");
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;

    /* MemTotal: abc kB */
    ostat_error_clear();
    vm.valid = ~(uint64_t)0;
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-abc", "meminfo",
                      1);
    ck_assert_uint_eq(vm.valid, 0);
    ostat_error_clear();
    expect_proc_parse(ostat_swap_memory(ctx, &sw), "meminfo-abc", "meminfo", 1);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(meminfo_no_memtotal)
{
    ostat_ctx *ctx = case_ctx("meminfo-no-memtotal");
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;

    ostat_error_clear();
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-no-memtotal",
                      "meminfo", 0);
    ck_assert_ptr_nonnull(strstr(ostat_error_last()->message, "MemTotal"));
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(meminfo_empty)
{
    ostat_ctx *ctx = case_ctx("meminfo-empty");
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;

    ostat_error_clear();
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-empty",
                      "meminfo", 0);
    /* A recorded tree never falls back to this machine's sysinfo(). */
    ostat_error_clear();
    expect_proc_parse(ostat_swap_memory(ctx, &sw), "meminfo-empty", "meminfo",
                      0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(meminfo_overflow)
{
    ostat_ctx *ctx = case_ctx("meminfo-overflow");
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;

    /* line 2: MemFree: 99999999999999999999999 kB */
    ostat_error_clear();
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-overflow",
                      "meminfo", 2);
    ostat_ctx_free(ctx);

    /* MemTotal: 18014398509481984 kB fits in 64 bits, but not once
     * multiplied by 1024 (2^54 * 2^10). */
    ctx = case_ctx("meminfo-kb-overflow");
    ostat_error_clear();
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-kb-overflow",
                      "meminfo", 1);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(meminfo_trailing_junk)
{
    ostat_ctx *ctx = case_ctx("meminfo-trailing-junk");
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;

    /* line 3: Cached: 1000000 kB of which dirty */
    ostat_error_clear();
    expect_proc_parse(ostat_virtual_memory(ctx, &vm), "meminfo-trailing-junk",
                      "meminfo", 3);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(vmstat_garbage)
{
    ostat_ctx *ctx = case_ctx("vmstat-garbage");
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;

    /* line 4: "pswpin 12x" */
    ostat_error_clear();
    sw.valid = ~(uint64_t)0;
    expect_proc_parse(ostat_swap_memory(ctx, &sw), "vmstat-garbage", "vmstat",
                      4);
    ck_assert_uint_eq(sw.valid, 0);
    /* virtual_memory does not read vmstat. */
    ck_assert_int_eq(ostat_virtual_memory(ctx, &vm), 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- /proc/loadavg, /proc/pressure ---------------------------------------
 */

START_TEST(loadavg_garbage)
{
    ostat_ctx *ctx = case_ctx("loadavg-garbage");
    struct ostat_loadavg la = OSTAT_LOADAVG_INIT;

    /* "load: high" */
    ostat_error_clear();
    expect_proc_parse(ostat_getloadavg(ctx, &la), "loadavg-garbage", "loadavg",
                      1);
    ck_assert_uint_eq(la.valid, 0);
    ostat_ctx_free(ctx);

    /* "0.52 0.58": the third average is missing. */
    ctx = case_ctx("loadavg-short");
    ostat_error_clear();
    expect_proc_parse(ostat_getloadavg(ctx, &la), "loadavg-short", "loadavg",
                      1);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(pressure_bad)
{
    ostat_ctx *ctx = case_ctx("pressure-bad-keyword");
    struct ostat_pressure p = OSTAT_PRESSURE_INIT;

    /* line 2: "fill avg10=..." */
    ostat_error_clear();
    expect_proc_parse(ostat_pressure(ctx, OSTAT_PRESSURE_CPU, &p),
                      "pressure-bad-keyword", "pressure/cpu", 2);
    ck_assert_uint_eq(p.valid, 0);
    ostat_ctx_free(ctx);

    /* "some avg10=0.00 avg60=0.00 avg300=0.00 total=abc" */
    ctx = case_ctx("pressure-bad-number");
    ostat_error_clear();
    expect_proc_parse(ostat_pressure(ctx, OSTAT_PRESSURE_IO, &p),
                      "pressure-bad-number", "pressure/io", 1);
    ostat_ctx_free(ctx);

    /* An empty file has neither line. */
    ctx = case_ctx("pressure-empty");
    ostat_error_clear();
    expect_proc_parse(ostat_pressure(ctx, OSTAT_PRESSURE_MEMORY, &p),
                      "pressure-empty", "pressure/memory", 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- cpuinfo and the cpu sysfs tree ----------------------------------------
 */

START_TEST(cpuinfo_bad_mhz)
{
    ostat_ctx *ctx = case_ctx("cpuinfo-bad-mhz");
    struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
    ostat_list *l = NULL;
    int32_t n = 0;

    /* line 7: "cpu MHz : xyz" */
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_freq(ctx, &f), "cpuinfo-bad-mhz", "cpuinfo", 7);
    ostat_error_clear();
    expect_proc_parse(ostat_cpu_freq_percpu(ctx, &l), "cpuinfo-bad-mhz",
                      "cpuinfo", 7);
    ck_assert_ptr_null(l);
    /* Counting does not need the MHz lines: two processors. */
    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &n), 0);
    ck_assert_int_eq(n, 2);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(sysfs_online_bad)
{
    static const char *const cases[] = {
        "sysfs-online-reversed", /* 3-1 */
        "sysfs-online-overflow", /* 0-99999999999999999999999 */
        "sysfs-online-garbage",  /* 0-3,x */
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ostat_ctx *ctx = case_ctx(cases[i]);
        struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
        int32_t n = -1;

        ostat_error_clear();
        expect_sys_parse(ostat_cpu_count(ctx, 1, &n), cases[i],
                         "devices/system/cpu/online");
        ck_assert_int_eq(n, -1);
        ostat_error_clear();
        expect_sys_parse(ostat_cpu_freq(ctx, &f), cases[i],
                         "devices/system/cpu/online");
        ostat_ctx_free(ctx);
    }
}
END_TEST

static Suite *malformed_suite(void)
{
    Suite *s = suite_create("linux-malformed");
    TCase *tc;

    tc = tcase_create("stat");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, stat_truncated);
    tcase_add_test(tc, stat_truncated_percpu);
    tcase_add_test(tc, stat_empty);
    tcase_add_test(tc, stat_overflow);
    tcase_add_test(tc, stat_bad_cpu_number);
    tcase_add_test(tc, stat_garbage);
    suite_add_tcase(s, tc);

    tc = tcase_create("meminfo");
    tcase_add_test(tc, meminfo_abc);
    tcase_add_test(tc, meminfo_no_memtotal);
    tcase_add_test(tc, meminfo_empty);
    tcase_add_test(tc, meminfo_overflow);
    tcase_add_test(tc, meminfo_trailing_junk);
    tcase_add_test(tc, vmstat_garbage);
    suite_add_tcase(s, tc);

    tc = tcase_create("other");
    tcase_add_test(tc, loadavg_garbage);
    tcase_add_test(tc, pressure_bad);
    tcase_add_test(tc, cpuinfo_bad_mhz);
    tcase_add_test(tc, sysfs_online_bad);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(malformed_suite());
}
