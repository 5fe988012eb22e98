/* SPDX-License-Identifier: MIT */
/* struct_copy.c: size-prefixed snapshot structs as callers built against
 * older and newer headers declare them. The library must write at most
 * `size` bytes, keep only the valid bits of the fields that fit, and zero
 * what it does not know of a larger struct. */
#include <stddef.h>
#include <string.h>

#include "unit.h"

static const struct ut_layout cpu_times_layout = {
    "cpu_times",
    sizeof(struct ostat_cpu_times),
    0,
    11,
    {
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_USER, user),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_SYSTEM, system),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_IDLE, idle),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_NICE, nice),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_IOWAIT, iowait),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_IRQ, irq),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_SOFTIRQ, softirq),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_STEAL, steal),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_GUEST, guest),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_GUEST_NICE, guest_nice),
        UT_FIELD(ostat_cpu_times, OSTAT_CPU_TIMES_CPU, cpu),
    },
};

static const struct ut_layout cpu_stats_layout = {
    "cpu_stats",
    sizeof(struct ostat_cpu_stats),
    0,
    7,
    {
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_CTX_SWITCHES, ctx_switches),
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_INTERRUPTS, interrupts),
        UT_FIELD(
            ostat_cpu_stats, OSTAT_CPU_STATS_SOFT_INTERRUPTS, soft_interrupts),
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_SYSCALLS, syscalls),
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_FORKS, forks),
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_PROCS_RUNNING, procs_running),
        UT_FIELD(ostat_cpu_stats, OSTAT_CPU_STATS_PROCS_BLOCKED, procs_blocked),
    },
};

static const struct ut_layout loadavg_layout = {
    "loadavg",
    sizeof(struct ostat_loadavg),
    0,
    5,
    {
        UT_FIELD(ostat_loadavg, OSTAT_LOADAVG_LOAD1, load1),
        UT_FIELD(ostat_loadavg, OSTAT_LOADAVG_LOAD5, load5),
        UT_FIELD(ostat_loadavg, OSTAT_LOADAVG_LOAD15, load15),
        UT_FIELD(ostat_loadavg, OSTAT_LOADAVG_RUNNABLE, runnable),
        UT_FIELD(ostat_loadavg, OSTAT_LOADAVG_ENTITIES, entities),
    },
};

static const struct ut_layout virtual_memory_layout = {
    "virtual_memory",
    sizeof(struct ostat_virtual_memory),
    0,
    11,
    {
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_TOTAL, total),
        UT_FIELD(
            ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_AVAILABLE, available),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_PERCENT, percent),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_USED, used),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_FREE, free),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_ACTIVE, active),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_INACTIVE, inactive),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_BUFFERS, buffers),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_CACHED, cached),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_SHARED, shared),
        UT_FIELD(ostat_virtual_memory, OSTAT_VIRTUAL_MEMORY_SLAB, slab),
    },
};

static const struct ut_layout swap_memory_layout = {
    "swap_memory",
    sizeof(struct ostat_swap_memory),
    0,
    6,
    {
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_TOTAL, total),
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_USED, used),
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_FREE, free),
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_PERCENT, percent),
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_SIN, sin),
        UT_FIELD(ostat_swap_memory, OSTAT_SWAP_MEMORY_SOUT, sout),
    },
};

static const struct ut_layout heap_info_layout = {
    "heap_info",
    sizeof(struct ostat_heap_info),
    1,
    2,
    {
        UT_FIELD(ostat_heap_info, OSTAT_HEAP_INFO_HEAP_USED, heap_used),
        UT_FIELD(ostat_heap_info, OSTAT_HEAP_INFO_MMAP_USED, mmap_used),
    },
};

static const struct ut_layout pressure_layout = {
    "pressure",
    sizeof(struct ostat_pressure),
    0,
    8,
    {
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_SOME_AVG10, some_avg10),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_SOME_AVG60, some_avg60),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_SOME_AVG300, some_avg300),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_SOME_TOTAL, some_total),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_FULL_AVG10, full_avg10),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_FULL_AVG60, full_avg60),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_FULL_AVG300, full_avg300),
        UT_FIELD(ostat_pressure, OSTAT_PRESSURE_FULL_TOTAL, full_total),
    },
};

