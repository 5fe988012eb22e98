/* SPDX-License-Identifier: MIT */
/* test_disks.c: disk_partitions and disk_io_counters against the recorded
 * trees tests/fixtures/linux/disks-* and mounts-*, the malformed ones under
 * malformed/, and trees written at run time. Every expected value is
 * worked out by hand from the fixture's text; the comments quote the lines
 * used. Raw values only: the wrap-safe accumulation has its own tests. */
#include "fx.h"

/* The valid bits of each diskstats format. */
#define IO_BASIC                                                               \
    (OSTAT_DISK_IO_COUNTERS_READ_COUNT | OSTAT_DISK_IO_COUNTERS_WRITE_COUNT |  \
     OSTAT_DISK_IO_COUNTERS_READ_BYTES | OSTAT_DISK_IO_COUNTERS_WRITE_BYTES)
#define IO_14                                                                  \
    (IO_BASIC | OSTAT_DISK_IO_COUNTERS_READ_TIME |                             \
     OSTAT_DISK_IO_COUNTERS_WRITE_TIME |                                       \
     OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT |                                \
     OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT |                               \
     OSTAT_DISK_IO_COUNTERS_BUSY_TIME | OSTAT_DISK_IO_COUNTERS_IN_FLIGHT |     \
     OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME)
#define IO_18                                                                  \
    (IO_14 | OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT |                            \
     OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT |                             \
     OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES |                                    \
     OSTAT_DISK_IO_COUNTERS_DISCARD_TIME)
#define IO_20                                                                  \
    (IO_18 | OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT |                              \
     OSTAT_DISK_IO_COUNTERS_FLUSH_TIME)

#define PART_ALL                                                               \
    (OSTAT_DISK_PARTITION_DEVICE | OSTAT_DISK_PARTITION_MOUNTPOINT |           \
     OSTAT_DISK_PARTITION_FSTYPE | OSTAT_DISK_PARTITION_OPTS)

static struct ostat_disk_io_counters io_at(const ostat_list *l, size_t i)
{
    struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT;

    ck_assert_int_eq(ostat_list_disk_io_counters(l, i, &c), 0);
    ck_assert(c.valid & OSTAT_DISK_IO_COUNTERS_NAME);
    return c;
}

static struct ostat_disk_partition part_at(const ostat_list *l, size_t i)
{
    struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;

    ck_assert_int_eq(ostat_list_disk_partition(l, i, &p), 0);
    ck_assert_uint_eq(p.valid, PART_ALL);
    return p;
}

/* The numbers of a 2.6+ line after the name, in the kernel's order,
 * against @c: the first @n of 11, 15 (Linux 4.18 adds the discards) or 17
 * (5.5 adds the flushes). Sectors are 512 bytes. */
static void
check_line(const struct ostat_disk_io_counters *c, const uint64_t *k, size_t n)
{
    ck_assert_uint_eq(c->read_count, k[0]);
    ck_assert_uint_eq(c->read_merged_count, k[1]);
    ck_assert_uint_eq(c->read_bytes, k[2] * 512);
    ck_assert_uint_eq(c->read_time, k[3]);
    ck_assert_uint_eq(c->write_count, k[4]);
    ck_assert_uint_eq(c->write_merged_count, k[5]);
    ck_assert_uint_eq(c->write_bytes, k[6] * 512);
    ck_assert_uint_eq(c->write_time, k[7]);
    ck_assert_uint_eq(c->in_flight, k[8]);
    ck_assert_uint_eq(c->busy_time, k[9]);
    ck_assert_uint_eq(c->weighted_time, k[10]);
    if (n >= 15) {
        ck_assert_uint_eq(c->discard_count, k[11]);
        ck_assert_uint_eq(c->discard_merged_count, k[12]);
        ck_assert_uint_eq(c->discard_bytes, k[13] * 512);
        ck_assert_uint_eq(c->discard_time, k[14]);
    }
    if (n >= 17) {
        ck_assert_uint_eq(c->flush_count, k[15]);
        ck_assert_uint_eq(c->flush_time, k[16]);
    }
}

/* Element @i of @l: the device @name, with @valid (and its name) valid and
 * the @n numbers @k of its line. */
static void check_dev(const ostat_list *l,
                      size_t i,
                      const char *name,
                      uint64_t valid,
                      const uint64_t *k,
                      size_t n)
{
    struct ostat_disk_io_counters c = io_at(l, i);

    ck_assert_str_eq(c.name, name);
    ck_assert_uint_eq(c.valid, valid | OSTAT_DISK_IO_COUNTERS_NAME);
    check_line(&c, k, n);
}

/* ---- diskstats ------------------------------------------------------------
 */

