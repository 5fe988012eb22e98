/* SPDX-License-Identifier: MIT */
/* proc.c: one process through /proc/PID. The handle holds the directory
 * open, so every file it reads belongs to the process it was opened on:
 * once that process is gone, reads fail instead of reaching a newcomer
 * that took the pid. stat, status and statm are read once and kept until
 * a refresh (psutil's oneshot). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

/* ---- reading and errors -------------------------------------------------- */

/* @file inside the process's directory, relative to the handle's dirfd:
 * the directory itself, or for iterator rows the procfs root ("<pid>/"). */
static const char *at(struct lproc *lp, const char *file, char *buf)
{
    size_t a = lp->rel_len, b;

    if (a == 0) {
        return file;
    }
    b = strlen(file);
    if (a + b >= OSTAT__PATH_MAX) {
        return file; /* cannot happen: rel is a pid, file a name */
    }
    /* The whole of rel, a fixed size the compiler copies inline; what
     * follows its length is then overwritten. */
    memcpy(buf, lp->rel, sizeof(lp->rel));
    memcpy(buf + a, file, b + 1);
    return buf;
}

static int scan_i64(const char **p, const char *end, int64_t *out);

/* 1 zombie, 0 alive, -1 gone (its stat cannot be read any more). */
int ostat__lproc_zombie(struct lproc *lp)
{
    char path_[OSTAT__PATH_MAX];
    char buf[1024];
    ssize_t n;
    const char *rp;
    int fd = openat(lp->dirfd, at(lp, "stat", path_), O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        return errno == ENOENT || errno == ESRCH ? -1 : 0;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return n < 0 && errno == ESRCH ? -1 : 0;
    }
    buf[n] = '\0';
    rp = strrchr(buf, ')');
    if (rp == NULL || rp[1] != ' ') {
        return 0;
    }
    if (rp[2] == 'Z') {
        return 1;
    }
    if (rp[2] == 'X' || rp[2] == 'x') {
        return -1; /* dead: only its stat is left, for an instant */
    }
    /* A task on its way out (PF_EXITING in the flags, the sixth number
     * after the state) has already lost its files: it is gone. */
    {
        const char *p = rp + 3, *end = buf + n;
        int64_t v = 0;
        int i;

        for (i = 0; i < 6; i++) {
            if (scan_i64(&p, end, &v) != 0) {
                return 0;
            }
        }
        if ((uint64_t)v & 0x4 /* PF_EXITING */) {
            return -1;
        }
    }
    return 0;
}

/* psutil's rule (psutil-api.md 2.2) for a failed read of @file. */
int ostat__lproc_opendir(struct lproc *lp, const char *dir, DIR **out)
{
    char path_[OSTAT__PATH_MAX];
    int fd = openat(lp->dirfd, at(lp, dir, path_),
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd < 0) {
        return ostat__lproc_err(lp, errno, dir);
    }
    if ((*out = fdopendir(fd)) == NULL) {
        int err = errno;

        close(fd);
        return ostat__lproc_err(lp, err, dir);
    }
    return 0;
}

int ostat__lproc_err(struct lproc *lp, int err, const char *file)
{
    ostat_pid_t pid = lp->base.pid;

    if (err == EACCES || err == EPERM) {
        return ostat__err_pid(OSTAT_EACCES, err, pid, file, "pid %lld: %s: %s",
                              (long long)pid, file, strerror(err));
    }
    if (err == ENOENT || err == ESRCH) {
        int z = ostat__lproc_zombie(lp);

        if (z == 1) {
            return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, err, pid, file,
                                  "pid %lld is a zombie (%s)", (long long)pid,
                                  file);
        }
        /* ESRCH always means the process is going or gone; ENOENT only
         * when its stat is gone too, since a file can be missing from a
         * live process (psutil #1014, #2418). */
        if (z == -1 || err == ESRCH) {
            return ostat__err_pid(OSTAT_ENOPROC, err, pid, file,
                                  "pid %lld no longer exists", (long long)pid);
        }
    }
    if (err == ENOMEM) {
        return ostat__err_pid(OSTAT_ENOMEM, err, pid, file, "out of memory");
    }
    return ostat__err_pid(OSTAT_EOS, err, pid, file, "pid %lld: %s: %s",
                          (long long)pid, file, strerror(err));
}

int ostat__lproc_read_once(struct lproc *lp,
                           const char *file,
                           struct ostat__buf *b)
{
    char path_[OSTAT__PATH_MAX];
    int rc = ostat__read_file_at_once(lp->dirfd, at(lp, file, path_), b);

    return rc == 0 ? 0 : ostat__lproc_err(lp, -rc, file);
}

int ostat__lproc_read(struct lproc *lp, const char *file, struct ostat__buf *b)
{
    char path_[OSTAT__PATH_MAX];
    int rc = ostat__read_file_at(lp->dirfd, at(lp, file, path_), b);

    return rc == 0 ? 0 : ostat__lproc_err(lp, -rc, file);
}

int ostat__lproc_bad(struct lproc *lp, const char *file, const char *why)
{
    return ostat__err_pid(OSTAT_EPARSE, 0, lp->base.pid, file,
                          "pid %lld: %s: %s", (long long)lp->base.pid, file,
                          why);
}

/* A signed decimal. */
static int scan_i64(const char **p, const char *end, int64_t *out)
{
    uint64_t v;
    int neg = 0;

    ostat__skip_blanks(p, end);
    if (*p < end && **p == '-') {
        neg = 1;
        (*p)++;
    }
    if (ostat__scan_u64(p, end, &v) != 0) {
        return -1;
    }
    if (v > INT64_MAX) {
        v = INT64_MAX; /* rsslim's "unlimited": no field we use */
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

/* ---- stat, status, statm ------------------------------------------------- */

_Static_assert(SF_COUNT == 40, "the parser writes out fields 1 to 39");

/* One number of stat at @p: an optional '-' and at least one digit; the
 * digit run ends at the buffer's NUL or a blank, and more than 18 digits
 * (rsslim's "unlimited") saturate, no field we use gets near that. The
 * byte after it, or NULL when there is no digit. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline const char *
stat_number(const char *p, int64_t *out)
{
    const char *digits;
    uint64_t v = 0;
    unsigned d = (unsigned char)p[0] - '0';
    int neg;

    if (d < 10 && (unsigned char)p[1] <= ' ') {
        *out = (int64_t)d; /* one digit, as most fields are */
        return p + 1;
    }
    neg = *p == '-';
    p += neg;
    for (digits = p; (d = (unsigned char)*p - '0') < 10; p++) {
        v = v * 10 + d;
    }
    if (p == digits) {
        return NULL;
    }
    if (p - digits > 18) {
        v = INT64_MAX;
    }
    *out = neg ? -(int64_t)v : (int64_t)v;
    return p;
}

/* Parse a stat file: comm between the first '(' and the last ')'. */
int ostat__lproc_parse_stat(const char *data,
                            size_t len,
                            char *comm,
                            size_t comm_cap,
                            size_t *comm_len,
                            char *state,
                            int64_t *sf,
                            int *nsf)
{
    const char *end = data + len, *lp = memchr(data, '(', len), *p;
    const char *rp = memrchr(data, ')', len);
    int i;

    if (lp == NULL || rp == NULL || rp < lp || end - rp < 4) {
        return -1;
    }
    *comm_len = (size_t)(rp - lp - 1);
    if (*comm_len >= comm_cap) {
        *comm_len = comm_cap - 1;
    }
    memcpy(comm, lp + 1, *comm_len);
    comm[*comm_len] = '\0';
    *state = rp[2];
    p = rp + 3;
    sf[0] = 0;
    /* Numbers one space apart, as the kernel writes them. This runs for
     * every process of a scan, between two system calls that leave the
     * caches cold, so it is kept small as well as short: a loop, whose
     * fields cost a test of their space and of their digits (one digit,
     * as most are, costs two tests). The line's end is looked at once,
     * where the fields stop. Fields nothing reads are passed over
     * unchecked. */
    for (i = 1; i < SF_COUNT; i++) {
        if (*p != ' ') {
            goto stop;
        }
        p++;
        if (SF_USED & (1ull << i)) {
            if ((p = stat_number(p, &sf[i])) == NULL) {
                return -1;
            }
        } else {
            while ((unsigned char)*p > ' ') {
                p++;
            }
            sf[i] = 0;
        }
    }
stop:
    /* Where the fields stopped: the end of the line, or the space before a
     * field beyond those read; anything else (a letter after digits, two
     * blanks) is malformed. */
    if (p > end || (*p != '\n' && p != end && !(i == SF_COUNT && *p == ' '))) {
        return -1;
    }
    *nsf = i;
    return i > SF_STARTTIME ? 0 : -1;
}

/* Parse the stat text in @b into the handle. */
static int take_stat(struct lproc *lp, const struct ostat__buf *b)
{
    if (ostat__lproc_parse_stat(b->data, b->len, lp->comm, sizeof(lp->comm),
                                &lp->comm_len, &lp->v->state, lp->v->sf,
                                &lp->v->nsf) != 0) {
        return ostat__lproc_bad(lp, "stat", "malformed");
    }
    lp->have |= HAVE_STAT;
    return 0;
}

/* The text of the process's stat into @b: through the kept descriptor of
 * an iterator row (ESRCH there: the process it belonged to is gone), else
 * by path. */
static int read_stat_text(struct lproc *lp, struct ostat__buf *b)
{
    int rc;

    if (lp->kept_fd > 0) {
        rc = ostat__pread_once(lp->kept_fd - 1, b);
        return rc == 0 ? 0 : ostat__lproc_err(lp, -rc, "stat");
    }
    return ostat__lproc_read_once(lp, "stat", b);
}

int ostat__lproc_need_stat(struct lproc *lp)
{
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    int rc;

    if (lp->have & HAVE_STAT) {
        return 0;
    }
    if ((rc = read_stat_text(lp, b)) != 0) {
        return rc;
    }
    return take_stat(lp, b);
}

