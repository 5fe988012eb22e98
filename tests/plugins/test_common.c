/* SPDX-License-Identifier: MIT */
/* test_common.c: the adapters' shared core (plugins/common) on its own:
 * the catalog table, include/exclude lists, group definitions, and the
 * sampler's records over a procfs tree written here and changed between
 * collections (processes started, ended, using CPU), so that every value
 * is known exactly. With the unsupported backend only the parts that read
 * no system run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "catalog.h"

#if defined(TC_BACKEND_LINUX)
#define TC_HAVE_BACKEND 1
#else
#define TC_HAVE_BACKEND 0
#endif

/* ---- a procfs tree -------------------------------------------------------
 */

static char root[512];
static char proc_dir[600];

static void mkdirs(char *path)
{
    char *p;

    for (p = path + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
}

static void write_bytes(const char *rel, const char *data, size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", root, rel);
    mkdirs(path);
    f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void write_text(const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void write_text(const char *rel, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    ck_assert(n >= 0 && (size_t)n < sizeof(buf));
    write_bytes(rel, buf, (size_t)n);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* proc/stat's btime, and what the system files say. */
#define BTIME 1700000000
#define PF_KTHREAD 0x00200000u

static void setup(void)
{
    snprintf(root, sizeof(root), "/tmp/ostat-common-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(root));
    snprintf(proc_dir, sizeof(proc_dir), "%s/proc", root);
    /* cpu1 has only the four columns of Linux 2.4: the rest not valid. */
    write_text("proc/stat",
               "cpu  3000 100 1500 90000 300 20 10 5 0 0\n"
               "cpu0 2000 100 1000 45000 300 20 10 5 0 0\n"
               "cpu1 1000 0 500 45000\n"
               "ctxt 123456\n"
               "btime %d\n"
               "processes 5000\n"
               "procs_running 3\n"
               "procs_blocked 1\n",
               BTIME);
    write_text("proc/uptime", "12345.67 20000.00\n");
    write_text("proc/loadavg", "0.50 0.25 0.10 2/123 4567\n");
    write_text("proc/meminfo", "MemTotal:        8000000 kB\n"
                               "MemFree:         1000000 kB\n"
                               "MemAvailable:    6000000 kB\n"
                               "Buffers:          200000 kB\n"
                               "Cached:          3000000 kB\n"
                               "SwapCached:            0 kB\n"
                               "Active:          2500000 kB\n"
                               "Inactive:        2000000 kB\n"
                               "SwapTotal:       2000000 kB\n"
                               "SwapFree:        1500000 kB\n"
                               "Shmem:            100000 kB\n"
                               "Slab:             400000 kB\n"
                               "SReclaimable:     300000 kB\n");
    write_text("proc/vmstat", "pswpin 10\npswpout 20\n");
    /* Linux 4.20: cpu has only "some". */
    write_text("proc/pressure/cpu",
               "some avg10=1.50 avg60=2.50 avg300=3.50 total=123456\n");
    write_text("proc/pressure/memory",
               "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\n"
               "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
}

static void teardown(void)
{
    remove_tree(root);
}

struct fproc {
    int pid, ppid;
    const char *comm;
    char state;
    unsigned flags;
    const char *cmdline; /* arguments separated by '\0' */
    size_t cmdlen;
    unsigned long long utime, stime, minflt, majflt, start, rss_pages;
    int threads, uid;
    const char *io;     /* NULL: no io file */
    const char *cgroup; /* the 0:: path, NULL: no cgroup file */
};

#define CMD(s) s, sizeof(s) - 1

static void write_proc(const struct fproc *p)
{
    char rel[64];

    snprintf(rel, sizeof(rel), "proc/%d/stat", p->pid);
    write_text(rel,
               "%d (%s) %c %d %d %d 0 -1 %u %llu 0 %llu 0 %llu %llu 0 0 20 0 "
               "%d 0 %llu %llu %llu 18446744073709551615 4194304 4200000 "
               "140737488336896 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 "
               "0 0\n",
               p->pid, p->comm, p->state, p->ppid, p->pid, p->pid,
               p->flags ? p->flags : 4194560u, p->minflt, p->majflt, p->utime,
               p->stime, p->threads ? p->threads : 1, p->start,
               p->rss_pages * 4096ULL * 4, p->rss_pages);
    snprintf(rel, sizeof(rel), "proc/%d/status", p->pid);
    write_text(rel,
               "Name:\t%s\nState:\t%c\nPPid:\t%d\n"
               "Uid:\t%d\t%d\t%d\t%d\nGid:\t0\t0\t0\t0\n"
               "Threads:\t%d\n"
               "voluntary_ctxt_switches:\t%llu\n"
               "nonvoluntary_ctxt_switches:\t%llu\n",
               p->comm, p->state, p->ppid, p->uid, p->uid, p->uid, p->uid,
               p->threads ? p->threads : 1, p->utime, p->stime);
    snprintf(rel, sizeof(rel), "proc/%d/statm", p->pid);
    write_text(rel, "%llu %llu 10 5 0 20 0\n", p->rss_pages * 4, p->rss_pages);
    snprintf(rel, sizeof(rel), "proc/%d/cmdline", p->pid);
    write_bytes(rel, p->cmdline != NULL ? p->cmdline : "", p->cmdlen);
    if (p->io != NULL) {
        snprintf(rel, sizeof(rel), "proc/%d/io", p->pid);
        write_text(rel, "%s", p->io);
    }
    if (p->cgroup != NULL) {
        snprintf(rel, sizeof(rel), "proc/%d/cgroup", p->pid);
        write_text(rel, "0::%s\n", p->cgroup);
    }
}

static void remove_proc(int pid)
{
    char path[1024];

    snprintf(path, sizeof(path), "%s/proc/%d", root, pid);
    remove_tree(path);
}

#define IO(rc, wc, sr, sw, rb, wb)                                             \
    "rchar: " #rc "\nwchar: " #wc "\nsyscr: " #sr "\nsyscw: " #sw              \
    "\nread_bytes: " #rb "\nwrite_bytes: " #wb "\ncancelled_write_bytes: 0\n"

/* The tree: init, a kernel thread, a server with a worker and a shell
 * under the worker, a process with a 30-byte name (comm cut at 15), a
 * zombie, another user's process without an io file, and one in a
 * systemd service's cgroup. */
static struct fproc procs[] = {
    { 1, 0, "init", 'S', 0, CMD("/sbin/init\0splash\0"), 100, 50, 1000, 10, 1,
      100, 1, 0, IO(1, 2, 3, 4, 5, 6), "/init.scope" },
    { 2, 0, "kthreadd", 'S', 2129984u, "", 0, 0, 30, 0, 0, 1, 0, 1, 0,
      IO(0, 0, 0, 0, 0, 0), "/" },
    { 10, 1, "server", 'R', 0,
      CMD("/usr/bin/server\0--port\0"
          "8080\0"),
      200, 100, 500, 5, 1000, 300, 4, 0, IO(100, 200, 10, 20, 4096, 8192),
      "/system.slice/server.service" },
    { 11, 10, "worker", 'S', 0, CMD("worker 1\0"), 50, 25, 100, 1, 1100, 200, 2,
      0, IO(10, 20, 1, 2, 0, 0), "/system.slice/server.service" },
    { 12, 11, "sh", 'D', 0, CMD("sh\0-c\0sleep 1\0"), 1, 1, 10, 0, 1200, 50, 1,
      0, IO(1, 1, 1, 1, 0, 0), "/system.slice/server.service/sub" },
    { 20, 1, "ostat test proc", 'S', 0,
      CMD("/opt/bin/ostat test process with spaces\0--flag\0"), 7, 3, 70, 0,
      1300, 80, 1, 0, IO(7, 7, 7, 7, 7, 7), "/user.slice" },
    { 30, 10, "defunct", 'Z', 0, "", 0, 0, 0, 0, 0, 1400, 0, 0, 0, NULL, NULL },
    { 40, 1, "userproc", 'T', 0, CMD("userproc\0"), 10, 10, 10, 0, 1500, 60, 1,
      1000, NULL, "/user.slice/user-1000.slice" },
};
#define NPROCS (sizeof(procs) / sizeof(procs[0]))

static void write_procs(void)
{
    size_t i;

    for (i = 0; i < NPROCS; i++) {
        write_proc(&procs[i]);
    }
}

static struct fproc *find_proc(int pid)
{
    size_t i;

    for (i = 0; i < NPROCS; i++) {
        if (procs[i].pid == pid) {
            return &procs[i];
        }
    }
    ck_abort_msg("no pid %d in the tree", pid);
    return NULL;
}

/* ---- collecting ---------------------------------------------------------
 */

#define MAX_RECS 256

struct rec {
    int family;
    char instance[128];
    char label[128];
    uint64_t valid;
    union oc_value v[OC_FIELDS_MAX];
};

static struct rec recs[MAX_RECS];
static size_t nrecs;
static char logged[4096];

static int keep(void *payload, const struct oc_record *r)
{
    struct rec *k;

    (void)payload;
    ck_assert_uint_lt(nrecs, MAX_RECS);
    ck_assert_uint_ne(r->valid, 0); /* nothing valid: nothing to hand out */
    ck_assert_uint_eq(r->valid >> r->family->nfields, 0);
    k = &recs[nrecs++];
    k->family = r->family->id;
    snprintf(k->instance, sizeof(k->instance), "%s", r->instance);
    snprintf(k->label, sizeof(k->label), "%s",
             r->label != NULL ? r->label : "");
    k->valid = r->valid;
    memcpy(k->v, r->v, sizeof(k->v));
    return 0;
}

static void log_to_buffer(void *payload, const char *message)
{
    size_t n = strlen(logged);

    (void)payload;
    snprintf(logged + n, sizeof(logged) - n, "%s\n", message);
}

static struct oc_sampler *new_sampler(void)
{
    struct oc_options o = { proc_dir, NULL, NULL };
    struct oc_sampler *s = NULL;
    char sys[700];

    snprintf(sys, sizeof(sys), "%s/sys", root);
    o.sysfs_root = sys;
    ck_assert_int_eq(oc_sampler_new(&o, &s), 0);
    ck_assert_ptr_nonnull(s);
    logged[0] = '\0';
    oc_sampler_set_log(s, log_to_buffer, NULL);
    return s;
}

static void collect(struct oc_sampler *s)
{
    nrecs = 0;
    ck_assert_int_eq(oc_sampler_collect(s, keep, NULL), 0);
}

static const struct rec *find(int family, const char *instance)
{
    size_t i;

    for (i = 0; i < nrecs; i++) {
        if (recs[i].family == family &&
            strcmp(recs[i].instance, instance) == 0) {
            return &recs[i];
        }
    }
    return NULL;
}

static const struct rec *must_find(int family, const char *instance)
{
    const struct rec *r = find(family, instance);

    ck_assert_msg(r != NULL, "no record of %s for \"%s\"",
                  oc_catalog[family].name, instance);
    return r;
}

static int field(int family, const char *name)
{
    int i = oc_field_index(&oc_catalog[family], name);

    ck_assert_msg(i >= 0, "%s has no field %s", oc_catalog[family].name, name);
    return i;
}

static int is_valid(const struct rec *r, const char *name)
{
    return (r->valid >> field(r->family, name)) & 1;
}

static uint64_t get_u(const struct rec *r, const char *name)
{
    ck_assert_msg(is_valid(r, name), "%s.%s not valid",
                  oc_catalog[r->family].name, name);
    return r->v[field(r->family, name)].u;
}

static double get_f(const struct rec *r, const char *name)
{
    ck_assert_msg(is_valid(r, name), "%s.%s not valid",
                  oc_catalog[r->family].name, name);
    return r->v[field(r->family, name)].f;
}

static double tck(void)
{
    return (double)sysconf(_SC_CLK_TCK);
}

static uint64_t page(void)
{
    return (uint64_t)sysconf(_SC_PAGESIZE);
}

/* ---- the catalog --------------------------------------------------------
 */

START_TEST(catalog_table)
{
    size_t i, j, k;

    for (i = 0; i < OC_FAM_COUNT; i++) {
        const struct oc_family *f = &oc_catalog[i];

        ck_assert_int_eq(f->id, (int)i);
        ck_assert_ptr_nonnull(f->name);
        ck_assert_ptr_nonnull(f->group);
        ck_assert_ptr_nonnull(f->call);
        ck_assert_ptr_nonnull(f->unit);
        ck_assert(f->fill != NULL);
        ck_assert(f->kind == OC_GAUGE || f->kind == OC_COUNTER);
        ck_assert(f->scope == OC_SYSTEM || f->scope == OC_GROUP);
        ck_assert(f->scope == OC_SYSTEM || f->instance != NULL);
        ck_assert_uint_gt(f->nfields, 0);
        ck_assert_uint_le(f->nfields, OC_FIELDS_MAX);
        ck_assert_ptr_eq(oc_family_by_name(f->name), f);
        for (j = 0; j < f->nfields; j++) {
            ck_assert_ptr_nonnull(f->fields[j].name);
            ck_assert(f->fields[j].type == OC_F64 ||
                      f->fields[j].type == OC_U64);
            ck_assert_int_eq(oc_field_index(f, f->fields[j].name), (int)j);
            for (k = 0; k < j; k++) {
                /* two fields of a family never need the same valid bit */
                ck_assert(f->fields[j].valid == 0 ||
                          f->fields[j].valid != f->fields[k].valid);
            }
        }
    }
    ck_assert_ptr_null(oc_family_by_name("no_such_family"));
    ck_assert_ptr_null(oc_family_by_name(NULL));
    ck_assert_int_eq(oc_field_index(&oc_catalog[OC_FAM_LOADAVG], "load5"), 1);
    ck_assert_int_eq(oc_field_index(&oc_catalog[OC_FAM_LOADAVG], "x"), -1);
    /* the valid bits are the library's */
    ck_assert_uint_eq(oc_catalog[OC_FAM_CPU_TIMES].fields[4].valid,
                      OSTAT_CPU_TIMES_IOWAIT);
    ck_assert_uint_eq(oc_catalog[OC_FAM_VIRTUAL_MEMORY].fields[1].valid,
                      OSTAT_VIRTUAL_MEMORY_AVAILABLE);
}
END_TEST

START_TEST(filter_lists)
{
    struct oc_filter f = OC_FILTER_INIT;
    char err[256] = "";

    ck_assert_int_eq(oc_filter_pass(&f, "anything"), 1);
    ck_assert_int_eq(oc_filter_add(&f, "coretemp/Core 0", err, sizeof(err)), 0);
    ck_assert_int_eq(oc_filter_add(&f, "/^nvme/", err, sizeof(err)), 0);
    ck_assert_int_eq(oc_filter_pass(&f, "coretemp/Core 0"), 1);
    ck_assert_int_eq(oc_filter_pass(&f, "coretemp/Core 1"), 0);
    ck_assert_int_eq(oc_filter_pass(&f, "nvme/Composite"), 1);
    ck_assert_int_eq(oc_filter_pass(&f, "acpitz/temp1"), 0);
    /* an empty name has nothing to compare: it passes, as in collectd */
    ck_assert_int_eq(oc_filter_pass(&f, ""), 1);
    f.ignore_selected = 1;
    ck_assert_int_eq(oc_filter_pass(&f, "coretemp/Core 0"), 0);
    ck_assert_int_eq(oc_filter_pass(&f, "acpitz/temp1"), 1);
    ck_assert_int_eq(oc_filter_pass(&f, ""), 1);
    ck_assert_int_eq(oc_filter_add(&f, "/([a/", err, sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "/([a/") != NULL, "err: %s", err);
    ck_assert_int_eq(oc_filter_add(&f, "", err, sizeof(err)), OSTAT_EINVAL);
    /* "/" alone is a name, not an empty regex */
    ck_assert_int_eq(oc_filter_add(&f, "/", err, sizeof(err)), 0);
    oc_filter_clear(&f);
    ck_assert_uint_eq(f.count, 0);
    ck_assert_int_eq(oc_filter_pass(&f, "x"), 1);
    oc_filter_clear(&f);
}
END_TEST

START_TEST(group_definitions)
{
    struct oc_sampler *s = new_sampler();
    char err[256];
    uint64_t fam = OC_GROUP_DEFAULT_FAMILIES;

    ck_assert_int_eq(
        oc_sampler_add_group(s, OC_SEL_NAME, "sshd", "sshd", fam, err, 256), 0);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_REGEX, "sshd", "x", fam,
                                          err, sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "\"sshd\" is used twice") != NULL, "%s", err);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_REGEX, "bad", "([a", fam,
                                          err, sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "does not compile") != NULL, "%s", err);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_USER, "u",
                                          "no-such-user-ostat", fam, err,
                                          sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "no user \"no-such-user-ostat\"") != NULL, "%s",
                  err);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_PIDFILE, "p", "run/x.pid",
                                          fam, err, sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "not an absolute path") != NULL, "%s", err);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_CGROUP, "c", "system.slice",
                                          fam, err, sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_int_eq(
        oc_sampler_add_group(s, OC_SEL_NAME, "", "x", fam, err, sizeof(err)),
        OSTAT_EINVAL);
    ck_assert_int_eq(
        oc_sampler_add_group(s, OC_SEL_NAME, "x", "", fam, err, sizeof(err)),
        OSTAT_EINVAL);
    ck_assert_int_eq(
        oc_sampler_add_group(s, 99, "k", "x", fam, err, sizeof(err)),
        OSTAT_EINVAL);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_USER, "root", "0", fam, err,
                                          sizeof(err)),
                     1);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_USER, "root by name",
                                          "root", fam, err, sizeof(err)),
                     2);
    ck_assert_int_eq(oc_sampler_groups(s), 3);
    ck_assert_str_eq(oc_sampler_group_name(s, 2), "root by name");
    ck_assert_ptr_null(oc_sampler_group_name(s, 3));
    ck_assert_ptr_null(oc_sampler_filter(s, OC_FILTER_COUNT));
    ck_assert_ptr_nonnull(oc_sampler_filter(s, OC_FILTER_SENSORS));
    oc_sampler_free(s);
    oc_sampler_free(NULL);
}
END_TEST

