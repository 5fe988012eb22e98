/* SPDX-License-Identifier: MIT */
/* test_connections.c: net_connections on this machine. The test opens its
 * own sockets on loopback (TCP and UDP over IPv4 and IPv6, listening,
 * connected and half-closed; UNIX stream, datagram and seqpacket, bound to
 * a path with a space, to an abstract name, and not bound) and finds each
 * with the family, type, addresses, state, pid and descriptor that
 * getsockname(), getpeername(), fstat() and the test itself know; then the
 * whole system's sockets against `ss -tuanxpe`, read between two calls of
 * the library so that sockets which come and go meanwhile do not count. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "live.h"

/* A socket of the test and what the library must say about it. */
struct own {
    const char *what;
    int fd;
    int32_t kind; /* the OSTAT_CONN_KIND_* it belongs to */
    int32_t family, type, status;
    char laddr[128];
    int32_t lport;
    char raddr[128];
    int32_t rport;
    uint64_t inode;
};

#define MAX_OWN 24

/* The parent of each test's directory, made and removed by the test
 * case's unchecked fixture in the runner, so that nothing is left behind
 * when a forked test fails half-way. */
static char conn_root[64];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void conn_root_setup(void)
{
    snprintf(conn_root, sizeof(conn_root), "/tmp/ostat-live-conn-XXXXXX");
    if (mkdtemp(conn_root) == NULL) {
        conn_root[0] = '\0';
    }
}

static void conn_root_teardown(void)
{
    if (conn_root[0] != '\0') {
        nftw(conn_root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    }
}

struct owns {
    struct own s[MAX_OWN];
    size_t n;
    char dir[96]; /* for the UNIX socket's path */
};

static uint64_t inode_of(int fd)
{
    struct stat st;

    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert(S_ISSOCK(st.st_mode));
    return (uint64_t)st.st_ino;
}

/* The text and port of a socket address, psutil's way: "" and 0 for no
 * address (port 0). */
static void addr_text(const struct sockaddr_storage *ss,
                      char *buf,
                      size_t cap,
                      int32_t *port)
{
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;

        *port = ntohs(a->sin_port);
        inet_ntop(AF_INET, &a->sin_addr, buf, (socklen_t)cap);
    } else {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;

        *port = ntohs(a->sin6_port);
        inet_ntop(AF_INET6, &a->sin6_addr, buf, (socklen_t)cap);
    }
    if (*port == 0) {
        buf[0] = '\0';
    }
}

/* Record inet socket @fd with its addresses as the system reports them. */
static void add_inet(struct owns *o, const char *what, int fd, int32_t status)
{
    struct own *s = &o->s[o->n++];
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int type = 0;
    socklen_t tl = sizeof(type);

    ck_assert_uint_le(o->n, MAX_OWN);
    memset(s, 0, sizeof(*s));
    s->what = what;
    s->fd = fd;
    s->status = status;
    s->inode = inode_of(fd);
    ck_assert_int_eq(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
    s->family = ss.ss_family == AF_INET ? OSTAT_AF_INET : OSTAT_AF_INET6;
    s->type = type == SOCK_STREAM ? OSTAT_SOCK_STREAM : OSTAT_SOCK_DGRAM;
    s->kind = type == SOCK_STREAM
                  ? (ss.ss_family == AF_INET ? OSTAT_CONN_KIND_TCP4
                                             : OSTAT_CONN_KIND_TCP6)
                  : (ss.ss_family == AF_INET ? OSTAT_CONN_KIND_UDP4
                                             : OSTAT_CONN_KIND_UDP6);
    addr_text(&ss, s->laddr, sizeof(s->laddr), &s->lport);
    len = sizeof(ss);
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0) {
        addr_text(&ss, s->raddr, sizeof(s->raddr), &s->rport);
    } else {
        ck_assert_int_eq(errno, ENOTCONN);
    }
}

static void add_unix(
    struct owns *o, const char *what, int fd, int32_t type, const char *laddr)
{
    struct own *s = &o->s[o->n++];

