/* SPDX-License-Identifier: MIT */
/* proclist.c: every process through the iterator: psutil's
 * process_iter(attrs) and scripts/ps.py, and the rows top and pstree
 * read. A field that cannot be read is null in JSON and "-" in tables
 * (psutil's ad_value); --errors tells why. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"
#include "proclist.h"

/* The interval cpu_percent is sampled over unless --interval is given. */
#define DEFAULT_INTERVAL 0.1
/* process_iter's attrs unless --attrs is given. */
#define DEFAULT_ATTRS "pid,ppid,name,username,status"

const char *const attr_names[A_COUNT] = {
    "pid",
    "ppid",
    "name",
    "exe",
    "cmdline",
    "status",
    "username",
    "uids",
    "gids",
    "create_time",
    "cpu_times",
    "cpu_percent",
    "cpu_num",
    "memory_info",
    "memory_info_ex",
    "memory_footprint",
    "memory_percent",
    "num_threads",
    "num_fds",
    "num_ctx_switches",
    "io_counters",
    "nice",
    "terminal",
    "cwd",
    "page_faults",
    "cgroup",
};

/* The OSTAT_PF_* fields of each attr. */
static const uint64_t attr_pf[A_COUNT] = {
    0,
    OSTAT_PF_PPID,
    OSTAT_PF_NAME,
    OSTAT_PF_EXE,
    OSTAT_PF_CMDLINE,
    OSTAT_PF_STATUS,
    OSTAT_PF_USERNAME,
    OSTAT_PF_UIDS,
    OSTAT_PF_GIDS,
    OSTAT_PF_CREATE_TIME,
    OSTAT_PF_CPU_TIMES,
    OSTAT_PF_CPU_PERCENT,
    OSTAT_PF_CPU_NUM,
    OSTAT_PF_MEMORY_INFO,
    OSTAT_PF_MEMORY_INFO | OSTAT_PF_MEMORY_INFO_EX,
    OSTAT_PF_MEMORY_FOOTPRINT,
    OSTAT_PF_MEMORY_PERCENT | OSTAT_PF_MEMORY_INFO,
    OSTAT_PF_NUM_THREADS,
    OSTAT_PF_NUM_FDS,
    OSTAT_PF_NUM_CTX_SWITCHES,
    OSTAT_PF_IO_COUNTERS,
    OSTAT_PF_NICE,
    OSTAT_PF_TERMINAL,
    OSTAT_PF_CWD,
    OSTAT_PF_PAGE_FAULTS,
    OSTAT_PF_CGROUP,
};

int attr_lookup(const char *name)
{
    int id;

    for (id = 0; id < A_COUNT; id++) {
        if (strcmp(attr_names[id], name) == 0) {
            return id;
        }
    }
    return -1;
}

uint64_t attr_fields(uint64_t want)
{
    uint64_t fields = 0;
    int id;

    for (id = 0; id < A_COUNT; id++) {
        if (want & ATTR_BIT(id)) {
            fields |= attr_pf[id];
        }
    }
    if (want & WANT_CMDLINE_STRING) {
        fields |= OSTAT_PF_CMDLINE;
    }
    return fields;
}

void rows_sleep(double seconds, volatile sig_atomic_t *stop)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        if (stop != NULL && *stop) {
            return;
        }
    }
}

/* ---- reading -------------------------------------------------------------
 */

static void row_init(struct prow *r)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_cpu_times ct = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;

    memset(r, 0, sizeof(*r));
    r->uids = ids;
    r->gids = ids;
    r->cpu_times = ct;
    r->memory = mi;
    r->footprint = mf;
    r->ctx_switches = cs;
    r->io = io;
    r->page_faults = pf;
}

static void row_free(struct prow *r)
{
    size_t i;

    free(r->name);
    free(r->exe);
    free(r->username);
    free(r->terminal);
    free(r->cwd);
    free(r->cgroup);
    free(r->cmdstr);
    for (i = 0; i < r->ncmdline; i++) {
        free(r->cmdline[i]);
    }
    free(r->cmdline);
}

void rows_free(struct rowset *rs)
{
    size_t i;

    for (i = 0; i < rs->n; i++) {
        row_free(&rs->v[i]);
    }
    free(rs->v);
    rs->v = NULL;
    rs->n = 0;
    rs->cap = 0;
}

