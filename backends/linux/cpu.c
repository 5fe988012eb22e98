/* SPDX-License-Identifier: MIT */
/* cpu.c: /proc/stat, /proc/loadavg, /proc/cpuinfo and the cpu sysfs tree. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux.h"

/* ---- /proc/stat ---------------------------------------------------------- */

/* Parse the numbers after "cpu" or "cpuN": at least user nice system idle;
 * older kernels lack the trailing columns, whose valid bits stay clear. */
static int parse_cpu_line(ostat_ctx *ctx,
                          const char *p,
                          const char *end,
                          struct ostat_cpu_times *t)
{
    /* /proc/stat column order, mapped to valid-bit order. */
    static const int bit[10] = { 0, 3, 1, 2, 4, 5, 6, 7, 8, 9 };
    double *dst[10];
    uint64_t v;
    double tck = (double)ctx->clk_tck;
    int i;

    dst[0] = &t->user;
    dst[1] = &t->nice;
    dst[2] = &t->system;
    dst[3] = &t->idle;
    dst[4] = &t->iowait;
    dst[5] = &t->irq;
    dst[6] = &t->softirq;
    dst[7] = &t->steal;
    dst[8] = &t->guest;
    dst[9] = &t->guest_nice;
    for (i = 0; i < 10; i++) {
        ostat__skip_blanks(&p, end);
        if (p == end) {
            break;
        }
        if (ostat__scan_u64(&p, end, &v) != 0) {
            return -1;
        }
        *dst[i] = (double)v / tck;
        t->valid |= OSTAT_BIT(bit[i]);
    }
    return i >= 4 ? 0 : -1;
}

int ostat__os_cpu_times(ostat_ctx *ctx,
                        struct ostat_cpu_times *total,
                        ostat_list *percpu)
{
    const char *data, *p, *end, *eol;
    size_t len;
    int rc, line = 0, have_total = 0;

    if ((rc = ostat__lfile(ctx, OSTAT__LF_STAT, OSTAT_EOS, &data, &len)) != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        line++;
        if (!ostat__starts(p, eol, "cpu")) {
            /* The cpu lines come first; stop at the first other line. */
            if (have_total) {
                break;
            }
            continue;
        }
        if (p[3] == ' ') {
            if (total != NULL && parse_cpu_line(ctx, p + 3, eol, total) != 0) {
                return ostat__parse_err(ctx->procfs_root, "stat", line,
                                        "malformed cpu line");
            }
            have_total = 1;
            if (percpu == NULL) {
                return 0;
            }
        } else if (percpu != NULL && p[3] >= '0' && p[3] <= '9') {
            struct ostat_cpu_times *t;
            const char *q = p + 3;
            uint64_t n;

            if (ostat__scan_u64(&q, eol, &n) != 0 || n > OSTAT__MAX_CPU) {
                return ostat__parse_err(ctx->procfs_root, "stat", line,
                                        "bad cpu number");
            }
            t = ostat__list_push(percpu);
            if (t == NULL) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            t->size = sizeof(*t);
            t->cpu = (int32_t)n;
            t->valid = OSTAT_CPU_TIMES_CPU;
            if (parse_cpu_line(ctx, q, eol, t) != 0) {
                return ostat__parse_err(ctx->procfs_root, "stat", line,
                                        "malformed cpuN line");
            }
        }
    }
    if (!have_total) {
        return ostat__parse_err(ctx->procfs_root, "stat", 0, "no \"cpu\" line");
    }
    if (percpu != NULL && ostat_list_count(percpu) == 0) {
        return ostat__parse_err(ctx->procfs_root, "stat", 0,
                                "no \"cpuN\" lines");
    }
    return 0;
}

