#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_process.py: the process subcommands (pids, pid_exists, procinfo,
# kill) against what this test knows independently: the children it starts
# itself, the kernel's files under /proc, and Python's os and resource
# modules. Every child is killed and reaped, whatever happens.
import os
import pwd
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import (CHURN, PAGE, SLEEPER, TICKS, Children,  # noqa: E402
                     OstatError, check_equal, dead_pid, is_number,
                     ostat_json, proc_pids, proc_state, run, text_problems)

# psutil's RLIMIT_* names in lower case, in ostat's numbering.
RLIMITS = ["cpu", "fsize", "data", "stack", "core", "rss", "nproc",
           "nofile", "memlock", "as", "locks", "sigpending", "msgqueue",
           "nice", "rtprio", "rttime"]

PROCINFO_KEYS = [
    "pid", "name", "exe", "cmdline", "cwd", "username", "uids", "gids",
    "terminal", "status", "ppid", "parent_name", "create_time", "nice",
    "ionice", "num_threads", "num_fds", "num_ctx_switches", "cpu_times",
    "cpu_percent", "cpu_num", "cpu_affinity", "memory_info",
    "memory_footprint", "memory_percent", "page_faults", "io_counters",
    "rlimits", "threads", "children",
]


def test_pids(tap, ostat):
    before = proc_pids()
    got = ostat_json(ostat, "pids")
    after = proc_pids()
    tap.ok(isinstance(got, list) and all(isinstance(x, int)
                                         and not isinstance(x, bool)
                                         for x in got),
           "pids --json is an array of integers", repr(got)[:300])
    tap.ok(got == sorted(set(got)), "pids are ascending, without repeats")
    stable = set(before) & set(after)
    missing = sorted(stable - set(got))
    tap.ok(not missing, "pids lists every pid /proc listed before and after",
           missing)
    extra = sorted(set(got) - set(before) - set(after))
    tap.ok(len(extra) <= CHURN,
           "pids lists at most %d pids /proc never listed" % CHURN, extra)
    tap.ok(abs(len(got) - len(before)) <= CHURN,
           "pids counts %d, /proc %d (within %d)"
           % (len(got), len(before), CHURN))
    tap.ok(os.getpid() in got, "pids includes the test's own pid")
    # A thread that is not its group's leader is not a process.
    ready, stop = threading.Event(), threading.Event()
    tid = []

    def body():
        tid.append(threading.get_native_id())
        ready.set()
        stop.wait(30)

    t = threading.Thread(target=body)
    t.start()
    try:
        ready.wait(10)
        got = ostat_json(ostat, "pids")
        tap.ok(tid and tid[0] not in got and os.getpid() in got,
               "pids leaves out the test's second thread", tid)
        rc, out, err = run([ostat, "pid_exists", str(tid[0])])
        tap.ok(rc == 0 and out == b"false\n",
               "pid_exists is false for a thread id", (rc, out, err))
    finally:
        stop.set()
        t.join()

    rc, out, err = run([ostat, "pids"])
    lines = out.decode().splitlines()
    tap.ok(rc == 0 and lines and all(l.isdigit() for l in lines),
           "pids prints one pid per line", (rc, out[:200], err))
    nums = [int(l) for l in lines if l.isdigit()]
    tap.ok(nums == sorted(nums) and os.getpid() in nums,
           "the listing is ascending and has the test's pid")