START_TEST(diskstats_2_6)
{
    ostat_ctx *ctx = fx_ctx("disks-2.6");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT, c;
    static const uint64_t hda[11] = { 446216, 784926,  9550688, 4382310,
                                      424847, 312726,  5922052, 19310380,
                                      0,      3376340, 23705160 };
    static const uint64_t sda[11] = { 1000,   20,  80000, 300,  2000, 40,
                                      160000, 900, 3,     1100, 1200 };
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 6);
    /* "3 0 hda 446216 784926 9550688 4382310 424847 312726 5922052 19310380
     * 0 3376340 23705160" */
    check_dev(l, 0, "hda", IO_14, hda, 11);
    /* "3 1 hda1 35486 38030 38030 38030": reads, sectors read, writes,
     * sectors written; nothing else is valid. */
    c = io_at(l, 1);
    ck_assert_str_eq(c.name, "hda1");
    ck_assert_uint_eq(c.valid, IO_BASIC | OSTAT_DISK_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c.read_count, 35486);
    ck_assert_uint_eq(c.read_bytes, (uint64_t)38030 * 512);
    ck_assert_uint_eq(c.write_count, 38030);
    ck_assert_uint_eq(c.write_bytes, (uint64_t)38030 * 512);
    ck_assert_uint_eq(c.busy_time, 0);
    /* "3 2 hda2 446 892 4 8" */
    c = io_at(l, 2);
    ck_assert_str_eq(c.name, "hda2");
    ck_assert_uint_eq(c.read_count, 446);
    ck_assert_uint_eq(c.read_bytes, (uint64_t)892 * 512);
    ck_assert_uint_eq(c.write_count, 4);
    ck_assert_uint_eq(c.write_bytes, (uint64_t)8 * 512);
    /* "8 0 sda 1000 20 80000 300 2000 40 160000 900 3 1100 1200" */
    check_dev(l, 3, "sda", IO_14, sda, 11);
    ck_assert_str_eq(io_at(l, 4).name, "sdb");
    ck_assert_str_eq(io_at(l, 5).name, "sdb1");
    ostat_list_free(l);

    /* The total: hda, sda and "8 16 sdb 7 0 56 4 0 0 0 0 0 4 4", the devices
     * sys/block lists; not hda1, hda2, sdb1. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, IO_14);
    ck_assert_uint_eq(t.read_count, 446216 + 1000 + 7);
    ck_assert_uint_eq(t.read_merged_count, 784926 + 20 + 0);
    ck_assert_uint_eq(t.read_bytes, (uint64_t)(9550688 + 80000 + 56) * 512);
    ck_assert_uint_eq(t.read_time, 4382310 + 300 + 4);
    ck_assert_uint_eq(t.write_count, 424847 + 2000 + 0);
    ck_assert_uint_eq(t.write_merged_count, 312726 + 40 + 0);
    ck_assert_uint_eq(t.write_bytes, (uint64_t)(5922052 + 160000) * 512);
    ck_assert_uint_eq(t.write_time, 19310380 + 900);
    ck_assert_uint_eq(t.in_flight, 0 + 3 + 0);
    ck_assert_uint_eq(t.busy_time, 3376340 + 1100 + 4);
    ck_assert_uint_eq(t.weighted_time, 23705160 + 1200 + 4);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(diskstats_2_4)
{
    ostat_ctx *ctx = fx_ctx("disks-2.4");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    static const uint64_t hda[11] = { 446216, 784926,  9550688, 4382310,
                                      424847, 312726,  5922052, 19310380,
                                      0,      3376340, 23705160 };
    static const uint64_t hda1[11] = { 35486, 0, 35496, 38030, 0,    0,
                                       0,     0, 0,     38030, 38030 };
    ostat_list *l = NULL;

    /* "3 0 39082680 hda 446216 ...": the name comes after the block count,
     * which is not a counter (psutil reads it as the read count). */
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    check_dev(l, 0, "hda", IO_14, hda, 11);
    check_dev(l, 1, "hda1", IO_14, hda1, 11);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, IO_14);
    check_line(&t, hda, 11);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(diskstats_4_18)
{
    ostat_ctx *ctx = fx_ctx("disks-4.18");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    static const uint64_t nvme[15] = { 146000, 4000,    9000000,  50000,
                                       300000, 200000,  18000000, 400000,
                                       2,      250000,  460000,   1200,
                                       0,      2400000, 800 };
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 4);
    /* "259 0 nvme0n1 146000 4000 9000000 50000 300000 200000 18000000
     * 400000 2 250000 460000 1200 0 2400000 800" */
    check_dev(l, 0, "nvme0n1", IO_18, nvme, 15);
    ck_assert_str_eq(io_at(l, 1).name, "nvme0n1p1");
    ostat_list_free(l);

    /* nvme0n1, dm-0 ("253 0 dm-0 140000 0 8900000 52000 490000 0 17900000
     * 900000 1 248000 952000 1100 0 2300000 700") and loop0 ("7 0 loop0 50
     * 0 2000 10 0 0 0 0 0 20 10 0 0 0 0"): dm-0 sits on nvme0n1p1 and is
     * counted again, as iostat and psutil do. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, IO_18);
    ck_assert_uint_eq(t.read_count, 146000 + 140000 + 50);
    ck_assert_uint_eq(t.read_bytes, (uint64_t)(9000000 + 8900000 + 2000) * 512);
    ck_assert_uint_eq(t.write_bytes, (uint64_t)(18000000 + 17900000) * 512);
    ck_assert_uint_eq(t.in_flight, 2 + 1);
    ck_assert_uint_eq(t.busy_time, 250000 + 248000 + 20);
    ck_assert_uint_eq(t.discard_count, 1200 + 1100);
    ck_assert_uint_eq(t.discard_bytes, (uint64_t)(2400000 + 2300000) * 512);
    ck_assert_uint_eq(t.discard_time, 800 + 700);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(diskstats_5_5)
{
    ostat_ctx *ctx = fx_ctx("disks-5.5");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT, c;
    static const uint64_t vda[17] = {
        359388, 30739,  20114890, 365587, 396696,   241344, 37264400, 157048, 0,
        87496,  556080, 293576,   48,     32970912, 28845,  81465,    4598
    };
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 5);
    /* "254 0 vda 359388 30739 20114890 365587 396696 241344 37264400 157048
     * 0 87496 556080 293576 48 32970912 28845 81465 4598" */
    check_dev(l, 0, "vda", IO_20, vda, 17);
    /* A partition of a 5.5 kernel has every field. */
    c = io_at(l, 1);
    ck_assert_str_eq(c.name, "vda1");
    ck_assert_uint_eq(c.valid, IO_20 | OSTAT_DISK_IO_COUNTERS_NAME);
    /* The name keeps its '/'. */
    ck_assert_str_eq(io_at(l, 2).name, "cciss/c0d0");
    ck_assert_str_eq(io_at(l, 3).name, "cciss/c0d0p1");
    /* "253 0 zram0 4294967296 0 1099511627776 4294967295 1 0 8 0 0
     * 4294967295 4294967295 ...": a count past 32 bits and times at the
     * 32-bit limit. */
    c = io_at(l, 4);
    ck_assert_str_eq(c.name, "zram0");
    ck_assert_uint_eq(c.read_count, UINT64_C(4294967296));
    ck_assert_uint_eq(c.read_bytes, UINT64_C(1099511627776) * 512);
    ck_assert_uint_eq(c.read_time, UINT64_C(4294967295));
    ck_assert_uint_eq(c.busy_time, UINT64_C(4294967295));
    ostat_list_free(l);

    /* vda, cciss/c0d0 (sys/block/cciss!c0d0) and zram0. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, IO_20);
    ck_assert_uint_eq(t.read_count, 359388 + 10 + UINT64_C(4294967296));
    ck_assert_uint_eq(t.read_bytes,
                      (20114890 + 80 + UINT64_C(1099511627776)) * 512);
    ck_assert_uint_eq(t.write_count, 396696 + 0 + 1);
    ck_assert_uint_eq(t.write_bytes, (uint64_t)(37264400 + 8) * 512);
    ck_assert_uint_eq(t.read_time, 365587 + 1 + UINT64_C(4294967295));
    ck_assert_uint_eq(t.busy_time, 87496 + 1 + UINT64_C(4294967295));
    ck_assert_uint_eq(t.flush_count, 81465);
    ck_assert_uint_eq(t.flush_time, 4598);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(diskstats_future)
{
    ostat_ctx *ctx = fx_ctx("disks-future");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    static const uint64_t k[17] = { 1,  2,  3,  4,  5,  6,  7,  8, 9,
                                    10, 11, 12, 13, 14, 15, 16, 17 };

    /* "8 0 sda 1 2 ... 20": 20 numbers, three more than Linux 6 writes. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, IO_20);
    check_line(&t, k, 17);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(diskstats_flags)
{
    ostat_ctx *ctx = fx_ctx("disks-2.6");
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    ostat_list *l = NULL;

    /* Unknown flags are refused before anything is read. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0x2, &t), OSTAT_EINVAL);
    ck_assert_uint_eq(t.valid, 0);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, ~0u, &l),
                     OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    /* NOWRAP is accepted; the first call on a context has no history, so
     * the values are the raw ones. */
    ck_assert_int_eq(ostat_disk_io_counters(ctx, OSTAT_DISK_IO_NOWRAP, &t), 0);
    ck_assert_uint_eq(t.valid, IO_14);
    ck_assert_uint_eq(t.read_count, 446216 + 1000 + 7);
    ck_assert_int_eq(
        ostat_disk_io_counters_perdisk(ctx, OSTAT_DISK_IO_NOWRAP, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 6);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* nowrap across two samples of a made-up diskstats: sda's read_time, a
 * millisecond field the kernel keeps in 32 bits, passes 2^32 (4294967000
 * -> 704: 1000 ms more), while its counts just grow; worked out by hand
 * from the rule of ostat/counter.h. A context without NOWRAP sees the raw
 * values throughout. */
START_TEST(diskstats_nowrap_stages)
{
    static const char before[] =
        "   8       0 sda 100 0 800 4294967000 50 0 400 10 0 20 30\n";
    static const char after[] =
        "   8       0 sda 110 0 880 704 60 0 480 20 0 30 40\n";
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx, *raw;

    fx_tmp_dir(dir);
    fx_write(dir, "sys/block/sda/dev", "8:0\n");
    fx_write(dir, "proc/diskstats", before);
    ctx = fx_ctx_at(dir);
    raw = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_disk_io_counters(ctx, OSTAT_DISK_IO_NOWRAP, &t), 0);
    ck_assert_uint_eq(t.read_time, 4294967000u);
    fx_write(dir, "proc/diskstats", after);
    ck_assert_int_eq(ostat_disk_io_counters(ctx, OSTAT_DISK_IO_NOWRAP, &t), 0);
    ck_assert_uint_eq(t.read_time, 4294968000ull);
    ck_assert_uint_eq(t.read_count, 110);
    ck_assert_uint_eq(t.read_bytes, 880 * 512);
    ck_assert_uint_eq(t.write_time, 20);
    ck_assert_int_eq(ostat_disk_io_counters(raw, 0, &t), 0);
    ck_assert_uint_eq(t.read_time, 704);
    /* psutil's cache_clear(): the history is forgotten. */
    ck_assert_int_eq(ostat_nowrap_reset(ctx), 0);
    ck_assert_int_eq(ostat_disk_io_counters(ctx, OSTAT_DISK_IO_NOWRAP, &t), 0);
    ck_assert_uint_eq(t.read_time, 704);
    ostat_ctx_free(ctx);
    ostat_ctx_free(raw);
}
END_TEST