int ostat__lproc_keep_stat(struct lproc *lp)
{
    char path_[OSTAT__PATH_MAX];
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    int fd, rc;

    rc = ostat__open_read_at_once(lp->dirfd, at(lp, "stat", path_), b, &fd);
    if (rc != 0) {
        return ostat__lproc_err(lp, -rc, "stat");
    }
    if ((rc = take_stat(lp, b)) != 0) {
        close(fd); /* nothing to keep: the caller counts kept rows */
        return rc;
    }
    lp->kept_fd = fd + 1;
    return 0;
}

/* The real, effective and saved uids and gids of the process, whichever
 * way they were read: they serve uids(), gids() and username() until the
 * next read of status or the next scan. */
static void take_ids(struct lproc *lp, const int64_t *uid, const int64_t *gid)
{
    memcpy(lp->uid, uid, sizeof(lp->uid));
    memcpy(lp->gid, gid, sizeof(lp->gid));
    lp->st_have |= (1u << ST_UID) | (1u << ST_GID);
    lp->have_ids = 1;
}

/* Three ids after a "Uid:" or "Gid:" key: unsigned decimals, each after a
 * tab; the fourth (fs) is passed over. 0, or -1 for anything else. The
 * text ends with a NUL at @end, which stops every loop. */
static int scan_id_line(const char **pp, const char *end, int64_t *ids)
{
    const char *p = *pp;
    int i;

    for (i = 0; i < 3; i++) {
        const char *digits;
        uint64_t v = 0;
        unsigned d;

        while (*p == '\t' || *p == ' ') {
            p++;
        }
        if ((d = (unsigned char)*p - '0') < 10 && p[1] == '\t') {
            ids[i] = (int64_t)d; /* root's 0, one digit */
            p++;
            continue;
        }
        for (digits = p; (d = (unsigned char)*p - '0') < 10; p++) {
            v = v * 10 + d;
        }
        if (p == digits || p - digits > 10 ||
            (*p != '\t' && *p != ' ' && *p != '\n')) {
            return -1;
        }
        ids[i] = (int64_t)v;
    }
    while (p < end && *p != '\n') {
        p++;
    }
    *pp = p;
    return 0;
}

/* The ids of status at once: its Uid line, the Gid line right after it.
 * A name with a newline is written escaped, so a line that starts with
 * "Uid:" is the Uid line; it is found by its 'U' (only Umask's line and
 * the name have others), not line by line. -1 for any other layout, left
 * to the full parser, which also says what is wrong. */
static int
scan_ids(const char *data, const char *end, int64_t *uid, int64_t *gid)
{
    const char *p = data;
    int64_t u[3], g[3];

    for (;;) {
        p = memchr(p, 'U', (size_t)(end - p));
        if (p == NULL || end - p < 5) {
            return -1;
        }
        if (p > data && p[-1] == '\n' && p[1] == 'i' && p[2] == 'd' &&
            p[3] == ':') {
            break;
        }
        p++;
    }
    p += 4;
    if (scan_id_line(&p, end, u) != 0 || end - p < 5 ||
        memcmp(p, "\nGid:", 5) != 0) {
        return -1;
    }
    p += 5;
    if (scan_id_line(&p, end, g) != 0) {
        return -1;
    }
    memcpy(uid, u, sizeof(u));
    memcpy(gid, g, sizeof(g));
    return 0;
}

/* Parse status; with @ids_only, stop once the Uid and Gid lines are read,
 * which come early, and leave the rest unread (HAVE_STATUS stays clear). */
static int read_status(struct lproc *lp, int ids_only)
{
#define KEY(s, kb)                                                             \
    {                                                                          \
        s, sizeof(s) - 1, kb                                                   \
    }
    static const struct {
        const char *key;
        size_t len;
        int kb;
    } keys[ST_COUNT] = {
        KEY("Uid:", 0),
        KEY("Gid:", 0),
        KEY("Threads:", 0),
        KEY("voluntary_ctxt_switches:", 0),
        KEY("nonvoluntary_ctxt_switches:", 0),
        KEY("VmPeak:", 1),
        KEY("VmHWM:", 1),
        KEY("RssAnon:", 1),
        KEY("RssFile:", 1),
        KEY("RssShmem:", 1),
        KEY("VmSwap:", 1),
        KEY("HugetlbPages:", 1),
        KEY("Tgid:", 0),
    };
#undef KEY
    /* The first letters of the keys: most of status's lines start with
     * another, and are passed over after one test. */
    static const char firsts[] = "UGTvnVRH";
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    const char *p, *end, *eol;
    int64_t u[3], g[3];
    int rc, k, i;

    if ((rc = ostat__lproc_read_once(lp, "status", b)) != 0) {
        return rc;
    }
    lp->st_have = 0;
    end = b->data + b->len;
    if (ids_only && scan_ids(b->data, end, u, g) == 0) {
        take_ids(lp, u, g);
        return 0;
    }
    for (p = b->data; p < end; p = eol + 1) {
        const char *q;

        eol = ostat__eol(p, end);
        k = ST_COUNT;
        if (memchr(firsts, *p, sizeof(firsts) - 1) != NULL) {
            const char *colon = memchr(p, ':', (size_t)(eol - p));
            size_t klen = colon ? (size_t)(colon - p) + 1 : 0;

            for (k = 0; k < ST_COUNT; k++) {
                if (keys[k].len == klen && keys[k].key[0] == *p &&
                    memcmp(p, keys[k].key, klen) == 0) {
                    break;
                }
            }
        }
        if (k == ST_COUNT) {
            continue;
        }
        q = p + keys[k].len;
        if (k == ST_UID || k == ST_GID) {
            int64_t *ids = k == ST_UID ? lp->uid : lp->gid;

            for (i = 0; i < 3; i++) {
                if (scan_i64(&q, eol, &ids[i]) != 0) {
                    return ostat__lproc_bad(lp, "status",
                                            "malformed Uid or Gid line");
                }
            }
        } else {
            if (ostat__scan_u64(&q, eol, &lp->v->st[k]) != 0) {
                return ostat__lproc_bad(lp, "status", "expected a number");
            }
            if (keys[k].kb) {
                lp->v->st[k] *= 1024;
            }
        }
        lp->st_have |= 1u << k;
        if (ids_only && (lp->st_have & (1u << ST_UID)) &&
            (lp->st_have & (1u << ST_GID))) {
            lp->have_ids = 1;
            return 0;
        }
    }
    if (!(lp->st_have & (1u << ST_UID))) {
        return ostat__lproc_bad(lp, "status", "no Uid line");
    }
    lp->have |= HAVE_STATUS;
    lp->have_ids = 1;
    return 0;
}

int ostat__lproc_need_status(struct lproc *lp)
{
    return (lp->have & HAVE_STATUS) ? 0 : read_status(lp, 0);
}

/* ---- ids through a pidfd ---------------------------------------------------
 *
 * Linux 6.13's PIDFD_GET_INFO gives a process's real, effective and saved
 * ids without status, whose text costs the kernel about three times as
 * much as pidfd_open, the ioctl and close together. Used for the rows of
 * an iterator that need the ids and nothing else of status, once the
 * context has seen that the procfs root is the running system's and shows
 * the caller's own pid namespace (pidfd_open takes a pid of the caller's),
 * and that the kernel has the ioctl; any failure falls back to status,
 * which then also says what went wrong. The layout is the kernel's (uapi
 * linux/pidfd.h, first version: 64 bytes), for C libraries older than it. */
struct ostat__pidfd_info {
    uint64_t mask;
    uint64_t cgroupid;
    uint32_t pid, tgid, ppid;
    uint32_t ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
    uint32_t spare0;
};
_Static_assert(sizeof(struct ostat__pidfd_info) == 64, "PIDFD_INFO_SIZE_VER0");

#define OSTAT__PIDFD_INFO_CREDS 2u
#define OSTAT__PIDFD_GET_INFO _IOWR(0xFF, 11, struct ostat__pidfd_info)

/* pidfd_open(2) of @pid: a descriptor, or -1 with errno set (ENOSYS when
 * the C library's headers do not know the call). */
