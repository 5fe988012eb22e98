/* SPDX-License-Identifier: MIT */
/* test_proc_iter.c: ostat_proc_iter_* on this machine: exec detection on
 * children that exec while the test holds rows on them, a table scanned
 * over and over while a helper forks and reaps as fast as it can, the
 * whole table against ps, and a real zombie. Children die with the test
 * (PR_SET_PDEATHSIG) and are killed and reaped by the test that started
 * them. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "live.h"

#if defined(__SANITIZE_ADDRESS__)
#define ITER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ITER_ASAN 1
#endif
#endif
#ifndef ITER_ASAN
#define ITER_ASAN 0
#endif

/* Every field the iterator reads ahead but the costly ones. */
#define MOST (OSTAT_PF_ALL & ~(OSTAT_PF_MEMORY_FOOTPRINT | OSTAT_PF_CGROUP))

/* How long the churn test runs; OSTAT_CHURN_SECONDS overrides. */
#define CHURN_SECONDS 30.0

/* ---- children ------------------------------------------------------- */

/* What a child does first: default signal actions (the test framework's
 * SIGTERM and SIGALRM handlers would end the whole process group), no
 * blocked signals, death with the test, and an end after two minutes. */
static void child_setup(pid_t parent)
{
    static const int sigs[] = { SIGTERM, SIGALRM, SIGINT, SIGHUP, SIGCHLD };
    sigset_t none;
    size_t i;

    for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        signal(sigs[i], SIG_DFL);
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
        _exit(0);
    }
    alarm(120);
}

static void reap(pid_t *pid)
{
    if (*pid > 0) {
        kill(*pid, SIGKILL);
        while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR) {
        }
        *pid = 0;
    }
}

/* /bin/sh with @argv, its stdin a pipe whose write end goes to *@in and
 * stdout /dev/null. */
static pid_t start_sh(char *const argv[], int *in)
{
    pid_t parent = getpid(), pid;
    int fds[2];

    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);

        child_setup(parent);
        if (dup2(fds[0], 0) < 0 || null < 0 || dup2(null, 1) < 0) {
            _exit(126);
        }
        execv("/bin/sh", argv);
        _exit(127);
    }
    close(fds[0]);
    *in = fds[1];
    return pid;
}

/* /proc/@pid/@file with NULs as spaces and the last newline or NUL cut;
 * "" when unreadable. @buf holds @size bytes. */
static const char *
proc_text(pid_t pid, const char *file, char *buf, size_t size)
{
    char path[64];
    ssize_t n;
    int fd;

    snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
    buf[0] = '\0';
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return buf;
    }
    n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0) {
        buf[0] = '\0';
        return buf;
    }
    if (buf[n - 1] == '\n' || buf[n - 1] == '\0') {
        n--;
    }
    buf[n] = '\0';
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == '\0') {
            buf[i] = ' ';
        }
    }
    return buf;
}

/* The state letter of @pid, 0 if gone. */
static char state_of(pid_t pid)
{
    char buf[1024];
    const char *rp;

    proc_text(pid, "stat", buf, sizeof(buf));
    rp = strrchr(buf, ')');
    return rp != NULL && rp[1] == ' ' ? rp[2] : 0;
}

/* Field @n (man proc numbering) of /proc/@pid/stat. */
static unsigned long long stat_field(pid_t pid, int n)
{
    char buf[1024];
    const char *p;
    int i;

    proc_text(pid, "stat", buf, sizeof(buf));
    p = strrchr(buf, ')');
    if (p == NULL) {
        return 0;
    }
    p++;
    for (i = 3; i < n && p != NULL; i++) {
        p = strchr(p + 1, ' ');
    }
    return p != NULL ? strtoull(p, NULL, 10) : 0;
}

/* Wait up to 10 s for /proc/@pid/@file to read @want (as proc_text()
 * gives it) and the process to be asleep; 1 if it did. */
static int wait_text(pid_t pid, const char *file, const char *want)
{
    double end = live_now() + 10;
    char buf[4096];

    while (live_now() < end) {
        if (strcmp(proc_text(pid, file, buf, sizeof(buf)), want) == 0 &&
            state_of(pid) == 'S') {
            return 1;
        }
        live_sleep(0.005);
    }
    return 0;
}

/* ---- rows ------------------------------------------------------------ */

/* A new scan up to @pid's row, which stays valid until the next call on
 * the iterator; NULL if the scan does not list it. */
static ostat_proc *find_row(ostat_proc_iter *it, pid_t pid)
{
    ostat_proc *p = NULL;
    int rc;

    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        if (ostat_proc_pid(p) == pid) {
            return p;
        }
    }
    ck_assert_msg(rc == 0, "ostat_proc_iter_next: %s", ostat_err_name(rc));
    return NULL;
}

static ostat_proc *row_of(ostat_proc_iter *it, pid_t pid)
{
    ostat_proc *p = find_row(it, pid);

    ck_assert_msg(p != NULL, "pid %d not listed", (int)pid);
    return p;
}

static const char *
str_of(int (*fn)(ostat_proc *, char *, size_t *), ostat_proc *p, char *buf)
{
    size_t len = 4096;
    int rc = fn(p, buf, &len);

    ck_assert_msg(rc == 0, "string getter: %s", ostat_err_name(rc));
    return buf;
}

/* ---- kernel threads ---------------------------------------------------- */

/* The rule that lets a scan skip status and cmdline for kernel threads,
 * checked on this kernel: every process with PF_KTHREAD (0x200000) in
 * stat's flags has Uid and Gid lines of zeros and an empty cmdline read
 * directly, and the iterator says root, uids 0 and an empty command line.
 * At least one kernel thread (kthreadd, pid 2) exists outside containers. */
