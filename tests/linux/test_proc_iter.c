/* SPDX-License-Identifier: MIT */
/* test_proc_iter.c: ostat_proc_iter_* against copies of
 * tests/fixtures/linux/iter-table changed between two scans.
 *
 * The recorded tree has pids 1, 2 (a kernel thread), 9, 10, 42 (a zombie),
 * 100, 300 (the subject of the refresh tests), 4000 and 65000 (a comm cut
 * at 15 bytes); 77 has a status but no stat; 0x10, 007, 12abc, self and
 * sys are not pids. Each test copies the tree under /tmp, scans it, edits
 * files and scans again with the same iterator. Stat lines written here
 * use the layout of the recorded ones (see write_stat()). */
#include <grp.h>
#include <malloc.h>
#include <pwd.h>
#include <sys/wait.h>
#include <time.h>

#include "fx.h"

/* iter-table/proc/stat: "btime 1700000000". */
#define BTIME 1700000000.0

/* Every field the iterator can read ahead except the costly ones. */
#define MOST (OSTAT_PF_ALL & ~(OSTAT_PF_MEMORY_FOOTPRINT | OSTAT_PF_CGROUP))

/* The pids of iter-table, ascending. */
static const ostat_pid_t table_pids[] = {
    1, 2, 9, 10, 42, 100, 300, 4000, 65000
};
#define NTABLE (sizeof(table_pids) / sizeof(table_pids[0]))

/* ---- the tree --------------------------------------------------------- */

static char copy_dst[FX_PATH_MAX];
static size_t copy_src_len;

static int
copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    char *data;
    FILE *f;
    size_t n;

    (void)ftw;
    if (flag != FTW_F) {
        return 0;
    }
    data = malloc((size_t)st->st_size + 1);
    ck_assert_ptr_nonnull(data);
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    n = fread(data, 1, (size_t)st->st_size, f);
    fclose(f);
    ck_assert_uint_eq(n, (size_t)st->st_size);
    fx_write_bytes(copy_dst, path + copy_src_len + 1, data, n);
    free(data);
    return 0;
}

/* A fresh copy of iter-table; @dir receives its path (FX_PATH_MAX). */
static void copy_table(char *dir)
{
    char src[FX_PATH_MAX];

    fx_tmp_dir(dir);
    snprintf(src, sizeof(src), "%s/iter-table", FIXTURES);
    snprintf(copy_dst, sizeof(copy_dst), "%s", dir);
    copy_src_len = strlen(src);
    ck_assert_int_eq(nftw(src, copy_one, 16, FTW_PHYS), 0);
}

/* The fields of a stat line that the tests change. */
struct stat_line {
    int pid;
    const char *comm;
    char state;
    int ppid;
    long utime, stime;
    int threads;
    long start;
    unsigned long long vsize, rss;
    unsigned long long code, stack; /* man proc 26 and 28 */
    int cpu;
};

/* iter-table/proc/300/stat as recorded:
 * 300 (worker) S 1 300 300 0 -1 4194560 100 0 2 0 100 50 0 0 20 0 1 0 5000
 * 104857600 2560 18446744073709551615 93824992251904 93824992260096
 * 140737488334848 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0 */
static const struct stat_line worker = {
    300,
    "worker",
    'S',
    1,
    100,
    50,
    1,
    5000,
    104857600ull,
    2560,
    93824992251904ull,
    140737488334848ull,
    1,
};

/* Write proc/<pid>/stat with @s and the recorded tree's other fields
 * (end_code is start_code + 8192, or 0 with it). */
static void write_stat(const char *dir, const struct stat_line *s)
{
    char rel[64], text[768];

    snprintf(rel, sizeof(rel), "proc/%d/stat", s->pid);
    snprintf(text, sizeof(text),
             "%d (%s) %c %d %d %d 0 -1 4194560 100 0 2 0 %ld %ld 0 0 20 0 %d "
             "0 %ld %llu %llu 18446744073709551615 %llu %llu %llu 0 0 0 0 0 "
             "0 0 0 0 17 %d 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
             s->pid, s->comm, s->state, s->ppid, s->pid, s->pid, s->utime,
             s->stime, s->threads, s->start, s->vsize, s->rss, s->code,
             s->code ? s->code + 8192 : 0, s->stack, s->cpu);
    fx_write(dir, rel, text);
}

/* Write proc/@pid/@file with @len bytes. */
static void
write_file(const char *dir, int pid, const char *file, const void *d, size_t n)
{
    char rel[64];

    snprintf(rel, sizeof(rel), "proc/%d/%s", pid, file);
    fx_write_bytes(dir, rel, d, n);
}