/* ---- system families ----------------------------------------------------
 */

START_TEST(system_records)
{
    struct oc_sampler *s = new_sampler();
    const struct rec *r;

    oc_sampler_enable(
        s,
        OC_FAM_BIT(OC_FAM_CPU_TIMES_PERCPU) |
            OC_FAM_BIT(OC_FAM_VIRTUAL_MEMORY) | OC_FAM_BIT(OC_FAM_SWAP_IO) |
            OC_FAM_BIT(OC_FAM_LOADAVG) | OC_FAM_BIT(OC_FAM_PRESSURE) |
            OC_FAM_BIT(OC_FAM_PRESSURE_STALL) | OC_FAM_BIT(OC_FAM_UPTIME) |
            OC_FAM_BIT(OC_FAM_CPU_STATS) |
            OC_FAM_BIT(OC_FAM_SENSORS_TEMPERATURES) |
            OC_FAM_BIT(OC_FAM_CPU_TIMES_PERCENT),
        1);
    ck_assert_uint_ne(oc_sampler_enabled(s) & OC_FAM_BIT(OC_FAM_UPTIME), 0);
    collect(s);
    if (!TC_HAVE_BACKEND) {
        ck_assert_uint_eq(nrecs, 0);
        oc_sampler_free(s);
        return;
    }
    /* cpu0 has every column, cpu1 only four: its others are not valid */
    r = must_find(OC_FAM_CPU_TIMES_PERCPU, "0");
    ck_assert_double_eq_tol(get_f(r, "user"), 2000 / tck(), 1e-9);
    ck_assert_double_eq_tol(get_f(r, "steal"), 5 / tck(), 1e-9);
    r = must_find(OC_FAM_CPU_TIMES_PERCPU, "1");
    ck_assert_double_eq_tol(get_f(r, "idle"), 45000 / tck(), 1e-9);
    ck_assert(!is_valid(r, "iowait"));
    ck_assert(!is_valid(r, "steal"));
    ck_assert(!is_valid(r, "guest"));
    /* percentages need a second sample: nothing the first time */
    ck_assert_ptr_null(find(OC_FAM_CPU_TIMES_PERCENT, ""));
    r = must_find(OC_FAM_VIRTUAL_MEMORY, "");
    ck_assert_uint_eq(get_u(r, "total"), 8000000ULL * 1024);
    ck_assert_uint_eq(get_u(r, "used"), 2000000ULL * 1024);
    ck_assert_uint_eq(get_u(r, "free"), 1000000ULL * 1024);
    ck_assert_uint_eq(get_u(r, "buffers"), 200000ULL * 1024);
    r = must_find(OC_FAM_SWAP_IO, "");
    ck_assert_uint_eq(get_u(r, "sin"), 10 * page());
    ck_assert_uint_eq(get_u(r, "sout"), 20 * page());
    r = must_find(OC_FAM_LOADAVG, "");
    ck_assert_double_eq_tol(get_f(r, "load5"), 0.25, 1e-9);
    r = must_find(OC_FAM_PRESSURE, "cpu");
    ck_assert_double_eq_tol(get_f(r, "some_avg60"), 2.5, 1e-9);
    ck_assert(!is_valid(r, "full_avg10")); /* 4.20 had no full line */
    r = must_find(OC_FAM_PRESSURE_STALL, "cpu");
    ck_assert_uint_eq(get_u(r, "some_total"), 123456);
    ck_assert(!is_valid(r, "full_total"));
    ck_assert_ptr_nonnull(find(OC_FAM_PRESSURE, "memory"));
    ck_assert_ptr_null(find(OC_FAM_PRESSURE, "io")); /* no such file */
    r = must_find(OC_FAM_UPTIME, "");
    ck_assert_double_eq_tol(get_f(r, "uptime"), 12345.67, 1e-6);
    r = must_find(OC_FAM_CPU_STATS, "");
    ck_assert_uint_eq(get_u(r, "forks"), 5000);
    ck_assert_uint_eq(get_u(r, "ctx_switches"), 123456);
    /* no sysfs at all: no sensors, and no complaint in the log */
    ck_assert_ptr_null(find(OC_FAM_SENSORS_TEMPERATURES, ""));
    ck_assert_msg(logged[0] == '\0', "logged: %s", logged);

    /* the second collection has a baseline for the percentages */
    write_text("proc/stat",
               "cpu  3100 100 1500 90000 300 20 10 5 0 0\n"
               "cpu0 2100 100 1000 45000 300 20 10 5 0 0\n"
               "cpu1 1000 0 500 45000\n"
               "btime %d\n",
               BTIME);
    collect(s);
    r = must_find(OC_FAM_CPU_TIMES_PERCENT, "");
    ck_assert_double_eq_tol(get_f(r, "user"), 100.0, 1e-6);
    ck_assert_double_eq_tol(get_f(r, "idle"), 0.0, 1e-6);
    oc_sampler_free(s);
}
END_TEST

