/* SPDX-License-Identifier: MIT */
/* test_proc_files.c: open_files, memory_maps and the cgroup functions on
 * this process, compared with what the test knows itself: the files it
 * opened (fcntl, lseek, realpath), the memory it mapped, memory_info and
 * memory_footprint read right after, /proc/self/cgroup and the group's
 * files under /sys/fs/cgroup. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live.h"

#define OK(call)                                                               \
    do {                                                                       \
        int rc_ = (call);                                                      \
        ck_assert_msg(rc_ == 0, "%s -> %s", #call, ostat_err_name(rc_));       \
    } while (0)

/* The element of @l for descriptor @fd; 0 if there is none. */
static int find_fd(const ostat_list *l, int fd, struct ostat_proc_open_file *o)
{
    size_t i, n = ostat_list_count(l);

    for (i = 0; i < n; i++) {
        *o = (struct ostat_proc_open_file)OSTAT_PROC_OPEN_FILE_INIT;
        OK(ostat_list_open_file(l, i, o));
        if (o->fd == fd) {
            return 1;
        }
    }
    return 0;
}

/* Flags as open(2) gives them, without O_LARGEFILE, which the kernel adds
 * on 64-bit systems (and F_GETFL may or may not show), and O_CLOEXEC,
 * which fdinfo shows for the descriptor and F_GETFL does not. */
static int32_t plain_flags(int32_t f)
{
#ifdef O_LARGEFILE
    f &= ~(int32_t)O_LARGEFILE;
#endif
    return f & ~(int32_t)O_CLOEXEC;
}

/* @fd must be in @l with @path, @mode, the offset the test sees, and the
 * flags fcntl gives. */
static void
expect_file(const ostat_list *l, int fd, const char *path, const char *mode)
{
    struct ostat_proc_open_file o;
    int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);
    off_t pos = lseek(fd, 0, SEEK_CUR);

    ck_assert_int_ge(fl, 0);
    ck_assert_int_ge(fdfl, 0);
    ck_assert_int_ge(pos, 0);
    ck_assert_msg(find_fd(l, fd, &o), "fd %d (%s) not listed", fd, path);
    ck_assert_uint_eq(
        o.valid, OSTAT_PROC_OPEN_FILE_PATH | OSTAT_PROC_OPEN_FILE_FD |
                     OSTAT_PROC_OPEN_FILE_POSITION | OSTAT_PROC_OPEN_FILE_MODE |
                     OSTAT_PROC_OPEN_FILE_FLAGS);
    ck_assert_str_eq(o.path, path);
    ck_assert_str_eq(o.mode, mode);
    ck_assert_uint_eq(o.position, (uint64_t)pos);
    ck_assert_msg(plain_flags(o.flags) == plain_flags(fl),
                  "fd %d: flags 0%o, fcntl says 0%o", fd, (unsigned)o.flags,
                  (unsigned)fl);
    ck_assert_int_eq((o.flags & O_CLOEXEC) != 0, (fdfl & FD_CLOEXEC) != 0);
}

/* Files the test opens, in a fresh directory. */
struct files {
    char dir[PATH_MAX]; /* realpath of the directory */
    char path[6][PATH_MAX + 16];
    int fd[6]; /* r, w, a, r+, a+, unlinked */
    int pipe[2], sock[2], dirfd;
};

static const char *const modes[] = { "r", "w", "a", "r+", "a+" };