static void remove_file(const char *dir, int pid, const char *file)
{
    char path[2 * FX_PATH_MAX];

    snprintf(path, sizeof(path), "%s/proc/%d/%s", dir, pid, file);
    ck_assert_msg(unlink(path) == 0, "unlink %s: %s", path, strerror(errno));
}

/* A status for 300 with ids @uid and @gid (the rest as recorded). */
static void write_status(const char *dir, int uid, int gid)
{
    char text[512];

    snprintf(text, sizeof(text),
             "Name:\tworker\nState:\tS (sleeping)\nTgid:\t300\nPid:\t300\n"
             "PPid:\t1\nUid:\t%d\t%d\t%d\t%d\nGid:\t%d\t%d\t%d\t%d\n"
             "Threads:\t1\n",
             uid, uid, uid, uid, gid, gid, gid, gid);
    write_file(dir, 300, "status", text, strlen(text));
}

/* ---- scanning --------------------------------------------------------- */

static ostat_proc_iter *iter_at(ostat_ctx *ctx, uint64_t fields)
{
    ostat_proc_iter *it = NULL;
    int rc = ostat_proc_iter_new(ctx, fields, &it);

    ck_assert_msg(rc == 0, "ostat_proc_iter_new: %s", ostat_err_name(rc));
    ck_assert_ptr_nonnull(it);
    return it;
}

/* One whole scan from a rewind: the pids into @pids (at most @max),
 * checked ascending; returns how many. */
static size_t scan(ostat_proc_iter *it, ostat_pid_t *pids, size_t max)
{
    ostat_proc *p = NULL;
    size_t n = 0;
    int rc;

    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        ostat_pid_t pid = ostat_proc_pid(p);

        ck_assert_ptr_nonnull(p);
        ck_assert_msg(n == 0 || pid > pids[n - 1], "pid %lld after %lld",
                      (long long)pid, (long long)pids[n - 1]);
        ck_assert_uint_lt(n, max);
        pids[n++] = pid;
    }
    ck_assert_msg(rc == 0, "ostat_proc_iter_next: %s", ostat_err_name(rc));
    ck_assert_ptr_null(p);
    return n;
}

static void expect_pids(const ostat_pid_t *got,
                        size_t n,
                        const ostat_pid_t *want,
                        size_t nwant)
{
    size_t i;

    ck_assert_msg(n == nwant, "%zu rows, expected %zu", n, nwant);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(got[i], want[i]);
    }
}

/* A new scan up to @pid's row (the scan stays open: the row is valid until
 * the next call on the iterator). */
static ostat_proc *row_of(ostat_proc_iter *it, ostat_pid_t pid)
{
    ostat_proc *p = NULL;
    int rc;

    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        if (ostat_proc_pid(p) == pid) {
            return p;
        }
    }
    ck_abort_msg("pid %lld not listed (rc %s)", (long long)pid,
                 ostat_err_name(rc));
    return NULL;
}

/* The command line of @p joined by spaces, into @buf (256 bytes). */
static int cmdline_of(ostat_proc *p, char *buf)
{
    size_t len = 256;

    buf[0] = '\0';
    return ostat_proc_cmdline_string(p, buf, &len);
}

static const char *name_of(ostat_proc *p, char *buf)
{
    size_t len = 256;
    int rc = ostat_proc_name(p, buf, &len);

    ck_assert_msg(rc == 0, "ostat_proc_name: %s", ostat_err_name(rc));
    return buf;
}

/* ---- listing ---------------------------------------------------------- */

/* Ascending pids, only the numeric directories with a stat (not 0x10,
 * 007, 12abc, self, nor 77 without stat), whatever the fields; a second
 * scan lists the same. */
