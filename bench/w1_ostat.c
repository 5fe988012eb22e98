/* SPDX-License-Identifier: MIT */
/* w1_ostat.c: W1 through the public ostat API, as an application would call
 * it: one context made once, then per snapshot the calls, reading every
 * list element through its accessor and freeing the lists. One contender
 * wraps the calls in a oneshot section, the other does not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ostat.h>

#include "bench_ostat.h"
#include "w1.h"

struct ostat_state {
    ostat_ctx *ctx;
    int oneshot;
};

static void copy_times(struct w1_cpu *d, const struct ostat_cpu_times *s)
{
    d->v[0] = s->user;
    d->v[1] = s->nice;
    d->v[2] = s->system;
    d->v[3] = s->idle;
    d->v[4] = s->iowait;
    d->v[5] = s->irq;
    d->v[6] = s->softirq;
    d->v[7] = s->steal;
    d->v[8] = s->guest;
    d->v[9] = s->guest_nice;
    d->cpu = s->cpu;
}

static void copy_disk(struct w1_disk *d, const struct ostat_disk_io_counters *e)
{
    d->v[0] = e->read_count;
    d->v[1] = e->write_count;
    d->v[2] = e->read_bytes;
    d->v[3] = e->write_bytes;
    d->v[4] = e->read_time;
    d->v[5] = e->write_time;
    d->v[6] = e->read_merged_count;
    d->v[7] = e->write_merged_count;
    d->v[8] = e->busy_time;
    d->v[9] = e->in_flight;
    d->v[10] = e->weighted_time;
    d->v[11] = e->discard_count;
    d->v[12] = e->discard_merged_count;
    d->v[13] = e->discard_bytes;
    d->v[14] = e->discard_time;
    d->v[15] = e->flush_count;
    d->v[16] = e->flush_time;
    d->have = (uint32_t)(e->valid & ((1u << W1_DISK_NFIELDS) - 1));
    w1_name(d->name, e->name, strlen(e->name));
}

static void copy_nic(struct w1_nic *d, const struct ostat_net_io_counters *e)
{
    d->v[0] = e->bytes_sent;
    d->v[1] = e->bytes_recv;
    d->v[2] = e->packets_sent;
    d->v[3] = e->packets_recv;
    d->v[4] = e->errin;
    d->v[5] = e->errout;
    d->v[6] = e->dropin;
    d->v[7] = e->dropout;
    d->v[8] = e->multicast;
    d->v[9] = e->collisions;
    d->v[10] = e->fifoin;
    d->v[11] = e->fifoout;
    d->v[12] = e->frame;
    d->v[13] = e->carrier;
    d->v[14] = e->compressedin;
    d->v[15] = e->compressedout;
    d->have = (uint32_t)(e->valid & ((1u << W1_NIC_NFIELDS) - 1));
    w1_name(d->name, e->name, strlen(e->name));
}

static int init(void **state, int oneshot)
{
    struct ostat_state *s = calloc(1, sizeof(*s));
    int rc;

    if (s == NULL) {
        snprintf(bench_err, sizeof(bench_err), "ostat: out of memory");
        return -1;
    }
    if ((rc = ostat_ctx_new(NULL, &s->ctx)) != 0) {
        free(s);
        return bench_ostat_fail("ostat_ctx_new", rc);
    }
    s->oneshot = oneshot;
    *state = s;
    return 0;
}

static int init_oneshot(void **state)
{
    return init(state, 1);
}

static int init_plain(void **state)
{
    return init(state, 0);
}

static int calls(ostat_ctx *ctx, struct w1_snap *out)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory sw = OSTAT_SWAP_MEMORY_INIT;
    struct ostat_loadavg la = OSTAT_LOADAVG_INIT;
    ostat_list *l = NULL;
    size_t i, n;
    uint64_t sum = 0;
    int rc;

    if ((rc = ostat_cpu_times(ctx, &t)) != 0) {
        return bench_ostat_fail("ostat_cpu_times", rc);
    }
    copy_times(&out->total, &t);

    if ((rc = ostat_cpu_times_percpu(ctx, &l)) != 0) {
        return bench_ostat_fail("ostat_cpu_times_percpu", rc);
    }
    n = ostat_list_count(l);
    if (n > W1_MAX_CPU) {
        n = W1_MAX_CPU;
    }
    for (i = 0; i < n; i++) {
        struct ostat_cpu_times e = OSTAT_CPU_TIMES_INIT;

        if ((rc = ostat_list_cpu_times(l, i, &e)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_cpu_times", rc);
        }
        copy_times(&out->percpu[i], &e);
    }
    out->ncpu = n;
    ostat_list_free(l);

    if ((rc = ostat_virtual_memory(ctx, &vm)) != 0) {
        return bench_ostat_fail("ostat_virtual_memory", rc);
    }
    out->mem_total = vm.total;
    out->mem_available = vm.available;
    out->mem_used = vm.used;
    out->mem_percent = vm.percent;
    out->mem_free = vm.free;
    out->mem_active = vm.active;
    out->mem_inactive = vm.inactive;
    out->mem_buffers = vm.buffers;
    out->mem_cached = vm.cached;
    out->mem_shared = vm.shared;
    out->mem_slab = vm.slab;

    if ((rc = ostat_swap_memory(ctx, &sw)) != 0) {
        return bench_ostat_fail("ostat_swap_memory", rc);
    }
    out->swap_total = sw.total;
    out->swap_used = sw.used;
    out->swap_free = sw.free;
    out->swap_percent = sw.percent;
    out->swap_sin = sw.sin;
    out->swap_sout = sw.sout;

    if ((rc = ostat_getloadavg(ctx, &la)) != 0) {
        return bench_ostat_fail("ostat_getloadavg", rc);
    }
    out->load1 = la.load1;
    out->load5 = la.load5;
    out->load15 = la.load15;

    if ((rc = ostat_boot_time(ctx, &out->boot_time)) != 0) {
        return bench_ostat_fail("ostat_boot_time", rc);
    }

    l = NULL;
    if ((rc = ostat_users(ctx, &l)) != 0) {
        return bench_ostat_fail("ostat_users", rc);
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        struct ostat_user u = OSTAT_USER_INIT;

        if ((rc = ostat_list_user(l, i, &u)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_user", rc);
        }
        sum += (uint64_t)u.pid + (uint64_t)u.started + strlen(u.name) +
               strlen(u.terminal) + strlen(u.host);
    }
    out->nusers = n;
    out->users_sum = sum;
    ostat_list_free(l);

    l = NULL;
    if ((rc = ostat_disk_io_counters_perdisk(ctx, 0, &l)) != 0) {
        return bench_ostat_fail("ostat_disk_io_counters_perdisk", rc);
    }
    n = ostat_list_count(l);
    if (n > W1_MAX_DISK) {
        n = W1_MAX_DISK;
    }
    for (i = 0; i < n; i++) {
        struct ostat_disk_io_counters e = OSTAT_DISK_IO_COUNTERS_INIT;

        if ((rc = ostat_list_disk_io_counters(l, i, &e)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_disk_io_counters", rc);
        }
        copy_disk(&out->disk[i], &e);
    }
    out->ndisk = n;
    ostat_list_free(l);

    l = NULL;
    if ((rc = ostat_net_io_counters_pernic(ctx, 0, &l)) != 0) {
        return bench_ostat_fail("ostat_net_io_counters_pernic", rc);
    }
    n = ostat_list_count(l);
    if (n > W1_MAX_NIC) {
        n = W1_MAX_NIC;
    }
    for (i = 0; i < n; i++) {
        struct ostat_net_io_counters e = OSTAT_NET_IO_COUNTERS_INIT;

        if ((rc = ostat_list_net_io_counters(l, i, &e)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_net_io_counters", rc);
        }
        copy_nic(&out->nic[i], &e);
    }
    out->nnic = n;
    ostat_list_free(l);

    l = NULL;
    if ((rc = ostat_disk_partitions(ctx, 0, &l)) != 0) {
        return bench_ostat_fail("ostat_disk_partitions", rc);
    }
    n = ostat_list_count(l);
    if (n > W1_MAX_MOUNT) {
        n = W1_MAX_MOUNT;
    }
    for (i = 0; i < n; i++) {
        struct ostat_disk_partition e = OSTAT_DISK_PARTITION_INIT;
        struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
        struct w1_mount *m = &out->mount[i];

        if ((rc = ostat_list_disk_partition(l, i, &e)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_list_disk_partition", rc);
        }
        if ((rc = ostat_disk_usage(ctx, e.mountpoint, &u)) != 0) {
            ostat_list_free(l);
            return bench_ostat_fail("ostat_disk_usage", rc);
        }
        w1_mount_names(m, e.device, strlen(e.device), e.mountpoint,
                       strlen(e.mountpoint), e.fstype, strlen(e.fstype));
        m->total = u.total;
        m->used = u.used;
        m->free = u.free;
        m->percent = u.percent;
    }
    out->nmount = n;
    ostat_list_free(l);
    return 0;
}

static long snap(void *state)
{
    struct ostat_state *s = state;
    int rc, rc2;

    if (!s->oneshot) {
        return calls(s->ctx, &w1_last) != 0 ? -1 : 1;
    }
    if ((rc = ostat_ctx_oneshot_begin(s->ctx)) != 0) {
        return bench_ostat_fail("ostat_ctx_oneshot_begin", rc);
    }
    rc = calls(s->ctx, &w1_last);
    if ((rc2 = ostat_ctx_oneshot_end(s->ctx)) != 0 && rc == 0) {
        return bench_ostat_fail("ostat_ctx_oneshot_end", rc2);
    }
    return rc != 0 ? -1 : 1;
}

static void fini(void *state)
{
    struct ostat_state *s = state;

    if (s != NULL) {
        ostat_ctx_free(s->ctx);
        free(s);
    }
}

const struct bench_contender w1_ostat_oneshot = {
    "ostat", "ostat (oneshot)", NULL, init_oneshot, snap, fini,
};

const struct bench_contender w1_ostat_plain = {
    "ostat-plain",
    "ostat (no oneshot)",
    "ostat (no oneshot): the same calls without ostat_ctx_oneshot_begin/end, "
    "so /proc/stat and /proc/meminfo are read twice each",
    init_plain,
    snap,
    fini,
};