static const struct ut_layout user_layout = {
    "user",
    sizeof(struct ostat_user),
    0,
    5,
    {
        UT_FIELD(ostat_user, OSTAT_USER_NAME, name),
        UT_FIELD(ostat_user, OSTAT_USER_TERMINAL, terminal),
        UT_FIELD(ostat_user, OSTAT_USER_HOST, host),
        UT_FIELD(ostat_user, OSTAT_USER_STARTED, started),
        UT_FIELD(ostat_user, OSTAT_USER_PID, pid),
    },
};

static int fill_cpu_times(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_cpu_times(ctx, out);
}

static int fill_cpu_times_percent(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_cpu_times_percent(ctx, 0, out);
}

static int fill_list_cpu_times(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_cpu_times(arg, 1, out);
}

static int fill_cpu_stats(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_cpu_stats(ctx, out);
}

static int fill_loadavg(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_getloadavg(ctx, out);
}

static int fill_virtual_memory(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_virtual_memory(ctx, out);
}

static int fill_swap_memory(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_swap_memory(ctx, out);
}

static int fill_heap_info(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_heap_info(ctx, out);
}

static int fill_pressure(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_pressure(ctx, OSTAT_PRESSURE_CPU, out);
}

static int fill_list_user(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_user(arg, 0, out);
}

/* What fills the guards of older callers' structs. */
#define FILL_BYTE 0xA5

static int fixture_rc(void)
{
    return UT_HAVE_BACKEND ? 0 : OSTAT_ENOTSUP;
}

START_TEST(test_sweep_snapshots)
{
    ostat_ctx *ctx = ut_fixture_ctx();
    struct ostat_heap_info heap = OSTAT_HEAP_INFO_INIT;
    int heap_rc;

    ut_sweep(&cpu_times_layout, fill_cpu_times, ctx, NULL, fixture_rc());
    ut_sweep(&cpu_times_layout, fill_cpu_times_percent, ctx, NULL,
             fixture_rc());
    ut_sweep(&cpu_stats_layout, fill_cpu_stats, ctx, NULL, fixture_rc());
    ut_sweep(&loadavg_layout, fill_loadavg, ctx, NULL, fixture_rc());
    ut_sweep(&virtual_memory_layout, fill_virtual_memory, ctx, NULL,
             fixture_rc());
    ut_sweep(&swap_memory_layout, fill_swap_memory, ctx, NULL, fixture_rc());
    ut_sweep(&pressure_layout, fill_pressure, ctx, NULL, fixture_rc());

    /* The heap is this process's own: whatever the C library offers. */
    heap_rc = ostat_heap_info(ctx, &heap);
    ut_assert_live_rc(heap_rc);
    ut_sweep(&heap_info_layout, fill_heap_info, ctx, NULL, heap_rc);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(test_sweep_list_elements)
{
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_list *list = NULL;

    ut_assert_fixture_rc(ostat_cpu_times_percpu(ctx, &list));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(list), 2);
        ut_sweep(&cpu_times_layout, fill_list_cpu_times, ctx, list, 0);
    }
    ostat_list_free(list);

    list = NULL;
    ut_assert_fixture_rc(ostat_users(ctx, &list));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(list), 2);
        ut_sweep(&user_layout, fill_list_user, ctx, list, 0);
    }
    ostat_list_free(list);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- cpu_times ---------------------------------------------------------- */

/* As a header with only the first three times declared it. */
struct old_cpu_times {
    uint32_t size;
    uint64_t valid;
    double user;
    double system;
    double idle;
};

struct old_cpu_times_guarded {
    struct old_cpu_times s;
    unsigned char guard[64];
};

/* As a later header might declare it: this one's fields, then more. */
struct new_cpu_times {
    uint32_t size;
    uint64_t valid;
    double user, system, idle, nice, iowait, irq, softirq, steal, guest,
        guest_nice;
    int32_t cpu;
    int32_t next_i32; /* lands in the current struct's tail padding */
    double next_double;
    uint64_t next_u64;
};