def test_pid_exists(tap, ostat):
    me = os.getpid()
    tap.ok(ostat_json(ostat, "pid_exists", str(me)) is True,
           "pid_exists --json is true for the test's own pid")
    rc, out, err = run([ostat, "pid_exists", str(me)])
    tap.ok(rc == 0 and out == b"true\n", "pid_exists prints true",
           (rc, out, err))
    gone = dead_pid()
    exists = os.path.exists("/proc/%d" % gone)
    if exists:
        tap.skip("pid_exists is false for a reaped child",
                 "pid %d was reused" % gone)
    else:
        tap.ok(ostat_json(ostat, "pid_exists", str(gone)) is False,
               "pid_exists --json is false for a reaped child (%d)" % gone)
        rc, out, err = run([ostat, "pid_exists", str(gone)])
        tap.ok(rc == 0 and out == b"false\n",
               "pid_exists prints false and exits 0", (rc, out, err))
    tap.ok(ostat_json(ostat, "pid_exists", "0") is False,
           "pid_exists 0 is false")
    tap.ok(ostat_json(ostat, "pid_exists", "1") is True,
           "pid_exists 1 is true")
    for big in ("4294967295", "4294967297", "9223372036854775807"):
        tap.ok(ostat_json(ostat, "pid_exists", big) is False,
               "pid_exists %s (beyond any pid) is false" % big)
    for bad in (["abc"], ["-1"], ["1.5"], ["+3"], [""], [" 1"],
                ["99999999999999999999"], [], ["1", "2"]):
        rc, out, err = run([ostat, "pid_exists"] + bad)
        tap.ok(rc == 2 and out == b"" and b"--help" in err,
               "pid_exists %r is bad usage (exit 2)" % bad,
               "rc=%d out=%r err=%r" % (rc, out, err))


def test_usage(tap, ostat):
    rc, out, err = run([ostat, "--help"])
    text = out.decode()
    for word in ("pids", "pid_exists PID", "procinfo [PID]", "kill PID",
                 "--signal", "--environ", "--errors"):
        tap.ok(word in text, "--help mentions %s" % word)
    tap.ok(all(len(l) <= 80 for l in text.splitlines()),
           "--help still fits in 80 columns")
    for args in (["pids", "1"], ["pids", "--signal", "9"],
                 ["virtual_memory", "1"], ["procinfo", "1", "2"],
                 ["procinfo", "x"], ["procinfo", "--signal", "TERM"],
                 ["kill"], ["kill", "x"], ["kill", "1", "--signal"],
                 ["kill", "1", "--signal", "FOO"],
                 ["kill", "1", "--signal", "1000"],
                 ["kill", "1", "--signal", "-9"],
                 ["kill", "1", "--environ"], ["pid_exists", "1", "--errors"],
                 ["pids", "--environ"]):
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and b"--help" in err,
               "%r is bad usage (exit 2)" % args,
               "rc=%d out=%r err=%r" % (rc, out, err))


