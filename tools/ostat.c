/* SPDX-License-Identifier: MIT */
/* ostat.c: the ostat program: command line, context and dispatch. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"

/* The longest --interval accepted, in seconds. */
#define MAX_INTERVAL 86400.0
/* The most frames --count accepts. */
#define MAX_COUNT 1000000000L

static const char usage_text[] =
    "Usage: ostat [OPTIONS] [SUBCOMMAND [OPTIONS]]\n"
    "\n"
    "Show this machine the way psutil does. Without a subcommand, print an\n"
    "overview; with one, print the result of the psutil function of that\n"
    "name as a table, or as JSON with --json.\n"
    "\n"
    "Subcommands:\n"
    "  cpu_times [--percpu]            CPU times in seconds\n"
    "  cpu_percent [--interval S] [--percpu]\n"
    "                                  CPU utilisation in percent\n"
    "  cpu_times_percent [--interval S] [--percpu]\n"
    "                                  each CPU time as a percentage\n"
    "  cpu_count [--logical|--physical]\n"
    "                                  logical CPUs (default) or physical "
    "cores\n"
    "  cpu_stats                       context switches, interrupts, forks\n"
    "  cpu_freq [--percpu]             CPU frequency in MHz\n"
    "  getloadavg                      load averages and run-queue counts\n"
    "  virtual_memory                  system memory in bytes\n"
    "  swap_memory                     swap in bytes\n"
    "  boot_time                       boot time, seconds since the epoch\n"
    "  uptime                          seconds since boot\n"
    "  users                           users logged in\n"
    "  pressure                        pressure stall information "
    "(Linux PSI)\n"
    "  sensors_temperatures            temperatures in degrees Celsius\n"
    "  sensors_fans                    fan speeds in RPM\n"
    "  sensors_battery                 the battery's charge and time left\n"
    "  sensors                         all three, as psutil's sensors.py\n"
    "  disk_partitions [--all]         mounted filesystems (--all: pseudo\n"
    "                                  filesystems too)\n"
    "  disk_usage [PATH]               usage of the filesystem holding PATH;\n"
    "                                  without PATH, of every partition\n"
    "  disk_io_counters [--perdisk] [--nowrap]\n"
    "                                  disk I/O since boot, over all disks or\n"
    "                                  per device\n"
    "  heap_info                       this program's C heap in bytes\n"
    "  pids                            the pids of all processes\n"
    "  pid_exists PID                  whether a process with this pid exists\n"
    "  procinfo [PID] [--environ] [--errors] [--interval S]\n"
    "                                  everything about one process (default:\n"
    "                                  ostat itself), as psutil's procinfo.py\n"
    "  kill PID [--signal SIG]         send a signal (default TERM)\n"
    "  ps [--interval S]               every process, as psutil's ps.py\n"
    "  process_iter [--attrs A,B,...] [--errors] [--interval S]\n"
    "                                  psutil's process_iter(attrs): the\n"
    "                                  attrs of every process\n"
    "  top [--once] [--interval S] [--count N]\n"
    "                                  the busiest processes, refreshed\n"
    "  pstree [PID]                    the process tree under PID (default:\n"
    "                                  every root but pid 2, the kernel\n"
    "                                  threads' parent; 0: every root)\n"
    "  pmap PID [--grouped]            the memory mappings, as pmap -x\n"
    "  net_io_counters [--pernic] [--nowrap]\n"
    "                                  network traffic, in total or per\n"
    "                                  interface\n"
    "  net_if_addrs                    the addresses of each interface\n"
    "  net_if_stats                    link state, speed, duplex, MTU, flags\n"
    "  ifconfig                        every interface: state, traffic and\n"
    "                                  addresses\n"
    "  net_connections [PID] [--kind K]\n"
    "                                  sockets and their owners (default:\n"
    "                                  the whole system's inet sockets)\n"
    "  netstat [--kind K]              sockets with program names, as\n"
    "                                  psutil's netstat.py\n"
    "\n";

