/* SPDX-License-Identifier: MIT */
/* net.c: network interfaces. Counters and names come from /proc/net/dev;
 * on the running system, link state comes from ioctls and addresses from
 * getifaddrs(), which answer for the calling thread's network namespace;
 * with a procfs or sysfs tree, link state is read from
 * <sysfs>/class/net/<name>/ (sysfs shows the namespace it was mounted in,
 * so the running system does not use it). */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>

#include "linux.h"

/* Longer names than the kernel allows (15 bytes) are refused as garbage. */
#define NAME_MAX_LEN 63

/* ---- /proc/net/dev --------------------------------------------------------
 *
 * Inter-|   Receive                            |  Transmit
 *  face |bytes    packets errs drop fifo ... multicast|bytes    packets ...
 *     lo:  6534      58    0    0    0     0          0         0     6534 ...
 *
 * The second header line names the columns of each direction; they are
 * mapped by name, so the layouts of old kernels (Linux 2.0 had no bytes and
 * fewer columns) read as well as today's. The name is what comes before the
 * last ':' (before Linux 2.6.37 a large first number followed the colon
 * without a space), and Linux 2.x printed "No statistics available." for a
 * device whose driver kept none. */

#define DEV_MAX_COLS 32

/* Where each column goes: a counter index (valid-bit order), or -1. */
struct dev_layout {
    int ncols;
    int8_t slot[DEV_MAX_COLS];
};

#define COL(name) name, sizeof(name) - 1

static const struct {
    const char *name;
    size_t len;
    int8_t rx, tx;
} dev_columns[] = {
    { COL("bytes"), 1, 0 },        { COL("packets"), 3, 2 },
    { COL("errs"), 4, 5 },         { COL("drop"), 6, 7 },
    { COL("fifo"), 10, 11 },       { COL("frame"), 12, -1 },
    { COL("compressed"), 14, 15 }, { COL("multicast"), 8, -1 },
    { COL("colls"), -1, 9 },       { COL("carrier"), -1, 13 },
};

#undef COL

/* The column names between @p and @end, for one direction. */
static int
dev_words(const char *p, const char *end, int tx, struct dev_layout *l)
{
    for (;;) {
        const char *w;
        size_t i, n;
        int8_t slot = -1;

        ostat__skip_blanks(&p, end);
        if (p == end || *p == '\r') {
            return 0;
        }
        w = p;
        while (p < end && *p != ' ' && *p != '\t' && *p != '\r') {
            p++;
        }
        n = (size_t)(p - w);
        for (i = 0; i < OSTAT__ARRAY_LEN(dev_columns); i++) {
            if (dev_columns[i].len == n &&
                memcmp(dev_columns[i].name, w, n) == 0) {
                slot = tx ? dev_columns[i].tx : dev_columns[i].rx;
                break;
            }
        }
        if (l->ncols == DEV_MAX_COLS) {
            return -1;
        }
        l->slot[l->ncols++] = slot;
    }
}

/* " face |rx columns|tx columns" */
static int dev_header(const char *p, const char *eol, struct dev_layout *l)
{
    const char *bar1 = memchr(p, '|', (size_t)(eol - p)), *bar2;

    if (bar1 == NULL) {
        return -1;
    }
    bar2 = memchr(bar1 + 1, '|', (size_t)(eol - bar1 - 1));
    if (bar2 == NULL) {
        return -1;
    }
    l->ncols = 0;
    if (dev_words(bar1 + 1, bar2, 0, l) != 0 ||
        dev_words(bar2 + 1, eol, 1, l) != 0 || l->ncols == 0) {
        return -1;
    }
    return 0;
}

/* Called for each interface, with its NUL-terminated name. */
typedef int (*dev_row_fn)(ostat_ctx *ctx,
                          const char *name,
                          const struct ostat_net_io_counters *c,
                          void *payload);

/* One interface's line, [p, eol), where *eol is the '\n' or the NUL that
 * ends the file's text; -1 with *why set if it does not parse. */
