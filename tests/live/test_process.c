/* SPDX-License-Identifier: MIT */
/* test_process.c: the process API on this process and on children it
 * starts, compared with what the test learns itself: system calls
 * (getresuid, getpriority, ioprio_get, prlimit, sched_getaffinity,
 * getrusage), /proc files read here, and ps. Every child dies with the
 * test (PR_SET_PDEATHSIG) and is killed and reaped by the test that
 * started it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "live.h"

/* A call that must succeed. */
#define OK(call)                                                               \
    do {                                                                       \
        int rc_ = (call);                                                      \
        ck_assert_msg(rc_ == 0, "%s -> %s", #call, ostat_err_name(rc_));       \
    } while (0)

/* A call that must fail with exactly @code. */
#define FAILS(call, code)                                                      \
    do {                                                                       \
        int rc_ = (call);                                                      \
        ck_assert_msg(rc_ == (code), "%s -> %s, expected %s", #call,           \
                      ostat_err_name(rc_), ostat_err_name(code));              \
    } while (0)

#define IOPRIO_WHO_PROCESS 1

/* A child of the test, and the write end of the pipe it blocks on. */
struct kid {
    pid_t pid;
    int hold;
};

/* Wall-clock seconds since the epoch. */
static double real_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The state letter in /proc/@pid/stat, after the last ')'; 0 if gone. */
static char read_state(pid_t pid)
{
    char path[64], *s, *rp;
    char st = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    s = live_read_file(path);
    if (s != NULL && (rp = strrchr(s, ')')) != NULL && rp[1] == ' ') {
        st = rp[2];
    }
    free(s);
    return st;
}

/* Wait up to @timeout s for the state of @pid to be one of @states;
 * returns the last state seen. */
static char wait_state(pid_t pid, const char *states, double timeout)
{
    double end = live_now() + timeout;
    char st;

    for (;;) {
        st = read_state(pid);
        if ((st != 0 && strchr(states, st) != NULL) || live_now() > end) {
            return st;
        }
        live_sleep(0.005);
    }
}

/* Default actions again: a forked child inherits the handlers of the test
 * framework, which end the whole process group on SIGTERM or SIGALRM. */
static void kid_signals(void)
{
    static const int sigs[] = { SIGTERM, SIGALRM, SIGINT, SIGHUP };
    sigset_t none;
    size_t i;

    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        signal(sigs[i], SIG_DFL);
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* What every child does first: die with the test, and after two minutes in
 * any case. */
static void kid_guard(pid_t parent)
{
    kid_signals();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(0);
    }
    alarm(120);
}

static void read_until_eof(int fd)
{
    char c;
    ssize_t n;

    do {
        n = read(fd, &c, 1);
    } while (n > 0 || (n < 0 && errno == EINTR));
}

/* Fork a child that runs @fn(@arg), then blocks reading a pipe until the
 * test closes it (k->hold) or kills it. Returns once it is asleep. */
static void kid_start(struct kid *k, void (*fn)(void *), void *arg)
{
    pid_t parent = getpid();
    int ready[2], hold[2];
    char c;

    ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(hold, O_CLOEXEC), 0);
    fflush(NULL);
    k->pid = fork();
    ck_assert_int_ge(k->pid, 0);
    if (k->pid == 0) {
        kid_guard(parent);
        close(ready[0]);
        close(hold[1]);
        if (fn != NULL) {
            fn(arg);
        }
        if (write(ready[1], "x", 1) != 1) {
            _exit(1);
        }
        close(ready[1]);
        read_until_eof(hold[0]);
        _exit(0);
    }
    close(ready[1]);
    close(hold[0]);
    k->hold = hold[1];
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    close(ready[0]);
    ck_assert_int_eq(wait_state(k->pid, "S", 10), 'S');
}

/* Fork a child that execs @path with @argv and stdin on a pipe the test
 * holds; returns once the new program sleeps. */
static void kid_exec(struct kid *k, const char *path, char *const argv[])
{
    pid_t parent = getpid();
    int ready[2], hold[2], err = 0;
    ssize_t n;

    ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(hold, O_CLOEXEC), 0);
    fflush(NULL);
    k->pid = fork();
    ck_assert_int_ge(k->pid, 0);
    if (k->pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        kid_guard(parent);
        if (dup2(hold[0], 0) < 0 || null < 0 || dup2(null, 1) < 0) {
            _exit(126);
        }
        execv(path, argv);
        err = errno;
        n = write(ready[1], &err, sizeof(err));
        _exit(n == (ssize_t)sizeof(err) ? 127 : 126);
    }
    close(ready[1]);
    close(hold[0]);
    k->hold = hold[1];
    do {
        n = read(ready[0], &err, sizeof(err));
    } while (n < 0 && errno == EINTR);
    close(ready[0]);
    ck_assert_msg(n == 0, "exec %s: %s", path, strerror(err));
    /* Asleep means the program runs, its argv in place. */
    ck_assert_int_eq(wait_state(k->pid, "S", 10), 'S');
}

static void kid_stop(struct kid *k)
{
    if (k->pid > 0) {
        kill(k->pid, SIGKILL);
        while (waitpid(k->pid, NULL, 0) < 0 && errno == EINTR) {
        }
        k->pid = 0;
    }
    if (k->hold >= 0) {
        close(k->hold);
        k->hold = -1;
    }
}

/* 1 if @list (of int64) holds @v. */
static int list_has(const ostat_list *list, int64_t v)
{
    size_t i, n = ostat_list_count(list);
    int64_t x;

    for (i = 0; i < n; i++) {
        if (ostat_list_int64(list, i, &x) == 0 && x == v) {
            return 1;
        }
    }
    return 0;
}

/* The entries of /proc/@pid/@dir that are numbers; their values go to @ids
 * (at most @max) when it is not NULL. -1 if the directory is unreadable. */
static int count_dir(pid_t pid, const char *dir, int64_t *ids, int max)
{
    char path[64];
    struct dirent *de;
    DIR *d;
    int n = 0;

    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, dir);
    if ((d = opendir(path)) == NULL) {
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9') {
            continue;
        }
        if (ids != NULL && n < max) {
            ids[n] = atoll(de->d_name);
        }
        n++;
    }
    closedir(d);
    return n;
}

/* A string getter's result into @buf; fails the test on error. */
static size_t get_str(int (*fn)(ostat_proc *, char *, size_t *),
                      ostat_proc *p,
                      char *buf,
                      size_t size,
                      const char *what)
{
    size_t len = size;
    int rc = fn(p, buf, &len);

    ck_assert_msg(rc == 0, "%s -> %s", what, ostat_err_name(rc));
    ck_assert_uint_lt(len, size);
    return len;
}

/* The command line as ostat reads it equals @n strings of @argv. */
static void
check_cmdline(ostat_proc *p, char *const *argv, const size_t *lens, size_t n)
{
    ostat_list *l = NULL;
    size_t i, len;
    const char *s;

    OK(ostat_proc_cmdline(p, &l));
    ck_assert_uint_eq(ostat_list_count(l), n);
    for (i = 0; i < n; i++) {
        size_t want = lens ? lens[i] : strlen(argv[i]);

        OK(ostat_list_string(l, i, &s, &len));
        ck_assert_msg(len == want && memcmp(s, argv[i], len) == 0,
                      "argument %zu: %zu bytes, expected %zu", i, len, want);
    }
    ostat_list_free(l);
}

/* /proc/@pid/cmdline split at its NULs into @argv (pointers into the
 * returned buffer, which is free()d by the caller). */