/* The help's second part: the options. */
static const char usage_options_text[] =
    "Options (accepted before or after the subcommand):\n"
    "  --json              print JSON instead of a table\n"
    "  --percpu            one result per CPU\n"
    "  --interval S        seconds to sample CPU use over (default 0.1; 0.2\n"
    "                      for the overview, 1 between top's frames); 0\n"
    "                      compares with the previous sample, so a single\n"
    "                      run gives about 0\n"
    "  --logical           cpu_count: count logical CPUs (the default)\n"
    "  --physical          cpu_count: count physical cores\n"
    "  --signal SIG        kill: the signal, a number or a name such as TERM,\n"
    "                      SIGKILL, HUP, INT, STOP, CONT, USR1 or USR2\n"
    "  --environ           procinfo: also show the environment\n"
    "  --errors            procinfo, process_iter and ps --json: add\n"
    "                      \"errors\", the error code of each field that is\n"
    "                      null because it failed\n"
    "  --attrs A,B,...     process_iter: psutil's attr names among pid, ppid,\n"
    "                      name, exe, cmdline, status, username, uids, gids,\n"
    "                      create_time, cpu_times, cpu_percent, cpu_num,\n"
    "                      memory_info, memory_info_ex, memory_footprint,\n"
    "                      memory_percent, num_threads, num_fds,\n"
    "                      num_ctx_switches, io_counters, nice, terminal,\n"
    "                      cwd, page_faults, cgroup (default: pid, ppid,\n"
    "                      name, username, status)\n"
    "  --once              top: print one frame and exit\n"
    "  --count N           top: stop after N frames\n"
    "  --grouped           pmap: one line per mapped file, sizes summed\n"
    "  --all               disk_partitions: every mount, not only those of\n"
    "                      filesystems on devices\n"
    "  --perdisk           disk_io_counters: one result per disk and\n"
    "                      partition\n"
    "  --nowrap            disk_io_counters, net_io_counters: wrap-safe\n"
    "                      totals (psutil's nowrap; one run has no history,\n"
    "                      so they are the raw counters)\n"
    "  --kind K            net_connections, netstat: psutil's kind, one of\n"
    "                      inet (the default), inet4, inet6, tcp, tcp4,\n"
    "                      tcp6, udp, udp4, udp6, unix, all\n"
    "  --procfs PATH       read procfs at PATH instead of /proc\n"
    "  --sysfs PATH        read sysfs at PATH instead of /sys\n"
    "  --host-prefix PATH  read the host's files under PATH (in a container)\n"
    "  -h, --help          show this help and exit\n"
    "  --version           show the library's version and exit\n"
    "\n";

/* The help's last part: JSON, tables and the exit status. Each string stays
 * within what ISO C requires compilers to support. */
static const char usage_json_text[] =
    "JSON (--json): keys are psutil's field names, numbers are JSON numbers\n"
    "and a field the system does not provide is null. Strings from the\n"
    "system are repaired to UTF-8 (U+FFFD for invalid bytes). The overview\n"
    "has no JSON form.\n"
    "  cpu_times, cpu_times_percent, cpu_stats, cpu_freq, getloadavg,\n"
    "  virtual_memory, swap_memory, heap_info\n"
    "                      an object: {\"user\": 12.5, \"system\": 3.1, ...}\n"
    "  ... with --percpu   an array of such objects, each with its \"cpu\"\n"
    "                      number\n"
    "  cpu_percent         a number; with --percpu, an array of numbers\n"
    "  cpu_count, boot_time, uptime\n"
    "                      a number (boot_time: seconds since the epoch)\n"
    "  users               an array of objects: name, terminal, host,\n"
    "                      started (seconds since the epoch), pid\n"
    "  pressure            an object with keys cpu, memory, io and irq, each\n"
    "                      an object (some_avg10, some_avg60, some_avg300,\n"
    "                      some_total, full_avg10, ..., full_total; averages\n"
    "                      in percent, totals in microseconds) or null when\n"
    "                      the kernel does not report that resource\n"
    "  sensors_temperatures  an object mapping each chip to an array of\n"
    "                      {label, current, high, critical} (degrees\n"
    "                      Celsius); {} when there is none\n"
    "  sensors_fans        the same with {label, current} (RPM)\n"
    "  sensors_battery     an object: percent, secsleft (seconds, -1 when\n"
    "                      unknown, -2 when plugged in), power_plugged; or\n"
    "                      null without a battery\n"
    "  sensors             {\"temperatures\": ..., \"fans\": ..., "
    "\"battery\": ...}\n"
    "  pids                an array of numbers, ascending\n"
    "  pid_exists          true or false\n";

