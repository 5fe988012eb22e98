/* SPDX-License-Identifier: MIT */
/* bench.c: the parts the W1, W2 and W3 drivers share (see bench.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

char bench_err[512];

uint64_t bench_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- samples ------------------------------------------------------------- */

void bench_push(struct bench_series *s, uint64_t v)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *p = realloc(s->v, cap * sizeof(*p));

        if (p == NULL) {
            fprintf(stderr, "bench: out of memory\n");
            exit(1);
        }
        s->v = p;
        s->cap = cap;
    }
    s->v[s->n++] = v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

void bench_sort(struct bench_series *s)
{
    qsort(s->v, s->n, sizeof(uint64_t), cmp_u64);
}

double bench_quantile(const struct bench_series *s, double q, double div)
{
    size_t i = (size_t)(q * (double)(s->n - 1) + 0.5);

    return (double)s->v[i] / div;
}

/* ---- the psutil co-process ------------------------------------------------
 */

int bench_py_start(struct bench_py *p,
                   const char *python,
                   const char *script,
                   const char *arg,
                   int with_rows)
{
    int in[2], out[2];
    ssize_t n;

    memset(p, 0, sizeof(*p));
    p->with_rows = with_rows;
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
        perror("bench: pipe");
        return -1;
    }
    p->pid = fork();
    if (p->pid < 0) {
        perror("bench: fork");
        return -1;
    }
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        execl(python, python, script, "--serve", arg, (char *)NULL);
        fprintf(stderr, "bench: cannot run %s: %s\n", python, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    if (p->to == NULL || p->from == NULL) {
        perror("bench: fdopen");
        return -1;
    }
    n = getline(&p->line, &p->cap, p->from);
    if (n <= 0 || strncmp(p->line, "ready ", 6) != 0) {
        fprintf(stderr, "bench: the psutil co-process did not start\n");
        return -1;
    }
    p->line[n - 1] = '\0';
    snprintf(p->hello, sizeof(p->hello), "%s", p->line + 6);
    return 0;
}

int bench_py_run(struct bench_py *p,
                 const char *cmd,
                 uint64_t ns,
                 struct bench_series *s,
                 struct bench_series *rows)
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
        unsigned long long v, r = 0;

        q = e;
        v = strtoull(q, &e, 10);
        if (p->with_rows) {
            q = e;
            r = strtoull(q, &e, 10);
        }
        if (e == q) {
            return -1;
        }
        if (s != NULL) {
            bench_push(s, (uint64_t)v);
        }
        if (rows != NULL && p->with_rows) {
            bench_push(rows, (uint64_t)r);
        }
    }
    return 0;
}

void bench_py_stop(struct bench_py *p)
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
    p->to = p->from = NULL;
    p->pid = 0;
    p->line = NULL;
    p->cap = 0; /* the hello line stays for the report */
}

double bench_py_hello_num(const struct bench_py *p, const char *key)
{
    char pat[64];
    const char *s;

    snprintf(pat, sizeof(pat), " %s=", key);
    s = strstr(p->hello, pat);
    if (s == NULL && strncmp(p->hello, pat + 1, strlen(pat + 1)) == 0) {
        s = p->hello - 1;
    }
    return s ? strtod(s + strlen(pat), NULL) : -1;
}

/* ---- the command line ------------------------------------------------------
 */

void bench_usage(const struct bench_driver *d, FILE *f)
{
    size_t i;

    fprintf(f, "%scontenders:", d->usage);
    for (i = 0; i < d->ncontenders; i++) {
        fprintf(f, " %s", d->contenders[i]->name);
    }
    fprintf(f, "\n");
}

/* A common option with its value @v: 0 when taken, -1 when unknown. */
static int common_option(struct bench_opts *o, const char *a, const char *v)
{
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
        return -1;
    }
    return 0;
}

int bench_parse_args(const struct bench_driver *d,
                     int argc,
                     char **argv,
                     struct bench_opts *o,
                     void *ctx)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

        if (strcmp(a, "--list") == 0) {
            size_t k;

            for (k = 0; k < d->ncontenders; k++) {
                printf("%s\n", d->contenders[k]->name);
            }
            exit(0);
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            bench_usage(d, stdout);
            exit(0);
        } else if (strcmp(a, "--no-psutil") == 0) {
            o->psutil_script = NULL;
            continue;
        } else if (d->flag != NULL && d->flag(ctx, a) == 0) {
            continue;
        }
        if (v == NULL) {
            bench_usage(d, stderr);
            return -1;
        }
        i++;
        if (common_option(o, a, v) != 0 &&
            (d->option == NULL || d->option(ctx, a, v) != 0)) {
            bench_usage(d, stderr);
            return -1;
        }
    }
    if (o->budget <= 0 || o->rounds < 1 || o->warmup < 0 ||
        (o->only != NULL && o->count < 0)) {
        bench_usage(d, stderr);
        return -1;
    }
    return 0;
}

