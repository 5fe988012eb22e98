/* SPDX-License-Identifier: MIT */
/* test_runtime.c: trees written at run time under /tmp: CPU percentages
 * across two samples, oneshot sections, and users() from a utmp file made
 * with pututxline(). */
#include <utmpx.h>

#include "fx.h"

/* The lines after the cpu lines, the same in every sample. */
#define STAT_TAIL                                                              \
    "intr 1000 0\nctxt 2000\nbtime 1600000000\nprocesses 300\n"                \
    "procs_running 1\nprocs_blocked 0\nsoftirq 10 0\n"

static void write_stat(const char *dir, const char *cpu_lines)
{
    char buf[4096];

    snprintf(buf, sizeof(buf), "%s" STAT_TAIL, cpu_lines);
    fx_write(dir, "proc/stat", buf);
}

/* A context over a fresh tree holding @cpu_lines as its /proc/stat. */
static ostat_ctx *stat_ctx(char *dir, const char *cpu_lines)
{
    fx_tmp_dir(dir);
    write_stat(dir, cpu_lines);
    return fx_ctx_at(dir);
}

static void expect_all_zero(const struct ostat_cpu_times *t)
{
    ck_assert_close(t->user, 0.0);
    ck_assert_close(t->system, 0.0);
    ck_assert_close(t->idle, 0.0);
    ck_assert_close(t->nice, 0.0);
    ck_assert_close(t->iowait, 0.0);
    ck_assert_close(t->irq, 0.0);
    ck_assert_close(t->softirq, 0.0);
    ck_assert_close(t->steal, 0.0);
    ck_assert_close(t->guest, 0.0);
    ck_assert_close(t->guest_nice, 0.0);
}

static void expect_in_range(const struct ostat_cpu_times *t)
{
    const double v[10] = { t->user,   t->system,    t->idle,    t->nice,
                           t->iowait, t->irq,       t->softirq, t->steal,
                           t->guest,  t->guest_nice };
    int i;

    for (i = 0; i < 10; i++) {
        ck_assert_double_ge(v[i], 0.0);
        ck_assert_double_le(v[i], 100.0);
    }
}

/* ---- system-wide percentages -----------------------------------------------
 */

