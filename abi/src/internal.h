/* SPDX-License-Identifier: MIT */
/* internal.h: what the OS-independent core and the backends share. Nothing
 * here is part of the ABI. */
#ifndef OSTAT_INTERNAL_H
#define OSTAT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ostat.h"

#if defined(__GNUC__)
#define OSTAT__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define OSTAT__PRINTF(a, b)
#endif

#define OSTAT__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A previous CPU sample, the baseline of a percentage. */
struct ostat__cpu_base {
    int have;
    struct ostat_cpu_times total;
    struct ostat_cpu_times *percpu;
    size_t ncpu;
};

struct ostat__os; /* backend-private state */

/* A thread's error detail, saved so that a call that succeeds leaves the
 * caller's last error as it found it, whatever it swallowed on the way. */
struct ostat__err_state {
    int set;
    ostat_error err;
    char message[256];
    char where[256];
};

/* What a public call's guard replaced, to put back at its end. */
struct ostat__err_guard {
    struct ostat__err_state *slot;
    int saved;
};

/* nowrap.c: families of keyed counters made wrap-safe per context. */
enum ostat__nowrap_family {
    OSTAT__NOWRAP_DISK,
    OSTAT__NOWRAP_NET,
    OSTAT__NOWRAP_N
};
struct ostat__nowrap;

struct ostat_ctx {
    char *procfs_root; /* no trailing slash */
    char *sysfs_root;
    char *host_prefix; /* "" or an absolute path without trailing slash */
    int live;          /* reading the running system's own /proc and /sys */
    long clk_tck;
    long page_size;
    ostat_log_fn log_fn;
    void *log_payload;
    unsigned call_depth;               /* public calls in progress */
    struct ostat__err_state saved_err; /* the caller's, at depth 0 */
    struct ostat__err_guard guard;     /* what the depth-0 call replaced */
    unsigned oneshot_depth;
    uint64_t oneshot_gen; /* bumped at each outermost begin */
    struct ostat__cpu_base pct, pct_percpu, tpct, tpct_percpu;
    struct ostat__nowrap
        *nowrap[OSTAT__NOWRAP_N]; /* nowrap.c; NULL until used */
    struct ostat__os *os;
};

/* errors.c ---------------------------------------------------------------- */

/* Record the thread's error detail and return @code. @where is a path or a
 * syscall name, may be NULL. */
int ostat__err(int code, int os_errno, const char *where, const char *fmt, ...)
    OSTAT__PRINTF(4, 5);
/* The same with a pid. */
int ostat__err_pid(int code,
                   int os_errno,
                   ostat_pid_t pid,
                   const char *where,
                   const char *fmt,
                   ...) OSTAT__PRINTF(5, 6);

void ostat__err_save(struct ostat__err_state *s);
void ostat__err_restore(const struct ostat__err_state *s);

/* From here to ostat__err_guard_end(), the first error recorded in the
 * thread first copies the detail it replaces into @slot; the end with
 * @success puts that copy back. A call that records no error copies
 * nothing. */
#if defined(__GNUC__) && defined(__ELF__)
#define OSTAT__TLS_FAST __attribute__((tls_model("initial-exec")))
#else
#define OSTAT__TLS_FAST
#endif

/* The few bytes of thread-local state every public call touches (errors.c),
 * in initial-exec storage that is reached at the cost of one load: whether
 * the thread has an error detail, and the guard of the outermost public
 * call in progress, that is where the caller's detail goes, copied only
 * when the call records an error (most record none, and copy nothing). */
struct ostat__err_hot {
    struct ostat__err_state *slot;
    int saved;
    int set;
};
extern _Thread_local struct ostat__err_hot ostat__err_hot OSTAT__TLS_FAST;

/* Copy the thread's detail into the current guard's slot, once per guarded
 * call: when the call records its first error, and when a call inside it
 * (another context's) begins, should the inner one fail. */
void ostat__err_guard_nest(void);

static inline void ostat__err_guard_begin(struct ostat__err_guard *g,
                                          struct ostat__err_state *slot)
{
    struct ostat__err_hot *h = &ostat__err_hot;

    if (h->slot != NULL && !h->saved) {
        ostat__err_guard_nest();
    }
    g->slot = h->slot;
    g->saved = h->saved;
    h->slot = slot;
    h->saved = 0;
}

