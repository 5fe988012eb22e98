/* SPDX-License-Identifier: MIT */
/* ostat/list.h: opaque result lists. Elements are read with the typed
 * accessor of their domain (ostat_list_cpu_times(), ostat_list_user(), ...),
 * which copies one element into the caller's size-prefixed struct. */
#ifndef OSTAT_LIST_H
#define OSTAT_LIST_H

#include "common.h"

OSTAT_BEGIN_DECLS

/**
 * The number of elements in @p list; 0 for NULL.
 * @since 1.0
 */
OSTAT_API size_t ostat_list_count(const ostat_list *list);

/**
 * Free @p list and every string its elements point to. NULL is accepted.
 * @since 1.0
 */
OSTAT_API void ostat_list_free(ostat_list *list);

/**
 * Element @p index of a list of doubles, such as ostat_cpu_percent_percpu().
 * @return 0, OSTAT_EINVAL (NULL argument, index out of range, or a list of
 * another kind).
 * @since 1.0
 */
OSTAT_API int
ostat_list_double(const ostat_list *list, size_t index, double *out);

OSTAT_END_DECLS

#endif
