/* SPDX-License-Identifier: MIT */
/* catalog.c: the table of metric families, the system families' fill
 * functions, and the sampler's life cycle and collection loop. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampler.h"

static int fill_cpu_times(struct oc_sampler *s,
                          const struct oc_family *f,
                          oc_emit_fn emit,
                          void *payload);
static int fill_cpu_times_percpu(struct oc_sampler *s,
                                 const struct oc_family *f,
                                 oc_emit_fn emit,
                                 void *payload);
static int fill_cpu_stats(struct oc_sampler *s,
                          const struct oc_family *f,
                          oc_emit_fn emit,
                          void *payload);
static int fill_virtual_memory(struct oc_sampler *s,
                               const struct oc_family *f,
                               oc_emit_fn emit,
                               void *payload);
static int fill_swap_memory(struct oc_sampler *s,
                            const struct oc_family *f,
                            oc_emit_fn emit,
                            void *payload);
static int fill_loadavg(struct oc_sampler *s,
                        const struct oc_family *f,
                        oc_emit_fn emit,
                        void *payload);
static int fill_pressure(struct oc_sampler *s,
                         const struct oc_family *f,
                         oc_emit_fn emit,
                         void *payload);
static int fill_uptime(struct oc_sampler *s,
                       const struct oc_family *f,
                       oc_emit_fn emit,
                       void *payload);
static int fill_users(struct oc_sampler *s,
                      const struct oc_family *f,
                      oc_emit_fn emit,
                      void *payload);
static int fill_temperatures(struct oc_sampler *s,
                             const struct oc_family *f,
                             oc_emit_fn emit,
                             void *payload);
static int fill_fans(struct oc_sampler *s,
                     const struct oc_family *f,
                     oc_emit_fn emit,
                     void *payload);
static int fill_battery(struct oc_sampler *s,
                        const struct oc_family *f,
                        oc_emit_fn emit,
                        void *payload);
static int fill_disk_io(struct oc_sampler *s,
                        const struct oc_family *f,
                        oc_emit_fn emit,
                        void *payload);
static int fill_disk_usage(struct oc_sampler *s,
                           const struct oc_family *f,
                           oc_emit_fn emit,
                           void *payload);
static int fill_net_io(struct oc_sampler *s,
                       const struct oc_family *f,
                       oc_emit_fn emit,
                       void *payload);

/* A field read from member m of struct st, which bit b of valid covers. */
#define FF(st, m, b)                                                           \
    {                                                                          \
#m, OC_F64, b, offsetof(struct st, m)                                  \
    }
#define FU(st, m, b)                                                           \
    {                                                                          \
#m, OC_U64, b, offsetof(struct st, m)                                  \
    }
/* A field of a group family: slot s of the scan. */
#define SF(name, s)                                                            \
    {                                                                          \
        name, OC_F64, 0, s                                                     \
    }
#define SU(name, s)                                                            \
    {                                                                          \
        name, OC_U64, 0, s                                                     \
    }
/* A state count of the scan. */
#define ST(name, i)                                                            \
    {                                                                          \
        name, OC_U64, 0, i                                                     \
    }

#define CPU_TIMES_FIELDS                                                       \
    10,                                                                        \
    {                                                                          \
        FF(ostat_cpu_times, user, OSTAT_CPU_TIMES_USER),                       \
            FF(ostat_cpu_times, system, OSTAT_CPU_TIMES_SYSTEM),               \
            FF(ostat_cpu_times, idle, OSTAT_CPU_TIMES_IDLE),                   \
            FF(ostat_cpu_times, nice, OSTAT_CPU_TIMES_NICE),                   \
            FF(ostat_cpu_times, iowait, OSTAT_CPU_TIMES_IOWAIT),               \
            FF(ostat_cpu_times, irq, OSTAT_CPU_TIMES_IRQ),                     \
            FF(ostat_cpu_times, softirq, OSTAT_CPU_TIMES_SOFTIRQ),             \
            FF(ostat_cpu_times, steal, OSTAT_CPU_TIMES_STEAL),                 \
            FF(ostat_cpu_times, guest, OSTAT_CPU_TIMES_GUEST),                 \
            FF(ostat_cpu_times, guest_nice, OSTAT_CPU_TIMES_GUEST_NICE)        \
    }

#define PRESSURE_AVG_FIELDS                                                    \
    6,                                                                         \
    {                                                                          \
        FF(ostat_pressure, some_avg10, OSTAT_PRESSURE_SOME_AVG10),             \
            FF(ostat_pressure, some_avg60, OSTAT_PRESSURE_SOME_AVG60),         \
            FF(ostat_pressure, some_avg300, OSTAT_PRESSURE_SOME_AVG300),       \
            FF(ostat_pressure, full_avg10, OSTAT_PRESSURE_FULL_AVG10),         \
            FF(ostat_pressure, full_avg60, OSTAT_PRESSURE_FULL_AVG60),         \
            FF(ostat_pressure, full_avg300, OSTAT_PRESSURE_FULL_AVG300)        \
    }

/* The disks' I/O, split by unit and kind: the families of the total and
 * of each disk have the same fields. */
#define DISK_IO_OPS_FIELDS                                                     \
    7,                                                                         \
    {                                                                          \
        FU(ostat_disk_io_counters, read_count,                                 \
           OSTAT_DISK_IO_COUNTERS_READ_COUNT),                                 \
            FU(ostat_disk_io_counters, write_count,                            \
               OSTAT_DISK_IO_COUNTERS_WRITE_COUNT),                            \
            FU(ostat_disk_io_counters, read_merged_count,                      \
               OSTAT_DISK_IO_COUNTERS_READ_MERGED_COUNT),                      \
            FU(ostat_disk_io_counters, write_merged_count,                     \
               OSTAT_DISK_IO_COUNTERS_WRITE_MERGED_COUNT),                     \
            FU(ostat_disk_io_counters, discard_count,                          \
               OSTAT_DISK_IO_COUNTERS_DISCARD_COUNT),                          \
            FU(ostat_disk_io_counters, discard_merged_count,                   \
               OSTAT_DISK_IO_COUNTERS_DISCARD_MERGED_COUNT),                   \
            FU(ostat_disk_io_counters, flush_count,                            \
               OSTAT_DISK_IO_COUNTERS_FLUSH_COUNT)                             \
    }

#define DISK_IO_BYTES_FIELDS                                                   \
    3,                                                                         \
    {                                                                          \
        FU(ostat_disk_io_counters, read_bytes,                                 \
           OSTAT_DISK_IO_COUNTERS_READ_BYTES),                                 \
            FU(ostat_disk_io_counters, write_bytes,                            \
               OSTAT_DISK_IO_COUNTERS_WRITE_BYTES),                            \
            FU(ostat_disk_io_counters, discard_bytes,                          \
               OSTAT_DISK_IO_COUNTERS_DISCARD_BYTES)                           \
    }

#define DISK_IO_TIME_FIELDS                                                    \
    6,                                                                         \
    {                                                                          \
        FU(ostat_disk_io_counters, read_time,                                  \
           OSTAT_DISK_IO_COUNTERS_READ_TIME),                                  \
            FU(ostat_disk_io_counters, write_time,                             \
               OSTAT_DISK_IO_COUNTERS_WRITE_TIME),                             \
            FU(ostat_disk_io_counters, busy_time,                              \
               OSTAT_DISK_IO_COUNTERS_BUSY_TIME),                              \
            FU(ostat_disk_io_counters, weighted_time,                          \
               OSTAT_DISK_IO_COUNTERS_WEIGHTED_TIME),                          \
            FU(ostat_disk_io_counters, discard_time,                           \
               OSTAT_DISK_IO_COUNTERS_DISCARD_TIME),                           \
            FU(ostat_disk_io_counters, flush_time,                             \
               OSTAT_DISK_IO_COUNTERS_FLUSH_TIME)                              \
    }

#define DISK_IO_IN_FLIGHT_FIELDS                                               \
    1,                                                                         \
    {                                                                          \
        FU(ostat_disk_io_counters, in_flight,                                  \
           OSTAT_DISK_IO_COUNTERS_IN_FLIGHT)                                   \
    }

