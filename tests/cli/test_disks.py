#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_disks.py: ostat disk_partitions, disk_usage and disk_io_counters on
# this machine against findmnt -J, df -B1 and /proc/diskstats read here;
# on a made-up machine (a host prefix this test writes) whose mount points
# hold newlines, tabs, escape sequences, quotes and invalid UTF-8, with the
# exact values it must print; and their bad usage.
import json
import os
import re
import sys
import tempfile

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import (MIB, clean_env, have, is_number, ostat_json,  # noqa
                     read_text, run, text_problems, write_file)

# psutil's field names, written down here rather than taken from ostat.
PARTITION = ["device", "mountpoint", "fstype", "opts"]
USAGE = ["total", "used", "free", "percent"]
IO = ["read_count", "write_count", "read_bytes", "write_bytes", "read_time",
      "write_time", "read_merged_count", "write_merged_count", "busy_time",
      "in_flight", "weighted_time", "discard_count", "discard_merged_count",
      "discard_bytes", "discard_time", "flush_count", "flush_time"]
# The numbers of a /proc/diskstats line, in the kernel's order, by the
# names above (sectors become bytes).
DISKSTATS = ["read_count", "read_merged_count", "read_bytes", "read_time",
             "write_count", "write_merged_count", "write_bytes", "write_time",
             "in_flight", "busy_time", "weighted_time", "discard_count",
             "discard_merged_count", "discard_bytes", "discard_time",
             "flush_count", "flush_time"]
RETRIES = 5
# How far used and free may move beyond what df saw before and after.
USAGE_TOL = 4 * MIB


# ---- this machine ----------------------------------------------------------

def findmnt():
    """Every mount, in mountinfo order: (source, target, fstype, options)."""
    rc, out, _ = run(["findmnt", "-J", "-l", "--nofsroot", "-o",
                      "SOURCE,TARGET,FSTYPE,OPTIONS"])
    if rc != 0:
        return None
    doc = json.loads(out.decode("utf-8", "surrogateescape"))
    # An empty source is null; psutil's "none" is "" in ostat.
    return [("" if f["source"] in (None, "none") else f["source"],
             f["target"], f["fstype"], opt_set(f["options"]))
            for f in doc["filesystems"]]


def device_fstypes():
    """Types /proc/filesystems lists without nodev, and zfs."""
    types = set()
    for line in read_text("/proc/filesystems").splitlines():
        words = line.split()
        if len(words) == 1:
            types.add(words[0])
        elif words == ["nodev", "zfs"]:
            types.add("zfs")
    return types


def opt_set(opts):
    """The options, whatever their order: ostat gives them as
    /proc/self/mounts (and psutil) does, a filesystem's flags such as
    lazytime before the mount's options; findmnt puts them after."""
    return tuple(sorted(opts.split(",")))


def as_rows(doc):
    return [(p["device"], p["mountpoint"], p["fstype"], opt_set(p["opts"]))
            for p in doc]


def stable(fn, check):
    """Call check(fn()) between two equal results of findmnt; returns the
    problems of the last attempt, or None."""
    bad = "findmnt never printed the same list twice"
    for _ in range(RETRIES):
        before = findmnt()
        got = fn()
        after = findmnt()
        if before is not None and before == after:
            bad = check(got, before)
            if bad is None:
                return None
    return bad


