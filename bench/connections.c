/* SPDX-License-Identifier: MIT */
/* connections.c: the net_connections benchmark. A holder process (a child
 * the driver starts) opens N TCP sockets over loopback: a listener and
 * (N - 1) / 2 connected pairs, N = 10,000 by default, and blocks. Then, in
 * interleaved rounds (W1's method), the driver times listing every TCP
 * socket of the system with its owner:
 *
 * - ss -tanp, run as a program (posix_spawn, output to /dev/null): netlink
 *   sock_diag for the sockets, a readlink of every descriptor of every
 *   process for the owners;
 * - ostat_net_connections(OSTAT_CONN_KIND_TCP), every element read with
 *   ostat_list_connection();
 * - the same with the tables read from /proc/net/tcp and tcp6 (a context
 *   whose procfs root is "/proc/.", which is not the running system to
 *   ostat, so netlink is not used);
 * - psutil.net_connections("tcp") in a co-process.
 *
 *   connections [--sockets N] [--ss PATH] [--budget S] [--rounds N]
 *               [--warmup S] [--python PATH]
 *               [--psutil-script PATH | --no-psutil]
 *   connections --only NAME --count N   (N untimed snapshots)
 *   connections --list
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ostat.h>

#include "bench.h"

extern char **environ;

static long nsockets = 10000;
static const char *ss_path = "ss";

/* ---- contenders ------------------------------------------------------------
 */

static int fail(const char *call, int rc)
{
    const ostat_error *e = ostat_error_last();

    snprintf(bench_err, sizeof(bench_err), "ostat: %s: %s (%s)", call,
             ostat_err_name(rc), e ? e->message : ostat_strerror(rc));
    return -1;
}

static int ostat_init_at(void **state, const char *procfs)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    int rc;

    o.procfs_root = procfs;
    if ((rc = ostat_ctx_new(&o, &ctx)) != 0) {
        return fail("ostat_ctx_new", rc);
    }
    *state = ctx;
    return 0;
}

static int ostat_init(void **state)
{
    return ostat_init_at(state, NULL);
}

static int ostat_files_init(void **state)
{
    return ostat_init_at(state, "/proc/.");
}

/* Checked by the value check: the sum of the local ports seen. */
static uint64_t last_port_sum;

static long ostat_snap(void *state)
{
    ostat_list *l = NULL;
    size_t i, n;
    uint64_t sum = 0;
    int rc = ostat_net_connections(state, OSTAT_CONN_KIND_TCP, &l);

    if (rc != 0) {
        return fail("ostat_net_connections", rc);
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_connection c = OSTAT_CONNECTION_INIT;

        if ((rc = ostat_list_connection(l, i, &c)) != 0) {
            ostat_list_free(l);
            return fail("ostat_list_connection", rc);
        }
        sum += (uint64_t)c.laddr_port;
    }
    ostat_list_free(l);
    last_port_sum = sum;
    return (long)n;
}

static void ostat_fini(void *state)
{
    ostat_ctx_free(state);
}

static const struct bench_contender c_ostat = {
    "ostat",
    "ostat",
    "ostat: ostat_net_connections(OSTAT_CONN_KIND_TCP) through netlink "
    "sock_diag and one readlinkat pass over /proc/*/fd; every element "
    "copied out",
    ostat_init,
    ostat_snap,
    ostat_fini,
};

static const struct bench_contender c_ostat_files = {
    "ostat-procnet",
    "ostat /proc/net",
    "ostat /proc/net: the same call reading /proc/net/tcp and tcp6 (procfs "
    "root \"/proc/.\"), as under a procfs root or without sock_diag",
    ostat_files_init,
    ostat_snap,
    ostat_fini,
};

static int ss_init(void **state)
{
    *state = NULL;
    return 0;
}

/* Run ss -tanp with its output to /dev/null; 1, or -1. */
static long ss_snap(void *state)
{
    char *const argv[] = { (char *)ss_path, (char *)"-tanp", NULL };
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int rc, status;

    (void)state;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    rc = posix_spawnp(&pid, ss_path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        snprintf(bench_err, sizeof(bench_err), "cannot run %s: %s", ss_path,
                 strerror(rc));
        return -1;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(bench_err, sizeof(bench_err), "%s -tanp failed", ss_path);
        return -1;
    }
    return 1;
}

