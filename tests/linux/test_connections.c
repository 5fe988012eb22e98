/* SPDX-License-Identifier: MIT */
/* test_connections.c: net_connections against the recorded tree
 * tests/fixtures/linux/conns (its /proc/net tables and the fd links of
 * pids 100, 200, 300 and 400), the broken tables under
 * tests/fixtures/linux/malformed/conns-*, and trees built at run time.
 * The addresses in the tables are written as a little-endian kernel
 * writes them; the comments give each row's values. */
#include "fx.h"

/* Every element of @l, copied out; free() the array. */
static struct ostat_connection *all_rows(const ostat_list *l, size_t *n)
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

/* The row of socket @inode with descriptor @fd (-1: the row without an
 * owner); fails the test if there is not exactly one. */
static struct ostat_connection
row_of(const struct ostat_connection *c, size_t n, uint64_t inode, int fd)
{
    size_t i, found = n, hits = 0;

    for (i = 0; i < n; i++) {
        if (c[i].inode == inode && c[i].fd == fd) {
            found = i;
            hits++;
        }
    }
    ck_assert_msg(hits == 1, "%zu rows for inode %llu fd %d", hits,
                  (unsigned long long)inode, fd);
    return c[found];
}

/* How many rows socket @inode has. */
static size_t
rows_of(const struct ostat_connection *c, size_t n, uint64_t inode)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        k += c[i].inode == inode;
    }
    return k;
}

static const uint64_t inet_all =
    OSTAT_CONNECTION_FD | OSTAT_CONNECTION_FAMILY | OSTAT_CONNECTION_TYPE |
    OSTAT_CONNECTION_LADDR | OSTAT_CONNECTION_LADDR_PORT |
    OSTAT_CONNECTION_RADDR | OSTAT_CONNECTION_RADDR_PORT |
    OSTAT_CONNECTION_STATUS | OSTAT_CONNECTION_PID | OSTAT_CONNECTION_INODE;
static const uint64_t owner_bits = OSTAT_CONNECTION_FD | OSTAT_CONNECTION_PID;
static const uint64_t unix_no_ports = OSTAT_CONNECTION_LADDR_PORT |
                                      OSTAT_CONNECTION_RADDR |
                                      OSTAT_CONNECTION_RADDR_PORT;

static void check_inet(const struct ostat_connection *c,
                       int32_t family,
                       int32_t type,
                       const char *laddr,
                       int32_t lport,
                       const char *raddr,
                       int32_t rport,
                       int32_t status)
{
    ck_assert_int_eq(c->family, family);
    ck_assert_int_eq(c->type, type);
    ck_assert_str_eq(c->laddr, laddr);
    ck_assert_int_eq(c->laddr_port, lport);
    ck_assert_str_eq(c->raddr, raddr);
    ck_assert_int_eq(c->raddr_port, rport);
    ck_assert_int_eq(c->status, status);
}

static void check_owner(struct ostat_connection c, int64_t pid, int fd)
{
    if (pid < 0) {
        ck_assert_uint_eq(c.valid & owner_bits, 0);
        ck_assert_int_eq(c.pid, -1);
        ck_assert_int_eq(c.fd, -1);
    } else {
        ck_assert_uint_eq(c.valid & owner_bits, owner_bits);
        ck_assert_int_eq(c.pid, pid);
        ck_assert_int_eq(c.fd, fd);
    }
}

