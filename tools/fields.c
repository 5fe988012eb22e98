/* SPDX-License-Identifier: MIT */
/* fields.c: descriptions of snapshot structs, to print any of them. */
#include "fields.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <ostat.h>

static const struct field cpu_times_fields[] = {
    FIELD(ostat_cpu_times, cpu, FK_INT32, OSTAT_CPU_TIMES_CPU),
    FIELD(ostat_cpu_times, user, FK_SECONDS, OSTAT_CPU_TIMES_USER),
    FIELD(ostat_cpu_times, system, FK_SECONDS, OSTAT_CPU_TIMES_SYSTEM),
    FIELD(ostat_cpu_times, idle, FK_SECONDS, OSTAT_CPU_TIMES_IDLE),
    FIELD(ostat_cpu_times, nice, FK_SECONDS, OSTAT_CPU_TIMES_NICE),
    FIELD(ostat_cpu_times, iowait, FK_SECONDS, OSTAT_CPU_TIMES_IOWAIT),
    FIELD(ostat_cpu_times, irq, FK_SECONDS, OSTAT_CPU_TIMES_IRQ),
    FIELD(ostat_cpu_times, softirq, FK_SECONDS, OSTAT_CPU_TIMES_SOFTIRQ),
    FIELD(ostat_cpu_times, steal, FK_SECONDS, OSTAT_CPU_TIMES_STEAL),
    FIELD(ostat_cpu_times, guest, FK_SECONDS, OSTAT_CPU_TIMES_GUEST),
    FIELD(ostat_cpu_times, guest_nice, FK_SECONDS, OSTAT_CPU_TIMES_GUEST_NICE),
};
const struct fieldset fs_cpu_times = SET(cpu_times_fields);

static const struct field cpu_times_percent_fields[] = {
    FIELD(ostat_cpu_times, cpu, FK_INT32, OSTAT_CPU_TIMES_CPU),
    FIELD(ostat_cpu_times, user, FK_PERCENT, OSTAT_CPU_TIMES_USER),
    FIELD(ostat_cpu_times, system, FK_PERCENT, OSTAT_CPU_TIMES_SYSTEM),
    FIELD(ostat_cpu_times, idle, FK_PERCENT, OSTAT_CPU_TIMES_IDLE),
    FIELD(ostat_cpu_times, nice, FK_PERCENT, OSTAT_CPU_TIMES_NICE),
    FIELD(ostat_cpu_times, iowait, FK_PERCENT, OSTAT_CPU_TIMES_IOWAIT),
    FIELD(ostat_cpu_times, irq, FK_PERCENT, OSTAT_CPU_TIMES_IRQ),
    FIELD(ostat_cpu_times, softirq, FK_PERCENT, OSTAT_CPU_TIMES_SOFTIRQ),
    FIELD(ostat_cpu_times, steal, FK_PERCENT, OSTAT_CPU_TIMES_STEAL),
    FIELD(ostat_cpu_times, guest, FK_PERCENT, OSTAT_CPU_TIMES_GUEST),
    FIELD(ostat_cpu_times, guest_nice, FK_PERCENT, OSTAT_CPU_TIMES_GUEST_NICE),
};
const struct fieldset fs_cpu_times_percent = SET(cpu_times_percent_fields);

static const struct field cpu_stats_fields[] = {
    FIELD(
        ostat_cpu_stats, ctx_switches, FK_COUNT, OSTAT_CPU_STATS_CTX_SWITCHES),
    FIELD(ostat_cpu_stats, interrupts, FK_COUNT, OSTAT_CPU_STATS_INTERRUPTS),
    FIELD(ostat_cpu_stats,
          soft_interrupts,
          FK_COUNT,
          OSTAT_CPU_STATS_SOFT_INTERRUPTS),
    FIELD(ostat_cpu_stats, syscalls, FK_COUNT, OSTAT_CPU_STATS_SYSCALLS),
    FIELD(ostat_cpu_stats, forks, FK_COUNT, OSTAT_CPU_STATS_FORKS),
    FIELD(ostat_cpu_stats,
          procs_running,
          FK_COUNT,
          OSTAT_CPU_STATS_PROCS_RUNNING),
    FIELD(ostat_cpu_stats,
          procs_blocked,
          FK_COUNT,
          OSTAT_CPU_STATS_PROCS_BLOCKED),
};
const struct fieldset fs_cpu_stats = SET(cpu_stats_fields);