/* Record field @id's result. Access denied, not supported and zombie
 * only make the field unavailable; another error is also reported (the
 * first one of the scan) and sets the exit status. Returns non-zero when
 * the process is gone. */
static int keep(struct rowset *rs, struct prow *r, int id, int rc)
{
    char *what;

    r->rc[id] = rc;
    if (rc == 0 || ostat_err_is(rc, OSTAT_EACCES) ||
        ostat_err_is(rc, OSTAT_ENOTSUP) ||
        ostat_err_is(rc, OSTAT_ENOPROC_ZOMBIE)) {
        return 0;
    }
    if (ostat_err_is(rc, OSTAT_ENOPROC)) {
        return 1;
    }
    if (rs->status == 0) {
        what = out_asprintf("process %lld: %s", (long long)r->pid,
                            id < A_COUNT ? attr_names[id] : "cmdline");
        rs->status = out_error(what, rc);
        free(what);
    }
    return 0;
}

static int read_cmdline(struct rowset *rs, struct prow *r, ostat_proc *p)
{
    ostat_list *l = NULL;
    const char *s;
    size_t i, n;
    int rc;

    if ((rc = ostat_proc_cmdline(p, &l)) == 0) {
        n = ostat_list_count(l);
        r->cmdline = out_malloc(n * sizeof(*r->cmdline));
        for (i = 0; i < n; i++) {
            if ((rc = ostat_list_string(l, i, &s, NULL)) != 0) {
                break;
            }
            r->cmdline[i] = out_strdup(s);
            r->ncmdline = i + 1;
        }
    }
    ostat_list_free(l);
    return keep(rs, r, A_CMDLINE, rc);
}

/* memory_info and memory_info_ex share one read. */
static int read_memory(struct rowset *rs, struct prow *r, ostat_proc *p)
{
    int rc = ostat_proc_memory_info(p, &r->memory);

    r->rc[A_MEMORY_INFO_EX] = rc;
    return keep(rs, r, A_MEMORY_INFO, rc);
}

