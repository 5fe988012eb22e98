/* SPDX-License-Identifier: MIT */
/* top.c: the busiest processes, refreshed every interval (psutil's
 * scripts/top.py). One iterator serves every frame: each frame rewinds it
 * and scans again, and each row's CPU use is measured against the
 * previous frame's scan. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "out.h"
#include "proclist.h"

/* Seconds between frames unless --interval is given. */
#define TOP_INTERVAL 1.0
/* Processes listed when stdout is not a terminal. */
#define ROWS_NOT_TTY 20
/* Lines above the processes: five of header, a blank one, the titles. */
#define HEADER_LINES 7

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* The attrs a frame reads. */
#define TOP_WANT                                                               \
    (ATTR_BIT(A_NAME) | ATTR_BIT(A_USERNAME) | ATTR_BIT(A_STATUS) |            \
     ATTR_BIT(A_CPU_TIMES) | ATTR_BIT(A_CPU_PERCENT) |                         \
     ATTR_BIT(A_MEMORY_INFO) | ATTR_BIT(A_MEMORY_PERCENT) | ATTR_BIT(A_NICE))

/* A value to sort by: the field, or below any real value if it failed. */
static double cpu_key(const struct prow *r)
{
    return r->rc[A_CPU_PERCENT] == 0 ? r->cpu_percent : -1;
}

static double rss_key(const struct prow *r)
{
    return r->rc[A_MEMORY_INFO] == 0 &&
                   (r->memory.valid & OSTAT_PROC_MEMORY_INFO_RSS)
               ? (double)r->memory.rss
               : -1;
}

/* Busiest first, then the largest, then by pid. */
static int by_cpu(const void *a, const void *b)
{
    const struct prow *x = a, *y = b;
    double cx = cpu_key(x), cy = cpu_key(y), rx, ry;

    if (cx != cy) {
        return cx < cy ? 1 : -1;
    }
    rx = rss_key(x);
    ry = rss_key(y);
    if (rx != ry) {
        return rx < ry ? 1 : -1;
    }
    return (x->pid > y->pid) - (x->pid < y->pid);
}

/* A failed header call: OSTAT_ENOTSUP shows "-"; other errors are also
 * reported and set the exit status. */
static void header_error(int *status, const char *what, int rc)
{
    if (rc != OSTAT_ENOTSUP && *status == 0) {
        *status = out_error(what, rc);
    }
}

static void line_uptime(FILE *f, ostat_ctx *ctx, int *status)
{
    struct ostat_loadavg l = OSTAT_LOADAVG_INIT;
    char now[16], up[64];
    time_t t = time(NULL);
    struct tm tm;
    double secs = 0;
    int rc;

    if (localtime_r(&t, &tm) == NULL ||
        strftime(now, sizeof(now), "%H:%M:%S", &tm) == 0) {
        snprintf(now, sizeof(now), "-");
    }
    if ((rc = ostat_uptime(ctx, &secs)) != 0) {
        header_error(status, "uptime", rc);
        snprintf(up, sizeof(up), "-");
    } else {
        out_duration(secs, up, sizeof(up));
    }
    fprintf(f, "ostat top - %s up %s, load average: ", now, up);
    if ((rc = ostat_getloadavg(ctx, &l)) != 0) {
        header_error(status, "getloadavg", rc);
        fputs("-\n", f);
    } else {
        fprintf(f, "%.2f, %.2f, %.2f\n", l.load1, l.load5, l.load15);
    }
}

static void line_tasks(FILE *f, const struct rowset *rs)
{
    /* The states top names, then any other state some process is in. */
    static const int32_t named[] = { OSTAT_STATUS_RUNNING,
                                     OSTAT_STATUS_SLEEPING,
                                     OSTAT_STATUS_STOPPED,
                                     OSTAT_STATUS_ZOMBIE };
    size_t count[OSTAT_STATUS_SUSPENDED + 1] = { 0 };
    size_t i, unknown = 0;
    int32_t s;

    for (i = 0; i < rs->n; i++) {
        s = rs->v[i].status;
        if (rs->v[i].rc[A_STATUS] != 0 || s < 0 || s > OSTAT_STATUS_SUSPENDED) {
            unknown++;
        } else {
            count[s]++;
        }
    }
    fprintf(f, "Tasks: %zu total", rs->n);
    for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        fprintf(f, ", %zu %s", count[named[i]], ostat_status_name(named[i]));
    }
    for (s = 0; s <= OSTAT_STATUS_SUSPENDED; s++) {
        if (count[s] > 0 && s != OSTAT_STATUS_RUNNING &&
            s != OSTAT_STATUS_SLEEPING && s != OSTAT_STATUS_STOPPED &&
            s != OSTAT_STATUS_ZOMBIE) {
            fprintf(f, ", %zu %s", count[s], ostat_status_name(s));
        }
    }
    if (unknown > 0) {
        fprintf(f, ", %zu unknown", unknown);
    }
    fputc('\n', f);
}

static void line_cpu(FILE *f, ostat_ctx *ctx, int *status)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    int rc;

    fputs("CPU:  ", f);
    if ((rc = ostat_cpu_times_percent(ctx, 0, &t)) != 0) {
        header_error(status, "cpu_times_percent", rc);
        fputs("-\n", f);
        return;
    }
    fprintf(f, "%.1f%% user, %.1f%% system, %.1f%% nice, %.1f%% idle", t.user,
            t.system, t.nice, t.idle);
    if (t.valid & OSTAT_CPU_TIMES_IOWAIT) {
        fprintf(f, ", %.1f%% iowait", t.iowait);
    }
    if (t.valid & OSTAT_CPU_TIMES_STEAL) {
        fprintf(f, ", %.1f%% steal", t.steal);
    }
    fputc('\n', f);
}

