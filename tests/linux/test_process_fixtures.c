/* SPDX-License-Identifier: MIT */
/* test_process_fixtures.c: the process API of the Linux backend against
 * recorded /proc/PID trees and trees built at run time.
 *
 * tests/fixtures/linux/proc-normal: pid 1 (init), 2 (kthreadd, a kernel
 * thread), 4242 (a process with every file: the reference for the
 * getters), 10 (says it is 4242's child but started before it), 100000 (a
 * child of 4242), and entries that are not pids (0x10, sys, stat, ...).
 * tests/fixtures/linux/proc-quirks: one oddity per pid (comm with
 * parentheses, cmdline formats, short stat lines, an old kernel's status
 * and smaps, a zombie, a directory without stat, hidden files, a thread
 * id). tests/fixtures/linux/proc-malformed: files that do not parse.
 *
 * Expected values are worked out by hand from the fixture text; the
 * comments quote what is used. Times divide by the clock ticks and memory
 * multiplies by the page size of the machine running the tests, as the
 * library does. */
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>

#include "fx.h"

/* /proc/stat of every proc-* tree: "btime 1700000000". */
#define BTIME 1700000000.0
/* /proc/meminfo of every proc-* tree: "MemTotal: 8000000 kB". */
#define MEMTOTAL KB(8000000)

static ostat_proc *open_pid(ostat_ctx *ctx, ostat_pid_t pid)
{
    ostat_proc *p = NULL;
    int rc = ostat_proc_open(ctx, pid, &p);

    ck_assert_msg(rc == 0, "ostat_proc_open(%lld): %s", (long long)pid,
                  ostat_err_name(rc));
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(ostat_proc_pid(p), pid);
    return p;
}

/* The process's name; @buf holds 256 bytes. */
static const char *name_of(ostat_proc *p, char *buf)
{
    size_t len = 256;
    int rc = ostat_proc_name(p, buf, &len);

    ck_assert_msg(rc == 0, "ostat_proc_name: %s", ostat_err_name(rc));
    ck_assert_uint_eq(len, strlen(buf));
    return buf;
}

/* The command line of @pid must be the @n strings of @want. */
static void
expect_cmdline(ostat_ctx *ctx, ostat_pid_t pid, size_t n, const char **want)
{
    ostat_proc *p = open_pid(ctx, pid);
    ostat_list *l = NULL;
    const char *s;
    size_t i, len;

    ck_assert_int_eq(ostat_proc_cmdline(p, &l), 0);
    ck_assert_msg(ostat_list_count(l) == n, "pid %lld: %zu arguments, not %zu",
                  (long long)pid, ostat_list_count(l), n);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(ostat_list_string(l, i, &s, &len), 0);
        ck_assert_str_eq(s, want[i]);
        ck_assert_uint_eq(len, strlen(want[i]));
    }
    ostat_list_free(l);
    ostat_proc_free(p);
}

/* @list holds the integers @want in this order. */
static void expect_ints(const ostat_list *list, size_t n, const int64_t *want)
{
    int64_t v;
    size_t i;

    ck_assert_uint_eq(ostat_list_count(list), n);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(ostat_list_int64(list, i, &v), 0);
        ck_assert_int_eq(v, want[i]);
    }
}

/* @list holds the integers @want in any order. */
static void
expect_int_set(const ostat_list *list, size_t n, const int64_t *want)
{
    int64_t v;
    size_t i, j;

    ck_assert_uint_eq(ostat_list_count(list), n);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(ostat_list_int64(list, i, &v), 0);
        for (j = 0; j < n && want[j] != v; j++) {
        }
        ck_assert_msg(j < n, "unexpected %lld", (long long)v);
    }
}

/* An error about pid @pid's file @file: the detail names both. */
static void
expect_proc_error(int rc, int code, ostat_pid_t pid, const char *file)
{
    const ostat_error *e = ostat_error_last();
    size_t wl, fl = strlen(file);

    ck_assert_msg(rc == code, "rc %s, expected %s", ostat_err_name(rc),
                  ostat_err_name(code));
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, code);
    ck_assert_int_eq(e->pid, pid);
    ck_assert_msg(strstr(e->message, file) != NULL,
                  "message \"%s\" does not name %s", e->message, file);
    wl = strlen(e->where);
    ck_assert_msg(wl >= fl && strcmp(e->where + wl - fl, file) == 0,
                  "where \"%s\" is not %s", e->where, file);
}

/* ---- proc-normal: pid 4242 ----------------------------------------------
 */

/* 4242/stat:
 * 4242 (python3) S 1 4242 4242 0 -1 4194560 12345 0 67 0 1500 250 30 12 25
 * 5 2 0 987654 230686720 4096 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0
 * 17 3 0 0 77 0 0 0 0 0 0 0 0 0 0
 * fields: ppid 1, tty_nr 0, minflt 12345, majflt 67, utime 1500, stime 250,
 * cutime 30, cstime 12, nice 5, num_threads 2, starttime 987654,
 * processor 3, delayacct_blkio_ticks 77. */
