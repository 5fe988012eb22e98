/* SPDX-License-Identifier: MIT */
/* nowrap.c: wrap-safe totals for families of keyed counters (psutil's
 * nowrap=True), per context, with the counter rule of counter.c.
 *
 * Each family (disks, NICs) keeps one record per key: the key's bytes, its
 * generation, and for each counter the last raw value and the total. A hash
 * table of indices finds a record; a scan stamps every record it sees, and
 * its end drops the others. Memory is proportional to the keys of the
 * largest scan; a scan over the same keys as the one before allocates
 * nothing. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct nw_value {
    uint64_t raw;
    uint64_t total; /* modulo 2^64 */
};

struct nw_key {
    uint64_t hash;
    uint64_t generation; /* the last non-zero one, or 0 */
    uint64_t scan;       /* the scan that last saw the key */
    size_t n;            /* counters */
    size_t len;          /* of the key, without the NUL */
    /* One allocation: n values, then the key's bytes and a NUL. */
    struct nw_value *values;
};

struct ostat__nowrap {
    struct nw_key *keys;
    size_t nkeys, cap;
    uint32_t *slots; /* key index + 1, 0 for an empty slot */
    size_t nslots;   /* a power of two, at least twice nkeys */
    uint64_t scan;   /* the current or last scan, counted from 1 */
    int scanning;
};

/* Keys and counters per row beyond these are refused rather than letting
 * the size computations overflow. */
#define MAX_KEYS ((size_t)1 << 24)
#define MAX_COUNTERS ((size_t)1 << 16)

static const char *family_name(enum ostat__nowrap_family family)
{
    return family == OSTAT__NOWRAP_DISK ? "disk" : "net";
}

static const char *key_of(const struct nw_key *k)
{
    return (const char *)(k->values + k->n);
}

/* FNV-1a, 64 bits. */
static uint64_t hash_key(const char *key, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static struct nw_key *
find(struct ostat__nowrap *nw, const char *key, size_t len, uint64_t hash)
{
    size_t mask = nw->nslots - 1, i;
    struct nw_key *k;

    if (nw->nslots == 0) {
        return NULL;
    }
    for (i = (size_t)hash & mask; nw->slots[i] != 0; i = (i + 1) & mask) {
        k = &nw->keys[nw->slots[i] - 1];
        if (k->hash == hash && k->len == len &&
            memcmp(key_of(k), key, len) == 0) {
            return k;
        }
    }
    return NULL;
}

/* Put key @index, of hash @hash, into the first free slot from its own. */
static void put_slot(struct ostat__nowrap *nw, uint64_t hash, size_t index)
{
    size_t mask = nw->nslots - 1, i;

    for (i = (size_t)hash & mask; nw->slots[i] != 0; i = (i + 1) & mask) {
    }
    nw->slots[i] = (uint32_t)(index + 1);
}

/* Put every key into the (zeroed) slots. */
static void index_keys(struct ostat__nowrap *nw)
{
    size_t j;

    memset(nw->slots, 0, nw->nslots * sizeof(*nw->slots));
    for (j = 0; j < nw->nkeys; j++) {
        put_slot(nw, nw->keys[j].hash, j);
    }
}

/* The one allocation of a record: room for @n values, then @key (@len
 * bytes) and a NUL. NULL when out of memory (recorded). */
static struct nw_value *new_values(const char *key, size_t len, size_t n)
{
    struct nw_value *values = malloc(n * sizeof(*values) + len + 1);

    if (values == NULL) {
        ostat__err(OSTAT_ENOMEM, 0, NULL, "nowrap: out of memory");
        return NULL;
    }
    memcpy(values + n, key, len);
    ((char *)(values + n))[len] = '\0';
    return values;
}

/* Room for one more key in the array and the table; 0 or OSTAT_ENOMEM. */
static int make_room(struct ostat__nowrap *nw, enum ostat__nowrap_family fam)
{
    size_t cap, nslots;
    struct nw_key *keys;
    uint32_t *slots;

    if (nw->nkeys >= MAX_KEYS) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL,
                          "nowrap: more than %zu %s keys", MAX_KEYS,
                          family_name(fam));
    }
    if (nw->nkeys == nw->cap) {
        cap = nw->cap ? nw->cap * 2 : 16;
        keys = realloc(nw->keys, cap * sizeof(*keys));
        if (keys == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "nowrap: out of memory");
        }
        nw->keys = keys;
        nw->cap = cap;
    }
    if ((nw->nkeys + 1) * 2 > nw->nslots) {
        nslots = nw->nslots ? nw->nslots * 2 : 32;
        slots = malloc(nslots * sizeof(*slots));
        if (slots == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "nowrap: out of memory");
        }
        free(nw->slots);
        nw->slots = slots;
        nw->nslots = nslots;
        index_keys(nw);
    }
    return 0;
}

/* A new record for @key holding the first sample @vals; NULL when out of
 * memory (recorded). */