static void ss_fini(void *state)
{
    (void)state;
}

static const struct bench_contender c_ss = {
    "ss",
    "ss -tanp",
    "ss -tanp: iproute2's ss run as a program (posix_spawnp), its output "
    "to /dev/null: netlink sock_diag, and readlink of every descriptor of "
    "every process for -p",
    ss_init,
    ss_snap,
    ss_fini,
};

static const struct bench_contender *const contenders[] = {
    &c_ss,
    &c_ostat,
    &c_ostat_files,
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)

static int conn_option(void *ctx, const char *a, const char *v)
{
    (void)ctx;
    if (strcmp(a, "--sockets") == 0) {
        nsockets = atol(v);
        return nsockets >= 3 ? 0 : -1;
    }
    if (strcmp(a, "--ss") == 0) {
        ss_path = v;
        return 0;
    }
    return -1;
}

static const struct bench_driver driver = {
    "connections",
    "usage: connections [--sockets N] [--ss PATH] [--budget S] [--rounds N]\n"
    "                   [--warmup S] [--python PATH]\n"
    "                   [--psutil-script PATH | --no-psutil]\n"
    "       connections --only NAME --count N\n"
    "       connections --list\n",
    contenders,
    NCONTENDERS,
    NULL,
    conn_option,
};

/* ---- the holder
 * --------------------------------------------------------------
 */

/* Runs in the holder child: raise the descriptor limit, then a listener on
 * 127.0.0.1 and connected pairs until nsockets are open. */
static void holder_setup(void)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    struct linger off = { 1, 0 };
    struct rlimit rl;
    rlim_t need = (rlim_t)nsockets + 64;
    long i;
    int l;

    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need) {
        if (rl.rlim_max < need) {
            rl.rlim_max = need; /* as root */
        }
        rl.rlim_cur = need;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
            _exit(3);
        }
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
        listen(l, 4096) != 0 ||
        getsockname(l, (struct sockaddr *)&sa, &len) != 0) {
        _exit(4);
    }
    for (i = 0; i + 3 <= nsockets; i += 2) {
        int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), a;

        if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
            (a = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0) {
            _exit(5);
        }
        /* Closed with a reset when the holder is killed, so that no
         * TIME_WAIT sockets are left for the next run to count. */
        setsockopt(c, SOL_SOCKET, SO_LINGER, &off, sizeof(off));
        setsockopt(a, SOL_SOCKET, SO_LINGER, &off, sizeof(off));
    }
}

/* Descriptors of @pid, or -1 once it is gone. */
static long count_fds(pid_t pid)
{
    char path[64];
    long n = 0;
    DIR *d;
    struct dirent *de;

    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
    if ((d = opendir(path)) == NULL) {
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        n += de->d_name[0] != '.';
    }
    closedir(d);
    return n;
}

static pid_t holder;

static int start_holder(void)
{
    long want = 1 + (nsockets - 1) / 2 * 2, n = 0;
    int i;

    if (bench_children_start(1, holder_setup) != 0) {
        return -1;
    }
    holder = bench_children_first();
    /* stdin, stdout, stderr and the sockets. */
    for (i = 0; i < 6000 && (n = count_fds(holder)) >= 0 && n < want + 3; i++) {
        usleep(5000);
    }
    if (n < want + 3) {
        fprintf(stderr, "connections: the holder did not open %ld sockets\n",
                want);
        bench_children_kill();
        return -1;
    }
    return 0;
}

/* Rows of `ss -tanpH` (one per socket). */
static long ss_rows(void)
{
    char cmd[512], *line = NULL;
    size_t cap = 0;
    long n = 0;
    FILE *f;

    snprintf(cmd, sizeof(cmd), "%s -tanpH 2>/dev/null", ss_path);
    if ((f = popen(cmd, "r")) == NULL) {
        return -1;
    }
    while (getline(&line, &cap, f) > 0) {
        n++;
    }
    free(line);
    return pclose(f) == 0 ? n : -1;
}

