#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_select.py: process selection in a real collectd. A process with a
# 30-byte name holding spaces is matched by Process (its full name, not
# the 15-byte comm that collectd's own processes plugin sees, shown side by
# side) and by ProcessMatch on a command line holding "/"; its child
# counts in its groups; a process that ends between two reads leaves its
# group at 0 without an error; a pidfile naming a dead pid gives a
# ps_count of 0.
import os
import subprocess
import time

import cdtest

LONG = "ostat test process with spaces"  # 30 bytes
assert len(LONG) == 30
ALIAS = "match/with slash"  # collectd's separator in a group name
SHORT = "ostat-short-lived"

LONG_CODE = """
import subprocess, sys, time
child = subprocess.Popen(["sleep", "60"])
open(sys.argv[2], "w").close()
time.sleep(60)
"""

STATE = {}


def setup(tap, args):
    ostat_conf = "\n".join([
        '  Host "ostat"',
        '  Process "%s"' % LONG,
        '  ProcessMatch "%s" "bin/%s .*--marker"' % (ALIAS, LONG),
        '  ProcessMatch "short" "%s"' % SHORT,
        '  ProcessPidFile "deadpid" "$T/dead.pid"',
        '  ProcessPidFile "livepid" "$T/live.pid"',
        '  ProcessUser "me" "%d"' % os.getuid(),
    ])
    stock = "\n".join([
        "LoadPlugin processes",
        "<Plugin processes>",
        '  Process "%s"' % LONG,
        "</Plugin>",
    ])
    d = cdtest.Daemon(args, name="select", ostat=ostat_conf, stock=stock)
    t = d.dir
    # a pid that was and is no more
    gone = subprocess.Popen(["true"])
    gone.wait()
    cdtest.write_file(os.path.join(t, "dead.pid"), "%d\n" % gone.pid)
    ready = os.path.join(t, "long.ready")
    long_proc = cdtest.spawn_named(t, LONG, LONG_CODE, ["--marker", ready])
    short = None
    try:
        cdtest.write_file(os.path.join(t, "live.pid"),
                          "%d\n" % long_proc.pid)
        end = time.time() + 20  # until the long process has its child
        while not os.path.exists(ready) and time.time() < end:
            time.sleep(0.05)
        short = cdtest.spawn_named(t, SHORT, "import time; time.sleep(2.2)")
        d.start()
        ident = "ostat/processes-short/ps_count"

        def short_gone(vs):
            seq = [v["processes"] for v in sorted(
                (v for v in vs if v.ident == ident), key=lambda v: v.time)]
            return 1 in seq and seq[-1] == 0 and seq.count(0) >= 2

        d.wait_for(short_gone, timeout=15)
        d.stop()
    finally:
        cdtest.stop_child(long_proc)
        cdtest.stop_child(short)
    STATE.update(d=d, by=cdtest.by_ident(d.values()))
    ours = [l for l in cdtest.error_lines(d.log_text())
            if "ostat plugin" in l and "refuse to be read" not in l]
    tap.ok(not ours, "no error or warning from ostat.so", "\n".join(ours))


def counts(ident):
    return [v["processes"] for v in STATE["by"].get(ident, [])]


def test_long_name(tap, args):
    c = counts("ostat/processes-%s/ps_count" % LONG)
    tap.ok(c and all(x == 2 for x in c),
           "Process \"%s\": the process and its child" % LONG, c)
    s = counts("testhost/processes-%s/ps_count" % LONG)
    tap.ok(s and all(x == 0 for x in s),
           "collectd's processes plugin sees only the 15-byte comm", s)
    c = counts("ostat/processes-%s/ps_count" % ALIAS.replace("/", "_"))
    tap.ok(c and all(x == 2 for x in c),
           "ProcessMatch on a command line with \"/\" and spaces; the "
           "group named \"%s\" arrives as \"%s\""
           % (ALIAS, ALIAS.replace("/", "_")), c)
    th = [v["threads"] for v in
          STATE["by"].get("ostat/processes-%s/ps_count" % LONG, [])]
    tap.ok(th and all(x == 2 for x in th), "... one thread each", th)


def test_short_lived(tap, args):
    ident = "ostat/processes-short/ps_count"
    c = counts(ident)
    first_zero = c.index(0) if 0 in c else None
    tap.ok(c and c[0] == 1 and first_zero is not None and
           all(x == 0 for x in c[first_zero:]),
           "a process that ends between two reads: 1, then 0", c)
    rss = [v["value"] for v in STATE["by"].get(
        "ostat/processes-short/ps_rss", [])]
    tap.ok(rss and rss[-1] == 0, "... and its group's memory 0", rss)
    cpu = STATE["by"].get("ostat/processes-short/ps_cputime", [])
    tap.ok(all(b["user"] >= a["user"] for a, b in zip(cpu, cpu[1:])),
           "... while its CPU time stays counted", [
               (v["user"], v["syst"]) for v in cpu])


def test_pidfiles(tap, args):
    c = counts("ostat/processes-deadpid/ps_count")
    tap.ok(c and all(x == 0 for x in c),
           "ProcessPidFile naming a dead pid: ps_count 0", c)
    th = [v["threads"] for v in
          STATE["by"].get("ostat/processes-deadpid/ps_count", [])]
    tap.ok(th and all(x == 0 for x in th), "... and 0 threads", th)
    c = counts("ostat/processes-livepid/ps_count")
    tap.ok(c and all(x == 2 for x in c),
           "ProcessPidFile naming a live pid: it and its child", c)


def test_user(tap, args):
    """ProcessUser: every process of this test's user, against /proc."""
    n = 0
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                status = cdtest.read_text("/proc/%s/status" % p)
            except OSError:
                continue
            uid = [l for l in status.splitlines() if l.startswith("Uid:")]
            state = [l for l in status.splitlines()
                     if l.startswith("State:")]
            if uid and int(uid[0].split()[1]) == os.getuid() and \
                    not (state and state[0].split()[1] == "Z"):
                n += 1
    c = counts("ostat/processes-me/ps_count")
    tap.ok(c and abs(c[-1] - n) <= max(10, 0.1 * n),
           "ProcessUser: the user's processes (within 10% or 10)",
           "ostat.so %s, /proc %d" % (c, n))


def teardown(tap, args):
    if "d" in STATE:
        STATE["d"].cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([
        setup, test_long_name, test_short_lived, test_pidfiles, test_user,
        teardown]))
