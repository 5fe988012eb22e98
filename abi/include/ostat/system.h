/* SPDX-License-Identifier: MIT */
/* ostat/system.h: boot time, uptime and the C heap (psutil boot_time(),
 * heap_info(), heap_trim()). */
#ifndef OSTAT_SYSTEM_H
#define OSTAT_SYSTEM_H

#include "common.h"

/** The C allocator's heap in bytes (psutil's pheap). */
struct ostat_heap_info {
    uint32_t size;
    uint64_t valid;
    uint64_t heap_used; /**< bytes in use from the main heap arenas */
    uint64_t mmap_used; /**< bytes in use in mmap()ed blocks */
};

#define OSTAT_HEAP_INFO_HEAP_USED OSTAT_BIT(0)
#define OSTAT_HEAP_INFO_MMAP_USED OSTAT_BIT(1)
#define OSTAT_HEAP_INFO_INIT                                                   \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_heap_info), 0, 0, 0                      \
    }

OSTAT_BEGIN_DECLS

/**
 * The time the system booted, in seconds since the epoch (psutil
 * boot_time()). It moves when the wall clock is stepped. @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL, OSTAT_EPARSE, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.0
 */
OSTAT_API int ostat_boot_time(ostat_ctx *ctx, double *out);

/**
 * Seconds since boot, including time suspended; immune to clock steps.
 * @since 1.0
 */
OSTAT_API int ostat_uptime(ostat_ctx *ctx, double *out);

/**
 * The calling process's C heap (psutil heap_info()): glibc mallinfo2().
 * A replacement allocator (AddressSanitizer, jemalloc, ...) is invisible
 * to it, and the values then stay near zero.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOTSUP (not glibc).
 * @since 1.0
 */
OSTAT_API int ostat_heap_info(ostat_ctx *ctx, struct ostat_heap_info *out);

/**
 * Give free heap memory back to the OS (psutil heap_trim()).
 * @return 0, OSTAT_ENOTSUP (not glibc).
 * @since 1.0
 */
OSTAT_API int ostat_heap_trim(ostat_ctx *ctx);

OSTAT_END_DECLS

#endif
