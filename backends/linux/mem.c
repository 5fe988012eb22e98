/* SPDX-License-Identifier: MIT */
/* mem.c: /proc/meminfo, /proc/vmstat and /proc/zoneinfo. */
#include <errno.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "linux.h"

/* The meminfo keys we use, in the order of the value array. */
enum mkey {
    M_MEMTOTAL,
    M_MEMFREE,
    M_MEMAVAILABLE,
    M_BUFFERS,
    M_CACHED,
    M_SRECLAIMABLE,
    M_SHMEM,
    M_MEMSHARED,
    M_ACTIVE,
    M_INACTIVE,
    M_INACT_DIRTY,
    M_INACT_CLEAN,
    M_INACT_LAUNDRY,
    M_SLAB,
    M_ACTIVE_FILE,
    M_INACTIVE_FILE,
    M_SWAPTOTAL,
    M_SWAPFREE,
    M_COUNT
};

#define K(name)                                                                \
    {                                                                          \
        name, sizeof(name) - 1                                                 \
    }
static const struct {
    const char *name;
    size_t len;
} mkeys[M_COUNT] = {
    K("MemTotal"),       K("MemFree"),     K("MemAvailable"),
    K("Buffers"),        K("Cached"),      K("SReclaimable"),
    K("Shmem"),          K("MemShared"),   K("Active"),
    K("Inactive"),       K("Inact_dirty"), K("Inact_clean"),
    K("Inact_laundry"),  K("Slab"),        K("Active(file)"),
    K("Inactive(file)"), K("SwapTotal"),   K("SwapFree"),
};
#undef K

_Static_assert(M_COUNT == OSTAT__MEMINFO_KEYS, "struct ostat__meminfo size");

/* What a kernel since 3.14 writes: once all are seen, parsing can stop.
 * MemShared and the Inact_* lines are Linux 2.4's. */
#define MODERN_KEYS                                                            \
    (((1u << M_COUNT) - 1) & ~(1u << M_MEMSHARED | 1u << M_INACT_DIRTY |       \
                               1u << M_INACT_CLEAN | 1u << M_INACT_LAUNDRY))

#define HAVE(m, k) (((m)->have >> (k)) & 1u)

/* Parse /proc/meminfo: "Key:   123 kB" per line; the space after the colon
 * may be missing (psutil #2809), and a few keys have no unit. */
static int parse_meminfo(ostat_ctx *ctx, struct ostat__meminfo *m)
{
    const char *data, *p, *end, *eol;
    size_t len;
    int rc, line = 0, k;

    memset(m, 0, sizeof(*m));
    if ((rc = ostat__lfile(ctx, OSTAT__LF_MEMINFO, OSTAT_EOS, &data, &len)) !=
        0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        const char *colon, *q;
        size_t klen;
        uint64_t v;

        eol = ostat__eol(p, end);
        line++;
        if (p == eol) {
            continue;
        }
        colon = memchr(p, ':', (size_t)(eol - p));
        if (colon == NULL) {
            return ostat__parse_err(ctx->procfs_root, "meminfo", line,
                                    "no ':' in the line");
        }
        klen = (size_t)(colon - p);
        for (k = 0; k < M_COUNT; k++) {
            if (mkeys[k].len == klen && memcmp(p, mkeys[k].name, klen) == 0) {
                break;
            }
        }
        if (k == M_COUNT) {
            continue;
        }
        q = colon + 1;
        if (ostat__scan_u64(&q, eol, &v) != 0) {
            return ostat__parse_err(ctx->procfs_root, "meminfo", line,
                                    "expected a number after the key");
        }
        ostat__skip_blanks(&q, eol);
        if (ostat__starts(q, eol, "kB")) {
            if (v > UINT64_MAX / 1024) {
                return ostat__parse_err(ctx->procfs_root, "meminfo", line,
                                        "value too large");
            }
            v *= 1024;
            q += 2;
        }
        if (!ostat__at_end(q, eol)) {
            return ostat__parse_err(ctx->procfs_root, "meminfo", line,
                                    "unexpected text after the value");
        }
        m->v[k] = v;
        m->have |= 1u << k;
        if ((m->have & MODERN_KEYS) == MODERN_KEYS) {
            break; /* the rest of the file has nothing we use */
        }
    }
    if (!HAVE(m, M_MEMTOTAL)) {
        return ostat__parse_err(ctx->procfs_root, "meminfo", 0,
                                "no MemTotal line");
    }
    return 0;
}

/* The parsed meminfo: inside a oneshot section, parsed once and shared by
 * virtual_memory and swap_memory. */
static int read_meminfo(ostat_ctx *ctx, struct ostat__meminfo *m)
{
    struct ostat__os *os = ctx->os;
    int rc;

    if (ctx->oneshot_depth > 0 && os->meminfo_gen == ctx->oneshot_gen) {
        *m = os->meminfo;
        return 0;
    }
    rc = parse_meminfo(ctx, m);
    if (rc == 0 && ctx->oneshot_depth > 0) {
        os->meminfo = *m;
        os->meminfo_gen = ctx->oneshot_gen;
    }
    return rc;
}

