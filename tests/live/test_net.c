/* SPDX-License-Identifier: MIT */
/* test_net.c: network interfaces of this machine against the kernel's own
 * files and ioctls (/proc/net/dev, /sys/class/net, /proc/net/if_inet6,
 * SIOCGIFCONF), and inside two network namespaces the test creates (a veth
 * pair, addresses from 192.0.2.0/24 only there): the calling thread's
 * namespace is the one read, and traffic sent between the namespaces moves
 * the counters by at least what was sent. Without ip or the permission to
 * create namespaces, those tests say why on stderr and pass. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live.h"

#define MAX_NICS 256

/* /proc/net/dev as the kernel wrote it, columns mapped by the header to
 * the counters of struct ostat_net_io_counters, in valid-bit order. */
struct dev_nic {
    char name[64];
    uint64_t v[16];
    uint64_t have; /* bit i: counter i is in the file */
};

static int column_index(const char *word, int tx)
{
    static const char *const rx_names[] = { "bytes",      "packets",  "errs",
                                            "drop",       "fifo",     "frame",
                                            "compressed", "multicast" };
    static const int rx_index[] = { 1, 3, 4, 6, 10, 12, 14, 8 };
    static const char *const tx_names[] = { "bytes",   "packets",   "errs",
                                            "drop",    "fifo",      "colls",
                                            "carrier", "compressed" };
    static const int tx_index[] = { 0, 2, 5, 7, 11, 9, 13, 15 };
    int i;

    for (i = 0; i < 8; i++) {
        if (strcmp(word, tx ? tx_names[i] : rx_names[i]) == 0) {
            return tx ? tx_index[i] : rx_index[i];
        }
    }
    return -1;
}

/* Parse /proc/net/dev (of the calling thread's namespace); the count. */
static size_t read_dev(struct dev_nic *nics, size_t max)
{
    char *text = live_read_file("/proc/thread-self/net/dev");
    char line[1024], *save, *w;
    const char *pos;
    int cols[40], ncols = 0, lineno = 0;
    size_t n = 0;

    if (text == NULL) {
        text = live_read_file("/proc/net/dev");
    }
    ck_assert_ptr_nonnull(text);
    pos = text;
    while (live_next_line(&pos, line, sizeof(line))) {
        lineno++;
        if (lineno == 2) {
            char *rx = strchr(line, '|'), *tx;
            int dir;

            ck_assert_ptr_nonnull(rx);
            tx = strchr(rx + 1, '|');
            ck_assert_ptr_nonnull(tx);
            *tx++ = '\0';
            rx++;
            for (dir = 0; dir < 2; dir++) {
                for (w = strtok_r(dir ? tx : rx, " ", &save); w;
                     w = strtok_r(NULL, " ", &save)) {
                    ck_assert_int_lt(ncols, 40);
                    cols[ncols++] = column_index(w, dir);
                }
            }
        } else if (lineno > 2 && n < max) {
            char *colon = strrchr(line, ':'), *p = line;
            struct dev_nic *d = &nics[n];
            int i;

            ck_assert_ptr_nonnull(colon);
            *colon = '\0';
            while (*p == ' ') {
                p++;
            }
            memset(d, 0, sizeof(*d));
            ck_assert_uint_lt(strlen(p), sizeof(d->name));
            memcpy(d->name, p, strlen(p) + 1);
            w = colon + 1;
            for (i = 0; i < ncols; i++) {
                char *end;
                unsigned long long v = strtoull(w, &end, 10);

                ck_assert_ptr_ne(end, w);
                w = end;
                if (cols[i] >= 0) {
                    d->v[cols[i]] = v;
                    d->have |= OSTAT_BIT(cols[i]);
                }
            }
            n++;
        }
    }
    free(text);
    return n;
}

static const struct dev_nic *
find_dev(const struct dev_nic *nics, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(nics[i].name, name) == 0) {
            return &nics[i];
        }
    }
    return NULL;
}

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