START_TEST(listing_order)
{
    static const uint64_t masks[] = { 0, OSTAT_PF_PPID, MOST, OSTAT_PF_ALL };
    char dir[FX_PATH_MAX];
    ostat_pid_t got[32];
    ostat_ctx *ctx;
    size_t i, n;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
        ostat_proc_iter *it = iter_at(ctx, masks[i]);

        n = scan(it, got, 32);
        expect_pids(got, n, table_pids, NTABLE);
        n = scan(it, got, 32);
        expect_pids(got, n, table_pids, NTABLE);
        ostat_proc_iter_free(it);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* Iterators of one context, alive at once and freed in any order: the
 * context keeps the rows' storage of a freed one for the next, and a row
 * carved from it starts empty (nothing of the process that was there). */
START_TEST(listing_iterators_share_storage)
{
    char dir[FX_PATH_MAX], buf[256];
    ostat_pid_t got[32];
    ostat_proc_iter *a, *b, *c;
    ostat_ctx *ctx;
    ostat_proc *p;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    a = iter_at(ctx, MOST);
    b = iter_at(ctx, OSTAT_PF_PPID);
    expect_pids(got, scan(a, got, 32), table_pids, NTABLE);
    expect_pids(got, scan(b, got, 32), table_pids, NTABLE);
    ostat_proc_iter_free(a);
    c = iter_at(ctx, 0);
    p = row_of(c, 300);
    ck_assert_str_eq(name_of(p, buf), "worker");
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/worker --jobs 4");
    p = row_of(c, 4000);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "python3 -m http.server");
    ostat_proc_iter_free(b);
    ostat_proc_iter_free(c);
    a = iter_at(ctx, MOST);
    expect_pids(got, scan(a, got, 32), table_pids, NTABLE);
    ck_assert_str_eq(name_of(row_of(a, 300), buf), "worker");
    ostat_proc_iter_free(a);
    ostat_ctx_free(ctx);
}
END_TEST

/* ostat_proc_cmdline_string() is ostat_proc_cmdline()'s arguments joined
 * by single spaces, whatever the separators: NUL-terminated arguments,
 * empty ones, a text rewritten with spaces (no final NUL), a NUL inside
 * such a text, a single argument holding spaces, trailing separators. */
START_TEST(field_cmdline_string_joins_the_list)
{
    static const struct {
        const char *data;
        size_t len;
    } cases[] = {
        { "a\0b c\0d\0", 9 }, { "a\0\0b\0", 6 }, { "one two  three", 14 },
        { "one two \0", 9 },  { "x y\0", 4 },    { "x\0y", 3 },
        { "abc def ", 8 },    { "\0", 1 },       { " ", 1 },
        { "\0\0\0", 3 },      { "  a  ", 5 },    { "a\0 b\0", 5 },
        { "tail\0 ", 6 },     { "a\0b\0\0", 5 }, { "\xff\0\x01\0", 4 },
    };
    char dir[FX_PATH_MAX], joined[256], got[256];
    ostat_ctx *ctx;
    size_t k;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        ostat_proc_iter *it = iter_at(ctx, OSTAT_PF_CMDLINE);
        ostat_list *l = NULL;
        ostat_proc *p;
        size_t i, n = 0, len;

        write_file(dir, 300, "cmdline", cases[k].data, cases[k].len);
        p = row_of(it, 300);
        ck_assert_int_eq(ostat_proc_cmdline(p, &l), 0);
        for (i = 0; i < ostat_list_count(l); i++) {
            const char *arg;

            ck_assert_int_eq(ostat_list_string(l, i, &arg, &len), 0);
            ck_assert_uint_lt(n + 1 + len, sizeof(joined));
            if (i > 0) {
                joined[n++] = ' ';
            }
            memcpy(joined + n, arg, len);
            n += len;
        }
        ostat_list_free(l);
        len = sizeof(got);
        ck_assert_int_eq(ostat_proc_cmdline_string(p, got, &len), 0);
        ck_assert_msg(len == n && memcmp(got, joined, n) == 0,
                      "case %zu: joined %zu bytes [%.*s], string %zu [%.*s]", k,
                      n, (int)n, joined, len, (int)len, got);
        ostat_proc_iter_free(it);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* A pid directory removed between two scans is gone from the second, one
 * added appears, read afresh. */
START_TEST(listing_gone_and_new)
{
    static const ostat_pid_t want[] = {
        1, 2, 9, 10, 42, 100, 300, 5000, 65000
    };
    struct stat_line s = worker;
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX], buf[256];
    ostat_pid_t got[32];
    ostat_proc_iter *it;
    ostat_proc *p;
    ostat_ctx *ctx;
    double ct;
    size_t n;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, MOST);
    n = scan(it, got, 32);
    expect_pids(got, n, table_pids, NTABLE);

    snprintf(path, sizeof(path), "%s/proc/4000", dir);
    fx_rm_rf(path);
    s.pid = 5000;
    s.comm = "newcomer";
    s.start = 9999;
    write_stat(dir, &s);
    write_file(dir, 5000, "cmdline", "newcomer\0-x\0", 12);
    n = scan(it, got, 32);
    expect_pids(got, n, want, sizeof(want) / sizeof(want[0]));

    p = row_of(it, 5000);
    ck_assert_str_eq(name_of(p, buf), "newcomer");
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "newcomer -x");
    ck_assert_int_eq(ostat_proc_create_time(p, &ct), 0);
    ck_assert_close(ct, BTIME + 9999 / fx_tck());
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* A stat removed while the directory stays: the pid is dropped without an
 * error, both between scans and in the middle of one. */
