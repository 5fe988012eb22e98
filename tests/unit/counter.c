/* SPDX-License-Identifier: MIT */
/* counter.c: the wrap-safe counter tracker of ostat/counter.h, specified by
 * test vectors. Each expected delta and total is worked out by hand from
 * the rule in the header: a decrease is a wrap when the growth it implies,
 * 2^width - prev + cur, is below half the range, a reset (counting on from
 * the new value) otherwise, and a change of non-zero generation is always
 * a reset. */
#include <string.h>

#include "unit.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

#define FIRST OSTAT_COUNTER_EVENT_FIRST
#define NORMAL OSTAT_COUNTER_EVENT_NORMAL
#define WRAP OSTAT_COUNTER_EVENT_WRAP
#define RESET OSTAT_COUNTER_EVENT_RESET

#define P32 UINT64_C(4294967296)          /* 2^32 */
#define P31 UINT64_C(2147483648)          /* 2^31 */
#define P63 UINT64_C(9223372036854775808) /* 2^63 */

struct step {
    uint64_t raw;
    uint64_t generation;
    int32_t event;
    uint64_t delta; /* not checked after FIRST, where it is not valid */
    uint64_t total;
    uint64_t total_high;
};

struct vector {
    const char *what;
    int32_t width;
    size_t nsteps;
    struct step steps[8];
};

static const struct vector vectors[] = {
    { "first sample, growth, no change",
      64,
      3,
      {
          { 1000, 0, FIRST, 0, 1000, 0 },
          { 1500, 0, NORMAL, 500, 1500, 0 },
          { 1500, 0, NORMAL, 0, 1500, 0 },
      } },
    { "first sample of zero",
      32,
      2,
      {
          { 0, 0, FIRST, 0, 0, 0 },
          { 7, 0, NORMAL, 7, 7, 0 },
      } },
    { "32-bit wrap",
      32,
      3,
      {
          { 4294967000u, 0, FIRST, 0, 4294967000u, 0 },
          /* 296 to reach 2^32, then 200 */
          { 200, 0, WRAP, 496, UINT64_C(4294967496), 0 },
          { 1200, 0, NORMAL, 1000, UINT64_C(4294968496), 0 },
      } },
    { "32-bit wrap from the largest value to zero",
      32,
      2,
      {
          { 4294967295u, 0, FIRST, 0, 4294967295u, 0 },
          { 0, 0, WRAP, 1, P32, 0 },
      } },
    { "32-bit: growth of 2^31 - 1 through the top is a wrap",
      32,
      2,
      {
          { P31 + 1, 0, FIRST, 0, P31 + 1, 0 },
          { 0, 0, WRAP, P31 - 1, P32, 0 },
      } },
    { "32-bit: growth of 2^31 through the top is a reset",
      32,
      2,
      {
          { P31, 0, FIRST, 0, P31, 0 },
          { 0, 0, RESET, 0, P31, 0 },
      } },
    { "32-bit reset: a wrap would have grown 3,294,967,301",
      32,
      3,
      {
          { 1000000000, 0, FIRST, 0, 1000000000, 0 },
          { 5, 0, RESET, 5, 1000000005, 0 },
          { 10, 0, NORMAL, 5, 1000000010, 0 },
      } },
    { "64-bit wrap near 2^64: the total carries into total_high",
      64,
      3,
      {
          { UINT64_C(18446744073709551515), 0, FIRST, 0,
            UINT64_C(18446744073709551515), 0 }, /* 2^64 - 101 */
          { 50, 0, WRAP, 151, 50, 1 },           /* 2^64 + 50 */
          { 100, 0, NORMAL, 50, 100, 1 },
      } },
    { "64-bit: growth of 2^63 - 1 through the top is a wrap",
      64,
      2,
      {
          { P63 + 1, 0, FIRST, 0, P63 + 1, 0 },
          { 0, 0, WRAP, P63 - 1, 0, 1 },
      } },
    { "64-bit: growth of 2^63 through the top is a reset",
      64,
      2,
      {
          { P63, 0, FIRST, 0, P63, 0 },
          { 0, 0, RESET, 0, P63, 0 },
      } },
    { "64-bit reset",
      64,
      3,
      {
          { UINT64_C(1000000000000), 0, FIRST, 0, UINT64_C(1000000000000), 0 },
          { 7, 0, RESET, 7, UINT64_C(1000000000007), 0 },
          { 8, 0, NORMAL, 1, UINT64_C(1000000000008), 0 },
      } },
    { "generation change",
      64,
      7,
      {
          { 100, 1, FIRST, 0, 100, 0 },
          { 200, 1, NORMAL, 100, 200, 0 },
          /* re-created: a reset even though the value grew */
          { 300, 2, RESET, 300, 500, 0 },
          /* unknown this time: generation 2 is kept */
          { 400, 0, NORMAL, 100, 600, 0 },
          /* the same generation and a drop: the value rule decides */
          { 50, 2, RESET, 50, 650, 0 },
          { 60, 3, RESET, 60, 710, 0 },
          { 70, 3, NORMAL, 10, 720, 0 },
      } },
    { "generation known only from the second sample",
      32,
      3,
      {
          { 100, 0, FIRST, 0, 100, 0 },
          { 150, 9, NORMAL, 50, 150, 0 },
          { 160, 10, RESET, 160, 310, 0 },
      } },
    { "width unknown: near 2^32 and back is a 32-bit wrap",
      0,
      2,
      {
          { 4294967286u, 0, FIRST, 0, 4294967286u, 0 }, /* 2^32 - 10 */
          { 5, 0, WRAP, 15, UINT64_C(4294967301), 0 },
      } },
    { "width unknown: near 2^64 and back is a 64-bit wrap",
      0,
      2,
      {
          { UINT64_C(18446744073709551606), 0, FIRST, 0,
            UINT64_C(18446744073709551606), 0 }, /* 2^64 - 10 */
          { 5, 0, WRAP, 15, 5, 1 },
      } },
    { "width unknown: a drop in the low half of 32 bits is a reset",
      0,
      2,
      {
          { 1000000000, 0, FIRST, 0, 1000000000, 0 },
          { 5, 0, RESET, 5, 1000000005, 0 },
      } },
    { "width unknown: a drop from the top half of 32 bits is a wrap",
      0,
      2,
      {
          /* the documented blind spot: a reset from up here would be
           * counted as a wrap; only a generation tells */
          { 3000000000u, 0, FIRST, 0, 3000000000u, 0 },
          { 5, 0, WRAP, 1294967301, UINT64_C(4294967301), 0 },
      } },
    { "width unknown: a drop from above 32 bits is a reset",
      0,
      2,
      {
          { UINT64_C(1099511627776), 0, FIRST, 0, UINT64_C(1099511627776),
            0 }, /* 2^40 */
          { 5, 0, RESET, 5, UINT64_C(1099511627781), 0 },
      } },
    { "a value wider than the declared 32 bits",
      32,
      4,
      {
          { 4294967290u, 0, FIRST, 0, 4294967290u, 0 },
          { UINT64_C(4294967300), 0, NORMAL, 10, UINT64_C(4294967300), 0 },
          /* judged as width unknown: above 32 bits, not near 2^64 */
          { 3, 0, RESET, 3, UINT64_C(4294967303), 0 },
          { 4, 0, NORMAL, 1, UINT64_C(4294967304), 0 },
      } },
    { "8-bit counter",
      8,
      4,
      {
          { 250, 0, FIRST, 0, 250, 0 },
          { 10, 0, WRAP, 16, 266, 0 },
          { 5, 0, RESET, 5, 271, 0 }, /* a wrap would be 251 >= 128 */
          { 132, 0, NORMAL, 127, 398, 0 },
      } },
};

