/* SPDX-License-Identifier: MIT */
/* procs.c: process groups. One scan per collection walks every process
 * with an ostat_proc_iter, counts them by state, matches each against the
 * groups' selectors, and adds the members' values up per group.
 *
 * Membership: a process is in a group when it matches the group's selector
 * or, unless that is turned off, when its parent is in the group: children
 * are counted under their matched ancestor. The iterator goes up the pids,
 * and a parent nearly always has a lower pid than its children, so its
 * membership is this scan's; after the pids wrap, a parent with a higher
 * pid lends the membership it had at the previous scan.
 *
 * Gauges (memory, threads, descriptors) are the members' sum. A counter
 * summed the same way would fall whenever a member exits, so a group's
 * counter is a total that only grows: at the group's first scan the sum of
 * its members' counters, then at each scan the growth of each member since
 * the scan before. A process that started since the previous scan brings
 * all it has (it all happened since then); one that existed but joins the
 * group (an exec that now matches a regex) brings its growth from its
 * second scan in the group on. What a member did between the last scan and
 * its exit is not seen, as in collectd's processes plugin.
 *
 * A field of a group is valid at a scan when at least one member gave it,
 * or when the group is empty (the sum over no process is a true 0). A
 * member that lacks a field adds nothing to it: a kernel thread has no
 * VmSwap line, and a process whose files are closed to the reader
 * (/proc/PID/io of another user, or of a process that is not dumpable)
 * gives no I/O counters; the first time a group meets such a refusal the
 * log says so, since its sums then leave that process out. Zombies are
 * counted by state, not as members: they have no memory, CPU or I/O of
 * their own any more. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sampler.h"

static int kind_bit(int kind)
{
    return 1 << kind;
}

static double mono_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- groups ------------------------------------------------------------- */

static int set_err(char *err, size_t errlen, const char *fmt, const char *a)
{
    if (err != NULL && errlen > 0) {
        snprintf(err, errlen, fmt, a);
    }
    return OSTAT_EINVAL;
}

/* A uid from a user name or a number. 0, or -1 when there is no such
 * user. */
static int lookup_user(const char *user, int64_t *uid)
{
    struct passwd pw, *res = NULL;
    char buf[4096];
    const char *p = user;
    int64_t v = 0;

    for (; *p >= '0' && *p <= '9' && v < INT32_MAX; p++) {
        v = v * 10 + (*p - '0');
    }
    if (*p == '\0' && p != user && v <= INT32_MAX) {
        *uid = v;
        return 0;
    }
    if (getpwnam_r(user, &pw, buf, sizeof(buf), &res) != 0 || res == NULL) {
        return -1;
    }
    *uid = (int64_t)pw.pw_uid;
    return 0;
}

int oc_sampler_add_group(struct oc_sampler *s,
                         int kind,
                         const char *name,
                         const char *pattern,
                         uint64_t families,
                         char *err,
                         size_t errlen)
{
    struct oc_group g;
    int i, rc;

    if (s == NULL || name == NULL || pattern == NULL) {
        return set_err(err, errlen, "%s", "a group needs a name and a value");
    }
    if (s->it != NULL) {
        return set_err(err, errlen, "%s",
                       "groups are added before the first collection");
    }
    if (kind < OC_SEL_NAME || kind > OC_SEL_CGROUP) {
        return set_err(err, errlen, "%s", "unknown kind of selector");
    }
    if (name[0] == '\0') {
        return set_err(err, errlen, "%s", "the group's name is empty");
    }
    if (pattern[0] == '\0') {
        return set_err(err, errlen, "the group \"%s\" selects nothing", name);
    }
    for (i = 0; i < s->ngroups; i++) {
        if (strcmp(s->groups[i].name, name) == 0) {
            return set_err(err, errlen, "the group name \"%s\" is used twice",
                           name);
        }
    }
    memset(&g, 0, sizeof(g));
    g.kind = kind;
    g.families = families;
    g.pidfile_pid = -1;
    switch (kind) {
    case OC_SEL_REGEX:
        rc = regcomp(&g.re, pattern, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char msg[256];

            regerror(rc, &g.re, msg, sizeof(msg));
            return set_err(err, errlen,
                           "the regular expression does not "
                           "compile: %s",
                           msg);
        }
        break;
    case OC_SEL_USER:
        if (lookup_user(pattern, &g.uid) != 0) {
            return set_err(err, errlen, "there is no user \"%s\"", pattern);
        }
        break;
    case OC_SEL_PIDFILE:
    case OC_SEL_CGROUP:
        if (pattern[0] != '/') {
            return set_err(err, errlen, "\"%s\" is not an absolute path",
                           pattern);
        }
        break;
    default:
        break;
    }
    g.name = strdup(name);
    g.pattern = strdup(pattern);
    if (g.name != NULL && g.pattern != NULL && kind == OC_SEL_CGROUP) {
        /* "/a/b/" is "/a/b"; "/" stays. */
        size_t n = strlen(g.pattern);

        while (n > 1 && g.pattern[n - 1] == '/') {
            g.pattern[--n] = '\0';
        }
    }
    if (g.name == NULL || g.pattern == NULL) {
        goto nomem;
    }
    if (s->ngroups == s->groups_cap) {
        int cap = s->groups_cap ? s->groups_cap * 2 : 8;
        struct oc_group *p = realloc(s->groups, (size_t)cap * sizeof(*p));

        if (p == NULL) {
            goto nomem;
        }
        s->groups = p;
        s->groups_cap = cap;
    }
    s->groups[s->ngroups++] = g;
    s->group_families |= families;
    s->kinds |= kind_bit(kind);
    return s->ngroups - 1;
nomem:
    free(g.name);
    free(g.pattern);
    if (g.kind == OC_SEL_REGEX) {
        regfree(&g.re);
    }
    if (err != NULL && errlen > 0) {
        snprintf(err, errlen, "out of memory");
    }
    return OSTAT_ENOMEM;
}

