/* SPDX-License-Identifier: MIT */
/* overview.c: this machine at a glance, shown when no subcommand is given. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "out.h"

/* The sampling interval of the CPU percentages unless --interval is given. */
#define OVERVIEW_INTERVAL 0.2
/* Width of the section labels ("Memory    "). */
#define LABEL 10
/* Users listed before "... and N more". */
#define MAX_USERS 5
/* Partitions listed before "... and N more", and the columns of their
 * mount points. */
#define MAX_MOUNTS 8
#define MOUNT_COLS 14
/* Network interfaces listed before "... and N more". */
#define MAX_NICS 8

/* Sleep @seconds, resuming after signals. */
static void pause_for(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The state of one overview: the exit status and the context. */
struct view {
    ostat_ctx *ctx;
    int status;
};

/* A failed call: OSTAT_ENOTSUP is shown as "not available"; anything else
 * also goes to stderr and makes the exit status 1. Returns the text to show
 * in place of the section. */
static const char *failed(struct view *v, const char *what, int rc)
{
    if (rc == OSTAT_ENOTSUP) {
        return "not available";
    }
    v->status = out_error(what, rc);
    return "error (see the message on stderr)";
}

static void label(const char *name)
{
    printf("%-*s", LABEL, name);
}

/* "[|||||     ]  12.3%" for @pct in 0..100, @width bar characters. */
static void bar(double pct, int width)
{
    double p = pct > 0 ? pct : 0; /* also NaN */
    int fill, i;

    if (p > 100) {
        p = 100;
    }
    fill = (int)(p / 100.0 * width + 0.5);
    fputc('[', stdout);
    for (i = 0; i < width; i++) {
        fputc(i < fill ? '|' : ' ', stdout);
    }
    printf("] %5.1f%%", p);
}

/* Percentages of each CPU: bars for a few CPUs, plain numbers for many,
 * in as many columns as fit in 80. */
static void show_percpu(struct view *v, const ostat_list *l)
{
    size_t i, n = ostat_list_count(l);
    int *cpus = percpu_numbers(v->ctx, n);
    int bars = n <= 8, namew = 5, maxcpu = 0;
    size_t cell, per_row;

    for (i = 0; i < n; i++) {
        int c = cpus ? cpus[i] : (int)i;

        maxcpu = c > maxcpu ? c : maxcpu;
    }
    while (maxcpu >= 100) {
        namew++;
        maxcpu /= 10;
    }
    namew++; /* a space after the name */
    /* name, then "[bar] 100.0%" or "100.0%"; two spaces between cells */
    cell = (size_t)namew + (bars ? 18 + 7 : 6);
    per_row = (80 - LABEL + 2) / (cell + 2);
    per_row = per_row ? per_row : 1;
    for (i = 0; i < n; i++) {
        char name[32];
        double pct = 0;

        if (ostat_list_double(l, i, &pct) != 0) {
            pct = 0;
        }
        snprintf(name, sizeof(name), "cpu%d", cpus ? cpus[i] : (int)i);
        if (i % per_row == 0) {
            printf("%*s", LABEL, "");
        } else {
            fputs("  ", stdout);
        }
        if (bars) {
            printf("%-*s", namew, name);
            bar(pct, 16);
        } else {
            printf("%-*s%5.1f%%", namew, name, pct);
        }
        if (i % per_row == per_row - 1 || i + 1 == n) {
            fputc('\n', stdout);
        }
    }
    free(cpus);
}

static void show_cpu(struct view *v, double total, const ostat_list *percpu)
{
    struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
    int32_t logical = 0, physical = 0;
    int rc_l, rc_p, rc_f;

    label("CPU");
    bar(total, 40);
    fputc('\n', stdout);
    if (percpu != NULL) {
        show_percpu(v, percpu);
    }
    rc_l = ostat_cpu_count(v->ctx, 1, &logical);
    rc_p = ostat_cpu_count(v->ctx, 0, &physical);
    rc_f = ostat_cpu_freq(v->ctx, &f);
    printf("%*s", LABEL, "");
    if (rc_l == 0) {
        printf("%ld logical CPU%s", (long)logical, logical == 1 ? "" : "s");
    } else {
        printf("logical CPUs %s", failed(v, "cpu_count", rc_l));
    }
    if (rc_p == 0) {
        printf(", %ld physical core%s", (long)physical,
               physical == 1 ? "" : "s");
    } else if (rc_p != OSTAT_ENOTSUP) {
        printf(", physical cores %s", failed(v, "cpu_count", rc_p));
    }
    if (rc_f == 0 && (f.valid & OSTAT_CPU_FREQ_CURRENT)) {
        printf(", %.0f MHz", f.current);
        if ((f.valid & OSTAT_CPU_FREQ_MIN) && (f.valid & OSTAT_CPU_FREQ_MAX)) {
            printf(" (%.0f-%.0f)", f.min, f.max);
        }
    } else if (rc_f != 0 && rc_f != OSTAT_ENOTSUP) {
        printf(", frequency %s", failed(v, "cpu_freq", rc_f));
    }
    fputc('\n', stdout);
}

/* "name 1.2G" for a valid field, comma-separated on an indented line;
 * *@first is set while the line is still empty. */
static void amount(const char *name, uint64_t n, int valid, int *first)
{
    char buf[32];

    if (!valid) {
        return;
    }
    out_bytes(n, buf, sizeof(buf));
    if (*first) {
        printf("%*s", LABEL, "");
    }
    printf("%s%s %s", *first ? "" : ", ", name, buf);
    *first = 0;
}

/* End a line of amounts, if anything was printed on it. */
static void end_amounts(int *first)
{
    if (!*first) {
        fputc('\n', stdout);
    }
    *first = 1;
}

/* The bar of a percentage after a section label, or "-". */
static void percent_bar(double pct, int valid)
{
    if (valid) {
        bar(pct, 40);
        fputc('\n', stdout);
    } else {
        puts("-");
    }
}

static void show_memory(struct view *v)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    int rc = ostat_virtual_memory(v->ctx, &m), first = 1;
    uint64_t ok;

    label("Memory");
    if (rc != 0) {
        printf("%s\n", failed(v, "virtual_memory", rc));
        return;
    }
    ok = m.valid;
    percent_bar(m.percent, (ok & OSTAT_VIRTUAL_MEMORY_PERCENT) != 0);
    amount("total", m.total, (ok & OSTAT_VIRTUAL_MEMORY_TOTAL) != 0, &first);
    amount("used", m.used, (ok & OSTAT_VIRTUAL_MEMORY_USED) != 0, &first);
    amount("available", m.available, (ok & OSTAT_VIRTUAL_MEMORY_AVAILABLE) != 0,
           &first);
    amount("free", m.free, (ok & OSTAT_VIRTUAL_MEMORY_FREE) != 0, &first);
    end_amounts(&first);
    amount("buffers", m.buffers, (ok & OSTAT_VIRTUAL_MEMORY_BUFFERS) != 0,
           &first);
    amount("cached", m.cached, (ok & OSTAT_VIRTUAL_MEMORY_CACHED) != 0, &first);
    amount("shared", m.shared, (ok & OSTAT_VIRTUAL_MEMORY_SHARED) != 0, &first);
    amount("slab", m.slab, (ok & OSTAT_VIRTUAL_MEMORY_SLAB) != 0, &first);
    end_amounts(&first);
}

