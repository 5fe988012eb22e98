/* SPDX-License-Identifier: MIT */
/* w1_floor.c: the floor of W1, the least a program can do to produce the
 * values of one system snapshot on Linux. Each file is opened, read into a
 * fixed buffer and closed; /proc/meminfo serves both memory and swap; boot
 * time comes from two vDSO clock reads; the usage of a mount is one
 * statfs. Parsing is minimal but real: every value ends up as a number in
 * struct w1_snap. Nothing allocates. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "w1.h"

static char stat_buf[1 << 18];
static char meminfo_buf[1 << 14];
static char vmstat_buf[1 << 16];
static char loadavg_buf[256];
static char diskstats_buf[1 << 18];
static char netdev_buf[1 << 18];
static char filesystems_buf[1 << 14];
static char mounts_buf[1 << 20];
/* Whole records only, so a record never straddles two reads. */
static struct utmp utmp_buf[512];

struct floor_state {
    double tck;
    uint64_t page_size;
};

static struct floor_state floor_st;

static int fail(const char *what, int err)
{
    snprintf(bench_err, sizeof(bench_err), "floor: %s: %s", what,
             strerror(err));
    return -1;
}

/* open, read, close. With @all, read until read() gives 0: for the files
 * the kernel hands out a page at a time (diskstats, net/dev, mounts), where
 * one read that does not fill the buffer is not the end; without, one read.
 * The file must fit in cap - 1 bytes; the text is NUL-terminated. Returns
 * its length or -errno. */
static long slurp(const char *path, char *buf, size_t cap, int all)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t len = 0;
    ssize_t r;

    if (fd < 0) {
        return -errno;
    }
    for (;;) {
        if (len == cap - 1) {
            close(fd);
            return -EFBIG;
        }
        do {
            r = read(fd, buf + len, cap - 1 - len);
        } while (r < 0 && errno == EINTR);
        if (r <= 0) {
            break;
        }
        len += (size_t)r;
        if (!all && len < cap - 1) {
            break;
        }
    }
    if (r < 0) {
        int err = errno;

        close(fd);
        return -err;
    }
    close(fd);
    buf[len] = '\0';
    return (long)len;
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

static inline double scan_fixed(const char **pp)
{
    const char *p;
    double v = (double)scan_u64(pp), scale = 1;

    p = *pp;
    if (*p == '.') {
        p++;
        while ((unsigned)(*p - '0') < 10) {
            scale /= 10;
            v += (*p++ - '0') * scale;
        }
    }
    *pp = p;
    return v;
}

/* The start of the next line, or the terminating NUL. */
static inline const char *next_line(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));

    return nl ? nl + 1 : end;
}

/* /proc/stat: the "cpu" line and the "cpuN" lines that follow it. */
static int read_stat(struct w1_snap *out)
{
    const char *p = stat_buf, *end;
    long n = slurp("/proc/stat", stat_buf, sizeof(stat_buf), 0);
    size_t ncpu = 0;
    int have_total = 0;

    if (n < 0) {
        return fail("/proc/stat", (int)-n);
    }
    end = stat_buf + n;
    while (p[0] == 'c' && p[1] == 'p' && p[2] == 'u') {
        const char *q = p + 3;
        struct w1_cpu *t;
        int i;

        if (*q == ' ') {
            t = &out->total;
            t->cpu = -1;
            have_total = 1;
        } else {
            if (ncpu == W1_MAX_CPU) {
                return fail("/proc/stat", ENOBUFS);
            }
            t = &out->percpu[ncpu++];
            t->cpu = (int32_t)scan_u64(&q);
        }
        for (i = 0; i < 10 && *q == ' '; i++) {
            t->v[i] = (double)scan_u64(&q) / floor_st.tck;
        }
        if (i < 4) {
            return fail("/proc/stat: short cpu line", EINVAL);
        }
        for (; i < 10; i++) {
            t->v[i] = 0;
        }
        p = next_line(q, end);
    }
    if (!have_total || ncpu == 0) {
        return fail("/proc/stat: no cpu lines", EINVAL);
    }
    out->ncpu = ncpu;
    return 0;
}

/* The meminfo keys W1 needs, by name length. */
struct mkeys {
    uint64_t total, free, available, buffers, cached, active, inactive,
        swap_total, swap_free, shmem, slab, sreclaimable;
};

#define MKEYS_COUNT 12