/* A family that fails (a file it needs is garbage) is left out and said
 * once in the log; the others go on. */
START_TEST(failing_family)
{
    struct oc_sampler *s = new_sampler();

    if (!TC_HAVE_BACKEND) {
        oc_sampler_free(s);
        return;
    }
    write_text("proc/loadavg", "garbage\n");
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_LOADAVG) | OC_FAM_BIT(OC_FAM_UPTIME),
                      1);
    collect(s);
    ck_assert_ptr_null(find(OC_FAM_LOADAVG, ""));
    ck_assert_ptr_nonnull(find(OC_FAM_UPTIME, ""));
    ck_assert_msg(strstr(logged, "ostat_getloadavg") != NULL &&
                      strstr(logged, "OSTAT_EPARSE") != NULL &&
                      strstr(logged, "loadavg") != NULL,
                  "logged: %s", logged);
    logged[0] = '\0';
    collect(s);
    ck_assert_msg(logged[0] == '\0', "said twice: %s", logged);
    oc_sampler_free(s);
}
END_TEST

/* ---- disks, disk usage, network interfaces -------------------------------
 */

/* sda: Linux 5.5 (flushes); sda1: 4.17 (no discards or flushes); sda2: a
 * 2.6 partition line, four numbers; sdb: never used; cciss/c0d0: a "/" in
 * the name (sys/block/cciss!c0d0). sys/block lists the whole disks. */
