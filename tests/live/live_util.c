/* SPDX-License-Identifier: MIT */
/* live_util.c: running tools, reading kernel files with simple parsing of
 * our own, and keeping a CPU busy. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "live.h"

ostat_ctx *live_ctx(void)
{
    ostat_ctx *ctx = NULL;

    ck_assert_int_eq(ostat_ctx_new(NULL, &ctx), 0);
    ck_assert_ptr_nonnull(ctx);
    return ctx;
}

int live_have_tool(const char *name)
{
    const char *path = getenv("PATH");
    char buf[4096];

    if (path == NULL || *path == '\0') {
        path = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    }
    for (;;) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);

        if (len > 0 && len + strlen(name) + 2 <= sizeof(buf)) {
            memcpy(buf, path, len);
            buf[len] = '/';
            strcpy(buf + len + 1, name);
            if (access(buf, X_OK) == 0) {
                return 1;
            }
        }
        if (colon == NULL) {
            return 0;
        }
        path = colon + 1;
    }
}

/* Read @f to its end into a new NUL-terminated buffer. */
static char *slurp(FILE *f)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);

    if (buf == NULL) {
        return NULL;
    }
    for (;;) {
        size_t n;

        if (cap - len < 2) {
            char *p = realloc(buf, cap * 2);

            if (p == NULL) {
                free(buf);
                return NULL;
            }
            buf = p;
            cap *= 2;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    if (ferror(f)) {
        int e = errno;

        free(buf);
        errno = e ? e : EIO;
        return NULL;
    }
    buf[len] = '\0';
    return buf;
}

char *live_run(const char *cmd)
{
    char full[2048];
    FILE *p;
    char *out;
    int status;

    snprintf(full, sizeof(full),
             "exec 2>/dev/null; LC_ALL=C; LANG=C; export LC_ALL LANG; %s", cmd);
    fflush(NULL);
    p = popen(full, "r");
    if (p == NULL) {
        return NULL;
    }
    out = slurp(p);
    status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        free(out);
        return NULL;
    }
    return out;
}

char *live_flat(char *s)
{
    char *p;

    for (p = s; p != NULL && *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    return s;
}

char *live_read_file(const char *path)
{
    FILE *f = fopen(path, "re");
    char *s;
    int e;

    if (f == NULL) {
        return NULL;
    }
    s = slurp(f);
    e = errno;
    fclose(f);
    errno = e;
    return s;
}

int live_next_line(const char **pos, char *buf, size_t size)
{
    const char *p = *pos, *nl;
    size_t len;

    if (p == NULL || *p == '\0') {
        return 0;
    }
    nl = strchr(p, '\n');
    len = nl ? (size_t)(nl - p) : strlen(p);
    if (len >= size) {
        len = size - 1;
    }
    memcpy(buf, p, len);
    buf[len] = '\0';
    *pos = nl ? nl + 1 : p + strlen(p);
    return 1;
}

int live_stat_cpu(const char *stat, int cpu, unsigned long long v[10])
{
    const char *pos = stat;
    char line[1024], name[32];
    size_t nl;
    int i;

    if (cpu < 0) {
        strcpy(name, "cpu");
    } else {
        snprintf(name, sizeof(name), "cpu%d", cpu);
    }
    nl = strlen(name);
    while (live_next_line(&pos, line, sizeof(line))) {
        if (strncmp(line, name, nl) == 0 && line[nl] == ' ') {
            for (i = 0; i < 10; i++) {
                v[i] = 0;
            }
            i = sscanf(line + nl,
                       "%llu %llu %llu %llu %llu %llu %llu %llu "
                       "%llu %llu",
                       &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7],
                       &v[8], &v[9]);
            return i > 0 ? i : 0;
        }
    }
    return 0;
}

int live_stat_cpu_ids(const char *stat, int *ids, int max)
{
    const char *pos = stat;
    char line[1024];
    int n = 0;

    while (live_next_line(&pos, line, sizeof(line))) {
        int id;

        if (strncmp(line, "cpu", 3) == 0 && line[3] >= '0' && line[3] <= '9' &&
            sscanf(line + 3, "%d", &id) == 1) {
            if (ids != NULL && n < max) {
                ids[n] = id;
            }
            n++;
        }
    }
    return n;
}

