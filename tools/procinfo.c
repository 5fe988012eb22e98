/* SPDX-License-Identifier: MIT */
/* procinfo.c: everything about one process, as psutil's scripts/procinfo.py.
 * Every field is read first, then printed as a listing or a JSON object; a
 * field that cannot be read shows its error in place (psutil's ad_value). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

/* The interval cpu_percent is sampled over unless --interval is given. */
#define DEFAULT_INTERVAL 0.1
/* Threads listed in the table (all of them in JSON). */
#define THREADS_SHOWN 5
/* "name=value, ..." values wrap at this many columns. */
#define PAIRS_WIDTH 60
/* Resource limits, OSTAT_RLIMIT_CPU to OSTAT_RLIMIT_RTTIME. */
#define NRLIMITS 16

/* The fields, in the order they are printed. */
enum field_id {
    F_PID,
    F_NAME,
    F_EXE,
    F_CMDLINE,
    F_CWD,
    F_USERNAME,
    F_UIDS,
    F_GIDS,
    F_TERMINAL,
    F_STATUS,
    F_PPID,
    F_PARENT_NAME,
    F_CREATE_TIME,
    F_NICE,
    F_IONICE,
    F_NUM_THREADS,
    F_NUM_FDS,
    F_NUM_CTX_SWITCHES,
    F_CPU_TIMES,
    F_CPU_PERCENT,
    F_CPU_NUM,
    F_CPU_AFFINITY,
    F_MEMORY_INFO,
    F_MEMORY_FOOTPRINT,
    F_MEMORY_PERCENT,
    F_PAGE_FAULTS,
    F_IO_COUNTERS,
    F_RLIMITS,
    F_THREADS,
    F_CHILDREN,
    F_ENVIRON,
    F_COUNT
};

/* psutil's names of the fields. */
static const char *const field_names[F_COUNT] = {
    "pid",
    "name",
    "exe",
    "cmdline",
    "cwd",
    "username",
    "uids",
    "gids",
    "terminal",
    "status",
    "ppid",
    "parent_name",
    "create_time",
    "nice",
    "ionice",
    "num_threads",
    "num_fds",
    "num_ctx_switches",
    "cpu_times",
    "cpu_percent",
    "cpu_num",
    "cpu_affinity",
    "memory_info",
    "memory_footprint",
    "memory_percent",
    "page_faults",
    "io_counters",
    "rlimits",
    "threads",
    "children",
    "environ",
};

/* psutil's RLIMIT_* names in lower case, by OSTAT_RLIMIT_* number. */
static const char *const rlimit_names[NRLIMITS] = {
    "cpu",      "fsize",  "data",    "stack",  "core",  "rss",
    "nproc",    "nofile", "memlock", "as",     "locks", "sigpending",
    "msgqueue", "nice",   "rtprio",  "rttime",
};

/* psutil's IOPriority names, by OSTAT_IOPRIO_CLASS_* value. */
static const char *const ioclass_names[] = {
    "IOPRIO_CLASS_NONE",
    "IOPRIO_CLASS_RT",
    "IOPRIO_CLASS_BE",
    "IOPRIO_CLASS_IDLE",
};

struct child {
    ostat_pid_t pid;
    char *name; /* NULL if it could not be read */
};

/* What was read about the process: rc[F_*] is 0 or the field's error. */
struct info {
    int rc[F_COUNT];
    int status; /* the exit status so far */
    ostat_pid_t pid;
    char *name, *exe, *cwd, *username, *terminal, *parent_name;
    char **cmdline;
    size_t ncmdline;
    struct ostat_proc_ids uids, gids;
    int32_t state, nice, num_threads, num_fds, cpu_num;
    ostat_pid_t ppid;
    double create_time, cpu_percent, memory_percent;
    struct ostat_proc_ionice ionice;
    struct ostat_proc_ctx_switches ctx_switches;
    struct ostat_proc_cpu_times cpu_times;
    struct ostat_proc_memory_info memory_info;
    struct ostat_proc_memory_footprint footprint;
    struct ostat_proc_page_faults page_faults;
    struct ostat_proc_io_counters io_counters;
    int64_t *affinity;
    size_t naffinity;
    int64_t rlim[NRLIMITS][2];
    int rlim_rc[NRLIMITS];
    struct ostat_proc_thread *threads;
    size_t nthreads;
    struct child *children;
    size_t nchildren;
    char **env_names, **env_values;
    size_t nenv;
};

