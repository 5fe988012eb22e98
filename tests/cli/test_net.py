#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# test_net.py: the network subcommands (net_io_counters, net_if_addrs,
# net_if_stats, ifconfig) against independent sources: a made-up root whose
# every value is known, this machine's /proc/net/dev, /sys/class/net and
# `ip -j addr`, and two network namespaces the test creates (a veth pair
# between them, a tun device, addresses from the documentation ranges
# 192.0.2.0/24 and 2001:db8::/32 inside them only), where ostat runs under
# nsenter and is compared with `ip -j addr` / `ip -j link` run in the same
# namespace, and traffic sent from one namespace to the other must move the
# counters by at least what was sent. Each namespace is held by a child
# (`unshare --net`) that exits when its standard input closes, so the
# namespaces and their interfaces go at the end, also when a test fails or
# this script is killed; no `ip netns`, whose names are bind mounts under
# /run/netns and which remounts / (impossible in a chroot). Where they
# cannot be made (no ip, no permission) those tests are skipped with the
# reason.
import atexit
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Keep the source tree free of __pycache__.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import (clean_env, have, ostat_json, run, text_problems,  # noqa
                     write_file)

# psutil's snetio fields, then the other columns of /proc/net/dev, written
# down here rather than taken from ostat.
NET_IO = ["bytes_sent", "bytes_recv", "packets_sent", "packets_recv",
          "errin", "errout", "dropin", "dropout", "multicast", "collisions",
          "fifoin", "fifoout", "frame", "carrier", "compressedin",
          "compressedout"]
# /proc/net/dev's columns by direction, and the field each one is.
RX = {"bytes": "bytes_recv", "packets": "packets_recv", "errs": "errin",
      "drop": "dropin", "fifo": "fifoin", "frame": "frame",
      "compressed": "compressedin", "multicast": "multicast"}
TX = {"bytes": "bytes_sent", "packets": "packets_sent", "errs": "errout",
      "drop": "dropout", "fifo": "fifoout", "colls": "collisions",
      "carrier": "carrier", "compressed": "compressedout"}
# The interface flags psutil names, as `ip link` spells them.
FLAG_NAMES = ["up", "broadcast", "debug", "loopback", "pointopoint",
              "notrailers", "running", "noarp", "promisc", "allmulti",
              "master", "slave", "multicast", "portsel", "automedia",
              "dynamic"]
SUBCOMMANDS = ["net_io_counters", "net_if_addrs", "net_if_stats", "ifconfig"]
BAD_USAGE = [
    ["net_io_counters", "--percpu"],
    ["net_if_addrs", "--pernic"],
    ["net_if_stats", "--nowrap"],
    ["ifconfig", "--pernic"],
    ["virtual_memory", "--pernic"],
    ["cpu_times", "--nowrap"],
    ["net_io_counters", "eth0"],
]


def parse_net_dev(data):
    """/proc/net/dev (bytes) as {name bytes: {field: int}}, mapping the
    columns by the header as the kernel names them."""
    lines = data.split(b"\n")
    _, rx, tx = lines[1].split(b"|")
    cols = ([RX.get(c.decode()) for c in rx.split()] +
            [TX.get(c.decode()) for c in tx.split()])
    nics = {}
    for line in lines[2:]:
        if not line.strip():
            continue
        name, _, rest = line.rpartition(b":")
        vals = rest.split()
        nics[name.strip()] = {c: int(v) for c, v in zip(cols, vals) if c}
    return nics


def repaired(name):
    """An interface name as ostat's JSON gives it: UTF-8 with U+FFFD for
    what is not."""
    return name.decode("utf-8", "replace")


# ---- a made-up root -----------------------------------------------------

HEADER = (b"Inter-|   Receive                                                |"
          b"  Transmit\n"
          b" face |bytes    packets errs drop fifo frame compressed multicast"
          b"|bytes    packets errs drop fifo colls carrier compressed\n")
