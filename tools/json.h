/* SPDX-License-Identifier: MIT */
/* json.h: a small streaming JSON writer with indentation. */
#ifndef OSTAT_TOOL_JSON_H
#define OSTAT_TOOL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 8

/* The writer's state: one element count per open container, so commas and
 * line breaks go where they belong. */
struct json {
    FILE *f;
    int depth;
    int after_key;
    size_t count[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
/* A member name; @key is plain ASCII chosen by the program. */
void json_key(struct json *j, const char *key);
/* A member name from the OS (an environment variable's): repaired to UTF-8,
 * then escaped. */
void json_key_string(struct json *j, const char *key);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
/* A number; NaN and infinities, which JSON lacks, become null. */
void json_double(struct json *j, double v);
void json_null(struct json *j);
void json_bool(struct json *j, int v);
/* A string from the OS: repaired to UTF-8, then escaped. NULL gives null. */
void json_string(struct json *j, const char *s);
/* Ends the document with a newline. */
void json_finish(struct json *j);

#endif
