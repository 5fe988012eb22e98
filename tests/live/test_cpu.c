/* SPDX-License-Identifier: MIT */
/* test_cpu.c: CPU counts, times, percentages, statistics, frequency and load
 * average of this machine against /proc, /sys, nproc, lscpu, vmstat and
 * uptime. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"

#define MAX_CPUS 4096

/* The fields of struct ostat_cpu_times in /proc/stat column order, and their
 * valid bits. */
static double column(const struct ostat_cpu_times *t, int col)
{
    const double v[10] = { t->user,   t->nice,      t->system,  t->idle,
                           t->iowait, t->irq,       t->softirq, t->steal,
                           t->guest,  t->guest_nice };

    return v[col];
}

static const uint64_t column_bit[10] = {
    OSTAT_CPU_TIMES_USER,       OSTAT_CPU_TIMES_NICE,   OSTAT_CPU_TIMES_SYSTEM,
    OSTAT_CPU_TIMES_IDLE,       OSTAT_CPU_TIMES_IOWAIT, OSTAT_CPU_TIMES_IRQ,
    OSTAT_CPU_TIMES_SOFTIRQ,    OSTAT_CPU_TIMES_STEAL,  OSTAT_CPU_TIMES_GUEST,
    OSTAT_CPU_TIMES_GUEST_NICE,
};

static const char *const column_name[10] = {
    "user", "nice",    "system", "idle",  "iowait",
    "irq",  "softirq", "steal",  "guest", "guest_nice",
};

static double clk_tck(void)
{
    long v = sysconf(_SC_CLK_TCK);

    ck_assert_int_gt(v, 0);
    return (double)v;
}

static char *read_proc_stat(void)
{
    char *s = live_read_file("/proc/stat");

    ck_assert_msg(s != NULL, "cannot read /proc/stat");
    return s;
}

/* 1 if every CPU present is online, by sysfs's "present" and "online"
 * lists; 0 if not, or if sysfs cannot tell. ("offline" is no help: it also
 * lists possible CPUs that are not present.) */
static int all_present_online(void)
{
    static int present[MAX_CPUS], online[MAX_CPUS];
    char *s = live_read_file("/sys/devices/system/cpu/present");
    int np, no;

    if (s == NULL) {
        return 0;
    }
    np = live_cpu_list(s, present, MAX_CPUS);
    free(s);
    no = live_sysfs_online(online, MAX_CPUS);
    return np > 0 && np == no && np <= MAX_CPUS &&
           memcmp(present, online, (size_t)np * sizeof(int)) == 0;
}

/* ---- counts ------------------------------------------------------------ */

