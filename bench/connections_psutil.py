# SPDX-License-Identifier: MIT
"""The psutil side of the connections benchmark: psutil.net_connections()
of one kind, system-wide. Run with the system Python that has
python3-psutil:

  /usr/bin/python3 connections_psutil.py --serve KIND   co-process of the
                                                         connections driver

In --serve mode it reads "warm NS", "run NS" and "quit" lines on stdin and
answers "samples N wall1 cpu1 wall2 cpu2 ...": the wall time and the CPU
time (user + system, time.process_time_ns) of each call in ns, where the
other drivers' co-processes give a row count (warm-up answers with none).
The row count is in the "ready" line.
"""

import platform
import sys
import time

import psutil


def run_for(kind, ns):
    clock = time.perf_counter_ns
    cpu = time.process_time_ns
    samples = []
    start = clock()
    while True:
        t0, c0 = clock(), cpu()
        psutil.net_connections(kind=kind)
        t1, c1 = clock(), cpu()
        samples.append((t1 - t0, c1 - c0))
        if t1 - start >= ns:
            return samples


def serve(kind):
    rows = len(psutil.net_connections(kind=kind))
    out = sys.stdout
    out.write("ready psutil=%s python=%s kind=%s rows=%d\n" %
              (psutil.__version__, platform.python_version(), kind, rows))
    out.flush()
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        samples = run_for(kind, int(words[1]))
        if words[0] == "warm":
            samples = []
        out.write("samples %d %s\n" % (
            len(samples), " ".join("%d %d" % s for s in samples)))
        out.flush()


def main(argv):
    if len(argv) >= 3 and argv[1] == "--serve":
        serve(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
