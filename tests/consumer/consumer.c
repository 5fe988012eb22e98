/* SPDX-License-Identifier: MIT */
/* consumer.c: a program built only against the installed <ostat.h> and
 * libostat (via pkg-config), as a user would build one. Exits 0 when the
 * library it runs with matches the headers it was built with and a few
 * calls behave. */
#include <ostat.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAILED", what);
    if (!ok) {
        failures++;
    }
}

/* A metric the running system may lack: success or OSTAT_ENOTSUP. */
static int metric_ok(int rc, const char *what)
{
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        printf("FAILED: %s: %s (%s)\n", what, ostat_err_name(rc),
               ostat_strerror(rc));
        failures++;
    }
    return rc == 0;
}

int main(void)
{
    struct ostat_virtual_memory vm = OSTAT_VIRTUAL_MEMORY_INIT;
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    ostat_list *percpu = NULL;
    ostat_ctx *ctx = NULL;
    size_t i, n;
    int rc;

    printf("headers %s (%d), library %s (%u)\n", OSTAT_VERSION_STRING,
           OSTAT_VERSION_NUMBER, ostat_version_string(), ostat_version());
    check(ostat_version() == (uint32_t)OSTAT_VERSION_NUMBER,
          "ostat_version() == OSTAT_VERSION_NUMBER");
    check(strcmp(ostat_version_string(), OSTAT_VERSION_STRING) == 0,
          "ostat_version_string() == OSTAT_VERSION_STRING");
#ifdef CONSUMER_EXPECT_VERSION
    check(strcmp(OSTAT_VERSION_STRING, CONSUMER_EXPECT_VERSION) == 0,
          "the installed headers are the project's version");
#endif

    rc = ostat_ctx_new(NULL, &ctx);
    check(rc == 0 && ctx != NULL, "ostat_ctx_new");
    if (rc != 0) {
        return 1;
    }

    if (metric_ok(ostat_virtual_memory(ctx, &vm), "ostat_virtual_memory")) {
        check((vm.valid & OSTAT_VIRTUAL_MEMORY_TOTAL) && vm.total > 0,
              "virtual_memory total");
        printf("memory: total %llu bytes\n", (unsigned long long)vm.total);
    }

    if (metric_ok(ostat_cpu_times_percpu(ctx, &percpu),
                  "ostat_cpu_times_percpu")) {
        n = ostat_list_count(percpu);
        check(n > 0, "cpu_times_percpu has CPUs");
        for (i = 0; i < n; i++) {
            rc = ostat_list_cpu_times(percpu, i, &t);
            check(rc == 0 && (t.valid & OSTAT_CPU_TIMES_IDLE) && t.idle >= 0,
                  "ostat_list_cpu_times");
        }
        printf("cpus: %zu\n", n);
        check(ostat_list_cpu_times(percpu, n, &t) == OSTAT_EINVAL,
              "index out of range is OSTAT_EINVAL");
    }
    ostat_list_free(percpu);
    ostat_ctx_free(ctx);

    check(ostat_err_is(OSTAT_ENOPROC_ZOMBIE, OSTAT_ENOPROC), "ostat_err_is");
    printf("%s\n", failures ? "consumer: FAILED" : "consumer: OK");
    return failures ? 1 : 0;
}