static char *proc_cmdline(pid_t pid, char **argv, size_t *lens, size_t *n)
{
    char path[64];
    char *buf;
    size_t len = 0, cap = 4096, i;
    ssize_t r;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    while ((r = read(fd, buf + len, cap - len)) > 0) {
        len += (size_t)r;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    close(fd);
    *n = 0;
    for (i = 0; i < len; i++) {
        size_t start = i;

        while (i < len && buf[i] != '\0') {
            i++;
        }
        argv[*n] = buf + start;
        lens[*n] = i - start;
        (*n)++;
    }
    return buf;
}

/* ---- identity -------------------------------------------------------- */

START_TEST(self_identity)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    char buf[4096], want[4096], *comm, *args[256], *raw;
    size_t len, lens[256], n;
    ostat_list *l = NULL;
    ostat_pid_t ppid;
    int64_t first;
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    struct passwd *pw;
    ssize_t wl;

    OK(ostat_proc_open_self(ctx, &p));
    ck_assert_int_eq(ostat_proc_pid(p), getpid());

    /* name: /proc/self/comm, as the test reads it. */
    comm = live_read_file("/proc/self/comm");
    ck_assert_ptr_nonnull(comm);
    comm[strcspn(comm, "\n")] = '\0';
    get_str(ostat_proc_name, p, buf, sizeof(buf), "name");
    ck_assert_str_eq(buf, comm);
    free(comm);

    wl = readlink("/proc/self/exe", want, sizeof(want) - 1);
    ck_assert_int_gt(wl, 0);
    want[wl] = '\0';
    get_str(ostat_proc_exe, p, buf, sizeof(buf), "exe");
    ck_assert_str_eq(buf, want);

    raw = proc_cmdline(getpid(), args, lens, &n);
    check_cmdline(p, args, lens, n);
    free(raw);

    ck_assert_ptr_nonnull(getcwd(want, sizeof(want)));
    get_str(ostat_proc_cwd, p, buf, sizeof(buf), "cwd");
    ck_assert_str_eq(buf, want);

    pw = getpwuid(getuid());
    len = get_str(ostat_proc_username, p, buf, sizeof(buf), "username");
    if (pw != NULL) {
        ck_assert_str_eq(buf, pw->pw_name);
    } else {
        snprintf(want, sizeof(want), "%u", (unsigned)getuid());
        ck_assert_str_eq(buf, want);
    }
    ck_assert_uint_eq(len, strlen(buf));

    ck_assert_int_eq(getresuid(&ru, &eu, &su), 0);
    OK(ostat_proc_uids(p, &ids));
    ck_assert_uint_eq(ids.valid, OSTAT_PROC_IDS_REAL |
                                     OSTAT_PROC_IDS_EFFECTIVE |
                                     OSTAT_PROC_IDS_SAVED);
    ck_assert_int_eq(ids.real, ru);
    ck_assert_int_eq(ids.effective, eu);
    ck_assert_int_eq(ids.saved, su);
    ck_assert_int_eq(getresgid(&rg, &eg, &sg), 0);
    OK(ostat_proc_gids(p, &ids));
    ck_assert_int_eq(ids.real, rg);
    ck_assert_int_eq(ids.effective, eg);
    ck_assert_int_eq(ids.saved, sg);

    OK(ostat_proc_ppid(p, &ppid));
    ck_assert_int_eq(ppid, getppid());
    OK(ostat_proc_parents(p, &l));
    ck_assert_uint_ge(ostat_list_count(l), 1);
    OK(ostat_list_int64(l, 0, &first));
    ck_assert_int_eq(first, getppid());
    ostat_list_free(l);

    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* A forked child (same program) and an exec'ed /bin/sleep. */
START_TEST(child_identity)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL, *self = NULL, *parent = NULL;
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct kid k = { 0, -1 }, e = { 0, -1 };
    char *sleep_argv[] = { "sleep", "77", NULL };
    char buf[4096], want[4096], path[64], *args[256], *raw;
    size_t lens[256], n;
    ostat_list *l = NULL;
    ostat_pid_t ppid;
    int64_t v;
    int32_t st;
    double t0, ct;
    ssize_t wl;

    /* The forked child: this program, its argv, its exe. */
    t0 = real_now();
    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    ck_assert_int_eq(ostat_proc_pid(p), k.pid);
    wl = readlink("/proc/self/exe", want, sizeof(want) - 1);
    ck_assert_int_gt(wl, 0);
    want[wl] = '\0';
    get_str(ostat_proc_exe, p, buf, sizeof(buf), "exe");
    ck_assert_str_eq(buf, want);
    raw = proc_cmdline(getpid(), args, lens, &n);
    check_cmdline(p, args, lens, n);
    free(raw);
    OK(ostat_proc_create_time(p, &ct));
    ck_assert_msg(ct >= t0 - 2 && ct <= t0 + 2,
                  "create_time %.3f, forked at %.3f", ct, t0);
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_SLEEPING, "status %s",
                  ostat_status_name(st));
    OK(ostat_proc_ppid(p, &ppid));
    ck_assert_int_eq(ppid, getpid());
    OK(ostat_proc_parents(p, &l));
    ck_assert_uint_ge(ostat_list_count(l), 2);
    OK(ostat_list_int64(l, 0, &v));
    ck_assert_int_eq(v, getpid());
    OK(ostat_list_int64(l, 1, &v));
    ck_assert_int_eq(v, getppid());
    ostat_list_free(l);
    OK(ostat_proc_parent(p, &parent));
    ck_assert_ptr_nonnull(parent);
    ck_assert_int_eq(ostat_proc_pid(parent), getpid());
    ostat_proc_free(parent);

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_children(self, 0, &l));
    ck_assert_msg(list_has(l, k.pid), "child %d not among the children",
                  (int)k.pid);
    ostat_list_free(l);
    ostat_proc_free(self);
    ostat_proc_free(p);
    kid_stop(&k);

    /* The exec'ed child. */
    t0 = real_now();
    kid_exec(&e, "/bin/sleep", sleep_argv);
    OK(ostat_proc_open(ctx, e.pid, &p));
    get_str(ostat_proc_name, p, buf, sizeof(buf), "name");
    ck_assert_str_eq(buf, "sleep");
    snprintf(path, sizeof(path), "/proc/%d/exe", (int)e.pid);
    wl = readlink(path, want, sizeof(want) - 1);
    ck_assert_int_gt(wl, 0);
    want[wl] = '\0';
    get_str(ostat_proc_exe, p, buf, sizeof(buf), "exe");
    ck_assert_str_eq(buf, want);
    ck_assert_ptr_nonnull(realpath("/bin/sleep", want));
    ck_assert_str_eq(buf, want);
    check_cmdline(p, sleep_argv, NULL, 2);
    ck_assert_ptr_nonnull(getcwd(want, sizeof(want)));
    get_str(ostat_proc_cwd, p, buf, sizeof(buf), "cwd");
    ck_assert_str_eq(buf, want);
    OK(ostat_proc_uids(p, &ids));
    ck_assert_int_eq(ids.real, getuid());
    ck_assert_int_eq(ids.effective, geteuid());
    OK(ostat_proc_gids(p, &ids));
    ck_assert_int_eq(ids.real, getgid());
    ck_assert_int_eq(ids.effective, getegid());
    OK(ostat_proc_create_time(p, &ct));
    ck_assert_msg(ct >= t0 - 2 && ct <= t0 + 2,
                  "create_time %.3f, forked at %.3f", ct, t0);
    OK(ostat_proc_ppid(p, &ppid));
    ck_assert_int_eq(ppid, getpid());
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_SLEEPING, "status %s",
                  ostat_status_name(st));
    ostat_proc_free(p);
    kid_stop(&e);
    ostat_ctx_free(ctx);
}
END_TEST

/* The child forks a grandchild that reports its pid on a pipe. */
static int grand_pipe[2];

static void fork_grandchild(void *arg)
{
    pid_t parent = getpid(), g;

    (void)arg;
    g = fork();
    if (g == 0) {
        kid_guard(parent);
        g = getpid();
        if (write(grand_pipe[1], &g, sizeof(g)) != (ssize_t)sizeof(g)) {
            _exit(1);
        }
        for (;;) {
            pause();
        }
    }
}

START_TEST(children_recursive)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    ostat_list *l = NULL;
    pid_t g = 0;

    ck_assert_int_eq(pipe2(grand_pipe, O_CLOEXEC), 0);
    kid_start(&k, fork_grandchild, NULL);
    ck_assert_int_eq(read(grand_pipe[0], &g, sizeof(g)), sizeof(g));
    close(grand_pipe[0]);
    close(grand_pipe[1]);

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_children(self, 0, &l));
    ck_assert(list_has(l, k.pid));
    ck_assert(!list_has(l, g));
    ostat_list_free(l);
    OK(ostat_proc_children(self, 1, &l));
    ck_assert(list_has(l, k.pid));
    ck_assert_msg(list_has(l, g), "grandchild %d not found", (int)g);
    ostat_list_free(l);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_children(p, 0, &l));
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ck_assert(list_has(l, g));
    ostat_list_free(l);

    ostat_proc_free(p);
    ostat_proc_free(self);
    kill(g, SIGKILL);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- status, nice, ionice, rlimit, affinity ------------------------- */

