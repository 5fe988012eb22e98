/* SPDX-License-Identifier: MIT */
/* catalog.h: the metric catalog and the process groups that the collectd,
 * Netdata and Telegraf adapters share (DESIGN.md section 9).
 *
 * The catalog is one table of metric families. A family is a set of fields
 * of one unit and one kind (gauge or counter) that one ostat call fills,
 * each field tied to the valid bit of the struct it comes from. A sampler
 * walks the table: for each family the adapter turned on it makes the call
 * and hands the adapter records, one per instance (a CPU, a pressure
 * resource, a sensor, a process group), with the values and a mask of the
 * fields that are valid. A field whose mask bit is clear must not be sent:
 * the system did not provide it. Counters are handed over raw.
 *
 * Process groups are built from selectors (a name, a command-line regex, a
 * user, a pidfile, a cgroup): each scan matches every process against
 * them, and a process that matches none of a group's selector but descends
 * from one that does is counted in that group too. The adapters only see
 * the public API of libostat through this library: nothing here reads
 * /proc itself, except the pidfiles a configuration names. */
#ifndef OSTAT_PLUGINS_CATALOG_H
#define OSTAT_PLUGINS_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include "ostat.h"

/* What a family's values are. */
#define OC_GAUGE 1   /* a level: memory in use, a temperature */
#define OC_COUNTER 2 /* grows from some origin: CPU seconds, bytes read */

/* How a field's value is held in union oc_value. */
#define OC_F64 1
#define OC_U64 2

/* What a family describes: the system, or one process group. */
#define OC_SYSTEM 1
#define OC_GROUP 2

/* The most fields a family has. */
#define OC_FIELDS_MAX 16

/* The families, in catalog order. Adding one: an id here (before
 * OC_FAM_COUNT, which must stay at most 64: OC_FAM_BIT), its entry in
 * catalog.c, and its mapping in each adapter. A call whose struct mixes
 * units or kinds gives several families, which one fill function serves
 * with one call: pressure (the averages and the totals), the battery (the
 * charge, the time left, whether it is plugged in), the disks' I/O
 * (operations, bytes, milliseconds and the I/Os in flight), disk usage
 * (bytes and percent), the network interfaces' I/O (bytes, and packets
 * and errors). */
enum oc_family_id {
    OC_FAM_CPU_TIMES,
    OC_FAM_CPU_TIMES_PERCPU,
    OC_FAM_CPU_TIMES_PERCENT,
    OC_FAM_CPU_TIMES_PERCENT_PERCPU,
    OC_FAM_CPU_STATS,
    OC_FAM_VIRTUAL_MEMORY,
    OC_FAM_VIRTUAL_MEMORY_PERCENT,
    OC_FAM_SWAP_MEMORY,
    OC_FAM_SWAP_MEMORY_PERCENT,
    OC_FAM_SWAP_IO,
    OC_FAM_LOADAVG,
    OC_FAM_PRESSURE,
    OC_FAM_PRESSURE_STALL,
    OC_FAM_UPTIME,
    OC_FAM_USERS,
    OC_FAM_PROCESS_STATES,
    OC_FAM_SENSORS_TEMPERATURES,
    OC_FAM_SENSORS_FANS,
    OC_FAM_SENSORS_BATTERY,
    OC_FAM_SENSORS_BATTERY_SECSLEFT,
    OC_FAM_SENSORS_BATTERY_PLUGGED,
    OC_FAM_DISK_IO_OPS,
    OC_FAM_DISK_IO_BYTES,
    OC_FAM_DISK_IO_TIME,
    OC_FAM_DISK_IO_IN_FLIGHT,
    OC_FAM_DISK_IO_OPS_PERDISK,
    OC_FAM_DISK_IO_BYTES_PERDISK,
    OC_FAM_DISK_IO_TIME_PERDISK,
    OC_FAM_DISK_IO_IN_FLIGHT_PERDISK,
    OC_FAM_DISK_USAGE,
    OC_FAM_DISK_USAGE_PERCENT,
    OC_FAM_NET_IO_BYTES_PERNIC,
    OC_FAM_NET_IO_PACKETS_PERNIC,
    OC_FAM_PROC_COUNT,
    OC_FAM_PROC_CPU_TIMES,
    OC_FAM_PROC_CPU_PERCENT,
    OC_FAM_PROC_MEMORY_INFO,
    OC_FAM_PROC_MEMORY_INFO_EX,
    OC_FAM_PROC_MEMORY_FOOTPRINT,
    OC_FAM_PROC_PAGE_FAULTS,
    OC_FAM_PROC_IO_OPS,
    OC_FAM_PROC_IO_BYTES,
    OC_FAM_PROC_NUM_FDS,
    OC_FAM_PROC_CTX_SWITCHES,
    OC_FAM_PROC_MEMORY_MAPS,
    OC_FAM_PROC_CGROUP_MEMORY,
    OC_FAM_PROC_CGROUP_CPU,
    OC_FAM_PROC_CGROUP_CPU_PERIODS,
    OC_FAM_PROC_CGROUP_PIDS,
    OC_FAM_COUNT
};

