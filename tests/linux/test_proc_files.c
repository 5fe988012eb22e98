/* SPDX-License-Identifier: MIT */
/* test_proc_files.c: memory_maps and the cgroup path of recorded
 * /proc/PID trees, and cgroup v2 groups of recorded /sys/fs/cgroup trees.
 *
 * tests/fixtures/linux/proc-files/proc: pid 500 (a full smaps and a hybrid
 * cgroup file), 501 (an Rss value that is not a number; only v1 cgroup
 * lines), 502 (an idle kernel thread: empty smaps, "0::/"), 503 (a zombie:
 * empty smaps and cgroup), 504 (a header that does not parse; the "0::"
 * line first), 505 (a value before any header).
 * tests/fixtures/linux/cgroup-v2/sys/fs/cgroup: a v2 root and groups under
 * system.slice; tests/fixtures/linux/cgroup-hybrid/sys/fs/cgroup: v1
 * controllers there, v2 under unified/.
 *
 * Expected values are worked out by hand from the fixture text; smaps
 * sizes are kB and become bytes (x 1024). open_files needs real file
 * descriptors: the live suite tests it. */
#include "fx.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static ostat_proc *open_pid(ostat_ctx *ctx, ostat_pid_t pid)
{
    ostat_proc *p = NULL;
    int rc = ostat_proc_open(ctx, pid, &p);

    ck_assert_msg(rc == 0, "ostat_proc_open(%lld): %s", (long long)pid,
                  ostat_err_name(rc));
    return p;
}

/* One expected mapping: the path, then rss, size, pss, shared_clean,
 * shared_dirty, private_clean, private_dirty, referenced, anonymous, swap
 * in kB. */
struct want_map {
    const char *path;
    uint64_t start, end;
    const char *perms;
    uint64_t kb[10];
};

#define ALL_SIZES                                                              \
    (OSTAT_PROC_MMAP_RSS | OSTAT_PROC_MMAP_VSIZE | OSTAT_PROC_MMAP_PSS |       \
     OSTAT_PROC_MMAP_SHARED_CLEAN | OSTAT_PROC_MMAP_SHARED_DIRTY |             \
     OSTAT_PROC_MMAP_PRIVATE_CLEAN | OSTAT_PROC_MMAP_PRIVATE_DIRTY |           \
     OSTAT_PROC_MMAP_REFERENCED | OSTAT_PROC_MMAP_ANONYMOUS |                  \
     OSTAT_PROC_MMAP_SWAP)

static void
check_map(const ostat_list *l, size_t i, const struct want_map *w, int grouped)
{
    struct ostat_proc_mmap m = OSTAT_PROC_MMAP_INIT;
    uint64_t g[10];
    size_t k;

    ck_assert_int_eq(ostat_list_mmap(l, i, &m), 0);
    ck_assert_msg(m.path != NULL && strcmp(m.path, w->path) == 0,
                  "map %zu: path \"%s\", expected \"%s\"", i,
                  m.path ? m.path : "(null)", w->path);
    if (grouped) {
        ck_assert_uint_eq(m.valid, OSTAT_PROC_MMAP_PATH | ALL_SIZES);
        ck_assert_uint_eq(m.addr_start, 0);
        ck_assert_uint_eq(m.addr_end, 0);
        ck_assert_ptr_null(m.perms);
    } else {
        ck_assert_uint_eq(m.valid, OSTAT_PROC_MMAP_PATH |
                                       OSTAT_PROC_MMAP_ADDR_START |
                                       OSTAT_PROC_MMAP_ADDR_END |
                                       OSTAT_PROC_MMAP_PERMS | ALL_SIZES);
        ck_assert_uint_eq(m.addr_start, w->start);
        ck_assert_uint_eq(m.addr_end, w->end);
        ck_assert_str_eq(m.perms, w->perms);
    }
    g[0] = m.rss;
    g[1] = m.vsize;
    g[2] = m.pss;
    g[3] = m.shared_clean;
    g[4] = m.shared_dirty;
    g[5] = m.private_clean;
    g[6] = m.private_dirty;
    g[7] = m.referenced;
    g[8] = m.anonymous;
    g[9] = m.swap;
    for (k = 0; k < 10; k++) {
        ck_assert_msg(g[k] == KB(w->kb[k]),
                      "map %zu (%s): size field %zu is %llu, expected %llu", i,
                      w->path, k, (unsigned long long)g[k],
                      (unsigned long long)KB(w->kb[k]));
    }
}

