/* SPDX-License-Identifier: MIT */
/* test_memory.c: memory and swap of this machine against free, vmstat,
 * /proc/meminfo and /proc/vmstat. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"

/* The value in row @row ("Mem:", "Swap:") and column @col ("total", ...) of
 * `free -b` output; columns are found by the header line. 0 or -1. */
static int
free_value(const char *out, const char *row, const char *col, uint64_t *v)
{
    const char *pos = out;
    char header[512], line[512], *tok, *save = NULL;
    int idx = -1, i = 0;

    if (!live_next_line(&pos, header, sizeof(header))) {
        return -1;
    }
    for (tok = strtok_r(header, " \t", &save); tok != NULL;
         tok = strtok_r(NULL, " \t", &save), i++) {
        if (strcmp(tok, col) == 0) {
            idx = i;
        }
    }
    if (idx < 0) {
        return -1;
    }
    while (live_next_line(&pos, line, sizeof(line))) {
        save = NULL;
        tok = strtok_r(line, " \t", &save);
        if (tok == NULL || strcmp(tok, row) != 0) {
            continue;
        }
        for (i = 0; (tok = strtok_r(NULL, " \t", &save)) != NULL; i++) {
            if (i == idx) {
                return sscanf(tok, "%" SCNu64, v) == 1 ? 0 : -1;
            }
        }
        return -1;
    }
    return -1;
}

/* 1 if `free` computes used as total - available (procps-ng >= 4.0.1). */
static int free_used_is_total_minus_available(void)
{
    char *out = live_run("free -V");
    int a = 0, b = 0, c = 0, ok = 0;
    const char *p;

    if (out != NULL && (p = strstr(out, "procps-ng ")) != NULL &&
        sscanf(p + 10, "%d.%d.%d", &a, &b, &c) >= 2) {
        ok = a > 4 || (a == 4 && (b > 0 || c >= 1));
    }
    free(out);
    return ok;
}

/* Append "<what> ostat X, tool Y" to @msg when |a - b| > @tol. */
static int near(char *msg,
                size_t size,
                const char *what,
                uint64_t ours,
                uint64_t theirs,
                uint64_t tol)
{
    size_t len = strlen(msg);

    if (live_absdiff(ours, theirs) <= tol) {
        return 1;
    }
    snprintf(msg + len, size - len, "%s: ostat %" PRIu64 ", tool %" PRIu64 "; ",
             what, ours, theirs);
    return 0;
}

/* ---- virtual memory ------------------------------------------------------ */

START_TEST(virtual_memory_invariants)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    const uint64_t need = OSTAT_VIRTUAL_MEMORY_TOTAL |
                          OSTAT_VIRTUAL_MEMORY_AVAILABLE |
                          OSTAT_VIRTUAL_MEMORY_PERCENT |
                          OSTAT_VIRTUAL_MEMORY_USED | OSTAT_VIRTUAL_MEMORY_FREE;

    ck_assert_int_eq(ostat_virtual_memory(ctx, &m), 0);
    ostat_ctx_free(ctx);
    ck_assert_uint_eq(m.valid & need, need);
    ck_assert(m.total > 0);
    /* Every byte count is part of the total. */
    ck_assert(m.available <= m.total);
    ck_assert(m.used <= m.total);
    ck_assert(m.free <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_ACTIVE) || m.active <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_INACTIVE) ||
              m.inactive <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_BUFFERS) ||
              m.buffers <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_CACHED) || m.cached <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_SHARED) || m.shared <= m.total);
    ck_assert(!(m.valid & OSTAT_VIRTUAL_MEMORY_SLAB) || m.slab <= m.total);
    /* used = total - available, and percent is that share: exact up to
     * rounding (1e-6 %). */
    ck_assert(m.used == m.total - m.available);
    ck_assert(m.percent >= 0 && m.percent <= 100);
    ck_assert_msg(fabs(m.percent - (double)(m.total - m.available) /
                                       (double)m.total * 100) < 1e-6,
                  "percent %f", m.percent);
}
END_TEST

