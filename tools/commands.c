/* SPDX-License-Identifier: MIT */
/* commands.c: the subcommands, one per psutil function. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

/* The interval a sampling subcommand uses unless --interval is given. */
#define DEFAULT_INTERVAL 0.1

static double interval_of(const struct opts *o)
{
    return (o->given & OPT_INTERVAL) ? o->interval : DEFAULT_INTERVAL;
}

/* A single number as a whole JSON document. */
static void json_scalar(double v)
{
    struct json j;

    json_init(&j, stdout);
    json_double(&j, v);
    json_finish(&j);
}

/* A single value in a table: "name  value  note". */
static void print_scalar(const char *name, const char *value, const char *note)
{
    struct table t;

    table_init(&t, 3, 1u | 4u);
    table_add(&t, name);
    table_add(&t, value);
    table_add(&t, note);
    table_print(&t, stdout, 0);
    table_free(&t);
}

/* One element of a result list, copied out by a getter. */
union element {
    struct ostat_cpu_times times;
    struct ostat_cpu_freq freq;
    struct ostat_user user;
};

/* Copy element @i of @l into @e. */
typedef int (*getter)(const ostat_list *l, size_t i, union element *e);

static int get_cpu_times(const ostat_list *l, size_t i, union element *e)
{
    struct ostat_cpu_times init = OSTAT_CPU_TIMES_INIT;

    e->times = init;
    return ostat_list_cpu_times(l, i, &e->times);
}

static int get_cpu_freq(const ostat_list *l, size_t i, union element *e)
{
    struct ostat_cpu_freq init = OSTAT_CPU_FREQ_INIT;

    e->freq = init;
    return ostat_list_cpu_freq(l, i, &e->freq);
}

static int get_user(const ostat_list *l, size_t i, union element *e)
{
    struct ostat_user init = OSTAT_USER_INIT;

    e->user = init;
    return ostat_list_user(l, i, &e->user);
}

/* A list of snapshot structs: a JSON array of objects, or a table with a
 * row per element (@empty instead when there is none, if not NULL). Every
 * element is copied before anything is printed, so a failure leaves no
 * half-written document. */
static int print_list(const struct opts *o,
                      const char *what,
                      const ostat_list *l,
                      const struct fieldset *fs,
                      getter get,
                      const char *empty)
{
    size_t i, n = ostat_list_count(l);
    union element *e = out_malloc(n * sizeof(*e));
    int rc;

    for (i = 0; i < n; i++) {
        if ((rc = get(l, i, &e[i])) != 0) {
            free(e);
            return out_error(what, rc);
        }
    }
    fields_print_list(o->json, fs, e, n, sizeof(*e), empty);
    free(e);
    return 0;
}

static int cmd_cpu_times(ostat_ctx *ctx, const struct opts *o)
{
    int rc;

    if (o->percpu) {
        ostat_list *l = NULL;

        if ((rc = ostat_cpu_times_percpu(ctx, &l)) != 0) {
            return out_error("cpu_times", rc);
        }
        rc = print_list(o, "cpu_times", l, &fs_cpu_times, get_cpu_times, NULL);
        ostat_list_free(l);
        return rc;
    } else {
        struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
        struct fieldset fs = fields_skip_first(&fs_cpu_times);

        if ((rc = ostat_cpu_times(ctx, &t)) != 0) {
            return out_error("cpu_times", rc);
        }
        fields_print(o->json, &fs, &t, t.valid);
        return 0;
    }
}

int *percpu_numbers(ostat_ctx *ctx, size_t count)
{
    ostat_list *l = NULL;
    int *cpus = NULL;
    size_t i;

    if (ostat_cpu_times_percpu(ctx, &l) != 0) {
        return NULL;
    }
    if (ostat_list_count(l) == count) {
        cpus = out_malloc(count * sizeof(*cpus));
        for (i = 0; i < count; i++) {
            struct ostat_cpu_times c = OSTAT_CPU_TIMES_INIT;

            if (ostat_list_cpu_times(l, i, &c) != 0 ||
                !(c.valid & OSTAT_CPU_TIMES_CPU)) {
                free(cpus);
                cpus = NULL;
                break;
            }
            cpus[i] = (int)c.cpu;
        }
    }
    ostat_list_free(l);
    return cpus;
}