START_TEST(cpu_count_logical)
{
    ostat_ctx *ctx = live_ctx();
    int32_t n = 0;
    long onln = sysconf(_SC_NPROCESSORS_ONLN);
    char *stat, *out;
    int sysfs, nstat;
    cpu_set_t set;

    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &n), 0);
    ck_assert_int_gt(n, 0);

    /* /proc/stat has one cpuN line per online CPU: exact. */
    stat = read_proc_stat();
    nstat = live_stat_cpu_ids(stat, NULL, 0);
    free(stat);
    ck_assert_int_eq(n, nstat);

    /* The online list in sysfs: exact (skipped without sysfs). */
    sysfs = live_sysfs_online(NULL, 0);
    if (sysfs >= 0) {
        ck_assert_int_eq(n, sysfs);
    }

    /* glibc's count of online CPUs: exact. */
    ck_assert_int_eq(n, onln);

    /* nproc honours the affinity mask (and OMP_* variables, which we
     * unset), so compare with it only when this process may run on every
     * online CPU; otherwise the sysconf comparison above stands in. Exact.
     */
    if (live_have_tool("nproc") &&
        sched_getaffinity(0, sizeof(set), &set) == 0 &&
        CPU_COUNT(&set) == onln) {
        long v = -1;

        out = live_run("unset OMP_NUM_THREADS OMP_THREAD_LIMIT; nproc");
        ck_assert_msg(out != NULL, "nproc failed");
        ck_assert_int_eq(sscanf(out, "%ld", &v), 1);
        free(out);
        ck_assert_int_eq(n, v);
    }
    /* nproc --all counts the CPUs present, online or not: exact when all
     * of them are online. */
    if (live_have_tool("nproc") && all_present_online()) {
        long v = -1;

        out = live_run("unset OMP_NUM_THREADS OMP_THREAD_LIMIT; nproc --all");
        ck_assert_msg(out != NULL, "nproc --all failed");
        ck_assert_int_eq(sscanf(out, "%ld", &v), 1);
        free(out);
        ck_assert_int_eq(n, v);
    }
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(cpu_count_physical)
{
    ostat_ctx *ctx = live_ctx();
    int32_t cores = 0, logical = 0;
    int pairs[MAX_CPUS][2];
    int npairs = 0, numeric = 1, rc;
    const char *pos;
    char line[256], *out;

    rc = ostat_cpu_count(ctx, 0, &cores);
    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &logical), 0);
    ostat_ctx_free(ctx);
    if (rc == OSTAT_ENOTSUP) {
        return; /* psutil's None: topology unknown (some containers) */
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_gt(cores, 0);
    ck_assert_int_le(cores, logical);

    /* lscpu -p lists online CPUs only, ostat counts the cores of all CPUs
     * present: compare when all of them are online. */
    if (!live_have_tool("lscpu") || !all_present_online()) {
        return;
    }
    out = live_run("lscpu -p=CORE,SOCKET");
    if (out == NULL) {
        return; /* lscpu cannot read the topology here */
    }
    pos = out;
    while (live_next_line(&pos, line, sizeof(line))) {
        int core, sock, i, seen = 0;

        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        if (sscanf(line, "%d,%d", &core, &sock) != 2) {
            numeric = 0; /* VMs may print empty columns */
            break;
        }
        for (i = 0; i < npairs; i++) {
            if (pairs[i][0] == core && pairs[i][1] == sock) {
                seen = 1;
            }
        }
        if (!seen && npairs < MAX_CPUS) {
            pairs[npairs][0] = core;
            pairs[npairs][1] = sock;
            npairs++;
        }
    }
    free(out);
    /* Distinct (core, socket) pairs are the physical cores: exact. */
    if (numeric && npairs > 0) {
        ck_assert_int_eq(cores, npairs);
    }
}
END_TEST

/* ---- times ------------------------------------------------------------- */

START_TEST(cpu_times_total)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    unsigned long long v[10];
    double tck = clk_tck();
    char *stat;
    int n, i;

    ck_assert_int_eq(ostat_cpu_times(ctx, &t), 0);
    stat = read_proc_stat(); /* read right after */
    n = live_stat_cpu(stat, -1, v);
    free(stat);
    ostat_ctx_free(ctx);
    ck_assert_int_ge(n, 4);
    ck_assert_uint_eq(t.size, sizeof(t));
    /* The total's cpu field is valid and -1. */
    ck_assert(t.valid & OSTAT_CPU_TIMES_CPU);
    ck_assert_int_eq(t.cpu, -1);
    /* Each column of the "cpu" line / CLK_TCK: |diff| < 0.5 s, since the
     * two reads are microseconds apart. */
    for (i = 0; i < n; i++) {
        double want = (double)v[i] / tck;

        ck_assert_msg(t.valid & column_bit[i], "%s not valid", column_name[i]);
        ck_assert_msg(fabs(column(&t, i) - want) < 0.5,
                      "%s: ostat %.2f, /proc/stat %.2f", column_name[i],
                      column(&t, i), want);
    }
}
END_TEST