const struct oc_family oc_catalog[OC_FAM_COUNT] = {
    [OC_FAM_CPU_TIMES] = { OC_FAM_CPU_TIMES, "cpu_times", "cpu",
                           "ostat_cpu_times", "seconds", OC_COUNTER, OC_SYSTEM,
                           NULL, CPU_TIMES_FIELDS, fill_cpu_times },
    [OC_FAM_CPU_TIMES_PERCPU] = { OC_FAM_CPU_TIMES_PERCPU, "cpu_times_percpu",
                                  "cpu", "ostat_cpu_times_percpu", "seconds",
                                  OC_COUNTER, OC_SYSTEM, "cpu",
                                  CPU_TIMES_FIELDS, fill_cpu_times_percpu },
    [OC_FAM_CPU_TIMES_PERCENT] = { OC_FAM_CPU_TIMES_PERCENT,
                                   "cpu_times_percent", "cpu",
                                   "ostat_cpu_times_percent", "percent",
                                   OC_GAUGE, OC_SYSTEM, NULL, CPU_TIMES_FIELDS,
                                   fill_cpu_times },
    [OC_FAM_CPU_TIMES_PERCENT_PERCPU] = { OC_FAM_CPU_TIMES_PERCENT_PERCPU,
                                          "cpu_times_percent_percpu", "cpu",
                                          "ostat_cpu_times_percent_percpu",
                                          "percent", OC_GAUGE, OC_SYSTEM, "cpu",
                                          CPU_TIMES_FIELDS,
                                          fill_cpu_times_percpu },
    [OC_FAM_CPU_STATS] = { OC_FAM_CPU_STATS,
                           "cpu_stats",
                           "processes",
                           "ostat_cpu_stats",
                           "count",
                           OC_COUNTER,
                           OC_SYSTEM,
                           NULL,
                           4,
                           { FU(ostat_cpu_stats,
                                ctx_switches,
                                OSTAT_CPU_STATS_CTX_SWITCHES),
                             FU(ostat_cpu_stats,
                                interrupts,
                                OSTAT_CPU_STATS_INTERRUPTS),
                             FU(ostat_cpu_stats,
                                soft_interrupts,
                                OSTAT_CPU_STATS_SOFT_INTERRUPTS),
                             FU(ostat_cpu_stats,
                                forks,
                                OSTAT_CPU_STATS_FORKS) },
                           fill_cpu_stats },
    [OC_FAM_VIRTUAL_MEMORY] = { OC_FAM_VIRTUAL_MEMORY,
                                "virtual_memory",
                                "memory",
                                "ostat_virtual_memory",
                                "bytes",
                                OC_GAUGE,
                                OC_SYSTEM,
                                NULL,
                                10,
                                { FU(ostat_virtual_memory,
                                     total,
                                     OSTAT_VIRTUAL_MEMORY_TOTAL),
                                  FU(ostat_virtual_memory,
                                     available,
                                     OSTAT_VIRTUAL_MEMORY_AVAILABLE),
                                  FU(ostat_virtual_memory,
                                     used,
                                     OSTAT_VIRTUAL_MEMORY_USED),
                                  FU(ostat_virtual_memory,
                                     free,
                                     OSTAT_VIRTUAL_MEMORY_FREE),
                                  FU(ostat_virtual_memory,
                                     active,
                                     OSTAT_VIRTUAL_MEMORY_ACTIVE),
                                  FU(ostat_virtual_memory,
                                     inactive,
                                     OSTAT_VIRTUAL_MEMORY_INACTIVE),
                                  FU(ostat_virtual_memory,
                                     buffers,
                                     OSTAT_VIRTUAL_MEMORY_BUFFERS),
                                  FU(ostat_virtual_memory,
                                     cached,
                                     OSTAT_VIRTUAL_MEMORY_CACHED),
                                  FU(ostat_virtual_memory,
                                     shared,
                                     OSTAT_VIRTUAL_MEMORY_SHARED),
                                  FU(ostat_virtual_memory,
                                     slab,
                                     OSTAT_VIRTUAL_MEMORY_SLAB) },
                                fill_virtual_memory },
    [OC_FAM_VIRTUAL_MEMORY_PERCENT] = { OC_FAM_VIRTUAL_MEMORY_PERCENT,
                                        "virtual_memory_percent",
                                        "memory",
                                        "ostat_virtual_memory",
                                        "percent",
                                        OC_GAUGE,
                                        OC_SYSTEM,
                                        NULL,
                                        1,
                                        { FF(ostat_virtual_memory,
                                             percent,
                                             OSTAT_VIRTUAL_MEMORY_PERCENT) },
                                        fill_virtual_memory },
    [OC_FAM_SWAP_MEMORY] = { OC_FAM_SWAP_MEMORY,
                             "swap_memory",
                             "swap",
                             "ostat_swap_memory",
                             "bytes",
                             OC_GAUGE,
                             OC_SYSTEM,
                             NULL,
                             3,
                             { FU(ostat_swap_memory,
                                  total,
                                  OSTAT_SWAP_MEMORY_TOTAL),
                               FU(ostat_swap_memory,
                                  used,
                                  OSTAT_SWAP_MEMORY_USED),
                               FU(ostat_swap_memory,
                                  free,
                                  OSTAT_SWAP_MEMORY_FREE) },
                             fill_swap_memory },
    [OC_FAM_SWAP_MEMORY_PERCENT] = { OC_FAM_SWAP_MEMORY_PERCENT,
                                     "swap_memory_percent",
                                     "swap",
                                     "ostat_swap_memory",
                                     "percent",
                                     OC_GAUGE,
                                     OC_SYSTEM,
                                     NULL,
                                     1,
                                     { FF(ostat_swap_memory,
                                          percent,
                                          OSTAT_SWAP_MEMORY_PERCENT) },
                                     fill_swap_memory },
    [OC_FAM_SWAP_IO] = { OC_FAM_SWAP_IO,
                         "swap_io",
                         "swap",
                         "ostat_swap_memory",
                         "bytes",
                         OC_COUNTER,
                         OC_SYSTEM,
                         NULL,
                         2,
                         { FU(ostat_swap_memory, sin, OSTAT_SWAP_MEMORY_SIN),
                           FU(ostat_swap_memory,
                              sout,
                              OSTAT_SWAP_MEMORY_SOUT) },
                         fill_swap_memory },
    [OC_FAM_LOADAVG] = { OC_FAM_LOADAVG,
                         "loadavg",
                         "load",
                         "ostat_getloadavg",
                         "load",
                         OC_GAUGE,
                         OC_SYSTEM,
                         NULL,
                         3,
                         { FF(ostat_loadavg, load1, OSTAT_LOADAVG_LOAD1),
                           FF(ostat_loadavg, load5, OSTAT_LOADAVG_LOAD5),
                           FF(ostat_loadavg, load15, OSTAT_LOADAVG_LOAD15) },
                         fill_loadavg },
    [OC_FAM_PRESSURE] = { OC_FAM_PRESSURE, "pressure", "pressure",
                          "ostat_pressure", "percent", OC_GAUGE, OC_SYSTEM,
                          "resource", PRESSURE_AVG_FIELDS, fill_pressure },
    [OC_FAM_PRESSURE_STALL] = { OC_FAM_PRESSURE_STALL,
                                "pressure_stall",
                                "pressure",
                                "ostat_pressure",
                                "microseconds",
                                OC_COUNTER,
                                OC_SYSTEM,
                                "resource",
                                2,
                                { FU(ostat_pressure,
                                     some_total,
                                     OSTAT_PRESSURE_SOME_TOTAL),
                                  FU(ostat_pressure,
                                     full_total,
                                     OSTAT_PRESSURE_FULL_TOTAL) },
                                fill_pressure },
    [OC_FAM_UPTIME] = { OC_FAM_UPTIME,
                        "uptime",
                        "uptime",
                        "ostat_uptime",
                        "seconds",
                        OC_GAUGE,
                        OC_SYSTEM,
                        NULL,
                        1,
                        { { "uptime", OC_F64, 0, 0 } },
                        fill_uptime },
    [OC_FAM_USERS] = { OC_FAM_USERS,
                       "users",
                       "users",
                       "ostat_users",
                       "count",
                       OC_GAUGE,
                       OC_SYSTEM,
                       NULL,
                       1,
                       { { "users", OC_U64, 0, 0 } },
                       fill_users },
    [OC_FAM_PROCESS_STATES] = { OC_FAM_PROCESS_STATES,
                                "process_states",
                                "processes",
                                "ostat_proc_iter_next, ostat_proc_status, "
                                "ostat_cpu_stats",
                                "count",
                                OC_GAUGE,
                                OC_SYSTEM,
                                NULL,
                                OC_ST_COUNT,
                                { ST("running", OC_ST_RUNNING),
                                  ST("sleeping", OC_ST_SLEEPING),
                                  ST("disk_sleep", OC_ST_DISK_SLEEP),
                                  ST("stopped", OC_ST_STOPPED),
                                  ST("tracing_stop", OC_ST_TRACING_STOP),
                                  ST("zombie", OC_ST_ZOMBIE),
                                  ST("idle", OC_ST_IDLE),
                                  ST("waking", OC_ST_WAKING),
                                  ST("parked", OC_ST_PARKED),
                                  ST("dead", OC_ST_DEAD),
                                  ST("other", OC_ST_OTHER),
                                  ST("processes", OC_ST_PROCESSES),
                                  ST("threads", OC_ST_THREADS),
                                  ST("procs_running", OC_ST_PROCS_RUNNING),
                                  ST("procs_blocked", OC_ST_PROCS_BLOCKED) },
                                oc__fill_states },
    [OC_FAM_SENSORS_TEMPERATURES] = { OC_FAM_SENSORS_TEMPERATURES,
                                      "sensors_temperatures",
                                      "sensors",
                                      "ostat_sensors_temperatures",
                                      "celsius",
                                      OC_GAUGE,
                                      OC_SYSTEM,
                                      "chip",
                                      3,
                                      { FF(ostat_sensors_temperature,
                                           current,
                                           OSTAT_SENSORS_TEMPERATURE_CURRENT),
                                        FF(ostat_sensors_temperature,
                                           high,
                                           OSTAT_SENSORS_TEMPERATURE_HIGH),
                                        FF(ostat_sensors_temperature,
                                           critical,
                                           OSTAT_SENSORS_TEMPERATURE_CRITICAL) },
                                      fill_temperatures },
    [OC_FAM_SENSORS_FANS] = { OC_FAM_SENSORS_FANS,
                              "sensors_fans",
                              "sensors",
                              "ostat_sensors_fans",
                              "rpm",
                              OC_GAUGE,
                              OC_SYSTEM,
                              "chip",
                              1,
                              { FU(ostat_sensors_fan,
                                   current,
                                   OSTAT_SENSORS_FAN_CURRENT) },
                              fill_fans },
    [OC_FAM_SENSORS_BATTERY] = { OC_FAM_SENSORS_BATTERY,
                                 "sensors_battery",
                                 "battery",
                                 "ostat_sensors_battery",
                                 "percent",
                                 OC_GAUGE,
                                 OC_SYSTEM,
                                 NULL,
                                 1,
                                 { FF(ostat_sensors_battery,
                                      percent,
                                      OSTAT_SENSORS_BATTERY_PERCENT) },
                                 fill_battery },
    [OC_FAM_SENSORS_BATTERY_SECSLEFT] = { OC_FAM_SENSORS_BATTERY_SECSLEFT,
                                          "sensors_battery_secsleft",
                                          "battery",
                                          "ostat_sensors_battery",
                                          "seconds",
                                          OC_GAUGE,
                                          OC_SYSTEM,
                                          NULL,
                                          1,
                                          { FF(
                                              ostat_sensors_battery,
                                              secsleft,
                                              OSTAT_SENSORS_BATTERY_SECSLEFT) },
                                          fill_battery },
    [OC_FAM_SENSORS_BATTERY_PLUGGED] = { OC_FAM_SENSORS_BATTERY_PLUGGED,
                                         "sensors_battery_power_plugged",
                                         "battery",
                                         "ostat_sensors_battery",
                                         "boolean",
                                         OC_GAUGE,
                                         OC_SYSTEM,
                                         NULL,
                                         1,
                                         { { "power_plugged", OC_U64,
                                             OSTAT_SENSORS_BATTERY_POWER_PLUGGED,
                                             0 } },
                                         fill_battery },
    [OC_FAM_DISK_IO_OPS] = { OC_FAM_DISK_IO_OPS, "disk_io_ops", "disk",
                             "ostat_disk_io_counters", "count", OC_COUNTER,
                             OC_SYSTEM, NULL, DISK_IO_OPS_FIELDS,
                             fill_disk_io },
    [OC_FAM_DISK_IO_BYTES] = { OC_FAM_DISK_IO_BYTES, "disk_io_bytes", "disk",
                               "ostat_disk_io_counters", "bytes", OC_COUNTER,
                               OC_SYSTEM, NULL, DISK_IO_BYTES_FIELDS,
                               fill_disk_io },
    [OC_FAM_DISK_IO_TIME] = { OC_FAM_DISK_IO_TIME, "disk_io_time", "disk",
                              "ostat_disk_io_counters", "milliseconds",
                              OC_COUNTER, OC_SYSTEM, NULL, DISK_IO_TIME_FIELDS,
                              fill_disk_io },
    [OC_FAM_DISK_IO_IN_FLIGHT] = { OC_FAM_DISK_IO_IN_FLIGHT,
                                   "disk_io_in_flight", "disk",
                                   "ostat_disk_io_counters", "count", OC_GAUGE,
                                   OC_SYSTEM, NULL, DISK_IO_IN_FLIGHT_FIELDS,
                                   fill_disk_io },
    [OC_FAM_DISK_IO_OPS_PERDISK] = { OC_FAM_DISK_IO_OPS_PERDISK,
                                     "disk_io_ops_perdisk", "disk",
                                     "ostat_disk_io_counters_perdisk", "count",
                                     OC_COUNTER, OC_SYSTEM, "disk",
                                     DISK_IO_OPS_FIELDS, fill_disk_io },
    [OC_FAM_DISK_IO_BYTES_PERDISK] = { OC_FAM_DISK_IO_BYTES_PERDISK,
                                       "disk_io_bytes_perdisk", "disk",
                                       "ostat_disk_io_counters_perdisk",
                                       "bytes", OC_COUNTER, OC_SYSTEM, "disk",
                                       DISK_IO_BYTES_FIELDS, fill_disk_io },
    [OC_FAM_DISK_IO_TIME_PERDISK] = { OC_FAM_DISK_IO_TIME_PERDISK,
                                      "disk_io_time_perdisk", "disk",
                                      "ostat_disk_io_counters_perdisk",
                                      "milliseconds", OC_COUNTER, OC_SYSTEM,
                                      "disk", DISK_IO_TIME_FIELDS,
                                      fill_disk_io },
    [OC_FAM_DISK_IO_IN_FLIGHT_PERDISK] = { OC_FAM_DISK_IO_IN_FLIGHT_PERDISK,
                                           "disk_io_in_flight_perdisk", "disk",
                                           "ostat_disk_io_counters_perdisk",
                                           "count", OC_GAUGE, OC_SYSTEM, "disk",
                                           DISK_IO_IN_FLIGHT_FIELDS,
                                           fill_disk_io },
    [OC_FAM_DISK_USAGE] = { OC_FAM_DISK_USAGE,
                            "disk_usage",
                            "disk_usage",
                            "ostat_disk_partitions, ostat_disk_usage",
                            "bytes",
                            OC_GAUGE,
                            OC_SYSTEM,
                            "mountpoint",
                            3,
                            { FU(ostat_disk_usage,
                                 total,
                                 OSTAT_DISK_USAGE_TOTAL),
                              FU(ostat_disk_usage, used, OSTAT_DISK_USAGE_USED),
                              FU(ostat_disk_usage,
                                 free,
                                 OSTAT_DISK_USAGE_FREE) },
                            fill_disk_usage },
    [OC_FAM_DISK_USAGE_PERCENT] = { OC_FAM_DISK_USAGE_PERCENT,
                                    "disk_usage_percent",
                                    "disk_usage",
                                    "ostat_disk_partitions, ostat_disk_usage",
                                    "percent",
                                    OC_GAUGE,
                                    OC_SYSTEM,
                                    "mountpoint",
                                    1,
                                    { FF(ostat_disk_usage,
                                         percent,
                                         OSTAT_DISK_USAGE_PERCENT) },
                                    fill_disk_usage },
    [OC_FAM_NET_IO_BYTES_PERNIC] = { OC_FAM_NET_IO_BYTES_PERNIC,
                                     "net_io_bytes_pernic",
                                     "net",
                                     "ostat_net_io_counters_pernic",
                                     "bytes",
                                     OC_COUNTER,
                                     OC_SYSTEM,
                                     "nic",
                                     2,
                                     { FU(ostat_net_io_counters,
                                          bytes_sent,
                                          OSTAT_NET_IO_COUNTERS_BYTES_SENT),
                                       FU(ostat_net_io_counters,
                                          bytes_recv,
                                          OSTAT_NET_IO_COUNTERS_BYTES_RECV) },
                                     fill_net_io },
    [OC_FAM_NET_IO_PACKETS_PERNIC] = { OC_FAM_NET_IO_PACKETS_PERNIC,
                                       "net_io_packets_pernic",
                                       "net",
                                       "ostat_net_io_counters_pernic",
                                       "count",
                                       OC_COUNTER,
                                       OC_SYSTEM,
                                       "nic",
                                       14,
                                       { FU(ostat_net_io_counters,
                                            packets_sent,
                                            OSTAT_NET_IO_COUNTERS_PACKETS_SENT),
                                         FU(ostat_net_io_counters,
                                            packets_recv,
                                            OSTAT_NET_IO_COUNTERS_PACKETS_RECV),
                                         FU(ostat_net_io_counters,
                                            errin,
                                            OSTAT_NET_IO_COUNTERS_ERRIN),
                                         FU(ostat_net_io_counters,
                                            errout,
                                            OSTAT_NET_IO_COUNTERS_ERROUT),
                                         FU(ostat_net_io_counters,
                                            dropin,
                                            OSTAT_NET_IO_COUNTERS_DROPIN),
                                         FU(ostat_net_io_counters,
                                            dropout,
                                            OSTAT_NET_IO_COUNTERS_DROPOUT),
                                         FU(ostat_net_io_counters,
                                            multicast,
                                            OSTAT_NET_IO_COUNTERS_MULTICAST),
                                         FU(ostat_net_io_counters,
                                            collisions,
                                            OSTAT_NET_IO_COUNTERS_COLLISIONS),
                                         FU(ostat_net_io_counters,
                                            fifoin,
                                            OSTAT_NET_IO_COUNTERS_FIFOIN),
                                         FU(ostat_net_io_counters,
                                            fifoout,
                                            OSTAT_NET_IO_COUNTERS_FIFOOUT),
                                         FU(ostat_net_io_counters,
                                            frame,
                                            OSTAT_NET_IO_COUNTERS_FRAME),
                                         FU(ostat_net_io_counters,
                                            carrier,
                                            OSTAT_NET_IO_COUNTERS_CARRIER),
                                         FU(ostat_net_io_counters,
                                            compressedin,
                                            OSTAT_NET_IO_COUNTERS_COMPRESSEDIN),
                                         FU(ostat_net_io_counters,
                                            compressedout,
                                            OSTAT_NET_IO_COUNTERS_COMPRESSEDOUT) },
                                       fill_net_io },
    [OC_FAM_PROC_COUNT] = { OC_FAM_PROC_COUNT,
                            "proc_count",
                            "processes",
                            "ostat_proc_iter_next, ostat_proc_num_threads",
                            "count",
                            OC_GAUGE,
                            OC_GROUP,
                            "group",
                            2,
                            { SU("processes", OC_S_COUNT),
                              SU("threads", OC_S_THREADS) },
                            oc__fill_group },
    [OC_FAM_PROC_CPU_TIMES] = { OC_FAM_PROC_CPU_TIMES,
                                "proc_cpu_times",
                                "processes",
                                "ostat_proc_cpu_times",
                                "seconds",
                                OC_COUNTER,
                                OC_GROUP,
                                "group",
                                2,
                                { SF("user", OC_S_CPU_USER),
                                  SF("system", OC_S_CPU_SYSTEM) },
                                oc__fill_group },
    [OC_FAM_PROC_CPU_PERCENT] = { OC_FAM_PROC_CPU_PERCENT,
                                  "proc_cpu_percent",
                                  "processes",
                                  "ostat_proc_cpu_times",
                                  "percent",
                                  OC_GAUGE,
                                  OC_GROUP,
                                  "group",
                                  1,
                                  { SF("cpu_percent", OC_S_COUNT) },
                                  oc__fill_group },
    [OC_FAM_PROC_MEMORY_INFO] = { OC_FAM_PROC_MEMORY_INFO,
                                  "proc_memory_info",
                                  "processes",
                                  "ostat_proc_memory_info",
                                  "bytes",
                                  OC_GAUGE,
                                  OC_GROUP,
                                  "group",
                                  2,
                                  { SU("rss", OC_S_RSS), SU("vms", OC_S_VMS) },
                                  oc__fill_group },
    [OC_FAM_PROC_MEMORY_INFO_EX] = { OC_FAM_PROC_MEMORY_INFO_EX,
                                     "proc_memory_info_ex",
                                     "processes",
                                     "ostat_proc_memory_info",
                                     "bytes",
                                     OC_GAUGE,
                                     OC_GROUP,
                                     "group",
                                     4,
                                     { SU("shared", OC_S_SHARED),
                                       SU("text", OC_S_TEXT),
                                       SU("data", OC_S_DATA),
                                       SU("swap", OC_S_SWAP) },
                                     oc__fill_group },
    [OC_FAM_PROC_MEMORY_FOOTPRINT] = { OC_FAM_PROC_MEMORY_FOOTPRINT,
                                       "proc_memory_footprint",
                                       "processes",
                                       "ostat_proc_memory_footprint",
                                       "bytes",
                                       OC_GAUGE,
                                       OC_GROUP,
                                       "group",
                                       3,
                                       { SU("uss", OC_S_USS),
                                         SU("pss", OC_S_PSS),
                                         SU("swap", OC_S_FP_SWAP) },
                                       oc__fill_group },
    [OC_FAM_PROC_PAGE_FAULTS] = { OC_FAM_PROC_PAGE_FAULTS,
                                  "proc_page_faults",
                                  "processes",
                                  "ostat_proc_page_faults",
                                  "count",
                                  OC_COUNTER,
                                  OC_GROUP,
                                  "group",
                                  2,
                                  { SU("minor", OC_S_MINFLT),
                                    SU("major", OC_S_MAJFLT) },
                                  oc__fill_group },
    [OC_FAM_PROC_IO_OPS] = { OC_FAM_PROC_IO_OPS,
                             "proc_io_ops",
                             "processes",
                             "ostat_proc_io_counters",
                             "count",
                             OC_COUNTER,
                             OC_GROUP,
                             "group",
                             2,
                             { SU("read_count", OC_S_READ_COUNT),
                               SU("write_count", OC_S_WRITE_COUNT) },
                             oc__fill_group },
    [OC_FAM_PROC_IO_BYTES] = { OC_FAM_PROC_IO_BYTES,
                               "proc_io_bytes",
                               "processes",
                               "ostat_proc_io_counters",
                               "bytes",
                               OC_COUNTER,
                               OC_GROUP,
                               "group",
                               4,
                               { SU("read_bytes", OC_S_READ_BYTES),
                                 SU("write_bytes", OC_S_WRITE_BYTES),
                                 SU("read_chars", OC_S_READ_CHARS),
                                 SU("write_chars", OC_S_WRITE_CHARS) },
                               oc__fill_group },
    [OC_FAM_PROC_NUM_FDS] = { OC_FAM_PROC_NUM_FDS,
                              "proc_num_fds",
                              "processes",
                              "ostat_proc_num_fds",
                              "count",
                              OC_GAUGE,
                              OC_GROUP,
                              "group",
                              1,
                              { SU("num_fds", OC_S_FDS) },
                              oc__fill_group },
    [OC_FAM_PROC_CTX_SWITCHES] = { OC_FAM_PROC_CTX_SWITCHES,
                                   "proc_ctx_switches",
                                   "processes",
                                   "ostat_proc_num_ctx_switches",
                                   "count",
                                   OC_COUNTER,
                                   OC_GROUP,
                                   "group",
                                   2,
                                   { SU("voluntary", OC_S_VOLUNTARY),
                                     SU("involuntary", OC_S_INVOLUNTARY) },
                                   oc__fill_group },
    [OC_FAM_PROC_MEMORY_MAPS] = { OC_FAM_PROC_MEMORY_MAPS,
                                  "proc_memory_maps",
                                  "processes",
                                  "ostat_proc_memory_maps",
                                  "count",
                                  OC_GAUGE,
                                  OC_GROUP,
                                  "group",
                                  1,
                                  { SU("maps", OC_S_MAPS) },
                                  oc__fill_group },
    [OC_FAM_PROC_CGROUP_MEMORY] = { OC_FAM_PROC_CGROUP_MEMORY,
                                    "proc_cgroup_memory",
                                    "processes",
                                    "ostat_cgroup_stats",
                                    "bytes",
                                    OC_GAUGE,
                                    OC_GROUP,
                                    "group",
                                    7,
                                    { FU(ostat_cgroup,
                                         memory_current,
                                         OSTAT_CGROUP_MEMORY_CURRENT),
                                      FU(ostat_cgroup,
                                         memory_max,
                                         OSTAT_CGROUP_MEMORY_MAX),
                                      FU(ostat_cgroup,
                                         memory_anon,
                                         OSTAT_CGROUP_MEMORY_ANON),
                                      FU(ostat_cgroup,
                                         memory_file,
                                         OSTAT_CGROUP_MEMORY_FILE),
                                      FU(ostat_cgroup,
                                         memory_kernel,
                                         OSTAT_CGROUP_MEMORY_KERNEL),
                                      FU(ostat_cgroup,
                                         memory_shmem,
                                         OSTAT_CGROUP_MEMORY_SHMEM),
                                      FU(ostat_cgroup,
                                         swap_current,
                                         OSTAT_CGROUP_SWAP_CURRENT) },
                                    oc__fill_group },
    [OC_FAM_PROC_CGROUP_CPU] = { OC_FAM_PROC_CGROUP_CPU,
                                 "proc_cgroup_cpu",
                                 "processes",
                                 "ostat_cgroup_stats",
                                 "microseconds",
                                 OC_COUNTER,
                                 OC_GROUP,
                                 "group",
                                 4,
                                 { FU(ostat_cgroup,
                                      cpu_usage,
                                      OSTAT_CGROUP_CPU_USAGE),
                                   FU(ostat_cgroup,
                                      cpu_user,
                                      OSTAT_CGROUP_CPU_USER),
                                   FU(ostat_cgroup,
                                      cpu_system,
                                      OSTAT_CGROUP_CPU_SYSTEM),
                                   FU(ostat_cgroup,
                                      cpu_throttled,
                                      OSTAT_CGROUP_CPU_THROTTLED) },
                                 oc__fill_group },
    [OC_FAM_PROC_CGROUP_CPU_PERIODS] = { OC_FAM_PROC_CGROUP_CPU_PERIODS,
                                         "proc_cgroup_cpu_periods",
                                         "processes",
                                         "ostat_cgroup_stats",
                                         "count",
                                         OC_COUNTER,
                                         OC_GROUP,
                                         "group",
                                         2,
                                         { FU(ostat_cgroup,
                                              cpu_nr_periods,
                                              OSTAT_CGROUP_CPU_NR_PERIODS),
                                           FU(ostat_cgroup,
                                              cpu_nr_throttled,
                                              OSTAT_CGROUP_CPU_NR_THROTTLED) },
                                         oc__fill_group },
    [OC_FAM_PROC_CGROUP_PIDS] = { OC_FAM_PROC_CGROUP_PIDS,
                                  "proc_cgroup_pids",
                                  "processes",
                                  "ostat_cgroup_stats",
                                  "count",
                                  OC_GAUGE,
                                  OC_GROUP,
                                  "group",
                                  2,
                                  { FU(ostat_cgroup,
                                       pids_current,
                                       OSTAT_CGROUP_PIDS_CURRENT),
                                    FU(ostat_cgroup,
                                       pids_max,
                                       OSTAT_CGROUP_PIDS_MAX) },
                                  oc__fill_group },
};