START_TEST(percent_first_call_then_deltas)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx =
        stat_ctx(dir, "cpu  1000 100 500 5000 50 10 20 0 200 40\n");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    double pct = -1;

    /* The first call has no baseline: two reads of the same file, 0. */
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 0.0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    expect_all_zero(&t);

    write_stat(dir, "cpu  1300 150 600 5400 100 20 30 0 300 60\n");
    /* Deltas: user 300, nice 50, system 100, idle 400, iowait 50, irq 10,
     * softirq 10, steal 0, guest 100, guest_nice 20. The sum 1040 counts
     * guest twice (it is inside user and nice), so total = 1040 - 100 - 20
     * = 920, busy = 920 - 400 (idle) - 50 (iowait) = 470. Ticks cancel. */
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 470.0 / 920.0 * 100.0);

    /* Each field is delta * 100 / total. */
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    ck_assert_close(t.user, 300.0 * 100.0 / 920.0);
    ck_assert_close(t.nice, 50.0 * 100.0 / 920.0);
    ck_assert_close(t.system, 100.0 * 100.0 / 920.0);
    ck_assert_close(t.idle, 400.0 * 100.0 / 920.0);
    ck_assert_close(t.iowait, 50.0 * 100.0 / 920.0);
    ck_assert_close(t.irq, 10.0 * 100.0 / 920.0);
    ck_assert_close(t.softirq, 10.0 * 100.0 / 920.0);
    ck_assert_close(t.steal, 0.0);
    ck_assert_close(t.guest, 100.0 * 100.0 / 920.0);
    ck_assert_close(t.guest_nice, 20.0 * 100.0 / 920.0);
    ck_assert_uint_eq(t.valid & (OSTAT_CPU_TIMES_CPU - 1),
                      OSTAT_CPU_TIMES_CPU - 1);

    /* The second sample is now the baseline: nothing moved since. */
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 0.0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(percent_steal_backwards)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  100 0 50 800 0 0 0 40 0 0\n");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    double pct = -1;

    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    /* steal goes from 40 down to 10 (psutil #1210): its delta counts as 0.
     * user +30, system +10, idle +60: total 100, busy 40. Without the
     * clamp the total would be 70 and busy 10 / 70. */
    write_stat(dir, "cpu  130 0 60 860 0 0 0 10 0 0\n");
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 40.0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    expect_in_range(&t);
    ck_assert_close(t.steal, 0.0);
    ck_assert_close(t.user, 30.0);
    ck_assert_close(t.system, 10.0);
    ck_assert_close(t.idle, 60.0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(percent_short_interval)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  10 0 0 10 0 0 0 0 0 0\n");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    double pct = -1;

    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    /* user +5, idle +5: ten ticks, well under a second. psutil divides by
     * max(1, total) and would give 5 % at 100 ticks a second (#1586);
     * here user is 5 / 10 = 50 %. */
    write_stat(dir, "cpu  15 0 0 15 0 0 0 0 0 0\n");
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 50.0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    ck_assert_close(t.user, 50.0);
    ck_assert_close(t.idle, 50.0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(percent_clamped_to_100)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  100 0 0 100 0 0 0 0 0 0\n");
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    double pct = -1;

    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    /* guest +50 while user did not move (inconsistent counters), idle +10:
     * the sum is 60, total = 60 - 50 = 10, guest would be 500 %: clamped
     * to 100. busy = 10 - 10 = 0. */
    write_stat(dir, "cpu  100 0 0 110 0 0 0 0 50 0\n");
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0, &pct), 0);
    ck_assert_close(pct, 0.0);
    ck_assert_int_eq(ostat_cpu_times_percent(ctx, 0, &t), 0);
    expect_in_range(&t);
    ck_assert_close(t.guest, 100.0);
    ck_assert_close(t.idle, 100.0);
    ck_assert_close(t.user, 0.0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(percent_with_interval)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  10 0 0 10 0 0 0 0 0 0\n");
    double pct = -1;

    /* With an interval both samples are read now; the file does not
     * change, so 0. A negative interval is refused. */
    ck_assert_int_eq(ostat_cpu_percent(ctx, 0.01, &pct), 0);
    ck_assert_close(pct, 0.0);
    ck_assert_int_eq(ostat_cpu_percent(ctx, -1, &pct), OSTAT_EINVAL);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- per-CPU percentages with CPUs going offline and back ------------------
 */

static void percpu_round(ostat_ctx *ctx,
                         size_t n,
                         const int32_t *cpus,
                         const double *busy,
                         const double *user)
{
    ostat_list *pl = NULL, *tl = NULL;
    size_t i;

    ck_assert_int_eq(ostat_cpu_percent_percpu(ctx, 0, &pl), 0);
    ck_assert_int_eq(ostat_cpu_times_percent_percpu(ctx, 0, &tl), 0);
    ck_assert_uint_eq(ostat_list_count(pl), n);
    ck_assert_uint_eq(ostat_list_count(tl), n);
    for (i = 0; i < n; i++) {
        struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
        double v = -1;

        ck_assert_int_eq(ostat_list_double(pl, i, &v), 0);
        ck_assert_close(v, busy[i]);
        ck_assert_int_eq(ostat_list_cpu_times(tl, i, &t), 0);
        ck_assert(t.valid & OSTAT_CPU_TIMES_CPU);
        ck_assert_int_eq(t.cpu, cpus[i]);
        ck_assert_close(t.user, user[i]);
        expect_in_range(&t);
    }
    ostat_list_free(pl);
    ostat_list_free(tl);
}

START_TEST(percpu_offline_online)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  300 0 0 300 0 0 0 20 0 0\n"
                                   "cpu0 100 0 0 100 0 0 0 20 0 0\n"
                                   "cpu1 100 0 0 100 0 0 0 0 0 0\n"
                                   "cpu2 100 0 0 100 0 0 0 0 0 0\n");
    const int32_t three[3] = { 0, 1, 2 }, two[2] = { 0, 2 };
    const double zeros[3] = { 0, 0, 0 };

    /* First round: no baseline, all 0. */
    percpu_round(ctx, 3, three, zeros, zeros);

    /* cpu1 goes offline. cpu0: user +50, idle +50, steal 20 -> 5 counts 0:
     * busy 50 %. cpu2: user +90, idle +10: busy 90 %. The second element
     * is cpu2, compared with cpu2's baseline, not cpu1's. */
    write_stat(dir, "cpu  340 0 0 260 0 0 0 5 0 0\n"
                    "cpu0 150 0 0 150 0 0 0 5 0 0\n"
                    "cpu2 190 0 0 110 0 0 0 0 0 0\n");
    {
        const double busy[2] = { 50.0, 90.0 }, user[2] = { 50.0, 90.0 };

        percpu_round(ctx, 2, two, busy, user);
    }

    /* cpu1 is back. It is not in the last baseline, so it counts from now:
     * 0 %, although its counters moved since the first round (an old
     * baseline would give 50 %). cpu0: idle +100: 0 %. cpu2: user +100:
     * 100 %. */
    write_stat(dir, "cpu  940 0 0 860 0 0 0 5 0 0\n"
                    "cpu0 150 0 0 250 0 0 0 5 0 0\n"
                    "cpu1 500 0 0 500 0 0 0 0 0 0\n"
                    "cpu2 290 0 0 110 0 0 0 0 0 0\n");
    {
        const double busy[3] = { 0.0, 0.0, 100.0 };
        const double user[3] = { 0.0, 0.0, 100.0 };

        percpu_round(ctx, 3, three, busy, user);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- oneshot sections ------------------------------------------------------
 */

static double user_seconds(ostat_ctx *ctx)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;

    ck_assert_int_eq(ostat_cpu_times(ctx, &t), 0);
    return t.user;
}