/* Per-CPU percentages: a JSON array of numbers, or a table of CPU numbers
 * and percentages. */
static int
print_percpu_percent(ostat_ctx *ctx, const struct opts *o, const ostat_list *l)
{
    size_t i, n = ostat_list_count(l);
    double *v = out_malloc(n * sizeof(*v));
    struct table t;
    struct json j;
    int *cpus, rc;

    for (i = 0; i < n; i++) {
        if ((rc = ostat_list_double(l, i, &v[i])) != 0) {
            free(v);
            return out_error("cpu_percent", rc);
        }
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            json_double(&j, v[i]);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        cpus = percpu_numbers(ctx, n);
        table_init(&t, 2, 0);
        table_add(&t, "cpu");
        table_add(&t, "percent");
        for (i = 0; i < n; i++) {
            table_addf(&t, "%d", cpus ? cpus[i] : (int)i);
            table_addf(&t, "%.1f", v[i]);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
        free(cpus);
    }
    free(v);
    return 0;
}

static int cmd_cpu_percent(ostat_ctx *ctx, const struct opts *o)
{
    double v = 0;
    char *s;
    int rc;

    if (o->percpu) {
        ostat_list *l = NULL;

        if ((rc = ostat_cpu_percent_percpu(ctx, interval_of(o), &l)) != 0) {
            return out_error("cpu_percent", rc);
        }
        rc = print_percpu_percent(ctx, o, l);
        ostat_list_free(l);
        return rc;
    }
    if ((rc = ostat_cpu_percent(ctx, interval_of(o), &v)) != 0) {
        return out_error("cpu_percent", rc);
    }
    if (o->json) {
        json_scalar(v);
    } else {
        s = out_asprintf("%.1f", v);
        print_scalar("percent", s, "");
        free(s);
    }
    return 0;
}

static int cmd_cpu_times_percent(ostat_ctx *ctx, const struct opts *o)
{
    int rc;

    if (o->percpu) {
        ostat_list *l = NULL;

        rc = ostat_cpu_times_percent_percpu(ctx, interval_of(o), &l);
        if (rc != 0) {
            return out_error("cpu_times_percent", rc);
        }
        rc = print_list(o, "cpu_times_percent", l, &fs_cpu_times_percent,
                        get_cpu_times, NULL);
        ostat_list_free(l);
        return rc;
    } else {
        struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
        struct fieldset fs = fields_skip_first(&fs_cpu_times_percent);

        if ((rc = ostat_cpu_times_percent(ctx, interval_of(o), &t)) != 0) {
            return out_error("cpu_times_percent", rc);
        }
        fields_print(o->json, &fs, &t, t.valid);
        return 0;
    }
}

static int cmd_cpu_count(ostat_ctx *ctx, const struct opts *o)
{
    const char *kind = o->logical ? "logical" : "physical";
    int32_t n = 0;
    char *s;
    int rc;

    rc = ostat_cpu_count(ctx, o->logical, &n);
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return out_error("cpu_count", rc);
    }
    /* OSTAT_ENOTSUP is psutil's None: the count cannot be determined. */
    if (rc != 0) {
        if (o->json) {
            puts("null");
        } else {
            print_scalar(kind, "-", "not available");
        }
        return 0;
    }
    s = out_asprintf("%ld", (long)n);
    if (o->json) {
        puts(s);
    } else {
        print_scalar(kind, s, "");
    }
    free(s);
    return 0;
}

static int cmd_cpu_stats(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_cpu_stats s = OSTAT_CPU_STATS_INIT;
    int rc;

    if ((rc = ostat_cpu_stats(ctx, &s)) != 0) {
        return out_error("cpu_stats", rc);
    }
    fields_print(o->json, &fs_cpu_stats, &s, s.valid);
    return 0;
}

