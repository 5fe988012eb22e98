/* SPDX-License-Identifier: MIT */
/* test_net.c: network interfaces against recorded trees: /proc/net/dev in
 * the layouts of several kernels, link state from sysfs, counters across
 * samples (the trees for nowrap), names that are not text, and broken files
 * (OSTAT_EPARSE naming the file and line). Expected values are worked out
 * by hand from the files, which the comments quote. */
#include "fx.h"

#define ALL_COUNTERS ((uint64_t)0xffff)

/* Counters in valid-bit order, so that a table can give them. */
static uint64_t nth(const struct ostat_net_io_counters *c, int i)
{
    const uint64_t v[16] = { c->bytes_sent,   c->bytes_recv, c->packets_sent,
                             c->packets_recv, c->errin,      c->errout,
                             c->dropin,       c->dropout,    c->multicast,
                             c->collisions,   c->fifoin,     c->fifoout,
                             c->frame,        c->carrier,    c->compressedin,
                             c->compressedout };

    return v[i];
}

/* Per-NIC counters of @ctx into @out (at most @max), their count. */
static size_t pernic(ostat_ctx *ctx,
                     uint32_t flags,
                     struct ostat_net_io_counters *out,
                     size_t max)
{
    ostat_list *l = NULL;
    size_t i, n;

    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, flags, &l), 0);
    n = ostat_list_count(l);
    ck_assert_uint_le(n, max);
    for (i = 0; i < n; i++) {
        struct ostat_net_io_counters init = OSTAT_NET_IO_COUNTERS_INIT;

        out[i] = init;
        ck_assert_int_eq(ostat_list_net_io_counters(l, i, &out[i]), 0);
        ck_assert_ptr_nonnull(out[i].name);
    }
    /* Copies of the strings, so the list can go. */
    for (i = 0; i < n; i++) {
        out[i].name = strdup(out[i].name);
    }
    ostat_list_free(l);
    return n;
}

static void free_names(struct ostat_net_io_counters *c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free((void *)(uintptr_t)c[i].name);
    }
}

/* The 16 counters of @c against @want, and its valid bits. */
static void check_counters(const struct ostat_net_io_counters *c,
                           const char *name,
                           const uint64_t want[16],
                           uint64_t valid)
{
    int i;

    ck_assert_str_eq(c->name, name);
    ck_assert_uint_eq(c->valid, valid | OSTAT_NET_IO_COUNTERS_NAME);
    for (i = 0; i < 16; i++) {
        if (valid & OSTAT_BIT(i)) {
            ck_assert_msg(nth(c, i) == want[i],
                          "%s: counter %d is %llu, expected %llu", name, i,
                          (unsigned long long)nth(c, i),
                          (unsigned long long)want[i]);
        }
    }
}

/* In valid-bit order: bytes_sent, bytes_recv, packets_sent, packets_recv,
 * errin, errout, dropin, dropout, multicast, collisions, fifoin, fifoout,
 * frame, carrier, compressedin, compressedout. */
#define C16(bs, br, ps, pr, ei, eo, di, dO, mc, co, fi, fo, fr, ca, ci, cO)    \
    {                                                                          \
        bs, br, ps, pr, ei, eo, di, dO, mc, co, fi, fo, fr, ca, ci, cO         \
    }

/* ---- this VM ------------------------------------------------------------ */

START_TEST(this_vm_io_counters)
{
    ostat_ctx *ctx = fx_ctx("net-this-vm");
    struct ostat_net_io_counters c[8], t = OSTAT_NET_IO_COUNTERS_INIT;
    /*     lo:    6534      58    0 ... |    6534      58 ...
     *   eth0: 1570071026   34514 ... |  1284482   17153 ... */
    const uint64_t lo[16] =
        C16(6534, 6534, 58, 58, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const uint64_t eth0[16] = C16(1284482, 1570071026, 17153, 34514, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 0);
    const uint64_t zero[16] = { 0 };
    size_t n = pernic(ctx, 0, c, 8);

    ck_assert_uint_eq(n, 4);
    check_counters(&c[0], "lo", lo, ALL_COUNTERS);
    check_counters(&c[1], "ifb0", zero, ALL_COUNTERS);
    check_counters(&c[2], "ifb1", zero, ALL_COUNTERS);
    check_counters(&c[3], "eth0", eth0, ALL_COUNTERS);
    free_names(c, n);

    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, ALL_COUNTERS);
    ck_assert_ptr_null(t.name);
    ck_assert_uint_eq(t.bytes_sent, 6534 + 1284482);
    ck_assert_uint_eq(t.bytes_recv, 6534 + 1570071026);
    ck_assert_uint_eq(t.packets_sent, 58 + 17153);
    ck_assert_uint_eq(t.packets_recv, 58 + 34514);
    ck_assert_uint_eq(t.errin + t.errout + t.dropin + t.dropout, 0);
    ostat_ctx_free(ctx);
}
END_TEST