START_TEST(cpu_times_percpu)
{
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    struct ostat_cpu_times tot = OSTAT_CPU_TIMES_INIT;
    unsigned long long v[10], total[10];
    double tck = clk_tck(), sum[3] = { 0, 0, 0 };
    int ids[MAX_CPUS], nstat, sysfs;
    size_t i, n;
    char *stat;

    ck_assert_int_eq(ostat_cpu_times_percpu(ctx, &l), 0);
    stat = read_proc_stat(); /* read right after */
    ck_assert_int_eq(ostat_cpu_times(ctx, &tot), 0);
    n = ostat_list_count(l);
    nstat = live_stat_cpu_ids(stat, ids, MAX_CPUS);
    sysfs = live_sysfs_online(NULL, 0);

    /* One element per online CPU: exact, against /proc/stat and sysfs. */
    ck_assert_uint_eq(n, (size_t)nstat);
    if (sysfs >= 0) {
        ck_assert_uint_eq(n, (size_t)sysfs);
    }
    ck_assert_int_ge(live_stat_cpu(stat, -1, total), 4);
    for (i = 0; i < n; i++) {
        struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
        int c, k;

        ck_assert_int_eq(ostat_list_cpu_times(l, i, &t), 0);
        ck_assert(t.valid & OSTAT_CPU_TIMES_CPU);
        /* The cpu number names a cpuN line of /proc/stat, and each column
         * of that line / CLK_TCK matches: |diff| < 0.5 s. */
        c = live_stat_cpu(stat, t.cpu, v);
        ck_assert_msg(c >= 4, "cpu%d is not in /proc/stat", (int)t.cpu);
        for (k = 0; k < c; k++) {
            ck_assert_msg(fabs(column(&t, k) - (double)v[k] / tck) < 0.5,
                          "cpu%d %s: ostat %.2f, /proc/stat %.2f", (int)t.cpu,
                          column_name[k], column(&t, k), (double)v[k] / tck);
        }
        sum[0] += t.user;
        sum[1] += t.system;
        sum[2] += t.idle;
    }
    /* The per-CPU user, system and idle add up to the total line of the
     * same /proc/stat read: within 1 s per CPU (the kernel sums the total
     * over possible CPUs, so an offlined CPU's past time would show here).
     */
    ck_assert_msg(fabs(sum[0] - (double)total[0] / tck) < 1.0 * (double)n,
                  "user: sum %.2f, total %.2f", sum[0], (double)total[0] / tck);
    ck_assert_msg(fabs(sum[1] - (double)total[2] / tck) < 1.0 * (double)n,
                  "system: sum %.2f, total %.2f", sum[1],
                  (double)total[2] / tck);
    ck_assert_msg(fabs(sum[2] - (double)total[3] / tck) < 1.0 * (double)n,
                  "idle: sum %.2f, total %.2f", sum[2], (double)total[3] / tck);
    /* And to ostat's own total, read a moment later: same bound. */
    ck_assert(fabs(sum[0] - tot.user) < 1.0 * (double)n);
    ck_assert(fabs(sum[1] - tot.system) < 1.0 * (double)n);
    ck_assert(fabs(sum[2] - tot.idle) < 1.0 * (double)n);
    free(stat);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(cpu_times_monotonic)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_times a = OSTAT_CPU_TIMES_INIT, b = OSTAT_CPU_TIMES_INIT;
    double sa = 0, sb = 0;
    int i;

    ck_assert_int_eq(ostat_cpu_times(ctx, &a), 0);
    live_sleep(0.1);
    ck_assert_int_eq(ostat_cpu_times(ctx, &b), 0);
    ostat_ctx_free(ctx);
    /* Over 100 ms the counters do not go back. idle and iowait are left
     * out (the kernel documents that iowait can decrease, and idle is
     * computed with it on NO_HZ systems), as is steal (hypervisors have
     * made it go back, psutil #1210). */
    for (i = 0; i < 10; i++) {
        if (i == 3 || i == 4 || i == 7) {
            continue;
        }
        ck_assert_msg(column(&b, i) >= column(&a, i), "%s went back: %f > %f",
                      column_name[i], column(&a, i), column(&b, i));
    }
    /* The sum strictly grows: 100 ms of wall time is about 10 ticks per
     * CPU. */
    for (i = 0; i < 8; i++) {
        sa += column(&a, i);
        sb += column(&b, i);
    }
    ck_assert_msg(sb > sa, "sum did not grow: %f -> %f", sa, sb);
}
END_TEST

/* ---- percentages, with one CPU kept busy --------------------------------- */

/* Busy share in percent between two /proc/stat lines, computed as the
 * kernel documents the columns: guest time is inside user and nice, idle
 * and iowait are not busy. */
static double busy_percent(const unsigned long long a[10],
                           const unsigned long long b[10])
{
    double d[10], total = 0;
    int i;

    for (i = 0; i < 10; i++) {
        d[i] = b[i] > a[i] ? (double)(b[i] - a[i]) : 0;
        total += d[i];
    }
    total -= d[8] + d[9];
    return total > 0 ? (total - d[3] - d[4]) / total * 100 : 0;
}