static void info_init(struct info *in)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_ionice ionice = OSTAT_PROC_IONICE_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_cpu_times ct = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;

    memset(in, 0, sizeof(*in));
    in->uids = ids;
    in->gids = ids;
    in->ionice = ionice;
    in->ctx_switches = cs;
    in->cpu_times = ct;
    in->memory_info = mi;
    in->footprint = mf;
    in->page_faults = pf;
    in->io_counters = io;
}

static void free_strings(char **v, size_t n)
{
    size_t i;

    for (i = 0; i < n && v != NULL; i++) {
        free(v[i]);
    }
    free(v);
}

static void info_free(struct info *in)
{
    size_t i;

    free(in->name);
    free(in->exe);
    free(in->cwd);
    free(in->username);
    free(in->terminal);
    free(in->parent_name);
    free_strings(in->cmdline, in->ncmdline);
    free(in->affinity);
    free(in->threads);
    for (i = 0; i < in->nchildren; i++) {
        free(in->children[i].name);
    }
    free(in->children);
    free_strings(in->env_names, in->nenv);
    free_strings(in->env_values, in->nenv);
}

/* Does @rc say the process itself is gone (not merely a zombie)? */
static int is_gone(int rc)
{
    return ostat_err_is(rc, OSTAT_ENOPROC) &&
           !ostat_err_is(rc, OSTAT_ENOPROC_ZOMBIE);
}

/* Judge the error of reading @what: access denied, not supported and
 * zombie only make the field unavailable; other errors are also reported
 * on stderr and make the exit status 1. Returns non-zero when the process
 * is gone, which ends procinfo. */
static int judge(struct info *in, const char *what, int rc)
{
    char *msg;

    if (rc == 0 || ostat_err_is(rc, OSTAT_EACCES) ||
        ostat_err_is(rc, OSTAT_ENOTSUP) ||
        ostat_err_is(rc, OSTAT_ENOPROC_ZOMBIE)) {
        return 0;
    }
    if (is_gone(rc)) {
        return 1;
    }
    msg = out_asprintf("procinfo %lld: %s", (long long)in->pid, what);
    in->status = out_error(msg, rc);
    free(msg);
    return 0;
}

/* Record the result of reading field @id; see judge(). */
static int keep(struct info *in, enum field_id id, int rc)
{
    in->rc[id] = rc;
    return judge(in, field_names[id], rc);
}

int proc_string(int (*fn)(ostat_proc *, char *, size_t *),
                ostat_proc *p,
                char **out)
{
    size_t cap = 256, len;
    char *buf;
    int rc;

    *out = NULL;
    for (;;) {
        buf = out_malloc(cap);
        len = cap;
        rc = fn(p, buf, &len);
        if (rc == 0) {
            *out = buf;
            return 0;
        }
        free(buf);
        if (rc != OSTAT_EBUFS || len <= cap) {
            return rc;
        }
        cap = len;
    }
}

/* A list of strings as an array of copies. */
static int strings_of(const ostat_list *l, char ***out, size_t *n)
{
    size_t i, count = ostat_list_count(l);
    char **v = out_malloc(count * sizeof(*v));
    const char *s;
    int rc;

    for (i = 0; i < count; i++) {
        if ((rc = ostat_list_string(l, i, &s, NULL)) != 0) {
            free_strings(v, i);
            return rc;
        }
        v[i] = out_strdup(s);
    }
    *out = v;
    *n = count;
    return 0;
}

/* A list of integers as an array. */
static int ints_of(const ostat_list *l, int64_t **out, size_t *n)
{
    size_t i, count = ostat_list_count(l);
    int64_t *v = out_malloc(count * sizeof(*v));
    int rc;

    for (i = 0; i < count; i++) {
        if ((rc = ostat_list_int64(l, i, &v[i])) != 0) {
            free(v);
            return rc;
        }
    }
    *out = v;
    *n = count;
    return 0;
}

