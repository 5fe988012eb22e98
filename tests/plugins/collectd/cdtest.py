# SPDX-License-Identifier: MIT
# cdtest.py: what the tests of ostat.so share: a real collectd 5.12 started
# in the foreground on a temporary directory (logfile + write_log JSON, all
# paths inside the directory, nothing listening on the network), stopped
# by its pid; the value lists it wrote. The TAP harness and the ostat
# helpers are those of tests/cli/clitest.py. Only the Python standard
# library is used.
#
# Every test script takes: the directory holding ostat.so, ostat.types.db,
# the ostat program, and the tests/fixtures/linux directory.
import glob
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# The TAP harness, the constants and the ostat helpers of the CLI tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "cli"))
import clitest  # noqa: E402
from clitest import (MIB, PAGE, ostat_json, read_text,  # noqa: E402,F401
                     run_tests, write_file)

HZ = clitest.TICKS
STOCK_PLUGIN_DIR = "/usr/lib/collectd"
STOCK_TYPES_DB = "/usr/share/collectd/types.db"


class Args:
    def __init__(self, argv):
        if len(argv) != 5:
            sys.stderr.write("usage: %s PLUGIN-DIR TYPES-DB OSTAT FIXTURES\n"
                             % argv[0])
            sys.exit(99)
        self.plugin_dir = os.path.abspath(argv[1])
        self.types_db = os.path.abspath(argv[2])
        self.ostat = os.path.abspath(argv[3])
        self.fixtures = os.path.abspath(argv[4])


def collectd_binary():
    for p in (shutil.which("collectd"), "/usr/sbin/collectd"):
        if p and os.access(p, os.X_OK):
            return p
    return None


def main(tests):
    """Run each test function with the Tap object and the arguments. An
    exception inside a test becomes a failed test point. Without collectd
    the whole script is skipped (exit 77)."""
    args = Args(sys.argv)
    if collectd_binary() is None:
        print("1..0 # SKIP collectd is not installed")
        return 0
    return run_tests(tests, args)