START_TEST(kernel_threads)
{
    struct ostat_proc_ids u = OSTAT_PROC_IDS_INIT;
    char buf[4096], text[4096];
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    int rc, seen = 0;

    ck_assert_int_eq(
        ostat_proc_iter_new(
            ctx, OSTAT_PF_USERNAME | OSTAT_PF_UIDS | OSTAT_PF_CMDLINE, &it),
        0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        pid_t pid = (pid_t)ostat_proc_pid(p);
        size_t len = sizeof(buf);

        if ((stat_field(pid, 9) & 0x200000) == 0) {
            continue;
        }
        proc_text(pid, "status", text, sizeof(text));
        if (text[0] == '\0') {
            continue; /* gone */
        }
        ck_assert_msg(strstr(text, "\nUid:\t0\t0\t0\t0\n") != NULL &&
                          strstr(text, "\nGid:\t0\t0\t0\t0\n") != NULL,
                      "kernel thread %d: %s", (int)pid, text);
        ck_assert_str_eq(proc_text(pid, "cmdline", text, sizeof(text)), "");
        ck_assert_int_eq(ostat_proc_username(p, buf, &len), 0);
        ck_assert_str_eq(buf, "root");
        ck_assert_int_eq(ostat_proc_uids(p, &u), 0);
        ck_assert_int_eq(u.real, 0);
        len = sizeof(buf);
        buf[0] = 'x';
        ck_assert_int_eq(ostat_proc_cmdline_string(p, buf, &len), 0);
        ck_assert_str_eq(buf, "");
        seen++;
    }
    ck_assert_int_eq(rc, 0);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    if (access("/proc/2/stat", F_OK) == 0) {
        ck_assert_int_gt(seen, 0);
    }
}
END_TEST

/* ---- ids --------------------------------------------------------------- */

/* The three ids of status's @key line ("Uid:" or "Gid:") into @ids; 0, or
 * -1 when the process is gone or the line is not there. */
static int status_ids(pid_t pid, const char *key, long long ids[3])
{
    char text[4096], want[16];
    const char *line;

    proc_text(pid, "status", text, sizeof(text));
    snprintf(want, sizeof(want), "\n%s", key);
    if ((line = strstr(text, want)) == NULL) {
        return -1;
    }
    return sscanf(line + strlen(want), "%lld %lld %lld", &ids[0], &ids[1],
                  &ids[2]) == 3
               ? 0
               : -1;
}

/* Every row's real, effective and saved uids and gids are status's (read
 * here before and after the row, so a process that changed them between
 * is passed over), and the user name is the real uid's. As root, a child
 * whose real ids are nobody's while its effective and saved ones stay
 * root's shows which is which. */
START_TEST(ids_every_process)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    pid_t child = 0;
    int rc, fds[2], compared = 0, child_seen = 0;
    char go;

    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    if (geteuid() == 0) {
        pid_t parent = getpid();

        fflush(NULL);
        child = fork();
        ck_assert_int_ge(child, 0);
        if (child == 0) {
            child_setup(parent);
            if (setresgid(65534, 0, 0) != 0 || setresuid(65534, 0, 0) != 0) {
                _exit(1);
            }
            close(fds[1]); /* the test's end closing is the signal to go */
            while (read(fds[0], &go, 1) < 0 && errno == EINTR) {
            }
            _exit(0);
        }
        /* Wait until the child's ids are set: its status says so. */
        for (int i = 0; i < 2000; i++) {
            long long u[3];

            if (status_ids(child, "Uid:", u) == 0 && u[0] == 65534) {
                break;
            }
            usleep(1000);
        }
    }
    ck_assert_int_eq(
        ostat_proc_iter_new(
            ctx, OSTAT_PF_USERNAME | OSTAT_PF_UIDS | OSTAT_PF_GIDS, &it),
        0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
        struct ostat_proc_ids u = OSTAT_PROC_IDS_INIT;
        struct ostat_proc_ids g = OSTAT_PROC_IDS_INIT;
        pid_t pid = (pid_t)ostat_proc_pid(p);
        long long su[3], sg[3], su2[3], sg2[3];
        char name[256], want[256];
        size_t len = sizeof(name);
        struct passwd *pw;

        if (status_ids(pid, "Uid:", su) != 0 ||
            status_ids(pid, "Gid:", sg) != 0) {
            continue; /* gone */
        }
        if (ostat_proc_uids(p, &u) != 0 || ostat_proc_gids(p, &g) != 0 ||
            ostat_proc_username(p, name, &len) != 0) {
            continue; /* gone in between */
        }
        if (status_ids(pid, "Uid:", su2) != 0 ||
            status_ids(pid, "Gid:", sg2) != 0 ||
            memcmp(su, su2, sizeof(su)) != 0 ||
            memcmp(sg, sg2, sizeof(sg)) != 0) {
            continue; /* changed its ids while read */
        }
        ck_assert_msg(u.real == su[0] && u.effective == su[1] &&
                          u.saved == su[2],
                      "pid %d uids %lld %lld %lld, status %lld %lld %lld",
                      (int)pid, (long long)u.real, (long long)u.effective,
                      (long long)u.saved, su[0], su[1], su[2]);
        ck_assert_msg(g.real == sg[0] && g.effective == sg[1] &&
                          g.saved == sg[2],
                      "pid %d gids %lld %lld %lld, status %lld %lld %lld",
                      (int)pid, (long long)g.real, (long long)g.effective,
                      (long long)g.saved, sg[0], sg[1], sg[2]);
        pw = getpwuid((uid_t)su[0]);
        snprintf(want, sizeof(want), "%s", pw ? pw->pw_name : "");
        if (pw == NULL) {
            snprintf(want, sizeof(want), "%lld", su[0]);
        }
        ck_assert_msg(strcmp(name, want) == 0, "pid %d user %s, want %s",
                      (int)pid, name, want);
        if (pid == child) {
            ck_assert_int_eq(u.real, 65534);
            ck_assert_int_eq(u.effective, 0);
            ck_assert_int_eq(g.real, 65534);
            ck_assert_int_eq(g.effective, 0);
            child_seen = 1;
        }
        compared++;
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_int_gt(compared, 0);
    if (child > 0) {
        ck_assert_msg(child_seen, "child %d not compared", (int)child);
    }
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    close(fds[1]);
    close(fds[0]);
    reap(&child);
}
END_TEST