START_TEST(status_suspend_resume)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    int32_t st;
    char s;

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_SLEEPING, "status %s",
                  ostat_status_name(st));
    OK(ostat_proc_suspend(p));
    ck_assert_int_eq(wait_state(k.pid, "T", 10), 'T');
    OK(ostat_proc_refresh(p));
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_STOPPED, "status %s",
                  ostat_status_name(st));
    OK(ostat_proc_resume(p));
    s = wait_state(k.pid, "RS", 10);
    ck_assert_msg(s == 'R' || s == 'S', "state %c after SIGCONT", s);
    OK(ostat_proc_refresh(p));
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_SLEEPING || st == OSTAT_STATUS_RUNNING,
                  "status %s", ostat_status_name(st));
    ck_assert_str_eq(ostat_status_name(OSTAT_STATUS_DISK_SLEEP), "disk-sleep");
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(nice_get_set)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    int32_t v;
    int want;

    OK(ostat_proc_open_self(ctx, &self));
    errno = 0;
    want = getpriority(PRIO_PROCESS, 0);
    ck_assert_int_eq(errno, 0);
    OK(ostat_proc_nice(self, &v));
    ck_assert_int_eq(v, want);
    ostat_proc_free(self);

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    errno = 0;
    want = getpriority(PRIO_PROCESS, (id_t)k.pid);
    ck_assert_int_eq(errno, 0);
    if (want <= 5) {
        OK(ostat_proc_set_nice(p, 5));
        errno = 0;
        ck_assert_int_eq(getpriority(PRIO_PROCESS, (id_t)k.pid), 5);
        ck_assert_int_eq(errno, 0);
        OK(ostat_proc_refresh(p));
        OK(ostat_proc_nice(p, &v));
        ck_assert_int_eq(v, 5);
    }
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(ionice_get_set)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct ostat_proc_ionice io = OSTAT_PROC_IONICE_INIT;
    struct kid k = { 0, -1 };
    long v;

    OK(ostat_proc_open_self(ctx, &self));
    v = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, (int)getpid());
    ck_assert_int_ge(v, 0);
    OK(ostat_proc_ionice(self, &io));
    ck_assert_uint_eq(io.valid,
                      OSTAT_PROC_IONICE_IOCLASS | OSTAT_PROC_IONICE_VALUE);
    ck_assert_int_eq(io.ioclass, v >> 13);
    ck_assert_int_eq(io.value, v & 0x1fff);
    ostat_proc_free(self);

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_BE, 3));
    v = syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, (int)k.pid);
    ck_assert_int_eq(v, (2 << 13) | 3);
    OK(ostat_proc_ionice(p, &io));
    ck_assert_int_eq(io.ioclass, OSTAT_IOPRIO_CLASS_BE);
    ck_assert_int_eq(io.value, 3);
    FAILS(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_IDLE, 3), OSTAT_EINVAL);
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

static int64_t lim(rlim_t r)
{
    return r == RLIM_INFINITY ? OSTAT_RLIM_INFINITY : (int64_t)r;
}

START_TEST(rlimit_get_set)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    struct rlimit r;
    int64_t soft, hard, want;

    OK(ostat_proc_open_self(ctx, &self));
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &r), 0);
    OK(ostat_proc_rlimit(self, OSTAT_RLIMIT_NOFILE, &soft, &hard));
    ck_assert_int_eq(soft, lim(r.rlim_cur));
    ck_assert_int_eq(hard, lim(r.rlim_max));
    ck_assert_int_eq(getrlimit(RLIMIT_CORE, &r), 0);
    OK(ostat_proc_rlimit(self, OSTAT_RLIMIT_CORE, &soft, &hard));
    ck_assert_int_eq(soft, lim(r.rlim_cur));
    ck_assert_int_eq(hard, lim(r.rlim_max));
    ostat_proc_free(self);

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    ck_assert_int_eq(prlimit(k.pid, RLIMIT_NOFILE, NULL, &r), 0);
    want = r.rlim_cur != RLIM_INFINITY && r.rlim_cur < 64 ? 8 : 64;
    OK(ostat_proc_set_rlimit(p, OSTAT_RLIMIT_NOFILE, want, lim(r.rlim_max)));
    ck_assert_int_eq(prlimit(k.pid, RLIMIT_NOFILE, NULL, &r), 0);
    ck_assert_int_eq(lim(r.rlim_cur), want);
    OK(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, &soft, &hard));
    ck_assert_int_eq(soft, want);
    ck_assert_int_eq(hard, lim(r.rlim_max));
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(cpu_affinity_get_set)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    ostat_list *l = NULL;
    cpu_set_t set;
    size_t i, n = 0;
    int32_t cpu;
    int64_t v;

    ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_cpu_affinity(self, &l));
    for (i = 0; i < CPU_SETSIZE; i++) {
        if (CPU_ISSET(i, &set)) {
            OK(ostat_list_int64(l, n, &v));
            ck_assert_int_eq(v, (int64_t)i);
            n++;
        }
    }
    ck_assert_uint_eq(ostat_list_count(l), n);
    ostat_list_free(l);
    ostat_proc_free(self);

    cpu = CPU_ISSET(0, &set) ? 0 : live_allowed_cpu();
    ck_assert_int_ge(cpu, 0);
    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_set_cpu_affinity(p, &cpu, 1));
    ck_assert_int_eq(sched_getaffinity(k.pid, sizeof(set), &set), 0);
    ck_assert_int_eq(CPU_COUNT(&set), 1);
    ck_assert(CPU_ISSET(cpu, &set));
    OK(ostat_proc_refresh(p));
    OK(ostat_proc_cpu_affinity(p, &l));
    ck_assert_uint_eq(ostat_list_count(l), 1);
    OK(ostat_list_int64(l, 0, &v));
    ck_assert_int_eq(v, cpu);
    ostat_list_free(l);
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- threads, fds, counters ------------------------------------------ */

struct waiter {
    int fds[2]; /* [0]: the thread blocks on it; [1]: it writes its tid */
    int tid_pipe[2];
};

static void *thread_main(void *arg)
{
    struct waiter *w = arg;
    pid_t tid = (pid_t)syscall(SYS_gettid);

    if (write(w->tid_pipe[1], &tid, sizeof(tid)) != (ssize_t)sizeof(tid)) {
        return NULL;
    }
    read_until_eof(w->fds[0]);
    return NULL;
}