/* Element @i of a net_if_stats list. */
static struct ostat_net_if_stats stats_at(const ostat_list *l, size_t i)
{
    struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;

    ck_assert_int_eq(ostat_list_net_if_stats(l, i, &s), 0);
    return s;
}

static const uint64_t st_base =
    OSTAT_NET_IF_STATS_NAME | OSTAT_NET_IF_STATS_ISUP | OSTAT_NET_IF_STATS_MTU |
    OSTAT_NET_IF_STATS_FLAGS;

START_TEST(this_vm_if_stats)
{
    ostat_ctx *ctx = fx_ctx("net-this-vm");
    struct ostat_net_if_stats s;
    ostat_list *l = NULL;

    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 4);
    /* lo: flags 0x9, operstate unknown, mtu 65536; speed and duplex refused
     * by the kernel (EINVAL), so absent from the tree. */
    s = stats_at(l, 0);
    ck_assert_str_eq(s.name, "lo");
    ck_assert_uint_eq(s.valid, st_base);
    ck_assert_int_eq(s.isup, 1);
    ck_assert_str_eq(s.flags, "up,loopback,running");
    ck_assert_int_eq(s.mtu, 65536);
    /* ifb0: flags 0x82, operstate down. */
    s = stats_at(l, 1);
    ck_assert_str_eq(s.name, "ifb0");
    ck_assert_uint_eq(s.valid, st_base);
    ck_assert_int_eq(s.isup, 0);
    ck_assert_str_eq(s.flags, "broadcast,noarp");
    ck_assert_int_eq(s.mtu, 1500);
    /* eth0: 0x1003, up, mtu 1400, speed -1 (SPEED_UNKNOWN), duplex
     * unknown. */
    s = stats_at(l, 3);
    ck_assert_str_eq(s.name, "eth0");
    ck_assert_uint_eq(s.valid, st_base | OSTAT_NET_IF_STATS_DUPLEX);
    ck_assert_int_eq(s.isup, 1);
    ck_assert_str_eq(s.flags, "up,broadcast,running,multicast");
    ck_assert_int_eq(s.mtu, 1400);
    ck_assert_int_eq(s.duplex, OSTAT_NIC_DUPLEX_UNKNOWN);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(if_addrs_needs_the_kernel)
{
    ostat_ctx *ctx = fx_ctx("net-this-vm");
    ostat_list *l = (ostat_list *)(void *)&ctx;

    /* Addresses are not in any file of the tree. */
    ck_assert_int_eq(ostat_net_if_addrs(ctx, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- other kernels -------------------------------------------------------
 */

START_TEST(kernel_2_6_18)
{
    ostat_ctx *ctx = fx_ctx("net-2.6.18");
    struct ostat_net_io_counters c[8], t = OSTAT_NET_IO_COUNTERS_INIT;
    /* "  eth0:4123456789 2900000    1    2    3     4          5         6
     *  98765432 1500000    7    8    9    10      11         12" */
    const uint64_t eth0[16] = C16(98765432, 4123456789, 1500000, 2900000, 1, 7,
                                  2, 8, 6, 10, 3, 9, 4, 11, 5, 12);
    const uint64_t vlan[16] =
        C16(87654321, 12345678, 200, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const uint64_t enp[16] =
        C16(0, 99999999, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    size_t n = pernic(ctx, 0, c, 8);

    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(c[0].name, "lo");
    ck_assert_uint_eq(c[0].bytes_recv, 1048576);
    check_counters(&c[1], "eth0", eth0, ALL_COUNTERS);
    check_counters(&c[2], "eth0.100", vlan, ALL_COUNTERS);
    check_counters(&c[3], "enp0s31f6", enp, ALL_COUNTERS);
    free_names(c, n);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.bytes_recv,
                      1048576 + 4123456789u + 12345678 + 99999999);
    ck_assert_uint_eq(t.carrier, 11);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(kernel_2_0)
{
    ostat_ctx *ctx = fx_ctx("net-2.0");
    struct ostat_net_io_counters c[8], t = OSTAT_NET_IO_COUNTERS_INIT;
    /* face |packets errs drop fifo frame|packets errs drop fifo colls carrier
     *   eth0:  56789    1    2    3    4    45678    5    6    7     8    9
     *  dummy: No statistics available. */
    const uint64_t have =
        OSTAT_NET_IO_COUNTERS_PACKETS_RECV | OSTAT_NET_IO_COUNTERS_ERRIN |
        OSTAT_NET_IO_COUNTERS_DROPIN | OSTAT_NET_IO_COUNTERS_FIFOIN |
        OSTAT_NET_IO_COUNTERS_FRAME | OSTAT_NET_IO_COUNTERS_PACKETS_SENT |
        OSTAT_NET_IO_COUNTERS_ERROUT | OSTAT_NET_IO_COUNTERS_DROPOUT |
        OSTAT_NET_IO_COUNTERS_FIFOOUT | OSTAT_NET_IO_COUNTERS_COLLISIONS |
        OSTAT_NET_IO_COUNTERS_CARRIER;
    const uint64_t eth0[16] =
        C16(0, 0, 45678, 56789, 1, 5, 2, 6, 0, 8, 3, 7, 4, 9, 0, 0);
    size_t n = pernic(ctx, 0, c, 8);

    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(c[0].valid, have | OSTAT_NET_IO_COUNTERS_NAME);
    ck_assert_uint_eq(c[0].packets_recv, 1234);
    check_counters(&c[1], "eth0", eth0, have);
    /* No bytes at all: their bits are clear, not zero counts. */
    ck_assert_uint_eq(c[1].valid & OSTAT_NET_IO_COUNTERS_BYTES_RECV, 0);
    ck_assert_str_eq(c[2].name, "dummy");
    ck_assert_uint_eq(c[2].valid, OSTAT_NET_IO_COUNTERS_NAME);
    free_names(c, n);
    /* A total over a device whose counters are unknown is unknown. */
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.valid, 0);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(no_interfaces)
{
    ostat_ctx *ctx = fx_ctx("net-no-nics");
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_list *l = NULL;

    /* psutil's None and {}. */
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), OSTAT_ENOTSUP);
    ck_assert_uint_eq(t.valid, 0);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(no_proc_net_dev)
{
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    char dir[FX_PATH_MAX];
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    fx_tmp_dir(dir); /* an empty tree */
    ctx = fx_ctx_at(dir);

    /* A kernel built without networking. */
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), OSTAT_ENOTSUP);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- link state from sysfs ----------------------------------------------
 */

/* The element named @name, failing the test if there is none. */
static struct ostat_net_if_stats stats_named(const ostat_list *l,
                                             const char *name)
{
    size_t i;

    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_net_if_stats s = stats_at(l, i);

        if (strcmp(s.name, name) == 0) {
            return s;
        }
    }
    ck_abort_msg("no %s in net_if_stats", name);
    return stats_at(l, 0);
}

START_TEST(sysfs_link_states)
{
    ostat_ctx *ctx = fx_ctx("net-sysfs");
    const uint64_t speed_duplex =
        OSTAT_NET_IF_STATS_SPEED | OSTAT_NET_IF_STATS_DUPLEX;
    struct ostat_net_if_stats s;
    ostat_list *l = NULL;
    size_t i;

    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), 0);
    /* gone0 is in net/dev but has no directory: it went away. */
    ck_assert_uint_eq(ostat_list_count(l), 9);
    for (i = 0; i < ostat_list_count(l); i++) {
        ck_assert_str_ne(stats_at(l, i).name, "gone0");
    }
    /* The order of net/dev. */
    ck_assert_str_eq(stats_at(l, 0).name, "lo");
    ck_assert_str_eq(stats_at(l, 8).name, "dummy0");

    /* eth1: 0x1002 (no IFF_UP), down. */
    s = stats_named(l, "eth1");
    ck_assert_uint_eq(s.valid, st_base);
    ck_assert_int_eq(s.isup, 0);
    ck_assert_str_eq(s.flags, "broadcast,multicast");
    /* eth2: up, 100 Mbit/s half duplex. */
    s = stats_named(l, "eth2");
    ck_assert_uint_eq(s.valid, st_base | speed_duplex);
    ck_assert_int_eq(s.isup, 1);
    ck_assert_int_eq(s.speed, 100);
    ck_assert_int_eq(s.duplex, OSTAT_NIC_DUPLEX_HALF);
    /* tun0: 0x1091, operstate unknown counts as running. */
    s = stats_named(l, "tun0");
    ck_assert_int_eq(s.isup, 1);
    ck_assert_str_eq(s.flags, "up,pointopoint,running,noarp,multicast");
    ck_assert_int_eq(s.mtu, 1420);
    /* wlan0: up but dormant (not associated): not running. */
    s = stats_named(l, "wlan0");
    ck_assert_int_eq(s.isup, 0);
    ck_assert_str_eq(s.flags, "up,broadcast,multicast");
    /* bond0: 0x1403, a master, 2000 Mbit/s full duplex, mtu 9000. */
    s = stats_named(l, "bond0");
    ck_assert_str_eq(s.flags, "up,broadcast,running,master,multicast");
    ck_assert_int_eq(s.speed, 2000);
    ck_assert_int_eq(s.duplex, OSTAT_NIC_DUPLEX_FULL);
    ck_assert_int_eq(s.mtu, 9000);
    /* nomtu0: no mtu and no operstate files: those, isup and flags are
     * unknown; speed and duplex are there. */
    s = stats_named(l, "nomtu0");
    ck_assert_uint_eq(s.valid, OSTAT_NET_IF_STATS_NAME | speed_duplex);
    ck_assert_int_eq(s.speed, 10000);
    /* ens1: promiscuous (0x1103), 400 Gbit/s. */
    s = stats_named(l, "ens1");
    ck_assert_str_eq(s.flags, "up,broadcast,running,promisc,multicast");
    ck_assert_int_eq(s.speed, 400000);
    /* dummy0: flags "0" (the kernel's %#x of zero), speed -1: unknown. */
    s = stats_named(l, "dummy0");
    ck_assert_uint_eq(s.valid, st_base | OSTAT_NET_IF_STATS_DUPLEX);
    ck_assert_str_eq(s.flags, "");
    ck_assert_int_eq(s.isup, 0);
    ck_assert_int_eq(s.duplex, OSTAT_NIC_DUPLEX_UNKNOWN);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- counters across samples --------------------------------------------
 *
 * The trees net-wrap32, net-wrap64 and net-reset hold /proc/net/dev and each
 * interface's ifindex as taken before and after a wrap or a re-created
 * interface. These tests check the raw counters of each stage; what nowrap
 * makes of them is specified with the counter tracker. */

static int
copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw);
static const char *copy_from;
static const char *copy_to;