    ck_assert_uint_le(o->n, MAX_OWN);
    memset(s, 0, sizeof(*s));
    s->what = what;
    s->fd = fd;
    s->kind = OSTAT_CONN_KIND_UNIX;
    s->family = OSTAT_AF_UNIX;
    s->type = type;
    s->status = OSTAT_CONN_NONE;
    snprintf(s->laddr, sizeof(s->laddr), "%s", laddr);
    s->inode = inode_of(fd);
}

/* A listener, a client connected to it and the accepted end, on the
 * loopback address of @family; 0, or -1 when the system has no such
 * loopback (IPv6 disabled). */
static int tcp_trio(struct owns *o, int family, const char *names[3])
{
    struct sockaddr_storage ss;
    socklen_t len;
    int l, c, a;

    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;

        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(*in);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        len = sizeof(*in6);
    }
    l = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&ss, len) != 0) {
        ck_assert_msg(family == AF_INET6, "bind 127.0.0.1: %s",
                      strerror(errno));
        if (l >= 0) {
            close(l);
        }
        return -1;
    }
    ck_assert_int_eq(listen(l, 8), 0);
    ck_assert_int_eq(getsockname(l, (struct sockaddr *)&ss, &len), 0);
    c = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(c, 0);
    ck_assert_int_eq(connect(c, (struct sockaddr *)&ss, len), 0);
    a = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    ck_assert_int_ge(a, 0);
    add_inet(o, names[0], l, OSTAT_CONN_LISTEN);
    add_inet(o, names[1], c, OSTAT_CONN_ESTABLISHED);
    add_inet(o, names[2], a, OSTAT_CONN_ESTABLISHED);
    return 0;
}

/* Two UDP sockets on the loopback address of @family, the first connected
 * to the second. */
static void udp_pair(struct owns *o, int family, const char *names[2])
{
    struct sockaddr_storage ss;
    socklen_t len;
    int a, b;

    memset(&ss, 0, sizeof(ss));
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;

        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(*in);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        len = sizeof(*in6);
    }
    b = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(b, 0);
    ck_assert_int_eq(bind(b, (struct sockaddr *)&ss, len), 0);
    ck_assert_int_eq(getsockname(b, (struct sockaddr *)&ss, &len), 0);
    a = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(a, 0);
    ck_assert_int_eq(connect(a, (struct sockaddr *)&ss, len), 0);
    add_inet(o, names[0], a, OSTAT_CONN_NONE);
    add_inet(o, names[1], b, OSTAT_CONN_NONE);
}

/* Every kind of socket the test checks. *@orphan_port gets the local port
 * of a client that was closed first (now in FIN_WAIT1, FIN_WAIT2 or
 * TIME_WAIT, owned by nobody). */
