/* SPDX-License-Identifier: MIT */
/* cmd_net.c: the network subcommands: net_io_counters, net_if_addrs,
 * net_if_stats, and ifconfig (every interface with its state, traffic and
 * addresses, as psutil's scripts/ifconfig.py shows them). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

#define NIO(member, kind, bit) FIELD(ostat_net_io_counters, member, kind, bit)

/* The interface's name, then every counter in psutil's order and then
 * Linux's others. */
static const struct field net_io_fields[] = {
    { "nic", FK_STRING, offsetof(struct ostat_net_io_counters, name),
      OSTAT_NET_IO_COUNTERS_NAME },
    NIO(bytes_sent, FK_BYTES, OSTAT_NET_IO_COUNTERS_BYTES_SENT),
    NIO(bytes_recv, FK_BYTES, OSTAT_NET_IO_COUNTERS_BYTES_RECV),
    NIO(packets_sent, FK_COUNT, OSTAT_NET_IO_COUNTERS_PACKETS_SENT),
    NIO(packets_recv, FK_COUNT, OSTAT_NET_IO_COUNTERS_PACKETS_RECV),
    NIO(errin, FK_COUNT, OSTAT_NET_IO_COUNTERS_ERRIN),
    NIO(errout, FK_COUNT, OSTAT_NET_IO_COUNTERS_ERROUT),
    NIO(dropin, FK_COUNT, OSTAT_NET_IO_COUNTERS_DROPIN),
    NIO(dropout, FK_COUNT, OSTAT_NET_IO_COUNTERS_DROPOUT),
    NIO(multicast, FK_COUNT, OSTAT_NET_IO_COUNTERS_MULTICAST),
    NIO(collisions, FK_COUNT, OSTAT_NET_IO_COUNTERS_COLLISIONS),
    NIO(fifoin, FK_COUNT, OSTAT_NET_IO_COUNTERS_FIFOIN),
    NIO(fifoout, FK_COUNT, OSTAT_NET_IO_COUNTERS_FIFOOUT),
    NIO(frame, FK_COUNT, OSTAT_NET_IO_COUNTERS_FRAME),
    NIO(carrier, FK_COUNT, OSTAT_NET_IO_COUNTERS_CARRIER),
    NIO(compressedin, FK_COUNT, OSTAT_NET_IO_COUNTERS_COMPRESSEDIN),
    NIO(compressedout, FK_COUNT, OSTAT_NET_IO_COUNTERS_COMPRESSEDOUT),
};
/* Every counter: a record. */
static const struct fieldset fs_net_io = { net_io_fields + 1, 16 };
/* The table of --pernic: the interface, then psutil's eight counters. */
static const struct fieldset fs_net_io_row = { net_io_fields, 9 };

/* ---- reading the lists ---------------------------------------------------
 *
 * Each list is copied out whole before anything is printed, so that a
 * failure leaves no half-written document. */

struct io_set {
    size_t n;
    struct ostat_net_io_counters *e;
};

struct addr_set {
    size_t n;
    struct ostat_net_if_addr *e;
};

struct stats_set {
    size_t n;
    struct ostat_net_if_stats *e;
};

static int get_io(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_net_io_counters(l, i, out);
}

static int get_addr(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_net_if_addr(l, i, out);
}

static int get_stats(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_net_if_stats(l, i, out);
}

static int
read_io(ostat_ctx *ctx, uint32_t flags, ostat_list **l, struct io_set *s)
{
    static const struct ostat_net_io_counters init = OSTAT_NET_IO_COUNTERS_INIT;
    int rc;

    s->n = 0;
    s->e = NULL;
    if ((rc = ostat_net_io_counters_pernic(ctx, flags, l)) == 0) {
        s->e = fields_copy_list(*l, get_io, &init, sizeof(init), &s->n, &rc);
    }
    return rc;
}

static int read_addrs(ostat_ctx *ctx, ostat_list **l, struct addr_set *s)
{
    static const struct ostat_net_if_addr init = OSTAT_NET_IF_ADDR_INIT;
    int rc;

    s->n = 0;
    s->e = NULL;
    if ((rc = ostat_net_if_addrs(ctx, l)) == 0) {
        s->e = fields_copy_list(*l, get_addr, &init, sizeof(init), &s->n, &rc);
    }
    return rc;
}