static int
copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    char buf[65536];
    FILE *f;
    size_t n;

    (void)st;
    (void)ftw;
    if (flag != FTW_F) {
        return 0;
    }
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    fx_write_bytes(copy_to, path + strlen(copy_from) + 1, buf, n);
    return 0;
}

/* Make @dir hold stage @stage of scenario @scenario, and nothing else. */
static void load_stage(const char *dir, const char *scenario, const char *stage)
{
    char src[FX_PATH_MAX], sub[FX_PATH_MAX + 8];

    snprintf(sub, sizeof(sub), "%s/proc", dir);
    fx_rm_rf(sub);
    snprintf(sub, sizeof(sub), "%s/sys", dir);
    fx_rm_rf(sub);
    snprintf(src, sizeof(src), "%s/%s/%s", FIXTURES, scenario, stage);
    copy_from = src;
    copy_to = dir;
    ck_assert_int_eq(nftw(src, copy_one, 16, FTW_PHYS), 0);
}

/* bytes_recv and packets_sent of the interface @name, raw and with nowrap
 * on a context that saw the stages before (nowrap_*; at the first stage
 * the totals are the raw counters). Worked out by hand from the rule of
 * ostat/counter.h: /proc/net/dev's width is unknown, so a drop from a value
 * that fits in 32 bits is tried as a 32-bit wrap, then as a 64-bit one; a
 * changed ifindex is a reset, counted from the new value; a name the scan
 * did not see is forgotten. */
