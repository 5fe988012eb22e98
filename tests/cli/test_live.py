#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_live.py: ostat's JSON on this machine against independent sources:
# procps (free, vmstat, uptime), util-linux (lscpu), coreutils (nproc),
# getconf, who and the kernel's own files under /proc. Each comparison
# states its tolerance; values that move are bracketed by reading the
# independent source before and after ostat.
import os
import platform
import re
import subprocess
import sys
import time

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import MIB, have, is_number, ostat_json, read_text, run  # noqa

# /proc/stat "cpu" columns, in order, by psutil's field names.
STAT_COLUMNS = ["user", "nice", "system", "idle", "iowait", "irq", "softirq",
                "steal", "guest", "guest_nice"]


def getconf(name):
    if not have("getconf"):
        return None
    rc, out, _ = run(["getconf", name])
    return int(out) if rc == 0 and out.strip().isdigit() else None


def online_cpus():
    """The number of online CPUs, from getconf (sysconf)."""
    return getconf("_NPROCESSORS_ONLN")


def widen_affinity():
    """In the child: allow every CPU, so nproc is not limited by the
    affinity the test runner inherited."""
    try:
        os.sched_setaffinity(0, range(4096))
    except OSError:
        pass


def proc_stat_cpu():
    """The "cpu" line of /proc/stat as a dict of ticks, and the cpuN ids."""
    total, ids = None, []
    for line in read_text("/proc/stat").splitlines():
        f = line.split()
        if f and f[0] == "cpu":
            total = dict(zip(STAT_COLUMNS, (int(x) for x in f[1:])))
        elif f and re.fullmatch(r"cpu\d+", f[0]):
            ids.append(int(f[0][3:]))
    return total, ids


def free_rows():
    """free -b as {"Mem": [...], "Swap": [...]} of ints."""
    rc, out, err = run(["free", "-b"])
    if rc != 0:
        raise RuntimeError("free -b failed: %r" % err)
    rows = {}
    for line in out.decode().splitlines():
        f = line.split()
        if f and f[0].endswith(":"):
            rows[f[0][:-1]] = [int(x) for x in f[1:]]
    return rows


def vmstat_s():
    """vmstat -s as {label: number}."""
    rc, out, err = run(["vmstat", "-s"])
    if rc != 0:
        raise RuntimeError("vmstat -s failed: %r" % err)
    d = {}
    for line in out.decode().splitlines():
        m = re.match(r"\s*(\d+)\s+(?:K\s+)?(.*\S)\s*$", line)
        if m:
            d[m.group(2)] = int(m.group(1))
    return d