/* Read the attrs in @want; non-zero if the process turned out to be gone. */
static int
read_row(struct rowset *rs, struct prow *r, ostat_proc *p, uint64_t want)
{
#define W(id) ((want & ATTR_BIT(id)) != 0)
    r->pid = ostat_proc_pid(p);
    return (W(A_PPID) && keep(rs, r, A_PPID, ostat_proc_ppid(p, &r->ppid))) ||
           (W(A_NAME) &&
            keep(rs, r, A_NAME, proc_string(ostat_proc_name, p, &r->name))) ||
           (W(A_EXE) &&
            keep(rs, r, A_EXE, proc_string(ostat_proc_exe, p, &r->exe))) ||
           (W(A_CMDLINE) && read_cmdline(rs, r, p)) ||
           ((want & WANT_CMDLINE_STRING) &&
            keep(rs, r, A_COUNT,
                 proc_string(ostat_proc_cmdline_string, p, &r->cmdstr))) ||
           (W(A_STATUS) &&
            keep(rs, r, A_STATUS, ostat_proc_status(p, &r->status))) ||
           (W(A_USERNAME) &&
            keep(rs, r, A_USERNAME,
                 proc_string(ostat_proc_username, p, &r->username))) ||
           (W(A_UIDS) && keep(rs, r, A_UIDS, ostat_proc_uids(p, &r->uids))) ||
           (W(A_GIDS) && keep(rs, r, A_GIDS, ostat_proc_gids(p, &r->gids))) ||
           (W(A_CREATE_TIME) &&
            keep(rs, r, A_CREATE_TIME,
                 ostat_proc_create_time(p, &r->create_time))) ||
           (W(A_CPU_TIMES) &&
            keep(rs, r, A_CPU_TIMES, ostat_proc_cpu_times(p, &r->cpu_times))) ||
           (W(A_CPU_PERCENT) &&
            keep(rs, r, A_CPU_PERCENT,
                 ostat_proc_cpu_percent(p, 0, &r->cpu_percent))) ||
           (W(A_CPU_NUM) &&
            keep(rs, r, A_CPU_NUM, ostat_proc_cpu_num(p, &r->cpu_num))) ||
           ((W(A_MEMORY_INFO) || W(A_MEMORY_INFO_EX)) &&
            read_memory(rs, r, p)) ||
           (W(A_MEMORY_FOOTPRINT) &&
            keep(rs, r, A_MEMORY_FOOTPRINT,
                 ostat_proc_memory_footprint(p, &r->footprint))) ||
           (W(A_MEMORY_PERCENT) &&
            keep(rs, r, A_MEMORY_PERCENT,
                 ostat_proc_memory_percent(p, "rss", &r->memory_percent))) ||
           (W(A_NUM_THREADS) &&
            keep(rs, r, A_NUM_THREADS,
                 ostat_proc_num_threads(p, &r->num_threads))) ||
           (W(A_NUM_FDS) &&
            keep(rs, r, A_NUM_FDS, ostat_proc_num_fds(p, &r->num_fds))) ||
           (W(A_NUM_CTX_SWITCHES) &&
            keep(rs, r, A_NUM_CTX_SWITCHES,
                 ostat_proc_num_ctx_switches(p, &r->ctx_switches))) ||
           (W(A_IO_COUNTERS) &&
            keep(rs, r, A_IO_COUNTERS, ostat_proc_io_counters(p, &r->io))) ||
           (W(A_NICE) && keep(rs, r, A_NICE, ostat_proc_nice(p, &r->nice))) ||
           (W(A_TERMINAL) &&
            keep(rs, r, A_TERMINAL,
                 proc_string(ostat_proc_terminal, p, &r->terminal))) ||
           (W(A_CWD) &&
            keep(rs, r, A_CWD, proc_string(ostat_proc_cwd, p, &r->cwd))) ||
           (W(A_PAGE_FAULTS) &&
            keep(rs, r, A_PAGE_FAULTS,
                 ostat_proc_page_faults(p, &r->page_faults))) ||
           (W(A_CGROUP) && keep(rs, r, A_CGROUP,
                                proc_string(ostat_proc_cgroup, p, &r->cgroup)));
#undef W
}

int rows_prime(ostat_proc_iter *it)
{
    ostat_proc *p = NULL;
    double v;
    int rc;

    ostat_proc_iter_rewind(it);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        /* The value is 0; only the baseline matters. */
        (void)ostat_proc_cpu_percent(p, 0, &v);
    }
    if (rc < 0) {
        ostat_proc_iter_rewind(it);
        return out_error("process_iter", rc);
    }
    return 0;
}

int rows_scan(ostat_proc_iter *it, uint64_t want, struct rowset *rs)
{
    ostat_proc *p = NULL;
    int rc;

    rows_free(rs);
    ostat_proc_iter_rewind(it);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        struct prow *r;

        if (rs->n == rs->cap) {
            size_t cap = rs->cap ? rs->cap * 2 : 256;
            struct prow *v = realloc(rs->v, cap * sizeof(*v));

            if (v == NULL) {
                out_fatal("out of memory");
            }
            rs->v = v;
            rs->cap = cap;
        }
        r = &rs->v[rs->n];
        row_init(r);
        if (read_row(rs, r, p, want)) {
            row_free(r); /* it ended while it was read */
            continue;
        }
        rs->n++;
    }
    if (rc < 0) {
        ostat_proc_iter_rewind(it);
        return out_error("process_iter", rc);
    }
    return 0;
}

/* ---- showing -------------------------------------------------------------
 */

/* memory_info: psutil's first two fields, what OSTAT_PF_MEMORY_INFO
 * reads. */
static struct fieldset memory_info_fields(void)
{
    struct fieldset fs = fs_proc_memory_info;

    fs.n = 2;
    return fs;
}

