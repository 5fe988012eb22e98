/* SPDX-License-Identifier: MIT */
/* w1_main.c: the W1 driver. It runs the C contenders and a psutil
 * co-process side by side in interleaved rounds, times every snapshot and
 * prints the median, p10 and p90 of each with their ratios.
 *
 *   w1 [--budget S] [--rounds N] [--warmup S] [--python PATH]
 *      [--psutil-script PATH | --no-psutil] [--no-breakdown]
 *   w1 --only NAME --count N     (N untimed snapshots, for callgrind/strace)
 *   w1 --list
 */
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <utmp.h>

#include "w1.h"

struct w1_snap w1_last;

static const struct bench_contender *const contenders[] = {
    &w1_floor,
    &w1_ostat_oneshot,
    &w1_ostat_plain,
#ifdef W1_HAVE_STATGRAB
    &w1_statgrab,
#endif
};

#define NCONTENDERS (sizeof(contenders) / sizeof(contenders[0]))
#define MAX_RUNNERS (NCONTENDERS + 1)

/* Each runner's snapshot for the value check, and the floor's just before
 * and just after it; large, so not on the stack. */
static struct w1_snap check_buf[MAX_RUNNERS];
static struct w1_snap before_buf[MAX_RUNNERS], after_buf[MAX_RUNNERS];

struct w1_opts {
    struct bench_opts b;
    int breakdown; /* time each file of the floor alone */
};

static int w1_flag(void *ctx, const char *a)
{
    struct w1_opts *o = ctx;

    if (strcmp(a, "--no-breakdown") == 0) {
        o->breakdown = 0;
        return 0;
    }
    return -1;
}

static const struct bench_driver driver = {
    "w1",
    "usage: w1 [--budget S] [--rounds N] [--warmup S] [--python PATH]\n"
    "          [--psutil-script PATH | --no-psutil] [--no-breakdown]\n"
    "       w1 --only NAME --count N\n"
    "       w1 --list\n",
    contenders,
    NCONTENDERS,
    w1_flag,
    NULL,
};

/* ---- --only ----------------------------------------------------------------
 */

/* The measured loop of --count, under the name bench/run gives callgrind
 * (--toggle-collect=w1_measured_loop). */
__attribute__((noinline)) int
w1_measured_loop(const struct bench_contender *c, void *state, long n);

__attribute__((noinline)) int
w1_measured_loop(const struct bench_contender *c, void *state, long n)
{
    return bench_snap_n(c, state, n);
}

static int count_mode(const struct bench_opts *o)
{
    const struct bench_contender *c = bench_find(&driver, o->only);

    if (c == NULL) {
        return 2;
    }
    return bench_count_mode(&driver, c, o->count, w1_measured_loop);
}

/* ---- value check ----------------------------------------------------------
 */

