/* SPDX-License-Identifier: MIT */
/* ostat/ctx.h: the context that holds options, probes, caches and the
 * previous samples behind percentages. */
#ifndef OSTAT_CTX_H
#define OSTAT_CTX_H

#include "common.h"

/**
 * Options for ostat_ctx_new(). Initialise with OSTAT_CTX_OPTIONS_INIT (or
 * ostat_ctx_options_init()); fields are only ever appended, and the library
 * reads no more than @c size bytes.
 *
 * Paths: with every field NULL the context reads "/proc", "/sys" and
 * "/var/run/utmp". A host prefix (as Netdata's NETDATA_HOST_PREFIX, for a
 * container that mounts the host's root at, say, "/host") is put before
 * each of those paths; an explicit procfs_root or sysfs_root is used as
 * given, without the prefix.
 */
typedef struct ostat_ctx_options {
    uint32_t size;           /**< sizeof(ostat_ctx_options) */
    uint32_t flags;          /**< reserved, must be 0 */
    const char *procfs_root; /**< the procfs mount, NULL = prefix + "/proc" */
    const char *sysfs_root;  /**< the sysfs mount, NULL = prefix + "/sys" */
    const char *host_prefix; /**< put before host paths, NULL = "" */
} ostat_ctx_options;

#define OSTAT_CTX_OPTIONS_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(ostat_ctx_options), 0, NULL, NULL, NULL               \
    }

/** Severity of a message passed to an ostat_log_fn. */
#define OSTAT_LOG_DEBUG 0
#define OSTAT_LOG_WARNING 1

/**
 * Receives the library's diagnostics, such as psutil's RuntimeWarning for
 * a field the kernel did not provide. @p message is valid during the call.
 */
typedef void (*ostat_log_fn)(int32_t level, const char *message, void *payload);

OSTAT_BEGIN_DECLS

/**
 * Initialise @p opts of @p size bytes to the defaults.
 * @return 0, or OSTAT_EINVAL if @p opts is NULL or @p size is too small to
 * hold the size field.
 * @since 1.0
 */
OSTAT_API int ostat_ctx_options_init(ostat_ctx_options *opts, size_t size);

/**
 * Create a context. @p opts may be NULL for the defaults. The one-time
 * probes (clock ticks, page size, kernel features) run here.
 * @param out receives the context; free it with ostat_ctx_free().
 * @return 0, OSTAT_EINVAL (NULL @p out, bad @c size, non-zero flags, an
 * empty or relative root), OSTAT_ENOMEM.
 * @since 1.0
 */
OSTAT_API int ostat_ctx_new(const ostat_ctx_options *opts, ostat_ctx **out);

/**
 * Free a context and everything it caches. NULL is accepted.
 * @since 1.0
 */
OSTAT_API void ostat_ctx_free(ostat_ctx *ctx);

/**
 * Send the library's diagnostics to @p fn (NULL turns them off, the
 * default). The library never prints by itself.
 * @since 1.0
 */
OSTAT_API void
ostat_ctx_set_log(ostat_ctx *ctx, ostat_log_fn fn, void *payload);

/**
 * Start a oneshot section, as psutil's Process.oneshot(): until
 * ostat_ctx_oneshot_end(), each system file (e.g. /proc/stat, /proc/meminfo)
 * is read at most once and every function that needs it shares that read.
 * Use it around a batch of calls meant to describe one instant. Sections
 * nest; only the outermost end drops the cached reads.
 * @return 0, or OSTAT_EINVAL for a NULL @p ctx.
 * @since 1.0
 */
OSTAT_API int ostat_ctx_oneshot_begin(ostat_ctx *ctx);

/**
 * End a oneshot section started by ostat_ctx_oneshot_begin().
 * @return 0, or OSTAT_EINVAL for a NULL @p ctx or an unbalanced call.
 * @since 1.0
 */
OSTAT_API int ostat_ctx_oneshot_end(ostat_ctx *ctx);

OSTAT_END_DECLS

#endif
