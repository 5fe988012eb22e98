/* SPDX-License-Identifier: MIT */
/* disk.c: the disk functions through the public API: argument checks, the
 * size-prefixed copy of their structs as older and newer headers declare
 * them, and list kinds. The data comes from a copy of the fixture tree
 * with disk files added; with the unsupported backend every call that
 * gets past its argument checks is OSTAT_ENOTSUP. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define UT_DISKSTATS                                                           \
    "   8       0 sda 100 2 800 30 40 5 640 70 1 90 100 6 0 48 7 8 9\n"        \
    "   8       1 sda1 90 2 720 25 30 5 480 60 0 80 85 6 0 48 7 0 0\n"

#define UT_MOUNTINFO                                                           \
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"                  \
    "23 22 0:21 / /proc rw,nosuid - proc proc rw\n"

#define UT_FILESYSTEMS "nodev\tproc\n\text4\n"

#define FILL_BYTE 0xA5

/* A private fixture with disk files, and a context reading it. */
static ostat_ctx *disk_ctx(char **dir)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;

    *dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(*dir);
    ck_assert_int_eq(ut_write_file(*dir, "proc/diskstats", UT_DISKSTATS,
                                   strlen(UT_DISKSTATS)),
                     0);
    ck_assert_int_eq(ut_write_file(*dir, "proc/self/mountinfo", UT_MOUNTINFO,
                                   strlen(UT_MOUNTINFO)),
                     0);
    ck_assert_int_eq(ut_write_file(*dir, "proc/filesystems", UT_FILESYSTEMS,
                                   strlen(UT_FILESYSTEMS)),
                     0);
    ck_assert_int_eq(ut_write_file(*dir, "sys/block/sda/dev", "8:0\n", 4), 0);
    o.host_prefix = *dir;
    ut_assert_rc(ostat_ctx_new(&o, &ctx), 0);
    return ctx;
}

static void disk_ctx_free(ostat_ctx *ctx, char *dir)
{
    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);
}

/* ---- argument checks ------------------------------------------------------
 */

