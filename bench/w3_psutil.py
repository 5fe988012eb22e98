# SPDX-License-Identifier: MIT
"""The psutil side of W3: one snapshot of one process, inside oneshot():
memory_footprint() (memory_full_info() in psutil 5.9), num_fds(),
open_files(), io_counters() and num_ctx_switches(). Run with the system
Python that has python3-psutil:

  /usr/bin/python3 w3_psutil.py --serve PID     co-process of the w3 driver
  /usr/bin/python3 w3_psutil.py --count N PID   N untimed snapshots (strace)

In --serve mode it reads "warm NS", "run NS" and "quit" lines on stdin and
answers "samples N ns1 1 ns2 1 ..." (warm-up answers with none).
"""

import platform
import sys

import psutil

import psutil_serve


def make(pid):
    proc = psutil.Process(pid)
    footprint = getattr(proc, "memory_footprint", None) or \
        proc.memory_full_info

    def snapshot():
        with proc.oneshot():
            return (footprint(), proc.num_fds(), proc.open_files(),
                    proc.io_counters(), proc.num_ctx_switches())
    return snapshot, footprint.__name__


def serve(pid):
    snapshot, fname = make(pid)
    mem, nfds, files, io, ctx = snapshot()
    psutil_serve.serve(
        "ready psutil=%s python=%s footprint=%s uss=%d pss=%d "
        "num_fds=%d nfiles=%d files_sum=%d vol=%d" %
        (psutil.__version__, platform.python_version(), fname,
         mem.uss, mem.pss, nfds, len(files),
         sum(f.fd + f.position + len(f.path) for f in files),
         ctx.voluntary), snapshot, "%d 1")


def main(argv):
    if len(argv) >= 3 and argv[1] == "--serve":
        serve(int(argv[2]))
    elif len(argv) >= 4 and argv[1] == "--count":
        snapshot, _ = make(int(argv[3]))
        snapshot()
        for _ in range(int(argv[2])):
            snapshot()
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
