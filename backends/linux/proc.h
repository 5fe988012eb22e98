/* SPDX-License-Identifier: MIT */
/* proc.h: the Linux process handle, shared by proc.c, proc_files.c,
 * proc_iter.c and cgroup.c. */
#ifndef OSTAT_LINUX_PROC_H
#define OSTAT_LINUX_PROC_H

#include <dirent.h>

#include "linux.h"

/* The fields of /proc/PID/stat after the ")": index 0 is the state, the
 * others are man proc's field number minus 3. */
enum {
    SF_PPID = 1,
    SF_TTY_NR = 4,
    SF_FLAGS = 6,
    SF_MINFLT = 7,
    SF_MAJFLT = 9,
    SF_UTIME = 11,
    SF_STIME = 12,
    SF_CUTIME = 13,
    SF_CSTIME = 14,
    SF_NICE = 16,
    SF_NUM_THREADS = 17,
    SF_STARTTIME = 19,
    SF_VSIZE = 20,
    SF_RSS = 21,
    SF_START_CODE = 23, /* with start_stack, changes with an exec */
    SF_START_STACK = 25,
    SF_PROCESSOR = 36,
    SF_BLKIO = 39,
    SF_COUNT = 40
};

/* The fields above: the parser passes over the others without converting
 * them (they stay 0), which saves most of its work on rsslim, end_code and
 * the rest that nothing reads. */
#define SF_USED                                                                \
    ((1ull << SF_PPID) | (1ull << SF_TTY_NR) | (1ull << SF_FLAGS) |            \
     (1ull << SF_MINFLT) | (1ull << SF_MAJFLT) | (1ull << SF_UTIME) |          \
     (1ull << SF_STIME) | (1ull << SF_CUTIME) | (1ull << SF_CSTIME) |          \
     (1ull << SF_NICE) | (1ull << SF_NUM_THREADS) | (1ull << SF_STARTTIME) |   \
     (1ull << SF_VSIZE) | (1ull << SF_RSS) | (1ull << SF_START_CODE) |         \
     (1ull << SF_START_STACK) | (1ull << SF_PROCESSOR) | (1ull << SF_BLKIO))

/* /proc/PID/status lines kept. */
enum {
    ST_UID,
    ST_GID,
    ST_THREADS,
    ST_VOLUNTARY,
    ST_NONVOLUNTARY,
    ST_VMPEAK,
    ST_VMHWM,
    ST_RSSANON,
    ST_RSSFILE,
    ST_RSSSHMEM,
    ST_VMSWAP,
    ST_HUGETLB,
    ST_TGID,
    ST_COUNT
};

#define HAVE_STAT 1u
#define HAVE_STATUS 2u
#define HAVE_STATM 4u

/* What one read of stat, status and statm gave, and goes stale with the
 * next: a handle's own, or, for the rows of an iterator, the iterator's,
 * shared by its rows since a row is valid only until the next call on the
 * iterator (which also keeps the rows small). */
struct lvals {
    int64_t sf[SF_COUNT];
    uint64_t st[ST_COUNT]; /* kB values already in bytes */
    uint64_t statm[7];     /* in pages */
    int nsf;               /* how many fields the kernel wrote */
    char state;
};

struct lproc {
    struct ostat_proc base;
    int dirfd;
    unsigned have; /* HAVE_*: which of v's parts are this process's */
    struct lvals *v;
    /* stat: the name, kept to notice an exec */
    char comm[80];
    size_t comm_len;
    /* status */
    int64_t uid[3], gid[3];
    uint32_t st_have;
    /* for iterator rows (proc_iter.c) */
    int lazy;                  /* getters may read files the scan did not */
    char rel[24];              /* "<pid>/" when dirfd is the procfs root */
    size_t rel_len;            /* its length; 0: dirfd is /proc/PID */
    uint64_t code_sig;         /* start_code ^ start_stack, to notice exec */
    struct ostat__buf cmdline; /* kept across scans until an exec; its data
                                * is cmd_inline when that holds it */
    char cmd_inline[96];
    int have_cmdline;
    int have_ids;            /* uid and gid hold status's values */
    int64_t dir_uid;         /* owner of /proc/PID when they were read */
    struct lproc *next_free; /* an iterator's spare rows */
    int kept_fd; /* a row's stat kept open between scans, plus one; 0: none */
};

/* A kernel thread (PF_KTHREAD in stat's flags): its credentials are root's
 * and its command line is empty for its whole life, and no user process
 * can set the flag, so status and cmdline need not be read to know. */
static inline int ostat__lproc_kthread(const struct lproc *lp)
{
    return (lp->have & HAVE_STAT) && (lp->v->sf[SF_FLAGS] & 0x00200000) != 0;
}

static inline struct lproc *L(ostat_proc *p)
{
    return (struct lproc *)p;
}

/* Read @file of the process into @b until read() says the end (smaps,
 * maps, cgroup: a record at a time); errors mapped by psutil's rule:
 * OSTAT_EACCES, OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC, OSTAT_EOS. */
int ostat__lproc_read(struct lproc *lp, const char *file, struct ostat__buf *b);
/* The same for a file generated whole by one read (stat, status, cmdline,
 * io, environ). */
int ostat__lproc_read_once(struct lproc *lp,
                           const char *file,
                           struct ostat__buf *b);
/* Open the process's directory @dir ("fd", "task") for readdir. */
int ostat__lproc_opendir(struct lproc *lp, const char *dir, DIR **out);
/* Map errno @err from reading @file the same way. */
int ostat__lproc_err(struct lproc *lp, int err, const char *file);
/* 1 zombie, 0 alive, -1 gone. */
int ostat__lproc_zombie(struct lproc *lp);
/* OSTAT_EPARSE naming the process and @file. */
int ostat__lproc_bad(struct lproc *lp, const char *file, const char *why);
/* Read (or reuse) stat, status, statm. */
int ostat__lproc_need_stat(struct lproc *lp);
/* Read and parse stat as ostat__lproc_need_stat() does, and keep the file
 * open in kept_fd for later reads (iterator rows). */
int ostat__lproc_keep_stat(struct lproc *lp);
int ostat__lproc_need_status(struct lproc *lp);
int ostat__lproc_need_statm(struct lproc *lp);
/* Only the uid and gid lines of status, unless the whole was read. */
int ostat__lproc_need_ids(struct lproc *lp);
/* Hand a string back through the context's out buffer (a context is used
 * by one thread at a time, and the core copies the string out at once). */
int ostat__lproc_set_out(struct lproc *lp, const char *s, size_t n);
/* Parse a stat file's text; 0 or -1. @data[@len] must be '\0', as every
 * read buffer's is. */
int ostat__lproc_parse_stat(const char *data,
                            size_t len,
                            char *comm,
                            size_t comm_cap,
                            size_t *comm_len,
                            char *state,
                            int64_t *sf,
                            int *nsf);

/* The raw command line, read once and kept until a refresh (or, for
 * iterator rows, an exec). */
int ostat__lproc_cmdline(struct lproc *lp, const char **data, size_t *len);
/* Free what a handle holds besides itself. */
void ostat__lproc_release(struct lproc *lp);

/* proc_files.c */
int ostat__lproc_memory_maps(struct lproc *lp, int grouped, ostat_list *l);
int ostat__lproc_open_files(struct lproc *lp, ostat_list *l);
int ostat__lproc_cgroup(struct lproc *lp);

#endif
