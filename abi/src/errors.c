/* SPDX-License-Identifier: MIT */
/* errors.c: error names, messages, the hierarchy test and the thread-local
 * detail. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The thread's error detail, and the guard of the outermost public call
 * in progress in the thread: where the caller's detail goes, copied only
 * when the call records an error (most calls record none, and then nothing
 * is copied). One thread-local object, reached at one cost. */
static _Thread_local struct {
    struct ostat__err_state st;
    struct ostat__err_state *slot;
    int saved;
} tls;

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
    return tls.st.set ? &tls.st.err : NULL;
}

void ostat_error_clear(void)
{
    tls.st.set = 0;
}

static int record(int code,
                  int os_errno,
                  ostat_pid_t pid,
                  const char *where,
                  const char *fmt,
                  va_list ap)
{
    int n;

    if (tls.slot != NULL && !tls.saved) {
        ostat__err_save(tls.slot);
        tls.saved = 1;
    }
    tls.st.set = 1;
    tls.st.err.code = code;
    tls.st.err.os_errno = os_errno;
    tls.st.err.pid = pid;
    n = vsnprintf(tls.st.message, sizeof(tls.st.message), fmt, ap);
    if (n < 0) {
        snprintf(tls.st.message, sizeof(tls.st.message), "%s",
                 ostat_strerror(code));
    }
    snprintf(tls.st.where, sizeof(tls.st.where), "%s", where ? where : "");
    tls.st.err.message = tls.st.message;
    tls.st.err.where = tls.st.where;
    return code;
}

void ostat__err_save(struct ostat__err_state *s)
{
    s->set = tls.st.set;
    if (tls.st.set) {
        /* Only as much of the strings as they hold: this runs on every
         * call once any error was raised in the thread. */
        s->err = tls.st.err;
        memcpy(s->message, tls.st.message, strlen(tls.st.message) + 1);
        memcpy(s->where, tls.st.where, strlen(tls.st.where) + 1);
    }
}

void ostat__err_restore(const struct ostat__err_state *s)
{
    if (!s->set) {
        tls.st.set = 0;
        return;
    }
    tls.st.set = 1;
    tls.st.err = s->err;
    memcpy(tls.st.message, s->message, strlen(s->message) + 1);
    memcpy(tls.st.where, s->where, strlen(s->where) + 1);
    tls.st.err.message = tls.st.message;
    tls.st.err.where = tls.st.where;
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

void ostat__err_guard_begin(struct ostat__err_guard *g,
                            struct ostat__err_state *slot)
{
    if (tls.slot != NULL && !tls.saved) {
        /* A call inside a call (another context's): should the inner one
         * fail, the outer one must still be able to put back its caller's
         * detail. */
        ostat__err_save(tls.slot);
        tls.saved = 1;
    }
    g->slot = tls.slot;
    g->saved = tls.saved;
    tls.slot = slot;
    tls.saved = 0;
}

void ostat__err_guard_end(const struct ostat__err_guard *g, int success)
{
    if (success && tls.saved) {
        ostat__err_restore(tls.slot);
    }
    tls.slot = g->slot;
    tls.saved = g->saved;
}
