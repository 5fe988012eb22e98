/* SPDX-License-Identifier: MIT */
/* out.h: errors, terminal-safe text, human units and aligned tables. */
#ifndef OSTAT_TOOL_OUT_H
#define OSTAT_TOOL_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit codes of the program. */
#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

/* Report a failed library call on stderr (its code name and detail);
 * returns EXIT_RUNTIME. */
int out_error(const char *what, int rc);
/* Report a failed library call and exit. */
void out_fail(const char *what, int rc);
/* Report a problem of the program itself and exit. */
void out_fatal(const char *msg);

void *out_malloc(size_t n);
char *out_strdup(const char *s);
/* printf into a new string. */
char *out_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* A copy of OS bytes fit for a terminal: repaired to UTF-8, with every
 * control character (C0, DEL, C1) replaced by '?'. Free with free(). */
char *out_sanitize(const char *s);
/* Columns a UTF-8 string takes, counting one per code point. */
size_t out_width(const char *s);

/* The terminal's columns and rows when stdout is a terminal; 0 and 0
 * when it is not (output is then never cut). */
void out_term_size(int *cols, int *rows);
/* Print @text, each line cut to @cols columns (counting one per code
 * point); 0 prints it whole. */
void out_print_clipped(const char *text, int cols, FILE *f);

/* Sizes as psutil's bytes2human, e.g. "9.8K". */
void out_bytes(uint64_t n, char *buf, size_t size);
/* A duration as "2 days, 3:04" (or "3:04" under a day). */
void out_duration(double seconds, char *buf, size_t size);
/* Seconds since the epoch as local time, "2024-05-01 09:12:33 CEST". */
void out_localtime(double epoch, char *buf, size_t size);
/* The same to the minute, without the zone: "2024-05-01 09:12". */
void out_localtime_short(double epoch, char *buf, size_t size);

/* A table of text cells: the first row is the header. Columns are right
 * aligned unless marked as left aligned. */
struct table {
    size_t ncols;
    size_t ncells;
    size_t cap;
    char **cells;
    uint32_t left; /* bit i: column i is left aligned */
};

void table_init(struct table *t, size_t ncols, uint32_t left);
/* Add one cell (copied); rows fill left to right. */
void table_add(struct table *t, const char *text);
/* Add OS bytes as a cell, made safe as out_sanitize() does ("-" for
 * NULL). */
void table_add_text(struct table *t, const char *text);
void table_addf(struct table *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Print every row with @indent spaces before it, two spaces between
 * columns. */
void table_print(const struct table *t, FILE *f, int indent);
/* What table_print() would print, as a string to free(). */
char *table_text(const struct table *t, int indent);
void table_free(struct table *t);

#endif