START_TEST(normal_stat_getters)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;
    char buf[256];
    double ct;
    ostat_pid_t ppid = -1;
    int32_t v;
    int running = -1;

    ck_assert_str_eq(name_of(p, buf), "python3");
    ck_assert_int_eq(ostat_proc_create_time(p, &ct), 0);
    ck_assert_close(ct, BTIME + 987654.0 / fx_tck());
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), 0);
    ck_assert_int_eq(ppid, 1);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 1);
    ck_assert_int_eq(ostat_proc_status(p, &v), 0);
    ck_assert_int_eq(v, OSTAT_STATUS_SLEEPING);
    ck_assert_str_eq(ostat_status_name(v), "sleeping");
    ck_assert_int_eq(ostat_proc_nice(p, &v), 0);
    ck_assert_int_eq(v, 5);
    ck_assert_int_eq(ostat_proc_num_threads(p, &v), 0);
    ck_assert_int_eq(v, 2);
    ck_assert_int_eq(ostat_proc_cpu_num(p, &v), 0);
    ck_assert_int_eq(v, 3);

    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_uint_eq(t.valid, OSTAT_PROC_CPU_TIMES_USER |
                                   OSTAT_PROC_CPU_TIMES_SYSTEM |
                                   OSTAT_PROC_CPU_TIMES_CHILDREN_USER |
                                   OSTAT_PROC_CPU_TIMES_CHILDREN_SYSTEM |
                                   OSTAT_PROC_CPU_TIMES_IOWAIT);
    ck_assert_close(t.user, 1500 / fx_tck());
    ck_assert_close(t.system, 250 / fx_tck());
    ck_assert_close(t.children_user, 30 / fx_tck());
    ck_assert_close(t.children_system, 12 / fx_tck());
    ck_assert_close(t.iowait, 77 / fx_tck());

    ck_assert_int_eq(ostat_proc_page_faults(p, &pf), 0);
    ck_assert_uint_eq(pf.valid, OSTAT_PROC_PAGE_FAULTS_MINOR |
                                    OSTAT_PROC_PAGE_FAULTS_MAJOR);
    ck_assert_uint_eq(pf.minor, 12345);
    ck_assert_uint_eq(pf.major, 67);

    /* tty_nr 0: no terminal. */
    {
        size_t len = sizeof(buf);

        ck_assert_int_eq(ostat_proc_terminal(p, buf, &len), 0);
        ck_assert_str_eq(buf, "");
        ck_assert_uint_eq(len, 0);
    }
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/status: "Uid: 1000 1001 1002 1003", "Gid: 100 101 102 103",
 * "Cpus_allowed_list: 0-3,8", "voluntary_ctxt_switches: 321",
 * "nonvoluntary_ctxt_switches: 45". */
START_TEST(normal_status_getters)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    const uint64_t all_ids =
        OSTAT_PROC_IDS_REAL | OSTAT_PROC_IDS_EFFECTIVE | OSTAT_PROC_IDS_SAVED;
    static const int64_t cpus[] = { 0, 1, 2, 3, 8 };
    ostat_list *l = NULL;
    struct passwd *pw;
    char buf[256], want[32];
    size_t len = sizeof(buf);

    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_uint_eq(ids.valid, all_ids);
    ck_assert_int_eq(ids.real, 1000);
    ck_assert_int_eq(ids.effective, 1001);
    ck_assert_int_eq(ids.saved, 1002);
    ck_assert_int_eq(ostat_proc_gids(p, &ids), 0);
    ck_assert_uint_eq(ids.valid, all_ids);
    ck_assert_int_eq(ids.real, 100);
    ck_assert_int_eq(ids.effective, 101);
    ck_assert_int_eq(ids.saved, 102);

    /* The real uid's name on this machine, or the uid in decimal. */
    pw = getpwuid(1000);
    snprintf(want, sizeof(want), "%s", pw ? pw->pw_name : "1000");
    ck_assert_int_eq(ostat_proc_username(p, buf, &len), 0);
    ck_assert_str_eq(buf, want);

    ck_assert_int_eq(ostat_proc_num_ctx_switches(p, &cs), 0);
    ck_assert_uint_eq(cs.valid, OSTAT_PROC_CTX_SWITCHES_VOLUNTARY |
                                    OSTAT_PROC_CTX_SWITCHES_INVOLUNTARY);
    ck_assert_uint_eq(cs.voluntary, 321);
    ck_assert_uint_eq(cs.involuntary, 45);

    ck_assert_int_eq(ostat_proc_cpu_affinity(p, &l), 0);
    expect_ints(l, 5, cpus);
    ostat_list_free(l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/statm: "56320 4096 1536 2 0 2560 0" (pages: size, resident, shared,
 * text, lib, data, dt); 4242/status: VmPeak 230000, VmHWM 20480,
 * RssAnon 10240, RssFile 5120, RssShmem 1024, VmSwap 512,
 * HugetlbPages 2048 (kB). */
START_TEST(normal_memory_info)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    const uint64_t pg = fx_page_size();
    double pct;

    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(m.valid, (OSTAT_PROC_MEMORY_INFO_HUGETLB << 1) - 1);
    ck_assert_uint_eq(m.vms, 56320 * pg);
    ck_assert_uint_eq(m.rss, 4096 * pg);
    ck_assert_uint_eq(m.shared, 1536 * pg);
    ck_assert_uint_eq(m.text, 2 * pg);
    ck_assert_uint_eq(m.data, 2560 * pg);
    ck_assert_uint_eq(m.peak_vms, KB(230000));
    ck_assert_uint_eq(m.peak_rss, KB(20480));
    ck_assert_uint_eq(m.rss_anon, KB(10240));
    ck_assert_uint_eq(m.rss_file, KB(5120));
    ck_assert_uint_eq(m.rss_shmem, KB(1024));
    ck_assert_uint_eq(m.swap, KB(512));
    ck_assert_uint_eq(m.hugetlb, KB(2048));

    /* memory_percent: the field over MemTotal. */
    ck_assert_int_eq(ostat_proc_memory_percent(p, NULL, &pct), 0);
    ck_assert_close(pct, (double)(4096 * pg) / (double)MEMTOTAL * 100);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "rss", &pct), 0);
    ck_assert_close(pct, (double)(4096 * pg) / (double)MEMTOTAL * 100);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "vms", &pct), 0);
    ck_assert_close(pct, (double)(56320 * pg) / (double)MEMTOTAL * 100);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "rss_anon", &pct), 0);
    ck_assert_close(pct, (double)KB(10240) / (double)MEMTOTAL * 100);
    /* uss from smaps_rollup, below. */
    ck_assert_int_eq(ostat_proc_memory_percent(p, "uss", &pct), 0);
    ck_assert_close(pct, (double)KB(13048) / (double)MEMTOTAL * 100);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "pss", &pct), 0);
    ck_assert_close(pct, (double)KB(9000) / (double)MEMTOTAL * 100);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/smaps_rollup: "Pss: 9000 kB" (not Pss_Anon 7000, Pss_File 2000,
 * Pss_Dirty 8000), "Private_Clean: 1200 kB", "Private_Dirty: 9800 kB",
 * "Private_Hugetlb: 2048 kB" (uss = 13048 kB), "Swap: 512 kB" (not
 * SwapPss 300). */
