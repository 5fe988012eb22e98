/* SPDX-License-Identifier: MIT */
/* json.c: a small streaming JSON writer with indentation. */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ostat.h>

#include "out.h"

void json_init(struct json *j, FILE *f)
{
    memset(j, 0, sizeof(*j));
    j->f = f;
}

static void newline_indent(struct json *j, int depth)
{
    int i;

    fputc('\n', j->f);
    for (i = 0; i < depth; i++) {
        fputs("  ", j->f);
    }
}

/* Commas and line breaks before an element of the innermost container. */
static void before_element(struct json *j)
{
    if (j->depth == 0) {
        return;
    }
    if (j->count[j->depth - 1]++ > 0) {
        fputc(',', j->f);
    }
    newline_indent(j, j->depth);
}

static void before_value(struct json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    before_element(j);
}

static void open_container(struct json *j, int c)
{
    before_value(j);
    fputc(c, j->f);
    if (j->depth >= JSON_MAX_DEPTH) {
        out_fatal("JSON nesting too deep");
    }
    j->count[j->depth++] = 0;
}

static void close_container(struct json *j, int c)
{
    j->depth--;
    if (j->count[j->depth] > 0) {
        newline_indent(j, j->depth);
    }
    fputc(c, j->f);
}

void json_begin_object(struct json *j)
{
    open_container(j, '{');
}

void json_end_object(struct json *j)
{
    close_container(j, '}');
}

void json_begin_array(struct json *j)
{
    open_container(j, '[');
}

void json_end_array(struct json *j)
{
    close_container(j, ']');
}

/* Write @len bytes of valid UTF-8 as a quoted, escaped JSON string. */
static void put_escaped(FILE *f, const char *s, size_t len)
{
    size_t i;

    fputc('"', f);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        switch (c) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\b':
            fputs("\\b", f);
            break;
        case '\f':
            fputs("\\f", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                fprintf(f, "\\u%04x", (unsigned)c);
            } else {
                fputc(c, f);
            }
            break;
        }
    }
    fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
    before_element(j);
    put_escaped(j->f, key, strlen(key));
    fputs(": ", j->f);
    j->after_key = 1;
}

/* @s repaired to UTF-8, in a buffer to ostat_free(); exits on failure. */
static char *repaired(const char *s, size_t *len)
{
    char *fixed = NULL;
    int rc;

    rc = ostat_utf8_repair_dup(s, strlen(s), &fixed, len);
    if (rc != 0) {
        out_fail("repairing a string for JSON", rc);
    }
    return fixed;
}

void json_key_string(struct json *j, const char *key)
{
    size_t len = 0;
    char *fixed = repaired(key, &len);

    before_element(j);
    put_escaped(j->f, fixed, len);
    fputs(": ", j->f);
    j->after_key = 1;
    ostat_free(fixed);
}

void json_u64(struct json *j, uint64_t v)
{
    before_value(j);
    fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, int64_t v)
{
    before_value(j);
    fprintf(j->f, "%" PRId64, v);
}

void json_double(struct json *j, double v)
{
    char buf[40];

    if (!isfinite(v)) {
        json_null(j);
        return;
    }
    /* The shortest of two precisions that reads back as the same double. */
    snprintf(buf, sizeof(buf), "%.15g", v);
    if (strtod(buf, NULL) != v) {
        snprintf(buf, sizeof(buf), "%.17g", v);
    }
    before_value(j);
    fputs(buf, j->f);
}

void json_null(struct json *j)
{
    before_value(j);
    fputs("null", j->f);
}

void json_bool(struct json *j, int v)
{
    before_value(j);
    fputs(v ? "true" : "false", j->f);
}

void json_string(struct json *j, const char *s)
{
    char *fixed;
    size_t len = 0;

    if (s == NULL) {
        json_null(j);
        return;
    }
    fixed = repaired(s, &len);
    before_value(j);
    put_escaped(j->f, fixed, len);
    ostat_free(fixed);
}

void json_finish(struct json *j)
{
    fputc('\n', j->f);
}