/* The JSON of the disk subcommands. */
static const char usage_json_disk_text[] =
    "  disk_partitions     an array of objects: device, mountpoint, fstype,\n"
    "                      opts\n"
    "  disk_usage PATH     an object: total, used, free (bytes), percent;\n"
    "                      without PATH, an array of objects: device,\n"
    "                      mountpoint, fstype, total, used, free, percent\n"
    "  disk_io_counters    an object: read_count, write_count, read_bytes,\n"
    "                      write_bytes, read_time, write_time,\n"
    "                      read_merged_count, write_merged_count, busy_time\n"
    "                      (times in milliseconds), then in_flight,\n"
    "                      weighted_time, discard_count,\n"
    "                      discard_merged_count, discard_bytes, discard_time,\n"
    "                      flush_count, flush_time; null without disks\n"
    "  ... with --perdisk  an object of such objects by device name\n";

/* The JSON of the process subcommands, tables and the exit status. */
static const char usage_json_proc_text[] =
    "  procinfo            an object: pid, name, exe, cmdline (an array), "
    "cwd,\n"
    "                      username, uids, gids, terminal, status, ppid,\n"
    "                      parent_name, create_time, nice, ionice, "
    "num_threads,\n"
    "                      num_fds, num_ctx_switches, cpu_times, cpu_percent,\n"
    "                      cpu_num, cpu_affinity, memory_info,\n"
    "                      memory_footprint, memory_percent, page_faults,\n"
    "                      io_counters, rlimits ({\"nofile\": [soft, hard], "
    "...},\n"
    "                      -1 for unlimited), threads ([{id, user_time,\n"
    "                      system_time}]), children ([{pid, name}]) and with\n"
    "                      --environ environ ({\"NAME\": \"value\"}); a field\n"
    "                      that cannot be read (access denied, a zombie) is\n"
    "                      null, and --errors tells why: {\"exe\":\n"
    "                      \"OSTAT_EACCES\", ...}\n"
    "  kill                null (without --json, nothing)\n"
    "  ps                  an array of objects: pid, ppid, name, username,\n"
    "                      status, cpu_percent, memory_percent, memory_info\n"
    "                      ({rss, vms}), nice, create_time, cpu_times,\n"
    "                      cmdline; a field that cannot be read is null\n"
    "  process_iter        an array of objects with the attrs asked for, in\n"
    "                      that order (memory_info is {rss, vms},\n"
    "                      memory_info_ex every memory field)\n"
    "  pstree              an array of objects in the tree's order: pid,\n"
    "                      ppid, name, depth, children (their pids)\n"
    "  pmap                an array of objects: addr (\"start-end\" in hex),\n"
    "                      perms, path, rss, size, pss, shared_clean,\n"
    "                      shared_dirty, private_clean, private_dirty,\n"
    "                      referenced, anonymous, swap (bytes); --grouped\n"
    "                      leaves out addr and perms\n";