/* ---- exec ------------------------------------------------------------ */

/* sh reads a line, then execs sleep: comm changes from "sh" to "sleep",
 * and a rescan with the same iterator gives the new name, command line
 * and exe. */
START_TEST(exec_changes_comm)
{
    char *const argv[] = { "/bin/sh", "-c", "read x; exec sleep 30", NULL };
    char buf[4096], want[4096];
    ostat_proc_iter *it;
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p;
    pid_t pid;
    int in;

    pid = start_sh(argv, &in);
    ck_assert(wait_text(pid, "cmdline", "/bin/sh -c read x; exec sleep 30"));
    it = NULL;
    ck_assert_int_eq(
        ostat_proc_iter_new(
            ctx, OSTAT_PF_NAME | OSTAT_PF_CMDLINE | OSTAT_PF_EXE, &it),
        0);
    p = row_of(it, pid);
    ck_assert_str_eq(str_of(ostat_proc_name, p, buf), "sh");
    ck_assert_str_eq(str_of(ostat_proc_cmdline_string, p, buf),
                     "/bin/sh -c read x; exec sleep 30");

    ck_assert_int_eq(write(in, "go\n", 3), 3);
    ck_assert(wait_text(pid, "comm", "sleep"));
    p = row_of(it, pid);
    ck_assert_str_eq(str_of(ostat_proc_name, p, buf), "sleep");
    ck_assert_str_eq(str_of(ostat_proc_cmdline_string, p, buf), "sleep 30");
    snprintf(buf, sizeof(buf), "/proc/%d/exe", (int)pid);
    memset(want, 0, sizeof(want));
    ck_assert_int_gt(readlink(buf, want, sizeof(want) - 1), 0);
    ck_assert_str_eq(str_of(ostat_proc_exe, p, buf), want);

    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    close(in);
    reap(&pid);
}
END_TEST

/* sh execs sh again: comm stays "sh", only the code and stack addresses in
 * stat change, and the rescan must show the new command line. Needs
 * those addresses to be readable (same user, or root): skipped when stat
 * shows them as 0. */
START_TEST(exec_keeps_comm)
{
    char *const argv[] = { "/bin/sh", "-c",
                           "read x; exec /bin/sh -c 'read y' second-stage",
                           NULL };
    char buf[4096];
    ostat_proc_iter *it = NULL;
    ostat_ctx *ctx = live_ctx();
    ostat_proc *p;
    pid_t pid;
    int in;

    pid = start_sh(argv, &in);
    ck_assert(wait_text(pid, "cmdline",
                        "/bin/sh -c read x; exec /bin/sh -c 'read y' "
                        "second-stage"));
    if (stat_field(pid, 26) == 0 && stat_field(pid, 28) == 0) {
        close(in);
        reap(&pid);
        ostat_ctx_free(ctx);
        return; /* addresses hidden from this observer */
    }
    ck_assert_int_eq(
        ostat_proc_iter_new(ctx, OSTAT_PF_NAME | OSTAT_PF_CMDLINE, &it), 0);
    p = row_of(it, pid);
    ck_assert_str_eq(str_of(ostat_proc_cmdline_string, p, buf),
                     "/bin/sh -c read x; exec /bin/sh -c 'read y' "
                     "second-stage");

    ck_assert_int_eq(write(in, "go\n", 3), 3);
    ck_assert(wait_text(pid, "cmdline", "/bin/sh -c read y second-stage"));
    ck_assert_str_eq(proc_text(pid, "comm", buf, sizeof(buf)), "sh");
    p = row_of(it, pid);
    ck_assert_str_eq(str_of(ostat_proc_name, p, buf), "sh");
    ck_assert_str_eq(str_of(ostat_proc_cmdline_string, p, buf),
                     "/bin/sh -c read y second-stage");

    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    close(in);
    reap(&pid);
}
END_TEST

/* ---- zombie ---------------------------------------------------------- */

/* A child that exited and is not reaped yet is listed, as a zombie whose
 * command line is OSTAT_ENOPROC_ZOMBIE and whose name is its comm; once
 * reaped it is gone from the next scan. */
START_TEST(real_zombie)
{
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_list *l = NULL;
    ostat_proc *p;
    char buf[4096], comm[64];
    double end;
    int32_t st = -1;
    pid_t parent = getpid(), pid;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        child_setup(parent);
        prctl(PR_SET_NAME, "iter-zombie");
        _exit(3);
    }
    end = live_now() + 10;
    while (state_of(pid) != 'Z' && live_now() < end) {
        live_sleep(0.005);
    }
    ck_assert_int_eq(state_of(pid), 'Z');
    proc_text(pid, "comm", comm, sizeof(comm));

    ck_assert_int_eq(ostat_proc_iter_new(ctx, MOST, &it), 0);
    p = row_of(it, pid);
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_ZOMBIE);
    ck_assert_str_eq(str_of(ostat_proc_name, p, buf), comm);
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC_ZOMBIE);
    ck_assert_ptr_null(l);
    /* A second scan reuses the row: the same answers. */
    p = row_of(it, pid);
    ck_assert_int_eq(ostat_proc_status(p, &st), 0);
    ck_assert_int_eq(st, OSTAT_STATUS_ZOMBIE);
    ck_assert_int_eq(ostat_proc_cmdline(p, &l), OSTAT_ENOPROC_ZOMBIE);

    reap(&pid);
    ck_assert_ptr_null(find_row(it, pid));
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- churn ----------------------------------------------------------- */

