#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_fake.py: ostat against a made-up machine: a host prefix holding a
# procfs and a utmp file written by this test, so every value ostat prints
# is known in advance, including strings that are invalid UTF-8 or carry
# control characters.
import os
import platform
import re
import struct
import sys
import tempfile
import unicodedata

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import clean_env, is_number, run  # noqa: E402

KB = 1024
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")

STAT = """\
cpu  1000 200 300 4000 50 60 70 80 0 0
cpu0 500 100 150 2000 25 30 35 40 0 0
cpu2 500 100 150 2000 25 30 35 40 0 0
intr 123456 1 2 3
ctxt 987654321
btime 1700000000
processes 4242
procs_running 3
procs_blocked 1
softirq 55555 1 2
"""

MEMINFO = {
    "MemTotal": 8000000, "MemFree": 1000000, "MemAvailable": 5000000,
    "Buffers": 100000, "Cached": 2000000, "SwapCached": 0,
    "Active": 3000000, "Inactive": 1500000, "Shmem": 50000,
    "Slab": 300000, "SReclaimable": 200000, "SwapTotal": 2000000,
    "SwapFree": 1500000,
}

PSI_CPU = ("some avg10=1.25 avg60=2.50 avg300=3.75 total=123456\n"
           "full avg10=0.50 avg60=0.25 avg300=0.10 total=6543\n")
PSI_MEMORY = "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n"

USER_PROCESS, DEAD_PROCESS = 7, 8
# (type, pid, line, user, host, seconds) of the utmp records.
UTMP = [
    (USER_PROCESS, 1234, b"pts/0", b"alice", b"10.0.0.1", 1700000000),
    (USER_PROCESS, 1235, b"tty\x1b[31m1", b"b\xffob\n\"x\\\x01", b"",
     1700000100),
    (DEAD_PROCESS, 1, b"", b"gone", b"", 0),
    (USER_PROCESS, 1236, b"pts/9", b"carol", b"h" * 200, 1700000200),
]


def utmp_record(typ, pid, line, user, host, sec):
    """A glibc struct utmp as laid out on x86-64 (384 bytes)."""
    return struct.pack("<hxxi32s4s32s256shhiii16s20s", typ, pid, line, b"",
                       user, host, 0, 0, 0, sec, 0, b"", b"")


def make_root(top):
    proc = os.path.join(top, "proc")
    os.makedirs(os.path.join(proc, "pressure"))
    os.makedirs(os.path.join(top, "var", "run"))

    def write(rel, text):
        with open(os.path.join(top, rel), "w") as f:
            f.write(text)

    write("proc/stat", STAT)
    write("proc/meminfo", "".join("%s: %d kB\n" % kv
                                  for kv in MEMINFO.items()))
    write("proc/vmstat", "pswpin 100\npswpout 200\n")
    write("proc/loadavg", "1.50 0.75 0.25 2/345 6789\n")
    write("proc/uptime", "12345.67 20000.00\n")
    write("proc/pressure/cpu", PSI_CPU)
    write("proc/pressure/memory", PSI_MEMORY)
    if platform.machine() == "x86_64":
        with open(os.path.join(top, "var", "run", "utmp"), "wb") as f:
            for r in UTMP:
                f.write(utmp_record(*r))
        return True
    return False


def near(a, b, tol=1e-9):
    return is_number(a) and abs(a - b) <= tol * max(1.0, abs(b))


# The made-up root, created once for all the tests below.
ROOT = None
HAS_UTMP = False


def helpers(ostat):
    """Run ostat on the made-up root: as JSON, or for its raw output."""
    env = clean_env(TZ="UTC")

    def js(*args):
        return clitest.ostat_json(ostat, "--host-prefix", ROOT, *args,
                                  env=env)

    def table(*args):
        return run([ostat, "--host-prefix", ROOT] + list(args), env=env)

    return js, table


def test_memory(tap, ostat):
    check_memory(tap, *helpers(ostat))


def test_cpu(tap, ostat):
    check_cpu(tap, *helpers(ostat))


def test_system(tap, ostat):
    check_system(tap, *helpers(ostat))


def test_users(tap, ostat):
    if HAS_UTMP:
        check_users(tap, *helpers(ostat))
    else:
        tap.skip("users from a made-up utmp",
                 "the utmp layout is only known for x86-64 here")


def test_overview(tap, ostat):
    check_overview(tap, helpers(ostat)[1], HAS_UTMP)