/* One comparison with `free -b`; 0 if it matched, else -1 with @msg. */
static int vm_vs_free(ostat_ctx *ctx, int check_used, char *msg, size_t size)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    uint64_t v;
    char *out = live_run("free -b");
    int ok = 1;

    msg[0] = '\0';
    if (out == NULL) {
        snprintf(msg, size, "free -b failed");
        return -1;
    }
    if (ostat_virtual_memory(ctx, &m) != 0) {
        snprintf(msg, size, "ostat_virtual_memory failed");
        free(out);
        return -1;
    }
    /* total: exact. */
    if (free_value(out, "Mem:", "total", &v) != 0) {
        snprintf(msg, size, "no total in: %s", live_flat(out));
        free(out);
        return -1;
    }
    ok &= near(msg, size, "total", m.total, v, 0);
    /* free, shared, buff/cache, available and used: within 16 MiB. procps
     * computes buff/cache as Buffers + Cached + SReclaimable, our buffers +
     * cached. */
    if (free_value(out, "Mem:", "free", &v) == 0) {
        ok &= near(msg, size, "free", m.free, v, LIVE_MEM_TOL);
    }
    if (free_value(out, "Mem:", "shared", &v) == 0) {
        ok &= near(msg, size, "shared", m.shared, v, LIVE_MEM_TOL);
    }
    if (free_value(out, "Mem:", "buff/cache", &v) == 0) {
        ok &= near(msg, size, "buff/cache", m.buffers + m.cached, v,
                   LIVE_MEM_TOL);
    }
    if (free_value(out, "Mem:", "available", &v) == 0) {
        ok &= near(msg, size, "available", m.available, v, LIVE_MEM_TOL);
    }
    /* procps >= 4.0.1 computes used = total - available, as we do. */
    if (check_used && free_value(out, "Mem:", "used", &v) == 0) {
        ok &= near(msg, size, "used", m.used, v, LIVE_MEM_TOL);
    }
    free(out);
    return ok ? 0 : -1;
}

START_TEST(virtual_memory_vs_free)
{
    ostat_ctx *ctx;
    char msg[1024] = "";
    int i, ok = 0, used;

    if (!live_have_tool("free")) {
        return; /* procps is not installed */
    }
    ctx = live_ctx();
    used = free_used_is_total_minus_available();
    /* Memory moves while other programs run: retry a few times. */
    for (i = 0; i < LIVE_RETRIES && !ok; i++) {
        ok = vm_vs_free(ctx, used, msg, sizeof(msg)) == 0;
        if (!ok) {
            live_sleep(0.2);
        }
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(ok, "free -b: %s", msg);
}
END_TEST

static int vm_vs_vmstat(ostat_ctx *ctx, char *msg, size_t size)
{
    static const struct {
        const char *label;
        size_t off;
        uint64_t tol;
    } rows[] = {
        /* total: exact; the others within 16 MiB. */
        { "total memory", offsetof(struct ostat_virtual_memory, total), 0 },
        { "free memory", offsetof(struct ostat_virtual_memory, free),
          LIVE_MEM_TOL },
        { "active memory", offsetof(struct ostat_virtual_memory, active),
          LIVE_MEM_TOL },
        { "inactive memory", offsetof(struct ostat_virtual_memory, inactive),
          LIVE_MEM_TOL },
        { "buffer memory", offsetof(struct ostat_virtual_memory, buffers),
          LIVE_MEM_TOL },
    };
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    char *out = live_run("vmstat -s");
    size_t i;
    int ok = 1;

    msg[0] = '\0';
    if (out == NULL) {
        snprintf(msg, size, "vmstat -s failed");
        return -1;
    }
    if (ostat_virtual_memory(ctx, &m) != 0) {
        snprintf(msg, size, "ostat_virtual_memory failed");
        free(out);
        return -1;
    }
    for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint64_t v, ours;

        if (live_vmstat_s(out, rows[i].label, &v) != 0) {
            snprintf(msg, size, "no \"%s\" in vmstat -s", rows[i].label);
            free(out);
            return -1;
        }
        memcpy(&ours, (const char *)&m + rows[i].off, sizeof(ours));
        /* vmstat -s prints KiB. */
        ok &= near(msg, size, rows[i].label, ours, v * 1024, rows[i].tol);
    }
    free(out);
    return ok ? 0 : -1;
}