static void write_disks(void)
{
    write_text("proc/diskstats",
               "   8       0 sda 100 10 2000 50 200 20 4000 80 2 120 130 5 1 "
               "64 7 3 9\n"
               "   8       1 sda1 90 5 1800 45 190 15 3800 70 1 100 110\n"
               "   8       2 sda2 4 8 2 16\n"
               "   8      16 sdb 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
               " 104       0 cciss/c0d0 10 0 80 1 0 0 0 0 0 1 1 0 0 0 0 0 0\n");
    write_text("sys/block/sda/dev", "8:0\n");
    write_text("sys/block/sdb/dev", "8:16\n");
    write_text("sys/block/cciss!c0d0/dev", "104:0\n");
}

#define DISK_PERDISK_FAMILIES                                                  \
    (OC_FAM_BIT(OC_FAM_DISK_IO_OPS_PERDISK) |                                  \
     OC_FAM_BIT(OC_FAM_DISK_IO_BYTES_PERDISK) |                                \
     OC_FAM_BIT(OC_FAM_DISK_IO_TIME_PERDISK) |                                 \
     OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT_PERDISK))
#define DISK_TOTAL_FAMILIES                                                    \
    (OC_FAM_BIT(OC_FAM_DISK_IO_OPS) | OC_FAM_BIT(OC_FAM_DISK_IO_BYTES) |       \
     OC_FAM_BIT(OC_FAM_DISK_IO_TIME) | OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT))

START_TEST(disk_records)
{
    static const int order[] = {
        OC_FAM_DISK_IO_OPS_PERDISK,
        OC_FAM_DISK_IO_BYTES_PERDISK,
        OC_FAM_DISK_IO_TIME_PERDISK,
        OC_FAM_DISK_IO_IN_FLIGHT_PERDISK,
    };
    struct oc_sampler *s;
    struct oc_filter *flt;
    const struct rec *r;
    char err[256] = "";
    size_t i;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_disks();
    s = new_sampler();
    oc_sampler_enable(s, DISK_PERDISK_FAMILIES, 1);
    collect(s);
    /* one call for the four families: instance by instance, each
     * instance's records in catalog order */
    ck_assert_uint_ge(nrecs, 8);
    for (i = 0; i < 8; i++) {
        ck_assert_int_eq(recs[i].family, order[i % 4]);
        ck_assert_str_eq(recs[i].instance, i < 4 ? "sda" : "sda1");
    }
    r = must_find(OC_FAM_DISK_IO_OPS_PERDISK, "sda");
    ck_assert_uint_eq(get_u(r, "read_count"), 100);
    ck_assert_uint_eq(get_u(r, "write_count"), 200);
    ck_assert_uint_eq(get_u(r, "read_merged_count"), 10);
    ck_assert_uint_eq(get_u(r, "write_merged_count"), 20);
    ck_assert_uint_eq(get_u(r, "discard_count"), 5);
    ck_assert_uint_eq(get_u(r, "discard_merged_count"), 1);
    ck_assert_uint_eq(get_u(r, "flush_count"), 3);
    r = must_find(OC_FAM_DISK_IO_BYTES_PERDISK, "sda");
    ck_assert_uint_eq(get_u(r, "read_bytes"), 2000 * 512);
    ck_assert_uint_eq(get_u(r, "write_bytes"), 4000 * 512);
    ck_assert_uint_eq(get_u(r, "discard_bytes"), 64 * 512);
    r = must_find(OC_FAM_DISK_IO_TIME_PERDISK, "sda");
    ck_assert_uint_eq(get_u(r, "read_time"), 50);
    ck_assert_uint_eq(get_u(r, "write_time"), 80);
    ck_assert_uint_eq(get_u(r, "busy_time"), 120);
    ck_assert_uint_eq(get_u(r, "weighted_time"), 130);
    ck_assert_uint_eq(get_u(r, "discard_time"), 7);
    ck_assert_uint_eq(get_u(r, "flush_time"), 9);
    r = must_find(OC_FAM_DISK_IO_IN_FLIGHT_PERDISK, "sda");
    ck_assert_uint_eq(get_u(r, "in_flight"), 2);
    /* a 4.17 line: no discards or flushes */
    r = must_find(OC_FAM_DISK_IO_OPS_PERDISK, "sda1");
    ck_assert_uint_eq(get_u(r, "write_merged_count"), 15);
    ck_assert(!is_valid(r, "discard_count"));
    ck_assert(!is_valid(r, "flush_count"));
    r = must_find(OC_FAM_DISK_IO_TIME_PERDISK, "sda1");
    ck_assert_uint_eq(get_u(r, "weighted_time"), 110);
    ck_assert(!is_valid(r, "discard_time"));
    /* a 2.6 partition: counts and bytes only, no record of time or of
     * I/Os in flight rather than zeros */
    r = must_find(OC_FAM_DISK_IO_OPS_PERDISK, "sda2");
    ck_assert_uint_eq(get_u(r, "read_count"), 4);
    ck_assert_uint_eq(get_u(r, "write_count"), 2);
    ck_assert(!is_valid(r, "read_merged_count"));
    r = must_find(OC_FAM_DISK_IO_BYTES_PERDISK, "sda2");
    ck_assert_uint_eq(get_u(r, "write_bytes"), 16 * 512);
    ck_assert_ptr_null(find(OC_FAM_DISK_IO_TIME_PERDISK, "sda2"));
    ck_assert_ptr_null(find(OC_FAM_DISK_IO_IN_FLIGHT_PERDISK, "sda2"));
    ck_assert_uint_eq(
        get_u(must_find(OC_FAM_DISK_IO_OPS_PERDISK, "sdb"), "read_count"), 0);
    r = must_find(OC_FAM_DISK_IO_BYTES_PERDISK, "cciss/c0d0");
    ck_assert_uint_eq(get_u(r, "read_bytes"), 80 * 512);
    ck_assert_uint_eq(nrecs, 4 + 4 + 2 + 4 + 4);

    /* Disk "/^sda[0-9]/" with IgnoreSelected: the partitions are out */
    flt = oc_sampler_filter(s, OC_FILTER_DISKS);
    ck_assert_int_eq(oc_filter_add(flt, "/^sda[0-9]/", err, sizeof(err)), 0);
    flt->ignore_selected = 1;
    collect(s);
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_IO_OPS_PERDISK, "sda"));
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_IO_OPS_PERDISK, "sdb"));
    ck_assert_ptr_null(find(OC_FAM_DISK_IO_OPS_PERDISK, "sda1"));
    ck_assert_ptr_null(find(OC_FAM_DISK_IO_BYTES_PERDISK, "sda2"));
    ck_assert_uint_eq(nrecs, 4 + 4 + 4);
    /* only the listed ones */
    flt->ignore_selected = 0;
    collect(s);
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_IO_OPS_PERDISK, "sda1"));
    ck_assert_ptr_null(find(OC_FAM_DISK_IO_OPS_PERDISK, "sda"));
    ck_assert_uint_eq(nrecs, 4 + 2);

    /* one family of the call alone */
    oc_sampler_enable(s, DISK_PERDISK_FAMILIES, 0);
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_DISK_IO_TIME_PERDISK), 1);
    collect(s);
    ck_assert_uint_eq(nrecs, 1);
    ck_assert_int_eq(recs[0].family, OC_FAM_DISK_IO_TIME_PERDISK);

    /* the total: the whole disks sys/block lists (sda, sdb, cciss/c0d0),
     * not their partitions; the filter is for the disks one by one */
    oc_sampler_enable(s, DISK_PERDISK_FAMILIES, 0);
    oc_sampler_enable(s, DISK_TOTAL_FAMILIES, 1);
    collect(s);
    ck_assert_uint_eq(nrecs, 4);
    r = must_find(OC_FAM_DISK_IO_OPS, "");
    ck_assert_uint_eq(get_u(r, "read_count"), 100 + 0 + 10);
    ck_assert_uint_eq(get_u(r, "discard_count"), 5);
    r = must_find(OC_FAM_DISK_IO_BYTES, "");
    ck_assert_uint_eq(get_u(r, "read_bytes"), (2000 + 80) * 512);
    r = must_find(OC_FAM_DISK_IO_TIME, "");
    ck_assert_uint_eq(get_u(r, "busy_time"), 120 + 1);
    r = must_find(OC_FAM_DISK_IO_IN_FLIGHT, "");
    ck_assert_uint_eq(get_u(r, "in_flight"), 2);
    ck_assert_msg(logged[0] == '\0', "logged: %s", logged);
    oc_sampler_free(s);
}
END_TEST

