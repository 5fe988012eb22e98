/* SPDX-License-Identifier: MIT */
/* process.c: the public process functions: argument checks, the copying of
 * strings and structs out, cpu_percent's baseline, memory_percent. */
#include <signal.h>
#include <string.h>

#include "backend.h"

/* POSIX signals; elsewhere the actions are not supported. */
#ifdef SIGSTOP
#define OSTAT__SIGSTOP SIGSTOP
#define OSTAT__SIGCONT SIGCONT
#define OSTAT__SIGKILL SIGKILL
#else
#define OSTAT__SIGSTOP (-1)
#define OSTAT__SIGCONT (-1)
#define OSTAT__SIGKILL (-1)
#endif

/* Calls on a handle: the handle's context keeps the caller's error detail
 * across a call that succeeds. */
#define PROC_BEGIN(p, name)                                                    \
    ostat_ctx *c_;                                                             \
    int rc;                                                                    \
    if ((p) == NULL) {                                                         \
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL process", name);    \
    }                                                                          \
    if ((rc = ostat__ctx_use((p)->ctx, &c_)) != 0) {                           \
        return rc;                                                             \
    }
#define PROC_END(p)                                                            \
    ostat__ctx_done((p)->ctx, c_, rc);                                         \
    return rc

static const char *const status_names[] = {
    "?",      "running", "sleeping",  "disk-sleep", "stopped", "tracing-stop",
    "zombie", "dead",    "wake-kill", "waking",     "idle",    "parked",
    "locked", "waiting", "suspended",
};

const char *ostat_status_name(int32_t status)
{
    if (status < 0 || (size_t)status >= OSTAT__ARRAY_LEN(status_names)) {
        return "?";
    }
    return status_names[status];
}

int ostat_pids(ostat_ctx *ctx, ostat_list **out)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_pids: NULL out");
    }
    *out = NULL;
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__list_new(OSTAT__LIST_INT64, sizeof(int64_t), out);
    if (rc == 0 && (rc = ostat__os_pids(c, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat_pid_exists(ostat_ctx *ctx, ostat_pid_t pid, int *out)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL || pid < 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_pid_exists: NULL out or negative pid");
    }
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__os_pid_exists(c, pid, out);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat_list_int64(const ostat_list *list, size_t index, int64_t *out)
{
    const int64_t *v;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_list_int64: NULL out");
    }
    if ((v = ostat__list_get(list, OSTAT__LIST_INT64, index)) == NULL) {
        return OSTAT_EINVAL;
    }
    *out = *v;
    return 0;
}

int ostat_list_string(const ostat_list *list,
                      size_t index,
                      const char **out,
                      size_t *len)
{
    const struct ostat__str *v;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_list_string: NULL out");
    }
    if ((v = ostat__list_get(list, OSTAT__LIST_STRING, index)) == NULL) {
        return OSTAT_EINVAL;
    }
    *out = v->s;
    if (len != NULL) {
        *len = v->len;
    }
    return 0;
}

int ostat_list_environ_var(const ostat_list *list,
                           size_t index,
                           struct ostat_proc_environ_var *out)
{
    return ostat__list_copy(list, OSTAT__LIST_ENVIRON_VAR, index, out,
                            &ostat__layout_proc_environ_var);
}

int ostat_list_thread(const ostat_list *list,
                      size_t index,
                      struct ostat_proc_thread *out)
{
    return ostat__list_copy(list, OSTAT__LIST_THREAD, index, out,
                            &ostat__layout_proc_thread);
}

/* ---- handles --------------------------------------------------------------
 */

int ostat_proc_open(ostat_ctx *ctx, ostat_pid_t pid, ostat_proc **out)
{
    if (out == NULL || ctx == NULL || pid < 0) {
        if (out != NULL) {
            *out = NULL;
        }
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_open: NULL context or out, or negative "
                          "pid");
    }
    *out = NULL;
    return ostat__os_proc_open(ctx, pid, out);
}

int ostat_proc_open_self(ostat_ctx *ctx, ostat_proc **out)
{
    return ostat_proc_open(ctx, (ostat_pid_t)ostat__os_self_pid(), out);
}

void ostat_proc_free(ostat_proc *proc)
{
    if (proc != NULL) {
        ostat__os_proc_free(proc);
    }
}