static void line_memory(FILE *f, ostat_ctx *ctx, int *status)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory s = OSTAT_SWAP_MEMORY_INIT;
    char a[32], b[32], c[32], d[32];
    int rc;

    fputs("Mem:  ", f);
    if ((rc = ostat_virtual_memory(ctx, &m)) != 0) {
        header_error(status, "virtual_memory", rc);
        fputs("-\n", f);
    } else {
        out_bytes(m.total, a, sizeof(a));
        out_bytes(m.used, b, sizeof(b));
        out_bytes(m.free, c, sizeof(c));
        out_bytes(m.available, d, sizeof(d));
        fprintf(f, "%s total, %s used, %s free, %s available (%.1f%% used)\n",
                a, b, c, d, m.percent);
    }
    fputs("Swap: ", f);
    if ((rc = ostat_swap_memory(ctx, &s)) != 0) {
        header_error(status, "swap_memory", rc);
        fputs("-\n", f);
    } else {
        out_bytes(s.total, a, sizeof(a));
        out_bytes(s.used, b, sizeof(b));
        out_bytes(s.free, c, sizeof(c));
        fprintf(f, "%s total, %s used, %s free (%.1f%% used)\n", a, b, c,
                s.percent);
    }
}

/* The process table: the first @limit rows of @rs. */
static char *process_table(const struct rowset *rs, size_t limit)
{
    static const char *const head[] = { "PID",  "USER", "NI", "%CPU", "%MEM",
                                        "VIRT", "RES",  "S",  "TIME", "NAME" };
    struct table t;
    char buf[64], *s, *text;
    size_t i, k;

    /* USER, S and NAME to the left. */
    table_init(&t, 10, 2u | 128u | 512u);
    for (k = 0; k < 10; k++) {
        table_add(&t, head[k]);
    }
    for (i = 0; i < rs->n && i < limit; i++) {
        const struct prow *r = &rs->v[i];

        table_addf(&t, "%lld", (long long)r->pid);
        s = row_text(r, A_USERNAME);
        table_add(&t, s);
        free(s);
        s = row_text(r, A_NICE);
        table_add(&t, s);
        free(s);
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
        if (rss_key(r) >= 0) {
            out_bytes(r->memory.rss, buf, sizeof(buf));
            table_add(&t, buf);
        } else {
            table_add(&t, "-");
        }
        s = row_text(r, A_STATUS);
        table_add(&t, s);
        free(s);
        row_cputime(r, buf, sizeof(buf));
        table_add(&t, buf);
        s = row_text(r, A_NAME);
        table_add(&t, s);
        free(s);
    }
    text = table_text(&t, 0);
    table_free(&t);
    return text;
}

/* One frame: the header and as many processes as fit. Returns non-zero
 * if the scan failed (reported); errors of single fields or of the header
 * set *@status. */
static int frame(ostat_ctx *ctx,
                 ostat_proc_iter *it,
                 struct rowset *rs,
                 int clear,
                 int *status)
{
    size_t limit = ROWS_NOT_TTY, size = 0;
    char *text, *head = NULL;
    int cols, rows, rc;
    FILE *f;

    if ((rc = rows_scan(it, TOP_WANT, rs)) != 0) {
        *status = rc;
        return rc;
    }
    qsort(rs->v, rs->n, sizeof(*rs->v), by_cpu);
    out_term_size(&cols, &rows);
    if (rows > 0) {
        limit = rows > HEADER_LINES + 1 ? (size_t)(rows - HEADER_LINES - 1) : 1;
    }
    if ((f = open_memstream(&head, &size)) == NULL) {
        out_fatal("out of memory");
    }
    line_uptime(f, ctx, status);
    line_tasks(f, rs);
    line_cpu(f, ctx, status);
    line_memory(f, ctx, status);
    fputc('\n', f);
    if (fclose(f) != 0 || head == NULL) {
        out_fatal("out of memory");
    }
    text = process_table(rs, limit);
    if (clear) {
        /* Home the cursor and clear the screen. */
        fputs("\033[H\033[2J", stdout);
    }
    out_print_clipped(head, cols, stdout);
    out_print_clipped(text, cols, stdout);
    free(head);
    free(text);
    fflush(stdout);
    if (*status == 0) {
        *status = rs->status;
    }
    return 0;
}

int top_run(ostat_ctx *ctx, const struct opts *o)
{
    double interval = (o->given & OPT_INTERVAL) ? o->interval : TOP_INTERVAL;
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_proc_iter *it = NULL;
    struct sigaction sa;
    struct rowset rs;
    int cols, rows, status = 0, rc;
    long shown = 0;

    if (o->json) {
        return usage_error("top has no JSON form; try ps --json");
    }
    if ((rc = ostat_proc_iter_new(ctx, attr_fields(TOP_WANT), &it)) != 0) {
        return out_error("process_iter", rc);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: the sleep between frames ends at once. */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    out_term_size(&cols, &rows);
    memset(&rs, 0, sizeof(rs));
    /* Baselines: the system's CPU times and every process's. */
    (void)ostat_cpu_times_percent(ctx, 0, &t);
    if ((rc = rows_prime(it)) != 0) {
        ostat_proc_iter_free(it);
        return rc;
    }
    while (!stop_requested) {
        rows_sleep(interval, &stop_requested);
        if (stop_requested) {
            break;
        }
        if (shown > 0 && cols == 0) {
            fputc('\n', stdout); /* frames apart in a pipe */
        }
        rc = frame(ctx, it, &rs, cols > 0 && !o->once, &status);
        shown++;
        if (rc != 0 || o->once || (o->count > 0 && shown >= o->count) ||
            ferror(stdout)) {
            break;
        }
    }
    rows_free(&rs);
    ostat_proc_iter_free(it);
    return status;
}
