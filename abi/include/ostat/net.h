/* SPDX-License-Identifier: MIT */
/* ostat/net.h: network interfaces: I/O counters, addresses and link
 * statistics (psutil net_io_counters(), net_if_addrs(), net_if_stats()). */
#ifndef OSTAT_NET_H
#define OSTAT_NET_H

#include "common.h"
#include "list.h"

/*
 * Each call reads the network namespace of the calling thread. Interface
 * names, and the labels of IPv4 aliases such as "eth0:1", are the bytes the
 * kernel gave: they may contain quotes, control characters or invalid UTF-8
 * (ostat_utf8_repair() makes them printable).
 */

/** Address families (psutil's socket.AF_* values on Linux), for interface
 * addresses and sockets alike (ostat/connections.h). */
#define OSTAT_AF_UNSPEC 0 /**< an interface without a usable address */
#define OSTAT_AF_UNIX 1   /**< a UNIX domain socket */
#define OSTAT_AF_INET 2
#define OSTAT_AF_INET6 10
#define OSTAT_AF_LINK 17 /**< a link-layer (MAC) address */

/** Duplex of a link (psutil's NicDuplex). */
#define OSTAT_NIC_DUPLEX_UNKNOWN 0
#define OSTAT_NIC_DUPLEX_HALF 1
#define OSTAT_NIC_DUPLEX_FULL 2

/**
 * Flag of ostat_net_io_counters() and ostat_net_io_counters_pernic():
 * return wrap-safe totals that keep growing when a kernel counter wraps
 * around or an interface is re-created, instead of the raw counters
 * (psutil's nowrap=True, its default). The context keeps the previous
 * sample of each interface and forgets an interface that disappears.
 */
#define OSTAT_NET_IO_NOWRAP 0x1u

/**
 * Network I/O counters since the interface was created (psutil's snetio),
 * for one interface or summed over all of them. Bytes and packets; the
 * fields after dropout are Linux's other columns of /proc/net/dev.
 */
struct ostat_net_io_counters {
    uint32_t size;
    uint64_t valid;
    uint64_t bytes_sent;
    uint64_t bytes_recv;
    uint64_t packets_sent;
    uint64_t packets_recv;
    uint64_t errin;         /**< receive errors */
    uint64_t errout;        /**< transmit errors */
    uint64_t dropin;        /**< incoming packets dropped */
    uint64_t dropout;       /**< outgoing packets dropped */
    uint64_t multicast;     /**< multicast packets received */
    uint64_t collisions;    /**< collisions on the medium */
    uint64_t fifoin;        /**< receive FIFO (overrun) errors */
    uint64_t fifoout;       /**< transmit FIFO (underrun) errors */
    uint64_t frame;         /**< receive framing errors */
    uint64_t carrier;       /**< transmit carrier errors */
    uint64_t compressedin;  /**< compressed packets received */
    uint64_t compressedout; /**< compressed packets sent */
    const char *name;       /**< the interface; not valid in the total */
};

#define OSTAT_NET_IO_COUNTERS_BYTES_SENT OSTAT_BIT(0)
#define OSTAT_NET_IO_COUNTERS_BYTES_RECV OSTAT_BIT(1)
#define OSTAT_NET_IO_COUNTERS_PACKETS_SENT OSTAT_BIT(2)
#define OSTAT_NET_IO_COUNTERS_PACKETS_RECV OSTAT_BIT(3)
#define OSTAT_NET_IO_COUNTERS_ERRIN OSTAT_BIT(4)
#define OSTAT_NET_IO_COUNTERS_ERROUT OSTAT_BIT(5)
#define OSTAT_NET_IO_COUNTERS_DROPIN OSTAT_BIT(6)
#define OSTAT_NET_IO_COUNTERS_DROPOUT OSTAT_BIT(7)
#define OSTAT_NET_IO_COUNTERS_MULTICAST OSTAT_BIT(8)
#define OSTAT_NET_IO_COUNTERS_COLLISIONS OSTAT_BIT(9)
#define OSTAT_NET_IO_COUNTERS_FIFOIN OSTAT_BIT(10)
#define OSTAT_NET_IO_COUNTERS_FIFOOUT OSTAT_BIT(11)
#define OSTAT_NET_IO_COUNTERS_FRAME OSTAT_BIT(12)
#define OSTAT_NET_IO_COUNTERS_CARRIER OSTAT_BIT(13)
#define OSTAT_NET_IO_COUNTERS_COMPRESSEDIN OSTAT_BIT(14)
#define OSTAT_NET_IO_COUNTERS_COMPRESSEDOUT OSTAT_BIT(15)
#define OSTAT_NET_IO_COUNTERS_NAME OSTAT_BIT(16)
#define OSTAT_NET_IO_COUNTERS_INIT                                             \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_net_io_counters), 0, 0, 0, 0, 0, 0, 0,   \
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0                                    \
    }

/**
 * One address of an interface (psutil's snicaddr). Strings belong to the
 * list. Addresses are numeric: "192.0.2.1", "2001:db8::1", an IPv6
 * link-local address with its zone ("fe80::1%eth0"), or a MAC address as
 * six or more lowercase hex octets ("02:00:5e:10:00:01").
 */
struct ostat_net_if_addr {
    uint32_t size;
    uint64_t valid;
    const char *name;      /**< the interface, or an IPv4 alias label */
    int32_t family;        /**< OSTAT_AF_* */
    const char *address;   /**< not valid for OSTAT_AF_UNSPEC */
    const char *netmask;   /**< e.g. "255.255.255.0"; not valid for links */
    const char *broadcast; /**< only on broadcast interfaces */
    const char *ptp;       /**< the peer, only on point-to-point links */
};