static void open_all(struct owns *o, int *have6, int32_t *orphan_port)
{
    static const char *tcp4[3] = { "tcp4 listener", "tcp4 client",
                                   "tcp4 accepted" };
    static const char *tcp6[3] = { "tcp6 listener", "tcp6 client",
                                   "tcp6 accepted" };
    static const char *udp4[2] = { "udp4 connected", "udp4 bound" };
    static const char *udp6[2] = { "udp6 connected", "udp6 bound" };
    static const char *half[3] = { "half listener", "half client",
                                   "tcp4 close-wait" };
    struct sockaddr_un un;
    struct pollfd pfd;
    char path[128], abstract[64], c;
    int l, u, a, sv[2], d;

    memset(o, 0, sizeof(*o));
    tcp_trio(o, AF_INET, tcp4);
    *have6 = tcp_trio(o, AF_INET6, tcp6) == 0;
    udp_pair(o, AF_INET, udp4);
    if (*have6) {
        udp_pair(o, AF_INET6, udp6);
    }
    /* A connection whose client closes first: the accepted end is left in
     * CLOSE_WAIT with its descriptor, the client in FIN_WAIT2 without. */
    tcp_trio(o, AF_INET, half);
    *orphan_port = o->s[o->n - 2].lport;
    close(o->s[o->n - 2].fd);
    o->s[o->n - 2] = o->s[o->n - 1];
    o->n--;
    o->s[o->n - 1].status = OSTAT_CONN_CLOSE_WAIT;
    pfd.fd = o->s[o->n - 1].fd;
    pfd.events = POLLIN;
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    ck_assert_int_eq(read(pfd.fd, &c, 1), 0); /* the FIN is in */

    /* UNIX: a listener on a path with a space, a client, the accepted end
     * (which carries the listener's name), an abstract datagram socket,
     * a seqpacket pair. */
    ck_assert_msg(conn_root[0] != '\0', "no temporary directory");
    snprintf(o->dir, sizeof(o->dir), "%s/t-XXXXXX", conn_root);
    ck_assert_ptr_nonnull(mkdtemp(o->dir));
    snprintf(path, sizeof(path), "%s/live sock", o->dir);
    memset(&un, 0, sizeof(un));
    un.sun_family = AF_UNIX;
    ck_assert_uint_lt(strlen(path), sizeof(un.sun_path));
    memcpy(un.sun_path, path, strlen(path) + 1);
    l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(l, 0);
    ck_assert_int_eq(bind(l, (struct sockaddr *)&un, sizeof(un)), 0);
    ck_assert_int_eq(listen(l, 4), 0);
    u = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(u, 0);
    ck_assert_int_eq(connect(u, (struct sockaddr *)&un, sizeof(un)), 0);
    a = accept4(l, NULL, NULL, SOCK_CLOEXEC);
    ck_assert_int_ge(a, 0);
    add_unix(o, "unix listener", l, OSTAT_SOCK_STREAM, path);
    add_unix(o, "unix client", u, OSTAT_SOCK_STREAM, "");
    add_unix(o, "unix accepted", a, OSTAT_SOCK_STREAM, path);

    snprintf(abstract, sizeof(abstract), "ostat-live-%d", (int)getpid());
    memset(&un, 0, sizeof(un));
    un.sun_family = AF_UNIX;
    memcpy(un.sun_path + 1, abstract, strlen(abstract));
    d = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(d, 0);
    ck_assert_int_eq(bind(d, (struct sockaddr *)&un,
                          (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
                                      1 + strlen(abstract))),
                     0);
    snprintf(path, sizeof(path), "@%s", abstract);
    add_unix(o, "unix abstract", d, OSTAT_SOCK_DGRAM, path);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv),
                     0);
    add_unix(o, "unix pair 0", sv[0], OSTAT_SOCK_SEQPACKET, "");
    add_unix(o, "unix pair 1", sv[1], OSTAT_SOCK_SEQPACKET, "");
}

static void close_all(struct owns *o)
{
    char path[128];
    size_t i;

    for (i = 0; i < o->n; i++) {
        close(o->s[i].fd);
    }
    snprintf(path, sizeof(path), "%s/live sock", o->dir);
    unlink(path);
    rmdir(o->dir);
}

/* Every element of @l; free() the array. */
static struct ostat_connection *rows(const ostat_list *l, size_t *n)
{
    struct ostat_connection *c;
    size_t i;

    *n = ostat_list_count(l);
    c = calloc(*n ? *n : 1, sizeof(*c));
    ck_assert_ptr_nonnull(c);
    for (i = 0; i < *n; i++) {
        struct ostat_connection init = OSTAT_CONNECTION_INIT;

        c[i] = init;
        ck_assert_int_eq(ostat_list_connection(l, i, &c[i]), 0);
    }
    return c;
}

/* Check that @c has exactly one row for @s, right in every field, or none
 * when @s is not of the kinds listed (@kind). */
