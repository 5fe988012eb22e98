/* SPDX-License-Identifier: MIT */
/* list.c: opaque result lists with string storage that never moves. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
};

struct ostat_list {
    int32_t kind;
    size_t elem_size;
    size_t count, cap;
    unsigned char *items;
    struct chunk *chunks;
};

int ostat__list_new(int32_t kind, size_t elem_size, ostat_list **out)
{
    ostat_list *l = calloc(1, sizeof(*l));

    *out = NULL;
    if (l == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory for a list");
    }
    l->kind = kind;
    l->elem_size = elem_size;
    *out = l;
    return 0;
}

void *ostat__list_push(ostat_list *l)
{
    unsigned char *e;

    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        unsigned char *items = realloc(l->items, cap * l->elem_size);

        if (items == NULL) {
            return NULL;
        }
        l->items = items;
        l->cap = cap;
    }
    e = l->items + l->count++ * l->elem_size;
    memset(e, 0, l->elem_size);
    return e;
}

void *ostat__list_at(const ostat_list *l, size_t index)
{
    return index < l->count ? l->items + index * l->elem_size : NULL;
}

const char *ostat__list_str(ostat_list *l, const char *s, size_t len)
{
    struct chunk *c = l->chunks;
    char *p;

    if (c == NULL || c->cap - c->used < len + 1) {
        size_t cap = len + 1 > 4000 ? len + 1 : 4000;

        c = malloc(sizeof(*c) + cap);
        if (c == NULL) {
            return NULL;
        }
        c->next = l->chunks;
        c->used = 0;
        c->cap = cap;
        l->chunks = c;
    }
    p = c->data + c->used;
    if (len > 0) {
        memcpy(p, s, len);
    }
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

const void *ostat__list_get(const ostat_list *l, int32_t kind, size_t index)
{
    if (l == NULL) {
        ostat__err(OSTAT_EINVAL, 0, NULL, "NULL list");
        return NULL;
    }
    if (l->kind != kind) {
        ostat__err(OSTAT_EINVAL, 0, NULL,
                   "the list holds another kind of element");
        return NULL;
    }
    if (index >= l->count) {
        ostat__err(OSTAT_EINVAL, 0, NULL, "index %zu out of range (count %zu)",
                   index, l->count);
        return NULL;
    }
    return l->items + index * l->elem_size;
}

size_t ostat_list_count(const ostat_list *l)
{
    return l ? l->count : 0;
}

void ostat_list_free(ostat_list *l)
{
    struct chunk *c, *next;

    if (l == NULL) {
        return;
    }
    for (c = l->chunks; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    free(l->items);
    free(l);
}

int ostat_list_double(const ostat_list *l, size_t index, double *out)
{
    const double *d;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_list_double: NULL out");
    }
    d = ostat__list_get(l, OSTAT__LIST_DOUBLE, index);
    if (d == NULL) {
        return OSTAT_EINVAL;
    }
    *out = *d;
    return 0;
}
