/* SPDX-License-Identifier: MIT */
/* ostat/disk.h: mounted filesystems, their usage and block device I/O
 * counters (psutil's disk_partitions, disk_usage and disk_io_counters). */
#ifndef OSTAT_DISK_H
#define OSTAT_DISK_H

#include "common.h"
#include "list.h"

/**
 * A mounted filesystem (psutil's sdiskpart). The strings are the bytes the
 * kernel gave, with its octal escapes (\040 for a space, \011, \012, \134)
 * decoded, so they may hold spaces, tabs, newlines and invalid UTF-8; they
 * belong to the list.
 */
struct ostat_disk_partition {
    uint32_t size;
    uint64_t valid;
    const char *device;     /**< the mount source, e.g. "/dev/sda1"; "" for
                                 "none"; "/dev/root" resolved */
    const char *mountpoint; /**< where it is mounted */
    const char *fstype;     /**< e.g. "ext4", "fuse.sshfs" */
    const char *opts;       /**< mount and filesystem options, "rw,..." */
};

#define OSTAT_DISK_PARTITION_DEVICE OSTAT_BIT(0)
#define OSTAT_DISK_PARTITION_MOUNTPOINT OSTAT_BIT(1)
#define OSTAT_DISK_PARTITION_FSTYPE OSTAT_BIT(2)
#define OSTAT_DISK_PARTITION_OPTS OSTAT_BIT(3)
#define OSTAT_DISK_PARTITION_INIT                                              \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_disk_partition), 0, 0, 0, 0, 0           \
    }

/**
 * Usage of the filesystem holding a path, in bytes (psutil's sdiskusage).
 * As df shows it: @c used + @c free is less than @c total by the blocks
 * reserved for root.
 */
struct ostat_disk_usage {
    uint32_t size;
    uint64_t valid;
    uint64_t total; /**< the filesystem's size */
    uint64_t used;  /**< total minus every free block */
    uint64_t free;  /**< free blocks but the root reserve: what users get */
    double percent; /**< used / (used + free) * 100, not rounded; 0 when
                         both are 0 */
};

#define OSTAT_DISK_USAGE_TOTAL OSTAT_BIT(0)
#define OSTAT_DISK_USAGE_USED OSTAT_BIT(1)
#define OSTAT_DISK_USAGE_FREE OSTAT_BIT(2)
#define OSTAT_DISK_USAGE_PERCENT OSTAT_BIT(3)
#define OSTAT_DISK_USAGE_INIT                                                  \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_disk_usage), 0, 0, 0, 0, 0               \
    }

/**
 * I/O of a block device, or of all disks, since boot (psutil's sdiskio).
 * Counters are raw, as the kernel keeps them, unless OSTAT_DISK_IO_NOWRAP
 * is asked for. Times are in milliseconds, the kernel's unit, kept as
 * integers so that they stay exact counters; bytes are 512-byte sectors
 * times 512, whatever the device's sector size. Linux gives the discard
 * fields from 4.18 and the flush fields from 5.5; a partition line of a 2.6
 * kernel has only the read and write counts and bytes.
 */
struct ostat_disk_io_counters {
    uint32_t size;
    uint64_t valid;
    uint64_t read_count;           /**< reads completed */
    uint64_t write_count;          /**< writes completed */
    uint64_t read_bytes;           /**< bytes read */
    uint64_t write_bytes;          /**< bytes written */
    uint64_t read_time;            /**< milliseconds spent reading */
    uint64_t write_time;           /**< milliseconds spent writing */
    uint64_t read_merged_count;    /**< reads merged with adjacent ones */
    uint64_t write_merged_count;   /**< writes merged with adjacent ones */
    uint64_t busy_time;            /**< milliseconds with I/O in progress */
    uint64_t in_flight;            /**< I/Os in progress now (not a counter) */
    uint64_t weighted_time;        /**< milliseconds of I/O, each I/O's time
                                        counted (the queue time) */
    uint64_t discard_count;        /**< discards completed */
    uint64_t discard_merged_count; /**< discards merged */
    uint64_t discard_bytes;        /**< bytes discarded */
    uint64_t discard_time;         /**< milliseconds spent discarding */
    uint64_t flush_count;          /**< flush requests completed */
    uint64_t flush_time;           /**< milliseconds spent flushing */
    const char *name;              /**< the device, e.g. "sda1"; not valid in
                                        the total; belongs to the list */
};

#define OSTAT_DISK_IO_COUNTERS_READ_COUNT OSTAT_BIT(0)
#define OSTAT_DISK_IO_COUNTERS_WRITE_COUNT OSTAT_BIT(1)
#define OSTAT_DISK_IO_COUNTERS_READ_BYTES OSTAT_BIT(2)
#define OSTAT_DISK_IO_COUNTERS_WRITE_BYTES OSTAT_BIT(3)
#define OSTAT_DISK_IO_COUNTERS_READ_TIME OSTAT_BIT(4)
#define OSTAT_DISK_IO_COUNTERS_WRITE_TIME OSTAT_BIT(5)
#define OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT OSTAT_BIT(6)
#define OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT OSTAT_BIT(7)
#define OSTAT_DISK_IO_COUNTERS_BUSY_TIME OSTAT_BIT(8)
#define OSTAT_DISK_IO_COUNTERS_IN_FLIGHT OSTAT_BIT(9)
#define OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME OSTAT_BIT(10)
#define OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT OSTAT_BIT(11)
#define OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT OSTAT_BIT(12)
#define OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES OSTAT_BIT(13)
#define OSTAT_DISK_IO_COUNTERS_DISCARD_TIME OSTAT_BIT(14)
#define OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT OSTAT_BIT(15)
#define OSTAT_DISK_IO_COUNTERS_FLUSH_TIME OSTAT_BIT(16)
#define OSTAT_DISK_IO_COUNTERS_NAME OSTAT_BIT(17)
#define OSTAT_DISK_IO_COUNTERS_INIT                                            \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_disk_io_counters), 0, 0, 0, 0, 0, 0, 0,  \
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                                 \
    }

