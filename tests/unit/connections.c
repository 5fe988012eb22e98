/* SPDX-License-Identifier: MIT */
/* connections.c: the socket API's core: psutil's kind and status names,
 * argument checks, and struct ostat_connection copied to callers whose
 * headers are older or newer (a one-socket tree written by the test). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

START_TEST(test_conn_status_names)
{
    static const char *const names[] = {
        "NONE",      "ESTABLISHED", "SYN_SENT",   "SYN_RECV",   "FIN_WAIT1",
        "FIN_WAIT2", "TIME_WAIT",   "CLOSE",      "CLOSE_WAIT", "LAST_ACK",
        "LISTEN",    "CLOSING",     "DELETE_TCB", "IDLE",       "BOUND",
    };
    int32_t i;

    for (i = 0; i < (int32_t)(sizeof(names) / sizeof(names[0])); i++) {
        ck_assert_str_eq(ostat_conn_status_name(i), names[i]);
    }
    ck_assert_int_eq(OSTAT_CONN_LISTEN, 10);
    ck_assert_str_eq(ostat_conn_status_name(OSTAT_CONN_BOUND + 1), "?");
    ck_assert_str_eq(ostat_conn_status_name(-1), "?");
    ck_assert_str_eq(ostat_conn_status_name(INT32_MAX), "?");
}
END_TEST

START_TEST(test_conn_kind_names)
{
    static const struct {
        const char *name;
        int32_t kind;
    } kinds[] = {
        { "inet", OSTAT_CONN_KIND_TCP4 | OSTAT_CONN_KIND_TCP6 |
                      OSTAT_CONN_KIND_UDP4 | OSTAT_CONN_KIND_UDP6 },
        { "inet4", OSTAT_CONN_KIND_TCP4 | OSTAT_CONN_KIND_UDP4 },
        { "inet6", OSTAT_CONN_KIND_TCP6 | OSTAT_CONN_KIND_UDP6 },
        { "tcp", OSTAT_CONN_KIND_TCP4 | OSTAT_CONN_KIND_TCP6 },
        { "tcp4", OSTAT_CONN_KIND_TCP4 },
        { "tcp6", OSTAT_CONN_KIND_TCP6 },
        { "udp", OSTAT_CONN_KIND_UDP4 | OSTAT_CONN_KIND_UDP6 },
        { "udp4", OSTAT_CONN_KIND_UDP4 },
        { "udp6", OSTAT_CONN_KIND_UDP6 },
        { "unix", OSTAT_CONN_KIND_UNIX },
        { "all", OSTAT_CONN_KIND_INET | OSTAT_CONN_KIND_UNIX },
    };
    static const char *const bad[] = { "", "TCP", "tcp ", "inet46", "raw" };
    size_t i;
    int32_t k;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        k = -1;
        ut_assert_rc(ostat_conn_kind_from_name(kinds[i].name, &k), 0);
        ck_assert_int_eq(k, kinds[i].kind);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        k = 12345;
        ostat_error_clear();
        ut_assert_rc(ostat_conn_kind_from_name(bad[i], &k), OSTAT_EINVAL);
        ck_assert_int_eq(k, 12345);
        ck_assert_ptr_nonnull(ostat_error_last());
    }
    ut_assert_rc(ostat_conn_kind_from_name(NULL, &k), OSTAT_EINVAL);
    ut_assert_rc(ostat_conn_kind_from_name("tcp", NULL), OSTAT_EINVAL);
}
END_TEST

START_TEST(test_conn_arguments)
{
    ostat_list *l = (ostat_list *)&l;
    int rc;

    /* Checked before any backend work, whatever the backend. */
    ut_assert_rc(ostat_net_connections(NULL, 0, &l), OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    l = (ostat_list *)&l;
    ut_assert_rc(ostat_net_connections(NULL, 0x20, &l), OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ut_assert_rc(ostat_net_connections(NULL, INT32_MIN, &l), OSTAT_EINVAL);
    ut_assert_rc(ostat_net_connections(NULL, OSTAT_CONN_KIND_TCP, NULL),
                 OSTAT_EINVAL);
    l = (ostat_list *)&l;
    ut_assert_rc(ostat_proc_net_connections(NULL, OSTAT_CONN_KIND_TCP, &l),
                 OSTAT_EINVAL);
    ck_assert_ptr_null(l);
    ut_assert_rc(ostat_list_connection(NULL, 0, NULL), OSTAT_EINVAL);
    /* The running system, with a NULL context. */
    rc = ostat_net_connections(NULL, OSTAT_CONN_KIND_ALL, &l);
    ut_assert_live_rc(rc);
    ck_assert(rc == 0 ? l != NULL : l == NULL);
    ostat_list_free(l);
}
END_TEST

/* ---- struct copying -------------------------------------------------------
 */

/* One listening socket on 127.0.0.1:8080, inode 4242, pid 7's fd 3. */
static const char tcp_table[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode\n"
    "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n";

/* A list of that one socket, from a copy of the fixture tree; NULL with
 * the unsupported backend. */
static ostat_list *one_socket(void)
{
    static const struct ut_file files[] = {
        { "proc/net/tcp", tcp_table },
        { "proc/7/fd/.keep", "" },
    };
    char *dir, link[4200];
    ostat_ctx *ctx = ut_copy_ctx(files, sizeof(files) / sizeof(files[0]), &dir);
    ostat_list *l = NULL;

    snprintf(link, sizeof(link), "%s/proc/7/fd/3", dir);
    ck_assert_int_eq(symlink("socket:[4242]", link), 0);
    ut_assert_fixture_rc(ostat_net_connections(ctx, OSTAT_CONN_KIND_TCP4, &l));
    ut_copy_ctx_free(ctx, dir); /* the list outlives the context */
    return l;
}

/* struct ostat_connection as 1.2 headers declare it, cut after laddr. */
struct old_connection {
    uint32_t size;
    uint64_t valid;
    int32_t fd;
    int32_t family;
    int32_t type;
    const char *laddr;
};

struct old_connection_guarded {
    struct old_connection s;
    unsigned char guard[64];
};

/* As a later header might declare it. */
struct new_connection {
    struct ostat_connection cur;
    const char *next_str;
    uint64_t next_u64;
};

#define ALL_BITS (OSTAT_BIT(10) - 1)

START_TEST(test_conn_copy)
{
    struct ostat_connection c = OSTAT_CONNECTION_INIT;
    struct old_connection_guarded w;
    struct new_connection n;
    ostat_list *l = one_socket();
    size_t i;

    if (!UT_HAVE_BACKEND) {
        ck_assert_ptr_null(l);
        return;
    }
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ut_assert_rc(ostat_list_connection(l, 0, &c), 0);
    ck_assert_uint_eq(c.valid, ALL_BITS);
    ck_assert_int_eq(c.fd, 3);
    ck_assert_int_eq(c.family, OSTAT_AF_INET);
    ck_assert_int_eq(c.type, OSTAT_SOCK_STREAM);
    ck_assert_str_eq(c.laddr, "127.0.0.1");
    ck_assert_int_eq(c.laddr_port, 8080);
    ck_assert_str_eq(c.raddr, "");
    ck_assert_int_eq(c.raddr_port, 0);
    ck_assert_int_eq(c.status, OSTAT_CONN_LISTEN);
    ck_assert_int_eq(c.pid, 7);
    ck_assert_uint_eq(c.inode, 4242);
    ut_assert_rc(ostat_list_connection(l, 1, &c), OSTAT_EINVAL);
    ck_assert_uint_eq(c.valid, 0);

    /* An older caller: nothing written past its size, only its bits. */
    ck_assert_uint_eq(offsetof(struct old_connection_guarded, guard),
                      sizeof(struct old_connection));
    memset(&w, 0xA5, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_rc(
        ostat_list_connection(l, 0, (struct ostat_connection *)(void *)&w.s),
        0);
    for (i = 0; i < sizeof(w.guard); i++) {
        ck_assert_msg(w.guard[i] == 0xA5, "guard byte %zu was written", i);
    }
    ck_assert_uint_eq(w.s.valid, OSTAT_CONNECTION_FD | OSTAT_CONNECTION_FAMILY |
                                     OSTAT_CONNECTION_TYPE |
                                     OSTAT_CONNECTION_LADDR);
    ck_assert_int_eq(w.s.fd, 3);
    ck_assert_str_eq(w.s.laddr, "127.0.0.1");

    /* A newer caller: what the library does not know is zeroed. */
    memset(&n, 0xAA, sizeof(n));
    n.cur.size = (uint32_t)sizeof(n);
    ut_assert_rc(ostat_list_connection(l, 0, &n.cur), 0);
    ck_assert_uint_eq(n.cur.valid, ALL_BITS);
    ck_assert_uint_eq(n.cur.inode, 4242);
    ck_assert_ptr_null(n.next_str);
    ck_assert_uint_eq(n.next_u64, 0);

    /* Too small to hold size and valid. */
    c.size = 4;
    ut_assert_rc(ostat_list_connection(l, 0, &c), OSTAT_EINVAL);
    ostat_list_free(l);
}
END_TEST

START_TEST(test_conn_init_macro)
{
    struct ostat_connection c = OSTAT_CONNECTION_INIT;

    ck_assert_uint_eq(c.size, sizeof(c));
    ck_assert_uint_eq(c.valid, 0);
    ck_assert_uint_eq(offsetof(struct ostat_connection, valid), 8);
}
END_TEST

TCase *ut_connections_tcase(void)
{
    TCase *tc = tcase_create("connections");

    tcase_add_test(tc, test_conn_status_names);
    tcase_add_test(tc, test_conn_kind_names);
    tcase_add_test(tc, test_conn_arguments);
    tcase_add_test(tc, test_conn_copy);
    tcase_add_test(tc, test_conn_init_macro);
    return tc;
}
