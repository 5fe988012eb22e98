/* SPDX-License-Identifier: MIT */
/* test_system.c: boot time, uptime, pressure stall information and the C
 * heap of this machine against /proc, uptime, who and vmstat; and the NULL
 * context. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "live.h"

#if defined(__SANITIZE_ADDRESS__)
#define LIVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIVE_ASAN 1
#endif
#endif

/* ---- boot time and uptime ------------------------------------------------ */

static uint64_t proc_btime(void)
{
    char *stat = live_read_file("/proc/stat");
    uint64_t v = 0;

    ck_assert_ptr_nonnull(stat);
    ck_assert_msg(live_key_u64(stat, "btime", &v) == 0, "no btime");
    free(stat);
    return v;
}

START_TEST(boot_time_vs_proc_stat)
{
    ostat_ctx *ctx = live_ctx();
    double bt = 0;
    uint64_t btime;

    ck_assert_int_eq(ostat_boot_time(ctx, &bt), 0);
    btime = proc_btime();
    ostat_ctx_free(ctx);
    /* btime is whole seconds: |diff| < 1.5 s. */
    ck_assert_msg(fabs(bt - (double)btime) < 1.5, "ostat %.3f, btime %" PRIu64,
                  bt, btime);
}
END_TEST

START_TEST(boot_time_vs_vmstat)
{
    ostat_ctx *ctx;
    double bt = 0;
    uint64_t v;
    char *out;

    if (!live_have_tool("vmstat")) {
        return; /* procps is not installed */
    }
    out = live_run("vmstat -s");
    ck_assert_msg(out != NULL, "vmstat -s failed");
    ck_assert_int_eq(live_vmstat_s(out, "boot time", &v), 0);
    free(out);
    ctx = live_ctx();
    ck_assert_int_eq(ostat_boot_time(ctx, &bt), 0);
    ostat_ctx_free(ctx);
    /* vmstat prints btime, whole seconds: |diff| < 1.5 s. */
    ck_assert_msg(fabs(bt - (double)v) < 1.5, "ostat %.3f, vmstat %" PRIu64, bt,
                  v);
}
END_TEST

START_TEST(boot_time_vs_uptime_s)
{
    ostat_ctx *ctx;
    struct tm tm;
    double bt = 0;
    time_t t;
    char *out;

    if (!live_have_tool("uptime")) {
        return; /* procps is not installed */
    }
    out = live_run("uptime -s");
    ck_assert_msg(out != NULL, "uptime -s failed");
    memset(&tm, 0, sizeof(tm));
    ck_assert_int_eq(sscanf(out, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon,
                            &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec),
                     6);
    free(out);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    t = mktime(&tm);
    ck_assert(t != (time_t)-1);
    ctx = live_ctx();
    ck_assert_int_eq(ostat_boot_time(ctx, &bt), 0);
    ostat_ctx_free(ctx);
    /* uptime -s prints local time to the second, computed from its own
     * clock and /proc/uptime: |diff| < 2 s. */
    ck_assert_msg(fabs(bt - (double)t) < 2.0, "ostat %.3f, uptime -s %lld", bt,
                  (long long)t);
}
END_TEST

START_TEST(boot_time_vs_who_b)
{
    ostat_ctx *ctx;
    struct stat st;
    struct tm tm;
    double bt = 0, best = -1;
    char *out, *p, mon[8] = "";
    int y, m, d, hh, mm, year;

    if (!live_have_tool("who") || stat(_PATH_UTMP, &st) != 0) {
        return; /* no who, or no utmp (containers) */
    }
    /* A utmp left from another boot (an image, a chroot) holds that boot's
     * record; only trust a file written during this boot. */
    if ((uint64_t)st.st_mtime < proc_btime()) {
        return;
    }
    out = live_run("who -b");
    if (out == NULL || (p = strstr(out, "system boot")) == NULL) {
        free(out);
        return; /* no boot record */
    }
    ctx = live_ctx();
    ck_assert_int_eq(ostat_boot_time(ctx, &bt), 0);
    ostat_ctx_free(ctx);
    /* "YYYY-MM-DD HH:MM", or "Mon DD HH:MM" without the year in the C
     * locale: then try the years around the boot and keep the closest. */
    if (sscanf(p + 11, " %d-%d-%d %d:%d", &y, &m, &d, &hh, &mm) != 5) {
        time_t b = (time_t)bt;

        ck_assert_msg(sscanf(p + 11, " %3s %d %d:%d", mon, &d, &hh, &mm) == 4 &&
                          (m = live_month(mon)) != 0,
                      "cannot parse: %s", live_flat(out));
        memset(&tm, 0, sizeof(tm));
        localtime_r(&b, &tm);
        y = tm.tm_year + 1900;
    }
    free(out);
    for (year = y - 1; year <= y + 1; year++) {
        time_t t;

        if (mon[0] == '\0' && year != y) {
            continue; /* the year was printed */
        }
        memset(&tm, 0, sizeof(tm));
        tm.tm_year = year - 1900;
        tm.tm_mon = m - 1;
        tm.tm_mday = d;
        tm.tm_hour = hh;
        tm.tm_min = mm;
        tm.tm_isdst = -1;
        t = mktime(&tm);
        ck_assert(t != (time_t)-1);
        if (best < 0 || fabs(bt - (double)t) < best) {
            best = fabs(bt - (double)t);
        }
    }
    /* who -b prints the boot record to the minute: |diff| < 61 s. */
    ck_assert_msg(best < 61.0, "ostat %.3f, who -b off by %.0f s", bt, best);
}
END_TEST