#define OSTAT_NET_IF_ADDR_NAME OSTAT_BIT(0)
#define OSTAT_NET_IF_ADDR_FAMILY OSTAT_BIT(1)
#define OSTAT_NET_IF_ADDR_ADDRESS OSTAT_BIT(2)
#define OSTAT_NET_IF_ADDR_NETMASK OSTAT_BIT(3)
#define OSTAT_NET_IF_ADDR_BROADCAST OSTAT_BIT(4)
#define OSTAT_NET_IF_ADDR_PTP OSTAT_BIT(5)
#define OSTAT_NET_IF_ADDR_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_net_if_addr), 0, 0, 0, 0, 0, 0, 0        \
    }

/** The state of an interface (psutil's snicstats). */
struct ostat_net_if_stats {
    uint32_t size;
    uint64_t valid;
    const char *name;  /**< the interface */
    int32_t isup;      /**< 1 when up and running (IFF_RUNNING), else 0 */
    int32_t duplex;    /**< OSTAT_NIC_DUPLEX_* */
    int64_t speed;     /**< Mbit/s; not valid when the driver cannot tell */
    int64_t mtu;       /**< bytes */
    const char *flags; /**< e.g. "up,broadcast,running,multicast" */
};

#define OSTAT_NET_IF_STATS_NAME OSTAT_BIT(0)
#define OSTAT_NET_IF_STATS_ISUP OSTAT_BIT(1)
#define OSTAT_NET_IF_STATS_DUPLEX OSTAT_BIT(2)
#define OSTAT_NET_IF_STATS_SPEED OSTAT_BIT(3)
#define OSTAT_NET_IF_STATS_MTU OSTAT_BIT(4)
#define OSTAT_NET_IF_STATS_FLAGS OSTAT_BIT(5)
#define OSTAT_NET_IF_STATS_INIT                                                \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_net_if_stats), 0, 0, 0, 0, 0, 0, 0       \
    }

OSTAT_BEGIN_DECLS

/**
 * Network I/O counters summed over every interface (psutil
 * net_io_counters()). A field is valid when every interface has it.
 * @p ctx may be NULL unless @p flags has OSTAT_NET_IO_NOWRAP.
 * @param flags 0 for the raw kernel counters, or OSTAT_NET_IO_NOWRAP.
 * @return 0, OSTAT_EINVAL (unknown flags, nowrap without a context),
 * OSTAT_ENOTSUP (no interface at all: psutil's None), OSTAT_EPARSE,
 * OSTAT_EACCES, OSTAT_EOS, OSTAT_ENOMEM.
 * @since 1.2
 */
OSTAT_API int ostat_net_io_counters(ostat_ctx *ctx,
                                    uint32_t flags,
                                    struct ostat_net_io_counters *out);

/**
 * Network I/O counters of each interface (psutil
 * net_io_counters(pernic=True)), in the kernel's order; an empty list when
 * there is no interface.
 * @param flags as for ostat_net_io_counters().
 * @param out receives a list to free with ostat_list_free(); read it with
 * ostat_list_net_io_counters().
 * @return as ostat_net_io_counters(), but never OSTAT_ENOTSUP for a
 * system without interfaces.
 * @since 1.2
 */
OSTAT_API int
ostat_net_io_counters_pernic(ostat_ctx *ctx, uint32_t flags, ostat_list **out);

/**
 * Copy element @p index of a list from ostat_net_io_counters_pernic().
 * @since 1.2
 */
OSTAT_API int ostat_list_net_io_counters(const ostat_list *list,
                                         size_t index,
                                         struct ostat_net_io_counters *out);

/**
 * The addresses of every interface (psutil net_if_addrs()): one element
 * per address, an interface's elements together, IPv4 first, then IPv6,
 * then the link layer. An interface without any usable address (a tunnel)
 * has one OSTAT_AF_UNSPEC element. The addresses come from the kernel, not
 * from files, so a context with a procfs root, sysfs root or host prefix
 * cannot read them. @p ctx may be NULL.
 * @param out receives a list to free with ostat_list_free(); read it with
 * ostat_list_net_if_addr().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOTSUP (another system's tree),
 * OSTAT_ENOMEM, OSTAT_EOS.
 * @since 1.2
 */
OSTAT_API int ostat_net_if_addrs(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list from ostat_net_if_addrs(). The strings
 * stay owned by the list.
 * @since 1.2
 */
OSTAT_API int ostat_list_net_if_addr(const ostat_list *list,
                                     size_t index,
                                     struct ostat_net_if_addr *out);

/**
 * The state of every interface (psutil net_if_stats()), in the order of
 * ostat_net_io_counters_pernic(). An interface that disappears while it is
 * read is left out. @p ctx may be NULL.
 * @param out receives a list to free with ostat_list_free(); read it with
 * ostat_list_net_if_stats().
 * @return 0, OSTAT_EINVAL, OSTAT_EPARSE, OSTAT_EACCES, OSTAT_EOS,
 * OSTAT_ENOMEM.
 * @since 1.2
 */
OSTAT_API int ostat_net_if_stats(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list from ostat_net_if_stats(). The strings
 * stay owned by the list.
 * @since 1.2
 */
OSTAT_API int ostat_list_net_if_stats(const ostat_list *list,
                                      size_t index,
                                      struct ostat_net_if_stats *out);

OSTAT_END_DECLS

#endif
