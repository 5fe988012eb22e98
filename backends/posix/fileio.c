/* SPDX-License-Identifier: MIT */
/* fileio.c: see fileio.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

void ostat__buf_free(struct ostat__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static int open_ro_at(int dirfd, const char *path)
{
    int fd;

    do {
        fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    } while (fd < 0 && errno == EINTR);
    return fd < 0 ? -errno : fd;
}

static int open_ro(const char *path)
{
    return open_ro_at(AT_FDCWD, path);
}

/* Read into buf[off..cap-1); returns bytes read or -errno. */
static ssize_t read_some(int fd, char *buf, size_t n)
{
    ssize_t r;

    do {
        r = read(fd, buf, n);
    } while (r < 0 && errno == EINTR);
    return r < 0 ? -errno : r;
}

/* Read @fd whole into @b, with pread from offset 0 when @at0; see
 * ostat__read_file_once() for @once. Leaves @fd open. */
static int read_fd(int fd, struct ostat__buf *b, int once, int at0)
{
    ssize_t r;

    b->len = 0;
    for (;;) {
        if (b->cap - b->len < 2) {
            size_t cap = b->cap ? b->cap * 2 : 4096;
            char *p = realloc(b->data, cap);

            if (p == NULL) {
                return -ENOMEM;
            }
            b->data = p;
            b->cap = cap;
        }
        if (at0) {
            do {
                r = pread(fd, b->data + b->len, b->cap - b->len - 1,
                          (off_t)b->len);
            } while (r < 0 && errno == EINTR);
            r = r < 0 ? -errno : r;
        } else {
            r = read_some(fd, b->data + b->len, b->cap - b->len - 1);
        }
        if (r < 0) {
            return (int)r;
        }
        b->len += (size_t)r;
        if (r == 0 || (once && b->len < b->cap - 1)) {
            break;
        }
    }
    b->data[b->len] = '\0';
    return 0;
}

static int read_all(int dirfd, const char *name, struct ostat__buf *b, int once)
{
    int fd = open_ro_at(dirfd, name), rc;

    if (fd < 0) {
        return fd;
    }
    rc = read_fd(fd, b, once, 0);
    close(fd);
    return rc;
}

int ostat__open_read_at_once(int dirfd,
                             const char *name,
                             struct ostat__buf *b,
                             int *fd)
{
    int rc;

    *fd = open_ro_at(dirfd, name);
    if (*fd < 0) {
        return *fd;
    }
    if ((rc = read_fd(*fd, b, 1, 1)) != 0) {
        close(*fd);
        *fd = -1;
    }
    return rc;
}

int ostat__pread_once(int fd, struct ostat__buf *b)
{
    return read_fd(fd, b, 1, 1);
}

int ostat__read_file(const char *path, struct ostat__buf *b)
{
    return read_all(AT_FDCWD, path, b, 0);
}

int ostat__read_file_once(const char *path, struct ostat__buf *b)
{
    return read_all(AT_FDCWD, path, b, 1);
}

int ostat__read_file_at(int dirfd, const char *name, struct ostat__buf *b)
{
    return read_all(dirfd, name, b, 0);
}

int ostat__read_file_at_once(int dirfd, const char *name, struct ostat__buf *b)
{
    return read_all(dirfd, name, b, 1);
}

int ostat__read_small(const char *path, char *buf, size_t cap, size_t *len)
{
    int fd = open_ro(path);
    ssize_t r;

    if (fd < 0) {
        return fd;
    }
    r = read_some(fd, buf, cap - 1);
    close(fd);
    if (r < 0) {
        return (int)r;
    }
    if ((size_t)r == cap - 1) {
        return -EFBIG;
    }
    buf[r] = '\0';
    *len = (size_t)r;
    return 0;
}

int ostat__err_errno(int err, int enoent_code, const char *path)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return ostat__err(enoent_code, err, path, "%s: %s", path,
                          strerror(err));
    case EACCES:
    case EPERM:
        return ostat__err(OSTAT_EACCES, err, path, "%s: %s", path,
                          strerror(err));
    case ENOMEM:
        return ostat__err(OSTAT_ENOMEM, err, path, "%s: %s", path,
                          strerror(err));
    case EOPNOTSUPP:
        return ostat__err(OSTAT_ENOTSUP, err, path, "%s: %s", path,
                          strerror(err));
    default:
        return ostat__err(OSTAT_EOS, err, path, "%s: %s", path, strerror(err));
    }
}