START_TEST(cpu_percent_busy)
{
    ostat_ctx *ctx = live_ctx();
    int32_t ncpu = 0;
    double p1 = -1, p2 = -1, mine;
    unsigned long long a[10], b[10];
    char *s1, *s2;
    int rc1, rc2;
    pid_t spin;

    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &ncpu), 0);
    spin = live_spin_start(live_allowed_cpu());
    ck_assert_int_gt(spin, 0);
    /* With an interval of 0.5 s, between two reads of /proc/stat. */
    s1 = read_proc_stat();
    rc1 = ostat_cpu_percent(ctx, 0.5, &p1);
    s2 = read_proc_stat();
    /* With 0: the previous call's second sample is the baseline. */
    live_sleep(0.5);
    rc2 = ostat_cpu_percent(ctx, 0, &p2);
    live_spin_stop(spin);

    ck_assert_int_eq(rc1, 0);
    ck_assert_int_eq(rc2, 0);
    /* Our own figure over a window a few microseconds wider than ostat's:
     * within 10 points (a tick is 0.5 point here on 2 CPUs at 100 Hz). */
    ck_assert_int_ge(live_stat_cpu(s1, -1, a), 4);
    ck_assert_int_ge(live_stat_cpu(s2, -1, b), 4);
    free(s1);
    free(s2);
    mine = busy_percent(a, b);
    ck_assert_msg(fabs(p1 - mine) <= 10, "cpu_percent %.1f, /proc/stat %.1f",
                  p1, mine);
    /* One CPU of ncpu spinning: at least half its share, at most 100 %. */
    ck_assert_msg(p1 >= 100.0 / ncpu * 0.5 && p1 <= 100.0,
                  "cpu_percent %.1f with one of %d CPUs busy", p1, (int)ncpu);
    ck_assert_msg(p2 >= 100.0 / ncpu * 0.5 && p2 <= 100.0,
                  "cpu_percent(0) %.1f with one of %d CPUs busy", p2,
                  (int)ncpu);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(cpu_percent_percpu_busy)
{
    ostat_ctx *ctx = live_ctx();
    int32_t ncpu = 0;
    ostat_list *l = NULL;
    int rc, cpu = live_allowed_cpu(), ids[MAX_CPUS], nids;
    double maxp = -1;
    unsigned long long a[10], b[10];
    char *s1, *s2;
    size_t i, n;
    pid_t spin;

    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &ncpu), 0);
    spin = live_spin_start(cpu);
    ck_assert_int_gt(spin, 0);
    s1 = read_proc_stat();
    rc = ostat_cpu_percent_percpu(ctx, 0.5, &l);
    s2 = read_proc_stat();
    live_spin_stop(spin);

    ck_assert_int_eq(rc, 0);
    n = ostat_list_count(l);
    /* One value per online CPU: exact. */
    ck_assert_uint_eq(n, (size_t)ncpu);
    for (i = 0; i < n; i++) {
        double p = -1;

        ck_assert_int_eq(ostat_list_double(l, i, &p), 0);
        ck_assert_msg(p >= 0 && p <= 100, "cpu %zu: %.1f %%", i, p);
        /* Element i is the i-th cpuN line; against our own figure from
         * reads around the call: within 10 points (a tick is 1 point). */
        nids = live_stat_cpu_ids(s2, ids, MAX_CPUS);
        if ((size_t)nids == n && live_stat_cpu(s1, ids[i], a) >= 4 &&
            live_stat_cpu(s2, ids[i], b) >= 4) {
            ck_assert_msg(fabs(p - busy_percent(a, b)) <= 10,
                          "cpu%d: %.1f %%, /proc/stat %.1f %%", ids[i], p,
                          busy_percent(a, b));
        }
        if (p > maxp) {
            maxp = p;
        }
    }
    /* The spun CPU is pinned, so it is busy the whole time: >= 50 %. */
    ck_assert_msg(maxp >= 50, "no CPU at 50 %% or more (max %.1f)", maxp);
    free(s1);
    free(s2);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* Each field 0..100 and, when time passed, the fields other than guest and
 * guest_nice (already inside user and nice) add up to 100 +- 1. */
