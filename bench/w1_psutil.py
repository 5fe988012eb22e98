# SPDX-License-Identifier: MIT
"""The psutil side of W1: one system snapshot is the same calls the C
contenders make. Run with the system Python that has python3-psutil:

  /usr/bin/python3 w1_psutil.py --serve      co-process of the w1 driver
  /usr/bin/python3 w1_psutil.py --count N    N untimed snapshots (strace)
  /usr/bin/python3 w1_psutil.py [--budget S] standalone; prints one line
      W1-PSUTIL n=... median_us=... p10_us=... p90_us=...

In --serve mode it reads "warm NS", "run NS" and "quit" lines on stdin.
For each warm or run it takes snapshots until NS nanoseconds have passed
and answers "samples N ns1 ns2 ..." (warm-up answers with no samples).
"""

import os
import platform
import sys

import psutil

import psutil_serve
from psutil_serve import run_for


def snapshot():
    total = psutil.cpu_times()
    percpu = psutil.cpu_times(percpu=True)
    vm = psutil.virtual_memory()
    sw = psutil.swap_memory()
    la = psutil.getloadavg()
    boot = psutil.boot_time()
    users = psutil.users()
    # The raw kernel counters, as the other contenders give them (psutil's
    # default nowrap=True would also run each through its wrap cache).
    disks = psutil.disk_io_counters(perdisk=True, nowrap=False)
    nics = psutil.net_io_counters(pernic=True, nowrap=False)
    parts = psutil.disk_partitions()
    usage = [psutil.disk_usage(p.mountpoint) for p in parts]
    return total, percpu, vm, sw, la, boot, users, disks, nics, parts, usage


def fnv(text):
    """FNV-1a 64 of the bytes of text, as w1_hash() in w1.h."""
    h = 14695981039346656037
    for b in os.fsencode(text):
        h = ((h ^ b) * 1099511628211) & 0xffffffffffffffff
    return h


def hello():
    (total, percpu, vm, sw, la, boot, users, disks, nics, parts,
     usage) = snapshot()
    # Sums of the hashes of the names and mount points, and of counters
    # that only grow, for the driver to check against the floor.
    return ("ready psutil=%s python=%s ncpu=%d mem_total=%d swap_total=%d "
            "users=%d boot_time=%.3f disks=%d disk_names=%d disk_reads=%d "
            "nics=%d nic_names=%d nic_packets_recv=%d mounts=%d "
            "mount_points=%d mount_total=%d" %
            (psutil.__version__, platform.python_version(), len(percpu),
             vm.total, sw.total, len(users), boot, len(disks),
             sum(fnv(k) for k in disks) & 0xffffffffffffffff,
             sum(d.read_count for d in disks.values()), len(nics),
             sum(fnv(k) for k in nics) & 0xffffffffffffffff,
             sum(n.packets_recv for n in nics.values()), len(parts),
             sum(fnv(p.mountpoint) for p in parts) & 0xffffffffffffffff,
             sum(u.total for u in usage)))


def serve():
    psutil_serve.serve(hello(), snapshot, "%d")


def quantile_us(sorted_ns, q):
    return sorted_ns[int(q * (len(sorted_ns) - 1) + 0.5)] / 1000.0


def standalone(budget):
    run_for(snapshot, int(0.2e9))
    samples = sorted(run_for(snapshot, int(budget * 1e9)))
    print("W1-PSUTIL n=%d median_us=%.2f p10_us=%.2f p90_us=%.2f" %
          (len(samples), quantile_us(samples, 0.5),
           quantile_us(samples, 0.1), quantile_us(samples, 0.9)))


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
