#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_devices.py: the include and exclude lists of ostat.so's interfaces,
# disks and file systems in a real collectd, and ReportPerDisk,
# ReportInactive, ValuesPercentage and ValuesAbsolute, against
# /proc/net/dev, /proc/diskstats, /sys/block and statvfs() read by the
# test. Three daemons at once, each with only these groups on.
import os
import time

import cdtest
from cdtest import MIB

OTHERS_OFF = """
  CollectCPU false
  CollectMemory false
  CollectSwap false
  CollectLoad false
  CollectPressure false
  CollectUptime false
  CollectUsers false
  CollectProcessStates false
  CollectSensors false
  CollectBattery false
"""

STATE = {}


def pick_disk():
    """A disk that has read or written, a whole disk if there is one."""
    active = cdtest.active_disks()
    whole = [d for d in active if d in cdtest.whole_disks()]
    return (whole or active or [None])[0]


def names(by, host, plugin):
    """The plugin instances of @plugin that daemon @host sent."""
    out = set()
    for ident in by:
        h, p, _ = ident.split("/", 2)
        if h == host and (p == plugin or p.startswith(plugin + "-")):
            out.add(p[len(plugin) + 1:])
    return out


def setup(tap, args):
    disk = pick_disk()
    STATE["disk"] = disk
    lists = ['  Interface "lo"', '  MountPoint "/"']
    if disk is not None:
        # a regex, so that a "/" or "." in the name matches itself
        lists.append('  Disk "/^%s$/"' % disk.replace(".", "\\."))
    confs = {
        "inc": "\n".join(lists),
        "exc": "\n".join(lists + ["  IgnoreSelectedInterface true",
                                  "  IgnoreSelectedDisk true",
                                  "  IgnoreSelectedDf true"]),
        "tot": "\n".join(['  Interface "/^lo$/"',
                          "  IgnoreSelectedInterface true",
                          "  ReportInactive false",
                          "  ReportPerDisk false",
                          '  FSType "tmpfs"',
                          '  FSType "/^devtmpfs$/"',
                          "  IgnoreSelectedDf true",
                          "  ValuesPercentage true",
                          "  ValuesAbsolute false"]),
    }
    before = cdtest.devices_now()
    STATE["inactive_before"] = {
        n for n, c in cdtest.read_net_dev().items()
        if not c.get("rx_packets") and not c.get("tx_packets")}
    daemons = {}
    try:
        for host, conf in confs.items():
            daemons[host] = cdtest.Daemon(
                args, name="devices",
                ostat='  Host "%s"\n%s\n%s' % (host, OTHERS_OFF, conf))
        for d in daemons.values():
            d.start()
        deadline = time.time() + 20
        for host, d in daemons.items():
            d.wait_for(lambda vs, h=host: len({v.time for v in vs
                                               if v.host == h}) >= 3,
                       timeout=max(0.1, deadline - time.time()))
        for d in daemons.values():
            d.stop()
        STATE["after"] = time.time()
        STATE["net"] = cdtest.read_net_dev()
        STATE["diskstats"] = cdtest.read_diskstats()
        after = cdtest.devices_now()
        STATE["stable"] = {k: before[k] & after[k] for k in before}
        vals = []
        for host, d in daemons.items():
            vals += d.values()
            bad = cdtest.error_lines(d.log_text())
            tap.ok(not bad, "%s: no error or warning" % host, bad[:10])
        STATE["by"] = cdtest.by_ident(vals)
    finally:
        for d in daemons.values():
            d.cleanup()


def test_include(tap, args):
    """Interface "lo", Disk "<a disk>", MountPoint "/": those alone, and
    their values those of /proc and statvfs read after the daemon
    stopped (less what grew since, at the fastest rate seen)."""
    by, disk, after = STATE["by"], STATE["disk"], STATE["after"]
    tap.ok(names(by, "inc", "interface") == {"lo"}, "Interface \"lo\": lo "
           "alone", names(by, "inc", "interface"))
    s = by["inc/interface-lo/if_octets"]
    want = STATE["net"]["lo"]
    bad = []
    for ds, col in (("rx", "rx_bytes"), ("tx", "tx_bytes")):
        grew = want[col] - s[-1][ds]
        limit = cdtest.max_rate(s, ds) * (after - s[-1].time + 1) + 4096
        if not 0 <= grew <= limit:
            bad.append((ds, s[-1][ds], want[col], limit))
    tap.ok(not bad, "interface-lo/if_octets: /proc/net/dev", bad)
    if disk is None:
        tap.skip("Disk", "no disk has read or written")
    else:
        tap.ok(names(by, "inc", "disk") == {disk}, "Disk \"%s\": that disk "
               "alone" % disk, names(by, "inc", "disk"))
        s = by["inc/disk-%s/disk_ops" % disk]
        k = STATE["diskstats"][disk]
        want = {"read": k[0], "write": k[4] if len(k) >= 11 else k[2]}
        bad = []
        for ds in ("read", "write"):
            grew = want[ds] - s[-1][ds]
            limit = cdtest.max_rate(s, ds) * (after - s[-1].time + 1) + 500
            if not 0 <= grew <= limit:
                bad.append((ds, s[-1][ds], want[ds], limit))
        tap.ok(not bad, "disk-%s/disk_ops: /proc/diskstats" % disk, bad)
    if not cdtest.root_mounted():
        tap.skip("MountPoint \"/\"", cdtest.NO_ROOT)
        return
    tap.ok(names(by, "inc", "df") == {"root"}, "MountPoint \"/\": df-root "
           "alone", names(by, "inc", "df"))
    used, free, reserved = cdtest.statvfs_bytes("/")
    bad = []
    for ti, want in (("used", used), ("free", free), ("reserved", reserved)):
        s = by["inc/df-root/df_complex-" + ti]
        tol = cdtest.max_step(s) + 64 * MIB
        if abs(s[-1]["value"] - want) > tol:
            bad.append((ti, s[-1]["value"], want))
    tap.ok(not bad, "df-root/df_complex-*: statvfs(\"/\") within the "
           "largest step and 64 MiB", bad)