static int dev_line(const char *p,
                    const char *eol,
                    const struct dev_layout *l,
                    char name[NAME_MAX_LEN + 1],
                    struct ostat_net_io_counters *c,
                    const char **why)
{
    const char *colon = memrchr(p, ':', (size_t)(eol - p)), *q;
    size_t n;
    int i;

    if (colon == NULL) {
        *why = "expected \"name:\" and the counters";
        return -1;
    }
    ostat__skip_blanks(&p, colon);
    n = (size_t)(colon - p);
    if (n == 0 || n > NAME_MAX_LEN) {
        *why = n ? "interface name too long" : "empty interface name";
        return -1;
    }
    for (q = p; q < colon; q++) {
        if (*q == '/' || *q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' ||
            *q == '\v' || *q == '\f') {
            *why = "not an interface name";
            return -1;
        }
    }
    if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) {
        *why = "not an interface name";
        return -1;
    }
    memcpy(name, p, n);
    name[n] = '\0';
    memset(c, 0, sizeof(*c));
    c->size = sizeof(*c);
    q = colon + 1;
    ostat__skip_blanks(&q, eol);
    if (*q == 'N' && ostat__starts(q, eol, "No statistics available.")) {
        return 0; /* Linux 2.x, a driver without statistics */
    }
    for (i = 0; i < l->ncols; i++) {
        const char *s;
        uint64_t v = 0;
        unsigned d;

        /* Blanks, then digits: *eol stops both loops. Up to 19 digits
         * cannot overflow; a longer number is read again by
         * ostat__scan_u64(), which checks. */
        while (*q == ' ' || *q == '\t') {
            q++;
        }
        s = q;
        while ((d = (unsigned)(*q - '0')) <= 9) {
            v = v * 10 + d;
            q++;
        }
        if (q == s ||
            (q - s > 19 && (q = s, ostat__scan_u64(&q, eol, &v)) != 0)) {
            *why = "expected a counter for each column of the header";
            return -1;
        }
        if (l->slot[i] >= 0) {
            memcpy((char *)c + ostat__net_io_offsets[l->slot[i]], &v,
                   sizeof(v));
            c->valid |= OSTAT_BIT(l->slot[i]);
        }
    }
    if (!ostat__at_end(q, eol)) {
        *why = "more counters than columns in the header";
        return -1;
    }
    return 0;
}

/* Read the device list and call @fn for each interface. On the running
 * system the calling thread's /proc/thread-self/net/dev (Linux 3.17) is
 * read, /proc/net/dev being the namespace of the process's main thread.
 * A oneshot section reads it once for every call. */
static int dev_scan(ostat_ctx *ctx, dev_row_fn fn, void *payload)
{
    const char *rel = "net/dev", *data = NULL, *p, *end, *eol, *why = NULL;
    struct dev_layout layout;
    size_t len = 0;
    int rc = OSTAT_ENOTSUP, line = 0;

    if (ctx->live) {
        rel = "thread-self/net/dev";
        rc = ostat__lfile(ctx, OSTAT__LF_THREAD_NET_DEV, OSTAT_ENOTSUP, &data,
                          &len);
        if (rc == OSTAT_ENOTSUP) {
            rel = "net/dev";
        }
    }
    if (rc == OSTAT_ENOTSUP) {
        /* No /proc/net/dev: a kernel without networking. */
        rc = ostat__lfile(ctx, OSTAT__LF_NET_DEV, OSTAT_ENOTSUP, &data, &len);
    }
    if (rc != 0) {
        return rc;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        struct ostat_net_io_counters c;
        char name[NAME_MAX_LEN + 1];

        eol = ostat__eol(p, end);
        line++;
        if (line == 1) {
            if (memchr(p, '|', (size_t)(eol - p)) == NULL) {
                return ostat__parse_err(ctx->procfs_root, rel, 1,
                                        "expected the header \"Inter-|   "
                                        "Receive ...|  Transmit\"");
            }
            continue;
        }
        if (line == 2) {
            if (dev_header(p, eol, &layout) != 0) {
                return ostat__parse_err(ctx->procfs_root, rel, 2,
                                        "expected the column names of "
                                        "receive and transmit");
            }
            continue;
        }
        if (ostat__at_end(p, eol)) {
            continue; /* a blank line */
        }
        if (dev_line(p, eol, &layout, name, &c, &why) != 0) {
            return ostat__parse_err(ctx->procfs_root, rel, line, why);
        }
        if ((rc = fn(ctx, name, &c, payload)) != 0) {
            return rc;
        }
    }
    if (line < 2) {
        return ostat__parse_err(ctx->procfs_root, rel, line,
                                line ? "the column names are missing"
                                     : "empty file");
    }
    return 0;
}