static void check_fields_percent(const struct ostat_cpu_times *t)
{
    double sum = 0;
    int i;

    for (i = 0; i < 10; i++) {
        double v = column(t, i);

        ck_assert_msg(v >= 0 && v <= 100, "%s: %.2f %%", column_name[i], v);
        if (i < 8 && (t->valid & column_bit[i])) {
            sum += v;
        }
    }
    if (sum > 0) {
        ck_assert_msg(fabs(sum - 100) <= 1, "fields add up to %.2f %%", sum);
    }
}

START_TEST(cpu_times_percent_busy)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *l = NULL;
    int rc1, rc2;
    size_t i, n;
    int32_t ncpu = 0;
    pid_t spin;

    ck_assert_int_eq(ostat_cpu_count(ctx, 1, &ncpu), 0);
    spin = live_spin_start(live_allowed_cpu());
    ck_assert_int_gt(spin, 0);
    rc1 = ostat_cpu_times_percent(ctx, 0.5, &t);
    rc2 = ostat_cpu_times_percent_percpu(ctx, 0.5, &l);
    live_spin_stop(spin);

    ck_assert_int_eq(rc1, 0);
    ck_assert_int_eq(rc2, 0);
    check_fields_percent(&t);
    /* Busy (user + nice + system + irq + softirq + steal) >= half of one
     * CPU's share, as for cpu_percent. */
    ck_assert_msg(t.user + t.nice + t.system + t.irq + t.softirq + t.steal >=
                      100.0 / ncpu * 0.5,
                  "busy fields %.1f %%",
                  t.user + t.nice + t.system + t.irq + t.softirq + t.steal);
    n = ostat_list_count(l);
    ck_assert_uint_eq(n, (size_t)ncpu);
    for (i = 0; i < n; i++) {
        struct ostat_cpu_times e = OSTAT_CPU_TIMES_INIT;

        ck_assert_int_eq(ostat_list_cpu_times(l, i, &e), 0);
        ck_assert(e.valid & OSTAT_CPU_TIMES_CPU);
        check_fields_percent(&e);
    }
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- statistics ---------------------------------------------------------- */

START_TEST(cpu_stats_vs_vmstat)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_stats st = OSTAT_CPU_STATS_INIT;
    uint64_t c1, c2, i1, i2, f1, f2, v;
    char *out1, *out2, *stat;
    int rc;

    /* Against /proc/stat read right after: ostat's values are not greater
     * and within 10000. */
    ck_assert_int_eq(ostat_cpu_stats(ctx, &st), 0);
    stat = read_proc_stat();
    ck_assert(st.valid & OSTAT_CPU_STATS_CTX_SWITCHES);
    ck_assert(st.valid & OSTAT_CPU_STATS_INTERRUPTS);
    ck_assert(st.valid & OSTAT_CPU_STATS_FORKS);
    ck_assert_int_eq(live_key_u64(stat, "ctxt", &v), 0);
    ck_assert(st.ctx_switches <= v && v - st.ctx_switches < 10000);
    ck_assert_int_eq(live_key_u64(stat, "intr", &v), 0);
    ck_assert(st.interrupts <= v && v - st.interrupts < 10000);
    ck_assert_int_eq(live_key_u64(stat, "processes", &v), 0);
    ck_assert(st.forks <= v && v - st.forks < 10000);
    if (live_key_u64(stat, "softirq", &v) == 0) {
        ck_assert(st.valid & OSTAT_CPU_STATS_SOFT_INTERRUPTS);
        ck_assert(st.soft_interrupts <= v && v - st.soft_interrupts < 10000);
    }
    free(stat);
    ck_assert(st.ctx_switches > 0);
    ck_assert(st.interrupts > 0);

    if (!live_have_tool("vmstat")) {
        ostat_ctx_free(ctx);
        return;
    }
    /* vmstat, ostat, vmstat: these counters only grow, so the middle read
     * lies between the others (slack 100 for per-CPU sums read while they
     * move), and within 10000 of the first. */
    out1 = live_run("vmstat -s");
    rc = ostat_cpu_stats(ctx, &st);
    out2 = live_run("vmstat -s");
    ostat_ctx_free(ctx);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(out1 != NULL && out2 != NULL, "vmstat -s failed");
    ck_assert_int_eq(live_vmstat_s(out1, "CPU context switches", &c1), 0);
    ck_assert_int_eq(live_vmstat_s(out2, "CPU context switches", &c2), 0);
    ck_assert_int_eq(live_vmstat_s(out1, "interrupts", &i1), 0);
    ck_assert_int_eq(live_vmstat_s(out2, "interrupts", &i2), 0);
    ck_assert_int_eq(live_vmstat_s(out1, "forks", &f1), 0);
    ck_assert_int_eq(live_vmstat_s(out2, "forks", &f2), 0);
    free(out1);
    free(out2);
    if (c1 < UINT64_C(0xffffffff) && st.ctx_switches >= UINT64_C(0xffffffff)) {
        return; /* an old vmstat that wraps at 2^32 */
    }
    ck_assert_msg(c1 <= st.ctx_switches + 100 && st.ctx_switches <= c2 + 100,
                  "ctx switches: vmstat %" PRIu64 ", ostat %" PRIu64
                  ", vmstat %" PRIu64,
                  c1, st.ctx_switches, c2);
    ck_assert(live_absdiff(c1, st.ctx_switches) < 10000);
    ck_assert_msg(i1 <= st.interrupts + 100 && st.interrupts <= i2 + 100,
                  "interrupts: vmstat %" PRIu64 ", ostat %" PRIu64
                  ", vmstat %" PRIu64,
                  i1, st.interrupts, i2);
    ck_assert(live_absdiff(i1, st.interrupts) < 10000);
    /* forks counts processes made since boot: the same ordering, exact. */
    ck_assert_msg(f1 <= st.forks && st.forks <= f2,
                  "forks: vmstat %" PRIu64 ", ostat %" PRIu64
                  ", vmstat %" PRIu64,
                  f1, st.forks, f2);
}
END_TEST