ostat_pid_t ostat_proc_pid(const ostat_proc *proc)
{
    return proc ? proc->pid : -1;
}

int ostat_proc_refresh(ostat_proc *proc)
{
    if (proc == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_proc_refresh: NULL");
    }
    ostat__os_proc_refresh(proc);
    return 0;
}

int ostat_proc_is_running(ostat_proc *proc, int *out)
{
    PROC_BEGIN(proc, "ostat_proc_is_running");
    rc = out ? ostat__os_proc_is_running(proc, out)
             : ostat__err(OSTAT_EINVAL, 0, NULL, "NULL out");
    PROC_END(proc);
}

/* ---- strings ---------------------------------------------------------------
 */

static int string_out(ostat_proc *p,
                      enum ostat__proc_item what,
                      char *buf,
                      size_t *len,
                      const char *name)
{
    const char *s;
    size_t n;

    PROC_BEGIN(p, name);
    if (len == NULL || (buf == NULL && *len > 0)) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL buffer", name);
    } else if ((rc = ostat__os_proc_string(p, what, &s, &n)) == 0) {
        if (n + 1 > *len) {
            *len = n + 1;
            rc = ostat__err(OSTAT_EBUFS, 0, NULL, "%s: %zu bytes needed", name,
                            n + 1);
        } else {
            memcpy(buf, s, n);
            buf[n] = '\0';
            *len = n;
        }
    }
    PROC_END(p);
}

int ostat_proc_name(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_NAME, buf, len, "ostat_proc_name");
}

int ostat_proc_exe(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_EXE, buf, len, "ostat_proc_exe");
}

int ostat_proc_cwd(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_CWD, buf, len, "ostat_proc_cwd");
}

int ostat_proc_username(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_USERNAME, buf, len,
                      "ostat_proc_username");
}

int ostat_proc_terminal(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_TERMINAL, buf, len,
                      "ostat_proc_terminal");
}

int ostat_proc_cmdline_string(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_CMDLINE_STRING, buf, len,
                      "ostat_proc_cmdline_string");
}

int ostat_proc_cgroup(ostat_proc *proc, char *buf, size_t *len)
{
    return string_out(proc, OSTAT__PS_CGROUP, buf, len, "ostat_proc_cgroup");
}

/* ---- lists -----------------------------------------------------------------
 */

static int list_out(ostat_proc *p,
                    enum ostat__proc_item what,
                    int32_t kind,
                    size_t elem_size,
                    ostat_list **out,
                    const char *name)
{
    PROC_BEGIN(p, name);
    if (out == NULL) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    } else if ((rc = ostat__list_new(kind, elem_size, out)) == 0 &&
               (rc = ostat__os_proc_list(p, what, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    PROC_END(p);
}

int ostat_proc_cmdline(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_CMDLINE, OSTAT__LIST_STRING,
                    sizeof(struct ostat__str), out, "ostat_proc_cmdline");
}

int ostat_proc_environ(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_ENVIRON, OSTAT__LIST_ENVIRON_VAR,
                    sizeof(struct ostat_proc_environ_var), out,
                    "ostat_proc_environ");
}

int ostat_proc_parents(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_PARENTS, OSTAT__LIST_INT64, sizeof(int64_t),
                    out, "ostat_proc_parents");
}

int ostat_proc_children(ostat_proc *proc, int recursive, ostat_list **out)
{
    return list_out(
        proc, recursive ? OSTAT__PL_CHILDREN_RECURSIVE : OSTAT__PL_CHILDREN,
        OSTAT__LIST_INT64, sizeof(int64_t), out, "ostat_proc_children");
}

int ostat_proc_threads(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_THREADS, OSTAT__LIST_THREAD,
                    sizeof(struct ostat_proc_thread), out,
                    "ostat_proc_threads");
}

int ostat_proc_cpu_affinity(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_CPU_AFFINITY, OSTAT__LIST_INT64,
                    sizeof(int64_t), out, "ostat_proc_cpu_affinity");
}

