/* SPDX-License-Identifier: MIT */
/* nowrap.c: the keyed, wrap-safe counters behind psutil's nowrap=True
 * (abi/src/nowrap.c), through the internal scan API that the disk and
 * network code use: begin, one row per key, end. This program links the
 * library's static copy, and wraps malloc, calloc and realloc (ld --wrap)
 * to count the library's allocations and to make them fail.
 *
 * Expected values are worked out by hand with the rule of ostat/counter.h;
 * psutil's own vectors (reference §3.4) are reproduced where the rule
 * agrees with psutil, and the differences are named where it does not. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define DISK OSTAT__NOWRAP_DISK
#define NET OSTAT__NOWRAP_NET

/* Compare return codes, naming both in the failure message. */
#define assert_rc(rc, want)                                                    \
    do {                                                                       \
        int rc_ = (rc), want_ = (want);                                        \
        ck_assert_msg(rc_ == want_, "%s: got %s (%d), want %s (%d)", #rc,      \
                      ostat_err_name(rc_), rc_, ostat_err_name(want_), want_); \
    } while (0)

/* The allocation hooks ---------------------------------------------------- */

#ifdef UT_ALLOC_HOOKS
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *ptr, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);

/* Only the library's calls made through the *_watched helpers below are
 * counted or made to fail: the test's own allocations, and libcheck's
 * (which Debian links statically), are not. */
static int watching;
static unsigned long allocations;
static long fail_in = -1; /* fail the allocation after this many, -1 never */

static int fail_now(void)
{
    if (!watching || fail_in < 0) {
        return 0;
    }
    if (fail_in == 0) {
        fail_in = -1;
        return 1;
    }
    fail_in--;
    return 0;
}

void *__wrap_malloc(size_t size)
{
    if (fail_now()) {
        return NULL;
    }
    allocations += (unsigned long)watching;
    return __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (fail_now()) {
        return NULL;
    }
    allocations += (unsigned long)watching;
    return __real_calloc(n, size);
}

void *__wrap_realloc(void *ptr, size_t size)
{
    if (fail_now()) {
        return NULL;
    }
    allocations += (unsigned long)watching;
    return __real_realloc(ptr, size);
}

static int begin_watched(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    int rc;

    watching = 1;
    rc = ostat__nowrap_begin(ctx, family);
    watching = 0;
    return rc;
}

static int row_watched(ostat_ctx *ctx,
                       enum ostat__nowrap_family family,
                       const char *key,
                       uint64_t generation,
                       uint64_t *vals,
                       const uint8_t *widths,
                       size_t n)
{
    int rc;

    watching = 1;
    rc = ostat__nowrap_row(ctx, family, key, generation, vals, widths, n);
    watching = 0;
    return rc;
}

static void end_watched(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    watching = 1;
    ostat__nowrap_end(ctx, family);
    watching = 0;
}
#endif

/* Helpers ------------------------------------------------------------------ */

static ostat_ctx *new_ctx(void)
{
    ostat_ctx *ctx = NULL;

    assert_rc(ostat_ctx_new(NULL, &ctx), 0);
    return ctx;
}

/* One row of three counters; checks the values it gives back. */
struct row3 {
    const char *key;
    uint64_t generation;
    uint64_t in[3];
    uint64_t want[3];
};

static void scan3(ostat_ctx *ctx,
                  int family,
                  const uint8_t *widths,
                  const struct row3 *rows,
                  size_t nrows,
                  const char *what)
{
    uint64_t v[3];
    size_t r, i;

    assert_rc(ostat__nowrap_begin(ctx, family), 0);
    for (r = 0; r < nrows; r++) {
        memcpy(v, rows[r].in, sizeof(v));
        assert_rc(ostat__nowrap_row(ctx, family, rows[r].key,
                                    rows[r].generation, v, widths, 3),
                  0);
        for (i = 0; i < 3; i++) {
            ck_assert_msg(v[i] == rows[r].want[i],
                          "%s: %s[%zu] is %llu, want %llu", what, rows[r].key,
                          i, (unsigned long long)v[i],
                          (unsigned long long)rows[r].want[i]);
        }
    }
    ostat__nowrap_end(ctx, family);
}

