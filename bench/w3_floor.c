/* SPDX-License-Identifier: MIT */
/* w3_floor.c: the floor of W3, the least a program can do on Linux to
 * read one process deeply. /proc/PID stays open as a directory; each
 * snapshot reads smaps_rollup (Pss, Private_*, Swap), lists fd/ once with
 * getdents64 (the count is num_fds), and for each descriptor reads its
 * link; for an absolute path it checks the type with fstatat through the
 * fd/ entry (psutil keeps regular files only) and reads fdinfo/N (pos,
 * flags); then io and status (the ctxt_switches lines). Fixed buffers,
 * no allocation. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "w3.h"

pid_t w3_target = -1;
struct w3_snap w3_last;

static char buf[1 << 14];
static char dents[1 << 14];

static struct {
    int dirfd;
} fl = { -1 };

static int fail(const char *what, int err)
{
    snprintf(bench_err, sizeof(bench_err), "floor: %s: %s", what,
             strerror(err));
    return -1;
}

static long slurp_at(int dirfd, const char *path, char *b, size_t cap)
{
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    ssize_t r;

    if (fd < 0) {
        return -errno;
    }
    r = read(fd, b, cap - 1);
    if (r < 0) {
        int err = errno;

        close(fd);
        return -err;
    }
    close(fd);
    b[r] = '\0';
    return (long)r;
}

static inline uint64_t scan_u64(const char **pp)
{
    const char *p = *pp;
    uint64_t v = 0;

    while (*p == ' ' || *p == '\t') {
        p++;
    }
    while ((unsigned)(*p - '0') < 10) {
        v = v * 10 + (uint64_t)(*p++ - '0');
    }
    *pp = p;
    return v;
}

/* The value after "key" at the start of a line, from @p on; the search
 * goes on from there (keys are looked up in file order). */
static int keyval(const char **pp, const char *key, size_t klen, uint64_t *v)
{
    const char *p = *pp;

    for (;;) {
        const char *nl;

        if (memcmp(p, key, klen) == 0) {
            p += klen;
            *v = scan_u64(&p);
            *pp = p;
            return 0;
        }
        nl = strchr(p, '\n');
        if (nl == NULL) {
            return -1;
        }
        p = nl + 1;
    }
}

#define KV(pp, key, v) keyval(pp, key, sizeof(key) - 1, v)

static int floor_init(void **state)
{
    char path[64];

    snprintf(path, sizeof(path), "/proc/%d", (int)w3_target);
    fl.dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fl.dirfd < 0) {
        return fail(path, errno);
    }
    *state = &fl;
    return 0;
}

static int read_fds(struct w3_snap *s)
{
    int fdd = openat(fl.dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ssize_t nd;

    if (fdd < 0) {
        return fail("fd", errno);
    }
    s->num_fds = s->nfiles = 0;
    s->files_sum = 0;
    while ((nd = getdents64(fdd, dents, sizeof(dents))) > 0) {
        ssize_t off = 0;

        while (off < nd) {
            struct dirent64 *de = (struct dirent64 *)(dents + off);
            char link[4096], info[300];
            const char *p;
            struct stat st;
            uint64_t pos = 0, flags = 0, fdn = 0;
            ssize_t ln;
            long n;

            off += de->d_reclen;
            if (de->d_name[0] == '.') {
                continue;
            }
            s->num_fds++;
            ln = readlinkat(fdd, de->d_name, link, sizeof(link) - 1);
            if (ln <= 0 || link[0] != '/') {
                continue; /* closed meanwhile, or a pipe, socket ... */
            }
            link[ln] = '\0';
            if (fstatat(fdd, de->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode)) {
                continue;
            }
            snprintf(info, sizeof(info), "fdinfo/%s", de->d_name);
            n = slurp_at(fl.dirfd, info, buf, sizeof(buf));
            if (n < 0) {
                continue;
            }
            p = buf;
            if (KV(&p, "pos:", &pos) != 0 || KV(&p, "flags:", &flags) != 0) {
                continue;
            }
            p = de->d_name;
            fdn = scan_u64(&p);
            s->nfiles++;
            s->files_sum += fdn + pos + (uint64_t)ln;
        }
    }
    close(fdd);
    s->files_complete = 1;
    return nd < 0 ? fail("getdents64 fd", errno) : 0;
}

static long floor_snap(void *state)
{
    struct w3_snap *s = &w3_last;
    uint64_t pc = 0, pd = 0, ph = 0;
    const char *p;
    long n;

    (void)state;
    n = slurp_at(fl.dirfd, "smaps_rollup", buf, sizeof(buf));
    if (n < 0) {
        return fail("smaps_rollup", (int)-n);
    }
    p = buf;
    if (KV(&p, "Pss:", &s->pss) != 0 || KV(&p, "Private_Clean:", &pc) != 0 ||
        KV(&p, "Private_Dirty:", &pd) != 0) {
        return fail("smaps_rollup: no Pss or Private lines", EINVAL);
    }
    /* In file order: Private_Hugetlb comes before Swap. */
    if (KV(&p, "Private_Hugetlb:", &ph) != 0) {
        ph = 0;
        p = buf;
    }
    if (KV(&p, "Swap:", &s->swap) != 0) {
        s->swap = 0;
    }
    s->pss *= 1024;
    s->swap *= 1024;
    s->uss = (pc + pd + ph) * 1024;

    if (read_fds(s) != 0) {
        return -1;
    }

    n = slurp_at(fl.dirfd, "io", buf, sizeof(buf));
    if (n < 0) {
        return fail("io", (int)-n);
    }
    p = buf;
    if (KV(&p, "rchar:", &s->io[4]) != 0 || KV(&p, "wchar:", &s->io[5]) != 0 ||
        KV(&p, "syscr:", &s->io[0]) != 0 || KV(&p, "syscw:", &s->io[1]) != 0 ||
        KV(&p, "read_bytes:", &s->io[2]) != 0 ||
        KV(&p, "write_bytes:", &s->io[3]) != 0) {
        return fail("io: malformed", EINVAL);
    }

    n = slurp_at(fl.dirfd, "status", buf, sizeof(buf));
    if (n < 0) {
        return fail("status", (int)-n);
    }
    p = buf;
    if (KV(&p, "voluntary_ctxt_switches:", &s->vol) != 0 ||
        KV(&p, "nonvoluntary_ctxt_switches:", &s->invol) != 0) {
        return fail("status: no ctxt_switches lines", EINVAL);
    }
    return 1;
}

static void floor_fini(void *state)
{
    (void)state;
    if (fl.dirfd >= 0) {
        close(fl.dirfd);
        fl.dirfd = -1;
    }
}

const struct bench_contender w3_floor = {
    "floor", "floor", NULL, floor_init, floor_snap, floor_fini,
};