/* The JSON of the network subcommands. */
static const char usage_net_json_text[] =
    "  net_io_counters     an object: bytes_sent, bytes_recv, packets_sent,\n"
    "                      packets_recv, errin, errout, dropin, dropout,\n"
    "                      then Linux's multicast, collisions, fifoin,\n"
    "                      fifoout, frame, carrier, compressedin and\n"
    "                      compressedout; with --pernic an object of such\n"
    "                      objects keyed by interface; null without any\n"
    "                      interface\n"
    "  net_if_addrs        an object keyed by interface of arrays of\n"
    "                      objects: family (\"AF_INET\", \"AF_INET6\",\n"
    "                      \"AF_LINK\" or \"AF_UNSPEC\"), address, netmask,\n"
    "                      broadcast, ptp\n"
    "  net_if_stats        an object keyed by interface of objects: isup\n"
    "                      (true or false), duplex (\"NIC_DUPLEX_FULL\",\n"
    "                      \"NIC_DUPLEX_HALF\" or \"NIC_DUPLEX_UNKNOWN\"),\n"
    "                      speed (Mbit/s), mtu, flags (\"up,running,...\")\n"
    "  ifconfig            an object keyed by interface of objects: stats,\n"
    "                      io_counters and addrs, as above\n"
    "  net_connections     an array of objects: fd (-1 when unknown),\n"
    "                      family (\"AF_INET\", \"AF_INET6\", \"AF_UNIX\"),\n"
    "                      type (\"SOCK_STREAM\", ...), laddr and raddr\n"
    "                      ([ip, port], [] when there is none, a path for\n"
    "                      AF_UNIX), status (\"LISTEN\", ..., \"NONE\") and\n"
    "                      pid (null when unknown; left out with a PID)\n"
    "  netstat             an array of objects: proto, laddr, raddr,\n"
    "                      status, pid and name (null when unknown)\n";

/* Nulls, tables and the exit status. */
static const char usage_end_text[] =
    "  cpu_count, cpu_freq and heap_info print null when the system cannot\n"
    "  tell (cpu_freq --percpu prints []).\n"
    "\n"
    "Tables show a field that is not available as \"-\"; procinfo shows why\n"
    "a field cannot be read in its place, e.g. \"access denied\".\n"
    "\n"
    "Exit status: 0 on success, 1 if the library failed, 2 on bad usage.\n";

int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("ostat: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'ostat --help' for more information.\n", stderr);
    return EXIT_USAGE;
}

/* What the command line asked for, beyond struct opts. */
struct cmdline {
    struct opts o;
    const char *command;
    const char *operand; /* the argument after the subcommand */
    const char *procfs;
    const char *sysfs;
    const char *host_prefix;
    int help;
    int version;
};

/* Parse seconds: a finite number in [0, MAX_INTERVAL], the whole string. */
static int parse_interval(const char *s, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v) ||
        v < 0 || v > MAX_INTERVAL) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Parse a count: decimal digits only, 1 to MAX_COUNT. */
static int parse_count(const char *s, long *out)
{
    const char *p;
    long v = 0;

    if (s[0] == '\0') {
        return -1;
    }
    for (p = s; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || v > (MAX_COUNT - (*p - '0')) / 10) {
            return -1;
        }
        v = v * 10 + (*p - '0');
    }
    if (v < 1) {
        return -1;
    }
    *out = v;
    return 0;
}