/* The same values in and out: a first sample, or no change since. */
#define SAME(key, a, b, c)                                                     \
    {                                                                          \
        key, 0, { a, b, c },                                                   \
        {                                                                      \
            a, b, c                                                            \
        }                                                                      \
    }
#define ROW(key, gen, a, b, c, x, y, z)                                        \
    {                                                                          \
        key, gen, { a, b, c },                                                 \
        {                                                                      \
            x, y, z                                                            \
        }                                                                      \
    }

/* psutil's vectors --------------------------------------------------------- */

/* reference §3.4, key disk1, widths unknown. psutil counts each drop as a
 * wrap and adds the value before it; for these small values the rule says
 * reset and counts on from the new value, which gives the same totals. */
START_TEST(test_nowrap_psutil_disk1)
{
    ostat_ctx *ctx = new_ctx();
    static const struct row3 steps[][1] = {
        { SAME("disk1", 100, 100, 100) },
        { ROW("disk1", 0, 100, 100, 10, 100, 100, 110) },
        { ROW("disk1", 0, 100, 100, 10, 100, 100, 110) },
        { ROW("disk1", 0, 100, 100, 90, 100, 100, 190) },
        { ROW("disk1", 0, 100, 100, 20, 100, 100, 210) },
        { ROW("disk1", 0, 50, 100, 20, 150, 100, 210) },
        { ROW("disk1", 0, 40, 100, 20, 190, 100, 210) },
    };
    char what[32];
    size_t i;

    for (i = 0; i < LEN(steps); i++) {
        snprintf(what, sizeof(what), "sample %zu", i);
        scan3(ctx, DISK, NULL, steps[i], 1, what);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* psutil's changing keys: disk2 drops (110), vanishes, and comes back with
 * 100, which is returned raw: what it had is forgotten. disk1 is tracked
 * throughout. */
START_TEST(test_nowrap_psutil_changing_keys)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("disk1", 50, 50, 50),
                               SAME("disk2", 100, 100, 100) };
    const struct row3 s2[] = { SAME("disk1", 50, 50, 50),
                               ROW("disk2", 0, 100, 100, 10, 100, 100, 110) };
    const struct row3 s3[] = { SAME("disk1", 50, 50, 50) };
    const struct row3 s4[] = { SAME("disk1", 50, 50, 50),
                               SAME("disk2", 100, 100, 100) };
    const struct row3 s5[] = { ROW("disk1", 0, 50, 50, 60, 50, 50, 60),
                               ROW("disk2", 0, 100, 100, 10, 100, 100, 110) };

    scan3(ctx, DISK, NULL, s1, LEN(s1), "both");
    scan3(ctx, DISK, NULL, s2, LEN(s2), "disk2 drops");
    scan3(ctx, DISK, NULL, s3, LEN(s3), "disk2 gone");
    scan3(ctx, DISK, NULL, s4, LEN(s4), "disk2 back");
    scan3(ctx, DISK, NULL, s5, LEN(s5), "disk2 drops again");
    ostat_ctx_free(ctx);
}
END_TEST

/* psutil's real-data vector: nvme0n1's first field goes 300 -> 100, and
 * psutil's new key appearing in the second call is returned raw. */
START_TEST(test_nowrap_psutil_real_data)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("nvme0n1", 300, 0, 0) };
    const struct row3 s2[] = { ROW("nvme0n1", 0, 100, 0, 0, 400, 0, 0),
                               SAME("nvme0n1p1", 80, 0, 0) };

    scan3(ctx, DISK, NULL, s1, LEN(s1), "first");
    scan3(ctx, DISK, NULL, s2, LEN(s2), "second");
    ostat_ctx_free(ctx);
}
END_TEST

/* Where the rule and psutil part. psutil would give 4294967200 for the
 * 32-bit wrap (losing the 296 up to 2^32), and 1500 for the re-created NIC
 * (growth 1000 -> 1500) instead of 1000 + 1500. */