const struct oc_family *oc_family_by_name(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < OC_FAM_COUNT; i++) {
        if (strcmp(oc_catalog[i].name, name) == 0) {
            return &oc_catalog[i];
        }
    }
    return NULL;
}

int oc_field_index(const struct oc_family *f, const char *name)
{
    size_t i;

    for (i = 0; f != NULL && name != NULL && i < f->nfields; i++) {
        if (strcmp(f->fields[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* ---- the sampler -------------------------------------------------------- */

int oc_sampler_new(const struct oc_options *opts, struct oc_sampler **out)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    struct oc_sampler *s;
    int rc;

    if (out == NULL) {
        return OSTAT_EINVAL;
    }
    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        return OSTAT_ENOMEM;
    }
    if (opts != NULL) {
        o.procfs_root = opts->procfs_root;
        o.sysfs_root = opts->sysfs_root;
        o.host_prefix = opts->host_prefix;
    }
    if (opts != NULL && opts->host_prefix != NULL &&
        opts->host_prefix[0] != '\0' &&
        (s->host_prefix = strdup(opts->host_prefix)) == NULL) {
        free(s);
        return OSTAT_ENOMEM;
    }
    if ((rc = ostat_ctx_new(&o, &s->ctx)) != 0) {
        free(s->host_prefix);
        free(s);
        return rc;
    }
    s->include_children = 1;
    *out = s;
    return 0;
}

void oc_sampler_free(struct oc_sampler *s)
{
    int i;

    if (s == NULL) {
        return;
    }
    oc__groups_free(s);
    for (i = 0; i < OC_FILTER_COUNT; i++) {
        oc_filter_clear(&s->filters[i]);
    }
    ostat_ctx_free(s->ctx);
    free(s->host_prefix);
    free(s);
}

void oc_sampler_set_log(struct oc_sampler *s, oc_log_fn fn, void *payload)
{
    s->log = fn;
    s->log_payload = payload;
}

void oc_sampler_enable(struct oc_sampler *s, uint64_t mask, int on)
{
    if (on) {
        s->enabled |= mask;
    } else {
        s->enabled &= ~mask;
    }
}

uint64_t oc_sampler_enabled(const struct oc_sampler *s)
{
    return s->enabled;
}

void oc_sampler_include_children(struct oc_sampler *s, int on)
{
    s->include_children = on != 0;
}

ostat_ctx *oc_sampler_ctx(struct oc_sampler *s)
{
    return s->ctx;
}

struct oc_filter *oc_sampler_filter(struct oc_sampler *s, int which)
{
    if (which < 0 || which >= OC_FILTER_COUNT) {
        return NULL;
    }
    return &s->filters[which];
}

void oc__log(struct oc_sampler *s, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (s->log == NULL) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    s->log(s->log_payload, msg);
}

int oc__emit(struct oc_sampler *s,
             oc_emit_fn emit,
             void *payload,
             const struct oc_record *rec)
{
    if (s->emit_rc == 0) {
        s->emit_rc = emit(payload, rec);
    }
    return s->emit_rc;
}

/* Copy the fields of @p f out of @p src (a struct with @p valid) into a
 * record and hand it over. */
static int emit_struct(struct oc_sampler *s,
                       const struct oc_family *f,
                       const char *instance,
                       const char *label,
                       const void *src,
                       uint64_t valid,
                       oc_emit_fn emit,
                       void *payload)
{
    struct oc_record rec;
    size_t i;

    memset(&rec, 0, sizeof(rec));
    rec.family = f;
    rec.instance = instance;
    rec.label = label;
    rec.group = -1;
    for (i = 0; i < f->nfields; i++) {
        const struct oc_field *fd = &f->fields[i];
        const char *p = (const char *)src + fd->offset;

        if (fd->valid != 0 && !(valid & fd->valid)) {
            continue;
        }
        if (fd->type == OC_F64) {
            memcpy(&rec.v[i].f, p, sizeof(double));
        } else {
            memcpy(&rec.v[i].u, p, sizeof(uint64_t));
        }
        rec.valid |= OSTAT_BIT(i);
    }
    if (rec.valid == 0) {
        return 0; /* nothing the system provided: nothing to send */
    }
    return oc__emit(s, emit, payload, &rec);
}

/* A fill function that serves several families makes its call once per
 * collection, for the first of them that is on: take_set() gives the
 * families of @p set to hand out (those that are on) and marks the whole
 * set done for this collection. */
static uint64_t take_set(struct oc_sampler *s, uint64_t set)
{
    uint64_t want = set & s->enabled & ~s->filled;

    s->filled |= set;
    return want;
}

/* Hand out one instance's record of each family of @p want, in catalog
 * order, from one struct. */
static int emit_set(struct oc_sampler *s,
                    uint64_t want,
                    const char *instance,
                    const char *label,
                    const void *src,
                    uint64_t valid,
                    oc_emit_fn emit,
                    void *payload)
{
    int id, rc = 0;

    for (id = 0; id < OC_FAM_COUNT && rc == 0; id++) {
        if (want & OC_FAM_BIT(id)) {
            rc = emit_struct(s, &oc_catalog[id], instance, label, src, valid,
                             emit, payload);
        }
    }
    return rc;
}

static int fill_cpu_times(struct oc_sampler *s,
                          const struct oc_family *f,
                          oc_emit_fn emit,
                          void *payload)
{
    struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
    int rc;

    if (f->id == OC_FAM_CPU_TIMES_PERCENT) {
        rc = ostat_cpu_times_percent(s->ctx, 0.0, &t);
        if (rc == 0 && !s->primed_percent) {
            /* The first call only sets the baseline. */
            s->primed_percent = 1;
            return 0;
        }
    } else {
        rc = ostat_cpu_times(s->ctx, &t);
    }
    if (rc != 0) {
        return rc;
    }
    return emit_struct(s, f, "", NULL, &t, t.valid, emit, payload);
}

static int fill_cpu_times_percpu(struct oc_sampler *s,
                                 const struct oc_family *f,
                                 oc_emit_fn emit,
                                 void *payload)
{
    ostat_list *list = NULL;
    size_t i, n;
    int rc;

    if (f->id == OC_FAM_CPU_TIMES_PERCENT_PERCPU) {
        rc = ostat_cpu_times_percent_percpu(s->ctx, 0.0, &list);
        if (rc == 0 && !s->primed_percent_percpu) {
            s->primed_percent_percpu = 1;
            ostat_list_free(list);
            return 0;
        }
    } else {
        rc = ostat_cpu_times_percpu(s->ctx, &list);
    }
    if (rc != 0) {
        return rc;
    }
    n = ostat_list_count(list);
    for (i = 0; i < n && rc == 0; i++) {
        struct ostat_cpu_times t = OSTAT_CPU_TIMES_INIT;
        char inst[24];

        if ((rc = ostat_list_cpu_times(list, i, &t)) != 0) {
            break;
        }
        /* The CPU's own number: with CPUs offline it is not the index. */
        snprintf(inst, sizeof(inst), "%ld",
                 (t.valid & OSTAT_CPU_TIMES_CPU) ? (long)t.cpu : (long)i);
        rc = emit_struct(s, f, inst, NULL, &t, t.valid, emit, payload);
    }
    ostat_list_free(list);
    return rc;
}

/* The fill function of a family that one call fills: one struct, no
 * instance. */
#define FILL_ONE(name, type, init, call)                                       \
    static int name(struct oc_sampler *s, const struct oc_family *f,           \
                    oc_emit_fn emit, void *payload)                            \
    {                                                                          \
        type st = init;                                                        \
        int rc = call(s->ctx, &st);                                            \
                                                                               \
        return rc != 0 ? rc                                                    \
                       : emit_struct(s, f, "", NULL, &st, st.valid, emit,      \
                                     payload);                                 \
    }

FILL_ONE(fill_cpu_stats,
         struct ostat_cpu_stats,
         OSTAT_CPU_STATS_INIT,
         ostat_cpu_stats)
FILL_ONE(fill_virtual_memory,
         struct ostat_virtual_memory,
         OSTAT_VIRTUAL_MEMORY_INIT,
         ostat_virtual_memory)
FILL_ONE(fill_swap_memory,
         struct ostat_swap_memory,
         OSTAT_SWAP_MEMORY_INIT,
         ostat_swap_memory)
FILL_ONE(fill_loadavg,
         struct ostat_loadavg,
         OSTAT_LOADAVG_INIT,
         ostat_getloadavg)

/* The families of one ostat_pressure call: the averages and the
 * totals. */
#define PRESSURE_SET                                                           \
    (OC_FAM_BIT(OC_FAM_PRESSURE) | OC_FAM_BIT(OC_FAM_PRESSURE_STALL))

static int fill_pressure(struct oc_sampler *s,
                         const struct oc_family *f,
                         oc_emit_fn emit,
                         void *payload)
{
    static const struct {
        int32_t id;
        const char *name;
    } res[] = {
        { OSTAT_PRESSURE_CPU, "cpu" },
        { OSTAT_PRESSURE_MEMORY, "memory" },
        { OSTAT_PRESSURE_IO, "io" },
        { OSTAT_PRESSURE_IRQ, "irq" },
    };
    uint64_t want = take_set(s, PRESSURE_SET);
    size_t i;
    int rc = 0, any = 0, first_err = 0;

    (void)f;
    for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
        struct ostat_pressure p = OSTAT_PRESSURE_INIT;

        rc = ostat_pressure(s->ctx, res[i].id, &p);
        if (rc == OSTAT_ENOTSUP) {
            continue; /* this kernel has no such resource */
        }
        if (rc != 0) {
            if (first_err == 0) {
                first_err = rc;
            }
            continue;
        }
        any = 1;
        if ((rc = emit_set(s, want, res[i].name, NULL, &p, p.valid, emit,
                           payload)) != 0) {
            return rc;
        }
    }
    /* No resource at all: a kernel without PSI, which is not an error. */
    return any || first_err == 0 ? 0 : first_err;
}

static int fill_uptime(struct oc_sampler *s,
                       const struct oc_family *f,
                       oc_emit_fn emit,
                       void *payload)
{
    union oc_value v;
    int rc = ostat_uptime(s->ctx, &v.f);

    /* One field, at offset 0, valid as soon as the call succeeds. */
    return rc != 0 ? rc : emit_struct(s, f, "", NULL, &v, 0, emit, payload);
}

static int fill_users(struct oc_sampler *s,
                      const struct oc_family *f,
                      oc_emit_fn emit,
                      void *payload)
{
    ostat_list *list = NULL;
    union oc_value v;
    int rc = ostat_users(s->ctx, &list);

    if (rc != 0) {
        return rc;
    }
    v.u = ostat_list_count(list);
    ostat_list_free(list);
    return emit_struct(s, f, "", NULL, &v, 0, emit, payload);
}

/* Sensors: the instance is the chip, the label the sensor's own, or
 * "temp<k>"/"fan<k>" (the k-th of its chip) when it has none. The same
 * chip and label can come twice (two sockets' "coretemp", each with a
 * "Core 0"): a repeat gets " #<n>" after its label, so that every record
 * has a name of its own. */
struct seen_names {
    char **names;
    size_t n, cap;
};

static int seen_add(struct seen_names *sn, const char *name)
{
    size_t i;
    int count = 1;
    char *copy;

    for (i = 0; i < sn->n; i++) {
        if (strcmp(sn->names[i], name) == 0) {
            count++;
        }
    }
    if (sn->n == sn->cap) {
        size_t cap = sn->cap ? sn->cap * 2 : 16;
        char **p = realloc(sn->names, cap * sizeof(*p));

        if (p == NULL) {
            return -1;
        }
        sn->names = p;
        sn->cap = cap;
    }
    if ((copy = strdup(name)) == NULL) {
        return -1;
    }
    sn->names[sn->n++] = copy;
    return count;
}

static void seen_free(struct seen_names *sn)
{
    size_t i;

    for (i = 0; i < sn->n; i++) {
        free(sn->names[i]);
    }
    free(sn->names);
}

/* Build "chip/label" for the filter and a unique label for the record.
 * @return 0, 1 when the filter leaves the sensor out, or -1 out of
 * memory. */
static int sensor_names(struct oc_sampler *s,
                        struct seen_names *chips,
                        struct seen_names *labels,
                        const char *chip,
                        const char *label,
                        const char *kind,
                        char *out,
                        size_t outlen)
{
    char key[512];
    int k, dup;

    if ((k = seen_add(chips, chip)) < 0) {
        return -1;
    }
    if (label == NULL || label[0] == '\0') {
        snprintf(out, outlen, "%s%d", kind, k);
    } else {
        snprintf(out, outlen, "%s", label);
    }
    snprintf(key, sizeof(key), "%s/%s", chip, out);
    if (!oc_filter_pass(&s->filters[OC_FILTER_SENSORS], key)) {
        return 1;
    }
    if ((dup = seen_add(labels, key)) < 0) {
        return -1;
    }
    if (dup > 1) {
        size_t n = strlen(out);

        snprintf(out + n, outlen - n, " #%d", dup);
    }
    return 0;
}

/* One sensor of a list: its struct (in @c buf) and valid bits, its chip
 * (NULL when it has none) and its label (NULL when it has none). */
union sensor_buf {
    struct ostat_sensors_temperature t;
    struct ostat_sensors_fan fan;
};

struct sensor {
    const void *src;
    uint64_t valid;
    const char *chip;
    const char *label;
};

typedef int (*sensor_get_fn)(ostat_list *list,
                             size_t i,
                             union sensor_buf *buf,
                             struct sensor *out);

static int get_temperature(ostat_list *list,
                           size_t i,
                           union sensor_buf *buf,
                           struct sensor *out)
{
    struct ostat_sensors_temperature t = OSTAT_SENSORS_TEMPERATURE_INIT;
    int rc = ostat_list_sensors_temperature(list, i, &t);

    buf->t = t;
    out->src = &buf->t;
    out->valid = t.valid;
    out->chip = (t.valid & OSTAT_SENSORS_TEMPERATURE_CHIP) ? t.chip : NULL;
    out->label = (t.valid & OSTAT_SENSORS_TEMPERATURE_LABEL) ? t.label : NULL;
    return rc;
}

static int
get_fan(ostat_list *list, size_t i, union sensor_buf *buf, struct sensor *out)
{
    struct ostat_sensors_fan fan = OSTAT_SENSORS_FAN_INIT;
    int rc = ostat_list_sensors_fan(list, i, &fan);

    buf->fan = fan;
    out->src = &buf->fan;
    out->valid = fan.valid;
    out->chip = (fan.valid & OSTAT_SENSORS_FAN_CHIP) ? fan.chip : NULL;
    out->label = (fan.valid & OSTAT_SENSORS_FAN_LABEL) ? fan.label : NULL;
    return rc;
}

/* Hand out a record of every sensor of @p list that has a chip and passes
 * the filter, named as sensor_names() says; then free @p list. */
static int fill_sensors(struct oc_sampler *s,
                        const struct oc_family *f,
                        ostat_list *list,
                        const char *kind,
                        sensor_get_fn get,
                        oc_emit_fn emit,
                        void *payload)
{
    struct seen_names chips = { NULL, 0, 0 }, labels = { NULL, 0, 0 };
    size_t i, n = ostat_list_count(list);
    int rc = 0;

    for (i = 0; i < n && rc == 0; i++) {
        union sensor_buf buf;
        struct sensor sn;
        char label[256];
        int r;

        if ((rc = get(list, i, &buf, &sn)) != 0) {
            break;
        }
        if (sn.chip == NULL) {
            continue;
        }
        r = sensor_names(s, &chips, &labels, sn.chip, sn.label, kind, label,
                         sizeof(label));
        if (r < 0) {
            rc = OSTAT_ENOMEM;
        } else if (r == 0) {
            rc = emit_struct(s, f, sn.chip, label, sn.src, sn.valid, emit,
                             payload);
        }
    }
    seen_free(&chips);
    seen_free(&labels);
    ostat_list_free(list);
    return rc;
}

static int fill_temperatures(struct oc_sampler *s,
                             const struct oc_family *f,
                             oc_emit_fn emit,
                             void *payload)
{
    ostat_list *list = NULL;
    int rc = ostat_sensors_temperatures(s->ctx, &list);

    return rc != 0 ? rc
                   : fill_sensors(s, f, list, "temp", get_temperature, emit,
                                  payload);
}

static int fill_fans(struct oc_sampler *s,
                     const struct oc_family *f,
                     oc_emit_fn emit,
                     void *payload)
{
    ostat_list *list = NULL;
    int rc = ostat_sensors_fans(s->ctx, &list);

    return rc != 0 ? rc
                   : fill_sensors(s, f, list, "fan", get_fan, emit, payload);
}

/* The families of one ostat_sensors_battery call: the charge, the time
 * left and whether it is plugged in. */
#define BATTERY_SET                                                            \
    (OC_FAM_BIT(OC_FAM_SENSORS_BATTERY) |                                      \
     OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_SECSLEFT) |                             \
     OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_PLUGGED))

