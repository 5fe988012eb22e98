#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_config.py: bad <Plugin ostat> configurations in a real collectd.
# Each gives an ERROR line in collectd's log that names the option, ostat
# fails its init and sends nothing, and collectd keeps running its other
# plugins (here the stock load plugin). One daemon per case, all started
# at once.
import os
import time

import cdtest

# (configuration, what the ERROR line must contain)
CASES = [
    ('NoSuchOption true', 'option "NoSuchOption": unknown option'),
    ('CollectCPU "yes"', 'option "CollectCPU": expects one boolean'),
    ('ReportByCpu 1', 'option "ReportByCpu": expects one boolean'),
    ('ProcessMatch "bad" "([a"',
     'option "ProcessMatch" "bad": the regular expression does not compile'),
    ('ProcessMatch "only-a-name"',
     'option "ProcessMatch": expects two strings'),
    ('Process "twice"\n  Process "twice"',
     'option "Process" "twice": the group name "twice" is used twice'),
    ('ProcessUser "u" "no-such-user-ostat"',
     'option "ProcessUser" "u": there is no user "no-such-user-ostat"'),
    ('ProcessPidFile "p" "relative.pid"',
     'option "ProcessPidFile" "p": "relative.pid" is not an absolute path'),
    ('ProcessCgroup "c" 42', 'option "ProcessCgroup": expects strings'),
    ('CollectDelayAccounting true',
     'option "CollectDelayAccounting": delay accounting is not available'),
    ('<Process "x">\n    Bogus true\n  </Process>',
     'option "Bogus": unknown option in a process group\'s block'),
    ('Sensor "/([/"', 'option "Sensor": the regular expression /([/ does '
     'not compile'),
    ('ProcfsRoot "relative/proc"',
     'not started: invalid argument (ProcfsRoot'),
    ('Host 12', 'option "Host": expects one string'),
    ('Disk "/([/"', 'option "Disk": the regular expression /([/ does not '
     'compile'),
    ('Interface ""', 'option "Interface": an empty name selects nothing'),
    ('MountPoint 12', 'option "MountPoint": expects one string'),
    ('IgnoreSelectedDisk "yes"',
     'option "IgnoreSelectedDisk": expects one boolean'),
    ('ReportInodes true',
     'option "ReportInodes": inode counts are not available'),
    ('Host "a"\n</Plugin>\n<Plugin ostat>\n  Host "b"',
     '<Plugin ostat> is given twice'),
]


def test_bad_configs(tap, args):
    daemons = []
    try:
        for conf, _ in CASES:
            d = cdtest.Daemon(args, name="config", ostat="  " + conf,
                              stock="LoadPlugin load")
            daemons.append(d)
        for d in daemons:
            d.start()
        deadline = time.time() + 20
        for d in daemons:
            d.wait_for(lambda vs: len({v.time for v in vs
                                       if v.plugin == "load"}) >= 3,
                       timeout=max(0.1, deadline - time.time()))
        for d in daemons:
            d.stop()
        for (conf, want), d in zip(CASES, daemons):
            text = d.log_text()
            errors = [l for l in text.splitlines() if "[error]" in l]
            named = [l for l in errors if "ostat plugin: " + want in l]
            failed = [l for l in errors
                      if "ostat plugin: not started" in l or
                      "Initialization of plugin `ostat' failed" in l]
            vals = d.values()
            loads = {v.time for v in vals if v.plugin == "load"}
            ours = [v.ident for v in vals if v.plugin != "load"]
            name = conf.split("\n")[0].strip()
            tap.ok(named, "%s: an ERROR line naming the option" % name,
                   "\n".join(errors) or text[-1500:])
            tap.ok(failed, "%s: ostat's init fails" % name,
                   "\n".join(errors))
            tap.ok(not ours, "%s: ostat sends nothing" % name, ours[:5])
            tap.ok(len(loads) >= 3,
                   "%s: collectd goes on reading its other plugins" % name,
                   "load read %d times" % len(loads))
    finally:
        for d in daemons:
            d.cleanup()


def cgroup2_visible():
    """Whether a cgroup v2 hierarchy with cpu.stat is where ostat looks:
    /sys/fs/cgroup or its "unified" directory. A chroot that binds /sys
    without its submounts sees none, whatever /proc/self/cgroup says."""
    return any(os.path.exists(os.path.join(d, "cgroup.controllers"))
               for d in ("/sys/fs/cgroup", "/sys/fs/cgroup/unified"))


