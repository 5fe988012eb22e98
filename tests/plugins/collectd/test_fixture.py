#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_fixture.py: ostat.so in a real collectd reading a procfs and sysfs
# tree written here (ProcfsRoot, SysfsRoot), so that every value is known
# exactly and some are missing on purpose. What the tree lacks is never
# dispatched, in any read: no zeros stand in for it. Names the system
# gives (a sensor chip and labels, an interface, mount points, with
# quotes, tabs, newlines, "/" and invalid UTF-8) arrive as safe
# identifiers. One disk's counters move while the daemon runs, at a known
# time per operation.
import os
import shutil
import threading
import time

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
    # sda: Linux 5.5; sda1: a 2.6 partition line (four numbers); loop0:
    # never used; sdc: moves (DiskMover)
    for dev in ("sda", "loop0", "sdc"):
        w(root + "/sys/block/%s/dev" % dev, "8:0\n")
    DiskMover(root).write()
    # an interface named with a quote and an invalid byte; dummy0 idle
    w(root + "/proc/net/dev",
      b"Inter-|   Receive                                                |"
      b"  Transmit\n"
      b" face |bytes    packets errs drop fifo frame compressed multicast|"
      b"bytes    packets errs drop fifo colls carrier compressed\n"
      b"    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0\n"
      b"  eth0: 5000 50 1 2 3 4 5 6 7000 70 8 9 10 11 12 13\n"
      b"  q\"x\xff: 11 1 0 0 0 0 0 0 22 2 0 0 0 0 0 0\n"
      b"dummy0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n")
    # mount points in the test's directory (statvfs reads them), one named
    # with a space (\040), one with a quote, a newline (\012) and an
    # invalid byte; /proc has no blocks; gone/ does not exist
    top = os.path.dirname(root).encode()
    os.makedirs(os.path.join(top, b"mnt a"))
    os.makedirs(os.path.join(top, b'q"\n\xff'))
    w(root + "/proc/self/mountinfo",
      b"20 1 8:1 / " + top + b"/mnt\\040a rw - ext4 /dev/sdz1 rw\n"
      b"21 1 0:4 / /proc rw - proc proc rw\n"
      b"22 1 8:2 / " + top + b"/gone rw - ext4 /dev/sdz2 rw\n"
      b"23 1 0:51 / " + top + b'/q"\\012\xff rw - xfs none rw\n')
    h = root + "/sys/class/hwmon/hwmon0/"
    w(h + "name", b'bad"chip\xff x\n')
    w(h + "temp1_input", "51000\n")
    w(h + "temp1_label", 'Core/0 "a"\tb\n')
    w(h + "temp2_input", "52500\n")
    w(h + "temp2_label", "line1\nline2\n")
    w(h + "temp3_input", "-5000\n")  # no label: temp3


class DiskMover:
    """Writes proc/diskstats: sda, sda1 and loop0 as they are, and sdc,
    whose counters grow at each step by 10 reads taking 50 ms (5 ms each)
    and 4 writes taking 40 ms (10 ms each). A thread steps every 0.25 s
    while the daemon runs; each file is written whole and renamed over
    the old one, so that no read sees half of it."""

    READ_MS, WRITE_MS = 5.0, 10.0

    def __init__(self, root):
        self.path = root + "/proc/diskstats"
        self.step = 0
        self.stop = threading.Event()

    def write(self):
        n = self.step
        text = ("   8       0 sda 100 10 2000 50 200 20 4000 80 2 120 130 5 1 "
                "64 7 3 9\n"
                "   8       1 sda1 4 8 2 16\n"
                "   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                "   8      32 sdc %d 0 %d %d %d 0 %d %d 0 %d %d\n"
                % (1000 + 10 * n, 8000 + 80 * n, 5000 + 50 * n, 500 + 4 * n,
                   4000 + 32 * n, 5000 + 40 * n, 900 + 60 * n, 9000 + 90 * n))
        cdtest.write_file(self.path + ".new", text)
        os.replace(self.path + ".new", self.path)

    def run(self):
        while not self.stop.wait(0.25):
            self.step += 1
            self.write()


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
    mover = DiskMover(d.dir + "/root")
    thread = threading.Thread(target=mover.run)
    d.start()
    thread.start()
    try:
        d.wait_reads("fx/processes-fxproc/ps_count", 3)
        d.wait_reads("fx/disk-sdc/disk_time", 4)
    finally:
        mover.stop.set()
        thread.join()
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
        ("disk-sda/pending_operations", 2),
    ]
    for ident, want in checks:
        got = value(ident)
        tap.ok(got is not None and abs(got - want) <= 1e-6 * max(1, want),
               "%s = %s" % (ident, want), "got %s" % got)
    pairs = [
        ("disk-sda/disk_octets", [2000 * 512, 4000 * 512]),
        ("disk-sda/disk_ops", [100, 200]),
        ("disk-sda/disk_merged", [10, 20]),
        ("disk-sda/disk_io_time", [120, 130]),
        ("disk-sda/disk_time", [0, 0]),  # nothing moves: no time per op
        ("disk-sda1/disk_octets", [8 * 512, 16 * 512]),
        ("disk-sda1/disk_ops", [4, 2]),
        ("interface-eth0/if_octets", [5000, 7000]),
        ("interface-eth0/if_packets", [50, 70]),
        ("interface-eth0/if_errors", [1, 8]),
        ("interface-eth0/if_dropped", [2, 9]),
        ("interface-lo/if_octets", [1000, 1000]),
        ("interface-dummy0/if_packets", [0, 0]),  # ReportInactive true
    ]
    for ident, want in pairs:
        s = STATE["by"].get("fx/" + ident)
        tap.ok(s and all(v.values == want for v in s),
               "%s = %s in every read" % (ident, want),
               s and [v.values for v in s])
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
               "processes-fxproc/disk_octets",
               # a 2.6 partition line has no times, merges or queue
               "disk-sda1/disk_time", "disk-sda1/disk_merged",
               "disk-sda1/pending_operations", "disk-sda1/disk_io_time"]
    sent = [m for m in missing if "fx/" + m in by]
    tap.ok(not sent, "what the tree lacks is never dispatched", sent)
    never = [i for i in by if "/disk-loop0/" in i or "/df-proc/" in i or
             i.endswith("-gone/df_complex-used")]
    tap.ok(not never, "no disk that never did I/O, no file system without "
           "blocks or that is not there", never)
    tap.ok(len([i for i in by if "/df-" in i]) == 6,
           "two file systems, three values each",
           sorted(i for i in by if "/df-" in i))
    reads = len(by["fx/processes-fxproc/ps_count"])
    tap.ok(reads >= 3, "over %d reads" % reads)