static void check_guard(const unsigned char *g, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        ck_assert_msg(g[i] == FILL_BYTE, "guard byte %zu was written", i);
    }
}

START_TEST(test_cpu_times_full)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    double tck = ut_clk_tck();
    uint64_t times = OSTAT_CPU_TIMES_USER | OSTAT_CPU_TIMES_SYSTEM |
                     OSTAT_CPU_TIMES_IDLE | OSTAT_CPU_TIMES_NICE |
                     OSTAT_CPU_TIMES_IOWAIT | OSTAT_CPU_TIMES_IRQ |
                     OSTAT_CPU_TIMES_SOFTIRQ | OSTAT_CPU_TIMES_STEAL |
                     OSTAT_CPU_TIMES_GUEST | OSTAT_CPU_TIMES_GUEST_NICE;

    ck_assert_uint_eq(t.size, sizeof(t));
    ck_assert_uint_eq(t.valid, 0);
    ut_assert_fixture_rc(ostat_cpu_times(ctx, &t));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(t.valid, 0);
        return;
    }
    ck_assert_uint_eq(t.valid & times, times);
    /* The total's cpu field is -1, and valid. */
    ck_assert_uint_eq(t.valid, times | OSTAT_CPU_TIMES_CPU);
    ck_assert_double_eq(t.user, 1000 / tck);
    ck_assert_double_eq(t.nice, 200 / tck);
    ck_assert_double_eq(t.system, 3000 / tck);
    ck_assert_double_eq(t.idle, 40000 / tck);
    ck_assert_double_eq(t.iowait, 500 / tck);
    ck_assert_double_eq(t.irq, 60 / tck);
    ck_assert_double_eq(t.softirq, 70 / tck);
    ck_assert_double_eq(t.steal, 80 / tck);
    ck_assert_double_eq(t.guest, 90 / tck);
    ck_assert_double_eq(t.guest_nice, 10 / tck);
    ck_assert_int_eq(t.cpu, -1);
}
END_TEST

START_TEST(test_cpu_times_older_caller)
{
    struct old_cpu_times_guarded w;
    ostat_ctx *ctx = ut_fixture_ctx();
    double tck = ut_clk_tck();

    ck_assert_uint_eq(offsetof(struct old_cpu_times_guarded, guard),
                      sizeof(struct old_cpu_times));
    memset(&w, FILL_BYTE, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_fixture_rc(
        ostat_cpu_times(ctx, (struct ostat_cpu_times *)(void *)&w.s));
    ostat_ctx_free(ctx);
    check_guard(w.guard, sizeof(w.guard));
    ck_assert_uint_eq(w.s.size, sizeof(w.s));
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(w.s.valid, 0);
        return;
    }
    ck_assert_uint_eq(w.s.valid, OSTAT_CPU_TIMES_USER | OSTAT_CPU_TIMES_SYSTEM |
                                     OSTAT_CPU_TIMES_IDLE);
    ck_assert_double_eq(w.s.user, 1000 / tck);
    ck_assert_double_eq(w.s.system, 3000 / tck);
    ck_assert_double_eq(w.s.idle, 40000 / tck);
}
END_TEST

START_TEST(test_cpu_times_newer_caller)
{
    struct new_cpu_times n;
    ostat_ctx *ctx = ut_fixture_ctx();
    double tck = ut_clk_tck();

    memset(&n, 0xAA, sizeof(n));
    n.size = (uint32_t)sizeof(n);
    ut_assert_fixture_rc(
        ostat_cpu_times(ctx, (struct ostat_cpu_times *)(void *)&n));
    ostat_ctx_free(ctx);
    ck_assert_uint_eq(n.size, sizeof(n));
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(n.valid, 0);
        return;
    }
    ck_assert_uint_eq(n.valid, ut_layout_bits(&cpu_times_layout));
    ck_assert_double_eq(n.user, 1000 / tck);
    ck_assert_double_eq(n.guest_nice, 10 / tck);
    ck_assert_int_eq(n.cpu, -1);
    ck_assert_int_eq(n.next_i32, 0);
    ck_assert_double_eq(n.next_double, 0.0);
    ck_assert_uint_eq(n.next_u64, 0);
}
END_TEST