struct sample {
    const char *name;
    uint64_t bytes_recv, packets_sent;
    uint64_t nowrap_bytes_recv, nowrap_packets_sent;
};

static void check_stage(ostat_ctx *ctx,
                        ostat_ctx *nowrap_ctx,
                        const struct sample *want,
                        size_t nwant,
                        int first)
{
    struct ostat_net_io_counters c[8], w[8];
    size_t n = pernic(ctx, 0, c, 8), m, i, k;

    ck_assert_uint_eq(n, nwant);
    for (i = 0; i < nwant; i++) {
        ck_assert_str_eq(c[i].name, want[i].name);
        ck_assert_uint_eq(c[i].valid,
                          ALL_COUNTERS | OSTAT_NET_IO_COUNTERS_NAME);
        ck_assert_uint_eq(c[i].bytes_recv, want[i].bytes_recv);
        ck_assert_uint_eq(c[i].packets_sent, want[i].packets_sent);
    }
    /* With nowrap the same interfaces, every counter valid; on the first
     * sample the totals are the raw counters. */
    m = pernic(nowrap_ctx, OSTAT_NET_IO_NOWRAP, w, 8);
    ck_assert_uint_eq(m, n);
    for (i = 0; i < m; i++) {
        ck_assert_str_eq(w[i].name, c[i].name);
        ck_assert_uint_eq(w[i].valid, c[i].valid);
        for (k = 0; first && k < 16; k++) {
            ck_assert_uint_eq(nth(&w[i], (int)k), nth(&c[i], (int)k));
        }
        if (!first) {
            ck_assert_msg(w[i].bytes_recv == want[i].nowrap_bytes_recv &&
                              w[i].packets_sent == want[i].nowrap_packets_sent,
                          "%s: nowrap bytes_recv %llu packets_sent %llu, "
                          "expected %llu and %llu",
                          want[i].name, (unsigned long long)w[i].bytes_recv,
                          (unsigned long long)w[i].packets_sent,
                          (unsigned long long)want[i].nowrap_bytes_recv,
                          (unsigned long long)want[i].nowrap_packets_sent);
        }
    }
    free_names(c, n);
    free_names(w, m);
}