void row_json(struct json *j, const struct prow *r, enum attr_id id)
{
    struct fieldset fs;
    size_t i;

    if (r->rc[id] != 0) {
        json_null(j);
        return;
    }
    switch (id) {
    case A_PID:
        json_i64(j, r->pid);
        break;
    case A_PPID:
        json_i64(j, r->ppid);
        break;
    case A_NAME:
        json_string(j, r->name);
        break;
    case A_EXE:
        json_string(j, r->exe);
        break;
    case A_CMDLINE:
        json_begin_array(j);
        for (i = 0; i < r->ncmdline; i++) {
            json_string(j, r->cmdline[i]);
        }
        json_end_array(j);
        break;
    case A_STATUS:
        json_string(j, ostat_status_name(r->status));
        break;
    case A_USERNAME:
        json_string(j, r->username);
        break;
    case A_UIDS:
        fields_json(j, &fs_proc_ids, &r->uids, r->uids.valid);
        break;
    case A_GIDS:
        fields_json(j, &fs_proc_ids, &r->gids, r->gids.valid);
        break;
    case A_CREATE_TIME:
        json_double(j, r->create_time);
        break;
    case A_CPU_TIMES:
        fields_json(j, &fs_proc_cpu_times, &r->cpu_times, r->cpu_times.valid);
        break;
    case A_CPU_PERCENT:
        json_double(j, r->cpu_percent);
        break;
    case A_CPU_NUM:
        json_i64(j, r->cpu_num);
        break;
    case A_MEMORY_INFO:
        fs = memory_info_fields();
        fields_json(j, &fs, &r->memory, r->memory.valid);
        break;
    case A_MEMORY_INFO_EX:
        fields_json(j, &fs_proc_memory_info, &r->memory, r->memory.valid);
        break;
    case A_MEMORY_FOOTPRINT:
        fields_json(j, &fs_proc_memory_footprint, &r->footprint,
                    r->footprint.valid);
        break;
    case A_MEMORY_PERCENT:
        json_double(j, r->memory_percent);
        break;
    case A_NUM_THREADS:
        json_i64(j, r->num_threads);
        break;
    case A_NUM_FDS:
        json_i64(j, r->num_fds);
        break;
    case A_NUM_CTX_SWITCHES:
        fields_json(j, &fs_proc_ctx_switches, &r->ctx_switches,
                    r->ctx_switches.valid);
        break;
    case A_IO_COUNTERS:
        fields_json(j, &fs_proc_io_counters, &r->io, r->io.valid);
        break;
    case A_NICE:
        json_i64(j, r->nice);
        break;
    case A_TERMINAL:
        /* psutil's None for a process without a terminal. */
        json_string(j, r->terminal[0] != '\0' ? r->terminal : NULL);
        break;
    case A_CWD:
        json_string(j, r->cwd);
        break;
    case A_PAGE_FAULTS:
        fields_json(j, &fs_proc_page_faults, &r->page_faults,
                    r->page_faults.valid);
        break;
    case A_CGROUP:
        json_string(j, r->cgroup);
        break;
    case A_COUNT:
        json_null(j);
        break;
    }
}

/* "name=value,..." of a struct, bytes in human units. */
static char *pairs_text(const struct fieldset *fs, const void *s, uint64_t v)
{
    char **pairs = fields_pairs(fs, s, v);
    char *text = out_strdup(""), *next;
    size_t i;

    for (i = 0; i < fs->n; i++) {
        next = out_asprintf("%s%s%s", text, i ? "," : "", pairs[i]);
        free(text);
        text = next;
        free(pairs[i]);
    }
    free(pairs);
    return text;
}

/* The arguments joined by spaces, sanitized. */
static char *joined(char *const *v, size_t n)
{
    char *s = out_strdup(""), *next;
    size_t i;

    for (i = 0; i < n; i++) {
        next = out_asprintf("%s%s%s", s, i ? " " : "", v[i]);
        free(s);
        s = next;
    }
    next = out_sanitize(s);
    free(s);
    return next;
}