def test_exclude(tap, args):
    """The same lists with IgnoreSelected*: everything else."""
    by, disk, stable = STATE["by"], STATE["disk"], STATE["stable"]
    got = names(by, "exc", "interface")
    tap.ok("lo" not in got and stable["interface"] - {"lo"} <= got,
           "IgnoreSelectedInterface: every interface but lo",
           (sorted(got), sorted(stable["interface"])))
    if disk is not None:
        got = names(by, "exc", "disk")
        tap.ok(disk not in got and stable["disk"] - {disk} <= got,
               "IgnoreSelectedDisk: every disk that did I/O but %s" % disk,
               sorted(got))
    if not cdtest.root_mounted():
        tap.skip("IgnoreSelectedDf", cdtest.NO_ROOT)
        return
    got = names(by, "exc", "df")
    tap.ok("root" not in got and stable["df"] - {"root"} <= got,
           "IgnoreSelectedDf: every file system but df-root",
           (sorted(got), sorted(stable["df"])))


def test_total_and_percent(tap, args):
    """ReportPerDisk false: disk/* without an instance, the sum over the
    whole disks; ReportInactive false and an excluding regex; FSType
    tmpfs and devtmpfs left out; percentages without the bytes."""
    by, after = STATE["by"], STATE["after"]
    tap.ok(not names(by, "tot", "disk") - {""} and
           "tot/disk/disk_ops" in by,
           "ReportPerDisk false: disk/disk_ops, no disk-<dev>",
           sorted(i for i in by if i.startswith("tot/disk")))
    whole = cdtest.whole_disks()
    stats = STATE["diskstats"]
    want = {"read": sum(k[0] for n, k in stats.items() if n in whole),
            "write": sum((k[4] if len(k) >= 11 else k[2])
                         for n, k in stats.items() if n in whole)}
    s = by.get("tot/disk/disk_ops", [])
    bad = []
    for ds in ("read", "write"):
        if not s:
            break
        grew = want[ds] - s[-1][ds]
        limit = cdtest.max_rate(s, ds) * (after - s[-1].time + 1) + 500
        if not 0 <= grew <= limit:
            bad.append((ds, s[-1][ds], want[ds], limit))
    tap.ok(s and not bad, "disk/disk_ops: the sum of the disks /sys/block "
           "lists in /proc/diskstats", bad)
    active = {n for n, c in STATE["net"].items()
              if c.get("rx_packets") or c.get("tx_packets")}
    idle = STATE["inactive_before"] - active
    got = names(by, "tot", "interface")
    tap.ok("lo" not in got and not got & idle and
           (active & STATE["stable"]["interface"]) - {"lo"} <= got,
           "ReportInactive false and Interface \"/^lo$/\" ignored: the "
           "interfaces with packets but lo", (sorted(got), sorted(active),
                                              sorted(idle)))
    if not cdtest.root_mounted():
        tap.skip("FSType and percentages of df-root", cdtest.NO_ROOT)
        return
    tmpfs = {cdtest.df_name(mp.decode("utf-8", "surrogateescape"))
             for mp, _, fs in cdtest.mounts() if fs in (b"tmpfs",
                                                        b"devtmpfs")}
    got = names(by, "tot", "df")
    tap.ok("root" in got and not got & tmpfs,
           "FSType tmpfs and /^devtmpfs$/ ignored", (sorted(got),
                                                    sorted(tmpfs)))
    tap.ok(not [i for i in by if i.startswith("tot/") and "df_complex" in i],
           "ValuesAbsolute false: no df_complex")
    pct = {ti: by.get("tot/df-root/percent_bytes-" + ti)
           for ti in ("used", "free", "reserved")}
    tap.ok(all(pct.values()) and
           abs(sum(p[-1]["value"] for p in pct.values()) - 100) <= 1e-6,
           "df-root/percent_bytes-{used,free,reserved} add up to 100",
           {k: v and v[-1]["value"] for k, v in pct.items()})
    v = os.statvfs("/")
    total = v.f_blocks * v.f_frsize
    used = cdtest.statvfs_bytes("/")[0]
    tol = (cdtest.max_step(pct["used"] or []) +
           64 * MIB * 100.0 / total) if total else 0
    tap.ok(pct["used"] and
           abs(pct["used"][-1]["value"] - used * 100.0 / total) <= tol,
           "df-root/percent_bytes-used: statvfs(\"/\") within the largest "
           "step and 64 MiB", (pct["used"] and pct["used"][-1]["value"],
                               used * 100.0 / total))


if __name__ == "__main__":
    raise SystemExit(cdtest.main([setup, test_include, test_exclude,
                                  test_total_and_percent]))