static int open_pidfd(ostat_pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

/* The info of the process @pid; 0 or -errno. */
static int pidfd_info(ostat_pid_t pid, struct ostat__pidfd_info *in)
{
    int fd = open_pidfd(pid), rc, err = 0;

    if (fd < 0) {
        return -errno;
    }
    memset(in, 0, sizeof(*in));
    in->mask = OSTAT__PIDFD_INFO_CREDS;
    rc = ioctl(fd, OSTAT__PIDFD_GET_INFO, in);
    if (rc != 0) {
        err = errno;
    }
    close(fd);
    return rc == 0 ? 0 : -err;
}

/* Whether ids may come from pidfds for this context (probed once). */
static int pidfd_ids_usable(ostat_ctx *ctx)
{
    struct ostat__os *os = ctx->os;
    struct ostat__pidfd_info in;
    char self[32];
    ssize_t n;

    if (os->pidfd_ids != 0) {
        return os->pidfd_ids > 0;
    }
    os->pidfd_ids = -1;
    if (!ctx->live) {
        return 0;
    }
    /* /proc/self names the caller by its pid in that procfs's namespace. */
    n = readlink("/proc/self", self, sizeof(self) - 1);
    if (n <= 0) {
        return 0;
    }
    self[n] = '\0';
    if (strtoll(self, NULL, 10) != (long long)getpid() ||
        pidfd_info(getpid(), &in) != 0 ||
        !(in.mask & OSTAT__PIDFD_INFO_CREDS) || in.pid != (uint32_t)getpid()) {
        return 0;
    }
    os->pidfd_ids = 1;
    return 1;
}

/* The ids of an iterator row through a pidfd: 0, or -1 to read status. */
static int ids_by_pidfd(struct lproc *lp)
{
    struct ostat__pidfd_info in;

    if (lp->rel_len == 0 || !(lp->have & HAVE_STAT) ||
        !pidfd_ids_usable(lp->base.ctx) || pidfd_info(lp->base.pid, &in) != 0) {
        return -1;
    }
    /* The process stat described: the same pid and parent (a pid reused
     * in between, or a parent that exited, goes to status). */
    if (!(in.mask & OSTAT__PIDFD_INFO_CREDS) ||
        (int64_t)in.pid != (int64_t)lp->base.pid ||
        (int64_t)in.ppid != lp->v->sf[SF_PPID]) {
        return -1;
    }
    {
        const int64_t u[3] = { in.ruid, in.euid, in.suid };
        const int64_t g[3] = { in.rgid, in.egid, in.sgid };

        take_ids(lp, u, g);
    }
    return 0;
}

int ostat__lproc_need_ids(struct lproc *lp)
{
    if (lp->have_ids) {
        return 0;
    }
    if (ostat__lproc_kthread(lp)) {
        static const int64_t root[3] = { 0, 0, 0 };

        take_ids(lp, root, root);
        return 0;
    }
    if (ids_by_pidfd(lp) == 0) {
        return 0;
    }
    return read_status(lp, 1);
}

int ostat__lproc_need_statm(struct lproc *lp)
{
    char path_[OSTAT__PATH_MAX];
    char buf[256];
    const char *p;
    ssize_t n;
    int i, fd;

    if (lp->have & HAVE_STATM) {
        return 0;
    }
    fd = openat(lp->dirfd, at(lp, "statm", path_), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return ostat__lproc_err(lp, errno, "statm");
    }
    n = read(fd, buf, sizeof(buf) - 1);
    i = errno;
    close(fd);
    if (n < 0) {
        return ostat__lproc_err(lp, i, "statm");
    }
    p = buf;
    for (i = 0; i < 7; i++) {
        if (ostat__scan_u64(&p, buf + n, &lp->v->statm[i]) != 0) {
            return ostat__lproc_bad(lp, "statm", "expected seven numbers");
        }
    }
    lp->have |= HAVE_STATM;
    return 0;
}

/* ---- handles ------------------------------------------------------------- */

int64_t ostat__os_self_pid(void)
{
    return (int64_t)getpid();
}

double ostat__os_monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An open handle and its own values, freed as one. */
struct lhandle {
    struct lproc lp;
    struct lvals v;
};

int ostat__os_proc_open(ostat_ctx *ctx, ostat_pid_t pid, ostat_proc **out)
{
    char path[OSTAT__PATH_MAX];
    struct lhandle *h;
    struct lproc *lp;
    int rc;

    snprintf(path, sizeof(path), "%s/%lld", ctx->procfs_root, (long long)pid);
    h = calloc(1, sizeof(*h));
    if (h == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    lp = &h->lp;
    lp->v = &h->v;
    lp->base.ctx = ctx;
    lp->base.pid = pid;
    lp->lazy = 1;
    lp->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lp->dirfd < 0) {
        int err = errno;

        free(lp);
        if (err == ENOENT || err == ESRCH || err == ENOTDIR) {
            return ostat__err_pid(OSTAT_ENOPROC, err, pid, path,
                                  "no process with pid %lld", (long long)pid);
        }
        return ostat__err_errno(err, OSTAT_ENOPROC, path);
    }
    if ((rc = ostat__lproc_need_stat(lp)) != 0) {
        ostat__os_proc_free(&lp->base);
        return rc;
    }
    lp->base.start = (uint64_t)lp->v->sf[SF_STARTTIME];
    *out = &lp->base;
    return 0;
}

void ostat__os_proc_free(ostat_proc *p)
{
    struct lproc *lp = L(p);

    if (lp->rel_len != 0) {
        return; /* an iterator's row: the iterator frees it */
    }
    if (lp->dirfd >= 0) {
        close(lp->dirfd);
    }
    ostat__lproc_release(lp);
    free(lp);
}

void ostat__lproc_release(struct lproc *lp)
{
    if (lp->kept_fd > 0) {
        close(lp->kept_fd - 1);
        lp->kept_fd = 0;
    }
    if (lp->cmdline.data != lp->cmd_inline) {
        ostat__buf_free(&lp->cmdline);
    }
    memset(&lp->cmdline, 0, sizeof(lp->cmdline));
}

void ostat__os_proc_refresh(ostat_proc *p)
{
    L(p)->have = 0;
    L(p)->have_cmdline = 0;
    L(p)->have_ids = 0;
}

/* The start time in the stat file read now through the handle's directory;
 * OSTAT_ENOPROC when the process is gone. */
static int fresh_stat(struct lproc *lp, int64_t *sf, int *nsf, char *state)
{
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    char comm[80];
    size_t cl;
    int rc;

    if ((rc = ostat__lproc_read_once(lp, "stat", b)) != 0) {
        return rc == OSTAT_ENOPROC_ZOMBIE ? OSTAT_ENOPROC : rc;
    }
    if (ostat__lproc_parse_stat(b->data, b->len, comm, sizeof(comm), &cl, state,
                                sf, nsf) != 0) {
        return ostat__lproc_bad(lp, "stat", "malformed");
    }
    if ((uint64_t)sf[SF_STARTTIME] != lp->base.start) {
        return ostat__err_pid(OSTAT_ENOPROC, 0, lp->base.pid, NULL,
                              "pid %lld now names another process",
                              (long long)lp->base.pid);
    }
    return 0;
}

int ostat__os_proc_is_running(ostat_proc *p, int *out)
{
    int64_t sf[SF_COUNT];
    int nsf, rc;
    char state;

    rc = fresh_stat(L(p), sf, &nsf, &state);
    if (rc == 0 || ostat_err_is(rc, OSTAT_ENOPROC)) {
        *out = rc == 0;
        return 0;
    }
    return rc;
}

/* Actions go to the pid, not the directory: make sure the pid still names
 * the handle's process, and give its state letter. */
static int identity_state(struct lproc *lp, char *state)
{
    char path[OSTAT__PATH_MAX], comm[80];
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    int64_t sf[SF_COUNT];
    size_t cl;
    int nsf, rc;

    if (!lp->base.ctx->live) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "acting on a process needs the running system's "
                          "/proc, not a procfs root or host prefix");
    }
    snprintf(path, sizeof(path), "/proc/%lld/stat", (long long)lp->base.pid);
    rc = ostat__read_file_once(path, b);
    if (rc == -ENOENT || rc == -ESRCH) {
        return ostat__err_pid(OSTAT_ENOPROC, -rc, lp->base.pid, path,
                              "pid %lld no longer exists",
                              (long long)lp->base.pid);
    }
    if (rc != 0) {
        return ostat__lproc_err(lp, -rc, "stat");
    }
    if (ostat__lproc_parse_stat(b->data, b->len, comm, sizeof(comm), &cl, state,
                                sf, &nsf) != 0) {
        return ostat__lproc_bad(lp, "stat", "malformed");
    }
    if ((uint64_t)sf[SF_STARTTIME] != lp->base.start) {
        return ostat__err_pid(OSTAT_ENOPROC, 0, lp->base.pid, NULL,
                              "pid %lld was reused by another process",
                              (long long)lp->base.pid);
    }
    return 0;
}

static int check_identity(struct lproc *lp)
{
    char state;

    return identity_state(lp, &state);
}

/* ---- strings ------------------------------------------------------------- */

int ostat__lproc_set_out(struct lproc *lp, const char *s, size_t n)
{
    struct ostat__buf *b = &lp->base.ctx->os->out;

    if (b->cap < n + 1) {
        char *d = realloc(b->data, n + 1);

        if (d == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        b->data = d;
        b->cap = n + 1;
    }
    memcpy(b->data, s, n);
    b->data[n] = '\0';
    b->len = n;
    return 0;
}

/* readlink of a file in the process's directory, cut at the first NUL
 * (psutil #717); " (deleted)" goes only if the path without it is gone. */
static int read_link(struct lproc *lp, const char *file, int *empty_ok)
{
    char path_[OSTAT__PATH_MAX];
    char buf[OSTAT__PATH_MAX];
    static const char deleted[] = " (deleted)";
    const size_t dl = sizeof(deleted) - 1;
    ssize_t n =
        readlinkat(lp->dirfd, at(lp, file, path_), buf, sizeof(buf) - 1);
    size_t len;
    struct stat st;

    if (n < 0) {
        int err = errno;

        if ((err == ENOENT || err == ESRCH) && empty_ok != NULL) {
            int z = ostat__lproc_zombie(lp);

            if (z == 0) {
                *empty_ok = 1; /* kernel threads and low pids */
                return ostat__lproc_set_out(lp, "", 0);
            }
        }
        return ostat__lproc_err(lp, err, file);
    }
    buf[n] = '\0';
    len = strlen(buf);
    if (len > dl && memcmp(buf + len - dl, deleted, dl) == 0) {
        buf[len - dl] = '\0';
        if (stat(buf, &st) != 0 && errno == ENOENT) {
            len -= dl;
        } else {
            buf[len - dl] = ' ';
        }
    }
    return ostat__lproc_set_out(lp, buf, len);
}

int ostat__lproc_cmdline(struct lproc *lp, const char **data, size_t *len)
{
    int rc;

    if (!lp->have_cmdline && ostat__lproc_kthread(lp)) {
        lp->cmdline.len = 0;
        if (lp->cmdline.data != NULL) {
            lp->cmdline.data[0] = '\0';
        }
        lp->have_cmdline = 1;
    }
    if (!lp->have_cmdline) {
        struct ostat__buf *b = &lp->base.ctx->os->scratch;

        /* Read into the context's buffer, then keep a copy: inside the
         * handle when it is short, as most are, else on the heap. */
        if ((rc = ostat__lproc_read_once(lp, "cmdline", b)) != 0) {
            return rc;
        }
        if (lp->cmdline.data == NULL) {
            lp->cmdline.data = lp->cmd_inline;
            lp->cmdline.cap = sizeof(lp->cmd_inline);
        }
        if (lp->cmdline.cap < b->len + 1) {
            char *d = realloc(
                lp->cmdline.data == lp->cmd_inline ? NULL : lp->cmdline.data,
                b->len + 1);

            if (d == NULL) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            lp->cmdline.data = d;
            lp->cmdline.cap = b->len + 1;
        }
        memcpy(lp->cmdline.data, b->data, b->len + 1);
        lp->cmdline.len = b->len;
        if (lp->cmdline.len == 0 && ostat__lproc_zombie(lp) == 1) {
            return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, 0, lp->base.pid,
                                  "cmdline", "pid %lld is a zombie",
                                  (long long)lp->base.pid);
        }
        lp->have_cmdline = 1;
    }
    *data = lp->cmdline.data ? lp->cmdline.data : "";
    *len = lp->cmdline.len;
    return 0;
}