static uint64_t *mkey(struct mkeys *m, const char *k, size_t len)
{
#define K(name, field)                                                         \
    if (memcmp(k, name, len) == 0) {                                           \
        return &m->field;                                                      \
    }
    switch (len) {
    case 4:
        K("Slab", slab);
        break;
    case 5:
        K("Shmem", shmem);
        break;
    case 6:
        K("Cached", cached);
        K("Active", active);
        break;
    case 7:
        K("MemFree", free);
        K("Buffers", buffers);
        break;
    case 8:
        K("MemTotal", total);
        K("Inactive", inactive);
        K("SwapFree", swap_free);
        break;
    case 9:
        K("SwapTotal", swap_total);
        break;
    case 12:
        K("MemAvailable", available);
        K("SReclaimable", sreclaimable);
        break;
    default:
        break;
    }
#undef K
    return NULL;
}

static int read_meminfo(struct w1_snap *out)
{
    struct mkeys m;
    const char *p = meminfo_buf, *end;
    long n = slurp("/proc/meminfo", meminfo_buf, sizeof(meminfo_buf), 0);
    int found = 0;
    uint64_t avail;

    if (n < 0) {
        return fail("/proc/meminfo", (int)-n);
    }
    end = meminfo_buf + n;
    memset(&m, 0, sizeof(m));
    while (p < end && found < MKEYS_COUNT) {
        const char *colon = memchr(p, ':', (size_t)(end - p));
        uint64_t *dst;

        if (colon == NULL) {
            return fail("/proc/meminfo: no ':'", EINVAL);
        }
        dst = mkey(&m, p, (size_t)(colon - p));
        p = colon + 1;
        if (dst != NULL) {
            uint64_t v = scan_u64(&p);

            if (p[0] == ' ' && p[1] == 'k') {
                v *= 1024;
            }
            *dst = v;
            found++;
        }
        p = next_line(p, end);
    }
    if (m.total == 0) {
        return fail("/proc/meminfo: no MemTotal", EINVAL);
    }
    avail = m.available ? m.available : m.free + m.cached;
    if (avail > m.total) {
        avail = m.free;
    }
    out->mem_total = m.total;
    out->mem_available = avail;
    out->mem_used = m.total - avail;
    out->mem_percent = (double)out->mem_used / (double)m.total * 100;
    out->mem_free = m.free;
    out->mem_active = m.active;
    out->mem_inactive = m.inactive;
    out->mem_buffers = m.buffers;
    out->mem_cached = m.cached + m.sreclaimable;
    out->mem_shared = m.shmem;
    out->mem_slab = m.slab;
    out->swap_total = m.swap_total;
    out->swap_free = m.swap_free < m.swap_total ? m.swap_free : m.swap_total;
    out->swap_used = out->swap_total - out->swap_free;
    out->swap_percent =
        out->swap_total ? (double)out->swap_used / (double)out->swap_total * 100
                        : 0;
    return 0;
}

static int read_vmstat(struct w1_snap *out)
{
    const char *p = vmstat_buf, *end;
    long n = slurp("/proc/vmstat", vmstat_buf, sizeof(vmstat_buf), 0);
    int found = 0;

    if (n < 0) {
        return fail("/proc/vmstat", (int)-n);
    }
    end = vmstat_buf + n;
    while (p < end && found < 2) {
        if (p[0] == 'p' && p[1] == 's' && p[2] == 'w' && p[3] == 'p') {
            if (memcmp(p + 4, "in ", 3) == 0) {
                p += 7;
                out->swap_sin = scan_u64(&p) * floor_st.page_size;
                found++;
            } else if (memcmp(p + 4, "out ", 4) == 0) {
                p += 8;
                out->swap_sout = scan_u64(&p) * floor_st.page_size;
                found++;
            }
        }
        p = next_line(p, end);
    }
    if (found < 2) {
        return fail("/proc/vmstat: no pswpin/pswpout", EINVAL);
    }
    return 0;
}

static int read_loadavg(struct w1_snap *out)
{
    const char *p = loadavg_buf;
    long n = slurp("/proc/loadavg", loadavg_buf, sizeof(loadavg_buf), 0);

    if (n < 0) {
        return fail("/proc/loadavg", (int)-n);
    }
    out->load1 = scan_fixed(&p);
    out->load5 = scan_fixed(&p);
    out->load15 = scan_fixed(&p);
    if (*p != ' ') {
        return fail("/proc/loadavg: expected three numbers", EINVAL);
    }
    return 0;
}

static int read_boot_time(struct w1_snap *out)
{
    struct timespec rt, bt;

    if (clock_gettime(CLOCK_REALTIME, &rt) != 0 ||
        clock_gettime(CLOCK_BOOTTIME, &bt) != 0) {
        return fail("clock_gettime", errno);
    }
    out->boot_time = ((double)rt.tv_sec + (double)rt.tv_nsec / 1e9) -
                     ((double)bt.tv_sec + (double)bt.tv_nsec / 1e9);
    return 0;
}