START_TEST(test_disk_args)
{
    struct ostat_disk_io_counters io = OSTAT_DISK_IO_COUNTERS_INIT;
    struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    static int not_a_list;
    ostat_list *l;
    char *dir;
    ostat_ctx *ctx = disk_ctx(&dir);
    int pass;

    for (pass = 0; pass < 2; pass++) {
        ostat_ctx *c = pass ? NULL : ctx;

        ut_assert_rc(ostat_disk_partitions(c, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_disk_io_counters_perdisk(c, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_disk_io_counters(c, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_disk_usage(c, "/", NULL), OSTAT_EINVAL);
        /* The path is checked before the backend is asked. */
        u.valid = 1;
        ut_assert_rc(ostat_disk_usage(c, NULL, &u), OSTAT_EINVAL);
        ck_assert_uint_eq(u.valid, 0);
        ut_assert_rc(ostat_disk_usage(c, "", &u), OSTAT_EINVAL);
        /* Unknown flags, whatever the backend. */
        io.valid = 1;
        ut_assert_rc(ostat_disk_io_counters(c, 0x80000000u, &io), OSTAT_EINVAL);
        ck_assert_uint_eq(io.valid, 0);
        l = (ostat_list *)(void *)&not_a_list;
        ut_assert_rc(ostat_disk_io_counters_perdisk(c, 2, &l), OSTAT_EINVAL);
        ck_assert_ptr_null(l);
    }
    ut_assert_rc(ostat_list_disk_partition(NULL, 0, &p), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_disk_io_counters(NULL, 0, &io), OSTAT_EINVAL);

    /* A list of one kind read with another kind's accessor, or past its
     * end. */
    l = NULL;
    ut_assert_fixture_rc(ostat_disk_partitions(ctx, 0, &l));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(l), 1);
        ut_assert_rc(ostat_list_disk_io_counters(l, 0, &io), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_user(l, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_disk_partition(l, 1, &p), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_disk_partition(l, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_disk_partition(l, 0, &p), 0);
        ck_assert_str_eq(p.mountpoint, "/");
    } else {
        ck_assert_ptr_null(l);
    }
    ostat_list_free(l);
    l = NULL;
    ut_assert_fixture_rc(ostat_disk_io_counters_perdisk(ctx, 0, &l));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(l), 2);
        ut_assert_rc(ostat_list_disk_partition(l, 0, &p), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_disk_io_counters(l, 2, &io), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_disk_io_counters(l, 1, &io), 0);
        ck_assert_str_eq(io.name, "sda1");
    }
    ostat_list_free(l);
    disk_ctx_free(ctx, dir);
}
END_TEST

/* ---- the size-prefixed copy -----------------------------------------------
 */

/* Where each field of a struct ends, in valid-bit order. */
struct shape {
    const char *name;
    size_t size;
    int volatile_values; /* a live filesystem's usage moves */
    size_t nfields;
    size_t ends[24];
};

#define END(type, m) (offsetof(struct type, m) + sizeof(((struct type *)0)->m))

static const struct shape usage_shape = {
    "disk_usage",
    sizeof(struct ostat_disk_usage),
    1,
    4,
    { END(ostat_disk_usage, total), END(ostat_disk_usage, used),
      END(ostat_disk_usage, free), END(ostat_disk_usage, percent) },
};

static const struct shape partition_shape = {
    "disk_partition",
    sizeof(struct ostat_disk_partition),
    0,
    4,
    { END(ostat_disk_partition, device), END(ostat_disk_partition, mountpoint),
      END(ostat_disk_partition, fstype), END(ostat_disk_partition, opts) },
};

static const struct shape io_shape = {
    "disk_io_counters",
    sizeof(struct ostat_disk_io_counters),
    0,
    18,
    {
        END(ostat_disk_io_counters, read_count),
        END(ostat_disk_io_counters, write_count),
        END(ostat_disk_io_counters, read_bytes),
        END(ostat_disk_io_counters, write_bytes),
        END(ostat_disk_io_counters, read_time),
        END(ostat_disk_io_counters, write_time),
        END(ostat_disk_io_counters, read_merged_count),
        END(ostat_disk_io_counters, write_merged_count),
        END(ostat_disk_io_counters, busy_time),
        END(ostat_disk_io_counters, in_flight),
        END(ostat_disk_io_counters, weighted_time),
        END(ostat_disk_io_counters, discard_count),
        END(ostat_disk_io_counters, discard_merged_count),
        END(ostat_disk_io_counters, discard_bytes),
        END(ostat_disk_io_counters, discard_time),
        END(ostat_disk_io_counters, flush_count),
        END(ostat_disk_io_counters, flush_time),
        END(ostat_disk_io_counters, name),
    },
};

union room {
    long double align;
    uint64_t u;
    unsigned char b[512];
};

typedef int (*fill_fn)(ostat_ctx *ctx, void *arg, void *out);

static void prepare(union room *r, uint32_t size, unsigned char fill)
{
    memset(r, fill, sizeof(*r));
    memcpy(r->b, &size, sizeof(size));
}

static uint64_t valid_of(const union room *r)
{
    uint64_t v;

    memcpy(&v, r->b + offsetof(struct ostat_disk_usage, valid), sizeof(v));
    return v;
}

/* Fill structs of every size from the header alone to past this header's
 * struct: the library writes no more than the size, keeps the bits of the
 * fields that fit, copies their values and zeroes a newer caller's tail. */
static void sizes(const struct shape *s, fill_fn fill, ostat_ctx *ctx, void *a)
{
    const size_t header = offsetof(struct ostat_disk_usage, valid) + 8;
    union room ref, buf;
    uint64_t full, want;
    size_t size, i;

    prepare(&ref, (uint32_t)s->size, 0);
    ut_assert_rc(fill(ctx, a, &ref), 0);
    full = valid_of(&ref);
    ck_assert_msg(full != 0, "%s: nothing valid", s->name);
    for (size = header; size <= s->size + 40; size++) {
        prepare(&buf, (uint32_t)size, FILL_BYTE);
        ut_assert_rc(fill(ctx, a, &buf), 0);
        want = 0;
        for (i = 0; i < s->nfields; i++) {
            if (s->ends[i] <= size) {
                want |= full & OSTAT_BIT(i);
            }
        }
        ck_assert_msg(valid_of(&buf) == want, "%s: size %zu: valid 0x%llx",
                      s->name, size, (unsigned long long)valid_of(&buf));
        /* Every member of these structs is 8 bytes wide. */
        for (i = 0; i < s->nfields; i++) {
            size_t start = s->ends[i] - 8;

            if (!s->volatile_values && s->ends[i] <= size &&
                (full & OSTAT_BIT(i))) {
                ck_assert_msg(memcmp(buf.b + start, ref.b + start, 8) == 0,
                              "%s: size %zu: field %zu differs", s->name, size,
                              i);
            }
        }
        for (i = s->size; i < size; i++) {
            ck_assert_msg(buf.b[i] == 0, "%s: size %zu: tail byte %zu is 0x%x",
                          s->name, size, i, buf.b[i]);
        }
        for (i = size; i < sizeof(buf.b); i++) {
            ck_assert_msg(buf.b[i] == FILL_BYTE,
                          "%s: size %zu: byte %zu past the struct written",
                          s->name, size, i);
        }
    }
    /* Too small for size and valid: refused, nothing written. */
    prepare(&buf, (uint32_t)header - 1, FILL_BYTE);
    ut_assert_rc(fill(ctx, a, &buf), OSTAT_EINVAL);
    for (i = sizeof(uint32_t); i < sizeof(buf.b); i++) {
        ck_assert_uint_eq(buf.b[i], FILL_BYTE);
    }
}

static int fill_usage(ostat_ctx *ctx, void *arg, void *out)
{
    return ostat_disk_usage(ctx, arg, out);
}

static int fill_io_total(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_disk_io_counters(ctx, 0, out);
}

static int fill_io_element(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_disk_io_counters(arg, 1, out);
}

static int fill_partition(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_disk_partition(arg, 0, out);
}

START_TEST(test_disk_sizes)
{
    char *dir;
    ostat_ctx *ctx = disk_ctx(&dir);
    ostat_list *l = NULL;

    if (!UT_HAVE_BACKEND) {
        struct ostat_disk_io_counters io = OSTAT_DISK_IO_COUNTERS_INIT;
        struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;

        ut_assert_rc(ostat_disk_usage(ctx, dir, &u), OSTAT_ENOTSUP);
        ut_assert_rc(ostat_disk_io_counters(ctx, 0, &io), OSTAT_ENOTSUP);
        ut_assert_rc(ostat_disk_partitions(ctx, 1, &l), OSTAT_ENOTSUP);
        ck_assert_ptr_null(l);
        disk_ctx_free(ctx, dir);
        return;
    }
    sizes(&usage_shape, fill_usage, ctx, dir);
    sizes(&io_shape, fill_io_total, ctx, NULL);
    ut_assert_rc(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    sizes(&io_shape, fill_io_element, ctx, l);
    ostat_list_free(l);
    ut_assert_rc(ostat_disk_partitions(ctx, 1, &l), 0);
    sizes(&partition_shape, fill_partition, ctx, l);
    ostat_list_free(l);
    disk_ctx_free(ctx, dir);
}
END_TEST

/* A caller built against a header whose struct ended at busy_time (psutil's
 * nine fields) gets those, nothing past them. */
START_TEST(test_disk_io_older_caller)
{
    struct older {
        uint32_t size;
        uint64_t valid;
        uint64_t read_count, write_count, read_bytes, write_bytes, read_time,
            write_time, read_merged_count, write_merged_count, busy_time;
    };
    struct {
        struct older s;
        unsigned char guard[64];
    } o;
    char *dir;
    ostat_ctx *ctx = disk_ctx(&dir);
    size_t i;

    memset(&o, FILL_BYTE, sizeof(o));
    o.s.size = sizeof(o.s);
    ut_assert_fixture_rc(ostat_disk_io_counters(
        ctx, 0, (struct ostat_disk_io_counters *)(void *)&o.s));
    if (UT_HAVE_BACKEND) {
        /* "8 0 sda 100 2 800 30 40 5 640 70 1 90 100 ...": the total is
         * sda's. */
        ck_assert_uint_eq(o.s.valid, OSTAT_BIT(9) - 1);
        ck_assert_uint_eq(o.s.read_count, 100);
        ck_assert_uint_eq(o.s.write_count, 40);
        ck_assert_uint_eq(o.s.read_bytes, 800 * 512);
        ck_assert_uint_eq(o.s.write_bytes, 640 * 512);
        ck_assert_uint_eq(o.s.read_time, 30);
        ck_assert_uint_eq(o.s.write_time, 70);
        ck_assert_uint_eq(o.s.read_merged_count, 2);
        ck_assert_uint_eq(o.s.write_merged_count, 5);
        ck_assert_uint_eq(o.s.busy_time, 90);
    }
    for (i = 0; i < sizeof(o.guard); i++) {
        ck_assert_uint_eq(o.guard[i], FILL_BYTE);
    }
    disk_ctx_free(ctx, dir);
}
END_TEST

START_TEST(test_disk_init_macros)
{
    struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    struct ostat_disk_io_counters io = OSTAT_DISK_IO_COUNTERS_INIT;

    ck_assert_uint_eq(p.size, sizeof(p));
    ck_assert_uint_eq(u.size, sizeof(u));
    ck_assert_uint_eq(io.size, sizeof(io));
    ck_assert_uint_eq(p.valid | u.valid | io.valid, 0);
    ck_assert_ptr_null(io.name);
    ck_assert_uint_eq(offsetof(struct ostat_disk_io_counters, valid), 8);
    ck_assert_uint_eq(offsetof(struct ostat_disk_usage, valid), 8);
}
END_TEST

TCase *ut_disk_tcase(void)
{
    TCase *tc = tcase_create("disk");

    tcase_add_test(tc, test_disk_init_macros);
    tcase_add_test(tc, test_disk_args);
    tcase_add_test(tc, test_disk_sizes);
    tcase_add_test(tc, test_disk_io_older_caller);
    return tc;
}