static const struct field cpu_freq_fields[] = {
    FIELD(ostat_cpu_freq, cpu, FK_INT32, OSTAT_CPU_FREQ_CPU),
    FIELD(ostat_cpu_freq, current, FK_MHZ, OSTAT_CPU_FREQ_CURRENT),
    FIELD(ostat_cpu_freq, min, FK_MHZ, OSTAT_CPU_FREQ_MIN),
    FIELD(ostat_cpu_freq, max, FK_MHZ, OSTAT_CPU_FREQ_MAX),
};
const struct fieldset fs_cpu_freq = SET(cpu_freq_fields);

static const struct field loadavg_fields[] = {
    FIELD(ostat_loadavg, load1, FK_DOUBLE2, OSTAT_LOADAVG_LOAD1),
    FIELD(ostat_loadavg, load5, FK_DOUBLE2, OSTAT_LOADAVG_LOAD5),
    FIELD(ostat_loadavg, load15, FK_DOUBLE2, OSTAT_LOADAVG_LOAD15),
    FIELD(ostat_loadavg, runnable, FK_COUNT, OSTAT_LOADAVG_RUNNABLE),
    FIELD(ostat_loadavg, entities, FK_COUNT, OSTAT_LOADAVG_ENTITIES),
};
const struct fieldset fs_loadavg = SET(loadavg_fields);

static const struct field virtual_memory_fields[] = {
    FIELD(ostat_virtual_memory, total, FK_BYTES, OSTAT_VIRTUAL_MEMORY_TOTAL),
    FIELD(ostat_virtual_memory,
          available,
          FK_BYTES,
          OSTAT_VIRTUAL_MEMORY_AVAILABLE),
    FIELD(ostat_virtual_memory,
          percent,
          FK_PERCENT,
          OSTAT_VIRTUAL_MEMORY_PERCENT),
    FIELD(ostat_virtual_memory, used, FK_BYTES, OSTAT_VIRTUAL_MEMORY_USED),
    FIELD(ostat_virtual_memory, free, FK_BYTES, OSTAT_VIRTUAL_MEMORY_FREE),
    FIELD(ostat_virtual_memory, active, FK_BYTES, OSTAT_VIRTUAL_MEMORY_ACTIVE),
    FIELD(ostat_virtual_memory,
          inactive,
          FK_BYTES,
          OSTAT_VIRTUAL_MEMORY_INACTIVE),
    FIELD(
        ostat_virtual_memory, buffers, FK_BYTES, OSTAT_VIRTUAL_MEMORY_BUFFERS),
    FIELD(ostat_virtual_memory, cached, FK_BYTES, OSTAT_VIRTUAL_MEMORY_CACHED),
    FIELD(ostat_virtual_memory, shared, FK_BYTES, OSTAT_VIRTUAL_MEMORY_SHARED),
    FIELD(ostat_virtual_memory, slab, FK_BYTES, OSTAT_VIRTUAL_MEMORY_SLAB),
};
const struct fieldset fs_virtual_memory = SET(virtual_memory_fields);