/* USER_PROCESS records of utmp; a missing file means nobody. */
static int read_users(struct w1_snap *out)
{
    int fd = open(_PATH_UTMP, O_RDONLY | O_CLOEXEC);
    size_t nusers = 0;
    uint64_t sum = 0;

    if (fd < 0) {
        if (errno == ENOENT) {
            out->nusers = 0;
            out->users_sum = 0;
            return 0;
        }
        return fail(_PATH_UTMP, errno);
    }
    for (;;) {
        ssize_t r = read(fd, utmp_buf, sizeof(utmp_buf));
        size_t off;

        if (r < 0) {
            int err = errno;

            if (err == EINTR) {
                continue;
            }
            close(fd);
            return fail(_PATH_UTMP, err);
        }
        for (off = 0; off + sizeof(struct utmp) <= (size_t)r;
             off += sizeof(struct utmp)) {
            const struct utmp *u = &utmp_buf[off / sizeof(struct utmp)];
            size_t hl;

            if (u->ut_type != USER_PROCESS) {
                continue;
            }
            hl = strnlen(u->ut_host, sizeof(u->ut_host));
            if (hl == 0 || (hl == 2 && memcmp(u->ut_host, ":0", 2) == 0) ||
                (hl == 4 && memcmp(u->ut_host, ":0.0", 4) == 0)) {
                hl = 9; /* "localhost" */
            }
            sum += (uint64_t)u->ut_pid + (uint64_t)u->ut_tv.tv_sec +
                   strnlen(u->ut_user, sizeof(u->ut_user)) +
                   strnlen(u->ut_line, sizeof(u->ut_line)) + hl;
            nusers++;
        }
        if ((size_t)r < sizeof(utmp_buf)) {
            break;
        }
    }
    close(fd);
    out->nusers = nusers;
    out->users_sum = sum;
    return 0;
}

/* /proc/diskstats: "major minor name" and 17 numbers (4.18 has 15, older
 * kernels 11; a 2.6 partition line has 4), into struct w1_disk's order. */
static const unsigned char disk_slot[W1_DISK_NFIELDS] = {
    0, 6, 2, 4, 1, 7, 3, 5, 9, 8, 10, 11, 12, 13, 14, 15, 16,
};
/* The 4 numbers of a 2.6 partition line: reads, sectors read, writes,
 * sectors written. */
static const unsigned char part_slot[4] = { 0, 2, 1, 3 };

static int read_diskstats(struct w1_snap *out)
{
    const char *p = diskstats_buf, *end;
    long n = slurp("/proc/diskstats", diskstats_buf, sizeof(diskstats_buf), 1);
    size_t nd = 0;

    if (n < 0) {
        return fail("/proc/diskstats", (int)-n);
    }
    end = diskstats_buf + n;
    while (p < end) {
        struct w1_disk *d;
        const char *name;
        uint64_t nums[W1_DISK_NFIELDS];
        unsigned k = 0, i;

        if (nd == W1_MAX_DISK) {
            return fail("/proc/diskstats", ENOBUFS);
        }
        d = &out->disk[nd++];
        scan_u64(&p);
        scan_u64(&p);
        while (*p == ' ') {
            p++;
        }
        name = p;
        while (*p != ' ' && *p != '\n' && *p != '\0') {
            p++;
        }
        w1_name(d->name, name, (size_t)(p - name));
        while (*p == ' ' && k < W1_DISK_NFIELDS) {
            nums[k++] = scan_u64(&p);
        }
        d->have = 0;
        if (k == 4) {
            for (i = 0; i < W1_DISK_NFIELDS; i++) {
                d->v[i] = 0;
            }
            for (i = 0; i < 4; i++) {
                d->v[part_slot[i]] = nums[i];
                d->have |= 1u << part_slot[i];
            }
        } else if (k >= 11) {
            k = k >= 17 ? 17 : k >= 15 ? 15 : 11;
            for (i = 0; i < W1_DISK_NFIELDS; i++) {
                d->v[disk_slot[i]] = i < k ? nums[i] : 0;
                if (i < k) {
                    d->have |= 1u << disk_slot[i];
                }
            }
        } else {
            return fail("/proc/diskstats: a line of an unknown format", EINVAL);
        }
        d->v[2] *= 512;
        d->v[3] *= 512;
        d->v[13] *= 512;
        p = next_line(p, end);
    }
    out->ndisk = nd;
    return 0;
}

