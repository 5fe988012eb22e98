/* SPDX-License-Identifier: MIT */
/* cmd_disks.c: the disk subcommands: disk_partitions, disk_usage and
 * disk_io_counters. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

static const struct field partition_fields[] = {
    FIELD(ostat_disk_partition, device, FK_STRING, OSTAT_DISK_PARTITION_DEVICE),
    FIELD(ostat_disk_partition,
          mountpoint,
          FK_STRING,
          OSTAT_DISK_PARTITION_MOUNTPOINT),
    FIELD(ostat_disk_partition, fstype, FK_STRING, OSTAT_DISK_PARTITION_FSTYPE),
    FIELD(ostat_disk_partition, opts, FK_STRING, OSTAT_DISK_PARTITION_OPTS),
};
static const struct fieldset fs_partition = SET(partition_fields);
/* device, mountpoint and fstype: what disk_usage shows of a mount. */
static const struct fieldset fs_mount = { partition_fields, 3 };

static const struct field usage_fields[] = {
    FIELD(ostat_disk_usage, total, FK_BYTES, OSTAT_DISK_USAGE_TOTAL),
    FIELD(ostat_disk_usage, used, FK_BYTES, OSTAT_DISK_USAGE_USED),
    FIELD(ostat_disk_usage, free, FK_BYTES, OSTAT_DISK_USAGE_FREE),
    FIELD(ostat_disk_usage, percent, FK_PERCENT, OSTAT_DISK_USAGE_PERCENT),
};
static const struct fieldset fs_usage = SET(usage_fields);

/* The device's name, psutil's sdiskio fields, then the rest Linux gives.
 * Times are milliseconds, shown as the counters they are. */
static const struct field io_fields[] = {
    FIELD(ostat_disk_io_counters, name, FK_STRING, OSTAT_DISK_IO_COUNTERS_NAME),
    FIELD(ostat_disk_io_counters,
          read_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_READ_COUNT),
    FIELD(ostat_disk_io_counters,
          write_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_WRITE_COUNT),
    FIELD(ostat_disk_io_counters,
          read_bytes,
          FK_BYTES,
          OSTAT_DISK_IO_COUNTERS_READ_BYTES),
    FIELD(ostat_disk_io_counters,
          write_bytes,
          FK_BYTES,
          OSTAT_DISK_IO_COUNTERS_WRITE_BYTES),
    FIELD(ostat_disk_io_counters,
          read_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_READ_TIME),
    FIELD(ostat_disk_io_counters,
          write_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_WRITE_TIME),
    FIELD(ostat_disk_io_counters,
          read_merged_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT),
    FIELD(ostat_disk_io_counters,
          write_merged_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT),
    FIELD(ostat_disk_io_counters,
          busy_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_BUSY_TIME),
    FIELD(ostat_disk_io_counters,
          in_flight,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_IN_FLIGHT),
    FIELD(ostat_disk_io_counters,
          weighted_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME),
    FIELD(ostat_disk_io_counters,
          discard_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT),
    FIELD(ostat_disk_io_counters,
          discard_merged_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT),
    FIELD(ostat_disk_io_counters,
          discard_bytes,
          FK_BYTES,
          OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES),
    FIELD(ostat_disk_io_counters,
          discard_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_DISCARD_TIME),
    FIELD(ostat_disk_io_counters,
          flush_count,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT),
    FIELD(ostat_disk_io_counters,
          flush_time,
          FK_COUNT,
          OSTAT_DISK_IO_COUNTERS_FLUSH_TIME),
};
/* Every counter: a record. */
static const struct fieldset fs_io = {
    io_fields + 1, sizeof(io_fields) / sizeof(io_fields[0]) - 1
};
/* The per-device table: the name, then psutil's nine fields. */
static const struct fieldset fs_io_row = { io_fields, 10 };

static int get_partition(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_disk_partition(l, i, out);
}

/* Every element of a list of partitions, or NULL with the error printed. */
static struct ostat_disk_partition *
partitions_of(ostat_ctx *ctx, int all, size_t *n, ostat_list **l, int *status)
{
    static const struct ostat_disk_partition init = OSTAT_DISK_PARTITION_INIT;
    struct ostat_disk_partition *p;
    int rc;

    *l = NULL;
    if ((rc = ostat_disk_partitions(ctx, all, l)) == 0 &&
        (p = fields_copy_list(*l, get_partition, &init, sizeof(init), n,
                              &rc)) != NULL) {
        return p;
    }
    ostat_list_free(*l);
    *l = NULL;
    *status = out_error("disk_partitions", rc);
    return NULL;
}

int disk_partitions_run(ostat_ctx *ctx, const struct opts *o)
{
    int all = (o->given & OPT_ALL) != 0, status = 0;
    struct ostat_disk_partition *p;
    ostat_list *l;
    size_t n = 0;

    if ((p = partitions_of(ctx, all, &n, &l, &status)) == NULL) {
        return status;
    }
    fields_print_list(o->json, &fs_partition, p, n, sizeof(*p), NULL);
    free(p);
    ostat_list_free(l);
    return 0;
}