static int read_cmdline(struct info *in, ostat_proc *p)
{
    ostat_list *l = NULL;
    int rc;

    if ((rc = ostat_proc_cmdline(p, &l)) == 0) {
        rc = strings_of(l, &in->cmdline, &in->ncmdline);
    }
    ostat_list_free(l);
    return keep(in, F_CMDLINE, rc);
}

/* ppid and the parent's name: the parent may end meanwhile, which is not
 * this process's error. */
static int read_parent(struct info *in, ostat_proc *p)
{
    ostat_proc *parent = NULL;
    int rc;

    if (keep(in, F_PPID, ostat_proc_ppid(p, &in->ppid)) ||
        keep(in, F_PARENT_NAME, ostat_proc_parent(p, &parent))) {
        return 1;
    }
    if (parent == NULL) {
        return 0;
    }
    rc = proc_string(ostat_proc_name, parent, &in->parent_name);
    ostat_proc_free(parent);
    return keep(in, F_PARENT_NAME, is_gone(rc) ? 0 : rc);
}

static int read_affinity(struct info *in, ostat_proc *p)
{
    ostat_list *l = NULL;
    int rc;

    if ((rc = ostat_proc_cpu_affinity(p, &l)) == 0) {
        rc = ints_of(l, &in->affinity, &in->naffinity);
    }
    ostat_list_free(l);
    return keep(in, F_CPU_AFFINITY, rc);
}

/* Every limit; the field fails only when all of them do. */
static int read_rlimits(struct info *in, ostat_proc *p)
{
    int32_t r;
    int any = 0;
    char *what;

    for (r = 0; r < NRLIMITS; r++) {
        int rc = ostat_proc_rlimit(p, r, &in->rlim[r][0], &in->rlim[r][1]);

        in->rlim_rc[r] = rc;
        if (rc == 0) {
            any = 1;
            continue;
        }
        what = out_asprintf("rlimits.%s", rlimit_names[r]);
        if (judge(in, what, rc)) {
            free(what);
            return 1;
        }
        free(what);
    }
    in->rc[F_RLIMITS] = any ? 0 : in->rlim_rc[0];
    return 0;
}

static int read_threads(struct info *in, ostat_proc *p)
{
    ostat_list *l = NULL;
    size_t i, n;
    int rc;

    if ((rc = ostat_proc_threads(p, &l)) == 0) {
        n = ostat_list_count(l);
        in->threads = out_malloc(n * sizeof(*in->threads));
        for (i = 0; i < n && rc == 0; i++) {
            struct ostat_proc_thread init = OSTAT_PROC_THREAD_INIT;

            in->threads[i] = init;
            rc = ostat_list_thread(l, i, &in->threads[i]);
        }
        in->nthreads = rc == 0 ? n : 0;
    }
    ostat_list_free(l);
    return keep(in, F_THREADS, rc);
}

/* The children and their names; one that ends meanwhile is left out. */
static int read_children(struct info *in, ostat_ctx *ctx, ostat_proc *p)
{
    ostat_list *l = NULL;
    int64_t *pids = NULL;
    size_t i, n = 0;
    int rc;

    if ((rc = ostat_proc_children(p, 0, &l)) == 0) {
        rc = ints_of(l, &pids, &n);
    }
    ostat_list_free(l);
    if (keep(in, F_CHILDREN, rc)) {
        return 1;
    }
    if (rc != 0) {
        return 0;
    }
    in->children = out_malloc(n * sizeof(*in->children));
    for (i = 0; i < n; i++) {
        struct child *c = &in->children[in->nchildren];
        ostat_proc *cp = NULL;

        c->pid = pids[i];
        c->name = NULL;
        rc = ostat_proc_open(ctx, pids[i], &cp);
        if (rc == 0) {
            rc = proc_string(ostat_proc_name, cp, &c->name);
            ostat_proc_free(cp);
        }
        if (!is_gone(rc)) {
            in->nchildren++;
        }
    }
    free(pids);
    return 0;
}