static const struct field swap_memory_fields[] = {
    FIELD(ostat_swap_memory, total, FK_BYTES, OSTAT_SWAP_MEMORY_TOTAL),
    FIELD(ostat_swap_memory, used, FK_BYTES, OSTAT_SWAP_MEMORY_USED),
    FIELD(ostat_swap_memory, free, FK_BYTES, OSTAT_SWAP_MEMORY_FREE),
    FIELD(ostat_swap_memory, percent, FK_PERCENT, OSTAT_SWAP_MEMORY_PERCENT),
    FIELD(ostat_swap_memory, sin, FK_BYTES, OSTAT_SWAP_MEMORY_SIN),
    FIELD(ostat_swap_memory, sout, FK_BYTES, OSTAT_SWAP_MEMORY_SOUT),
};
const struct fieldset fs_swap_memory = SET(swap_memory_fields);

static const struct field pressure_fields[] = {
    FIELD(ostat_pressure, some_avg10, FK_DOUBLE2, OSTAT_PRESSURE_SOME_AVG10),
    FIELD(ostat_pressure, some_avg60, FK_DOUBLE2, OSTAT_PRESSURE_SOME_AVG60),
    FIELD(ostat_pressure, some_avg300, FK_DOUBLE2, OSTAT_PRESSURE_SOME_AVG300),
    FIELD(ostat_pressure, some_total, FK_USEC, OSTAT_PRESSURE_SOME_TOTAL),
    FIELD(ostat_pressure, full_avg10, FK_DOUBLE2, OSTAT_PRESSURE_FULL_AVG10),
    FIELD(ostat_pressure, full_avg60, FK_DOUBLE2, OSTAT_PRESSURE_FULL_AVG60),
    FIELD(ostat_pressure, full_avg300, FK_DOUBLE2, OSTAT_PRESSURE_FULL_AVG300),
    FIELD(ostat_pressure, full_total, FK_USEC, OSTAT_PRESSURE_FULL_TOTAL),
};
const struct fieldset fs_pressure = SET(pressure_fields);

static const struct field heap_info_fields[] = {
    FIELD(ostat_heap_info, heap_used, FK_BYTES, OSTAT_HEAP_INFO_HEAP_USED),
    FIELD(ostat_heap_info, mmap_used, FK_BYTES, OSTAT_HEAP_INFO_MMAP_USED),
};
const struct fieldset fs_heap_info = SET(heap_info_fields);

static const struct field user_fields[] = {
    FIELD(ostat_user, name, FK_STRING, OSTAT_USER_NAME),
    FIELD(ostat_user, terminal, FK_STRING, OSTAT_USER_TERMINAL),
    FIELD(ostat_user, host, FK_STRING, OSTAT_USER_HOST),
    FIELD(ostat_user, started, FK_EPOCH, OSTAT_USER_STARTED),
    FIELD(ostat_user, pid, FK_PID, OSTAT_USER_PID),
};
const struct fieldset fs_user = SET(user_fields);

static const struct field proc_ids_fields[] = {
    FIELD(ostat_proc_ids, real, FK_INT64, OSTAT_PROC_IDS_REAL),
    FIELD(ostat_proc_ids, effective, FK_INT64, OSTAT_PROC_IDS_EFFECTIVE),
    FIELD(ostat_proc_ids, saved, FK_INT64, OSTAT_PROC_IDS_SAVED),
};
const struct fieldset fs_proc_ids = SET(proc_ids_fields);

static const struct field proc_cpu_times_fields[] = {
    FIELD(ostat_proc_cpu_times, user, FK_SECONDS, OSTAT_PROC_CPU_TIMES_USER),
    FIELD(
        ostat_proc_cpu_times, system, FK_SECONDS, OSTAT_PROC_CPU_TIMES_SYSTEM),
    FIELD(ostat_proc_cpu_times,
          children_user,
          FK_SECONDS,
          OSTAT_PROC_CPU_TIMES_CHILDREN_USER),
    FIELD(ostat_proc_cpu_times,
          children_system,
          FK_SECONDS,
          OSTAT_PROC_CPU_TIMES_CHILDREN_SYSTEM),
    FIELD(
        ostat_proc_cpu_times, iowait, FK_SECONDS, OSTAT_PROC_CPU_TIMES_IOWAIT),
};
const struct fieldset fs_proc_cpu_times = SET(proc_cpu_times_fields);

