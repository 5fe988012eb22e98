/* SPDX-License-Identifier: MIT */
/* proc_files.c: a process's memory mappings (/proc/PID/smaps), its open
 * regular files (/proc/PID/fd and fdinfo) and its cgroup v2 path
 * (/proc/PID/cgroup). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

static const char deleted_sfx[] = " (deleted)";
#define DELETED_LEN (sizeof(deleted_sfx) - 1)

/* psutil's rule for a link target or map path ending in " (deleted)": the
 * suffix goes only when the path without it does not exist (looked up
 * under the host prefix, where the process's files are). Returns the
 * length to keep of @s[0..len). */
static size_t strip_deleted(ostat_ctx *ctx, const char *s, size_t len)
{
    char path[OSTAT__PATH_MAX];
    size_t pl = strlen(ctx->host_prefix), n;
    struct stat st;

    if (len <= DELETED_LEN ||
        memcmp(s + len - DELETED_LEN, deleted_sfx, DELETED_LEN) != 0) {
        return len;
    }
    n = len - DELETED_LEN;
    if (pl + n + 1 > sizeof(path)) {
        return len; /* cannot tell: keep what the kernel wrote */
    }
    memcpy(path, ctx->host_prefix, pl);
    memcpy(path + pl, s, n);
    path[pl + n] = '\0';
    if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
        return n;
    }
    return len;
}

/* ---- memory_maps --------------------------------------------------------- */

/* The smaps keys psutil reports, all "N kB". */
static const struct {
    const char *key;
    size_t off;
    uint64_t bit;
} mmap_keys[] = {
    { "Rss:", offsetof(struct ostat_proc_mmap, rss), OSTAT_PROC_MMAP_RSS },
    { "Size:", offsetof(struct ostat_proc_mmap, vsize), OSTAT_PROC_MMAP_VSIZE },
    { "Pss:", offsetof(struct ostat_proc_mmap, pss), OSTAT_PROC_MMAP_PSS },
    { "Shared_Clean:", offsetof(struct ostat_proc_mmap, shared_clean),
      OSTAT_PROC_MMAP_SHARED_CLEAN },
    { "Shared_Dirty:", offsetof(struct ostat_proc_mmap, shared_dirty),
      OSTAT_PROC_MMAP_SHARED_DIRTY },
    { "Private_Clean:", offsetof(struct ostat_proc_mmap, private_clean),
      OSTAT_PROC_MMAP_PRIVATE_CLEAN },
    { "Private_Dirty:", offsetof(struct ostat_proc_mmap, private_dirty),
      OSTAT_PROC_MMAP_PRIVATE_DIRTY },
    { "Referenced:", offsetof(struct ostat_proc_mmap, referenced),
      OSTAT_PROC_MMAP_REFERENCED },
    { "Anonymous:", offsetof(struct ostat_proc_mmap, anonymous),
      OSTAT_PROC_MMAP_ANONYMOUS },
    { "Swap:", offsetof(struct ostat_proc_mmap, swap), OSTAT_PROC_MMAP_SWAP },
};

#define MMAP_SIZES                                                             \
    (OSTAT_PROC_MMAP_RSS | OSTAT_PROC_MMAP_VSIZE | OSTAT_PROC_MMAP_PSS |       \
     OSTAT_PROC_MMAP_SHARED_CLEAN | OSTAT_PROC_MMAP_SHARED_DIRTY |             \
     OSTAT_PROC_MMAP_PRIVATE_CLEAN | OSTAT_PROC_MMAP_PRIVATE_DIRTY |           \
     OSTAT_PROC_MMAP_REFERENCED | OSTAT_PROC_MMAP_ANONYMOUS |                  \
     OSTAT_PROC_MMAP_SWAP)

static uint64_t *mmap_field(struct ostat_proc_mmap *m, size_t k)
{
    return (uint64_t *)(void *)((char *)m + mmap_keys[k].off);
}