static void show_swap(struct view *v)
{
    struct ostat_swap_memory s = OSTAT_SWAP_MEMORY_INIT;
    int rc = ostat_swap_memory(v->ctx, &s), first = 1;
    uint64_t ok;

    label("Swap");
    if (rc != 0) {
        printf("%s\n", failed(v, "swap_memory", rc));
        return;
    }
    ok = s.valid;
    if ((ok & OSTAT_SWAP_MEMORY_TOTAL) && s.total == 0) {
        puts("none configured");
        return;
    }
    percent_bar(s.percent, (ok & OSTAT_SWAP_MEMORY_PERCENT) != 0);
    amount("total", s.total, (ok & OSTAT_SWAP_MEMORY_TOTAL) != 0, &first);
    amount("used", s.used, (ok & OSTAT_SWAP_MEMORY_USED) != 0, &first);
    amount("free", s.free, (ok & OSTAT_SWAP_MEMORY_FREE) != 0, &first);
    amount("in", s.sin, (ok & OSTAT_SWAP_MEMORY_SIN) != 0, &first);
    amount("out", s.sout, (ok & OSTAT_SWAP_MEMORY_SOUT) != 0, &first);
    end_amounts(&first);
}

static void show_load(struct view *v)
{
    struct ostat_loadavg l = OSTAT_LOADAVG_INIT;
    int rc = ostat_getloadavg(v->ctx, &l);
    const uint64_t all =
        OSTAT_LOADAVG_LOAD1 | OSTAT_LOADAVG_LOAD5 | OSTAT_LOADAVG_LOAD15;

    label("Load");
    if (rc != 0) {
        printf("%s\n", failed(v, "getloadavg", rc));
        return;
    }
    if ((l.valid & all) != all) {
        printf("not available\n");
        return;
    }
    printf("%.2f  %.2f  %.2f  (1, 5, 15 min)", l.load1, l.load5, l.load15);
    if ((l.valid & OSTAT_LOADAVG_RUNNABLE) &&
        (l.valid & OSTAT_LOADAVG_ENTITIES)) {
        printf(", %llu of %llu tasks runnable", (unsigned long long)l.runnable,
               (unsigned long long)l.entities);
    }
    fputc('\n', stdout);
}

