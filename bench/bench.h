/* SPDX-License-Identifier: MIT */
/* bench.h: what the W2 and W3 drivers share: clocks and samples, the
 * psutil co-process protocol of W1, the interleaved rounds, and idle
 * helper processes that the benchmark starts and kills itself. */
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
 * "samples N ns1 rows1 ns2 rows2 ..." (warm-up: no samples). Its first line
 * is "ready key=value ...". */
struct bench_py {
    pid_t pid;
    FILE *to, *from;
    char *line;
    size_t cap;
    char hello[1024];
};

/* Start @python @script --serve @arg (arg may be NULL). */
int bench_py_start(struct bench_py *p,
                   const char *python,
                   const char *script,
                   const char *arg);
/* One time slice; samples and row counts go to @s and @rows when not
 * NULL. */
int bench_py_run(struct bench_py *p,
                 const char *cmd,
                 uint64_t ns,
                 struct bench_series *s,
                 struct bench_series *rows);
void bench_py_stop(struct bench_py *p);
/* A word=value from the "ready" line, or -1. */
double bench_py_hello_num(const struct bench_py *p, const char *key);

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

/* The measured loop of --count: named and not inlined, so callgrind can
 * count inside it alone (--toggle-collect=bench_measured_loop). */
int bench_measured_loop(const struct bench_contender *c, void *state, long n);

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

#endif