static int fill_battery(struct oc_sampler *s,
                        const struct oc_family *f,
                        oc_emit_fn emit,
                        void *payload)
{
    uint64_t want = take_set(s, BATTERY_SET);
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;
    uint64_t valid;
    union oc_value v;
    int rc = ostat_sensors_battery(s->ctx, &b);

    (void)f;
    if (rc != 0) {
        return rc;
    }
    if ((want & OC_FAM_BIT(OC_FAM_SENSORS_BATTERY)) &&
        (rc = emit_struct(s, &oc_catalog[OC_FAM_SENSORS_BATTERY], "", NULL, &b,
                          b.valid, emit, payload)) != 0) {
        return rc;
    }
    /* OSTAT_POWER_TIME_UNKNOWN and _UNLIMITED are not durations. */
    valid = b.valid;
    if (b.secsleft < 0) {
        valid &= ~OSTAT_SENSORS_BATTERY_SECSLEFT;
    }
    if ((want & OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_SECSLEFT)) &&
        (rc = emit_struct(s, &oc_catalog[OC_FAM_SENSORS_BATTERY_SECSLEFT], "",
                          NULL, &b, valid, emit, payload)) != 0) {
        return rc;
    }
    /* An int32_t in the struct: widened into the record's type. */
    if (want & OC_FAM_BIT(OC_FAM_SENSORS_BATTERY_PLUGGED)) {
        v.u = b.power_plugged != 0;
        rc = emit_struct(s, &oc_catalog[OC_FAM_SENSORS_BATTERY_PLUGGED], "",
                         NULL, &v, b.valid, emit, payload);
    }
    return rc;
}