def test_procinfo_child(tap, ostat):
    args = ["arg with spaces", "ünïcødé ☃", ""]
    with Children() as kids, tempfile.TemporaryDirectory() as tmp:
        env = clitest.clean_env(OSTAT_TEST_VAR="välue with spaces")
        p = kids.sleeper(args=[a.encode() for a in args], cwd=tmp, env=env)
        pid = p.pid
        d = ostat_json(ostat, "procinfo", str(pid), "--errors", "--environ")
        with open("/proc/%d/statm" % pid) as f:
            statm_rss = int(f.read().split()[1]) * PAGE
        with open("/proc/%d/comm" % pid, "rb") as f:
            comm = f.read().rstrip(b"\n").decode("utf-8", "replace")
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read()
        fds = len(os.listdir("/proc/%d/fd" % pid))
        affinity = sorted(os.sched_getaffinity(pid))

        tap.ok(isinstance(d, dict), "procinfo --json is an object")
        missing = [k for k in PROCINFO_KEYS + ["environ", "errors"]
                   if k not in d]
        tap.ok(not missing, "procinfo has every field", missing)
        check_equal(tap, "pid", d.get("pid"), pid)
        check_equal(tap, "name == /proc/PID/comm", d.get("name"), comm)
        check_equal(tap, "exe == readlink /proc/PID/exe", d.get("exe"),
                    os.readlink("/proc/%d/exe" % pid))
        check_equal(tap, "cmdline == the child's argv", d.get("cmdline"),
                    [sys.executable, "-c", SLEEPER % ""] + args)
        check_equal(tap, "cwd == the directory it started in", d.get("cwd"),
                    os.path.realpath(tmp))
        check_equal(tap, "username", d.get("username"),
                    pwd.getpwuid(os.getuid()).pw_name)
        r, e, s = os.getresuid()
        check_equal(tap, "uids == getresuid()", d.get("uids"),
                    {"real": r, "effective": e, "saved": s})
        r, e, s = os.getresgid()
        check_equal(tap, "gids == getresgid()", d.get("gids"),
                    {"real": r, "effective": e, "saved": s})
        check_equal(tap, "status", d.get("status"), "sleeping")
        check_equal(tap, "ppid == the test's pid", d.get("ppid"),
                    os.getpid())
        with open("/proc/self/comm", "rb") as f:
            mine = f.read().rstrip(b"\n").decode("utf-8", "replace")
        check_equal(tap, "parent_name == the test's comm",
                    d.get("parent_name"), mine)
        fields = stat[stat.rindex(b")") + 2:].split()
        btime = clitest.boot_time()
        want = btime + int(fields[19]) / TICKS
        ct = d.get("create_time")
        tap.ok(is_number(ct) and abs(ct - want) <= 1.0,
               "create_time within 1 s of /proc/PID/stat's start time",
               "ostat %r, /proc %r" % (ct, want))
        check_equal(tap, "nice == getpriority()", d.get("nice"),
                    os.getpriority(os.PRIO_PROCESS, pid))
        check_equal(tap, "num_threads", d.get("num_threads"), 1)
        check_equal(tap, "num_fds == entries of /proc/PID/fd",
                    d.get("num_fds"), fds)
        check_equal(tap, "cpu_affinity == sched_getaffinity()",
                    d.get("cpu_affinity"), affinity)
        tap.ok(is_number(d.get("cpu_percent")) and d["cpu_percent"] >= 0,
               "cpu_percent is a number", d.get("cpu_percent"))
        ct = d.get("cpu_times") or {}
        tap.ok(all(is_number(ct.get(k)) for k in
                   ("user", "system", "children_user", "children_system")),
               "cpu_times has user, system and the children's", ct)
        mi = d.get("memory_info") or {}
        rss = mi.get("rss")
        tap.ok(is_number(rss) and abs(rss - statm_rss) <= statm_rss * 0.1,
               "memory_info.rss within 10%% of /proc/PID/statm (%d)"
               % statm_rss, "ostat %r" % rss)
        tap.ok(is_number(mi.get("vms")) and mi["vms"] >= (rss or 0),
               "memory_info.vms >= rss", mi)
        threads = d.get("threads")
        tap.ok(isinstance(threads, list) and len(threads) == 1
               and threads[0].get("id") == pid,
               "threads: one, whose id is the pid", threads)
        check_equal(tap, "children of a child that has none",
                    d.get("children"), [])
        env_d = d.get("environ") or {}
        check_equal(tap, "environ has the variable the test set",
                    env_d.get("OSTAT_TEST_VAR"), "välue with spaces")
        rl = d.get("rlimits") or {}
        check_equal(tap, "rlimits has the 16 resources", sorted(rl),
                    sorted(RLIMITS))
        for name in RLIMITS:
            const = getattr(resource, "RLIMIT_" + name.upper(), None)
            if const is None:
                continue
            soft, hard = resource.prlimit(pid, const)
            check_equal(tap, "rlimits.%s == prlimit()" % name, rl.get(name),
                        [soft, hard])
        errs = d.get("errors")
        tap.ok(isinstance(errs, dict) and all(d.get(k) is None for k in errs),
               "every field in errors is null", errs)
        # Only the child's own fields may fail, and not for lack of rights.
        tap.ok(isinstance(errs, dict) and
               all(k in ("memory_footprint", "io_counters", "ionice",
                         "cpu_num", "num_ctx_switches") and
                   v in ("OSTAT_ENOTSUP",) for k, v in errs.items()),
               "no field of the test's own child fails", errs)

        # The listing of the same process.
        rc, out, err = run([ostat, "procinfo", str(pid), "--environ"])
        text = out.decode("utf-8", "replace")
        rows = {}
        for line in text.splitlines():
            if line[:1] not in ("", " "):
                rows[line.split(None, 1)[0]] = line.split(None, 1)[1:]
        tap.ok(rc == 0 and err == b"", "procinfo exits 0, nothing on stderr",
               "rc=%d err=%r" % (rc, err))
        missing = [k for k in PROCINFO_KEYS + ["environ"] if k not in rows]
        tap.ok(not missing, "the listing has a row for every field",
               missing)
        tap.ok(rows.get("cmdline") == [" ".join([sys.executable, "-c",
                                                 (SLEEPER % "").replace(
                                                     "\n", "?")] + args)],
               "the listing's cmdline: the arguments joined, newlines as ?",
               rows.get("cmdline"))
        tap.ok(rows.get("status") == ["sleeping"], "the listing's status")
        tap.ok(text_problems(out) is None,
               "the listing is UTF-8 without control characters",
               text_problems(out))
        tap.ok("OSTAT_TEST_VAR=välue with spaces" in text,
               "--environ lists the variable")
        tap.ok("unlimited" in text or all(
            -1 not in v for v in rl.values() if v),
            "the listing shows infinite limits as unlimited")


