/* SPDX-License-Identifier: MIT */
/* out.c: errors, terminal-safe text, human units and aligned tables. */
#include "out.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <ostat.h>

int out_error(const char *what, int rc)
{
    const ostat_error *e = ostat_error_last();
    const char *detail = ostat_strerror(rc);
    char *shown;

    if (e != NULL && e->code == rc && e->message[0] != '\0') {
        detail = e->message;
    }
    /* The detail may quote a path or a name from the system: one line of
     * plain text. */
    shown = out_sanitize(detail);
    fprintf(stderr, "ostat: %s: %s: %s\n", what, ostat_err_name(rc), shown);
    free(shown);
    return EXIT_RUNTIME;
}

void out_fail(const char *what, int rc)
{
    fflush(stdout);
    exit(out_error(what, rc));
}

void out_fatal(const char *msg)
{
    fflush(stdout);
    fprintf(stderr, "ostat: %s\n", msg);
    exit(EXIT_RUNTIME);
}

void *out_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL) {
        out_fatal("out of memory");
    }
    return p;
}

char *out_strdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(out_malloc(n), s, n);
}

static char *vformat(const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

static char *vformat(const char *fmt, va_list ap)
{
    va_list copy;
    char *s;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        out_fatal("formatting failed");
    }
    s = out_malloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *out_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    return s;
}

char *out_sanitize(const char *s)
{
    char *fixed = NULL, *o;
    const unsigned char *p;
    size_t len = 0;
    int rc;

    if (s == NULL) {
        return out_strdup("-");
    }
    rc = ostat_utf8_repair_dup(s, strlen(s), &fixed, &len);
    if (rc != 0) {
        out_fail("repairing a string", rc);
    }
    /* Replace in place: the result is never longer than the input. */
    o = fixed;
    for (p = (const unsigned char *)fixed; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            *o++ = '?';
        } else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            /* U+0080..U+009F: C1 controls, e.g. a one-byte CSI. */
            *o++ = '?';
            p++;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    o = out_strdup(fixed);
    ostat_free(fixed);
    return o;
}

size_t out_width(const char *s)
{
    size_t n = 0;

    for (; *s != '\0'; s++) {
        if (((unsigned char)*s & 0xc0) != 0x80) {
            n++;
        }
    }
    return n;
}

void out_term_size(int *cols, int *rows)
{
    struct winsize ws;

    *cols = 0;
    *rows = 0;
    if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) {
        return;
    }
    *cols = ws.ws_col;
    *rows = ws.ws_row;
}

void out_print_clipped(const char *text, int cols, FILE *f)
{
    const char *p = text;

    if (cols <= 0) {
        fputs(text, f);
        return;
    }
    while (*p != '\0') {
        const char *start = p;
        int n = 0;

        /* Up to @cols code points, stopping before the next one's lead
         * byte, then skip to the end of the line. */
        while (*p != '\0' && *p != '\n') {
            if (((unsigned char)*p & 0xc0) != 0x80 && n++ == cols) {
                break;
            }
            p++;
        }
        fwrite(start, 1, (size_t)(p - start), f);
        while (*p != '\0' && *p != '\n') {
            p++;
        }
        fputc('\n', f);
        if (*p == '\n') {
            p++;
        }
    }
}

void out_bytes(uint64_t n, char *buf, size_t size)
{
    size_t len = size;
    int rc = ostat_bytes2human(n, buf, &len);

    if (rc != 0) {
        out_fail("bytes2human", rc);
    }
}

void out_duration(double seconds, char *buf, size_t size)
{
    unsigned long long s, days;
    unsigned hours, minutes;

    if (!isfinite(seconds) || seconds < 0) {
        snprintf(buf, size, "-");
        return;
    }
    s = (unsigned long long)seconds;
    days = s / 86400;
    hours = (unsigned)(s % 86400 / 3600);
    minutes = (unsigned)(s % 3600 / 60);
    if (days > 0) {
        snprintf(buf, size, "%llu day%s, %u:%02u", days, days == 1 ? "" : "s",
                 hours, minutes);
    } else {
        snprintf(buf, size, "%u:%02u", hours, minutes);
    }
}

/* @epoch as local broken-down time; 0, or -1 if out of range. */
static int local_tm(double epoch, struct tm *tm)
{
    time_t t;

    if (!isfinite(epoch) || epoch < 0 || epoch > 253402300799.0) {
        return -1;
    }
    t = (time_t)epoch;
    tzset();
    return localtime_r(&t, tm) != NULL ? 0 : -1;
}

void out_localtime(double epoch, char *buf, size_t size)
{
    struct tm tm;

    if (local_tm(epoch, &tm) != 0 ||
        strftime(buf, size, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0) {
        snprintf(buf, size, "-");
    }
}

void out_localtime_short(double epoch, char *buf, size_t size)
{
    struct tm tm;

    if (local_tm(epoch, &tm) != 0 ||
        strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0) {
        snprintf(buf, size, "-");
    }
}

void table_init(struct table *t, size_t ncols, uint32_t left)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
    t->left = left;
}

static void table_push(struct table *t, char *cell)
{
    if (t->ncells == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        char **cells = realloc(t->cells, cap * sizeof(*cells));

        if (cells == NULL) {
            out_fatal("out of memory");
        }
        t->cells = cells;
        t->cap = cap;
    }
    t->cells[t->ncells++] = cell;
}

void table_add(struct table *t, const char *text)
{
    table_push(t, out_strdup(text));
}

void table_add_text(struct table *t, const char *text)
{
    table_push(t, out_sanitize(text));
}

void table_addf(struct table *t, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    table_push(t, vformat(fmt, ap));
    va_end(ap);
}

static void pad(FILE *f, size_t n)
{
    while (n-- > 0) {
        fputc(' ', f);
    }
}

void table_print(const struct table *t, FILE *f, int indent)
{
    size_t width[32] = { 0 };
    size_t i, c, nrows;

    if (t->ncols == 0 || t->ncols > 32) {
        return;
    }
    nrows = (t->ncells + t->ncols - 1) / t->ncols;
    for (i = 0; i < t->ncells; i++) {
        size_t w = out_width(t->cells[i]);

        if (w > width[i % t->ncols]) {
            width[i % t->ncols] = w;
        }
    }
    for (i = 0; i < nrows * t->ncols; i += t->ncols) {
        size_t last = 0;

        /* Stop after the last non-empty cell: no trailing blanks. */
        for (c = 0; c < t->ncols && i + c < t->ncells; c++) {
            if (t->cells[i + c][0] != '\0') {
                last = c;
            }
        }
        pad(f, (size_t)indent);
        for (c = 0; c <= last; c++) {
            const char *cell = t->cells[i + c];
            size_t w = out_width(cell);
            int left = (t->left >> c) & 1;

            if (c > 0) {
                fputs("  ", f);
            }
            if (!left) {
                pad(f, width[c] - w);
            }
            fputs(cell, f);
            if (left && c < last) {
                pad(f, width[c] - w);
            }
        }
        fputc('\n', f);
    }
}

char *table_text(const struct table *t, int indent)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);

    if (f == NULL) {
        out_fatal("out of memory");
    }
    table_print(t, f, indent);
    if (fclose(f) != 0 || buf == NULL) {
        out_fatal("out of memory");
    }
    return buf;
}

void table_free(struct table *t)
{
    size_t i;

    for (i = 0; i < t->ncells; i++) {
        free(t->cells[i]);
    }
    free(t->cells);
    memset(t, 0, sizeof(*t));
}
