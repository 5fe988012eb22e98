/* SPDX-License-Identifier: MIT */
/* util.c: UTF-8 validation and repair, bytes2human, ostat_free. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if s[0] starts no
 * valid sequence. *maximal receives the length of the maximal subpart of an
 * invalid sequence (at least 1), as Unicode's "U+FFFD substitution of
 * maximal subparts" wants. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *maximal)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;

    *maximal = 1;
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0) {
            lo = 0xA0; /* no overlong forms */
        } else if (c == 0xED) {
            hi = 0x9F; /* no surrogates */
        }
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0) {
            lo = 0x90;
        } else if (c == 0xF4) {
            hi = 0x8F; /* nothing above U+10FFFF */
        }
    } else {
        return 0;
    }
    for (i = 1; i < need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *maximal = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

int ostat_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, bad, k;

    if (s == NULL) {
        return len == 0;
    }
    while (i < len) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        k = utf8_seq(p + i, len - i, &bad);
        if (k == 0) {
            return 0;
        }
        i += k;
    }
    return 1;
}

/* Repair into buf if cap allows; return the repaired length either way. */
static size_t repair(const unsigned char *in, size_t n, char *buf, size_t cap)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    size_t i = 0, o = 0, k, bad;

    while (i < n) {
        k = utf8_seq(in + i, n - i, &bad);
        if (k > 0) {
            if (o + k <= cap) {
                memcpy(buf + o, in + i, k);
            }
            o += k;
            i += k;
        } else {
            if (o + 3 <= cap) {
                memcpy(buf + o, fffd, 3);
            }
            o += 3;
            i += bad;
        }
    }
    return o;
}

int ostat_utf8_repair(const char *in, size_t in_len, char *buf, size_t *len)
{
    size_t need;

    if (len == NULL || (in == NULL && in_len > 0) ||
        (buf == NULL && *len > 0)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_utf8_repair: NULL argument");
    }
    need = repair((const unsigned char *)in, in_len, buf, *len);
    if (need + 1 > *len) {
        *len = need + 1;
        return ostat__err(OSTAT_EBUFS, 0, NULL,
                          "ostat_utf8_repair: %zu bytes needed", need + 1);
    }
    buf[need] = '\0';
    *len = need;
    return 0;
}

int ostat_utf8_repair_dup(const char *in,
                          size_t in_len,
                          char **out,
                          size_t *out_len)
{
    size_t need;
    char *s;

    if (out == NULL || (in == NULL && in_len > 0)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_utf8_repair_dup: NULL argument");
    }
    *out = NULL;
    need = repair((const unsigned char *)in, in_len, NULL, 0);
    s = malloc(need + 1);
    if (s == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL,
                          "ostat_utf8_repair_dup: out of memory");
    }
    repair((const unsigned char *)in, in_len, s, need);
    s[need] = '\0';
    *out = s;
    if (out_len != NULL) {
        *out_len = need;
    }
    return 0;
}

int ostat_bytes2human(uint64_t n, char *buf, size_t *len)
{
    static const char symbols[] = "BKMGTPE";
    unsigned long long tenths;
    char tmp[32];
    int i, w;

    if (len == NULL || (buf == NULL && *len > 0)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_bytes2human: NULL argument");
    }
    for (i = 6; i > 0; i--) {
        if (n >= (uint64_t)1 << (10 * i)) {
            break;
        }
    }
    /* One decimal as printf's "%.1f" rounds it (to nearest, ties to even),
     * but printed by hand: printf's decimal point follows LC_NUMERIC. */
    tenths = (unsigned long long)nearbyint(
        (double)n / (double)((uint64_t)1 << (10 * i)) * 10.0);
    w = snprintf(tmp, sizeof(tmp), "%llu.%llu%c", tenths / 10, tenths % 10,
                 symbols[i]);
    if ((size_t)w + 1 > *len) {
        *len = (size_t)w + 1;
        return ostat__err(OSTAT_EBUFS, 0, NULL,
                          "ostat_bytes2human: %d bytes needed", w + 1);
    }
    memcpy(buf, tmp, (size_t)w + 1);
    *len = (size_t)w;
    return 0;
}

void ostat_free(void *ptr)
{
    free(ptr);
}