/* Paths already in a grouped list: an open-addressing table of list
 * indices + 1 (0 = empty), keyed by a hash of the path. */
struct groups {
    struct slot {
        uint64_t hash;
        size_t idx1;
    } * slots;
    size_t cap, used;
};

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    size_t i;

    for (i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    }
    return h;
}

static int groups_grow(struct groups *g)
{
    size_t cap = g->cap ? g->cap * 2 : 64, i, j;
    struct slot *s = calloc(cap, sizeof(*s));

    if (s == NULL) {
        return -1;
    }
    for (i = 0; i < g->cap; i++) {
        if (g->slots[i].idx1 == 0) {
            continue;
        }
        for (j = g->slots[i].hash & (cap - 1); s[j].idx1 != 0;
             j = (j + 1) & (cap - 1)) {
        }
        s[j] = g->slots[i];
    }
    free(g->slots);
    g->slots = s;
    g->cap = cap;
    return 0;
}

/* The mapping being read: its header fields and the sizes so far. */
struct cur_map {
    int have;
    struct ostat_proc_mmap m;
    const char *path, *perms;
    size_t path_len, perms_len;
};

/* Add the mapping @c to @l: its own element, or (grouped) summed into the
 * element of its path. */
static int
flush_map(struct lproc *lp, struct cur_map *c, struct groups *g, ostat_list *l)
{
    struct ostat_proc_mmap *e;
    const char *path = c->path;
    size_t n = c->path_len, k, j = 0;
    uint64_t h = 0;

    if (!c->have) {
        return 0;
    }
    c->have = 0;
    if (n == 0) {
        path = "[anon]";
        n = 6;
    } else {
        n = strip_deleted(lp->base.ctx, path, n);
    }
    if (g != NULL) {
        if (2 * (g->used + 1) > g->cap && groups_grow(g) != 0) {
            goto nomem;
        }
        h = hash_bytes(path, n);
        for (j = h & (g->cap - 1); g->slots[j].idx1 != 0;
             j = (j + 1) & (g->cap - 1)) {
            if (g->slots[j].hash != h) {
                continue;
            }
            e = ostat__list_at(l, g->slots[j].idx1 - 1);
            if (strlen(e->path) == n && memcmp(e->path, path, n) == 0) {
                for (k = 0; k < OSTAT__ARRAY_LEN(mmap_keys); k++) {
                    *mmap_field(e, k) += *mmap_field(&c->m, k);
                }
                return 0;
            }
        }
    }
    if ((e = ostat__list_push(l)) == NULL) {
        goto nomem;
    }
    *e = c->m;
    e->size = (uint32_t)sizeof(*e);
    e->valid = OSTAT_PROC_MMAP_PATH | MMAP_SIZES;
    if ((e->path = ostat__list_str(l, path, n)) == NULL) {
        goto nomem;
    }
    if (g != NULL) {
        e->addr_start = e->addr_end = 0;
        e->perms = NULL;
        g->slots[j].hash = h;
        g->slots[j].idx1 = ostat_list_count(l);
        g->used++;
    } else {
        e->valid |= OSTAT_PROC_MMAP_ADDR_START | OSTAT_PROC_MMAP_ADDR_END |
                    OSTAT_PROC_MMAP_PERMS;
        if ((e->perms = ostat__list_str(l, c->perms, c->perms_len)) == NULL) {
            goto nomem;
        }
    }
    return 0;
nomem:
    return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
}

/* A hexadecimal number; fails on overflow. */
static int scan_hex(const char **p, const char *end, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;

    for (; *p < end; (*p)++) {
        int d = ostat__hex_digit(**p);

        if (d < 0) {
            break;
        }
        if (v >> 60) {
            return -1;
        }
        v = v << 4 | (uint64_t)d;
    }
    if (*p == s) {
        return -1;
    }
    *out = v;
    return 0;
}