/* ---- link state from the kernel (the running system) --------------------
 */

/* A socket for the interface ioctls, which every family passes on to the
 * device layer; AF_UNIX when the kernel has no IPv4. */
static int ioctl_socket(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    }
    return fd;
}

/* The interface named @name is gone (or cannot exist). */
static int gone_errno(int err)
{
    return err == ENODEV || err == ENXIO;
}

static int
if_request(int fd, const char *name, unsigned long req, struct ifreq *ifr)
{
    size_t n = strlen(name);

    if (n >= sizeof(ifr->ifr_name)) {
        errno = ENODEV;
        return -1;
    }
    memcpy(ifr->ifr_name, name, n + 1);
    return ioctl(fd, req, ifr);
}

/* ---- net_io_counters --------------------------------------------------- */

struct io_scan {
    ostat_list *list;
    int generations;
    int fd; /* for SIOCGIFINDEX, -1 until needed */
};

/* The interface's ifindex, or 0 when it cannot be known. */
static uint64_t generation(ostat_ctx *ctx, struct io_scan *s, const char *name)
{
    char rel[OSTAT__PATH_MAX];
    struct ifreq ifr;

    if (ctx->live) {
        if (s->fd < 0 && (s->fd = ioctl_socket()) < 0) {
            return 0;
        }
        memset(&ifr, 0, sizeof(ifr));
        if (if_request(s->fd, name, SIOCGIFINDEX, &ifr) != 0 ||
            ifr.ifr_ifindex <= 0) {
            return 0;
        }
        return (uint64_t)ifr.ifr_ifindex;
    }
    snprintf(rel, sizeof(rel), "class/net/%s/ifindex", name);
    return ostat__sysfs_u64(ctx, rel, 32);
}