/** One bit per family, for enable masks. */
#define OC_FAM_BIT(id) ((uint64_t)1 << (id))

/* The process state fields of OC_FAM_PROCESS_STATES, in order. */
enum oc_state_field {
    OC_ST_RUNNING,       /* processes in state R */
    OC_ST_SLEEPING,      /* S */
    OC_ST_DISK_SLEEP,    /* D */
    OC_ST_STOPPED,       /* T */
    OC_ST_TRACING_STOP,  /* t */
    OC_ST_ZOMBIE,        /* Z */
    OC_ST_IDLE,          /* I (kernel threads) */
    OC_ST_WAKING,        /* W (2.6.33 to 3.13; paging before 2.6) */
    OC_ST_PARKED,        /* P */
    OC_ST_DEAD,          /* X */
    OC_ST_OTHER,         /* any other letter */
    OC_ST_PROCESSES,     /* every process, zombies included */
    OC_ST_THREADS,       /* the threads of every live process */
    OC_ST_PROCS_RUNNING, /* runnable threads (the kernel's count) */
    OC_ST_PROCS_BLOCKED, /* threads blocked on I/O (the kernel's count) */
    OC_ST_COUNT
};

/** A field of a family. */
struct oc_field {
    const char *name; /* psutil's name of the field: "user", "rss" */
    int type;         /* OC_F64 or OC_U64 */
    uint64_t valid;   /* the bit of the source struct's valid it needs, or
                         0 when the call's success is enough */
    size_t offset;    /* where the fill function finds it: an offset in the
                         source struct, or the scan's slot for a group */
};

/** A value, as its field's type says. */
union oc_value {
    double f;
    uint64_t u;
};

struct oc_sampler;
struct oc_family;

/**
 * One instance of a family: the values of every field, and the mask of
 * those that are valid (bit i for fields[i]). @c instance names the
 * instance ("" for the whole system): a CPU number, a pressure resource, a
 * sensor's chip, a disk, a mount point, a network interface, a group's
 * name; @c label is a second level (a sensor's label, a mount point's
 * device: "" when it has none) or NULL. Both are the bytes the system or
 * the configuration gave, NUL-terminated, valid during the callback only.
 * The records of the families one fill function serves come instance by
 * instance: each instance's records of those families in catalog order,
 * then the next instance's.
 */
struct oc_record {
    const struct oc_family *family;
    const char *instance;
    const char *label;
    int group; /* the group's index for OC_GROUP families, else -1 */
    uint64_t valid;
    union oc_value v[OC_FIELDS_MAX];
};

/** Receives each record; a non-zero return stops the collection. */
typedef int (*oc_emit_fn)(void *payload, const struct oc_record *rec);