static struct nw_key *add(struct ostat__nowrap *nw,
                          enum ostat__nowrap_family fam,
                          const char *key,
                          size_t len,
                          uint64_t hash,
                          size_t n)
{
    struct nw_value *values;
    struct nw_key *k;

    if (make_room(nw, fam) != 0 || (values = new_values(key, len, n)) == NULL) {
        return NULL;
    }
    k = &nw->keys[nw->nkeys];
    memset(k, 0, sizeof(*k));
    k->hash = hash;
    k->n = n;
    k->len = len;
    k->values = values;
    put_slot(nw, hash, nw->nkeys++);
    return k;
}

int ostat__nowrap_begin(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    struct ostat__nowrap *nw;

    if (ctx == NULL || (unsigned)family >= OSTAT__NOWRAP_N) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "nowrap: begin with %s",
                          ctx ? "an unknown family" : "a NULL context");
    }
    nw = ctx->nowrap[family];
    if (nw == NULL) {
        nw = calloc(1, sizeof(*nw));
        if (nw == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "nowrap: out of memory");
        }
        ctx->nowrap[family] = nw;
    }
    /* A scan that began and never ended was abandoned (its caller failed
     * half-way): it forgets nothing, and this one starts over. */
    nw->scan++;
    nw->scanning = 1;
    return 0;
}

int ostat__nowrap_row(ostat_ctx *ctx,
                      enum ostat__nowrap_family family,
                      const char *key,
                      uint64_t generation,
                      uint64_t *vals,
                      const uint8_t *widths,
                      size_t n)
{
    struct ostat__nowrap *nw;
    struct nw_key *k;
    struct nw_value *v;
    uint64_t hash, delta;
    size_t len, i;

    if (ctx == NULL || (unsigned)family >= OSTAT__NOWRAP_N || key == NULL ||
        (vals == NULL && n > 0) || n > MAX_COUNTERS) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "nowrap: row with a NULL context, key or values, "
                          "an unknown family or %zu counters",
                          n);
    }
    nw = ctx->nowrap[family];
    if (nw == NULL || !nw->scanning) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "nowrap: %s row \"%s\" outside a scan",
                          family_name(family), key);
    }
    for (i = 0; widths != NULL && i < n; i++) {
        if (widths[i] > 64) {
            return ostat__err(OSTAT_EINVAL, 0, NULL,
                              "nowrap: %s row \"%s\": counter %zu has width "
                              "%u; want 1..64 bits, or 0 when unknown",
                              family_name(family), key, i, (unsigned)widths[i]);
        }
    }
    len = strlen(key);
    hash = hash_key(key, len);
    k = find(nw, key, len, hash);
    if (k != NULL && k->scan == nw->scan) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "nowrap: %s row \"%s\" given twice in one scan",
                          family_name(family), key);
    }
    if (k != NULL && k->n != n) {
        /* Another number of counters than before: a new layout, which
         * starts afresh as a new key. */
        if ((v = new_values(key, len, n)) == NULL) {
            return OSTAT_ENOMEM;
        }
        free(k->values);
        k->values = v;
        k->n = n;
        k->scan = 0;
    } else if (k == NULL) {
        if ((k = add(nw, family, key, len, hash, n)) == NULL) {
            return OSTAT_ENOMEM;
        }
    }
    if (k->scan == 0) {
        /* The first sample: the totals start at the raw values, which
         * pass through unchanged. */
        for (i = 0; i < n; i++) {
            k->values[i].raw = vals[i];
            k->values[i].total = vals[i];
        }
    } else {
        for (i = 0; i < n; i++) {
            v = &k->values[i];
            ostat__counter_judge(k->generation, generation, v->raw, vals[i],
                                 widths ? widths[i] : 0, &delta);
            v->raw = vals[i];
            v->total += delta;
            vals[i] = v->total;
        }
    }
    if (generation != 0) {
        k->generation = generation;
    }
    k->scan = nw->scan;
    return 0;
}

void ostat__nowrap_end(ostat_ctx *ctx, enum ostat__nowrap_family family)
{
    struct ostat__nowrap *nw;
    size_t i, kept = 0;

    if (ctx == NULL || (unsigned)family >= OSTAT__NOWRAP_N ||
        (nw = ctx->nowrap[family]) == NULL || !nw->scanning) {
        return;
    }
    nw->scanning = 0;
    for (i = 0; i < nw->nkeys; i++) {
        if (nw->keys[i].scan == nw->scan) {
            nw->keys[kept++] = nw->keys[i];
        } else {
            free(nw->keys[i].values);
        }
    }
    if (kept != nw->nkeys) {
        nw->nkeys = kept;
        index_keys(nw);
    }
}

static void free_family(struct ostat__nowrap *nw)
{
    size_t i;

    if (nw == NULL) {
        return;
    }
    for (i = 0; i < nw->nkeys; i++) {
        free(nw->keys[i].values);
    }
    free(nw->keys);
    free(nw->slots);
    free(nw);
}

void ostat__nowrap_free(ostat_ctx *ctx)
{
    size_t f;

    if (ctx == NULL) {
        return;
    }
    for (f = 0; f < OSTAT__NOWRAP_N; f++) {
        free_family(ctx->nowrap[f]);
        ctx->nowrap[f] = NULL;
    }
}

int ostat_nowrap_reset(ostat_ctx *ctx)
{
    if (ctx == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_nowrap_reset: NULL context");
    }
    ostat__nowrap_free(ctx);
    return 0;
}