static int io_row(ostat_ctx *ctx,
                  const char *name,
                  const struct ostat_net_io_counters *c,
                  void *payload)
{
    struct io_scan *s = payload;
    struct ostat__nic_io *e = ostat__list_push(s->list);

    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->c = *c;
    e->c.name = ostat__list_str(s->list, name, strlen(name));
    if (e->c.name == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->c.valid |= OSTAT_NET_IO_COUNTERS_NAME;
    if (s->generations) {
        e->generation = generation(ctx, s, e->c.name);
    }
    return 0;
}

int ostat__os_net_io_counters(ostat_ctx *ctx, ostat_list *list, int generations)
{
    struct io_scan s;
    int rc;

    s.list = list;
    s.generations = generations;
    s.fd = -1;
    rc = dev_scan(ctx, io_row, &s);
    if (s.fd >= 0) {
        close(s.fd);
    }
    return rc;
}

/* ---- net_if_stats ------------------------------------------------------ */

/* The names of the flags, bit by bit, as psutil and ifconfig spell them. */
static const char *const flag_names[16] = {
    "up",          "broadcast",  "debug",     "loopback",
    "pointopoint", "notrailers", "running",   "noarp",
    "promisc",     "allmulti",   "master",    "slave",
    "multicast",   "portsel",    "automedia", "dynamic",
};

/* "up,broadcast,running,multicast" into the list's storage. */
static const char *flags_text(ostat_list *l, unsigned flags)
{
    char buf[192];
    size_t len = 0, n;
    unsigned i;

    for (i = 0; i < 16; i++) {
        if (flags & (1u << i)) {
            n = strlen(flag_names[i]);
            if (len > 0) {
                buf[len++] = ',';
            }
            memcpy(buf + len, flag_names[i], n);
            len += n;
        }
    }
    return ostat__list_str(l, buf, len);
}

/* The kernel's DUPLEX_HALF (0) and DUPLEX_FULL (1); anything else, such as
 * DUPLEX_UNKNOWN (0xff), is unknown. */
static int32_t duplex_of(unsigned v)
{
    return v == DUPLEX_FULL   ? OSTAT_NIC_DUPLEX_FULL
           : v == DUPLEX_HALF ? OSTAT_NIC_DUPLEX_HALF
                              : OSTAT_NIC_DUPLEX_UNKNOWN;
}

/* What one interface's state is made of, before it goes into the list. */
struct nic_state {
    unsigned flags; /* IFF_*, with IFF_RUNNING as the kernel computes it */
    int64_t mtu, speed;
    int32_t duplex;
    uint64_t valid; /* of flags (and isup), mtu, speed and duplex */
};

/* From the ioctls: 1 = read, 0 = the interface is gone. */
static int stats_ioctl(int fd, const char *name, struct nic_state *st)
{
    struct ethtool_cmd cmd;
    struct ifreq ifr;

    memset(&ifr, 0, sizeof(ifr));
    if (if_request(fd, name, SIOCGIFFLAGS, &ifr) != 0) {
        return gone_errno(errno)
                   ? 0
                   : ostat__err(OSTAT_EOS, errno, "ioctl(SIOCGIFFLAGS)",
                                "ioctl(SIOCGIFFLAGS) on %s: %s", name,
                                strerror(errno));
    }
    st->flags = (unsigned short)ifr.ifr_flags;
    st->valid |= OSTAT_NET_IF_STATS_FLAGS | OSTAT_NET_IF_STATS_ISUP;
    memset(&ifr, 0, sizeof(ifr));
    if (if_request(fd, name, SIOCGIFMTU, &ifr) != 0) {
        return gone_errno(errno)
                   ? 0
                   : ostat__err(OSTAT_EOS, errno, "ioctl(SIOCGIFMTU)",
                                "ioctl(SIOCGIFMTU) on %s: %s", name,
                                strerror(errno));
    }
    st->mtu = ifr.ifr_mtu;
    st->valid |= OSTAT_NET_IF_STATS_MTU;
    /* Drivers without link settings (loopback, tunnels, wifi) refuse with
     * EOPNOTSUPP, some with EINVAL or EBUSY (psutil #797, #2732): speed
     * and duplex are then unknown, not an error. */
    memset(&cmd, 0, sizeof(cmd));
    cmd.cmd = ETHTOOL_GSET;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_data = (void *)&cmd;
    if (if_request(fd, name, SIOCETHTOOL, &ifr) == 0) {
        /* speed_hi << 16 | speed, as ethtool_cmd_speed() computes it
         * (which shifts a promoted int, undefined for 0xffff). */
        uint32_t speed = (uint32_t)cmd.speed_hi << 16 | cmd.speed;

        /* SPEED_UNKNOWN is (uint32_t)-1. */
        if (speed != (uint32_t)SPEED_UNKNOWN && speed <= INT32_MAX) {
            st->speed = speed;
            st->valid |= OSTAT_NET_IF_STATS_SPEED;
        }
        st->duplex = duplex_of(cmd.duplex);
        st->valid |= OSTAT_NET_IF_STATS_DUPLEX;
    }
    return 1;
}

/* A sysfs attribute of the interface: 0 and its first line in @buf, 1 if
 * it cannot be read (missing, or refused as the kernel does for the speed
 * of a link that is down), or an error code. */
static int sys_attr(ostat_ctx *ctx,
                    const char *name,
                    const char *attr,
                    int must,
                    char *rel,
                    char *buf,
                    size_t cap)
{
    char path[OSTAT__PATH_MAX];
    size_t len;
    int rc;

    snprintf(rel, OSTAT__PATH_MAX, "class/net/%s/%s", name, attr);
    rc = ostat__sysfs_attr(ctx, rel, path, buf, cap, &len);
    if (rc > 0) {
        if (!must || rc == ENOENT) {
            return 1;
        }
        return ostat__err_errno(rc, OSTAT_EOS, path);
    }
    return rc;
}

/* A whole decimal number, optionally negative; or hex after "0x". */
static int parse_int(const char *s, int hex, int64_t *out)
{
    const char *p = s, *end = s + strlen(s);
    uint64_t v = 0;
    int neg = 0;

    if (hex) {
        if (strcmp(s, "0") == 0) { /* "%#x" prints no 0x for zero */
            *out = 0;
            return 0;
        }
        if (!ostat__starts(p, end, "0x") || p + 2 == end) {
            return -1;
        }
        for (p += 2; p < end; p++) {
            unsigned d;

            if (*p >= '0' && *p <= '9') {
                d = (unsigned)(*p - '0');
            } else if (*p >= 'a' && *p <= 'f') {
                d = (unsigned)(*p - 'a' + 10);
            } else {
                return -1;
            }
            if (v > (UINT64_MAX >> 4)) {
                return -1;
            }
            v = v << 4 | d;
        }
        if (v > INT64_MAX) {
            return -1;
        }
        *out = (int64_t)v;
        return 0;
    }
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (ostat__scan_u64(&p, end, &v) != 0 || p != end || v > INT64_MAX) {
        return -1;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

/* From <sysfs>/class/net/<name>/: 1 = read, 0 = no such interface. */
static int stats_sysfs(ostat_ctx *ctx, const char *name, struct nic_state *st)
{
    char rel[OSTAT__PATH_MAX], path[OSTAT__PATH_MAX], buf[64];
    struct stat sb;
    int64_t flags = 0, v;
    int rc, have_flags, have_oper = 0, running = 0;

    snprintf(rel, sizeof(rel), "class/net/%s", name);
    if ((rc = ostat__path(path, ctx->sysfs_root, rel)) != 0) {
        return rc;
    }
    if (stat(path, &sb) != 0) {
        return errno == ENOENT || errno == ENOTDIR
                   ? 0
                   : ostat__err_errno(errno, OSTAT_EOS, path);
    }
    /* flags is the device's own: IFF_RUNNING is computed by the kernel
     * from up and the operational state, as dev_get_flags() does. */
    rc = sys_attr(ctx, name, "flags", 1, rel, buf, sizeof(buf));
    if (rc == 0 && (parse_int(buf, 1, &flags) != 0 || flags > 0xffffffff)) {
        return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                "expected flags in hex, such as 0x1003");
    }
    if (rc < 0) {
        return rc;
    }
    have_flags = rc == 0;
    rc = sys_attr(ctx, name, "operstate", 1, rel, buf, sizeof(buf));
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        static const char *const states[] = { "unknown", "notpresent",
                                              "down",    "lowerlayerdown",
                                              "testing", "dormant",
                                              "up" };
        size_t i;

        for (i = 0; i < OSTAT__ARRAY_LEN(states); i++) {
            if (strcmp(buf, states[i]) == 0) {
                break;
            }
        }
        if (i == OSTAT__ARRAY_LEN(states)) {
            return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                    "unknown operational state");
        }
        have_oper = 1;
        running = strcmp(buf, "up") == 0 || strcmp(buf, "unknown") == 0;
    }
    if (have_flags && have_oper) {
        st->flags = (unsigned)flags & 0xffffu & ~(unsigned)IFF_RUNNING;
        if ((flags & IFF_UP) && running) {
            st->flags |= IFF_RUNNING;
        }
        st->valid |= OSTAT_NET_IF_STATS_FLAGS | OSTAT_NET_IF_STATS_ISUP;
    }
    rc = sys_attr(ctx, name, "mtu", 1, rel, buf, sizeof(buf));
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        if (parse_int(buf, 0, &v) != 0 || v < 0) {
            return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                    "expected the MTU in bytes");
        }
        st->mtu = v;
        st->valid |= OSTAT_NET_IF_STATS_MTU;
    }
    /* The kernel refuses speed and duplex (EINVAL) while the link is down
     * and (EOPNOTSUPP) for drivers without link settings; a recorded tree
     * leaves those files out. -1 is SPEED_UNKNOWN. */
    rc = sys_attr(ctx, name, "speed", 0, rel, buf, sizeof(buf));
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        if (parse_int(buf, 0, &v) != 0) {
            return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                    "expected the speed in Mbit/s");
        }
        if (v >= 0 && v <= INT32_MAX) {
            st->speed = v;
            st->valid |= OSTAT_NET_IF_STATS_SPEED;
        }
    }
    rc = sys_attr(ctx, name, "duplex", 0, rel, buf, sizeof(buf));
    if (rc < 0) {
        return rc;
    }
    if (rc == 0) {
        if (strcmp(buf, "full") == 0) {
            st->duplex = OSTAT_NIC_DUPLEX_FULL;
        } else if (strcmp(buf, "half") == 0) {
            st->duplex = OSTAT_NIC_DUPLEX_HALF;
        } else if (strcmp(buf, "unknown") == 0) {
            st->duplex = OSTAT_NIC_DUPLEX_UNKNOWN;
        } else {
            return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                    "expected full, half or unknown");
        }
        st->valid |= OSTAT_NET_IF_STATS_DUPLEX;
    }
    return 1;
}

