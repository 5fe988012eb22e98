/* SPDX-License-Identifier: MIT */
/* counter.c: the wrap-safe counter tracker of ostat/counter.h and the rule
 * that tells a wrap from a reset, which nowrap.c shares. */
#include <string.h>

#include "internal.h"

/* The largest value @width bits (1..64) hold, and half their range. */
#define WIDTH_MAX(width) (UINT64_MAX >> (64 - (width)))
#define WIDTH_HALF(width) ((uint64_t)1 << ((width)-1))

/* The decrease from @prev to @cur (< prev) as a wrap at @width bits: 1 and
 * the growth in *delta when it is one by the half-range rule, else 0. */
static int wrapped(uint64_t prev, uint64_t cur, unsigned width, uint64_t *delta)
{
    /* Both fit in width bits: the growth through 2^width is
     * 2^width - prev + cur, which is (cur - prev) modulo 2^width. */
    uint64_t d = (cur - prev) & WIDTH_MAX(width);

    if (prev > WIDTH_MAX(width) || d >= WIDTH_HALF(width)) {
        return 0;
    }
    *delta = d;
    return 1;
}

int32_t ostat__counter_judge(uint64_t prev_gen,
                             uint64_t gen,
                             uint64_t prev,
                             uint64_t cur,
                             unsigned width,
                             uint64_t *delta)
{
    if (gen != 0 && prev_gen != 0 && gen != prev_gen) {
        *delta = cur; /* re-created */
        return OSTAT_COUNTER_EVENT_RESET;
    }
    if (cur >= prev) {
        *delta = cur - prev;
        return OSTAT_COUNTER_EVENT_NORMAL;
    }
    if (width > 64 || (width != 0 && prev > WIDTH_MAX(width))) {
        width = 0; /* wider than declared: judge it as unknown */
    }
    if (width != 0
            ? wrapped(prev, cur, width, delta)
            : wrapped(prev, cur, 32, delta) || wrapped(prev, cur, 64, delta)) {
        return OSTAT_COUNTER_EVENT_WRAP;
    }
    *delta = cur; /* restarted from zero */
    return OSTAT_COUNTER_EVENT_RESET;
}

/* Every member but delta holds a value once a sample was given; delta from
 * the second on; generation once a non-zero one was given. */
#define STATE_BITS                                                             \
    (OSTAT_COUNTER_RAW | OSTAT_COUNTER_TOTAL | OSTAT_COUNTER_TOTAL_HIGH |      \
     OSTAT_COUNTER_WRAPS | OSTAT_COUNTER_RESETS | OSTAT_COUNTER_EVENT)

int ostat_counter_update(struct ostat_counter *counter,
                         uint64_t raw,
                         int32_t width,
                         uint64_t generation)
{
    struct ostat_counter s;
    uint32_t size;
    uint64_t delta;

    if (counter == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_counter_update: NULL counter");
    }
    /* The tracker's state is all of its members: a struct from older
     * headers would lack some. When the struct grows, the minimum stays
     * the size of version 1.2 and the new members start from zero. */
    memcpy(&size, counter, sizeof(size));
    if (size < sizeof(s)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_counter_update: size %u is smaller than "
                          "struct ostat_counter (%u); initialise it with "
                          "OSTAT_COUNTER_INIT",
                          (unsigned)size, (unsigned)sizeof(s));
    }
    if (width < 0 || width > 64) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_counter_update: width %d; want 1..64 bits, "
                          "or 0 when unknown",
                          (int)width);
    }
    memcpy(&s, counter, sizeof(s));
    if (!(s.valid & OSTAT_COUNTER_RAW)) {
        memset(&s, 0, sizeof(s));
        s.size = (uint32_t)sizeof(s);
        s.valid = STATE_BITS;
        s.total = raw;
        s.event = OSTAT_COUNTER_EVENT_FIRST;
    } else {
        s.event = ostat__counter_judge(
            (s.valid & OSTAT_COUNTER_GENERATION) ? s.generation : 0, generation,
            s.raw, raw, (unsigned)width, &delta);
        if (s.event == OSTAT_COUNTER_EVENT_WRAP) {
            s.wraps++;
        } else if (s.event == OSTAT_COUNTER_EVENT_RESET) {
            s.resets++;
        }
        s.delta = delta;
        s.total += delta;
        if (s.total < delta) {
            s.total_high++;
        }
        s.valid = (s.valid & OSTAT_COUNTER_GENERATION) | STATE_BITS |
                  OSTAT_COUNTER_DELTA;
    }
    s.raw = raw;
    if (generation != 0) {
        s.generation = generation;
        s.valid |= OSTAT_COUNTER_GENERATION;
    }
    ostat__copy_out(counter, &s, &ostat__layout_counter);
    return 0;
}
