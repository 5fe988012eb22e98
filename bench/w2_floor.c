/* SPDX-License-Identifier: MIT */
/* w2_floor.c: the floor of W2, the least a program can do on Linux to fill
 * the process table. One descriptor of /proc stays open; a snapshot lists
 * it with getdents64 into a 64 KiB buffer and, for each pid, opens, reads
 * once and closes PID/stat, PID/status and PID/cmdline relative to it.
 * Parsing is minimal but real: the stat fields after the last ')', the
 * Uid line of status, the command line joined with spaces; user names come
 * from a uid cache filled with getpwuid_r once per uid. No allocation. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "w2.h"

struct w2_row w2_rows[W2_MAX_ROWS];
double w2_boot_time;
double w2_tck;
uint64_t w2_page;

static char dents[1 << 16];
static char stat_buf[4096];
static char status_buf[8192];
static char cmd_buf[1 << 17];

struct uname_cache {
    int64_t uid;
    char name[32];
};

static struct {
    int procfd;
    struct uname_cache users[64];
    size_t nusers;
} fl = { -1, { { 0, "" } }, 0 };

int w2_sysinfo(void)
{
    struct timespec rt, bt;
    long v;

    /* ostat's boot time (and W1's floor): the wall clock minus the time
     * since boot, to the nanosecond. psutil uses /proc/stat's btime,
     * whole seconds, so its create times are up to 1 s earlier. */
    if (clock_gettime(CLOCK_REALTIME, &rt) != 0 ||
        clock_gettime(CLOCK_BOOTTIME, &bt) != 0) {
        return -1;
    }
    w2_boot_time = (double)(rt.tv_sec - bt.tv_sec) +
                   (double)(rt.tv_nsec - bt.tv_nsec) / 1e9;
    v = sysconf(_SC_CLK_TCK);
    w2_tck = v > 0 ? (double)v : 100;
    v = sysconf(_SC_PAGESIZE);
    w2_page = v > 0 ? (uint64_t)v : 4096;
    return 0;
}

static int fail(const char *what, int err)
{
    snprintf(bench_err, sizeof(bench_err), "floor: %s: %s", what,
             strerror(err));
    return -1;
}

/* openat + one read + close; NUL-terminated. Returns the length or
 * -errno. */
static long slurp_at(int dirfd, const char *path, char *buf, size_t cap)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    ssize_t r;

    if (fd < 0) {
        return -errno;
    }
    r = read(fd, buf, cap - 1);
    if (r < 0) {
        int err = errno;

        close(fd);
        return -err;
    }
    close(fd);
    buf[r] = '\0';
    return (long)r;
}

static inline uint64_t scan_u64(const char **pp)
{
    const char *p = *pp;
    uint64_t v = 0;

    while (*p == ' ') {
        p++;
    }
    while ((unsigned)(*p - '0') < 10) {
        v = v * 10 + (uint64_t)(*p++ - '0');
    }
    *pp = p;
    return v;
}

static inline int64_t scan_i64(const char **pp)
{
    const char *p = *pp;

    while (*p == ' ') {
        p++;
    }
    if (*p == '-') {
        *pp = p + 1;
        return -(int64_t)scan_u64(pp);
    }
    *pp = p;
    return (int64_t)scan_u64(pp);
}

static const char *uid_name(int64_t uid)
{
    char buf[4096];
    struct passwd pw, *res = NULL;
    struct uname_cache *u;
    size_t i;

    for (i = 0; i < fl.nusers; i++) {
        if (fl.users[i].uid == uid) {
            return fl.users[i].name;
        }
    }
    if (fl.nusers == sizeof(fl.users) / sizeof(fl.users[0])) {
        fl.nusers = 0; /* a crude reset; never reached in practice */
    }
    u = &fl.users[fl.nusers++];
    u->uid = uid;
    if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 &&
        res != NULL && strlen(pw.pw_name) < sizeof(u->name)) {
        strcpy(u->name, pw.pw_name);
    } else {
        snprintf(u->name, sizeof(u->name), "%lld", (long long)uid);
    }
    return u->name;
}

/* stat: comm between '(' and the last ')', then the fields by number. */
static int parse_stat(struct w2_row *r, const char *s, long n)
{
    const char *lp = memchr(s, '(', (size_t)n), *rp = s + n, *p;
    size_t cl;
    int f;

    while (rp > s && rp[-1] != ')') {
        rp--;
    }
    if (lp == NULL || rp == s) {
        return -1;
    }
    rp--;
    cl = (size_t)(rp - lp - 1);
    if (cl >= sizeof(r->name)) {
        cl = sizeof(r->name) - 1;
    }
    memcpy(r->name, lp + 1, cl);
    r->name[cl] = '\0';
    r->status = rp[2];
    p = rp + 3;
    /* p is at field 4 (ppid); man proc numbering. */
    r->ppid = scan_i64(&p);
    for (f = 5; f < 14; f++) {
        scan_i64(&p);
    }
    r->cpu_user = (double)scan_u64(&p) / w2_tck;   /* 14 */
    r->cpu_system = (double)scan_u64(&p) / w2_tck; /* 15 */
    for (f = 16; f < 20; f++) {
        scan_i64(&p);
    }
    r->num_threads = scan_i64(&p); /* 20 */
    scan_i64(&p);                  /* 21 itrealvalue */
    r->create_time = w2_boot_time + (double)scan_u64(&p) / w2_tck; /* 22 */
    r->vms = scan_u64(&p);                                         /* 23 */
    r->rss = (uint64_t)scan_i64(&p) * w2_page;                     /* 24 */
    return *p == ' ' || *p == '\n' ? 0 : -1;
}

