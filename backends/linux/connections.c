/* SPDX-License-Identifier: MIT */
/* connections.c: sockets and the processes that own them (psutil
 * net_connections() and Process.net_connections()).
 *
 * The sockets come, on the running system, from NETLINK_SOCK_DIAG (inet_diag
 * for TCP and UDP, unix_diag for UNIX sockets), as ss gets them: binary
 * records, no text to format and parse. Under a procfs root, and for a
 * protocol whose diag module the kernel lacks, they come from
 * <procfs>/net/{tcp,tcp6,udp,udp6,unix}, as psutil reads them.
 *
 * The owners come from one pass over the descriptors of every process
 * (or of the one process asked about): each link "socket:[N]" in
 * /proc/PID/fd maps inode N to (pid, fd), in a hash table the sockets are
 * then looked up in. Processes the caller may not inspect are skipped, as
 * psutil does: their sockets are listed without an owner. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "proc.h"

/* ---- owners: inode -> (pid, fd) ------------------------------------------ */

struct owner {
    uint64_t inode;
    int64_t pid;
    int32_t fd;
    int32_t next; /* the next owner of the same inode, or -1 */
};

/* Owners in an array, found through an open-addressing table of the index
 * of each inode's first owner. An inode's owners are chained in ascending
 * (pid, fd) order, so the first is the lowest pid's lowest descriptor. */
struct owners {
    struct owner *e;
    size_t n, cap;
    int32_t *slot; /* -1 when empty */
    size_t nslot;  /* a power of two, or 0 */
    size_t used;
};

static void owners_free(struct owners *o)
{
    free(o->e);
    free(o->slot);
}