def test_procinfo_self(tap, ostat):
    d = ostat_json(ostat, "procinfo")
    tap.ok(d.get("name") == "ostat" and d.get("ppid") == os.getpid(),
           "procinfo without a PID shows ostat itself",
           (d.get("name"), d.get("ppid")))
    tap.ok("environ" not in d and "errors" not in d,
           "environ and errors only when asked for", sorted(d))
    tap.ok(d.get("exe") == os.path.realpath(ostat),
           "its exe is the ostat being tested", d.get("exe"))
    tap.ok(d.get("children") == [], "ostat has no children")


def test_procinfo_zombie(tap, ostat):
    with Children() as kids:
        # Not waited for until the checks are done: a zombie meanwhile.
        p = kids.zombie()
        if proc_state(p.pid) != "Z":
            tap.ok(False, "the child became a zombie", proc_state(p.pid))
            return
        try:
            d = ostat_json(ostat, "procinfo", str(p.pid), "--errors")
        except OstatError as e:
            tap.ok(False, "procinfo on a zombie exits 0", str(e))
            return
        check_equal(tap, "zombie: status", d.get("status"), "zombie")
        check_equal(tap, "zombie: cmdline is null", d.get("cmdline"), None)
        check_equal(tap, "zombie: pid and ppid", (d.get("pid"),
                                                  d.get("ppid")),
                    (p.pid, os.getpid()))
        errs = d.get("errors") or {}
        check_equal(tap, "zombie: errors.cmdline", errs.get("cmdline"),
                    "OSTAT_ENOPROC_ZOMBIE")
        tap.ok(all(d.get(k) is None for k in errs),
               "zombie: every field in errors is null", errs)
        rc, out, err = run([ostat, "procinfo", str(p.pid)])
        tap.ok(rc == 0 and b"process is a zombie" in out,
               "zombie: the listing shows the error in place",
               "rc=%d out=%r err=%r" % (rc, out[:400], err))
        # A signal to a zombie succeeds and changes nothing.
        rc, out, err = run([ostat, "kill", str(p.pid)])
        tap.ok(rc == 0 and proc_state(p.pid) == "Z",
               "kill on a zombie exits 0", "rc=%d err=%r" % (rc, err))
        check_equal(tap, "the zombie is reaped with status 0", p.wait(10), 0)


def test_procinfo_gone(tap, ostat):
    gone = dead_pid()
    if os.path.exists("/proc/%d" % gone):
        tap.skip("procinfo on a nonexistent pid", "pid %d reused" % gone)
        return
    for extra in ([], ["--json"]):
        rc, out, err = run([ostat, "procinfo", str(gone)] + extra)
        tap.ok(rc == 1 and out == b"" and b"OSTAT_ENOPROC" in err,
               "procinfo %s on a reaped child's pid exits 1" % " ".join(extra),
               "rc=%d out=%r err=%r" % (rc, out[:200], err))
    rc, out, err = run([ostat, "procinfo", "0", "--json"])
    tap.ok(rc == 1 and out == b"", "procinfo 0 exits 1 (no pid 0)",
           "rc=%d err=%r" % (rc, err))