/** A family of the catalog. */
struct oc_family {
    int id;               /* its enum oc_family_id */
    const char *name;     /* e.g. "cpu_times_percpu" */
    const char *group;    /* the metric group it belongs to: "cpu" */
    const char *call;     /* the ostat call that fills it */
    const char *unit;     /* "seconds", "bytes", "percent", "count", ... */
    int kind;             /* OC_GAUGE or OC_COUNTER */
    int scope;            /* OC_SYSTEM or OC_GROUP */
    const char *instance; /* what instances are: "cpu", "resource", ...;
                             NULL for a single instance */
    size_t nfields;
    struct oc_field fields[OC_FIELDS_MAX];
    /* makes the call and hands out its records; 0, or an OSTAT_E* code */
    int (*fill)(struct oc_sampler *s,
                const struct oc_family *f,
                oc_emit_fn emit,
                void *payload);
};

/** The catalog: OC_FAM_COUNT families, catalog[i].id == i. */
extern const struct oc_family oc_catalog[OC_FAM_COUNT];

/** The family called @p name, or NULL. */
const struct oc_family *oc_family_by_name(const char *name);

/** The index of the field called @p name in @p f, or -1. */
int oc_field_index(const struct oc_family *f, const char *name);

/* ---- selectors and groups ---------------------------------------------- */

/* How a group picks its processes. */
#define OC_SEL_NAME 1 /* the full name (psutil name()), not the comm */
#define OC_SEL_REGEX                                                           \
    2                    /* an extended regex on the command line joined by    \
                            spaces, or on the name when it is empty */
#define OC_SEL_USER 3    /* the real user: a name or a number */
#define OC_SEL_PIDFILE 4 /* the pid written in a file */
#define OC_SEL_CGROUP 5  /* a cgroup v2 path and the groups below it */

/* The families a group reports when nothing else is said. */
#define OC_GROUP_DEFAULT_FAMILIES                                              \
    (OC_FAM_BIT(OC_FAM_PROC_COUNT) | OC_FAM_BIT(OC_FAM_PROC_CPU_TIMES) |       \
     OC_FAM_BIT(OC_FAM_PROC_CPU_PERCENT) |                                     \
     OC_FAM_BIT(OC_FAM_PROC_MEMORY_INFO) |                                     \
     OC_FAM_BIT(OC_FAM_PROC_PAGE_FAULTS) | OC_FAM_BIT(OC_FAM_PROC_IO_OPS) |    \
     OC_FAM_BIT(OC_FAM_PROC_IO_BYTES) |                                        \
     OC_FAM_BIT(OC_FAM_PROC_CGROUP_MEMORY) |                                   \
     OC_FAM_BIT(OC_FAM_PROC_CGROUP_CPU) |                                      \
     OC_FAM_BIT(OC_FAM_PROC_CGROUP_CPU_PERIODS) |                              \
     OC_FAM_BIT(OC_FAM_PROC_CGROUP_PIDS))

/** Where the sampler reads the system: NULL fields mean the defaults. A
 * host prefix is also put before each mount point whose usage is read. */
struct oc_options {
    const char *procfs_root;
    const char *sysfs_root;
    const char *host_prefix;
};

/** Receives the sampler's warnings (a pidfile that cannot be read, ...). */
typedef void (*oc_log_fn)(void *payload, const char *message);

/**
 * A new sampler on a context of its own, with every family off and no
 * groups.
 * @return 0, or an OSTAT_E* code from ostat_ctx_new(), OSTAT_ENOMEM.
 */
int oc_sampler_new(const struct oc_options *opts, struct oc_sampler **out);

/** Free a sampler and its context. NULL is accepted. */
void oc_sampler_free(struct oc_sampler *s);

/** Send the sampler's warnings to @p fn (NULL: none, the default). */
void oc_sampler_set_log(struct oc_sampler *s, oc_log_fn fn, void *payload);

/** Turn the system families of @p mask on (or off, with @p on 0). */
void oc_sampler_enable(struct oc_sampler *s, uint64_t mask, int on);

/** The system families that are on. */
uint64_t oc_sampler_enabled(const struct oc_sampler *s);

