/* SPDX-License-Identifier: MIT */
/* struct.c: copying snapshot structs to callers whose headers may be older or
 * newer than the library's, and the field layouts that make it possible;
 * the common path of the public snapshot and list functions. */
#include <string.h>

#include "internal.h"

#define LAYOUT(type, ...)                                                      \
    static const uint16_t type##_ends[] = { __VA_ARGS__ };                     \
    const struct ostat__layout ostat__layout_##type = {                        \
        #type, sizeof(struct ostat_##type), type##_ends,                       \
        (unsigned)OSTAT__ARRAY_LEN(type##_ends)                                \
    }

#define E(type, m) OSTAT__END(ostat_##type, m)

LAYOUT(cpu_times,
       E(cpu_times, user),
       E(cpu_times, system),
       E(cpu_times, idle),
       E(cpu_times, nice),
       E(cpu_times, iowait),
       E(cpu_times, irq),
       E(cpu_times, softirq),
       E(cpu_times, steal),
       E(cpu_times, guest),
       E(cpu_times, guest_nice),
       E(cpu_times, cpu));
LAYOUT(cpu_stats,
       E(cpu_stats, ctx_switches),
       E(cpu_stats, interrupts),
       E(cpu_stats, soft_interrupts),
       E(cpu_stats, syscalls),
       E(cpu_stats, forks),
       E(cpu_stats, procs_running),
       E(cpu_stats, procs_blocked));
LAYOUT(cpu_freq,
       E(cpu_freq, current),
       E(cpu_freq, min),
       E(cpu_freq, max),
       E(cpu_freq, cpu));
LAYOUT(loadavg,
       E(loadavg, load1),
       E(loadavg, load5),
       E(loadavg, load15),
       E(loadavg, runnable),
       E(loadavg, entities));
LAYOUT(virtual_memory,
       E(virtual_memory, total),
       E(virtual_memory, available),
       E(virtual_memory, percent),
       E(virtual_memory, used),
       E(virtual_memory, free),
       E(virtual_memory, active),
       E(virtual_memory, inactive),
       E(virtual_memory, buffers),
       E(virtual_memory, cached),
       E(virtual_memory, shared),
       E(virtual_memory, slab));
LAYOUT(swap_memory,
       E(swap_memory, total),
       E(swap_memory, used),
       E(swap_memory, free),
       E(swap_memory, percent),
       E(swap_memory, sin),
       E(swap_memory, sout));
LAYOUT(heap_info, E(heap_info, heap_used), E(heap_info, mmap_used));
LAYOUT(user,
       E(user, name),
       E(user, terminal),
       E(user, host),
       E(user, started),
       E(user, pid));
LAYOUT(pressure,
       E(pressure, some_avg10),
       E(pressure, some_avg60),
       E(pressure, some_avg300),
       E(pressure, some_total),
       E(pressure, full_avg10),
       E(pressure, full_avg60),
       E(pressure, full_avg300),
       E(pressure, full_total));

LAYOUT(proc_ids, E(proc_ids, real), E(proc_ids, effective), E(proc_ids, saved));
LAYOUT(proc_cpu_times,
       E(proc_cpu_times, user),
       E(proc_cpu_times, system),
       E(proc_cpu_times, children_user),
       E(proc_cpu_times, children_system),
       E(proc_cpu_times, iowait));
LAYOUT(proc_memory_info,
       E(proc_memory_info, rss),
       E(proc_memory_info, vms),
       E(proc_memory_info, shared),
       E(proc_memory_info, text),
       E(proc_memory_info, data),
       E(proc_memory_info, peak_rss),
       E(proc_memory_info, peak_vms),
       E(proc_memory_info, rss_anon),
       E(proc_memory_info, rss_file),
       E(proc_memory_info, rss_shmem),
       E(proc_memory_info, swap),
       E(proc_memory_info, hugetlb));
LAYOUT(proc_memory_footprint,
       E(proc_memory_footprint, uss),
       E(proc_memory_footprint, pss),
       E(proc_memory_footprint, swap));
LAYOUT(proc_page_faults,
       E(proc_page_faults, minor),
       E(proc_page_faults, major));
LAYOUT(proc_ctx_switches,
       E(proc_ctx_switches, voluntary),
       E(proc_ctx_switches, involuntary));
LAYOUT(proc_io_counters,
       E(proc_io_counters, read_count),
       E(proc_io_counters, write_count),
       E(proc_io_counters, read_bytes),
       E(proc_io_counters, write_bytes),
       E(proc_io_counters, read_chars),
       E(proc_io_counters, write_chars));
LAYOUT(proc_thread,
       E(proc_thread, id),
       E(proc_thread, user_time),
       E(proc_thread, system_time));
LAYOUT(proc_environ_var, E(proc_environ_var, name), E(proc_environ_var, value));
LAYOUT(proc_ionice, E(proc_ionice, ioclass), E(proc_ionice, value));