/* Start a thread blocked on a pipe; returns its tid. */
static pid_t thread_start(pthread_t *t, struct waiter *w)
{
    pid_t tid = 0;

    ck_assert_int_eq(pipe2(w->fds, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(w->tid_pipe, O_CLOEXEC), 0);
    ck_assert_int_eq(pthread_create(t, NULL, thread_main, w), 0);
    ck_assert_int_eq(read(w->tid_pipe[0], &tid, sizeof(tid)), sizeof(tid));
    return tid;
}

static void thread_stop(pthread_t t, struct waiter *w)
{
    close(w->fds[1]);
    pthread_join(t, NULL);
    close(w->fds[0]);
    close(w->tid_pipe[0]);
    close(w->tid_pipe[1]);
}

START_TEST(threads_count_and_list)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    struct waiter w;
    ostat_list *l = NULL;
    int64_t tids[256];
    int32_t before, after, n;
    pthread_t t;
    pid_t tid;
    size_t i;
    int j, ntask, found;

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_num_threads(p, &n));
    ck_assert_int_eq(n, 1);
    OK(ostat_proc_threads(p, &l));
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ostat_list_free(l);
    ostat_proc_free(p);
    kid_stop(&k);

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_num_threads(self, &before));
    ck_assert_int_eq(before, count_dir(getpid(), "task", NULL, 0));
    tid = thread_start(&t, &w);
    OK(ostat_proc_refresh(self));
    OK(ostat_proc_num_threads(self, &after));
    ck_assert_int_eq(after, before + 1);
    ntask = count_dir(getpid(), "task", tids, 256);
    ck_assert_int_eq(ntask, after);
    OK(ostat_proc_threads(self, &l));
    ck_assert_uint_eq(ostat_list_count(l), (size_t)after);
    found = 0;
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_proc_thread th = OSTAT_PROC_THREAD_INIT;
        int seen = 0;

        OK(ostat_list_thread(l, i, &th));
        ck_assert(th.valid & OSTAT_PROC_THREAD_ID);
        for (j = 0; j < ntask && j < 256; j++) {
            seen |= tids[j] == th.id;
        }
        ck_assert_msg(seen, "thread %lld is not in /proc/self/task",
                      (long long)th.id);
        found |= th.id == tid;
        ck_assert(th.user_time >= 0 && th.system_time >= 0);
    }
    ck_assert(found);
    ostat_list_free(l);
    thread_stop(t, &w);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(num_fds_count)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct kid k = { 0, -1 };
    int32_t n1, n2;
    int fd;

    OK(ostat_proc_open_self(ctx, &self));
    /* Both count the directory's own descriptor while they read it. */
    OK(ostat_proc_num_fds(self, &n1));
    ck_assert_int_eq(n1, count_dir(getpid(), "fd", NULL, 0));
    fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    OK(ostat_proc_num_fds(self, &n2));
    ck_assert_int_eq(n2, n1 + 1);
    close(fd);
    ostat_proc_free(self);

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_num_fds(p, &n1));
    ck_assert_int_eq(n1, count_dir(k.pid, "fd", NULL, 0));
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(io_counters_grow)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    struct ostat_proc_io_counters a = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_io_counters b = OSTAT_PROC_IO_COUNTERS_INIT;
    char buf[4096];
    uint64_t total = 0;
    ssize_t r;
    int fd, reads = 0;

    if (access("/proc/self/io", R_OK) != 0) {
        return; /* no task I/O accounting in this kernel */
    }
    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_io_counters(self, &a));
    ck_assert(a.valid & OSTAT_PROC_IO_COUNTERS_READ_COUNT);
    ck_assert(a.valid & OSTAT_PROC_IO_COUNTERS_READ_CHARS);
    fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    while (reads < 16 && (r = read(fd, buf, sizeof(buf))) > 0) {
        total += (uint64_t)r;
        reads++;
    }
    close(fd);
    ck_assert_int_eq(reads, 16);
    OK(ostat_proc_io_counters(self, &b));
    ck_assert_uint_ge(b.read_count, a.read_count + 16);
    ck_assert_uint_ge(b.read_chars, a.read_chars + total);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(ctx_switches_grow)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    struct ostat_proc_ctx_switches a = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_ctx_switches b = OSTAT_PROC_CTX_SWITCHES_INIT;
    int i;

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_num_ctx_switches(self, &a));
    for (i = 0; i < 10; i++) {
        live_sleep(0.002);
    }
    OK(ostat_proc_refresh(self));
    OK(ostat_proc_num_ctx_switches(self, &b));
    ck_assert_uint_ge(b.voluntary, a.voluntary + 10);
    ck_assert_uint_ge(b.involuntary, a.involuntary);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

static double tv(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

START_TEST(cpu_times_vs_getrusage)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    struct ostat_proc_cpu_times t = OSTAT_PROC_CPU_TIMES_INIT;
    struct rusage r;
    volatile unsigned long spin = 0;
    double end = live_now() + 0.3;

    while (live_now() < end) {
        spin++;
    }
    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_cpu_times(self, &t));
    ck_assert_int_eq(getrusage(RUSAGE_SELF, &r), 0);
    ck_assert_msg(t.user >= tv(r.ru_utime) - 0.3 &&
                      t.user <= tv(r.ru_utime) + 0.3,
                  "user %.3f, getrusage %.3f", t.user, tv(r.ru_utime));
    ck_assert_msg(t.system >= tv(r.ru_stime) - 0.3 &&
                      t.system <= tv(r.ru_stime) + 0.3,
                  "system %.3f, getrusage %.3f", t.system, tv(r.ru_stime));
    ck_assert(t.children_user >= 0 && t.children_system >= 0);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

/* utime + stime of @pid in seconds, read here from /proc. */
static double cpu_seconds_of(pid_t pid)
{
    char path[64], *s, *rp;
    unsigned long long ut = 0, st = 0;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    s = live_read_file(path);
    ck_assert_ptr_nonnull(s);
    rp = strrchr(s, ')');
    ck_assert_ptr_nonnull(rp);
    ck_assert_int_eq(sscanf(rp + 2,
                            "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                            "%llu %llu",
                            &ut, &st),
                     2);
    free(s);
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

START_TEST(cpu_percent_spinning_child)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    double pct = 0, first = -1, idle = 100, seen = 0, c0, c1, t0, t1;
    pid_t spin = live_spin_start(-1);
    int i;

    ck_assert_int_gt(spin, 0);
    OK(ostat_proc_open(ctx, spin, &p));
    OK(ostat_proc_cpu_percent(p, 0, &first));
    ck_assert(first == 0);
    /* The oracle is the child's own CPU time in /proc over the same half
     * second, so other load on the machine cannot fail the test: ostat
     * must agree with it within 15 points (clock ticks are 10 ms, and the
     * two measures start and stop a few microseconds apart). Retry until
     * the child got a fair share of a CPU at all. */
    for (i = 0; i < LIVE_RETRIES && seen < 20; i++) {
        t0 = live_now();
        c0 = cpu_seconds_of(spin);
        OK(ostat_proc_cpu_percent(p, 0.5, &pct));
        c1 = cpu_seconds_of(spin);
        t1 = live_now();
        seen = (c1 - c0) / (t1 - t0) * 100;
    }
    ck_assert_msg(seen >= 20, "the spinning child never got a CPU (%.1f %%)",
                  seen);
    ck_assert_msg(pct > seen - 15 && pct < seen + 15 && pct <= 100 * 64,
                  "spinning child at %.1f %%, its /proc times say %.1f %%", pct,
                  seen);
    ostat_proc_free(p);
    live_spin_stop(spin);

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_cpu_percent(p, 0.2, &idle));
    ck_assert_msg(idle <= 10, "blocked child at %.1f %%", idle);
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- memory ------------------------------------------------------------ */