int ostat_proc_memory_maps(ostat_proc *proc, int grouped, ostat_list **out)
{
    return list_out(
        proc, grouped ? OSTAT__PL_MEMORY_MAPS_GROUPED : OSTAT__PL_MEMORY_MAPS,
        OSTAT__LIST_MMAP, sizeof(struct ostat_proc_mmap), out,
        "ostat_proc_memory_maps");
}

int ostat_list_mmap(const ostat_list *list,
                    size_t index,
                    struct ostat_proc_mmap *out)
{
    return ostat__list_copy(list, OSTAT__LIST_MMAP, index, out,
                            &ostat__layout_proc_mmap);
}

int ostat_proc_open_files(ostat_proc *proc, ostat_list **out)
{
    return list_out(proc, OSTAT__PL_OPEN_FILES, OSTAT__LIST_OPEN_FILE,
                    sizeof(struct ostat_proc_open_file), out,
                    "ostat_proc_open_files");
}

int ostat_list_open_file(const ostat_list *list,
                         size_t index,
                         struct ostat_proc_open_file *out)
{
    return ostat__list_copy(list, OSTAT__LIST_OPEN_FILE, index, out,
                            &ostat__layout_proc_open_file);
}

/* ---- snapshot structs ------------------------------------------------------
 */

static int struct_out(ostat_proc *p,
                      enum ostat__proc_item what,
                      void *out,
                      const struct ostat__layout *layout,
                      const char *name)
{
    union ostat__any_snapshot s;
    uint32_t size = (uint32_t)layout->size;

    PROC_BEGIN(p, name);
    if ((rc = ostat__check_out(out, layout)) == 0) {
        memset(&s, 0, layout->size); /* the backend fills no more */
        memcpy(&s, &size, sizeof(size));
        rc = ostat__os_proc_struct(p, what, &s);
    }
    if (rc == 0) {
        ostat__copy_out(out, &s, layout);
    } else {
        ostat__clear_out(out);
    }
    PROC_END(p);
}

int ostat_proc_uids(ostat_proc *proc, struct ostat_proc_ids *out)
{
    return struct_out(proc, OSTAT__PT_UIDS, out, &ostat__layout_proc_ids,
                      "ostat_proc_uids");
}

int ostat_proc_gids(ostat_proc *proc, struct ostat_proc_ids *out)
{
    return struct_out(proc, OSTAT__PT_GIDS, out, &ostat__layout_proc_ids,
                      "ostat_proc_gids");
}

int ostat_proc_cpu_times(ostat_proc *proc, struct ostat_proc_cpu_times *out)
{
    return struct_out(proc, OSTAT__PT_CPU_TIMES, out,
                      &ostat__layout_proc_cpu_times, "ostat_proc_cpu_times");
}

int ostat_proc_memory_info(ostat_proc *proc, struct ostat_proc_memory_info *out)
{
    return struct_out(proc, OSTAT__PT_MEMORY_INFO, out,
                      &ostat__layout_proc_memory_info,
                      "ostat_proc_memory_info");
}

int ostat_proc_memory_footprint(ostat_proc *proc,
                                struct ostat_proc_memory_footprint *out)
{
    return struct_out(proc, OSTAT__PT_MEMORY_FOOTPRINT, out,
                      &ostat__layout_proc_memory_footprint,
                      "ostat_proc_memory_footprint");
}

int ostat_proc_page_faults(ostat_proc *proc, struct ostat_proc_page_faults *out)
{
    return struct_out(proc, OSTAT__PT_PAGE_FAULTS, out,
                      &ostat__layout_proc_page_faults,
                      "ostat_proc_page_faults");
}

int ostat_proc_num_ctx_switches(ostat_proc *proc,
                                struct ostat_proc_ctx_switches *out)
{
    return struct_out(proc, OSTAT__PT_CTX_SWITCHES, out,
                      &ostat__layout_proc_ctx_switches,
                      "ostat_proc_num_ctx_switches");
}

int ostat_proc_io_counters(ostat_proc *proc, struct ostat_proc_io_counters *out)
{
    return struct_out(proc, OSTAT__PT_IO_COUNTERS, out,
                      &ostat__layout_proc_io_counters,
                      "ostat_proc_io_counters");
}

int ostat_proc_ionice(ostat_proc *proc, struct ostat_proc_ionice *out)
{
    return struct_out(proc, OSTAT__PT_IONICE, out, &ostat__layout_proc_ionice,
                      "ostat_proc_ionice");
}