/* 500/smaps, mapping by mapping (rss size pss sc sd pc pd ref anon swap):
 * the Pss_Dirty/Pss_Anon/Pss_File, SwapPss, *_Hugetlb, KernelPageSize,
 * THPeligible, ProtectionKey and VmFlags lines are not counted. The 4th
 * header ends "0 " (a blank, no path) and the 7th "0": both "[anon]".
 * "/nonexistent-ostat-fixture/libgone.so (deleted)" loses the suffix (the
 * path does not exist); "/dev/null (deleted)" keeps it (/dev/null
 * exists). [stack] has no Swap line: 0. */
static const struct want_map maps500[] = {
    { "/usr/bin/fxapp",
      0x400000,
      0x401000,
      "r-xp",
      { 4, 4, 4, 0, 0, 4, 0, 4, 0, 0 } },
    { "/usr/bin/fxapp",
      0x600000,
      0x602000,
      "rw-p",
      { 8, 8, 6, 0, 4, 0, 4, 8, 4, 4 } },
    { "[heap]",
      0x1000000,
      0x1021000,
      "rw-p",
      { 100, 132, 100, 0, 0, 0, 100, 100, 100, 12 } },
    { "[anon]",
      0x7f0000000000,
      0x7f0000100000,
      "rw-p",
      { 512, 1024, 512, 0, 0, 0, 512, 256, 512, 0 } },
    { "/nonexistent-ostat-fixture/libgone.so",
      0x7f0000200000,
      0x7f0000300000,
      "r--p",
      { 64, 1024, 32, 64, 0, 0, 0, 64, 0, 0 } },
    { "/dev/null (deleted)",
      0x7f0000400000,
      0x7f0000401000,
      "rw-s",
      { 0, 4, 0, 0, 0, 0, 0, 0, 0, 0 } },
    { "[anon]",
      0x7f0000500000,
      0x7f0000510000,
      "rw-p",
      { 64, 64, 64, 0, 0, 0, 64, 64, 64, 0 } },
    { "/opt/my app/data file.bin",
      0x7f0000600000,
      0x7f0000601000,
      "r--p",
      { 4, 4, 2, 4, 0, 0, 0, 4, 0, 0 } },
    { "[stack]",
      0x7ffc00000000,
      0x7ffc00021000,
      "rw-p",
      { 20, 132, 20, 0, 0, 0, 20, 20, 20, 0 } },
    { "[vsyscall]",
      0xffffffffff600000,
      0xffffffffff601000,
      "--xp",
      { 0, 4, 0, 0, 0, 0, 0, 0, 0, 0 } },
};

/* Grouped, in order of first appearance: fxapp = 1st + 2nd (rss 4+8,
 * size 4+8, pss 4+6, sd 0+4, pc 4+0, pd 0+4, ref 4+8, anon 0+4, swap
 * 0+4); [anon] = 4th + 7th (rss 512+64, size 1024+64, pss 512+64, pd
 * 512+64, ref 256+64, anon 512+64). */