int live_key_u64(const char *text, const char *key, uint64_t *out)
{
    const char *pos = text;
    char line[4096];
    size_t kl = strlen(key);

    while (live_next_line(&pos, line, sizeof(line))) {
        if (strncmp(line, key, kl) == 0 && line[kl] == ' ' &&
            sscanf(line + kl, "%" SCNu64, out) == 1) {
            return 0;
        }
    }
    return -1;
}

int live_vmstat_s(const char *out, const char *label, uint64_t *value)
{
    const char *pos = out;
    char line[512];

    while (live_next_line(&pos, line, sizeof(line))) {
        uint64_t v;
        int off = 0;
        char *rest;
        size_t len;

        if (sscanf(line, " %" SCNu64 " %n", &v, &off) != 1 || off == 0) {
            continue;
        }
        rest = line + off;
        if (strncmp(rest, "K ", 2) == 0) {
            rest += 2;
        }
        len = strlen(rest);
        while (len > 0 && (rest[len - 1] == ' ' || rest[len - 1] == '\r')) {
            rest[--len] = '\0';
        }
        if (strcmp(rest, label) == 0) {
            *value = v;
            return 0;
        }
    }
    return -1;
}

int live_cpu_list(const char *s, int *ids, int max)
{
    int n = 0;

    while (*s == ' ' || *s == '\n') {
        s++;
    }
    while (*s != '\0' && *s != '\n') {
        char *end;
        long a = strtol(s, &end, 10), b;

        if (end == s || a < 0) {
            return -1;
        }
        b = a;
        s = end;
        if (*s == '-') {
            b = strtol(s + 1, &end, 10);
            if (end == s + 1 || b < a) {
                return -1;
            }
            s = end;
        }
        for (; a <= b; a++) {
            if (ids != NULL && n < max) {
                ids[n] = (int)a;
            }
            n++;
        }
        if (*s == ',') {
            s++;
        } else if (*s != '\0' && *s != '\n') {
            return -1;
        }
    }
    return n;
}

int live_sysfs_online(int *ids, int max)
{
    char *s = live_read_file("/sys/devices/system/cpu/online");
    int n;

    if (s == NULL) {
        return -1;
    }
    n = live_cpu_list(s, ids, max);
    free(s);
    return n;
}

int live_month(const char *s)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int i;

    for (i = 0; i < 12; i++) {
        if (strlen(s) == 3 && strncmp(s, names + 3 * i, 3) == 0) {
            return i + 1;
        }
    }
    return 0;
}

double live_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void live_sleep(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

pid_t live_spin_start(int cpu)
{
    pid_t parent = getpid(), pid;
    int fds[2];
    char c = 0;
    ssize_t n;

    if (pipe(fds) != 0) {
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        volatile unsigned long spins = 0;

        /* Never outlive the test: die with the parent, and after a minute
         * in any case. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(0);
        }
        /* The test runner's handlers would act for the whole test. */
        signal(SIGALRM, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        alarm(60);
        if (cpu >= 0) {
            cpu_set_t set;

            CPU_ZERO(&set);
            CPU_SET(cpu, &set);
            sched_setaffinity(0, sizeof(set), &set);
        }
        close(fds[0]);
        if (write(fds[1], "x", 1) != 1) {
            _exit(1);
        }
        close(fds[1]);
        for (;;) {
            spins++;
        }
    }
    close(fds[1]);
    do {
        n = read(fds[0], &c, 1);
    } while (n < 0 && errno == EINTR);
    close(fds[0]);
    if (n != 1) {
        live_spin_stop(pid);
        return -1;
    }
    return pid;
}

void live_spin_stop(pid_t pid)
{
    if (pid > 0) {
        kill(pid, SIGKILL);
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
    }
}

int live_allowed_cpu(void)
{
    cpu_set_t set;
    int i;

    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
        return -1;
    }
    for (i = 0; i < CPU_SETSIZE; i++) {
        if (CPU_ISSET(i, &set)) {
            return i;
        }
    }
    return -1;
}

uint64_t live_absdiff(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}