static size_t slot_of(uint64_t inode, size_t nslot)
{
    return (size_t)((inode * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (nslot - 1);
}

/* The slot of @inode: the one holding it, or the empty one it would go to. */
static int32_t *owners_find(const struct owners *o, uint64_t inode)
{
    size_t i;

    for (i = slot_of(inode, o->nslot);; i = (i + 1) & (o->nslot - 1)) {
        if (o->slot[i] < 0 || o->e[o->slot[i]].inode == inode) {
            return &o->slot[i];
        }
    }
}

static int owners_grow(struct owners *o)
{
    size_t nslot = o->nslot ? o->nslot * 2 : 1024, i;
    int32_t *old = o->slot;
    size_t nold = o->nslot;

    o->slot = malloc(nslot * sizeof(*o->slot));
    if (o->slot == NULL) {
        o->slot = old;
        return -1;
    }
    memset(o->slot, 0xff, nslot * sizeof(*o->slot));
    o->nslot = nslot;
    for (i = 0; i < nold; i++) {
        if (old[i] >= 0) {
            *owners_find(o, o->e[old[i]].inode) = old[i];
        }
    }
    free(old);
    return 0;
}

static int owners_add(struct owners *o, uint64_t inode, int64_t pid, int32_t fd)
{
    struct owner *e;
    int32_t *link, idx;

    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;

        if (cap > INT32_MAX || (e = realloc(o->e, cap * sizeof(*e))) == NULL) {
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        o->e = e;
        o->cap = cap;
    }
    if ((o->used + 1) * 2 > o->nslot && owners_grow(o) != 0) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    idx = (int32_t)o->n++;
    e = &o->e[idx];
    e->inode = inode;
    e->pid = pid;
    e->fd = fd;
    link = owners_find(o, inode);
    if (*link < 0) {
        o->used++;
    }
    while (*link >= 0 && (o->e[*link].pid < pid ||
                          (o->e[*link].pid == pid && o->e[*link].fd < fd))) {
        link = &o->e[*link].next;
    }
    e->next = *link;
    *link = idx;
    return 0;
}

/* The index of @inode's first owner, or -1. */
static int32_t owners_first(const struct owners *o, uint64_t inode)
{
    return o->nslot ? *owners_find(o, inode) : -1;
}

/* The inode of a descriptor link "socket:[N]", or 0 for anything else. */
static uint64_t socket_inode(const char *s, size_t n)
{
    const char *p = s + 8, *end = s + n;
    uint64_t v;

    if (n < 10 || memcmp(s, "socket:[", 8) != 0 || end[-1] != ']' ||
        ostat__scan_u64(&p, end - 1, &v) != 0 || p != end - 1) {
        return 0;
    }
    return v;
}

/* A descriptor of process @pid whose link reads @link (@n bytes). */
static int
take_fd(struct owners *o, const char *link, ssize_t n, int64_t pid, int32_t fd)
{
    uint64_t inode;

    if (n <= 0 || (size_t)n >= 64) {
        return 0; /* a long path: not a socket */
    }
    inode = socket_inode(link, (size_t)n);
    return inode != 0 ? owners_add(o, inode, pid, fd) : 0;
}

/* Probing stops after this many numbers that are not open, plus one for
 * every 16 that were. */
#define FD_PROBE_MISSES 4

/* The buffer for listing fd directories. */
#define DENTS_BUF 32768

/* Big enough for the largest batch the kernel sends a dump reader. */
#define NL_BUF 65536

/* One call's buffer (NL_BUF bytes, allocated and freed by the call) serves
 * the listings and then the netlink batches; the /proc/net files are read
 * into the context's scratch buffer instead. */
_Static_assert(NL_BUF >= DENTS_BUF, "the buffer serves the listings");

/* The socket descriptors of process @pid, in its open fd directory @dfd.
 *
 * Linux 6.2 and later give the number of open descriptors as the size of
 * fd/, and they are usually the lowest numbers: then reading the links of
 * 0, 1, 2, ... until that many are found needs no listing of the
 * directory, which costs as much again as the links (the kernel makes an
 * entry for each descriptor it lists). Numbers past where probing stops
 * come from the listing.
 *
 * Returns 0 (also when the process went away meanwhile: its sockets then
 * simply have no owner), 1 if reading the directory failed with @*err set,
 * or an error. */
static int
scan_fds(struct owners *o, int dfd, int64_t pid, char *dents, int *err)
{
    struct stat st;
    char link[64], name[16];
    int64_t want = 0, found = 0, misses = 0;
    int32_t fd = 0;
    int rc;

    if (fstat(dfd, &st) == 0 && st.st_size > 0 && st.st_size <= INT32_MAX) {
        want = st.st_size;
    }
    for (; found < want && misses <= FD_PROBE_MISSES + found / 16; fd++) {
        char *q = name + sizeof(name) - 1;
        int32_t v = fd;
        ssize_t n;

        *q = '\0';
        do {
            *--q = (char)('0' + v % 10);
            v /= 10;
        } while (v > 0);
        if ((n = readlinkat(dfd, q, link, sizeof(link))) < 0) {
            if (errno != ENOENT) {
                *err = errno;
                return 1;
            }
            misses++;
            continue;
        }
        found++;
        if ((rc = take_fd(o, link, n, pid, fd)) != 0) {
            return rc;
        }
    }
    if (want > 0 && found >= want) {
        return 0;
    }
    for (;;) {
        ssize_t got = getdents64(dfd, dents, DENTS_BUF), off;

        if (got <= 0) {
            *err = got < 0 ? errno : 0;
            return got < 0;
        }
        for (off = 0; off < got;) {
            const struct dirent64 *de = (const struct dirent64 *)(dents + off);
            const char *p = de->d_name;
            uint64_t v;

            off += de->d_reclen;
            if (*p < '0' || *p > '9' ||
                ostat__scan_u64(&p, p + strlen(p), &v) || *p != '\0' ||
                v > INT32_MAX || (int32_t)v < fd) {
                continue; /* "." and "..", or probed already */
            }
            rc = take_fd(o, link,
                         readlinkat(dfd, de->d_name, link, sizeof(link)), pid,
                         (int32_t)v);
            if (rc != 0) {
                return rc;
            }
        }
    }
}

/* The sockets of every process under the procfs root. */
static int scan_all(ostat_ctx *ctx, struct owners *o, char *dents)
{
    struct dirent *de;
    DIR *root = opendir(ctx->procfs_root);
    int rc = 0;

    if (root == NULL) {
        return ostat__err_errno(errno, OSTAT_EOS, ctx->procfs_root);
    }
    while (rc == 0 && (de = readdir(root)) != NULL) {
        const char *q = de->d_name;
        char rel[300];
        uint64_t pid;
        int fd, err = 0;

        if (*q < '0' || *q > '9' || ostat__scan_u64(&q, q + strlen(q), &pid) ||
            *q != '\0' || pid > INT64_MAX) {
            continue;
        }
        snprintf(rel, sizeof(rel), "%s/fd", de->d_name);
        fd = openat(dirfd(root), rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            /* Not allowed (another user's process), gone, or a tree
             * without fd/ for it: skip it, as psutil does. */
            if (errno == EMFILE || errno == ENFILE || errno == ENOMEM) {
                rc = ostat__err_errno(errno, OSTAT_EOS, rel);
            }
            continue;
        }
        rc = scan_fds(o, fd, (int64_t)pid, dents, &err);
        /* A failed read of the directory: the process is going away, or
         * it may not be looked at; its sockets get no owner. */
        rc = rc == 1 ? 0 : rc;
        close(fd);
    }
    closedir(root);
    return rc;
}

/* The sockets of process @lp, with its handle's error rules. */
static int scan_one(struct lproc *lp, struct owners *o, char *dents)
{
    DIR *d;
    int rc, err = 0;

    if ((rc = ostat__lproc_opendir(lp, "fd", &d)) != 0) {
        return rc;
    }
    rc = scan_fds(o, dirfd(d), lp->base.pid, dents, &err);
    closedir(d);
    if (rc != 1) {
        return rc;
    }
    /* The listing stopped: the process is gone, or going (open_files). */
    if ((err == ENOENT || err == ESRCH) && ostat__lproc_zombie(lp) != -1) {
        return 0;
    }
    return ostat__lproc_err(lp, err == ENOENT ? ESRCH : err, "fd");
}

/* ---- rows -----------------------------------------------------------------
 */

/* What a scan knows while it adds rows. */
struct scan {
    ostat_ctx *ctx;
    ostat_list *list;
    const struct owners *owners;
    int one; /* a process's own sockets only */
    /* the last addresses formatted, reused for the next rows */
    struct {
        int family;
        unsigned char a[16];
        const char *s;
    } last[2];
};

/* One socket as the kernel describes it. */
struct sock {
    int32_t family;
    int32_t type; /* 0 when the kernel's type is not one ostat knows */
    int32_t status;
    int status_ok;
    unsigned char laddr[16], raddr[16]; /* network order */
    int32_t lport, rport;
    const char *path; /* AF_UNIX: the name, not NUL-terminated */
    size_t path_len;
    uint64_t inode;
};

/* Dotted decimal of a network-order IPv4 address into @buf (16 bytes). */
static size_t format_ipv4(const unsigned char *a, char *buf)
{
    char *p = buf;
    int i;

    for (i = 0; i < 4; i++) {
        unsigned v = a[i];

        if (v >= 100) {
            *p++ = (char)('0' + v / 100);
            v %= 100;
            *p++ = (char)('0' + v / 10);
        } else if (v >= 10) {
            *p++ = (char)('0' + v / 10);
        }
        *p++ = (char)('0' + v % 10);
        if (i < 3) {
            *p++ = '.';
        }
    }
    *p = '\0';
    return (size_t)(p - buf);
}

/* An address as text in the list's storage; "" for psutil's empty address
 * (port 0: not bound, or no remote end). @which picks the cache slot. */
static const char *address(struct scan *s,
                           int which,
                           int32_t family,
                           const unsigned char *a,
                           int32_t port)
{
    char buf[INET6_ADDRSTRLEN];
    size_t alen = family == OSTAT_AF_INET ? 4 : 16, n;
    const char *str;

    if (port == 0) {
        return "";
    }
    if (s->last[which].s != NULL && s->last[which].family == family &&
        memcmp(s->last[which].a, a, alen) == 0) {
        return s->last[which].s;
    }
    if (family == OSTAT_AF_INET) {
        n = format_ipv4(a, buf);
    } else {
        if (inet_ntop(AF_INET6, a, buf, sizeof(buf)) == NULL) {
            return NULL;
        }
        n = strlen(buf);
    }
    if ((str = ostat__list_str(s->list, buf, n)) == NULL) {
        return NULL;
    }
    s->last[which].family = family;
    memcpy(s->last[which].a, a, alen);
    s->last[which].s = str;
    return str;
}

/* One row for @k owned by @w (NULL: unknown owner). */
static int add_row(struct scan *s,
                   const struct sock *k,
                   const struct owner *w,
                   const char *laddr,
                   const char *raddr)
{
    struct ostat_connection *e = ostat__list_push(s->list);

    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = (uint32_t)sizeof(*e);
    e->family = k->family;
    e->type = k->type;
    e->laddr = laddr;
    e->raddr = raddr;
    e->status = k->status;
    e->inode = k->inode;
    e->valid = OSTAT_CONNECTION_FAMILY | OSTAT_CONNECTION_LADDR |
               OSTAT_CONNECTION_INODE |
               (k->type != 0 ? OSTAT_CONNECTION_TYPE : 0) |
               (k->status_ok ? OSTAT_CONNECTION_STATUS : 0);
    if (k->family != OSTAT_AF_UNIX) {
        e->laddr_port = k->lport;
        e->raddr_port = k->rport;
        e->valid |= OSTAT_CONNECTION_LADDR_PORT | OSTAT_CONNECTION_RADDR |
                    OSTAT_CONNECTION_RADDR_PORT;
    }
    if (w != NULL) {
        e->fd = w->fd;
        e->pid = w->pid;
        e->valid |= OSTAT_CONNECTION_FD | OSTAT_CONNECTION_PID;
    } else {
        e->fd = -1;
        e->pid = -1;
    }
    return 0;
}

/* The rows of one socket: with its first owner (an inet socket) or with
 * each of its owners (a UNIX socket, as psutil), or without one; for a
 * process, nothing unless it owns the socket. */
static int add_sock(struct scan *s, const struct sock *k)
{
    const struct owners *o = s->owners;
    int32_t i = k->inode != 0 ? owners_first(o, k->inode) : -1;
    const char *laddr, *raddr;
    int rc;

    if (i < 0 && s->one) {
        return 0;
    }
    if (k->family == OSTAT_AF_UNIX) {
        laddr = k->path_len == 0
                    ? ""
                    : ostat__list_str(s->list, k->path, k->path_len);
        raddr = "";
    } else {
        laddr = address(s, 0, k->family, k->laddr, k->lport);
        raddr = address(s, 1, k->family, k->raddr, k->rport);
    }
    if (laddr == NULL || raddr == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    if (i < 0) {
        return add_row(s, k, NULL, laddr, raddr);
    }
    do {
        if ((rc = add_row(s, k, &o->e[i], laddr, raddr)) != 0) {
            return rc;
        }
        i = o->e[i].next;
    } while (i >= 0 && k->family == OSTAT_AF_UNIX);
    return 0;
}

/* The kernel's socket types, as the OSTAT_SOCK_* values (the same numbers
 * on Linux); 0 for others. */
static int32_t sock_type(unsigned t)
{
    return t == 1   ? OSTAT_SOCK_STREAM
           : t == 2 ? OSTAT_SOCK_DGRAM
           : t == 5 ? OSTAT_SOCK_SEQPACKET
                    : 0;
}

/* The state of a TCP socket (TCP_ESTABLISHED ... TCP_CLOSING are 1 to 11,
 * as the OSTAT_CONN_* values); UDP and UNIX sockets have none, as psutil
 * says. */
static void set_status(struct sock *k, unsigned state)
{
    if (k->type != OSTAT_SOCK_STREAM || k->family == OSTAT_AF_UNIX) {
        k->status = OSTAT_CONN_NONE;
        k->status_ok = 1;
    } else {
        k->status_ok = state >= 1 && state <= 11;
        k->status = k->status_ok ? (int32_t)state : OSTAT_CONN_NONE;
    }
}

/* ---- the protocols --------------------------------------------------------
 */

/* The five tables, in psutil's order. */
static const struct proto {
    int32_t kind;
    const char *file; /* under the procfs root */
    int32_t family;
    int af;       /* for netlink */
    int protocol; /* IPPROTO_*, 0 for UNIX */
} protos[] = {
    { OSTAT_CONN_KIND_TCP4, "net/tcp", OSTAT_AF_INET, AF_INET, IPPROTO_TCP },
    { OSTAT_CONN_KIND_TCP6, "net/tcp6", OSTAT_AF_INET6, AF_INET6, IPPROTO_TCP },
    { OSTAT_CONN_KIND_UDP4, "net/udp", OSTAT_AF_INET, AF_INET, IPPROTO_UDP },
    { OSTAT_CONN_KIND_UDP6, "net/udp6", OSTAT_AF_INET6, AF_INET6, IPPROTO_UDP },
    { OSTAT_CONN_KIND_UNIX, "net/unix", OSTAT_AF_UNIX, AF_UNIX, 0 },
};

/* ---- /proc/net files ------------------------------------------------------
 */

/* Exactly @n hex digits into *out. */
static int scan_hex(const char **p, const char *end, int n, uint32_t *out)
{
    uint32_t v = 0;
    int i;

    if (end - *p < n) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        int d = ostat__hex_digit((*p)[i]);

        if (d < 0) {
            return -1;
        }
        v = v << 4 | (uint32_t)d;
    }
    *p += n;
    *out = v;
    return 0;
}

/* Hex digits of any count (1 to 16) into *out. */
static int scan_hex_any(const char **p, const char *end, uint64_t *out)
{
    const char *s = *p;
    uint64_t v = 0;

    while (*p < end && *p - s < 16) {
        int d = ostat__hex_digit(**p);

        if (d < 0) {
            break;
        }
        v = v << 4 | (uint64_t)d;
        (*p)++;
    }
    *out = v;
    return *p == s ? -1 : 0;
}

/* "HEXADDR:PORT" of a /proc/net/tcp line. The kernel prints each 32-bit
 * word of the address as a number in host order (%08X of the word loaded
 * from memory), so storing the number back gives the bytes. */
static int scan_endpoint(const char **p,
                         const char *end,
                         int family,
                         unsigned char *a,
                         int32_t *port)
{
    int words = family == OSTAT_AF_INET ? 1 : 4, i;
    uint32_t w;

    ostat__skip_blanks(p, end);
    for (i = 0; i < words; i++) {
        if (scan_hex(p, end, 8, &w) != 0) {
            return -1;
        }
        memcpy(a + 4 * i, &w, 4);
    }
    if (*p == end || **p != ':' || (++*p, scan_hex(p, end, 4, &w)) != 0) {
        return -1;
    }
    *port = (int32_t)w;
    return *p < end && (**p == ' ' || **p == '\t') ? 0 : -1;
}

/* Skip one blank-separated word; -1 if there is none. */
static int skip_word(const char **p, const char *end)
{
    const char *s;

    ostat__skip_blanks(p, end);
    s = *p;
    while (*p < end && **p != ' ' && **p != '\t') {
        (*p)++;
    }
    return *p == s ? -1 : 0;
}

/* One line of net/tcp, tcp6, udp or udp6:
 * "sl: local remote st tx:rx tr:when retrnsmt uid timeout inode ...". */
static int parse_inet_line(const char *p,
                           const char *end,
                           const struct proto *pr,
                           struct sock *k)
{
    uint64_t v;
    uint32_t st;
    int i;

    ostat__skip_blanks(&p, end);
    if (ostat__scan_u64(&p, end, &v) != 0 || p == end || *p++ != ':' ||
        scan_endpoint(&p, end, pr->family, k->laddr, &k->lport) != 0 ||
        scan_endpoint(&p, end, pr->family, k->raddr, &k->rport) != 0) {
        return -1;
    }
    ostat__skip_blanks(&p, end);
    if (scan_hex(&p, end, 2, &st) != 0) {
        return -1;
    }
    /* tx_queue:rx_queue tr:tm->when retrnsmt uid timeout */
    for (i = 0; i < 5; i++) {
        if (skip_word(&p, end) != 0) {
            return -1;
        }
    }
    if (ostat__scan_u64(&p, end, &k->inode) != 0 ||
        (p < end && *p != ' ' && *p != '\t' && *p != '\r')) {
        return -1;
    }
    k->family = pr->family;
    k->type =
        pr->protocol == IPPROTO_TCP ? OSTAT_SOCK_STREAM : OSTAT_SOCK_DGRAM;
    set_status(k, st);
    return 0;
}

/* Whether the line at @p starts a row of net/unix: "<hex>: <8 hex> ". */
static int unix_row_start(const char *p, const char *end)
{
    uint64_t v;
    uint32_t w;

    return scan_hex_any(&p, end, &v) == 0 && end - p >= 2 && p[0] == ':' &&
           p[1] == ' ' && (p += 2, scan_hex(&p, end, 8, &w)) == 0 && p < end &&
           *p == ' ';
}

/* One row of net/unix: "Num: RefCount Protocol Flags Type St Inode [Path]".
 * The path runs to the end of the line, and on over the lines that follow
 * it while they do not start a row: the kernel prints a path's bytes as
 * they are, newlines included. *@next gets where the next row starts. */
static int parse_unix_row(const char *p,
                          const char *end,
                          struct sock *k,
                          const char **next)
{
    const char *eol = ostat__eol(p, end);
    uint64_t v, type;
    int i;

    if (scan_hex_any(&p, eol, &v) != 0 || p == eol || *p++ != ':') {
        return -1;
    }
    /* RefCount Protocol Flags */
    for (i = 0; i < 3; i++) {
        ostat__skip_blanks(&p, eol);
        if (scan_hex_any(&p, eol, &v) != 0) {
            return -1;
        }
    }
    ostat__skip_blanks(&p, eol);
    if (scan_hex_any(&p, eol, &type) != 0) {
        return -1;
    }
    ostat__skip_blanks(&p, eol);
    if (scan_hex_any(&p, eol, &v) != 0) { /* St */
        return -1;
    }
    if (ostat__scan_u64(&p, eol, &k->inode) != 0) {
        return -1;
    }
    k->family = OSTAT_AF_UNIX;
    k->type = sock_type((unsigned)type);
    set_status(k, 0);
    k->path = NULL;
    k->path_len = 0;
    *next = eol < end ? eol + 1 : end;
    if (p == eol) {
        return 0; /* not bound */
    }
    if (*p != ' ') {
        return -1;
    }
    k->path = ++p;
    while (*next < end && !unix_row_start(*next, end)) {
        eol = ostat__eol(*next, end);
        *next = eol < end ? eol + 1 : end;
    }
    /* The path ends before the newline that ends its last line. */
    eol = *next;
    if (eol > k->path && eol[-1] == '\n') {
        eol--;
    }
    k->path_len = (size_t)(eol - k->path);
    return 0;
}

/* The 1-based number of the line at @p of @data. */
static int line_of(const char *data, const char *p)
{
    int line = 1;

    for (; data < p; data++) {
        line += *data == '\n';
    }
    return line;
}

/* The sockets of one /proc/net file: 0, 1 when the kernel has no such
 * file (no IPv6, no UNIX sockets), or an error. */
static int read_table(struct scan *s, const struct proto *pr)
{
    ostat_ctx *ctx = s->ctx;
    struct ostat__buf *b = &ctx->os->scratch;
    char path[OSTAT__PATH_MAX];
    const char *p, *end, *eol, *next, *h;
    int unx = pr->family == OSTAT_AF_UNIX, rc;

    if ((rc = ostat__path(path, ctx->procfs_root, pr->file)) != 0) {
        return rc;
    }
    /* Not read_file_once: these files come a few records per read. */
    if ((rc = ostat__read_file(path, b)) != 0) {
        return rc == -ENOENT ? 1 : ostat__err_errno(-rc, OSTAT_EOS, path);
    }
    end = b->data + b->len;
    eol = ostat__eol(b->data, end);
    h = b->data;
    ostat__skip_blanks(&h, eol);
    if (!ostat__starts(h, eol, unx ? "Num " : "sl ")) {
        return ostat__parse_err(ctx->procfs_root, pr->file, 1,
                                b->len ? "expected the header line"
                                       : "empty file");
    }
    for (p = eol < end ? eol + 1 : end; p < end; p = next) {
        struct sock k;

        memset(&k, 0, sizeof(k));
        eol = ostat__eol(p, end);
        next = eol < end ? eol + 1 : end;
        if (ostat__at_end(p, eol)) {
            continue;
        }
        if (unx ? parse_unix_row(p, end, &k, &next) != 0
                : parse_inet_line(p, eol, pr, &k) != 0) {
            return ostat__parse_err(
                ctx->procfs_root, pr->file, line_of(b->data, p),
                unx ? "expected Num: RefCount Protocol Flags Type St Inode "
                      "[Path]"
                    : "expected sl: local_address rem_address st ... inode");
        }
        if ((rc = add_sock(s, &k)) != 0) {
            return rc;
        }
    }
    return 0;
}

/* ---- NETLINK_SOCK_DIAG ----------------------------------------------------
 */

static int nl_open(void)
{
    struct sockaddr_nl sa;
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);

    if (fd < 0) {
        return -1;
    }
    memset(&sa, 0, sizeof(sa));
    sa.nl_family = AF_NETLINK;
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Ask for a dump of @pr's sockets; with @both_tcp, of the TCP sockets of
 * both families at once. */
static int
nl_request(int fd, const struct proto *pr, int both_tcp, uint32_t seq)
{
    struct {
        struct nlmsghdr h;
        union {
            struct inet_diag_req_v2 inet;
            struct inet_diag_req old;
            struct unix_diag_req unx;
        } r;
    } req;
    struct sockaddr_nl sa;
    ssize_t n;

    memset(&req, 0, sizeof(req));
    req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = seq;
    if (both_tcp) {
        /* The request of inet_diag's first version names no family, and
         * the kernel walks its tables once for both; SOCK_DIAG_BY_FAMILY
         * takes one walk per family. */
        req.h.nlmsg_type = TCPDIAG_GETSOCK;
        req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r.old));
        req.r.old.idiag_family = AF_INET;
        req.r.old.idiag_states = 0x1ffeu;
    } else if (pr->af == AF_UNIX) {
        req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r.unx));
        req.r.unx.sdiag_family = AF_UNIX;
        req.r.unx.udiag_states = ~0u;
        req.r.unx.udiag_show = UDIAG_SHOW_NAME;
    } else {
        req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r.inet));
        req.r.inet.sdiag_family = (uint8_t)pr->af;
        req.r.inet.sdiag_protocol = (uint8_t)pr->protocol;
        /* TCP: the states /proc/net/tcp shows, 1 (ESTABLISHED) to 11
         * (CLOSING) and 12 (request sockets, shown as SYN_RECV); not the
         * bound-only sockets of later kernels. UDP: all. */
        req.r.inet.idiag_states = pr->protocol == IPPROTO_TCP ? 0x1ffeu : ~0u;
    }
    memset(&sa, 0, sizeof(sa));
    sa.nl_family = AF_NETLINK;
    do {
        n = sendto(fd, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&sa,
                   sizeof(sa));
    } while (n < 0 && errno == EINTR);
    return n == (ssize_t)req.h.nlmsg_len ? 0 : -1;
}