/* Signals by name, for --signal. */
static const struct {
    const char *name;
    int number;
} signal_names[] = {
    { "HUP", SIGHUP },       { "INT", SIGINT },   { "QUIT", SIGQUIT },
    { "ILL", SIGILL },       { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
    { "BUS", SIGBUS },       { "FPE", SIGFPE },   { "KILL", SIGKILL },
    { "USR1", SIGUSR1 },     { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
    { "PIPE", SIGPIPE },     { "ALRM", SIGALRM }, { "TERM", SIGTERM },
    { "CHLD", SIGCHLD },     { "CONT", SIGCONT }, { "STOP", SIGSTOP },
    { "TSTP", SIGTSTP },     { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
    { "URG", SIGURG },       { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
    { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
    { "SYS", SIGSYS },
};

/* The highest signal number --signal accepts. */
#ifdef SIGRTMAX
#define MAX_SIGNAL SIGRTMAX
#else
#define MAX_SIGNAL 31
#endif

/* Parse a signal: a number (0 only checks that the process exists) or a
 * name, with or without "SIG", in any case. */
static int parse_signal(const char *s, int32_t *out)
{
    const char *name = s;
    char *end;
    long v;
    size_t i;

    if (s[0] >= '0' && s[0] <= '9') {
        errno = 0;
        v = strtol(s, &end, 10);
        if (*end != '\0' || errno == ERANGE || v > MAX_SIGNAL) {
            return -1;
        }
        *out = (int32_t)v;
        return 0;
    }
    if (strncasecmp(name, "SIG", 3) == 0) {
        name += 3;
    }
    for (i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
        if (strcasecmp(name, signal_names[i].name) == 0) {
            *out = signal_names[i].number;
            return 0;
        }
    }
    return -1;
}

/* Parse a PID: decimal digits only, within ostat_pid_t. */
static int parse_pid(const char *s, ostat_pid_t *out)
{
    const char *p;
    int64_t v = 0;

    if (s[0] == '\0') {
        return -1;
    }
    for (p = s; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || v > (INT64_MAX - (*p - '0')) / 10) {
            return -1;
        }
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return 0;
}

/* The value of option @name: after '=' in @arg, or the next argument. */
static int take_value(const char *name,
                      const char *arg,
                      int argc,
                      char **argv,
                      int *i,
                      const char **value)
{
    size_t n = strlen(name);

    if (arg[n] == '=') {
        *value = arg + n + 1;
        return 0;
    }
    if (*i + 1 >= argc) {
        return usage_error("option '%s' needs a value", name);
    }
    *value = argv[++*i];
    return 0;
}

/* Is @arg option @name, alone or as "name=value"? */
static int is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);

    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

static int parse_args(int argc, char **argv, struct cmdline *c)
{
    static const char *const valued[] = { "--interval", "--procfs",
                                          "--sysfs",    "--host-prefix",
                                          "--signal",   "--attrs",
                                          "--count",    "--kind" };
    int i, rc, options_done = 0;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        char *shown;
        size_t k;

        /* After the subcommand, "-1" is an operand (a bad PID), not an
         * option. */
        if (options_done || arg[0] != '-' || arg[1] == '\0' ||
            (c->command != NULL && arg[1] >= '0' && arg[1] <= '9')) {
            if (c->command == NULL) {
                c->command = arg;
            } else if (c->operand == NULL) {
                c->operand = arg;
            } else {
                shown = out_sanitize(arg);
                rc = usage_error("unexpected argument '%s'", shown);
                free(shown);
                return rc;
            }
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = 1;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            c->help = 1;
            return 0;
        } else if (strcmp(arg, "--version") == 0) {
            c->version = 1;
            return 0;
        } else if (strcmp(arg, "--json") == 0) {
            c->o.json = 1;
        } else if (strcmp(arg, "--percpu") == 0) {
            c->o.percpu = 1;
            c->o.given |= OPT_PERCPU;
        } else if (strcmp(arg, "--logical") == 0) {
            c->o.logical = 1;
            c->o.given |= OPT_COUNT_KIND;
        } else if (strcmp(arg, "--physical") == 0) {
            c->o.logical = 0;
            c->o.given |= OPT_COUNT_KIND;
        } else if (strcmp(arg, "--environ") == 0) {
            c->o.environ_too = 1;
            c->o.given |= OPT_ENVIRON;
        } else if (strcmp(arg, "--errors") == 0) {
            c->o.errors_too = 1;
            c->o.given |= OPT_ERRORS;
        } else if (strcmp(arg, "--once") == 0) {
            c->o.once = 1;
            c->o.given |= OPT_ONCE;
        } else if (strcmp(arg, "--grouped") == 0) {
            c->o.grouped = 1;
            c->o.given |= OPT_GROUPED;
        } else if (strcmp(arg, "--all") == 0) {
            c->o.given |= OPT_ALL;
        } else if (strcmp(arg, "--perdisk") == 0) {
            c->o.given |= OPT_PERDISK;
        } else if (strcmp(arg, "--pernic") == 0) {
            c->o.given |= OPT_PERNIC;
        } else if (strcmp(arg, "--nowrap") == 0) {
            c->o.given |= OPT_NOWRAP;
        } else {
            for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
                if (is_opt(arg, valued[k])) {
                    break;
                }
            }
            if (k == sizeof(valued) / sizeof(valued[0])) {
                shown = out_sanitize(arg);
                rc = usage_error("unknown option '%s'", shown);
                free(shown);
                return rc;
            }
            if ((rc = take_value(valued[k], arg, argc, argv, &i, &value)) !=
                0) {
                return rc;
            }
            if (k == 0) {
                if (parse_interval(value, &c->o.interval) != 0) {
                    shown = out_sanitize(value);
                    rc = usage_error("invalid --interval '%s': expected "
                                     "seconds, a number from 0 to %.0f",
                                     shown, MAX_INTERVAL);
                    free(shown);
                    return rc;
                }
                c->o.given |= OPT_INTERVAL;
            } else if (k == 1) {
                c->procfs = value;
            } else if (k == 2) {
                c->sysfs = value;
            } else if (k == 3) {
                c->host_prefix = value;
            } else if (k == 5) {
                c->o.attrs = value;
                c->o.given |= OPT_ATTRS;
            } else if (k == 6) {
                if (parse_count(value, &c->o.count) != 0) {
                    shown = out_sanitize(value);
                    rc = usage_error("invalid --count '%s': expected a "
                                     "number from 1 to %ld",
                                     shown, MAX_COUNT);
                    free(shown);
                    return rc;
                }
                c->o.given |= OPT_COUNT;
            } else if (k == 7) {
                if (ostat_conn_kind_from_name(value, &c->o.kind) != 0) {
                    shown = out_sanitize(value);
                    rc = usage_error("invalid --kind '%s': expected inet, "
                                     "inet4, inet6, tcp, tcp4, tcp6, udp, "
                                     "udp4, udp6, unix or all",
                                     shown);
                    free(shown);
                    return rc;
                }
                c->o.given |= OPT_KIND;
            } else {
                if (parse_signal(value, &c->o.sig) != 0) {
                    shown = out_sanitize(value);
                    rc = usage_error("invalid --signal '%s': expected a "
                                     "number from 0 to %d or a name such as "
                                     "TERM",
                                     shown, (int)MAX_SIGNAL);
                    free(shown);
                    return rc;
                }
                c->o.given |= OPT_SIGNAL;
            }
        }
    }
    return 0;
}

/* The names of the OPT_* options in @bits, for messages. */
static const char *opt_name(unsigned bits)
{
    if (bits & OPT_PERCPU) {
        return "--percpu";
    }
    if (bits & OPT_INTERVAL) {
        return "--interval";
    }
    if (bits & OPT_SIGNAL) {
        return "--signal";
    }
    if (bits & OPT_ENVIRON) {
        return "--environ";
    }
    if (bits & OPT_ERRORS) {
        return "--errors";
    }
    if (bits & OPT_ATTRS) {
        return "--attrs";
    }
    if (bits & OPT_ONCE) {
        return "--once";
    }
    if (bits & OPT_COUNT) {
        return "--count";
    }
    if (bits & OPT_GROUPED) {
        return "--grouped";
    }
    if (bits & OPT_ALL) {
        return "--all";
    }
    if (bits & OPT_PERDISK) {
        return "--perdisk";
    }
    if (bits & OPT_PERNIC) {
        return "--pernic";
    }
    if (bits & OPT_NOWRAP) {
        return "--nowrap";
    }
    if (bits & OPT_KIND) {
        return "--kind";
    }
    return "--logical/--physical";
}

/* An absolute copy of @path (relative to the working directory), or NULL
 * with a message printed. @what names the option. */
static char *absolute(const char *what, const char *path, int *status)
{
    char cwd[4096];

    if (path[0] == '/') {
        return out_strdup(path);
    }
    if (path[0] == '\0') {
        *status = usage_error("option '%s' needs a non-empty path", what);
        return NULL;
    }
    if (getcwd(cwd, sizeof(cwd)) == NULL) {
        fprintf(stderr, "ostat: cannot resolve %s '%s': %s\n", what, path,
                strerror(errno));
        *status = EXIT_RUNTIME;
        return NULL;
    }
    return out_asprintf("%s/%s", cwd, path);
}

static int finish_output(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ostat: writing the output failed: %s\n",
                strerror(errno));
        return EXIT_RUNTIME;
    }
    return status;
}