/* ---- integers --------------------------------------------------------------
 */

static int int_out(ostat_proc *p,
                   enum ostat__proc_item what,
                   int64_t *out,
                   const char *name)
{
    PROC_BEGIN(p, name);
    rc = out ? ostat__os_proc_int(p, what, out)
             : ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    PROC_END(p);
}

static int int32_out(ostat_proc *p,
                     enum ostat__proc_item what,
                     int32_t *out,
                     const char *name)
{
    int64_t v;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    }
    if ((rc = int_out(p, what, &v, name)) == 0) {
        *out = (int32_t)v;
    }
    return rc;
}

int ostat_proc_ppid(ostat_proc *proc, ostat_pid_t *out)
{
    return int_out(proc, OSTAT__PI_PPID, out, "ostat_proc_ppid");
}

int ostat_proc_status(ostat_proc *proc, int32_t *out)
{
    return int32_out(proc, OSTAT__PI_STATUS, out, "ostat_proc_status");
}

int ostat_proc_nice(ostat_proc *proc, int32_t *out)
{
    return int32_out(proc, OSTAT__PI_NICE, out, "ostat_proc_nice");
}

int ostat_proc_num_fds(ostat_proc *proc, int32_t *out)
{
    return int32_out(proc, OSTAT__PI_NUM_FDS, out, "ostat_proc_num_fds");
}

int ostat_proc_num_threads(ostat_proc *proc, int32_t *out)
{
    return int32_out(proc, OSTAT__PI_NUM_THREADS, out,
                     "ostat_proc_num_threads");
}

int ostat_proc_cpu_num(ostat_proc *proc, int32_t *out)
{
    return int32_out(proc, OSTAT__PI_CPU_NUM, out, "ostat_proc_cpu_num");
}

int ostat_proc_create_time(ostat_proc *proc, double *out)
{
    double boot;

    PROC_BEGIN(proc, "ostat_proc_create_time");
    if (out == NULL) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL, "NULL out");
    } else if (proc->start_err != 0) {
        rc = proc->start_err; /* a row whose stat could not be read */
    } else if ((rc = ostat__os_boot_time(c_, &boot)) == 0) {
        *out = boot + (double)proc->start / (double)c_->clk_tck;
    }
    PROC_END(proc);
}

int ostat_proc_parent(ostat_proc *proc, ostat_proc **out)
{
    ostat_proc *parent = NULL;
    int64_t ppid;

    PROC_BEGIN(proc, "ostat_proc_parent");
    if (out == NULL) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL, "NULL out");
    } else {
        *out = NULL;
        rc = ostat__os_proc_int(proc, OSTAT__PI_PPID, &ppid);
        if (rc == 0 && ppid > 0) {
            rc = ostat__os_proc_open(proc->ctx, ppid, &parent);
            if (rc == 0 && parent->start <= proc->start) {
                *out = parent;
            } else {
                /* Gone, or a newer process took the pid: no parent. */
                ostat_proc_free(parent);
                rc = ostat_err_is(rc, OSTAT_ENOPROC) ? 0 : rc;
            }
        }
    }
    PROC_END(proc);
}

/* ---- cpu_percent, memory_percent ------------------------------------------
 */

int ostat_proc_cpu_percent(ostat_proc *proc, double interval, double *out)
{
    double cpu1, cpu2, t1, t2;
    int32_t ncpu;

    PROC_BEGIN(proc, "ostat_proc_cpu_percent");
    if (out == NULL || !(interval >= 0 && interval <= OSTAT_INTERVAL_MAX)) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                        "ostat_proc_cpu_percent: NULL out, or interval not "
                        "between 0 and %d",
                        OSTAT_INTERVAL_MAX);
        PROC_END(proc);
    }
    if (interval == 0 && proc->cpu_base_have) {
        t1 = proc->cpu_base_wall;
        cpu1 = proc->cpu_base_cpu;
    } else {
        t1 = ostat__os_monotonic();
        if ((rc = ostat__os_proc_cpu_total(proc, &cpu1)) != 0) {
            PROC_END(proc);
        }
    }
    if (interval > 0) {
        ostat__os_sleep(interval);
    }
    t2 = ostat__os_monotonic();
    if ((rc = ostat__os_proc_cpu_total(proc, &cpu2)) != 0) {
        PROC_END(proc);
    }
    proc->cpu_base_have = 1;
    proc->cpu_base_wall = t2;
    proc->cpu_base_cpu = cpu2;
    /* Percent of one CPU, so up to 100 x CPUs, as top shows it. */
    *out = t2 > t1 && cpu2 > cpu1 ? (cpu2 - cpu1) / (t2 - t1) * 100 : 0;
    if (ostat__os_cpu_count(c_, 1, &ncpu) == 0 && *out > 100.0 * ncpu) {
        *out = 100.0 * ncpu;
    }
    rc = 0;
    PROC_END(proc);
}