static void expect(const struct ostat_connection *c,
                   size_t n,
                   const struct own *s,
                   int32_t kind,
                   const char *how)
{
    size_t i, hits = 0, at = 0;
    int64_t me = (int64_t)getpid();

    for (i = 0; i < n; i++) {
        if (c[i].inode == s->inode) {
            hits++;
            at = i;
        }
    }
    if (!(kind & s->kind)) {
        ck_assert_msg(hits == 0, "%s: %s is listed, but not asked for", how,
                      s->what);
        return;
    }
    ck_assert_msg(hits == 1, "%s: %s (inode %llu) has %zu rows", how, s->what,
                  (unsigned long long)s->inode, hits);
    ck_assert_msg(c[at].family == s->family && c[at].type == s->type,
                  "%s: %s: family %d type %d, expected %d %d", how, s->what,
                  c[at].family, c[at].type, s->family, s->type);
    ck_assert_msg(strcmp(c[at].laddr, s->laddr) == 0,
                  "%s: %s: laddr \"%s\", expected \"%s\"", how, s->what,
                  c[at].laddr, s->laddr);
    ck_assert_msg(c[at].status == s->status &&
                      (c[at].valid & OSTAT_CONNECTION_STATUS),
                  "%s: %s: status %s, expected %s", how, s->what,
                  ostat_conn_status_name(c[at].status),
                  ostat_conn_status_name(s->status));
    ck_assert_msg(c[at].pid == me && c[at].fd == s->fd &&
                      (c[at].valid & OSTAT_CONNECTION_PID) &&
                      (c[at].valid & OSTAT_CONNECTION_FD),
                  "%s: %s: pid %lld fd %d, expected %lld %d", how, s->what,
                  (long long)c[at].pid, c[at].fd, (long long)me, s->fd);
    if (s->family == OSTAT_AF_UNIX) {
        ck_assert_uint_eq(c[at].valid & OSTAT_CONNECTION_LADDR_PORT, 0);
        ck_assert_str_eq(c[at].raddr, "");
        return;
    }
    ck_assert_msg(c[at].laddr_port == s->lport &&
                      strcmp(c[at].raddr, s->raddr) == 0 &&
                      c[at].raddr_port == s->rport,
                  "%s: %s: %s:%d -> %s:%d, expected %s:%d -> %s:%d", how,
                  s->what, c[at].laddr, c[at].laddr_port, c[at].raddr,
                  c[at].raddr_port, s->laddr, s->lport, s->raddr, s->rport);
}

/* The system's sockets of kinds @kind through @ctx, every one of the
 * test's checked. */
static void check_system(ostat_ctx *ctx,
                         const struct owns *o,
                         int32_t kind,
                         const char *how)
{
    ostat_list *l = NULL;
    struct ostat_connection *c;
    size_t n, i;
    int rc = ostat_net_connections(ctx, kind, &l);

    ck_assert_msg(rc == 0, "%s: %s", how, ostat_err_name(rc));
    c = rows(l, &n);
    for (i = 0; i < o->n; i++) {
        expect(c, n, &o->s[i], kind, how);
    }
    free(c);
    ostat_list_free(l);
}

