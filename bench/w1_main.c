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
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "w1.h"

char w1_err[512];

static const struct w1_contender *const contenders[] = {
    &w1_floor,
    &w1_ostat_oneshot,
    &w1_ostat_plain,
#ifdef W1_HAVE_STATGRAB
    &w1_statgrab,
#endif
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)

/* Large (per-CPU table), so not on the stack. */
static struct w1_snap snap_buf, check_buf[MAX_RUNNERS];

struct opts {
    double budget; /* seconds of timed snapshots per contender */
    double warmup; /* seconds of untimed snapshots per contender */
    int rounds;
    const char *python;
    const char *psutil_script; /* NULL: no psutil */
    const char *only;
    long count;
    int breakdown; /* time each file of the floor alone */
};

/* ---- time and samples ---------------------------------------------------- */

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct series {
    uint64_t *v;
    size_t n, cap;
};

static void push(struct series *s, uint64_t ns)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        uint64_t *v = realloc(s->v, cap * sizeof(*v));

        if (v == NULL) {
            fprintf(stderr, "w1: out of memory\n");
            exit(1);
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = ns;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Nearest-rank quantile of sorted samples, in microseconds. */
static double quantile_us(const struct series *s, double q)
{
    size_t i = (size_t)(q * (double)(s->n - 1) + 0.5);

    return (double)s->v[i] / 1000.0;
}

/* ---- the psutil co-process ----------------------------------------------- */

/* It reads "warm NS", "run NS" and "quit" lines and answers each run with
 * "samples N ns1 ns2 ...". */
struct py {
    pid_t pid;
    FILE *to, *from;
    char *line;
    size_t cap;
    char hello[512];
};

static int py_start(struct py *p, const char *python, const char *script)
{
    int in[2], out[2];
    ssize_t n;

    memset(p, 0, sizeof(*p));
    if (pipe(in) != 0 || pipe(out) != 0) {
        perror("w1: pipe");
        return -1;
    }
    p->pid = fork();
    if (p->pid < 0) {
        perror("w1: fork");
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(python, python, script, "--serve", (char *)NULL);
        fprintf(stderr, "w1: cannot run %s: %s\n", python, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    if (p->to == NULL || p->from == NULL) {
        perror("w1: fdopen");
        return -1;
    }
    n = getline(&p->line, &p->cap, p->from);
    if (n <= 0 || strncmp(p->line, "ready ", 6) != 0) {
        fprintf(stderr, "w1: the psutil co-process did not start\n");
        return -1;
    }
    p->line[n - 1] = '\0';
    snprintf(p->hello, sizeof(p->hello), "%s", p->line + 6);
    return 0;
}

/* Send @cmd with a time slice; record the samples it returns in @s (if not
 * NULL). */
static int py_run(struct py *p, const char *cmd, uint64_t ns, struct series *s)
{
    char *q, *e;
    unsigned long long k, i;

    if (fprintf(p->to, "%s %llu\n", cmd, (unsigned long long)ns) < 0 ||
        fflush(p->to) != 0) {
        return -1;
    }
    if (getline(&p->line, &p->cap, p->from) <= 0 ||
        strncmp(p->line, "samples ", 8) != 0) {
        return -1;
    }
    q = p->line + 8;
    k = strtoull(q, &e, 10);
    for (i = 0; i < k; i++) {
        unsigned long long v;

        q = e;
        v = strtoull(q, &e, 10);
        if (e == q) {
            return -1;
        }
        if (s != NULL) {
            push(s, (uint64_t)v);
        }
    }
    return 0;
}

static void py_stop(struct py *p)
{
    if (p->to != NULL) {
        fprintf(p->to, "quit 0\n");
        fclose(p->to);
    }
    if (p->from != NULL) {
        fclose(p->from);
    }
    if (p->pid > 0) {
        waitpid(p->pid, NULL, 0);
    }
    free(p->line);
}

/* A word=value from the co-process's "ready" line, or -1. */
static double hello_num(const struct py *p, const char *key)
{
    char pat[64];
    const char *s;

    snprintf(pat, sizeof(pat), " %s=", key);
    s = strstr(p->hello, pat);
    return s ? strtod(s + strlen(pat), NULL) : -1;
}

/* ---- runners --------------------------------------------------------------
 */

struct runner {
    const struct w1_contender *c; /* NULL for psutil */
    const char *label;
    void *state;
    struct series s;
    int inited, failed;
    char err[512];
};

/* One time slice of a C contender: snapshots until @slice ns have passed. */
static int run_slice(struct runner *r, uint64_t slice, int record)
{
    uint64_t start = now_ns(), t0, t1;

    do {
        t0 = now_ns();
        if (r->c->snap(r->state, &snap_buf) != 0) {
            snprintf(r->err, sizeof(r->err), "%s", w1_err);
            r->failed = 1;
            return -1;
        }
        t1 = now_ns();
        if (record) {
            push(&r->s, t1 - t0);
        }
    } while (t1 - start < slice);
    return 0;
}

/* The measured loop of --count: a named, non-inlined function so that
 * callgrind can count inside it alone (--toggle-collect). */
__attribute__((noinline)) int
w1_measured_loop(const struct w1_contender *c, void *state, long n);

__attribute__((noinline)) int
w1_measured_loop(const struct w1_contender *c, void *state, long n)
{
    long i;

    for (i = 0; i < n; i++) {
        if (c->snap(state, &snap_buf) != 0) {
            return -1;
        }
    }
    return 0;
}

static const struct w1_contender *find(const char *name)
{
    size_t i;

    for (i = 0; i < NCONTENDERS; i++) {
        if (strcmp(contenders[i]->name, name) == 0) {
            return contenders[i];
        }
    }
    return NULL;
}

static int count_mode(const struct opts *o)
{
    const struct w1_contender *c = find(o->only);
    void *state = NULL;
    int rc;

    if (c == NULL) {
        fprintf(stderr, "w1: no contender named %s (see --list)\n", o->only);
        return 2;
    }
    if (c->init(&state) != 0) {
        fprintf(stderr, "w1: %s\n", w1_err);
        return 1;
    }
    /* One snapshot first, so buffers that grow once are grown. */
    rc = c->snap(state, &snap_buf) || w1_measured_loop(c, state, o->count);
    if (rc != 0) {
        fprintf(stderr, "w1: %s\n", w1_err);
    }
    c->fini(state);
    return rc ? 1 : 0;
}

/* ---- value check ----------------------------------------------------------
 */

static int near(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* Compare the values each contender gave with the floor's: the ones that
 * do not move between two reads must agree. */
static void check_values(struct runner *rs, size_t n, const struct py *py)
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

            if ((v = hello_num(py, "ncpu")) >= 0 && (size_t)v != f->ncpu) {
                what = "ncpu";
            } else if ((v = hello_num(py, "mem_total")) >= 0 &&
                       (uint64_t)v != f->mem_total) {
                what = "mem_total";
            } else if ((v = hello_num(py, "swap_total")) >= 0 &&
                       (uint64_t)v != f->swap_total) {
                what = "swap_total";
            } else if ((v = hello_num(py, "users")) >= 0 &&
                       (size_t)v != f->nusers) {
                what = "users";
            } else if ((v = hello_num(py, "boot_time")) >= 0 &&
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
        struct series s = { NULL, 0, 0 };
        uint64_t start = now_ns(), t0, t1;
        double med;

        do {
            int fd;

            t0 = now_ns();
            fd = open(files[f], O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
                if (read(fd, buf, sizeof(buf)) < 0) {
                    perror("w1: read");
                }
                close(fd);
            }
            t1 = now_ns();
            push(&s, t1 - t0);
        } while (t1 - start < (uint64_t)(seconds * 1e9));
        qsort(s.v, s.n, sizeof(uint64_t), cmp_u64);
        med = quantile_us(&s, 0.5);
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

static void usage(FILE *f)
{
    size_t i;

    fprintf(f,
            "usage: w1 [--budget S] [--rounds N] [--warmup S] [--python "
            "PATH]\n"
            "          [--psutil-script PATH | --no-psutil] [--no-breakdown]\n"
            "       w1 --only NAME --count N\n"
            "       w1 --list\n"
            "contenders:");
    for (i = 0; i < NCONTENDERS; i++) {
        fprintf(f, " %s", contenders[i]->name);
    }
    fprintf(f, "\n");
}

static int parse_args(int argc, char **argv, struct opts *o)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--list") == 0) {
            size_t k;

            for (k = 0; k < NCONTENDERS; k++) {
                printf("%s\n", contenders[k]->name);
            }
            exit(0);
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--no-psutil") == 0) {
            o->psutil_script = NULL;
            continue;
        } else if (strcmp(a, "--no-breakdown") == 0) {
            o->breakdown = 0;
            continue;
        }
        if (v == NULL) {
            usage(stderr);
            return -1;
        }
        i++;
        if (strcmp(a, "--budget") == 0) {
            o->budget = atof(v);
        } else if (strcmp(a, "--warmup") == 0) {
            o->warmup = atof(v);
        } else if (strcmp(a, "--rounds") == 0) {
            o->rounds = atoi(v);
        } else if (strcmp(a, "--python") == 0) {
            o->python = v;
        } else if (strcmp(a, "--psutil-script") == 0) {
            o->psutil_script = v;
        } else if (strcmp(a, "--only") == 0) {
            o->only = v;
        } else if (strcmp(a, "--count") == 0) {
            o->count = atol(v);
        } else {
            usage(stderr);
            return -1;
        }
    }
    if (o->budget <= 0 || o->rounds < 1 || o->warmup < 0 ||
        (o->only != NULL && o->count < 0)) {
        usage(stderr);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = { 2.0, 0.2, 20, "/usr/bin/python3", NULL, NULL, 1000, 1 };
    struct runner rs[MAX_RUNNERS];
    struct py py;
    size_t n = 0, i, ostat_i = 1, statgrab_i = 0, py_i = 0;
    uint64_t slice;
    double med[MAX_RUNNERS];
    int round, have_py = 0;

    memset(&py, 0, sizeof(py));
    if (parse_args(argc, argv, &o) != 0) {
        return 2;
    }
    if (o.only != NULL) {
        return count_mode(&o);
    }
    signal(SIGPIPE, SIG_IGN);
    memset(rs, 0, sizeof(rs));
    for (i = 0; i < NCONTENDERS; i++) {
        rs[n].c = contenders[i];
        rs[n].label = contenders[i]->label;
        if (contenders[i]->init(&rs[n].state) != 0) {
            rs[n].failed = 1;
            snprintf(rs[n].err, sizeof(rs[n].err), "%s", w1_err);
        } else {
            rs[n].inited = 1;
        }
        if (strcmp(contenders[i]->name, "statgrab") == 0) {
            statgrab_i = n;
        }
        n++;
    }
    if (o.psutil_script != NULL) {
        rs[n].label = "psutil";
        if (py_start(&py, o.python, o.psutil_script) == 0) {
            have_py = 1;
        } else {
            py_stop(&py);
            rs[n].failed = 1;
            snprintf(rs[n].err, sizeof(rs[n].err),
                     "psutil co-process failed to start");
        }
        py_i = n++;
    }

    /* One snapshot each for the value check, then the warm-up. */
    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && !rs[i].failed &&
            rs[i].c->snap(rs[i].state, &check_buf[i]) != 0) {
            rs[i].failed = 1;
            snprintf(rs[i].err, sizeof(rs[i].err), "%s", w1_err);
        }
    }
    for (i = 0; i < n; i++) {
        uint64_t w = (uint64_t)(o.warmup * 1e9);

        if (rs[i].failed) {
            continue;
        }
        if (rs[i].c != NULL) {
            run_slice(&rs[i], w, 0);
        } else if (py_run(&py, "warm", w, NULL) != 0) {
            rs[i].failed = 1;
            snprintf(rs[i].err, sizeof(rs[i].err), "psutil co-process died");
        }
    }

    /* Interleaved rounds; the order rotates so no contender always follows
     * the same one. */
    slice = (uint64_t)(o.budget * 1e9 / o.rounds);
    for (round = 0; round < o.rounds; round++) {
        size_t k;

        for (k = 0; k < n; k++) {
            struct runner *r = &rs[(k + (size_t)round) % n];

            if (r->failed) {
                continue;
            }
            if (r->c != NULL) {
                run_slice(r, slice, 1);
            } else if (py_run(&py, "run", slice, &r->s) != 0) {
                r->failed = 1;
                snprintf(r->err, sizeof(r->err), "psutil co-process died");
            }
        }
    }
    if (have_py) {
        py_stop(&py);
    }

    printf("W1 system snapshot (cpu_times, cpu_times percpu, virtual_memory, "
           "swap_memory, getloadavg, boot_time, users)\n");
    machine_line(check_buf[0].ncpu);
    if (have_py) {
        printf("psutil: %s\n", py.hello);
    }
    printf("method: %.1f s of timed snapshots per contender in %d interleaved "
           "rounds after %.1f s of warm-up; wall time per snapshot\n",
           o.budget, o.rounds, o.warmup);
    check_values(rs, n, &py);
    printf("\n%-20s %9s %10s %9s %9s %9s\n", "contender", "snapshots",
           "median us", "p10 us", "p90 us", "vs floor");
    for (i = 0; i < n; i++) {
        struct runner *r = &rs[i];

        med[i] = NAN;
        if (r->s.n == 0) {
            printf("%-20s failed: %s\n", r->label,
                   r->err[0] ? r->err : "no samples");
            continue;
        }
        qsort(r->s.v, r->s.n, sizeof(uint64_t), cmp_u64);
        med[i] = quantile_us(&r->s, 0.5);
        printf("%-20s %9zu %10.2f %9.2f %9.2f", r->label, r->s.n, med[i],
               quantile_us(&r->s, 0.1), quantile_us(&r->s, 0.9));
        if (rs[0].s.n > 0) {
            printf(" %8.2fx", med[i] / med[0]);
        }
        printf("%s\n", r->failed ? "  (failed part-way)" : "");
    }
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
    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && rs[i].c->note != NULL) {
            printf("- %s\n", rs[i].c->note);
        }
    }
    if (o.psutil_script != NULL) {
        printf("- psutil: the same 7 calls in Python under %s, each snapshot "
               "timed with time.perf_counter_ns in the co-process\n",
               o.python);
    }
    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && rs[i].inited) {
            rs[i].c->fini(rs[i].state);
        }
        free(rs[i].s.v);
    }
    return 0;
}