static int read_environ(struct info *in, ostat_proc *p)
{
    ostat_list *l = NULL;
    size_t i, n;
    int rc;

    if ((rc = ostat_proc_environ(p, &l)) == 0) {
        n = ostat_list_count(l);
        in->env_names = out_malloc(n * sizeof(char *));
        in->env_values = out_malloc(n * sizeof(char *));
        for (i = 0; i < n; i++) {
            struct ostat_proc_environ_var v = OSTAT_PROC_ENVIRON_VAR_INIT;

            if ((rc = ostat_list_environ_var(l, i, &v)) != 0) {
                break;
            }
            in->env_names[i] = out_strdup(v.name ? v.name : "");
            in->env_values[i] = out_strdup(v.value ? v.value : "");
            in->nenv = i + 1;
        }
    }
    ostat_list_free(l);
    return keep(in, F_ENVIRON, rc);
}

/* Read every field; non-zero if the process turned out to be gone. */
static int
collect(struct info *in, ostat_ctx *ctx, ostat_proc *p, const struct opts *o)
{
    double interval =
        (o->given & OPT_INTERVAL) ? o->interval : DEFAULT_INTERVAL;

    return keep(in, F_NAME, proc_string(ostat_proc_name, p, &in->name)) ||
           keep(in, F_EXE, proc_string(ostat_proc_exe, p, &in->exe)) ||
           read_cmdline(in, p) ||
           keep(in, F_CWD, proc_string(ostat_proc_cwd, p, &in->cwd)) ||
           keep(in, F_USERNAME,
                proc_string(ostat_proc_username, p, &in->username)) ||
           keep(in, F_UIDS, ostat_proc_uids(p, &in->uids)) ||
           keep(in, F_GIDS, ostat_proc_gids(p, &in->gids)) ||
           keep(in, F_TERMINAL,
                proc_string(ostat_proc_terminal, p, &in->terminal)) ||
           keep(in, F_STATUS, ostat_proc_status(p, &in->state)) ||
           read_parent(in, p) ||
           keep(in, F_CREATE_TIME,
                ostat_proc_create_time(p, &in->create_time)) ||
           keep(in, F_NICE, ostat_proc_nice(p, &in->nice)) ||
           keep(in, F_IONICE, ostat_proc_ionice(p, &in->ionice)) ||
           keep(in, F_NUM_THREADS,
                ostat_proc_num_threads(p, &in->num_threads)) ||
           keep(in, F_NUM_FDS, ostat_proc_num_fds(p, &in->num_fds)) ||
           keep(in, F_NUM_CTX_SWITCHES,
                ostat_proc_num_ctx_switches(p, &in->ctx_switches)) ||
           keep(in, F_CPU_TIMES, ostat_proc_cpu_times(p, &in->cpu_times)) ||
           keep(in, F_CPU_PERCENT,
                ostat_proc_cpu_percent(p, interval, &in->cpu_percent)) ||
           keep(in, F_CPU_NUM, ostat_proc_cpu_num(p, &in->cpu_num)) ||
           read_affinity(in, p) ||
           keep(in, F_MEMORY_INFO,
                ostat_proc_memory_info(p, &in->memory_info)) ||
           keep(in, F_MEMORY_FOOTPRINT,
                ostat_proc_memory_footprint(p, &in->footprint)) ||
           keep(in, F_MEMORY_PERCENT,
                ostat_proc_memory_percent(p, "rss", &in->memory_percent)) ||
           keep(in, F_PAGE_FAULTS,
                ostat_proc_page_faults(p, &in->page_faults)) ||
           keep(in, F_IO_COUNTERS,
                ostat_proc_io_counters(p, &in->io_counters)) ||
           read_rlimits(in, p) || read_threads(in, p) ||
           read_children(in, ctx, p) || (o->environ_too && read_environ(in, p));
}

/* ---- JSON ----------------------------------------------------------------
 */

