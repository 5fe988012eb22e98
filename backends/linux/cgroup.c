/* SPDX-License-Identifier: MIT */
/* cgroup.c: cgroup v2 groups under <sysfs root>/fs/cgroup (by default
 * <host prefix>/sys/fs/cgroup), or under its "unified" directory on hosts
 * that mount v1 controllers there and v2 beside them (systemd's hybrid
 * layout). A group is a directory with a cgroup.controllers file; each
 * controller's files exist only where it is enabled, so a missing file
 * leaves its fields not valid. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "linux.h"

/* Read @dir/@name into the scratch buffer: 0, 1 if the file is missing,
 * or an error. */
static int cg_read(ostat_ctx *ctx,
                   const char *dir,
                   const char *name,
                   const char **p,
                   const char **end)
{
    char path[OSTAT__PATH_MAX];
    struct ostat__buf *b = &ctx->os->scratch;
    int rc;

    if ((rc = ostat__path(path, dir, name)) != 0) {
        return rc;
    }
    rc = ostat__read_file(path, b);
    if (rc == -ENOENT || rc == -ENOTDIR || rc == -ENODEV) {
        return 1;
    }
    if (rc != 0) {
        return ostat__err_errno(-rc, OSTAT_ENOTSUP, path);
    }
    *p = b->data;
    *end = b->data + b->len;
    return 0;
}

/* A file holding one number, or "max" when @max_ok. */
static int cg_single(ostat_ctx *ctx,
                     const char *dir,
                     const char *name,
                     int max_ok,
                     uint64_t *out,
                     uint64_t bit,
                     uint64_t *valid)
{
    const char *p, *end;
    int rc = cg_read(ctx, dir, name, &p, &end);

    if (rc != 0) {
        return rc == 1 ? 0 : rc;
    }
    if (max_ok && ostat__starts(p, end, "max")) {
        p += 3;
        *out = OSTAT_CGROUP_UNLIMITED;
    } else if (ostat__scan_u64(&p, end, out) != 0) {
        return ostat__parse_err(dir, name, 1,
                                max_ok ? "expected a number or \"max\""
                                       : "expected a number");
    }
    if (p < end && *p == '\n') {
        p++;
    }
    if (p != end) {
        return ostat__parse_err(dir, name, 1,
                                "unexpected text after the value");
    }
    *valid |= bit;
    return 0;
}

/* A flat keyed file ("key value" lines): the keys of @keys that appear. */
static int cg_keyed(ostat_ctx *ctx,
                    const char *dir,
                    const char *name,
                    const struct ostat__key *keys,
                    size_t nkeys,
                    struct ostat_cgroup *out)
{
    const char *p, *end;
    int rc = cg_read(ctx, dir, name, &p, &end), line;

    if (rc != 0) {
        return rc == 1 ? 0 : rc;
    }
    line = ostat__scan_keyed(p, (size_t)(end - p), keys, nkeys, 1, out,
                             &out->valid);
    return line == 0 ? 0
                     : ostat__parse_err(dir, name, line, "expected a number");
}

#define KEY(k, field, bit)                                                     \
    {                                                                          \
        k, offsetof(struct ostat_cgroup, field), OSTAT_CGROUP_##bit            \
    }

static const struct ostat__key memory_stat_keys[] = {
    KEY("anon", memory_anon, MEMORY_ANON),
    KEY("file", memory_file, MEMORY_FILE),
    KEY("kernel", memory_kernel, MEMORY_KERNEL),
    KEY("shmem", memory_shmem, MEMORY_SHMEM),
};

static const struct ostat__key cpu_stat_keys[] = {
    KEY("usage_usec", cpu_usage, CPU_USAGE),
    KEY("user_usec", cpu_user, CPU_USER),
    KEY("system_usec", cpu_system, CPU_SYSTEM),
    KEY("nr_periods", cpu_nr_periods, CPU_NR_PERIODS),
    KEY("nr_throttled", cpu_nr_throttled, CPU_NR_THROTTLED),
    KEY("throttled_usec", cpu_throttled, CPU_THROTTLED),
};