int ostat__os_cpu_stats(ostat_ctx *ctx, struct ostat_cpu_stats *out)
{
#define KEY(k, field, bit)                                                     \
    {                                                                          \
        k, offsetof(struct ostat_cpu_stats, field), OSTAT_CPU_STATS_##bit      \
    }
    /* intr and softirq: the first number is the total. */
    static const struct ostat__key keys[] = {
        KEY("ctxt", ctx_switches, CTX_SWITCHES),
        KEY("intr", interrupts, INTERRUPTS),
        KEY("softirq", soft_interrupts, SOFT_INTERRUPTS),
        KEY("processes", forks, FORKS),
        KEY("procs_running", procs_running, PROCS_RUNNING),
        KEY("procs_blocked", procs_blocked, PROCS_BLOCKED),
    };
#undef KEY
    const char *data;
    size_t len;
    int rc, line;

    if ((rc = ostat__lfile(ctx, OSTAT__LF_STAT, OSTAT_EOS, &data, &len)) != 0) {
        return rc;
    }
    line = ostat__scan_keyed(data, len, keys, OSTAT__ARRAY_LEN(keys), 0, out,
                             &out->valid);
    if (line != 0) {
        return ostat__parse_err(ctx->procfs_root, "stat", line,
                                "expected a number");
    }
    if (!(out->valid & OSTAT_CPU_STATS_CTX_SWITCHES)) {
        return ostat__parse_err(ctx->procfs_root, "stat", 0,
                                "no \"ctxt\" line");
    }
    return 0;
}

/* ---- /proc/loadavg ------------------------------------------------------- */

int ostat__os_getloadavg(ostat_ctx *ctx, struct ostat_loadavg *out)
{
    char buf[256], path[OSTAT__PATH_MAX];
    const char *p, *end;
    size_t len;
    int rc;

    if ((rc = ostat__path(path, ctx->procfs_root, "loadavg")) != 0) {
        return rc;
    }
    if ((rc = ostat__read_small(path, buf, sizeof(buf), &len)) != 0) {
        return rc == -EFBIG ? ostat__parse_err(ctx->procfs_root, "loadavg", 1,
                                               "too long")
                            : ostat__err_errno(-rc, OSTAT_EOS, path);
    }
    p = buf;
    end = buf + len;
    if (ostat__scan_double(&p, end, &out->load1) != 0 ||
        ostat__scan_double(&p, end, &out->load5) != 0 ||
        ostat__scan_double(&p, end, &out->load15) != 0) {
        return ostat__parse_err(ctx->procfs_root, "loadavg", 1,
                                "expected three load averages");
    }
    out->valid =
        OSTAT_LOADAVG_LOAD1 | OSTAT_LOADAVG_LOAD5 | OSTAT_LOADAVG_LOAD15;
    if (ostat__scan_u64(&p, end, &out->runnable) == 0 && p < end &&
        *p++ == '/' && ostat__scan_u64(&p, end, &out->entities) == 0) {
        out->valid |= OSTAT_LOADAVG_RUNNABLE | OSTAT_LOADAVG_ENTITIES;
    }
    return 0;
}

/* ---- counts ---------------------------------------------------------------
 */

struct cpu_ids {
    int32_t *ids;
    size_t n, cap;
};

static int add_id(int32_t cpu, void *payload)
{
    struct cpu_ids *s = payload;

    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        int32_t *p = realloc(s->ids, cap * sizeof(*p));

        if (p == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        s->ids = p;
        s->cap = cap;
    }
    s->ids[s->n++] = cpu;
    return 0;
}

/* Collect "processor : N" numbers and, if @mhz is not NULL, each
 * processor's MHz in a parallel array (-1 where cpuinfo gives none). */