/* ---- frequency ------------------------------------------------------------
 */

/* The "cpu MHz" (x86), "cpu MHz dynamic" (s390x) or "clock" (ppc) value of
 * each processor in /proc/cpuinfo; returns how many were found. */
static int cpuinfo_mhz(int *ids, double *mhz, int max)
{
    char *s = live_read_file("/proc/cpuinfo"), line[512];
    const char *pos = s;
    int n = 0, cur = -1;

    if (s == NULL) {
        return 0;
    }
    while (live_next_line(&pos, line, sizeof(line))) {
        char *colon = strchr(line, ':');
        double v;
        int id;

        if (colon == NULL) {
            continue;
        }
        if (strncmp(line, "processor", 9) == 0 &&
            (line[9] == ' ' || line[9] == '\t') &&
            sscanf(colon + 1, "%d", &id) == 1) {
            cur = id;
        } else if (cur >= 0 &&
                   ((strncmp(line, "cpu MHz", 7) == 0 &&
                     strncmp(line, "cpu MHz static", 14) != 0) ||
                    strncmp(line, "clock", 5) == 0) &&
                   sscanf(colon + 1, "%lf", &v) == 1 && n < max) {
            ids[n] = cur;
            mhz[n] = v;
            n++;
            cur = -1;
        }
    }
    free(s);
    return n;
}

/* /sys/devices/system/cpu/cpuN/cpufreq/<file> (kHz) in MHz; 0 or -1. */
static int sysfs_mhz(int cpu, const char *file, double *out)
{
    char path[256], *s;
    unsigned long long khz;
    int ok;

    snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/%s",
             cpu, file);
    s = live_read_file(path);
    if (s == NULL) {
        return -1;
    }
    ok = sscanf(s, "%llu", &khz) == 1;
    free(s);
    *out = (double)khz / 1000.0;
    return ok ? 0 : -1;
}

/* The MHz of processor @cpu in a cpuinfo_mhz() result, or -1. */
static double mhz_of(const int *ids, const double *mhz, int n, int cpu)
{
    int k;

    for (k = 0; k < n; k++) {
        if (ids[k] == cpu) {
            return mhz[k];
        }
    }
    return -1;
}

