/* SPDX-License-Identifier: MIT */
/* w1_main.c: the W1 driver. It runs the C contenders and a psutil
 * co-process side by side in interleaved rounds, times every snapshot and
 * prints the median, p10 and p90 of each with their ratios.
 *
 *   w1 [--budget S] [--rounds N] [--warmup S] [--python PATH]
 *      [--psutil-script PATH | --no-psutil] [--no-breakdown]
 *   w1 --only NAME --count N     (N untimed snapshots, for callgrind/strace)
 *   w1 --list
 */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmp.h>

#include "w1.h"

struct w1_snap w1_last;

static const struct bench_contender *const contenders[] = {
    &w1_floor,
    &w1_ostat_oneshot,
    &w1_ostat_plain,
#ifdef W1_HAVE_STATGRAB
    &w1_statgrab,
#endif
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)

/* Each runner's snapshot for the value check; large, so not on the stack. */
static struct w1_snap check_buf[MAX_RUNNERS];

struct w1_opts {
    struct bench_opts b;
    int breakdown; /* time each file of the floor alone */
};

static int w1_flag(void *ctx, const char *a)
{
    struct w1_opts *o = ctx;

    if (strcmp(a, "--no-breakdown") == 0) {
        o->breakdown = 0;
        return 0;
    }
    return -1;
}

static const struct bench_driver driver = {
    "w1",
    "usage: w1 [--budget S] [--rounds N] [--warmup S] [--python PATH]\n"
    "          [--psutil-script PATH | --no-psutil] [--no-breakdown]\n"
    "       w1 --only NAME --count N\n"
    "       w1 --list\n",
    contenders,
    NCONTENDERS,
    w1_flag,
    NULL,
};

/* ---- --only ----------------------------------------------------------------
 */

/* The measured loop of --count, under the name bench/run gives callgrind
 * (--toggle-collect=w1_measured_loop). */
__attribute__((noinline)) int
w1_measured_loop(const struct bench_contender *c, void *state, long n);

__attribute__((noinline)) int
w1_measured_loop(const struct bench_contender *c, void *state, long n)
{
    return bench_snap_n(c, state, n);
}

static int count_mode(const struct bench_opts *o)
{
    const struct bench_contender *c = bench_find(&driver, o->only);

    if (c == NULL) {
        return 2;
    }
    return bench_count_mode(&driver, c, o->count, w1_measured_loop);
}

/* ---- value check ----------------------------------------------------------
 */

static int near(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* Compare the values each contender gave with the floor's: the ones that
 * do not move between two reads must agree. */
static void
check_values(struct bench_runner *rs, size_t n, const struct bench_py *py)
{
    const struct w1_snap *f = &check_buf[0];
    size_t i;
    int bad = 0;

    for (i = 1; i < n; i++) {
        const struct w1_snap *x = &check_buf[i];
        const char *what = NULL;
        int whole_sec =
            rs[i].c == NULL || strcmp(rs[i].c->name, "statgrab") == 0;

        if (rs[i].failed) {
            continue;
        }
        if (rs[i].c == NULL) {
            double v;

            if ((v = bench_py_hello_num(py, "ncpu")) >= 0 &&
                (size_t)v != f->ncpu) {
                what = "ncpu";
            } else if ((v = bench_py_hello_num(py, "mem_total")) >= 0 &&
                       (uint64_t)v != f->mem_total) {
                what = "mem_total";
            } else if ((v = bench_py_hello_num(py, "swap_total")) >= 0 &&
                       (uint64_t)v != f->swap_total) {
                what = "swap_total";
            } else if ((v = bench_py_hello_num(py, "users")) >= 0 &&
                       (size_t)v != f->nusers) {
                what = "users";
            } else if ((v = bench_py_hello_num(py, "boot_time")) >= 0 &&
                       !near(v, f->boot_time, 1.5)) {
                what = "boot_time";
            }
        } else if (x->ncpu != 0 && x->ncpu != f->ncpu) {
            what = "ncpu";
        } else if (x->mem_total != f->mem_total) {
            what = "mem_total";
        } else if (x->swap_total != f->swap_total) {
            what = "swap_total";
        } else if (x->nusers != f->nusers || x->users_sum != f->users_sum) {
            what = "users";
        } else if (!near(x->boot_time, f->boot_time, whole_sec ? 1.5 : 0.01)) {
            what = "boot_time";
        } else if (!near(x->total.v[0], f->total.v[0], 1.0) ||
                   !near(x->total.v[2], f->total.v[2], 1.0)) {
            what = "cpu_times";
        } else if (x->ncpu != 0 &&
                   !near(x->percpu[0].v[3], f->percpu[0].v[3], 1.0)) {
            what = "percpu idle";
        } else if (!whole_sec && (x->swap_sin != f->swap_sin ||
                                  !near(x->load15, f->load15, 0.05))) {
            what = "swap sin or load";
        }
        if (what != NULL) {
            printf("warning: %s disagrees with the floor on %s\n", rs[i].label,
                   what);
            bad = 1;
        }
    }
    if (!bad) {
        printf("values: every contender agrees with the floor (cpus, memory "
               "and swap totals, users, boot time, cpu times)\n");
    }
}

/* ---- report -------------------------------------------------------------- */

static long file_len(const char *path)
{
    char buf[1 << 16];
    long total = 0;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        return -1;
    }
    while ((r = read(fd, buf, sizeof(buf))) > 0) {
        total += r;
    }
    close(fd);
    return total;
}

