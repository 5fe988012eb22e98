/* SPDX-License-Identifier: MIT */
/* ostat/common.h: export macros, linkage guards and the fixed-width types the
 * whole public API is written in. */
#ifndef OSTAT_COMMON_H
#define OSTAT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(OSTAT_BUILDING_SHARED)
#define OSTAT_API __declspec(dllexport)
#elif defined(_WIN32) && defined(OSTAT_USING_SHARED)
#define OSTAT_API __declspec(dllimport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define OSTAT_API __attribute__((visibility("default")))
#else
#define OSTAT_API
#endif

#ifdef __cplusplus
#define OSTAT_BEGIN_DECLS extern "C" {
#define OSTAT_END_DECLS }
#else
#define OSTAT_BEGIN_DECLS
#define OSTAT_END_DECLS
#endif

#if defined(__GNUC__) &&                                                       \
    (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5))
#define OSTAT_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define OSTAT_DEPRECATED(msg)
#endif

/** A process id, wide enough for every OS. */
typedef int64_t ostat_pid_t;

/** The context: options, one-time probes, caches and previous samples. */
typedef struct ostat_ctx ostat_ctx;

/** An opaque, library-allocated list of results (see ostat/list.h). */
typedef struct ostat_list ostat_list;

/** A one-bit mask for the valid field of a snapshot struct. */
#define OSTAT_BIT(n) ((uint64_t)1 << (n))

#endif
