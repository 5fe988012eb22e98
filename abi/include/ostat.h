/* SPDX-License-Identifier: MIT */
/* ostat.h: the whole public API of libostat. */
#ifndef OSTAT_H
#define OSTAT_H

#include "ostat/common.h"
#include "ostat/connections.h"
#include "ostat/counter.h"
#include "ostat/cpu.h"
#include "ostat/ctx.h"
#include "ostat/disk.h"
#include "ostat/error.h"
#include "ostat/list.h"
#include "ostat/memory.h"
#include "ostat/net.h"
#include "ostat/pressure.h"
#include "ostat/process.h"
#include "ostat/sensors.h"
#include "ostat/system.h"
#include "ostat/users.h"
#include "ostat/util.h"
#include "ostat/version.h"

#endif
