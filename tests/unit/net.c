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
 * entry for eth0; *@dir is the copy, to remove and free. */
static ostat_ctx *net_ctx(char **dir)
{
    static const char *const files[][2] = {
        { "proc/net/dev", NET_DEV },
        { "sys/class/net/eth0/flags", "0x1003\n" },
        { "sys/class/net/eth0/operstate", "up\n" },
        { "sys/class/net/eth0/mtu", "9000\n" },
        { "sys/class/net/eth0/speed", "1000\n" },
        { "sys/class/net/eth0/duplex", "full\n" },
    };
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    size_t i;

    *dir = ut_fixture_copy();
    ck_assert_ptr_nonnull(*dir);
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        ck_assert_int_eq(
            ut_write_file(*dir, files[i][0], files[i][1], strlen(files[i][1])),
            0);
    }
    o.host_prefix = *dir;
    ck_assert_int_eq(ostat_ctx_new(&o, &ctx), 0);
    return ctx;
}

static void net_done(ostat_ctx *ctx, char *dir)
{
    ostat_ctx_free(ctx);
    ut_remove_tree(dir);
    free(dir);
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
    net_done(ctx, dir);
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
    net_done(ctx, dir);
}
END_TEST

/* ---- size-prefixed copies -------------------------------------------------
 */

/* Room for a struct and a tail, aligned for all of them. */
union room {
    long double align;
    uint64_t u;
    unsigned char b[512];
};

#define FILL 0xA5

struct member {
    uint64_t bit;
    size_t end;
};

/* Fill @out of @size bytes (filled with FILL past the size member). */
typedef int (*copy_fn)(ostat_ctx *ctx, const ostat_list *l, void *out);

/* Call @fill with every size from too small to @full + 40 and check what is
 * written against a call with this header's size. */
static void sweep(const char *name,
                  size_t full,
                  const struct member *m,
                  size_t nm,
                  copy_fn fill,
                  ostat_ctx *ctx,
                  const ostat_list *l)
{
    static const uint32_t too_small[] = { 0, 1, 8, 15 };
    union room ref, buf;
    uint64_t valid, want, ref_valid;
    size_t size, i, k;
    uint32_t sz;

    memset(&ref, 0, sizeof(ref));
    sz = (uint32_t)full;
    memcpy(ref.b, &sz, sizeof(sz));
    ut_assert_rc(fill(ctx, l, &ref), 0);
    memcpy(&ref_valid, ref.b + 8, sizeof(ref_valid));
    for (size = 16; size <= full + 40; size++) {
        memset(&buf, FILL, sizeof(buf));
        sz = (uint32_t)size;
        memcpy(buf.b, &sz, sizeof(sz));
        ut_assert_rc(fill(ctx, l, &buf), 0);
        memcpy(&valid, buf.b + 8, sizeof(valid));
        want = 0;
        for (k = 0; k < nm; k++) {
            if (m[k].end <= size) {
                want |= m[k].bit & ref_valid;
            }
        }
        ck_assert_msg(valid == want, "%s: size %zu: valid 0x%llx, want 0x%llx",
                      name, size, (unsigned long long)valid,
                      (unsigned long long)want);
        for (i = 16; i < size && i < full; i++) {
            /* Fields that fit are the reference's; strings are pointers
             * into the same list, or NULL in both. */
            int in_field = 0;

            for (k = 0; k < nm; k++) {
                size_t start = k ? m[k - 1].end : 16;

                if (i >= start && i < m[k].end && m[k].end <= size) {
                    in_field = 1;
                }
            }
            if (in_field) {
                ck_assert_msg(buf.b[i] == ref.b[i],
                              "%s: size %zu: byte %zu differs", name, size, i);
            }
        }
        for (i = full; i < size; i++) {
            ck_assert_msg(buf.b[i] == 0, "%s: size %zu: newer byte %zu not 0",
                          name, size, i);
        }
        for (i = size; i < sizeof(buf.b); i++) {
            ck_assert_msg(buf.b[i] == FILL, "%s: size %zu: byte %zu written",
                          name, size, i);
        }
    }
    for (i = 0; i < sizeof(too_small) / sizeof(too_small[0]); i++) {
        memset(&buf, FILL, sizeof(buf));
        memcpy(buf.b, &too_small[i], sizeof(too_small[i]));
        ut_assert_rc(fill(ctx, l, &buf), OSTAT_EINVAL);
        for (k = sizeof(uint32_t); k < sizeof(buf.b); k++) {
            ck_assert_msg(buf.b[k] == FILL, "%s: size %u: byte %zu written",
                          name, (unsigned)too_small[i], k);
        }
    }
}