START_TEST(test_nowrap_psutil_differences)
{
    static const uint8_t w32[3] = { 32, 32, 32 };
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("eth0", 4294967000u, 5, 5),
                               ROW("veth0", 7, 1000, 5, 5, 1000, 5, 5) };
    const struct row3 s2[] = {
        ROW("eth0", 0, 200, 5, 5, UINT64_C(4294967496), 5, 5),
        ROW("veth0", 8, 1500, 5, 5, 2500, 10, 10),
    };

    scan3(ctx, NET, w32, s1, LEN(s1), "first");
    scan3(ctx, NET, w32, s2, LEN(s2), "wrap and re-creation");
    ostat_ctx_free(ctx);
}
END_TEST

/* The rule through the scans --------------------------------------------------
 */

/* Several keys with mixed widths, rows in a different order in each scan:
 * per counter, a 32-bit wrap, a 64-bit wrap, an unknown-width wrap, and
 * resets where a wrap would be implausible. */
START_TEST(test_nowrap_several_keys)
{
    static const uint8_t widths[3] = { 32, 64, 0 };
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = {
        SAME("sda", 4294967000u, UINT64_C(18446744073709551515), 4294967286u),
        SAME("sdb", 1000000000, UINT64_C(1000000000000), 1000000000),
        SAME("sdc", 1, 2, 3),
    };
    const struct row3 s2[] = {
        ROW("sdc", 0, 11, 12, 13, 11, 12, 13),
        /* 32: 296 + 200; 64: 101 + 50, which takes the total past 2^64
         * to 50; unknown, as 32: 10 + 5 */
        ROW("sda", 0, 200, 50, 5, UINT64_C(4294967496), 50,
            UINT64_C(4294967301)),
        /* resets: each restarted from zero */
        ROW("sdb", 0, 5, 7, 9, 1000000005, UINT64_C(1000000000007), 1000000009),
    };
    const struct row3 s3[] = {
        ROW("sdb", 0, 6, 8, 10, 1000000006, UINT64_C(1000000000008),
            1000000010),
        ROW("sda", 0, 300, 60, 25, UINT64_C(4294967596), 60,
            UINT64_C(4294967321)),
        ROW("sdc", 0, 11, 12, 13, 11, 12, 13),
    };

    scan3(ctx, DISK, widths, s1, LEN(s1), "first");
    scan3(ctx, DISK, widths, s2, LEN(s2), "second");
    scan3(ctx, DISK, widths, s3, LEN(s3), "third");
    ostat_ctx_free(ctx);
}
END_TEST

/* A 32-bit counter wrapping again and again across many scans. */
START_TEST(test_nowrap_many_wraps)
{
    static const uint8_t widths[1] = { 32 };
    ostat_ctx *ctx = new_ctx();
    uint64_t truth = 0, v;
    int i;

    for (i = 0; i < 100; i++) {
        assert_rc(ostat__nowrap_begin(ctx, NET), 0);
        v = truth & 0xFFFFFFFFu;
        assert_rc(ostat__nowrap_row(ctx, NET, "eth0", 2, &v, widths, 1), 0);
        ostat__nowrap_end(ctx, NET);
        ck_assert_msg(v == truth, "scan %d: %llu, want %llu", i,
                      (unsigned long long)v, (unsigned long long)truth);
        truth += 1500000000; /* about 0.35 of the range per scan */
    }
    ck_assert_uint_gt(truth >> 32, 30);
    ostat_ctx_free(ctx);
}
END_TEST

/* A new generation is a reset of every counter of the key, even those that
 * grew; generation 0 keeps the last one. */
START_TEST(test_nowrap_generation)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { ROW("eth0", 3, 100, 200, 300, 100, 200, 300) };
    const struct row3 s2[] = { ROW("eth0", 3, 150, 250, 350, 150, 250, 350) };
    const struct row3 s3[] = { ROW("eth0", 4, 10, 500, 0, 160, 750, 350) };
    const struct row3 s4[] = { ROW("eth0", 0, 20, 510, 5, 170, 760, 355) };
    const struct row3 s5[] = { ROW("eth0", 4, 30, 520, 6, 180, 770, 356) };
    const struct row3 s6[] = { ROW("eth0", 5, 1, 2, 3, 181, 772, 359) };

    scan3(ctx, NET, NULL, s1, 1, "generation 3");
    scan3(ctx, NET, NULL, s2, 1, "generation 3 again");
    scan3(ctx, NET, NULL, s3, 1, "generation 4");
    scan3(ctx, NET, NULL, s4, 1, "generation unknown");
    scan3(ctx, NET, NULL, s5, 1, "generation 4 again");
    scan3(ctx, NET, NULL, s6, 1, "generation 5");
    ostat_ctx_free(ctx);
}
END_TEST