START_TEST(listing_stat_vanishes)
{
    static const ostat_pid_t no100[] = { 1, 2, 9, 10, 42, 300, 4000, 65000 };
    static const ostat_pid_t no300[] = { 1, 2, 9, 10, 42, 4000, 65000 };
    char dir[FX_PATH_MAX];
    ostat_pid_t got[32];
    ostat_proc_iter *it;
    ostat_proc *p = NULL;
    ostat_ctx *ctx;
    size_t n = 0;
    int rc;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, MOST);
    n = scan(it, got, 32);
    expect_pids(got, n, table_pids, NTABLE);

    remove_file(dir, 100, "stat");
    n = scan(it, got, 32);
    expect_pids(got, n, no100, sizeof(no100) / sizeof(no100[0]));

    /* Mid-scan: 300 was listed already when its stat goes. */
    n = 0;
    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        got[n++] = ostat_proc_pid(p);
        if (ostat_proc_pid(p) == 10) {
            remove_file(dir, 300, "stat");
        }
    }
    ck_assert_int_eq(rc, 0);
    expect_pids(got, n, no300, sizeof(no300) / sizeof(no300[0]));
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* 42/stat "42 (defunct) Z 10 ...", empty cmdline: the zombie is listed;
 * its command line is OSTAT_ENOPROC_ZOMBIE while stat's fields work. */
START_TEST(listing_zombie)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    char dir[FX_PATH_MAX], buf[256];
    ostat_proc_iter *it;
    ostat_list *l = NULL;
    ostat_ctx *ctx;
    ostat_proc *p;
    ostat_pid_t ppid = -1;
    int32_t st = -1;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, MOST);
    p = row_of(it, 42);
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_ZOMBIE);
    ck_assert_str_eq(name_of(p, buf), "defunct");
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_error_last()->pid, 42);
    ck_assert_int_eq(cmdline_of(p, buf), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_int_eq(ostat_proc_ppid(p, &ppid), 0);
    ck_assert_int_eq(ppid, 10);
    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);
    /* The same on a second scan, where the row is reused. */
    p = row_of(it, 42);
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_ZOMBIE);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- what a refresh keeps --------------------------------------------- */

/* The command line (and with it the name) is kept for the same pid and
 * start time until an exec: a changed start_code, start_stack or comm. A
 * changed start time is another process: everything is read again. */
START_TEST(refresh_cmdline_until_exec)
{
    struct stat_line s = worker;
    char dir[FX_PATH_MAX], buf[256];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;
    double ct;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_NAME | OSTAT_PF_CMDLINE | OSTAT_PF_EXE |
                          OSTAT_PF_CREATE_TIME);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/worker --jobs 4");

    /* Same stat: the first command line stays. */
    write_file(dir, 300, "cmdline", "/opt/app/second\0", 16);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/worker --jobs 4");

    /* start_code moves: an exec. */
    s.code += 4096;
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/second");

    /* Kept again, until comm changes. */
    write_file(dir, 300, "cmdline", "/opt/app/third\0", 15);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/second");
    s.comm = "third";
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/third");
    ck_assert_str_eq(name_of(p, buf), "third");

    /* start_stack alone moves. */
    write_file(dir, 300, "cmdline", "/opt/app/fourth\0", 16);
    s.stack -= 4096;
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/fourth");

    /* A new start time under the same pid, the rest of stat unchanged. */
    write_file(dir, 300, "cmdline", "/opt/app/reused\0", 16);
    ck_assert_int_eq(ostat_proc_create_time(p, &ct), 0);
    ck_assert_close(ct, BTIME + 5000 / fx_tck());
    s.start = 8000;
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/reused");
    ck_assert_int_eq(ostat_proc_create_time(p, &ct), 0);
    ck_assert_close(ct, BTIME + 8000 / fx_tck());
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* A comm cut at 15 bytes makes the name come from argv[0]: with only
 * OSTAT_PF_NAME the command line is read ahead and kept like it. */