static int read_cmdline(struct lproc *lp, const char **data, size_t *len)
{
    return ostat__lproc_cmdline(lp, data, len);
}

/* Split a command line by psutil's rules (psutil-api.md 2.7) and call @fn
 * for each argument. */
static int split_cmdline(const char *d,
                         size_t n,
                         int (*fn)(const char *, size_t, void *),
                         void *payload)
{
    char sep;
    const char *p, *end, *next;
    int rc;

    if (n == 0) {
        return 0;
    }
    sep = d[n - 1] == '\0' ? '\0' : ' ';
    if (d[n - 1] == sep) {
        n--;
    }
    if (sep == '\0' && memchr(d, '\0', n) == NULL && memchr(d, ' ', n)) {
        sep = ' '; /* one NUL-terminated argument holding spaces */
    }
    end = d + n;
    for (p = d;; p = next + 1) {
        next = memchr(p, sep, (size_t)(end - p));
        if (next == NULL) {
            next = end;
        }
        if ((rc = fn(p, (size_t)(next - p), payload)) != 0) {
            return rc;
        }
        if (next == end) {
            return 0;
        }
    }
}

struct first_arg {
    const char *s;
    size_t len;
};

static int take_first(const char *s, size_t len, void *payload)
{
    struct first_arg *a = payload;

    a->s = s;
    a->len = len;
    return 1;
}

/* The name, as a reference into the handle (its comm, or argv[0] of its
 * kept command line) valid until the next call on it. */
static int proc_name(struct lproc *lp, const char **s, size_t *len)
{
    const char *cmd, *base;
    size_t n, bl;
    struct first_arg a = { NULL, 0 };
    int rc;

    if ((rc = ostat__lproc_need_stat(lp)) != 0) {
        return rc;
    }
    if (lp->comm_len >= 15) {
        /* comm is cut at 15 bytes: the full name may be in argv[0]. */
        rc = read_cmdline(lp, &cmd, &n);
        if (rc == 0 && n > 0) {
            split_cmdline(cmd, n, take_first, &a);
            base = a.s;
            bl = a.len;
            while (a.s != NULL && a.len > 0) {
                const char *slash = memchr(base, '/', bl);

                if (slash == NULL) {
                    break;
                }
                bl -= (size_t)(slash + 1 - base);
                base = slash + 1;
            }
            if (a.s != NULL && bl > lp->comm_len &&
                memcmp(base, lp->comm, lp->comm_len) == 0) {
                *s = base;
                *len = bl;
                return 0;
            }
        } else if (rc != 0 && rc != OSTAT_EACCES &&
                   rc != OSTAT_ENOPROC_ZOMBIE) {
            return rc;
        }
    }
    *s = lp->comm;
    *len = lp->comm_len;
    return 0;
}

static int proc_exe(struct lproc *lp)
{
    struct ostat__err_state saved;
    const char *cmd;
    size_t n;
    int empty = 0, rc = read_link(lp, "exe", &empty);
    struct first_arg a = { NULL, 0 };
    char path[OSTAT__PATH_MAX];
    struct stat st;

    if ((rc == 0 && !empty) || (rc != 0 && rc != OSTAT_EACCES)) {
        return rc;
    }
    /* No link, or no right to read it (psutil-api.md 2.9): an absolute
     * argv[0] naming an executable regular file is the best guess. */
    ostat__err_save(&saved);
    if (read_cmdline(lp, &cmd, &n) == 0 && n > 0) {
        split_cmdline(cmd, n, take_first, &a);
        if (a.s != NULL && a.len > 0 && a.len < sizeof(path) && a.s[0] == '/') {
            memcpy(path, a.s, a.len);
            path[a.len] = '\0';
            if (strlen(path) == a.len && stat(path, &st) == 0 &&
                S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
                ostat__err_restore(&saved);
                return ostat__lproc_set_out(lp, path, a.len);
            }
        }
    }
    ostat__err_restore(&saved);
    return rc != 0 ? rc : ostat__lproc_set_out(lp, "", 0);
}

/* uid -> name, cached in the context. */
/* The user name, as a reference into the context's cache (or its out
 * buffer) valid until the next call. */
static int proc_username(struct lproc *lp, const char **s, size_t *len)
{
    struct ostat__os *os = lp->base.ctx->os;
    struct passwd pw, *res = NULL;
    char buf[4096], num[32];
    int64_t uid;
    size_t i;
    int rc;

    if ((rc = ostat__lproc_need_ids(lp)) != 0) {
        return rc;
    }
    uid = lp->uid[0];
    for (i = 0; i < os->nusers; i++) {
        if (os->users[i].uid == uid) {
            *s = os->users[i].name;
            *len = os->users[i].len;
            return 0;
        }
    }
    if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &res) == 0 &&
        res != NULL) {
        if (os->nusers < OSTAT__ARRAY_LEN(os->users) &&
            strlen(pw.pw_name) < sizeof(os->users[0].name)) {
            os->users[os->nusers].uid = uid;
            strcpy(os->users[os->nusers].name, pw.pw_name);
            os->users[os->nusers].len = strlen(pw.pw_name);
            os->nusers++;
        }
        rc = ostat__lproc_set_out(lp, pw.pw_name, strlen(pw.pw_name));
    } else {
        snprintf(num, sizeof(num), "%lld", (long long)uid);
        rc = ostat__lproc_set_out(lp, num, strlen(num));
    }
    if (rc == 0) {
        *s = os->out.data;
        *len = os->out.len;
    }
    return rc;
}

/* tty_nr -> /dev path, by the device numbers of /dev/pts/N and /dev/tty*,
 * cached in the context and rebuilt once when a number is missing. */
static int tty_scan(struct ostat__os *os, const char *dir, const char *prefix)
{
    char path[OSTAT__PATH_MAX];
    struct dirent *de;
    struct stat st;
    DIR *d = opendir(dir);

    if (d == NULL) {
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, strlen(prefix)) != 0 ||
            de->d_name[0] == '.') {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISCHR(st.st_mode)) {
            continue;
        }
        if (os->ntty == os->tty_cap) {
            size_t cap = os->tty_cap ? os->tty_cap * 2 : 64;
            void *t = realloc(os->ttys, cap * sizeof(*os->ttys));

            if (t == NULL) {
                closedir(d);
                return -1;
            }
            os->ttys = t;
            os->tty_cap = cap;
        }
        if (strlen(path) >= sizeof(os->ttys[0].path)) {
            continue;
        }
        os->ttys[os->ntty].dev = (uint64_t)st.st_rdev;
        strcpy(os->ttys[os->ntty].path, path);
        os->ntty++;
    }
    closedir(d);
    return 0;
}

static int proc_terminal(struct lproc *lp)
{
    struct ostat__os *os = lp->base.ctx->os;
    uint64_t dev;
    size_t i;
    int rc, pass;

    if ((rc = ostat__lproc_need_stat(lp)) != 0) {
        return rc;
    }
    if (lp->v->sf[SF_TTY_NR] == 0) {
        return ostat__lproc_set_out(lp, "", 0);
    }
    /* The kernel's new-style encoding of tty_nr. */
    dev = (uint64_t)makedev(
        ((uint64_t)lp->v->sf[SF_TTY_NR] >> 8) & 0xfff,
        ((uint64_t)lp->v->sf[SF_TTY_NR] & 0xff) |
            (((uint64_t)lp->v->sf[SF_TTY_NR] >> 12) & 0xfff00));
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < os->ntty; i++) {
            if (os->ttys[i].dev == dev) {
                return ostat__lproc_set_out(lp, os->ttys[i].path,
                                            strlen(os->ttys[i].path));
            }
        }
        if (pass == 0) {
            os->ntty = 0;
            if (tty_scan(os, "/dev/pts", "") != 0 ||
                tty_scan(os, "/dev", "tty") != 0 ||
                tty_scan(os, "/dev", "console") != 0) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
        }
    }
    return ostat__lproc_set_out(lp, "", 0);
}

static int proc_cmdline_string(struct lproc *lp)
{
    struct ostat__buf *b = &lp->base.ctx->os->out;
    const char *cmd;
    char *p, *end;
    size_t n, whole;
    int rc;

    if ((rc = read_cmdline(lp, &cmd, &whole)) != 0) {
        return rc;
    }
    n = whole;
    /* split_cmdline()'s arguments joined by spaces, without splitting:
     * the text less its final separator, with each NUL made a space when
     * NUL is the separator (a text split at spaces and joined again with
     * spaces is itself). */
    if (n > 0 && (cmd[n - 1] == '\0' || cmd[n - 1] == ' ')) {
        n--;
    }
    if ((rc = ostat__lproc_set_out(lp, cmd, n)) != 0) {
        return rc;
    }
    if (n < whole && cmd[n] == '\0') {
        for (p = b->data, end = p + n;
             (p = memchr(p, '\0', (size_t)(end - p))) != NULL; p++) {
            *p = ' ';
        }
    }
    return 0;
}