/* The fields memory_percent() knows, by name. */
static const struct {
    const char *name;
    int footprint;
    size_t off;
    uint64_t bit;
} memtypes[] = {
#define MI(f, B)                                                               \
    {                                                                          \
#f, 0, offsetof(struct ostat_proc_memory_info, f),                     \
            OSTAT_PROC_MEMORY_INFO_##B                                         \
    }
#define MF(f, B)                                                               \
    {                                                                          \
#f, 1, offsetof(struct ostat_proc_memory_footprint, f),                \
            OSTAT_PROC_MEMORY_FOOTPRINT_##B                                    \
    }
    MI(rss, RSS),           MI(vms, VMS),
    MI(shared, SHARED),     MI(text, TEXT),
    MI(data, DATA),         MI(peak_rss, PEAK_RSS),
    MI(peak_vms, PEAK_VMS), MI(rss_anon, RSS_ANON),
    MI(rss_file, RSS_FILE), MI(rss_shmem, RSS_SHMEM),
    MI(swap, SWAP),         MI(hugetlb, HUGETLB),
    MF(uss, USS),           MF(pss, PSS),
#undef MI
#undef MF
};

int ostat_proc_memory_percent(ostat_proc *proc,
                              const char *memtype,
                              double *out)
{
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    union ostat__any_snapshot s;
    size_t i;
    uint64_t v, valid;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_memory_percent: NULL out");
    }
    if (memtype == NULL) {
        memtype = "rss";
    }
    for (i = 0; i < OSTAT__ARRAY_LEN(memtypes); i++) {
        if (strcmp(memtypes[i].name, memtype) == 0) {
            break;
        }
    }
    if (i == OSTAT__ARRAY_LEN(memtypes)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_memory_percent: unknown memtype \"%s\"",
                          memtype);
    }
    {
        PROC_BEGIN(proc, "ostat_proc_memory_percent");
        memset(&s, 0, sizeof(s));
        s.proc_memory_info.size = sizeof(s);
        rc = ostat__os_proc_struct(proc,
                                   memtypes[i].footprint
                                       ? OSTAT__PT_MEMORY_FOOTPRINT
                                       : OSTAT__PT_MEMORY_INFO,
                                   &s);
        if (rc == 0) {
            memcpy(&valid, (char *)&s + offsetof(struct ostat_proc_ids, valid),
                   sizeof(valid));
            memcpy(&v, (char *)&s + memtypes[i].off, sizeof(v));
            if (!(valid & memtypes[i].bit)) {
                rc = ostat__err(OSTAT_ENOTSUP, 0, NULL,
                                "%s is not available on this system", memtype);
            }
        }
        if (rc == 0) {
            vm.valid = 0;
            rc = ostat__os_virtual_memory(c_, &vm);
        }
        if (rc == 0) {
            *out = vm.total ? (double)v / (double)vm.total * 100 : 0;
        }
        PROC_END(proc);
    }
}

/* ---- setters and actions ---------------------------------------------------
 */

int ostat_proc_set_nice(ostat_proc *proc, int32_t value)
{
    PROC_BEGIN(proc, "ostat_proc_set_nice");
    rc = ostat__os_proc_set_nice(proc, value);
    PROC_END(proc);
}