static void files_open(struct files *f)
{
    static const int how[] = {
        O_RDONLY, O_WRONLY | O_TRUNC, O_WRONLY | O_APPEND,
        O_RDWR,   O_RDWR | O_APPEND,  O_RDWR
    };
    char tmpl[] = "/tmp/ostat-live-files-XXXXXX";
    char buf[200];
    int i;

    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    ck_assert_ptr_nonnull(realpath(tmpl, f->dir));
    memset(buf, 'x', sizeof(buf));
    for (i = 0; i < 6; i++) {
        int fd;

        snprintf(f->path[i], sizeof(f->path[i]), "%s/file %d", f->dir, i);
        fd = open(f->path[i], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
        close(fd);
        /* The read-only one without O_CLOEXEC: both kinds are seen. */
        f->fd[i] = open(f->path[i], how[i] | (i == 0 ? 0 : O_CLOEXEC));
        ck_assert_int_ge(f->fd[i], 0);
    }
    /* Offsets: 123 written; 7 read; the end after an append. */
    ck_assert_int_eq(write(f->fd[1], buf, 123), 123);
    ck_assert_int_eq(read(f->fd[0], buf, 7), 7);
    ck_assert_int_eq(write(f->fd[2], buf, 5), 5);
    /* The last one is unlinked: its path loses " (deleted)". */
    ck_assert_int_eq(unlink(f->path[5]), 0);
    ck_assert_int_eq(pipe(f->pipe), 0);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, f->sock), 0);
    f->dirfd = open(f->dir, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(f->dirfd, 0);
}

static void files_close(struct files *f)
{
    int i;

    for (i = 0; i < 6; i++) {
        close(f->fd[i]);
        unlink(f->path[i]);
    }
    close(f->pipe[0]);
    close(f->pipe[1]);
    close(f->sock[0]);
    close(f->sock[1]);
    close(f->dirfd);
    rmdir(f->dir);
}

static void check_files(const ostat_list *l, const struct files *f)
{
    struct ostat_proc_open_file o;
    int i;

    for (i = 0; i < 5; i++) {
        expect_file(l, f->fd[i], f->path[i], modes[i]);
    }
    expect_file(l, f->fd[5], f->path[5], "r+");
    ck_assert(!find_fd(l, f->pipe[0], &o));
    ck_assert(!find_fd(l, f->pipe[1], &o));
    ck_assert(!find_fd(l, f->sock[0], &o));
    ck_assert(!find_fd(l, f->sock[1], &o));
    ck_assert(!find_fd(l, f->dirfd, &o));
}

START_TEST(open_files_of_self)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    ostat_list *l = NULL;
    struct files f;
    struct ostat_proc_open_file o = OSTAT_PROC_OPEN_FILE_INIT;
    size_t i;
    int fd;

    files_open(&f);
    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_open_files(self, &l));
    check_files(l, &f);
    /* Every element: absolute, a regular file, a descriptor still open. */
    for (i = 0; i < ostat_list_count(l); i++) {
        struct stat st;

        OK(ostat_list_open_file(l, i, &o));
        ck_assert_msg(o.path[0] == '/', "path %s", o.path);
        ck_assert_int_eq(fstat(o.fd, &st), 0);
        ck_assert(S_ISREG(st.st_mode));
    }
    ostat_list_free(l);

    /* A new file where the unlinked one was: " (deleted)" stays, since
     * the path without it exists. */
    fd = open(f.path[5], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    OK(ostat_proc_open_files(self, &l));
    ck_assert(find_fd(l, f.fd[5], &o));
    {
        char want[PATH_MAX + 32];

        snprintf(want, sizeof(want), "%s (deleted)", f.path[5]);
        ck_assert_str_eq(o.path, want);
    }
    ck_assert(find_fd(l, fd, &o));
    ck_assert_str_eq(o.path, f.path[5]);
    ck_assert_str_eq(o.mode, "w");
    ostat_list_free(l);
    close(fd);

    files_close(&f);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

/* The same through an iterator's row (files read from the procfs root). */
START_TEST(open_files_of_iterator_row)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    struct files f;
    int rc, seen = 0;

    files_open(&f);
    OK(ostat_proc_iter_new(ctx, OSTAT_PF_NAME, &it));
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        if (ostat_proc_pid(p) != getpid()) {
            continue;
        }
        seen = 1;
        OK(ostat_proc_open_files(p, &l));
        check_files(l, &f);
        ostat_list_free(l);
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(seen, 1);
    ostat_proc_iter_free(it);
    files_close(&f);
    ostat_ctx_free(ctx);
}
END_TEST