START_TEST(refresh_long_name)
{
    char dir[FX_PATH_MAX], buf[256];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_NAME);
    p = row_of(it, 65000);
    ck_assert_str_eq(name_of(p, buf), "very-long-process-name");
    write_file(dir, 65000, "cmdline", "/bin/very-long-process-other\0", 29);
    p = row_of(it, 65000);
    ck_assert_str_eq(name_of(p, buf), "very-long-process-name");
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* uid and gid are kept while the owner of /proc/PID stays: a status with
 * other ids is not read again until a chown (root only) or a new start
 * time. */
START_TEST(refresh_ids_until_owner_changes)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct stat_line s = worker;
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX], buf[256];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;
    size_t len;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_UIDS | OSTAT_PF_GIDS | OSTAT_PF_USERNAME);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);
    ck_assert_int_eq(ostat_proc_gids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);
    /* The first scan guesses the directory's owner from the effective uid;
     * the copied tree belongs to whoever copied it, so the second scan
     * reads status once more and records the real owner. */
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);

    write_status(dir, 2000, 2001);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);
    ck_assert_int_eq(ids.effective, 1000);
    ck_assert_int_eq(ostat_proc_gids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 1000);

    snprintf(path, sizeof(path), "%s/proc/300", dir);
    if (geteuid() == 0) {
        struct passwd *pw;

        ck_assert_int_eq(chown(path, 2000, 2001), 0);
        p = row_of(it, 300);
        ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
        ck_assert_int_eq(ids.real, 2000);
        ck_assert_int_eq(ids.saved, 2000);
        ck_assert_int_eq(ostat_proc_gids(p, &ids), 0);
        ck_assert_int_eq(ids.real, 2001);
        len = sizeof(buf);
        ck_assert_int_eq(ostat_proc_username(p, buf, &len), 0);
        pw = getpwuid(2000);
        ck_assert_str_eq(buf, pw != NULL ? pw->pw_name : "2000");
    }

    /* Another process under the pid: read again whatever the owner. */
    write_status(dir, 2500, 2501);
    s.start = 8000;
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_uids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 2500);
    ck_assert_int_eq(ostat_proc_gids(p, &ids), 0);
    ck_assert_int_eq(ids.real, 2501);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* After a rewind in the middle of a scan, the rows it did not reach keep
 * what they read: 300's command line stays the first one. */
START_TEST(refresh_rewind_mid_scan)
{
    char dir[FX_PATH_MAX], buf[256];
    ostat_pid_t got[32];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;
    size_t n;
    int i;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_CMDLINE);
    n = scan(it, got, 32);
    expect_pids(got, n, table_pids, NTABLE);
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(ostat_proc_iter_next(it, &p), 1);
        ck_assert_int_eq(ostat_proc_pid(p), table_pids[i]);
    }
    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    write_file(dir, 300, "cmdline", "/opt/app/changed\0", 17);
    n = scan(it, got, 32);
    expect_pids(got, n, table_pids, NTABLE);
    p = row_of(it, 300);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/opt/app/worker --jobs 4");
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- per-field errors and masks --------------------------------------- */

/* 9 without its status: username fails on its own (OSTAT_EOS: the file is
 * missing from a live process), the row and its other fields stay, statm
 * is still read for memory_info. */
/* A kernel thread (2: PF_KTHREAD, 0x200000, in stat's flags 2129984) is
 * root's with an empty command line by definition: neither status nor
 * cmdline is read for it, so removing both changes nothing. A user
 * process (9) without status still reports the error. */
START_TEST(field_kthread_reads_only_stat)
{
    struct ostat_proc_ids u = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_ids g = OSTAT_PROC_IDS_INIT;
    char dir[FX_PATH_MAX], buf[256];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;
    size_t len = sizeof(buf);
    int pass;

    copy_table(dir);
    remove_file(dir, 2, "status");
    remove_file(dir, 2, "cmdline");
    remove_file(dir, 9, "status");
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_USERNAME | OSTAT_PF_UIDS | OSTAT_PF_CMDLINE |
                          OSTAT_PF_NAME);
    for (pass = 0; pass < 2; pass++) { /* cold, then refresh */
        p = row_of(it, 2);
        len = sizeof(buf);
        ck_assert_int_eq(ostat_proc_username(p, buf, &len), 0);
        ck_assert_str_eq(buf, "root");
        ck_assert_int_eq(ostat_proc_uids(p, &u), 0);
        ck_assert_int_eq(u.real, 0);
        ck_assert_int_eq(u.effective, 0);
        ck_assert_int_eq(u.saved, 0);
        g.real = g.effective = g.saved = -1;
        ck_assert_int_eq(ostat_proc_gids(p, &g), 0);
        ck_assert_int_eq(g.real, 0);
        ck_assert_int_eq(g.effective, 0);
        ck_assert_int_eq(g.saved, 0);
        ck_assert_int_eq(cmdline_of(p, buf), 0);
        ck_assert_str_eq(buf, "");
        ck_assert_str_eq(name_of(p, buf), "kthreadd");
        p = row_of(it, 9);
        len = sizeof(buf);
        ck_assert_int_eq(ostat_proc_username(p, buf, &len), OSTAT_EOS);
    }
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* A context does not keep the memory of one large read: after an environ
 * of 512 KiB has been read and its list freed, the heap is back within
 * 64 KiB of where it was. */
