#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_fixture.py: ostat.so in a real collectd reading a procfs and sysfs
# tree written here (ProcfsRoot, SysfsRoot), so that every value is known
# exactly and some are missing on purpose. What the tree lacks is never
# dispatched, in any read: no zeros stand in for it. Names the system
# gives (a sensor chip and labels with quotes, tabs, newlines, "/" and
# invalid UTF-8) arrive as safe identifiers.
import os
import shutil

import cdtest
from cdtest import HZ, PAGE

PF_KTHREAD = 0x00200000


def stat_line(pid, comm, state, ppid, flags=0x400100, minflt=0, majflt=0,
              utime=0, stime=0, threads=1, start=0, rss=0):
    return ("%d (%s) %s %d %d %d 0 -1 %d %d 0 %d 0 %d %d 0 0 20 0 %d 0 %d "
            "%d %d 18446744073709551615 4194304 4200000 140737488336896 0 0 "
            "0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
            % (pid, comm, state, ppid, pid, pid, flags, minflt, majflt,
               utime, stime, threads, start, rss * PAGE * 4, rss))


def write_tree(root, fixtures):
    w = cdtest.write_file
    # a laptop's power supplies, discharging (tests/fixtures/linux/README)
    shutil.copytree(os.path.join(fixtures, "power-supply", "discharging",
                                 "sys"),
                    os.path.join(root, "sys"), symlinks=True)
    # cpu1 has the four columns of Linux 2.4: wait, interrupt, softirq and
    # steal do not exist for it
    w(root + "/proc/stat",
      "cpu  3000 100 1500 90000 300 20 10 5 0 0\n"
      "cpu0 2000 100 1000 45000 300 20 10 5 0 0\n"
      "cpu1 1000 0 500 45000\n"
      "ctxt 123456\nbtime 1700000000\nprocesses 4242\n"
      "procs_running 2\nprocs_blocked 0\n")
    w(root + "/proc/uptime", "12345.67 20000.00\n")
    w(root + "/proc/loadavg", "0.50 0.25 0.10 2/123 4567\n")
    # no Buffers line (an lxcfs-like container): memory-buffered is missing
    w(root + "/proc/meminfo",
      "MemTotal:        8000000 kB\n"
      "MemFree:         1000000 kB\n"
      "MemAvailable:    6000000 kB\n"
      "Cached:          3000000 kB\n"
      "SwapTotal:       2000000 kB\n"
      "SwapFree:        1500000 kB\n"
      "Slab:             400000 kB\n"
      "SReclaimable:     300000 kB\n")
    # no pswpin/pswpout: swap_io is missing
    w(root + "/proc/vmstat", "pgfault 1\n")
    # Linux 4.20: only "some" for cpu, and no io or memory file
    w(root + "/proc/pressure/cpu",
      "some avg10=1.50 avg60=2.50 avg300=3.50 total=123456\n")
    procs = [
        (1, "init", "S", 0, {"utime": 100, "start": 1, "rss": 100},
         b"/sbin/init\0"),
        (2, "kthreadd", "S", 0, {"flags": 0x208040, "start": 1}, b""),
        (100, "fxproc", "S", 1,
         {"utime": 250, "stime": 50, "minflt": 1000, "majflt": 3,
          "threads": 3, "start": 500, "rss": 256},
         b"/usr/bin/fxproc\0--serve\0"),
        (101, "fxchild", "R", 100, {"utime": 50, "start": 600, "rss": 64},
         b"fxchild\0"),
        (50, "defunct", "Z", 100, {"start": 700}, b""),
    ]
    for pid, comm, state, ppid, kw, cmd in procs:
        d = "%s/proc/%d/" % (root, pid)
        w(d + "stat", stat_line(pid, comm, state, ppid, **kw))
        w(d + "status", "Name:\t%s\nState:\t%s\nPPid:\t%d\nUid:\t0\t0\t0\t0\n"
          "Gid:\t0\t0\t0\t0\nThreads:\t%d\n" % (comm, state, ppid,
                                                kw.get("threads", 1)))
        w(d + "cmdline", cmd)
        w(d + "statm", "%d %d 10 5 0 20 0\n" % (kw.get("rss", 0) * 4,
                                                 kw.get("rss", 0)))
        # no io file anywhere: no group has I/O to report
    h = root + "/sys/class/hwmon/hwmon0/"
    w(h + "name", b'bad"chip\xff x\n')
    w(h + "temp1_input", "51000\n")
    w(h + "temp1_label", 'Core/0 "a"\tb\n')
    w(h + "temp2_input", "52500\n")
    w(h + "temp2_label", "line1\nline2\n")
    w(h + "temp3_input", "-5000\n")  # no label: temp3