#define REGION (4 * LIVE_MIB)
#define FILE_SIZE (64 * 1024)

/* The mapping of @l that starts at @addr; 0 if none. */
static int
find_map(const ostat_list *l, uintptr_t addr, struct ostat_proc_mmap *m)
{
    size_t i, n = ostat_list_count(l);

    for (i = 0; i < n; i++) {
        *m = (struct ostat_proc_mmap)OSTAT_PROC_MMAP_INIT;
        OK(ostat_list_mmap(l, i, m));
        if (m->addr_start == addr) {
            return 1;
        }
    }
    return 0;
}

START_TEST(memory_maps_of_self)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    ostat_list *l = NULL, *g = NULL;
    struct ostat_proc_mmap m;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint fp = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_memory_footprint fp2 = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    size_t page = (size_t)sysconf(_SC_PAGESIZE), i;
    char tmpl[] = "/tmp/ostat-live-map-XXXXXX", real[PATH_MAX];
    unsigned char *reserve, *region, *fmap;
    volatile unsigned char sink = 0;
    uint64_t sum_rss = 0, priv = 0;
    int fd, try, ok = 0, found_file = 0;

    /* 4 MiB between two PROT_NONE pages, so that no neighbour merges with
     * it: its mapping starts exactly at @region. */
    reserve = mmap(NULL, REGION + 2 * page, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(reserve != MAP_FAILED);
    region = reserve + page;
    ck_assert_int_eq(mprotect(region, REGION, PROT_READ | PROT_WRITE), 0);
    memset(region, 0x5a, REGION);

    /* A mapped file, every page read. */
    fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    ck_assert_ptr_nonnull(realpath(tmpl, real));
    ck_assert_int_eq(ftruncate(fd, FILE_SIZE), 0);
    fmap = mmap(NULL, FILE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
    ck_assert(fmap != MAP_FAILED);
    close(fd);
    for (i = 0; i < FILE_SIZE; i += page) {
        sink ^= fmap[i];
    }
    (void)sink;

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_memory_maps(self, 0, &l));
    ck_assert(find_map(l, (uintptr_t)region, &m));
    ck_assert_uint_eq(m.addr_end, (uintptr_t)region + REGION);
    ck_assert_str_eq(m.path, "[anon]");
    ck_assert_str_eq(m.perms, "rw-p");
    ck_assert_uint_eq(m.vsize, REGION);
    ck_assert_uint_ge(m.rss, REGION);
    ck_assert_uint_ge(m.anonymous, REGION);
    ck_assert_uint_ge(m.private_dirty, REGION);
    ck_assert(find_map(l, (uintptr_t)fmap, &m));
    ck_assert_str_eq(m.path, real);
    ck_assert_uint_eq(m.vsize, FILE_SIZE);
    ck_assert_uint_le(m.rss, FILE_SIZE);
    ck_assert_str_eq(m.perms, "r--s");
    for (i = 0; i < ostat_list_count(l); i++) {
        OK(ostat_list_mmap(l, i, &m));
        ck_assert_msg(m.pss <= m.rss, "%s: pss %" PRIu64 " > rss %" PRIu64,
                      m.path, m.pss, m.rss);
        ck_assert_uint_le(m.rss, m.vsize);
        ck_assert_uint_ge(m.addr_end, m.addr_start);
    }
    ostat_list_free(l);

    /* Grouped: the file under its path; rss summed ~ memory_info's. */
    OK(ostat_proc_memory_maps(self, 1, &g));
    for (i = 0; i < ostat_list_count(g); i++) {
        OK(ostat_list_mmap(g, i, &m));
        sum_rss += m.rss;
        found_file += strcmp(m.path, real) == 0;
    }
    ostat_list_free(g);
    OK(ostat_proc_refresh(self));
    OK(ostat_proc_memory_info(self, &mi));
    ck_assert_int_eq(found_file, 1);
    ck_assert_msg((double)sum_rss >= 0.9 * (double)mi.rss &&
                      (double)sum_rss <= 1.1 * (double)mi.rss,
                  "grouped rss %" PRIu64 ", memory_info rss %" PRIu64, sum_rss,
                  mi.rss);

    /* uss == sum of private_clean + private_dirty (psutil's test_linux
     * oracle). The reads themselves allocate (more so under sanitizers,
     * whose allocators do not reuse freed memory at once): the sum is
     * taken between two footprints and compared with both. */
    for (try = 0; try < LIVE_RETRIES && !ok; try++) {
        priv = 0;
        OK(ostat_proc_memory_footprint(self, &fp));
        OK(ostat_proc_memory_maps(self, 0, &l));
        OK(ostat_proc_memory_footprint(self, &fp2));
        for (i = 0; i < ostat_list_count(l); i++) {
            OK(ostat_list_mmap(l, i, &m));
            priv += m.private_clean + m.private_dirty;
        }
        ostat_list_free(l);
        ok = priv + 64 * 1024 >= (fp.uss < fp2.uss ? fp.uss : fp2.uss) &&
             priv <= (fp.uss > fp2.uss ? fp.uss : fp2.uss) + 64 * 1024;
    }
    ck_assert_msg(ok,
                  "uss %" PRIu64 " then %" PRIu64 ", maps' private %" PRIu64,
                  fp.uss, fp2.uss, priv);

    munmap(fmap, FILE_SIZE);
    unlink(tmpl);
    munmap(reserve, REGION + 2 * page);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

/* The path of the "0::" line of /proc/self/cgroup into @buf; 0 if none. */
static int self_cgroup(char *buf, size_t size)
{
    char *s = live_read_file("/proc/self/cgroup"), line[PATH_MAX];
    const char *pos = s;
    int found = 0;

    ck_assert_ptr_nonnull(s);
    while (!found && live_next_line(&pos, line, sizeof(line))) {
        if (strncmp(line, "0::", 3) == 0) {
            snprintf(buf, size, "%s", line + 3);
            found = 1;
        }
    }
    free(s);
    return found;
}

/* A number from the file @dir/@name; 0 on success. */
static int read_num(const char *dir, const char *name, uint64_t *out)
{
    char path[2 * PATH_MAX], *s;
    int rc = -1;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((s = live_read_file(path)) != NULL) {
        rc = sscanf(s, "%" SCNu64, out) == 1 ? 0 : -1;
        free(s);
    }
    return rc;
}

/* usage_usec of @dir/cpu.stat; 0 on success. */
static int read_usage(const char *dir, uint64_t *out)
{
    char path[2 * PATH_MAX], *s;
    int rc = -1;

    snprintf(path, sizeof(path), "%s/cpu.stat", dir);
    if ((s = live_read_file(path)) != NULL) {
        rc = sscanf(s, "usage_usec %" SCNu64, out) == 1 ? 0 : -1;
        free(s);
    }
    return rc;
}

START_TEST(cgroup_of_self)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    struct ostat_cgroup c = OSTAT_CGROUP_INIT;
    char want[PATH_MAX], got[PATH_MAX], dir[2 * PATH_MAX], probe[3 * PATH_MAX];
    static const char *const roots[] = { "/sys/fs/cgroup",
                                         "/sys/fs/cgroup/unified" };
    size_t len = sizeof(got), r;
    uint64_t cur, before = 0, after = 0;
    struct stat st;
    int rc, have_dir = 0, have_usage;

    OK(ostat_proc_open_self(ctx, &self));
    rc = ostat_proc_cgroup(self, got, &len);
    if (!self_cgroup(want, sizeof(want))) {
        ck_assert_msg(rc == OSTAT_ENOTSUP, "no 0:: line, but %s",
                      ostat_err_name(rc));
        goto out;
    }
    ck_assert_msg(rc == 0, "ostat_proc_cgroup -> %s", ostat_err_name(rc));
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(len, strlen(want));

    /* Where the group is: fs/cgroup, or fs/cgroup/unified on hybrid
     * hosts. */
    for (r = 0; r < 2 && !have_dir; r++) {
        snprintf(dir, sizeof(dir), "%s%s", roots[r],
                 strcmp(want, "/") == 0 ? "" : want);
        snprintf(probe, sizeof(probe), "%s/cgroup.controllers", dir);
        have_dir = stat(probe, &st) == 0;
    }
    have_usage = have_dir && read_usage(dir, &before) == 0;
    rc = ostat_cgroup_stats(ctx, want, &c);
    if (!have_dir) {
        ck_assert_msg(rc == OSTAT_ENOTSUP, "no group directory, but %s",
                      ostat_err_name(rc));
        goto out;
    }
    ck_assert_msg(rc == 0, "ostat_cgroup_stats(%s) -> %s", want,
                  ostat_err_name(rc));
    if (have_usage) {
        ck_assert_int_eq(read_usage(dir, &after), 0);
        ck_assert(c.valid & OSTAT_CGROUP_CPU_USAGE);
        ck_assert_msg(c.cpu_usage >= before && c.cpu_usage <= after,
                      "usage_usec %" PRIu64 " not in [%" PRIu64 ", %" PRIu64
                      "]",
                      c.cpu_usage, before, after);
        ck_assert(c.valid & OSTAT_CGROUP_CPU_USER);
        ck_assert(c.valid & OSTAT_CGROUP_CPU_SYSTEM);
    }
    if (read_num(dir, "memory.current", &cur) == 0) {
        ck_assert(c.valid & OSTAT_CGROUP_MEMORY_CURRENT);
        ck_assert_msg(live_absdiff(c.memory_current, cur) <= cur / 10,
                      "memory.current %" PRIu64 ", read %" PRIu64,
                      c.memory_current, cur);
    } else {
        ck_assert(!(c.valid & OSTAT_CGROUP_MEMORY_CURRENT));
    }
    if (read_num(dir, "pids.current", &cur) == 0) {
        ck_assert(c.valid & OSTAT_CGROUP_PIDS_CURRENT);
        ck_assert_msg(live_absdiff(c.pids_current, cur) <= 5,
                      "pids.current %" PRIu64 ", read %" PRIu64, c.pids_current,
                      cur);
    } else {
        ck_assert(!(c.valid & OSTAT_CGROUP_PIDS_CURRENT));
    }
out:
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

/* A zombie has no mappings to show. */
START_TEST(memory_maps_of_zombie)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    siginfo_t si;
    pid_t pid;
    int rc;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        _exit(0);
    }
    memset(&si, 0, sizeof(si));
    ck_assert_int_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
    OK(ostat_proc_open(ctx, pid, &p));
    rc = ostat_proc_memory_maps(p, 0, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "memory_maps -> %s",
                  ostat_err_name(rc));
    ck_assert_ptr_null(l);
    rc = ostat_proc_memory_maps(p, 1, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "memory_maps(grouped) -> %s",
                  ostat_err_name(rc));
    /* Its descriptors are closed: nothing open, or "zombie". */
    rc = ostat_proc_open_files(p, &l);
    ck_assert_msg(rc == 0 || rc == OSTAT_ENOPROC_ZOMBIE, "open_files -> %s",
                  ostat_err_name(rc));
    if (rc == 0) {
        ck_assert_uint_eq(ostat_list_count(l), 0);
        ostat_list_free(l);
    }
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    /* Reaped: gone. */
    OK(ostat_proc_refresh(p));
    rc = ostat_proc_memory_maps(p, 0, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC, "memory_maps -> %s", ostat_err_name(rc));
    rc = ostat_proc_open_files(p, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC, "open_files -> %s", ostat_err_name(rc));
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_proc_files(Suite *s)
{
    TCase *tc = tcase_create("proc-files");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, open_files_of_self);
    tcase_add_test(tc, open_files_of_iterator_row);
    tcase_add_test(tc, memory_maps_of_self);
    tcase_add_test(tc, cgroup_of_self);
    tcase_add_test(tc, memory_maps_of_zombie);
    suite_add_tcase(s, tc);
}