const struct bench_contender *bench_find(const struct bench_driver *d,
                                         const char *name)
{
    size_t i;

    for (i = 0; i < d->ncontenders; i++) {
        if (strcmp(d->contenders[i]->name, name) == 0) {
            return d->contenders[i];
        }
    }
    fprintf(stderr, "%s: no contender named %s (see --list)\n", d->name, name);
    return NULL;
}

int bench_count_mode(const struct bench_driver *d,
                     const struct bench_contender *c,
                     long count,
                     int (*loop)(const struct bench_contender *c,
                                 void *state,
                                 long n))
{
    void *state = NULL;
    int rc;

    if (c->init(&state) != 0) {
        fprintf(stderr, "%s: %s\n", d->name, bench_err);
        return 1;
    }
    rc = c->snap(state) < 0 || loop(c, state, count);
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", d->name, bench_err);
    }
    c->fini(state);
    return rc ? 1 : 0;
}

/* ---- runners and rounds ----------------------------------------------------
 */

/* Snapshots until @slice ns have passed (at least one). */
static int run_slice(struct bench_runner *r, uint64_t slice, int record)
{
    uint64_t start = bench_now_ns(), t0, t1;
    long rows;

    do {
        t0 = bench_now_ns();
        rows = r->c->snap(r->state);
        t1 = bench_now_ns();
        if (rows < 0) {
            snprintf(r->err, sizeof(r->err), "%s", bench_err);
            r->failed = 1;
            return -1;
        }
        if (record) {
            bench_push(&r->s, t1 - t0);
            bench_push(&r->rows, (uint64_t)rows);
        }
    } while (t1 - start < slice);
    return 0;
}

static void
run_one(struct bench_runner *r, struct bench_py *py, uint64_t ns, int record)
{
    if (r->failed) {
        return;
    }
    if (r->c != NULL) {
        run_slice(r, ns, record);
    } else if (bench_py_run(py, record ? "run" : "warm", ns,
                            record ? &r->s : NULL,
                            record ? &r->rows : NULL) != 0) {
        r->failed = 1;
        snprintf(r->err, sizeof(r->err), "psutil co-process died");
    }
}

void bench_rounds(struct bench_runner *rs,
                  size_t n,
                  struct bench_py *py,
                  double warmup,
                  double budget,
                  int rounds)
{
    uint64_t slice = (uint64_t)(budget * 1e9 / rounds);
    size_t i, k;
    int round;

    for (i = 0; i < n; i++) {
        run_one(&rs[i], py, (uint64_t)(warmup * 1e9), 0);
    }
    for (round = 0; round < rounds; round++) {
        for (k = 0; k < n; k++) {
            run_one(&rs[(k + (size_t)round) % n], py, slice, 1);
        }
    }
}

__attribute__((noinline)) int
bench_measured_loop(const struct bench_contender *c, void *state, long n)
{
    return bench_snap_n(c, state, n);
}

size_t bench_runners_init(struct bench_runner *rs,
                          const struct bench_contender *const *cs,
                          size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        rs[i].c = cs[i];
        rs[i].label = cs[i]->label;
        if (cs[i]->init(&rs[i].state) != 0) {
            rs[i].failed = 1;
            snprintf(rs[i].err, sizeof(rs[i].err), "%s", bench_err);
        } else {
            rs[i].inited = 1;
        }
    }
    return n;
}

int bench_runner_py(struct bench_runner *r,
                    struct bench_py *py,
                    const struct bench_opts *o,
                    const char *arg,
                    int with_rows)
{
    r->label = "psutil";
    if (bench_py_start(py, o->python, o->psutil_script, arg, with_rows) == 0) {
        return 1;
    }
    bench_py_stop(py);
    r->failed = 1;
    snprintf(r->err, sizeof(r->err), "psutil co-process failed to start");
    return 0;
}

size_t
bench_runner_index(const struct bench_runner *rs, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && strcmp(rs[i].c->name, name) == 0) {
            return i;
        }
    }
    return 0;
}

long bench_runner_snap(struct bench_runner *r)
{
    long rows;

    if (r->c == NULL || r->failed) {
        return -1;
    }
    if ((rows = r->c->snap(r->state)) < 0) {
        r->failed = 1;
        snprintf(r->err, sizeof(r->err), "%s", bench_err);
    }
    return rows;
}

void bench_runners_fini(struct bench_runner *rs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && rs[i].inited) {
            rs[i].c->fini(rs[i].state);
        }
        free(rs[i].s.v);
        free(rs[i].rows.v);
    }
}