static int read_stats(ostat_ctx *ctx, ostat_list **l, struct stats_set *s)
{
    static const struct ostat_net_if_stats init = OSTAT_NET_IF_STATS_INIT;
    int rc;

    s->n = 0;
    s->e = NULL;
    if ((rc = ostat_net_if_stats(ctx, l)) == 0) {
        s->e = fields_copy_list(*l, get_stats, &init, sizeof(init), &s->n, &rc);
    }
    return rc;
}

/* psutil's names of the constants. */
static const char *family_name(int32_t family)
{
    switch (family) {
    case OSTAT_AF_INET:
        return "AF_INET";
    case OSTAT_AF_INET6:
        return "AF_INET6";
    case OSTAT_AF_LINK:
        return "AF_LINK";
    default:
        return "AF_UNSPEC";
    }
}

static const char *duplex_name(int32_t duplex)
{
    switch (duplex) {
    case OSTAT_NIC_DUPLEX_FULL:
        return "NIC_DUPLEX_FULL";
    case OSTAT_NIC_DUPLEX_HALF:
        return "NIC_DUPLEX_HALF";
    default:
        return "NIC_DUPLEX_UNKNOWN";
    }
}

static const char *duplex_word(int32_t duplex)
{
    switch (duplex) {
    case OSTAT_NIC_DUPLEX_FULL:
        return "full";
    case OSTAT_NIC_DUPLEX_HALF:
        return "half";
    default:
        return "unknown";
    }
}

/* ---- net_io_counters ---------------------------------------------------- */

int net_io_counters_run(ostat_ctx *ctx, const struct opts *o)
{
    uint32_t flags = (o->given & OPT_NOWRAP) ? OSTAT_NET_IO_NOWRAP : 0;
    ostat_list *l = NULL;
    struct io_set s;
    int rc;

    if (!(o->given & OPT_PERNIC)) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;

        rc = ostat_net_io_counters(ctx, flags, &c);
        if (rc == OSTAT_ENOTSUP) {
            /* psutil's None: no interface at all. */
            puts(o->json ? "null" : "no network interface");
            return 0;
        }
        if (rc != 0) {
            return out_error("net_io_counters", rc);
        }
        fields_print(o->json, &fs_net_io, &c, c.valid);
        return 0;
    }
    if ((rc = read_io(ctx, flags, &l, &s)) != 0) {
        ostat_list_free(l);
        return out_error("net_io_counters", rc);
    }
    fields_print_named(o->json, &fs_net_io, &fs_net_io_row, s.e, s.n,
                       sizeof(*s.e), "no network interface");
    free(s.e);
    ostat_list_free(l);
    return 0;
}

/* ---- net_if_addrs ------------------------------------------------------- */

/* The members after the family. */
static const struct field addr_fields[] = {
    FIELD(ostat_net_if_addr, address, FK_STRING, OSTAT_NET_IF_ADDR_ADDRESS),
    FIELD(ostat_net_if_addr, netmask, FK_STRING, OSTAT_NET_IF_ADDR_NETMASK),
    FIELD(ostat_net_if_addr, broadcast, FK_STRING, OSTAT_NET_IF_ADDR_BROADCAST),
    FIELD(ostat_net_if_addr, ptp, FK_STRING, OSTAT_NET_IF_ADDR_PTP),
};
static const struct fieldset fs_addr = SET(addr_fields);

static void addr_members(struct json *j, const struct ostat_net_if_addr *a)
{
    json_key(j, "family");
    json_string(j, family_name(a->family));
    fields_members(j, &fs_addr, a, a->valid);
}

/* The addresses of @s from @from that belong to the same interface, as a
 * JSON array; returns the index after them. */
static size_t
addr_group_json(struct json *j, const struct addr_set *s, size_t from)
{
    size_t i = from;

    json_begin_array(j);
    do {
        json_begin_object(j);
        addr_members(j, &s->e[i]);
        json_end_object(j);
        i++;
    } while (i < s->n && strcmp(s->e[i].name, s->e[from].name) == 0);
    json_end_array(j);
    return i;
}