struct stats_scan {
    ostat_list *list;
    int fd; /* the ioctl socket on the running system */
};

static int stats_row(ostat_ctx *ctx,
                     const char *name,
                     const struct ostat_net_io_counters *c,
                     void *payload)
{
    struct stats_scan *s = payload;
    struct ostat_net_if_stats *e;
    struct nic_state st;
    int rc;

    (void)c;
    memset(&st, 0, sizeof(st));
    rc =
        ctx->live ? stats_ioctl(s->fd, name, &st) : stats_sysfs(ctx, name, &st);
    if (rc <= 0) {
        return rc; /* gone (psutil #1279), or an error */
    }
    if ((e = ostat__list_push(s->list)) == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = sizeof(*e);
    e->name = ostat__list_str(s->list, name, strlen(name));
    e->valid = st.valid | OSTAT_NET_IF_STATS_NAME;
    if (st.valid & OSTAT_NET_IF_STATS_FLAGS) {
        e->flags = flags_text(s->list, st.flags);
        e->isup = (st.flags & IFF_RUNNING) != 0;
    }
    e->mtu = st.mtu;
    e->speed = st.speed;
    e->duplex = st.duplex;
    if (e->name == NULL ||
        ((st.valid & OSTAT_NET_IF_STATS_FLAGS) && e->flags == NULL)) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    return 0;
}

int ostat__os_net_if_stats(ostat_ctx *ctx, ostat_list *list)
{
    struct stats_scan s;
    int rc;

    s.list = list;
    s.fd = -1;
    if (ctx->live && (s.fd = ioctl_socket()) < 0) {
        return ostat__err(OSTAT_EOS, errno, "socket",
                          "socket for the interface ioctls: %s",
                          strerror(errno));
    }
    rc = dev_scan(ctx, stats_row, &s);
    if (s.fd >= 0) {
        close(s.fd);
    }
    return rc;
}

/* ---- net_if_addrs ------------------------------------------------------ */

/* The most link-layer octets getifaddrs() passes (glibc and musl keep 24,
 * enough for InfiniBand's 20). */
#define LINK_ADDR_MAX 24

/* The text of an address of @family, into @buf (INET6_ADDRSTRLEN + IFNAMSIZ
 * + LINK_ADDR_MAX * 3 bytes); 0, or -1 if there is none. */
static int addr_text(const struct sockaddr *sa,
                     int family,
                     const char *ifname,
                     char *buf,
                     size_t cap)
{
    if (sa == NULL || sa->sa_family != family) {
        return -1;
    }
    if (family == AF_INET) {
        const struct sockaddr_in *in = (const void *)sa;

        return inet_ntop(AF_INET, &in->sin_addr, buf, (socklen_t)cap) ? 0 : -1;
    }
    if (family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const void *)sa;
        size_t n, m;

        if (!inet_ntop(AF_INET6, &in6->sin6_addr, buf, (socklen_t)cap)) {
            return -1;
        }
        /* As getnameinfo() writes a link-local address: with its zone. */
        if (in6->sin6_scope_id != 0 &&
            (IN6_IS_ADDR_LINKLOCAL(&in6->sin6_addr) ||
             IN6_IS_ADDR_MC_LINKLOCAL(&in6->sin6_addr))) {
            n = strlen(buf);
            m = strlen(ifname);
            if (n + 1 + m + 1 <= cap) {
                buf[n] = '%';
                memcpy(buf + n + 1, ifname, m + 1);
            }
        }
        return 0;
    }
    if (family == AF_PACKET) {
        const struct sockaddr_ll *ll = (const void *)sa;
        const unsigned char *octets =
            (const unsigned char *)sa + offsetof(struct sockaddr_ll, sll_addr);
        static const char hex[] = "0123456789abcdef";
        size_t i, n = ll->sll_halen, len = 0;

        if (n == 0) {
            return -1;
        }
        n = n > LINK_ADDR_MAX ? LINK_ADDR_MAX : n;
        /* psutil pads a MAC shorter than six octets with zeros (#786). */
        for (i = 0; i < n || i < 6; i++) {
            unsigned o = i < n ? octets[i] : 0;

            if (len + 3 > cap) {
                return -1;
            }
            if (i > 0) {
                buf[len++] = ':';
            }
            buf[len++] = hex[o >> 4];
            buf[len++] = hex[o & 15];
        }
        buf[len] = '\0';
        return 0;
    }
    return -1;
}

