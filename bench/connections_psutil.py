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

import functools
import platform
import sys

import psutil

import psutil_serve


def serve(kind):
    rows = len(psutil.net_connections(kind=kind))
    psutil_serve.serve(
        "ready psutil=%s python=%s kind=%s rows=%d" %
        (psutil.__version__, platform.python_version(), kind, rows),
        functools.partial(psutil.net_connections, kind=kind), "%d %d",
        cpu=True)


def main(argv):
    if len(argv) >= 3 and argv[1] == "--serve":
        serve(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