START_TEST(fixture_tcp_states)
{
    ostat_ctx *ctx = fx_ctx("conns");
    ostat_list *l = NULL;
    struct ostat_connection *c, r;
    size_t n;

    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l), 0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, 12);
    /* 01, inode 1001, owned by pid 100 as fds 4 and 10: the lowest fd. */
    r = row_of(c, n, 1001, 4);
    ck_assert_uint_eq(r.valid, inet_all);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_STREAM, "192.0.2.1", 40001,
               "192.0.2.9", 443, OSTAT_CONN_ESTABLISHED);
    check_owner(r, 100, 4);
    ck_assert_uint_eq(rows_of(c, n, 1001), 1);
    /* 02 .. 0B, no owner in the tree */
    r = row_of(c, n, 1002, -1);
    ck_assert_int_eq(r.status, OSTAT_CONN_SYN_SENT);
    ck_assert_uint_eq(r.valid, inet_all & ~owner_bits);
    check_owner(r, -1, -1);
    r = row_of(c, n, 1003, -1);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_STREAM, "192.0.2.1", 443,
               "198.51.100.7", 51000, OSTAT_CONN_SYN_RECV);
    ck_assert_int_eq(row_of(c, n, 1004, -1).status, OSTAT_CONN_FIN_WAIT1);
    ck_assert_int_eq(row_of(c, n, 1005, -1).status, OSTAT_CONN_FIN_WAIT2);
    /* 06, TIME_WAIT: inode 0, never owned */
    r = row_of(c, n, 0, -1);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_STREAM, "192.0.2.1", 40006,
               "192.0.2.9", 80, OSTAT_CONN_TIME_WAIT);
    r = row_of(c, n, 1007, -1);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_STREAM, "127.0.0.1", 40007,
               "127.0.0.1", 8080, OSTAT_CONN_CLOSE);
    ck_assert_int_eq(row_of(c, n, 1008, -1).status, OSTAT_CONN_CLOSE_WAIT);
    ck_assert_int_eq(row_of(c, n, 1009, -1).status, OSTAT_CONN_LAST_ACK);
    /* 0A, 0.0.0.0:22 listening, shared by pids 100 (fd 3) and 200 (fd 3):
     * one row, the lowest pid. The remote end 0.0.0.0:0 is psutil's empty
     * address. */
    r = row_of(c, n, 1010, 3);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_STREAM, "0.0.0.0", 22, "", 0,
               OSTAT_CONN_LISTEN);
    check_owner(r, 100, 3);
    ck_assert_uint_eq(rows_of(c, n, 1010), 1);
    ck_assert_int_eq(row_of(c, n, 1011, -1).status, OSTAT_CONN_CLOSING);
    /* 0D, a state ostat does not know: status not valid. */
    r = row_of(c, n, 1013, -1);
    ck_assert_uint_eq(r.valid & OSTAT_CONNECTION_STATUS, 0);
    ck_assert_str_eq(r.laddr, "127.0.0.1");
    free(c);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fixture_inet6_and_udp)
{
    ostat_ctx *ctx = fx_ctx("conns");
    ostat_list *l = NULL;
    struct ostat_connection *c, r;
    size_t n;

    ck_assert_int_eq(ostat_net_connections(
                         ctx, OSTAT_CONN_KIND_TCP6 | OSTAT_CONN_KIND_UDP, &l),
                     0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, 6);
    /* tcp6: ::1:8080 listening, pid 100 fd 7 */
    r = row_of(c, n, 2001, 7);
    check_inet(&r, OSTAT_AF_INET6, OSTAT_SOCK_STREAM, "::1", 8080, "", 0,
               OSTAT_CONN_LISTEN);
    check_owner(r, 100, 7);
    /* an IPv4-mapped address, as inet_ntop writes it */
    r = row_of(c, n, 2002, -1);
    check_inet(&r, OSTAT_AF_INET6, OSTAT_SOCK_STREAM, "::ffff:192.0.2.1", 443,
               "::ffff:198.51.100.7", 51003, OSTAT_CONN_ESTABLISHED);
    r = row_of(c, n, 2003, 6);
    check_inet(&r, OSTAT_AF_INET6, OSTAT_SOCK_STREAM, "2001:db8::1", 40100,
               "2001:db8::2", 443, OSTAT_CONN_ESTABLISHED);
    check_owner(r, 200, 6);
    /* udp: st 07 and 01 are both psutil's NONE; an unconnected socket has
     * no remote address. */
    r = row_of(c, n, 3001, -1);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_DGRAM, "0.0.0.0", 68, "", 0,
               OSTAT_CONN_NONE);
    ck_assert_uint_eq(r.valid & OSTAT_CONNECTION_STATUS,
                      OSTAT_CONNECTION_STATUS);
    r = row_of(c, n, 3002, 5);
    check_inet(&r, OSTAT_AF_INET, OSTAT_SOCK_DGRAM, "192.0.2.5", 5353,
               "192.0.2.53", 53, OSTAT_CONN_NONE);
    check_owner(r, 200, 5);
    r = row_of(c, n, 3101, -1);
    check_inet(&r, OSTAT_AF_INET6, OSTAT_SOCK_DGRAM, "2001:db8::5", 546, "", 0,
               OSTAT_CONN_NONE);
    free(c);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fixture_unix)
{
    ostat_ctx *ctx = fx_ctx("conns");
    ostat_list *l = NULL;
    struct ostat_connection *c, r;
    size_t n;

    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_UNIX, &l), 0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, 8);
    /* 4001, a path with spaces, open as pid 100's fds 8 and 9 and pid
     * 200's fd 4: a row for each, as psutil gives. */
    ck_assert_uint_eq(rows_of(c, n, 4001), 3);
    r = row_of(c, n, 4001, 8);
    check_owner(r, 100, 8);
    ck_assert_int_eq(r.family, OSTAT_AF_UNIX);
    ck_assert_int_eq(r.type, OSTAT_SOCK_STREAM);
    ck_assert_str_eq(r.laddr, "/run/my app/control socket");
    ck_assert_str_eq(r.raddr, "");
    ck_assert_int_eq(r.status, OSTAT_CONN_NONE);
    ck_assert_uint_eq(r.valid, inet_all & ~unix_no_ports);
    check_owner(row_of(c, n, 4001, 9), 100, 9);
    check_owner(row_of(c, n, 4001, 4), 200, 4);
    /* an abstract name, as the kernel shows it */
    ck_assert_str_eq(row_of(c, n, 4002, -1).laddr, "@/tmp/.X11-unix/X0");
    /* not bound: no path; a datagram socket */
    r = row_of(c, n, 4003, -1);
    ck_assert_str_eq(r.laddr, "");
    ck_assert_uint_eq(r.valid & OSTAT_CONNECTION_LADDR, OSTAT_CONNECTION_LADDR);
    ck_assert_int_eq(r.type, OSTAT_SOCK_DGRAM);
    r = row_of(c, n, 4004, -1);
    ck_assert_int_eq(r.type, OSTAT_SOCK_SEQPACKET);
    ck_assert_str_eq(r.laddr, "/run/seq\"packet'");
    /* a path with a newline runs over two lines of the table */
    r = row_of(c, n, 4005, 11);
    ck_assert_str_eq(r.laddr, "/tmp/line one\nline two");
    check_owner(r, 100, 11);
    /* pid 400's "abc" entry is not a descriptor */
    check_owner(row_of(c, n, 4006, -1), -1, -1);
    free(c);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fixture_kinds)
{
    static const struct {
        const char *name;
        int32_t kind;
        size_t rows;
    } kinds[] = {
        { "tcp4", OSTAT_CONN_KIND_TCP4, 12 },
        { "tcp6", OSTAT_CONN_KIND_TCP6, 3 },
        { "tcp", OSTAT_CONN_KIND_TCP, 15 },
        { "udp4", OSTAT_CONN_KIND_UDP4, 2 },
        { "udp6", OSTAT_CONN_KIND_UDP6, 1 },
        { "udp", OSTAT_CONN_KIND_UDP, 3 },
        { "inet4", OSTAT_CONN_KIND_INET4, 14 },
        { "inet6", OSTAT_CONN_KIND_INET6, 4 },
        { "inet", OSTAT_CONN_KIND_INET, 18 },
        { "unix", OSTAT_CONN_KIND_UNIX, 8 },
        { "all", OSTAT_CONN_KIND_ALL, 26 },
    };
    ostat_ctx *ctx = fx_ctx("conns");
    size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        ostat_list *l = NULL;
        int32_t k = -1;

        ck_assert_int_eq(ostat_conn_kind_from_name(kinds[i].name, &k), 0);
        ck_assert_int_eq(k, kinds[i].kind);
        ck_assert_int_eq(ostat_net_connections(ctx, k, &l), 0);
        ck_assert_msg(ostat_list_count(l) == kinds[i].rows,
                      "kind %s: %zu rows, expected %zu", kinds[i].name,
                      ostat_list_count(l), kinds[i].rows);
        ostat_list_free(l);
    }
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fixture_process)
{
    ostat_ctx *ctx = fx_ctx("conns");
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    struct ostat_connection *c;
    size_t n, i;

    /* pid 100: 1010 (fd 3), 1001 (fds 4 and 10: one row, fd 4), 2001 (fd
     * 7), 4001 (fds 8 and 9: two rows), 4005 (fd 11); not pipe:[77] or
     * /dev/null. */
    ck_assert_int_eq(ostat_proc_open(ctx, 100, &p), 0);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_ALL, &l), 0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, 6);
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(c[i].pid, 100);
    }
    check_owner(row_of(c, n, 1010, 3), 100, 3);
    check_owner(row_of(c, n, 1001, 4), 100, 4);
    check_owner(row_of(c, n, 2001, 7), 100, 7);
    check_owner(row_of(c, n, 4001, 8), 100, 8);
    check_owner(row_of(c, n, 4001, 9), 100, 9);
    check_owner(row_of(c, n, 4005, 11), 100, 11);
    free(c);
    ostat_list_free(l);
    /* only the UNIX ones */
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_UNIX, &l),
                     0);
    ck_assert_uint_eq(ostat_list_count(l), 3);
    ostat_list_free(l);
    ostat_proc_free(p);

    /* pid 200 shares 1010 with pid 100: its own row here. */
    ck_assert_int_eq(ostat_proc_open(ctx, 200, &p), 0);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_INET, &l),
                     0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, 3);
    check_owner(row_of(c, n, 1010, 3), 200, 3);
    check_owner(row_of(c, n, 3002, 5), 200, 5);
    check_owner(row_of(c, n, 2003, 6), 200, 6);
    free(c);
    ostat_list_free(l);
    ostat_proc_free(p);

    /* pid 400's links name no socket: an empty list. */
    ck_assert_int_eq(ostat_proc_open(ctx, 400, &p), 0);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_ALL, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_proc_free(p);

    /* pid 300 has a stat but no fd directory: a live process with a file
     * missing is OSTAT_EOS (psutil's rule), and the list is NULL. */
    ck_assert_int_eq(ostat_proc_open(ctx, 300, &p), 0);
    l = (ostat_list *)p;
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_ALL, &l),
                     OSTAT_EOS);
    ck_assert_ptr_null(l);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(bad_arguments)
{
    ostat_ctx *ctx = fx_ctx("conns");
    ostat_list *l = (ostat_list *)ctx;
    ostat_proc *p = NULL;

    ck_assert_int_eq(ostat_net_connections(ctx, 0, &l), OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_net_connections(ctx, 0x20, &l), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_net_connections(ctx, -1, &l), OSTAT_EINVAL);
    ck_assert_int_eq(
        ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP | 0x100, &l),
        OSTAT_EINVAL);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP, NULL),
                     OSTAT_EINVAL);
    ck_assert_int_eq(ostat_proc_net_connections(NULL, OSTAT_CONN_KIND_TCP, &l),
                     OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ck_assert_int_eq(ostat_proc_open(ctx, 100, &p), 0);
    ck_assert_int_eq(ostat_proc_net_connections(p, 0, &l), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_proc_net_connections(p, OSTAT_CONN_KIND_TCP, NULL),
                     OSTAT_EINVAL);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- broken tables --------------------------------------------------------
 */

static void
expect_parse(const char *name, int32_t kind, const char *rel, int line)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx;
    ostat_list *l;

    ctx = fx_malformed_ctx(name, "proc", dir);
    l = (ostat_list *)ctx;
    ostat_error_clear();
    fx_check_error(ostat_net_connections(ctx, kind, &l), OSTAT_EPARSE, dir, rel,
                   line);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}