/* Copy @s into the list, or leave @valid without @bit if @s is NULL. */
static int keep(ostat_list *l,
                const char *s,
                const char **out,
                uint64_t *valid,
                uint64_t bit)
{
    if (s == NULL) {
        return 0;
    }
    if ((*out = ostat__list_str(l, s, strlen(s))) == NULL) {
        return -1;
    }
    *valid |= bit;
    return 0;
}

static int32_t family_of(int af)
{
    return af == AF_INET    ? OSTAT_AF_INET
           : af == AF_INET6 ? OSTAT_AF_INET6
                            : OSTAT_AF_LINK;
}

/* One getifaddrs() entry into element @e. */
static int
add_addr(ostat_list *l, const struct ifaddrs *ifa, struct ostat_net_if_addr *e)
{
    char addr[128], mask[128], other[128];
    const char *netmask = NULL, *broadcast = NULL, *ptp = NULL;
    int af = ifa->ifa_addr ? ifa->ifa_addr->sa_family : AF_UNSPEC;

    e->size = sizeof(*e);
    e->valid = OSTAT_NET_IF_ADDR_NAME | OSTAT_NET_IF_ADDR_FAMILY;
    e->name = ostat__list_str(l, ifa->ifa_name, strlen(ifa->ifa_name));
    if (e->name == NULL) {
        return -1;
    }
    /* No address, or one of another family, or a link without an address
     * (a tunnel): psutil's AF_UNSPEC entry with nothing else. */
    if ((af != AF_INET && af != AF_INET6 && af != AF_PACKET) ||
        addr_text(ifa->ifa_addr, af, ifa->ifa_name, addr, sizeof(addr)) != 0) {
        e->family = OSTAT_AF_UNSPEC;
        return 0;
    }
    e->family = family_of(af);
    if (addr_text(ifa->ifa_netmask, af, ifa->ifa_name, mask, sizeof(mask)) ==
        0) {
        netmask = mask;
    }
    if (ifa->ifa_flags & IFF_BROADCAST) {
        /* For an IPv4 address without a broadcast (a /32), getifaddrs()
         * repeats the address itself. */
        if (addr_text(ifa->ifa_broadaddr, af, ifa->ifa_name, other,
                      sizeof(other)) == 0 &&
            !(af == AF_INET && strcmp(other, addr) == 0)) {
            broadcast = other;
        }
    } else if (ifa->ifa_flags & IFF_POINTOPOINT) {
        if (addr_text(ifa->ifa_dstaddr, af, ifa->ifa_name, other,
                      sizeof(other)) == 0) {
            ptp = other;
        }
    }
    if (keep(l, addr, &e->address, &e->valid, OSTAT_NET_IF_ADDR_ADDRESS) ||
        keep(l, netmask, &e->netmask, &e->valid, OSTAT_NET_IF_ADDR_NETMASK) ||
        keep(l, broadcast, &e->broadcast, &e->valid,
             OSTAT_NET_IF_ADDR_BROADCAST) ||
        keep(l, ptp, &e->ptp, &e->valid, OSTAT_NET_IF_ADDR_PTP)) {
        return -1;
    }
    return 0;
}