def test_partitions(tap, ostat):
    if not have("findmnt"):
        tap.skip("disk_partitions against findmnt -J", "no findmnt")
        return

    def same(doc, mounts):
        rows = as_rows(doc)
        return None if rows == mounts else "ostat %r\nfindmnt %r" % (rows,
                                                                    mounts)

    bad = stable(lambda: ostat_json(ostat, "disk_partitions", "--all"), same)
    tap.ok(bad is None, "disk_partitions --all --json equals findmnt -J, "
           "mount by mount", bad)

    types = device_fstypes()

    def physical(doc, mounts):
        want = [m for m in mounts if m[0] != "" and m[2] in types]
        return same(doc, want)

    bad = stable(lambda: ostat_json(ostat, "disk_partitions"), physical)
    tap.ok(bad is None, "disk_partitions --json equals findmnt -J's mounts "
           "of types on devices", bad)
    doc = ostat_json(ostat, "disk_partitions")
    # In a chroot no mount may be on a device (the comparison above holds
    # for an empty list): then the shape is seen on --all.
    shape = doc or ostat_json(ostat, "disk_partitions", "--all")
    tap.ok(shape and all(list(p) == PARTITION and
                         all(isinstance(p[k], str) for k in PARTITION)
                         for p in shape),
           "disk_partitions --json: objects of psutil's four strings", shape)
    rc, out, err = run([ostat, "disk_partitions"])
    lines = out.decode("utf-8", "replace").splitlines()
    tap.ok(rc == 0 and lines[0].split() == PARTITION and
           len(lines) == len(doc) + 1 and text_problems(out) is None,
           "disk_partitions prints a header and a line per partition",
           out + err)


def df(path):
    """df -B1's size, used, avail and Use% of @path, or None."""
    rc, out, _ = run(["df", "-B1", "--output=size,used,avail,pcent", "--",
                      path])
    if rc != 0:
        return None
    f = out.decode().splitlines()[1].split()
    return int(f[0]), int(f[1]), int(f[2]), f[3]