static int nl_bad(const char *why)
{
    return ostat__err(OSTAT_EPARSE, 0, "NETLINK_SOCK_DIAG",
                      "NETLINK_SOCK_DIAG: %s", why);
}

/* A record of an inet_diag dump. */
static int
nl_inet(struct scan *s, const struct proto *pr, const struct nlmsghdr *h)
{
    const struct inet_diag_msg *m = NLMSG_DATA(h);
    struct sock k;

    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m))) {
        return nl_bad("short inet_diag record");
    }
    if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6) {
        return nl_bad("an inet_diag record of another family");
    }
    memset(&k, 0, sizeof(k));
    k.family = m->idiag_family == AF_INET ? OSTAT_AF_INET : OSTAT_AF_INET6;
    k.type = pr->protocol == IPPROTO_TCP ? OSTAT_SOCK_STREAM : OSTAT_SOCK_DGRAM;
    memcpy(k.laddr, m->id.idiag_src, 16);
    memcpy(k.raddr, m->id.idiag_dst, 16);
    k.lport = ntohs(m->id.idiag_sport);
    k.rport = ntohs(m->id.idiag_dport);
    k.inode = m->idiag_inode;
    set_status(&k, m->idiag_state);
    return add_sock(s, &k);
}

/* A record of a unix_diag dump. The name comes as the bytes of sun_path:
 * a path with its NUL, or for an abstract name a NUL and the name; it is
 * shown as /proc/net/unix shows it, "@" for each NUL. */
