/* SPDX-License-Identifier: MIT */
/* linux.h: the Linux backend's private state and shared helpers. */
#ifndef OSTAT_LINUX_H
#define OSTAT_LINUX_H

#include "backend.h"
#include "fileio.h"
#include "parse.h"

/* System files that a oneshot section reads once, under the procfs root. */
enum ostat__lfile {
    OSTAT__LF_STAT,
    OSTAT__LF_MEMINFO,
    OSTAT__LF_VMSTAT,
    OSTAT__LF_DISKSTATS,
    OSTAT__LF_THREAD_NET_DEV, /* thread-self/net/dev */
    OSTAT__LF_NET_DEV,
    OSTAT__LF_FILESYSTEMS,
    OSTAT__LF_MOUNTS, /* self/mounts */
    OSTAT__LF_COUNT
};

/* /proc/meminfo parsed: the values of the keys mem.c knows, in bytes. */
#define OSTAT__MEMINFO_KEYS 18
struct ostat__meminfo {
    uint64_t v[OSTAT__MEMINFO_KEYS];
    uint32_t have; /* a bit per key present */
};

struct ostat__os {
    struct {
        struct ostat__buf buf;
        char *path;   /* "<procfs>/<name>", built once */
        uint64_t gen; /* ctx->oneshot_gen of the read, 0 = none */
    } files[OSTAT__LF_COUNT];
    struct ostat__buf scratch;     /* for files outside the cache */
    struct ostat__buf out;         /* strings process getters hand back */
    char *utmp_path;               /* "<host prefix>/var/run/utmp" */
    struct ostat__meminfo meminfo; /* parsed in oneshot generation: */
    uint64_t meminfo_gen;
    /* uid -> user name (proc.c) */
    struct {
        int64_t uid;
        char name[64];
        size_t len;
    } users[64];
    size_t nusers;
    /* terminal device numbers -> /dev paths (proc.c) */
    struct ostat__tty {
        uint64_t dev;
        char path[64];
    } * ttys;
    size_t ntty, tty_cap;
    /* ids through pidfds (proc.c): 0 not probed yet, 1 yes, -1 no */
    int pidfd_ids;
    /* the row slabs of the last process iterator freed, for the next one
     * (proc_iter.c) */
    struct ostat__slab *spare_slabs;
};

/* Free a list of iterator row slabs (proc_iter.c). */
void ostat__slabs_free(struct ostat__slab *slabs);

#define OSTAT__PATH_MAX 4096

/* The highest CPU number believed: the kernel allows 8192 today. */
#define OSTAT__MAX_CPU 65535

/* Build "<root>/<rel>" into @buf (OSTAT__PATH_MAX bytes); OSTAT_EINVAL if
 * it does not fit. */
int ostat__path(char *buf, const char *root, const char *rel);

/* Read the small file "<sysfs>/<rel>" into @buf (@cap bytes), without its
 * trailing newline, with its length in *len and its path in @path
 * (OSTAT__PATH_MAX bytes). 0; a positive errno when the read failed, for
 * the caller to judge (ENOENT: there is no such attribute); or an error
 * code: the path too long, or OSTAT_EPARSE when the file does not fit. */
int ostat__sysfs_attr(ostat_ctx *ctx,
                      const char *rel,
                      char *path,
                      char *buf,
                      size_t cap,
                      size_t *len);

/* The number that "<sysfs>/<rel>" starts with, read into @cap bytes (at most
 * 64): 0 when the file is missing, does not fit or holds no number. */
uint64_t ostat__sysfs_u64(ostat_ctx *ctx, const char *rel, size_t cap);

/* The contents of a cached system file, read now or, inside a oneshot
 * section, reused. ENOENT gives @enoent_code. *data is NUL-terminated and
 * valid until the next call for the same file. */
int ostat__lfile(ostat_ctx *ctx,
                 enum ostat__lfile which,
                 int enoent_code,
                 const char **data,
                 size_t *len);

/* Read "<root>/<rel>" into the context's scratch buffer. */
int ostat__lread(ostat_ctx *ctx,
                 const char *root,
                 const char *rel,
                 int enoent_code,
                 const char **data,
                 size_t *len);

/* OSTAT_EPARSE with "<root>/<rel>: line N: <why>". @line is 1-based, 0 if
 * not known. */
int ostat__parse_err(const char *root,
                     const char *rel,
                     int line,
                     const char *why);

/* Parse a CPU list such as "0-3,8,10-11\n" and call @fn for each id. */
int ostat__cpu_list(const char *s,
                    const char *end,
                    int (*fn)(int32_t cpu, void *payload),
                    void *payload);

#endif