static int near(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* Free space may move either way between two reads on a busy machine: a
 * value within the floor's before and after, give or take this much. */
#define W1_FREE_SLACK (64u << 20)

static const char *const disk_field[W1_DISK_NFIELDS] = {
    "read_count",     "write_count",   "read_bytes",    "write_bytes",
    "read_time",      "write_time",    "read_merged",   "write_merged",
    "busy_time",      "in_flight",     "weighted_time", "discard_count",
    "discard_merged", "discard_bytes", "discard_time",  "flush_count",
    "flush_time",
};

static const char *const nic_field[W1_NIC_NFIELDS] = {
    "bytes_sent", "bytes_recv", "packets_sent", "packets_recv",
    "errin",      "errout",     "dropin",       "dropout",
    "multicast",  "collisions", "fifoin",       "fifoout",
    "frame",      "carrier",    "compressedin", "compressedout",
};

static int same_disks(const struct w1_snap *a, const struct w1_snap *b)
{
    size_t i;

    if (a->ndisk != b->ndisk) {
        return 0;
    }
    for (i = 0; i < a->ndisk; i++) {
        if (strcmp(a->disk[i].name, b->disk[i].name) != 0) {
            return 0;
        }
    }
    return 1;
}

static int same_nics(const struct w1_snap *a, const struct w1_snap *b)
{
    size_t i;

    if (a->nnic != b->nnic) {
        return 0;
    }
    for (i = 0; i < a->nnic; i++) {
        if (strcmp(a->nic[i].name, b->nic[i].name) != 0) {
            return 0;
        }
    }
    return 1;
}

static int same_mount(const struct w1_mount *a, const struct w1_mount *b)
{
    return a->mountpoint_hash == b->mountpoint_hash &&
           a->device_hash == b->device_hash && a->fstype_hash == b->fstype_hash;
}

static int same_mounts(const struct w1_snap *a, const struct w1_snap *b)
{
    size_t i;

    if (a->nmount != b->nmount) {
        return 0;
    }
    for (i = 0; i < a->nmount; i++) {
        if (!same_mount(&a->mount[i], &b->mount[i])) {
            return 0;
        }
    }
    return 1;
}

/* @x between @lo and @hi, whichever is larger, give or take @slack. */
static int between(uint64_t x, uint64_t lo, uint64_t hi, uint64_t slack)
{
    uint64_t t;

    if (lo > hi) {
        t = lo;
        lo = hi;
        hi = t;
    }
    lo = lo > slack ? lo - slack : 0;
    return x >= lo && x - lo <= hi - lo + slack;
}

/* The disks, NICs and mounts of contender snapshot @x against the floor's
 * reads @b just before it and @a just after. 0, or 1 with what disagrees
 * in @why. A table that changed between @b and @a is only compared by
 * name. With @superset (libstatgrab), @x may list more mounts than the
 * floor's real ones and in another order: each of the floor's must be
 * there, by mount point and type. */
static int check_tables(const struct w1_snap *x,
                        const struct w1_snap *b,
                        const struct w1_snap *a,
                        int superset,
                        char *why,
                        size_t cap)
{
    size_t i, j, k;

    if (!same_disks(x, b) && !same_disks(x, a)) {
        snprintf(why, cap, "the disks (%zu, the floor %zu)", x->ndisk,
                 b->ndisk);
        return 1;
    }
    for (i = 0; same_disks(b, a) && i < x->ndisk; i++) {
        for (k = 0; k < W1_DISK_NFIELDS; k++) {
            if (k != W1_DISK_IN_FLIGHT && (x->disk[i].have & 1u << k) &&
                (b->disk[i].have & 1u << k) &&
                !between(x->disk[i].v[k], b->disk[i].v[k], a->disk[i].v[k],
                         0)) {
                snprintf(why, cap, "disk %s %s", x->disk[i].name,
                         disk_field[k]);
                return 1;
            }
        }
    }
    if (!same_nics(x, b) && !same_nics(x, a)) {
        snprintf(why, cap, "the NICs (%zu, the floor %zu)", x->nnic, b->nnic);
        return 1;
    }
    for (i = 0; same_nics(b, a) && i < x->nnic; i++) {
        for (k = 0; k < W1_NIC_NFIELDS; k++) {
            if ((x->nic[i].have & 1u << k) && (b->nic[i].have & 1u << k) &&
                !between(x->nic[i].v[k], b->nic[i].v[k], a->nic[i].v[k], 0)) {
                snprintf(why, cap, "NIC %s %s", x->nic[i].name, nic_field[k]);
                return 1;
            }
        }
    }
    if (!superset && !same_mounts(x, b) && !same_mounts(x, a)) {
        snprintf(why, cap, "the real mounts (%zu, the floor %zu)", x->nmount,
                 b->nmount);
        return 1;
    }
    if (!same_mounts(b, a)) {
        return 0;
    }
    for (i = 0; i < b->nmount; i++) {
        const struct w1_mount *f = &b->mount[i], *m = NULL;

        for (j = 0; j < x->nmount && m == NULL; j++) {
            if (superset ? x->mount[j].mountpoint_hash == f->mountpoint_hash &&
                               x->mount[j].fstype_hash == f->fstype_hash
                         : j == i) {
                m = &x->mount[j];
            }
        }
        if (m == NULL) {
            snprintf(why, cap, "mount %s is missing", f->mountpoint);
            return 1;
        }
        if (m->total != f->total ||
            !between(m->free, f->free, a->mount[i].free, W1_FREE_SLACK) ||
            !between(m->used, f->used, a->mount[i].used, W1_FREE_SLACK)) {
            snprintf(why, cap, "the usage of %s", f->mountpoint);
            return 1;
        }
    }
    return 0;
}

/* psutil's sums of name hashes and counters (its "ready" line) against
 * the floor's reads before and after it started. */
static const char *check_py_tables(const struct bench_py *py,
                                   const struct w1_snap *b,
                                   const struct w1_snap *a)
{
    const struct w1_snap *s[2] = { b, a };
    uint64_t names[2][3], count[2][3], sum[2][3];
    double v;
    size_t i, k;

    for (k = 0; k < 2; k++) {
        memset(names[k], 0, sizeof(names[k]));
        memset(sum[k], 0, sizeof(sum[k]));
        count[k][0] = s[k]->ndisk;
        count[k][1] = s[k]->nnic;
        count[k][2] = s[k]->nmount;
        for (i = 0; i < s[k]->ndisk; i++) {
            names[k][0] +=
                w1_hash(s[k]->disk[i].name, strlen(s[k]->disk[i].name));
            sum[k][0] += s[k]->disk[i].v[0];
        }
        for (i = 0; i < s[k]->nnic; i++) {
            names[k][1] +=
                w1_hash(s[k]->nic[i].name, strlen(s[k]->nic[i].name));
            sum[k][1] += s[k]->nic[i].v[3];
        }
        for (i = 0; i < s[k]->nmount; i++) {
            names[k][2] += s[k]->mount[i].mountpoint_hash;
            sum[k][2] += s[k]->mount[i].total;
        }
    }
    if ((v = bench_py_hello_num(py, "disks")) >= 0 &&
        (v != (double)count[0][0] && v != (double)count[1][0])) {
        return "the number of disks";
    }
    if ((v = bench_py_hello_num(py, "disk_names")) >= 0 &&
        v != (double)names[0][0] && v != (double)names[1][0]) {
        return "the disk names";
    }
    if ((v = bench_py_hello_num(py, "disk_reads")) >= 0 &&
        count[0][0] == count[1][0] &&
        (v < (double)sum[0][0] || v > (double)sum[1][0])) {
        return "the disks' read_count";
    }
    if ((v = bench_py_hello_num(py, "nics")) >= 0 && v != (double)count[0][1] &&
        v != (double)count[1][1]) {
        return "the number of NICs";
    }
    if ((v = bench_py_hello_num(py, "nic_names")) >= 0 &&
        v != (double)names[0][1] && v != (double)names[1][1]) {
        return "the NIC names";
    }
    if ((v = bench_py_hello_num(py, "nic_packets_recv")) >= 0 &&
        count[0][1] == count[1][1] &&
        (v < (double)sum[0][1] || v > (double)sum[1][1])) {
        return "the NICs' packets_recv";
    }
    if ((v = bench_py_hello_num(py, "mounts")) >= 0 &&
        v != (double)count[0][2] && v != (double)count[1][2]) {
        return "the number of real mounts";
    }
    if ((v = bench_py_hello_num(py, "mount_points")) >= 0 &&
        v != (double)names[0][2] && v != (double)names[1][2]) {
        return "the mount points";
    }
    if ((v = bench_py_hello_num(py, "mount_total")) >= 0 &&
        v != (double)sum[0][2] && v != (double)sum[1][2]) {
        return "the mounts' total sizes";
    }
    return NULL;
}

/* Compare the values each contender gave with the floor's: the ones that
 * do not move between two reads must agree. */
static void
check_values(struct bench_runner *rs, size_t n, const struct bench_py *py)
{
    const struct w1_snap *f = &check_buf[0];
    char why[160];
    size_t i;
    int bad = 0;

    for (i = 1; i < n; i++) {
        const struct w1_snap *x = &check_buf[i];
        const char *what = NULL;
        int whole_sec =
            rs[i].c == NULL || strcmp(rs[i].c->name, "statgrab") == 0;

        if (rs[i].failed) {
            continue;
        }
        if (rs[i].c == NULL) {
            double v;

            if ((v = bench_py_hello_num(py, "ncpu")) >= 0 &&
                (size_t)v != f->ncpu) {
                what = "ncpu";
            } else if ((v = bench_py_hello_num(py, "mem_total")) >= 0 &&
                       (uint64_t)v != f->mem_total) {
                what = "mem_total";
            } else if ((v = bench_py_hello_num(py, "swap_total")) >= 0 &&
                       (uint64_t)v != f->swap_total) {
                what = "swap_total";
            } else if ((v = bench_py_hello_num(py, "users")) >= 0 &&
                       (size_t)v != f->nusers) {
                what = "users";
            } else if ((v = bench_py_hello_num(py, "boot_time")) >= 0 &&
                       !near(v, f->boot_time, 1.5)) {
                what = "boot_time";
            } else {
                what = check_py_tables(py, &before_buf[i], &after_buf[i]);
            }
        } else if (x->ncpu != 0 && x->ncpu != f->ncpu) {
            what = "ncpu";
        } else if (x->mem_total != f->mem_total) {
            what = "mem_total";
        } else if (x->swap_total != f->swap_total) {
            what = "swap_total";
        } else if (x->nusers != f->nusers || x->users_sum != f->users_sum) {
            what = "users";
        } else if (!near(x->boot_time, f->boot_time, whole_sec ? 1.5 : 0.01)) {
            what = "boot_time";
        } else if (!near(x->total.v[0], f->total.v[0], 1.0) ||
                   !near(x->total.v[2], f->total.v[2], 1.0)) {
            what = "cpu_times";
        } else if (x->ncpu != 0 &&
                   !near(x->percpu[0].v[3], f->percpu[0].v[3], 1.0)) {
            what = "percpu idle";
        } else if (!whole_sec && (x->swap_sin != f->swap_sin ||
                                  !near(x->load15, f->load15, 0.05))) {
            what = "swap sin or load";
        } else if (check_tables(x, &before_buf[i], &after_buf[i], whole_sec,
                                why, sizeof(why)) != 0) {
            what = why;
        }
        if (what != NULL) {
            printf("warning: %s disagrees with the floor on %s\n", rs[i].label,
                   what);
            bad = 1;
        }
    }
    if (!bad) {
        printf("values: every contender agrees with the floor (cpus, memory "
               "and swap totals, users, boot time, cpu times; disk and NIC "
               "names, and their counters between the floor's reads before "
               "and after; mount points, devices, types, sizes, and used and "
               "free space within 64 MiB)\n");
    }
}

/* ---- report -------------------------------------------------------------- */

/* One snapshot of @r into @dst, from a cleared w1_last. */
static void snap_into(struct bench_runner *r, struct w1_snap *dst)
{
    memset(&w1_last, 0, sizeof(w1_last));
    bench_runner_snap(r);
    *dst = w1_last;
}

static long file_len(const char *path)
{
    char buf[1 << 16];
    long total = 0;
    ssize_t r;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        return -1;
    }
    while ((r = read(fd, buf, sizeof(buf))) > 0) {
        total += r;
    }
    close(fd);
    return total;
}

