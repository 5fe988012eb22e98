/* SPDX-License-Identifier: MIT */
/* proc_iter.c: scanning every process (psutil's process_iter(attrs)).
 *
 * A scan lists the pids under the procfs root and walks them in ascending
 * order beside the sorted handles of the previous scan: a pid seen before
 * keeps its handle, a new pid gets one, a pid gone loses its own. Handles
 * read their files relative to one descriptor of the procfs root; from its
 * second scan on, a row also keeps its stat open and reads it again with
 * pread (no path lookup, and the row then knows its process exactly),
 * within a quarter of the soft limit on descriptors.
 *
 * What a refresh reuses, for the same pid and start time:
 * - the create time (it is the identity);
 * - the command line, and with it the name and exe, until an exec, noticed
 *   as a changed comm or changed start_code/start_stack in stat;
 * - the user and group ids, until the owner of /proc/PID changes (it
 *   follows the effective uid, which setuid() changes with the others).
 * Everything else is read again. The ids come from a pidfd rather than
 * status when they are all the fields need of it (proc.c). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

struct ostat_proc_iter {
    ostat_ctx *ctx;
    uint64_t fields;
    int rootfd;
    DIR *dir;
    /* this scan's pids, ascending */
    int64_t *pids;
    size_t npids, pids_cap, pos;
    int listed; /* pids hold this scan's list */
    /* handles of the previous scan, ascending by pid, and of this one */
    struct lproc **old, **cur;
    size_t nold, ncur, cap, oldpos;
    /* where handles come from: slabs of rows (the first one being carved,
     * the others full), slabs not yet used, and the rows given back */
    struct ostat__slab *slabs, *unused;
    size_t slab_used;
    struct lproc *spare;
    /* rows whose stat stays open between scans, and how many may */
    size_t kept, fd_budget;
    /* the values the current row read (proc.h) */
    struct lvals vals;
};

/* Handles are carved from slabs, so a scan of a thousand new processes
 * makes sixteen allocations, not a thousand, and a handle given back is
 * reused by the next new process. When an iterator is freed, its context
 * keeps its slabs for the next iterator (a program that makes one per
 * scan would otherwise give the heap back to the system and take it again,
 * page faults and all, at every scan); the context frees them with
 * itself. */
#define SLAB_ROWS 64
struct ostat__slab {
    struct ostat__slab *next;
    struct lproc rows[SLAB_ROWS];
};

void ostat__slabs_free(struct ostat__slab *slabs)
{
    while (slabs != NULL) {
        struct ostat__slab *next = slabs->next;

        free(slabs);
        slabs = next;
    }
}

static size_t slabs_count(const struct ostat__slab *slabs)
{
    size_t n = 0;

    for (; slabs != NULL; slabs = slabs->next) {
        n++;
    }
    return n;
}

#define NEED_STATUS (OSTAT_PF_NUM_CTX_SWITCHES | OSTAT_PF_MEMORY_INFO_EX)
#define NEED_IDS (OSTAT_PF_USERNAME | OSTAT_PF_UIDS | OSTAT_PF_GIDS)
#define NEED_CMDLINE (OSTAT_PF_CMDLINE | OSTAT_PF_EXE | OSTAT_PF_NAME)

/* How many rows may keep their stat open between scans: a quarter of the
 * soft limit on descriptors, so that the caller keeps the rest; none for a
 * procfs root that is not the running system's (a recorded tree's files
 * are not generated afresh by each read). */
static size_t fd_budget(ostat_ctx *ctx)
{
    struct rlimit rl;

    if (!ctx->live || getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        return 0;
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur / 4 > 65536) {
        return 65536;
    }
    return (size_t)(rl.rlim_cur / 4);
}

ostat_ctx *ostat__os_proc_iter_ctx(ostat_proc_iter *it)
{
    return it->ctx;
}