def test_good_config(tap, args):
    """The same daemon with every option given right starts, so the cases
    above fail for their one fault."""
    conf = "\n".join([
        '  Host "ostat"',
        "  CollectCPU true",
        "  ReportByCpu false",
        "  ValuesPercentage true",
        "  ReportGuestState true",
        "  SubtractGuestState true",
        "  ReportBytes true",
        "  ReportRelative true",
        "  ReportMemoryDetails true",
        "  IncludeChildren false",
        '  Sensor "/^nothing-matches$/"',
        "  IgnoreSelectedSensor true",
        "  CollectIO false",
        '  ProcessMatch "all" ".*"',
        '  <ProcessMatch "kernel" "^kthreadd$">',
        "    CollectIO true",
        "    CollectFileDescriptor true",
        "  </ProcessMatch>",
        '  ProcessUser "root" "root"',
        '  ProcessCgroup "everything" "/"',
        '  ProcessPidFile "none" "$T/none.pid"',
        "  CollectInterface true",
        '  Interface "lo"',
        "  IgnoreSelectedInterface true",
        "  ReportInactive false",
        "  CollectDisk true",
        "  ReportPerDisk false",
        "  IgnoreSelectedDisk false",
        "  CollectDf true",
        '  MountPoint "/"',
        '  FSType "/^ext/"',
        '  Device "/^.dev/"',
        "  IgnoreSelectedDf false",
    ])
    d = cdtest.Daemon(args, name="config", ostat=conf, stock="LoadPlugin load")
    try:
        d.start()
        vals = d.wait_reads("ostat/cpu/percent-user", 2)
        d.stop()
        by = cdtest.by_ident(d.values())
        errors = [l for l in d.log_text().splitlines() if "[error]" in l]
        tap.ok(not errors, "a good configuration: no ERROR", errors)
        tap.ok("ostat/cpu/percent-user" in by and
               "ostat/cpu/percent-guest" in by and
               not [i for i in by if i.startswith("ostat/cpu-")],
               "ReportByCpu false, ValuesPercentage true, ReportGuestState: "
               "cpu/percent-<state>, guest too", sorted(by)[:40])
        tap.ok("ostat/load/load-relative" in by,
               "ReportRelative: load/load-relative", sorted(by)[:40])
        tap.ok("ostat/memory/memory-available" in by and
               "ostat/memory/percent-used" in by,
               "ReportMemoryDetails and ValuesPercentage: memory-available, "
               "percent-used")
        tap.ok("ostat/processes-all/ps_count" in by and
               "ostat/processes-all/io_octets" not in by and
               "ostat/processes-kernel/io_octets" in by and
               "ostat/processes-kernel/file_handles" in by,
               "CollectIO false, and true again in a block", sorted(
                   i for i in by if "processes-" in i)[:40])
        tap.ok("ostat/processes-everything/cgroup_cpu-usage" in by or
               not cgroup2_visible(),
               "ProcessCgroup: the cgroup's own usage",
               sorted(i for i in by if "everything" in i))
        tap.ok(not [i for i in by if "/sensors-" in i],
               "Sensor and IgnoreSelectedSensor accepted")
        tap.ok(not [i for i in by if "/interface-lo/" in i] and
               not [i for i in by if "/disk-" in i] and
               ("ostat/disk/disk_ops" in by or not cdtest.active_disks()),
               "Interface with IgnoreSelectedInterface, ReportPerDisk false",
               sorted(i for i in by if "/disk" in i or "/interface" in i))
        del vals
    finally:
        d.cleanup()


def test_example(tap, args):
    """plugins/collectd/ostat.conf, the commented example, as shipped but
    for where the types and the plugin are and a 1 s interval."""
    example = os.path.join(os.path.dirname(args.types_db), "ostat.conf")
    with open(example) as f:
        text = f.read()
    text = text.replace('"/usr/share/collectd/ostat.types.db"',
                        '"%s"' % args.types_db)
    text = text.replace("  Interval 10", "  Interval 1")
    d = cdtest.Daemon(args, name="config", ostat=None,
                      stock='PluginDir "%s"\nInclude "$T/ostat.conf"'
                      % args.plugin_dir)
    try:
        cdtest.write_file(os.path.join(d.dir, "ostat.conf"), text)
        d.start()
        vals = d.wait_reads("testhost/load/load", 2)
        d.stop()
        errors = [l for l in d.log_text().splitlines() if "[error]" in l]
        tap.ok(not errors, "the example ostat.conf: no ERROR", errors)
        by = cdtest.by_ident(vals)
        tap.ok("testhost/memory/memory-used" in by and
               "testhost/cpu-0/cpu-user" in by,
               "the example ostat.conf: values arrive", sorted(by)[:20])
    finally:
        d.cleanup()


def test_no_types_db(tap, args):
    """Without ostat.types.db: one WARNING at start, and the values of
    stock types go on; collectd is never handed a type it would refuse."""
    d = cdtest.Daemon(args, name="config", types_db=False,
                      ostat='  ProcessCgroup "all" "/"')
    try:
        d.start()
        vals = d.wait_reads("testhost/load/load", 3)
        d.stop()
        text = d.log_text()
        warn = [l for l in text.splitlines()
                if "ostat plugin: the type" in l and "[warning]" in l]
        tap.ok(len(warn) == 1, "no ostat.types.db: one warning", warn)
        tap.ok("Dataset not found" not in text and "[error]" not in text,
               "no value refused by collectd",
               [l for l in text.splitlines() if "error" in l][:5])
        by = cdtest.by_ident(vals)
        tap.ok("testhost/processes-all/ps_count" in by and
               not [i for i in by if "/psi" in i or "cgroup_" in i],
               "stock types sent, ostat's not", sorted(by)[:30])
    finally:
        d.cleanup()


if __name__ == "__main__":
    raise SystemExit(cdtest.main([test_bad_configs, test_good_config,
                                  test_example, test_no_types_db]))