START_TEST(large_read_not_kept)
{
    size_t big = 512 * 1024, i, before, after;
    char dir[FX_PATH_MAX], *env = malloc(big);
    ostat_proc_iter *it;
    ostat_list *l = NULL;
    ostat_ctx *ctx;
    ostat_proc *p;

    ck_assert_ptr_nonnull(env);
    for (i = 0; i < big; i++) { /* "V=aaa...\0" every 64 bytes */
        env[i] = (i + 1) % 64 == 0 ? '\0'
                 : i % 64 == 0     ? 'V'
                 : i % 64 == 1     ? '='
                                   : (char)('a' + i % 26);
    }
    copy_table(dir);
    write_file(dir, 300, "environ", env, big);
    free(env);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_NAME);
    p = row_of(it, 300);
    before = mallinfo2().uordblks + mallinfo2().hblkhd;
    ck_assert_int_eq(ostat_proc_environ(p, &l), 0);
    ck_assert_uint_gt(ostat_list_count(l), 8000);
    ostat_list_free(l);
    after = mallinfo2().uordblks + mallinfo2().hblkhd;
    ck_assert_msg(after < before + 64 * 1024,
                  "the heap kept %zu bytes after a large read", after - before);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(field_status_missing)
{
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    char dir[FX_PATH_MAX], buf[256];
    ostat_pid_t got[32];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;
    int32_t st = -1;
    size_t len = sizeof(buf), n;

    copy_table(dir);
    remove_file(dir, 9, "status");
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, MOST);
    n = scan(it, got, 32);
    expect_pids(got, n, table_pids, NTABLE);
    p = row_of(it, 9);
    ck_assert_int_eq(ostat_proc_username(p, buf, &len), OSTAT_EOS);
    ck_assert_int_eq(ostat_error_last()->pid, 9);
    ck_assert_str_eq(name_of(p, buf), "sshd");
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_SLEEPING);
    ck_assert_int_eq(cmdline_of(p, buf), 0);
    ck_assert_str_eq(buf, "/usr/sbin/sshd -D");
    /* 9/statm "4882 1500 1000 200 0 300 0". */
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(m.rss, 1500 * fx_page_size());
    ck_assert_uint_eq(m.text, 200 * fx_page_size());
    ck_assert_uint_eq(m.valid & OSTAT_PROC_MEMORY_INFO_PEAK_RSS, 0);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* The checks of field_status_unreadable, without libcheck so that they can
 * run in a child that gave up root: 0 when all hold, else the number of
 * the first that failed. */
static int unreadable_checks(const char *dir)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    char proc[FX_PATH_MAX + 8], buf[256];
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    ostat_ctx *ctx = NULL;
    size_t len = sizeof(buf);
    int32_t st = -1;
    int bad = 0, rc, seen = 0;

    snprintf(proc, sizeof(proc), "%s/proc", dir);
    o.procfs_root = proc;
    if (ostat_ctx_new(&o, &ctx) != 0 || ostat_proc_iter_new(ctx, MOST, &it)) {
        return 1;
    }
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        seen++;
        if (ostat_proc_pid(p) != 9) {
            continue;
        }
        if (ostat_proc_username(p, buf, &len) != OSTAT_EACCES) {
            bad = 2;
        } else if (ostat_error_last()->pid != 9) {
            bad = 3;
        } else if (len = sizeof(buf), ostat_proc_name(p, buf, &len) != 0 ||
                                          strcmp(buf, "sshd") != 0) {
            bad = 4;
        } else if (ostat_proc_status(p, &st) != 0 ||
                   st != OSTAT_STATUS_SLEEPING) {
            bad = 5;
        }
        break;
    }
    if (bad == 0 && (rc < 0 || seen != 3)) {
        bad = 6; /* 9 is the third row */
    }
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    return bad;
}