/* Entries of /proc/self/fd. */
static int fd_count(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *de;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)) != NULL) {
        n += de->d_name[0] != '.';
    }
    closedir(d);
    return n - 1; /* the directory's own descriptor */
}

/* Fork and reap as fast as possible until killed: children that exit at
 * once, children that exec /bin/true, and children left as zombies for a
 * moment. */
static pid_t start_churn(void)
{
    pid_t parent = getpid(), pid;

    fflush(NULL);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char *const argv[] = { "/bin/true", NULL };
        unsigned long n;

        child_setup(parent);
        for (n = 0;; n++) {
            pid_t a = fork(), b = -1;

            if (a == 0) {
                _exit(0);
            }
            if (n % 4 == 0 && (b = fork()) == 0) {
                execv(argv[0], argv);
                _exit(127);
            }
            if (n % 16 == 0) {
                usleep(1000); /* a lets the scan see a zombie */
            }
            if (a > 0) {
                waitpid(a, NULL, 0);
            }
            if (b > 0) {
                waitpid(b, NULL, 0);
            }
        }
    }
    return pid;
}

/* The errors a getter may give on a process that comes and goes. */
static int churn_ok(int rc)
{
    return rc == 0 || rc == OSTAT_ENOPROC || rc == OSTAT_ENOPROC_ZOMBIE ||
           rc == OSTAT_EACCES || rc == OSTAT_ENOTSUP;
}

struct churn_state {
    char *buf;
    size_t cap;
    unsigned scan;
    size_t cmd_bytes; /* command-line bytes of this scan's rows */
    char bad[1024];   /* unexpected errors, one per getter and code */
};

static void
churn_check(struct churn_state *cs, ostat_proc *p, const char *what, int rc)
{
    char key[128], line[384];
    size_t used = strlen(cs->bad);

    if (churn_ok(rc)) {
        return;
    }
    snprintf(key, sizeof(key), "%s -> %s", what, ostat_err_name(rc));
    if (strstr(cs->bad, key) != NULL) {
        return;
    }
    snprintf(line, sizeof(line), "[scan %u pid %d: %s (%s)] ", cs->scan,
             (int)ostat_proc_pid(p), key,
             ostat_error_last() ? ostat_error_last()->message : "");
    if (used + strlen(line) < sizeof(cs->bad)) {
        memcpy(cs->bad + used, line, strlen(line) + 1);
    }
}

/* A string getter with a buffer that grows on OSTAT_EBUFS. */
static int churn_str(struct churn_state *cs,
                     int (*fn)(ostat_proc *, char *, size_t *),
                     ostat_proc *p)
{
    size_t len = cs->cap;
    int rc = fn(p, cs->buf, &len);

    if (rc == OSTAT_EBUFS) {
        char *b = realloc(cs->buf, len);

        ck_assert_ptr_nonnull(b);
        cs->buf = b;
        cs->cap = len;
        rc = fn(p, cs->buf, &len);
    }
    return rc;
}

#define CHECK(cs, p, call) churn_check((cs), (p), #call, (call))

/* Every getter on one row. The costly walks (memory_maps, open_files,
 * environ, threads, children, parents, memory_footprint) run on one row in
 * eight per scan, a different eighth each time, so that every row gets
 * them every eight scans. */
