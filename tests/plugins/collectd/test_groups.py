#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_groups.py: ostat.so alone in a real collectd with every group on.
# Values arrive for each group under the stock identifiers; they agree
# with the ostat program and with /proc read directly, within the
# tolerances stated at each check; no identifier is dispatched twice in
# one read, and nothing is NaN.
import os
import time

import cdtest
from cdtest import HZ, MIB, PAGE

CONF = """
  ProcessMatch "all" ".*"
  <ProcessMatch "collectd" "collectd -f -C $T/collectd.conf">
    CollectFileDescriptor true
    CollectContextSwitch true
    CollectMemoryFootprint true
    CollectMemoryDetails true
  </ProcessMatch>
"""


def proc_snapshot(pid):
    """The daemon's threads, descriptors, rss and CPU time from /proc."""
    status = dict(l.split(":", 1)
                  for l in cdtest.read_text("/proc/%d/status" % pid).splitlines()
                  if ":" in l)
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    fields = st[st.rindex(")") + 2:].split()
    return {
        "time": time.time(),
        "threads": int(status["Threads"]),
        "fds": len(os.listdir("/proc/%d/fd" % pid)),
        "rss": int(status["VmRSS"].split()[0]) * 1024,
        "cpu_us": (int(fields[11]) + int(fields[12])) * 1e6 / HZ,
    }


def run_daemon(args):
    before = cdtest.devices_now()
    d = cdtest.Daemon(args, ostat=CONF, name="groups").start()
    try:
        # the daemon's descriptors while it runs: the process scan keeps
        # each process's stat open from its second scan on, so their
        # number moves with the processes that come and go
        fds = []

        def counted(vs):
            reads = len({v.time for v in vs if v.ident ==
                         "testhost/processes-all/ps_count"})
            if reads >= 1:  # from the first read on
                try:
                    fds.append(len(os.listdir("/proc/%d/fd" % d.proc.pid)))
                except OSError:
                    pass
            return reads >= 4

        d.wait_for(counted)
        snap = proc_snapshot(d.proc.pid)
        snap["fds_seen"] = fds + [snap["fds"]]
        d.stop()
        vals = d.values()
        after = time.time()
        now = cdtest.devices_now()
        snap["stable"] = {k: before[k] & now[k] for k in before}
        return d, vals, after, snap
    except BaseException:
        d.cleanup()
        raise


STATE = {}


def setup(tap, args):
    d, vals, after, snap = run_daemon(args)
    STATE.update(d=d, vals=vals, after=after, snap=snap,
                 by=cdtest.by_ident(vals))
    tap.ok(len(vals) > 0, "collectd dispatched values from ostat.so",
           d.log_text()[-3000:])


def test_log_clean(tap, args):
    d = STATE["d"]
    text = d.log_text()
    bad = [l for l in cdtest.error_lines(text)
           if "refuse to be read" not in l]
    tap.ok("Initialization complete" in text, "collectd started")
    tap.ok(not bad, "no error, warning or duplicate-value line in the log",
           "\n".join(bad[:20]))


def expect(tap, by, idents, what):
    missing = [i for i in idents if i not in by]
    tap.ok(not missing, "%s: every identifier arrives" % what,
           "missing: %s\nhave: %s" % (missing, sorted(by)[:80]))