# Names the kernel allows (no '/', ':' or white space): an escape sequence,
# a quote and a backslash, invalid UTF-8.
ODD = [b"lo", b"eth0", b"e\x1b[31m\"\\x", b"w\xff\xfeq", b"\xc3\xa9t\xc3\xa9"]


def make_root(top):
    def write(rel, data):
        write_file(os.path.join(top.encode(), rel), data)

    text = HEADER
    for i, name in enumerate(ODD):
        vals = [1000 * (i + 1) + k for k in range(16)]
        text += b"%6s: " % name + b" ".join(b"%d" % v for v in vals) + b"\n"
        base = b"sys/class/net/" + name + b"/"
        write(base + b"flags", b"0x1003\n" if i else b"0x9\n")
        write(base + b"operstate", b"up\n" if i != 3 else b"down\n")
        write(base + b"mtu", b"%d\n" % (1500 + i))
        if i == 1:
            write(base + b"speed", b"1000\n")
            write(base + b"duplex", b"full\n")
    write(b"proc/net/dev", text)
    return text


def test_usage(tap, ostat):
    rc, out, _ = run([ostat, "--help"])
    text = out.decode("utf-8", "replace")
    missing = [c for c in SUBCOMMANDS if c not in text]
    tap.ok(rc == 0 and not missing, "--help names the network subcommands",
           missing)
    for opt in ("--pernic", "--nowrap"):
        tap.ok(opt in text, "--help explains %s" % opt)
    tap.ok(all(len(l) <= 80 for l in text.splitlines()),
           "--help still fits in 80 columns")
    for args in BAD_USAGE:
        rc, out, err = run([ostat] + args)
        tap.ok(rc == 2 and out == b"" and b"--help" in err,
               "bad usage %r exits 2 with a message on stderr" % args,
               "rc=%d stdout=%r stderr=%r" % (rc, out[:200], err[:300]))


def test_made_up_root(tap, ostat):
    top = tempfile.mkdtemp(prefix="ostat-net-")
    try:
        check_made_up_root(tap, ostat, top)
    finally:
        shutil.rmtree(top, ignore_errors=True)