/* 9/status mode 000: OSTAT_EACCES for username only. Root reads any mode,
 * so the check runs as nobody; skipped where that is not possible. */
START_TEST(field_status_unreadable)
{
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX];
    int r, ws = 0;
    pid_t child;

    copy_table(dir);
    snprintf(path, sizeof(path), "%s/proc/9/status", dir);
    ck_assert_int_eq(chmod(path, 0), 0);
    if (geteuid() != 0) {
        r = unreadable_checks(dir);
        ck_assert_msg(r == 0, "unreadable check %d failed", r);
        return;
    }
    ck_assert_int_eq(chmod(fx_tmp_root, 0755), 0);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    child = fork();
    ck_assert_int_ne(child, -1);
    if (child == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
            setuid(65534) != 0) {
            _exit(100);
        }
        _exit(unreadable_checks(dir));
    }
    ck_assert_int_eq(waitpid(child, &ws, 0), child);
    ck_assert(WIFEXITED(ws));
    r = WEXITSTATUS(ws);
    ck_assert_msg(r == 0 || r == 100, "unreadable check %d failed", r);
}
END_TEST

#define MI_BASIC (OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS)
#define MI_STATM                                                               \
    (MI_BASIC | OSTAT_PROC_MEMORY_INFO_SHARED | OSTAT_PROC_MEMORY_INFO_TEXT |  \
     OSTAT_PROC_MEMORY_INFO_DATA)
#define MI_ALL ((uint64_t)OSTAT_BIT(12) - 1)

/* memory_info fills what the fields read: with OSTAT_PF_MEMORY_INFO, rss
 * and vms from stat (2560 pages, 104857600 bytes); with _EX, statm
 * "25600 2000 300 10 0 1500 0" and status (VmHWM 12000 kB, VmPeak
 * 110000 kB, RssAnon 5000, RssFile 2900, RssShmem 100, VmSwap 64,
 * HugetlbPages 0). A kernel thread (2) has no Vm lines. */
START_TEST(field_memory_info_masks)
{
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_info z = OSTAT_PROC_MEMORY_INFO_INIT;
    uint64_t page = fx_page_size();
    char dir[FX_PATH_MAX];
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_MEMORY_INFO);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(m.valid, MI_BASIC);
    ck_assert_uint_eq(m.rss, 2560 * page);
    ck_assert_uint_eq(m.vms, 104857600);
    ostat_proc_iter_free(it);

    m = z;
    it = iter_at(ctx, OSTAT_PF_MEMORY_INFO_EX);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(m.valid, MI_ALL);
    ck_assert_uint_eq(m.vms, 25600 * page);
    ck_assert_uint_eq(m.rss, 2000 * page);
    ck_assert_uint_eq(m.shared, 300 * page);
    ck_assert_uint_eq(m.text, 10 * page);
    ck_assert_uint_eq(m.data, 1500 * page);
    ck_assert_uint_eq(m.peak_rss, KB(12000));
    ck_assert_uint_eq(m.peak_vms, KB(110000));
    ck_assert_uint_eq(m.rss_anon, KB(5000));
    ck_assert_uint_eq(m.rss_file, KB(2900));
    ck_assert_uint_eq(m.rss_shmem, KB(100));
    ck_assert_uint_eq(m.swap, KB(64));
    ck_assert_uint_eq(m.hugetlb, 0);

    m = z;
    p = row_of(it, 2);
    ck_assert_int_eq(ostat_proc_memory_info(p, &m), 0);
    ck_assert_uint_eq(m.valid, MI_STATM);
    ck_assert_uint_eq(m.rss, 0);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

static double mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* cpu_percent on rows of two scans, 100 ms apart, with one tick of utime
 * more in the second: the handle's baseline is the first scan. The wall
 * time is the real clock's, so the value is checked against the bounds
 * the test measures around the calls: one tick over at most
 * (after the second call - before the first) and at least (before the
 * second - after the first). A new start time drops the baseline. */