START_TEST(oneshot_caches_reads)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  100 0 0 100 0 0 0 0 0 0\n");
    double tck = fx_tck();

    /* Outside a section every call reads the file again. */
    ck_assert_close(user_seconds(ctx), 100 / tck);
    write_stat(dir, "cpu  200 0 0 100 0 0 0 0 0 0\n");
    ck_assert_close(user_seconds(ctx), 200 / tck);

    /* Inside, the first read serves every later call, nested sections
     * included. */
    write_stat(dir, "cpu  300 0 0 100 0 0 0 0 0 0\n");
    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    ck_assert_close(user_seconds(ctx), 300 / tck);
    write_stat(dir, "cpu  400 0 0 100 0 0 0 0 0 0\n");
    ck_assert_close(user_seconds(ctx), 300 / tck);
    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    ck_assert_close(user_seconds(ctx), 300 / tck);
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);
    ck_assert_close(user_seconds(ctx), 300 / tck);
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);

    /* After the outermost end the file is read again. */
    ck_assert_close(user_seconds(ctx), 400 / tck);

    /* A new section does not reuse the read of the previous one. */
    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    ck_assert_close(user_seconds(ctx), 400 / tck);
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);
    write_stat(dir, "cpu  500 0 0 100 0 0 0 0 0 0\n");
    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    ck_assert_close(user_seconds(ctx), 500 / tck);
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);

    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), OSTAT_EINVAL);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(oneshot_shared_between_functions)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx = stat_ctx(dir, "cpu  100 0 0 100 0 0 0 0 0 0\n");
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;

    fx_write(dir, "proc/meminfo",
             "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 500 kB\n");
    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    /* The cpu_times read serves cpu_stats too: ctxt 2000 from STAT_TAIL. */
    ck_assert_close(user_seconds(ctx), 100 / fx_tck());
    fx_write(dir, "proc/stat", "cpu  1 0 0 1 0 0 0 0 0 0\nctxt 7\n");
    ck_assert_int_eq(ostat_cpu_stats(ctx, &s), 0);
    ck_assert_uint_eq(s.ctx_switches, 2000);
    /* meminfo is cached as well. */
    ck_assert_int_eq(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_uint_eq(vm.available, KB(500));
    fx_write(dir, "proc/meminfo",
             "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 900 kB\n");
    ck_assert_int_eq(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_uint_eq(vm.available, KB(500));
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);

    ck_assert_int_eq(ostat_cpu_stats(ctx, &s), 0);
    ck_assert_uint_eq(s.ctx_switches, 7);
    ck_assert_int_eq(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_uint_eq(vm.available, KB(900));
    ostat_ctx_free(ctx);
}
END_TEST

/* swap_memory's sin and sout: the lines starting "pswpin " and "pswpout "
 * of /proc/vmstat, wherever they are. */
START_TEST(swap_vmstat_lines)
{
    char dir[FX_PATH_MAX], proc[FX_PATH_MAX + 8];
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    uint64_t ps = fx_page_size();
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/meminfo",
             "MemTotal: 1000 kB\nMemFree: 100 kB\nSwapTotal: 10 kB\n"
             "SwapFree: 10 kB\n");
    /* pswpout first, on the first line; a longer key that starts the
     * same is not one of them. */
    fx_write(dir, "proc/vmstat",
             "pswpout 5\nnr_free_pages 1\npswpinx 99\npswp 98\npswpin 7\n");
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_swap_memory(ctx, &sw), 0);
    ck_assert_uint_eq(sw.sin, 7 * ps);
    ck_assert_uint_eq(sw.sout, 5 * ps);
    ck_assert(sw.valid & OSTAT_SWAP_MEMORY_SIN);
    /* "pswpin " without its number, and no newline at the end. */
    snprintf(proc, sizeof(proc), "%s/proc", dir);
    fx_write(dir, "proc/vmstat", "pgpgin 1\npswpout 5\npswpin ");
    ostat_error_clear();
    fx_check_error(ostat_swap_memory(ctx, &sw), OSTAT_EPARSE, proc, "vmstat",
                   3);
    ostat_ctx_free(ctx);
}
END_TEST