static inline void ostat__err_guard_end(const struct ostat__err_guard *g,
                                        int success)
{
    struct ostat__err_hot *h = &ostat__err_hot;

    if (success && h->saved) {
        ostat__err_restore(h->slot);
    }
    h->slot = g->slot;
    h->saved = g->saved;
}

/* ctx.c -------------------------------------------------------------------- */

/* Use @ctx, or a temporary default context when it is NULL; pair with
 * ostat__ctx_done(), passing the call's result: when it is 0, the thread's
 * error detail is put back as the caller left it, so errors the library
 * swallowed along the way (a missing optional file) do not show. */
int ostat__ctx_use_default(ostat_ctx **use);
/* Backend contract (backend.h), called when the outermost public call on
 * @ctx returns: give back what one large read left behind, so that a
 * context's memory does not stay at the size of the largest file it ever
 * read. */
void ostat__os_ctx_idle(ostat_ctx *ctx);

/* Inline: every public call pays for these. */
static inline int ostat__ctx_use(ostat_ctx *ctx, ostat_ctx **use)
{
    if (ctx == NULL) {
        return ostat__ctx_use_default(use);
    }
    if (ctx->call_depth++ == 0) {
        ostat__err_guard_begin(&ctx->guard, &ctx->saved_err);
    }
    *use = ctx;
    return 0;
}

static inline void ostat__ctx_done(ostat_ctx *ctx, ostat_ctx *use, int rc)
{
    if (--use->call_depth == 0) {
        ostat__os_ctx_idle(use);
        ostat__err_guard_end(&use->guard, rc == 0);
    }
    if (use != ctx) {
        ostat_ctx_free(use);
    }
}
void ostat__log(ostat_ctx *ctx, int32_t level, const char *fmt, ...)
    OSTAT__PRINTF(3, 4);

/* counter.c ---------------------------------------------------------------- */

/* The rule of ostat/counter.h: the step of a counter of @width bits (0 when
 * unknown) from the sample @prev, of generation @prev_gen (the last non-zero
 * one, 0 when none), to the sample @cur, of generation @gen (0 when
 * unknown), is OSTAT_COUNTER_EVENT_NORMAL, _WRAP or _RESET, and *delta
 * receives the growth. */
int32_t ostat__counter_judge(uint64_t prev_gen,
                             uint64_t gen,
                             uint64_t prev,
                             uint64_t cur,
                             unsigned width,
                             uint64_t *delta);

/* nowrap.c ----------------------------------------------------------------- */

/* A scan of one family's rows (one per disk, one per NIC): begin, then
 * ostat__nowrap_row for every row, then end, which forgets the keys the scan
 * did not see. ostat__nowrap_row rewrites the @n raw counters in @vals with
 * wrap-safe, monotonic totals for @key; @widths gives each counter's width in
 * bits (32, 64, or 0 when unknown). @generation names the device instance
 * behind the key (a NIC's ifindex, say) and changes when the device is
 * re-created, which is a reset, not a wrap; 0 when unknown. Without a begin
 * (nowrap not asked for) nothing is called and raw values pass through.
 * The rule is ostat/counter.h's; a key's first sample passes through
 * unchanged and starts its totals, which are kept modulo 2^64. @widths may
 * be NULL (all unknown). A row outside a scan, a key given twice in one
 * scan or a width above 64 is OSTAT_EINVAL, and a row whose @n differs from
 * its key's last one starts that key afresh. A scan that is begun again
 * without an end forgets nothing. */
int ostat__nowrap_begin(ostat_ctx *ctx, enum ostat__nowrap_family family);
int ostat__nowrap_row(ostat_ctx *ctx,
                      enum ostat__nowrap_family family,
                      const char *key,
                      uint64_t generation,
                      uint64_t *vals,
                      const uint8_t *widths,
                      size_t n);
void ostat__nowrap_end(ostat_ctx *ctx, enum ostat__nowrap_family family);
/* Frees every family's state (ostat_ctx_free). */
void ostat__nowrap_free(ostat_ctx *ctx);

/* list.c ------------------------------------------------------------------- */

