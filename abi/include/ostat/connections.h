/* SPDX-License-Identifier: MIT */
/* ostat/connections.h: the sockets of the system and of one process (psutil
 * net_connections() and Process.net_connections()). */
#ifndef OSTAT_CONNECTIONS_H
#define OSTAT_CONNECTIONS_H

#include "common.h"
#include "list.h"
#include "net.h"
#include "process.h"

/* Kinds of sockets to list, psutil's kind= argument as flags; combine them
 * with |. OSTAT_CONN_KIND_INET is psutil's default. */
#define OSTAT_CONN_KIND_TCP4 0x01
#define OSTAT_CONN_KIND_TCP6 0x02
#define OSTAT_CONN_KIND_UDP4 0x04
#define OSTAT_CONN_KIND_UDP6 0x08
#define OSTAT_CONN_KIND_UNIX 0x10
#define OSTAT_CONN_KIND_TCP (OSTAT_CONN_KIND_TCP4 | OSTAT_CONN_KIND_TCP6)
#define OSTAT_CONN_KIND_UDP (OSTAT_CONN_KIND_UDP4 | OSTAT_CONN_KIND_UDP6)
#define OSTAT_CONN_KIND_INET4 (OSTAT_CONN_KIND_TCP4 | OSTAT_CONN_KIND_UDP4)
#define OSTAT_CONN_KIND_INET6 (OSTAT_CONN_KIND_TCP6 | OSTAT_CONN_KIND_UDP6)
#define OSTAT_CONN_KIND_INET (OSTAT_CONN_KIND_TCP | OSTAT_CONN_KIND_UDP)
#define OSTAT_CONN_KIND_ALL (OSTAT_CONN_KIND_INET | OSTAT_CONN_KIND_UNIX)

/* Address families of a socket (psutil's family): OSTAT_AF_UNIX,
 * OSTAT_AF_INET and OSTAT_AF_INET6 of ostat/net.h. */

/* Socket types (psutil's type, socket.SOCK_*). */
#define OSTAT_SOCK_STREAM 1
#define OSTAT_SOCK_DGRAM 2
#define OSTAT_SOCK_SEQPACKET 5

/* Connection states (psutil's ConnectionStatus); 1 to 11 are TCP's. UDP and
 * UNIX sockets are OSTAT_CONN_NONE. The last three exist on Windows and
 * Solaris only. */
#define OSTAT_CONN_NONE 0
#define OSTAT_CONN_ESTABLISHED 1
#define OSTAT_CONN_SYN_SENT 2
#define OSTAT_CONN_SYN_RECV 3
#define OSTAT_CONN_FIN_WAIT1 4
#define OSTAT_CONN_FIN_WAIT2 5
#define OSTAT_CONN_TIME_WAIT 6
#define OSTAT_CONN_CLOSE 7
#define OSTAT_CONN_CLOSE_WAIT 8
#define OSTAT_CONN_LAST_ACK 9
#define OSTAT_CONN_LISTEN 10
#define OSTAT_CONN_CLOSING 11
#define OSTAT_CONN_DELETE_TCB 12
#define OSTAT_CONN_IDLE 13
#define OSTAT_CONN_BOUND 14

/**
 * A socket (psutil's sconn, and pconn for a process). Strings belong to
 * the list.
 *
 * An address the socket does not have (not bound, not connected: psutil's
 * empty tuple) is "" with port 0. For OSTAT_AF_UNIX, laddr is the path the
 * socket is bound to ("@name" for an abstract name, "" when unbound), and
 * the ports and raddr are not valid. A socket whose owner cannot be seen (a
 * process of another user, without privileges) has fd and pid -1 and their
 * valid bits clear.
 */