/* The disk and network files: /proc/diskstats, /proc/net/dev,
 * /proc/self/mounts and /proc/filesystems are read once in a section, so
 * the totals and the per-device lists, or two calls of disk_partitions,
 * describe the same instant. */
START_TEST(oneshot_disk_and_net_files)
{
    static const char dev_head[] =
        "Inter-|   Receive                                                |  "
        "Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|"
        "bytes    packets errs drop fifo colls carrier compressed\n";
    char dir[FX_PATH_MAX], buf[1024];
    struct ostat_disk_io_counters d = OSTAT_DISK_IO_COUNTERS_INIT, e;
    struct ostat_net_io_counters n = OSTAT_NET_IO_COUNTERS_INIT, m;
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/diskstats",
             "   8       0 sda 100 0 0 0 0 0 0 0 0 0 0\n"
             "   8       1 sda1 60 0 0 0\n");
    fx_write(dir, "sys/block/sda/dev", "8:0\n");
    snprintf(buf, sizeof(buf),
             "%s    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0\n", dev_head);
    fx_write(dir, "proc/net/dev", buf);
    fx_write(dir, "proc/filesystems", "nodev\tproc\n\text4\n");
    fx_write(dir, "proc/self/mounts",
             "/dev/sda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n");
    ctx = fx_ctx_at(dir);

    ck_assert_int_eq(ostat_ctx_oneshot_begin(ctx), 0);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);

    /* Everything changes; the section keeps its reads. */
    fx_write(dir, "proc/diskstats",
             "   8       0 sda 900 0 0 0 0 0 0 0 0 0 0\n");
    snprintf(buf, sizeof(buf),
             "%s    lo: 5000 50 0 0 0 0 0 0 5000 50 0 0 0 0 0 0\n"
             "  eth0: 7 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0\n",
             dev_head);
    fx_write(dir, "proc/net/dev", buf);
    fx_write(dir, "proc/filesystems", "nodev\tproc\n\txfs\n");
    fx_write(dir, "proc/self/mounts",
             "/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data ext4 rw 0 0\n"
             "proc /proc proc rw 0 0\n");
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &d), 0);
    ck_assert_uint_eq(d.read_count, 100);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &n), 0);
    ck_assert_uint_eq(n.bytes_recv, 1000);
    /* The mounts and types of the first read: ext4 is still on a device. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_ctx_oneshot_end(ctx), 0);

    /* After the section, every call reads afresh. */
    e = d;
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &e), 0);
    ck_assert_uint_eq(e.read_count, 900);
    m = n;
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &m), 0);
    ck_assert_uint_eq(m.bytes_recv, 5007);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 3);
    ostat_list_free(l);
    /* xfs is a device type now, ext4 is not. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- users() ---------------------------------------------------------------
 */

