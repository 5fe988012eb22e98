/* SPDX-License-Identifier: MIT */
/* ostat/error.h: error codes, their psutil-like hierarchy, and the
 * thread-local error detail. */
#ifndef OSTAT_ERROR_H
#define OSTAT_ERROR_H

#include "common.h"

/*
 * Every fallible function returns 0 on success or one of these negative
 * codes. The low byte of -code is the class, the bits above it a subclass,
 * so OSTAT_ENOPROC_ZOMBIE is a kind of OSTAT_ENOPROC, as psutil's
 * ZombieProcess is a NoSuchProcess. Test with ostat_err_is(), not ==.
 * Codes are never renumbered.
 *
 * XX(NAME, value, message)
 */
#define OSTAT_ERROR_MAP(XX)                                                    \
    XX(ENOPROC, -1, "no such process")                                         \
    XX(ENOPROC_ZOMBIE, -257, "process is a zombie")                            \
    XX(EACCES, -2, "access denied")                                            \
    XX(ETIMEDOUT, -3, "timeout expired")                                       \
    XX(ENOTSUP, -4, "not supported on this system")                            \
    XX(EINVAL, -5, "invalid argument")                                         \
    XX(ENOMEM, -6, "out of memory")                                            \
    XX(EBUFS, -7, "buffer too small")                                          \
    XX(EPARSE, -8, "could not parse data from the operating system")           \
    XX(EOS, -9, "operating system error")

#define OSTAT_OK 0
#define OSTAT_ERR_ENUM_(name, value, msg) OSTAT_##name = (value),
/** The error codes. */
enum ostat_errno { OSTAT_ERROR_MAP(OSTAT_ERR_ENUM_) OSTAT_ELAST_ = -1000 };
#undef OSTAT_ERR_ENUM_

/**
 * Detail about the last error raised in the calling thread. Advisory: the
 * return code alone is authoritative.
 */
typedef struct ostat_error {
    int32_t code;        /**< the OSTAT_E* code returned */
    int32_t os_errno;    /**< errno of the failing call, or 0 */
    ostat_pid_t pid;     /**< the process concerned, or -1 */
    const char *message; /**< a human-readable sentence, never NULL */
    const char *where;   /**< the path or syscall concerned, "" if none */
} ostat_error;

OSTAT_BEGIN_DECLS

/**
 * True (1) when @p code is @p cls or a subclass of it, e.g.
 * ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC) == 1.
 * @since 1.0
 */
OSTAT_API int ostat_err_is(int code, int cls);

/**
 * A short English description of @p code; "unknown error" for codes this
 * library does not know. Static storage.
 * @since 1.0
 */
OSTAT_API const char *ostat_strerror(int code);

/**
 * The symbolic name of @p code, e.g. "OSTAT_EPARSE"; "OSTAT_EUNKNOWN" for
 * codes this library does not know. Static storage.
 * @since 1.0
 */
OSTAT_API const char *ostat_err_name(int code);

/**
 * The detail of the last error raised in the calling thread, or NULL if
 * none was raised since the thread started or since ostat_error_clear().
 * Successful calls do not clear it. Valid until the next failing ostat
 * call in the same thread.
 * @since 1.0
 */
OSTAT_API const ostat_error *ostat_error_last(void);

/**
 * Forget the calling thread's last error.
 * @since 1.0
 */
OSTAT_API void ostat_error_clear(void);

OSTAT_END_DECLS

#endif
