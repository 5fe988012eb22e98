/* SPDX-License-Identifier: MIT */
/* ostat.c: the collectd plugin "ostat" (ostat.so), for collectd 5.12's
 * value_list_t API. It reads <Plugin ostat>, walks the shared metric
 * catalog (plugins/common) every interval and dispatches each record under
 * the identifiers and stock types.db types of collectd's own cpu, memory,
 * swap, load, interface, disk, df, uptime, users, sensors and processes
 * plugins; what has no stock type uses ostat.types.db. This file is the only
 * one that sees collectd's headers, whose config.h defines PACKAGE_* and HAVE_*
 * macros of its own. */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/configfile.h"
#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include <math.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog.h"

#define PLUGIN_NAME "ostat"

/* A per-process switch not given in a group's block: the global value. */
#define UNSET (-1)

/* The per-process switches (struct cd_switches) and their families. */
enum cd_switch {
    SW_CPU_PERCENT,
    SW_IO,
    SW_FILE_DESCRIPTOR,
    SW_CONTEXT_SWITCH,
    SW_MEMORY_MAPS,
    SW_MEMORY_FOOTPRINT,
    SW_MEMORY_DETAILS,
    SW_CGROUP,
    SW_COUNT
};

static const struct {
    const char *option;
    uint64_t families;
} switches[SW_COUNT] = {
    [SW_CPU_PERCENT] = { "CollectCPUPercent",
                         OC_FAM_BIT(OC_FAM_PROC_CPU_PERCENT) },
    [SW_IO] = { "CollectIO", OC_FAM_BIT(OC_FAM_PROC_IO_OPS) |
                                 OC_FAM_BIT(OC_FAM_PROC_IO_BYTES) },
    [SW_FILE_DESCRIPTOR] = { "CollectFileDescriptor",
                             OC_FAM_BIT(OC_FAM_PROC_NUM_FDS) },
    [SW_CONTEXT_SWITCH] = { "CollectContextSwitch",
                            OC_FAM_BIT(OC_FAM_PROC_CTX_SWITCHES) },
    [SW_MEMORY_MAPS] = { "CollectMemoryMaps",
                         OC_FAM_BIT(OC_FAM_PROC_MEMORY_MAPS) },
    [SW_MEMORY_FOOTPRINT] = { "CollectMemoryFootprint",
                              OC_FAM_BIT(OC_FAM_PROC_MEMORY_FOOTPRINT) },
    [SW_MEMORY_DETAILS] = { "CollectMemoryDetails",
                            OC_FAM_BIT(OC_FAM_PROC_MEMORY_INFO_EX) },
    [SW_CGROUP] = { "CollectCgroup",
                    OC_FAM_BIT(OC_FAM_PROC_CGROUP_MEMORY) |
                        OC_FAM_BIT(OC_FAM_PROC_CGROUP_CPU) |
                        OC_FAM_BIT(OC_FAM_PROC_CGROUP_CPU_PERIODS) |
                        OC_FAM_BIT(OC_FAM_PROC_CGROUP_PIDS) },
};

/* The metric groups that can be turned on and off, and their families. */
enum cd_group {
    GR_CPU,
    GR_MEMORY,
    GR_SWAP,
    GR_LOAD,
    GR_PRESSURE,
    GR_UPTIME,
    GR_USERS,
    GR_PROCESS_STATES,
    GR_SENSORS,
    GR_BATTERY,
    GR_INTERFACE,
    GR_DISK,
    GR_DF,
    GR_COUNT
};

static const char *const group_options[GR_COUNT] = {
    [GR_CPU] = "CollectCPU",
    [GR_MEMORY] = "CollectMemory",
    [GR_SWAP] = "CollectSwap",
    [GR_LOAD] = "CollectLoad",
    [GR_PRESSURE] = "CollectPressure",
    [GR_UPTIME] = "CollectUptime",
    [GR_USERS] = "CollectUsers",
    [GR_PROCESS_STATES] = "CollectProcessStates",
    [GR_SENSORS] = "CollectSensors",
    [GR_BATTERY] = "CollectBattery",
    [GR_INTERFACE] = "CollectInterface",
    [GR_DISK] = "CollectDisk",
    [GR_DF] = "CollectDf",
};

struct cd_group_def {
    int kind;
    char *name;
    char *pattern;
    int sw[SW_COUNT];
};

/* What a disk's records of one read are: one per family of its I/O. */
enum cd_disk_kind { DK_OPS, DK_BYTES, DK_TIME, DK_IN_FLIGHT, DK_KINDS };

/* A disk (or the total, ""): the records of this read, dispatched once the
 * read has them all (put_disks), and what disk_time adds up across reads. */
struct cd_disk {
    char *name;
    int seen; /* in this read */
    uint64_t valid[DK_KINDS];
    union oc_value v[DK_KINDS][OC_FIELDS_MAX];
    /* read_count, write_count, read_time, write_time across reads */
    struct ostat_counter c[4];
    cdtime_t last;    /* the read the counters were last given */
    double time_r[2]; /* disk_time: read, write */
};

static struct {
    int configured; /* a <Plugin ostat> block was read */
    int config_bad; /* it had errors: init fails */
    struct oc_sampler *s;
    char host[DATA_MAX_NAME_LEN];
    char *procfs_root, *sysfs_root, *host_prefix;
    int groups_on[GR_COUNT];
    int sw[SW_COUNT];
    int include_children;
    /* the stock plugins' options */
    int report_by_cpu;         /* cpu */
    int values_percentage;     /* cpu, memory, swap */
    int values_absolute;       /* memory, swap */
    int report_guest_state;    /* cpu */
    int subtract_guest_state;  /* cpu */
    int report_bytes;          /* swap */
    int report_relative;       /* load */
    int report_memory_details; /* memory: more than the stock four */
    int report_inactive;       /* interface */
    int report_per_disk;       /* disk: each disk, or their total */
    int ignore_selected_df;    /* df: IgnoreSelected of its three lists */
    struct cd_group_def *defs;
    size_t ndefs;
    /* the include and exclude lists, handed to the sampler at init */
    struct oc_filter filters[OC_FILTER_COUNT];
    /* found at init */
    double clk_tck, page_size, ncpus;
    int have_types_db; /* ostat.types.db is loaded */
    /* this read */
    cdtime_t now;
    uint64_t *seen; /* hashes of the identifiers dispatched this read */
    size_t seen_cap, seen_n;
    int warned_twice;
    /* the disks of the last reads (put_disks) */
    struct cd_disk *disks;
    size_t ndisks, disks_cap, disk_hint;
} cd = {
    .groups_on = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
    .include_children = 1,
    .report_by_cpu = 1,
    .values_absolute = 1,
    .subtract_guest_state = 1,
    .report_inactive = 1,
    .report_per_disk = 1,
};

/* ---- names -------------------------------------------------------------- */

/* Copy @p src into a collectd name field: valid UTF-8 (each invalid byte
 * sequence becomes U+FFFD), control characters and "/" (collectd's
 * separator, which it would rewrite anyway) as "_", and cut at a character
 * boundary to fit DATA_MAX_NAME_LEN. */
