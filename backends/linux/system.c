/* SPDX-License-Identifier: MIT */
/* system.c: boot time, uptime, the C heap and pressure stall information. */
#include <errno.h>
#include <string.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "linux.h"

static double ts_seconds(const struct timespec *ts)
{
    return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

int ostat__os_boot_time(ostat_ctx *ctx, double *out)
{
    const char *data, *p, *end, *eol;
    size_t len;
    uint64_t v;
    int rc, line = 0;

    if (ctx->live) {
        /* The kernel's btime is CLOCK_REALTIME - CLOCK_BOOTTIME truncated to
         * whole seconds; computing it here costs no file read and keeps the
         * fraction. */
        struct timespec rt, bt;

        if (clock_gettime(CLOCK_REALTIME, &rt) == 0 &&
            clock_gettime(CLOCK_BOOTTIME, &bt) == 0) {
            *out = ts_seconds(&rt) - ts_seconds(&bt);
            return 0;
        }
    }
    if ((rc = ostat__lfile(ctx, OSTAT__LF_STAT, OSTAT_EOS, &data, &len)) != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        line++;
        if (ostat__starts(p, eol, "btime ")) {
            p += 6;
            if (ostat__scan_u64(&p, eol, &v) != 0) {
                return ostat__parse_err(ctx->procfs_root, "stat", line,
                                        "expected a number after btime");
            }
            *out = (double)v;
            return 0;
        }
    }
    return ostat__parse_err(ctx->procfs_root, "stat", 0, "no btime line");
}

int ostat__os_uptime(ostat_ctx *ctx, double *out)
{
    char buf[128], path[OSTAT__PATH_MAX];
    const char *p;
    size_t len;
    int rc;

    if (ctx->live) {
        struct timespec bt;

        if (clock_gettime(CLOCK_BOOTTIME, &bt) == 0) {
            *out = ts_seconds(&bt);
            return 0;
        }
    }
    if ((rc = ostat__path(path, ctx->procfs_root, "uptime")) != 0) {
        return rc;
    }
    if ((rc = ostat__read_small(path, buf, sizeof(buf), &len)) != 0) {
        return rc == -EFBIG
                   ? ostat__parse_err(ctx->procfs_root, "uptime", 1, "too long")
                   : ostat__err_errno(-rc, OSTAT_EOS, path);
    }
    p = buf;
    if (ostat__scan_double(&p, buf + len, out) != 0) {
        return ostat__parse_err(ctx->procfs_root, "uptime", 1,
                                "expected seconds since boot");
    }
    return 0;
}

int ostat__os_heap_info(ostat_ctx *ctx, struct ostat_heap_info *out)
{
    (void)ctx;
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();

    out->heap_used = mi.uordblks;
    out->mmap_used = mi.hblkhd;
    out->valid = OSTAT_HEAP_INFO_HEAP_USED | OSTAT_HEAP_INFO_MMAP_USED;
    return 0;
#else
    (void)out;
    return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                      "heap_info needs glibc 2.33 or later");
#endif
}

int ostat__os_heap_trim(ostat_ctx *ctx)
{
    (void)ctx;
#if defined(__GLIBC__)
    malloc_trim(0);
    return 0;
#else
    return ostat__err(OSTAT_ENOTSUP, 0, NULL, "heap_trim needs glibc");
#endif
}

/* "some avg10=0.00 avg60=0.00 avg300=0.00 total=0": @vals gets the three
 * averages and @total. */
static int
parse_psi_line(const char *p, const char *end, double vals[3], uint64_t *total)
{
    static const char *const keys[] = { "avg10=", "avg60=", "avg300=" };
    int i;

    for (i = 0; i < 3; i++) {
        ostat__skip_blanks(&p, end);
        if (!ostat__starts(p, end, keys[i])) {
            return -1;
        }
        p += strlen(keys[i]);
        if (ostat__scan_double(&p, end, &vals[i]) != 0) {
            return -1;
        }
    }
    ostat__skip_blanks(&p, end);
    if (!ostat__starts(p, end, "total=")) {
        return -1;
    }
    p += 6;
    return ostat__scan_u64(&p, end, total);
}

int ostat__os_pressure(ostat_ctx *ctx,
                       int32_t resource,
                       struct ostat_pressure *out)
{
    static const char *const files[] = { "pressure/cpu", "pressure/memory",
                                         "pressure/io", "pressure/irq" };
    const char *rel = files[resource], *data, *p, *end, *eol;
    size_t len;
    int rc, line = 0;

    rc = ostat__lread(ctx, ctx->procfs_root, rel, OSTAT_ENOTSUP, &data, &len);
    if (rc != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        double v[3];
        uint64_t total;
        int full;

        eol = ostat__eol(p, end);
        line++;
        if (p == eol) {
            continue;
        }
        if (ostat__starts(p, eol, "some ")) {
            full = 0;
        } else if (ostat__starts(p, eol, "full ")) {
            full = 1;
        } else {
            return ostat__parse_err(ctx->procfs_root, rel, line,
                                    "expected \"some\" or \"full\"");
        }
        if (parse_psi_line(p + 5, eol, v, &total) != 0) {
            return ostat__parse_err(ctx->procfs_root, rel, line,
                                    "expected avg10= avg60= avg300= total=");
        }
        if (full) {
            out->full_avg10 = v[0];
            out->full_avg60 = v[1];
            out->full_avg300 = v[2];
            out->full_total = total;
            out->valid |=
                OSTAT_PRESSURE_FULL_AVG10 | OSTAT_PRESSURE_FULL_AVG60 |
                OSTAT_PRESSURE_FULL_AVG300 | OSTAT_PRESSURE_FULL_TOTAL;
        } else {
            out->some_avg10 = v[0];
            out->some_avg60 = v[1];
            out->some_avg300 = v[2];
            out->some_total = total;
            out->valid |=
                OSTAT_PRESSURE_SOME_AVG10 | OSTAT_PRESSURE_SOME_AVG60 |
                OSTAT_PRESSURE_SOME_AVG300 | OSTAT_PRESSURE_SOME_TOTAL;
        }
    }
    if (out->valid == 0) {
        return ostat__parse_err(ctx->procfs_root, rel, 0, "empty file");
    }
    return 0;
}