static void run_vector(const struct vector *v, struct ostat_counter *c)
{
    uint64_t wraps = 0, resets = 0;
    size_t i;

    for (i = 0; i < v->nsteps; i++) {
        const struct step *s = &v->steps[i];

        ck_assert_msg(
            ostat_counter_update(c, s->raw, v->width, s->generation) == 0,
            "%s, step %zu: update failed", v->what, i);
        wraps += s->event == WRAP;
        resets += s->event == RESET;
        ck_assert_msg(c->event == s->event, "%s, step %zu: event %d, want %d",
                      v->what, i, (int)c->event, (int)s->event);
        if (s->event == FIRST) {
            ck_assert_msg(!(c->valid & OSTAT_COUNTER_DELTA),
                          "%s, step %zu: delta valid on the first sample",
                          v->what, i);
        } else {
            ck_assert_msg(c->valid & OSTAT_COUNTER_DELTA,
                          "%s, step %zu: delta not valid", v->what, i);
            ck_assert_msg(c->delta == s->delta,
                          "%s, step %zu: delta %llu, want %llu", v->what, i,
                          (unsigned long long)c->delta,
                          (unsigned long long)s->delta);
        }
        ck_assert_msg(
            c->total == s->total && c->total_high == s->total_high,
            "%s, step %zu: total %llu:%llu, want %llu:%llu", v->what, i,
            (unsigned long long)c->total_high, (unsigned long long)c->total,
            (unsigned long long)s->total_high, (unsigned long long)s->total);
        ck_assert_msg(c->raw == s->raw, "%s, step %zu: raw", v->what, i);
        ck_assert_msg(c->wraps == wraps && c->resets == resets,
                      "%s, step %zu: %llu wraps and %llu resets, want %llu "
                      "and %llu",
                      v->what, i, (unsigned long long)c->wraps,
                      (unsigned long long)c->resets, (unsigned long long)wraps,
                      (unsigned long long)resets);
    }
}