START_TEST(diskstats_missing)
{
    char dir[FX_PATH_MAX], path[FX_PATH_MAX + 16];
    struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    /* No /proc/diskstats: not supported (psutil's NotImplementedError). */
    fx_tmp_dir(dir);
    fx_write(dir, "proc/stat", "cpu  1 0 0 1 0 0 0 0 0 0\n");
    ctx = fx_ctx_at(dir);
    snprintf(path, sizeof(path), "%s/proc", dir);
    ostat_error_clear();
    fx_check_error(ostat_disk_io_counters(ctx, 0, &t), OSTAT_ENOTSUP, path,
                   "diskstats", 0);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);

    /* An empty diskstats: no device; the total is psutil's None. */
    fx_write(dir, "proc/diskstats", "");
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), OSTAT_ENOTSUP);

    /* Devices but no sys/block: none is known to be a whole disk. */
    fx_write(dir, "proc/diskstats",
             "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n");
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), OSTAT_ENOTSUP);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);

    /* Once sys/block/sda exists, it is. */
    fx_write(dir, "sys/block/sda/dev", "8:0\n");
    ck_assert_int_eq(ostat_disk_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.read_count, 1);
    ostat_ctx_free(ctx);
}
END_TEST

/* Lines in the usual forms are read in one pass; the others (a number of
 * 20 digits, 19 words, a name made of digits, a NUL byte) by the general
 * parser, with the same results. */
