/* SPDX-License-Identifier: MIT */
/* test_disk.c: disk_partitions, disk_usage and disk_io_counters of this
 * machine against findmnt, df and /proc/diskstats read directly; a tmpfs
 * with an odd name mounted in a mount namespace of the test's own; I/O the
 * test does itself moving the counters. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "live.h"

/* How far a filesystem's used and free bytes may move beyond what df saw
 * before and after ostat: other programs write meanwhile. */
#define USAGE_TOL (4 * LIVE_MIB)

/* ---- findmnt ------------------------------------------------------------- */

/* A row of findmnt -rn: four columns, each hex-unescaped. */
struct fm_row {
    char *source, *target, *fstype, *options;
};

/* Decode findmnt's raw escapes (\xHH) of [s, e) into a new string. */
static char *fm_unescape(const char *s, const char *e)
{
    char *out = malloc((size_t)(e - s) + 1), *o = out;

    ck_assert_ptr_nonnull(out);
    while (s < e) {
        unsigned v;

        if (e - s >= 4 && s[0] == '\\' && s[1] == 'x' &&
            sscanf(s + 2, "%2x", &v) == 1) {
            *o++ = (char)v;
            s += 4;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

/* Every mount, in the order of /proc/self/mountinfo, by findmnt. NULL if
 * findmnt is not there. */
static char *fm_run(void)
{
    if (!live_have_tool("findmnt")) {
        return NULL;
    }
    return live_run("findmnt -rn --nofsroot -o SOURCE,TARGET,FSTYPE,OPTIONS");
}

static size_t fm_parse(const char *out, struct fm_row *rows, size_t max)
{
    const char *p = out;
    size_t n = 0;

    while (*p != '\0' && n < max) {
        const char *eol = strchr(p, '\n'), *f[5];
        int i;

        eol = eol ? eol : p + strlen(p);
        f[0] = p;
        for (i = 1; i < 4; i++) {
            const char *sp = memchr(f[i - 1], ' ', (size_t)(eol - f[i - 1]));

            ck_assert_msg(sp != NULL, "findmnt line without 4 columns");
            f[i] = sp + 1;
        }
        f[4] = eol + 1;
        rows[n].source = fm_unescape(f[0], f[1] - 1);
        rows[n].target = fm_unescape(f[1], f[2] - 1);
        rows[n].fstype = fm_unescape(f[2], f[3] - 1);
        rows[n].options = fm_unescape(f[3], eol);
        n++;
        p = *eol ? eol + 1 : eol;
    }
    return n;
}

static void fm_free(struct fm_row *rows, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(rows[i].source);
        free(rows[i].target);
        free(rows[i].fstype);
        free(rows[i].options);
    }
}

#define MAX_MOUNTS 4096

static int cmp_opt(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The same comma-separated options, whatever their order? ostat gives
 * them as /proc/self/mounts (and psutil) does, the filesystem's flags
 * such as lazytime before the mount's options; findmnt puts them after. */
static int same_options(const char *a, const char *b)
{
    char *ca = strdup(a), *cb = strdup(b), *va[256], *vb[256], *save;
    size_t na = 0, nb = 0, i;
    int same;

    ck_assert_ptr_nonnull(ca);
    ck_assert_ptr_nonnull(cb);
    for (va[na] = strtok_r(ca, ",", &save); va[na] != NULL && na < 255;
         va[++na] = strtok_r(NULL, ",", &save)) {
    }
    for (vb[nb] = strtok_r(cb, ",", &save); vb[nb] != NULL && nb < 255;
         vb[++nb] = strtok_r(NULL, ",", &save)) {
    }
    same = na == nb;
    if (same) {
        qsort(va, na, sizeof(va[0]), cmp_opt);
        qsort(vb, nb, sizeof(vb[0]), cmp_opt);
        for (i = 0; i < na && same; i++) {
            same = strcmp(va[i], vb[i]) == 0;
        }
    }
    free(ca);
    free(cb);
    return same;
}

/* Does ostat's list @l hold exactly these rows of findmnt, in order? NULL,
 * or what differs (static storage). */
static const char *
compare_mounts(const ostat_list *l, struct fm_row *rows, size_t n)
{
    static char why[512];
    size_t i;

    if (ostat_list_count(l) != n) {
        snprintf(why, sizeof(why), "ostat lists %zu mounts, findmnt %zu",
                 ostat_list_count(l), n);
        return why;
    }
    for (i = 0; i < n; i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;
        const char *dev;

        ck_assert_int_eq(ostat_list_disk_partition(l, i, &p), 0);
        /* psutil turns "none" into ""; findmnt prints "" for an empty
         * source. */
        dev = p.device[0] == '\0' && strcmp(rows[i].source, "none") == 0
                  ? "none"
                  : p.device;
        if (strcmp(dev, rows[i].source) != 0 ||
            strcmp(p.mountpoint, rows[i].target) != 0 ||
            strcmp(p.fstype, rows[i].fstype) != 0 ||
            !same_options(p.opts, rows[i].options)) {
            snprintf(why, sizeof(why),
                     "mount %zu: ostat [%s] [%s] [%s] [%s], findmnt [%s] "
                     "[%s] [%s] [%s]",
                     i, p.device, p.mountpoint, p.fstype, p.opts,
                     rows[i].source, rows[i].target, rows[i].fstype,
                     rows[i].options);
            return why;
        }
    }
    return NULL;
}

/* The filesystem types on devices, from /proc/filesystems: lines without
 * "nodev", and zfs. */
static int device_fstype(const char *filesystems, const char *type)
{
    const char *p = filesystems;
    char line[256];

    while (live_next_line(&p, line, sizeof(line))) {
        int nodev = strncmp(line, "nodev", 5) == 0;
        const char *name = line + (nodev ? 5 : 0);

        name += strspn(name, " \t");
        if (strcmp(name, type) == 0) {
            return !nodev || strcmp(type, "zfs") == 0;
        }
    }
    return 0;
}

/* What findmnt could not be run gives. */
static const char no_findmnt[] = "findmnt could not be run";

/* ostat_disk_partitions(@all) against findmnt. Mounts come and go as other
 * programs run: a comparison counts only when findmnt printed the same
 * before and after ostat's read, which is tried LIVE_RETRIES times. With
 * @filesystems (/proc/filesystems, for all=0), only the mounts whose source
 * is not "none" and whose type is on a device count. NULL when they
 * match, else what differs, or no_findmnt. */
static const char *
mounts_vs_findmnt(ostat_ctx *ctx, int all, const char *filesystems)
{
    const char *why = "findmnt never printed the same list twice";
    int attempt;

    for (attempt = 0; attempt < LIVE_RETRIES && why != NULL; attempt++) {
        static struct fm_row rows[MAX_MOUNTS];
        char *before = fm_run(), *after;
        ostat_list *l = NULL;
        size_t n, i, kept;

        if (before == NULL) {
            return no_findmnt; /* util-linux is not installed */
        }
        ck_assert_int_eq(ostat_disk_partitions(ctx, all, &l), 0);
        after = fm_run();
        ck_assert_ptr_nonnull(after);
        if (strcmp(before, after) == 0) {
            n = kept = fm_parse(before, rows, MAX_MOUNTS);
            if (filesystems != NULL) {
                for (i = kept = 0; i < n; i++) {
                    if (rows[i].source[0] != '\0' &&
                        strcmp(rows[i].source, "none") != 0 &&
                        device_fstype(filesystems, rows[i].fstype)) {
                        struct fm_row t = rows[kept];

                        rows[kept++] = rows[i];
                        rows[i] = t;
                    }
                }
                /* Whatever findmnt shows: in a chroot or a container the
                 * root need not be a mount, and no mount may be on a
                 * device; then ostat's list must be empty too. */
            }
            why = compare_mounts(l, rows, kept);
            fm_free(rows, n);
        }
        free(before);
        free(after);
        ostat_list_free(l);
    }
    return why;
}

/* Every mount against findmnt. */
START_TEST(partitions_vs_findmnt)
{
    ostat_ctx *ctx = live_ctx();
    const char *why = mounts_vs_findmnt(ctx, 1, NULL);

    ostat_ctx_free(ctx);
    ck_assert_msg(why == NULL || why == no_findmnt, "%s", why);
}
END_TEST

/* all=0: the mounts findmnt lists whose source is not "none" and whose
 * type /proc/filesystems lists as a filesystem on a device. */
START_TEST(partitions_physical_vs_findmnt)
{
    char *filesystems = live_read_file("/proc/filesystems");
    ostat_ctx *ctx = live_ctx();
    const char *why;

    ck_assert_ptr_nonnull(filesystems);
    why = mounts_vs_findmnt(ctx, 0, filesystems);
    free(filesystems);
    ostat_ctx_free(ctx);
    ck_assert_msg(why == NULL || !live_have_tool("findmnt"), "%s", why);
}
END_TEST

/* ---- df -------------------------------------------------------------------
 */

struct df {
    uint64_t size, used, avail;
    int pcent; /* -1 for "-" */
};

/* @path quoted for /bin/sh into @out (@cap bytes). */
static void sh_quote(const char *path, char *out, size_t cap)
{
    size_t o = 0;

    out[o++] = '\'';
    for (; *path != '\0' && o + 6 < cap; path++) {
        if (*path == '\'') {
            memcpy(out + o, "'\\''", 4);
            o += 4;
        } else {
            out[o++] = *path;
        }
    }
    out[o++] = '\'';
    out[o] = '\0';
}

/* df -B1 for @path; 0, or -1 if df failed. */
static int df_of(const char *path, struct df *d)
{
    char quoted[8192], cmd[8300];
    char *out, *nl;
    int rc = -1;

    sh_quote(path, quoted, sizeof(quoted));
    snprintf(cmd, sizeof(cmd), "df -B1 --output=size,used,avail,pcent -- %s",
             quoted);
    if ((out = live_run(cmd)) == NULL) {
        return -1;
    }
    nl = strchr(out, '\n');
    if (nl != NULL) {
        unsigned long long s, u, a;
        char pc[16];

        if (sscanf(nl + 1, "%llu %llu %llu %15s", &s, &u, &a, pc) == 4) {
            d->size = s;
            d->used = u;
            d->avail = a;
            d->pcent = strcmp(pc, "-") == 0 ? -1 : atoi(pc);
            rc = 0;
        }
    }
    free(out);
    return rc;
}

static int within(uint64_t v, uint64_t a, uint64_t b, uint64_t tol)
{
    uint64_t lo = a < b ? a : b, hi = a < b ? b : a;

    return v + tol >= lo && v <= hi + tol;
}

/* disk_usage of @path against df: total exact; used and free between df's
 * values before and after, give or take USAGE_TOL; percent within one of
 * df's Use%, which is rounded up. */
static void check_usage(ostat_ctx *ctx, const char *path)
{
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    struct df before, after;

    if (df_of(path, &before) != 0) {
        return; /* df cannot tell (a filesystem it does not show) */
    }
    ck_assert_int_eq(ostat_disk_usage(ctx, path, &u), 0);
    ck_assert_int_eq(df_of(path, &after), 0);
    ck_assert_uint_eq(u.valid, OSTAT_DISK_USAGE_TOTAL | OSTAT_DISK_USAGE_USED |
                                   OSTAT_DISK_USAGE_FREE |
                                   OSTAT_DISK_USAGE_PERCENT);
    ck_assert_msg(u.total == before.size && u.total == after.size,
                  "%s: total %" PRIu64 ", df %" PRIu64 " and %" PRIu64, path,
                  u.total, before.size, after.size);
    ck_assert_msg(within(u.used, before.used, after.used, USAGE_TOL),
                  "%s: used %" PRIu64 ", df %" PRIu64 " and %" PRIu64, path,
                  u.used, before.used, after.used);
    ck_assert_msg(within(u.free, before.avail, after.avail, USAGE_TOL),
                  "%s: free %" PRIu64 ", df %" PRIu64 " and %" PRIu64, path,
                  u.free, before.avail, after.avail);
    if (before.pcent >= 0) {
        ck_assert_msg(fabs(ceil(u.percent) - before.pcent) <= 1,
                      "%s: percent %.3f, df %d%%", path, u.percent,
                      before.pcent);
    }
    /* The root reserve is left out of free, so used + free <= total. */
    ck_assert_uint_le(u.used + u.free, u.total);
}

START_TEST(usage_vs_df)
{
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t i;

    if (!live_have_tool("df")) {
        ostat_ctx_free(ctx);
        return;
    }
    check_usage(ctx, "/");
    check_usage(ctx, "/proc");
    /* Every mount on a device. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;

        ck_assert_int_eq(ostat_list_disk_partition(l, i, &p), 0);
        check_usage(ctx, p.mountpoint);
    }
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- a mount of our own -------------------------------------------------- */

/* A mount point whose name has every byte mountinfo escapes, '#', quotes
 * and bytes that are not UTF-8. */
static const char odd_name[] = "a b\tc\nd\\e#f\"g'h\xff\xfe";

/* In a mount namespace of this (forked) test's own, so nobody else sees
 * them: a tmpfs of 1 MiB from "ostat test" at /tmp/ostat-live-XXXXXX/<odd
 * name>, and one of 2 MiB from "" over it. They must come back byte for
 * byte, with findmnt's options, and disk_usage must give df's numbers. */
START_TEST(odd_mount)
{
    char base[] = "/tmp/ostat-live-XXXXXX", dir[256];
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    ostat_ctx *ctx;
    ostat_list *l = NULL;
    size_t i, found = 0;

    if (unshare(CLONE_NEWNS) != 0) {
        /* no CAP_SYS_ADMIN here (a container, not root) */
        fprintf(stderr,
                "live disk: odd_mount skipped: unshare(CLONE_NEWNS): %s\n",
                strerror(errno));
        return;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        /* EINVAL in a chroot, whose root is not a mount point: the mounts
         * below could then reach other namespaces through propagation. */
        fprintf(stderr, "live disk: odd_mount skipped: making / private: %s\n",
                strerror(errno));
        return;
    }
    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(dir, sizeof(dir), "%s/%s", base, odd_name);
    ck_assert_int_eq(mkdir(dir, 0700), 0);
    ck_assert_msg(mount("ostat test", dir, "tmpfs", MS_NOSUID | MS_NODEV,
                        "size=1m,mode=700") == 0,
                  "mount: %s", strerror(errno));
    /* A second one over it, from an empty source. */
    ck_assert_msg(
        mount("", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=700") == 0,
        "mount: %s", strerror(errno));
    ctx = live_ctx();
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;

        ck_assert_int_eq(ostat_list_disk_partition(l, i, &p), 0);
        if (strcmp(p.mountpoint, dir) == 0) {
            ck_assert_str_eq(p.device, found ? "" : "ostat test");
            ck_assert_str_eq(p.fstype, "tmpfs");
            ck_assert_str_eq(p.opts, found ? "rw,nosuid,nodev,relatime,"
                                             "size=2048k,mode=700"
                                           : "rw,nosuid,nodev,relatime,"
                                             "size=1024k,mode=700");
            found++;
        }
    }
    ostat_list_free(l);
    ck_assert_uint_eq(found, 2);
    /* tmpfs is "nodev" in /proc/filesystems: not a partition. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;

        ck_assert_int_eq(ostat_list_disk_partition(l, i, &p), 0);
        ck_assert_str_ne(p.mountpoint, dir);
    }
    ostat_list_free(l);
    /* The top one: 2 MiB, nothing used yet. */
    ck_assert_int_eq(ostat_disk_usage(ctx, dir, &u), 0);
    ck_assert_uint_eq(u.total, 2 * LIVE_MIB);
    ck_assert_uint_eq(u.used, 0);
    ck_assert_uint_eq(u.free, 2 * LIVE_MIB);
    ck_assert_double_eq(u.percent, 0);
    if (live_have_tool("df")) {
        check_usage(ctx, dir);
    }
    ostat_ctx_free(ctx);
    ck_assert_int_eq(umount(dir), 0);
    ck_assert_int_eq(umount(dir), 0);
    rmdir(dir);
    rmdir(base);
}
END_TEST

/* ---- /proc/diskstats ----------------------------------------------------- */

/* A line of /proc/diskstats as the test reads it. */
struct ds {
    unsigned major, minor;
    char name[64];
    int n; /* numbers after the name */
    unsigned long long k[17];
};

#define MAX_DISKS 1024

static size_t ds_read(struct ds *rows, size_t max)
{
    char *text = live_read_file("/proc/diskstats");
    const char *p = text;
    char line[1024];
    size_t n = 0;

    ck_assert_ptr_nonnull(text);
    while (live_next_line(&p, line, sizeof(line)) && n < max) {
        struct ds *r = &rows[n];
        char *s, *end;
        int off = 0;

        if (sscanf(line, "%u %u %63s %n", &r->major, &r->minor, r->name,
                   &off) != 3) {
            continue;
        }
        s = line + off;
        for (r->n = 0; r->n < 17; r->n++) {
            r->k[r->n] = strtoull(s, &end, 10);
            if (end == s) {
                break;
            }
            s = end;
        }
        n++;
    }
    free(text);
    return n;
}

/* Check ostat's counters @c against a diskstats line read before (@a) and
 * after (@b): counters between the two. */
static void check_between(const struct ostat_disk_io_counters *c,
                          const struct ds *a,
                          const struct ds *b)
{
    const uint64_t got[] = {
        c->read_count,
        c->read_merged_count,
        c->read_bytes / 512,
        c->read_time,
        c->write_count,
        c->write_merged_count,
        c->write_bytes / 512,
        c->write_time,
        0,
        c->busy_time,
        c->weighted_time,
        c->discard_count,
        c->discard_merged_count,
        c->discard_bytes / 512,
        c->discard_time,
        c->flush_count,
        c->flush_time,
    };
    int i;

    ck_assert_int_ge(a->n, 11);
    for (i = 0; i < a->n && i < 17; i++) {
        if (i == 8) {
            continue; /* in flight: a level that goes up and down */
        }
        ck_assert_msg(a->k[i] <= got[i] && got[i] <= b->k[i],
                      "%s: field %d is %" PRIu64 ", diskstats %llu then %llu",
                      a->name, i + 4, got[i], a->k[i], b->k[i]);
    }
    ck_assert_uint_eq(c->read_bytes % 512, 0);
}

static int
same_devices(const struct ds *a, size_t na, const struct ds *b, size_t nb)
{
    size_t i;

    if (na != nb) {
        return 0;
    }
    for (i = 0; i < na; i++) {
        if (strcmp(a[i].name, b[i].name) != 0) {
            return 0;
        }
    }
    return 1;
}

START_TEST(io_perdisk_vs_diskstats)
{
    static struct ds before[MAX_DISKS], after[MAX_DISKS];
    ostat_ctx *ctx = live_ctx();
    int attempt, done = 0;

    for (attempt = 0; attempt < LIVE_RETRIES && !done; attempt++) {
        size_t na = ds_read(before, MAX_DISKS), nb, i;
        ostat_list *l = NULL;

        ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
        nb = ds_read(after, MAX_DISKS);
        if (same_devices(before, na, after, nb) && ostat_list_count(l) == na) {
            for (i = 0; i < na; i++) {
                struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT;

                ck_assert_int_eq(ostat_list_disk_io_counters(l, i, &c), 0);
                ck_assert_str_eq(c.name, before[i].name);
                check_between(&c, &before[i], &after[i]);
                /* Linux 5.5 writes 17 numbers, partitions included. */
                if (before[i].n >= 17) {
                    ck_assert(c.valid & OSTAT_DISK_IO_COUNTERS_FLUSH_TIME);
                }
            }
            done = 1;
        }
        ostat_list_free(l);
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(done, "the devices changed at every attempt");
}
END_TEST

/* Whole disks are the names /sys/block lists (a '/' is '!' there). */
static int is_whole_disk(const char *name)
{
    char path[128], *p;

    snprintf(path, sizeof(path), "/sys/block/%s", name);
    for (p = path + 11; *p != '\0'; p++) {
        *p = *p == '/' ? '!' : *p;
    }
    return access(path, F_OK) == 0;
}

START_TEST(io_total_vs_diskstats)
{
    static struct ds before[MAX_DISKS], after[MAX_DISKS];
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    ostat_ctx *ctx = live_ctx();
    int attempt, done = 0, rc;

    for (attempt = 0; attempt < LIVE_RETRIES && !done; attempt++) {
        size_t na = ds_read(before, MAX_DISKS), nb, i, disks = 0;
        struct ds sa, sb;

        memset(&sa, 0, sizeof(sa));
        memset(&sb, 0, sizeof(sb));
        rc = ostat_disk_io_counters(ctx, 0, &t);
        nb = ds_read(after, MAX_DISKS);
        if (!same_devices(before, na, after, nb)) {
            continue;
        }
        sa.n = sb.n = 17;
        for (i = 0; i < na; i++) {
            int k;

            if (!is_whole_disk(before[i].name)) {
                continue;
            }
            disks++;
            sa.n = before[i].n < sa.n ? before[i].n : sa.n;
            for (k = 0; k < 17; k++) {
                sa.k[k] += before[i].k[k];
                sb.k[k] += after[i].k[k];
            }
        }
        if (disks == 0) {
            /* psutil's None: no disk at all (a container without sysfs). */
            ck_assert_int_eq(rc, OSTAT_ENOTSUP);
        } else {
            ck_assert_int_eq(rc, 0);
            strcpy(sa.name, "total");
            check_between(&t, &sa, &sb);
            ck_assert_uint_eq(t.valid & OSTAT_DISK_IO_COUNTERS_NAME, 0);
        }
        done = 1;
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(done, "the devices changed at every attempt");
}
END_TEST

/* The diskstats row of the device holding @path, by its device number. */
static const char *device_of(const char *path, struct ds *rows, size_t n)
{
    struct stat st;
    size_t i;

    if (stat(path, &st) != 0) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        if (rows[i].major == major(st.st_dev) &&
            rows[i].minor == minor(st.st_dev)) {
            return rows[i].name;
        }
    }
    return NULL;
}

static struct ostat_disk_io_counters io_of(ostat_ctx *ctx, const char *name)
{
    struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT, found;
    ostat_list *l = NULL;
    size_t i;
    int n = 0;

    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        ck_assert_int_eq(ostat_list_disk_io_counters(l, i, &c), 0);
        if (strcmp(c.name, name) == 0) {
            found = c;
            n++;
        }
    }
    ostat_list_free(l);
    ck_assert_int_eq(n, 1);
    found.name = NULL;
    return found;
}

/* 8 MiB written and read back with O_DIRECT in /var/tmp: the counters of
 * its device grow by at least that. */
START_TEST(io_moves)
{
    static struct ds rows[MAX_DISKS];
    const size_t chunk = 1024 * 1024, total = 8 * chunk;
    struct ostat_disk_io_counters a, b, c;
    char path[] = "/var/tmp/ostat-live-io-XXXXXX";
    const char *dev;
    ostat_ctx *ctx = live_ctx();
    void *buf;
    size_t done;
    int fd;

    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    dev = device_of(path, rows, ds_read(rows, MAX_DISKS));
    fd = open(path, O_RDWR | O_DIRECT);
    if (dev == NULL || fd < 0) {
        /* Not a block device (tmpfs, overlay) or no O_DIRECT here. */
        if (fd >= 0) {
            close(fd);
        }
        unlink(path);
        ostat_ctx_free(ctx);
        return;
    }
    ck_assert_int_eq(posix_memalign(&buf, 4096, chunk), 0);
    memset(buf, 0x5a, chunk);
    a = io_of(ctx, dev);
    for (done = 0; done < total; done += chunk) {
        ck_assert_int_eq(write(fd, buf, chunk), (ssize_t)chunk);
    }
    ck_assert_int_eq(fsync(fd), 0);
    b = io_of(ctx, dev);
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
    for (done = 0; done < total; done += chunk) {
        ck_assert_int_eq(read(fd, buf, chunk), (ssize_t)chunk);
    }
    c = io_of(ctx, dev);
    close(fd);
    unlink(path);
    free(buf);
    ostat_ctx_free(ctx);
    ck_assert_msg(b.write_bytes - a.write_bytes >= total,
                  "%s: %" PRIu64 " bytes written, expected %zu or more", dev,
                  b.write_bytes - a.write_bytes, total);
    ck_assert_uint_ge(b.write_count - a.write_count, 1);
    ck_assert_msg(c.read_bytes - b.read_bytes >= total,
                  "%s: %" PRIu64 " bytes read, expected %zu or more", dev,
                  c.read_bytes - b.read_bytes, total);
    ck_assert_uint_ge(c.read_count - b.read_count, 1);
}
END_TEST

void live_add_disk(Suite *s)
{
    TCase *tc = tcase_create("disk");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, partitions_vs_findmnt);
    tcase_add_test(tc, partitions_physical_vs_findmnt);
    tcase_add_test(tc, usage_vs_df);
    tcase_add_test(tc, odd_mount);
    tcase_add_test(tc, io_perdisk_vs_diskstats);
    tcase_add_test(tc, io_total_vs_diskstats);
    tcase_add_test(tc, io_moves);
    suite_add_tcase(s, tc);
}