/* One stage of a scenario: its directory and what it shows. */
struct stage {
    const char *name;
    const struct sample *want;
    size_t nwant;
};

/* The @n stages of @scenario in turn, each checked raw and with nowrap on a
 * context that saw the stages before. */
static void run_stages(const char *scenario, const struct stage *st, size_t n)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx, *nw;
    size_t i;

    fx_tmp_dir(dir);
    load_stage(dir, scenario, st[0].name);
    ctx = fx_ctx_at(dir);
    nw = fx_ctx_at(dir);
    for (i = 0; i < n; i++) {
        if (i > 0) {
            load_stage(dir, scenario, st[i].name);
        }
        check_stage(ctx, nw, st[i].want, st[i].nwant, i == 0);
    }
    ostat_ctx_free(ctx);
    ostat_ctx_free(nw);
}

START_TEST(wrap32_stages)
{
    /* eth0: bytes_recv 4294967000 -> 704 and packets_sent 4294967290 -> 14,
     * both past 2^32; the ifindex stays 2. */
    static const struct sample before[] = {
        { "lo", 1000, 10, 0, 0 }, { "eth0", 4294967000u, 4294967290u, 0, 0 }
    };
    /* eth0 grew by 2^32 - 4294967000 + 704 = 1000 and by 20 packets. */
    static const struct sample after[] = { { "lo", 2000, 20, 2000, 20 },
                                           { "eth0", 704, 14, 4294968000u,
                                             4294967310u } };
    static const struct stage st[] = { { "before", before, 2 },
                                       { "after", after, 2 } };

    run_stages("net-wrap32", st, 2);
}
END_TEST