static void set_name(char *dst, const char *src)
{
    char buf[4 * DATA_MAX_NAME_LEN];
    size_t len = sizeof(buf), i, cut;

    if (ostat_utf8_repair(src, strlen(src), buf, &len) != 0) {
        /* Too long even to repair: repair what fits. */
        len = sizeof(buf);
        ostat_utf8_repair(src, DATA_MAX_NAME_LEN, buf, &len);
    }
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)buf[i];

        if (c < 0x20 || c == 0x7f || c == '/') {
            buf[i] = '_';
        }
    }
    cut = len < DATA_MAX_NAME_LEN - 1 ? len : DATA_MAX_NAME_LEN - 1;
    while (cut > 0 && cut < len && ((unsigned char)buf[cut] & 0xC0) == 0x80) {
        cut--; /* not in the middle of a character */
    }
    memcpy(dst, buf, cut);
    dst[cut] = '\0';
}

/* ---- dispatch ----------------------------------------------------------- */

static uint64_t fnv_str(uint64_t h, const char *s)
{
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    h ^= 0xff; /* a separator no name contains */
    return h * 1099511628211ULL;
}

/* 1 if the identifier of @p vl was dispatched already in this read (it is
 * then not sent again), else 0 after remembering it. */
static int seen_before(const value_list_t *vl)
{
    uint64_t h = 14695981039346656037ULL;
    size_t i;

    h = fnv_str(h, vl->host);
    h = fnv_str(h, vl->plugin);
    h = fnv_str(h, vl->plugin_instance);
    h = fnv_str(h, vl->type);
    h = fnv_str(h, vl->type_instance);
    if (h == 0) {
        h = 1; /* 0 marks an empty slot */
    }
    if (cd.seen_n * 2 >= cd.seen_cap) {
        size_t cap = cd.seen_cap ? cd.seen_cap * 2 : 512;
        uint64_t *t = calloc(cap, sizeof(*t));

        if (t == NULL) {
            return 0;
        }
        for (i = 0; i < cd.seen_cap; i++) {
            if (cd.seen[i] != 0) {
                size_t j = (size_t)(cd.seen[i] % cap);

                while (t[j] != 0) {
                    j = (j + 1) % cap;
                }
                t[j] = cd.seen[i];
            }
        }
        free(cd.seen);
        cd.seen = t;
        cd.seen_cap = cap;
    }
    for (i = (size_t)(h % cd.seen_cap); cd.seen[i] != 0;
         i = (i + 1) % cd.seen_cap) {
        if (cd.seen[i] == h) {
            return 1;
        }
    }
    cd.seen[i] = h;
    cd.seen_n++;
    return 0;
}

/* The types of ostat.types.db. */
static const char *const own_types[] = {
    "psi",       "psi_stall",     "ps_uss",     "ps_pss",         "ps_swap",
    "ps_shared", "cgroup_memory", "cgroup_cpu", "cgroup_periods", "cgroup_pids",
};