START_TEST(malformed_tables)
{
    /* line 3: a row cut short after "00:000", no newline */
    expect_parse("conns-tcp-truncated", OSTAT_CONN_KIND_TCP4, "net/tcp", 3);
    /* line 2: "0100007G" */
    expect_parse("conns-tcp-bad-hex", OSTAT_CONN_KIND_TCP, "net/tcp", 2);
    /* line 1 is a row, not the header */
    expect_parse("conns-tcp-no-header", OSTAT_CONN_KIND_ALL, "net/tcp", 1);
    /* line 2: an IPv6 address of 24 hex digits */
    expect_parse("conns-tcp6-short-address", OSTAT_CONN_KIND_TCP6, "net/tcp6",
                 2);
    /* line 3: inode "12x" */
    expect_parse("conns-udp-bad-inode", OSTAT_CONN_KIND_UDP4, "net/udp", 3);
    /* line 3 is not a row, and the row before it has no path to continue */
    expect_parse("conns-unix-bad-row", OSTAT_CONN_KIND_UNIX, "net/unix", 3);
    /* line 3: "...: 00000002 00000000 00010000" and nothing more */
    expect_parse("conns-unix-short-row", OSTAT_CONN_KIND_UNIX, "net/unix", 3);
    /* an empty file has not even the header */
    expect_parse("conns-unix-empty", OSTAT_CONN_KIND_ALL, "net/unix", 1);
}
END_TEST