/* The next blank-separated word: [*w, *w + *n). */
static int scan_word(const char **p, const char *end, const char **w, size_t *n)
{
    ostat__skip_blanks(p, end);
    *w = *p;
    while (*p < end && **p != ' ' && **p != '\t') {
        (*p)++;
    }
    *n = (size_t)(*p - *w);
    return *n > 0 ? 0 : -1;
}

/* "start-end perms offset dev inode [path]": the path is the rest of the
 * line without surrounding blanks (it may hold spaces). */
static int parse_header(const char *p, const char *eol, struct cur_map *c)
{
    const char *w;
    size_t n;
    uint64_t v;

    memset(&c->m, 0, sizeof(c->m));
    if (scan_hex(&p, eol, &c->m.addr_start) != 0 || p == eol || *p++ != '-' ||
        scan_hex(&p, eol, &c->m.addr_end) != 0 ||
        scan_word(&p, eol, &c->perms, &c->perms_len) != 0 ||
        scan_word(&p, eol, &w, &n) != 0 ||   /* offset */
        scan_word(&p, eol, &w, &n) != 0 ||   /* device */
        ostat__scan_u64(&p, eol, &v) != 0 || /* inode */
        (p < eol && *p != ' ' && *p != '\t')) {
        return -1;
    }
    ostat__skip_blanks(&p, eol);
    while (eol > p && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r')) {
        eol--;
    }
    c->path = p;
    c->path_len = (size_t)(eol - p);
    c->have = 1;
    return 0;
}

/* A "Key: N kB" line of a known key into @c; other keys are ignored. */
static int parse_value(const char *p, const char *eol, struct cur_map *c)
{
    size_t k;
    uint64_t v;

    for (k = 0; k < OSTAT__ARRAY_LEN(mmap_keys); k++) {
        if (ostat__starts(p, eol, mmap_keys[k].key)) {
            break;
        }
    }
    if (k == OSTAT__ARRAY_LEN(mmap_keys)) {
        return 0; /* VmFlags:, THPeligible:, KernelPageSize: ... */
    }
    p += strlen(mmap_keys[k].key);
    if (!c->have || ostat__scan_u64(&p, eol, &v) != 0 ||
        v > UINT64_MAX / 1024) {
        return -1;
    }
    ostat__skip_blanks(&p, eol);
    if (ostat__starts(p, eol, "kB")) {
        p += 2;
    }
    if (!ostat__at_end(p, eol)) {
        return -1;
    }
    *mmap_field(&c->m, k) = v * 1024;
    return 0;
}

int ostat__lproc_memory_maps(struct lproc *lp, int grouped, ostat_list *l)
{
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    struct groups g = { NULL, 0, 0 };
    struct cur_map c;
    const char *p, *end, *eol;
    int rc, line = 0;
    char why[64];

    if ((rc = ostat__lproc_read(lp, "smaps", b)) != 0) {
        return rc;
    }
    if (b->len == 0) {
        int z = ostat__lproc_zombie(lp);

        if (z == 1) {
            return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, 0, lp->base.pid,
                                  "smaps", "pid %lld is a zombie",
                                  (long long)lp->base.pid);
        }
        return z == -1 ? ostat__lproc_err(lp, ESRCH, "smaps") : 0;
    }
    memset(&c, 0, sizeof(c));
    end = b->data + b->len;
    for (p = b->data; p < end; p = eol + 1) {
        const char *q = p;

        eol = ostat__eol(p, end);
        line++;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        /* A key line's first word ends with ':'; a header's does not. */
        while (q < eol && *q != ' ' && *q != '\t') {
            q++;
        }
        if (q > p && q[-1] == ':') {
            if (parse_value(p, eol, &c) != 0) {
                snprintf(why, sizeof(why), "line %d: expected \"Key: N kB\"",
                         line);
                rc = ostat__lproc_bad(lp, "smaps", why);
                break;
            }
            continue;
        }
        if ((rc = flush_map(lp, &c, grouped ? &g : NULL, l)) != 0) {
            break;
        }
        if (parse_header(p, eol, &c) != 0) {
            snprintf(why, sizeof(why), "line %d: malformed mapping", line);
            rc = ostat__lproc_bad(lp, "smaps", why);
            break;
        }
    }
    if (rc == 0) {
        rc = flush_map(lp, &c, grouped ? &g : NULL, l);
    }
    free(g.slots);
    return rc;
}