/* An element of a per-CPU list, into an older and a newer struct. */
START_TEST(test_list_cpu_times_old_and_new)
{
    struct old_cpu_times_guarded w;
    struct new_cpu_times n;
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_list *list = NULL;
    double tck = ut_clk_tck();

    ut_assert_fixture_rc(ostat_cpu_times_percpu(ctx, &list));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_ptr_null(list);
        return;
    }
    ck_assert_uint_eq(ostat_list_count(list), 2);

    memset(&w, FILL_BYTE, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_rc(
        ostat_list_cpu_times(list, 0, (struct ostat_cpu_times *)(void *)&w.s),
        0);
    check_guard(w.guard, sizeof(w.guard));
    ck_assert_uint_eq(w.s.valid, OSTAT_CPU_TIMES_USER | OSTAT_CPU_TIMES_SYSTEM |
                                     OSTAT_CPU_TIMES_IDLE);
    ck_assert_double_eq(w.s.user, 600 / tck);
    ck_assert_double_eq(w.s.system, 1500 / tck);
    ck_assert_double_eq(w.s.idle, 20000 / tck);

    memset(&n, 0xAA, sizeof(n));
    n.size = (uint32_t)sizeof(n);
    ut_assert_rc(
        ostat_list_cpu_times(list, 1, (struct ostat_cpu_times *)(void *)&n), 0);
    ck_assert_uint_eq(n.valid & ~ut_layout_bits(&cpu_times_layout), 0);
    ck_assert_uint_ne(n.valid & OSTAT_CPU_TIMES_CPU, 0);
    ck_assert_int_eq(n.cpu, 1);
    ck_assert_double_eq(n.user, 400 / tck);
    ck_assert_int_eq(n.next_i32, 0);
    ck_assert_double_eq(n.next_double, 0.0);
    ck_assert_uint_eq(n.next_u64, 0);
    ostat_list_free(list);
}
END_TEST

/* ---- virtual_memory ----------------------------------------------------- */

struct old_virtual_memory {
    uint32_t size;
    uint64_t valid;
    uint64_t total;
    uint64_t available;
    double percent;
};

struct old_virtual_memory_guarded {
    struct old_virtual_memory s;
    unsigned char guard[64];
};

struct new_virtual_memory {
    struct ostat_virtual_memory cur;
    uint64_t next_u64;
    double next_double;
};

#define KB(n) ((uint64_t)(n)*1024)

START_TEST(test_virtual_memory_full)
{
    struct ostat_virtual_memory m = OSTAT_VIRTUAL_MEMORY_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();

    ut_assert_fixture_rc(ostat_virtual_memory(ctx, &m));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(m.valid, 0);
        return;
    }
    ck_assert_uint_eq(m.valid, ut_layout_bits(&virtual_memory_layout));
    ck_assert_uint_eq(m.total, KB(8000000));
    ck_assert_uint_eq(m.available, KB(6000000));
    ck_assert_uint_eq(m.used, KB(2000000));
    ck_assert_double_eq_tol(m.percent, 25.0, 1e-9);
    ck_assert_uint_eq(m.free, KB(1000000));
    ck_assert_uint_eq(m.active, KB(2500000));
    ck_assert_uint_eq(m.inactive, KB(2000000));
    ck_assert_uint_eq(m.buffers, KB(200000));
    ck_assert_uint_eq(m.cached, KB(3000000 + 300000)); /* with SReclaimable */
    ck_assert_uint_eq(m.shared, KB(100000));
    ck_assert_uint_eq(m.slab, KB(400000));
}
END_TEST