START_TEST(normal_memory_footprint)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    struct ostat_proc_memory_footprint f = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;

    ck_assert_int_eq(ostat_proc_memory_footprint(p, &f), 0);
    ck_assert_uint_eq(f.valid, OSTAT_PROC_MEMORY_FOOTPRINT_USS |
                                   OSTAT_PROC_MEMORY_FOOTPRINT_PSS |
                                   OSTAT_PROC_MEMORY_FOOTPRINT_SWAP);
    ck_assert_uint_eq(f.uss, KB(1200 + 9800 + 2048));
    ck_assert_uint_eq(f.pss, KB(9000));
    ck_assert_uint_eq(f.swap, KB(512));
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/io: rchar 1048576, wchar 524288, syscr 300, syscw 200,
 * read_bytes 4096000, write_bytes 8192, cancelled_write_bytes 0. */
START_TEST(normal_io_counters)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;

    ck_assert_int_eq(ostat_proc_io_counters(p, &io), 0);
    ck_assert_uint_eq(io.valid, (OSTAT_PROC_IO_COUNTERS_WRITE_CHARS << 1) - 1);
    ck_assert_uint_eq(io.read_count, 300);
    ck_assert_uint_eq(io.write_count, 200);
    ck_assert_uint_eq(io.read_bytes, 4096000);
    ck_assert_uint_eq(io.write_bytes, 8192);
    ck_assert_uint_eq(io.read_chars, 1048576);
    ck_assert_uint_eq(io.write_chars, 524288);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/cmdline "/usr/bin/python3\0-m\0http.server\0"; 4242/environ
 * "PATH=/usr/bin:/bin\0HOME=/home/alice\0NOEQUALS\0=hidden\0EMPTY=\0
 * LANG=C.UTF-8\0A=b=c\0\0AFTER=gone\0": NOEQUALS and =hidden are skipped,
 * the empty entry ends the block before AFTER. */