START_TEST(uptime_vs_proc)
{
    ostat_ctx *ctx = live_ctx();
    double up = -1, v = -1;
    char *s;

    ck_assert_int_eq(ostat_uptime(ctx, &up), 0);
    s = live_read_file("/proc/uptime");
    ostat_ctx_free(ctx);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sscanf(s, "%lf", &v), 1);
    free(s);
    /* /proc/uptime read right after: |diff| < 0.5 s. */
    ck_assert_msg(fabs(up - v) < 0.5, "ostat %.3f, /proc/uptime %.3f", up, v);
    ck_assert(up > 0);
}
END_TEST

/* ---- pressure ------------------------------------------------------------ */

struct psi {
    int have_some, have_full;
    double some[3], full[3];
    uint64_t some_total, full_total;
};

/* Parse /proc/pressure/<name>; 0, or -errno when it cannot be read. */
static int read_psi(const char *name, struct psi *p)
{
    char path[128], line[256];
    const char *pos;
    char *text;

    snprintf(path, sizeof(path), "/proc/pressure/%s", name);
    memset(p, 0, sizeof(*p));
    text = live_read_file(path);
    if (text == NULL) {
        return -(errno ? errno : EIO);
    }
    pos = text;
    while (live_next_line(&pos, line, sizeof(line))) {
        double a[3];
        uint64_t total;

        if (strlen(line) < 5 ||
            sscanf(line + 4, " avg10=%lf avg60=%lf avg300=%lf total=%" SCNu64,
                   &a[0], &a[1], &a[2], &total) != 4) {
            continue;
        }
        if (strncmp(line, "some", 4) == 0) {
            p->have_some = 1;
            memcpy(p->some, a, sizeof(a));
            p->some_total = total;
        } else if (strncmp(line, "full", 4) == 0) {
            p->have_full = 1;
            memcpy(p->full, a, sizeof(a));
            p->full_total = total;
        }
    }
    free(text);
    return 0;
}

static void check_pressure(int32_t res, const char *name)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_pressure pr = OSTAT_PRESSURE_INIT;
    struct psi a, b;
    int ra, rb, rc;

    ra = read_psi(name, &a);
    rc = ostat_pressure(ctx, res, &pr);
    rb = read_psi(name, &b);
    ostat_ctx_free(ctx);
    if (ra == -ENOENT || ra == -EOPNOTSUPP) {
        /* No PSI in this kernel, PSI turned off, or no such resource. */
        ck_assert_msg(rc == OSTAT_ENOTSUP, "%s: rc %d", name, rc);
        return;
    }
    if (ra == -EACCES || ra == -EPERM) {
        ck_assert_msg(rc == OSTAT_EACCES, "%s: rc %d", name, rc);
        return;
    }
    ck_assert_int_eq(ra, 0);
    ck_assert_int_eq(rb, 0);
    ck_assert_msg(rc == 0, "%s: rc %d", name, rc);
    /* Totals only grow: ostat's read lies between a read before and one
     * after (exact bracketing, microseconds). */
    if (a.have_some) {
        ck_assert(pr.valid & OSTAT_PRESSURE_SOME_TOTAL);
        ck_assert_msg(
            a.some_total <= pr.some_total && pr.some_total <= b.some_total,
            "%s some total %" PRIu64 " not in [%" PRIu64 ", %" PRIu64 "]", name,
            pr.some_total, a.some_total, b.some_total);
        /* Averages are percentages. */
        ck_assert(pr.some_avg10 >= 0 && pr.some_avg10 <= 100);
        ck_assert(pr.some_avg60 >= 0 && pr.some_avg60 <= 100);
        ck_assert(pr.some_avg300 >= 0 && pr.some_avg300 <= 100);
    } else {
        ck_assert(!(pr.valid & OSTAT_PRESSURE_SOME_TOTAL));
    }
    if (a.have_full) {
        ck_assert(pr.valid & OSTAT_PRESSURE_FULL_TOTAL);
        ck_assert_msg(
            a.full_total <= pr.full_total && pr.full_total <= b.full_total,
            "%s full total %" PRIu64 " not in [%" PRIu64 ", %" PRIu64 "]", name,
            pr.full_total, a.full_total, b.full_total);
        ck_assert(pr.full_avg10 >= 0 && pr.full_avg10 <= 100);
        ck_assert(pr.full_avg60 >= 0 && pr.full_avg60 <= 100);
        ck_assert(pr.full_avg300 >= 0 && pr.full_avg300 <= 100);
    } else {
        ck_assert(!(pr.valid & OSTAT_PRESSURE_FULL_TOTAL));
    }
}

