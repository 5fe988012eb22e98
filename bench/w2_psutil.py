# SPDX-License-Identifier: MIT
"""The psutil side of W2: one snapshot of the process table is
list(psutil.process_iter(ATTRS)). psutil keeps its Process objects between
calls (its own "refresh"). Run with the system Python that has
python3-psutil:

  /usr/bin/python3 w2_psutil.py --serve      co-process of the w2 driver
  /usr/bin/python3 w2_psutil.py --count N    N untimed snapshots (strace)
  /usr/bin/python3 w2_psutil.py [--budget S] standalone; prints one line
      W2-PSUTIL n=... rows=... median_us=... p10_us=... p90_us=...

In --serve mode it reads "warm NS", "run NS" and "quit" lines on stdin and
answers "samples N ns1 rows1 ns2 rows2 ..." (warm-up answers with none).
"""

import platform
import sys

import psutil

import psutil_serve
from psutil_serve import run_for

ATTRS = ['pid', 'ppid', 'name', 'status', 'username', 'cpu_times',
         'memory_info', 'num_threads', 'create_time', 'cmdline']


def snapshot():
    return list(psutil.process_iter(ATTRS))


def count_rows():
    return len(snapshot())


def hello():
    procs = snapshot()
    ok = sum(1 for p in procs if p.info['cmdline'] is not None)
    return ("ready psutil=%s python=%s rows=%d with_cmdline=%d" %
            (psutil.__version__, platform.python_version(), len(procs), ok))


def serve():
    psutil_serve.serve(hello(), count_rows, "%d %d", value=True)


def quantile_us(sorted_ns, q):
    return sorted_ns[int(q * (len(sorted_ns) - 1) + 0.5)] / 1000.0


def standalone(budget):
    run_for(count_rows, int(0.2e9), value=True)
    samples = run_for(count_rows, int(budget * 1e9), value=True)
    ns = sorted(s[0] for s in samples)
    rows = sorted(s[1] for s in samples)
    print("W2-PSUTIL n=%d rows=%d median_us=%.2f p10_us=%.2f p90_us=%.2f" %
          (len(ns), rows[len(rows) // 2], quantile_us(ns, 0.5),
           quantile_us(ns, 0.1), quantile_us(ns, 0.9)))


def main(argv):
    if len(argv) >= 2 and argv[1] == "--serve":
        serve()
    elif len(argv) >= 3 and argv[1] == "--count":
        snapshot()
        for _ in range(int(argv[2])):
            snapshot()
    elif len(argv) >= 3 and argv[1] == "--budget":
        standalone(float(argv[2]))
    elif len(argv) == 1:
        standalone(2.0)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