static int read_cpuinfo(ostat_ctx *ctx, struct cpu_ids *ids, double **mhz)
{
    const char *data, *p, *end, *eol;
    size_t len, cur = SIZE_MAX; /* the entry MHz lines belong to */
    int rc, line = 0;

    if ((rc = ostat__lread(ctx, ctx->procfs_root, "cpuinfo", OSTAT_ENOTSUP,
                           &data, &len)) != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        const char *colon, *q;

        eol = ostat__eol(p, end);
        line++;
        colon = memchr(p, ':', (size_t)(eol - p));
        if (colon == NULL) {
            continue;
        }
        q = colon + 1;
        if (ostat__starts(p, eol, "processor")) {
            const char *r = p + 9;
            uint64_t n;

            /* "processor\t: 3", or on s390x "processor 3: version = ...",
             * the number before the colon. */
            ostat__skip_blanks(&r, colon);
            if (r == colon) {
                r = q;
            }
            if (ostat__scan_u64(&r, eol, &n) != 0 || n > OSTAT__MAX_CPU) {
                continue;
            }
            if ((rc = add_id((int32_t)n, ids)) != 0) {
                return rc;
            }
            cur = ids->n - 1;
            if (mhz != NULL) {
                double *m = realloc(*mhz, ids->cap * sizeof(double));

                if (m == NULL) {
                    return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
                }
                *mhz = m;
                m[ids->n - 1] = -1;
            }
        } else if (mhz != NULL && ostat__starts(p, eol, "cpu number")) {
            /* s390x lists the processors first, then a section per CPU
             * headed "cpu number : 3" that holds its MHz. */
            uint64_t n;
            size_t j;

            cur = SIZE_MAX;
            if (ostat__scan_u64(&q, eol, &n) != 0) {
                continue;
            }
            for (j = 0; j < ids->n; j++) {
                if ((uint64_t)ids->ids[j] == n) {
                    cur = j;
                    break;
                }
            }
        } else if (mhz != NULL && cur != SIZE_MAX &&
                   (ostat__starts(p, eol, "cpu MHz dynamic") ||
                    (ostat__starts(p, eol, "cpu MHz") &&
                     !ostat__starts(p, eol, "cpu MHz static")) ||
                    ostat__starts(p, eol, "clock"))) {
            /* x86 "cpu MHz : 2400.000", ppc "clock : 2400.000000MHz",
             * s390x "cpu MHz dynamic : 5200" (not the static one). */
            if (ostat__scan_double(&q, eol, &(*mhz)[cur]) != 0) {
                return ostat__parse_err(ctx->procfs_root, "cpuinfo", line,
                                        "expected a frequency");
            }
        }
    }
    return 0;
}

static int online_cpus(ostat_ctx *ctx, struct cpu_ids *ids)
{
    const char *data;
    size_t len;
    int rc;

    rc = ostat__lread(ctx, ctx->sysfs_root, "devices/system/cpu/online",
                      OSTAT_ENOTSUP, &data, &len);
    if (rc == 0) {
        rc = ostat__cpu_list(data, data + len, add_id, ids);
        if (rc == -1) {
            return ostat__parse_err(ctx->sysfs_root,
                                    "devices/system/cpu/online", 1,
                                    "malformed CPU list");
        }
        return rc;
    }
    return rc;
}

static void free_ids(struct cpu_ids *ids)
{
    free(ids->ids);
    memset(ids, 0, sizeof(*ids));
}

static int count_logical(ostat_ctx *ctx, int32_t *out)
{
    struct cpu_ids ids = { NULL, 0, 0 };
    ostat_list *l;
    int rc = online_cpus(ctx, &ids);

    if (rc == OSTAT_ENOTSUP || (rc == 0 && ids.n == 0)) {
        free_ids(&ids);
        rc = read_cpuinfo(ctx, &ids, NULL);
    }
    if (rc == OSTAT_ENOTSUP || (rc == 0 && ids.n == 0)) {
        free_ids(&ids);
        rc = ostat__list_new(OSTAT__LIST_CPU_TIMES,
                             sizeof(struct ostat_cpu_times), &l);
        if (rc == 0) {
            rc = ostat__os_cpu_times(ctx, NULL, l);
            ids.n = ostat_list_count(l);
            ostat_list_free(l);
        }
    }
    if (rc == 0 && ids.n == 0) {
        rc = ostat__err(OSTAT_ENOTSUP, 0, NULL, "no way to count the CPUs");
    }
    if (rc == 0) {
        *out = (int32_t)ids.n;
    }
    free_ids(&ids);
    return rc;
}