static const struct field proc_memory_info_fields[] = {
    FIELD(ostat_proc_memory_info, rss, FK_BYTES, OSTAT_PROC_MEMORY_INFO_RSS),
    FIELD(ostat_proc_memory_info, vms, FK_BYTES, OSTAT_PROC_MEMORY_INFO_VMS),
    FIELD(ostat_proc_memory_info,
          shared,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_SHARED),
    FIELD(ostat_proc_memory_info, text, FK_BYTES, OSTAT_PROC_MEMORY_INFO_TEXT),
    FIELD(ostat_proc_memory_info, data, FK_BYTES, OSTAT_PROC_MEMORY_INFO_DATA),
    FIELD(ostat_proc_memory_info,
          peak_rss,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_PEAK_RSS),
    FIELD(ostat_proc_memory_info,
          peak_vms,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_PEAK_VMS),
    FIELD(ostat_proc_memory_info,
          rss_anon,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_RSS_ANON),
    FIELD(ostat_proc_memory_info,
          rss_file,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_RSS_FILE),
    FIELD(ostat_proc_memory_info,
          rss_shmem,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_RSS_SHMEM),
    FIELD(ostat_proc_memory_info, swap, FK_BYTES, OSTAT_PROC_MEMORY_INFO_SWAP),
    FIELD(ostat_proc_memory_info,
          hugetlb,
          FK_BYTES,
          OSTAT_PROC_MEMORY_INFO_HUGETLB),
};
const struct fieldset fs_proc_memory_info = SET(proc_memory_info_fields);

static const struct field proc_memory_footprint_fields[] = {
    FIELD(ostat_proc_memory_footprint,
          uss,
          FK_BYTES,
          OSTAT_PROC_MEMORY_FOOTPRINT_USS),
    FIELD(ostat_proc_memory_footprint,
          pss,
          FK_BYTES,
          OSTAT_PROC_MEMORY_FOOTPRINT_PSS),
    FIELD(ostat_proc_memory_footprint,
          swap,
          FK_BYTES,
          OSTAT_PROC_MEMORY_FOOTPRINT_SWAP),
};
const struct fieldset fs_proc_memory_footprint =
    SET(proc_memory_footprint_fields);

static const struct field proc_page_faults_fields[] = {
    FIELD(
        ostat_proc_page_faults, minor, FK_COUNT, OSTAT_PROC_PAGE_FAULTS_MINOR),
    FIELD(
        ostat_proc_page_faults, major, FK_COUNT, OSTAT_PROC_PAGE_FAULTS_MAJOR),
};
const struct fieldset fs_proc_page_faults = SET(proc_page_faults_fields);

static const struct field proc_ctx_switches_fields[] = {
    FIELD(ostat_proc_ctx_switches,
          voluntary,
          FK_COUNT,
          OSTAT_PROC_CTX_SWITCHES_VOLUNTARY),
    FIELD(ostat_proc_ctx_switches,
          involuntary,
          FK_COUNT,
          OSTAT_PROC_CTX_SWITCHES_INVOLUNTARY),
};
const struct fieldset fs_proc_ctx_switches = SET(proc_ctx_switches_fields);

static const struct field proc_io_counters_fields[] = {
    FIELD(ostat_proc_io_counters,
          read_count,
          FK_COUNT,
          OSTAT_PROC_IO_COUNTERS_READ_COUNT),
    FIELD(ostat_proc_io_counters,
          write_count,
          FK_COUNT,
          OSTAT_PROC_IO_COUNTERS_WRITE_COUNT),
    FIELD(ostat_proc_io_counters,
          read_bytes,
          FK_BYTES,
          OSTAT_PROC_IO_COUNTERS_READ_BYTES),
    FIELD(ostat_proc_io_counters,
          write_bytes,
          FK_BYTES,
          OSTAT_PROC_IO_COUNTERS_WRITE_BYTES),
    FIELD(ostat_proc_io_counters,
          read_chars,
          FK_BYTES,
          OSTAT_PROC_IO_COUNTERS_READ_CHARS),
    FIELD(ostat_proc_io_counters,
          write_chars,
          FK_BYTES,
          OSTAT_PROC_IO_COUNTERS_WRITE_CHARS),
};
const struct fieldset fs_proc_io_counters = SET(proc_io_counters_fields);