START_TEST(normal_cmdline_environ)
{
    static const char *argv[] = { "/usr/bin/python3", "-m", "http.server" };
    static const char *names[] = { "PATH", "HOME", "EMPTY", "LANG", "A" };
    static const char *values[] = { "/usr/bin:/bin", "/home/alice", "",
                                    "C.UTF-8", "b=c" };
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p;
    ostat_list *l = NULL;
    size_t i;

    expect_cmdline(ctx, 4242, 3, argv);
    p = open_pid(ctx, 4242);
    ck_assert_int_eq(ostat_proc_environ(p, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 5);
    for (i = 0; i < 5; i++) {
        struct ostat_proc_environ_var v = OSTAT_PROC_ENVIRON_VAR_INIT;

        ck_assert_int_eq(ostat_list_environ_var(l, i, &v), 0);
        ck_assert_uint_eq(v.valid, OSTAT_PROC_ENVIRON_VAR_NAME |
                                       OSTAT_PROC_ENVIRON_VAR_VALUE);
        ck_assert_str_eq(v.name, names[i]);
        ck_assert_str_eq(v.value, values[i]);
    }
    ostat_list_free(l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 4242/task/4242/stat: utime 1000, stime 200; 4242/task/4243/stat
 * "4243 (pool) (1) S ..." utime 500, stime 50 (the thread's name holds
 * parentheses: the fields start after the last one). 4242/fd holds 0, 1, 2
 * and 5; 4242/exe and 4242/cwd are links. */
START_TEST(normal_threads_fds_links)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    ostat_list *l = NULL;
    int seen = 0;
    size_t i, len;
    int32_t n;
    char buf[256];

    ck_assert_int_eq(ostat_proc_threads(p, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    for (i = 0; i < 2; i++) {
        struct ostat_proc_thread t = OSTAT_PROC_THREAD_INIT;

        ck_assert_int_eq(ostat_list_thread(l, i, &t), 0);
        ck_assert_uint_eq(t.valid, OSTAT_PROC_THREAD_ID |
                                       OSTAT_PROC_THREAD_USER_TIME |
                                       OSTAT_PROC_THREAD_SYSTEM_TIME);
        if (t.id == 4242) {
            seen |= 1;
            ck_assert_close(t.user_time, 1000 / fx_tck());
            ck_assert_close(t.system_time, 200 / fx_tck());
        } else {
            ck_assert_int_eq(t.id, 4243);
            seen |= 2;
            ck_assert_close(t.user_time, 500 / fx_tck());
            ck_assert_close(t.system_time, 50 / fx_tck());
        }
    }
    ck_assert_int_eq(seen, 3);
    ostat_list_free(l);

    ck_assert_int_eq(ostat_proc_num_fds(p, &n), 0);
    ck_assert_int_eq(n, 4);

    len = sizeof(buf);
    ck_assert_int_eq(ostat_proc_exe(p, buf, &len), 0);
    ck_assert_str_eq(buf, "/usr/bin/python3.12");
    len = sizeof(buf);
    ck_assert_int_eq(ostat_proc_cwd(p, buf, &len), 0);
    ck_assert_str_eq(buf, "/home/alice");
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Family: 4242's ppid is 1 (starttime 1 <= 987654); 100000 has ppid 4242
 * and starttime 1000000; 10 has ppid 4242 but starttime 500, before 4242:
 * not its child, and its parent is none. 1 and 2 have ppid 0. */
START_TEST(normal_family)
{
    static const int64_t one[] = { 1 };
    static const int64_t up[] = { 4242, 1 };
    static const int64_t kids1[] = { 4242 };
    static const int64_t all1[] = { 4242, 100000 };
    static const int64_t kids4242[] = { 100000 };
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242), *q = NULL;
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_proc_parent(p, &q), 0);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(ostat_proc_pid(q), 1);
    ck_assert_int_eq(ostat_proc_parents(p, &l), 0);
    expect_ints(l, 1, one);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_proc_children(p, 0, &l), 0);
    expect_int_set(l, 1, kids4242);
    ostat_list_free(l);

    /* pid 1: no parent, one child, two descendants. */
    ostat_proc_free(p);
    ck_assert_int_eq(ostat_proc_parent(q, &p), 0);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(ostat_proc_children(q, 0, &l), 0);
    expect_int_set(l, 1, kids1);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_proc_children(q, 1, &l), 0);
    expect_int_set(l, 2, all1);
    ostat_list_free(l);
    ostat_proc_free(q);

    q = open_pid(ctx, 100000);
    ck_assert_int_eq(ostat_proc_parents(q, &l), 0);
    expect_ints(l, 2, up);
    ostat_list_free(l);
    ostat_proc_free(q);

    q = open_pid(ctx, 10);
    ck_assert_int_eq(ostat_proc_parent(q, &p), 0);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(ostat_proc_parents(q, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_proc_free(q);
    ostat_ctx_free(ctx);
}
END_TEST

/* pid 2, kthreadd: an empty cmdline on a live process is an empty list;
 * status has no Vm* or Rss* lines, statm is all zeros. */
START_TEST(normal_kernel_thread)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 2);
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    ostat_list *l = NULL;
    char buf[256];

    ck_assert_str_eq(name_of(p, buf), "kthreadd");
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(
        m.valid, OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS |
                     OSTAT_PROC_MEMORY_INFO_SHARED |
                     OSTAT_PROC_MEMORY_INFO_TEXT | OSTAT_PROC_MEMORY_INFO_DATA);
    ck_assert_uint_eq(m.rss, 0);
    ck_assert_uint_eq(m.vms, 0);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* proc-normal holds the directories 1, 2, 10, 4242, 100000 and the
 * entries 0x10, sys, stat, meminfo, uptime, which are not pids. */
START_TEST(normal_pids)
{
    static const int64_t want[] = { 1, 2, 10, 4242, 100000 };
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_list *l = NULL;
    int e = -1;

    ck_assert_int_eq(ostat_pids(ctx, &l), 0);
    expect_ints(l, 5, want);
    ostat_list_free(l);

    ck_assert_int_eq(ostat_pid_exists(ctx, 4242, &e), 0);
    ck_assert_int_eq(e, 1);
    ck_assert_int_eq(ostat_pid_exists(ctx, 1, &e), 0);
    ck_assert_int_eq(e, 1);
    ck_assert_int_eq(ostat_pid_exists(ctx, 4243, &e), 0);
    ck_assert_int_eq(e, 0);
    ck_assert_int_eq(ostat_pid_exists(ctx, 0, &e), 0);
    ck_assert_int_eq(e, 0);
    ck_assert_int_eq(ostat_pid_exists(ctx, 99999, &e), 0);
    ck_assert_int_eq(e, 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* Pids that are not there, or pid 0. */
START_TEST(normal_no_such_pid)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = NULL;

    ck_assert_int_eq(ostat_proc_open(ctx, 99999, &p), OSTAT_ENOPROC);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(ostat_proc_open(ctx, 0, &p), OSTAT_ENOPROC);
    ck_assert_ptr_null(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- proc-quirks --------------------------------------------------------
 */

/* 101/stat "101 (a) (b c)) S 1 ...": the name runs from the first "(" to
 * the last ")"; the fields after it are intact (utime 7). */
START_TEST(quirk_comm_parentheses)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 101);
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    ostat_pid_t ppid = -1;
    int32_t st;
    char buf[256];

    ck_assert_str_eq(name_of(p, buf), "a) (b c)");
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_SLEEPING);
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), 0);
    ck_assert_int_eq(ppid, 1);
    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_close(t.user, 7 / fx_tck());
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 102: comm "systemd-network" (15 bytes, cut by the kernel), cmdline
 * "/usr/lib/systemd/systemd-networkd\0": the basename of argv[0] starts
 * with comm and is longer. 113: comm "gnome-shell-cal", argv[0]
 * "/usr/libexec/evolution-calendar-factory" does not start with it: comm
 * stays. */
START_TEST(quirk_long_name)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 102);
    char buf[256];
    size_t len = 4;

    ck_assert_str_eq(name_of(p, buf), "systemd-networkd");
    /* The size needed is the long name's, with its NUL. */
    ck_assert_int_eq(ostat_proc_name(p, buf, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, 17);
    ostat_proc_free(p);

    p = open_pid(ctx, 113);
    ck_assert_str_eq(name_of(p, buf), "gnome-shell-cal");
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* psutil's cmdline rules (psutil-api.md 2.7). */
START_TEST(quirk_cmdline_forms)
{
    /* 103: "sshd: alice [priv]", no trailing NUL: split on spaces. */
    static const char *c103[] = { "sshd:", "alice", "[priv]" };
    /* 104: "/usr/bin/python3 -m http.server\0": one NUL-terminated
     * argument holding spaces: split on spaces. */
    static const char *c104[] = { "/usr/bin/python3", "-m", "http.server" };
    /* 105: "ls\0\0-l\0": an empty argument is kept. */
    static const char *c105[] = { "ls", "", "-l" };
    ostat_ctx *ctx = fx_ctx("proc-quirks");

    expect_cmdline(ctx, 103, 3, c103);
    expect_cmdline(ctx, 104, 3, c104);
    expect_cmdline(ctx, 105, 3, c105);
    ostat_ctx_free(ctx);
}
END_TEST

/* 106/stat stops after field 41 (policy): no delayacct_blkio_ticks;
 * utime 10, stime 20, cutime 3, cstime 4, processor 1. 107/stat stops after
 * field 38 (exit_signal): no processor either. */
START_TEST(quirk_short_stat)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 106);
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    const uint64_t four = OSTAT_PROC_CPU_TIMES_USER |
                          OSTAT_PROC_CPU_TIMES_SYSTEM |
                          OSTAT_PROC_CPU_TIMES_CHILDREN_USER |
                          OSTAT_PROC_CPU_TIMES_CHILDREN_SYSTEM;
    int32_t cpu = -1;

    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_uint_eq(t.valid, four);
    ck_assert_close(t.user, 10 / fx_tck());
    ck_assert_close(t.system, 20 / fx_tck());
    ck_assert_close(t.children_user, 3 / fx_tck());
    ck_assert_close(t.children_system, 4 / fx_tck());
    ck_assert_int_eq(ostat_proc_cpu_num(p, &cpu), 0);
    ck_assert_int_eq(cpu, 1);
    ostat_proc_free(p);

    p = open_pid(ctx, 107);
    t.valid = 0;
    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_uint_eq(t.valid, four);
    ck_assert_close(t.system, 20 / fx_tck());
    cpu = -1;
    ck_assert_int_eq(ostat_proc_cpu_num(p, &cpu), OSTAT_ENOTSUP);
    ck_assert_int_eq(cpu, -1);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 108: a 4.4-era status without RssAnon, RssFile, RssShmem, VmSwap and
 * HugetlbPages; "VmPeak: 50000 kB", "VmHWM: 4000 kB"; statm
 * "12000 750 500 10 0 600 0". No smaps_rollup (before 4.14); smaps with
 * three mappings:
 *   r-xp oldkernel: Pss 120, Private_Clean 40, Private_Dirty 0, Swap 0
 *   rw-p oldkernel: Pss 4, Private_Clean 0, Private_Dirty 4, Swap 8
 *   [heap]:         Pss 100, Private_Clean 0, Private_Dirty 100, Swap 60
 * uss 144 kB, pss 224 kB, swap 68 kB (SwapPss 8 and 30 do not count). */