#if defined(__GLIBC__)
static void put_entry(short type,
                      const char *id,
                      const char *line,
                      const char *user,
                      size_t user_len,
                      const char *host,
                      size_t host_len,
                      pid_t pid,
                      int32_t sec)
{
    struct utmpx u;

    memset(&u, 0, sizeof(u));
    u.ut_type = type;
    memcpy(u.ut_id, id, strlen(id));
    memcpy(u.ut_line, line, strlen(line));
    memcpy(u.ut_user, user, user_len);
    memcpy(u.ut_host, host, host_len);
    u.ut_pid = pid;
    u.ut_tv.tv_sec = sec;
    ck_assert_ptr_nonnull(pututxline(&u));
}

static struct ostat_user user_at(const ostat_list *l, size_t i)
{
    struct ostat_user u = OSTAT_USER_INIT;

    ck_assert_int_eq(ostat_list_user(l, i, &u), 0);
    ck_assert_uint_eq(u.valid, OSTAT_USER_NAME | OSTAT_USER_TERMINAL |
                                   OSTAT_USER_HOST | OSTAT_USER_STARTED |
                                   OSTAT_USER_PID);
    return u;
}

/* A log callback that makes a failing call of its own (on a temporary
 * context) while the call that logs succeeds: the caller's error detail,
 * set before that call, is what it finds after. */
static void failing_logger(int32_t level, const char *message, void *payload)
{
    struct ostat_pressure p = OSTAT_PRESSURE_INIT;

    (void)level;
    (void)message;
    *(int *)payload += 1;
    ck_assert_int_eq(ostat_pressure(NULL, 99, &p), OSTAT_EINVAL);
}

