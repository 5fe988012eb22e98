/* SPDX-License-Identifier: MIT */
/* connections.c: the public socket functions (psutil net_connections() and
 * Process.net_connections()): argument checks, psutil's kind and status
 * names, and the list accessor. */
#include <string.h>

#include "backend.h"

static const char *const status_names[] = {
    "NONE",      "ESTABLISHED", "SYN_SENT",   "SYN_RECV",   "FIN_WAIT1",
    "FIN_WAIT2", "TIME_WAIT",   "CLOSE",      "CLOSE_WAIT", "LAST_ACK",
    "LISTEN",    "CLOSING",     "DELETE_TCB", "IDLE",       "BOUND",
};

static const struct {
    const char *name;
    int32_t kind;
} kind_names[] = {
    { "inet", OSTAT_CONN_KIND_INET },   { "inet4", OSTAT_CONN_KIND_INET4 },
    { "inet6", OSTAT_CONN_KIND_INET6 }, { "tcp", OSTAT_CONN_KIND_TCP },
    { "tcp4", OSTAT_CONN_KIND_TCP4 },   { "tcp6", OSTAT_CONN_KIND_TCP6 },
    { "udp", OSTAT_CONN_KIND_UDP },     { "udp4", OSTAT_CONN_KIND_UDP4 },
    { "udp6", OSTAT_CONN_KIND_UDP6 },   { "unix", OSTAT_CONN_KIND_UNIX },
    { "all", OSTAT_CONN_KIND_ALL },
};

const char *ostat_conn_status_name(int32_t status)
{
    if (status < 0 || (size_t)status >= OSTAT__ARRAY_LEN(status_names)) {
        return "?";
    }
    return status_names[status];
}

int ostat_conn_kind_from_name(const char *name, int32_t *out)
{
    size_t i;

    if (name == NULL || out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_conn_kind_from_name: NULL argument");
    }
    for (i = 0; i < OSTAT__ARRAY_LEN(kind_names); i++) {
        if (strcmp(kind_names[i].name, name) == 0) {
            *out = kind_names[i].kind;
            return 0;
        }
    }
    return ostat__err(OSTAT_EINVAL, 0, NULL,
                      "ostat_conn_kind_from_name: unknown kind \"%.64s\"",
                      name);
}

/* OSTAT_EINVAL for NULL out or a kind that names nothing, else 0 with *out
 * set to NULL. */
static int check_args(int32_t kind, ostat_list **out, const char *fn)
{
    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", fn);
    }
    *out = NULL;
    if (kind == 0 || (kind & ~(int32_t)OSTAT_CONN_KIND_ALL) != 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "%s: kind 0x%x is not a set of OSTAT_CONN_KIND_* "
                          "flags",
                          fn, (unsigned)kind);
    }
    return 0;
}

/* A new list filled by the backend for @p (NULL: the whole system). */
static int fill(ostat_ctx *c, ostat_proc *p, int32_t kind, ostat_list **out)
{
    int rc = ostat__list_new(OSTAT__LIST_CONNECTION,
                             sizeof(struct ostat_connection), out);

    if (rc == 0 && (rc = ostat__os_net_connections(c, p, kind, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The whole system's sockets, as ostat__list_result fills a list. */
static int fill_system(ostat_ctx *c, ostat_list *list, int32_t kind)
{
    return ostat__os_net_connections(c, NULL, kind, list);
}

int ostat_net_connections(ostat_ctx *ctx, int32_t kind, ostat_list **out)
{
    int rc;

    if ((rc = check_args(kind, out, "ostat_net_connections")) != 0) {
        return rc;
    }
    return ostat__list_result(ctx, out, OSTAT__LIST_CONNECTION,
                              sizeof(struct ostat_connection), fill_system,
                              kind, "ostat_net_connections");
}

int ostat_proc_net_connections(ostat_proc *proc, int32_t kind, ostat_list **out)
{
    ostat_ctx *c;
    int rc;

    if ((rc = check_args(kind, out, "ostat_proc_net_connections")) != 0) {
        return rc;
    }
    if (proc == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_net_connections: NULL process");
    }
    /* The handle's context keeps the caller's error detail across a call
     * that succeeds, as every call on a handle does (process.c). */
    if ((rc = ostat__ctx_use(proc->ctx, &c)) != 0) {
        return rc;
    }
    rc = fill(c, proc, kind, out);
    ostat__ctx_done(proc->ctx, c, rc);
    return rc;
}

int ostat_list_connection(const ostat_list *list,
                          size_t index,
                          struct ostat_connection *out)
{
    return ostat__list_copy(list, OSTAT__LIST_CONNECTION, index, out,
                            &ostat__layout_connection);
}