/* Sum of the "low" watermarks of every zone, in pages; -1 if unknown. */
static int64_t zoneinfo_low(ostat_ctx *ctx)
{
    const char *data, *p, *end, *eol;
    size_t len;
    uint64_t sum = 0, v;
    int found = 0;

    if (ostat__lread(ctx, ctx->procfs_root, "zoneinfo", OSTAT_ENOTSUP, &data,
                     &len) != 0) {
        return -1;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        ostat__skip_blanks(&p, eol);
        if (ostat__starts(p, eol, "low ")) {
            p += 4;
            if (ostat__scan_u64(&p, eol, &v) != 0) {
                return -1;
            }
            sum += v;
            found = 1;
        }
    }
    return found ? (int64_t)sum : -1;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* a + b, saturating at UINT64_MAX. */
static uint64_t sat_add_u64(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static int64_t clamp_i64(uint64_t v)
{
    return v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v;
}

/* Available memory for kernels without MemAvailable (before 3.14) or that
 * report 0 for it (psutil #1915): the estimate of kernel commit 34e431b0ae39,
 * or MemFree + Cached when its inputs are missing. Computed unsigned and
 * saturating, so that no meminfo, however odd, overflows; -1 stands for a
 * negative estimate. */
static int64_t estimate_available(ostat_ctx *ctx,
                                  const struct ostat__meminfo *m)
{
    int64_t low;
    uint64_t pagecache, reclaim, wl, sum;

    if (!HAVE(m, M_ACTIVE_FILE) || !HAVE(m, M_INACTIVE_FILE) ||
        !HAVE(m, M_SRECLAIMABLE) || (low = zoneinfo_low(ctx)) < 0) {
        ostat__log(ctx, OSTAT_LOG_WARNING,
                   "meminfo lacks MemAvailable and its inputs; "
                   "available = MemFree + Cached");
        return clamp_i64(sat_add_u64(m->v[M_MEMFREE], m->v[M_CACHED]));
    }
    wl = (uint64_t)low > UINT64_MAX / (uint64_t)ctx->page_size
             ? UINT64_MAX
             : (uint64_t)low * (uint64_t)ctx->page_size;
    pagecache = sat_add_u64(m->v[M_ACTIVE_FILE], m->v[M_INACTIVE_FILE]);
    reclaim = m->v[M_SRECLAIMABLE];
    /* MemFree - wl + (pagecache - ...) + (reclaim - ...), wl taken last */
    sum = sat_add_u64(m->v[M_MEMFREE], pagecache - min_u64(pagecache / 2, wl));
    sum = sat_add_u64(sum, reclaim - min_u64(reclaim / 2, wl));
    return sum < wl ? -1 : clamp_i64(sum - wl);
}

int ostat__os_virtual_memory(ostat_ctx *ctx, struct ostat_virtual_memory *out)
{
    struct ostat__meminfo m;
    int64_t avail;
    int rc, k;

    if ((rc = read_meminfo(ctx, &m)) != 0) {
        return rc;
    }
    out->total = m.v[M_MEMTOTAL];
    out->valid = OSTAT_VIRTUAL_MEMORY_TOTAL;
    if (HAVE(&m, M_MEMFREE)) {
        out->free = m.v[M_MEMFREE];
        out->valid |= OSTAT_VIRTUAL_MEMORY_FREE;
    }
    if (HAVE(&m, M_BUFFERS)) {
        out->buffers = m.v[M_BUFFERS];
        out->valid |= OSTAT_VIRTUAL_MEMORY_BUFFERS;
    }
    if (HAVE(&m, M_CACHED)) {
        /* As procps >= 3.3.12: reclaimable slab counts as cache. */
        out->cached = m.v[M_CACHED] + m.v[M_SRECLAIMABLE];
        out->valid |= OSTAT_VIRTUAL_MEMORY_CACHED;
    }
    if (HAVE(&m, M_SHMEM) || HAVE(&m, M_MEMSHARED)) {
        out->shared = HAVE(&m, M_SHMEM) ? m.v[M_SHMEM] : m.v[M_MEMSHARED];
        out->valid |= OSTAT_VIRTUAL_MEMORY_SHARED;
    }
    if (HAVE(&m, M_ACTIVE)) {
        out->active = m.v[M_ACTIVE];
        out->valid |= OSTAT_VIRTUAL_MEMORY_ACTIVE;
    }
    if (HAVE(&m, M_INACTIVE)) {
        out->inactive = m.v[M_INACTIVE];
        out->valid |= OSTAT_VIRTUAL_MEMORY_INACTIVE;
    } else if (m.have & (1u << M_INACT_DIRTY | 1u << M_INACT_CLEAN |
                         1u << M_INACT_LAUNDRY)) {
        /* Linux 2.4 */
        out->inactive =
            m.v[M_INACT_DIRTY] + m.v[M_INACT_CLEAN] + m.v[M_INACT_LAUNDRY];
        out->valid |= OSTAT_VIRTUAL_MEMORY_INACTIVE;
    }
    if (HAVE(&m, M_SLAB)) {
        out->slab = m.v[M_SLAB];
        out->valid |= OSTAT_VIRTUAL_MEMORY_SLAB;
    }
    for (k = M_BUFFERS; k <= M_SHMEM; k++) {
        if (k != M_SRECLAIMABLE && !HAVE(&m, k)) {
            ostat__log(ctx, OSTAT_LOG_WARNING, "meminfo has no %s line",
                       mkeys[k].name);
        }
    }
    if (HAVE(&m, M_MEMAVAILABLE) && m.v[M_MEMAVAILABLE] != 0) {
        avail = clamp_i64(m.v[M_MEMAVAILABLE]);
    } else {
        avail = estimate_available(ctx, &m);
    }
    if (avail < 0) {
        avail = 0;
    }
    if ((uint64_t)avail > out->total) {
        /* LXC containers, or an estimate gone wrong (psutil does this). */
        avail = (int64_t)out->free;
    }
    out->available = (uint64_t)avail;
    out->used = out->total - out->available;
    out->percent =
        out->total ? (double)out->used / (double)out->total * 100 : 0;
    out->valid |= OSTAT_VIRTUAL_MEMORY_AVAILABLE | OSTAT_VIRTUAL_MEMORY_USED |
                  OSTAT_VIRTUAL_MEMORY_PERCENT;
    return 0;
}

/* pswpin and pswpout from /proc/vmstat, in pages. Only lines starting
 * "pswp" are looked at closely. */
static int read_vmstat_swap(ostat_ctx *ctx, uint64_t *in, uint64_t *out)
{
    const char *data, *p, *end, *eol;
    size_t len;
    int rc, line = 0, found = 0;

    if ((rc = ostat__lfile(ctx, OSTAT__LF_VMSTAT, OSTAT_ENOTSUP, &data,
                           &len)) != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end && found < 2; p = eol + 1) {
        uint64_t *dst = NULL;

        eol = ostat__eol(p, end);
        line++;
        if (eol - p < 7 || p[0] != 'p' || p[1] != 's' || p[2] != 'w' ||
            p[3] != 'p') {
            continue;
        }
        if (memcmp(p + 4, "in ", 3) == 0) {
            dst = in;
            p += 7;
        } else if (memcmp(p + 4, "out ", 4) == 0) {
            dst = out;
            p += 8;
        } else {
            continue;
        }
        if (ostat__scan_u64(&p, eol, dst) != 0 || !ostat__at_end(p, eol)) {
            return ostat__parse_err(ctx->procfs_root, "vmstat", line,
                                    "expected a number");
        }
        found++;
    }
    if (found < 2) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "vmstat has no pswpin/pswpout lines");
    }
    return 0;
}

