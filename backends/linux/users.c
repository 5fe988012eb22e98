/* SPDX-License-Identifier: MIT */
/* users.c: logged-in users from the utmp file. The file is read whole and
 * parsed here, instead of through getutxent(), whose cursor is global and
 * not thread-safe and which cannot follow the host prefix. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <utmp.h>

#include "linux.h"

static const char *field_str(ostat_list *l, const char *s, size_t max)
{
    /* utmp strings are NUL-padded, not always NUL-terminated. */
    const char *nul = memchr(s, '\0', max);

    return ostat__list_str(l, s, nul ? (size_t)(nul - s) : max);
}

int ostat__os_users(ostat_ctx *ctx, ostat_list *list)
{
    const char *path = ctx->os->utmp_path;
    struct ostat__buf *b = &ctx->os->scratch;
    size_t off;
    int rc;

    rc = ostat__read_file(path, b);
    if (rc == -ENOENT) {
        return 0; /* no utmp, as on musl: nobody is logged in */
    }
    if (rc != 0) {
        return ostat__err_errno(-rc, OSTAT_EOS, path);
    }
    for (off = 0; off + sizeof(struct utmp) <= b->len;
         off += sizeof(struct utmp)) {
        struct utmp u;
        struct ostat_user *e;
        size_t hl;

        memcpy(&u, b->data + off, sizeof(u));
        if (u.ut_type != USER_PROCESS) {
            continue;
        }
        e = ostat__list_push(list);
        if (e == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        e->size = sizeof(*e);
        e->name = field_str(list, u.ut_user, sizeof(u.ut_user));
        e->terminal = field_str(list, u.ut_line, sizeof(u.ut_line));
        hl = strnlen(u.ut_host, sizeof(u.ut_host));
        if (hl == 0 || (hl == 2 && memcmp(u.ut_host, ":0", 2) == 0) ||
            (hl == 4 && memcmp(u.ut_host, ":0.0", 4) == 0)) {
            e->host = ostat__list_str(list, "localhost", 9);
        } else {
            e->host = ostat__list_str(list, u.ut_host, hl);
        }
        if (e->name == NULL || e->terminal == NULL || e->host == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        e->started = (double)u.ut_tv.tv_sec;
        e->pid = u.ut_pid;
        e->valid = OSTAT_USER_NAME | OSTAT_USER_TERMINAL | OSTAT_USER_HOST |
                   OSTAT_USER_STARTED | OSTAT_USER_PID;
    }
    return 0;
}