/* ---- open_files ---------------------------------------------------------- */

/* pos: (decimal) and flags: (octal) of an fdinfo file. */
static int parse_fdinfo(const char *s, size_t len, uint64_t *pos, int32_t *fl)
{
    const char *p, *end = s + len, *eol;
    int have = 0;

    for (p = s; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        if (ostat__starts(p, eol, "pos:")) {
            p += 4;
            if (ostat__scan_u64(&p, eol, pos) != 0) {
                return -1;
            }
            have |= 1;
        } else if (ostat__starts(p, eol, "flags:")) {
            uint64_t v = 0;
            const char *d;

            p += 6;
            ostat__skip_blanks(&p, eol);
            for (d = p; p < eol && *p >= '0' && *p <= '7'; p++) {
                v = v << 3 | (uint64_t)(*p - '0');
                if (v > UINT32_MAX) {
                    return -1;
                }
            }
            if (p == d) {
                return -1;
            }
            *fl = (int32_t)(uint32_t)v;
            have |= 2;
        }
    }
    return have == 3 ? 0 : -1;
}

/* psutil's mode from open(2) flags; NULL for O_ACCMODE == 3. */
static const char *flags_mode(int32_t flags)
{
    int app = (flags & O_APPEND) != 0;

    switch (flags & O_ACCMODE) {
    case O_RDONLY:
        return "r";
    case O_WRONLY:
        return app ? "a" : "w";
    case O_RDWR:
        return app ? "a+" : "r+";
    default:
        return NULL;
    }
}

/* Read /proc/PID/fdinfo/@name; 0, 1 if it is gone, or an error. */
static int
read_fdinfo(struct lproc *lp, const char *name, uint64_t *pos, int32_t *fl)
{
    char rel[64], buf[4096];
    ssize_t n;
    int fd, err;

    snprintf(rel, sizeof(rel), "%sfdinfo/%s", lp->rel, name);
    if ((fd = openat(lp->dirfd, rel, O_RDONLY | O_CLOEXEC)) < 0) {
        err = errno;
        return err == ENOENT || err == ESRCH
                   ? 1
                   : ostat__lproc_err(lp, err, "fdinfo");
    }
    n = read(fd, buf, sizeof(buf) - 1);
    err = errno;
    close(fd);
    if (n < 0) {
        return err == ENOENT || err == ESRCH
                   ? 1
                   : ostat__lproc_err(lp, err, "fdinfo");
    }
    if (parse_fdinfo(buf, (size_t)n, pos, fl) != 0) {
        return ostat__lproc_bad(lp, "fdinfo", "no pos: or flags: line");
    }
    return 0;
}

/* One entry of the fd directory @dfd: 0 (added or not a regular file), 1
 * if it vanished, or an error. */