def test_kill(tap, ostat):
    cases = [([], -signal.SIGTERM), (["--signal", "TERM"], -signal.SIGTERM),
             (["--signal", "9"], -signal.SIGKILL),
             (["--signal", "SIGKILL"], -signal.SIGKILL),
             (["--signal=hup"], -signal.SIGHUP),
             (["--signal", "INT"], -signal.SIGINT),
             (["--signal", "usr1"], -signal.SIGUSR1),
             (["--signal", "USR2"], -signal.SIGUSR2)]
    with Children() as kids:
        for extra, want in cases:
            p = kids.start(["sleep", "30"])
            rc, out, err = run([ostat, "kill", str(p.pid)] + extra)
            try:
                status = p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                status = None
            tap.ok(rc == 0 and out == b"" and status == want,
                   "kill %s ends the child with %d" % (" ".join(extra), want),
                   "rc=%d err=%r status=%r" % (rc, err, status))
        # STOP and CONT, seen in /proc.
        p = kids.start(["sleep", "30"])
        rc, _, err = run([ostat, "kill", str(p.pid), "--signal", "STOP"])
        deadline = time.monotonic() + 10
        while proc_state(p.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        tap.ok(rc == 0 and proc_state(p.pid) == "T",
               "kill --signal STOP stops the child", err)
        rc, out, err = run([ostat, "kill", str(p.pid), "--signal", "CONT",
                            "--json"])
        deadline = time.monotonic() + 10
        # Resumed, it runs for an instant before it sleeps again.
        while proc_state(p.pid) not in ("S", "R") and \
                time.monotonic() < deadline:
            time.sleep(0.01)
        tap.ok(rc == 0 and proc_state(p.pid) in ("S", "R") and
               out == b"null\n",
               "kill --signal CONT --json resumes it and prints null",
               "rc=%d out=%r err=%r" % (rc, out, err))
        p.kill()
        p.wait(10)
    gone = dead_pid()
    if os.path.exists("/proc/%d" % gone):
        tap.skip("kill on a nonexistent pid", "pid %d reused" % gone)
    else:
        rc, out, err = run([ostat, "kill", str(gone)])
        tap.ok(rc == 1 and out == b"" and b"OSTAT_ENOPROC" in err,
               "kill on a reaped child's pid exits 1 with OSTAT_ENOPROC",
               "rc=%d err=%r" % (rc, err))
    if os.geteuid() == 0:
        tap.skip("kill 1 is denied", "the test runs as root")
    else:
        rc, out, err = run([ostat, "kill", "1", "--signal", "0"])
        tap.ok(rc == 1 and b"OSTAT_EACCES" in err,
               "kill 1 --signal 0 exits 1 with OSTAT_EACCES",
               "rc=%d err=%r" % (rc, err))


def test_hostile_name(tap, ostat):
    """A child whose name has a newline, an escape sequence and invalid
    UTF-8: the listing must stay on its rows, the JSON must parse."""
    setup = ("import ctypes\n"
             "ctypes.CDLL(None).prctl(15, b'ev\\nil\\xff\\x1b[2J', 0, 0, 0)")
    with Children() as kids:
        p = kids.sleeper(setup=setup, args=[b"x\xff\ny\x1b[31m"])
        rc, out, err = run([ostat, "procinfo", str(p.pid)])
        tap.ok(rc == 0, "procinfo on the child exits 0", err)
        tap.ok(text_problems(out) is None,
               "the listing is UTF-8 without control characters",
               text_problems(out))
        lines = out.decode("utf-8", "replace").splitlines()
        names = [l for l in lines if l.startswith("name ")]
        tap.ok(len(names) == 1 and "ev?il" in names[0]
               and not any(l.startswith("il") for l in lines),
               "the name stays on its row, the newline shown as ?", names)
        cmd = [l for l in lines if l.startswith("cmdline ")]
        tap.ok(len(cmd) == 1 and cmd[0].endswith("x\ufffd?y?[31m"),
               "the cmdline stays on its row", cmd)
        try:
            d = ostat_json(ostat, "procinfo", str(p.pid))
        except OstatError as e:
            tap.ok(False, "the JSON parses", str(e))
            return
        check_equal(tap, "JSON name: repaired, control characters escaped",
                    d.get("name"), "ev\nil\ufffd\x1b[2J")
        check_equal(tap, "JSON cmdline: the last argument repaired",
                    (d.get("cmdline") or [None])[-1], "x\ufffd\ny\x1b[31m")


if __name__ == "__main__":
    sys.exit(clitest.main([test_pids, test_pid_exists, test_usage,
                           test_procinfo_child, test_procinfo_self,
                           test_procinfo_zombie, test_procinfo_gone,
                           test_kill, test_hostile_name]))