/* A key missing from a scan is forgotten: when it returns its values pass
 * through raw, so a NIC re-created under the same name starts afresh. The
 * others keep their totals. */
START_TEST(test_nowrap_key_vanishes_and_returns)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("lo", 100, 100, 100),
                               SAME("eth0", 100, 100, 100) };
    const struct row3 s2[] = { ROW("lo", 0, 10, 10, 10, 110, 110, 110),
                               ROW("eth0", 0, 10, 10, 10, 110, 110, 110) };
    const struct row3 s3[] = { ROW("lo", 0, 20, 20, 20, 120, 120, 120) };
    const struct row3 s4[] = { ROW("lo", 0, 30, 30, 30, 130, 130, 130),
                               SAME("eth0", 5, 5, 5) };
    const struct row3 s5[] = { ROW("lo", 0, 30, 30, 30, 130, 130, 130),
                               ROW("eth0", 0, 6, 4, 5, 6, 9, 5) };

    scan3(ctx, NET, NULL, s1, LEN(s1), "both");
    scan3(ctx, NET, NULL, s2, LEN(s2), "both reset");
    scan3(ctx, NET, NULL, s3, LEN(s3), "eth0 gone");
    scan3(ctx, NET, NULL, s4, LEN(s4), "eth0 back");
    scan3(ctx, NET, NULL, s5, LEN(s5), "eth0 tracked again");
    ostat_ctx_free(ctx);
}
END_TEST

/* A scan begun again without an end (its caller failed half-way) forgets
 * nothing: a key it did not reach keeps its totals. */
START_TEST(test_nowrap_abandoned_scan)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("a", 100, 100, 100),
                               SAME("b", 100, 100, 100) };
    const struct row3 s3[] = { ROW("a", 0, 30, 30, 30, 130, 130, 130),
                               ROW("b", 0, 20, 20, 20, 120, 120, 120) };
    uint64_t v[3] = { 10, 10, 10 };

    scan3(ctx, DISK, NULL, s1, LEN(s1), "first");
    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "a", 0, v, NULL, 3), 0);
    ck_assert_uint_eq(v[0], 110);
    /* no end */
    scan3(ctx, DISK, NULL, s3, LEN(s3), "after the abandoned scan");
    ostat_ctx_free(ctx);
}
END_TEST

/* Disks and NICs are tracked apart, even under the same key. */
START_TEST(test_nowrap_families_apart)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 d1[] = { SAME("x", 100, 100, 100) };
    const struct row3 n1[] = { SAME("x", 500, 500, 500) };
    const struct row3 d2[] = { ROW("x", 0, 10, 10, 10, 110, 110, 110) };
    const struct row3 n2[] = { ROW("x", 0, 10, 10, 10, 510, 510, 510) };
    const struct row3 n3[] = { SAME("y", 1, 1, 1) };
    const struct row3 d3[] = { ROW("x", 0, 20, 20, 20, 120, 120, 120) };

    scan3(ctx, DISK, NULL, d1, 1, "disk");
    scan3(ctx, NET, NULL, n1, 1, "net");
    scan3(ctx, DISK, NULL, d2, 1, "disk drop");
    scan3(ctx, NET, NULL, n2, 1, "net drop");
    /* A NIC scan without x does not forget the disk x. */
    scan3(ctx, NET, NULL, n3, 1, "net without x");
    scan3(ctx, DISK, NULL, d3, 1, "disk after");
    ostat_ctx_free(ctx);
}
END_TEST