def test_disk_time(tap, args):
    """disk-sdc/disk_time grows, between two reads, by the seconds between
    them times the milliseconds per operation of what was done in between
    (5 for reads, 10 for writes in the tree), so that its rate is the time
    per operation as the disk plugin's; to the millisecond, as it is sent
    rounded."""
    by = STATE["by"]
    dt_ = by.get("fx/disk-sdc/disk_time", [])
    ops = by.get("fx/disk-sdc/disk_ops", [])
    moved = bad = 0
    rows = []
    for (a, b), (oa, ob) in zip(zip(dt_, dt_[1:]), zip(ops, ops[1:])):
        span = b.time - a.time
        for ds, ms in (("read", DiskMover.READ_MS),
                       ("write", DiskMover.WRITE_MS)):
            want = span * ms if ob[ds] > oa[ds] else 0
            got = b[ds] - a[ds]
            rows.append((ds, round(span, 3), got, round(want, 2)))
            moved += ob[ds] > oa[ds]
            bad += abs(got - want) > 1
    tap.ok(moved >= 2 and not bad, "disk-sdc/disk_time: seconds between "
           "reads x milliseconds per operation", rows)


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
    # an interface's name: the invalid byte as U+FFFD, the quote kept
    s = by.get('fx/interface-q"x???/if_octets')
    tap.ok(s and s[-1].values == [11, 22], "interface-q\"x\\xff/if_octets",
           sorted(i for i in by if "/interface-" in i))
    dirs = sorted(d for d in os.listdir(csv) if d.startswith(b"interface-q"))
    tap.ok(dirs == ['interface-q"x\ufffd'.encode("utf-8")],
           "the interface's invalid byte is U+FFFD in valid UTF-8", dirs)
    # mount points: the df plugin's names ("/" as "-"), the newline as
    # "_", the invalid byte as U+FFFD; their usage is statvfs's
    top = os.path.dirname(STATE["d"].dir + "/root")
    base = top[1:].replace("/", "-")
    dirs = sorted(d for d in os.listdir(csv) if d.startswith(b"df-"))
    tap.ok(dirs == sorted([("df-%s-mnt a" % base).encode(),
                           ('df-%s-q"_\ufffd' % base).encode("utf-8")]),
           "df-<mount point>: named as the df plugin, in valid UTF-8", dirs)
    s = by.get("fx/df-%s-mnt a/df_complex-used" % base)
    used = cdtest.statvfs_bytes(top + "/mnt a")[0]
    tap.ok(s and abs(s[-1]["value"] - used) <= cdtest.max_step(s) +
           64 * cdtest.MIB, "df-...-mnt a/df_complex-used: statvfs within "
           "the largest step and 64 MiB", (s and s[-1]["value"], used))


def teardown(tap, args):
    if "d" in STATE:
        STATE["d"].cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([setup, test_exact_values,
                                  test_missing_never_sent, test_disk_time,
                                  test_names, teardown]))
