/* SPDX-License-Identifier: MIT */
/* cmd_conns.c: the socket subcommands: net_connections (psutil's
 * net_connections() and Process.net_connections()) and netstat (a table in
 * the manner of psutil's scripts/netstat.py, with program names). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

static int get_conn(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_connection(l, i, out);
}

/* The connections of the process named on the command line, or of the
 * whole system. */
static int
list_connections(ostat_ctx *ctx, const struct opts *o, ostat_list **out)
{
    int32_t kind = (o->given & OPT_KIND) ? o->kind : OSTAT_CONN_KIND_INET;
    ostat_proc *p = NULL;
    int rc;

    if (!o->has_pid) {
        return ostat_net_connections(ctx, kind, out);
    }
    if ((rc = ostat_proc_open(ctx, o->pid, &p)) != 0) {
        return rc;
    }
    rc = ostat_proc_net_connections(p, kind, out);
    ostat_proc_free(p);
    return rc;
}

/* The connections, each copied out (*l holds their strings): NULL with
 * the error reported as @what in *status. */
static struct ostat_connection *load(ostat_ctx *ctx,
                                     const struct opts *o,
                                     const char *what,
                                     ostat_list **l,
                                     size_t *n,
                                     int *status)
{
    static const struct ostat_connection init = OSTAT_CONNECTION_INIT;
    struct ostat_connection *c;
    int rc;

    *l = NULL;
    if ((rc = list_connections(ctx, o, l)) != 0) {
        *status = out_error(what, rc);
        return NULL;
    }
    c = fields_copy_list(*l, get_conn, &init, sizeof(init), n, &rc);
    if (c == NULL) {
        ostat_list_free(*l);
        *status = out_error(what, rc);
    }
    return c;
}

static const char *family_name(int32_t family)
{
    switch (family) {
    case OSTAT_AF_INET:
        return "AF_INET";
    case OSTAT_AF_INET6:
        return "AF_INET6";
    case OSTAT_AF_UNIX:
        return "AF_UNIX";
    default:
        return NULL;
    }
}

static const char *type_name(const struct ostat_connection *c)
{
    if (!(c->valid & OSTAT_CONNECTION_TYPE)) {
        return NULL;
    }
    switch (c->type) {
    case OSTAT_SOCK_STREAM:
        return "SOCK_STREAM";
    case OSTAT_SOCK_DGRAM:
        return "SOCK_DGRAM";
    case OSTAT_SOCK_SEQPACKET:
        return "SOCK_SEQPACKET";
    default:
        return NULL;
    }
}

/* netstat's protocol column: tcp, tcp6, udp, udp6, unix. */
static const char *proto_name(const struct ostat_connection *c)
{
    int dgram =
        (c->valid & OSTAT_CONNECTION_TYPE) && c->type != OSTAT_SOCK_STREAM;

    switch (c->family) {
    case OSTAT_AF_INET:
        return dgram ? "udp" : "tcp";
    case OSTAT_AF_INET6:
        return dgram ? "udp6" : "tcp6";
    default:
        return "unix";
    }
}

/* psutil's address in JSON: [ip, port], [] when there is none, or the
 * path of a UNIX socket ("" when it has none). */
static void json_address(struct json *j,
                         const struct ostat_connection *c,
                         const char *addr,
                         int32_t port,
                         uint64_t bit)
{
    if (c->family == OSTAT_AF_UNIX) {
        json_string(j, (c->valid & bit) ? addr : "");
        return;
    }
    json_begin_array(j);
    if ((c->valid & bit) && addr[0] != '\0') {
        json_string(j, addr);
        json_i64(j, port);
    }
    json_end_array(j);
}

/* A table cell for an address: "ip:port" ("[ip]:port" for IPv6), the path
 * of a UNIX socket, or "-" when there is none. */
static char *cell_address(const struct ostat_connection *c,
                          const char *addr,
                          int32_t port,
                          uint64_t bit)
{
    if (!(c->valid & bit) || addr[0] == '\0') {
        return out_strdup("-");
    }
    if (c->family == OSTAT_AF_UNIX) {
        return out_sanitize(addr);
    }
    if (c->family == OSTAT_AF_INET6) {
        return out_asprintf("[%s]:%ld", addr, (long)port);
    }
    return out_asprintf("%s:%ld", addr, (long)port);
}

/* psutil's status name, or NULL when it is not known. */
static const char *status_name(const struct ostat_connection *c)
{
    return (c->valid & OSTAT_CONNECTION_STATUS)
               ? ostat_conn_status_name(c->status)
               : NULL;
}

/* The "laddr", "raddr" and "status" members of a connection's object. */
static void json_endpoints(struct json *j, const struct ostat_connection *c)
{
    json_key(j, "laddr");
    json_address(j, c, c->laddr, c->laddr_port, OSTAT_CONNECTION_LADDR);
    json_key(j, "raddr");
    json_address(j, c, c->raddr, c->raddr_port, OSTAT_CONNECTION_RADDR);
    json_key(j, "status");
    json_string(j, status_name(c));
}

/* The local address, remote address and status cells of a row. */
static void table_endpoints(struct table *t, const struct ostat_connection *c)
{
    const char *s = status_name(c);
    char *a;

    a = cell_address(c, c->laddr, c->laddr_port, OSTAT_CONNECTION_LADDR);
    table_add(t, a);
    free(a);
    a = cell_address(c, c->raddr, c->raddr_port, OSTAT_CONNECTION_RADDR);
    table_add(t, a);
    free(a);
    table_add(t, s ? s : "-");
}

