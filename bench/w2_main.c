/* SPDX-License-Identifier: MIT */
/* w2_main.c: the W2 "process table" driver. It runs the C contenders and a
 * psutil co-process side by side in interleaved rounds (W1's method), times
 * every snapshot (one full scan of every process) and prints the median,
 * p10 and p90 per snapshot, the median per row, and their ratios.
 *
 *   w2 [--spawn N] [--budget S] [--rounds N] [--warmup S] [--python PATH]
 *      [--psutil-script PATH | --no-psutil] [--summary FILE]
 *   w2 --only NAME --count N     (N untimed snapshots, for callgrind/strace)
 *   w2 --heap N                  (heap in use around N snapshots)
 *   w2 --hold N                  (start N idle processes, print "ready",
 *                                 kill them when stdin closes)
 *   w2 --list
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "w2.h"

static const struct bench_contender *const contenders[] = {
    &w2_floor,    &w2_ostat_cold, &w2_ostat_refresh,
#ifdef W2_HAVE_PROCPS
    &w2_procps,
#endif
#ifdef W2_HAVE_STATGRAB
    &w2_statgrab,
#endif
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)

struct w2_opts {
    struct bench_opts b;
    long spawn, heap, hold;
    const char *summary;
};

static int w2_option(void *ctx, const char *a, const char *v)
{
    struct w2_opts *o = ctx;

    if (strcmp(a, "--spawn") == 0) {
        o->spawn = atol(v);
    } else if (strcmp(a, "--summary") == 0) {
        o->summary = v;
    } else if (strcmp(a, "--heap") == 0) {
        o->heap = atol(v);
    } else if (strcmp(a, "--hold") == 0) {
        o->hold = atol(v);
    } else {
        return -1;
    }
    return 0;
}

static const struct bench_driver driver = {
    "w2",
    "usage: w2 [--spawn N] [--budget S] [--rounds N] [--warmup S]\n"
    "          [--python PATH] [--psutil-script PATH | --no-psutil]\n"
    "          [--summary FILE]\n"
    "       w2 --only NAME --count N\n"
    "       w2 --heap N\n"
    "       w2 --hold N\n"
    "       w2 --list\n",
    contenders,
    NCONTENDERS,
    NULL,
    w2_option,
};

/* ---- --only, --heap, --hold ------------------------------------------------
 */

static int count_mode(const struct bench_opts *o)
{
    const struct bench_contender *c = bench_find(&driver, o->only);

    if (c == NULL) {
        return 2;
    }
    if (w2_sysinfo() != 0) {
        fprintf(stderr, "w2: %s\n", bench_err);
        return 1;
    }
    return bench_count_mode(&driver, c, o->count, bench_measured_loop);
}

static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();

    return m.uordblks + m.hblkhd;
}

/* Heap in use (mallinfo2: arena + mmapped blocks) after one snapshot,
 * after @o->heap more and after @o->heap more again, for each C
 * contender. glibc counts the chunks its per-thread cache holds as in use,
 * so the first interval can grow by a few KiB without a leak; a leak shows
 * as growth in the second interval too. */
static int heap_mode(const struct w2_opts *o)
{
    size_t i;

    if (w2_sysinfo() != 0) {
        fprintf(stderr, "w2: cannot read /proc/stat\n");
        return 1;
    }
    printf("W2 heap in use (mallinfo2 uordblks + hblkhd) after 1 snapshot, "
           "after %ld more and after %ld more again\n",
           o->heap, o->heap);
    printf("%-16s %6s %12s %12s %12s %10s %10s\n", "contender", "rows",
           "after 1 B", "after N B", "after 2N B", "1..N B", "N..2N B");
    for (i = 0; i < NCONTENDERS; i++) {
        const struct bench_contender *c = contenders[i];
        void *state = NULL;
        size_t a, b, d;
        long rows, k;

        if (c->init(&state) != 0 || (rows = c->snap(state)) < 0) {
            printf("%-16s failed: %s\n", c->label, bench_err);
            continue;
        }
        a = heap_in_use();
        for (k = 0; k < o->heap && rows >= 0; k++) {
            rows = c->snap(state);
        }
        b = heap_in_use();
        for (k = 0; k < o->heap && rows >= 0; k++) {
            rows = c->snap(state);
        }
        d = heap_in_use();
        printf("%-16s %6ld %12zu %12zu %12zu %+10ld %+10ld\n", c->label, rows,
               a, b, d, (long)b - (long)a, (long)d - (long)b);
        c->fini(state);
    }
    return 0;
}