/* The counters of @name from the library, or 0 if it has none. */
static int
lib_nic(ostat_ctx *ctx, const char *name, struct ostat_net_io_counters *out)
{
    ostat_list *l = NULL;
    size_t i;
    int found = 0;

    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    for (i = 0; i < ostat_list_count(l) && !found; i++) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;

        ck_assert_int_eq(ostat_list_net_io_counters(l, i, &c), 0);
        if (strcmp(c.name, name) == 0) {
            *out = c;
            out->name = NULL; /* the list goes */
            found = 1;
        }
    }
    ostat_list_free(l);
    return found;
}

/* Each counter between two reads of /proc/net/dev; the total the sum. */
START_TEST(io_counters_vs_proc_net_dev)
{
    static struct dev_nic before[MAX_NICS], after[MAX_NICS];
    struct ostat_net_io_counters t = OSTAT_NET_IO_COUNTERS_INIT;
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t nb, na, i, n, checked = 0;
    uint64_t lo[16] = { 0 }, hi[16] = { 0 };
    int k;

    nb = read_dev(before, MAX_NICS);
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    ck_assert_int_eq(ostat_net_io_counters(ctx, 0, &t), 0);
    na = read_dev(after, MAX_NICS);
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;
        const struct dev_nic *b, *a;

        ck_assert_int_eq(ostat_list_net_io_counters(l, i, &c), 0);
        ck_assert(c.valid & OSTAT_NET_IO_COUNTERS_NAME);
        b = find_dev(before, nb, c.name);
        a = find_dev(after, na, c.name);
        if (b == NULL || a == NULL) {
            continue; /* came or went meanwhile */
        }
        ck_assert_uint_eq(c.valid & 0xffff, b->have);
        for (k = 0; k < 16; k++) {
            ck_assert_msg(b->v[k] <= nth(&c, k) && nth(&c, k) <= a->v[k],
                          "%s counter %d: %" PRIu64 " not in %" PRIu64
                          "..%" PRIu64,
                          c.name, k, nth(&c, k), b->v[k], a->v[k]);
        }
        checked++;
    }
    ostat_list_free(l);
    ck_assert_uint_gt(checked, 0);
    /* The total, when no interface came or went. */
    if (nb == na) {
        for (i = 0; i < nb; i++) {
            for (k = 0; k < 16; k++) {
                lo[k] += before[i].v[k];
                hi[k] += after[i].v[k];
            }
        }
        for (k = 0; k < 16; k++) {
            ck_assert_msg(lo[k] <= nth(&t, k) && nth(&t, k) <= hi[k],
                          "total counter %d: %" PRIu64 " not in %" PRIu64
                          "..%" PRIu64,
                          k, nth(&t, k), lo[k], hi[k]);
        }
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* A number from /sys/class/net/@name/@attr (@base 10 or 16); 0 or -1. */
static int sys_num(const char *name, const char *attr, int base, long long *v)
{
    char path[256], *text, *end;

    snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, attr);
    text = live_read_file(path);
    if (text == NULL) {
        return -1;
    }
    *v = strtoll(text, &end, base);
    free(text);
    return end == text ? -1 : 0;
}

