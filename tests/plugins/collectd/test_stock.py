#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_stock.py: ostat.so side by side with collectd's own cpu, memory,
# load, swap, uptime, users, interface, disk, df and processes plugins in
# one daemon. ostat.so
# sends under Host "ostat" so that the two do not collide; the same
# identifiers then carry the same quantities. Both plugins read in the
# same second (their value lists of one read are paired by time, at most
# 0.5 s apart), so the tolerances below are for what can change in that
# gap and for the documented differences of definition.
import os
import re
import sys
import time

import cdtest
from cdtest import HZ, MIB

BURN = "ostatburn"  # under 15 bytes: the stock plugin matches the comm

STOCK = """
LoadPlugin cpu
LoadPlugin memory
LoadPlugin load
LoadPlugin swap
LoadPlugin uptime
LoadPlugin users
LoadPlugin interface
LoadPlugin disk
LoadPlugin df
LoadPlugin processes
<Plugin processes>
  ProcessMatch "all" ".*"
  Process "%s"
</Plugin>
""" % BURN

OSTAT = """
  Host "ostat"
  ProcessMatch "all" ".*"
  Process "%s"
""" % BURN

# Burn about half a CPU: 20 ms busy, 20 ms asleep.
BURN_CODE = """
import time
while True:
    t = time.monotonic() + 0.02
    while time.monotonic() < t:
        pass
    time.sleep(0.02)
"""

# Keep the disk busy: 64 KiB written and synced every 20 ms, so that the
# disks' counters and their time per operation move.
WRITE_CODE = """
import os, sys, time
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT, 0o600)
block = os.urandom(65536)
i = 0
while True:
    os.pwrite(fd, block, (i % 64) * 65536)
    os.fsync(fd)
    i += 1
    time.sleep(0.02)
"""

STATE = {}


def setup(tap, args):
    d = cdtest.Daemon(args, ostat=OSTAT, stock=STOCK, name="stock")
    burn = cdtest.spawn_named(d.dir, BURN, BURN_CODE)
    writer = cdtest.spawn_named(d.dir, "ostatwrite", WRITE_CODE,
                                [d.dir + "/written"])
    before = cdtest.devices_now()
    try:
        time.sleep(0.3)
        d.start()
        d.wait_for(lambda vs: sum(
            1 for v in vs
            if v.ident == "ostat/processes-%s/ps_cputime" % BURN) >= 5 and
            sum(1 for v in vs
                if v.ident == "testhost/processes-%s/ps_cputime" % BURN) >= 5,
            timeout=20)
        d.stop()
    finally:
        cdtest.stop_child(burn)
        cdtest.stop_child(writer)
    vals = d.values()
    after = cdtest.devices_now()
    STATE.update(d=d, by=cdtest.by_ident(vals),
                 stable={k: before[k] & after[k] for k in before})
    tap.ok(vals, "the daemon ran both", d.log_text()[-2000:])
    text = d.log_text()
    # In a chroot the stock df plugin finds no mount table it can use and
    # says so; that is its complaint, not ostat.so's.
    bad = [l for l in cdtest.error_lines(text)
           if "refuse to be read" not in l and
           not (("df plugin" in l or "setmntent" in l or "mnttab" in l or
                 "mtab" in l) and not cdtest.root_mounted())]
    tap.ok(not bad, "no error, warning or duplicate-value line",
           "\n".join(bad[:20]))
    if bad:  # on stderr too, which test runners show when a test fails
        sys.stderr.write("collectd's log:\n%s\n" % "\n".join(bad[:20]))


def pairs(ident, max_gap=0.5):
    """(stock, ostat) value lists of the same read."""
    by = STATE["by"]
    stock = by.get("testhost/" + ident, [])
    ours = by.get("ostat/" + ident, [])
    out = []
    for s in stock:
        o = cdtest.nearest(ours, s.time)
        if o is not None and abs(o.time - s.time) <= max_gap:
            out.append((s, o))
    return out