static int cmd_cpu_freq(ostat_ctx *ctx, const struct opts *o)
{
    int rc;

    if (o->percpu) {
        ostat_list *l = NULL;

        rc = ostat_cpu_freq_percpu(ctx, &l);
        if (rc != 0 && rc != OSTAT_ENOTSUP) {
            return out_error("cpu_freq", rc);
        }
        /* OSTAT_ENOTSUP leaves an empty list: psutil's []. */
        rc = print_list(o, "cpu_freq", l, &fs_cpu_freq, get_cpu_freq,
                        "no CPU reports its frequency");
        ostat_list_free(l);
        return rc;
    } else {
        struct ostat_cpu_freq f = OSTAT_CPU_FREQ_INIT;
        struct fieldset fs = fields_skip_first(&fs_cpu_freq);

        rc = ostat_cpu_freq(ctx, &f);
        if (rc == OSTAT_ENOTSUP) {
            /* psutil's None. */
            if (o->json) {
                puts("null");
            } else {
                puts("no CPU reports its frequency");
            }
            return 0;
        }
        if (rc != 0) {
            return out_error("cpu_freq", rc);
        }
        fields_print(o->json, &fs, &f, f.valid);
        return 0;
    }
}

static int cmd_getloadavg(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_loadavg l = OSTAT_LOADAVG_INIT;
    int rc;

    if ((rc = ostat_getloadavg(ctx, &l)) != 0) {
        return out_error("getloadavg", rc);
    }
    fields_print(o->json, &fs_loadavg, &l, l.valid);
    return 0;
}

static int cmd_virtual_memory(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    int rc;

    if ((rc = ostat_virtual_memory(ctx, &m)) != 0) {
        return out_error("virtual_memory", rc);
    }
    fields_print(o->json, &fs_virtual_memory, &m, m.valid);
    return 0;
}

static int cmd_swap_memory(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_swap_memory m = OSTAT_SWAP_MEMORY_INIT;
    int rc;

    if ((rc = ostat_swap_memory(ctx, &m)) != 0) {
        return out_error("swap_memory", rc);
    }
    fields_print(o->json, &fs_swap_memory, &m, m.valid);
    return 0;
}

static int cmd_boot_time(ostat_ctx *ctx, const struct opts *o)
{
    char when[64];
    double t = 0;
    char *s;
    int rc;

    if ((rc = ostat_boot_time(ctx, &t)) != 0) {
        return out_error("boot_time", rc);
    }
    out_localtime(t, when, sizeof(when));
    if (o->json) {
        json_scalar(t);
    } else {
        s = out_asprintf("%.2f", t);
        print_scalar("boot_time", s, when);
        free(s);
    }
    return 0;
}

static int cmd_uptime(ostat_ctx *ctx, const struct opts *o)
{
    char human[64];
    double t = 0;
    char *s;
    int rc;

    if ((rc = ostat_uptime(ctx, &t)) != 0) {
        return out_error("uptime", rc);
    }
    out_duration(t, human, sizeof(human));
    if (o->json) {
        json_scalar(t);
    } else {
        s = out_asprintf("%.2f", t);
        print_scalar("uptime", s, human);
        free(s);
    }
    return 0;
}

static int cmd_users(ostat_ctx *ctx, const struct opts *o)
{
    ostat_list *l = NULL;
    int rc;

    if ((rc = ostat_users(ctx, &l)) != 0) {
        return out_error("users", rc);
    }
    rc = print_list(o, "users", l, &fs_user, get_user, "no users logged in");
    ostat_list_free(l);
    return rc;
}

static const char *const resource_names[] = { "cpu", "memory", "io", "irq" };

/* Table cells of one line of pressure: three averages and the total, or
 * "-" for each whose bit is clear. */
static void pressure_cells(struct table *t,
                           uint64_t valid,
                           const uint64_t bits[4],
                           const double avg[3],
                           uint64_t total)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (valid & bits[i]) {
            table_addf(t, "%.2f", avg[i]);
        } else {
            table_add(t, "-");
        }
    }
    if (valid & bits[3]) {
        table_addf(t, "%llu", (unsigned long long)total);
    } else {
        table_add(t, "-");
    }
}