int oc_sampler_groups(const struct oc_sampler *s)
{
    return s->ngroups;
}

const char *oc_sampler_group_name(const struct oc_sampler *s, int index)
{
    if (index < 0 || index >= s->ngroups) {
        return NULL;
    }
    return s->groups[index].name;
}

void oc__groups_free(struct oc_sampler *s)
{
    int i;

    for (i = 0; i < s->ngroups; i++) {
        free(s->groups[i].name);
        free(s->groups[i].pattern);
        if (s->groups[i].kind == OC_SEL_REGEX) {
            regfree(&s->groups[i].re);
        }
    }
    free(s->groups);
    s->groups = NULL;
    s->ngroups = 0;
    ostat_proc_iter_free(s->it);
    s->it = NULL;
    free(s->ent);
    free(s->old);
    free(s->memb);
    free(s->memb_old);
    free(s->direct);
    free(s->direct_old);
    free(s->buf);
}

/* ---- the scan ----------------------------------------------------------- */

/* The iterator's fields: only what the groups and families need. */
static uint64_t iter_fields(const struct oc_sampler *s)
{
    uint64_t f = OSTAT_PF_STATUS | OSTAT_PF_PPID | OSTAT_PF_CREATE_TIME;
    uint64_t fam = s->group_families;

    if (s->kinds & (kind_bit(OC_SEL_NAME) | kind_bit(OC_SEL_REGEX))) {
        f |= OSTAT_PF_NAME;
    }
    if (s->kinds & kind_bit(OC_SEL_REGEX)) {
        f |= OSTAT_PF_CMDLINE;
    }
    if (s->kinds & kind_bit(OC_SEL_USER)) {
        f |= OSTAT_PF_UIDS;
    }
    if (s->kinds & kind_bit(OC_SEL_CGROUP)) {
        f |= OSTAT_PF_CGROUP;
    }
    if ((fam & OC_FAM_BIT(OC_FAM_PROC_COUNT)) ||
        (s->enabled & OC_FAM_BIT(OC_FAM_PROCESS_STATES))) {
        f |= OSTAT_PF_NUM_THREADS;
    }
    if (fam & (OC_FAM_BIT(OC_FAM_PROC_CPU_TIMES) |
               OC_FAM_BIT(OC_FAM_PROC_CPU_PERCENT))) {
        f |= OSTAT_PF_CPU_TIMES;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_MEMORY_INFO)) {
        f |= OSTAT_PF_MEMORY_INFO;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_MEMORY_INFO_EX)) {
        f |= OSTAT_PF_MEMORY_INFO_EX;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_MEMORY_FOOTPRINT)) {
        f |= OSTAT_PF_MEMORY_FOOTPRINT;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_PAGE_FAULTS)) {
        f |= OSTAT_PF_PAGE_FAULTS;
    }
    if (fam &
        (OC_FAM_BIT(OC_FAM_PROC_IO_OPS) | OC_FAM_BIT(OC_FAM_PROC_IO_BYTES))) {
        f |= OSTAT_PF_IO_COUNTERS;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_NUM_FDS)) {
        f |= OSTAT_PF_NUM_FDS;
    }
    if (fam & OC_FAM_BIT(OC_FAM_PROC_CTX_SWITCHES)) {
        f |= OSTAT_PF_NUM_CTX_SWITCHES;
    }
    return f;
}

/* The slots a family reads. */
static uint64_t family_slots(int id)
{
    switch (id) {
    case OC_FAM_PROC_COUNT:
        return OC_SLOT(OC_S_THREADS);
    case OC_FAM_PROC_CPU_TIMES:
    case OC_FAM_PROC_CPU_PERCENT:
        return OC_SLOT(OC_S_CPU_USER) | OC_SLOT(OC_S_CPU_SYSTEM);
    case OC_FAM_PROC_MEMORY_INFO:
        return OC_SLOT(OC_S_RSS) | OC_SLOT(OC_S_VMS);
    case OC_FAM_PROC_MEMORY_INFO_EX:
        return OC_SLOT(OC_S_SHARED) | OC_SLOT(OC_S_TEXT) | OC_SLOT(OC_S_DATA) |
               OC_SLOT(OC_S_SWAP);
    case OC_FAM_PROC_MEMORY_FOOTPRINT:
        return OC_SLOT(OC_S_USS) | OC_SLOT(OC_S_PSS) | OC_SLOT(OC_S_FP_SWAP);
    case OC_FAM_PROC_PAGE_FAULTS:
        return OC_SLOT(OC_S_MINFLT) | OC_SLOT(OC_S_MAJFLT);
    case OC_FAM_PROC_IO_OPS:
        return OC_SLOT(OC_S_READ_COUNT) | OC_SLOT(OC_S_WRITE_COUNT);
    case OC_FAM_PROC_IO_BYTES:
        return OC_SLOT(OC_S_READ_BYTES) | OC_SLOT(OC_S_WRITE_BYTES) |
               OC_SLOT(OC_S_READ_CHARS) | OC_SLOT(OC_S_WRITE_CHARS);
    case OC_FAM_PROC_NUM_FDS:
        return OC_SLOT(OC_S_FDS);
    case OC_FAM_PROC_CTX_SWITCHES:
        return OC_SLOT(OC_S_VOLUNTARY) | OC_SLOT(OC_S_INVOLUNTARY);
    case OC_FAM_PROC_MEMORY_MAPS:
        return OC_SLOT(OC_S_MAPS);
    default:
        return 0;
    }
}

