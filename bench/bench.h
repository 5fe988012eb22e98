/* SPDX-License-Identifier: MIT */
/* bench.h: what the W1, W2 and W3 drivers share: clocks and samples, the
 * psutil co-process, the interleaved rounds, the command line, the
 * --only/--count mode, the report table, and idle helper processes that the
 * benchmark starts and kills itself. */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

uint64_t bench_now_ns(void);

/* ---- samples ------------------------------------------------------------- */

struct bench_series {
    uint64_t *v;
    size_t n, cap;
};

void bench_push(struct bench_series *s, uint64_t v);
/* Sort the samples; quantiles need it. */
void bench_sort(struct bench_series *s);
/* Nearest-rank quantile of sorted samples, divided by @div. */
double bench_quantile(const struct bench_series *s, double q, double div);

/* ---- a contender --------------------------------------------------------- */

/* A C contender: set up once, then take snapshots. snap returns the number
 * of rows it produced (1 for W3) or -1 with a sentence in bench_err. */
struct bench_contender {
    const char *name;  /* command-line name */
    const char *label; /* table label */
    const char *note;  /* footnote, or NULL */
    int (*init)(void **state);
    long (*snap)(void *state);
    void (*fini)(void *state);
};

extern char bench_err[512];

/* ---- the psutil co-process ------------------------------------------------
 */

/* It reads "warm NS", "run NS" and "quit" lines and answers each with
 * "samples N ns1 rows1 ns2 rows2 ..." (warm-up: no samples), or with
 * "samples N ns1 ns2 ..." when it gives no row counts (W1). Its first line
 * is "ready key=value ...". */
struct bench_py {
    pid_t pid;
    FILE *to, *from;
    char *line;
    size_t cap;
    int with_rows; /* each sample is followed by its row count */
    char hello[1024];
};

/* Start @python @script --serve @arg (arg may be NULL). @with_rows: the
 * script answers with a row count beside each sample. */
int bench_py_start(struct bench_py *p,
                   const char *python,
                   const char *script,
                   const char *arg,
                   int with_rows);
/* One time slice; samples and row counts go to @s and @rows when not
 * NULL (no row counts without with_rows). */
int bench_py_run(struct bench_py *p,
                 const char *cmd,
                 uint64_t ns,
                 struct bench_series *s,
                 struct bench_series *rows);
void bench_py_stop(struct bench_py *p);
/* A word=value from the "ready" line, or -1. */
double bench_py_hello_num(const struct bench_py *p, const char *key);

/* ---- the command line ------------------------------------------------------
 */

/* The options every driver takes. */
struct bench_opts {
    double budget; /* seconds of timed snapshots per contender */
    double warmup; /* seconds of untimed snapshots per contender */
    int rounds;
    long count; /* --count: snapshots of --only */
    const char *python;
    const char *psutil_script; /* NULL: no psutil */
    const char *only;
};

/* The defaults of struct bench_opts. */
#define BENCH_OPTS_INIT                                                        \
    {                                                                          \
        2.0, 0.2, 20, 1000, "/usr/bin/python3", NULL, NULL                     \
    }

/* What a driver is: its name, its usage lines (the contenders are listed
 * after them), its contenders, and its own options. */
struct bench_driver {
    const char *name;
    const char *usage;
    const struct bench_contender *const *contenders;
    size_t ncontenders;
    /* A driver's option without a value, and one with its value @v: 0 when
     * taken, -1 when unknown. Either may be NULL. */
    int (*flag)(void *ctx, const char *a);
    int (*option)(void *ctx, const char *a, const char *v);
};

void bench_usage(const struct bench_driver *d, FILE *f);
/* Parse the common options into @o (which holds the defaults) and pass the
 * others to @d's hooks with @ctx. --list and --help print and exit. On an
 * error, prints the usage and returns -1; the driver checks the values of
 * its own options itself. */
int bench_parse_args(const struct bench_driver *d,
                     int argc,
                     char **argv,
                     struct bench_opts *o,
                     void *ctx);
/* The contender of @d named @name, or NULL after a message. */
const struct bench_contender *bench_find(const struct bench_driver *d,
                                         const char *name);
/* --only --count: set @c up, take one snapshot (so buffers that grow once
 * are grown), then @count more inside @loop (bench_measured_loop or the
 * driver's own). Returns 0, or 1 after a message. */