char *row_text(const struct prow *r, enum attr_id id)
{
    struct fieldset fs;
    char buf[64];

    if (r->rc[id] != 0) {
        return out_strdup("-");
    }
    switch (id) {
    case A_PID:
        return out_asprintf("%lld", (long long)r->pid);
    case A_PPID:
        return out_asprintf("%lld", (long long)r->ppid);
    case A_NAME:
        return out_sanitize(r->name);
    case A_EXE:
        return out_sanitize(r->exe);
    case A_CMDLINE:
        return joined(r->cmdline, r->ncmdline);
    case A_STATUS:
        return out_strdup(ostat_status_name(r->status));
    case A_USERNAME:
        return out_sanitize(r->username);
    case A_UIDS:
        return pairs_text(&fs_proc_ids, &r->uids, r->uids.valid);
    case A_GIDS:
        return pairs_text(&fs_proc_ids, &r->gids, r->gids.valid);
    case A_CREATE_TIME:
        out_localtime_short(r->create_time, buf, sizeof(buf));
        return out_strdup(buf);
    case A_CPU_TIMES:
        return pairs_text(&fs_proc_cpu_times, &r->cpu_times,
                          r->cpu_times.valid);
    case A_CPU_PERCENT:
        return out_asprintf("%.1f", r->cpu_percent);
    case A_CPU_NUM:
        return out_asprintf("%ld", (long)r->cpu_num);
    case A_MEMORY_INFO:
        fs = memory_info_fields();
        return pairs_text(&fs, &r->memory, r->memory.valid);
    case A_MEMORY_INFO_EX:
        return pairs_text(&fs_proc_memory_info, &r->memory, r->memory.valid);
    case A_MEMORY_FOOTPRINT:
        return pairs_text(&fs_proc_memory_footprint, &r->footprint,
                          r->footprint.valid);
    case A_MEMORY_PERCENT:
        return out_asprintf("%.1f", r->memory_percent);
    case A_NUM_THREADS:
        return out_asprintf("%ld", (long)r->num_threads);
    case A_NUM_FDS:
        return out_asprintf("%ld", (long)r->num_fds);
    case A_NUM_CTX_SWITCHES:
        return pairs_text(&fs_proc_ctx_switches, &r->ctx_switches,
                          r->ctx_switches.valid);
    case A_IO_COUNTERS:
        return pairs_text(&fs_proc_io_counters, &r->io, r->io.valid);
    case A_NICE:
        return out_asprintf("%ld", (long)r->nice);
    case A_TERMINAL:
        /* As ps shows a process without a terminal. */
        return r->terminal[0] != '\0' ? out_sanitize(r->terminal)
                                      : out_strdup("?");
    case A_CWD:
        return out_sanitize(r->cwd);
    case A_PAGE_FAULTS:
        return pairs_text(&fs_proc_page_faults, &r->page_faults,
                          r->page_faults.valid);
    case A_CGROUP:
        return out_sanitize(r->cgroup);
    case A_COUNT:
        break;
    }
    return out_strdup("-");
}

int attr_left(enum attr_id id)
{
    switch (id) {
    case A_PID:
    case A_PPID:
    case A_CPU_PERCENT:
    case A_CPU_NUM:
    case A_MEMORY_PERCENT:
    case A_NUM_THREADS:
    case A_NUM_FDS:
    case A_NICE:
        return 0;
    default:
        return 1;
    }
}

char *row_command(const struct prow *r)
{
    if (r->rc[A_COUNT] == 0 && r->cmdstr != NULL && r->cmdstr[0] != '\0') {
        return out_sanitize(r->cmdstr);
    }
    if (r->rc[A_CMDLINE] == 0 && r->ncmdline > 0) {
        return joined(r->cmdline, r->ncmdline);
    }
    if (r->rc[A_NAME] == 0 && r->name != NULL) {
        return out_sanitize(r->name);
    }
    return out_strdup("-");
}

void row_cputime(const struct prow *r, char *buf, size_t size)
{
    double t;
    unsigned long s;

    if (r->rc[A_CPU_TIMES] != 0 ||
        (r->cpu_times.valid &
         (OSTAT_PROC_CPU_TIMES_USER | OSTAT_PROC_CPU_TIMES_SYSTEM)) !=
            (OSTAT_PROC_CPU_TIMES_USER | OSTAT_PROC_CPU_TIMES_SYSTEM)) {
        snprintf(buf, size, "-");
        return;
    }
    t = r->cpu_times.user + r->cpu_times.system;
    s = t > 0 ? (unsigned long)t : 0;
    snprintf(buf, size, "%lu:%02lu", s / 60, s % 60);
}

/* ---- process_iter and ps -------------------------------------------------
 */

/* An array of objects, one per row, with the attrs @ids in that order and
 * with @errors_too an "errors" object. */
