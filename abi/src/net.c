/* SPDX-License-Identifier: MIT */
/* net.c: the public network functions: I/O counters (raw or wrap-safe,
 * per interface and summed), addresses and link statistics. */
#include "backend.h"

#define OFF(m) offsetof(struct ostat_net_io_counters, m)

const size_t ostat__net_io_offsets[OSTAT__NET_IO_NCOUNTERS] = {
    OFF(bytes_sent), OFF(bytes_recv), OFF(packets_sent), OFF(packets_recv),
    OFF(errin),      OFF(errout),     OFF(dropin),       OFF(dropout),
    OFF(multicast),  OFF(collisions), OFF(fifoin),       OFF(fifoout),
    OFF(frame),      OFF(carrier),    OFF(compressedin), OFF(compressedout),
};

static uint64_t *counter(struct ostat_net_io_counters *c, size_t i)
{
    return (uint64_t *)(void *)((char *)c + ostat__net_io_offsets[i]);
}

static int check_flags(ostat_ctx *ctx, uint32_t flags, const char *fn)
{
    if ((flags & ~OSTAT_NET_IO_NOWRAP) != 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: unknown flags 0x%x", fn,
                          (unsigned)flags);
    }
    if ((flags & OSTAT_NET_IO_NOWRAP) && ctx == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "%s: nowrap keeps the previous sample of each "
                          "interface, which needs a context",
                          fn);
    }
    return 0;
}

/* Rewrite each interface's counters as wrap-safe totals. A failure leaves
 * the scan unfinished, so no interface's history is forgotten. */
static int apply_nowrap(ostat_ctx *c, ostat_list *l)
{
    size_t i, k, n = ostat_list_count(l);
    int rc;

    if ((rc = ostat__nowrap_begin(c, OSTAT__NOWRAP_NET)) != 0) {
        return rc;
    }
    for (i = 0; i < n; i++) {
        struct ostat__nic_io *e = ostat__list_at(l, i);
        uint64_t vals[OSTAT__NET_IO_NCOUNTERS];

        for (k = 0; k < OSTAT__NET_IO_NCOUNTERS; k++) {
            vals[k] = *counter(&e->c, k);
        }
        /* The widths are unknown (NULL) for all counters: /proc/net/dev
         * prints every counter as a 64-bit number, but the counter behind
         * it may be narrower: drivers that keep the classic unsigned long
         * statistics wrap at 2^32 on 32-bit kernels, and some copy 32-bit
         * hardware registers into them on any kernel, and the file does not
         * say which. A re-created interface is told apart by its ifindex,
         * the generation. */
        rc = ostat__nowrap_row(c, OSTAT__NOWRAP_NET, e->c.name, e->generation,
                               vals, NULL, OSTAT__NET_IO_NCOUNTERS);
        if (rc != 0) {
            return rc;
        }
        for (k = 0; k < OSTAT__NET_IO_NCOUNTERS; k++) {
            *counter(&e->c, k) = vals[k];
        }
    }
    ostat__nowrap_end(c, OSTAT__NOWRAP_NET);
    return 0;
}

/* Every interface's counters into @l, made wrap-safe if @flags asks. */
static int fill_pernic(ostat_ctx *c, ostat_list *l, int32_t flags)
{
    int nowrap = ((uint32_t)flags & OSTAT_NET_IO_NOWRAP) != 0;
    int rc = ostat__os_net_io_counters(c, l, nowrap);

    if (rc == 0 && nowrap) {
        rc = apply_nowrap(c, l);
    }
    return rc;
}

static int fill_net_io_counters(ostat_ctx *c, void *s, int32_t flags)
{
    struct ostat_net_io_counters *out = s;
    uint64_t valid = OSTAT_BIT(OSTAT__NET_IO_NCOUNTERS) - 1;
    ostat_list *l = NULL;
    size_t i, k, n;
    int rc;

    if ((rc = ostat__list_new(OSTAT__LIST_NET_IO_COUNTERS,
                              sizeof(struct ostat__nic_io), &l)) != 0) {
        return rc;
    }
    if ((rc = fill_pernic(c, l, flags)) != 0) {
        ostat_list_free(l);
        return rc;
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat__nic_io *e = ostat__list_at(l, i);

        valid &= e->c.valid;
        for (k = 0; k < OSTAT__NET_IO_NCOUNTERS; k++) {
            *counter(out, k) += *counter(&e->c, k);
        }
    }
    ostat_list_free(l);
    if (n == 0) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "net_io_counters: there is no network interface");
    }
    out->valid = valid;
    return 0;
}

int ostat_net_io_counters(ostat_ctx *ctx,
                          uint32_t flags,
                          struct ostat_net_io_counters *out)
{
    int rc;

    if ((rc = check_flags(ctx, flags, "ostat_net_io_counters")) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    return ostat__snapshot(ctx, out, &ostat__layout_net_io_counters,
                           fill_net_io_counters, (int32_t)flags);
}

int ostat_net_io_counters_pernic(ostat_ctx *ctx,
                                 uint32_t flags,
                                 ostat_list **out)
{
    int rc;

    /* Bad flags, unless ostat__list_result has a NULL out to report. */
    if (out != NULL &&
        (rc = check_flags(ctx, flags, "ostat_net_io_counters_pernic")) != 0) {
        *out = NULL;
        return rc;
    }
    return ostat__list_result(ctx, out, OSTAT__LIST_NET_IO_COUNTERS,
                              sizeof(struct ostat__nic_io), fill_pernic,
                              (int32_t)flags, "ostat_net_io_counters_pernic");
}

int ostat_list_net_io_counters(const ostat_list *list,
                               size_t index,
                               struct ostat_net_io_counters *out)
{
    return ostat__list_copy(list, OSTAT__LIST_NET_IO_COUNTERS, index, out,
                            &ostat__layout_net_io_counters);
}

static int fill_net_if_addrs(ostat_ctx *c, ostat_list *l, int32_t arg)
{
    (void)arg;
    return ostat__os_net_if_addrs(c, l);
}

int ostat_net_if_addrs(ostat_ctx *ctx, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_NET_IF_ADDR,
                              sizeof(struct ostat_net_if_addr),
                              fill_net_if_addrs, 0, "ostat_net_if_addrs");
}

int ostat_list_net_if_addr(const ostat_list *list,
                           size_t index,
                           struct ostat_net_if_addr *out)
{
    return ostat__list_copy(list, OSTAT__LIST_NET_IF_ADDR, index, out,
                            &ostat__layout_net_if_addr);
}

static int fill_net_if_stats(ostat_ctx *c, ostat_list *l, int32_t arg)
{
    (void)arg;
    return ostat__os_net_if_stats(c, l);
}

int ostat_net_if_stats(ostat_ctx *ctx, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_NET_IF_STATS,
                              sizeof(struct ostat_net_if_stats),
                              fill_net_if_stats, 0, "ostat_net_if_stats");
}

int ostat_list_net_if_stats(const ostat_list *list,
                            size_t index,
                            struct ostat_net_if_stats *out)
{
    return ostat__list_copy(list, OSTAT__LIST_NET_IF_STATS, index, out,
                            &ostat__layout_net_if_stats);
}