static void churn_row(struct churn_state *cs, ostat_proc *p, unsigned scan)
{
    struct ostat_proc_ids ids = OSTAT_PROC_IDS_INIT;
    struct ostat_proc_cpu_times ct = OSTAT_PROC_CPU_TIMES_INIT;
    struct ostat_proc_memory_info mi = OSTAT_PROC_MEMORY_INFO_INIT;
    struct ostat_proc_memory_footprint mf = OSTAT_PROC_MEMORY_FOOTPRINT_INIT;
    struct ostat_proc_page_faults pf = OSTAT_PROC_PAGE_FAULTS_INIT;
    struct ostat_proc_ctx_switches cx = OSTAT_PROC_CTX_SWITCHES_INIT;
    struct ostat_proc_io_counters io = OSTAT_PROC_IO_COUNTERS_INIT;
    struct ostat_proc_ionice ion = OSTAT_PROC_IONICE_INIT;
    ostat_proc *parent = NULL;
    ostat_list *l = NULL;
    ostat_pid_t ppid;
    int64_t soft, hard;
    int32_t v;
    double d;
    int running;

    CHECK(cs, p, churn_str(cs, ostat_proc_name, p));
    CHECK(cs, p, churn_str(cs, ostat_proc_exe, p));
    CHECK(cs, p, churn_str(cs, ostat_proc_cwd, p));
    CHECK(cs, p, churn_str(cs, ostat_proc_username, p));
    CHECK(cs, p, churn_str(cs, ostat_proc_terminal, p));
    cs->buf[0] = '\0';
    CHECK(cs, p, churn_str(cs, ostat_proc_cmdline_string, p));
    cs->cmd_bytes += strlen(cs->buf) + 1;
    CHECK(cs, p, churn_str(cs, ostat_proc_cgroup, p));
    CHECK(cs, p, ostat_proc_cmdline(p, &l));
    ostat_list_free(l);
    l = NULL;
    CHECK(cs, p, ostat_proc_create_time(p, &d));
    CHECK(cs, p, ostat_proc_ppid(p, &ppid));
    CHECK(cs, p, ostat_proc_parent(p, &parent));
    ostat_proc_free(parent);
    CHECK(cs, p, ostat_proc_status(p, &v));
    CHECK(cs, p, ostat_proc_uids(p, &ids));
    CHECK(cs, p, ostat_proc_gids(p, &ids));
    CHECK(cs, p, ostat_proc_nice(p, &v));
    CHECK(cs, p, ostat_proc_ionice(p, &ion));
    CHECK(cs, p, ostat_proc_rlimit(p, OSTAT_RLIMIT_NOFILE, &soft, &hard));
    CHECK(cs, p, ostat_proc_io_counters(p, &io));
    CHECK(cs, p, ostat_proc_num_ctx_switches(p, &cx));
    CHECK(cs, p, ostat_proc_num_fds(p, &v));
    CHECK(cs, p, ostat_proc_num_threads(p, &v));
    CHECK(cs, p, ostat_proc_cpu_times(p, &ct));
    CHECK(cs, p, ostat_proc_cpu_percent(p, 0, &d));
    CHECK(cs, p, ostat_proc_cpu_num(p, &v));
    CHECK(cs, p, ostat_proc_cpu_affinity(p, &l));
    ostat_list_free(l);
    l = NULL;
    CHECK(cs, p, ostat_proc_memory_info(p, &mi));
    CHECK(cs, p, ostat_proc_memory_percent(p, "rss", &d));
    CHECK(cs, p, ostat_proc_page_faults(p, &pf));
    CHECK(cs, p, ostat_proc_is_running(p, &running));
    if ((unsigned)(ostat_proc_pid(p) + scan) % 8 == 0) {
        CHECK(cs, p, ostat_proc_environ(p, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_threads(p, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_parents(p, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_children(p, 1, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_memory_maps(p, 1, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_open_files(p, &l));
        ostat_list_free(l);
        l = NULL;
        CHECK(cs, p, ostat_proc_memory_footprint(p, &mf));
        CHECK(cs, p, ostat_proc_memory_percent(p, "uss", &d));
    }
}

#define HEAP_WINDOW 100

/* Scan the table again and again for CHURN_SECONDS while a helper forks
 * and reaps, calling every getter on each row: nothing crashes, every
 * error is one a vanishing or protected process explains, the test's
 * descriptors are the same after as before, and (outside ASan, which
 * replaces malloc) the heap does not grow over the last HEAP_WINDOW
 * scans beyond what the rows present at the end account for: 8 KiB, plus
 * 1.5 times the average cost of a row (measured on the first scan) for
 * each row more than at the start of the window. */
START_TEST(churn)
{
    struct churn_state cs;
    double seconds = CHURN_SECONDS, end;
    const char *env = getenv("OSTAT_CHURN_SECONDS");
    size_t heap[HEAP_WINDOW + 1], rows[HEAP_WINDOW + 1], cmds[HEAP_WINDOW + 1];
    size_t heap0 = 0, per_row = 0;
    unsigned scans = 0;
    int fds_before, fds_mid = -1, rc;
    ostat_proc_iter *it = NULL;
    ostat_ctx *ctx;
    ostat_proc *p;
    pid_t churner;

    if (env != NULL && atof(env) > 0) {
        seconds = atof(env);
    }
    memset(&cs, 0, sizeof(cs));
    cs.cap = 4096;
    cs.buf = malloc(cs.cap);
    ck_assert_ptr_nonnull(cs.buf);
    churner = start_churn();
    fds_before = fd_count();

    ctx = live_ctx();
#if !ITER_ASAN
    heap0 = mallinfo2().uordblks;
#endif
    ck_assert_int_eq(ostat_proc_iter_new(ctx, MOST, &it), 0);
    end = live_now() + seconds;
    while (live_now() < end) {
        size_t n = 0;

        ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
        cs.cmd_bytes = 0;
        while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
            cs.scan = scans;
            churn_row(&cs, p, scans);
            n++;
        }
        ck_assert_msg(rc == 0, "ostat_proc_iter_next: %s", ostat_err_name(rc));
        ck_assert_uint_gt(n, 0);
        ck_assert_int_eq(kill(churner, 0), 0); /* still churning */
#if !ITER_ASAN
        if (scans == 0) {
            size_t now = mallinfo2().uordblks;

            per_row = now > heap0 ? (now - heap0) / n : 0;
        }
        heap[scans % (HEAP_WINDOW + 1)] = mallinfo2().uordblks;
        rows[scans % (HEAP_WINDOW + 1)] = n;
        cmds[scans % (HEAP_WINDOW + 1)] = cs.cmd_bytes;
#else
        (void)heap;
        (void)rows;
        (void)cmds;
        (void)heap0;
        (void)per_row;
#endif
        /* Rows seen before keep their stat open: at most one descriptor
         * a row, besides the iterator's two. */
        fds_mid = fd_count();
        ck_assert_msg(fds_mid <= fds_before + 2 + (int)n,
                      "%d descriptors for %zu rows (%d before)", fds_mid, n,
                      fds_before);
        scans++;
    }
    reap(&churner);
    /* Enough scans for the churn to have met them: every field of every
     * process is read, slowly on a loaded machine or under sanitizers. */
    ck_assert_msg(scans >= 5, "only %u scans in %.0f s", scans, seconds);
#if !ITER_ASAN
    {
        /* The last HEAP_WINDOW scans, or the second half of fewer. */
        size_t w = scans - 1 > HEAP_WINDOW ? HEAP_WINDOW : (scans - 1) / 2;
        size_t last = (scans - 1) % (HEAP_WINDOW + 1);
        size_t first = (scans - 1 - w) % (HEAP_WINDOW + 1);
        size_t more = rows[last] > rows[first] ? rows[last] - rows[first] : 0;
        /* Rows keep their command lines: longer ones held now (another
         * program's processes replaced by a compiler's) are not a leak. */
        size_t longer = cmds[last] > cmds[first] ? cmds[last] - cmds[first] : 0;
        /* The context keeps its read and string buffers up to 16 KiB each
         * (backends/linux/ctx.c), grown when a process with a larger file
         * appears. */
        size_t allow = 8192 + 2 * 16384 + more * per_row * 3 / 2 + longer * 2;

        ck_assert_msg(heap[last] <= heap[first] + allow,
                      "heap grew by %zu bytes over the last %zu scans "
                      "(allowed %zu; rows %zu -> %zu)",
                      heap[last] - heap[first], w, allow, rows[first],
                      rows[last]);
    }
#endif
    ck_assert_msg(cs.bad[0] == '\0', "unexpected errors: %s", cs.bad);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
    free(cs.buf);
    ck_assert_int_eq(fd_count(), fds_before);
}
END_TEST

/* ---- against ps ------------------------------------------------------ */

struct row {
    ostat_pid_t pid, ppid;
    int32_t status;
    char user[64];
    uint64_t rss, vms;
    int32_t threads;
    double create;
    int cmd_rc;
    char name[256];
    char *cmd;
};

/* One scan into @rows (at most @max); returns how many. */
static size_t take_table(ostat_proc_iter *it, struct row *rows, size_t max)
{
    struct ostat_proc_memory_info m = OSTAT_PROC_MEMORY_INFO_INIT;
    ostat_proc *p;
    size_t n = 0, len;
    int rc;

    ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
    while ((rc = ostat_proc_iter_next(it, &p)) == 1 && n < max) {
        struct row *r = &rows[n];
        char *buf = NULL;

        memset(r, 0, sizeof(*r));
        r->pid = ostat_proc_pid(p);
        r->ppid = -1;
        r->status = -1;
        r->threads = -1;
        ostat_proc_ppid(p, &r->ppid);
        ostat_proc_status(p, &r->status);
        len = sizeof(r->user);
        if (ostat_proc_username(p, r->user, &len) != 0) {
            r->user[0] = '\0';
        }
        len = sizeof(r->name);
        if (ostat_proc_name(p, r->name, &len) != 0) {
            r->name[0] = '\0';
        }
        m.valid = 0;
        ostat_proc_memory_info(p, &m);
        r->rss = m.valid & OSTAT_PROC_MEMORY_INFO_RSS ? m.rss : UINT64_MAX;
        r->vms = m.valid & OSTAT_PROC_MEMORY_INFO_VMS ? m.vms : UINT64_MAX;
        ostat_proc_num_threads(p, &r->threads);
        if (ostat_proc_create_time(p, &r->create) != 0) {
            r->create = -1;
        }
        len = 0;
        r->cmd_rc = ostat_proc_cmdline_string(p, NULL, &len);
        if (r->cmd_rc == OSTAT_EBUFS || r->cmd_rc == 0) {
            len = len > 0 ? len : 1;
            buf = malloc(len);
            ck_assert_ptr_nonnull(buf);
            r->cmd_rc = ostat_proc_cmdline_string(p, buf, &len);
        }
        r->cmd = buf;
        n++;
    }
    ck_assert_int_ge(rc, 0);
    return n;
}

static void free_table(struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].cmd);
    }
}

/* The status ps's first STAT letter means. */
static int32_t status_of_letter(char c)
{
    switch (c) {
    case 'R':
        return OSTAT_STATUS_RUNNING;
    case 'S':
        return OSTAT_STATUS_SLEEPING;
    case 'D':
        return OSTAT_STATUS_DISK_SLEEP;
    case 'T':
        return OSTAT_STATUS_STOPPED;
    case 't':
        return OSTAT_STATUS_TRACING_STOP;
    case 'Z':
        return OSTAT_STATUS_ZOMBIE;
    case 'X':
        return OSTAT_STATUS_DEAD;
    case 'I':
        return OSTAT_STATUS_IDLE;
    case 'P':
        return OSTAT_STATUS_PARKED;
    case 'W':
        return OSTAT_STATUS_WAKING;
    case 'K':
        return OSTAT_STATUS_WAKE_KILL;
    default:
        return OSTAT_STATUS_UNKNOWN;
    }
}

static int is_running_or_asleep(int32_t st)
{
    return st == OSTAT_STATUS_RUNNING || st == OSTAT_STATUS_SLEEPING ||
           st == OSTAT_STATUS_DISK_SLEEP || st == OSTAT_STATUS_IDLE;
}

/* A command line as ps prints it in the C locale, for comparing: ps shows
 * bytes outside printable ASCII as '?', but a newline as a blank, so
 * both sides map '?', blanks and every such byte to a blank, then cut
 * trailing blanks. In place. */
static char *ps_printable(char *s)
{
    size_t n;

    for (n = 0; s[n] != '\0'; n++) {
        if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e ||
            s[n] == '?') {
            s[n] = ' ';
        }
    }
    while (n > 0 && s[n - 1] == ' ') {
        s[--n] = '\0';
    }
    return s;
}

