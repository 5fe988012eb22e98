# SPDX-License-Identifier: MIT
"""What the psutil co-processes share: timing a call over a budget, and
the --serve loop the C drivers talk to (bench_py_* in bench.c).

The driver sends "warm NS", "run NS" and "quit" lines on stdin. For each
warm or run the call is made until NS nanoseconds have passed, and the
answer is "samples N" and the samples, each formatted by the script's
format (warm-up answers with no samples).
"""

import sys
import time


def run_for(fn, ns, cpu=False, value=False):
    """Call fn() until ns nanoseconds have passed. Each sample is the wall
    time of one call in ns; with cpu, (wall, CPU time of the process in
    ns); with value, (wall, what fn() returned)."""
    clock = time.perf_counter_ns
    cpu_clock = time.process_time_ns
    samples = []
    start = clock()
    while True:
        if cpu:
            t0, c0 = clock(), cpu_clock()
            fn()
            t1, c1 = clock(), cpu_clock()
            samples.append((t1 - t0, c1 - c0))
        elif value:
            t0 = clock()
            v = fn()
            t1 = clock()
            samples.append((t1 - t0, v))
        else:
            t0 = clock()
            fn()
            t1 = clock()
            samples.append(t1 - t0)
        if t1 - start >= ns:
            return samples


def serve(ready, fn, fmt, cpu=False, value=False):
    """Write the ready line (without its "\\n"), then answer the driver's
    lines until "quit" or the end of stdin; fmt % sample is the text of
    one sample, cpu and value are those of run_for()."""
    out = sys.stdout
    out.write(ready + "\n")
    out.flush()
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        samples = run_for(fn, int(words[1]), cpu, value)
        if words[0] == "warm":
            samples = []
        out.write("samples %d %s\n" % (len(samples),
                                       " ".join(fmt % s for s in samples)))
        out.flush()