START_TEST(own_sockets)
{
    static const int32_t kinds[] = {
        OSTAT_CONN_KIND_ALL,   OSTAT_CONN_KIND_INET, OSTAT_CONN_KIND_INET4,
        OSTAT_CONN_KIND_INET6, OSTAT_CONN_KIND_TCP,  OSTAT_CONN_KIND_TCP4,
        OSTAT_CONN_KIND_TCP6,  OSTAT_CONN_KIND_UDP,  OSTAT_CONN_KIND_UDP4,
        OSTAT_CONN_KIND_UDP6,  OSTAT_CONN_KIND_UNIX,
    };
    ostat_ctx_options opts = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = live_ctx(), *files = NULL;
    struct owns o;
    char how[64];
    int have6;
    int32_t orphan_port;
    size_t i;

    open_all(&o, &have6, &orphan_port);
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        snprintf(how, sizeof(how), "kind 0x%x", (unsigned)kinds[i]);
        check_system(ctx, &o, kinds[i], how);
    }
    /* The same through /proc/net (a procfs root that is not "/proc" is not
     * the running system to ostat: no netlink). */
    opts.procfs_root = "/proc/.";
    ck_assert_int_eq(ostat_ctx_new(&opts, &files), 0);
    check_system(files, &o, OSTAT_CONN_KIND_ALL, "/proc/net");
    check_system(files, &o, OSTAT_CONN_KIND_TCP6 | OSTAT_CONN_KIND_UNIX,
                 "/proc/net tcp6 unix");
    ostat_ctx_free(files);
    close_all(&o);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(orphaned_client)
{
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    struct ostat_connection *c;
    struct owns o;
    size_t n, i, found = 0;
    int have6;
    int32_t orphan_port;

    open_all(&o, &have6, &orphan_port);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l), 0);
    c = rows(l, &n);
    /* The closed client: FIN_WAIT1 until the other end's ACK is in, then
     * FIN_WAIT2 (TIME_WAIT once the other end closes too); no descriptor,
     * no owner. */
    for (i = 0; i < n; i++) {
        if (c[i].laddr_port == orphan_port &&
            strcmp(c[i].laddr, "127.0.0.1") == 0) {
            found++;
            ck_assert_msg(c[i].status == OSTAT_CONN_FIN_WAIT1 ||
                              c[i].status == OSTAT_CONN_FIN_WAIT2 ||
                              c[i].status == OSTAT_CONN_TIME_WAIT,
                          "the closed client is %s",
                          ostat_conn_status_name(c[i].status));
            ck_assert_uint_eq(
                c[i].valid & (OSTAT_CONNECTION_PID | OSTAT_CONNECTION_FD), 0);
            ck_assert_int_eq(c[i].pid, -1);
            ck_assert_int_eq(c[i].fd, -1);
        }
    }
    ck_assert_uint_eq(found, 1);
    free(c);
    ostat_list_free(l);
    close_all(&o);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(process_sockets)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    struct ostat_connection *c;
    struct owns o;
    size_t n, i;
    int have6;
    int32_t orphan_port;

    open_all(&o, &have6, &orphan_port);
    ck_assert_int_eq(ostat_proc_open_self(ctx, &p), 0);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_ALL, &l), 0);
    c = rows(l, &n);
    for (i = 0; i < o.n; i++) {
        expect(c, n, &o.s[i], OSTAT_CONN_KIND_ALL, "process");
    }
    /* Nothing but this process's own descriptors. */
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(c[i].pid, (int64_t)getpid());
        ck_assert_int_ge(c[i].fd, 0);
    }
    free(c);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_UDP6, &l),
                     0);
    ck_assert_uint_eq(ostat_list_count(l), have6 ? 2 : 0);
    ostat_list_free(l);
    ostat_proc_free(p);
    close_all(&o);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- processes the caller may not inspect ------------------------------ */

/* In a child that has become user nobody: @ino, a socket only the parent
 * (root) holds, must be listed without an owner, and the parent's own
 * sockets must be OSTAT_EACCES, as psutil's AccessDenied. Exit status 0 if
 * so, else the number of the check that failed. */
static int as_nobody(uint64_t ino, pid_t parent)
{
    ostat_ctx *ctx = NULL;
    ostat_list *l = NULL;
    ostat_proc *p = NULL;
    size_t i, n, hits = 0;
    int rc;

    if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
        setresuid(65534, 65534, 65534) != 0) {
        return 1;
    }
    if (ostat_ctx_new(NULL, &ctx) != 0) {
        return 2;
    }
    if (ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l) != 0) {
        return 3;
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_connection c = OSTAT_CONNECTION_INIT;

        if (ostat_list_connection(l, i, &c) != 0) {
            return 4;
        }
        if (c.inode == ino) {
            hits++;
            if (c.pid != -1 || c.fd != -1 ||
                (c.valid & (OSTAT_CONNECTION_PID | OSTAT_CONNECTION_FD))) {
                return 5;
            }
        }
    }
    ostat_list_free(l);
    if (hits != 1) {
        return 6;
    }
    if (ostat_proc_open(ctx, parent, &p) != 0) {
        return 7;
    }
    rc = ostat_proc_net_connections(p, OSTAT_CONN_KIND_ALL, &l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
    return rc == OSTAT_EACCES && l == NULL ? 0 : 8;
}