int ostat_proc_set_ionice(ostat_proc *proc, int32_t ioclass, int32_t value)
{
    PROC_BEGIN(proc, "ostat_proc_set_ionice");
    if (ioclass < OSTAT_IOPRIO_CLASS_NONE ||
        ioclass > OSTAT_IOPRIO_CLASS_IDLE || value < 0 || value > 7 ||
        ((ioclass == OSTAT_IOPRIO_CLASS_NONE ||
          ioclass == OSTAT_IOPRIO_CLASS_IDLE) &&
         value != 0)) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                        "ostat_proc_set_ionice: class %d value %d: the value "
                        "must be 0..7, and 0 for classes NONE and IDLE",
                        (int)ioclass, (int)value);
    } else {
        rc = ostat__os_proc_set_ionice(proc, ioclass, value);
    }
    PROC_END(proc);
}

int ostat_proc_rlimit(ostat_proc *proc,
                      int32_t resource,
                      int64_t *soft,
                      int64_t *hard)
{
    PROC_BEGIN(proc, "ostat_proc_rlimit");
    if (soft == NULL || hard == NULL || resource < 0 ||
        resource > OSTAT_RLIMIT_RTTIME) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                        "ostat_proc_rlimit: NULL out or unknown resource %d",
                        (int)resource);
    } else {
        rc = ostat__os_proc_rlimit(proc, resource, NULL, soft, hard);
    }
    PROC_END(proc);
}

int ostat_proc_set_rlimit(ostat_proc *proc,
                          int32_t resource,
                          int64_t soft,
                          int64_t hard)
{
    int64_t set[2];

    set[0] = soft;
    set[1] = hard;
    {
        PROC_BEGIN(proc, "ostat_proc_set_rlimit");
        if (resource < 0 || resource > OSTAT_RLIMIT_RTTIME || soft < -1 ||
            hard < -1) {
            rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                            "ostat_proc_set_rlimit: unknown resource %d or a "
                            "limit below -1",
                            (int)resource);
        } else {
            rc = ostat__os_proc_rlimit(proc, resource, set, NULL, NULL);
        }
        PROC_END(proc);
    }
}

int ostat_proc_set_cpu_affinity(ostat_proc *proc,
                                const int32_t *cpus,
                                size_t count)
{
    PROC_BEGIN(proc, "ostat_proc_set_cpu_affinity");
    rc = cpus == NULL && count > 0
             ? ostat__err(OSTAT_EINVAL, 0, NULL, "NULL cpus")
             : ostat__os_proc_set_cpu_affinity(proc, cpus, count);
    PROC_END(proc);
}

int ostat_proc_send_signal(ostat_proc *proc, int32_t sig)
{
    PROC_BEGIN(proc, "ostat_proc_send_signal");
    if (proc->pid == 0) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                        "signals to pid 0 would go to the process group");
    } else {
        rc = ostat__os_proc_send_signal(proc, sig);
    }
    PROC_END(proc);
}

int ostat_proc_wait(ostat_proc *proc, double timeout, int32_t *out)
{
    PROC_BEGIN(proc, "ostat_proc_wait");
    if (out == NULL || timeout != timeout || timeout > OSTAT_INTERVAL_MAX) {
        rc = ostat__err(OSTAT_EINVAL, 0, NULL,
                        "ostat_proc_wait: NULL out or bad timeout");
    } else {
        rc = ostat__os_proc_wait(proc, timeout, out);
    }
    PROC_END(proc);
}

static int action(ostat_proc *proc, int sig, const char *name)
{
    if (sig < 0) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL, "%s: not on this system",
                          name);
    }
    return ostat_proc_send_signal(proc, sig);
}

int ostat_proc_suspend(ostat_proc *proc)
{
    return action(proc, OSTAT__SIGSTOP, "ostat_proc_suspend");
}

int ostat_proc_resume(ostat_proc *proc)
{
    return action(proc, OSTAT__SIGCONT, "ostat_proc_resume");
}

int ostat_proc_terminate(ostat_proc *proc)
{
    return action(proc, SIGTERM, "ostat_proc_terminate");
}

int ostat_proc_kill(ostat_proc *proc)
{
    return action(proc, OSTAT__SIGKILL, "ostat_proc_kill");
}