def test_groups_arrive(tap, args):
    by = STATE["by"]
    h = "testhost/"
    cpus = sorted(cdtest.read_proc_stat_cpus())
    states = ["user", "system", "idle", "nice", "wait", "interrupt",
              "softirq", "steal"]
    expect(tap, by, [h + "cpu-%d/cpu-%s" % (c, s) for c in cpus
                     for s in states], "cpu")
    expect(tap, by, [h + "memory/memory-" + t for t in
                     ("used", "free", "buffered", "cached")], "memory")
    expect(tap, by, [h + "swap/swap-used", h + "swap/swap-free",
                     h + "swap/swap_io-in", h + "swap/swap_io-out"], "swap")
    expect(tap, by, [h + "load/load"], "load")
    expect(tap, by, [h + "uptime/uptime"], "uptime")
    expect(tap, by, [h + "users/users"], "users")
    expect(tap, by, [h + "processes/ps_state-" + s for s in
                     ("running", "sleeping", "zombies", "stopped", "paging",
                      "blocked")] + [h + "processes/fork_rate"],
           "process states and forks")
    psi = cdtest.pressure_resources()
    if psi:
        idents = []
        for r, full in psi.items():
            idents += [h + "pressure-%s/psi-some" % r,
                       h + "pressure-%s/psi_stall-some" % r]
            if full:
                idents += [h + "pressure-%s/psi-full" % r]
        expect(tap, by, idents, "pressure")
    else:
        tap.ok(not [i for i in by if "/pressure-" in i],
               "pressure: nothing on a kernel without /proc/pressure")
    # the devices that were there before and after the run
    stable = STATE["snap"]["stable"]
    expect(tap, by, [h + "interface-%s/%s" % (n, t)
                     for n in stable["interface"]
                     for t in ("if_octets", "if_packets", "if_errors",
                               "if_dropped")], "interfaces")
    expect(tap, by, [h + "disk-%s/%s" % (n, t) for n in stable["disk"]
                     for t in ("disk_octets", "disk_ops")], "disks")
    disks = cdtest.active_disks()
    idle = [n for n in cdtest.read_diskstats() if n not in disks]
    tap.ok(not [i for i in by for n in idle if "/disk-%s/" % n in i],
           "disks: none that never read or wrote, as the disk plugin")
    if cdtest.root_mounted():
        expect(tap, by, [h + "df-root/df_complex-" + t
                         for t in ("used", "free", "reserved")], "df")
    else:
        tap.skip("df: every identifier arrives", cdtest.NO_ROOT)
    group = ["ps_count", "ps_cputime", "ps_rss", "ps_vm", "ps_pagefaults",
             "io_ops", "io_octets", "disk_octets", "percent-cpu"]
    expect(tap, by, [h + "processes-all/" + t for t in group],
           "process group \"all\"")
    expect(tap, by, [h + "processes-collectd/" + t for t in group + [
        "file_handles", "contextswitch-voluntary",
        "contextswitch-involuntary", "ps_uss", "ps_pss", "ps_data",
        "ps_code"]], "process group \"collectd\" with its switches")
    temps = cdtest.ostat_json(args.ostat, "sensors_temperatures")
    if temps:
        tap.ok(any("/sensors-" in i and "/temperature-" in i for i in by),
               "sensors: temperatures arrive")
    else:
        tap.ok(not [i for i in by if "/sensors-" in i],
               "sensors: none on a machine without sensors")


def test_no_double_dispatch(tap, args):
    by = STATE["by"]
    twice = []
    for ident, series in by.items():
        times = [v.time for v in series]
        if len(times) != len(set(times)):
            twice.append(ident)
        gaps = [b - a for a, b in zip(times, times[1:])]
        if gaps and min(gaps) < 0.5:  # Interval 1: one read per second
            twice.append("%s (gap %.3f s)" % (ident, min(gaps)))
    tap.ok(not twice, "no identifier is dispatched twice in one read",
           "\n".join(twice[:20]))
    # every value list of one read carries the same time
    reads = {}
    for v in STATE["vals"]:
        if v.host == "testhost" and (v.plugin != "load" or True):
            reads.setdefault(round(v.time, 3), 0)
            reads[round(v.time, 3)] += 1
    tap.ok(len(reads) <= len(by["testhost/processes-all/ps_count"]) + 1,
           "each read's value lists share one time",
           "times: %s" % sorted(reads)[:20])


def test_all_finite(tap, args):
    bad = [v.ident for v in STATE["vals"] if not cdtest.finite(v.values)]
    tap.ok(not bad, "every value is a finite number", bad[:20])
    types = {}
    for v in STATE["vals"]:
        types.setdefault(v.type, set()).update(v.dstypes)
    want = {"cpu": {"derive"}, "memory": {"gauge"}, "ps_cputime": {"derive"},
            "ps_count": {"gauge"}, "load": {"gauge"}, "swap_io": {"derive"},
            "fork_rate": {"derive"}, "ps_rss": {"gauge"},
            "if_octets": {"derive"}, "disk_ops": {"derive"},
            "disk_time": {"derive"}, "df_complex": {"gauge"}}
    wrong = {t: types.get(t) for t in want if types.get(t) != want[t]}
    tap.ok(not wrong, "counters are DERIVE and levels GAUGE", wrong)


