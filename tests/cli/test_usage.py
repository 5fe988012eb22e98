#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_usage.py: the ostat command line: help, version, bad usage, runtime
# errors and the overview shown without a subcommand.
import json
import os
import re
import sys
import unicodedata

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import run  # noqa: E402

SUBCOMMANDS = [
    "cpu_times", "cpu_percent", "cpu_times_percent", "cpu_count",
    "cpu_stats", "cpu_freq", "getloadavg", "virtual_memory", "swap_memory",
    "boot_time", "uptime", "users", "pressure", "heap_info",
]

# Each is wrong in its own way; all must exit 2 with a message on stderr
# and print nothing on stdout.
BAD_USAGE = [
    ["bogus"],
    ["--bogus"],
    ["-x"],
    ["virtual_memory", "--bogus"],
    ["cpu_percent", "--interval", "abc"],
    ["cpu_percent", "--interval", "-1"],
    ["cpu_percent", "--interval", "nan"],
    ["cpu_percent", "--interval", "inf"],
    ["cpu_percent", "--interval", "1e999"],
    ["cpu_percent", "--interval", "0.5s"],
    ["cpu_percent", "--interval", ""],
    ["cpu_percent", "--interval"],
    ["cpu_percent", "--interval=x"],
    ["--procfs"],
    ["virtual_memory", "--sysfs"],
    ["virtual_memory", "--host-prefix"],
    ["--procfs", "", "virtual_memory"],
    ["virtual_memory", "--percpu"],
    ["cpu_count", "--interval", "1"],
    ["cpu_stats", "--physical"],
    ["virtual_memory", "extra"],
    ["cpu_times", "cpu_stats"],
    ["--json"],
]


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


def test_help(tap, ostat):
    for flag in ("--help", "-h"):
        rc, out, err = run([ostat, flag])
        text = out.decode("utf-8", "replace")
        tap.ok(rc == 0 and "Usage" in text and err == b"",
               "%s exits 0 with usage on stdout" % flag,
               "rc=%d stderr=%r" % (rc, err))
    missing = [c for c in SUBCOMMANDS if c not in text]
    tap.ok(not missing, "--help names every subcommand", missing)
    long_lines = [l for l in text.splitlines() if len(l) > 80]
    tap.ok(not long_lines, "--help fits in 80 columns", long_lines)
    rc, out, _ = run([ostat, "virtual_memory", "--help"])
    tap.ok(rc == 0 and b"Usage" in out, "--help after a subcommand")


def test_version(tap, ostat):
    rc, out, err = run([ostat, "--version"])
    text = out.decode("utf-8", "replace")
    tap.ok(rc == 0 and re.fullmatch(r"ostat \d+\.\d+\.\d+\S*\n", text),
           "--version prints 'ostat X.Y.Z'", "rc=%d out=%r" % (rc, text))


def test_bad_usage(tap, ostat):
    for args in BAD_USAGE:
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and err.strip() != b""
               and b"--help" in err,
               "bad usage %r exits 2 with a message on stderr only" % args,
               "rc=%d stdout=%r stderr=%r" % (rc, out[:200], err[:300]))
        lines = err.decode("utf-8", "replace").strip().splitlines()
        if rc == 2:
            tap.ok(len(lines) <= 2 and lines[0].startswith("ostat: "),
                   "bad usage %r: a one-line message and a hint" % args,
                   lines)


def test_options_anywhere(tap, ostat):
    """Global options work before and after the subcommand."""
    a = clitest.ostat_json(ostat, "virtual_memory")
    rc, out, err = run([ostat, "--json", "virtual_memory"])
    b = json.loads(out.decode("utf-8")) if rc == 0 else None
    tap.ok(b is not None and a["total"] == b["total"],
           "--json before the subcommand gives the same document",
           "rc=%d err=%r" % (rc, err))
    rc, out, err = run([ostat, "--procfs", "/proc", "--sysfs=/sys",
                        "cpu_count", "--host-prefix", "/", "--json"])
    tap.ok(rc == 0 and out.strip().isdigit(),
           "--procfs, --sysfs=, --host-prefix mixed around the subcommand",
           "rc=%d out=%r err=%r" % (rc, out, err))
    # A relative --procfs is taken from the working directory.
    rc, out, err = run([ostat, "--procfs", "proc", "virtual_memory",
                        "--json"], cwd="/")
    b = json.loads(out.decode("utf-8")) if rc == 0 else None
    tap.ok(b is not None and a["total"] == b["total"],
           "a relative --procfs is resolved against the working directory",
           "rc=%d err=%r" % (rc, err))


def test_runtime_errors(tap, ostat):
    bad = "/nonexistent-ostat-cli-test"
    for args in (["virtual_memory"], ["cpu_times", "--json"],
                 ["getloadavg"], []):
        rc, out, err = run([ostat, "--procfs", bad] + args)
        text = err.decode("utf-8", "replace")
        tap.ok(rc == 1 and bad in text and "OSTAT_E" in text,
               "--procfs %s %s exits 1 naming the path and the error"
               % (bad, " ".join(args) or "(overview)"),
               "rc=%d stderr=%r" % (rc, text))
        if args:
            tap.ok(out == b"", "... and prints nothing on stdout",
                   repr(out[:200]))


def test_overview(tap, ostat):
    rc, out, err = run([ostat])
    text = out.decode("utf-8", "replace")
    tap.ok(rc == 0, "the overview exits 0", "rc=%d stderr=%r" % (rc, err))
    for word in ("CPU", "Memory", "Swap", "Load", "Uptime", "Users",
                 "Pressure"):
        tap.ok(re.search(r"^%s\b" % word, text, re.M) is not None,
               "the overview has a '%s' section" % word)
    long_lines = [l for l in text.splitlines() if len(l) > 80]
    tap.ok(not long_lines, "the overview fits in 80 columns", long_lines)
    tap.ok(text_problems(out) is None,
           "the overview is UTF-8 without control characters",
           text_problems(out))
    tap.ok(re.search(r"\d+\.\d%", text) is not None,
           "the overview shows CPU and memory percentages", text)
    # Independent check of a value shown: the total memory in /proc/meminfo
    # in psutil's bytes2human form.
    total = None
    for line in clitest.read_text("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            total = int(line.split()[1]) * 1024
    human = None
    if total is not None:
        for i, sym in reversed(list(enumerate("BKMGTPE"))):
            if total >= 1 << (10 * i):
                human = "%.1f%s" % (total / float(1 << (10 * i)), sym)
                break
    tap.ok(human is not None and ("total " + human) in text,
           "the overview shows MemTotal as %s" % human, text)
    rc, out, err = run([ostat, "--interval", "0"])
    tap.ok(rc == 0, "the overview accepts --interval 0", err)


if __name__ == "__main__":
    sys.exit(clitest.main([test_help, test_version, test_bad_usage,
                           test_options_anywhere, test_runtime_errors,
                           test_overview]))