/* status: the real uid from the Uid line. */
static int parse_uid(const char *s, long n, int64_t *uid)
{
    const char *p = s, *end = s + n;

    while (p < end) {
        const char *nl;

        if (p[0] == 'U' && p[1] == 'i' && p[2] == 'd' && p[3] == ':') {
            p += 4;
            while (*p == '\t' || *p == ' ') {
                p++;
            }
            *uid = (int64_t)scan_u64(&p);
            return 0;
        }
        nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL) {
            break;
        }
        p = nl + 1;
    }
    return -1;
}

/* The command line joined by spaces (psutil's " ".join(cmdline())), and
 * the name extended from argv[0] when comm is cut at 15 bytes. */
static void take_cmdline(struct w2_row *r, char *s, long n)
{
    size_t len, keep, cl = strlen(r->name);
    long i;

    if (n > 0 && s[n - 1] == '\0') {
        n--;
    }
    for (i = 0; i < n; i++) {
        if (s[i] == '\0') {
            s[i] = ' ';
        }
    }
    len = (size_t)n;
    keep = len < W2_CMD_CAP - 1 ? len : W2_CMD_CAP - 1;
    memcpy(r->cmd, s, keep);
    r->cmd[keep] = '\0';
    r->cmd_len = len;
    if (cl >= 15 && n > 0) {
        const char *a = s, *e = memchr(s, ' ', len), *base;

        if (e == NULL) {
            e = s + len;
        }
        base = a;
        for (const char *q = a; q < e; q++) {
            if (*q == '/') {
                base = q + 1;
            }
        }
        if ((size_t)(e - base) > cl && (size_t)(e - base) < sizeof(r->name) &&
            memcmp(base, r->name, cl) == 0) {
            memcpy(r->name, base, (size_t)(e - base));
            r->name[e - base] = '\0';
        }
    }
}

static int floor_init(void **state)
{
    fl.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fl.procfd < 0) {
        return fail("/proc", errno);
    }
    fl.nusers = 0;
    *state = &fl;
    return 0;
}

static long floor_snap(void *state)
{
    long rows = 0;
    ssize_t nd;

    (void)state;
    if (lseek(fl.procfd, 0, SEEK_SET) != 0) {
        return fail("lseek /proc", errno);
    }
    while ((nd = getdents64(fl.procfd, dents, sizeof(dents))) > 0) {
        ssize_t off = 0;

        while (off < nd) {
            struct dirent64 *de = (struct dirent64 *)(dents + off);
            const char *d = de->d_name;
            struct w2_row *r = &w2_rows[rows];
            char path[32];
            size_t dl;
            int64_t pid = 0, uid;
            long n;

            off += de->d_reclen;
            if (*d < '1' || *d > '9') {
                continue;
            }
            for (dl = 0; d[dl] != '\0'; dl++) {
                pid = pid * 10 + (d[dl] - '0');
            }
            if (rows == W2_MAX_ROWS) {
                return fail("too many processes", ENOBUFS);
            }
            memcpy(path, d, dl);
            path[dl] = '/';
            memcpy(path + dl + 1, "stat", 5);
            n = slurp_at(fl.procfd, path, stat_buf, sizeof(stat_buf));
            if (n < 0) {
                continue; /* gone */
            }
            r->pid = pid;
            if (parse_stat(r, stat_buf, n) != 0) {
                return fail("stat: malformed", EINVAL);
            }
            memcpy(path + dl + 1, "status", 7);
            n = slurp_at(fl.procfd, path, status_buf, sizeof(status_buf));
            if (n < 0 || parse_uid(status_buf, n, &uid) != 0) {
                continue;
            }
            memcpy(r->user, uid_name(uid), sizeof(r->user));
            memcpy(path + dl + 1, "cmdline", 8);
            n = slurp_at(fl.procfd, path, cmd_buf, sizeof(cmd_buf));
            if (n < 0) {
                continue;
            }
            take_cmdline(r, cmd_buf, n);
            r->missing = 0;
            rows++;
        }
    }
    if (nd < 0) {
        return fail("getdents64 /proc", errno);
    }
    return rows;
}

static void floor_fini(void *state)
{
    (void)state;
    if (fl.procfd >= 0) {
        close(fl.procfd);
        fl.procfd = -1;
    }
}

const struct bench_contender w2_floor = {
    "floor", "floor", NULL, floor_init, floor_snap, floor_fini,
};