static void machine_line(const struct w1_snap *f)
{
    struct utsname u;
    long utmp = file_len(_PATH_UTMP);

    if (uname(&u) != 0) {
        strcpy(u.release, "?");
    }
    printf("machine: %zu CPUs, %zu disks, %zu NICs, %zu real mounts, Linux "
           "%s; /proc/stat %ld B, /proc/meminfo %ld B, /proc/vmstat %ld B, "
           "/proc/diskstats %ld B, /proc/net/dev %ld B, /proc/self/mounts %ld "
           "B, /proc/self/mountinfo %ld B, ",
           f->ncpu, f->ndisk, f->nnic, f->nmount, u.release,
           file_len("/proc/stat"), file_len("/proc/meminfo"),
           file_len("/proc/vmstat"), file_len("/proc/diskstats"),
           file_len("/proc/net/dev"), file_len("/proc/self/mounts"),
           file_len("/proc/self/mountinfo"));
    if (utmp < 0) {
        printf("%s absent (users() finds nobody)\n", _PATH_UTMP);
    } else {
        printf("%s %ld B\n", _PATH_UTMP, utmp);
    }
}

/* Where the floor's time goes: each file's open + read + close alone,
 * without parsing, read as the floor reads it (once, or until read() gives
 * 0), and the statfs of each real mount, timed for @seconds each. The
 * floor does not read mountinfo: it is shown for comparison, outside the
 * sum. */