int disk_usage_unavailable(int rc)
{
    const ostat_error *e = ostat_error_last();

    return rc == OSTAT_EACCES || rc == OSTAT_ENOTSUP ||
           (rc == OSTAT_EOS && e != NULL && e->code == rc &&
            (e->os_errno == ENOENT || e->os_errno == ENOTDIR));
}

/* Every mounted partition with its usage, as psutil's scripts/disk_usage.py
 * (a df). */
static int usage_of_partitions(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_disk_partition *p;
    struct ostat_disk_usage *u;
    int *rcs, status = 0;
    ostat_list *l;
    struct table t;
    struct json j;
    size_t i, n = 0;

    if ((p = partitions_of(ctx, 0, &n, &l, &status)) == NULL) {
        return status;
    }
    u = out_malloc(n * sizeof(*u));
    rcs = out_malloc(n * sizeof(*rcs));
    for (i = 0; i < n; i++) {
        struct ostat_disk_usage init = OSTAT_DISK_USAGE_INIT;

        u[i] = init;
        rcs[i] = ostat_disk_usage(ctx, p[i].mountpoint, &u[i]);
        if (rcs[i] != 0 && !disk_usage_unavailable(rcs[i])) {
            char *what = out_sanitize(p[i].mountpoint);

            status = out_error(what, rcs[i]);
            free(what);
        }
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            json_begin_object(&j);
            fields_members(&j, &fs_mount, &p[i], p[i].valid);
            fields_members(&j, &fs_usage, &u[i], rcs[i] ? 0 : u[i].valid);
            json_end_object(&j);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        static const char *const head[] = { "Device", "Total", "Used", "Free",
                                            "Use%",   "Type",  "Mount" };
        char buf[32];

        table_init(&t, 7, 1u | 32u | 64u);
        for (i = 0; i < 7; i++) {
            table_add(&t, head[i]);
        }
        for (i = 0; i < n; i++) {
            const uint64_t v[3] = { u[i].total, u[i].used, u[i].free };
            const uint64_t bits[3] = { OSTAT_DISK_USAGE_TOTAL,
                                       OSTAT_DISK_USAGE_USED,
                                       OSTAT_DISK_USAGE_FREE };
            int k;

            table_add_text(&t, p[i].device);
            for (k = 0; k < 3; k++) {
                if (rcs[i] == 0 && (u[i].valid & bits[k])) {
                    out_bytes(v[k], buf, sizeof(buf));
                    table_add(&t, buf);
                } else {
                    table_add(&t, "-");
                }
            }
            if (rcs[i] == 0 && (u[i].valid & OSTAT_DISK_USAGE_PERCENT)) {
                table_addf(&t, "%.1f%%", u[i].percent);
            } else {
                table_add(&t, "-");
            }
            table_add_text(&t, p[i].fstype);
            table_add_text(&t, p[i].mountpoint);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(rcs);
    free(u);
    free(p);
    ostat_list_free(l);
    return status;
}

int disk_usage_run(ostat_ctx *ctx, const struct opts *o)
{
    struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
    int rc;

    if (o->path == NULL) {
        return usage_of_partitions(ctx, o);
    }
    if ((rc = ostat_disk_usage(ctx, o->path, &u)) != 0) {
        char *what = out_sanitize(o->path);

        rc = out_error(what, rc);
        free(what);
        return rc;
    }
    fields_print(o->json, &fs_usage, &u, u.valid);
    return 0;
}

static int get_io(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_disk_io_counters(l, i, out);
}

int disk_io_counters_run(ostat_ctx *ctx, const struct opts *o)
{
    static const struct ostat_disk_io_counters init =
        OSTAT_DISK_IO_COUNTERS_INIT;
    uint32_t flags = (o->given & OPT_NOWRAP) ? OSTAT_DISK_IO_NOWRAP : 0;
    struct ostat_disk_io_counters *e;
    ostat_list *l = NULL;
    size_t n;
    int rc;

    if (!(o->given & OPT_PERDISK)) {
        struct ostat_disk_io_counters c = init;

        rc = ostat_disk_io_counters(ctx, flags, &c);
        if (rc == OSTAT_ENOTSUP) {
            /* psutil's None: no disk. */
            puts(o->json ? "null" : "no disk reports its I/O");
            return 0;
        }
        if (rc != 0) {
            return out_error("disk_io_counters", rc);
        }
        fields_print(o->json, &fs_io, &c, c.valid);
        return 0;
    }
    /* OSTAT_ENOTSUP (no /proc/diskstats) is psutil's {}. */
    rc = ostat_disk_io_counters_perdisk(ctx, flags, &l);
    if ((rc != 0 && rc != OSTAT_ENOTSUP) ||
        (e = fields_copy_list(l, get_io, &init, sizeof(init), &n, &rc)) ==
            NULL) {
        ostat_list_free(l);
        return out_error("disk_io_counters", rc);
    }
    /* psutil's dict: the device names are the keys. */
    fields_print_named(o->json, &fs_io, &fs_io_row, e, n, sizeof(*e),
                       "no disk reports its I/O");
    free(e);
    ostat_list_free(l);
    return 0;
}