static const struct field proc_ionice_fields[] = {
    FIELD(ostat_proc_ionice, ioclass, FK_INT32, OSTAT_PROC_IONICE_IOCLASS),
    FIELD(ostat_proc_ionice, value, FK_INT32, OSTAT_PROC_IONICE_VALUE),
};
const struct fieldset fs_proc_ionice = SET(proc_ionice_fields);

static const struct field proc_thread_fields[] = {
    FIELD(ostat_proc_thread, id, FK_PID, OSTAT_PROC_THREAD_ID),
    FIELD(
        ostat_proc_thread, user_time, FK_SECONDS, OSTAT_PROC_THREAD_USER_TIME),
    FIELD(ostat_proc_thread,
          system_time,
          FK_SECONDS,
          OSTAT_PROC_THREAD_SYSTEM_TIME),
};
const struct fieldset fs_proc_thread = SET(proc_thread_fields);

/* psutil's pmmap_grouped: its "size" is the member vsize. */
static const struct field proc_mmap_fields[] = {
    FIELD(ostat_proc_mmap, path, FK_STRING, OSTAT_PROC_MMAP_PATH),
    FIELD(ostat_proc_mmap, rss, FK_BYTES, OSTAT_PROC_MMAP_RSS),
    { "size", FK_BYTES, offsetof(struct ostat_proc_mmap, vsize),
      OSTAT_PROC_MMAP_VSIZE },
    FIELD(ostat_proc_mmap, pss, FK_BYTES, OSTAT_PROC_MMAP_PSS),
    FIELD(
        ostat_proc_mmap, shared_clean, FK_BYTES, OSTAT_PROC_MMAP_SHARED_CLEAN),
    FIELD(
        ostat_proc_mmap, shared_dirty, FK_BYTES, OSTAT_PROC_MMAP_SHARED_DIRTY),
    FIELD(ostat_proc_mmap,
          private_clean,
          FK_BYTES,
          OSTAT_PROC_MMAP_PRIVATE_CLEAN),
    FIELD(ostat_proc_mmap,
          private_dirty,
          FK_BYTES,
          OSTAT_PROC_MMAP_PRIVATE_DIRTY),
    FIELD(ostat_proc_mmap, referenced, FK_BYTES, OSTAT_PROC_MMAP_REFERENCED),
    FIELD(ostat_proc_mmap, anonymous, FK_BYTES, OSTAT_PROC_MMAP_ANONYMOUS),
    FIELD(ostat_proc_mmap, swap, FK_BYTES, OSTAT_PROC_MMAP_SWAP),
};
const struct fieldset fs_proc_mmap = SET(proc_mmap_fields);

struct fieldset fields_skip_first(const struct fieldset *fs)
{
    struct fieldset r;

    r.fields = fs->fields + 1;
    r.n = fs->n - 1;
    return r;
}

/* The value of a field, read without assuming the struct's alignment. */
union value {
    uint64_t u;
    int64_t i;
    double d;
    const char *s;
};

static union value get(const struct field *f, const void *s)
{
    const char *p = (const char *)s + f->offset;
    union value v;
    int32_t i32;

    memset(&v, 0, sizeof(v));
    switch (f->kind) {
    case FK_COUNT:
    case FK_BYTES:
    case FK_USEC:
        memcpy(&v.u, p, sizeof(v.u));
        break;
    case FK_SECONDS:
    case FK_PERCENT:
    case FK_DOUBLE2:
    case FK_MHZ:
    case FK_EPOCH:
        memcpy(&v.d, p, sizeof(v.d));
        break;
    case FK_INT32:
        memcpy(&i32, p, sizeof(i32));
        v.i = i32;
        break;
    case FK_PID:
    case FK_INT64:
        memcpy(&v.i, p, sizeof(v.i));
        break;
    case FK_STRING:
        memcpy(&v.s, p, sizeof(v.s));
        break;
    }
    return v;
}