static uint64_t families_slots(uint64_t families)
{
    uint64_t slots = 0;
    int i;

    for (i = 0; i < OC_FAM_COUNT; i++) {
        if (families & OC_FAM_BIT(i)) {
            slots |= family_slots(i);
        }
    }
    return slots;
}

/* A process gone between the listing and a read (a zombie by now counts
 * as gone too: it has nothing more to give). */
static int gone(int rc)
{
    return ostat_err_is(rc, OSTAT_ENOPROC);
}

/* A uint64_t field of a library struct and the slot it fills. */
struct slot_map {
    int slot;
    uint64_t bit; /* the field's valid bit */
    size_t off;
};

#define MAP(slot, bit, type, field)                                            \
    {                                                                          \
        slot, bit, offsetof(type, field)                                       \
    }

/* Copy into their slots the fields of @st, a struct of the library with
 * @valid bits, that @m names; returns the slots filled. */
static uint64_t take(const void *st,
                     uint64_t valid,
                     const struct slot_map *m,
                     size_t n,
                     union oc_value *v)
{
    uint64_t ok = 0;
    size_t k;

    for (k = 0; k < n; k++) {
        if (valid & m[k].bit) {
            memcpy(&v[m[k].slot].u, (const char *)st + m[k].off,
                   sizeof(uint64_t));
            ok |= OC_SLOT(m[k].slot);
        }
    }
    return ok;
}

/* The slots @m fills. */
static uint64_t map_slots(const struct slot_map *m, size_t n)
{
    uint64_t slots = 0;
    size_t k;

    for (k = 0; k < n; k++) {
        slots |= OC_SLOT(m[k].slot);
    }
    return slots;
}

/* After a getter failed with @rc: OSTAT_ENOPROC when the process is gone,
 * else 0, with @want added to @denied when access was refused. */