int ostat_wait_procs(ostat_proc *const *procs,
                     size_t count,
                     double timeout,
                     int *gone,
                     int32_t *codes)
{
    struct ostat__err_state saved;
    double deadline, left, slice;
    size_t i, alive;
    int32_t code;
    int rc;

    if ((procs == NULL || gone == NULL) && count > 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_wait_procs: NULL procs or gone");
    }
    if (timeout != timeout || timeout > OSTAT_INTERVAL_MAX) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_wait_procs: bad timeout");
    }
    for (i = 0; i < count; i++) {
        if (procs[i] == NULL) {
            return ostat__err(OSTAT_EINVAL, 0, NULL,
                              "ostat_wait_procs: NULL handle at %zu", i);
        }
        gone[i] = 0;
    }
    /* The waits' timeouts are expected: the caller's detail stays. */
    ostat__err_save(&saved);
    deadline = ostat__os_monotonic() + (timeout < 0 ? 0 : timeout);
    alive = count;
    /* Rounds in which each live process waits a share of what is left,
     * as psutil does; a last round with timeout 0 catches the ones that
     * ended meanwhile. */
    for (;;) {
        left = deadline - ostat__os_monotonic();
        if (timeout >= 0 && left <= 0) {
            break;
        }
        slice = timeout < 0 ? 0.1 : left / (double)(alive ? alive : 1);
        if (slice > 0.1) {
            slice = 0.1;
        }
        for (i = 0; i < count && alive > 0; i++) {
            if (gone[i]) {
                continue;
            }
            rc = ostat_proc_wait(procs[i], slice, &code);
            if (rc == 0) {
                gone[i] = 1;
                alive--;
                if (codes != NULL) {
                    codes[i] = code;
                }
            }
        }
        if (alive == 0) {
            ostat__err_restore(&saved);
            return 0;
        }
    }
    for (i = 0; i < count; i++) {
        if (!gone[i] && ostat_proc_wait(procs[i], 0, &code) == 0) {
            gone[i] = 1;
            if (codes != NULL) {
                codes[i] = code;
            }
        }
    }
    ostat__err_restore(&saved);
    return 0;
}

/* ---- cgroups ------------------------------------------------------------- */

static int check_cgroup_path(const char *path)
{
    if (path == NULL || path[0] != '/' || strstr(path, "/../") != NULL ||
        (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0)) {
        return ostat__err(OSTAT_EINVAL, 0, path,
                          "ostat_cgroup_stats: the path must be absolute, "
                          "without \"..\"");
    }
    return 0;
}

static int fill_cgroup_stats(ostat_ctx *c, void *s, const char *path)
{
    return ostat__os_cgroup_stats(c, path, s);
}

int ostat_cgroup_stats(ostat_ctx *ctx,
                       const char *path,
                       struct ostat_cgroup *out)
{
    return ostat__snapshot_str(ctx, out, &ostat__layout_cgroup,
                               check_cgroup_path, fill_cgroup_stats, path);
}

/* ---- iteration ----------------------------------------------------------- */

int ostat_proc_iter_new(ostat_ctx *ctx, uint64_t fields, ostat_proc_iter **out)
{
    if (out != NULL) {
        *out = NULL;
    }
    if (ctx == NULL || out == NULL || (fields & ~(uint64_t)OSTAT_PF_ALL)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_iter_new: NULL context or out, or "
                          "unknown fields");
    }
    return ostat__os_proc_iter_new(ctx, fields, out);
}

int ostat_proc_iter_next(ostat_proc_iter *it, ostat_proc **out)
{
    ostat_ctx *c;
    int rc;

    if (out != NULL) {
        *out = NULL;
    }
    if (it == NULL || out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_iter_next: NULL argument");
    }
    if ((rc = ostat__ctx_use(ostat__os_proc_iter_ctx(it), &c)) != 0) {
        return rc;
    }
    rc = ostat__os_proc_iter_next(it, out);
    ostat__ctx_done(c, c, rc < 0 ? rc : 0);
    return rc;
}

int ostat_proc_iter_rewind(ostat_proc_iter *it)
{
    if (it == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_proc_iter_rewind: NULL iterator");
    }
    ostat__os_proc_iter_rewind(it);
    return 0;
}

void ostat_proc_iter_free(ostat_proc_iter *it)
{
    if (it != NULL) {
        ostat__os_proc_iter_free(it);
    }
}
