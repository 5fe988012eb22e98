#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# collectd_bench.py: the CPU time collectd spends per read with ostat.so,
# against the same daemon with its own plugins configured the same way
# (bench/README.md, "collectd"). Run by bench/run collectd.
#
# Two comparisons, each with a number of idle processes held alive:
#   processes: ostat.so with ProcessMatch "all" ".*" (and the process state
#     counts) against the stock processes plugin with the same
#     ProcessMatch, which also counts states; and ostat.so once more with
#     CollectMemoryDetails, which adds the stock plugin's ps_code and
#     ps_data;
#   system: ostat.so's cpu, memory, load, swap, interface, disk and df
#     groups against the stock cpu, memory, load, swap, interface, disk and
#     df plugins together.
#
# What is measured: the on-CPU time of collectd's reader threads (the
# read callbacks and the dispatch of their values), from
# /proc/PID/task/TID/schedstat, over a window after two warm-up reads,
# divided by the reads in the window (counted in the csv writer's rows).
# The writer threads are left out: their work depends on the writer, not
# on the plugin. Each configuration runs in its own daemon, in turns, and
# the median of the rounds is reported.
import argparse
import glob
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

STOCK_PLUGIN_DIR = "/usr/lib/collectd"
STOCK_TYPES_DB = "/usr/share/collectd/types.db"

OSTAT_PROCESSES = """
  CollectCPU false
  CollectMemory false
  CollectSwap false
  CollectLoad false
  CollectPressure false
  CollectUptime false
  CollectUsers false
  CollectSensors false
  CollectBattery false
  CollectInterface false
  CollectDisk false
  CollectDf false
  CollectProcessStates true
  ProcessMatch "all" ".*"
"""

STOCK_PROCESSES = """
LoadPlugin processes
<Plugin processes>
  ProcessMatch "all" ".*"
</Plugin>
"""

OSTAT_SYSTEM = """
  CollectCPU true
  CollectMemory true
  CollectSwap true
  CollectLoad true
  CollectInterface true
  CollectDisk true
  CollectDf true
  CollectPressure false
  CollectUptime false
  CollectUsers false
  CollectSensors false
  CollectBattery false
  CollectProcessStates false
"""

STOCK_SYSTEM = """
LoadPlugin cpu
LoadPlugin memory
LoadPlugin load
LoadPlugin swap
LoadPlugin interface
LoadPlugin disk
LoadPlugin df
"""


def config(tmp, plugin_dir, types_db, interval, stock, ostat):
    lines = [
        'Hostname "bench"',
        "FQDNLookup false",
        'BaseDir "%s"' % tmp,
        'TypesDB "%s" "%s"' % (STOCK_TYPES_DB, types_db),
        "Interval %g" % interval,
        "ReadThreads 1",
        "WriteThreads 1",
        "AutoLoadPlugin false",
        'PluginDir "%s"' % STOCK_PLUGIN_DIR,
        "LoadPlugin logfile",
        "<Plugin logfile>",
        "  LogLevel warning",
        '  File "%s/collectd.log"' % tmp,
        "</Plugin>",
        "LoadPlugin csv",
        "<Plugin csv>",
        '  DataDir "%s/csv"' % tmp,
        "  StoreRates false",
        "</Plugin>",
        stock or "",
    ]
    if ostat is not None:
        lines += ['PluginDir "%s"' % plugin_dir, "LoadPlugin ostat",
                  "<Plugin ostat>", ostat, "</Plugin>"]
    return "\n".join(lines) + "\n"


def reader_ns(pid):
    """On-CPU nanoseconds of the reader threads of @pid."""
    total = 0
    for task in glob.glob("/proc/%d/task/*" % pid):
        try:
            with open(task + "/comm") as f:
                if not f.read().startswith("reader#"):
                    continue
            with open(task + "/schedstat") as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def read_times(tmp, marker):
    """The times of the rows of the csv file of identifier @marker."""
    times = []
    for path in glob.glob(os.path.join(tmp, "csv", "bench", marker + "-*")):
        with open(path) as f:
            for line in f:
                try:
                    times.append(float(line.split(",", 1)[0]))
                except ValueError:
                    pass
    return sorted(times)


