/* SPDX-License-Identifier: MIT */
/* disk.c: mounted filesystems (/proc/self/mountinfo, /proc/filesystems),
 * their usage (statvfs) and block device I/O (/proc/diskstats, /sys/block).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>

#include "linux.h"

/* ---- mountinfo ----------------------------------------------------------- */

/* A piece of a line: [p, p + n). */
struct span {
    char *p;
    size_t n;
};

static int span_is(const struct span *s, const char *word)
{
    size_t n = strlen(word);

    return s->n == n && memcmp(s->p, word, n) == 0;
}

static int is_octal(char c)
{
    return c >= '0' && c <= '7';
}

/* Decode the kernel's octal escapes ("\040" for a space; it writes space,
 * tab, newline and backslash so, and newer kernels '#') in place. A
 * backslash not followed by three octal digits stays as it is. -1 for an
 * escaped NUL, which no name can hold. */
static int unescape(struct span *s)
{
    char *r = s->p, *w = s->p, *end = s->p + s->n;

    while (r < end) {
        if (*r == '\\' && end - r >= 4 && is_octal(r[1]) && is_octal(r[2]) &&
            is_octal(r[3]) && r[1] <= '3') {
            unsigned v = (unsigned)(r[1] - '0') * 64 +
                         (unsigned)(r[2] - '0') * 8 + (unsigned)(r[3] - '0');

            if (v == 0) {
                return -1;
            }
            *w++ = (char)v;
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    s->n = (size_t)(w - s->p);
    return 0;
}

/* The next blank-separated word of [*p, end) into @out; 0 at the end. */
static int next_word(char **p, char *end, struct span *out)
{
    char *s;

    while (*p < end && (**p == ' ' || **p == '\t')) {
        (*p)++;
    }
    s = *p;
    while (*p < end && **p != ' ' && **p != '\t') {
        (*p)++;
    }
    out->p = s;
    out->n = (size_t)(*p - s);
    return out->n > 0;
}

/* After one space, the text up to the next space or @end (it may be
 * empty); 0 if no space comes first. */
static int next_field(char **p, char *end, struct span *out)
{
    char *s;

    if (*p == end || **p != ' ') {
        return 0;
    }
    s = ++*p;
    while (*p < end && **p != ' ') {
        (*p)++;
    }
    out->p = s;
    out->n = (size_t)(*p - s);
    return 1;
}

/* "<major>:<minor>", the whole word. */
static int parse_devno(const struct span *s, uint64_t *major, uint64_t *minor)
{
    const char *p = s->p, *end = s->p + s->n;

    if (ostat__scan_u64(&p, end, major) != 0 || p == end || *p++ != ':' ||
        ostat__scan_u64(&p, end, minor) != 0 || p != end) {
        return -1;
    }
    return 0;
}

static int is_number(const struct span *s)
{
    const char *p = s->p;
    uint64_t v;

    return ostat__scan_u64(&p, s->p + s->n, &v) == 0 && p == s->p + s->n;
}

/* One line of mountinfo:
 *   36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw
 * id, parent id, device number, root, mount point, mount options, optional
 * fields ended by "-", type, source, filesystem options. */
struct mount_line {
    uint64_t major, minor;
    struct span mountpoint, mount_opts, fstype, source, fs_opts;
};

static const char *parse_mount_line(char *p, char *eol, struct mount_line *m)
{
    struct span w, id, parent, dev, root;

    if (!next_word(&p, eol, &id) || !next_word(&p, eol, &parent) ||
        !next_word(&p, eol, &dev) || !next_word(&p, eol, &root) ||
        !next_word(&p, eol, &m->mountpoint) ||
        !next_word(&p, eol, &m->mount_opts)) {
        return "expected at least 6 fields before \" - \"";
    }
    if (!is_number(&id) || !is_number(&parent)) {
        return "expected numeric mount ids";
    }
    if (parse_devno(&dev, &m->major, &m->minor) != 0) {
        return "expected a device number major:minor";
    }
    for (;;) {
        if (!next_word(&p, eol, &w)) {
            return "no \" - \" separator";
        }
        if (span_is(&w, "-")) {
            break;
        }
    }
    /* One space before each of the last three fields: a mount whose source
     * is "" shows as "- tmpfs  rw". */
    if (!next_field(&p, eol, &m->fstype) || m->fstype.n == 0 ||
        !next_field(&p, eol, &m->source)) {
        return "expected the type and source after \" - \"";
    }
    if (!next_field(&p, eol, &m->fs_opts)) {
        m->fs_opts.p = p;
        m->fs_opts.n = 0;
    }
    if (unescape(&m->mountpoint) != 0 || unescape(&m->mount_opts) != 0 ||
        unescape(&m->fstype) != 0 || unescape(&m->source) != 0 ||
        unescape(&m->fs_opts) != 0) {
        return "an escaped NUL byte";
    }
    return NULL;
}

/* Drop a leading "rw" or "ro" option from @s; 1 if it was "ro". */
static int take_rw(struct span *s)
{
    int ro;

    if (s->n < 2 ||
        (memcmp(s->p, "rw", 2) != 0 && memcmp(s->p, "ro", 2) != 0) ||
        (s->n > 2 && s->p[2] != ',')) {
        return 0;
    }
    ro = s->p[1] == 'o';
    s->p += s->n > 2 ? 3 : 2;
    s->n -= s->n > 2 ? 3 : 2;
    return ro;
}

/* The options as /proc/mounts and findmnt give them: "rw" or "ro" (read-only
 * if either the mount or the filesystem is), the mount's other options,
 * then the filesystem's. Written to @b. */
static int join_opts(struct mount_line *m, struct ostat__buf *b)
{
    struct span vfs = m->mount_opts, fs = m->fs_opts;
    size_t need = vfs.n + fs.n + 8;
    int ro;

    if (b->cap < need) {
        char *p = realloc(b->data, need);

        if (p == NULL) {
            return -1;
        }
        b->data = p;
        b->cap = need;
    }
    if (vfs.n == fs.n && memcmp(vfs.p, fs.p, vfs.n) == 0) {
        memcpy(b->data, vfs.p, vfs.n);
        b->len = vfs.n;
        return 0;
    }
    ro = take_rw(&vfs);
    ro |= take_rw(&fs);
    memcpy(b->data, ro ? "ro" : "rw", 2);
    b->len = 2;
    if (vfs.n > 0) {
        b->data[b->len++] = ',';
        memcpy(b->data + b->len, vfs.p, vfs.n);
        b->len += vfs.n;
    }
    if (fs.n > 0) {
        b->data[b->len++] = ',';
        memcpy(b->data + b->len, fs.p, fs.n);
        b->len += fs.n;
    }
    return 0;
}

/* ---- /proc/filesystems ----------------------------------------------------
 */

/* The filesystem types on a device: those /proc/filesystems lists without
 * "nodev", and zfs (listed as nodev), psutil's test of a real mount. The
 * first FSTYPES_MAX are kept as pieces of the file's text. */
#define FSTYPES_MAX 64

struct fstypes {
    int any; /* the file could not be read: every type counts */
    size_t n;
    int more; /* more than FSTYPES_MAX: look in the text past them */
    const char *rest, *end;
    const char *name[FSTYPES_MAX];
    size_t len[FSTYPES_MAX];
};

/* The type on the line [p, eol) if it is one on a device, in *name; its
 * length, or 0. The line is known to be well formed. */
static size_t device_fstype(const char *p, const char *eol, const char **name)
{
    const char *e = eol;
    int nodev = ostat__starts(p, eol, "nodev");

    p += nodev ? 5 : 0;
    ostat__skip_blanks(&p, eol);
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
        e--;
    }
    if (nodev && !((size_t)(e - p) == 3 && memcmp(p, "zfs", 3) == 0)) {
        return 0;
    }
    *name = p;
    return (size_t)(e - p);
}

/* Check each line ("nodev\t<type>" or "\t<type>") and keep the types on a
 * device. 0, or the 1-based number of a line that is neither. */
static int fstypes_init(struct fstypes *t, const char *data, size_t len)
{
    const char *p, *end = data + len, *eol;
    int line = 0;

    t->any = 0;
    t->n = 0;
    t->more = 0;
    for (p = data; p < end; p = eol + 1) {
        const char *name, *q = p;
        size_t n;

        eol = ostat__eol(p, end);
        line++;
        if (p == eol) {
            continue;
        }
        if (ostat__starts(q, eol, "nodev")) {
            q += 5;
        }
        if (q == eol || (*q != '\t' && *q != ' ')) {
            return line;
        }
        ostat__skip_blanks(&q, eol);
        if (q == eol) {
            return line;
        }
        if (t->more || (n = device_fstype(p, eol, &name)) == 0) {
            continue;
        }
        if (t->n == FSTYPES_MAX) {
            /* The rest is looked up in the text. */
            t->more = 1;
            t->rest = p;
            t->end = end;
            continue;
        }
        t->name[t->n] = name;
        t->len[t->n++] = n;
    }
    return 0;
}

/* Is the type [s, s + n) a filesystem on a device? */
static int fstypes_has(const struct fstypes *t, const char *s, size_t n)
{
    const char *p, *eol, *name;
    size_t i;

    if (t->any) {
        return 1;
    }
    for (i = 0; i < t->n; i++) {
        if (t->len[i] == n && t->name[i][0] == s[0] &&
            memcmp(t->name[i], s, n) == 0) {
            return 1;
        }
    }
    for (p = t->more ? t->rest : NULL; p != NULL && p < t->end; p = eol + 1) {
        eol = ostat__eol(p, t->end);
        if (device_fstype(p, eol, &name) == n && memcmp(name, s, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The device types of @all zero: <procfs>/filesystems, shared within a
 * oneshot section. psutil: where it is not readable (EACCES), every type
 * counts; where it is missing, which types are on devices cannot be
 * told. */
static int read_fstypes(ostat_ctx *ctx, struct fstypes *t)
{
    const char *data;
    size_t len;
    int rc, line;

    rc = ostat__lfile(ctx, OSTAT__LF_FILESYSTEMS, OSTAT_ENOTSUP, &data, &len);
    if (rc == OSTAT_EACCES) {
        t->any = 1;
        return 0;
    }
    if (rc != 0) {
        return rc;
    }
    if ((line = fstypes_init(t, data, len)) != 0) {
        return ostat__parse_err(ctx->procfs_root, "filesystems", line,
                                "expected \"nodev<TAB>type\" or "
                                "\"<TAB>type\"");
    }
    return 0;
}

/* ---- /dev/root ------------------------------------------------------------
 */

/* "/dev/" and the @n bytes of @s into @dev (@cap bytes): 0, or -1 when
 * they do not fit. */
static int put_dev_name(char *dev, size_t cap, const char *s, size_t n)
{
    if (n + 5 >= cap) {
        return -1;
    }
    memcpy(dev, "/dev/", 5);
    memcpy(dev + 5, s, n);
    dev[5 + n] = '\0';
    return 0;
}

/* The path of block device major:minor, "/dev/NAME", into @dev (@cap
 * bytes), NAME being the DEVNAME of <sysfs>/dev/block/M:m/uevent, else the
 * name column of <procfs>/partitions. 0, or -1 when neither knows it (@dev
 * untouched). */
static int block_dev_name(
    ostat_ctx *ctx, uint64_t major, uint64_t minor, char *dev, size_t cap)
{
    char rel[96], path[OSTAT__PATH_MAX], buf[1024];
    struct ostat__buf b = { NULL, 0, 0 };
    const char *p, *end, *eol;
    size_t len;
    int found = -1;

    snprintf(rel, sizeof(rel), "dev/block/%llu:%llu/uevent",
             (unsigned long long)major, (unsigned long long)minor);
    if (ostat__path(path, ctx->sysfs_root, rel) == 0 &&
        ostat__read_small(path, buf, sizeof(buf), &len) == 0) {
        end = buf + len;
        for (p = buf; p < end; p = eol + 1) {
            eol = ostat__eol(p, end);
            if (ostat__starts(p, eol, "DEVNAME=") && eol - p > 8 &&
                put_dev_name(dev, cap, p + 8, (size_t)(eol - p - 8)) == 0) {
                return 0;
            }
        }
    }
    /* "major minor  #blocks  name" after a header line. */
    if (ostat__path(path, ctx->procfs_root, "partitions") != 0 ||
        ostat__read_file(path, &b) != 0) {
        ostat__buf_free(&b);
        return -1;
    }
    end = b.data + b.len;
    for (p = b.data; p < end && found != 0; p = eol + 1) {
        uint64_t ma, mi, blocks;
        const char *n;

        eol = ostat__eol(p, end);
        if (ostat__scan_u64(&p, eol, &ma) != 0 ||
            ostat__scan_u64(&p, eol, &mi) != 0 ||
            ostat__scan_u64(&p, eol, &blocks) != 0 || ma != major ||
            mi != minor) {
            continue;
        }
        ostat__skip_blanks(&p, eol);
        n = p;
        while (p < eol && *p != ' ' && *p != '\t') {
            p++;
        }
        if (p > n && put_dev_name(dev, cap, n, (size_t)(p - n)) == 0) {
            found = 0;
        }
    }
    ostat__buf_free(&b);
    return found;
}

/* ---- disk_partitions from mountinfo --------------------------------------
 *
 * A tree that has no <procfs>/self/mounts (nor 1/mounts) but has mountinfo
 * is read from mountinfo, with the options of the mount and of the
 * filesystem joined as /proc/self/mounts would give them. */

/* Read <procfs>/self/mountinfo into @b; where "self" is missing (a procfs
 * of another pid namespace, under a host prefix), the mounts of pid 1. */
static int read_mountinfo(ostat_ctx *ctx, struct ostat__buf *b, char *rel)
{
    char path[OSTAT__PATH_MAX];
    int rc;

    strcpy(rel, "self/mountinfo");
    if ((rc = ostat__path(path, ctx->procfs_root, rel)) != 0) {
        return rc;
    }
    rc = ostat__read_file(path, b);
    if (rc == -ENOENT && !ctx->live) {
        strcpy(rel, "1/mountinfo");
        if ((rc = ostat__path(path, ctx->procfs_root, rel)) != 0) {
            return rc;
        }
        rc = ostat__read_file(path, b);
    }
    /* No mountinfo at all (Linux before 2.6.26, or a procfs tree without
     * it): nothing to say, as for a missing diskstats. */
    return rc == 0 ? 0 : ostat__err_errno(-rc, OSTAT_ENOTSUP, path);
}

static int add_partition(ostat_list *list,
                         const struct span *device,
                         const struct span *mountpoint,
                         const struct span *fstype,
                         const struct ostat__buf *opts)
{
    struct ostat_disk_partition *e = ostat__list_push(list);

    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = sizeof(*e);
    e->device = ostat__list_str(list, device->p, device->n);
    e->mountpoint = ostat__list_str(list, mountpoint->p, mountpoint->n);
    e->fstype = ostat__list_str(list, fstype->p, fstype->n);
    e->opts = ostat__list_str(list, opts->data, opts->len);
    if (e->device == NULL || e->mountpoint == NULL || e->fstype == NULL ||
        e->opts == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->valid = OSTAT_DISK_PARTITION_DEVICE | OSTAT_DISK_PARTITION_MOUNTPOINT |
               OSTAT_DISK_PARTITION_FSTYPE | OSTAT_DISK_PARTITION_OPTS;
    return 0;
}

static int partitions_from_mountinfo(ostat_ctx *ctx,
                                     int all,
                                     const struct fstypes *types,
                                     ostat_list *list)
{
    struct ostat__buf mi = { NULL, 0, 0 }, opts = { NULL, 0, 0 };
    char rel[32], rootdev[256];
    char *p, *end, *eol;
    int rc, line = 0;

    if ((rc = read_mountinfo(ctx, &mi, rel)) != 0) {
        ostat__buf_free(&mi);
        return rc;
    }
    end = mi.data + mi.len;
    for (p = mi.data; p < end && rc == 0; p = eol + 1) {
        struct mount_line m;
        const char *why;

        eol = (char *)ostat__eol(p, end);
        line++;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        if ((why = parse_mount_line(p, eol, &m)) != NULL) {
            rc = ostat__parse_err(ctx->procfs_root, rel, line, why);
            break;
        }
        if (span_is(&m.source, "none")) {
            m.source.n = 0;
        }
        if ((span_is(&m.source, "/dev/root") || span_is(&m.source, "rootfs")) &&
            m.major != 0 &&
            block_dev_name(ctx, m.major, m.minor, rootdev, sizeof(rootdev)) ==
                0) {
            m.source.p = rootdev;
            m.source.n = strlen(rootdev);
        }
        if (!all &&
            (m.source.n == 0 || !fstypes_has(types, m.fstype.p, m.fstype.n))) {
            continue;
        }
        if (join_opts(&m, &opts) != 0) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
        rc = add_partition(list, &m.source, &m.mountpoint, &m.fstype, &opts);
    }
    ostat__buf_free(&mi);
    ostat__buf_free(&opts);
    return rc;
}

/* ---- disk_partitions ------------------------------------------------------
 *
 * The mount table comes from /proc/self/mounts, the file psutil reads: the
 * same mounts as mountinfo, with the options as psutil gives them, in less
 * text, which the kernel writes faster. mountinfo is read only for the
 * device number of a "/dev/root" source. A oneshot section reads
 * /proc/self/mounts and /proc/filesystems once for every call. */

/* One line of /proc/self/mounts:
 *   /dev/sda2 /mnt/with\040space ext4 rw,relatime 0 0
 * source, mount point, type, options (each with the octal escapes of
 * mountinfo), and the dump and pass numbers, which the kernel writes as
 * "0 0"; one space between fields, so an empty source leaves a leading
 * space. The fields stay in the file's text, escaped. */
struct mounts_line {
    const char *f[4];
    size_t n[4];
    int escaped; /* a backslash in one of the four fields */
};

enum { M_SOURCE, M_MOUNTPOINT, M_FSTYPE, M_OPTS };

/* Is [s, s + n) a number? */
static int all_digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    return n > 0;
}

/* Does [s, s + n) hold an escaped NUL byte, "\000", which no name can
 * hold? The kernel writes every backslash as "\134", so a backslash always
 * starts an escape. */
static int has_escaped_nul(const char *s, size_t n)
{
    const char *e = s + n;

    while ((s = memchr(s, '\\', (size_t)(e - s))) != NULL) {
        if (e - s >= 4 && s[1] == '0' && s[2] == '0' && s[3] == '0') {
            return 1;
        }
        s++;
    }
    return 0;
}

static const char *
parse_mounts_line(const char *p, const char *eol, struct mounts_line *m)
{
    const char *sp, *pass;
    int i;

    for (i = 0; i < 4; i++) {
        if ((sp = memchr(p, ' ', (size_t)(eol - p))) == NULL) {
            return "expected the source, mount point, type, options and "
                   "\"0 0\"";
        }
        m->f[i] = p;
        m->n[i] = (size_t)(sp - p);
        p = sp + 1;
    }
    if (m->n[M_MOUNTPOINT] == 0 || m->n[M_FSTYPE] == 0 || m->n[M_OPTS] == 0) {
        return "an empty mount point, type or options";
    }
    /* "0 0" */
    if ((sp = memchr(p, ' ', (size_t)(eol - p))) == NULL ||
        !all_digits(p, (size_t)(sp - p))) {
        return "expected the dump and pass numbers \"0 0\"";
    }
    pass = sp + 1;
    sp = eol;
    while (sp > pass && (sp[-1] == '\r' || sp[-1] == ' ')) {
        sp--;
    }
    if (!all_digits(pass, (size_t)(sp - pass))) {
        return "expected the dump and pass numbers \"0 0\"";
    }
    m->escaped = memchr(m->f[0], '\\', (size_t)(p - m->f[0])) != NULL;
    if (m->escaped && has_escaped_nul(m->f[0], (size_t)(p - m->f[0]))) {
        return "an escaped NUL byte";
    }
    return NULL;
}

/* Field @i of @m, decoded, in the list's storage; NULL when out of
 * memory. */
static const char *
mounts_str(ostat_list *list, const struct mounts_line *m, int i)
{
    char *s = (char *)ostat__list_str(list, m->f[i], m->n[i]);
    struct span d;

    if (s != NULL && m->escaped && memchr(s, '\\', m->n[i]) != NULL) {
        /* In place: the list's copy only shrinks. No NUL: checked. */
        d.p = s;
        d.n = m->n[i];
        unescape(&d);
        s[d.n] = '\0';
    }
    return s;
}

/* The device behind a "/dev/root" or "rootfs" @source mounted at
 * @mountpoint, by its own name ("/dev/sda1"), into @dev: the device number
 * from <procfs>/<pid>/mountinfo (which /proc/self/mounts does not give),
 * then block_dev_name(). 0 when it is in @dev, 1 when it cannot be told,
 * or an error (a line of mountinfo that does not parse). */
static int root_device(ostat_ctx *ctx,
                       const char *pid,
                       const char *source,
                       const char *mountpoint,
                       char *dev,
                       size_t cap)
{
    struct ostat__buf b = { NULL, 0, 0 };
    char rel[32], path[OSTAT__PATH_MAX];
    char *p, *end, *eol;
    size_t mp_len = strlen(mountpoint);
    int rc = 1, line = 0;

    snprintf(rel, sizeof(rel), "%s/mountinfo", pid);
    if (ostat__path(path, ctx->procfs_root, rel) != 0 ||
        ostat__read_file(path, &b) != 0) {
        ostat__buf_free(&b);
        return 1;
    }
    end = b.data + b.len;
    for (p = b.data; p < end; p = eol + 1) {
        struct mount_line m;
        const char *why;

        eol = (char *)ostat__eol(p, end);
        line++;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        if ((why = parse_mount_line(p, eol, &m)) != NULL) {
            rc = ostat__parse_err(ctx->procfs_root, rel, line, why);
            break;
        }
        if (span_is(&m.source, source) && m.mountpoint.n == mp_len &&
            memcmp(m.mountpoint.p, mountpoint, mp_len) == 0) {
            if (m.major != 0 && cap > 5 &&
                block_dev_name(ctx, m.major, m.minor, dev, cap) == 0) {
                rc = 0;
            }
            break;
        }
    }
    ostat__buf_free(&b);
    return rc;
}

static int add_mount(ostat_ctx *ctx,
                     ostat_list *list,
                     const char *pid,
                     const struct mounts_line *m,
                     size_t source_len)
{
    struct ostat_disk_partition *e = ostat__list_push(list);
    char rootdev[256];
    int rc;

    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = sizeof(*e);
    e->mountpoint = mounts_str(list, m, M_MOUNTPOINT);
    e->fstype = mounts_str(list, m, M_FSTYPE);
    e->opts = mounts_str(list, m, M_OPTS);
    e->device = NULL;
    if (e->mountpoint == NULL || e->fstype == NULL || e->opts == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    if ((source_len == 9 && memcmp(m->f[M_SOURCE], "/dev/root", 9) == 0) ||
        (source_len == 6 && memcmp(m->f[M_SOURCE], "rootfs", 6) == 0)) {
        char source[10];

        memcpy(source, m->f[M_SOURCE], source_len);
        source[source_len] = '\0';
        rc = root_device(ctx, pid, source, e->mountpoint, rootdev,
                         sizeof(rootdev));
        if (rc < 0) {
            return rc;
        }
        if (rc == 0) {
            e->device = ostat__list_str(list, rootdev, strlen(rootdev));
            if (e->device == NULL) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
        }
    }
    if (e->device == NULL) {
        struct mounts_line s = *m;

        s.n[M_SOURCE] = source_len;
        if ((e->device = mounts_str(list, &s, M_SOURCE)) == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
    }
    e->valid = OSTAT_DISK_PARTITION_DEVICE | OSTAT_DISK_PARTITION_MOUNTPOINT |
               OSTAT_DISK_PARTITION_FSTYPE | OSTAT_DISK_PARTITION_OPTS;
    return 0;
}

/* Is the type of @m one on a device? */
static int device_type(const struct fstypes *t, const struct mounts_line *m)
{
    const char *s = m->f[M_FSTYPE];
    size_t n = m->n[M_FSTYPE];
    char buf[256];
    struct span d;

    if (!m->escaped || memchr(s, '\\', n) == NULL) {
        return fstypes_has(t, s, n);
    }
    if (n >= sizeof(buf)) {
        return 0;
    }
    memcpy(buf, s, n);
    d.p = buf;
    d.n = n;
    unescape(&d);
    return fstypes_has(t, d.p, d.n);
}

int ostat__os_disk_partitions(ostat_ctx *ctx, int all, ostat_list *list)
{
    struct fstypes types;
    const char *data, *p, *end, *eol, *pid = "self", *rel = "self/mounts";
    size_t len;
    int rc, line = 0;

    types.any = 1;
    if (!all && (rc = read_fstypes(ctx, &types)) != 0) {
        return rc;
    }
    rc = ostat__lfile(ctx, OSTAT__LF_MOUNTS, OSTAT_ENOTSUP, &data, &len);
    if (rc == OSTAT_ENOTSUP && !ctx->live) {
        /* No "self" (a procfs of another pid namespace, under a host
         * prefix): the mounts of pid 1. */
        pid = "1";
        rel = "1/mounts";
        rc = ostat__lread(ctx, ctx->procfs_root, rel, OSTAT_ENOTSUP, &data,
                          &len);
    }
    if (rc == OSTAT_ENOTSUP) {
        return partitions_from_mountinfo(ctx, all, &types, list);
    }
    if (rc != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        struct mounts_line m;
        const char *why;
        size_t source_len;

        eol = ostat__eol(p, end);
        line++;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        if ((why = parse_mounts_line(p, eol, &m)) != NULL) {
            return ostat__parse_err(ctx->procfs_root, rel, line, why);
        }
        /* psutil: a source of "none" is "". */
        source_len = m.n[M_SOURCE] == 4 && memcmp(m.f[M_SOURCE], "none", 4) == 0
                         ? 0
                         : m.n[M_SOURCE];
        if (!all && (source_len == 0 || !device_type(&types, &m))) {
            continue;
        }
        if ((rc = add_mount(ctx, list, pid, &m, source_len)) != 0) {
            return rc;
        }
    }
    return 0;
}

/* ---- disk_usage -----------------------------------------------------------
 */

int ostat__os_disk_usage(ostat_ctx *ctx,
                         const char *path,
                         struct ostat_disk_usage *out)
{
    struct statvfs st;
    uint64_t frsize, avail_root;

    (void)ctx;
    if (statvfs(path, &st) != 0) {
        return ostat__err_errno(errno, OSTAT_EOS, path);
    }
    frsize = st.f_frsize ? (uint64_t)st.f_frsize : (uint64_t)st.f_bsize;
    out->total = (uint64_t)st.f_blocks * frsize;
    avail_root = (uint64_t)st.f_bfree * frsize;
    out->used = avail_root < out->total ? out->total - avail_root : 0;
    out->free = (uint64_t)st.f_bavail * frsize;
    /* psutil: the share of what users can have, which leaves out the blocks
     * reserved for root, as df's Use%. */
    out->percent =
        out->used + out->free
            ? (double)out->used / (double)(out->used + out->free) * 100
            : 0;
    out->valid = OSTAT_DISK_USAGE_TOTAL | OSTAT_DISK_USAGE_USED |
                 OSTAT_DISK_USAGE_FREE | OSTAT_DISK_USAGE_PERCENT;
    return 0;
}

/* ---- disk_io_counters -----------------------------------------------------
 */

/* The numbers of a /proc/diskstats line after the name, in the kernel's
 * order (Documentation/admin-guide/iostats.rst). */
enum kfield {
    K_READS,
    K_READS_MERGED,
    K_READ_SECTORS,
    K_READ_MS,
    K_WRITES,
    K_WRITES_MERGED,
    K_WRITE_SECTORS,
    K_WRITE_MS,
    K_IN_FLIGHT,
    K_IO_MS,
    K_WEIGHTED_MS,
    K_DISCARDS, /* 4.18 */
    K_DISCARDS_MERGED,
    K_DISCARD_SECTORS,
    K_DISCARD_MS,
    K_FLUSHES, /* 5.5 */
    K_FLUSH_MS,
    K_COUNT
};

/* The valid bit of each number. */
static const uint64_t kbits[K_COUNT] = {
    OSTAT_DISK_IO_COUNTERS_READ_COUNT,
    OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT,
    OSTAT_DISK_IO_COUNTERS_READ_BYTES,
    OSTAT_DISK_IO_COUNTERS_READ_TIME,
    OSTAT_DISK_IO_COUNTERS_WRITE_COUNT,
    OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT,
    OSTAT_DISK_IO_COUNTERS_WRITE_BYTES,
    OSTAT_DISK_IO_COUNTERS_WRITE_TIME,
    OSTAT_DISK_IO_COUNTERS_IN_FLIGHT,
    OSTAT_DISK_IO_COUNTERS_BUSY_TIME,
    OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME,
    OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT,
    OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT,
    OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES,
    OSTAT_DISK_IO_COUNTERS_DISCARD_TIME,
    OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT,
    OSTAT_DISK_IO_COUNTERS_FLUSH_TIME,
};

/* The bits of the 4 numbers of a Linux 2.6 partition line: reads, sectors
 * read, writes, sectors written. */
static const enum kfield short_fields[4] = { K_READS, K_READ_SECTORS, K_WRITES,
                                             K_WRITE_SECTORS };

/* Whether the kernel prints a number as an unsigned int (32 bits: every
 * time in milliseconds, and everything on a 2.4 line or a 2.6 partition
 * line); the rest are unsigned long, the kernel's word. */
static int is_32bit_field(enum kfield k)
{
    return k == K_READ_MS || k == K_WRITE_MS || k == K_IN_FLIGHT ||
           k == K_IO_MS || k == K_WEIGHTED_MS || k == K_DISCARD_MS ||
           k == K_FLUSH_MS;
}

/* One device's line. */
struct drow {
    const char *name; /* in the file's text, not NUL-terminated */
    size_t name_len;
    uint64_t k[K_COUNT];
    uint64_t valid;
    int narrow; /* a 2.4 or 2.6-partition line: every number 32 bits */
    int whole;  /* listed in /sys/block: a disk, not a partition */
};

/* The longest device name accepted (the kernel's is 32 bytes). */
#define NAME_MAX_LEN 255

/* A line in one of the forms of Linux 2.6 and later, read in one pass
 * without a bound check: [p, eol) where *eol is the '\n' or the NUL that
 * ends the file's text, neither of which is a digit or a blank. 1 when the
 * line was such a line and is in @r; 0 when it is anything else (a Linux
 * 2.4 line, an unusual count, a word that is not a number, a number of 20
 * digits or more), for parse_diskstats_line() to read or refuse. */
static int parse_diskstats_fast(const char *p, const char *eol, struct drow *r)
{
    uint64_t k[K_COUNT + 1], x;
    size_t n = 0, i;
    const char *start;
    unsigned d;
    int dev;

    /* major and minor */
    for (dev = 0; dev < 2; dev++) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        start = p;
        while ((unsigned)(*p - '0') <= 9) {
            p++;
        }
        if (p == start || (*p != ' ' && *p != '\t')) {
            return 0;
        }
    }
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    r->name = p;
    while (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' && *p != '\0') {
        p++;
    }
    r->name_len = (size_t)(p - r->name);
    if (r->name_len == 0 || r->name_len > NAME_MAX_LEN ||
        (unsigned)(r->name[0] - '0') <= 9) {
        return 0; /* a 2.4 line has its block count here */
    }
    for (;;) {
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (p == eol || *p == '\r') {
            break;
        }
        start = p;
        x = 0;
        while ((d = (unsigned)(*p - '0')) <= 9) {
            x = x * 10 + d;
            p++;
        }
        if (p == start || p - start > 19 ||
            (*p != ' ' && *p != '\t' && p != eol && *p != '\r')) {
            return 0;
        }
        if (n <= K_COUNT) {
            k[n] = x;
        }
        n++;
    }
    if (n != 4 && n != 11 && n != 15 && n < 17) {
        return 0;
    }
    memset(r->k, 0, sizeof(r->k));
    r->whole = 0;
    r->narrow = n == 4;
    r->valid = 0;
    if (n == 4) {
        for (i = 0; i < 4; i++) {
            r->k[short_fields[i]] = k[i];
            r->valid |= kbits[short_fields[i]];
        }
        return 1;
    }
    if (n > K_COUNT) {
        n = K_COUNT;
    }
    for (i = 0; i < n; i++) {
        r->k[i] = k[i];
        r->valid |= kbits[i];
    }
    return 1;
}

/* Parse one line. NULL, or why it does not parse. Formats by the number of
 * words: 14 (2.6 to 4.17), 18 (4.18: discards), 20 (5.5: flushes), more
 * (later kernels: the known ones are read); 15 is Linux 2.4, whose name
 * comes after a block count; 7 is a 2.6 partition. */
static const char *
parse_diskstats_line(const char *p, const char *eol, struct drow *r)
{
    const char *q, *name;
    uint64_t major, minor, skip;
    size_t words = 0, i, nums;

    for (q = p;;) {
        ostat__skip_blanks(&q, eol);
        if (q == eol || *q == '\r') {
            break;
        }
        words++;
        while (q < eol && *q != ' ' && *q != '\t' && *q != '\r') {
            q++;
        }
    }
    if (words != 7 && words < 14) {
        return "expected 7, 14, 15, 18, 20 or more fields";
    }
    if (words == 16 || words == 17) {
        return "expected 7, 14, 15, 18, 20 or more fields";
    }
    if (ostat__scan_u64(&p, eol, &major) != 0 ||
        ostat__scan_u64(&p, eol, &minor) != 0) {
        return "expected the device number";
    }
    if (words == 15 && ostat__scan_u64(&p, eol, &skip) != 0) {
        return "expected the block count of a Linux 2.4 line";
    }
    ostat__skip_blanks(&p, eol);
    name = p;
    while (p < eol && *p != ' ' && *p != '\t') {
        p++;
    }
    r->name = name;
    r->name_len = (size_t)(p - name);
    if (r->name_len > NAME_MAX_LEN) {
        return "device name too long";
    }
    memset(r->k, 0, sizeof(r->k));
    r->valid = 0;
    r->whole = 0;
    if (words == 7) {
        r->narrow = 1;
        for (i = 0; i < 4; i++) {
            if (ostat__scan_u64(&p, eol, &r->k[short_fields[i]]) != 0) {
                return "expected a number";
            }
            r->valid |= kbits[short_fields[i]];
        }
        return NULL;
    }
    r->narrow = words == 15;
    nums = words == 15 ? 11 : words - 3;
    if (nums > K_COUNT) {
        nums = K_COUNT;
    } else if (nums == 16) {
        nums = 15; /* 19 words: one past the discards, not both flush ones */
    }
    for (i = 0; i < nums; i++) {
        if (ostat__scan_u64(&p, eol, &r->k[i]) != 0) {
            return "expected a number";
        }
        r->valid |= kbits[i];
    }
    return NULL;
}

/* The width of the kernel's unsigned long: a 64-bit process runs on a
 * 64-bit kernel; a 32-bit one may too (x86_64, aarch64, ppc64, s390x ...),
 * which uname tells. */
static unsigned kernel_long_bits(void)
{
    struct utsname u;

    if (sizeof(long) >= 8) {
        return 64;
    }
    if (uname(&u) == 0 &&
        (strstr(u.machine, "64") != NULL || strcmp(u.machine, "s390x") == 0)) {
        return 64;
    }
    return 32;
}

/* The disk's sequence number (Linux 5.15: <sysfs>/block/NAME/diskseq), new
 * for each disk the kernel creates, even under a name seen before: what
 * tells a re-created loop device or a replugged disk from a counter that
 * wrapped. 0 when unknown, as for partitions. */
static uint64_t disk_seq(ostat_ctx *ctx, const char *name)
{
    char rel[NAME_MAX_LEN + 32];

    snprintf(rel, sizeof(rel), "block/%s/diskseq", name);
    return ostat__sysfs_u64(ctx, rel, 64);
}

/* A device name as sysfs spells it: '/' (cciss/c0d0) becomes '!'. */
static void sysfs_name(const char *s, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++) {
        out[i] = s[i] == '/' ? '!' : s[i];
    }
    out[n] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Mark the rows whose device /sys/block lists (whole disks). Its listing is
 * read once and sorted, rather than one access() per row. */
static int mark_whole_disks(ostat_ctx *ctx, struct drow *rows, size_t n)
{
    char path[OSTAT__PATH_MAX], key[NAME_MAX_LEN + 1];
    const char **names = NULL;
    size_t count = 0, cap = 0, i;
    struct dirent *de;
    DIR *d;
    int rc;

    if ((rc = ostat__path(path, ctx->sysfs_root, "block")) != 0) {
        return rc;
    }
    if ((d = opendir(path)) == NULL) {
        /* No /sys/block: no row is known to be a disk. */
        return errno == ENOENT ? 0 : ostat__err_errno(errno, OSTAT_EOS, path);
    }
    rc = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            const char **nn = realloc(names, ncap * sizeof(*nn));

            if (nn == NULL) {
                rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
                break;
            }
            names = nn;
            cap = ncap;
        }
        /* Dirent names live only until the next readdir(). */
        if ((names[count] = strdup(de->d_name)) == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
        count++;
    }
    closedir(d);
    if (rc == 0 && count > 0) {
        qsort(names, count, sizeof(*names), cmp_str);
        for (i = 0; i < n; i++) {
            const char *k = key;

            sysfs_name(rows[i].name, rows[i].name_len, key);
            rows[i].whole =
                bsearch(&k, names, count, sizeof(*names), cmp_str) != NULL;
        }
    }
    for (i = 0; i < count; i++) {
        free((void *)names[i]);
    }
    free(names);
    return rc;
}

/* Run every row through the context's wrap-safe tracker. The counters go in
 * as the kernel counts them (sectors, not bytes) with the kernel's widths;
 * in_flight is a level, not a counter, and stays as it is. */
static int nowrap_rows(ostat_ctx *ctx, struct drow *rows, size_t n)
{
    unsigned long_bits = kernel_long_bits();
    uint64_t vals[K_COUNT];
    uint8_t widths[K_COUNT];
    char key[NAME_MAX_LEN + 1];
    size_t i, j, nv;
    int rc = 0;

    if ((rc = ostat__nowrap_begin(ctx, OSTAT__NOWRAP_DISK)) != 0) {
        return rc;
    }
    for (i = 0; i < n && rc == 0; i++) {
        struct drow *r = &rows[i];
        uint64_t gen;

        for (j = 0, nv = 0; j < K_COUNT; j++) {
            if (j == K_IN_FLIGHT) {
                continue;
            }
            vals[nv] = r->k[j];
            widths[nv] = (uint8_t)(r->narrow || is_32bit_field((enum kfield)j)
                                       ? 32
                                       : long_bits);
            nv++;
        }
        sysfs_name(r->name, r->name_len, key);
        gen = r->narrow ? 0 : disk_seq(ctx, key);
        memcpy(key, r->name, r->name_len);
        rc = ostat__nowrap_row(ctx, OSTAT__NOWRAP_DISK, key, gen, vals, widths,
                               nv);
        for (j = 0, nv = 0; j < K_COUNT && rc == 0; j++) {
            if (j != K_IN_FLIGHT) {
                r->k[j] = vals[nv++];
            }
        }
    }
    ostat__nowrap_end(ctx, OSTAT__NOWRAP_DISK);
    return rc;
}

/* The public struct of a row (without its name). */
static void row_counters(const struct drow *r, struct ostat_disk_io_counters *o)
{
    o->read_count = r->k[K_READS];
    o->write_count = r->k[K_WRITES];
    o->read_bytes = r->k[K_READ_SECTORS] * 512;
    o->write_bytes = r->k[K_WRITE_SECTORS] * 512;
    o->read_time = r->k[K_READ_MS];
    o->write_time = r->k[K_WRITE_MS];
    o->read_merged_count = r->k[K_READS_MERGED];
    o->write_merged_count = r->k[K_WRITES_MERGED];
    o->busy_time = r->k[K_IO_MS];
    o->in_flight = r->k[K_IN_FLIGHT];
    o->weighted_time = r->k[K_WEIGHTED_MS];
    o->discard_count = r->k[K_DISCARDS];
    o->discard_merged_count = r->k[K_DISCARDS_MERGED];
    o->discard_bytes = r->k[K_DISCARD_SECTORS] * 512;
    o->discard_time = r->k[K_DISCARD_MS];
    o->flush_count = r->k[K_FLUSHES];
    o->flush_time = r->k[K_FLUSH_MS];
    o->valid = r->valid;
}

/* Free @rows unless it is the caller's stack array @stack. */
static void free_rows(struct drow *rows, struct drow *stack)
{
    if (rows != stack) {
        free(rows);
    }
}

int ostat__os_disk_io_counters(ostat_ctx *ctx,
                               uint32_t flags,
                               struct ostat_disk_io_counters *total,
                               ostat_list *perdisk)
{
    const char *data, *p, *end, *eol;
    /* The rows of a machine with a few dozen devices fit on the stack. */
    struct drow stack_rows[32], *rows = stack_rows, sum;
    size_t len, n = 0, cap = OSTAT__ARRAY_LEN(stack_rows), i, j, disks = 0;
    int rc, line = 0;

    rc = ostat__lfile(ctx, OSTAT__LF_DISKSTATS, OSTAT_ENOTSUP, &data, &len);
    if (rc != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        const char *why;

        eol = ostat__eol(p, end);
        line++;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        if (n == cap) {
            struct drow *more = malloc(2 * cap * sizeof(*rows));

            if (more == NULL) {
                free_rows(rows, stack_rows);
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            memcpy(more, rows, n * sizeof(*rows));
            free_rows(rows, stack_rows);
            rows = more;
            cap *= 2;
        }
        if (!parse_diskstats_fast(p, eol, &rows[n]) &&
            (why = parse_diskstats_line(p, eol, &rows[n])) != NULL) {
            free_rows(rows, stack_rows);
            return ostat__parse_err(ctx->procfs_root, "diskstats", line, why);
        }
        n++;
    }
    rc = total != NULL ? mark_whole_disks(ctx, rows, n) : 0;
    if (rc == 0 && (flags & OSTAT_DISK_IO_NOWRAP)) {
        rc = nowrap_rows(ctx, rows, n);
    }
    memset(&sum, 0, sizeof(sum));
    for (i = 0; i < n && rc == 0; i++) {
        if (perdisk != NULL) {
            struct ostat_disk_io_counters *e = ostat__list_push(perdisk);

            if (e == NULL) {
                rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
                break;
            }
            row_counters(&rows[i], e);
            e->size = sizeof(*e);
            e->name = ostat__list_str(perdisk, rows[i].name, rows[i].name_len);
            if (e->name == NULL) {
                rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
                break;
            }
            e->valid |= OSTAT_DISK_IO_COUNTERS_NAME;
        }
        if (total != NULL && rows[i].whole) {
            for (j = 0; j < K_COUNT; j++) {
                sum.k[j] += rows[i].k[j];
            }
            sum.valid = disks ? sum.valid & rows[i].valid : rows[i].valid;
            disks++;
        }
    }
    free_rows(rows, stack_rows);
    if (rc == 0 && disks > 0) {
        /* Sums modulo 2^64 before the sectors become bytes: the same as
         * summing the bytes. */
        row_counters(&sum, total);
    }
    if (rc == 0 && total != NULL && disks == 0) {
        char where[OSTAT__PATH_MAX];

        snprintf(where, sizeof(where), "%s/block", ctx->sysfs_root);
        return ostat__err(OSTAT_ENOTSUP, 0, where,
                          "no disk: %s lists none of the devices of "
                          "%s/diskstats",
                          where, ctx->procfs_root);
    }
    return rc;
}