static void
print_rows_json(const struct rowset *rs, const int *ids, size_t n, int errors)
{
    struct json j;
    size_t i, k;

    json_init(&j, stdout);
    json_begin_array(&j);
    for (i = 0; i < rs->n; i++) {
        const struct prow *r = &rs->v[i];

        json_begin_object(&j);
        for (k = 0; k < n; k++) {
            json_key(&j, attr_names[ids[k]]);
            row_json(&j, r, (enum attr_id)ids[k]);
        }
        if (errors) {
            json_key(&j, "errors");
            json_begin_object(&j);
            for (k = 0; k < n; k++) {
                if (r->rc[ids[k]] != 0) {
                    json_key(&j, attr_names[ids[k]]);
                    json_string(&j, ostat_err_name(r->rc[ids[k]]));
                }
            }
            json_end_object(&j);
        }
        json_end_object(&j);
    }
    json_end_array(&j);
    json_finish(&j);
}

/* Print a table, each line cut to the terminal's width. */
static void print_table(const struct table *t)
{
    char *text = table_text(t, 0);
    int cols, rows;

    out_term_size(&cols, &rows);
    out_print_clipped(text, cols, stdout);
    free(text);
}

/* Sample CPU use when @want has cpu_percent, then scan. */
static int scan_sampled(ostat_ctx *ctx,
                        const struct opts *o,
                        uint64_t want,
                        struct rowset *rs)
{
    ostat_proc_iter *it = NULL;
    int rc;

    if ((rc = ostat_proc_iter_new(ctx, attr_fields(want), &it)) != 0) {
        return out_error("process_iter", rc);
    }
    if (want & ATTR_BIT(A_CPU_PERCENT)) {
        if ((rc = rows_prime(it)) != 0) {
            ostat_proc_iter_free(it);
            return rc;
        }
        rows_sleep((o->given & OPT_INTERVAL) ? o->interval : DEFAULT_INTERVAL,
                   NULL);
    }
    rc = rows_scan(it, want, rs);
    ostat_proc_iter_free(it);
    return rc;
}

int process_iter_run(ostat_ctx *ctx, const struct opts *o)
{
    const char *spec = o->attrs ? o->attrs : DEFAULT_ATTRS;
    int ids[A_COUNT];
    size_t n = 0, i, k;
    uint64_t want = 0;
    struct rowset rs;
    struct table t;
    uint32_t left = 0;
    const char *p = spec;
    int rc;

    /* Names separated by commas; each once, in the order given. */
    for (;;) {
        size_t len = strcspn(p, ",");
        char *name = out_malloc(len + 1);
        int id;

        memcpy(name, p, len);
        name[len] = '\0';
        id = attr_lookup(name);
        if (id < 0) {
            char *shown = out_sanitize(name);

            rc = usage_error("unknown attr '%s' in --attrs: expected "
                             "psutil's names, such as pid,name,cmdline",
                             shown);
            free(shown);
            free(name);
            return rc;
        }
        free(name);
        if (!(want & ATTR_BIT(id))) {
            want |= ATTR_BIT(id);
            ids[n++] = id;
        }
        if (p[len] == '\0') {
            break;
        }
        p += len + 1;
    }
    memset(&rs, 0, sizeof(rs));
    if ((rc = scan_sampled(ctx, o, want, &rs)) != 0) {
        rows_free(&rs);
        return rc;
    }
    if (o->json) {
        print_rows_json(&rs, ids, n, o->errors_too);
    } else {
        for (k = 0; k < n && k < 32; k++) {
            if (attr_left((enum attr_id)ids[k])) {
                left |= (uint32_t)1 << k;
            }
        }
        table_init(&t, n, left);
        for (k = 0; k < n; k++) {
            table_add(&t, attr_names[ids[k]]);
        }
        for (i = 0; i < rs.n; i++) {
            for (k = 0; k < n; k++) {
                char *cell = row_text(&rs.v[i], (enum attr_id)ids[k]);

                table_add(&t, cell);
                free(cell);
            }
        }
        print_table(&t);
        table_free(&t);
    }
    rc = rs.status;
    rows_free(&rs);
    return rc;
}

