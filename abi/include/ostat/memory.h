/* SPDX-License-Identifier: MIT */
/* ostat/memory.h: system memory and swap (psutil virtual_memory() and
 * swap_memory()). Snapshot struct rules: see ostat/cpu.h. */
#ifndef OSTAT_MEMORY_H
#define OSTAT_MEMORY_H

#include "common.h"

/** System memory in bytes (psutil's svmem). */
struct ostat_virtual_memory {
    uint32_t size;
    uint64_t valid;
    uint64_t total;
    uint64_t available; /**< what can be given to processes without swapping */
    double percent;     /**< (total - available) / total * 100, not rounded */
    uint64_t used;      /**< total - available, as procps free >= 4.0.1 */
    uint64_t free;
    uint64_t active;
    uint64_t inactive;
    uint64_t buffers;
    uint64_t cached; /**< page cache plus reclaimable slab */
    uint64_t shared;
    uint64_t slab;
};

#define OSTAT_VIRTUAL_MEMORY_TOTAL OSTAT_BIT(0)
#define OSTAT_VIRTUAL_MEMORY_AVAILABLE OSTAT_BIT(1)
#define OSTAT_VIRTUAL_MEMORY_PERCENT OSTAT_BIT(2)
#define OSTAT_VIRTUAL_MEMORY_USED OSTAT_BIT(3)
#define OSTAT_VIRTUAL_MEMORY_FREE OSTAT_BIT(4)
#define OSTAT_VIRTUAL_MEMORY_ACTIVE OSTAT_BIT(5)
#define OSTAT_VIRTUAL_MEMORY_INACTIVE OSTAT_BIT(6)
#define OSTAT_VIRTUAL_MEMORY_BUFFERS OSTAT_BIT(7)
#define OSTAT_VIRTUAL_MEMORY_CACHED OSTAT_BIT(8)
#define OSTAT_VIRTUAL_MEMORY_SHARED OSTAT_BIT(9)
#define OSTAT_VIRTUAL_MEMORY_SLAB OSTAT_BIT(10)
#define OSTAT_VIRTUAL_MEMORY_INIT                                              \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_virtual_memory), 0, 0, 0, 0, 0, 0, 0, 0, \
            0, 0, 0, 0                                                         \
    }

/** Swap in bytes (psutil's sswap). */
struct ostat_swap_memory {
    uint32_t size;
    uint64_t valid;
    uint64_t total;
    uint64_t used;
    uint64_t free;
    double percent;
    uint64_t sin;  /**< bytes swapped in since boot */
    uint64_t sout; /**< bytes swapped out since boot */
};

#define OSTAT_SWAP_MEMORY_TOTAL OSTAT_BIT(0)
#define OSTAT_SWAP_MEMORY_USED OSTAT_BIT(1)
#define OSTAT_SWAP_MEMORY_FREE OSTAT_BIT(2)
#define OSTAT_SWAP_MEMORY_PERCENT OSTAT_BIT(3)
#define OSTAT_SWAP_MEMORY_SIN OSTAT_BIT(4)
#define OSTAT_SWAP_MEMORY_SOUT OSTAT_BIT(5)
#define OSTAT_SWAP_MEMORY_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_swap_memory), 0, 0, 0, 0, 0, 0, 0        \
    }

OSTAT_BEGIN_DECLS

/**
 * System memory (psutil virtual_memory()), with psutil's formulas,
 * including its estimate of available memory on kernels without
 * MemAvailable (or reporting 0 for it). @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL, OSTAT_EPARSE, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.0
 */
OSTAT_API int ostat_virtual_memory(ostat_ctx *ctx,
                                   struct ostat_virtual_memory *out);

/**
 * Swap (psutil swap_memory()). sin and sout are counted in the kernel's
 * page size, not an assumed 4096 bytes.
 * @since 1.0
 */
OSTAT_API int ostat_swap_memory(ostat_ctx *ctx, struct ostat_swap_memory *out);

OSTAT_END_DECLS

#endif