START_TEST(test_counter_vectors)
{
    const struct vector *v = &vectors[_i];
    struct ostat_counter c = OSTAT_COUNTER_INIT;

    run_vector(v, &c);
}
END_TEST

/* psutil's wrap_numbers vectors (reference §3.4: three counters of disk1,
 * width unknown). psutil calls each drop a wrap and adds the value before
 * it; for these small values the rule says reset, which gives the same
 * totals: only the event differs. */
START_TEST(test_counter_psutil_vectors)
{
    static const uint64_t in[][3] = {
        { 100, 100, 100 }, { 100, 100, 10 }, { 100, 100, 10 }, { 100, 100, 90 },
        { 100, 100, 20 },  { 50, 100, 20 },  { 40, 100, 20 },
    };
    static const uint64_t want[][3] = {
        { 100, 100, 100 }, { 100, 100, 110 }, { 100, 100, 110 },
        { 100, 100, 190 }, { 100, 100, 210 }, { 150, 100, 210 },
        { 190, 100, 210 },
    };
    struct ostat_counter c[3] = { OSTAT_COUNTER_INIT, OSTAT_COUNTER_INIT,
                                  OSTAT_COUNTER_INIT };
    struct ostat_counter nvme = OSTAT_COUNTER_INIT;
    size_t i, j;

    for (i = 0; i < LEN(in); i++) {
        for (j = 0; j < 3; j++) {
            ut_assert_rc(ostat_counter_update(&c[j], in[i][j], 0, 0), 0);
            ck_assert_msg(c[j].total == want[i][j],
                          "sample %zu, field %zu: %llu, want %llu", i, j,
                          (unsigned long long)c[j].total,
                          (unsigned long long)want[i][j]);
        }
    }
    ck_assert_uint_eq(c[0].resets, 2);
    ck_assert_uint_eq(c[2].resets, 2);
    ck_assert_uint_eq(c[0].wraps + c[1].wraps + c[2].wraps, 0);
    ck_assert_uint_eq(c[1].resets, 0);

    /* The real-data vector: nvme0n1's first field goes 300 -> 100. */
    ut_assert_rc(ostat_counter_update(&nvme, 300, 0, 0), 0);
    ut_assert_rc(ostat_counter_update(&nvme, 100, 0, 0), 0);
    ck_assert_uint_eq(nvme.total, 400);
    ck_assert_int_eq(nvme.event, RESET);
}
END_TEST

/* Where we and psutil part: a real 32-bit wrap, and a device re-created
 * with a larger counter. */
START_TEST(test_counter_psutil_differences)
{
    struct ostat_counter c = OSTAT_COUNTER_INIT;

    /* psutil adds the value before the drop: 4294967000 + 200 =
     * 4294967200, losing the 296 counted up to 2^32. */
    ut_assert_rc(ostat_counter_update(&c, 4294967000u, 32, 0), 0);
    ut_assert_rc(ostat_counter_update(&c, 200, 32, 0), 0);
    ck_assert_uint_eq(c.total, UINT64_C(4294967496));

    /* psutil sees growth 1000 -> 1500 and reports 1500; the new device
     * counted 1500 from zero, so the total is 2500. */
    c = (struct ostat_counter)OSTAT_COUNTER_INIT;
    ut_assert_rc(ostat_counter_update(&c, 1000, 64, 11), 0);
    ut_assert_rc(ostat_counter_update(&c, 1500, 64, 12), 0);
    ck_assert_uint_eq(c.total, 2500);
    ck_assert_int_eq(c.event, RESET);
}
END_TEST

/* A counter of @bits bits (declared to the tracker as @width) sampled at a
 * steady pace of @step, wrapping many times: the total is always the true
 * count, kept here as two 64-bit words. */