static int own_type(const char *type)
{
    size_t i;

    for (i = 0; i < sizeof(own_types) / sizeof(own_types[0]); i++) {
        if (strcmp(type, own_types[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void submit(const char *plugin,
                   const char *pinst,
                   const char *type,
                   const char *tinst,
                   value_t *values,
                   size_t n)
{
    value_list_t vl = VALUE_LIST_INIT;

    if (!cd.have_types_db && own_type(type)) {
        return; /* said once at init; collectd would refuse each one */
    }

    vl.values = values;
    vl.values_len = n;
    vl.time = cd.now;
    if (cd.host[0] != '\0') {
        sstrncpy(vl.host, cd.host, sizeof(vl.host));
    }
    sstrncpy(vl.plugin, plugin, sizeof(vl.plugin));
    set_name(vl.plugin_instance, pinst != NULL ? pinst : "");
    sstrncpy(vl.type, type, sizeof(vl.type));
    set_name(vl.type_instance, tinst != NULL ? tinst : "");
    if (seen_before(&vl)) {
        if (!cd.warned_twice) {
            WARNING(PLUGIN_NAME " plugin: %s-%s/%s-%s comes twice in one "
                                "read: only the first is sent",
                    vl.plugin, vl.plugin_instance, vl.type, vl.type_instance);
            cd.warned_twice = 1;
        }
        return;
    }
    plugin_dispatch_values(&vl);
}

static void submit_gauge(const char *plugin,
                         const char *pinst,
                         const char *type,
                         const char *tinst,
                         double v)
{
    value_t val = { .gauge = v };

    submit(plugin, pinst, type, tinst, &val, 1);
}

static void submit_derive(const char *plugin,
                          const char *pinst,
                          const char *type,
                          const char *tinst,
                          int64_t v)
{
    value_t val = { .derive = v };

    submit(plugin, pinst, type, tinst, &val, 1);
}

static int has(const struct oc_record *r, int i)
{
    return i >= 0 && ((r->valid >> i) & 1);
}

static double as_double(const struct oc_record *r, int i)
{
    return r->family->fields[i].type == OC_F64 ? r->v[i].f : (double)r->v[i].u;
}

/* Fields @p f0 and @p f1 of a record as one value list of two counters
 * (rx and tx, read and write): both or nothing. */
static void submit_pair(const char *plugin,
                        const char *pinst,
                        const char *type,
                        const struct oc_record *r,
                        const char *f0,
                        const char *f1)
{
    int a = oc_field_index(r->family, f0), b = oc_field_index(r->family, f1);
    value_t v[2];

    if (has(r, a) && has(r, b)) {
        v[0].derive = (derive_t)r->v[a].u;
        v[1].derive = (derive_t)r->v[b].u;
        submit(plugin, pinst, type, NULL, v, 2);
    }
}

/* ---- the families ------------------------------------------------------- */

/* The cpu plugin's states, in the order of the catalog's cpu fields. */
static const char *const cpu_states[] = {
    "user",      "system",  "idle",  "nice",  "wait",
    "interrupt", "softirq", "steal", "guest", "guest_nice",
};
enum { CPU_USER, CPU_SYSTEM, CPU_NICE = 3, CPU_GUEST = 8, CPU_GUEST_NICE = 9 };

static void put_cpu(const struct oc_record *r)
{
    int percent = r->family->kind == OC_GAUGE;
    const char *pinst = r->instance;
    int i;

    for (i = 0; i < 10; i++) {
        double v;

        if (!has(r, i) || (i >= CPU_GUEST && !cd.report_guest_state)) {
            continue;
        }
        v = r->v[i].f;
        if (cd.report_guest_state && cd.subtract_guest_state) {
            /* The kernel's user includes guest, and nice guest_nice. */
            if (i == CPU_USER && has(r, CPU_GUEST)) {
                v -= r->v[CPU_GUEST].f;
            } else if (i == CPU_NICE && has(r, CPU_GUEST_NICE)) {
                v -= r->v[CPU_GUEST_NICE].f;
            }
            if (v < 0) {
                v = 0;
            }
        }
        if (percent) {
            submit_gauge("cpu", pinst, "percent", cpu_states[i], v);
        } else {
            /* Seconds back to the kernel's jiffies, as the cpu plugin. */
            submit_derive("cpu", pinst, "cpu", cpu_states[i],
                          (int64_t)llround(v * cd.clk_tck));
        }
    }
}

static void put_memory(const struct oc_record *r)
{
    static const struct {
        const char *field, *ti;
        int detail;
    } m[] = {
        { "used", "used", 0 },           { "free", "free", 0 },
        { "buffers", "buffered", 0 },    { "cached", "cached", 0 },
        { "available", "available", 1 }, { "active", "active", 1 },
        { "inactive", "inactive", 1 },   { "shared", "shared", 1 },
        { "slab", "slab", 1 },           { "total", "total", 1 },
    };
    int total = oc_field_index(r->family, "total");
    size_t k;

    for (k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
        int i = oc_field_index(r->family, m[k].field);

        if (!has(r, i) || (m[k].detail && !cd.report_memory_details)) {
            continue;
        }
        if (cd.values_absolute) {
            submit_gauge("memory", NULL, "memory", m[k].ti, as_double(r, i));
        }
        if (cd.values_percentage && has(r, total) && r->v[total].u > 0 &&
            strcmp(m[k].field, "total") != 0) {
            submit_gauge("memory", NULL, "percent", m[k].ti,
                         as_double(r, i) * 100.0 / as_double(r, total));
        }
    }
}

static void put_swap(const struct oc_record *r)
{
    int total = 0, used = 1, free_ = 2;

    if (cd.values_absolute) {
        if (has(r, used)) {
            submit_gauge("swap", NULL, "swap", "used", as_double(r, used));
        }
        if (has(r, free_)) {
            submit_gauge("swap", NULL, "swap", "free", as_double(r, free_));
        }
    }
    if (cd.values_percentage && has(r, total) && r->v[total].u > 0) {
        if (has(r, used)) {
            submit_gauge("swap", NULL, "percent", "used",
                         as_double(r, used) * 100.0 / as_double(r, total));
        }
        if (has(r, free_)) {
            submit_gauge("swap", NULL, "percent", "free",
                         as_double(r, free_) * 100.0 / as_double(r, total));
        }
    }
}

static void put_swap_io(const struct oc_record *r)
{
    /* Pages, as the swap plugin sends by default; bytes with ReportBytes. */
    double unit = cd.report_bytes ? 1.0 : cd.page_size;

    if (has(r, 0)) {
        submit_derive("swap", NULL, "swap_io", "in",
                      (int64_t)(r->v[0].u / (uint64_t)unit));
    }
    if (has(r, 1)) {
        submit_derive("swap", NULL, "swap_io", "out",
                      (int64_t)(r->v[1].u / (uint64_t)unit));
    }
}

static void put_load(const struct oc_record *r)
{
    value_t v[3];
    double div = cd.report_relative ? cd.ncpus : 1.0;
    int i;

    /* One list with three data sources: all three or nothing. */
    for (i = 0; i < 3; i++) {
        if (!has(r, i) || div <= 0) {
            return;
        }
        v[i].gauge = r->v[i].f / div;
    }
    /* load/load, or load/load-relative as the load plugin's ReportRelative */
    submit("load", NULL, "load", cd.report_relative ? "relative" : NULL, v, 3);
}

static void put_pressure(const struct oc_record *r)
{
    static const char *const kinds[] = { "some", "full" };
    int k, i;

    for (k = 0; k < 2; k++) {
        value_t v[3];
        int ok = 1;

        for (i = 0; i < 3; i++) {
            ok = ok && has(r, k * 3 + i);
            v[i].gauge = r->v[k * 3 + i].f;
        }
        if (ok) {
            submit("pressure", r->instance, "psi", kinds[k], v, 3);
        }
    }
}

static void put_pressure_stall(const struct oc_record *r)
{
    if (has(r, 0)) {
        submit_derive("pressure", r->instance, "psi_stall", "some",
                      (int64_t)r->v[0].u);
    }
    if (has(r, 1)) {
        submit_derive("pressure", r->instance, "psi_stall", "full",
                      (int64_t)r->v[1].u);
    }
}

static void put_states(const struct oc_record *r)
{
    /* collectd's processes plugin takes "running" from the kernel's count
     * of runnable threads and the others from each process's state. */
    int running =
        has(r, OC_ST_PROCS_RUNNING) ? OC_ST_PROCS_RUNNING : OC_ST_RUNNING;

    if (has(r, running)) {
        submit_gauge("processes", NULL, "ps_state", "running",
                     as_double(r, running));
    }
    if (has(r, OC_ST_SLEEPING)) {
        submit_gauge("processes", NULL, "ps_state", "sleeping",
                     as_double(r, OC_ST_SLEEPING));
    }
    if (has(r, OC_ST_ZOMBIE)) {
        submit_gauge("processes", NULL, "ps_state", "zombies",
                     as_double(r, OC_ST_ZOMBIE));
    }
    if (has(r, OC_ST_STOPPED) && has(r, OC_ST_TRACING_STOP)) {
        submit_gauge("processes", NULL, "ps_state", "stopped",
                     as_double(r, OC_ST_STOPPED) +
                         as_double(r, OC_ST_TRACING_STOP));
    }
    if (has(r, OC_ST_WAKING)) {
        submit_gauge("processes", NULL, "ps_state", "paging",
                     as_double(r, OC_ST_WAKING));
    }
    if (has(r, OC_ST_DISK_SLEEP)) {
        submit_gauge("processes", NULL, "ps_state", "blocked",
                     as_double(r, OC_ST_DISK_SLEEP));
    }
    if (has(r, OC_ST_IDLE)) {
        submit_gauge("processes", NULL, "ps_state", "idle",
                     as_double(r, OC_ST_IDLE));
    }
}

static void put_cpu_stats(const struct oc_record *r)
{
    int forks = oc_field_index(r->family, "forks");

    if (has(r, forks)) {
        submit_derive("processes", NULL, "fork_rate", NULL,
                      (int64_t)r->v[forks].u);
    }
}

static void put_group(const struct oc_record *r)
{
    char pinst[DATA_MAX_NAME_LEN];
    value_t v[2];
    size_t i;

    /* "processes-<name>", as the processes plugin; set_name() makes the
     * name safe when submit() copies it. */
    snprintf(pinst, sizeof(pinst), "%s", r->instance);
    switch (r->family->id) {
    case OC_FAM_PROC_COUNT:
        if (has(r, 0) && has(r, 1)) {
            v[0].gauge = (double)r->v[0].u;
            v[1].gauge = (double)r->v[1].u;
            submit("processes", pinst, "ps_count", NULL, v, 2);
        }
        break;
    case OC_FAM_PROC_CPU_TIMES:
        if (has(r, 0) && has(r, 1)) {
            /* microseconds, as the processes plugin */
            v[0].derive = (derive_t)llround(r->v[0].f * 1e6);
            v[1].derive = (derive_t)llround(r->v[1].f * 1e6);
            submit("processes", pinst, "ps_cputime", NULL, v, 2);
        }
        break;
    case OC_FAM_PROC_CPU_PERCENT:
        if (has(r, 0)) {
            submit_gauge("processes", pinst, "percent", "cpu", r->v[0].f);
        }
        break;
    case OC_FAM_PROC_MEMORY_INFO:
        if (has(r, 0)) {
            submit_gauge("processes", pinst, "ps_rss", NULL, as_double(r, 0));
        }
        if (has(r, 1)) {
            submit_gauge("processes", pinst, "ps_vm", NULL, as_double(r, 1));
        }
        break;
    case OC_FAM_PROC_MEMORY_INFO_EX: {
        static const char *const types[] = { "ps_shared", "ps_code", "ps_data",
                                             "ps_swap" };

        for (i = 0; i < 4; i++) {
            if (has(r, (int)i)) {
                submit_gauge("processes", pinst, types[i], NULL,
                             as_double(r, (int)i));
            }
        }
        break;
    }
    case OC_FAM_PROC_MEMORY_FOOTPRINT:
        /* Its swap is VmSwap again: CollectMemoryDetails sends that. */
        if (has(r, 0)) {
            submit_gauge("processes", pinst, "ps_uss", NULL, as_double(r, 0));
        }
        if (has(r, 1)) {
            submit_gauge("processes", pinst, "ps_pss", NULL, as_double(r, 1));
        }
        break;
    case OC_FAM_PROC_PAGE_FAULTS:
        submit_pair("processes", pinst, "ps_pagefaults", r, "minor", "major");
        break;
    case OC_FAM_PROC_IO_OPS:
        submit_pair("processes", pinst, "io_ops", r, "read_count",
                    "write_count");
        break;
    case OC_FAM_PROC_IO_BYTES:
        submit_pair("processes", pinst, "io_octets", r, "read_chars",
                    "write_chars");
        submit_pair("processes", pinst, "disk_octets", r, "read_bytes",
                    "write_bytes");
        break;
    case OC_FAM_PROC_NUM_FDS:
        if (has(r, 0)) {
            submit_gauge("processes", pinst, "file_handles", NULL,
                         as_double(r, 0));
        }
        break;
    case OC_FAM_PROC_CTX_SWITCHES:
        if (has(r, 0)) {
            submit_derive("processes", pinst, "contextswitch", "voluntary",
                          (int64_t)r->v[0].u);
        }
        if (has(r, 1)) {
            submit_derive("processes", pinst, "contextswitch", "involuntary",
                          (int64_t)r->v[1].u);
        }
        break;
    case OC_FAM_PROC_MEMORY_MAPS:
        if (has(r, 0)) {
            submit_gauge("processes", pinst, "file_handles", "mapped",
                         as_double(r, 0));
        }
        break;
    case OC_FAM_PROC_CGROUP_MEMORY:
    case OC_FAM_PROC_CGROUP_PIDS: {
        const char *type = r->family->id == OC_FAM_PROC_CGROUP_PIDS
                               ? "cgroup_pids"
                               : "cgroup_memory";

        for (i = 0; i < r->family->nfields; i++) {
            const char *ti = r->family->fields[i].name;

            /* A limit of "max" has no number to send. */
            if (!has(r, (int)i) || r->v[i].u == OSTAT_CGROUP_UNLIMITED) {
                continue;
            }
            if (strncmp(ti, "memory_", 7) == 0) {
                ti += 7;
            } else if (strncmp(ti, "pids_", 5) == 0) {
                ti += 5;
            } else if (strcmp(ti, "swap_current") == 0) {
                ti = "swap";
            }
            submit_gauge("processes", pinst, type, ti, as_double(r, (int)i));
        }
        break;
    }
    case OC_FAM_PROC_CGROUP_CPU:
    case OC_FAM_PROC_CGROUP_CPU_PERIODS:
        for (i = 0; i < r->family->nfields; i++) {
            const char *ti = r->family->fields[i].name;

            if (!has(r, (int)i)) {
                continue;
            }
            if (strncmp(ti, "cpu_nr_", 7) == 0) {
                ti += 7;
            } else if (strncmp(ti, "cpu_", 4) == 0) {
                ti += 4;
            }
            submit_derive("processes", pinst,
                          r->family->id == OC_FAM_PROC_CGROUP_CPU
                              ? "cgroup_cpu"
                              : "cgroup_periods",
                          ti, (int64_t)r->v[i].u);
        }
        break;
    default:
        break;
    }
}

/* ---- interfaces, file systems and disks -------------------------------- */

/* ReportInactive false: as the interface plugin, an interface that has
 * neither received nor sent anything is left out. */
static int inactive(const struct oc_record *r, const char *f0, const char *f1)
{
    int a = oc_field_index(r->family, f0), b = oc_field_index(r->family, f1);

    return !cd.report_inactive && has(r, a) && has(r, b) && r->v[a].u == 0 &&
           r->v[b].u == 0;
}

static void put_interface(const struct oc_record *r)
{
    if (r->family->id == OC_FAM_NET_IO_BYTES_PERNIC) {
        if (!inactive(r, "bytes_recv", "bytes_sent")) {
            submit_pair("interface", r->instance, "if_octets", r, "bytes_recv",
                        "bytes_sent");
        }
    } else if (!inactive(r, "packets_recv", "packets_sent")) {
        submit_pair("interface", r->instance, "if_packets", r, "packets_recv",
                    "packets_sent");
        submit_pair("interface", r->instance, "if_errors", r, "errin",
                    "errout");
        submit_pair("interface", r->instance, "if_dropped", r, "dropin",
                    "dropout");
    }
}

/* The df plugin's name of a mount point: "root" for "/", else the path
 * without its first "/" and with the others as "-". */
static void df_name(const char *mountpoint, char *out, size_t outlen)
{
    size_t i;

    if (strcmp(mountpoint, "/") == 0) {
        snprintf(out, outlen, "root");
        return;
    }
    if (mountpoint[0] == '/') {
        mountpoint++;
    }
    snprintf(out, outlen, "%s", mountpoint);
    for (i = 0; out[i] != '\0'; i++) {
        if (out[i] == '/') {
            out[i] = '-';
        }
    }
}

static void put_df(const struct oc_record *r)
{
    static const char *const tis[] = { "free", "reserved", "used" };
    /* the record's fields: total, used, free */
    char name[4 * DATA_MAX_NAME_LEN];
    double v[3], total = as_double(r, 0);
    int ok[3], i;

    df_name(r->instance, name, sizeof(name));
    ok[0] = has(r, 2);
    ok[2] = has(r, 1);
    ok[1] = has(r, 0) && ok[0] && ok[2];
    v[0] = as_double(r, 2);
    v[2] = as_double(r, 1);
    /* what root alone may use: total - used - free, as the df plugin */
    v[1] = ok[1] && total > v[0] + v[2] ? total - v[0] - v[2] : 0;
    for (i = 0; i < 3; i++) {
        if (!ok[i]) {
            continue;
        }
        if (cd.values_absolute) {
            submit_gauge("df", name, "df_complex", tis[i], v[i]);
        }
        if (cd.values_percentage && has(r, 0) && total > 0) {
            submit_gauge("df", name, "percent_bytes", tis[i],
                         v[i] * 100.0 / total);
        }
    }
}

/* The disk of @p name in the table, added if new; NULL out of memory. The
 * records of one disk come together, so the search starts where the last
 * one ended. */
static struct cd_disk *disk_of(const char *name)
{
    struct cd_disk *d;
    size_t i, k;

    for (k = 0; k < cd.ndisks; k++) {
        i = (cd.disk_hint + k) % cd.ndisks;
        if (strcmp(cd.disks[i].name, name) == 0) {
            cd.disk_hint = i;
            return &cd.disks[i];
        }
    }
    if (cd.ndisks == cd.disks_cap) {
        size_t cap = cd.disks_cap ? cd.disks_cap * 2 : 16;
        struct cd_disk *p = realloc(cd.disks, cap * sizeof(*p));

        if (p == NULL) {
            return NULL;
        }
        cd.disks = p;
        cd.disks_cap = cap;
    }
    d = &cd.disks[cd.ndisks];
    memset(d, 0, sizeof(*d));
    if ((d->name = strdup(name)) == NULL) {
        return NULL;
    }
    for (k = 0; k < 4; k++) {
        struct ostat_counter c = OSTAT_COUNTER_INIT;

        d->c[k] = c;
    }
    cd.disk_hint = cd.ndisks++;
    return d;
}

/* A disk's record is kept until the read has them all: disk_time needs
 * the counts of one family and the times of another. */
static void keep_disk(const struct oc_record *r)
{
    int kind;
    struct cd_disk *d;

    switch (r->family->id) {
    case OC_FAM_DISK_IO_OPS:
    case OC_FAM_DISK_IO_OPS_PERDISK:
        kind = DK_OPS;
        break;
    case OC_FAM_DISK_IO_BYTES:
    case OC_FAM_DISK_IO_BYTES_PERDISK:
        kind = DK_BYTES;
        break;
    case OC_FAM_DISK_IO_TIME:
    case OC_FAM_DISK_IO_TIME_PERDISK:
        kind = DK_TIME;
        break;
    default:
        kind = DK_IN_FLIGHT;
        break;
    }
    if ((d = disk_of(r->instance)) == NULL) {
        return; /* out of memory: this read goes without it */
    }
    d->seen = 1;
    d->valid[kind] = r->valid;
    memcpy(d->v[kind], r->v, sizeof(d->v[kind]));
}

/* Field @p name of a disk's record of @p kind, if it was given. */
static int
disk_get(const struct cd_disk *d, int kind, const char *name, uint64_t *out)
{
    static const int fam[DK_KINDS] = {
        OC_FAM_DISK_IO_OPS,
        OC_FAM_DISK_IO_BYTES,
        OC_FAM_DISK_IO_TIME,
        OC_FAM_DISK_IO_IN_FLIGHT,
    };
    int i = oc_field_index(&oc_catalog[fam[kind]], name);

    if (i < 0 || !((d->valid[kind] >> i) & 1)) {
        return 0;
    }
    *out = d->v[kind][i].u;
    return 1;
}

static void disk_pair(const struct cd_disk *d,
                      int kind,
                      const char *f0,
                      const char *f1,
                      const char *type)
{
    uint64_t a, b;
    value_t v[2];

    if (disk_get(d, kind, f0, &a) && disk_get(d, kind, f1, &b)) {
        v[0].derive = (derive_t)a;
        v[1].derive = (derive_t)b;
        submit("disk", d->name, type, NULL, v, 2);
    }
}

/* disk_time as the disk plugin means it: a counter that grows by the
 * average milliseconds an operation took since the read before, times the
 * seconds since then, so that its rate is that average. The counts and
 * times go through the shared tracker, which knows a wrap from a reset. */
static void disk_time(struct cd_disk *d)
{
    uint64_t raw[4];
    value_t v[2];
    int k, deltas = 1;

    if (!disk_get(d, DK_OPS, "read_count", &raw[0]) ||
        !disk_get(d, DK_OPS, "write_count", &raw[1]) ||
        !disk_get(d, DK_TIME, "read_time", &raw[2]) ||
        !disk_get(d, DK_TIME, "write_time", &raw[3])) {
        return;
    }
    for (k = 0; k < 4; k++) {
        ostat_counter_update(&d->c[k], raw[k], 0, 0);
        deltas = deltas && (d->c[k].valid & OSTAT_COUNTER_DELTA);
    }
    if (deltas && d->last != 0 && cd.now > d->last) {
        double dt = CDTIME_T_TO_DOUBLE(cd.now - d->last);

        for (k = 0; k < 2; k++) {
            if (d->c[k].delta > 0) {
                d->time_r[k] +=
                    dt * (double)d->c[k + 2].delta / (double)d->c[k].delta;
            }
        }
    }
    d->last = cd.now;
    v[0].derive = (derive_t)llround(d->time_r[0]);
    v[1].derive = (derive_t)llround(d->time_r[1]);
    submit("disk", d->name, "disk_time", NULL, v, 2);
}

/* Dispatch the disks of this read, in the disk plugin's order, and forget
 * those it did not list. As that plugin, a disk that has never read nor
 * written (an unused loop device) is left out. */
static void put_disks(void)
{
    size_t i, j = 0;

    for (i = 0; i < cd.ndisks; i++) {
        struct cd_disk *d = &cd.disks[i];
        uint64_t rc, wc, n;

        if (!d->seen) {
            free(d->name);
            continue;
        }
        if (!disk_get(d, DK_OPS, "read_count", &rc) ||
            !disk_get(d, DK_OPS, "write_count", &wc) || rc != 0 || wc != 0) {
            disk_pair(d, DK_BYTES, "read_bytes", "write_bytes", "disk_octets");
            disk_pair(d, DK_OPS, "read_count", "write_count", "disk_ops");
            disk_time(d);
            disk_pair(d, DK_OPS, "read_merged_count", "write_merged_count",
                      "disk_merged");
            if (disk_get(d, DK_IN_FLIGHT, "in_flight", &n)) {
                submit_gauge("disk", d->name, "pending_operations", NULL,
                             (double)n);
            }
            disk_pair(d, DK_TIME, "busy_time", "weighted_time", "disk_io_time");
        }
        d->seen = 0;
        memset(d->valid, 0, sizeof(d->valid));
        if (j != i) {
            cd.disks[j] = *d;
        }
        j++;
    }
    cd.ndisks = j;
    cd.disk_hint = 0;
}

static void disks_free(void)
{
    size_t i;

    for (i = 0; i < cd.ndisks; i++) {
        free(cd.disks[i].name);
    }
    free(cd.disks);
    cd.disks = NULL;
    cd.ndisks = cd.disks_cap = cd.disk_hint = 0;
}

static int put(void *payload, const struct oc_record *r)
{
    (void)payload;
    switch (r->family->id) {
    case OC_FAM_CPU_TIMES:
    case OC_FAM_CPU_TIMES_PERCPU:
    case OC_FAM_CPU_TIMES_PERCENT:
    case OC_FAM_CPU_TIMES_PERCENT_PERCPU:
        put_cpu(r);
        break;
    case OC_FAM_CPU_STATS:
        put_cpu_stats(r);
        break;
    case OC_FAM_VIRTUAL_MEMORY:
        put_memory(r);
        break;
    case OC_FAM_SWAP_MEMORY:
        put_swap(r);
        break;
    case OC_FAM_SWAP_IO:
        put_swap_io(r);
        break;
    case OC_FAM_LOADAVG:
        put_load(r);
        break;
    case OC_FAM_PRESSURE:
        put_pressure(r);
        break;
    case OC_FAM_PRESSURE_STALL:
        put_pressure_stall(r);
        break;
    case OC_FAM_UPTIME:
        if (has(r, 0)) {
            submit_gauge("uptime", NULL, "uptime", NULL, r->v[0].f);
        }
        break;
    case OC_FAM_USERS:
        if (has(r, 0)) {
            submit_gauge("users", NULL, "users", NULL, as_double(r, 0));
        }
        break;
    case OC_FAM_PROCESS_STATES:
        put_states(r);
        break;
    case OC_FAM_SENSORS_TEMPERATURES:
        if (has(r, 0)) {
            submit_gauge("sensors", r->instance, "temperature", r->label,
                         r->v[0].f);
        }
        break;
    case OC_FAM_SENSORS_FANS:
        if (has(r, 0)) {
            submit_gauge("sensors", r->instance, "fanspeed", r->label,
                         as_double(r, 0));
        }
        break;
    case OC_FAM_SENSORS_BATTERY:
        if (has(r, 0)) {
            submit_gauge("battery", "0", "percent", "charged", r->v[0].f);
        }
        break;
    case OC_FAM_SENSORS_BATTERY_SECSLEFT:
        if (has(r, 0)) {
            submit_gauge("battery", "0", "timeleft", NULL, r->v[0].f);
        }
        break;
    case OC_FAM_SENSORS_BATTERY_PLUGGED:
        if (has(r, 0)) {
            submit_gauge("battery", "0", "gauge", "power_plugged",
                         as_double(r, 0));
        }
        break;
    case OC_FAM_NET_IO_BYTES_PERNIC:
    case OC_FAM_NET_IO_PACKETS_PERNIC:
        put_interface(r);
        break;
    case OC_FAM_DISK_USAGE:
        put_df(r);
        break;
    case OC_FAM_DISK_IO_OPS:
    case OC_FAM_DISK_IO_BYTES:
    case OC_FAM_DISK_IO_TIME:
    case OC_FAM_DISK_IO_IN_FLIGHT:
    case OC_FAM_DISK_IO_OPS_PERDISK:
    case OC_FAM_DISK_IO_BYTES_PERDISK:
    case OC_FAM_DISK_IO_TIME_PERDISK:
    case OC_FAM_DISK_IO_IN_FLIGHT_PERDISK:
        keep_disk(r);
        break;
    default:
        if (r->family->scope == OC_GROUP) {
            put_group(r);
        }
        break;
    }
    return 0;
}

/* ---- configuration ------------------------------------------------------ */

static int bad(const oconfig_item_t *ci, const char *why)
{
    ERROR(PLUGIN_NAME " plugin: option \"%s\": %s", ci->key, why);
    cd.config_bad = 1;
    return -1;
}

static int get_bool(const oconfig_item_t *ci, int *out)
{
    if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_BOOLEAN) {
        return bad(ci, "expects one boolean: true or false");
    }
    *out = ci->values[0].value.boolean ? 1 : 0;
    return 0;
}

static int get_string(const oconfig_item_t *ci, char **out)
{
    if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING) {
        return bad(ci, "expects one string");
    }
    free(*out);
    *out = strdup(ci->values[0].value.string);
    return *out == NULL ? bad(ci, "out of memory") : 0;
}

/* A per-process switch: its index, or -1. */
static int switch_index(const char *key)
{
    int i;

    for (i = 0; i < SW_COUNT; i++) {
        if (strcasecmp(key, switches[i].option) == 0) {
            return i;
        }
    }
    return -1;
}

/* Process "name", ProcessMatch "alias" "regex", ProcessUser "alias"
 * "user", ProcessPidFile "alias" "/path", ProcessCgroup "alias" "/path",
 * each also as a block holding per-process switches. */
static int config_group(const oconfig_item_t *ci, int kind)
{
    struct cd_group_def d, *p;
    int want = kind == OC_SEL_NAME ? 1 : 2, i, k;

    if (ci->values_num != want) {
        return bad(ci, kind == OC_SEL_NAME ? "expects one string: the name"
                                           : "expects two strings: a group "
                                             "name and what selects it");
    }
    for (i = 0; i < want; i++) {
        if (ci->values[i].type != OCONFIG_TYPE_STRING) {
            return bad(ci, "expects strings");
        }
    }
    memset(&d, 0, sizeof(d));
    d.kind = kind;
    for (k = 0; k < SW_COUNT; k++) {
        d.sw[k] = UNSET;
    }
    for (i = 0; i < ci->children_num; i++) {
        const oconfig_item_t *c = ci->children + i;

        k = switch_index(c->key);
        if (k < 0) {
            if (strcasecmp(c->key, "CollectDelayAccounting") == 0) {
                return bad(c, "delay accounting is not available in ostat");
            }
            return bad(c, "unknown option in a process group's block");
        }
        if (get_bool(c, &d.sw[k]) != 0) {
            return -1;
        }
    }
    d.name = strdup(ci->values[0].value.string);
    d.pattern = strdup(ci->values[want - 1].value.string);
    p = realloc(cd.defs, (cd.ndefs + 1) * sizeof(*p));
    if (d.name == NULL || d.pattern == NULL || p == NULL) {
        free(d.name);
        free(d.pattern);
        if (p != NULL) {
            cd.defs = p;
        }
        return bad(ci, "out of memory");
    }
    cd.defs = p;
    cd.defs[cd.ndefs++] = d;
    return 0;
}

static int config_one(const oconfig_item_t *c)
{
    static const struct {
        const char *key;
        int *flag;
    } flags[] = {
        { "ReportByCpu", &cd.report_by_cpu },
        { "ValuesPercentage", &cd.values_percentage },
        { "ValuesAbsolute", &cd.values_absolute },
        { "ReportGuestState", &cd.report_guest_state },
        { "SubtractGuestState", &cd.subtract_guest_state },
        { "ReportBytes", &cd.report_bytes },
        { "ReportRelative", &cd.report_relative },
        { "ReportMemoryDetails", &cd.report_memory_details },
        { "IncludeChildren", &cd.include_children },
        { "ReportInactive", &cd.report_inactive },
        { "ReportPerDisk", &cd.report_per_disk },
        { "IgnoreSelectedSensor",
          &cd.filters[OC_FILTER_SENSORS].ignore_selected },
        { "IgnoreSelectedInterface",
          &cd.filters[OC_FILTER_INTERFACES].ignore_selected },
        { "IgnoreSelectedDisk", &cd.filters[OC_FILTER_DISKS].ignore_selected },
        { "IgnoreSelectedDf", &cd.ignore_selected_df },
    };
    /* the include and exclude lists, and what their values are */
    static const struct {
        const char *key;
        int filter;
        const char *what;
    } lists[] = {
        { "Sensor", OC_FILTER_SENSORS,
          "expects one string: \"chip/label\" or a /regex/" },
        { "Interface", OC_FILTER_INTERFACES,
          "expects one string: an interface's name or a /regex/" },
        { "Disk", OC_FILTER_DISKS,
          "expects one string: a disk's name or a /regex/" },
        { "Device", OC_FILTER_DF_DEVICES,
          "expects one string: a device or a /regex/" },
        { "MountPoint", OC_FILTER_DF_MOUNTS,
          "expects one string: a mount point or a /regex/" },
        { "FSType", OC_FILTER_DF_FSTYPES,
          "expects one string: a filesystem type or a /regex/" },
    };
    size_t i;
    int k;

    for (i = 0; i < GR_COUNT; i++) {
        if (strcasecmp(c->key, group_options[i]) == 0) {
            return get_bool(c, &cd.groups_on[i]);
        }
    }
    for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        if (strcasecmp(c->key, flags[i].key) == 0) {
            return get_bool(c, flags[i].flag);
        }
    }
    if ((k = switch_index(c->key)) >= 0) {
        return get_bool(c, &cd.sw[k]);
    }
    if (strcasecmp(c->key, "Process") == 0) {
        return config_group(c, OC_SEL_NAME);
    }
    if (strcasecmp(c->key, "ProcessMatch") == 0) {
        return config_group(c, OC_SEL_REGEX);
    }
    if (strcasecmp(c->key, "ProcessUser") == 0) {
        return config_group(c, OC_SEL_USER);
    }
    if (strcasecmp(c->key, "ProcessPidFile") == 0) {
        return config_group(c, OC_SEL_PIDFILE);
    }
    if (strcasecmp(c->key, "ProcessCgroup") == 0) {
        return config_group(c, OC_SEL_CGROUP);
    }
    for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
        char err[256];

        if (strcasecmp(c->key, lists[i].key) != 0) {
            continue;
        }
        if (c->values_num != 1 || c->values[0].type != OCONFIG_TYPE_STRING) {
            return bad(c, lists[i].what);
        }
        if (oc_filter_add(&cd.filters[lists[i].filter],
                          c->values[0].value.string, err, sizeof(err)) != 0) {
            return bad(c, err);
        }
        return 0;
    }
    if (strcasecmp(c->key, "Host") == 0) {
        char *h = NULL;

        if (get_string(c, &h) != 0) {
            return -1;
        }
        sstrncpy(cd.host, h, sizeof(cd.host));
        free(h);
        return 0;
    }
    if (strcasecmp(c->key, "ProcfsRoot") == 0) {
        return get_string(c, &cd.procfs_root);
    }
    if (strcasecmp(c->key, "SysfsRoot") == 0) {
        return get_string(c, &cd.sysfs_root);
    }
    if (strcasecmp(c->key, "HostPrefix") == 0) {
        return get_string(c, &cd.host_prefix);
    }
    if (strcasecmp(c->key, "CollectDelayAccounting") == 0) {
        return bad(c, "delay accounting is not available in ostat");
    }
    if (strcasecmp(c->key, "ReportInodes") == 0) {
        return bad(c, "inode counts are not available in ostat");
    }
    if (strcasecmp(c->key, "ReportByDevice") == 0) {
        return bad(c, "not available in ostat: file systems are named by "
                      "their mount point");
    }
    return bad(c, "unknown option");
}

/* Errors are logged here and fail the init: a configuration callback that
 * returned non-zero would make collectd give up its whole configuration
 * and not start at all, stopping every other plugin with it. */
static int ocd_config(oconfig_item_t *ci)
{
    int i;

    if (cd.configured) {
        ERROR(PLUGIN_NAME " plugin: <Plugin ostat> is given twice");
        cd.config_bad = 1;
        return 0;
    }
    cd.configured = 1;
    for (i = 0; i < ci->children_num; i++) {
        config_one(ci->children + i);
    }
    return 0;
}

/* ---- life cycle --------------------------------------------------------- */

static void log_warning(void *payload, const char *message)
{
    (void)payload;
    WARNING(PLUGIN_NAME " plugin: %s", message);
}

static uint64_t system_families(void)
{
    uint64_t m = 0;

    if (cd.groups_on[GR_CPU]) {
        if (cd.values_percentage || !cd.report_by_cpu) {
            /* The cpu plugin reports percentages as soon as it aggregates
             * over the CPUs, or when asked to. */
            m |= cd.report_by_cpu ? OC_FAM_BIT(OC_FAM_CPU_TIMES_PERCENT_PERCPU)
                                  : OC_FAM_BIT(OC_FAM_CPU_TIMES_PERCENT);
        } else {
            m |= OC_FAM_BIT(OC_FAM_CPU_TIMES_PERCPU);
        }
    }
    if (cd.groups_on[GR_MEMORY]) {
        m |= OC_FAM_BIT(OC_FAM_VIRTUAL_MEMORY);
    }
    if (cd.groups_on[GR_SWAP]) {
        m |= OC_FAM_BIT(OC_FAM_SWAP_MEMORY) | OC_FAM_BIT(OC_FAM_SWAP_IO);
    }
    if (cd.groups_on[GR_LOAD]) {
        m |= OC_FAM_BIT(OC_FAM_LOADAVG);
    }
    if (cd.groups_on[GR_PRESSURE]) {
        m |= OC_FAM_BIT(OC_FAM_PRESSURE) | OC_FAM_BIT(OC_FAM_PRESSURE_STALL);
    }
    if (cd.groups_on[GR_UPTIME]) {
        m |= OC_FAM_BIT(OC_FAM_UPTIME);
    }
    if (cd.groups_on[GR_USERS]) {
        m |= OC_FAM_BIT(OC_FAM_USERS);
    }
    if (cd.groups_on[GR_PROCESS_STATES]) {
        m |= OC_FAM_BIT(OC_FAM_PROCESS_STATES) | OC_FAM_BIT(OC_FAM_CPU_STATS);
    }
    if (cd.groups_on[GR_SENSORS]) {
        m |= OC_FAM_BIT(OC_FAM_SENSORS_TEMPERATURES) |
             OC_FAM_BIT(OC_FAM_SENSORS_FANS);
    }
    if (cd.groups_on[GR_BATTERY]) {
        m |= OC_FAM_BIT(OC_FAM_SENSORS_BATTERY) |
             OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_SECSLEFT) |
             OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_PLUGGED);
    }
    if (cd.groups_on[GR_INTERFACE]) {
        m |= OC_FAM_BIT(OC_FAM_NET_IO_BYTES_PERNIC) |
             OC_FAM_BIT(OC_FAM_NET_IO_PACKETS_PERNIC);
    }
    if (cd.groups_on[GR_DISK] && cd.report_per_disk) {
        m |= OC_FAM_BIT(OC_FAM_DISK_IO_OPS_PERDISK) |
             OC_FAM_BIT(OC_FAM_DISK_IO_BYTES_PERDISK) |
             OC_FAM_BIT(OC_FAM_DISK_IO_TIME_PERDISK) |
             OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT_PERDISK);
    } else if (cd.groups_on[GR_DISK]) {
        m |= OC_FAM_BIT(OC_FAM_DISK_IO_OPS) | OC_FAM_BIT(OC_FAM_DISK_IO_BYTES) |
             OC_FAM_BIT(OC_FAM_DISK_IO_TIME) |
             OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT);
    }
    if (cd.groups_on[GR_DF]) {
        m |= OC_FAM_BIT(OC_FAM_DISK_USAGE);
    }
    return m;
}

