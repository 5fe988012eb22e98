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
    static const struct ut_file files[] = {
        { "proc/diskstats", UT_DISKSTATS },
        { "proc/self/mountinfo", UT_MOUNTINFO },
        { "proc/filesystems", UT_FILESYSTEMS },
        { "sys/block/sda/dev", "8:0\n" },
    };

    return ut_copy_ctx(files, sizeof(files) / sizeof(files[0]), dir);
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
    ut_copy_ctx_free(ctx, dir);
}
END_TEST

/* ---- the size-prefixed copy -----------------------------------------------
 */

static const struct ut_layout usage_layout = {
    "disk_usage",
    sizeof(struct ostat_disk_usage),
    1, /* a live filesystem's usage moves */
    4,
    {
        UT_FIELD(ostat_disk_usage, OSTAT_DISK_USAGE_TOTAL, total),
        UT_FIELD(ostat_disk_usage, OSTAT_DISK_USAGE_USED, used),
        UT_FIELD(ostat_disk_usage, OSTAT_DISK_USAGE_FREE, free),
        UT_FIELD(ostat_disk_usage, OSTAT_DISK_USAGE_PERCENT, percent),
    },
};

static const struct ut_layout partition_layout = {
    "disk_partition",
    sizeof(struct ostat_disk_partition),
    0,
    4,
    {
        UT_FIELD(ostat_disk_partition, OSTAT_DISK_PARTITION_DEVICE, device),
        UT_FIELD(
            ostat_disk_partition, OSTAT_DISK_PARTITION_MOUNTPOINT, mountpoint),
        UT_FIELD(ostat_disk_partition, OSTAT_DISK_PARTITION_FSTYPE, fstype),
        UT_FIELD(ostat_disk_partition, OSTAT_DISK_PARTITION_OPTS, opts),
    },
};

static const struct ut_layout io_layout = {
    "disk_io_counters",
    sizeof(struct ostat_disk_io_counters),
    0,
    18,
    {
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_READ_COUNT,
                 read_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_WRITE_COUNT,
                 write_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_READ_BYTES,
                 read_bytes),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_WRITE_BYTES,
                 write_bytes),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_READ_TIME,
                 read_time),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_WRITE_TIME,
                 write_time),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT,
                 read_merged_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT,
                 write_merged_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_BUSY_TIME,
                 busy_time),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_IN_FLIGHT,
                 in_flight),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME,
                 weighted_time),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT,
                 discard_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT,
                 discard_merged_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES,
                 discard_bytes),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_DISCARD_TIME,
                 discard_time),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT,
                 flush_count),
        UT_FIELD(ostat_disk_io_counters,
                 OSTAT_DISK_IO_COUNTERS_FLUSH_TIME,
                 flush_time),
        UT_FIELD(ostat_disk_io_counters, OSTAT_DISK_IO_COUNTERS_NAME, name),
    },
};

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
        ut_copy_ctx_free(ctx, dir);
        return;
    }
    ut_sweep(&usage_layout, fill_usage, ctx, dir, 0);
    ut_sweep(&io_layout, fill_io_total, ctx, NULL, 0);
    ut_assert_rc(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ut_sweep(&io_layout, fill_io_element, ctx, l, 0);
    ostat_list_free(l);
    ut_assert_rc(ostat_disk_partitions(ctx, 1, &l), 0);
    ut_sweep(&partition_layout, fill_partition, ctx, l, 0);
    ostat_list_free(l);
    ut_copy_ctx_free(ctx, dir);
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
    ut_copy_ctx_free(ctx, dir);
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