#define END(type, member)                                                      \
    (offsetof(struct type, member) + sizeof(((struct type *)0)->member))
#define M(type, bit, member)                                                   \
    {                                                                          \
        bit, END(type, member)                                                 \
    }

static const struct member io_members[] = {
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_BYTES_SENT, bytes_sent),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_BYTES_RECV, bytes_recv),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_PACKETS_SENT, packets_sent),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_PACKETS_RECV, packets_recv),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_ERRIN, errin),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_ERROUT, errout),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_DROPIN, dropin),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_DROPOUT, dropout),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_MULTICAST, multicast),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_COLLISIONS, collisions),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FIFOIN, fifoin),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FIFOOUT, fifoout),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_FRAME, frame),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_CARRIER, carrier),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_COMPRESSEDIN, compressedin),
    M(ostat_net_io_counters,
      OSTAT_NET_IO_COUNTERS_COMPRESSEDOUT,
      compressedout),
    M(ostat_net_io_counters, OSTAT_NET_IO_COUNTERS_NAME, name),
};

static const struct member stats_members[] = {
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_NAME, name),
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_ISUP, isup),
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_DUPLEX, duplex),
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_SPEED, speed),
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_MTU, mtu),
    M(ostat_net_if_stats, OSTAT_NET_IF_STATS_FLAGS, flags),
};

static const struct member addr_members[] = {
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_NAME, name),
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_FAMILY, family),
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_ADDRESS, address),
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_NETMASK, netmask),
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_BROADCAST, broadcast),
    M(ostat_net_if_addr, OSTAT_NET_IF_ADDR_PTP, ptp),
};

static int fill_total(ostat_ctx *ctx, const ostat_list *l, void *out)
{
    (void)l;
    return ostat_net_io_counters(ctx, 0, out);
}

static int fill_io_elem(ostat_ctx *ctx, const ostat_list *l, void *out)
{
    (void)ctx;
    return ostat_list_net_io_counters(l, 1, out);
}

static int fill_stats_elem(ostat_ctx *ctx, const ostat_list *l, void *out)
{
    (void)ctx;
    return ostat_list_net_if_stats(l, 0, out);
}

static int fill_addr_elem(ostat_ctx *ctx, const ostat_list *l, void *out)
{
    (void)ctx;
    return ostat_list_net_if_addr(l, 0, out);
}

START_TEST(test_net_sizes)
{
    char *dir;
    ostat_ctx *ctx = net_ctx(&dir);
    ostat_list *l = NULL;
    int rc;

    if (!UT_HAVE_BACKEND) {
        net_done(ctx, dir);
        return;
    }
    sweep("net_io_counters", sizeof(struct ostat_net_io_counters), io_members,
          17, fill_total, ctx, NULL);
    ut_assert_rc(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    sweep("net_io_counters element", sizeof(struct ostat_net_io_counters),
          io_members, 17, fill_io_elem, ctx, l);
    ostat_list_free(l);
    ut_assert_rc(ostat_net_if_stats(ctx, &l), 0);
    sweep("net_if_stats element", sizeof(struct ostat_net_if_stats),
          stats_members, 6, fill_stats_elem, ctx, l);
    ostat_list_free(l);
    /* Addresses of this machine, if it lets us ask. */
    rc = ostat_net_if_addrs(NULL, &l);
    ut_assert_live_rc(rc);
    if (rc == 0 && ostat_list_count(l) > 0) {
        sweep("net_if_addr element", sizeof(struct ostat_net_if_addr),
              addr_members, 6, fill_addr_elem, ctx, l);
    }
    ostat_list_free(l);
    net_done(ctx, dir);
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
