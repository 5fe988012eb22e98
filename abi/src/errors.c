/* SPDX-License-Identifier: MIT */
/* errors.c: error names, messages, the hierarchy test and the thread-local
 * detail. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The thread's error detail, its strings reached through the general
 * thread-local model, as a library that may be loaded with dlopen must;
 * whether it is set, and where a public call's guard saves the caller's,
 * are in ostat__err_hot (internal.h). */
static _Thread_local struct {
    ostat_error err;
    char message[256];
    char where[256];
} tls;

_Thread_local struct ostat__err_hot ostat__err_hot OSTAT__TLS_FAST;

#define CLASS(code) ((-(code)) & 0xff)
#define SUBCLASS(code) ((-(code)) >> 8)

int ostat_err_is(int code, int cls)
{
    if (code >= 0 || cls >= 0) {
        return code == cls;
    }
    if (code == cls) {
        return 1;
    }
    /* A class matches its subclasses; a subclass matches only itself. */
    return SUBCLASS(cls) == 0 && CLASS(code) == CLASS(cls);
}

const char *ostat_strerror(int code)
{
    switch (code) {
    case 0:
        return "success";
#define XX(name, value, msg)                                                   \
    case value:                                                                \
        return msg;
        OSTAT_ERROR_MAP(XX)
#undef XX
    default:
        return "unknown error";
    }
}

const char *ostat_err_name(int code)
{
    switch (code) {
    case 0:
        return "OSTAT_OK";
#define XX(name, value, msg)                                                   \
    case value:                                                                \
        return "OSTAT_" #name;
        OSTAT_ERROR_MAP(XX)
#undef XX
    default:
        return "OSTAT_EUNKNOWN";
    }
}

const ostat_error *ostat_error_last(void)
{
    return ostat__err_hot.set ? &tls.err : NULL;
}

void ostat_error_clear(void)
{
    ostat__err_hot.set = 0;
}

static int record(int code,
                  int os_errno,
                  ostat_pid_t pid,
                  const char *where,
                  const char *fmt,
                  va_list ap)
{
    int n;

    if (ostat__err_hot.slot != NULL && !ostat__err_hot.saved) {
        ostat__err_guard_nest(); /* the first error of a guarded call */
    }
    ostat__err_hot.set = 1;
    tls.err.code = code;
    tls.err.os_errno = os_errno;
    tls.err.pid = pid;
    n = vsnprintf(tls.message, sizeof(tls.message), fmt, ap);
    if (n < 0) {
        snprintf(tls.message, sizeof(tls.message), "%s", ostat_strerror(code));
    }
    snprintf(tls.where, sizeof(tls.where), "%s", where ? where : "");
    tls.err.message = tls.message;
    tls.err.where = tls.where;
    return code;
}

void ostat__err_save(struct ostat__err_state *s)
{
    s->set = ostat__err_hot.set;
    if (ostat__err_hot.set) {
        /* Only as much of the strings as they hold: this runs on every
         * call once any error was raised in the thread. */
        s->err = tls.err;
        memcpy(s->message, tls.message, strlen(tls.message) + 1);
        memcpy(s->where, tls.where, strlen(tls.where) + 1);
    }
}

void ostat__err_restore(const struct ostat__err_state *s)
{
    if (!s->set) {
        ostat__err_hot.set = 0;
        return;
    }
    ostat__err_hot.set = 1;
    tls.err = s->err;
    memcpy(tls.message, s->message, strlen(s->message) + 1);
    memcpy(tls.where, s->where, strlen(s->where) + 1);
    tls.err.message = tls.message;
    tls.err.where = tls.where;
}

int ostat__err(int code, int os_errno, const char *where, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    record(code, os_errno, -1, where, fmt, ap);
    va_end(ap);
    return code;
}

int ostat__err_pid(int code,
                   int os_errno,
                   ostat_pid_t pid,
                   const char *where,
                   const char *fmt,
                   ...)
{
    va_list ap;

    va_start(ap, fmt);
    record(code, os_errno, pid, where, fmt, ap);
    va_end(ap);
    return code;
}

void ostat__err_guard_nest(void)
{
    ostat__err_save(ostat__err_hot.slot);
    ostat__err_hot.saved = 1;
}