static int cmd_pressure(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_pressure p[4];
    int have[4];
    struct table t;
    struct json j;
    int32_t r;
    int rc;

    for (r = 0; r < 4; r++) {
        struct ostat_pressure init = OSTAT_PRESSURE_INIT;

        p[r] = init;
        rc = ostat_pressure(ctx, r, &p[r]);
        if (rc != 0 && rc != OSTAT_ENOTSUP) {
            return out_error("pressure", rc);
        }
        have[r] = rc == 0;
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_object(&j);
        for (r = 0; r < 4; r++) {
            json_key(&j, resource_names[r]);
            if (have[r]) {
                fields_json(&j, &fs_pressure, &p[r], p[r].valid);
            } else {
                json_null(&j);
            }
        }
        json_end_object(&j);
        json_finish(&j);
        return 0;
    }
    /* One row per resource and line ("some" or "full"). */
    table_init(&t, 6, 1u | 2u);
    table_add(&t, "resource");
    table_add(&t, "line");
    table_add(&t, "avg10");
    table_add(&t, "avg60");
    table_add(&t, "avg300");
    table_add(&t, "total_us");
    for (r = 0; r < 4; r++) {
        static const uint64_t some_bits[4] = { OSTAT_PRESSURE_SOME_AVG10,
                                               OSTAT_PRESSURE_SOME_AVG60,
                                               OSTAT_PRESSURE_SOME_AVG300,
                                               OSTAT_PRESSURE_SOME_TOTAL };
        static const uint64_t full_bits[4] = { OSTAT_PRESSURE_FULL_AVG10,
                                               OSTAT_PRESSURE_FULL_AVG60,
                                               OSTAT_PRESSURE_FULL_AVG300,
                                               OSTAT_PRESSURE_FULL_TOTAL };
        const struct ostat_pressure *q = &p[r];
        const double some[3] = { q->some_avg10, q->some_avg60, q->some_avg300 };
        const double full[3] = { q->full_avg10, q->full_avg60, q->full_avg300 };
        uint64_t valid = have[r] ? q->valid : 0;

        table_add(&t, resource_names[r]);
        table_add(&t, "some");
        pressure_cells(&t, valid, some_bits, some, q->some_total);
        table_add(&t, resource_names[r]);
        table_add(&t, "full");
        pressure_cells(&t, valid, full_bits, full, q->full_total);
    }
    table_print(&t, stdout, 0);
    table_free(&t);
    return 0;
}

static int cmd_heap_info(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_heap_info h = OSTAT_HEAP_INFO_INIT;
    int rc;

    rc = ostat_heap_info(ctx, &h);
    if (rc == OSTAT_ENOTSUP) {
        if (o->json) {
            puts("null");
        } else {
            puts("heap_info is not available with this C library");
        }
        return 0;
    }
    if (rc != 0) {
        return out_error("heap_info", rc);
    }
    fields_print(o->json, &fs_heap_info, &h, h.valid);
    return 0;
}

static int cmd_pids(ostat_ctx *ctx, const struct opts *o)
{
    ostat_list *l = NULL;
    size_t i, n;
    int64_t *pids;
    struct json j;
    int rc;

    if ((rc = ostat_pids(ctx, &l)) != 0) {
        return out_error("pids", rc);
    }
    n = ostat_list_count(l);
    pids = out_malloc(n * sizeof(*pids));
    for (i = 0; i < n; i++) {
        if ((rc = ostat_list_int64(l, i, &pids[i])) != 0) {
            free(pids);
            ostat_list_free(l);
            return out_error("pids", rc);
        }
    }
    ostat_list_free(l);
    if (o->json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            json_i64(&j, pids[i]);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        for (i = 0; i < n; i++) {
            printf("%lld\n", (long long)pids[i]);
        }
    }
    free(pids);
    return 0;
}

static int cmd_pid_exists(ostat_ctx *ctx, const struct opts *o)
{
    struct json j;
    int exists = 0, rc;

    if ((rc = ostat_pid_exists(ctx, o->pid, &exists)) != 0) {
        return out_error("pid_exists", rc);
    }
    if (o->json) {
        json_init(&j, stdout);
        json_bool(&j, exists);
        json_finish(&j);
    } else {
        puts(exists ? "true" : "false");
    }
    return 0;
}