def check_made_up_root(tap, ostat, top):
    want = parse_net_dev(make_root(top))
    env = clean_env()

    def js(*args):
        return ostat_json(ostat, "--host-prefix", top, *args, env=env)

    per = js("net_io_counters", "--pernic")
    tap.ok(list(per) == [repaired(n) for n in ODD],
           "net_io_counters --pernic: every interface in the file's order, "
           "names repaired to UTF-8", list(per))
    bad = []
    for name in ODD:
        got = per.get(repaired(name), {})
        if list(got) != NET_IO:
            bad.append("%r: keys %r" % (name, list(got)))
        for k, v in want[name].items():
            if got.get(k) != v:
                bad.append("%r %s: %r, expected %r" % (name, k, got.get(k), v))
    tap.ok(not bad, "net_io_counters --pernic equals the file", bad)
    total = js("net_io_counters")
    sums = {k: sum(n[k] for n in want.values()) for k in NET_IO}
    tap.ok(total == sums, "net_io_counters is the sum over interfaces",
           (total, sums))
    tap.ok(js("net_io_counters", "--nowrap") == sums,
           "net_io_counters --nowrap: a single sample is the raw one")

    stats = js("net_if_stats")
    tap.ok(list(stats) == [repaired(n) for n in ODD],
           "net_if_stats: the interfaces of /proc/net/dev", list(stats))
    lo, eth0, down = (stats.get(repaired(n), {}) for n in ODD[:2] + ODD[3:4])
    tap.ok(lo == {"isup": True, "duplex": None, "speed": None, "mtu": 1500,
                  "flags": "up,loopback,running"},
           "net_if_stats lo: flags 0x9, operstate up", lo)
    tap.ok(eth0 == {"isup": True, "duplex": "NIC_DUPLEX_FULL",
                    "speed": 1000, "mtu": 1501,
                    "flags": "up,broadcast,running,multicast"},
           "net_if_stats eth0: speed 1000, duplex full", eth0)
    tap.ok(down.get("isup") is False and
           down.get("flags") == "up,broadcast,multicast",
           "net_if_stats: up but operstate down is not running", down)

    rc, out, err = run([ostat, "--host-prefix", top, "net_if_addrs"],
                       env=env)
    tap.ok(rc == 1 and out == b"" and b"OSTAT_ENOTSUP" in err,
           "net_if_addrs of a made-up root: OSTAT_ENOTSUP, exit 1",
           "rc=%d out=%r err=%r" % (rc, out, err))
    ifc = js("ifconfig")
    tap.ok(list(ifc) == [repaired(n) for n in ODD] and
           all(v["addrs"] is None and v["stats"] is not None and
               v["io_counters"] is not None for v in ifc.values()),
           "ifconfig --json: stats and counters, addrs null", ifc)

    # Tables: one line per interface plus the header, clean text.
    for args, lines in ((["net_io_counters", "--pernic"], len(ODD) + 1),
                        (["net_if_stats"], len(ODD) + 1),
                        (["net_io_counters"], 16)):
        rc, out, _ = run([ostat, "--host-prefix", top] + args, env=env)
        tap.ok(rc == 0 and text_problems(out) is None,
               "%s: a clean table" % " ".join(args), text_problems(out))
        tap.ok(len(out.splitlines()) == lines,
               "%s: %d lines, names cannot break one" % (" ".join(args),
                                                        lines), out)
    rc, out, _ = run([ostat, "--host-prefix", top, "ifconfig"], env=env)
    tap.ok(rc == 0 and text_problems(out) is None and
           b"received  1000.0B in 1001 packets, 1002 errors" in out,
           "ifconfig: clean text with the traffic", out)


# ---- this machine -------------------------------------------------------

def test_host(tap, ostat):
    before = parse_net_dev(open("/proc/net/dev", "rb").read())
    per = ostat_json(ostat, "net_io_counters", "--pernic")
    after = parse_net_dev(open("/proc/net/dev", "rb").read())
    common = set(before) & set(after)
    names = set(repaired(n) for n in common)
    tap.ok(names <= set(per),
           "net_io_counters --pernic lists /proc/net/dev's interfaces",
           (sorted(names), sorted(per)))
    bad = []
    for n in common:
        got = per.get(repaired(n), {})
        for k in NET_IO:
            if k in before[n] and not (before[n][k] <= got.get(k, -1)
                                       <= after[n][k]):
                bad.append("%r %s: %r not within %d..%d" % (
                    n, k, got.get(k), before[n][k], after[n][k]))
    tap.ok(not bad, "each counter lies between two reads of /proc/net/dev",
           bad)

    stats = ostat_json(ostat, "net_if_stats")
    bad = []
    for name, s in stats.items():
        d = os.path.join(b"/sys/class/net", name.encode("utf-8", "replace"))
        try:
            mtu = int(open(os.path.join(d, b"mtu")).read())
            flags = int(open(os.path.join(d, b"flags")).read(), 16)
            oper = open(os.path.join(d, b"operstate")).read().strip()
        except (OSError, ValueError):
            continue  # gone, or not readable here
        running = bool(flags & 1) and oper in ("up", "unknown")
        if s["mtu"] != mtu:
            bad.append("%s mtu %r, sysfs %d" % (name, s["mtu"], mtu))
        if s["isup"] != running:
            bad.append("%s isup %r, sysfs flags 0x%x %s" % (
                name, s["isup"], flags, oper))
        ours = set(s["flags"].split(",")) - {"", "running"}
        theirs = {f for i, f in enumerate(FLAG_NAMES) if flags & (1 << i)}
        # promisc and allmulti in sysfs include what bridges and bonds set
        # for themselves; the ioctl gives what users asked for.
        if ours - {"promisc", "allmulti"} != (theirs - {"running", "promisc",
                                                        "allmulti"}):
            bad.append("%s flags %r, sysfs 0x%x" % (name, s["flags"], flags))
    tap.ok(stats and not bad,
           "net_if_stats: mtu, isup and flags as /sys/class/net says", bad)

    if not have("ip"):
        tap.skip("net_if_addrs against ip -j addr", "ip is not installed")
        return
    check_addrs(tap, ostat, [], "this machine")