def test_cpu_agrees(tap, args):
    """Each CPU's jiffies against /proc/stat read after the daemon
    stopped: they can only have grown since, by at most HZ per second of
    wall time per state (plus 2 ticks of rounding)."""
    by, after = STATE["by"], STATE["after"]
    now = cdtest.read_proc_stat_cpus()
    cols = {"user": 0, "nice": 1, "system": 2, "idle": 3, "wait": 4,
            "interrupt": 5, "softirq": 6, "steal": 7}
    bad = []
    for cpu, row in now.items():
        for name, col in cols.items():
            if col >= len(row):
                continue
            s = by.get("testhost/cpu-%d/cpu-%s" % (cpu, name))
            if not s:
                bad.append("cpu-%d/%s missing" % (cpu, name))
                continue
            v = s[-1]
            grew = row[col] - v["value"]
            limit = HZ * (after - v.time + 1) + 2
            if grew < -2 or grew > limit:
                bad.append("cpu-%d/%s: ostat %d at %.2f, /proc/stat %d at "
                           "%.2f" % (cpu, name, v["value"], v.time, row[col],
                                     after))
    tap.ok(not bad, "cpu-N/cpu-*: the jiffies of /proc/stat", "\n".join(bad))


def test_memory_agrees(tap, args):
    """memory-* against /proc/meminfo with psutil's formulas, and against
    the ostat program, read just after: within 2% of the total or 64 MiB
    (other programs run on this machine)."""
    by = STATE["by"]
    mi = cdtest.meminfo()
    cli = cdtest.ostat_json(args.ostat, "virtual_memory")
    tol = max(64 * MIB, 0.02 * mi["MemTotal"])
    want = {
        "used": mi["MemTotal"] - mi.get("MemAvailable", 0),
        "free": mi["MemFree"],
        "buffered": mi.get("Buffers", 0),
        "cached": mi["Cached"] + mi.get("SReclaimable", 0),
    }
    cli_of = {"used": "used", "free": "free", "buffered": "buffers",
              "cached": "cached"}
    for ti, w in want.items():
        v = by["testhost/memory/memory-" + ti][-1]["value"]
        tap.ok(abs(v - w) <= tol, "memory-%s: /proc/meminfo within %d MiB"
               % (ti, tol // MIB), "ostat.so %d, /proc/meminfo %d" % (v, w))
        c = cli[cli_of[ti]]
        tap.ok(abs(v - c) <= tol, "memory-%s: the ostat program" % ti,
               "ostat.so %d, ostat %d" % (v, c))


def test_load_uptime_users(tap, args):
    by, after = STATE["by"], STATE["after"]
    with open("/proc/loadavg") as f:
        la = [float(x) for x in f.read().split()[:3]]
    v = by["testhost/load/load"][-1]
    # the kernel moves the averages every 5 s: within 10% or 0.3
    ok = all(abs(v[ds] - la[i]) <= max(0.3, 0.1 * la[i])
             for i, ds in enumerate(("shortterm", "midterm", "longterm")))
    tap.ok(ok, "load/load: /proc/loadavg", "ostat.so %s, /proc %s"
           % (v.values, la))
    with open("/proc/uptime") as f:
        up = float(f.read().split()[0])
    v = by["testhost/uptime/uptime"][-1]
    expect_up = v["value"] + (after - v.time)
    tap.ok(abs(expect_up - up) <= 1.5, "uptime/uptime: /proc/uptime within "
           "1.5 s", "ostat.so %.2f (+%.2f), /proc %.2f"
           % (v["value"], after - v.time, up))
    users = cdtest.ostat_json(args.ostat, "users")
    v = by["testhost/users/users"][-1]
    tap.ok(v["value"] == len(users), "users/users: the ostat program",
           "ostat.so %s, ostat %d" % (v["value"], len(users)))


def test_collectd_group(tap, args):
    """The daemon's own group, against /proc/<its pid> read just after its
    fourth read, while it ran."""
    by, snap = STATE["by"], STATE["snap"]
    series = by["testhost/processes-collectd/ps_count"]
    v = cdtest.nearest(series, snap["time"])
    tap.ok(v["processes"] == 1, "processes-collectd/ps_count: one process",
           v.values)
    # collectd makes its threads at start: the count holds
    tap.ok(v["threads"] == snap["threads"],
           "processes-collectd/ps_count: the threads of /proc/PID/status",
           "ostat.so %s, /proc %d" % (v["threads"], snap["threads"]))
    ct = by["testhost/processes-collectd/ps_cputime"]
    tap.ok(all(b["user"] >= a["user"] and b["syst"] >= a["syst"]
               for a, b in zip(ct, ct[1:])),
           "processes-collectd/ps_cputime never falls")
    # read before the snapshot: behind it by what the daemon used between
    # (under 300 ms here), never ahead
    c = [x for x in ct if x.time <= snap["time"]][-1]
    us = c["user"] + c["syst"]
    tap.ok(0 <= snap["cpu_us"] - us <= 300000,
           "processes-collectd/ps_cputime: /proc/PID/stat's utime + stime",
           "ostat.so %d us, /proc %d us" % (us, snap["cpu_us"]))
    # from the second read on, within 2 of what /proc/PID/fd showed
    # after the first, polled every 0.1 s
    seen = snap["fds_seen"]
    fh = by["testhost/processes-collectd/file_handles"][1:]
    bad = [v["value"] for v in fh
           if not min(seen) - 2 <= v["value"] <= max(seen) + 2]
    tap.ok(fh and not bad, "processes-collectd/file_handles: /proc/PID/fd "
           "within 2 of what it was meanwhile", "ostat.so %s, /proc %d..%d"
           % ([v["value"] for v in fh], min(seen), max(seen)))
    rss = cdtest.nearest(by["testhost/processes-collectd/ps_rss"],
                         snap["time"])["value"]
    tap.ok(abs(rss - snap["rss"]) <= 4 * MIB,
           "processes-collectd/ps_rss: VmRSS within 4 MiB",
           "ostat.so %d, /proc %d" % (rss, snap["rss"]))
    uss = by["testhost/processes-collectd/ps_uss"][-1]["value"]
    pss = by["testhost/processes-collectd/ps_pss"][-1]["value"]
    rss = by["testhost/processes-collectd/ps_rss"][-1]["value"]
    tap.ok(0 < uss <= pss <= rss + 4 * PAGE,
           "processes-collectd: uss <= pss <= rss", (uss, pss, rss))
    cs = by["testhost/processes-collectd/contextswitch-voluntary"]
    tap.ok(cs[-1]["value"] >= cs[0]["value"] > 0,
           "processes-collectd/contextswitch-voluntary grows", [
               c["value"] for c in cs])


def test_all_group(tap, args):
    """ProcessMatch "all" ".*" against /proc: the live processes (not
    zombies), within the churn of a shared machine (10% or 10)."""
    by = STATE["by"]
    n = 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    st = f.read()
            except OSError:
                continue
            if st[st.rindex(")") + 2] != "Z":
                n += 1
    v = by["testhost/processes-all/ps_count"][-1]["processes"]
    tap.ok(abs(v - n) <= max(10, 0.1 * n), "processes-all/ps_count: the "
           "live processes of /proc", "ostat.so %d, /proc %d" % (v, n))
    pct = by["testhost/processes-all/percent-cpu"]
    ncpu = len(cdtest.read_proc_stat_cpus())
    tap.ok(all(0 <= p["value"] <= 100 * ncpu + 20 for p in pct),
           "processes-all/percent-cpu: 0 to 100 x CPUs",
           [p["value"] for p in pct])
    ct = by["testhost/processes-all/ps_cputime"]
    tap.ok(all(b["user"] >= a["user"] and b["syst"] >= a["syst"]
               for a, b in zip(ct, ct[1:])),
           "processes-all/ps_cputime never falls, though processes end",
           [(c["user"], c["syst"]) for c in ct])


def teardown(tap, args):
    if "d" in STATE:
        STATE["d"].cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([
        setup, test_log_clean, test_groups_arrive, test_no_double_dispatch,
        test_all_finite, test_cpu_agrees, test_memory_agrees,
        test_load_uptime_users, test_collectd_group, test_all_group,
        teardown]))