static int cmd_kill(ostat_ctx *ctx, const struct opts *o)
{
    ostat_proc *p = NULL;
    char *what;
    int rc;

    what = out_asprintf("kill %lld", (long long)o->pid);
    if ((rc = ostat_proc_open(ctx, o->pid, &p)) == 0) {
        rc = ostat_proc_send_signal(p, o->sig);
        ostat_proc_free(p);
    }
    if (rc != 0) {
        rc = out_error(what, rc);
        free(what);
        return rc;
    }
    free(what);
    /* psutil's send_signal() returns None. */
    if (o->json) {
        puts("null");
    }
    return 0;
}

const struct command commands[] = {
    { "cpu_times", cmd_cpu_times, OPT_PERCPU, PID_NONE },
    { "cpu_percent", cmd_cpu_percent, OPT_PERCPU | OPT_INTERVAL, PID_NONE },
    { "cpu_times_percent", cmd_cpu_times_percent, OPT_PERCPU | OPT_INTERVAL,
      PID_NONE },
    { "cpu_count", cmd_cpu_count, OPT_COUNT_KIND, PID_NONE },
    { "cpu_stats", cmd_cpu_stats, 0, PID_NONE },
    { "cpu_freq", cmd_cpu_freq, OPT_PERCPU, PID_NONE },
    { "getloadavg", cmd_getloadavg, 0, PID_NONE },
    { "virtual_memory", cmd_virtual_memory, 0, PID_NONE },
    { "swap_memory", cmd_swap_memory, 0, PID_NONE },
    { "boot_time", cmd_boot_time, 0, PID_NONE },
    { "uptime", cmd_uptime, 0, PID_NONE },
    { "users", cmd_users, 0, PID_NONE },
    { "pressure", cmd_pressure, 0, PID_NONE },
    { "sensors_temperatures", sensors_temperatures_run, 0, PID_NONE },
    { "sensors_fans", sensors_fans_run, 0, PID_NONE },
    { "sensors_battery", sensors_battery_run, 0, PID_NONE },
    { "sensors", sensors_run, 0, PID_NONE },
    { "disk_partitions", disk_partitions_run, OPT_ALL, PID_NONE },
    { "disk_usage", disk_usage_run, 0, PATH_OPTIONAL },
    { "disk_io_counters", disk_io_counters_run, OPT_PERDISK | OPT_NOWRAP,
      PID_NONE },
    { "heap_info", cmd_heap_info, 0, PID_NONE },
    { "pids", cmd_pids, 0, PID_NONE },
    { "pid_exists", cmd_pid_exists, 0, PID_REQUIRED },
    { "procinfo", procinfo_run, OPT_INTERVAL | OPT_ENVIRON | OPT_ERRORS,
      PID_OPTIONAL },
    { "kill", cmd_kill, OPT_SIGNAL, PID_REQUIRED },
    { "ps", ps_run, OPT_INTERVAL | OPT_ERRORS, PID_NONE },
    { "process_iter", process_iter_run, OPT_ATTRS | OPT_ERRORS | OPT_INTERVAL,
      PID_NONE },
    { "top", top_run, OPT_ONCE | OPT_INTERVAL | OPT_COUNT, PID_NONE },
    { "pstree", pstree_run, 0, PID_OPTIONAL },
    { "pmap", pmap_run, OPT_GROUPED, PID_REQUIRED },
    { "net_io_counters", net_io_counters_run, OPT_PERNIC | OPT_NOWRAP,
      PID_NONE },
    { "net_if_addrs", net_if_addrs_run, 0, PID_NONE },
    { "net_if_stats", net_if_stats_run, 0, PID_NONE },
    { "ifconfig", ifconfig_run, 0, PID_NONE },
    { "net_connections", net_connections_run, OPT_KIND, PID_OPTIONAL },
    { "netstat", netstat_run, OPT_KIND, PID_NONE },
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);