CONF = """
  Host "fx"
  ProcfsRoot "$T/root/proc"
  SysfsRoot "$T/root/sys"
  Process "fxproc"
  ProcessMatch "serve" "--serve"
  ProcessMatch "nothing" "^no such command$"
"""

CSV = """
LoadPlugin csv
<Plugin csv>
  DataDir "$T/csv"
  StoreRates false
</Plugin>
"""

STATE = {}


def setup(tap, args):
    d = cdtest.Daemon(args, name="fixture", ostat=CONF, stock=CSV)
    write_tree(d.dir + "/root", args.fixtures)
    d.start()
    d.wait_reads("fx/processes-fxproc/ps_count", 3)
    d.stop()
    STATE.update(d=d, vals=d.values(), by=cdtest.by_ident(d.values()))
    errors = [l for l in cdtest.error_lines(d.log_text())]
    tap.ok(not errors, "no error or warning", "\n".join(errors))


def value(ident, ds="value"):
    s = STATE["by"].get("fx/" + ident)
    return s[-1][ds] if s else None


def test_exact_values(tap, args):
    checks = [
        ("cpu-0/cpu-user", 2000), ("cpu-0/cpu-nice", 100),
        ("cpu-0/cpu-system", 1000), ("cpu-0/cpu-idle", 45000),
        ("cpu-0/cpu-wait", 300), ("cpu-0/cpu-interrupt", 20),
        ("cpu-0/cpu-softirq", 10), ("cpu-0/cpu-steal", 5),
        ("cpu-1/cpu-user", 1000), ("cpu-1/cpu-idle", 45000),
        ("memory/memory-used", 2000000 * 1024),
        ("memory/memory-free", 1000000 * 1024),
        ("memory/memory-cached", 3300000 * 1024),
        ("swap/swap-used", 500000 * 1024),
        ("swap/swap-free", 1500000 * 1024),
        ("uptime/uptime", 12345.67),
        ("processes/ps_state-running", 2),  # the kernel's procs_running
        ("processes/ps_state-sleeping", 3),
        ("processes/ps_state-zombies", 1),
        ("processes/ps_state-blocked", 0),
        ("processes/fork_rate", 4242),
        ("processes-fxproc/ps_rss", (256 + 64) * PAGE),
        ("processes-fxproc/ps_vm", (256 + 64) * PAGE * 4),
        ("processes-nothing/ps_rss", 0),
        ("battery-0/percent-charged", 50),
        ("battery-0/timeleft", 7200),
        ("battery-0/gauge-power_plugged", 0),
    ]
    for ident, want in checks:
        got = value(ident)
        tap.ok(got is not None and abs(got - want) <= 1e-6 * max(1, want),
               "%s = %s" % (ident, want), "got %s" % got)
    load = STATE["by"].get("fx/load/load")
    tap.ok(load and load[-1].values == [0.5, 0.25, 0.1], "load/load",
           load and load[-1].values)
    psi = STATE["by"].get("fx/pressure-cpu/psi-some")
    tap.ok(psi and psi[-1].values == [1.5, 2.5, 3.5],
           "pressure-cpu/psi-some", psi and psi[-1].values)
    tap.ok(value("pressure-cpu/psi_stall-some") == 123456,
           "pressure-cpu/psi_stall-some")
    # fxproc (100) and its child 101; the zombie 50 is no member
    tap.ok(value("processes-fxproc/ps_count", "processes") == 2 and
           value("processes-fxproc/ps_count", "threads") == 4,
           "processes-fxproc/ps_count: 2 processes, 4 threads")
    tap.ok(value("processes-serve/ps_count", "processes") == 2,
           "ProcessMatch: 2 processes")
    tap.ok(value("processes-nothing/ps_count", "processes") == 0,
           "a group that matches nothing: ps_count 0")
    want_user = round((250 + 50) / HZ * 1e6)
    tap.ok(value("processes-fxproc/ps_cputime", "user") == want_user and
           value("processes-fxproc/ps_cputime", "syst") ==
           round(50 / HZ * 1e6),
           "processes-fxproc/ps_cputime in microseconds")
    tap.ok(value("processes-fxproc/ps_pagefaults", "minflt") == 1000 and
           value("processes-fxproc/ps_pagefaults", "majflt") == 3,
           "processes-fxproc/ps_pagefaults")
    pct = STATE["by"].get("fx/processes-fxproc/percent-cpu", [])
    tap.ok(pct and all(p["value"] == 0 for p in pct),
           "percent-cpu: 0 while nothing changes in the tree",
           [p["value"] for p in pct])