START_TEST(quirk_old_kernel_memory)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 108);
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint f = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    const uint64_t pg = fx_page_size();
    double pct = -1;

    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(
        m.valid, OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS |
                     OSTAT_PROC_MEMORY_INFO_SHARED |
                     OSTAT_PROC_MEMORY_INFO_TEXT | OSTAT_PROC_MEMORY_INFO_DATA |
                     OSTAT_PROC_MEMORY_INFO_PEAK_RSS |
                     OSTAT_PROC_MEMORY_INFO_PEAK_VMS);
    ck_assert_uint_eq(m.vms, 12000 * pg);
    ck_assert_uint_eq(m.rss, 750 * pg);
    ck_assert_uint_eq(m.shared, 500 * pg);
    ck_assert_uint_eq(m.text, 10 * pg);
    ck_assert_uint_eq(m.data, 600 * pg);
    ck_assert_uint_eq(m.peak_vms, KB(50000));
    ck_assert_uint_eq(m.peak_rss, KB(4000));
    /* A field the kernel does not give cannot be a percentage. */
    ck_assert_int_eq(ostat_proc_memory_percent(p, "rss_anon", &pct),
                     OSTAT_ENOTSUP);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "swap", &pct), OSTAT_ENOTSUP);

    ck_assert_int_eq(ostat_proc_memory_footprint(p, &f), 0);
    ck_assert_uint_eq(f.valid, OSTAT_PROC_MEMORY_FOOTPRINT_USS |
                                   OSTAT_PROC_MEMORY_FOOTPRINT_PSS |
                                   OSTAT_PROC_MEMORY_FOOTPRINT_SWAP);
    ck_assert_uint_eq(f.uss, KB(40 + 4 + 100));
    ck_assert_uint_eq(f.pss, KB(120 + 4 + 100));
    ck_assert_uint_eq(f.swap, KB(0 + 8 + 60));
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 109/stat "109 (defunct) Z 101 ...", empty cmdline and environ. */
START_TEST(quirk_zombie)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 109);
    ostat_list *l = (ostat_list *)ctx; /* must become NULL */
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    ostat_pid_t ppid = -1;
    int32_t st = -1;
    int running = -1, e = -1;
    char buf[256];

    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_ZOMBIE);
    ck_assert_str_eq(ostat_status_name(st), "zombie");
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_int_eq(ostat_error_last()->pid, 109);
    ck_assert_str_eq(ostat_error_last()->where, "cmdline");
    ck_assert_ptr_null(l);
    ck_assert(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC));
    l = (ostat_list *)ctx;
    ck_assert_int_eq(ostat_proc_environ(p, &l), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_ptr_null(l);
    /* What stat tells still works; the name comes from comm. */
    ck_assert_str_eq(name_of(p, buf), "defunct");
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), 0);
    ck_assert_int_eq(ppid, 101);
    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_close(t.user, 3 / fx_tck());
    /* A zombie still runs, and exists. */
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 1);
    ck_assert_int_eq(ostat_pid_exists(ctx, 109, &e), 0);
    ck_assert_int_eq(e, 1);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 110 has a status but no stat: no process. */