int net_connections_run(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_connection *c;
    ostat_list *l = NULL;
    size_t i, n;
    int status = 0;

    if ((c = load(ctx, o, "net_connections", &l, &n, &status)) == NULL) {
        return status;
    }
    if (o->json) {
        struct json j;

        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            json_begin_object(&j);
            json_key(&j, "fd");
            json_i64(&j, (c[i].valid & OSTAT_CONNECTION_FD) ? c[i].fd : -1);
            json_key(&j, "family");
            json_string(&j, family_name(c[i].family));
            json_key(&j, "type");
            json_string(&j, type_name(&c[i]));
            json_endpoints(&j, &c[i]);
            /* psutil's pconn, a process's own sockets, has no pid. */
            if (!o->has_pid) {
                json_key(&j, "pid");
                if (c[i].valid & OSTAT_CONNECTION_PID) {
                    json_i64(&j, c[i].pid);
                } else {
                    json_null(&j);
                }
            }
            json_end_object(&j);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        struct table t;
        const char *type;

        table_init(&t, 7, 2u | 4u | 8u | 16u | 32u);
        table_add(&t, "fd");
        table_add(&t, "family");
        table_add(&t, "type");
        table_add(&t, "laddr");
        table_add(&t, "raddr");
        table_add(&t, "status");
        table_add(&t, "pid");
        for (i = 0; i < n; i++) {
            if (c[i].valid & OSTAT_CONNECTION_FD) {
                table_addf(&t, "%ld", (long)c[i].fd);
            } else {
                table_add(&t, "-");
            }
            table_add(&t, family_name(c[i].family) ? family_name(c[i].family)
                                                   : "?");
            type = type_name(&c[i]);
            table_add(&t, type ? type : "?");
            table_endpoints(&t, &c[i]);
            if (c[i].valid & OSTAT_CONNECTION_PID) {
                table_addf(&t, "%lld", (long long)c[i].pid);
            } else {
                table_add(&t, "-");
            }
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(c);
    ostat_list_free(l);
    return 0;
}

/* ---- netstat ---------------------------------------------------------------
 */

/* Program names by pid, looked up once each. */
struct names {
    ostat_pid_t *pid;
    char **name;
    size_t n, cap;
};

static const char *name_of(ostat_ctx *ctx, struct names *nm, ostat_pid_t pid)
{
    ostat_proc *p = NULL;
    char *name = NULL;
    size_t i;

    for (i = 0; i < nm->n; i++) {
        if (nm->pid[i] == pid) {
            return nm->name[i];
        }
    }
    if (ostat_proc_open(ctx, pid, &p) == 0) {
        if (proc_string(ostat_proc_name, p, &name) != 0) {
            name = NULL;
        }
        ostat_proc_free(p);
    }
    if (nm->n == nm->cap) {
        nm->cap = nm->cap ? nm->cap * 2 : 16;
        nm->pid = realloc(nm->pid, nm->cap * sizeof(*nm->pid));
        nm->name = realloc(nm->name, nm->cap * sizeof(*nm->name));
        if (nm->pid == NULL || nm->name == NULL) {
            out_fatal("out of memory");
        }
    }
    nm->pid[nm->n] = pid;
    nm->name[nm->n] = name; /* NULL: gone, or not allowed */
    return nm->name[nm->n++];
}

static void names_free(struct names *nm)
{
    size_t i;

    for (i = 0; i < nm->n; i++) {
        free(nm->name[i]);
    }
    free(nm->pid);
    free(nm->name);
}

int netstat_run(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_connection *c;
    struct names nm = { NULL, NULL, 0, 0 };
    ostat_list *l = NULL;
    size_t i, n;
    int status = 0;

    if ((c = load(ctx, o, "netstat", &l, &n, &status)) == NULL) {
        return status;
    }
    if (o->json) {
        struct json j;

        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            int has_pid = (c[i].valid & OSTAT_CONNECTION_PID) != 0;

            json_begin_object(&j);
            json_key(&j, "proto");
            json_string(&j, proto_name(&c[i]));
            json_endpoints(&j, &c[i]);
            json_key(&j, "pid");
            if (has_pid) {
                json_i64(&j, c[i].pid);
            } else {
                json_null(&j);
            }
            json_key(&j, "name");
            json_string(&j, has_pid ? name_of(ctx, &nm, c[i].pid) : NULL);
            json_end_object(&j);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        struct table t;

        table_init(&t, 6, 1u | 2u | 4u | 8u | 32u);
        table_add(&t, "Proto");
        table_add(&t, "Local address");
        table_add(&t, "Remote address");
        table_add(&t, "Status");
        table_add(&t, "PID");
        table_add(&t, "Program name");
        for (i = 0; i < n; i++) {
            const char *name = NULL;

            table_add(&t, proto_name(&c[i]));
            table_endpoints(&t, &c[i]);
            if (c[i].valid & OSTAT_CONNECTION_PID) {
                table_addf(&t, "%lld", (long long)c[i].pid);
                name = name_of(ctx, &nm, c[i].pid);
            } else {
                table_add(&t, "-");
            }
            table_add_text(&t, name ? name : "?");
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    names_free(&nm);
    free(c);
    ostat_list_free(l); /* the strings in c[] are the list's */
    return 0;
}