START_TEST(diskstats_unusual_lines)
{
    static const char text[] =
        /* UINT64_MAX, 20 digits */
        "   8       0 sda 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 0 0 "
        "0 0\n"
        /* 16 numbers: the discards are read, not the flushes */
        "   8       1 sda1 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n"
        /* a 14-word line whose name is "0" */
        "   8       2 0 1 2 3 4 5 6 7 8 9 10 11\n"
        /* the usual 20 words */
        "   8       3 sda3 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n";
    char dir[FX_PATH_MAX], proc[FX_PATH_MAX + 8], lines[64 * 64];
    struct ostat_disk_io_counters c;
    ostat_list *l = NULL;
    ostat_ctx *ctx;
    size_t i, len;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/diskstats", text);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 4);
    c = io_at(l, 0);
    ck_assert_str_eq(c.name, "sda");
    ck_assert_uint_eq(c.valid, IO_20 | OSTAT_DISK_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c.read_count, UINT64_MAX);
    c = io_at(l, 1);
    ck_assert_uint_eq(c.valid, IO_18 | OSTAT_DISK_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c.discard_time, 15);
    ck_assert_uint_eq(c.flush_count, 0);
    c = io_at(l, 2);
    ck_assert_str_eq(c.name, "0");
    ck_assert_uint_eq(c.valid, IO_14 | OSTAT_DISK_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c.read_count, 1);
    ck_assert_uint_eq(c.weighted_time, 11);
    c = io_at(l, 3);
    ck_assert_uint_eq(c.valid, IO_20 | OSTAT_DISK_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c.read_count, 1);
    ck_assert_uint_eq(c.write_count, 5);
    ck_assert_uint_eq(c.read_bytes, 3 * 512);
    ck_assert_uint_eq(c.flush_time, 17);
    ostat_list_free(l);

    /* 2^64 is one too many. */
    snprintf(proc, sizeof(proc), "%s/proc", dir);
    fx_write(dir, "proc/diskstats",
             "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n"
             "   8       1 sda1 18446744073709551616 2 3 4 5 6 7 8 9 10 11\n");
    ostat_error_clear();
    fx_check_error(ostat_disk_io_counters_perdisk(ctx, 0, &l), OSTAT_EPARSE,
                   proc, "diskstats", 2);
    /* A NUL byte inside a line. */
    fx_write_bytes(dir, "proc/diskstats",
                   "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n"
                   "   8       1 sda1 1 2\0 3 4 5 6 7 8 9 10 11\n",
                   84);
    ostat_error_clear();
    fx_check_error(ostat_disk_io_counters_perdisk(ctx, 0, &l), OSTAT_EPARSE,
                   proc, "diskstats", 2);

    /* More devices than fit on the stack of the parser: 64 loop devices. */
    for (i = 0, len = 0; i < 64; i++) {
        len += (size_t)snprintf(lines + len, sizeof(lines) - len,
                                "   7 %3zu loop%zu %zu 0 0 0 0 0 0 0 0 0 0 0 0 "
                                "0 0 0 0\n",
                                i, i, i + 1);
    }
    fx_write(dir, "proc/diskstats", lines);
    ck_assert_int_eq(ostat_disk_io_counters_perdisk(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 64);
    for (i = 0; i < 64; i++) {
        char name[16];

        snprintf(name, sizeof(name), "loop%zu", i);
        c = io_at(l, i);
        ck_assert_str_eq(c.name, name);
        ck_assert_uint_eq(c.read_count, i + 1);
    }
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- mountinfo ------------------------------------------------------------
 */

/* A partition as the test expects it: element @i of the list; NULL for a
 * member that is not checked. */
struct want_part {
    size_t i;
    const char *device, *mountpoint, *fstype, *opts;
};

static void
check_parts(const ostat_list *l, const struct want_part *w, size_t n)
{
    size_t k;

    for (k = 0; k < n; k++) {
        struct ostat_disk_partition p = part_at(l, w[k].i);

        if (w[k].device != NULL) {
            ck_assert_str_eq(p.device, w[k].device);
        }
        if (w[k].mountpoint != NULL) {
            ck_assert_str_eq(p.mountpoint, w[k].mountpoint);
        }
        if (w[k].fstype != NULL) {
            ck_assert_str_eq(p.fstype, w[k].fstype);
        }
        if (w[k].opts != NULL) {
            ck_assert_str_eq(p.opts, w[k].opts);
        }
    }
}

START_TEST(partitions_odd_names)
{
    static const struct want_part want[] = {
        /* "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/root
         * rw,errors=remount-ro": /dev/root is 8:1, whose uevent says
         * DEVNAME=sda1. */
        { 0, "/dev/sda1", "/", "ext4", "rw,relatime,errors=remount-ro" },
        /* "/mnt/with\040space" */
        { 1, "/dev/sda2", "/mnt/with space", NULL, "rw,relatime" },
        /* "/mnt/tab\011and\012newline" */
        { 2, NULL, "/mnt/tab\tand\nnewline", "xfs",
          "rw,relatime,attr2,inode64" },
        /* "/mnt/back\134slash\043hash ro,relatime - ext4 /dev/sda4 rw": the
         * mount is read-only. */
        { 3, NULL, "/mnt/back\\slash#hash", NULL, "ro,relatime" },
        /* Invalid UTF-8 is kept, byte for byte; three optional fields. */
        { 4, NULL, "/mnt/\xff\xfeinvalid", "btrfs", "rw,noatime,subvol=/sub" },
        /* zfs is listed as nodev but kept, as psutil does; tmpfs, proc,
         * sysfs, fuse.sshfs (not listed) and a "none" device are not. */
        { 5, "tank", NULL, "zfs", "rw,noatime,xattr,noacl" },
        /* "33 22 259:2 / /boot rw,relatime - vfat /dev/root rw,fmask=0022":
         * no uevent for 259:2, but /proc/partitions has "259 2 499582279
         * nvme0n1p2". */
        { 6, "/dev/nvme0n1p2", "/boot", NULL, "rw,relatime,fmask=0022" },
        /* "35 ... rw,relatime - ext4 /dev/sda6 ro,data=ordered": a read-only
         * filesystem makes the mount read-only. */
        { 7, NULL, "/mnt/rofs", NULL, "ro,relatime,data=ordered" },
        /* "rw - ext4 /dev/sda7 rw": the same options once. */
        { 8, NULL, NULL, NULL, "rw" },
        /* "/mnt/sp\040ace\134 rw - squashfs /dev/loop0 ro" */
        { 9, "/dev/loop0", "/mnt/sp ace\\", NULL, "ro" },
        /* The source is decoded too: "/dev/disk\040by\040label". */
        { 10, "/dev/disk by label", "/mnt/dev dir", NULL, NULL },
    };
    ostat_ctx *ctx = fx_ctx("mounts-odd");
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 11);
    check_parts(l, want, sizeof(want) / sizeof(want[0]));
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(partitions_all)
{
    static const char *const mountpoints[] = {
        "/",
        "/proc",
        "/sys",
        "/mnt/with space",
        "/mnt/tab\tand\nnewline",
        "/mnt/back\\slash#hash",
        "/mnt/\xff\xfeinvalid",
        "/mnt/tmp",
        "/mnt/ssh",
        "/tank",
        "/mnt/none",
        "/boot",
        "/initrd",
        "/mnt/rofs",
        "/mnt/same",
        "/mnt/sp ace\\",
        "/mnt/dev dir",
        "/mnt/empty source",
    };
    static const struct want_part want[] = {
        { 1, "proc", NULL, "proc", "rw,nosuid,nodev,noexec,relatime" },
        { 7, "tmpfs", NULL, NULL, "rw,nosuid,nodev,size=1024k,mode=755" },
        { 8, "user@host:/", NULL, "fuse.sshfs", NULL },
        /* "none" becomes "" (psutil). */
        { 10, "", NULL, NULL, NULL },
        /* rootfs on 0:1 has no block device to resolve: it stays. */
        { 12, "rootfs", NULL, "rootfs", NULL },
        /* "39 22 0:49 / /mnt/empty\040source rw,relatime - tmpfs
         * rw,size=4k": an empty source leaves two spaces. */
        { 17, "", NULL, "tmpfs", "rw,relatime,size=4k" },
    };
    ostat_ctx *ctx = fx_ctx("mounts-odd");
    ostat_list *l = NULL;
    size_t i;

    /* Every line, in order. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 18);
    for (i = 0; i < 18; i++) {
        ck_assert_str_eq(part_at(l, i).mountpoint, mountpoints[i]);
    }
    check_parts(l, want, sizeof(want) / sizeof(want[0]));
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(partitions_pid1)
{
    static const struct want_part want = { 0, "/dev/vda1", "/", NULL, NULL };
    ostat_ctx *ctx = fx_ctx("mounts-no-self");
    ostat_list *l = NULL;

    /* No proc/self (a procfs of another pid namespace): pid 1's mounts. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    check_parts(l, &want, 1);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(partitions_missing)
{
    char dir[FX_PATH_MAX], path[FX_PATH_MAX + 32];
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/filesystems", "\text4\n");
    ctx = fx_ctx_at(dir);
    snprintf(path, sizeof(path), "%s/proc", dir);
    /* Neither self/mountinfo nor 1/mountinfo: not supported, naming the
     * last file tried. */
    ostat_error_clear();
    fx_check_error(ostat_disk_partitions(ctx, 1, &l), OSTAT_ENOTSUP, path,
                   "1/mountinfo", 0);
    ck_assert_ptr_null(l);
    fx_write(dir, "proc/self/mountinfo",
             "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
             "23 22 0:21 / /proc rw - proc proc rw\n");
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);
    /* Without /proc/filesystems, all=0 cannot tell the types apart. */
    snprintf(path, sizeof(path), "%s/proc/filesystems", dir);
    ck_assert_int_eq(remove(path), 0);
    snprintf(path, sizeof(path), "%s/proc", dir);
    ostat_error_clear();
    fx_check_error(ostat_disk_partitions(ctx, 0, &l), OSTAT_ENOTSUP, path,
                   "filesystems", 0);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- /proc/self/mounts ----------------------------------------------------
 */

/* mounts-file holds the table of mounts-odd twice, as /proc/self/mounts
 * and as mountinfo (with one more mount, /mnt/lazy): the list comes from
 * mounts, mountinfo only tells the device number of /dev/root. Both
 * sources must give the same list. */
START_TEST(partitions_mounts_file)
{
    ostat_ctx *ctx = fx_ctx("mounts-file"), *old = fx_ctx("mounts-odd");
    ostat_list *l = NULL, *o = NULL;
    struct ostat_disk_partition p, q;
    size_t i;
    int all;

    for (all = 0; all < 2; all++) {
        ck_assert_int_eq(ostat_disk_partitions(ctx, all, &l), 0);
        ck_assert_int_eq(ostat_disk_partitions(old, all, &o), 0);
        /* mounts-odd's 11 (18 with all), and /mnt/lazy last. */
        ck_assert_uint_eq(ostat_list_count(l), ostat_list_count(o) + 1);
        for (i = 0; i < ostat_list_count(o); i++) {
            p = part_at(l, i);
            q = part_at(o, i);
            ck_assert_str_eq(p.device, q.device);
            ck_assert_str_eq(p.mountpoint, q.mountpoint);
            ck_assert_str_eq(p.fstype, q.fstype);
            ck_assert_str_eq(p.opts, q.opts);
        }
        /* "/dev/sda9 /mnt/lazy ext4 rw,lazytime,relatime,errors=remount-ro
         * 0 0": the options in the kernel's order of /proc/self/mounts,
         * psutil's (findmnt puts lazytime after relatime). */
        p = part_at(l, i);
        ck_assert_str_eq(p.device, "/dev/sda9");
        ck_assert_str_eq(p.mountpoint, "/mnt/lazy");
        ck_assert_str_eq(p.opts, "rw,lazytime,relatime,errors=remount-ro");
        ostat_list_free(l);
        ostat_list_free(o);
    }
    /* The two /dev/root mounts, each by its own mountinfo line: 8:1 has a
     * uevent, 259:2 only a line in partitions. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_str_eq(part_at(l, 0).device, "/dev/sda1");
    ck_assert_str_eq(part_at(l, 6).device, "/dev/nvme0n1p2");
    ck_assert_str_eq(part_at(l, 6).mountpoint, "/boot");
    ostat_list_free(l);
    ostat_ctx_free(old);
    ostat_ctx_free(ctx);
}
END_TEST

/* Trees written here: pid 1's mounts where "self" is missing, and what
 * happens when mountinfo cannot tell the device of /dev/root. */
START_TEST(partitions_mounts_runtime)
{
    char dir[FX_PATH_MAX], path[FX_PATH_MAX + 32];
    ostat_list *l = NULL;
    struct ostat_disk_partition p;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/filesystems", "nodev\tproc\n\text4\n");
    fx_write(dir, "proc/1/mounts",
             "/dev/root / ext4 rw,relatime 0 0\n"
             "proc /proc proc rw,nosuid 0 0\n");
    ctx = fx_ctx_at(dir);
    /* No mountinfo: /dev/root stays as it is. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    p = part_at(l, 0);
    ck_assert_str_eq(p.device, "/dev/root");
    ck_assert_str_eq(p.mountpoint, "/");
    ck_assert_str_eq(p.opts, "rw,relatime");
    ostat_list_free(l);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ck_assert_str_eq(part_at(l, 1).device, "proc");
    ck_assert_str_eq(part_at(l, 1).opts, "rw,nosuid");
    ostat_list_free(l);

    /* pid 1's mountinfo names 8:3; its uevent, DEVNAME=vda3. */
    fx_write(dir, "proc/1/mountinfo",
             "21 1 8:3 / / rw,relatime - ext4 /dev/root rw\n"
             "22 21 0:20 / /proc rw,nosuid - proc proc rw\n");
    fx_write(dir, "sys/dev/block/8:3/uevent",
             "MAJOR=8\nMINOR=3\nDEVNAME=vda3\n");
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_str_eq(part_at(l, 0).device, "/dev/vda3");
    ostat_list_free(l);

    /* A mountinfo without the mount, or whose device has no name: the
     * source stays. */
    fx_write(dir, "proc/1/mountinfo",
             "22 21 0:20 / /proc rw,nosuid - proc proc rw\n");
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_str_eq(part_at(l, 0).device, "/dev/root");
    ostat_list_free(l);
    fx_write(dir, "proc/1/mountinfo",
             "21 1 8:4 / / rw,relatime - ext4 /dev/root rw\n");
    ck_assert_int_eq(ostat_disk_partitions(ctx, 0, &l), 0);
    ck_assert_str_eq(part_at(l, 0).device, "/dev/root");
    ostat_list_free(l);

    /* self/mounts is preferred to pid 1's, and to mountinfo. */
    fx_write(dir, "proc/self/mounts", "/dev/sdb1 /data ext4 rw 0 0\n");
    fx_write(dir, "proc/self/mountinfo",
             "30 1 8:17 / /other rw - ext4 /dev/sdb2 rw\n");
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ck_assert_str_eq(part_at(l, 0).mountpoint, "/data");
    ostat_list_free(l);

    /* Without it, pid 1's mounts: a mounts file is looked for (self's,
     * then pid 1's) before any mountinfo. */
    snprintf(path, sizeof(path), "%s/proc/self/mounts", dir);
    ck_assert_int_eq(remove(path), 0);
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 2);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- disk_usage -----------------------------------------------------------
 */

START_TEST(usage_errors)
{
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    char dir[FX_PATH_MAX], missing[FX_PATH_MAX + 16];
    const ostat_error *e;

    fx_tmp_dir(dir);
    snprintf(missing, sizeof(missing), "%s/nothing", dir);
    ostat_error_clear();
    ck_assert_int_eq(ostat_disk_usage(NULL, missing, &u), OSTAT_EOS);
    e = ostat_error_last();
    ck_assert_int_eq(e->os_errno, ENOENT);
    ck_assert_str_eq(e->where, missing);
    ck_assert_uint_eq(u.valid, 0);
    ck_assert_int_eq(ostat_disk_usage(NULL, "", &u), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_disk_usage(NULL, NULL, &u), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_disk_usage(NULL, dir, NULL), OSTAT_EINVAL);
    /* A file works as well as a directory. */
    fx_write(dir, "f", "x");
    snprintf(missing, sizeof(missing), "%s/f", dir);
    ck_assert_int_eq(ostat_disk_usage(NULL, missing, &u), 0);
    ck_assert_uint_gt(u.total, 0);
}
END_TEST

/* ---- malformed files ------------------------------------------------------
 */

START_TEST(diskstats_malformed)
{
    static const struct {
        const char *name;
        int line;
    } cases[] = {
        { "diskstats-short", 2 },     /* "8 1 sda1 1 2 3 4 5 6 7": 10 fields */
        { "diskstats-16", 1 },        /* 16 fields */
        { "diskstats-abc", 2 },       /* "8 16 sdb 1 2 abc ..." */
        { "diskstats-overflow", 3 },  /* 99999999999999999999999 */
        { "diskstats-truncated", 2 }, /* "8 1 sda1 1 2 3 4 5", cut */
        { "diskstats-bad-devno", 1 }, /* "8 x sda ..." */
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;
        char proc[FX_PATH_MAX];
        ostat_ctx *ctx = fx_malformed_ctx(cases[i].name, "proc", proc);
        ostat_list *l = NULL;

        ostat_error_clear();
        fx_check_error(ostat_disk_io_counters_perdisk(ctx, 0, &l), OSTAT_EPARSE,
                       proc, "diskstats", cases[i].line);
        ck_assert_ptr_null(l);
        ostat_error_clear();
        fx_check_error(ostat_disk_io_counters(ctx, OSTAT_DISK_IO_NOWRAP, &t),
                       OSTAT_EPARSE, proc, "diskstats", cases[i].line);
        ck_assert_uint_eq(t.valid, 0);
        ostat_ctx_free(ctx);
    }
}
END_TEST

START_TEST(mountinfo_malformed)
{
    static const struct {
        const char *name;
        int line;
    } cases[] = {
        { "mountinfo-no-dash", 2 },   /* no " - " */
        { "mountinfo-bad-devno", 1 }, /* "8-1" */
        { "mountinfo-truncated", 2 }, /* "23 22 0:21 / /pr", cut */
        { "mountinfo-no-source", 2 }, /* "- proc" and nothing after */
        { "mountinfo-nul", 2 },       /* "/mnt/a\000b" */
        { "mountinfo-bad-id", 1 },    /* "x2 1 ..." */
    };
    size_t i;
    int all;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (all = 0; all < 2; all++) {
            char proc[FX_PATH_MAX];
            ostat_ctx *ctx = fx_malformed_ctx(cases[i].name, "proc", proc);
            ostat_list *l = NULL;

            ostat_error_clear();
            fx_check_error(ostat_disk_partitions(ctx, all, &l), OSTAT_EPARSE,
                           proc, "self/mountinfo", cases[i].line);
            ck_assert_ptr_null(l);
            ostat_ctx_free(ctx);
        }
    }
}
END_TEST

START_TEST(mounts_malformed)
{
    static const struct {
        const char *name, *rel;
        int line;
    } cases[] = {
        /* "proc /proc proc": three fields */
        { "mounts-short", "self/mounts", 2 },
        /* "proc /proc proc rw": no "0 0" */
        { "mounts-no-zeros", "self/mounts", 2 },
        /* "proc /proc proc rw 0 x" */
        { "mounts-bad-pass", "self/mounts", 3 },
        /* "/dev/sda1 /  rw 0 0": no type */
        { "mounts-empty-type", "self/mounts", 1 },
        /* "/mnt/a\000b" */
        { "mounts-nul", "self/mounts", 2 },
        /* /dev/root sends it to mountinfo, whose line 1 has no " - " */
        { "mounts-root-bad-mountinfo", "self/mountinfo", 1 },
    };
    size_t i;
    int all;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (all = 0; all < 2; all++) {
            char proc[FX_PATH_MAX];
            ostat_ctx *ctx = fx_malformed_ctx(cases[i].name, "proc", proc);
            ostat_list *l = NULL;

            ostat_error_clear();
            fx_check_error(ostat_disk_partitions(ctx, all, &l), OSTAT_EPARSE,
                           proc, cases[i].rel, cases[i].line);
            ck_assert_ptr_null(l);
            ostat_ctx_free(ctx);
        }
    }
}
END_TEST

START_TEST(filesystems_malformed)
{
    char proc[FX_PATH_MAX];
    ostat_ctx *ctx = fx_malformed_ctx("filesystems-garbage", "proc", proc);
    ostat_list *l = NULL;

    /* line 3: "ext3" without the tab */
    ostat_error_clear();
    fx_check_error(ostat_disk_partitions(ctx, 0, &l), OSTAT_EPARSE, proc,
                   "filesystems", 3);
    ck_assert_ptr_null(l);
    /* all=1 does not read it. */
    ck_assert_int_eq(ostat_disk_partitions(ctx, 1, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* Every prefix of a good file, as a read cut short would give: a result
 * or OSTAT_EPARSE, never a crash (run under valgrind and ASan). */
static void truncations(const char *rel, const char *text, int io)
{
    char dir[FX_PATH_MAX];
    size_t n, len = strlen(text);
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "proc/filesystems", "nodev\tproc\n\text4\n");
    fx_write(dir, "sys/block/sda/dev", "8:0\n");
    ctx = fx_ctx_at(dir);
    for (n = 0; n <= len; n++) {
        ostat_list *l = NULL;
        int rc;

        fx_write_bytes(dir, rel, text, n);
        if (io) {
            struct ostat_disk_io_counters t = OSTAT_DISK_IO_COUNTERS_INIT;

            rc = ostat_disk_io_counters_perdisk(ctx, 0, &l);
            ostat_list_free(l);
            ck_assert_msg(rc == 0 || rc == OSTAT_EPARSE,
                          "%zu bytes: perdisk gave %s", n, ostat_err_name(rc));
            rc = ostat_disk_io_counters(ctx, 0, &t);
            ck_assert_msg(rc == 0 || rc == OSTAT_EPARSE || rc == OSTAT_ENOTSUP,
                          "%zu bytes: total gave %s", n, ostat_err_name(rc));
        } else {
            rc = ostat_disk_partitions(ctx, n % 2, &l);
            ostat_list_free(l);
            ck_assert_msg(rc == 0 || rc == OSTAT_EPARSE, "%zu bytes: gave %s",
                          n, ostat_err_name(rc));
        }
    }
    ostat_ctx_free(ctx);
}

START_TEST(truncated_everywhere)
{
    truncations("proc/diskstats",
                "   8       0 sda 359388 30739 20114890 365587 396696 241344 "
                "37264400 157048 0 87496 556080 293576 48 32970912 28845 81465 "
                "4598\n   8       1 sda1 35486 38030 38030 38030\n",
                1);
    truncations("proc/self/mountinfo",
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                "25 22 8:2 / /mnt/with\\040space rw master:3 - ext4 "
                "/dev/sda2 rw,errors=remount-ro\n",
                0);
    truncations("proc/self/mounts",
                "/dev/sda1 / ext4 rw,relatime 0 0\n"
                "/dev/sda2 /mnt/with\\040space ext4 rw,errors=remount-ro "
                "0 0\n",
                0);
}
END_TEST

static Suite *disks_suite(void)
{
    Suite *s = suite_create("linux-disks");
    TCase *tc;

    tc = tcase_create("diskstats");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, diskstats_2_6);
    tcase_add_test(tc, diskstats_2_4);
    tcase_add_test(tc, diskstats_4_18);
    tcase_add_test(tc, diskstats_5_5);
    tcase_add_test(tc, diskstats_future);
    tcase_add_test(tc, diskstats_flags);
    tcase_add_test(tc, diskstats_nowrap_stages);
    tcase_add_test(tc, diskstats_missing);
    tcase_add_test(tc, diskstats_unusual_lines);
    suite_add_tcase(s, tc);

    tc = tcase_create("partitions");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, partitions_odd_names);
    tcase_add_test(tc, partitions_all);
    tcase_add_test(tc, partitions_pid1);
    tcase_add_test(tc, partitions_missing);
    tcase_add_test(tc, partitions_mounts_file);
    tcase_add_test(tc, partitions_mounts_runtime);
    tcase_add_test(tc, usage_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, diskstats_malformed);
    tcase_add_test(tc, mountinfo_malformed);
    tcase_add_test(tc, mounts_malformed);
    tcase_add_test(tc, filesystems_malformed);
    tcase_add_test(tc, truncated_everywhere);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(disks_suite());
}