START_TEST(quirk_no_stat)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = (ostat_proc *)ctx;

    ck_assert_int_eq(ostat_proc_open(ctx, 110, &p), OSTAT_ENOPROC);
    ck_assert_ptr_null(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 111 has only its stat, as if the other files were hidden: getters that
 * need them fail with an OS error (the process itself is still there, so
 * not OSTAT_ENOPROC, psutil-api.md 2.2), those of stat work. */
START_TEST(quirk_hidden_files)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    ostat_proc *p = open_pid(ctx, 111);
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint f = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    ostat_list *l = NULL;
    int32_t v;
    double d;
    char buf[256];
    int running = -1;

    ck_assert_str_eq(name_of(p, buf), "hidden");
    ck_assert_int_eq(ostat_proc_status(p, &v), 0);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 1);
    expect_proc_error(ostat_proc_cmdline(p, &l), OSTAT_EOS, 111, "cmdline");
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_error_last()->os_errno, ENOENT);
    expect_proc_error(ostat_proc_environ(p, &l), OSTAT_EOS, 111, "environ");
    expect_proc_error(ostat_proc_uids(p, &ids), OSTAT_EOS, 111, "status");
    ck_assert_uint_eq(ids.valid, 0);
    ck_assert_int_eq(ostat_proc_gids(p, &ids), OSTAT_EOS);
    ck_assert_int_eq(ostat_proc_num_ctx_switches(p, &cs), OSTAT_EOS);
    ck_assert_int_eq(ostat_proc_cpu_affinity(p, &l), OSTAT_EOS);
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), OSTAT_EOS);
    ck_assert_uint_eq(m.valid, 0);
    ck_assert_int_eq(ostat_proc_memory_percent(p, "rss", &d), OSTAT_EOS);
    ck_assert_int_eq(ostat_proc_memory_footprint(p, &f), OSTAT_EOS);
    expect_proc_error(ostat_proc_io_counters(p, &io), OSTAT_EOS, 111, "io");
    ck_assert_int_eq(ostat_proc_threads(p, &l), OSTAT_EOS);
    ck_assert_int_eq(ostat_proc_num_fds(p, &v), OSTAT_EOS);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* 112's status says "Tgid: 108": a thread id, which pid_exists() does not
 * count; 108 and 110 (a status with its own Tgid) do count. */
START_TEST(quirk_thread_id)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    int e = -1;

    ck_assert_int_eq(ostat_pid_exists(ctx, 112, &e), 0);
    ck_assert_int_eq(e, 0);
    ck_assert_int_eq(ostat_pid_exists(ctx, 108, &e), 0);
    ck_assert_int_eq(e, 1);
    ck_assert_int_eq(ostat_pid_exists(ctx, 110, &e), 0);
    ck_assert_int_eq(e, 1);
    ostat_ctx_free(ctx);
}
END_TEST

/* pid 111 has only its stat: when <pid>/status cannot be read, psutil
 * falls back to `pid in pids()` (psutil-api.md 2.5), so this is 1; on a
 * live system with hidepid=1 or a restrictive LSM, other users' processes
 * must not be reported as gone. */