# ---- against ip -j ------------------------------------------------------

def ip_json(*args, prefix=()):
    """ip -j ARGS (run under @prefix, such as a namespace's nsenter) as
    Python data. iproute2 6.1 writes control characters of interface names
    raw, so the text is read leniently."""
    rc, out, err = run(list(prefix) + ["ip", "-j"] + list(args))
    if rc != 0:
        raise RuntimeError("ip -j %s: %r" % (" ".join(args), err))
    return json.loads(out.decode("utf-8", "replace"), strict=False)


def v4mask(prefix):
    return str(ipaddress.IPv4Network((0, prefix)).netmask)


def v6mask(prefix):
    return str(ipaddress.IPv6Network((0, prefix)).netmask)


def expected_addrs(links):
    """What net_if_addrs must say for `ip -j addr` output: {key: sorted
    list of (family, address, netmask, broadcast, ptp)}. Each IPv4 address
    goes under its label; the broadcast only on broadcast links, the peer
    only on point-to-point ones."""
    exp = {}
    for link in links:
        name = link["ifname"]
        flags = set(link.get("flags", []))
        brd_link = "BROADCAST" in flags
        p2p = "POINTOPOINT" in flags
        rows = exp.setdefault(name, [])
        mac = link.get("address")
        if link.get("link_type") not in (None, "none") and mac:
            octets = mac.split(":")
            octets += ["00"] * (6 - len(octets))
            rows.append(("AF_LINK", ":".join(octets), None,
                         link.get("broadcast") if brd_link else None, None))
        else:
            rows.append(("AF_UNSPEC", None, None, None, None))
        for a in link.get("addr_info", []):
            local = a.get("local")
            if a.get("family") == "inet":
                brd = a.get("broadcast") if brd_link else None
                ptp = a.get("address", local) if p2p else None
                exp.setdefault(a.get("label", name), []).append(
                    ("AF_INET", local, v4mask(a["prefixlen"]), brd, ptp))
            elif a.get("family") == "inet6":
                if a.get("scope") == "link":
                    local += "%" + name
                ptp = a.get("address") if p2p else None
                rows.append(("AF_INET6", local, v6mask(a["prefixlen"]), None,
                             ptp))
    return {k: sorted(v, key=repr) for k, v in exp.items()}


def got_addrs(doc):
    return {k: sorted(((a["family"], a["address"], a["netmask"],
                        a["broadcast"], a["ptp"]) for a in v), key=repr)
            for k, v in doc.items()}


def check_addrs(tap, ostat, prefix, where):
    """net_if_addrs against ip -j addr, retried while addresses move."""
    for attempt in range(5):
        exp1 = expected_addrs(ip_json("addr", prefix=prefix))
        got = got_addrs(ostat_json(ostat, "net_if_addrs", prefix=prefix))
        exp2 = expected_addrs(ip_json("addr", prefix=prefix))
        if exp1 == exp2:
            break
        time.sleep(0.2)
    diff = ["%r: ostat %r, ip %r" % (k, got.get(k), exp1.get(k))
            for k in sorted(set(got) | set(exp1)) if got.get(k) != exp1.get(k)]
    tap.ok(not diff, "net_if_addrs equals ip -j addr (%s)" % where, diff)
    # Families come grouped per interface: IPv4, IPv6, then the link.
    doc = ostat_json(ostat, "net_if_addrs", prefix=prefix)
    order = {"AF_UNSPEC": 0, "AF_INET": 1, "AF_INET6": 2, "AF_LINK": 3}
    bad = [k for k, v in doc.items()
           if [order[a["family"]] for a in v] !=
           sorted(order[a["family"]] for a in v)]
    tap.ok(not bad, "net_if_addrs: each interface's families in psutil's "
           "order (%s)" % where, bad)