/* /proc/net/dev: two header lines, then "name: " and 8 receive and 8
 * transmit counters (bytes packets errs drop fifo frame compressed
 * multicast | bytes packets errs drop fifo colls carrier compressed), into
 * struct w1_nic's order. The kernel refuses ':' in interface names. */
static const unsigned char nic_slot[W1_NIC_NFIELDS] = {
    1, 3, 4, 6, 10, 12, 14, 8, 0, 2, 5, 7, 11, 9, 13, 15,
};

static int read_netdev(struct w1_snap *out)
{
    const char *p = netdev_buf, *end;
    long n = slurp("/proc/net/dev", netdev_buf, sizeof(netdev_buf), 1);
    size_t nn = 0;

    if (n < 0) {
        return fail("/proc/net/dev", (int)-n);
    }
    end = netdev_buf + n;
    p = next_line(next_line(p, end), end);
    while (p < end) {
        const char *eol = next_line(p, end);
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        struct w1_nic *c;
        unsigned i;

        if (colon == NULL) {
            return fail("/proc/net/dev: no ':'", EINVAL);
        }
        if (nn == W1_MAX_NIC) {
            return fail("/proc/net/dev", ENOBUFS);
        }
        c = &out->nic[nn++];
        while (*p == ' ') {
            p++;
        }
        w1_name(c->name, p, (size_t)(colon - p));
        p = colon + 1;
        for (i = 0; i < W1_NIC_NFIELDS; i++) {
            c->v[nic_slot[i]] = scan_u64(&p);
        }
        c->have = (1u << W1_NIC_NFIELDS) - 1;
        p = eol;
    }
    out->nnic = nn;
    return 0;
}

/* The filesystem types on a device: /proc/filesystems lists them without
 * "nodev" (zfs is listed with it and counts too), as psutil decides. */
struct fstypes {
    const char *name[256];
    size_t len[256];
    size_t n;
};

static int read_filesystems(struct fstypes *t)
{
    const char *p = filesystems_buf, *end;
    long n =
        slurp("/proc/filesystems", filesystems_buf, sizeof(filesystems_buf), 0);

    if (n < 0) {
        return fail("/proc/filesystems", (int)-n);
    }
    end = filesystems_buf + n;
    t->n = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        int nodev = p[0] == 'n';

        if (eol == NULL) {
            eol = end;
        }
        if (tab == NULL || tab > eol) {
            return fail("/proc/filesystems: no tab", EINVAL);
        }
        if ((!nodev || (eol - tab == 4 && memcmp(tab + 1, "zfs", 3) == 0)) &&
            t->n < sizeof(t->name) / sizeof(t->name[0])) {
            t->name[t->n] = tab + 1;
            t->len[t->n++] = (size_t)(eol - tab - 1);
        }
        p = eol + 1;
    }
    return 0;
}