static const char net_dev[] =
    "Inter-|   Receive                                                |  "
    "Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes "
    "   packets errs drop fifo colls carrier compressed\n"
    "    lo:    1000      10    0    0    0     0          0         0     "
    "1000      10    0    0    0     0       0          0\n"
    "  eth0: 5000 50 1 2 3 4 5 6 7000 70 8 9 10 11 12 13\n"
    "  q\"x\xff: 1 1 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n";

START_TEST(net_records)
{
    struct oc_sampler *s;
    struct oc_filter *flt;
    const struct rec *r;
    char err[256] = "";

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_bytes("proc/net/dev", net_dev, sizeof(net_dev) - 1);
    s = new_sampler();
    oc_sampler_enable(s,
                      OC_FAM_BIT(OC_FAM_NET_IO_BYTES_PERNIC) |
                          OC_FAM_BIT(OC_FAM_NET_IO_PACKETS_PERNIC),
                      1);
    collect(s);
    ck_assert_uint_eq(nrecs, 6);
    ck_assert_str_eq(recs[0].instance, "lo");
    ck_assert_int_eq(recs[0].family, OC_FAM_NET_IO_BYTES_PERNIC);
    ck_assert_int_eq(recs[1].family, OC_FAM_NET_IO_PACKETS_PERNIC);
    r = must_find(OC_FAM_NET_IO_BYTES_PERNIC, "eth0");
    ck_assert_uint_eq(get_u(r, "bytes_recv"), 5000);
    ck_assert_uint_eq(get_u(r, "bytes_sent"), 7000);
    r = must_find(OC_FAM_NET_IO_PACKETS_PERNIC, "eth0");
    ck_assert_uint_eq(get_u(r, "packets_recv"), 50);
    ck_assert_uint_eq(get_u(r, "packets_sent"), 70);
    ck_assert_uint_eq(get_u(r, "errin"), 1);
    ck_assert_uint_eq(get_u(r, "dropin"), 2);
    ck_assert_uint_eq(get_u(r, "fifoin"), 3);
    ck_assert_uint_eq(get_u(r, "frame"), 4);
    ck_assert_uint_eq(get_u(r, "compressedin"), 5);
    ck_assert_uint_eq(get_u(r, "multicast"), 6);
    ck_assert_uint_eq(get_u(r, "errout"), 8);
    ck_assert_uint_eq(get_u(r, "dropout"), 9);
    ck_assert_uint_eq(get_u(r, "fifoout"), 10);
    ck_assert_uint_eq(get_u(r, "collisions"), 11);
    ck_assert_uint_eq(get_u(r, "carrier"), 12);
    ck_assert_uint_eq(get_u(r, "compressedout"), 13);
    /* the name's bytes as the kernel gave them */
    r = must_find(OC_FAM_NET_IO_BYTES_PERNIC, "q\"x\xff");
    ck_assert_uint_eq(get_u(r, "bytes_sent"), 2);

    flt = oc_sampler_filter(s, OC_FILTER_INTERFACES);
    ck_assert_int_eq(oc_filter_add(flt, "lo", err, sizeof(err)), 0);
    collect(s);
    ck_assert_uint_eq(nrecs, 2);
    ck_assert_ptr_nonnull(find(OC_FAM_NET_IO_PACKETS_PERNIC, "lo"));
    flt->ignore_selected = 1;
    ck_assert_int_eq(oc_filter_add(flt, "/^e/", err, sizeof(err)), 0);
    collect(s);
    ck_assert_uint_eq(nrecs, 2);
    ck_assert_ptr_nonnull(find(OC_FAM_NET_IO_BYTES_PERNIC, "q\"x\xff"));
    ck_assert_msg(logged[0] == '\0', "logged: %s", logged);
    oc_sampler_free(s);
}
END_TEST

/* What statvfs says of @p path, in bytes. */
static void statvfs_bytes(const char *path,
                          uint64_t *total,
                          uint64_t *used,
                          uint64_t *avail)
{
    struct statvfs v;

    ck_assert_msg(statvfs(path, &v) == 0, "statvfs %s: %s", path,
                  strerror(errno));
    *total = (uint64_t)v.f_blocks * v.f_frsize;
    *used = (uint64_t)(v.f_blocks - v.f_bfree) * v.f_frsize;
    *avail = (uint64_t)v.f_bavail * v.f_frsize;
}

/* A usage record against statvfs: the size exactly, used and free within
 * 64 MiB (other programs write to the same filesystem meanwhile), the
 * percent as psutil's, of the record's own numbers. */
static void check_usage(const char *instance, const char *device)
{
    const uint64_t tol = 64ULL << 20;
    char path[1024];
    uint64_t total, used, avail, u, f;
    const struct rec *r = must_find(OC_FAM_DISK_USAGE, instance);

    snprintf(path, sizeof(path), "%s%s", instance[0] == '/' ? "" : root,
             instance);
    statvfs_bytes(path, &total, &used, &avail);
    ck_assert_str_eq(r->label, device);
    ck_assert_uint_eq(get_u(r, "total"), total);
    u = get_u(r, "used");
    f = get_u(r, "free");
    ck_assert_msg(u + tol >= used && u <= used + tol, "used %llu, %llu",
                  (unsigned long long)u, (unsigned long long)used);
    ck_assert_msg(f + tol >= avail && f <= avail + tol, "free %llu, %llu",
                  (unsigned long long)f, (unsigned long long)avail);
    r = must_find(OC_FAM_DISK_USAGE_PERCENT, instance);
    ck_assert_double_eq_tol(get_f(r, "percent"),
                            (double)u * 100.0 / (double)(u + f), 1e-6);
}