# ---- two network namespaces ---------------------------------------------

# A namespace's holder: says "ready" from inside it, then waits for the end
# of its standard input (the test's pipe, closed at the end or when the
# test dies).
HOLDER = ["unshare", "--net", "--", "sh", "-c",
          "echo ready && exec cat >/dev/null"]


class Namespaces:
    """Two namespaces, "a" and "b" (paths of their /proc/PID/ns/net), each
    held by a child; gone at the end whatever happens."""

    def __init__(self):
        self.holders = []
        self.a = self.b = None
        atexit.register(self.delete)

    def create(self):
        """None, or why namespaces cannot be made here."""
        for tool in ("unshare", "nsenter"):
            if not have(tool):
                return "%s (util-linux) is not installed" % tool
        paths = []
        for _ in range(2):
            p = subprocess.Popen(HOLDER, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            self.holders.append(p)
            if p.stdout.readline() != b"ready\n":
                p.stdin.close()
                err = p.stderr.read().decode("utf-8", "replace").strip()
                return "unshare --net failed: %s" % err
            paths.append("/proc/%d/ns/net" % p.pid)
        self.a, self.b = paths
        return None

    def delete(self):
        while self.holders:
            p = self.holders.pop()
            p.stdin.close()
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()

    def exec(self, ns):
        """The command prefix that runs a program in namespace @ns."""
        return ["nsenter", "--net=" + ns]


def must(args):
    rc, out, err = run(args)
    if rc != 0:
        raise RuntimeError("%s: %r" % (" ".join(map(str, args)), err))
    return out


def setup_pair(ns):
    in_a, in_b = ns.exec(ns.a), ns.exec(ns.b)
    ip_a, ip_b = in_a + ["ip"], in_b + ["ip"]
    # ip takes a path (with a '/') for a namespace.
    must(ip_a + ["link", "add", "vA", "type", "veth", "peer", "name", "vB",
                 "netns", ns.b])
    for ip, dev in ((ip_a, "vA"), (ip_b, "vB")):
        # No automatic link-local address: it would come and go under DAD.
        must(ip + ["link", "set", dev, "addrgenmode", "none"])
        must(ip + ["link", "set", "lo", "up"])
    must(ip_a + ["addr", "add", "192.0.2.1/24", "brd", "+", "dev", "vA"])
    must(ip_a + ["addr", "add", "192.0.2.9/32", "dev", "vA", "label",
                 "vA:alias 1"])
    must(ip_a + ["addr", "add", "2001:db8::1/64", "dev", "vA", "nodad"])
    must(ip_a + ["addr", "add", "fe80::1/64", "dev", "vA", "nodad"])
    must(ip_b + ["addr", "add", "192.0.2.2/24", "dev", "vB"])
    must(ip_b + ["addr", "add", "2001:db8::2/64", "dev", "vB", "nodad"])
    must(ip_a + ["link", "set", "vA", "mtu", "1400"])
    for ip, dev in ((ip_a, "vA"), (ip_b, "vB")):
        must(ip + ["link", "set", dev, "up"])
    # A link that is down, with a name that is not text.
    run([os.fsencode(w) for w in ip_a] +
        [b"link", b"add", b"name", b"d\x1b[7m\"\xff", b"type", b"veth",
         b"peer", b"name", b"dpeer"])
    # A point-to-point device without a link-layer address.
    rc, _, _ = run(ip_a + ["tuntap", "add", "dev", "tun0", "mode", "tun"])
    if rc == 0:
        run(ip_a + ["link", "set", "tun0", "up"])
        run(ip_a + ["addr", "add", "192.0.2.33", "peer", "192.0.2.34", "dev",
                    "tun0"])
    # Wait until the veth link is up on both sides.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        states = [ip_json("link", "show", dev, prefix=p)[0].get("operstate")
                  for p, dev in ((in_a, "vA"), (in_b, "vB"))]
        if states == ["UP", "UP"]:
            break
        time.sleep(0.05)


