/* SPDX-License-Identifier: MIT */
/* ostat/counter.h: a wrap-safe counter tracker that tells a wrap from a
 * reset, and the switch that forgets the wrap-safe (nowrap) disk and network
 * totals of a context. */
#ifndef OSTAT_COUNTER_H
#define OSTAT_COUNTER_H

#include "common.h"

/*
 * A kernel counter (bytes sent, sectors read, milliseconds busy) grows until
 * it either wraps, passing 2^width and starting again from zero, or is
 * reset, because the device behind it was re-created, the driver reloaded or
 * the machine rebooted. Both show as a sample smaller than the one before.
 * psutil counts every such decrease as a wrap, which loses what the counter
 * gained between the last sample and the wrap point, and makes a reset
 * inflate the total for good. The tracker below tells the two apart.
 *
 * The rule, for a sample @c cur after a sample @c prev of a counter of
 * @c width bits (docs/conventions.md, "Counters"):
 *
 * - Generation: if @c cur comes with a non-zero generation that differs
 *   from the last non-zero one given before, the counter was re-created: a
 *   reset, whatever the values.
 * - @c cur >= @c prev: normal growth, delta = cur - prev.
 * - @c cur < @c prev, width known: had the counter wrapped, it would have
 *   grown by d = 2^width - prev + cur. That is a wrap when d is less than
 *   half the range (d < 2^(width-1)), and a reset otherwise, with
 *   delta = cur (the counter restarted from zero). So a 32-bit counter
 *   falling from 4,000,000,000 to 5 wrapped (d = 294,967,301), one falling
 *   from 1,000,000,000 to 5 was reset; a 64-bit counter falling from
 *   anything below 2^63 was reset.
 * - @c cur < @c prev, width unknown (0): the narrowest usual width under
 *   which the decrease is a wrap by the rule above: 32 bits if @c prev
 *   fits in them, else 64; if neither, a reset. A small counter that drops
 *   is therefore a reset, and one that was near 2^32 or 2^64 and comes back
 *   small is a wrap.
 * - A sample that does not fit in @c width shows that the counter is wider
 *   than declared: that step is judged as with width 0.
 *
 * Half the range is where a wrap and a restart are equally far-fetched.
 * Sample a counter often enough that it grows by less than half its range
 * between samples (a 32-bit byte counter at 1 Gbit/s: at least every 17
 * seconds) and every wrap is counted. A reset is mistaken for a wrap only
 * when the value before it was in the top half of the range (above
 * 2^(width-1) + cur), which for a 64-bit counter does not happen in
 * practice. Two wraps between samples cannot be seen by any rule. When the
 * device's identity is known (a NIC's ifindex, a disk's device number, a
 * boot id), pass it as the generation: resets are then exact.
 *
 * The tracker is a caller-allocated struct rather than an opaque handle so
 * that a program can keep one per counter, thousands of them, in its own
 * arrays without an allocation each, copy them, and start one afresh by
 * assigning OSTAT_COUNTER_INIT. The library keeps none of a tracker's state
 * anywhere else. It follows the rules of snapshot structs: @c size first
 * (set by OSTAT_COUNTER_INIT), @c valid second, members only ever appended,
 * and the library reads and writes no more than @c size bytes, zeroing what
 * it does not know of a larger (newer) struct.
 */

/** What the last sample given to a tracker was (struct ostat_counter). */
#define OSTAT_COUNTER_EVENT_FIRST 1  /**< the first: no delta yet */
#define OSTAT_COUNTER_EVENT_NORMAL 2 /**< grew (or stayed) */
#define OSTAT_COUNTER_EVENT_WRAP 3   /**< passed 2^width and went on */
#define OSTAT_COUNTER_EVENT_RESET 4  /**< restarted: counted from zero */

/**
 * The state of one counter's tracker and the result of its last update.
 * Initialise with OSTAT_COUNTER_INIT; afterwards only ostat_counter_update()
 * writes it. A member whose @c valid bit is clear holds no value: before the
 * first sample nothing is valid, and after it @c delta is not.
 */
struct ostat_counter {
    uint32_t size;
    uint64_t valid;
    uint64_t raw;        /**< the last raw sample */
    uint64_t generation; /**< the last non-zero generation given */
    uint64_t delta;      /**< growth since the sample before, wrap-safe */
    uint64_t total;      /**< monotonic total: the first sample plus every
                              delta since, modulo 2^64 (see total_high) */
    uint64_t total_high; /**< the total's bits above 64: the whole total is
                              total_high * 2^64 + total */
    uint64_t wraps;      /**< wraps seen */
    uint64_t resets;     /**< resets seen */
    int32_t event;       /**< the last sample: an OSTAT_COUNTER_EVENT_* */
};

#define OSTAT_COUNTER_RAW OSTAT_BIT(0)
#define OSTAT_COUNTER_GENERATION OSTAT_BIT(1)
#define OSTAT_COUNTER_DELTA OSTAT_BIT(2)
#define OSTAT_COUNTER_TOTAL OSTAT_BIT(3)
#define OSTAT_COUNTER_TOTAL_HIGH OSTAT_BIT(4)
#define OSTAT_COUNTER_WRAPS OSTAT_BIT(5)
#define OSTAT_COUNTER_RESETS OSTAT_BIT(6)
#define OSTAT_COUNTER_EVENT OSTAT_BIT(7)
#define OSTAT_COUNTER_INIT                                                     \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_counter), 0, 0, 0, 0, 0, 0, 0, 0, 0      \
    }

OSTAT_BEGIN_DECLS

/**
 * Give a tracker the next raw sample of its counter.
 *
 * The first sample sets @c total to @p raw, so that until the first wrap or
 * reset @c total equals the raw counter; @c event is
 * OSTAT_COUNTER_EVENT_FIRST and @c delta is not valid. Each later sample is
 * judged by the rule above: @c delta receives the growth since the previous
 * sample (0..2^64-1), @c total grows by it (carrying into @c total_high),
 * @c event says what happened, and @c wraps or @c resets count it.
 *
 * @param counter the tracker, set up with OSTAT_COUNTER_INIT: its @c size
 * must cover at least the members of version 1.2, all of which hold state.
 * @param raw the counter's value now, as the system gives it.
 * @param width the counter's width in bits (32 and 64 are the usual ones;
 * any of 1..64 is accepted), or 0 when unknown.
 * @param generation an identity of what the counter counts, 0 when unknown:
 * a change between two non-zero generations is a reset. A sample with 0
 * keeps the generation remembered from before.
 * @return 0, or OSTAT_EINVAL (NULL @p counter, a @c size too small, a
 * width outside 0..64), which leaves the tracker as it was: unlike a
 * snapshot struct's, its @c valid is not cleared.
 * @since 1.2
 */
OSTAT_API int ostat_counter_update(struct ostat_counter *counter,
                                   uint64_t raw,
                                   int32_t width,
                                   uint64_t generation);

/**
 * Forget the previous samples behind the wrap-safe ("nowrap") disk and
 * network counters of @p ctx, as psutil's cache_clear() of
 * disk_io_counters, net_io_counters and wrap_numbers. The next nowrap call
 * returns the raw values and tracking starts afresh from them. A device's
 * state is also dropped when a call no longer lists the device, and all of
 * it with the context.
 * @return 0, or OSTAT_EINVAL for a NULL @p ctx.
 * @since 1.2
 */
OSTAT_API int ostat_nowrap_reset(ostat_ctx *ctx);

OSTAT_END_DECLS

#endif