LAYOUT(proc_mmap,
       E(proc_mmap, path),
       E(proc_mmap, addr_start),
       E(proc_mmap, addr_end),
       E(proc_mmap, perms),
       E(proc_mmap, rss),
       E(proc_mmap, vsize),
       E(proc_mmap, pss),
       E(proc_mmap, shared_clean),
       E(proc_mmap, shared_dirty),
       E(proc_mmap, private_clean),
       E(proc_mmap, private_dirty),
       E(proc_mmap, referenced),
       E(proc_mmap, anonymous),
       E(proc_mmap, swap));
LAYOUT(proc_open_file,
       E(proc_open_file, path),
       E(proc_open_file, fd),
       E(proc_open_file, position),
       E(proc_open_file, mode),
       E(proc_open_file, flags));
LAYOUT(cgroup,
       E(cgroup, memory_current),
       E(cgroup, memory_max),
       E(cgroup, memory_anon),
       E(cgroup, memory_file),
       E(cgroup, memory_kernel),
       E(cgroup, memory_shmem),
       E(cgroup, swap_current),
       E(cgroup, cpu_usage),
       E(cgroup, cpu_user),
       E(cgroup, cpu_system),
       E(cgroup, cpu_nr_periods),
       E(cgroup, cpu_nr_throttled),
       E(cgroup, cpu_throttled),
       E(cgroup, pids_current),
       E(cgroup, pids_max));
LAYOUT(sensors_temperature,
       E(sensors_temperature, chip),
       E(sensors_temperature, label),
       E(sensors_temperature, current),
       E(sensors_temperature, high),
       E(sensors_temperature, critical));
LAYOUT(sensors_fan,
       E(sensors_fan, chip),
       E(sensors_fan, label),
       E(sensors_fan, current));
LAYOUT(sensors_battery,
       E(sensors_battery, percent),
       E(sensors_battery, secsleft),
       E(sensors_battery, power_plugged));
LAYOUT(disk_partition,
       E(disk_partition, device),
       E(disk_partition, mountpoint),
       E(disk_partition, fstype),
       E(disk_partition, opts));
LAYOUT(disk_usage,
       E(disk_usage, total),
       E(disk_usage, used),
       E(disk_usage, free),
       E(disk_usage, percent));
LAYOUT(disk_io_counters,
       E(disk_io_counters, read_count),
       E(disk_io_counters, write_count),
       E(disk_io_counters, read_bytes),
       E(disk_io_counters, write_bytes),
       E(disk_io_counters, read_time),
       E(disk_io_counters, write_time),
       E(disk_io_counters, read_merged_count),
       E(disk_io_counters, write_merged_count),
       E(disk_io_counters, busy_time),
       E(disk_io_counters, in_flight),
       E(disk_io_counters, weighted_time),
       E(disk_io_counters, discard_count),
       E(disk_io_counters, discard_merged_count),
       E(disk_io_counters, discard_bytes),
       E(disk_io_counters, discard_time),
       E(disk_io_counters, flush_count),
       E(disk_io_counters, flush_time),
       E(disk_io_counters, name));
LAYOUT(net_io_counters,
       E(net_io_counters, bytes_sent),
       E(net_io_counters, bytes_recv),
       E(net_io_counters, packets_sent),
       E(net_io_counters, packets_recv),
       E(net_io_counters, errin),
       E(net_io_counters, errout),
       E(net_io_counters, dropin),
       E(net_io_counters, dropout),
       E(net_io_counters, multicast),
       E(net_io_counters, collisions),
       E(net_io_counters, fifoin),
       E(net_io_counters, fifoout),
       E(net_io_counters, frame),
       E(net_io_counters, carrier),
       E(net_io_counters, compressedin),
       E(net_io_counters, compressedout),
       E(net_io_counters, name));
LAYOUT(net_if_addr,
       E(net_if_addr, name),
       E(net_if_addr, family),
       E(net_if_addr, address),
       E(net_if_addr, netmask),
       E(net_if_addr, broadcast),
       E(net_if_addr, ptp));
LAYOUT(net_if_stats,
       E(net_if_stats, name),
       E(net_if_stats, isup),
       E(net_if_stats, duplex),
       E(net_if_stats, speed),
       E(net_if_stats, mtu),
       E(net_if_stats, flags));
LAYOUT(connection,
       E(connection, fd),
       E(connection, family),
       E(connection, type),
       E(connection, laddr),
       E(connection, laddr_port),
       E(connection, raddr),
       E(connection, raddr_port),
       E(connection, status),
       E(connection, pid),
       E(connection, inode));

/* Not a snapshot struct, but copied out the same way (counter.c). */
LAYOUT(counter,
       E(counter, raw),
       E(counter, generation),
       E(counter, delta),
       E(counter, total),
       E(counter, total_high),
       E(counter, wraps),
       E(counter, resets),
       E(counter, event));

/* Every snapshot struct starts with uint32_t size, then uint64_t valid. */
struct header {
    uint32_t size;
    uint64_t valid;
};