def usage_problems(u, path, before, after):
    """What is wrong with ostat's usage @u of @path, given df before and
    after: total exact, used and free bracketed with USAGE_TOL, percent
    within one of df's rounded-up Use%."""
    bad = []
    if list(u) != USAGE:
        bad.append("keys %r" % list(u))
    if not (u["total"] == before[0] == after[0]):
        bad.append("total %r, df %r and %r" % (u["total"], before[0],
                                                after[0]))
    for k, i in (("used", 1), ("free", 2)):
        lo, hi = sorted((before[i], after[i]))
        if not (lo - USAGE_TOL <= u[k] <= hi + USAGE_TOL):
            bad.append("%s %r, df %r and %r" % (k, u[k], before[i],
                                                 after[i]))
    if before[3] != "-" and abs(-(-u["percent"] // 1) -
                                int(before[3].rstrip("%"))) > 1:
        bad.append("percent %r, df %s" % (u["percent"], before[3]))
    if u["used"] + u["free"] > u["total"]:
        bad.append("used + free > total")
    return ["%s: %s" % (path, b) for b in bad]


def test_usage(tap, ostat):
    if not have("df"):
        tap.skip("disk_usage against df -B1", "no df")
        return
    bad = []
    for path in ("/", "/proc", os.getcwd()):
        before = df(path)
        u = ostat_json(ostat, "disk_usage", path)
        after = df(path)
        if before and after:
            bad += usage_problems(u, path, before, after)
    tap.ok(not bad, "disk_usage PATH --json against df -B1 (used and free "
           "within 4 MiB of df's before and after)", "\n".join(bad))

    doc = ostat_json(ostat, "disk_usage")
    parts = ostat_json(ostat, "disk_partitions")
    tap.ok([d["mountpoint"] for d in doc] == [p["mountpoint"] for p in parts]
           and all(list(d) == ["device", "mountpoint", "fstype"] + USAGE
                   for d in doc),
           "disk_usage --json lists every partition with its usage", doc)
    bad = []
    for d in doc:
        size = df(d["mountpoint"])
        if size and d["total"] is not None and d["total"] != size[0]:
            bad.append("%s: total %r, df %r" % (d["mountpoint"], d["total"],
                                                 size[0]))
    tap.ok(not bad, "disk_usage --json: each total equals df's", bad)
    rc, out, err = run([ostat, "disk_usage"])
    lines = out.decode("utf-8", "replace").splitlines()
    tap.ok(rc == 0 and lines[0].split() == ["Device", "Total", "Used", "Free",
                                            "Use%", "Type", "Mount"] and
           len(lines) == len(doc) + 1,
           "disk_usage without PATH prints a df-like table", out + err)


def diskstats():
    """/proc/diskstats as {name: {field: value}} in file order."""
    rows = {}
    for line in read_text("/proc/diskstats").splitlines():
        f = line.split()
        nums = [int(x) for x in f[3:]]
        names = (DISKSTATS if len(nums) != 4 else
                 ["read_count", "read_bytes", "write_count", "write_bytes"])
        row = dict(zip(names, nums))
        for k in ("read_bytes", "write_bytes", "discard_bytes"):
            if k in row:
                row[k] *= 512
        rows[f[2]] = row
    return rows


def bracket(got, before, after, what):
    bad = []
    for k, lo in before.items():
        if k == "in_flight":
            continue  # a level, not a counter
        hi = after[k]
        if got.get(k) is None or not lo <= got[k] <= hi:
            bad.append("%s %s: %r, diskstats %r then %r" % (what, k,
                                                             got.get(k), lo,
                                                             hi))
    return bad


def test_io(tap, ostat):
    bad = ["the devices changed at every attempt"]
    for _ in range(RETRIES):
        before = diskstats()
        doc = ostat_json(ostat, "disk_io_counters", "--perdisk")
        after = diskstats()
        if list(before) != list(after):
            continue
        bad = []
        if list(doc) != list(before):
            bad.append("devices %r, diskstats %r" % (list(doc),
                                                     list(before)))
        for name in before:
            if name in doc:
                bad += bracket(doc[name], before[name], after[name], name)
                if list(doc[name]) != IO:
                    bad.append("%s: keys %r" % (name, list(doc[name])))
        break
    tap.ok(not bad, "disk_io_counters --perdisk --json: every device of "
           "/proc/diskstats, counters between two reads of it",
           "\n".join(bad))

    def whole(name):
        return os.path.exists("/sys/block/" + name.replace("/", "!"))

    bad = ["the devices changed at every attempt"]
    for _ in range(RETRIES):
        before = diskstats()
        doc = ostat_json(ostat, "disk_io_counters")
        after = diskstats()
        if list(before) != list(after):
            continue
        disks = [n for n in before if whole(n)]
        if not disks:
            bad = [] if doc is None else ["no disk, but %r" % doc]
            break
        sums = []
        for rows in (before, after):
            keys = set.intersection(*(set(rows[n]) for n in disks))
            sums.append({k: sum(rows[n][k] for n in disks) for k in keys})
        bad = bracket(doc, sums[0], sums[1], "total")
        break
    tap.ok(not bad, "disk_io_counters --json: the sum over the disks "
           "/sys/block lists, between two reads of /proc/diskstats",
           "\n".join(bad))
    rc, out, err = run([ostat, "disk_io_counters", "--nowrap", "--json"])
    doc = json.loads(out) if rc == 0 else None
    tap.ok(rc == 0 and (doc is None or list(doc) == IO),
           "disk_io_counters --nowrap --json has the same fields", err)


# ---- a made-up machine ------------------------------------------------------

STAT = ("cpu  1 0 1 100 0 0 0 0 0 0\ncpu0 1 0 1 100 0 0 0 0 0 0\n"
        "btime 1700000000\n")
MEMINFO = (
    "MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 600 kB\n"
    "SwapTotal: 0 kB\nSwapFree: 0 kB\n")
FILESYSTEMS = "nodev\tproc\nnodev\ttmpfs\n\text4\n\txfs\n"
# The mount points: "/" (which exists here), then names that do not.
ODD_NL = b"/mnt/odd\nname\ttab"
ODD_ESC = b"/mnt/\x1b[31mred\"q\\ \xff"
MOUNTINFO = (
    b"21 1 252:1 / / rw,relatime - ext4 /dev/vda1 rw\n"
    b"22 21 0:20 / /proc rw - proc proc rw\n"
    b"23 21 252:16 / /mnt/odd\\012name\\011tab rw,noatime - xfs "
    b"/dev/vdb\\040x rw,attr2\n"
    b"24 21 252:17 / /mnt/\x1b[31mred\"q\\134\\040\xff ro - ext4 /dev/vdc "
    b"rw\n"
    b"25 21 0:30 / /run rw - tmpfs tmpfs rw,size=10k\n")
# vda (20 fields) with a partition, and vdb (14 fields): disks in sys/block.
DISKSTATS_TEXT = (
    " 252 0 vda 5 1 2048 7 3 2 4096 9 1 20 30 4 0 8 2 6 1\n"
    " 252 1 vda1 4 1 2040 6 3 2 4096 9 0 19 29 4 0 8 2 0 0\n"
    " 252 16 vdb 10 0 100 1 20 0 200 2 0 3 4\n")


def make_root(top):
    files = {
        "proc/stat": STAT, "proc/meminfo": MEMINFO,
        "proc/loadavg": "0.00 0.00 0.00 1/10 100\n",
        "proc/uptime": "100.00 100.00\n", "proc/filesystems": FILESYSTEMS,
        "proc/self/mountinfo": MOUNTINFO, "proc/diskstats": DISKSTATS_TEXT,
        "sys/block/vda/dev": "252:0\n", "sys/block/vdb/dev": "252:16\n",
    }
    for rel, data in files.items():
        write_file(os.path.join(top, rel), data)


def repaired(b):
    """@b as ostat's JSON gives it: invalid UTF-8 becomes U+FFFD."""
    return b.decode("utf-8", "replace")


def test_made_up(tap, ostat):
    with tempfile.TemporaryDirectory(prefix="ostat-cli-disks-") as top:
        make_root(top)
        check_made_up(tap, ostat, top)


def check_made_up(tap, ostat, top):
    env = clean_env(TZ="UTC")

    def js(*args):
        return ostat_json(ostat, "--host-prefix", top, *args, env=env)

    def table(*args):
        return run([ostat, "--host-prefix", top] + list(args), env=env)

    doc = js("disk_partitions")
    want = [{"device": "/dev/vda1", "mountpoint": "/", "fstype": "ext4",
             "opts": "rw,relatime"},
            {"device": "/dev/vdb x", "mountpoint": repaired(ODD_NL),
             "fstype": "xfs", "opts": "rw,noatime,attr2"},
            {"device": "/dev/vdc", "mountpoint": repaired(ODD_ESC),
             "fstype": "ext4", "opts": "ro"}]
    tap.ok(doc == want, "disk_partitions --json: the made-up mounts, "
           "escapes decoded, UTF-8 repaired, control characters escaped",
           "%r\n%r" % (doc, want))
    doc = js("disk_partitions", "--all")
    tap.ok([p["mountpoint"] for p in doc] ==
           ["/", "/proc", repaired(ODD_NL), repaired(ODD_ESC), "/run"],
           "disk_partitions --all --json lists every made-up mount", doc)

    rc, out, err = table("disk_partitions")
    lines = out.decode("utf-8", "replace").splitlines()
    tap.ok(rc == 0 and text_problems(out) is None and len(lines) == 4 and
           "/mnt/odd?name?tab" in lines[2] and "?[31mred\"q\\ \ufffd"
           in lines[3],
           "disk_partitions: one line per mount, control characters shown "
           "as '?'", out + err)

    # Nothing is mounted at the odd names here: their usage is unknown, and
    # that is not an error.
    doc = js("disk_usage")
    tap.ok(len(doc) == 3 and is_number(doc[0]["total"]) and
           all(doc[i][k] is None for i in (1, 2) for k in USAGE),
           "disk_usage --json: usage of /, null for mount points that are "
           "gone", doc)
    rc, out, err = table("disk_usage")
    tap.ok(rc == 0 and text_problems(out) is None and
           len(out.splitlines()) == 4, "disk_usage: a line per mount",
           out + err)

    doc = js("disk_io_counters", "--perdisk")
    vda = dict(zip(DISKSTATS, [5, 1, 2048 * 512, 7, 3, 2, 4096 * 512, 9, 1,
                               20, 30, 4, 0, 8 * 512, 2, 6, 1]))
    vdb = dict(zip(DISKSTATS, [10, 0, 100 * 512, 1, 20, 0, 200 * 512, 2, 0,
                               3, 4]))
    vdb.update({k: None for k in DISKSTATS[11:]})
    tap.ok(list(doc) == ["vda", "vda1", "vdb"] and doc["vda"] == vda and
           doc["vdb"] == vdb,
           "disk_io_counters --perdisk --json: the made-up lines, fields of "
           "a 14-field line after the 11th null", doc)
    doc = js("disk_io_counters")
    total = {k: vda[k] + vdb[k] for k in DISKSTATS[:11]}
    total.update({k: None for k in DISKSTATS[11:]})
    tap.ok(doc == total, "disk_io_counters --json sums vda and vdb, not "
           "vda1; a field not every disk has is null", doc)
    rc, out, err = table("disk_io_counters")
    tap.ok(rc == 0 and re.search(rb"^read_bytes\s+1099776\s+1\.0M$", out,
                                 re.M) and
           re.search(rb"^discard_count\s+-$", out, re.M),
           "disk_io_counters lists bytes with bytes2human, '-' for missing",
           out + err)

    rc, out, err = table()
    text = out.decode("utf-8", "replace")
    tap.ok(rc == 0, "the made-up machine's overview exits 0", err)
    disks = text[text.index("\nDisks"):].splitlines()[1:5]
    tap.ok(re.match(r"Disks     / +\[", disks[0]) and
           disks[1] == " " * 10 + "/mnt/odd?name~ not available" and
           disks[2] == " " * 10 + "/mnt/?[31mred~ not available" and
           disks[3] == " " * 10 + "read 1.0M in 15 I/Os, wrote 2.1M in 23 "
           "I/Os",
           "the overview shows each partition and the disks' I/O", disks)
    tap.ok(text_problems(out) is None and
           all(len(l) <= 80 for l in text.splitlines()),
           "the overview stays clean and within 80 columns", text)


# ---- usage ------------------------------------------------------------------

def test_bad_usage(tap, ostat):
    for args in (["disk_partitions", "--perdisk"],
                 ["disk_io_counters", "--all"],
                 ["disk_usage", "--nowrap"],
                 ["disk_usage", "/", "/tmp"],
                 ["disk_partitions", "/"],
                 ["virtual_memory", "--all"]):
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and b"--help" in err,
               "bad usage %r exits 2 with a message on stderr only" % args,
               "rc=%d out=%r err=%r" % (rc, out[:200], err[:300]))
    missing = "/nonexistent-ostat-disk-\n\x1b[31m"
    rc, out, err = run([ostat, "disk_usage", missing])
    text = err.decode("utf-8", "replace")
    tap.ok(rc == 1 and out == b"" and "OSTAT_EOS" in text and
           "/nonexistent-ostat-disk-?" in text and "\x1b" not in text and
           len(text.splitlines()) == 1,
           "disk_usage of a missing path exits 1 naming it, made safe",
           "rc=%d err=%r" % (rc, text))
    rc, out, _ = run([ostat, "--help"])
    tap.ok(all(c.encode() in out for c in ("disk_partitions", "disk_usage",
                                            "disk_io_counters", "--perdisk",
                                            "--nowrap", "--all")),
           "--help names the disk subcommands and their options")


if __name__ == "__main__":
    sys.exit(clitest.main([test_partitions, test_usage, test_io,
                           test_made_up, test_bad_usage]))