START_TEST(disk_usage_records)
{
    struct oc_sampler *s;
    struct oc_filter *flt;
    struct oc_options o = { NULL, NULL, NULL };
    char err[256] = "", data[700], mnt[700], odd[700];

    if (!TC_HAVE_BACKEND) {
        return;
    }
    snprintf(data, sizeof(data), "%s/data", root);
    snprintf(mnt, sizeof(mnt), "%s/mnt a", root);
    snprintf(odd, sizeof(odd), "%s/q\"\n\xff", root);
    write_text("data/x", "x\n");
    write_text("mnt a/x", "x\n");
    write_text("q\"\n\xff/x", "x\n");
    /* mountinfo's escapes: \040 a space, \012 a newline; /proc has no
     * blocks; gone/ does not exist; data/ comes twice */
    write_text("proc/self/mountinfo",
               "20 1 8:1 / %s/data rw,relatime shared:1 - ext4 /dev/sdz1 rw\n"
               "21 1 0:50 / %s/mnt\\040a rw - tmpfs tmpfs rw\n"
               "22 1 0:4 / /proc rw - proc proc rw\n"
               "23 1 8:2 / %s/gone rw - ext4 /dev/sdz2 rw\n"
               "24 1 8:1 / %s/data rw - xfs /dev/sdz3 rw\n"
               "25 1 0:51 / %s/q\"\\012\xff rw - xfs none rw\n",
               root, root, root, root, root);
    s = new_sampler();
    oc_sampler_enable(s,
                      OC_FAM_BIT(OC_FAM_DISK_USAGE) |
                          OC_FAM_BIT(OC_FAM_DISK_USAGE_PERCENT),
                      1);
    collect(s);
    ck_assert_uint_eq(nrecs, 6);
    ck_assert_str_eq(recs[0].instance, data);
    ck_assert_int_eq(recs[0].family, OC_FAM_DISK_USAGE);
    ck_assert_int_eq(recs[1].family, OC_FAM_DISK_USAGE_PERCENT);
    check_usage(data, "/dev/sdz1");
    check_usage(mnt, "tmpfs");
    check_usage(odd, ""); /* "none": no device */
    ck_assert_msg(logged[0] == '\0', "logged: %s", logged);

    /* FSType "tmpfs" with IgnoreSelected */
    flt = oc_sampler_filter(s, OC_FILTER_DF_FSTYPES);
    ck_assert_int_eq(oc_filter_add(flt, "tmpfs", err, sizeof(err)), 0);
    flt->ignore_selected = 1;
    collect(s);
    ck_assert_uint_eq(nrecs, 4);
    ck_assert_ptr_null(find(OC_FAM_DISK_USAGE, mnt));
    oc_filter_clear(flt);
    /* Device "/dev/sdz1": and the mount without a device, as collectd's
     * ignorelists pass an empty name */
    flt = oc_sampler_filter(s, OC_FILTER_DF_DEVICES);
    ck_assert_int_eq(oc_filter_add(flt, "/dev/sdz1", err, sizeof(err)), 0);
    collect(s);
    ck_assert_uint_eq(nrecs, 4);
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_USAGE, data));
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_USAGE, odd));
    oc_filter_clear(flt);
    /* MountPoint "/ a$/" */
    flt = oc_sampler_filter(s, OC_FILTER_DF_MOUNTS);
    ck_assert_int_eq(oc_filter_add(flt, "/ a$/", err, sizeof(err)), 0);
    collect(s);
    ck_assert_uint_eq(nrecs, 2);
    ck_assert_ptr_nonnull(find(OC_FAM_DISK_USAGE, mnt));
    oc_sampler_free(s);

    /* a host prefix: the host's mount points under it */
    write_text("proc/self/mountinfo",
               "20 1 8:1 / /data rw - ext4 /dev/sdz1 rw\n"
               "21 1 8:2 / /gone rw - ext4 /dev/sdz2 rw\n");
    o.host_prefix = root;
    ck_assert_int_eq(oc_sampler_new(&o, &s), 0);
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_DISK_USAGE), 1);
    collect(s);
    ck_assert_uint_eq(nrecs, 1);
    ck_assert_str_eq(recs[0].instance, "/data");
    {
        uint64_t total, used, avail;

        statvfs_bytes(data, &total, &used, &avail);
        ck_assert_uint_eq(get_u(&recs[0], "total"), total);
    }
    oc_sampler_free(s);
}
END_TEST

/* A file of the disks, mounts or interfaces that does not parse fails its
 * families alone; the log names the file and the line. */
START_TEST(device_files_malformed)
{
    struct oc_sampler *s;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_text("proc/diskstats", "   8       0 sda 1 2 3 4 5 6 7 8 9 10 11\n"
                                 "   8       1 sda1 1 2\n");
    write_text("sys/block/sda/dev", "8:0\n");
    write_text("proc/self/mountinfo", "20 1 8:1 / /data rw\n");
    write_bytes("proc/net/dev", net_dev, sizeof(net_dev) - 1);
    s = new_sampler();
    oc_sampler_enable(s,
                      DISK_PERDISK_FAMILIES | OC_FAM_BIT(OC_FAM_DISK_USAGE) |
                          OC_FAM_BIT(OC_FAM_NET_IO_BYTES_PERNIC) |
                          OC_FAM_BIT(OC_FAM_UPTIME),
                      1);
    collect(s);
    ck_assert_uint_eq(nrecs, 3 + 1);
    ck_assert_ptr_nonnull(find(OC_FAM_NET_IO_BYTES_PERNIC, "eth0"));
    ck_assert_ptr_nonnull(find(OC_FAM_UPTIME, ""));
    ck_assert_msg(strstr(logged, "ostat_disk_io_counters_perdisk: ") != NULL &&
                      strstr(logged, "(OSTAT_EPARSE): ") != NULL &&
                      strstr(logged, "/proc/diskstats: line 2: ") != NULL,
                  "logged: %s", logged);
    ck_assert_msg(strstr(logged, "ostat_disk_partitions, ostat_disk_usage: ") !=
                          NULL &&
                      strstr(logged, "mountinfo: line 1: ") != NULL,
                  "logged: %s", logged);
    /* said once, not at every collection */
    logged[0] = '\0';
    collect(s);
    ck_assert_msg(logged[0] == '\0', "said twice: %s", logged);
    /* truncated: the header of net/dev alone is no interface; a line cut
     * short does not parse */
    write_text("proc/net/dev", "Inter-|   Receive\n");
    collect(s);
    ck_assert_ptr_null(find(OC_FAM_NET_IO_BYTES_PERNIC, "eth0"));
    ck_assert_msg(strstr(logged, "net/dev") != NULL, "logged: %s", logged);
    oc_sampler_free(s);
}
END_TEST

/* ---- process groups -----------------------------------------------------
 */

static int add(struct oc_sampler *s,
               int kind,
               const char *name,
               const char *pattern,
               uint64_t extra)
{
    char err[256] = "";
    int rc = oc_sampler_add_group(s, kind, name, pattern,
                                  OC_GROUP_DEFAULT_FAMILIES | extra, err,
                                  sizeof(err));

    ck_assert_msg(rc >= 0, "add %s: %s", name, err);
    return rc;
}

static uint64_t count_of(const char *group)
{
    return get_u(must_find(OC_FAM_PROC_COUNT, group), "processes");
}