static int failed(int rc, uint64_t want, uint64_t *denied)
{
    if (gone(rc)) {
        return OSTAT_ENOPROC;
    }
    if (rc == OSTAT_EACCES) {
        *denied |= want;
    }
    return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* In read_slots: when @p want names a slot of @p map, call @p getter for
 * its struct (of @p type, set to @p init) and take the slots of @p map. */
#define READ_MAP(map, type, init, getter)                                      \
    do {                                                                       \
        if (want & map_slots(map, COUNT(map))) {                               \
            type st_ = init;                                                   \
                                                                               \
            if ((rc = getter(p, &st_)) == 0) {                                 \
                ok |= take(&st_, st_.valid, map, COUNT(map), v);               \
            } else if (failed(rc, want, denied)) {                             \
                return OSTAT_ENOPROC;                                          \
            }                                                                  \
        }                                                                      \
    } while (0)

/* Read the slots of @p want into @p v, setting a bit of @p valid for each
 * one read; a getter that refuses access sets bits of @p denied (the
 * slots it would have given are among those @p want names and @p valid
 * lacks). @return 0, or OSTAT_ENOPROC when the process went away. */
static int read_slots(ostat_proc *p,
                      uint64_t want,
                      union oc_value *v,
                      uint64_t *valid,
                      uint64_t *denied)
{
    static const struct slot_map mem[] = {
        MAP(OC_S_RSS, OSTAT_PROC_MEMORY_INFO_RSS, struct ostat_proc_memory_info,
            rss),
        MAP(OC_S_VMS, OSTAT_PROC_MEMORY_INFO_VMS, struct ostat_proc_memory_info,
            vms),
        MAP(OC_S_SHARED, OSTAT_PROC_MEMORY_INFO_SHARED,
            struct ostat_proc_memory_info, shared),
        MAP(OC_S_TEXT, OSTAT_PROC_MEMORY_INFO_TEXT,
            struct ostat_proc_memory_info, text),
        MAP(OC_S_DATA, OSTAT_PROC_MEMORY_INFO_DATA,
            struct ostat_proc_memory_info, data),
        MAP(OC_S_SWAP, OSTAT_PROC_MEMORY_INFO_SWAP,
            struct ostat_proc_memory_info, swap),
    };
    static const struct slot_map foot[] = {
        MAP(OC_S_USS, OSTAT_PROC_MEMORY_FOOTPRINT_USS,
            struct ostat_proc_memory_footprint, uss),
        MAP(OC_S_PSS, OSTAT_PROC_MEMORY_FOOTPRINT_PSS,
            struct ostat_proc_memory_footprint, pss),
        MAP(OC_S_FP_SWAP, OSTAT_PROC_MEMORY_FOOTPRINT_SWAP,
            struct ostat_proc_memory_footprint, swap),
    };
    static const struct slot_map faults[] = {
        MAP(OC_S_MINFLT, OSTAT_PROC_PAGE_FAULTS_MINOR,
            struct ostat_proc_page_faults, minor),
        MAP(OC_S_MAJFLT, OSTAT_PROC_PAGE_FAULTS_MAJOR,
            struct ostat_proc_page_faults, major),
    };
    static const struct slot_map io[] = {
        MAP(OC_S_READ_COUNT, OSTAT_PROC_IO_COUNTERS_READ_COUNT,
            struct ostat_proc_io_counters, read_count),
        MAP(OC_S_WRITE_COUNT, OSTAT_PROC_IO_COUNTERS_WRITE_COUNT,
            struct ostat_proc_io_counters, write_count),
        MAP(OC_S_READ_BYTES, OSTAT_PROC_IO_COUNTERS_READ_BYTES,
            struct ostat_proc_io_counters, read_bytes),
        MAP(OC_S_WRITE_BYTES, OSTAT_PROC_IO_COUNTERS_WRITE_BYTES,
            struct ostat_proc_io_counters, write_bytes),
        MAP(OC_S_READ_CHARS, OSTAT_PROC_IO_COUNTERS_READ_CHARS,
            struct ostat_proc_io_counters, read_chars),
        MAP(OC_S_WRITE_CHARS, OSTAT_PROC_IO_COUNTERS_WRITE_CHARS,
            struct ostat_proc_io_counters, write_chars),
    };
    static const struct slot_map ctxsw[] = {
        MAP(OC_S_VOLUNTARY, OSTAT_PROC_CTX_SWITCHES_VOLUNTARY,
            struct ostat_proc_ctx_switches, voluntary),
        MAP(OC_S_INVOLUNTARY, OSTAT_PROC_CTX_SWITCHES_INVOLUNTARY,
            struct ostat_proc_ctx_switches, involuntary),
    };
    uint64_t ok = 0;
    int32_t n;
    int rc;

    *denied = 0;

    if (want & OC_SLOT(OC_S_THREADS)) {
        if ((rc = ostat_proc_num_threads(p, &n)) == 0) {
            v[OC_S_THREADS].u = (uint64_t)n;
            ok |= OC_SLOT(OC_S_THREADS);
        } else if (failed(rc, want, denied)) {
            return OSTAT_ENOPROC;
        }
    }
    if (want & (OC_SLOT(OC_S_CPU_USER) | OC_SLOT(OC_S_CPU_SYSTEM))) {
        struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;

        if ((rc = ostat_proc_cpu_times(p, &t)) == 0) {
            if (t.valid & OSTAT_PROC_CPU_TIMES_USER) {
                v[OC_S_CPU_USER].f = t.user;
                ok |= OC_SLOT(OC_S_CPU_USER);
            }
            if (t.valid & OSTAT_PROC_CPU_TIMES_SYSTEM) {
                v[OC_S_CPU_SYSTEM].f = t.system;
                ok |= OC_SLOT(OC_S_CPU_SYSTEM);
            }
        } else if (failed(rc, want, denied)) {
            return OSTAT_ENOPROC;
        }
    }
    READ_MAP(mem, struct ostat_proc_memory_info, OSTAT_PROC_MEMORY_INFO_INIT,
             ostat_proc_memory_info);
    READ_MAP(foot, struct ostat_proc_memory_footprint,
             OSTAT_PROC_MEMORY_FOOTPRINT_INIT, ostat_proc_memory_footprint);
    READ_MAP(faults, struct ostat_proc_page_faults, OSTAT_PROC_PAGE_FAULTS_INIT,
             ostat_proc_page_faults);
    READ_MAP(io, struct ostat_proc_io_counters, OSTAT_PROC_IO_COUNTERS_INIT,
             ostat_proc_io_counters);
    if (want & OC_SLOT(OC_S_FDS)) {
        if ((rc = ostat_proc_num_fds(p, &n)) == 0) {
            v[OC_S_FDS].u = (uint64_t)n;
            ok |= OC_SLOT(OC_S_FDS);
        } else if (failed(rc, want, denied)) {
            return OSTAT_ENOPROC;
        }
    }
    READ_MAP(ctxsw, struct ostat_proc_ctx_switches,
             OSTAT_PROC_CTX_SWITCHES_INIT, ostat_proc_num_ctx_switches);
    if (want & OC_SLOT(OC_S_MAPS)) {
        ostat_list *maps = NULL;

        if ((rc = ostat_proc_memory_maps(p, 0, &maps)) == 0) {
            v[OC_S_MAPS].u = ostat_list_count(maps);
            ok |= OC_SLOT(OC_S_MAPS);
            ostat_list_free(maps);
        } else if (failed(rc, want, denied)) {
            return OSTAT_ENOPROC;
        }
    }
    *valid = ok;
    return 0;
}

/* ---- the tables --------------------------------------------------------- */

static int table_reserve(struct oc_sampler *s, size_t need)
{
    size_t cap, nw = s->nw ? s->nw : 1;
    void *p;

    if (need <= s->cap) {
        return 0;
    }
    cap = need + need / 2 + 64;
#define GROW(field, elem)                                                      \
    do {                                                                       \
        p = realloc(s->field, cap * (elem));                                   \
        if (p == NULL) {                                                       \
            return OSTAT_ENOMEM;                                               \
        }                                                                      \
        s->field = p;                                                          \
    } while (0)
    GROW(ent, sizeof(struct oc_pent));
    GROW(old, sizeof(struct oc_pent));
    GROW(memb, nw * sizeof(uint64_t));
    GROW(memb_old, nw * sizeof(uint64_t));
    GROW(direct, nw * sizeof(uint64_t));
    GROW(direct_old, nw * sizeof(uint64_t));
#undef GROW
    s->cap = cap;
    return 0;
}

static void table_swap(struct oc_sampler *s)
{
    struct oc_pent *e = s->ent;
    uint64_t *m = s->memb, *d = s->direct;

    s->ent = s->old;
    s->old = e;
    s->memb = s->memb_old;
    s->memb_old = m;
    s->direct = s->direct_old;
    s->direct_old = d;
    s->nold = s->n;
    s->n = 0;
}

/* Binary search of pid in entries [0, n). */
static long find_pid(const struct oc_pent *e, size_t n, int64_t pid)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (e[mid].pid < pid) {
            lo = mid + 1;
        } else if (e[mid].pid > pid) {
            hi = mid;
        } else {
            return (long)mid;
        }
    }
    return -1;
}