START_TEST(pressure_cpu)
{
    check_pressure(OSTAT_PRESSURE_CPU, "cpu");
}
END_TEST

START_TEST(pressure_memory)
{
    check_pressure(OSTAT_PRESSURE_MEMORY, "memory");
}
END_TEST

START_TEST(pressure_io)
{
    check_pressure(OSTAT_PRESSURE_IO, "io");
}
END_TEST

START_TEST(pressure_irq)
{
    check_pressure(OSTAT_PRESSURE_IRQ, "irq");
}
END_TEST

/* ---- the C heap ---------------------------------------------------------- */

#define SMALL_BLOCKS 4096
#define SMALL_SIZE 1024 /* 4096 x 1 KiB = 4 MiB */
#define BIG_SIZE ((size_t)64 * 1024 * 1024)

START_TEST(heap_info_grows)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_heap_info h0 = OSTAT_HEAP_INFO_INIT, h1 = OSTAT_HEAP_INFO_INIT,
                           h2 = OSTAT_HEAP_INFO_INIT;
    static char *blocks[SMALL_BLOCKS];
    volatile char *big;
    int rc, i;

    rc = ostat_heap_info(ctx, &h0);
    if (rc == OSTAT_ENOTSUP) {
        ostat_ctx_free(ctx);
        return; /* not glibc */
    }
    ck_assert_int_eq(rc, 0);
    ck_assert(h0.valid & OSTAT_HEAP_INFO_HEAP_USED);
    ck_assert(h0.valid & OSTAT_HEAP_INFO_MMAP_USED);

    /* 4 MiB in small blocks, each touched and kept alive. */
    for (i = 0; i < SMALL_BLOCKS; i++) {
        blocks[i] = malloc(SMALL_SIZE);
        ck_assert_ptr_nonnull(blocks[i]);
        memset(blocks[i], i & 0xff, SMALL_SIZE);
    }
    ck_assert_int_eq(ostat_heap_info(ctx, &h1), 0);
    /* 64 MiB: above glibc's largest mmap threshold (32 MiB), so mmap()ed. */
    big = malloc(BIG_SIZE);
    ck_assert_ptr_nonnull((void *)big);
    big[0] = 1;
    big[BIG_SIZE - 1] = 1;
    ck_assert_int_eq(ostat_heap_info(ctx, &h2), 0);

#ifndef LIVE_ASAN
    /* The heap grew by at least 1 MiB of the 4 MiB (lenient: only the
     * order of magnitude matters), and mmap by at least the 64 MiB. */
    ck_assert_msg(h1.heap_used >= h0.heap_used + LIVE_MIB,
                  "heap_used %" PRIu64 " -> %" PRIu64, h0.heap_used,
                  h1.heap_used);
    ck_assert_msg(h2.mmap_used >= h1.mmap_used + BIG_SIZE,
                  "mmap_used %" PRIu64 " -> %" PRIu64, h1.mmap_used,
                  h2.mmap_used);
#else
    /* AddressSanitizer replaces malloc, so glibc's mallinfo2() does not
     * see these blocks: nothing to compare. */
    (void)h1;
    (void)h2;