static int
one_fd(struct lproc *lp, int dfd, const char *name, int32_t fdn, ostat_list *l)
{
    char target[OSTAT__PATH_MAX + 1];
    struct ostat_proc_open_file *e;
    struct stat st;
    uint64_t pos = 0;
    int32_t flags = 0;
    ssize_t n;
    size_t len;
    int rc;

    n = readlinkat(dfd, name, target, sizeof(target) - 1);
    if (n < 0) {
        int err = errno;

        if (err == ENOENT || err == ESRCH) {
            return 1;
        }
        if (err == EINVAL || err == ENAMETOOLONG) {
            return 0;
        }
        return ostat__lproc_err(lp, err, "fd");
    }
    if ((size_t)n >= sizeof(target) - 1) {
        return 0; /* cut short: no whole path to give */
    }
    target[n] = '\0';
    len = strlen(target); /* psutil #717: stop at a NUL */
    if (len == 0 || target[0] != '/') {
        return 0; /* socket:[N], pipe:[N], anon_inode:... */
    }
    /* Through the link, so deleted files and other mount namespaces work. */
    if (fstatat(dfd, name, &st, 0) != 0) {
        int err = errno;

        if (err == ENOENT || err == ESRCH) {
            return 1;
        }
        return err == EACCES || err == EPERM ? ostat__lproc_err(lp, err, "fd")
                                             : 0;
    }
    if (!S_ISREG(st.st_mode)) {
        return 0;
    }
    if ((rc = read_fdinfo(lp, name, &pos, &flags)) != 0) {
        return rc;
    }
    len = strip_deleted(lp->base.ctx, target, len);
    if ((e = ostat__list_push(l)) == NULL ||
        (e->path = ostat__list_str(l, target, len)) == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = (uint32_t)sizeof(*e);
    e->fd = fdn;
    e->position = pos;
    e->flags = flags;
    e->mode = flags_mode(flags);
    e->valid = OSTAT_PROC_OPEN_FILE_PATH | OSTAT_PROC_OPEN_FILE_FD |
               OSTAT_PROC_OPEN_FILE_POSITION | OSTAT_PROC_OPEN_FILE_FLAGS |
               (e->mode != NULL ? OSTAT_PROC_OPEN_FILE_MODE : 0);
    return 0;
}

int ostat__lproc_open_files(struct lproc *lp, ostat_list *l)
{
    struct dirent *de;
    DIR *d;
    int rc, gone = 0;

    if ((rc = ostat__lproc_opendir(lp, "fd", &d)) != 0) {
        return rc;
    }
    for (;;) {
        const char *p;
        uint64_t v;

        errno = 0;
        if ((de = readdir(d)) == NULL) {
            if (errno == ENOENT || errno == ESRCH) {
                gone = 1;
            } else if (errno != 0) {
                rc = ostat__lproc_err(lp, errno, "fd");
            }
            break;
        }
        p = de->d_name;
        if (ostat__scan_u64(&p, p + strlen(p), &v) != 0 || *p != '\0' ||
            v > INT32_MAX) {
            continue; /* "." and ".." */
        }
        rc = one_fd(lp, dirfd(d), de->d_name, (int32_t)v, l);
        if (rc == 1) {
            gone = 1;
            rc = 0;
        } else if (rc != 0) {
            break;
        }
    }
    closedir(d);
    /* Something vanished: an fd closed meanwhile, or the whole process. */
    if (rc == 0 && gone && ostat__lproc_zombie(lp) == -1) {
        return ostat__lproc_err(lp, ESRCH, "fd");
    }
    return rc;
}

/* ---- cgroup -------------------------------------------------------------- */

int ostat__lproc_cgroup(struct lproc *lp)
{
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    const char *p, *end, *eol;
    int rc;

    if ((rc = ostat__lproc_read(lp, "cgroup", b)) != 0) {
        return rc;
    }
    end = b->data + b->len;
    for (p = b->data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        if (ostat__starts(p, eol, "0::")) {
            p += 3;
            if (eol > p && eol[-1] == '\r') {
                eol--;
            }
            return ostat__lproc_set_out(lp, p, (size_t)(eol - p));
        }
    }
    if (b->len == 0 && ostat__lproc_zombie(lp) == 1) {
        return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, 0, lp->base.pid, "cgroup",
                              "pid %lld is a zombie", (long long)lp->base.pid);
    }
    return ostat__err_pid(OSTAT_ENOTSUP, 0, lp->base.pid, "cgroup",
                          "pid %lld: cgroup: no cgroup v2 (\"0::\") line",
                          (long long)lp->base.pid);
}