START_TEST(wrap64_stages)
{
    /* eth0: bytes_recv 2^64 - 1000 -> 1000. */
    static const struct sample before[] = {
        { "lo", 1000, 10, 0, 0 }, { "eth0", UINT64_MAX - 999, 50, 0, 0 }
    };
    /* eth0 grew by 2000 bytes across 2^64: a wrap (the 32-bit try does not
     * apply, the value before did not fit in 32 bits), and the total, kept
     * modulo 2^64 in a uint64_t, comes round to 1000. */
    static const struct sample after[] = { { "lo", 2000, 20, 2000, 20 },
                                           { "eth0", 1000, 60, 1000, 60 } };
    static const struct stage st[] = { { "before", before, 2 },
                                       { "after", after, 2 } };

    run_stages("net-wrap64", st, 2);
}
END_TEST

START_TEST(reset_stages)
{
    /* before: wlan0 (ifindex 3), veth0 (5); after: wlan0 gone, veth0
     * re-created (7) with small counters, tun0 new (8); again: wlan0 back as
     * ifindex 9. */
    static const struct sample before[] = { { "lo", 1000, 10, 0, 0 },
                                            { "eth0", 800000, 700, 0, 0 },
                                            { "wlan0", 300000, 200, 0, 0 },
                                            { "veth0", 5000000, 4000, 0, 0 } };
    /* veth0 was reset (new ifindex): its totals go on from the new values;
     * tun0 is new: its raw counters. */
    static const struct sample after[] = { { "lo", 2000, 20, 2000, 20 },
                                           { "eth0", 810000, 710, 810000, 710 },
                                           { "veth0", 1200, 2, 5001200, 4002 },
                                           { "tun0", 300, 4, 300, 4 } };
    /* wlan0 was forgotten when it was gone: it starts afresh. */
    static const struct sample again[] = { { "lo", 3000, 30, 3000, 30 },
                                           { "eth0", 820000, 720, 820000, 720 },
                                           { "wlan0", 500, 6, 500, 6 },
                                           { "veth0", 2200, 12, 5002200, 4012 },
                                           { "tun0", 400, 5, 400, 5 } };
    static const struct stage st[] = { { "before", before, 4 },
                                       { "after", after, 4 },
                                       { "again", again, 5 } };

    run_stages("net-reset", st, 3);
}
END_TEST

START_TEST(nowrap_arguments)
{
    ostat_ctx *ctx = fx_ctx("net-this-vm");
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_list *l = (ostat_list *)(void *)&ctx;

    /* nowrap needs somewhere to keep the previous sample. */
    t.valid = 1;
    ck_assert_int_eq(ostat_net_io_counters(NULL, OSTAT_NET_IO_NOWRAP, &t),
                     OSTAT_EINVAL);
    ck_assert_uint_eq(t.valid, 0);
    ck_assert_int_eq(
        ostat_net_io_counters_pernic(NULL, OSTAT_NET_IO_NOWRAP, &l),
        OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0x2, &t), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0x80000000u, &l),
                     OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_net_io_counters(ctx, OSTAT_NET_IO_NOWRAP, &t), 0);
    ck_assert_uint_eq(t.valid, ALL_COUNTERS);
    ck_assert_uint_eq(t.bytes_recv, 6534 + 1570071026);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- names from the system ----------------------------------------------
 */

static const char header[] =
    "Inter-|   Receive                                                |  "
    "Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed "
    "multicast|bytes    packets errs drop fifo colls carrier compressed\n";