static void show_uptime(struct view *v)
{
    char up[64], booted[64];
    double uptime = 0, boot = 0;
    int rc_u = ostat_uptime(v->ctx, &uptime);
    int rc_b = ostat_boot_time(v->ctx, &boot);

    label("Uptime");
    if (rc_u == 0) {
        out_duration(uptime, up, sizeof(up));
        fputs(up, stdout);
    } else {
        fputs(failed(v, "uptime", rc_u), stdout);
    }
    if (rc_b == 0) {
        out_localtime(boot, booted, sizeof(booted));
        printf(", booted %s", booted);
    } else if (rc_b != OSTAT_ENOTSUP) {
        printf(", boot time %s", failed(v, "boot_time", rc_b));
    }
    fputc('\n', stdout);
}

/* @s made safe for the terminal and cut to @cols columns. */
static char *clipped(const char *s, size_t cols)
{
    char *t = out_sanitize(s);
    size_t n = 0;
    char *p;

    for (p = t; *p != '\0'; p++) {
        if (((unsigned char)*p & 0xc0) != 0x80 && n++ == cols) {
            /* Past the limit: end with '~' in the last column. */
            char *q = p;

            do {
                q--;
            } while (q > t && ((unsigned char)*q & 0xc0) == 0x80);
            q[0] = '~';
            q[1] = '\0';
            break;
        }
    }
    return t;
}

/* One line per partition: its mount point, a bar of its use and the sizes;
 * then the I/O of all disks since boot. */
static void show_disks(struct view *v)
{
    struct ostat_disk_io_counters io = OSTAT_DISK_IO_COUNTERS_INIT;
    ostat_list *l = NULL;
    size_t i, n, w;
    int rc = ostat_disk_partitions(v->ctx, 0, &l);

    label("Disks");
    if (rc != 0) {
        printf("%s\n", failed(v, "disk_partitions", rc));
        return;
    }
    n = ostat_list_count(l);
    if (n == 0) {
        printf("no filesystem on a device is mounted\n");
    }
    for (i = 0; i < n && i < MAX_MOUNTS; i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;
        struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
        char total[32], used[32], avail[32];
        char *mp;

        if (ostat_list_disk_partition(l, i, &p) != 0) {
            continue;
        }
        if (i > 0) {
            printf("%*s", LABEL, "");
        }
        mp = clipped(p.mountpoint, MOUNT_COLS);
        w = out_width(mp);
        printf("%s%*s ", mp, (int)(w < MOUNT_COLS ? MOUNT_COLS - w : 0), "");
        free(mp);
        rc = ostat_disk_usage(v->ctx, p.mountpoint, &u);
        if (rc != 0) {
            /* Not ours to look at, or unmounted since it was listed. */
            printf("%s\n", disk_usage_unavailable(rc)
                               ? "not available"
                               : failed(v, "disk_usage", rc));
            continue;
        }
        bar(u.percent, 16);
        out_bytes(u.total, total, sizeof(total));
        out_bytes(u.used, used, sizeof(used));
        out_bytes(u.free, avail, sizeof(avail));
        printf("  %s/%s, %s free\n", used, total, avail);
    }
    if (n > MAX_MOUNTS) {
        printf("%*s... and %zu more\n", LABEL, "", n - MAX_MOUNTS);
    }
    ostat_list_free(l);
    rc = ostat_disk_io_counters(v->ctx, 0, &io);
    if (rc == 0) {
        const uint64_t need = OSTAT_DISK_IO_COUNTERS_READ_BYTES |
                              OSTAT_DISK_IO_COUNTERS_WRITE_BYTES |
                              OSTAT_DISK_IO_COUNTERS_READ_COUNT |
                              OSTAT_DISK_IO_COUNTERS_WRITE_COUNT;
        char rd[32], wr[32];

        if ((io.valid & need) == need) {
            out_bytes(io.read_bytes, rd, sizeof(rd));
            out_bytes(io.write_bytes, wr, sizeof(wr));
            printf("%*sread %s in %llu I/Os, wrote %s in %llu I/Os\n", LABEL,
                   "", rd, (unsigned long long)io.read_count, wr,
                   (unsigned long long)io.write_count);
        }
    } else if (rc != OSTAT_ENOTSUP) {
        printf("%*sI/O %s\n", LABEL, "", failed(v, "disk_io_counters", rc));
    }
}

