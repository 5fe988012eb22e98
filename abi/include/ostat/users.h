/* SPDX-License-Identifier: MIT */
/* ostat/users.h: users logged in (psutil users()). */
#ifndef OSTAT_USERS_H
#define OSTAT_USERS_H

#include "common.h"
#include "list.h"

/** A login session (psutil's suser). Strings belong to the list. */
struct ostat_user {
    uint32_t size;
    uint64_t valid;
    const char *name;     /**< the user name, as the OS gave the bytes */
    const char *terminal; /**< the tty, e.g. "pts/0"; "" if none */
    const char *host;     /**< remote host; "localhost" for local sessions */
    double started;       /**< login time, seconds since the epoch */
    ostat_pid_t pid;      /**< the session's process */
};

#define OSTAT_USER_NAME OSTAT_BIT(0)
#define OSTAT_USER_TERMINAL OSTAT_BIT(1)
#define OSTAT_USER_HOST OSTAT_BIT(2)
#define OSTAT_USER_STARTED OSTAT_BIT(3)
#define OSTAT_USER_PID OSTAT_BIT(4)
#define OSTAT_USER_INIT                                                        \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_user), 0, 0, 0, 0, 0, 0                  \
    }

OSTAT_BEGIN_DECLS

/**
 * Users logged in now (psutil users()): the USER_PROCESS records of utmp.
 * An empty list is not an error. @p ctx may be NULL.
 * @param out receives a list to free with ostat_list_free().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.0
 */
OSTAT_API int ostat_users(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list of users. The strings stay owned by the
 * list and live until ostat_list_free().
 * @since 1.0
 */
OSTAT_API int
ostat_list_user(const ostat_list *list, size_t index, struct ostat_user *out);

OSTAT_END_DECLS

#endif