def check_pairs(tap, ident, ds, tol, desc, need=2, most=False):
    """Every pair within tol(stock, ostat, gap); with @most, more than half
    of them (for sums over every process of a shared machine, where a
    process that lives a few milliseconds is seen by one scan only)."""
    ps = pairs(ident)
    if len(ps) < need:
        tap.ok(False, "%s: paired reads" % ident,
               "only %d pairs" % len(ps))
        return
    bad = [(s[ds], o[ds], round(o.time - s.time, 3)) for s, o in ps
           if abs(s[ds] - o[ds]) > tol(s, o, abs(o.time - s.time))]
    ok = len(bad) * 2 < len(ps) if most else not bad
    tap.ok(ok, "%s: %s%s" % (ident, desc, " (most reads)" if most else ""),
           "stock, ostat, gap: %s" % bad)


def check_counter(tap, ident, dss, desc="equal but for their growth in "
                  "the gap between the reads"):
    """A counter (or level) of several data sources: in every pair, each
    within what it can move in the gap, at the fastest rate the stock
    plugin's series shows (plus 50 ms for the read before the dispatch,
    and 2 for rounding)."""
    by = STATE["by"]
    ps = pairs(ident)
    if len(ps) < 2:
        tap.ok(False, "%s: paired reads" % ident, "only %d pairs" % len(ps))
        return
    bad = []
    for ds in dss:
        r = cdtest.max_rate(by["testhost/" + ident], ds)
        bad += [(ds, s[ds], o[ds], round(o.time - s.time, 3)) for s, o in ps
                if abs(s[ds] - o[ds]) > r * (abs(o.time - s.time) + 0.05) + 2]
    tap.ok(not bad, "%s: %s" % (ident, desc), "ds, stock, ostat, gap: %s" % bad)


def same_idents(tap, what):
    """The identifiers of plugin @what of the stock plugin and of
    ostat.so, without the host: a test point that the stock plugin sent
    some, and one that ostat.so sent each of those whose device was there
    before and after the run."""
    by = STATE["by"]
    stock = sorted(i[len("testhost/"):] for i in by
                   if i.startswith("testhost/" + what + "-"))
    ours = sorted(i[len("ostat/"):] for i in by
                  if i.startswith("ostat/" + what + "-"))
    tap.ok(stock, "the stock %s plugin reported" % what, sorted(by)[:40])
    missing = [i for i in stock if i not in ours and
               cdtest.instance_of(i, what) in STATE["stable"][what]]
    tap.ok(not missing, "ostat.so reports every %s identifier of the stock "
           "plugin" % what, "missing: %s" % missing)
    return stock, ours


def no_other(tap, what, stock, ours):
    """ostat.so sent no identifier of a device that was there all along
    that the stock plugin did not."""
    extra = [i for i in ours if i not in stock and
             cdtest.instance_of(i, what) in STATE["stable"][what]]
    tap.ok(not extra, "and no other", extra)


def test_interface(tap, args):
    """interface-<dev>/if_*: the same counters of /proc/net/dev, and the
    same interfaces."""
    stock, ours = same_idents(tap, "interface")
    no_other(tap, "interface", stock, ours)
    for i in stock:
        check_counter(tap, i, ("rx", "tx"))