/* Skip blanks, then return the next blank-separated token of *@pos. */
static char *token(char **pos)
{
    char *s = *pos, *e;

    while (*s == ' ') {
        s++;
    }
    if (*s == '\0') {
        return NULL;
    }
    e = strchr(s, ' ');
    if (e != NULL) {
        *e = '\0';
        *pos = e + 1;
    } else {
        *pos = s + strlen(s);
    }
    return s;
}

/* Within 10 % of the larger, or 1 MiB: ps reads its own copy of the
 * numbers a few milliseconds after the scan. */
static int mem_close(uint64_t a, uint64_t b)
{
    uint64_t d = live_absdiff(a, b), big = a > b ? a : b;

    return d <= LIVE_MIB || d <= big / 10;
}

#define MAX_ROWS 8192
#define MAX_BAD 64

struct mismatch {
    ostat_pid_t pid;
    char field[8];
    char text[200];
};

static void note(struct mismatch *bad,
                 size_t *nbad,
                 ostat_pid_t pid,
                 const char *field,
                 const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

static void note(struct mismatch *bad,
                 size_t *nbad,
                 ostat_pid_t pid,
                 const char *field,
                 const char *fmt,
                 ...)
{
    va_list ap;

    if (*nbad == MAX_BAD) {
        return;
    }
    bad[*nbad].pid = pid;
    snprintf(bad[*nbad].field, sizeof(bad[*nbad].field), "%s", field);
    va_start(ap, fmt);
    vsnprintf(bad[*nbad].text, sizeof(bad[*nbad].text), fmt, ap);
    va_end(ap);
    (*nbad)++;
}

/* One comparison of a scan with ps run right after it; mismatches go to
 * @bad, and *@common receives the number of pids in both. */
static void compare_once(ostat_proc_iter *it,
                         struct row *rows,
                         struct mismatch *bad,
                         size_t *nbad,
                         size_t *common,
                         size_t *nrows)
{
    char *out, *pos, line[65536];
    const char *cur;
    size_t n, i;

    n = take_table(it, rows, MAX_ROWS);
    /* ps itself can stumble on a process ending under it: tried again. */
    out = NULL;
    for (i = 0; i < 3 && out == NULL; i++) {
        out = live_run("exec ps -ww -eo pid,ppid,stat,ruser:64,rss,vsz,nlwp,"
                       "lstart,args --no-headers");
    }
    ck_assert_msg(out != NULL, "ps failed three times");
    *nbad = 0;
    *common = 0;
    *nrows = n;
    cur = out;
    while (live_next_line(&cur, line, sizeof(line))) {
        char *tok[12], *args, lst[64];
        struct row *r = NULL;
        struct tm tm;
        time_t start;
        int k;

        pos = line;
        for (k = 0; k < 12 && (tok[k] = token(&pos)) != NULL; k++) {
        }
        if (k < 12) {
            continue;
        }
        while (*pos == ' ') {
            pos++;
        }
        args = pos;
        for (i = 0; i < n; i++) {
            if (rows[i].pid == atoi(tok[0])) {
                r = &rows[i];
                break;
            }
        }
        if (r == NULL) {
            continue; /* ps, its shell, or a process newer than the scan */
        }
        (*common)++;
        if (r->ppid != atoi(tok[1])) {
            note(bad, nbad, r->pid, "ppid", "ppid %d, ps %s", (int)r->ppid,
                 tok[1]);
        }
        /* This process runs while it scans and waits while ps runs, and
         * ps's own work wakes some kernel threads: running on one side
         * and sleeping (S, D or I) on the other is a change, not a
         * difference. */
        if (r->pid != getpid() && r->status != status_of_letter(tok[2][0]) &&
            !(is_running_or_asleep(r->status) &&
              is_running_or_asleep(status_of_letter(tok[2][0])) &&
              (r->status == OSTAT_STATUS_RUNNING || tok[2][0] == 'R'))) {
            note(bad, nbad, r->pid, "stat", "status %s, ps %s",
                 ostat_status_name(r->status), tok[2]);
        }
        if (strcmp(r->user, tok[3]) != 0) {
            note(bad, nbad, r->pid, "user", "username %s, ps %s", r->user,
                 tok[3]);
        }
        if (r->rss == UINT64_MAX ||
            !mem_close(r->rss, strtoull(tok[4], NULL, 10) * 1024)) {
            note(bad, nbad, r->pid, "rss", "rss %llu, ps %s KiB",
                 (unsigned long long)r->rss, tok[4]);
        }
        if (r->vms == UINT64_MAX ||
            !mem_close(r->vms, strtoull(tok[5], NULL, 10) * 1024)) {
            note(bad, nbad, r->pid, "vsz", "vms %llu, ps %s KiB",
                 (unsigned long long)r->vms, tok[5]);
        }
        /* Threads come and go: only a single-threaded process on either
         * side must be single-threaded on the other. */
        if ((r->threads == 1 || atoi(tok[6]) == 1) &&
            r->threads != atoi(tok[6])) {
            note(bad, nbad, r->pid, "nlwp", "threads %d, ps %s",
                 (int)r->threads, tok[6]);
        }
        /* lstart is whole seconds of local time: 2 s either way. */
        snprintf(lst, sizeof(lst), "%s %s %s %s %s", tok[7], tok[8], tok[9],
                 tok[10], tok[11]);
        memset(&tm, 0, sizeof(tm));
        if (strptime(lst, "%a %b %d %H:%M:%S %Y", &tm) == NULL) {
            note(bad, nbad, r->pid, "lstart", "cannot parse \"%s\"", lst);
        } else {
            tm.tm_isdst = -1;
            start = mktime(&tm);
            if (r->create < 0 || r->create < (double)start - 2 ||
                r->create > (double)start + 2) {
                note(bad, nbad, r->pid, "lstart", "create_time %.2f, ps %s",
                     r->create, lst);
            }
        }
        /* args: zombies are skipped ("[name] <defunct>" in ps); an empty
         * command line (kernel threads) is "[name]". */
        if (r->cmd_rc == OSTAT_ENOPROC_ZOMBIE ||
            r->status == OSTAT_STATUS_ZOMBIE) {
            continue;
        }
        if (r->cmd_rc != 0 || r->cmd == NULL) {
            note(bad, nbad, r->pid, "args", "cmdline_string %s",
                 ostat_err_name(r->cmd_rc));
        } else if (r->cmd[0] == '\0') {
            char want[300];

            snprintf(want, sizeof(want), "[%s]", r->name);
            if (strcmp(ps_printable(args), ps_printable(want)) != 0) {
                note(bad, nbad, r->pid, "args", "name %s, ps \"%.120s\"",
                     r->name, args);
            }
        } else if (strcmp(ps_printable(args), ps_printable(r->cmd)) != 0) {
            note(bad, nbad, r->pid, "args", "\"%.80s\", ps \"%.80s\"", r->cmd,
                 args);
        }
    }
    free(out);
    free_table(rows, n);
}

/* The whole table against ps: for every pid in both, ppid, username,
 * status (running against asleep excepted, see compare_once()), threads when
 * either says 1, rss and vsz within 10 % or 1 MiB, create time within 2 s of
 * lstart, and the command line. A difference counts only if it shows in each of
 * LIVE_RETRIES comparisons (a process may change between the scan and ps); at
 * least 80 % of the scanned pids must be in ps. */
START_TEST(table_vs_ps)
{
    static struct row rows[MAX_ROWS];
    static struct mismatch bad[MAX_BAD], prev[MAX_BAD];
    size_t nbad = 0, nprev = 0, common = 0, nrows = 0, i, j;
    ostat_proc_iter *it = NULL;
    ostat_ctx *ctx;
    char msg[1024];
    int round;

    if (!live_have_tool("ps")) {
        return;
    }
    ctx = live_ctx();
    ck_assert_int_eq(
        ostat_proc_iter_new(ctx,
                            OSTAT_PF_PPID | OSTAT_PF_NAME | OSTAT_PF_CMDLINE |
                                OSTAT_PF_STATUS | OSTAT_PF_USERNAME |
                                OSTAT_PF_CREATE_TIME | OSTAT_PF_MEMORY_INFO |
                                OSTAT_PF_NUM_THREADS,
                            &it),
        0);
    for (round = 0; round < LIVE_RETRIES; round++) {
        compare_once(it, rows, bad, &nbad, &common, &nrows);
        ck_assert_msg(common * 10 >= nrows * 8 && common >= 5,
                      "only %zu of %zu pids in ps", common, nrows);
        if (round > 0) {
            /* Keep what failed the previous round as well. */
            size_t k = 0;

            for (i = 0; i < nbad; i++) {
                for (j = 0; j < nprev; j++) {
                    if (bad[i].pid == prev[j].pid &&
                        strcmp(bad[i].field, prev[j].field) == 0) {
                        bad[k++] = bad[i];
                        break;
                    }
                }
            }
            nbad = k;
        }
        if (nbad == 0) {
            break;
        }
        memcpy(prev, bad, nbad * sizeof(bad[0]));
        nprev = nbad;
        live_sleep(0.2);
    }
    msg[0] = '\0';
    for (i = 0; i < nbad && strlen(msg) < sizeof(msg) - 256; i++) {
        snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "pid %d %s; ",
                 (int)bad[i].pid, bad[i].text);
    }
    ck_assert_msg(nbad == 0, "%zu differences with ps: %s", nbad, msg);
    ostat_proc_iter_free(it);
    ostat_ctx_free(ctx);
}
END_TEST