static int hold_mode(const struct w2_opts *o)
{
    char buf[64];

    if (bench_children_start(o->hold, NULL) != 0) {
        return 1;
    }
    printf("ready %ld %ld\n", o->hold, bench_count_procs());
    fflush(stdout);
    while (read(0, buf, sizeof(buf)) > 0 || errno == EINTR) {
        errno = 0;
    }
    bench_children_kill();
    return 0;
}

/* ---- value check -----------------------------------------------------------
 */

static int cmp_row_pid(const void *a, const void *b)
{
    int64_t x = ((const struct w2_row *)a)->pid;
    int64_t y = ((const struct w2_row *)b)->pid;

    return (x > y) - (x < y);
}

/* Compare the rows of @c with the floor's (@f, @nf rows) for the pids both
 * saw: the fields that do not move between two reads must agree. */
static void check_rows(
    const char *label, const struct w2_row *f, size_t nf, size_t nc, int *bad)
{
    size_t i = 0, j = 0, common = 0;
    size_t m_ppid = 0, m_name = 0, m_user = 0, m_ctime = 0, m_thr = 0,
           m_cmd = 0;

    qsort(w2_rows, nc, sizeof(w2_rows[0]), cmp_row_pid);
    while (i < nf && j < nc) {
        const struct w2_row *a = &f[i], *b = &w2_rows[j];

        if (a->pid < b->pid) {
            i++;
            continue;
        }
        if (b->pid < a->pid) {
            j++;
            continue;
        }
        common++;
        m_ppid += a->ppid != b->ppid;
        if (b->missing & W2_M_NAME) {
            m_name += strncmp(a->name, b->name, 15) != 0;
        } else {
            m_name += strcmp(a->name, b->name) != 0;
        }
        m_user += !(b->missing & W2_M_USER) && strcmp(a->user, b->user) != 0;
        m_ctime += fabs(a->create_time - b->create_time) >
                   ((b->missing & W2_M_CPU) ? 1.5 : 0.02);
        m_thr +=
            !(b->missing & W2_M_THREADS) && a->num_threads != b->num_threads;
        if (!(b->missing & W2_M_CMD) && a->cmd_len < W2_CMD_CAP &&
            b->cmd_len < W2_CMD_CAP && !(a->cmd_len == 0 && b->cmd[0] == '[')) {
            m_cmd += strcmp(a->cmd, b->cmd) != 0;
        }
        i++;
        j++;
    }
    if (m_ppid + m_name + m_user + m_ctime + m_thr + m_cmd > 0 ||
        common + 5 < nf) {
        printf("warning: %s vs floor: %zu rows, %zu pids in common; "
               "different ppid %zu, name %zu, user %zu, create_time %zu, "
               "threads %zu, cmdline %zu\n",
               label, nc, common, m_ppid, m_name, m_user, m_ctime, m_thr,
               m_cmd);
        *bad = 1;
    }
}

/* ---- report ----------------------------------------------------------------
 */

static double median_rows(struct bench_series *rows)
{
    bench_sort(rows);
    return bench_quantile(rows, 0.5, 1);
}