def test_disk(tap, args):
    """disk-<dev>/*: the same counters of /proc/diskstats (the stock
    plugin's disk_octets counts from 0 at its first read, which is the
    kernel's counter while that does not wrap). ostat.so sends
    pending_operations and disk_merged whenever the kernel has them, the
    stock plugin once they were not 0: every identifier of the stock
    plugin, and more perhaps."""
    stock, ours = same_idents(tap, "disk")
    by = STATE["by"]
    dss = {"disk_octets": ("read", "write"), "disk_ops": ("read", "write"),
           "disk_merged": ("read", "write"),
           "disk_io_time": ("io_time", "weighted_io_time")}
    for i in stock:
        t = i.split("/")[1]
        if t in dss:
            check_counter(tap, i, dss[t])
        elif t == "pending_operations":
            # the I/Os in flight at the instant of each read: within 16
            check_pairs(tap, i, "value", lambda s, o, gap: 16, "within 16")
    # disk_time: both grow by the average milliseconds per operation of
    # each interval times its length: the same rate over the run (the
    # stock plugin's first value holds the average since boot, and it
    # rounds each step to a millisecond), within 25% or 1 ms
    for i in [i for i in stock if i.endswith("/disk_time")]:
        for ds in ("read", "write"):
            a = cdtest.rate(by["testhost/" + i][1:], ds)
            b = cdtest.rate(by["ostat/" + i][1:], ds)
            tap.ok(a is not None and b is not None and
                   abs(a - b) <= max(1.0, 0.25 * a),
                   "%s %s: the same milliseconds per operation" % (i, ds),
                   (a, b))


def test_df(tap, args):
    """df-<mount>/df_complex-*: the same statvfs of the same mount points,
    named the same; equal but for what the filesystem's use changed by
    between two reads at most (other programs write here), and 64 MiB."""
    if not cdtest.root_mounted():
        tap.skip("df beside the stock df plugin", cdtest.NO_ROOT)
        return
    stock, ours = same_idents(tap, "df")
    no_other(tap, "df", stock, ours)
    by = STATE["by"]
    tap.ok("testhost/df-root/df_complex-used" in by, "df-root: / is root")
    for i in stock:
        step = cdtest.max_step(by["testhost/" + i])
        check_pairs(tap, i, "value", lambda s, o, gap, st=step: st + 64 * MIB,
                    "equal within the largest step and 64 MiB")


def test_cpu(tap, args):
    """cpu-N/cpu-<state>: the same jiffies of /proc/stat; in the gap
    between the two reads a state gains at most HZ per second. The times
    are those of the dispatches; a read comes up to 20 ms before."""
    by = STATE["by"]
    idents = sorted(i[len("testhost/"):] for i in by
                    if i.startswith("testhost/cpu-"))
    tap.ok(len(idents) >= 8, "the stock cpu plugin reported", idents)
    missing = [i for i in idents if "ostat/" + i not in by]
    tap.ok(not missing, "ostat.so reports every cpu-N/cpu-* of the stock "
           "plugin", missing)
    for i in idents:
        check_pairs(tap, i, "value",
                    lambda s, o, gap: HZ * (gap + 0.02) + 3,
                    "equal but for HZ x the gap between the reads")