/* A refreshing iterator keeps the stat of rows seen before open, within a
 * quarter of the soft limit on descriptors; they all close with it. */
START_TEST(kept_descriptors_bounded)
{
    struct rlimit old, low;
    ostat_ctx *ctx = live_ctx();
    ostat_proc_iter *it = NULL;
    ostat_proc *p = NULL;
    int fds_before, scan, rc;
    size_t n = 0;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    low.rlim_cur = 64;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    fds_before = fd_count();
    ck_assert_int_eq(ostat_proc_iter_new(ctx, MOST, &it), 0);
    for (scan = 0; scan < 3; scan++) {
        ck_assert_int_eq(ostat_proc_iter_rewind(it), 0);
        n = 0;
        while ((rc = ostat_proc_iter_next(it, &p)) == 1) {
            n++;
        }
        ck_assert_int_eq(rc, 0);
        ck_assert_msg(fd_count() <= fds_before + 2 + 16,
                      "%d descriptors open (%d before) with a limit of 64",
                      fd_count(), fds_before);
    }
    ck_assert_uint_gt(n, 0);
    ostat_proc_iter_free(it);
    ck_assert_int_eq(fd_count(), fds_before);
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &old), 0);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_proc_iter(Suite *s)
{
    TCase *tc = tcase_create("proc_iter");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, exec_changes_comm);
    tcase_add_test(tc, exec_keeps_comm);
    tcase_add_test(tc, real_zombie);
    tcase_add_test(tc, kernel_threads);
    tcase_add_test(tc, ids_every_process);
    tcase_add_test(tc, kept_descriptors_bounded);
    tcase_add_test(tc, table_vs_ps);
    suite_add_tcase(s, tc);

    tc = tcase_create("proc_iter_churn");
    tcase_set_timeout(tc, 100);
    tcase_add_test(tc, churn);
    suite_add_tcase(s, tc);
}