START_TEST(test_virtual_memory_older_caller)
{
    struct old_virtual_memory_guarded w;
    ostat_ctx *ctx = ut_fixture_ctx();

    ck_assert_uint_eq(offsetof(struct old_virtual_memory_guarded, guard),
                      sizeof(struct old_virtual_memory));
    memset(&w, FILL_BYTE, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_fixture_rc(
        ostat_virtual_memory(ctx, (struct ostat_virtual_memory *)(void *)&w.s));
    ostat_ctx_free(ctx);
    check_guard(w.guard, sizeof(w.guard));
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(w.s.valid, 0);
        return;
    }
    ck_assert_uint_eq(w.s.valid, OSTAT_VIRTUAL_MEMORY_TOTAL |
                                     OSTAT_VIRTUAL_MEMORY_AVAILABLE |
                                     OSTAT_VIRTUAL_MEMORY_PERCENT);
    ck_assert_uint_eq(w.s.total, KB(8000000));
    ck_assert_uint_eq(w.s.available, KB(6000000));
    ck_assert_double_eq_tol(w.s.percent, 25.0, 1e-9);
}
END_TEST

START_TEST(test_virtual_memory_newer_caller)
{
    struct new_virtual_memory n;
    ostat_ctx *ctx = ut_fixture_ctx();

    memset(&n, 0xAA, sizeof(n));
    n.cur.size = (uint32_t)sizeof(n);
    ut_assert_fixture_rc(ostat_virtual_memory(ctx, &n.cur));
    ostat_ctx_free(ctx);
    ck_assert_uint_eq(n.cur.size, sizeof(n));
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(n.cur.valid, 0);
        return;
    }
    ck_assert_uint_eq(n.cur.valid, ut_layout_bits(&virtual_memory_layout));
    ck_assert_uint_eq(n.cur.total, KB(8000000));
    ck_assert_uint_eq(n.cur.slab, KB(400000));
    ck_assert_uint_eq(n.next_u64, 0);
    ck_assert_double_eq(n.next_double, 0.0);
}
END_TEST

/* ---- loadavg ------------------------------------------------------------ */

struct old_loadavg {
    uint32_t size;
    uint64_t valid;
    double load1;
    double load5;
    double load15;
};

struct old_loadavg_guarded {
    struct old_loadavg s;
    unsigned char guard[64];
};

struct new_loadavg {
    struct ostat_loadavg cur;
    uint64_t next_u64;
};

START_TEST(test_loadavg_full)
{
    struct ostat_loadavg la = OSTAT_LOADAVG_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();

    ut_assert_fixture_rc(ostat_getloadavg(ctx, &la));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(la.valid, 0);
        return;
    }
    ck_assert_uint_eq(la.valid, ut_layout_bits(&loadavg_layout));
    ck_assert_double_eq(la.load1, 0.25);
    ck_assert_double_eq(la.load5, 1.5);
    ck_assert_double_eq(la.load15, 2.75);
    ck_assert_uint_eq(la.runnable, 3);
    ck_assert_uint_eq(la.entities, 456);
}
END_TEST

START_TEST(test_loadavg_older_caller)
{
    struct old_loadavg_guarded w;
    ostat_ctx *ctx = ut_fixture_ctx();

    ck_assert_uint_eq(offsetof(struct old_loadavg_guarded, guard),
                      sizeof(struct old_loadavg));
    memset(&w, FILL_BYTE, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_fixture_rc(
        ostat_getloadavg(ctx, (struct ostat_loadavg *)(void *)&w.s));
    ostat_ctx_free(ctx);
    check_guard(w.guard, sizeof(w.guard));
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(w.s.valid, 0);
        return;
    }
    ck_assert_uint_eq(w.s.valid, OSTAT_LOADAVG_LOAD1 | OSTAT_LOADAVG_LOAD5 |
                                     OSTAT_LOADAVG_LOAD15);
    ck_assert_double_eq(w.s.load1, 0.25);
    ck_assert_double_eq(w.s.load5, 1.5);
    ck_assert_double_eq(w.s.load15, 2.75);
}
END_TEST