static void breakdown(double seconds, double floor_med, const struct w1_snap *f)
{
    static const struct {
        const char *path, *label;
        int whole, in_sum;
    } files[] = {
        { "/proc/stat", "stat", 0, 1 },
        { "/proc/meminfo", "meminfo", 0, 1 },
        { "/proc/vmstat", "vmstat", 0, 1 },
        { "/proc/loadavg", "loadavg", 0, 1 },
        { _PATH_UTMP, "utmp", 0, 1 },
        { "/proc/diskstats", "diskstats", 1, 1 },
        { "/proc/net/dev", "net/dev", 1, 1 },
        { "/proc/filesystems", "filesystems", 0, 1 },
        { "/proc/self/mounts", "mounts", 1, 1 },
        { NULL, "statfs", 0, 1 },
        { "/proc/self/mountinfo", "mountinfo", 1, 0 },
    };
    static char buf[1 << 18];
    double sum = 0;
    size_t k, m;

    printf("floor by file, median us of open+read+close without parsing:");
    for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
        struct bench_series s = { NULL, 0, 0 };
        uint64_t start = bench_now_ns(), t0, t1;
        double med;

        do {
            t0 = bench_now_ns();
            if (files[k].path == NULL) {
                /* every real mount's statfs */
                for (m = 0; m < f->nmount; m++) {
                    struct statfs st;

                    statfs(f->mount[m].mountpoint, &st);
                }
            } else {
                int fd = open(files[k].path, O_RDONLY | O_CLOEXEC);

                if (fd >= 0) {
                    ssize_t r;

                    while ((r = read(fd, buf, sizeof(buf))) > 0 &&
                           files[k].whole) {
                    }
                    if (r < 0) {
                        perror("w1: read");
                    }
                    close(fd);
                }
            }
            t1 = bench_now_ns();
            bench_push(&s, t1 - t0);
        } while (t1 - start < (uint64_t)(seconds * 1e9));
        bench_sort(&s);
        med = bench_quantile(&s, 0.5, 1000);
        if (files[k].in_sum) {
            sum += med;
            printf("%s %s %.2f", k ? "," : "", files[k].label, med);
        } else {
            printf("; sum %.2f", sum);
            if (!isnan(floor_med)) {
                printf(" of the floor's %.2f", floor_med);
            }
            printf(" (not read: %s %.2f)", files[k].label, med);
        }
        free(s.v);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    struct w1_opts o = { BENCH_OPTS_INIT, 1 };
    struct bench_runner rs[MAX_RUNNERS];
    struct bench_py py;
    size_t n, i, ostat_i = 1, statgrab_i, py_i = 0;
    double med[MAX_RUNNERS];
    int have_py = 0;

    memset(&py, 0, sizeof(py));
    if (bench_parse_args(&driver, argc, argv, &o.b, &o) != 0) {
        return 2;
    }
    if (o.b.only != NULL) {
        return count_mode(&o.b);
    }
    signal(SIGPIPE, SIG_IGN);
    memset(rs, 0, sizeof(rs));
    n = bench_runners_init(rs, contenders, NCONTENDERS);
    statgrab_i = bench_runner_index(rs, n, "statgrab");
    if (o.b.psutil_script != NULL) {
        /* psutil's values for the check come from its first snapshot,
         * taken as it starts: the floor reads just before and after. */
        snap_into(&rs[0], &before_buf[n]);
        have_py = bench_runner_py(&rs[n], &py, &o.b, NULL, 0);
        snap_into(&rs[0], &after_buf[n]);
        py_i = n++;
    }

    /* One snapshot each for the value check, with the floor's just before
     * and just after each other contender's; then the warm-up and the
     * interleaved rounds. */
    for (i = 0; i < n; i++) {
        if (i > 0 && rs[i].c != NULL) {
            snap_into(&rs[0], &before_buf[i]);
        }
        snap_into(&rs[i], &check_buf[i]);
        if (i > 0 && rs[i].c != NULL) {
            snap_into(&rs[0], &after_buf[i]);
        }
    }
    bench_rounds(rs, n, &py, o.b.warmup, o.b.budget, o.b.rounds);
    if (have_py) {
        bench_py_stop(&py);
    }

    printf("W1 system snapshot (cpu_times, cpu_times percpu, virtual_memory, "
           "swap_memory, getloadavg, boot_time, users, disk_io_counters "
           "perdisk, net_io_counters pernic, disk_usage of each real "
           "mount)\n");
    machine_line(&check_buf[0]);
    if (have_py) {
        printf("psutil: %s\n", py.hello);
    }
    bench_print_method(&o.b, "");
    check_values(rs, n, &py);
    bench_print_table(rs, n, 20, NULL, med);
    printf("\n");
    if (o.breakdown) {
        breakdown(0.1, med[0], &check_buf[0]);
    }
    if (!isnan(med[0]) && !isnan(med[ostat_i])) {
        double x = med[ostat_i] / med[0];

        printf("ostat (oneshot) / floor:  %.2fx   (goal <= 1.10x: %s)\n", x,
               x <= 1.1 ? "met" : "NOT met");
    }
    if (have_py && !isnan(med[py_i]) && !isnan(med[ostat_i])) {
        double x = med[py_i] / med[ostat_i];

        printf("psutil / ostat (oneshot): %.1fx  (ostat is %.1fx faster; "
               "goal >= 4x: %s)\n",
               x, x, x >= 4 ? "met" : "NOT met");
    }
    if (statgrab_i != 0 && !isnan(med[statgrab_i]) && !isnan(med[ostat_i])) {
        printf("libstatgrab / ostat (oneshot): %.2fx\n",
               med[statgrab_i] / med[ostat_i]);
    }
    printf("\nnotes:\n");
    bench_print_notes(rs, n);
    if (o.b.psutil_script != NULL) {
        printf("- psutil: the same calls in Python under %s (disk and net "
               "counters with nowrap=False, raw as the others give them), "
               "each snapshot timed with time.perf_counter_ns in the "
               "co-process\n",
               o.b.python);
    }
    bench_runners_fini(rs, n);
    return 0;
}
