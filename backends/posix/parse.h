/* SPDX-License-Identifier: MIT */
/* parse.h: locale-independent number and line scanning for the text the
 * kernel writes. Each scanner advances *p and returns 0, or -1 when the text
 * is not what was expected (the caller reports OSTAT_EPARSE with where). */
#ifndef OSTAT_POSIX_PARSE_H
#define OSTAT_POSIX_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

        if (v > (UINT64_MAX - d) / 10) {
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

/* A non-negative decimal such as "12", "0.52" or "4.5e+3" is not accepted:
 * the kernel prints plain fixed-point numbers. */
static inline int
ostat__scan_double(const char **p, const char *end, double *out)
{
    uint64_t ip;
    double v, scale = 1;

    if (ostat__scan_u64(p, end, &ip) != 0) {
        return -1;
    }
    v = (double)ip;
    if (*p < end && **p == '.') {
        (*p)++;
        while (*p < end && **p >= '0' && **p <= '9') {
            scale /= 10;
            v += (**p - '0') * scale;
            (*p)++;
        }
    }
    *out = v;
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

#endif