START_TEST(memory_info_vs_statm_and_ps)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct kid k = { 0, -1 };
    unsigned long long sz, res, shr, txt, lib, dat;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), rss_kb, vsz_kb;
    char path[64], cmd[128], *s;

    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_memory_info(p, &m));
    snprintf(path, sizeof(path), "/proc/%d/statm", (int)k.pid);
    s = live_read_file(path);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sscanf(s, "%llu %llu %llu %llu %llu %llu", &sz, &res, &shr,
                            &txt, &lib, &dat),
                     6);
    free(s);
    ck_assert(m.valid & OSTAT_PROC_MEMORY_INFO_RSS);
    ck_assert(m.valid & OSTAT_PROC_MEMORY_INFO_VMS);
    ck_assert_uint_eq(m.vms, sz * page);
    ck_assert_uint_eq(m.rss, res * page);
    ck_assert_uint_eq(m.shared, shr * page);
    ck_assert_uint_eq(m.text, txt * page);
    ck_assert_uint_eq(m.data, dat * page);
    ck_assert(m.valid & OSTAT_PROC_MEMORY_INFO_PEAK_RSS);
    ck_assert_uint_ge(m.peak_rss, m.rss);
    ck_assert_uint_ge(m.peak_vms, m.vms);

    if (live_have_tool("ps")) {
        snprintf(cmd, sizeof(cmd), "ps -o rss=,vsz= -p %d", (int)k.pid);
        s = live_run(cmd);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(sscanf(s, "%" SCNu64 " %" SCNu64, &rss_kb, &vsz_kb),
                         2);
        free(s);
        ck_assert_msg(live_absdiff(m.rss, rss_kb * 1024) <= m.rss / 10,
                      "rss %" PRIu64 ", ps %" PRIu64 " KiB", m.rss, rss_kb);
        ck_assert_msg(live_absdiff(m.vms, vsz_kb * 1024) <= m.vms / 10,
                      "vms %" PRIu64 ", ps %" PRIu64 " KiB", m.vms, vsz_kb);
    }
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(memory_footprint_and_percent)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL, *p = NULL;
    struct ostat_proc_memory_footprint f1 = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_memory_footprint f2 = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    struct kid k = { 0, -1 };
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), total_kb = 0;
    unsigned long long sz, res;
    size_t big = 16 * LIVE_MIB;
    char path[64], *s;
    double pct, want;
    void *mem;

    /* A child that sleeps: its memory stands still. */
    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    OK(ostat_proc_memory_info(p, &m));
    OK(ostat_proc_memory_footprint(p, &f1));
    ck_assert(f1.valid & OSTAT_PROC_MEMORY_FOOTPRINT_USS);
    ck_assert(f1.valid & OSTAT_PROC_MEMORY_FOOTPRINT_PSS);
    ck_assert_uint_le(f1.uss, m.rss);
    ck_assert_uint_gt(f1.pss, 0);
    ck_assert_uint_le(f1.pss, m.rss);
    ck_assert_uint_ge(f1.pss, f1.uss);

    /* memory_percent("rss") against statm and MemTotal read here. */
    snprintf(path, sizeof(path), "/proc/%d/statm", (int)k.pid);
    s = live_read_file(path);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sscanf(s, "%llu %llu", &sz, &res), 2);
    free(s);
    s = live_read_file("/proc/meminfo");
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(sscanf(s, "MemTotal: %" SCNu64, &total_kb), 1);
    free(s);
    want = (double)(res * page) / (double)(total_kb * 1024) * 100;
    OK(ostat_proc_memory_percent(p, "rss", &pct));
    ck_assert_msg(pct > want - 1e-9 && pct < want + 1e-9,
                  "memory_percent %.9f, expected %.9f", pct, want);
    OK(ostat_proc_memory_percent(p, NULL, &pct));
    ck_assert_msg(pct > want - 1e-9 && pct < want + 1e-9,
                  "memory_percent(NULL) %.9f, expected %.9f", pct, want);
    OK(ostat_proc_memory_percent(p, "uss", &pct));
    ck_assert(pct > 0 && pct <= want + 1e-9);
    FAILS(ostat_proc_memory_percent(p, "nonsense", &pct), OSTAT_EINVAL);
    ostat_proc_free(p);
    kid_stop(&k);

    /* This process: 16 MiB of fresh private pages. */
    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_memory_footprint(self, &f1));
    mem = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    ck_assert(mem != MAP_FAILED);
    memset(mem, 0x5a, big);
    OK(ostat_proc_memory_footprint(self, &f2));
    ck_assert_msg(f2.uss >= f1.uss + 8 * LIVE_MIB,
                  "uss %" PRIu64 " -> %" PRIu64, f1.uss, f2.uss);
    OK(ostat_proc_refresh(self));
    OK(ostat_proc_memory_info(self, &m));
    ck_assert_uint_le(f2.uss, m.rss + LIVE_MEM_TOL);
    munmap(mem, big);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(page_faults_grow)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *self = NULL;
    struct ostat_proc_page_faults a = OSTAT_PROC_PAGE_FAULTS_INIT;
    struct ostat_proc_page_faults b = OSTAT_PROC_PAGE_FAULTS_INIT;
    size_t size = 4 * LIVE_MIB, i, page = (size_t)sysconf(_SC_PAGESIZE);
    struct rusage r1, r2;
    char *mem;

    OK(ostat_proc_open_self(ctx, &self));
    OK(ostat_proc_refresh(self)); /* drop what the open read */
    ck_assert_int_eq(getrusage(RUSAGE_SELF, &r1), 0);
    OK(ostat_proc_page_faults(self, &a));
    ck_assert_int_eq(getrusage(RUSAGE_SELF, &r2), 0);
    ck_assert_uint_eq(a.valid, OSTAT_PROC_PAGE_FAULTS_MINOR |
                                   OSTAT_PROC_PAGE_FAULTS_MAJOR);
    ck_assert_msg(a.minor >= (uint64_t)r1.ru_minflt &&
                      a.minor <= (uint64_t)r2.ru_minflt,
                  "minor %" PRIu64 ", getrusage %ld..%ld", a.minor,
                  r1.ru_minflt, r2.ru_minflt);
    ck_assert_uint_le(a.major, (uint64_t)r2.ru_majflt + 5);
    mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    ck_assert(mem != MAP_FAILED);
    madvise(mem, size, MADV_NOHUGEPAGE);
    for (i = 0; i < size; i += page) {
        mem[i] = 1;
    }
    OK(ostat_proc_refresh(self));
    OK(ostat_proc_page_faults(self, &b));
    ck_assert_msg(b.minor >= a.minor + size / page / 2,
                  "minor faults %" PRIu64 " -> %" PRIu64, a.minor, b.minor);
    munmap(mem, size);
    ostat_proc_free(self);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- terminal ---------------------------------------------------------- */

/* ps's tty column for @pid as a path: "" for "?". */
static int ps_tty(pid_t pid, char *out, size_t size)
{
    char cmd[64], *s, *t;

    snprintf(cmd, sizeof(cmd), "ps -o tty= -p %d", (int)pid);
    if ((s = live_run(cmd)) == NULL) {
        return -1;
    }
    t = s + strspn(s, " ");
    t[strcspn(t, " \n")] = '\0';
    if (strcmp(t, "?") == 0) {
        snprintf(out, size, "%s", "");
    } else {
        snprintf(out, size, "/dev/%s", t);
    }
    free(s);
    return 0;
}

static const char *pty_path;

/* A new session whose controlling terminal is the pty. */
static void take_pty(void *arg)
{
    int fd;

    (void)arg;
    if (setsid() < 0 || (fd = open(pty_path, O_RDWR)) < 0) {
        _exit(3);
    }
}

