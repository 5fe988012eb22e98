/* SPDX-License-Identifier: MIT */
/* fileio.h: reading small kernel-generated files with the fewest syscalls,
 * and the errno mapping shared by the POSIX backends. */
#ifndef OSTAT_POSIX_FILEIO_H
#define OSTAT_POSIX_FILEIO_H

#include <stddef.h>

#include "internal.h"

/* A growable byte buffer, reused across reads so the steady state does not
 * allocate. */
struct ostat__buf {
    char *data;
    size_t len, cap;
};

void ostat__buf_free(struct ostat__buf *b);

/* Read the whole file at @path into @b (NUL-terminated; len excludes the
 * NUL), reading until read() says the end. Returns 0 or -errno; records no
 * error detail, so callers can decide what a missing file means. */
int ostat__read_file(const char *path, struct ostat__buf *b);

/* As ostat__read_file() for a kernel file generated whole by one read
 * (single_open: /proc/stat, meminfo, /proc/PID/stat, status ...): a read
 * that does not fill the buffer is the end, which saves the read that
 * would return 0. Files the kernel writes a record at a time (vmstat,
 * cpuinfo, smaps, /proc/net/...) come in pieces and must not use it. */
int ostat__read_file_once(const char *path, struct ostat__buf *b);

/* ostat__read_file() and _once() for @name relative to the directory
 * @dirfd. */
int ostat__read_file_at(int dirfd, const char *name, struct ostat__buf *b);
int ostat__read_file_at_once(int dirfd, const char *name, struct ostat__buf *b);

/* ostat__read_file_at_once() that leaves the file open in *@fd (-1 on
 * failure), for ostat__pread_once() to read again: a kernel file read from
 * offset 0 is generated afresh, without the path lookup of an open. */
int ostat__open_read_at_once(int dirfd,
                             const char *name,
                             struct ostat__buf *b,
                             int *fd);
int ostat__pread_once(int fd, struct ostat__buf *b);

/* As ostat__read_file() into a caller's fixed buffer of @cap bytes (room for
 * the NUL included). -EFBIG when the file does not fit. */
int ostat__read_small(const char *path, char *buf, size_t cap, size_t *len);

/* Map an errno from reading @path to an OSTAT_E* code and record it.
 * ENOENT maps to @enoent_code. */
int ostat__err_errno(int err, int enoent_code, const char *path);

#endif