int ostat__os_swap_memory(ostat_ctx *ctx, struct ostat_swap_memory *out)
{
    struct ostat__meminfo m;
    uint64_t pin = 0, pout = 0;
    int rc;

    /* meminfo first, so that a procfs root works (psutil #1015); on the
     * running system, sysinfo(2) when meminfo cannot tell. */
    rc = read_meminfo(ctx, &m);
    if (rc != 0 && !ctx->live) {
        return rc;
    }
    if (rc == 0 && HAVE(&m, M_SWAPTOTAL) && HAVE(&m, M_SWAPFREE)) {
        out->total = m.v[M_SWAPTOTAL];
        out->free = m.v[M_SWAPFREE];
    } else if (ctx->live) {
        struct sysinfo si;

        if (sysinfo(&si) != 0) {
            return ostat__err_errno(errno, OSTAT_EOS, "sysinfo");
        }
        out->total = (uint64_t)si.totalswap * si.mem_unit;
        out->free = (uint64_t)si.freeswap * si.mem_unit;
    } else {
        return rc ? rc
                  : ostat__parse_err(ctx->procfs_root, "meminfo", 0,
                                     "no SwapTotal or SwapFree line");
    }
    if (out->free > out->total) {
        out->free = out->total;
    }
    out->used = out->total - out->free;
    out->percent =
        out->total ? (double)out->used / (double)out->total * 100 : 0;
    out->valid = OSTAT_SWAP_MEMORY_TOTAL | OSTAT_SWAP_MEMORY_FREE |
                 OSTAT_SWAP_MEMORY_USED | OSTAT_SWAP_MEMORY_PERCENT;
    rc = read_vmstat_swap(ctx, &pin, &pout);
    if (rc == 0) {
        out->sin = pin * (uint64_t)ctx->page_size;
        out->sout = pout * (uint64_t)ctx->page_size;
        out->valid |= OSTAT_SWAP_MEMORY_SIN | OSTAT_SWAP_MEMORY_SOUT;
    } else if (rc == OSTAT_ENOTSUP) {
        ostat__log(ctx, OSTAT_LOG_WARNING,
                   "no swap-in/out counters in vmstat: sin and sout are not "
                   "valid");
    } else {
        return rc;
    }
    return 0;
}
