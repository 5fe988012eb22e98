/* SPDX-License-Identifier: MIT */
/* cgroup.c: cgroup v2 groups under <host prefix>/sys/fs/cgroup. */
#include "linux.h"

int ostat__os_cgroup_stats(ostat_ctx *ctx,
                           const char *path,
                           struct ostat_cgroup *out)
{
    (void)ctx;
    (void)path;
    (void)out;
    return ostat__err(OSTAT_ENOTSUP, 0, NULL, "cgroup_stats: not yet");
}