START_TEST(malformed_not_read)
{
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx;
    ostat_list *l = NULL;

    /* Only the tables of the kinds asked for are read: the broken tcp6
     * does not matter to tcp4 (whose file is missing: no such sockets). */
    snprintf(dir, sizeof(dir), "%s/malformed/conns-tcp6-short-address",
             FIXTURES);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- trees built at run time ----------------------------------------------
 */

static const char tcp_header[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n";

START_TEST(missing_tables)
{
    char dir[FX_PATH_MAX], text[FX_PATH_MAX + 512];
    ostat_ctx *ctx;
    ostat_list *l = NULL;
    struct ostat_connection c = OSTAT_CONNECTION_INIT;

    /* Only net/tcp: the other kinds have no sockets (a kernel without
     * IPv6 has no tcp6 and udp6), and no process directory either. */
    fx_tmp_dir(dir);
    snprintf(text, sizeof(text),
             "%s   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 "
             "00:00000000 00000000     0        0 77 1 0000000000000000 100 "
             "0 0 10 0\n",
             tcp_header);
    fx_write(dir, "proc/net/tcp", text);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_ALL, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ck_assert_int_eq(ostat_list_connection(l, 0, &c), 0);
    ck_assert_str_eq(c.laddr, "127.0.0.1");
    ck_assert_int_eq(c.laddr_port, 8080);
    ck_assert_int_eq(c.status, OSTAT_CONN_LISTEN);
    ck_assert_int_eq(c.pid, -1);
    /* An accessor of another kind, or past the end. */
    ck_assert_int_eq(ostat_list_connection(l, 1, &c), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_connection(NULL, 0, &c), OSTAT_EINVAL);
    ostat_list_free(l);
    ostat_ctx_free(ctx);

    /* No procfs root at all is an error naming it. */
    snprintf(text, sizeof(text), "%s/none", dir);
    ctx = fx_ctx_at(text);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_ALL, &l),
                     OSTAT_EOS);
    ck_assert_ptr_null(l);
    ostat_ctx_free(ctx);
}
END_TEST

