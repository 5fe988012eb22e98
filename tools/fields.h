/* SPDX-License-Identifier: MIT */
/* fields.h: descriptions of snapshot structs, to print any of them. */
#ifndef OSTAT_TOOL_FIELDS_H
#define OSTAT_TOOL_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include <ostat.h>

#include "json.h"
#include "out.h"

/* How a member is stored and shown. */
enum fkind {
    FK_COUNT,   /* uint64_t */
    FK_BYTES,   /* uint64_t bytes; listings add the human size */
    FK_USEC,    /* uint64_t microseconds */
    FK_SECONDS, /* double seconds */
    FK_PERCENT, /* double percent */
    FK_DOUBLE2, /* double shown with two decimals (load, PSI averages) */
    FK_MHZ,     /* double megahertz */
    FK_EPOCH,   /* double seconds since the epoch; tables show local time */
    FK_INT32,   /* int32_t */
    FK_PID,     /* ostat_pid_t (int64_t) */
    FK_INT64,   /* int64_t */
    FK_STRING   /* const char *, bytes from the OS */
};

/* One member: its psutil name, kind, place in the struct and valid bit. */
struct field {
    const char *name;
    enum fkind kind;
    size_t offset;
    uint64_t bit;
};

struct fieldset {
    const struct field *fields;
    size_t n;
};

/* A member of struct @type, and a fieldset of a whole array. */
#define FIELD(type, member, kind, bit)                                         \
    {                                                                          \
#member, kind, offsetof(struct type, member), bit                      \
    }
#define SET(arr)                                                               \
    {                                                                          \
        arr, sizeof(arr) / sizeof(arr[0])                                      \
    }

extern const struct fieldset fs_cpu_times;         /* cpu first */
extern const struct fieldset fs_cpu_times_percent; /* cpu first */
extern const struct fieldset fs_cpu_stats;
extern const struct fieldset fs_cpu_freq; /* cpu first */
extern const struct fieldset fs_loadavg;
extern const struct fieldset fs_virtual_memory;
extern const struct fieldset fs_swap_memory;
extern const struct fieldset fs_pressure;
extern const struct fieldset fs_heap_info;
extern const struct fieldset fs_user;
extern const struct fieldset fs_proc_ids;
extern const struct fieldset fs_proc_cpu_times;
extern const struct fieldset fs_proc_memory_info;
extern const struct fieldset fs_proc_memory_footprint;
extern const struct fieldset fs_proc_page_faults;
extern const struct fieldset fs_proc_ctx_switches;
extern const struct fieldset fs_proc_io_counters;
extern const struct fieldset fs_proc_ionice;
extern const struct fieldset fs_proc_thread;
extern const struct fieldset fs_proc_mmap; /* path, then the sizes */

/* @fs without its first field (the cpu number of a system-wide record). */
struct fieldset fields_skip_first(const struct fieldset *fs);

/* A JSON object of the fields of @s; a field whose bit is clear in @valid is
 * null. */
void fields_json(struct json *j,
                 const struct fieldset *fs,
                 const void *s,
                 uint64_t valid);
/* The same members inside an object the caller opened. */
void fields_members(struct json *j,
                    const struct fieldset *fs,
                    const void *s,
                    uint64_t valid);
/* Print "name  value  note" lines for the fields of @s on stdout. */
void fields_listing(const struct fieldset *fs, const void *s, uint64_t valid);
/* Add the field names as a header row, or the fields of @s as a row. */
void fields_header(struct table *t, const struct fieldset *fs);
void fields_row(struct table *t,
                const struct fieldset *fs,
                const void *s,
                uint64_t valid);
/* The fields of @s as "name=value" strings, bytes in human units and "-"
 * for a field that is not valid: an array of fs->n strings, each and the
 * array to free(). */
char **fields_pairs(const struct fieldset *fs, const void *s, uint64_t valid);
/* Columns of @fs that hold text (for table_init's @left). */
uint32_t fields_left(const struct fieldset *fs);

/* One snapshot struct: a JSON document (with @json), or a listing. */
void fields_print(int json,
                  const struct fieldset *fs,
                  const void *s,
                  uint64_t valid);
/* @n structs of @size bytes at @e: a JSON array of objects (with @json),
 * or else a table with a row each (the line @empty instead when there is
 * none, if not NULL). */
void fields_print_list(int json,
                       const struct fieldset *fs,
                       const void *e,
                       size_t n,
                       size_t size,
                       const char *empty);
/* Structs of one device each (@n of @size bytes at @e), whose first @row
 * field is the device's name: psutil's dict of name to the fields of @fs
 * as JSON (with @json), or else a table of the @row fields, or the line
 * @empty when there is no device. */
void fields_print_named(int json,
                        const struct fieldset *fs,
                        const struct fieldset *row,
                        const void *e,
                        size_t n,
                        size_t size,
                        const char *empty);

/* A list accessor (ostat_list_*) with its struct as void *. */
typedef int (*fields_get_fn)(const ostat_list *l, size_t i, void *out);
/* Every element of @l in a new array (free() it) of @size-byte structs,
 * each set to *@init before @copy fills it; *n is their number. NULL with
 * @copy's error in *rc when an element cannot be had. */
void *fields_copy_list(const ostat_list *l,
                       fields_get_fn copy,
                       const void *init,
                       size_t size,
                       size_t *n,
                       int *rc);

#endif