START_TEST(virtual_memory_vs_vmstat)
{
    ostat_ctx *ctx;
    char msg[1024] = "";
    int i, ok = 0;

    if (!live_have_tool("vmstat")) {
        return; /* procps is not installed */
    }
    ctx = live_ctx();
    for (i = 0; i < LIVE_RETRIES && !ok; i++) {
        ok = vm_vs_vmstat(ctx, msg, sizeof(msg)) == 0;
        if (!ok) {
            live_sleep(0.2);
        }
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(ok, "vmstat -s: %s", msg);
}
END_TEST

/* The "<key>:  N kB" value of /proc/meminfo in bytes; 0 or -1. */
static int meminfo(const char *text, const char *key, uint64_t *v)
{
    const char *pos = text;
    char line[256];
    size_t kl = strlen(key);

    while (live_next_line(&pos, line, sizeof(line))) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ':' &&
            sscanf(line + kl + 1, "%" SCNu64, v) == 1) {
            if (strstr(line, "kB") != NULL) {
                *v *= 1024;
            }
            return 0;
        }
    }
    return -1;
}

static int vm_vs_meminfo(ostat_ctx *ctx, char *msg, size_t size)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    uint64_t v, w;
    char *text;
    int ok = 1;

    msg[0] = '\0';
    if (ostat_virtual_memory(ctx, &m) != 0) {
        snprintf(msg, size, "ostat_virtual_memory failed");
        return -1;
    }
    text = live_read_file("/proc/meminfo");
    if (text == NULL) {
        snprintf(msg, size, "cannot read /proc/meminfo");
        return -1;
    }
    /* MemTotal exact; the others within 16 MiB. cached is Cached +
     * SReclaimable, as procps >= 3.3.12 and psutil. */
    if (meminfo(text, "MemTotal", &v) == 0) {
        ok &= near(msg, size, "MemTotal", m.total, v, 0);
    }
    if (meminfo(text, "MemAvailable", &v) == 0 && v > 0) {
        ok &= near(msg, size, "MemAvailable", m.available, v, LIVE_MEM_TOL);
    }
    if (meminfo(text, "Buffers", &v) == 0) {
        ok &= near(msg, size, "Buffers", m.buffers, v, LIVE_MEM_TOL);
    }
    if (meminfo(text, "Cached", &v) == 0) {
        if (meminfo(text, "SReclaimable", &w) == 0) {
            v += w;
        }
        ok &= near(msg, size, "Cached+SReclaimable", m.cached, v, LIVE_MEM_TOL);
    }
    if (meminfo(text, "Shmem", &v) == 0) {
        ok &= near(msg, size, "Shmem", m.shared, v, LIVE_MEM_TOL);
    }
    if (meminfo(text, "Slab", &v) == 0) {
        ok &= near(msg, size, "Slab", m.slab, v, LIVE_MEM_TOL);
    }
    free(text);
    return ok ? 0 : -1;
}

START_TEST(virtual_memory_vs_meminfo)
{
    ostat_ctx *ctx = live_ctx();
    char msg[1024] = "";
    int i, ok = 0;

    for (i = 0; i < LIVE_RETRIES && !ok; i++) {
        ok = vm_vs_meminfo(ctx, msg, sizeof(msg)) == 0;
        if (!ok) {
            live_sleep(0.2);
        }
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(ok, "/proc/meminfo: %s", msg);
}
END_TEST

/* ---- swap ---------------------------------------------------------------- */

START_TEST(swap_invariants)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    const uint64_t need = OSTAT_SWAP_MEMORY_TOTAL | OSTAT_SWAP_MEMORY_USED |
                          OSTAT_SWAP_MEMORY_FREE | OSTAT_SWAP_MEMORY_PERCENT;

    ck_assert_int_eq(ostat_swap_memory(ctx, &sw), 0);
    ostat_ctx_free(ctx);
    ck_assert_uint_eq(sw.valid & need, need);
    ck_assert(sw.used <= sw.total);
    ck_assert(sw.free <= sw.total);
    ck_assert(sw.used + sw.free == sw.total);
    ck_assert(sw.percent >= 0 && sw.percent <= 100);
    /* No swap: nothing free, 0 %. */
    if (sw.total == 0) {
        ck_assert(sw.free == 0);
        ck_assert(sw.used == 0);
        ck_assert(sw.percent == 0);
    } else {
        ck_assert(fabs(sw.percent - (double)sw.used / (double)sw.total * 100) <
                  1e-6);
    }
}
END_TEST

