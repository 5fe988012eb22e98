/* SPDX-License-Identifier: MIT */
/* ctx.c: the Linux backend's context state, probes and the file cache of
 * oneshot sections. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "linux.h"

/* Each cached file under the procfs root, and whether the kernel writes it
 * whole at one read (single_open: a read that does not fill the buffer is
 * the end) or a record at a time, a page per read. */
static const struct {
    const char *name;
    int once;
} lfiles[OSTAT__LF_COUNT] = {
    { "stat", 1 },
    { "meminfo", 1 },
    { "vmstat", 0 },
    { "diskstats", 0 },
    { "thread-self/net/dev", 0 },
    { "net/dev", 0 },
    { "filesystems", 1 },
    { "self/mounts", 0 },
};

static char *join(const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *s = malloc(la + lb + lc + 1);

    if (s != NULL) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb);
        memcpy(s + la + lb, c, lc + 1);
    }
    return s;
}

int ostat__os_ctx_init(ostat_ctx *ctx)
{
    long v;
    int i;

    ctx->os = calloc(1, sizeof(*ctx->os));
    if (ctx->os == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    for (i = 0; i < OSTAT__LF_COUNT; i++) {
        ctx->os->files[i].path = join(ctx->procfs_root, "/", lfiles[i].name);
        if (ctx->os->files[i].path == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
    }
    ctx->os->utmp_path = join(ctx->host_prefix, "", _PATH_UTMP);
    if (ctx->os->utmp_path == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    v = sysconf(_SC_CLK_TCK);
    ctx->clk_tck = v > 0 ? v : 100;
    v = sysconf(_SC_PAGESIZE);
    ctx->page_size = v > 0 ? v : 4096;
    return 0;
}

void ostat__os_ctx_fini(ostat_ctx *ctx)
{
    int i;

    if (ctx->os == NULL) {
        return;
    }
    for (i = 0; i < OSTAT__LF_COUNT; i++) {
        ostat__buf_free(&ctx->os->files[i].buf);
        free(ctx->os->files[i].path);
    }
    free(ctx->os->utmp_path);
    free(ctx->os->ttys);
    ostat__slabs_free(ctx->os->spare_slabs);
    ostat__buf_free(&ctx->os->scratch);
    ostat__buf_free(&ctx->os->out);
    free(ctx->os);
    ctx->os = NULL;
}

/* Buffers larger than this (a big environ, maps, a command line of many
 * KiB) are freed when the call that needed them returns; what is kept
 * covers stat, status and the usual command lines and environments. */
#define KEEP_MAX (16 * 1024)

void ostat__os_ctx_idle(ostat_ctx *ctx)
{
    if (ctx->os == NULL) {
        return;
    }
    if (ctx->os->scratch.cap > KEEP_MAX) {
        ostat__buf_free(&ctx->os->scratch);
    }
    if (ctx->os->out.cap > KEEP_MAX) {
        ostat__buf_free(&ctx->os->out);
    }
}

void ostat__os_sleep(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

int ostat__path(char *buf, const char *root, const char *rel)
{
    int n = snprintf(buf, OSTAT__PATH_MAX, "%s/%s", root, rel);

    if (n < 0 || n >= OSTAT__PATH_MAX) {
        return ostat__err(OSTAT_EINVAL, ENAMETOOLONG, root,
                          "path too long: %s/%s", root, rel);
    }
    return 0;
}

int ostat__sysfs_attr(ostat_ctx *ctx,
                      const char *rel,
                      char *path,
                      char *buf,
                      size_t cap,
                      size_t *len)
{
    int rc;

    if ((rc = ostat__path(path, ctx->sysfs_root, rel)) != 0) {
        return rc;
    }
    rc = ostat__read_small(path, buf, cap, len);
    if (rc == -EFBIG) {
        return ostat__parse_err(ctx->sysfs_root, rel, 1, "too long");
    }
    if (rc != 0) {
        return -rc;
    }
    if (*len > 0 && buf[*len - 1] == '\n') {
        buf[--*len] = '\0';
    }
    return 0;
}

uint64_t ostat__sysfs_u64(ostat_ctx *ctx, const char *rel, size_t cap)
{
    char path[OSTAT__PATH_MAX], buf[64];
    const char *p = buf;
    size_t len;
    uint64_t v;

    if (cap > sizeof(buf) || ostat__path(path, ctx->sysfs_root, rel) != 0 ||
        ostat__read_small(path, buf, cap, &len) != 0 ||
        ostat__scan_u64(&p, buf + len, &v) != 0) {
        return 0;
    }
    return v;
}

static int read_into(const char *root,
                     const char *rel,
                     int enoent_code,
                     struct ostat__buf *b)
{
    char path[OSTAT__PATH_MAX];
    int rc;

    if ((rc = ostat__path(path, root, rel)) != 0) {
        return rc;
    }
    rc = ostat__read_file(path, b);
    if (rc != 0) {
        return ostat__err_errno(-rc, enoent_code, path);
    }
    return 0;
}

int ostat__lfile(ostat_ctx *ctx,
                 enum ostat__lfile which,
                 int enoent_code,
                 const char **data,
                 size_t *len)
{
    struct ostat__os *os = ctx->os;
    int rc;

    if (ctx->oneshot_depth == 0 || os->files[which].gen != ctx->oneshot_gen) {
        os->files[which].gen = 0;
        rc = lfiles[which].once ? ostat__read_file_once(os->files[which].path,
                                                        &os->files[which].buf)
                                : ostat__read_file(os->files[which].path,
                                                   &os->files[which].buf);
        if (rc != 0) {
            return ostat__err_errno(-rc, enoent_code, os->files[which].path);
        }
        os->files[which].gen = ctx->oneshot_depth ? ctx->oneshot_gen : 0;
    }
    *data = os->files[which].buf.data;
    *len = os->files[which].buf.len;
    return 0;
}

int ostat__lread(ostat_ctx *ctx,
                 const char *root,
                 const char *rel,
                 int enoent_code,
                 const char **data,
                 size_t *len)
{
    int rc = read_into(root, rel, enoent_code, &ctx->os->scratch);

    if (rc == 0) {
        *data = ctx->os->scratch.data;
        *len = ctx->os->scratch.len;
    }
    return rc;
}

int ostat__parse_err(const char *root,
                     const char *rel,
                     int line,
                     const char *why)
{
    char where[OSTAT__PATH_MAX];

    snprintf(where, sizeof(where), "%s/%s", root, rel);
    if (line > 0) {
        return ostat__err(OSTAT_EPARSE, 0, where, "%s: line %d: %s", where,
                          line, why);
    }
    return ostat__err(OSTAT_EPARSE, 0, where, "%s: %s", where, why);
}

int ostat__cpu_list(const char *s,
                    const char *end,
                    int (*fn)(int32_t cpu, void *payload),
                    void *payload)
{
    const char *p = s;
    int rc;

    while (p < end && (*p == '\n' || *p == ' ')) {
        p++;
    }
    if (p == end) {
        return 0; /* an empty list */
    }
    for (;;) {
        uint64_t a, b;

        if (ostat__scan_u64(&p, end, &a) != 0 || a > OSTAT__MAX_CPU) {
            return -1;
        }
        b = a;
        if (p < end && *p == '-') {
            p++;
            if (ostat__scan_u64(&p, end, &b) != 0 || b < a ||
                b > OSTAT__MAX_CPU) {
                return -1;
            }
        }
        for (; a <= b; a++) {
            if ((rc = fn((int32_t)a, payload)) != 0) {
                return rc;
            }
        }
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        while (p < end && (*p == '\n' || *p == ' ')) {
            p++;
        }
        return p == end ? 0 : -1;
    }
}
