/* SPDX-License-Identifier: MIT */
/* unit.h: what the unit test cases share: the backend switch, assertion
 * helpers, the fixture tree and each file's test case. */
#ifndef OSTAT_TESTS_UNIT_H
#define OSTAT_TESTS_UNIT_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>

#include "ostat.h"

/* tests/unit/meson.build passes UT_BACKEND_<NAME>=1 for the backend the
 * library was built with. With the unsupported backend every metric is
 * OSTAT_ENOTSUP, so tests of backend results accept that instead. */
#if defined(UT_BACKEND_LINUX)
#define UT_HAVE_BACKEND 1
#elif defined(UT_BACKEND_UNSUPPORTED)
#define UT_HAVE_BACKEND 0
#else
#error "tests/unit/meson.build must define UT_BACKEND_<backend>"
#endif

/* The Linux backend reads users from <host prefix>/var/run/utmp. */
#define UT_HAVE_UTMP UT_HAVE_BACKEND

/* Compare return codes, naming both in the failure message. */
#define ut_assert_rc(rc, want)                                                 \
    do {                                                                       \
        int ut_rc_ = (rc), ut_want_ = (want);                                  \
        ck_assert_msg(ut_rc_ == ut_want_, "%s: got %s (%d), want %s (%d)",     \
                      #rc, ostat_err_name(ut_rc_), ut_rc_,                     \
                      ostat_err_name(ut_want_), ut_want_);                     \
    } while (0)

/* A metric of the running system (a NULL context): with a real backend it
 * succeeds or says the system lacks it (OSTAT_ENOTSUP), or, in a container,
 * that a file is not readable (OSTAT_EACCES); with the unsupported backend
 * it must say OSTAT_ENOTSUP. */