enum ostat__list_kind {
    OSTAT__LIST_DOUBLE = 1,
    OSTAT__LIST_CPU_TIMES,
    OSTAT__LIST_CPU_FREQ,
    OSTAT__LIST_USER,
    OSTAT__LIST_INT64,
    OSTAT__LIST_STRING, /* struct ostat__str */
    OSTAT__LIST_ENVIRON_VAR,
    OSTAT__LIST_THREAD,
    OSTAT__LIST_MMAP,
    OSTAT__LIST_OPEN_FILE,
    OSTAT__LIST_SENSORS_TEMPERATURE,
    OSTAT__LIST_SENSORS_FAN,
    OSTAT__LIST_DISK_PARTITION,
    OSTAT__LIST_DISK_IO_COUNTERS,
    OSTAT__LIST_NET_IO_COUNTERS, /* struct ostat__nic_io (backend.h) */
    OSTAT__LIST_NET_IF_ADDR,
    OSTAT__LIST_NET_IF_STATS,
    OSTAT__LIST_CONNECTION
};

/* An element of an OSTAT__LIST_STRING list. */
struct ostat__str {
    const char *s;
    size_t len;
};

int ostat__list_new(int32_t kind, size_t elem_size, ostat_list **out);
/* Append a zeroed element; NULL when out of memory. The pointer is valid
 * until the next push. */
void *ostat__list_push(ostat_list *list);
void *ostat__list_at(const ostat_list *list, size_t index);
/* Copy @len bytes of @s into the list's string storage, NUL-terminated; the
 * copy lives as long as the list. NULL when out of memory. */
const char *ostat__list_str(ostat_list *list, const char *s, size_t len);
/* Check the kind and index, then return the element or NULL (and record
 * OSTAT_EINVAL). */
const void *ostat__list_get(const ostat_list *list, int32_t kind, size_t index);

/* process.c ---------------------------------------------------------------- */

/* What every backend's process handle starts with. */
struct ostat_proc {
    ostat_ctx *ctx;
    ostat_pid_t pid;
    uint64_t start; /* start time since boot, clock ticks: the identity */
    int start_err;  /* why start is unknown (an iterator row), or 0 */
    int cpu_base_have;
    double cpu_base_wall; /* CLOCK_MONOTONIC seconds */
    double cpu_base_cpu;  /* user + system seconds */
};

/* struct.c ----------------------------------------------------------------- */

/* Where each field of a snapshot struct ends, in valid-bit order. */
struct ostat__layout {
    const char *name;
    size_t size;
    const uint16_t *ends;
    unsigned nfields;
};

#define OSTAT__END(type, member)                                               \
    ((uint16_t)(offsetof(struct type, member) +                                \
                sizeof(((struct type *)0)->member)))

/* The smallest size a caller's struct may declare: size and valid. */
#define OSTAT__HEADER_SIZE (offsetof(struct ostat_cpu_times, valid) + 8)

/* OSTAT_EINVAL unless @dst is non-NULL and its size holds the header. */
int ostat__check_out(const void *dst, const struct ostat__layout *layout);
/* Copy the library's complete struct @src into the caller's @dst, writing
 * no more than dst->size bytes, keeping only the valid bits of the fields
 * that fit, and zeroing what lies beyond the library's struct. */
void ostat__copy_out(void *dst,
                     const void *src,
                     const struct ostat__layout *layout);
/* On failure: clear dst->valid if dst is usable. */
void ostat__clear_out(void *dst);

/* Big enough and aligned for any snapshot struct. */
union ostat__any_snapshot {
    struct ostat_cpu_times cpu_times;
    struct ostat_cpu_stats cpu_stats;
    struct ostat_cpu_freq cpu_freq;
    struct ostat_loadavg loadavg;
    struct ostat_virtual_memory virtual_memory;
    struct ostat_swap_memory swap_memory;
    struct ostat_heap_info heap_info;
    struct ostat_user user;
    struct ostat_pressure pressure;
    struct ostat_proc_ids proc_ids;
    struct ostat_proc_cpu_times proc_cpu_times;
    struct ostat_proc_memory_info proc_memory_info;
    struct ostat_proc_memory_footprint proc_memory_footprint;
    struct ostat_proc_page_faults proc_page_faults;
    struct ostat_proc_ctx_switches proc_ctx_switches;
    struct ostat_proc_io_counters proc_io_counters;
    struct ostat_proc_ionice proc_ionice;
    struct ostat_cgroup cgroup;
    struct ostat_sensors_battery sensors_battery;
    struct ostat_disk_usage disk_usage;
    struct ostat_disk_io_counters disk_io_counters;
    struct ostat_net_io_counters net_io_counters;
};