/* 0 if @dir is a v2 group (has cgroup.controllers), 1 if not, or an
 * error. */
static int is_group(const char *dir)
{
    char probe[OSTAT__PATH_MAX];
    struct stat st;
    int rc;

    if ((rc = ostat__path(probe, dir, "cgroup.controllers")) != 0) {
        return rc;
    }
    if (stat(probe, &st) == 0) {
        return 0;
    }
    if (errno == ENOENT || errno == ENOTDIR) {
        return 1;
    }
    return ostat__err_errno(errno, OSTAT_ENOTSUP, probe);
}

/* "<root><path>" without the path's trailing slashes, if it is a v2
 * group: 0, 1 if not, or an error. */
static int group_dir(const char *root, const char *path, char *dir)
{
    size_t rl = strlen(root), pl = strlen(path);

    while (pl > 0 && path[pl - 1] == '/') {
        pl--;
    }
    if (rl + pl + 1 > OSTAT__PATH_MAX) {
        return ostat__err(OSTAT_EINVAL, ENAMETOOLONG, root,
                          "path too long: %s%s", root, path);
    }
    memcpy(dir, root, rl);
    memcpy(dir + rl, path, pl);
    dir[rl + pl] = '\0';
    return is_group(dir);
}

int ostat__os_cgroup_stats(ostat_ctx *ctx,
                           const char *path,
                           struct ostat_cgroup *out)
{
    char root[OSTAT__PATH_MAX], dir[OSTAT__PATH_MAX];
    int rc;

    if ((rc = ostat__path(root, ctx->sysfs_root, "fs/cgroup")) != 0) {
        return rc;
    }
    rc = group_dir(root, path, dir);
    /* Hybrid hosts: v1 controllers in fs/cgroup, v2 in fs/cgroup/unified.
     * Only when fs/cgroup itself is not a v2 root. */
    if (rc == 1 && is_group(root) == 1) {
        char unified[OSTAT__PATH_MAX];

        if ((rc = ostat__path(unified, root, "unified")) == 0) {
            rc = group_dir(unified, path, dir);
        }
    }
    if (rc == 1) {
        return ostat__err(OSTAT_ENOTSUP, ENOENT, root,
                          "%s%s: no such cgroup v2 group", root, path);
    }
    if (rc != 0 ||
        (rc = cg_single(ctx, dir, "memory.current", 0, &out->memory_current,
                        OSTAT_CGROUP_MEMORY_CURRENT, &out->valid)) != 0 ||
        (rc = cg_single(ctx, dir, "memory.max", 1, &out->memory_max,
                        OSTAT_CGROUP_MEMORY_MAX, &out->valid)) != 0 ||
        (rc = cg_keyed(ctx, dir, "memory.stat", memory_stat_keys,
                       OSTAT__ARRAY_LEN(memory_stat_keys), out)) != 0 ||
        (rc = cg_single(ctx, dir, "memory.swap.current", 0, &out->swap_current,
                        OSTAT_CGROUP_SWAP_CURRENT, &out->valid)) != 0 ||
        (rc = cg_keyed(ctx, dir, "cpu.stat", cpu_stat_keys,
                       OSTAT__ARRAY_LEN(cpu_stat_keys), out)) != 0 ||
        (rc = cg_single(ctx, dir, "pids.current", 0, &out->pids_current,
                        OSTAT_CGROUP_PIDS_CURRENT, &out->valid)) != 0 ||
        (rc = cg_single(ctx, dir, "pids.max", 1, &out->pids_max,
                        OSTAT_CGROUP_PIDS_MAX, &out->valid)) != 0) {
        return rc;
    }
    /* Nothing read: the group may have been removed meanwhile. */
    if (out->valid == 0 && is_group(dir) == 1) {
        return ostat__err(OSTAT_ENOTSUP, ENOENT, dir,
                          "%s: no such cgroup v2 group", dir);
    }
    return 0;
}
