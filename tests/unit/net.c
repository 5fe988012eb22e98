/* SPDX-License-Identifier: MIT */
/* net.c: the network functions through the public API: argument checks,
 * lists of the wrong kind, and their structs as callers built against
 * older and newer headers declare them (the library writes at most `size`
 * bytes, keeps the valid bits of the fields that fit, zeroes what it does
 * not know). The counters come from a /proc/net/dev this file writes into
 * a copy of the fixture tree; with the unsupported backend every call is
 * OSTAT_ENOTSUP. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define NET_DEV                                                                \
    "Inter-|   Receive                                                |  "     \
    "Transmit\n"                                                               \
    " face |bytes    packets errs drop fifo frame compressed "                 \
    "multicast|bytes    packets errs drop fifo colls carrier compressed\n"     \
    "    lo: 100 2 0 0 0 0 0 0 100 2 0 0 0 0 0 0\n"                            \
    "  eth0: 5000 40 1 2 3 4 5 6 7000 50 7 8 9 10 11 12\n"

/* A context over a private copy of the fixture with NET_DEV and a sysfs
 * entry for eth0; *@dir is the copy. */
static ostat_ctx *net_ctx(char **dir)
{
    static const struct ut_file files[] = {
        { "proc/net/dev", NET_DEV },
        { "sys/class/net/eth0/flags", "0x1003\n" },
        { "sys/class/net/eth0/operstate", "up\n" },
        { "sys/class/net/eth0/mtu", "9000\n" },
        { "sys/class/net/eth0/speed", "1000\n" },
        { "sys/class/net/eth0/duplex", "full\n" },
    };

    return ut_copy_ctx(files, sizeof(files) / sizeof(files[0]), dir);
}

START_TEST(test_net_arguments)
{
    struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;
    struct ostat_net_if_addr a = OSTAT_NET_IF_ADDR_INIT;
    struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;
    char *dir;
    ostat_ctx *ctx = net_ctx(&dir);
    ostat_list *l = NULL;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        ostat_ctx *x = pass ? NULL : ctx;

        ut_assert_rc(ostat_net_io_counters(x, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_net_io_counters_pernic(x, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_net_if_addrs(x, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_net_if_stats(x, NULL), OSTAT_EINVAL);
        /* Unknown flags, whatever the backend. */
        c.valid = 1;
        ut_assert_rc(ostat_net_io_counters(x, 0x4, &c), OSTAT_EINVAL);
        ck_assert_uint_eq(c.valid, 0);
        l = (ostat_list *)(void *)&c;
        ut_assert_rc(ostat_net_io_counters_pernic(x, ~0u, &l), OSTAT_EINVAL);
        ck_assert_ptr_null(l);
    }
    /* nowrap keeps the previous sample in the context. */
    ut_assert_rc(ostat_net_io_counters(NULL, OSTAT_NET_IO_NOWRAP, &c),
                 OSTAT_EINVAL);
    l = (ostat_list *)(void *)&c;
    ut_assert_rc(ostat_net_io_counters_pernic(NULL, OSTAT_NET_IO_NOWRAP, &l),
                 OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ut_assert_fixture_rc(ostat_net_io_counters(ctx, OSTAT_NET_IO_NOWRAP, &c));

    /* Accessors: NULL list, NULL out, another kind of list, out of range. */
    ut_assert_rc(ostat_list_net_io_counters(NULL, 0, &c), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_net_if_addr(NULL, 0, &a), OSTAT_EINVAL);
    ut_assert_rc(ostat_list_net_if_stats(NULL, 0, &s), OSTAT_EINVAL);
    ut_assert_fixture_rc(ostat_net_io_counters_pernic(ctx, 0, &l));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(l), 2);
        ut_assert_rc(ostat_list_net_io_counters(l, 0, NULL), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_net_io_counters(l, 2, &c), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_net_if_addr(l, 0, &a), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_net_if_stats(l, 0, &s), OSTAT_EINVAL);
        ck_assert_uint_eq(s.valid, 0);
    }
    ostat_list_free(l);
    l = NULL;
    ut_assert_fixture_rc(ostat_net_if_stats(ctx, &l));
    if (UT_HAVE_BACKEND) {
        struct ostat_user u = OSTAT_USER_INIT;

        ut_assert_rc(ostat_list_net_io_counters(l, 0, &c), OSTAT_EINVAL);
        ut_assert_rc(ostat_list_user(l, 0, &u), OSTAT_EINVAL);
    }
    ostat_list_free(l);
    /* Addresses are asked of the kernel, never of a tree. */
    l = (ostat_list *)(void *)&c;
    ut_assert_rc(ostat_net_if_addrs(ctx, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
    ut_copy_ctx_free(ctx, dir);
}
END_TEST

START_TEST(test_net_values)
{
    struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;
    struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;
    char *dir;
    ostat_ctx *ctx = net_ctx(&dir);
    ostat_list *l = NULL;

    ut_assert_fixture_rc(ostat_net_io_counters(ctx, 0, &c));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(c.valid, 0xffff);
        ck_assert_uint_eq(c.bytes_recv, 5100);
        ck_assert_uint_eq(c.bytes_sent, 7100);
        ck_assert_uint_eq(c.packets_recv, 42);
        ck_assert_uint_eq(c.packets_sent, 52);
        ck_assert_uint_eq(c.errin, 1);
        ck_assert_uint_eq(c.multicast, 6);
        ck_assert_uint_eq(c.compressedout, 12);
    }
    ut_assert_fixture_rc(ostat_net_if_stats(ctx, &l));
    if (UT_HAVE_BACKEND) {
        /* lo has no directory in this tree: gone, so left out. */
        ck_assert_uint_eq(ostat_list_count(l), 1);
        ut_assert_rc(ostat_list_net_if_stats(l, 0, &s), 0);
        ck_assert_str_eq(s.name, "eth0");
        ck_assert_int_eq(s.mtu, 9000);
        ck_assert_int_eq(s.speed, 1000);
        ck_assert_int_eq(s.duplex, OSTAT_NIC_DUPLEX_FULL);
        ck_assert_int_eq(s.isup, 1);
    }
    ostat_list_free(l);
    ut_copy_ctx_free(ctx, dir);
}
END_TEST

/* ---- size-prefixed copies -------------------------------------------------
 */

static const struct ut_layout io_layout = {
    "net_io_counters",
    sizeof(struct ostat_net_io_counters),
    0,
    17,
    {
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_BYTES_SENT,
                 bytes_sent),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_BYTES_RECV,
                 bytes_recv),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_PACKETS_SENT,
                 packets_sent),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_PACKETS_RECV,
                 packets_recv),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_ERRIN, errin),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_ERROUT, errout),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_DROPIN, dropin),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_DROPOUT, dropout),
        UT_FIELD(
            ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_MULTICAST, multicast),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_COLLISIONS,
                 collisions),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FIFOIN, fifoin),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FIFOOUT, fifoout),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FRAME, frame),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_CARRIER, carrier),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_COMPRESSEDIN,
                 compressedin),
        UT_FIELD(ostat_net_io_counters,
                 OSTAT_NET_IO_COUNTERS_COMPRESSEDOUT,
                 compressedout),
        UT_FIELD(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_NAME, name),
    },
};