/* ---- main
 * --------------------------------------------------------------------
 */

int main(int argc, char **argv)
{
    struct bench_opts o = BENCH_OPTS_INIT;
    struct bench_runner rs[MAX_RUNNERS];
    struct bench_py py;
    long rows[MAX_RUNNERS];
    double med[MAX_RUNNERS];
    size_t n, i, py_i = 0;
    int have_py = 0;
    long ss_n;

    memset(&py, 0, sizeof(py));
    memset(rs, 0, sizeof(rs));
    o.budget = 4.0;
    o.rounds = 10;
    if (bench_parse_args(&driver, argc, argv, &o, NULL) != 0) {
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    if (start_holder() != 0) {
        return 1;
    }
    if (o.only != NULL) {
        const struct bench_contender *c = bench_find(&driver, o.only);
        int rc = c == NULL ? 2
                           : bench_count_mode(&driver, c, o.count,
                                              bench_measured_loop);

        bench_children_kill();
        return rc;
    }
    n = bench_runners_init(rs, contenders, NCONTENDERS);
    if (o.psutil_script != NULL) {
        have_py = bench_runner_py(&rs[n], &py, &o, "tcp", 1);
        py_i = n++;
    }

    /* The value check: every contender sees about as many sockets. */
    ss_n = ss_rows();
    for (i = 0; i < n; i++) {
        rows[i] = rs[i].c == &c_ss ? ss_n : bench_runner_snap(&rs[i]);
    }
    if (have_py) {
        rows[py_i] = (long)bench_py_hello_num(&py, "rows");
    }

    bench_rounds(rs, n, &py, o.warmup, o.budget, o.rounds);
    if (have_py) {
        bench_py_stop(&py);
    }

    printf("net_connections(kind=\"tcp\") of the whole system with %ld "
           "sockets held by pid %d (a listener and %ld connected pairs over "
           "127.0.0.1)\n",
           1 + (nsockets - 1) / 2 * 2, (int)holder, (nsockets - 1) / 2);
    if (py.hello[0] != '\0') {
        printf("psutil: %s\n", py.hello);
    }
    bench_print_method(&o, "");
    printf("\n%-18s %9s %8s %10s %9s %9s %8s\n", "contender", "snapshots",
           "rows", "median ms", "p10 ms", "p90 ms", "vs ss");
    for (i = 0; i < n; i++) {
        struct bench_runner *r = &rs[i];

        med[i] = bench_median_us(r, 18);
        if (r->s.n == 0) {
            continue;
        }
        printf("%-18s %9zu %8ld %10.2f %9.2f %9.2f", r->label, r->s.n, rows[i],
               med[i] / 1000, bench_quantile(&r->s, 0.1, 1e6),
               bench_quantile(&r->s, 0.9, 1e6));
        if (!isnan(med[0])) {
            printf(" %7.2fx", med[i] / med[0]);
        }
        printf("%s\n", r->failed ? "  (failed part-way)" : "");
    }
    printf("\n");
    if (!isnan(med[0]) && !isnan(med[1])) {
        double x = med[1] / med[0];

        printf("ostat / ss:     %.2fx   (goal <= 1.5x: %s)\n", x,
               x <= 1.5 ? "met" : "NOT met");
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[1])) {
        double x = med[py_i] / med[1];

        printf("psutil / ostat: %.1fx   (goal >= 5x: %s)\n", x,
               x >= 5 ? "met" : "NOT met");
    }
    printf("\nnotes:\n");
    bench_print_notes(rs, n);
    if (have_py) {
        printf("- psutil: psutil.net_connections(kind=\"tcp\") under %s: "
               "/proc/net/tcp and tcp6 parsed in Python, os.readlink of "
               "every descriptor of every process\n",
               o.python);
    }
    printf("- rows: ss counts lines of ss -tanpH; a socket in TIME_WAIT or "
           "a connection starting or ending elsewhere on the machine can "
           "make counts differ by a few\n");
    bench_runners_fini(rs, n);
    bench_children_kill();
    return 0;
}
