/* SPDX-License-Identifier: MIT */
/* w3_main.c: the W3 "one process deep" driver. The target is a child the
 * driver starts (or --target PID): it holds 32 MiB of private memory, 4 MiB
 * of shared memory, eight regular files in the four open modes, a pipe, a
 * socket pair and /dev/null, and blocks. The floor, ostat and a psutil
 * co-process read it in interleaved rounds (W1's method).
 *
 *   w3 [--target PID] [--budget S] [--rounds N] [--warmup S]
 *      [--python PATH] [--psutil-script PATH | --no-psutil]
 *   w3 --only NAME --count N     (N untimed snapshots, for callgrind/strace)
 *   w3 --list
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "w3.h"

static const struct bench_contender *const contenders[] = {
    &w3_floor,
    &w3_ostat,
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)
#define NFILES 8

struct w3_opts {
    struct bench_opts b;
    pid_t target;
};

static int w3_option(void *ctx, const char *a, const char *v)
{
    struct w3_opts *o = ctx;

    if (strcmp(a, "--target") == 0) {
        o->target = (pid_t)atol(v);
        return 0;
    }
    return -1;
}

static const struct bench_driver driver = {
    "w3",
    "usage: w3 [--target PID] [--budget S] [--rounds N] [--warmup S]\n"
    "          [--python PATH] [--psutil-script PATH | --no-psutil]\n"
    "       w3 --only NAME --count N\n"
    "       w3 --list\n",
    contenders,
    NCONTENDERS,
    NULL,
    w3_option,
};

/* ---- the target -------------------------------------------------------------
 */

static char dir[64];

static void file_name(char *buf, size_t cap, int i)
{
    snprintf(buf, cap, "%s/f%d", dir, i);
}

static int make_files(void)
{
    static const char block[4096] = { 'x' };
    int i;

    snprintf(dir, sizeof(dir), "/tmp/ostat-w3.XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("w3: mkdtemp");
        return -1;
    }
    for (i = 0; i < NFILES; i++) {
        char path[96];
        int fd;

        file_name(path, sizeof(path), i);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0 || write(fd, block, sizeof(block)) != sizeof(block)) {
            perror("w3: test file");
            return -1;
        }
        close(fd);
    }
    return 0;
}

static void remove_files(void)
{
    int i;

    if (dir[0] == '\0') {
        return;
    }
    for (i = 0; i < NFILES; i++) {
        char path[96];

        file_name(path, sizeof(path), i);
        unlink(path);
    }
    rmdir(dir);
    dir[0] = '\0';
}

/* Keeps the child's memory reachable, so no store to it is optimized
 * away. */
static char *volatile sink[2];

/* Runs in the child before it blocks. */
static void target_setup(void)
{
    static const int modes[4] = { O_RDONLY, O_WRONLY, O_WRONLY | O_APPEND,
                                  O_RDWR };
    size_t big = 32u << 20, shared = 4u << 20, k;
    int i, p[2], sv[2];
    char *m, *s;

    for (i = 0; i < NFILES; i++) {
        char path[96];
        int fd;

        file_name(path, sizeof(path), i);
        fd = open(path, modes[i % 4]);
        if (fd >= 0) {
            lseek(fd, 100 * i, SEEK_SET);
        }
    }
    if (pipe(p) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        _exit(1);
    }
    open("/dev/null", O_RDONLY);
    m = malloc(big);
    s = mmap(NULL, shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
             -1, 0);
    for (k = 0; m != NULL && k < big; k += 4096) {
        m[k] = 1;
    }
    for (k = 0; s != MAP_FAILED && k < shared; k += 4096) {
        s[k] = 1;
    }
    sink[0] = m;
    sink[1] = s;
}

static int start_target(const struct w3_opts *o)
{
    if (o->target > 0) {
        w3_target = o->target;
        return 0;
    }
    if (make_files() != 0 || bench_children_start(1, target_setup) != 0) {
        remove_files();
        return -1;
    }
    w3_target = bench_children_first();
    /* Let the child finish its setup (it blocks within milliseconds). */
    for (int i = 0; i < 200; i++) {
        char path[64], state[512];
        FILE *f;

        snprintf(path, sizeof(path), "/proc/%d/stat", (int)w3_target);
        f = fopen(path, "r");
        if (f != NULL && fgets(state, sizeof(state), f) != NULL &&
            strstr(state, ") S ") != NULL) {
            fclose(f);
            usleep(20000);
            break;
        }
        if (f != NULL) {
            fclose(f);
        }
        usleep(5000);
    }
    return 0;
}

static void stop_target(void)
{
    bench_children_kill();
    remove_files();
}

/* ---- modes ----------------------------------------------------------------
 */

static int count_mode(const struct w3_opts *o)
{
    const struct bench_contender *c = bench_find(&driver, o->b.only);
    int rc;

    if (c == NULL) {
        return 2;
    }
    if (start_target(o) != 0) {
        return 1;
    }
    rc = bench_count_mode(&driver, c, o->b.count, bench_measured_loop);
    stop_target();
    return rc;
}

static int near(double a, double b, double rel)
{
    return fabs(a - b) <= rel * fabs(b) + 1;
}