/* mtu, isup and speed against sysfs (this namespace's, as mounted). */
START_TEST(if_stats_vs_sysfs)
{
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t i, checked = 0;

    ck_assert_int_eq(ostat_net_if_stats(ctx, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;
        long long mtu, flags, speed;
        char path[256], *oper;
        int running;

        ck_assert_int_eq(ostat_list_net_if_stats(l, i, &s), 0);
        snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", s.name);
        oper = live_read_file(path);
        if (oper == NULL || sys_num(s.name, "mtu", 10, &mtu) != 0 ||
            sys_num(s.name, "flags", 16, &flags) != 0) {
            free(oper);
            continue;
        }
        /* The kernel's IFF_RUNNING: up, operationally up or unknown. */
        running = (flags & IFF_UP) && (strncmp(oper, "up", 2) == 0 ||
                                       strncmp(oper, "unknown", 7) == 0);
        free(oper);
        ck_assert_uint_eq(s.valid & OSTAT_NET_IF_STATS_MTU,
                          OSTAT_NET_IF_STATS_MTU);
        ck_assert_int_eq(s.mtu, mtu);
        ck_assert_int_eq(s.isup, running);
        ck_assert_int_eq(strstr(s.flags, "running") != NULL, running);
        ck_assert_int_eq(strncmp(s.flags, "up", 2) == 0, (flags & IFF_UP) != 0);
        /* sysfs refuses the speed where ethtool does, and says -1 for
         * SPEED_UNKNOWN. */
        if (sys_num(s.name, "speed", 10, &speed) == 0 && speed >= 0) {
            ck_assert_msg(s.valid & OSTAT_NET_IF_STATS_SPEED,
                          "%s: sysfs speed %lld, ostat none", s.name, speed);
            ck_assert_int_eq(s.speed, speed);
        } else {
            ck_assert_uint_eq(s.valid & OSTAT_NET_IF_STATS_SPEED, 0);
        }
        checked++;
    }
    ck_assert_uint_gt(checked, 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* Does the list have (@name, @family, @address, @netmask)? */
static int has_addr(const ostat_list *l,
                    const char *name,
                    int32_t family,
                    const char *address,
                    const char *netmask)
{
    size_t i;

    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_net_if_addr a = OSTAT_NET_IF_ADDR_INIT;

        ck_assert_int_eq(ostat_list_net_if_addr(l, i, &a), 0);
        if (a.family == family && strcmp(a.name, name) == 0 &&
            (a.valid & OSTAT_NET_IF_ADDR_ADDRESS) &&
            strcmp(a.address, address) == 0 &&
            (netmask == NULL || ((a.valid & OSTAT_NET_IF_ADDR_NETMASK) &&
                                 strcmp(a.netmask, netmask) == 0))) {
            return 1;
        }
    }
    return 0;
}

/* IPv4 from SIOCGIFCONF and SIOCGIFNETMASK, IPv6 from /proc/net/if_inet6,
 * MAC addresses from sysfs. */
START_TEST(if_addrs_vs_kernel)
{
    ostat_ctx *ctx = live_ctx();
    struct ifreq reqs[128];
    struct ifconf ifc;
    ostat_list *l = NULL;
    char *text, line[512];
    const char *pos;
    int fd, i, n, found = 0;

    ck_assert_int_eq(ostat_net_if_addrs(ctx, &l), 0);
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    ifc.ifc_len = sizeof(reqs);
    ifc.ifc_req = reqs;
    ck_assert_int_eq(ioctl(fd, SIOCGIFCONF, &ifc), 0);
    n = ifc.ifc_len / (int)sizeof(reqs[0]);
    for (i = 0; i < n; i++) {
        char addr[INET_ADDRSTRLEN], mask[INET_ADDRSTRLEN];
        struct ifreq r = reqs[i];

        inet_ntop(AF_INET, &((struct sockaddr_in *)&r.ifr_addr)->sin_addr, addr,
                  sizeof(addr));
        if (ioctl(fd, SIOCGIFNETMASK, &r) != 0) {
            continue;
        }
        inet_ntop(AF_INET, &((struct sockaddr_in *)&r.ifr_netmask)->sin_addr,
                  mask, sizeof(mask));
        ck_assert_msg(has_addr(l, reqs[i].ifr_name, OSTAT_AF_INET, addr, mask),
                      "no %s %s/%s", reqs[i].ifr_name, addr, mask);
        found++;
    }
    close(fd);

    text = live_read_file("/proc/net/if_inet6");
    pos = text ? text : "";
    while (live_next_line(&pos, line, sizeof(line))) {
        char hex[33], name[64], addr[INET6_ADDRSTRLEN + 80];
        unsigned idx, plen, scope, flags;
        struct in6_addr a6, m6;
        char mask[INET6_ADDRSTRLEN];
        int k;

        if (sscanf(line, "%32s %x %x %x %x %63s", hex, &idx, &plen, &scope,
                   &flags, name) != 6) {
            continue;
        }
        for (k = 0; k < 16; k++) {
            unsigned byte;

            sscanf(hex + 2 * k, "%2x", &byte);
            a6.s6_addr[k] = (unsigned char)byte;
            m6.s6_addr[k] =
                (unsigned char)(plen >= 8u * (unsigned)(k + 1) ? 0xff
                                : plen > 8u * (unsigned)k
                                    ? 0xff << (8 - (plen - 8 * k))
                                    : 0);
        }
        inet_ntop(AF_INET6, &a6, addr, INET6_ADDRSTRLEN);
        if (scope == 0x20) { /* link-local: with its zone */
            strcat(addr, "%");
            strcat(addr, name);
        }
        inet_ntop(AF_INET6, &m6, mask, sizeof(mask));
        ck_assert_msg(has_addr(l, name, OSTAT_AF_INET6, addr, mask),
                      "no %s %s/%s", name, addr, mask);
        found++;
    }
    free(text);

    for (i = 0; i < (int)ostat_list_count(l); i++) {
        struct ostat_net_if_addr a = OSTAT_NET_IF_ADDR_INIT;
        char path[256], *mac;

        ck_assert_int_eq(ostat_list_net_if_addr(l, i, &a), 0);
        if (a.family != OSTAT_AF_LINK) {
            continue;
        }
        snprintf(path, sizeof(path), "/sys/class/net/%s/address", a.name);
        if ((mac = live_read_file(path)) == NULL) {
            continue;
        }
        mac[strcspn(mac, "\n")] = '\0';
        ck_assert_str_eq(a.address, mac);
        free(mac);
        found++;
    }
    ck_assert_int_gt(found, 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- two network namespaces ----------------------------------------------
 *
 * Made once by an unchecked fixture (in the runner, so that they are
 * removed even when a test crashes): net_a holds vA (192.0.2.1/24), net_b
 * vB (192.0.2.2/24), a veth pair. Each namespace is held by nothing but a
 * descriptor of the runner, not by a name under /run/netns: `ip netns add`
 * needs a bind mount there, and `ip -n` or `ip netns exec` remount / (which
 * a chroot cannot do, its root not being a mount point). When the runner
 * exits, however it ends, the namespaces and their interfaces go with it,
 * and no mount is ever made. */

static int net_host = -1, net_a = -1, net_b = -1; /* namespace descriptors */
static char net_skip[256]; /* why the namespace tests cannot run */

/* A thread that moves into a new network namespace and keeps a descriptor
 * of it; the thread's own move ends with the thread. */
struct new_netns {
    int fd;
    int err; /* errno of what failed, or 0 */
    const char *what;
};

static void *make_netns(void *arg)
{
    struct new_netns *n = arg;

    if (unshare(CLONE_NEWNET) != 0) {
        n->err = errno;
        n->what = "unshare(CLONE_NEWNET)";
    } else if ((n->fd = open("/proc/thread-self/ns/net",
                             O_RDONLY | O_CLOEXEC)) < 0) {
        n->err = errno;
        n->what = "open /proc/thread-self/ns/net";
    }
    return NULL;
}

/* A new network namespace: its descriptor, or -1 with net_skip said. */
static int netns_new(void)
{
    struct new_netns n = { -1, 0, NULL };
    pthread_t t;
    int rc;

    if ((rc = pthread_create(&t, NULL, make_netns, &n)) != 0) {
        snprintf(net_skip, sizeof(net_skip), "pthread_create: %s",
                 strerror(rc));
        return -1;
    }
    pthread_join(t, NULL);
    if (n.fd < 0) {
        snprintf(net_skip, sizeof(net_skip),
                 "%s: %s (no permission to create network namespaces?)", n.what,
                 strerror(n.err));
    }
    return n.fd;
}

/* Run a /bin/sh command in the network namespace @fd (and the runner's
 * mount namespace); 0 if it ran and exited 0. */
static int in_netns(int fd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int in_netns(int fd, const char *fmt, ...)
{
    char cmd[512];
    va_list ap;
    pid_t pid;
    int status;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        return -1;
    }
    if (pid == 0) {
        if (setns(fd, CLONE_NEWNET) != 0) {
            _exit(126);
        }
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return -1;
        }
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void netns_setup(void)
{
    net_skip[0] = '\0';
    if (!live_have_tool("ip")) {
        snprintf(net_skip, sizeof(net_skip), "ip is not installed");
        return;
    }
    net_host = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (net_host < 0) {
        snprintf(net_skip, sizeof(net_skip),
                 "open /proc/thread-self/ns/net: %s", strerror(errno));
        return;
    }
    if ((net_a = netns_new()) < 0 || (net_b = netns_new()) < 0) {
        return;
    }
    /* ip takes a path with a '/' for a namespace; the runner's descriptor
     * of net_b is one. */
    if (in_netns(net_a,
                 "ip link add vA type veth peer name vB netns /proc/%ld/fd/%d "
                 "&& ip addr add 192.0.2.1/24 dev vA && ip link set vA up && "
                 "ip link set lo up",
                 (long)getpid(), net_b) != 0 ||
        in_netns(net_b, "ip addr add 192.0.2.2/24 dev vB && "
                        "ip link set vB up") != 0) {
        snprintf(net_skip, sizeof(net_skip),
                 "cannot make a veth pair (ip's message above)");
    }
}

/* Closing the last descriptors deletes the namespaces, and the kernel
 * deletes the interfaces inside them. */
static void netns_teardown(void)
{
    int *fds[] = { &net_a, &net_b, &net_host };
    size_t i;

    for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
        if (*fds[i] >= 0) {
            close(*fds[i]);
            *fds[i] = -1;
        }
    }
}

/* Move the calling thread into the namespace of descriptor @fd. */
static void enter(int fd)
{
    ck_assert_msg(setns(fd, CLONE_NEWNET) == 0, "setns: %s", strerror(errno));
}

static int skipped(void)
{
    if (net_skip[0] != '\0') {
        fprintf(stderr, "live net: namespace test skipped: %s\n", net_skip);
        return 1;
    }
    return 0;
}

/* The names the library lists, joined with spaces in its order. */
static void lib_names(ostat_ctx *ctx, char *buf, size_t cap)
{
    ostat_list *l = NULL;
    size_t i, len = 0;

    buf[0] = '\0';
    ck_assert_int_eq(ostat_net_io_counters_pernic(ctx, 0, &l), 0);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;

        ck_assert_int_eq(ostat_list_net_io_counters(l, i, &c), 0);
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? " " : "",
                                c.name);
        ck_assert_uint_lt(len, cap);
    }
    ostat_list_free(l);
}

START_TEST(netns_traffic)
{
    enum { COUNT = 300, SIZE = 1000 };
    struct ostat_net_io_counters a0, a1, b0, b1;
    struct sockaddr_in to;
    char payload[SIZE], names[1024];
    ostat_ctx *ctx;
    ostat_list *l = NULL;
    double deadline;
    int fd, i;

    if (skipped()) {
        return;
    }
    ctx = live_ctx();
    enter(net_b);
    ck_assert(lib_nic(ctx, "vB", &b0));
    enter(net_a);
    lib_names(ctx, names, sizeof(names));
    ck_assert_str_eq(names, "lo vA");
    ck_assert(lib_nic(ctx, "vA", &a0));
    ck_assert_int_eq(ostat_net_if_addrs(ctx, &l), 0);
    ck_assert(has_addr(l, "vA", OSTAT_AF_INET, "192.0.2.1", "255.255.255.0"));
    ck_assert(has_addr(l, "lo", OSTAT_AF_INET, "127.0.0.1", "255.0.0.0"));
    ostat_list_free(l);

    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    memset(&to, 0, sizeof(to));
    to.sin_family = AF_INET;
    to.sin_port = htons(9);
    inet_pton(AF_INET, "192.0.2.2", &to.sin_addr);
    memset(payload, 'x', sizeof(payload));
    for (i = 0; i < COUNT; i++) {
        ck_assert_int_eq(sendto(fd, payload, sizeof(payload), 0,
                                (struct sockaddr *)&to, sizeof(to)),
                         SIZE);
    }
    close(fd);
    ck_assert(lib_nic(ctx, "vA", &a1));
    ck_assert_uint_ge(a1.bytes_sent - a0.bytes_sent, (uint64_t)COUNT * SIZE);
    ck_assert_uint_ge(a1.packets_sent - a0.packets_sent, COUNT);

    enter(net_b);
    /* The receiving side counts as the packets arrive. */
    deadline = live_now() + 5;
    for (;;) {
        ck_assert(lib_nic(ctx, "vB", &b1));
        if (b1.packets_recv - b0.packets_recv >= COUNT ||
            live_now() > deadline) {
            break;
        }
        live_sleep(0.05);
    }
    ck_assert_uint_ge(b1.bytes_recv - b0.bytes_recv, (uint64_t)COUNT * SIZE);
    ck_assert_uint_ge(b1.packets_recv - b0.packets_recv, COUNT);
    ostat_ctx_free(ctx);
    enter(net_host); /* where the next test expects to be without fork */
}
END_TEST

struct thread_view {
    char names[1024];
    int32_t addrs_ok;
};

static void *in_namespace_a(void *arg)
{
    struct thread_view *v = arg;
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;

    enter(net_a);
    lib_names(ctx, v->names, sizeof(v->names));
    if (ostat_net_if_addrs(ctx, &l) == 0) {
        v->addrs_ok = has_addr(l, "vA", OSTAT_AF_INET, "192.0.2.1", NULL);
    }
    ostat_list_free(l);
    ostat_ctx_free(ctx);
    return NULL;
}

/* One thread in another namespace sees that namespace's interfaces, and
 * the other threads still see theirs: the library reads
 * /proc/thread-self/net/dev, not the process's /proc/net/dev. */
START_TEST(netns_per_thread)
{
    struct thread_view v;
    char host[4096];
    ostat_ctx *ctx;
    pthread_t t;

    if (skipped()) {
        return;
    }
    memset(&v, 0, sizeof(v));
    ck_assert_int_eq(pthread_create(&t, NULL, in_namespace_a, &v), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_str_eq(v.names, "lo vA");
    ck_assert_int_eq(v.addrs_ok, 1);
    ctx = live_ctx();
    lib_names(ctx, host, sizeof(host));
    ck_assert_msg(strstr(host, "vA") == NULL, "the main thread sees vA: \"%s\"",
                  host);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_net(Suite *s)
{
    TCase *tc = tcase_create("net");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, io_counters_vs_proc_net_dev);
    tcase_add_test(tc, if_stats_vs_sysfs);
    tcase_add_test(tc, if_addrs_vs_kernel);
    suite_add_tcase(s, tc);

    tc = tcase_create("netns");
    tcase_set_timeout(tc, 60);
    tcase_add_unchecked_fixture(tc, netns_setup, netns_teardown);
    tcase_add_test(tc, netns_traffic);
    tcase_add_test(tc, netns_per_thread);
    suite_add_tcase(s, tc);
}