static void steady(int32_t width, unsigned bits, uint64_t step, unsigned n)
{
    struct ostat_counter c = OSTAT_COUNTER_INIT;
    uint64_t mask = UINT64_MAX >> (64 - bits);
    uint64_t lo = 0, hi = 0, wraps = 0;
    unsigned i;

    for (i = 0; i < n; i++) {
        if (i > 0) {
            lo += step;
            hi += lo < step;
            wraps += (lo & mask) < ((lo - step) & mask);
        }
        ut_assert_rc(ostat_counter_update(&c, lo & mask, width, 0), 0);
        ck_assert_msg(c.total == lo && c.total_high == hi,
                      "%u bits, sample %u: total %llu:%llu, want %llu:%llu",
                      bits, i, (unsigned long long)c.total_high,
                      (unsigned long long)c.total, (unsigned long long)hi,
                      (unsigned long long)lo);
        if (i > 0) {
            ck_assert_uint_eq(c.delta, step);
            ck_assert_int_eq(
                c.event, (lo & mask) < ((lo - step) & mask) ? WRAP : NORMAL);
        }
    }
    ck_assert_uint_eq(c.wraps, wraps);
    ck_assert_uint_eq(c.resets, 0);
    ck_assert_uint_gt(c.wraps, 2);
}

START_TEST(test_counter_several_wraps)
{
    steady(8, 8, 100, 50);          /* 0, 100, 200, 44, 144, 244, 88, ... */
    steady(32, 32, 2000000000, 40); /* a wrap every two or three samples */
    steady(32, 32, P31 - 1, 40);    /* the largest growth still a wrap */
    steady(64, 64, UINT64_C(5) << 60, 40); /* past 2^64 several times */
    steady(0, 32, 2000000000, 20);         /* width unknown: 32-bit wraps */
    steady(0, 64, UINT64_C(5) << 60, 20);  /* width unknown: 64-bit wraps */
}
END_TEST

START_TEST(test_counter_init_and_valid_bits)
{
    struct ostat_counter c = OSTAT_COUNTER_INIT;
    const uint64_t state = OSTAT_COUNTER_RAW | OSTAT_COUNTER_TOTAL |
                           OSTAT_COUNTER_TOTAL_HIGH | OSTAT_COUNTER_WRAPS |
                           OSTAT_COUNTER_RESETS | OSTAT_COUNTER_EVENT;

    ck_assert_uint_eq(c.size, sizeof(struct ostat_counter));
    ck_assert_uint_eq(c.valid, 0);
    ck_assert_uint_eq(c.raw | c.generation | c.delta | c.total | c.total_high |
                          c.wraps | c.resets,
                      0);
    ck_assert_int_eq(c.event, 0);

    ut_assert_rc(ostat_counter_update(&c, 5, 32, 0), 0);
    ck_assert_uint_eq(c.valid, state);
    ut_assert_rc(ostat_counter_update(&c, 6, 32, 0), 0);
    ck_assert_uint_eq(c.valid, state | OSTAT_COUNTER_DELTA);
    ut_assert_rc(ostat_counter_update(&c, 7, 32, 42), 0);
    ck_assert_uint_eq(c.valid,
                      state | OSTAT_COUNTER_DELTA | OSTAT_COUNTER_GENERATION);
    ck_assert_uint_eq(c.generation, 42);
    ut_assert_rc(ostat_counter_update(&c, 8, 32, 0), 0);
    ck_assert_uint_eq(c.generation, 42);
    ck_assert_uint_ne(c.valid & OSTAT_COUNTER_GENERATION, 0);

    /* Assigning OSTAT_COUNTER_INIT starts afresh. */
    c = (struct ostat_counter)OSTAT_COUNTER_INIT;
    ut_assert_rc(ostat_counter_update(&c, 3, 32, 0), 0);
    ck_assert_int_eq(c.event, FIRST);
    ck_assert_uint_eq(c.total, 3);
    ck_assert_uint_eq(c.valid, state);
}
END_TEST

START_TEST(test_counter_copies_are_independent)
{
    struct ostat_counter a = OSTAT_COUNTER_INIT, b;

    ut_assert_rc(ostat_counter_update(&a, 100, 32, 0), 0);
    b = a;
    ut_assert_rc(ostat_counter_update(&a, 150, 32, 0), 0);
    ut_assert_rc(ostat_counter_update(&b, 130, 32, 0), 0);
    ck_assert_uint_eq(a.total, 150);
    ck_assert_uint_eq(b.total, 130);
    ck_assert_uint_eq(b.delta, 30);
}
END_TEST