int ostat__os_proc_string(ostat_proc *p,
                          enum ostat__proc_item what,
                          const char **s,
                          size_t *len)
{
    struct lproc *lp = L(p);
    int rc;

    switch (what) {
    case OSTAT__PS_NAME:
        return proc_name(lp, s, len);
    case OSTAT__PS_EXE:
        rc = proc_exe(lp);
        break;
    case OSTAT__PS_CWD: {
        int empty = 0;

        rc = read_link(lp, "cwd", &empty);
        break;
    }
    case OSTAT__PS_USERNAME:
        return proc_username(lp, s, len);
    case OSTAT__PS_TERMINAL:
        rc = proc_terminal(lp);
        break;
    case OSTAT__PS_CMDLINE_STRING:
        rc = proc_cmdline_string(lp);
        break;
    case OSTAT__PS_CGROUP:
        rc = ostat__lproc_cgroup(lp);
        break;
    default:
        rc = ostat__err(OSTAT_EINVAL, 0, NULL, "not a string item");
        break;
    }
    if (rc == 0) {
        *s = lp->base.ctx->os->out.data;
        *len = lp->base.ctx->os->out.len;
    }
    return rc;
}

/* ---- lists --------------------------------------------------------------- */

static int push_string(const char *s, size_t len, void *payload)
{
    ostat_list *l = payload;
    struct ostat__str *e = ostat__list_push(l);

    if (e == NULL || (e->s = ostat__list_str(l, s, len)) == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->len = len;
    return 0;
}

static int push_int(ostat_list *l, int64_t v)
{
    int64_t *e = ostat__list_push(l);

    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    *e = v;
    return 0;
}

static int proc_environ(struct lproc *lp, ostat_list *l)
{
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    const char *p, *end, *nul, *eq;
    int rc = ostat__lproc_read_once(lp, "environ", b);

    if (rc == OSTAT_ENOPROC && ostat_error_last() != NULL &&
        ostat_error_last()->os_errno == ESRCH && ostat__lproc_zombie(lp) == 0) {
        /* Kernel threads have no environment: recent kernels say ESRCH
         * while the thread lives on. */
        return 0;
    }
    if (rc != 0) {
        return rc;
    }
    if (b->len == 0 && ostat__lproc_zombie(lp) == 1) {
        return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, 0, lp->base.pid, "environ",
                              "pid %lld is a zombie", (long long)lp->base.pid);
    }
    end = b->data + b->len;
    for (p = b->data; p < end; p = nul + 1) {
        struct ostat_proc_environ_var *v;

        nul = memchr(p, '\0', (size_t)(end - p));
        if (nul == NULL) {
            nul = end;
        }
        if (nul == p) {
            break; /* an empty entry ends the block */
        }
        eq = memchr(p, '=', (size_t)(nul - p));
        if (eq == NULL || eq == p) {
            continue;
        }
        v = ostat__list_push(l);
        if (v == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        v->size = sizeof(*v);
        v->name = ostat__list_str(l, p, (size_t)(eq - p));
        v->value = ostat__list_str(l, eq + 1, (size_t)(nul - eq - 1));
        if (v->name == NULL || v->value == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        v->valid = OSTAT_PROC_ENVIRON_VAR_NAME | OSTAT_PROC_ENVIRON_VAR_VALUE;
    }
    return 0;
}

/* The ppid and start time in <procfs>/<pid>/stat; -1 when it is gone. */
static int
peek_stat(ostat_ctx *ctx, int64_t pid, int64_t *ppid, uint64_t *start)
{
    char rel[32], comm[80], state;
    const char *data;
    size_t len, cl;
    int64_t sf[SF_COUNT];
    int nsf;

    snprintf(rel, sizeof(rel), "%lld/stat", (long long)pid);
    if (ostat__lread(ctx, ctx->procfs_root, rel, OSTAT_ENOPROC, &data, &len) !=
            0 ||
        ostat__lproc_parse_stat(data, len, comm, sizeof(comm), &cl, &state, sf,
                                &nsf) != 0) {
        return -1;
    }
    *ppid = sf[SF_PPID];
    *start = (uint64_t)sf[SF_STARTTIME];
    return 0;
}

static int proc_parents(struct lproc *lp, ostat_list *l)
{
    int64_t pid, ppid;
    uint64_t start, child_start = lp->base.start;
    struct ostat__err_state saved;
    int rc, depth;
    char state;
    int64_t sf[SF_COUNT];
    int nsf;

    if ((rc = fresh_stat(lp, sf, &nsf, &state)) != 0) {
        return rc;
    }
    pid = sf[SF_PPID];
    ostat__err_save(&saved);
    for (depth = 0; pid > 0 && depth < 65536; depth++) {
        if (peek_stat(lp->base.ctx, pid, &ppid, &start) != 0 ||
            start > child_start) {
            break; /* gone, or a newer process with the parent's pid */
        }
        if ((rc = push_int(l, pid)) != 0) {
            return rc;
        }
        child_start = start;
        pid = ppid;
    }
    ostat__err_restore(&saved);
    return 0;
}

struct ptab {
    int64_t *pid, *ppid;
    uint64_t *start;
    size_t n, cap;
};

static void ptab_free(struct ptab *t)
{
    free(t->pid);
    free(t->ppid);
    free(t->start);
}

/* pid, ppid and start of every process. */
static int ptab_read(ostat_ctx *ctx, struct ptab *t)
{
    struct ostat__err_state saved;
    struct dirent *de;
    DIR *d = opendir(ctx->procfs_root);

    if (d == NULL) {
        return ostat__err_errno(errno, OSTAT_EOS, ctx->procfs_root);
    }
    ostat__err_save(&saved);
    while ((de = readdir(d)) != NULL) {
        const char *q = de->d_name;
        uint64_t pid;

        if (ostat__scan_u64(&q, q + strlen(q), &pid) != 0 || *q != '\0') {
            continue;
        }
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 512;
            int64_t *a = realloc(t->pid, cap * sizeof(*a));
            int64_t *b = a ? realloc(t->ppid, cap * sizeof(*b)) : NULL;
            uint64_t *c = NULL;

            if (a != NULL) {
                t->pid = a;
            }
            if (b != NULL) {
                t->ppid = b;
                c = realloc(t->start, cap * sizeof(*c));
            }
            if (c == NULL) {
                closedir(d);
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            t->start = c;
            t->cap = cap;
        }
        if (peek_stat(ctx, (int64_t)pid, &t->ppid[t->n], &t->start[t->n]) ==
            0) {
            t->pid[t->n++] = (int64_t)pid;
        }
    }
    closedir(d);
    ostat__err_restore(&saved);
    return 0;
}

static int proc_children(struct lproc *lp, int recursive, ostat_list *l)
{
    struct ptab t = { NULL, NULL, NULL, 0, 0 };
    size_t i, head = 0;
    char *done = NULL;
    int rc;
    int64_t sf[SF_COUNT];
    int nsf;
    char state;

    if ((rc = fresh_stat(lp, sf, &nsf, &state)) != 0 ||
        (rc = ptab_read(lp->base.ctx, &t)) != 0) {
        ptab_free(&t);
        return rc;
    }
    done = calloc(t.n ? t.n : 1, 1);
    if (done == NULL) {
        ptab_free(&t);
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    /* Breadth first: the list itself is the queue of parents to visit. */
    for (i = 0; i < t.n && rc == 0; i++) {
        if (t.ppid[i] == lp->base.pid && t.start[i] >= lp->base.start) {
            done[i] = 1;
            rc = push_int(l, t.pid[i]);
        }
    }
    while (recursive && rc == 0 && head < ostat_list_count(l)) {
        int64_t parent = *(int64_t *)ostat__list_at(l, head++);
        uint64_t pstart = 0;

        for (i = 0; i < t.n; i++) {
            if (t.pid[i] == parent) {
                pstart = t.start[i];
            }
        }
        for (i = 0; i < t.n && rc == 0; i++) {
            if (!done[i] && t.ppid[i] == parent && t.start[i] >= pstart) {
                done[i] = 1;
                rc = push_int(l, t.pid[i]);
            }
        }
    }
    free(done);
    ptab_free(&t);
    return rc;
}

static int proc_threads(struct lproc *lp, ostat_list *l)
{
    char path_[OSTAT__PATH_MAX];
    char rel[320], comm[80], state;
    struct ostat__err_state saved;
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    double tck = (double)lp->base.ctx->clk_tck;
    struct dirent *de;
    int64_t sf[SF_COUNT];
    size_t cl;
    int nsf, rc;
    DIR *d;

    if ((rc = ostat__lproc_opendir(lp, "task", &d)) != 0) {
        return rc;
    }
    ostat__err_save(&saved);
    while ((de = readdir(d)) != NULL) {
        struct ostat_proc_thread *t;

        if (de->d_name[0] < '0' || de->d_name[0] > '9') {
            continue;
        }
        snprintf(rel, sizeof(rel), "task/%s/stat", de->d_name);
        rc = ostat__read_file_at_once(lp->dirfd, at(lp, rel, path_), b);
        if (rc == -ENOENT || rc == -ESRCH) {
            continue; /* the thread ended meanwhile */
        }
        if (rc != 0) {
            closedir(d);
            return ostat__lproc_err(lp, -rc, rel);
        }
        if (ostat__lproc_parse_stat(b->data, b->len, comm, sizeof(comm), &cl,
                                    &state, sf, &nsf) != 0) {
            closedir(d);
            return ostat__lproc_bad(lp, rel, "malformed");
        }
        t = ostat__list_push(l);
        if (t == NULL) {
            closedir(d);
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        t->size = sizeof(*t);
        t->id = atoll(de->d_name);
        t->user_time = (double)sf[SF_UTIME] / tck;
        t->system_time = (double)sf[SF_STIME] / tck;
        t->valid = OSTAT_PROC_THREAD_ID | OSTAT_PROC_THREAD_USER_TIME |
                   OSTAT_PROC_THREAD_SYSTEM_TIME;
    }
    closedir(d);
    ostat__err_restore(&saved);
    if (ostat_list_count(l) == 0 && ostat__lproc_zombie(lp) == -1) {
        return ostat__lproc_err(lp, ENOENT, "task");
    }
    return 0;
}

static int add_cpu(int32_t cpu, void *payload)
{
    return push_int(payload, cpu);
}

/* The CPUs the process may run on, from status's Cpus_allowed_list, read
 * afresh (psutil asks sched_getaffinity each time; status also serves a
 * recorded tree). The list is parsed where it lies in the buffer, whatever
 * its length. */
static int proc_cpu_affinity(struct lproc *lp, ostat_list *l)
{
    static const char key[] = "Cpus_allowed_list:";
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    const char *p, *end, *eol;
    int rc;

    if ((rc = ostat__lproc_read_once(lp, "status", b)) != 0) {
        return rc;
    }
    end = b->data + b->len;
    for (p = b->data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        if (ostat__starts(p, eol, key)) {
            p += sizeof(key) - 1;
            ostat__skip_blanks(&p, eol);
            if (ostat__cpu_list(p, eol, add_cpu, l) != 0) {
                return ostat__lproc_bad(lp, "status",
                                        "malformed Cpus_allowed_list");
            }
            return 0;
        }
    }
    return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                      "status has no Cpus_allowed_list");
}

int ostat__os_proc_list(ostat_proc *p,
                        enum ostat__proc_item what,
                        ostat_list *l)
{
    struct lproc *lp = L(p);
    const char *cmd;
    size_t n;
    int rc;

    switch (what) {
    case OSTAT__PL_CMDLINE:
        if ((rc = read_cmdline(lp, &cmd, &n)) != 0) {
            return rc;
        }
        return split_cmdline(cmd, n, push_string, l);
    case OSTAT__PL_ENVIRON:
        return proc_environ(lp, l);
    case OSTAT__PL_PARENTS:
        return proc_parents(lp, l);
    case OSTAT__PL_CHILDREN:
    case OSTAT__PL_CHILDREN_RECURSIVE:
        return proc_children(lp, what == OSTAT__PL_CHILDREN_RECURSIVE, l);
    case OSTAT__PL_THREADS:
        return proc_threads(lp, l);
    case OSTAT__PL_CPU_AFFINITY:
        return proc_cpu_affinity(lp, l);
    case OSTAT__PL_MEMORY_MAPS:
    case OSTAT__PL_MEMORY_MAPS_GROUPED:
        return ostat__lproc_memory_maps(
            lp, what == OSTAT__PL_MEMORY_MAPS_GROUPED, l);
    case OSTAT__PL_OPEN_FILES:
        return ostat__lproc_open_files(lp, l);
    default:
        return ostat__err(OSTAT_EINVAL, 0, NULL, "not a list item");
    }
}

/* ---- structs ------------------------------------------------------------- */

static int proc_footprint(struct lproc *lp,
                          struct ostat_proc_memory_footprint *f)
{
    char path_[OSTAT__PATH_MAX];
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    const char *p, *end, *eol;
    int rc =
        ostat__read_file_at_once(lp->dirfd, at(lp, "smaps_rollup", path_), b);

    /* smaps_rollup fails spuriously with ESRCH or ENOENT on live processes
     * (psutil #2107): smaps then, summed over every mapping. */
    if (rc == -ENOENT || rc == -ESRCH) {
        rc = ostat__read_file_at(lp->dirfd, at(lp, "smaps", path_), b);
    }
    if (rc != 0) {
        return ostat__lproc_err(lp, -rc, "smaps");
    }
    if (b->len == 0 && ostat__lproc_zombie(lp) == 1) {
        return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, 0, lp->base.pid, "smaps",
                              "pid %lld is a zombie", (long long)lp->base.pid);
    }
    end = b->data + b->len;
    for (p = b->data; p < end; p = eol + 1) {
        uint64_t *dst = NULL, v;
        const char *q;

        eol = ostat__eol(p, end);
        if (ostat__starts(p, eol, "Private_")) {
            dst = &f->uss;
        } else if (ostat__starts(p, eol, "Pss:")) {
            dst = &f->pss;
        } else if (ostat__starts(p, eol, "Swap:")) {
            dst = &f->swap;
        } else {
            continue;
        }
        q = memchr(p, ':', (size_t)(eol - p));
        if (q == NULL || (++q, ostat__scan_u64(&q, eol, &v)) != 0) {
            return ostat__lproc_bad(lp, "smaps", "expected a number of kB");
        }
        *dst += v * 1024;
    }
    f->valid = OSTAT_PROC_MEMORY_FOOTPRINT_USS |
               OSTAT_PROC_MEMORY_FOOTPRINT_PSS |
               OSTAT_PROC_MEMORY_FOOTPRINT_SWAP;
    return 0;
}

static int proc_io(struct lproc *lp, struct ostat_proc_io_counters *io)
{
#define KEY(k, field, bit)                                                     \
    {                                                                          \
        k, offsetof(struct ostat_proc_io_counters, field),                     \
            OSTAT_PROC_IO_COUNTERS_##bit                                       \
    }
    static const struct ostat__key keys[] = {
        KEY("syscr", read_count, READ_COUNT),
        KEY("syscw", write_count, WRITE_COUNT),
        KEY("read_bytes", read_bytes, READ_BYTES),
        KEY("write_bytes", write_bytes, WRITE_BYTES),
        KEY("rchar", read_chars, READ_CHARS),
        KEY("wchar", write_chars, WRITE_CHARS),
    };
#undef KEY
    struct ostat__buf *b = &lp->base.ctx->os->scratch;
    int rc = ostat__lproc_read_once(lp, "io", b);

    if (rc != 0) {
        return rc;
    }
    if (ostat__scan_keyed(b->data, b->len, keys, OSTAT__ARRAY_LEN(keys), 0, io,
                          &io->valid) != 0) {
        return ostat__lproc_bad(lp, "io", "expected a number");
    }
    if (io->valid == 0) {
        return ostat__lproc_bad(lp, "io", "no counters");
    }
    return 0;
}

int ostat__os_proc_struct(ostat_proc *p, enum ostat__proc_item what, void *out)
{
    struct lproc *lp = L(p);
    double tck = (double)p->ctx->clk_tck;
    uint64_t page = (uint64_t)p->ctx->page_size;
    int rc;

    switch (what) {
    case OSTAT__PT_UIDS:
    case OSTAT__PT_GIDS: {
        struct ostat_proc_ids *ids = out;
        const int64_t *v = what == OSTAT__PT_UIDS ? lp->uid : lp->gid;

        if ((rc = ostat__lproc_need_ids(lp)) != 0) {
            return rc;
        }
        if (what == OSTAT__PT_GIDS && !(lp->st_have & (1u << ST_GID))) {
            return ostat__lproc_bad(lp, "status", "no Gid line");
        }
        ids->real = v[0];
        ids->effective = v[1];
        ids->saved = v[2];
        ids->valid = OSTAT_PROC_IDS_REAL | OSTAT_PROC_IDS_EFFECTIVE |
                     OSTAT_PROC_IDS_SAVED;
        return 0;
    }
    case OSTAT__PT_CPU_TIMES: {
        struct ostat_proc_cpu_times *t = out;

        if ((rc = ostat__lproc_need_stat(lp)) != 0) {
            return rc;
        }
        t->user = (double)lp->v->sf[SF_UTIME] / tck;
        t->system = (double)lp->v->sf[SF_STIME] / tck;
        t->children_user = (double)lp->v->sf[SF_CUTIME] / tck;
        t->children_system = (double)lp->v->sf[SF_CSTIME] / tck;
        t->valid = OSTAT_PROC_CPU_TIMES_USER | OSTAT_PROC_CPU_TIMES_SYSTEM |
                   OSTAT_PROC_CPU_TIMES_CHILDREN_USER |
                   OSTAT_PROC_CPU_TIMES_CHILDREN_SYSTEM;
        if (lp->v->nsf > SF_BLKIO) {
            t->iowait = (double)lp->v->sf[SF_BLKIO] / tck;
            t->valid |= OSTAT_PROC_CPU_TIMES_IOWAIT;
        }
        return 0;
    }
    case OSTAT__PT_MEMORY_INFO: {
        static const struct {
            int key;
            size_t off;
            uint64_t bit;
        } ex[] = {
            { ST_VMHWM, offsetof(struct ostat_proc_memory_info, peak_rss),
              OSTAT_PROC_MEMORY_INFO_PEAK_RSS },
            { ST_VMPEAK, offsetof(struct ostat_proc_memory_info, peak_vms),
              OSTAT_PROC_MEMORY_INFO_PEAK_VMS },
            { ST_RSSANON, offsetof(struct ostat_proc_memory_info, rss_anon),
              OSTAT_PROC_MEMORY_INFO_RSS_ANON },
            { ST_RSSFILE, offsetof(struct ostat_proc_memory_info, rss_file),
              OSTAT_PROC_MEMORY_INFO_RSS_FILE },
            { ST_RSSSHMEM, offsetof(struct ostat_proc_memory_info, rss_shmem),
              OSTAT_PROC_MEMORY_INFO_RSS_SHMEM },
            { ST_VMSWAP, offsetof(struct ostat_proc_memory_info, swap),
              OSTAT_PROC_MEMORY_INFO_SWAP },
            { ST_HUGETLB, offsetof(struct ostat_proc_memory_info, hugetlb),
              OSTAT_PROC_MEMORY_INFO_HUGETLB },
        };
        struct ostat_proc_memory_info *m = out;
        size_t k;

        /* An iterator's row fills what its scan read: rss and vms come
         * from stat then, equal to statm's at the moment of each read. */
        if (lp->lazy && ((rc = ostat__lproc_need_statm(lp)) != 0 ||
                         (rc = ostat__lproc_need_status(lp)) != 0)) {
            return rc;
        }
        if (!lp->lazy && !(lp->have & HAVE_STATM)) {
            if ((rc = ostat__lproc_need_stat(lp)) != 0) {
                return rc;
            }
            m->vms = (uint64_t)lp->v->sf[SF_VSIZE];
            m->rss = (uint64_t)lp->v->sf[SF_RSS] * page;
            m->valid = OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS;
        } else {
            m->vms = lp->v->statm[0] * page;
            m->rss = lp->v->statm[1] * page;
            m->shared = lp->v->statm[2] * page;
            m->text = lp->v->statm[3] * page;
            m->data = lp->v->statm[5] * page;
            m->valid = OSTAT_PROC_MEMORY_INFO_RSS | OSTAT_PROC_MEMORY_INFO_VMS |
                       OSTAT_PROC_MEMORY_INFO_SHARED |
                       OSTAT_PROC_MEMORY_INFO_TEXT |
                       OSTAT_PROC_MEMORY_INFO_DATA;
        }
        if (!(lp->have & HAVE_STATUS)) {
            return 0;
        }
        /* Kernel threads and zombies have no Vm* lines: not valid. */
        for (k = 0; k < OSTAT__ARRAY_LEN(ex); k++) {
            if (lp->st_have & (1u << ex[k].key)) {
                memcpy((char *)m + ex[k].off, &lp->v->st[ex[k].key],
                       sizeof(uint64_t));
                m->valid |= ex[k].bit;
            }
        }
        return 0;
    }
    case OSTAT__PT_MEMORY_FOOTPRINT:
        return proc_footprint(lp, out);
    case OSTAT__PT_PAGE_FAULTS: {
        struct ostat_proc_page_faults *f = out;

        if ((rc = ostat__lproc_need_stat(lp)) != 0) {
            return rc;
        }
        f->minor = (uint64_t)lp->v->sf[SF_MINFLT];
        f->major = (uint64_t)lp->v->sf[SF_MAJFLT];
        f->valid = OSTAT_PROC_PAGE_FAULTS_MINOR | OSTAT_PROC_PAGE_FAULTS_MAJOR;
        return 0;
    }
    case OSTAT__PT_CTX_SWITCHES: {
        struct ostat_proc_ctx_switches *c = out;

        if ((rc = ostat__lproc_need_status(lp)) != 0) {
            return rc;
        }
        if (!(lp->st_have & (1u << ST_VOLUNTARY))) {
            return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                              "status has no ctxt_switches lines (Linux "
                              "before 2.6.23)");
        }
        c->voluntary = lp->v->st[ST_VOLUNTARY];
        c->involuntary = lp->v->st[ST_NONVOLUNTARY];
        c->valid = OSTAT_PROC_CTX_SWITCHES_VOLUNTARY |
                   OSTAT_PROC_CTX_SWITCHES_INVOLUNTARY;
        return 0;
    }
    case OSTAT__PT_IO_COUNTERS:
        return proc_io(lp, out);
    case OSTAT__PT_IONICE: {
        struct ostat_proc_ionice *io = out;
        long v =
            syscall(SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, (int)p->pid);

        if (!p->ctx->live) {
            return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                              "ionice needs the running system's /proc");
        }
        if (v < 0) {
            return ostat__lproc_err(lp, errno, "ioprio_get");
        }
        io->ioclass = (int32_t)(v >> 13);
        io->value = (int32_t)(v & 0x1fff);
        io->valid = OSTAT_PROC_IONICE_IOCLASS | OSTAT_PROC_IONICE_VALUE;
        return 0;
    }
    default:
        return ostat__err(OSTAT_EINVAL, 0, NULL, "not a struct item");
    }
}