/* The membership of @p ppid: this scan's if it was reached already, else
 * the previous scan's, else NULL. */
static const uint64_t *parent_bits(const struct oc_sampler *s, int64_t ppid)
{
    long i = find_pid(s->ent, s->n, ppid);

    if (i >= 0) {
        return s->memb + (size_t)i * s->nw;
    }
    i = find_pid(s->old, s->nold, ppid);
    return i >= 0 ? s->memb_old + (size_t)i * s->nw : NULL;
}

/* ---- matching ----------------------------------------------------------- */

/* A string getter into the sampler's buffer at @p at, growing it on
 * OSTAT_EBUFS; the length (without the NUL) in *len, 0 on failure. */
static int fetch(struct oc_sampler *s,
                 ostat_proc *p,
                 int (*fn)(ostat_proc *, char *, size_t *),
                 size_t at,
                 size_t *len)
{
    for (;;) {
        size_t n = s->bufcap > at ? s->bufcap - at : 0;
        int rc = n > 0 ? fn(p, s->buf + at, &n) : OSTAT_EBUFS;

        if (rc != OSTAT_EBUFS) {
            *len = rc == 0 ? n : 0;
            if (rc != 0 && s->bufcap > at) {
                s->buf[at] = '\0';
            }
            return rc;
        }
        if (n < 256) {
            n = 256;
        }
        {
            size_t cap = at + n + 1024;
            char *b = realloc(s->buf, cap);

            if (b == NULL) {
                *len = 0;
                return OSTAT_ENOMEM;
            }
            s->buf = b;
            s->bufcap = cap;
        }
    }
}

/* A hash of the text a name or regex was matched against, to see at the
 * next scan whether it changed; eight bytes a step, as it runs over every
 * command line at every scan. */