static const struct want_map grouped500[] = {
    { "/usr/bin/fxapp", 0, 0, NULL, { 12, 12, 10, 0, 4, 4, 4, 12, 4, 4 } },
    { "[heap]", 0, 0, NULL, { 100, 132, 100, 0, 0, 0, 100, 100, 100, 12 } },
    { "[anon]", 0, 0, NULL, { 576, 1088, 576, 0, 0, 0, 576, 320, 576, 0 } },
    { "/nonexistent-ostat-fixture/libgone.so",
      0,
      0,
      NULL,
      { 64, 1024, 32, 64, 0, 0, 0, 64, 0, 0 } },
    { "/dev/null (deleted)", 0, 0, NULL, { 0, 4, 0, 0, 0, 0, 0, 0, 0, 0 } },
    { "/opt/my app/data file.bin",
      0,
      0,
      NULL,
      { 4, 4, 2, 4, 0, 0, 0, 4, 0, 0 } },
    { "[stack]", 0, 0, NULL, { 20, 132, 20, 0, 0, 0, 20, 20, 20, 0 } },
    { "[vsyscall]", 0, 0, NULL, { 0, 4, 0, 0, 0, 0, 0, 0, 0, 0 } },
};

static void check_maps500(ostat_proc *p)
{
    ostat_list *l = NULL;
    size_t i;

    ck_assert_int_eq(ostat_proc_memory_maps(p, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), ARRAY_LEN(maps500));
    for (i = 0; i < ARRAY_LEN(maps500); i++) {
        check_map(l, i, &maps500[i], 0);
    }
    ostat_list_free(l);

    ck_assert_int_eq(ostat_proc_memory_maps(p, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), ARRAY_LEN(grouped500));
    for (i = 0; i < ARRAY_LEN(grouped500); i++) {
        check_map(l, i, &grouped500[i], 1);
    }
    ostat_list_free(l);
}