SYSFS_SPEED = ("mount --make-rslave /sys && mount -t sysfs sysfs /sys && "
               "cat /sys/class/net/vA/speed /sys/class/net/vA/duplex")

SENDER = """
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
n, size = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    s.sendto(b"x" * size, ("192.0.2.2", 9))
"""


def test_namespaces(tap, ostat):
    if not have("ip"):
        tap.skip("network namespaces", "ip (iproute2) is not installed")
        return
    ns = Namespaces()
    why = ns.create()
    if why is not None:
        ns.delete()
        tap.skip("network namespaces", why)
        return
    try:
        setup_pair(ns)
        check_namespaces(tap, ostat, ns)
    finally:
        ns.delete()


def check_namespaces(tap, ostat, ns):
    in_a, in_b = ns.exec(ns.a), ns.exec(ns.b)

    # Only the namespace's own interfaces.
    links = ip_json("link", prefix=in_a)
    names = [l["ifname"] for l in links]
    per = ostat_json(ostat, "net_io_counters", "--pernic", prefix=in_a)
    tap.ok(sorted(per) == sorted(names),
           "net_io_counters in a namespace: exactly its interfaces",
           (sorted(per), sorted(names)))

    check_addrs(tap, ostat, in_a, "namespace a")
    check_addrs(tap, ostat, in_b, "namespace b")

    stats = ostat_json(ostat, "net_if_stats", prefix=in_a)
    bad = []
    for l in links:
        s = stats.get(l["ifname"])
        if s is None:
            bad.append("%r missing" % l["ifname"])
            continue
        ipflags = {f.lower() for f in l.get("flags", [])}
        running = "up" in ipflags and l.get("operstate") in ("UP", "UNKNOWN")
        ours = set(s["flags"].split(",")) - {""}
        if s["mtu"] != l["mtu"]:
            bad.append("%r mtu %r, ip %r" % (l["ifname"], s["mtu"], l["mtu"]))
        if s["isup"] != running:
            bad.append("%r isup %r, ip %r %r" % (l["ifname"], s["isup"],
                                                 sorted(ipflags),
                                                 l.get("operstate")))
        if ours - {"running"} != ipflags & set(FLAG_NAMES):
            bad.append("%r flags %r, ip %r" % (l["ifname"], s["flags"],
                                               sorted(ipflags)))
        if running != ("running" in ours):
            bad.append("%r running flag" % l["ifname"])
    tap.ok(not bad, "net_if_stats equals ip -j link in a namespace", bad)
    va = stats.get("vA", {})
    tap.ok(va.get("mtu") == 1400 and va.get("isup") is True,
           "net_if_stats vA: mtu 1400 as set, up", va)
    # The namespace's own sysfs, mounted over /sys in a mount namespace of
    # its own, made a slave first so that the mount stays there.
    rc, out, _ = run(in_a + ["unshare", "--mount", "--propagation",
                             "unchanged", "sh", "-c", SYSFS_SPEED])
    if rc == 0:
        speed, duplex = out.decode().split()
        tap.ok(va.get("speed") == int(speed) and
               va.get("duplex") == "NIC_DUPLEX_" + duplex.upper(),
               "net_if_stats vA: speed and duplex as the namespace's sysfs",
               (va, speed, duplex))
    else:
        tap.skip("speed and duplex of vA",
                 "no sysfs of the namespace here, or it does not give them")

    # Traffic from a to b moves both ends' counters by at least as much.
    count, size = 300, 1000
    dev_a0 = run(in_a + ["cat", "/proc/net/dev"])[1]
    a0 = ostat_json(ostat, "net_io_counters", "--pernic", prefix=in_a)["vA"]
    b0 = ostat_json(ostat, "net_io_counters", "--pernic", prefix=in_b)["vB"]
    must(in_a + [sys.executable, "-c", SENDER, str(count), str(size)])
    a1 = ostat_json(ostat, "net_io_counters", "--pernic", prefix=in_a)["vA"]
    dev_a1 = run(in_a + ["cat", "/proc/net/dev"])[1]
    deadline = time.monotonic() + 5
    while True:
        b1 = ostat_json(ostat, "net_io_counters", "--pernic",
                        prefix=in_b)["vB"]
        if (b1["packets_recv"] - b0["packets_recv"] >= count or
                time.monotonic() > deadline):
            break
        time.sleep(0.05)
    sent = count * size
    tap.ok(a1["bytes_sent"] - a0["bytes_sent"] >= sent and
           a1["packets_sent"] - a0["packets_sent"] >= count,
           "vA's bytes_sent and packets_sent grew by at least the %d "
           "datagrams of %d bytes sent" % (count, size), (a0, a1))
    tap.ok(b1["bytes_recv"] - b0["bytes_recv"] >= sent and
           b1["packets_recv"] - b0["packets_recv"] >= count,
           "vB's bytes_recv and packets_recv grew by at least as much",
           (b0, b1))
    d0, d1 = parse_net_dev(dev_a0)[b"vA"], parse_net_dev(dev_a1)[b"vA"]
    tap.ok(all(d0[k] <= a0[k] and a1[k] <= d1[k] for k in d0),
           "vA's counters agree with the namespace's /proc/net/dev",
           (d0, a0, a1, d1))
    total = ostat_json(ostat, "net_io_counters", prefix=in_a)
    tap.ok(total["bytes_sent"] >= a1["bytes_sent"],
           "the namespace's total covers vA", (total, a1))

    # The overview and ifconfig show the namespace's interfaces.
    rc, out, err = run(in_a + [ostat, "ifconfig"])
    text = out.decode("utf-8", "replace")
    tap.ok(rc == 0 and text_problems(out) is None and
           re.search(r"^vA  up", text, re.M) and
           re.search(r"^\s+inet\s+192\.0\.2\.1  netmask 255\.255\.255\.0  "
                     r"broadcast 192\.0\.2\.255$", text, re.M) and
           re.search(r"^\s+inet6\s+fe80::1%vA  netmask", text, re.M),
           "ifconfig in a namespace: vA up with its addresses", text)
    rc, out, err = run(in_a + [ostat, "--interval", "0"])
    text = out.decode("utf-8", "replace")
    tap.ok(rc == 0 and re.search(r"^Network\s+", text, re.M) and
           re.search(r"^\s+vA\s+up\s+192\.0\.2\.1\s+sent ", text, re.M) and
           text_problems(out) is None and
           all(len(l) <= 80 for l in text.splitlines()),
           "the overview's Network section in a namespace", text)
    for args in (["net_if_addrs"], ["net_if_stats"],
                 ["net_io_counters", "--pernic"]):
        rc, out, _ = run(in_a + [ostat] + args)
        rows = len(out.splitlines()) - 1
        want = (sum(len(v) for v in
                    ostat_json(ostat, "net_if_addrs", prefix=in_a).values())
                if args == ["net_if_addrs"] else len(links))
        tap.ok(rc == 0 and text_problems(out) is None and rows == want,
               "%s in a namespace: one clean line per row" % args[0],
               out)


if __name__ == "__main__":
    sys.exit(clitest.main([test_usage, test_made_up_root, test_host,
                           test_namespaces]))