START_TEST(odd_names_kept)
{
    /* Names are bytes: a quote, a control character and invalid UTF-8
     * (the kernel forbids only '/', ':' and white space), 15 bytes long. */
    static const char odd[] = "q\"\x01\xff\xfe-abcdefghi";
    char dir[FX_PATH_MAX], text[1024], rel[256];
    struct ostat_net_io_counters c[4];
    struct ostat_net_if_stats s;
    ostat_list *l = NULL;
    ostat_ctx *ctx;
    size_t n;

    ck_assert_uint_eq(strlen(odd), 15);
    fx_tmp_dir(dir);
    snprintf(text, sizeof(text),
             "%s%s: 11 12 13 14 15 16 17 18 21 22 23 24 25 26 27 28\n", header,
             odd);
    fx_write(dir, "proc/net/dev", text);
    snprintf(rel, sizeof(rel), "sys/class/net/%s/flags", odd);
    fx_write(dir, rel, "0x1043\n");
    snprintf(rel, sizeof(rel), "sys/class/net/%s/operstate", odd);
    fx_write(dir, rel, "up\n");
    snprintf(rel, sizeof(rel), "sys/class/net/%s/mtu", odd);
    fx_write(dir, rel, "1500\n");
    ctx = fx_ctx_at(dir);
    n = pernic(ctx, 0, c, 4);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(c[0].name, odd);
    ck_assert_uint_eq(c[0].bytes_recv, 11);
    ck_assert_uint_eq(c[0].compressedout, 28);
    free_names(c, n);
    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    s = stats_at(l, 0);
    ck_assert_str_eq(s.name, odd);
    /* 0x1043 has IFF_RUNNING set, which sysfs never shows: running comes
     * from up and the operational state alone. */
    ck_assert_str_eq(s.flags, "up,broadcast,running,multicast");
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(many_interfaces)
{
    enum { N = 4000 };
    char dir[FX_PATH_MAX];
    size_t cap = sizeof(header) + (size_t)N * 96, len, i;
    char *text = malloc(cap);
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_list *l = NULL;
    ostat_ctx *ctx;

    ck_assert_ptr_nonnull(text);
    len = (size_t)snprintf(text, cap, "%s", header);
    for (i = 0; i < N; i++) {
        len += (size_t)snprintf(text + len, cap - len,
                                "veth%zu: %zu 1 0 0 0 0 0 0 %zu 2 0 0 0 0 0 "
                                "0\n",
                                i, i, 2 * i);
    }
    fx_tmp_dir(dir);
    fx_write_bytes(dir, "proc/net/dev", text, len);
    free(text);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, OSTAT_NET_IO_NOWRAP, &l),
                     0);
    ck_assert_uint_eq(ostat_list_count(l), N);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    ck_assert_uint_eq(t.bytes_recv, (uint64_t)N * (N - 1) / 2);
    ck_assert_uint_eq(t.bytes_sent, (uint64_t)N * (N - 1));
    ck_assert_uint_eq(t.packets_recv, N);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- malformed files ----------------------------------------------------
 */

/* Every call that reads /proc/net/dev of case @name fails with
 * OSTAT_EPARSE naming it and line @line. */
static void expect_dev_parse(const char *name, int line)
{
    char root[FX_PATH_MAX];
    ostat_ctx *ctx = fx_malformed_ctx(name, "proc", root);
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_list *l = (ostat_list *)(void *)&t;

    t.valid = 1;
    ostat_error_clear();
    fx_check_error(ostat_net_io_counters(ctx, 0, &t), OSTAT_EPARSE, root,
                   "net/dev", line);
    ck_assert_uint_eq(t.valid, 0);
    ostat_error_clear();
    fx_check_error(ostat_net_io_counters_pernic(ctx, OSTAT_NET_IO_NOWRAP, &l),
                   OSTAT_EPARSE, root, "net/dev", line);
    ck_assert_ptr_null(l);
    l = (ostat_list *)(void *)&t;
    ostat_error_clear();
    fx_check_error(ostat_net_if_stats(ctx, &l), OSTAT_EPARSE, root, "net/dev",
                   line);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}