def test_memory(tap, args):
    """free and buffered are the same /proc/meminfo fields: equal but for
    what changed in the gap (1% of memory or 32 MiB). ostat's cached
    (psutil's) is the page cache plus reclaimable slab, the stock
    plugin's cached plus slab_recl. used differs by definition (psutil:
    total - available; stock: total - free - buffers - cache - slab) and
    is checked against /proc/meminfo by test_groups.py."""
    total = cdtest.meminfo()["MemTotal"]
    tol = max(32 * MIB, 0.01 * total)
    for ti in ("free", "buffered"):
        check_pairs(tap, "memory/memory-" + ti, "value",
                    lambda s, o, gap: tol, "equal within %d MiB"
                    % (tol // MIB))
    by = STATE["by"]
    recl = by.get("testhost/memory/memory-slab_recl", [])
    bad = []
    ps = pairs("memory/memory-cached")
    for s, o in ps:
        r = cdtest.nearest(recl, s.time)
        if r is None or abs(s["value"] + r["value"] - o["value"]) > tol:
            bad.append((s["value"], r and r["value"], o["value"]))
    tap.ok(ps and not bad, "memory/memory-cached: stock cached + slab_recl",
           bad)


def test_load(tap, args):
    """The same kernel averages; the stock plugin reads sysinfo() (1/65536
    steps), ostat /proc/loadavg (hundredths): 0.006 apart at most, unless
    the kernel updated them between the two reads (every 5 s)."""
    ps = pairs("load/load")
    close = [all(abs(s[d] - o[d]) <= 0.006
                 for d in ("shortterm", "midterm", "longterm"))
             for s, o in ps]
    tap.ok(ps and sum(close) >= len(ps) - 1,
           "load/load: equal to the hundredth but across an update",
           [(s.values, o.values) for s, o in ps])


def test_swap(tap, args):
    """swap-free is the same; ostat's used (psutil's, total - free)
    includes the swap cache the stock plugin sends apart; swap_io in
    pages, as the stock plugin's default."""
    check_pairs(tap, "swap/swap-free", "value",
                lambda s, o, gap: 16 * MIB, "equal within 16 MiB")
    by = STATE["by"]
    cached = by.get("testhost/swap/swap-cached", [])
    ps = pairs("swap/swap-used")
    bad = []
    for s, o in ps:
        c = cdtest.nearest(cached, s.time)
        cv = c["value"] if c is not None else 0
        if abs(s["value"] + cv - o["value"]) > 16 * MIB:
            bad.append((s["value"], cv, o["value"]))
    tap.ok(ps and not bad, "swap/swap-used: stock used + cached", bad)
    for ti in ("in", "out"):
        check_pairs(tap, "swap/swap_io-" + ti, "value",
                    lambda s, o, gap: 256, "equal within 256 pages")


def test_uptime_users(tap, args):
    check_pairs(tap, "uptime/uptime", "value",
                lambda s, o, gap: gap + 1.01, "within a second")
    check_pairs(tap, "users/users", "value", lambda s, o, gap: 0, "equal")


def test_process_states(tap, args):
    """Both take "running" from the kernel's count and the rest from each
    process's state letter: processes come, go and change state in the
    gap (other programs run here), so within a few."""
    for ti, tol in (("running", 6), ("sleeping", 12), ("zombies", 5),
                    ("stopped", 3), ("paging", 0), ("blocked", 4)):
        check_pairs(tap, "processes/ps_state-" + ti, "value",
                    lambda s, o, gap, t=tol: t, "within %d" % tol)
    # forks: rates over the run within 10% or 20 a second
    by = STATE["by"]
    a = cdtest.rate(by.get("testhost/processes/fork_rate", []))
    b = cdtest.rate(by.get("ostat/processes/fork_rate", []))
    tap.ok(a is not None and b is not None and
           abs(a - b) <= max(20, 0.1 * a),
           "processes/fork_rate: the same rate", (a, b))
    check_pairs(tap, "processes/fork_rate", "value",
                lambda s, o, gap: 5000 * gap + 50,
                "the same counter but for forks in the gap")


def test_group_all(tap, args):
    """ProcessMatch "all" ".*" in both: the live processes and their
    threads (zombies count in neither), memory summed over them."""
    check_pairs(tap, "processes-all/ps_count", "processes",
                lambda s, o, gap: 10, "processes within 10")
    check_pairs(tap, "processes-all/ps_count", "threads",
                lambda s, o, gap: 20, "threads within 20")
    check_pairs(tap, "processes-all/ps_rss", "value",
                lambda s, o, gap: max(64 * MIB, 0.1 * s["value"]),
                "within 10% or 64 MiB", most=True)
    # Under AddressSanitizer the daemon itself maps terabytes of shadow
    # memory that come and go between the two plugins' reads: the sum of
    # every process's VM is compared only without it.
    if "LD_PRELOAD" in cdtest.sanitizer_env(
            os.path.join(args.plugin_dir, "ostat.so")):
        tap.skip("processes-all/ps_vm", "the daemon runs under ASan")
    else:
        check_pairs(tap, "processes-all/ps_vm", "value",
                    lambda s, o, gap: max(256 * MIB, 0.1 * s["value"]),
                    "within 10% or 256 MiB", most=True)
    # CPU, in microseconds per second: the stock plugin adds up each
    # process's growth from its first read on; ostat.so counts a process
    # that started since its last scan with all the time it has used,
    # since it used it meanwhile. Where processes come and go all the time
    # (other tests run beside this one) ostat.so's rate is the higher: at
    # least the stock plugin's (less 25% or 5% of a CPU), at most what the
    # CPUs spent in user, nice, system, interrupt and softirq time by the
    # stock cpu plugin over the same reads (plus 10% or 5% of a CPU).
    by = STATE["by"]
    ours = {}
    for ds in ("user", "syst"):
        a = cdtest.rate(by["testhost/processes-all/ps_cputime"][1:], ds)
        b = ours[ds] = cdtest.rate(by["ostat/processes-all/ps_cputime"][1:],
                                   ds)
        tap.ok(a is not None and b is not None and
               b >= a - max(50000, 0.25 * a),
               "processes-all/ps_cputime %s: at least the stock plugin's "
               "rate" % ds, (a, b))
    busy = 0.0
    for ident, series in by.items():
        m = re.match(r"testhost/cpu-\d+/cpu-(user|nice|system|interrupt|"
                     r"softirq)$", ident)
        if m:
            busy += (cdtest.rate(series[1:]) or 0) * 1e6 / HZ
    total = (ours["user"] or 0) + (ours["syst"] or 0)
    tap.ok(busy > 0 and total <= busy + max(50000, 0.1 * busy),
           "processes-all/ps_cputime: at most the CPUs' busy time",
           (total, busy))


def test_group_burn(tap, args):
    """Process "ostatburn" in both: one process using half a CPU."""
    by = STATE["by"]
    g = "processes-%s/" % BURN
    check_pairs(tap, g + "ps_count", "processes", lambda s, o, gap: 0,
                "one process in both")
    last = by["ostat/" + g + "ps_count"][-1]
    tap.ok(last["processes"] == 1 and last["threads"] == 1,
           g + "ps_count: 1 process, 1 thread", last.values)
    check_pairs(tap, g + "ps_rss", "value", lambda s, o, gap: 2 * MIB,
                "within 2 MiB")
    check_pairs(tap, g + "ps_vm", "value", lambda s, o, gap: 2 * MIB,
                "within 2 MiB")
    for ds in ("user", "syst"):
        a = cdtest.rate(by["testhost/" + g + "ps_cputime"][1:], ds)
        b = cdtest.rate(by["ostat/" + g + "ps_cputime"][1:], ds)
        tap.ok(a is not None and b is not None and
               abs(a - b) <= max(30000, 0.15 * a),
               g + "ps_cputime %s: the same rate (us/s)" % ds, (a, b))
    # percent-cpu against the stock plugin's CPU time: it burns what the
    # shared machine lets it (half a CPU when idle), so compared, not fixed
    st = by["testhost/" + g + "ps_cputime"][1:]
    a = cdtest.rate(st, "user")
    b = cdtest.rate(st, "syst")
    pct = [p["value"] for p in by["ostat/" + g + "percent-cpu"][1:]]
    mean = sum(pct) / len(pct) if pct else None
    want = (a + b) / 1e4 if a is not None and b is not None else None
    tap.ok(mean is not None and want is not None and want > 5 and
           abs(mean - want) <= max(5.0, 0.25 * want),
           g + "percent-cpu: the stock plugin's CPU time per second",
           (pct, want))
    # the stock plugin adds up each counter's growth from 0 at its first
    # read, ostat from the sum at its first read: the same rates
    for t, ds in (("io_octets", "rx"), ("io_octets", "tx"),
                  ("io_ops", "read"), ("ps_pagefaults", "minflt")):
        a = cdtest.rate(by["testhost/" + g + t][1:], ds)
        b = cdtest.rate(by["ostat/" + g + t][1:], ds)
        tap.ok(a is not None and b is not None and
               abs(a - b) <= max(64, 0.2 * a),
               g + t + " " + ds + ": the same rate", (a, b))


def teardown(tap, args):
    if "d" in STATE:
        STATE["d"].cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([
        setup, test_cpu, test_memory, test_load, test_swap,
        test_uptime_users, test_interface, test_disk, test_df,
        test_process_states, test_group_all, test_group_burn, teardown]))