/* Fill a zeroed library struct whose size is set. */
typedef int (*ostat__fill_fn)(ostat_ctx *ctx, void *snapshot, int32_t arg);
/* The whole public path of a snapshot function: check @out, use a context,
 * fill a complete struct, copy it out (clearing out->valid on failure). */
int ostat__snapshot(ostat_ctx *ctx,
                    void *out,
                    const struct ostat__layout *layout,
                    ostat__fill_fn fill,
                    int32_t arg);
/* The same for a snapshot of a string @arg (a path): @check refuses a bad
 * @arg with its error code, after @out is checked and before a context is
 * used. */
typedef int (*ostat__str_check_fn)(const char *arg);
typedef int (*ostat__fill_str_fn)(ostat_ctx *ctx,
                                  void *snapshot,
                                  const char *arg);
int ostat__snapshot_str(ostat_ctx *ctx,
                        void *out,
                        const struct ostat__layout *layout,
                        ostat__str_check_fn check,
                        ostat__fill_str_fn fill,
                        const char *arg);
/* Fill a new, empty list of a public list function's kind. */
typedef int (*ostat__list_fill_fn)(ostat_ctx *ctx,
                                   ostat_list *list,
                                   int32_t arg);
/* The whole public path of a list function: check @out (@name is the
 * function, for the error), use a context, fill a new list of @kind whose
 * elements are @elem_size bytes; *out is NULL on failure. */
int ostat__list_result(ostat_ctx *ctx,
                       ostat_list **out,
                       int32_t kind,
                       size_t elem_size,
                       ostat__list_fill_fn fill,
                       int32_t arg,
                       const char *name);
/* A typed list accessor: check @out and the list, copy element @index. */
int ostat__list_copy(const ostat_list *list,
                     int32_t kind,
                     size_t index,
                     void *out,
                     const struct ostat__layout *layout);

extern const struct ostat__layout ostat__layout_cpu_times;
extern const struct ostat__layout ostat__layout_cpu_stats;
extern const struct ostat__layout ostat__layout_cpu_freq;
extern const struct ostat__layout ostat__layout_loadavg;
extern const struct ostat__layout ostat__layout_virtual_memory;
extern const struct ostat__layout ostat__layout_swap_memory;
extern const struct ostat__layout ostat__layout_heap_info;
extern const struct ostat__layout ostat__layout_user;
extern const struct ostat__layout ostat__layout_pressure;
extern const struct ostat__layout ostat__layout_proc_ids;
extern const struct ostat__layout ostat__layout_proc_cpu_times;
extern const struct ostat__layout ostat__layout_proc_memory_info;
extern const struct ostat__layout ostat__layout_proc_memory_footprint;
extern const struct ostat__layout ostat__layout_proc_page_faults;
extern const struct ostat__layout ostat__layout_proc_ctx_switches;
extern const struct ostat__layout ostat__layout_proc_io_counters;
extern const struct ostat__layout ostat__layout_proc_thread;
extern const struct ostat__layout ostat__layout_proc_environ_var;
extern const struct ostat__layout ostat__layout_proc_ionice;
extern const struct ostat__layout ostat__layout_proc_mmap;
extern const struct ostat__layout ostat__layout_proc_open_file;
extern const struct ostat__layout ostat__layout_cgroup;
extern const struct ostat__layout ostat__layout_sensors_temperature;
extern const struct ostat__layout ostat__layout_sensors_fan;
extern const struct ostat__layout ostat__layout_sensors_battery;
extern const struct ostat__layout ostat__layout_disk_partition;
extern const struct ostat__layout ostat__layout_disk_usage;
extern const struct ostat__layout ostat__layout_disk_io_counters;
extern const struct ostat__layout ostat__layout_net_io_counters;
extern const struct ostat__layout ostat__layout_net_if_addr;
extern const struct ostat__layout ostat__layout_net_if_stats;
extern const struct ostat__layout ostat__layout_connection;
extern const struct ostat__layout ostat__layout_counter;

/* cpu_math.c --------------------------------------------------------------- */

/* psutil's busy percentage between two samples, clamped to 0..100. */
double ostat__cpu_busy_percent(const struct ostat_cpu_times *t1,
                               const struct ostat_cpu_times *t2);
/* Each field as a percentage of the elapsed total, clamped to 0..100. */
void ostat__cpu_fields_percent(const struct ostat_cpu_times *t1,
                               const struct ostat_cpu_times *t2,
                               struct ostat_cpu_times *out);

#endif