static int is_valid(const struct field *f, const void *s, uint64_t valid)
{
    return (valid & f->bit) != 0 &&
           (f->kind != FK_STRING || get(f, s).s != NULL);
}

void fields_json(struct json *j,
                 const struct fieldset *fs,
                 const void *s,
                 uint64_t valid)
{
    json_begin_object(j);
    fields_members(j, fs, s, valid);
    json_end_object(j);
}

void fields_members(struct json *j,
                    const struct fieldset *fs,
                    const void *s,
                    uint64_t valid)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        const struct field *f = &fs->fields[i];
        union value v;

        json_key(j, f->name);
        if (!is_valid(f, s, valid)) {
            json_null(j);
            continue;
        }
        v = get(f, s);
        switch (f->kind) {
        case FK_COUNT:
        case FK_BYTES:
        case FK_USEC:
            json_u64(j, v.u);
            break;
        case FK_SECONDS:
        case FK_PERCENT:
        case FK_DOUBLE2:
        case FK_MHZ:
        case FK_EPOCH:
            json_double(j, v.d);
            break;
        case FK_INT32:
        case FK_PID:
        case FK_INT64:
            json_i64(j, v.i);
            break;
        case FK_STRING:
            json_string(j, v.s);
            break;
        }
    }
}

/* The value as a table shows it: "-" when not valid. With @raw, an epoch
 * stays a number (the listing puts the local time in its note). */
static char *text(const struct field *f, const void *s, uint64_t valid, int raw)
{
    char buf[64];
    union value v;

    if (!is_valid(f, s, valid)) {
        return out_strdup("-");
    }
    v = get(f, s);
    switch (f->kind) {
    case FK_COUNT:
    case FK_BYTES:
    case FK_USEC:
        return out_asprintf("%" PRIu64, v.u);
    case FK_SECONDS:
    case FK_DOUBLE2:
        return out_asprintf("%.2f", v.d);
    case FK_PERCENT:
    case FK_MHZ:
        return out_asprintf("%.1f", v.d);
    case FK_EPOCH:
        if (raw) {
            return out_asprintf("%.2f", v.d);
        }
        out_localtime(v.d, buf, sizeof(buf));
        return out_strdup(buf);
    case FK_INT32:
    case FK_PID:
    case FK_INT64:
        return out_asprintf("%" PRId64, v.i);
    case FK_STRING:
        return out_sanitize(v.s);
    }
    return out_strdup("-");
}

/* A readable gloss for the listing's third column, or "". */
static char *note(const struct field *f, const void *s, uint64_t valid)
{
    char buf[64];
    union value v;

    if (!is_valid(f, s, valid)) {
        return out_strdup("");
    }
    v = get(f, s);
    switch (f->kind) {
    case FK_BYTES:
        out_bytes(v.u, buf, sizeof(buf));
        return out_strdup(buf);
    case FK_EPOCH:
        out_localtime(v.d, buf, sizeof(buf));
        return out_strdup(buf);
    default:
        return out_strdup("");
    }
}

void fields_listing(const struct fieldset *fs, const void *s, uint64_t valid)
{
    struct table t;
    size_t i;

    table_init(&t, 3, 1u | 4u);
    for (i = 0; i < fs->n; i++) {
        const struct field *f = &fs->fields[i];
        char *cell;

        table_add(&t, f->name);
        cell = text(f, s, valid, 1);
        table_add(&t, cell);
        free(cell);
        cell = note(f, s, valid);
        table_add(&t, cell);
        free(cell);
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

void fields_header(struct table *t, const struct fieldset *fs)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        table_add(t, fs->fields[i].name);
    }
}