/* The families of the disks' I/O: of the total, and of each disk. */
#define DISK_IO_TOTAL_SET                                                      \
    (OC_FAM_BIT(OC_FAM_DISK_IO_OPS) | OC_FAM_BIT(OC_FAM_DISK_IO_BYTES) |       \
     OC_FAM_BIT(OC_FAM_DISK_IO_TIME) | OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT))
#define DISK_IO_PERDISK_SET                                                    \
    (OC_FAM_BIT(OC_FAM_DISK_IO_OPS_PERDISK) |                                  \
     OC_FAM_BIT(OC_FAM_DISK_IO_BYTES_PERDISK) |                                \
     OC_FAM_BIT(OC_FAM_DISK_IO_TIME_PERDISK) |                                 \
     OC_FAM_BIT(OC_FAM_DISK_IO_IN_FLIGHT_PERDISK))
#define DISK_USAGE_SET                                                         \
    (OC_FAM_BIT(OC_FAM_DISK_USAGE) | OC_FAM_BIT(OC_FAM_DISK_USAGE_PERCENT))
#define NET_IO_PERNIC_SET                                                      \
    (OC_FAM_BIT(OC_FAM_NET_IO_BYTES_PERNIC) |                                  \
     OC_FAM_BIT(OC_FAM_NET_IO_PACKETS_PERNIC))