static void machine_line(size_t ncpu)
{
    struct utsname u;
    long utmp = file_len(_PATH_UTMP);

    if (uname(&u) != 0) {
        strcpy(u.release, "?");
    }
    printf("machine: %zu CPUs, Linux %s; /proc/stat %ld B, /proc/meminfo %ld "
           "B, /proc/vmstat %ld B, ",
           ncpu, u.release, file_len("/proc/stat"), file_len("/proc/meminfo"),
           file_len("/proc/vmstat"));
    if (utmp < 0) {
        printf("%s absent (users() finds nobody)\n", _PATH_UTMP);
    } else {
        printf("%s %ld B\n", _PATH_UTMP, utmp);
    }
}

/* Where the floor's time goes: each file's open + read + close alone,
 * without parsing, timed for @seconds each. */
static void breakdown(double seconds, double floor_med)
{
    static const char *const files[] = { "/proc/stat", "/proc/meminfo",
                                         "/proc/vmstat", "/proc/loadavg",
                                         _PATH_UTMP };
    static char buf[1 << 18];
    double sum = 0;
    size_t f;

    printf("floor by file, median us of open+read+close without parsing:");
    for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
        struct bench_series s = { NULL, 0, 0 };
        uint64_t start = bench_now_ns(), t0, t1;
        double med;

        do {
            int fd;

            t0 = bench_now_ns();
            fd = open(files[f], O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                if (read(fd, buf, sizeof(buf)) < 0) {
                    perror("w1: read");
                }
                close(fd);
            }
            t1 = bench_now_ns();
            bench_push(&s, t1 - t0);
        } while (t1 - start < (uint64_t)(seconds * 1e9));
        bench_sort(&s);
        med = bench_quantile(&s, 0.5, 1000);
        sum += med;
        printf("%s %s %.2f", f ? "," : "", strrchr(files[f], '/') + 1, med);
        free(s.v);
    }
    printf("; sum %.2f", sum);
    if (!isnan(floor_med)) {
        printf(" of the floor's %.2f", floor_med);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    struct w1_opts o = { BENCH_OPTS_INIT, 1 };
    struct bench_runner rs[MAX_RUNNERS];
    struct bench_py py;
    size_t n, i, ostat_i = 1, statgrab_i, py_i = 0;
    double med[MAX_RUNNERS];
    int have_py = 0;

    memset(&py, 0, sizeof(py));
    if (bench_parse_args(&driver, argc, argv, &o.b, &o) != 0) {
        return 2;
    }
    if (o.b.only != NULL) {
        return count_mode(&o.b);
    }
    signal(SIGPIPE, SIG_IGN);
    memset(rs, 0, sizeof(rs));
    n = bench_runners_init(rs, contenders, NCONTENDERS);
    statgrab_i = bench_runner_index(rs, n, "statgrab");
    if (o.b.psutil_script != NULL) {
        have_py = bench_runner_py(&rs[n], &py, &o.b, NULL, 0);
        py_i = n++;
    }

    /* One snapshot each for the value check, each into a cleared w1_last;
     * then the warm-up and the interleaved rounds. */
    for (i = 0; i < n; i++) {
        memset(&w1_last, 0, sizeof(w1_last));
        bench_runner_snap(&rs[i]);
        check_buf[i] = w1_last;
    }
    bench_rounds(rs, n, &py, o.b.warmup, o.b.budget, o.b.rounds);
    if (have_py) {
        bench_py_stop(&py);
    }

    printf("W1 system snapshot (cpu_times, cpu_times percpu, virtual_memory, "
           "swap_memory, getloadavg, boot_time, users)\n");
    machine_line(check_buf[0].ncpu);
    if (have_py) {
        printf("psutil: %s\n", py.hello);
    }
    bench_print_method(&o.b, "");
    check_values(rs, n, &py);
    bench_print_table(rs, n, 20, NULL, med);
    printf("\n");
    if (o.breakdown) {
        breakdown(0.1, med[0]);
    }
    if (!isnan(med[0]) && !isnan(med[ostat_i])) {
        double x = med[ostat_i] / med[0];

        printf("ostat (oneshot) / floor:  %.2fx   (goal <= 1.20x: %s)\n", x,
               x <= 1.2 ? "met" : "NOT met");
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[ostat_i])) {
        double x = med[py_i] / med[ostat_i];

        printf("psutil / ostat (oneshot): %.1fx  (ostat is %.1fx faster; "
               "goal >= 4x: %s)\n",
               x, x, x >= 4 ? "met" : "NOT met");
    }
    if (statgrab_i != 0 && !isnan(med[statgrab_i]) && !isnan(med[ostat_i])) {
        printf("libstatgrab / ostat (oneshot): %.2fx\n",
               med[statgrab_i] / med[ostat_i]);
    }
    printf("\nnotes:\n");
    bench_print_notes(rs, n);
    if (o.b.psutil_script != NULL) {
        printf("- psutil: the same 7 calls in Python under %s, each snapshot "
               "timed with time.perf_counter_ns in the co-process\n",
               o.b.python);
    }
    bench_runners_fini(rs, n);
    return 0;
}