START_TEST(field_cpu_percent_across_scans)
{
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    struct stat_line s = worker;
    char dir[FX_PATH_MAX];
    double a0, a1, b0, b1, v = -1, tick = 1 / fx_tck();
    struct timespec pause = { 0, 100000000 };
    ostat_proc_iter *it;
    ostat_ctx *ctx;
    ostat_proc *p;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    it = iter_at(ctx, OSTAT_PF_CPU_PERCENT | OSTAT_PF_CPU_TIMES);
    p = row_of(it, 300);
    a0 = mono();
    ck_assert_int_eq(ostat_proc_cpu_percent(p, 0, &v), 0);
    a1 = mono();
    ck_assert_double_eq(v, 0);

    s.utime += 1;
    write_stat(dir, &s);
    nanosleep(&pause, NULL);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_cpu_times(p, &t), 0);
    ck_assert_close(t.user, 101 / fx_tck());
    b0 = mono();
    ck_assert_int_eq(ostat_proc_cpu_percent(p, 0, &v), 0);
    b1 = mono();
    ck_assert_msg(v > 0, "cpu_percent %g", v);
    ck_assert_msg(v >= 100 * tick / (b1 - a0) * (1 - FX_REL_TOL) &&
                      v <= 100 * tick / (b0 - a1) * (1 + FX_REL_TOL),
                  "cpu_percent %g outside [%g, %g]", v, 100 * tick / (b1 - a0),
                  100 * tick / (b0 - a1));

    /* No change since: 0. */
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_cpu_percent(p, 0, &v), 0);
    ck_assert_double_eq(v, 0);

    /* Another process under the pid, with more CPU time: no baseline. */
    s.utime += 50;
    s.start = 8000;
    write_stat(dir, &s);
    p = row_of(it, 300);
    ck_assert_int_eq(ostat_proc_cpu_percent(p, 0, &v), 0);
    ck_assert_double_eq(v, 0);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- arguments -------------------------------------------------------- */

START_TEST(api_arguments)
{
    char dir[FX_PATH_MAX], gone[FX_PATH_MAX];
    ostat_proc_iter *it = (ostat_proc_iter *)dir;
    ostat_proc *p = (ostat_proc *)dir;
    ostat_ctx *ctx;

    copy_table(dir);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_proc_iter_new(NULL, 0, &it), OSTAT_EINVAL);
    ck_assert_ptr_null(it);
    ck_assert_int_eq(ostat_proc_iter_new(ctx, 0, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_proc_iter_new(ctx, (uint64_t)OSTAT_PF_ALL + 1, &it),
                     OSTAT_EINVAL);
    ck_assert_ptr_null(it);
    ck_assert_int_eq(ostat_proc_iter_next(NULL, &p), OSTAT_EINVAL);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(ostat_proc_iter_rewind(NULL), OSTAT_EINVAL);
    ostat_proc_iter_free(NULL);

    it = iter_at(ctx, MOST);
    ck_assert_int_eq(ostat_proc_iter_next(it, NULL), OSTAT_EINVAL);
    /* Freeing a row is a no-op: the iterator owns it. */
    ck_assert_int_eq(ostat_proc_iter_next(it, &p), 1);
    ostat_proc_free(p);
    ck_assert_int_eq(ostat_proc_iter_next(it, &p), 1);
    ck_assert_int_eq(ostat_proc_pid(p), 2);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);

    /* No procfs root: OSTAT_EOS naming it. */
    snprintf(gone, sizeof(gone), "%.*s/gone", FX_PATH_MAX - 8, dir);
    ctx = fx_ctx_at(gone);
    it = (ostat_proc_iter *)dir;
    ck_assert_int_eq(ostat_proc_iter_new(ctx, 0, &it), OSTAT_EOS);
    ck_assert_ptr_null(it);
    ostat_ctx_free(ctx);
}
END_TEST

static Suite *iter_suite(void)
{
    Suite *s = suite_create("proc-iter");
    TCase *tc = tcase_create("iter");

    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, listing_order);
    tcase_add_test(tc, listing_iterators_share_storage);
    tcase_add_test(tc, listing_gone_and_new);
    tcase_add_test(tc, listing_stat_vanishes);
    tcase_add_test(tc, listing_zombie);
    tcase_add_test(tc, refresh_cmdline_until_exec);
    tcase_add_test(tc, refresh_long_name);
    tcase_add_test(tc, refresh_ids_until_owner_changes);
    tcase_add_test(tc, refresh_rewind_mid_scan);
    tcase_add_test(tc, field_kthread_reads_only_stat);
    tcase_add_test(tc, large_read_not_kept);
    tcase_add_test(tc, field_status_missing);
    tcase_add_test(tc, field_cmdline_string_joins_the_list);
    tcase_add_test(tc, field_status_unreadable);
    tcase_add_test(tc, field_memory_info_masks);
    tcase_add_test(tc, field_cpu_percent_across_scans);
    tcase_add_test(tc, api_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(iter_suite());
}