struct ostat_connection {
    uint32_t size;
    uint64_t valid;
    int32_t fd;         /**< the descriptor in process pid, or -1 */
    int32_t family;     /**< OSTAT_AF_* */
    int32_t type;       /**< OSTAT_SOCK_* */
    const char *laddr;  /**< local address: "127.0.0.1", "::1", a path */
    int32_t laddr_port; /**< local port */
    const char *raddr;  /**< remote address */
    int32_t raddr_port; /**< remote port */
    int32_t status;     /**< OSTAT_CONN_* */
    ostat_pid_t pid;    /**< the owning process, or -1 */
    uint64_t inode;     /**< the socket's inode number (beyond psutil) */
};

#define OSTAT_CONNECTION_FD OSTAT_BIT(0)
#define OSTAT_CONNECTION_FAMILY OSTAT_BIT(1)
#define OSTAT_CONNECTION_TYPE OSTAT_BIT(2)
#define OSTAT_CONNECTION_LADDR OSTAT_BIT(3)
#define OSTAT_CONNECTION_LADDR_PORT OSTAT_BIT(4)
#define OSTAT_CONNECTION_RADDR OSTAT_BIT(5)
#define OSTAT_CONNECTION_RADDR_PORT OSTAT_BIT(6)
#define OSTAT_CONNECTION_STATUS OSTAT_BIT(7)
#define OSTAT_CONNECTION_PID OSTAT_BIT(8)
#define OSTAT_CONNECTION_INODE OSTAT_BIT(9)
#define OSTAT_CONNECTION_INIT                                                  \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_connection), 0, 0, 0, 0, 0, 0, 0, 0, 0,  \
            0, 0                                                               \
    }

OSTAT_BEGIN_DECLS

/**
 * Every socket of the kinds in @p kind on the system (psutil
 * net_connections(kind)), each with the process that owns it where that
 * can be seen. The owners come from one pass over the descriptors of every
 * process; processes the caller may not inspect are skipped, as psutil
 * does, and their sockets have pid -1. The order is unspecified. An inet
 * socket shared by several processes is listed once, with the lowest pid;
 * a UNIX socket once per process and descriptor, as psutil does.
 * @p ctx may be NULL.
 * @param kind OSTAT_CONN_KIND_* flags, at least one.
 * @param out receives a list to free with ostat_list_free(); read its
 * elements with ostat_list_connection().
 * @return 0, OSTAT_EINVAL (NULL out, no kind or an unknown flag),
 * OSTAT_ENOMEM, OSTAT_EACCES, OSTAT_EPARSE, OSTAT_EOS, OSTAT_ENOTSUP.
 * @since 1.2
 */
OSTAT_API int
ostat_net_connections(ostat_ctx *ctx, int32_t kind, ostat_list **out);

/**
 * The sockets of the kinds in @p kind that process @p proc has open
 * (psutil Process.net_connections(kind)), one per descriptor for UNIX
 * sockets and one per socket otherwise (its lowest descriptor); pid is the
 * process's. Read elements with ostat_list_connection().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOPROC, OSTAT_EACCES, OSTAT_ENOMEM,
 * OSTAT_EPARSE, OSTAT_EOS.
 * @since 1.2
 */
OSTAT_API int
ostat_proc_net_connections(ostat_proc *proc, int32_t kind, ostat_list **out);

/**
 * Copy element @p index of a list of connections.
 * @return 0, OSTAT_EINVAL.
 * @since 1.2
 */
OSTAT_API int ostat_list_connection(const ostat_list *list,
                                    size_t index,
                                    struct ostat_connection *out);

/**
 * psutil's name of an OSTAT_CONN_* state, e.g. "ESTABLISHED" or "NONE";
 * "?" for a value it does not know. Static storage.
 * @since 1.2
 */
OSTAT_API const char *ostat_conn_status_name(int32_t status);

/**
 * The OSTAT_CONN_KIND_* flags of one of psutil's kind names: "inet",
 * "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp", "udp4", "udp6", "unix"
 * or "all".
 * @return 0, OSTAT_EINVAL (NULL argument or an unknown name).
 * @since 1.2
 */
OSTAT_API int ostat_conn_kind_from_name(const char *name, int32_t *out);

OSTAT_END_DECLS

#endif
