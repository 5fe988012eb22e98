/* SPDX-License-Identifier: MIT */
/* version.c: the run-time version. */
#include "internal.h"

uint32_t ostat_version(void)
{
    return OSTAT_VERSION_NUMBER;
}

const char *ostat_version_string(void)
{
    return OSTAT_VERSION_STRING;
}