static void defs_free(void)
{
    size_t i;

    for (i = 0; i < cd.ndefs; i++) {
        free(cd.defs[i].name);
        free(cd.defs[i].pattern);
    }
    free(cd.defs);
    cd.defs = NULL;
    cd.ndefs = 0;
}

static int ocd_init(void)
{
    struct oc_options opts = { cd.procfs_root, cd.sysfs_root, cd.host_prefix };
    static const char *const kinds[] = {
        "",
        "Process",
        "ProcessMatch",
        "ProcessUser",
        "ProcessPidFile",
        "ProcessCgroup",
    };
    int32_t ncpus = 0;
    size_t i;
    int rc, k;

    if (cd.config_bad) {
        ERROR(PLUGIN_NAME " plugin: not started: the configuration has "
                          "errors (see above)");
        return -1;
    }
    if (cd.s != NULL) {
        return 0; /* a second init after a reload */
    }
    if ((rc = oc_sampler_new(&opts, &cd.s)) != 0) {
        ERROR(PLUGIN_NAME " plugin: not started: %s (ProcfsRoot, SysfsRoot "
                          "or HostPrefix)",
              ostat_strerror(rc));
        return -1;
    }
    oc_sampler_set_log(cd.s, log_warning, NULL);
    oc_sampler_enable(cd.s, system_families(), 1);
    oc_sampler_include_children(cd.s, cd.include_children);
    for (i = 0; i < cd.ndefs; i++) {
        const struct cd_group_def *d = &cd.defs[i];
        uint64_t fam = OC_GROUP_DEFAULT_FAMILIES;
        char err[256];

        /* The defaults, changed by the switches the block or the plugin
         * sets. */
        for (k = 0; k < SW_COUNT; k++) {
            int on = d->sw[k] != UNSET ? d->sw[k] : cd.sw[k];

            if (on == 1) {
                fam |= switches[k].families;
            } else if (on == 0) {
                fam &= ~switches[k].families;
            }
        }
        rc = oc_sampler_add_group(cd.s, d->kind, d->name, d->pattern, fam, err,
                                  sizeof(err));
        if (rc < 0) {
            ERROR(PLUGIN_NAME " plugin: option \"%s\" \"%s\": %s",
                  kinds[d->kind], d->name, err);
            ERROR(PLUGIN_NAME " plugin: not started: the configuration has "
                              "errors (see above)");
            oc_sampler_free(cd.s);
            cd.s = NULL;
            return -1;
        }
    }
    if (!cd.report_per_disk && cd.filters[OC_FILTER_DISKS].count > 0) {
        WARNING(PLUGIN_NAME " plugin: Disk has no effect with ReportPerDisk "
                            "false: the total is of every disk");
    }
    cd.filters[OC_FILTER_DF_DEVICES].ignore_selected = cd.ignore_selected_df;
    cd.filters[OC_FILTER_DF_MOUNTS].ignore_selected = cd.ignore_selected_df;
    cd.filters[OC_FILTER_DF_FSTYPES].ignore_selected = cd.ignore_selected_df;
    for (k = 0; k < OC_FILTER_COUNT; k++) {
        /* the sampler owns the entries now */
        *oc_sampler_filter(cd.s, k) = cd.filters[k];
        cd.filters[k].count = 0;
        cd.filters[k].entries = NULL;
    }
    defs_free();
    cd.clk_tck = (double)sysconf(_SC_CLK_TCK);
    cd.page_size = (double)sysconf(_SC_PAGESIZE);
    if (cd.clk_tck <= 0) {
        cd.clk_tck = 100;
    }
    if (cd.page_size <= 0) {
        cd.page_size = 4096;
    }
    cd.have_types_db = 1;
    for (i = 0; i < sizeof(own_types) / sizeof(own_types[0]); i++) {
        if (plugin_get_ds(own_types[i]) == NULL) {
            WARNING(PLUGIN_NAME " plugin: the type \"%s\" is not known: "
                                "add ostat.types.db to TypesDB; until then "
                                "pressure, ps_uss, ps_pss, ps_swap, ps_shared "
                                "and cgroup_* are not sent",
                    own_types[i]);
            cd.have_types_db = 0;
            break;
        }
    }
    if (ostat_cpu_count(oc_sampler_ctx(cd.s), 1, &ncpus) == 0) {
        cd.ncpus = ncpus;
    } else if (cd.report_relative) {
        WARNING(PLUGIN_NAME " plugin: ReportRelative: the number of CPUs is "
                            "not known; load is not sent");
    }
    return 0;
}