/* ps's attrs, in the order of its JSON keys. */
static const int ps_attrs[] = {
    A_PID,    A_PPID,        A_NAME,           A_USERNAME,
    A_STATUS, A_CPU_PERCENT, A_MEMORY_PERCENT, A_MEMORY_INFO,
    A_NICE,   A_CREATE_TIME, A_CPU_TIMES,      A_CMDLINE,
};
#define NPS_ATTRS (sizeof(ps_attrs) / sizeof(ps_attrs[0]))

/* ps.py's START: the time for a process started today, else the date. */
static void start_text(const struct prow *r, time_t now, char *buf, size_t n)
{
    struct tm then, today;
    time_t t;

    if (r->rc[A_CREATE_TIME] != 0 || !(r->create_time >= 0) ||
        r->create_time > 253402300799.0) {
        snprintf(buf, n, "-");
        return;
    }
    t = (time_t)r->create_time;
    if (localtime_r(&t, &then) == NULL || localtime_r(&now, &today) == NULL ||
        strftime(buf, n,
                 then.tm_year == today.tm_year && then.tm_yday == today.tm_yday
                     ? "%H:%M"
                     : "%b%d",
                 &then) == 0) {
        snprintf(buf, n, "-");
    }
}

static void ps_table(const struct rowset *rs)
{
    static const char *const head[] = { "USER",  "PID",  "%CPU",   "%MEM",
                                        "VSZ",   "RSS",  "NICE",   "STATUS",
                                        "START", "TIME", "CMDLINE" };
    time_t now = time(NULL);
    struct table t;
    char buf[64], *s;
    size_t i, k;

    tzset();
    /* USER, STATUS, START and CMDLINE to the left. */
    table_init(&t, 11, 1u | 128u | 256u | 1024u);
    for (k = 0; k < 11; k++) {
        table_add(&t, head[k]);
    }
    for (i = 0; i < rs->n; i++) {
        const struct prow *r = &rs->v[i];

        s = row_text(r, A_USERNAME);
        table_add(&t, s);
        free(s);
        table_addf(&t, "%lld", (long long)r->pid);
        s = row_text(r, A_CPU_PERCENT);
        table_add(&t, s);
        free(s);
        s = row_text(r, A_MEMORY_PERCENT);
        table_add(&t, s);
        free(s);
        if (r->rc[A_MEMORY_INFO] == 0 &&
            (r->memory.valid & OSTAT_PROC_MEMORY_INFO_VMS)) {
            out_bytes(r->memory.vms, buf, sizeof(buf));
            table_add(&t, buf);
        } else {
            table_add(&t, "-");
        }
        if (r->rc[A_MEMORY_INFO] == 0 &&
            (r->memory.valid & OSTAT_PROC_MEMORY_INFO_RSS)) {
            out_bytes(r->memory.rss, buf, sizeof(buf));
            table_add(&t, buf);
        } else {
            table_add(&t, "-");
        }
        s = row_text(r, A_NICE);
        table_add(&t, s);
        free(s);
        s = row_text(r, A_STATUS);
        table_add(&t, s);
        free(s);
        start_text(r, now, buf, sizeof(buf));
        table_add(&t, buf);
        row_cputime(r, buf, sizeof(buf));
        table_add(&t, buf);
        s = row_command(r);
        table_add(&t, s);
        free(s);
    }
    print_table(&t);
    table_free(&t);
}

int ps_run(ostat_ctx *ctx, const struct opts *o)
{
    uint64_t want = 0;
    struct rowset rs;
    size_t k;
    int rc;

    for (k = 0; k < NPS_ATTRS; k++) {
        want |= ATTR_BIT(ps_attrs[k]);
    }
    if (!o->json) {
        /* The table needs the joined string only. */
        want = (want & ~ATTR_BIT(A_CMDLINE)) | WANT_CMDLINE_STRING;
    }
    memset(&rs, 0, sizeof(rs));
    if ((rc = scan_sampled(ctx, o, want, &rs)) != 0) {
        rows_free(&rs);
        return rc;
    }
    if (o->json) {
        print_rows_json(&rs, ps_attrs, NPS_ATTRS, o->errors_too);
    } else {
        ps_table(&rs);
    }
    rc = rs.status;
    rows_free(&rs);
    return rc;
}
