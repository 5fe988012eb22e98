/* SPDX-License-Identifier: MIT */
/* nowrap.c: wrap-safe totals for families of keyed counters. Placeholder:
 * raw values pass through until the counter tracker lands. */
#include "internal.h"

int ostat__nowrap_begin(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    (void)ctx;
    (void)family;
    return 0;
}

int ostat__nowrap_row(ostat_ctx *ctx,
                      enum ostat__nowrap_family family,
                      const char *key,
                      uint64_t generation,
                      uint64_t *vals,
                      const uint8_t *widths,
                      size_t n)
{
    (void)ctx;
    (void)family;
    (void)key;
    (void)generation;
    (void)vals;
    (void)widths;
    (void)n;
    return 0;
}

void ostat__nowrap_end(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    (void)ctx;
    (void)family;
}

void ostat__nowrap_free(ostat_ctx *ctx)
{
    (void)ctx;
}