def sanitizer_env(plugin):
    """An ostat.so built with AddressSanitizer needs its runtime loaded
    first into the uninstrumented collectd; collectd's own leaks at exit
    are not ours to judge, so leak checking is off there."""
    env = dict(os.environ)
    env["LC_ALL"] = "C"
    try:
        out = subprocess.run(["ldd", plugin], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return env
    m = re.search(rb"libasan\.so[.\d]* => (\S+)", out)
    if m:
        env["LD_PRELOAD"] = m.group(1).decode()
        env["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=0"
    return env


class Value:
    """One value list as write_log printed it."""

    def __init__(self, d):
        self.host = d["host"]
        self.plugin = d["plugin"]
        self.pinst = d["plugin_instance"]
        self.type = d["type"]
        self.tinst = d["type_instance"]
        self.time = float(d["time"])
        self.values = d["values"]
        self.dsnames = d["dsnames"]
        self.dstypes = d["dstypes"]

    @property
    def ident(self):
        p = self.plugin + ("-" + self.pinst if self.pinst else "")
        t = self.type + ("-" + self.tinst if self.tinst else "")
        return "%s/%s/%s" % (self.host, p, t)

    def __getitem__(self, name):
        return self.values[self.dsnames.index(name)]


class Daemon:
    """A collectd running in the foreground on a temporary directory.

    stock: configuration text for stock plugins (LoadPlugin lines and
    their blocks), loaded from collectd's plugin directory.
    ostat: the body of <Plugin ostat>, or None not to load ostat.so.
    In both, "$T" stands for the daemon's temporary directory."""

    def __init__(self, args, ostat="", stock="", interval=1.0, name="cd",
                 types_db=True):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="ostat-%s-" % name)
        self.conf = os.path.join(self.dir, "collectd.conf")
        self.log = os.path.join(self.dir, "collectd.log")
        self.out = os.path.join(self.dir, "stdout.log")
        self.proc = None
        text = [
            'Hostname "testhost"',
            "FQDNLookup false",
            'BaseDir "%s"' % os.path.join(self.dir, "data"),
            'PIDFile "%s"' % os.path.join(self.dir, "collectd.pid"),
            'TypesDB "%s"%s' % (STOCK_TYPES_DB, ' "%s"' % args.types_db
                                 if types_db else ""),
            "Interval %g" % interval,
            "ReadThreads 2",
            "WriteThreads 1",
            "AutoLoadPlugin false",
            'PluginDir "%s"' % STOCK_PLUGIN_DIR,
            "LoadPlugin logfile",
            "<Plugin logfile>",
            "  LogLevel info",
            '  File "%s"' % self.log,
            "  Timestamp true",
            "  PrintSeverity true",
            "</Plugin>",
            "LoadPlugin write_log",
            "<Plugin write_log>",
            "  Format JSON",
            "</Plugin>",
            stock.replace("$T", self.dir),
        ]
        if ostat is not None:
            text += [
                # each LoadPlugin uses the PluginDir in force where it stands
                'PluginDir "%s"' % args.plugin_dir,
                "LoadPlugin ostat",
                "<Plugin ostat>",
                ostat.replace("$T", self.dir),
                "</Plugin>",
            ]
        with open(self.conf, "w") as f:
            f.write("\n".join(text) + "\n")

    def start(self):
        env = sanitizer_env(os.path.join(self.args.plugin_dir, "ostat.so"))
        with open(self.out, "wb") as out:
            self.proc = subprocess.Popen(
                [collectd_binary(), "-f", "-C", self.conf],
                stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, cwd=self.dir, env=env)
        return self

    def stop(self):
        """SIGTERM by pid, then wait; SIGKILL if it does not end."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        return self.proc.returncode

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log_text(self):
        try:
            with open(self.log, "r", encoding="utf-8",
                      errors="replace") as f:
                text = f.read()
        except OSError:
            text = ""
        try:
            with open(self.out, "r", encoding="utf-8",
                      errors="replace") as f:
                text += f.read()
        except OSError:
            pass
        return text

    def values(self):
        out = []
        for line in self.log_text().splitlines():
            if line.startswith("[{"):
                try:
                    for d in json.loads(line):
                        out.append(Value(d))
                except ValueError:
                    pass  # a line cut by a write still under way
        return out

    def wait_for(self, pred, timeout=15.0):
        """Poll the values until pred(values) is true; the last values."""
        end = time.time() + timeout
        while True:
            vals = self.values()
            if pred(vals) or time.time() > end:
                return vals
            if self.proc is not None and self.proc.poll() is not None:
                return vals
            time.sleep(0.1)

    def wait_reads(self, ident, n, timeout=15.0):
        """Wait until @ident was dispatched at n different times."""
        return self.wait_for(
            lambda vs: len({v.time for v in vs if v.ident == ident}) >= n,
            timeout)


def by_ident(values):
    d = {}
    for v in values:
        d.setdefault(v.ident, []).append(v)
    for lst in d.values():
        lst.sort(key=lambda v: v.time)
    return d


def rate(series, ds="value"):
    """Growth per second of a counter between its first and last value."""
    if len(series) < 2:
        return None
    a, b = series[0], series[-1]
    if b.time <= a.time:
        return None
    return (b[ds] - a[ds]) / (b.time - a.time)


def nearest(series, t):
    return min(series, key=lambda v: abs(v.time - t)) if series else None


def finite(values):
    return all(isinstance(x, (int, float)) and not isinstance(x, bool)
               and math.isfinite(x) for x in values)


def read_proc_stat_cpus():
    """{cpu number: [user, nice, system, idle, iowait, irq, softirq,
    steal]} in jiffies, straight from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            m = re.match(r"cpu(\d+)\s+(.*)", line)
            if m:
                out[int(m.group(1))] = [int(x) for x in m.group(2).split()]
    return out


def meminfo():
    out = {}
    with open("/proc/meminfo") as f:
        for line in f:
            k, v = line.split(":", 1)
            out[k] = int(v.split()[0]) * 1024
    return out


def error_lines(text):
    """Lines at ERROR or WARNING level in a collectd log, and the
    duplicate-value complaints of its cache."""
    bad = []
    for line in text.splitlines():
        if re.search(r"\[(error|warning)\]", line) or \
                "Value too old" in line:
            bad.append(line)
    return bad


def spawn_named(dirpath, name, code, extra_args=()):
    """Start Python under @name (a symlink, so that the kernel's comm is
    its first 15 bytes and argv[0] its full path) running @code, in a
    session of its own so that stop_child() ends its children too."""
    bindir = os.path.join(dirpath, "bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, name)
    if not os.path.exists(link):
        os.symlink(os.path.realpath(sys.executable), link)
    return subprocess.Popen([link, "-c", code] + list(extra_args),
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop_child(p):
    """Kill a child started by spawn_named() and everything in its
    session, by the session's process group id, and reap it."""
    if p is None:
        return
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


def pressure_resources():
    """{resource: has a full line} of /proc/pressure."""
    out = {}
    for path in glob.glob("/proc/pressure/*"):
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        out[os.path.basename(path)] = "full " in text
    return out


def read_diskstats():
    """{device: [the numbers after its name]} of /proc/diskstats."""
    out = {}
    with open("/proc/diskstats") as f:
        for line in f:
            w = line.split()
            if len(w) >= 7:
                out[w[2]] = [int(x) for x in w[3:]]
    return out


def whole_disks():
    """The devices /sys/block lists ("/" in a name is "!" there)."""
    try:
        return {n.replace("!", "/") for n in os.listdir("/sys/block")}
    except OSError:
        return set()


def active_disks():
    """The devices of /proc/diskstats that have read or written: the ones
    collectd's disk plugin reports."""
    out = []
    for name, k in read_diskstats().items():
        reads, writes = k[0], (k[4] if len(k) >= 11 else k[2])
        if reads or writes:
            out.append(name)
    return out


def read_net_dev():
    """{interface: {"rx_bytes": ..., "tx_packets": ...}} of /proc/net/dev,
    the columns named by its second header line."""
    out = {}
    with open("/proc/net/dev", "rb") as f:
        lines = f.read().split(b"\n")
    _, rx, tx = lines[1].decode().split("|")
    cols = (["rx_" + c for c in rx.split()] +
            ["tx_" + c for c in tx.split()])
    for line in lines[2:]:
        if b":" not in line:
            continue
        name, nums = line.rsplit(b":", 1)
        out[name.strip().decode("utf-8", "surrogateescape")] = dict(
            zip(cols, (int(x) for x in nums.split())))
    return out


def unescape_mount(word):
    """mountinfo's octal escapes (\040, \011, \012, \134) decoded."""
    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]),
                  word)