START_TEST(terminal_vs_ps)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    char buf[256], want[256];
    int master;

    if (!live_have_tool("ps")) {
        return;
    }
    OK(ostat_proc_open_self(ctx, &p));
    ck_assert_int_eq(ps_tty(getpid(), want, sizeof(want)), 0);
    get_str(ostat_proc_terminal, p, buf, sizeof(buf), "terminal");
    ck_assert_str_eq(buf, want);
    ostat_proc_free(p);

    /* A child with a pseudo-terminal as its controlling terminal. */
    master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
        (pty_path = ptsname(master)) == NULL) {
        if (master >= 0) {
            close(master);
        }
        ostat_ctx_free(ctx);
        return; /* no pseudo-terminals here */
    }
    kid_start(&k, take_pty, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    get_str(ostat_proc_terminal, p, buf, sizeof(buf), "terminal");
    ck_assert_str_eq(buf, pty_path);
    ck_assert_int_eq(ps_tty(k.pid, want, sizeof(want)), 0);
    ck_assert_str_eq(buf, want);
    ostat_proc_free(p);
    kid_stop(&k);
    close(master);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- existence --------------------------------------------------------- */

START_TEST(is_running_and_pid_exists)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    struct waiter w;
    pthread_t t;
    pid_t pid, tid;
    int yes = -1;

    OK(ostat_pid_exists(ctx, getpid(), &yes));
    ck_assert_int_eq(yes, 1);
    OK(ostat_pid_exists(ctx, 0, &yes));
    ck_assert_int_eq(yes, 0);
    tid = thread_start(&t, &w);
    ck_assert_int_ne(tid, getpid());
    ck_assert_int_eq(kill(tid, 0), 0); /* the kernel knows the tid... */
    OK(ostat_pid_exists(ctx, tid, &yes));
    ck_assert_int_eq(yes, 0); /* ...but it is no process */
    thread_stop(t, &w);

    kid_start(&k, NULL, NULL);
    pid = k.pid;
    OK(ostat_proc_open(ctx, pid, &p));
    OK(ostat_proc_is_running(p, &yes));
    ck_assert_int_eq(yes, 1);
    OK(ostat_pid_exists(ctx, pid, &yes));
    ck_assert_int_eq(yes, 1);
    kid_stop(&k);
    OK(ostat_proc_is_running(p, &yes));
    ck_assert_int_eq(yes, 0);
    OK(ostat_pid_exists(ctx, pid, &yes));
    ck_assert_int_eq(yes, kill(pid, 0) == 0); /* 0 unless already reused */
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(pids_vs_ps)
{
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t i, n = 0;
    int64_t prev = -1, v;
    long ps = -1;
    int attempt;
    char *s;

    for (attempt = 0; attempt < LIVE_RETRIES; attempt++) {
        OK(ostat_pids(ctx, &l));
        n = ostat_list_count(l);
        ck_assert(list_has(l, getpid()));
        prev = -1;
        for (i = 0; i < n; i++) {
            OK(ostat_list_int64(l, i, &v));
            ck_assert_msg(v > prev, "pids not ascending: %lld after %lld",
                          (long long)v, (long long)prev);
            prev = v;
        }
        ostat_list_free(l);
        if (!live_have_tool("ps")) {
            break;
        }
        s = live_run("ps -e --no-headers | wc -l");
        ck_assert_ptr_nonnull(s);
        ps = atol(s);
        free(s);
        if (labs(ps - (long)n) <= 10) {
            break;
        }
        live_sleep(0.2);
    }
    ck_assert_msg(ps < 0 || labs(ps - (long)n) <= 10, "%zu pids, ps %ld", n,
                  ps);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- wait and signals ------------------------------------------------ */

START_TEST(wait_status)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    int fds[2], rc;
    int32_t st = 0;
    double t0, dt;
    pid_t pid, g = 0;

    /* SIGTERM: -15. */
    kid_start(&k, NULL, NULL);
    OK(ostat_proc_open(ctx, k.pid, &p));
    t0 = live_now();
    rc = ostat_proc_wait(p, 0.1, &st);
    dt = live_now() - t0;
    ck_assert_msg(rc == OSTAT_ETIMEDOUT, "wait -> %s", ostat_err_name(rc));
    ck_assert_msg(dt >= 0.09 && dt < 2, "timeout 0.1 took %.3f s", dt);
    FAILS(ostat_proc_wait(p, 0, &st), OSTAT_ETIMEDOUT);
    OK(ostat_proc_terminate(p));
    OK(ostat_proc_wait(p, 10, &st));
    ck_assert_int_eq(st, -SIGTERM);
    k.pid = 0; /* reaped */
    ostat_proc_free(p);
    kid_stop(&k);

    /* exit code 7, once the pipe closes. */
    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        kid_signals();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        close(fds[1]);
        read_until_eof(fds[0]);
        _exit(7);
    }
    close(fds[0]);
    OK(ostat_proc_open(ctx, pid, &p));
    close(fds[1]);
    rc = ostat_proc_wait(p, 10, &st);
    if (rc != 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    ck_assert_msg(rc == 0, "wait -> %s", ostat_err_name(rc));
    ck_assert_int_eq(st, 7);
    ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1); /* reaped */
    ostat_proc_free(p);

    /* Not our child: a grandchild whose parent exited. */
    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        kid_signals();
        g = fork();
        if (g == 0) {
            alarm(60);
            g = getpid();
            if (write(fds[1], &g, sizeof(g)) != (ssize_t)sizeof(g)) {
                _exit(1);
            }
            close(fds[1]);
            for (;;) {
                pause();
            }
        }
        _exit(g > 0 ? 0 : 1);
    }
    close(fds[1]);
    ck_assert_int_eq(read(fds[0], &g, sizeof(g)), sizeof(g));
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    rc = ostat_proc_open(ctx, g, &p);
    if (rc != 0) {
        kill(g, SIGKILL);
    }
    ck_assert_msg(rc == 0, "open grandchild -> %s", ostat_err_name(rc));
    FAILS(ostat_proc_wait(p, 0.05, &st), OSTAT_ETIMEDOUT);
    OK(ostat_proc_kill(p));
    OK(ostat_proc_wait(p, 10, &st));
    ck_assert_int_eq(st, OSTAT_WAIT_NO_STATUS);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Fork a child (kid_start) that gets pid @want, through ns_last_pid (root,
 * Linux 3.3); 1 when it did, 0 when that is not possible here. Another
 * process may fork in between: tried a few times. */
static int kid_start_at(struct kid *k, pid_t want)
{
    int tries;

    for (tries = 0; tries < 50; tries++) {
        FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");

        if (f == NULL) {
            return 0;
        }
        fprintf(f, "%d", (int)want - 1);
        if (fclose(f) != 0) {
            return 0;
        }
        kid_start(k, NULL, NULL);
        if (k->pid == want) {
            return 1;
        }
        kid_stop(k);
    }
    return 0;
}

/* The handle's process ends and is reaped, and a new child of ours takes
 * its pid: wait must neither wait for the newcomer nor reap it, whether it
 * runs or has just exited, for a handle (which holds its process's
 * directory, so even a reuse at once is seen) and for an iterator's row. */
START_TEST(wait_pid_reused)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL, *row;
    struct kid a = { 0, -1 }, b = { 0, -1 };
    int kind, rc, status = 0;
    int32_t st = 0;
    double t0;
    pid_t pid;

    for (kind = 0; kind < 2; kind++) {
        kid_start(&a, NULL, NULL);
        pid = a.pid;
        if (kind == 0) {
            OK(ostat_proc_open(ctx, pid, &p));
            row = p;
        } else {
            OK(ostat_proc_iter_new(ctx, OSTAT_PF_NAME, &it));
            row = NULL;
            while ((rc = ostat_proc_iter_next(it, &row)) == 1 &&
                   ostat_proc_pid(row) != pid) {
            }
            ck_assert_int_eq(rc, 1);
        }
        kid_stop(&a);
        if (kind == 1) {
            /* A row knows its process by pid and start time, in clock
             * ticks: the newcomer must start in a later tick. */
            live_sleep(0.03);
        }
        if (!kid_start_at(&b, pid)) {
            fprintf(stderr, "# wait_pid_reused: cannot choose a pid here\n");
            ostat_proc_free(p);
            ostat_proc_iter_free(it);
            ostat_ctx_free(ctx);
            return;
        }
        /* The newcomer runs: no waiting for it. */
        t0 = live_now();
        OK(ostat_proc_wait(row, 5, &st));
        ck_assert_msg(live_now() - t0 < 2, "waited %.2f s for a newcomer",
                      live_now() - t0);
        ck_assert_int_eq(st, OSTAT_WAIT_NO_STATUS);
        /* It exits: still not ours to reap. */
        close(b.hold);
        b.hold = -1;
        ck_assert_int_eq(wait_state(b.pid, "Z", 10), 'Z');
        OK(ostat_proc_wait(row, 5, &st));
        ck_assert_int_eq(st, OSTAT_WAIT_NO_STATUS);
        ck_assert_int_eq(waitpid(b.pid, &status, 0), b.pid);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        b.pid = 0;
        if (kind == 0) {
            ostat_proc_free(p);
            p = NULL;
        } else {
            ostat_proc_iter_free(it);
            it = NULL;
        }
    }
    ostat_ctx_free(ctx);
}
END_TEST

/* The getters that read the process's files, each called once. */
static void check_all_enoproc(ostat_proc *p)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_cpu_times ct = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;
    struct ostat_proc_ctx_switches cs = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_ionice in = OSTAT_PROC_IONICE_INIT;
    char buf[4096];
    size_t len;
    ostat_list *l = NULL;
    ostat_pid_t pid;
    int32_t v;
    int64_t soft, hard;
    double d;

#define STR(fn)                                                                \
    do {                                                                       \
        len = sizeof(buf);                                                     \
        FAILS(fn(p, buf, &len), OSTAT_ENOPROC);                                \
    } while (0)
    STR(ostat_proc_name);
    STR(ostat_proc_exe);
    STR(ostat_proc_cwd);
    STR(ostat_proc_username);
    STR(ostat_proc_terminal);
