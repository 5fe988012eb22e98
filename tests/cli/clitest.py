# SPDX-License-Identifier: MIT
# clitest.py: a small TAP harness and helpers shared by the tests of the
# ostat program. Only the Python standard library is used.
import json
import os
import shutil
import subprocess
import sys
import traceback

MIB = 1024 * 1024


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


def main(tests):
    """Run each test function with the Tap object and the path of ostat.
    An exception inside a test becomes a failed test point."""
    if len(sys.argv) != 2:
        sys.stderr.write("usage: %s PATH-TO-OSTAT\n" % sys.argv[0])
        return 99
    ostat = os.path.abspath(sys.argv[1])
    tap = Tap()
    for fn in tests:
        try:
            fn(tap, ostat)
        except Exception:
            tap.ok(False, "%s raised an exception" % fn.__name__,
                   traceback.format_exc())
    return tap.close()


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


def ostat_json(ostat, *args, env=None):
    """Run ostat with --json and return the decoded document; raise
    OstatError (with its stderr) if it fails or prints invalid JSON."""
    rc, out, err = run([ostat] + list(args) + ["--json"], env=env)
    if rc != 0:
        raise OstatError("ostat %s exited %d: %s" % (
            " ".join(args), rc, err.decode("utf-8", "replace")))
    try:
        return json.loads(out.decode("utf-8"))
    except ValueError as e:
        raise OstatError("ostat %s printed invalid JSON (%s): %r"
                         % (" ".join(args), e, out[:500]))


def is_number(v):
    """A JSON number: int or float, but not a bool."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def read_text(path):
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        return f.read()
