/* SPDX-License-Identifier: MIT */
/* ostat/util.h: UTF-8 validation and repair, human-readable sizes, and the
 * free function for memory the library allocates. */
#ifndef OSTAT_UTIL_H
#define OSTAT_UTIL_H

#include "common.h"

OSTAT_BEGIN_DECLS

/**
 * 1 if the @p len bytes at @p s are valid UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF), else 0. NUL bytes are valid.
 * @since 1.0
 */
OSTAT_API int ostat_utf8_valid(const char *s, size_t len);

/**
 * Copy the @p in_len bytes at @p in into @p buf as valid UTF-8, replacing
 * each maximal invalid subsequence with U+FFFD (the Unicode "substitution
 * of maximal subparts" practice), and NUL-terminate.
 * @param len in: the size of @p buf; out: the bytes written, without the
 * NUL, or on OSTAT_EBUFS the size @p buf needs, with the NUL.
 * @return 0, OSTAT_EINVAL (NULL @p len, or NULL @p in with a length),
 * OSTAT_EBUFS.
 * @since 1.0
 */
OSTAT_API int
ostat_utf8_repair(const char *in, size_t in_len, char *buf, size_t *len);

/**
 * As ostat_utf8_repair(), into a new NUL-terminated string.
 * @param out receives the string; free it with ostat_free().
 * @param out_len if not NULL, receives its length without the NUL.
 * @since 1.0
 */
OSTAT_API int ostat_utf8_repair_dup(const char *in,
                                    size_t in_len,
                                    char **out,
                                    size_t *out_len);

/**
 * Format @p n bytes as psutil's bytes2human(): 1024 steps, one decimal and
 * a symbol of B K M G T P E, e.g. "9.8K", "512.0B".
 * @param len in: the size of @p buf; out: the length written, or on
 * OSTAT_EBUFS the size needed with the NUL.
 * @return 0, OSTAT_EINVAL, OSTAT_EBUFS.
 * @since 1.0
 */
OSTAT_API int ostat_bytes2human(uint64_t n, char *buf, size_t *len);

/**
 * Free memory the library allocated and handed over (the *_dup functions).
 * NULL is accepted.
 * @since 1.0
 */
OSTAT_API void ostat_free(void *ptr);

OSTAT_END_DECLS

#endif