START_TEST(cpu_freq_live)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
    static int ids1[MAX_CPUS], ids2[MAX_CPUS];
    static double mhz1[MAX_CPUS], mhz2[MAX_CPUS];
    int n1, n2, rc, rcp, online, k;
    ostat_list *l = NULL;
    double lo = 0, hi = 0, avg1 = 0, avg2 = 0;
    size_t i, n;

    online = live_sysfs_online(NULL, 0);
    n1 = cpuinfo_mhz(ids1, mhz1, MAX_CPUS);
    rc = ostat_cpu_freq(ctx, &f);
    rcp = ostat_cpu_freq_percpu(ctx, &l);
    n2 = cpuinfo_mhz(ids2, mhz2, MAX_CPUS);
    ostat_ctx_free(ctx);
    if (rc == OSTAT_ENOTSUP) {
        /* No frequency anywhere (many VMs and containers). Then cpuinfo has
         * no MHz either, as far as the online CPUs go. */
        ck_assert_int_lt(n1, online < 0 ? 1 : online);
        ostat_list_free(l);
        return;
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(rcp, 0);
    ck_assert(f.valid & OSTAT_CPU_FREQ_CURRENT);
    ck_assert_msg(f.current > 0, "current %.1f MHz", f.current);
    ck_assert_int_eq(f.cpu, -1);
    if ((f.valid & OSTAT_CPU_FREQ_MIN) && (f.valid & OSTAT_CPU_FREQ_MAX)) {
        ck_assert(f.min >= 0 && f.min <= f.max);
    }
    /* One element per online CPU: exact. */
    n = ostat_list_count(l);
    if (online >= 0) {
        ck_assert_uint_eq(n, (size_t)online);
    }
    for (i = 0; i < n; i++) {
        struct ostat_cpu_freq e = OSTAT_CPU_FREQ_INIT;
        double a, b, v;

        ck_assert_int_eq(ostat_list_cpu_freq(l, i, &e), 0);
        ck_assert(e.valid & OSTAT_CPU_FREQ_CPU);
        if (!(e.valid & OSTAT_CPU_FREQ_CURRENT)) {
            continue;
        }
        ck_assert_msg(e.current > 0, "cpu%d: %.1f MHz", (int)e.cpu, e.current);
        /* This CPU's MHz in cpuinfo before and after, or else sysfs's
         * scaling_cur_freq read now: within 10 % of that range. */
        a = mhz_of(ids1, mhz1, n1, e.cpu);
        b = mhz_of(ids2, mhz2, n2, e.cpu);
        if ((a <= 0 || b <= 0) &&
            sysfs_mhz(e.cpu, "scaling_cur_freq", &v) == 0 && v > 0) {
            a = b = v;
        }
        if (a > 0 && b > 0) {
            ck_assert_msg(e.current >= fmin(a, b) * 0.9 &&
                              e.current <= fmax(a, b) * 1.1,
                          "cpu%d: %.1f MHz, independent %.1f..%.1f MHz",
                          (int)e.cpu, e.current, a, b);
        }
        /* The limits from sysfs, which change only when an administrator
         * sets them: within 1 %. */
        if ((e.valid & OSTAT_CPU_FREQ_MIN) &&
            sysfs_mhz(e.cpu, "scaling_min_freq", &v) == 0) {
            ck_assert_msg(fabs(e.min - v) <= v * 0.01, "cpu%d min %.1f vs %.1f",
                          (int)e.cpu, e.min, v);
        }
        if ((e.valid & OSTAT_CPU_FREQ_MAX) &&
            sysfs_mhz(e.cpu, "scaling_max_freq", &v) == 0) {
            ck_assert_msg(fabs(e.max - v) <= v * 0.01, "cpu%d max %.1f vs %.1f",
                          (int)e.cpu, e.max, v);
        }
    }
    ostat_list_free(l);

    /* The average against /proc/cpuinfo's MHz, read before and after: the
     * clock moves under frequency scaling, so within 10 % of the range the
     * two reads' averages span. */
    if (n1 > 0 && n2 > 0) {
        for (k = 0; k < n1; k++) {
            avg1 += mhz1[k] / n1;
        }
        for (k = 0; k < n2; k++) {
            avg2 += mhz2[k] / n2;
        }
        lo = (avg1 < avg2 ? avg1 : avg2) * 0.9;
        hi = (avg1 > avg2 ? avg1 : avg2) * 1.1;
        ck_assert_msg(f.current >= lo && f.current <= hi,
                      "current %.1f MHz, cpuinfo %.1f..%.1f MHz", f.current,
                      avg1, avg2);
    }
    /* lscpu's "CPU MHz", when this version prints it: within 10 %, with the
     * same allowance for the clock moving between the reads. */
    if (live_have_tool("lscpu")) {
        char *out = live_run("lscpu"), line[512];
        const char *pos = out;
        double v;

        while (out != NULL && live_next_line(&pos, line, sizeof(line))) {
            if (strncmp(line, "CPU MHz:", 8) == 0 &&
                sscanf(line + 8, "%lf", &v) == 1 && v > 0) {
                lo = v * 0.9;
                hi = v * 1.1;
                if (n1 > 0 && n2 > 0) {
                    lo = fmin(lo, fmin(avg1, avg2) * 0.9);
                    hi = fmax(hi, fmax(avg1, avg2) * 1.1);
                }
                ck_assert_msg(f.current >= lo && f.current <= hi,
                              "current %.1f MHz, lscpu %.1f MHz", f.current, v);
            }
        }
        free(out);
    }
}
END_TEST