static const struct ut_layout stats_layout = {
    "net_if_stats",
    sizeof(struct ostat_net_if_stats),
    0,
    6,
    {
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_NAME, name),
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_ISUP, isup),
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_DUPLEX, duplex),
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_SPEED, speed),
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_MTU, mtu),
        UT_FIELD(ostat_net_if_stats, OSTAT_NET_IF_STATS_FLAGS, flags),
    },
};

static const struct ut_layout addr_layout = {
    "net_if_addr",
    sizeof(struct ostat_net_if_addr),
    0,
    6,
    {
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_NAME, name),
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_FAMILY, family),
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_ADDRESS, address),
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_NETMASK, netmask),
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_BROADCAST, broadcast),
        UT_FIELD(ostat_net_if_addr, OSTAT_NET_IF_ADDR_PTP, ptp),
    },
};

static int fill_total(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_net_io_counters(ctx, 0, out);
}

static int fill_io_elem(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_net_io_counters(arg, 1, out);
}

static int fill_stats_elem(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_net_if_stats(arg, 0, out);
}

static int fill_addr_elem(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_net_if_addr(arg, 0, out);
}

START_TEST(test_net_sizes)
{
    char *dir;
    ostat_ctx *ctx = net_ctx(&dir);
    ostat_list *l = NULL;
    int rc;

    if (!UT_HAVE_BACKEND) {
        ut_copy_ctx_free(ctx, dir);
        return;
    }
    ut_sweep(&io_layout, fill_total, ctx, NULL, 0);
    ut_assert_rc(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    ut_sweep(&io_layout, fill_io_elem, ctx, l, 0);
    ostat_list_free(l);
    ut_assert_rc(ostat_net_if_stats(ctx, &l), 0);
    ut_sweep(&stats_layout, fill_stats_elem, ctx, l, 0);
    ostat_list_free(l);
    /* Addresses of this machine, if it lets us ask. */
    rc = ostat_net_if_addrs(NULL, &l);
    ut_assert_live_rc(rc);
    if (rc == 0 && ostat_list_count(l) > 0) {
        ut_sweep(&addr_layout, fill_addr_elem, ctx, l, 0);
    }
    ostat_list_free(l);
    ut_copy_ctx_free(ctx, dir);
}
END_TEST

START_TEST(test_net_init_macros)
{
    struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;
    struct ostat_net_if_addr a = OSTAT_NET_IF_ADDR_INIT;
    struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;

    ck_assert_uint_eq(c.size, sizeof(c));
    ck_assert_uint_eq(a.size, sizeof(a));
    ck_assert_uint_eq(s.size, sizeof(s));
    ck_assert_uint_eq(c.valid | a.valid | s.valid, 0);
    ck_assert_ptr_null(c.name);
    ck_assert_ptr_null(a.address);
    ck_assert_ptr_null(s.flags);
    ck_assert_uint_eq(offsetof(struct ostat_net_io_counters, valid), 8);
    ck_assert_uint_eq(offsetof(struct ostat_net_if_addr, valid), 8);
    ck_assert_uint_eq(offsetof(struct ostat_net_if_stats, valid), 8);
    /* psutil's values of its constants. */
    ck_assert_int_eq(OSTAT_NIC_DUPLEX_FULL, 2);
    ck_assert_int_eq(OSTAT_NIC_DUPLEX_HALF, 1);
    ck_assert_int_eq(OSTAT_NIC_DUPLEX_UNKNOWN, 0);
    ck_assert_int_eq(OSTAT_AF_INET, 2);
    ck_assert_int_eq(OSTAT_AF_INET6, 10);
    ck_assert_int_eq(OSTAT_AF_LINK, 17);
}
END_TEST

TCase *ut_net_tcase(void)
{
    TCase *tc = tcase_create("net");

    tcase_add_test(tc, test_net_init_macros);
    tcase_add_test(tc, test_net_arguments);
    tcase_add_test(tc, test_net_values);
    tcase_add_test(tc, test_net_sizes);
    return tc;
}