static void show_users(struct view *v)
{
    ostat_list *l = NULL;
    struct table t;
    size_t i, n;
    int rc = ostat_users(v->ctx, &l);

    label("Users");
    if (rc != 0) {
        printf("%s\n", failed(v, "users", rc));
        return;
    }
    n = ostat_list_count(l);
    if (n == 0) {
        printf("nobody logged in\n");
        ostat_list_free(l);
        return;
    }
    printf("%zu logged in\n", n);
    table_init(&t, 4, 1u | 2u | 4u | 8u);
    for (i = 0; i < n && i < MAX_USERS; i++) {
        struct ostat_user u = OSTAT_USER_INIT;
        char when[64];
        char *s;

        if (ostat_list_user(l, i, &u) != 0) {
            continue;
        }
        s = clipped((u.valid & OSTAT_USER_NAME) ? u.name : "-", 12);
        table_add(&t, s);
        free(s);
        s = clipped((u.valid & OSTAT_USER_TERMINAL) ? u.terminal : "-", 8);
        table_add(&t, s);
        free(s);
        s = clipped((u.valid & OSTAT_USER_HOST) ? u.host : "-", 16);
        table_add(&t, s);
        free(s);
        if (u.valid & OSTAT_USER_STARTED) {
            out_localtime_short(u.started, when, sizeof(when));
            table_addf(&t, "since %s", when);
        } else {
            table_add(&t, "");
        }
    }
    table_print(&t, stdout, LABEL);
    table_free(&t);
    if (n > MAX_USERS) {
        printf("%*s... and %zu more\n", LABEL, "", n - MAX_USERS);
    }
    ostat_list_free(l);
}