START_TEST(quirk_pid_exists_without_status)
{
    ostat_ctx *ctx = fx_ctx("proc-quirks");
    int e = -1;

    ck_assert_int_eq(ostat_pid_exists(ctx, 111, &e), 0);
    ck_assert_int_eq(e, 1);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- proc-malformed -----------------------------------------------------
 */

START_TEST(malformed_files)
{
    ostat_ctx *ctx = fx_ctx("proc-malformed");
    ostat_proc *p = (ostat_proc *)ctx;
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;

    /* 201/stat "201 (no-paren S 1 ...": no ")". */
    expect_proc_error(ostat_proc_open(ctx, 201, &p), OSTAT_EPARSE, 201, "stat");
    ck_assert_ptr_null(p);
    /* 204/stat "204 (short) S 1 204 204 0 -1": no starttime. */
    p = (ostat_proc *)ctx;
    expect_proc_error(ostat_proc_open(ctx, 204, &p), OSTAT_EPARSE, 204, "stat");
    ck_assert_ptr_null(p);

    /* 202/status "Uid:\tgarbage". */
    p = open_pid(ctx, 202);
    expect_proc_error(ostat_proc_uids(p, &ids), OSTAT_EPARSE, 202, "status");
    ck_assert_uint_eq(ids.valid, 0);
    ostat_proc_free(p);

    /* 203/statm "123 45": two numbers of seven. */
    p = open_pid(ctx, 203);
    expect_proc_error(ostat_proc_memory_info(p, &m), OSTAT_EPARSE, 203,
                      "statm");
    ck_assert_uint_eq(m.valid, 0);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- trees built at run time --------------------------------------------
 */

/* A stat line for pid @pid with @ppid and @start, 52 fields. */
static void write_stat(const char *dir, int pid, int ppid, int start)
{
    char rel[64], text[512];

    snprintf(rel, sizeof(rel), "proc/%d/stat", pid);
    snprintf(text, sizeof(text),
             "%d (reused) S %d %d %d 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 %d "
             "0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 "
             "0 0 0 0 0 0 0 0 0\n",
             pid, ppid, pid, pid, start);
    fx_write(dir, rel, text);
}

static void write_base(const char *dir)
{
    fx_write(dir, "proc/stat", "cpu  1 0 1 1 0 0 0 0 0 0\nbtime 1700000000\n");
}

/* The handle holds /proc/777 open. A stat there whose starttime changed
 * means another process: ppid(), parents() and children() refuse with
 * OSTAT_ENOPROC and is_running() is 0; getters keep what they read. (The
 * kernel never changes a directory's starttime; this is the closest a
 * tree of plain files gets to a reused pid.) */
START_TEST(runtime_reuse_in_place)
{
    char dir[FX_PATH_MAX], buf[256];
    ostat_ctx *ctx;
    ostat_proc *p;
    ostat_list *l = NULL;
    ostat_pid_t ppid = -1;
    double ct;
    int running = -1;

    fx_tmp_dir(dir);
    write_base(dir);
    write_stat(dir, 777, 1, 1000);
    ctx = fx_ctx_at(dir);
    p = open_pid(ctx, 777);
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), 0);
    ck_assert_int_eq(ppid, 1);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 1);

    write_stat(dir, 777, 42, 2000);
    ppid = -1;
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), OSTAT_ENOPROC);
    ck_assert_int_eq(ppid, -1);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 0);
    ck_assert_int_eq(ostat_proc_parents(p, &l), OSTAT_ENOPROC);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_proc_children(p, 0, &l), OSTAT_ENOPROC);
    ck_assert_ptr_null(l);
    /* The identity stays the one the handle was opened on. */
    ck_assert_int_eq(ostat_proc_create_time(p, &ct), 0);
    ck_assert_close(ct, BTIME + 1000 / fx_tck());
    ck_assert_str_eq(name_of(p, buf), "reused");

    /* Back to the first starttime: the same process again. */
    write_stat(dir, 777, 1, 1000);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 1);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* What the kernel does on pid reuse: the old /proc/777 goes, a new one
 * comes. The handle's directory is the old one, so it never reads the
 * newcomer's files: ppid() is OSTAT_ENOPROC and is_running() 0, while a new
 * handle sees the new process. */
START_TEST(runtime_reuse_new_directory)
{
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX];
    ostat_ctx *ctx;
    ostat_proc *p, *q;
    ostat_pid_t ppid = -1;
    double ct;
    int running = -1;

    fx_tmp_dir(dir);
    write_base(dir);
    write_stat(dir, 777, 1, 1000);
    fx_write(dir, "proc/777/cmdline", "old\0");
    ctx = fx_ctx_at(dir);
    p = open_pid(ctx, 777);

    snprintf(path, sizeof(path), "%s/proc/777", dir);
    fx_rm_rf(path);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 0);
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), OSTAT_ENOPROC);

    write_stat(dir, 777, 42, 2000);
    ck_assert_int_eq(ostat_proc_is_running(p, &running), 0);
    ck_assert_int_eq(running, 0);
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), OSTAT_ENOPROC);
    ck_assert_int_eq(ppid, -1);

    q = open_pid(ctx, 777);
    ck_assert_int_eq(ostat_proc_ppid(q, &ppid), 0);
    ck_assert_int_eq(ppid, 42);
    ck_assert_int_eq(ostat_proc_create_time(q, &ct), 0);
    ck_assert_close(ct, BTIME + 2000 / fx_tck());
    ostat_proc_free(q);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Files the reader may not open, as with hidepid=1. Returns 0 when every
 * check holds, else the number of the first that failed; no libcheck
 * assertions, so that it can run in a child without privileges. */