static void json_field(struct json *j, const struct info *in, enum field_id id)
{
    size_t i;
    int r;

    switch (id) {
    case F_PID:
        json_i64(j, in->pid);
        break;
    case F_NAME:
        json_string(j, in->name);
        break;
    case F_EXE:
        json_string(j, in->exe);
        break;
    case F_CMDLINE:
        json_begin_array(j);
        for (i = 0; i < in->ncmdline; i++) {
            json_string(j, in->cmdline[i]);
        }
        json_end_array(j);
        break;
    case F_CWD:
        json_string(j, in->cwd);
        break;
    case F_USERNAME:
        json_string(j, in->username);
        break;
    case F_UIDS:
        fields_json(j, &fs_proc_ids, &in->uids, in->uids.valid);
        break;
    case F_GIDS:
        fields_json(j, &fs_proc_ids, &in->gids, in->gids.valid);
        break;
    case F_TERMINAL:
        /* psutil's None for a process without a terminal. */
        json_string(j, in->terminal[0] != '\0' ? in->terminal : NULL);
        break;
    case F_STATUS:
        json_string(j, ostat_status_name(in->state));
        break;
    case F_PPID:
        json_i64(j, in->ppid);
        break;
    case F_PARENT_NAME:
        json_string(j, in->parent_name);
        break;
    case F_CREATE_TIME:
        json_double(j, in->create_time);
        break;
    case F_NICE:
        json_i64(j, in->nice);
        break;
    case F_IONICE:
        fields_json(j, &fs_proc_ionice, &in->ionice, in->ionice.valid);
        break;
    case F_NUM_THREADS:
        json_i64(j, in->num_threads);
        break;
    case F_NUM_FDS:
        json_i64(j, in->num_fds);
        break;
    case F_NUM_CTX_SWITCHES:
        fields_json(j, &fs_proc_ctx_switches, &in->ctx_switches,
                    in->ctx_switches.valid);
        break;
    case F_CPU_TIMES:
        fields_json(j, &fs_proc_cpu_times, &in->cpu_times, in->cpu_times.valid);
        break;
    case F_CPU_PERCENT:
        json_double(j, in->cpu_percent);
        break;
    case F_CPU_NUM:
        json_i64(j, in->cpu_num);
        break;
    case F_CPU_AFFINITY:
        json_begin_array(j);
        for (i = 0; i < in->naffinity; i++) {
            json_i64(j, in->affinity[i]);
        }
        json_end_array(j);
        break;
    case F_MEMORY_INFO:
        fields_json(j, &fs_proc_memory_info, &in->memory_info,
                    in->memory_info.valid);
        break;
    case F_MEMORY_FOOTPRINT:
        fields_json(j, &fs_proc_memory_footprint, &in->footprint,
                    in->footprint.valid);
        break;
    case F_MEMORY_PERCENT:
        json_double(j, in->memory_percent);
        break;
    case F_PAGE_FAULTS:
        fields_json(j, &fs_proc_page_faults, &in->page_faults,
                    in->page_faults.valid);
        break;
    case F_IO_COUNTERS:
        fields_json(j, &fs_proc_io_counters, &in->io_counters,
                    in->io_counters.valid);
        break;
    case F_RLIMITS:
        json_begin_object(j);
        for (r = 0; r < NRLIMITS; r++) {
            json_key(j, rlimit_names[r]);
            if (in->rlim_rc[r] != 0) {
                json_null(j);
                continue;
            }
            json_begin_array(j);
            json_i64(j, in->rlim[r][0]);
            json_i64(j, in->rlim[r][1]);
            json_end_array(j);
        }
        json_end_object(j);
        break;
    case F_THREADS:
        json_begin_array(j);
        for (i = 0; i < in->nthreads; i++) {
            fields_json(j, &fs_proc_thread, &in->threads[i],
                        in->threads[i].valid);
        }
        json_end_array(j);
        break;
    case F_CHILDREN:
        json_begin_array(j);
        for (i = 0; i < in->nchildren; i++) {
            json_begin_object(j);
            json_key(j, "pid");
            json_i64(j, in->children[i].pid);
            json_key(j, "name");
            json_string(j, in->children[i].name);
            json_end_object(j);
        }
        json_end_array(j);
        break;
    case F_ENVIRON:
        json_begin_object(j);
        for (i = 0; i < in->nenv; i++) {
            json_key_string(j, in->env_names[i]);
            json_string(j, in->env_values[i]);
        }
        json_end_object(j);
        break;
    case F_COUNT:
        break;
    }
}