/**
 * A flag of ostat_disk_io_counters(): make the counters wrap-safe (psutil's
 * nowrap=True). Each device's counters are tracked in the context from call
 * to call, so that one that wraps around keeps growing and one whose device
 * was re-created continues from its new value; a device that disappears is
 * forgotten. The first call on a context gives the raw values.
 */
#define OSTAT_DISK_IO_NOWRAP 0x1u

OSTAT_BEGIN_DECLS

/**
 * Mounted filesystems (psutil disk_partitions()), in the kernel's order of
 * /proc/self/mounts, the file psutil reads, with its options as they are
 * written there (a tree without it is read from mountinfo). With @p all
 * zero, only those whose device is not empty and whose type is a
 * filesystem on a device (a type listed in /proc/filesystems without
 * "nodev", or zfs); non-zero: every mount, pseudo filesystems too. A
 * source of "/dev/root" is resolved to the device by the mount's device
 * number, from mountinfo. @p ctx may be NULL.
 * @param out receives a list to free with ostat_list_free(); read elements
 * with ostat_list_disk_partition().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_EACCES, OSTAT_EOS,
 * OSTAT_EPARSE (a line of mounts, mountinfo or filesystems that does not
 * parse), OSTAT_ENOTSUP (neither mounts nor mountinfo; with @p all zero,
 * no /proc/filesystems).
 * @since 1.2
 */
OSTAT_API int
ostat_disk_partitions(ostat_ctx *ctx, int32_t all, ostat_list **out);

/**
 * Copy element @p index of a list of partitions. The strings stay owned by
 * the list and live until ostat_list_free().
 * @return 0, OSTAT_EINVAL (NULL argument, index out of range, a list of
 * another kind, or out->size too small for the size and valid fields).
 * @since 1.2
 */
OSTAT_API int ostat_list_disk_partition(const ostat_list *list,
                                        size_t index,
                                        struct ostat_disk_partition *out);

/**
 * Usage of the filesystem that holds @p path (psutil disk_usage()), by
 * statvfs(): total = blocks, used = blocks - free blocks, free = blocks
 * available to unprivileged users, each times the fragment size. @p path
 * is used as given, in the caller's mount namespace (a host prefix is not
 * put before it). @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL (NULL or empty @p path), OSTAT_EOS (no such
 * path, or another error of statvfs; the detail has errno), OSTAT_EACCES.
 * @since 1.2
 */
OSTAT_API int ostat_disk_usage(ostat_ctx *ctx,
                               const char *path,
                               struct ostat_disk_usage *out);

/**
 * I/O counters summed over the whole disks (psutil disk_io_counters()): the
 * devices /sys/block lists (loop, dm, md and zram devices included, as
 * iostat does), not their partitions, so nothing is counted twice but a
 * device stacked on another. @p flags: 0 or OSTAT_DISK_IO_NOWRAP. Wrap-safe
 * counters are corrected per device before they are summed. A field is
 * valid if every disk gave it. @p ctx may be NULL (but NOWRAP then has no
 * history to correct from).
 * @return 0, OSTAT_EINVAL (NULL @p out, unknown flags), OSTAT_ENOTSUP (no
 * /proc/diskstats, or no disk: psutil's None), OSTAT_EACCES, OSTAT_EPARSE,
 * OSTAT_EOS, OSTAT_ENOMEM.
 * @since 1.2
 */
OSTAT_API int ostat_disk_io_counters(ostat_ctx *ctx,
                                     uint32_t flags,
                                     struct ostat_disk_io_counters *out);

/**
 * I/O counters of every block device and partition the kernel lists
 * (psutil disk_io_counters(perdisk=True)), in the order of /proc/diskstats;
 * each element's name tells the device. @p flags as for
 * ostat_disk_io_counters(). An empty list is not an error.
 * @param out receives a list to free with ostat_list_free(); read elements
 * with ostat_list_disk_io_counters().
 * @return the codes of ostat_disk_io_counters(), but not OSTAT_ENOTSUP for
 * a system without disks.
 * @since 1.2
 */
OSTAT_API int ostat_disk_io_counters_perdisk(ostat_ctx *ctx,
                                             uint32_t flags,
                                             ostat_list **out);

/**
 * Copy element @p index of a list of I/O counters. The name stays owned by
 * the list and lives until ostat_list_free().
 * @return 0, OSTAT_EINVAL (NULL argument, index out of range, a list of
 * another kind, or out->size too small for the size and valid fields).
 * @since 1.2
 */
OSTAT_API int ostat_list_disk_io_counters(const ostat_list *list,
                                          size_t index,
                                          struct ostat_disk_io_counters *out);

OSTAT_END_DECLS

#endif