static int unreadable_checks(const char *dir)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    char proc[FX_PATH_MAX + 8], buf[256];
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    ostat_ctx *ctx = NULL;
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    size_t len = sizeof(buf);
    int32_t st;
    int bad = 0;

    snprintf(proc, sizeof(proc), "%s/proc", dir);
    o.procfs_root = proc;
    if (ostat_ctx_new(&o, &ctx) != 0) {
        return 1;
    }
    /* 555: stat readable, the rest mode 000. */
    if (ostat_proc_open(ctx, 555, &p) != 0) {
        bad = 2;
    } else if (ostat_proc_status(p, &st) != 0 || st != OSTAT_STATUS_SLEEPING) {
        bad = 3;
    } else if (ostat_proc_name(p, buf, &len) != 0 ||
               strcmp(buf, "hidden-service-") != 0) {
        bad = 4; /* cmdline denied: the cut comm stays */
    } else if (ostat_proc_cmdline(p, &l) != OSTAT_EACCES || l != NULL) {
        bad = 5;
    } else if (ostat_proc_environ(p, &l) != OSTAT_EACCES) {
        bad = 6;
    } else if (ostat_proc_uids(p, &ids) != OSTAT_EACCES || ids.valid != 0) {
        bad = 7;
    } else if (ostat_proc_memory_info(p, &m) != OSTAT_EACCES) {
        bad = 8;
    } else if (ostat_error_last()->os_errno != EACCES ||
               ostat_error_last()->pid != 555) {
        bad = 9;
    }
    ostat_proc_free(p);
    p = NULL;
    /* 556: every file mode 000, stat too. */
    if (bad == 0 &&
        (ostat_proc_open(ctx, 556, &p) != OSTAT_EACCES || p != NULL)) {
        bad = 10;
    }
    /* 557: the directory itself mode 000. */
    if (bad == 0 &&
        (ostat_proc_open(ctx, 557, &p) != OSTAT_EACCES || p != NULL)) {
        bad = 11;
    }
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
    return bad;
}

START_TEST(runtime_unreadable_files)
{
    static const char *const hidden[] = { "status", "cmdline", "environ",
                                          "statm", "io" };
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX];
    size_t i;
    int r, ws = 0;
    pid_t child;

    fx_tmp_dir(dir);
    write_base(dir);
    fx_write(dir, "proc/555/stat",
             "555 (hidden-service-) S 1 555 555 0 -1 4194560 0 0 0 0 0 0 0 0 "
             "20 0 1 0 3000 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 "
             "0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
        char rel[64];

        snprintf(rel, sizeof(rel), "proc/555/%s", hidden[i]);
        fx_write(dir, rel, "x\n");
        snprintf(path, sizeof(path), "%s/%s", dir, rel);
        ck_assert_int_eq(chmod(path, 0), 0);
    }
    write_stat(dir, 556, 1, 3000);
    snprintf(path, sizeof(path), "%s/proc/556/stat", dir);
    ck_assert_int_eq(chmod(path, 0), 0);
    write_stat(dir, 557, 1, 3000);
    snprintf(path, sizeof(path), "%s/proc/557", dir);
    ck_assert_int_eq(chmod(path, 0), 0);

    if (geteuid() != 0) {
        r = unreadable_checks(dir);
        ck_assert_msg(r == 0, "unreadable check %d failed", r);
        return;
    }
    /* root reads everything: check as nobody, in a child, after letting
     * nobody into the temporary directories. */
    ck_assert_int_eq(chmod(fx_tmp_root, 0755), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    child = fork();
    ck_assert_int_ne(child, -1);
    if (child == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
            setuid(65534) != 0) {
            _exit(100); /* cannot drop privileges here */
        }
        _exit(unreadable_checks(dir));
    }
    ck_assert_int_eq(waitpid(child, &ws, 0), child);
    ck_assert(WIFEXITED(ws));
    r = WEXITSTATUS(ws);
    if (r == 100) {
        return;
    }
    ck_assert_msg(r == 0, "unreadable check %d failed", r);
}
END_TEST

static Suite *process_suite(void)
{
    Suite *s = suite_create("linux-process-fixtures");
    TCase *tc = tcase_create("normal");

    tcase_add_test(tc, normal_stat_getters);
    tcase_add_test(tc, normal_status_getters);
    tcase_add_test(tc, normal_memory_info);
    tcase_add_test(tc, normal_memory_footprint);
    tcase_add_test(tc, normal_io_counters);
    tcase_add_test(tc, normal_cmdline_environ);
    tcase_add_test(tc, normal_threads_fds_links);
    tcase_add_test(tc, normal_family);
    tcase_add_test(tc, normal_kernel_thread);
    tcase_add_test(tc, normal_pids);
    tcase_add_test(tc, normal_no_such_pid);
    suite_add_tcase(s, tc);

    tc = tcase_create("quirks");
    tcase_add_test(tc, quirk_comm_parentheses);
    tcase_add_test(tc, quirk_long_name);
    tcase_add_test(tc, quirk_cmdline_forms);
    tcase_add_test(tc, quirk_short_stat);
    tcase_add_test(tc, quirk_old_kernel_memory);
    tcase_add_test(tc, quirk_zombie);
    tcase_add_test(tc, quirk_no_stat);
    tcase_add_test(tc, quirk_hidden_files);
    tcase_add_test(tc, quirk_thread_id);
    tcase_add_test(tc, quirk_pid_exists_without_status);
    tcase_add_test(tc, malformed_files);
    suite_add_tcase(s, tc);

    tc = tcase_create("runtime");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, runtime_reuse_in_place);
    tcase_add_test(tc, runtime_reuse_new_directory);
    tcase_add_test(tc, runtime_unreadable_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(process_suite());
}