START_TEST(other_users_skipped)
{
    struct sockaddr_in sa;
    uint64_t ino;
    pid_t child;
    int l, status;

    if (geteuid() != 0) {
        return; /* needs root to become another user */
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(l, 0);
    ck_assert_int_eq(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(l, 1), 0);
    ino = inode_of(l);
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        close(l);
        _exit(as_nobody(ino, getppid()));
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "as user nobody, check %d failed (1: setresuid, 3: the "
                  "system-wide call failed, 5: root's socket has an owner, "
                  "6: it is not listed once, 8: not OSTAT_EACCES for "
                  "root's process)",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    close(l);
}
END_TEST

/* ---- against ss -----------------------------------------------------------
 */

/* A socket as a set member: its inode, and an owner (pid, fd) or none. */
struct key {
    uint64_t inode;
    int64_t pid;
    int32_t fd;
    int unx;
};

struct keys {
    struct key *k;
    size_t n, cap;
};

static void
keys_add(struct keys *s, uint64_t inode, int64_t pid, int32_t fd, int unx)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->k = realloc(s->k, s->cap * sizeof(*s->k));
        ck_assert_ptr_nonnull(s->k);
    }
    s->k[s->n].inode = inode;
    s->k[s->n].pid = pid;
    s->k[s->n].fd = fd;
    s->k[s->n].unx = unx;
    s->n++;
}

static int keys_has(const struct keys *s, const struct key *k)
{
    size_t i;

    for (i = 0; i < s->n; i++) {
        if (s->k[i].inode == k->inode && s->k[i].pid == k->pid &&
            s->k[i].fd == k->fd) {
            return 1;
        }
    }
    return 0;
}

/* What ostat says: every socket's inode (owner -1), and each UNIX
 * socket's (pid, fd) pairs and each inet socket's first owner. */
static void ostat_keys(ostat_ctx *ctx, struct keys *out)
{
    ostat_list *l = NULL;
    struct ostat_connection *c;
    size_t n, i;

    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_ALL, &l), 0);
    c = rows(l, &n);
    for (i = 0; i < n; i++) {
        int unx = c[i].family == OSTAT_AF_UNIX;

        if (c[i].inode == 0) {
            continue; /* TIME_WAIT and the like: no identity */
        }
        keys_add(out, c[i].inode, -1, -1, unx);
        if (c[i].valid & OSTAT_CONNECTION_PID) {
            keys_add(out, c[i].inode, c[i].pid, c[i].fd, unx);
        }
    }
    free(c);
    ostat_list_free(l);
}

/* The first all-digit word of @s at or after @from that is followed by
 * another word and then an all-digit word (a UNIX line's "name ino
 * peer-name peer-ino"), as a number; 0 when there is none. */
static uint64_t unix_local_inode(const char *s)
{
    char w[8][256];
    int n = 0, i;
    const char *p = s;

    while (n < 8) {
        int len = 0;

        while (*p == ' ') {
            p++;
        }
        if (*p == '\0') {
            break;
        }
        while (*p != '\0' && *p != ' ' && len < 255) {
            w[n][len++] = *p++;
        }
        while (*p != '\0' && *p != ' ') {
            p++;
        }
        w[n++][len] = '\0';
    }
    for (i = 1; i + 2 < n; i++) {
        if (strspn(w[i], "0123456789") == strlen(w[i]) &&
            strspn(w[i + 2], "0123456789") == strlen(w[i + 2])) {
            return strtoull(w[i], NULL, 10);
        }
    }
    return 0;
}

/* What `ss -tuanxpe -H` says, in the same form: inet sockets by their
 * "ino:" (and the lowest of their users), UNIX sockets by the local
 * inode (and every user). Returns 0, or -1 if ss cannot run. */
static int ss_keys(struct keys *out)
{
    char *text = live_run("ss -tuanxpe -H"), line[4096];
    const char *pos = text;

    if (text == NULL) {
        return -1;
    }
    while (live_next_line(&pos, line, sizeof(line))) {
        int unx = strncmp(line, "u_", 2) == 0;
        uint64_t inode = 0;
        int64_t min_pid = -1;
        int32_t min_fd = -1;
        const char *q;

        if (unx) {
            /* After netid, state, recv-q and send-q. */
            const char *r = line;
            int i;

            for (i = 0; i < 4; i++) {
                r += strspn(r, " ");
                r += strcspn(r, " ");
            }
            inode = unix_local_inode(r);
        } else if ((q = strstr(line, " ino:")) != NULL) {
            inode = strtoull(q + 5, NULL, 10);
        }
        if (inode == 0) {
            continue;
        }
        keys_add(out, inode, -1, -1, unx);
        for (q = strstr(line, "pid="); q != NULL; q = strstr(q + 4, "pid=")) {
            long long pid;
            int fd;

            if (sscanf(q, "pid=%lld,fd=%d", &pid, &fd) != 2) {
                continue;
            }
            if (unx) {
                keys_add(out, inode, pid, fd, 1);
            } else if (min_pid < 0 || pid < min_pid ||
                       (pid == min_pid && fd < min_fd)) {
                min_pid = pid;
                min_fd = fd;
            }
        }
        if (min_pid >= 0) {
            keys_add(out, inode, min_pid, min_fd, 0);
        }
    }
    free(text);
    return 0;
}