static int is_device_fs(const struct fstypes *t, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        if (t->len[i] == n && memcmp(t->name[i], s, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Decode the octal escapes of a mounts field in place (\040 for a space,
 * \011, \012, \134); most fields have none. Returns the new length. */
static size_t unescape(char *s, size_t n)
{
    char *r = s, *w = s, *e = s + n;

    if (memchr(s, '\\', n) == NULL) {
        return n;
    }
    while (r < e) {
        if (r[0] == '\\' && e - r >= 4 && (unsigned)(r[1] - '0') < 4 &&
            (unsigned)(r[2] - '0') < 8 && (unsigned)(r[3] - '0') < 8) {
            *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    return (size_t)(w - s);
}

/* "/dev/root" names the root device by its number: the name comes from
 * /sys/dev/block/MAJOR:MINOR/uevent, as ostat finds it. */
static size_t root_device(const char *mountpoint, char *dev, size_t cap)
{
    char path[64], buf[1024];
    struct stat st;
    const char *p, *end;
    long n;

    if (stat(mountpoint, &st) != 0) {
        return 0;
    }
    snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent",
             major(st.st_dev), minor(st.st_dev));
    if ((n = slurp(path, buf, sizeof(buf), 0)) < 0) {
        return 0;
    }
    end = buf + n;
    for (p = buf; p < end; p = next_line(p, end)) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));

        if (eol == NULL) {
            eol = end;
        }
        if (memcmp(p, "DEVNAME=", 8) == 0 && (size_t)(eol - p - 8) + 6 < cap) {
            memcpy(dev, "/dev/", 5);
            memcpy(dev + 5, p + 8, (size_t)(eol - p - 8));
            dev[5 + (eol - p - 8)] = '\0';
            return (size_t)(5 + (eol - p - 8));
        }
    }
    return 0;
}

/* The real mounts, psutil's disk_partitions(all=False): from
 * /proc/self/mounts (the file psutil reads; mountinfo says the same with
 * more text, which the kernel takes longer to write), the lines whose
 * source is not empty or "none" and whose type is on a device; then one
 * statfs each, with disk_usage's arithmetic. */
static int read_mounts(struct w1_snap *out)
{
    static struct fstypes types;
    static char rootdev[256];
    char *p = mounts_buf, *end;
    long n;
    size_t nm = 0, rl;

    if (read_filesystems(&types) != 0) {
        return -1;
    }
    n = slurp("/proc/self/mounts", mounts_buf, sizeof(mounts_buf), 1);
    if (n < 0) {
        return fail("/proc/self/mounts", (int)-n);
    }
    end = mounts_buf + n;
    while (p < end) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        char *dev = p, *mp, *fs, *sp;
        size_t dl, ml, fl;
        struct w1_mount *m;
        struct statfs st;
        uint64_t frsize, bfree;

        if (eol == NULL) {
            eol = end;
        }
        /* "source mountpoint type options 0 0", one space apart */
        if ((sp = memchr(p, ' ', (size_t)(eol - p))) == NULL) {
            return fail("/proc/self/mounts: a short line", EINVAL);
        }
        dl = (size_t)(sp - p);
        mp = sp + 1;
        if ((sp = memchr(mp, ' ', (size_t)(eol - mp))) == NULL) {
            return fail("/proc/self/mounts: a short line", EINVAL);
        }
        ml = (size_t)(sp - mp);
        fs = sp + 1;
        if ((sp = memchr(fs, ' ', (size_t)(eol - fs))) == NULL) {
            return fail("/proc/self/mounts: a short line", EINVAL);
        }
        fl = unescape(fs, (size_t)(sp - fs));
        p = eol + 1;
        if (dl == 0 || (dl == 4 && memcmp(dev, "none", 4) == 0) ||
            !is_device_fs(&types, fs, fl)) {
            continue;
        }
        dl = unescape(dev, dl);
        ml = unescape(mp, ml);
        mp[ml] = '\0';
        if (((dl == 9 && memcmp(dev, "/dev/root", 9) == 0) ||
             (dl == 6 && memcmp(dev, "rootfs", 6) == 0)) &&
            (rl = root_device(mp, rootdev, sizeof(rootdev))) > 0) {
            dev = rootdev;
            dl = rl;
        }
        if (nm == W1_MAX_MOUNT) {
            return fail("/proc/self/mounts", ENOBUFS);
        }
        if (statfs(mp, &st) != 0) {
            return fail(mp, errno);
        }
        m = &out->mount[nm++];
        w1_mount_names(m, dev, dl, mp, ml, fs, fl);
        frsize = st.f_frsize ? (uint64_t)st.f_frsize : (uint64_t)st.f_bsize;
        m->total = (uint64_t)st.f_blocks * frsize;
        bfree = (uint64_t)st.f_bfree * frsize;
        m->used = bfree < m->total ? m->total - bfree : 0;
        m->free = (uint64_t)st.f_bavail * frsize;
        m->percent = m->used + m->free
                         ? (double)m->used / (double)(m->used + m->free) * 100
                         : 0;
    }
    out->nmount = nm;
    return 0;
}

static int floor_init(void **state)
{
    long v = sysconf(_SC_CLK_TCK);

    floor_st.tck = v > 0 ? (double)v : 100;
    v = sysconf(_SC_PAGESIZE);
    floor_st.page_size = v > 0 ? (uint64_t)v : 4096;
    *state = &floor_st;
    return 0;
}

static long floor_snap(void *state)
{
    struct w1_snap *out = &w1_last;

    (void)state;
    if (read_stat(out) != 0 || read_meminfo(out) != 0 ||
        read_vmstat(out) != 0 || read_loadavg(out) != 0 ||
        read_boot_time(out) != 0 || read_users(out) != 0 ||
        read_diskstats(out) != 0 || read_netdev(out) != 0 ||
        read_mounts(out) != 0) {
        return -1;
    }
    return 1;
}

static void floor_fini(void *state)
{
    (void)state;
}

const struct bench_contender w1_floor = {
    "floor",
    "floor",
    "floor: open+read+close of /proc/stat, /proc/meminfo (memory and swap), "
    "/proc/vmstat, /proc/loadavg, utmp, /proc/diskstats, /proc/net/dev, "
    "/proc/filesystems and /proc/self/mounts, clock_gettime for boot time, "
    "statfs per real mount; fixed buffers, no allocation",
    floor_init,
    floor_snap,
    floor_fini,
};