/* The "errors" object: the error code of each field that is null. */
static void json_errors(struct json *j, const struct info *in, int environ_too)
{
    char *key;
    int id, r;

    json_begin_object(j);
    for (id = 0; id < F_COUNT; id++) {
        if (id == F_ENVIRON && !environ_too) {
            continue;
        }
        if (in->rc[id] != 0) {
            json_key(j, field_names[id]);
            json_string(j, ostat_err_name(in->rc[id]));
        } else if (id == F_RLIMITS) {
            for (r = 0; r < NRLIMITS; r++) {
                if (in->rlim_rc[r] != 0) {
                    key = out_asprintf("rlimits.%s", rlimit_names[r]);
                    json_key(j, key);
                    json_string(j, ostat_err_name(in->rlim_rc[r]));
                    free(key);
                }
            }
        }
    }
    json_end_object(j);
}

static void print_json(const struct info *in, const struct opts *o)
{
    struct json j;
    int id;

    json_init(&j, stdout);
    json_begin_object(&j);
    for (id = 0; id < F_COUNT; id++) {
        if (id == F_ENVIRON && !o->environ_too) {
            continue;
        }
        json_key(&j, field_names[id]);
        if (in->rc[id] != 0) {
            json_null(&j);
        } else {
            json_field(&j, in, (enum field_id)id);
        }
    }
    if (o->errors_too) {
        json_key(&j, "errors");
        json_errors(&j, in, o->environ_too);
    }
    json_end_object(&j);
    json_finish(&j);
}

/* ---- the listing ---------------------------------------------------------
 */

/* A row of the listing: @name, or "" on continuation rows. */
static void row(struct table *t, const char *name, const char *value)
{
    table_add(t, name);
    table_add(t, value);
}

/* A row showing OS bytes, made safe for the terminal. */
static void row_sanitized(struct table *t, const char *name, const char *s)
{
    char *shown = out_sanitize(s);

    row(t, name, shown);
    free(shown);
}

/* Rows of "name=value, ..." pairs, wrapped at PAIRS_WIDTH columns. */
static void rows_pairs(struct table *t,
                       const char *name,
                       const struct fieldset *fs,
                       const void *s,
                       uint64_t valid)
{
    char **pairs = fields_pairs(fs, s, valid);
    char *line = out_strdup(""), *next;
    size_t i;

    for (i = 0; i < fs->n; i++) {
        int last = i + 1 == fs->n;

        if (line[0] != '\0' &&
            out_width(line) + 1 + out_width(pairs[i]) + !last > PAIRS_WIDTH) {
            row(t, name, line);
            name = "";
            free(line);
            line = out_strdup("");
        }
        next = out_asprintf("%s%s%s%s", line, line[0] != '\0' ? " " : "",
                            pairs[i], last ? "" : ",");
        free(line);
        line = next;
    }
    row(t, name, line);
    free(line);
    free_strings(pairs, fs->n);
}

/* Rows of a nested table, its first line on the row of @name. */
static void rows_table(struct table *t, const char *name, struct table *sub)
{
    char *text = table_text(sub, 0), *p, *nl;

    for (p = text; *p != '\0'; p = nl + 1) {
        nl = strchr(p, '\n');
        if (nl == NULL) {
            row(t, name, p);
            break;
        }
        *nl = '\0';
        row(t, name, p);
        name = "";
    }
    free(text);
    table_free(sub);
}

/* "0-3, 6, 8-9" for an ascending list of CPUs. */
static char *cpu_ranges(const int64_t *v, size_t n)
{
    char *s = out_strdup(""), *next;
    size_t i = 0, k;

    while (i < n) {
        for (k = i; k + 1 < n && v[k + 1] == v[k] + 1; k++) {
        }
        if (k == i) {
            next = out_asprintf("%s%s%lld", s, i ? ", " : "", (long long)v[i]);
        } else {
            next = out_asprintf("%s%s%lld-%lld", s, i ? ", " : "",
                                (long long)v[i], (long long)v[k]);
        }
        free(s);
        s = next;
        i = k + 1;
    }
    return s;
}

static char *limit_text(int64_t v)
{
    if (v == OSTAT_RLIM_INFINITY) {
        return out_strdup("unlimited");
    }
    return out_asprintf("%lld", (long long)v);
}