START_TEST(groups_select)
{
    struct oc_sampler *s;
    char pidfile[700], dead[700], missing[700];
    const struct rec *r;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    snprintf(pidfile, sizeof(pidfile), "%s/user.pid", root);
    snprintf(dead, sizeof(dead), "%s/dead.pid", root);
    snprintf(missing, sizeof(missing), "%s/missing.pid", root);
    write_text("user.pid", "40\n");
    write_text("dead.pid", "99999\n");
    s = new_sampler();
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_PROCESS_STATES), 1);
    add(s, OC_SEL_NAME, "server", "server", 0);
    /* the name is the full one from the command line, not the comm */
    add(s, OC_SEL_NAME, "long", "ostat test process with spaces", 0);
    add(s, OC_SEL_NAME, "comm", "ostat test proc", 0);
    add(s, OC_SEL_REGEX, "port80", "--port 8080", 0);
    add(s, OC_SEL_REGEX, "kernel", "^kthreadd$", 0);
    add(s, OC_SEL_REGEX, "all", ".*", 0);
    add(s, OC_SEL_USER, "u1000", "1000", 0);
    add(s, OC_SEL_PIDFILE, "pid", pidfile, 0);
    add(s, OC_SEL_PIDFILE, "dead", dead, 0);
    add(s, OC_SEL_PIDFILE, "missing", missing, 0);
    add(s, OC_SEL_CGROUP, "svc", "/system.slice/server.service/", 0);
    add(s, OC_SEL_CGROUP, "slice", "/system.slice/server", 0);
    collect(s);

    /* server (10), its worker (11) and the worker's shell (12); the
     * zombie child (30) is not a member */
    ck_assert_uint_eq(count_of("server"), 3);
    r = must_find(OC_FAM_PROC_COUNT, "server");
    ck_assert_uint_eq(get_u(r, "threads"), 4 + 2 + 1);
    ck_assert_uint_eq(count_of("long"), 1);
    ck_assert_uint_eq(count_of("comm"), 0);
    ck_assert_uint_eq(count_of("port80"), 3);
    ck_assert_uint_eq(count_of("kernel"), 1); /* no cmdline: the name */
    ck_assert_uint_eq(count_of("all"), NPROCS - 1);
    ck_assert_uint_eq(count_of("u1000"), 1);
    ck_assert_uint_eq(count_of("pid"), 1);
    ck_assert_uint_eq(count_of("dead"), 0); /* a pid that is gone */
    r = must_find(OC_FAM_PROC_COUNT, "dead");
    ck_assert_uint_eq(get_u(r, "threads"), 0);
    r = must_find(OC_FAM_PROC_MEMORY_INFO, "dead");
    ck_assert_uint_eq(get_u(r, "rss"), 0); /* the sum over nothing */
    ck_assert_uint_eq(count_of("missing"), 0);
    ck_assert_msg(strstr(logged, "missing.pid") != NULL, "logged: %s", logged);
    ck_assert_uint_eq(count_of("svc"), 3);   /* 12's cgroup is below it */
    ck_assert_uint_eq(count_of("slice"), 0); /* not a path prefix */

    /* sums of the members' values */
    r = must_find(OC_FAM_PROC_CPU_TIMES, "server");
    ck_assert_double_eq_tol(get_f(r, "user"), (200 + 50 + 1) / tck(), 1e-9);
    ck_assert_double_eq_tol(get_f(r, "system"), (100 + 25 + 1) / tck(), 1e-9);
    r = must_find(OC_FAM_PROC_MEMORY_INFO, "server");
    ck_assert_uint_eq(get_u(r, "rss"), (300 + 200 + 50) * page());
    r = must_find(OC_FAM_PROC_PAGE_FAULTS, "server");
    ck_assert_uint_eq(get_u(r, "minor"), 500 + 100 + 10);
    ck_assert_uint_eq(get_u(r, "major"), 5 + 1);
    r = must_find(OC_FAM_PROC_IO_BYTES, "server");
    ck_assert_uint_eq(get_u(r, "read_chars"), 100 + 10 + 1);
    ck_assert_uint_eq(get_u(r, "write_bytes"), 8192);
    r = must_find(OC_FAM_PROC_IO_OPS, "server");
    ck_assert_uint_eq(get_u(r, "write_count"), 20 + 2 + 1);
    /* 40 has no io file: its group has no I/O to report */
    ck_assert_ptr_null(find(OC_FAM_PROC_IO_OPS, "u1000"));
    /* and "all" reports the others' */
    r = must_find(OC_FAM_PROC_IO_OPS, "all");
    ck_assert_uint_eq(get_u(r, "read_count"), 3 + 0 + 10 + 1 + 1 + 7);
    /* cpu percent needs a second scan */
    ck_assert_ptr_null(find(OC_FAM_PROC_CPU_PERCENT, "server"));

    /* the state counts */
    r = must_find(OC_FAM_PROCESS_STATES, "");
    ck_assert_uint_eq(get_u(r, "processes"), NPROCS);
    ck_assert_uint_eq(get_u(r, "running"), 1);
    ck_assert_uint_eq(get_u(r, "sleeping"), 4);
    ck_assert_uint_eq(get_u(r, "disk_sleep"), 1);
    ck_assert_uint_eq(get_u(r, "zombie"), 1);
    ck_assert_uint_eq(get_u(r, "stopped"), 1);
    ck_assert_uint_eq(get_u(r, "procs_running"), 3);
    ck_assert_uint_eq(get_u(r, "procs_blocked"), 1);
    ck_assert_uint_eq(get_u(r, "threads"), 1 + 1 + 4 + 2 + 1 + 1 + 1);
    oc_sampler_free(s);
}
END_TEST

START_TEST(groups_without_children)
{
    struct oc_sampler *s;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    s = new_sampler();
    oc_sampler_include_children(s, 0);
    add(s, OC_SEL_NAME, "server", "server", 0);
    add(s, OC_SEL_REGEX, "port80", "--port 8080", 0);
    collect(s);
    ck_assert_uint_eq(count_of("server"), 1);
    ck_assert_uint_eq(count_of("port80"), 1);
    oc_sampler_free(s);
}
END_TEST

/* Counters of a group only grow: a member's growth is added, one that
 * exits takes nothing away, one that starts brings all it has. */
START_TEST(groups_counters)
{
    struct oc_sampler *s;
    const struct rec *r;
    double user0, sys0;
    uint64_t minor0;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    s = new_sampler();
    add(s, OC_SEL_NAME, "server", "server",
        OC_FAM_BIT(OC_FAM_PROC_CTX_SWITCHES));
    collect(s);
    r = must_find(OC_FAM_PROC_CPU_TIMES, "server");
    user0 = get_f(r, "user");
    sys0 = get_f(r, "system");
    minor0 = get_u(must_find(OC_FAM_PROC_PAGE_FAULTS, "server"), "minor");

    /* 10 uses one more second of user time; 12 ends; 13 starts under 10
     * with 50 ticks of user time already */
    find_proc(10)->utime += (unsigned long long)tck();
    write_proc(find_proc(10));
    remove_proc(12);
    {
        struct fproc p13 = {
            13, 10,   "helper", 'S', 0, CMD("helper\0"),      50,  0, 7,
            0,  1600, 10,       1,   0, IO(0, 0, 0, 0, 0, 0), NULL
        };

        write_proc(&p13);
    }
    usleep(20000);
    collect(s);
    ck_assert_uint_eq(count_of("server"), 3);
    r = must_find(OC_FAM_PROC_CPU_TIMES, "server");
    ck_assert_double_eq_tol(get_f(r, "user"), user0 + 1.0 + 50 / tck(), 1e-9);
    ck_assert_double_eq_tol(get_f(r, "system"), sys0, 1e-9);
    r = must_find(OC_FAM_PROC_PAGE_FAULTS, "server");
    ck_assert_uint_eq(get_u(r, "minor"), minor0 + 7);
    /* the gauges are this scan's sum */
    r = must_find(OC_FAM_PROC_MEMORY_INFO, "server");
    ck_assert_uint_eq(get_u(r, "rss"), (300 + 200 + 10) * page());
    /* percent: the CPU seconds of the interval over its length */
    r = must_find(OC_FAM_PROC_CPU_PERCENT, "server");
    ck_assert_double_gt(get_f(r, "cpu_percent"), 0.0);

    /* every member ends: the totals stay, the gauges are the sum over
     * nothing */
    remove_proc(10);
    remove_proc(11);
    remove_proc(13);
    collect(s);
    ck_assert_uint_eq(count_of("server"), 0);
    r = must_find(OC_FAM_PROC_CPU_TIMES, "server");
    ck_assert_double_eq_tol(get_f(r, "user"), user0 + 1.0 + 50 / tck(), 1e-9);
    r = must_find(OC_FAM_PROC_CTX_SWITCHES, "server");
    ck_assert(is_valid(r, "voluntary"));
    r = must_find(OC_FAM_PROC_CPU_PERCENT, "server");
    ck_assert_double_eq_tol(get_f(r, "cpu_percent"), 0.0, 1e-9);
    oc_sampler_free(s);
}
END_TEST