START_TEST(test_loadavg_newer_caller)
{
    struct new_loadavg n;
    ostat_ctx *ctx = ut_fixture_ctx();

    memset(&n, 0xAA, sizeof(n));
    n.cur.size = (uint32_t)sizeof(n);
    ut_assert_fixture_rc(ostat_getloadavg(ctx, &n.cur));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        ck_assert_uint_eq(n.cur.valid, 0);
        return;
    }
    ck_assert_uint_eq(n.cur.valid, ut_layout_bits(&loadavg_layout));
    ck_assert_uint_eq(n.cur.entities, 456);
    ck_assert_uint_eq(n.next_u64, 0);
}
END_TEST

/* ---- user (through the list accessor) ----------------------------------- */

struct old_user {
    uint32_t size;
    uint64_t valid;
    const char *name;
    const char *terminal;
};

struct old_user_guarded {
    struct old_user s;
    unsigned char guard[64];
};

struct new_user {
    struct ostat_user cur;
    const char *next_str;
    uint64_t next_u64;
};

START_TEST(test_users_full)
{
    struct ostat_user u = OSTAT_USER_INIT;
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_list *list = NULL;

    ut_assert_fixture_rc(ostat_users(ctx, &list));
    ostat_ctx_free(ctx); /* the list outlives the context */
    if (!UT_HAVE_BACKEND) {
        ck_assert_ptr_null(list);
        return;
    }
    ck_assert_uint_eq(ostat_list_count(list), 2);
    ut_assert_rc(ostat_list_user(list, 0, &u), 0);
    ck_assert_uint_eq(u.valid, ut_layout_bits(&user_layout));
    ck_assert_str_eq(u.name, UT_USER0_NAME);
    ck_assert_str_eq(u.terminal, UT_USER0_TTY);
    ck_assert_str_eq(u.host, UT_USER0_HOST);
    ck_assert_double_eq(u.started, (double)UT_USER0_TIME);
    ck_assert_int_eq(u.pid, UT_USER0_PID);
    ut_assert_rc(ostat_list_user(list, 1, &u), 0);
    ck_assert_str_eq(u.name, UT_USER1_NAME);
    ck_assert_str_eq(u.terminal, UT_USER1_TTY);
    ck_assert_str_eq(u.host, "localhost"); /* psutil's name for local */
    ck_assert_double_eq(u.started, (double)UT_USER1_TIME);
    ck_assert_int_eq(u.pid, UT_USER1_PID);
    ostat_list_free(list);
}
END_TEST

START_TEST(test_users_older_and_newer_caller)
{
    struct old_user_guarded w;
    struct new_user n;
    ostat_ctx *ctx = ut_fixture_ctx();
    ostat_list *list = NULL;

    ut_assert_fixture_rc(ostat_users(ctx, &list));
    ostat_ctx_free(ctx);
    if (!UT_HAVE_BACKEND) {
        return;
    }
    ck_assert_uint_eq(offsetof(struct old_user_guarded, guard),
                      sizeof(struct old_user));
    memset(&w, FILL_BYTE, sizeof(w));
    w.s.size = (uint32_t)sizeof(w.s);
    ut_assert_rc(ostat_list_user(list, 0, (struct ostat_user *)(void *)&w.s),
                 0);
    check_guard(w.guard, sizeof(w.guard));
    ck_assert_uint_eq(w.s.valid, OSTAT_USER_NAME | OSTAT_USER_TERMINAL);
    ck_assert_str_eq(w.s.name, UT_USER0_NAME);
    ck_assert_str_eq(w.s.terminal, UT_USER0_TTY);

    memset(&n, 0xAA, sizeof(n));
    n.cur.size = (uint32_t)sizeof(n);
    ut_assert_rc(ostat_list_user(list, 1, &n.cur), 0);
    ck_assert_uint_eq(n.cur.valid, ut_layout_bits(&user_layout));
    ck_assert_str_eq(n.cur.name, UT_USER1_NAME);
    ck_assert_int_eq(n.cur.pid, UT_USER1_PID);
    ck_assert_ptr_null(n.next_str);
    ck_assert_uint_eq(n.next_u64, 0);
    ostat_list_free(list);
}
END_TEST

/* ---- the INIT macros ---------------------------------------------------- */

/* ---- sensors ------------------------------------------------------------ */