int ostat__os_proc_iter_new(ostat_ctx *ctx,
                            uint64_t fields,
                            ostat_proc_iter **out)
{
    ostat_proc_iter *it = calloc(1, sizeof(*it));
    int fd;

    if (it == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    it->ctx = ctx;
    it->fields = fields;
    it->fd_budget = fd_budget(ctx);
    it->unused = ctx->os->spare_slabs;
    ctx->os->spare_slabs = NULL;
    it->rootfd = open(ctx->procfs_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (it->rootfd < 0) {
        int err = errno;

        free(it);
        return ostat__err_errno(err, OSTAT_EOS, ctx->procfs_root);
    }
    fd = dup(it->rootfd);
    it->dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (it->dir == NULL) {
        int err = errno;

        if (fd >= 0) {
            close(fd);
        }
        close(it->rootfd);
        free(it);
        return ostat__err_errno(err, OSTAT_EOS, ctx->procfs_root);
    }
    *out = it;
    return 0;
}

/* A zeroed handle, or NULL when out of memory. */
static struct lproc *row_new(ostat_proc_iter *it)
{
    struct lproc *lp = it->spare;

    if (lp != NULL) {
        it->spare = lp->next_free;
    } else {
        if (it->slabs == NULL || it->slab_used == SLAB_ROWS) {
            struct ostat__slab *sl = it->unused;

            if (sl != NULL) {
                it->unused = sl->next;
            } else if ((sl = malloc(sizeof(*sl))) == NULL) {
                return NULL;
            }
            sl->next = it->slabs;
            it->slabs = sl;
            it->slab_used = 0;
        }
        lp = &it->slabs->rows[it->slab_used++];
    }
    memset(lp, 0, sizeof(*lp));
    return lp;
}

/* Give back what the row holds (its kept stat among them). */
static void row_release(ostat_proc_iter *it, struct lproc *lp)
{
    if (lp->kept_fd > 0) {
        it->kept--;
    }
    ostat__lproc_release(lp);
}

static void row_free(ostat_proc_iter *it, struct lproc *lp)
{
    row_release(it, lp);
    lp->next_free = it->spare;
    it->spare = lp;
}

void ostat__os_proc_iter_free(ostat_proc_iter *it)
{
    size_t i;

    /* In the middle of a scan, old[0..oldpos) have moved to cur or gone. */
    for (i = it->oldpos; i < it->nold; i++) {
        ostat__lproc_release(it->old[i]);
    }
    for (i = 0; i < it->ncur; i++) {
        ostat__lproc_release(it->cur[i]);
    }
    /* The context keeps one iterator's slabs: the larger set, should two
     * iterators have been alive at once. */
    if (it->unused != NULL) {
        struct ostat__slab *last = it->unused;

        while (last->next != NULL) {
            last = last->next;
        }
        last->next = it->slabs;
        it->slabs = it->unused;
    }
    if (slabs_count(it->slabs) >= slabs_count(it->ctx->os->spare_slabs)) {
        ostat__slabs_free(it->ctx->os->spare_slabs);
        it->ctx->os->spare_slabs = it->slabs;
    } else {
        ostat__slabs_free(it->slabs);
    }
    free(it->old);
    free(it->cur);
    free(it->pids);
    closedir(it->dir);
    close(it->rootfd);
    free(it);
}

/* The row handed out last is left: the values it read (the iterator's)
 * are about to be another row's. */
static void leave_row(ostat_proc_iter *it)
{
    if (it->ncur > 0) {
        it->cur[it->ncur - 1]->have = 0;
    }
}

/* Handles the scan did not reach go; this scan's become the old ones. */
static void finish_scan(ostat_proc_iter *it)
{
    struct lproc **t;

    leave_row(it);
    while (it->oldpos < it->nold) {
        row_free(it, it->old[it->oldpos++]);
    }
    t = it->old;
    it->old = it->cur;
    it->nold = it->ncur;
    it->cur = t;
    it->ncur = 0;
    it->oldpos = 0;
    it->listed = 0;
    it->pos = 0;
}

void ostat__os_proc_iter_rewind(ostat_proc_iter *it)
{
    /* Keep what the unfinished scan reached: the rest of the old handles
     * follow them in pid order. */
    while (it->oldpos < it->nold) {
        if (it->ncur == it->cap) {
            break; /* cannot happen: cap holds both lists */
        }
        it->cur[it->ncur++] = it->old[it->oldpos++];
    }
    finish_scan(it);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

static int list_pids(ostat_proc_iter *it)
{
    struct dirent *de;
    int sorted = 1;
    size_t need;

    rewinddir(it->dir);
    it->npids = 0;
    errno = 0;
    while ((de = readdir(it->dir)) != NULL) {
        const char *q = de->d_name;
        uint64_t pid = 0;
        unsigned d;
        int n;

        if (*q < '1' || *q > '9') {
            continue;
        }
        /* At most ten digits and nothing after them: no overflow. */
        for (n = 0; n < 11 && (d = (unsigned char)q[n] - '0') < 10; n++) {
            pid = pid * 10 + d;
        }
        if (q[n] != '\0' || pid > INT32_MAX) {
            continue;
        }
        if (it->npids == it->pids_cap) {
            size_t cap = it->pids_cap ? it->pids_cap * 2 : 1024;
            int64_t *p = realloc(it->pids, cap * sizeof(*p));

            if (p == NULL) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            it->pids = p;
            it->pids_cap = cap;
        }
        if (it->npids > 0 && it->pids[it->npids - 1] >= (int64_t)pid) {
            sorted = 0;
        }
        it->pids[it->npids++] = (int64_t)pid;
    }
    if (errno != 0) {
        return ostat__err_errno(errno, OSTAT_EOS, it->ctx->procfs_root);
    }
    if (!sorted) {
        qsort(it->pids, it->npids, sizeof(int64_t), cmp_i64);
    }
    /* Room for every handle of both scans, so a rewind never allocates. */
    need = it->npids + it->nold;
    if (need > it->cap) {
        size_t cap = need + need / 4 + 16;
        struct lproc **a = realloc(it->cur, cap * sizeof(*a));
        struct lproc **b;

        if (a == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        it->cur = a;
        b = realloc(it->old, cap * sizeof(*b));
        if (b == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        it->old = b;
        it->cap = cap;
    }
    it->listed = 1;
    it->pos = 0;
    return 0;
}

static void set_rel(struct lproc *lp, int64_t pid)
{
    /* Two digits at a time, from the right, then the whole moved up. */
    static const char pairs[] = "00010203040506070809"
                                "10111213141516171819"
                                "20212223242526272829"
                                "30313233343536373839"
                                "40414243444546474849"
                                "50515253545556575859"
                                "60616263646566676869"
                                "70717273747576777879"
                                "80818283848586878889"
                                "90919293949596979899";
    char digits[24];
    char *q = digits + sizeof(digits);
    uint64_t v = (uint64_t)pid;
    size_t n;

    while (v >= 100) {
        q -= 2;
        memcpy(q, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        q -= 2;
        memcpy(q, pairs + 2 * v, 2);
    } else {
        *--q = (char)('0' + v);
    }
    n = (size_t)(digits + sizeof(digits) - q);
    memcpy(lp->rel, q, n);
    lp->rel[n] = '/';
    lp->rel[n + 1] = '\0';
    lp->rel_len = n + 1;
}

/* The owner of /proc/PID, which follows the effective uid. */
static int dir_owner(ostat_proc_iter *it, struct lproc *lp, int64_t *uid)
{
    struct stat st;
    char name[24];
    size_t n = lp->rel_len;

    if (lp->kept_fd > 0) {
        /* Every file of /proc/PID has the directory's owner. */
        if (fstat(lp->kept_fd - 1, &st) != 0) {
            return -1;
        }
        *uid = (int64_t)st.st_uid;
        return 0;
    }
    memcpy(name, lp->rel, n - 1);
    name[n - 1] = '\0';
    if (fstatat(it->rootfd, name, &st, 0) != 0) {
        return -1;
    }
    *uid = (int64_t)st.st_uid;
    return 0;
}

/* Read the row's stat: a row seen in the previous scan keeps the file open
 * for the next ones (Linux generates it afresh at each read from offset
 * 0), within the iterator's budget of descriptors; a new row reads it by
 * path, since a single scan gains nothing from keeping it. 1 when the kept
 * file's process is gone and the pid, listed again, names another one,
 * read by path. */
static int read_stat(ostat_proc_iter *it, struct lproc *lp, int fresh)
{
    int rc;

    if (lp->kept_fd > 0) {
        rc = ostat__lproc_need_stat(lp);
        if (!ostat_err_is(rc, OSTAT_ENOPROC)) {
            return rc;
        }
        row_release(it, lp);
        rc = ostat__lproc_need_stat(lp);
        return rc != 0 ? rc : 1;
    }
    if (fresh || it->kept >= it->fd_budget) {
        return ostat__lproc_need_stat(lp);
    }
    rc = ostat__lproc_keep_stat(lp);
    if (rc == 0) {
        it->kept++;
        return 0;
    }
    if (ostat_error_last() != NULL &&
        (ostat_error_last()->os_errno == EMFILE ||
         ostat_error_last()->os_errno == ENFILE)) {
        it->fd_budget = it->kept; /* the process has no more to spare */
        return ostat__lproc_need_stat(lp);
    }
    return rc;
}

/* Bring one handle up to date for this scan; OSTAT_ENOPROC drops it. */
static int refresh_row(ostat_proc_iter *it, struct lproc *lp, int fresh)
{
    char prev_comm[sizeof(lp->comm)];
    size_t prev_len = lp->comm_len;
    uint64_t prev_start = lp->base.start, sig;
    int64_t owner = -1;
    int rc, had_ids = lp->have_ids;

    if (!fresh) {
        memcpy(prev_comm, lp->comm, prev_len); /* to notice an exec */
    }
    lp->have = 0;
    rc = read_stat(it, lp, fresh);
    if (rc == 1) {
        fresh = 1; /* the pid now names another process */
        rc = 0;
    }
    if (rc != 0) {
        /* Unreadable (hidepid) or malformed: the row is listed, but its
         * identity is unknown, so nothing cached for it is kept. */
        lp->base.start_err = rc;
        lp->have_cmdline = 0;
        lp->have_ids = 0;
        return rc;
    }
    lp->base.start_err = 0;
    sig = (uint64_t)lp->v->sf[SF_START_CODE] ^
          ((uint64_t)lp->v->sf[SF_START_STACK] << 1);
    if (fresh || (uint64_t)lp->v->sf[SF_STARTTIME] != prev_start) {
        /* A new process, or a new one under an old pid: nothing to keep. */
        lp->base.start = (uint64_t)lp->v->sf[SF_STARTTIME];
        lp->base.cpu_base_have = 0;
        lp->have_cmdline = 0;
        lp->have_ids = 0;
        lp->dir_uid = -1;
    } else if (sig != lp->code_sig || prev_len != lp->comm_len ||
               memcmp(prev_comm, lp->comm, prev_len) != 0) {
        lp->have_cmdline = 0; /* exec */
    }
    lp->code_sig = sig;
    if (it->fields & NEED_IDS) {
        if (ostat__lproc_kthread(lp)) {
            /* root's for life: nothing to check */
        } else if (!(had_ids && lp->have_ids &&
                     dir_owner(it, lp, &owner) == 0 && owner == lp->dir_uid)) {
            lp->have_ids = 0;
            lp->dir_uid = owner; /* -1 when unknown: guessed after reading */
        }
    } else {
        lp->have_ids = 0;
    }
    return 0;
}

/* Read ahead what the fields need; a field's own error stays for its
 * getter to report again, only a vanished process fails the row. Each
 * file is tried whatever became of the others: an unreadable status must
 * not keep statm or cmdline from being read. */
static int prefetch(ostat_proc_iter *it, struct lproc *lp)
{
    const char *cmd;
    size_t n;
    int rc;

    /* The errors recorded here do not reach the caller's detail:
     * ostat_proc_iter_next() puts that back when it hands out a row. */
    if ((it->fields & NEED_STATUS) ||
        ((it->fields & NEED_IDS) && !lp->have_ids)) {
        /* Only the ids: status stops being parsed at its Gid line. */
        rc = (it->fields & NEED_STATUS) ? ostat__lproc_need_status(lp)
                                        : ostat__lproc_need_ids(lp);
        if (rc == 0 && (it->fields & NEED_IDS) && lp->dir_uid < 0) {
            /* The owner of /proc/PID is the effective uid (root for a
             * process that is not dumpable): a guess that costs no
             * syscall. A wrong guess only means one more read of status
             * at the next scan, which then records the real owner. */
            lp->dir_uid = lp->uid[1];
        }
        if (rc == OSTAT_ENOPROC) {
            return rc;
        }
    }
    if (it->fields & OSTAT_PF_MEMORY_INFO_EX) {
        rc = ostat__lproc_need_statm(lp);
        if (rc == OSTAT_ENOPROC) {
            return rc;
        }
    }
    if ((it->fields & NEED_CMDLINE) &&
        ((it->fields & (OSTAT_PF_CMDLINE | OSTAT_PF_EXE)) ||
         lp->comm_len >= 15)) {
        rc = ostat__lproc_cmdline(lp, &cmd, &n);
        if (rc == OSTAT_ENOPROC) {
            return rc;
        }
    }
    return 0;
}

int ostat__os_proc_iter_next(ostat_proc_iter *it, ostat_proc **out)
{
    int rc;

    if (!it->listed && (rc = list_pids(it)) != 0) {
        return rc;
    }
    leave_row(it);
    while (it->pos < it->npids) {
        int64_t pid = it->pids[it->pos++];
        struct lproc *lp = NULL;
        int fresh = 0;

        while (it->oldpos < it->nold && it->old[it->oldpos]->base.pid < pid) {
            row_free(it, it->old[it->oldpos++]); /* gone */
        }
        if (it->oldpos < it->nold && it->old[it->oldpos]->base.pid == pid) {
            lp = it->old[it->oldpos++];
        } else {
            lp = row_new(it);
            if (lp == NULL) {
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            lp->base.ctx = it->ctx;
            lp->v = &it->vals;
            lp->base.pid = pid;
            lp->dirfd = it->rootfd;
            set_rel(lp, pid);
            fresh = 1;
        }
        rc = refresh_row(it, lp, fresh);
        if (rc == 0) {
            rc = prefetch(it, lp);
        }
        if (ostat_err_is(rc, OSTAT_ENOPROC) && rc != OSTAT_ENOPROC_ZOMBIE) {
            row_free(it, lp); /* vanished during the scan */
            continue;
        }
        it->cur[it->ncur++] = lp;
        *out = &lp->base;
        return 1;
    }
    finish_scan(it);
    return 0;
}