START_TEST(test_counter_bad_args)
{
    struct ostat_counter c = OSTAT_COUNTER_INIT, before;
    const ostat_error *e;

    ut_assert_rc(ostat_counter_update(NULL, 1, 32, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_counter_update(&c, 100, 32, 0), 0);
    memcpy(&before, &c, sizeof(c));
    ut_assert_rc(ostat_counter_update(&c, 1, -1, 0), OSTAT_EINVAL);
    ut_assert_rc(ostat_counter_update(&c, 1, 65, 0), OSTAT_EINVAL);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->code, OSTAT_EINVAL);
    ck_assert_ptr_nonnull(strstr(e->message, "width 65"));
    ck_assert_int_eq(memcmp(&c, &before, sizeof(c)), 0);

    /* A size that does not cover the whole tracker. */
    c.size = (uint32_t)(sizeof(c) - 1);
    ut_assert_rc(ostat_counter_update(&c, 1, 32, 0), OSTAT_EINVAL);
    c.size = 0;
    ut_assert_rc(ostat_counter_update(&c, 1, 32, 0), OSTAT_EINVAL);
    c.size = before.size;
    ck_assert_int_eq(memcmp(&c, &before, sizeof(c)), 0);

    /* Widths of 1 and 64 bits are fine. */
    c = (struct ostat_counter)OSTAT_COUNTER_INIT;
    ut_assert_rc(ostat_counter_update(&c, 1, 1, 0), 0);
    ut_assert_rc(ostat_counter_update(&c, 0, 1, 0), 0);
    ck_assert_int_eq(c.event, RESET); /* a 1-bit wrap is never plausible */
}
END_TEST

/* A caller built against newer headers, whose struct has members this
 * library does not know: they are zeroed, their valid bits cleared, and
 * nothing past size is written. An exact-size struct has nothing written
 * past it either. */
START_TEST(test_counter_newer_and_exact_struct)
{
    struct newer {
        struct ostat_counter c;
        uint64_t future[3];
        unsigned char guard[16];
    } n;
    struct exact {
        struct ostat_counter c;
        unsigned char guard[16];
    } x;
    size_t i;

    memset(&n, 0xAA, sizeof(n));
    n.c.size = (uint32_t)offsetof(struct newer, guard);
    n.c.valid = 0;
    ut_assert_rc(ostat_counter_update(&n.c, 10, 32, 0), 0);
    n.c.valid |= OSTAT_BIT(8) | OSTAT_BIT(9); /* as a newer library would */
    ut_assert_rc(ostat_counter_update(&n.c, 15, 32, 0), 0);
    ck_assert_uint_eq(n.c.total, 15);
    ck_assert_uint_eq(n.c.delta, 5);
    ck_assert_uint_eq(n.c.valid & ~(uint64_t)0xFF, 0);
    for (i = 0; i < LEN(n.future); i++) {
        ck_assert_uint_eq(n.future[i], 0);
    }
    for (i = 0; i < sizeof(n.guard); i++) {
        ck_assert_uint_eq(n.guard[i], 0xAA);
    }

    memset(&x, 0x55, sizeof(x));
    x.c = (struct ostat_counter)OSTAT_COUNTER_INIT;
    ut_assert_rc(ostat_counter_update(&x.c, 10, 64, 0), 0);
    ut_assert_rc(ostat_counter_update(&x.c, 11, 64, 0), 0);
    for (i = 0; i < sizeof(x.guard); i++) {
        ck_assert_uint_eq(x.guard[i], 0x55);
    }
}
END_TEST

/* ostat_nowrap_reset needs a context; what it forgets is tested with the
 * nowrap scans (tests/unit/nowrap.c). */
START_TEST(test_nowrap_reset_args)
{
    ostat_ctx *ctx = NULL;

    ut_assert_rc(ostat_nowrap_reset(NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_ctx_new(NULL, &ctx), 0);
    ut_assert_rc(ostat_nowrap_reset(ctx), 0);
    ut_assert_rc(ostat_nowrap_reset(ctx), 0);
    ostat_ctx_free(ctx);
}
END_TEST

TCase *ut_counter_tcase(void)
{
    TCase *tc = tcase_create("counter");

    tcase_add_loop_test(tc, test_counter_vectors, 0, (int)LEN(vectors));
    tcase_add_test(tc, test_counter_psutil_vectors);
    tcase_add_test(tc, test_counter_psutil_differences);
    tcase_add_test(tc, test_counter_several_wraps);
    tcase_add_test(tc, test_counter_init_and_valid_bits);
    tcase_add_test(tc, test_counter_copies_are_independent);
    tcase_add_test(tc, test_counter_bad_args);
    tcase_add_test(tc, test_counter_newer_and_exact_struct);
    tcase_add_test(tc, test_nowrap_reset_args);
    return tc;
}