static int
nl_unix(struct scan *s, const struct nlmsghdr *h, char *name, size_t cap)
{
    const struct unix_diag_msg *m = NLMSG_DATA(h);
    const struct rtattr *a;
    struct sock k;
    int len;

    if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m))) {
        return nl_bad("short unix_diag record");
    }
    memset(&k, 0, sizeof(k));
    k.family = OSTAT_AF_UNIX;
    k.type = sock_type(m->udiag_type);
    k.inode = m->udiag_ino;
    set_status(&k, 0);
    len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
    for (a = (const struct rtattr *)(m + 1); RTA_OK(a, len);
         a = RTA_NEXT(a, len)) {
        size_t n = RTA_PAYLOAD(a), i;
        const char *d = RTA_DATA(a);

        if (a->rta_type != UNIX_DIAG_NAME || n == 0) {
            continue;
        }
        if (d[0] != '\0') {
            n--; /* the path's NUL */
        }
        if (n > cap) {
            return nl_bad("a UNIX socket name longer than sun_path");
        }
        for (i = 0; i < n; i++) {
            name[i] = d[i] != '\0' ? d[i] : '@';
        }
        k.path = name;
        k.path_len = n;
    }
    return add_sock(s, &k);
}

/* Dump @pr's sockets (@both_tcp: see nl_request): 0, 1 when the kernel
 * cannot (no such protocol or diag module: read the file instead), or an
 * error. */