/* ---- helper processes ------------------------------------------------------
 */

static pid_t *kids;
static volatile long nkids;
static int kids_wfd = -1;

static void kill_kids_raw(void)
{
    long i;

    for (i = 0; i < nkids; i++) {
        if (kids[i] > 0) {
            kill(kids[i], SIGKILL);
        }
    }
}

static void on_signal(int sig)
{
    kill_kids_raw();
    signal(sig, SIG_DFL);
    raise(sig);
}

int bench_children_start(long n, void (*setup)(void))
{
    struct sigaction sa;
    struct rlimit rl;
    int fds[2];
    long i;

    if (n <= 0) {
        return 0;
    }
    if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)(n + 4096)) {
        rl.rlim_cur =
            rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= (rlim_t)(n + 4096)
                ? (rlim_t)(n + 4096)
                : rl.rlim_max;
        setrlimit(RLIMIT_NPROC, &rl);
    }
    kids = calloc((size_t)n, sizeof(*kids));
    if (kids == NULL || pipe2(fds, O_CLOEXEC) != 0) {
        perror("bench: children");
        return -1;
    }
    kids_wfd = fds[1];
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    for (i = 0; i < n; i++) {
        pid_t pid = fork();

        if (pid < 0) {
            fprintf(stderr, "bench: fork of helper %ld: %s\n", i,
                    strerror(errno));
            bench_children_kill();
            return -1;
        }
        if (pid == 0) {
            char c;
            int null = open("/dev/null", O_RDWR);

            signal(SIGINT, SIG_DFL);
            signal(SIGTERM, SIG_DFL);
            signal(SIGHUP, SIG_DFL);
            /* Only the read end and the standard streams on /dev/null. */
            dup2(fds[0], 0);
            if (null >= 0) {
                dup2(null, 1);
                dup2(null, 2);
            }
            for (int fd = 3; fd < 1024; fd++) {
                close(fd);
            }
            if (setup != NULL) {
                setup();
            }
            while (read(0, &c, 1) < 0 && errno == EINTR) {
            }
            _exit(0);
        }
        kids[i] = pid;
        nkids = i + 1;
    }
    close(fds[0]);
    return 0;
}

void bench_children_kill(void)
{
    long i;

    kill_kids_raw();
    for (i = 0; i < nkids; i++) {
        if (kids[i] > 0) {
            waitpid(kids[i], NULL, 0);
            kids[i] = 0;
        }
    }
    nkids = 0;
    if (kids_wfd >= 0) {
        close(kids_wfd);
        kids_wfd = -1;
    }
    free(kids);
    kids = NULL;
}

pid_t bench_children_first(void)
{
    return nkids > 0 ? kids[0] : -1;
}

long bench_count_procs(void)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    long n = 0;

    if (d == NULL) {
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        n += de->d_name[0] >= '1' && de->d_name[0] <= '9';
    }
    closedir(d);
    return n;
}

/* ---- report ----------------------------------------------------------------
 */

void bench_print_method(const struct bench_opts *o, const char *what)
{
    printf("method: %.1f s of timed snapshots per contender in %d interleaved "
           "rounds after %.1f s of warm-up; wall time per snapshot%s\n",
           o->budget, o->rounds, o->warmup, what);
}

double bench_median_us(struct bench_runner *r, int width)
{
    if (r->s.n == 0) {
        printf("%-*s failed: %s\n", width, r->label,
               r->err[0] ? r->err : "no samples");
        return NAN;
    }
    bench_sort(&r->s);
    return bench_quantile(&r->s, 0.5, 1000);
}

void bench_print_table(struct bench_runner *rs,
                       size_t n,
                       int width,
                       const char *const *extra,
                       double *med)
{
    size_t i;

    printf("\n%-*s %9s %10s %9s %9s %9s\n", width, "contender", "snapshots",
           "median us", "p10 us", "p90 us", "vs floor");
    for (i = 0; i < n; i++) {
        struct bench_runner *r = &rs[i];

        med[i] = bench_median_us(r, width);
        if (r->s.n == 0) {
            continue;
        }
        printf("%-*s %9zu %10.2f %9.2f %9.2f", width, r->label, r->s.n, med[i],
               bench_quantile(&r->s, 0.1, 1000),
               bench_quantile(&r->s, 0.9, 1000));
        if (rs[0].s.n > 0) {
            printf(" %8.2fx", med[i] / med[0]);
        }
        if (extra != NULL && extra[i] != NULL) {
            fputs(extra[i], stdout);
        }
        printf("%s\n", r->failed ? "  (failed part-way)" : "");
    }
}

void bench_print_notes(const struct bench_runner *rs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (rs[i].c != NULL && rs[i].c->note != NULL) {
            printf("- %s\n", rs[i].c->note);
        }
    }
}