/* ---- integers
 * ---------------------------------------------------------------- */

static int32_t status_of(char c)
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
    case 'x':
        return OSTAT_STATUS_DEAD;
    case 'K':
        return OSTAT_STATUS_WAKE_KILL;
    case 'W':
        return OSTAT_STATUS_WAKING;
    case 'I':
        return OSTAT_STATUS_IDLE;
    case 'P':
        return OSTAT_STATUS_PARKED;
    default:
        return OSTAT_STATUS_UNKNOWN;
    }
}

static int count_fds(struct lproc *lp, int64_t *out)
{
    struct dirent *de;
    int64_t n = 0;
    DIR *d;
    int rc;

    if ((rc = ostat__lproc_opendir(lp, "fd", &d)) != 0) {
        return rc;
    }
    while ((de = readdir(d)) != NULL) {
        n += de->d_name[0] != '.';
    }
    closedir(d);
    *out = n;
    return 0;
}

int ostat__os_proc_int(ostat_proc *p, enum ostat__proc_item what, int64_t *out)
{
    struct lproc *lp = L(p);
    int64_t sf[SF_COUNT];
    char state;
    int nsf, rc;

    if (what == OSTAT__PI_PPID && !lp->lazy && (lp->have & HAVE_STAT)) {
        *out = lp->v->sf[SF_PPID]; /* an iterator row: this scan's value */
        return 0;
    }
    if (what == OSTAT__PI_PPID) {
        /* Never from the snapshot: it changes when the parent exits. */
        if ((rc = fresh_stat(lp, sf, &nsf, &state)) == 0) {
            *out = sf[SF_PPID];
        }
        return rc;
    }
    if (what == OSTAT__PI_NUM_FDS) {
        return count_fds(lp, out);
    }
    if ((rc = ostat__lproc_need_stat(lp)) != 0) {
        return rc;
    }
    switch (what) {
    case OSTAT__PI_STATUS:
        *out = status_of(lp->v->state);
        return 0;
    case OSTAT__PI_NICE:
        *out = lp->v->sf[SF_NICE];
        return 0;
    case OSTAT__PI_NUM_THREADS:
        *out = lp->v->sf[SF_NUM_THREADS];
        return 0;
    case OSTAT__PI_CPU_NUM:
        if (lp->v->nsf <= SF_PROCESSOR) {
            return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                              "stat has no processor field");
        }
        *out = lp->v->sf[SF_PROCESSOR];
        return 0;
    default:
        return ostat__err(OSTAT_EINVAL, 0, NULL, "not an integer item");
    }
}