#undef STR
    FAILS(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_environ(p, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_parents(p, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_children(p, 0, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_threads(p, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_cpu_affinity(p, &l), OSTAT_ENOPROC);
    FAILS(ostat_proc_ppid(p, &pid), OSTAT_ENOPROC);
    FAILS(ostat_proc_status(p, &v), OSTAT_ENOPROC);
    FAILS(ostat_proc_nice(p, &v), OSTAT_ENOPROC);
    FAILS(ostat_proc_num_fds(p, &v), OSTAT_ENOPROC);
    FAILS(ostat_proc_num_threads(p, &v), OSTAT_ENOPROC);
    FAILS(ostat_proc_cpu_num(p, &v), OSTAT_ENOPROC);
    FAILS(ostat_proc_uids(p, &ids), OSTAT_ENOPROC);
    FAILS(ostat_proc_gids(p, &ids), OSTAT_ENOPROC);
    FAILS(ostat_proc_cpu_times(p, &ct), OSTAT_ENOPROC);
    FAILS(ostat_proc_cpu_percent(p, 0, &d), OSTAT_ENOPROC);
    FAILS(ostat_proc_memory_info(p, &mi), OSTAT_ENOPROC);
    FAILS(ostat_proc_memory_footprint(p, &mf), OSTAT_ENOPROC);
    FAILS(ostat_proc_memory_percent(p, "rss", &d), OSTAT_ENOPROC);
    FAILS(ostat_proc_page_faults(p, &pf), OSTAT_ENOPROC);
    FAILS(ostat_proc_num_ctx_switches(p, &cs), OSTAT_ENOPROC);
    FAILS(ostat_proc_io_counters(p, &io), OSTAT_ENOPROC);
    FAILS(ostat_proc_ionice(p, &in), OSTAT_ENOPROC);
    FAILS(ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, &soft, &hard),
          OSTAT_ENOPROC);
}

START_TEST(zombie)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    ostat_list *l = NULL;
    siginfo_t si;
    char buf[4096], *comm;
    size_t len;
    int32_t st;
    int rc, yes = 0;
    pid_t pid;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        _exit(0);
    }
    /* Wait for it to end, without reaping it. */
    memset(&si, 0, sizeof(si));
    ck_assert_int_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
    ck_assert_int_eq(read_state(pid), 'Z');

    OK(ostat_pids(ctx, &l));
    ck_assert(list_has(l, pid));
    ostat_list_free(l);
    OK(ostat_pid_exists(ctx, pid, &yes));
    ck_assert_int_eq(yes, 1);
    OK(ostat_proc_open(ctx, pid, &p));
    OK(ostat_proc_status(p, &st));
    ck_assert_msg(st == OSTAT_STATUS_ZOMBIE, "status %s",
                  ostat_status_name(st));
    rc = ostat_proc_cmdline(p, &l);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "cmdline -> %s",
                  ostat_err_name(rc));
    ck_assert(ostat_err_is(rc, OSTAT_ENOPROC));
    len = sizeof(buf);
    rc = ostat_proc_exe(p, buf, &len);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "exe -> %s", ostat_err_name(rc));
    ck_assert(ostat_err_is(rc, OSTAT_ENOPROC));
    rc = ostat_proc_memory_footprint(p, &mf);
    ck_assert_msg(rc == OSTAT_ENOPROC_ZOMBIE, "memory_footprint -> %s",
                  ostat_err_name(rc));
    ck_assert(ostat_err_is(rc, OSTAT_ENOPROC));
    comm = live_read_file("/proc/self/comm");
    ck_assert_ptr_nonnull(comm);
    comm[strcspn(comm, "\n")] = '\0';
    get_str(ostat_proc_name, p, buf, sizeof(buf), "name");
    ck_assert_str_eq(buf, comm);
    free(comm);
    OK(ostat_proc_send_signal(p, SIGTERM));
    OK(ostat_proc_is_running(p, &yes));
    ck_assert_int_eq(yes, 1);

    /* Reaped: gone, not a zombie any more. */
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    OK(ostat_proc_refresh(p));
    OK(ostat_proc_is_running(p, &yes));
    ck_assert_int_eq(yes, 0);
    check_all_enoproc(p);
    ostat_proc_free(p);
    ostat_ctx_free(ctx);
}
END_TEST

/* Actions on a handle whose process was killed and reaped. */
START_TEST(gone_process_actions)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL, *q = NULL;
    struct kid k = { 0, -1 };
    ostat_pid_t ppid;
    int32_t cpu = 0;
    int32_t st;
    pid_t pid;

    kid_start(&k, NULL, NULL);
    pid = k.pid;
    OK(ostat_proc_open(ctx, pid, &p));
    kid_stop(&k);
    FAILS(ostat_proc_send_signal(p, SIGTERM), OSTAT_ENOPROC);
    FAILS(ostat_proc_send_signal(p, 0), OSTAT_ENOPROC);
    FAILS(ostat_proc_kill(p), OSTAT_ENOPROC);
    FAILS(ostat_proc_set_nice(p, 5), OSTAT_ENOPROC);
    FAILS(ostat_proc_set_ionice(p, OSTAT_IOPRIO_CLASS_BE, 1), OSTAT_ENOPROC);
    FAILS(ostat_proc_set_rlimit(p, OSTAT_RLIMIT_NOFILE, 64, 64), OSTAT_ENOPROC);
    FAILS(ostat_proc_set_cpu_affinity(p, &cpu, 1), OSTAT_ENOPROC);
    FAILS(ostat_proc_ppid(p, &ppid), OSTAT_ENOPROC);
    OK(ostat_proc_wait(p, 0, &st)); /* gone: no timeout */
    OK(ostat_proc_refresh(p));
    check_all_enoproc(p);
    ostat_proc_free(p);
    FAILS(ostat_proc_open(ctx, pid, &q), OSTAT_ENOPROC);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- odd names and command lines ------------------------------------- */

static void set_name(void *arg)
{
    prctl(PR_SET_NAME, (const char *)arg);
}

START_TEST(odd_names)
{
    static const char *const names[] = {
        "a b) (c",
        ") S 1 2 3 4",
        "new\nline",
        "tab\there",
        "q\"u'o`te",
        "k=v,w",
        "back\\slash",
        "\xff\xfe bad",
        "((((",
        "))))",
        "x",
        "fifteen-chars-x",
        "sixteen-chars-xy",
    };
    ostat_ctx *ctx = live_ctx();
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct kid k = { 0, -1 };
        ostat_proc *p = NULL;
        char buf[64];
        size_t want = strlen(names[i]), len;

        if (want > 15) {
            want = 15; /* the kernel keeps 15 bytes */
        }
        kid_start(&k, set_name, (void *)names[i]);
        OK(ostat_proc_open(ctx, k.pid, &p));
        len = get_str(ostat_proc_name, p, buf, sizeof(buf), "name");
        ck_assert_msg(len == want && memcmp(buf, names[i], want) == 0,
                      "name %zu: %zu bytes \"%s\"", i, len, buf);
        ostat_proc_free(p);
        kid_stop(&k);
    }
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(odd_cmdline)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    size_t big = 8192;
    char *large = malloc(big + 1);
    char *argv[] = {
        "/bin/sh",   "-c",  "read x", "with spaces",      "(open",     "close)",
        "new\nline", "a=b", "",       "\xff\xfe\xc0\x80", "tab\tq\"'", NULL,
        NULL
    };
    size_t n = sizeof(argv) / sizeof(argv[0]) - 1;

    ck_assert_ptr_nonnull(large);
    memset(large, 'L', big);
    large[big] = '\0';
    argv[n - 1] = large;
    kid_exec(&k, "/bin/sh", argv);
    OK(ostat_proc_open(ctx, k.pid, &p));
    check_cmdline(p, argv, NULL, n);
    ostat_proc_free(p);
    kid_stop(&k);

    /* An empty last argument. */
    argv[3] = "";
    argv[4] = NULL;
    kid_exec(&k, "/bin/sh", argv);
    OK(ostat_proc_open(ctx, k.pid, &p));
    check_cmdline(p, argv, NULL, 4);
    ostat_proc_free(p);
    kid_stop(&k);
    free(large);
    ostat_ctx_free(ctx);
}
END_TEST

/* comm keeps 15 bytes of the program's file name; the name comes whole
 * from argv[0]. */