def check_memory(tap, js, table):
    vm = js("virtual_memory")
    expect = {
        "total": MEMINFO["MemTotal"] * KB,
        "available": MEMINFO["MemAvailable"] * KB,
        "free": MEMINFO["MemFree"] * KB,
        "buffers": MEMINFO["Buffers"] * KB,
        "cached": (MEMINFO["Cached"] + MEMINFO["SReclaimable"]) * KB,
        "shared": MEMINFO["Shmem"] * KB,
        "active": MEMINFO["Active"] * KB,
        "inactive": MEMINFO["Inactive"] * KB,
        "slab": MEMINFO["Slab"] * KB,
        "used": (MEMINFO["MemTotal"] - MEMINFO["MemAvailable"]) * KB,
        "percent": 37.5,
    }
    bad = ["%s: %r, expected %r" % (k, vm.get(k), v)
           for k, v in expect.items() if vm.get(k) != v]
    tap.ok(not bad, "virtual_memory --json equals the made-up meminfo",
           "\n".join(bad))
    rc, out, _ = table("virtual_memory")
    tap.ok(rc == 0 and re.search(rb"^total\s+8192000000\s+7\.6G$", out,
                                 re.M),
           "virtual_memory table shows bytes and bytes2human", out)

    sw = js("swap_memory")
    expect = {"total": 2000000 * KB, "free": 1500000 * KB,
              "used": 500000 * KB, "percent": 25.0, "sin": 100 * PAGE,
              "sout": 200 * PAGE}
    bad = ["%s: %r, expected %r" % (k, sw.get(k), v)
           for k, v in expect.items() if sw.get(k) != v]
    tap.ok(not bad, "swap_memory --json equals the made-up meminfo/vmstat",
           "\n".join(bad))


def check_cpu(tap, js, table):
    ct = js("cpu_times")
    cols = [int(x) for x in STAT.splitlines()[0].split()[1:]]
    names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq",
             "steal", "guest", "guest_nice"]
    bad = ["%s: %r, expected %r" % (k, ct.get(k), v / TICKS)
           for k, v in zip(names, cols) if not near(ct.get(k), v / TICKS)]
    tap.ok(not bad, "cpu_times --json equals the made-up /proc/stat / %d"
           % TICKS, "\n".join(bad))
    per = js("cpu_times", "--percpu")
    tap.ok([e["cpu"] for e in per] == [0, 2] and
           near(per[1]["idle"], 2000 / TICKS),
           "cpu_times --percpu keeps the CPU numbers (cpu1 offline)", per)
    rc, out, _ = table("cpu_percent", "--percpu")
    rows = [l.split() for l in out.decode().splitlines()]
    tap.ok(rc == 0 and [r[0] for r in rows] == ["cpu", "0", "2"],
           "cpu_percent --percpu table labels rows with CPU numbers", rows)

    # The counters do not move, so every delta is 0: no division by zero.
    for args in (["cpu_percent"], ["cpu_percent", "--interval", "0"]):
        v = js(*args)
        tap.ok(is_number(v) and v == 0,
               "%s over an idle made-up machine is 0" % " ".join(args), v)
    v = js("cpu_percent", "--percpu")
    tap.ok(v == [0, 0], "cpu_percent --percpu gives [0, 0]", v)
    tp = js("cpu_times_percent")
    tap.ok(all(tp[k] is None or (is_number(tp[k]) and 0 <= tp[k] <= 100)
               for k in names),
           "cpu_times_percent with zero deltas gives numbers in 0..100", tp)

    st = js("cpu_stats")
    expect = {"ctx_switches": 987654321, "interrupts": 123456,
              "soft_interrupts": 55555, "syscalls": None, "forks": 4242,
              "procs_running": 3, "procs_blocked": 1}
    tap.ok(st == expect, "cpu_stats --json equals the made-up /proc/stat",
           "%r" % st)
    rc, out, _ = table("cpu_stats")
    tap.ok(re.search(rb"^syscalls\s+-$", out, re.M) is not None,
           "cpu_stats table shows the missing syscalls as '-'", out)

    la = js("getloadavg")
    tap.ok(near(la["load1"], 1.5) and near(la["load5"], 0.75) and
           near(la["load15"], 0.25) and la["runnable"] == 2 and
           la["entities"] == 345,
           "getloadavg --json equals the made-up /proc/loadavg", la)


