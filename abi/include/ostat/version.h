/* SPDX-License-Identifier: MIT */
/* ostat/version.h: compile-time and run-time version of the library. */
#ifndef OSTAT_VERSION_H
#define OSTAT_VERSION_H

#include "common.h"

/* Versions with the same major number are ABI compatible: a program built
 * against 1.x headers runs with any 1.y library, y >= x (docs/ABI.md). */
#define OSTAT_VERSION_MAJOR 1
#define OSTAT_VERSION_MINOR 2
#define OSTAT_VERSION_PATCH 0
#define OSTAT_VERSION_STRING "1.2.0"

/** MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 10100 for 1.1.0. */
#define OSTAT_VERSION_NUMBER                                                   \
    (OSTAT_VERSION_MAJOR * 10000 + OSTAT_VERSION_MINOR * 100 +                 \
     OSTAT_VERSION_PATCH)

/** True when the headers are at least version maj.min.pat. */
#define OSTAT_VERSION_CHECK(maj, min, pat)                                     \
    (OSTAT_VERSION_NUMBER >= ((maj)*10000 + (min)*100 + (pat)))

OSTAT_BEGIN_DECLS

/**
 * The version of the library actually loaded, as OSTAT_VERSION_NUMBER.
 * Compare with OSTAT_VERSION_NUMBER to detect a header/library mismatch.
 * @since 1.0
 */
OSTAT_API uint32_t ostat_version(void);

/**
 * The version of the library actually loaded, e.g. "1.2.0". Static storage.
 * @since 1.0
 */
OSTAT_API const char *ostat_version_string(void);

OSTAT_END_DECLS

#endif