static int
nl_dump(struct scan *s, int fd, const struct proto *pr, int both_tcp, char *buf)
{
    uint32_t seq = (uint32_t)(pr - protos) + 1 + (both_tcp ? 8 : 0);
    char name[sizeof(((struct sockaddr_un *)0)->sun_path) + 1];
    int first = 1, rc;

    if (nl_request(fd, pr, both_tcp, seq) != 0) {
        return 1;
    }
    for (;;) {
        struct sockaddr_nl sa;
        struct iovec iov = { buf, NL_BUF };
        struct msghdr msg;
        struct nlmsghdr *h;
        ssize_t n;
        int len;

        memset(&msg, 0, sizeof(msg));
        memset(&sa, 0, sizeof(sa));
        msg.msg_name = &sa;
        msg.msg_namelen = sizeof(sa);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        do {
            n = recvmsg(fd, &msg, 0);
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            return first ? 1
                         : ostat__err(OSTAT_EOS, errno, "NETLINK_SOCK_DIAG",
                                      "NETLINK_SOCK_DIAG: recvmsg: %s",
                                      strerror(errno));
        }
        if (msg.msg_flags & MSG_TRUNC) {
            return nl_bad("a batch larger than the buffer");
        }
        len = (int)n;
        for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
             h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_seq != seq || sa.nl_pid != 0) {
                continue; /* not the answer to this request */
            }
            if (h->nlmsg_type == NLMSG_DONE) {
                int err = 0;

                /* A dump that failed says so here. */
                if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(err))) {
                    memcpy(&err, NLMSG_DATA(h), sizeof(err));
                }
                if (err >= 0) {
                    return 0;
                }
                if (first) {
                    return 1;
                }
                return ostat__err(OSTAT_EOS, -err, "NETLINK_SOCK_DIAG",
                                  "NETLINK_SOCK_DIAG: %s", strerror(-err));
            }
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(h);
                int err = h->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) ? -e->error
                                                                   : EPROTO;

                /* At the start of a dump: no module for this protocol,
                 * or not allowed; the file may still tell. */
                if (first) {
                    return 1;
                }
                return ostat__err(OSTAT_EOS, err, "NETLINK_SOCK_DIAG",
                                  "NETLINK_SOCK_DIAG: %s", strerror(err));
            }
            first = 0;
            if (h->nlmsg_type !=
                (both_tcp ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY)) {
                continue;
            }
            rc = pr->af == AF_UNIX ? nl_unix(s, h, name, sizeof(name) - 1)
                                   : nl_inet(s, pr, h);
            if (rc != 0) {
                return rc;
            }
        }
    }
}