START_TEST(dev_malformed)
{
    /* "  eth0: 1570071026   34514    0    0    0" and no newline. */
    expect_dev_parse("net-dev-truncated", 4);
    /* Counters where the header belongs. */
    expect_dev_parse("net-dev-no-header", 1);
    /* " face  bytes packets errs drop": no '|' between the directions. */
    expect_dev_parse("net-dev-bad-columns", 2);
    /* "  eth0:       1x2       0 ..." */
    expect_dev_parse("net-dev-garbage", 4);
    /* A 17th counter under 16 columns. */
    expect_dev_parse("net-dev-extra-counter", 4);
    /* "  eth0       0 ...": no colon. */
    expect_dev_parse("net-dev-no-colon", 4);
    /* " et/h0: ...": a name the kernel cannot give. */
    expect_dev_parse("net-dev-bad-name", 4);
    /* 18446744073709551616 is 2^64. */
    expect_dev_parse("net-dev-overflow", 4);
    /* Nothing, and the first header line alone. */
    expect_dev_parse("net-dev-empty", 0);
    expect_dev_parse("net-dev-header-only-one", 1);
}
END_TEST

/* net_if_stats of case @name fails with OSTAT_EPARSE naming
 * sys/class/net/eth0/@attr; the counters still read. */
static void expect_sys_parse(const char *name, const char *attr)
{
    char root[FX_PATH_MAX], rel[64];
    ostat_ctx *ctx = fx_malformed_ctx(name, "sys", root);
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_list *l = (ostat_list *)(void *)&t;

    snprintf(rel, sizeof(rel), "class/net/eth0/%s", attr);
    ostat_error_clear();
    fx_check_error(ostat_net_if_stats(ctx, &l), OSTAT_EPARSE, root, rel, 1);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    ostat_ctx_free(ctx);
}

START_TEST(sys_malformed)
{
    expect_sys_parse("net-sys-bad-mtu", "mtu");             /* "abc" */
    expect_sys_parse("net-sys-bad-flags", "flags");         /* "1003" */
    expect_sys_parse("net-sys-bad-operstate", "operstate"); /* "sideways" */
    expect_sys_parse("net-sys-bad-speed", "speed");         /* "fast" */
    expect_sys_parse("net-sys-bad-duplex", "duplex");       /* "both" */
    expect_sys_parse("net-sys-long-mtu", "mtu");            /* 100 digits */
}
END_TEST

START_TEST(dev_binary_garbage)
{
    char dir[FX_PATH_MAX], root[FX_PATH_MAX + 8];
    unsigned char junk[4096];
    ostat_ctx *ctx;
    ostat_list *l = NULL;
    size_t i;
    int rc;

    /* Random bytes (NULs included) after a good header: an error, never a
     * crash or a made-up interface. */
    srand(7);
    for (i = 0; i < sizeof(junk); i++) {
        junk[i] = (unsigned char)(rand() & 0xff);
    }
    fx_tmp_dir(dir);
    fx_write_bytes(dir, "proc/net/dev", junk, sizeof(junk));
    snprintf(root, sizeof(root), "%s/proc", dir);
    ctx = fx_ctx_at(dir);
    rc = ostat_net_io_counters_pernic(ctx, 0, &l);
    fx_check_error(rc, OSTAT_EPARSE, root, "net/dev", 0);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

static Suite *net_suite(void)
{
    Suite *s = suite_create("linux-net");
    TCase *tc;

    tc = tcase_create("recorded");
    tcase_add_test(tc, this_vm_io_counters);
    tcase_add_test(tc, this_vm_if_stats);
    tcase_add_test(tc, if_addrs_needs_the_kernel);
    tcase_add_test(tc, kernel_2_6_18);
    tcase_add_test(tc, kernel_2_0);
    tcase_add_test(tc, no_interfaces);
    tcase_add_test(tc, sysfs_link_states);
    tcase_add_test(tc, nowrap_arguments);
    tcase_add_test(tc, dev_malformed);
    tcase_add_test(tc, sys_malformed);
    suite_add_tcase(s, tc);

    tc = tcase_create("written");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, wrap32_stages);
    tcase_add_test(tc, wrap64_stages);
    tcase_add_test(tc, reset_stages);
    tcase_add_test(tc, odd_names_kept);
    tcase_add_test(tc, many_interfaces);
    tcase_add_test(tc, dev_binary_garbage);
    tcase_add_test(tc, no_proc_net_dev);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(net_suite());
}