int ostat__os_proc_cpu_total(ostat_proc *p, double *out)
{
    int64_t sf[SF_COUNT];
    char state;
    int nsf, rc;

    if (!L(p)->lazy && (L(p)->have & HAVE_STAT)) {
        /* an iterator row: the times its scan read */
        sf[SF_UTIME] = L(p)->v->sf[SF_UTIME];
        sf[SF_STIME] = L(p)->v->sf[SF_STIME];
    } else if ((rc = fresh_stat(L(p), sf, &nsf, &state)) != 0) {
        return rc;
    }
    *out = (double)(sf[SF_UTIME] + sf[SF_STIME]) / (double)p->ctx->clk_tck;
    return 0;
}

/* ---- setters and actions
 * ----------------------------------------------------- */

static int act_err(struct lproc *lp, int err, const char *call)
{
    if (err == ESRCH) {
        return ostat__err_pid(OSTAT_ENOPROC, err, lp->base.pid, call,
                              "pid %lld no longer exists",
                              (long long)lp->base.pid);
    }
    if (err == EPERM || err == EACCES) {
        return ostat__err_pid(OSTAT_EACCES, err, lp->base.pid, call,
                              "%s on pid %lld: %s", call,
                              (long long)lp->base.pid, strerror(err));
    }
    if (err == EINVAL) {
        return ostat__err_pid(OSTAT_EINVAL, err, lp->base.pid, call, "%s: %s",
                              call, strerror(err));
    }
    return ostat__err_pid(OSTAT_EOS, err, lp->base.pid, call, "%s: %s", call,
                          strerror(err));
}

int ostat__os_proc_set_nice(ostat_proc *p, int32_t value)
{
    int rc = check_identity(L(p));

    if (rc == 0 && setpriority(PRIO_PROCESS, (id_t)p->pid, value) != 0) {
        rc = act_err(L(p), errno, "setpriority");
    }
    L(p)->have &= ~HAVE_STAT;
    return rc;
}

int ostat__os_proc_set_ionice(ostat_proc *p, int32_t ioclass, int32_t value)
{
    int rc = check_identity(L(p));

    if (rc == 0 && syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */,
                           (int)p->pid, (ioclass << 13) | value) != 0) {
        rc = act_err(L(p), errno, "ioprio_set");
    }
    return rc;
}

int ostat__os_proc_rlimit(ostat_proc *p,
                          int32_t resource,
                          const int64_t *set,
                          int64_t *soft,
                          int64_t *hard)
{
    struct rlimit nl, ol;
    int rc;

    if (!p->ctx->live) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "rlimit needs the running system's /proc");
    }
    if (set != NULL) {
        if ((rc = check_identity(L(p))) != 0) {
            return rc;
        }
        nl.rlim_cur = set[0] < 0 ? RLIM_INFINITY : (rlim_t)set[0];
        nl.rlim_max = set[1] < 0 ? RLIM_INFINITY : (rlim_t)set[1];
    }
    if (prlimit((pid_t)p->pid, resource, set ? &nl : NULL, set ? NULL : &ol) !=
        0) {
        if (errno == ENOSYS && ostat__lproc_zombie(L(p)) == 1) {
            return ostat__err_pid(OSTAT_ENOPROC_ZOMBIE, errno, p->pid,
                                  "prlimit", "pid %lld is a zombie",
                                  (long long)p->pid);
        }
        return act_err(L(p), errno, "prlimit");
    }
    if (set == NULL) {
        *soft = ol.rlim_cur == RLIM_INFINITY ? OSTAT_RLIM_INFINITY
                                             : (int64_t)ol.rlim_cur;
        *hard = ol.rlim_max == RLIM_INFINITY ? OSTAT_RLIM_INFINITY
                                             : (int64_t)ol.rlim_max;
    }
    return 0;
}

