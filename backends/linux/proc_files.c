/* SPDX-License-Identifier: MIT */
/* proc_files.c: a process's memory mappings, open files and cgroup. */
#include "proc.h"

int ostat__lproc_memory_maps(struct lproc *lp, int grouped, ostat_list *l)
{
    (void)lp;
    (void)grouped;
    (void)l;
    return ostat__err(OSTAT_ENOTSUP, 0, NULL, "memory_maps: not yet");
}

int ostat__lproc_open_files(struct lproc *lp, ostat_list *l)
{
    (void)lp;
    (void)l;
    return ostat__err(OSTAT_ENOTSUP, 0, NULL, "open_files: not yet");
}

int ostat__lproc_cgroup(struct lproc *lp)
{
    (void)lp;
    return ostat__err(OSTAT_ENOTSUP, 0, NULL, "cgroup: not yet");
}