def check_system(tap, js, table):
    bt = js("boot_time")
    tap.ok(bt == 1700000000, "boot_time --json is btime of the made-up stat",
           bt)
    rc, out, _ = table("boot_time")
    tap.ok(b"2023-11-14 22:13:20 UTC" in out,
           "boot_time table shows it as local time (TZ=UTC)", out)
    up = js("uptime")
    tap.ok(near(up, 12345.67, 1e-12), "uptime --json is the made-up uptime",
           up)
    rc, out, _ = table("uptime")
    tap.ok(b"3:25" in out, "uptime table shows 3:25 for 12345 s", out)

    p = js("pressure")
    cpu = {"some_avg10": 1.25, "some_avg60": 2.5, "some_avg300": 3.75,
           "some_total": 123456, "full_avg10": 0.5, "full_avg60": 0.25,
           "full_avg300": 0.1, "full_total": 6543}
    bad = ["cpu %s: %r, expected %r" % (k, p["cpu"].get(k), v)
           for k, v in cpu.items() if not near(p["cpu"].get(k), v)]
    tap.ok(p["cpu"] is not None and not bad,
           "pressure cpu equals the made-up /proc/pressure/cpu",
           "\n".join(bad))
    mem = p["memory"]
    tap.ok(mem is not None and mem["some_total"] == 1 and
           all(mem[k] is None for k in ("full_avg10", "full_avg60",
                                        "full_avg300", "full_total")),
           "pressure memory without a full line has null full_*", mem)
    tap.ok(p["io"] is None and p["irq"] is None,
           "pressure io and irq without files are null", p)
    rc, out, _ = table("pressure")
    tap.ok(re.search(rb"^irq\s+some(\s+-){4}$", out, re.M) is not None,
           "pressure table shows an absent resource as '-'", out)


def check_users(tap, js, table):
    rc, out, err = table("users")
    text = out.decode("utf-8")
    tap.ok(rc == 0 and "\x1b" not in text and "\x01" not in text and
           "tty?[31m1" in text and "b\ufffdob?\"x\\?" in text,
           "users table replaces control characters with '?'", text)
    try:
        users = js("users")
    except clitest.OstatError as e:
        tap.ok(False, "users --json is valid JSON", e)
        return
    live = [r for r in UTMP if r[0] == USER_PROCESS]
    tap.ok(len(users) == len(live),
           "users lists the USER_PROCESS records only (%d)" % len(live),
           users)
    if len(users) != len(live):
        return
    bad = []
    for u, r in zip(users, live):
        want_name = r[3].decode("utf-8", "replace")
        want_term = r[2].decode("utf-8", "replace")
        if u["name"] != want_name:
            bad.append("name %r, expected %r" % (u["name"], want_name))
        if u["terminal"] != want_term:
            bad.append("terminal %r, expected %r" % (u["terminal"],
                                                      want_term))
        if u["started"] != r[5] or u["pid"] != r[1]:
            bad.append("started/pid %r/%r, expected %r/%r"
                       % (u["started"], u["pid"], r[5], r[1]))
    tap.ok(not bad, "users --json: strings repaired (U+FFFD) and escaped, "
           "times and pids exact", "\n".join(bad))
    tap.ok(users[0]["host"] == "10.0.0.1" and users[2]["host"] == "h" * 200,
           "users --json hosts as written", [u["host"] for u in users])

    rc, out, err = table("users", "--json")
    raw = out.decode("utf-8")
    tap.ok(all(ch == "\n" or unicodedata.category(ch) != "Cc" for ch in raw)
           and "\\u001b" in raw and "\\n" in raw and "\\u0001" in raw
           and "\\\"" in raw and "\\\\" in raw,
           "users --json escapes control characters, quotes, backslashes",
           raw)


def check_overview(tap, table, has_utmp):
    rc, out, err = table()
    text = out.decode("utf-8")
    tap.ok(rc == 0, "the overview of the made-up machine exits 0", err)
    for pat in (r"^Memory\s.*37\.5%$", r"total 7\.6G, used 2\.9G, "
                r"available 4\.8G, free 976\.6M", r"^Swap\s.*25\.0%$",
                r"^Load\s+1\.50  0\.75  0\.25", r"^Uptime\s+3:25, booted "
                r"2023-11-14 22:13:20 UTC", r"^\s+cpu\s+1\.25\s+2\.50\s+3\.75"
                r"\s+0\.50\s+0\.25\s+0\.10$", r"^\s+cpu0\b.*\bcpu2\b"):
        tap.ok(re.search(pat, text, re.M) is not None,
               "the overview shows /%s/" % pat, text)
    if has_utmp:
        tap.ok(re.search(r"^Users\s+3 logged in$", text, re.M) and
               "\x1b" not in text and "since 2023-11-14 22:13" in text,
               "the overview lists the made-up users safely", text)
    long_lines = [l for l in text.splitlines() if len(l) > 80]
    tap.ok(not long_lines, "the overview fits in 80 columns", long_lines)


def main():
    global ROOT, HAS_UTMP
    with tempfile.TemporaryDirectory(prefix="ostat-cli-") as top:
        ROOT = top
        HAS_UTMP = make_root(top)
        return clitest.main([test_memory, test_cpu, test_system, test_users,
                             test_overview])


if __name__ == "__main__":
    sys.exit(main())