/* Distinct strings, kept small: a machine has few cores per listing. */
struct strset {
    char **v;
    size_t n, cap;
};

static int strset_add(struct strset *s, const char *str, size_t len)
{
    size_t i;
    char *copy;

    for (i = 0; i < s->n; i++) {
        if (strlen(s->v[i]) == len && memcmp(s->v[i], str, len) == 0) {
            return 0;
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 32;
        char **v = realloc(s->v, cap * sizeof(*v));

        if (v == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        s->v = v;
        s->cap = cap;
    }
    copy = malloc(len + 1);
    if (copy == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    memcpy(copy, str, len);
    copy[len] = '\0';
    s->v[s->n++] = copy;
    return 0;
}

static void strset_free(struct strset *s)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        free(s->v[i]);
    }
    free(s->v);
}

/* Physical cores from sysfs: the number of distinct core sibling lists. */
static int cores_sysfs(ostat_ctx *ctx, struct strset *set)
{
    static const char *const files[] = { "topology/core_cpus_list",
                                         "topology/thread_siblings_list" };
    char dirpath[OSTAT__PATH_MAX], rel[512];
    struct dirent *de;
    DIR *d;
    int rc = 0;

    if ((rc = ostat__path(dirpath, ctx->sysfs_root, "devices/system/cpu")) !=
        0) {
        return rc;
    }
    d = opendir(dirpath);
    if (d == NULL) {
        return 0;
    }
    while (rc == 0 && (de = readdir(d)) != NULL) {
        const char *data;
        size_t len, f;

        if (strncmp(de->d_name, "cpu", 3) != 0 || de->d_name[3] < '0' ||
            de->d_name[3] > '9' ||
            de->d_name[3 + strspn(de->d_name + 3, "0123456789")] != '\0') {
            continue;
        }
        for (f = 0; f < OSTAT__ARRAY_LEN(files); f++) {
            snprintf(rel, sizeof(rel), "devices/system/cpu/%s/%s", de->d_name,
                     files[f]);
            if (ostat__lread(ctx, ctx->sysfs_root, rel, OSTAT_ENOTSUP, &data,
                             &len) == 0) {
                while (len > 0 && data[len - 1] == '\n') {
                    len--;
                }
                rc = strset_add(set, data, len);
                break;
            }
        }
    }
    closedir(d);
    return rc;
}

/* Physical cores from /proc/cpuinfo: sum of "cpu cores" per physical id. */
static int cores_cpuinfo(ostat_ctx *ctx, int32_t *out)
{
    const char *data, *p, *end, *eol;
    struct strset ids = { NULL, 0, 0 };
    size_t len;
    uint64_t cores = 0, total = 0;
    int rc, is_new = 0;

    if ((rc = ostat__lread(ctx, ctx->procfs_root, "cpuinfo", OSTAT_ENOTSUP,
                           &data, &len)) != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end && rc == 0; p = eol + 1) {
        const char *colon, *q;

        eol = ostat__eol(p, end);
        colon = memchr(p, ':', (size_t)(eol - p));
        if (colon == NULL) {
            continue;
        }
        q = colon + 1;
        ostat__skip_blanks(&q, eol);
        /* Spaces may come before the colon (s390x). */
        if (ostat__starts(p, eol, "physical id")) {
            size_t before = ids.n;

            rc = strset_add(&ids, q, (size_t)(eol - q));
            is_new = ids.n > before;
        } else if (ostat__starts(p, eol, "cpu cores") && is_new &&
                   ostat__scan_u64(&q, eol, &cores) == 0) {
            total += cores;
            is_new = 0;
        }
    }
    strset_free(&ids);
    if (rc == 0 && total == 0) {
        rc = ostat__err(OSTAT_ENOTSUP, 0, NULL,
                        "the number of physical cores is not known");
    }
    if (rc == 0) {
        *out = (int32_t)total;
    }
    return rc;
}

int ostat__os_cpu_count(ostat_ctx *ctx, int logical, int32_t *out)
{
    struct strset set = { NULL, 0, 0 };
    int rc;

    if (logical) {
        return count_logical(ctx, out);
    }
    rc = cores_sysfs(ctx, &set);
    if (rc == 0 && set.n > 0) {
        *out = (int32_t)set.n;
    }
    strset_free(&set);
    if (rc == 0 && set.n == 0) {
        rc = cores_cpuinfo(ctx, out);
    }
    return rc;
}

/* ---- frequency ------------------------------------------------------------
 */

/* A kHz value from sysfs as MHz; 0 when present, -1 when absent. */
static int sysfs_khz(ostat_ctx *ctx, int32_t cpu, const char *file, double *out)
{
    char rel[256];
    const char *data, *p;
    size_t len;
    uint64_t v;

    snprintf(rel, sizeof(rel), "devices/system/cpu/cpu%d/cpufreq/%s", (int)cpu,
             file);
    if (ostat__lread(ctx, ctx->sysfs_root, rel, OSTAT_ENOTSUP, &data, &len) !=
        0) {
        return -1;
    }
    p = data;
    if (ostat__scan_u64(&p, data + len, &v) != 0) {
        return -1; /* "<unknown>" on some drivers */
    }
    *out = (double)v / 1000.0;
    return 0;
}

int ostat__os_cpu_freq(ostat_ctx *ctx, ostat_list *percpu)
{
    struct cpu_ids online = { NULL, 0, 0 }, info = { NULL, 0, 0 };
    double *mhz = NULL;
    uint64_t known = 0;
    size_t i, j;
    int rc;

    rc = online_cpus(ctx, &online);
    if (rc == OSTAT_ENOTSUP) {
        rc = 0; /* no sysfs: cpuinfo says which CPUs there are */
    }
    if (rc == 0) {
        rc = read_cpuinfo(ctx, &info, &mhz);
        rc = rc == OSTAT_ENOTSUP ? 0 : rc;
    }
    /* Without the online list, every processor in cpuinfo is online. */
    if (rc == 0 && online.n == 0) {
        for (i = 0; i < info.n && rc == 0; i++) {
            rc = add_id(info.ids[i], &online);
        }
    }
    for (i = 0; i < online.n && rc == 0; i++) {
        struct ostat_cpu_freq *f = ostat__list_push(percpu);
        int32_t cpu = online.ids[i];

        if (f == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
        f->size = sizeof(*f);
        f->cpu = cpu;
        f->valid = OSTAT_CPU_FREQ_CPU;
        /* Prefer what cpuinfo says the CPU runs at now (psutil #1851). */
        for (j = 0; mhz != NULL && j < info.n; j++) {
            if (info.ids[j] == cpu && mhz[j] > 0) {
                f->current = mhz[j];
                f->valid |= OSTAT_CPU_FREQ_CURRENT;
                break;
            }
        }
        if (!(f->valid & OSTAT_CPU_FREQ_CURRENT) &&
            (sysfs_khz(ctx, cpu, "scaling_cur_freq", &f->current) == 0 ||
             sysfs_khz(ctx, cpu, "cpuinfo_cur_freq", &f->current) == 0)) {
            f->valid |= OSTAT_CPU_FREQ_CURRENT;
        }
        if (sysfs_khz(ctx, cpu, "scaling_min_freq", &f->min) == 0) {
            f->valid |= OSTAT_CPU_FREQ_MIN;
        }
        if (sysfs_khz(ctx, cpu, "scaling_max_freq", &f->max) == 0) {
            f->valid |= OSTAT_CPU_FREQ_MAX;
        }
        known |= f->valid & ~(uint64_t)OSTAT_CPU_FREQ_CPU;
    }
    if (rc == 0 && known == 0) {
        /* No cpufreq and no MHz in cpuinfo (VMs, containers, many arm64
         * boards): psutil's None and []. */
        rc = ostat__err(OSTAT_ENOTSUP, 0, NULL, "no CPU reports its frequency");
    }
    free_ids(&online);
    free_ids(&info);
    free(mhz);
    return rc;
}