static int swap_vs_free(ostat_ctx *ctx, char *msg, size_t size)
{
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    char *out = live_run("free -b");
    uint64_t v;
    int ok = 1;

    msg[0] = '\0';
    if (out == NULL) {
        snprintf(msg, size, "free -b failed");
        return -1;
    }
    if (ostat_swap_memory(ctx, &sw) != 0) {
        snprintf(msg, size, "ostat_swap_memory failed");
        free(out);
        return -1;
    }
    if (free_value(out, "Swap:", "total", &v) != 0) {
        snprintf(msg, size, "no Swap total in: %s", live_flat(out));
        free(out);
        return -1;
    }
    /* total exact; used and free within 16 MiB. */
    ok &= near(msg, size, "total", sw.total, v, 0);
    if (free_value(out, "Swap:", "used", &v) == 0) {
        ok &= near(msg, size, "used", sw.used, v, LIVE_MEM_TOL);
    }
    if (free_value(out, "Swap:", "free", &v) == 0) {
        ok &= near(msg, size, "free", sw.free, v, LIVE_MEM_TOL);
    }
    free(out);
    return ok ? 0 : -1;
}

START_TEST(swap_vs_free_b)
{
    ostat_ctx *ctx;
    char msg[1024] = "";
    int i, ok = 0;

    if (!live_have_tool("free")) {
        return; /* procps is not installed */
    }
    ctx = live_ctx();
    for (i = 0; i < LIVE_RETRIES && !ok; i++) {
        ok = swap_vs_free(ctx, msg, sizeof(msg)) == 0;
        if (!ok) {
            live_sleep(0.2);
        }
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(ok, "free -b: %s", msg);
}
END_TEST

START_TEST(swap_in_out)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    uint64_t in1, out1, in2, out2, page = (uint64_t)sysconf(_SC_PAGESIZE);
    char *before, *after;
    int rc;

    before = live_read_file("/proc/vmstat");
    rc = ostat_swap_memory(ctx, &sw);
    after = live_read_file("/proc/vmstat");
    ostat_ctx_free(ctx);
    ck_assert_int_eq(rc, 0);
    if (before == NULL || after == NULL ||
        live_key_u64(before, "pswpin", &in1) != 0 ||
        live_key_u64(before, "pswpout", &out1) != 0 ||
        live_key_u64(after, "pswpin", &in2) != 0 ||
        live_key_u64(after, "pswpout", &out2) != 0) {
        /* No counters (kernels without swap support): not valid. */
        free(before);
        free(after);
        ck_assert(!(sw.valid & OSTAT_SWAP_MEMORY_SIN));
        ck_assert(!(sw.valid & OSTAT_SWAP_MEMORY_SOUT));
        return;
    }
    free(before);
    free(after);
    ck_assert(sw.valid & OSTAT_SWAP_MEMORY_SIN);
    ck_assert(sw.valid & OSTAT_SWAP_MEMORY_SOUT);
    /* pswpin/pswpout x the page size, from reads just before and after:
     * ostat's value lies between them (exact when nothing swaps). */
    ck_assert_msg(in1 * page <= sw.sin && sw.sin <= in2 * page,
                  "sin %" PRIu64 " not in [%" PRIu64 ", %" PRIu64 "]", sw.sin,
                  in1 * page, in2 * page);
    ck_assert_msg(out1 * page <= sw.sout && sw.sout <= out2 * page,
                  "sout %" PRIu64 " not in [%" PRIu64 ", %" PRIu64 "]", sw.sout,
                  out1 * page, out2 * page);
}
END_TEST

void live_add_memory(Suite *s)
{
    TCase *tc = tcase_create("memory");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, virtual_memory_invariants);
    tcase_add_test(tc, virtual_memory_vs_free);
    tcase_add_test(tc, virtual_memory_vs_vmstat);
    tcase_add_test(tc, virtual_memory_vs_meminfo);
    tcase_add_test(tc, swap_invariants);
    tcase_add_test(tc, swap_vs_free_b);
    tcase_add_test(tc, swap_in_out);
    suite_add_tcase(s, tc);
}
