#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_json.py: the shape of every subcommand's --json output (keys are
# psutil's field names, numbers are JSON numbers, missing fields are null)
# and the tables printed without --json.
import os
import sys
import unicodedata

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import is_number, ostat_json, run  # noqa: E402

# psutil's field names, written down here rather than taken from ostat.
CPU_TIMES = ["user", "system", "idle", "nice", "iowait", "irq", "softirq",
             "steal", "guest", "guest_nice"]
CPU_STATS = ["ctx_switches", "interrupts", "soft_interrupts", "syscalls",
             "forks", "procs_running", "procs_blocked"]
CPU_FREQ = ["current", "min", "max"]
LOADAVG = ["load1", "load5", "load15", "runnable", "entities"]
VIRTUAL_MEMORY = ["total", "available", "percent", "used", "free", "active",
                  "inactive", "buffers", "cached", "shared", "slab"]
SWAP_MEMORY = ["total", "used", "free", "percent", "sin", "sout"]
PRESSURE = ["some_avg10", "some_avg60", "some_avg300", "some_total",
            "full_avg10", "full_avg60", "full_avg300", "full_total"]
HEAP_INFO = ["heap_used", "mmap_used"]
USER = ["name", "terminal", "host", "started", "pid"]

# Fields that are integers (counts, bytes, microseconds), not floats.
INTEGERS = {"ctx_switches", "interrupts", "soft_interrupts", "syscalls",
            "forks", "procs_running", "procs_blocked", "runnable",
            "entities", "total", "available", "used", "free", "active",
            "inactive", "buffers", "cached", "shared", "slab", "sin",
            "sout", "some_total", "full_total", "heap_used", "mmap_used",
            "pid", "cpu"}


def check_object(obj, keys, strings=()):
    """Problems with @obj: not exactly @keys, or a value that is neither a
    number (an integer for INTEGERS) nor null; @strings hold strings."""
    if not isinstance(obj, dict):
        return ["not an object: %r" % (obj,)]
    bad = []
    if list(obj) != keys:
        bad.append("keys %r, expected %r" % (list(obj), keys))
    for k, v in obj.items():
        if v is None:
            continue
        if k in strings:
            if not isinstance(v, str):
                bad.append("%s is not a string: %r" % (k, v))
        elif not is_number(v):
            bad.append("%s is not a number: %r" % (k, v))
        elif k in INTEGERS and not isinstance(v, int):
            bad.append("%s is not an integer: %r" % (k, v))
    return bad


def test_objects(tap, ostat):
    for args, keys in ((["cpu_times"], CPU_TIMES),
                       (["cpu_times_percent", "--interval", "0.05"],
                        CPU_TIMES),
                       (["cpu_stats"], CPU_STATS),
                       (["getloadavg"], LOADAVG),
                       (["virtual_memory"], VIRTUAL_MEMORY),
                       (["swap_memory"], SWAP_MEMORY)):
        doc = ostat_json(ostat, *args)
        bad = check_object(doc, keys)
        tap.ok(not bad, "%s --json is an object of psutil's fields"
               % " ".join(args), "\n".join(bad))
    for args, keys in ((["cpu_freq"], CPU_FREQ), (["heap_info"], HEAP_INFO)):
        doc = ostat_json(ostat, *args)
        bad = [] if doc is None else check_object(doc, keys)
        tap.ok(not bad, "%s --json is an object of psutil's fields or null"
               % args[0], "\n".join(bad))
    vm = ostat_json(ostat, "virtual_memory")
    tap.ok(all(vm[k] is not None for k in ("total", "available", "percent",
                                            "used", "free")),
           "virtual_memory has psutil's common fields on Linux", vm)


def test_arrays(tap, ostat):
    for args, keys in ((["cpu_times", "--percpu"], ["cpu"] + CPU_TIMES),
                       (["cpu_times_percent", "--percpu", "--interval",
                         "0.05"], ["cpu"] + CPU_TIMES),
                       (["cpu_freq", "--percpu"], ["cpu"] + CPU_FREQ)):
        doc = ostat_json(ostat, *args)
        bad = [] if isinstance(doc, list) else ["not an array: %r" % doc]
        for e in doc if isinstance(doc, list) else []:
            bad += check_object(e, keys)
            if not isinstance(e.get("cpu"), int):
                bad.append("cpu is not an integer: %r" % e)
        tap.ok(not bad, "%s --json is an array of objects with cpu"
               % " ".join(args), "\n".join(bad))
    doc = ostat_json(ostat, "cpu_percent", "--percpu", "--interval", "0.05")
    tap.ok(isinstance(doc, list) and len(doc) >= 1 and
           all(is_number(v) and 0 <= v <= 100 for v in doc),
           "cpu_percent --percpu --json is an array of numbers", doc)
    doc = ostat_json(ostat, "users")
    bad = [] if isinstance(doc, list) else ["not an array: %r" % doc]
    for e in doc if isinstance(doc, list) else []:
        bad += check_object(e, USER, strings=("name", "terminal", "host"))
    tap.ok(not bad, "users --json is an array of suser objects",
           "\n".join(bad))