void fields_row(struct table *t,
                const struct fieldset *fs,
                const void *s,
                uint64_t valid)
{
    size_t i;

    for (i = 0; i < fs->n; i++) {
        char *cell = text(&fs->fields[i], s, valid, 0);

        table_add(t, cell);
        free(cell);
    }
}

char **fields_pairs(const struct fieldset *fs, const void *s, uint64_t valid)
{
    char **pairs = out_malloc(fs->n * sizeof(*pairs));
    char buf[64];
    size_t i;

    for (i = 0; i < fs->n; i++) {
        const struct field *f = &fs->fields[i];
        char *value;

        if (f->kind == FK_BYTES && is_valid(f, s, valid)) {
            out_bytes(get(f, s).u, buf, sizeof(buf));
            value = out_strdup(buf);
        } else {
            value = text(f, s, valid, 0);
        }
        pairs[i] = out_asprintf("%s=%s", f->name, value);
        free(value);
    }
    return pairs;
}

uint32_t fields_left(const struct fieldset *fs)
{
    uint32_t left = 0;
    size_t i;

    for (i = 0; i < fs->n && i < 32; i++) {
        if (fs->fields[i].kind == FK_STRING || fs->fields[i].kind == FK_EPOCH) {
            left |= (uint32_t)1 << i;
        }
    }
    return left;
}

void fields_print(int json,
                  const struct fieldset *fs,
                  const void *s,
                  uint64_t valid)
{
    if (json) {
        struct json j;

        json_init(&j, stdout);
        fields_json(&j, fs, s, valid);
        json_finish(&j);
    } else {
        fields_listing(fs, s, valid);
    }
}

/* The valid member of a snapshot struct, which follows its size. */
static uint64_t valid_of(const void *s)
{
    uint64_t valid;

    memcpy(&valid, (const char *)s + offsetof(struct ostat_cpu_times, valid),
           sizeof(valid));
    return valid;
}

void fields_print_list(int json,
                       const struct fieldset *fs,
                       const void *e,
                       size_t n,
                       size_t size,
                       const char *empty)
{
    const char *p = e;
    struct table t;
    struct json j;
    size_t i;

    if (json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            fields_json(&j, fs, p + i * size, valid_of(p + i * size));
        }
        json_end_array(&j);
        json_finish(&j);
    } else if (n == 0 && empty != NULL) {
        puts(empty);
    } else {
        table_init(&t, fs->n, fields_left(fs));
        fields_header(&t, fs);
        for (i = 0; i < n; i++) {
            fields_row(&t, fs, p + i * size, valid_of(p + i * size));
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
}

void fields_print_named(int json,
                        const struct fieldset *fs,
                        const struct fieldset *row,
                        const void *e,
                        size_t n,
                        size_t size,
                        const char *empty)
{
    const char *p = e;
    struct table t;
    struct json j;
    size_t i;

    if (json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        for (i = 0; i < n; i++) {
            json_key_string(&j, get(&row->fields[0], p + i * size).s);
            fields_json(&j, fs, p + i * size, valid_of(p + i * size));
        }
        json_end_object(&j);
        json_finish(&j);
    } else if (n == 0) {
        puts(empty);
    } else {
        table_init(&t, row->n, fields_left(row));
        fields_header(&t, row);
        for (i = 0; i < n; i++) {
            fields_row(&t, row, p + i * size, valid_of(p + i * size));
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
}

void *fields_copy_list(const ostat_list *l,
                       fields_get_fn copy,
                       const void *init,
                       size_t size,
                       size_t *n,
                       int *rc)
{
    char *e;
    size_t i;

    *n = ostat_list_count(l);
    e = out_malloc(*n * size);
    for (i = 0; i < *n; i++) {
        memcpy(e + i * size, init, size);
        if ((*rc = copy(l, i, e + i * size)) != 0) {
            free(e);
            *n = 0;
            return NULL;
        }
    }
    *rc = 0;
    return e;
}
