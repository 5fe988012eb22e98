/* SPDX-License-Identifier: MIT */
/* w1.h: the W1 "system snapshot" benchmark. One snapshot is cpu_times (total
 * and per CPU), virtual_memory, swap_memory, getloadavg, boot_time, users,
 * disk I/O per disk, network I/O per NIC and the usage of every real mount.
 * Each contender fills the same struct w1_snap, so their values can be
 * compared and the work they do is the same. */
#ifndef W1_H
#define W1_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bench.h"

/* Fixed capacities of the per-CPU, disk, NIC and mount tables; a contender
 * that finds more keeps the first ones (the floor fails instead). */
#define W1_MAX_CPU 1024
#define W1_MAX_DISK 1024
#define W1_MAX_NIC 1024
#define W1_MAX_MOUNT 1024

/* Room for a disk or NIC name, and for the start of a mount point that
 * messages show; longer names are cut. */
#define W1_NAME_LEN 64

/* CPU times in seconds, in /proc/stat column order: user nice system idle
 * iowait irq softirq steal guest guest_nice. */
struct w1_cpu {
    double v[10];
    int32_t cpu; /* -1 for the total */
};

/* disk_io_counters(perdisk=True) of one device, in the order of the fields
 * (and valid bits) of struct ostat_disk_io_counters: read_count,
 * write_count, read_bytes, write_bytes, read_time, write_time,
 * read_merged_count, write_merged_count, busy_time, in_flight,
 * weighted_time, discard_count, discard_merged_count, discard_bytes,
 * discard_time, flush_count, flush_time. */
#define W1_DISK_NFIELDS 17
#define W1_DISK_IN_FLIGHT 9 /* a level, not a counter */

struct w1_disk {
    char name[W1_NAME_LEN];
    uint64_t v[W1_DISK_NFIELDS];
    uint32_t have; /* bit i: v[i] was given */
};

/* net_io_counters(pernic=True) of one interface, in the order of struct
 * ostat_net_io_counters: bytes_sent, bytes_recv, packets_sent,
 * packets_recv, errin, errout, dropin, dropout, multicast, collisions,
 * fifoin, fifoout, frame, carrier, compressedin, compressedout. */
#define W1_NIC_NFIELDS 16

struct w1_nic {
    char name[W1_NAME_LEN];
    uint64_t v[W1_NIC_NFIELDS];
    uint32_t have; /* bit i: v[i] was given */
};

/* disk_usage() of one real mount (disk_partitions(all=False)). The
 * strings are kept as hashes of all their bytes (w1_hash) and the start of
 * the mount point, so that every contender hands the same over. */
struct w1_mount {
    uint64_t device_hash, mountpoint_hash, fstype_hash;
    char mountpoint[W1_NAME_LEN];
    uint64_t total, used, free;
    double percent;
};

/* FNV-1a, 64 bits. */
static inline uint64_t w1_hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    size_t i;

    for (i = 0; i < n; i++) {
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    }
    return h;
}

/* Copy at most W1_NAME_LEN - 1 bytes of a name, NUL-terminated. */
static inline void w1_name(char *dst, const char *s, size_t n)
{
    if (n > W1_NAME_LEN - 1) {
        n = W1_NAME_LEN - 1;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* The strings of a mount, with their lengths. */
static inline void w1_mount_names(struct w1_mount *m,
                                  const char *device,
                                  size_t device_len,
                                  const char *mountpoint,
                                  size_t mountpoint_len,
                                  const char *fstype,
                                  size_t fstype_len)
{
    m->device_hash = w1_hash(device, device_len);
    m->mountpoint_hash = w1_hash(mountpoint, mountpoint_len);
    m->fstype_hash = w1_hash(fstype, fstype_len);
    w1_name(m->mountpoint, mountpoint, mountpoint_len);
}

struct w1_snap {
    struct w1_cpu total;
    size_t ncpu; /* 0 when the contender has no per-CPU times */
    struct w1_cpu percpu[W1_MAX_CPU];

    /* virtual_memory, bytes */
    uint64_t mem_total, mem_available, mem_used, mem_free, mem_active,
        mem_inactive, mem_buffers, mem_cached, mem_shared, mem_slab;
    double mem_percent;

    /* swap_memory, bytes */
    uint64_t swap_total, swap_used, swap_free, swap_sin, swap_sout;
    double swap_percent;

    /* getloadavg */
    double load1, load5, load15;

    /* boot_time, seconds since the epoch */
    double boot_time;

    /* users: the count, and a checksum of what each record gave (pid,
     * login time and the lengths of name, terminal and host) */
    size_t nusers;
    uint64_t users_sum;

    /* disk_io_counters(perdisk=True), in the order of /proc/diskstats */
    size_t ndisk;
    struct w1_disk disk[W1_MAX_DISK];

    /* net_io_counters(pernic=True), in the order of /proc/net/dev */
    size_t nnic;
    struct w1_nic nic[W1_MAX_NIC];

    /* disk_usage of each disk_partitions(all=False), in the mount table's
     * order */
    size_t nmount;
    struct w1_mount mount[W1_MAX_MOUNT];
};

/* Each contender's snap fills this one (it is large: not on the stack) and
 * returns 1, or -1 with a sentence in bench_err. */
extern struct w1_snap w1_last;

extern const struct bench_contender w1_floor;
extern const struct bench_contender w1_ostat_oneshot;
extern const struct bench_contender w1_ostat_plain;
#ifdef W1_HAVE_STATGRAB
extern const struct bench_contender w1_statgrab;
#endif

#endif