/* Many sockets and owners: the tables grow past every initial size. */
START_TEST(many_sockets)
{
    enum { N = 3000 };
    char dir[FX_PATH_MAX], rel[FX_PATH_MAX + 64], target[64];
    size_t len = 0, cap = (size_t)N * 160 + 256, i, n;
    char *text = malloc(cap);
    struct ostat_connection *c;
    ostat_ctx *ctx;
    ostat_list *l = NULL;
    uint64_t port_sum = 0, want_sum = 0;

    ck_assert_ptr_nonnull(text);
    fx_tmp_dir(dir);
    len = (size_t)snprintf(text, cap, "%s", tcp_header);
    for (i = 0; i < N; i++) {
        /* 10.<i/256>.<i%256>.1:(1000+i), inodes 100000+i; pid 7 owns the
         * even ones, as fd 10+i. */
        len += (size_t)snprintf(
            text + len, cap - len,
            "%5zu: 01%02X%02X0A:%04X 00000000:0000 0A 00000000:00000000 "
            "00:00000000 00000000     0        0 %zu 1 0000000000000000 100 "
            "0 0 10 0\n",
            i, (unsigned)(i % 256), (unsigned)(i / 256), (unsigned)(1000 + i),
            100000 + i);
        want_sum += 1000 + i;
        if (i % 2 == 0) {
            snprintf(rel, sizeof(rel), "%s/proc/7/fd/%zu", dir, 10 + i);
            snprintf(target, sizeof(target), "socket:[%zu]", 100000 + i);
            fx_mkdirs_for(rel);
            ck_assert_int_eq(symlink(target, rel), 0);
        }
    }
    fx_write_bytes(dir, "proc/net/tcp", text, len);
    free(text);
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l), 0);
    c = all_rows(l, &n);
    ck_assert_uint_eq(n, N);
    for (i = 0; i < n; i++) {
        size_t k = (size_t)(c[i].inode - 100000);
        char want[32];

        ck_assert_uint_lt(k, N);
        snprintf(want, sizeof(want), "10.%zu.%zu.1", k / 256, k % 256);
        ck_assert_str_eq(c[i].laddr, want);
        port_sum += (uint64_t)c[i].laddr_port;
        if (k % 2 == 0) {
            check_owner(c[i], 7, (int)(10 + k));
        } else {
            check_owner(c[i], -1, -1);
        }
    }
    ck_assert_uint_eq(port_sum, want_sum);
    free(c);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

static Suite *connections_suite(void)
{
    Suite *s = suite_create("linux-connections");
    TCase *tc;

    tc = tcase_create("fixture");
    tcase_add_test(tc, fixture_tcp_states);
    tcase_add_test(tc, fixture_inet6_and_udp);
    tcase_add_test(tc, fixture_unix);
    tcase_add_test(tc, fixture_kinds);
    tcase_add_test(tc, fixture_process);
    tcase_add_test(tc, bad_arguments);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_test(tc, malformed_tables);
    tcase_add_test(tc, malformed_not_read);
    suite_add_tcase(s, tc);

    tc = tcase_create("runtime");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, missing_tables);
    tcase_add_test(tc, many_sockets);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(connections_suite());
}