static void rows_rlimits(struct table *t, const struct info *in)
{
    struct table sub;
    char *soft, *hard;
    int r;

    table_init(&sub, 3, 1u);
    table_add(&sub, "resource");
    table_add(&sub, "soft");
    table_add(&sub, "hard");
    for (r = 0; r < NRLIMITS; r++) {
        table_add(&sub, rlimit_names[r]);
        if (in->rlim_rc[r] != 0) {
            table_add(&sub, ostat_strerror(in->rlim_rc[r]));
            table_add(&sub, "");
            continue;
        }
        soft = limit_text(in->rlim[r][0]);
        hard = limit_text(in->rlim[r][1]);
        table_add(&sub, soft);
        table_add(&sub, hard);
        free(soft);
        free(hard);
    }
    rows_table(t, "rlimits", &sub);
}

static void rows_threads(struct table *t, const struct info *in)
{
    struct fieldset fs = fs_proc_thread;
    struct table sub;
    size_t i;

    table_add(t, "threads");
    table_addf(t, "%zu", in->nthreads);
    if (in->nthreads == 0) {
        return;
    }
    table_init(&sub, fs.n, fields_left(&fs));
    fields_header(&sub, &fs);
    for (i = 0; i < in->nthreads && i < THREADS_SHOWN; i++) {
        fields_row(&sub, &fs, &in->threads[i], in->threads[i].valid);
    }
    rows_table(t, "", &sub);
    if (in->nthreads > THREADS_SHOWN) {
        table_add(t, "");
        table_addf(t, "... and %zu more", in->nthreads - THREADS_SHOWN);
    }
}

static void rows_children(struct table *t, const struct info *in)
{
    struct table sub;
    char *name;
    size_t i;

    table_add(t, "children");
    table_addf(t, "%zu", in->nchildren);
    if (in->nchildren == 0) {
        return;
    }
    table_init(&sub, 2, 2u);
    table_add(&sub, "pid");
    table_add(&sub, "name");
    for (i = 0; i < in->nchildren; i++) {
        table_addf(&sub, "%lld", (long long)in->children[i].pid);
        name = out_sanitize(in->children[i].name);
        table_add(&sub, name);
        free(name);
    }
    rows_table(t, "", &sub);
}

static void rows_environ(struct table *t, const struct info *in)
{
    char *var;
    size_t i;

    table_add(t, "environ");
    table_addf(t, "%zu", in->nenv);
    for (i = 0; i < in->nenv; i++) {
        var = out_asprintf("%s=%s", in->env_names[i], in->env_values[i]);
        row_sanitized(t, "", var);
        free(var);
    }
}

