/* SPDX-License-Identifier: MIT */
/* fields.h: descriptions of snapshot structs, to print any of them. */
#ifndef OSTAT_TOOL_FIELDS_H
#define OSTAT_TOOL_FIELDS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
