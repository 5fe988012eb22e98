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
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ostat.h>

#include "bench.h"
#include "bench_ostat.h"

extern char **environ;

static long nsockets = 10000;
static const char *ss_path = "ss";

/* ---- contenders ------------------------------------------------------------
 */

static int ostat_init_at(void **state, const char *procfs)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    int rc;

    o.procfs_root = procfs;
    if ((rc = ostat_ctx_new(&o, &ctx)) != 0) {
        return bench_ostat_fail("ostat_ctx_new", rc);
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

/* The CPU time of this process, in ns. */
static uint64_t cpu_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The rows of the last snapshot, for the value check. */
static long last_rows;

/* A snapshot returns, instead of a row count, the CPU time it took in ns
 * (user and system), so that bench_rounds() keeps it beside the wall
 * time: on a machine shared with other work the wall time includes
 * waiting for a CPU, the CPU time does not. */
static long ostat_snap(void *state)
{
    uint64_t t0 = cpu_ns();
    ostat_list *l = NULL;
    size_t i, n;
    int rc = ostat_net_connections(state, OSTAT_CONN_KIND_TCP, &l);

    if (rc != 0) {
        return bench_ostat_fail("ostat_net_connections", rc);
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_connection c = OSTAT_CONNECTION_INIT;

        if ((rc = ostat_list_connection(l, i, &c)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_connection", rc);
        }
    }
    ostat_list_free(l);
    last_rows = (long)n;
    return (long)(cpu_ns() - t0);
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

/* Run ss -tanp with its output to /dev/null; the CPU time of ss in ns,
 * or -1. */
static long ss_snap(void *state)
{
    char *const argv[] = { (char *)ss_path, (char *)"-tanp", NULL };
    posix_spawn_file_actions_t fa;
    struct rusage ru;
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
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(bench_err, sizeof(bench_err), "%s -tanp failed", ss_path);
        return -1;
    }
    return (
        long)(((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) *
                  1000000000u +
              ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) *
                  1000u);
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

/* ---- the floor
 * ---------------------------------------------------------------
 */

/* The least work that yields the same facts, without the join or a
 * result: the descriptors of every process read as ostat reads them
 * (their number from the size of fd/, the links of 0, 1, 2 ... read until
 * that many are found, a listing of fd/ otherwise), each socket inode
 * parsed; and one inet_diag dump of every TCP socket, each record
 * counted. No allocation, no hash table, no list. */

static char floor_dents[32768];
static char floor_nl[65536];
static long floor_sockets, floor_records;

static void floor_link(int dfd, const char *name)
{
    char link[64];
    ssize_t n = readlinkat(dfd, name, link, sizeof(link));

    if (n > 9 && memcmp(link, "socket:[", 8) == 0) {
        floor_sockets++;
    }
}

static void floor_fds(int dfd)
{
    struct stat st;
    long want = 0, found = 0, misses = 0, fd = 0;
    char name[24];

    if (fstat(dfd, &st) == 0 && st.st_size > 0) {
        want = (long)st.st_size;
    }
    for (; found < want && misses <= 4 + found / 16; fd++) {
        char link[64];
        ssize_t n;

        snprintf(name, sizeof(name), "%ld", fd);
        n = readlinkat(dfd, name, link, sizeof(link));
        if (n < 0) {
            misses++;
            continue;
        }
        found++;
        if (n > 9 && memcmp(link, "socket:[", 8) == 0) {
            floor_sockets++;
        }
    }
    if (want > 0 && found >= want) {
        return;
    }
    for (;;) {
        ssize_t got = getdents64(dfd, floor_dents, sizeof(floor_dents)), off;

        if (got <= 0) {
            return;
        }
        for (off = 0; off < got;) {
            struct dirent64 *de = (struct dirent64 *)(floor_dents + off);

            off += de->d_reclen;
            if (de->d_name[0] >= '0' && de->d_name[0] <= '9' &&
                atol(de->d_name) >= fd) {
                floor_link(dfd, de->d_name);
            }
        }
    }
}

static int floor_dump(void)
{
    struct {
        struct nlmsghdr h;
        struct inet_diag_req r;
    } req;
    struct sockaddr_nl sa;
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

    if (fd < 0) {
        return -1;
    }
    memset(&req, 0, sizeof(req));
    req.h.nlmsg_len = sizeof(req);
    req.h.nlmsg_type = TCPDIAG_GETSOCK;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.r.idiag_family = AF_INET;
    req.r.idiag_states = 0x1ffe;
    memset(&sa, 0, sizeof(sa));
    sa.nl_family = AF_NETLINK;
    if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa, sizeof(sa)) <
        0) {
        close(fd);
        return -1;
    }
    for (;;) {
        ssize_t n = recv(fd, floor_nl, sizeof(floor_nl), 0);
        struct nlmsghdr *h = (struct nlmsghdr *)floor_nl;
        int len = (int)n;

        if (n <= 0) {
            close(fd);
            return -1;
        }
        for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                close(fd);
                return 0;
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                close(fd);
                return -1;
            }
            floor_records++;
        }
    }
}