int bench_count_mode(const struct bench_driver *d,
                     const struct bench_contender *c,
                     long count,
                     int (*loop)(const struct bench_contender *c,
                                 void *state,
                                 long n));

/* ---- runners and rounds ----------------------------------------------------
 */

struct bench_runner {
    const struct bench_contender *c; /* NULL for psutil */
    const char *label;
    void *state;
    struct bench_series s;    /* ns per snapshot */
    struct bench_series rows; /* rows per snapshot */
    int inited, failed;
    char err[512];
};

/* Warm-up, then @rounds interleaved rounds of @budget / @rounds seconds
 * per runner, the order rotating from round to round. */
void bench_rounds(struct bench_runner *rs,
                  size_t n,
                  struct bench_py *py,
                  double warmup,
                  double budget,
                  int rounds);

/* @n snapshots of @c, untimed; 0, or -1 at the first that fails. */
static inline __attribute__((always_inline)) int
bench_snap_n(const struct bench_contender *c, void *state, long n)
{
    long i;

    for (i = 0; i < n; i++) {
        if (c->snap(state) < 0) {
            return -1;
        }
    }
    return 0;
}

/* The measured loop of --count: named and not inlined, so callgrind can
 * count inside it alone (--toggle-collect=bench_measured_loop). A driver
 * that wants its own name for it wraps bench_snap_n the same way. */
int bench_measured_loop(const struct bench_contender *c, void *state, long n);

/* Set up a runner in @rs for each of the @n contenders @cs (a failing init
 * is recorded in its runner, with bench_err); returns @n. */
size_t bench_runners_init(struct bench_runner *rs,
                          const struct bench_contender *const *cs,
                          size_t n);
/* Make @r the psutil runner: start the co-process @o->python
 * @o->psutil_script --serve @arg (see bench_py_start). Returns 1 if it runs,
 * 0 if not (@r is then failed). */
int bench_runner_py(struct bench_runner *r,
                    struct bench_py *py,
                    const struct bench_opts *o,
                    const char *arg,
                    int with_rows);
/* The index of the runner of contender @name among @n, or 0 (the floor's
 * place) when there is none. */
size_t
bench_runner_index(const struct bench_runner *rs, size_t n, const char *name);
/* One snapshot of @r outside the timed runs (for the value check): its row
 * count, or -1 when it fails (@r is then failed) or @r is psutil or failed
 * already. */
long bench_runner_snap(struct bench_runner *r);
/* Release the contenders' state and the samples. */
void bench_runners_fini(struct bench_runner *rs, size_t n);

/* ---- helper processes ------------------------------------------------------
 */

/* Start @n children of the calling process that block in read() on a pipe
 * whose only writer is the caller: they end when it closes, when the caller
 * dies, or at bench_children_kill(). Their pids are recorded; SIGINT,
 * SIGTERM and SIGHUP kill exactly them before the caller exits. @setup,
 * when not NULL, runs in each child before it blocks. Returns 0 or -1. */
int bench_children_start(long n, void (*setup)(void));
/* SIGKILL and reap the recorded children. Safe to call twice. */
void bench_children_kill(void);
/* The first child's pid, or -1. */
pid_t bench_children_first(void);

/* Processes under /proc now. */
long bench_count_procs(void);

/* ---- report ----------------------------------------------------------------
 */

/* The "method:" line; @what follows "wall time per snapshot". */
void bench_print_method(const struct bench_opts *o, const char *what);
/* Sort @r's samples and return their median in us; with none, print
 * "LABEL failed: WHY" (the label @width wide) and return NAN. */
double bench_median_us(struct bench_runner *r, int width);
/* The table of W1 and W3: per runner the snapshots, the median, p10 and p90
 * in us and the median's ratio to the first runner's, the label @width
 * wide; @extra[i], when @extra and it are not NULL, ends runner i's line.
 * @med gets each median (NAN when there is none). */
void bench_print_table(struct bench_runner *rs,
                       size_t n,
                       int width,
                       const char *const *extra,
                       double *med);
/* The contenders' notes, one "- NOTE" line each. */
void bench_print_notes(const struct bench_runner *rs, size_t n);

#endif
