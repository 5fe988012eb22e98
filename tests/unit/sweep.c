/* SPDX-License-Identifier: MIT */
/* sweep.c: a snapshot struct filled at every size from too small to larger
 * than this header's, as callers built against older and newer headers
 * declare it: the library writes at most `size` bytes, keeps only the
 * valid bits of the fields that fit, copies their values and zeroes what
 * it does not know. */
#include <stddef.h>
#include <string.h>

#include "unit.h"

/* The smallest accepted size: the size and valid members. */
#define HEADER_SIZE (offsetof(struct ostat_cpu_times, valid) + sizeof(uint64_t))

/* Room for any snapshot struct plus a tail, aligned for all of them. */
union room {
    long double align;
    uint64_t u;
    unsigned char b[512];
};

#define FILL_BYTE 0xA5

static uint32_t get_size(const union room *r)
{
    uint32_t v;

    memcpy(&v, r->b, sizeof(v));
    return v;
}

static uint64_t get_valid(const union room *r)
{
    uint64_t v;

    memcpy(&v, r->b + offsetof(struct ostat_cpu_times, valid), sizeof(v));
    return v;
}

static void prepare(union room *r, uint32_t size, unsigned char fill)
{
    memset(r, fill, sizeof(*r));
    memcpy(r->b, &size, sizeof(size));
}

uint64_t ut_layout_bits(const struct ut_layout *l)
{
    uint64_t bits = 0;
    size_t i;

    for (i = 0; i < l->nfields; i++) {
        bits |= l->f[i].bit;
    }
    return bits;
}

/* The valid bits of the fields that fit completely in @size bytes. */
static uint64_t bits_within(const struct ut_layout *l, size_t size)
{
    uint64_t bits = 0;
    size_t i;

    for (i = 0; i < l->nfields; i++) {
        if (l->f[i].end <= size) {
            bits |= l->f[i].bit;
        }
    }
    return bits;
}

void ut_sweep(const struct ut_layout *l,
              ut_fill_fn fill,
              ostat_ctx *ctx,
              void *arg,
              int want)
{
    static const uint32_t too_small[] = { 0, 1, 4, 8, HEADER_SIZE - 1 };
    union room ref, buf;
    uint64_t full_valid;
    size_t size, i;
    int rc;

    ck_assert_uint_le(l->size + 64, sizeof(buf.b));

    /* The reference: a struct of this header's size. */
    prepare(&ref, (uint32_t)l->size, 0);
    ut_assert_rc(fill(ctx, arg, &ref), want);
    full_valid = get_valid(&ref);
    ck_assert_msg((full_valid & ~ut_layout_bits(l)) == 0,
                  "%s: valid 0x%llx has bits beyond the struct's fields",
                  l->name, (unsigned long long)full_valid);
    if (want != 0) {
        ck_assert_msg(full_valid == 0, "%s: valid bits set on failure",
                      l->name);
    } else {
        ck_assert_msg(full_valid != 0, "%s: nothing valid", l->name);
    }

    for (size = HEADER_SIZE; size <= l->size + 48; size++) {
        uint64_t valid;

        prepare(&buf, (uint32_t)size, FILL_BYTE);
        rc = fill(ctx, arg, &buf);
        ck_assert_msg(rc == want, "%s: size %zu: got %s, want %s", l->name,
                      size, ostat_err_name(rc), ostat_err_name(want));
        ck_assert_uint_eq(get_size(&buf), size);
        valid = get_valid(&buf);
        if (rc != 0) {
            ck_assert_msg(valid == 0, "%s: size %zu: valid not cleared",
                          l->name, size);
        } else {
            ck_assert_msg(
                valid == (full_valid & bits_within(l, size)),
                "%s: size %zu: valid 0x%llx, want 0x%llx", l->name, size,
                (unsigned long long)valid,
                (unsigned long long)(full_valid & bits_within(l, size)));
            for (i = 0; i < l->nfields && !l->volatile_values; i++) {
                const struct ut_field *f = &l->f[i];

                if (f->end <= size && (valid & f->bit)) {
                    ck_assert_msg(memcmp(buf.b + f->start, ref.b + f->start,
                                         f->end - f->start) == 0,
                                  "%s: size %zu: field %zu differs", l->name,
                                  size, i);
                }
            }
            /* What a newer header appended is zeroed. */
            for (i = l->size; i < size; i++) {
                ck_assert_msg(buf.b[i] == 0,
                              "%s: size %zu: byte %zu of the newer tail is "
                              "0x%02x, not 0",
                              l->name, size, i, buf.b[i]);
            }
        }
        /* Nothing past size is touched. */
        for (i = size; i < sizeof(buf.b); i++) {
            ck_assert_msg(buf.b[i] == FILL_BYTE,
                          "%s: size %zu: byte %zu past the struct written",
                          l->name, size, i);
        }
    }

    /* Too small for the size and valid members: refused, nothing written. */
    for (i = 0; i < sizeof(too_small) / sizeof(too_small[0]); i++) {
        size_t j;

        prepare(&buf, too_small[i], FILL_BYTE);
        rc = fill(ctx, arg, &buf);
        ck_assert_msg(rc == OSTAT_EINVAL, "%s: size %u: got %s, want EINVAL",
                      l->name, (unsigned)too_small[i], ostat_err_name(rc));
        for (j = sizeof(uint32_t); j < sizeof(buf.b); j++) {
            ck_assert_msg(buf.b[j] == FILL_BYTE,
                          "%s: size %u: byte %zu written", l->name,
                          (unsigned)too_small[i], j);
        }
    }
}