/* A process that changes what it runs is matched again. */
START_TEST(groups_exec)
{
    struct oc_sampler *s;
    struct fproc *p;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    s = new_sampler();
    add(s, OC_SEL_REGEX, "flag", "--flag", 0);
    add(s, OC_SEL_NAME, "userproc", "userproc", 0);
    collect(s);
    ck_assert_uint_eq(count_of("flag"), 1);
    ck_assert_uint_eq(count_of("userproc"), 1);
    p = find_proc(40);
    p->comm = "other";
    p->cmdline = "other\0--flag\0";
    p->cmdlen = 13;
    write_proc(p);
    collect(s);
    ck_assert_uint_eq(count_of("flag"), 2);
    ck_assert_uint_eq(count_of("userproc"), 0);
    oc_sampler_free(s);
}
END_TEST

/* A parent with a higher pid than its child (after the pids wrapped)
 * passes on its membership from the scan before. */
START_TEST(groups_parent_after_child)
{
    struct oc_sampler *s;
    struct fproc parent = {
        500, 1,   "daemon", 'S', 0, CMD("daemon\0"),      1,   1, 1,
        0,   900, 10,       1,   0, IO(0, 0, 0, 0, 0, 0), NULL
    };
    struct fproc child = {
        5, 500, "kid", 'S', 0, CMD("kid\0"),         1,   1, 1,
        0, 950, 10,    1,   0, IO(0, 0, 0, 0, 0, 0), NULL
    };

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    write_proc(&parent);
    write_proc(&child);
    s = new_sampler();
    add(s, OC_SEL_NAME, "daemon", "daemon", 0);
    collect(s);
    ck_assert_uint_eq(count_of("daemon"), 1); /* not known yet */
    collect(s);
    ck_assert_uint_eq(count_of("daemon"), 2);
    oc_sampler_free(s);
}
END_TEST

/* Groups are fixed once collection starts. */
START_TEST(groups_after_start)
{
    struct oc_sampler *s;
    char err[256];

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_procs();
    s = new_sampler();
    add(s, OC_SEL_NAME, "server", "server", 0);
    collect(s);
    ck_assert_int_eq(oc_sampler_add_group(s, OC_SEL_NAME, "late", "x",
                                          OC_GROUP_DEFAULT_FAMILIES, err,
                                          sizeof(err)),
                     OSTAT_EINVAL);
    ck_assert_msg(strstr(err, "before the first collection") != NULL, "%s",
                  err);
    oc_sampler_free(s);
}
END_TEST

/* The emit callback can stop a collection. */
static int stop_after_one(void *payload, const struct oc_record *r)
{
    int *n = payload;

    (void)r;
    return ++*n >= 1 ? 7 : 0;
}

START_TEST(emit_stops)
{
    struct oc_sampler *s = new_sampler();
    int n = 0;

    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_UPTIME) | OC_FAM_BIT(OC_FAM_LOADAVG),
                      1);
    ck_assert_int_eq(oc_sampler_collect(s, stop_after_one, &n),
                     TC_HAVE_BACKEND ? 7 : 0);
    ck_assert_int_eq(n, TC_HAVE_BACKEND ? 1 : 0);
    ck_assert_int_eq(oc_sampler_collect(NULL, keep, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(oc_sampler_collect(s, NULL, NULL), OSTAT_EINVAL);
    oc_sampler_free(s);
}
END_TEST

/* Sensors: labels made unique, missing labels numbered, the filter. */
START_TEST(sensor_names)
{
    struct oc_sampler *s;
    struct oc_filter *f;
    char err[256];
    size_t i;
    int seen_core0 = 0, seen_core0_2 = 0;

    if (!TC_HAVE_BACKEND) {
        return;
    }
    write_text("sys/class/hwmon/hwmon0/name", "coretemp\n");
    write_text("sys/class/hwmon/hwmon0/temp1_input", "50000\n");
    write_text("sys/class/hwmon/hwmon0/temp1_label", "Core 0\n");
    write_text("sys/class/hwmon/hwmon1/name", "coretemp\n");
    write_text("sys/class/hwmon/hwmon1/temp1_input", "51000\n");
    write_text("sys/class/hwmon/hwmon1/temp1_label", "Core 0\n");
    write_text("sys/class/hwmon/hwmon2/name", "it8728\n");
    write_text("sys/class/hwmon/hwmon2/temp1_input", "30000\n");
    write_text("sys/class/hwmon/hwmon2/temp2_input", "31000\n");
    s = new_sampler();
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_SENSORS_TEMPERATURES), 1);
    collect(s);
    for (i = 0; i < nrecs; i++) {
        if (strcmp(recs[i].instance, "coretemp") == 0) {
            seen_core0 += strcmp(recs[i].label, "Core 0") == 0;
            seen_core0_2 += strcmp(recs[i].label, "Core 0 #2") == 0;
        }
    }
    ck_assert_int_eq(seen_core0, 1);
    ck_assert_int_eq(seen_core0_2, 1);
    ck_assert_uint_eq(nrecs, 4);
    ck_assert_str_eq(recs[2].instance, "it8728");
    ck_assert_str_eq(recs[2].label, "temp1");
    ck_assert_str_eq(recs[3].label, "temp2");
    ck_assert_double_eq_tol(recs[3].v[0].f, 31.0, 1e-9);
    oc_sampler_free(s);

    s = new_sampler();
    oc_sampler_enable(s, OC_FAM_BIT(OC_FAM_SENSORS_TEMPERATURES), 1);
    f = oc_sampler_filter(s, OC_FILTER_SENSORS);
    ck_assert_int_eq(oc_filter_add(f, "/^it8728\\//", err, sizeof(err)), 0);
    f->ignore_selected = 1;
    collect(s);
    ck_assert_uint_eq(nrecs, 2);
    ck_assert_str_eq(recs[0].instance, "coretemp");
    oc_sampler_free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plugins-common");
    TCase *tc = tcase_create("common");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, catalog_table);
    tcase_add_test(tc, filter_lists);
    tcase_add_test(tc, group_definitions);
    tcase_add_test(tc, system_records);
    tcase_add_test(tc, failing_family);
    tcase_add_test(tc, disk_records);
    tcase_add_test(tc, net_records);
    tcase_add_test(tc, disk_usage_records);
    tcase_add_test(tc, device_files_malformed);
    tcase_add_test(tc, groups_select);
    tcase_add_test(tc, groups_without_children);
    tcase_add_test(tc, groups_counters);
    tcase_add_test(tc, groups_exec);
    tcase_add_test(tc, groups_parent_after_child);
    tcase_add_test(tc, groups_after_start);
    tcase_add_test(tc, emit_stops);
    tcase_add_test(tc, sensor_names);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
