/* SPDX-License-Identifier: MIT */
/* fx.h: helpers shared by the Linux fixture suites: contexts over recorded
 * trees, floating-point comparisons, checks of the error detail, and
 * temporary procfs trees built at run time. */
#ifndef OSTAT_TESTS_LINUX_FX_H
#define OSTAT_TESTS_LINUX_FX_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ostat.h>

#ifndef FIXTURES
#error "FIXTURES must name the tests/fixtures/linux directory"
#endif

#define FX_PATH_MAX 1024

/* Relative tolerance for values the library computes in floating point. */
#define FX_REL_TOL 1e-9

#define ck_assert_close(actual, expected)                                      \
    ck_assert_double_eq_tol((actual), (expected),                              \
                            FX_REL_TOL *fmax(1.0, fabs(expected)))

/* Kilobytes of /proc/meminfo as bytes. */
#define KB(n) ((uint64_t)(n)*1024u)

static inline double fx_tck(void)
{
    return (double)sysconf(_SC_CLK_TCK);
}

static inline uint64_t fx_page_size(void)
{
    return (uint64_t)sysconf(_SC_PAGESIZE);
}

/* A context reading @dir/proc and @dir/sys; @dir is absolute. */
static inline ostat_ctx *fx_ctx_at(const char *dir)
{
    char proc[FX_PATH_MAX + 8], sys[FX_PATH_MAX + 8];
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;

    snprintf(proc, sizeof(proc), "%s/proc", dir);
    snprintf(sys, sizeof(sys), "%s/sys", dir);
    o.procfs_root = proc;
    o.sysfs_root = sys;
    ck_assert_int_eq(ostat_ctx_new(&o, &ctx), 0);
    ck_assert_ptr_nonnull(ctx);
    return ctx;
}

/* A context over the recorded scenario FIXTURES/@scenario. */
static inline ostat_ctx *fx_ctx(const char *scenario)
{
    char dir[FX_PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, scenario);
    return fx_ctx_at(dir);
}

/* A context over the malformed case FIXTURES/malformed/@name; the case's
 * @sub root ("proc" or "sys") goes into @root (FX_PATH_MAX bytes), as the
 * error detail names it. */
static inline ostat_ctx *
fx_malformed_ctx(const char *name, const char *sub, char *root)
{
    char dir[FX_PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/malformed/%s", FIXTURES, name);
    snprintf(root, FX_PATH_MAX, "%s/malformed/%s/%s", FIXTURES, name, sub);
    return fx_ctx_at(dir);
}

/* Check that @rc is @code and that the thread's error detail agrees: the
 * same code, a message naming @dir/@rel (and "line @line" when @line > 0),
 * and @dir/@rel as where. */
static inline void
fx_check_error(int rc, int code, const char *dir, const char *rel, int line)
{
    const ostat_error *e = ostat_error_last();
    char path[2 * FX_PATH_MAX], want[64];

    ck_assert_msg(rc == code, "rc %s (%d), expected %s", ostat_err_name(rc), rc,
                  ostat_err_name(code));
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, rc);
    ck_assert_ptr_nonnull(e->message);
    ck_assert_ptr_nonnull(e->where);
    ck_assert_uint_gt(strlen(e->message), 0);
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    ck_assert_msg(strstr(e->message, path) != NULL,
                  "message \"%s\" does not name %s", e->message, path);
    ck_assert_str_eq(e->where, path);
    if (line > 0) {
        snprintf(want, sizeof(want), ": line %d:", line);
        ck_assert_msg(strstr(e->message, want) != NULL,
                      "message \"%s\" does not give line %d", e->message, line);
    }
}

/* ---- temporary trees ----------------------------------------------------
 */

/* mkdir -p for the directories of @path (not its last component). */
static inline void fx_mkdirs_for(const char *path)
{
    char tmp[2 * FX_PATH_MAX];
    char *p;

    snprintf(tmp, sizeof(tmp), "%s", path);
    for (p = tmp + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            ck_assert_msg(mkdir(tmp, 0755) == 0 || errno == EEXIST,
                          "mkdir %s: %s", tmp, strerror(errno));
            *p = '/';
        }
    }
}

/* Write @len bytes to @dir/@rel, creating directories, replacing the file
 * atomically (as the kernel's files change between two reads). */
static inline void
fx_write_bytes(const char *dir, const char *rel, const void *data, size_t len)
{
    char path[2 * FX_PATH_MAX], tmp[2 * FX_PATH_MAX + 8];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    snprintf(tmp, sizeof(tmp), "%s.new", path);
    fx_mkdirs_for(path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ck_assert_msg(fd >= 0, "open %s: %s", tmp, strerror(errno));
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    ck_assert_int_eq(close(fd), 0);
    ck_assert_msg(rename(tmp, path) == 0, "rename %s: %s", path,
                  strerror(errno));
}

static inline void fx_write(const char *dir, const char *rel, const char *text)
{
    fx_write_bytes(dir, rel, text, strlen(text));
}

static inline int
fx_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void fx_rm_rf(const char *dir)
{
    nftw(dir, fx_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The parent of the trees built at run time, made in the parent process by
 * an unchecked fixture so that it is removed even when a forked test fails.
 */
static char fx_tmp_root[FX_PATH_MAX / 2];

static inline void fx_tmp_root_setup(void)
{
    snprintf(fx_tmp_root, sizeof(fx_tmp_root), "/tmp/ostat-fx-XXXXXX");
    if (mkdtemp(fx_tmp_root) == NULL) {
        fx_tmp_root[0] = '\0';
    }
}

static inline void fx_tmp_root_teardown(void)
{
    if (fx_tmp_root[0] != '\0') {
        fx_rm_rf(fx_tmp_root);
    }
}

/* A fresh directory for one test, below the root; @out holds FX_PATH_MAX. */
static inline void fx_tmp_dir(char *out)
{
    ck_assert_msg(fx_tmp_root[0] != '\0', "no temporary root");
    snprintf(out, FX_PATH_MAX, "%s/t-XXXXXX", fx_tmp_root);
    ck_assert_ptr_nonnull(mkdtemp(out));
}

/* Run @s with TAP on stdout as tests/meson.build sets up; 0 if all pass. */
static inline int fx_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}

#endif