static int ocd_read(user_data_t *ud)
{
    int rc;

    (void)ud;
    if (cd.s == NULL) {
        return -1;
    }
    cd.now = cdtime();
    cd.seen_n = 0;
    if (cd.seen != NULL) {
        memset(cd.seen, 0, cd.seen_cap * sizeof(*cd.seen));
    }
    rc = oc_sampler_collect(cd.s, put, NULL);
    put_disks();
    if (rc != 0) {
        ERROR(PLUGIN_NAME " plugin: read failed: %s", ostat_strerror(rc));
        return -1;
    }
    return 0;
}

static int ocd_shutdown(void)
{
    int i;

    oc_sampler_free(cd.s);
    cd.s = NULL;
    for (i = 0; i < OC_FILTER_COUNT; i++) {
        oc_filter_clear(&cd.filters[i]);
    }
    disks_free();
    defs_free();
    free(cd.seen);
    cd.seen = NULL;
    cd.seen_cap = cd.seen_n = 0;
    free(cd.procfs_root);
    free(cd.sysfs_root);
    free(cd.host_prefix);
    cd.procfs_root = cd.sysfs_root = cd.host_prefix = NULL;
    return 0;
}

/* The one symbol ostat.so exports (ostat.map): collectd calls it when
 * LoadPlugin ostat is read, before the configuration. */
__attribute__((visibility("default"))) void module_register(void);

void module_register(void)
{
    int i;

    for (i = 0; i < SW_COUNT; i++) {
        cd.sw[i] = UNSET;
    }
    plugin_register_complex_config(PLUGIN_NAME, ocd_config);
    plugin_register_init(PLUGIN_NAME, ocd_init);
    plugin_register_complex_read(NULL, PLUGIN_NAME, ocd_read, 0, NULL);
    plugin_register_shutdown(PLUGIN_NAME, ocd_shutdown);
}