static const struct ut_layout sensors_temperature_layout = {
    "sensors_temperature",
    sizeof(struct ostat_sensors_temperature),
    0,
    5,
    {
        UT_FIELD(
            ostat_sensors_temperature, OSTAT_SENSORS_TEMPERATURE_CHIP, chip),
        UT_FIELD(
            ostat_sensors_temperature, OSTAT_SENSORS_TEMPERATURE_LABEL, label),
        UT_FIELD(ostat_sensors_temperature,
                 OSTAT_SENSORS_TEMPERATURE_CURRENT,
                 current),
        UT_FIELD(
            ostat_sensors_temperature, OSTAT_SENSORS_TEMPERATURE_HIGH, high),
        UT_FIELD(ostat_sensors_temperature,
                 OSTAT_SENSORS_TEMPERATURE_CRITICAL,
                 critical),
    },
};

static const struct ut_layout sensors_fan_layout = {
    "sensors_fan",
    sizeof(struct ostat_sensors_fan),
    0,
    3,
    {
        UT_FIELD(ostat_sensors_fan, OSTAT_SENSORS_FAN_CHIP, chip),
        UT_FIELD(ostat_sensors_fan, OSTAT_SENSORS_FAN_LABEL, label),
        UT_FIELD(ostat_sensors_fan, OSTAT_SENSORS_FAN_CURRENT, current),
    },
};

static const struct ut_layout sensors_battery_layout = {
    "sensors_battery",
    sizeof(struct ostat_sensors_battery),
    0,
    3,
    {
        UT_FIELD(ostat_sensors_battery, OSTAT_SENSORS_BATTERY_PERCENT, percent),
        UT_FIELD(
            ostat_sensors_battery, OSTAT_SENSORS_BATTERY_SECSLEFT, secsleft),
        UT_FIELD(ostat_sensors_battery,
                 OSTAT_SENSORS_BATTERY_POWER_PLUGGED,
                 power_plugged),
    },
};

static int fill_list_sensors_temperature(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_sensors_temperature(arg, 0, out);
}

static int fill_list_sensors_fan(ostat_ctx *ctx, void *arg, void *out)
{
    (void)ctx;
    return ostat_list_sensors_fan(arg, 0, out);
}

static int fill_sensors_battery(ostat_ctx *ctx, void *arg, void *out)
{
    (void)arg;
    return ostat_sensors_battery(ctx, out);
}

/* A sysfs with one fully described sensor of each kind and a battery whose
 * every field is known, under a copy of the fixture. */
static const struct ut_file sensor_files[] = {
    { "sys/class/hwmon/hwmon0/name", "coretemp\n" },
    { "sys/class/hwmon/hwmon0/temp1_label", "Core 0\n" },
    { "sys/class/hwmon/hwmon0/temp1_input", "45000\n" },
    { "sys/class/hwmon/hwmon0/temp1_max", "80000\n" },
    { "sys/class/hwmon/hwmon0/temp1_crit", "100000\n" },
    { "sys/class/hwmon/hwmon0/fan1_label", "CPU\n" },
    { "sys/class/hwmon/hwmon0/fan1_input", "1800\n" },
    { "sys/class/power_supply/AC/type", "Mains\n" },
    { "sys/class/power_supply/AC/online", "0\n" },
    { "sys/class/power_supply/BAT0/type", "Battery\n" },
    { "sys/class/power_supply/BAT0/status", "Discharging\n" },
    { "sys/class/power_supply/BAT0/energy_now", "25000000\n" },
    { "sys/class/power_supply/BAT0/energy_full", "50000000\n" },
    { "sys/class/power_supply/BAT0/power_now", "10000000\n" },
};