int ostat__os_proc_set_cpu_affinity(ostat_proc *p,
                                    const int32_t *cpus,
                                    size_t count)
{
    long nconf = sysconf(_SC_NPROCESSORS_CONF);
    int ncpu = (int)(nconf > 0 ? nconf : 1), top = ncpu, rc;
    size_t i, setsize;
    cpu_set_t *set;

    for (i = 0; i < count; i++) {
        if (cpus[i] < 0 || cpus[i] > OSTAT__MAX_CPU) {
            return ostat__err(OSTAT_EINVAL, 0, NULL, "no CPU %d", (int)cpus[i]);
        }
        if (cpus[i] >= top) {
            top = cpus[i] + 1;
        }
    }
    if ((rc = check_identity(L(p))) != 0) {
        return rc;
    }
    set = CPU_ALLOC(top);
    if (set == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    setsize = CPU_ALLOC_SIZE(top);
    CPU_ZERO_S(setsize, set);
    for (i = 0; i < (count ? count : (size_t)ncpu); i++) {
        CPU_SET_S(count ? (size_t)cpus[i] : i, setsize, set);
    }
    if (sched_setaffinity((pid_t)p->pid, setsize, set) != 0) {
        rc = act_err(L(p), errno, "sched_setaffinity");
    }
    CPU_FREE(set);
    L(p)->have &= ~HAVE_STATUS;
    return rc;
}

int ostat__os_proc_send_signal(ostat_proc *p, int32_t sig)
{
    int rc = check_identity(L(p));

    if (rc == 0 && kill((pid_t)p->pid, sig) != 0) {
        rc = act_err(L(p), errno, "kill");
    }
    return rc;
}

/* waitid's idtype for a pidfd (Linux 5.4), which older headers lack. */
#define OSTAT__P_PIDFD 3

/* The exit status in @si (waitid's), as ostat_proc_wait() gives it. */
static int32_t exit_status(const siginfo_t *si)
{
    return si->si_code == CLD_EXITED ? (int32_t)si->si_status
                                     : -(int32_t)si->si_status;
}

/* 0 while the handle's process runs, 1 when it ended and still holds its
 * pid (a zombie), 2 when it is gone (reaped, or its pid taken by another),
 * an error otherwise. */
static int has_ended(struct lproc *lp)
{
    struct ostat__err_state saved;
    char state = 0;
    int rc;

    ostat__err_save(&saved);
    if (lp->rel_len == 0 || lp->kept_fd > 0) {
        /* A handle holds its process's directory, and a row of a
         * refreshing iterator its stat file, which know their process
         * exactly; other rows have only the pid and start time. A task on
         * its way out (PF_EXITING) is still waited for: it ends as a
         * zombie or is gone. */
        struct ostat__buf *b = &lp->base.ctx->os->scratch;
        const char *rp;

        rc = read_stat_text(lp, b);
        rp = rc == 0 ? memrchr(b->data, ')', b->len) : NULL;
        state = rp != NULL && b->data + b->len - rp > 2 ? rp[2] : 0;
        rc = rc == 0 && state == 0 ? ostat__lproc_bad(lp, "stat", "malformed")
                                   : rc;
    } else {
        rc = identity_state(lp, &state);
    }
    if (ostat_err_is(rc, OSTAT_ENOPROC)) {
        ostat__err_restore(&saved);
        return 2;
    }
    if (rc != 0) {
        return rc;
    }
    return state == 'X' || state == 'x' ? 2 : state == 'Z';
}

/* Poll @fd, a pidfd, until it is readable or @timeout (< 0: forever) has
 * passed; 1 when readable. */
static int poll_pidfd(int fd, double timeout)
{
    double deadline = ostat__os_monotonic() + timeout;
    struct pollfd pfd;
    int r;

    pfd.fd = fd;
    pfd.events = POLLIN;
    for (;;) {
        double left = deadline - ostat__os_monotonic();
        int ms = timeout < 0 ? -1 : left <= 0 ? 0 : (int)(left * 1000 + 0.999);

        pfd.revents = 0;
        r = poll(&pfd, 1, ms);
        if (r >= 0 || errno != EINTR) {
            return r > 0;
        }
    }
}

/* Without pidfds (Linux < 5.3): look with a growing delay, as psutil does,
 * for the child's exit (waitid with WNOWAIT: wait4 rejects it) or the
 * process's end; has_ended()'s values, *child set for a child waiting to
 * be reaped, 0 on timeout. */
/* Whether @pid is an exited child of ours, not yet reaped (left so). */
static int child_exited(pid_t pid)
{
    siginfo_t si;

    memset(&si, 0, sizeof(si));
    return waitid(P_PID, (id_t)pid, &si,
                  WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 &&
           si.si_pid == pid;
}

static int poll_ended(struct lproc *lp, double timeout, int *child)
{
    double deadline = ostat__os_monotonic() + timeout, delay = 0.0001;
    pid_t pid = (pid_t)lp->base.pid;

    for (;;) {
        int r;

        if (child_exited(pid)) {
            *child = 1;
            return 1;
        }
        if ((r = has_ended(lp)) != 0) {
            return r;
        }
        if (timeout >= 0 && ostat__os_monotonic() >= deadline) {
            return 0;
        }
        ostat__os_sleep(delay);
        delay = delay * 2 > 0.04 ? 0.04 : delay * 2;
    }
}

/* psutil's wait(). The identity of the process is checked once a pidfd
 * is held: if the pid still names the handle's process then, the pidfd
 * names it too, and it is waited for and reaped through the pidfd, so a
 * newcomer that took the pid is neither waited for nor reaped. A process
 * already gone (or its pid reused) has ended, with no status to give. */
int ostat__os_proc_wait(ostat_proc *p, double timeout, int32_t *out)
{
    struct lproc *lp = L(p);
    int fd = -1, rc, child = 0;
    siginfo_t si;

    if (!p->ctx->live) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "wait needs the running system's /proc");
    }
    fd = open_pidfd(p->pid);
    rc = has_ended(lp);
    if (rc == 0) {
        rc =
            fd >= 0 ? poll_pidfd(fd, timeout) : poll_ended(lp, timeout, &child);
    }
    if (rc == 1 && fd < 0 && !child) {
        child = child_exited((pid_t)p->pid); /* reaped below */
    }
    if (rc <= 0 || rc == 2) {
        /* An error, a timeout, or gone: a pidfd may name a newcomer. */
        if (fd >= 0) {
            close(fd);
        }
        if (rc == 2) {
            *out = OSTAT_WAIT_NO_STATUS;
            return 0;
        }
        return rc < 0 ? rc
                      : ostat__err_pid(OSTAT_ETIMEDOUT, 0, p->pid, NULL,
                                       "pid %lld still runs after %g s",
                                       (long long)p->pid, timeout);
    }
    *out = OSTAT_WAIT_NO_STATUS;
    if (fd >= 0) {
        /* Reap through the pidfd (Linux 5.4); ECHILD: not our child. */
        memset(&si, 0, sizeof(si));
        do {
            rc = waitid((idtype_t)OSTAT__P_PIDFD, (id_t)fd, &si,
                        WEXITED | __WALL);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0 && si.si_pid != 0) {
            *out = exit_status(&si);
        }
        child = rc < 0 && errno == EINVAL; /* Linux 5.3: no P_PIDFD */
        close(fd);
    }
    if (child) {
        memset(&si, 0, sizeof(si));
        do {
            rc = waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOHANG | __WALL);
        } while (rc < 0 && errno == EINTR);
        if (rc == 0 && si.si_pid == (pid_t)p->pid) {
            *out = exit_status(&si);
        }
    }
    return 0;
}

/* ---- pids ---------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

int ostat__os_pids(ostat_ctx *ctx, ostat_list *list)
{
    struct dirent *de;
    DIR *d = opendir(ctx->procfs_root);
    size_t n;

    if (d == NULL) {
        return ostat__err_errno(errno, OSTAT_EOS, ctx->procfs_root);
    }
    while ((de = readdir(d)) != NULL) {
        const char *q = de->d_name;
        uint64_t pid;

        if (ostat__scan_u64(&q, q + strlen(q), &pid) != 0 || *q != '\0' ||
            pid > INT64_MAX) {
            continue;
        }
        if (push_int(list, (int64_t)pid) != 0) {
            closedir(d);
            return OSTAT_ENOMEM;
        }
    }
    closedir(d);
    n = ostat_list_count(list);
    if (n > 1) {
        qsort(ostat__list_at(list, 0), n, sizeof(int64_t), cmp_i64);
    }
    return 0;
}

/* Whether readdir of the procfs root lists @pid: thread ids are not
 * listed, only thread-group leaders. */
static int listed(ostat_ctx *ctx, ostat_pid_t pid)
{
    char name[32];
    struct dirent *de;
    DIR *d = opendir(ctx->procfs_root);
    int found = 0;

    if (d == NULL) {
        return 0;
    }
    snprintf(name, sizeof(name), "%lld", (long long)pid);
    while (!found && (de = readdir(d)) != NULL) {
        found = strcmp(de->d_name, name) == 0;
    }
    closedir(d);
    return found;
}

int ostat__os_pid_exists(ostat_ctx *ctx, ostat_pid_t pid, int *out)
{
    char rel[48];
    const char *data, *p, *end, *eol;
    size_t len;
    uint64_t tgid;
    struct ostat__err_state saved;

    *out = 0;
    if (pid == 0 || pid > INT32_MAX) {
        /* kill(0) means the process group and there is no /proc/0; no pid
         * is above pid_max (at most 2^22). */
        return 0;
    }
    if (ctx->live && kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
        return 0;
    }
    /* A thread id answers kill() too: only a thread-group leader counts. */
    snprintf(rel, sizeof(rel), "%lld/status", (long long)pid);
    ostat__err_save(&saved);
    if (ostat__lread(ctx, ctx->procfs_root, rel, OSTAT_ENOPROC, &data, &len) !=
        0) {
        /* Unreadable (hidepid, a security module) or gone: psutil's
         * fallback, whether pids() lists it. */
        ostat__err_restore(&saved);
        *out = listed(ctx, pid);
        return 0;
    }
    end = data + len;
    for (p = data; p < end; p = eol + 1) {
        eol = ostat__eol(p, end);
        if (ostat__starts(p, eol, "Tgid:")) {
            p += 5;
            *out =
                ostat__scan_u64(&p, eol, &tgid) == 0 && tgid == (uint64_t)pid;
            return 0;
        }
    }
    *out = listed(ctx, pid); /* no Tgid line (very old kernels) */
    return 0;
}