#endif
    free((void *)big);
    for (i = 0; i < SMALL_BLOCKS; i++) {
        free(blocks[i]);
    }
    ck_assert_int_eq(ostat_heap_trim(ctx), 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- a NULL context ------------------------------------------------------ */

START_TEST(null_context)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_times t1 = OSTAT_CPU_TIMES_INIT, t2 = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats s1 = OSTAT_CPU_STATS_INIT, s2 = OSTAT_CPU_STATS_INIT;
    struct ostat_cpu_freq f1 = OSTAT_CPU_FREQ_INIT, f2 = OSTAT_CPU_FREQ_INIT;
    struct ostat_loadavg l1 = OSTAT_LOADAVG_INIT, l2 = OSTAT_LOADAVG_INIT;
    struct ostat_virtual_memory m1 = OSTAT_VIRTUAL_MEMORY_INIT,
                                m2 = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory w1 = OSTAT_SWAP_MEMORY_INIT,
                             w2 = OSTAT_SWAP_MEMORY_INIT;
    struct ostat_heap_info h1 = OSTAT_HEAP_INFO_INIT, h2 = OSTAT_HEAP_INFO_INIT;
    struct ostat_pressure p1 = OSTAT_PRESSURE_INIT, p2 = OSTAT_PRESSURE_INIT;
    struct ostat_cpu_times tp = OSTAT_CPU_TIMES_INIT;
    ostat_list *a = NULL, *b = NULL;
    int32_t n1 = 0, n2 = 0;
    double d1 = -1, d2 = -1;
    int rc1, rc2;
    size_t i;

    /* CPU times: the same within 0.5 s per field. */
    ck_assert_int_eq(ostat_cpu_times(ctx, &t1), 0);
    ck_assert_int_eq(ostat_cpu_times(NULL, &t2), 0);
    ck_assert(t1.valid == t2.valid);
    ck_assert(fabs(t1.user - t2.user) < 0.5);
    ck_assert(fabs(t1.system - t2.system) < 0.5);
    ck_assert(fabs(t1.idle - t2.idle) < 0.5);
    ck_assert_int_eq(ostat_cpu_times_percpu(ctx, &a), 0);
    ck_assert_int_eq(ostat_cpu_times_percpu(NULL, &b), 0);
    ck_assert_uint_eq(ostat_list_count(a), ostat_list_count(b));
    ostat_list_free(a);
    ostat_list_free(b);

    /* Counts: exact. */
    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &n1), 0);
    ck_assert_int_eq(ostat_cpu_count(NULL, 1, &n2), 0);
    ck_assert_int_eq(n1, n2);
    rc1 = ostat_cpu_count(ctx, 0, &n1);
    rc2 = ostat_cpu_count(NULL, 0, &n2);
    ck_assert_int_eq(rc1, rc2);
    if (rc1 == 0) {
        ck_assert_int_eq(n1, n2);
    }

    /* Percentages need an interval without a context (0 compares with the
     * context's previous sample, which there is not). */
    ck_assert_int_eq(ostat_cpu_percent(NULL, 0, &d1), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_cpu_percent(NULL, 0.1, &d1), 0);
    ck_assert(d1 >= 0 && d1 <= 100);
    ck_assert_int_eq(ostat_cpu_percent_percpu(NULL, 0, &a), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_cpu_percent_percpu(NULL, 0.1, &a), 0);
    ck_assert_uint_eq(ostat_list_count(a), (size_t)n2);
    for (i = 0; i < ostat_list_count(a); i++) {
        ck_assert_int_eq(ostat_list_double(a, i, &d1), 0);
        ck_assert(d1 >= 0 && d1 <= 100);
    }
    ostat_list_free(a);
    ck_assert_int_eq(ostat_cpu_times_percent(NULL, 0, &tp), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_cpu_times_percent(NULL, 0.1, &tp), 0);
    ck_assert(tp.user >= 0 && tp.user <= 100);
    ck_assert(tp.idle >= 0 && tp.idle <= 100);
    ck_assert_int_eq(ostat_cpu_times_percent_percpu(NULL, 0, &a), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_cpu_times_percent_percpu(NULL, 0.1, &a), 0);
    ck_assert_uint_eq(ostat_list_count(a), (size_t)n2);
    ostat_list_free(a);

    /* Statistics: the later read is not smaller, and within 10000. */
    ck_assert_int_eq(ostat_cpu_stats(ctx, &s1), 0);
    ck_assert_int_eq(ostat_cpu_stats(NULL, &s2), 0);
    ck_assert(s1.valid == s2.valid);
    ck_assert(s1.ctx_switches <= s2.ctx_switches &&
              s2.ctx_switches - s1.ctx_switches < 10000);
    ck_assert(s1.forks <= s2.forks && s2.forks - s1.forks < 10000);

    /* Frequency: the same outcome and CPUs (values move). */
    rc1 = ostat_cpu_freq(ctx, &f1);
    rc2 = ostat_cpu_freq(NULL, &f2);
    ck_assert_int_eq(rc1, rc2);
    if (rc1 == 0) {
        ck_assert(f2.current > 0);
    }
    rc1 = ostat_cpu_freq_percpu(ctx, &a);
    rc2 = ostat_cpu_freq_percpu(NULL, &b);
    ck_assert_int_eq(rc1, rc2);
    ck_assert_uint_eq(ostat_list_count(a), ostat_list_count(b));
    ostat_list_free(a);
    ostat_list_free(b);

    /* Load average: +- 0.5. */
    ck_assert_int_eq(ostat_getloadavg(ctx, &l1), 0);
    ck_assert_int_eq(ostat_getloadavg(NULL, &l2), 0);
    ck_assert(fabs(l1.load1 - l2.load1) <= 0.5);
    ck_assert(fabs(l1.load15 - l2.load15) <= 0.5);

    /* Memory: total exact, available within 16 MiB. */
    ck_assert_int_eq(ostat_virtual_memory(ctx, &m1), 0);
    ck_assert_int_eq(ostat_virtual_memory(NULL, &m2), 0);
    ck_assert(m1.valid == m2.valid);
    ck_assert(m1.total == m2.total);
    ck_assert(live_absdiff(m1.available, m2.available) <= LIVE_MEM_TOL);
    ck_assert_int_eq(ostat_swap_memory(ctx, &w1), 0);
    ck_assert_int_eq(ostat_swap_memory(NULL, &w2), 0);
    ck_assert(w1.valid == w2.valid);
    ck_assert(w1.total == w2.total);
    ck_assert(live_absdiff(w1.free, w2.free) <= LIVE_MEM_TOL);

    /* Boot time and uptime: within 0.5 s. */
    ck_assert_int_eq(ostat_boot_time(ctx, &d1), 0);
    ck_assert_int_eq(ostat_boot_time(NULL, &d2), 0);
    ck_assert(fabs(d1 - d2) < 0.5);
    ck_assert_int_eq(ostat_uptime(ctx, &d1), 0);
    ck_assert_int_eq(ostat_uptime(NULL, &d2), 0);
    ck_assert(d2 >= d1 && d2 - d1 < 0.5);

    /* Heap: the same outcome. */
    rc1 = ostat_heap_info(ctx, &h1);
    rc2 = ostat_heap_info(NULL, &h2);
    ck_assert_int_eq(rc1, rc2);
    ck_assert(h1.valid == h2.valid);
    ck_assert_int_eq(ostat_heap_trim(NULL), ostat_heap_trim(ctx));

    /* Users: the same count (logins are rare within microseconds). */
    ck_assert_int_eq(ostat_users(ctx, &a), 0);
    ck_assert_int_eq(ostat_users(NULL, &b), 0);
    ck_assert_uint_eq(ostat_list_count(a), ostat_list_count(b));
    ostat_list_free(a);
    ostat_list_free(b);

    /* Pressure: the same outcome; totals do not go back. */
    rc1 = ostat_pressure(ctx, OSTAT_PRESSURE_CPU, &p1);
    rc2 = ostat_pressure(NULL, OSTAT_PRESSURE_CPU, &p2);
    ck_assert_int_eq(rc1, rc2);
    ck_assert(p1.valid == p2.valid);
    ck_assert(p1.some_total <= p2.some_total);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_system(Suite *s)
{
    TCase *tc = tcase_create("system");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, boot_time_vs_proc_stat);
    tcase_add_test(tc, boot_time_vs_vmstat);
    tcase_add_test(tc, boot_time_vs_uptime_s);
    tcase_add_test(tc, boot_time_vs_who_b);
    tcase_add_test(tc, uptime_vs_proc);
    tcase_add_test(tc, pressure_cpu);
    tcase_add_test(tc, pressure_memory);
    tcase_add_test(tc, pressure_io);
    tcase_add_test(tc, pressure_irq);
    tcase_add_test(tc, heap_info_grows);
    tcase_add_test(tc, null_context);
    suite_add_tcase(s, tc);
}