/* ---- the entry point ------------------------------------------------------
 */

int ostat__os_net_connections(ostat_ctx *ctx,
                              ostat_proc *p,
                              int32_t kind,
                              ostat_list *list)
{
    struct owners o;
    struct scan s;
    char *buf = malloc(NL_BUF);
    size_t i;
    int nl = -1, rc;

    if (buf == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    memset(&o, 0, sizeof(o));
    memset(&s, 0, sizeof(s));
    rc = p != NULL ? scan_one(L(p), &o, buf) : scan_all(ctx, &o, buf);
    if (rc != 0 || (p != NULL && o.n == 0)) {
        owners_free(&o); /* no socket descriptors: nothing to list */
        free(buf);
        return rc;
    }
    s.ctx = ctx;
    s.list = list;
    s.owners = &o;
    s.one = p != NULL;
    /* Netlink answers for the caller's network namespace, which is the
     * one /proc/net shows only on the running system. */
    if (ctx->live) {
        nl = nl_open();
    }
    for (i = 0; rc == 0 && i < OSTAT__ARRAY_LEN(protos); i++) {
        if (!(kind & protos[i].kind)) {
            continue;
        }
        rc = 1;
        if (nl >= 0 && protos[i].kind == OSTAT_CONN_KIND_TCP4 &&
            (kind & OSTAT_CONN_KIND_TCP6)) {
            rc = nl_dump(&s, nl, &protos[i], 1, buf);
            if (rc == 0) {
                kind &= ~OSTAT_CONN_KIND_TCP6; /* listed with tcp4 */
                continue;
            }
        }
        if (rc == 1 && nl >= 0) {
            rc = nl_dump(&s, nl, &protos[i], 0, buf);
        }
        if (rc == 1) {
            rc = read_table(&s, &protos[i]);
            rc = rc == 1 ? 0 : rc; /* no such table: no such sockets */
        }
    }
    if (nl >= 0) {
        close(nl);
    }
    owners_free(&o);
    free(buf);
    return rc;
}