static void goal(const char *what, double x, const char *cmp, double g)
{
    int met = strcmp(cmp, "<=") == 0 ? x <= g : x >= g;

    printf("%-28s %7.2fx   (goal %s %.2fx: %s)\n", what, x, cmp, g,
           met ? "met" : "NOT met");
}

int main(int argc, char **argv)
{
    struct w2_opts o = { BENCH_OPTS_INIT, 0, 0, 0, NULL };
    struct bench_runner rs[MAX_RUNNERS];
    struct bench_py py;
    struct w2_row *floor_rows = NULL;
    size_t n, i, nfloor = 0, py_i = 0;
    double med[MAX_RUNNERS], per_row[MAX_RUNNERS];
    size_t cold_i = 1, refresh_i = 2, procps_i, statgrab_i;
    long procs;
    int have_py = 0, bad = 0;
    struct utsname u;
    FILE *sum = NULL;

    memset(&py, 0, sizeof(py));
    {
        /* Monitoring agents run with the soft descriptor limit raised
         * (systemd gives services a hard limit of 524288); ostat's
         * refreshing iterator keeps at most a quarter of it. */
        struct rlimit rl;

        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
            rl.rlim_cur = rl.rlim_max;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
    }
    if (bench_parse_args(&driver, argc, argv, &o.b, &o) != 0) {
        return 2;
    }
    if (o.spawn < 0 || o.b.count < 0 || o.heap < 0 || o.hold < 0) {
        bench_usage(&driver, stderr);
        return 2;
    }
    if (o.b.only != NULL) {
        return count_mode(&o.b);
    }
    if (o.heap > 0) {
        return heap_mode(&o);
    }
    if (o.hold > 0) {
        return hold_mode(&o);
    }
    signal(SIGPIPE, SIG_IGN);
    if (w2_sysinfo() != 0) {
        fprintf(stderr, "w2: cannot read btime from /proc/stat\n");
        return 1;
    }
    if (o.spawn > 0 && bench_children_start(o.spawn, NULL) != 0) {
        return 1;
    }
    memset(rs, 0, sizeof(rs));
    n = bench_runners_init(rs, contenders, NCONTENDERS);
    procps_i = bench_runner_index(rs, n, "libproc2");
    statgrab_i = bench_runner_index(rs, n, "statgrab");
    if (o.b.psutil_script != NULL) {
        have_py = bench_runner_py(&rs[n], &py, &o.b, NULL, 1);
        py_i = n++;
    }
    procs = bench_count_procs();

    if (uname(&u) != 0) {
        strcpy(u.release, "?");
    }
    printf("W2 process table (pid ppid name status username cpu_times "
           "memory_info num_threads create_time cmdline), %ld processes "
           "(%ld started by the benchmark)\n",
           procs, o.spawn);
    printf("machine: %ld CPUs, Linux %s\n", sysconf(_SC_NPROCESSORS_ONLN),
           u.release);
    if (py.hello[0] != '\0') {
        printf("psutil: %s\n", py.hello);
    }
    bench_print_method(&o.b, " (one scan of every process)");
    /* One snapshot each for the value check. */
    for (i = 0; i < n; i++) {
        long rows = bench_runner_snap(&rs[i]);

        if (rows < 0) {
            continue;
        }
        if (i == 0) {
            nfloor = (size_t)rows;
            floor_rows = malloc(nfloor * sizeof(*floor_rows) + 1);
            if (floor_rows == NULL) {
                fprintf(stderr, "w2: out of memory\n");
                bench_children_kill();
                return 1;
            }
            memcpy(floor_rows, w2_rows, nfloor * sizeof(*floor_rows));
            qsort(floor_rows, nfloor, sizeof(*floor_rows), cmp_row_pid);
        } else if (floor_rows != NULL) {
            check_rows(rs[i].label, floor_rows, nfloor, (size_t)rows, &bad);
        }
    }
    free(floor_rows);
    if (have_py) {
        double v = bench_py_hello_num(&py, "rows");

        if (v >= 0 && fabs(v - (double)nfloor) > 5) {
            printf("warning: psutil listed %.0f processes, the floor %zu\n", v,
                   nfloor);
            bad = 1;
        }
    }

    bench_rounds(rs, n, &py, o.b.warmup, o.b.budget, o.b.rounds);
    if (have_py) {
        bench_py_stop(&py);
    }

    if (!bad) {
        printf("values: every C contender agrees with the floor on the pids "
               "both saw (ppid, name, user, create time, threads, cmdline; "
               "fields a library lacks are skipped)\n");
    }
    printf("\n%-16s %9s %6s %11s %10s %10s %9s %9s\n", "contender", "snapshots",
           "rows", "median us", "p10 us", "p90 us", "us/row", "vs floor");
    for (i = 0; i < n; i++) {
        struct bench_runner *r = &rs[i];
        double rows;

        per_row[i] = NAN;
        med[i] = bench_median_us(r, 16);
        if (r->s.n == 0) {
            continue;
        }
        rows = median_rows(&r->rows);
        per_row[i] = rows > 0 ? med[i] / rows : NAN;
        printf("%-16s %9zu %6.0f %11.1f %10.1f %10.1f %9.3f", r->label, r->s.n,
               rows, med[i], bench_quantile(&r->s, 0.1, 1000),
               bench_quantile(&r->s, 0.9, 1000), per_row[i]);
        if (rs[0].s.n > 0) {
            printf(" %8.2fx", per_row[i] / per_row[0]);
        }
        printf("%s\n", r->failed ? "  (failed part-way)" : "");
        if (o.summary != NULL) {
            if (sum == NULL) {
                sum = fopen(o.summary, "a");
            }
            if (sum != NULL) {
                fprintf(sum, "%ld\t%ld\t%s\t%.0f\t%.1f\t%.3f\n", o.spawn, procs,
                        r->c ? r->c->name : "psutil", rows, med[i], per_row[i]);
            }
        }
    }
    if (sum != NULL) {
        fclose(sum);
    }
    printf("\nratios of the medians per row:\n");
    if (!isnan(per_row[0]) && !isnan(per_row[cold_i])) {
        goal("ostat cold / floor", per_row[cold_i] / per_row[0], "<=", 1.0);
    }
    if (!isnan(per_row[0]) && !isnan(per_row[refresh_i])) {
        goal("ostat refresh / floor", per_row[refresh_i] / per_row[0],
             "<=", 0.5);
    }
    if (procps_i != 0 && !isnan(per_row[procps_i])) {
        goal("libproc2 / ostat cold", per_row[procps_i] / per_row[cold_i],
             ">=", 1.3);
        goal("libproc2 / ostat refresh", per_row[procps_i] / per_row[refresh_i],
             ">=", 1.3);
    }
    if (have_py && !isnan(per_row[py_i])) {
        goal("psutil / ostat cold", per_row[py_i] / per_row[cold_i], ">=", 5.0);
        goal("psutil / ostat refresh", per_row[py_i] / per_row[refresh_i],
             ">=", 5.0);
    }
    if (statgrab_i != 0 && !isnan(per_row[statgrab_i])) {
        printf("%-28s %7.2fx\n", "libstatgrab / ostat cold",
               per_row[statgrab_i] / per_row[cold_i]);
    }
    printf("\nnotes:\n");
    printf("- floor: getdents64 of /proc (64 KiB buffer), per pid openat "
           "relative to /proc + one read + close of stat, status and "
           "cmdline; a uid->name cache; no allocation\n");
    bench_print_notes(rs, n);
    if (o.b.psutil_script != NULL) {
        printf("- psutil: list(psutil.process_iter(attrs)) under %s (psutil "
               "keeps its Process objects between calls), timed in the "
               "co-process\n",
               o.b.python);
    }
    bench_runners_fini(rs, n);
    bench_children_kill();
    return 0;
}