static void show_pressure(struct view *v)
{
    static const char *const names[] = { "cpu", "memory", "io", "irq" };
    struct ostat_pressure p[4];
    int rc[4], any = 0;
    struct table t;
    int32_t r;

    for (r = 0; r < 4; r++) {
        struct ostat_pressure init = OSTAT_PRESSURE_INIT;

        p[r] = init;
        rc[r] = ostat_pressure(v->ctx, r, &p[r]);
        if (rc[r] == 0) {
            any = 1;
        } else if (rc[r] != OSTAT_ENOTSUP) {
            label("Pressure");
            printf("%s\n", failed(v, "pressure", rc[r]));
            return;
        }
    }
    if (!any) {
        label("Pressure");
        printf("not available\n");
        return;
    }
    /* The label is the first column of the header row. */
    table_init(&t, 8, 1u | 2u);
    table_add(&t, "Pressure");
    table_add(&t, "");
    table_add(&t, "some avg10");
    table_add(&t, "avg60");
    table_add(&t, "avg300");
    table_add(&t, "full avg10");
    table_add(&t, "avg60");
    table_add(&t, "avg300");
    for (r = 0; r < 4; r++) {
        const double vals[6] = { p[r].some_avg10,  p[r].some_avg60,
                                 p[r].some_avg300, p[r].full_avg10,
                                 p[r].full_avg60,  p[r].full_avg300 };
        static const uint64_t bits[6] = {
            OSTAT_PRESSURE_SOME_AVG10,  OSTAT_PRESSURE_SOME_AVG60,
            OSTAT_PRESSURE_SOME_AVG300, OSTAT_PRESSURE_FULL_AVG10,
            OSTAT_PRESSURE_FULL_AVG60,  OSTAT_PRESSURE_FULL_AVG300
        };
        int k;

        table_add(&t, "");
        table_add(&t, names[r]);
        for (k = 0; k < 6; k++) {
            if (rc[r] == 0 && (p[r].valid & bits[k])) {
                table_addf(&t, "%.2f", vals[k]);
            } else {
                table_add(&t, "-");
            }
        }
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

/* The first address of @name of @family in @addrs, or NULL. */
static const char *
first_addr(const ostat_list *addrs, const char *name, int32_t family)
{
    size_t i;

    for (i = 0; i < ostat_list_count(addrs); i++) {
        struct ostat_net_if_addr a = OSTAT_NET_IF_ADDR_INIT;

        if (ostat_list_net_if_addr(addrs, i, &a) == 0 && a.family == family &&
            (a.valid & OSTAT_NET_IF_ADDR_ADDRESS) &&
            strcmp(a.name, name) == 0) {
            return a.address;
        }
    }
    return NULL;
}

/* Is @name up (IFF_RUNNING)? "up", "down", or "-" when unknown. */
static const char *nic_state(const ostat_list *stats, const char *name)
{
    size_t i;

    for (i = 0; i < ostat_list_count(stats); i++) {
        struct ostat_net_if_stats s = OSTAT_NET_IF_STATS_INIT;

        if (ostat_list_net_if_stats(stats, i, &s) == 0 &&
            strcmp(s.name, name) == 0 && (s.valid & OSTAT_NET_IF_STATS_ISUP)) {
            return s.isup ? "up" : "down";
        }
    }
    return "-";
}

/* One line per interface: its state, first address, bytes sent and
 * received. Addresses are left out where the kernel cannot be asked (a
 * recorded tree). */
static void show_network(struct view *v)
{
    ostat_list *io = NULL, *addrs = NULL, *stats = NULL;
    struct table t;
    size_t i, n;
    int rc = ostat_net_io_counters_pernic(v->ctx, 0, &io);

    if (rc != 0) {
        label("Network");
        printf("%s\n", failed(v, "net_io_counters", rc));
        return;
    }
    n = ostat_list_count(io);
    if (n == 0) {
        label("Network");
        printf("no interface\n");
        ostat_list_free(io);
        return;
    }
    if ((rc = ostat_net_if_addrs(v->ctx, &addrs)) != 0) {
        (void)failed(v, "net_if_addrs", rc);
        addrs = NULL;
    }
    if ((rc = ostat_net_if_stats(v->ctx, &stats)) != 0) {
        (void)failed(v, "net_if_stats", rc);
        stats = NULL;
    }
    /* The label is the first column of the first row. */
    table_init(&t, 6, 1u | 2u | 4u | 8u);
    for (i = 0; i < n && i < MAX_NICS; i++) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;
        const char *addr;
        char buf[32], *s;

        if (ostat_list_net_io_counters(io, i, &c) != 0) {
            continue;
        }
        table_addf(&t, "%-*s", LABEL - 2, i == 0 ? "Network" : "");
        s = clipped(c.name, 15);
        table_add(&t, s);
        free(s);
        table_add(&t, nic_state(stats, c.name));
        addr = first_addr(addrs, c.name, OSTAT_AF_INET);
        if (addr == NULL) {
            addr = first_addr(addrs, c.name, OSTAT_AF_INET6);
        }
        s = clipped(addr ? addr : "-", 39);
        table_add(&t, s);
        free(s);
        if (c.valid & OSTAT_NET_IO_COUNTERS_BYTES_SENT) {
            out_bytes(c.bytes_sent, buf, sizeof(buf));
            table_addf(&t, "sent %s", buf);
        } else {
            table_add(&t, "");
        }
        if (c.valid & OSTAT_NET_IO_COUNTERS_BYTES_RECV) {
            out_bytes(c.bytes_recv, buf, sizeof(buf));
            table_addf(&t, "received %s", buf);
        } else {
            table_add(&t, "");
        }
    }
    table_print(&t, stdout, 0);
    table_free(&t);
    if (n > MAX_NICS) {
        printf("%*s... and %zu more\n", LABEL, "", n - MAX_NICS);
    }
    ostat_list_free(io);
    ostat_list_free(addrs);
    ostat_list_free(stats);
}

int overview_run(ostat_ctx *ctx, const struct opts *o)
{
    double interval =
        (o->given & OPT_INTERVAL) ? o->interval : OVERVIEW_INTERVAL;
    ostat_list *percpu = NULL;
    struct view v;
    double total = 0;
    int rc;

    v.ctx = ctx;
    v.status = 0;
    /* Baselines for the percentages; a failure here (say, a wrong --procfs)
     * means nothing else would work either. */
    if ((rc = ostat_cpu_percent(ctx, 0, &total)) != 0) {
        return out_error("cpu_percent", rc);
    }
    if (ostat_cpu_percent_percpu(ctx, 0, &percpu) == 0) {
        ostat_list_free(percpu);
        percpu = NULL;
    }
    pause_for(interval);
    /* Everything else describes one instant. */
    ostat_ctx_oneshot_begin(ctx);
    if ((rc = ostat_cpu_percent(ctx, 0, &total)) != 0) {
        ostat_ctx_oneshot_end(ctx);
        return out_error("cpu_percent", rc);
    }
    if (ostat_cpu_percent_percpu(ctx, 0, &percpu) != 0) {
        percpu = NULL;
    }
    show_cpu(&v, total, percpu);
    ostat_list_free(percpu);
    show_memory(&v);
    show_swap(&v);
    show_load(&v);
    show_disks(&v);
    show_network(&v);
    show_uptime(&v);
    show_users(&v);
    show_pressure(&v);
    ostat_ctx_oneshot_end(ctx);
    return v.status;
}