def run_one(args, stock, ostat, marker):
    """One daemon: ms of reader CPU per read, and the number of reads."""
    tmp = tempfile.mkdtemp(prefix="ostat-bench-collectd-")
    conf = os.path.join(tmp, "collectd.conf")
    with open(conf, "w") as f:
        f.write(config(tmp, args.plugin_dir, args.types_db, args.interval,
                       stock, ostat))
    p = subprocess.Popen(["collectd", "-f", "-C", conf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 30
        while len(read_times(tmp, marker)) < 2 and time.time() < deadline:
            time.sleep(0.05)
        if len(read_times(tmp, marker)) < 2:
            with open(os.path.join(tmp, "collectd.log")) as f:
                sys.stderr.write(f.read())
            raise RuntimeError("no values from %s" % marker)
        t0, c0 = time.time(), reader_ns(p.pid)
        time.sleep(args.seconds)
        t1, c1 = time.time(), reader_ns(p.pid)
        time.sleep(args.interval)  # the last read's row is written
    finally:
        os.kill(p.pid, signal.SIGTERM)
        p.wait()
    reads = [t for t in read_times(tmp, marker) if t0 <= t < t1]
    shutil.rmtree(tmp, ignore_errors=True)
    if not reads:
        raise RuntimeError("no reads in the window")
    return (c1 - c0) / 1e6 / len(reads), len(reads)


def hold(n):
    """@n idle processes in a session of their own."""
    if n <= 0:
        return None
    return subprocess.Popen(
        [sys.executable, "-c",
         "import os, signal, sys, time\n"
         "n = int(sys.argv[1])\n"
         "for i in range(n):\n"
         "    if os.fork() == 0:\n"
         "        signal.pause()\n"
         "        os._exit(0)\n"
         "print('ready', flush=True)\n"
         "signal.pause()\n", str(n)],
        stdout=subprocess.PIPE, start_new_session=True)


def count_procs():
    return sum(1 for p in os.listdir("/proc") if p.isdigit())


def compare(args, title, contenders):
    print()
    print(title)
    results = {name: [] for name, _, _, _ in contenders}
    reads = {name: 0 for name, _, _, _ in contenders}
    for _ in range(args.rounds):
        for name, stock, ostat, marker in contenders:
            ms, n = run_one(args, stock, ostat, marker)
            results[name].append(ms)
            reads[name] += n
    print("%-50s %12s %7s" % ("configuration", "ms/read", "reads"))
    med = {}
    for name, _, _, _ in contenders:
        med[name] = statistics.median(results[name])
        print("%-50s %12.3f %7d" % (name, med[name], reads[name]))
    return med


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin-dir", required=True)
    ap.add_argument("--types-db", required=True)
    ap.add_argument("--procs", type=int, default=1000,
                    help="idle processes to hold (default 1000)")
    ap.add_argument("--seconds", type=float, default=10,
                    help="timed window per daemon (default 10)")
    ap.add_argument("--interval", type=float, default=0.5,
                    help="collectd's Interval (default 0.5)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", choices=["processes", "system"])
    args = ap.parse_args()
    if shutil.which("collectd") is None:
        sys.exit("collectd is not installed (apt-get install collectd-core)")

    holder = hold(args.procs)
    try:
        if holder is not None:
            holder.stdout.readline()
        nproc = count_procs()
        print("collectd reader CPU per read: %d processes (%d held idle), "
              "Interval %g s, %g s timed x %d rounds, median"
              % (nproc, args.procs, args.interval, args.seconds,
                 args.rounds))
        if args.only in (None, "processes"):
            med = compare(args, "processes: ProcessMatch \"all\" \".*\" and "
                          "the state counts", [
                              ("ostat.so", None, OSTAT_PROCESSES,
                               "processes-all/ps_count"),
                              ("stock processes", STOCK_PROCESSES, None,
                               "processes-all/ps_count"),
                              ("ostat.so + CollectMemoryDetails", None,
                               OSTAT_PROCESSES +
                               "  CollectMemoryDetails true\n",
                               "processes-all/ps_count"),
                          ])
            print("ostat.so / stock processes = %.2f (goal <= 0.50)"
                  % (med["ostat.so"] / med["stock processes"]))
            print("with ps_code and ps_data as the stock plugin: %.2f"
                  % (med["ostat.so + CollectMemoryDetails"] /
                     med["stock processes"]))
        if args.only in (None, "system"):
            groups = "cpu+memory+load+swap+interface+disk+df"
            med = compare(args, "system groups", [
                ("ostat.so " + groups, None, OSTAT_SYSTEM, "load/load"),
                ("stock " + groups, STOCK_SYSTEM, None, "load/load"),
            ])
            print("ostat.so / stock %s = %.2f (goal <= 1.00)"
                  % (groups, med["ostat.so " + groups] /
                     med["stock " + groups]))
    finally:
        if holder is not None:
            os.killpg(holder.pid, signal.SIGKILL)
            holder.wait()


if __name__ == "__main__":
    main()