def test_missing_never_sent(tap, args):
    by = STATE["by"]
    missing = ["cpu-1/cpu-wait", "cpu-1/cpu-interrupt", "cpu-1/cpu-softirq",
               "cpu-1/cpu-steal", "memory/memory-buffered",
               "swap/swap_io-in", "swap/swap_io-out",
               "pressure-cpu/psi-full", "pressure-cpu/psi_stall-full",
               "pressure-io/psi-some", "pressure-memory/psi-some",
               "processes-fxproc/io_octets", "processes-fxproc/io_ops",
               "processes-fxproc/disk_octets"]
    sent = [m for m in missing if "fx/" + m in by]
    tap.ok(not sent, "what the tree lacks is never dispatched", sent)
    reads = len(by["fx/processes-fxproc/ps_count"])
    tap.ok(reads >= 3, "over %d reads" % reads)


def test_names(tap, args):
    """write_log prints each byte above 0x7f as "?"; the csv writer's
    directory names keep them, so the bytes are checked there."""
    by = STATE["by"]
    chip = 'bad"chip??? x'  # U+FFFD is three bytes
    want = {
        "fx/sensors-%s/temperature-Core_0 \"a\"_b" % chip: 51.0,
        "fx/sensors-%s/temperature-line1_line2" % chip: 52.5,
        "fx/sensors-%s/temperature-temp3" % chip: -5.0,
    }
    for ident, t in want.items():
        s = by.get(ident)
        tap.ok(s and s[-1]["value"] == t, "%r = %s" % (ident, t),
               sorted(i for i in by if "sensors" in i))
    tap.ok(len([i for i in by if "/sensors-" in i]) == 3,
           "three temperatures, nothing else")
    csv = os.path.join(STATE["d"].dir.encode(), b"csv", b"fx")
    dirs = sorted(d for d in os.listdir(csv) if d.startswith(b"sensors-"))
    tap.ok(dirs == ['sensors-bad"chip\ufffd x'.encode("utf-8")],
           "the chip's invalid byte is U+FFFD in valid UTF-8", dirs)
    files = sorted(os.listdir(os.path.join(csv, dirs[0]))) if dirs else []
    names = sorted(f.rsplit(b"-", 3)[0] for f in files)
    tap.ok(names == [b'temperature-Core_0 "a"_b',
                     b"temperature-line1_line2", b"temperature-temp3"],
           "labels: \"/\", tab and newline as \"_\", quotes kept", names)


def teardown(tap, args):
    if "d" in STATE:
        STATE["d"].cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([setup, test_exact_values,
                                  test_missing_never_sent, test_names,
                                  teardown]))
