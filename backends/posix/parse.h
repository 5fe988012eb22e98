/* SPDX-License-Identifier: MIT */
/* parse.h: locale-independent number and line scanning for the text the
 * kernel writes. Each scanner advances *p and returns 0, or -1 when the text
 * is not what was expected (the caller reports OSTAT_EPARSE with where). */
#ifndef OSTAT_POSIX_PARSE_H
#define OSTAT_POSIX_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The value of hex digit @c, or -1 when it is not one. */
static inline int ostat__hex_digit(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static inline void ostat__skip_blanks(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t')) {
        (*p)++;
    }
}

/* An unsigned decimal after optional blanks; fails on overflow. */
static inline int
ostat__scan_u64(const char **p, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    const char *s;

    ostat__skip_blanks(p, end);
    s = *p;
    while (*p < end && **p >= '0' && **p <= '9') {
        unsigned d = (unsigned)(**p - '0');

        /* v * 10 + d > UINT64_MAX (18446744073709551615), without a
         * division per digit. */
        if (v >= UINT64_C(1844674407370955161) &&
            (v > UINT64_C(1844674407370955161) || d > 5)) {
            return -1;
        }
        v = v * 10 + d;
        (*p)++;
    }
    if (*p == s) {
        return -1;
    }
    *out = v;
    return 0;
}

/* A non-negative fixed-point decimal such as "12" or "0.52", the form the
 * kernel prints (no sign, no exponent). The digits are gathered into one
 * integer and divided once by a power of ten, so that the result is the
 * correctly rounded double whenever the digits fit in 2^53. */
static inline int
ostat__scan_double(const char **p, const char *end, double *out)
{
    static const double pow10[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,
                                    1e7,  1e8,  1e9,  1e10, 1e11, 1e12, 1e13,
                                    1e14, 1e15, 1e16, 1e17, 1e18 };
    uint64_t ip, frac = 0;
    unsigned nfrac = 0;

    if (ostat__scan_u64(p, end, &ip) != 0) {
        return -1;
    }
    if (*p < end && **p == '.') {
        (*p)++;
        while (*p < end && **p >= '0' && **p <= '9') {
            /* Digits past the 18th cannot change a double. */
            if (nfrac < 18) {
                frac = frac * 10 + (uint64_t)(**p - '0');
                nfrac++;
            }
            (*p)++;
        }
    }
    *out = (double)ip + (double)frac / pow10[nfrac];
    return 0;
}

/* The end of the line starting at @p (the '\n' or @end). */
static inline const char *ostat__eol(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));

    return nl ? nl : end;
}

/* True if the text at [p, end) starts with the NUL-terminated @word. */
static inline int
ostat__starts(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(end - p) >= n && memcmp(p, word, n) == 0;
}

/* True if only blanks remain before @end. */
static inline int ostat__at_end(const char *p, const char *end)
{
    ostat__skip_blanks(&p, end);
    return p == end || *p == '\r';
}

/* A key of a "key value" file and where its value goes in a struct. */
struct ostat__key {
    const char *key; /* the word, without ':' */
    size_t off;      /* offset of a uint64_t in the struct */
    uint64_t bit;    /* its valid bit */
};

/*
 * Scan "key value" lines (/proc/stat's "ctxt 1", /proc/PID/io's "syscr: 1",
 * a cgroup's "anon 1"): for each line whose first word is one of @keys,
 * optionally followed by ':', store the first number after it at that
 * key's offset in @out and set its bit in *valid. With @whole, the number
 * must end the line. Returns 0, or the 1-based number of the first line
 * whose value does not parse.
 */
static inline int ostat__scan_keyed(const char *data,
                                    size_t len,
                                    const struct ostat__key *keys,
                                    size_t nkeys,
                                    int whole,
                                    void *out,
                                    uint64_t *valid)
{
    const char *p, *end = data + len, *eol;
    int line = 0;
    size_t k;

    for (p = data; p < end; p = eol + 1) {
        const char *w = p;
        uint64_t v;

        eol = ostat__eol(p, end);
        line++;
        while (p < eol && *p != ' ' && *p != '\t' && *p != ':') {
            p++;
        }
        for (k = 0; k < nkeys; k++) {
            if (strlen(keys[k].key) == (size_t)(p - w) &&
                memcmp(w, keys[k].key, (size_t)(p - w)) == 0) {
                break;
            }
        }
        if (k == nkeys || (p < eol && *p == ':' && ++p == eol)) {
            continue;
        }
        if (p == eol || (*p != ' ' && *p != '\t') ||
            ostat__scan_u64(&p, eol, &v) != 0 ||
            (whole && !ostat__at_end(p, eol))) {
            return line;
        }
        memcpy((char *)out + keys[k].off, &v, sizeof(v));
        *valid |= keys[k].bit;
    }
    return 0;
}

#endif