/* Sort keys: the interface's first position, then the family (psutil sorts
 * by family), then the kernel's order. */
struct addr_key {
    const char *name;
    size_t first;
    int32_t family;
    size_t index;
};

static int by_name(const void *a, const void *b)
{
    const struct addr_key *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_position(const void *a, const void *b)
{
    const struct addr_key *x = a, *y = b;

    if (x->first != y->first) {
        return x->first < y->first ? -1 : 1;
    }
    if (x->family != y->family) {
        return x->family < y->family ? -1 : 1;
    }
    return (x->index > y->index) - (x->index < y->index);
}

static int sort_addrs(ostat_list *l)
{
    size_t i, n = ostat_list_count(l);
    struct ostat_net_if_addr *e, *copy;
    struct addr_key *keys;

    if (n < 2) {
        return 0;
    }
    keys = malloc(n * sizeof(*keys));
    copy = malloc(n * sizeof(*copy));
    if (keys == NULL || copy == NULL) {
        free(keys);
        free(copy);
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e = ostat__list_at(l, 0);
    for (i = 0; i < n; i++) {
        keys[i].name = e[i].name;
        keys[i].family = e[i].family;
        keys[i].index = i;
    }
    qsort(keys, n, sizeof(*keys), by_name);
    for (i = 0; i < n; i++) {
        keys[i].first = i > 0 && strcmp(keys[i].name, keys[i - 1].name) == 0
                            ? keys[i - 1].first
                            : keys[i].index;
    }
    qsort(keys, n, sizeof(*keys), by_position);
    for (i = 0; i < n; i++) {
        copy[i] = e[keys[i].index];
    }
    memcpy(e, copy, n * sizeof(*e));
    free(keys);
    free(copy);
    return 0;
}

int ostat__os_net_if_addrs(ostat_ctx *ctx, ostat_list *list)
{
    struct ifaddrs *ifap, *ifa;
    int rc = 0;

    if (!ctx->live) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "net_if_addrs asks the running kernel; a procfs "
                          "root, sysfs root or host prefix cannot answer");
    }
    if (getifaddrs(&ifap) != 0) {
        int err = errno;

        return ostat__err(err == ENOMEM ? OSTAT_ENOMEM : OSTAT_EOS, err,
                          "getifaddrs", "getifaddrs: %s", strerror(err));
    }
    for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
        struct ostat_net_if_addr *e;

        if (ifa->ifa_name == NULL) {
            continue;
        }
        if ((e = ostat__list_push(list)) == NULL ||
            add_addr(list, ifa, e) != 0) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
    }
    freeifaddrs(ifap);
    return rc ? rc : sort_addrs(list);
}