static void check(const struct w3_snap *f,
                  const struct w3_snap *x,
                  const char *label,
                  int *bad)
{
    const char *what = NULL;

    if (x->num_fds != f->num_fds) {
        what = "num_fds";
    } else if (x->files_complete &&
               (x->nfiles != f->nfiles || x->files_sum != f->files_sum)) {
        what = "open_files";
    } else if (!near((double)x->uss, (double)f->uss, 0.01) ||
               !near((double)x->pss, (double)f->pss, 0.01)) {
        what = "uss or pss";
    } else if (x->vol != f->vol || x->io[0] != f->io[0]) {
        what = "ctx switches or io";
    }
    if (what != NULL) {
        printf("warning: %s disagrees with the floor on %s\n", label, what);
        *bad = 1;
    }
}

int main(int argc, char **argv)
{
    struct w3_opts o = { BENCH_OPTS_INIT, 0 };
    struct bench_runner rs[MAX_RUNNERS];
    struct w3_snap first[MAX_RUNNERS];
    struct bench_py py;
    size_t n, i, py_i = 0;
    double med[MAX_RUNNERS];
    const char *extra[MAX_RUNNERS];
    int have_py = 0, bad = 0, incomplete = 0;
    char pidarg[24];

    memset(&py, 0, sizeof(py));
    memset(first, 0, sizeof(first));
    if (bench_parse_args(&driver, argc, argv, &o.b, &o) != 0) {
        return 2;
    }
    if (o.b.count < 0) {
        bench_usage(&driver, stderr);
        return 2;
    }
    if (o.b.only != NULL) {
        return count_mode(&o);
    }
    signal(SIGPIPE, SIG_IGN);
    if (start_target(&o) != 0) {
        return 1;
    }
    memset(rs, 0, sizeof(rs));
    n = bench_runners_init(rs, contenders, NCONTENDERS);
    if (o.b.psutil_script != NULL) {
        snprintf(pidarg, sizeof(pidarg), "%d", (int)w3_target);
        have_py = bench_runner_py(&rs[n], &py, &o.b, pidarg, 1);
        py_i = n++;
    }

    /* One snapshot each for the value check. */
    for (i = 0; i < n; i++) {
        if (bench_runner_snap(&rs[i]) < 0) {
            continue;
        }
        first[i] = w3_last;
        incomplete |= !w3_last.files_complete;
        if (i > 0 && !rs[0].failed) {
            check(&first[0], &first[i], rs[i].label, &bad);
        }
    }
    if (have_py && !rs[0].failed) {
        struct w3_snap x = first[0];

        x.num_fds = (int64_t)bench_py_hello_num(&py, "num_fds");
        x.nfiles = (int64_t)bench_py_hello_num(&py, "nfiles");
        x.files_sum = (uint64_t)bench_py_hello_num(&py, "files_sum");
        x.uss = (uint64_t)bench_py_hello_num(&py, "uss");
        x.pss = (uint64_t)bench_py_hello_num(&py, "pss");
        x.files_complete = 1;
        /* The co-process is one more reader: the target's io and context
         * switches do not move, its fds do not either. */
        check(&first[0], &x, "psutil", &bad);
    }

    bench_rounds(rs, n, &py, o.b.warmup, o.b.budget, o.b.rounds);
    if (have_py) {
        bench_py_stop(&py);
    }

    printf("W3 one process deep (memory_footprint, num_fds, open_files, "
           "io_counters, num_ctx_switches) of pid %d: %lld fds, %lld "
           "regular files, uss %.1f MiB, pss %.1f MiB\n",
           (int)w3_target, (long long)first[0].num_fds,
           (long long)first[0].nfiles, (double)first[0].uss / 1048576.0,
           (double)first[0].pss / 1048576.0);
    if (py.hello[0] != '\0') {
        printf("psutil: %s\n", py.hello);
    }
    bench_print_method(&o.b, "");
    if (!bad) {
        printf("values: every contender agrees with the floor (num_fds, "
               "open_files, uss, pss, ctx switches, io)\n");
    }
    for (i = 0; i < n; i++) {
        extra[i] = rs[i].c == &w3_ostat && !first[i].files_complete
                       ? "  INCOMPLETE: open_files not supported yet"
                       : NULL;
    }
    bench_print_table(rs, n, 16, extra, med);
    printf("\n");
    if (!isnan(med[0]) && !isnan(med[1])) {
        double x = med[1] / med[0];

        printf("ostat / floor:  %.2fx   (goal <= 1.20x: %s%s)\n", x,
               x <= 1.2 ? "met" : "NOT met",
               incomplete ? "; not comparable, open_files missing" : "");
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[1])) {
        printf("psutil / ostat: %.1fx\n", med[py_i] / med[1]);
    }
    printf("\nnotes:\n");
    printf("- floor: /proc/PID held open; smaps_rollup; getdents64 of fd/; "
           "per descriptor readlinkat, and for an absolute path fstatat "
           "(regular files only, as psutil) and fdinfo/N; io; status\n");
    bench_print_notes(rs, n);
    if (o.b.psutil_script != NULL) {
        printf("- psutil: Process(pid) made once; per snapshot oneshot() "
               "with the five calls, under %s\n",
               o.b.python);
    }
    bench_runners_fini(rs, n);
    stop_target();
    return 0;
}
