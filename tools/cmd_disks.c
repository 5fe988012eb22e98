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

#define FIELD(type, member, kind, bit)                                         \
    {                                                                          \
#member, kind, offsetof(struct type, member), bit                      \
    }
#define SET(arr)                                                               \
    {                                                                          \
        arr, sizeof(arr) / sizeof(arr[0])                                      \
    }

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

/* psutil's sdiskio fields first, then the rest Linux gives. Times are
 * milliseconds, shown as the counters they are. */
static const struct field io_fields[] = {
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
static const struct fieldset fs_io = SET(io_fields);

/* The per-device table: the name, then psutil's nine fields. */
static const struct field io_row_fields[] = {
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
};
static const struct fieldset fs_io_row = SET(io_row_fields);

/* Every element of a list of partitions, or NULL with the error printed. */
static struct ostat_disk_partition *
partitions_of(ostat_ctx *ctx, int all, size_t *n, ostat_list **l, int *status)
{
    struct ostat_disk_partition *p;
    size_t i;
    int rc;

    *l = NULL;
    if ((rc = ostat_disk_partitions(ctx, all, l)) != 0) {
        *status = out_error("disk_partitions", rc);
        return NULL;
    }
    *n = ostat_list_count(*l);
    p = out_malloc(*n * sizeof(*p));
    for (i = 0; i < *n; i++) {
        struct ostat_disk_partition init = OSTAT_DISK_PARTITION_INIT;

        p[i] = init;
        if ((rc = ostat_list_disk_partition(*l, i, &p[i])) != 0) {
            free(p);
            ostat_list_free(*l);
            *l = NULL;
            *status = out_error("disk_partitions", rc);
            return NULL;
        }
    }
    return p;
}

int disk_partitions_run(ostat_ctx *ctx, const struct opts *o)
{
    int all = (o->given & OPT_ALL) != 0, status = 0;
    struct ostat_disk_partition *p;
    ostat_list *l;
    struct table t;
    struct json j;
    size_t i, n = 0;

    if ((p = partitions_of(ctx, all, &n, &l, &status)) == NULL) {
        return status;
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < n; i++) {
            fields_json(&j, &fs_partition, &p[i], p[i].valid);
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        table_init(&t, fs_partition.n, fields_left(&fs_partition));
        fields_header(&t, &fs_partition);
        for (i = 0; i < n; i++) {
            fields_row(&t, &fs_partition, &p[i], p[i].valid);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(p);
    ostat_list_free(l);
    return 0;
}

/* A filesystem whose usage cannot be had quietly: it went away, or is not
 * ours to look at. */
static int quiet_failure(int rc)
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
        if (rcs[i] != 0 && !quiet_failure(rcs[i])) {
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
            char *s = out_sanitize(p[i].device);
            int k;

            table_add(&t, s);
            free(s);
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
            s = out_sanitize(p[i].fstype);
            table_add(&t, s);
            free(s);
            s = out_sanitize(p[i].mountpoint);
            table_add(&t, s);
            free(s);
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
    struct json j;
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
    if (o->json) {
        json_init(&j, stdout);
        fields_json(&j, &fs_usage, &u, u.valid);
        json_finish(&j);
    } else {
        fields_listing(&fs_usage, &u, u.valid);
    }
    return 0;
}

int disk_io_counters_run(ostat_ctx *ctx, const struct opts *o)
{
    uint32_t flags = (o->given & OPT_NOWRAP) ? OSTAT_DISK_IO_NOWRAP : 0;
    struct ostat_disk_io_counters *e;
    ostat_list *l = NULL;
    struct table t;
    struct json j;
    size_t i, n;
    int rc;

    if (!(o->given & OPT_PERDISK)) {
        struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT;

        rc = ostat_disk_io_counters(ctx, flags, &c);
        if (rc == OSTAT_ENOTSUP) {
            /* psutil's None: no disk. */
            if (o->json) {
                puts("null");
            } else {
                puts("no disk reports its I/O");
            }
            return 0;
        }
        if (rc != 0) {
            return out_error("disk_io_counters", rc);
        }
        if (o->json) {
            json_init(&j, stdout);
            fields_json(&j, &fs_io, &c, c.valid);
            json_finish(&j);
        } else {
            fields_listing(&fs_io, &c, c.valid);
        }
        return 0;
    }
    rc = ostat_disk_io_counters_perdisk(ctx, flags, &l);
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return out_error("disk_io_counters", rc);
    }
    /* OSTAT_ENOTSUP (no /proc/diskstats) is psutil's {}. */
    n = ostat_list_count(l);
    e = out_malloc(n * sizeof(*e));
    for (i = 0; i < n; i++) {
        struct ostat_disk_io_counters init = OSTAT_DISK_IO_COUNTERS_INIT;

        e[i] = init;
        if ((rc = ostat_list_disk_io_counters(l, i, &e[i])) != 0) {
            free(e);
            ostat_list_free(l);
            return out_error("disk_io_counters", rc);
        }
    }
    if (o->json) {
        /* psutil's dict: the device names are the keys. */
        json_init(&j, stdout);
        json_begin_object(&j);
        for (i = 0; i < n; i++) {
            json_key_string(&j, e[i].name);
            fields_json(&j, &fs_io, &e[i], e[i].valid);
        }
        json_end_object(&j);
        json_finish(&j);
    } else if (n == 0) {
        puts("no disk reports its I/O");
    } else {
        table_init(&t, fs_io_row.n, fields_left(&fs_io_row));
        fields_header(&t, &fs_io_row);
        for (i = 0; i < n; i++) {
            fields_row(&t, &fs_io_row, &e[i], e[i].valid);
        }
        table_print(&t, stdout, 0);
        table_free(&t);
    }
    free(e);
    ostat_list_free(l);
    return 0;
}
