/* SPDX-License-Identifier: MIT */
/* fixture.c: a small host tree (procfs files and a utmp) in a temporary
 * directory, so that backend results in the unit tests are known exactly. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#if UT_HAVE_UTMP
#include <utmp.h>
#endif

static char root[4096];

const char *ut_fixture_root(void)
{
    return root;
}

double ut_clk_tck(void)
{
    long v = sysconf(_SC_CLK_TCK);

    return v > 0 ? (double)v : 100.0;
}

static int mkdirs(char *path)
{
    char *p;

    for (p = path + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *p = '/';
        }
    }
    return 0;
}

int ut_write_file(const char *dir,
                  const char *rel,
                  const char *data,
                  size_t len)
{
    char path[4096];
    FILE *f;
    int n = snprintf(path, sizeof(path), "%s/%s", dir, rel);

    if (n < 0 || (size_t)n >= sizeof(path) || mkdirs(path) != 0) {
        return -1;
    }
    f = fopen(path, "wb");
    if (f == NULL) {
        return -1;
    }
    if (len > 0 && fwrite(data, 1, len, f) != len) {
        fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int write_text(const char *dir, const char *rel, const char *text)
{
    return ut_write_file(dir, rel, text, strlen(text));
}

#if UT_HAVE_UTMP
static void set_field(char *dst, size_t cap, const char *s)
{
    memset(dst, 0, cap);
    memcpy(dst, s, strlen(s) < cap ? strlen(s) : cap);
}

static int write_utmp(const char *dir)
{
    struct utmp u[3];

    memset(u, 0, sizeof(u));
    u[0].ut_type = LOGIN_PROCESS;
    u[0].ut_pid = 42;
    set_field(u[0].ut_line, sizeof(u[0].ut_line), "tty2");
    set_field(u[0].ut_user, sizeof(u[0].ut_user), "LOGIN");

    u[1].ut_type = USER_PROCESS;
    u[1].ut_pid = UT_USER0_PID;
    set_field(u[1].ut_line, sizeof(u[1].ut_line), UT_USER0_TTY);
    set_field(u[1].ut_user, sizeof(u[1].ut_user), UT_USER0_NAME);
    set_field(u[1].ut_host, sizeof(u[1].ut_host), UT_USER0_HOST);
    u[1].ut_tv.tv_sec = UT_USER0_TIME;

    u[2].ut_type = USER_PROCESS;
    u[2].ut_pid = UT_USER1_PID;
    set_field(u[2].ut_line, sizeof(u[2].ut_line), UT_USER1_TTY);
    set_field(u[2].ut_user, sizeof(u[2].ut_user), UT_USER1_NAME);
    u[2].ut_tv.tv_sec = UT_USER1_TIME; /* no host: a local login */

    return ut_write_file(dir, "var/run/utmp", (const char *)u, sizeof(u));
}
#endif

static int write_tree(const char *dir)
{
    if (write_text(dir, "proc/stat", UT_STAT) != 0 ||
        write_text(dir, "proc/meminfo", UT_MEMINFO) != 0 ||
        write_text(dir, "proc/vmstat", UT_VMSTAT) != 0 ||
        write_text(dir, "proc/loadavg", UT_LOADAVG) != 0 ||
        write_text(dir, "proc/pressure/cpu", UT_PRESSURE_CPU) != 0 ||
        write_text(dir, "sys/.keep", "") != 0) {
        return -1;
    }
#if UT_HAVE_UTMP
    if (write_utmp(dir) != 0) {
        return -1;
    }
#endif
    return 0;
}

/* A new directory under @parent (NULL: $TMPDIR or /tmp). */
static char *new_tmpdir(const char *parent)
{
    char *dir;

    if (parent == NULL) {
        parent = getenv("TMPDIR");
        if (parent == NULL || parent[0] != '/') {
            parent = "/tmp";
        }
    }
    if (asprintf(&dir, "%s/ostat-unit-XXXXXX", parent) < 0) {
        return NULL;
    }
    if (mkdtemp(dir) == NULL) {
        free(dir);
        return NULL;
    }
    return dir;
}

int ut_fixture_setup(void)
{
    char *dir = new_tmpdir(NULL);
    int n;

    if (dir == NULL) {
        return -1;
    }
    n = snprintf(root, sizeof(root), "%s", dir);
    free(dir);
    if (n < 0 || (size_t)n >= sizeof(root)) {
        return -1;
    }
    return write_tree(root);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

void ut_remove_tree(const char *dir)
{
    if (dir != NULL && dir[0] == '/') {
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    }
}

void ut_fixture_teardown(void)
{
    if (root[0] != '\0') {
        ut_remove_tree(root);
        root[0] = '\0';
    }
}

char *ut_fixture_copy(void)
{
    /* Inside the fixture's directory, so that the runner's teardown removes
     * it even when a failing test does not. */
    char *dir = new_tmpdir(root);

    if (dir != NULL && write_tree(dir) != 0) {
        ut_remove_tree(dir);
        free(dir);
        dir = NULL;
    }
    return dir;
}

ostat_ctx *ut_fixture_ctx(void)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    int rc;

    opts.host_prefix = root;
    rc = ostat_ctx_new(&opts, &ctx);
    ck_assert_msg(rc == 0 && ctx != NULL,
                  "ostat_ctx_new for the fixture at %s: %s", root,
                  ostat_err_name(rc));
    return ctx;
}

ostat_ctx *ut_copy_ctx(const struct ut_file *files, size_t n, char **dir)
{
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    size_t i;

    *dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(*dir);
    for (i = 0; i < n; i++) {
        ck_assert_msg(write_text(*dir, files[i].rel, files[i].text) == 0,
                      "writing %s/%s", *dir, files[i].rel);
    }
    opts.host_prefix = *dir;
    ut_assert_rc(ostat_ctx_new(&opts, &ctx), 0);
    return ctx;
}

void ut_copy_ctx_free(ostat_ctx *ctx, char *dir)
{
    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);
}