int ostat__check_out(const void *dst, const struct ostat__layout *layout)
{
    uint32_t size;

    if (dst == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL output struct",
                          layout->name);
    }
    memcpy(&size, dst, sizeof(size));
    if (size < OSTAT__HEADER_SIZE) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "%s: size %u is smaller than the size and valid "
                          "fields (%u); initialise it with its _INIT macro",
                          layout->name, (unsigned)size,
                          (unsigned)OSTAT__HEADER_SIZE);
    }
    return 0;
}

void ostat__copy_out(void *dst, const void *src, const struct ostat__layout *l)
{
    struct header h;
    size_t n;
    uint64_t valid;
    unsigned i;
    unsigned char *d = dst;

    memcpy(&h, dst, sizeof(h));
    n = h.size < l->size ? h.size : l->size;
    memcpy(d + sizeof(uint32_t), (const unsigned char *)src + sizeof(uint32_t),
           n - sizeof(uint32_t));
    if (h.size > l->size) {
        memset(d + l->size, 0, h.size - l->size);
    }
    memcpy(&h.valid,
           (const unsigned char *)src + offsetof(struct header, valid),
           sizeof(h.valid));
    valid = 0;
    if (h.size >= l->size) {
        /* Every field fits: the caller's struct is this library's or a
         * later one's. */
        valid = h.valid &
                (l->nfields >= 64 ? ~(uint64_t)0 : OSTAT_BIT(l->nfields) - 1);
    } else {
        for (i = 0; i < l->nfields; i++) {
            if (l->ends[i] <= h.size) {
                valid |= h.valid & OSTAT_BIT(i);
            }
        }
    }
    memcpy(d + offsetof(struct header, valid), &valid, sizeof(valid));
}

void ostat__clear_out(void *dst)
{
    struct header h;

    if (dst == NULL) {
        return;
    }
    memcpy(&h.size, dst, sizeof(h.size));
    if (h.size >= OSTAT__HEADER_SIZE) {
        h.valid = 0;
        memcpy((unsigned char *)dst + offsetof(struct header, valid), &h.valid,
               sizeof(h.valid));
    }
}

/* Use a context and start a zeroed @s of @layout's size; 0, or the failure
 * (out->valid cleared). */
static int snapshot_start(ostat_ctx *ctx,
                          void *out,
                          const struct ostat__layout *layout,
                          ostat_ctx **c,
                          union ostat__any_snapshot *s)
{
    uint32_t size = (uint32_t)layout->size;
    int rc;

    if ((rc = ostat__ctx_use(ctx, c)) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    memset(s, 0, sizeof(*s));
    memcpy(s, &size, sizeof(size));
    return 0;
}

/* Give back the context and copy @s, filled with result @rc, out. */
static int snapshot_end(ostat_ctx *ctx,
                        ostat_ctx *c,
                        void *out,
                        const struct ostat__layout *layout,
                        const union ostat__any_snapshot *s,
                        int rc)
{
    ostat__ctx_done(ctx, c, rc);
    if (rc != 0) {
        ostat__clear_out(out);
        return rc;
    }
    ostat__copy_out(out, s, layout);
    return 0;
}

int ostat__snapshot(ostat_ctx *ctx,
                    void *out,
                    const struct ostat__layout *layout,
                    ostat__fill_fn fill,
                    int32_t arg)
{
    union ostat__any_snapshot s;
    ostat_ctx *c;
    int rc;

    if ((rc = ostat__check_out(out, layout)) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    if ((rc = snapshot_start(ctx, out, layout, &c, &s)) != 0) {
        return rc;
    }
    return snapshot_end(ctx, c, out, layout, &s, fill(c, &s, arg));
}

int ostat__snapshot_str(ostat_ctx *ctx,
                        void *out,
                        const struct ostat__layout *layout,
                        ostat__str_check_fn check,
                        ostat__fill_str_fn fill,
                        const char *arg)
{
    union ostat__any_snapshot s;
    ostat_ctx *c;
    int rc;

    if ((rc = ostat__check_out(out, layout)) != 0 || (rc = check(arg)) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    if ((rc = snapshot_start(ctx, out, layout, &c, &s)) != 0) {
        return rc;
    }
    return snapshot_end(ctx, c, out, layout, &s, fill(c, &s, arg));
}

int ostat__list_result(ostat_ctx *ctx,
                       ostat_list **out,
                       int32_t kind,
                       size_t elem_size,
                       ostat__list_fill_fn fill,
                       int32_t arg,
                       const char *name)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    }
    *out = NULL;
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__list_new(kind, elem_size, out);
    if (rc == 0 && (rc = fill(c, *out, arg)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat__list_copy(const ostat_list *list,
                     int32_t kind,
                     size_t index,
                     void *out,
                     const struct ostat__layout *layout)
{
    const void *e;
    int rc;

    if ((rc = ostat__check_out(out, layout)) != 0) {
        return rc;
    }
    e = ostat__list_get(list, kind, index);
    if (e == NULL) {
        ostat__clear_out(out);
        return OSTAT_EINVAL;
    }
    ostat__copy_out(out, e, layout);
    return 0;
}