START_TEST(smaps_ungrouped_and_grouped)
{
    ostat_ctx *ctx = fx_ctx("proc-files");
    ostat_proc *p = open_pid(ctx, 500);
    struct ostat_proc_mmap m = OSTAT_PROC_MMAP_INIT;
    ostat_list *l = NULL;

    check_maps500(p);

    /* Element accessors check the kind and the index. */
    ck_assert_int_eq(ostat_proc_memory_maps(p, 0, &l), 0);
    ck_assert_int_eq(ostat_list_mmap(l, ARRAY_LEN(maps500), &m), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_mmap(l, 0, NULL), OSTAT_EINVAL);
    ostat_list_free(l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* The same through an iterator's row, whose files are read relative to
 * the procfs root ("500/smaps"). */
START_TEST(smaps_and_cgroup_of_iterator_row)
{
    ostat_ctx *ctx = fx_ctx("proc-files");
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    char buf[256];
    size_t len;
    int rc, seen = 0;

    ck_assert_int_eq(ostat_proc_iter_new(ctx, OSTAT_PF_NAME, &it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        if (ostat_proc_pid(p) != 500) {
            continue;
        }
        seen = 1;
        check_maps500(p);
        len = sizeof(buf);
        ck_assert_int_eq(ostat_proc_cgroup(p, buf, &len), 0);
        ck_assert_str_eq(buf, "/system.slice/x.service");
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(seen, 1);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* The error names the file and the line. */
static void expect_parse_error(ostat_ctx *ctx, ostat_pid_t pid, int line)
{
    ostat_proc *p = open_pid(ctx, pid);
    ostat_list *l = (ostat_list *)ctx; /* must become NULL */
    const ostat_error *e;
    char want[32];
    int g;

    for (g = 0; g < 2; g++) {
        int rc = ostat_proc_memory_maps(p, g, &l);

        ck_assert_msg(rc == OSTAT_EPARSE, "pid %lld: %s", (long long)pid,
                      ostat_err_name(rc));
        ck_assert_ptr_null(l);
        e = ostat_error_last();
        ck_assert_ptr_nonnull(e);
        ck_assert_int_eq(e->code, OSTAT_EPARSE);
        ck_assert_int_eq(e->pid, pid);
        snprintf(want, sizeof(want), "line %d", line);
        ck_assert_msg(strstr(e->message, "smaps") != NULL &&
                          strstr(e->message, want) != NULL,
                      "message \"%s\" does not name smaps, %s", e->message,
                      want);
    }
    ostat_proc_free(p);
}

/* 501: "Rss:                 abc kB" on line 5; 504: "zzzz-00401000 ..." on
 * line 1; 505: "Rss: 4 kB" on line 1, before any mapping. */
START_TEST(smaps_malformed)
{
    ostat_ctx *ctx = fx_ctx("proc-files");

    expect_parse_error(ctx, 501, 5);
    expect_parse_error(ctx, 504, 1);
    expect_parse_error(ctx, 505, 1);
    ostat_ctx_free(ctx);
}
END_TEST

/* Empty smaps: 502 is an idle kernel thread ("I"): no mappings; 503 is a
 * zombie ("Z"). */
START_TEST(smaps_empty)
{
    ostat_ctx *ctx = fx_ctx("proc-files");
    ostat_proc *p = open_pid(ctx, 502);
    ostat_list *l = NULL;
    int rc;

    ck_assert_int_eq(ostat_proc_memory_maps(p, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_proc_memory_maps(p, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_proc_free(p);

    p = open_pid(ctx, 503);
    rc = ostat_proc_memory_maps(p, 0, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "%s", ostat_err_name(rc));
    ck_assert(ostat_err_is(rc, OSTAT_ENOPROC));
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_proc_memory_maps(p, 1, &l), OSTAT_ENOPROC_ZOMBIE);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* No smaps at all (CONFIG_MMU off, psutil #1014): a plain error, not "no
 * such process", since the process is alive. */
START_TEST(smaps_missing)
{
    ostat_ctx *ctx = fx_ctx("proc-normal");
    ostat_proc *p = open_pid(ctx, 4242);
    ostat_list *l = NULL;
    int rc = ostat_proc_memory_maps(p, 0, &l);

    ck_assert_msg(rc == OSTAT_EOS, "%s", ostat_err_name(rc));
    ck_assert_ptr_null(l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

static void
expect_cgroup(ostat_ctx *ctx, ostat_pid_t pid, int code, const char *want)
{
    ostat_proc *p = open_pid(ctx, pid);
    char buf[256];
    size_t len = sizeof(buf);
    int rc = ostat_proc_cgroup(p, buf, &len);

    ck_assert_msg(rc == code, "pid %lld: %s, expected %s", (long long)pid,
                  ostat_err_name(rc), ostat_err_name(code));
    if (code == 0) {
        ck_assert_str_eq(buf, want);
        ck_assert_uint_eq(len, strlen(want));
        /* Too small: the size needed, with the NUL. */
        len = strlen(want);
        ck_assert_int_eq(ostat_proc_cgroup(p, buf, &len), OSTAT_EBUFS);
        ck_assert_uint_eq(len, strlen(want) + 1);
    }
    ostat_proc_free(p);
}

/* 500/cgroup: v1 lines, then "0::/system.slice/x.service"; 504: the "0::"
 * line first; 502: "0::/"; 501: only v1 lines; 503: an empty file of a
 * zombie. */
START_TEST(cgroup_path)
{
    ostat_ctx *ctx = fx_ctx("proc-files");

    expect_cgroup(ctx, 500, 0, "/system.slice/x.service");
    expect_cgroup(ctx, 504, 0, "/user.slice/user-1000.slice/session-2.scope");
    expect_cgroup(ctx, 502, 0, "/");
    expect_cgroup(ctx, 501, OSTAT_ENOTSUP, NULL);
    expect_cgroup(ctx, 503, OSTAT_ENOPROC_ZOMBIE, NULL);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- cgroup v2 groups ---------------------------------------------------- */

#define CG_MEMORY                                                              \
    (OSTAT_CGROUP_MEMORY_CURRENT | OSTAT_CGROUP_MEMORY_MAX |                   \
     OSTAT_CGROUP_MEMORY_ANON | OSTAT_CGROUP_MEMORY_FILE |                     \
     OSTAT_CGROUP_MEMORY_KERNEL | OSTAT_CGROUP_MEMORY_SHMEM |                  \
     OSTAT_CGROUP_SWAP_CURRENT)
#define CG_CPU_CORE                                                            \
    (OSTAT_CGROUP_CPU_USAGE | OSTAT_CGROUP_CPU_USER | OSTAT_CGROUP_CPU_SYSTEM)
#define CG_CPU_ALL                                                             \
    (CG_CPU_CORE | OSTAT_CGROUP_CPU_NR_PERIODS |                               \
     OSTAT_CGROUP_CPU_NR_THROTTLED | OSTAT_CGROUP_CPU_THROTTLED)
#define CG_PIDS (OSTAT_CGROUP_PIDS_CURRENT | OSTAT_CGROUP_PIDS_MAX)

static void stats(ostat_ctx *ctx, const char *path, struct ostat_cgroup *out)
{
    int rc;

    *out = (struct ostat_cgroup)OSTAT_CGROUP_INIT;
    rc = ostat_cgroup_stats(ctx, path, out);
    ck_assert_msg(rc == 0, "%s: %s", path, ostat_err_name(rc));
}

/* system.slice: memory.current 1234567890, memory.max "max", memory.stat
 * anon 104857600 file 209715200 kernel 31457280 shmem 4194304 (not
 * kernel_stack, shmem_thp, ...), memory.swap.current 8192, cpu.stat
 * usage 5000000 user 3000000 system 2000000 nr_periods 0 nr_throttled 0
 * throttled 0, pids.current 57, pids.max "max". */
START_TEST(cgroup_v2_limits_max)
{
    ostat_ctx *ctx = fx_ctx("cgroup-v2");
    struct ostat_cgroup c;
    const char *const paths[] = { "/system.slice", "/system.slice/",
                                  "/system.slice//" };
    size_t i;

    for (i = 0; i < ARRAY_LEN(paths); i++) {
        stats(ctx, paths[i], &c);
        ck_assert_uint_eq(c.valid, CG_MEMORY | CG_CPU_ALL | CG_PIDS);
        ck_assert_uint_eq(c.memory_current, 1234567890u);
        ck_assert_uint_eq(c.memory_max, OSTAT_CGROUP_UNLIMITED);
        ck_assert_uint_eq(c.memory_anon, 104857600u);
        ck_assert_uint_eq(c.memory_file, 209715200u);
        ck_assert_uint_eq(c.memory_kernel, 31457280u);
        ck_assert_uint_eq(c.memory_shmem, 4194304u);
        ck_assert_uint_eq(c.swap_current, 8192u);
        ck_assert_uint_eq(c.cpu_usage, 5000000u);
        ck_assert_uint_eq(c.cpu_user, 3000000u);
        ck_assert_uint_eq(c.cpu_system, 2000000u);
        ck_assert_uint_eq(c.cpu_nr_periods, 0);
        ck_assert_uint_eq(c.cpu_nr_throttled, 0);
        ck_assert_uint_eq(c.cpu_throttled, 0);
        ck_assert_uint_eq(c.pids_current, 57);
        ck_assert_uint_eq(c.pids_max, OSTAT_CGROUP_UNLIMITED);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* system.slice/x.service: memory.current 268435456, memory.max 536870912,
 * anon 200000000 file 60000000 kernel 8000000 shmem 0, swap 0, cpu.stat
 * 1500000/1000000/500000, nr_periods 300, nr_throttled 42, throttled
 * 987654, pids 3 of 100. */
static void check_x_service(ostat_ctx *ctx)
{
    struct ostat_cgroup c;

    stats(ctx, "/system.slice/x.service", &c);
    ck_assert_uint_eq(c.valid, CG_MEMORY | CG_CPU_ALL | CG_PIDS);
    ck_assert_uint_eq(c.memory_current, 268435456u);
    ck_assert_uint_eq(c.memory_max, 536870912u);
    ck_assert_uint_eq(c.memory_anon, 200000000u);
    ck_assert_uint_eq(c.memory_file, 60000000u);
    ck_assert_uint_eq(c.memory_kernel, 8000000u);
    ck_assert_uint_eq(c.memory_shmem, 0);
    ck_assert_uint_eq(c.swap_current, 0);
    ck_assert_uint_eq(c.cpu_usage, 1500000u);
    ck_assert_uint_eq(c.cpu_user, 1000000u);
    ck_assert_uint_eq(c.cpu_system, 500000u);
    ck_assert_uint_eq(c.cpu_nr_periods, 300);
    ck_assert_uint_eq(c.cpu_nr_throttled, 42);
    ck_assert_uint_eq(c.cpu_throttled, 987654u);
    ck_assert_uint_eq(c.pids_current, 3);
    ck_assert_uint_eq(c.pids_max, 100);
}

START_TEST(cgroup_v2_limits_numbers)
{
    ostat_ctx *ctx = fx_ctx("cgroup-v2");
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    char dir[FX_PATH_MAX];

    check_x_service(ctx);
    ostat_ctx_free(ctx);

    /* The same through a host prefix (sysfs root <prefix>/sys). */
    snprintf(dir, sizeof(dir), "%s/cgroup-v2", FIXTURES);
    o.host_prefix = dir;
    ctx = NULL;
    ck_assert_int_eq(ostat_ctx_new(&o, &ctx), 0);
    check_x_service(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

/* nomem.service: only the pids controller: no memory.* files, cpu.stat
 * with the three core keys (700/400/300), pids 1 of 4915. The root: no
 * memory.current/max/swap, memory.stat "anon 1" only, cpu.stat core
 * keys 98765432/60000000/38765432, no pids files. */
START_TEST(cgroup_v2_missing_controllers)
{
    ostat_ctx *ctx = fx_ctx("cgroup-v2");
    struct ostat_cgroup c;

    stats(ctx, "/system.slice/nomem.service", &c);
    ck_assert_uint_eq(c.valid, CG_CPU_CORE | CG_PIDS);
    ck_assert_uint_eq(c.memory_current, 0);
    ck_assert_uint_eq(c.memory_max, 0);
    ck_assert_uint_eq(c.cpu_usage, 700);
    ck_assert_uint_eq(c.cpu_user, 400);
    ck_assert_uint_eq(c.cpu_system, 300);
    ck_assert_uint_eq(c.cpu_nr_periods, 0);
    ck_assert_uint_eq(c.pids_current, 1);
    ck_assert_uint_eq(c.pids_max, 4915);

    stats(ctx, "/", &c);
    ck_assert_uint_eq(c.valid, CG_CPU_CORE | OSTAT_CGROUP_MEMORY_ANON);
    ck_assert_uint_eq(c.memory_anon, 1);
    ck_assert_uint_eq(c.cpu_usage, 98765432u);
    ck_assert_uint_eq(c.cpu_user, 60000000u);
    ck_assert_uint_eq(c.cpu_system, 38765432u);
    ostat_ctx_free(ctx);
}
END_TEST

/* bad-max.service/memory.max "lots"; bad-stat.service/cpu.stat
 * "user_usec" without a value on line 2; bad-current.service/pids.current
 * "12 13". */
START_TEST(cgroup_v2_malformed)
{
    static const struct {
        const char *group, *file;
        int line;
    } bad[] = {
        { "bad-max.service", "memory.max", 1 },
        { "bad-stat.service", "cpu.stat", 2 },
        { "bad-current.service", "pids.current", 1 },
    };
    ostat_ctx *ctx = fx_ctx("cgroup-v2");
    char path[FX_PATH_MAX], dir[FX_PATH_MAX];
    size_t i;

    for (i = 0; i < ARRAY_LEN(bad); i++) {
        struct ostat_cgroup c = OSTAT_CGROUP_INIT;
        int rc;

        snprintf(path, sizeof(path), "/system.slice/%s", bad[i].group);
        snprintf(dir, sizeof(dir), "%s/%s",
                 FIXTURES "/cgroup-v2/sys/fs/cgroup/system.slice",
                 bad[i].group);
        c.valid = 1;
        rc = ostat_cgroup_stats(ctx, path, &c);
        fx_check_error(rc, OSTAT_EPARSE, dir, bad[i].file, bad[i].line);
        ck_assert_uint_eq(c.valid, 0);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* Not a group, no such group, no cgroup file system, bad paths. */
START_TEST(cgroup_v2_errors)
{
    static const char *const invalid[] = {
        "system.slice", "", "/..", "/system.slice/..", "/system.slice/../x",
    };
    ostat_ctx *ctx = fx_ctx("cgroup-v2");
    ostat_ctx *none = fx_ctx("proc-files");
    struct ostat_cgroup c = OSTAT_CGROUP_INIT;
    size_t i;
    int rc;

    c.valid = 1;
    rc = ostat_cgroup_stats(ctx, "/not-a-group", &c);
    ck_assert_msg(rc == OSTAT_ENOTSUP, "%s", ostat_err_name(rc));
    ck_assert_uint_eq(c.valid, 0);
    ck_assert_int_eq(ostat_cgroup_stats(ctx, "/no/such/group", &c),
                     OSTAT_ENOTSUP);
    ck_assert_int_eq(
        ostat_cgroup_stats(ctx, "/system.slice/x.service/pids.max", &c),
        OSTAT_ENOTSUP);
    ck_assert_int_eq(ostat_cgroup_stats(none, "/", &c), OSTAT_ENOTSUP);
    for (i = 0; i < ARRAY_LEN(invalid); i++) {
        c.valid = 1;
        rc = ostat_cgroup_stats(ctx, invalid[i], &c);
        ck_assert_msg(rc == OSTAT_EINVAL, "\"%s\": %s", invalid[i],
                      ostat_err_name(rc));
        ck_assert_uint_eq(c.valid, 0);
    }
    ck_assert_int_eq(ostat_cgroup_stats(ctx, NULL, &c), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_cgroup_stats(ctx, "/", NULL), OSTAT_EINVAL);
    ostat_ctx_free(none);
    ostat_ctx_free(ctx);
}
END_TEST

/* cgroup-hybrid: fs/cgroup holds v1 hierarchies (memory/user.slice has no
 * cgroup.controllers), unified/ the v2 one: unified/user.slice/cpu.stat
 * 222/111/111. The unified root has no cpu.stat: nothing valid. */
START_TEST(cgroup_hybrid)
{
    ostat_ctx *ctx = fx_ctx("cgroup-hybrid");
    struct ostat_cgroup c;

    stats(ctx, "/user.slice", &c);
    ck_assert_uint_eq(c.valid, CG_CPU_CORE);
    ck_assert_uint_eq(c.cpu_usage, 222);
    ck_assert_uint_eq(c.cpu_user, 111);
    ck_assert_uint_eq(c.cpu_system, 111);
    stats(ctx, "/", &c);
    ck_assert_uint_eq(c.valid, 0);
    ck_assert_int_eq(ostat_cgroup_stats(ctx, "/memory", &c), OSTAT_ENOTSUP);
    ostat_ctx_free(ctx);
}
END_TEST

static Suite *proc_files_suite(void)
{
    Suite *s = suite_create("linux-proc-files");
    TCase *tc = tcase_create("proc-files");

    tcase_add_test(tc, smaps_ungrouped_and_grouped);
    tcase_add_test(tc, smaps_and_cgroup_of_iterator_row);
    tcase_add_test(tc, smaps_malformed);
    tcase_add_test(tc, smaps_empty);
    tcase_add_test(tc, smaps_missing);
    tcase_add_test(tc, cgroup_path);
    suite_add_tcase(s, tc);
    tc = tcase_create("cgroup-v2");
    tcase_add_test(tc, cgroup_v2_limits_max);
    tcase_add_test(tc, cgroup_v2_limits_numbers);
    tcase_add_test(tc, cgroup_v2_missing_controllers);
    tcase_add_test(tc, cgroup_v2_malformed);
    tcase_add_test(tc, cgroup_v2_errors);
    tcase_add_test(tc, cgroup_hybrid);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(proc_files_suite());
}