START_TEST(test_sweep_sensors)
{
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;
    ostat_list *list = NULL;
    char *dir;
    ostat_ctx *ctx = ut_copy_ctx(
        sensor_files, sizeof(sensor_files) / sizeof(sensor_files[0]), &dir);

    ut_assert_fixture_rc(ostat_sensors_temperatures(ctx, &list));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(list), 1);
        ut_sweep(&sensors_temperature_layout, fill_list_sensors_temperature,
                 ctx, list, 0);
    }
    ostat_list_free(list);

    list = NULL;
    ut_assert_fixture_rc(ostat_sensors_fans(ctx, &list));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(ostat_list_count(list), 1);
        ut_sweep(&sensors_fan_layout, fill_list_sensors_fan, ctx, list, 0);
    }
    ostat_list_free(list);

    /* 25 of 50 Wh at 10 W: 50 %, 9000 s, on battery. */
    ut_assert_fixture_rc(ostat_sensors_battery(ctx, &b));
    if (UT_HAVE_BACKEND) {
        ck_assert_uint_eq(b.valid, OSTAT_SENSORS_BATTERY_PERCENT |
                                       OSTAT_SENSORS_BATTERY_SECSLEFT |
                                       OSTAT_SENSORS_BATTERY_POWER_PLUGGED);
        ck_assert_double_eq(b.percent, 50.0);
        ck_assert_double_eq(b.secsleft, 9000.0);
        ck_assert_int_eq(b.power_plugged, 0);
    }
    ut_sweep(&sensors_battery_layout, fill_sensors_battery, ctx, NULL,
             fixture_rc());
    ut_copy_ctx_free(ctx, dir);
}
END_TEST

START_TEST(test_init_macros)
{
    struct ostat_cpu_times a = OSTAT_CPU_TIMES_INIT;
    struct ostat_cpu_stats b = OSTAT_CPU_STATS_INIT;
    struct ostat_cpu_freq c = OSTAT_CPU_FREQ_INIT;
    struct ostat_loadavg d = OSTAT_LOADAVG_INIT;
    struct ostat_virtual_memory e = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_swap_memory f = OSTAT_SWAP_MEMORY_INIT;
    struct ostat_heap_info g = OSTAT_HEAP_INFO_INIT;
    struct ostat_user h = OSTAT_USER_INIT;
    struct ostat_pressure i = OSTAT_PRESSURE_INIT;

    ck_assert_uint_eq(a.size, sizeof(a));
    ck_assert_uint_eq(b.size, sizeof(b));
    ck_assert_uint_eq(c.size, sizeof(c));
    ck_assert_uint_eq(d.size, sizeof(d));
    ck_assert_uint_eq(e.size, sizeof(e));
    ck_assert_uint_eq(f.size, sizeof(f));
    ck_assert_uint_eq(g.size, sizeof(g));
    ck_assert_uint_eq(h.size, sizeof(h));
    ck_assert_uint_eq(i.size, sizeof(i));
    ck_assert_uint_eq(a.valid | b.valid | c.valid | d.valid | e.valid |
                          f.valid | g.valid | h.valid | i.valid,
                      0);
    /* Every snapshot struct starts with size, then valid. */
    ck_assert_uint_eq(offsetof(struct ostat_cpu_times, valid), 8);
    ck_assert_uint_eq(offsetof(struct ostat_user, valid), 8);
    ck_assert_uint_eq(offsetof(struct ostat_pressure, valid), 8);
}
END_TEST

TCase *ut_struct_tcase(void)
{
    TCase *tc = tcase_create("struct_copy");

    tcase_add_test(tc, test_init_macros);
    tcase_add_test(tc, test_sweep_snapshots);
    tcase_add_test(tc, test_sweep_list_elements);
    tcase_add_test(tc, test_cpu_times_full);
    tcase_add_test(tc, test_cpu_times_older_caller);
    tcase_add_test(tc, test_cpu_times_newer_caller);
    tcase_add_test(tc, test_list_cpu_times_old_and_new);
    tcase_add_test(tc, test_virtual_memory_full);
    tcase_add_test(tc, test_virtual_memory_older_caller);
    tcase_add_test(tc, test_virtual_memory_newer_caller);
    tcase_add_test(tc, test_loadavg_full);
    tcase_add_test(tc, test_loadavg_older_caller);
    tcase_add_test(tc, test_loadavg_newer_caller);
    tcase_add_test(tc, test_users_full);
    tcase_add_test(tc, test_users_older_and_newer_caller);
    tcase_add_test(tc, test_sweep_sensors);
    return tc;
}
