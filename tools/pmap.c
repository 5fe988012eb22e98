/* SPDX-License-Identifier: MIT */
/* pmap.c: a process's memory mappings, as pmap -x shows them (psutil's
 * memory_maps(grouped)). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

/* A size column in KiB, or "-" when the field is not valid. */
static void add_kib(struct table *t, uint64_t bytes, int valid)
{
    if (valid) {
        table_addf(t, "%" PRIu64, bytes / 1024);
    } else {
        table_add(t, "-");
    }
}

/* "PID:   command line" above the table, as pmap prints it. */
static void print_title(ostat_proc *p)
{
    char *cmd = NULL, *shown;

    if ((proc_string(ostat_proc_cmdline_string, p, &cmd) != 0 ||
         cmd[0] == '\0')) {
        free(cmd);
        cmd = NULL;
        if (proc_string(ostat_proc_name, p, &cmd) != 0) {
            cmd = out_strdup("");
        }
    }
    shown = out_sanitize(cmd);
    printf("%lld:   %s\n", (long long)ostat_proc_pid(p), shown);
    free(shown);
    free(cmd);
}

static void print_json(const struct ostat_proc_mmap *m, size_t n, int grouped)
{
    struct json j;
    char addr[48];
    size_t i;

    json_init(&j, stdout);
    json_begin_array(&j);
    for (i = 0; i < n; i++) {
        json_begin_object(&j);
        if (!grouped) {
            json_key(&j, "addr");
            if ((m[i].valid & OSTAT_PROC_MMAP_ADDR_START) &&
                (m[i].valid & OSTAT_PROC_MMAP_ADDR_END)) {
                /* As /proc/PID/maps writes it, and psutil keeps it. */
                snprintf(addr, sizeof(addr), "%08" PRIx64 "-%08" PRIx64,
                         m[i].addr_start, m[i].addr_end);
                json_string(&j, addr);
            } else {
                json_null(&j);
            }
            json_key(&j, "perms");
            json_string(&j, (m[i].valid & OSTAT_PROC_MMAP_PERMS) ? m[i].perms
                                                                 : NULL);
        }
        fields_members(&j, &fs_proc_mmap, &m[i], m[i].valid);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_finish(&j);
}

static void
print_table(ostat_proc *p, const struct ostat_proc_mmap *m, size_t n, int g)
{
    uint64_t size = 0, rss = 0, pss = 0;
    struct table t;
    size_t i;

    print_title(p);
    /* Address, Kbytes, RSS, PSS, Mode, Mapping; grouped without the
     * first and the fifth. Mode and Mapping to the left. */
    table_init(&t, g ? 4 : 6, g ? 8u : (16u | 32u));
    if (!g) {
        table_add(&t, "Address");
    }
    table_add(&t, "Kbytes");
    table_add(&t, "RSS");
    table_add(&t, "PSS");
    if (!g) {
        table_add(&t, "Mode");
    }
    table_add(&t, "Mapping");
    for (i = 0; i < n; i++) {
        const struct ostat_proc_mmap *e = &m[i];

        if (!g) {
            if (e->valid & OSTAT_PROC_MMAP_ADDR_START) {
                table_addf(&t, "%016" PRIx64, e->addr_start);
            } else {
                table_add(&t, "-");
            }
        }
        add_kib(&t, e->vsize, (e->valid & OSTAT_PROC_MMAP_VSIZE) != 0);
        add_kib(&t, e->rss, (e->valid & OSTAT_PROC_MMAP_RSS) != 0);
        add_kib(&t, e->pss, (e->valid & OSTAT_PROC_MMAP_PSS) != 0);
        if (!g) {
            table_add_text(&t, (e->valid & OSTAT_PROC_MMAP_PERMS) ? e->perms
                                                                  : NULL);
        }
        table_add_text(&t, (e->valid & OSTAT_PROC_MMAP_PATH) ? e->path : NULL);
        size += (e->valid & OSTAT_PROC_MMAP_VSIZE) ? e->vsize : 0;
        rss += (e->valid & OSTAT_PROC_MMAP_RSS) ? e->rss : 0;
        pss += (e->valid & OSTAT_PROC_MMAP_PSS) ? e->pss : 0;
    }
    if (!g) {
        table_add(&t, "total kB");
    }
    table_addf(&t, "%" PRIu64, size / 1024);
    table_addf(&t, "%" PRIu64, rss / 1024);
    table_addf(&t, "%" PRIu64, pss / 1024);
    if (!g) {
        table_add(&t, "");
        table_add(&t, "");
    } else {
        table_add(&t, "total kB");
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

int pmap_run(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_proc_mmap *m = NULL;
    ostat_proc *p = NULL;
    ostat_list *l = NULL;
    size_t i, n = 0;
    char *what;
    int rc;

    what = out_asprintf("pmap %lld", (long long)o->pid);
    if ((rc = ostat_proc_open(ctx, o->pid, &p)) == 0 &&
        (rc = ostat_proc_memory_maps(p, o->grouped, &l)) == 0) {
        n = ostat_list_count(l);
        m = out_malloc(n * sizeof(*m));
        for (i = 0; i < n && rc == 0; i++) {
            struct ostat_proc_mmap init = OSTAT_PROC_MMAP_INIT;

            m[i] = init;
            rc = ostat_list_mmap(l, i, &m[i]);
        }
    }
    if (rc != 0) {
        rc = out_error(what, rc);
    } else if (o->json) {
        print_json(m, n, o->grouped);
    } else {
        print_table(p, m, n, o->grouped);
    }
    free(m);
    ostat_list_free(l);
    ostat_proc_free(p);
    free(what);
    return rc;
}