#define ut_assert_live_rc(rc)                                                  \
    do {                                                                       \
        int ut_rc_ = (rc);                                                     \
        ck_assert_msg(UT_HAVE_BACKEND                                          \
                          ? (ut_rc_ == 0 || ut_rc_ == OSTAT_ENOTSUP ||         \
                             ut_rc_ == OSTAT_EACCES)                           \
                          : ut_rc_ == OSTAT_ENOTSUP,                           \
                      "%s: got %s (%d)", #rc, ostat_err_name(ut_rc_), ut_rc_); \
    } while (0)

/* A metric read from the fixture tree: 0 with a real backend, else
 * OSTAT_ENOTSUP. */
#define ut_assert_fixture_rc(rc)                                               \
    ut_assert_rc((rc), UT_HAVE_BACKEND ? 0 : OSTAT_ENOTSUP)

/* fixture.c ---------------------------------------------------------------
 *
 * A host tree under a temporary directory, read through the context's
 * host prefix: <root>/proc/{stat,meminfo,vmstat,loadavg,pressure/cpu} and
 * <root>/var/run/utmp, with the values below. Expected results in the
 * tests are derived from these by the rules of psutil and the headers. */

#define UT_STAT                                                                \
    "cpu  1000 200 3000 40000 500 60 70 80 90 10\n"                            \
    "cpu0 600 100 1500 20000 250 30 35 40 45 5\n"                              \
    "cpu1 400 100 1500 20000 250 30 35 40 45 5\n"                              \
    "intr 12345 1 2 3\n"                                                       \
    "ctxt 67890\n"                                                             \
    "btime 1700000000\n"                                                       \
    "processes 4242\n"                                                         \
    "procs_running 3\n"                                                        \
    "procs_blocked 1\n"                                                        \
    "softirq 999 1 2\n"

#define UT_MEMINFO                                                             \
    "MemTotal:        8000000 kB\n"                                            \
    "MemFree:         1000000 kB\n"                                            \
    "MemAvailable:    6000000 kB\n"                                            \
    "Buffers:          200000 kB\n"                                            \
    "Cached:          3000000 kB\n"                                            \
    "SwapCached:            0 kB\n"                                            \
    "Active:          2500000 kB\n"                                            \
    "Inactive:        2000000 kB\n"                                            \
    "Active(file):    1500000 kB\n"                                            \
    "Inactive(file):  1200000 kB\n"                                            \
    "SwapTotal:       2000000 kB\n"                                            \
    "SwapFree:        1500000 kB\n"                                            \
    "Shmem:            100000 kB\n"                                            \
    "Slab:             400000 kB\n"                                            \
    "SReclaimable:     300000 kB\n"

#define UT_VMSTAT "pswpin 10\npswpout 20\n"

#define UT_LOADAVG "0.25 1.50 2.75 3/456 7890\n"

#define UT_PRESSURE_CPU                                                        \
    "some avg10=1.50 avg60=2.25 avg300=3.00 total=123456\n"                    \
    "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"

/* The USER_PROCESS records of the fixture's utmp, in file order (a
 * LOGIN_PROCESS record before them must be skipped). */
#define UT_USER0_NAME "alice"
#define UT_USER0_TTY "pts/0"
#define UT_USER0_HOST "10.0.0.1"
#define UT_USER0_PID 1234
#define UT_USER0_TIME 1700000100
#define UT_USER1_NAME "bob"
#define UT_USER1_TTY "tty1"
#define UT_USER1_PID 5678
#define UT_USER1_TIME 1700000200

/* Create the fixture under $TMPDIR (or /tmp); 0 or -1. */
int ut_fixture_setup(void);
/* Remove it. */
void ut_fixture_teardown(void);
/* The fixture's root directory. */
const char *ut_fixture_root(void);
/* A context reading the fixture; fails the test if it cannot be made. */
ostat_ctx *ut_fixture_ctx(void);
/* Write @data to <@dir>/<@rel>, creating directories; 0 or -1. */
int ut_write_file(const char *dir,
                  const char *rel,
                  const char *data,
                  size_t len);
/* Make a private copy of the fixture tree, in a new directory under the
 * fixture's, for a test that changes files; returns its path (free() it)
 * or NULL. */
char *ut_fixture_copy(void);
/* Remove a tree made by ut_fixture_copy(). */
void ut_remove_tree(const char *dir);

/* A file to add to a copy of the fixture: its path below the root and its
 * text. */
struct ut_file {
    const char *rel, *text;
};
/* A context reading a private copy of the fixture with @n @files written
 * into it; *@dir is the copy. Free both with ut_copy_ctx_free(). */
ostat_ctx *ut_copy_ctx(const struct ut_file *files, size_t n, char **dir);
void ut_copy_ctx_free(ostat_ctx *ctx, char *dir);

/* sweep.c -----------------------------------------------------------------
 */

/* A field of a public struct: its valid bit and where it lies. */
struct ut_field {
    uint64_t bit;
    size_t start, end;
};

/* A public struct as this header declares it: its fields in valid-bit
 * order, from the bit macros and offsetof. */
struct ut_layout {
    const char *name;
    size_t size;
    int volatile_values; /* values may change between two calls */
    size_t nfields;
    struct ut_field f[24];
};

#define UT_FIELD(type, bit, member)                                            \
    {                                                                          \
        bit, offsetof(struct type, member),                                    \
            offsetof(struct type, member) + sizeof(((struct type *)0)->member) \
    }

/* What fills a caller's struct: a snapshot function, or a list accessor
 * with the list in @arg. */
typedef int (*ut_fill_fn)(ostat_ctx *ctx, void *arg, void *out);

/* Every valid bit of @l. */
uint64_t ut_layout_bits(const struct ut_layout *l);
/* Call @fill with every size from too small to larger than this header's
 * struct and check what is written. @want is the result of the call on a
 * struct of this header's size. */
void ut_sweep(const struct ut_layout *l,
              ut_fill_fn fill,
              ostat_ctx *ctx,
              void *arg,
              int want);

/* The clock ticks per second the kernel's counters are in. */
double ut_clk_tck(void);

/* Each file's test case. */
TCase *ut_errors_tcase(void);
TCase *ut_version_tcase(void);
TCase *ut_ctx_tcase(void);
TCase *ut_struct_tcase(void);
TCase *ut_args_tcase(void);
TCase *ut_utf8_tcase(void);
TCase *ut_human_tcase(void);
TCase *ut_process_args_tcase(void);
TCase *ut_counter_tcase(void);
TCase *ut_disk_tcase(void);
TCase *ut_net_tcase(void);
TCase *ut_connections_tcase(void);

#endif