def procps_version():
    rc, out, _ = run(["free", "--version"])
    m = re.search(rb"(\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(x) for x in m.groups()) if m else (0, 0, 0)


def test_cpu_count(tap, ostat):
    logical = ostat_json(ostat, "cpu_count")
    tap.ok(isinstance(logical, int) and logical >= 1,
           "cpu_count --json is a positive integer", logical)
    default = ostat_json(ostat, "cpu_count", "--logical")
    tap.ok(default == logical, "cpu_count defaults to --logical")
    if not have("nproc"):
        tap.skip("cpu_count == nproc", "nproc is not installed")
    else:
        rc, out, _ = run(["nproc"], preexec_fn=widen_affinity)
        nproc = int(out) if rc == 0 else None
        online = online_cpus()
        if online is not None and nproc != online:
            tap.skip("cpu_count == nproc",
                     "CPU affinity is restricted (nproc %s, online %s)"
                     % (nproc, online))
        else:
            tap.ok(logical == nproc, "cpu_count == nproc (%s)" % nproc,
                   "ostat %s" % logical)
    online = online_cpus()
    if online is None:
        tap.skip("cpu_count == getconf _NPROCESSORS_ONLN", "no getconf")
    else:
        tap.ok(logical == online,
               "cpu_count == getconf _NPROCESSORS_ONLN (%d)" % online,
               "ostat %s" % logical)

    physical = ostat_json(ostat, "cpu_count", "--physical")
    if not have("lscpu"):
        tap.skip("cpu_count --physical == lscpu cores", "no lscpu")
        return
    rc, out, _ = run(["lscpu", "-p=core,socket"])
    pairs = set()
    for line in out.decode().splitlines():
        if line and not line.startswith("#"):
            pairs.add(tuple(line.split(",")))
    if rc != 0 or not pairs or any("" in p for p in pairs):
        tap.skip("cpu_count --physical == lscpu cores",
                 "lscpu gives no core/socket topology here")
        return
    tap.ok(physical == len(pairs),
           "cpu_count --physical == distinct (core, socket) of lscpu (%d)"
           % len(pairs), "ostat %r" % physical)


def test_virtual_memory(tap, ostat):
    if not have("free"):
        tap.skip("virtual_memory vs free -b", "free is not installed")
        return
    vm = ostat_json(ostat, "virtual_memory")
    mem = free_rows()["Mem"]
    # free -b: total used free shared buff/cache available
    total, used, free, shared, buffcache, avail = mem[:6]
    tap.ok(vm["total"] == total, "virtual_memory total == free -b total",
           "ostat %r free %r" % (vm["total"], total))
    tap.ok(abs(vm["available"] - avail) <= 16 * MIB,
           "virtual_memory available within 16 MiB of free -b",
           "ostat %r free %r" % (vm["available"], avail))
    tap.ok(abs(vm["free"] - free) <= 16 * MIB,
           "virtual_memory free within 16 MiB of free -b",
           "ostat %r free %r" % (vm["free"], free))
    # procps >= 4.0.1 prints used = total - available, as psutil does;
    # older procps another formula, so compare with its columns instead.
    expect_used = used if procps_version() >= (4, 0, 1) else total - avail
    tap.ok(abs(vm["used"] - expect_used) <= 16 * MIB,
           "virtual_memory used within 16 MiB of free -b (total-available)",
           "ostat %r free %r" % (vm["used"], expect_used))
    tap.ok(abs(vm["shared"] - shared) <= 16 * MIB,
           "virtual_memory shared within 16 MiB of free -b",
           "ostat %r free %r" % (vm["shared"], shared))
    # free's buff/cache is Buffers + Cached + SReclaimable, psutil's
    # buffers + cached.
    tap.ok(abs(vm["buffers"] + vm["cached"] - buffcache) <= 16 * MIB,
           "virtual_memory buffers+cached within 16 MiB of free buff/cache",
           "ostat %r free %r" % (vm["buffers"] + vm["cached"], buffcache))
    pct = (total - avail) * 100.0 / total
    tap.ok(abs(vm["percent"] - pct) <= 0.5,
           "virtual_memory percent within 0.5 of (total-available)/total",
           "ostat %r free %r" % (vm["percent"], pct))


def test_swap_memory(tap, ostat):
    if not have("free"):
        tap.skip("swap_memory vs free -b", "free is not installed")
        return
    pagesize = getconf("PAGESIZE") or os.sysconf("SC_PAGE_SIZE")

    def pswp():
        d = {}
        for line in read_text("/proc/vmstat").splitlines():
            k, _, v = line.partition(" ")
            d[k] = int(v)
        return d.get("pswpin"), d.get("pswpout")

    before = pswp()
    sw = ostat_json(ostat, "swap_memory")
    after = pswp()
    total, used, free = free_rows()["Swap"][:3]
    tap.ok(sw["total"] == total, "swap_memory total == free -b (%d)" % total,
           "ostat %r" % sw["total"])
    tap.ok(abs(sw["used"] - used) <= 16 * MIB,
           "swap_memory used within 16 MiB of free -b",
           "ostat %r free %r" % (sw["used"], used))
    tap.ok(abs(sw["free"] - free) <= 16 * MIB,
           "swap_memory free within 16 MiB of free -b",
           "ostat %r free %r" % (sw["free"], free))
    if total == 0:
        tap.ok(sw["percent"] == 0, "swap_memory percent is 0 without swap",
               sw["percent"])
    else:
        tap.ok(abs(sw["percent"] - used * 100.0 / total) <= 1.0,
               "swap_memory percent within 1 of used/total", sw["percent"])
    if before[0] is None or sw["sin"] is None:
        tap.skip("swap_memory sin/sout vs /proc/vmstat", "no pswpin here")
    else:
        tap.ok(before[0] * pagesize <= sw["sin"] <= after[0] * pagesize and
               before[1] * pagesize <= sw["sout"] <= after[1] * pagesize,
               "swap_memory sin/sout == /proc/vmstat pswpin/pswpout * %d"
               % pagesize, "ostat %r before %r after %r"
               % ((sw["sin"], sw["sout"]), before, after))


def test_loadavg(tap, ostat):
    la = ostat_json(ostat, "getloadavg")
    f = read_text("/proc/loadavg").split()
    for i, k in enumerate(("load1", "load5", "load15")):
        tap.ok(abs(la[k] - float(f[i])) <= 1.0,
               "getloadavg %s within 1.0 of /proc/loadavg" % k,
               "ostat %r proc %r" % (la[k], f[i]))
    entities = int(f[3].split("/")[1])
    tap.ok(la["entities"] is None or
           abs(la["entities"] - entities) <= max(50, entities // 2),
           "getloadavg entities near /proc/loadavg's (%d)" % entities,
           la["entities"])


def test_boot_time(tap, ostat):
    bt = ostat_json(ostat, "boot_time")
    btime = None
    for line in read_text("/proc/stat").splitlines():
        if line.startswith("btime "):
            btime = int(line.split()[1])
    tap.ok(is_number(bt) and btime is not None and abs(bt - btime) < 1.5,
           "boot_time within 1.5 s of btime in /proc/stat",
           "ostat %r btime %r" % (bt, btime))
    if not have("uptime"):
        tap.skip("boot_time vs uptime -s", "uptime is not installed")
        return
    rc, out, _ = run(["uptime", "-s"])
    try:
        since = time.mktime(time.strptime(out.decode().strip(),
                                          "%Y-%m-%d %H:%M:%S"))
    except ValueError:
        tap.skip("boot_time vs uptime -s", "cannot parse %r" % out)
        return
    tap.ok(abs(bt - since) < 2.0, "boot_time within 2 s of uptime -s",
           "ostat %r uptime -s %r" % (bt, since))


def test_uptime(tap, ostat):
    before = float(read_text("/proc/uptime").split()[0])
    up = ostat_json(ostat, "uptime")
    after = float(read_text("/proc/uptime").split()[0])
    tap.ok(is_number(up) and before - 2 < up < after + 2,
           "uptime within 2 s of /proc/uptime",
           "before %r ostat %r after %r" % (before, up, after))


def test_cpu_times(tap, ostat):
    tck = getconf("CLK_TCK") or os.sysconf("SC_CLK_TCK")
    before, ids = proc_stat_cpu()
    ct = ostat_json(ostat, "cpu_times")
    after, _ = proc_stat_cpu()
    bad = []
    for k in STAT_COLUMNS:
        if k not in before:
            continue  # an old kernel without the column
        lo, hi = before[k] / tck - 1.0, after[k] / tck + 1.0
        if not (is_number(ct.get(k)) and lo <= ct[k] <= hi):
            bad.append("%s: ostat %r, /proc/stat %.2f..%.2f"
                       % (k, ct.get(k), lo + 1, hi - 1))
    tap.ok(not bad, "cpu_times within 1 s of /proc/stat / CLK_TCK (%d)"
           % tck, "\n".join(bad))
    tap.ok("cpu" not in ct, "system-wide cpu_times has no cpu field")

    per = ostat_json(ostat, "cpu_times", "--percpu")
    online = online_cpus()
    tap.ok(isinstance(per, list) and len(per) == (online or len(ids)),
           "cpu_times --percpu has one element per online CPU (%s)"
           % online, "got %d" % len(per))
    tap.ok([e.get("cpu") for e in per] == ids,
           "cpu_times --percpu cpu fields are the cpuN of /proc/stat",
           "ostat %r proc %r" % ([e.get("cpu") for e in per], ids))
    # Each CPU's user time is part of the total.
    tap.ok(all(0 <= e["user"] <= after["user"] / tck + 1 for e in per),
           "per-CPU user times do not exceed the total")


def spin(seconds):
    """Keep one CPU busy in a child process for @seconds."""
    code = ("import time\nt = time.time() + %f\nwhile time.time() < t:\n"
            "    pass\n" % seconds)
    return subprocess.Popen([sys.executable, "-c", code])


def test_cpu_percent(tap, ostat):
    ncpu = online_cpus() or os.cpu_count() or 1
    busy = spin(2.0)
    time.sleep(0.3)
    try:
        pct = ostat_json(ostat, "cpu_percent", "--interval", "0.5")
        per = ostat_json(ostat, "cpu_percent", "--interval", "0.5",
                         "--percpu")
        tp = ostat_json(ostat, "cpu_times_percent", "--interval", "0.5")
    finally:
        busy.wait()
    # A process spinning through the whole interval keeps one of the ncpu
    # CPUs busy: at least half of that share must show.
    floor = 0.5 * 100.0 / ncpu
    tap.ok(is_number(pct) and floor <= pct <= 100.0,
           "cpu_percent sees a spinning process (%.1f..100)" % floor, pct)
    tap.ok(isinstance(per, list) and len(per) == ncpu and
           all(is_number(v) and 0 <= v <= 100 for v in per),
           "cpu_percent --percpu: %d numbers in 0..100" % ncpu, per)
    tap.ok(sum(per) >= 50.0,
           "cpu_percent --percpu: the spinning process shows (sum >= 50)",
           per)
    # user already includes guest, nice includes guest_nice.
    parts = ["user", "system", "idle", "nice", "iowait", "irq", "softirq",
             "steal"]
    total = sum(tp[k] for k in parts if tp.get(k) is not None)
    tap.ok(abs(total - 100.0) <= 1.0,
           "cpu_times_percent fields add up to 100 +- 1", tp)
    tap.ok(tp["idle"] <= 100.0 - floor,
           "cpu_times_percent idle leaves room for the spinning process",
           tp)
    z = ostat_json(ostat, "cpu_percent", "--interval", "0")
    tap.ok(is_number(z) and 0 <= z <= 100,
           "cpu_percent --interval 0 gives a number", z)


def test_cpu_stats(tap, ostat):
    if not have("vmstat"):
        tap.skip("cpu_stats vs vmstat -s", "vmstat is not installed")
        return
    v1 = vmstat_s()
    s1 = ostat_json(ostat, "cpu_stats")
    v2 = vmstat_s()
    s2 = ostat_json(ostat, "cpu_stats")
    for key, label, slack in (("ctx_switches", "CPU context switches", 5000),
                              ("interrupts", "interrupts", 5000),
                              ("forks", "forks", 100)):
        if label not in v1:
            tap.skip("cpu_stats %s vs vmstat -s" % key,
                     "vmstat -s has no '%s'" % label)
            continue
        tap.ok(v1[label] - slack <= s1[key] <= v2[label] + slack,
               "cpu_stats %s within %d of vmstat -s" % (key, slack),
               "vmstat %r..%r ostat %r" % (v1[label], v2[label], s1[key]))
    tap.ok(s2["ctx_switches"] > s1["ctx_switches"] and
           s2["forks"] > s1["forks"],
           "cpu_stats ctx_switches and forks grow",
           "%r then %r" % (s1, s2))
    tap.ok(s1["procs_running"] >= 1,
           "cpu_stats procs_running counts at least ostat itself",
           s1["procs_running"])
    tap.ok(s1["syscalls"] is None, "cpu_stats syscalls is null on Linux",
           s1["syscalls"])


def test_users(tap, ostat):
    users = ostat_json(ostat, "users")
    tap.ok(isinstance(users, list), "users --json is an array", users)
    if not have("who"):
        tap.skip("users vs who", "who is not installed")
        return
    rc, out, _ = run(["who"])
    lines = [l for l in out.decode("utf-8", "replace").splitlines() if l]
    tap.ok(len(users) == len(lines), "users count == who (%d)" % len(lines),
           "ostat %r" % users)
    who_names = sorted(l.split()[0] for l in lines)
    names = sorted(u["name"] for u in users)
    tap.ok(names == who_names, "users names == who's", "%r %r"
           % (names, who_names))
    who_ttys = sorted(l.split()[1] for l in lines)
    ttys = sorted(u["terminal"] for u in users)
    tap.ok(ttys == who_ttys, "users terminals == who's", "%r %r"
           % (ttys, who_ttys))


def test_pressure(tap, ostat):
    def read(res):
        path = "/proc/pressure/" + res
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            return None
        d = {}
        for line in text.splitlines():
            kind, *kv = line.split()
            d[kind] = {k: float(v) for k, v in
                       (x.split("=") for x in kv)}
        return d

    before = {r: read(r) for r in ("cpu", "memory", "io", "irq")}
    p = ostat_json(ostat, "pressure")
    after = {r: read(r) for r in ("cpu", "memory", "io", "irq")}
    tap.ok(sorted(p) == ["cpu", "io", "irq", "memory"],
           "pressure --json has cpu, memory, io and irq", p)
    for res in ("cpu", "memory", "io", "irq"):
        if before[res] is None or after[res] is None:
            tap.ok(p.get(res) is None,
                   "pressure %s is null: /proc/pressure/%s is not readable"
                   % (res, res), p.get(res))
            continue
        o = p.get(res)
        if o is None:
            tap.ok(False, "pressure %s is reported" % res, p)
            continue
        bad = []
        for kind in ("some", "full"):
            if kind not in after[res]:
                if o[kind + "_total"] is not None:
                    bad.append("%s: no such line, yet %r" % (kind, o))
                continue
            lo = before[res][kind]["total"]
            hi = after[res][kind]["total"]
            if not (lo <= o[kind + "_total"] <= hi):
                bad.append("%s_total %r not in %r..%r"
                           % (kind, o[kind + "_total"], lo, hi))
            for w in ("avg10", "avg60", "avg300"):
                v = o[kind + "_" + w]
                if not (is_number(v) and 0 <= v <= 100):
                    bad.append("%s_%s = %r" % (kind, w, v))
        tap.ok(not bad, "pressure %s totals between two reads of "
               "/proc/pressure/%s, averages in 0..100" % (res, res),
               "\n".join(bad))


def test_cpu_freq(tap, ostat):
    f = ostat_json(ostat, "cpu_freq")
    per = ostat_json(ostat, "cpu_freq", "--percpu")
    if f is None:
        tap.ok(per == [], "cpu_freq null goes with cpu_freq --percpu []",
               per)
        return
    tap.ok(is_number(f["current"]) and f["current"] > 0,
           "cpu_freq current is a positive number", f)
    tap.ok(isinstance(per, list) and len(per) >= 1 and
           all(is_number(e["current"]) for e in per),
           "cpu_freq --percpu is an array with current numbers", per)
    base = "/sys/devices/system/cpu"
    maxes = []
    for e in per:
        path = "%s/cpu%d/cpufreq/scaling_max_freq" % (base, e["cpu"])
        if os.path.exists(path):
            maxes.append(int(read_text(path)) / 1000.0)
    if maxes and len(maxes) == len(per):
        tap.ok(f["max"] is not None and
               abs(f["max"] - sum(maxes) / len(maxes)) <= 1.0,
               "cpu_freq max == average scaling_max_freq within 1 MHz",
               "ostat %r sysfs %r" % (f["max"], maxes))
    else:
        mhz = [float(l.split(":")[1]) for l in
               read_text("/proc/cpuinfo").splitlines()
               if re.match(r"cpu MHz\s*:", l)]
        if not mhz:
            tap.skip("cpu_freq vs /proc/cpuinfo", "no 'cpu MHz' lines")
        else:
            tap.ok(min(mhz) * 0.5 <= f["current"] <= max(mhz) * 1.5,
                   "cpu_freq current near /proc/cpuinfo cpu MHz",
                   "ostat %r cpuinfo %r" % (f["current"], mhz))


def test_heap_info(tap, ostat):
    h = ostat_json(ostat, "heap_info")
    libc = platform.libc_ver()[0]
    if h is None:
        tap.ok(libc != "glibc", "heap_info is null only without glibc", libc)
        return
    tap.ok(isinstance(h["heap_used"], int) and h["heap_used"] >= 0 and
           isinstance(h["mmap_used"], int) and h["mmap_used"] >= 0,
           "heap_info: non-negative byte counts", h)
    # A sanitizer's allocator bypasses glibc's, whose counts are then 0.
    rc, out, _ = run(["ldd", ostat]) if have("ldd") else (1, b"", b"")
    if rc != 0 or re.search(rb"lib[alt]san", out):
        tap.skip("heap_info: the program has a heap in use",
                 "cannot tell whether glibc's malloc is in use")
    else:
        tap.ok(h["heap_used"] > 0,
               "heap_info: the program has a heap in use", h)


if __name__ == "__main__":
    sys.exit(clitest.main([test_cpu_count, test_virtual_memory,
                           test_swap_memory, test_loadavg, test_boot_time,
                           test_uptime, test_cpu_times, test_cpu_percent,
                           test_cpu_stats, test_users, test_pressure,
                           test_cpu_freq, test_heap_info]))