static uint64_t text_hash(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;

    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    w = 0;
    memcpy(&w, p, n);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

static void set_bit(uint64_t *bits, int i)
{
    bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static int has_bit(const uint64_t *bits, int i)
{
    return (bits[i / 64] >> (i % 64)) & 1;
}

/* The bits of the name and regex groups that @p name and @p cmd match. */
static void match_text(const struct oc_sampler *s,
                       const char *name,
                       const char *cmd,
                       size_t cmdlen,
                       uint64_t *bits)
{
    int i;

    for (i = 0; i < s->ngroups; i++) {
        const struct oc_group *g = &s->groups[i];

        if (g->kind == OC_SEL_NAME) {
            if (strcmp(g->pattern, name) == 0) {
                set_bit(bits, i);
            }
        } else if (g->kind == OC_SEL_REGEX) {
            /* A kernel thread has no command line: its name stands in, as
             * in collectd's processes plugin. */
            if (regexec(&g->re, cmdlen > 0 ? cmd : name, 0, NULL, 0) == 0) {
                set_bit(bits, i);
            }
        }
    }
}

static int in_cgroup(const char *path, const char *group)
{
    size_t n = strlen(group);

    if (strcmp(group, "/") == 0) {
        return path[0] == '/';
    }
    return strncmp(path, group, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The groups whose user, pidfile or cgroup selectors the process matches,
 * looked at afresh every scan. */
static int match_other(struct oc_sampler *s, ostat_proc *p, uint64_t *bits)
{
    int i, have_ids = 0, have_cg = 0;
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    size_t cglen = 0;
    int64_t pid = ostat_proc_pid(p);
    int rc;

    for (i = 0; i < s->ngroups; i++) {
        const struct oc_group *g = &s->groups[i];

        switch (g->kind) {
        case OC_SEL_USER:
            if (have_ids == 0) {
                rc = ostat_proc_uids(p, &ids);
                if (gone(rc)) {
                    return OSTAT_ENOPROC;
                }
                have_ids =
                    rc == 0 && (ids.valid & OSTAT_PROC_IDS_REAL) ? 1 : -1;
            }
            if (have_ids > 0 && ids.real == g->uid) {
                set_bit(bits, i);
            }
            break;
        case OC_SEL_PIDFILE:
            if (g->pidfile_pid > 0 && g->pidfile_pid == pid) {
                set_bit(bits, i);
            }
            break;
        case OC_SEL_CGROUP:
            if (have_cg == 0) {
                rc = fetch(s, p, ostat_proc_cgroup, 0, &cglen);
                if (gone(rc)) {
                    return OSTAT_ENOPROC;
                }
                if (rc == OSTAT_ENOMEM) {
                    return rc;
                }
                have_cg = rc == 0 ? 1 : -1;
            }
            if (have_cg > 0 && in_cgroup(s->buf, g->pattern)) {
                set_bit(bits, i);
            }
            break;
        default:
            break;
        }
    }
    return 0;
}

/* The pid a pidfile names this scan; -1 when it cannot be read or holds no
 * pid, with a warning the first time for each reason. */
static void read_pidfile(struct oc_sampler *s, struct oc_group *g)
{
    char buf[64];
    ssize_t n;
    int fd, err = 0;
    int64_t pid = 0;
    const char *p;

    g->pidfile_pid = -1;
    fd = open(g->pattern, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        err = errno;
    } else {
        n = read(fd, buf, sizeof(buf) - 1);
        err = n < 0 ? errno : 0;
        close(fd);
        if (n >= 0) {
            buf[n] = '\0';
            for (p = buf; *p == ' ' || *p == '\t'; p++) {
            }
            for (; *p >= '0' && *p <= '9' && pid <= INT32_MAX; p++) {
                pid = pid * 10 + (*p - '0');
            }
            if (pid > 0 && pid <= INT32_MAX &&
                (*p == '\0' || isspace((unsigned char)*p))) {
                g->pidfile_pid = pid;
            } else {
                err = -1;
            }
        }
    }
    if (err != 0 && err != g->pidfile_err) {
        if (err == -1) {
            oc__log(s, "group \"%s\": the pidfile %s holds no pid", g->name,
                    g->pattern);
        } else {
            oc__log(s, "group \"%s\": cannot read the pidfile %s: %s", g->name,
                    g->pattern, strerror(err));
        }
    }
    g->pidfile_err = err;
}

/* ---- the scan ----------------------------------------------------------- */

static int state_index(int32_t st)
{
    switch (st) {
    case OSTAT_STATUS_RUNNING:
        return OC_ST_RUNNING;
    case OSTAT_STATUS_SLEEPING:
        return OC_ST_SLEEPING;
    case OSTAT_STATUS_DISK_SLEEP:
        return OC_ST_DISK_SLEEP;
    case OSTAT_STATUS_STOPPED:
        return OC_ST_STOPPED;
    case OSTAT_STATUS_TRACING_STOP:
        return OC_ST_TRACING_STOP;
    case OSTAT_STATUS_ZOMBIE:
        return OC_ST_ZOMBIE;
    case OSTAT_STATUS_IDLE:
        return OC_ST_IDLE;
    case OSTAT_STATUS_WAKING:
        return OC_ST_WAKING;
    case OSTAT_STATUS_PARKED:
        return OC_ST_PARKED;
    case OSTAT_STATUS_DEAD:
        return OC_ST_DEAD;
    default:
        return OC_ST_OTHER;
    }
}

/* What one member process adds to group @p g for counter slot @p k;
 * @p old is its entry of the last scan, NULL for a new process. */
static double contribution_f(const struct oc_group *g,
                             const struct oc_pent *old,
                             int was_member,
                             const union oc_value *v,
                             int k)
{
    if (!g->scanned || old == NULL) {
        return v[k].f;
    }
    if (was_member && (old->prev_valid & OC_SLOT(k))) {
        return v[k].f > old->prev[k].f ? v[k].f - old->prev[k].f : 0.0;
    }
    return 0.0;
}

static uint64_t contribution_u(const struct oc_group *g,
                               const struct oc_pent *old,
                               int was_member,
                               const union oc_value *v,
                               int k)
{
    if (!g->scanned || old == NULL) {
        return v[k].u;
    }
    if (was_member && (old->prev_valid & OC_SLOT(k))) {
        return v[k].u > old->prev[k].u ? v[k].u - old->prev[k].u : 0;
    }
    return 0;
}

/* Add one member's values to the groups of @p mb; @p oi is its index in
 * the last scan's table, or -1 for a new process. */
static void add_member(struct oc_sampler *s,
                       const uint64_t *mb,
                       long oi,
                       const union oc_value *v,
                       uint64_t valid,
                       uint64_t denied)
{
    const struct oc_pent *old = oi >= 0 ? &s->old[oi] : NULL;
    int gi, k;

    for (gi = 0; gi < s->ngroups; gi++) {
        struct oc_group *g = &s->groups[gi];
        uint64_t slots = g->slots;
        int was = oi >= 0 && has_bit(s->memb_old + (size_t)oi * s->nw, gi);

        if (!has_bit(mb, gi)) {
            continue;
        }
        g->nproc++;
        g->denied |= denied & slots & ~valid;
        for (k = 0; k < OC_S_COUNT; k++) {
            if (!(slots & OC_SLOT(k)) || !(valid & OC_SLOT(k))) {
                continue;
            }
            g->given |= OC_SLOT(k);
            if (OC_F64_SLOTS & OC_SLOT(k)) {
                double c = contribution_f(g, old, was, v, k);

                g->total[k].f += c;
                if (g->scanned) {
                    g->cpu_delta += c;
                }
            } else if (OC_COUNTER_SLOTS & OC_SLOT(k)) {
                g->total[k].u += contribution_u(g, old, was, v, k);
            } else {
                g->sum[k].u += v[k].u;
            }
        }
    }
}

/* One process of the scan that is not a zombie: its entry, groups and
 * values. */
static int scan_row(struct oc_sampler *s, ostat_proc *p, double boot)
{
    struct oc_pent *e;
    union oc_value v[OC_S_COUNT];
    uint64_t *mb, *dir, valid = 0, denied = 0, want = 0, any = 0;
    int64_t pid = ostat_proc_pid(p), ppid = -1;
    double ctime, start;
    size_t idx, w, nw = s->nw;
    long oi = -1;
    int rc, gi;

    if (ostat_proc_create_time(p, &ctime) != 0) {
        return 0; /* no identity: left out of the groups this time */
    }
    start = ctime - boot;
    if (ostat_proc_ppid(p, &ppid) != 0) {
        ppid = -1;
    }
    while (s->oldpos < s->nold && s->old[s->oldpos].pid < pid) {
        s->oldpos++;
    }
    if (s->oldpos < s->nold && s->old[s->oldpos].pid == pid &&
        fabs(s->old[s->oldpos].start - start) < 0.004) {
        oi = (long)s->oldpos; /* the same process as at the last scan */
    }
    if ((rc = table_reserve(s, s->n + 1)) != 0) {
        return rc;
    }
    idx = s->n;
    e = &s->ent[idx];
    mb = s->memb + idx * nw;
    dir = s->direct + idx * nw;
    if (oi >= 0) {
        *e = s->old[oi];
        memcpy(dir, s->direct_old + (size_t)oi * nw, nw * sizeof(uint64_t));
    } else {
        memset(e, 0, sizeof(*e));
        e->pid = pid;
        e->start = start;
        memset(dir, 0, nw * sizeof(uint64_t));
    }

    if (s->kinds & (kind_bit(OC_SEL_NAME) | kind_bit(OC_SEL_REGEX))) {
        size_t nlen = 0, clen = 0;
        uint64_t h;

        rc = fetch(s, p, ostat_proc_name, 0, &nlen);
        if (gone(rc)) {
            return 0;
        }
        if (rc == OSTAT_ENOMEM) {
            return rc;
        }
        if (s->kinds & kind_bit(OC_SEL_REGEX)) {
            rc = fetch(s, p, ostat_proc_cmdline_string, nlen + 1, &clen);
            if (gone(rc)) {
                return 0;
            }
            if (rc == OSTAT_ENOMEM) {
                return rc;
            }
        }
        h = text_hash(s->buf, nlen + 1 + clen);
        if (oi < 0 || e->text_hash != h) {
            memset(dir, 0, nw * sizeof(uint64_t));
            match_text(s, s->buf, s->buf + nlen + 1, clen, dir);
            e->text_hash = h;
        }
    }
    memcpy(mb, dir, nw * sizeof(uint64_t));
    if (s->kinds & (kind_bit(OC_SEL_USER) | kind_bit(OC_SEL_PIDFILE) |
                    kind_bit(OC_SEL_CGROUP))) {
        if ((rc = match_other(s, p, mb)) != 0) {
            return rc == OSTAT_ENOMEM ? rc : 0;
        }
    }
    if (s->include_children && ppid > 0) {
        const uint64_t *pb = parent_bits(s, ppid);

        for (w = 0; pb != NULL && w < nw; w++) {
            mb[w] |= pb[w];
        }
    }
    s->n++; /* the entry is in the table from here on */
    for (w = 0; w < nw; w++) {
        any |= mb[w];
    }
    e->prev_valid = 0;
    if (any == 0) {
        return 0;
    }
    for (gi = 0; gi < s->ngroups; gi++) {
        if (has_bit(mb, gi)) {
            want |= s->groups[gi].slots;
        }
    }
    memset(v, 0, sizeof(v));
    if (read_slots(p, want, v, &valid, &denied) != 0) {
        /* Gone since it was listed: as if it had ended before the scan. */
        s->n--;
        return 0;
    }
    add_member(s, mb, oi, v, valid, denied);
    memcpy(e->prev, v, sizeof(v));
    e->prev_valid = valid;
    return 0;
}

int oc__scan(struct oc_sampler *s)
{
    uint64_t threads = 0;
    int threads_ok = 1, need_threads, rc, i;
    double boot = 0.0, now;
    ostat_proc *p;

    s->scan_ok = 0;
    if (s->it == NULL) {
        s->nw = (size_t)(s->ngroups + 63) / 64;
        rc = ostat_proc_iter_new(s->ctx, iter_fields(s), &s->it);
        if (rc != 0) {
            oc__log(s, "ostat_proc_iter_new: %s", ostat_strerror(rc));
            return rc;
        }
    } else {
        ostat_proc_iter_rewind(s->it);
    }
    if (s->ngroups > 0 && (rc = ostat_boot_time(s->ctx, &boot)) != 0) {
        oc__log(s, "ostat_boot_time: %s", ostat_strerror(rc));
        return rc;
    }
    table_swap(s);
    s->oldpos = 0;
    for (i = 0; i < s->ngroups; i++) {
        struct oc_group *g = &s->groups[i];

        g->slots = families_slots(g->families);
        g->nproc = 0;
        g->given = 0;
        g->denied = 0;
        g->cpu_delta = 0.0;
        memset(g->sum, 0, sizeof(g->sum));
        if (g->kind == OC_SEL_PIDFILE) {
            read_pidfile(s, g);
        }
    }
    memset(s->states, 0, sizeof(s->states));
    need_threads = (s->enabled & OC_FAM_BIT(OC_FAM_PROCESS_STATES)) != 0;
    now = mono_now();
    while ((rc = ostat_proc_iter_next(s->it, &p)) == 1) {
        int32_t st;

        rc = ostat_proc_status(p, &st);
        if (rc != 0 && gone(rc) && rc != OSTAT_ENOPROC_ZOMBIE) {
            continue;
        }
        s->states[OC_ST_PROCESSES]++;
        if (rc != 0) {
            s->states[OC_ST_OTHER]++; /* listed, but its stat is hidden */
            continue;
        }
        s->states[state_index(st)]++;
        if (st == OSTAT_STATUS_ZOMBIE) {
            continue;
        }
        if (need_threads) {
            int32_t th;

            rc = ostat_proc_num_threads(p, &th);
            if (rc == 0) {
                threads += (uint64_t)th;
            } else if (!gone(rc)) {
                threads_ok = 0;
            }
        }
        if (s->ngroups > 0 && (rc = scan_row(s, p, boot)) != 0) {
            break;
        }
    }
    if (rc != 0) {
        oc__log(s, "process scan: %s", ostat_strerror(rc));
        return rc;
    }
    s->states[OC_ST_THREADS] = threads;
    s->states_valid = ((uint64_t)1 << OC_ST_PROCS_RUNNING) - 1;
    if (!threads_ok) {
        s->states_valid &= ~((uint64_t)1 << OC_ST_THREADS);
    }
    s->elapsed = s->scans > 0 ? now - s->scan_mono : 0.0;
    s->scan_mono = now;
    for (i = 0; i < s->ngroups; i++) {
        struct oc_group *g = &s->groups[i];

        g->cpu_delta_valid =
            g->scanned && s->elapsed > 0 &&
            (g->nproc == 0 || (g->given & OC_SLOT(OC_S_CPU_USER)));
        g->scanned = 1;
        if (g->denied & ~g->denied_said) {
            oc__log(s,
                    "group \"%s\": some processes refuse to be read (access "
                    "denied); the group's sums leave them out",
                    g->name);
            g->denied_said |= g->denied;
        }
    }
    s->scans++;
    s->scan_ok = 1;
    return 0;
}

/* ---- the group and state families --------------------------------------
 */

static int fill_cgroup(struct oc_sampler *s,
                       const struct oc_family *f,
                       struct oc_group *g,
                       struct oc_record *rec)
{
    size_t i;
    int rc;

    if (g->cg_scan != s->scans) {
        struct ostat_cgroup cg = OSTAT_CGROUP_INIT;

        g->cg_scan = s->scans;
        rc = ostat_cgroup_stats(s->ctx, g->pattern, &cg);
        if (rc != 0 && rc != OSTAT_ENOTSUP && rc != g->cg_rc) {
            oc__log(s, "group \"%s\": ostat_cgroup_stats %s: %s", g->name,
                    g->pattern, ostat_strerror(rc));
        }
        g->cg_rc = rc;
        g->cg = cg;
    }
    if (g->cg_rc != 0) {
        return 0;
    }
    for (i = 0; i < f->nfields; i++) {
        const struct oc_field *fd = &f->fields[i];

        if (g->cg.valid & fd->valid) {
            memcpy(&rec->v[i].u, (const char *)&g->cg + fd->offset,
                   sizeof(uint64_t));
            rec->valid |= OSTAT_BIT(i);
        }
    }
    return 0;
}

static int cgroup_family(int id)
{
    return id == OC_FAM_PROC_CGROUP_MEMORY || id == OC_FAM_PROC_CGROUP_CPU ||
           id == OC_FAM_PROC_CGROUP_CPU_PERIODS ||
           id == OC_FAM_PROC_CGROUP_PIDS;
}

int oc__fill_group(struct oc_sampler *s,
                   const struct oc_family *f,
                   oc_emit_fn emit,
                   void *payload)
{
    int gi;
    size_t i;

    if (!s->scan_ok) {
        return 0;
    }
    for (gi = 0; gi < s->ngroups; gi++) {
        struct oc_group *g = &s->groups[gi];
        struct oc_record rec;

        if (!(g->families & OC_FAM_BIT(f->id))) {
            continue;
        }
        memset(&rec, 0, sizeof(rec));
        rec.family = f;
        rec.instance = g->name;
        rec.group = gi;
        if (cgroup_family(f->id)) {
            if (g->kind != OC_SEL_CGROUP) {
                continue; /* only a cgroup's group has one to report */
            }
            fill_cgroup(s, f, g, &rec);
        } else if (f->id == OC_FAM_PROC_COUNT) {
            rec.v[0].u = g->nproc;
            rec.valid = 1;
            if (g->nproc == 0 || (g->given & OC_SLOT(OC_S_THREADS))) {
                rec.v[1].u = g->sum[OC_S_THREADS].u;
                rec.valid |= 2;
            }
        } else if (f->id == OC_FAM_PROC_CPU_PERCENT) {
            if (g->cpu_delta_valid) {
                rec.v[0].f = g->cpu_delta / s->elapsed * 100.0;
                rec.valid = 1;
            }
        } else {
            for (i = 0; i < f->nfields; i++) {
                int k = (int)f->fields[i].offset;

                if (g->nproc > 0 && !(g->given & OC_SLOT(k))) {
                    continue; /* no member gave it */
                }
                rec.v[i] =
                    (OC_COUNTER_SLOTS & OC_SLOT(k)) ? g->total[k] : g->sum[k];
                rec.valid |= OSTAT_BIT(i);
            }
        }
        if (rec.valid != 0 && oc__emit(s, emit, payload, &rec) != 0) {
            return 0;
        }
    }
    return 0;
}

int oc__fill_states(struct oc_sampler *s,
                    const struct oc_family *f,
                    oc_emit_fn emit,
                    void *payload)
{
    struct ostat_cpu_stats cs = OSTAT_CPU_STATS_INIT;
    struct oc_record rec;
    int i;

    memset(&rec, 0, sizeof(rec));
    rec.family = f;
    rec.instance = "";
    rec.group = -1;
    if (s->scan_ok) {
        for (i = 0; i < OC_ST_PROCS_RUNNING; i++) {
            rec.v[i].u = s->states[i];
        }
        rec.valid = s->states_valid;
    }
    if (ostat_cpu_stats(s->ctx, &cs) == 0) {
        if (cs.valid & OSTAT_CPU_STATS_PROCS_RUNNING) {
            rec.v[OC_ST_PROCS_RUNNING].u = cs.procs_running;
            rec.valid |= OSTAT_BIT(OC_ST_PROCS_RUNNING);
        }
        if (cs.valid & OSTAT_CPU_STATS_PROCS_BLOCKED) {
            rec.v[OC_ST_PROCS_BLOCKED].u = cs.procs_blocked;
            rec.valid |= OSTAT_BIT(OC_ST_PROCS_BLOCKED);
        }
    }
    if (rec.valid == 0) {
        return s->scan_ok ? 0 : OSTAT_EOS;
    }
    oc__emit(s, emit, payload, &rec);
    return 0;
}