/* ostat_nowrap_reset() forgets everything: raw values come back. */
START_TEST(test_nowrap_reset)
{
    ostat_ctx *ctx = new_ctx();
    const struct row3 s1[] = { SAME("sda", 100, 100, 100) };
    const struct row3 s2[] = { ROW("sda", 0, 10, 10, 10, 110, 110, 110) };
    const struct row3 s3[] = { SAME("sda", 20, 20, 20) };
    const struct row3 s4[] = { ROW("sda", 0, 10, 10, 10, 30, 30, 30) };
    const struct row3 n1[] = { SAME("eth0", 100, 100, 100) };
    const struct row3 n2[] = { SAME("eth0", 10, 10, 10) };

    scan3(ctx, DISK, NULL, s1, 1, "first");
    scan3(ctx, NET, NULL, n1, 1, "net first");
    scan3(ctx, DISK, NULL, s2, 1, "drop");
    assert_rc(ostat_nowrap_reset(ctx), 0);
    scan3(ctx, DISK, NULL, s3, 1, "after the reset");
    scan3(ctx, NET, NULL, n2, 1, "net after the reset");
    scan3(ctx, DISK, NULL, s4, 1, "tracked again");
    assert_rc(ostat_nowrap_reset(ctx), 0);
    assert_rc(ostat_nowrap_reset(ctx), 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* Names as the system gives them: spaces, newlines, invalid UTF-8, one a
 * prefix of another, and the empty string are all distinct keys. */
START_TEST(test_nowrap_odd_keys)
{
    static const char *const keys[] = {
        "sda", "sda1", "sd", "", "my disk", "x\ny", "\xff\xfe", "a\"b",
    };
    ostat_ctx *ctx = new_ctx();
    uint64_t v;
    size_t i;
    int scan;

    for (scan = 0; scan < 3; scan++) {
        assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
        for (i = 0; i < LEN(keys); i++) {
            /* Each key drops from 1000 + i to i: a reset adds i. */
            v = scan == 0 ? 1000 + i : i;
            assert_rc(ostat__nowrap_row(ctx, DISK, keys[i], 0, &v, NULL, 1), 0);
            ck_assert_uint_eq(v, 1000 + i + (scan == 0 ? 0 : i));
        }
        ostat__nowrap_end(ctx, DISK);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* Thousands of keys: the table grows, and after half of them vanish the
 * rest are still found, and the vanished ones start afresh. */
START_TEST(test_nowrap_many_keys)
{
    enum { N = 5000 };
    ostat_ctx *ctx = new_ctx();
    char key[32];
    uint64_t v;
    int scan, i;

    for (scan = 0; scan < 4; scan++) {
        assert_rc(ostat__nowrap_begin(ctx, NET), 0);
        for (i = 0; i < N; i++) {
            if (scan == 2 && i % 2 == 1) {
                continue; /* the odd keys vanish */
            }
            snprintf(key, sizeof(key), "veth%d", i);
            /* 1000 + i, then a drop to 1 each scan: each reset adds 1 */
            v = scan == 0 ? (uint64_t)(1000 + i) : 1;
            assert_rc(ostat__nowrap_row(ctx, NET, key, 0, &v, NULL, 1), 0);
            if (scan == 0 || (scan == 3 && i % 2 == 1)) {
                ck_assert_uint_eq(v, scan == 0 ? (uint64_t)(1000 + i) : 1);
            } else if (scan == 1) {
                ck_assert_uint_eq(v, (uint64_t)(1000 + i + 1));
            } else {
                /* scan 2: a drop from 1 to 1 is no change */
                ck_assert_uint_eq(v, (uint64_t)(1000 + i + 1));
            }
        }
        ostat__nowrap_end(ctx, NET);
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* Another number of counters for a key: it starts afresh. No counters at
 * all is fine too. */
START_TEST(test_nowrap_counters_change)
{
    ostat_ctx *ctx = new_ctx();
    uint64_t v[4] = { 100, 100, 100, 100 };

    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sdb", 0, NULL, NULL, 0), 0);
    ostat__nowrap_end(ctx, DISK);

    v[0] = v[1] = v[2] = v[3] = 10;
    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 4), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sdb", 0, NULL, NULL, 0), 0);
    ostat__nowrap_end(ctx, DISK);
    ck_assert_uint_eq(v[0], 10);
    ck_assert_uint_eq(v[3], 10);

    v[0] = v[1] = v[2] = v[3] = 5;
    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 4), 0);
    ostat__nowrap_end(ctx, DISK);
    ck_assert_uint_eq(v[0], 15);
    ck_assert_uint_eq(v[3], 15);
    ostat_ctx_free(ctx);
}
END_TEST

/* Misuse is OSTAT_EINVAL and leaves the values and the state alone. */
START_TEST(test_nowrap_errors)
{
    static const uint8_t bad[3] = { 32, 65, 64 };
    ostat_ctx *ctx = new_ctx();
    uint64_t v[3] = { 100, 100, 100 };
    const ostat_error *e;

    /* outside a scan: before any, and after one ended */
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), OSTAT_EINVAL);
    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), 0);
    ostat__nowrap_end(ctx, DISK);
    v[2] = 10;
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), OSTAT_EINVAL);
    ck_assert_uint_eq(v[2], 10);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, "outside a scan"));

    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    /* a width above 64 */
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, bad, 3), OSTAT_EINVAL);
    ck_assert_uint_eq(v[2], 10);
    /* bad arguments */
    assert_rc(ostat__nowrap_row(NULL, DISK, "sda", 0, v, NULL, 3),
              OSTAT_EINVAL);
    assert_rc(ostat__nowrap_row(ctx, DISK, NULL, 0, v, NULL, 3), OSTAT_EINVAL);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, NULL, NULL, 3),
              OSTAT_EINVAL);
    assert_rc(ostat__nowrap_row(ctx, (enum ostat__nowrap_family)7, "sda", 0, v,
                                NULL, 3),
              OSTAT_EINVAL);
    /* the row, then the same key again in the same scan */
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), 0);
    ck_assert_uint_eq(v[2], 110);
    v[2] = 20;
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), OSTAT_EINVAL);
    ck_assert_uint_eq(v[2], 20);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, "twice"));
    ostat__nowrap_end(ctx, DISK);
    /* the state is as the good row left it */
    assert_rc(ostat__nowrap_begin(ctx, DISK), 0);
    assert_rc(ostat__nowrap_row(ctx, DISK, "sda", 0, v, NULL, 3), 0);
    ck_assert_uint_eq(v[2], 120);
    ostat__nowrap_end(ctx, DISK);

    assert_rc(ostat__nowrap_begin(NULL, DISK), OSTAT_EINVAL);
    assert_rc(ostat__nowrap_begin(ctx, OSTAT__NOWRAP_N), OSTAT_EINVAL);
    /* harmless: end without a begin, twice, NULL */
    ostat__nowrap_end(ctx, NET);
    ostat__nowrap_end(ctx, DISK);
    ostat__nowrap_end(NULL, DISK);
    ostat__nowrap_free(NULL);
    ostat_ctx_free(ctx);
}
END_TEST

