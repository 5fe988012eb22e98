/* SPDX-License-Identifier: MIT */
/* disk.c: the public disk functions: partitions, usage and I/O counters. */

#include "backend.h"

/* The flags ostat_disk_io_counters() knows. */
#define DISK_IO_FLAGS OSTAT_DISK_IO_NOWRAP

static int fill_disk_partitions(ostat_ctx *c, ostat_list *l, int32_t all)
{
    return ostat__os_disk_partitions(c, all != 0, l);
}

int ostat_disk_partitions(ostat_ctx *ctx, int32_t all, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_DISK_PARTITION,
                              sizeof(struct ostat_disk_partition),
                              fill_disk_partitions, all,
                              "ostat_disk_partitions");
}

int ostat_list_disk_partition(const ostat_list *list,
                              size_t index,
                              struct ostat_disk_partition *out)
{
    return ostat__list_copy(list, OSTAT__LIST_DISK_PARTITION, index, out,
                            &ostat__layout_disk_partition);
}

static int check_usage_path(const char *path)
{
    if (path == NULL || path[0] == '\0') {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_disk_usage: %s path",
                          path == NULL ? "NULL" : "empty");
    }
    return 0;
}

static int fill_disk_usage(ostat_ctx *c, void *s, const char *path)
{
    return ostat__os_disk_usage(c, path, s);
}

int ostat_disk_usage(ostat_ctx *ctx,
                     const char *path,
                     struct ostat_disk_usage *out)
{
    return ostat__snapshot_str(ctx, out, &ostat__layout_disk_usage,
                               check_usage_path, fill_disk_usage, path);
}

static int check_flags(uint32_t flags, const char *name)
{
    if ((flags & ~(uint32_t)DISK_IO_FLAGS) != 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: unknown flags 0x%x", name,
                          (unsigned)flags);
    }
    return 0;
}

static int fill_disk_io_counters(ostat_ctx *c, void *s, int32_t flags)
{
    return ostat__os_disk_io_counters(c, (uint32_t)flags, s, NULL);
}

int ostat_disk_io_counters(ostat_ctx *ctx,
                           uint32_t flags,
                           struct ostat_disk_io_counters *out)
{
    int rc;

    if ((rc = check_flags(flags, "ostat_disk_io_counters")) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    return ostat__snapshot(ctx, out, &ostat__layout_disk_io_counters,
                           fill_disk_io_counters, (int32_t)flags);
}

static int fill_disk_io_perdisk(ostat_ctx *c, ostat_list *l, int32_t flags)
{
    return ostat__os_disk_io_counters(c, (uint32_t)flags, NULL, l);
}

int ostat_disk_io_counters_perdisk(ostat_ctx *ctx,
                                   uint32_t flags,
                                   ostat_list **out)
{
    int rc;

    /* Bad flags, unless ostat__list_result has a NULL out to report. */
    if (out != NULL &&
        (rc = check_flags(flags, "ostat_disk_io_counters_perdisk")) != 0) {
        *out = NULL;
        return rc;
    }
    return ostat__list_result(ctx, out, OSTAT__LIST_DISK_IO_COUNTERS,
                              sizeof(struct ostat_disk_io_counters),
                              fill_disk_io_perdisk, (int32_t)flags,
                              "ostat_disk_io_counters_perdisk");
}

int ostat_list_disk_io_counters(const ostat_list *list,
                                size_t index,
                                struct ostat_disk_io_counters *out)
{
    return ostat__list_copy(list, OSTAT__LIST_DISK_IO_COUNTERS, index, out,
                            &ostat__layout_disk_io_counters);
}