START_TEST(versus_ss)
{
    ostat_ctx *ctx;
    struct owns o;
    int have6, attempt, bad = 0;
    int32_t orphan_port;
    char diag[1024];

    if (!live_have_tool("ss")) {
        return; /* iproute2 is not installed */
    }
    ctx = live_ctx();
    open_all(&o, &have6, &orphan_port);
    /* Sockets come and go on a busy machine: a socket (or owner) must be
     * in ss's listing if ostat saw it both before and after ss ran, and
     * ss's must be in one of ostat's two listings. Up to LIVE_RETRIES
     * tries for a listing with no disagreement. */
    for (attempt = 0; attempt < LIVE_RETRIES; attempt++) {
        struct keys a = { NULL, 0, 0 }, b = { NULL, 0, 0 }, s = { NULL, 0, 0 };
        size_t i, len = 0, compared = 0;

        ostat_keys(ctx, &a);
        ck_assert_int_eq(ss_keys(&s), 0);
        ostat_keys(ctx, &b);
        bad = 0;
        diag[0] = '\0';
        for (i = 0; i < a.n; i++) {
            if (keys_has(&b, &a.k[i])) {
                compared++;
                if (!keys_has(&s, &a.k[i])) {
                    bad++;
                    len += (size_t)snprintf(
                        diag + len, len < sizeof(diag) ? sizeof(diag) - len : 0,
                        " ostat-only ino %llu pid %lld fd %d;",
                        (unsigned long long)a.k[i].inode, (long long)a.k[i].pid,
                        a.k[i].fd);
                    len = len < sizeof(diag) ? len : sizeof(diag);
                }
            }
        }
        for (i = 0; i < s.n; i++) {
            if (!keys_has(&a, &s.k[i]) && !keys_has(&b, &s.k[i])) {
                bad++;
                len += (size_t)snprintf(
                    diag + len, len < sizeof(diag) ? sizeof(diag) - len : 0,
                    " ss-only ino %llu pid %lld fd %d;",
                    (unsigned long long)s.k[i].inode, (long long)s.k[i].pid,
                    s.k[i].fd);
                len = len < sizeof(diag) ? len : sizeof(diag);
            }
        }
        /* The test's own sockets are in all three. */
        for (i = 0; i < o.n; i++) {
            struct key k = { o.s[i].inode, (int64_t)getpid(), o.s[i].fd, 0 };

            ck_assert_msg(keys_has(&s, &k), "ss does not list %s (ino %llu)",
                          o.s[i].what, (unsigned long long)o.s[i].inode);
        }
        ck_assert_uint_gt(compared, o.n);
        free(a.k);
        free(b.k);
        free(s.k);
        if (bad == 0) {
            break;
        }
    }
    ck_assert_msg(bad == 0, "%d disagreements with ss:%s", bad, diag);
    close_all(&o);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_connections(Suite *s)
{
    TCase *tc = tcase_create("connections");

    tcase_set_timeout(tc, 60);
    tcase_add_unchecked_fixture(tc, conn_root_setup, conn_root_teardown);
    tcase_add_test(tc, own_sockets);
    tcase_add_test(tc, orphaned_client);
    tcase_add_test(tc, process_sockets);
    tcase_add_test(tc, other_users_skipped);
    tcase_add_test(tc, versus_ss);
    suite_add_tcase(s, tc);
}