#ifdef UT_ALLOC_HOOKS
/* In steady state (the same keys as the scan before) a scan allocates
 * nothing, nor does forgetting keys. */
START_TEST(test_nowrap_steady_state_allocates_nothing)
{
    static const uint8_t widths[8] = { 64, 64, 64, 64, 32, 32, 32, 0 };
    ostat_ctx *ctx = new_ctx();
    uint64_t v[8];
    char key[16];
    unsigned long before = 0;
    int scan, i, j;

    for (scan = 0; scan < 12; scan++) {
        if (scan == 2) {
            before = allocations;
        }
        assert_rc(begin_watched(ctx, NET), 0);
        for (i = 0; i < 300; i++) {
            if (scan >= 10 && i >= 150) {
                break; /* half of them vanish */
            }
            snprintf(key, sizeof(key), "eth%d", i);
            for (j = 0; j < 8; j++) {
                v[j] = (uint64_t)(scan * 1000 + i + j);
            }
            assert_rc(row_watched(ctx, NET, key, (uint64_t)i + 1, v, widths, 8),
                      0);
            ck_assert_uint_eq(v[7], (uint64_t)(scan * 1000 + i + 7));
        }
        end_watched(ctx, NET);
    }
    ck_assert_msg(allocations == before, "%lu allocations in steady state",
                  allocations - before);
    ostat_ctx_free(ctx);
}
END_TEST

/* Out of memory: OSTAT_ENOMEM, the values untouched; the key is tracked
 * as new once memory is back, and the others are not disturbed. */
