# SPDX-License-Identifier: MIT
# clitest.py: a small TAP harness and helpers shared by the tests of the
# ostat program: running it, the children a test starts, and reading
# /proc. Only the Python standard library is used.
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
import unicodedata

MIB = 1024 * 1024
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
# Pids that may appear or vanish between two listings of /proc.
CHURN = 5


class Tap:
    """Collects results and prints them as TAP, the plan last."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            if diag is not None:
                for line in str(diag).splitlines():
                    print("# " + line)
        sys.stdout.flush()
        return bool(cond)

    def skip(self, desc, reason):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, reason))
        sys.stdout.flush()

    def close(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def run_tests(tests, arg):
    """Run each test function with a Tap object and @arg; the exit status.
    An exception inside a test becomes a failed test point."""
    tap = Tap()
    for fn in tests:
        try:
            fn(tap, arg)
        except Exception:
            tap.ok(False, "%s raised an exception" % fn.__name__,
                   traceback.format_exc())
    return tap.close()


def main(tests):
    """Run each test function with the Tap object and the path of ostat."""
    if len(sys.argv) != 2:
        sys.stderr.write("usage: %s PATH-TO-OSTAT\n" % sys.argv[0])
        return 99
    return run_tests(tests, os.path.abspath(sys.argv[1]))


def clean_env(**extra):
    """The environment for the programs run by the tests: C locale so that
    labels are in English, and nothing that limits CPU counts."""
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "LANGUAGE"):
        env.pop(k, None)
    env["LC_ALL"] = "C"
    env.update(extra)
    return env


def run(args, env=None, timeout=60, cwd=None, preexec_fn=None):
    """Run a program; returns (exit status, stdout bytes, stderr bytes)."""
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env if env is not None else clean_env(),
                       timeout=timeout, cwd=cwd, preexec_fn=preexec_fn)
    return p.returncode, p.stdout, p.stderr


def have(tool):
    return shutil.which(tool) is not None


class OstatError(Exception):
    pass


def ostat_json(ostat, *args, env=None, prefix=(), pairs=False):
    """Run ostat with --json and return the decoded document; raise
    OstatError (with its stderr) if it fails or prints invalid JSON.
    @prefix is a command that runs ostat (nsenter ...); with @pairs the
    objects are lists of (key, value) pairs, so that order and repeated
    keys show."""
    rc, out, err = run(list(prefix) + [ostat] + list(args) + ["--json"],
                       env=env)
    if rc != 0:
        raise OstatError("ostat %s exited %d: %s" % (
            " ".join(args), rc, err.decode("utf-8", "replace")))
    try:
        return json.loads(out.decode("utf-8"),
                          object_pairs_hook=list if pairs else None)
    except ValueError as e:
        raise OstatError("ostat %s printed invalid JSON (%s): %r"
                         % (" ".join(args), e, out[:500]))


def write_file(path, data):
    """Write @data (str or bytes) to @path, making its directories."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def is_number(v):
    """A JSON number: int or float, but not a bool."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_text(path):
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        return f.read()


def check_equal(tap, desc, got, want):
    tap.ok(got == want, desc, "ostat %r, expected %r" % (got, want))


def text_problems(data):
    """Why @data is not clean terminal text, or None: it must be UTF-8
    without control characters other than newline."""
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "not UTF-8: %s" % e
    for ch in s:
        if ch != "\n" and unicodedata.category(ch) == "Cc":
            return "control character U+%04X" % ord(ch)
    return None


# ---- children -----------------------------------------------------------

# A Python child that says "ready" once it runs its own code, then sleeps.
SLEEPER = ("import sys, time\n"
           "%s\n"
           "sys.stdout.write('ready\\n')\n"
           "sys.stdout.flush()\n"
           "time.sleep(60)\n")


class Children:
    """The children a test starts: all killed and reaped on exit."""

    def __init__(self):
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            if p.poll() is None:
                try:
                    p.kill()
                except OSError:
                    pass
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            for f in (p.stdout, p.stdin, p.stderr):
                if f is not None:
                    f.close()
        return False

    def start(self, args, **kw):
        p = subprocess.Popen(args, **kw)
        self.procs.append(p)
        return p

    def sleeper(self, setup="", args=(), **kw):
        """A Python child that has run @setup and now sleeps."""
        argv = [os.fsencode(sys.executable), b"-c",
                (SLEEPER % setup).encode()] + list(args)
        p = self.start(argv, stdout=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, **kw)
        line = p.stdout.readline()
        if line != b"ready\n":
            raise RuntimeError("the child did not start: %r" % line)
        # Until it is inside time.sleep(), the child may still be running.
        deadline = time.monotonic() + 10
        while proc_state(p.pid) != "S" and time.monotonic() < deadline:
            time.sleep(0.005)
        return p

    def zombie(self):
        """A child that has ended and is not reaped yet."""
        p = self.start(["true"])
        deadline = time.monotonic() + 10
        while proc_state(p.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        return p


def dead_pid():
    """The pid of a child that has ended and been reaped."""
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


# ---- /proc --------------------------------------------------------------

def proc_pids():
    return sorted(int(d) for d in os.listdir("/proc") if d.isdigit())


def proc_stat(pid):
    """(comm bytes, fields after the comm) of /proc/PID/stat, or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read()
    except OSError:
        return None
    comm = data[data.index(b"(") + 1:data.rindex(b")")]
    return comm, data[data.rindex(b")") + 2:].split()


def proc_state(pid):
    """The state letter in /proc/PID/stat, or None if it is gone."""
    st = proc_stat(pid)
    return st[1][0].decode() if st else None


def boot_time():
    """btime of /proc/stat, or None."""
    for line in read_text("/proc/stat").splitlines():
        if line.startswith("btime "):
            return int(line.split()[1])
    return None