int net_if_addrs_run(ostat_ctx *ctx, const struct opts *o)
{
    ostat_list *l = NULL;
    struct addr_set s;
    struct table t;
    struct json j;
    size_t i;
    int rc;

    if ((rc = read_addrs(ctx, &l, &s)) != 0) {
        ostat_list_free(l);
        return out_error("net_if_addrs", rc);
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        for (i = 0; i < s.n;) {
            json_key_string(&j, s.e[i].name);
            i = addr_group_json(&j, &s, i);
        }
        json_end_object(&j);
        json_finish(&j);
    } else if (s.n == 0) {
        puts("no network interface");
    } else {
        table_init(&t, 6, 0x3f);
        table_add(&t, "nic");
        table_add(&t, "family");
        table_add(&t, "address");
        table_add(&t, "netmask");
        table_add(&t, "broadcast");
        table_add(&t, "ptp");
        for (i = 0; i < s.n; i++) {
            const struct ostat_net_if_addr *a = &s.e[i];

            table_add_text(&t, a->name);
            table_add(&t, family_name(a->family));
            fields_row(&t, &fs_addr, a, a->valid);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(s.e);
    ostat_list_free(l);
    return 0;
}

/* ---- net_if_stats ------------------------------------------------------- */

/* The members after isup and duplex. */
static const struct field stats_fields[] = {
    FIELD(ostat_net_if_stats, speed, FK_INT64, OSTAT_NET_IF_STATS_SPEED),
    FIELD(ostat_net_if_stats, mtu, FK_INT64, OSTAT_NET_IF_STATS_MTU),
    FIELD(ostat_net_if_stats, flags, FK_STRING, OSTAT_NET_IF_STATS_FLAGS),
};
static const struct fieldset fs_stats = SET(stats_fields);

static void stats_json(struct json *j, const struct ostat_net_if_stats *s)
{
    json_begin_object(j);
    json_key(j, "isup");
    if (s->valid & OSTAT_NET_IF_STATS_ISUP) {
        json_bool(j, s->isup);
    } else {
        json_null(j);
    }
    json_key(j, "duplex");
    json_string(j, (s->valid & OSTAT_NET_IF_STATS_DUPLEX)
                       ? duplex_name(s->duplex)
                       : NULL);
    fields_members(j, &fs_stats, s, s->valid);
    json_end_object(j);
}

int net_if_stats_run(ostat_ctx *ctx, const struct opts *o)
{
    ostat_list *l = NULL;
    struct stats_set s;
    struct table t;
    struct json j;
    size_t i;
    int rc;

    if ((rc = read_stats(ctx, &l, &s)) != 0) {
        ostat_list_free(l);
        return out_error("net_if_stats", rc);
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        for (i = 0; i < s.n; i++) {
            json_key_string(&j, s.e[i].name);
            stats_json(&j, &s.e[i]);
        }
        json_end_object(&j);
        json_finish(&j);
    } else if (s.n == 0) {
        puts("no network interface");
    } else {
        table_init(&t, 6, 1u | 2u | 4u | 32u);
        table_add(&t, "nic");
        table_add(&t, "isup");
        table_add(&t, "duplex");
        table_add(&t, "speed");
        table_add(&t, "mtu");
        table_add(&t, "flags");
        for (i = 0; i < s.n; i++) {
            const struct ostat_net_if_stats *e = &s.e[i];

            table_add_text(&t, e->name);
            table_add(&t, !(e->valid & OSTAT_NET_IF_STATS_ISUP) ? "-"
                          : e->isup                             ? "yes"
                                                                : "no");
            table_add(&t, (e->valid & OSTAT_NET_IF_STATS_DUPLEX)
                              ? duplex_word(e->duplex)
                              : "-");
            fields_row(&t, &fs_stats, e, e->valid);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(s.e);
    ostat_list_free(l);
    return 0;
}

/* ---- ifconfig ----------------------------------------------------------- */

/* Everything known about the interfaces, by name. */
struct nics {
    struct io_set io;
    struct addr_set addrs;
    struct stats_set stats;
    ostat_list *lists[3];
    int have_addrs;
    const char **names; /* each interface once, in the order shown */
    size_t n;
};

static int known(const struct nics *x, const char *name)
{
    size_t i;

    for (i = 0; i < x->n; i++) {
        if (strcmp(x->names[i], name) == 0) {
            return 1;
        }
    }
    return 0;
}

static void add_name(struct nics *x, const char *name, size_t *cap)
{
    if (known(x, name)) {
        return;
    }
    if (x->n == *cap) {
        const char **more;

        *cap = *cap ? *cap * 2 : 16;
        more = out_malloc(*cap * sizeof(*more));
        if (x->n > 0) {
            memcpy(more, x->names, x->n * sizeof(*more));
        }
        free(x->names);
        x->names = more;
    }
    x->names[x->n++] = name;
}

/* Read what can be read; the first real failure is returned (OSTAT_ENOTSUP
 * only leaves that part out, as addresses of a recorded tree). */
static int nics_read(ostat_ctx *ctx, struct nics *x)
{
    size_t i, cap = 0;
    int rc;

    memset(x, 0, sizeof(*x));
    rc = read_stats(ctx, &x->lists[0], &x->stats);
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return rc;
    }
    rc = read_io(ctx, 0, &x->lists[1], &x->io);
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return rc;
    }
    rc = read_addrs(ctx, &x->lists[2], &x->addrs);
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return rc;
    }
    x->have_addrs = rc == 0;
    /* The kernel's interfaces in the order of their addresses (the link
     * addresses come in ifindex order), then any others. */
    for (i = 0; i < x->addrs.n; i++) {
        add_name(x, x->addrs.e[i].name, &cap);
    }
    for (i = 0; i < x->stats.n; i++) {
        add_name(x, x->stats.e[i].name, &cap);
    }
    for (i = 0; i < x->io.n; i++) {
        add_name(x, x->io.e[i].name, &cap);
    }
    return 0;
}

static void nics_free(struct nics *x)
{
    int k;

    free(x->io.e);
    free(x->addrs.e);
    free(x->stats.e);
    free(x->names);
    for (k = 0; k < 3; k++) {
        ostat_list_free(x->lists[k]);
    }
}

static const struct ostat_net_if_stats *stats_of(const struct nics *x,
                                                 const char *name)
{
    size_t i;

    for (i = 0; i < x->stats.n; i++) {
        if (strcmp(x->stats.e[i].name, name) == 0) {
            return &x->stats.e[i];
        }
    }
    return NULL;
}

static const struct ostat_net_io_counters *io_of(const struct nics *x,
                                                 const char *name)
{
    size_t i;

    for (i = 0; i < x->io.n; i++) {
        if (strcmp(x->io.e[i].name, name) == 0) {
            return &x->io.e[i];
        }
    }
    return NULL;
}

/* "1.2M in 345 packets, 0 errors, 0 dropped" for one direction. */
static void traffic(struct table *t,
                    const char *label,
                    uint64_t valid,
                    uint64_t bytes,
                    uint64_t bbit,
                    uint64_t packets,
                    uint64_t pbit,
                    uint64_t errs,
                    uint64_t ebit,
                    uint64_t drops,
                    uint64_t dbit)
{
    char human[32], *s, *next;

    s = out_strdup("");
    if (valid & bbit) {
        out_bytes(bytes, human, sizeof(human));
        next = out_asprintf("%s", human);
        free(s);
        s = next;
    }
    if (valid & pbit) {
        next = out_asprintf("%s%s%" PRIu64 " packets", s, s[0] ? " in " : "",
                            packets);
        free(s);
        s = next;
    }
    if (valid & ebit) {
        next =
            out_asprintf("%s%s%" PRIu64 " errors", s, s[0] ? ", " : "", errs);
        free(s);
        s = next;
    }
    if (valid & dbit) {
        next =
            out_asprintf("%s%s%" PRIu64 " dropped", s, s[0] ? ", " : "", drops);
        free(s);
        s = next;
    }
    table_add(t, label);
    table_add(t, s[0] ? s : "-");
    free(s);
}

static void ifconfig_text(const struct nics *x)
{
    size_t i, k;

    for (i = 0; i < x->n; i++) {
        const char *name = x->names[i];
        const struct ostat_net_if_stats *st = stats_of(x, name);
        const struct ostat_net_io_counters *io = io_of(x, name);
        char *shown = out_sanitize(name), *line;
        struct table t;

        /* "eth0  up, 1000 Mbit/s, full duplex, mtu 1500" */
        line = out_strdup(shown);
        if (st != NULL) {
            char *next;

            if (st->valid & OSTAT_NET_IF_STATS_ISUP) {
                next = out_asprintf("%s  %s", line, st->isup ? "up" : "down");
                free(line);
                line = next;
            }
            if (st->valid & OSTAT_NET_IF_STATS_SPEED) {
                next = out_asprintf("%s, %" PRId64 " Mbit/s", line, st->speed);
                free(line);
                line = next;
            }
            if (st->valid & OSTAT_NET_IF_STATS_DUPLEX) {
                next = out_asprintf("%s, %s duplex", line,
                                    duplex_word(st->duplex));
                free(line);
                line = next;
            }
            if (st->valid & OSTAT_NET_IF_STATS_MTU) {
                next = out_asprintf("%s, mtu %" PRId64, line, st->mtu);
                free(line);
                line = next;
            }
        }
        puts(line);
        free(line);
        free(shown);

        table_init(&t, 2, 3u);
        if (st != NULL && (st->valid & OSTAT_NET_IF_STATS_FLAGS)) {
            table_add(&t, "flags");
            table_add_text(&t, st->flags[0] ? st->flags : "(none)");
        }
        if (io != NULL) {
            traffic(&t, "received", io->valid, io->bytes_recv,
                    OSTAT_NET_IO_COUNTERS_BYTES_RECV, io->packets_recv,
                    OSTAT_NET_IO_COUNTERS_PACKETS_RECV, io->errin,
                    OSTAT_NET_IO_COUNTERS_ERRIN, io->dropin,
                    OSTAT_NET_IO_COUNTERS_DROPIN);
            traffic(&t, "sent", io->valid, io->bytes_sent,
                    OSTAT_NET_IO_COUNTERS_BYTES_SENT, io->packets_sent,
                    OSTAT_NET_IO_COUNTERS_PACKETS_SENT, io->errout,
                    OSTAT_NET_IO_COUNTERS_ERROUT, io->dropout,
                    OSTAT_NET_IO_COUNTERS_DROPOUT);
        }
        for (k = 0; k < x->addrs.n; k++) {
            const struct ostat_net_if_addr *a = &x->addrs.e[k];
            char *addr, *more;

            if (strcmp(a->name, name) != 0 || a->family == OSTAT_AF_UNSPEC) {
                continue;
            }
            table_add(&t, a->family == OSTAT_AF_INET    ? "inet"
                          : a->family == OSTAT_AF_INET6 ? "inet6"
                                                        : "link");
            addr = out_sanitize(a->address);
            if (a->valid & OSTAT_NET_IF_ADDR_NETMASK) {
                more = out_asprintf("%s  netmask %s", addr, a->netmask);
                free(addr);
                addr = more;
            }
            if (a->valid & OSTAT_NET_IF_ADDR_BROADCAST) {
                more = out_asprintf("%s  broadcast %s", addr, a->broadcast);
                free(addr);
                addr = more;
            }
            if (a->valid & OSTAT_NET_IF_ADDR_PTP) {
                more = out_asprintf("%s  peer %s", addr, a->ptp);
                free(addr);
                addr = more;
            }
            /* The addresses are numeric; sanitise once more all the same. */
            more = out_sanitize(addr);
            table_add(&t, more);
            free(more);
            free(addr);
        }
        table_print(&t, stdout, 4);
        table_free(&t);
        if (i + 1 < x->n) {
            fputc('\n', stdout);
        }
    }
}

static void ifconfig_json(const struct nics *x)
{
    struct json j;
    size_t i, k;

    json_init(&j, stdout);
    json_begin_object(&j);
    for (i = 0; i < x->n; i++) {
        const char *name = x->names[i];
        const struct ostat_net_if_stats *st = stats_of(x, name);
        const struct ostat_net_io_counters *io = io_of(x, name);

        json_key_string(&j, name);
        json_begin_object(&j);
        json_key(&j, "stats");
        if (st != NULL) {
            stats_json(&j, st);
        } else {
            json_null(&j);
        }
        json_key(&j, "io_counters");
        if (io != NULL) {
            fields_json(&j, &fs_net_io, io, io->valid);
        } else {
            json_null(&j);
        }
        json_key(&j, "addrs");
        if (!x->have_addrs) {
            json_null(&j);
        } else {
            json_begin_array(&j);
            for (k = 0; k < x->addrs.n; k++) {
                if (strcmp(x->addrs.e[k].name, name) == 0) {
                    json_begin_object(&j);
                    addr_members(&j, &x->addrs.e[k]);
                    json_end_object(&j);
                }
            }
            json_end_array(&j);
        }
        json_end_object(&j);
    }
    json_end_object(&j);
    json_finish(&j);
}

int ifconfig_run(ostat_ctx *ctx, const struct opts *o)
{
    struct nics x;
    int rc;

    if ((rc = nics_read(ctx, &x)) != 0) {
        nics_free(&x);
        return out_error("ifconfig", rc);
    }
    if (o->json) {
        ifconfig_json(&x);
    } else if (x.n == 0) {
        puts("no network interface");
    } else {
        ifconfig_text(&x);
    }
    nics_free(&x);
    return 0;
}