/* Disks: the total of the whole disks (ostat_disk_io_counters), or every
 * device the kernel lists, partitions too, that passes OC_FILTER_DISKS. */
static int fill_disk_io(struct oc_sampler *s,
                        const struct oc_family *f,
                        oc_emit_fn emit,
                        void *payload)
{
    uint64_t want = take_set(s, f->instance == NULL ? DISK_IO_TOTAL_SET
                                                    : DISK_IO_PERDISK_SET);
    ostat_list *list = NULL;
    size_t i, n;
    int rc;

    if (f->instance == NULL) {
        struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT;

        if ((rc = ostat_disk_io_counters(s->ctx, 0, &c)) != 0) {
            return rc;
        }
        return emit_set(s, want, "", NULL, &c, c.valid, emit, payload);
    }
    if ((rc = ostat_disk_io_counters_perdisk(s->ctx, 0, &list)) != 0) {
        return rc;
    }
    n = ostat_list_count(list);
    for (i = 0; i < n && rc == 0; i++) {
        struct ostat_disk_io_counters c = OSTAT_DISK_IO_COUNTERS_INIT;

        if ((rc = ostat_list_disk_io_counters(list, i, &c)) != 0) {
            break;
        }
        if (!(c.valid & OSTAT_DISK_IO_COUNTERS_NAME) ||
            !oc_filter_pass(&s->filters[OC_FILTER_DISKS], c.name)) {
            continue;
        }
        rc = emit_set(s, want, c.name, NULL, &c, c.valid, emit, payload);
    }
    ostat_list_free(list);
    return rc;
}

