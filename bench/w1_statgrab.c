/* SPDX-License-Identifier: MIT */
/* w1_statgrab.c: W1 with libstatgrab's closest equivalents. sg_init() runs
 * once; each snapshot calls the sg_get_* functions whose results live in
 * libstatgrab's per-thread buffers (its cheapest way, nothing to free). */
#ifdef W1_HAVE_STATGRAB
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <statgrab.h>

#include "w1.h"

struct sg_state {
    double tck;
    uint64_t page_size;
};

static struct sg_state sg_st;

static int fail(const char *call)
{
    snprintf(bench_err, sizeof(bench_err), "libstatgrab: %s: %s (errno %d)",
             call, sg_str_error(sg_get_error()), sg_get_error_errno());
    return -1;
}

static int sg_init_state(void **state)
{
    long v = sysconf(_SC_CLK_TCK);

    if (sg_init(1) != SG_ERROR_NONE) {
        return fail("sg_init");
    }
    sg_st.tck = v > 0 ? (double)v : 100;
    v = sysconf(_SC_PAGESIZE);
    sg_st.page_size = v > 0 ? (uint64_t)v : 4096;
    *state = &sg_st;
    return 0;
}

static long sg_snap(void *state)
{
    struct w1_snap *out = &w1_last;
    const sg_cpu_stats *c;
    const sg_mem_stats *m;
    const sg_swap_stats *s;
    const sg_page_stats *pg;
    const sg_load_stats *l;
    const sg_host_info *h;
    const sg_user_stats *u;
    const sg_disk_io_stats *d;
    const sg_network_io_stats *ni;
    const sg_fs_stats *fs;
    size_t n, i;
    uint64_t sum = 0;

    (void)state;
    if ((c = sg_get_cpu_stats(&n)) == NULL || n < 1) {
        return fail("sg_get_cpu_stats");
    }
    memset(&out->total, 0, sizeof(out->total));
    out->total.v[0] = (double)c->user / sg_st.tck;
    out->total.v[1] = (double)c->nice / sg_st.tck;
    out->total.v[2] = (double)c->kernel / sg_st.tck;
    out->total.v[3] = (double)c->idle / sg_st.tck;
    out->total.v[4] = (double)c->iowait / sg_st.tck;
    out->total.cpu = -1;
    out->ncpu = 0; /* libstatgrab has no per-CPU times */

    if ((m = sg_get_mem_stats(&n)) == NULL || n < 1) {
        return fail("sg_get_mem_stats");
    }
    out->mem_total = m->total;
    out->mem_free = m->free;
    out->mem_used = m->used;
    out->mem_cached = m->cache;
    out->mem_available = m->free + m->cache;
    out->mem_percent = m->total ? (double)m->used / (double)m->total * 100 : 0;

    if ((s = sg_get_swap_stats(&n)) == NULL || n < 1) {
        return fail("sg_get_swap_stats");
    }
    out->swap_total = s->total;
    out->swap_used = s->used;
    out->swap_free = s->free;
    out->swap_percent = s->total ? (double)s->used / (double)s->total * 100 : 0;

    if ((pg = sg_get_page_stats(&n)) == NULL || n < 1) {
        return fail("sg_get_page_stats");
    }
    out->swap_sin = pg->pages_pagein * sg_st.page_size;
    out->swap_sout = pg->pages_pageout * sg_st.page_size;

    if ((l = sg_get_load_stats(&n)) == NULL || n < 1) {
        return fail("sg_get_load_stats");
    }
    out->load1 = l->min1;
    out->load5 = l->min5;
    out->load15 = l->min15;

    if ((h = sg_get_host_info(&n)) == NULL || n < 1) {
        return fail("sg_get_host_info");
    }
    out->boot_time = (double)(h->systime - h->uptime);

    u = sg_get_user_stats(&n);
    if (u == NULL && sg_get_error() != SG_ERROR_NONE) {
        return fail("sg_get_user_stats");
    }
    for (i = 0; u != NULL && i < n; i++) {
        sum += (uint64_t)u[i].pid + (uint64_t)u[i].login_time +
               strlen(u[i].login_name) + strlen(u[i].device) +
               strlen(u[i].hostname);
    }
    out->nusers = u != NULL ? n : 0;
    out->users_sum = sum;

    /* Each line of /proc/diskstats: the bytes read and written only. */
    d = sg_get_disk_io_stats(&n);
    if (d == NULL && sg_get_error() != SG_ERROR_NONE) {
        return fail("sg_get_disk_io_stats");
    }
    if (d == NULL) {
        n = 0;
    } else if (n > W1_MAX_DISK) {
        n = W1_MAX_DISK;
    }
    for (i = 0; i < n; i++) {
        struct w1_disk *x = &out->disk[i];

        memset(x->v, 0, sizeof(x->v));
        x->v[2] = d[i].read_bytes;
        x->v[3] = d[i].write_bytes;
        x->have = 1u << 2 | 1u << 3;
        w1_name(x->name, d[i].disk_name, strlen(d[i].disk_name));
    }
    out->ndisk = n;

    /* Bytes, packets and errors each way, and collisions. */
    ni = sg_get_network_io_stats(&n);
    if (ni == NULL && sg_get_error() != SG_ERROR_NONE) {
        return fail("sg_get_network_io_stats");
    }
    if (ni == NULL) {
        n = 0;
    } else if (n > W1_MAX_NIC) {
        n = W1_MAX_NIC;
    }
    for (i = 0; i < n; i++) {
        struct w1_nic *x = &out->nic[i];

        memset(x->v, 0, sizeof(x->v));
        x->v[0] = ni[i].tx;
        x->v[1] = ni[i].rx;
        x->v[2] = ni[i].opackets;
        x->v[3] = ni[i].ipackets;
        x->v[4] = ni[i].ierrors;
        x->v[5] = ni[i].oerrors;
        x->v[9] = ni[i].collisions;
        x->have = 0x3fu | 1u << 9;
        w1_name(x->name, ni[i].interface_name, strlen(ni[i].interface_name));
    }
    out->nnic = n;

    /* Every mount whose type /proc/filesystems names (pseudo filesystems
     * too), with its statvfs: "avail" is disk_usage's free. */
    fs = sg_get_fs_stats(&n);
    if (fs == NULL && sg_get_error() != SG_ERROR_NONE) {
        return fail("sg_get_fs_stats");
    }
    if (fs == NULL) {
        n = 0;
    } else if (n > W1_MAX_MOUNT) {
        n = W1_MAX_MOUNT;
    }
    for (i = 0; i < n; i++) {
        struct w1_mount *m = &out->mount[i];

        w1_mount_names(m, fs[i].device_name, strlen(fs[i].device_name),
                       fs[i].mnt_point, strlen(fs[i].mnt_point), fs[i].fs_type,
                       strlen(fs[i].fs_type));
        m->total = fs[i].size;
        m->used = fs[i].used;
        m->free = fs[i].avail;
        m->percent = m->used + m->free
                         ? (double)m->used / (double)(m->used + m->free) * 100
                         : 0;
    }
    out->nmount = n;
    return 1;
}

static void sg_fini(void *state)
{
    (void)state;
    sg_shutdown();
}

const struct bench_contender w1_statgrab = {
    "statgrab",
    "libstatgrab",
    "libstatgrab: sg_get_cpu_stats (total only: no per-CPU times, no "
    "irq/softirq/steal/guest columns), sg_get_mem_stats (no available, "
    "active, inactive, buffers, shared or slab), sg_get_swap_stats, "
    "sg_get_page_stats for swap in/out, sg_get_load_stats, sg_get_host_info "
    "(boot time = systime - uptime, whole seconds; also does uname and "
    "more), sg_get_user_stats, sg_get_disk_io_stats (bytes read and written "
    "only), sg_get_network_io_stats (bytes, packets and errors each way and "
    "collisions: no drops, multicast, fifo, frame, carrier or compressed "
    "counts) and sg_get_fs_stats (every mount of a type /proc/filesystems "
    "names, pseudo filesystems too, each with an lstat of its source and a "
    "statvfs)",
    sg_init_state,
    sg_snap,
    sg_fini,
};
#else
/* Built without libstatgrab: nothing here. */
typedef int w1_statgrab_absent;
#endif