def mounts():
    """[(mount point, device, fstype)] of /proc/self/mountinfo, as bytes,
    in its order."""
    out = []
    with open("/proc/self/mountinfo", "rb") as f:
        for line in f:
            w = line.split()
            sep = w.index(b"-")
            out.append((unescape_mount(w[4]), unescape_mount(w[sep + 2]),
                        unescape_mount(w[sep + 1])))
    return out


def root_mounted():
    """Whether / is a mount point of this mount namespace, as on a machine
    and unlike in a chroot: the df checks of df-root need it."""
    return any(mp == b"/" for mp, _, _ in mounts())


NO_ROOT = "/ is not a mount point here (a chroot?): no df-root to compare"


def df_name(mountpoint):
    """collectd's df plugin's name of a mount point (a str)."""
    if mountpoint == "/":
        return "root"
    return mountpoint[1:].replace("/", "-") if mountpoint.startswith("/") \
        else mountpoint.replace("/", "-")


def df_mounts():
    """{df name: mount point} of the mounts collectd's df plugin reports:
    each mount point once (the first time it is listed), with blocks."""
    out, seen = {}, set()
    for mp, _, _ in mounts():
        if mp in seen:
            continue
        seen.add(mp)
        try:
            if os.statvfs(mp).f_blocks == 0:
                continue
        except OSError:
            continue
        name = mp.decode("utf-8", "surrogateescape")
        out[df_name(name)] = name
    return out


def statvfs_bytes(path):
    """(used, free, reserved) in bytes, as collectd's df plugin counts."""
    v = os.statvfs(path)
    return ((v.f_blocks - v.f_bfree) * v.f_frsize, v.f_bavail * v.f_frsize,
            (v.f_bfree - v.f_bavail) * v.f_frsize)


def max_rate(series, ds="value"):
    """The fastest a counter or level moved between two values of a
    series, per second (0 for fewer than two)."""
    best = 0.0
    for a, b in zip(series, series[1:]):
        if b.time > a.time:
            best = max(best, abs(b[ds] - a[ds]) / (b.time - a.time))
    return best


def max_step(series, ds="value"):
    """The most a value changed between two values of a series."""
    return max([abs(b[ds] - a[ds]) for a, b in zip(series, series[1:])] or
               [0])


def devices_now():
    """{"interface": names, "disk": the disks that did I/O, "df": df
    names} at this moment: a test keeps to those it saw both before and
    after a daemon ran, as other programs on a shared machine create and
    remove interfaces and mounts meanwhile."""
    return {"interface": set(read_net_dev()), "disk": set(active_disks()),
            "df": set(df_mounts())}


def instance_of(ident, plugin):
    """The plugin instance of "host/plugin-instance/type" (or of
    "plugin-instance/type"), or None if its plugin is another."""
    parts = ident.split("/")
    p = parts[-2]
    if p == plugin:
        return ""
    if p.startswith(plugin + "-"):
        return p[len(plugin) + 1:]
    return None