/* Disk usage: every mount, as collectd's df plugin, but those whose
 * filesystem has no blocks (proc, sysfs, cgroup: nothing to use up). A
 * mount point listed again (mounted over) is left out: its usage is that of
 * the top mount, which was handed out under its first listing. A mount
 * point that cannot be read (gone since, or refused) is left out too. */
static int fill_disk_usage(struct oc_sampler *s,
                           const struct oc_family *f,
                           oc_emit_fn emit,
                           void *payload)
{
    struct seen_names seen = { NULL, 0, 0 };
    uint64_t want = take_set(s, DISK_USAGE_SET);
    ostat_list *list = NULL;
    char *path = NULL;
    size_t i, n, cap = 0;
    int rc = ostat_disk_partitions(s->ctx, 1, &list);

    (void)f;
    if (rc != 0) {
        return rc;
    }
    n = ostat_list_count(list);
    for (i = 0; i < n && rc == 0; i++) {
        struct ostat_disk_partition p = OSTAT_DISK_PARTITION_INIT;
        struct ostat_disk_usage u = OSTAT_DISK_USAGE_INIT;
        const char *dev, *fstype, *where;
        int k;

        if ((rc = ostat_list_disk_partition(list, i, &p)) != 0) {
            break;
        }
        if (!(p.valid & OSTAT_DISK_PARTITION_MOUNTPOINT)) {
            continue;
        }
        if ((k = seen_add(&seen, p.mountpoint)) < 0) {
            rc = OSTAT_ENOMEM;
            break;
        }
        dev = (p.valid & OSTAT_DISK_PARTITION_DEVICE) ? p.device : "";
        fstype = (p.valid & OSTAT_DISK_PARTITION_FSTYPE) ? p.fstype : "";
        if (k > 1 || !oc_filter_pass(&s->filters[OC_FILTER_DF_DEVICES], dev) ||
            !oc_filter_pass(&s->filters[OC_FILTER_DF_MOUNTS], p.mountpoint) ||
            !oc_filter_pass(&s->filters[OC_FILTER_DF_FSTYPES], fstype)) {
            continue;
        }
        where = p.mountpoint;
        if (s->host_prefix != NULL) {
            size_t need = strlen(s->host_prefix) + strlen(p.mountpoint) + 1;

            if (need > cap) {
                char *np = realloc(path, need);

                if (np == NULL) {
                    rc = OSTAT_ENOMEM;
                    break;
                }
                path = np;
                cap = need;
            }
            snprintf(path, cap, "%s%s", s->host_prefix, p.mountpoint);
            where = path;
        }
        if (ostat_disk_usage(s->ctx, where, &u) != 0 ||
            !(u.valid & OSTAT_DISK_USAGE_TOTAL) || u.total == 0) {
            continue;
        }
        rc = emit_set(s, want, p.mountpoint, dev, &u, u.valid, emit, payload);
    }
    free(path);
    seen_free(&seen);
    ostat_list_free(list);
    return rc;
}

