/* SPDX-License-Identifier: MIT */
/* sampler.h: the sampler's state, shared by catalog.c (the table and the
 * system families) and procs.c (the process scan and the groups). Not for
 * adapters: they use catalog.h. */
#ifndef OSTAT_PLUGINS_SAMPLER_H
#define OSTAT_PLUGINS_SAMPLER_H

#include <regex.h>

#include "catalog.h"

/* What the scan reads of each process in a group: the slots a group
 * family's fields point at (struct oc_field's offset). */
enum oc_slot {
    OC_S_THREADS,
    OC_S_CPU_USER,
    OC_S_CPU_SYSTEM,
    OC_S_RSS,
    OC_S_VMS,
    OC_S_SHARED,
    OC_S_TEXT,
    OC_S_DATA,
    OC_S_SWAP,
    OC_S_USS,
    OC_S_PSS,
    OC_S_FP_SWAP,
    OC_S_MINFLT,
    OC_S_MAJFLT,
    OC_S_READ_COUNT,
    OC_S_WRITE_COUNT,
    OC_S_READ_BYTES,
    OC_S_WRITE_BYTES,
    OC_S_READ_CHARS,
    OC_S_WRITE_CHARS,
    OC_S_FDS,
    OC_S_VOLUNTARY,
    OC_S_INVOLUNTARY,
    OC_S_MAPS,
    OC_S_COUNT
};

#define OC_SLOT(n) ((uint64_t)1 << (n))

/* The slots that are counters: a group adds up their growth. */
#define OC_COUNTER_SLOTS                                                       \
    (OC_SLOT(OC_S_CPU_USER) | OC_SLOT(OC_S_CPU_SYSTEM) |                       \
     OC_SLOT(OC_S_MINFLT) | OC_SLOT(OC_S_MAJFLT) | OC_SLOT(OC_S_READ_COUNT) |  \
     OC_SLOT(OC_S_WRITE_COUNT) | OC_SLOT(OC_S_READ_BYTES) |                    \
     OC_SLOT(OC_S_WRITE_BYTES) | OC_SLOT(OC_S_READ_CHARS) |                    \
     OC_SLOT(OC_S_WRITE_CHARS) | OC_SLOT(OC_S_VOLUNTARY) |                     \
     OC_SLOT(OC_S_INVOLUNTARY))

/* The slots held as doubles (CPU seconds); the others are integers. */
#define OC_F64_SLOTS (OC_SLOT(OC_S_CPU_USER) | OC_SLOT(OC_S_CPU_SYSTEM))

struct oc_group {
    char *name;
    int kind;
    char *pattern;
    regex_t re;          /* OC_SEL_REGEX */
    int64_t uid;         /* OC_SEL_USER */
    int64_t pidfile_pid; /* OC_SEL_PIDFILE: this scan's pid, or -1 */
    int pidfile_err;     /* the errno of the last failed read, to warn once */
    uint64_t families;
    uint64_t slots; /* what its families read: family_slots() of each */
    /* this scan */
    uint64_t nproc;
    union oc_value sum[OC_S_COUNT]; /* gauges: the members' sum */
    uint64_t given;                 /* slots at least one member gave */
    uint64_t denied;                /* slots a member refused to give */
    uint64_t denied_said;           /* those the log has told already */
    double cpu_delta;               /* CPU seconds used since the last scan */
    /* across scans */
    int scanned;                      /* a scan has counted the group */
    union oc_value total[OC_S_COUNT]; /* counters: monotonic totals */
    int cpu_delta_valid;
    /* a cgroup's group: its ostat_cgroup_stats() of this scan */
    struct ostat_cgroup cg;
    int cg_rc;
    int cg_scan;
};

/* A process the scans know, in a table sorted by pid. */
struct oc_pent {
    int64_t pid;
    double start;       /* seconds after boot: with pid, the identity */
    uint64_t text_hash; /* of the name and command line matched */
    uint64_t prev_valid;
    union oc_value prev[OC_S_COUNT];
};

struct oc_sampler {
    ostat_ctx *ctx;
    char *host_prefix; /* put before mount points; NULL for none */
    oc_log_fn log;
    void *log_payload;
    uint64_t enabled;
    int include_children;
    struct oc_group *groups;
    int ngroups, groups_cap;
    uint64_t group_families; /* the union of every group's families */
    int kinds;               /* bit (1 << OC_SEL_*) for each kind used */
    /* the process tables: this scan's and the previous, ascending by pid,
     * with each entry's membership bits (nw words) and the bits of the
     * name and regex groups it matches by itself */
    struct oc_pent *ent, *old;
    uint64_t *memb, *memb_old, *direct, *direct_old;
    size_t n, nold, cap, nw;
    size_t oldpos; /* the scan's place in the previous table */
    ostat_proc_iter *it;
    char *buf;
    size_t bufcap;
    int scans;
    double scan_mono; /* CLOCK_MONOTONIC at the last scan */
    double elapsed;   /* seconds between the last two scans */
    int scan_ok;
    uint64_t states[OC_ST_COUNT];
    uint64_t states_valid;
    int primed_percent, primed_percent_percpu;
    int family_rc[OC_FAM_COUNT]; /* the last error logged, per family */
    uint64_t filled; /* families handed out in this collection by a fill
                        function that serves several */
    struct oc_filter filters[OC_FILTER_COUNT];
    int emit_rc;
};

/* procs.c */
int oc__scan(struct oc_sampler *s);
int oc__fill_group(struct oc_sampler *s,
                   const struct oc_family *f,
                   oc_emit_fn emit,
                   void *payload);
int oc__fill_states(struct oc_sampler *s,
                    const struct oc_family *f,
                    oc_emit_fn emit,
                    void *payload);
void oc__groups_free(struct oc_sampler *s);

/* catalog.c */
void oc__log(struct oc_sampler *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int oc__emit(struct oc_sampler *s,
             oc_emit_fn emit,
             void *payload,
             const struct oc_record *rec);

#endif