START_TEST(long_name)
{
    static const char link_name[] = "ostat-live-long-program-name";
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p = NULL;
    struct kid k = { 0, -1 };
    char dir[] = "/tmp/ostat-live-XXXXXX", path[256], buf[256];
    char *argv[] = { path, "-c", "read x", NULL };
    int made;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/%s", dir, link_name);
    made = symlink("/bin/sh", path) == 0;
    if (made) {
        kid_exec(&k, path, argv);
    }
    unlink(path);
    rmdir(dir);
    ck_assert(made);
    OK(ostat_proc_open(ctx, k.pid, &p));
    ck_assert_int_eq(read_state(k.pid), 'S');
    get_str(ostat_proc_name, p, buf, sizeof(buf), "name");
    ck_assert_str_eq(buf, link_name);
    ostat_proc_free(p);
    kid_stop(&k);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- without privileges ---------------------------------------------- */

/* Append "what: got X" to @msg when @rc is not @want. */
static void expect(char *msg, size_t size, const char *what, int rc, int want)
{
    size_t len = strlen(msg);

    if (rc != want && len < size) {
        snprintf(msg + len, size - len, "%s: %s (expected %s); ", what,
                 ostat_err_name(rc), ostat_err_name(want));
    }
}

/* exe without the right to read the link: argv[0] when it names an
 * executable regular file (psutil's guess), else OSTAT_EACCES. */
static void probe_exe(ostat_proc *p, pid_t pid, char *msg, size_t size)
{
    char path[64], buf[4096], *arg0;
    struct stat sb;
    size_t len = sizeof(buf);
    int rc, guess;

    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
    arg0 = live_read_file(path);
    guess = arg0 != NULL && arg0[0] == '/' && stat(arg0, &sb) == 0 &&
            S_ISREG(sb.st_mode) && access(arg0, X_OK) == 0;
    rc = ostat_proc_exe(p, buf, &len);
    expect(msg, size, "exe", rc, guess ? 0 : OSTAT_EACCES);
    if (rc == 0 && guess && strcmp(buf, arg0) != 0) {
        expect(msg, size, "exe is argv[0]", -1, 0);
    }
    free(arg0);
}

/* What nobody may and may not read of @pid, a root process; failures are
 * appended to @msg. */
static void probe_one(ostat_ctx *ctx, pid_t pid, char *msg, size_t size)
{
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    char buf[256];
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    ostat_pid_t ppid;
    size_t len = sizeof(buf), at = strlen(msg), mark;
    int32_t v;
    double d;
    int rc;

    if (at < size) {
        snprintf(msg + at, size - at, "[pid %d] ", (int)pid);
    }
    mark = strlen(msg);
    if ((rc = ostat_proc_open(ctx, pid, &p)) != 0) {
        expect(msg, size, "open", rc, 0);
        return;
    }
    rc = ostat_proc_environ(p, &l);
    expect(msg, size, "environ", rc, OSTAT_EACCES);
    ostat_list_free(l);
    l = NULL;
    expect(msg, size, "io_counters", ostat_proc_io_counters(p, &io),
           OSTAT_EACCES);
    expect(msg, size, "num_fds", ostat_proc_num_fds(p, &v), OSTAT_EACCES);
    expect(msg, size, "memory_footprint", ostat_proc_memory_footprint(p, &mf),
           OSTAT_EACCES);
    expect(msg, size, "name", ostat_proc_name(p, buf, &len), 0);
    expect(msg, size, "status", ostat_proc_status(p, &v), 0);
    expect(msg, size, "ppid", ostat_proc_ppid(p, &ppid), 0);
    expect(msg, size, "create_time", ostat_proc_create_time(p, &d), 0);
    expect(msg, size, "memory_info", ostat_proc_memory_info(p, &mi), 0);
    rc = ostat_proc_cmdline(p, &l);
    expect(msg, size, "cmdline", rc, 0);
    ostat_list_free(l);
    probe_exe(p, pid, msg, size);
    expect(msg, size, "set_nice", ostat_proc_set_nice(p, 19), OSTAT_EACCES);
    expect(msg, size, "send_signal", ostat_proc_send_signal(p, 0),
           OSTAT_EACCES);
    ostat_proc_free(p);
    if (strlen(msg) == mark) {
        msg[at] = '\0'; /* nothing to say */
    }
}

/* In a child: become nobody, probe @pids, write what went wrong to @out
 * (nothing when all went as expected). */
static void probe_as_nobody(const pid_t *pids, int n, int out)
{
    char msg[4096] = "";
    ostat_ctx *ctx = NULL;
    int i, rc;

    if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) {
        snprintf(msg, sizeof(msg), "cannot become nobody: %s", strerror(errno));
    } else if ((rc = ostat_ctx_new(NULL, &ctx)) != 0) {
        snprintf(msg, sizeof(msg), "ostat_ctx_new: %s", ostat_err_name(rc));
    } else {
        for (i = 0; i < n; i++) {
            probe_one(ctx, pids[i], msg, sizeof(msg));
        }
    }
    if (write(out, msg, strlen(msg)) < 0) {
        _exit(2);
    }
    /* No exit handlers: the sanitizers' would run as nobody. */
    _exit(0);
}

START_TEST(unprivileged_access)
{
    char *sleep_argv[] = { "/bin/sleep", "60", NULL };
    struct kid k = { 0, -1 };
    pid_t pids[2];
    int npids = 0;
    char msg[4096];
    struct stat sb;
    size_t len = 0;
    ssize_t n;
    int fds[2], status = 0;
    pid_t pid;

    if (geteuid() != 0) {
        return; /* needs root, to become nobody */
    }
    /* A root process whose argv[0] is an absolute path, and pid 1. */
    kid_exec(&k, "/bin/sleep", sleep_argv);
    pids[npids++] = k.pid;
    if (stat("/proc/1", &sb) == 0 && sb.st_uid == 0) {
        pids[npids++] = 1;
    }
    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        kid_signals();
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        alarm(60);
        close(fds[0]);
        probe_as_nobody(pids, npids, fds[1]);
    }
    close(fds[1]);
    while (len < sizeof(msg) - 1 &&
           ((n = read(fds[0], msg + len, sizeof(msg) - 1 - len)) > 0 ||
            (n < 0 && errno == EINTR))) {
        len += n > 0 ? (size_t)n : 0;
    }
    msg[len] = '\0';
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    kid_stop(&k);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "probe ended with status %#x: %s", status, msg);
    ck_assert_msg(len == 0, "as nobody: %s", msg);
}
END_TEST

void live_add_process(Suite *s)
{
    TCase *tc = tcase_create("process");

    tcase_set_timeout(tc, 90);
    tcase_add_test(tc, self_identity);
    tcase_add_test(tc, child_identity);
    tcase_add_test(tc, children_recursive);
    tcase_add_test(tc, status_suspend_resume);
    tcase_add_test(tc, nice_get_set);
    tcase_add_test(tc, ionice_get_set);
    tcase_add_test(tc, rlimit_get_set);
    tcase_add_test(tc, cpu_affinity_get_set);
    tcase_add_test(tc, threads_count_and_list);
    tcase_add_test(tc, num_fds_count);
    tcase_add_test(tc, io_counters_grow);
    tcase_add_test(tc, ctx_switches_grow);
    tcase_add_test(tc, cpu_times_vs_getrusage);
    tcase_add_test(tc, cpu_percent_spinning_child);
    tcase_add_test(tc, memory_info_vs_statm_and_ps);
    tcase_add_test(tc, memory_footprint_and_percent);
    tcase_add_test(tc, page_faults_grow);
    tcase_add_test(tc, terminal_vs_ps);
    tcase_add_test(tc, is_running_and_pid_exists);
    tcase_add_test(tc, pids_vs_ps);
    tcase_add_test(tc, wait_status);
    tcase_add_test(tc, wait_pid_reused);
    tcase_add_test(tc, zombie);
    tcase_add_test(tc, gone_process_actions);
    tcase_add_test(tc, odd_names);
    tcase_add_test(tc, odd_cmdline);
    tcase_add_test(tc, long_name);
    tcase_add_test(tc, unprivileged_access);
    suite_add_tcase(s, tc);
}