def test_scalars(tap, ostat):
    for args in (["cpu_percent", "--interval", "0.05"], ["boot_time"],
                 ["uptime"]):
        doc = ostat_json(ostat, *args)
        tap.ok(is_number(doc) and doc >= 0,
               "%s --json is a bare number" % args[0], doc)
    for flag in ("--logical", "--physical"):
        doc = ostat_json(ostat, "cpu_count", flag)
        tap.ok(doc is None or (isinstance(doc, int) and doc >= 1),
               "cpu_count %s --json is a bare integer or null" % flag, doc)


def test_pressure_shape(tap, ostat):
    doc = ostat_json(ostat, "pressure")
    bad = []
    if not isinstance(doc, dict) or list(doc) != ["cpu", "memory", "io",
                                                  "irq"]:
        bad.append("keys: %r" % (doc,))
    else:
        for res, v in doc.items():
            if v is not None:
                bad += ["%s: %s" % (res, b)
                        for b in check_object(v, PRESSURE)]
    tap.ok(not bad, "pressure --json is {cpu, memory, io, irq} of objects "
           "or null", "\n".join(bad))


def test_output_is_clean(tap, ostat):
    """Every output is UTF-8 with no control character but newline."""
    cases = [["cpu_times"], ["cpu_times", "--percpu"],
             ["cpu_percent", "--interval", "0.05"],
             ["cpu_percent", "--percpu", "--interval", "0.05"],
             ["cpu_times_percent", "--interval", "0.05"],
             ["cpu_times_percent", "--percpu", "--interval", "0.05"],
             ["cpu_count"], ["cpu_count", "--physical"], ["cpu_stats"],
             ["cpu_freq"], ["cpu_freq", "--percpu"], ["getloadavg"],
             ["virtual_memory"], ["swap_memory"], ["boot_time"], ["uptime"],
             ["users"], ["pressure"], ["heap_info"]]
    for args in cases:
        for json_flag in ([], ["--json"]):
            rc, out, err = run([ostat] + args + json_flag)
            why = None
            try:
                text = out.decode("utf-8")
                for ch in text:
                    if ch != "\n" and unicodedata.category(ch) == "Cc":
                        why = "control character U+%04X" % ord(ch)
                        break
            except UnicodeDecodeError as e:
                why = "not UTF-8: %s" % e
            if rc == 0 and out.strip() == b"":
                why = "nothing printed"
            tap.ok(rc == 0 and err == b"" and why is None,
                   "%s prints clean text" % " ".join(args + json_flag),
                   "rc=%d why=%r stderr=%r" % (rc, why, err))


def test_tables(tap, ostat):
    """Tables name psutil's fields and show a missing field as '-'."""
    rc, out, _ = run([ostat, "virtual_memory"])
    text = out.decode()
    names = [l.split()[0] for l in text.splitlines() if l.strip()]
    tap.ok(rc == 0 and names == VIRTUAL_MEMORY,
           "virtual_memory table lists psutil's fields in order", text)
    rc, out, _ = run([ostat, "cpu_stats"])
    rows = dict(l.split(None, 1) for l in out.decode().splitlines() if l)
    tap.ok(rows.get("syscalls", "").strip() == "-",
           "cpu_stats table shows the missing syscalls as '-'", rows)
    rc, out, _ = run([ostat, "cpu_times", "--percpu"])
    lines = out.decode().splitlines()
    tap.ok(rc == 0 and lines and lines[0].split() == ["cpu"] + CPU_TIMES,
           "cpu_times --percpu table has a header of psutil's fields",
           lines[:1])
    rc, out, _ = run([ostat, "pressure"])
    text = out.decode()
    tap.ok(rc == 0 and all(r in text for r in ("cpu", "memory", "io",
                                                  "irq")),
           "pressure table has a row for each resource", text)


if __name__ == "__main__":
    sys.exit(clitest.main([test_objects, test_arrays, test_scalars,
                           test_pressure_shape, test_output_is_clean,
                           test_tables]))