/**
 * Add a group called @p name that takes the processes @p kind and
 * @p pattern select, and reports the OC_GROUP families of @p families.
 * A user name is looked up now (getpwnam); a regex is compiled now.
 * @param err receives a sentence saying what is wrong, on failure.
 * @return the group's index (>= 0), or OSTAT_EINVAL (a name already used,
 * an empty name or pattern, a regex that does not compile, a user that
 * does not exist, a pidfile or cgroup path that is not absolute),
 * OSTAT_ENOMEM.
 */
int oc_sampler_add_group(struct oc_sampler *s,
                         int kind,
                         const char *name,
                         const char *pattern,
                         uint64_t families,
                         char *err,
                         size_t errlen);

/** The number of groups. */
int oc_sampler_groups(const struct oc_sampler *s);

/** The name of group @p index. */
const char *oc_sampler_group_name(const struct oc_sampler *s, int index);

/**
 * Count a process that descends from a member of a group in that group
 * (@p on non-zero, the default) or only the processes the selector
 * matches.
 */
void oc_sampler_include_children(struct oc_sampler *s, int on);

/**
 * One collection, inside one oneshot section: the system families that are
 * on, in catalog order; then one scan of every process, and the families
 * that come of it: the state counts and each group's families. A family
 * whose call fails is skipped (its error is given to the log function,
 * once until it changes, unless it is OSTAT_ENOTSUP: the system lacks it);
 * the others go on.
 * @return 0, the first non-zero return of @p emit, or OSTAT_ENOMEM.
 */
int oc_sampler_collect(struct oc_sampler *s, oc_emit_fn emit, void *payload);

/** The sampler's context, for an adapter's own calls. */
ostat_ctx *oc_sampler_ctx(struct oc_sampler *s);

/* The instance filters a sampler applies (struct oc_filter below). A mount
 * point passes the disk usage families when it passes all three of its
 * filters. */
#define OC_FILTER_SENSORS 0    /* "chip/label" of temperatures and fans */
#define OC_FILTER_DISKS 1      /* a disk's kernel name: "sda", "dm-0" */
#define OC_FILTER_INTERFACES 2 /* a network interface's name */
#define OC_FILTER_DF_DEVICES 3 /* a mount's device: "/dev/sda1" */
#define OC_FILTER_DF_MOUNTS 4  /* a mount point: "/home" */
#define OC_FILTER_DF_FSTYPES 5 /* a mount's filesystem type: "ext4" */
#define OC_FILTER_COUNT 6

/**
 * The sampler's filter @p which (an OC_FILTER_* value), to fill with
 * oc_filter_add(); it is applied to the records of the families it
 * concerns. NULL for an unknown @p which.
 */
struct oc_filter *oc_sampler_filter(struct oc_sampler *s, int which);

/* ---- include and exclude lists ----------------------------------------- */

/**
 * A list of names or /regexes/ that selects instances (disks, interfaces,
 * sensors) as collectd's ignorelists do: with no entries every name
 * passes, and so does an empty name (a mount without a device); otherwise
 * only listed names pass, or with @c ignore_selected only names not
 * listed.
 */
struct oc_filter {
    size_t count;
    struct oc_filter_entry *entries;
    int ignore_selected;
};

/** An empty filter. */
#define OC_FILTER_INIT                                                         \
    {                                                                          \
        0, NULL, 0                                                             \
    }

/**
 * Add @p entry: a name to compare exactly, or "/regex/" (extended).
 * @return 0, OSTAT_EINVAL (empty, or a regex that does not compile: @p err
 * says why), OSTAT_ENOMEM.
 */
int oc_filter_add(struct oc_filter *f,
                  const char *entry,
                  char *err,
                  size_t errlen);

/** 1 if @p name passes the filter, else 0. */
int oc_filter_pass(const struct oc_filter *f, const char *name);

/** Free what the filter holds and make it empty. */
void oc_filter_clear(struct oc_filter *f);

#endif