/* Network interfaces: each that passes OC_FILTER_INTERFACES. */
static int fill_net_io(struct oc_sampler *s,
                       const struct oc_family *f,
                       oc_emit_fn emit,
                       void *payload)
{
    uint64_t want = take_set(s, NET_IO_PERNIC_SET);
    ostat_list *list = NULL;
    size_t i, n;
    int rc = ostat_net_io_counters_pernic(s->ctx, 0, &list);

    (void)f;
    if (rc != 0) {
        return rc;
    }
    n = ostat_list_count(list);
    for (i = 0; i < n && rc == 0; i++) {
        struct ostat_net_io_counters c = OSTAT_NET_IO_COUNTERS_INIT;

        if ((rc = ostat_list_net_io_counters(list, i, &c)) != 0) {
            break;
        }
        if (!(c.valid & OSTAT_NET_IO_COUNTERS_NAME) ||
            !oc_filter_pass(&s->filters[OC_FILTER_INTERFACES], c.name)) {
            continue;
        }
        rc = emit_set(s, want, c.name, NULL, &c, c.valid, emit, payload);
    }
    ostat_list_free(list);
    return rc;
}

/* ---- collection ----------------------------------------------------------
 */

static int sensors_family(int id)
{
    return id == OC_FAM_SENSORS_TEMPERATURES || id == OC_FAM_SENSORS_FANS ||
           id == OC_FAM_SENSORS_BATTERY ||
           id == OC_FAM_SENSORS_BATTERY_SECSLEFT ||
           id == OC_FAM_SENSORS_BATTERY_PLUGGED;
}

static void
family_failed(struct oc_sampler *s, const struct oc_family *f, int rc)
{
    const ostat_error *e;
    const char *detail = "";

    if (rc == OSTAT_ENOTSUP || rc == s->family_rc[f->id]) {
        /* Not on this system, or already said: once is enough. */
        s->family_rc[f->id] = rc;
        return;
    }
    s->family_rc[f->id] = rc;
    /* The library's detail of this failure names the file, and the line
     * of one that does not parse; without it, what it concerned. */
    e = ostat_error_last();
    if (e != NULL && e->code == rc && e->message[0] != '\0') {
        detail = e->message;
    } else if (e != NULL) {
        detail = e->where;
    }
    oc__log(s, "%s: %s (%s)%s%s", f->call, ostat_strerror(rc),
            ostat_err_name(rc), detail[0] ? ": " : "", detail);
}

/* Fill one family, and log its failure. @return 0, or OSTAT_ENOMEM. */
static int fill_one(struct oc_sampler *s,
                    const struct oc_family *f,
                    oc_emit_fn emit,
                    void *payload)
{
    int rc = f->fill(s, f, emit, payload);

    if (rc == 0) {
        s->family_rc[f->id] = 0;
    } else if (s->emit_rc == 0) {
        if (rc == OSTAT_ENOMEM) {
            return rc;
        }
        if (!(sensors_family(f->id) && rc == OSTAT_ENOTSUP)) {
            family_failed(s, f, rc);
        }
    }
    return 0;
}

int oc_sampler_collect(struct oc_sampler *s, oc_emit_fn emit, void *payload)
{
    int pass, rc = 0;
    size_t i;

    if (s == NULL || emit == NULL) {
        return OSTAT_EINVAL;
    }
    s->emit_rc = 0;
    s->filled = 0;
    ostat_ctx_oneshot_begin(s->ctx);
    /* The system families first, so that they are read at the time the
     * collection starts; then the scan of every process, which can take
     * a while, and what comes of it: the state counts and the groups. */
    for (pass = 0; pass < 2 && rc == 0 && s->emit_rc == 0; pass++) {
        if (pass == 1 && (s->ngroups > 0 ||
                          (s->enabled & OC_FAM_BIT(OC_FAM_PROCESS_STATES)))) {
            if (oc__scan(s) == OSTAT_ENOMEM) {
                rc = OSTAT_ENOMEM;
                break;
            }
        }
        for (i = 0; i < OC_FAM_COUNT && rc == 0 && s->emit_rc == 0; i++) {
            const struct oc_family *f = &oc_catalog[i];
            int from_scan =
                f->scope == OC_GROUP || f->id == OC_FAM_PROCESS_STATES;

            if (from_scan != pass) {
                continue;
            }
            if (f->scope == OC_SYSTEM && !(s->enabled & OC_FAM_BIT(f->id))) {
                continue;
            }
            if (s->filled & OC_FAM_BIT(f->id)) {
                continue; /* handed out with another family of its call */
            }
            if (f->scope == OC_GROUP &&
                !(s->group_families & OC_FAM_BIT(f->id))) {
                continue;
            }
            rc = fill_one(s, f, emit, payload);
        }
    }
    ostat_ctx_oneshot_end(s->ctx);
    if (s->emit_rc != 0) {
        return s->emit_rc;
    }
    return rc;
}