static long floor_snap(void *state)
{
    uint64_t t0 = cpu_ns();
    DIR *d = opendir("/proc");
    struct dirent *de;

    (void)state;
    floor_sockets = floor_records = 0;
    if (d == NULL) {
        snprintf(bench_err, sizeof(bench_err), "floor: /proc: %s",
                 strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        char rel[300];
        int fd;

        if (de->d_name[0] < '1' || de->d_name[0] > '9') {
            continue;
        }
        snprintf(rel, sizeof(rel), "%s/fd", de->d_name);
        fd = openat(dirfd(d), rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            floor_fds(fd);
            close(fd);
        }
    }
    closedir(d);
    if (floor_dump() != 0) {
        snprintf(bench_err, sizeof(bench_err),
                 "floor: the inet_diag dump "
                 "failed");
        return -1;
    }
    last_rows = floor_records;
    return (long)(cpu_ns() - t0);
}

static const struct bench_contender c_floor = {
    "floor",
    "floor",
    "floor: the same system calls as ostat without the join or a result: "
    "every process's socket links read (the fd/ size, then 0, 1, 2 ..., or "
    "a listing), one inet_diag dump of both TCP families, records counted",
    ss_init,
    floor_snap,
    ss_fini,
};

static const struct bench_contender *const contenders[] = {
    &c_ss,
    &c_ostat,
    &c_floor,
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
    double med[MAX_RUNNERS], cpu[MAX_RUNNERS];
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
        rows[i] = rs[i].c == &c_ss                 ? ss_n
                  : bench_runner_snap(&rs[i]) >= 0 ? last_rows
                                                   : -1;
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
    printf("\n%-16s %9s %7s %10s %8s %8s %10s %8s\n", "contender", "snapshots",
           "rows", "wall ms", "p10", "p90", "cpu ms", "");
    printf("%-16s %9s %7s %10s %8s %8s %10s %8s\n", "", "", "", "median", "",
           "", "median", "vs ss");
    for (i = 0; i < n; i++) {
        struct bench_runner *r = &rs[i];

        med[i] = bench_median_us(r, 16);
        if (r->s.n == 0) {
            cpu[i] = NAN;
            continue;
        }
        bench_sort(&r->rows);
        cpu[i] = bench_quantile(&r->rows, 0.5, 1e6);
        printf("%-16s %9zu %7ld %10.2f %8.2f %8.2f %10.2f", r->label, r->s.n,
               rows[i], med[i] / 1000, bench_quantile(&r->s, 0.1, 1e6),
               bench_quantile(&r->s, 0.9, 1e6), cpu[i]);
        if (!isnan(cpu[0])) {
            printf(" %7.2fx", cpu[i] / cpu[0]);
        }
        printf("%s\n", r->failed ? "  (failed part-way)" : "");
    }
    printf("\n");
    if (!isnan(med[0]) && !isnan(med[1])) {
        double x = med[1] / med[0], y = cpu[1] / cpu[0];

        printf("ostat / ss:     wall %.2fx, cpu %.2fx   (goal <= 1.5x: %s)\n",
               x, y, x <= 1.5 && y <= 1.5 ? "met" : "NOT met");
    }
    if (!isnan(med[1]) && !isnan(med[2])) {
        printf("ostat / floor:  wall %.2fx, cpu %.2fx\n", med[1] / med[2],
               cpu[1] / cpu[2]);
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[2])) {
        printf("psutil / floor: wall %.1fx, cpu %.1fx   (the most any "
               "library could reach here)\n",
               med[py_i] / med[2], cpu[py_i] / cpu[2]);
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[1])) {
        double x = med[py_i] / med[1], y = cpu[py_i] / cpu[1];

        printf("psutil / ostat: wall %.1fx, cpu %.1fx   (goal >= 5x: %s)\n", x,
               y, x >= 5 && y >= 5 ? "met" : "NOT met");
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
    printf("- cpu: user + system time of the snapshot (ss: of its process, "
           "from wait4; psutil: time.process_time_ns); wall: elapsed time, "
           "which on a busy machine includes waiting for a CPU\n");
    bench_runners_fini(rs, n);
    bench_children_kill();
    return 0;
}