START_TEST(test_nowrap_out_of_memory)
{
    ostat_ctx *ctx = new_ctx();
    uint64_t v[3] = { 100, 100, 100 }, w[3];
    char key[16];
    int k, i;

    fail_in = 0;
    assert_rc(begin_watched(ctx, DISK), OSTAT_ENOMEM);
    assert_rc(begin_watched(ctx, DISK), 0);
    assert_rc(row_watched(ctx, DISK, "a", 0, v, NULL, 3), 0);
    for (k = 0; k < 15; k++) {
        snprintf(key, sizeof(key), "k%d", k);
        w[0] = w[1] = w[2] = 7;
        assert_rc(row_watched(ctx, DISK, key, 0, w, NULL, 3), 0);
    }
    /* The 17th key grows the key array, then the table, then needs its
     * record: fail the first (the array), then the second (the table; the
     * array has grown), then the second again (the record; the table has
     * grown), then let it through. */
    for (i = 0; i < 4; i++) {
        fail_in = i == 0 ? 0 : i < 3 ? 1 : -1;
        w[0] = w[1] = w[2] = 7;
        assert_rc(row_watched(ctx, DISK, "k15", 0, w, NULL, 3),
                  i < 3 ? OSTAT_ENOMEM : 0);
        ck_assert_uint_eq(w[0], 7);
        fail_in = -1;
    }
    end_watched(ctx, DISK);

    /* What got in is tracked. A key whose number of counters changes needs
     * a new record: when that fails the row can be tried again. */
    v[0] = v[1] = v[2] = 10;
    assert_rc(begin_watched(ctx, DISK), 0);
    assert_rc(row_watched(ctx, DISK, "a", 0, v, NULL, 3), 0);
    ck_assert_uint_eq(v[0], 110);
    fail_in = 0;
    w[0] = w[1] = w[2] = 5;
    assert_rc(row_watched(ctx, DISK, "k0", 0, w, NULL, 2), OSTAT_ENOMEM);
    ck_assert_uint_eq(w[0], 5);
    fail_in = -1;
    assert_rc(row_watched(ctx, DISK, "k0", 0, w, NULL, 2), 0);
    ck_assert_uint_eq(w[0], 5); /* a first sample */
    for (k = 1; k < 16; k++) {
        snprintf(key, sizeof(key), "k%d", k);
        w[0] = w[1] = w[2] = 5;
        assert_rc(row_watched(ctx, DISK, key, 0, w, NULL, 3), 0);
        ck_assert_uint_eq(w[0], 12); /* 7 -> 5: a reset */
    }
    end_watched(ctx, DISK);
    ostat_ctx_free(ctx);
}
END_TEST
#endif

static Suite *nowrap_suite(void)
{
    Suite *s = suite_create("nowrap");
    TCase *psutil = tcase_create("psutil");
    TCase *rule = tcase_create("scans");

    tcase_add_test(psutil, test_nowrap_psutil_disk1);
    tcase_add_test(psutil, test_nowrap_psutil_changing_keys);
    tcase_add_test(psutil, test_nowrap_psutil_real_data);
    tcase_add_test(psutil, test_nowrap_psutil_differences);
    suite_add_tcase(s, psutil);

    tcase_add_test(rule, test_nowrap_several_keys);
    tcase_add_test(rule, test_nowrap_many_wraps);
    tcase_add_test(rule, test_nowrap_generation);
    tcase_add_test(rule, test_nowrap_key_vanishes_and_returns);
    tcase_add_test(rule, test_nowrap_abandoned_scan);
    tcase_add_test(rule, test_nowrap_families_apart);
    tcase_add_test(rule, test_nowrap_reset);
    tcase_add_test(rule, test_nowrap_odd_keys);
    tcase_add_test(rule, test_nowrap_many_keys);
    tcase_add_test(rule, test_nowrap_counters_change);
    tcase_add_test(rule, test_nowrap_errors);
#ifdef UT_ALLOC_HOOKS
    tcase_add_test(rule, test_nowrap_steady_state_allocates_nothing);
    tcase_add_test(rule, test_nowrap_out_of_memory);
#endif
    suite_add_tcase(s, rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(nowrap_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