/* ---- load average -------------------------------------------------------- */

START_TEST(loadavg_live)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_loadavg la = OSTAT_LOADAVG_INIT;
    double v[3];
    char *s, *out, *p;

    ck_assert_int_eq(ostat_getloadavg(ctx, &la), 0);
    s = live_read_file("/proc/loadavg");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sscanf(s, "%lf %lf %lf", &v[0], &v[1], &v[2]), 3);
    free(s);
    ck_assert(la.valid & OSTAT_LOADAVG_LOAD1);
    ck_assert(la.valid & OSTAT_LOADAVG_LOAD5);
    ck_assert(la.valid & OSTAT_LOADAVG_LOAD15);
    /* /proc/loadavg: +- 0.5 each (the kernel updates it every 5 s). */
    ck_assert_msg(fabs(la.load1 - v[0]) <= 0.5, "%.2f vs %.2f", la.load1, v[0]);
    ck_assert_msg(fabs(la.load5 - v[1]) <= 0.5, "%.2f vs %.2f", la.load5, v[1]);
    ck_assert_msg(fabs(la.load15 - v[2]) <= 0.5, "%.2f vs %.2f", la.load15,
                  v[2]);
    if (la.valid & OSTAT_LOADAVG_ENTITIES) {
        ck_assert(la.valid & OSTAT_LOADAVG_RUNNABLE);
        ck_assert(la.entities >= 1);
    }

    /* uptime's "load average: a, b, c": +- 0.5 each. */
    if (live_have_tool("uptime")) {
        out = live_run("uptime");
        ck_assert_msg(out != NULL, "uptime failed");
        p = strstr(out, "load average:");
        ck_assert_msg(p != NULL, "no load average in: %s", live_flat(out));
        ck_assert_int_eq(sscanf(p + 13, " %lf, %lf, %lf", &v[0], &v[1], &v[2]),
                         3);
        free(out);
        ck_assert_int_eq(ostat_getloadavg(ctx, &la), 0);
        ck_assert_msg(fabs(la.load1 - v[0]) <= 0.5, "%.2f vs %.2f", la.load1,
                      v[0]);
        ck_assert_msg(fabs(la.load5 - v[1]) <= 0.5, "%.2f vs %.2f", la.load5,
                      v[1]);
        ck_assert_msg(fabs(la.load15 - v[2]) <= 0.5, "%.2f vs %.2f", la.load15,
                      v[2]);
    }
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_cpu(Suite *s)
{
    TCase *tc = tcase_create("cpu");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cpu_count_logical);
    tcase_add_test(tc, cpu_count_physical);
    tcase_add_test(tc, cpu_times_total);
    tcase_add_test(tc, cpu_times_percpu);
    tcase_add_test(tc, cpu_times_monotonic);
    tcase_add_test(tc, cpu_stats_vs_vmstat);
    tcase_add_test(tc, cpu_freq_live);
    tcase_add_test(tc, loadavg_live);
    suite_add_tcase(s, tc);

    tc = tcase_create("cpu_percent");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, cpu_percent_busy);
    tcase_add_test(tc, cpu_percent_percpu_busy);
    tcase_add_test(tc, cpu_times_percent_busy);
    suite_add_tcase(s, tc);
}