START_TEST(error_detail_across_nested_calls)
{
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    ostat_ctx *ctx = fx_ctx("old-kernel-no-memavailable-no-zoneinfo");
    char small[2];
    size_t len = sizeof(small);
    int logged = 0;

    ostat_ctx_set_log(ctx, failing_logger, &logged);
    ck_assert_int_eq(ostat_bytes2human(123456789, small, &len), OSTAT_EBUFS);
    ck_assert_int_eq(ostat_virtual_memory(ctx, &vm), 0);
    ck_assert_int_gt(logged, 0);
    ck_assert_ptr_nonnull(ostat_error_last());
    ck_assert_int_eq(ostat_error_last()->code, OSTAT_EBUFS);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(users_from_utmp)
{
    static const char bad_utf8[] = "b\xff\xfe\xc3(ob";
    static const char name32[] = "abcdefghijklmnopqrstuvwxyz012345";
    char dir[FX_PATH_MAX], path[FX_PATH_MAX + 16], longhost[256];
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    ostat_list *l = NULL;
    struct ostat_user u;

    ck_assert_uint_eq(sizeof(name32) - 1, sizeof(((struct utmpx *)0)->ut_user));
    ck_assert_uint_eq(sizeof(longhost), sizeof(((struct utmpx *)0)->ut_host));
    memset(longhost, 'h', sizeof(longhost));

    fx_tmp_dir(dir);
    fx_write(dir, "var/run/utmp", "");
    snprintf(path, sizeof(path), "%s/var/run/utmp", dir);
    ck_assert_int_eq(utmpxname(path), 0);
    setutxent();
    put_entry(USER_PROCESS, "ts/0", "pts/0", "alice smith", 11, "", 0, 1001,
              1700000001);
    put_entry(USER_PROCESS, "tty1", "tty1", bad_utf8, sizeof(bad_utf8) - 1,
              ":0", 2, 1002, 1700000002);
    put_entry(DEAD_PROCESS, "ts/9", "pts/9", "ghost", 5, "gone.example", 12,
              1003, 1700000003);
    put_entry(USER_PROCESS, "ts/1", "pts/1", name32, sizeof(name32) - 1,
              "203.0.113.7", 11, 1004, 1700000004);
    put_entry(LOGIN_PROCESS, "tty2", "tty2", "LOGIN", 5, "", 0, 1005,
              1700000005);
    put_entry(USER_PROCESS, "ts/2", "pts/2", "carol", 5, ":0.0", 4, 1006,
              1700000006);
    put_entry(USER_PROCESS, "ts/3", "pts/3", "dave", 4, longhost,
              sizeof(longhost), 1007, 1700000007);
    endutxent();

    o.host_prefix = dir;
    ck_assert_int_eq(ostat_ctx_new(&o, &ctx), 0);
    ck_assert_int_eq(ostat_users(ctx, &l), 0);
    /* Five USER_PROCESS records; the DEAD_PROCESS and LOGIN_PROCESS ones
     * are skipped. */
    ck_assert_uint_eq(ostat_list_count(l), 5);

    u = user_at(l, 0);
    ck_assert_str_eq(u.name, "alice smith");
    ck_assert_str_eq(u.terminal, "pts/0");
    ck_assert_str_eq(u.host, "localhost"); /* empty host */
    ck_assert_int_eq(u.pid, 1001);
    ck_assert_close(u.started, 1700000001.0);

    /* The bytes as written, not repaired. */
    u = user_at(l, 1);
    ck_assert_uint_eq(strlen(u.name), sizeof(bad_utf8) - 1);
    ck_assert_mem_eq(u.name, bad_utf8, sizeof(bad_utf8) - 1);
    ck_assert_str_eq(u.terminal, "tty1");
    ck_assert_str_eq(u.host, "localhost"); /* ":0" */
    ck_assert_int_eq(u.pid, 1002);

    /* A name filling ut_user has no NUL: all 32 bytes, nothing more. */
    u = user_at(l, 2);
    ck_assert_str_eq(u.name, name32);
    ck_assert_str_eq(u.host, "203.0.113.7");
    ck_assert_int_eq(u.pid, 1004);
    ck_assert_close(u.started, 1700000004.0);

    u = user_at(l, 3);
    ck_assert_str_eq(u.name, "carol");
    ck_assert_str_eq(u.host, "localhost"); /* ":0.0" */

    /* A host filling ut_host is copied with its length. */
    u = user_at(l, 4);
    ck_assert_str_eq(u.name, "dave");
    ck_assert_uint_eq(strlen(u.host), sizeof(longhost));
    ck_assert_mem_eq(u.host, longhost, sizeof(longhost));
    ck_assert_int_eq(u.pid, 1007);

    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST
#endif

START_TEST(users_no_utmp)
{
    char dir[FX_PATH_MAX];
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    ostat_list *l = NULL;

    /* No utmp at all (musl, minimal containers): nobody, not an error. */
    fx_tmp_dir(dir);
    o.host_prefix = dir;
    ck_assert_int_eq(ostat_ctx_new(&o, &ctx), 0);
    ck_assert_int_eq(ostat_users(ctx, &l), 0);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

static Suite *runtime_suite(void)
{
    Suite *s = suite_create("linux-runtime");
    TCase *tc;

    tc = tcase_create("percent");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, percent_first_call_then_deltas);
    tcase_add_test(tc, percent_steal_backwards);
    tcase_add_test(tc, percent_short_interval);
    tcase_add_test(tc, percent_clamped_to_100);
    tcase_add_test(tc, percent_with_interval);
    tcase_add_test(tc, percpu_offline_online);
    suite_add_tcase(s, tc);

    tc = tcase_create("oneshot");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, oneshot_caches_reads);
    tcase_add_test(tc, oneshot_shared_between_functions);
    tcase_add_test(tc, oneshot_disk_and_net_files);
    tcase_add_test(tc, swap_vmstat_lines);
    suite_add_tcase(s, tc);

    tc = tcase_create("users");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
#if defined(__GLIBC__)
    /* musl's pututxline() writes nothing. */
    tcase_add_test(tc, error_detail_across_nested_calls);
    tcase_add_test(tc, users_from_utmp);
#endif
    tcase_add_test(tc, users_no_utmp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(runtime_suite());
}