static void rows_field(struct table *t, const struct info *in, enum field_id id)
{
    const char *name = field_names[id];
    char buf[64], *s, *next;
    size_t i;

    switch (id) {
    case F_PID:
        table_add(t, name);
        table_addf(t, "%lld", (long long)in->pid);
        break;
    case F_NAME:
        row_sanitized(t, name, in->name);
        break;
    case F_EXE:
        row_sanitized(t, name, in->exe);
        break;
    case F_CMDLINE:
        /* As procinfo.py: the arguments joined by spaces. */
        s = out_strdup("");
        for (i = 0; i < in->ncmdline; i++) {
            next = out_asprintf("%s%s%s", s, i ? " " : "", in->cmdline[i]);
            free(s);
            s = next;
        }
        row_sanitized(t, name, s);
        free(s);
        break;
    case F_CWD:
        row_sanitized(t, name, in->cwd);
        break;
    case F_USERNAME:
        row_sanitized(t, name, in->username);
        break;
    case F_UIDS:
        rows_pairs(t, name, &fs_proc_ids, &in->uids, in->uids.valid);
        break;
    case F_GIDS:
        rows_pairs(t, name, &fs_proc_ids, &in->gids, in->gids.valid);
        break;
    case F_TERMINAL:
        row_sanitized(t, name, in->terminal[0] != '\0' ? in->terminal : "-");
        break;
    case F_STATUS:
        row(t, name, ostat_status_name(in->state));
        break;
    case F_PPID:
        table_add(t, name);
        table_addf(t, "%lld", (long long)in->ppid);
        break;
    case F_PARENT_NAME:
        row_sanitized(t, name, in->parent_name ? in->parent_name : "-");
        break;
    case F_CREATE_TIME:
        out_localtime(in->create_time, buf, sizeof(buf));
        row(t, name, buf);
        break;
    case F_NICE:
        table_add(t, name);
        table_addf(t, "%ld", (long)in->nice);
        break;
    case F_IONICE:
        table_add(t, name);
        if ((in->ionice.valid & OSTAT_PROC_IONICE_IOCLASS) &&
            in->ionice.ioclass >= 0 && in->ionice.ioclass <= 3) {
            table_addf(t, "ioclass=%s, value=%ld",
                       ioclass_names[in->ionice.ioclass],
                       (long)in->ionice.value);
        } else {
            table_addf(t, "ioclass=%ld, value=%ld", (long)in->ionice.ioclass,
                       (long)in->ionice.value);
        }
        break;
    case F_NUM_THREADS:
        table_add(t, name);
        table_addf(t, "%ld", (long)in->num_threads);
        break;
    case F_NUM_FDS:
        table_add(t, name);
        table_addf(t, "%ld", (long)in->num_fds);
        break;
    case F_NUM_CTX_SWITCHES:
        rows_pairs(t, name, &fs_proc_ctx_switches, &in->ctx_switches,
                   in->ctx_switches.valid);
        break;
    case F_CPU_TIMES:
        rows_pairs(t, name, &fs_proc_cpu_times, &in->cpu_times,
                   in->cpu_times.valid);
        break;
    case F_CPU_PERCENT:
        table_add(t, name);
        table_addf(t, "%.1f", in->cpu_percent);
        break;
    case F_CPU_NUM:
        table_add(t, name);
        table_addf(t, "%ld", (long)in->cpu_num);
        break;
    case F_CPU_AFFINITY:
        s = cpu_ranges(in->affinity, in->naffinity);
        row(t, name, s);
        free(s);
        break;
    case F_MEMORY_INFO:
        rows_pairs(t, name, &fs_proc_memory_info, &in->memory_info,
                   in->memory_info.valid);
        break;
    case F_MEMORY_FOOTPRINT:
        rows_pairs(t, name, &fs_proc_memory_footprint, &in->footprint,
                   in->footprint.valid);
        break;
    case F_MEMORY_PERCENT:
        table_add(t, name);
        table_addf(t, "%.2f", in->memory_percent);
        break;
    case F_PAGE_FAULTS:
        rows_pairs(t, name, &fs_proc_page_faults, &in->page_faults,
                   in->page_faults.valid);
        break;
    case F_IO_COUNTERS:
        rows_pairs(t, name, &fs_proc_io_counters, &in->io_counters,
                   in->io_counters.valid);
        break;
    case F_RLIMITS:
        rows_rlimits(t, in);
        break;
    case F_THREADS:
        rows_threads(t, in);
        break;
    case F_CHILDREN:
        rows_children(t, in);
        break;
    case F_ENVIRON:
        rows_environ(t, in);
        break;
    case F_COUNT:
        break;
    }
}

static void print_listing(const struct info *in, const struct opts *o)
{
    struct table t;
    int id;

    table_init(&t, 2, 1u | 2u);
    for (id = 0; id < F_COUNT; id++) {
        if (id == F_ENVIRON && !o->environ_too) {
            continue;
        }
        if (in->rc[id] != 0) {
            row(&t, field_names[id], ostat_strerror(in->rc[id]));
        } else {
            rows_field(&t, in, (enum field_id)id);
        }
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

int procinfo_run(ostat_ctx *ctx, const struct opts *o)
{
    ostat_proc *p = NULL;
    struct info in;
    char *what;
    int rc;

    if (o->has_pid) {
        what = out_asprintf("procinfo %lld", (long long)o->pid);
        rc = ostat_proc_open(ctx, o->pid, &p);
    } else {
        what = out_strdup("procinfo");
        rc = ostat_proc_open_self(ctx, &p);
    }
    if (rc != 0) {
        rc = out_error(what, rc);
        free(what);
        return rc;
    }
    info_init(&in);
    in.pid = ostat_proc_pid(p);
    if (collect(&in, ctx, p, o)) {
        /* The process ended while it was read: nothing is printed. */
        rc = out_error(what, OSTAT_ENOPROC);
    } else {
        if (o->json) {
            print_json(&in, o);
        } else {
            print_listing(&in, o);
        }
        rc = in.status;
    }
    ostat_proc_free(p);
    info_free(&in);
    free(what);
    return rc;
}