int main(int argc, char **argv)
{
    ostat_ctx_options copts = OSTAT_CTX_OPTIONS_INIT;
    const struct command *cmd = NULL;
    struct cmdline c;
    char *procfs = NULL, *sysfs = NULL, *prefix = NULL;
    ostat_ctx *ctx = NULL;
    unsigned accepts;
    int status = 0, rc;
    size_t i;

    memset(&c, 0, sizeof(c));
    c.o.logical = 1;
    c.o.sig = SIGTERM;
    if ((rc = parse_args(argc, argv, &c)) != 0) {
        return rc;
    }
    if (c.help) {
        fputs(usage_text, stdout);
        fputs(usage_options_text, stdout);
        fputs(usage_json_text, stdout);
        fputs(usage_json_disk_text, stdout);
        fputs(usage_net_json_text, stdout);
        fputs(usage_json_proc_text, stdout);
        fputs(usage_end_text, stdout);
        return finish_output(0);
    }
    if (c.version) {
        printf("ostat %s\n", ostat_version_string());
        return finish_output(0);
    }
    if (c.command != NULL) {
        for (i = 0; i < ncommands; i++) {
            if (strcmp(commands[i].name, c.command) == 0) {
                cmd = &commands[i];
                break;
            }
        }
        if (cmd == NULL) {
            char *shown = out_sanitize(c.command);

            rc = usage_error("unknown subcommand '%s'", shown);
            free(shown);
            return rc;
        }
    }
    if (c.operand != NULL && (cmd == NULL || cmd->pid_arg == PID_NONE)) {
        char *shown = out_sanitize(c.operand);

        rc = usage_error("unexpected argument '%s'", shown);
        free(shown);
        return rc;
    }
    if (c.operand != NULL && cmd->pid_arg == PATH_OPTIONAL) {
        c.o.path = c.operand;
    } else if (c.operand != NULL) {
        if (parse_pid(c.operand, &c.o.pid) != 0) {
            char *shown = out_sanitize(c.operand);

            rc = usage_error("invalid PID '%s': expected a non-negative "
                             "integer",
                             shown);
            free(shown);
            return rc;
        }
        c.o.has_pid = 1;
    } else if (cmd != NULL && cmd->pid_arg == PID_REQUIRED) {
        return usage_error("%s needs a PID", cmd->name);
    }
    accepts = cmd ? cmd->accepts : OPT_INTERVAL;
    if (c.o.given & ~accepts) {
        return usage_error("option '%s' does not apply to %s",
                           opt_name(c.o.given & ~accepts),
                           cmd ? cmd->name : "the overview");
    }
    if (c.o.json && cmd == NULL) {
        return usage_error("--json needs a subcommand");
    }
    if ((c.procfs && !(procfs = absolute("--procfs", c.procfs, &status))) ||
        (c.sysfs && !(sysfs = absolute("--sysfs", c.sysfs, &status))) ||
        (c.host_prefix && c.host_prefix[0] != '\0' &&
         !(prefix = absolute("--host-prefix", c.host_prefix, &status)))) {
        free(procfs);
        free(sysfs);
        return status;
    }
    copts.procfs_root = procfs;
    copts.sysfs_root = sysfs;
    copts.host_prefix = prefix;
    if ((rc = ostat_ctx_new(&copts, &ctx)) != 0) {
        status = out_error("creating the context", rc);
    } else {
        status = cmd ? cmd->run(ctx, &c.o) : overview_run(ctx, &c.o);
        ostat_ctx_free(ctx);
    }
    free(procfs);
    free(sysfs);
    free(prefix);
    return finish_output(status);
}
